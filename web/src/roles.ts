import type { OrganisationKind, Role } from './gql/graphql';

export type Portal = 'werkgever' | 'werknemer' | 'bedrijfsarts' | 're-integratie' | 'beheer';

export const PORTAL_OF_ROLE: Record<Role, Portal> = {
  HR_ADMIN: 'werkgever',
  CASE_MANAGER: 'werkgever',
  MANAGER: 'werkgever',
  EMPLOYEE: 'werknemer',
  COMPANY_DOCTOR: 'bedrijfsarts',
  REINTEGRATION_CONSULTANT: 're-integratie',
  PLATFORM_ADMIN: 'beheer',
};

/** When a user has several roles, he lands in the first portal of this order. */
const PRECEDENCE: Role[] = [
  'PLATFORM_ADMIN',
  'HR_ADMIN',
  'CASE_MANAGER',
  'MANAGER',
  'COMPANY_DOCTOR',
  'REINTEGRATION_CONSULTANT',
  'EMPLOYEE',
];

export function homePortal(roles: readonly Role[]): Portal | null {
  const role = PRECEDENCE.find((r) => roles.includes(r));
  return role ? PORTAL_OF_ROLE[role] : null;
}

export function mayUsePortal(roles: readonly Role[], portal: Portal): boolean {
  return roles.some((r) => PORTAL_OF_ROLE[r] === portal);
}

export const ALL_ROLES: Role[] = [
  'HR_ADMIN',
  'CASE_MANAGER',
  'MANAGER',
  'EMPLOYEE',
  'COMPANY_DOCTOR',
  'REINTEGRATION_CONSULTANT',
  'PLATFORM_ADMIN',
];

/** Roles an HR admin may hand out inside his own employer. */
export const EMPLOYER_INVITE_ROLES: Role[] = ['HR_ADMIN', 'CASE_MANAGER', 'MANAGER', 'EMPLOYEE'];

/** Roles the platform admin may invite into an organisation of each kind. */
export const ROLES_FOR_KIND: Record<OrganisationKind, Role[]> = {
  EMPLOYER: ['HR_ADMIN'],
  OCCUPATIONAL_HEALTH_SERVICE: ['COMPANY_DOCTOR'],
  REINTEGRATION_AGENCY: ['REINTEGRATION_CONSULTANT'],
  PLATFORM: ['PLATFORM_ADMIN'],
};

export const ORGANISATION_KINDS: OrganisationKind[] = [
  'EMPLOYER',
  'OCCUPATIONAL_HEALTH_SERVICE',
  'REINTEGRATION_AGENCY',
  'PLATFORM',
];

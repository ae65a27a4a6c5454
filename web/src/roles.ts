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
  HEALTH_SERVICE_ADMIN: 'beheer',
  AGENCY_ADMIN: 'beheer',
};

/** When a user has several roles, he lands in the first portal of this order. */
const PRECEDENCE: Role[] = [
  'PLATFORM_ADMIN',
  'HEALTH_SERVICE_ADMIN',
  'AGENCY_ADMIN',
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
  'HEALTH_SERVICE_ADMIN',
  'AGENCY_ADMIN',
];

/** Roles an HR admin may hand out inside his own employer. */
export const EMPLOYER_INVITE_ROLES: Role[] = ['HR_ADMIN', 'CASE_MANAGER', 'MANAGER', 'EMPLOYEE'];

/**
 * Roles the platform operator may invite into an organisation of each kind: only its
 * administrator (decision 76). The organisation's own administrators invite their people.
 */
export const ROLES_FOR_KIND: Record<OrganisationKind, Role[]> = {
  EMPLOYER: ['HR_ADMIN'],
  OCCUPATIONAL_HEALTH_SERVICE: ['HEALTH_SERVICE_ADMIN'],
  REINTEGRATION_AGENCY: ['AGENCY_ADMIN'],
  PLATFORM: ['PLATFORM_ADMIN'],
};

/** The administrators of a health service or agency, who manage their own organisation's people. */
export const ORGANISATION_ADMIN_ROLES: Role[] = ['HEALTH_SERVICE_ADMIN', 'AGENCY_ADMIN'];

/** Roles an organisation administrator may hand out inside his own health service or agency. */
export const ORGANISATION_INVITE_ROLES: Partial<Record<Role, Role[]>> = {
  HEALTH_SERVICE_ADMIN: ['COMPANY_DOCTOR', 'HEALTH_SERVICE_ADMIN'],
  AGENCY_ADMIN: ['REINTEGRATION_CONSULTANT', 'AGENCY_ADMIN'],
};

/** The roles `roles` (a health service or agency administrator's) may invite, without duplicates. */
export function organisationInviteRoles(roles: readonly Role[]): Role[] {
  const out: Role[] = [];
  for (const role of roles) for (const r of ORGANISATION_INVITE_ROLES[role] ?? []) if (!out.includes(r)) out.push(r);
  return out;
}

/** Administrators who set up their organisation's single sign-on (its own identity provider). */
export const SSO_ADMIN_ROLES: Role[] = ['HR_ADMIN', 'HEALTH_SERVICE_ADMIN', 'AGENCY_ADMIN'];

/** Administrators who read their organisation's administrative trail. */
export const TRAIL_ROLES: Role[] = ['HR_ADMIN', 'HEALTH_SERVICE_ADMIN', 'AGENCY_ADMIN', 'PLATFORM_ADMIN'];

export const ORGANISATION_KINDS: OrganisationKind[] = [
  'EMPLOYER',
  'OCCUPATIONAL_HEALTH_SERVICE',
  'REINTEGRATION_AGENCY',
  'PLATFORM',
];

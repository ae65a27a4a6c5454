import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { PortalShell, RequireRole } from './portals/PortalShell';
import { LoginPage } from './pages/LoginPage';
import { LoginAlias } from './pages/LoginAlias';
import { SsoLoginPage } from './sso/SsoLoginPage';
import { SingleSignOnPage } from './sso/SingleSignOnPage';
import { ScimPage } from './portals/employer/ScimPage';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RootRedirect } from './pages/RootRedirect';
import { EmployerHome } from './portals/employer/EmployerHome';
import { FiguresPage } from './figures/FiguresPage';
import { EmployeesPage } from './portals/employer/EmployeesPage';
import { DepartmentsPage } from './portals/employer/employees/DepartmentsPage';
import { ImportEmployeesPage } from './portals/employer/employees/ImportEmployeesPage';
import { EmployerUsersPage } from './portals/employer/EmployerUsersPage';
import { OrganisationPage } from './portals/employer/OrganisationPage';
import { ProvidersPage } from './portals/employer/ProvidersPage';
import { ReminderPoliciesPage } from './portals/employer/ReminderPoliciesPage';
import { CasePage } from './portals/employer/case/CasePage';
import { EmployeeHome } from './portals/shared/EmployeeHome';
import { MyCasePage } from './portals/employee/MyCasePage';
import { MedicalPage } from './portals/employee/MedicalPage';
import { DoctorHome } from './portals/doctor/DoctorHome';
import { DoctorCasePage } from './portals/doctor/DoctorCasePage';
import { AgencyHome } from './portals/agency/AgencyHome';
import { AgencyCasePage } from './portals/agency/AgencyCasePage';
import { SecurityPage } from './portals/shared/SecurityPage';
import { AdminUsersPage } from './portals/admin/AdminUsersPage';
import { BeheerHome } from './portals/admin/BeheerHome';
import { DoctorRequestsPage } from './portals/admin/DoctorRequestsPage';
import { AdminTrailPage } from './portals/shared/AdminTrailPage';
import { SSO_ADMIN_ROLES, TRAIL_ROLES } from './roles';

const security: RouteObject = { path: 'beveiliging', element: <SecurityPage /> };
/** "Beheerlogboek": the administrative trail, for the administrators of each portal. */
const trail: RouteObject = {
  path: 'logboek',
  element: (
    <RequireRole roles={TRAIL_ROLES}>
      <AdminTrailPage />
    </RequireRole>
  ),
};

// One route tree per portal; Dutch paths, as users see them in the address bar.
const routes: RouteObject[] = [
  { path: '/', element: <RootRedirect /> },
  { path: '/inloggen', element: <LoginPage /> },
  // Single sign-on: the server's callback sends the browser to /login/sso#ticket=… or
  // /login?sso=<reason>; both names work.
  { path: '/inloggen/sso', element: <SsoLoginPage /> },
  { path: '/login/sso', element: <SsoLoginPage /> },
  { path: '/login', element: <LoginAlias /> },
  { path: '/uitnodiging/:token', element: <AcceptInvitationPage /> },
  {
    path: '/werkgever',
    element: <PortalShell portal="werkgever" />,
    children: [
      { index: true, element: <EmployerHome /> },
      { path: 'verzuimcijfers', element: <FiguresPage /> },
      { path: 'dossiers/:caseId', element: <CasePage /> },
      { path: 'medewerkers', element: <EmployeesPage /> },
      {
        path: 'medewerkers/importeren',
        element: (
          <RequireRole roles={['HR_ADMIN']}>
            <ImportEmployeesPage />
          </RequireRole>
        ),
      },
      {
        path: 'medewerkers/afdelingen',
        element: (
          <RequireRole roles={['HR_ADMIN', 'CASE_MANAGER']}>
            <DepartmentsPage />
          </RequireRole>
        ),
      },
      {
        path: 'gebruikers',
        element: (
          <RequireRole roles={['HR_ADMIN']}>
            <EmployerUsersPage />
          </RequireRole>
        ),
      },
      {
        path: 'dienstverleners',
        element: (
          <RequireRole roles={['HR_ADMIN']}>
            <ProvidersPage />
          </RequireRole>
        ),
      },
      {
        path: 'organisatie',
        element: (
          <RequireRole roles={['HR_ADMIN']}>
            <OrganisationPage />
          </RequireRole>
        ),
      },
      {
        path: 'herinneringen',
        element: (
          <RequireRole roles={['HR_ADMIN', 'CASE_MANAGER']}>
            <ReminderPoliciesPage />
          </RequireRole>
        ),
      },
      {
        path: 'inlogdienst',
        element: (
          <RequireRole roles={SSO_ADMIN_ROLES}>
            <SingleSignOnPage />
          </RequireRole>
        ),
      },
      {
        path: 'personeelssysteem',
        element: (
          <RequireRole roles={['HR_ADMIN']}>
            <ScimPage />
          </RequireRole>
        ),
      },
      trail,
      security,
    ],
  },
  {
    path: '/werknemer',
    element: <PortalShell portal="werknemer" />,
    children: [{ index: true, element: <EmployeeHome /> }, { path: 'mijn-verzuim', element: <MyCasePage /> }, { path: 'medisch-dossier', element: <MedicalPage /> }, security],
  },
  {
    path: '/bedrijfsarts',
    element: <PortalShell portal="bedrijfsarts" />,
    children: [{ index: true, element: <DoctorHome /> }, { path: 'dossiers/:caseId', element: <DoctorCasePage /> }, security],
  },
  {
    path: '/re-integratie',
    element: <PortalShell portal="re-integratie" />,
    children: [{ index: true, element: <AgencyHome /> }, { path: 'dossiers/:caseId', element: <AgencyCasePage /> }, security],
  },
  {
    path: '/beheer',
    element: <PortalShell portal="beheer" />,
    children: [
      // The operator: organisations; the administrator of a health service or agency: his people.
      { index: true, element: <BeheerHome /> },
      {
        path: 'gebruikers',
        element: (
          <RequireRole roles={['PLATFORM_ADMIN']}>
            <AdminUsersPage />
          </RequireRole>
        ),
      },
      {
        path: 'artsaanvragen',
        element: (
          <RequireRole roles={['HEALTH_SERVICE_ADMIN']}>
            <DoctorRequestsPage />
          </RequireRole>
        ),
      },
      {
        path: 'inlogdienst',
        element: (
          <RequireRole roles={SSO_ADMIN_ROLES}>
            <SingleSignOnPage />
          </RequireRole>
        ),
      },
      trail,
      security,
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];

const router = createBrowserRouter(routes);

export function App() {
  return <RouterProvider router={router} />;
}

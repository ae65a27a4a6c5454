import { usePortal } from '../PortalShell';
import { OrganisationStaffPage } from './OrganisationStaffPage';
import { OrganisationsPage } from './OrganisationsPage';

/**
 * The start of the "beheer" portal: the platform operator manages organisations; the
 * administrator of a health service or agency manages his own people.
 */
export function BeheerHome() {
  const { me } = usePortal();
  return me.roles.includes('PLATFORM_ADMIN') ? <OrganisationsPage /> : <OrganisationStaffPage />;
}

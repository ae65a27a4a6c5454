import { Alert, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { InvitationsTable } from '../../components/InvitationsTable';
import { InviteUserForm } from '../../components/InviteUserForm';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { UsersTable } from '../../components/UsersTable';
import { OrganisationStaffDocument } from '../../identity/operations';
import { organisationInviteRoles } from '../../roles';
import { usePortal } from '../PortalShell';

/**
 * "Medewerkers" for the administrator of a health service or agency: he invites his own
 * people (doctors or consultants, and fellow administrators), sees the invitations, and resets
 * the authenticator app of someone who lost his phone. The platform operator cannot do this
 * for him (decision 76), so the page advises keeping a second administrator.
 */
export function OrganisationStaffPage() {
  const { t } = useTranslation();
  const { portalTitle, me } = usePortal();
  const roles = organisationInviteRoles(me.roles);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: OrganisationStaffDocument,
    context: useMemo(() => ({ additionalTypenames: ['User', 'Invitation'] }), []),
  });
  const administrators = (data?.users ?? []).filter((u) => u.roles.some((r) => r === 'HEALTH_SERVICE_ADMIN' || r === 'AGENCY_ADMIN'));

  return (
    <Page title={t('identity.staff.title')} context={portalTitle}>
      <Text>{t('identity.staff.intro', { organisation: me.organisation.name })}</Text>
      {data && administrators.length < 2 && (
        <Alert color="yellow" variant="light" icon={<span aria-hidden="true">!</span>} title={t('identity.staff.secondAdminTitle')}>
          {t('identity.staff.secondAdmin')}
        </Alert>
      )}
      <Stack gap="sm" component="section" aria-labelledby="staff-invite-heading">
        <Title order={3} size="h4" id="staff-invite-heading">
          {t('invite.title')}
        </Title>
        <InviteUserForm roles={roles} />
      </Stack>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && (
        <>
          <Stack gap="sm" component="section" aria-labelledby="staff-users-heading">
            <Title order={3} size="h4" id="staff-users-heading">
              {t('identity.staff.usersTitle', { organisation: me.organisation.name })}
            </Title>
            <UsersTable users={data.users} caption={t('users.caption')} canResetTotp currentUserId={me.id} />
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="staff-invitations-heading">
            <Title order={3} size="h4" id="staff-invitations-heading">
              {t('invitations.title')}
            </Title>
            <InvitationsTable invitations={data.invitations} caption={t('invitations.caption')} />
          </Stack>
        </>
      )}
    </Page>
  );
}

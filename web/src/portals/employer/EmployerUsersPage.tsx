import { Loader, Stack, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { OrganisationStaffDocument } from '../../identity/operations';
import { FormError } from '../../components/FormError';
import { InvitationsTable } from '../../components/InvitationsTable';
import { InviteUserForm } from '../../components/InviteUserForm';
import { Page } from '../../components/Page';
import { UsersTable } from '../../components/UsersTable';
import { errorMessage } from '../../errors';
import { EMPLOYER_INVITE_ROLES } from '../../roles';
import { usePortal } from '../PortalShell';

export function EmployerUsersPage() {
  const { t } = useTranslation();
  const { portalTitle, me } = usePortal();
  const [{ data, fetching, error }] = useQuery({
    query: OrganisationStaffDocument,
    context: useMemo(() => ({ additionalTypenames: ['User', 'Invitation'] }), []),
  });

  return (
    <Page title={t('users.title')} context={portalTitle}>
      <Stack gap="sm" component="section" aria-labelledby="invite-heading">
        <Title order={3} size="h4" id="invite-heading">
          {t('invite.title')}
        </Title>
        <InviteUserForm roles={EMPLOYER_INVITE_ROLES} />
      </Stack>
      <FormError message={errorMessage(t, error)} />
      {!data && fetching && <Loader aria-label={t('common.loading')} />}
      {data && (
        <>
          <Stack gap="sm" component="section" aria-labelledby="users-heading">
            <Title order={3} size="h4" id="users-heading">
              {t('users.listTitle')}
            </Title>
            <UsersTable users={data.users} caption={t('users.caption')} canResetTotp={me.roles.includes('HR_ADMIN')} currentUserId={me.id} />
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="invitations-heading">
            <Title order={3} size="h4" id="invitations-heading">
              {t('invitations.title')}
            </Title>
            <InvitationsTable invitations={data.invitations} caption={t('invitations.caption')} />
          </Stack>
        </>
      )}
    </Page>
  );
}

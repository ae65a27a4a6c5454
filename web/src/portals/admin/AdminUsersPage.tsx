import { Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { FormError } from '../../components/FormError';
import { InvitationsTable } from '../../components/InvitationsTable';
import { InviteUserForm } from '../../components/InviteUserForm';
import { Page } from '../../components/Page';
import { UsersTable } from '../../components/UsersTable';
import { errorMessage } from '../../errors';
import { ROLES_FOR_KIND } from '../../roles';
import { usePortal } from '../PortalShell';
import { AllOrganisationsDocument } from './OrganisationsPage';

const OrganisationUsersDocument = graphql(`
  query OrganisationUsers($organisationId: ID!) {
    users(organisationId: $organisationId) {
      id
      name
      email
      roles
      totpEnabled
      createdAt
    }
    invitations(organisationId: $organisationId) {
      id
      name
      email
      role
      expiresAt
      acceptedAt
      organisation {
        id
        name
      }
    }
  }
`);

/** Platform admin: users and invitations of one chosen organisation. */
export function AdminUsersPage() {
  const { t } = useTranslation();
  const { portalTitle, me } = usePortal();
  const [params, setParams] = useSearchParams();
  const [{ data: orgs, error: orgsError }] = useQuery({
    query: AllOrganisationsDocument,
    context: useMemo(() => ({ additionalTypenames: ['Organisation'] }), []),
  });
  const organisations = useMemo(
    () => [...(orgs?.organisations ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'nl')),
    [orgs?.organisations],
  );
  const selectedId = params.get('organisatie') ?? '';
  const selected = organisations.find((o) => o.id === selectedId);
  const [{ data, fetching, error }] = useQuery({
    query: OrganisationUsersDocument,
    variables: { organisationId: selectedId },
    pause: !selected,
    context: useMemo(() => ({ additionalTypenames: ['User', 'Invitation'] }), []),
  });
  const invitations = data?.invitations ?? [];

  return (
    <Page title={t('adminUsers.title')} context={portalTitle}>
      <FormError message={errorMessage(t, orgsError)} />
      <NativeSelect
        label={t('adminUsers.organisation')}
        value={selected ? selectedId : ''}
        onChange={(e) => setParams(e.currentTarget.value ? { organisatie: e.currentTarget.value } : {})}
        data={[
          { value: '', label: t('adminUsers.choose') },
          ...organisations.map((o) => ({ value: o.id, label: `${o.name} (${t(`kinds.${o.kind}`)})` })),
        ]}
        maw={480}
      />
      {!selected && <Text c="dimmed">{t('adminUsers.chooseHint')}</Text>}
      {selected && (
        <>
          <Stack gap="sm" component="section" aria-labelledby="admin-invite-heading">
            <Title order={3} size="h4" id="admin-invite-heading">
              {t('adminUsers.inviteTitle', { name: selected.name })}
            </Title>
            <Text size="sm" c="dimmed">
              {t('adminUsers.rolesHint', { kind: t(`kinds.${selected.kind}`) })}
            </Text>
            <InviteUserForm key={selected.id} roles={ROLES_FOR_KIND[selected.kind]} organisationId={selected.id} />
          </Stack>
          <FormError message={errorMessage(t, error)} />
          {!data && fetching && <Loader aria-label={t('common.loading')} />}
          {data && (
            <>
              <Stack gap="sm" component="section" aria-labelledby="admin-users-heading">
                <Title order={3} size="h4" id="admin-users-heading">
                  {t('adminUsers.usersOf', { name: selected.name })}
                </Title>
                {/* Resetting a second factor is for the organisation's own administrators (decision 76). */}
                <UsersTable users={data.users} caption={t('adminUsers.usersOf', { name: selected.name })} currentUserId={me.id} />
              </Stack>
              <Stack gap="sm" component="section" aria-labelledby="admin-invitations-heading">
                <Title order={3} size="h4" id="admin-invitations-heading">
                  {t('invitations.title')}
                </Title>
                <InvitationsTable invitations={invitations} caption={t('invitations.caption')} />
              </Stack>
            </>
          )}
        </>
      )}
    </Page>
  );
}

import { Anchor, Button, Group, Loader, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { OrganisationKind } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { errorMessage } from '../../errors';
import { ORGANISATION_KINDS } from '../../roles';
import { usePortal } from '../PortalShell';

export const AllOrganisationsDocument = graphql(`
  query AllOrganisations {
    organisations {
      id
      name
      kind
    }
  }
`);

const CreateOrganisationDocument = graphql(`
  mutation CreateOrganisation($name: String!, $kind: OrganisationKind!) {
    createOrganisation(name: $name, kind: $kind) {
      id
      name
      kind
    }
  }
`);

const context = { additionalTypenames: ['Organisation'] };

export function OrganisationsPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const [{ data, fetching, error }] = useQuery({ query: AllOrganisationsDocument, context: useMemo(() => context, []) });
  const organisations = useMemo(
    () => [...(data?.organisations ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'nl')),
    [data?.organisations],
  );

  return (
    <Page title={t('organisations.title')} context={portalTitle}>
      <Stack gap="sm" component="section" aria-labelledby="create-org-heading">
        <Title order={3} size="h4" id="create-org-heading">
          {t('organisations.createTitle')}
        </Title>
        <CreateOrganisationForm />
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="org-list-heading">
        <Title order={3} size="h4" id="org-list-heading">
          {t('organisations.listTitle')}
        </Title>
        <FormError message={errorMessage(t, error)} />
        {!data && fetching && <Loader aria-label={t('common.loading')} />}
        {data && organisations.length === 0 && <Text c="dimmed">{t('organisations.none')}</Text>}
        {organisations.length > 0 && (
          <ScrollTable caption={t('organisations.caption', { count: organisations.length })} minWidth={520}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('common.kind')}</Table.Th>
                <Table.Th scope="col">{t('nav.users')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {organisations.map((organisation) => (
                <Table.Tr key={organisation.id}>
                  <Table.Th scope="row" fw={500}>
                    {organisation.name}
                  </Table.Th>
                  <Table.Td>{t(`kinds.${organisation.kind}`)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`gebruikers?organisatie=${encodeURIComponent(organisation.id)}`}>
                      {t('organisations.showUsers', { name: organisation.name })}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </ScrollTable>
        )}
      </Stack>
    </Page>
  );
}

function CreateOrganisationForm() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganisationKind>('EMPLOYER');
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateOrganisationDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNameError(null);
    if (!name.trim()) {
      setNameError(t('form.required'));
      return;
    }
    const result = await create({ name: name.trim(), kind }, context);
    if (result.error || !result.data) {
      setError(errorMessage(t, result.error));
      return;
    }
    notifications.show({
      color: 'green',
      title: t('organisations.createdTitle'),
      message: t('organisations.created', { name: result.data.createOrganisation.name }),
    });
    setName('');
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={error} />
        <Group grow align="flex-start" wrap="wrap" preventGrowOverflow={false}>
          <TextInput
            label={t('organisations.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            required
            autoComplete="organization"
            miw={220}
          />
          <NativeSelect
            label={t('common.kind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as OrganisationKind)}
            data={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            miw={220}
          />
        </Group>
        <Group>
          <Button type="submit" loading={fetching}>
            {t('organisations.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

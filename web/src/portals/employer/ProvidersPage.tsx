import { Badge, Button, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { OrganisationKind } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate } from '../../dates';
import { errorMessage } from '../../errors';
import { usePortal } from '../PortalShell';

const ProvidersDocument = graphql(`
  query Providers {
    healthServices: organisations(kind: OCCUPATIONAL_HEALTH_SERVICE) {
      id
      name
      kind
    }
    agencies: organisations(kind: REINTEGRATION_AGENCY) {
      id
      name
      kind
    }
    engagements {
      id
      since
      provider {
        id
        name
        kind
      }
    }
  }
`);

const EngageProviderDocument = graphql(`
  mutation EngageProvider($organisationId: ID!) {
    engageProvider(organisationId: $organisationId) {
      id
      since
      provider {
        id
        name
        kind
      }
    }
  }
`);

const context = { additionalTypenames: ['Engagement', 'Organisation'] };

type Provider = { id: string; name: string; kind: OrganisationKind };
type Engaged = { since: string };

function Directory({
  caption,
  providers,
  engaged,
  onEngage,
  busy,
}: {
  caption: string;
  providers: Provider[];
  engaged: Map<string, Engaged>;
  onEngage: (provider: Provider) => void;
  busy: string | null;
}) {
  const { t } = useTranslation();
  if (providers.length === 0) return <Text c="dimmed">{t('providers.noneAvailable')}</Text>;
  return (
    <ScrollTable caption={caption} minWidth={480}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('common.name')}</Table.Th>
          <Table.Th scope="col">{t('common.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {providers.map((provider) => {
          const engagement = engaged.get(provider.id);
          return (
            <Table.Tr key={provider.id}>
              <Table.Th scope="row" fw={500}>
                {provider.name}
              </Table.Th>
              <Table.Td>
                {engagement ? (
                  <Badge color="green" variant="light" leftSection={<span aria-hidden="true">✓</span>}>
                    {t('providers.engagedSince', { date: formatDate(engagement.since) })}
                  </Badge>
                ) : (
                  <Button
                    size="compact-sm"
                    onClick={() => onEngage(provider)}
                    loading={busy === provider.id}
                    aria-label={t('providers.engageNamed', { name: provider.name })}
                  >
                    {t('providers.engage')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ScrollTable>
  );
}

export function ProvidersPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const [{ data, fetching, error }] = useQuery({ query: ProvidersDocument, context: useMemo(() => context, []) });
  const [, engage] = useMutation(EngageProviderDocument);
  const [busy, setBusy] = useState<string | null>(null);
  const [engageError, setEngageError] = useState<string | null>(null);

  const engaged = useMemo(
    () => new Map((data?.engagements ?? []).map((e) => [e.provider.id, { since: e.since }])),
    [data?.engagements],
  );

  async function onEngage(provider: Provider) {
    setBusy(provider.id);
    setEngageError(null);
    const result = await engage({ organisationId: provider.id }, context);
    setBusy(null);
    if (result.error) {
      setEngageError(errorMessage(t, result.error));
      return;
    }
    notifications.show({ color: 'green', title: t('providers.engagedTitle'), message: t('providers.engaged', { name: provider.name }) });
  }

  return (
    <Page title={t('providers.title')} context={portalTitle}>
      <Text>{t('providers.intro')}</Text>
      <FormError message={errorMessage(t, error) ?? engageError} />
      {!data && fetching && <Loader aria-label={t('common.loading')} />}
      {data && (
        <>
          <Stack gap="sm" component="section" aria-labelledby="engagements-heading">
            <Title order={3} size="h4" id="engagements-heading">
              {t('providers.engagementsTitle')}
            </Title>
            {data.engagements.length === 0 ? (
              <Text c="dimmed">{t('providers.noEngagements')}</Text>
            ) : (
              <ScrollTable caption={t('providers.engagementsCaption')} minWidth={480}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('common.name')}</Table.Th>
                    <Table.Th scope="col">{t('common.kind')}</Table.Th>
                    <Table.Th scope="col">{t('providers.since')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.engagements.map((engagement) => (
                    <Table.Tr key={engagement.id}>
                      <Table.Th scope="row" fw={500}>
                        {engagement.provider.name}
                      </Table.Th>
                      <Table.Td>{t(`kinds.${engagement.provider.kind}`)}</Table.Td>
                      <Table.Td>{formatDate(engagement.since)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </ScrollTable>
            )}
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="health-heading">
            <Title order={3} size="h4" id="health-heading">
              {t('kindsPlural.OCCUPATIONAL_HEALTH_SERVICE')}
            </Title>
            <Directory caption={t('providers.healthCaption')} providers={data.healthServices} engaged={engaged} onEngage={onEngage} busy={busy} />
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="agencies-heading">
            <Title order={3} size="h4" id="agencies-heading">
              {t('kindsPlural.REINTEGRATION_AGENCY')}
            </Title>
            <Directory caption={t('providers.agenciesCaption')} providers={data.agencies} engaged={engaged} onEngage={onEngage} busy={busy} />
          </Stack>
        </>
      )}
    </Page>
  );
}

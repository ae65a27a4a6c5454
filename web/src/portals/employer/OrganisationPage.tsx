import { List, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { errorMessage } from '../../errors';
import { usePortal } from '../PortalShell';

const OrganisationDocument = graphql(`
  query OrganisationSettings {
    me {
      id
      organisation {
        id
        name
        ownRiskCarrier
      }
    }
  }
`);

const SetOwnRiskCarrierDocument = graphql(`
  mutation SetOwnRiskCarrier($ownRiskCarrier: Boolean!) {
    setOwnRiskCarrier(ownRiskCarrier: $ownRiskCarrier) {
      id
      ownRiskCarrier
    }
  }
`);

const context = { additionalTypenames: ['Organisation'] };

/** The employer's own settings: for now its own-risk status, which sets how long its absence
 * files are kept (decision 75). */
export function OrganisationPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const [{ data, fetching, error }] = useQuery({ query: OrganisationDocument, context: useMemo(() => context, []) });
  const [{ fetching: saving }, save] = useMutation(SetOwnRiskCarrierDocument);
  const [saveError, setSaveError] = useState<string | null>(null);
  const organisation = data?.me.organisation;

  async function onChange(ownRiskCarrier: boolean) {
    setSaveError(null);
    const result = await save({ ownRiskCarrier }, context);
    if (result.error) {
      setSaveError(errorMessage(t, result.error));
      return;
    }
    notifications.show({ color: 'green', message: t('organisation.saved') });
  }

  return (
    <Page title={t('organisation.title')} context={portalTitle}>
      <FormError message={errorMessage(t, error) ?? saveError} />
      {!data && fetching && <Loader aria-label={t('common.loading')} />}
      {organisation && (
        <Stack gap="md" component="section" aria-labelledby="retention-heading">
          <Title order={3} size="h4" id="retention-heading">
            {t('organisation.retentionTitle')}
          </Title>
          <Switch
            checked={organisation.ownRiskCarrier}
            disabled={saving}
            onChange={(event) => void onChange(event.currentTarget.checked)}
            label={t('organisation.ownRiskCarrier')}
            description={t('organisation.ownRiskCarrierHelp')}
          />
          <Text>{t('organisation.retentionIntro')}</Text>
          <List>
            <List.Item>
              {organisation.ownRiskCarrier ? t('organisation.absenceOwnRisk') : t('organisation.absence')}
            </List.Item>
            <List.Item>{t('organisation.medical')}</List.Item>
            <List.Item>{t('organisation.accessLog')}</List.Item>
          </List>
        </Stack>
      )}
    </Page>
  );
}

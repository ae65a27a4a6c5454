import { Alert, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { MyAccountEventsDocument } from '../../identity/operations';
import { TrailList } from '../../identity/TrailList';
import { Page } from '../../components/Page';
import { TotpEnrolment } from '../../components/TotpEnrolment';
import { PasskeyEnrolment, PasskeyList } from '../../auth/PasskeyEnrolment';
import { YesNo } from '../../components/YesNo';
import { NotificationSettings } from '../../reminders/NotificationSettings';
import { usePortal } from '../PortalShell';

/**
 * "Beveiliging en meldingen": two-step verification status and enrolment, and the user's
 * reminder settings and calendar feed, in every portal. The platform administrator has no
 * cases and so no reminders: his page is about security only.
 */
export function SecurityPage() {
  const { t } = useTranslation();
  const { me, portal, portalTitle } = usePortal();
  const reminders = portal !== 'beheer';
  return (
    <Page title={reminders ? t('reminders.account.title') : t('security.title')} context={portalTitle}>
      <Stack gap="sm" component="section" aria-labelledby="totp-heading">
        <Title order={3} size="h4" id="totp-heading">
          {t('security.totpTitle')}
        </Title>
        <Text>
          {t('security.status')}{' '}
          <YesNo value={me.totpEnabled} yes={t('users.totpOn')} no={t('users.totpOff')} />
        </Text>
        {me.totpEnabled ? (
          <Alert color="green" variant="light" icon={<span aria-hidden="true">✓</span>}>
            {t('security.totpActive')}
          </Alert>
        ) : (
          <TotpEnrolment />
        )}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="passkeys-heading">
        <Title order={3} size="h4" id="passkeys-heading">
          {t('passkeys.title')}
        </Title>
        {me.roles.includes('COMPANY_DOCTOR') && <Text size="sm">{t('passkeys.doctorHint')}</Text>}
        <PasskeyList />
        <PasskeyEnrolment />
      </Stack>
      {reminders && <NotificationSettings me={me} />}
      <AccountEvents />
    </Page>
  );
}

/** Account events shown of the newest LIMIT: at first STEP, more on request. */
const STEP = 20;
const LIMIT = 200;

/**
 * "Wat er met uw account is gebeurd": invitations, second-factor resets, medical verification,
 * by whom — so a user notices when someone else changed his account.
 */
function AccountEvents() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(STEP);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyAccountEventsDocument,
    variables: { first: LIMIT },
    requestPolicy: 'cache-and-network',
  });
  const entries = data?.myAccountEvents ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="account-events-heading">
      <Title order={3} size="h4" id="account-events-heading">
        {t('identity.events.title')}
      </Title>
      <Text>{t('identity.events.intro')}</Text>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && (
        <TrailList
          entries={entries.slice(0, shown)}
          caption={t('identity.events.title')}
          emptyText={t('identity.events.empty')}
          hasMore={entries.length > shown}
          onMore={() => setShown((n) => n + STEP)}
        />
      )}
    </Stack>
  );
}

import { Alert, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from '../../components/Page';
import { TotpEnrolment } from '../../components/TotpEnrolment';
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
      {reminders && <NotificationSettings me={me} />}
    </Page>
  );
}

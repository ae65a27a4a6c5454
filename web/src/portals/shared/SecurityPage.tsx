import { Alert, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from '../../components/Page';
import { TotpEnrolment } from '../../components/TotpEnrolment';
import { YesNo } from '../../components/YesNo';
import { usePortal } from '../PortalShell';

/** "Beveiliging": two-step verification status and enrolment, in every portal. */
export function SecurityPage() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  return (
    <Page title={t('security.title')} context={portalTitle}>
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
    </Page>
  );
}

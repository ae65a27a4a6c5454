import { Anchor, Button, Group, SimpleGrid, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { CaseListDocument, caseContext } from '../../cases/operations';
import { formatDate } from '../../dates';
import { Page } from '../../components/Page';
import { YesNo } from '../../components/YesNo';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { usePortal } from '../PortalShell';
import { AccountDetails } from './AccountDetails';
import { SectionCard } from '../../components/SectionCard';

/** Employee portal start: his absence (report sick or recovered), his own details and the state
 * of his account security. */
export function EmployeeHome() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  return (
    <Page title={t('employeeHome.title')} context={portalTitle}>
      <Text>{t('employeeHome.welcome', { name: me.name })}</Text>
      <MyCaseCard />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <AccountDetails me={me} title={t('employeeHome.details')} />
        <SectionCard headingId="security-heading" padding="lg" title={t('security.title')}>
          <Text>
            {t('security.status')}{' '}
            <YesNo value={me.totpEnabled} yes={t('users.totpOn')} no={t('users.totpOff')} />
          </Text>
          <Text>{me.totpEnabled ? t('employeeHome.securityOn') : t('employeeHome.securityOff')}</Text>
          <Anchor component={Link} to="beveiliging">
            {t('employeeHome.toSecurity')}
          </Anchor>
        </SectionCard>
      </SimpleGrid>
    </Page>
  );
}

/**
 * His absence first (on a phone the first thing he sees): when he is sick, since when and the
 * way to report himself recovered; otherwise the way to report himself sick. Both lead to
 * "Mijn verzuim", which opens the form asked for.
 */
function MyCaseCard() {
  const { t } = useTranslation();
  const context = useMemo(() => caseContext, []);
  const [{ data }] = useQuery({ query: CaseListDocument, variables: { first: 1, sort: 'SICK_SINCE_DESC' }, context });
  if (!data) return null;
  const latest = data.cases.edges[0]?.node;
  const sick = latest?.status === 'OPEN';
  return (
    <SectionCard headingId="my-case-heading" padding="lg" title={t('employeeCase.title')}>
      <Text>
        {!latest
          ? t('employeeCase.home.notSick')
          : sick
            ? t('employeeCase.home.text', { date: formatDate(latest.sickSince) })
            : t('employeeCase.home.closed', { date: formatDate(latest.sickSince) })}
      </Text>
      <Group gap="sm">
        <Button
          component={Link}
          to="mijn-verzuim"
          state={sick ? { reportRecovery: true } : { reportSick: true }}
          size="lg"
          w={{ base: '100%', sm: 'auto' }}
          styles={WRAPPING_BUTTON}
        >
          {sick ? t('employeeCase.home.reportRecovery') : t('employeeCase.home.reportSick')}
        </Button>
      </Group>
      {latest && (
        <Anchor component={Link} to="mijn-verzuim">
          {t('employeeCase.home.link')}
        </Anchor>
      )}
    </SectionCard>
  );
}

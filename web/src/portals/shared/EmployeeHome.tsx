import { Anchor, SimpleGrid, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { CaseListDocument, caseContext } from '../../cases/operations';
import { formatDate } from '../../dates';
import { Page } from '../../components/Page';
import { YesNo } from '../../components/YesNo';
import { usePortal } from '../PortalShell';
import { AccountDetails } from './AccountDetails';
import { SectionCard } from '../../components/SectionCard';

/** Employee portal start: his own details and the state of his account security. */
export function EmployeeHome() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  return (
    <Page title={t('employeeHome.title')} context={portalTitle}>
      <Text>{t('employeeHome.welcome', { name: me.name })}</Text>
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
      <MyCaseCard />
    </Page>
  );
}

/** A link to "Mijn verzuim" when he has a case (his latest one); nothing otherwise. */
function MyCaseCard() {
  const { t } = useTranslation();
  const context = useMemo(() => caseContext, []);
  const [{ data }] = useQuery({ query: CaseListDocument, variables: { first: 1, sort: 'SICK_SINCE_DESC' }, context });
  const latest = data?.cases.edges[0]?.node;
  if (!latest) return null;
  return (
    <SectionCard headingId="my-case-heading" padding="lg" title={t('employeeCase.title')}>
      <Text>
        {latest.status === 'OPEN'
          ? t('employeeCase.home.text', { date: formatDate(latest.sickSince) })
          : t('employeeCase.home.closed', { date: formatDate(latest.sickSince) })}
      </Text>
      <Anchor component={Link} to="mijn-verzuim">
        {t('employeeCase.home.link')}
      </Anchor>
    </SectionCard>
  );
}

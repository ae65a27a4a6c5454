import { Anchor, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { MyTasks } from '../../reminders/MyTasks';
import { usePortal } from '../PortalShell';
import { AccountDetails } from './AccountDetails';
import { OrganisationCard } from './OrganisationCard';

/** Start page of the company doctor and agency portals. */
export function ProviderHome() {
  const { t } = useTranslation();
  const { me, portal, portalTitle } = usePortal();
  return (
    <Page title={t('providerHome.title')} context={portalTitle}>
      <Text>{t('providerHome.welcome', { name: me.name })}</Text>
      {/* The agency has no case pages yet: its tasks carry no link. */}
      <MyTasks />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <OrganisationCard me={me} />
        <AccountDetails me={me} title={t('providerHome.account')} />
      </SimpleGrid>
      <Text>
        {t(portal === 'bedrijfsarts' ? 'providerHome.doctorText' : 'providerHome.agencyText')}{' '}
        <Anchor component={Link} to="beveiliging">
          {t('nav.security')}
        </Anchor>
      </Text>
      <Text size="sm" c="dimmed">
        {t('providerHome.casesNote')}
      </Text>
    </Page>
  );
}

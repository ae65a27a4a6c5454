import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { YesNo } from '../../components/YesNo';
import type { Me } from '../PortalShell';
import { SectionCard } from '../../components/SectionCard';

/** The signed-in user's own details, as a labelled two-column table. */
export function AccountDetails({ me, title }: { me: Me; title: string }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="account-heading" padding="lg" title={title}>
      <Table variant="vertical" layout="fixed" withTableBorder={false} className="account-table">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w="42%">{t('common.name')}</Table.Th>
            <Table.Td>{me.name}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('common.email')}</Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{me.email}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('common.organisation')}</Table.Th>
            <Table.Td>{me.organisation.name}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('users.roles')}</Table.Th>
            <Table.Td>{me.roles.map((role) => t(`roles.${role}`)).join(', ')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('users.totp')}</Table.Th>
            <Table.Td>
              <YesNo value={me.totpEnabled} yes={t('users.totpOn')} no={t('users.totpOff')} />
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </SectionCard>
  );
}

import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../gql/graphql';
import { formatDate } from '../dates';
import { ScrollTable } from './ScrollTable';
import { YesNo } from './YesNo';

interface Row {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  totpEnabled: boolean;
  createdAt: string;
}

export function UsersTable({ users, caption }: { users: Row[]; caption: string }) {
  const { t } = useTranslation();
  if (users.length === 0) return <Text c="dimmed">{t('users.none')}</Text>;
  return (
    <ScrollTable caption={caption} minWidth={640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('common.name')}</Table.Th>
          <Table.Th scope="col">{t('common.email')}</Table.Th>
          <Table.Th scope="col">{t('users.roles')}</Table.Th>
          <Table.Th scope="col">{t('users.totp')}</Table.Th>
          <Table.Th scope="col">{t('users.createdAt')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {users.map((user) => (
          <Table.Tr key={user.id}>
            <Table.Td>{user.name}</Table.Td>
            <Table.Td>{user.email}</Table.Td>
            <Table.Td>{user.roles.map((role) => t(`roles.${role}`)).join(', ')}</Table.Td>
            <Table.Td>
              <YesNo value={user.totpEnabled} yes={t('users.totpOn')} no={t('users.totpOff')} />
            </Table.Td>
            <Table.Td>{formatDate(user.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../gql/graphql';
import { formatDate, isPast } from '../dates';
import { ScrollTable } from './ScrollTable';

interface Row {
  id: string;
  name: string;
  email: string;
  role: Role;
  expiresAt: string;
  acceptedAt?: string | null;
}

function Status({ invitation }: { invitation: Row }) {
  const { t } = useTranslation();
  if (invitation.acceptedAt)
    return (
      <Badge color="green" variant="light" leftSection={<span aria-hidden="true">✓</span>}>
        {t('invitations.accepted', { date: formatDate(invitation.acceptedAt) })}
      </Badge>
    );
  if (isPast(invitation.expiresAt))
    return (
      <Badge color="red" variant="light" leftSection={<span aria-hidden="true">✕</span>}>
        {t('invitations.expired')}
      </Badge>
    );
  return (
    <Badge color="blue" variant="light" leftSection={<span aria-hidden="true">…</span>}>
      {t('invitations.open')}
    </Badge>
  );
}

export function InvitationsTable({ invitations, caption }: { invitations: Row[]; caption: string }) {
  const { t } = useTranslation();
  if (invitations.length === 0) return <Text c="dimmed">{t('invitations.none')}</Text>;
  return (
    <ScrollTable caption={caption} minWidth={640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('common.name')}</Table.Th>
          <Table.Th scope="col">{t('common.email')}</Table.Th>
          <Table.Th scope="col">{t('common.role')}</Table.Th>
          <Table.Th scope="col">{t('invitations.expiresAt')}</Table.Th>
          <Table.Th scope="col">{t('common.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {invitations.map((invitation) => (
          <Table.Tr key={invitation.id}>
            <Table.Td>{invitation.name}</Table.Td>
            <Table.Td>{invitation.email}</Table.Td>
            <Table.Td>{t(`roles.${invitation.role}`)}</Table.Td>
            <Table.Td>{formatDate(invitation.expiresAt)}</Table.Td>
            <Table.Td>
              <Status invitation={invitation} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

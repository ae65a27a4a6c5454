import { Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { formatDate } from '../dates';
import { errorMessage } from '../errors';
import { ScrollTable } from './ScrollTable';
import { YesNo } from './YesNo';

const ResetTotpDocument = graphql(`
  mutation ResetTotp($userId: ID!) {
    resetTotp(userId: $userId) {
      id
      totpEnabled
    }
  }
`);

interface Row {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  totpEnabled: boolean;
  createdAt: string;
}

/**
 * Users of an organisation. Administrators (`canResetTotp`) may reset the authenticator app of
 * someone who lost his phone — not their own: the server refuses that, and the button is not
 * offered. Resetting asks for a confirmation in the same row, because it also logs the user out.
 */
export function UsersTable({
  users,
  caption,
  canResetTotp = false,
  currentUserId,
}: {
  users: Row[];
  caption: string;
  canResetTotp?: boolean;
  currentUserId?: string;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [{ fetching }, resetTotp] = useMutation(ResetTotpDocument);

  async function reset(user: Row) {
    const result = await resetTotp({ userId: user.id });
    setConfirming(null);
    if (result.error) {
      notifications.show({ color: 'red', title: t('users.resetTotpFailed'), message: errorMessage(t, result.error) });
      return;
    }
    // An employee's medical file closes too, until his company doctor verifies him again.
    const message = user.roles.includes('EMPLOYEE')
      ? `${t('users.resetTotpDone', { name: user.name })} ${t('identity.access.resetSuspends')}`
      : t('users.resetTotpDone', { name: user.name });
    notifications.show({ color: 'green', title: t('users.resetTotpDoneTitle'), message });
  }

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
          {canResetTotp && <Table.Th scope="col">{t('users.actions')}</Table.Th>}
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
            {canResetTotp && (
              <Table.Td>
                {user.totpEnabled && user.id !== currentUserId && confirming !== user.id && (
                  <Button
                    size="compact-sm"
                    variant="default"
                    aria-label={t('users.resetTotpLabel', { name: user.name })}
                    onClick={() => setConfirming(user.id)}
                  >
                    {t('users.resetTotp')}
                  </Button>
                )}
                {confirming === user.id && (
                  <Group gap="xs" wrap="nowrap" role="group" aria-label={t('users.resetTotpConfirmLabel', { name: user.name })}>
                    <Button size="compact-sm" color="red" loading={fetching} onClick={() => reset(user)}>
                      {t('users.resetTotpConfirm')}
                    </Button>
                    <Button size="compact-sm" variant="default" onClick={() => setConfirming(null)}>
                      {t('common.cancel')}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { errorField, errorMessage } from '../errors';
import { FormError } from './FormError';

const InviteUserDocument = graphql(`
  mutation InviteUser($email: String!, $name: String!, $role: Role!, $organisationId: ID) {
    inviteUser(email: $email, name: $name, role: $role, organisationId: $organisationId) {
      id
      email
      name
      role
      expiresAt
      acceptedAt
      organisation {
        id
        name
        kind
      }
    }
  }
`);

/** Invites a user by e-mail; `organisationId` only for the platform admin. */
export function InviteUserForm({ roles, organisationId }: { roles: Role[]; organisationId?: string }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  // With several roles to choose from there is no default: inviting someone as HR admin by
  // accident must not be one click away.
  const [role, setRole] = useState<Role | ''>(roles.length === 1 ? roles[0] : '');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [{ fetching }, invite] = useMutation(InviteUserDocument);
  const currentRole: Role | '' = role !== '' && roles.includes(role) ? role : roles.length === 1 ? roles[0] : '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldError(null);
    if (!name.trim()) {
      setFieldError({ field: 'name', message: t('form.required') });
      return;
    }
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setFieldError({ field: 'email', message: t('errors.INVALID_EMAIL') });
      return;
    }
    if (currentRole === '') {
      setFieldError({ field: 'role', message: t('form.required') });
      return;
    }
    const result = await invite(
      { name: name.trim(), email: email.trim(), role: currentRole, organisationId: organisationId ?? null },
      { additionalTypenames: ['Invitation'] },
    );
    if (result.error || !result.data) {
      const message = errorMessage(t, result.error);
      const field = errorField(result.error);
      if (message && (field === 'email' || field === 'name' || field === 'role')) setFieldError({ field, message });
      else setError(message);
      return;
    }
    notifications.show({
      color: 'green',
      title: t('invite.sentTitle'),
      message: t('invite.sent', { name: result.data.inviteUser.name, email: result.data.inviteUser.email }),
    });
    setName('');
    setEmail('');
    if (roles.length > 1) setRole('');
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={error} />
        <Group grow align="flex-start" wrap="wrap" preventGrowOverflow={false}>
          <TextInput
            label={t('invite.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError?.field === 'name' ? fieldError.message : undefined}
            autoComplete="off"
            required
            miw={200}
          />
          <TextInput
            label={t('invite.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError?.field === 'email' ? fieldError.message : undefined}
            autoComplete="off"
            required
            miw={200}
          />
          <NativeSelect
            label={t('invite.role')}
            value={currentRole}
            onChange={(e) => setRole(e.currentTarget.value as Role | '')}
            data={[
              ...(roles.length > 1 ? [{ value: '', label: t('invite.chooseRole') }] : []),
              ...roles.map((r) => ({ value: r, label: t(`roles.${r}`) })),
            ]}
            error={fieldError?.field === 'role' ? fieldError.message : undefined}
            required
            miw={200}
          />
        </Group>
        <Group>
          <Button type="submit" loading={fetching}>
            {t('invite.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

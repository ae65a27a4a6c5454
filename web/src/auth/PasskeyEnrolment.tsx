import { Alert, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { FormError } from '../components/FormError';
import { errorMessage } from '../errors';
import { MeDocument } from '../graphql/operations';
import { formatDate } from '../dates';
import { clearMfaEnrollmentRequired, refreshSession } from './session';
import { createPasskey, passkeysSupported } from './webauthn';

const StartPasskeyRegistrationDocument = graphql(`
  mutation StartPasskeyRegistration {
    startPasskeyRegistration {
      id
      options
    }
  }
`);

const FinishPasskeyRegistrationDocument = graphql(`
  mutation FinishPasskeyRegistration($challengeId: String!, $credential: String!, $name: String!) {
    finishPasskeyRegistration(challengeId: $challengeId, credential: $credential, name: $name) {
      id
      name
    }
  }
`);

export const PasskeysDocument = graphql(`
  query Passkeys {
    passkeys {
      id
      name
      createdAt
      lastUsedAt
    }
  }
`);

const RemovePasskeyDocument = graphql(`
  mutation RemovePasskey($id: ID!) {
    removePasskey(id: $id)
  }
`);

/** The browser's refusal (the user closed the dialog, or no authenticator answered). */
function cancelled(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'AbortError');
}

/**
 * Adds a passkey: the server's options go to the browser's passkey dialog (phone, laptop,
 * security key), its answer back to the server. Afterwards the tokens are refreshed so the
 * access token carries the verified second factor, as after setting up an authenticator app.
 */
export function PasskeyEnrolment({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [name, setName] = useState(() => t('passkeys.defaultName'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const [, start] = useMutation(StartPasskeyRegistrationDocument);
  const [, finish] = useMutation(FinishPasskeyRegistrationDocument);

  if (!passkeysSupported()) return <Text c="dimmed">{t('passkeys.unsupported')}</Text>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setAdded(null);
    if (!name.trim()) {
      setError(t('passkeys.nameRequired'));
      return;
    }
    setBusy(true);
    try {
      const started = await start({});
      const challenge = started.data?.startPasskeyRegistration;
      if (started.error || !challenge) {
        setError(errorMessage(t, started.error));
        return;
      }
      let credential: string;
      try {
        credential = await createPasskey(challenge.options);
      } catch (e) {
        setError(cancelled(e) ? t('passkeys.cancelled') : t('passkeys.failed'));
        return;
      }
      const finished = await finish({ challengeId: challenge.id, credential, name: name.trim() });
      if (finished.error || !finished.data) {
        setError(errorMessage(t, finished.error));
        return;
      }
      setAdded(finished.data.finishPasskeyRegistration.name);
      await refreshSession();
      clearMfaEnrollmentRequired();
      await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
      await client.query(PasskeysDocument, {}, { requestPolicy: 'network-only' }).toPromise();
      onDone?.();
    } catch {
      setError(t('errors.SESSION_EXPIRED'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
      <Text>{t('passkeys.intro')}</Text>
      <TextInput label={t('passkeys.name')} description={t('passkeys.nameHint')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={60} required maw={360} />
      <FormError message={error} />
      {added && (
        <Alert color="green" role="status">
          {t('passkeys.added', { name: added })}
        </Alert>
      )}
      <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>
        {t('passkeys.add')}
      </Button>
      </Stack>
    </form>
  );
}

/** The user's passkeys, each with its last use and a remove button. */
export function PasskeyList() {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: PasskeysDocument, context: useMemo(() => ({ additionalTypenames: ['Passkey'] }), []) });
  const [removal, remove] = useMutation(RemovePasskeyDocument);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const keys = data?.passkeys ?? [];
  if (error) return <FormError message={errorMessage(t, error)} />;
  if (keys.length === 0) return <Text c="dimmed">{t('passkeys.none')}</Text>;

  async function onRemove(id: string) {
    setRemoveError(null);
    const result = await remove({ id }, { additionalTypenames: ['Passkey'] });
    if (result.error) setRemoveError(errorMessage(t, result.error));
  }

  return (
    <Stack gap="xs">
      <FormError message={removeError} />
      <List listStyleType="none" spacing="sm" aria-label={t('passkeys.caption')}>
        {keys.map((key) => (
          <List.Item key={key.id}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={0}>
                <Text fw={600}>{key.name}</Text>
                <Text size="sm" c="dimmed">
                  {t('passkeys.usage', {
                    created: formatDate(key.createdAt),
                    used: key.lastUsedAt ? formatDate(key.lastUsedAt) : t('passkeys.never'),
                  })}
                </Text>
              </Stack>
              <Button variant="outline" color="red" size="xs" loading={removal.fetching} onClick={() => onRemove(key.id)} aria-label={t('passkeys.removeNamed', { name: key.name })}>
                {t('passkeys.remove')}
              </Button>
            </Group>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

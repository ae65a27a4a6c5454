import { Alert, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { clearMfaEnrollmentRequired, refreshSession } from '../auth/session';
import { errorMessage } from '../errors';
import { ConfirmTotpDocument, EnrollTotpDocument, MeDocument } from '../graphql/operations';
import { CodeInput } from './CodeInput';
import { CopyValueButton } from './CopyField';
import { FormError } from './FormError';

/**
 * Sets up two-step verification: enrollTotp gives a secret, the user adds it to an
 * authenticator app and confirms with a code. Afterwards the tokens are refreshed so the new
 * access token carries the verified second factor.
 */
export function TotpEnrolment({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [enrolment, enroll] = useMutation(EnrollTotpDocument);
  const [confirmation, confirm] = useMutation(ConfirmTotpDocument);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const secret = enrolment.data?.enrollTotp;

  async function start() {
    setError(null);
    const result = await enroll({});
    if (result.error) setError(errorMessage(t, result.error));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!/^\d{6}$/.test(code)) {
      setError(t('totp.codeFormat'));
      return;
    }
    const result = await confirm({ code });
    if (result.error) {
      setError(errorMessage(t, result.error));
      return;
    }
    if (!result.data?.confirmTotp) {
      setError(t('errors.MFA_INVALID'));
      setCode('');
      return;
    }
    setFinishing(true);
    try {
      await refreshSession();
      clearMfaEnrollmentRequired();
      await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
      onDone?.();
    } catch {
      setError(t('errors.SESSION_EXPIRED'));
    } finally {
      setFinishing(false);
    }
  }

  if (!secret) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>{t('totp.intro')}</Text>
        <FormError message={error} />
        <Button onClick={start} loading={enrolment.fetching}>
          {t('totp.start')}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <List type="ordered" spacing="xs">
        <List.Item>{t('totp.step1')}</List.Item>
        <List.Item>{t('totp.step2')}</List.Item>
        <List.Item>{t('totp.step3')}</List.Item>
      </List>
      <Stack gap={4}>
        <Text fw={600}>
          {t('totp.secret')}
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code fz="md" className="code-wrap" data-testid="totp-secret">
            {secret.secret}
          </Code>
          <CopyValueButton value={secret.secret} size="compact-sm" />
        </Group>
      </Stack>
      <Stack gap={4}>
        <Text fw={600}>
          {t('totp.url')}
        </Text>
        <Code block className="code-wrap">
          {secret.otpauthUrl}
        </Code>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" align="flex-start">
          <FormError message={error} />
          <CodeInput label={t('totp.code')} value={code} onChange={setCode} w={200} />
          <Button type="submit" loading={confirmation.fetching || finishing}>
            {t('totp.confirm')}
          </Button>
        </Stack>
      </form>
      {confirmation.data?.confirmTotp && !error && (
        <Alert color="green" variant="light" role="status" icon={<span aria-hidden="true">✓</span>}>
          {t('totp.done')}
        </Alert>
      )}
    </Stack>
  );
}

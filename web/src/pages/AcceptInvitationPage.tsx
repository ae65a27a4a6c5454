import { Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { signIn, signOut } from '../auth/session';
import { FormError } from '../components/FormError';
import { PublicLayout } from '../components/PublicLayout';
import { errorMessage, errorReason } from '../errors';

const AcceptInvitationDocument = graphql(`
  mutation AcceptInvitation($token: String!, $password: String!) {
    acceptInvitation(token: $token, password: $password) {
      ...AuthPayloadFields
    }
  }
`);

export const MIN_PASSWORD_LENGTH = 12;

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ password?: string; repeat?: string }>({});
  const [{ fetching }, accept] = useMutation(AcceptInvitationDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const errors: typeof fieldErrors = {};
    if (password.length < MIN_PASSWORD_LENGTH) errors.password = t('errors.WEAK_PASSWORD');
    if (repeat !== password) errors.repeat = t('invitation.mismatch');
    setFieldErrors(errors);
    if (errors.password || errors.repeat) return;
    const result = await accept({ token, password });
    const payload = result.data?.acceptInvitation;
    if (result.error || !payload) {
      // Whatever the server calls an unknown, used or expired invitation: say it plainly.
      const code = result.error?.graphQLErrors[0]?.extensions?.code;
      const reason = errorReason(result.error);
      const badToken = reason === 'TOKEN_INVALID' || (!reason && (code === 'NOT_FOUND' || code === 'UNAUTHENTICATED'));
      setError(badToken ? t('errors.TOKEN_INVALID') : errorMessage(t, result.error));
      return;
    }
    // Someone else may still be signed in in this tab: the invitation's account takes over.
    signOut();
    if (payload.accessToken) {
      signIn(payload);
      navigate('/', { replace: true });
    } else {
      navigate('/inloggen', { replace: true });
    }
  }

  return (
    <PublicLayout title={t('invitation.title')}>
      <Paper withBorder shadow="xs" p="lg" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Title order={1}>{t('invitation.title')}</Title>
            <Text>{t('invitation.intro', { min: MIN_PASSWORD_LENGTH })}</Text>
            <FormError message={error} />
            <PasswordInput
              label={t('invitation.password')}
              description={t('invitation.passwordHint', { min: MIN_PASSWORD_LENGTH })}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors.password}
              required
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
            <PasswordInput
              label={t('invitation.repeat')}
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={fieldErrors.repeat}
              required
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
            <Button type="submit" loading={fetching}>
              {t('invitation.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </PublicLayout>
  );
}

import { Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { useSession } from '../auth/SessionProvider';
import { signIn } from '../auth/session';
import { FormError } from '../components/FormError';
import { PublicLayout } from '../components/PublicLayout';
import { WRAPPING_BUTTON } from '../components/wrappingButton';
import { errorMessage, errorReason } from '../errors';
import { LoginDocument, LoginWithPasskeyDocument } from '../graphql/operations';
import { answerWithPasskey, passkeysSupported } from '../auth/webauthn';
import type { TFunction } from 'i18next';

function loginError(t: TFunction, error: CombinedError): string | null {
  // A refused login without a finer reason still means: wrong e-mail address or password.
  const code = error.graphQLErrors[0]?.extensions?.code;
  if (!errorReason(error) && code === 'UNAUTHENTICATED') return t('errors.INVALID_CREDENTIALS');
  return errorMessage(t, error);
}

export function LoginPage() {
  const { t } = useTranslation();
  const { authenticated } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [step, setStep] = useState<'password' | 'code' | 'passkey'>('password');
  const [challenge, setChallenge] = useState<{ id: string; options: string } | null>(null);
  const [passkeyState, loginWithPasskey] = useMutation(LoginWithPasskeyDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, login] = useMutation(LoginDocument);
  const codeRef = useRef<HTMLInputElement>(null);
  const [signedIn, setSignedIn] = useState(false);

  useEffect(() => {
    if (step === 'code') codeRef.current?.focus();
  }, [step]);

  if (authenticated && !signedIn) return <Navigate to="/" replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (step === 'passkey') {
      await withPasskey();
      return;
    }
    setError(null);
    if (step === 'password' && (!email.trim() || !password)) {
      setError(t('login.missing'));
      return;
    }
    if (step === 'code' && !/^\d{6}$/.test(code)) {
      setError(t('totp.codeFormat'));
      return;
    }
    const result = await login({ email: email.trim(), password, totp: step === 'code' ? code : null });
    if (result.error) {
      setError(loginError(t, result.error));
      if (step === 'code') setCode('');
      return;
    }
    const payload = result.data?.login;
    if (!payload) {
      setError(t('errors.GENERIC'));
      return;
    }
    if (payload.mfaRequired && !payload.accessToken && payload.passkeyChallenge && step === 'password' && passkeysSupported()) {
      // The account has a passkey: offer it first (phishing-resistant), the code as the other way.
      setChallenge(payload.passkeyChallenge);
      setStep('passkey');
      return;
    }
    if (payload.mfaRequired && !payload.accessToken) {
      if (step === 'code') {
        setError(t('errors.MFA_INVALID'));
        setCode('');
      }
      setStep('code');
      return;
    }
    if (!payload.accessToken) {
      setError(t('errors.GENERIC'));
      return;
    }
    setSignedIn(true);
    signIn(payload);
    navigate(from && from.startsWith('/') ? from : '/', { replace: true });
  }

  function back() {
    setStep('password');
    setCode('');
    setChallenge(null);
    setError(null);
  }

  async function withPasskey() {
    if (!challenge) return;
    setError(null);
    let credential: string;
    try {
      credential = await answerWithPasskey(challenge.options);
    } catch {
      // Cancelled in the browser's dialog: the challenge still holds, he may try again.
      setError(t('passkeys.loginCancelled'));
      return;
    }
    const result = await loginWithPasskey({ challengeId: challenge.id, credential });
    const payload = result.data?.loginWithPasskey;
    if (result.error || !payload?.accessToken) {
      // A refused answer used the challenge up: start again from the password.
      back();
      setError(result.error ? loginError(t, result.error) : t('errors.GENERIC'));
      return;
    }
    setSignedIn(true);
    signIn(payload);
    navigate(from && from.startsWith('/') ? from : '/', { replace: true });
  }

  return (
    <PublicLayout title={t('login.title')}>
      <Paper withBorder shadow="xs" p="lg" radius="md">
        <form onSubmit={submit} noValidate aria-labelledby="login-heading">
          <Stack gap="md">
            <Title order={1} id="login-heading">
              {t('login.title')}
            </Title>
            {step === 'password' ? (
              <>
                <Text>{t('login.intro')}</Text>
                <FormError message={error} />
                <TextInput
                  label={t('login.email')}
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  required
                  // eslint-disable-next-line jsx-a11y/no-autofocus -- signing in is this page's one task and the email field comes first
                  autoFocus
                />
                <PasswordInput
                  label={t('login.password')}
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  required
                  visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
                />
                <Button type="submit" loading={fetching}>
                  {t('login.submit')}
                </Button>
              </>
            ) : step === 'passkey' ? (
              <>
                <Text>{t('passkeys.loginIntro')}</Text>
                <FormError message={error} />
                <Button type="button" onClick={withPasskey} loading={passkeyState.fetching}>
                  {t('passkeys.loginButton')}
                </Button>
                <Group justify="space-between">
                  <Button variant="subtle" onClick={back}>
                    {t('common.back')}
                  </Button>
                  <Button
                    variant="default"
                    styles={WRAPPING_BUTTON}
                    onClick={() => {
                      setError(null);
                      setStep('code');
                    }}
                  >
                    {t('passkeys.useCode')}
                  </Button>
                </Group>
              </>
            ) : (
              <>
                <Text>{t('login.codeIntro')}</Text>
                <FormError message={error} />
                <TextInput
                  ref={codeRef}
                  label={t('login.code')}
                  description={t('totp.codeHint')}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                />
                <Group justify="space-between">
                  <Button variant="subtle" onClick={back}>
                    {t('common.back')}
                  </Button>
                  <Button type="submit" loading={fetching}>
                    {t('login.verify')}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </PublicLayout>
  );
}

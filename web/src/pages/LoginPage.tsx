import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useClient, useMutation, type CombinedError } from 'urql';
import { useSession } from '../auth/SessionProvider';
import { SecondFactorStep, followFirstStep, type AuthAnswer, type PasskeyChallenge } from '../auth/SecondFactorStep';
import { signIn } from '../auth/session';
import { FormError } from '../components/FormError';
import { PublicLayout } from '../components/PublicLayout';
import { WRAPPING_BUTTON } from '../components/wrappingButton';
import { errorMessage, errorReason } from '../errors';
import { LoginDocument } from '../graphql/operations';
import { SignInOptionsDocument } from '../sso/operations';
import { rememberSsoStart, rememberedSsoEmail, ssoReasonText } from '../sso/loginState';
import type { TFunction } from 'i18next';

export function loginError(t: TFunction, error: CombinedError): string | null {
  // A refused login without a finer reason still means: wrong e-mail address or password.
  const code = error.graphQLErrors[0]?.extensions?.code;
  if (!errorReason(error) && code === 'UNAUTHENTICATED') return t('errors.INVALID_CREDENTIALS');
  return errorMessage(t, error);
}

interface Options {
  sso: boolean;
  ssoOnly: boolean;
  startUrl: string | null;
}

/**
 * "Inloggen" in steps: the e-mail address first; its domain decides whether the organisation
 * signs its people in through its own identity provider (`signInOptions`). Then the provider
 * (a full-page redirect), or the password, and the second factor where the account has one.
 * `?sso=<reason>` is where the provider's callback sends a sign-in that did not succeed.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const { authenticated } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const client = useClient();
  const from = (location.state as { from?: string } | null)?.from;
  const ssoReason = params.get('sso');
  const [step, setStep] = useState<'email' | 'choice' | 'password' | 'second'>('email');
  const [email, setEmail] = useState(() => (ssoReason ? rememberedSsoEmail() : ''));
  const [options, setOptions] = useState<Options | null>(null);
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<PasskeyChallenge | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [{ fetching }, login] = useMutation(LoginDocument);
  const [signedIn, setSignedIn] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const firstStep = useRef(true);

  // Each step replaces the form the user just sent: focus follows to its first field (not on
  // the page's first render, where the e-mail field takes it by itself).
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    if (step === 'password') passwordRef.current?.focus();
    if (step === 'email') emailRef.current?.focus();
  }, [step]);

  if (authenticated && !signedIn) return <Navigate to="/" replace />;

  function finish(payload: AuthAnswer) {
    setSignedIn(true);
    signIn(payload);
    navigate(from && from.startsWith('/') ? from : '/', { replace: true });
  }

  async function onEmail(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const address = email.trim();
    if (!address) {
      setError(t('login.emailMissing'));
      return;
    }
    setAsking(true);
    const result = await client
      .query(SignInOptionsDocument, { email: address }, { requestPolicy: 'network-only' })
      .toPromise()
      .finally(() => setAsking(false));
    if (result.error || !result.data) {
      setError(errorMessage(t, result.error) ?? t('errors.GENERIC'));
      return;
    }
    const answer = result.data.signInOptions;
    setOptions({ sso: answer.sso, ssoOnly: answer.ssoOnly, startUrl: answer.startUrl ?? null });
    setStep(answer.sso && answer.startUrl ? 'choice' : 'password');
  }

  function viaOrganisation() {
    if (!options?.startUrl) return;
    setLeaving(true);
    rememberSsoStart(email.trim(), from);
    window.location.assign(options.startUrl);
  }

  async function onPassword(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!password) {
      setError(t('login.passwordMissing'));
      return;
    }
    const result = await login({ email: email.trim(), password, totp: null });
    followFirstStep(
      { payload: result.data?.login, error: result.error },
      {
        secondFactor: (passkey) => {
          setChallenge(passkey);
          setStep('second');
        },
        signedIn: finish,
        failed: (failure) => setError(failure ? loginError(t, failure) : t('errors.GENERIC')),
      },
    );
  }

  function otherEmail() {
    setStep('email');
    setOptions(null);
    setPassword('');
    setChallenge(null);
    setError(null);
  }

  function backToPassword(message: string | null = null) {
    setStep('password');
    setChallenge(null);
    setError(message);
  }

  const reasonText = ssoReason ? ssoReasonText(t, ssoReason) : null;
  const sso = options?.sso && options.startUrl;

  const who = (
    <Group justify="space-between" gap="xs" wrap="wrap">
      <div style={{ minWidth: 0 }}>
        <Text size="sm" c="dimmed">
          {t('login.signingInAs')}
        </Text>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="login-email">
          {email.trim()}
        </Text>
      </div>
      <Button variant="subtle" onClick={otherEmail}>
        {t('login.otherEmail')}
      </Button>
    </Group>
  );

  return (
    <PublicLayout title={t('login.title')}>
      <Paper withBorder shadow="xs" p="lg" radius="md">
        <Stack gap="md">
          <Title order={1} id="login-heading">
            {t('login.title')}
          </Title>
          {reasonText && step !== 'second' && (
            <Alert color="orange" variant="light" role="alert" title={t('sso.reason.title')} icon={<span aria-hidden="true">!</span>}>
              {reasonText}
            </Alert>
          )}
          {step === 'email' && (
            <form onSubmit={onEmail} noValidate aria-labelledby="login-heading">
              <Stack gap="md">
                <Text>{t('login.emailIntro')}</Text>
                <FormError message={error} />
                <TextInput
                  ref={emailRef}
                  label={t('login.email')}
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  required
                  // eslint-disable-next-line jsx-a11y/no-autofocus -- signing in is this page's one task and the email field comes first
                  autoFocus
                />
                <Button type="submit" loading={asking}>
                  {t('login.continue')}
                </Button>
              </Stack>
            </form>
          )}
          {step === 'choice' && options && (
            <Stack gap="md">
              {who}
              <Text>{t('login.ssoIntro')}</Text>
              <FormError message={error} />
              <Button onClick={viaOrganisation} loading={leaving} styles={WRAPPING_BUTTON}>
                {t('login.viaOrganisation')}
              </Button>
              <Button variant="default" onClick={() => backToPassword()} styles={WRAPPING_BUTTON}>
                {options.ssoOnly ? t('login.withPasswordAdmins') : t('login.withPassword')}
              </Button>
            </Stack>
          )}
          {step === 'password' && (
            <form onSubmit={onPassword} noValidate aria-labelledby="login-heading">
              <Stack gap="md">
                {who}
                {/* The address again, for password managers: they store it with the password. */}
                <input type="email" name="username" autoComplete="username" value={email.trim()} readOnly hidden />
                {options?.ssoOnly && <Text>{t('login.ssoOnlyHint')}</Text>}
                <FormError message={error} />
                <PasswordInput
                  ref={passwordRef}
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
                {sso && (
                  <Button variant="default" onClick={viaOrganisation} loading={leaving} styles={WRAPPING_BUTTON}>
                    {t('login.viaOrganisation')}
                  </Button>
                )}
              </Stack>
            </form>
          )}
          {step === 'second' && (
            <SecondFactorStep
              challenge={challenge}
              labelledBy="login-heading"
              describeError={(e) => loginError(t, e)}
              submitCode={async (code) => {
                const result = await login({ email: email.trim(), password, totp: code });
                return { payload: result.data?.login, error: result.error };
              }}
              onSignedIn={finish}
              onBack={() => backToPassword()}
              onRestart={(message) => backToPassword(message)}
            />
          )}
        </Stack>
      </Paper>
    </PublicLayout>
  );
}

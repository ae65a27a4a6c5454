import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useClient, type CombinedError } from 'urql';
import type { TFunction } from 'i18next';
import { SecondFactorStep, followFirstStep, type AuthAnswer, type CodeAnswer, type PasskeyChallenge } from '../auth/SecondFactorStep';
import { signIn } from '../auth/session';
import { FormError } from '../components/FormError';
import { PublicLayout } from '../components/PublicLayout';
import { errorReason } from '../errors';
import { loginError } from '../pages/LoginPage';
import { CompleteSsoLoginDocument } from './operations';
import { forgetSsoStart, rememberedSsoFrom } from './loginState';

/** The ticket in `#ticket=…`, where `/api/sso/callback` puts it (never in the query). */
function ticketFromHash(hash: string): string | null {
  const ticket = new URLSearchParams(hash.replace(/^#/, '')).get('ticket');
  return ticket && ticket.trim() ? ticket.trim() : null;
}

function ssoError(t: TFunction, error: CombinedError): string | null {
  // The ticket is single-use and lives a few minutes: "this sign-in has ended", not the
  // invitation text TOKEN_INVALID has elsewhere.
  if (errorReason(error) === 'TOKEN_INVALID') return t('sso.callback.ended');
  return loginError(t, error);
}

/**
 * `/login/sso#ticket=…`: where the organisation's identity provider sends the browser back.
 * The ticket leaves the address bar at once; it is exchanged for a session (`completeSsoLogin`),
 * after the account's own second factor where it has one, exactly as after a password.
 */
export function SsoLoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const [ticket] = useState(() => ticketFromHash(window.location.hash));
  const [step, setStep] = useState<'exchanging' | 'second' | 'failed'>(ticket ? 'exchanging' : 'failed');
  const [challenge, setChallenge] = useState<PasskeyChallenge | null>(null);
  const [error, setError] = useState<string | null>(ticket ? null : t('sso.callback.noTicket'));
  const started = useRef(false);

  async function exchange(totp: string | null): Promise<CodeAnswer> {
    if (!ticket) return {};
    const result = await client.mutation(CompleteSsoLoginDocument, { ticket, totp }).toPromise();
    return { payload: result.data?.completeSsoLogin, error: result.error };
  }

  function finish(payload: AuthAnswer) {
    const from = rememberedSsoFrom();
    forgetSsoStart();
    signIn(payload);
    navigate(from ?? '/', { replace: true });
  }

  function fail(message: string | null) {
    setError(message ?? t('errors.SSO_FAILED'));
    setStep('failed');
  }

  useEffect(() => {
    // Out of the address bar and the history at once: no bookmark, screenshot or shared link
    // carries it. The router's own history state is kept.
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
    if (!ticket || started.current) return;
    started.current = true;
    void exchange(null).then((answer) =>
      followFirstStep(answer, {
        secondFactor: (passkey) => {
          setChallenge(passkey);
          setStep('second');
        },
        signedIn: finish,
        failed: (failure) => fail(failure ? ssoError(t, failure) : null),
      }),
    );
    // Once, for the ticket the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <PublicLayout title={t('sso.callback.title')}>
      <Paper withBorder shadow="xs" p="lg" radius="md">
        <Stack gap="md">
          <Title order={1} id="sso-login-heading">
            {t('sso.callback.title')}
          </Title>
          {step === 'exchanging' && (
            <Group gap="sm" role="status">
              <Loader size="sm" aria-hidden="true" />
              <Text>{t('sso.callback.busy')}</Text>
            </Group>
          )}
          {step === 'second' && (
            <SecondFactorStep
              challenge={challenge}
              labelledBy="sso-login-heading"
              describeError={(e) => ssoError(t, e)}
              submitCode={(code) => exchange(code)}
              onSignedIn={finish}
              onBack={() => navigate('/inloggen', { replace: true })}
              onRestart={(message) => fail(message)}
            />
          )}
          {step === 'failed' && (
            <Stack gap="md" align="flex-start">
              <FormError message={error} />
              <Button component={Link} to="/inloggen" replace>
                {t('sso.callback.toLogin')}
              </Button>
            </Stack>
          )}
        </Stack>
      </Paper>
    </PublicLayout>
  );
}

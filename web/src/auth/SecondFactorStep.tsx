import { Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type CombinedError } from 'urql';
import { CodeInput } from '../components/CodeInput';
import { FormError } from '../components/FormError';
import { WRAPPING_BUTTON } from '../components/wrappingButton';
import { LoginWithPasskeyDocument } from '../graphql/operations';
import type { Tokens } from './session';
import { answerWithPasskey, passkeysSupported } from './webauthn';

/** A passkey challenge of an AuthPayload (`passkeyChallenge`). */
export interface PasskeyChallenge {
  id: string;
  options: string;
}

/** The AuthPayload fields the second step reads (login, completeSsoLogin, loginWithPasskey). */
export interface AuthAnswer extends Tokens {
  mfaRequired: boolean;
  passkeyChallenge?: PasskeyChallenge | null;
}

/** What the first step (password or identity provider) answered, first or when asked again with a code. */
export interface CodeAnswer {
  payload?: AuthAnswer | null;
  error?: CombinedError;
}

/** True when the first step's answer asks for a second factor instead of giving tokens. */
export function needsSecondFactor(payload: AuthAnswer): boolean {
  return payload.mfaRequired && !payload.accessToken;
}

/**
 * Where the first step's answer (password or identity provider) leads: to the second factor
 * (with the passkey challenge, if any), to signed in (it holds the tokens), or else to `failed`
 * (with the refusal, if there was one).
 */
export function followFirstStep(
  { payload, error }: CodeAnswer,
  to: {
    secondFactor: (challenge: PasskeyChallenge | null) => void;
    signedIn: (tokens: AuthAnswer) => void;
    failed: (error?: CombinedError) => void;
  },
) {
  if (error || !payload) to.failed(error);
  else if (needsSecondFactor(payload)) to.secondFactor(payload.passkeyChallenge ?? null);
  else if (payload.accessToken) to.signedIn(payload);
  else to.failed();
}

/**
 * The second step of signing in, after a password or after the organisation's identity
 * provider: the passkey first when the account has one and the browser can use it
 * (phishing-resistant), else (or when chosen) the 6-digit code from the authenticator app.
 * `submitCode` repeats the first step with the code; `onSignedIn` gets the tokens; `onRestart`
 * is called when a refused passkey answer used the challenge up (with the message to show).
 */
export function SecondFactorStep({
  challenge,
  submitCode,
  onSignedIn,
  onBack,
  onRestart,
  describeError,
  labelledBy,
}: {
  challenge: PasskeyChallenge | null;
  submitCode: (code: string) => Promise<CodeAnswer>;
  onSignedIn: (tokens: AuthAnswer) => void;
  onBack: () => void;
  onRestart: (message: string) => void;
  describeError: (error: CombinedError) => string | null;
  /** The id of the page's heading, which names the forms. */
  labelledBy: string;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'passkey' | 'code'>(() => (challenge && passkeysSupported() ? 'passkey' : 'code'));
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [passkeyState, loginWithPasskey] = useMutation(LoginWithPasskeyDocument);
  const codeRef = useRef<HTMLInputElement>(null);

  // The step replaces the form the user just sent: focus follows to the code field.
  useEffect(() => {
    if (mode === 'code') codeRef.current?.focus();
  }, [mode]);

  async function onCode(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!/^\d{6}$/.test(code)) {
      setError(t('totp.codeFormat'));
      return;
    }
    setChecking(true);
    const { payload, error: failure } = await submitCode(code).finally(() => setChecking(false));
    if (failure) {
      setError(describeError(failure));
      setCode('');
      return;
    }
    if (!payload) {
      setError(t('errors.GENERIC'));
      return;
    }
    if (!payload.accessToken) {
      setError(t(needsSecondFactor(payload) ? 'errors.MFA_INVALID' : 'errors.GENERIC'));
      setCode('');
      return;
    }
    onSignedIn(payload);
  }

  async function withPasskey(event?: FormEvent) {
    event?.preventDefault();
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
      // A refused answer used the challenge up: start again.
      onRestart(result.error ? (describeError(result.error) ?? t('errors.GENERIC')) : t('errors.GENERIC'));
      return;
    }
    onSignedIn({ ...payload, passkeyChallenge: null });
  }

  if (mode === 'passkey') {
    return (
      <form onSubmit={withPasskey} noValidate aria-labelledby={labelledBy}>
        <Stack gap="md">
          <Text>{t('passkeys.loginIntro')}</Text>
          <FormError message={error} />
          <Button type="submit" loading={passkeyState.fetching}>
            {t('passkeys.loginButton')}
          </Button>
          <Group justify="space-between">
            <Button variant="subtle" onClick={onBack}>
              {t('common.back')}
            </Button>
            <Button
              variant="default"
              styles={WRAPPING_BUTTON}
              onClick={() => {
                setError(null);
                setMode('code');
              }}
            >
              {t('passkeys.useCode')}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }

  return (
    <form onSubmit={onCode} noValidate aria-labelledby={labelledBy}>
      <Stack gap="md">
        <Text>{t('login.codeIntro')}</Text>
        <FormError message={error} />
        <CodeInput ref={codeRef} label={t('login.code')} value={code} onChange={setCode} />
        <Group justify="space-between">
          <Button variant="subtle" onClick={onBack}>
            {t('common.back')}
          </Button>
          <Button type="submit" loading={checking}>
            {t('login.verify')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { MedicalAccessFieldsFragment } from '../../gql/graphql';
import { ERROR_COLOUR } from '../../components/errorColour';
import { FormError } from '../../components/FormError';
import { formatDate, formatDateTime } from '../../dates';
import { errorMessage, errorReason } from '../../errors';
import { ActivateMedicalAccessDocument } from '../../identity/operations';
import { suspensionReason } from '../../identity/suspension';
import { Fact } from '../../components/Fact';
import { SectionCard } from '../../components/SectionCard';

const WRAP = { overflowWrap: 'anywhere' } as const;

/** "ABCDE-FGHJK" from what was typed: capitals, no spaces, the dash where it belongs. */
export function normaliseCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : input.trim().toUpperCase();
}

/**
 * Shown instead of "Mijn medisch dossier" while the employee's medical access is not active:
 * why the file is closed, and the form for the activation code his company doctor gives him
 * in person or by phone. The code only works in a session that passed his own second factor;
 * without it, `secondFactor` (how to set up or use the authenticator app) is shown instead.
 */
export function MedicalAccessGate({
  access,
  mfaVerified,
  secondFactor,
  onActivated,
}: {
  access: MedicalAccessFieldsFragment;
  mfaVerified: boolean;
  secondFactor: ReactNode;
  onActivated: () => void;
}) {
  const { t } = useTranslation();
  const [mfaMissing, setMfaMissing] = useState(false);
  const suspended = access.status === 'SUSPENDED';
  const reason = suspensionReason(t, access.suspendedReason);
  const needsSecondFactor = !mfaVerified || mfaMissing;

  return (
    <Stack gap="lg">
      <SectionCard headingId="medical-closed-heading" title={suspended ? t('identity.access.suspendedTitle') : t('identity.access.closedTitle')}>
        {suspended ? (
          <>
            <Text style={WRAP}>
              {access.suspendedAt
                ? t('identity.access.suspendedOn', { date: formatDateTime(access.suspendedAt) })
                : t('identity.access.suspended')}
            </Text>
            {reason && (
              <Fact inline label={t('identity.access.reasonLabel')}>
                {reason}
              </Fact>
            )}
            <Text>{t('identity.access.newCodeNeeded')}</Text>
          </>
        ) : (
          <Text>{t('identity.access.notVerified')}</Text>
        )}
        <Text>{t('identity.access.why')}</Text>
        {needsSecondFactor ? (
          <Alert color="blue" variant="light" icon={<span aria-hidden="true">i</span>}>
            {t('identity.access.secondFactorFirst')}
          </Alert>
        ) : (
          <ActivationForm onActivated={onActivated} onMfaMissing={() => setMfaMissing(true)} />
        )}
      </SectionCard>
      {needsSecondFactor && secondFactor}
    </Stack>
  );
}

function ActivationForm({ onActivated, onMfaMissing }: { onActivated: () => void; onMfaMissing: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, activate] = useMutation(ActivateMedicalAccessDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const value = normaliseCode(code);
    if (!value) {
      setProblem(t('identity.access.codeRequired'));
      return;
    }
    setProblem(undefined);
    const result = await activate({ code: value }, { additionalTypenames: ['MedicalAccess'] });
    if (result.error) {
      const reason = errorReason(result.error);
      if (reason === 'MFA_REQUIRED') onMfaMissing();
      else if (reason === 'CODE_INVALID') setProblem(errorMessage(t, result.error) ?? undefined);
      else setFormError(errorMessage(t, result.error));
      return;
    }
    notifications.show({ color: 'green', message: t('identity.access.activated') });
    onActivated();
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="activation-heading" style={ERROR_COLOUR}>
      <Stack gap="sm">
        <Title order={4} size="h5" id="activation-heading">
          {t('identity.access.formTitle')}
        </Title>
        <FormError message={formError} />
        <TextInput
          label={t('identity.access.code')}
          description={t('identity.access.codeHint')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={problem}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          required
          maw={320}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.05em' } }}
        />
        <Text size="sm" c="dimmed">
          {t('identity.access.attempts')}
        </Text>
        <Group>
          <Button type="submit" loading={fetching}>
            {t('identity.access.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Above the open file: who verified the access and when. */
export function VerifiedNote({ access, justActivated }: { access: MedicalAccessFieldsFragment; justActivated: boolean }) {
  const { t } = useTranslation();
  if (justActivated)
    return (
      <Alert color="green" variant="light" role="status" icon={<span aria-hidden="true">✓</span>}>
        {t('identity.access.nowOpen')}
      </Alert>
    );
  if (!access.verifiedAt) return null;
  return (
    <Text size="sm" c="dimmed" style={WRAP}>
      {access.verifiedBy
        ? t('identity.access.verifiedBy', { doctor: access.verifiedBy, date: formatDate(access.verifiedAt) })
        : t('identity.access.verifiedOn', { date: formatDate(access.verifiedAt) })}
    </Text>
  );
}

import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { MedicalAccessStatus } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { QueryState } from '../../components/QueryState';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { formatDate, formatDateTime } from '../../dates';
import { errorMessage } from '../../errors';
import { EmployeeMedicalAccessDocument, IssueMedicalActivationCodeDocument } from '../../identity/operations';
import { suspensionReason } from '../../identity/suspension';
import { Fact } from '../../components/Fact';
import { SectionCard } from '../../components/SectionCard';

const WRAP = { overflowWrap: 'anywhere' } as const;

const STATUS_COLOUR: Record<MedicalAccessStatus, string> = { ACTIVE: 'green', NOT_VERIFIED: 'gray', SUSPENDED: 'orange' };
const STATUS_SYMBOL: Record<MedicalAccessStatus, string> = { ACTIVE: '✓', NOT_VERIFIED: '–', SUSPENDED: '!' };

/**
 * "Toegang van de werknemer tot zijn medisch dossier": whether the employee opened his file to
 * his account, and a one-time activation code for the doctor to hand over at the consultation
 * or read out by phone — never through the employer, who controls the employee's account.
 */
export function EmployeeAccessSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: EmployeeMedicalAccessDocument,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const [issued, issue] = useMutation(IssueMedicalActivationCodeDocument);
  const [confirming, setConfirming] = useState(false);
  const access = data?.employeeMedicalAccess;
  const code = issued.data?.issueMedicalActivationCode;

  async function onIssue() {
    setConfirming(false);
    const result = await issue({ caseId });
    if (!result.error) refetch({ requestPolicy: 'network-only' });
  }

  return (
    <SectionCard headingId="employee-access-heading" title={t('identity.doctor.title')}>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {access && (
        <Stack gap={4}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{t('identity.doctor.status')}:</Text>
            <Badge color={STATUS_COLOUR[access.status]} variant="light" leftSection={<span aria-hidden="true">{STATUS_SYMBOL[access.status]}</span>}>
              {t(`identity.doctor.statusValue.${access.status}`)}
            </Badge>
          </Group>
          {access.status === 'ACTIVE' && access.verifiedAt && (
            <Text size="sm" style={WRAP}>
              {t('identity.doctor.verified', { doctor: access.verifiedBy ?? '–', date: formatDate(access.verifiedAt) })}
            </Text>
          )}
          {access.status === 'NOT_VERIFIED' && <Text size="sm">{t('identity.doctor.notVerified')}</Text>}
          {access.status === 'SUSPENDED' && (
            <>
              <Text size="sm" style={WRAP}>
                {access.suspendedAt ? t('identity.doctor.suspendedOn', { date: formatDateTime(access.suspendedAt) }) : t('identity.doctor.suspended')}
              </Text>
              {access.suspendedReason && (
                <Fact inline size="sm" label={t('identity.access.reasonLabel')}>
                  {suspensionReason(t, access.suspendedReason)}
                </Fact>
              )}
              <Text size="sm">{t('identity.doctor.suspendedNext')}</Text>
            </>
          )}
        </Stack>
      )}
      {data && !access && !error && <Text size="sm">{t('identity.doctor.unavailable')}</Text>}
      {code && (
        <Paper withBorder radius="md" p="md" bg="var(--mantine-color-blue-0)" role="status" aria-labelledby="activation-code-label">
          <Stack gap="xs">
            <Text fw={600} id="activation-code-label">
              {t('identity.doctor.codeLabel')}
            </Text>
            <Text
              component="p"
              ff="monospace"
              fw={700}
              fz={{ base: 26, xs: 32 }}
              style={{ letterSpacing: '0.08em', overflowWrap: 'anywhere', margin: 0 }}
              data-testid="activation-code"
            >
              {code.code}
            </Text>
            <Text size="sm">{t('identity.doctor.validUntil', { date: formatDateTime(code.expiresAt) })}</Text>
            <Text size="sm">{t('identity.doctor.handOver')}</Text>
            <Text size="sm" fw={600}>
              {t('identity.doctor.neverEmployer')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('identity.doctor.shownOnce')}
            </Text>
          </Stack>
        </Paper>
      )}
      <FormError message={errorMessage(t, issued.error)} />
      {access && access.status !== 'ACTIVE' && !code && <Text size="sm">{t('identity.doctor.howItWorks')}</Text>}
      {access &&
        (confirming ? (
          <Stack gap="xs" role="group" aria-label={t('identity.doctor.confirmLabel')}>
            <Text size="sm">{t('identity.doctor.confirmText')}</Text>
            <Group gap="xs">
              <Button color="orange" onClick={onIssue} loading={issued.fetching} styles={WRAPPING_BUTTON}>
                {t('identity.doctor.confirm')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group>
            <Button
              variant={access.status === 'ACTIVE' ? 'default' : 'filled'}
              // A new code voids the one handed over before: ask first when there may be one.
              onClick={() => (code || access.status === 'ACTIVE' ? setConfirming(true) : onIssue())}
              loading={issued.fetching}
              styles={WRAPPING_BUTTON}
            >
              {code ? t('identity.doctor.issueAgain') : t('identity.doctor.issue')}
            </Button>
          </Group>
        ))}
    </SectionCard>
  );
}

import { Badge, Button, Card, Checkbox, Group, List, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { PlanFieldsFragment } from '../gql/graphql';
import { FormError } from '../components/FormError';
import { formatDate, formatDateTime } from '../dates';
import { errorMessage } from '../errors';
import { SignPlanDocument, caseContext } from './operations';

type Signature = PlanFieldsFragment['employerSignature'];

function SignatureLine({ label, signature }: { label: string; signature: Signature }) {
  const { t } = useTranslation();
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label}:
      </Text>{' '}
      {!signature
        ? t('caseCommon.notSigned')
        : signature.signedBy
          ? t('caseCommon.signedBy', { name: signature.signedBy.name, date: formatDateTime(signature.signedAt) })
          : t('caseCommon.signedOnPaper', { date: formatDateTime(signature.signedAt) })}
    </Text>
  );
}

/**
 * One version of the plan of action, read-only, with both signatures. When `signAs` is given
 * and that side has not signed this version, the reader can sign it after ticking that he read
 * it; the version he read is sent along, so a plan changed in the meantime is not signed.
 */
export function PlanOfActionView({
  caseId,
  plan,
  signAs,
  headingLevel = 3,
  superseded = false,
}: {
  caseId: string;
  plan: PlanFieldsFragment;
  signAs?: 'EMPLOYER' | 'EMPLOYEE';
  headingLevel?: 3 | 4;
  /** An earlier version, replaced by a later one (it can no longer be signed). */
  superseded?: boolean;
}) {
  const { t } = useTranslation();
  const [read, setRead] = useState(false);
  const [{ fetching, error }, sign] = useMutation(SignPlanDocument);
  const mine = signAs === 'EMPLOYER' ? plan.employerSignature : signAs === 'EMPLOYEE' ? plan.employeeSignature : undefined;
  const canSign = signAs !== undefined && !mine && !superseded;
  const headingId = `plan-${plan.id}`;

  async function onSign() {
    const res = await sign({ caseId, version: plan.version }, caseContext);
    if (!res.error) {
      notifications.show({ color: 'green', message: t('caseCommon.signed') });
      setRead(false);
    }
  }

  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={headingLevel} size="h5" id={headingId}>
            {t('caseCommon.plan')} — {t('caseCommon.planVersion', { version: plan.version })}
            {plan.isAdjustment ? ` (${t('caseCommon.adjustment')})` : ''}
          </Title>
          <Badge variant="light" color={plan.status === 'SIGNED' ? 'green' : plan.status === 'DRAFT' || superseded ? 'gray' : 'orange'}>
            {superseded && plan.status !== 'SIGNED' ? t('caseCommon.superseded') : t(`planStatus.${plan.status}`)}
          </Badge>
        </Group>
        {plan.changeNote && (
          <Text size="sm">
            <Text span fw={600}>
              {t('caseCommon.changeNote')}:
            </Text>{' '}
            {plan.changeNote}
          </Text>
        )}
        <div>
          <Text fw={600}>{t('caseCommon.goal')}</Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{plan.goal}</Text>
        </div>
        <div>
          <Text fw={600}>{t('caseCommon.activities')}</Text>
          <List spacing={4}>
            {plan.activities.map((a, i) => (
              <List.Item key={i}>
                {a.done ? <span aria-hidden="true">✓ </span> : null}
                {a.description} — {t(`owner.${a.owner}`)}, {formatDate(a.dueOn)}
                {a.done ? ` (${t('caseCommon.done').toLowerCase()})` : ''}
              </List.Item>
            ))}
          </List>
        </div>
        <Text size="sm">
          <Text span fw={600}>
            {t('caseCommon.contactFrequency')}:
          </Text>{' '}
          {plan.contactFrequency}
        </Text>
        {plan.caseManager && (
          <Text size="sm">
            <Text span fw={600}>
              {t('caseCommon.caseManager')}:
            </Text>{' '}
            {plan.caseManager.name}
          </Text>
        )}
        <Stack gap={2}>
          <Text fw={600}>{t('caseCommon.signatures')}</Text>
          <SignatureLine label={t('caseCommon.employerSignature')} signature={plan.employerSignature} />
          <SignatureLine label={t('caseCommon.employeeSignature')} signature={plan.employeeSignature} />
        </Stack>
        {canSign && (
          <Stack gap="xs">
            <Checkbox
              label={t('caseCommon.signConfirm', { version: plan.version })}
              checked={read}
              onChange={(e) => setRead(e.currentTarget.checked)}
            />
            <FormError message={errorMessage(t, error)} />
            <Group>
              <Button onClick={onSign} disabled={!read} loading={fetching}>
                {t('caseCommon.sign')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

import { Button, Group, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SafetyNet } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { SectionCard } from '../../components/SectionCard';
import { useFormMutation } from '../../components/useFormMutation';
import { SecondOpinionGivenForm, SecondOpinionList, type SecondOpinion } from '../../cases/sections/SecondOpinionList';
import { DoctorSetSafetyNetDocument } from './operations';

// What the company doctor records on the clock: which safety net applies (it names a cause, so
// the employer never sees it) and the day a second opinion by another doctor was given.

const SAFETY_NETS: SafetyNet[] = ['PREGNANCY', 'ORGAN_DONATION', 'NO_RISK_POLICY', 'UNDISCLOSED'];
/** The radio value for "no kind recorded" (the mutation clears the kind with null). */
const NONE = 'NONE';

/** Sets or clears the safety net's kind. */
export function SafetyNetCard({ caseId, safetyNet, kind }: { caseId: string; safetyNet: boolean; kind: SafetyNet | null }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<string>(kind ?? NONE);
  const { submit, fetching, error, fieldErrors } = useFormMutation(DoctorSetSafetyNetDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next = value === NONE ? null : (value as SafetyNet);
    const r = await submit({ caseId, kind: next }, ['kind']);
    if (r) notifications.show({ color: 'green', message: next ? t('doctorCase.safetyNet.saved') : t('doctorCase.safetyNet.cleared') });
  }

  return (
    <SectionCard headingId="safety-net-heading" title={t('doctorCase.safetyNet.title')}>
      <Text size="sm">{t('doctorCase.safetyNet.intro')}</Text>
      <Text fw={600}>
        {kind
          ? t('doctorCase.safetyNet.current', { kind: t(`safetyNetKind.${kind}`) })
          : safetyNet
            ? t('doctorCase.safetyNet.reportedOnly')
            : t('doctorCase.safetyNet.noneRecorded')}
      </Text>
      <form onSubmit={onSubmit} noValidate aria-labelledby="safety-net-heading">
        <Stack gap="sm">
          <FormError message={error} />
          <Radio.Group label={t('doctorCase.safetyNet.label')} value={value} onChange={setValue} error={fieldErrors.kind}>
            <Stack gap="xs" mt={4}>
              <Radio value={NONE} label={t('doctorCase.safetyNet.none')} />
              {SAFETY_NETS.map((k) => (
                <Radio key={k} value={k} label={t(`safetyNetKind.${k}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={fetching}>
              {t('doctorCase.safetyNet.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** The second opinions asked on the case (dates only), with the day each was given. */
export function DoctorSecondOpinions({ caseId, opinions, open }: { caseId: string; opinions: SecondOpinion[]; open: boolean }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="second-opinions-heading" title={t('caseCommon.secondOpinion.title')}>
      <Text size="sm">{t('doctorCase.secondOpinion.intro')}</Text>
      <SecondOpinionList
        opinions={opinions}
        renderActions={open ? (o, headingId) => <SecondOpinionGivenForm caseId={caseId} opinionId={o.id} labelledBy={headingId} /> : undefined}
      />
    </SectionCard>
  );
}

import { Alert, Button, Checkbox, Fieldset, Group, NumberInput, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LimitationCategory, WorkabilityAdviceInput, WorkabilityFieldsFragment } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { WorkabilityCard } from '../../cases/WorkabilityCard';
import { AdviceDetails } from '../../cases/AdviceDetails';
import { DateField } from '../../cases/forms';

// The workability part of what the doctor writes: the fields (a fieldset of its own), the
// check before saving, the input for the API, and the preview the employer will see.

export type Advice = WorkabilityFieldsFragment;

export const CATEGORIES: LimitationCategory[] = [
  'PERSONAL_FUNCTIONING',
  'SOCIAL_FUNCTIONING',
  'PHYSICAL_ENVIRONMENT',
  'DYNAMIC_ACTIONS',
  'STATIC_POSTURES',
  'WORKING_HOURS',
];

/** The advice as typed: multi-line texts hold one limitation or capability per line. */
export interface AdviceDraft {
  limitations: string;
  categories: LimitationCategory[];
  capabilities: string;
  hoursPerDay: number | string;
  hoursPerWeek: number | string;
  recoveryOn: string;
  recoveryUntil: string;
  advice: string;
  noSustainableCapacity: boolean;
}

export const EMPTY_ADVICE: AdviceDraft = {
  limitations: '',
  categories: [],
  capabilities: '',
  hoursPerDay: '',
  hoursPerWeek: '',
  recoveryOn: '',
  recoveryUntil: '',
  advice: '',
  noSustainableCapacity: false,
};

/** The server's field names (`extensions.field`) of the advice input. */
export const ADVICE_FIELDS = ['givenOn', 'limitations', 'limitationCategories', 'capabilities', 'hoursPerDay', 'hoursPerWeek', 'expectedRecoveryOn', 'expectedRecoveryUntil', 'advice'];

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const hours = (value: number | string) => (value === '' || value === null || Number.isNaN(Number(value)) ? null : Number(value));

/** What the API takes. */
export function adviceInput(draft: AdviceDraft, givenOn: string): WorkabilityAdviceInput {
  return {
    givenOn,
    limitations: lines(draft.limitations),
    limitationCategories: CATEGORIES.filter((c) => draft.categories.includes(c)),
    capabilities: lines(draft.capabilities),
    hoursPerDay: hours(draft.hoursPerDay),
    hoursPerWeek: hours(draft.hoursPerWeek),
    expectedRecoveryOn: draft.recoveryOn || null,
    expectedRecoveryUntil: (draft.recoveryOn && draft.recoveryUntil) || null,
    advice: draft.advice.trim() || null,
    noSustainableCapacity: draft.noSustainableCapacity,
  };
}

/** The advice as the employer will read it, for the preview. */
export function advicePreview(draft: AdviceDraft, givenOn: string, doctor: { id: string; name: string }): Advice {
  const input = adviceInput(draft, givenOn);
  return {
    id: 'preview',
    givenOn,
    limitations: input.limitations ?? [],
    limitationCategories: input.limitationCategories ?? [],
    capabilities: input.capabilities ?? [],
    hoursPerDay: input.hoursPerDay ?? null,
    hoursPerWeek: input.hoursPerWeek ?? null,
    expectedRecoveryOn: input.expectedRecoveryOn ?? null,
    expectedRecoveryUntil: input.expectedRecoveryUntil ?? null,
    advice: input.advice ?? null,
    noSustainableCapacity: input.noSustainableCapacity ?? false,
    doctor,
  };
}

/** Field errors before the preview: an empty advice, or a range that ends before it starts. */
export function adviceProblems(draft: AdviceDraft, t: (key: string) => string): Record<string, string> {
  const input = adviceInput(draft, '');
  const problems: Record<string, string> = {};
  const empty =
    !input.limitations?.length &&
    !input.limitationCategories?.length &&
    !input.capabilities?.length &&
    input.hoursPerDay == null &&
    input.hoursPerWeek == null &&
    !input.expectedRecoveryOn &&
    !input.advice &&
    !input.noSustainableCapacity;
  if (empty) problems.limitations = t('doctorCase.advice.empty');
  if (draft.recoveryOn && draft.recoveryUntil && draft.recoveryUntil < draft.recoveryOn) problems.expectedRecoveryUntil = t('doctorCase.advice.rangeOrder');
  return problems;
}

/** The warning on the advice part: the employer reads it word for word. */
export function AdviceWarning({ id }: { id?: string }) {
  const { t } = useTranslation();
  return (
    // The dark amber of the employer's medical warning (7:1 contrast on white).
    <Text id={id} component="span" size="sm" c="#7a3500" fw={500} display="block">
      <span aria-hidden="true">⚠ </span>
      {t('doctorCase.advice.warning')}
    </Text>
  );
}

/** The advice fields, in a fieldset of their own: everything in it goes to the employer. */
export function AdviceFieldset({
  draft,
  onChange,
  errors,
  idPrefix,
}: {
  draft: AdviceDraft;
  onChange: (draft: AdviceDraft) => void;
  errors: Record<string, string>;
  idPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const decimalSeparator = i18n.language === 'en' ? '.' : ',';
  const set = <K extends keyof AdviceDraft>(key: K, value: AdviceDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <Fieldset
      legend={t('doctorCase.advice.legend')}
      radius="md"
      p="sm"
      style={{ borderLeft: '4px solid var(--mantine-color-blue-7)', minWidth: 0 }}
    >
      <Stack gap="sm">
        <AdviceWarning />
        <Checkbox
          label={t('doctorCase.advice.noCapacity')}
          description={t('doctorCase.advice.noCapacityHint')}
          checked={draft.noSustainableCapacity}
          onChange={(e) => set('noSustainableCapacity', e.currentTarget.checked)}
        />
        <Textarea
          id={`${idPrefix}-limitations`}
          label={t('doctorCase.advice.limitations')}
          description={t('doctorCase.advice.limitationsHint')}
          value={draft.limitations}
          onChange={(e) => set('limitations', e.currentTarget.value)}
          error={errors.limitations}
          minRows={3}
          autosize
        />
        <Checkbox.Group
          label={t('doctorCase.advice.categories')}
          value={draft.categories}
          onChange={(v) => set('categories', v as LimitationCategory[])}
          error={errors.limitationCategories}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={4}>
            {CATEGORIES.map((c) => (
              <Checkbox key={c} value={c} label={t(`limitationCategory.${c}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Textarea
          id={`${idPrefix}-capabilities`}
          label={t('doctorCase.advice.capabilities')}
          description={t('doctorCase.advice.capabilitiesHint')}
          value={draft.capabilities}
          onChange={(e) => set('capabilities', e.currentTarget.value)}
          error={errors.capabilities}
          minRows={2}
          autosize
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <NumberInput
            label={t('doctorCase.advice.hoursPerDay')}
            value={draft.hoursPerDay}
            onChange={(v) => set('hoursPerDay', v)}
            min={0}
            max={24}
            step={0.5}
            decimalScale={1}
            decimalSeparator={decimalSeparator}
            error={errors.hoursPerDay}
          />
          <NumberInput
            label={t('doctorCase.advice.hoursPerWeek')}
            value={draft.hoursPerWeek}
            onChange={(v) => set('hoursPerWeek', v)}
            min={0}
            max={60}
            step={1}
            decimalScale={1}
            decimalSeparator={decimalSeparator}
            error={errors.hoursPerWeek}
          />
          <DateField
            label={t('doctorCase.advice.recoveryOn')}
            value={draft.recoveryOn}
            onChange={(v) => set('recoveryOn', v)}
            error={errors.expectedRecoveryOn}
            future
            required={false}
          />
          <DateField
            label={t('doctorCase.advice.recoveryUntil')}
            value={draft.recoveryUntil}
            onChange={(v) => set('recoveryUntil', v)}
            error={errors.expectedRecoveryUntil}
            future
            required={false}
          />
        </SimpleGrid>
        <Textarea
          id={`${idPrefix}-advice`}
          label={t('doctorCase.advice.advice')}
          description={t('doctorCase.advice.adviceHint')}
          value={draft.advice}
          onChange={(e) => set('advice', e.currentTarget.value)}
          error={errors.advice}
          minRows={3}
          autosize
          maxLength={5000}
        />
      </Stack>
    </Fieldset>
  );
}

/**
 * The check before saving: the advice exactly as the employer (and the employee) will read it,
 * with the employer's own card, and "Terug" / "Opslaan".
 */
export function AdvicePreview({
  advice,
  error,
  saving,
  onBack,
  onSave,
}: {
  advice: Advice;
  error: string | null;
  saving: boolean;
  onBack: () => void;
  onSave: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" component="section" aria-labelledby="advice-preview-heading">
      <Title order={3} size="h4" id="advice-preview-heading">
        {t('doctorCase.preview.title')}
      </Title>
      <Alert color="blue" variant="light">
        {t('doctorCase.preview.intro')}
      </Alert>
      <WorkabilityCard advice={advice} showNote />
      <FormError message={error} />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={saving}>
          {t('doctorCase.preview.back')}
        </Button>
        <Button onClick={onSave} loading={saving}>
          {t('doctorCase.preview.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** A given advice, compact and read-only (several on one page, so no fixed ids). */
export function AdviceSummary({ advice }: { advice: Advice }) {
  return (
    <Stack gap={6}>
      <AdviceDetails advice={advice} compact />
    </Stack>
  );
}

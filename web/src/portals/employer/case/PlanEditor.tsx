import { ActionIcon, Button, Checkbox, Fieldset, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { ActivityOwner, PlanFieldsFragment } from '../../../gql/graphql';
import { FormError } from '../../../components/FormError';
import { MedicalWarning, WARNING_BELOW } from '../../../cases/MedicalWarning';
import { todayIso } from '../../../dates';
import { DateField, EmployerText } from '../../../cases/forms';
import { useFormMutation } from '../../../components/useFormMutation';
import { CaseManagersDocument, SavePlanDocument } from './operations';

const OWNERS: ActivityOwner[] = ['EMPLOYER', 'EMPLOYEE', 'COMPANY_DOCTOR', 'AGENCY', 'OTHER'];

interface Row {
  key: number;
  description: string;
  owner: ActivityOwner;
  dueOn: string;
  done: boolean;
}

/**
 * Writes the plan of action. Starting from the current version, a change to a plan someone
 * signed becomes a new version that both sign again; after a fully signed plan it is an
 * adjustment (bijstelling) and asks what changed and why.
 */
export function PlanEditor({
  caseId,
  current,
  everSigned,
  defaultCaseManagerId,
  onDone,
}: {
  caseId: string;
  current: PlanFieldsFragment | null;
  everSigned: boolean;
  defaultCaseManagerId: string | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [{ data: managers }] = useQuery({ query: CaseManagersDocument });
  const [goal, setGoal] = useState(current?.goal ?? '');
  const [contact, setContact] = useState(current?.contactFrequency ?? '');
  const [manager, setManager] = useState<string | null>(current?.caseManager?.id ?? defaultCaseManagerId);
  const [changeNote, setChangeNote] = useState('');
  const [nextKey, setNextKey] = useState(100);
  const [rows, setRows] = useState<Row[]>(
    current?.activities.map((a, i) => ({ key: i, description: a.description, owner: a.owner, dueOn: a.dueOn, done: a.done })) ?? [
      { key: 0, description: '', owner: 'EMPLOYER', dueOn: todayIso(), done: false },
    ],
  );
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(SavePlanDocument);
  const needsNote = everSigned;

  function update(key: number, change: Partial<Row>) {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!goal.trim()) errors.goal = t('form.required');
    if (!contact.trim()) errors.contactFrequency = t('form.required');
    if (rows.length === 0 || rows.some((r) => !r.description.trim() || !r.dueOn)) errors.activities = t('employerCase.plan.activitiesRequired');
    if (needsNote && !changeNote.trim()) errors.changeNote = t('form.required');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const result = await submit(
      {
        caseId,
        input: {
          goal: goal.trim(),
          contactFrequency: contact.trim(),
          caseManagerUserId: manager,
          changeNote: changeNote.trim() || null,
          activities: rows.map((r) => ({ description: r.description.trim(), owner: r.owner, dueOn: r.dueOn, done: r.done })),
        },
      },
      ['goal', 'contactFrequency', 'changeNote', 'activities', 'activities.description', 'activities.dueOn', 'caseManagerUserId'],
    );
    if (result?.data) {
      notifications.show({ color: 'green', message: t('employerCase.plan.saved', { version: result.data.savePlanOfAction.version }) });
      onDone();
    }
  }

  const activityError = fieldErrors.activities ?? fieldErrors['activities.description'] ?? fieldErrors['activities.dueOn'];
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('employerCase.plan.editorTitle')}>
      <Stack gap="md">
        {current && current.status !== 'DRAFT' && (
          <Text size="sm" role="note">
            {t(everSigned ? 'employerCase.plan.adjustmentNote' : 'employerCase.plan.resignNote')}
          </Text>
        )}
        <FormError message={error} />
        <EmployerText id="plan-goal" label={t('caseCommon.goal')} value={goal} onChange={setGoal} error={fieldErrors.goal} required rows={2} />
        <Fieldset legend={t('caseCommon.activities')}>
          <Stack gap="sm">
            {rows.map((r, i) => (
              <Group key={r.key} align="flex-end" gap="xs" wrap="wrap">
                <TextInput
                  label={t('employerCase.plan.activityN', { n: i + 1 })}
                  value={r.description}
                  onChange={(e) => update(r.key, { description: e.currentTarget.value })}
                  required
                  maxLength={500}
                  style={{ flex: '1 1 16rem' }}
                />
                <Select
                  label={t('caseCommon.owner')}
                  data={OWNERS.map((o) => ({ value: o, label: t(`owner.${o}`) }))}
                  value={r.owner}
                  onChange={(v) => update(r.key, { owner: (v as ActivityOwner | null) ?? 'EMPLOYER' })}
                  allowDeselect={false}
                  w={170}
                />
                <DateField label={t('caseCommon.dueOn')} value={r.dueOn} onChange={(v) => update(r.key, { dueOn: v })} future />
                <Checkbox label={t('caseCommon.done')} checked={r.done} onChange={(e) => update(r.key, { done: e.currentTarget.checked })} mb={8} />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  mb={4}
                  aria-label={t('employerCase.plan.removeActivity', { n: i + 1 })}
                  onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                  disabled={rows.length === 1}
                >
                  <span aria-hidden="true">✕</span>
                </ActionIcon>
              </Group>
            ))}
            {activityError && (
              <Text c="red.8" size="sm" role="alert">
                {activityError}
              </Text>
            )}
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  setRows((rs) => [...rs, { key: nextKey, description: '', owner: 'EMPLOYEE', dueOn: todayIso(), done: false }]);
                  setNextKey((k) => k + 1);
                }}
              >
                {t('employerCase.plan.addActivity')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t('employerCase.plan.activitiesHint')}
            </Text>
          </Stack>
        </Fieldset>
        <TextInput
          label={t('caseCommon.contactFrequency')}
          description={
            <>
              {t('employerCase.plan.contactHint')} <MedicalWarning />
            </>
          }
          inputWrapperOrder={WARNING_BELOW}
          value={contact}
          onChange={(e) => setContact(e.currentTarget.value)}
          error={fieldErrors.contactFrequency}
          required
          maxLength={300}
        />
        <Select
          label={t('caseCommon.caseManager')}
          data={(managers?.caseManagers ?? []).map((m) => ({ value: m.id, label: m.name }))}
          value={manager}
          onChange={setManager}
          clearable
          error={fieldErrors.caseManagerUserId}
        />
        {needsNote && (
          <EmployerText id="plan-change" label={t('caseCommon.changeNote')} value={changeNote} onChange={setChangeNote} error={fieldErrors.changeNote} required rows={2} maxLength={2000} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={fetching}>
            {t('employerCase.plan.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

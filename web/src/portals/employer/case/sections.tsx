import { Button, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { ActivityKind, CloseReason, DeadlineKind, EvaluationKind, ExpertOpinionQuestion, Track } from '../../../gql/graphql';
import { FormError } from '../../../components/FormError';
import { SectionCard } from '../../../components/SectionCard';
import { RecordMilestoneDocument, RequestExpertOpinionDocument, type CaseDetail } from '../../../cases/operations';
import { EXPERT_OPINION_QUESTIONS, type ExpertOpinion } from '../../../cases/sections/ExpertOpinionsSection';
import { formatDate, todayIso } from '../../../dates';
import { DateField, EmployerText } from '../../../cases/forms';
import { useFormMutation } from '../../../components/useFormMutation';
import {
  AnswerExpertOpinionDocument,
  CaseManagersDocument,
  CloseCaseDocument,
  ExtendWagePaymentDocument,
  FollowUpExpertOpinionDocument,
  LogActivityDocument,
  RecordEvaluationDocument,
  ReportPartialRecoveryDocument,
  ReportRecoveryDocument,
  UpdateCaseDocument,
} from './operations';

// The employer's own parts of the case page: what it adds to the shared sections (recording an
// evaluation, a log entry, an expert opinion and UWV's answer) and the steps that move the clock.

const EVALUATION_KINDS: EvaluationKind[] = ['PERIODIC', 'FIRST_YEAR', 'FINAL'];

/** The form to record an evaluation (under the list of evaluations). */
export function EvaluationForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<EvaluationKind>('PERIODIC');
  const [heldOn, setHeldOn] = useState(todayIso());
  const [summary, setSummary] = useState('');
  const [agreements, setAgreements] = useState('');
  const [prospect, setProspect] = useState(false);
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(RecordEvaluationDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!summary.trim()) {
      setFieldErrors({ summary: t('form.required') });
      return;
    }
    const result = await submit(
      {
        caseId,
        kind,
        input: { heldOn, summary: summary.trim(), agreements: agreements.trim() || null, returnProspect: kind === 'FIRST_YEAR' ? prospect : null },
      },
      ['heldOn', 'summary', 'agreements', 'returnProspect'],
    );
    if (result) {
      notifications.show({ color: 'green', message: t('employerCase.evaluation.saved') });
      setSummary('');
      setAgreements('');
    }
  }

  return (
    <SectionCard level={4} headingId="evaluation-form-heading" title={t('employerCase.evaluation.record')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('employerCase.evaluation.kind')}
              data={EVALUATION_KINDS.map((k) => ({ value: k, label: t(`evaluationKind.${k}`) }))}
              value={kind}
              onChange={(v) => setKind((v as EvaluationKind | null) ?? 'PERIODIC')}
              allowDeselect={false}
            />
            <DateField label={t('employerCase.evaluation.heldOn')} value={heldOn} onChange={setHeldOn} error={fieldErrors.heldOn} />
          </SimpleGrid>
          <EmployerText id="ev-summary" label={t('caseCommon.summary')} value={summary} onChange={setSummary} error={fieldErrors.summary} required rows={3} maxLength={10000} />
          <EmployerText id="ev-agreements" label={t('caseCommon.agreements')} value={agreements} onChange={setAgreements} error={fieldErrors.agreements} rows={2} maxLength={10000} />
          {kind === 'FIRST_YEAR' && (
            <Checkbox label={t('employerCase.evaluation.prospect')} description={t('employerCase.evaluation.prospectHint')} checked={prospect} onChange={(e) => setProspect(e.currentTarget.checked)} />
          )}
          {kind === 'FINAL' && <Text size="sm">{t('employerCase.evaluation.finalHint')}</Text>}
          <Group justify="flex-end">
            <Button type="submit" loading={fetching}>
              {t('employerCase.evaluation.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

const ACTIVITY_KINDS: ActivityKind[] = ['CONVERSATION', 'AGREEMENT', 'CONTACT', 'NOTE', 'COOPERATION_WARNING', 'WAGE_SUSPENSION', 'WAGE_STOP'];

/** The form for a new entry in the activity log (above the log). */
export function ActivityForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ActivityKind>('CONVERSATION');
  const [on, setOn] = useState(todayIso());
  const [summary, setSummary] = useState('');
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(LogActivityDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!summary.trim()) {
      setFieldErrors({ summary: t('form.required') });
      return;
    }
    const result = await submit({ caseId, input: { kind, occurredOn: on, summary: summary.trim() } }, ['occurredOn', 'summary']);
    if (result) {
      notifications.show({ color: 'green', message: t('employerCase.activity.saved') });
      setSummary('');
    }
  }

  return (
    <SectionCard level={4} headingId="activity-form-heading" title={t('employerCase.activity.new')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('employerCase.activity.kind')}
              data={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activityKind.${k}`) }))}
              value={kind}
              onChange={(v) => setKind((v as ActivityKind | null) ?? 'CONVERSATION')}
              allowDeselect={false}
            />
            <DateField label={t('employerCase.activity.on')} value={on} onChange={setOn} error={fieldErrors.occurredOn} />
          </SimpleGrid>
          <EmployerText id="activity-summary" label={t('employerCase.activity.summary')} value={summary} onChange={setSummary} error={fieldErrors.summary} required />
          <Group justify="flex-end">
            <Button type="submit" loading={fetching}>
              {t('employerCase.activity.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** Under a request: UWV's answer once it came, then the follow-up of it. */
export function OpinionAnswerForms({ opinion }: { opinion: ExpertOpinion }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayIso());
  const [text, setText] = useState('');
  const answer = useFormMutation(AnswerExpertOpinionDocument);
  const followUp = useFormMutation(FollowUpExpertOpinionDocument);
  const answering = !opinion.answeredOn;
  const m = answering ? answer : followUp;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const field = answering ? 'outcome' : 'followUp';
    if (!text.trim()) {
      m.setFieldErrors({ [field]: t('form.required') });
      return;
    }
    const result = answering
      ? await answer.submit({ id: opinion.id, answeredOn: date, outcome: text.trim() }, ['answeredOn', 'outcome'])
      : await followUp.submit({ id: opinion.id, followedUpOn: date, followUp: text.trim() }, ['followedUpOn', 'followUp']);
    if (result) setText('');
  }

  if (opinion.followedUpOn) return null;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="xs">
        <FormError message={m.error} />
        <DateField
          label={t(answering ? 'employerCase.opinion.answeredOn' : 'employerCase.opinion.followedUpOn')}
          value={date}
          onChange={setDate}
          error={m.fieldErrors.answeredOn ?? m.fieldErrors.followedUpOn}
        />
        <EmployerText
          id={`opinion-${opinion.id}-text`}
          label={t(answering ? 'employerCase.opinion.outcome' : 'caseCommon.followUp')}
          value={text}
          onChange={setText}
          error={m.fieldErrors.outcome ?? m.fieldErrors.followUp}
          required
          rows={2}
        />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={m.fetching}>
            {t(answering ? 'employerCase.opinion.saveAnswer' : 'employerCase.opinion.saveFollowUp')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The form to record a new request for an expert opinion (under the requests). */
export function OpinionRequestForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState<ExpertOpinionQuestion>('EMPLOYER_EFFORT');
  const [submittedOn, setSubmittedOn] = useState(todayIso());
  const { submit, fetching, error, fieldErrors } = useFormMutation(RequestExpertOpinionDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await submit({ caseId, question, submittedOn }, ['submittedOn']);
    if (result) notifications.show({ color: 'green', message: t('employerCase.opinion.requested') });
  }

  return (
    <SectionCard level={4} headingId="opinion-form-heading" title={t('employerCase.opinion.new')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={error} />
          <Select
            label={t('employerCase.opinion.question')}
            data={EXPERT_OPINION_QUESTIONS.map((q) => ({ value: q, label: t(`question.${q}`) }))}
            value={question}
            onChange={(v) => setQuestion((v as ExpertOpinionQuestion | null) ?? 'EMPLOYER_EFFORT')}
            allowDeselect={false}
          />
          <DateField label={t('employerCase.opinion.submittedOn')} value={submittedOn} onChange={setSubmittedOn} error={fieldErrors.submittedOn} />
          <Group justify="flex-end">
            <Button type="submit" loading={fetching}>
              {t('employerCase.opinion.request')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** The steps recorded as done here, in legal order (the server's RECORDABLE_STEPS). */
const STEPS: DeadlineKind[] = [
  'PROBLEM_ANALYSIS',
  'SAFETY_NET_REPORT',
  'UWV_42_WEEK_REPORT',
  'LABOUR_EXPERT_EXAMINATION',
  'TRACK2_START',
  'EARLY_IVA_APPLICATION',
  'WIA_LETTER',
  'CURRENT_ASSESSMENT',
  'RIV_TO_EMPLOYEE',
  'WIA_APPLICATION',
  'EMPLOYMENT_END_REPORT',
  'RIV_ON_LEAVING',
];
const TRACKS: Track[] = ['TRACK_1', 'TRACK_2', 'BOTH', 'TRACK_3'];

function StepForm({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DeadlineKind>('UWV_42_WEEK_REPORT');
  const [on, setOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const { submit, fetching, error, fieldErrors } = useFormMutation(RecordMilestoneDocument);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await submit({ caseId: c.id, kind, on, note: note.trim() || null }, ['on', 'note']);
    if (result) {
      notifications.show({ color: 'green', message: t('employerCase.steps.saved', { step: t(`deadline.${kind}`) }) });
      setNote('');
    }
  }
  return (
    <SectionCard level={4} headingId="step-form-heading" title={t('employerCase.steps.record')}>
      <Text size="sm">{t('employerCase.steps.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('employerCase.steps.step')}
              data={STEPS.map((k) => ({ value: k, label: t(`deadline.${k}`) }))}
              value={kind}
              onChange={(v) => setKind((v as DeadlineKind | null) ?? 'UWV_42_WEEK_REPORT')}
              allowDeselect={false}
            />
            <DateField label={t('employerCase.steps.on')} value={on} onChange={setOn} error={fieldErrors.on} />
          </SimpleGrid>
          <EmployerText id="step-note" label={t('employerCase.steps.note')} value={note} onChange={setNote} error={fieldErrors.note} rows={1} maxLength={2000} />
          <Group justify="flex-end">
            <Button type="submit" loading={fetching}>
              {t('employerCase.steps.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

function RecoveryForms({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [recoveredOn, setRecoveredOn] = useState(todayIso());
  const [from, setFrom] = useState(todayIso());
  const [percentage, setPercentage] = useState<number | string>(50);
  const full = useFormMutation(ReportRecoveryDocument);
  const partial = useFormMutation(ReportPartialRecoveryDocument);
  if (c.status !== 'OPEN') return null;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <SectionCard level={4} headingId="partial-recovery-heading" title={t('employerCase.recovery.partial')}>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await partial.submit({ caseId: c.id, from, workingPercentage: Number(percentage) }, ['from', 'workingPercentage']);
            if (r) notifications.show({ color: 'green', message: t('employerCase.recovery.partialSaved') });
          }}
          noValidate
        >
          <Stack gap="sm">
            <FormError message={partial.error} />
            <DateField label={t('employerCase.recovery.from')} value={from} onChange={setFrom} error={partial.fieldErrors.from} />
            <NumberInput
              label={t('employerCase.recovery.percentage')}
              value={percentage}
              onChange={setPercentage}
              min={1}
              max={99}
              suffix="%"
              allowDecimal={false}
              error={partial.fieldErrors.workingPercentage}
            />
            <Group justify="flex-end">
              <Button type="submit" variant="light" loading={partial.fetching}>
                {t('employerCase.recovery.savePartial')}
              </Button>
            </Group>
          </Stack>
        </form>
      </SectionCard>
      <SectionCard level={4} headingId="recovery-heading" title={t('employerCase.recovery.full')}>
        <Text size="sm">{t('employerCase.recovery.fullHint')}</Text>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await full.submit({ caseId: c.id, recoveredOn }, ['recoveredOn']);
            if (r) notifications.show({ color: 'green', message: t('employerCase.recovery.fullSaved') });
          }}
          noValidate
        >
          <Stack gap="sm">
            <FormError message={full.error} />
            <DateField label={t('employerCase.recovery.recoveredOn')} value={recoveredOn} onChange={setRecoveredOn} error={full.fieldErrors.recoveredOn} />
            <Group justify="flex-end">
              <Button type="submit" loading={full.fetching}>
                {t('employerCase.recovery.saveFull')}
              </Button>
            </Group>
          </Stack>
        </form>
      </SectionCard>
    </SimpleGrid>
  );
}

function CaseSettings({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [{ data: managers }] = useQuery({ query: CaseManagersDocument });
  const [track, setTrack] = useState<Track>(c.track);
  const [manager, setManager] = useState<string | null>(c.caseManager?.id ?? null);
  const [prospect, setProspect] = useState(c.returnProspect);
  const { submit, fetching, error, fieldErrors } = useFormMutation(UpdateCaseDocument);
  return (
    <SectionCard level={4} headingId="case-settings-heading" title={t('employerCase.settings.title')}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await submit(
            { caseId: c.id, input: { track, caseManagerUserId: manager, clearCaseManager: manager === null, returnProspect: prospect } },
            ['track', 'caseManagerUserId'],
          );
          if (r) notifications.show({ color: 'green', message: t('employerCase.settings.saved') });
        }}
        noValidate
      >
        <Stack gap="sm">
          <FormError message={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('employerCase.dashboard.track')}
              data={TRACKS.map((k) => ({ value: k, label: t(`track.${k}`) }))}
              value={track}
              onChange={(v) => setTrack((v as Track | null) ?? 'TRACK_1')}
              allowDeselect={false}
            />
            <Select
              label={t('caseCommon.caseManager')}
              data={(managers?.caseManagers ?? []).map((m) => ({ value: m.id, label: m.name }))}
              value={manager}
              onChange={setManager}
              clearable
              error={fieldErrors.caseManagerUserId}
            />
          </SimpleGrid>
          <Checkbox label={t('employerCase.evaluation.prospect')} description={t('employerCase.evaluation.prospectHint')} checked={prospect} onChange={(e) => setProspect(e.currentTarget.checked)} />
          {c.returnProspect && c.clock.returnProspectOn && (
            <Text size="sm">
              {t('employerCase.settings.prospectHolds', {
                date: formatDate(c.clock.returnProspectOn),
                until: formatDate(dayjs(c.clock.returnProspectOn).add(3, 'month').format('YYYY-MM-DD')),
              })}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={fetching}>
              {t('employerCase.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** The voluntary extension of wage payment agreed with the employee: the WIA dates move. At
 * least 13 weeks, no maximum (UWV's sanction is recorded under "Bijzondere situaties"). */
function ExtensionForm({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [weeks, setWeeks] = useState<number | string>(c.extensionWeeks || 13);
  const [date, setDate] = useState(todayIso());
  const { submit, fetching, error, fieldErrors } = useFormMutation(ExtendWagePaymentDocument);
  return (
    <SectionCard level={4} headingId="wage-extension-heading" title={t('employerCase.wage.extension')}>
      <Text size="sm">{c.extensionWeeks > 0 ? t('employerCase.wage.extensionNow', { weeks: c.extensionWeeks }) : t('employerCase.wage.extensionHint')}</Text>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await submit({ caseId: c.id, weeks: Number(weeks), agreedOn: date }, ['weeks', 'agreedOn']);
          if (r) notifications.show({ color: 'green', message: t('employerCase.wage.saved') });
        }}
        noValidate
      >
        <Stack gap="sm">
          <FormError message={error} />
          <NumberInput label={t('employerCase.wage.weeks')} value={weeks} onChange={setWeeks} min={13} allowDecimal={false} error={fieldErrors.weeks} />
          <DateField label={t('employerCase.wage.agreedOn')} value={date} onChange={setDate} error={fieldErrors.agreedOn} />
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={fetching}>
              {t('employerCase.wage.saveExtension')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

const CLOSE_REASONS: CloseReason[] = ['RECOVERED', 'EMPLOYMENT_ENDED', 'END_OF_WAGE_PAYMENT'];

function CloseForm({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<CloseReason>(c.status === 'RECOVERED' ? 'RECOVERED' : 'EMPLOYMENT_ENDED');
  const [closedOn, setClosedOn] = useState(todayIso());
  const { submit, fetching, error, fieldErrors } = useFormMutation(CloseCaseDocument);
  if (c.status === 'CLOSED') return null;
  return (
    <SectionCard level={4} headingId="close-case-heading" title={t('employerCase.close.title')}>
      <Text size="sm">{t('employerCase.close.intro')}</Text>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await submit({ caseId: c.id, reason, closedOn }, ['closedOn']);
          if (r) notifications.show({ color: 'green', message: t('employerCase.close.done') });
        }}
        noValidate
      >
        <Stack gap="sm">
          <FormError message={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('employerCase.close.reason')}
              data={CLOSE_REASONS.map((r) => ({ value: r, label: t(`closeReason.${r}`) }))}
              value={reason}
              onChange={(v) => setReason((v as CloseReason | null) ?? 'EMPLOYMENT_ENDED')}
              allowDeselect={false}
            />
            <DateField label={t('employerCase.close.on')} value={closedOn} onChange={setClosedOn} error={fieldErrors.closedOn} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" variant="default" loading={fetching}>
              {t('employerCase.close.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** Steps done outside the product, recovery, the case's track and manager, the voluntary
 * extension, closing. */
export function StepsSection({ c, mayDecide }: { c: CaseDetail; mayDecide: boolean }) {
  return (
    <Stack gap="md">
      <StepForm c={c} />
      <RecoveryForms c={c} />
      {mayDecide && <CaseSettings c={c} />}
      {mayDecide && <ExtensionForm c={c} />}
      {mayDecide && <CloseForm c={c} />}
    </Stack>
  );
}

import { Alert, Button, Card, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftTrack2ReportMutation, Track2ReportKind } from '../../gql/graphql';
import { ConfirmInRow } from '../../components/ConfirmInRow';
import { FormError } from '../../components/FormError';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { formatDate, formatDateTime } from '../../dates';
import { Track2Reports } from '../../track2/Track2Reports';
import { AgencyText, REPORT_KINDS, useAgencyMutation, type Track2 } from './forms';
import { SectionCard } from '../../components/SectionCard';
import { DraftTrack2ReportDocument, SaveTrack2ReportDocument, SubmitTrack2ReportDocument } from './operations';

type Draft = DraftTrack2ReportMutation['draftTrack2Report'];

const TEXT_FIELDS = ['activities', 'assessment', 'attitude'];

/**
 * The draft being written: its period, the activities text the server wrote from the file
 * (editable), the consultant's assessment and the employee's attitude. A final report ends
 * track 2, so it is confirmed first.
 */
function DraftEditor({ caseId, draft, onSubmitted }: { caseId: string; draft: Draft; onSubmitted: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Track2ReportKind>(draft.kind);
  const [activities, setActivities] = useState(draft.activities);
  const [assessment, setAssessment] = useState(draft.assessment ?? '');
  const [attitude, setAttitude] = useState(draft.attitude ?? '');
  const [savedAt, setSavedAt] = useState(draft.updatedAt);
  const [storedActivities, setStoredActivities] = useState(draft.activities);
  const [confirming, setConfirming] = useState(false);
  const save = useAgencyMutation(SaveTrack2ReportDocument);
  const rewriting = useAgencyMutation(DraftTrack2ReportDocument);
  const submitting = useAgencyMutation(SubmitTrack2ReportDocument);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const errors = { ...save.fieldErrors, ...submitting.fieldErrors, ...problems };
  const error = save.error ?? submitting.error ?? rewriting.error;

  // A field's complaint goes once the user changes that field.
  const edit = (field: string, set: (v: string) => void) => (value: string) => {
    set(value);
    setProblems(({ [field]: _gone, ...rest }) => rest);
  };

  // The activities text goes along only when the consultant changed it: the server keeps the
  // stored text otherwise, and the long generated text need not travel back and forth.
  const texts = () => ({
    activities: activities.trim() === storedActivities.trim() ? undefined : activities.trim(),
    assessment: assessment.trim(),
    attitude: attitude.trim(),
  });

  // Written again from the file as it is now (what was recorded since the draft was opened);
  // the consultant's own changes to this text are replaced, the other texts stay.
  async function onRewrite() {
    const result = await rewriting.submit({ caseId, kind, rewrite: true });
    if (result?.data) {
      setActivities(result.data.draftTrack2Report.activities);
      setStoredActivities(result.data.draftTrack2Report.activities);
      setSavedAt(result.data.draftTrack2Report.updatedAt);
    }
  }

  async function onSave() {
    setProblems(activities.trim() ? {} : { activities: t('form.required') });
    if (!activities.trim()) return;
    submitting.setError(null);
    const result = await save.submit({ id: draft.id, input: { ...texts(), kind } }, TEXT_FIELDS);
    if (result?.data) {
      setSavedAt(result.data.saveTrack2Report.updatedAt);
      setStoredActivities(activities);
      notifications.show({ color: 'green', message: t('agency.report.draftSaved') });
    }
  }

  function onSubmitClick() {
    const found: Record<string, string> = {};
    if (!activities.trim()) found.activities = t('form.required');
    if (!assessment.trim()) found.assessment = t('agency.report.assessmentRequired');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    if (kind === 'FINAL') setConfirming(true);
    else void onSubmit();
  }

  async function onSubmit() {
    save.setError(null);
    const result = await submitting.submit({ caseId, input: { ...texts(), kind } }, TEXT_FIELDS);
    setConfirming(false);
    if (result) {
      notifications.show({ color: 'green', message: t(kind === 'FINAL' ? 'agency.report.submittedFinal' : 'agency.report.submitted') });
      onSubmitted();
    }
  }

  return (
    <Card withBorder radius="sm" padding="sm" component="section" aria-labelledby="draft-heading">
      <Stack gap="sm">
        <Title order={4} size="h5" id="draft-heading">
          {t('agency.report.draftHeading', { from: formatDate(draft.periodFrom), to: formatDate(draft.periodTo) })}
        </Title>
        <Text size="xs" c="dimmed">
          {t('agency.report.lastSaved', { date: formatDateTime(savedAt) })}
        </Text>
        <FormError message={error} />
        <Radio.Group label={t('agency.report.kind')} value={kind} onChange={(v) => setKind(v as Track2ReportKind)}>
          <Stack gap="xs" mt={6}>
            {REPORT_KINDS.map((k) => (
              <Radio key={k} size="md" value={k} label={t(`agency.reportKind.${k}`)} />
            ))}
          </Stack>
        </Radio.Group>
        {kind === 'FINAL' && (
          <Alert color="orange" variant="light" icon={<span aria-hidden="true">⚠</span>}>
            {t('agency.report.finalHint')}
          </Alert>
        )}
        <AgencyText
          id="report-activities"
          label={t('agency.report.activities')}
          hint={t('agency.report.activitiesHint')}
          value={activities}
          onChange={edit('activities', setActivities)}
          error={errors.activities}
          required
          rows={8}
        />
        <Group>
          <Button variant="subtle" size="sm" onClick={onRewrite} loading={rewriting.fetching} styles={WRAPPING_BUTTON}>
            {t('agency.report.rewrite')}
          </Button>
        </Group>
        <AgencyText id="report-assessment" label={t('agency.report.assessment')} value={assessment} onChange={edit('assessment', setAssessment)} error={errors.assessment} required rows={4} />
        <AgencyText id="report-attitude" label={t('agency.report.attitude')} value={attitude} onChange={setAttitude} error={errors.attitude} rows={3} />
        {confirming ? (
          <ConfirmInRow
            question={t('agency.report.finalConfirm')}
            confirmLabel={t('agency.report.finalConfirmButton')}
            onConfirm={onSubmit}
            onCancel={() => setConfirming(false)}
            loading={submitting.fetching}
          />
        ) : (
          <Group gap="xs" grow>
            <Button variant="default" size="md" onClick={onSave} loading={save.fetching} styles={WRAPPING_BUTTON}>
              {t('agency.report.saveDraft')}
            </Button>
            <Button size="md" onClick={onSubmitClick} loading={submitting.fetching} styles={WRAPPING_BUTTON}>
              {t('agency.report.submit')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/**
 * Writing the next report: "Rapportage opstellen" opens the draft (or starts one) for the period
 * since the last submitted report up to today.
 */
function DraftSection({ caseId, track2 }: { caseId: string; track2: Track2 }) {
  const { t } = useTranslation();
  const existing = track2.reports.find((r) => r.status === 'DRAFT');
  const [opened, setOpened] = useState<Draft | null>(null);
  const { submit, fetching, error } = useAgencyMutation(DraftTrack2ReportDocument);

  async function onDraft() {
    const result = await submit({ caseId, kind: existing?.kind ?? 'PROGRESS' });
    if (result?.data) setOpened(result.data.draftTrack2Report);
  }

  return (
    <SectionCard headingId="report-draft-heading" title={t('agency.report.title')}>
      <Text size="sm">{t('agency.report.intro')}</Text>
      {opened ? (
        <DraftEditor key={opened.id} caseId={caseId} draft={opened} onSubmitted={() => setOpened(null)} />
      ) : (
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {existing
              ? t('agency.report.draftWaiting', {
                  from: formatDate(existing.periodFrom),
                  to: formatDate(existing.periodTo),
                  date: formatDateTime(existing.updatedAt),
                })
              : t('agency.report.noDraft')}
          </Text>
          <FormError message={error} />
          <Button size="md" onClick={onDraft} loading={fetching} styles={WRAPPING_BUTTON}>
            {t('agency.report.draft')}
          </Button>
        </Stack>
      )}
    </SectionCard>
  );
}

/** The reports: writing the next one (while track 2 runs), and those submitted. */
export function ReportTab({ caseId, track2 }: { caseId: string; track2: Track2 }) {
  const { t } = useTranslation();
  const submitted = track2.reports.filter((r) => r.status === 'SUBMITTED');
  return (
    <Stack gap="md">
      {track2.canEdit && <DraftSection caseId={caseId} track2={track2} />}
      <SectionCard headingId="reports-heading" title={t('agency.report.submittedTitle')}>
        <Track2Reports reports={submitted} headingLevel={4} />
      </SectionCard>
    </Stack>
  );
}

import { Button, Fieldset, Group, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessmentKind } from '../../gql/graphql';
import { FormError } from '../../components/FormError';
import { todayIso } from '../../dates';
import { DateField } from '../../cases/forms';
import { SectionCard } from '../../components/SectionCard';
import { useFormMutation } from '../../components/useFormMutation';
import { usePortal } from '../PortalShell';
import { ADVICE_FIELDS, AdviceFieldset, AdvicePreview, EMPTY_ADVICE, adviceInput, adviceProblems, advicePreview, type AdviceDraft } from './advice';
import { DoctorGiveAdviceDocument, DoctorRecordAssessmentDocument, DoctorRecordConsultationDocument } from './operations';

const CONSULTATION_FIELDS = ['date', 'complaints', 'diagnosis', 'notes', 'treatment', 'personalNotes'];

/** A consultation: medical, in the file; the personal working note only for the doctor. */
export function ConsultationForm({ caseId, onSaved }: { caseId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayIso());
  const [complaints, setComplaints] = useState('');
  const [diagnosis, setDiagnosis] = useState('');
  const [notes, setNotes] = useState('');
  const [treatment, setTreatment] = useState('');
  const [personal, setPersonal] = useState('');
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(DoctorRecordConsultationDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input = {
      date,
      complaints: complaints.trim() || null,
      diagnosis: diagnosis.trim() || null,
      notes: notes.trim() || null,
      treatment: treatment.trim() || null,
      personalNotes: personal.trim() || null,
    };
    if (!date) {
      setFieldErrors({ date: t('form.required') });
      return;
    }
    if (!input.complaints && !input.diagnosis && !input.notes && !input.treatment && !input.personalNotes) {
      setFieldErrors({ complaints: t('doctorCase.consult.empty') });
      return;
    }
    const result = await submit({ caseId, input }, CONSULTATION_FIELDS);
    if (result) {
      notifications.show({ color: 'green', message: t('doctorCase.consult.saved') });
      setComplaints('');
      setDiagnosis('');
      setNotes('');
      setTreatment('');
      setPersonal('');
      onSaved();
    }
  }

  return (
    <SectionCard headingId="consultation-heading" title={t('doctorCase.consult.title')}>
      <Text size="sm">{t('doctorCase.consult.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={error} />
          <DateField label={t('doctorCase.consult.date')} value={date} onChange={setDate} error={fieldErrors.date} />
          <Textarea
            id="consult-complaints"
            label={t('doctorCase.consult.complaints')}
            value={complaints}
            onChange={(e) => setComplaints(e.currentTarget.value)}
            error={fieldErrors.complaints}
            minRows={3}
            autosize
          />
          <TextInput
            id="consult-diagnosis"
            label={t('doctorCase.consult.diagnosis')}
            value={diagnosis}
            onChange={(e) => setDiagnosis(e.currentTarget.value)}
            error={fieldErrors.diagnosis}
            maxLength={2000}
          />
          <Textarea
            id="consult-notes"
            label={t('doctorCase.consult.notes')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={fieldErrors.notes}
            minRows={3}
            autosize
          />
          <Textarea
            id="consult-treatment"
            label={t('doctorCase.consult.treatment')}
            value={treatment}
            onChange={(e) => setTreatment(e.currentTarget.value)}
            error={fieldErrors.treatment}
            minRows={2}
            autosize
          />
          <Fieldset
            legend={t('doctorCase.file.personal')}
            radius="md"
            p="sm"
            variant="filled"
            style={{ borderLeft: '4px solid var(--mantine-color-grape-7)', minWidth: 0 }}
          >
            <Textarea
              id="consult-personal"
              label={t('doctorCase.consult.personal')}
              description={t('doctorCase.consult.personalHint')}
              value={personal}
              onChange={(e) => setPersonal(e.currentTarget.value)}
              error={fieldErrors.personalNotes}
              minRows={2}
              autosize
            />
          </Fieldset>
          <Group justify="flex-end">
            <Button type="submit" loading={fetching}>
              {t('doctorCase.consult.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

const KINDS: AssessmentKind[] = ['PROBLEM_ANALYSIS', 'CURRENT_ASSESSMENT'];

/**
 * A problem analysis or current assessment, in two clearly separate parts: the medical part
 * (stays in the file) and the advice (the employer reads it). Saving goes through a preview of
 * exactly what the employer will see.
 */
export function AssessmentForm({ caseId, defaultKind, onSaved }: { caseId: string; defaultKind: AssessmentKind; onSaved: () => void }) {
  const { t } = useTranslation();
  const { me } = usePortal();
  const [kind, setKind] = useState<AssessmentKind>(defaultKind);
  const [madeOn, setMadeOn] = useState(todayIso());
  const [medical, setMedical] = useState('');
  const [draft, setDraft] = useState<AdviceDraft>(EMPTY_ADVICE);
  const [previewRequested, setPreviewRequested] = useState(false);
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(DoctorRecordAssessmentDocument);
  // A field the server refused is shown at the field: back to the form.
  const previewing = previewRequested && Object.keys(fieldErrors).length === 0;

  function onPreview(event: FormEvent) {
    event.preventDefault();
    const problems = adviceProblems(draft, t);
    if (!madeOn) problems.givenOn = t('form.required');
    if (!medical.trim()) problems.medical = t('form.required');
    setFieldErrors(problems);
    if (Object.keys(problems).length === 0) setPreviewRequested(true);
  }

  async function onSave() {
    const result = await submit({ caseId, kind, medicalPart: medical.trim(), advice: adviceInput(draft, madeOn) }, ['medical', ...ADVICE_FIELDS]);
    if (result) {
      notifications.show({ color: 'green', message: t('doctorCase.assessment.saved', { kind: t(`doctorCase.kind.${kind}`) }) });
      setMedical('');
      setDraft(EMPTY_ADVICE);
      setPreviewRequested(false);
      onSaved();
    }
  }

  return (
    <SectionCard headingId="assessment-heading" title={t('doctorCase.assessment.title')}>
      {previewing ? (
        <AdvicePreview
          advice={advicePreview(draft, madeOn, { id: me.id, name: me.name })}
          error={error}
          saving={fetching}
          onBack={() => setPreviewRequested(false)}
          onSave={onSave}
        />
      ) : (
        <form onSubmit={onPreview} noValidate aria-labelledby="assessment-heading">
          <Stack gap="md">
            <Text size="sm">{t('doctorCase.assessment.intro')}</Text>
            <FormError message={error} />
            <Radio.Group label={t('doctorCase.assessment.kind')} value={kind} onChange={(v) => setKind(v as AssessmentKind)}>
              <Group gap="lg" mt={4}>
                {KINDS.map((k) => (
                  <Radio key={k} value={k} label={t(`doctorCase.kind.${k}`)} />
                ))}
              </Group>
            </Radio.Group>
            <DateField label={t('doctorCase.assessment.date')} value={madeOn} onChange={setMadeOn} error={fieldErrors.givenOn} />
            <Fieldset
              legend={t('doctorCase.assessment.medicalLegend')}
              radius="md"
              p="sm"
              variant="filled"
              style={{ borderLeft: '4px solid var(--mantine-color-grape-7)', minWidth: 0 }}
            >
              <Textarea
                id="assessment-medical"
                label={t('doctorCase.assessment.medical')}
                description={t('doctorCase.assessment.medicalHint')}
                value={medical}
                onChange={(e) => setMedical(e.currentTarget.value)}
                error={fieldErrors.medical}
                required
                minRows={5}
                autosize
              />
            </Fieldset>
            <AdviceFieldset draft={draft} onChange={setDraft} errors={fieldErrors} idPrefix="assessment" />
            <Group justify="flex-end">
              <Button type="submit">{t('doctorCase.assessment.preview')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

/** Workability advice on its own (after a consultation), through the same preview. */
export function AdviceForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { me } = usePortal();
  const [givenOn, setGivenOn] = useState(todayIso());
  const [draft, setDraft] = useState<AdviceDraft>(EMPTY_ADVICE);
  const [previewRequested, setPreviewRequested] = useState(false);
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useFormMutation(DoctorGiveAdviceDocument);
  // A field the server refused is shown at the field: back to the form.
  const previewing = previewRequested && Object.keys(fieldErrors).length === 0;

  function onPreview(event: FormEvent) {
    event.preventDefault();
    const problems = adviceProblems(draft, t);
    if (!givenOn) problems.givenOn = t('form.required');
    setFieldErrors(problems);
    if (Object.keys(problems).length === 0) setPreviewRequested(true);
  }

  async function onSave() {
    const result = await submit({ caseId, input: adviceInput(draft, givenOn) }, ADVICE_FIELDS);
    if (result) {
      notifications.show({ color: 'green', message: t('doctorCase.advice.saved') });
      setDraft(EMPTY_ADVICE);
      setPreviewRequested(false);
    }
  }

  return (
    <SectionCard headingId="advice-form-heading" title={t('doctorCase.advice.title')}>
      {previewing ? (
        <AdvicePreview
          advice={advicePreview(draft, givenOn, { id: me.id, name: me.name })}
          error={error}
          saving={fetching}
          onBack={() => setPreviewRequested(false)}
          onSave={onSave}
        />
      ) : (
        <form onSubmit={onPreview} noValidate aria-labelledby="advice-form-heading">
          <Stack gap="md">
            <Text size="sm">{t('doctorCase.advice.intro')}</Text>
            <FormError message={error} />
            <DateField label={t('doctorCase.advice.date')} value={givenOn} onChange={setGivenOn} error={fieldErrors.givenOn} />
            <AdviceFieldset draft={draft} onChange={setDraft} errors={fieldErrors} idPrefix="advice" />
            <Group justify="flex-end">
              <Button type="submit">{t('doctorCase.assessment.preview')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

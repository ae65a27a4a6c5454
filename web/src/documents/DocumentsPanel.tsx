import { Badge, Box, Button, Group, NativeSelect, Progress, Radio, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { Classification, DocumentFieldsFragment, DocumentType } from '../gql/graphql';
import { ConfirmInRow } from '../components/ConfirmInRow';
import { FormError } from '../components/FormError';
import { WRAPPING_BUTTON } from '../components/wrappingButton';
import { MedicalWarning } from '../cases/MedicalWarning';
import { formatDateTime } from '../dates';
import { errorMessage } from '../errors';
import i18n from '../i18n';
import { usePortal } from '../portals/PortalShell';
import { documentUrl, useDownload } from './download';
import { CaseDocumentsDocument, DeleteDocumentDocument, documentsContext } from './operations';
import { ACCEPTED_TYPES, MAX_UPLOAD_BYTES, isAbort, uploadDocument } from './upload';
import { QueryState } from '../components/QueryState';
import { SectionCard } from '../components/SectionCard';

/**
 * Who is adding documents, which decides what he may choose: the employer's staff add case
 * documents only; the employee and the company doctor choose between medical (for the doctor
 * and the employee alone) and case (for every party). The employee may also take a photo.
 */
export type Uploader = 'employer' | 'employee' | 'doctor';

const DOCUMENT_TYPES: DocumentType[] = [
  'OTHER',
  'PROBLEM_ANALYSIS',
  'PLAN_OF_ACTION',
  'PLAN_ADJUSTMENT',
  'EVALUATION',
  'CURRENT_ASSESSMENT',
  'FINAL_EVALUATION',
  'LABOUR_EXPERT_REPORT',
  'TRACK2_REPORT',
  'EXPERT_OPINION',
];
/** Long titles and file names wrap instead of widening the page on a phone. */
const WRAP = { overflowWrap: 'anywhere' } as const;
const LIST_HEADING = 'documents-heading';

/** True for an employee whose medical file is not open to his account (no activation code yet, or suspended). */
function medicalClosed(me: { medicalAccess?: { status: string } | null }): boolean {
  return me.medicalAccess != null && me.medicalAccess.status !== 'ACTIVE';
}

/** "850 kB", "2,9 MB" in the UI language. */
export function formatSize(bytes: number): string {
  const number = (n: number) => n.toLocaleString(i18n.language, { maximumFractionDigits: 1 });
  if (bytes < 1000 * 1000) return `${number(Math.max(1, Math.round(bytes / 1000)))} kB`;
  return `${number(bytes / (1000 * 1000))} MB`;
}

/** The case's documents and the form to add one, as the uploader may. */
export function DocumentsPanel({ caseId, uploader }: { caseId: string; uploader: Uploader }) {
  const { t } = useTranslation();
  const { me } = usePortal();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CaseDocumentsDocument, variables: { id: caseId }, context: documentsContext });
  const documents = data?.case?.documents;

  return (
    <Stack gap="md">
      <SectionCard headingId={LIST_HEADING} linkTarget title={t('documents.list.title')}>
        <Text size="sm">
          {t(uploader === 'employer' ? 'documents.list.introEmployer' : uploader === 'employee' ? 'documents.list.introEmployee' : 'documents.list.introDoctor')}
        </Text>
        {uploader === 'employee' && !me.mfaVerified && <Text size="sm">{t('documents.list.medicalHidden')}</Text>}
        {uploader === 'employee' && me.mfaVerified && medicalClosed(me) && <Text size="sm">{t('identity.access.documentsClosed')}</Text>}
        <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        {documents && <DocumentList documents={documents} emptyText={t('documents.list.empty')} headingId={LIST_HEADING} />}
      </SectionCard>
      <SectionCard headingId="upload-heading" title={t('documents.upload.title')}>
        <UploadForm caseId={caseId} uploader={uploader} onUploaded={() => refetch({ requestPolicy: 'network-only' })} />
      </SectionCard>
    </Stack>
  );
}

/**
 * Documents, newest first, each with its download and (when the reader may) its deletion.
 * After a deletion focus goes to the heading `headingId` instead of getting lost.
 */
export function DocumentList({ documents, emptyText, headingId }: { documents: DocumentFieldsFragment[]; emptyText: string; headingId: string }) {
  const { t } = useTranslation();
  const download = useDownload();
  return (
    <Stack gap="xs">
      <FormError message={errorMessage(t, download.error)} />
      {documents.length === 0 ? (
        <Text c="dimmed">{emptyText}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {documents.map((d) => (
            <DocumentRow
              key={d.id}
              document={d}
              downloading={download.busy === d.id}
              onDownload={() => download.start(d.id, documentUrl(d.id), d.filename)}
              headingId={headingId}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function DocumentRow({
  document: d,
  downloading,
  onDownload,
  headingId,
}: {
  document: DocumentFieldsFragment;
  downloading: boolean;
  onDownload: () => void;
  headingId: string;
}) {
  const { t } = useTranslation();
  const titleId = `document-${d.id}`;
  const [confirming, setConfirming] = useState(false);
  const [{ fetching, error }, remove] = useMutation(DeleteDocumentDocument);
  const deleteButton = useRef<HTMLButtonElement>(null);

  function cancel() {
    setConfirming(false);
    requestAnimationFrame(() => deleteButton.current?.focus());
  }

  async function confirm() {
    const res = await remove({ id: d.id }, documentsContext);
    if (!res.error) {
      notifications.show({ color: 'green', message: t('documents.list.deleted') });
      requestAnimationFrame(() => document.getElementById(headingId)?.focus());
    }
  }

  return (
    <li data-testid="document" style={{ borderTop: '1px solid var(--mantine-color-gray-3)', paddingTop: 'var(--mantine-spacing-xs)' }}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2} style={{ flex: '1 1 16rem', minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Text fw={600} id={titleId} style={WRAP}>
                {d.title}
              </Text>
              {d.classification === 'MEDICAL' && (
                <Badge color="grape" variant="light" leftSection={<span aria-hidden="true">✚</span>}>
                  {t('classification.MEDICAL')}
                </Badge>
              )}
            </Group>
            <Text size="sm">{t('documents.list.details', { type: t(`documentType.${d.documentType}`), size: formatSize(d.size) })}</Text>
            <Text size="sm" c="dimmed" style={WRAP}>
              {d.uploadedBy
                ? t('documents.list.uploadedBy', { date: formatDateTime(d.uploadedAt), name: d.uploadedBy })
                : t('documents.list.uploadedAt', { date: formatDateTime(d.uploadedAt) })}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button variant="light" onClick={onDownload} loading={downloading} aria-describedby={titleId}>
              {t('documents.list.download')}
            </Button>
            {d.canDelete && !confirming && (
              <Button ref={deleteButton} variant="default" onClick={() => setConfirming(true)} aria-describedby={titleId}>
                {t('documents.list.delete')}
              </Button>
            )}
          </Group>
        </Group>
        {confirming && (
          <ConfirmInRow
            question={t('documents.list.deleteQuestion', { title: d.title })}
            confirmLabel={t('documents.list.deleteConfirm')}
            onConfirm={confirm}
            onCancel={cancel}
            loading={fetching}
            error={errorMessage(t, error)}
          />
        )}
      </Stack>
    </li>
  );
}

/** True when a drag carries files (not text or a link from the page). */
function carriesFiles(e: DragEvent) {
  return Array.from(e.dataTransfer.types).includes('Files');
}

function UploadForm({ caseId, uploader, onUploaded }: { caseId: string; uploader: Uploader; onUploaded: () => void }) {
  const { t } = useTranslation();
  const { me } = usePortal();
  const id = useId();
  const chooses = uploader !== 'employer';
  // Medical documents need a session that passed the second factor (the policy's 2FA).
  // An employee's medical documents also need his medical file opened with the doctor's code.
  const closed = uploader === 'employee' && medicalClosed(me);
  const mayMedical = me.mfaVerified && !closed;
  // The doctor's papers are medical unless he says otherwise; the employee decides each time
  // on purpose, as either default would be wrong for some of what he adds.
  const initialClassification: Classification | null = uploader === 'employer' ? 'CASE' : uploader === 'doctor' && mayMedical ? 'MEDICAL' : null;
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [documentType, setDocumentType] = useState<DocumentType>('OTHER');
  const [classification, setClassification] = useState<Classification | null>(initialClassification);
  const [audienceError, setAudienceError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const upload = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const audience = useRef<HTMLDivElement>(null);
  const uploading = progress !== null;
  const describedBy = uploader === 'employer' ? `${id}-allowed ${id}-warning` : `${id}-allowed`;

  function pick(chosen: File | undefined) {
    setError(null);
    if (!chosen) return;
    if (chosen.size > MAX_UPLOAD_BYTES) {
      setFile(null);
      setError(t('errors.TOO_LARGE'));
    } else if (chosen.size === 0) {
      setFile(null);
      setError(t('errors.EMPTY_FILE'));
    } else {
      setFile(chosen);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    if (!uploading) pick(e.dataTransfer.files[0]);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setAudienceError(undefined);
    if (!file) {
      setError(t('documents.upload.noFile'));
      return;
    }
    if (!classification) {
      setAudienceError(t('documents.upload.audienceRequired'));
      audience.current?.querySelector<HTMLInputElement>('input:not(:disabled)')?.focus();
      return;
    }
    const controller = new AbortController();
    upload.current = controller;
    setProgress(0);
    try {
      await uploadDocument({ caseId, file, classification, documentType, title }, (fraction) => setProgress(Math.round(fraction * 100)), controller.signal);
      notifications.show({ color: 'green', message: t('documents.upload.done') });
      setFile(null);
      setTitle('');
      setDocumentType('OTHER');
      setClassification(initialClassification);
      onUploaded();
    } catch (failure) {
      if (isAbort(failure)) notifications.show({ color: 'gray', message: t('documents.upload.cancelled') });
      else setError(errorMessage(t, failure instanceof Error ? failure : new Error(String(failure))));
    } finally {
      upload.current = null;
      setProgress(null);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="upload-heading">
      <Stack gap="sm">
        {uploader === 'employer' && <MedicalWarning id={`${id}-warning`} textKey="documents.upload.employerWarning" />}
        <Box
          onDragEnter={(e) => {
            if (carriesFiles(e)) setDragging(true);
          }}
          onDragOver={(e) => {
            if (!carriesFiles(e)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
            setDragging(true);
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={onDrop}
          p="md"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'blue-7' : 'gray-5'})`,
            borderRadius: 'var(--mantine-radius-md)',
            background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
          }}
          data-testid="drop-zone"
        >
          <Stack gap="xs">
            <Text>{t(dragging ? 'documents.upload.dropActive' : 'documents.upload.dropHint')}</Text>
            <Group gap="xs">
              {/* The visible buttons are the drop zone's keyboard access; they open the hidden inputs. */}
              <Button variant="light" onClick={() => fileInput.current?.click()} disabled={uploading} aria-describedby={describedBy}>
                {t('documents.upload.choose')}
              </Button>
              {uploader === 'employee' && (
                <Button variant="light" onClick={() => cameraInput.current?.click()} disabled={uploading}>
                  {t('documents.upload.camera')}
                </Button>
              )}
            </Group>
            <Text size="sm" c="dimmed" id={`${id}-allowed`}>
              {t('documents.upload.allowed')}
            </Text>
            <input
              ref={fileInput}
              type="file"
              accept={ACCEPTED_TYPES}
              hidden
              aria-label={t('documents.upload.choose')}
              onChange={(e) => {
                pick(e.currentTarget.files?.[0]);
                e.currentTarget.value = '';
              }}
            />
            {uploader === 'employee' && (
              <input
                ref={cameraInput}
                type="file"
                accept="image/*"
                capture="environment"
                hidden
                aria-label={t('documents.upload.camera')}
                onChange={(e) => {
                  pick(e.currentTarget.files?.[0]);
                  e.currentTarget.value = '';
                }}
              />
            )}
            <Text fw={600} aria-live="polite" style={WRAP} data-testid="chosen-file">
              {file ? t('documents.upload.chosen', { name: file.name, size: formatSize(file.size) }) : ''}
            </Text>
          </Stack>
        </Box>
        <FormError message={error} />
        <TextInput
          label={t('documents.upload.titleLabel')}
          description={t('documents.upload.titleHint')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          maxLength={200}
          disabled={uploading}
        />
        <NativeSelect
          label={t('documents.upload.type')}
          value={documentType}
          onChange={(e) => setDocumentType(e.currentTarget.value as DocumentType)}
          data={DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`documentType.${type}`) }))}
          disabled={uploading}
        />
        {chooses && (
          <div ref={audience}>
            <Radio.Group
              label={t('documents.upload.audience')}
              value={classification ?? ''}
              onChange={(v) => {
                setClassification(v as Classification);
                setAudienceError(undefined);
              }}
              error={audienceError}
              withAsterisk
            >
              <Stack gap="sm" mt={6}>
                <Radio
                  value="MEDICAL"
                  label={t(`documents.upload.${uploader}.medical`)}
                  description={
                    mayMedical
                      ? t(`documents.upload.${uploader}.medicalHint`)
                      : !me.mfaVerified
                        ? t('documents.upload.medicalNeedsMfa')
                        : t('identity.access.uploadClosed')
                  }
                  disabled={!mayMedical || uploading}
                />
                <Radio value="CASE" label={t(`documents.upload.${uploader}.case`)} description={t(`documents.upload.${uploader}.caseHint`)} disabled={uploading} />
              </Stack>
            </Radio.Group>
          </div>
        )}
        {uploading && (
          <Stack gap={4}>
            <Progress value={progress} aria-label={t('documents.upload.progress')} size="lg" />
            <Group justify="space-between" gap="xs">
              <Text size="sm">{t('documents.upload.progressText', { percent: progress })}</Text>
              <Button variant="default" size="xs" onClick={() => upload.current?.abort()}>
                {t('documents.upload.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
        <Group>
          <Button type="submit" loading={uploading} styles={WRAPPING_BUTTON}>
            {t('documents.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

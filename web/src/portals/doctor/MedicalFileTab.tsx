import { Badge, Card, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { DoctorMedicalFileQuery } from '../../gql/graphql';
import { caseContext } from '../../cases/operations';
import { formatDate, formatDateTime } from '../../dates';
import { AdviceSummary } from './advice';
import { EmployeeAccessSection } from './EmployeeAccessSection';
import { SectionCard } from '../../components/SectionCard';
import { DoctorMedicalFileDocument } from './operations';
import { QueryState } from '../../components/QueryState';

type MedicalFile = NonNullable<NonNullable<DoctorMedicalFileQuery['case']>['medicalFile']>;
type Consents = NonNullable<DoctorMedicalFileQuery['case']>['consents'];

const preWrap = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

function Entry({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={preWrap}>
        {children}
      </Text>
    </div>
  );
}

function Consultations({ file }: { file: MedicalFile }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="consultations-heading" title={t('doctorCase.file.consultations')}>
      {file.consultations.length === 0 && <Text c="dimmed">{t('doctorCase.file.noConsultations')}</Text>}
      {file.consultations.map((c) => (
        <Card key={c.id} withBorder radius="sm" padding="sm" component="article" aria-labelledby={`consultation-${c.id}`}>
          <Stack gap={6}>
            <Group justify="space-between" gap="xs">
              <Title order={4} size="h5" id={`consultation-${c.id}`}>
                {t('doctorCase.file.consultationTitle', { date: formatDate(c.date) })}
              </Title>
              {c.doctor && (
                <Text size="xs" c="dimmed">
                  {t('doctorCase.file.by', { name: c.doctor.name })}
                </Text>
              )}
            </Group>
            {c.complaints && <Entry label={t('doctorCase.consult.complaints')}>{c.complaints}</Entry>}
            {c.diagnosis && <Entry label={t('doctorCase.consult.diagnosis')}>{c.diagnosis}</Entry>}
            {c.notes && <Entry label={t('doctorCase.consult.notes')}>{c.notes}</Entry>}
            {c.treatment && <Entry label={t('doctorCase.consult.treatment')}>{c.treatment}</Entry>}
            {c.personalNotes && (
              <Paper
                withBorder
                radius="sm"
                p="sm"
                bg="var(--mantine-color-grape-0)"
                style={{ borderLeft: '4px solid var(--mantine-color-grape-7)' }}
                data-testid="personal-note"
              >
                <Text size="sm" fw={700} c="grape.9">
                  {t('doctorCase.file.personal')}
                </Text>
                <Text size="sm" style={preWrap}>
                  {c.personalNotes}
                </Text>
                <Text size="xs" c="gray.8" mt={4}>
                  {t('doctorCase.file.personalHint')}
                </Text>
              </Paper>
            )}
          </Stack>
        </Card>
      ))}
    </SectionCard>
  );
}

function Assessments({ file }: { file: MedicalFile }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="assessments-heading" title={t('doctorCase.file.assessments')}>
      {file.assessments.length === 0 && <Text c="dimmed">{t('doctorCase.file.noAssessments')}</Text>}
      {file.assessments.map((a) => (
        <Card key={a.id} withBorder radius="sm" padding="sm" component="article" aria-labelledby={`assessment-${a.id}`}>
          <Stack gap="xs">
            <Group justify="space-between" gap="xs">
              <Title order={4} size="h5" id={`assessment-${a.id}`}>
                {t(`doctorCase.kind.${a.kind}`)} — {formatDate(a.madeOn)}
              </Title>
              {a.doctor && (
                <Text size="xs" c="dimmed">
                  {t('doctorCase.file.by', { name: a.doctor.name })}
                </Text>
              )}
            </Group>
            <Entry label={t('doctorCase.file.medicalPart')}>{a.medical}</Entry>
            {a.advice && (
              <div>
                <Text size="sm" fw={600} mb={4}>
                  {t('doctorCase.file.advicePart')}
                </Text>
                <AdviceSummary advice={a.advice} />
              </div>
            )}
          </Stack>
        </Card>
      ))}
    </SectionCard>
  );
}

function ConsentList({ consents }: { consents: Consents }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="consents-heading" title={t('doctorCase.file.consents')}>
      {consents.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('doctorCase.file.noConsents')}
        </Text>
      ) : (
        <List size="sm" spacing={4}>
          {consents.map((c) => (
            <List.Item key={c.id}>
              {t('doctorCase.file.consentLine', {
                part: t(`doctorCase.consentPart.${c.part}`),
                party: c.party.name,
                date: formatDateTime(c.grantedAt),
              })}
              {c.revokedAt && (
                <>
                  {' '}
                  <Badge variant="light" color="gray">
                    {t('doctorCase.file.consentRevoked', { date: formatDate(c.revokedAt) })}
                  </Badge>
                </>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </SectionCard>
  );
}

/** The medical file: latest diagnosis, consultations (with the doctor's personal working notes
 * marked as his alone), problem analyses and current assessments, and the employee's consents. */
export function MedicalFileTab({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DoctorMedicalFileDocument,
    variables: { id: caseId },
    context: caseContext,
    requestPolicy: 'cache-and-network',
  });
  const file = data?.case?.medicalFile;

  return (
    <Stack gap="md">
      <Text size="sm">{t('doctorCase.file.intro')}</Text>
      <EmployeeAccessSection caseId={caseId} />
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && !file && !error && <Text role="status">{t('doctorCase.file.unavailable')}</Text>}
      {file && (
        <>
          <SectionCard headingId="diagnosis-heading" title={t('doctorCase.file.diagnosis')}>
            {file.diagnosis ? (
              <Text style={preWrap} data-testid="current-diagnosis">
                {file.diagnosis}
              </Text>
            ) : (
              <Text c="dimmed">{t('doctorCase.file.noDiagnosis')}</Text>
            )}
          </SectionCard>
          <Consultations file={file} />
          <Assessments file={file} />
          {data?.case && <ConsentList consents={data.case.consents} />}
        </>
      )}
    </Stack>
  );
}

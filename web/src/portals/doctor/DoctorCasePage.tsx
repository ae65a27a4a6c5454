import { Anchor, Badge, Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import type { AssessmentKind, DoctorCaseQuery } from '../../gql/graphql';
import { ERROR_COLOUR } from '../../components/errorColour';
import { Fact } from '../../components/Fact';
import { Page } from '../../components/Page';
import { CaseHeader } from '../../cases/CaseHeader';
import { CaseTimeline } from '../../cases/CaseTimeline';
import { DeadlineBadge } from '../../cases/DeadlineBadge';
import { WorkabilityCard } from '../../cases/WorkabilityCard';
import { caseContext } from '../../cases/operations';
import { formatDate, todayIso } from '../../dates';
import { DocumentsPanel } from '../../documents/DocumentsPanel';
import { PdfDownload } from '../../documents/PdfDownload';
import { medicalPdfUrl } from '../../documents/download';
import { usePortal } from '../PortalShell';
import { AccessLogTab } from './AccessLogTab';
import { DoctorSecondOpinions, SafetyNetCard } from './ClockSection';
import { MedicalFileTab } from './MedicalFileTab';
import { AdviceSummary } from './advice';
import { AdviceForm, AssessmentForm, ConsultationForm } from './forms';
import { SectionCard } from '../../components/SectionCard';
import { DoctorCaseDocument } from './operations';
import { DOCTOR_STEPS, doctorStep } from './steps';
import { QueryState } from '../../components/QueryState';

type DoctorCase = NonNullable<DoctorCaseQuery['case']>;

function DoctorSteps({ c }: { c: DoctorCase }) {
  const { t } = useTranslation();
  const steps = DOCTOR_STEPS.map((kind) => ({ kind, step: doctorStep(c.deadlines, kind) })).filter((s) => s.step);
  if (steps.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text fw={600}>{t('doctorCase.case.yourSteps')}</Text>
      {steps.map(({ kind, step }) =>
        step ? (
          <Group key={kind} gap="xs" wrap="wrap">
            <Text size="sm">
              {t(`deadline.${kind}`)}:{' '}
              {step.status === 'DONE' && step.completedOn
                ? t('caseCommon.doneOn', { date: formatDate(step.completedOn) })
                : t('caseCommon.due', { date: formatDate(step.dueOn) })}
            </Text>
            <DeadlineBadge status={step.status} />
          </Group>
        ) : null,
      )}
    </Stack>
  );
}

function AdviceTab({ c }: { c: DoctorCase }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <AdviceForm caseId={c.id} />
      <SectionCard headingId="advice-history-heading" title={t('doctorCase.advice.history')}>
        {c.workabilityHistory.length === 0 && <Text c="dimmed">{t('doctorCase.advice.noHistory')}</Text>}
        {c.workabilityHistory.map((a, i) => (
          <Card key={a.id} withBorder radius="sm" padding="sm" component="article" aria-labelledby={`advice-${a.id}`}>
            <Stack gap="xs">
              <Group justify="space-between" gap="xs">
                <Title order={4} size="h5" id={`advice-${a.id}`}>
                  {t('doctorCase.advice.givenOn', { date: formatDate(a.givenOn) })}
                </Title>
                {i === 0 && (
                  <Badge variant="light" color="green">
                    {t('doctorCase.advice.current')}
                  </Badge>
                )}
              </Group>
              {a.doctor && (
                <Text size="xs" c="dimmed">
                  {t('doctorCase.file.by', { name: a.doctor.name })}
                </Text>
              )}
              <AdviceSummary advice={a} />
            </Stack>
          </Card>
        ))}
      </SectionCard>
    </Stack>
  );
}

/**
 * The company doctor's case page: the medical file, a new consultation, the problem analysis or
 * current assessment (medical part and advice kept apart, with a preview of what the employer
 * reads), advice on its own, documents with the medical part for UWV, the timeline with the
 * safety net's kind and the second opinions, and who accessed the file.
 */
export function DoctorCasePage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const { caseId = '' } = useParams();
  const [tab, setTab] = useState<string | null>('file');
  const [{ data, fetching, error }, refetch] = useQuery({ query: DoctorCaseDocument, variables: { id: caseId }, context: caseContext });
  const c = data?.case;
  const title = c?.employee?.name ?? t('doctorCase.case.title');
  const paDone = c ? c.deadlines.some((d) => d.kind === 'PROBLEM_ANALYSIS' && d.status === 'DONE') : false;
  const defaultKind: AssessmentKind = paDone ? 'CURRENT_ASSESSMENT' : 'PROBLEM_ANALYSIS';

  return (
    <Page title={title} context={portalTitle}>
      <Anchor component={Link} to="/bedrijfsarts">
        ← {t('doctorCase.case.back')}
      </Anchor>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && !c && <Text role="status">{t('caseCommon.notFound')}</Text>}
      {c && (
        <>
          <CaseHeader header={c} />
          <Stack gap={2}>
            {c.employer && (
              <Fact inline label={t('doctorCase.case.employer')}>
                {c.employer.name}
              </Fact>
            )}
            <Fact inline label={t('caseCommon.sickSince')}>
              {formatDate(c.sickSince)}
            </Fact>
          </Stack>
          <DoctorSteps c={c} />
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List aria-label={t('doctorCase.case.sections')}>
              <Tabs.Tab value="file">{t('doctorCase.tabs.file')}</Tabs.Tab>
              <Tabs.Tab value="consultation">{t('doctorCase.tabs.consultation')}</Tabs.Tab>
              <Tabs.Tab value="assessment">{t('doctorCase.tabs.assessment')}</Tabs.Tab>
              <Tabs.Tab value="advice">{t('doctorCase.tabs.advice')}</Tabs.Tab>
              <Tabs.Tab value="documents">{t('documents.tab')}</Tabs.Tab>
              <Tabs.Tab value="timeline">{t('doctorCase.tabs.timeline')}</Tabs.Tab>
              <Tabs.Tab value="access">{t('doctorCase.tabs.access')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="file" pt="md">
              <MedicalFileTab caseId={c.id} />
            </Tabs.Panel>
            <Tabs.Panel value="consultation" pt="md">
              <ConsultationForm caseId={c.id} onSaved={() => setTab('file')} />
            </Tabs.Panel>
            <Tabs.Panel value="assessment" pt="md">
              <AssessmentForm caseId={c.id} defaultKind={defaultKind} onSaved={() => setTab('file')} />
            </Tabs.Panel>
            <Tabs.Panel value="advice" pt="md">
              <AdviceTab c={c} />
            </Tabs.Panel>
            <Tabs.Panel value="documents" pt="md">
              <Stack gap="md">
                <SectionCard headingId="medical-export-heading" title={t('documents.medicalExport.title')}>
                  <Text size="sm">{t('documents.medicalExport.introDoctor')}</Text>
                  <PdfDownload url={medicalPdfUrl(c.id)} fileName="medisch-dossier.pdf" label={t('documents.medicalExport.download')} />
                </SectionCard>
                <DocumentsPanel caseId={c.id} uploader="doctor" />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="timeline" pt="md">
              <Stack gap="lg" style={ERROR_COLOUR}>
                <WorkabilityCard advice={c.workability} />
                <SafetyNetCard caseId={c.id} safetyNet={c.safetyNet} kind={c.safetyNetKind ?? null} />
                <DoctorSecondOpinions caseId={c.id} opinions={c.clock.secondOpinions} open={c.status !== 'CLOSED'} />
                <CaseTimeline deadlines={c.deadlines} today={todayIso()} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="access" pt="md">
              <AccessLogTab caseId={c.id} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Page>
  );
}

import { Anchor, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { Fact, FactGrid } from '../../../components/Fact';
import { Page } from '../../../components/Page';
import { SectionCard } from '../../../components/SectionCard';
import { YesNo } from '../../../components/YesNo';
import { CaseHeader } from '../../../cases/CaseHeader';
import { CaseTimeline } from '../../../cases/CaseTimeline';
import { PlanOfActionView } from '../../../cases/PlanOfActionView';
import { RiskSignals } from '../../../cases/RiskSignals';
import { WorkabilityCard } from '../../../cases/WorkabilityCard';
import { CaseDetailDocument, caseContext, type CaseDetail } from '../../../cases/operations';
import { ActivitySection } from '../../../cases/sections/ActivitySection';
import { EvaluationsSection } from '../../../cases/sections/EvaluationsSection';
import { ExpertOpinionsSection } from '../../../cases/sections/ExpertOpinionsSection';
import { formatDate, todayIso } from '../../../dates';
import { DocumentsPanel } from '../../../documents/DocumentsPanel';
import { RivPanel } from '../../../documents/RivPanel';
import { usePortal } from '../../PortalShell';
import { PlanEditor } from './PlanEditor';
import { ActivityForm, EvaluationForm, OpinionAnswerForms, OpinionRequestForm, StepsSection } from './sections';
import { SpecialCircumstances } from './SpecialCircumstances';
import { Track2Section } from './Track2Section';
import { RequestDoctor } from './RequestDoctor';
import { SelfReportNotice } from './SelfReportNotice';
import type { Role } from '../../../gql/graphql';
import { QueryState } from '../../../components/QueryState';

function Overview({ c, roles }: { c: CaseDetail; roles: Role[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <SectionCard headingId="report-heading" title={t('employerCase.case.report')}>
        <FactGrid>
          <Fact label={t('caseCommon.sickSince')}>{formatDate(c.sickSince)}</Fact>
          <Fact label={t('employerCase.reportSick.expectedWeeks')}>{c.expectedDurationWeeks ?? '–'}</Fact>
          <Fact label={t('employerCase.reportSick.reachableAt')}>{c.reachableAt ?? '–'}</Fact>
          <Fact label={t('employerCase.reportSick.safetyNet')}>
            <YesNo value={c.safetyNet} />
          </Fact>
          <Fact label={t('employerCase.reportSick.thirdParty')}>
            <YesNo value={c.thirdPartyLiable} />
          </Fact>
          <Fact label={t('employerCase.reportSick.workAccident')}>
            <YesNo value={c.workAccident} />
          </Fact>
        </FactGrid>
        {(c.recoveries.length > 0 || c.partialRecoveries.length > 0) && (
          <Stack gap={2}>
            {c.recoveries.map((r) => (
              <Text size="sm" key={r.recoveredOn}>
                {r.resickOn
                  ? t('employerCase.case.relapse', { recovered: formatDate(r.recoveredOn), resick: formatDate(r.resickOn) })
                  : t('employerCase.case.recovered', { date: formatDate(r.recoveredOn) })}
              </Text>
            ))}
            {c.partialRecoveries.map((p) => (
              <Text size="sm" key={p.from}>
                {t('employerCase.case.partial', { date: formatDate(p.from), percentage: p.workingPercentage })}
              </Text>
            ))}
          </Stack>
        )}
      </SectionCard>
      <WorkabilityCard advice={c.workability} showNote />
      {c.status === 'OPEN' && roles.some((r) => r === 'HR_ADMIN' || r === 'CASE_MANAGER') && (
        <RequestDoctor caseId={c.id} isHr={roles.includes('HR_ADMIN')} />
      )}
      <CaseTimeline deadlines={c.deadlines} today={todayIso()} />
    </Stack>
  );
}

function PlanTab({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const everSigned = c.planOfActionHistory.some((p) => p.status === 'SIGNED');
  const current = c.planOfAction ?? null;
  if (editing) {
    return (
      <PlanEditor
        caseId={c.id}
        current={current}
        everSigned={everSigned}
        defaultCaseManagerId={c.caseManager?.id ?? null}
        onDone={() => setEditing(false)}
      />
    );
  }
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm">{t('employerCase.plan.intro')}</Text>
        <Button onClick={() => setEditing(true)}>{current ? t('employerCase.plan.edit') : t('employerCase.plan.create')}</Button>
      </Group>
      {current ? <PlanOfActionView caseId={c.id} plan={current} signAs="EMPLOYER" /> : <Text c="dimmed">{t('caseCommon.noPlan')}</Text>}
      {c.planOfActionHistory.length > 1 && (
        <Stack gap="sm" component="section" aria-labelledby="plan-history">
          <Title order={3} size="h4" id="plan-history">
            {t('caseCommon.history')}
          </Title>
          {c.planOfActionHistory.slice(1).map((p) => (
            <PlanOfActionView key={p.id} caseId={c.id} plan={p} headingLevel={4} superseded />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** One case file for the employer: facts, timeline, plan of action, evaluations, log, expert
 * opinions, the steps and decisions that move the clock, the special circumstances (leave, end
 * of employment, wage sanction, second opinions, IVA), documents and the RIV. */
export function CasePage() {
  const { t } = useTranslation();
  const { portalTitle, me } = usePortal();
  const { caseId = '' } = useParams();
  // The RIV as PDF is for HR and the case manager; a line manager sees only how complete it is.
  const mayExportRiv = me.roles.some((r) => r === 'HR_ADMIN' || r === 'CASE_MANAGER');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CaseDetailDocument, variables: { id: caseId }, context: caseContext });
  const c = data?.case;
  const title = c?.employee?.name ?? t('employerCase.case.title');

  return (
    <Page title={title} context={portalTitle}>
      <Anchor component={Link} to="/werkgever">
        ← {t('caseCommon.backToList')}
      </Anchor>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && !c && <Text role="status">{t('caseCommon.notFound')}</Text>}
      {c && (
        <>
          <CaseHeader header={c}>
            <Text size="sm">
              {t('caseCommon.caseManager')}: {c.caseManager?.name ?? t('employerCase.case.noCaseManager')}
            </Text>
          </CaseHeader>
          {c.reportedByEmployee && <SelfReportNotice caseId={c.id} confirmedAt={c.sickReportConfirmedAt} />}
          {c.nextDeadline && (
            <Text>
              <Text span fw={600}>
                {t('caseCommon.nextDeadline')}:
              </Text>{' '}
              {t(`deadline.${c.nextDeadline.kind}`)}, {t('caseCommon.due', { date: formatDate(c.nextDeadline.dueOn) })}
            </Text>
          )}
          <RiskSignals signals={c.riskSignals} />
          <Tabs defaultValue="overview" keepMounted={false}>
            <Tabs.List aria-label={t('employerCase.case.sections')}>
              <Tabs.Tab value="overview">{t('employerCase.case.overview')}</Tabs.Tab>
              <Tabs.Tab value="plan">{t('caseCommon.plan')}</Tabs.Tab>
              <Tabs.Tab value="evaluations">{t('caseCommon.evaluations')}</Tabs.Tab>
              <Tabs.Tab value="track2">{t('track2.employer.tab')}</Tabs.Tab>
              <Tabs.Tab value="log">{t('caseCommon.activityLog')}</Tabs.Tab>
              <Tabs.Tab value="opinions">{t('caseCommon.expertOpinions')}</Tabs.Tab>
              <Tabs.Tab value="steps">{t('employerCase.case.steps')}</Tabs.Tab>
              <Tabs.Tab value="special">{t('employerCase.special.tab')}</Tabs.Tab>
              <Tabs.Tab value="documents">{t('documents.tab')}</Tabs.Tab>
              <Tabs.Tab value="riv">{t('documents.riv.tab')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview" pt="md">
              <Overview c={c} roles={me.roles} />
            </Tabs.Panel>
            <Tabs.Panel value="plan" pt="md">
              <PlanTab c={c} />
            </Tabs.Panel>
            <Tabs.Panel value="evaluations" pt="md">
              <EvaluationsSection evaluations={c.evaluations} reader="EMPLOYER">
                <EvaluationForm caseId={c.id} />
              </EvaluationsSection>
            </Tabs.Panel>
            <Tabs.Panel value="track2" pt="md">
              <Track2Section caseId={c.id} caseOpen={c.status === 'OPEN'} roles={me.roles} />
            </Tabs.Panel>
            <Tabs.Panel value="log" pt="md">
              <ActivitySection activities={c.activities}>
                <ActivityForm caseId={c.id} />
              </ActivitySection>
            </Tabs.Panel>
            <Tabs.Panel value="opinions" pt="md">
              <ExpertOpinionsSection
                opinions={c.expertOpinions}
                reader="EMPLOYER"
                intro={t('employerCase.opinion.intro')}
                renderActions={(opinion) => <OpinionAnswerForms opinion={opinion} />}
              >
                <OpinionRequestForm caseId={c.id} />
              </ExpertOpinionsSection>
            </Tabs.Panel>
            <Tabs.Panel value="steps" pt="md">
              <StepsSection c={c} mayDecide />
            </Tabs.Panel>
            <Tabs.Panel value="special" pt="md">
              <SpecialCircumstances c={c} />
            </Tabs.Panel>
            <Tabs.Panel value="documents" pt="md">
              <DocumentsPanel caseId={c.id} uploader="employer" />
            </Tabs.Panel>
            <Tabs.Panel value="riv" pt="md">
              <RivPanel caseId={c.id} mayDownload={mayExportRiv} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Page>
  );
}

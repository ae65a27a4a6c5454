import { Alert, Anchor, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ERROR_COLOUR } from '../../components/errorColour';
import { Fact } from '../../components/Fact';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { CaseHeader } from '../../cases/CaseHeader';
import { RiskSignals } from '../../cases/RiskSignals';
import { WorkabilityCard } from '../../cases/WorkabilityCard';
import { caseContext } from '../../cases/operations';
import { formatDate } from '../../dates';
import { EffortIndicator } from '../../track2/EffortIndicator';
import { usePortal } from '../PortalShell';
import { FileTab } from './FileTab';
import { LogTab } from './LogTab';
import { ReportTab } from './ReportTab';
import type { Track2 } from './forms';
import { SectionCard } from '../../components/SectionCard';
import { AgencyCaseDocument } from './operations';

/** What the employer and the agency agreed: who runs track 2, since when, how intensively. */
function AgreementCard({ track2 }: { track2: Track2 }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="agreement-heading" title={t('agency.agreement.title')}>
      <Stack gap={4}>
        <Fact inline size="sm" label={t('agency.agreement.agency')}>
          {track2.agency?.name ?? '–'}
        </Fact>
        <Fact inline size="sm" label={t('agency.agreement.consultant')}>
          {track2.consultant?.name ?? '–'}
        </Fact>
        <Fact inline size="sm" label={t('agency.agreement.startedOn')}>
          {formatDate(track2.startedOn)}
        </Fact>
        {track2.endedOn && (
          <Fact inline size="sm" label={t('agency.agreement.endedOn')}>
            {formatDate(track2.endedOn)}
          </Fact>
        )}
        <Fact inline size="sm" label={t('agency.agreement.intensity')}>
          {t('agency.agreement.intensityText', { contacts: track2.contactsPerMonth, applications: track2.applicationsPerMonth })}
        </Fact>
      </Stack>
    </SectionCard>
  );
}

/**
 * The consultant's case page: who and where (employee, employer, week, track), the agreement and
 * the effort against it, the doctor's workability advice, and the track 2 file he keeps —
 * contacts and applications (entered on the phone), profiles, occupations, activities, and the
 * reports to employer and UWV.
 */
export function AgencyCasePage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const { caseId = '' } = useParams();
  const [tab, setTab] = useState<string | null>('overview');
  const [{ data, fetching, error }, refetch] = useQuery({ query: AgencyCaseDocument, variables: { id: caseId }, context: caseContext });
  const c = data?.case;
  const track2 = c?.track2;

  return (
    <Page title={c?.employee?.name ?? t('agency.case.title')} context={portalTitle}>
      <Anchor component={Link} to="/re-integratie">
        ← {t('agency.case.back')}
      </Anchor>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && !c && <Text role="status">{t('caseCommon.notFound')}</Text>}
      {c && (
        <>
          <CaseHeader header={c} />
          <Stack gap={2}>
            <Fact inline size="sm" label={t('agency.case.employer')}>
              {c.employer?.name ?? '–'}
            </Fact>
            <Fact inline size="sm" label={t('caseCommon.sickSince')}>
              {formatDate(c.sickSince)}
            </Fact>
          </Stack>
          <RiskSignals signals={c.riskSignals} />
          {!track2 ? (
            <Stack gap="md">
              <Text role="status">{t('agency.case.noTrack2')}</Text>
              <WorkabilityCard advice={c.workability} />
            </Stack>
          ) : (
            <>
              {track2.endedOn && (
                <Alert color="gray" variant="light">
                  {t('agency.case.ended', { date: formatDate(track2.endedOn) })}
                </Alert>
              )}
              {!track2.endedOn && !track2.canEdit && (
                <Alert color="gray" variant="light">
                  {t('agency.case.readOnly')}
                </Alert>
              )}
              {/* Panels stay mounted, so a half-written report or entry survives a look at another
                  tab. Field errors in the darker red that keeps its contrast. */}
              <Tabs value={tab} onChange={setTab} style={ERROR_COLOUR}>
                <Tabs.List aria-label={t('agency.case.sections')}>
                  <Tabs.Tab value="overview">{t('agency.tabs.overview')}</Tabs.Tab>
                  <Tabs.Tab value="log">{t('agency.tabs.log')}</Tabs.Tab>
                  <Tabs.Tab value="file">{t('agency.tabs.file')}</Tabs.Tab>
                  <Tabs.Tab value="reports">{t('agency.tabs.reports')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="overview" pt="md">
                  <Stack gap="md">
                    <AgreementCard track2={track2} />
                    <SectionCard headingId="effort-heading" title={t('agency.effort.title')}>
                      <EffortIndicator effort={track2.effort} contactsPerMonth={track2.contactsPerMonth} applicationsPerMonth={track2.applicationsPerMonth} />
                    </SectionCard>
                    <WorkabilityCard advice={c.workability} />
                  </Stack>
                </Tabs.Panel>
                <Tabs.Panel value="log" pt="md">
                  <LogTab caseId={c.id} track2={track2} />
                </Tabs.Panel>
                <Tabs.Panel value="file" pt="md">
                  <FileTab caseId={c.id} track2={track2} />
                </Tabs.Panel>
                <Tabs.Panel value="reports" pt="md">
                  <ReportTab caseId={c.id} track2={track2} />
                </Tabs.Panel>
              </Tabs>
            </>
          )}
        </>
      )}
    </Page>
  );
}

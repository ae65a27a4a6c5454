import { Alert, Anchor, Badge, Group, Stack, Tabs, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { RiskSignals } from '../../cases/RiskSignals';
import { WorkabilityCard } from '../../cases/WorkabilityCard';
import { caseContext } from '../../cases/operations';
import { formatDate } from '../../dates';
import { EffortIndicator } from '../../track2/EffortIndicator';
import { usePortal } from '../PortalShell';
import { FileTab } from './FileTab';
import { LogTab } from './LogTab';
import { ReportTab } from './ReportTab';
import { Section, type Track2 } from './forms';
import { AgencyCaseDocument } from './operations';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label}:
      </Text>{' '}
      {children}
    </Text>
  );
}

/** What the employer and the agency agreed: who runs track 2, since when, how intensively. */
function AgreementCard({ track2 }: { track2: Track2 }) {
  const { t } = useTranslation();
  return (
    <Section id="agreement-heading" title={t('agency.agreement.title')}>
      <Stack gap={4}>
        <Fact label={t('agency.agreement.agency')}>{track2.agency?.name ?? '–'}</Fact>
        <Fact label={t('agency.agreement.consultant')}>{track2.consultant?.name ?? '–'}</Fact>
        <Fact label={t('agency.agreement.startedOn')}>{formatDate(track2.startedOn)}</Fact>
        {track2.endedOn && <Fact label={t('agency.agreement.endedOn')}>{formatDate(track2.endedOn)}</Fact>}
        <Fact label={t('agency.agreement.intensity')}>
          {t('agency.agreement.intensityText', { contacts: track2.contactsPerMonth, applications: track2.applicationsPerMonth })}
        </Fact>
      </Stack>
    </Section>
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
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" color={c.status === 'OPEN' ? 'orange' : 'green'}>
              {t(`caseStatus.${c.status}`)}
            </Badge>
            {c.sickWeek != null && <Badge variant="light">{t('caseCommon.weekOfSickness', { week: c.sickWeek })}</Badge>}
            <Badge variant="light" color="gray">
              {t(`track.${c.track}`)}
            </Badge>
          </Group>
          <Stack gap={2}>
            <Fact label={t('agency.case.employer')}>{c.employer?.name ?? '–'}</Fact>
            <Fact label={t('caseCommon.sickSince')}>{formatDate(c.sickSince)}</Fact>
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
              {/* Panels stay mounted, so a half-written report or entry survives a look at another tab. */}
              <Tabs value={tab} onChange={setTab}>
                <Tabs.List aria-label={t('agency.case.sections')}>
                  <Tabs.Tab value="overview">{t('agency.tabs.overview')}</Tabs.Tab>
                  <Tabs.Tab value="log">{t('agency.tabs.log')}</Tabs.Tab>
                  <Tabs.Tab value="file">{t('agency.tabs.file')}</Tabs.Tab>
                  <Tabs.Tab value="reports">{t('agency.tabs.reports')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="overview" pt="md">
                  <Stack gap="md">
                    <AgreementCard track2={track2} />
                    <Section id="effort-heading" title={t('agency.effort.title')}>
                      <EffortIndicator effort={track2.effort} contactsPerMonth={track2.contactsPerMonth} applicationsPerMonth={track2.applicationsPerMonth} />
                    </Section>
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

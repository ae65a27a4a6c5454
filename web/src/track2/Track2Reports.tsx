import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../dates';

type Report = {
  id: string;
  kind: string;
  status: string;
  periodFrom: string;
  periodTo: string;
  activities: string;
  assessment?: string | null;
  attitude?: string | null;
  submittedOn?: string | null;
};

/** Newest first: by the end of the period, then by the day it was submitted. */
function newestFirst(a: Report, b: Report) {
  if (a.periodTo !== b.periodTo) return a.periodTo < b.periodTo ? 1 : -1;
  const as = a.submittedOn ?? '';
  const bs = b.submittedOn ?? '';
  return as < bs ? 1 : as > bs ? -1 : 0;
}

function Part({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text fw={600} size="sm">
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

function ReportCard({ report: r, level, open }: { report: Report; level: 3 | 4 | 5 | 6; open: boolean }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(open);
  const headingId = `track2-report-${r.id}`;
  const bodyId = `${headingId}-body`;
  const final = r.kind === 'FINAL';
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
          <Title order={level} size="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
            {t('track2.reports.period', { from: formatDate(r.periodFrom), to: formatDate(r.periodTo) })}
          </Title>
          <Badge variant="light" color={final ? 'grape' : 'blue'}>
            {t(final ? 'track2.reportKind.FINAL' : 'track2.reportKind.PROGRESS')}
          </Badge>
        </Group>
        {r.submittedOn && <Text size="sm">{t('track2.reports.submittedOn', { date: formatDate(r.submittedOn) })}</Text>}
        <div id={bodyId} hidden={!expanded}>
          {expanded && (
            <Stack gap="xs">
              <Part label={t('track2.reports.activities')}>{r.activities.trim() || '–'}</Part>
              <Part label={t('track2.reports.assessment')}>{r.assessment?.trim() || '–'}</Part>
              <Part label={t('track2.reports.attitude')}>{r.attitude?.trim() || '–'}</Part>
            </Stack>
          )}
        </div>
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => setExpanded((v) => !v)} aria-expanded={expanded} aria-controls={bodyId} aria-describedby={headingId}>
            {expanded ? t('track2.reports.hide') : t('track2.reports.show')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * The agency's submitted track 2 reports (progress and final), newest first: period, day of
 * submission, the activities in the agency's own words (line breaks kept), its assessment and
 * the employee's attitude. Drafts are the agency's own and are left out. The newest report is
 * open; older ones open on request, so a long file stays readable on a phone.
 */
export function Track2Reports(props: {
  reports: {
    id: string;
    kind: string;
    status: string;
    periodFrom: string;
    periodTo: string;
    activities: string;
    assessment?: string | null;
    attitude?: string | null;
    submittedOn?: string | null;
  }[];
  /** Level of each report's heading (default 4: under a section's h3). */
  headingLevel?: 3 | 4 | 5 | 6;
}) {
  const { t } = useTranslation();
  const submitted = props.reports.filter((r) => r.status === 'SUBMITTED').sort(newestFirst);
  if (submitted.length === 0) return <Text c="dimmed">{t('track2.reports.none')}</Text>;
  return (
    <Stack gap="sm">
      {submitted.map((r, i) => (
        <ReportCard key={r.id} report={r} level={props.headingLevel ?? 4} open={i === 0} />
      ))}
    </Stack>
  );
}

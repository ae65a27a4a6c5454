import { Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeadlineKind, DeadlineStatus } from '../gql/graphql';
import { formatDate } from '../dates';
import { DeadlineBadge } from './DeadlineBadge';

export interface TimelineDeadline {
  kind: DeadlineKind;
  dueOn: string;
  status: DeadlineStatus;
  completedOn?: string | null;
  week: number;
}

/**
 * The legal steps of a case in date order, as an ordered list with a line and a dot per step,
 * and a "today" marker between what lies behind and what comes. The recurring steps far ahead
 * are folded: the next one of each kind is shown, the rest counted.
 */
export function CaseTimeline({ deadlines, today, headingLevel = 3 }: { deadlines: TimelineDeadline[]; today: string; headingLevel?: 2 | 3 | 4 }) {
  const { t } = useTranslation();
  const recurring: DeadlineKind[] = ['PLAN_EVALUATION', 'TRACK2_REPORT'];
  const seenFuture = new Set<DeadlineKind>();
  const shown: TimelineDeadline[] = [];
  for (const d of deadlines) {
    const future = d.status === 'UPCOMING' || d.status === 'DUE_SOON';
    if (future && recurring.includes(d.kind)) {
      if (seenFuture.has(d.kind)) continue;
      seenFuture.add(d.kind);
    }
    shown.push(d);
  }
  const todayIndex = shown.findIndex((d) => d.dueOn >= today);
  return (
    <Stack gap="sm" component="section" aria-labelledby="timeline-heading">
      <Title order={headingLevel} size="h4" id="timeline-heading">
        {t('caseCommon.timeline')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('caseCommon.timelineIntro')}
      </Text>
      <ol className="case-timeline">
        {shown.map((d, i) => (
          <li key={`${d.kind}-${d.dueOn}`} className={`case-timeline-item status-${d.status.toLowerCase()}`}>
            {i === todayIndex && (
              <div className="case-timeline-today" aria-hidden="true">
                {t('caseCommon.today')} · {formatDate(today)}
              </div>
            )}
            <Group justify="space-between" wrap="wrap" gap="xs">
              <div>
                <Text fw={600}>{t(`deadline.${d.kind}`)}</Text>
                <Text size="sm" c="dimmed">
                  {t('caseCommon.week', { week: d.week })} · {t('caseCommon.due', { date: formatDate(d.dueOn) })}
                  {d.completedOn ? ` · ${t('caseCommon.doneOn', { date: formatDate(d.completedOn) })}` : ''}
                </Text>
              </div>
              <DeadlineBadge status={d.status} />
            </Group>
          </li>
        ))}
      </ol>
    </Stack>
  );
}

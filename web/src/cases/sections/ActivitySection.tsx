import { Badge, Group, Stack, Text } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../dates';
import type { CaseDetail } from '../operations';
import { ShowMore } from './ShowMore';

type Activity = CaseDetail['activities'][number];

const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;
const ITEM = { borderTop: '1px solid var(--mantine-color-gray-3)', paddingTop: 'var(--mantine-spacing-xs)' } as const;

/**
 * The activity log of a case, newest first, as the employer and the employee both read it.
 * `children`, above the log, is what the reader may add to it (the employer's new entry). With
 * `shown`, the rest waits behind a button.
 */
export function ActivitySection({ activities, intro, shown, children }: { activities: Activity[]; intro?: string; shown?: number; children?: ReactNode }) {
  const { t } = useTranslation();
  const listId = useId();
  const [showAll, setShowAll] = useState(false);
  const visible = showAll || shown === undefined ? activities : activities.slice(0, shown);
  return (
    <Stack gap="sm">
      {intro && <Text size="sm">{intro}</Text>}
      {children}
      {activities.length === 0 ? (
        <Text>{t('caseCommon.noActivities')}</Text>
      ) : (
        <Stack gap="sm" component="ul" id={listId} aria-label={t('caseCommon.activityLog')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {visible.map((a) => (
            <li key={a.id} style={ITEM}>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{formatDate(a.occurredOn)}</Text>
                <Badge variant="light" color="gray">
                  {t(`activityKind.${a.kind}`)}
                </Badge>
              </Group>
              <Text style={WRAP}>{a.summary}</Text>
              {a.recordedBy && (
                <Text size="sm" c="dimmed">
                  {t('caseCommon.recordedBy', { name: a.recordedBy.name })}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      )}
      {shown !== undefined && activities.length > shown && (
        <ShowMore
          expanded={showAll}
          onToggle={() => setShowAll((v) => !v)}
          controls={listId}
          showText={t('caseCommon.showAllActivities', { count: activities.length })}
          hideText={t('caseCommon.showFewerActivities')}
        />
      )}
    </Stack>
  );
}

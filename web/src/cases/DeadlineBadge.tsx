import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeadlineStatus } from '../gql/graphql';

const LOOK: Record<DeadlineStatus, { color: string; symbol: string }> = {
  OVERDUE: { color: 'red', symbol: '!' },
  DUE_SOON: { color: 'orange', symbol: '◷' },
  UPCOMING: { color: 'gray', symbol: '○' },
  DONE: { color: 'green', symbol: '✓' },
};

/** A deadline's status as word and symbol (never colour alone). */
export function DeadlineBadge({ status }: { status: DeadlineStatus }) {
  const { t } = useTranslation();
  const look = LOOK[status];
  return (
    <Badge color={look.color} variant="light" leftSection={<span aria-hidden="true">{look.symbol}</span>}>
      {t(`deadlineStatus.${status}`)}
    </Badge>
  );
}

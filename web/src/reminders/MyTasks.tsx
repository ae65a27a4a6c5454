import { Anchor, Badge, Button, Group, Loader, Text } from '@mantine/core';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import type { MyTasksQuery } from '../gql/graphql';
import { FormError } from '../components/FormError';
import { formatDate } from '../dates';
import { errorMessage } from '../errors';
import { kindName } from './kindName';
import { MyTasksDocument, tasksContext } from './operations';
import { SectionCard } from '../components/SectionCard';

export type Task = MyTasksQuery['myTasks'][number];

/** Tasks shown before "show all": the list stays compact above the rest of a home page. */
const SHOWN = 5;
/** Within this many days a task is "due soon" (as the case timeline's DUE_SOON). */
const SOON_DAYS = 14;

/** How far the due date is, in words with a symbol (never colour alone). */
function DaysLeftBadge({ task }: { task: Task }) {
  const { t } = useTranslation();
  const [color, symbol, text] =
    task.daysLeft < 0
      ? ['red', '!', t('reminders.tasks.late', { count: -task.daysLeft })]
      : task.daysLeft === 0
        ? ['orange', '◷', t('reminders.tasks.today')]
        : task.daysLeft <= SOON_DAYS
          ? ['orange', '◷', t('reminders.tasks.left', { count: task.daysLeft })]
          : ['gray', '○', t('reminders.tasks.left', { count: task.daysLeft })];
  return (
    <Badge color={color} variant="light" leftSection={<span aria-hidden="true">{symbol}</span>}>
      <span data-testid="task-days">{text}</span>
    </Badge>
  );
}

/** A link to a task's case page, read together with the task it stands under. */
export function TaskCaseLink({ to, describedBy }: { to: string; describedBy: string }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={to} size="sm" aria-describedby={describedBy}>
      {t('reminders.tasks.openCase')}
    </Anchor>
  );
}

/**
 * "Mijn taken": what is due from the signed-in user within 60 days or overdue, as the server
 * sorts it (earliest due date first, so the overdue ones lead). `showEmployee` is off on the
 * employee's own portal; `renderLink` gives a task its link (the case page), or none.
 */
export function MyTasks({
  showEmployee = true,
  renderLink,
}: {
  showEmployee?: boolean;
  renderLink?: (task: Task, describedBy: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const [{ data, fetching, error }] = useQuery({ query: MyTasksDocument, context: useMemo(() => tasksContext, []) });
  const tasks = data?.myTasks ?? [];
  const shown = expanded ? tasks : tasks.slice(0, SHOWN);
  const overdue = tasks.filter((task) => task.overdue).length;

  return (
    <SectionCard headingId={`${id}-heading`} padding="lg" title={t('reminders.tasks.title')}>
      <Text size="sm" c="dimmed">
        {t('reminders.tasks.intro')}
      </Text>
      <FormError message={errorMessage(t, error)} />
      {!data && fetching && <Loader aria-label={t('common.loading')} />}
      {data && tasks.length === 0 && <Text role="status">{t('reminders.tasks.none')}</Text>}
      {overdue > 0 && <Text fw={600}>{t('reminders.tasks.overdueCount', { count: overdue })}</Text>}
      {tasks.length > 0 && (
        <ul className="task-list" id={`${id}-list`}>
          {shown.map((task, i) => {
            const textId = `${id}-task-${i}`;
            return (
              <li key={`${task.caseId}-${task.kind}-${task.dueOn}`} className="task-item" data-testid="task">
                <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                  <Text id={textId}>
                    <Text span fw={600}>
                      {kindName(t, task.kind)}
                    </Text>
                    {showEmployee && ` — ${task.employee}`}
                  </Text>
                  <DaysLeftBadge task={task} />
                </Group>
                <Group gap="md" wrap="wrap">
                  <Text size="sm" c="dimmed">
                    {t('caseCommon.due', { date: formatDate(task.dueOn) })}
                  </Text>
                  {renderLink?.(task, textId)}
                </Group>
              </li>
            );
          })}
        </ul>
      )}
      {tasks.length > SHOWN && (
        <Group>
          <Button variant="subtle" onClick={() => setExpanded((v) => !v)} aria-expanded={expanded} aria-controls={`${id}-list`}>
            {expanded ? t('reminders.tasks.showFewer') : t('reminders.tasks.showAll', { count: tasks.length })}
          </Button>
        </Group>
      )}
    </SectionCard>
  );
}

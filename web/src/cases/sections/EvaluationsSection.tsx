import { Card, Stack, Text, Title } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Party } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../dates';
import type { CaseDetail } from '../operations';
import { ShowMore } from './ShowMore';

export type Evaluation = CaseDetail['evaluations'][number];

const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** The evaluations by the day they were held, newest first. */
export function newestFirst(evaluations: Evaluation[]): Evaluation[] {
  return [...evaluations].sort((a, b) => (a.heldOn < b.heldOn ? 1 : a.heldOn > b.heldOn ? -1 : 0));
}

/**
 * The evaluations of a case, newest first, as the employer and the employee both read them:
 * what was discussed and agreed, and the employee's view on it. `reader` words the view for
 * who reads it; `renderActions` adds what the reader may do with one evaluation (the employee
 * writes his view) and `children`, under the list, what he may do with the section (the
 * employer records an evaluation). With `shown`, older evaluations wait behind a button.
 */
export function EvaluationsSection({
  evaluations,
  reader,
  intro,
  shown,
  renderActions,
  children,
}: {
  evaluations: Evaluation[];
  reader: Party;
  intro?: string;
  shown?: number;
  renderActions?: (evaluation: Evaluation, headingId: string) => ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const listId = useId();
  const [showAll, setShowAll] = useState(false);
  const sorted = newestFirst(evaluations);
  const older = shown === undefined ? 0 : sorted.length - shown;
  const visible = showAll || shown === undefined ? sorted : sorted.slice(0, shown);
  return (
    <Stack gap="sm">
      {intro && <Text size="sm">{intro}</Text>}
      {sorted.length === 0 ? (
        <Text>{t('caseCommon.noEvaluations')}</Text>
      ) : (
        <Stack gap="sm" id={listId}>
          {visible.map((e) => (
            <EvaluationCard key={e.id} evaluation={e} reader={reader} renderActions={renderActions} />
          ))}
        </Stack>
      )}
      {older > 0 && (
        <ShowMore
          expanded={showAll}
          onToggle={() => setShowAll((v) => !v)}
          controls={listId}
          showText={t('caseCommon.showOlderEvaluations', { count: older })}
          hideText={t('caseCommon.hideOlderEvaluations')}
        />
      )}
      {children}
    </Stack>
  );
}

function EvaluationCard({
  evaluation: e,
  reader,
  renderActions,
}: {
  evaluation: Evaluation;
  reader: Party;
  renderActions?: (evaluation: Evaluation, headingId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = `evaluation-${e.id}`;
  const byEmployee = reader === 'EMPLOYEE';
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={headingId} bg={e.kind === 'FINAL' ? 'blue.0' : undefined}>
      <Stack gap="xs">
        <Title order={4} size="h5" id={headingId}>
          {t(`evaluationKind.${e.kind}`)} — {formatDate(e.heldOn)}
        </Title>
        <div>
          <Text fw={600}>{t('caseCommon.summary')}</Text>
          <Text style={WRAP}>{e.summary}</Text>
        </div>
        {e.agreements && (
          <div>
            <Text fw={600}>{t('caseCommon.agreements')}</Text>
            <Text style={WRAP}>{e.agreements}</Text>
          </div>
        )}
        {e.kind === 'FIRST_YEAR' && e.returnProspect != null && (
          <Text size="sm">{t(e.returnProspect ? 'caseCommon.prospectYes' : 'caseCommon.prospectNo')}</Text>
        )}
        {e.recordedBy && (
          <Text size="sm" c="dimmed">
            {t('caseCommon.recordedBy', { name: e.recordedBy.name })}
          </Text>
        )}
        <div>
          <Text fw={600}>{byEmployee ? t('employeeCase.view.label') : t('caseCommon.employeeView')}</Text>
          {e.employeeView ? (
            <>
              <Text style={WRAP} data-testid="employee-view">
                {e.employeeView}
              </Text>
              {e.employeeViewAt && (
                <Text size="sm" c="dimmed">
                  {t('caseCommon.viewWrittenAt', { date: formatDateTime(e.employeeViewAt) })}
                </Text>
              )}
            </>
          ) : (
            <Text c="dimmed">{byEmployee ? t('employeeCase.view.none') : t('caseCommon.noEmployeeView')}</Text>
          )}
        </div>
        {renderActions?.(e, headingId)}
      </Stack>
    </Card>
  );
}

import { Card, NativeSelect, Text } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../dates';
import { CaseListDocument, caseContext } from '../../cases/operations';

/**
 * The employee's own cases: loads them, picks his open case (else the latest), offers a choice
 * when he has more than one, and renders `children` for the chosen one. Shared by "Mijn
 * verzuim" and "Mijn medisch dossier"; `texts` is the page's namespace (its `noCase`,
 * `pickCase` and `caseOption` texts). With `hideEmpty` the page says itself that he has no case
 * (Mijn verzuim does so above its sick report).
 */
export function MyCases({
  texts,
  hideEmpty = false,
  children,
}: {
  texts: 'employeeCase' | 'employeeMedical';
  hideEmpty?: boolean;
  children: (caseId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const context = useMemo(() => caseContext, []);
  const [list, refetch] = useQuery({ query: CaseListDocument, variables: { first: 20, sort: 'SICK_SINCE_DESC' }, context });
  const cases = useMemo(() => list.data?.cases.edges.map((e) => e.node) ?? [], [list.data]);
  const [chosen, setChosen] = useState<string | null>(null);
  const preferred = cases.find((c) => c.status === 'OPEN') ?? cases[0];
  const caseId = chosen && cases.some((c) => c.id === chosen) ? chosen : preferred?.id;

  return (
    <>
      {!list.data && <QueryState loading={list.fetching} error={list.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {list.data && cases.length === 0 && !hideEmpty && (
        <Card withBorder radius="md" padding="lg">
          <Text>{t(`${texts}.noCase`)}</Text>
        </Card>
      )}
      {cases.length > 1 && caseId && (
        <NativeSelect
          label={t(`${texts}.pickCase`)}
          value={caseId}
          onChange={(e) => setChosen(e.currentTarget.value)}
          data={cases.map((c) => ({
            value: c.id,
            label: t(`${texts}.caseOption`, { date: formatDate(c.sickSince), status: t(`caseStatus.${c.status}`) }),
          }))}
          maw={420}
        />
      )}
      {caseId && children(caseId)}
    </>
  );
}

import { Anchor, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import type { CaseStatus, DeadlineKind, DoctorCasesQuery } from '../../gql/graphql';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { DeadlineBadge } from '../../cases/DeadlineBadge';
import { caseContext } from '../../cases/operations';
import { formatDate } from '../../dates';
import { errorMessage } from '../../errors';
import { MyTasks, TaskCaseLink } from '../../reminders/MyTasks';
import { usePortal } from '../PortalShell';
import { DoctorCasesDocument } from './operations';
import { DOCTOR_STEPS, doctorStep, nextDoctorDue } from './steps';

const PAGE_SIZE = 50;
const STATUSES: CaseStatus[] = ['OPEN', 'RECOVERED', 'CLOSED'];

type Row = DoctorCasesQuery['cases']['edges'][number]['node'];

/** The doctor's step of `kind`: its due date (or the day it was done) and its status. */
function StepCell({ row, kind }: { row: Row; kind: DeadlineKind }) {
  const step = doctorStep(row.deadlines, kind);
  if (!step) return <Text size="sm">–</Text>;
  return (
    <Stack gap={2} align="flex-start">
      <Text size="sm">{formatDate(step.status === 'DONE' && step.completedOn ? step.completedOn : step.dueOn)}</Text>
      <DeadlineBadge status={step.status} />
    </Stack>
  );
}

/**
 * The company doctor's start page: the cases he is assigned to, at every employer he serves,
 * with his own steps (problem analysis, current assessment) and his latest advice; the case
 * whose step comes first leads.
 */
export function DoctorHome() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<CaseStatus | 'ALL'>('OPEN');

  const filter = useMemo(() => ({ status: status === 'ALL' ? null : status, search: debouncedSearch || null }), [status, debouncedSearch]);
  const pages = useCursorPages(JSON.stringify(filter));
  const [{ data, fetching, error }] = useQuery({
    query: DoctorCasesDocument,
    variables: { first: PAGE_SIZE, after: pages.after, filter, sort: 'NEXT_DEADLINE' },
    context: useMemo(() => caseContext, []),
  });
  const connection = data?.cases;
  // The server orders by the case's next step of any party; the doctor reads his own first.
  const rows = useMemo(() => {
    const nodes = connection?.edges.map((e) => e.node) ?? [];
    return nodes
      .map((node, index) => ({ node, index, due: nextDoctorDue(node.deadlines) }))
      .sort((a, b) => (a.due && b.due ? a.due.localeCompare(b.due) || a.index - b.index : a.due ? -1 : b.due ? 1 : a.index - b.index))
      .map((r) => r.node);
  }, [connection]);

  return (
    <Page title={t('doctorCase.home.title')} context={portalTitle}>
      <Text>{t('doctorCase.home.intro', { name: me.name })}</Text>
      <MyTasks renderLink={(task, describedBy) => <TaskCaseLink to={`/bedrijfsarts/dossiers/${task.caseId}`} describedBy={describedBy} />} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('doctorCase.home.search')}
          placeholder={t('doctorCase.home.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          type="search"
        />
        <Select
          label={t('doctorCase.home.status')}
          data={[{ value: 'ALL', label: t('doctorCase.home.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))]}
          value={status}
          onChange={(v) => setStatus((v as CaseStatus | 'ALL' | null) ?? 'ALL')}
          allowDeselect={false}
        />
      </SimpleGrid>
      <FormError message={errorMessage(t, error)} />
      {!connection && fetching && <Loader aria-label={t('common.loading')} />}
      {connection && rows.length === 0 && (
        <Text c="dimmed" role="status">
          {t('doctorCase.home.none')}
        </Text>
      )}
      {rows.length > 0 && (
        <ScrollTable caption={t('doctorCase.home.caption', { page: pages.page })} minWidth={820}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('doctorCase.home.employee')}</Table.Th>
              <Table.Th scope="col">{t('doctorCase.home.employer')}</Table.Th>
              <Table.Th scope="col">{t('doctorCase.home.week')}</Table.Th>
              {DOCTOR_STEPS.map((kind) => (
                <Table.Th scope="col" key={kind}>
                  {t(`doctorCase.kind.${kind}`)}
                </Table.Th>
              ))}
              <Table.Th scope="col">{t('doctorCase.home.latestAdvice')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`dossiers/${c.id}`}>
                    {c.employee?.name ?? '–'}
                  </Anchor>
                  {c.status !== 'OPEN' && (
                    <Text size="xs" c="dimmed">
                      {t(`caseStatus.${c.status}`)}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>{c.employer?.name ?? '–'}</Table.Td>
                <Table.Td>{c.sickWeek ?? '–'}</Table.Td>
                {DOCTOR_STEPS.map((kind) => (
                  <Table.Td key={kind}>
                    <StepCell row={c} kind={kind} />
                  </Table.Td>
                ))}
                <Table.Td>
                  {c.workability ? (
                    formatDate(c.workability.givenOn)
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('doctorCase.home.noAdvice')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
      {connection && (
        <CursorPager label={t('doctorCase.home.pagination')} pages={pages} pageInfo={connection.pageInfo} />
      )}
    </Page>
  );
}

import { Anchor, Badge, Button, Checkbox, Group, Loader, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import type { CaseSort, CaseStatus, Track } from '../../gql/graphql';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { FormError } from '../../components/FormError';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate } from '../../dates';
import { errorMessage } from '../../errors';
import { CaseListDocument, caseContext } from '../../cases/operations';
import { DeadlineBadge } from '../../cases/DeadlineBadge';
import { useDownload } from '../../documents/download';
import { usePortal } from '../PortalShell';
import { ReportSickForm } from './case/ReportSickForm';

const PAGE_SIZE = 25;
const STATUSES: CaseStatus[] = ['OPEN', 'RECOVERED', 'CLOSED'];
const TRACKS: Track[] = ['TRACK_1', 'TRACK_2', 'BOTH', 'TRACK_3'];

/**
 * The employer's case overview: every case in reach with its next legal step, the overdue ones
 * first, the sanction risks as badges, searchable and filterable; "Ziek melden" opens a case.
 */
export function CasesDashboard() {
  const { t, i18n } = useTranslation();
  const { me } = usePortal();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<CaseStatus | 'ALL'>('OPEN');
  const [track, setTrack] = useState<Track | 'ALL'>('ALL');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [mine, setMine] = useState(false);
  const [sort, setSort] = useState<CaseSort>('NEXT_DEADLINE');
  const [opened, { open, close }] = useDisclosure(false);
  const download = useDownload();
  const mayReport = me.roles.some((r) => r === 'HR_ADMIN' || r === 'CASE_MANAGER' || r === 'MANAGER');
  const mayManage = me.roles.some((r) => r === 'HR_ADMIN' || r === 'CASE_MANAGER');

  const filter = useMemo(
    () => ({
      status: status === 'ALL' ? null : status,
      track: track === 'ALL' ? null : track,
      overdue: overdueOnly ? true : null,
      caseManagerId: mine ? me.id : null,
      search: debouncedSearch || null,
    }),
    [status, track, overdueOnly, mine, me.id, debouncedSearch],
  );
  const pages = useCursorPages(JSON.stringify([filter, sort]));
  const [{ data, fetching, error }] = useQuery({
    query: CaseListDocument,
    variables: { first: PAGE_SIZE, after: pages.after, filter, sort },
    context: useMemo(() => caseContext, []),
  });
  const connection = data?.cases;
  const rows = connection?.edges.map((e) => e.node) ?? [];

  return (
    <Stack gap="md" component="section" aria-labelledby="cases-heading">
      <Group justify="space-between" align="center">
        <Title order={3} size="h4" id="cases-heading">
          {t('employerCase.dashboard.title')}
        </Title>
        <Group gap="sm">
          {/* The export is HR's and the case manager's (the server refuses a line manager). */}
          {mayManage && (
            <Button
              variant="default"
              loading={download.busy === 'csv'}
              onClick={() => void download.start('csv', `/api/cases.csv${i18n.language === 'en' ? '?lang=en' : ''}`, 'verzuimdossiers.csv')}
            >
              {t('employerCase.dashboard.export')}
            </Button>
          )}
          {mayReport && <Button onClick={open}>{t('employerCase.reportSick.open')}</Button>}
        </Group>
      </Group>
      <FormError message={errorMessage(t, download.error)} title={download.error ? t('employerCase.dashboard.exportFailed') : undefined} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <TextInput
          label={t('employerCase.dashboard.search')}
          placeholder={t('employerCase.dashboard.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          type="search"
        />
        <Select
          label={t('employerCase.dashboard.status')}
          data={[{ value: 'ALL', label: t('employerCase.dashboard.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))]}
          value={status}
          onChange={(v) => setStatus((v as CaseStatus | 'ALL' | null) ?? 'ALL')}
          allowDeselect={false}
        />
        <Select
          label={t('employerCase.dashboard.track')}
          data={[{ value: 'ALL', label: t('employerCase.dashboard.all') }, ...TRACKS.map((s) => ({ value: s, label: t(`track.${s}`) }))]}
          value={track}
          onChange={(v) => setTrack((v as Track | 'ALL' | null) ?? 'ALL')}
          allowDeselect={false}
        />
        <Select
          label={t('employerCase.dashboard.sort')}
          data={[
            { value: 'NEXT_DEADLINE', label: t('employerCase.dashboard.sortDeadline') },
            { value: 'SICK_SINCE_DESC', label: t('employerCase.dashboard.sortNewest') },
          ]}
          value={sort}
          onChange={(v) => setSort((v as CaseSort | null) ?? 'NEXT_DEADLINE')}
          allowDeselect={false}
        />
      </SimpleGrid>
      <Group gap="lg">
        <Checkbox label={t('employerCase.dashboard.overdueOnly')} checked={overdueOnly} onChange={(e) => setOverdueOnly(e.currentTarget.checked)} />
        {mayManage && <Checkbox label={t('employerCase.dashboard.mine')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />}
      </Group>
      <FormError message={errorMessage(t, error)} />
      {!connection && fetching && <Loader aria-label={t('common.loading')} />}
      {connection && rows.length === 0 && (
        <Text c="dimmed" role="status">
          {t('employerCase.dashboard.none')}
        </Text>
      )}
      {rows.length > 0 && (
        <ScrollTable caption={t('employerCase.dashboard.caption', { page: pages.page })} minWidth={820}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('employerCase.dashboard.employee')}</Table.Th>
              <Table.Th scope="col">{t('employerCase.dashboard.week')}</Table.Th>
              <Table.Th scope="col">{t('caseCommon.nextDeadline')}</Table.Th>
              <Table.Th scope="col">{t('employerCase.dashboard.risks')}</Table.Th>
              <Table.Th scope="col">{t('employerCase.dashboard.track')}</Table.Th>
              <Table.Th scope="col">{t('caseCommon.caseManager')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`dossiers/${c.id}`}>
                    {c.employee?.name ?? '–'}
                  </Anchor>
                  {c.reportedByEmployee && (
                    <div>
                      <Badge
                        color={c.sickReportConfirmedAt ? 'gray' : 'orange'}
                        variant="light"
                        leftSection={<span aria-hidden="true">{c.sickReportConfirmedAt ? '✓' : '!'}</span>}
                        data-testid="self-reported"
                      >
                        {c.sickReportConfirmedAt ? t('employerCase.dashboard.selfReported') : t('employerCase.dashboard.selfReportedUnconfirmed')}
                      </Badge>
                    </div>
                  )}
                  {c.status !== 'OPEN' && (
                    <Text size="xs" c="dimmed">
                      {t(`caseStatus.${c.status}`)}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>{c.sickWeek ?? '–'}</Table.Td>
                <Table.Td>
                  {c.nextDeadline ? (
                    <Stack gap={2} align="flex-start">
                      <Text size="sm">{t(`deadline.${c.nextDeadline.kind}`)}</Text>
                      <Group gap={6}>
                        <Text size="sm" c="dimmed">
                          {formatDate(c.nextDeadline.dueOn)}
                        </Text>
                        <DeadlineBadge status={c.nextDeadline.status} />
                      </Group>
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('caseCommon.noDeadline')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {c.riskSignals.map((s) => (
                      <Badge key={s.kind} color="red" variant="light" leftSection={<span aria-hidden="true">⚠</span>}>
                        {t(`risk.short.${s.kind}`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{t(`track.${c.track}`)}</Table.Td>
                <Table.Td>{c.caseManager?.name ?? '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
      {connection && (
        <CursorPager
          label={t('employerCase.dashboard.pagination')}
          pages={pages}
          pageInfo={connection.pageInfo}
        />
      )}
      <Modal opened={opened} onClose={close} title={t('employerCase.reportSick.title')} size="lg">
        <ReportSickForm onDone={close} />
      </Modal>
    </Stack>
  );
}

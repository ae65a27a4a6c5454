import { Anchor, Badge, Card, Group, Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import type { AgencyCasesQuery, CaseStatus } from '../../gql/graphql';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { DeadlineBadge } from '../../cases/DeadlineBadge';
import { RiskSignals } from '../../cases/RiskSignals';
import { caseContext } from '../../cases/operations';
import { formatDate } from '../../dates';
import { errorMessage } from '../../errors';
import { MyTasks, TaskCaseLink } from '../../reminders/MyTasks';
import { usePortal } from '../PortalShell';
import { AgencyCasesDocument } from './operations';

const PAGE_SIZE = 50;
const STATUSES: CaseStatus[] = ['OPEN', 'RECOVERED', 'CLOSED'];

type Row = AgencyCasesQuery['cases']['edges'][number]['node'];

/** One case as a card: a table would scroll sideways on the phone the consultant works from. */
function CaseCard({ c }: { c: Row }) {
  const { t } = useTranslation();
  const headingId = `agency-case-${c.id}`;
  return (
    <Card withBorder radius="md" padding="md" component="li">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={4} size="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={`dossiers/${c.id}`} inherit>
              {c.employee?.name ?? t('agency.home.unnamed')}
            </Anchor>
          </Title>
          <Group gap={6}>
            {c.status !== 'OPEN' && (
              <Badge variant="light" color="gray">
                {t(`caseStatus.${c.status}`)}
              </Badge>
            )}
            {c.sickWeek != null && <Badge variant="light">{t('caseCommon.week', { week: c.sickWeek })}</Badge>}
          </Group>
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            {t('agency.home.employer')}:
          </Text>{' '}
          {c.employer?.name ?? '–'}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('agency.home.track2')}:
          </Text>{' '}
          {!c.track2
            ? t('agency.home.noTrack2')
            : c.track2.endedOn
              ? t('agency.home.track2Ended', { from: formatDate(c.track2.startedOn), until: formatDate(c.track2.endedOn) })
              : t('agency.home.track2Since', { date: formatDate(c.track2.startedOn) })}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Text size="sm">
            <Text span fw={600}>
              {t('caseCommon.nextDeadline')}:
            </Text>{' '}
            {c.nextDeadline
              ? `${t(`deadline.${c.nextDeadline.kind}`)}, ${t('caseCommon.due', { date: formatDate(c.nextDeadline.dueOn) })}`
              : t('caseCommon.noDeadline')}
          </Text>
          {c.nextDeadline && <DeadlineBadge status={c.nextDeadline.status} />}
        </Group>
        <RiskSignals signals={c.riskSignals} />
      </Stack>
    </Card>
  );
}

/**
 * The consultant's start page: his deadlines, and the cases he is assigned to at every employer
 * he serves, the one whose next step comes first leading, with the sanction risks to act on.
 */
export function AgencyHome() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const [status, setStatus] = useState<CaseStatus | 'ALL'>('OPEN');
  const pages = useCursorPages(status);

  const filter = useMemo(() => ({ status: status === 'ALL' ? null : status }), [status]);
  const [{ data, fetching, error }] = useQuery({
    query: AgencyCasesDocument,
    variables: { first: PAGE_SIZE, after: pages.after, filter, sort: 'NEXT_DEADLINE' },
    context: useMemo(() => caseContext, []),
  });
  const connection = data?.cases;
  const rows = connection?.edges.map((e) => e.node) ?? [];

  return (
    <Page title={t('agency.home.title')} context={portalTitle}>
      <Text>{t('agency.home.intro', { name: me.name })}</Text>
      <MyTasks renderLink={(task, describedBy) => <TaskCaseLink to={`/re-integratie/dossiers/${task.caseId}`} describedBy={describedBy} />} />
      <section aria-labelledby="agency-cases-heading">
        <Stack gap="sm">
          <Title order={3} size="h4" id="agency-cases-heading">
            {t('agency.home.cases')}
          </Title>
          <NativeSelect
            size="md"
            label={t('agency.home.status')}
            data={[{ value: 'ALL', label: t('agency.home.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))]}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as CaseStatus | 'ALL')}
            maw={320}
          />
          <FormError message={errorMessage(t, error)} />
          {!connection && fetching && <Loader aria-label={t('common.loading')} />}
          {connection && rows.length === 0 && (
            <Text c="dimmed" role="status">
              {t('agency.home.none')}
            </Text>
          )}
          {rows.length > 0 && (
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('agency.home.listLabel', { page: pages.page })}>
              {rows.map((c) => (
                <CaseCard key={c.id} c={c} />
              ))}
            </Stack>
          )}
          {connection && (
            <CursorPager label={t('agency.home.pagination')} pages={pages} pageInfo={connection.pageInfo} />
          )}
        </Stack>
      </section>
    </Page>
  );
}

import { NativeSelect, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Page } from '../components/Page';
import { QueryState } from '../components/QueryState';
import { SectionCard } from '../components/SectionCard';
import { usePortal } from '../portals/PortalShell';
import { AbsenceChart } from './AbsenceChart';
import { DepartmentTable, PeriodTable, treeOrder } from './FiguresTables';
import { HowCalculated } from './HowCalculated';
import { KeyFigureTiles, TooFew } from './KeyFigureTiles';
import { KINDS, isEmployerStaff, isOngoing, keyPeriod, periodLabel, seriesSpan, spanLabel, type Kind } from './format';
import { AbsenceFigureSeriesDocument, AbsenceFiguresByDepartmentDocument, FigureDepartmentsDocument } from './operations';

/** The period kinds as the address bar spells them (`?periode=maand`). */
const PARAM_OF_KIND: Record<Kind, string> = { MONTH: 'maand', QUARTER: 'kwartaal', YEAR: 'jaar' };
const KIND_OF_PARAM = new Map(KINDS.map((k) => [PARAM_OF_KIND[k], k]));
/** How many years back one can look. */
const YEARS_BACK = 5;
const FRESH = { requestPolicy: 'cache-and-network' } as const;

/**
 * "Verzuimcijfers": the employer's absence figures by the national definitions. Choose the
 * period kind, the year and the group (the employer or a department; a line manager his team
 * or his departments); key figures of the latest period with the trend, the course of the
 * absence percentage as a chart and a table, the figures per department and how they are
 * calculated. The choice is kept in the address, so a reload or a shared link shows the same.
 */
export function FiguresPage() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const staff = isEmployerStaff(me.roles);
  const [params, setParams] = useSearchParams();
  const today = dayjs();
  const thisYear = today.year();
  const kind: Kind = KIND_OF_PARAM.get(params.get('periode') ?? '') ?? 'QUARTER';
  const asked = Number(params.get('jaar'));
  const year = Number.isInteger(asked) && asked <= thisYear && asked >= thisYear - YEARS_BACK ? asked : thisYear;
  const departmentId = params.get('afdeling') || null;

  function choose(key: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  const span = seriesSpan(kind, year);
  const key = keyPeriod(kind, year, today);
  const [byDepartment, refetchByDepartment] = useQuery({ query: AbsenceFiguresByDepartmentDocument, variables: key, ...FRESH });
  // A line manager may not list the employer's departments: his own come with their figures.
  const [departments, refetchDepartments] = useQuery({ query: FigureDepartmentsDocument, pause: !staff, ...FRESH });

  const choices = useMemo(() => {
    const list = staff ? departments.data?.departments : byDepartment.data?.absenceFiguresByDepartment.map((r) => r.department);
    return treeOrder(list ?? []);
  }, [staff, departments.data, byDepartment.data]);
  const chosen = choices.find((c) => c.item.id === departmentId)?.item;
  // A department in the address that is not (or no longer) in reach: the whole group instead.
  const choicesKnown = staff ? departments.data !== undefined : byDepartment.data !== undefined;
  const groupId = departmentId && (chosen || !choicesKnown) ? departmentId : null;
  const seriesVariables = { ...span, period: kind, departmentId: groupId };
  const [series, refetchSeries] = useQuery({ query: AbsenceFigureSeriesDocument, variables: seriesVariables, ...FRESH });
  // urql keeps the last answer while the next loads: months must not stand under "per jaar".
  const seriesData = answers(series.operation?.variables, seriesVariables) ? series.data : undefined;
  const departmentData = answers(byDepartment.operation?.variables, key) ? byDepartment.data : undefined;
  const scope = chosen ? chosen.name : t(staff ? 'figures.scope.organisation' : 'figures.scope.team');
  const periods = seriesData?.absenceFigureSeries ?? [];
  const latest = periods.at(-1);
  const per = t(`figures.per.${kind}`);
  const range = spanLabel(t, kind, year);
  const anyFigures = periods.some((p) => p.figures.available);
  const departmentRows = departmentData?.absenceFiguresByDepartment ?? [];
  const yearOptions = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i).map((y) => ({ value: String(y), label: spanLabel(t, kind, y) }));

  return (
    <Page title={t('figures.title')} context={portalTitle}>
      <Text>{t(staff ? 'figures.intro' : 'figures.introManager')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Stack gap={4}>
          <Text component="span" size="sm" fw={500} id="figures-kind-label">
            {t('figures.controls.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="figures-kind-label"
            value={kind}
            onChange={(value) => choose('periode', value === 'QUARTER' ? null : PARAM_OF_KIND[value as Kind])}
            data={KINDS.map((k) => ({ value: k, label: t(`figures.kind.${k}`) }))}
            fullWidth
          />
        </Stack>
        <NativeSelect
          label={t(kind === 'YEAR' ? 'figures.controls.years' : 'figures.controls.year')}
          value={String(year)}
          onChange={(e) => choose('jaar', e.currentTarget.value === String(thisYear) ? null : e.currentTarget.value)}
          data={yearOptions}
        />
        {choices.length > 0 && (
          <NativeSelect
            label={t('figures.controls.department')}
            value={chosen ? chosen.id : ''}
            onChange={(e) => choose('afdeling', e.currentTarget.value || null)}
            data={[
              { value: '', label: t(staff ? 'figures.scope.organisation' : 'figures.scope.team') },
              ...choices.map(({ item, parent }) => ({
                value: item.id,
                label: parent ? t('figures.controls.subDepartment', { name: item.name, parent: parent.name }) : item.name,
              })),
            ]}
          />
        )}
      </SimpleGrid>

      <SectionCard
        headingId="figures-key-heading"
        title={t('figures.key.title', { period: latest ? periodLabel(t, kind, latest.from) : periodLabel(t, kind, key.from) })}
      >
        <Text size="sm" c="dimmed">
          <Text span inherit fw={600}>
            {scope}
          </Text>
          {latest && isOngoing(latest) && ` · ${t('figures.key.ongoing')}`}
        </Text>
        <QueryState loading={!seriesData && series.fetching} error={series.error} onRetry={() => refetchSeries({ requestPolicy: 'network-only' })} />
        {seriesData && !latest && <Text c="dimmed">{t('figures.none')}</Text>}
        {latest && <KeyFigureTiles kind={kind} figures={latest.figures} previous={latest.previous} />}
      </SectionCard>

      {seriesData && latest && (
        <SectionCard headingId="figures-course-heading" title={t('figures.chart.title', { per, range })}>
          {anyFigures ? (
            <>
              <AbsenceChart kind={kind} periods={periods} label={t('figures.chart.label', { per, range, scope })} />
              <PeriodTable kind={kind} periods={periods} caption={t('figures.table.caption', { per, range, scope })} />
            </>
          ) : (
            <TooFew />
          )}
        </SectionCard>
      )}

      <SectionCard headingId="figures-departments-heading" title={t('figures.departments.title', { period: periodLabel(t, kind, key.from) })}>
        <QueryState
          loading={!departmentData && byDepartment.fetching}
          error={byDepartment.error ?? departments.error}
          onRetry={() => {
            refetchByDepartment({ requestPolicy: 'network-only' });
            if (staff) refetchDepartments({ requestPolicy: 'network-only' });
          }}
        />
        {departmentData && departmentRows.length === 0 && <Text c="dimmed">{t(staff ? 'figures.departments.none' : 'figures.departments.noneManager')}</Text>}
        {departmentRows.length > 0 && (
          <>
            <Text size="sm" c="dimmed">
              {t('figures.departments.includesSub')}
            </Text>
            <DepartmentTable rows={departmentRows} caption={t('figures.departments.caption', { period: periodLabel(t, kind, key.from) })} />
          </>
        )}
      </SectionCard>

      <HowCalculated />
    </Page>
  );
}

/** Whether an answer asked with `asked` is the answer to `wanted` (same value for each of its keys). */
function answers<T extends object>(asked: T | undefined, wanted: T): boolean {
  if (asked === undefined) return false;
  const got = asked as Record<string, unknown>;
  return Object.entries(wanted).every(([k, v]) => (got[k] ?? null) === (v ?? null));
}

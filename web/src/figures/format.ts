import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import type { AbsenceFiguresFieldsFragment, FiguresPeriod } from '../gql/graphql';
import i18n from '../i18n';

export type Figures = AbsenceFiguresFieldsFragment;
export type Kind = FiguresPeriod;
export const KINDS: Kind[] = ['MONTH', 'QUARTER', 'YEAR'];
/** Years shown at once when the figures are per year. */
export const YEARS_PER_RANGE = 5;

/** A span of days, both ends included, as the API's dates (YYYY-MM-DD). */
export interface Span {
  from: string;
  to: string;
}

/** Whether the user sees the whole employer (HR, case managers) rather than his own team. */
export function isEmployerStaff(roles: readonly string[]): boolean {
  return roles.includes('HR_ADMIN') || roles.includes('CASE_MANAGER');
}

const iso = (d: Dayjs) => d.format('YYYY-MM-DD');

/** The calendar month, quarter or year that holds `day`. */
export function periodContaining(kind: Kind, day: Dayjs): Span {
  const start =
    kind === 'MONTH'
      ? day.startOf('month')
      : kind === 'QUARTER'
        ? day.startOf('year').add(Math.floor(day.month() / 3) * 3, 'month')
        : day.startOf('year');
  const months = kind === 'MONTH' ? 1 : kind === 'QUARTER' ? 3 : 12;
  return { from: iso(start), to: iso(start.add(months, 'month').subtract(1, 'day')) };
}

/** The span a series covers: one year per month or quarter, five years ending in `year` per year. */
export function seriesSpan(kind: Kind, year: number): Span {
  const first = kind === 'YEAR' ? year - YEARS_PER_RANGE + 1 : year;
  return { from: `${first}-01-01`, to: `${year}-12-31` };
}

/** The period the key figures are of: the current one in the current year, else the year's last. */
export function keyPeriod(kind: Kind, year: number, today: Dayjs = dayjs()): Span {
  const day = year >= today.year() ? today : dayjs(`${year}-12-31`);
  return periodContaining(kind, day);
}

/** Whether the period has not ended yet (it then counts up to today). */
export function isOngoing(span: Span, today: Dayjs = dayjs()): boolean {
  return span.to >= iso(today);
}

/** "december 2026", "4e kwartaal 2026", "2026"; `short`: "dec", "K4", "2026" (chart axis). */
export function periodLabel(t: TFunction, kind: Kind, from: string, short = false): string {
  const start = dayjs(from);
  if (kind === 'MONTH') return start.format(short ? 'MMM' : 'MMMM YYYY').replace(/\./g, '');
  if (kind === 'QUARTER') {
    const n = Math.floor(start.month() / 3) + 1;
    return short ? t('figures.period.quarterShort', { n }) : t('figures.period.quarter', { n, year: start.year() });
  }
  return String(start.year());
}

/** The years of a series: "2026", or "2022 t/m 2026" per year. */
export function spanLabel(t: TFunction, kind: Kind, year: number): string {
  return kind === 'YEAR' ? t('figures.controls.yearRange', { from: year - YEARS_PER_RANGE + 1, to: year }) : String(year);
}

function locale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'nl-NL';
}

/** A number with exactly `digits` decimals, comma decimals in Dutch. */
export function formatNumber(value: number, digits: number): string {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** "12,3%" (nl) / "12.3%" (en). */
export function formatPercent(value: number): string {
  return `${formatNumber(value, 1)}%`;
}

/** A headcount: whole, or with one decimal when it is an average over changing staff. */
export function formatHeadcount(value: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value);
}

export type MetricKey = 'absencePercentage' | 'reportFrequency' | 'averageDurationDays' | 'zeroAbsencePercentage' | 'longTermPercentage';

export interface Metric {
  key: MetricKey;
  unit: 'percent' | 'frequency' | 'days';
  /** For zero absence a rise is good; for every other figure a rise is bad. */
  higherIsBetter: boolean;
}

/** The five national figures, in the order HR reports them. */
export const METRICS: Metric[] = [
  { key: 'absencePercentage', unit: 'percent', higherIsBetter: false },
  { key: 'reportFrequency', unit: 'frequency', higherIsBetter: false },
  { key: 'averageDurationDays', unit: 'days', higherIsBetter: false },
  { key: 'zeroAbsencePercentage', unit: 'percent', higherIsBetter: true },
  { key: 'longTermPercentage', unit: 'percent', higherIsBetter: false },
];

const digitsOf = (metric: Metric) => (metric.unit === 'frequency' ? 2 : 1);

/** A figure as shown: "12,3%", "0,85", "14,2 dagen"; null when there is none. */
export function formatMetric(t: TFunction, metric: Metric, value: number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (metric.unit === 'percent') return formatPercent(value);
  if (metric.unit === 'frequency') return formatNumber(value, 2);
  return t('figures.unit.days', { value: formatNumber(value, 1) });
}

export interface Trend {
  direction: 'up' | 'down' | 'same';
  /** Whether the change is for the better (null when equal). */
  good: boolean | null;
  /** "0,8 procentpunt hoger dan vorig kwartaal". */
  text: string;
}

/** The change of a figure against the period before, in words; null when there is nothing to compare. */
export function trendOf(t: TFunction, metric: Metric, kind: Kind, current: number | null | undefined, previous: number | null | undefined): Trend | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const digits = digitsOf(metric);
  const factor = 10 ** digits;
  // Compare what is shown: 12,34 and 12,31 both read 12,3, so they are equal.
  const difference = (Math.round(current * factor) - Math.round(previous * factor)) / factor;
  const than = t(`figures.previous.${kind}`);
  if (difference === 0) return { direction: 'same', good: null, text: t('figures.trend.same', { than }) };
  const size = Math.abs(difference);
  const amount =
    metric.unit === 'percent'
      ? t('figures.trend.points', { count: size, value: formatNumber(size, digits) })
      : metric.unit === 'days'
        ? t('figures.unit.days', { value: formatNumber(size, digits) })
        : formatNumber(size, digits);
  const up = difference > 0;
  const word = metric.unit === 'days' ? (up ? 'longer' : 'shorter') : up ? 'higher' : 'lower';
  return { direction: up ? 'up' : 'down', good: up === metric.higherIsBetter, text: t(`figures.trend.${word}`, { amount, than }) };
}

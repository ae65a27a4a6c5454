import dayjs from 'dayjs';

/** "ma 5 jan 2026" (nl) / "Mon 5 Jan 2026" (en); the locale follows the UI language. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = dayjs(value);
  if (!date.isValid()) return '';
  const pattern = dayjs.locale() === 'nl' ? 'dd D MMM YYYY' : 'ddd D MMM YYYY';
  // dayjs' Dutch short months carry a dot ("jan."); Dutch users read dates without it.
  return date.format(pattern).replace(/\./g, '');
}

/** "ma 5 jan 2026, 14:05" */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = dayjs(value);
  if (!date.isValid()) return '';
  return `${formatDate(value)}, ${date.format('HH:mm')}`;
}

export function isPast(value: string): boolean {
  return dayjs(value).isBefore(dayjs());
}

/** Today as YYYY-MM-DD in the browser's time zone (the API's Date format). */
export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}

import { RestError } from '../../../errors';
import { restError, withToken } from '../../../documents/rest';

/** The server's limit on one import file (identity::import::MAX_BYTES). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** A problem on a line of the file, as `POST /api/employees/import` reports it. */
export interface ImportLineError {
  /** The line; the header is line 1. */
  line: number;
  /** The column's header as the file wrote it, when the problem is in one field. */
  column?: string | null;
  /** What kind of problem (identity::import::Problem), e.g. `INVALID_EMAIL`. */
  reason: string;
  /** What is wrong, in English (shown only for a reason the app has no text for). */
  message: string;
}

/** What an import did, or on a dry run would do. */
export interface ImportReport {
  created: number;
  updated: number;
  departmentsCreated: number;
  errors: ImportLineError[];
  dryRun: boolean;
}

function isReport(value: unknown): value is ImportReport {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.created === 'number' && typeof v.updated === 'number' && Array.isArray(v.errors);
}

/**
 * Sends the file's bytes to the import, as a dry run or for real. Answers the report — also
 * when the file has problems (422: nothing was written) — and throws a RestError for anything
 * else (no access, too large, not UTF-8, server unreachable).
 */
export async function importEmployees(body: ArrayBuffer, dryRun: boolean): Promise<ImportReport> {
  const url = dryRun ? '/api/employees/import?dryRun=true' : '/api/employees/import';
  const response = await withToken((token) =>
    fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv; charset=utf-8' },
      body,
    }).catch(() => {
      throw new RestError(0);
    }),
  );
  const text = await response.text();
  if (response.ok || response.status === 422) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not a report
    }
    if (isReport(parsed)) {
      return { ...parsed, departmentsCreated: parsed.departmentsCreated ?? 0, dryRun: parsed.dryRun ?? dryRun };
    }
  }
  throw restError(response.status, text);
}

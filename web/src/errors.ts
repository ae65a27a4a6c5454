import type { CombinedError } from 'urql';
import type { TFunction } from 'i18next';
import i18n from './i18n';

/**
 * An error answer of the REST endpoints (file upload and download): `{"error": {code, reason}}`
 * with its HTTP status; status 0 when the server was not reached at all.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code?: string,
    readonly reason?: string,
  ) {
    super(reason ?? code ?? `HTTP ${status}`);
    this.name = 'RestError';
  }
}

/** `errors.<reason>`, else `errors.<code>`, if there is a text for either. */
function knownText(t: TFunction, reason: unknown, code: unknown): string | null {
  if (typeof reason === 'string' && i18n.exists(`errors.${reason}`)) return t(`errors.${reason}`);
  if (typeof code === 'string' && i18n.exists(`errors.${code}`)) return t(`errors.${code}`);
  return null;
}

/**
 * Turns a GraphQL or REST error into text for the user: `errors.<reason>`, else
 * `errors.<code>`, else a generic message. Server messages (English, possibly technical) are
 * never shown.
 */
export function errorMessage(t: TFunction, error: CombinedError | RestError | Error | null | undefined): string | null {
  if (!error) return null;
  if (error instanceof RestError) return knownText(t, error.reason, error.code) ?? t(error.status === 0 ? 'errors.NETWORK' : 'errors.GENERIC');
  const graphQLErrors = 'graphQLErrors' in error ? error.graphQLErrors : [];
  for (const e of graphQLErrors) {
    const text = knownText(t, e.extensions?.reason, e.extensions?.code);
    if (text) return text;
  }
  if ('networkError' in error && error.networkError && graphQLErrors.length === 0) return t('errors.NETWORK');
  return t('errors.GENERIC');
}

/** The `extensions.reason` of the first GraphQL error, if any. */
export function errorReason(error: CombinedError | null | undefined): string | undefined {
  const reason = error?.graphQLErrors[0]?.extensions?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** The `extensions.field` of the first GraphQL error, if any. */
export function errorField(error: CombinedError | null | undefined): string | undefined {
  const field = error?.graphQLErrors[0]?.extensions?.field;
  return typeof field === 'string' ? field : undefined;
}

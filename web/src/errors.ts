import type { CombinedError } from 'urql';
import type { TFunction } from 'i18next';
import i18n from './i18n';

/**
 * Turns a GraphQL error into text for the user: `errors.<reason>`, else `errors.<code>`,
 * else a generic message. Server messages (English, possibly technical) are never shown.
 */
export function errorMessage(t: TFunction, error: CombinedError | Error | null | undefined): string | null {
  if (!error) return null;
  const graphQLErrors = 'graphQLErrors' in error ? error.graphQLErrors : [];
  for (const e of graphQLErrors) {
    const reason = e.extensions?.reason;
    if (typeof reason === 'string' && i18n.exists(`errors.${reason}`)) return t(`errors.${reason}`);
    const code = e.extensions?.code;
    if (typeof code === 'string' && i18n.exists(`errors.${code}`)) return t(`errors.${code}`);
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

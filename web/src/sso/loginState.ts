import type { TFunction } from 'i18next';

// What the login page remembers across the full-page trip to the organisation's identity
// provider: the address (to fill it in again when the sign-in comes back refused) and the page
// the user wanted (to go there after it). sessionStorage: this tab only, gone with it.

const EMAIL_KEY = 'poortwachter.sso.email';
const FROM_KEY = 'poortwachter.sso.from';

function write(key: string, value: string | null | undefined) {
  try {
    if (value) window.sessionStorage.setItem(key, value);
    else window.sessionStorage.removeItem(key);
  } catch {
    // Storage unavailable: the user types the address again and lands on his start page.
  }
}

function read(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Before leaving for the provider. */
export function rememberSsoStart(email: string, from: string | undefined) {
  write(EMAIL_KEY, email);
  write(FROM_KEY, from && from.startsWith('/') && !from.startsWith('//') ? from : null);
}

/** The address of the last sign-in through the provider in this tab, if any. */
export function rememberedSsoEmail(): string {
  return read(EMAIL_KEY) ?? '';
}

/** The page to open after signing in through the provider (a path of this app), if any. */
export function rememberedSsoFrom(): string | null {
  const from = read(FROM_KEY);
  return from && from.startsWith('/') && !from.startsWith('//') ? from : null;
}

/** After a successful sign-in: nothing to remember any more. */
export function forgetSsoStart() {
  write(EMAIL_KEY, null);
  write(FROM_KEY, null);
}

/**
 * The login page's explanation of `?sso=<reason>`, the reasons `/api/sso/callback` sends; an
 * unknown reason still says it failed.
 */
export function ssoReasonText(t: TFunction, reason: string): string {
  switch (reason) {
    case 'unavailable':
      return t('sso.reason.unavailable');
    case 'refused':
      return t('sso.reason.refused');
    case 'expired':
      return t('sso.reason.expired');
    case 'no_account':
      return t('sso.reason.no_account');
    case 'deactivated':
      return t('errors.ACCOUNT_DEACTIVATED');
    case 'cancelled':
      return t('sso.reason.cancelled');
    case 'busy':
      return t('sso.reason.busy');
    default:
      return t('errors.SSO_FAILED');
  }
}

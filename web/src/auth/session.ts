import { print } from 'graphql';
import { graphql } from '../gql';

/*
 * Where the tokens live (a deliberate decision):
 * - The access token is kept in memory only. It is short-lived and never written to any
 *   storage, so it is not readable by other tabs, extensions reading storage, or after the
 *   tab is gone.
 * - The refresh token is kept in sessionStorage: a reload in the same tab keeps the user
 *   logged in, but closing the tab ends the session. localStorage would keep it across
 *   browser restarts and share it between tabs, which is too long-lived for an application
 *   with medical data that is often used on shared workplace computers.
 * Refresh tokens are single-use and rotate: every refresh stores the new one, and at most one
 * refresh is in flight at any time (see `refreshSession`), since a second parallel refresh
 * with the same token would be rejected and end the session.
 */

const REFRESH_KEY = 'poortwachter.refreshToken';
const MFA_ENROLMENT_KEY = 'poortwachter.mfaEnrollmentRequired';

export const RefreshDocument = graphql(`
  mutation Refresh($refreshToken: String!) {
    refresh(refreshToken: $refreshToken) {
      ...AuthPayloadFields
    }
  }
`);

type Listener = () => void;

let accessToken: string | null = null;
/** Epoch milliseconds at which the access token expires. */
let expiresAt = 0;
/** Lifetime of the current access token in milliseconds, to size the refresh margin. */
let lifetime = 0;
let inFlight: Promise<void> | null = null;
/** Bumped on every sign-in or sign-out so subscribers (and the urql client) can reset. */
let generation = 0;
const listeners = new Set<Listener>();

function readStorage(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string | null) {
  try {
    if (value === null) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, value);
  } catch {
    // Storage may be unavailable (private mode); the session then lasts until reload.
  }
}

function emit() {
  for (const listener of listeners) listener();
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while the tab holds a session (an access token or a refresh token to get one). */
export function isAuthenticated(): boolean {
  return accessToken !== null || readStorage(REFRESH_KEY) !== null;
}

/** Changes whenever the user signs in or out; used to rebuild the GraphQL client. */
export function sessionGeneration(): number {
  return generation;
}

export function getAccessToken(): string | null {
  return accessToken;
}

/** True when there is no usable access token or it expires within the refresh margin. */
export function accessTokenExpiring(now = Date.now()): boolean {
  if (accessToken === null) return true;
  // Refresh shortly before expiry: 30 s, or a third of very short lifetimes.
  const margin = Math.min(30_000, lifetime / 3);
  return now >= expiresAt - margin;
}

export function mfaEnrollmentRequired(): boolean {
  return readStorage(MFA_ENROLMENT_KEY) === 'true';
}

export function clearMfaEnrollmentRequired() {
  writeStorage(MFA_ENROLMENT_KEY, null);
  emit();
}

/** The token fields of an AuthPayload (login, refresh, acceptInvitation). */
export interface Tokens {
  accessToken?: string | null;
  refreshToken?: string | null;
  expiresIn?: number | null;
  mfaEnrollmentRequired?: boolean;
}

function store(tokens: Tokens) {
  accessToken = tokens.accessToken ?? null;
  lifetime = Math.max(0, (tokens.expiresIn ?? 0) * 1000);
  expiresAt = Date.now() + lifetime;
  if (tokens.refreshToken) writeStorage(REFRESH_KEY, tokens.refreshToken);
}

/** Starts a session from a successful login or accepted invitation. */
export function signIn(tokens: Tokens) {
  if (!tokens.accessToken) throw new Error('signIn without an access token');
  store(tokens);
  writeStorage(MFA_ENROLMENT_KEY, tokens.mfaEnrollmentRequired ? 'true' : null);
  generation += 1;
  emit();
}

/** Forgets all tokens; the route guards then send the user to /inloggen. */
export function signOut() {
  const had = isAuthenticated();
  accessToken = null;
  expiresAt = 0;
  lifetime = 0;
  writeStorage(REFRESH_KEY, null);
  writeStorage(MFA_ENROLMENT_KEY, null);
  if (had) {
    generation += 1;
    emit();
  }
}

export class SessionEndedError extends Error {
  constructor() {
    super('session ended');
    this.name = 'SessionEndedError';
  }
}

async function doRefresh(): Promise<void> {
  const refreshToken = readStorage(REFRESH_KEY);
  if (!refreshToken) {
    signOut();
    throw new SessionEndedError();
  }
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({
        operationName: 'Refresh',
        query: print(RefreshDocument),
        variables: { refreshToken },
      }),
    });
  } catch (error) {
    // Network trouble: keep the refresh token, the next operation tries again.
    throw error instanceof Error ? error : new Error(String(error));
  }
  let body: { data?: { refresh?: Tokens | null } | null; errors?: unknown[] } | null = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const payload = body?.data?.refresh;
  if (payload?.accessToken) {
    // Rotation: the old refresh token is spent; keep the new one.
    store(payload);
    if (payload.mfaEnrollmentRequired) writeStorage(MFA_ENROLMENT_KEY, 'true');
    emit();
    return;
  }
  if (response.status >= 500 && !body?.errors) {
    throw new Error(`refresh failed with HTTP ${response.status}`);
  }
  // The server refused the token (TOKEN_INVALID, SESSION_EXPIRED, ...): the session is over.
  signOut();
  throw new SessionEndedError();
}

/**
 * Exchanges the refresh token for new tokens. Concurrent callers share one request, so the
 * single-use refresh token is never sent twice.
 */
export function refreshSession(): Promise<void> {
  if (!inFlight) {
    inFlight = doRefresh().finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

import { accessTokenExpiring, getAccessToken, isAuthenticated, refreshSession, signOut } from '../auth/session';
import { RestError } from '../errors';

// The REST side of documents (upload, download, the PDF exports) carries the same bearer token
// as GraphQL and handles its expiry the way the urql client's authExchange does.

async function accessToken(): Promise<string> {
  // Refresh shortly before the token runs out (or after a reload, when only the refresh token
  // survived), instead of sending a file the server will refuse.
  if (isAuthenticated() && accessTokenExpiring()) await refreshSession();
  const token = getAccessToken();
  if (!token) throw new RestError(401, 'UNAUTHENTICATED');
  return token;
}

/**
 * Sends a request with the access token; when the server still answers 401 (a token revoked or
 * expired in between), refreshes once and sends it again. A second 401 ends the session.
 */
export async function withToken<T extends { status: number }>(send: (token: string) => Promise<T>): Promise<T> {
  const first = await send(await accessToken());
  if (first.status !== 401) return first;
  await refreshSession();
  const second = await send(await accessToken());
  if (second.status === 401) signOut();
  return second;
}

/** Error codes by status, for an answer without the JSON error body (e.g. from a proxy). */
const CODE_OF_STATUS: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_TYPE',
  429: 'RATE_LIMITED',
};

/** The error of a refused request, from its body `{"error": {code, reason}}` or its status. */
export function restError(status: number, body: string): RestError {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; reason?: unknown } }).error;
    if (error) {
      return new RestError(
        status,
        typeof error.code === 'string' ? error.code : undefined,
        typeof error.reason === 'string' ? error.reason : undefined,
      );
    }
  } catch {
    // not JSON
  }
  return new RestError(status, CODE_OF_STATUS[status]);
}

import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError, type Operation } from 'urql';
import { authExchange } from '@urql/exchange-auth';
import { Kind } from 'graphql';
import { accessTokenExpiring, getAccessToken, isAuthenticated, refreshSession, signOut } from '../auth/session';

/** Root fields that work without a session and must never trigger a token refresh. */
const PUBLIC_FIELDS = new Set(['login', 'refresh', 'acceptInvitation', 'signInOptions', 'completeSsoLogin']);

function rootField(operation: Operation): string | undefined {
  for (const definition of operation.query.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      const first = definition.selectionSet.selections[0];
      if (first?.kind === Kind.FIELD) return first.name.value;
    }
  }
  return undefined;
}

function isPublic(operation: Operation): boolean {
  const field = rootField(operation);
  return field !== undefined && PUBLIC_FIELDS.has(field);
}

export function isAuthError(error: CombinedError): boolean {
  return (
    error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') ||
    (error.response as Response | undefined)?.status === 401
  );
}

/** A fresh client per session, so nothing cached for one user is shown to the next. */
export function createClient(): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      // Sits before authExchange, so it sees results after the one retry authExchange makes:
      // an authentication error at that point means the session cannot be recovered.
      mapExchange({
        onError(error, operation) {
          if (!isPublic(operation) && operation.context.authAttempt && isAuthError(error)) {
            signOut();
          }
        },
      }),
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = getAccessToken();
          if (!token || isPublic(operation)) return operation;
          return utils.appendHeaders(operation, { Authorization: `Bearer ${token}` });
        },
        willAuthError(operation) {
          // Refresh shortly before the access token runs out (or after a reload, when only
          // the refresh token survived), instead of waiting for the server to refuse it.
          return !isPublic(operation) && isAuthenticated() && accessTokenExpiring();
        },
        didAuthError(error, operation) {
          return !isPublic(operation) && isAuthError(error);
        },
        async refreshAuth() {
          // Errors end the session inside refreshSession (signOut); the queued operations then
          // fail and the route guards redirect to /inloggen.
          await refreshSession();
        },
      })),
      fetchExchange,
    ],
  });
}

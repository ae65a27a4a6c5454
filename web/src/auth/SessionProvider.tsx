import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createClient } from '../graphql/client';
import { isAuthenticated, mfaEnrollmentRequired, sessionGeneration, subscribe } from './session';

interface SessionState {
  authenticated: boolean;
  /** The last login said this user must enrol TOTP before reaching medical data. */
  mfaEnrollmentRequired: boolean;
}

const SessionContext = createContext<SessionState>({ authenticated: false, mfaEnrollmentRequired: false });

function snapshot(): string {
  return `${sessionGeneration()}|${isAuthenticated()}|${mfaEnrollmentRequired()}`;
}

/** Provides the session state and a GraphQL client that is rebuilt at every sign-in/out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const snap = useSyncExternalStore(subscribe, snapshot);
  const [generation, authenticated, mfa] = snap.split('|');
  // A new client per session generation: no cached data crosses from one user to the next.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the generation is only the trigger for a new client
  const client = useMemo(() => createClient(), [generation]);
  const state = useMemo(
    () => ({ authenticated: authenticated === 'true', mfaEnrollmentRequired: mfa === 'true' }),
    [authenticated, mfa],
  );
  return (
    <SessionContext.Provider value={state}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

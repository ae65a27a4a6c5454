import { Button, Center, Loader, Stack, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useQuery } from 'urql';
import { useSession } from '../auth/SessionProvider';
import { signOut } from '../auth/session';
import { FormError } from '../components/FormError';
import { errorMessage } from '../errors';
import { isAuthError } from '../graphql/client';
import { MeDocument } from '../graphql/operations';
import { homePortal } from '../roles';

/** `/`: signed-in users go to the portal of their role, others to the login page. */
export function RootRedirect() {
  const { t } = useTranslation();
  const { authenticated } = useSession();
  const [{ data, error }, reexecute] = useQuery({ query: MeDocument, pause: !authenticated });
  const home = data ? homePortal(data.me.roles) : null;
  // An account without any portal role, or a session the server no longer accepts.
  const unusable = (data !== undefined && home === null) || (error !== undefined && isAuthError(error));

  useEffect(() => {
    if (unusable) signOut();
  }, [unusable]);

  if (!authenticated || unusable) return <Navigate to="/inloggen" replace />;
  if (home) return <Navigate to={`/${home}`} replace />;
  return (
    <Center mih="100vh" component="main" p="md">
      {error ? (
        <Stack>
          <Title order={1}>{t('app.name')}</Title>
          <FormError message={errorMessage(t, error)} />
          <Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>{t('common.retry')}</Button>
        </Stack>
      ) : (
        <Loader aria-label={t('common.loading')} />
      )}
    </Center>
  );
}

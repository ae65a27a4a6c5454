import { Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { AdminTrailDocument } from '../../identity/operations';
import { TrailList } from '../../identity/TrailList';
import { usePortal } from '../PortalShell';

/** Entries shown at first and added by every "show more", of the newest LIMIT. */
const STEP = 50;
const LIMIT = 500;

/**
 * "Beheerlogboek": the administrative trail of the administrator's own organisation — accounts,
 * invitations, second-factor resets, medical verifications, doctor requests and assignments —
 * for HR, the administrators of a health service or agency, and the platform operator.
 */
export function AdminTrailPage() {
  const { t } = useTranslation();
  const { portalTitle, me } = usePortal();
  const [shown, setShown] = useState(STEP);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AdminTrailDocument,
    variables: { first: LIMIT },
    requestPolicy: 'cache-and-network',
    context: useMemo(() => ({ additionalTypenames: ['User', 'Invitation', 'CaseAssignment', 'MedicalAccess'] }), []),
  });
  const entries = data?.adminTrail ?? [];

  return (
    <Page title={t('identity.trail.title')} context={portalTitle}>
      <Text>{t('identity.trail.intro', { organisation: me.organisation.name })}</Text>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && (
        <TrailList
          entries={entries.slice(0, shown)}
          caption={t('identity.trail.caption')}
          emptyText={t('identity.trail.empty')}
          hasMore={entries.length > shown}
          onMore={() => setShown((n) => n + STEP)}
        />
      )}
    </Page>
  );
}

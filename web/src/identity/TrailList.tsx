import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TrailEntryFieldsFragment } from '../gql/graphql';
import { ScrollTable } from '../components/ScrollTable';
import { formatDateTime } from '../dates';

/** Long words (e-mail addresses, ids in the server's text) wrap instead of widening the page. */
const WRAP = { overflowWrap: 'anywhere' } as const;

const RESOURCES = [
  'organisation',
  'user',
  'invitation',
  'second_factor',
  'medical_binding',
  'activation_code',
  'doctor_request',
  'case_assignment',
  'engagement',
] as const;

/** "Uitnodiging", "Tweestapsverificatie", ...; an unknown kind as the server names it. */
function resourceLabel(t: TFunction, resourceType: string): string {
  return (RESOURCES as readonly string[]).includes(resourceType) ? t(`identity.trail.resource.${resourceType}`) : resourceType;
}

/** "aangemaakt", "gewijzigd", "verwijderd"; for a refused attempt "poging tot ...". */
function actionLabel(t: TFunction, action: string, denied: boolean): string {
  const known = ['C', 'R', 'U', 'D', 'E'].includes(action) ? action : 'E';
  return t(denied ? `identity.trail.tried.${known}` : `identity.trail.done.${known}`);
}

/** The actor's roles ("HR_ADMIN,CASE_MANAGER") in words; SYSTEM is left out. */
function roleNames(t: TFunction, exists: (key: string) => boolean, actorRole: string | null | undefined): string[] {
  return (actorRole ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r && r !== 'SYSTEM')
    .map((r) => (exists(`roles.${r}`) ? t(`roles.${r}`) : r));
}

function Outcome({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  const allowed = outcome === 'ALLOWED';
  return (
    <Badge
      component="span"
      color={allowed ? 'green' : 'red'}
      variant="light"
      leftSection={<span aria-hidden="true">{allowed ? '✓' : '✕'}</span>}
      // Never cut to "Toeges…" in a narrow table column.
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {allowed ? t('identity.trail.allowed') : t('identity.trail.denied')}
    </Badge>
  );
}

/** Name, roles and organisation, e-mail address; with `prefix` ("Door") before the name. */
function Who({ entry, prefix }: { entry: TrailEntryFieldsFragment; prefix?: string }) {
  const { t, i18n } = useTranslation();
  const roles = roleNames(t, (key) => i18n.exists(key), entry.actorRole);
  const name = entry.actorName ?? (entry.actorRole === 'SYSTEM' || !entry.actorRole ? t('identity.trail.system') : t('identity.trail.someone'));
  const by = [...roles, entry.actorOrganisation].filter(Boolean).join(', ');
  return (
    <>
      <Text size="sm" style={WRAP}>
        {prefix && <>{prefix} </>}
        <Text span fw={600} inherit>
          {name}
        </Text>
      </Text>
      {by && (
        <Text size="sm" style={WRAP}>
          {by}
        </Text>
      )}
      {entry.actorEmail && (
        <Text size="xs" c="dimmed" style={WRAP}>
          {entry.actorEmail}
        </Text>
      )}
    </>
  );
}

function What({ entry }: { entry: TrailEntryFieldsFragment }) {
  const { t } = useTranslation();
  const denied = entry.outcome !== 'ALLOWED';
  return (
    <>
      <Text fw={600} size="sm" style={WRAP}>
        {resourceLabel(t, entry.resourceType)}: {actionLabel(t, entry.action, denied)}
      </Text>
      {entry.detail && (
        // The server describes the event in English; say so to screen readers.
        <Text size="sm" lang="en" style={WRAP}>
          {entry.detail}
        </Text>
      )}
    </>
  );
}

/**
 * Events of the administrative trail (or of the user's own account): when, who (name, role,
 * organisation), what, and whether it was allowed. A table on wide screens; on a phone a list,
 * so nothing scrolls sideways.
 */
export function TrailList({
  entries,
  caption,
  emptyText,
  hasMore,
  onMore,
}: {
  entries: TrailEntryFieldsFragment[];
  caption: string;
  emptyText: string;
  hasMore?: boolean;
  onMore?: () => void;
}) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 48em)', true);
  if (entries.length === 0) return <Text c="dimmed">{emptyText}</Text>;

  const more = hasMore && onMore && (
    <Group>
      <Button variant="default" onClick={onMore}>
        {t('identity.trail.showMore')}
      </Button>
    </Group>
  );

  if (wide)
    return (
      <Stack gap="sm">
        <ScrollTable caption={caption} minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('identity.trail.when')}</Table.Th>
              <Table.Th scope="col">{t('identity.trail.who')}</Table.Th>
              <Table.Th scope="col">{t('identity.trail.what')}</Table.Th>
              <Table.Th scope="col">{t('identity.trail.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry, i) => (
              <Table.Tr key={`${entry.occurredAt}-${i}`} data-testid="trail-entry">
                <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                  <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top', minWidth: 200 }}>
                  <Who entry={entry} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <What entry={entry} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Outcome outcome={entry.outcome} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
        {more}
      </Stack>
    );

  return (
    <Stack gap="sm">
      <Stack gap="xs" component="ul" aria-label={caption} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {entries.map((entry, i) => (
          <li
            key={`${entry.occurredAt}-${i}`}
            data-testid="trail-entry"
            style={{ borderTop: '1px solid var(--mantine-color-gray-3)', paddingTop: 'var(--mantine-spacing-xs)' }}
          >
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" c="dimmed">
                <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
              </Text>
              <Outcome outcome={entry.outcome} />
            </Group>
            <What entry={entry} />
            <Who entry={entry} prefix={t('identity.trail.by')} />
          </li>
        ))}
      </Stack>
      {more}
    </Stack>
  );
}

import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { DoctorAccessLogQuery } from '../../gql/graphql';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDateTime } from '../../dates';
import i18n from '../../i18n';
import { SectionCard } from '../../components/SectionCard';
import { DoctorAccessLogDocument } from './operations';
import { QueryState } from '../../components/QueryState';

type Entry = DoctorAccessLogQuery['accessLog'][number];

/** A text for a code the server logs (record, action, role), or the code itself. */
function known(key: string, fallback: string): string {
  return i18n.exists(key) ? i18n.t(key) : fallback;
}

function roleText(role: string | null | undefined): string | null {
  if (!role) return null;
  return role
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => (r === 'SYSTEM' ? i18n.t('doctorCase.access.system') : known(`roles.${r}`, r)))
    .join(', ');
}

function Who({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const role = roleText(entry.role);
  const name = entry.who ?? (entry.role === 'SYSTEM' ? t('doctorCase.access.system') : t('doctorCase.access.unknown'));
  const details = [role && role !== name ? role : null, entry.organisation].filter(Boolean).join(', ');
  return (
    <>
      <Text size="sm" fw={500}>
        {name}
      </Text>
      {details && (
        <Text size="xs" c="dimmed">
          {details}
        </Text>
      )}
    </>
  );
}

/**
 * Who read or changed this employee's data (NEN 7513), newest first, in plain words: who,
 * when, what, and whether it was allowed.
 */
export function AccessLogTab({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DoctorAccessLogDocument,
    variables: { caseId },
    requestPolicy: 'network-only',
  });
  const entries = data?.accessLog ?? [];

  return (
    <SectionCard headingId="access-heading" title={t('doctorCase.access.title')}>
      <Text size="sm">{t('doctorCase.access.intro')}</Text>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {data && entries.length === 0 && <Text c="dimmed">{t('doctorCase.access.none')}</Text>}
      {entries.length > 0 && (
        <ScrollTable caption={t('doctorCase.access.caption')} minWidth={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('doctorCase.access.when')}</Table.Th>
              <Table.Th scope="col">{t('doctorCase.access.who')}</Table.Th>
              <Table.Th scope="col">{t('doctorCase.access.what')}</Table.Th>
              <Table.Th scope="col">{t('doctorCase.access.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e, i) => {
              const allowed = e.outcome === 'ALLOWED';
              return (
                <Table.Tr key={`${e.at}-${i}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>
                    <Who entry={e} />
                  </Table.Td>
                  <Table.Td>
                    {t('doctorCase.access.whatLine', {
                      resource: known(`doctorCase.access.resource.${e.resource}`, e.resource),
                      action: known(`doctorCase.access.action.${e.action}`, e.action),
                    })}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={allowed ? 'green' : 'red'}
                      leftSection={<span aria-hidden="true">{allowed ? '✓' : '✕'}</span>}
                    >
                      {allowed ? t('doctorCase.access.allowed') : e.outcome === 'DENIED' ? t('doctorCase.access.denied') : e.outcome}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </ScrollTable>
      )}
    </SectionCard>
  );
}

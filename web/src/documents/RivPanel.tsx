import { Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { RivPartState } from '../gql/graphql';
import { ScrollTable } from '../components/ScrollTable';
import { formatDate } from '../dates';
import { rivPdfUrl } from './download';
import { PdfDownload } from './PdfDownload';
import { RivCompletenessDocument, documentsContext } from './operations';
import { QueryState } from '../components/QueryState';
import { SectionCard } from '../components/SectionCard';

const LOOK: Record<RivPartState, { color: string; symbol: string }> = {
  PRESENT: { color: 'green', symbol: '✓' },
  MISSING: { color: 'red', symbol: '!' },
  STALE: { color: 'orange', symbol: '◷' },
  NOT_YET_DUE: { color: 'gray', symbol: '○' },
  NOT_APPLICABLE: { color: 'gray', symbol: '–' },
};

/** A part's state as word and symbol (never colour alone). */
function StateBadge({ state }: { state: RivPartState }) {
  const { t } = useTranslation();
  const look = LOOK[state];
  return (
    <Badge color={look.color} variant="light" leftSection={<span aria-hidden="true">{look.symbol}</span>}>
      {t(`rivPartState.${state}`)}
    </Badge>
  );
}

/**
 * "Is the RIV complete?": every part of the re-integration report with its state, last and due
 * date, and — for who may export it (HR, the case manager) — the RIV as PDF.
 */
export function RivPanel({ caseId, mayDownload }: { caseId: string; mayDownload: boolean }) {
  const { t } = useTranslation();
  // Documents added on the other tab count for some parts: read afresh on every visit.
  const [{ data, fetching, error }, refetch] = useQuery({
    query: RivCompletenessDocument,
    variables: { caseId },
    context: documentsContext,
    requestPolicy: 'cache-and-network',
  });
  const riv = data?.rivCompleteness;

  return (
    <SectionCard headingId="riv-heading" title={t('documents.riv.title')}>
      <Text size="sm">{t('documents.riv.intro')}</Text>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {riv && (
        <>
          <Text fw={600} c={riv.complete ? 'var(--mantine-color-green-light-color)' : 'var(--mantine-color-red-light-color)'} data-testid="riv-summary">
            <span aria-hidden="true">{riv.complete ? '✓ ' : '! '}</span>
            {riv.complete ? t('documents.riv.complete') : t('documents.riv.incomplete', { count: riv.missing.length })}
          </Text>
          {riv.dueOn && <Text>{t('documents.riv.dueOn', { date: formatDate(riv.dueOn) })}</Text>}
          <ScrollTable caption={t('documents.riv.caption')} minWidth={600}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('documents.riv.part')}</Table.Th>
                <Table.Th scope="col">{t('documents.riv.state')}</Table.Th>
                <Table.Th scope="col">{t('documents.riv.lastOn')}</Table.Th>
                <Table.Th scope="col">{t('documents.riv.partDueOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {riv.parts.map((p) => (
                <Table.Tr key={p.part}>
                  <Table.Th scope="row" fw={500}>
                    {t(`rivPart.${p.part}`)}
                  </Table.Th>
                  <Table.Td>
                    <StateBadge state={p.state} />
                  </Table.Td>
                  <Table.Td>{formatDate(p.lastOn) || '–'}</Table.Td>
                  <Table.Td>{formatDate(p.dueOn) || '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </ScrollTable>
        </>
      )}
      {mayDownload && (
        <Stack gap="xs">
          <Text size="sm">{t('documents.riv.downloadHint')}</Text>
          <PdfDownload url={rivPdfUrl(caseId)} fileName="re-integratieverslag.pdf" label={t('documents.riv.download')} />
        </Stack>
      )}
    </SectionCard>
  );
}

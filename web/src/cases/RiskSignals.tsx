import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RiskSignalKind } from '../gql/graphql';
import { formatDate } from '../dates';

/** The case's sanction risks in plain words, for the employer to act on. */
export function RiskSignals({ signals }: { signals: { kind: RiskSignalKind; since: string }[] }) {
  const { t } = useTranslation();
  if (signals.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={t('risk.title')} icon={<span aria-hidden="true">⚠</span>}>
      <List size="sm" spacing={4}>
        {signals.map((s) => (
          <List.Item key={s.kind}>
            {t(`risk.${s.kind}`)} <span>({t('risk.since', { date: formatDate(s.since) })})</span>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

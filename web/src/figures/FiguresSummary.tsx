import { Anchor, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { QueryState } from '../components/QueryState';
import { SectionCard } from '../components/SectionCard';
import { usePortal } from '../portals/PortalShell';
import { KeyFigureTiles } from './KeyFigureTiles';
import { isEmployerStaff, periodContaining, periodLabel } from './format';
import { AbsenceFigureSeriesDocument } from './operations';

/**
 * The key figures of this quarter (the employer's, or a line manager's team's) with the trend
 * against the last, at the top of the employer's start page; the full figures one link away.
 */
export function FiguresSummary() {
  const { t } = useTranslation();
  const { me } = usePortal();
  const staff = isEmployerStaff(me.roles);
  const quarter = periodContaining('QUARTER', dayjs());
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AbsenceFigureSeriesDocument,
    variables: { ...quarter, period: 'QUARTER' },
    requestPolicy: 'cache-and-network',
  });
  const current = data?.absenceFigureSeries.at(-1);
  return (
    <SectionCard headingId="figures-summary-heading" padding="lg" title={t('figures.summary.title')}>
      <Text size="sm" c="dimmed">
        {t('figures.summary.subtitle', {
          period: periodLabel(t, 'QUARTER', quarter.from),
          scope: t(staff ? 'figures.scope.organisation' : 'figures.scope.team'),
        })}
      </Text>
      <QueryState loading={!data && fetching} error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      {current && <KeyFigureTiles kind="QUARTER" figures={current.figures} previous={current.previous} />}
      <Anchor component={Link} to="/werkgever/verzuimcijfers">
        {t('figures.summary.more')}
      </Anchor>
    </SectionCard>
  );
}

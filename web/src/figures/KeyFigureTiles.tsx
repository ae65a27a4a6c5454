import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { METRICS, formatHeadcount, formatMetric, formatNumber, trendOf, type Figures, type Kind, type Metric } from './format';

/** The message that replaces every figure of a group under five employees. */
export function TooFew() {
  const { t } = useTranslation();
  return (
    <Text role="status" fw={500} p="sm" bg="var(--mantine-color-gray-1)" style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
      {t('figures.tooFew')}
    </Text>
  );
}

const ARROW = { up: '↑', down: '↓', same: '=' } as const;

function trendColour(good: boolean | null): string {
  if (good === null) return 'var(--mantine-color-dimmed)';
  // The darker "light" variants of main.tsx: AA contrast on white.
  return good ? 'var(--mantine-color-green-light-color)' : 'var(--mantine-color-red-light-color)';
}

function Tile({ metric, kind, figures, previous }: { metric: Metric; kind: Kind; figures: Figures; previous: Figures }) {
  const { t } = useTranslation();
  const value = formatMetric(t, metric, figures[metric.key]);
  const before = previous.available ? formatMetric(t, metric, previous[metric.key]) : null;
  const trend = trendOf(t, metric, kind, figures[metric.key], previous.available ? previous[metric.key] : null);
  return (
    <Card withBorder radius="md" padding="md" role="listitem" data-metric={metric.key}>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t(`figures.metric.${metric.key}`)}
        </Text>
        {value === null ? (
          <Text size="sm" c="dimmed">
            {t(`figures.noValue.${metric.key}`)}
          </Text>
        ) : (
          <>
            <Text fz={28} fw={700} lh={1.2}>
              {metric.unit === 'days' ? (
                // "14,2" large, "dagen" smaller, so the tile keeps one line for the number.
                <>
                  {formatNumber(figures[metric.key] ?? 0, 1)}{' '}
                  <Text span fz="md" fw={600}>
                    {t('figures.unit.daysWord')}
                  </Text>
                </>
              ) : (
                value
              )}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`figures.hint.${metric.key}`)}
            </Text>
          </>
        )}
        {trend ? (
          <Text size="sm" fw={500} style={{ color: trendColour(trend.good) }}>
            <span aria-hidden="true">{ARROW[trend.direction]} </span>
            {trend.text}
          </Text>
        ) : (
          value !== null && (
            <Text size="sm" c="dimmed">
              {t('figures.trend.none', { than: t(`figures.previous.${kind}`) })}
            </Text>
          )
        )}
        {before !== null && (
          <Text size="xs" c="dimmed">
            {t(`figures.previousLabel.${kind}`, { value: before })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/**
 * The five key figures of one period, each with its change against the period before (an arrow
 * and words; red when worse, green when better). A group under five gets only the message.
 */
export function KeyFigureTiles({ kind, figures, previous }: { kind: Kind; figures: Figures; previous: Figures }) {
  const { t } = useTranslation();
  if (!figures.available) return <TooFew />;
  return (
    <Stack gap="xs">
      <SimpleGrid role="list" cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm">
        {METRICS.map((metric) => (
          <Tile key={metric.key} metric={metric} kind={kind} figures={figures} previous={previous} />
        ))}
      </SimpleGrid>
      {figures.headcount !== null && (
        <Text size="sm" c="dimmed">
          {t('figures.key.headcount', { value: formatHeadcount(figures.headcount) })}
        </Text>
      )}
    </Stack>
  );
}

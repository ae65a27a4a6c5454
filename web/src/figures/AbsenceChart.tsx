import { Box, Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, isOngoing, periodLabel, type Figures, type Kind, type Span } from './format';

export interface ChartPeriod extends Span {
  figures: Figures;
}

const HEIGHT = 240;
const MARGIN = { top: 24, right: 8, bottom: 28, left: 48 };
// Mantine's blue 8, gray 8, gray 3 and blue 1 (SVG attributes take plain colours).
const BAR = '#1971c2';
const INK = '#343a40';
const GRID = '#dee2e6';
const STRIPE = '#d0ebff';

/** A round step for the y axis that gives at most five lines up to `max`. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 5, step: 1 };
  const step = [0.5, 1, 2, 2.5, 5, 10, 20, 25, 50].find((s) => max / s <= 5) ?? 100;
  return { top: Math.max(step, Math.ceil(max / step) * step), step };
}

function Swatch({ patternId, striped }: { patternId: string; striped: boolean }) {
  return (
    <svg width="14" height="14" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="13" height="13" fill={striped ? `url(#${patternId})` : BAR} stroke={BAR} />
    </svg>
  );
}

/**
 * The absence percentage per period as bars, drawn at the width it gets (text stays its real
 * size on a phone). For screen readers it is one image with a name; the table beside it holds
 * the same numbers. The period still running is striped; one without figures shows a dash.
 */
export function AbsenceChart({ kind, periods, label }: { kind: Kind; periods: ChartPeriod[]; label: string }) {
  const { t } = useTranslation();
  const { ref, width } = useElementSize<HTMLDivElement>();
  const patternId = `${useId().replace(/:/g, '')}-ongoing`;
  const values = periods.map((p) => (p.figures.available ? p.figures.absencePercentage : null));
  const { top, step } = axis(Math.max(0, ...values.map((v) => v ?? 0)));
  const plotWidth = Math.max(0, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = periods.length > 0 ? plotWidth / periods.length : 0;
  const barWidth = Math.min(slot * 0.64, 56);
  const showValues = slot >= 40;
  // Axis labels must not run into each other: on a narrow chart only every n-th is written
  // (about 7 px a character at 12 px).
  const labels = periods.map((p) => periodLabel(t, kind, p.from, true));
  const widest = Math.max(0, ...labels.map((l) => l.length * 7 + 6));
  const every = slot > 0 ? Math.max(1, Math.ceil(widest / slot)) : 1;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const y = (v: number) => MARGIN.top + plotHeight * (1 - v / top);
  const anyOngoing = periods.some((p) => isOngoing(p));
  const anyMissing = values.some((v) => v === null);

  return (
    <Box>
      <Box ref={ref} w="100%" h={HEIGHT}>
        {width > 0 && (
          <svg width={width} height={HEIGHT} role="img" aria-label={label} style={{ display: 'block' }}>
            <defs>
              <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="6" height="6" fill={STRIPE} />
                <rect width="3" height="6" fill={BAR} />
              </pattern>
            </defs>
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? INK : GRID} />
                <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize="12" fill={INK}>
                  {`${formatNumber(tick, step < 1 ? 1 : 0)}%`}
                </text>
              </g>
            ))}
            {periods.map((p, i) => {
              const value = values[i];
              const centre = MARGIN.left + slot * i + slot / 2;
              const ongoing = isOngoing(p);
              return (
                <g key={p.from}>
                  {value !== null ? (
                    <>
                      <rect
                        x={centre - barWidth / 2}
                        y={y(value)}
                        width={barWidth}
                        height={Math.max(0, y(0) - y(value))}
                        fill={ongoing ? `url(#${patternId})` : BAR}
                        stroke={BAR}
                      />
                      {showValues && (
                        <text x={centre} y={y(value) - 6} textAnchor="middle" fontSize="12" fill={INK}>
                          {formatNumber(value, 1)}
                        </text>
                      )}
                    </>
                  ) : (
                    <text x={centre} y={y(0) - 6} textAnchor="middle" fontSize="14" fill={INK}>
                      –
                    </text>
                  )}
                  {i % every === 0 && (
                    <text x={centre} y={HEIGHT - 8} textAnchor="middle" fontSize="12" fill={INK}>
                      {labels[i]}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </Box>
      {(anyOngoing || anyMissing) && (
        <Group gap="lg" mt="xs" aria-hidden="true">
          {anyOngoing && (
            <Group gap={6} wrap="nowrap">
              <Swatch patternId={patternId} striped />
              <Text size="sm">{t('figures.chart.ongoing')}</Text>
            </Group>
          )}
          {anyMissing && <Text size="sm">{t('figures.chart.missing')}</Text>}
        </Group>
      )}
    </Box>
  );
}

import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from '../components/ScrollTable';
import { METRICS, formatHeadcount, formatMetric, isOngoing, periodLabel, type Figures, type Kind, type Span } from './format';

/** The header cells of the five figures and the headcount. */
function FigureHeads() {
  const { t } = useTranslation();
  return (
    <>
      {METRICS.map((m) => (
        <Table.Th key={m.key} scope="col" ta="right">
          {/* Soft hyphens let the long Dutch words break, so the table fits more often. */}
          {t(`figures.column.${m.key}`)}
        </Table.Th>
      ))}
      <Table.Th scope="col" ta="right">
        {t('figures.table.headcount')}
      </Table.Th>
    </>
  );
}

/** The cells of one row: the figures, or one cell saying the group is too small. */
function FigureCells({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  if (!figures.available)
    return (
      <Table.Td colSpan={METRICS.length + 1}>
        <Text size="sm" c="dimmed">
          {t('figures.tooFewShort')}
        </Text>
      </Table.Td>
    );
  return (
    <>
      {METRICS.map((m) => (
        <Table.Td key={m.key} ta="right" style={{ whiteSpace: 'nowrap' }}>
          {formatMetric(t, m, figures[m.key]) ?? '–'}
        </Table.Td>
      ))}
      <Table.Td ta="right">{figures.headcount !== null ? formatHeadcount(figures.headcount) : '–'}</Table.Td>
    </>
  );
}

function FiguresTable({ caption, firstHead, children }: { caption: string; firstHead: string; children: ReactNode }) {
  return (
    <ScrollTable caption={caption} minWidth={880}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{firstHead}</Table.Th>
          <FigureHeads />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </ScrollTable>
  );
}

/** The figures per period, the numbers of the chart and more. */
export function PeriodTable({ kind, periods, caption }: { kind: Kind; periods: (Span & { figures: Figures })[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <FiguresTable caption={caption} firstHead={t('figures.table.period')}>
      {periods.map((p) => (
        <Table.Tr key={p.from}>
          <Table.Th scope="row" fw={500} style={{ whiteSpace: 'nowrap' }}>
            {periodLabel(t, kind, p.from)}
            {isOngoing(p) && (
              <Text span size="xs" c="dimmed">
                {' '}
                ({t('figures.table.ongoing')})
              </Text>
            )}
          </Table.Th>
          <FigureCells figures={p.figures} />
        </Table.Tr>
      ))}
    </FiguresTable>
  );
}

export interface DepartmentRow {
  department: { id: string; name: string; parentId?: string | null };
  figures: Figures;
}

/** Departments in tree order (each followed by those under it), with their depth. */
export function treeOrder<T extends { id: string; name: string; parentId?: string | null }>(items: T[]): { item: T; depth: number; parent?: T }[] {
  const byId = new Map(items.map((d) => [d.id, d]));
  const children = new Map<string | null, T[]>();
  for (const d of items) {
    // A parent outside the list (not in reach) makes it a root here.
    const parent = d.parentId && byId.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const out: { item: T; depth: number; parent?: T }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const d of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'nl'))) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      out.push({ item: d, depth, parent: parent ? byId.get(parent) : undefined });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  // Should the tree ever hold a loop, its departments are still listed.
  for (const d of items) if (!seen.has(d.id)) out.push({ item: d, depth: 0 });
  return out;
}

/** The figures per department (each with the departments under it). */
export function DepartmentTable({ rows, caption }: { rows: DepartmentRow[]; caption: string }) {
  const { t } = useTranslation();
  const byDepartment = new Map(rows.map((r) => [r.department.id, r]));
  const ordered = treeOrder(rows.map((r) => r.department));
  return (
    <FiguresTable caption={caption} firstHead={t('figures.departments.department')}>
      {ordered.map(({ item, depth, parent }) => (
        <Table.Tr key={item.id}>
          <Table.Th scope="row" fw={500} miw={150} pl={depth > 0 ? `calc(var(--mantine-spacing-xs) + ${depth * 16}px)` : undefined}>
            {item.name}
            {parent && (
              <Text size="xs" c="dimmed" fw={400}>
                {t('figures.departments.partOf', { name: parent.name })}
              </Text>
            )}
          </Table.Th>
          <FigureCells figures={byDepartment.get(item.id)!.figures} />
        </Table.Tr>
      ))}
    </FiguresTable>
  );
}

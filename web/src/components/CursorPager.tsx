import { Button, Group } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The pages of a cursor-paginated list: the cursors that opened each page so far (the first
 * page has none), so "Vorige" goes back without the server knowing backward cursors. A new
 * `filterKey` (the list's filter and order) starts at the first page again.
 */
export function useCursorPages(filterKey = '') {
  const [state, setState] = useState({ filterKey, cursors: [null] as (string | null)[] });
  let { cursors } = state;
  if (state.filterKey !== filterKey) {
    cursors = [null];
    setState({ filterKey, cursors });
  }
  return {
    /** The cursor to ask the current page with (`after`). */
    after: cursors[cursors.length - 1],
    page: cursors.length,
    previous: () => setState((s) => ({ ...s, cursors: s.cursors.slice(0, -1) })),
    next: (endCursor: string) => setState((s) => ({ ...s, cursors: [...s.cursors, endCursor] })),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/**
 * "Vorige / Volgende" for a cursor-paginated list, shown when there is more than one page.
 */
export function CursorPager({
  label,
  pages,
  pageInfo,
  children,
}: {
  label: string;
  pages: CursorPages;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  /** Shown between the buttons (e.g. "Pagina 2 van 3"). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { endCursor } = pageInfo;
  const hasNext = pageInfo.hasNextPage && !!endCursor;
  if (pages.page <= 1 && !hasNext) return null;
  return (
    <Group justify="space-between" component="nav" aria-label={label}>
      <Button variant="default" disabled={pages.page <= 1} onClick={pages.previous}>
        {t('common.previous')}
      </Button>
      {children}
      <Button variant="default" disabled={!hasNext} onClick={() => endCursor && pages.next(endCursor)}>
        {t('common.next')}
      </Button>
    </Group>
  );
}

import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "Vorige / Volgende" for a cursor-paginated list: the caller keeps the cursors that opened each
 * page (to go back) and shows the pager when there is more than one page.
 */
export function CursorPager({
  label,
  page,
  hasNext,
  onPrevious,
  onNext,
  children,
}: {
  label: string;
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** Shown between the buttons (e.g. "Pagina 2 van 3"). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  if (page <= 1 && !hasNext) return null;
  return (
    <Group justify="space-between" component="nav" aria-label={label}>
      <Button variant="default" disabled={page <= 1} onClick={onPrevious}>
        {t('common.previous')}
      </Button>
      {children}
      <Button variant="default" disabled={!hasNext} onClick={onNext}>
        {t('common.next')}
      </Button>
    </Group>
  );
}

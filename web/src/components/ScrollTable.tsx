import { Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on narrow screens. The scroll region is focusable and named,
 * so keyboard users can scroll it too.
 */
export function ScrollTable({ caption, minWidth = 560, children }: { caption: string; minWidth?: number; children: ReactNode }) {
  return (
    // position: relative keeps the visually hidden caption inside the scroll box on phones.
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0} role="region" aria-label={caption} pos="relative">
      <Table striped highlightOnHover verticalSpacing="sm" captionSide="top" mt={0}>
        {/* The section heading says it visually; the caption names the table for screen readers. */}
        <Table.Caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </Table.Caption>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}

import { Card, Stack, Title, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A titled card for one part of a page, a `section` named by its heading. The heading is an h3
 * under the page's h2 (`level` 4 for a card inside a tab or another part). With `linkTarget`,
 * links elsewhere on the page can move focus to the heading, and it scrolls clear of the fixed
 * header.
 */
export function SectionCard({
  headingId,
  title,
  level = 3,
  padding = 'md',
  gap = 'sm',
  linkTarget = false,
  children,
}: {
  headingId: string;
  title: ReactNode;
  level?: 3 | 4;
  padding?: MantineSpacing;
  gap?: MantineSpacing;
  linkTarget?: boolean;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding={padding} component="section" aria-labelledby={headingId}>
      <Stack gap={gap}>
        <Title
          order={level}
          size={level === 3 ? 'h4' : 'h5'}
          id={headingId}
          tabIndex={linkTarget ? -1 : undefined}
          style={{ overflowWrap: 'anywhere', scrollMarginTop: linkTarget ? 76 : undefined }}
        >
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

import { SimpleGrid, Text, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';

// Values are what people typed: keep their line breaks, and let long words wrap on a phone.
const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/**
 * A label with its value. Stacked (the default), the label is small above the value on its own
 * line, so long names wrap on a phone; `inline` reads "Label: value" in one sentence.
 */
export function Fact({ label, inline = false, size, children }: { label: string; inline?: boolean; size?: MantineSize; children: ReactNode }) {
  if (inline)
    return (
      <Text size={size} style={WRAP}>
        <Text span fw={600}>
          {label}:
        </Text>{' '}
        {children}
      </Text>
    );
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size={size} style={WRAP}>
        {children}
      </Text>
    </div>
  );
}

/** Stacked facts side by side: one column on a phone, up to three on a wide screen. */
export function FactGrid({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
      {children}
    </SimpleGrid>
  );
}

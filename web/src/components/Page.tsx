import { Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** A portal page: its own h2 under the portal's h1, and the browser tab title. */
export function Page({ title, context, children }: { title: string; context?: string; children: ReactNode }) {
  useDocumentTitle([title, context, 'Poortwachter'].filter(Boolean).join(' — '));
  return (
    <Stack gap="lg">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

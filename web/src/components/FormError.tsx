import { Alert } from '@mantine/core';

/** An error for the whole form, announced to screen readers (role="alert"). */
export function FormError({ message, title }: { message: string | null | undefined; title?: string }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title} icon={<span aria-hidden="true">⚠</span>}>
      {message}
    </Alert>
  );
}

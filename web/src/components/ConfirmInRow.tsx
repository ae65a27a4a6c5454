import { Button, Group, Stack, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { focusOnMount } from './focusOnMount';
import { FormError } from './FormError';
import { WRAPPING_BUTTON } from './wrappingButton';

/**
 * An in-place confirmation of a step that cannot be undone (delete, revoke, replace): the
 * question, the error if the step failed, and the confirming and cancelling buttons. Focus
 * lands on the confirming button, so a keyboard or screen-reader user hears the question.
 */
export function ConfirmInRow({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  loading,
  error,
  danger = true,
}: {
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  loading?: boolean;
  error?: string | null;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  const questionId = useId();
  return (
    <Stack gap="xs" role="group" aria-labelledby={questionId}>
      <Text id={questionId} fw={600} style={{ overflowWrap: 'anywhere' }}>
        {question}
      </Text>
      <FormError message={error} />
      <Group gap="xs">
        <Button color={danger ? 'red' : undefined} onClick={onConfirm} loading={loading} styles={WRAPPING_BUTTON} ref={focusOnMount}>
          {confirmLabel}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

import { Button, CopyButton, Group, TextInput, type ButtonProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A button that copies `value` and says so ("Gekopieerd") for a moment; `label` defaults to "Kopiëren". */
export function CopyValueButton({ value, label, size }: { value: string; label?: string; size?: ButtonProps['size'] }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size={size} variant="default" onClick={copy}>
          {copied ? t('common.copied') : (label ?? t('common.copy'))}
        </Button>
      )}
    </CopyButton>
  );
}

/**
 * A value to enter elsewhere (an address to give an identity provider or personnel system):
 * read-only, selected whole on focus, with a copy button beside it.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput label={label} value={value} readOnly style={{ flex: 1, minWidth: 0 }} onFocus={(e) => e.currentTarget.select()} />
      <CopyValueButton value={value} />
    </Group>
  );
}

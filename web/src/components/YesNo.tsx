import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Yes/no with a word and a symbol, never colour alone. */
export function YesNo({ value, yes, no }: { value: boolean; yes?: string; no?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={value ? 'green' : 'gray'} variant="light" leftSection={<span aria-hidden="true">{value ? '✓' : '–'}</span>}>
      {value ? (yes ?? t('common.yes')) : (no ?? t('common.no'))}
    </Badge>
  );
}

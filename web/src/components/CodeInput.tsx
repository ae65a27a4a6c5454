import { TextInput, type TextInputProps } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The 6-digit code of an authenticator app: digits only (a pasted "123 456" too), at most six,
 * offered by the phone's one-time-code suggestion.
 */
export function CodeInput({
  ref,
  value,
  onChange,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & { ref?: Ref<HTMLInputElement>; value: string; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      ref={ref}
      description={t('totp.codeHint')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9]{6}"
      maxLength={6}
      required
      {...props}
    />
  );
}

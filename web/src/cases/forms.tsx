// Form fields shared by every portal that writes to a case: a date field, the free-text field
// that warns against medical content, and a one-date form for a step recorded by its day.
import { Button, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../components/FormError';
import { MedicalWarning, WARNING_BELOW } from './MedicalWarning';
import { todayIso } from '../dates';

/** A date field (native picker, works on phones); not after today unless `future`. */
export function DateField({
  label,
  value,
  onChange,
  error,
  future = false,
  required = true,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  future?: boolean;
  required?: boolean;
}) {
  return (
    <TextInput
      type="date"
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      max={future ? undefined : todayIso()}
      error={error}
      required={required}
    />
  );
}

/** A free-text field the employer (or the agency) fills in, with the warning against medical
 * content under an optional hint. */
export function EmployerText({
  id,
  label,
  value,
  onChange,
  error,
  required = false,
  rows = 3,
  maxLength = 5000,
  hint,
  size,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  required?: boolean;
  rows?: number;
  maxLength?: number;
  hint?: string;
  size?: 'sm' | 'md';
}) {
  return (
    <Textarea
      id={id}
      size={size}
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      required={required}
      minRows={rows}
      autosize
      maxLength={maxLength}
      description={
        <>
          {hint && <span style={{ display: 'block' }}>{hint}</span>}
          <MedicalWarning />
        </>
      }
      inputWrapperOrder={WARNING_BELOW}
    />
  );
}

/**
 * A step recorded by the day it happened (or will happen, with `future`): one date field and its
 * button. `onSave` runs the mutation; the form shows the error the mutation kept (`error`, or
 * `fieldError` at the field). `labelledBy` names the form by a heading nearby.
 */
export function DateStepForm({
  label,
  submitLabel,
  onSave,
  fetching,
  error,
  fieldError,
  future = false,
  initial,
  labelledBy,
  variant = 'light',
}: {
  label: string;
  submitLabel: string;
  onSave: (date: string) => Promise<unknown>;
  fetching: boolean;
  error?: string | null;
  fieldError?: string;
  future?: boolean;
  initial?: string;
  labelledBy?: string;
  variant?: 'filled' | 'light';
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState(initial ?? todayIso());
  const [problem, setProblem] = useState<string | undefined>();
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!date) {
      setProblem(t('form.required'));
      return;
    }
    setProblem(undefined);
    await onSave(date);
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={labelledBy}>
      <Stack gap="xs">
        <FormError message={error} />
        <DateField label={label} value={date} onChange={setDate} error={problem ?? fieldError} future={future} />
        <Group justify="flex-end">
          <Button type="submit" variant={variant} loading={fetching}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

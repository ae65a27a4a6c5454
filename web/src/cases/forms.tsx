// Form fields shared by every portal that writes to a case: a date field, and the free-text
// field that warns against medical content.
import { TextInput, Textarea } from '@mantine/core';
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

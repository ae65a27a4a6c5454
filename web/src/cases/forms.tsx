// Form helpers shared by every portal that writes to a case: a mutation behind a form with its
// field errors, a date field, and the free-text field that warns against medical content.
import { TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AnyVariables, CombinedError, DocumentInput, OperationResult } from 'urql';
import { useMutation } from 'urql';
import { MedicalWarning, WARNING_BELOW } from './MedicalWarning';
import { caseContext } from './operations';
import { todayIso } from '../dates';
import { errorField, errorMessage } from '../errors';

/**
 * A mutation behind a form: runs it with the case context (so case queries refetch), keeps the
 * form-level error and the per-field error the server named (`extensions.field`). `describe`
 * words the error (a portal may know more reasons than the app's error texts).
 */
export function useFormMutation<Data, Variables extends AnyVariables>(
  document: DocumentInput<Data, Variables>,
  describe: (t: TFunction, error: CombinedError) => string | null = errorMessage,
) {
  const { t } = useTranslation();
  const [{ fetching }, run] = useMutation<Data, Variables>(document);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function submit(variables: Variables, fields: string[] = []): Promise<OperationResult<Data, Variables> | null> {
    setError(null);
    setFieldErrors({});
    const result = await run(variables, caseContext);
    if (result.error) {
      const message = describe(t, result.error as CombinedError);
      const field = errorField(result.error as CombinedError);
      if (message && field && fields.includes(field)) setFieldErrors({ [field]: message });
      else setError(message);
      return null;
    }
    return result;
  }
  return { submit, fetching, error, setError, fieldErrors, setFieldErrors };
}

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

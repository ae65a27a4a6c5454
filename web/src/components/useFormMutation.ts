import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AnyVariables, CombinedError, DocumentInput, OperationResult } from 'urql';
import { useMutation } from 'urql';
import { caseContext } from '../cases/operations';
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

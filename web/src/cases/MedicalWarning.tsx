import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The warning beside every free-text field the employer (or the employee, in texts the employer
 * reads) fills in: the law forbids recording a diagnosis or complaints there. Give it to a
 * Mantine input as `description` (Mantine links the description to the field with
 * aria-describedby, which it would overwrite if set by hand); `id` is for a plain element.
 */
export function MedicalWarning({ id, textKey = 'caseCommon.medicalWarning' }: { id?: string; textKey?: string }) {
  const { t } = useTranslation();
  return (
    // A dark amber that keeps 7:1 contrast on white (Mantine's orange shades fall under 4.5:1).
    <Text id={id} component="span" size="xs" c="#7a3500" fw={500} display="block">
      <span aria-hidden="true">⚠ </span>
      {t(textKey)}
    </Text>
  );
}

/** Mantine's order with the description (the warning) under the field, next to the error. */
export const WARNING_BELOW = ['label', 'input', 'description', 'error'] as ('label' | 'input' | 'description' | 'error')[];

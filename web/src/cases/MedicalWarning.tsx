import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The warning beside every free-text field the employer (or the employee, in texts the employer
 * reads) fills in: the law forbids recording a diagnosis or complaints there. Linked to the
 * field with aria-describedby by its id.
 */
export function MedicalWarning({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <Text id={id} size="xs" c="orange.9" role="note">
      <span aria-hidden="true">⚠ </span>
      {t('caseCommon.medicalWarning')}
    </Text>
  );
}

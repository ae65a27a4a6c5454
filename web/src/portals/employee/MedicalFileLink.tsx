import { Anchor, Card, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export const MEDICAL_FILE_PATH = '/werknemer/medisch-dossier';

/** On "Mijn verzuim": where the medical file is (kept apart, behind the second factor). */
export function MedicalFileLink() {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap={4}>
        <Text>{t('employeeMedical.linkFromCase')}</Text>
        <Anchor component={Link} to={MEDICAL_FILE_PATH} fw={600}>
          {t('employeeMedical.toMedicalFile')}
        </Anchor>
      </Stack>
    </Card>
  );
}

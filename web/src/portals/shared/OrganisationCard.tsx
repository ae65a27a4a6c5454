import { Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../PortalShell';

export function OrganisationCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="organisation-heading">
      <Stack gap={4}>
        <Title order={3} size="h4" id="organisation-heading">
          {t('common.organisation')}
        </Title>
        <Text fw={600} fz="lg">
          {me.organisation.name}
        </Text>
        <Text c="dimmed">{t(`kinds.${me.organisation.kind}`)}</Text>
      </Stack>
    </Card>
  );
}

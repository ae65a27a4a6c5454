import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SectionCard } from '../components/SectionCard';
import { METRICS } from './format';

/** "Hoe berekend": the national definitions in a few lines, and the rule of five. */
export function HowCalculated() {
  const { t } = useTranslation();
  return (
    <SectionCard headingId="figures-how-heading" title={t('figures.how.title')}>
      <Text size="sm">{t('figures.how.intro')}</Text>
      <Box component="dl" m={0}>
        {METRICS.map((m) => (
          <Box key={m.key} mb="xs">
            <Text component="dt" size="sm" fw={600}>
              {t(`figures.metric.${m.key}`)}
            </Text>
            <Text component="dd" size="sm" m={0}>
              {t(`figures.how.${m.key}`)}
            </Text>
          </Box>
        ))}
      </Box>
      <Text size="sm">{t('figures.how.privacy')}</Text>
      <Text size="sm">{t('figures.how.ongoing')}</Text>
    </SectionCard>
  );
}

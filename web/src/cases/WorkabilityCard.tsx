import { Alert, Badge, Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WorkabilityFieldsFragment } from '../gql/graphql';
import { formatDate } from '../dates';
import { SectionCard } from '../components/SectionCard';

/** The company doctor's latest workability advice, in the same words for employer and
 * employee. It holds no medical content by construction: there is no field for it. */
export function WorkabilityCard({ advice, showNote = false }: { advice: WorkabilityFieldsFragment | null | undefined; showNote?: boolean }) {
  const { t } = useTranslation();
  const hours = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 1 });
  return (
    <SectionCard headingId="workability-heading" title={t('workability.title')}>
      {!advice ? (
        <Text c="dimmed">{t('workability.none')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {advice.doctor
              ? t('workability.givenBy', { name: advice.doctor.name, date: formatDate(advice.givenOn) })
              : t('workability.givenOn', { date: formatDate(advice.givenOn) })}
          </Text>
          {advice.noSustainableCapacity && (
            <Alert color="orange" variant="light">
              {t('workability.noCapacity')}
            </Alert>
          )}
          {advice.limitations.length > 0 && (
            <div>
              <Text fw={600}>{t('workability.limitations')}</Text>
              <List size="sm">
                {advice.limitations.map((l) => (
                  <List.Item key={l}>{l}</List.Item>
                ))}
              </List>
            </div>
          )}
          {advice.limitationCategories.length > 0 && (
            <Group gap={6}>
              <Text size="sm">{t('workability.categories')}:</Text>
              {advice.limitationCategories.map((c) => (
                <Badge key={c} variant="light" color="gray">
                  {t(`limitationCategory.${c}`)}
                </Badge>
              ))}
            </Group>
          )}
          {advice.capabilities.length > 0 && (
            <div>
              <Text fw={600}>{t('workability.capabilities')}</Text>
              <List size="sm">
                {advice.capabilities.map((c) => (
                  <List.Item key={c}>{c}</List.Item>
                ))}
              </List>
            </div>
          )}
          {(advice.hoursPerDay != null || advice.hoursPerWeek != null) && (
            <Text size="sm">
              <Text span fw={600}>
                {t('workability.hours')}:
              </Text>{' '}
              {[
                advice.hoursPerDay != null ? t('workability.perDay', { hours: hours(advice.hoursPerDay) }) : null,
                advice.hoursPerWeek != null ? t('workability.perWeek', { hours: hours(advice.hoursPerWeek) }) : null,
              ]
                .filter(Boolean)
                .join(', ')}
            </Text>
          )}
          {advice.expectedRecoveryOn && (
            <Text size="sm">
              <Text span fw={600}>
                {t('workability.expectedRecovery')}:
              </Text>{' '}
              {advice.expectedRecoveryUntil
                ? t('workability.range', { from: formatDate(advice.expectedRecoveryOn), until: formatDate(advice.expectedRecoveryUntil) })
                : formatDate(advice.expectedRecoveryOn)}
            </Text>
          )}
          {advice.advice && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              <Text span fw={600}>
                {t('workability.advice')}:
              </Text>{' '}
              {advice.advice}
            </Text>
          )}
          {showNote && (
            <Text size="xs" c="dimmed">
              {t('workability.note')}
            </Text>
          )}
        </>
      )}
    </SectionCard>
  );
}

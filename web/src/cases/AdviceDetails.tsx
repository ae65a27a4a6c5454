import { Alert, Badge, Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WorkabilityFieldsFragment } from '../gql/graphql';
import { formatDate } from '../dates';

/** The parts of a workability advice that are shown; who gave it and when is the caller's. */
export type AdviceContent = Pick<
  WorkabilityFieldsFragment,
  | 'noSustainableCapacity'
  | 'limitations'
  | 'limitationCategories'
  | 'capabilities'
  | 'hoursPerDay'
  | 'hoursPerWeek'
  | 'expectedRecoveryOn'
  | 'expectedRecoveryUntil'
  | 'advice'
>;

/**
 * The content of a workability advice, in the same words wherever it is read: the employer's
 * and employee's card and the doctor's compact summary. It renders a fragment, so the caller's
 * stack sets the spacing. `compact` (the doctor's summary) shows the no-capacity notice as bold
 * text instead of an alert, with smaller headings; no fixed ids, as several may be on one page.
 */
export function AdviceDetails({ advice, compact = false }: { advice: AdviceContent; compact?: boolean }) {
  const { t } = useTranslation();
  const h = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 1 });
  const headingSize = compact ? 'sm' : undefined;
  const hoursText = [
    advice.hoursPerDay != null ? t('workability.perDay', { hours: h(advice.hoursPerDay) }) : null,
    advice.hoursPerWeek != null ? t('workability.perWeek', { hours: h(advice.hoursPerWeek) }) : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      {advice.noSustainableCapacity &&
        (compact ? (
          <Text size="sm" fw={600}>
            {t('workability.noCapacity')}
          </Text>
        ) : (
          <Alert color="orange" variant="light">
            {t('workability.noCapacity')}
          </Alert>
        ))}
      {advice.limitations.length > 0 && (
        <div>
          <Text size={headingSize} fw={600}>
            {t('workability.limitations')}
          </Text>
          <List size="sm">
            {advice.limitations.map((l, i) => (
              <List.Item key={i}>{l}</List.Item>
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
          <Text size={headingSize} fw={600}>
            {t('workability.capabilities')}
          </Text>
          <List size="sm">
            {advice.capabilities.map((c, i) => (
              <List.Item key={i}>{c}</List.Item>
            ))}
          </List>
        </div>
      )}
      {hoursText && (
        <Text size="sm">
          <Text span fw={600}>
            {t('workability.hours')}:
          </Text>{' '}
          {hoursText}
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
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          <Text span fw={600}>
            {t('workability.advice')}:
          </Text>{' '}
          {advice.advice}
        </Text>
      )}
    </>
  );
}

import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WorkabilityFieldsFragment } from '../gql/graphql';
import { formatDate } from '../dates';
import { SectionCard } from '../components/SectionCard';
import { AdviceDetails } from './AdviceDetails';

/** The company doctor's latest workability advice, in the same words for employer and
 * employee. It holds no medical content by construction: there is no field for it. */
export function WorkabilityCard({ advice, showNote = false }: { advice: WorkabilityFieldsFragment | null | undefined; showNote?: boolean }) {
  const { t } = useTranslation();
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
          <AdviceDetails advice={advice} />
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

import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormError } from '../components/FormError';
import { formatDate } from '../dates';
import { errorMessage } from '../errors';
import { Track2Reports } from './Track2Reports';
import { ActivitiesList, AgreementFacts, ApplicationsList, Part, ProfileSummary } from './Track2Parts';
import { CaseTrack2Document, track2Context } from './operations';
import { SectionCard } from '../components/SectionCard';

/**
 * "Mijn spoor 2" for the employee, on his phone: who helps him find work elsewhere, what was
 * agreed, the occupations and search profile, his applications and the agency's proposals,
 * activities and work placements, and the agency's reports. Nothing shows without track 2.
 */
export function MyTrack2({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: CaseTrack2Document, variables: { id: caseId }, context: track2Context });
  const track2 = data?.case?.track2;
  if (!data) return error ? <FormError message={errorMessage(t, error)} /> : null;
  if (!track2) return null;

  return (
    <SectionCard headingId="track2-heading" linkTarget padding="lg" gap="md" title={t('track2.employee.title')}>
      <Text size="sm">{t('track2.employee.intro')}</Text>
      {track2.endedOn && <Text fw={600}>{t('track2.employee.ended', { date: formatDate(track2.endedOn) })}</Text>}
      <AgreementFacts track2={track2} withIntensity={false} />
      <Text>{t('track2.employee.agreement', { contacts: track2.contactsPerMonth, applications: track2.applicationsPerMonth })}</Text>
      <Part id="track2-profile-heading" title={t('track2.employee.profileTitle')} level={4}>
        <ProfileSummary track2={track2} level={5} />
      </Part>
      <Part id="track2-applications-heading" title={t('track2.applications.title')} level={4}>
        <ApplicationsList applications={track2.applications} shown={5} emptyText={t('track2.employee.noApplications')} />
      </Part>
      <Part id="track2-activities-heading" title={t('track2.activities.title')} level={4}>
        <ActivitiesList activities={track2.activities} />
      </Part>
      <Part id="track2-reports-heading" title={t('track2.reports.title')} level={4}>
        <Track2Reports reports={track2.reports} headingLevel={5} />
      </Part>
    </SectionCard>
  );
}

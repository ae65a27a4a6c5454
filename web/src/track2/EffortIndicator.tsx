import { Alert, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../dates';

type EffortMonth = { from: string; to: string; contacts: number; applications: number; complete: boolean; belowAgreement: boolean };

/** Months shown before "show all": the recent ones are what the employer can still act on. */
const SHOWN_MONTHS = 6;

function Measure({ label, achieved, agreed, short, running }: { label: string; achieved: number; agreed: number; short: boolean; running: boolean }) {
  const { t } = useTranslation();
  const percentage = agreed > 0 ? Math.min(100, Math.round((achieved / agreed) * 100)) : 100;
  return (
    <div>
      <Group gap={6} wrap="wrap" justify="space-between">
        <Text size="sm">{label}</Text>
        <Text size="sm" fw={600}>
          {t('track2.effort.achievedOfAgreed', { achieved, agreed })}
          {short && (
            <Text span size="sm" fw={600} c="red.9">
              {' '}
              <span aria-hidden="true">▼ </span>
              {t('track2.effort.tooFew')}
            </Text>
          )}
        </Text>
      </Group>
      {/* The bar repeats the numbers above for the eye only. */}
      <div aria-hidden="true">
        <Progress value={percentage} color={short ? 'red' : running ? 'blue' : 'teal'} size="sm" mt={4} />
      </div>
    </div>
  );
}

function MonthStatus({ month }: { month: EffortMonth }) {
  const { t } = useTranslation();
  if (!month.complete)
    return (
      <Badge variant="light" color="blue" leftSection={<span aria-hidden="true">…</span>}>
        {t('track2.effort.running')}
      </Badge>
    );
  if (month.belowAgreement)
    return (
      <Badge variant="light" color="red" leftSection={<span aria-hidden="true">⚠</span>}>
        {t('track2.effort.below')}
      </Badge>
    );
  return (
    <Badge variant="light" color="green" leftSection={<span aria-hidden="true">✓</span>}>
      {t('track2.effort.met')}
    </Badge>
  );
}

/**
 * Track 2 effort per month, achieved against the agreed intensity (contact moments and
 * applications), newest month first. Months below the agreement say so in words and with a
 * symbol; the running month is marked as running, since its counts can still grow. When the
 * effort fell below the agreement, a warning names the sanction risk: too little effort in
 * track 2 is one of the most common causes of a wage sanction.
 */
export function EffortIndicator(props: {
  effort: {
    belowAgreementSince?: string | null;
    months: { from: string; to: string; contacts: number; applications: number; complete: boolean; belowAgreement: boolean }[];
  };
  contactsPerMonth: number;
  applicationsPerMonth: number;
}) {
  const { effort, contactsPerMonth, applicationsPerMonth } = props;
  const { t } = useTranslation();
  const listId = useId();
  const [showAll, setShowAll] = useState(false);
  const months = [...effort.months].sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
  const shown = showAll ? months : months.slice(0, SHOWN_MONTHS);

  return (
    <Stack gap="sm">
      {effort.belowAgreementSince && (
        <Alert color="red" variant="light" title={t('track2.effort.warningTitle')} icon={<span aria-hidden="true">⚠</span>}>
          {t('track2.effort.warning', { date: formatDate(effort.belowAgreementSince) })}
        </Alert>
      )}
      <Text size="sm">{t('track2.effort.agreement', { contacts: contactsPerMonth, applications: applicationsPerMonth })}</Text>
      {months.length === 0 ? (
        <Text c="dimmed">{t('track2.effort.noMonths')}</Text>
      ) : (
        <Stack gap="xs" component="ul" id={listId} aria-label={t('track2.effort.listLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {shown.map((m) => {
            const below = m.complete && m.belowAgreement;
            return (
              <li
                key={m.from}
                style={{
                  border: '1px solid var(--mantine-color-gray-3)',
                  // A thick left edge marks the month at a glance; the badge says it in words.
                  borderLeft: `4px solid var(--mantine-color-${below ? 'red-7' : m.complete ? 'green-7' : 'blue-6'})`,
                  borderRadius: 'var(--mantine-radius-sm)',
                  padding: 'var(--mantine-spacing-xs) var(--mantine-spacing-sm)',
                }}
              >
                <Stack gap={6}>
                  <Group gap="xs" justify="space-between" wrap="wrap">
                    <Text fw={600} size="sm">
                      {t('track2.effort.period', { from: formatDate(m.from), to: formatDate(m.to) })}
                    </Text>
                    <MonthStatus month={m} />
                  </Group>
                  <Measure
                    label={t(m.complete ? 'track2.effort.contacts' : 'track2.effort.contactsSoFar')}
                    achieved={m.contacts}
                    agreed={contactsPerMonth}
                    short={m.complete && m.contacts < contactsPerMonth}
                    running={!m.complete}
                  />
                  <Measure
                    label={t(m.complete ? 'track2.effort.applications' : 'track2.effort.applicationsSoFar')}
                    achieved={m.applications}
                    agreed={applicationsPerMonth}
                    short={m.complete && m.applications < applicationsPerMonth}
                    running={!m.complete}
                  />
                </Stack>
              </li>
            );
          })}
        </Stack>
      )}
      {months.length > SHOWN_MONTHS && (
        <Group>
          <Button variant="subtle" onClick={() => setShowAll((v) => !v)} aria-expanded={showAll} aria-controls={listId}>
            {showAll ? t('track2.effort.showRecent') : t('track2.effort.showAll', { count: months.length })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

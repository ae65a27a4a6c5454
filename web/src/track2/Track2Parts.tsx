import { Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationStatus, Track2OverviewFragment } from '../gql/graphql';
import { Fact, FactGrid } from '../components/Fact';
import { formatDate } from '../dates';

// Read-only parts of track 2 shared by the employer's case page and the employee's "Mijn
// spoor 2": every list is a plain list of short blocks, so it reads on a phone without a table.

export type Track2View = Track2OverviewFragment;
type HeadingLevel = 3 | 4 | 5;

const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;
const PLAIN_LIST = { listStyle: 'none', margin: 0, padding: 0 } as const;
const ITEM = { borderTop: '1px solid var(--mantine-color-gray-3)', paddingTop: 'var(--mantine-spacing-xs)' } as const;

/** A titled part; the heading level follows the page it sits in. */
export function Part({ id, title, level, children }: { id: string; title: string; level: HeadingLevel; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Title order={level} size={level === 3 ? 'h4' : 'h5'} id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** Agency, consultant, start (and end) and, unless the page says it in a sentence, the agreed
 * intensity. */
export function AgreementFacts({ track2, withIntensity = true }: { track2: Track2View; withIntensity?: boolean }) {
  const { t } = useTranslation();
  return (
    <FactGrid>
      <Fact label={t('track2.facts.agency')}>{track2.agency?.name ?? '–'}</Fact>
      <Fact label={t('track2.facts.consultant')}>{track2.consultant?.name ?? '–'}</Fact>
      <Fact label={t('track2.facts.startedOn')}>{formatDate(track2.startedOn)}</Fact>
      {track2.endedOn && <Fact label={t('track2.facts.endedOn')}>{formatDate(track2.endedOn)}</Fact>}
      {withIntensity && <Fact label={t('track2.facts.contactsPerMonth')}>{track2.contactsPerMonth}</Fact>}
      {withIntensity && <Fact label={t('track2.facts.applicationsPerMonth')}>{track2.applicationsPerMonth}</Fact>}
    </FactGrid>
  );
}

/** How much has happened, in numbers. */
export function Track2Counts({ track2 }: { track2: Track2View }) {
  const { t } = useTranslation();
  const applications = track2.applications.filter((a) => a.kind === 'APPLICATION').length;
  const proposals = track2.applications.length - applications;
  const placements = track2.activities.filter((a) => a.kind === 'WORK_PLACEMENT').length;
  const activities = track2.activities.length - placements;
  const items = [
    t('track2.counts.contacts', { count: track2.contacts.length }),
    t('track2.counts.applications', { count: applications }),
    t('track2.counts.proposals', { count: proposals }),
    t('track2.counts.activities', { count: activities }),
    t('track2.counts.placements', { count: placements }),
    t('track2.counts.reports', { count: track2.reports.filter((r) => r.status === 'SUBMITTED').length }),
  ];
  return (
    <Group gap="xs" component="ul" style={PLAIN_LIST} aria-label={t('track2.counts.label')}>
      {items.map((text) => (
        <Badge key={text} component="li" variant="outline" color="gray" size="lg" tt="none" fw={500} c="dark.7">
          {text}
        </Badge>
      ))}
    </Group>
  );
}

/** The search profile, the promising occupations and the person profile. */
export function ProfileSummary({ track2, level, withPersonProfile = true }: { track2: Track2View; level: HeadingLevel; withPersonProfile?: boolean }) {
  const { t } = useTranslation();
  const p = track2.profile;
  const person = [
    { label: t('track2.profile.skills'), value: p.skills },
    { label: t('track2.profile.education'), value: p.education },
    { label: t('track2.profile.experience'), value: p.experience },
    { label: t('track2.profile.wishes'), value: p.wishes },
  ].filter((f) => f.value?.trim());
  return (
    <Stack gap="sm">
      <div>
        <Title order={level} size="h6">
          {t('track2.profile.searchProfile')}
        </Title>
        {p.searchProfile?.trim() ? <Text style={WRAP}>{p.searchProfile}</Text> : <Text c="dimmed">{t('track2.profile.noSearchProfile')}</Text>}
      </div>
      <div>
        <Title order={level} size="h6">
          {t('track2.profile.occupations')}
        </Title>
        {track2.occupations.length === 0 ? (
          <Text c="dimmed">{t('track2.profile.noOccupations')}</Text>
        ) : (
          <List spacing={6}>
            {track2.occupations.map((o) => (
              <List.Item key={o.id}>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {o.title}
                </Text>
                {o.reason && (
                  <Text size="sm" style={WRAP}>
                    {o.reason}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        )}
      </div>
      {withPersonProfile && person.length > 0 && (
        <div>
          <Title order={level} size="h6">
            {t('track2.profile.personProfile')}
          </Title>
          <Stack gap={6}>
            {person.map((f) => (
              <div key={f.label}>
                <Text size="sm" fw={600}>
                  {f.label}
                </Text>
                <Text size="sm" style={WRAP}>
                  {f.value}
                </Text>
              </div>
            ))}
          </Stack>
        </div>
      )}
    </Stack>
  );
}

const STATUS_LOOK: Record<ApplicationStatus, { color: string; symbol: string }> = {
  SENT: { color: 'gray', symbol: '→' },
  INTERVIEW: { color: 'blue', symbol: '•' },
  OFFER: { color: 'teal', symbol: '+' },
  HIRED: { color: 'green', symbol: '✓' },
  REJECTED: { color: 'red', symbol: '✕' },
  WITHDRAWN: { color: 'gray', symbol: '–' },
};

/** Status in words, with a symbol; the colour only repeats it. */
export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  const look = STATUS_LOOK[status] ?? STATUS_LOOK.SENT;
  return (
    <Badge variant="light" color={look.color} leftSection={<span aria-hidden="true">{look.symbol}</span>}>
      {t(`track2.applicationStatus.${status}`)}
    </Badge>
  );
}

/** Shows the first `shown` items and a button for the rest. */
function useShowMore<T>(items: T[], shown: number) {
  const [all, setAll] = useState(false);
  return { visible: all || items.length <= shown ? items : items.slice(0, shown), all, toggle: () => setAll((v) => !v), more: items.length > shown };
}

function MoreButton({ all, count, controls, onClick }: { all: boolean; count: number; controls: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Group>
      <Button variant="subtle" onClick={onClick} aria-expanded={all} aria-controls={controls}>
        {all ? t('track2.list.showLess') : t('track2.list.showAll', { count })}
      </Button>
    </Group>
  );
}

/** Applications (by the employee) and proposals (voordrachten, by the agency), newest first. */
export function ApplicationsList({ applications, shown = 10, emptyText }: { applications: Track2View['applications']; shown?: number; emptyText?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const list = useShowMore(applications, shown);
  if (applications.length === 0) return <Text c="dimmed">{emptyText ?? t('track2.applications.none')}</Text>;
  return (
    <>
      <Stack gap="xs" component="ul" id={id} style={PLAIN_LIST} aria-label={t('track2.applications.title')}>
        {list.visible.map((a) => (
          <li key={a.id} style={ITEM}>
            <Stack gap={4}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {t('track2.applications.positionAt', { position: a.position, company: a.company })}
              </Text>
              <Group gap={6} wrap="wrap">
                <Badge variant="outline" color="gray" c="dark.7">
                  {t(`track2.applicationKind.${a.kind}`)}
                </Badge>
                <ApplicationStatusBadge status={a.status} />
              </Group>
              <Text size="sm">
                {a.appliedOn ? t('track2.applications.on', { date: formatDate(a.appliedOn) }) : null}
                {a.appliedOn ? ' · ' : null}
                {t('track2.applications.via', { channel: t(`track2.applicationChannel.${a.channel}`) })}
              </Text>
              {a.outcome?.trim() && (
                <Text size="sm" style={WRAP}>
                  <Text span size="sm" fw={600}>
                    {t('track2.applications.outcome')}:
                  </Text>{' '}
                  {a.outcome}
                </Text>
              )}
            </Stack>
          </li>
        ))}
      </Stack>
      {list.more && <MoreButton all={list.all} count={applications.length} controls={id} onClick={list.toggle} />}
    </>
  );
}

/** Activities to become work-fit (training, courses, coaching) and work placements. */
export function ActivitiesList({ activities, emptyText }: { activities: Track2View['activities']; emptyText?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const sorted = [...activities].sort((a, b) => (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0));
  const list = useShowMore(sorted, 10);
  if (activities.length === 0) return <Text c="dimmed">{emptyText ?? t('track2.activities.none')}</Text>;
  return (
    <>
      <Stack gap="xs" component="ul" id={id} style={PLAIN_LIST} aria-label={t('track2.activities.title')}>
        {list.visible.map((a) => (
          <li key={a.id} style={ITEM}>
            <Stack gap={4}>
              <Group gap={6} wrap="wrap">
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {a.title}
                </Text>
                <Badge variant="light" color={a.kind === 'WORK_PLACEMENT' ? 'grape' : 'blue'}>
                  {t(`track2.activityKind.${a.kind}`)}
                </Badge>
              </Group>
              {a.organisation && <Text size="sm">{a.organisation}</Text>}
              <Text size="sm">
                {a.endsOn
                  ? t('track2.activities.period', { from: formatDate(a.startsOn), to: formatDate(a.endsOn) })
                  : t('track2.activities.from', { from: formatDate(a.startsOn) })}
                {a.hoursPerWeek != null ? ` · ${t('track2.activities.hours', { count: a.hoursPerWeek })}` : ''}
              </Text>
              {a.outcome?.trim() && (
                <Text size="sm" style={WRAP}>
                  <Text span size="sm" fw={600}>
                    {t('track2.activities.outcome')}:
                  </Text>{' '}
                  {a.outcome}
                </Text>
              )}
            </Stack>
          </li>
        ))}
      </Stack>
      {list.more && <MoreButton all={list.all} count={activities.length} controls={id} onClick={list.toggle} />}
    </>
  );
}

/** Contact moments of the agency with the employee, newest first. */
export function ContactsList({ contacts }: { contacts: Track2View['contacts'] }) {
  const { t } = useTranslation();
  const id = useId();
  const list = useShowMore(contacts, 5);
  if (contacts.length === 0) return <Text c="dimmed">{t('track2.contacts.none')}</Text>;
  return (
    <>
      <Stack gap="xs" component="ul" id={id} style={PLAIN_LIST} aria-label={t('track2.contacts.title')}>
        {list.visible.map((c) => (
          <li key={c.id} style={ITEM}>
            <Group gap={6} wrap="wrap">
              <Text fw={600} size="sm">
                {formatDate(c.occurredOn)}
              </Text>
              <Badge variant="light" color="gray">
                {t(`track2.contactKind.${c.kind}`)}
              </Badge>
            </Group>
            <Text size="sm" style={WRAP}>
              {c.summary}
            </Text>
          </li>
        ))}
      </Stack>
      {list.more && <MoreButton all={list.all} count={contacts.length} controls={id} onClick={list.toggle} />}
    </>
  );
}

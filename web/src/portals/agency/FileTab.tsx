import { Alert, Badge, Button, Card, Group, List, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Track2ActivityKind } from '../../gql/graphql';
import { ConfirmInRow } from '../../components/ConfirmInRow';
import { FormError } from '../../components/FormError';
import { WRAPPING_BUTTON } from '../../components/wrappingButton';
import { formatDate, todayIso } from '../../dates';
import { ACTIVITY_KINDS, AgencyText, EnumSelect, Track2DateField, optional, useAgencyMutation, type Track2 } from './forms';
import { SectionCard } from '../../components/SectionCard';
import {
  AddPromisingOccupationDocument,
  RecordTrack2ActivityDocument,
  RemovePromisingOccupationDocument,
  SaveTrack2ProfileDocument,
  UpdateTrack2ActivityDocument,
} from './operations';

const PROFILE_FIELDS = ['skills', 'education', 'experience', 'wishes', 'searchProfile'] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The doctor's limitations, which the search profile must respect; the agency cannot edit them. */
function Limitations({ limitations }: { limitations: string[] }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="sm" padding="sm" bg="gray.0" component="section" aria-labelledby="limitations-heading">
      <Stack gap={4}>
        <Title order={4} size="h6" id="limitations-heading">
          {t('agency.profile.limitations')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('agency.profile.limitationsHint')}
        </Text>
        {limitations.length === 0 ? (
          <Text size="sm">{t('agency.profile.noLimitations')}</Text>
        ) : (
          <List size="sm">
            {limitations.map((l) => (
              <List.Item key={l}>{l}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Card>
  );
}

/** The person profile and the search profile: edited as a whole, as the API saves it. */
function ProfileSection({ caseId, track2 }: { caseId: string; track2: Track2 }) {
  const { t } = useTranslation();
  const profile = track2.profile;
  const [values, setValues] = useState<Record<ProfileField, string>>(() => ({
    skills: profile.skills ?? '',
    education: profile.education ?? '',
    experience: profile.experience ?? '',
    wishes: profile.wishes ?? '',
    searchProfile: profile.searchProfile ?? '',
  }));
  const { submit, fetching, error, fieldErrors } = useAgencyMutation(SaveTrack2ProfileDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input = {
      skills: optional(values.skills),
      education: optional(values.education),
      experience: optional(values.experience),
      wishes: optional(values.wishes),
      searchProfile: optional(values.searchProfile),
    };
    const result = await submit({ caseId, input }, [...PROFILE_FIELDS]);
    if (result) notifications.show({ color: 'green', message: t('agency.profile.saved') });
  }

  return (
    <SectionCard headingId="profile-heading" title={t('agency.profile.title')}>
      <Text size="sm">{t('agency.profile.intro')}</Text>
      {track2.canEdit ? (
        <form onSubmit={onSubmit} noValidate aria-labelledby="profile-heading">
          <Stack gap="sm">
            <FormError message={error} />
            {PROFILE_FIELDS.map((f) => (
              <AgencyText
                key={f}
                id={`profile-${f}`}
                label={t(`agency.profile.${f}`)}
                hint={f === 'searchProfile' ? t('agency.profile.searchProfileHint') : undefined}
                value={values[f]}
                onChange={(v) => setValues((old) => ({ ...old, [f]: v }))}
                error={fieldErrors[f]}
                rows={2}
              />
            ))}
            <Limitations limitations={profile.limitations} />
            <Button type="submit" size="md" loading={fetching} styles={WRAPPING_BUTTON}>
              {t('agency.profile.save')}
            </Button>
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          {PROFILE_FIELDS.map((f) => (
            <div key={f}>
              <Text fw={600}>{t(`agency.profile.${f}`)}</Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={profile[f] ? undefined : 'dimmed'}>
                {profile[f] || t('agency.profile.empty')}
              </Text>
            </div>
          ))}
          <Limitations limitations={profile.limitations} />
        </Stack>
      )}
    </SectionCard>
  );
}

function OccupationItem({ occupation, canEdit }: { occupation: Track2['occupations'][number]; canEdit: boolean }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const { submit, fetching, error } = useAgencyMutation(RemovePromisingOccupationDocument);

  async function onRemove() {
    const result = await submit({ id: occupation.id });
    if (result) notifications.show({ color: 'green', message: t('agency.occupations.removed', { title: occupation.title }) });
  }

  return (
    <Card component="li" withBorder radius="sm" padding="sm">
      <Stack gap={4}>
        <Title order={4} size="h6" style={{ overflowWrap: 'anywhere' }}>
          {occupation.title}
        </Title>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {occupation.reason}
        </Text>
        {canEdit &&
          (confirming ? (
            <ConfirmInRow
              question={t('agency.occupations.removeConfirm', { title: occupation.title })}
              confirmLabel={t('agency.occupations.remove')}
              onConfirm={onRemove}
              onCancel={() => setConfirming(false)}
              loading={fetching}
              error={error}
            />
          ) : (
            <Group>
              <Button variant="default" size="sm" onClick={() => setConfirming(true)} aria-label={t('agency.occupations.removeNamed', { title: occupation.title })}>
                {t('agency.occupations.remove')}
              </Button>
            </Group>
          ))}
      </Stack>
    </Card>
  );
}

/** The promising occupations (kansrijke beroepen), each with why it fits. */
function OccupationsSection({ caseId, track2 }: { caseId: string; track2: Track2 }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const { submit, fetching, error, fieldErrors, setFieldErrors } = useAgencyMutation(AddPromisingOccupationDocument);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!title.trim()) problems.title = t('form.required');
    if (!reason.trim()) problems.reason = t('form.required');
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const result = await submit({ caseId, title: title.trim(), reason: reason.trim() }, ['title', 'reason']);
    if (result) {
      notifications.show({ color: 'green', message: t('agency.occupations.added', { title: title.trim() }) });
      setTitle('');
      setReason('');
    }
  }

  return (
    <SectionCard headingId="occupations-heading" title={t('agency.occupations.title')}>
      {track2.occupations.length === 0 ? (
        <Text c="dimmed">{t('agency.occupations.none')}</Text>
      ) : (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {track2.occupations.map((o) => (
            <OccupationItem key={o.id} occupation={o} canEdit={track2.canEdit} />
          ))}
        </Stack>
      )}
      {track2.canEdit && (
        <form onSubmit={onSubmit} noValidate aria-label={t('agency.occupations.add')}>
          <Stack gap="sm">
            <FormError message={error} />
            <TextInput
              size="md"
              label={t('agency.occupations.occupation')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={fieldErrors.title}
              required
              maxLength={200}
            />
            <AgencyText id="occupation-reason" label={t('agency.occupations.reason')} value={reason} onChange={setReason} error={fieldErrors.reason} required rows={2} />
            <Button type="submit" size="md" loading={fetching} styles={WRAPPING_BUTTON}>
              {t('agency.occupations.add')}
            </Button>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

type Activity = Track2['activities'][number];

const ACTIVITY_FIELDS = ['title', 'organisation', 'startsOn', 'endsOn', 'hoursPerWeek', 'outcome'];

/** A new activity, or a change of one (its end and outcome, typically). */
function ActivityForm({
  caseId,
  startedOn,
  activity,
  onDone,
}: {
  caseId: string;
  startedOn: string;
  activity?: Activity;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Track2ActivityKind>(activity?.kind ?? 'TRAINING');
  const [title, setTitle] = useState(activity?.title ?? '');
  const [organisation, setOrganisation] = useState(activity?.organisation ?? '');
  const [startsOn, setStartsOn] = useState(activity?.startsOn ?? todayIso());
  const [endsOn, setEndsOn] = useState(activity?.endsOn ?? '');
  const [hours, setHours] = useState<number | string>(activity?.hoursPerWeek ?? '');
  const [outcome, setOutcome] = useState(activity?.outcome ?? '');
  const record = useAgencyMutation(RecordTrack2ActivityDocument);
  const update = useAgencyMutation(UpdateTrack2ActivityDocument);
  const { error, fieldErrors } = activity ? update : record;
  const [problems, setProblems] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors, ...problems };
  const idPrefix = activity ? `activity-${activity.id}` : 'activity-new';

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = t('form.required');
    if (!startsOn) found.startsOn = t('form.required');
    else if (startsOn < startedOn) found.startsOn = t('agency.form.beforeStart', { date: formatDate(startedOn) });
    if (endsOn && startsOn && endsOn < startsOn) found.endsOn = t('agency.activities.rangeOrder');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const input = {
      kind,
      title: title.trim(),
      organisation: optional(organisation),
      startsOn,
      endsOn: endsOn || null,
      hoursPerWeek: hours === '' ? null : Number(hours),
      outcome: optional(outcome),
    };
    const result = activity ? await update.submit({ id: activity.id, input }, ACTIVITY_FIELDS) : await record.submit({ caseId, input }, ACTIVITY_FIELDS);
    if (result) {
      notifications.show({ color: 'green', message: t('agency.activities.saved') });
      onDone();
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={activity ? t('agency.activities.editNamed', { title: activity.title }) : t('agency.activities.new')}>
      <Stack gap="sm">
        <FormError message={error} />
        <EnumSelect label={t('agency.activities.kind')} values={ACTIVITY_KINDS} value={kind} onChange={setKind} labelOf={(k) => t(`agency.activityKind.${k}`)} />
        {kind === 'WORK_PLACEMENT' && (
          <Alert variant="light" color="blue" p="xs">
            <Text size="sm">{t('agency.activities.placementNote')}</Text>
          </Alert>
        )}
        <TextInput
          id={`${idPrefix}-title`}
          size="md"
          label={t('agency.activities.what')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={errors.title}
          required
          maxLength={200}
        />
        <TextInput
          id={`${idPrefix}-organisation`}
          size="md"
          label={t('agency.activities.organisation')}
          value={organisation}
          onChange={(e) => setOrganisation(e.currentTarget.value)}
          error={errors.organisation}
          maxLength={200}
        />
        <Track2DateField label={t('agency.activities.startsOn')} value={startsOn} onChange={setStartsOn} error={errors.startsOn} startedOn={startedOn} future />
        <Track2DateField label={t('agency.activities.endsOn')} value={endsOn} onChange={setEndsOn} error={errors.endsOn} startedOn={startedOn} future required={false} />
        <NumberInput
          id={`${idPrefix}-hours`}
          size="md"
          label={t('agency.activities.hoursPerWeek')}
          value={hours}
          onChange={setHours}
          error={errors.hoursPerWeek}
          min={0}
          max={40}
          allowDecimal={false}
          allowNegative={false}
          inputMode="numeric"
        />
        <AgencyText id={`${idPrefix}-outcome`} label={t('agency.activities.outcome')} value={outcome} onChange={setOutcome} error={errors.outcome} rows={2} />
        <Group gap="xs">
          <Button type="submit" size="md" loading={record.fetching || update.fetching} styles={WRAPPING_BUTTON}>
            {t('agency.activities.save')}
          </Button>
          <Button variant="default" size="md" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ActivityItem({ caseId, track2, activity }: { caseId: string; track2: Track2; activity: Activity }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const placement = activity.kind === 'WORK_PLACEMENT';
  return (
    <Card component="li" withBorder radius="sm" padding="sm">
      {editing ? (
        <ActivityForm caseId={caseId} startedOn={track2.startedOn} activity={activity} onDone={() => setEditing(false)} />
      ) : (
        <Stack gap={4}>
          <Title order={4} size="h6" style={{ overflowWrap: 'anywhere' }}>
            {activity.title}
          </Title>
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" color={placement ? 'blue' : 'gray'}>
              {t(`agency.activityKind.${activity.kind}`)}
            </Badge>
            {activity.organisation && <Text size="sm">{activity.organisation}</Text>}
          </Group>
          {placement && (
            <Text size="xs" c="dimmed">
              {t('agency.activities.placementNote')}
            </Text>
          )}
          <Text size="sm">
            {activity.endsOn
              ? t('agency.activities.period', { from: formatDate(activity.startsOn), until: formatDate(activity.endsOn) })
              : t('agency.activities.from', { from: formatDate(activity.startsOn) })}
            {activity.hoursPerWeek != null && ` · ${t('agency.activities.hours', { count: activity.hoursPerWeek })}`}
          </Text>
          {activity.outcome && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <Text span fw={600}>
                {t('agency.activities.outcome')}:
              </Text>{' '}
              {activity.outcome}
            </Text>
          )}
          {track2.canEdit && (
            <Group>
              <Button variant="default" size="sm" onClick={() => setEditing(true)} aria-label={t('agency.activities.editNamed', { title: activity.title })}>
                {t('agency.activities.edit')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Card>
  );
}

/** Activities to become work-fit (training, courses, coaching) and work placements. */
function ActivitiesSection({ caseId, track2 }: { caseId: string; track2: Track2 }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <SectionCard headingId="activities-heading" title={t('agency.activities.title')}>
      <Text size="sm">{t('agency.activities.intro')}</Text>
      {track2.activities.length === 0 ? (
        <Text c="dimmed">{t('agency.activities.none')}</Text>
      ) : (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {track2.activities.map((a) => (
            <ActivityItem key={a.id} caseId={caseId} track2={track2} activity={a} />
          ))}
        </Stack>
      )}
      {track2.canEdit &&
        (adding ? (
          <Card withBorder radius="sm" padding="sm">
            <ActivityForm caseId={caseId} startedOn={track2.startedOn} onDone={() => setAdding(false)} />
          </Card>
        ) : (
          <Group>
            <Button variant="light" size="md" onClick={() => setAdding(true)}>
              {t('agency.activities.add')}
            </Button>
          </Group>
        ))}
    </SectionCard>
  );
}

/** The file of track 2 beyond the daily log: profiles, occupations, activities. */
export function FileTab({ caseId, track2 }: { caseId: string; track2: Track2 }) {
  return (
    <Stack gap="md">
      <ProfileSection caseId={caseId} track2={track2} />
      <OccupationsSection caseId={caseId} track2={track2} />
      <ActivitiesSection caseId={caseId} track2={track2} />
    </Stack>
  );
}

import { Anchor, Button, Card, Code, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmInRow } from '../components/ConfirmInRow';
import { CopyValueButton } from '../components/CopyField';
import { FormError } from '../components/FormError';
import { WRAPPING_BUTTON } from '../components/wrappingButton';
import { formatDateTime } from '../dates';
import { errorMessage } from '../errors';
import type { Me } from '../portals/PortalShell';
import {
  CreateCalendarFeedDocument,
  NotificationSettingsDocument,
  RevokeCalendarFeedDocument,
  SetAdvanceRemindersDocument,
  SetDailyDigestDocument,
  settingsContext,
} from './operations';

/**
 * The user's own reminder settings: one e-mail a day or one per step, the advance reminders
 * (those on and after a due date always come) and the calendar feed of his tasks. Shown on the
 * security page of every portal.
 */
export function NotificationSettings({ me }: { me: Me }) {
  const { t } = useTranslation();
  const context = useMemo(() => settingsContext, []);
  const [{ data, fetching, error }] = useQuery({ query: NotificationSettingsDocument, context });
  const settings = data?.notificationSettings;

  return (
    <>
      <Stack gap="sm" component="section" aria-labelledby="reminders-heading">
        <Title order={3} size="h4" id="reminders-heading">
          {t('reminders.settings.title')}
        </Title>
        <Text>{t('reminders.settings.intro')}</Text>
        {/* The language switch in the header stores the interface and e-mail language at once. */}
        <Text size="sm">
          {t('reminders.settings.email', { email: me.email, language: t(me.language === 'EN' ? 'reminders.settings.languageEN' : 'reminders.settings.languageNL') })}
        </Text>
        <FormError message={errorMessage(t, error)} />
        {!settings && fetching && <Loader aria-label={t('common.loading')} />}
        {settings && (
          <>
            <DigestSwitch on={settings.dailyDigest} />
            <AdvanceSwitch on={settings.advanceReminders} />
          </>
        )}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="calendar-heading">
        <Title order={3} size="h4" id="calendar-heading">
          {t('reminders.calendar.title')}
        </Title>
        <Text>{t('reminders.calendar.intro')}</Text>
        {settings && <CalendarFeed since={settings.calendarFeedSince ?? null} />}
      </Stack>
    </>
  );
}

/** A setting of the user's own that is saved the moment it is switched. */
function SettingSwitch({ on, label, hint, save, saving, onMessage, offMessage }: { on: boolean; label: string; hint: string; save: (on: boolean) => Promise<{ error?: unknown }>; saving: { error?: Parameters<typeof errorMessage>[1] }; onMessage: string; offMessage: string }) {
  const { t } = useTranslation();
  // The switch moves at once; it moves back if the server refuses.
  const [checked, setChecked] = useState(on);

  async function change(value: boolean) {
    setChecked(value);
    const result = await save(value);
    if (result.error) setChecked(!value);
    else notifications.show({ color: 'green', message: value ? onMessage : offMessage });
  }

  return (
    <Stack gap="xs">
      <Switch label={label} description={hint} checked={checked} onChange={(e) => void change(e.currentTarget.checked)} maw={560} />
      <FormError message={errorMessage(t, saving.error)} />
    </Stack>
  );
}

function DigestSwitch({ on }: { on: boolean }) {
  const { t } = useTranslation();
  const [state, save] = useMutation(SetDailyDigestDocument);
  return (
    <SettingSwitch
      on={on}
      label={t('reminders.settings.digest')}
      hint={t('reminders.settings.digestHint')}
      save={(value) => save({ on: value }, settingsContext)}
      saving={state}
      onMessage={t('reminders.settings.digestOn')}
      offMessage={t('reminders.settings.digestOff')}
    />
  );
}

function AdvanceSwitch({ on }: { on: boolean }) {
  const { t } = useTranslation();
  const [state, save] = useMutation(SetAdvanceRemindersDocument);
  return (
    <SettingSwitch
      on={on}
      label={t('reminders.settings.advance')}
      hint={t('reminders.settings.advanceHint')}
      save={(value) => save({ on: value }, settingsContext)}
      saving={state}
      onMessage={t('reminders.settings.advanceOn')}
      offMessage={t('reminders.settings.advanceOff')}
    />
  );
}

type Confirming = 'renew' | 'stop' | null;

function CalendarFeed({ since }: { since: string | null }) {
  const { t } = useTranslation();
  const [created, create] = useMutation(CreateCalendarFeedDocument);
  const [revoked, revoke] = useMutation(RevokeCalendarFeedDocument);
  // The address exists only in this answer: the server keeps just its hash.
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);

  async function onCreate() {
    setConfirming(null);
    const result = await create({}, settingsContext);
    if (result.data) setUrl(result.data.createCalendarFeed.url);
  }

  async function onStop() {
    setConfirming(null);
    const result = await revoke({}, settingsContext);
    if (!result.error) {
      setUrl(null);
      notifications.show({ color: 'green', message: t('reminders.calendar.stopped') });
    }
  }

  return (
    <Stack gap="sm" align="flex-start">
      <Text data-testid="calendar-state">{since ? t('reminders.calendar.since', { date: formatDateTime(since) }) : t('reminders.calendar.none')}</Text>
      {url && (
        <Card withBorder radius="md" padding="md" w="100%">
          <Stack gap="xs">
            <Text fw={600}>{t('reminders.calendar.url')}</Text>
            <Code block className="code-wrap" data-testid="calendar-url">
              {url}
            </Code>
            <Group gap="sm">
              <CopyValueButton value={url} size="compact-sm" />
              {/* webcal: opens the subscription dialog of the calendar app, on phones too. */}
              <Anchor href={url.replace(/^https?:/, 'webcal:')} size="sm">
                {t('reminders.calendar.openApp')}
              </Anchor>
            </Group>
            <Text size="sm">{t('reminders.calendar.how')}</Text>
            <Text size="sm" fw={600}>
              {t('reminders.calendar.secret')}
            </Text>
          </Stack>
        </Card>
      )}
      <FormError message={errorMessage(t, created.error ?? revoked.error)} />
      {confirming === null && (
        <Group gap="sm">
          {since ? (
            <>
              <Button variant="default" onClick={() => setConfirming('renew')} styles={WRAPPING_BUTTON}>
                {t('reminders.calendar.renew')}
              </Button>
              <Button variant="default" onClick={() => setConfirming('stop')} styles={WRAPPING_BUTTON}>
                {t('reminders.calendar.stop')}
              </Button>
            </>
          ) : (
            <Button onClick={onCreate} loading={created.fetching} styles={WRAPPING_BUTTON}>
              {t('reminders.calendar.create')}
            </Button>
          )}
        </Group>
      )}
      {confirming && (
        <ConfirmInRow
          question={t(confirming === 'renew' ? 'reminders.calendar.renewQuestion' : 'reminders.calendar.stopQuestion')}
          confirmLabel={t(confirming === 'renew' ? 'reminders.calendar.renewConfirm' : 'reminders.calendar.stopConfirm')}
          onConfirm={confirming === 'renew' ? onCreate : onStop}
          onCancel={() => setConfirming(null)}
          loading={created.fetching || revoked.fetching}
          danger={confirming === 'stop'}
        />
      )}
    </Stack>
  );
}

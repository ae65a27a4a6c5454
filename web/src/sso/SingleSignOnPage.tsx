import { Alert, Badge, Button, Checkbox, Code, Group, List, Loader, PasswordInput, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { SingleSignOnQuery } from '../gql/graphql';
import { ConfirmInRow } from '../components/ConfirmInRow';
import { CopyField } from '../components/CopyField';
import { ERROR_COLOUR } from '../components/errorColour';
import { FormError } from '../components/FormError';
import { Page } from '../components/Page';
import { SectionCard } from '../components/SectionCard';
import { formatDateTime } from '../dates';
import { errorField, errorMessage, errorReason } from '../errors';
import { usePortal } from '../portals/PortalShell';
import { ConfigureSingleSignOnDocument, RemoveSingleSignOnDocument, SingleSignOnDocument, TestSingleSignOnDocument } from './operations';

type Settings = NonNullable<SingleSignOnQuery['singleSignOn']>;
type Field = 'issuer' | 'clientId' | 'clientSecret' | 'domains';

// The query's result may be null (nothing configured yet): name the type so a save refetches it.
const queryContext = { additionalTypenames: ['SingleSignOn'] };

/** "korenschoof.nl, @Korenschoof.be\nbakkerij.nl" → the domains, lower case, once each. */
export function parseDomains(text: string): string[] {
  const domains = text
    .split(/[\s,;]+/)
    .map((d) => d.trim().replace(/^@/, '').toLowerCase())
    .filter(Boolean);
  return [...new Set(domains)];
}

/** The server's refusal of the settings, in Dutch, with the field it concerns (if any). */
function configureError(t: TFunction, error: CombinedError): { field?: Field; message: string } {
  const field = errorField(error);
  const reason = errorReason(error);
  const code = error.graphQLErrors[0]?.extensions?.code;
  if (reason === 'DOMAIN_TAKEN' || code === 'CONFLICT') {
    // "<domain> cannot be used: another organisation has people with addresses there"
    const domain = error.graphQLErrors[0]?.message.match(/^([a-z0-9.-]+\.[a-z0-9-]+) cannot be used/i)?.[1];
    return { field: 'domains', message: domain ? t('sso.admin.errors.domainTakenNamed', { domain }) : t('sso.admin.errors.domainTaken') };
  }
  switch (field) {
    case 'issuer':
      return { field, message: t('sso.admin.errors.issuer') };
    case 'domains':
      return { field, message: t('sso.admin.errors.domains') };
    case 'clientSecret':
      return { field, message: reason === 'TOO_LONG' ? t('sso.admin.errors.secretTooLong') : t('sso.admin.errors.secretRequired') };
    case 'clientId':
      return { field, message: reason === 'TOO_LONG' ? t('errors.TOO_LONG') : t('sso.admin.errors.clientId') };
    default:
      return { message: errorMessage(t, error) ?? t('errors.GENERIC') };
  }
}

/**
 * "Inloggen via uw organisatie": the organisation's own identity provider (OpenID Connect), for
 * its administrators. The redirect URI to register at the provider, the provider's settings,
 * a test of the connection, and removal (everyone signs in with a password again).
 */
export function SingleSignOnPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SingleSignOnDocument, context: useMemo(() => queryContext, []) });
  const settings = data?.singleSignOn ?? null;
  // Known before anything is configured: the administrator needs it at the provider first.
  const redirectUri = data?.singleSignOnRedirectUri ?? settings?.redirectUri ?? '';
  const refetch = () => reexecute({ requestPolicy: 'network-only' });

  return (
    <Page title={t('sso.admin.title')} context={portalTitle}>
      <Stack gap="xs">
        <Text>{t('sso.admin.intro')}</Text>
        <Text>{t('sso.admin.medical')}</Text>
      </Stack>
      <FormError message={errorMessage(t, error)} />
      {!data && fetching && <Loader aria-label={t('common.loading')} />}
      {data && (
        <>
          <Status settings={settings} />
          <SectionCard headingId="sso-redirect-heading" title={t('sso.admin.redirectTitle')}>
            <Text>{t('sso.admin.redirectIntro')}</Text>
            {redirectUri && <CopyField label={t('sso.admin.redirectUri')} value={redirectUri} />}
          </SectionCard>
          <SettingsForm key={settings?.updatedAt ?? 'new'} settings={settings} onSaved={refetch} />
          {settings && <TestConnection />}
          {settings && <Remove onRemoved={refetch} />}
          <HowTo />
        </>
      )}
    </Page>
  );
}

function Status({ settings }: { settings: Settings | null }) {
  const { t } = useTranslation();
  if (!settings) {
    return (
      <Alert color="blue" variant="light" role="note" icon={<span aria-hidden="true">i</span>}>
        {t('sso.admin.notConfigured')}
      </Alert>
    );
  }
  return (
    <Group gap="sm" wrap="wrap" data-testid="sso-status">
      <Badge color={settings.enabled ? 'green' : 'gray'} variant="light">
        {settings.enabled ? t('sso.admin.statusOn') : t('sso.admin.statusOff')}
      </Badge>
      {settings.ssoOnly && (
        <Badge color="blue" variant="light">
          {t('sso.admin.statusSsoOnly')}
        </Badge>
      )}
      <Text size="sm" c="dimmed">
        {t('sso.admin.updatedAt', { date: formatDateTime(settings.updatedAt) })}
      </Text>
    </Group>
  );
}

function SettingsForm({ settings, onSaved }: { settings: Settings | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const [issuer, setIssuer] = useState(settings?.issuer ?? '');
  const [clientId, setClientId] = useState(settings?.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [domains, setDomains] = useState((settings?.domains ?? []).join('\n'));
  const [ssoOnly, setSsoOnly] = useState(settings?.ssoOnly ?? false);
  const [enabled, setEnabled] = useState(settings?.enabled ?? true);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, configure] = useMutation(ConfigureSingleSignOnDocument);
  const hasSecret = settings?.hasClientSecret ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const list = parseDomains(domains);
    const errors: Partial<Record<Field, string>> = {};
    if (!issuer.trim()) errors.issuer = t('sso.admin.errors.issuerRequired');
    else if (!/^https?:\/\/\S+$/i.test(issuer.trim())) errors.issuer = t('sso.admin.errors.issuer');
    if (!clientId.trim()) errors.clientId = t('sso.admin.errors.clientId');
    if (!hasSecret && !secret.trim()) errors.clientSecret = t('sso.admin.errors.secretRequired');
    if (list.length === 0) errors.domains = t('sso.admin.errors.domainsRequired');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const result = await configure(
      {
        input: {
          issuer: issuer.trim(),
          clientId: clientId.trim(),
          clientSecret: secret.trim() ? secret.trim() : null,
          domains: list,
          ssoOnly,
          enabled,
        },
      },
      queryContext,
    );
    if (result.error) {
      const { field, message } = configureError(t, result.error);
      if (field) setFieldErrors({ [field]: message });
      else setFormError(message);
      return;
    }
    notifications.show({ color: 'green', message: t('sso.admin.saved') });
    onSaved();
  }

  return (
    <SectionCard headingId="sso-settings-heading" title={t('sso.admin.settingsTitle')}>
      <form onSubmit={submit} noValidate aria-labelledby="sso-settings-heading" style={ERROR_COLOUR}>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t('sso.admin.issuer')}
            description={t('sso.admin.issuerHint')}
            value={issuer}
            onChange={(e) => setIssuer(e.currentTarget.value)}
            error={fieldErrors.issuer}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            required
          />
          <TextInput
            label={t('sso.admin.clientId')}
            description={t('sso.admin.clientIdHint')}
            value={clientId}
            onChange={(e) => setClientId(e.currentTarget.value)}
            error={fieldErrors.clientId}
            autoComplete="off"
            spellCheck={false}
            required
          />
          <PasswordInput
            label={t('sso.admin.clientSecret')}
            description={hasSecret ? t('sso.admin.clientSecretKeep') : t('sso.admin.clientSecretHint')}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={fieldErrors.clientSecret}
            autoComplete="new-password"
            required={!hasSecret}
            visibilityToggleButtonProps={{ 'aria-label': t('sso.admin.showSecret') }}
          />
          <Textarea
            label={t('sso.admin.domains')}
            description={t('sso.admin.domainsHint')}
            value={domains}
            onChange={(e) => setDomains(e.currentTarget.value)}
            error={fieldErrors.domains}
            autosize
            minRows={2}
            spellCheck={false}
            required
          />
          <Checkbox
            label={t('sso.admin.ssoOnly')}
            description={t('sso.admin.ssoOnlyHint')}
            checked={ssoOnly}
            onChange={(e) => setSsoOnly(e.currentTarget.checked)}
          />
          <Checkbox
            label={t('sso.admin.enabled')}
            description={t('sso.admin.enabledHint')}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <Group>
            <Button type="submit" loading={fetching}>
              {t('sso.admin.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

function TestConnection() {
  const { t } = useTranslation();
  const [{ fetching }, test] = useMutation(TestSingleSignOnDocument);
  const [check, setCheck] = useState<{ ok: boolean; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    setCheck(null);
    const result = await test({});
    if (result.error || !result.data) {
      setError(errorMessage(t, result.error) ?? t('errors.GENERIC'));
      return;
    }
    setCheck(result.data.testSingleSignOn);
  }

  return (
    <SectionCard headingId="sso-test-heading" title={t('sso.admin.testTitle')}>
      <Text>{t('sso.admin.testIntro')}</Text>
      <Group>
        <Button variant="default" onClick={run} loading={fetching}>
          {t('sso.admin.test')}
        </Button>
      </Group>
      <FormError message={error} />
      {check && (
        <Alert
          color={check.ok ? 'green' : 'red'}
          variant="light"
          role="status"
          title={check.ok ? t('sso.admin.testOk') : t('sso.admin.testFailed')}
          icon={<span aria-hidden="true">{check.ok ? '✓' : '⚠'}</span>}
        >
          <Stack gap={4}>
            <Text size="sm">{check.ok ? t('sso.admin.testOkText') : t('sso.admin.testFailedText')}</Text>
            <Text size="sm">
              {t('sso.admin.testMessage')} <Code className="code-wrap">{check.message}</Code>
            </Text>
          </Stack>
        </Alert>
      )}
    </SectionCard>
  );
}

function Remove({ onRemoved }: { onRemoved: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, remove] = useMutation(RemoveSingleSignOnDocument);

  async function confirm() {
    setError(null);
    const result = await remove({}, queryContext);
    if (result.error) {
      setError(errorMessage(t, result.error));
      return;
    }
    setConfirming(false);
    notifications.show({ color: 'green', message: t('sso.admin.removed') });
    onRemoved();
  }

  return (
    <SectionCard headingId="sso-remove-heading" title={t('sso.admin.removeTitle')}>
      <Text>{t('sso.admin.removeIntro')}</Text>
      {confirming ? (
        <ConfirmInRow
          question={t('sso.admin.removeQuestion')}
          confirmLabel={t('sso.admin.removeConfirm')}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
          loading={fetching}
          error={error}
        />
      ) : (
        <Group>
          <Button color="red" variant="outline" onClick={() => setConfirming(true)}>
            {t('sso.admin.remove')}
          </Button>
        </Group>
      )}
    </SectionCard>
  );
}

function HowTo() {
  const { t } = useTranslation();
  const providers = ['entra', 'google', 'okta'] as const;
  return (
    <SectionCard headingId="sso-howto-heading" title={t('sso.admin.howTo.title')}>
      <Text>{t('sso.admin.howTo.intro')}</Text>
      {providers.map((provider) => (
        <Stack key={provider} gap={4} component="section" aria-labelledby={`sso-howto-${provider}`}>
          <Title order={4} size="h5" id={`sso-howto-${provider}`}>
            {t(`sso.admin.howTo.${provider}.title`)}
          </Title>
          <List spacing={4} size="sm">
            {(t(`sso.admin.howTo.${provider}.steps`, { returnObjects: true }) as string[]).map((step) => (
              <List.Item key={step} style={{ overflowWrap: 'anywhere' }}>
                {step}
              </List.Item>
            ))}
          </List>
        </Stack>
      ))}
    </SectionCard>
  );
}

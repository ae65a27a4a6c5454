import { Alert, Badge, Button, Code, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ScimTokensQuery } from '../../gql/graphql';
import { ConfirmInRow } from '../../components/ConfirmInRow';
import { CopyField, CopyValueButton } from '../../components/CopyField';
import { ERROR_COLOUR } from '../../components/errorColour';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { SectionCard } from '../../components/SectionCard';
import { focusOnMount } from '../../components/focusOnMount';
import { formatDateTime } from '../../dates';
import { errorField, errorMessage } from '../../errors';
import { usePortal } from '../PortalShell';

const ScimTokensDocument = graphql(`
  query ScimTokens {
    scimBaseUrl
    scimTokens {
      ...ScimTokenFields
    }
  }

  # A token as the list shows it; the token itself comes only with createScimToken.
  fragment ScimTokenFields on ScimToken {
    id
    name
    createdAt
    createdBy {
      id
      name
    }
    lastUsedAt
    revokedAt
  }
`);

const CreateScimTokenDocument = graphql(`
  mutation CreateScimToken($name: String!) {
    createScimToken(name: $name) {
      ...ScimTokenFields
      token
    }
  }
`);

const RevokeScimTokenDocument = graphql(`
  mutation RevokeScimToken($id: ID!) {
    revokeScimToken(id: $id) {
      id
      revokedAt
    }
  }
`);

type ScimToken = ScimTokensQuery['scimTokens'][number];

// An empty list holds no ScimToken to invalidate by: name the type so a new token refetches it.
const context = { additionalTypenames: ['ScimToken'] };

/**
 * "Koppeling personeelssysteem (SCIM)": the employer's HR administrator lets his personnel
 * system or identity provider (Entra ID, Okta) create, update and switch off employees over
 * SCIM 2.0. The base URL to enter there, the bearer tokens (each shown once, when made), when
 * each was last used, and revoking one.
 */
export function ScimPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const [{ data, fetching, error }] = useQuery({ query: ScimTokensDocument, context: useMemo(() => context, []) });
  // The server's own public URL, not the browser's: behind a proxy they can differ.
  const baseUrl = data?.scimBaseUrl ?? '';

  return (
    <Page title={t('scim.title')} context={portalTitle}>
      <Stack gap="xs">
        <Text>{t('scim.intro')}</Text>
        <Text>{t('scim.medical')}</Text>
      </Stack>
      <SectionCard headingId="scim-url-heading" title={t('scim.urlTitle')}>
        <Text>{t('scim.urlIntro')}</Text>
        {/* Only once the server said it: an empty field would be copied as is. */}
        {baseUrl && <CopyField label={t('scim.baseUrl')} value={baseUrl} />}
      </SectionCard>
      <CreateToken />
      <SectionCard headingId="scim-tokens-heading" title={t('scim.tokensTitle')}>
        <FormError message={errorMessage(t, error)} />
        {!data && fetching && <Loader aria-label={t('common.loading')} />}
        {data && (data.scimTokens.length === 0 ? <Text>{t('scim.none')}</Text> : <TokensTable tokens={data.scimTokens} />)}
      </SectionCard>
    </Page>
  );
}

function CreateToken() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [{ fetching }, create] = useMutation(CreateScimTokenDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNameError(null);
    setFormError(null);
    if (!name.trim()) {
      setNameError(t('scim.nameRequired'));
      return;
    }
    const result = await create({ name: name.trim() }, context);
    if (result.error || !result.data) {
      const message = errorMessage(t, result.error);
      if (errorField(result.error) === 'name') setNameError(message);
      else setFormError(message);
      return;
    }
    const token = result.data.createScimToken;
    if (!token.token) {
      setFormError(t('errors.GENERIC'));
      return;
    }
    setCreated({ name: token.name, token: token.token });
    setName('');
  }

  return (
    <SectionCard headingId="scim-create-heading" title={t('scim.createTitle')}>
      {created ? (
        <Alert
          color="yellow"
          variant="light"
          role="status"
          title={t('scim.createdTitle', { name: created.name })}
          icon={<span aria-hidden="true">!</span>}
          ref={focusOnMount}
          tabIndex={-1}
        >
          <Stack gap="sm">
            <Text size="sm">{t('scim.createdWarning')}</Text>
            <Code block className="code-wrap" data-testid="scim-token">
              {created.token}
            </Code>
            <Group gap="xs">
              <CopyValueButton value={created.token} label={t('scim.copyToken')} />
              <Button variant="subtle" onClick={() => setCreated(null)}>
                {t('scim.done')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate aria-labelledby="scim-create-heading" style={ERROR_COLOUR}>
          <Stack gap="sm" align="flex-start">
            <Text>{t('scim.createIntro')}</Text>
            <FormError message={formError} />
            <TextInput
              label={t('scim.name')}
              description={t('scim.nameHint')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              maxLength={100}
              required
              w="100%"
              maw={420}
            />
            <Button type="submit" loading={fetching}>
              {t('scim.create')}
            </Button>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

function TokensTable({ tokens }: { tokens: ScimToken[] }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, revoke] = useMutation(RevokeScimTokenDocument);

  async function confirm(token: ScimToken) {
    setError(null);
    const result = await revoke({ id: token.id }, context);
    if (result.error) {
      setError(errorMessage(t, result.error));
      return;
    }
    setConfirming(null);
    notifications.show({ color: 'green', message: t('scim.revoked', { name: token.name }) });
  }

  return (
    <ScrollTable caption={t('scim.caption')} minWidth={760}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('scim.name')}</Table.Th>
          <Table.Th scope="col">{t('scim.createdAt')}</Table.Th>
          <Table.Th scope="col">{t('scim.createdBy')}</Table.Th>
          <Table.Th scope="col">{t('scim.lastUsedAt')}</Table.Th>
          <Table.Th scope="col">{t('common.status')}</Table.Th>
          <Table.Th scope="col">{t('scim.actions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tokens.map((token) => (
          <Table.Tr key={token.id} data-testid="scim-token-row">
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{token.name}</Table.Td>
            <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
            <Table.Td>{token.createdBy?.name ?? '—'}</Table.Td>
            <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('scim.neverUsed')}</Table.Td>
            <Table.Td>
              {token.revokedAt ? (
                <Text size="sm">{t('scim.revokedAt', { date: formatDateTime(token.revokedAt) })}</Text>
              ) : (
                <Badge color="green" variant="light">
                  {t('scim.active')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {!token.revokedAt && confirming !== token.id && (
                <Button
                  size="compact-sm"
                  variant="default"
                  aria-label={t('scim.revokeNamed', { name: token.name })}
                  onClick={() => {
                    setError(null);
                    setConfirming(token.id);
                  }}
                >
                  {t('scim.revoke')}
                </Button>
              )}
              {!token.revokedAt && confirming === token.id && (
                <ConfirmInRow
                  question={t('scim.revokeQuestion', { name: token.name })}
                  confirmLabel={t('scim.revokeConfirm')}
                  onConfirm={() => void confirm(token)}
                  onCancel={() => setConfirming(null)}
                  loading={fetching}
                  error={error}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

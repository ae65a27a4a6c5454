import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Page } from '../../components/Page';
import { MyTasks, TaskCaseLink } from '../../reminders/MyTasks';
import { usePortal } from '../PortalShell';
import { CasesDashboard } from './CasesDashboard';
import { FiguresSummary } from '../../figures/FiguresSummary';

const EmployerOverviewDocument = graphql(`
  query EmployerOverview {
    employees(first: 1) {
      totalCount
    }
  }
`);

const EmployerAdminOverviewDocument = graphql(`
  query EmployerAdminOverview {
    engagements {
      id
      provider {
        id
        name
        kind
      }
    }
    invitations {
      id
      acceptedAt
      expiresAt
    }
  }
`);

function Figure({ label, value, to, linkText }: { label: string; value: string; to: string; linkText: string }) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-label={label}>
      <Stack gap={4}>
        <Text c="dimmed" size="sm">
          {label}
        </Text>
        <Text fz={28} fw={700}>
          {value}
        </Text>
        <Anchor component={Link} to={to}>
          {linkText}
        </Anchor>
      </Stack>
    </Card>
  );
}

export function EmployerHome() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const isHr = me.roles.includes('HR_ADMIN');
  const [{ data }] = useQuery({ query: EmployerOverviewDocument, context: useMemo(() => ({ additionalTypenames: ['Employee'] }), []) });
  const [{ data: admin }] = useQuery({ query: EmployerAdminOverviewDocument, pause: !isHr });
  const openInvitations = admin?.invitations.filter((i) => !i.acceptedAt && new Date(i.expiresAt) > new Date()).length;

  return (
    <Page title={t('employerHome.title')} context={portalTitle}>
      <Text>{t('employerHome.welcome', { name: me.name })}</Text>
      {/* The key figures first; today's steps and the cases right under them. */}
      <FiguresSummary />
      <MyTasks renderLink={(task, describedBy) => <TaskCaseLink to={`/werkgever/dossiers/${task.caseId}`} describedBy={describedBy} />} />
      <CasesDashboard />
      <SimpleGrid cols={{ base: 1, sm: isHr ? 3 : 1 }} maw={isHr ? undefined : 360}>
        <Figure
          label={t('employerHome.employees')}
          value={data ? String(data.employees.totalCount) : '…'}
          to="medewerkers"
          linkText={t('employerHome.toEmployees')}
        />
        {isHr && (
          <Figure
            label={t('employerHome.providers')}
            value={admin ? String(admin.engagements.length) : '…'}
            to="dienstverleners"
            linkText={t('employerHome.toProviders')}
          />
        )}
        {isHr && (
          <Figure
            label={t('employerHome.openInvitations')}
            value={openInvitations === undefined ? '…' : String(openInvitations)}
            to="gebruikers"
            linkText={t('employerHome.toUsers')}
          />
        )}
      </SimpleGrid>
      {isHr && admin && admin.engagements.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h4">{t('employerHome.engagedProviders')}</Title>
          <Text>{admin.engagements.map((e) => e.provider.name).join(', ')}</Text>
        </Stack>
      )}
    </Page>
  );
}

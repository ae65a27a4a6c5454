import { AppShell, Burger, Button, Center, Divider, Group, Loader, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink as RouterNavLink, Outlet, useLocation, useMatch, useNavigate, useOutletContext, useResolvedPath } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { MeQuery, Role } from '../gql/graphql';
import { useSession } from '../auth/SessionProvider';
import { signOut } from '../auth/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { FormError } from '../components/FormError';
import { SkipLink } from '../components/SkipLink';
import { TotpEnrolment } from '../components/TotpEnrolment';
import { PasskeyEnrolment } from '../auth/PasskeyEnrolment';
import { Page } from '../components/Page';
import { errorMessage } from '../errors';
import { LogoutDocument, MeDocument, SetLanguageDocument } from '../graphql/operations';
import { hasStoredLanguage, changeLanguage } from '../i18n';
import { ORGANISATION_ADMIN_ROLES, homePortal, mayUsePortal, type Portal } from '../roles';

export type Me = MeQuery['me'];

interface NavItem {
  to: string;
  labelKey: string;
  /** Shown only to users with one of these roles. */
  roles?: Role[];
}

const NAVIGATION: Record<Portal, NavItem[]> = {
  werkgever: [
    { to: '', labelKey: 'nav.overview' },
    { to: 'verzuimcijfers', labelKey: 'figures.nav' },
    { to: 'medewerkers', labelKey: 'nav.employees' },
    { to: 'gebruikers', labelKey: 'nav.users', roles: ['HR_ADMIN'] },
    { to: 'dienstverleners', labelKey: 'nav.providers', roles: ['HR_ADMIN'] },
    { to: 'herinneringen', labelKey: 'reminders.nav', roles: ['HR_ADMIN', 'CASE_MANAGER'] },
    { to: 'organisatie', labelKey: 'nav.organisation', roles: ['HR_ADMIN'] },
    { to: 'inlogdienst', labelKey: 'sso.nav', roles: ['HR_ADMIN'] },
    { to: 'personeelssysteem', labelKey: 'scim.nav', roles: ['HR_ADMIN'] },
    { to: 'logboek', labelKey: 'identity.nav.trail', roles: ['HR_ADMIN'] },
    { to: 'beveiliging', labelKey: 'reminders.account.nav' },
  ],
  werknemer: [
    { to: '', labelKey: 'nav.myDetails' },
    { to: 'mijn-verzuim', labelKey: 'employeeCase.nav' },
    { to: 'medisch-dossier', labelKey: 'employeeMedical.nav' },
    { to: 'beveiliging', labelKey: 'reminders.account.nav' },
  ],
  bedrijfsarts: [
    { to: '', labelKey: 'doctorCase.nav.cases' },
    { to: 'beveiliging', labelKey: 'reminders.account.nav' },
  ],
  're-integratie': [
    { to: '', labelKey: 'nav.start' },
    { to: 'beveiliging', labelKey: 'reminders.account.nav' },
  ],
  beheer: [
    // The start page differs: organisations for the operator, his own people for the
    // administrator of a health service or agency (decision 76).
    { to: '', labelKey: 'nav.organisations', roles: ['PLATFORM_ADMIN'] },
    { to: '', labelKey: 'identity.nav.staff', roles: ORGANISATION_ADMIN_ROLES },
    { to: 'gebruikers', labelKey: 'nav.users', roles: ['PLATFORM_ADMIN'] },
    { to: 'artsaanvragen', labelKey: 'identity.nav.doctorRequests', roles: ['HEALTH_SERVICE_ADMIN'] },
    { to: 'inlogdienst', labelKey: 'sso.nav', roles: ORGANISATION_ADMIN_ROLES },
    { to: 'logboek', labelKey: 'identity.nav.trail' },
    // Administrators have no cases, so no reminders: only security.
    { to: 'beveiliging', labelKey: 'nav.security' },
  ],
};

/** Shows its children only to users with one of `roles`; others go to the portal start. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { me, portal } = usePortal();
  if (!roles.some((role) => me.roles.includes(role))) return <Navigate to={`/${portal}`} replace />;
  return <>{children}</>;
}

export interface PortalContext {
  me: Me;
  portal: Portal;
  portalTitle: string;
}

/** The signed-in user and portal, for pages inside a portal. */
export function usePortal(): PortalContext {
  return useOutletContext<PortalContext>();
}

function NavItemLink({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  const { t } = useTranslation();
  const resolved = useResolvedPath(item.to);
  const active = useMatch({ path: resolved.pathname, end: true }) !== null;
  return (
    <NavLink
      component={RouterNavLink}
      to={item.to}
      end
      label={t(item.labelKey)}
      active={active}
      onClick={onNavigate}
      aria-current={active ? 'page' : undefined}
    />
  );
}

function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100vh" component="main">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/**
 * Guards a portal (signed in, role fits) and renders its frame: header with the language
 * switch, navigation with the user's name and "Uitloggen", and the portal's h1.
 */
export function PortalShell({ portal }: { portal: Portal }) {
  const { authenticated } = useSession();
  const location = useLocation();
  const [{ data, error, fetching }] = useQuery({ query: MeDocument, pause: !authenticated });

  if (!authenticated) {
    return <Navigate to="/inloggen" replace state={{ from: location.pathname + location.search }} />;
  }
  if (!data) {
    if (fetching || !error) return <FullPageLoader />;
    return <ShellError error={error} />;
  }
  const me = data.me;
  if (!mayUsePortal(me.roles, portal)) {
    const home = homePortal(me.roles);
    return <Navigate to={home ? `/${home}` : '/inloggen'} replace />;
  }
  return <PortalFrame me={me} portal={portal} />;
}

function ShellError({ error }: { error: Parameters<typeof errorMessage>[1] }) {
  const { t } = useTranslation();
  return (
    <Center component="main" p="md" mih="100vh">
      <Stack>
        <Title order={1}>{t('app.name')}</Title>
        <FormError message={errorMessage(t, error)} />
        <Button variant="default" onClick={() => signOut()}>
          {t('nav.logout')}
        </Button>
      </Stack>
    </Center>
  );
}

function PortalFrame({ me, portal }: { me: Me; portal: Portal }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { mfaEnrollmentRequired } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below the `sm` breakpoint the navbar slides out of view when closed; make it inert then so
  // keyboard and screen-reader users do not land in an invisible menu.
  const wide = useMediaQuery('(min-width: 48em)', true);
  const navHidden = !wide && !opened;
  const [, setLanguage] = useMutation(SetLanguageDocument);
  const [logoutState, logout] = useMutation(LogoutDocument);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  const portalTitle = t(`portal.${portal}`);
  const heading = `${portalTitle} — ${me.organisation.name}`;

  // Adopt the language from the profile once, unless the user chose one in this browser.
  useEffect(() => {
    if (!hasStoredLanguage()) changeLanguage(me.language === 'EN' ? 'en' : 'nl');
  }, [me.language]);

  // After client-side navigation, move focus to the content so screen readers follow.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [location.pathname]);

  // Company doctors must have a verified second factor before anything else.
  // A passkey is a second factor as good as the authenticator app (better: it cannot be phished).
  const hasSecondFactor = me.totpEnabled || me.passkeyCount > 0;
  const mustEnrolTotp = portal === 'bedrijfsarts' && (!hasSecondFactor || (mfaEnrollmentRequired && !me.mfaVerified));
  const items = mustEnrolTotp ? [] : NAVIGATION[portal].filter((item) => !item.roles || item.roles.some((r) => me.roles.includes(r)));

  async function onLogout() {
    // Tell the server to end the session; forget the tokens whatever it answers.
    await logout({}).catch(() => undefined);
    signOut();
    navigate('/inloggen', { replace: true });
  }

  const context: PortalContext = { me, portal, portalTitle };

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={opened}
              aria-controls="portal-navigation"
            />
            <Text fw={700} size="lg">
              {t('app.name')}
            </Text>
          </Group>
          <LanguageSwitch onChanged={(language) => void setLanguage({ language: language === 'en' ? 'EN' : 'NL' })} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="portal-navigation" aria-label={t('nav.label')} p="sm" inert={navHidden}>
        <AppShell.Section grow component={ScrollArea}>
          {items.map((item) => (
            <NavItemLink key={`${item.to}:${item.labelKey}`} item={item} onNavigate={close} />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Divider my="sm" />
          <Stack gap="xs">
            <div>
              <Text size="xs" c="dimmed">
                {t('nav.signedInAs')}
              </Text>
              <Text fw={600} data-testid="user-name">
                {me.name}
              </Text>
              <Text size="sm" c="dimmed">
                {me.roles.map((role) => t(`roles.${role}`)).join(', ')}
              </Text>
            </div>
            <Button variant="default" onClick={onLogout} loading={logoutState.fetching}>
              {t('nav.logout')}
            </Button>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} ref={mainRef}>
        <Stack gap="lg" maw={1100}>
          <Title order={1} className="portal-title">
            {heading}
          </Title>
          {mustEnrolTotp ? (
            <Page title={t('totp.requiredTitle')} context={portalTitle}>
              <Text>{t('totp.requiredIntro')}</Text>
              <TotpEnrolment />
              <Stack gap="sm" component="section" aria-labelledby="passkey-enrol-heading">
                <Title order={3} size="h4" id="passkey-enrol-heading">
                  {t('passkeys.enrolAlternative')}
                </Title>
                <Text size="sm">{t('passkeys.doctorHint')}</Text>
                <PasskeyEnrolment />
              </Stack>
            </Page>
          ) : (
            <Outlet context={context} />
          )}
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}

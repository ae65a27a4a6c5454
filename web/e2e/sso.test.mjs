// Signing in through the organisation's own identity provider (single sign-on, OpenID Connect),
// against the real test provider of tests/oidc (POORTWACHTER_TEST_OIDC, started by
// `.ci/services.sh start_oidc`; `make test` always sets it):
// (a) HR sets up "Inloggen via uw organisatie" for korenschoof.example: the redirect URI to give
//     the provider, issuer, client id, secret and domain; saves and tests the connection.
// (b) An employee without a second factor types his address, is offered "Inloggen via uw
//     organisatie", signs in at the provider and lands in his portal (desktop).
// (c) The employee with an authenticator app does the same on a phone and is asked for his
//     code on /login/sso before he reaches his portal; the ticket has left the address bar.
// (d) `/login?sso=<reason>` explains each refused sign-in in Dutch and still offers the
//     password; /login/sso without a ticket explains itself and links back.
// (a2) The administrator of a health service has the same page in the beheer portal.
// (e) HR removes the configuration again (also in the after hook: the other browser tests
//     share the demo server and log in with a password).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  BASE_URL,
  DESKTOP,
  PHONE,
  apiLogin,
  expectNoHorizontalScroll,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  freshTotp,
  gql,
  launch,
  login,
  newPage,
  screenshot,
} from './helpers.mjs';

const ISSUER = (process.env.POORTWACHTER_TEST_OIDC || '').replace(/\/$/, '');
const MISSING_PROVIDER =
  'POORTWACHTER_TEST_OIDC is not set: these tests need the test OpenID Connect provider of tests/oidc. ' +
  'Start it with `.ci/services.sh start_oidc` (make test does) and export its issuer.';
const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const WILLEM = ACCOUNTS.find((a) => a.email === 'werknemer@korenschoof.example');
const GEZOND = {
  email: 'gezond@korenschoof.example',
  portal: 'werknemer',
  portalName: 'Werknemersportaal',
  organisation: 'Bakkerij De Korenschoof B.V.',
};
const PROVIDER_PASSWORD = 'correct horse';

let browser;
before(async () => {
  // Fail, never skip: without the provider nothing of single sign-on is tested.
  assert.ok(ISSUER, MISSING_PROVIDER);
  browser = await launch();
  await removeConfiguration();
});
after(async () => {
  await browser?.close();
  if (ISSUER) await removeConfiguration();
});

/** Removes Korenschoof's single sign-on through the API, whatever state a test left. */
async function removeConfiguration() {
  const token = await apiLogin(HR.email);
  await gql('mutation { removeSingleSignOn }', {}, token);
}

async function withPage(viewport, fn) {
  const { context, page } = await newPage(browser, viewport);
  try {
    await fn(page);
  } finally {
    await context.close();
  }
}

/** The login page's first step: the address, "Doorgaan", and the offer of the organisation. */
async function offeredSso(page, email, what) {
  await page.goto('/inloggen');
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await expectNoSeriousAxeViolations(page, `login e-mail step (${what})`);
  await expectNoHorizontalScroll(page, `login e-mail step (${what})`);
  await field(page, 'E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Doorgaan', exact: true }).click();
  const viaOrganisation = page.getByRole('button', { name: 'Inloggen via uw organisatie' });
  await viaOrganisation.waitFor();
  await page.getByTestId('login-email').getByText(email, { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Inloggen met wachtwoord', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Ander e-mailadres' }).waitFor();
  assert.equal(await field(page, 'Wachtwoord').count(), 0, 'no password field before he chooses it');
  await expectNoSeriousAxeViolations(page, `login choice step (${what})`);
  await expectNoHorizontalScroll(page, `login choice step (${what})`);
  return viaOrganisation;
}

/** At the test provider: its own login form, the address filled in from the login hint. */
async function signInAtProvider(page, email) {
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/interaction/`));
  assert.equal(await page.title(), 'Test-inlogdienst');
  const login = page.locator('input[name="login"]');
  assert.equal(await login.inputValue(), email, 'the provider got the address as login hint');
  await page.locator('input[name="password"]').fill(PROVIDER_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
}

it('requires the test OpenID Connect provider', () => {
  assert.ok(ISSUER, MISSING_PROVIDER);
});

it('(a) HR sets up signing in through the organisation and tests the connection', () =>
  withPage(DESKTOP, async (page) => {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.getByRole('navigation').getByRole('link', { name: 'Inloggen via uw organisatie' }).click();
    await page.waitForURL(/\/werkgever\/inlogdienst$/);
    // Off the menu: axe measures the active item's colours, not its hover state.
    await page.mouse.move(700, 20);
    await page.getByRole('heading', { level: 2, name: 'Inloggen via uw organisatie' }).waitFor();
    await page.getByText('Inloggen via uw organisatie is nog niet ingesteld.').waitFor();
    await page.getByText(/opent nooit zelf medische gegevens/).waitFor();
    await page.getByRole('heading', { name: 'Microsoft Entra ID' }).waitFor();
    await page.getByText(/https:\/\/login\.microsoftonline\.com\/<tenant-id>\/v2\.0/).first().waitFor();
    const redirect = field(page, 'Redirect-URI');
    assert.equal(await redirect.inputValue(), `${BASE_URL}/api/sso/callback`, 'the redirect URI to enter at the provider');
    assert.equal(await redirect.getAttribute('readonly'), '', 'read-only');
    await page.getByRole('button', { name: 'Kopiëren' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the single sign-on page (not set up)');

    // Checked in the browser before anything is sent.
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Vul de issuer-URL van uw inlogdienst in.').waitFor();
    await page.getByText('Vul minstens één e-maildomein in.').waitFor();

    await field(page, 'Issuer-URL').fill(ISSUER);
    await field(page, 'Client-ID').fill('poortwachter');
    await field(page, 'Clientgeheim').fill('poortwachter-test-secret');
    // A public mail service is refused by the server, in Dutch, at the field.
    await field(page, 'E-maildomeinen').fill('korenschoof.example, gmail.com');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText(/Openbare maildiensten .* kunnen niet\./).waitFor();

    await field(page, 'E-maildomeinen').fill('korenschoof.example');
    const ssoOnly = page.getByRole('checkbox', { name: /Alleen via de inlogdienst \(beheerders houden hun wachtwoord\)/ });
    assert.equal(await ssoOnly.isChecked(), false);
    assert.equal(await page.getByRole('checkbox', { name: /^Aan/ }).isChecked(), true, 'switched on by default');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByTestId('sso-status').getByText('Aan', { exact: true }).waitFor();
    await page.getByText('Leeg laten om het opgeslagen geheim te houden.').waitFor();
    assert.equal(await field(page, 'Clientgeheim').inputValue(), '', 'the secret is never shown again');
    assert.equal(await field(page, 'E-maildomeinen').inputValue(), 'korenschoof.example');

    await page.getByRole('button', { name: 'Verbinding testen' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Verbinding gelukt' });
    await result.waitFor();
    await result.getByText('Uw inlogdienst is gevonden').waitFor();
    await expectNoSeriousAxeViolations(page, 'the single sign-on page (set up, tested)');
    await screenshot(page, 'werkgever-inlogdienst');

    // The same page on a phone.
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Inloggen via uw organisatie' }).waitFor();
    await field(page, 'Issuer-URL').waitFor();
    assert.equal(await field(page, 'Issuer-URL').inputValue(), ISSUER, 'saved');
    await expectNoSeriousAxeViolations(page, 'the single sign-on page (phone)');
    await expectNoHorizontalScroll(page, 'the single sign-on page');
    await screenshot(page, 'werkgever-inlogdienst-phone');
  }));

it('(b) an employee signs in through his organisation and lands in his portal (desktop)', () =>
  withPage(DESKTOP, async (page) => {
    const viaOrganisation = await offeredSso(page, GEZOND.email, 'desktop');
    await screenshot(page, 'inloggen-via-organisatie');
    await viaOrganisation.click();
    await signInAtProvider(page, GEZOND.email);
    await expectPortal(page, GEZOND);
    assert.doesNotMatch(page.url(), /ticket/, 'no ticket in the address');
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  }));

it('(c) the employee with an authenticator app gives his code after the provider (phone)', () =>
  withPage(PHONE, async (page) => {
    const viaOrganisation = await offeredSso(page, WILLEM.email, 'phone');
    await viaOrganisation.click();
    await signInAtProvider(page, WILLEM.email);
    await page.waitForURL(/\/login\/sso/);
    const code = field(page, 'Verificatiecode');
    await code.waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the ticket left the address bar');
    await page.getByRole('heading', { level: 1, name: 'Inloggen via uw organisatie' }).waitFor();
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    await expectNoSeriousAxeViolations(page, 'the code step after the provider (phone)');
    await expectNoHorizontalScroll(page, 'the code step after the provider');
    await screenshot(page, 'inloggen-via-organisatie-code-phone');

    // A wrong code is refused in Dutch; the ticket still holds for the right one.
    const now = await freshTotp(WILLEM.totpSecret);
    await code.fill(now === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('alert').filter({ hasText: /code is onjuist/ }).waitFor();
    await code.fill(now);
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await expectPortal(page, WILLEM);
  }));

it('(d) a refused sign-in is explained in Dutch and the password is still offered', () =>
  withPage(DESKTOP, async (page) => {
    const texts = {
      unavailable:
        'De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw, of log in met uw wachtwoord als uw organisatie dat toestaat.',
      refused: 'Inloggen via uw organisatie is niet gelukt (de controle van de inlogdienst faalde). Probeer het opnieuw.',
      expired: /duurde te lang/,
      no_account: 'Er is bij uw organisatie geen account met dit e-mailadres. Vraag uw HR-afdeling om een uitnodiging.',
      deactivated: /Uw account is uitgeschakeld door uw werkgever/,
      cancelled: 'U heeft het inloggen bij uw organisatie afgebroken.',
      busy: /te vaak geprobeerd/,
    };
    for (const [reason, text] of Object.entries(texts)) {
      await page.goto(`/login?sso=${reason}`);
      await page.waitForURL(`${BASE_URL}/inloggen?sso=${reason}`);
      await page.getByRole('alert').filter({ hasText: text }).waitFor();
    }

    await page.goto('/login?sso=unavailable');
    const alert = page.getByRole('alert').filter({ hasText: 'De inlogdienst van uw organisatie is nu niet bereikbaar' });
    await alert.waitFor();
    await expectNoSeriousAxeViolations(page, 'login after an unreachable provider');
    await screenshot(page, 'inloggen-sso-onbereikbaar');
    await field(page, 'E-mailadres').fill(HR.email);
    await page.getByRole('button', { name: 'Doorgaan', exact: true }).click();
    await page.getByRole('button', { name: 'Inloggen met wachtwoord', exact: true }).click();
    await field(page, 'Wachtwoord').waitFor();
    await alert.waitFor();
    await expectNoSeriousAxeViolations(page, 'the password step after an unreachable provider');

    // The callback page without a ticket: what happened, and the way back.
    await page.goto('/login/sso');
    await page.getByRole('alert').filter({ hasText: 'zonder inloggegevens' }).waitFor();
    await expectNoSeriousAxeViolations(page, '/login/sso without a ticket');
    await page.getByRole('link', { name: 'Terug naar inloggen' }).click();
    await page.waitForURL(`${BASE_URL}/inloggen`);

    // A ticket that is not (or no longer) valid.
    await page.goto('/login/sso#ticket=dit-is-geen-geldig-ticket');
    await page.getByRole('alert').filter({ hasText: 'Deze inlogpoging is verlopen of al gebruikt.' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the ticket left the address bar');
  }));

it('(a2) the administrator of a health service finds the same page in the beheer portal', () =>
  withPage(DESKTOP, async (page) => {
    const admin = ACCOUNTS.find((a) => a.email === 'beheer@arbo-oost.example');
    await login(page, admin);
    await expectPortal(page, admin);
    await page.getByRole('navigation').getByRole('link', { name: 'Inloggen via uw organisatie' }).click();
    await page.waitForURL(/\/beheer\/inlogdienst$/);
    await page.mouse.move(700, 20);
    await page.getByRole('heading', { level: 2, name: 'Inloggen via uw organisatie' }).waitFor();
    await page.getByText('Inloggen via uw organisatie is nog niet ingesteld.').waitFor();
    await field(page, 'Issuer-URL').waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'no error');
    await expectNoSeriousAxeViolations(page, 'the single sign-on page in the beheer portal');
  }));

it('(e) HR removes the configuration: everyone signs in with a password again', () =>
  withPage(DESKTOP, async (page) => {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.goto('/werkgever/inlogdienst');
    await page.getByRole('heading', { level: 2, name: 'Inloggen via uw organisatie' }).waitFor();
    await page.getByRole('button', { name: 'Verwijderen', exact: true }).click();
    await page.getByRole('group', { name: /Inloggen via uw organisatie verwijderen\?/ }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the removal question');
    await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await page.getByText('Inloggen via uw organisatie is nog niet ingesteld.').waitFor();

    // The address now goes straight to the password.
    const { context, page: other } = await newPage(browser, DESKTOP);
    try {
      await other.goto('/inloggen');
      await field(other, 'E-mailadres').fill(GEZOND.email);
      await other.getByRole('button', { name: 'Doorgaan', exact: true }).click();
      await field(other, 'Wachtwoord').waitFor();
      assert.equal(await other.getByRole('button', { name: 'Inloggen via uw organisatie' }).count(), 0);
    } finally {
      await context.close();
    }
  }));

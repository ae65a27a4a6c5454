// A new company doctor, invited by his health service's administrator, sets up a passkey
// instead of an authenticator app, and logs in with it — on a phone, in Chromium with a virtual
// authenticator (CDP WebAuthn domain) that answers with user verification, as a phone's
// fingerprint sensor would. WebAuthn needs a secure context with a domain name, so this test
// talks to the server as http://localhost (the relying party of a loopback public URL).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  BASE_URL,
  PHONE,
  apiLogin,
  enterEmail,
  expectNoHorizontalScroll,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  gql,
  launch,
  screenshot,
  invitationToken,
} from './helpers.mjs';

const OUTBOX_DIR = process.env.OUTBOX_DIR;
const LOCAL = BASE_URL.replace('127.0.0.1', 'localhost');
const PASSWORD = 'een lang wachtwoord voor de passkey';
const DOCTOR = { portal: 'bedrijfsarts', portalName: 'Bedrijfsartsportaal', organisation: 'Arbo Oost' };

/** A phone-sized page on the localhost origin with a virtual platform authenticator. */
async function phoneWithAuthenticator(browser) {
  const context = await browser.newContext({ viewport: PHONE, baseURL: LOCAL, locale: 'nl-NL' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { context, page, cdp, authenticatorId };
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

it('a company doctor enrols a passkey and logs in with it (phone)', { skip: !OUTBOX_DIR && 'OUTBOX_DIR not set' }, async () => {
  const admin = await apiLogin('beheer@arbo-oost.example');
  const email = `passkey-arts-${Date.now()}@arbo-oost.example`;
  await gql('mutation($e: String!) { inviteUser(email: $e, name: "Dr. Pas Sleutel", role: COMPANY_DOCTOR) { id } }', { e: email }, admin);

  const { context, page, cdp, authenticatorId } = await phoneWithAuthenticator(browser);
  try {
    await page.goto(`/uitnodiging/${invitationToken(email)}`);
    await field(page, 'Nieuw wachtwoord').fill(PASSWORD);
    await field(page, 'Herhaal het wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Account activeren' }).click();
    await expectPortal(page, DOCTOR);

    // Held at the enrolment, he chooses a passkey instead of an authenticator app.
    await page.getByRole('heading', { name: 'Of gebruik een passkey' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'second-factor enrolment with a passkey');
    await expectNoHorizontalScroll(page, 'second-factor enrolment with a passkey');
    await field(page, 'Naam van de passkey').fill('Telefoon');
    await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
    // Enrolled: the gate lifts.
    await page.getByRole('navigation').getByRole('link', { name: 'Beveiliging' }).waitFor({ state: 'attached' });
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the authenticator holds one passkey');
    await page.goto('/bedrijfsarts/beveiliging');
    await page.getByText('Telefoon', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, 'security page with a passkey');
    await screenshot(page, 'bedrijfsarts-passkey-beveiliging');

    // Log out and in again: password, then the passkey.
    await context.clearCookies();
    await page.evaluate(() => window.sessionStorage.clear());
    await enterEmail(page, email);
    await field(page, 'Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    const button = page.getByRole('button', { name: 'Inloggen met passkey' });
    await button.waitFor();
    await expectNoSeriousAxeViolations(page, 'login with a passkey');
    await expectNoHorizontalScroll(page, 'login with a passkey');
    await screenshot(page, 'inloggen-met-passkey');
    await button.click();
    await expectPortal(page, DOCTOR);
    await page.getByRole('navigation').getByRole('link', { name: 'Beveiliging' }).waitFor({ state: 'attached' });
  } finally {
    await context.close();
  }
});

// A new company doctor, invited by the administrator of his health service (decision 76: not
// by the platform operator), follows the link from the e-mail, chooses a password, is held at
// the TOTP enrolment until it is done, and then reaches his portal. When he loses his phone,
// his health service's administrator resets his authenticator app. The invitation e-mail is read from the demo server's outbox folder (OUTBOX_DIR),
// where the server writes it as an .eml file when no SMTP relay is configured.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  BASE_URL,
  DEMO_PASSWORD,
  DESKTOP,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  freshTotp,
  launch,
  login,
  newPage,
  screenshot,
  invitationToken,
} from './helpers.mjs';

const OUTBOX_DIR = process.env.OUTBOX_DIR;

async function gql(query, variables = {}, token) {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

it('a new company doctor accepts his invitation, must set up TOTP first, and after a reset by his administrator sets it up again', { skip: !OUTBOX_DIR && 'OUTBOX_DIR not set' }, async () => {
  const admin = await gql(
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
    { e: 'beheer@arbo-oost.example', p: DEMO_PASSWORD },
  );
  const token = admin.login.accessToken;
  const email = `arts-${Date.now()}@arbo-oost.example`;
  // The health service's administrator invites into his own organisation (no organisationId).
  await gql('mutation($e: String!) { inviteUser(email: $e, name: "Dr. Nieuw", role: COMPANY_DOCTOR) { id } }', { e: email }, token);

  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await page.goto(`/uitnodiging/${invitationToken(email)}`);
    await field(page, 'Nieuw wachtwoord').fill('een lang wachtwoord voor de arts');
    await field(page, 'Herhaal het wachtwoord').fill('een lang wachtwoord voor de arts');
    await page.getByRole('button', { name: 'Account activeren' }).click();

    const account = { portal: 'bedrijfsarts', portalName: 'Bedrijfsartsportaal', organisation: 'Arbo Oost' };
    await expectPortal(page, account);
    // Held at the enrolment: no navigation to anything else yet.
    await page.getByText('Als bedrijfsarts werkt u met medische gegevens', { exact: false }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Beveiliging' }).count(), 0, 'navigation offered before TOTP is set up');
    await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await expectNoSeriousAxeViolations(page, 'forced TOTP enrolment');
    await screenshot(page, 'bedrijfsarts-verplichte-tweestapsverificatie');
    await field(page, 'Code uit de app').fill(await freshTotp(secret));
    await page.getByRole('button', { name: 'Code bevestigen' }).click();

    // Enrolled: the gate lifts and the portal's navigation appears.
    await page.getByRole('navigation').getByRole('link', { name: 'Beveiliging' }).waitFor();
    await expectPortal(page, account);
    await page.getByRole('navigation').getByRole('link', { name: 'Beveiliging' }).click();
    await page.getByText('Tweestapsverificatie staat aan', { exact: false }).waitFor();
  } finally {
    await context.close();
  }

  // He loses his phone: the administrator of Arbo Oost resets his authenticator app on the
  // start page of the beheer portal ("Medewerkers").
  const adminAccount = { email: 'beheer@arbo-oost.example', portal: 'beheer', portalName: 'Beheerportaal', organisation: 'Arbo Oost' };
  const adminPage = await newPage(browser, DESKTOP);
  try {
    const p = adminPage.page;
    await login(p, adminAccount);
    await expectPortal(p, adminAccount);
    await p.getByRole('heading', { level: 2, name: 'Medewerkers' }).waitFor();
    // Earlier runs invited a "Dr. Nieuw" too; this run's is the one with this address.
    const row = p.getByRole('row').filter({ hasText: email });
    const reset = row.getByRole('button', { name: 'Tweestapsverificatie van Dr. Nieuw resetten' });
    await reset.click();
    await row.getByRole('button', { name: 'Ja, resetten en uitloggen' }).click();
    await p.getByText('Tweestapsverificatie gereset').waitFor();
    await expectNoSeriousAxeViolations(p, 'users page after a reset');
    assert.equal(await reset.count(), 0, 'the reset is offered only while an app is set up');
  } finally {
    await adminPage.context.close();
  }

  // His next login holds him at the enrolment again.
  const again = await newPage(browser, DESKTOP);
  try {
    await login(again.page, { email, portal: 'bedrijfsarts' }, 'een lang wachtwoord voor de arts');
    await expectPortal(again.page, { portal: 'bedrijfsarts', portalName: 'Bedrijfsartsportaal', organisation: 'Arbo Oost' });
    await again.page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).waitFor();
    assert.equal(await again.page.getByRole('navigation').getByRole('link', { name: 'Beveiliging' }).count(), 0);
  } finally {
    await again.context.close();
  }
});

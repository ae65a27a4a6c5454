// 9. The employee opens "Mijn medisch dossier" on his phone, logged in with the code from his
// authenticator app: he sees his medical file (and who verified his access), his consents
// (revokes one and gives it again) and who accessed his data (his own read among them).
//
// The demo account has an authenticator app and a medical access his doctor verified with an
// activation code (decision 76). The test never resets his second factor: that would suspend
// the access for the files after this one. The closed file, the activation code and setting up
// the app are tested with Carolien in identity.test.mjs.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  PHONE,
  apiLogin,
  expectNoHorizontalScroll,
  expectNoSeriousAxeViolations,
  expectPortal,
  gql,
  launch,
  login,
  newPage,
  screenshot,
} from './helpers.mjs';

const EMPLOYEE = ACCOUNTS.find((a) => a.email === 'werknemer@korenschoof.example');
const AGENCY = 'Werkpad Re-integratie';

/** The organisation id of the demo re-integration agency (asked of the platform operator). */
async function agencyId() {
  const admin = await apiLogin('beheer@poortwachter.example');
  const { organisations } = await gql('{ organisations(kind: REINTEGRATION_AGENCY) { id name } }', {}, admin);
  const agency = organisations.find((o) => o.name === AGENCY);
  assert.ok(agency, `${AGENCY} exists`);
  return agency.id;
}

/** Willem's open case, as he sees it through the API. */
async function openCaseId(token) {
  const { cases } = await gql('{ cases(first: 10) { edges { node { id status } } } }', {}, token);
  const open = cases.edges.map((e) => e.node).find((c) => c.status === 'OPEN');
  assert.ok(open, 'Willem has an open case');
  return open.id;
}

/**
 * Logs in and waits for the portal's own h1. After a client-side redirect the login page's h1
 * may still be there for a moment when the URL has already changed (and after logging out from
 * a portal page, the login returns to that page).
 */
async function loginAsEmployee(page) {
  await login(page, EMPLOYEE);
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${EMPLOYEE.portalName} — `) }).waitFor();
  await expectPortal(page, EMPLOYEE);
}

async function openMedicalFileFromMenu(page) {
  await page.getByRole('button', { name: 'Menu openen' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Mijn medisch dossier' }).click();
  await page.waitForURL(/\/werknemer\/medisch-dossier$/);
  await page.getByRole('heading', { level: 2, name: 'Mijn medisch dossier' }).waitFor();
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

it('employee reads his verified medical file with his second factor, manages a consent and sees who accessed his data (phone)', async () => {
  const { context, page } = await newPage(browser, PHONE);
  let employeeToken;
  let caseId;
  try {
    // A consent to the agency, given through the API, so the consent list has something to revoke.
    employeeToken = await apiLogin(EMPLOYEE.email);
    caseId = await openCaseId(employeeToken);
    const organisationId = await agencyId();
    await gql(
      'mutation ($caseId: ID!, $org: ID!) { grantConsent(caseId: $caseId, part: CONSULTATIONS, organisationId: $org) { id } }',
      { caseId, org: organisationId },
      employeeToken,
    );

    // He logs in with his password and the code from his app.
    await loginAsEmployee(page);
    await openMedicalFileFromMenu(page);

    // (a) the medical file, read-only, with who may read it.
    const file = page.getByRole('region', { name: 'Wat de bedrijfsarts heeft vastgelegd' });
    await file.waitFor();
    await file.getByText('Alleen uw bedrijfsarts en uzelf kunnen dit dossier lezen. Uw werkgever kan het nooit inzien.', { exact: false }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Extra beveiliging nodig' }).count(), 0, 'no explanation with a second factor');
    assert.equal(await page.getByRole('region', { name: /^Uw medisch dossier is (nog|tijdelijk) dicht$/ }).count(), 0, 'his verified file is open');
    await page.getByText(/^Toegang bevestigd door Dr\. Bart Arends op /).waitFor();
    assert.equal(await file.getByRole('textbox').count(), 0, 'the medical file is read-only');

    // (c) the access log: his own read now.
    const log = page.getByRole('region', { name: 'Wie heeft mijn gegevens ingezien' });
    await log.waitFor();
    const entries = log.getByTestId('access-log-entry');
    await entries.filter({ hasText: 'U heeft uw medisch dossier gelezen' }).first().waitFor();
    assert.ok((await entries.count()) <= 50, 'at most 50 entries before "Meer tonen"');
    const othersOnly = log.getByRole('checkbox', { name: 'Alleen wat anderen deden' });
    await othersOnly.check();
    assert.equal(await entries.filter({ hasText: /^U (heeft|probeerde)/ }).count(), 0, 'his own entries hidden on request');
    await othersOnly.uncheck();
    await entries.filter({ hasText: 'U heeft uw medisch dossier gelezen' }).first().waitFor();

    // (b) consents: he revokes the agency's consent (after a confirmation) ...
    const consents = page.getByRole('region', { name: 'Toestemmingen' });
    const live = consents
      .getByRole('article')
      .filter({ hasText: `Met: ${AGENCY}` })
      .filter({ hasText: 'Geldig' })
      .filter({ has: page.getByRole('heading', { name: 'Consulten' }) });
    assert.equal(await live.count(), 1, 'one valid consent for the consultations');
    await expectNoSeriousAxeViolations(page, 'medical file with a second factor (phone)');
    await expectNoHorizontalScroll(page, 'the medical file');
    await screenshot(page, 'werknemer-medisch-dossier-phone');

    const card = live.first();
    await card.getByRole('button', { name: 'Intrekken' }).click();
    await card.getByText(`${AGENCY} kan daarna de consulten niet meer lezen`, { exact: false }).waitFor();
    await card.getByRole('button', { name: 'Annuleren' }).click();
    await card.getByRole('button', { name: 'Intrekken' }).click();
    await card.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.getByText('De toestemming is ingetrokken.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'consents-heading', 'focus moves to the section after revoking');
    await consents.getByRole('article').filter({ hasText: `Met: ${AGENCY}` }).filter({ hasText: 'Geldig' }).first().waitFor({ state: 'detached' });
    // Revoked consents stay visible on request, with when they were revoked.
    await consents.getByRole('button', { name: /^\d+ ingetrokken toestemming(en)? tonen$/ }).click();
    await consents.getByRole('article').filter({ hasText: `Met: ${AGENCY}` }).filter({ hasText: 'Ingetrokken op' }).first().waitFor();

    // ... and gives it again with the form: the providers on his case are offered (his doctor's
    // health service and the agency); he picks the agency.
    const form = consents.getByRole('form', { name: 'Toestemming geven' });
    const party = form.getByRole('combobox', { name: 'Met welke organisatie' });
    await party.selectOption({ label: AGENCY });
    assert.equal(await party.inputValue(), organisationId);
    await form.getByRole('button', { name: 'Toestemming geven' }).click();
    await form.getByText('Kies welk deel u wilt delen.').waitFor();
    await form.getByRole('combobox', { name: /^Welk deel van uw dossier/ }).selectOption({ label: 'Consulten' });
    await form.getByText(`${AGENCY} mag dan de consulten lezen, totdat u de toestemming intrekt.`).waitFor();
    await form.getByRole('button', { name: 'Toestemming geven' }).click();
    await page.getByText('U heeft toestemming gegeven.').waitFor();
    await consents.getByRole('article').filter({ hasText: `Met: ${AGENCY}` }).filter({ hasText: 'Geldig' }).first().waitFor();

    // The log now holds both changes, in plain words.
    await entries.filter({ hasText: 'U heeft een toestemming ingetrokken' }).first().waitFor();
    await entries.filter({ hasText: 'U heeft toestemming gegeven om de consulten te delen' }).first().waitFor();
    await expectNoSeriousAxeViolations(page, 'medical file after the consent changes (phone)');
    await expectNoHorizontalScroll(page, 'the medical file after the consent changes');
  } finally {
    // Leave no consent behind for the agency.
    if (employeeToken && caseId) {
      const data = await gql('query ($id: ID!) { case(id: $id) { consents { id revokedAt } } }', { id: caseId }, employeeToken);
      for (const c of data.case.consents.filter((c) => !c.revokedAt)) {
        await gql('mutation ($caseId: ID!, $id: ID!) { revokeConsent(caseId: $caseId, consentId: $id) { id } }', { caseId, id: c.id }, employeeToken);
      }
    }
    await context.close();
  }
});

// 9. The employee opens "Mijn medisch dossier" on his phone. Without a second factor he is told
// why not and sent to "Beveiliging"; he sets up an authenticator app there, logs in again with
// the code, and then sees his medical file, his consents (revokes one and gives it again) and
// who accessed his data (his own read among them).
//
// The demo account has no authenticator app. The test switches it on for Willem and, before
// and after, lets HR switch it off again (resetTotp), so the files after this one and a second
// run on the same server find the account as the demo data defines it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
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
  logout,
  newPage,
  resetEmployeeTotp,
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
async function loginAsEmployee(page, totpSecret) {
  await login(page, { ...EMPLOYEE, totpSecret });
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
  await resetEmployeeTotp();
});
after(async () => {
  await resetEmployeeTotp();
  await browser?.close();
});

it('employee reaches his medical file only with a second factor, manages a consent and sees who accessed his data (phone)', async () => {
  const { context, page } = await newPage(browser, PHONE);
  let employeeToken;
  let caseId;
  try {
    // Without a second factor: the explanation and the way to "Beveiliging", nothing medical.
    await loginAsEmployee(page);
    await openMedicalFileFromMenu(page);
    const explanation = page.getByRole('region', { name: 'Extra beveiliging nodig' });
    await explanation.waitFor();
    await explanation.getByText('Uw medisch dossier bevat gegevens over uw gezondheid', { exact: false }).waitFor();
    await explanation.getByText('Stel eerst een authenticator-app in op de pagina Beveiliging', { exact: false }).waitFor();
    await explanation.getByText('log opnieuw in met uw wachtwoord en de code uit de app', { exact: false }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 3, name: 'Wat de bedrijfsarts heeft vastgelegd' }).count(), 0, 'no medical file without a second factor');
    assert.equal(await page.getByRole('heading', { level: 3, name: 'Wie heeft mijn gegevens ingezien' }).count(), 0, 'no access log without a second factor');
    await expectNoSeriousAxeViolations(page, 'medical file without a second factor (phone)');
    await expectNoHorizontalScroll(page, 'the explanation');
    await screenshot(page, 'werknemer-medisch-dossier-zonder-tweede-factor-phone');

    // He sets up the authenticator app through the link.
    await explanation.getByRole('link', { name: 'Naar Beveiliging om de app in te stellen' }).click();
    await page.waitForURL(/\/werknemer\/beveiliging$/);
    await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    assert.match(secret, /^[A-Z2-7]{16,}=*$/, `a base32 secret is shown, got "${secret}"`);
    await field(page, 'Code uit de app').fill(await freshTotp(secret));
    await page.getByRole('button', { name: 'Code bevestigen' }).click();
    await page.getByText('Tweestapsverificatie is ingesteld.').waitFor();

    // A consent to the agency, given through the API, so the consent list has something to revoke.
    employeeToken = await apiLogin(EMPLOYEE.email, await freshTotp(secret));
    caseId = await openCaseId(employeeToken);
    const organisationId = await agencyId();
    await gql(
      'mutation ($caseId: ID!, $org: ID!) { grantConsent(caseId: $caseId, part: CONSULTATIONS, organisationId: $org) { id } }',
      { caseId, org: organisationId },
      employeeToken,
    );

    // He logs out and in again, now with the code from the app.
    await logout(page);
    await loginAsEmployee(page, secret);
    await openMedicalFileFromMenu(page);

    // (a) the medical file, read-only, with who may read it.
    const file = page.getByRole('region', { name: 'Wat de bedrijfsarts heeft vastgelegd' });
    await file.waitFor();
    await file.getByText('Alleen uw bedrijfsarts en uzelf kunnen dit dossier lezen. Uw werkgever kan het nooit inzien.', { exact: false }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Extra beveiliging nodig' }).count(), 0, 'the explanation is gone');
    assert.equal(await file.getByRole('textbox').count(), 0, 'the medical file is read-only');

    // (c) the access log: his own read now, and his refused attempt without the second factor.
    const log = page.getByRole('region', { name: 'Wie heeft mijn gegevens ingezien' });
    await log.waitFor();
    const entries = log.getByTestId('access-log-entry');
    await entries.filter({ hasText: 'U heeft uw medisch dossier gelezen' }).first().waitFor();
    const refused = entries.filter({ hasText: 'U probeerde uw medisch dossier te lezen' }).first();
    await refused.waitFor();
    await refused.getByText('Geweigerd', { exact: true }).waitFor();
    await refused.getByText('er was geen code uit de authenticator-app gebruikt', { exact: false }).waitFor();
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

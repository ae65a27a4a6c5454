// Who controls an identity (decision 76), on a phone:
// (a) The company doctor makes a one-time activation code on Carolien Lammers' case and reads
//     it from the page, with how to hand it over.
// (b) Carolien (no authenticator app in the demo data) opens "Mijn medisch dossier": it is
//     closed, and she must first set up her authenticator app. She does so on "Beveiliging",
//     logs in again with a code, enters the activation code (after a wrong one) and sees her
//     medical file; "Beveiliging" lists what happened to her account.
// (c) The administrator of Arbo Oost invites a doctor from the beheer portal, sees the
//     invitation listed and in the "Beheerlogboek".
// (d) HR asks for a company doctor on a case; the administrator of Arbo Oost accepts the request
//     on "Artsaanvragen"; HR finds the request in his own Beheerlogboek.
//
// Carolien ends as the demo data has her (no authenticator app, so other files log her in with
// a password only): HR resets her second factor, which also suspends her medical access again.
// A second run starts from that suspended state, which the page explains just as well.
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
  screenshot,
  CAROLIEN,
} from './helpers.mjs';

const DOCTOR = ACCOUNTS.find((a) => a.email === 'bedrijfsarts@arbo-oost.example');
const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const ARBO_ADMIN = ACCOUNTS.find((a) => a.email === 'beheer@arbo-oost.example');
const ACCESS_REGION = 'Toegang van de werknemer tot zijn medisch dossier';
const CLOSED = /^Uw medisch dossier is (nog|tijdelijk) dicht$/;
const CODE_FORMAT = /^[A-Z0-9]{5}-[A-Z0-9]{5}$/;

/** The activation code the doctor made in (a), for (b). */
let activationCode;

/** Carolien's open case, as HR sees it. */
async function carolienCaseId(hrToken) {
  const { cases } = await gql('{ cases(first: 50) { edges { node { id status employee { name } } } } }', {}, hrToken);
  const open = cases.edges.map((e) => e.node).find((c) => c.employee?.name === 'Carolien Lammers' && c.status === 'OPEN');
  assert.ok(open, 'Carolien Lammers has an open case');
  return open.id;
}

/** HR resets Carolien's authenticator app, if she has one (this also suspends her medical access). */
async function resetCarolien() {
  const hr = await apiLogin(HR.email);
  const { users } = await gql('{ users { id email totpEnabled } }', {}, hr);
  const carolien = users.find((u) => u.email === CAROLIEN.email);
  assert.ok(carolien, 'Carolien is a user of her employer');
  if (carolien.totpEnabled) await gql('mutation ($id: ID!) { resetTotp(userId: $id) { id } }', { id: carolien.id }, hr);
}

async function openFromMenu(page, name) {
  await page.getByRole('button', { name: 'Menu openen' }).click();
  await page.getByRole('navigation').getByRole('link', { name }).click();
}

async function loginAs(page, account) {
  await login(page, account);
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${account.portalName} — `) }).waitFor();
  await expectPortal(page, account);
}

let browser;
before(async () => {
  browser = await launch();
  // A failed earlier run may have left her with an app.
  await resetCarolien();
});
after(async () => {
  await browser?.close();
});

it('(a) the doctor makes an activation code on the case page and reads how to hand it over (phone)', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await loginAs(page, DOCTOR);
    await page.getByRole('region', { name: /Mijn dossiers, pagina 1/ }).getByRole('link', { name: 'Carolien Lammers' }).click();
    await page.getByRole('heading', { level: 2, name: 'Carolien Lammers' }).waitFor();

    const access = page.getByRole('region', { name: ACCESS_REGION });
    await access.waitFor();
    await access.getByText(/^(Nog niet geopend|Stopgezet)$/).waitFor();
    await expectNoSeriousAxeViolations(page, "the employee's access on the doctor's case page (phone)");
    await expectNoHorizontalScroll(page, "the doctor's case page");

    await access.getByRole('button', { name: 'Activatiecode maken' }).click();
    const code = access.getByTestId('activation-code');
    await code.waitFor();
    activationCode = (await code.innerText()).trim();
    assert.match(activationCode, CODE_FORMAT, `an activation code is shown, got "${activationCode}"`);
    await access.getByText(/^Geldig tot .+, één keer te gebruiken\.$/).waitFor();
    await access.getByText('Geef de code bij het spreekuur, of lees hem voor aan de telefoon', { exact: false }).waitFor();
    await access.getByText('Stuur de code nooit via de werkgever', { exact: false }).waitFor();
    assert.equal(await code.evaluate((el) => getComputedStyle(el).fontFamily.toLowerCase().includes('mono')), true, 'the code is monospace');

    // A second code asks first: it voids the one just made.
    await access.getByRole('button', { name: 'Nieuwe activatiecode maken' }).click();
    await access.getByText('Een nieuwe code maakt de vorige ongeldig', { exact: false }).waitFor();
    await access.getByRole('button', { name: 'Annuleren' }).click();
    assert.equal((await code.innerText()).trim(), activationCode, 'the code is kept after cancelling');

    await expectNoSeriousAxeViolations(page, 'the activation code (phone)');
    await expectNoHorizontalScroll(page, 'the activation code');
    await screenshot(page, 'bedrijfsarts-activatiecode-phone');
  } finally {
    await context.close();
  }
});

it('(b) the employee sets up her authenticator app, enters the activation code and sees her medical file (phone)', async () => {
  if (!activationCode) {
    // (a) failed: make the code through the API, so this part still says something.
    const doctor = await apiLogin(DOCTOR.email);
    const caseId = await carolienCaseId(await apiLogin(HR.email));
    activationCode = (await gql('mutation ($id: ID!) { issueMedicalActivationCode(caseId: $id) { code } }', { id: caseId }, doctor)).issueMedicalActivationCode.code;
  }
  const { context, page } = await newPage(browser, PHONE);
  try {
    // Without an authenticator app: the file is closed, and she is told why and what to do.
    await loginAs(page, CAROLIEN);
    await openFromMenu(page, 'Mijn medisch dossier');
    await page.waitForURL(/\/werknemer\/medisch-dossier$/);
    const closed = page.getByRole('region', { name: CLOSED });
    await closed.waitFor();
    await closed.getByText(/Uw bedrijfsarts (geeft u een|moet u daarom een nieuwe) activatiecode/).waitFor();
    await closed.getByText('Zo weten we zeker dat alleen u uw medische gegevens ziet, en niet iemand die uw account heeft aangemaakt.').waitFor();
    await closed.getByText('U kunt de activatiecode pas invoeren als u bent ingelogd met de code uit uw authenticator-app', { exact: false }).waitFor();
    assert.equal(await field(page, 'Activatiecode').count(), 0, 'no code form without a second factor');
    assert.equal(await page.getByRole('region', { name: 'Wat de bedrijfsarts heeft vastgelegd' }).count(), 0, 'nothing medical');
    const explanation = page.getByRole('region', { name: 'Extra beveiliging nodig' });
    await explanation.getByText('Stel eerst een authenticator-app in op de pagina Beveiliging', { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the closed medical file without a second factor (phone)');
    await expectNoHorizontalScroll(page, 'the closed medical file');
    await screenshot(page, 'werknemer-medisch-dossier-dicht-phone');

    // She sets up her app on "Beveiliging".
    await explanation.getByRole('link', { name: 'Naar Beveiliging om de app in te stellen' }).click();
    await page.waitForURL(/\/werknemer\/beveiliging$/);
    await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    assert.match(secret, /^[A-Z2-7]{16,}=*$/, `a base32 secret is shown, got "${secret}"`);
    await field(page, 'Code uit de app').fill(await freshTotp(secret));
    await page.getByRole('button', { name: 'Code bevestigen' }).click();
    await page.getByText('Tweestapsverificatie is ingesteld.').waitFor();

    // She logs in again, now with a code from the app, and enters the activation code.
    await logout(page);
    await loginAs(page, { ...CAROLIEN, totpSecret: secret });
    // Until her file is open, "Mijn verzuim" says why it shows no medical documents.
    await openFromMenu(page, 'Mijn verzuim');
    await page.waitForURL(/\/werknemer\/mijn-verzuim$/);
    await page.getByText('Uw medische documenten staan hier pas als u uw medisch dossier heeft geopend', { exact: false }).waitFor();
    await openFromMenu(page, 'Mijn medisch dossier');
    await page.waitForURL(/\/werknemer\/medisch-dossier$/);
    const form = page.getByRole('form', { name: 'Activatiecode invoeren' });
    const input = field(form, 'Activatiecode');
    await input.waitFor();
    await expectNoSeriousAxeViolations(page, 'the activation code form (phone)');
    await expectNoHorizontalScroll(page, 'the activation code form');
    await screenshot(page, 'werknemer-activatiecode-phone');

    // A wrong code is refused in Dutch (one wrong guess of the five allowed).
    await input.fill('AAAAA-AAAAA');
    await form.getByRole('button', { name: 'Medisch dossier openen' }).click();
    await form.getByText('Deze activatiecode klopt niet of is niet meer geldig', { exact: false }).waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');

    // The right one, typed in lower case without the dash, opens the file.
    await input.fill(activationCode.replace('-', '').toLowerCase());
    await form.getByRole('button', { name: 'Medisch dossier openen' }).click();
    await page.getByText('Gelukt: uw medisch dossier is nu open voor u.').waitFor();
    await page.getByRole('region', { name: 'Wat de bedrijfsarts heeft vastgelegd' }).waitFor();
    assert.equal(await page.getByRole('region', { name: CLOSED }).count(), 0, 'the explanation is gone');
    await page.getByRole('region', { name: 'Wie heeft mijn gegevens ingezien' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the opened medical file (phone)');
    await expectNoHorizontalScroll(page, 'the opened medical file');
    await screenshot(page, 'werknemer-medisch-dossier-geopend-phone');

    // "Beveiliging" lists what happened to her account: the doctor's code and her verification.
    await openFromMenu(page, 'Beveiliging en meldingen');
    await page.waitForURL(/\/werknemer\/beveiliging$/);
    const events = page.getByRole('region', { name: 'Wat er met uw account is gebeurd' });
    await events.waitFor();
    const entries = events.getByTestId('trail-entry');
    await entries.filter({ hasText: 'Toegang tot medisch dossier: aangemaakt' }).filter({ hasText: 'Carolien Lammers' }).first().waitFor();
    await entries.filter({ hasText: 'Toegang tot medisch dossier: poging tot aanmaken' }).first().getByText('Geweigerd', { exact: true }).waitFor();
    await entries.filter({ hasText: 'Activatiecode: aangemaakt' }).filter({ hasText: 'Dr. Bart Arends' }).first().waitFor();
    await expectNoSeriousAxeViolations(page, 'what happened to the account (phone)');
    await expectNoHorizontalScroll(page, 'the account events');
    await screenshot(page, 'werknemer-accountgebeurtenissen-phone');
  } finally {
    await context.close();
    await resetCarolien();
  }
});

it('(c) the administrator of a health service invites a doctor and finds it in the Beheerlogboek (phone)', async () => {
  const { context, page } = await newPage(browser, PHONE);
  const email = `arts-${Date.now()}@arbo-oost.example`;
  try {
    await loginAs(page, ARBO_ADMIN);
    // His start page is his own people, not the organisations of the platform.
    await page.getByRole('heading', { level: 2, name: 'Medewerkers' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Organisaties' }).count(), 0, 'no organisations page');
    await page.getByRole('region', { name: 'Accounts van Arbo Oost' }).getByText('bedrijfsarts@arbo-oost.example', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, 'Medewerkers of a health service (phone)');
    await expectNoHorizontalScroll(page, 'Medewerkers');

    await field(page, 'Naam').fill('Dr. Eline Vos');
    await field(page, 'E-mailadres').fill(email);
    const role = page.getByRole('combobox', { name: /^Rol/ });
    const offered = await role.locator('option').allInnerTexts();
    assert.deepEqual(offered.slice(1).sort(), ['Bedrijfsarts', 'Beheerder arbodienst'], `the roles he may hand out, got ${offered}`);
    await role.selectOption({ label: 'Bedrijfsarts' });
    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await page.getByText(`Dr. Eline Vos ontvangt een uitnodiging op ${email}.`).waitFor();
    const invitation = page.getByRole('region', { name: 'Verstuurde uitnodigingen' }).getByRole('row').filter({ hasText: email });
    await invitation.getByText('Nog niet geaccepteerd').waitFor();
    await screenshot(page, 'beheer-arbodienst-medewerkers-phone');

    // The Beheerlogboek holds the invitation, with who sent it.
    await openFromMenu(page, 'Beheerlogboek');
    await page.waitForURL(/\/beheer\/logboek$/);
    await page.getByRole('heading', { level: 2, name: 'Beheerlogboek' }).waitFor();
    const entry = page.getByTestId('trail-entry').filter({ hasText: `invitation sent to ${email}` });
    await entry.waitFor();
    await entry.getByText('Uitnodiging: aangemaakt').waitFor();
    await entry.getByText('Anke Oosterhuis', { exact: true }).waitFor();
    await entry.getByText('Toegestaan', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the Beheerlogboek (phone)');
    await expectNoHorizontalScroll(page, 'the Beheerlogboek');
    await screenshot(page, 'beheer-logboek-phone');
  } finally {
    await context.close();
  }
});

it('(d) HR asks for a company doctor; the health service administrator accepts the request (phone)', async () => {
  const hrToken = await apiLogin(HR.email);
  const caseId = await carolienCaseId(hrToken);
  const hr = await newPage(browser, PHONE);
  const admin = await newPage(browser, PHONE);
  try {
    // HR, on the case's overview: the doctor is asked for, not assigned.
    const p = hr.page;
    await loginAs(p, HR);
    await p.goto(`/werkgever/dossiers/${caseId}`);
    const request = p.getByRole('region', { name: 'Bedrijfsarts aanvragen' });
    await request.waitFor();
    await request.getByRole('combobox', { name: /^Bedrijfsarts/ }).selectOption({ label: 'Dr. Bart Arends (Arbo Oost)' });
    await request.getByRole('button', { name: 'Bedrijfsarts aanvragen' }).click();
    await request.getByText('Dr. Bart Arends is aangevraagd bij Arbo Oost.', { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(p, 'a company doctor requested (phone)');
    await expectNoHorizontalScroll(p, 'the case page with the request');
    await screenshot(p, 'werkgever-bedrijfsarts-aangevraagd-phone');

    // The administrator of Arbo Oost accepts it.
    const a = admin.page;
    await loginAs(a, ARBO_ADMIN);
    await openFromMenu(a, 'Artsaanvragen');
    await a.waitForURL(/\/beheer\/artsaanvragen$/);
    const card = a.getByRole('article').filter({ has: a.getByRole('heading', { name: 'Carolien Lammers' }) }).first();
    await card.getByText('Gevraagde bedrijfsarts: Dr. Bart Arends').waitFor();
    await expectNoSeriousAxeViolations(a, 'Artsaanvragen (phone)');
    await expectNoHorizontalScroll(a, 'Artsaanvragen');
    await screenshot(a, 'beheer-artsaanvragen-phone');
    // Accept every open request for her case (a failed earlier run may have left one).
    const accept = a.getByRole('button', { name: 'Aanvraag accepteren: Dr. Bart Arends voor Carolien Lammers' });
    for (let open = await accept.count(); open > 0; open--) {
      await accept.first().click();
      await a.getByText('Dr. Bart Arends is nu de bedrijfsarts van Carolien Lammers.').first().waitFor();
      await accept.nth(open - 1).waitFor({ state: 'detached' });
    }
    assert.equal(await a.getByRole('heading', { name: 'Carolien Lammers' }).count(), 0, 'her request is handled');

    // HR's own Beheerlogboek has the request.
    await openFromMenu(p, 'Beheerlogboek');
    await p.waitForURL(/\/werkgever\/logboek$/);
    const entry = p.getByTestId('trail-entry').filter({ hasText: 'Aanvraag bedrijfsarts: aangemaakt' }).filter({ hasText: `asked Arbo Oost for Dr. Bart Arends on case ${caseId}` });
    await entry.first().waitFor();
    await expectNoSeriousAxeViolations(p, "HR's Beheerlogboek (phone)");
    await expectNoHorizontalScroll(p, "HR's Beheerlogboek");
  } finally {
    await hr.context.close();
    await admin.context.close();
  }
});

// The employee reports himself sick and recovered on his phone (decision 85): Sanne Verbeek
// (gezond@korenschoof.example) starts from her start page, reads the warning not to say what is
// wrong with her, has a day in the future refused in Dutch, reports sick a few days back, sees
// the confirmation and her case marked as reported by herself, then reports herself recovered
// today (a recovery must lie after the sick report) and sees the case recovered.
//
// Test files share one demo server in CI, so she may already have a case: an open one is
// reported recovered first, and her sick day is chosen after her last recovery (a relapse
// within four weeks reopens the same case). Only when no day is left for both a sick report
// and a recovery up to today does HR close her case first.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  PHONE,
  addDays,
  apiLogin,
  chooseSegment,
  expectNoHorizontalScroll,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  gql,
  launch,
  login,
  newPage,
  nlDate,
  screenshot,
  todayIso,
} from './helpers.mjs';

const SANNE = {
  email: 'gezond@korenschoof.example',
  portal: 'werknemer',
  portalName: 'Werknemersportaal',
  organisation: 'Bakkerij De Korenschoof B.V.',
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Her latest case (the API gives an employee only his own), or undefined. */
async function latestCase(token) {
  const data = await gql(
    `query {
      cases(first: 1, sort: SICK_SINCE_DESC) {
        edges { node { id status sickSince reportedByEmployee recoveries { recoveredOn resickOn } partialRecoveries { from } } }
      }
    }`,
    {},
    token,
  );
  return data.cases.edges[0]?.node;
}

/** The last day of a case a recovery must come after (first sick day, relapses, partial work). */
function lastReportDate(c) {
  const days = [c.sickSince, ...c.recoveries.flatMap((r) => [r.recoveredOn, r.resickOn]), ...c.partialRecoveries.map((p) => p.from)];
  return days.filter(Boolean).sort().at(-1);
}

/**
 * Brings her to "not sick" with room for the test: a sick day before today after her last
 * recovery. Returns that sick day and whether reporting it is a relapse (the same case reopens).
 */
async function prepare() {
  const today = todayIso();
  const token = await apiLogin(SANNE.email);
  let c = await latestCase(token);
  if (c?.status === 'OPEN' && lastReportDate(c) <= addDays(today, -3)) {
    // Recovered the day after her last report: two days are left for a relapse and its recovery.
    await gql(
      'mutation ($caseId: ID!, $on: Date!) { reportRecovery(caseId: $caseId, recoveredOn: $on) { id status } }',
      { caseId: c.id, on: addDays(lastReportDate(c), 1) },
      token,
    );
    c = await latestCase(token);
  }
  const recovery = c?.status === 'RECOVERED' ? c.recoveries.find((r) => !r.resickOn) : undefined;
  if (c?.status === 'OPEN' || (recovery && recovery.recoveredOn > addDays(today, -2))) {
    // Sick or recovered too recently for a new sick day before today: HR closes the case.
    const hr = await apiLogin('hr@korenschoof.example');
    await gql(
      'mutation ($caseId: ID!, $on: Date!) { closeCase(caseId: $caseId, reason: EMPLOYMENT_ENDED, closedOn: $on) { id status } }',
      { caseId: c.id, on: today },
      hr,
    );
    return { sickSince: addDays(today, -3), relapse: false, token };
  }
  if (recovery) {
    const after = addDays(recovery.recoveredOn, 1);
    const sickSince = after > addDays(today, -3) ? after : addDays(today, -3);
    const gap = (Date.parse(sickSince) - Date.parse(recovery.recoveredOn)) / 86_400_000;
    return { sickSince, relapse: gap < 28, token };
  }
  return { sickSince: addDays(today, -3), relapse: false, token };
}

it('employee reports herself sick and recovered on her phone', async () => {
  const { sickSince, relapse, token } = await prepare();
  const today = todayIso();
  const tomorrow = addDays(today, 1);

  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, SANNE);
    await expectPortal(page, SANNE);

    // The start page puts her absence first, with the way to report sick.
    const home = page.getByRole('region', { name: 'Mijn verzuim' });
    const toReport = home.getByRole('link', { name: 'Ziek melden' });
    await toReport.waitFor();
    await expectNoSeriousAxeViolations(page, 'employee start page, not sick (phone)');
    await expectNoHorizontalScroll(page, 'employee start page');
    await toReport.click();
    await page.waitForURL(/\/werknemer\/mijn-verzuim$/);

    // The form is open (she came for it), under the warning.
    const report = page.getByRole('region', { name: 'Ziek melden' });
    await report.waitFor();
    const warning = report.getByText('Vertel niet wat u mankeert');
    await warning.waitFor();
    await report.getByText(/Noem geen diagnose, geen klachten en niet de oorzaak van uw ziekte\. Uw werkgever mag daar niet naar vragen/).waitFor();
    await report.getByText('Wat er aan de hand is, bespreekt u alleen met de bedrijfsarts.').waitFor();
    const form = report.getByRole('form', { name: 'Ziek melden' });
    const formDescription = await form.getAttribute('aria-describedby');
    assert.ok(formDescription, 'the form is described by the warning');
    assert.match(await page.locator(`[id="${formDescription}"]`).innerText(), /Vertel niet wat u mankeert/);
    const sickDay = field(report, 'Eerste ziektedag');
    assert.equal(await sickDay.getAttribute('type'), 'date', 'a native date input');
    assert.equal(await sickDay.inputValue(), today, 'the first sick day defaults to today');
    assert.equal(await sickDay.getAttribute('max'), today, 'no day after today can be picked');
    // The yes/no questions are large enough to tap.
    const safetyNet = report.getByRole('radiogroup', { name: 'Geldt voor u een vangnetregeling?' });
    const box = await safetyNet.getByText('Nee', { exact: true }).boundingBox();
    assert.ok(box && box.height >= 44, `the "Nee" answer is at least 44 px high (${box?.height})`);
    await expectNoSeriousAxeViolations(page, 'the sick report form (phone)');
    await expectNoHorizontalScroll(page, 'the sick report form');
    await screenshot(page, 'werknemer-ziekmelden-phone');

    // A day in the future is refused, in Dutch, next to the field.
    await sickDay.fill(tomorrow);
    await report.getByRole('button', { name: 'Ziekmelding versturen' }).click();
    await report.getByText('Deze datum ligt in de toekomst.').waitFor();
    assert.equal(await sickDay.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
    await expectNoSeriousAxeViolations(page, 'the sick report with a day in the future (phone)');

    // Now the real report: a few days back, expected back in two weeks, reachable by phone.
    await sickDay.fill(sickSince);
    await field(report, 'Over hoeveel weken denkt u weer te werken? (niet verplicht)').fill('2');
    await field(report, 'Waar bent u bereikbaar? (niet verplicht)').fill('06-12345678');
    await report.getByRole('radiogroup', { name: 'Was het een ongeval op het werk?' }).getByRole('radio', { name: 'Nee' }).check();
    await report.getByRole('button', { name: 'Ziekmelding versturen' }).click();

    // The confirmation, and her case: open, reported by herself, not yet confirmed.
    const sent = page.getByRole('status').filter({ hasText: 'Uw ziekmelding is verstuurd.' });
    await sent.waitFor();
    assert.match(await sent.innerText(), /Uw ziekmelding is verstuurd\. Uw leidinggevende\/casemanager is op de hoogte gebracht\./);
    await page.getByText(/U bent nu in week \d+ van het verzuim\./).waitFor();
    await page.getByText(/Ziek gemeld door:\s*uzelf/).waitFor();
    await page.getByText('Uw werkgever heeft uw ziekmelding nog niet bevestigd.').waitFor();
    await page.getByText(new RegExp(`${relapse ? 'Opnieuw ziek sinds' : 'Ziek sinds'}:\\s*${nlDate(sickSince)}`)).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Ziek melden' }).count(), 0, 'no sick report while she is sick');
    const afterReport = await latestCase(token);
    assert.equal(afterReport.status, 'OPEN');
    assert.equal(afterReport.reportedByEmployee, true, 'the case is marked as reported by herself');
    await expectNoSeriousAxeViolations(page, 'Mijn verzuim after the sick report (phone)');
    await expectNoHorizontalScroll(page, 'Mijn verzuim after the sick report');
    await screenshot(page, 'werknemer-ziekgemeld-phone');

    // Her start page now says she is sick and offers "Beter melden", which opens its form.
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn gegevens' }).click();
    await page.waitForURL(/\/werknemer$/);
    const homeSick = page.getByRole('region', { name: 'Mijn verzuim' });
    await homeSick.getByText(/^U bent ziek sinds /).waitFor();
    await expectNoSeriousAxeViolations(page, 'employee start page, sick (phone)');
    await homeSick.getByRole('link', { name: 'Beter melden' }).click();
    await page.waitForURL(/\/werknemer\/mijn-verzuim$/);

    // Reporting recovered: the day (today by default), a confirmation step, then the report.
    const recovery = page.getByRole('region', { name: 'Weer beter?' });
    await field(recovery, 'Eerste dag dat u weer kunt werken').waitFor();
    // Cancelled, focus returns to the button that opens the form again.
    await recovery.getByRole('button', { name: 'Annuleren' }).click();
    const toRecovery = recovery.getByRole('button', { name: 'Beter melden' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Beter melden');
    await toRecovery.click();
    const firstDay = field(recovery, 'Eerste dag dat u weer kunt werken');
    assert.equal(await firstDay.inputValue(), today, 'the first day fit defaults to today');
    assert.equal(await firstDay.getAttribute('type'), 'date');
    await firstDay.fill(tomorrow);
    await recovery.getByRole('button', { name: 'Verder' }).click();
    await recovery.getByText('Deze datum ligt in de toekomst.').waitFor();
    await firstDay.fill(today);
    await recovery.getByRole('button', { name: 'Verder' }).click();
    const question = recovery.getByRole('group', { name: `U meldt zich beter met ingang van ${nlDate(today)}. Klopt dat?` });
    await question.waitFor();
    await expectNoSeriousAxeViolations(page, 'the recovery confirmation step (phone)');
    await screenshot(page, 'werknemer-betermelden-phone');
    await question.getByRole('button', { name: 'Ja, ik ben beter' }).click();

    await page.getByRole('status').filter({ hasText: `U bent beter gemeld met ingang van ${nlDate(today)}.` }).waitFor();
    await page.getByText(`U bent hersteld sinds ${nlDate(today)}.`).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Weer beter?' }).count(), 0, 'nothing left to report recovered');
    // She can report sick again (behind its button now, above the case she recovered from).
    await page.getByRole('region', { name: 'Ziek melden' }).getByRole('button', { name: 'Ziek melden' }).waitFor();
    const recovered = await latestCase(token);
    assert.equal(recovered.status, 'RECOVERED');
    assert.ok(
      recovered.recoveries.some((r) => r.recoveredOn === today && !r.resickOn),
      'recovered as of today',
    );
    await expectNoSeriousAxeViolations(page, 'Mijn verzuim after the recovery (phone)');
    await expectNoHorizontalScroll(page, 'Mijn verzuim after the recovery');
    await screenshot(page, 'werknemer-hersteld-phone');

    // In English the same page speaks English (switched back after, it is stored in her profile).
    await chooseSegment(page, 'English');
    await page.getByRole('region', { name: 'Report sick' }).getByRole('button', { name: 'Report sick' }).click();
    await page.getByText('Do not say what is wrong with you').waitFor();
    await field(page, 'First day of sickness').waitFor();
    await page.getByText(`You have recovered since`, { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the sick report form in English (phone)');
    await chooseSegment(page, 'Nederlands');
    await page.getByRole('button', { name: 'Ziekmelding versturen' }).waitFor();
  } finally {
    await context.close();
  }
});

// An employee's own sick report waits for the employer (decision 85): Sanne Verbeek
// (gezond@korenschoof.example) reports herself sick through the API; HR of De Korenschoof (the
// case has no case manager, so HR has the case manager's tasks) sees "Ziekmelding bevestigen"
// in Mijn taken, the case marked in the case list and the notice on the case page, confirms
// it, reads when, and the task is gone.
//
// Test files share one demo server in CI: a case she still has from another file is closed
// first, and hers is closed afterwards (employment ended, today), so she can report sick again.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  DESKTOP,
  apiLogin,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  gql,
  launch,
  login,
  newPage,
  screenshot,
  todayIso,
} from './helpers.mjs';

const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const SANNE = { email: 'gezond@korenschoof.example', name: 'Sanne Verbeek' };

let browser;
let caseId;
before(async () => {
  browser = await launch();
});
after(async () => {
  // Leave her not sick, for the files after this one.
  if (caseId) await closeCase(caseId).catch(() => {});
  await browser?.close();
});

async function closeCase(id) {
  const hr = await apiLogin(HR.email);
  await gql(
    'mutation ($caseId: ID!, $on: Date!) { closeCase(caseId: $caseId, reason: EMPLOYMENT_ENDED, closedOn: $on) { id status } }',
    { caseId: id, on: todayIso() },
    hr,
  );
}

/** Her latest case (the API gives an employee only his own), or undefined. */
async function latestCase(token) {
  const data = await gql('query { cases(first: 1, sort: SICK_SINCE_DESC) { edges { node { id status } } } }', {}, token);
  return data.cases.edges[0]?.node;
}

/** "Mijn taken" on the employer's start page, every task shown. */
async function myTasks(page) {
  const tasks = page.getByRole('region', { name: 'Mijn taken' });
  await tasks.getByTestId('task').first().waitFor();
  const more = tasks.getByRole('button', { name: /^Alle \d+ taken tonen$/ });
  if ((await more.count()) > 0) await more.click();
  return tasks;
}

it('HR confirms the sick report an employee made himself, and the task is gone', async () => {
  const token = await apiLogin(SANNE.email);
  const earlier = await latestCase(token);
  if (earlier && earlier.status !== 'CLOSED') await closeCase(earlier.id);
  const reported = await gql(
    'mutation ($input: ReportSickInput!) { reportSick(input: $input) { id reportedByEmployee sickReportConfirmedAt } }',
    { input: { sickSince: todayIso() } },
    token,
  );
  caseId = reported.reportSick.id;
  assert.equal(reported.reportSick.reportedByEmployee, true);
  assert.equal(reported.reportSick.sickReportConfirmedAt, null);

  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);

    // The task, named in Dutch, with a link to her case.
    let tasks = await myTasks(page);
    const task = tasks.getByTestId('task').filter({ hasText: `Ziekmelding bevestigen — ${SANNE.name}` });
    assert.equal(await task.count(), 1, 'the confirmation is a task');
    await expectNoSeriousAxeViolations(page, 'my tasks with a sick report to confirm');

    // The case list marks her case as reported by herself.
    await field(page, 'Zoek op naam').fill('Sanne');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: SANNE.name }) });
    await row.getByTestId('self-reported').filter({ hasText: 'Zelf gemeld, niet bevestigd' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the case list with a self-reported case');

    await task.getByRole('link', { name: 'Dossier openen' }).click();
    await page.waitForURL(new RegExp(`/werkgever/dossiers/${caseId}$`));
    const notice = page.getByTestId('self-report-notice');
    await notice.getByText('Zelf ziek gemeld door de werknemer — nog niet bevestigd').waitFor();
    await expectNoSeriousAxeViolations(page, 'the case page with an unconfirmed self-report');
    await screenshot(page, 'werkgever-ziekmelding-bevestigen');

    await notice.getByRole('button', { name: 'Ziekmelding bevestigen' }).click();
    await notice.getByText(/Bevestigd op /).waitFor();
    assert.match(await notice.innerText(), /Zelf ziek gemeld door de werknemer\.\s+Bevestigd op \S+ \d{1,2} \S+ \d{4}, \d{2}:\d{2}\./);
    assert.equal(await notice.getByRole('button').count(), 0, 'nothing left to confirm');
    await expectNoSeriousAxeViolations(page, 'the case page with a confirmed self-report');

    const stored = await gql('query ($id: ID!) { case(id: $id) { sickReportConfirmedAt } }', { id: caseId }, await apiLogin(HR.email));
    assert.ok(stored.case.sickReportConfirmedAt, 'the confirmation is stored');

    // Back on the start page the task is gone and the list shows the report as confirmed.
    await page.getByRole('link', { name: /Terug naar/ }).first().click();
    await page.waitForURL(/\/werkgever$/);
    tasks = await myTasks(page);
    assert.equal(await tasks.getByTestId('task').filter({ hasText: `Ziekmelding bevestigen — ${SANNE.name}` }).count(), 0, 'the task is gone');
    await field(page, 'Zoek op naam').fill('Sanne');
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: SANNE.name }) })
      .getByTestId('self-reported')
      .filter({ hasText: /^.?\s*Zelf gemeld$/ })
      .waitFor();
  } finally {
    await context.close();
  }
});

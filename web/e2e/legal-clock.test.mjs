// The legal clock beyond the common path (decision 82).
// (a) HR records a 16-week pregnancy and maternity leave (WAZO) inside Ilse Meijer's sickness
//     (week 50) under "Bijzondere situaties": the clock stands still, so the first-year
//     evaluation on the timeline moves 112 days later; removing the leave moves it back.
// (b) Willem Nijhuis (week 60), on his phone, records the day he made his WIA application in
//     "Mijn verzuim" and sees the step done.
// (c) Carolien Lammers' case (week 7): the plan of action was due two weeks after the problem
//     analysis, so the employer's case page shows it late, also on a phone, where the tab of
//     special circumstances holds without sideways scrolling.
//
// Ilse's leaves are removed before and after, so a second run on the same server starts from
// the demo data; Willem's WIA application stays recorded (a second run finds it done).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  addDays,
  DESKTOP,
  PHONE,
  apiLogin,
  expectNoHorizontalScroll,
  expectNoSeriousAxeViolations,
  expectPortal,
  field,
  gql,
  launch,
  login,
  newPage,
  nlDate,
  openCase,
  screenshot,
  todayIso,
} from './helpers.mjs';

const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const EMPLOYEE = ACCOUNTS.find((a) => a.email === 'werknemer@korenschoof.example');
const LEAVE_DAYS = 16 * 7;

/** An open case of the employer by the employee's name, with its clock, as HR reads it. */
async function caseOf(token, name) {
  const data = await gql(
    `query ($filter: CaseFilter) {
      cases(first: 20, filter: $filter) {
        edges { node { id status sickSince employee { name }
          deadlines { kind dueOn status completedOn }
          clock { leaves { id from until } } } }
      }
    }`,
    { filter: { search: name.split(' ').at(-1), status: 'OPEN' } },
    token,
  );
  const found = data.cases.edges.map((e) => e.node).find((c) => c.employee?.name === name);
  assert.ok(found, `${name} has an open case`);
  return found;
}

/** Removes every leave recorded on Ilse's case (a run that stopped half-way leaves one). */
async function removeIlseLeaves() {
  const token = await apiLogin(HR.email);
  const kase = await caseOf(token, 'Ilse Meijer');
  for (const leave of kase.clock.leaves) {
    await gql('mutation ($caseId: ID!, $leaveId: ID!) { removeLeave(caseId: $caseId, leaveId: $leaveId) { id } }', { caseId: kase.id, leaveId: leave.id }, token);
  }
}

/** The timeline's entry of a step (the first of its kind not yet done, or the only one). */
function timelineStep(page, label) {
  return page
    .getByRole('region', { name: 'Tijdlijn' })
    .getByRole('listitem')
    .filter({ has: page.getByText(label, { exact: true }) });
}

let browser;
before(async () => {
  browser = await launch();
  await removeIlseLeaves();
});
after(async () => {
  await removeIlseLeaves();
  await browser?.close();
});

it('HR records a WAZO leave and the timeline moves by its length; removing it moves it back', async () => {
  const token = await apiLogin(HR.email);
  const kase = await caseOf(token, 'Ilse Meijer');
  const firstYear = kase.deadlines.find((d) => d.kind === 'FIRST_YEAR_EVALUATION');
  assert.ok(firstYear && firstYear.status !== 'DONE', 'the first-year evaluation lies ahead');
  const from = addDays(kase.sickSince, 7);
  const until = addDays(from, LEAVE_DAYS - 1);
  const moved = addDays(firstYear.dueOn, LEAVE_DAYS);

  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await openCase(page, 'Ilse Meijer');
    const step = timelineStep(page, 'Eerstejaarsevaluatie');
    await step.getByText(`uiterlijk ${nlDate(firstYear.dueOn)}`, { exact: false }).waitFor();

    // "Bijzondere situaties": no leave yet; record 16 weeks from the second week of sickness.
    await page.getByRole('tab', { name: 'Bijzondere situaties' }).click();
    const leave = page.getByRole('region', { name: 'Zwangerschaps- en bevallingsverlof (WAZO)' });
    await leave.getByText('Er is geen verlof vastgelegd.').waitFor();
    await expectNoSeriousAxeViolations(page, 'the special circumstances tab');
    const form = leave.getByRole('form', { name: 'Verlof vastleggen' });
    await field(form, 'Eerste dag verlof').fill(from);
    await field(form, 'Laatste dag verlof').fill(until);
    await form.getByRole('button', { name: 'Verlof vastleggen' }).click();
    const period = `${nlDate(from)} t/m ${nlDate(until)}`;
    const listed = leave.getByRole('list', { name: 'Vastgelegd verlof' }).getByRole('listitem').filter({ hasText: period });
    await listed.waitFor();
    await listed.getByText(`(${LEAVE_DAYS} dagen)`).waitFor();
    await expectNoSeriousAxeViolations(page, 'the special circumstances tab with a leave');
    await screenshot(page, 'werkgever-bijzondere-situaties');

    // The clock stood still: the first-year evaluation is 112 days later on the timeline.
    await page.getByRole('tab', { name: 'Overzicht' }).click();
    await step.getByText(`uiterlijk ${nlDate(moved)}`, { exact: false }).waitFor();
    assert.equal(await step.getByText(`uiterlijk ${nlDate(firstYear.dueOn)}`, { exact: false }).count(), 0, 'the old date is gone');
    const updated = await caseOf(token, 'Ilse Meijer');
    assert.equal(updated.deadlines.find((d) => d.kind === 'FIRST_YEAR_EVALUATION').dueOn, moved, 'the server moved it by the leave');
    await expectNoSeriousAxeViolations(page, 'the overview after recording a leave');

    // Recorded by mistake: removing it (confirmed in place) moves the timeline back.
    await page.getByRole('tab', { name: 'Bijzondere situaties' }).click();
    await leave.getByRole('button', { name: `Verlof ${period} verwijderen` }).click();
    const confirm = leave.getByRole('group', { name: `Verlof van ${period} verwijderen? Doe dit alleen als het per vergissing is vastgelegd.` });
    await confirm.getByRole('button', { name: 'Verwijderen' }).click();
    await leave.getByText('Er is geen verlof vastgelegd.').waitFor();
    await page.getByRole('tab', { name: 'Overzicht' }).click();
    await step.getByText(`uiterlijk ${nlDate(firstYear.dueOn)}`, { exact: false }).waitFor();
  } finally {
    await context.close();
  }
});

it('the employee records his WIA application on his phone and sees it done', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, EMPLOYEE);
    await expectPortal(page, EMPLOYEE);
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn verzuim' }).click();
    await page.waitForURL(/\/werknemer\/mijn-verzuim$/);
    const expected = page.getByRole('region', { name: 'Wat wordt er van mij verwacht' });
    await expected.waitFor();
    await expected.getByRole('heading', { name: 'WIA-aanvraag', exact: true }).waitFor();

    const open = expected.getByRole('button', { name: 'Ik heb mijn WIA-aanvraag ingediend' });
    const done = expected.getByText(/^U heeft uw WIA-aanvraag ingediend op /);
    await open.or(done).waitFor();
    if (await open.isVisible()) {
      // First run on this server: the step is open. Record it as made today.
      await expected.getByText(/^Vraag uiterlijk .+ zelf een WIA-uitkering aan bij UWV\./).waitFor();
      await open.click();
      const form = expected.getByRole('form', { name: 'WIA-aanvraag vastleggen' });
      const date = field(form, 'Ingediend bij UWV op');
      assert.equal(await date.evaluate((el) => el === document.activeElement), true, 'focus lands on the date');
      assert.equal(await date.inputValue(), todayIso(), 'the date defaults to today');
      // The pointer still rests on the button it opened the form with; axe would measure its
      // hover colours (Mantine's light variant), not what the page shows.
      await page.mouse.move(0, 0);
      await expectNoSeriousAxeViolations(page, 'the WIA application form on a phone');
      await form.getByRole('button', { name: 'Vastleggen' }).click();
      await expected.getByText(`U heeft uw WIA-aanvraag ingediend op ${nlDate(todayIso())}.`).waitFor();
    }
    await done.waitFor();
    assert.equal(await open.count(), 0, 'nothing left to record');
    // The badge beside the step's heading says it in words.
    const wia = expected.getByRole('heading', { name: 'WIA-aanvraag', exact: true }).locator('xpath=..');
    await wia.getByText('Gedaan', { exact: true }).waitFor();
    // The timeline counts it done as well.
    await timelineStep(page, 'WIA-aanvraag').getByText(/gedaan op /).waitFor();

    // He asked another company doctor for a second opinion: he records the day (only dates).
    const second = page.getByRole('region', { name: 'Second opinion', exact: true });
    const before = await second.getByRole('article').count();
    await second.getByRole('button', { name: 'Ik heb een second opinion gevraagd' }).click();
    const secondForm = second.getByRole('group', { name: 'Aanvraag second opinion vastleggen' });
    assert.equal(await field(secondForm, 'Gevraagd op').inputValue(), todayIso(), 'the date defaults to today');
    await page.mouse.move(0, 0);
    await expectNoSeriousAxeViolations(page, 'the second opinion form on a phone');
    await secondForm.getByRole('button', { name: 'Vastleggen' }).click();
    await page.getByText('De aanvraag van de second opinion is vastgelegd.').waitFor();
    await second.getByRole('article').nth(before).getByText(`Gevraagd op ${nlDate(todayIso())}`).waitFor();

    await expectNoHorizontalScroll(page, 'Mijn verzuim with the WIA application');
    await expectNoSeriousAxeViolations(page, 'Mijn verzuim after the WIA application (phone)');
    await screenshot(page, 'werknemer-wia-aanvraag-telefoon');
  } finally {
    await context.close();
  }
});

it("Carolien's plan of action shows late on the employer's case page, also on a phone", async () => {
  const token = await apiLogin(HR.email);
  const kase = await caseOf(token, 'Carolien Lammers');
  const analysis = kase.deadlines.find((d) => d.kind === 'PROBLEM_ANALYSIS');
  assert.ok(analysis?.completedOn, 'her problem analysis is done');
  const plan = kase.deadlines.find((d) => d.kind === 'PLAN_OF_ACTION');
  assert.equal(plan.dueOn, addDays(analysis.completedOn, 14), 'the plan is due two weeks after the problem analysis');
  assert.equal(plan.status, 'OVERDUE');

  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await openCase(page, 'Carolien Lammers');
    // The next step and the sanction risk say it in words.
    await page.getByText(`Plan van aanpak, uiterlijk ${nlDate(plan.dueOn)}`).waitFor();
    await page.getByText(/Het plan van aanpak is niet op tijd ondertekend \(binnen twee weken na de probleemanalyse, uiterlijk week 8\)\./).waitFor();
    const step = timelineStep(page, 'Plan van aanpak');
    await step.getByText(`uiterlijk ${nlDate(plan.dueOn)}`, { exact: false }).waitFor();
    await step.getByText('Te laat', { exact: true }).waitFor();
    await expectNoHorizontalScroll(page, "Carolien's case page");
    await expectNoSeriousAxeViolations(page, "Carolien's case page on a phone");
    await screenshot(page, 'werkgever-plan-te-laat-telefoon');

    // The special circumstances fit a phone too.
    await page.getByRole('tab', { name: 'Bijzondere situaties' }).click();
    await page.getByRole('region', { name: 'Einde dienstverband tijdens ziekte' }).getByText('Niet vastgelegd: het dienstverband loopt door.').waitFor();
    await page.getByRole('region', { name: 'Loonsanctie van UWV' }).getByText('Er is geen loonsanctie opgelegd.').waitFor();
    await expectNoHorizontalScroll(page, 'the special circumstances tab');
    await expectNoSeriousAxeViolations(page, 'the special circumstances tab on a phone');
    await screenshot(page, 'werkgever-bijzondere-situaties-telefoon');
  } finally {
    await context.close();
  }
});

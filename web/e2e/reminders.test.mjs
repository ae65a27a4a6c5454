// 11. Reminders and scheduling.
// (a) HR of Transport Van Dijk (he is the case manager of its cases) sees "Mijn taken" on his
//     dashboard, overdue first, with Arjen Kramer's plan of action (week 9) late, and follows
//     its link to the case page.
// (b) HR of De Korenschoof changes the plan of action's reminder moments to "7, 0", sees a wrong
//     value refused in Dutch, finds the change after a reload and restores the default; the
//     company doctor is not offered for the plan of action. The case manager reads the policy
//     but cannot change it.
// (c) Carolien Lammers (an employee, week 7) on her phone sees her plan of action as a task on
//     "Mijn verzuim", switches her advance reminders off and makes a calendar address: the feed
//     is iCalendar with her task; once stopped, the address answers 404.
// (d) The agency consultant sees his track 2 tasks, without links (the agency has no case pages).
//
// The default policy of the plan of action, the employee's advance reminders and calendar feed
// are restored before and after, so a second run on the same server starts from the demo data.
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
  gql,
  launch,
  login,
  newPage,
  screenshot,
  CAROLIEN,
} from './helpers.mjs';

const HR_VANDIJK = ACCOUNTS.find((a) => a.email === 'hr@vandijk.example');
const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const CASE_MANAGER = ACCOUNTS.find((a) => a.email === 'casemanager@korenschoof.example');
const AGENCY = ACCOUNTS.find((a) => a.email === 'adviseur@werkpad.example');

/** The built-in policy of the plan of action (services/scheduling/src/policy.rs). */
const PLAN_OF_ACTION_DEFAULT = { kind: 'PLAN_OF_ACTION', enabled: true, recipients: ['CASE_MANAGER', 'EMPLOYEE'], daysBefore: [14, 3, 0], overdueEveryDays: 7 };
/** "Nog 9 dagen", "Vandaag", "5 dagen te laat": the badge says it in words. */
const DAYS_TEXT = /^(Nog \d+ dagen?|Vandaag|\d+ dagen? te laat)$/;

async function restore() {
  const hr = await apiLogin(HR.email);
  await gql('mutation ($input: ReminderPolicyInput!) { saveReminderPolicy(input: $input) { kind } }', { input: PLAN_OF_ACTION_DEFAULT }, hr);
  const carolien = await apiLogin(CAROLIEN.email);
  await gql('mutation { setAdvanceReminders(on: true) { advanceReminders } setDailyDigest(on: true) { dailyDigest } revokeCalendarFeed }', {}, carolien);
  await gql('mutation { setDigestHour(hour: 7) }', {}, hr);
}

let browser;
before(async () => {
  browser = await launch();
  await restore();
});
after(async () => {
  await restore();
  await browser?.close();
});

/** The "Mijn taken" section of the page. */
function myTasks(page) {
  return page.getByRole('region', { name: 'Mijn taken' });
}

it('HR sees his tasks on the dashboard, overdue first, and opens a case from one', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR_VANDIJK);
    await expectPortal(page, HR_VANDIJK);
    const tasks = myTasks(page);
    await tasks.getByTestId('task').first().waitFor();
    await tasks.getByText(/^\d+ (taak is|taken zijn) te laat\.$/).waitFor();

    // The list is compact; the rest unfolds.
    const more = tasks.getByRole('button', { name: /^Alle \d+ taken tonen$/ });
    assert.equal(await tasks.getByTestId('task').count(), 5, 'five tasks before "show all"');
    await more.click();
    assert.equal(await tasks.getByRole('button', { name: 'Minder taken tonen' }).getAttribute('aria-expanded'), 'true');
    const badges = await tasks.getByTestId('task-days').allInnerTexts();
    assert.ok(badges.length > 5, 'all tasks are shown');
    for (const text of badges) assert.match(text.trim(), DAYS_TEXT);
    const firstOnTime = badges.findIndex((b) => !b.includes('te laat'));
    assert.ok(firstOnTime !== 0, `the first task is overdue: ${badges.join(' | ')}`);
    if (firstOnTime > 0) assert.ok(badges.slice(firstOnTime).every((b) => !b.includes('te laat')), `overdue tasks come first: ${badges.join(' | ')}`);

    // Arjen Kramer is in week 9; his plan of action was due in week 8.
    const plan = tasks.getByTestId('task').filter({ hasText: /^Plan van aanpak — Arjen Kramer/ });
    assert.equal(await plan.count(), 1, 'Arjen Kramer\'s plan of action is a task');
    assert.match(await plan.getByTestId('task-days').innerText(), /^\d+ dagen? te laat$/);
    await plan.getByText(/^uiterlijk \S+ \d+ \S+ \d{4}$/).waitFor();
    await expectNoSeriousAxeViolations(page, 'the dashboard with my tasks');
    await screenshot(page, 'werkgever-mijn-taken');

    // The link names no employee itself (the list item does, read with it as its description).
    const link = plan.getByRole('link', { name: 'Dossier openen' });
    const description = await page.evaluate((id) => document.getElementById(id)?.textContent ?? '', await link.getAttribute('aria-describedby'));
    assert.equal(description, 'Plan van aanpak — Arjen Kramer');
    await link.click();
    await page.waitForURL(/\/werkgever\/dossiers\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 2, name: 'Arjen Kramer' }).waitFor();
  } finally {
    await context.close();
  }
});

it('HR changes when the plan of action is reminded of, and restores it; the doctor is not offered', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.getByRole('navigation').getByRole('link', { name: 'Herinneringen' }).click();
    await page.waitForURL(/\/werkgever\/herinneringen$/);
    await page.getByRole('heading', { level: 2, name: 'Herinneringen' }).waitFor();
    // Not hovering over the navigation (axe measures the hovered item's colours).
    await page.mouse.move(640, 10);
    await page.getByText('Herinneringen op en na de uiterste datum gaan altijd uit.', { exact: false }).waitFor();

    // The daily overview at eight instead of seven.
    const overview = page.getByRole('region', { name: 'Dagoverzicht' });
    const hour = overview.getByRole('combobox', { name: 'Tijdstip van het dagoverzicht' });
    assert.equal(await hour.evaluate((select) => select.selectedOptions[0]?.textContent), '07:00', 'seven by default');
    await hour.selectOption({ label: '08:00' });
    await overview.getByRole('button', { name: 'Tijdstip opslaan' }).click();
    await page.getByText('Het dagoverzicht komt voortaan om 08:00.').waitFor();
    assert.equal((await gql('{ digestHour }', {}, await apiLogin(HR.email))).digestHour, 8);

    const plan = page.getByRole('form', { name: 'Plan van aanpak', exact: true });
    await plan.waitFor();
    // Only whom the server allows: the doctor hears only of his own steps.
    assert.deepEqual(await plan.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.labels[0]?.textContent)), ['Casemanager', 'Leidinggevende', 'Werknemer']);
    assert.equal(await plan.getByRole('checkbox', { name: 'Bedrijfsarts' }).count(), 0, 'no doctor checkbox for the plan of action');
    const analysis = page.getByRole('form', { name: 'Probleemanalyse', exact: true });
    assert.equal(await analysis.getByRole('checkbox', { name: 'Bedrijfsarts' }).isChecked(), true, 'the doctor is reminded of his problem analysis');
    assert.equal(await page.getByRole('form', { name: 'Voortgangsrapportage tweede spoor' }).getByRole('checkbox', { name: 'Re-integratiebureau' }).count(), 1);

    const days = field(plan, 'Dagen vooraf');
    assert.equal(await days.inputValue(), '14, 3, 0', 'the default moments');
    assert.equal(await plan.getByRole('switch', { name: 'Herinneringen sturen' }).isChecked(), true);
    assert.equal(await plan.getByRole('checkbox', { name: 'Werknemer' }).isChecked(), true);
    await expectNoSeriousAxeViolations(page, 'the reminder policy page');
    await screenshot(page, 'werkgever-herinneringen');

    // A moment more than 90 days ahead is refused, next to the field, which gets the focus.
    await days.fill('7, 120');
    await plan.getByRole('button', { name: /^Opslaan/ }).click();
    await plan.getByText('Vul hoogstens 6 hele getallen van 0 tot en met 90 in, gescheiden door komma\'s.').waitFor();
    assert.equal(await days.getAttribute('aria-invalid'), 'true');
    assert.equal(await days.evaluate((input) => input === document.activeElement), true, 'the field in error has the focus');
    await expectNoSeriousAxeViolations(page, 'the reminder policy page with an error');

    await days.fill('0,7');
    await plan.getByRole('button', { name: /^Opslaan/ }).click();
    await page.getByText('De herinneringen voor Plan van aanpak zijn opgeslagen.').waitFor();
    assert.equal(await days.inputValue(), '7, 0', 'shown as stored: largest first');

    await page.reload();
    await plan.waitFor();
    assert.equal(await field(plan, 'Dagen vooraf').inputValue(), '7, 0', 'the change is kept');

    // Back to the default, for the next run and the other tests.
    await field(plan, 'Dagen vooraf').fill('14, 3, 0');
    await plan.getByRole('button', { name: /^Opslaan/ }).click();
    await page.getByText('De herinneringen voor Plan van aanpak zijn opgeslagen.').waitFor();
    await page.reload();
    await plan.waitFor();
    assert.equal(await field(plan, 'Dagen vooraf').inputValue(), '14, 3, 0', 'the default is back');

    const failed = page.getByRole('region', { name: 'Niet afgeleverde herinneringen' });
    await failed.getByText('Alle herinneringen en dagoverzichten zijn aangekomen.').waitFor();
  } finally {
    await context.close();
  }
});

it('the case manager reads the reminder policy but cannot change it', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, CASE_MANAGER);
    await expectPortal(page, CASE_MANAGER);
    await page.getByRole('navigation').getByRole('link', { name: 'Herinneringen' }).click();
    await page.getByText('Alleen een HR-beheerder kan ze wijzigen.', { exact: false }).waitFor();
    await page.mouse.move(640, 10);
    const plan = page.getByRole('region', { name: 'Plan van aanpak', exact: true });
    await plan.getByText('Casemanager, Werknemer').waitFor();
    await plan.getByText('14, 3, 0').waitFor();
    assert.equal(await page.getByRole('form').count(), 0, 'nothing to fill in');
    assert.equal(await page.getByRole('button', { name: /^Opslaan/ }).count(), 0, 'nothing to save');
    await expectNoSeriousAxeViolations(page, 'the reminder policy, read only');
  } finally {
    await context.close();
  }
});

it('the employee sees her task on her phone, switches off advance reminders and uses the calendar feed', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, CAROLIEN);
    await expectPortal(page, CAROLIEN);
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn verzuim' }).click();
    await page.waitForURL(/\/werknemer\/mijn-verzuim$/);

    // Her plan of action, without her own name, and a link to it further down the page.
    const task = myTasks(page).getByTestId('task').filter({ hasText: /^Plan van aanpak/ });
    await task.waitFor();
    assert.match(await task.getByTestId('task-days').innerText(), DAYS_TEXT);
    assert.ok(!(await task.innerText()).includes('Carolien'), 'her own name is not repeated');
    await expectNoSeriousAxeViolations(page, 'my tasks on Mijn verzuim (phone)');
    await expectNoHorizontalScroll(page, 'Mijn verzuim with my tasks');
    await screenshot(page, 'werknemer-mijn-taken-phone');
    await task.getByRole('link', { name: 'Bekijk in uw dossier' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'plan-heading');

    // Her account page: one e-mail per step instead of the daily overview, advance reminders
    // off (both kept after a reload).
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Beveiliging en meldingen' }).click();
    await page.waitForURL(/\/werknemer\/beveiliging$/);
    const digest = page.getByRole('switch', { name: 'Eén overzicht per dag' });
    await digest.waitFor();
    assert.equal(await digest.isChecked(), true, 'the daily overview is the default');
    await digest.uncheck();
    await page.getByText('U krijgt voortaan een e-mail per stap.').waitFor();
    const advance = page.getByRole('switch', { name: 'Herinneringen vooraf' });
    await advance.waitFor();
    assert.equal(await advance.isChecked(), true, 'advance reminders are on by default');
    await page.getByText('Op de uiterste datum zelf en daarna', { exact: false }).waitFor();
    await advance.uncheck();
    await page.getByText('U krijgt geen herinneringen vooraf meer.', { exact: false }).waitFor();
    await page.reload();
    await advance.waitFor();
    assert.equal(await advance.isChecked(), false, 'the choice is kept');
    assert.equal(await digest.isChecked(), false, 'the choice is kept');
    const settings = await gql('{ notificationSettings { dailyDigest advanceReminders } }', {}, await apiLogin(CAROLIEN.email));
    assert.deepEqual(settings.notificationSettings, { dailyDigest: false, advanceReminders: false });

    // The calendar feed: an address shown once, with a copy button and the note that it is secret.
    const calendar = page.getByRole('region', { name: 'Agenda-koppeling' });
    await calendar.getByText('U heeft nog geen agenda-koppeling.').waitFor();
    await calendar.getByRole('button', { name: 'Agenda-adres maken' }).click();
    const url = (await calendar.getByTestId('calendar-url').innerText()).trim();
    assert.match(url, /\/api\/calendar\/[\w-]+\.ics$/);
    await calendar.getByRole('button', { name: 'Kopiëren' }).waitFor();
    await calendar.getByText('Dit adres is geheim', { exact: false }).waitFor();
    await calendar.getByText(/^Uw agenda-koppeling bestaat sinds /).waitFor();
    await expectNoSeriousAxeViolations(page, 'notification settings with a calendar address (phone)');
    await expectNoHorizontalScroll(page, 'the account page with a calendar address');
    await screenshot(page, 'werknemer-agenda-koppeling-phone');

    // The address carries the server's public URL; the test server listens elsewhere.
    const feed = `${BASE_URL}${new URL(url).pathname}`;
    const res = await fetch(feed);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/calendar/);
    const ics = await res.text();
    assert.ok(ics.includes('BEGIN:VEVENT'), 'the feed has her task as an event');
    assert.match(ics, /SUMMARY:Plan van aanpak/);

    // Stopping it, after a confirmation: the address no longer answers.
    await calendar.getByRole('button', { name: 'Koppeling stoppen' }).click();
    await calendar.getByRole('button', { name: 'Ja, koppeling stoppen' }).click();
    await page.getByText('De agenda-koppeling is gestopt.').waitFor();
    await calendar.getByText('U heeft nog geen agenda-koppeling.').waitFor();
    assert.equal(await calendar.getByTestId('calendar-url').count(), 0, 'the address is no longer shown');
    assert.equal((await fetch(feed)).status, 404, 'a stopped address answers 404');

    // Advance reminders on again, as the demo has them.
    await advance.check();
    await page.getByText('U krijgt weer herinneringen vooraf.').waitFor();
  } finally {
    await context.close();
  }
});

it('the agency consultant sees his track 2 tasks, each linking to its case page', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, AGENCY);
    await expectPortal(page, AGENCY);
    const tasks = myTasks(page);
    await tasks.getByTestId('task').first().waitFor();
    await tasks.getByTestId('task').filter({ hasText: 'Voortgangsrapportage tweede spoor' }).first().waitFor();
    const links = tasks.getByRole('link', { name: 'Dossier openen' });
    assert.equal(await links.count(), await tasks.getByTestId('task').count(), 'every task links to its case');
    assert.match(await links.first().getAttribute('href'), /^\/re-integratie\/dossiers\/[0-9a-f-]+$/, 'to the case page of the agency portal');
    await expectNoSeriousAxeViolations(page, 'the agency start page with tasks');
  } finally {
    await context.close();
  }
});

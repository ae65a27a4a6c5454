// Verzuimcijfers: the employer's absence figures (national definitions, groups of 5 or more).
// (a) HR opens the portal on the key figures of this quarter (today's work right under them),
//     goes to "Verzuimcijfers", reads tiles, chart, tables, switches the period kind, the year
//     and the department; a department under 5 employees shows the "too few" message and no
//     number; the numbers follow the language (English: decimal point).
// (b) The same page on a phone: tiles stacked, tables scroll inside their box, the page not.
// (c) The line manager sees his team and his own department only.
//
// Every figure the page shows is compared with what the API answers for the same group and
// period. The setup makes sure there is a department of the line manager with 5 or more
// employees, one of nobody's with 5 or more and one under 5: the demo's own when it has them,
// else made through the API from employees without a department (their line manager stays).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
  DESKTOP,
  PHONE,
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
  screenshot,
} from './helpers.mjs';

const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const MANAGER = ACCOUNTS.find((a) => a.email === 'leidinggevende@korenschoof.example');
const TOO_FEW = 'Te weinig medewerkers om cijfers te tonen (minder dan 5).';
const TOO_FEW_ROW = 'Te weinig medewerkers (minder dan 5)';
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
/** Names of the departments the setup makes when the demo has none that fit. */
const MADE = { own: 'Cijfers Expeditie', other: 'Cijfers Winkel', small: 'Cijfers Kantoor' };

const FIELDS = 'available absencePercentage reportFrequency averageDurationDays zeroAbsencePercentage longTermPercentage headcount';
const SERIES = `query ($from: Date!, $to: Date!, $period: FiguresPeriod!, $departmentId: ID) {
  absenceFigureSeries(from: $from, to: $to, period: $period, departmentId: $departmentId) { from to figures { ${FIELDS} } previous { ${FIELDS} } }
}`;
const BY_DEPARTMENT = `query ($from: Date!, $to: Date!) {
  absenceFiguresByDepartment(from: $from, to: $to) { department { id name parentId managerUserId } figures { ${FIELDS} } }
}`;

/** A percentage as the Dutch (or English) page writes it: "12,3%". */
function percent(value, locale = 'nl-NL') {
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)}%`;
}

const pad = (n) => String(n).padStart(2, '0');
const now = new Date();
const YEAR = now.getFullYear();
/** This year, as the page asks it: months and quarters of one calendar year. */
const THIS_YEAR = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
/** The current quarter (the period the key figures and the department table are of). */
function currentQuarter() {
  const first = Math.floor(now.getMonth() / 3) * 3;
  const last = new Date(Date.UTC(YEAR, first + 3, 0)).getUTCDate();
  return { from: `${YEAR}-${pad(first + 1)}-01`, to: `${YEAR}-${pad(first + 3)}-${pad(last)}`, n: first / 3 + 1 };
}
const QUARTER = currentQuarter();
const QUARTER_LABEL = `${QUARTER.n}e kwartaal ${YEAR}`;
const MONTH_LABEL = `${MONTHS[now.getMonth()]} ${YEAR}`;

async function series(token, period, departmentId = null, span = THIS_YEAR) {
  return (await gql(SERIES, { ...span, period, departmentId }, token)).absenceFigureSeries;
}

/**
 * Departments for the test: `own` (the line manager's, 5 or more), `other` (not his, 5 or
 * more) and `small` (under 5), with their figures over the current quarter.
 */
async function prepareDepartments() {
  const hr = await apiLogin(HR.email);
  const manager = await apiLogin(MANAGER.email);
  const { users } = await gql('{ users { id email } }', {}, hr);
  const managerId = users.find((u) => u.email === MANAGER.email).id;
  const find = async () => {
    const rows = (await gql(BY_DEPARTMENT, { from: QUARTER.from, to: QUARTER.to }, hr)).absenceFiguresByDepartment;
    return {
      rows,
      own: rows.find((r) => r.department.managerUserId === managerId && r.figures.available),
      other: rows.find((r) => r.department.managerUserId !== managerId && r.figures.available),
      small: rows.find((r) => !r.figures.available),
    };
  };
  let found = await find();
  if (!(found.own && found.other && found.small)) {
    const { departments } = await gql('{ departments { id name } }', {}, hr);
    const employees = (await gql('{ employees(first: 200) { nodes { id departmentId } } }', {}, hr)).employees.nodes;
    const team = new Set((await gql('{ employees(first: 200) { nodes { id } } }', {}, manager)).employees.nodes.map((e) => e.id));
    const free = employees.filter((e) => !e.departmentId);
    const freeTeam = free.filter((e) => team.has(e.id));
    const freeOthers = free.filter((e) => !team.has(e.id));
    const make = async (name, managerUserId, people) => {
      const id =
        departments.find((d) => d.name === name)?.id ??
        (await gql('mutation ($input: DepartmentInput!) { createDepartment(input: $input) { id } }', { input: { name, managerUserId } }, hr)).createDepartment.id;
      for (const e of people) {
        await gql('mutation ($id: ID!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $input) { id } }', { id: e.id, input: { departmentId: id } }, hr);
      }
    };
    if (!found.own) {
      assert.ok(freeTeam.length >= 5, `five of the line manager's people without a department (${freeTeam.length})`);
      await make(MADE.own, managerId, freeTeam.slice(0, 6));
    }
    if (!found.other) {
      assert.ok(freeOthers.length >= 5, `five employees of no line manager without a department (${freeOthers.length})`);
      await make(MADE.other, null, freeOthers.splice(0, 6));
    }
    // Two people, or none left: either way under five.
    if (!found.small) await make(MADE.small, null, freeOthers.splice(0, 2));
    found = await find();
  }
  assert.ok(found.own && found.other && found.small, 'the departments the test needs');
  return { ...found, managerId };
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A table row (or select option) names a department; a department under another names that too. */
function startsWith(name) {
  return new RegExp(`^${escape(name)}`);
}

/** The department's option in the "Afdeling" choice: "Name", or "Name (Parent)" under another. */
function optionLabel(department) {
  const parent = setup.rows.find((r) => r.department.id === department.parentId)?.department;
  return parent ? `${department.name} (${parent.name})` : department.name;
}

/** The key-figure tile of one figure (its list item). */
function tile(scope, label) {
  return scope.getByRole('listitem').filter({ hasText: label });
}

/** The row of a table by the text of its row header. */
function row(table, name) {
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name }) });
}

let browser;
let setup;
before(async () => {
  browser = await launch();
  setup = await prepareDepartments();
});
after(async () => {
  await browser?.close();
});

it('HR opens on the key figures, switches period and department, and never sees a figure of a small group', async () => {
  const token = await apiLogin(HR.email);
  const quarterly = await series(token, 'QUARTER');
  const current = quarterly.at(-1);
  assert.equal(current.from, QUARTER.from, 'the series ends with the current quarter');
  assert.ok(current.figures.available, 'the employer has figures');

  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    // The start page opens on this quarter's key figures; today's work is right under them.
    const summary = page.getByRole('region', { name: 'Verzuimcijfers', exact: true });
    await summary.getByText(`${QUARTER_LABEL}, tot en met vandaag — Hele organisatie`).waitFor();
    await tile(summary, 'Verzuimpercentage').getByText(percent(current.figures.absencePercentage), { exact: true }).waitFor();
    if (current.previous.available) {
      await tile(summary, 'Verzuimpercentage')
        .getByText(/(\d+,\d procentpunt (hoger|lager) dan vorig kwartaal|Gelijk aan vorig kwartaal)$/)
        .waitFor();
      await tile(summary, 'Verzuimpercentage').getByText(`Vorig kwartaal: ${percent(current.previous.absencePercentage)}`).waitFor();
    }
    await page.getByRole('region', { name: 'Verzuimdossiers, pagina 1' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the employer start page with the key figures');
    await screenshot(page, 'werkgever-start-verzuimcijfers');

    // The figures page: per quarter of this year, the whole organisation.
    await page.getByRole('navigation').getByRole('link', { name: 'Verzuimcijfers' }).click();
    await page.waitForURL(/\/werkgever\/verzuimcijfers$/);
    // The pointer would rest on the link; axe would measure its hover colours.
    await page.mouse.move(0, 0);
    await page.getByRole('heading', { level: 2, name: 'Verzuimcijfers' }).waitFor();
    const key = page.getByRole('region', { name: `Kerncijfers ${QUARTER_LABEL}` });
    const value = tile(key, 'Verzuimpercentage').getByText(percent(current.figures.absencePercentage), { exact: true });
    await value.waitFor();
    assert.equal(await key.getByRole('listitem').count(), 5, 'five key figures');
    await key.getByText(`Gemiddeld ${new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 }).format(current.figures.headcount)} medewerkers in deze periode.`).waitFor();
    await page.getByRole('img', { name: `Staafdiagram van het verzuimpercentage per kwartaal, ${YEAR}, Hele organisatie. Dezelfde cijfers staan in de tabel eronder.` }).waitFor();
    const perQuarter = page.getByRole('region', { name: `Verzuimcijfers per kwartaal, ${YEAR}, Hele organisatie` });
    assert.equal(await perQuarter.getByRole('row').count(), quarterly.length + 1, 'a row per quarter begun');
    await row(perQuarter, new RegExp(`^${QUARTER_LABEL}`)).getByRole('cell', { name: percent(current.figures.absencePercentage), exact: true }).first().waitFor();

    // Per department over the same quarter: figures for a large one, none for a small one.
    const departments = page.getByRole('region', { name: `Verzuimcijfers per afdeling, ${QUARTER_LABEL}` });
    await row(departments, startsWith(setup.own.department.name))
      .getByRole('cell', { name: percent(setup.own.figures.absencePercentage), exact: true })
      .first()
      .waitFor();
    const smallRow = row(departments, startsWith(setup.small.department.name));
    await smallRow.getByText(TOO_FEW_ROW).waitFor();
    assert.doesNotMatch(await smallRow.innerText(), /\d+,\d/, 'no number for a department under five');
    await page.getByRole('region', { name: 'Hoe berekend' }).getByText('Een groep van minder dan 5 medewerkers krijgt geen cijfers', { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page, 'Verzuimcijfers per quarter');
    await screenshot(page, 'werkgever-verzuimcijfers');

    // Per month: the key figures are this month's, the table has a row per month begun.
    const monthly = await series(token, 'MONTH');
    await chooseSegment(page, 'Maand');
    await page.waitForURL(/periode=maand/);
    const monthKey = page.getByRole('region', { name: `Kerncijfers ${MONTH_LABEL}` });
    await monthKey.getByRole('listitem').first().waitFor();
    if (monthly.at(-1).figures.available) {
      await tile(monthKey, 'Verzuimpercentage').getByText(percent(monthly.at(-1).figures.absencePercentage), { exact: true }).waitFor();
    }
    const perMonth = page.getByRole('region', { name: `Verzuimcijfers per maand, ${YEAR}, Hele organisatie` });
    await perMonth.waitFor();
    assert.equal(await perMonth.getByRole('row').count(), monthly.length + 1, 'a row per month begun');

    // One department: its own figures, per month.
    const ownMonthly = await series(token, 'MONTH', setup.own.department.id);
    await field(page, 'Afdeling').selectOption({ label: optionLabel(setup.own.department) });
    await page.waitForURL(new RegExp(`afdeling=${setup.own.department.id}`));
    await page.getByRole('region', { name: `Verzuimcijfers per maand, ${YEAR}, ${setup.own.department.name}` }).waitFor();
    if (ownMonthly.at(-1).figures.available) {
      await tile(monthKey, 'Verzuimpercentage').getByText(percent(ownMonthly.at(-1).figures.absencePercentage), { exact: true }).waitFor();
    }

    // The small department: the message, no tile and no number anywhere in its figures.
    await field(page, 'Afdeling').selectOption({ label: optionLabel(setup.small.department) });
    await monthKey.getByText(setup.small.department.name, { exact: true }).waitFor();
    await monthKey.getByText(TOO_FEW, { exact: true }).waitFor();
    assert.equal(await monthKey.getByRole('listitem').count(), 0, 'no key figures for a group under five');
    assert.doesNotMatch(await monthKey.innerText(), /\d+,\d|%/, 'no figure for a group under five');
    const course = page.getByRole('region', { name: `Verloop per maand, ${YEAR}` });
    await course.getByText(TOO_FEW, { exact: true }).waitFor();
    assert.equal(await course.getByRole('img').count(), 0, 'no chart for a group under five');
    await expectNoSeriousAxeViolations(page, 'Verzuimcijfers of a department under five');

    // Per year: five years up to this one, the whole organisation again.
    await field(page, 'Afdeling').selectOption({ label: 'Hele organisatie' });
    await chooseSegment(page, 'Jaar');
    await page.waitForURL(/periode=jaar/);
    await field(page, 'Jaren').waitFor();
    const yearly = await series(token, 'YEAR', null, { from: `${YEAR - 4}-01-01`, to: `${YEAR}-12-31` });
    const perYear = page.getByRole('region', { name: `Verzuimcijfers per jaar, ${YEAR - 4} t/m ${YEAR}, Hele organisatie` });
    await perYear.waitFor();
    assert.equal(await perYear.getByRole('row').count(), yearly.length + 1, 'a row per year');
    await tile(page.getByRole('region', { name: `Kerncijfers ${YEAR}` }), 'Verzuimpercentage')
      .getByText(percent(yearly.at(-1).figures.absencePercentage), { exact: true })
      .waitFor();
    await expectNoSeriousAxeViolations(page, 'Verzuimcijfers per year');

    // Last year, per quarter: the key figures are of its last quarter.
    await chooseSegment(page, 'Kwartaal');
    await field(page, 'Kalenderjaar').selectOption(String(YEAR - 1));
    await page.getByRole('region', { name: `Kerncijfers 4e kwartaal ${YEAR - 1}` }).waitFor();
    await page.getByRole('region', { name: `Verzuimcijfers per kwartaal, ${YEAR - 1}, Hele organisatie` }).waitFor();

    // English: the same figure with a decimal point.
    await field(page, 'Kalenderjaar').selectOption(String(YEAR));
    await chooseSegment(page, 'English');
    try {
      const english = page.getByRole('region', { name: `Key figures Q${QUARTER.n} ${YEAR}` });
      await tile(english, 'Absence rate').getByText(percent(current.figures.absencePercentage, 'en-GB'), { exact: true }).waitFor();
    } finally {
      // The choice is stored in HR's profile too: back to Dutch for the other tests.
      await chooseSegment(page, 'Nederlands');
      await page.getByRole('heading', { level: 2, name: 'Verzuimcijfers' }).waitFor();
    }
  } finally {
    await context.close();
  }
});

it('HR reads the figures on a phone: tiles stacked, tables scroll in their box', async () => {
  const token = await apiLogin(HR.email);
  const current = (await series(token, 'QUARTER')).at(-1);
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    const summary = page.getByRole('region', { name: 'Verzuimcijfers', exact: true });
    await tile(summary, 'Verzuimpercentage').getByText(percent(current.figures.absencePercentage), { exact: true }).waitFor();
    await expectNoHorizontalScroll(page, 'the employer start page');
    await expectNoSeriousAxeViolations(page, 'the employer start page (phone)');

    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Verzuimcijfers' }).click();
    await page.waitForURL(/\/werkgever\/verzuimcijfers$/);
    // The pointer would rest on the link; axe would measure its hover colours.
    await page.mouse.move(0, 0);
    const key = page.getByRole('region', { name: `Kerncijfers ${QUARTER_LABEL}` });
    await tile(key, 'Verzuimpercentage').getByText(percent(current.figures.absencePercentage), { exact: true }).waitFor();
    // Stacked: every tile as wide as the first, one under the other.
    const boxes = await key.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getBoundingClientRect().toJSON()));
    assert.equal(boxes.length, 5);
    for (let i = 1; i < boxes.length; i += 1) {
      assert.ok(boxes[i].top >= boxes[i - 1].bottom, 'the tiles stack on a phone');
      assert.equal(Math.round(boxes[i].width), Math.round(boxes[0].width));
    }
    const chart = page.getByRole('img', { name: /^Staafdiagram van het verzuimpercentage per kwartaal/ });
    const chartBox = await chart.boundingBox();
    assert.ok(chartBox && chartBox.width <= PHONE.width, `the chart fits the phone (${chartBox?.width}px)`);
    await page.getByRole('region', { name: `Verzuimcijfers per afdeling, ${QUARTER_LABEL}` }).getByText(TOO_FEW_ROW).first().waitFor();
    await expectNoHorizontalScroll(page, 'Verzuimcijfers');
    await expectNoSeriousAxeViolations(page, 'Verzuimcijfers (phone)');
    await screenshot(page, 'werkgever-verzuimcijfers-telefoon');
  } finally {
    await context.close();
  }
});

it('the line manager sees his team and his own department only', async () => {
  const token = await apiLogin(MANAGER.email);
  const team = (await series(token, 'QUARTER')).at(-1);
  const mine = (await gql(BY_DEPARTMENT, { from: QUARTER.from, to: QUARTER.to }, token)).absenceFiguresByDepartment;
  assert.ok(mine.length > 0 && mine.every((r) => r.department.managerUserId === setup.managerId), 'the API gives him his own departments');
  assert.ok(mine.some((r) => r.department.id === setup.own.department.id), 'his department is among them');
  const others = setup.rows.filter((r) => r.department.managerUserId !== setup.managerId).map((r) => r.department.name);

  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, MANAGER);
    await expectPortal(page, MANAGER);
    const summary = page.getByRole('region', { name: 'Verzuimcijfers', exact: true });
    await summary.getByText(`${QUARTER_LABEL}, tot en met vandaag — Mijn team`).waitFor();
    if (team.figures.available) {
      await tile(summary, 'Verzuimpercentage').getByText(percent(team.figures.absencePercentage), { exact: true }).waitFor();
    }

    await page.getByRole('navigation').getByRole('link', { name: 'Verzuimcijfers' }).click();
    await page.waitForURL(/\/werkgever\/verzuimcijfers$/);
    // The pointer would rest on the link; axe would measure its hover colours.
    await page.mouse.move(0, 0);
    const departments = page.getByRole('region', { name: `Verzuimcijfers per afdeling, ${QUARTER_LABEL}` });
    await row(departments, startsWith(setup.own.department.name))
      .getByRole('cell', { name: percent(setup.own.figures.absencePercentage), exact: true })
      .first()
      .waitFor();
    assert.equal(await departments.getByRole('row').count(), mine.length + 1, 'only his departments');
    // The first line of a row header is the department's name (a second says what it is part of).
    const listed = (await departments.getByRole('rowheader').allInnerTexts()).map((text) => text.split('\n')[0].trim());
    for (const name of others) assert.ok(!listed.includes(name), `"${name}" is not his`);

    // His choice: his team or one of his departments, nothing else.
    const choice = field(page, 'Afdeling');
    const offered = await choice.locator('option').allInnerTexts();
    assert.equal(offered[0], 'Mijn team');
    assert.equal(offered.length, mine.length + 1, `his team and his departments, got ${offered}`);
    for (const name of others) assert.ok(!offered.some((o) => o === name || o.startsWith(`${name} (`)), `"${name}" is not offered`);
    await choice.selectOption({ label: optionLabel(setup.own.department) });
    const key = page.getByRole('region', { name: `Kerncijfers ${QUARTER_LABEL}` });
    await key.getByText(setup.own.department.name, { exact: true }).waitFor();
    const own = (await series(token, 'QUARTER', setup.own.department.id)).at(-1);
    await tile(key, 'Verzuimpercentage').getByText(percent(own.figures.absencePercentage), { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, "the line manager's Verzuimcijfers");
    await screenshot(page, 'werkgever-verzuimcijfers-leidinggevende');
  } finally {
    await context.close();
  }
});

// Employees in bulk and one by one (HR of De Korenschoof):
// (a) imports a generated CSV of 200 employees (Dutch headers, semicolons, a BOM, three new
//     departments) through the dry run: a file with mistakes first shows them per line, the good
//     file's dry run says 200 new, the import confirms it, the list has them, and a second dry
//     run of the same file says nothing is new;
// (b) the import page at phone width;
// (c) builds a small department tree (a parent with a line manager, a child under it) and
//     changes a new employee's department and hours, then his line manager: the form shows his
//     current state each time it opens (following the department, a named one, none) and the
//     list shows his line manager;
// (d) exports the case list as CSV with the Dutch headers.
//
// Test files share one demo server in CI: every personnel number, name and department carries
// this run's stamp, and the demo employees and departments are left as they are.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import {
  ACCOUNTS,
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
} from './helpers.mjs';

const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const STAMP = Date.now().toString(36);
const COUNT = 200;
const DEPARTMENTS = ['Bakkerij', 'Winkel', 'Logistiek'].map((d) => `Import ${STAMP} ${d}`);
const CONTRACTS = ['vast', 'tijdelijk', 'oproep', 'uitzend'];
const HEADER = 'personeelsnummer;naam;e-mail;afdeling;uren per week;in dienst;uit dienst;contract';
const BOM = '\uFEFF';

/** "Aafje Import <stamp> 001": sorts before the demo employees, so it is on the list's first page. */
const nameOf = (i) => `Aafje Import ${STAMP} ${String(i).padStart(3, '0')}`;
const numberOf = (i) => `IMP-${STAMP}-${String(i).padStart(3, '0')}`;

/** The good file: 200 rows, some with a decimal comma, both date notations and an end date. */
function goodCsv() {
  const lines = [HEADER];
  for (let i = 1; i <= COUNT; i++) {
    const hours = i % 3 === 0 ? '32,5' : String(16 + (i % 25));
    const since = i % 2 === 0 ? '01-03-2026' : '2025-09-01';
    const until = i % 4 === 1 ? '31-08-2027' : '';
    lines.push([numberOf(i), nameOf(i), `imp-${STAMP}-${i}@voorbeeld.nl`, DEPARTMENTS[i % 3], hours, since, until, CONTRACTS[i % 4]].join(';'));
  }
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A file with a mistake on lines 3, 4, 5 and 6 (the header is line 1). */
function badCsv() {
  const lines = [
    HEADER,
    `${numberOf(1)};${nameOf(1)};;${DEPARTMENTS[0]};32;01-03-2026;;vast`,
    `${numberOf(2)};${nameOf(2)};geen-e-mailadres;${DEPARTMENTS[0]};32;01-03-2026;;vast`,
    `${numberOf(3)};${nameOf(3)};;${DEPARTMENTS[1]};24;31-02-2026;;vast`,
    `${numberOf(4)};${nameOf(4)};;${DEPARTMENTS[1]};24;2026-03-01;;freelance`,
    `${numberOf(1)};${nameOf(5)};;${DEPARTMENTS[2]};24;2026-03-01;;tijdelijk`,
  ];
  return Buffer.from(`${BOM}${lines.join('\n')}\n`, 'utf8');
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Chooses a file in the import page's file input. */
async function chooseFile(page, name, buffer) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

async function checkFile(page) {
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
}

/** The import page's status line, once it says something other than "checking". */
async function importStatus(page, expected) {
  const status = page.getByTestId('import-status');
  await status.filter({ hasText: expected }).waitFor();
  return status.innerText();
}

/** An employee as stored, by id (the API pages the list). */
async function storedEmployee(token, id) {
  let after = null;
  for (;;) {
    const { employees } = await gql(
      'query ($after: String) { employees(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id departmentId managerUserId managerFollowsDepartment hoursPerWeek contractType } } }',
      { after },
      token,
    );
    const found = employees.nodes.find((e) => e.id === id);
    if (found) return found;
    assert.ok(employees.pageInfo.hasNextPage, `employee ${id} is in the list`);
    after = employees.pageInfo.endCursor;
  }
}

function countFrom(text) {
  const match = text.match(/(\d+)\s+medewerker/);
  assert.ok(match, `employee count shown, got "${text}"`);
  return Number(match[1]);
}

/** A row's cells as one line each ("Lotte Geerts volgt afdeling"). */
async function cellTexts(row) {
  return (await row.getByRole('cell').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Opens the edit form of `name` from the employees list. */
async function openEditForm(page, name) {
  const row = await findRow(page, name);
  await row.getByRole('button', { name: `${name} wijzigen` }).click();
  const dialog = page.getByRole('dialog', { name: `${name} wijzigen` });
  await dialog.waitFor();
  return dialog;
}

async function saveEditForm(dialog) {
  await dialog.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The edit form's line manager choice shows exactly `label`. */
async function expectManagerShown(dialog, label) {
  const select = field(dialog, 'Leidinggevende');
  await select.locator('option:checked').filter({ hasText: label }).waitFor({ state: 'attached' });
  assert.equal(await select.evaluate((s) => s.selectedOptions[0]?.text), label);
}

async function employeeCount(page) {
  const status = page.getByRole('status').filter({ hasText: /\d+ medewerker/ });
  await status.waitFor();
  return countFrom(await status.innerText());
}

/** The employees list's row of `name`, paging on until it is there. */
async function findRow(page, name) {
  await page.getByRole('rowheader').first().waitFor();
  for (;;) {
    const header = page.getByRole('rowheader', { name, exact: true });
    if ((await header.count()) === 1) return page.getByRole('row').filter({ has: header });
    const next = page.getByRole('button', { name: 'Volgende' });
    assert.ok((await next.count()) === 1 && (await next.isEnabled()), `"${name}" appears in the employee list`);
    // The caption changes at once, the rows when the next page has come: wait for the rows.
    const first = await page.getByRole('rowheader').first().textContent();
    await next.click();
    await page.waitForFunction((old) => document.querySelector('tbody th')?.textContent !== old, first);
  }
}

it('HR imports 200 employees through a dry run, after a file with mistakes', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.getByRole('navigation').getByRole('link', { name: 'Medewerkers' }).click();
    await page.waitForURL(/\/werkgever\/medewerkers$/);
    const before = await employeeCount(page);

    await page.getByRole('link', { name: 'Importeren (CSV)' }).click();
    await page.waitForURL(/\/werkgever\/medewerkers\/importeren$/);
    await page.getByRole('heading', { level: 2, name: 'Medewerkers importeren' }).waitFor();
    // Both sets of column names, each with a copyable example.
    const examples = page.getByTestId('import-example');
    assert.equal(await examples.count(), 2);
    assert.match(await examples.nth(0).innerText(), /^personeelsnummer;naam;e-mail;afdeling;uren per week;in dienst;uit dienst;contract/);
    assert.match(await examples.nth(1).innerText(), /^employeeNumber,name,email,department,hoursPerWeek,employedSince,employedUntil,contractType/);
    assert.equal(await page.getByRole('button', { name: 'Voorbeeld kopiëren' }).count(), 2);
    // Nothing to import before a clean dry run.
    assert.equal(await page.getByRole('button', { name: 'Importeren', exact: true }).count(), 0);
    await expectNoSeriousAxeViolations(page, 'the import page');

    // A file with mistakes: every problem with its line, nothing saved, no import offered.
    await chooseFile(page, 'medewerkers-fout.csv', badCsv());
    await checkFile(page);
    const refused = await importStatus(page, /problemen/);
    assert.match(refused, /Het bestand bevat 4 problemen\. Er is niets opgeslagen\./);
    const problems = page.getByTestId('import-problem');
    const rows = await problems.allInnerTexts();
    assert.equal(rows.length, 4, rows.join('\n'));
    assert.match(rows[0], /^3\s+e-mail\s+Dit is geen geldig e-mailadres\./);
    assert.match(rows[1], /^4\s+in dienst\s+Dit is geen datum\./);
    assert.match(rows[2], /^5\s+contract\s+Onbekend contract\./);
    assert.match(rows[3], /^6\s+personeelsnummer\s+Dit personeelsnummer staat ook op een eerdere regel\./);
    assert.equal(await page.getByRole('button', { name: 'Importeren', exact: true }).count(), 0);
    await expectNoSeriousAxeViolations(page, 'the import page with problems per line');
    await screenshot(page, 'werkgever-import-fouten');

    // The good file: choosing it clears the old answer; the dry run says what would happen.
    await chooseFile(page, 'medewerkers.csv', goodCsv());
    assert.equal(await problems.count(), 0, 'another file clears the problems');
    await checkFile(page);
    const checked = await importStatus(page, /in orde/);
    assert.match(checked, /200 nieuw, 0 bijgewerkt, 3 afdelingen nieuw/);
    assert.match(checked, /Er is nog niets opgeslagen/);
    const confirm = page.getByRole('button', { name: 'Importeren', exact: true });
    await confirm.waitFor();
    await expectNoSeriousAxeViolations(page, 'the import page after a clean dry run');

    // Nothing was written by the dry run.
    const token = await apiLogin(HR.email);
    const total = async () => (await gql('query { employees(first: 1) { totalCount } }', {}, token)).employees.totalCount;
    assert.equal(await total(), before, 'the dry run wrote nothing');

    await confirm.click();
    const done = await importStatus(page, /Geïmporteerd/);
    assert.match(done, /Geïmporteerd: 200 nieuw, 0 bijgewerkt, 3 afdelingen nieuw\./);
    assert.equal(await confirm.count(), 0, 'no second import of the same dry run');
    assert.equal(await total(), before + COUNT);
    await expectNoSeriousAxeViolations(page, 'the import page after the import');
    await screenshot(page, 'werkgever-import-klaar');

    // The same file again: nothing new, nothing to import.
    await checkFile(page);
    const again = await importStatus(page, /in orde/);
    assert.match(again, /0 nieuw, 0 bijgewerkt, 0 afdelingen nieuw/);
    assert.match(again, /Importeren verandert niets/);
    assert.equal(await page.getByRole('button', { name: 'Importeren', exact: true }).count(), 0);

    // The list has them, with department, hours, contract and the dates.
    await page.getByRole('link', { name: 'Terug naar medewerkers' }).click();
    await page.waitForURL(/\/werkgever\/medewerkers$/);
    await page.getByRole('status').filter({ hasText: `${before + COUNT} medewerkers` }).waitFor();
    const row = await findRow(page, nameOf(3));
    const cells = await cellTexts(row);
    // A new department has no line manager yet; the employee follows it.
    assert.deepEqual(cells.slice(0, 8), [numberOf(3), DEPARTMENTS[0], '– volgt afdeling', '32,5', 'Uitzendkracht', 'ma 1 sep 2025', '–', `imp-${STAMP}-3@voorbeeld.nl`]);
    await expectNoSeriousAxeViolations(page, 'the employees list after the import');
  } finally {
    await context.close();
  }
});

it('the import page works at phone width', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.goto('/werkgever/medewerkers/importeren');
    await page.getByRole('heading', { level: 2, name: 'Medewerkers importeren' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the import page (phone)');
    await expectNoHorizontalScroll(page, 'the import page');
    await chooseFile(page, 'medewerkers-fout.csv', badCsv());
    await checkFile(page);
    await importStatus(page, /problemen/);
    await expectNoSeriousAxeViolations(page, 'the import page with problems (phone)');
    await expectNoHorizontalScroll(page, 'the import page with problems');
    await screenshot(page, 'werkgever-import-telefoon');
  } finally {
    await context.close();
  }
});

it('HR builds departments and changes an employee\'s department, hours and line manager', async () => {
  const token = await apiLogin(HR.email);
  const name = `Aabel Wijzig ${STAMP}`;
  const created = await gql(
    'mutation ($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }',
    { input: { name, employeeNumber: `WIJZIG-${STAMP}` } },
    token,
  );
  const employeeId = created.createEmployee.id;
  const parent = `Productie ${STAMP}`;
  const child = `Deeg ${STAMP}`;

  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.goto('/werkgever/medewerkers');
    await page.getByRole('link', { name: 'Afdelingen' }).click();
    await page.waitForURL(/\/werkgever\/medewerkers\/afdelingen$/);
    await page.getByRole('heading', { level: 2, name: 'Afdelingen' }).waitFor();

    // A department with a line manager (without employees: the demo data stays as it is).
    await page.getByRole('button', { name: 'Afdeling toevoegen' }).click();
    let dialog = page.getByRole('dialog', { name: 'Afdeling toevoegen' });
    await field(dialog, 'Naam van de afdeling').fill(parent);
    await field(dialog, 'Leidinggevende').selectOption({ label: 'Lotte Geerts' });
    await expectNoSeriousAxeViolations(page, 'the new department form');
    await dialog.getByRole('button', { name: 'Afdeling toevoegen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const parentItem = page.getByTestId('department').filter({ hasText: parent });
    await parentItem.getByText('Leidinggevende: Lotte Geerts').waitFor();

    // A department under it, first with a name that is then corrected (rename).
    await page.getByRole('button', { name: 'Afdeling toevoegen' }).click();
    dialog = page.getByRole('dialog', { name: 'Afdeling toevoegen' });
    await field(dialog, 'Naam van de afdeling').fill(`Deg ${STAMP}`);
    await field(dialog, 'Valt onder').selectOption({ label: parent });
    await dialog.getByRole('button', { name: 'Afdeling toevoegen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: `Afdeling Deg ${STAMP} wijzigen` }).click();
    dialog = page.getByRole('dialog', { name: `Afdeling Deg ${STAMP} wijzigen` });
    await field(dialog, 'Naam van de afdeling').fill(child);
    await dialog.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The child hangs under the parent in the tree.
    const nested = page.getByRole('list', { name: `Onder ${parent}` });
    await nested.getByText(child, { exact: true }).waitFor();
    await nested.getByText('Leidinggevende: geen leidinggevende').waitFor();
    await expectNoSeriousAxeViolations(page, 'the department tree');
    await screenshot(page, 'werkgever-afdelingen');

    // The employee: department and hours (with a decimal comma).
    await page.getByRole('link', { name: 'Terug naar medewerkers' }).click();
    await page.waitForURL(/\/werkgever\/medewerkers$/);
    dialog = await openEditForm(page, name);
    // Made without a line manager: the form says so (no "leave unchanged" any more).
    await expectManagerShown(dialog, 'Geen leidinggevende');
    assert.equal(await field(dialog, 'Leidinggevende').locator('option', { hasText: 'Niet wijzigen' }).count(), 0);
    await field(dialog, 'Afdeling').selectOption({ label: `${parent} › ${child}` });
    // Put in a department, he follows it (the server's rule), and the form shows that at once.
    await expectManagerShown(dialog, 'Volgt afdeling (geen)');
    // A wrong number of hours is refused in Dutch before anything is sent.
    await field(dialog, 'Uren per week').fill('90');
    await dialog.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await dialog.getByText('Vul een aantal uren in boven 0 en hoogstens 80.').waitFor();
    await expectNoSeriousAxeViolations(page, 'the employee form with an error');
    await field(dialog, 'Uren per week').fill('24,5');
    await field(dialog, 'Contract').selectOption({ label: 'Tijdelijk' });
    await dialog.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const updated = await findRow(page, name);
    await updated.getByRole('cell').nth(1).filter({ hasText: child }).waitFor();
    assert.deepEqual((await cellTexts(updated)).slice(0, 5), [`WIJZIG-${STAMP}`, child, '– volgt afdeling', '24,5', 'Tijdelijk']);
    await expectNoSeriousAxeViolations(page, 'the employees list after the change');

    const { departments } = await gql('query { departments { id name } }', {}, token);
    const childId = departments.find((d) => d.name === child).id;
    const parentId = departments.find((d) => d.name === parent).id;
    const { users } = await gql('query { users { id email } }', {}, token);
    const lotte = users.find((u) => u.email === 'leidinggevende@korenschoof.example').id;
    const stored = { id: employeeId, departmentId: childId, managerUserId: null, managerFollowsDepartment: true, hoursPerWeek: 24.5, contractType: 'FIXED_TERM' };
    assert.deepEqual(await storedEmployee(token, employeeId), stored);

    // His line manager, only ever of this test's own employee. Reopened, the form shows that he
    // follows his department (which has none); a named manager is saved and shown in the list.
    dialog = await openEditForm(page, name);
    await expectManagerShown(dialog, 'Volgt afdeling (geen)');
    await field(dialog, 'Leidinggevende').selectOption({ label: 'Lotte Geerts' });
    await saveEditForm(dialog);
    const managerCell = (row) => row.getByRole('cell').nth(2);
    await managerCell(await findRow(page, name)).filter({ hasText: /^\s*Lotte Geerts\s*$/ }).waitFor();
    assert.deepEqual(await storedEmployee(token, employeeId), { ...stored, managerUserId: lotte, managerFollowsDepartment: false });

    // Reopened: Lotte Geerts is chosen. The department's choice names the manager of the
    // department picked in the form; following the parent gives him Lotte Geerts through it.
    dialog = await openEditForm(page, name);
    await expectManagerShown(dialog, 'Lotte Geerts');
    await expectNoSeriousAxeViolations(page, 'the employee form with a named line manager');
    await screenshot(page, 'werkgever-medewerker-leidinggevende');
    await field(dialog, 'Afdeling').selectOption({ label: parent });
    await expectManagerShown(dialog, 'Lotte Geerts');
    await field(dialog, 'Leidinggevende').selectOption({ label: 'Volgt afdeling (Lotte Geerts)' });
    await saveEditForm(dialog);
    await managerCell(await findRow(page, name)).filter({ hasText: 'volgt afdeling' }).waitFor();
    assert.deepEqual((await cellTexts(await findRow(page, name))).slice(1, 3), [parent, 'Lotte Geerts volgt afdeling']);
    assert.deepEqual(await storedEmployee(token, employeeId), { ...stored, departmentId: parentId, managerUserId: lotte, managerFollowsDepartment: true });

    // Reopened: he follows the department; then no line manager at all (which he keeps: the
    // demo line manager's team ends as it was).
    dialog = await openEditForm(page, name);
    await expectManagerShown(dialog, 'Volgt afdeling (Lotte Geerts)');
    await field(dialog, 'Leidinggevende').selectOption({ label: 'Geen leidinggevende' });
    await saveEditForm(dialog);
    await managerCell(await findRow(page, name)).filter({ hasText: /^\s*–\s*$/ }).waitFor();
    assert.deepEqual(await storedEmployee(token, employeeId), { ...stored, departmentId: parentId, managerUserId: null, managerFollowsDepartment: false });
    dialog = await openEditForm(page, name);
    await expectManagerShown(dialog, 'Geen leidinggevende');
    // Nothing changed, nothing sent: the form just closes.
    await saveEditForm(dialog);
    assert.deepEqual(await storedEmployee(token, employeeId), { ...stored, departmentId: parentId, managerUserId: null, managerFollowsDepartment: false });
  } finally {
    await context.close();
  }
});

it('HR exports the case list as CSV with the Dutch headers', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.getByRole('region', { name: /Verzuimdossiers, pagina 1/ }).waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporteren (CSV)' }).click()]);
    assert.equal(file.suggestedFilename(), 'verzuimdossiers.csv');
    const text = (await readFile(await file.path())).toString('utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = text.split(/\r?\n/).filter(Boolean);
    assert.equal(header, "dossier;personeelsnummer;naam;ziek sinds;ziekteweek;status;spoor;volgende termijn;uiterlijk;casemanager;risico's;gesloten op");
    assert.ok(rows.length > 0, 'the demo cases are in the file');
    assert.equal(await page.getByRole('alert').count(), 0, 'no error after the download');
  } finally {
    await context.close();
  }
});

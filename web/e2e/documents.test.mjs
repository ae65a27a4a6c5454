// 10. Documents and the re-integration report (RIV).
// (a) The employee, on his phone, takes a photo for his case file: the upload shows its
//     progress, the photo lands in the list, and he deletes it again after a confirmation.
// (b) A program renamed to loonstrook.pdf, dragged onto the drop zone, is refused with a Dutch
//     explanation.
// (c) HR checks whether the RIV of Daan Visser's case (week 90, track 2) is complete, adds the
//     final evaluation it still lacks as a document, sees the part turn present, and downloads
//     the RIV as PDF.
// (d) With his second factor (the demo employee has an authenticator app and a verified medical
//     file) the employee adds a medical document: it is in his medical file (with the medical
//     part for UWV as PDF) and on the doctor's documents tab, never at HR.
//
// Documents this file adds carry "(e2e" in their title; HR removes any left behind by a failed
// run before and after, so a second run on the same server starts from the demo data.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import {
  ACCOUNTS,
  DESKTOP,
  DOCTOR_TOTP_SECRET,
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
const HR = ACCOUNTS.find((a) => a.email === 'hr@korenschoof.example');
const DOCTOR = ACCOUNTS.find((a) => a.email === 'bedrijfsarts@arbo-oost.example');
const stamp = Date.now().toString(36);

/** A valid PNG of `side`×`side` random pixels, stored uncompressed: a few MB for side 1024. */
function randomPng(side) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  const rows = [];
  for (let y = 0; y < side; y++) {
    const row = Buffer.alloc(1 + side * 3); // filter byte 0, then the pixels
    for (let i = 1; i < row.length; i++) row[i] = (Math.random() * 256) | 0;
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a line of text (the server sniffs `%PDF-`). */
function smallPdf(text) {
  const content = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** As HR: deletes the documents of earlier runs of this file (titles with "(e2e"). */
async function removeTestDocuments() {
  const hr = await apiLogin(HR.email);
  const { cases } = await gql('{ cases(first: 50) { edges { node { documents { id title } } } } }', {}, hr);
  for (const d of cases.edges.flatMap((e) => e.node.documents).filter((d) => d.title.includes('(e2e'))) {
    await gql('mutation ($id: ID!) { deleteDocument(id: $id) }', { id: d.id }, hr);
  }
}

/** Logs the employee in on a phone and opens "Mijn verzuim" from the menu. */
async function openMyCase(page) {
  await login(page, EMPLOYEE);
  await expectPortal(page, EMPLOYEE);
  await page.getByRole('button', { name: 'Menu openen' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Mijn verzuim' }).click();
  await page.waitForURL(/\/werknemer\/mijn-verzuim$/);
  await page.getByRole('heading', { level: 2, name: 'Mijn verzuim' }).waitFor();
}

/** Picks a file through the button that opens the file chooser, as a user would. */
async function chooseFile(page, scope, button, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), scope.getByRole('button', { name: button }).click()]);
  await chooser.setFiles(file);
  return chooser;
}

/** Clicks a download button and returns the downloaded file's name and bytes. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

async function openTab(page, name) {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

let browser;
before(async () => {
  browser = await launch();
  await removeTestDocuments();
});
after(async () => {
  await removeTestDocuments();
  await browser?.close();
});

it('the employee takes a photo for his case file on his phone and sees the upload progress', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await openMyCase(page);
    const list = page.getByRole('region', { name: 'Documenten bij dit dossier' });
    const form = page.getByRole('form', { name: 'Document toevoegen' });
    await form.waitFor();

    // The photo, from the camera input (capture="environment" opens the phone's back camera).
    const title = `Foto van de brief (e2e ${stamp})`;
    const photo = randomPng(1024);
    const chooser = await chooseFile(page, form, 'Foto maken', { name: `foto-${stamp}.png`, mimeType: 'image/png', buffer: photo });
    assert.equal(await chooser.element().getAttribute('capture'), 'environment', 'the camera input asks for the back camera');
    assert.equal(await chooser.element().getAttribute('accept'), 'image/*');
    await form.getByText(`Gekozen bestand: foto-${stamp}.png`, { exact: false }).waitFor();
    await form.getByRole('textbox', { name: 'Titel (niet verplicht)' }).fill(title);

    // He must say who may see it; with his second factor and his verified medical file,
    // "medical" is available too (the employee without them is tested in identity.test.mjs).
    await form.getByRole('button', { name: 'Document opslaan' }).click();
    await form.getByText('Kies wie dit document mag zien.').waitFor();
    const medical = form.getByRole('radio', { name: 'Alleen voor de bedrijfsarts (medisch)' });
    assert.equal(await medical.isDisabled(), false, 'medical documents are open to him');
    await form.getByRole('radio', { name: 'Ook voor mijn werkgever' }).check();

    // The upload runs on a slow connection, so its progress bar can be seen (and read).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1_000_000 });
    await form.getByRole('button', { name: 'Document opslaan' }).click();
    const bar = form.getByRole('progressbar', { name: 'Voortgang van het uploaden' });
    await bar.waitFor();
    const value = Number(await bar.getAttribute('aria-valuenow'));
    assert.ok(value >= 0 && value <= 100, `the progress bar tells how far the upload is (${value})`);
    await form.getByText(/^Bezig met uploaden: \d+%$/).waitFor();
    await screenshot(page, 'werknemer-document-uploaden-phone');

    await page.getByText('Het document is toegevoegd.').waitFor({ timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await bar.waitFor({ state: 'detached' });
    const row = list.getByTestId('document').filter({ hasText: title });
    await row.waitFor();
    await row.getByText(/^Overig · [\d,]+ MB$/).waitFor();
    await row.getByText(/^Toegevoegd op .* door Willem Nijhuis$/).waitFor();
    assert.equal(await row.getByText('Medisch', { exact: true }).count(), 0, 'a document for the employer is not marked medical');
    assert.equal(await form.getByTestId('chosen-file').innerText(), '', 'the form is empty for the next document');

    await expectNoSeriousAxeViolations(page, 'documents on Mijn verzuim (phone)');
    await expectNoHorizontalScroll(page, 'Mijn verzuim with documents');
    await screenshot(page, 'werknemer-documenten-phone');

    // He deletes it again, after confirming in the row.
    await row.getByRole('button', { name: 'Verwijderen' }).click();
    await row.getByText(`Weet u zeker dat u „${title}” wilt verwijderen?`, { exact: false }).waitFor();
    await row.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await page.getByText('Het document is verwijderd.').waitFor();
    await row.waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
});

it('a program renamed to loonstrook.pdf is refused with a Dutch explanation', async () => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await openMyCase(page);
    const form = page.getByRole('form', { name: 'Document toevoegen' });
    // Dragged onto the drop zone this time.
    const elf = await page.evaluateHandle(() => {
      const bytes = new Uint8Array(4096).fill(0x90);
      bytes.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'loonstrook.pdf', { type: 'application/pdf' }));
      return transfer;
    });
    await form.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: elf });
    await form.getByText('Gekozen bestand: loonstrook.pdf (4 kB)').waitFor();
    await form.getByRole('textbox', { name: 'Titel (niet verplicht)' }).fill(`Loonstrook (e2e ${stamp})`);
    await form.getByRole('radio', { name: 'Ook voor mijn werkgever' }).check();
    await form.getByRole('button', { name: 'Document opslaan' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'Dit soort bestand kan niet worden toegevoegd.' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Kies een PDF, een foto \(JPEG, PNG of HEIC\)/);
    assert.equal(
      await page.getByRole('region', { name: 'Documenten bij dit dossier' }).getByText(`Loonstrook (e2e ${stamp})`).count(),
      0,
      'the refused file is not listed',
    );
    await expectNoSeriousAxeViolations(page, 'a refused upload (phone)');
  } finally {
    await context.close();
  }
});

it('HR sees what the re-integration report lacks, adds a report and downloads the RIV', async () => {
  const { context, page } = await newPage(browser, DESKTOP);
  try {
    await login(page, HR);
    await expectPortal(page, HR);
    await page.getByRole('link', { name: 'Daan Visser' }).click();
    await page.waitForURL(/\/werkgever\/dossiers\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 2, name: 'Daan Visser' }).waitFor();

    // The RIV check: every part with its state; the final evaluation is not there yet (the demo
    // gives the case its labour expert's report).
    await openTab(page, 'Re-integratieverslag');
    const riv = page.getByRole('region', { name: 'Is het re-integratieverslag compleet?' });
    const summary = riv.getByTestId('riv-summary');
    const before = (await summary.innerText()).match(/Nee, er ontbreken nog (\d+) onderdelen\./);
    assert.ok(before, `the summary says parts are missing: "${await summary.innerText()}"`);
    await riv.getByText(/Het verslag moet uiterlijk .* bij de werknemer zijn\./).waitFor();
    const table = riv.getByRole('region', { name: 'Onderdelen van het re-integratieverslag' });
    assert.equal(await table.locator('tbody tr').count(), 12, 'every part of the RIV is listed');
    const part = (name) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await part('Probleemanalyse').getByText('Aanwezig', { exact: true }).waitFor();
    await part('Arbeidsdeskundig rapport').getByText('Aanwezig', { exact: true }).waitFor();
    await part('Eindevaluatie').getByText(/^(Ontbreekt|Nog niet aan de orde)$/).waitFor();
    await expectNoSeriousAxeViolations(page, 'the RIV check');
    await screenshot(page, 'werkgever-riv');

    // The documents tab: case documents only, no choice of who may see them.
    await openTab(page, 'Documenten');
    const form = page.getByRole('form', { name: 'Document toevoegen' });
    await form.getByText('Voeg geen documenten met medische gegevens toe', { exact: false }).waitFor();
    assert.equal(await form.getByRole('radio').count(), 0, 'the employer adds case documents only');
    assert.equal(await form.getByRole('button', { name: 'Foto maken' }).count(), 0, 'the camera is offered to the employee');
    const title = `Eindevaluatie (e2e ${stamp})`;
    await chooseFile(page, form, 'Bestand kiezen', { name: `eindevaluatie-${stamp}.pdf`, mimeType: 'application/pdf', buffer: smallPdf(`Eindevaluatie ${stamp}`) });
    await form.getByRole('textbox', { name: 'Titel (niet verplicht)' }).fill(title);
    await form.getByRole('combobox', { name: 'Soort document' }).selectOption({ label: 'Eindevaluatie' });
    await form.getByRole('button', { name: 'Document opslaan' }).click();
    await page.getByText('Het document is toegevoegd.').waitFor();
    const row = page.getByRole('region', { name: 'Documenten bij dit dossier' }).getByTestId('document').filter({ hasText: title });
    await row.getByText(/^Eindevaluatie · [\d,]+ kB$/).waitFor();
    await row.getByText(/door Hilde Roelofs$/).waitFor();
    await expectNoSeriousAxeViolations(page, 'the documents tab');
    await screenshot(page, 'werkgever-documenten');

    // The part is present now, and one fewer is missing.
    await openTab(page, 'Re-integratieverslag');
    await part('Eindevaluatie').getByText('Aanwezig', { exact: true }).waitFor();
    const missing = Number(before[1]) - 1;
    await summary.filter({ hasText: missing === 1 ? 'Nee, er ontbreekt nog 1 onderdeel.' : `Nee, er ontbreken nog ${missing} onderdelen.` }).waitFor();

    // The RIV as PDF.
    const pdf = await download(page, riv.getByRole('button', { name: 'Download re-integratieverslag (PDF)' }));
    assert.equal(pdf.name, 're-integratieverslag.pdf');
    assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
    assert.equal(await riv.getByRole('alert').count(), 0, 'no error after the download');
  } finally {
    await context.close();
  }
});

it('a medical document of the employee reaches his medical file and the doctor, not HR', async () => {
  const employee = await newPage(browser, PHONE);
  const doctor = await newPage(browser, DESKTOP);
  const title = `Brief van de specialist (e2e ${stamp})`;
  try {
    const { page } = employee;
    // Willem logs in with the code from his authenticator app.
    await login(page, EMPLOYEE);
    await page.getByRole('heading', { level: 1, name: /^Werknemersportaal — / }).waitFor();
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn verzuim' }).click();
    const form = page.getByRole('form', { name: 'Document toevoegen' });
    await chooseFile(page, form, 'Bestand kiezen', { name: `brief-${stamp}.pdf`, mimeType: 'application/pdf', buffer: smallPdf(`Brief ${stamp}`) });
    await form.getByRole('textbox', { name: 'Titel (niet verplicht)' }).fill(title);
    await form.getByRole('radio', { name: 'Alleen voor de bedrijfsarts (medisch)' }).check();
    await form.getByRole('button', { name: 'Document opslaan' }).click();
    await page.getByText('Het document is toegevoegd.').waitFor();
    const mine = page.getByRole('region', { name: 'Documenten bij dit dossier' }).getByTestId('document').filter({ hasText: title });
    await mine.getByText('Medisch', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, 'a medical document on Mijn verzuim (phone)');

    // In his medical file, with the medical part for UWV.
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn medisch dossier' }).click();
    const section = page.getByRole('region', { name: 'Medische documenten' });
    await section.getByTestId('document').filter({ hasText: title }).waitFor();
    const exported = await download(page, section.getByRole('button', { name: 'Download medisch deel voor UWV (PDF)' }));
    assert.equal(exported.bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the medical part is a PDF');
    await expectNoSeriousAxeViolations(page, 'medical documents on Mijn medisch dossier (phone)');
    await expectNoHorizontalScroll(page, 'Mijn medisch dossier with documents');
    await screenshot(page, 'werknemer-medische-documenten-phone');

    // HR never gets it, not even in the list.
    const hr = await apiLogin(HR.email);
    const { cases } = await gql('{ cases(first: 50) { edges { node { documents { title classification } } } } }', {}, hr);
    const seen = cases.edges.flatMap((e) => e.node.documents);
    assert.equal(seen.filter((d) => d.title === title || d.classification === 'MEDICAL').length, 0, 'HR sees no medical document');

    // The doctor finds it on his documents tab, marked medical; his own uploads default to medical.
    const d = doctor.page;
    await login(d, { ...DOCTOR, totpSecret: DOCTOR_TOTP_SECRET });
    await expectPortal(d, DOCTOR);
    await d.getByRole('region', { name: /Mijn dossiers, pagina 1/ }).getByRole('link', { name: 'Willem Nijhuis' }).click();
    await d.getByRole('heading', { level: 2, name: 'Willem Nijhuis' }).waitFor();
    await openTab(d, 'Documenten');
    const row = d.getByRole('region', { name: 'Documenten bij dit dossier' }).getByTestId('document').filter({ hasText: title });
    await row.getByText('Medisch', { exact: true }).waitFor();
    await row.getByText(/door Willem Nijhuis$/).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Verwijderen' }).count(), 1, 'the doctor may delete medical documents');
    const doctorForm = d.getByRole('form', { name: 'Document toevoegen' });
    assert.equal(await doctorForm.getByRole('radio', { name: 'Medisch: alleen voor u en de werknemer' }).isChecked(), true);
    const doctorExport = await download(d, d.getByRole('button', { name: 'Download medisch deel voor UWV (PDF)' }));
    assert.equal(doctorExport.name, 'medisch-dossier.pdf');
    assert.equal(doctorExport.bytes.subarray(0, 5).toString('latin1'), '%PDF-', "the doctor's export is a PDF");
    await expectNoSeriousAxeViolations(d, "the doctor's documents tab");
    await screenshot(d, 'bedrijfsarts-documenten');

    // Willem removes it again from his medical file.
    const item = section.getByTestId('document').filter({ hasText: title });
    await item.getByRole('button', { name: 'Verwijderen' }).click();
    await item.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await page.getByText('Het document is verwijderd.').waitFor();
    await item.waitFor({ state: 'detached' });
  } finally {
    await employee.context.close();
    await doctor.context.close();
  }
});

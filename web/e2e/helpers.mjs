// Shared helpers for the browser tests. They run against a gateway started outside the tests
// (BASE_URL) with the demo data (README "Demo accounts"), in Debian's chromium.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const DEMO_PASSWORD = 'poortwachter-demo';
export const DOCTOR_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
/**
 * The demo employee Willem Nijhuis has an authenticator app and a medical file his doctor
 * verified. Never reset his second factor in a test: that suspends his medical access, and
 * later files (and a second run) need it open.
 */
export const EMPLOYEE_TOTP_SECRET = 'KVKFKRCPNZQUYMLX';
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 740 };

/** The demo accounts and where each must land. */
export const ACCOUNTS = [
  { email: 'hr@korenschoof.example', portal: 'werkgever', portalName: 'Werkgeversportaal', organisation: 'Bakkerij De Korenschoof B.V.' },
  { email: 'casemanager@korenschoof.example', portal: 'werkgever', portalName: 'Werkgeversportaal', organisation: 'Bakkerij De Korenschoof B.V.' },
  { email: 'leidinggevende@korenschoof.example', portal: 'werkgever', portalName: 'Werkgeversportaal', organisation: 'Bakkerij De Korenschoof B.V.' },
  { email: 'werknemer@korenschoof.example', portal: 'werknemer', portalName: 'Werknemersportaal', organisation: 'Bakkerij De Korenschoof B.V.', totpSecret: EMPLOYEE_TOTP_SECRET },
  { email: 'bedrijfsarts@arbo-oost.example', portal: 'bedrijfsarts', portalName: 'Bedrijfsartsportaal', organisation: 'Arbo Oost', totpSecret: DOCTOR_TOTP_SECRET },
  { email: 'adviseur@werkpad.example', portal: 're-integratie', portalName: 'Re-integratieportaal', organisation: 'Werkpad Re-integratie' },
  { email: 'beheer@poortwachter.example', portal: 'beheer', portalName: 'Beheerportaal', organisation: '' },
  { email: 'hr@vandijk.example', portal: 'werkgever', portalName: 'Werkgeversportaal', organisation: 'Transport Van Dijk B.V.' },
  // The administrators of a health service and of an agency (decision 76).
  { email: 'beheer@arbo-oost.example', portal: 'beheer', portalName: 'Beheerportaal', organisation: 'Arbo Oost' },
  { email: 'beheer@werkpad.example', portal: 'beheer', portalName: 'Beheerportaal', organisation: 'Werkpad Re-integratie' },
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (no storage shared with other tests) and a page in it. */
export async function newPage(browser, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, baseURL: BASE_URL, locale: 'nl-NL' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Runs a GraphQL operation against the server (test setup and cleanup); fails on errors. */
export async function gql(query, variables = {}, token) {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  assert.ok(!body.errors, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * An access token for a demo account. For an account with an authenticator app (ACCOUNTS'
 * `totpSecret`) a fresh code is passed unless `totpCode` is given.
 */
export async function apiLogin(email, totpCode) {
  const secret = ACCOUNTS.find((a) => a.email === email)?.totpSecret;
  const code = totpCode ?? (secret ? await freshTotp(secret) : null);
  const data = await gql(
    'mutation ($email: String!, $password: String!, $totp: String) { login(email: $email, password: $password, totp: $totp) { accessToken mfaRequired } }',
    { email, password: DEMO_PASSWORD, totp: code },
  );
  assert.ok(data.login.accessToken, `logged in as ${email}`);
  return data.login.accessToken;
}

function base32Decode(input) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of input.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps), `digits` long. `key` is a base32 secret or a Buffer. */
export function totp(key, timeMs = Date.now(), digits = 6) {
  const secret = Buffer.isBuffer(key) ? key : base32Decode(key);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / 30)));
  const hmac = createHmac('sha1', secret).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(value).padStart(digits, '0');
}

// The helper checks itself against the RFC 6238 appendix B vectors (SHA-1, 8 digits).
assert.equal(totp(Buffer.from('12345678901234567890'), 59_000, 8), '94287082');
assert.equal(totp(Buffer.from('12345678901234567890'), 1_111_111_109_000, 8), '07081804');

/**
 * A TOTP code for a time step not used before by any test process: servers may refuse a code
 * that was already accepted (replay protection), and test files run one after another.
 */
export async function freshTotp(secret) {
  const file = join(tmpdir(), `poortwachter-e2e-totp-${secret}`);
  let last = -1;
  try {
    last = Number(readFileSync(file, 'utf8')) || -1;
  } catch {
    // first use
  }
  let step = Math.floor(Date.now() / 30_000);
  if (step <= last) {
    await new Promise((resolve) => setTimeout(resolve, (last + 1) * 30_000 - Date.now() + 500));
    step = Math.floor(Date.now() / 30_000);
  }
  // Avoid the last second of a step, where the server may already be in the next one.
  if (Date.now() % 30_000 > 28_500) {
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 500));
    step = Math.floor(Date.now() / 30_000);
  }
  writeFileSync(file, String(step));
  return totp(secret, step * 30_000);
}

/**
 * A form field by its visible label. Mantine marks required fields with an aria-hidden " *"
 * inside the <label>, which Playwright's label matching still sees, hence the optional suffix.
 */
export function field(scope, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/** Clicks an option of a Mantine SegmentedControl (its radio input is visually hidden). */
export async function chooseSegment(page, name) {
  const radio = page.getByRole('radio', { name });
  const id = await radio.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
}

/**
 * The login page's first step: the e-mail address, then "Doorgaan". Where the address's
 * organisation signs in through its own identity provider, `viaPassword` (the default) picks
 * "Inloggen met wachtwoord"; either way the password step is shown afterwards.
 */
export async function enterEmail(page, email, { viaPassword = true } = {}) {
  await page.goto('/inloggen');
  await field(page, 'E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Doorgaan', exact: true }).click();
  const password = field(page, 'Wachtwoord');
  const choice = page.getByRole('button', { name: 'Inloggen via uw organisatie' });
  await password.or(choice).first().waitFor();
  if (viaPassword && (await password.count()) === 0) {
    await page.getByRole('button', { name: /^Inloggen met wachtwoord/ }).click();
    await password.waitFor();
  }
}

/** Fills and submits the login form (two steps); for an account with TOTP also the code step. */
export async function login(page, account, password = DEMO_PASSWORD) {
  await enterEmail(page, account.email);
  await field(page, 'Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  if (account.totpSecret) {
    const code = field(page, 'Verificatiecode');
    await code.waitFor();
    await code.fill(await freshTotp(account.totpSecret));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
  }
}

/** The page is in `portal`, with exactly one h1 naming the portal and the organisation. */
export async function expectPortal(page, account) {
  await page.waitForURL(new RegExp(`/${account.portal}(/|\\?|$)`));
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  assert.equal(await h1.count(), 1, 'exactly one h1');
  const text = await h1.innerText();
  assert.ok(text.includes(account.portalName), `h1 "${text}" names the portal "${account.portalName}"`);
  if (account.organisation) {
    assert.ok(text.includes(account.organisation), `h1 "${text}" names the organisation "${account.organisation}"`);
  } else {
    // The platform admin's organisation name is not fixed by the contract; it must be there.
    assert.match(text, new RegExp(`${account.portalName} — \\S`), `h1 "${text}" names an organisation`);
  }
}

/** Runs axe (WCAG 2 A/AA) and fails on violations of impact serious or critical. */
export async function expectNoSeriousAxeViolations(page, what) {
  // Let transitions (menus, notifications) settle so contrast is measured on final colours.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  // A notice fading in or out is half-transparent: wait until no transition runs.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 })
    .catch(() => {});
  // Transient notices ("opgeslagen") close by themselves after 4 s; one that starts fading out
  // while axe measures reads as low contrast, so the run failed by timing. They are left out.
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).exclude('.mantine-Notifications-root').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.deepEqual(summary, [], `axe violations on ${what}:\n${summary.join('\n')}`);
}

/** The page does not scroll sideways (the phone layout holds). */
export async function expectNoHorizontalScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal page scroll at phone width on ${what} (overflow ${overflow}px)`);
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Logs out through the UI (opening the burger menu on narrow screens). */
export async function logout(page) {
  const burger = page.getByRole('button', { name: 'Menu openen' });
  if (await burger.isVisible()) {
    // On a phone the navigation (with "Uitloggen") is closed and inert until the menu opens.
    const nav = page.locator('nav#portal-navigation');
    assert.equal(await nav.evaluate((n) => n.inert), true, 'the closed phone menu is inert');
    await burger.click();
    assert.equal(await nav.evaluate((n) => n.inert), false, 'the opened phone menu is usable');
  }
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.waitForURL(/\/inloggen$/);
}

/** Carolien Lammers, the demo employee without an authenticator app or verified medical access. */
export const CAROLIEN = {
  email: 'collega@korenschoof.example',
  portal: 'werknemer',
  portalName: 'Werknemersportaal',
  organisation: 'Bakkerij De Korenschoof B.V.',
};

/**
 * The invitation token in the newest e-mail to `email` in the demo server's outbox folder
 * (OUTBOX_DIR, where it writes .eml files when no SMTP relay is configured).
 */
export function invitationToken(email) {
  const dir = process.env.OUTBOX_DIR;
  const mails = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((f) => readFileSync(f, 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='))
    .filter((m) => m.includes(email));
  assert.ok(mails.length > 0, `no e-mail to ${email} in ${dir}`);
  const match = mails.at(-1).match(/\/uitnodiging\/([A-Za-z0-9_-]+)/);
  assert.ok(match, 'the e-mail holds an invitation link');
  return match[1];
}

/** Today as YYYY-MM-DD in the browser's (local) calendar, as the date fields default to it. */
export function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** YYYY-MM-DD plus `days`. */
export function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A date as the Dutch UI writes it ("zo 20 dec 2026", src/dates.ts). */
export function nlDate(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  const weekdays = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];
  const months = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
  return `${weekdays[d.getUTCDay()]} ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Opens an employee's case from the employer's case list (searched by first name). */
export async function openCase(page, name) {
  await page.goto('/werkgever');
  await page.getByRole('region', { name: /Verzuimdossiers, pagina 1/ }).waitFor();
  await field(page, 'Zoek op naam').fill(name.split(' ')[0]);
  await page.getByRole('link', { name }).click();
  await page.waitForURL(/\/werkgever\/dossiers\/[0-9a-f-]+$/);
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

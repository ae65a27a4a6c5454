// 1. Every demo account logs in through the form, lands on its own portal (URL + h1 with the
//    organisation), cannot open another portal, and logs out.
// 4. axe finds no serious/critical WCAG 2 A/AA violation on each portal's start page, at
//    desktop width and at a 375x740 phone viewport. Screenshots go to e2e/artifacts/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ACCOUNTS,
  BASE_URL,
  DESKTOP,
  PHONE,
  expectNoSeriousAxeViolations,
  expectPortal,
  launch,
  login,
  logout,
  newPage,
  screenshot,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const shotName = (account) => `${account.portal}-${account.email.split('@')[0]}-${account.email.split('@')[1].split('.')[0]}`;

for (const account of ACCOUNTS) {
  describe(`${account.email}`, () => {
    let context;
    let page;
    before(async () => {
      ({ context, page } = await newPage(browser, DESKTOP));
    });
    after(async () => {
      await context?.close();
    });

    it(`logs in and lands on /${account.portal} with the organisation in the h1`, async () => {
      await login(page, account);
      await expectPortal(page, account);
      await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      await page.getByRole('navigation').first().waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    });

    it('has no serious accessibility violations on the start page (desktop)', async () => {
      await expectNoSeriousAxeViolations(page, `/${account.portal} desktop`);
      await screenshot(page, `${shotName(account)}-desktop`);
    });

    it('has no serious accessibility violations on the start page (phone 375x740)', async () => {
      await page.setViewportSize(PHONE);
      await expectNoSeriousAxeViolations(page, `/${account.portal} phone`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal page scroll at phone width (overflow ${overflow}px)`);
      await screenshot(page, `${shotName(account)}-phone`);
      await page.setViewportSize(DESKTOP);
    });

    it("is sent back to its own portal when opening another role's portal (after a reload)", async () => {
      const other = account.portal === 'beheer' ? 'werkgever' : 'beheer';
      await page.goto(`/${other}`);
      await expectPortal(page, account);
    });

    it('logs out (phone menu) and can no longer open the portal', async () => {
      await page.setViewportSize(PHONE);
      await logout(page);
      await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
      await page.goto(`/${account.portal}`);
      await page.waitForURL(`${BASE_URL}/inloggen`);
    });
  });
}

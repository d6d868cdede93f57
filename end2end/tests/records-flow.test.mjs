// Browser test of the records daily flow: a letter walks from receipt through assignment,
// registration, an outgoing draft, sign-off and dispatch to its recorded return receipt, then
// its case file is closed under an item of the retention plan and put into the archive; a
// clerk of another municipality cannot see any of it. Every screen passes axe-core's WCAG 2.1 AA
// checks and hydrates without console errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  diagnose,
  eventually,
  expectNoA11yViolations,
  launchBrowser,
  openPage,
  startServer,
  waitForHydration,
} from './support.mjs';

const DEMO_PASSWORD = 'openasp-demo-2026';
const BASE = '/ugyintezo/iratkezeles';

let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const text = async (locator) => (await locator.textContent())?.trim();
const content = (page) => page.locator('.clerk__content');

/** A definition list's entries as a map from each <dt> to the text of its <dd>. */
function facts(page) {
  return content(page)
    .locator('dl.facts')
    .first()
    .evaluate((dl) => {
      const out = {};
      for (const dt of dl.querySelectorAll(':scope > dt')) {
        out[dt.textContent.trim()] = dt.nextElementSibling?.textContent.trim() ?? null;
      }
      return out;
    });
}

async function signIn(page, username) {
  await page.goto('/belepes');
  await waitForHydration(page);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Belépés' }).click();
  await page.waitForURL('/ugyintezo');
  await page.locator('.clerk-bar').waitFor();
}

/** Opens a page of the flow and waits until it is hydrated and shows `heading`. */
async function visit(page, path, heading) {
  await page.goto(path);
  await waitForHydration(page);
  await eventually(async () => assert.equal(await text(content(page).locator('h1').first()), heading));
}

/** Clicks a button of a form run by a server function and waits for that function's answer. */
async function submitTo(page, endpoint, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/${endpoint}` && r.request().method() === 'POST'),
    button.click(),
  ]);
  return response;
}

const button = (page, name) => content(page).getByRole('button', { name, exact: true });

describe('records: the daily flow', () => {
  test('a letter goes from receipt to its return receipt; another municipality sees nothing', async (t) => {
    const sessions = [];
    const open = async () => {
      const session = await openPage(browser, { baseURL: server.url });
      sessions.push(session);
      return session.page;
    };
    const allow = [
      /status of 404\b.*\/api\/records\/flow\//,
      /status of 422\b.*\/api\/records\/flow\//,
      /status of 403\b.*\/api\/records\/flow\/sign-off\b/,
      // Another municipality's pages answer a real 404 (the document itself).
      /status of 404 \(Not Found\) \(http:[^)]*\/ugyintezo\/iratkezeles\//,
    ];
    try {
      const year = new Date().getUTCFullYear();
      const clerk = await open();
      const head = await open();
      await signIn(clerk, 'godollo.iktato');
      await signIn(head, 'godollo.vezeto');

      // 1. Receipt: the error summary first, then the receipt number.
      await visit(clerk, `${BASE}/erkeztetes`, 'Érkeztetés');
      await expectNoA11yViolations(clerk);
      await submitTo(clerk, 'records/flow/receive', button(clerk, 'Érkeztetés'));
      await content(clerk).locator('.error-summary a[href="#subject"]').waitFor();
      await expectNoA11yViolations(clerk);
      await clerk.locator('#subject').fill('Fakivágási engedély iránti kérelem');
      await clerk.locator('#sender').fill('Kiss Péter');
      await clerk.locator('#envelope').fill('Ajánlott, RL123456789HU');
      await submitTo(clerk, 'records/flow/receive', button(clerk, 'Érkeztetés'));
      await eventually(async () =>
        assert.equal(await text(content(clerk).locator('.receipt-number')), `É-1/${year}`),
      );
      await content(clerk).getByRole('link', { name: 'Szignálás és iktatás' }).click();
      await clerk.waitForURL(new RegExp(`${BASE}/erkeztetes/\\d+$`));
      const receiptPath = new URL(clerk.url()).pathname;

      // 2. Assignment by the head of records, from the assignment queue.
      await visit(head, `${BASE}/szignalas`, 'Szignálás');
      await expectNoA11yViolations(head);
      await content(head).getByRole('link', { name: `É-1/${year}` }).click();
      await head.waitForURL(receiptPath);
      await eventually(async () => assert.equal(await text(content(head).locator('h1')), `Küldemény É-1/${year}`));
      await waitForHydration(head);
      await head.locator('#handler').selectOption({ label: 'Gergely Gréta' });
      await head.locator('#instructions').fill('Helyszíni szemlét tartson.');
      await submitTo(head, 'records/flow/assign-receipt', button(head, 'Szignálás'));
      await eventually(async () =>
        assert.equal(await text(content(head).locator('.receipt-assignee')), 'Gergely Gréta'),
      );
      await expectNoA11yViolations(head);

      // 3. Registration of the receipt as a new case file, by the clerk.
      await clerk.reload();
      await waitForHydration(clerk);
      await eventually(async () =>
        assert.equal(await text(content(clerk).locator('.receipt-assignee')), 'Gergely Gréta'),
      );
      await expectNoA11yViolations(clerk);
      await submitTo(clerk, 'records/flow/register-receipt', button(clerk, 'Iktatás'));
      await eventually(async () =>
        assert.equal(await text(content(clerk).locator('.success-notice .registry-number')), `1-1/${year}`),
      );

      // 4. An outgoing draft under the next sub-number.
      await content(clerk).getByRole('link', { name: 'Új irat az ügyiratban', exact: true }).click();
      await clerk.waitForURL(new RegExp(`${BASE}/ugyirat/\\d+/alszam$`));
      const casePath = new URL(clerk.url()).pathname.replace(/\/alszam$/, '');
      await eventually(async () => assert.equal(await text(content(clerk).locator('.case-state')), 'Szignálva'));
      await waitForHydration(clerk);
      await expectNoA11yViolations(clerk);
      await clerk.locator('#kind').selectOption('Outgoing');
      await clerk.locator('#subject').fill('Engedély fakivágásra');
      await clerk.locator('#sender').fill('Kiss Péter');
      await submitTo(clerk, 'records/flow/add-document', button(clerk, 'Iktatás alszámra'));
      await content(clerk).locator('.error-summary a[href="#body"]').waitFor();
      await clerk.locator('#body').fill('A kért fakivágást engedélyezem.');
      await submitTo(clerk, 'records/flow/add-document', button(clerk, 'Iktatás alszámra'));
      await eventually(async () =>
        assert.equal(await text(content(clerk).locator('.success-notice .registry-number')), `1-2/${year}`),
      );
      await eventually(async () => assert.equal(await text(content(clerk).locator('.case-state')), 'Ügyintézés alatt'));
      await expectNoA11yViolations(clerk);
      const signOffPath = new URL(
        await content(clerk).locator('.success-notice a').getAttribute('href'),
        server.url,
      ).pathname;

      // 5. Sign-off: the clerk has no such right; the head has.
      await visit(clerk, signOffPath, 'Kiadmányozás');
      await submitTo(clerk, 'records/flow/sign-off', button(clerk, 'Kiadmányozom'));
      await eventually(async () =>
        assert.match(await text(content(clerk).locator('.error-summary')), /nincs jogosultsága/),
      );
      await visit(head, signOffPath, 'Kiadmányozás');
      assert.equal((await facts(head))['Szöveg'], 'A kért fakivágást engedélyezem.');
      await expectNoA11yViolations(head);
      await submitTo(head, 'records/flow/sign-off', button(head, 'Kiadmányozom'));
      await eventually(async () => assert.equal(await text(content(head).locator('.document-state')), 'Kiadmányozva'));

      // 6. Dispatch by post, from the dispatch queue.
      await visit(clerk, `${BASE}/expedialas`, 'Expediálásra váró iratok');
      await expectNoA11yViolations(clerk);
      await content(clerk).getByRole('link', { name: `1-2/${year}` }).click();
      await clerk.waitForURL(new RegExp(`${BASE}/irat/\\d+/expedialas$`));
      await eventually(async () => assert.equal(await text(content(clerk).locator('h1')), 'Expediálás'));
      await waitForHydration(clerk);
      await clerk.locator('#method').selectOption('post');
      await clerk.locator('#recipient').fill('Kiss Péter');
      await clerk.locator('#address').fill('2100 Gödöllő, Szabadság tér 6.');
      await clerk.locator('#tracking_number').fill('RB987654321HU');
      await submitTo(clerk, 'records/flow/dispatch', button(clerk, 'Expediálás'));
      await eventually(async () => assert.equal(await text(content(clerk).locator('.document-state')), 'Expediálva'));
      await expectNoA11yViolations(clerk);

      // 7. The return receipt: listed as awaited, then recorded.
      await visit(clerk, `${BASE}/tertivevenyek`, 'Tértivevények');
      await expectNoA11yViolations(clerk);
      await content(clerk).getByRole('link', { name: `1-2/${year}` }).click();
      await clerk.waitForURL(new RegExp(`${BASE}/tertivevenyek/\\d+$`));
      const returnPath = new URL(clerk.url()).pathname;
      await eventually(async () => assert.equal(await text(content(clerk).locator('h1')), 'Tértivevény rögzítése'));
      await waitForHydration(clerk);
      await clerk.locator('#status').selectOption('delivered');
      const today = new Date().toISOString().slice(0, 10);
      await clerk.locator('#date').fill(today);
      await submitTo(clerk, 'records/flow/return-receipt', button(clerk, 'Rögzítés'));
      await eventually(async () =>
        assert.equal(await text(content(clerk).locator('.return-status')), `Kézbesítve ${today}`),
      );
      await expectNoA11yViolations(clerk);

      // 8. Closing: every outgoing document is out, so the case file closes, under an item of
      // the retention plan (seeded from 78/2012 for every municipality).
      await visit(clerk, `${casePath}/lezaras`, 'Ügyirat lezárása');
      await expectNoA11yViolations(clerk);
      const item = await clerk.locator('#retention_item option:not([value=""])').first().getAttribute('value');
      await clerk.locator('#retention_item').selectOption(item);
      await submitTo(clerk, 'records/archive/close', button(clerk, 'Lezárás'));
      await eventually(async () => assert.equal((await facts(clerk))['Állapot'], 'Lezárva'));
      await expectNoA11yViolations(clerk);

      // 9. Into the archive, at a recorded place.
      await content(clerk).getByRole('link', { name: 'Irattárba helyezés' }).click();
      await clerk.waitForURL(`${casePath}/irattarba`);
      await clerk.locator('#location').waitFor();
      await waitForHydration(clerk);
      await expectNoA11yViolations(clerk);
      await clerk.locator('#location').fill('Központi irattár, 1. polc, 4. doboz');
      await submitTo(clerk, 'records/archive/archive', button(clerk, 'Irattárba helyezés'));
      await eventually(async () => assert.equal((await facts(clerk))['Állapot'], 'Irattárban'));
      await expectNoA11yViolations(clerk);

      // The case file shows the whole way, and the clerk's own lists show it.
      await visit(clerk, `${casePath}/feljegyzes`, 'Belső feljegyzés');
      const states = await content(clerk).locator('td.document-state').allTextContents();
      assert.deepEqual(states.map((s) => s.trim()), ['Iktatva', 'Expediálva']);
      await expectNoA11yViolations(clerk);
      await visit(clerk, `${BASE}/sajat`, 'Saját ügyeim');
      await expectNoA11yViolations(clerk);
      await visit(clerk, `${BASE}/irattar`, 'Irattár');
      await content(clerk).getByRole('link', { name: `1/${year}`, exact: true }).first().waitFor();
      await expectNoA11yViolations(clerk);

      // A clerk of another municipality (Fót) gets "not found" for every one of these pages.
      const stranger = await open();
      await signIn(stranger, 'kozos.ugyintezo');
      for (const path of [receiptPath, `${casePath}/alszam`, signOffPath, returnPath, `${casePath}/lezaras`,
        `${casePath}/irattarba`, casePath]) {
        await stranger.goto(path);
        await waitForHydration(stranger);
        await eventually(async () =>
          assert.equal(await text(content(stranger).locator('.error-notice h1')), 'Az oldal nem található'),
        );
      }
      await visit(stranger, `${BASE}/tertivevenyek?szuro=all`, 'Tértivevények');
      await eventually(async () => assert.equal(await text(content(stranger).locator('.results-count')), '0 küldemény'));
      await expectNoA11yViolations(stranger);

      for (const session of sessions) session.expectNoConsoleProblems({ allow });
    } catch (error) {
      for (const session of sessions) diagnose(t, 'console problems', session.failures);
      diagnose(t, 'server log (tail)', server.logs().split('\n').slice(-40));
      throw error;
    } finally {
      for (const session of sessions) await session.close();
    }
  });
});

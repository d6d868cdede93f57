// Browser tests of finding records: a clerk searches, opens a case file, uploads an attachment
// and downloads it; a clerk of another municipality cannot see the case file or the file; a
// records head imports a legacy register and sees the report of a bad one. Every screen must
// hydrate without console errors and pass axe-core's WCAG 2.1 A/AA checks.
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

/** What Chromium logs when a request answers with an error status. */
const failedRequest = (status, path) =>
  new RegExp(`Failed to load resource: the server responded with a status of ${status}\\b.*${path}`);

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

async function withPages(t, body, { allowConsole = [] } = {}) {
  const sessions = [];
  const open = async () => {
    const session = await openPage(browser, { baseURL: server.url });
    sessions.push(session);
    return session.page;
  };
  try {
    await body(open);
    for (const session of sessions) session.expectNoConsoleProblems({ allow: allowConsole });
  } catch (error) {
    for (const session of sessions) diagnose(t, 'console problems', session.failures);
    diagnose(t, 'server log (tail)', server.logs().split('\n').slice(-40));
    throw error;
  } finally {
    for (const session of sessions) await session.close();
  }
}

const text = async (locator) => (await locator.textContent())?.trim();
const content = (page) => page.locator('.clerk__content');

async function signIn(page, username) {
  await page.goto('/belepes');
  await waitForHydration(page);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Belépés' }).click();
  await page.waitForURL('/ugyintezo');
  await page.locator('.clerk-bar').waitFor();
}

/** Registers a document through the registration endpoint, as the signed-in page's user. */
async function register(page, subject, sender) {
  const answer = await page.evaluate(
    async ([subject, sender]) => {
      const body = new URLSearchParams({ subject, direction: 'Incoming', channel: 'Paper', sender });
      const response = await fetch('/api/records/register', { method: 'POST', body });
      return { status: response.status, number: await response.json() };
    },
    [subject, sender],
  );
  assert.equal(answer.status, 200);
  return answer.number;
}

/** The rows of the results table, each as the texts of its cells. */
function tableRows(page) {
  return content(page)
    .locator('table.results')
    .first()
    .evaluate((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}

describe('finding records', () => {
  test('search, the case file, an attachment up and down, and another municipality sees none of it', async (t) => {
    await withPages(
      t,
      async (open) => {
        const year = new Date().getUTCFullYear();
        const page = await open();
        await signIn(page, 'godollo.iktato');
        await register(page, 'Közterület-használati kérelem', 'Nagy Anna');
        const number = await register(page, 'Építési engedély iránti kérelem', 'Kiss Péter');
        assert.equal(number, `2-1/${year}`);

        // The menu leads to the search; everything is listed, newest first.
        await page.locator('nav.clerk-nav').getByRole('link', { name: 'Keresés', exact: true }).click();
        await page.waitForURL('/ugyintezo/iratkezeles/kereses');
        await content(page).locator('table.results').waitFor();
        assert.equal(await text(content(page).locator('h1')), 'Keresés az iratok között');
        assert.equal(await text(content(page).locator('.results-count')), '2 irat');
        await waitForHydration(page);
        await expectNoA11yViolations(page);

        // Full text without accents finds the accented subject; the form is a plain GET.
        await page.locator('#q').fill('epitesi');
        await page.getByRole('button', { name: 'Keresés', exact: true }).click();
        await page.waitForURL(/q=epitesi/);
        await eventually(async () => assert.equal(await text(content(page).locator('.results-count')), '1 irat'));
        const rows = await tableRows(page);
        assert.deepEqual(rows[0].slice(0, 3), [`2-1/${year}`, 'Építési engedély iránti kérelem', 'Kiss Péter']);
        await waitForHydration(page);
        await expectNoA11yViolations(page);

        // Sorting by number: the header link says which way.
        await content(page).getByRole('link', { name: 'Iktatószám' }).click();
        await page.waitForURL(/sort=number/);
        await eventually(async () =>
          assert.equal(await content(page).locator('th[aria-sort="ascending"]').count(), 1),
        );

        // A bad date: the error summary links to the field.
        await page.goto('/ugyintezo/iratkezeles/kereses?from=tegnap');
        await content(page).locator('.error-summary a[href="#from"]').waitFor();
        await waitForHydration(page);
        await expectNoA11yViolations(page);

        // The registry number opens the case file: everything on one screen.
        await page.goto('/ugyintezo/iratkezeles/kereses?q=epitesi');
        await content(page).getByRole('link', { name: `2-1/${year}` }).click();
        await page.waitForURL(/\/ugyintezo\/iratkezeles\/ugyirat\/\d+$/);
        const caseUrl = page.url();
        await eventually(async () => assert.match(await text(content(page).locator('h1')), new RegExp(`Ügyirat 2/${year}`)));
        assert.equal(await text(content(page).locator('.lead')), 'Építési engedély iránti kérelem');
        assert.ok(await content(page).getByRole('link', { name: 'Új irat alszámra' }).count());
        assert.equal(await content(page).getByRole('link', { name: 'Szignálás' }).count(), 0, "the head's action");
        await waitForHydration(page);
        await expectNoA11yViolations(page);

        // Upload a text file; back on the case file with a notice and the attachment listed.
        const letter = 'Tisztelt Hivatal! A diófa gyökere megemelte a járdát.\n';
        await content(page)
          .locator('input[type=file]')
          .setInputFiles({ name: 'levél.txt', mimeType: 'text/plain', buffer: Buffer.from(letter) });
        await content(page).getByRole('button', { name: 'Feltöltés', exact: true }).click();
        await page.waitForURL(/feltoltes=ok/);
        await content(page).locator('.success-notice').waitFor();
        const link = content(page).getByRole('link', { name: 'levél.txt' });
        await link.waitFor();
        await waitForHydration(page);
        await expectNoA11yViolations(page);
        const href = await link.getAttribute('href');
        const download = await page.context().request.get(href);
        assert.equal(download.status(), 200);
        assert.equal(await download.text(), letter);
        assert.equal(download.headers()['x-content-type-options'], 'nosniff');
        assert.match(download.headers()['content-disposition'], /^attachment;/);

        // An executable dressed as an image is refused, and says so.
        await content(page)
          .locator('input[type=file]')
          .setInputFiles({ name: 'kep.png', mimeType: 'image/png', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00') });
        await content(page).getByRole('button', { name: 'Feltöltés', exact: true }).click();
        await page.waitForURL(/feltoltes=tipus/);
        assert.match(await text(content(page).locator('.error-summary')), /típusa nem engedélyezett/);

        // The words of the attachment are searchable now.
        await page.goto('/ugyintezo/iratkezeles/kereses?q=dioFA+jardat');
        await eventually(async () => assert.equal(await text(content(page).locator('.results-count')), '1 irat'));

        // A clerk of Fót: not found, neither the case file nor the file; the search is empty.
        const other = await open();
        await signIn(other, 'kozos.ugyintezo');
        const response = await other.goto(caseUrl);
        await content(other).locator('.error-notice').waitFor();
        assert.match(await text(content(other).locator('.error-notice')), /nem található/);
        assert.equal((await other.context().request.get(href)).status(), 404);
        await other.goto('/ugyintezo/iratkezeles/kereses?q=epitesi');
        await eventually(async () => assert.equal(await text(content(other).locator('.results-count')), '0 irat'));
        assert.ok(response);
        await waitForHydration(other);
        await expectNoA11yViolations(other);
      },
      {
        allowConsole: [
          failedRequest(404, 'records/find/case'),
          failedRequest(422, 'records/find/search'),
          failedRequest(404, '/ugyintezo/iratkezeles/ugyirat/'),
        ],
      },
    );
  });

  test('a records head imports a legacy register; a bad file imports nothing and says why', async (t) => {
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'godollo.admin');
      await page.locator('nav.clerk-nav').getByRole('link', { name: 'Régi iktató átvétele' }).click();
      await page.waitForURL('/ugyintezo/iratkezeles/import');
      await waitForHydration(page);
      await expectNoA11yViolations(page);

      const good = [
        'konyv;2019;ÉP;Építésügyi iktatókönyv 2019;{prefix}/{main}-{sub}/{year}',
        'partner;P1;magánszemély;Kiss Péter;2100;Gödöllő;Fő utca 1.;',
        'ugyirat;2019;ÉP;12;Családi ház építése;lezárva;2019-03-04;',
        'irat;2019;ÉP;12;1;bejövő;Építési engedély iránti kérelem;2019-03-04;P1;',
      ];
      await page.locator('#csv').fill([...good, 'irat;2019;ÉP;12;2;oldalra;Árva;2019-13-01;P9;'].join('\n'));
      await page.getByRole('button', { name: 'Átvétel' }).click();
      const report = content(page).locator('.import-report');
      await report.waitFor();
      assert.match(await text(report.locator('h2')), /Semmi sem került át/);
      const rejected = await report.evaluate((r) =>
        [...r.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
      );
      assert.deepEqual(
        rejected.map((row) => row.slice(0, 2)),
        [
          ['5', '6'],
          ['5', '8'],
        ],
      );
      await expectNoA11yViolations(page);

      await page.locator('#csv').fill(good.join('\n'));
      await page.getByRole('button', { name: 'Átvétel' }).click();
      await eventually(async () =>
        assert.equal(
          await text(content(page).locator('.import-report')),
          'Az átvétel sikerült: 1 iktatókönyv, 1 partner, 1 ügyirat, 1 irat.',
        ),
      );
      await expectNoA11yViolations(page);

      // The imported document is found under its original number.
      await page.goto('/ugyintezo/iratkezeles/kereses?number=%C3%89P%2F12');
      await eventually(async () =>
        assert.deepEqual((await tableRows(page)).map((row) => row[0]), ['ÉP/12-1/2019']),
      );
    });
  });
});

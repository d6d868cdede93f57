// Browser tests of the archive screens: a head of records closes a case file, puts it into
// the archive, lends it out and takes it back, closes the year's register book and downloads
// its PDF; a clerk of another municipality reaches none of it. Every screen passes axe-core.
//
// Steps of other parts of issue 4 that have no screen in this branch (assignment by the
// daily flow, the retention plan of the master data) are set up through the server's SQLite
// file with the sqlite3 command-line tool: test-only, and said so where it happens.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
let dataDir;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'openasp-e2e-archive-'));
  server = await startServer({ demo: true, env: { OPENASP_DATA_DIR: dataDir } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Test-only: runs SQL on the server's database (for steps without a screen here). */
function sql(statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(dataDir, 'openasp.sqlite'), statement], {
    encoding: 'utf8',
  }).trim();
}

const failedRequest = (status, endpoint) =>
  new RegExp(`Failed to load resource: the server responded with a status of ${status}\\b.*${endpoint}`);

const text = async (locator) => (await locator.textContent())?.trim();
const content = (page) => page.locator('.clerk__content');

function facts(page) {
  return content(page)
    .locator('dl.facts')
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
  await content(page).locator('h1').waitFor();
}

async function submitTo(page, endpoint, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/${endpoint}` && r.request().method() === 'POST'),
    button.click(),
  ]);
  assert.equal(response.status(), 200, `${endpoint}: ${await response.text()}`);
  return response;
}

/** Opens a page of the clerk application and waits until it is hydrated and shows `heading`. */
async function visit(page, url, heading) {
  await page.goto(url);
  await waitForHydration(page);
  await eventually(async () => assert.equal(await text(content(page).locator('h1')), heading));
}

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

describe('archive', () => {
  test('a head of records closes, archives, lends and takes back a case file, then closes the book and prints it', async (t) => {
    await withPages(
      t,
      async (open) => {
        const page = await open();
        await signIn(page, 'godollo.vezeto');
        const year = new Date().getUTCFullYear();

        // Registered through the registration screen.
        await page.locator('nav.clerk-nav').getByRole('link', { name: 'Iktatás', exact: true }).click();
        await page.waitForURL('/ugyintezo/iktatas');
        await waitForHydration(page);
        await page.locator('#subject').fill('Építési engedély – Őz utca 5.');
        await page.locator('#sender').fill('Őri Ödön');
        await submitTo(page, 'records/register', content(page).getByRole('button', { name: 'Iktatás', exact: true }));
        await eventually(async () =>
          assert.equal(await text(content(page).locator('.registry-number')), `1-1/${year}`),
        );

        // Test-only: assignment (the daily flow) and the retention plan (master data).
        const caseId = sql(`SELECT case_file_id FROM document WHERE registry_number = '1-1/${year}'`);
        assert.match(caseId, /^\d+$/);
        sql(`UPDATE case_file SET state = 'InProgress' WHERE id = ${caseId}`);
        sql(
          `INSERT INTO retention_item (municipality_id, id, code, title, retention_years, not_disposable, archive_transfer_years, active)
           SELECT id, 990001, 'E2E-U-5', 'Építésügyi engedélyezés', 5, 0, NULL, 1 FROM municipality WHERE name = 'Gödöllő'`,
        );

        // Close under the chosen retention item.
        await visit(page, `${BASE}/ugyirat/${caseId}/lezaras`, 'Ügyirat lezárása');
        assert.equal((await facts(page))['Állapot'], 'Ügyintézés alatt');
        await expectNoA11yViolations(page);
        await page.locator('#retention_item').selectOption('990001');
        await submitTo(page, 'records/archive/close', content(page).getByRole('button', { name: 'Lezárás', exact: true }));
        await eventually(async () => assert.equal((await facts(page))['Állapot'], 'Lezárva'));
        assert.equal((await facts(page))['Irattári tétel'], 'E2E-U-5 – Építésügyi engedélyezés');
        await content(page).locator('.success-notice').waitFor();
        await expectNoA11yViolations(page);

        // Into the archive: the location is required.
        await content(page).getByRole('link', { name: 'Irattárba helyezés' }).click();
        await page.waitForURL(`${BASE}/ugyirat/${caseId}/irattarba`);
        await eventually(async () => assert.equal(await text(content(page).locator('h1')), 'Irattárba helyezés'));
        await content(page).locator('#location').waitFor();
        await expectNoA11yViolations(page);
        const [refused] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/api/records/archive/archive'),
          content(page).getByRole('button', { name: 'Irattárba helyezés' }).click(),
        ]);
        assert.equal(refused.status(), 422);
        await content(page).locator('.error-summary a[href="#location"]').waitFor();
        await expectNoA11yViolations(page);
        await page.locator('#location').fill('Központi irattár, 3. polc, 12. doboz');
        await submitTo(page, 'records/archive/archive', content(page).getByRole('button', { name: 'Irattárba helyezés' }));
        await eventually(async () => assert.equal((await facts(page))['Állapot'], 'Irattárban'));
        assert.equal((await facts(page))['Irattári hely'], 'Központi irattár, 3. polc, 12. doboz');

        // Lend it out and take it back.
        await content(page).getByRole('link', { name: 'Kölcsönzés' }).click();
        await page.waitForURL(`${BASE}/ugyirat/${caseId}/kolcsonzes`);
        await content(page).locator('#lent_to').waitFor();
        await expectNoA11yViolations(page);
        const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
        await page.locator('#lent_to').fill('Dr. Kiss Éva, jogi osztály');
        await page.locator('#due').fill(due);
        await submitTo(page, 'records/archive/lend', content(page).getByRole('button', { name: 'Kikölcsönzés' }));
        await eventually(async () => assert.equal((await facts(page))['Kikölcsönözte'], 'Dr. Kiss Éva, jogi osztály'));
        assert.equal((await facts(page))['Visszahozatal határideje'], due);
        await expectNoA11yViolations(page);

        // The archive's lent-out list shows it.
        await page.locator('nav.clerk-nav').getByRole('link', { name: 'Irattár', exact: true }).click();
        await page.waitForURL(`${BASE}/irattar`);
        await eventually(async () => assert.equal(await text(content(page).locator('p.results-count')), '1 ügyirat'));
        await expectNoA11yViolations(page);
        await content(page).getByRole('link', { name: 'Kikölcsönzött', exact: true }).click();
        await eventually(async () => assert.equal(await text(content(page).locator('h1')), 'Kikölcsönzött ügyiratok'));
        await eventually(async () =>
          assert.match(await text(content(page).locator('table.results tbody tr').first()), /Dr\. Kiss Éva/),
        );
        await expectNoA11yViolations(page);

        await visit(page, `${BASE}/ugyirat/${caseId}/kolcsonzes`, 'Kölcsönzés');
        await submitTo(
          page,
          'records/archive/take-back',
          content(page).getByRole('button', { name: 'Visszavétel az irattárba' }),
        );
        await eventually(async () => assert.equal((await facts(page))['Kikölcsönözte'], undefined));
        await content(page).locator('#lent_to').waitFor();
        await expectNoA11yViolations(page);

        // The other archive screens are in order too.
        for (const [url, heading] of [
          [`${BASE}/ugyirat/${caseId}/zarolas`, 'Zárolás'],
          [`${BASE}/selejtezes`, 'Selejtezés'],
          [`${BASE}/leveltar`, 'Levéltári átadás'],
        ]) {
          await visit(page, url, heading);
          await content(page).locator('p.results-count, form').first().waitFor();
          await expectNoA11yViolations(page);
        }

        // Close the year's register book, then print it.
        await visit(page, `${BASE}/konyvzaras`, 'Könyvzárás');
        await content(page).locator('table.results').waitFor();
        await expectNoA11yViolations(page);
        await submitTo(
          page,
          'records/archive/books/close',
          content(page).getByRole('button', { name: `Lezárás (Általános iktatókönyv ${year} ${year})` }),
        );
        const statement = content(page).locator('.closing-statement');
        await statement.waitFor();
        assert.match(
          await text(statement),
          new RegExp(`^Az Általános iktatókönyv ${year} ${year}\\. évi iktatókönyvét .* az 1 számmal lezártam\\.`),
        );
        await eventually(async () =>
          assert.match(await text(content(page).locator('table.results tbody tr').first()), /Lezárva/),
        );
        await expectNoA11yViolations(page);
        const pdfLink = content(page).getByRole('link', { name: `PDF – Általános iktatókönyv ${year} ${year}` });
        const href = await pdfLink.getAttribute('href');
        const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
        assert.equal(download.suggestedFilename().endsWith('.pdf'), true);
        const pdf = await page.request.get(href);
        assert.equal(pdf.status(), 200);
        assert.equal(pdf.headers()['content-type'], 'application/pdf');
        const bytes = await pdf.body();
        assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');

        // A closed book takes no registration.
        await page.goto('/ugyintezo/iktatas');
        await waitForHydration(page);
        await page.locator('#subject').fill('Késve érkezett');
        const [late] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/api/records/register'),
          content(page).getByRole('button', { name: 'Iktatás', exact: true }).click(),
        ]);
        assert.equal(late.status(), 422);

        // Another municipality's clerk reaches neither the case file nor the print.
        const stranger = await open();
        await signIn(stranger, 'kozos.ugyintezo');
        await stranger.goto(`${BASE}/ugyirat/${caseId}/lezaras`);
        await waitForHydration(stranger);
        await eventually(async () =>
          assert.match(await text(content(stranger).locator('.error-notice')), /nem található/),
        );
        assert.equal(await content(stranger).getByText('Építési engedély').count(), 0);
        await expectNoA11yViolations(stranger);
        const foreign = await stranger.request.get(href);
        assert.equal(foreign.status(), 404);
      },
      {
        allowConsole: [
          failedRequest(422, 'records/archive/archive'),
          failedRequest(422, 'records/register'),
          failedRequest(404, 'records/archive/case'),
          // Another municipality's case pages answer a real 404 (the document itself).
          /Failed to load resource: the server responded with a status of 404 \(Not Found\) \(http:[^)]*\/ugyintezo\/iratkezeles\//,
        ],
      },
    );
  });
});

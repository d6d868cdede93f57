// Browser tests of the records master data (törzsadatok): the head of records edits a unit,
// a register book (with the live example number), a case category and a retention-plan item,
// and creates a partner (whose duplicate is recognised); a records clerk reads the lists but
// gets no forms. Every screen hydrates cleanly and passes axe-core's WCAG 2.1 A/AA checks.
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
const BASE = '/ugyintezo/iratkezeles/torzsadatok';

const failedRequest = (status, endpoint) =>
  new RegExp(`Failed to load resource: the server responded with a status of ${status}\\b.*/api/${endpoint}\\b`);

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
    for (const session of sessions) {
      diagnose(t, 'console warnings', session.warnings);
      await session.close();
    }
  }
}

const text = async (locator) => (await locator.textContent())?.trim();
const content = (page) => page.locator('.clerk__content');

function tableRows(page) {
  return content(page)
    .locator('table.results')
    .first()
    .evaluate((t) =>
      [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent.trim())),
    );
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

async function submitTo(page, endpoint, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/${endpoint}` && r.request().method() === 'POST'),
    button.click(),
  ]);
  return response;
}

/** Opens a master-data page and waits until it hydrated and listed its rows. */
async function openMaster(page, path, heading) {
  await page.goto(`${BASE}/${path}`);
  await waitForHydration(page);
  await eventually(async () => assert.equal(await text(content(page).locator('h1')), heading));
  await content(page).locator('p.results-count').waitFor();
}

const save = (page) => content(page).getByRole('button', { name: 'Mentés', exact: true });

describe('records master data', () => {
  test('the head of records edits units, books, categories, the retention plan and partners', async (t) => {
    await withPages(
      t,
      async (open) => {
        const page = await open();
        await signIn(page, 'godollo.vezeto');
        await page.locator('nav.clerk-nav').getByRole('link', { name: 'Törzsadatok', exact: true }).click();
        await page.waitForURL(BASE);
        await eventually(async () =>
          assert.equal(await text(content(page).locator('h1')), 'Iratkezelési törzsadatok'),
        );
        assert.equal(await content(page).locator('.tile').count(), 5);
        await expectNoA11yViolations(page);

        // A unit: created, then renamed through its "Módosítás" link.
        await openMaster(page, 'egysegek', 'Szervezeti egységek');
        await submitTo(page, 'records/master/unit/save', save(page));
        await content(page).locator('.error-summary a[href="#name"]').waitFor();
        await expectNoA11yViolations(page);
        await page.locator('#name').fill('Műszaki Iroda');
        await page.locator('#code').fill('MI');
        await submitTo(page, 'records/master/unit/save', save(page));
        await eventually(async () =>
          assert.ok((await tableRows(page)).some((row) => row[0] === 'Műszaki Iroda' && row[1] === 'MI')),
        );
        await content(page).getByRole('link', { name: /Módosítás\s*:\s*Műszaki Iroda/ }).click();
        await eventually(async () =>
          assert.equal(await text(content(page).locator('#unit-form-heading')), 'Szervezeti egység módosítása'),
        );
        assert.equal(await page.locator('#name').inputValue(), 'Műszaki Iroda');
        await page.locator('#name').fill('Műszaki Osztály');
        await submitTo(page, 'records/master/unit/save', save(page));
        await eventually(async () =>
          assert.ok((await tableRows(page)).some((row) => row[0] === 'Műszaki Osztály' && row[2] === 'Aktív')),
        );
        assert.ok(!(await tableRows(page)).some((row) => row[0] === 'Műszaki Iroda'));
        await expectNoA11yViolations(page);

        // A register book: the example number follows the template as it is typed.
        const year = new Date().getUTCFullYear();
        await openMaster(page, 'konyvek', 'Iktató- és érkeztetőkönyvek');
        await page.locator('#year').fill(String(year));
        await page.locator('#prefix').fill('ÉP');
        await page.locator('#template').fill('{prefix}/{main}/{year}');
        await eventually(async () =>
          assert.match(await text(page.locator('#template-example')), /pontosan egyszer/),
        );
        await page.locator('#template').fill('{prefix}/{main}-{sub}/{year}');
        await eventually(async () =>
          assert.equal(await text(page.locator('#template-example')), `Példa: ÉP/156-3/${year}`),
        );
        await expectNoA11yViolations(page);
        await page.locator('#name').fill('Építéshatósági iktatókönyv');
        await submitTo(page, 'records/master/book/save', save(page));
        await eventually(async () =>
          assert.ok(
            (await tableRows(page)).some(
              (row) => row[0] === 'Építéshatósági iktatókönyv' && row[2] === String(year) && row[3] === `ÉP/1-1/${year}`,
            ),
          ),
        );
        // The same prefix again in the same year is refused, and said so.
        await page.locator('#year').fill(String(year));
        await page.locator('#prefix').fill('ÉP');
        await page.locator('#name').fill('Még egy');
        await submitTo(page, 'records/master/book/save', save(page));
        await eventually(async () =>
          assert.equal(await text(content(page).locator('.error-summary a[href="#prefix"]')), 'Ilyen már létezik.'),
        );
        await expectNoA11yViolations(page);

        // A case category with its retention item and unit.
        await openMaster(page, 'ugykorok', 'Ügykörök');
        await page.locator('#code').fill('VIZ');
        await page.locator('#name').fill('Vízügyi hatósági ügyek');
        await page.locator('#deadline_days').fill('60');
        await page.selectOption('#retention_item', { label: 'G110 – Saját célú ivóvízmű és egyedi szennyvíztisztító létesítmény vízjogi engedélyezése' });
        await page.selectOption('#unit', { label: 'Műszaki Osztály' });
        await submitTo(page, 'records/master/category/save', save(page));
        await eventually(async () =>
          assert.ok(
            (await tableRows(page)).some(
              (row) =>
                row[0] === 'VIZ' &&
                row[2] === '60' &&
                row[3] === 'G110 Saját célú ivóvízmű és egyedi szennyvíztisztító létesítmény vízjogi engedélyezése' &&
                row[4] === 'Műszaki Osztály',
            ),
          ),
        );
        await expectNoA11yViolations(page);

        // A retention item found by its code and changed.
        await page.goto(`${BASE}/irattari-terv?q=U311`);
        await waitForHydration(page);
        await eventually(async () =>
          assert.deepEqual((await tableRows(page)).map((row) => row.slice(0, 3)), [
            ['U311', 'Közérdekű kérelmek, panaszok, javaslatok, bejelentések', '2 év'],
          ]),
        );
        await expectNoA11yViolations(page);
        await content(page).getByRole('link', { name: /Módosítás\s*:\s*U311/ }).click();
        await eventually(async () => assert.equal(await page.locator('#retention_years').inputValue(), '2'));
        await page.locator('#retention_years').fill('10');
        await submitTo(page, 'records/master/retention/save', save(page));
        await eventually(async () =>
          assert.deepEqual((await tableRows(page)).map((row) => row.slice(0, 3)), [
            ['U311', 'Közérdekű kérelmek, panaszok, javaslatok, bejelentések', '10 év'],
          ]),
        );
        await expectNoA11yViolations(page);

        // A partner, and the same partner typed differently.
        await openMaster(page, 'partnerek', 'Partnerek');
        const addPartner = async (name, street) => {
          await page.locator('#name').fill(name);
          await page.locator('#postal_code').fill('2100');
          await page.locator('#city').fill('Gödöllő');
          await page.locator('#street_address').fill(street);
          await submitTo(
            page,
            'records/master/partner/save',
            content(page).getByRole('button', { name: 'Partner felvétele' }),
          );
        };
        await addPartner('Kovács János', 'Fő u. 1.');
        await eventually(async () =>
          assert.match(await text(content(page).locator('.success-notice')), /A partner létrejött: Kovács János/),
        );
        await addPartner('KOVACS JANOS', 'fő utca 1');
        await eventually(async () =>
          assert.match(await text(content(page).locator('.success-notice')), /már szerepel.*Kovács János/),
        );
        await eventually(async () =>
          assert.deepEqual(
            (await tableRows(page)).filter((row) => row[0].startsWith('Kovács')).map((row) => row.slice(0, 3)),
            [['Kovács János', 'Személy', '2100 Gödöllő Fő u. 1.']],
          ),
        );
        await expectNoA11yViolations(page);
      },
      {
        allowConsole: [
          failedRequest(422, 'records/master/unit/save'),
          failedRequest(422, 'records/master/book/save'),
        ],
      },
    );
  });

  test('a records clerk reads the master data but gets no forms', async (t) => {
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'godollo.iktato');
      await openMaster(page, 'egysegek', 'Szervezeti egységek');
      await eventually(async () =>
        assert.equal(
          await text(content(page).locator('.notice')),
          'A törzsadatokat az iratkezelési vezető módosíthatja.',
        ),
      );
      assert.equal(await page.locator('#name').count(), 0);
      // Nor the rows' actions.
      assert.equal(await content(page).getByRole('link', { name: /Módosítás/ }).count(), 0);
      assert.equal(await content(page).getByRole('button', { name: /Inaktiválás/ }).count(), 0);
      assert.ok((await tableRows(page)).some((row) => row[0] === 'Igazgatási Osztály'));
      await expectNoA11yViolations(page);
    });
  });
});

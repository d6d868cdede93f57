// Browser tests of the e-forms staff side: Gödöllő's forms editor adopts the central general
// request (e-Papír), adjusts it (contact, fee, an extra question), previews and publishes it;
// a citizen submits it (through the API, with a portal session made for the test); the records
// clerk opens the submission, reads the answers, downloads the PDF, CSV and JSON exports and
// changes the status; the operator edits the template in the form builder and publishes a new
// version, which reaches Gödöllő only when its editor adopts it. Every screen hydrates cleanly and passes axe-core's WCAG 2.1 A/AA checks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
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

let server;
let browser;
let dbDir;
let dbFile;

before(async () => {
  dbDir = await mkdtemp(path.join(tmpdir(), 'openasp-e2e-eforms-'));
  dbFile = path.join(dbDir, 'openasp.sqlite');
  server = await startServer({ demo: true, env: { DATABASE_URL: `sqlite://${dbFile}?mode=rwc` } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dbDir) await rm(dbDir, { recursive: true, force: true });
});

const sql = (statement) => execFileSync('sqlite3', [dbFile, statement], { encoding: 'utf8' }).trim();
const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;

/** A citizen with a portal session, as a completed OpenID Connect sign-in leaves it. */
function citizenSession(family, given) {
  // Timestamps in the very format the server writes them.
  const now = sql('select created_at from app_user limit 1');
  const future = `2099${now.slice(4)}`;
  const id = 700000000 + Math.floor(Math.random() * 100000000);
  sql(
    `insert into citizen (id, issuer, subject, family_name, given_name, birth_date, terms_accepted_at, created_at, last_login_at)
     values (${id}, 'https://e2e-idp.example', ${quote(`e2e-${id}`)}, ${quote(family)}, ${quote(given)}, '1980-01-01', ${quote(now)}, ${quote(now)}, ${quote(now)})`,
  );
  const token = randomBytes(32).toString('base64url');
  const tokenId = createHash('sha256').update(token).digest('hex');
  sql(
    `insert into citizen_session (id, citizen_id, created_at, last_seen_at, expires_at)
     values (${quote(tokenId)}, ${id}, ${quote(now)}, ${quote(future)}, ${quote(future)})`,
  );
  return token;
}

async function api(endpoint, form, cookie) {
  const response = await fetch(`${server.url}/api/${endpoint}`, {
    method: 'POST',
    headers: {
      origin: server.url,
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${endpoint}: ${response.status} ${text}`);
  return JSON.parse(text);
}

async function withPages(t, body) {
  const sessions = [];
  const open = async () => {
    const session = await openPage(browser, { baseURL: server.url });
    sessions.push(session);
    return session.page;
  };
  try {
    await body(open);
    for (const session of sessions) session.expectNoConsoleProblems({ allow: [] });
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

describe('e-forms: editor and clerk', () => {
  let formId;

  test('the editor adopts, adjusts, previews and publishes a form', async (t) => {
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'godollo.admin');
      await page.getByRole('navigation', { name: 'Ügyintézői menü' }).getByRole('link', { name: 'E-űrlapok' }).click();
      await page.waitForURL('/ugyintezo/urlapok');
      await content(page).locator('#central-templates').waitFor();
      await expectNoA11yViolations(page);

      await content(page).getByRole('button', { name: /^Átvétel\W+Általános kérelem \(e-Papír\)$/ }).click();
      await page.waitForURL(/\/ugyintezo\/urlapok\/\d+$/);
      formId = page.url().split('/').pop();
      await content(page).locator('#form-state').waitFor();
      assert.equal((await content(page).locator('#form-state').textContent()).trim(), 'Nincs közzétéve');

      await content(page).locator('#contact').fill('ugyfelszolgalat@godollo.example');
      await content(page).locator('#fee').fill('Illetékmentes.');
      await content(page).getByRole('button', { name: 'Mentés' }).click();
      await content(page).getByText('A beállítások mentve.').waitFor();

      await content(page).locator('#extra_kind').selectOption('yes_no');
      await content(page).locator('#extra_label').fill('Kér értesítést e-mailben?');
      await content(page).getByRole('button', { name: 'Kérdés hozzáadása' }).click();
      // The preview shows the extra question, with its kind in words.
      await eventually(async () => {
        const preview = await content(page).locator('.form-preview').textContent();
        assert.match(preview, /Kér értesítést e-mailben\?\s*\(igen\/nem, nem kötelező\)/);
        assert.match(preview, /Tárgy\s*\(szöveg, kötelező\)/);
      });
      await expectNoA11yViolations(page);

      await content(page).getByRole('button', { name: 'Közzététel', exact: true }).click();
      await eventually(async () =>
        assert.equal((await content(page).locator('#form-state').textContent()).trim(), 'Közzétéve (1. változat)'),
      );
    });
  });

  test('a clerk opens a submission, exports it and sets its status', async (t) => {
    assert.ok(formId, 'the form was published by the previous test');
    const fillable = await api('eforms/public/form', { municipality: 'godollo', form: formId });
    const cookie = `openasp_citizen=${citizenSession('Böngésző', 'Ödön')}`;
    const receipt = await api(
      'eforms/submit',
      {
        municipality: 'godollo',
        version: fillable.version_id,
        answers: JSON.stringify({ targy: 'Fakivágás a Szőlő utcában', szoveg: 'Kérem a kiszáradt fa kivágását.', extra_1: 'yes' }),
      },
      cookie,
    );

    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'godollo.iktato');
      await page.getByRole('navigation', { name: 'Ügyintézői menü' }).getByRole('link', { name: 'Beadványok' }).click();
      await page.waitForURL('/ugyintezo/beadvanyok');
      const link = content(page).getByRole('link', { name: receipt.registry_number });
      await link.waitFor();
      await expectNoA11yViolations(page);
      await link.click();
      await page.waitForURL(/\/ugyintezo\/beadvanyok\/\d+$/);
      await content(page).locator('dl.answers').first().waitFor();
      const answers = await content(page).locator('dl.answers').allTextContents();
      assert.match(answers.join('\n'), /Tárgy\s*Fakivágás a Szőlő utcában/);
      assert.match(answers.join('\n'), /Kér értesítést e-mailben\?\s*Igen/);
      assert.match(await content(page).locator('.summary-list').textContent(), /Böngésző Ödön/);
      await expectNoA11yViolations(page);

      for (const [name, type, check] of [
        ['Letöltés PDF formátumban', 'application/pdf', (body) => assert.equal(body.subarray(0, 5).toString(), '%PDF-')],
        ['Letöltés CSV formátumban', 'text/csv; charset=utf-8', (body) => assert.match(body.toString('utf8'), /;Tárgy;Fakivágás a Szőlő utcában\r\n/)],
        ['Letöltés JSON formátumban', 'application/json; charset=utf-8', (body) => assert.equal(JSON.parse(body.toString('utf8')).registry_number, receipt.registry_number)],
      ]) {
        const href = await content(page).getByRole('link', { name }).getAttribute('href');
        const response = await page.request.get(href);
        assert.equal(response.status(), 200, name);
        assert.equal(response.headers()['content-type'], type);
        check(await response.body());
      }

      await content(page).locator('#status').selectOption('in_progress');
      await content(page).locator('#note').fill('Helyszíni szemle jövő héten.');
      await content(page).getByRole('button', { name: 'Állapot mentése' }).click();
      await eventually(async () =>
        assert.equal((await content(page).locator('#submission-status').textContent()).trim(), 'Ügyintézés alatt'),
      );
      assert.match(await content(page).locator('.status-history').textContent(), /Helyszíni szemle jövő héten\./);
    });
    // The status and the note reach the citizen's "My cases".
    const mine = await api('eforms/my-cases', { municipality: 'godollo' }, cookie);
    assert.equal(mine[0].status, 'in_progress');
    assert.equal(mine[0].notes.at(-1).note, 'Helyszíni szemle jövő héten.');
  });

  test('the operator edits a central template in the builder; the editor adopts the new version', async (t) => {
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'operator');
      await page.getByRole('navigation', { name: 'Ügyintézői menü' }).getByRole('link', { name: 'E-űrlapok' }).click();
      await page.waitForURL('/ugyintezo/urlapok');
      await content(page).getByRole('link', { name: /^Sablon szerkesztése\W+Általános kérelem \(e-Papír\)$/ }).click();
      await page.waitForURL('/ugyintezo/urlapok/sablonok/e_papir');
      await content(page).locator('#field-count').waitFor();
      assert.equal((await content(page).locator('#field-count').textContent()).trim(), '4 kérdés');
      await expectNoA11yViolations(page);

      // One question at a time: pick it, change it, apply; the outline follows.
      await content(page).getByRole('button', { name: 'Tárgy * (szöveg)' }).click();
      await content(page).locator('#b_label').fill('A kérelem tárgya');
      await content(page).locator('#b_label').dispatchEvent('change');
      await content(page).getByRole('button', { name: 'Alkalmaz' }).click();
      await content(page).getByRole('button', { name: 'A kérelem tárgya * (szöveg)' }).waitFor();
      await content(page).getByRole('button', { name: 'Új kérdés' }).click();
      assert.equal((await content(page).locator('#field-count').textContent()).trim(), '5 kérdés');
      await expectNoA11yViolations(page);

      // A broken id is caught before publishing, in words.
      await content(page).locator('#b_id').fill('Rossz azonosító');
      await content(page).locator('#b_id').dispatchEvent('change');
      await content(page).getByRole('button', { name: 'Alkalmaz' }).click();
      await content(page).getByRole('button', { name: 'Új változat közzététele' }).click();
      await content(page).getByText('A definíció hibás, így nem tehető közzé').waitFor();
      assert.match(await content(page).locator('.error-summary').textContent(), /Rossz azonosító: field id invalid or repeated/);
      await content(page).getByRole('button', { name: 'Törlés' }).click();
      assert.equal((await content(page).locator('#field-count').textContent()).trim(), '4 kérdés');

      await content(page).locator('#change_note').fill('A tárgy kérdése pontosabb.');
      await content(page).locator('#change_note').dispatchEvent('change');
      await content(page).getByRole('button', { name: 'Új változat közzététele' }).click();
      await content(page).getByText('A sablon 2. változata közzétéve.').waitFor();
    });

    // Gödöllő's published form keeps version 1 until its editor adopts the new one.
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'godollo.admin');
      await page.goto(`/ugyintezo/urlapok/${formId}`);
      await waitForHydration(page);
      await content(page).getByText('A sablonnak újabb változata érhető el').waitFor();
      assert.match(await content(page).locator('.form-preview').textContent(), /Tárgy\s*\(szöveg, kötelező\)/);
      await expectNoA11yViolations(page);
      await content(page).getByRole('button', { name: 'Az új sablonváltozat átvétele' }).click();
      await eventually(async () =>
        assert.match(await content(page).locator('.form-preview').textContent(), /A kérelem tárgya\s*\(szöveg, kötelező\)/),
      );
      assert.equal((await content(page).locator('#form-state').textContent()).trim(), 'Közzétéve (1. változat)');
      await content(page).getByRole('button', { name: 'Közzététel', exact: true }).click();
      await eventually(async () =>
        assert.equal((await content(page).locator('#form-state').textContent()).trim(), 'Közzétéve (2. változat)'),
      );
    });
  });
});

// Browser tests of the clerk application: signing in and out, role-gated navigation, the
// municipality switcher of a joint office, user and role administration with the audit log,
// the one-time code (TOTP) of two-step sign-in, the operator's onboarding pages, and English.
//
// One server with the demo accounts and one browser serve the whole file; every user gets
// their own browser context (own cookies). Every page visited must hydrate without console
// errors (other than the failed requests a test provokes on purpose) and pass axe-core's
// WCAG 2.1 A/AA checks.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
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

/** Every demo account's password. */
const DEMO_PASSWORD = 'openasp-demo-2026';

/** What Chromium logs when a request answers with an error status. */
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

/**
 * Runs `body` with a function that opens pages, each in its own browser context (one per
 * user), then checks every page's console and closes them all.
 */
async function withPages(t, body, { allowConsole = [] } = {}) {
  const sessions = [];
  const open = async (options = {}) => {
    const session = await openPage(browser, { baseURL: server.url, ...options });
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

const pathname = (page) => new URL(page.url()).pathname;

/** The clerk pages' own content, next to the menu. */
const content = (page) => page.locator('.clerk__content');

/** The texts of the main links of the clerk menu, in order. */
/** A records user's menu entries; a head of records also takes over legacy registers. */
const RECORDS_NAV = ['Iktatás', 'Érkeztetés', 'Szignálás', 'Saját ügyeim', 'Határidők', 'Expediálás',
  'Tértivevények', 'Keresés', 'Irattár', 'Törzsadatok'];
const RECORDS_HEAD_NAV = [...RECORDS_NAV, 'Régi iktató átvétele'];
const navLinks = (page) => page.locator('nav.clerk-nav > ul:first-of-type a').allTextContents();

/** The texts of the list items right after the content's heading `heading`. */
function listAfterHeading(page, heading) {
  return content(page).evaluate((root, heading) => {
    const h2 = [...root.querySelectorAll('h2')].find((h) => h.textContent.trim() === heading);
    const list = h2?.nextElementSibling;
    return list?.tagName === 'UL' ? [...list.querySelectorAll(':scope > li')].map((li) => li.textContent.trim()) : null;
  }, heading);
}

/** A definition list's entries as a map from each <dt> to the text of its <dd>. */
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

/** The rows of the first table of the content, each as the texts of its cells. */
function tableRows(page, table = content(page).locator('table').first()) {
  return table.evaluate((t) =>
    [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent.trim())),
  );
}

/** Waits for the dashboard of a signed-in clerk. */
async function waitForDashboard(page) {
  await page.waitForURL('/ugyintezo');
  await page.locator('.clerk-bar').waitFor();
  await content(page).locator('h1').waitFor();
}

/** Opens the sign-in page and submits `username` and `password` (no waiting for the result). */
async function submitSignIn(page, username, password = DEMO_PASSWORD) {
  if (pathname(page) !== '/belepes') await page.goto('/belepes');
  await waitForHydration(page);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Belépés' }).click();
}

/** Signs in with a password only and waits for the dashboard. */
async function signIn(page, username, password = DEMO_PASSWORD) {
  await submitSignIn(page, username, password);
  await waitForDashboard(page);
}

/** Clicks a button of a form run by a server function and waits for that function's answer. */
async function submitTo(page, endpoint, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/${endpoint}` && r.request().method() === 'POST'),
    button.click(),
  ]);
  return response;
}

/** Follows a link of the clerk menu and waits until the page shows its heading. */
async function followNav(page, name, path, heading) {
  await page.locator('nav.clerk-nav').getByRole('link', { name, exact: true }).click();
  await page.waitForURL(path);
  await eventually(async () => assert.equal(await text(content(page).locator('h1')), heading));
}

// ---- One-time codes (RFC 6238: HMAC-SHA1, 6 digits, 30 s) ------------------------------------

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(input) {
  const bytes = [];
  let buffer = 0;
  let bits = 0;
  for (const char of input.replace(/[\s=]/g, '').toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The HOTP value of `counter` (RFC 4226: HMAC-SHA1, dynamic truncation), six digits. */
function hotp(secret, counter) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', secret).update(message).digest();
  const offset = digest[19] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 1000 / 30);

/** A six-digit code that no step the server accepts now (±1) has. */
function wrongCode(secret) {
  const valid = new Set([-1, 0, 1].map((d) => hotp(secret, currentStep() + d)));
  for (let n = 0; ; n += 1) {
    const code = String(n * 111_111 % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

describe('one-time code generator of these tests', () => {
  test('matches the RFC 4226 and RFC 6238 test vectors', () => {
    const secret = Buffer.from('12345678901234567890');
    assert.deepEqual(
      [0, 1, 2, 3, 9].map((counter) => hotp(secret, counter)),
      ['755224', '287082', '359152', '969429', '520489'],
    );
    // RFC 6238 appendix B lists eight digits; six are their last six.
    assert.equal(hotp(secret, Math.floor(1111111109 / 30)), '081804');
    assert.equal(hotp(secret, Math.floor(2000000000 / 30)), '279037');
    assert.deepEqual(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'), secret);
  });
});

// ---- The clerk application --------------------------------------------------------------------

describe('clerk application', () => {
  test('signing in and out', async (t) => {
    await withPages(
      t,
      async (open) => {
        const page = await open();

        // Signed out, the clerk pages send to the sign-in page.
        await page.goto('/ugyintezo');
        await page.waitForURL('/belepes');
        assert.equal(await text(page.locator('h1')), 'Ügyintézői belépés');
        assert.equal(await page.title(), 'Ügyintézői belépés – openasp');
        await waitForHydration(page);
        await expectNoA11yViolations(page);

        // A wrong password: an error summary that takes focus, and still the sign-in page.
        await submitSignIn(page, 'godollo.admin', 'not-the-password-2026');
        const summary = page.locator('.error-summary');
        await summary.waitFor();
        assert.equal(await summary.getAttribute('role'), 'alert');
        assert.match(await text(summary), /Hibás felhasználónév vagy jelszó\./);
        await eventually(async () =>
          assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has no focus'),
        );
        assert.equal(pathname(page), '/belepes');
        assert.equal(await page.locator('.clerk-bar').count(), 0);
        await expectNoA11yViolations(page);

        // The right password: the dashboard with the user and the municipality.
        await page.locator('#password').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: 'Belépés' }).click();
        await waitForDashboard(page);
        assert.equal(await text(page.locator('.clerk-bar__user')), 'Gál Gábor (godollo.admin)');
        assert.equal(await text(page.locator('.clerk-bar__municipality')), 'Gödöllő');
        assert.equal(await page.locator('form.switcher').count(), 0, 'one municipality needs no switcher');
        assert.equal(await text(content(page).locator('h1')), 'Gödöllő');
        await eventually(async () => assert.equal(await page.title(), 'Áttekintés – openasp'));
        assert.equal(await content(page).locator('.tile').count(), 9, 'an administrator of all roles sees every system');
        await expectNoA11yViolations(page);

        // The session survives a reload: the server renders the dashboard itself.
        const response = await page.reload();
        assert.equal(response.status(), 200);
        assert.equal(pathname(page), '/ugyintezo');
        assert.equal(await text(content(page).locator('h1')), 'Gödöllő');
        await waitForHydration(page);
        assert.equal(await text(page.locator('.clerk-bar__user')), 'Gál Gábor (godollo.admin)');

        // Signing out returns to the sign-in page; the clerk pages need signing in again.
        const cookiesWhileSignedIn = await page.context().cookies();
        await submitTo(page, 'auth/logout', page.getByRole('button', { name: 'Kijelentkezés' }));
        await page.waitForURL('/belepes');
        await eventually(async () => assert.equal(await text(page.locator('h1')), 'Ügyintézői belépés'));
        assert.equal(await page.locator('.clerk-bar').count(), 0);
        await expectNoA11yViolations(page);
        await page.goto('/ugyintezo');
        await page.waitForURL('/belepes');
        assert.equal(await page.locator('.clerk-bar').count(), 0);

        // The session ended on the server too: its old cookie no longer opens the clerk pages.
        const replay = await open();
        await replay.context().addCookies(cookiesWhileSignedIn);
        await replay.goto('/ugyintezo');
        await replay.waitForURL('/belepes');
        await eventually(async () => assert.equal(await text(replay.locator('h1')), 'Ügyintézői belépés'));
        assert.equal(await replay.locator('.clerk-bar').count(), 0);
      },
      { allowConsole: [failedRequest(401, 'auth/login')] },
    );
  });

  test('the menu shows what the roles allow, and the server refuses the rest', async (t) => {
    await withPages(t, async (open) => {
      // An administrator of Gödöllő manages users and reads the audit log.
      const admin = await open();
      await signIn(admin, 'godollo.admin');
      assert.deepEqual(await navLinks(admin), ['Áttekintés', 'Felhasználók', 'Naplók', ...RECORDS_HEAD_NAV, 'Honlap', 'E-űrlapok', 'Beadványok', 'Meghatalmazások', 'Fiókom']);
      assert.equal(
        await admin.locator('nav.clerk-nav a[href="/ugyintezo"]').getAttribute('aria-current'),
        'page',
      );
      await followNav(admin, 'Felhasználók', '/ugyintezo/felhasznalok', 'Felhasználók');
      await content(admin).locator('table.results').waitFor();
      // Gödöllő's members, none of another municipality's nor the operator.
      const members = (await tableRows(admin)).map((row) => row[1]);
      for (const username of ['godollo.admin', 'godollo.iktato', 'godollo.ado']) {
        assert.ok(members.includes(username), `${username} missing from ${members}`);
      }
      for (const username of ['fot.jegyzo', 'kozos.ugyintezo', 'csomad.honlap', 'operator']) {
        assert.ok(!members.includes(username), `${username} listed in Gödöllő`);
      }
      assert.equal(await text(content(admin).locator('p.results-count')), `${members.length} felhasználó`);
      await expectNoA11yViolations(admin);

      // A records clerk has neither in the menu…
      const clerk = await open();
      await signIn(clerk, 'godollo.iktato');
      assert.deepEqual(await navLinks(clerk), ['Áttekintés', ...RECORDS_NAV, 'Beadványok', 'Meghatalmazások', 'Fiókom']);
      assert.equal(await text(clerk.locator('.clerk-bar__user')), 'Gergely Gréta (godollo.iktato)');
      assert.deepEqual(await listAfterHeading(clerk, 'Szerepköreim'), ['Iktató ügyintéző']);
      assert.deepEqual(await content(clerk).locator('.tile__title').allTextContents(), ['Iratkezelés']);
      await expectNoA11yViolations(clerk);

      // …and typing their addresses shows a refusal, not the data.
      for (const path of ['/ugyintezo/felhasznalok', '/ugyintezo/naplo']) {
        await clerk.goto(path);
        await waitForHydration(clerk);
        const notice = content(clerk).locator('.error-notice');
        await notice.waitFor();
        assert.match(await text(notice), /Ehhez nincs jogosultsága\./, `on ${path}`);
        assert.equal(await content(clerk).locator('table').count(), 0, `${path} shows a table`);
        assert.doesNotMatch(await text(content(clerk)), /godollo\.admin/, `${path} leaks a member`);
        await expectNoA11yViolations(clerk);
      }

      // The operator onboards municipalities and manages no municipality's users.
      const operator = await open();
      await signIn(operator, 'operator');
      assert.deepEqual(await navLinks(operator), ['Áttekintés', 'E-űrlapok', 'Csatlakoztatás', 'Fiókom']);
      assert.equal(await text(content(operator).locator('h1')), 'Nincs kiválasztott önkormányzat');
      assert.deepEqual(await listAfterHeading(operator, 'Üzemeltetői szerepköreim'), [
        'Csatlakoztatási operátor',
        'Ügyfélszolgálat',
      ]);
      await expectNoA11yViolations(operator);
    }, {
      // The refused pages answer 403 (the page itself, not only its data), which Chromium
      // logs as a failed load of the document.
      allowConsole: [/Failed to load resource: the server responded with a status of 403 \(Forbidden\) \(http:[^)]*\/ugyintezo\/(felhasznalok|naplo)\)/],
    });
  });

  test('the operator follows a municipality through onboarding', async (t) => {
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'operator');
      await followNav(page, 'Csatlakoztatás', '/ugyintezo/uzemeltetes', 'Önkormányzatok csatlakoztatása');
      await eventually(async () =>
        assert.equal(await text(content(page).locator('p.results-count')), '3178 önkormányzat'),
      );
      await expectNoA11yViolations(page);

      // The demo municipalities are the live ones.
      await page.selectOption('#status', 'live');
      await page.getByRole('button', { name: 'Szűrés' }).click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'live');
      await eventually(async () => assert.equal(await text(content(page).locator('p.results-count')), '3 önkormányzat'));
      assert.deepEqual(
        (await tableRows(page)).map((row) => [row[0], row[3]]),
        [
          ['Csomád', 'Éles üzem'],
          ['Fót', 'Éles üzem'],
          ['Gödöllő', 'Éles üzem'],
        ],
      );
      await waitForHydration(page);
      await expectNoA11yViolations(page);

      // Aba is not connected yet: record its next step.
      await page.goto('/ugyintezo/uzemeltetes?q=Aba');
      await waitForHydration(page);
      await content(page).getByRole('link', { name: 'Aba', exact: true }).click();
      await page.waitForURL(/\/ugyintezo\/uzemeltetes\/\d+$/);
      await eventually(async () => assert.equal(await text(content(page).locator('h1')), 'Aba'));
      assert.equal((await facts(page))['Állapot'], 'Előkészítés');
      assert.equal(await text(content(page).locator('h2').first()), 'Következő lépés: Csatlakozás');
      assert.equal(await content(page).locator('#display_name').count(), 1, 'no first administrator form');
      await expectNoA11yViolations(page);

      await submitTo(page, 'operator/status', page.getByRole('button', { name: 'Rögzítés' }));
      await eventually(async () => assert.equal((await facts(page))['Állapot'], 'Csatlakozás'));
      assert.match((await facts(page))['Csatlakozás kezdete'], /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(await text(content(page).locator('h2').first()), 'Következő lépés: Éles üzem');
      await expectNoA11yViolations(page);
    });
  });

  test('a clerk of a joint office switches between its municipalities', async (t) => {
    await withPages(t, async (open) => {
      const rolesIn = { Fót: ['Iktató ügyintéző', 'Adóügyi ügyintéző'], Csomád: ['Iktató ügyintéző'] };
      const page = await open();
      await signIn(page, 'kozos.ugyintezo');
      assert.equal(await text(page.locator('.clerk-bar__user')), 'Kovács Klára (kozos.ugyintezo)');
      assert.equal(await page.locator('.clerk-bar__municipality').count(), 0);
      const options = page.locator('form.switcher select#municipality option');
      assert.deepEqual((await options.allTextContents()).map((o) => o.trim()).sort(), ['Csomád', 'Fót']);
      assert.deepEqual(await navLinks(page), ['Áttekintés', ...RECORDS_NAV, 'Beadványok', 'Meghatalmazások', 'Fiókom']);
      await expectNoA11yViolations(page);

      const selected = async () =>
        (await page.locator('select#municipality').evaluate((s) => s.selectedOptions[0]?.textContent))?.trim();
      const first = await selected();
      assert.equal(await text(content(page).locator('h1')), first);
      assert.deepEqual(await listAfterHeading(page, 'Szerepköreim'), rolesIn[first]);

      for (const target of first === 'Fót' ? ['Csomád', 'Fót'] : ['Fót', 'Csomád']) {
        await page.selectOption('select#municipality', { label: target });
        await submitTo(page, 'auth/switch', page.getByRole('button', { name: 'Váltás' }));
        await eventually(async () => assert.equal(await text(content(page).locator('h1')), target));
        assert.equal(pathname(page), '/ugyintezo');
        assert.deepEqual(await listAfterHeading(page, 'Szerepköreim'), rolesIn[target]);
        const systems = await content(page).locator('.tile__title').allTextContents();
        assert.equal(systems.includes('Helyi adók'), target === 'Fót', `systems in ${target}: ${systems}`);
        assert.equal(await selected(), target);
        await expectNoA11yViolations(page);
      }

      // The municipality chosen belongs to the session: a reload keeps it.
      const last = await selected();
      await page.reload();
      assert.equal(await text(content(page).locator('h1')), last);
      await waitForHydration(page);
    });
  });

  test('an administrator of a joint office sees only the current municipality’s users', async (t) => {
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'fot.jegyzo');
      const usernames = async () => (await tableRows(page)).map((row) => row[1]);
      for (const municipality of ['Fót', 'Csomád']) {
        await page.selectOption('select#municipality', { label: municipality });
        await submitTo(page, 'auth/switch', page.getByRole('button', { name: 'Váltás' }));
        await eventually(async () => assert.equal(await text(content(page).locator('h1')), municipality));
        await followNav(page, 'Felhasználók', '/ugyintezo/felhasznalok', 'Felhasználók');
        await content(page).locator('table.results').waitFor();
        const expected =
          municipality === 'Fót' ? ['fot.jegyzo', 'kozos.ugyintezo'] : ['csomad.honlap', 'fot.jegyzo', 'kozos.ugyintezo'];
        await eventually(async () => assert.deepEqual((await usernames()).sort(), expected));
        await expectNoA11yViolations(page);
        await followNav(page, 'Áttekintés', '/ugyintezo', municipality);
      }
    });
  });

  test('an administrator creates a user, grants and revokes a role, and the audit log shows it', async (t) => {
    await withPages(
      t,
      async (open) => {
        const page = await open();
        await signIn(page, 'godollo.admin');
        await followNav(page, 'Felhasználók', '/ugyintezo/felhasznalok', 'Felhasználók');
        await content(page).getByRole('link', { name: 'Új felhasználó' }).click();
        await page.waitForURL('/ugyintezo/felhasznalok/uj');
        await eventually(async () => assert.equal(await text(content(page).locator('h1')), 'Új felhasználó'));
        await expectNoA11yViolations(page);

        // A password that is too short: the summary takes focus and links to the field.
        await page.locator('#display_name').fill('Teszt Elek');
        await page.locator('#username').fill('teszt.elek');
        await page.locator('#email').fill('teszt.elek@godollo.hu');
        await page.locator('#password').fill('rövid');
        await page.locator('#password_confirmation').fill('rövid');
        await page.selectOption('#role', 'RecordsClerk');
        const refused = await submitTo(page, 'members/create', page.getByRole('button', { name: 'Létrehozás' }));
        assert.equal(refused.status(), 422);
        const summary = content(page).locator('.error-summary');
        await summary.waitFor();
        assert.equal(await summary.getAttribute('role'), 'alert');
        const link = summary.locator('a[href="#password"]');
        assert.equal(await text(link), 'A jelszó legalább 12 karakter legyen.');
        await eventually(async () =>
          assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has no focus'),
        );
        assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
        assert.equal(await page.getAttribute('#password', 'aria-describedby'), 'password-hint password-error');
        const fieldErrors = content(page).locator('.field__error');
        assert.equal(await fieldErrors.count(), 1);
        assert.equal(await fieldErrors.getAttribute('id'), 'password-error');
        assert.match(await text(fieldErrors), /A jelszó legalább 12 karakter legyen\./);
        assert.equal(await page.getAttribute('#username', 'aria-invalid'), null);
        assert.equal(pathname(page), '/ugyintezo/felhasznalok/uj');
        assert.equal(await page.inputValue('#username'), 'teszt.elek', 'the form lost what was typed');
        await expectNoA11yViolations(page);

        // Corrected: the new member's page, with the first role.
        await page.locator('#password').fill('hosszú jelmondat 2026');
        await page.locator('#password_confirmation').fill('hosszú jelmondat 2026');
        await submitTo(page, 'members/create', page.getByRole('button', { name: 'Létrehozás' }));
        await page.waitForURL(/\/ugyintezo\/felhasznalok\/\d+$/);
        const userId = pathname(page).split('/').pop();
        await eventually(async () => assert.equal(await text(content(page).locator('h1')), 'Teszt Elek'));
        const details = await facts(page);
        assert.equal(details['Felhasználónév'], 'teszt.elek');
        assert.equal(details['E-mail-cím'], 'teszt.elek@godollo.hu');
        assert.equal(details['Kétlépcsős belépés'], 'Kikapcsolva');
        const roles = async () => (await tableRows(page)).map((row) => [row[0], row[3]]);
        assert.deepEqual(await roles(), [['Iktató ügyintéző', 'Érvényes']]);
        await expectNoA11yViolations(page);

        // A second role.
        await page.selectOption('#grant-role', 'TaxClerk');
        await submitTo(page, 'members/grant', page.getByRole('button', { name: 'Szerepkör adása' }));
        await eventually(async () =>
          assert.deepEqual((await roles()).sort(), [
            ['Adóügyi ügyintéző', 'Érvényes'],
            ['Iktató ügyintéző', 'Érvényes'],
          ]),
        );
        await expectNoA11yViolations(page);

        // And revoked again.
        await submitTo(
          page,
          'members/revoke',
          content(page).getByRole('button', { name: /^Visszavonás\s*\(Adóügyi ügyintéző\)$/ }),
        );
        await eventually(async () =>
          assert.deepEqual((await roles()).sort(), [
            ['Adóügyi ügyintéző', 'Visszavonva'],
            ['Iktató ügyintéző', 'Érvényes'],
          ]),
        );
        assert.equal(await content(page).getByRole('button', { name: /^Visszavonás\s*\(Adóügyi ügyintéző\)$/ }).count(), 0);
        await expectNoA11yViolations(page);

        // The list of users has the new one, with the role still held.
        await followNav(page, 'Felhasználók', '/ugyintezo/felhasznalok', 'Felhasználók');
        await eventually(async () =>
          assert.deepEqual(
            (await tableRows(page)).find((row) => row[1] === 'teszt.elek'),
            ['Teszt Elek', 'teszt.elek', 'Iktató ügyintéző', ''],
          ),
        );

        // The audit log: every change, with the administrator as actor, and an intact chain.
        await followNav(page, 'Naplók', '/ugyintezo/naplo', 'Naplók');
        await content(page).locator('table.results').waitFor();
        const entries = async () =>
          (await tableRows(page))
            .filter((row) => row[4] === `user ${userId}`)
            .map((row) => [row[3], row[2], row[5]]);
        // Reading a member's details is logged too (personal data).
        const changes = async () => (await entries()).filter(([action]) => action !== 'personal_data.read');
        await eventually(async () =>
          assert.ok(
            (await entries()).some(([action, , summary]) => action === 'personal_data.read' && summary === 'member details'),
            'reading the member is not in the log',
          ),
        );
        await eventually(async () =>
          assert.deepEqual(await changes(), [
            ['role.revoke', 'Gál Gábor (godollo.admin)', 'tax_clerk'],
            ['role.grant', 'Gál Gábor (godollo.admin)', 'tax_clerk'],
            ['role.grant', 'Gál Gábor (godollo.admin)', 'records_clerk'],
            ['user.create', 'Gál Gábor (godollo.admin)', 'Teszt Elek (teszt.elek)'],
          ]),
        );
        await expectNoA11yViolations(page);

        await submitTo(page, 'audit/verify', content(page).getByRole('button', { name: 'Hash-lánc ellenőrzése' }));
        const verdict = content(page).locator('.verify__result');
        await eventually(async () => assert.match(await text(verdict), /^A lánc ép\. Ellenőrzött bejegyzések: \d+$/));
        const checked = Number((await text(verdict)).split(': ').pop());
        assert.ok(checked >= 5, `only ${checked} entries checked`);
        await expectNoA11yViolations(page);

        // The filter by event code finds the one account created here.
        await page.goto('/ugyintezo/naplo?action=user.create');
        await waitForHydration(page);
        await eventually(async () => assert.equal(await text(content(page).locator('p.results-count')), '1 bejegyzés'));
        assert.deepEqual(
          (await tableRows(page)).map((row) => [row[3], row[5]]),
          [['user.create', 'Teszt Elek (teszt.elek)']],
        );
        assert.equal(await page.inputValue('#action'), 'user.create');
        await expectNoA11yViolations(page);
      },
      { allowConsole: [failedRequest(422, 'members/create')] },
    );
  });

  test('two-step sign-in with a one-time code', async (t) => {
    await withPages(
      t,
      async (open) => {
        const page = await open();
        await signIn(page, 'godollo.ado');
        await followNav(page, 'Fiókom', '/ugyintezo/fiokom', 'Fiókom');
        await expectNoA11yViolations(page);

        // Setting up: the secret, a wrong code refused, the right one accepted.
        await submitTo(page, 'account/totp/begin', content(page).getByRole('button', { name: 'Beállítás' }));
        const secretText = await text(content(page).locator('#totp-secret'));
        assert.match(secretText, /^[A-Z2-7]{32}$/, `not a base32 secret of 20 bytes: ${secretText}`);
        const secret = base32Decode(secretText);
        assert.match(
          await content(page).getByRole('link', { name: 'Megnyitás a hitelesítő alkalmazásban' }).getAttribute('href'),
          new RegExp(`^otpauth://totp/.*secret=${secretText}&`),
        );
        await expectNoA11yViolations(page);

        await page.locator('#code').fill(wrongCode(secret));
        const refused = await submitTo(
          page,
          'account/totp/confirm',
          content(page).getByRole('button', { name: 'Bekapcsolás' }),
        );
        assert.equal(refused.status(), 422);
        const setupError = content(page).locator('.error-summary');
        await setupError.waitFor();
        assert.match(await text(setupError), /A kód hibás\./);
        assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');
        await expectNoA11yViolations(page);

        const setupStep = currentStep();
        const setupCode = hotp(secret, setupStep);
        await page.locator('#code').fill(setupCode);
        await submitTo(page, 'account/totp/confirm', content(page).getByRole('button', { name: 'Bekapcsolás' }));
        await eventually(async () => assert.match(await text(content(page)), /Bekapcsolva: belépéskor/));
        assert.equal(await content(page).locator('#totp-secret').count(), 0, 'the secret stays on screen');
        assert.equal(await content(page).getByRole('button', { name: 'Kikapcsolás' }).count(), 1);
        await expectNoA11yViolations(page);

        await submitTo(page, 'auth/logout', page.getByRole('button', { name: 'Kijelentkezés' }));
        await page.waitForURL('/belepes');

        // The password alone now leads to the code.
        await submitSignIn(page, 'godollo.ado');
        await page.waitForURL('/belepes/kod');
        await eventually(async () => assert.equal(await text(page.locator('h1')), 'Egyszer használatos kód'));
        assert.equal(await page.locator('.clerk-bar').count(), 0);
        await expectNoA11yViolations(page);

        // Half signed in is not signed in.
        await page.goto('/ugyintezo');
        await page.waitForURL('/belepes');
        assert.equal(await page.locator('.clerk-bar').count(), 0);
        await page.goto('/belepes/kod');
        await waitForHydration(page);

        // A wrong code, and the code already used for the setup, are refused.
        const verify = async (code) => {
          await page.locator('#code').fill(code);
          return submitTo(page, 'auth/second-factor', page.getByRole('button', { name: 'Ellenőrzés' }));
        };
        for (const [what, code] of [
          ['a wrong code', wrongCode(secret)],
          ['a used code', setupCode],
        ]) {
          const response = await verify(code);
          assert.equal(response.status(), 401, `${what} was not refused`);
          const error = page.locator('.error-summary');
          await error.waitFor();
          assert.match(await text(error), /Az egyszer használatos kód hibás vagy már felhasználták\./, what);
          assert.equal(pathname(page), '/belepes/kod');
        }
        await expectNoA11yViolations(page);

        // A fresh code signs in.
        await verify(hotp(secret, Math.max(setupStep + 1, currentStep())));
        await waitForDashboard(page);
        assert.equal(await text(page.locator('.clerk-bar__user')), 'Győri Gyula (godollo.ado)');
        assert.equal(await text(content(page).locator('h1')), 'Gödöllő');
        await expectNoA11yViolations(page);
      },
      {
        allowConsole: [failedRequest(422, 'account/totp/confirm'), failedRequest(401, 'auth/second-factor')],
      },
    );
  });

  test('a records clerk registers a document and finds it in the register book', async (t) => {
    await withPages(
      t,
      async (open) => {
        const page = await open();
        await signIn(page, 'godollo.iktato');
        await followNav(page, 'Iktatás', '/ugyintezo/iktatas', 'Iktatás');
        await content(page).locator('p.results-count').waitFor();
        await expectNoA11yViolations(page);

        // No subject: the error summary names the field, nothing is numbered.
        await submitTo(page, 'records/register', content(page).getByRole('button', { name: 'Iktatás', exact: true }));
        await content(page).locator('.error-summary').waitFor();
        assert.equal(await content(page).locator('.error-summary a[href="#subject"]').count(), 1);

        const year = new Date().getUTCFullYear();
        await page.locator('#subject').fill('Építési engedély iránti kérelem');
        await page.locator('#sender').fill('Kiss Péter');
        await submitTo(page, 'records/register', content(page).getByRole('button', { name: 'Iktatás', exact: true }));
        await eventually(async () =>
          assert.equal(await text(content(page).locator('.registry-number')), `1-1/${year}`),
        );
        await eventually(async () =>
          assert.deepEqual((await tableRows(page)).map((row) => row.slice(0, 3)), [
            [`1-1/${year}`, 'Építési engedély iránti kérelem', 'Kiss Péter'],
          ]),
        );
        await expectNoA11yViolations(page);
      },
      { allowConsole: [failedRequest(422, 'records/register')] },
    );
  });

  test('the clerk pages speak English after the language switch', async (t) => {
    await withPages(t, async (open) => {
      const page = await open();
      await signIn(page, 'godollo.admin');
      const toEnglish = page.locator('a.site-header__lang');
      assert.equal(await text(toEnglish), 'English');
      await toEnglish.click();
      await page.waitForSelector('html[lang="en"]', { state: 'attached' });
      assert.equal(pathname(page), '/ugyintezo');
      // The clerk frame streams in after the document's head.
      await page.locator('nav.clerk-nav').waitFor();
      assert.deepEqual(await navLinks(page), ['Overview', 'Users', 'Audit log', 'Registration', 'Receipt',
        'Assignment', 'My work', 'Deadlines', 'Dispatch', 'Return receipts', 'Search', 'Archive', 'Master data',
        'Legacy import', 'Website', 'E-forms', 'Submissions', 'Mandates', 'My account']);
      assert.equal(await text(content(page).locator('h1')), 'Gödöllő');
      const roles = await listAfterHeading(page, 'My roles');
      assert.ok(roles?.includes('Municipality administrator'), `roles: ${roles}`);
      assert.equal(await text(page.getByRole('button', { name: 'Sign out' })), 'Sign out');
      assert.equal(await page.title(), 'Overview – openasp');
      await waitForHydration(page);
      await expectNoA11yViolations(page);

      // English stays on in the client router's pages.
      await followNav(page, 'Users', '/ugyintezo/felhasznalok', 'Users');
      // (Other tests may have added users to Gödöllő.)
      await eventually(async () => assert.match(await text(content(page).locator('p.results-count')), /^\d+ users$/));
      assert.equal(await text(content(page).locator('a.button')), 'New user');
      assert.deepEqual(
        (await content(page).locator('table.results thead th').allTextContents()).map((h) => h.trim()),
        ['Name', 'Username', 'Roles', 'Status'],
      );
      await expectNoA11yViolations(page);

      await followNav(page, 'My account', '/ugyintezo/fiokom', 'My account');
      assert.equal(await text(page.locator('label[for="current_password"]')), 'Current password');
      await expectNoA11yViolations(page);

      // Signing out in English, the sign-in page is English too; and back to Hungarian.
      await submitTo(page, 'auth/logout', page.getByRole('button', { name: 'Sign out' }));
      await page.waitForURL('/belepes');
      await eventually(async () => assert.equal(await text(page.locator('h1')), 'Clerk sign-in'));
      assert.equal(await text(page.getByRole('button', { name: 'Sign in' })), 'Sign in');
      await expectNoA11yViolations(page);
      await page.locator('a.site-header__lang').click();
      await page.waitForSelector('html[lang="hu"]', { state: 'attached' });
      assert.equal(pathname(page), '/belepes');
      assert.equal(await text(page.locator('h1')), 'Ügyintézői belépés');
    });
  });
});

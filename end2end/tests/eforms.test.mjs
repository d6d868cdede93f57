// Browser tests of the citizen's e-forms journey: a citizen fills in a multi-page conditional
// form, signs in at the (local, real) central authentication service when the attachment
// needs it, attaches a file, checks the answers, submits and sees the registry number; the
// clerks of that municipality (and not another's) see the submission. Once with JavaScript
// (conditions and checks react at once, through the WASM) and once without (every step
// posts and re-renders on the server). axe-core on every page of the journey.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT,
  diagnose,
  expectNoA11yViolations,
  launchBrowser,
  openPage,
  startServer,
  waitForHydration,
} from './support.mjs';

const DEMO_PASSWORD = 'openasp-demo-2026';

let provider;
let server;
let browser;
let formId;

/** The local OpenID provider (scripts/oidc-provider), on a free port. */
async function startProvider() {
  const child = spawn('node', [path.join(REPO_ROOT, 'scripts/oidc-provider/server.mjs'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const issuer = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /oidc-provider listening on (\S+)/.exec(line);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code})`)));
  });
  return { issuer, stop: () => child.kill('SIGTERM') };
}

/** A staff member's session on the API (server functions take form posts). */
async function staff(username) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(response.status, 200, await response.text());
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (endpoint, form = {}) => {
    const answer = await fetch(`${server.url}/api/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie },
      body: new URLSearchParams(form),
    });
    const text = await answer.text();
    assert.equal(answer.status, 200, `${endpoint}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** The form of the journey: a conditional question, a conditional page with a PDF upload. */
const DEFINITION = {
  language_version: 1,
  title: 'Próba kérelem',
  pages: [
    {
      id: 'alap', title: 'Alapadatok', sections: [{
        fields: [
          { id: 'targy', label: 'Tárgy', type: 'text', required: true },
          { id: 'ceg', label: 'Cég nevében nyújtja be?', type: 'yes_no', required: true },
          {
            id: 'adoszam', label: 'A cég adószáma', type: 'tax_number', required: true,
            hint: 'Például 12345678-1-12',
            show_if: { op: 'equals', field: 'ceg', value: 'yes' },
          },
        ],
      }],
    },
    {
      id: 'melleklet', title: 'Melléklet',
      show_if: { op: 'equals', field: 'ceg', value: 'yes' },
      sections: [{
        fields: [
          {
            id: 'igazolas', label: 'Cégkivonat', type: 'file', required: true,
            max_count: 1, max_bytes: 1048576, accept: ['application/pdf'],
          },
        ],
      }],
    },
  ],
};

before(async () => {
  provider = await startProvider();
  server = await startServer({ demo: true, env: { OPENASP_OIDC_ISSUER: provider.issuer } });
  browser = await launchBrowser();
  const editor = await staff('godollo.admin');
  formId = await editor('eforms/editor/adopt', { template: 'e_papir' });
  const operator = await staff('operator');
  await operator('eforms/templates/publish', {
    code: 'e_papir', definition: JSON.stringify(DEFINITION), note: 'böngészőteszt',
  });
  await editor('eforms/editor/adopt-latest', { form: formId });
  await editor('eforms/editor/publish', { form: formId });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  provider?.stop();
});

async function withPage(t, options, body) {
  const session = await openPage(browser, { baseURL: server.url, ...options });
  try {
    await body(session.page);
    // The OpenID provider's pages have no icon.
    session.expectNoConsoleProblems({ allow: [/favicon\.ico/] });
  } catch (error) {
    diagnose(t, 'console problems', session.failures);
    diagnose(t, 'server log (tail)', server.logs().split('\n').slice(-30));
    throw error;
  } finally {
    await session.close();
  }
}

const pdf = {
  name: 'cegkivonat.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
};

/** Signs in at the local central authentication service (first time: accepts the terms). */
async function signInAtProvider(page, login) {
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('teszt');
  await page.getByRole('button', { name: 'Belépés' }).click();
  await page.waitForURL((url) => url.origin === server.url);
  if (new URL(page.url()).pathname === '/azonositas/feltetelek') {
    await page.getByLabel('Elolvastam és elfogadom a felhasználási feltételeket').check();
    await page.getByRole('button', { name: 'Elfogadom és belépek' }).click();
  }
}

async function journey(page, { login, subject, javaScript }) {
  // axe runs in the page; without JavaScript it cannot, and the HTML is the same.
  const checkA11y = javaScript ? () => expectNoA11yViolations(page) : async () => {};
  // The form pages load the citizen's own small bundle, never the clerk application's.
  const scripts = [];
  page.on('request', (request) => {
    if (request.url().includes('/pkg/')) scripts.push(new URL(request.url()).pathname);
  });
  await page.goto('/godollo/ugyintezes');
  await checkA11y();
  await page.getByRole('link', { name: 'Próba kérelem' }).click();
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Próba kérelem' }).waitFor());
  await checkA11y();
  await page.getByRole('link', { name: 'Kitöltés megkezdése' }).click();

  // Page 1: the tax number is asked only for a company.
  await page.getByLabel('Tárgy').fill(subject);
  const taxNumber = page.getByLabel('A cég adószáma');
  assert.equal(await taxNumber.isVisible(), false);
  await page.getByLabel('Igen').check();
  if (javaScript) {
    // Through the WASM: the question appears at once, and a wrong check digit is reported
    // when the citizen leaves the field, before anything is sent.
    await page.locator('form.eform[data-enhanced="true"]').waitFor();
    assert.ok(scripts.includes('/pkg/citizen_bg.wasm'), `loaded: ${scripts}`);
    assert.deepEqual(scripts.filter((p) => p === '/pkg/openasp.js' || p.startsWith('/pkg/openasp_bg')), [],
      'the clerk bundle is not downloaded on a form page');
    await taxNumber.waitFor({ state: 'visible' });
    await taxNumber.fill('10773382-2-44');
    await taxNumber.blur();
    await page.locator('#f-adoszam-error').waitFor();
    assert.match(await page.locator('#f-adoszam-error').textContent(), /ellenőrző számjegy/);
  } else {
    // Without JavaScript the server shows the new question after Continue.
    await page.getByRole('button', { name: 'Tovább', exact: true }).click();
    await taxNumber.waitFor({ state: 'visible' });
    await taxNumber.fill('10773382-2-44');
    await page.getByRole('button', { name: 'Tovább', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.title(), /^Hiba:/);
    assert.match(await page.locator('.error-summary').textContent(), /ellenőrző számjegy/);
  }
  await checkA11y();
  await taxNumber.fill('10773381-2-44');
  await page.getByRole('button', { name: 'Tovább', exact: true }).click();

  // Page 2: attaching needs signing in; the answers so far are kept.
  await page.getByRole('heading', { level: 1, name: 'Melléklet' }).waitFor();
  await checkA11y();
  await page.locator('main').getByRole('link', { name: 'Bejelentkezés' }).click();
  await signInAtProvider(page, login);
  // Signed in, the answers given before are taken over only when the citizen says so.
  await page.getByRole('heading', { level: 1, name: 'Bejelentkezés előtt megadott válaszok' }).waitFor();
  await checkA11y();
  await page.getByRole('button', { name: 'Átveszem a válaszokat' }).click();
  await page.getByRole('heading', { level: 1, name: 'Melléklet' }).waitFor();
  await page.getByLabel('Fájl kiválasztása').setInputFiles(pdf);
  await page.getByRole('button', { name: 'Tovább', exact: true }).click();

  // Check your answers, then submit.
  await page.getByRole('heading', { level: 1, name: 'Ellenőrizze a válaszait' }).waitFor();
  const summary = await page.locator('main').textContent();
  for (const expected of [subject, 'Igen', '10773381-2-44', 'cegkivonat.pdf']) {
    assert.ok(summary.includes(expected), `${expected} in the summary`);
  }
  await checkA11y();
  await page.getByRole('button', { name: 'Elfogadom és beküldöm' }).click();
  await page.getByRole('heading', { level: 1, name: 'Beadványát megkaptuk' }).waitFor();
  await checkA11y();
  const registryNumber = (await page.locator('.registry-number').textContent()).trim();
  assert.match(registryNumber, /\d+.*\/\d{4}$/);

  // My cases shows it.
  await page.getByRole('link', { name: 'Ügyeim' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Ügyeim' }).waitFor();
  assert.ok((await page.locator('main').textContent()).includes(registryNumber));
  await checkA11y();
  return registryNumber;
}

/** Whether a staff member sees the submission in their municipality's "Beadványok" list. */
async function clerkSees(t, username, registryNumber) {
  let seen = false;
  await withPage(t, {}, async (page) => {
    await page.goto('/belepes');
    await waitForHydration(page);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Belépés' }).click();
    await page.waitForURL('/ugyintezo');
    await page.getByRole('navigation', { name: 'Ügyintézői menü' }).getByRole('link', { name: 'Beadványok' }).click();
    await page.waitForURL('/ugyintezo/beadvanyok');
    // The list has loaded when it says how many submissions there are.
    await page.locator('main .results-count').waitFor();
    seen = (await page.getByRole('link', { name: registryNumber }).count()) > 0;
  });
  return seen;
}

describe('the citizen journey', () => {
  test('with JavaScript: conditions and checks react at once', async (t) => {
    await withPage(t, {}, async (page) => {
      const number = await journey(page, { login: 'minta.peter', subject: 'Kérelem JS-sel', javaScript: true });
      assert.ok(await clerkSees(t, 'godollo.iktato', number), "Gödöllő's clerk sees it");
      assert.equal(await clerkSees(t, 'fot.jegyzo', number), false, "another municipality's clerk");
    });
  });

  test('without JavaScript: every step on the server', async (t) => {
    await withPage(t, { javaScriptEnabled: false }, async (page) => {
      const number = await journey(page, { login: 'kiss.anna', subject: 'Kérelem JS nélkül', javaScript: false });
      assert.ok(await clerkSees(t, 'godollo.iktato', number), "Gödöllő's clerk sees it");
      assert.equal(await clerkSees(t, 'fot.jegyzo', number), false, "another municipality's clerk");
    });
  });
});

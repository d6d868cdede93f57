// Shared helpers of the browser tests: a fresh openasp server, headless Chromium,
// pages that record console trouble, hydration waits and axe-core accessibility checks.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** The repository root: the parent of end2end/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const SERVER_BIN = process.env.OPENASP_BIN ?? path.join(REPO_ROOT, 'target', 'debug', 'openasp');
const SITE_ROOT = process.env.OPENASP_SITE_ROOT ?? path.join(REPO_ROOT, 'target', 'site');
const CHROMIUM = process.env.OPENASP_CHROMIUM ?? '/usr/bin/chromium';

const SERVER_START_TIMEOUT_MS = 30_000;
const SERVER_STOP_TIMEOUT_MS = 10_000;
/** Generous for a debug WASM bundle of several megabytes on a two-core machine. */
export const HYDRATION_TIMEOUT_MS = 30_000;
const ACTION_TIMEOUT_MS = 15_000;

/** The rule sets every page must pass: WCAG 2.1 A and AA, plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Starts `openasp serve` on a random loopback port with a fresh data directory.
 *
 * Resolves once the server printed its "listening" line; rejects (with what it printed)
 * if it exits first or stays silent for too long.
 *
 * `demo: true` loads the demo accounts (an operator and clerks of Gödöllő, Fót and Csomád);
 * `env` adds or overrides environment variables of the server.
 */
export async function startServer({ demo = false, env = {} } = {}) {
  if (!existsSync(SERVER_BIN)) {
    throw new Error(
      `openasp binary not found at ${SERVER_BIN}: build it first (cargo leptos build) or set OPENASP_BIN`,
    );
  }
  if (!existsSync(path.join(SITE_ROOT, 'pkg', 'openasp_bg.wasm'))) {
    throw new Error(
      `no WASM bundle under ${SITE_ROOT}/pkg: build the site first or set OPENASP_SITE_ROOT`,
    );
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'openasp-e2e-'));
  const child = spawn(SERVER_BIN, ['serve'], {
    env: {
      ...process.env,
      OPENASP_ADDR: '127.0.0.1:0',
      OPENASP_DATA_DIR: dataDir,
      OPENASP_SITE_ROOT: SITE_ROOT,
      ...(demo ? { OPENASP_DEMO: 'true' } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => output.push(chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Without colour codes, so the log reads well in a test report.
  const logs = () => output.join('').replace(/\x1b\[[0-9;]*m/g, '');

  let timer;
  try {
    const url = await new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        output.push(`${line}\n`);
        const match = /openasp is listening on (http:\/\/\S+)/.exec(line);
        if (match) resolve(match[1].replace(/\/$/, ''));
      });
      child.once('error', reject);
      exited.then(({ code, signal }) =>
        reject(new Error(`openasp exited before listening (code ${code}, signal ${signal}):\n${logs()}`)),
      );
      timer = setTimeout(
        () => reject(new Error(`openasp did not listen within ${SERVER_START_TIMEOUT_MS} ms:\n${logs()}`)),
        SERVER_START_TIMEOUT_MS,
      );
    });
    clearTimeout(timer);
    return {
      url,
      logs,
      /** Stops the server with SIGTERM (SIGKILL if it hangs) and removes its data. */
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          let killTimer;
          const stopped = await Promise.race([
            exited.then(() => true),
            new Promise((resolve) => {
              killTimer = setTimeout(() => resolve(false), SERVER_STOP_TIMEOUT_MS);
            }),
          ]);
          clearTimeout(killTimer);
          if (!stopped) {
            child.kill('SIGKILL');
            await exited;
          }
        }
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    clearTimeout(timer);
    child.kill('SIGKILL');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Launches Debian's headless Chromium (Playwright's own browser download is not used). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
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

/**
 * Opens a page in a fresh browser context (own cookies) that records console trouble.
 *
 * Failures: any console `error`, any uncaught page error, and any console message that
 * mentions hydration (Leptos reports hydration mismatches as warnings). Other warnings are
 * kept for diagnostics only.
 *
 * @param {import('playwright-core').Browser} browser
 * Other options (e.g. `storageState`, `bypassCSP`) go to the browser context as they are.
 *
 * @param {{ baseURL: string, javaScriptEnabled?: boolean, locale?: string }} options
 */
export async function openPage(browser, { baseURL, javaScriptEnabled = true, locale = 'hu-HU', ...contextOptions }) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled, locale, ...contextOptions });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const failures = [];
  const warnings = [];
  page.on('console', (message) => {
    const text = message.text();
    const where = message.location()?.url ?? '';
    const entry = `console.${message.type()}: ${text}${where ? ` (${where})` : ''} [on ${page.url()}]`;
    if (message.type() === 'error' || /hydrat/i.test(text)) {
      failures.push(entry);
    } else if (message.type() === 'warning') {
      warnings.push(entry);
    }
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.stack ?? error.message} [on ${page.url()}]`));
  page.on('crash', () => failures.push(`page crashed [on ${page.url()}]`));

  return {
    page,
    context,
    failures,
    warnings,
    /**
     * Fails if the page logged a console error, threw, or said anything about hydration.
     * `allow` lists patterns of expected messages (e.g. the 404 of a not-found page).
     */
    expectNoConsoleProblems({ allow = [] } = {}) {
      const unexpected = failures.filter((entry) => !allow.some((pattern) => pattern.test(entry)));
      assert.deepEqual(unexpected, [], `console problems:\n${unexpected.join('\n')}`);
    },
    async close() {
      await context.close();
    },
  };
}

/** Waits until the WASM bundle hydrated the document (App's effect marks <body>). */
export async function waitForHydration(page, timeout = HYDRATION_TIMEOUT_MS) {
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout });
}

const AXE_PATH = require.resolve('axe-core/axe.min.js');

/**
 * Runs axe-core on the current page and fails with every violation's id, impact, help text
 * and the selectors of the offending nodes.
 */
export async function expectNoA11yViolations(page, { tags = AXE_TAGS } = {}) {
  const alreadyLoaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!alreadyLoaded) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (values) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values },
      resultTypes: ['violations', 'incomplete'],
    });
    // axe files text whose colour equals its background under "needs review" (it cannot be
    // sure what is behind it); a person cannot read it either way, so it fails here.
    const invisible = results.incomplete
      .filter((r) => r.id === 'color-contrast')
      .flatMap((r) => r.nodes)
      .filter((node) =>
        [...node.any, ...node.all, ...node.none].some(
          (check) => typeof check.data?.contrastRatio === 'number' && check.data.contrastRatio <= 1.05,
        ),
      );
    if (invisible.length > 0) {
      results.violations.push({
        id: 'invisible-text',
        impact: 'serious',
        help: 'Text has the colour of its background (contrast 1:1)',
        nodes: invisible,
      });
    }
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node) => ({
        target: node.target.join(' '),
        summary: node.failureSummary,
      })),
    }));
  }, tags);
  const report = violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n` +
        v.targets.map((n) => `    ${n.target}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
  assert.equal(violations.length, 0, `axe violations on ${page.url()}:\n${report}`);
}

/**
 * Marks the current document so a later check can tell whether the browser loaded a new one
 * (a form submission or full reload) or the client router changed the page in place.
 */
export async function markDocument(page) {
  await page.evaluate(() => {
    window.__openaspSameDocument = true;
  });
}

/** True if the document marked by `markDocument` is still the one shown. */
export function isSameDocument(page) {
  return page.evaluate(() => window.__openaspSameDocument === true);
}

/** Retries an assertion until it passes or `timeout` ms have gone by, then throws its error. */
export async function eventually(assertion, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

/** Reports lines under a heading in a test's output, one diagnostic per line. */
export function diagnose(t, heading, lines) {
  const shown = lines.flatMap((line) => line.split('\n')).filter((line) => line.trim());
  if (!shown.length) return;
  t.diagnostic(`${heading}:`);
  for (const line of shown) t.diagnostic(`  ${line}`);
}

// Browser tests of the municipality directory: the landing page with its search, a
// municipality's page, the language switch and the not-found page, with and without JavaScript.
//
// One server and one browser serve the whole file; every test gets its own browser context
// (own cookies). Every page visited with JavaScript must hydrate without console errors and
// pass axe-core's WCAG 2.1 A/AA checks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  diagnose,
  eventually,
  expectNoA11yViolations,
  isSameDocument,
  launchBrowser,
  markDocument,
  openPage,
  startServer,
  waitForHydration,
} from './support.mjs';

/** Every municipality of the reference data (KSH gazetteer 2018). */
const ALL_MUNICIPALITIES = 3178;
const PAGE_SIZE = 20;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens a page, runs `body` with it, then checks the console and closes the context. */
async function withPage(t, options, body, { allowConsole = [] } = {}) {
  const session = await openPage(browser, { baseURL: server.url, ...options });
  try {
    await body(session.page);
    session.expectNoConsoleProblems({ allow: allowConsole });
  } catch (error) {
    diagnose(t, 'console problems', session.failures);
    diagnose(t, 'server log (tail)', server.logs().split('\n').slice(-30));
    throw error;
  } finally {
    diagnose(t, 'console warnings', session.warnings);
    await session.close();
  }
}


const text = async (locator) => (await locator.textContent())?.trim();

function resultsCount(page) {
  return text(page.locator('p.results-count'));
}

/** The names in the first column of the results table, in order. */
function resultNames(page) {
  return page.locator('table.results tbody tr th[scope="row"] a').allTextContents();
}

/** The county column of the results table. */
function resultCounties(page) {
  return page.locator('table.results tbody tr td:nth-of-type(2)').allTextContents();
}

/** The municipality facts as a map from each <dt> to the text of its <dd>. */
function facts(page) {
  return page.locator('dl.facts').evaluate((dl) => {
    const out = {};
    for (const dt of dl.querySelectorAll(':scope > dt')) {
      const dd = dt.nextElementSibling;
      out[dt.textContent.trim()] = dd ? dd.textContent.trim() : null;
    }
    return out;
  });
}

function searchParams(page) {
  return new URL(page.url()).searchParams;
}

describe('with JavaScript', () => {
  test('the landing page renders, hydrates, logs no errors and is accessible', async (t) => {
    await withPage(t, {}, async (page) => {
      const response = await page.goto('/');
      assert.equal(response.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'hu');
      assert.equal(await text(page.locator('h1')), 'Települések');
      assert.equal(await page.title(), 'Települések – openasp');
      assert.equal(await page.locator('form[role="search"]').count(), 1);
      await waitForHydration(page);
      assert.equal(await resultsCount(page), `${ALL_MUNICIPALITIES} találat`);
      assert.equal((await resultNames(page)).length, PAGE_SIZE);
      assert.equal(await page.locator('nav.pager').count(), 1);
      await expectNoA11yViolations(page);
    });
  });

  test('typing in the search box updates the results live, without submitting the form', async (t) => {
    await withPage(t, {}, async (page) => {
      await page.goto('/');
      await waitForHydration(page);
      assert.equal(await resultsCount(page), `${ALL_MUNICIPALITIES} találat`);
      await markDocument(page);

      // Type as a person would, and never press Enter: only hydrated code can react.
      await page.locator('#q').click();
      await page.locator('#q').pressSequentially('Szentend', { delay: 40 });

      await page.waitForURL((url) => url.searchParams.get('q') === 'Szentend');
      await eventually(async () => assert.equal(await resultsCount(page), '1 találat'));
      assert.deepEqual(await resultNames(page), ['Szentendre']);
      assert.equal(await text(page.locator('table.results a[href="/szentendre"]')), 'Szentendre');
      assert.equal(await page.locator('nav.pager').count(), 0, 'one result needs no pager');

      assert.ok(await isSameDocument(page), 'the form was submitted or the page reloaded');
      assert.equal(await page.inputValue('#q'), 'Szentend', 'the search box lost what was typed');
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        'q',
        'the search box lost focus while the results updated',
      );
      assert.equal(searchParams(page).get('county'), null, 'an empty county leaves the URL');
      await expectNoA11yViolations(page);

      // Clearing the box brings every municipality back.
      await page.locator('#q').fill('');
      await page.waitForURL((url) => !url.searchParams.has('q'));
      await eventually(async () => assert.equal(await resultsCount(page), `${ALL_MUNICIPALITIES} találat`));
      assert.ok(await isSameDocument(page));
    });
  });

  test('a municipality opens from the results and links its joint office members', async (t) => {
    // The website forbids scripts (CSP); axe-core is let in.
    await withPage(t, { bypassCSP: true }, async (page) => {
      await page.goto('/?q=Szentendre');
      await waitForHydration(page);
      await expectNoA11yViolations(page);
      await markDocument(page);

      await page.locator('table.results a[href="/szentendre"]').click();
      await page.waitForURL('/szentendre');
      await eventually(async () => assert.equal(await text(page.locator('h1')), 'Szentendre'));
      // A municipality's page is its website: plain HTML served outside the application,
      // so the link loads a new document (and no WASM bundle).
      assert.ok(!(await isSameDocument(page)), 'the website is not rendered by the client router');
      assert.equal(await page.locator('script').count(), 0);
      await eventually(async () => assert.equal(await page.title(), 'Szentendre – openasp'));

      const szentendre = await facts(page);
      assert.equal(szentendre['Jogállás'], 'város');
      assert.equal(szentendre['Vármegye'], 'Pest');
      assert.match(szentendre['Irányítószámok'], /\b2000\b/);
      assert.equal(szentendre['KSH-kód'], '15440');
      assert.match(szentendre['Hivatal'], /Szentendre Közös Önkormányzati Hivatal/);

      const members = page.locator('dl.facts ul.inline-list a');
      assert.equal(await text(page.locator('dl.facts h3')), 'A közös hivatalhoz tartozó települések');
      assert.deepEqual(await members.allTextContents(), ['Pilisszentlászló', 'Szentendre']);
      assert.equal(await page.getAttribute('dl.facts a[href="/szentendre"]', 'aria-current'), 'page');
      assert.equal(await page.getAttribute('dl.facts a[href="/pilisszentlaszlo"]', 'aria-current'), null);
      await expectNoA11yViolations(page);

      // The other member of the joint office, reached through its link.
      await page.locator('dl.facts a[href="/pilisszentlaszlo"]').click();
      await page.waitForURL('/pilisszentlaszlo');
      await eventually(async () => assert.equal(await text(page.locator('h1')), 'Pilisszentlászló'));
      const other = await facts(page);
      assert.equal(other['Vármegye'], 'Pest');
      assert.match(other['Hivatal'], /Szentendre Közös Önkormányzati Hivatal/);
      assert.equal(await page.getAttribute('dl.facts a[href="/pilisszentlaszlo"]', 'aria-current'), 'page');
      assert.equal(await page.locator('dl.facts a[href="/szentendre"]').count(), 1);
      await expectNoA11yViolations(page);
    });
  });

  test('the pager moves to the next page of results', async (t) => {
    await withPage(t, {}, async (page) => {
      await page.goto('/');
      await waitForHydration(page);
      const firstPage = await resultNames(page);
      assert.equal(firstPage.length, PAGE_SIZE);
      const pager = page.locator('nav.pager');
      assert.equal(await pager.getAttribute('aria-label'), 'Lapozás');
      assert.equal(await pager.locator('[aria-current="page"]').getAttribute('href'), '/');
      await markDocument(page);

      await pager.locator('a.pager__number[href="/?page=2"]').click();
      await page.waitForURL((url) => url.searchParams.get('page') === '2');
      await eventually(async () => assert.notEqual((await resultNames(page))[0], firstPage[0]));
      const secondPage = await resultNames(page);
      assert.equal(secondPage.length, PAGE_SIZE);
      assert.ok(
        secondPage.every((name) => !firstPage.includes(name)),
        `page 2 repeats names of page 1: ${secondPage}`,
      );
      assert.equal(await pager.locator('[aria-current="page"]').getAttribute('href'), '/?page=2');
      assert.equal(await pager.locator('a[rel="prev"]').getAttribute('href'), '/');
      assert.equal(await resultsCount(page), `${ALL_MUNICIPALITIES} találat`);
      assert.ok(await isSameDocument(page), 'the pager link should be followed by the client router');
      await expectNoA11yViolations(page);
    });
  });

  test('choosing a county filters the results live, and the search keeps it', async (t) => {
    await withPage(t, {}, async (page) => {
      await page.goto('/');
      await waitForHydration(page);
      await markDocument(page);

      await page.selectOption('#county', 'Vas');
      await page.waitForURL((url) => url.searchParams.get('county') === 'Vas');
      await eventually(async () => assert.equal(await resultsCount(page), '216 találat'));
      const counties = await resultCounties(page);
      assert.equal(counties.length, PAGE_SIZE);
      assert.deepEqual(new Set(counties), new Set(['Vas']), `rows outside Vas: ${counties}`);
      assert.ok(await isSameDocument(page), 'the form was submitted or the page reloaded');
      await expectNoA11yViolations(page);

      // Typing keeps the chosen county.
      await page.locator('#q').pressSequentially('Szent', { delay: 40 });
      await page.waitForURL((url) => url.searchParams.get('q') === 'Szent');
      assert.equal(searchParams(page).get('county'), 'Vas');
      await eventually(async () => {
        const names = await resultNames(page);
        assert.ok(names.length > 0 && names.length < PAGE_SIZE, `unexpected results: ${names}`);
        assert.ok(names.every((name) => /szent/i.test(name)), `names without "Szent": ${names}`);
      });
      assert.deepEqual(new Set(await resultCounties(page)), new Set(['Vas']));
      assert.equal(await page.inputValue('#county'), 'Vas');
      assert.ok(await isSameDocument(page));
      await expectNoA11yViolations(page);

      // Back to every county, the text still applies.
      await page.selectOption('#county', '');
      await page.waitForURL((url) => !url.searchParams.has('county') && url.searchParams.get('q') === 'Szent');
      await eventually(async () => {
        const counties = await resultCounties(page);
        assert.ok(counties.some((county) => county !== 'Vas'), `only Vas left: ${counties}`);
      });
    });
  });

  test('the language switch turns the page English and back, staying on the same page', async (t) => {
    // The website forbids scripts (CSP); axe-core is let in.
    await withPage(t, { bypassCSP: true }, async (page) => {
      await page.goto('/?q=Szentend');
      await waitForHydration(page);
      const toEnglish = page.locator('a.site-header__lang');
      assert.equal(await text(toEnglish), 'English');
      assert.equal(await toEnglish.getAttribute('href'), '/lang/en?next=%2F%3Fq%3DSzentend');

      await toEnglish.click();
      await page.waitForSelector('html[lang="en"]', { state: 'attached' });
      assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/?q=Szentend');
      assert.equal(await text(page.locator('h1')), 'Municipalities');
      assert.equal(await resultsCount(page), '1 result');
      assert.equal(await text(page.locator('button[type="submit"]')), 'Search');
      await waitForHydration(page);
      await expectNoA11yViolations(page);

      // English stays on while browsing, on the municipality's website too.
      await page.locator('table.results a[href="/szentendre"]').click();
      await page.waitForURL('/szentendre');
      await eventually(async () => assert.equal(await text(page.locator('h1')), 'Szentendre'));
      const english = await facts(page);
      assert.equal(english['County'], 'Pest');
      assert.match(english['Postal codes'], /\b2000\b/);
      await expectNoA11yViolations(page);

      const toHungarian = page.locator('a.site-header__lang');
      assert.equal(await text(toHungarian), 'Magyar');
      await toHungarian.click();
      await page.waitForSelector('html[lang="hu"]', { state: 'attached' });
      assert.equal(new URL(page.url()).pathname, '/szentendre');
      assert.equal(await text(page.locator('h1')), 'Szentendre');
      assert.equal((await facts(page))['Vármegye'], 'Pest');
      assert.equal(await text(page.locator('a.site-header__lang')), 'English');
      // The website has no hydration to wait for: it is complete as served.
      await expectNoA11yViolations(page);
    });
  });

  test('an unknown municipality answers 404 with an accessible not-found page', async (t) => {
    await withPage(
      t,
      {},
      async (page) => {
        const response = await page.goto('/nincs-ilyen-telepules');
        assert.equal(response.status(), 404);
        assert.equal(await text(page.locator('h1')), 'Az oldal nem található');
        assert.equal(await page.locator('main a[href="/"]').count(), 1, 'no way back to the home page');
        await waitForHydration(page);
        assert.equal(await text(page.locator('h1')), 'Az oldal nem található');
        await expectNoA11yViolations(page);
      },
      // Chromium logs the document's own 404 as a failed resource load.
      { allowConsole: [/Failed to load resource: the server responded with a status of 404/] },
    );
  });
});

describe('without JavaScript', () => {
  const noJs = { javaScriptEnabled: false };

  test('the landing page lists the municipalities rendered on the server', async (t) => {
    await withPage(t, noJs, async (page) => {
      const response = await page.goto('/');
      assert.equal(response.status(), 200);
      assert.equal(await text(page.locator('h1')), 'Települések');
      assert.equal(await resultsCount(page), `${ALL_MUNICIPALITIES} találat`);
      const names = await resultNames(page);
      assert.equal(names.length, PAGE_SIZE);
      assert.equal(await page.locator('table.results a[href="/aba"]').count(), 1);
      assert.ok((await page.locator('#county option').count()) > 10, 'the county list is empty');
      assert.equal(await page.getAttribute('body', 'data-hydrated'), null, 'JavaScript ran');

      // The pager is made of plain links.
      await page.locator('nav.pager a.pager__number[href="/?page=2"]').click();
      await page.waitForURL((url) => url.searchParams.get('page') === '2');
      const secondPage = await resultNames(page);
      assert.equal(secondPage.length, PAGE_SIZE);
      assert.notEqual(secondPage[0], names[0]);
    });
  });

  test('the search form works as a plain GET form', async (t) => {
    await withPage(t, noJs, async (page) => {
      await page.goto('/');
      await page.locator('#q').fill('2000');
      await page.getByRole('button', { name: 'Keresés' }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === '2000');
      assert.equal(await page.inputValue('#q'), '2000');
      assert.equal(await resultsCount(page), '1 találat');
      assert.deepEqual(await resultNames(page), ['Szentendre']);
      assert.equal(await page.locator('table.results a[href="/szentendre"]').count(), 1);
    });
  });

  test('the county filter works as a plain GET form', async (t) => {
    await withPage(t, noJs, async (page) => {
      await page.goto('/');
      await page.selectOption('#county', 'Vas');
      await page.getByRole('button', { name: 'Keresés' }).click();
      await page.waitForURL((url) => url.searchParams.get('county') === 'Vas');
      assert.equal(await resultsCount(page), '216 találat');
      assert.deepEqual(new Set(await resultCounties(page)), new Set(['Vas']));
      assert.equal(await page.inputValue('#county'), 'Vas', 'the chosen county is not kept');
    });
  });

  test('a municipality page renders fully on the server', async (t) => {
    await withPage(t, noJs, async (page) => {
      const response = await page.goto('/szentendre');
      assert.equal(response.status(), 200);
      assert.equal(await text(page.locator('h1')), 'Szentendre');
      assert.equal(await page.title(), 'Szentendre – openasp');
      const szentendre = await facts(page);
      assert.equal(szentendre['Jogállás'], 'város');
      assert.equal(szentendre['Vármegye'], 'Pest');
      assert.equal(szentendre['Járás'], 'Szentendrei');
      assert.match(szentendre['Irányítószámok'], /\b2000\b/);
      assert.deepEqual(await page.locator('dl.facts ul.inline-list a').allTextContents(), [
        'Pilisszentlászló',
        'Szentendre',
      ]);
    });
  });

  test('the language switch works without JavaScript', async (t) => {
    await withPage(t, noJs, async (page) => {
      await page.goto('/szentendre');
      await page.locator('a.site-header__lang').click();
      await page.waitForSelector('html[lang="en"]', { state: 'attached' });
      assert.equal(new URL(page.url()).pathname, '/szentendre');
      assert.equal((await facts(page))['County'], 'Pest');
    });
  });

  test('an unknown municipality answers 404', async (t) => {
    await withPage(
      t,
      noJs,
      async (page) => {
        const response = await page.goto('/nincs-ilyen-telepules');
        assert.equal(response.status(), 404);
        assert.equal(await text(page.locator('h1')), 'Az oldal nem található');
      },
      { allowConsole: [/Failed to load resource: the server responded with a status of 404/] },
    );
  });
});

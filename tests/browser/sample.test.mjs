// The sample corpus end to end: load it, narrow it with each facet, reproduce a view from
// its URL, go back and forward, code an entry by hand, export, and take the screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, ready, resultCount, waitForCount, settledCount, allCards, foreignRequests, openPage, closePage,
} from './harness.mjs';

const SHOTS = join(ROOT, 'docs', 'screenshots');
let srv;
let b;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ srv, b } = await openPage({ width: 1400, height: 900 }));
});

after(() => closePage(srv, b));

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes and newlines. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** A phone-sized tab on the same browser profile (so the same stored corpus), as a phone
 *  user would first see `url`; `prepare` may click before the screenshot. */
async function phoneShot(url, name, prepare = async () => {}) {
  const tab = await b.context.newPage();
  await tab.setViewportSize({ width: 375, height: 800 });
  await tab.goto(url);
  await ready(tab);
  await prepare(tab);
  await tab.waitForTimeout(300);
  await tab.screenshot({ path: join(SHOTS, name) });
  await tab.close();
}

async function clearFilters(page) {
  if (await page.$('[data-testid="clear-all"]')) await page.click('[data-testid="clear-all"]');
  await waitForCount(page, 85);
  // The facets count a frame after the list: the next test must not read a count still
  // filtered. The stance and source facets each ignore their own filter, so together they
  // count all 85 only once every facet has counted without the filters.
  await page.waitForFunction(() => ['facet-stance', 'facet-source'].every((facet) =>
    [...document.querySelectorAll(`[data-testid="${facet}"] .count`)].reduce((n, c) => n + Number(c.textContent), 0) === 85));
}

test('the empty page explains how to start, with no errors under the CSP', async () => {
  const { page } = b;
  assert.match(await page.textContent('body'), /Start by loading live blogs/);
  assert.equal(await page.$('[data-testid="entry"]'), null);
  await page.screenshot({ path: join(SHOTS, 'empty-1400.png') });
  await phoneShot(srv.url, 'empty-375.png');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(await page.$$eval('script:not([src])', (s) => s.length), 0, 'no inline script');
  assert.deepEqual(b.errors, []);
});

test('"Try the sample" loads the five seed blogs: 85 entries', async () => {
  const { page } = b;
  await page.click('[data-testid="load-sample"]');
  await waitForCount(page, 85);
  assert.equal(await settledCount(page), 85);
  assert.equal(await page.$$eval('[data-testid="file-chip"]', (c) => c.length), 5);
  const cards = await allCards(page);
  assert.equal(cards.length, 85, 'scrolling through the list shows every entry once');
  assert.ok(await page.$$eval('[data-testid="entry"]', (e) => e.length) < 85, 'only the visible cards are drawn');
  await page.screenshot({ path: join(SHOTS, 'sample-1400.png') });
  await phoneShot(srv.url, 'sample-375.png', (tab) => waitForCount(tab, 85));
});

test('stance checkbox narrows to exactly the entries of that stance', async () => {
  const { page } = b;
  const expected = Number(await page.textContent('[data-testid="facet-stance"] label:has(input[value="government"]) .count'));
  assert.ok(expected > 0);
  await page.check('[data-testid="facet-stance"] input[value="government"]');
  await waitForCount(page, expected);
  const cards = await allCards(page);
  assert.equal(cards.length, expected);
  assert.ok(cards.every((c) => c.stance === 'government'));
  assert.match(page.url(), /stance=government/);
  await clearFilters(page);
});

test('a filter click updates the facet rows in place: their counts follow, no row is rebuilt', async () => {
  const { page } = b;
  // Rebuilding every listed row in the click's own task was a third of its style and layout.
  const before = await page.evaluate(() => {
    window.__bma = document.querySelector('[data-testid="facet-actor"] [data-actor="BMA"]');
    window.__source = document.querySelector('[data-testid="facet-source"] .facet-value');
    return { bma: window.__bma.querySelector('.count').textContent, source: window.__source.querySelector('.value-name').textContent };
  });
  const expected = Number(await page.textContent('[data-testid="facet-stance"] label:has(input[value="government"]) .count'));
  await page.check('[data-testid="facet-stance"] input[value="government"]');
  await waitForCount(page, expected);
  const cards = await allCards(page);
  const bma = cards.filter((c) => c.actors.includes('BMA')).length;
  const fromSource = cards.filter((c) => c.source === before.source).length;
  assert.notEqual(String(bma), before.bma, 'the filter changes the BMA count');
  await page.waitForFunction(([n, m]) => window.__bma.querySelector('.count').textContent === String(n)
    && window.__source.querySelector('.count').textContent === String(m), [bma, fromSource]);
  assert.ok(await page.evaluate(() => window.__bma.isConnected && window.__source.isConnected), 'the same rows, updated');
  await clearFilters(page);
});

test('actor option narrows to exactly the entries naming that actor', async () => {
  const { page } = b;
  const option = page.locator('[data-testid="facet-actor"] [data-actor="BMA"]');
  // The facets count a frame after the list: right after the last test cleared its filter,
  // the option could still show its filtered count. Wait for the count of all 85 cards.
  const expected = (await allCards(page)).filter((c) => c.actors.includes('BMA')).length;
  assert.ok(expected > 0 && expected < 85);
  await page.waitForFunction((n) => document.querySelector('[data-testid="facet-actor"] [data-actor="BMA"] .count')?.textContent === String(n), expected);
  await option.click();
  await waitForCount(page, expected);
  const cards = await allCards(page);
  assert.equal(cards.length, expected);
  assert.ok(cards.every((c) => c.actors.includes('BMA')), 'every card names the BMA');
  assert.equal(await option.getAttribute('aria-pressed'), 'true');
  // Speakers only: a subset.
  await page.locator('[data-testid="facet-actor"] .role-option', { hasText: 'speaks' }).locator('input').check();
  await page.waitForFunction(() => /role=speaker/.test(location.search));
  const speakers = await settledCount(page);
  assert.ok(speakers <= expected);
  await page.locator('[data-testid="facet-actor"] .role-option', { hasText: 'named' }).locator('input').check();
  await clearFilters(page);
});

test('hour bar, shift-click range and arrow keys narrow by hour', async () => {
  const { page } = b;
  const bar = (h) => page.locator(`[data-testid="hour-bar"][data-hour="${h}"]`);
  await bar(9).click();
  const n9 = await settledCount(page);
  assert.ok(n9 > 0 && n9 < 85);
  let cards = await allCards(page);
  assert.equal(cards.length, n9);
  assert.ok(cards.every((c) => c.hour === '9'));
  assert.equal(await bar(9).getAttribute('aria-pressed'), 'true');

  await bar(11).click({ modifiers: ['Shift'] });
  await page.waitForFunction(() => /hour=9-11/.test(location.search));
  const range = await settledCount(page);
  cards = await allCards(page);
  assert.equal(cards.length, range);
  assert.ok(cards.every((c) => ['9', '10', '11'].includes(c.hour)));
  assert.ok(range >= n9);

  // Keyboard: focus the 9 o'clock bar, move right, select with Enter.
  await bar(9).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.hour), '10');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /hour=10(&|$)/.test(location.search));
  cards = await allCards(page);
  assert.equal(cards.length, await resultCount(page));
  assert.ok(cards.every((c) => c.hour === '10'));
  // Shift+arrows extend the selection from the last selected hour.
  await page.keyboard.press('Shift+ArrowRight');
  await page.waitForFunction(() => /hour=10-11/.test(location.search));

  // Dragging across bars selects the range; Back returns to the selection before the drag.
  const centre = async (h) => {
    const r = await bar(h).boundingBox();
    return [r.x + r.width / 2, r.y + r.height / 2];
  };
  const [x12, y12] = await centre(12);
  const [x14, y14] = await centre(14);
  await page.mouse.move(x12, y12);
  await page.mouse.down();
  await page.mouse.move(x14, y14, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(() => /hour=12-14/.test(location.search));
  cards = await allCards(page);
  assert.equal(cards.length, await resultCount(page));
  assert.ok(cards.every((c) => ['12', '13', '14'].includes(c.hour)));
  await page.goBack();
  await page.waitForFunction(() => /hour=10-11/.test(location.search));
  await clearFilters(page);
});

test('source and text facets narrow exactly, and facets combine with AND', async () => {
  const { page } = b;
  await page.check('[data-testid="facet-source"] input[value="guardian-allout-day2.txt"]');
  const guardian = await settledCount(page);
  let cards = await allCards(page);
  assert.equal(cards.length, guardian);
  assert.ok(cards.every((c) => c.source === 'guardian-allout-day2.txt'));
  await page.check('[data-testid="facet-stance"] input[value="doctors"]');
  const both = await settledCount(page);
  cards = await allCards(page);
  assert.equal(cards.length, both);
  assert.ok(cards.every((c) => c.source === 'guardian-allout-day2.txt' && c.stance === 'doctors'));
  await clearFilters(page);
  await page.fill('[data-testid="facet-text"]', 'picket');
  await page.waitForFunction(() => /q=picket/.test(location.search));
  const n = await settledCount(page);
  assert.ok(n > 0 && n < 85);
  const bodies = await page.$$eval('[data-testid="entry"]', (els) => els.map((e) => e.textContent.toLowerCase()));
  assert.ok(bodies.every((t) => t.includes('picket')));
  await page.fill('[data-testid="facet-text"]', '');
  await clearFilters(page);
});

test('the URL reproduces the view after a reload, and back/forward walk the history', async () => {
  const { page } = b;
  await page.check('[data-testid="facet-stance"] input[value="doctors"]');
  const doctors = await settledCount(page);
  await page.locator('[data-testid="hour-bar"][data-hour="9"]').click();
  const narrowed = await settledCount(page);
  const ids = (await allCards(page)).map((c) => c.id).sort();
  const url = page.url();
  assert.match(url, /stance=doctors/);
  assert.match(url, /hour=9/);
  await page.screenshot({ path: join(SHOTS, 'filtered-1400.png') });
  await phoneShot(url, 'filtered-375.png', async (tab) => {
    await waitForCount(tab, narrowed);
    assert.equal(await tab.isVisible('#facets'), false, 'filters start folded on a phone');
  });
  await phoneShot(url, 'filters-375.png', async (tab) => {
    await waitForCount(tab, narrowed);
    await tab.click('.filters-toggle');
    assert.equal(await tab.isVisible('#facets'), true);
    await tab.locator('.facet-hours').scrollIntoViewIfNeeded();
  });

  await page.reload();
  await ready(page);
  await waitForCount(page, narrowed);
  assert.deepEqual((await allCards(page)).map((c) => c.id).sort(), ids);
  assert.equal(await page.isChecked('[data-testid="facet-stance"] input[value="doctors"]'), true);

  await page.goBack();
  await waitForCount(page, doctors);
  assert.doesNotMatch(page.url(), /hour=/);
  await page.goForward();
  await waitForCount(page, narrowed);

  // The same link opened in a fresh tab shows the same view.
  const tab = await b.context.newPage();
  await tab.goto(url);
  await ready(tab);
  await waitForCount(tab, narrowed);
  await tab.close();
  await clearFilters(page);
});

test('export downloads a CSV with one row per matching entry', async () => {
  const { page } = b;
  await page.check('[data-testid="facet-stance"] input[value="neutral"]');
  const n = await settledCount(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
  assert.equal(download.suggestedFilename(), 'liveblog-entries.csv');
  const rows = parseCsv(await readFile(await download.path(), 'utf8')).filter((r) => r.length > 1 || r[0] !== '');
  assert.equal(rows.length - 1, n, 'header + one row per entry');
  const stanceCol = rows[0].indexOf('stance');
  assert.ok(stanceCol >= 0);
  assert.ok(rows.slice(1).every((r) => r[stanceCol] === 'neutral' || r[stanceCol] === ''));

  const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-json"]')]);
  const parsed = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(parsed.entries.length, n);
  const [graph] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-graphml"]')]);
  assert.match(await readFile(await graph.path(), 'utf8'), /<graphml/);
  await clearFilters(page);
});

test('a manual correction is marked, filters, persists across a reload and is exported', async () => {
  const { page } = b;
  const first = page.locator('[data-testid="entry"]').first();
  const id = await first.getAttribute('data-id');
  const before = await first.getAttribute('data-stance');
  const target = before === 'doctors' ? 'government' : 'doctors';
  await first.locator('.code-button').click();
  await page.locator(`[data-testid="entry"][data-id="${id}"] .coder select`).selectOption(target);
  const card = page.locator(`[data-testid="entry"][data-id="${id}"]`);
  await page.waitForFunction(([i, t]) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.stance === t, [id, target]);
  assert.match(await card.textContent(), /coded by hand/);
  await page.locator(`[data-testid="entry"][data-id="${id}"] .coder input`).fill('Unison');
  await page.locator(`[data-testid="entry"][data-id="${id}"] .coder button`, { hasText: 'Add' }).click();
  await page.waitForFunction((i) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.actors.split('|').includes('Unison'), id);

  await page.reload();
  await ready(page);
  await waitForCount(page, 85);
  await page.waitForFunction(([i, t]) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.stance === t, [id, target]);
  await page.locator('[data-testid="facet-actor"] [data-actor="Unison"]').click();
  await waitForCount(page, 1);
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-json"]')]);
  const entries = JSON.parse(await readFile(await json.path(), 'utf8')).entries;
  assert.equal(entries.length, 1);
  assert.equal(entries[0].id, id);
  assert.equal(entries[0].corrected, true);
  assert.equal(entries[0].stance, target);
  // Undo: the analyser's stance comes back.
  await page.locator(`[data-testid="entry"][data-id="${id}"] .code-button`).click();
  await page.locator(`[data-testid="entry"][data-id="${id}"] .coder button`, { hasText: 'Undo my coding' }).click();
  await waitForCount(page, 0);
  await clearFilters(page);
  await page.waitForFunction(([i, t]) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.stance === t, [id, before]);
});

test('summary and codebook views render', async () => {
  const { page } = b;
  await page.click('button[role="tab"]:has-text("Summary")');
  await page.waitForSelector('.summary-table tbody tr');
  assert.match(await page.textContent('.summary'), /Junior doctors/);
  assert.match(await page.textContent('.summary'), /Key points|summaries/);
  await page.click('button[role="tab"]:has-text("Codebook")');
  await page.waitForSelector('.codebook-table tbody tr');
  assert.match(await page.textContent('.codebook-table'), /Jeremy Hunt/);
  const [cb] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Download codebook")')]);
  assert.ok(JSON.parse(await readFile(await cb.path(), 'utf8')).actors.length > 5);
  await page.click('button[role="tab"]:has-text("Entries")');
});

test('nothing was requested from anywhere but the page itself, and no error was logged', async () => {
  assert.deepEqual(foreignRequests(b.requests, srv.origin), []);
  assert.deepEqual(b.errors, []);
});

// Files are parsed in web workers, off the page's thread; when the workers cannot start the
// page parses them itself. Both ways give the same entries.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDS, serve, launch, ready, waitForCount, allCards, resultCount } from './harness.mjs';

let srv;
const open = [];

after(async () => {
  for (const b of open) await b.close();
  await srv?.close();
});

async function seedFiles() {
  const names = (await readdir(SEEDS)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(names.map(async (name) => ({ name, mimeType: 'text/plain', buffer: await readFile(join(SEEDS, name)) })));
}

/** Loads the seeds through the file input in a fresh browser; `block` stops the workers. */
async function loadSeeds({ block }) {
  srv ??= await serve();
  const b = await launch();
  open.push(b);
  const warnings = [];
  b.page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  if (block) await b.context.route(/\/worker-[0-9a-f]+\.js$/, (route) => route.abort());
  await b.page.goto(srv.url);
  await ready(b.page);
  await b.page.setInputFiles('[data-testid="file-input"]', await seedFiles());
  await waitForCount(b.page, 85, 30000);
  const cards = (await allCards(b.page)).map((c) => JSON.stringify(c)).sort();
  return { b, warnings, cards };
}

let viaWorkers;

test('the workers start and warm up once the page is up, before any file, showing nothing', async () => {
  srv ??= await serve();
  const b = await launch();
  open.push(b);
  await b.page.goto(srv.url);
  await ready(b.page);
  for (let i = 0; i < 100 && b.page.workers().length === 0; i++) await b.page.waitForTimeout(50);
  assert.ok(b.page.workers().length >= 1, 'the parsing workers were started');
  await b.page.waitForTimeout(500); // their warm-up files are prepared meanwhile
  assert.ok(await b.page.isVisible('.welcome'), 'the welcome is still shown');
  assert.equal(await b.page.$('[data-testid="entry"]'), null);
  assert.equal(await b.page.$('[data-testid="file-chip"]'), null, 'the warm-up files are not loaded');
  assert.equal(await b.page.textContent('[data-testid="notices"]'), '');
  assert.deepEqual(b.errors, []);
});

test('the seeds are parsed in workers, none on the page', async () => {
  viaWorkers = await loadSeeds({ block: false });
  const { b, warnings, cards } = viaWorkers;
  assert.ok(b.page.workers().length >= 1, 'at least one parsing worker runs');
  assert.deepEqual(warnings.filter((w) => w.includes('sent to another parser')), []);
  assert.equal(cards.length, 85);
  assert.deepEqual(b.errors, []);
});

test('with the worker script unreachable, the page parses the files itself, to the same entries', async () => {
  const { b, cards } = await loadSeeds({ block: true });
  // The workers failed (at their warm-up, or with files out, which were then sent again):
  // the page loaded the parser onto its own thread.
  assert.ok(b.requests.some((u) => /\/parse_worker-[0-9a-f]+\.js$/.test(u)), 'the page loaded the parser itself');
  assert.equal(b.page.workers().length, 0, 'the failed worker is gone');
  assert.deepEqual(cards, viaWorkers.cards);
  assert.deepEqual(b.errors.filter((e) => !e.includes('worker-') && !e.includes('Failed to load resource')), []);
});

test('a saved session opens to the same entries whether a worker reads it or the page itself', async () => {
  const { page } = viaWorkers.b;
  await page.click('.session-menu > summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Save session file")')]);
  const file = join(await mkdtemp(join(tmpdir(), 'liveblog-session-')), 'session.json');
  await download.saveAs(file);
  await page.click('.session-menu > summary');
  for (const block of [false, true]) {
    const b = await launch();
    open.push(b);
    if (block) await b.context.route(/\/worker-[0-9a-f]+\.js$/, (route) => route.abort());
    await b.page.goto(srv.url);
    await ready(b.page);
    assert.equal(await b.page.$('[data-testid="entry"]'), null, 'a fresh page, nothing loaded');
    await b.page.click('.session-menu > summary');
    await b.page.setInputFiles('[data-testid="session-input"]', file);
    await waitForCount(b.page, 85, 30000);
    const cards = (await allCards(b.page)).map((c) => JSON.stringify(c)).sort();
    assert.deepEqual(cards, viaWorkers.cards, block ? 'read by the page itself' : 'read by a worker');
    if (block) assert.equal(b.page.workers().length, 0, 'no worker ran');
  }
});

test('with no parser reachable at all, every file is named with the reason and the page stays up', async () => {
  srv ??= await serve();
  const b = await launch();
  open.push(b);
  await b.context.route(/\/(worker|parse_worker)-[0-9a-f]+(_bg)?\.(js|wasm)$/, (route) => route.abort());
  await b.page.goto(srv.url);
  await ready(b.page);
  const files = (await seedFiles()).slice(0, 2);
  await b.page.setInputFiles('[data-testid="file-input"]', files);
  for (const f of files) {
    await b.page.locator('[data-testid="notices"] .notice.error', { hasText: f.name }).waitFor();
  }
  assert.match(await b.page.textContent('[data-testid="notices"]'), /cannot run the parser/);
  assert.equal(await b.page.$('[data-testid="entry"]'), null);
  // The page still answers: the sample button is there and the welcome is shown.
  assert.ok(await b.page.isVisible('.welcome'));
});

test('a new codebook analyses every entry again in the workers; removing a file re-merges without parsing', async () => {
  const loaded = await loadSeeds({ block: false });
  const { b } = loaded;
  const { page } = b;
  const cards = loaded.cards.map((c) => JSON.parse(c));
  const withBma = cards.filter((c) => c.actors.includes('BMA'));
  assert.ok(withBma.length > 10, 'the seeds name the BMA');
  // The BMA renamed, its old name kept as an alias: the same entries name it.
  const codebook = JSON.parse((await readFile('data/codebook.json', 'utf8')).replaceAll('"BMA"', '"The BMA union"'));
  codebook.actors.find((a) => a.name === 'The BMA union').aliases.push('BMA');
  await page.click('button[role="tab"]:has-text("Codebook")');
  await page.setInputFiles('[data-testid="codebook-input"]', { name: 'renamed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(codebook)) });
  await page.click('button[role="tab"]:has-text("Entries")');
  await page.locator('[data-testid="facet-actor"] [data-actor="The BMA union"]').waitFor();
  await page.waitForFunction(() => !document.querySelector('.progress'));
  await waitForCount(page, 85);
  const again = new Map((await allCards(page)).map((c) => [c.id, c]));
  assert.equal(again.size, 85);
  for (const c of cards) {
    const renamed = c.actors.map((a) => (a === 'BMA' ? 'The BMA union' : a));
    assert.deepEqual(again.get(c.id)?.actors, renamed, c.id);
    assert.equal(again.get(c.id)?.stance, c.stance, c.id);
  }
  const itv = cards.filter((c) => c.source === 'itv-live-updates.txt').length;
  await page.click('[data-testid="file-chip"]:has-text("itv-live-updates.txt") button');
  await waitForCount(page, 85 - itv);
  // The page never needed the parser on its own thread: its fallback script was not loaded.
  assert.equal(await page.$('script[src*="parse_worker"]'), null);
  assert.deepEqual(b.errors, []);
});

test('forgetting everything while files are still loading leaves nothing, now or after a reload', async () => {
  srv ??= await serve();
  const b = await launch();
  open.push(b);
  const { page } = b;
  await page.goto(srv.url);
  await ready(page);
  const files = Array.from({ length: 600 }, (_, i) => ({
    name: `blog-${i}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`Strike day ${i}\n\n10.15am GMT\n\nUpdate ${i}: the BMA said talks go on.\n\n10.05am GMT\n\nJeremy Hunt said the offer ${i} was fair.\n`),
  }));
  await page.setInputFiles('[data-testid="file-input"]', files);
  // Some are in, most are still on their way.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="result-count"]')?.textContent.replace(/\D/g, '')) > 0);
  assert.ok(await page.$('.progress'), 'still loading when forgetting');
  await page.click('.session-menu > summary');
  await page.click('button:has-text("Forget everything")');
  await page.click('[data-testid="forget-confirm"]');
  await page.waitForSelector('.welcome');
  // Whatever was out at a worker comes back now and must be thrown away.
  await page.waitForFunction(() => !document.querySelector('.progress'), null, { timeout: 30000 });
  await page.waitForTimeout(500);
  assert.equal(await page.$('[data-testid="entry"]'), null);
  assert.equal(await page.$('[data-testid="file-chip"]'), null);
  await page.reload();
  await ready(page);
  await page.waitForTimeout(500);
  assert.equal(await page.$('[data-testid="file-chip"]'), null, 'nothing is stored after a reload');
  assert.equal(await resultCount(page).catch(() => 0), 0);
});

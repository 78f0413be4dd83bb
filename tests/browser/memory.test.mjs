// A corpus larger than the page's memory. A browser gives a page's WebAssembly 4 GiB, and
// past it the page stopped, and again at every reload, its files being stored. Files that
// would not fit are now refused, each named with the reason, and the rest load and reopen.
// A test cannot load gigabytes: it lowers the page's limit (`globalThis.liveblogMemoryLimit`,
// read by src/app/memory.rs) to 120 MB, so a file can be 40 MB at most. The files' bytes are
// kept outside the page's memory, and a session file is written from them a piece at a time.
// A stored file that no longer fits when it is opened again stays stored, listed with the
// files: the person loads it once there is room, or removes it from the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDS, serve, launch, ready, settledCount, workerWasmMemories } from './harness.mjs';

const LIMIT = 120e6;

let srv;
let b;
let dir;

/** About `mb` MB of a live blog whose entries all differ: the memory it takes is like a real one's. */
function blog(tag, mb) {
  // characters of two and three bytes, which the session file's pieces of 1 MB may cut
  const body = 'Junior doctors walked out again this morning, and Jeremy Hunt said the contract would be imposed – “for good”. '
    + 'The BMA said talks had broken down, café by café. '.repeat(12);
  const parts = [];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const h = 1 + (i % 11);
    const m = String(i % 60).padStart(2, '0');
    const entry = `${h}.${m}am GMT\n\n${tag} update ${i}: the strike, day ${i % 5 + 1}\n\n${body}(${tag} ${i})\n\n`;
    parts.push(entry);
    size += Buffer.byteLength(entry);
  }
  return parts.join('');
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liveblog-memory-'));
  srv = await serve();
  b = await launch();
  // (a test may set another limit for the page's next start)
  await b.context.addInitScript((limit) => {
    globalThis.liveblogMemoryLimit = Number(localStorage.getItem('test-memory-limit')) || limit;
  }, LIMIT);
  await b.page.goto(srv.url);
  await ready(b.page);
});

after(async () => {
  await b?.close();
  await srv?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const notices = (page) => page.$$eval('[data-testid="notices"] .notice.error', (n) => n.map((x) => x.textContent));

test('files that would not fit are named with the reason; the others load, and reopen after a reload', async () => {
  const { page } = b;
  const files = {
    'whole-season.txt': blog('season', 48), // more than any file may be: 48 MB x 3 > 120 MB
    // fits: 30 MB x 3 <= 120 MB less what the page holds before (measured: under 0.4 MB)
    'first-week.txt': blog('first', 30),
    // does not fit after the first week, whose entries hold at least its 30 MB again (measured: 2.8 times that)
    'second-week.txt': blog('second', 30),
  };
  const paths = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    paths.push(join(dir, name));
  }
  const seed = 'bbc-feb10-page1.txt';
  await writeFile(join(dir, seed), await readFile(join(SEEDS, seed)));
  paths.push(join(dir, seed));

  await page.setInputFiles('[data-testid="file-input"]', paths);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="notices"] .notice.error').length === 2, null, { timeout: 60000 });
  const total = await settledCount(page);
  const told = await notices(page);
  assert.match(told[0], /^whole-season\.txt: not loaded: at 48 MB it is too large for this page, which can take a file of 40 MB at most \(a browser gives a page, and each of its parsers, 4 GB of memory/);
  assert.match(told[0], /Split it into smaller files\./);
  assert.match(told[1], /^second-week\.txt: not loaded: at 30 MB it does not fit with the files already loaded: there is room for about \d+(\.\d)? MB more/);
  assert.match(told[1], /Remove some files to make room, or explore the collection in parts\./);
  const chips = await page.$$eval('[data-testid="file-chip"] .file-name', (e) => e.map((x) => x.textContent).sort());
  assert.deepEqual(chips, [seed, 'first-week.txt'], 'the files that fit are loaded, the seed after the refused one too');
  assert.ok(total > 10000, `the first week's entries are in: ${total}`);
  assert.deepEqual(b.errors.filter((e) => !/integrity/.test(e)), [], 'nothing failed in the page');

  // The worker that prepared the first week grew its memory, which never shrinks, to several
  // times the file; idle, it was replaced by a fresh one (src/app/workers.rs, RENEW_FROM).
  const workers = (await workerWasmMemories(await b.context.newCDPSession(page))).flat();
  assert.ok(workers.length > 0, 'the page has parsing workers');
  assert.ok(workers.every((bytes) => bytes < 128 * 2 ** 20), `every worker's memory is under 128 MiB: ${workers}`);

  // The session file holds the loaded files as they were: the page wrote them from the bytes
  // it keeps outside its memory, in pieces.
  await page.click('.session-menu > summary');
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('button:has-text("Save session file")')]);
  await page.click('.session-menu > summary');
  const session = JSON.parse(await readFile(await dl.path(), 'utf8'));
  assert.deepEqual(session.files.map((f) => f.name), ['first-week.txt', seed]);
  assert.ok(session.files[0].text === files['first-week.txt'], 'the first week, whole and unchanged');
  assert.ok(session.files[1].text === (await readFile(join(SEEDS, seed), 'utf8')), 'the seed, whole and unchanged');

  // Only what was loaded was stored: it all opens again, and the page stays up.
  await page.reload();
  await ready(page);
  assert.equal(await settledCount(page), total);
  assert.deepEqual(await notices(page), [], 'nothing is refused on reopening');
  const reopened = await page.$$eval('[data-testid="file-chip"] .file-name', (e) => e.map((x) => x.textContent).sort());
  assert.deepEqual(reopened, chips);
});

/** Reloads the page with its memory limited to `limit` bytes. */
async function reloadWithLimit(page, limit) {
  await page.evaluate((l) => localStorage.setItem('test-memory-limit', String(l)), limit);
  await page.reload();
  await ready(page);
}

const chipNames = (page) => page.$$eval('[data-testid="file-chip"] .file-name', (e) => e.map((x) => x.textContent).sort());
const heldBack = (page) => page.$$eval('[data-testid="held-back"] li', (l) => l.map((x) => ({
  name: x.querySelector('.file-name').textContent,
  buttons: [...x.querySelectorAll('button')].map((b) => b.textContent),
})));

test('a stored file that no longer fits is listed with the files: loaded once there is room, or removed', async () => {
  const { page } = b;
  const seed = 'bbc-feb10-page1.txt';
  // The first test left the first week and the seed stored; two smaller blogs take the week's place.
  await page.click('[aria-label="Remove first-week.txt"]');
  const early = blog('early', 10);
  const late = blog('late', 10);
  await writeFile(join(dir, 'early.txt'), early);
  await writeFile(join(dir, 'late.txt'), late);
  await page.setInputFiles('[data-testid="file-input"]', [join(dir, 'early.txt'), join(dir, 'late.txt')]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-chip"]').length === 3, null, { timeout: 60000 });
  const all = await settledCount(page);

  // Reopened under 50 MB, the later blog (10 MB, taking three times that) no longer fits beside the first.
  await reloadWithLimit(page, 50e6);
  await page.waitForSelector('[data-testid="held-back"]', { timeout: 60000 });
  const told = await notices(page);
  assert.equal(told.length, 1, told.join('\n'));
  assert.match(told[0], /^late\.txt: not loaded: at 10 MB it does not fit with the files already loaded/);
  assert.match(told[0], /It stays stored in this browser, listed with the files: load it from there once there is room, or remove it\./);
  assert.deepEqual(await heldBack(page), [{ name: 'late.txt', buttons: ['Load', 'Remove from this browser'] }]);
  assert.deepEqual(await chipNames(page), ['early.txt', seed].sort());
  const withoutLate = await settledCount(page);
  assert.ok(withoutLate < all, `${withoutLate} < ${all}`);

  // A session file holds it too, with the loaded files: as base64, since it was never read as text.
  await page.click('.session-menu > summary');
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('button:has-text("Save session file")')]);
  await page.click('.session-menu > summary');
  const session = JSON.parse(await readFile(await dl.path(), 'utf8'));
  assert.deepEqual(session.files.map((f) => f.name), [seed, 'early.txt', 'late.txt']);
  assert.ok(session.files[1].text === early, 'the loaded blog, as text');
  assert.ok(Buffer.from(session.files[2].base64, 'base64').toString('utf8') === late, 'the blog held back, whole');

  // Its name stays taken: a new file of that name loads under another, and the stored one is not written over.
  await page.setInputFiles('[data-testid="file-input"]', { name: 'late.txt', mimeType: 'text/plain', buffer: await readFile(join(SEEDS, 'itv-live-updates.txt')) });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="file-chip"] .file-name')].some((e) => e.textContent === 'late (2).txt'), null, { timeout: 20000 });
  const withItv = await settledCount(page);
  assert.ok(withItv > withoutLate);

  // Once the first blog is removed there is room: the held file loads, whole.
  await page.click('[aria-label="Remove early.txt"]');
  await page.click('[aria-label="Load late.txt"]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="file-chip"] .file-name')].some((e) => e.textContent === 'late.txt'), null, { timeout: 60000 });
  assert.equal(await page.$('[data-testid="held-back"]'), null, 'nothing is held back any more');
  assert.deepEqual(await chipNames(page), ['late (2).txt', 'late.txt', seed].sort());
  await settledCount(page);
  const lateMeta = await page.$$eval('[data-testid="file-chip"]', (chips) => chips
    .find((c) => c.querySelector('.file-name').textContent === 'late.txt').querySelector('.file-meta').textContent);
  assert.match(lateMeta, new RegExp(` \\u00b7 ${all - withoutLate} entries$`), 'all its entries, as when it was first loaded');

  // Under 20 MB no page could take it: listed to remove only. Removed, it is gone at the next visit too.
  await reloadWithLimit(page, 20e6);
  await page.waitForSelector('[data-testid="held-back"]', { timeout: 60000 });
  assert.match((await notices(page))[0], /^late\.txt: not loaded: at 10 MB it is too large for this page.*It stays stored in this browser, listed with the files, where you can remove it\./);
  assert.deepEqual(await heldBack(page), [{ name: 'late.txt', buttons: ['Remove from this browser'] }]);
  await page.click('[aria-label="Remove late.txt from this browser"]');
  assert.equal(await page.$('[data-testid="held-back"]'), null);
  // (the removal is written behind: reloaded before it commits, the page would find the file)
  await page.waitForFunction(() => new Promise((ok) => {
    const open = indexedDB.open('liveblog-explorer');
    open.onsuccess = () => {
      const keys = open.result.transaction('files').objectStore('files').getAllKeys();
      keys.onsuccess = () => ok(!keys.result.includes('late.txt'));
      keys.onerror = () => ok(false);
    };
    open.onerror = () => ok(false);
  }), null, { timeout: 20000 });
  await reloadWithLimit(page, 20e6);
  await settledCount(page);
  assert.deepEqual(await notices(page), [], 'nothing is refused: the removed file is no longer stored');
  assert.deepEqual(await chipNames(page), ['late (2).txt', seed].sort());
  assert.deepEqual(b.errors.filter((e) => !/integrity/.test(e)), [], 'nothing failed in the page');
});

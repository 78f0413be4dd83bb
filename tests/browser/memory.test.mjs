// A corpus larger than the page's memory. A browser gives a page's WebAssembly 4 GiB, and
// past it the page stopped, and again at every reload, its files being stored. Files that
// would not fit are now refused, each named with the reason, and the rest load and reopen.
// A test cannot load gigabytes: it lowers the page's limit (`globalThis.liveblogMemoryLimit`,
// read by src/app/memory.rs) to 120 MB, so a file can be 40 MB at most. The files' bytes are
// kept outside the page's memory, and a session file is written from them a piece at a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDS, serve, launch, ready, settledCount } from './harness.mjs';

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
  await b.context.addInitScript((limit) => { globalThis.liveblogMemoryLimit = limit; }, LIMIT);
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

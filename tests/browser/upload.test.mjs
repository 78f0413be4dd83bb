// Files from disk: the five seeds plus a binary file and files holding HTML, through the file
// picker, a drop and a paste. Bad files are named in the diagnostics, good ones all load,
// markup stays text, and a reload keeps the corpus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SEEDS, ready, waitForCount, settledCount, allCards, foreignRequests, openPage, closePage,
} from './harness.mjs';

let srv;
let b;

// A PNG header and some binary noise, saved as .txt.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 256)),
]);

const HOSTILE = [
  'Strike latest: <script>window.__pwned = "title"</script>',
  '',
  '10.15am GMT',
  '',
  '<img src=x onerror="window.__pwned = \'img\'"> The BMA said the contract was unsafe.',
  '',
  '10.05am GMT',
  '',
  'Jeremy Hunt said <script>window.__pwned = "body"</script> the offer was fair. <a href="javascript:window.__pwned=1">link</a>',
  '',
].join('\n');

before(async () => ({ srv, b } = await openPage()));

after(() => closePage(srv, b));

async function seedFiles() {
  const names = (await readdir(SEEDS)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(names.map(async (name) => ({ name, mimeType: 'text/plain', buffer: await readFile(join(SEEDS, name)) })));
}

test('seeds + a binary file + HTML-bearing files: the binary is named, the rest loads, nothing runs', async () => {
  const { page } = b;
  const files = [
    ...(await seedFiles()),
    { name: 'picture.txt', mimeType: 'text/plain', buffer: PNG },
    { name: 'hostile.txt', mimeType: 'text/plain', buffer: Buffer.from(HOSTILE) },
    { name: '<img src=x onerror="window.__pwned=\'name\'">.txt', mimeType: 'text/plain', buffer: Buffer.from('11:00\n\nA quiet update about the strike.\n') },
    { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
  ];
  await page.setInputFiles('[data-testid="file-input"]', files);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-chip"]').length === 9, null, { timeout: 30000 });
  const total = await settledCount(page);
  assert.ok(total >= 85 + 3, `85 seed entries and the hostile files' entries, got ${total}`);

  const diagnostics = await page.textContent('[data-testid="diagnostics"]');
  assert.match(diagnostics, /picture\.txt/, 'the binary file is named in the diagnostics');
  assert.match(diagnostics, /empty\.txt/, 'the empty file is named in the diagnostics');
  const failed = await page.$$eval('[data-testid="file-chip"].failed .file-name', (e) => e.map((x) => x.textContent));
  assert.deepEqual(failed.sort(), ['empty.txt', 'picture.txt']);

  // Markup is shown as text and never runs.
  await page.fill('[data-testid="facet-text"]', 'pwned');
  await page.waitForFunction(() => /q=pwned/.test(location.search));
  const shown = await page.$$eval('[data-testid="entry"]', (els) => els.map((e) => e.textContent).join('\n'));
  assert.match(shown, /<script>window\.__pwned = "body"<\/script>/);
  assert.match(shown, /<img src=x onerror=/);
  assert.match(await page.textContent('.file-chips'), /<img src=x onerror=/, 'the file name shows as text');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no injected script ran');
  assert.equal(await page.$$eval('img', (i) => i.length), 0, 'no injected element exists');
  assert.equal(await page.$$eval('a[href^="javascript:"]', (a) => a.length), 0);
  await page.fill('[data-testid="facet-text"]', '');
  await waitForCount(page, total);
});

test('a reload keeps the corpus (refused files are not kept)', async () => {
  const { page } = b;
  const before = (await allCards(page)).map((c) => c.id).sort();
  await page.reload();
  await ready(page);
  await waitForCount(page, before.length);
  assert.deepEqual((await allCards(page)).map((c) => c.id).sort(), before);
  const chips = await page.$$eval('[data-testid="file-chip"] .file-name', (e) => e.map((x) => x.textContent));
  assert.equal(chips.length, 7);
  assert.ok(!chips.includes('picture.txt'));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('a second tab sees the same corpus', async () => {
  const tab = await b.context.newPage();
  await tab.goto(srv.url);
  await ready(tab);
  const n = await settledCount(b.page);
  await waitForCount(tab, n);
  await tab.close();
});

test('dropping a file anywhere and pasting text both load', async () => {
  const { page } = b;
  const before = await settledCount(page);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['09:30\n\nDropped: the Department of Health said talks would resume.\n'], 'dropped.txt', { type: 'text/plain' }));
    document.querySelector('.foot').dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.querySelector('.foot').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await waitForCount(page, before + 1);
  assert.match(await page.textContent('.file-chips'), /dropped\.txt/);

  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '08:15\n\nPasted: picket lines formed outside the hospital.\n');
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await waitForCount(page, before + 2);
  assert.match(await page.textContent('.file-chips'), /pasted-1\.txt/);

  // Loading the same file again changes nothing and says so.
  await page.setInputFiles('[data-testid="file-input"]', (await seedFiles()).slice(0, 1));
  await page.waitForFunction(() => /already loaded/.test(document.querySelector('[data-testid="notices"]').textContent));
  assert.equal(await settledCount(page), before + 2);
});

test('removing a file drops its entries only', async () => {
  const { page } = b;
  const before = await settledCount(page);
  const itv = (await allCards(page)).filter((c) => c.source === 'itv-live-updates.txt').length;
  assert.ok(itv > 0);
  await page.click('[data-testid="file-chip"]:has-text("itv-live-updates.txt") button');
  await waitForCount(page, before - itv);
  assert.ok((await allCards(page)).every((c) => c.source !== 'itv-live-updates.txt'));
});

test('a codebook whose names hold HTML and javascript: URLs shows them as text', async () => {
  const { page } = b;
  await page.click('button[role="tab"]:has-text("Codebook")');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Download codebook")')]);
  const codebook = JSON.parse(await readFile(await dl.path(), 'utf8'));
  const evil = '<img src=x onerror="window.__pwned=\'codebook\'">';
  codebook.actors.push({ name: evil, kind: 'person', camp: codebook.actors[0].camp, role: 'javascript:window.__pwned=1', aliases: ['Zebedee Quux'] });
  await page.setInputFiles('[data-testid="codebook-input"]', { name: 'evil-codebook.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(codebook)) });
  await page.waitForFunction(() => /loaded from a file/.test(document.querySelector('.codebook h2').textContent));
  assert.match(await page.textContent('.codebook-table'), /<img src=x onerror=/);
  assert.match(await page.textContent('.codebook-table'), /javascript:window\.__pwned=1/);
  await page.click('button[role="tab"]:has-text("Entries")');
  await page.setInputFiles('[data-testid="file-input"]', { name: 'quux.txt', mimeType: 'text/plain', buffer: Buffer.from('12:00\n\nZebedee Quux said the strike must go on.\n') });
  const option = page.locator(`[data-testid="facet-actor"] [data-actor="${evil.replace(/"/g, '\\"')}"]`);
  await option.waitFor();
  await option.click();
  await waitForCount(page, 1);
  const card = await page.textContent('[data-testid="entry"]');
  assert.match(card, /Zebedee Quux/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval('img', (i) => i.length), 0);
  assert.equal(await page.$$eval('a[href^="javascript:"]', (a) => a.length), 0);
  await page.click('[data-testid="clear-all"]');
  await page.click('button[role="tab"]:has-text("Codebook")');
  await page.click('button:has-text("Back to the built-in codebook")');
  await page.click('button[role="tab"]:has-text("Entries")');
});

test('only the page itself was contacted, and nothing was logged as an error', async () => {
  assert.deepEqual(foreignRequests(b.requests, srv.origin), []);
  assert.deepEqual(b.errors, []);
});

// Nothing lost: session files round-trip exactly, "forget everything" forgets, the page works
// offline from its service worker, and a full storage quota is reported, never silent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, ready, waitForCount, settledCount, foreignRequests, openPage, closePage,
} from './harness.mjs';

let srv;
let b;

before(async () => ({ srv, b } = await openPage()));

after(() => closePage(srv, b));

async function saveSession(page) {
  await page.click('.session-menu > summary');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Save session file")')]);
  await page.click('.session-menu > summary');
  return readFile(await dl.path(), 'utf8');
}

async function forgetEverything(page) {
  await page.click('.session-menu > summary');
  await page.click('button:has-text("Forget everything")');
  await page.click('[data-testid="forget-confirm"]');
  await page.waitForSelector('.welcome');
  if (await page.$('.session-menu[open]')) await page.click('.session-menu > summary');
}

test('a session file round-trips exactly through forget-everything and open', async () => {
  const { page } = b;
  await page.click('[data-testid="load-sample"]');
  await waitForCount(page, 85);
  const first = page.locator('[data-testid="entry"]').first();
  const id = await first.getAttribute('data-id');
  await first.locator('.code-button').click();
  await page.locator(`[data-testid="entry"][data-id="${id}"] .coder select`).selectOption('mixed');
  await page.waitForFunction((i) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.stance === 'mixed', id);

  const saved = await saveSession(page);
  const session = JSON.parse(saved);
  assert.equal(session.kind, 'liveblog-explorer-session');
  assert.equal(session.files.length, 5);
  assert.deepEqual(session.corrections.map((c) => [c.entry_id, c.stance]), [[id, 'mixed']]);

  await page.click('.session-menu > summary');
  await page.click('button:has-text("Forget everything")');
  await page.click('[data-testid="forget-confirm"]');
  await page.waitForSelector('.welcome');
  await page.reload();
  await ready(page);
  assert.equal(await page.$('[data-testid="entry"]'), null, 'nothing is left after a reload');

  const dir = await mkdtemp(join(tmpdir(), 'liveblog-session-'));
  const file = join(dir, 'session.json');
  await writeFile(file, saved);
  await page.click('.session-menu > summary');
  await page.setInputFiles('[data-testid="session-input"]', file);
  assert.equal(await page.getAttribute('.session-menu', 'open'), null, 'choosing the file closes the menu');
  await waitForCount(page, 85);
  await page.waitForFunction((i) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.stance === 'mixed', id);
  assert.equal(await saveSession(page), saved, 'saving the opened session gives the same file');

  // The opened session is stored too.
  await page.reload();
  await ready(page);
  await waitForCount(page, 85);
  await page.waitForFunction((i) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.stance === 'mixed', id);
});

test('a file that is not a session is refused with a message and changes nothing', async () => {
  const { page } = b;
  const dir = await mkdtemp(join(tmpdir(), 'liveblog-session-'));
  const file = join(dir, 'other.json');
  await writeFile(file, '{"entries": []}');
  await page.click('.session-menu > summary');
  await page.setInputFiles('[data-testid="session-input"]', file);
  await page.waitForFunction(() => /not a session file/.test(document.querySelector('[data-testid="notices"]').textContent));
  assert.match(await page.textContent('[data-testid="notices"]'), /other\.json: not a session file/, 'the message names the file');
  assert.equal(await settledCount(page), 85);
  // A wrong file altogether (here the start of a PNG) is refused from its first bytes.
  const png = join(dir, 'photo.png');
  await writeFile(png, Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(100_000, 7)]));
  await page.click('.session-menu > summary');
  await page.setInputFiles('[data-testid="session-input"]', png);
  await page.waitForFunction(() => /photo\.png: not a session file: it was not saved by the live-blog explorer/.test(document.querySelector('[data-testid="notices"]').textContent));
  assert.equal(await settledCount(page), 85);
});

test('a session file chosen while files are loaded asks first; cancelled, nothing changes', async () => {
  const { page } = b;
  const saved = JSON.parse(await saveSession(page));
  const dir = await mkdtemp(join(tmpdir(), 'liveblog-session-'));
  await writeFile(join(dir, 'one.json'), JSON.stringify({ ...saved, files: [saved.files[0]], corrections: [] }));
  const choose = async () => {
    await page.click('.session-menu > summary');
    await page.setInputFiles('[data-testid="session-input"]', join(dir, 'one.json'));
    await page.waitForSelector('[data-testid="session-confirm-box"]');
  };
  await choose();
  assert.match(await page.textContent('[data-testid="session-confirm-box"]'), /The session file one\.json holds 1 file\. Opening it replaces the 5 files and 1 correction loaded now\./, 'says what would be lost (the first test coded an entry)');
  await page.click('[data-testid="session-cancel"]');
  await page.waitForTimeout(500);
  assert.equal(await page.$('[data-testid="session-confirm-box"]'), null);
  assert.equal(await settledCount(page), 85, 'cancelled: the sample stays');
  await choose();
  await page.click('[data-testid="session-confirm"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-chip"]').length === 1);
  assert.notEqual(await settledCount(page), 85, 'opened: one file of the five');
  await forgetEverything(page);
  await page.click('[data-testid="load-sample"]');
  await waitForCount(page, 85);
});

test('of two session files chosen one after the other, the later one is opened and stored', async () => {
  const { page } = b;
  if (await page.$('.welcome')) {
    await page.click('[data-testid="load-sample"]');
    await waitForCount(page, 85);
  }
  const saved = JSON.parse(await saveSession(page));
  // From an empty page, so neither asks before it is opened.
  await forgetEverything(page);
  const [one] = saved.files;
  // Both chosen in the same moment; the first is large, so its worker answers after the
  // second's: the answer that arrives last must not win over the person's last choice.
  await page.evaluate(([s]) => {
    const big = { name: 'big.txt', text: `${s.files[1].text}\n`.repeat(Math.ceil(8e6 / s.files[1].text.length)) };
    const first = { ...s, files: [...s.files, big], corrections: [] };
    const second = { ...s, files: [s.files[0]], corrections: [] };
    const input = document.querySelector('[data-testid="session-input"]');
    for (const [name, session] of [['first.json', first], ['second.json', second]]) {
      const dt = new DataTransfer();
      dt.items.add(new File([JSON.stringify(session)], name, { type: 'application/json' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, [saved]);
  const chips = () => page.$$eval('[data-testid="file-chip"]', (els) => els.map((e) => e.textContent));
  const onlySecond = async () => {
    await page.waitForFunction(() => !/Opening the session file/.test(document.body.textContent));
    await settledCount(page);
    // Whatever a late answer would do has had its time.
    await page.waitForTimeout(1500);
    const names = await chips();
    assert.equal(names.length, 1, `one file, not ${names.join(' | ')}`);
    assert.match(names[0], new RegExp(one.name.replace(/[.]/g, '\\.')));
  };
  await onlySecond();
  assert.deepEqual(JSON.parse(await saveSession(page)).files.map((f) => f.name), [one.name]);
  await page.reload();
  await ready(page);
  await onlySecond();
});

test('forgetting everything while a session file is being read leaves nothing, now or after a reload', async () => {
  const { page } = b;
  const saved = JSON.parse(await saveSession(page));
  await page.evaluate(async ([s]) => {
    const big = { name: 'big.txt', text: `${s.files[0].text}\n`.repeat(Math.ceil(16e6 / s.files[0].text.length)) };
    const session = { ...s, files: [...s.files, big] };
    const input = document.querySelector('[data-testid="session-input"]');
    const dt = new DataTransfer();
    dt.items.add(new File([JSON.stringify(session)], 'session.json', { type: 'application/json' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    // Forgotten while a worker still reads it.
    [...document.querySelectorAll('.session-menu button')].find((e) => /Forget everything/.test(e.textContent)).click();
    while (!document.querySelector('[data-testid="forget-confirm"]')) await new Promise((ok) => setTimeout(ok, 0));
    document.querySelector('[data-testid="forget-confirm"]').click();
  }, [saved]);
  await page.waitForSelector('.welcome');
  await page.waitForFunction(() => !/Opening the session file/.test(document.body.textContent), null, { timeout: 30000 });
  await page.waitForTimeout(1500);
  assert.equal(await page.$('[data-testid="file-chip"]'), null, 'nothing is loaded');
  assert.equal(await page.$('[data-testid="session-confirm-box"]'), null, 'nor asked about');
  await page.reload();
  await ready(page);
  await page.waitForTimeout(500);
  assert.equal(await page.$('[data-testid="file-chip"]'), null, 'nothing is stored after a reload');
  // The tests after this one start from the five sample files.
  await page.click('[data-testid="load-sample"]');
  await waitForCount(page, 85);
});

test('the page works offline once it has been loaded', async () => {
  const { page, context } = b;
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await context.setOffline(true);
  try {
    await page.reload();
    await ready(page);
    await waitForCount(page, 85);
  } finally {
    await context.setOffline(false);
  }
});

test('a full storage quota is reported, and the files still load for this visit', async () => {
  // A browser of its own: a fresh profile whose quota is set before anything is stored.
  const q = await launch();
  try {
    await q.page.goto(srv.url);
    await ready(q.page);
    const cdp = await q.context.newCDPSession(q.page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: srv.origin, quotaSize: 2048 });
    await q.page.click('[data-testid="load-sample"]');
    await waitForCount(q.page, 85);
    await q.page.waitForFunction(() => /Could not save/.test(document.querySelector('[data-testid="notices"]').textContent), null, { timeout: 15000 });
    const notices = await q.page.$$eval('[data-testid="notices"] .notice.error', (n) => n.map((x) => x.textContent));
    assert.equal(notices.length, 1, 'one message for the batch, not one per file');
    assert.match(notices[0], /storage this browser allows the page is full/);
    assert.equal(await q.page.getAttribute('[data-testid="notices"] .notice.error', 'role'), 'alert');
  } finally {
    await q.close();
  }
});

test('a page killed while it is writing leaves the earlier corpus and corrections whole', async () => {
  const c = await launch();
  try {
    const { page, context } = c;
    await page.goto(srv.url);
    await ready(page);
    await page.click('[data-testid="load-sample"]');
    await waitForCount(page, 85);
    const id = await page.locator('[data-testid="entry"]').first().getAttribute('data-id');
    await page.locator('[data-testid="entry"]').first().locator('.code-button').click();
    await page.locator(`[data-testid="entry"][data-id="${id}"] .coder select`).selectOption('government');
    await page.waitForFunction((i) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.classList.contains('corrected'), id);
    await page.waitForTimeout(500); // the correction's own write has committed

    // Twenty files of 500 entries each, then the renderer is killed while they are stored.
    const PER = 500;
    const files = Array.from({ length: 20 }, (_, f) => ({
      name: `bulk-${f}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(Array.from({ length: PER }, (_, i) =>
        `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}\n\nBulk ${f}-${i}: the BMA said talks go on.\n`).join('\n')),
    }));
    await page.setInputFiles('[data-testid="file-input"]', files);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-chip"]').length >= 7 || /bulk-1\.txt/.test(document.body.innerText));
    const cdp = await context.newCDPSession(page);
    const crashed = new Promise((ok) => page.once('crash', ok));
    cdp.send('Page.crash').catch(() => {}); // never answers: the page dies first
    await crashed;

    const again = await context.newPage();
    await again.goto(srv.url);
    await ready(again);
    const n = await settledCount(again);
    assert.ok(n >= 85, `the sample survived (${n})`);
    assert.equal((n - 85) % PER, 0, `only whole files were kept (${n} entries)`);
    console.log(`crash test: ${(n - 85) / PER} of ${files.length} files had been stored when the page was killed`);
    await again.waitForFunction((i) => document.querySelector(`[data-testid="entry"][data-id="${i}"]`)?.dataset.stance === 'government', id);
  } finally {
    await c.close();
  }
});

test('files are stored as their bytes, a large one as a blob; records of an older page still load, a damaged one is named', async () => {
  const c = await launch();
  try {
    const { page } = c;
    await page.goto(srv.url);
    await ready(page);
    const text = '10:00\n\nThe BMA said talks go on, caf\u00e9 open.\n\n11:00\n\nJeremy Hunt said the contract is fair.\n';
    // 1.2 MB: kept, and stored, as a blob (the page keeps files of 1 MB or more so)
    const entry = (i) => `${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}\n\nUpdate ${i}: the BMA said caf\u00e9 talks go on. ${'Junior doctors walked out. '.repeat(30)}\n\n`;
    const large = Array.from({ length: 1440 }, (_, i) => entry(i)).join('');
    assert.ok(Buffer.byteLength(large) > 1.1e6);
    await page.setInputFiles('[data-testid="file-input"]', [{ name: 'new.txt', mimeType: 'text/plain', buffer: Buffer.from(text) }]);
    await waitForCount(page, 2);
    await page.setInputFiles('[data-testid="file-input"]', [{ name: 'large.txt', mimeType: 'text/plain', buffer: Buffer.from(large) }]);
    const one = await settledCount(page);
    assert.ok(one > 1000, `the large file's entries are in (${one})`);
    // a large paste is kept as a blob too
    const pasted = large.replaceAll('Update', 'Pasted update');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, pasted);
    await page.waitForFunction((n) => Number.parseInt(document.querySelector('[data-testid="result-count"]').textContent.replace(/\D/g, ''), 10) > n, one);
    const loaded = await settledCount(page);
    const records = async () => page.evaluate(() => new Promise((ok, fail) => {
      const open = indexedDB.open('liveblog-explorer');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const all = open.result.transaction('files').objectStore('files').getAll();
        all.onsuccess = async () => ok(await Promise.all(all.result.map(async (r) => (typeof r === 'string' ? { json: r }
          : r.bytes instanceof Blob ? { seq: r.seq, name: r.name, isBlob: true, text: await r.bytes.text() }
            : { seq: r.seq, name: r.name, isBytes: r.bytes instanceof Uint8Array, text: new TextDecoder().decode(r.bytes) }))));
        all.onerror = () => fail(all.error);
      };
    }));
    let stored = [];
    for (let i = 0; i < 50 && stored.length < 3; i++) { stored = await records(); if (stored.length < 3) await page.waitForTimeout(100); }
    assert.deepEqual(stored, [
      { seq: 1, name: 'large.txt', isBlob: true, text: large },
      { seq: 0, name: 'new.txt', isBytes: true, text },
      { seq: 2, name: 'pasted-1.txt', isBlob: true, text: pasted },
    ], 'the bytes as loaded, not a JSON string');

    // As an older page stored a file (a JSON string), beside a record with no content.
    await page.evaluate(() => new Promise((ok, fail) => {
      const open = indexedDB.open('liveblog-explorer');
      open.onsuccess = () => {
        const tx = open.result.transaction(['files', 'corrections'], 'readwrite');
        const store = tx.objectStore('files');
        store.put(JSON.stringify({ seq: 3, file: { name: 'old.txt', text: '09:00\n\nNHS England said cover is in place.\n' } }), 'old.txt');
        store.put({ seq: 4, name: 'broken.txt' }, 'broken.txt');
        // A user's coding that no longer reads back must be named, not dropped in silence.
        tx.objectStore('corrections').put('{"entry_id": "e-torn", "stan', 'e-torn');
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      };
    }));
    await page.reload();
    await ready(page);
    await waitForCount(page, loaded + 1, 60000);
    const chips = await page.$$eval('[data-testid="file-chip"] .file-name', (e) => e.map((x) => x.textContent));
    assert.deepEqual(chips, ['new.txt', 'large.txt', 'pasted-1.txt', 'old.txt']);
    await page.waitForFunction(() => /broken\.txt: its stored content is missing/.test(document.querySelector('[data-testid="notices"]').textContent));
    await page.waitForFunction(() => /Your coding of entry e-torn, stored in this browser, could not be read back: it is damaged/
      .test(document.querySelector('[data-testid="notices"]').textContent));
  } finally {
    await c.close();
  }
});

test('only the page itself was contacted', async () => {
  assert.deepEqual(foreignRequests(b.requests, srv.origin), []);
  assert.deepEqual(b.errors, []);
});

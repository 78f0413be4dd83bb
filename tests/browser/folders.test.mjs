// A folder of live blogs, dropped on the page or chosen with "Add folder…": its text files
// load, subfolders included, each under its path in the folder (two files of the same name in
// different subfolders stay two files); what is not named as text and hidden files are left
// out, and the person is told which.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDS, settledCount, allCards, openPage, closePage } from './harness.mjs';

/** A folder `name` of blogs: two seeds (one a level down), two `notes.txt`, a picture, a hidden file. */
async function blogFolder(name) {
  const root = join(await mkdtemp(join(tmpdir(), 'folder-')), name);
  await mkdir(join(root, '2016', 'ward'), { recursive: true });
  await mkdir(join(root, 'other'), { recursive: true });
  await copyFile(join(SEEDS, 'bbc-feb11.txt'), join(root, 'bbc-feb11.txt'));
  await copyFile(join(SEEDS, 'itv-live-updates.txt'), join(root, '2016', 'itv-live-updates.txt'));
  await writeFile(join(root, '2016', 'ward', 'notes.txt'), '09:30\n\nThe BMA said talks would resume on Monday.\n');
  await writeFile(join(root, 'other', 'notes.txt'), '10:45\n\nJeremy Hunt said the offer was fair and final.\n');
  await writeFile(join(root, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]));
  await writeFile(join(root, '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
  return root;
}

/** What loading `blogFolder(name)` should show. */
async function expectFolderLoaded(page, name) {
  const paths = [`${name}/bbc-feb11.txt`, `${name}/2016/itv-live-updates.txt`, `${name}/2016/ward/notes.txt`, `${name}/other/notes.txt`];
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="file-chip"]').length >= n, paths.length, { timeout: 30000 });
  const count = await settledCount(page);
  const chips = await page.$$eval('[data-testid="file-chip"]', (els) => els.map((e) => e.textContent));
  for (const p of paths) assert.ok(chips.some((c) => c.includes(p)), `a chip for ${p} in ${JSON.stringify(chips)}`);
  assert.equal(chips.length, paths.length, 'nothing else was loaded');
  // 20 BBC entries, 8 ITV updates, and one entry in each notes.txt
  assert.equal(count, 30);
  const sources = new Set((await allCards(page)).map((c) => c.source));
  assert.ok(sources.has(`${name}/2016/ward/notes.txt`) && sources.has(`${name}/other/notes.txt`), [...sources].join(', '));
  const notices = await page.textContent('[data-testid="notices"]');
  assert.match(notices, /Left out of the folder: 1 file not named as text/);
  assert.match(notices, new RegExp(`${name}/photo\\.jpg`));
  assert.match(notices, /1 hidden file/);
  assert.doesNotMatch(notices, /could not be read|Nothing loaded/);
}

test('a folder dropped on the page loads its text files under their paths and names what it left out', async () => {
  const { srv, b } = await openPage();
  try {
    const root = await blogFolder('strike-blogs');
    // A real drop of the folder (Chromium builds the drop's entries from the path), as from a
    // file manager; a script-made DataTransfer cannot hold a folder.
    const cdp = await b.context.newCDPSession(b.page);
    const data = { items: [], files: [root], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 700, y: 600, data });
    await expectFolderLoaded(b.page, 'strike-blogs');
    assert.deepEqual(b.errors, []);
  } finally {
    await closePage(srv, b);
  }
});

test('"Add folder…" loads a folder the same way', async () => {
  const { srv, b } = await openPage();
  try {
    const root = await blogFolder('picked');
    await b.page.setInputFiles('[data-testid="folder-input"]', root);
    await expectFolderLoaded(b.page, 'picked');
    assert.deepEqual(b.errors, []);
  } finally {
    await closePage(srv, b);
  }
});

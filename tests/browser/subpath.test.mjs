// GitHub Pages serves the page under /<repo>/: a build made with `--public-url /<repo>/`
// (scripts/test makes one into $SUBPATH_DIST) must load, work and go offline from there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, ready, waitForCount, foreignRequests } from './harness.mjs';

const DIR = process.env.SUBPATH_DIST;
const BASE = process.env.SUBPATH_BASE || '/liveblog-explorer/';

test('the page works under a sub-path, as on GitHub Pages', { skip: !DIR && 'SUBPATH_DIST not set (scripts/test sets it)' }, async () => {
  const html = await readFile(join(DIR, 'index.html'), 'utf8');
  assert.match(html, new RegExp(`src="${BASE}loader-[0-9a-f]+\\.js"`), 'assets are addressed under the sub-path');
  const sw = await readFile(join(DIR, 'sw.js'), 'utf8');
  assert.doesNotMatch(sw, /__PRECACHE_LIST__|__BUILD_VERSION__/, 'the precache list was generated');
  assert.match(sw, /"explorer-[0-9a-f]+_bg\.wasm"/, 'the hashed wasm is precached');

  const srv = await serve(DIR, BASE);
  const b = await launch();
  try {
    await b.page.goto(srv.url + '?stance=doctors');
    await ready(b.page);
    await b.page.click('[data-testid="load-sample"]');
    await b.page.waitForFunction(() => document.querySelectorAll('[data-testid="entry"]').length > 0);
    assert.ok(await b.page.$$eval('[data-testid="entry"]', (e) => e.every((x) => x.dataset.stance === 'doctors')));
    assert.ok(new URL(b.page.url()).pathname === BASE, 'filters keep the sub-path');
    const scope = await b.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(new URL(scope).pathname, BASE);
    await b.context.setOffline(true);
    await b.page.reload();
    await ready(b.page);
    await b.page.waitForSelector('[data-testid="entry"]');
    await b.context.setOffline(false);
    assert.deepEqual(foreignRequests(b.requests, srv.origin), []);
    assert.ok(b.requests.every((u) => !u.startsWith(srv.origin) || new URL(u).pathname.startsWith(BASE)), 'nothing is fetched outside the sub-path');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    await srv.close();
  }
});

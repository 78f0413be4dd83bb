// Shared by the browser tests: a tiny static server for dist/ and a headless Chromium page
// that records every request and every console error. Not a test file itself (no .test.).
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve as serveStatic } from '../../scripts/static-server.mjs';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const DIST = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(ROOT, 'dist');
export const SEEDS = join(ROOT, 'data', 'seeds');

/** Serves `dir` on 127.0.0.1 at a free port, optionally under a sub-path (`/repo/`). */
export function serve(dir = DIST, base = '/') {
  return serveStatic(dir, { base });
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/**
 * Launches Chromium with a fresh profile. `requests` collects every URL the browser asks
 * for (pages, workers, service worker included), `errors` every console error and page error.
 */
export async function launch({ width = 1400, height = 900 } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'liveblog-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width, height },
    acceptDownloads: true,
  });
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    requests,
    errors,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One test file's page: serves dist/, launches Chromium (`options` as for `launch`), opens the
 * page and waits until it is ready. Use as `before(async () => ({ srv, b } = await openPage()))`
 * with `after(() => closePage(srv, b))`.
 */
export async function openPage(options) {
  const srv = await serve();
  const b = await launch(options);
  await b.page.goto(srv.url);
  await ready(b.page);
  return { srv, b };
}

/** Closes what `openPage` opened; either may be missing when its `before` failed. */
export async function closePage(srv, b) {
  await b?.close();
  await srv?.close();
}

/** Waits until the app has mounted and restored its storage. */
export async function ready(page) {
  await page.waitForSelector('[data-testid="load-sample"]');
  await page.waitForFunction(() => !/Opening your stored files/.test(document.body.innerText));
}

/** The number shown in the result count. */
export async function resultCount(page) {
  const t = await page.textContent('[data-testid="result-count"]');
  return Number.parseInt(t.replace(/\D/g, ''), 10);
}

/** Waits until the result count equals `n`. */
export async function waitForCount(page, n, timeout = 20000) {
  await page.waitForFunction(
    (want) => {
      const el = document.querySelector('[data-testid="result-count"]');
      return el && Number.parseInt(el.textContent.replace(/\D/g, ''), 10) === want;
    },
    n,
    { timeout },
  );
}

/** Waits until the result count stops changing and returns it. */
export async function settledCount(page) {
  await page.waitForSelector('[data-testid="result-count"]');
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const n = await resultCount(page);
    if (n === last && !(await page.$('.progress'))) return n;
    last = n;
    await page.waitForTimeout(150);
  }
  return last;
}

/** Every entry card's data attributes, scrolling through the virtualised list. */
export async function allCards(page) {
  const seen = new Map();
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let i = 0; i < 400; i++) {
    const cards = await page.$$eval('[data-testid="entry"]', (els) => els.map((e) => ({
      id: e.dataset.id, stance: e.dataset.stance, hour: e.dataset.hour,
      source: e.dataset.source, actors: e.dataset.actors ? e.dataset.actors.split('|') : [],
    })));
    cards.forEach((c) => seen.set(c.id, c));
    const atEnd = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, Math.floor(window.innerHeight * 0.8));
      return window.scrollY === before;
    });
    await page.waitForTimeout(60);
    if (atEnd) {
      const last = await page.$$eval('[data-testid="entry"]', (els) => els.map((e) => ({
        id: e.dataset.id, stance: e.dataset.stance, hour: e.dataset.hour,
        source: e.dataset.source, actors: e.dataset.actors ? e.dataset.actors.split('|') : [],
      })));
      last.forEach((c) => seen.set(c.id, c));
      break;
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return [...seen.values()];
}

/** Requests that did not go to `origin` (blob: and data: URLs stay in the page). */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
}

/** The sizes of every wasm memory of one page or worker, `send` being its CDP command. */
export async function wasmMemories(send) {
  const proto = await send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const found = await send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
  const sizes = await send('Runtime.callFunctionOn', {
    objectId: found.objects.objectId,
    functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
    returnByValue: true,
  });
  return sizes.result.value;
}

/**
 * The wasm memories of the page's workers (bytes, one list per worker), read through `cdp`
 * (the page's session): workers run in the renderer's process, so its RSS holds theirs too.
 * Playwright's sessions are not flat, so each worker is reached through
 * `Target.sendMessageToTarget`.
 */
export async function workerWasmMemories(cdp) {
  const sessions = [];
  const onAttach = (e) => { if (e.targetInfo.type === 'worker') sessions.push(e.sessionId); };
  const waiting = new Map();
  let next = 0;
  const onMessage = (e) => {
    const m = JSON.parse(e.message);
    const answer = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) answer?.fail(new Error(m.error.message));
    else answer?.ok(m.result);
  };
  const ask = (sessionId) => (method, params = {}) => new Promise((ok, fail) => {
    const id = ++next;
    waiting.set(id, { ok, fail });
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(fail);
  });
  cdp.on('Target.attachedToTarget', onAttach);
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  const out = [];
  try {
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await new Promise((ok) => setTimeout(ok, 200));
    for (const s of sessions) out.push(await wasmMemories(ask(s)).catch(() => null));
    await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: false });
  } finally {
    cdp.off('Target.attachedToTarget', onAttach);
    cdp.off('Target.receivedMessageFromTarget', onMessage);
  }
  return out;
}

#!/usr/bin/env node
// Issue 5's browser benchmarks, end to end, in headless Chromium (run by scripts/bench-browser).
//
//   node benches/browser/run.mjs [--only parse,filters,native,page,bundle] [--mb 100] [--reps 3]
//        [--n 100000] [--k 100] [--page-mb 100] [--tti-runs 5] [--profile release|worker-release|bench]
//        [--no-wasm-opt] [--skip-build] [--names] [--fresh] [--serve] [--click-rounds 8]
//        [--session-runs 5]
//   node benches/browser/run.mjs --only table      # reprint the table from the last results
//
// 1. builds examples/wasm_bench.rs for wasm32 (`cargo build --release`), binds it with
//    wasm-bindgen into target/wasm-bench/ and runs wasm-opt -Oz over it (as Trunk does for
//    the page), then serves benches/browser/bench.html from node on 127.0.0.1 and runs
//    `bench.parse` (parse + analyse MB/s and the line-scan ceiling) and `bench.filters`
//    (100 filter changes on the wasm index and on crossfilter2, same records, same changes);
// 2. `native`: the same parse + analyse and filter measurements natively (the example built
//    with the bench profile), for the ratio;
// 3. `page`: builds the real page (`trunk build --release --dist target/bench-dist`, never
//    dist/), writes a generated corpus (target/bench-corpus/), gives every file to the page's
//    file input and records the time to the first view and to the full count, the long
//    tasks, and memory (JS heap, wasm memory, renderer resident size); then traces facet
//    changes (stance, actor, hour, text) from the click to the frame that paints it;
//    `session`: opens the session the last `page` run saved (target/bench-browser/
//    session.json) in fresh pages, `--session-runs` times, with a CPU profile of the page's
//    thread until the files start loading (where the longest task was);
// 4. `bundle`: the page's wasm raw and gzipped, and time from navigation start to the
//    sample button (median of fresh profiles).
//
// Prints the figures as it goes, then a Markdown table; writes everything to
// target/bench-browser/results.json and the table to target/bench-browser/results.md.
import { execSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { wasmMemories, workerWasmMemories } from '../../tests/browser/harness.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const OUT = join(ROOT, 'target', 'bench-browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

// ---------- options ----------
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const flag = (name) => argv.includes(`--${name}`);
const ONLY = new Set(opt('only', 'parse,filters,native,page,bundle').split(','));
const MB = Number(opt('mb', 100));
const REPS = Number(opt('reps', 3));
const N = Number(opt('n', 100_000));
const K = Number(opt('k', 100));
const PAGE_MB = Number(opt('page-mb', 100));
const CLICK_ROUNDS = Number(opt('click-rounds', 8));
const TTI_RUNS = Number(opt('tti-runs', 5));
const SESSION_RUNS = Number(opt('session-runs', 5));
const PROFILE = opt('profile', 'release');
const PAGE_TIMEOUT_MS = Number(opt('page-timeout', 540)) * 1000;

const env = {
  ...process.env,
  PATH: `${process.env.HOME}/.cargo/bin:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
};

const log = (...a) => console.error('[bench]', ...a);
const results = { started: new Date().toISOString(), machine: machine(), options: { MB, REPS, N, K, PAGE_MB, PROFILE } };
const SECTIONS = ['bench_wasm', 'bench_page', 'wasm_parse', 'wasm_filters', 'native_parse', 'native_filters', 'page_load', 'page_load_named', 'session_open', 'bundle'];
// Runs with --only keep the other sections of the last run (each section notes when it was
// measured and the load average then), so the table can be completed part by part.
if (!flag('fresh')) {
  try {
    const old = JSON.parse(readFileSync(join(OUT, 'results.json'), 'utf8'));
    for (const k of Object.keys(old)) if (SECTIONS.some((s) => k.startsWith(s))) results[k] = old[k];
  } catch { /* first run */ }
}
/** Sections measured with another cargo profile than the page's are kept under their own name. */
const SUFFIX = PROFILE === 'release' ? '' : `_${PROFILE}`;
/** Stores a section's figures, stamped with the time and the load average. */
function record(name, value) {
  value.at = new Date().toISOString();
  value.commit = commit();
  value.load_at_end = loadavg().map((x) => +x.toFixed(2));
  results[name] = value;
}

/** The commit measured, with `+changes` when the working tree differs from it. */
function commit() {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: ROOT }).toString().trim();
    return dirty ? `${head}+changes` : head;
  } catch { return null; }
}

function machine() {
  const model = cpus()[0]?.model ?? 'unknown';
  return { cpus: cpus().length, model, mem_gb: +(totalmem() / 2 ** 30).toFixed(1), load_before: loadavg().map((x) => +x.toFixed(2)) };
}

function run(cmd, args, { cwd = ROOT, capture = false } = {}) {
  return new Promise((ok, fail) => {
    log('$', cmd, ...args);
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    if (capture) p.stdout.on('data', (d) => { out += d; });
    p.on('error', fail);
    p.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

// ---------- a static server (COOP/COEP: precise timers and memory measurement) ----------
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `root` on 127.0.0.1 at a free port; only paths under one of `allow` (relative to
 * root) are served. Cross-origin isolated, so performance.now() is precise to 5 µs rather
 * than 100 µs and performance.measureUserAgentSpecificMemory() exists.
 */
async function serve(root, allow = ['']) {
  root = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) throw new Error('outside');
      if (!allow.some((a) => path.startsWith(a))) throw new Error('not allowed');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((ok) => server.close(ok)) };
}

// ---------- Chromium ----------
async function launch() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'liveblog-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return {
    context, page, errors, userDataDir,
    close: async () => { await context.close(); await rm(userDataDir, { recursive: true, force: true }); },
  };
}

/**
 * Resident and peak resident memory (bytes) of this browser's renderer processes (each
 * carries the profile directory on its command line), largest first.
 */
function rendererMemory(userDataDir) {
  return chromiumMemory(userDataDir, (cmd) => cmd.includes(' --type=renderer ') && !cmd.includes(' --top-chrome-webui '));
}

/**
 * Resident and peak resident memory (bytes) of this browser's own process, which holds what
 * the page keeps as blobs (until it writes them to disk): [{pid, rss, hwm}].
 */
function browserMemory(userDataDir) {
  return chromiumMemory(userDataDir, (cmd) => !cmd.includes(' --type='));
}

/** Resident and peak resident memory of this browser's processes whose command line passes `keep`, largest first. */
function chromiumMemory(userDataDir, keep) {
  const kb = (s, key) => Number((s.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) || [0, 0])[1]) * 1024;
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // Chromium's children rewrite their command line as one string: match words in it.
      const cmd = ` ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')} `;
      if (!cmd.includes(` --user-data-dir=${userDataDir} `) || !keep(cmd)) continue;
      const s = readFileSync(`/proc/${pid}/status`, 'utf8');
      out.push({ pid: Number(pid), rss: kb(s, 'VmRSS'), hwm: kb(s, 'VmHWM') });
    } catch { /* gone */ }
  }
  return out.sort((a, b) => b.rss - a.rss);
}

// ---------- helpers ----------
/** The page load's renderer RSS before the files and what the load added, and the workers' wasm memory. */
function rssGrowth(p) {
  const before = p.before?.renderers?.[0]?.rss;
  if (before == null || p.memory_ratio.renderer_rss_growth == null) return '';
  const list = (ws) => (ws || []).map((w) => (w ? mib(w.reduce((a, x) => a + x, 0)) : 'n/a')).join(', ');
  const workers = p.before.workers_wasm?.length
    ? `; the workers' wasm memory ${list(p.before.workers_wasm)} before, ${list(p.after.workers_wasm)} after` : '';
  const browser = p.memory_ratio.browser_rss_growth != null
    ? `; the browser's own process (which holds blobs) grew by ${mib(p.after.browser[0].rss - p.before.browser[0].rss)}, ${p.memory_ratio.browser_rss_growth.toFixed(2)}x` : '';
  return ` (before the files: ${mib(before)}, the page and its workers; the load added ${mib(p.after.renderers[0].rss - before)}, `
    + `${p.memory_ratio.renderer_rss_growth.toFixed(2)}x${workers}${browser})`;
}

const f1 = (x) => (x == null || Number.isNaN(x) ? 'n/a' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mib = (b) => (b == null ? 'n/a' : `${(b / 2 ** 20).toFixed(0)} MiB`);
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length ? v[Math.ceil(v.length / 2) - 1] : NaN; };

async function saveResults() {
  await mkdir(OUT, { recursive: true });
  results.finished = new Date().toISOString();
  results.machine.load_after = loadavg().map((x) => +x.toFixed(2));
  await writeFile(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
}

// ---------- 1. the benchmark page ----------
async function buildBenchWasm() {
  const profileArgs = PROFILE === 'release' ? ['--release'] : ['--profile', PROFILE];
  // built as the parsing worker is, it allocates as the worker does (with Talc)
  const features = PROFILE === 'worker-release' ? ['--features', 'worker-allocator'] : [];
  await run('cargo', ['build', ...profileArgs, ...features, '--target', 'wasm32-unknown-unknown', '--example', 'wasm_bench']);
  const dir = PROFILE === 'release' || PROFILE === 'bench' ? 'release' : PROFILE;
  // As Trunk optimises each (index.html): the page's wasm for size (-Oz), the parsing
  // worker's (profile worker-release) with -O1, which ran its parse + analyse faster in
  // Chromium than -O3 did.
  const level = PROFILE === 'release' ? '-Oz' : '-O1';
  const wasm = join(ROOT, 'target', 'wasm32-unknown-unknown', dir, 'examples', 'wasm_bench.wasm');
  const out = join(ROOT, 'target', 'wasm-bench');
  await run('wasm-bindgen', ['--target', 'web', '--out-dir', out, wasm]);
  const bg = join(out, 'wasm_bench_bg.wasm');
  if (!flag('no-wasm-opt')) {
    await run('wasm-opt', [level, '--low-memory-unused', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
      '--enable-reference-types', '--enable-mutable-globals', bg, '-o', bg]);
  }
  record('bench_wasm' + SUFFIX, { profile: PROFILE, wasm_opt: flag('no-wasm-opt') ? null : level, bytes: (await stat(bg)).size });
}

async function benchPage() {
  const srv = await serve(ROOT, ['benches/browser/', 'target/wasm-bench/', 'node_modules/crossfilter2/']);
  const b = await launch();
  try {
    await b.page.goto(`${srv.origin}/benches/browser/bench.html`);
    await b.page.waitForFunction(() => window.bench, null, { timeout: 60_000 });
    await b.page.evaluate(() => window.bench.ready);
    record('bench_page' + SUFFIX, { cross_origin_isolated: await b.page.evaluate(() => crossOriginIsolated), chromium: await b.page.evaluate(() => (navigator.userAgent.match(/Chrome\/([\d.]+)/) || [])[1] ?? null) });
    if (ONLY.has('parse')) {
      log(`parse + analyse ${MB} MB x ${REPS} in wasm…`);
      const load = loadavg()[0];
      const r = await b.page.evaluate(([mb, reps]) => window.bench.parse(mb, reps), [MB, REPS]);
      r.load1 = [load, loadavg()[0]];
      record('wasm_parse' + SUFFIX, r);
      log('wasm parse:', JSON.stringify({ mb_per_s: r.mb_per_s, median_ms: r.median_ms, entries: r.entries, load1: r.load1 }));
      await saveResults();
    }
    if (ONLY.has('filters')) {
      log(`filters: ${N} entries, ${K} changes, wasm index vs crossfilter2…`);
      const load = loadavg()[0];
      const r = await b.page.evaluate(([n, k]) => window.bench.filters(n, k), [N, K]);
      r.load1 = [load, loadavg()[0]];
      record('wasm_filters' + SUFFIX, r);
      log('index:', JSON.stringify({ median_ms: r.index.median_ms, p95_ms: r.index.p95_ms }),
        'crossfilter:', JSON.stringify({ median_ms: r.crossfilter.median_ms, p95_ms: r.crossfilter.p95_ms }),
        'agreement:', `${r.agreement.same_counts}/${r.agreement.of}`);
      await saveResults();
    }
    if (b.errors.length) results['bench_page' + SUFFIX].errors = b.errors.slice(0, 10);
  } finally {
    await b.close();
    await srv.close();
  }
}

// ---------- 2. native ----------
async function nativeExample() {
  await run('cargo', ['build', '--profile', 'bench', '--example', 'wasm_bench']);
  return join(ROOT, 'target', 'release', 'examples', 'wasm_bench');
}

async function native() {
  const exe = await nativeExample();
  log(`native parse + analyse ${MB} MB x ${REPS}…`);
  let load = loadavg()[0];
  record('native_parse', JSON.parse(await run(exe, ['parse', String(MB), String(REPS)], { capture: true })));
  results.native_parse.load1 = [load, loadavg()[0]];
  log('native parse:', JSON.stringify(results.native_parse.mb_per_s), 'cpu MB/s', f1(results.native_parse.cpu_mb_per_s_parse_analyse));
  load = loadavg()[0];
  record('native_filters', JSON.parse(await run(exe, ['queries', String(N), String(K)], { capture: true })));
  results.native_filters.load1 = [load, loadavg()[0]];
  log('native filters:', JSON.stringify({ median_ms: results.native_filters.median_ms, p95_ms: results.native_filters.p95_ms }));
  await saveResults();
}

// ---------- 3. the real page, 100 MB ----------
async function buildPage() {
  const dist = join(ROOT, 'target', 'bench-dist');
  if (!flag('skip-build') || !existsSync(join(dist, 'index.html'))) {
    await run('trunk', ['build', '--release', '--dist', dist]);
  }
  return flag('names') ? namedDist(dist) : dist;
}

/**
 * With --names: a copy of the page whose wasm keeps its function names (wasm-bindgen's
 * output before wasm-opt, which strips them), so the CPU profile of the load names the Rust
 * functions that took the time. Made from the release explorer.wasm Trunk just built; its
 * timings are a little slower than the optimised page's, its proportions are the point.
 */
async function namedDist(dist) {
  const named = join(ROOT, 'target', 'bench-dist-named');
  await rm(named, { recursive: true, force: true });
  await mkdir(named, { recursive: true });
  for (const n of await readdir(dist)) if ((await stat(join(dist, n))).isFile()) await writeFile(join(named, n), await readFile(join(dist, n)));
  const js = (await readdir(dist)).find((n) => /^explorer-.*\.js$/.test(n));
  await run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', named, '--out-name', js.replace(/\.js$/, ''),
    join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'explorer.wasm')]);
  // Trunk's subresource-integrity hashes name the optimised files.
  const html = join(named, 'index.html');
  await writeFile(html, (await readFile(html, 'utf8')).replace(/\s+integrity="[^"]*"/g, ''));
  return named;
}

/** Records, from the first script on: long tasks, the result count's changes, wasm instantiation. */
const PAGE_PROBE = () => {
  const b = (window.__bench = { longtasks: [], counts: [], change: null, wasm: null, sample_button: null });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch { b.longtasks = null; }
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return orig.apply(this, args).then((r) => { b.wasm ??= performance.now(); return r; });
    };
  }
  document.addEventListener('change', (e) => {
    if (e.target?.dataset?.testid === 'file-input' && b.change == null) b.change = e.timeStamp;
  }, true);
  let last = null;
  const look = () => {
    if (b.sample_button == null) {
      const btn = document.querySelector('[data-testid="load-sample"]');
      if (btn && !btn.disabled) b.sample_button = performance.now();
    }
    const el = document.querySelector('[data-testid="result-count"]');
    const t = el ? el.textContent : null;
    if (t !== last) { last = t; b.counts.push([performance.now(), t == null ? null : Number.parseInt(t.replace(/\D/g, ''), 10)]); }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
};

/**
 * Self time of a CDP CPU profile by kind (wasm, JavaScript, garbage collection, idle: the
 * main thread waiting for timers, file reads or IndexedDB, "program": the browser's own
 * work such as style, layout and paint) and the functions that took most.
 */
function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) || 0) + (profile.timeDeltas[i] || 0) / 1000));
  const kinds = {};
  const fns = new Map();
  const kindOf = (cf) => {
    if (cf.functionName === '(idle)') return 'idle';
    if (cf.functionName === '(program)') return 'program';
    if (cf.functionName === '(garbage collector)') return 'gc';
    if (cf.url.startsWith('wasm://') || cf.url.endsWith('.wasm')) return 'wasm';
    return 'js';
  };
  let total = 0;
  for (const [id, ms] of self) {
    const cf = byId.get(id).callFrame;
    const k = kindOf(cf);
    kinds[k] = (kinds[k] || 0) + ms;
    total += ms;
    const name = `${k}: ${cf.functionName || '(anonymous)'}${k === 'js' ? ` ${cf.url.split('/').pop()}:${cf.lineNumber + 1}` : ''}`;
    fns.set(name, (fns.get(name) || 0) + ms);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const incl = new Map();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] || 0) / 1000;
    const seen = new Set();
    for (let n = id; n != null; n = parent.get(n)) {
      const cf = byId.get(n).callFrame;
      const k = kindOf(cf);
      if (k !== 'wasm' && k !== 'js') continue;
      seen.add(`${k}: ${cf.functionName || '(anonymous)'}`);
    }
    for (const name of seen) incl.set(name, (incl.get(name) || 0) + ms);
  });
  return {
    total_ms: Math.round(total),
    inclusive_ms: [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([n, v]) => [n, Math.round(v)]),
    by_kind_ms: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, Math.round(v)]).sort((a, b) => b[1] - a[1])),
    top_functions_ms: [...fns].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([n, v]) => [n, Math.round(v)]),
  };
}

/**
 * Clicks `selector` in the page; resolves with the milliseconds until the result count has
 * changed (or, given `expect`, equals it) and a frame has followed.
 */
function timeClick(page, selector, expect = null) {
  return page.evaluate(async ([sel, want]) => {
    const el = document.querySelector('[data-testid="result-count"]');
    const before = el.textContent;
    const done = () => (want == null ? el.textContent !== before : Number(el.textContent.replace(/\D/g, '')) === want);
    const t = performance.now();
    document.querySelector(sel).click();
    while (!done() && performance.now() - t < 60_000) await new Promise((ok) => setTimeout(ok, 0));
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    return performance.now() - t;
  }, [selector, expect]);
}

/**
 * Facet changes as the user sees them: traced, with no profiler running, from the start of
 * the task that handles the event to the end of the first frame painted after it. `act(i)`
 * runs in the page and makes the i-th change (a toggle: every other one lifts the filter,
 * which is a change too). The trace records the page's renderer thread only.
 */
async function traceFacetChanges(page, cdp, act, arg, rounds) {
  const runs = [];
  for (let i = 0; i < rounds; i++) {
    const events = [];
    const on = (d) => events.push(...d.value);
    cdp.on('Tracing.dataCollected', on);
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel', transferMode: 'ReportEvents' });
    await page.waitForTimeout(300);
    await page.evaluate(async ([src, a, n]) => {
      const el = document.querySelector('[data-testid="result-count"]');
      const before = el.textContent;
      const t = performance.now();
      new Function('a', 'i', src)(a, n);
      while (el.textContent === before && performance.now() - t < 5000) await new Promise((ok) => setTimeout(ok, 0));
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    }, [act, arg, i]);
    await page.waitForTimeout(300);
    const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', on);
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    if (!main) continue;
    const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    const tasks = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
    const within = (t, e) => t.ts <= e.ts && t.ts + t.dur >= e.ts + (e.dur || 0);
    const input = mine.find((e) => e.name === 'EventDispatch' && ['click', 'input'].includes(e.args?.data?.type));
    const task = input && tasks.find((t) => within(t, input));
    const paint = task && mine.filter((e) => e.name === 'Paint' && e.ts > input.ts).sort((a, c) => a.ts - c.ts)[0];
    const frame = paint && tasks.find((t) => within(t, paint));
    if (!frame) continue;
    runs.push({ task_ms: task.dur / 1000, painted_ms: (paint.ts + paint.dur - task.ts) / 1000, frame_end_ms: (frame.ts + frame.dur - task.ts) / 1000 });
  }
  return {
    rounds,
    traced: runs.length,
    task_ms: median(runs.map((r) => r.task_ms)),
    painted_ms: median(runs.map((r) => r.painted_ms)),
    frame_end_ms: median(runs.map((r) => r.frame_end_ms)),
    within_one_frame: runs.filter((r) => r.frame_end_ms <= 1000 / 60).length,
    runs,
  };
}

/** The facet changes [`traceFacetChanges`] times: page-side code, and its argument. */
const FACET_CHANGES = {
  stance: ["document.querySelector('[data-testid=\"facet-stance\"] input').click()", null],
  actor: ["document.querySelector(`[data-testid=\"facet-actor\"] [data-actor=\"${CSS.escape(a)}\"]`).click()", null],
  hour: ["document.querySelector('[data-testid=\"hour-bar\"][data-hour=\"10\"]').click()", null],
  text: ["const t = document.getElementById('text-search'); t.value = i % 2 ? '' : a; t.dispatchEvent(new Event('input', { bubbles: true }))", 'minister'],
};

async function pageLoad(dist) {
  const exe = await nativeExample();
  const corpusDir = join(ROOT, 'target', 'bench-corpus', `${PAGE_MB}MB`);
  const manifest = join(corpusDir, 'manifest.json');
  let corpus;
  if (existsSync(manifest)) corpus = JSON.parse(await readFile(manifest, 'utf8'));
  else {
    corpus = JSON.parse(await run(exe, ['write-corpus', corpusDir, String(PAGE_MB)], { capture: true }));
    await writeFile(manifest, JSON.stringify(corpus));
  }
  const files = (await readdir(corpusDir)).filter((f) => f.endsWith('.txt')).sort().map((f) => join(corpusDir, f));
  log(`page load: ${files.length} files, ${(corpus.bytes / 1e6).toFixed(0)} MB, ${corpus.entries} entries expected`);

  const srv = await serve(dist);
  const b = await launch();
  const r = { files: files.length, bytes: corpus.bytes, entries_expected: corpus.entries };
  let saved = null;
  try {
    await b.context.addInitScript(PAGE_PROBE);
    await b.page.goto(srv.origin + '/');
    await b.page.waitForSelector('[data-testid="load-sample"]', { timeout: 60_000 });
    await b.page.waitForFunction(() => !/Opening your stored files/.test(document.body.innerText));
    r.cross_origin_isolated = await b.page.evaluate(() => crossOriginIsolated);
    const cdp = await b.context.newCDPSession(b.page);
    const onPage = (method, params) => cdp.send(method, params);
    // The page starts its workers once it is drawn (`warm_up_parsers`): the memory before
    // the load is taken once they are up, so that what the load adds is told apart.
    let workers = [];
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((ok) => setTimeout(ok, 250))) {
      workers = await workerWasmMemories(cdp);
      if (workers.length && workers.every((w) => w?.length)) break;
    }
    await cdp.send('Performance.enable');
    const before = await cdp.send('Performance.getMetrics');
    const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? null;
    r.before = {
      js_heap_used: metric(before, 'JSHeapUsedSize'), wasm: await wasmMemories(onPage), renderers: rendererMemory(b.userDataDir),
      browser: browserMemory(b.userDataDir), workers_wasm: workers,
    };

    // A sampling CPU profile of the whole load says where the main thread's time goes.
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    const load = loadavg()[0];
    const t0 = await b.page.evaluate(() => performance.now());
    const wall0 = Date.now();
    await b.page.setInputFiles('[data-testid="file-input"]', files, { timeout: PAGE_TIMEOUT_MS });
    r.set_input_files_ms = Date.now() - wall0;
    // Wait for the full count (the page shows partial counts while it loads) and no progress bar.
    let peakRss = 0;
    const deadline = Date.now() + PAGE_TIMEOUT_MS;
    let done = false;
    while (Date.now() < deadline) {
      const rm = rendererMemory(b.userDataDir);
      if (rm?.length) peakRss = Math.max(peakRss, rm[0].rss);
      const s = await b.page.evaluate(() => ({
        count: window.__bench.counts.at(-1)?.[1] ?? null,
        progress: !!document.querySelector('.progress'),
      }));
      if (s.count === corpus.entries && !s.progress) { done = true; break; }
      await new Promise((ok) => setTimeout(ok, 500));
    }
    r.load1 = [load, loadavg()[0]];
    r.profile = summariseProfile((await cdp.send('Profiler.stop')).profile);
    const probe = await b.page.evaluate(() => window.__bench);
    const start = probe.change ?? t0;
    r.finished = done;
    r.t0_evaluate = t0;
    r.change_event = probe.change;
    const counts = probe.counts.filter(([t, c]) => t >= start && c != null && c > 0);
    r.first_view_ms = counts.length ? counts[0][0] - start : null;
    r.first_view_count = counts.length ? counts[0][1] : null;
    const full = counts.find(([, c]) => c === corpus.entries);
    r.full_view_ms = full ? full[0] - start : null;
    r.count_updates = counts.length;
    r.count_timeline = counts.map(([t, c]) => [Math.round(t - start), c]);
    const lt = (probe.longtasks || []).filter(([s]) => s >= start - 1);
    r.longtasks = {
      count: lt.length,
      longest_ms: lt.reduce((m, [, d]) => Math.max(m, d), 0),
      total_ms: lt.reduce((m, [, d]) => m + d, 0),
      top: [...lt].sort((a, c) => c[1] - a[1]).slice(0, 8).map(([s, d]) => ({ at_ms: Math.round(s - start), ms: Math.round(d) })),
      over_100ms: lt.filter(([, d]) => d > 100).length,
    };
    // Memory once loaded: JS heap (CDP), every wasm memory of the page, renderer processes.
    const after = await cdp.send('Performance.getMetrics');
    r.after = {
      js_heap_used: metric(after, 'JSHeapUsedSize'), js_heap_total: metric(after, 'JSHeapTotalSize'),
      wasm: await wasmMemories(onPage), renderers: rendererMemory(b.userDataDir), peak_rss_sampled: peakRss,
      browser: browserMemory(b.userDataDir), workers_wasm: await workerWasmMemories(cdp),
    };
    if (r.cross_origin_isolated) {
      r.after.ua_memory = await b.page.evaluate(() => Promise.race([
        performance.measureUserAgentSpecificMemory?.().then((m) => ({
          bytes: m.bytes,
          breakdown: m.breakdown.filter((x) => x.bytes > 0).map((x) => ({ bytes: x.bytes, types: x.types })),
        })) ?? Promise.resolve(null),
        new Promise((ok) => setTimeout(() => ok('timeout'), 60_000)),
      ])).catch((e) => String(e));
    }
    const wasmBytes = r.after.wasm.reduce((a, x) => a + x, 0);
    r.memory_ratio = {
      js_heap_plus_wasm: (r.after.js_heap_used + wasmBytes) / corpus.bytes,
      renderer_rss: r.after.renderers?.[0] ? r.after.renderers[0].rss / corpus.bytes : null,
      renderer_peak_rss: r.after.renderers?.[0] ? r.after.renderers[0].hwm / corpus.bytes : null,
      // what the load added to the renderer (the page, its workers and their compiled code
      // were there before any file)
      renderer_rss_growth: r.after.renderers?.[0] && r.before.renderers?.[0]
        ? (r.after.renderers[0].rss - r.before.renderers[0].rss) / corpus.bytes : null,
      // what it added to the browser's own process (where blobs are held)
      browser_rss_growth: r.after.browser?.[0] && r.before.browser?.[0]
        ? (r.after.browser[0].rss - r.before.browser[0].rss) / corpus.bytes : null,
      ua_memory: r.after.ua_memory?.bytes != null ? r.after.ua_memory.bytes / corpus.bytes : null,
    };
    log('page load profile:', JSON.stringify({ by_kind_ms: r.profile.by_kind_ms, top: r.profile.top_functions_ms.slice(0, 8) }));
    r.dom_elements = await b.page.evaluate(() => document.getElementsByTagName('*').length);
    r.dom_elements_by_facet = await b.page.evaluate(() => Object.fromEntries(
      [...document.querySelectorAll('[data-testid^="facet-"]')].map((el) => [el.dataset.testid, el.getElementsByTagName('*').length]),
    ));
    // One facet click at this size: from the click to the count having changed.
    const stance = '[data-testid="facet-stance"] input';
    if (await b.page.$(stance)) {
      await cdp.send('Profiler.start');
      r.stance_click_ms = await timeClick(b.page, stance);
      r.stance_click_profile = summariseProfile((await cdp.send('Profiler.stop')).profile);
      log('stance click profile:', JSON.stringify({ by_kind_ms: r.stance_click_profile.by_kind_ms, top: r.stance_click_profile.top_functions_ms.slice(0, 8) }));
      await timeClick(b.page, stance); // the same click again lifts the filter, for the removal below
      // The budget's figure: each kind of facet change traced without the profiler.
      const actor = await b.page.getAttribute('[data-testid="facet-actor"] .actor-option', 'data-actor');
      r.facet_changes = {};
      for (const [kind, [act, arg]] of Object.entries(FACET_CHANGES)) {
        r.facet_changes[kind] = await traceFacetChanges(b.page, cdp, act, kind === 'actor' ? actor : arg, CLICK_ROUNDS);
        const c = r.facet_changes[kind];
        log(`${kind} change, traced: task ${f1(c.task_ms)} ms, click to painted ${f1(c.painted_ms)} ms, to frame end ${f1(c.frame_end_ms)} ms (medians of ${c.traced}); ${c.within_one_frame} of ${c.traced} within 16.7 ms`);
      }
    }
    // Removing one file at this size: the other files' entries are merged again and the
    // index rebuilt in steps, without parsing anything. From the click to the full count
    // without that file's entries + a frame, and the longest task meanwhile.
    const chip = '[data-testid="file-chip"]';
    if (await b.page.$(chip)) {
      await b.page.waitForTimeout(1000);
      const count = Number((await b.page.textContent('[data-testid="result-count"]')).replace(/\D/g, ''));
      const gone = Number((await b.page.textContent(`${chip} .file-meta`)).match(/(\d+) entr/)?.[1] ?? 0);
      const before = await b.page.evaluate(() => window.__bench.longtasks.length);
      r.remove_file_ms = await timeClick(b.page, `${chip} button`, count - gone);
      await b.page.waitForTimeout(200);
      const tasks = (await b.page.evaluate(() => window.__bench.longtasks)).slice(before);
      r.remove_file_longest_task_ms = tasks.reduce((m, [, d]) => Math.max(m, d), 0);
    }
    // The session saved at this size, to be opened in a fresh page once this browser is
    // closed (open, it still wrote its 100 MB to storage and took a core).
    if (await b.page.$('.session-menu > summary')) {
      // what is loaded now (one file fewer after the removal above)
      const loaded = Number((await b.page.textContent('[data-testid="result-count"]')).replace(/\D/g, ''));
      await b.page.click('.session-menu > summary');
      const [download] = await Promise.all([
        b.page.waitForEvent('download', { timeout: PAGE_TIMEOUT_MS }),
        b.page.click('button:has-text("Save session file")'),
      ]);
      await download.saveAs(join(OUT, 'session.json'));
      saved = { path: join(OUT, 'session.json'), entries: loaded };
    }
    r.errors = b.errors.slice(0, 10);
  } finally {
    await b.close();
    // The session opened in a fresh page: until its files start loading (a worker reads the
    // session file), to the full count, and the longest task.
    if (saved) {
      r.session_open = await openSession(srv, saved.path, saved.entries).catch((e) => ({ error: String(e) }));
      log('session open:', JSON.stringify(r.session_open));
    }
    // With --names the page is the unoptimised copy: kept apart, for its profile.
    record(flag('names') ? 'page_load_named' : 'page_load', r);
    await saveResults();
    await srv.close();
  }
  log('page load:', JSON.stringify({ first_view_ms: r.first_view_ms, full_view_ms: r.full_view_ms, longtasks: r.longtasks, memory_ratio: r.memory_ratio }));
}

/**
 * `--only session`: opens the session the last `page` run saved, in a fresh page each time,
 * with a CPU profile until its files start loading (with --names, the profile names the
 * page's Rust functions).
 */
async function sessionOpens(dist) {
  const path = join(OUT, 'session.json');
  const entries = results.page_load?.session_open?.entries;
  if (!existsSync(path) || !entries) throw new Error(`no saved session: run --only page first (${path})`);
  const srv = await serve(dist);
  const runs = [];
  try {
    for (let i = 0; i < SESSION_RUNS; i++) {
      const r = await openSession(srv, path, entries, { profile: true });
      const top = r.before_loading_profile?.longest_stretch;
      log(`session open ${i + 1}: longest task ${f1(r.longest_task_ms)} ms (${f1(r.longest_task_before_loading_ms)} ms before loading; tasks then ${JSON.stringify(r.tasks_before_loading)}), all loaded ${f1(r.full_view_ms / 1000)} s, load ${r.load1.map((v) => v.toFixed(1)).join('→')}`);
      log('  before loading, the longest busy stretch of the profile:', JSON.stringify(top));
      runs.push(r);
    }
  } finally {
    await srv.close();
  }
  record(flag('names') ? 'session_open_named' : 'session_open', { runs });
}

/**
 * The longest run of consecutive samples in which the thread was not idle (the profile's
 * view of the longest task), with the functions on its stacks: its length, and each
 * function's inclusive and self milliseconds in it.
 */
function busiestStretch(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const idle = (id) => byId.get(id).callFrame.functionName === '(idle)';
  let best = [0, 0, 0];
  let from = 0;
  let ms = 0;
  profile.samples.forEach((id, i) => {
    if (idle(id)) { from = i + 1; ms = 0; return; }
    ms += (profile.timeDeltas[i + 1] || 0) / 1000;
    if (ms > best[2]) best = [from, i, ms];
  });
  const incl = new Map();
  const self = new Map();
  for (let i = best[0]; i <= best[1]; i++) {
    const d = (profile.timeDeltas[i + 1] || 0) / 1000;
    const seen = new Set();
    const leaf = byId.get(profile.samples[i]).callFrame;
    self.set(leaf.functionName || '(anonymous)', (self.get(leaf.functionName || '(anonymous)') || 0) + d);
    for (let n = profile.samples[i]; n != null; n = parent.get(n)) seen.add(byId.get(n).callFrame.functionName || '(anonymous)');
    for (const name of seen) incl.set(name, (incl.get(name) || 0) + d);
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([n, v]) => [n.replace(/::h[0-9a-f]{16}$/, ''), +v.toFixed(1)]);
  return { ms: +best[2].toFixed(1), inclusive_ms: top(incl), self_ms: top(self) };
}

/** Opens a saved session file in a fresh browser: times from the change event, longest task. */
async function openSession(srv, sessionPath, entries, { profile = false } = {}) {
  const b = await launch();
  try {
    await b.context.addInitScript(PAGE_PROBE);
    await b.page.goto(srv.origin + '/');
    await b.page.waitForSelector('[data-testid="load-sample"]', { timeout: 60_000 });
    await b.page.waitForFunction(() => !/Opening your stored files/.test(document.body.innerText));
    await b.page.waitForTimeout(1000);
    const { size } = await stat(sessionPath);
    const load = loadavg()[0];
    const t0 = await b.page.evaluate(() => {
      document.addEventListener('change', (e) => { window.__bench.session_change = e.timeStamp; }, { capture: true, once: true });
      return performance.now();
    });
    const cdp = profile ? await b.context.newCDPSession(b.page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await b.page.click('.session-menu > summary');
    await b.page.setInputFiles('[data-testid="session-input"]', sessionPath);
    const loading = await b.page.waitForFunction(() => {
      const p = document.querySelector('.progress progress[max]');
      return p ? performance.now() : null;
    }, null, { timeout: PAGE_TIMEOUT_MS, polling: 'raf' });
    const loadingAt = await loading.jsonValue();
    const rawProfile = cdp ? (await cdp.send('Profiler.stop')).profile : null;
    const before_loading_profile = rawProfile ? { ...summariseProfile(rawProfile), longest_stretch: busiestStretch(rawProfile) } : undefined;
    await b.page.waitForFunction((n) => window.__bench.counts.at(-1)?.[1] === n && !document.querySelector('.progress'),
      entries, { timeout: PAGE_TIMEOUT_MS, polling: 200 });
    const probe = await b.page.evaluate(() => window.__bench);
    const start = probe.session_change ?? t0;
    const full = probe.counts.find(([t, c]) => t >= start && c === entries);
    const lt = (probe.longtasks || []).filter(([t]) => t >= start - 1);
    return {
      bytes: size,
      entries,
      load1: [load, loadavg()[0]],
      loading_starts_ms: loadingAt - start,
      full_view_ms: full ? full[0] - start : null,
      longest_task_ms: lt.reduce((m, [, d]) => Math.max(m, d), 0),
      longest_task_before_loading_ms: lt.filter(([t]) => t < loadingAt).reduce((m, [, d]) => Math.max(m, d), 0),
      tasks_before_loading: lt.filter(([t]) => t < loadingAt).map(([t, d]) => [Math.round(t - start), Math.round(d)]),
      before_loading_profile,
      errors: b.errors.slice(0, 10),
    };
  } finally {
    await b.close();
  }
}

// ---------- 4. bundle and time to interactive ----------
async function bundle(dist) {
  const names = await readdir(dist);
  const sizes = {};
  for (const n of names) {
    const p = join(dist, n);
    if (!(await stat(p)).isFile()) continue;
    const buf = await readFile(p);
    sizes[n] = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  }
  const wasm = Object.entries(sizes).find(([n]) => n.endsWith('.wasm'));
  const total = Object.values(sizes).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
  const srv = await serve(dist);
  const runs = [];
  try {
    for (let i = 0; i < TTI_RUNS; i++) {
      const b = await launch();
      try {
        await b.context.addInitScript(PAGE_PROBE);
        await b.page.goto(srv.origin + '/');
        await b.page.waitForSelector('[data-testid="load-sample"]', { timeout: 60_000 });
        await b.page.waitForFunction(() => window.__bench.sample_button != null);
        const nav = await b.page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0];
          return { dcl: n?.domContentLoadedEventEnd, load: n?.loadEventEnd };
        });
        const p = await b.page.evaluate(() => window.__bench);
        // Then the sample: click to its entries counted.
        const sample = await b.page.evaluate(async () => {
          const t = performance.now();
          document.querySelector('[data-testid="load-sample"]').click();
          for (;;) {
            const el = document.querySelector('[data-testid="result-count"]');
            if (el && Number.parseInt(el.textContent.replace(/\D/g, ''), 10) > 0 && !document.querySelector('.progress')) break;
            if (performance.now() - t > 30_000) return null;
            await new Promise((ok) => setTimeout(ok, 5));
          }
          return performance.now() - t;
        });
        runs.push({ wasm_instantiated_ms: p.wasm, sample_button_ms: p.sample_button, dcl_ms: nav.dcl, load_ms: nav.load, sample_loaded_ms: sample, load1: loadavg()[0] });
      } finally {
        await b.close();
      }
    }
  } finally {
    await srv.close();
  }
  record('bundle', {
    wasm: wasm ? { file: wasm[0], ...wasm[1] } : null, total, files: sizes, tti_runs: runs,
    tti_median_ms: median(runs.map((r) => r.sample_button_ms)),
    wasm_instantiated_median_ms: median(runs.map((r) => r.wasm_instantiated_ms)),
    sample_loaded_median_ms: median(runs.map((r) => r.sample_loaded_ms)),
  });
  await saveResults();
  log('bundle:', JSON.stringify({ wasm: results.bundle.wasm, tti_median_ms: results.bundle.tti_median_ms }));
}

// ---------- the table ----------
function table() {
  const L = [];
  const ld = (x) => (x?.load1 ? x.load1.map((v) => v.toFixed(1)).join('→') : x?.load_at_end ? x.load_at_end[0].toFixed(1) : '');
  const w = results.wasm_parse;
  const nparse = results.native_parse;
  const f = results.wasm_filters;
  const nf = results.native_filters;
  const p = results.page_load;
  const bu = results.bundle;
  const m = results.machine;
  const commits = [...new Set(SECTIONS.map((k) => results[k]?.commit).filter(Boolean))];
  if (commits.length) L.push(`Commit: ${commits.join(', ')}.`);
  L.push(`Machine: ${m.cpus} cores (${m.model}), ${m.mem_gb} GB, shared with other builds running at the same time; the load column is the 1-minute load average at the start and end of each measurement. ${results.bench_page?.chromium ? `Chromium ${results.bench_page.chromium}, ` : ''}headless.`);
  L.push('');
  L.push('| figure | measured | target | load |');
  L.push('|---|---|---|---|');
  if (w) {
    L.push(`| parse + analyse, wasm in Chromium (${(w.bytes / 1e6).toFixed(0)} MB, ${w.entries} entries, median of ${w.reps}) | **${f1(w.mb_per_s.parse_analyse)} MB/s** (parse alone ${f1(w.mb_per_s.parse)} MB/s) | ≥ 100 MB/s | ${ld(w)} |`);
    L.push(`| line scan (newline count) of the same bytes, same run: the ceiling | ${f1(w.mb_per_s.scan)} MB/s; parse + analyse = ${(100 * w.ratio_to_scan).toFixed(2)} % of it | | ${ld(w)} |`);
    L.push(`| index build over that parsed corpus, wasm | ${f1(w.median_ms.index_build)} ms | | ${ld(w)} |`);
  }
  const ww = results['wasm_parse_worker-release'];
  if (ww) L.push(`| the same, wasm built as the parsing worker is (\`--profile worker-release\`: opt-level 3, then wasm-opt -O1) instead of as the page is | **${f1(ww.mb_per_s.parse_analyse)} MB/s** (parse alone ${f1(ww.mb_per_s.parse)} MB/s; line scan ${f1(ww.mb_per_s.scan)} MB/s); index build ${f1(ww.median_ms.index_build)} ms | ≥ 100 MB/s | ${ld(ww)} |`);
  const w3 = results.wasm_parse_bench;
  if (w3 && !ww) L.push(`| the same, wasm built with opt-level 3 (\`--profile bench\`) instead of the page's opt-level "z" | ${f1(w3.mb_per_s.parse_analyse)} MB/s (parse alone ${f1(w3.mb_per_s.parse)} MB/s); index build ${f1(w3.median_ms.index_build)} ms | | ${ld(w3)} |`);
  if (nparse) {
    L.push(`| parse + analyse, native, one core (${(nparse.bytes / 1e6).toFixed(0)} MB) | **${f1(nparse.mb_per_s.parse_analyse)} MB/s** wall, ${f1(nparse.cpu_mb_per_s_parse_analyse)} MB/s by CPU time (parse alone ${f1(nparse.mb_per_s.parse)} MB/s) | ≥ 200 MB/s | ${ld(nparse)} |`);
    L.push(`| line scan, native, same run | ${f1(nparse.mb_per_s.scan)} MB/s; parse + analyse = ${(100 * nparse.ratio_to_scan).toFixed(2)} % of it | | ${ld(nparse)} |`);
    if (w) L.push(`| wasm / native (parse + analyse, wall) | ${(w.mb_per_s.parse_analyse / nparse.mb_per_s.parse_analyse).toFixed(2)} | | |`);
  }
  if (f) {
    L.push(`| filter change at ${f.n} entries, wasm index (${f.k} random changes: all facet counts + histogram + ordered list) | **median ${f1(f.index.median_ms)} ms**, p95 ${f1(f.index.p95_ms)} ms, max ${f1(f.index.max_ms)} ms | < 5 ms median | ${ld(f)} |`);
    L.push(`| same changes, crossfilter2 1.5.4, same records, same page | median ${f1(f.crossfilter.median_ms)} ms, p95 ${f1(f.crossfilter.p95_ms)} ms (filter + counts only: median ${f1(f.crossfilter.counts_only.median_ms)} ms, p95 ${f1(f.crossfilter.counts_only.p95_ms)} ms) | | ${ld(f)} |`);
    L.push(`| per facet, index / crossfilter medians | ${['actor', 'stance', 'hour', 'text'].map((k) => `${k} ${f1(f.index.per_facet[k].median_ms)} / ${f1(f.crossfilter.per_facet[k].median_ms)} ms`).join('; ')} | | ${ld(f)} |`);
    L.push(`| results agree (matches, stance counts, histogram total) | ${f.agreement.same_counts} of ${f.agreement.of} changes | | ${ld(f)} |`);
    L.push(`| index build at ${f.n} entries, wasm / crossfilter setup (7 dimensions, 5 groups) | ${f1(f.build.build_ms)} ms / ${f1(f.crossfilter_setup_ms)} ms | | ${ld(f)} |`);
  }
  const f3 = results.wasm_filters_bench;
  if (f3) L.push(`| filter change at ${f3.n} entries, wasm built with opt-level 3 | median ${f1(f3.index.median_ms)} ms, p95 ${f1(f3.index.p95_ms)} ms; index build ${f1(f3.build.build_ms)} ms | | ${ld(f3)} |`);
  if (nf) L.push(`| filter change at ${nf.n} entries, native | median ${f1(nf.median_ms)} ms, p95 ${f1(nf.p95_ms)} ms; index build ${f1(nf.build_ms)} ms | | ${ld(nf)} |`);
  if (p) {
    L.push(`| page: ${p.files} files, ${(p.bytes / 1e6).toFixed(0)} MB through the file input: first view (first non-zero count) | ${p.first_view_ms == null ? 'n/a' : `${f1(p.first_view_ms / 1000)} s (${p.first_view_count} entries)`} | | ${ld(p)} |`);
    L.push(`| page: all ${p.entries_expected} entries counted and filterable | **${p.full_view_ms == null ? `not reached${p.finished ? '' : ' within the time limit'}` : `${f1(p.full_view_ms / 1000)} s`}** | < 3 s | ${ld(p)} |`);
    L.push(`| page: longest main-thread task while loading | **${f1(p.longtasks.longest_ms)} ms** (${p.longtasks.count} long tasks > 50 ms, ${p.longtasks.over_100ms} > 100 ms, ${f1(p.longtasks.total_ms / 1000)} s blocked in all) | < 100 ms | ${ld(p)} |`);
    const wasmB = p.after.wasm.reduce((a, x) => a + x, 0);
    L.push(`| page: memory once loaded, vs ${(p.bytes / 1e6).toFixed(0)} MB input | JS heap ${mib(p.after.js_heap_used)} + wasm memory ${mib(wasmB)} = **${p.memory_ratio.js_heap_plus_wasm.toFixed(2)}x**; renderer RSS ${mib(p.after.renderers?.[0]?.rss)} (${p.memory_ratio.renderer_rss?.toFixed(2)}x), peak ${mib(p.after.renderers?.[0]?.hwm)} (${p.memory_ratio.renderer_peak_rss?.toFixed(2)}x)${rssGrowth(p)}${p.after.ua_memory?.bytes != null ? `; measureUserAgentSpecificMemory ${mib(p.after.ua_memory.bytes)} (${p.memory_ratio.ua_memory.toFixed(2)}x)` : ''} | < 4x | ${ld(p)} |`);
    if (p.facet_changes) {
      const fc = Object.entries(p.facet_changes).filter(([, c]) => c.traced);
      L.push(`| page: a facet change at that size, traced without a profiler: from the task handling the click (or keystroke) to the end of the frame that paints it (medians of ${CLICK_ROUNDS}, every other one lifting the filter) | **${fc.map(([k, c]) => `${k} ${f1(c.frame_end_ms)} ms`).join(', ')}** (painted at ${fc.map(([k, c]) => `${f1(c.painted_ms)}`).join(', ')} ms; ${fc.reduce((a, [, c]) => a + c.within_one_frame, 0)} of ${fc.reduce((a, [, c]) => a + c.traced, 0)} changes ended their frame within 16.7 ms) | one frame | ${ld(p)} |`);
    }
    if (p.stance_click_ms != null) L.push(`| page: one stance click, with the CPU profiler running, click to count changed + next frame's start | ${f1(p.stance_click_ms)} ms | | ${ld(p)} |`);
    const so = p.session_open;
    if (so && !so.error) L.push(`| page: opening the session saved at that size (${(so.bytes / 1e6).toFixed(0)} MB) in a fresh page: files start loading / all loaded | ${f1(so.loading_starts_ms / 1000)} s / ${f1(so.full_view_ms / 1000)} s (longest task ${f1(so.longest_task_ms)} ms; ${f1(so.longest_task_before_loading_ms)} ms before the files load) | no task over 100 ms | ${ld(so)} |`);
    if (p.remove_file_ms != null) L.push(`| page: removing one file at that size (the rest merged again, index rebuilt in steps), click to the full count + next frame | ${f1(p.remove_file_ms)} ms (longest task ${f1(p.remove_file_longest_task_ms)} ms) | | ${ld(p)} |`);
  }
  if (bu) {
    L.push(`| bundle: wasm (${bu.wasm?.file}) | **${(bu.wasm.raw / 1e6).toFixed(2)} MB raw, ${(bu.wasm.gzip / 1e3).toFixed(0)} KB gzipped** (whole dist: ${(bu.total.raw / 1e6).toFixed(2)} MB, ${(bu.total.gzip / 1e3).toFixed(0)} KB gz) | < 1.5 MB, < 500 KB gz | ${ld(bu)} |`);
    L.push(`| navigation start to the sample button clickable, local server, fresh profile (median of ${bu.tti_runs.length}) | **${f1(bu.tti_median_ms)} ms** (wasm instantiated at ${f1(bu.wasm_instantiated_median_ms)} ms; sample click to its entries shown ${f1(bu.sample_loaded_median_ms)} ms) | < 1 s | ${ld(bu)} |`);
  }
  const named = results.page_load_named;
  const prof = (named || p)?.profile;
  if (prof) {
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    L.push('');
    L.push(`Where the page's main thread spent the ${s(prof.total_ms)} of the ${(p || named).files}-file load (CPU profile${named ? ' of a copy of the page whose wasm keeps its function names' : ''}): ${Object.entries(prof.by_kind_ms).map(([k, v]) => `${{ wasm: 'wasm', program: 'browser work (style, layout, paint, IPC)', js: 'JavaScript and DOM calls', idle: 'idle (waiting for timers, file reads, IndexedDB)', gc: 'garbage collection' }[k] || k} ${s(v)}`).join(', ')}.`);
    const ours = prof.inclusive_ms.filter(([n]) => /liveblog::|getBoundingClientRect$|arrayBuffer|IdbObjectStore/.test(n)).slice(0, 10);
    if (ours.length) L.push(`Inclusive: ${ours.map(([n, v]) => `\`${n.replace(/^(wasm|js): /, '').replace(/::h[0-9a-f]{16}$/, '').replace(/^web_sys::features::gen_\w+::/, '').split(' ')[0]}\` ${s(v)}`).join(', ')}.`);
  }
  const click = named?.stance_click_profile;
  if (click && named.stance_click_ms != null) {
    L.push(`One stance click after the load took ${f1(named.stance_click_ms)} ms in that copy: ${Object.entries(click.by_kind_ms).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(', ')}; top: ${click.top_functions_ms.slice(0, 4).map(([n, v]) => `${n.replace(/::h[0-9a-f]{16}$/, '')} ${v} ms`).join(', ')}.`);
  }
  return L.join('\n');
}

// ---------- main ----------
async function main() {
  if (flag('serve')) {
    const srv = await serve(ROOT, ['benches/browser/', 'target/wasm-bench/', 'node_modules/crossfilter2/']);
    console.log(`${srv.origin}/benches/browser/bench.html  (Ctrl-C stops)`);
    return;
  }
  await mkdir(OUT, { recursive: true });
  if (ONLY.has('parse') || ONLY.has('filters')) {
    if (!flag('skip-build') || !existsSync(join(ROOT, 'target', 'wasm-bench', 'wasm_bench.js'))) await buildBenchWasm();
    await benchPage();
  }
  if (ONLY.has('native')) await native();
  if (ONLY.has('page') || ONLY.has('bundle') || ONLY.has('session')) {
    const dist = await buildPage();
    if (ONLY.has('bundle')) await bundle(dist);
    if (ONLY.has('page')) await pageLoad(dist);
    if (ONLY.has('session')) await sessionOpens(dist);
  }
  await saveResults();
  const md = table();
  await writeFile(join(OUT, 'results.md'), md + '\n');
  console.log(md);
  log(`full figures: ${join(OUT, 'results.json')}`);
}

main().catch(async (e) => {
  console.error(e);
  await saveResults().catch(() => {});
  process.exit(1);
});

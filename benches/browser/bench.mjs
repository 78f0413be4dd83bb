// The browser side of the benchmarks: the wasm example (examples/wasm_bench.rs, built and
// bound by run.mjs into target/wasm-bench/) and crossfilter2 (loaded by bench.html as the
// global `crossfilter`), timed on the same data in the same page.
//
// `window.bench.parse(mb, reps)` and `window.bench.filters(n, k)` return plain objects;
// run.mjs calls them through Playwright and prints the table.
import init, * as wb from '../../target/wasm-bench/wasm_bench.js';

const ready = init({ module_or_path: new URL('../../target/wasm-bench/wasm_bench_bg.wasm', import.meta.url) });

const median = (xs) => percentile(xs, 50);
function percentile(xs, p) {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return 0;
  return v[Math.min(v.length, Math.max(1, Math.ceil((p / 100) * v.length))) - 1];
}

function heap() {
  return performance.memory ? performance.memory.usedJSHeapSize : null;
}

async function parse(mb = 100, reps = 3) {
  await ready;
  const r = wb.bench_parse_analyse(mb, reps);
  r.wasm_memory_bytes = wb.wasm_memory_bytes();
  return r;
}

/** Same tokens as the index's word search (src/index/text.rs): lower case, apostrophes dropped. */
const normalise = (s) => s.toLowerCase().replace(/['\u2019\u02bc]/g, '');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The crossfilter side: one dimension per facet (actor as an array dimension over the
 * entry's actors), a group per dimension for the facet counts, the hour dimension's group
 * reduced per stance for the stacked histogram, and a time dimension for the ordered list.
 * Crossfilter's groups ignore their own dimension's filter, the same faceted-search rule
 * the index follows, so both compute the same numbers.
 */
function setup(records) {
  const texts = records.map((r) => normalise(r.x));
  records.forEach((r, i) => {
    r.i = i;
    r.t = r.utc ? Date.parse(r.utc) : -1e15;
  });
  const cf = crossfilter(records);
  const dims = {
    actor: cf.dimension((r) => r.a, true),
    stance: cf.dimension((r) => r.s),
    hour: cf.dimension((r) => r.h),
    source: cf.dimension((r) => r.src),
    date: cf.dimension((r) => r.d),
    text: cf.dimension((r) => r.i),
    time: cf.dimension((r) => r.t),
  };
  const groups = {
    actor: dims.actor.group(),
    stance: dims.stance.group(),
    hist: dims.hour.group().reduce(
      (p, v) => { p[v.s] += 1; return p; },
      (p, v) => { p[v.s] -= 1; return p; },
      () => [0, 0, 0, 0],
    ),
    source: dims.source.group(),
    date: dims.date.group(),
  };
  const all = cf.groupAll();
  const stances = ['doctors', 'government', 'mixed', 'neutral'];

  /** Applies the facet a change touched (the others keep their filters, as in the page). */
  function apply(q) {
    switch (q.facet) {
      case 'actor':
        if (q.actors.length) {
          const want = new Set(q.actors);
          if (q.actors.length === 1) dims.actor.filterExact(q.actors[0]);
          else dims.actor.filterFunction((a) => want.has(a));
        } else dims.actor.filterAll();
        break;
      case 'stance':
        if (q.stances.length === 1) dims.stance.filterExact(stances.indexOf(q.stances[0]));
        else if (q.stances.length) {
          const want = new Set(q.stances.map((s) => stances.indexOf(s)));
          dims.stance.filterFunction((s) => want.has(s));
        } else dims.stance.filterAll();
        break;
      case 'hour':
        if (q.hours.length) dims.hour.filterRange([Math.min(...q.hours), Math.max(...q.hours) + 1]);
        else dims.hour.filterAll();
        break;
      case 'text': {
        const words = normalise(q.text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        if (words.length) {
          const res = words.map((w) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(w)}`, 'u'));
          dims.text.filterFunction((i) => res.every((re) => re.test(texts[i])));
        } else dims.text.filterAll();
        break;
      }
      default:
        throw new Error(`unknown facet ${q.facet}`);
    }
  }

  /** One change: filter, every facet's counts and the histogram, then the ordered list. */
  function change(q) {
    const t0 = performance.now();
    apply(q);
    const t1 = performance.now();
    const counts = {
      matches: all.value(),
      stance: groups.stance.all(),
      actor: groups.actor.all(),
      hist: groups.hist.all(),
      source: groups.source.all(),
      date: groups.date.all(),
    };
    // Read every value, as a page drawing the facets would.
    let sum = 0;
    for (const g of [counts.stance, counts.actor, counts.source, counts.date]) for (const kv of g) sum += kv.value;
    for (const kv of counts.hist) sum += kv.value[0] + kv.value[1] + kv.value[2] + kv.value[3];
    const t2 = performance.now();
    const list = dims.time.top(Infinity);
    const t3 = performance.now();
    return { filter: t1 - t0, counts: t2 - t1, list: t3 - t2, total: t3 - t0, counts_sum: sum, list_len: list.length, c: counts };
  }

  function reset() {
    for (const d of Object.values(dims)) d.filterAll();
  }

  return { change, reset, stances };
}

function runCrossfilter(xf, plan) {
  xf.reset();
  const rows = plan.map((q) => {
    const r = xf.change(q);
    const stance = [0, 0, 0, 0];
    for (const kv of r.c.stance) stance[kv.key] = kv.value;
    let hist = 0;
    for (const kv of r.c.hist) hist += kv.value[0] + kv.value[1] + kv.value[2] + kv.value[3];
    return { ...r, found: { matches: r.c.matches, stances: stance, histogram: hist } };
  });
  const pick = (k) => rows.map((r) => r[k]);
  return {
    k: rows.length,
    median_ms: median(pick('total')),
    p95_ms: percentile(pick('total'), 95),
    max_ms: percentile(pick('total'), 100),
    counts_only: { median_ms: median(rows.map((r) => r.filter + r.counts)), p95_ms: percentile(rows.map((r) => r.filter + r.counts), 95) },
    list: { median_ms: median(pick('list')), p95_ms: percentile(pick('list'), 95) },
    per_facet: Object.fromEntries(['actor', 'stance', 'hour', 'text'].map((f) => {
      const xs = rows.filter((_, i) => plan[i].facet === f).map((r) => r.total);
      return [f, { n: xs.length, median_ms: median(xs), p95_ms: percentile(xs, 95) }];
    })),
    found: rows.map((r) => r.found),
  };
}

/**
 * Filtering at `n` entries: the wasm index and crossfilter2 on the same records, the same `k`
 * changes. Each side first runs a different sequence (seed 2) to warm up its JIT tiers.
 */
async function filters(n = 100_000, k = 100) {
  await ready;
  const out = { n, k };
  out.build = wb.build_index(n);
  out.wasm_memory_bytes_after_index = wb.wasm_memory_bytes();
  let t = performance.now();
  const json = wb.records_json();
  out.records_json_ms = performance.now() - t;
  out.records_json_bytes = json.length;
  t = performance.now();
  const records = JSON.parse(json);
  out.records_parse_ms = performance.now() - t;
  const heap0 = heap();
  t = performance.now();
  const xf = setup(records);
  out.crossfilter_setup_ms = performance.now() - t;
  out.js_heap_crossfilter_bytes = heap0 != null ? heap() - heap0 : null;

  wb.run_queries(k, 2);
  runCrossfilter(xf, wb.query_plan(k, 2));

  const plan = wb.query_plan(k, 1);
  const index = wb.run_queries(k, 1);
  const cf = runCrossfilter(xf, plan);
  let agree = 0;
  const disagreements = [];
  plan.forEach((q, i) => {
    const a = index.found[i];
    const b = cf.found[i];
    const same = a.matches === b.matches && a.histogram === b.histogram && a.stances.every((s, j) => s === b.stances[j]);
    if (same) agree += 1;
    else if (disagreements.length < 5) disagreements.push({ i, q, index: a, crossfilter: b });
  });
  delete index.found;
  delete index.ms;
  delete cf.found;
  out.index = index;
  out.crossfilter = cf;
  out.agreement = { same_counts: agree, of: plan.length, examples: disagreements };
  out.facet_changes = Object.fromEntries(['actor', 'stance', 'hour', 'text'].map((f) => [f, plan.filter((q) => q.facet === f).length]));
  return out;
}

window.bench = { ready, parse, filters };

const out = document.getElementById('out');
ready.then(() => { out.textContent = 'ready'; }, (e) => { out.textContent = `wasm failed: ${e}`; });
document.getElementById('parse').onclick = async () => { out.textContent = 'running…'; out.textContent = JSON.stringify(await parse(10, 1), null, 2); };
document.getElementById('filters').onclick = async () => { out.textContent = 'running…'; out.textContent = JSON.stringify(await filters(), null, 2); };

#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml), also runnable by hand on a built dir:
//   node scripts/postbuild.mjs [DIR]        (default: $TRUNK_STAGING_DIR, else dist/)
// 1. gives loader.js a content hash in its name (like Trunk's own files) and points
//    index.html at it, so no cache ever pairs a new page with an old loader;
// 2. gives the parsing worker's three files content hashes too (see below), and names the
//    worker's script and wasm in <meta name="liveblog-parser"> for the page's own fallback;
// 3. writes the service worker's precache list: every file of the build, by relative URL
//    (so the page works under any sub-path, e.g. GitHub Pages' /<repo>/), and a version
//    that is a hash of all their contents.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist';
const hash = (buf) => createHash('sha256').update(buf).digest('hex');

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const loaderPath = join(dir, 'loader.js');
try {
  const loader = readFileSync(loaderPath);
  const hashed = `loader-${hash(loader).slice(0, 16)}.js`;
  renameSync(loaderPath, join(dir, hashed));
  const before = html;
  html = html.replace(/(src="[^"]*?)loader\.js"/, `$1${hashed}"`);
  if (html === before) throw new Error('index.html does not reference loader.js');
  writeFileSync(indexPath, html);
} catch (e) {
  if (e.code !== 'ENOENT') throw e; // already renamed by an earlier run on this dir
}

// The parsing worker: Trunk names a worker's files after its binary, unhashed. Hash them
//    here and point worker.js at them, then hash worker.js and point the page's
//    <meta name="liveblog-worker"> at it: a page never starts an older worker.
try {
  let shim = readFileSync(join(dir, 'worker.js'), 'utf8');
  let parser = 'parse_worker.js parse_worker_bg.wasm';
  for (const file of ['parse_worker.js', 'parse_worker_bg.wasm']) {
    const hashed = file.replace(/(_bg)?\.(js|wasm)$/, (m) => `-${hash(readFileSync(join(dir, file))).slice(0, 16)}${m}`);
    renameSync(join(dir, file), join(dir, hashed));
    const before = shim;
    shim = shim.replaceAll(`./${file}`, `./${hashed}`);
    if (shim === before) throw new Error(`worker.js does not reference ${file}`);
    parser = parser.replace(file, hashed);
  }
  const meta = '<meta name="liveblog-parser" content="parse_worker.js parse_worker_bg.wasm"';
  if (!html.includes(meta)) throw new Error(`index.html has no ${meta}>`);
  html = html.replace(meta, `<meta name="liveblog-parser" content="${parser}"`);
  const shimName = `worker-${hash(shim).slice(0, 16)}.js`;
  writeFileSync(join(dir, shimName), shim);
  unlinkSync(join(dir, 'worker.js'));
  const before = html;
  html = html.replace(/(<meta name="liveblog-worker" content=")worker\.js"/, `$1${shimName}"`);
  if (html === before) throw new Error('index.html has no <meta name="liveblog-worker" content="worker.js">');
  writeFileSync(indexPath, html);
} catch (e) {
  if (e.code !== 'ENOENT') throw e; // already done by an earlier run on this dir
}

const swPath = join(dir, 'sw.js');
const files = walk(dir)
  .map((p) => relative(dir, p).split(sep).join('/'))
  .filter((p) => p !== 'sw.js' && !p.startsWith('.'))
  .sort();
const version = hash(files.map((f) => f + '\0' + hash(readFileSync(join(dir, f)))).join('\n')).slice(0, 16);
const precache = ['./', ...files];
let sw = readFileSync(swPath, 'utf8');
if (!sw.includes('__PRECACHE_LIST__')) {
  console.log(`postbuild: ${swPath} already has its precache list`);
} else {
  sw = sw.replace('__BUILD_VERSION__', version).replace('__PRECACHE_LIST__', JSON.stringify(precache, null, 2));
  writeFileSync(swPath, sw);
  console.log(`postbuild: sw.js precaches ${precache.length} URLs, version ${version}`);
}

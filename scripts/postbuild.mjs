#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml), also runnable by hand on a built dir:
//   node scripts/postbuild.mjs [DIR]        (default: $TRUNK_STAGING_DIR, else dist/)
// 1. gives loader.js a content hash in its name (like Trunk's own files) and points
//    index.html at it, so no cache ever pairs a new page with an old loader;
// 2. writes the service worker's precache list: every file of the build, by relative URL
//    (so the page works under any sub-path, e.g. GitHub Pages' /<repo>/), and a version
//    that is a hash of all their contents.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

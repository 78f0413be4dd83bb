// Offline mode for the explorer. The build (scripts/postbuild.mjs) replaces the two
// placeholders below with the list of every file in dist/ and a hash of their contents, so
// each deploy gets a fresh cache and the old one is dropped once the new worker takes over.
// Only this origin's own GET requests are ever touched; nothing is sent anywhere.
const VERSION = '__BUILD_VERSION__';
const PRECACHE = __PRECACHE_LIST__;
const CACHE = 'liveblog-explorer-' + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((p) => new URL(p, self.registration.scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => k.startsWith('liveblog-explorer-') && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // The page itself: fresh when online (a new deploy shows at once), cached when not.
    // Filters live in the query string, which the cached page ignores.
    event.respondWith(
      fetch(req).catch(() => caches.open(CACHE)
        .then((cache) => cache.match(new URL('./', self.registration.scope).href)
          .then((hit) => hit || cache.match(new URL('index.html', self.registration.scope).href)))),
    );
    return;
  }
  // Hashed assets never change under one name: the cache answers first.
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(req, { ignoreSearch: true })
      .then((hit) => hit || fetch(req))),
  );
});

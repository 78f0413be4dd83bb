// Starts the wasm app. A file of its own, not Trunk's inline script, so the page's
// Content-Security-Policy can forbid inline scripts. Trunk fills in the data attributes.
const tag = document.querySelector('script[data-wasm]');
const base = tag.dataset.base;
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });

// Offline mode: the service worker serves the precached build when the network is gone.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register(base + 'sw.js', { scope: base }).catch((e) => {
    console.warn('offline mode unavailable:', e);
  });
}

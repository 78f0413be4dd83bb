// Starts a parsing worker (see src/app/workers.rs). Messages that arrive while the wasm is
// still loading are kept and handled once it is ready, so none is lost. scripts/postbuild.mjs
// gives this file and the two it loads content-hashed names.
const early = [];
self.onmessage = (e) => early.push(e.data);
importScripts('./parse_worker.js');
wasm_bindgen({ module_or_path: './parse_worker_bg.wasm' }).then(() => {
  self.onmessage = (e) => wasm_bindgen.handle(e.data);
  for (const data of early.splice(0)) wasm_bindgen.handle(data);
}, (err) => {
  // The page sees this as the worker's error event and parses on its own thread instead.
  setTimeout(() => { throw err; });
});

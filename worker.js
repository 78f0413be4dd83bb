// Starts a parsing worker (see src/app/workers.rs). Messages that arrive while the wasm is
// still loading are kept and handled once it is ready, so none is lost. scripts/postbuild.mjs
// gives this file and the two it loads content-hashed names.
const early = [];
self.onmessage = (e) => early.push(e.data);
importScripts('./parse_worker.js');
// The reply's JSON bytes (or the buffers it lists in `transfer`) are handed over to the page,
// not copied.
const answer = (data) => {
  const reply = wasm_bindgen.handle(data);
  if (reply !== undefined) self.postMessage(reply, reply.transfer || (reply.json ? [reply.json.buffer] : []));
};
wasm_bindgen({ module_or_path: './parse_worker_bg.wasm' }).then(() => {
  self.onmessage = (e) => answer(e.data);
  for (const data of early.splice(0)) answer(data);
}, (err) => {
  // The page sees this as the worker's error event and parses on its own thread instead.
  setTimeout(() => { throw err; });
});

#!/usr/bin/env bash
# Installs, only when missing, every tool the build and the tests need, at pinned versions,
# from the package registries alone (crates.io, npm, Debian). Sourced by scripts/serve and
# scripts/test; safe to run again: each step is skipped when the right version answers.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal `wasm-bindgen` in Cargo.toml / Cargo.lock
BINARYEN_VERSION=132           # npm `binaryen`; Debian's and crates.io's wasm-opt cannot read wasm-bindgen output

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

log() { printf '[tools] %s\n' "$*" >&2; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    log "installing trunk $TRUNK_VERSION from crates.io (about 11 minutes, once)"
    cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 5 minutes, once)"
    # --locked fails: its lock file names a webpki-roots the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_node_tools() {
  # binaryen (wasm-opt), playwright-core and crossfilter2 come from package.json / package-lock.json.
  if ! command -v npm >/dev/null; then
    log "installing nodejs and npm from Debian"
    apt_install nodejs npm
  fi
  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing npm packages (binaryen@$BINARYEN_VERSION, playwright-core, crossfilter2)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

apt_updated=0
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ "$apt_updated" = 0 ]; then $sudo apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver from Debian"
    apt_install chromium chromium-driver
  fi
}

ensure_build_tools() { ensure_wasm_target; ensure_node_tools; ensure_wasm_bindgen; ensure_trunk; }
ensure_test_tools() { ensure_build_tools; ensure_chromium; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ensure_test_tools
  log "all tools present"
fi

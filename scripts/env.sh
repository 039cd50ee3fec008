# Sourced by scripts/build and scripts/test: sets up what they need on a fresh machine.
# Needs only python3 (3.11+); installs the rest (virtualenv, packages, a Chromium) by itself.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Create .venv and install privgen (with extras such as "[test]") when pyproject.toml is newer.
ensure_venv() {
  local extras=${1:-}
  if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv
      python3 -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.installed${extras}"
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT$extras"
    touch "$stamp"
  fi
}

# Find a Chromium for the browser tests and export PRIVGEN_CHROMIUM; Playwright's own build
# is used where it can be downloaded, else the distribution's package.
ensure_chromium() {
  if [ -n "${PRIVGEN_CHROMIUM:-}" ] && [ -x "$PRIVGEN_CHROMIUM" ]; then return 0; fi
  local candidate
  for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then
      export PRIVGEN_CHROMIUM=$(command -v "$candidate")
      return 0
    fi
  done
  if timeout 300 "$VENV/bin/python" -m playwright install chromium >/dev/null 2>&1; then
    return 0  # the tests fall back to Playwright's own browser when PRIVGEN_CHROMIUM is unset
  fi
  echo "Playwright could not download its browser; installing the distribution's chromium" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  export PRIVGEN_CHROMIUM=$(command -v chromium)
}

# npm, for the test that consent.min.js is terser's output of consent.js (scripts/minify-banner).
ensure_node() {
  if command -v npm >/dev/null 2>&1; then return 0; fi
  echo "npm not found; installing the distribution's nodejs and npm" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
}

# PostgreSQL, for the consent store's tests (each starts a throwaway cluster of its own).
ensure_postgresql() {
  if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return 0; fi
  echo "PostgreSQL not found; installing the distribution's postgresql" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

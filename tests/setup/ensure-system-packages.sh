#!/usr/bin/env bash
# Before the suite: make sure the PostgreSQL server binaries and Chromium that the tests drive are here.
# As root, missing ones are installed with apt-get; otherwise the run stops and says what to install.
# Never skips: a test that needs them must run.
set -euo pipefail

have_initdb() {
  command -v initdb >/dev/null 2>&1 && return 0
  [ -x /usr/local/bin/initdb ] && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
have_chromium() {
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ] && return 0
  [ -x /usr/bin/chromium ]
}

missing=()
# A PostgreSQL named by DATABASE_URL / TEST_DATABASE_URL needs no local server binaries.
if [ -z "${TEST_DATABASE_URL:-}${DATABASE_URL:-}" ] && ! have_initdb; then missing+=(postgresql); fi
have_chromium || missing+=(chromium)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "The test suite needs: ${missing[*]}." >&2
  echo "Install with: sudo apt-get install -y ${missing[*]}" >&2
  echo "(or set DATABASE_URL to a PostgreSQL server, and CHROMIUM_PATH to a Chromium binary)" >&2
  exit 1
fi
echo "Installing ${missing[*]} for the test suite (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
have_chromium || { echo "error: Chromium still missing after apt-get install chromium" >&2; exit 1; }

#!/usr/bin/env bash
# Installs what the tests need, starts throwaway servers, runs every test of the solution.
# Exits non-zero if anything fails. Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

log() { printf '\n== %s\n' "$*"; }

# --- Debian packages the tests use (oracles, databases, browser) --------------------------------
PACKAGES=(postgresql postgresql-15-postgis-3 raptor2-utils python3-rdflib python3-aiosmtpd gdal-bin chromium tzdata nodejs)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ships with the machine's Node.js; Debian's own npm package would clash with it.
command -v npm >/dev/null 2>&1 || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq npm >/dev/null; }

# --- npm packages used by cross-check tests (installed into tests/tools, offline afterwards) -----
if [ -f tests/tools/package.json ] && [ ! -d tests/tools/node_modules ]; then
  log "Installing npm test tools"
  (cd tests/tools && npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent)
fi

# --- s3rver: the S3-compatible server the S3 download store tests start on 127.0.0.1 -------------
S3_TEST_SERVER=tests/SmartMiljo.OpenData.TestSupport/s3server
if [ ! -d "$S3_TEST_SERVER/node_modules/s3rver" ]; then
  log "Installing the S3 test server (npm s3rver)"
  (cd "$S3_TEST_SERVER" && npm ci --no-audit --no-fund --silent)
fi

# --- A throwaway PostgreSQL/PostGIS cluster on a free loopback port ------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PG_DIR=""
cleanup() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
trap cleanup EXIT
if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
  PG_DIR=$(mktemp -d /tmp/smartmiljo-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  log "Starting PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DIR)"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  export SMARTMILJO_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Include Error Detail=true"
else
  echo "PostgreSQL binaries not found; PostgreSQL-backed tests will fail." >&2
fi

export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "Building"
dotnet build SmartMiljo.OpenData.sln -c Release -nologo -clp:ErrorsOnly

log "Running tests"
OUT=$(mktemp)
set +e
dotnet test SmartMiljo.OpenData.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$OUT"
STATUS=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo 'Passed: +[0-9]+' "$OUT" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$OUT" | awk '{s+=$2} END {print s+0}')
rm -f "$OUT"
echo
echo "tests: $passed passed, $failed failed"
if [ "$STATUS" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "No test ran." >&2; exit 1; fi

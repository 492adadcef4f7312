#!/usr/bin/env bash
# Fuzzes the JSON API from its own OpenAPI document with schemathesis, against the real debug
# binary: `prachum serve` on a fresh SQLite database, then on a fresh PostgreSQL database when
# PRACHUM_SCHEMATHESIS_PG (an admin URL such as postgres://postgres@127.0.0.1:5432/postgres) is
# set, each loaded with `prachum demo` and called with an administrator's API token.
# Checks: not_a_server_error, status_code_conformance, response_schema_conformance.
# Exits non-zero on any failure; anything it needs that is missing is a failure, never a skip.
#
#   PRACHUM_SCHEMATHESIS_MAX_EXAMPLES  cases per operation and phase (default 50)
#   PRACHUM_SCHEMATHESIS_SEED          hypothesis seed (default 20261201; "random" for none)
#   PRACHUM_SCHEMATHESIS_VENV          virtualenv for schemathesis (default target/schemathesis-venv)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES="${PRACHUM_SCHEMATHESIS_MAX_EXAMPLES:-50}"
SEED="${PRACHUM_SCHEMATHESIS_SEED:-20261201}"
VENV="${PRACHUM_SCHEMATHESIS_VENV:-$ROOT/target/schemathesis-venv}"
PG_ADMIN="${PRACHUM_SCHEMATHESIS_PG:-}"

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || fail "'$1' is required and not installed"; }

need cargo
need python3
need curl
need timeout
[ -z "$PG_ADMIN" ] || need psql

if [ ! -x "$VENV/bin/st" ] || ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  step "schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV" || fail "python3 -m venv failed (install python3-venv)"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" || fail "pip install schemathesis failed"
fi

# The binary as the integration tests build it: `cargo build --bin` alone would resolve the
# dependencies' features without the dev-dependencies and recompile half the tree (and then
# `cargo test` would recompile it back).
step "cargo test --no-run --test it (builds target/debug/prachum)"
cargo test --no-run --test it
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/prachum"
[ -x "$BIN" ] || fail "$BIN was not built"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/prachum-schemathesis.XXXXXX")
SERVER_PID=""
PG_DB=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$PG_DB" ]; then psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS \"$PG_DB\"" >/dev/null 2>&1 || true; fi
  if [ -z "${KEEP_SCHEMATHESIS_WORK:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# run_one NAME DATABASE_URL
run_one() {
  local name=$1 url=$2 dir="$WORK/$1" port
  mkdir -p "$dir"
  port=$(free_port)
  export PRACHUM_CONFIG_DIR="$ROOT/config" PRACHUM_ENV=test
  export PRACHUM__DATABASE__URL="$url"
  export PRACHUM__SERVER__LISTEN="127.0.0.1:$port" PRACHUM__SERVER__BASE_URL="http://127.0.0.1:$port"
  export PRACHUM__MAIL__TRANSPORT=file PRACHUM__MAIL__FILE_DIR="$dir/outbox"
  export PRACHUM__STORAGE__FILES_DIR="$dir/files"

  step "$name: migrate, demo data, an admin and a token"
  "$BIN" migrate >"$dir/setup.log" 2>&1 || { cat "$dir/setup.log"; fail "$name: migrate"; }
  "$BIN" demo >>"$dir/setup.log" 2>&1 || { cat "$dir/setup.log"; fail "$name: demo"; }
  "$BIN" user create --email schemathesis@example.go.th --name "Schemathesis" --role admin \
    >>"$dir/setup.log" 2>&1 || { cat "$dir/setup.log"; fail "$name: user create"; }
  local token
  token=$("$BIN" token create --email schemathesis@example.go.th --name schemathesis 2>>"$dir/setup.log" | tail -1)
  [ -n "$token" ] || fail "$name: no token"

  step "$name: prachum serve on 127.0.0.1:$port"
  "$BIN" serve >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  local i
  for i in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$dir/server.log"; fail "$name: the server exited"; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/api/v1/openapi.json" -o "$dir/openapi.json" \
    || { cat "$dir/server.log"; fail "$name: no OpenAPI document"; }

  step "$name: schemathesis (max $MAX_EXAMPLES examples per operation, seed $SEED)"
  local seed_args=()
  [ "$SEED" = random ] || seed_args=(--seed "$SEED")
  local start=$SECONDS rc=0
  # From the work folder: schemathesis keeps its cache in ./.schemathesis.
  (cd "$dir" && timeout 900 "$VENV/bin/st" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --max-examples "$MAX_EXAMPLES" --max-response-time 10 --request-timeout 30 \
    --workers 1 --no-color --report junit --report-dir "$dir/report" \
    "${seed_args[@]}") 2>&1 | tee "$dir/schemathesis.log" || rc=$?
  echo "$name: schemathesis finished in $((SECONDS - start)) s with exit code $rc"
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  if grep -q "panicked" "$dir/server.log"; then
    grep -n "panicked" "$dir/server.log" | head -20
    fail "$name: the server panicked"
  fi
  [ "$rc" -eq 0 ] || fail "$name: schemathesis found failures (exit $rc); logs in $dir (set KEEP_SCHEMATHESIS_WORK=1 to keep them)"
}

run_one sqlite "sqlite://$WORK/prachum.db?mode=rwc"

if [ -n "$PG_ADMIN" ]; then
  PG_DB="prachum_st_$(date +%s)_$$"
  psql "$PG_ADMIN" -qc "CREATE DATABASE \"$PG_DB\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" \
    || fail "cannot create database $PG_DB at $PG_ADMIN"
  run_one postgres "$(printf '%s' "$PG_ADMIN" | sed -E 's#/[^/?]*(\?.*)?$#/'"$PG_DB"'\1#')"
fi

step "schemathesis: ok"

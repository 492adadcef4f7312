#!/usr/bin/env bash
# Load and start-up figures for the release build (issue budgets):
#   - start to first /healthz answer on a migrated database
#   - requests per second on /healthz and / (wrk, keep-alive)
#   - release binary size
# Usage: benches/load.sh [sqlite|postgres]   (needs wrk and curl: apt-get install wrk curl)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/prachum
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
if [ "$backend" = postgres ]; then
  db="prachum_bench_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"; psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
  # A local server without TLS (PGSSLMODE=prefer measures the TLS handshake, ~200 ms here).
  export PRACHUM__DATABASE__URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=${PGSSLMODE:-disable}"
else
  export PRACHUM__DATABASE__URL="sqlite://$work/bench.db?mode=rwc"
fi
export PRACHUM__SERVER__LISTEN=127.0.0.1:18080 RUST_LOG=warn
"$bin" migrate >/dev/null
"$bin" demo >/dev/null

echo "binary: $(du -h "$bin" | cut -f1) ($(stat -c %s "$bin") bytes)"
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$bin" serve >/dev/null 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null http://127.0.0.1:18080/healthz 2>/dev/null; do sleep 0.002; done
  end=$(date +%s%N)
  echo "start to first /healthz (run $i): $(( (end - start) / 1000000 )) ms"
  if [ "$i" -lt 5 ]; then kill -TERM "$pid"; wait "$pid" || true; fi
done
for path in /healthz /; do
  echo "--- wrk -t2 -c32 -d10s $path ($backend)"
  wrk -t2 -c32 -d10s --latency "http://127.0.0.1:18080$path" | grep -E "Requests/sec|Latency|50%|99%"
done

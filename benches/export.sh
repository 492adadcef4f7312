#!/usr/bin/env bash
# Export speed and memory (issue 14), against a release build: the action list of 100,000+
# actions as XLSX (and as CSV), timed end to end with curl, and the server's resident memory
# before, at its peak during (VmHWM) and after each export.
# Budgets: 100,000 actions as XLSX in under 5 s; resident memory growth under 50 MB.
#
# Data: three provinces of inspection zone 15 (TH-50, TH-51, TH-52) × fiscal years 2567–2569 at
# the national data set's density (`prachum demo --scale national --province …`): 9
# province-years, 108,000 actions, loaded once into a database kept between runs (SQLite
# `target/bench/export.db`, PostgreSQL database `prachum_export`; FRESH=1 reloads). The
# exports are asked for by an administrator (every action) and by the zone's inspector.
# Usage: benches/export.sh [sqlite|postgres]   (needs curl; psql for PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
command -v curl >/dev/null || benches/install-tools.sh >/dev/null
cargo build --release --quiet --bin prachum
mkdir -p target/bench
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# A private copy: a target directory shared with other checkouts may replace the binary later.
cp "${CARGO_TARGET_DIR:-target}/release/prachum" "$work/prachum"
bin="$work/prachum"
if [ "$backend" = postgres ]; then
  db=prachum_export
  if [ "${FRESH:-0}" = 1 ]; then psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; fi
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  export PRACHUM__DATABASE__URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=disable"
else
  if [ "${FRESH:-0}" = 1 ]; then rm -f target/bench/export.db*; fi
  export PRACHUM__DATABASE__URL="sqlite://$PWD/target/bench/export.db?mode=rwc"
fi
port=18092
export PRACHUM__SERVER__LISTEN=127.0.0.1:$port RUST_LOG=warn PRACHUM__LOG__LEVEL=warn
export PRACHUM__SECURITY__SECRET_KEY=bench-secret-key-bench-secret-key-0123456789
export PRACHUM__MAIL__FILE_DIR="$work/outbox" PRACHUM__STORAGE__FILES_DIR="$work/files"
"$bin" migrate >/dev/null
t0=$(date +%s%N)
"$bin" demo --scale national --province TH-50 --province TH-51 --province TH-52 | tail -n 3
t1=$(date +%s%N)
echo "data checked/loaded in $(( (t1 - t0) / 1000000 )) ms ($backend)"
for who in "admin:admin:" "inspector:inspector:--zone 15"; do
  IFS=: read -r name role extra <<<"$who"
  # shellcheck disable=SC2086 # $extra holds two words on purpose
  echo "bench-password-123" | "$bin" user create --email "bench-$name@example.go.th" --name "ผู้ทดสอบ" \
    --role "$role" $extra --password-stdin >/dev/null 2>&1 || true
done
"$bin" serve --help | grep -q -- --no-worker && serve_args=(serve --no-worker) || serve_args=(serve)
"$bin" "${serve_args[@]}" >"$work/serve.log" 2>&1 &
pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; do sleep 0.05; done
sign_in() {
  local jar="$work/$1.jar" csrf
  csrf=$(curl -fsS -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=bench-$1@example.go.th" --data-urlencode "password=bench-password-123" \
    "http://127.0.0.1:$port/login"
  awk '$6 == "prachum_session" {print $7}' "$jar"
}
admin=$(sign_in admin)
inspector=$(sign_in inspector)
[ -n "$admin" ] && [ -n "$inspector" ] || { echo "sign-in failed" >&2; exit 1; }
mb() { awk -v k="$1:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
# Resets the peak (VmHWM) to the current resident size, so each export's peak is its own.
reset_peak() { echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true; }
export_once() {
  local label=$1 session=$2 path=$3 out="$work/export.out" before peak after stats
  reset_peak
  before=$(mb VmRSS)
  stats=$(curl -fsS -H "Cookie: prachum_session=$session" -o "$out" \
    -w '%{http_code} %{size_download} %{time_starttransfer} %{time_total}' "http://127.0.0.1:$port$path")
  peak=$(mb VmHWM)
  after=$(mb VmRSS)
  read -r code size ttfb total <<<"$stats"
  local rows
  case "$path" in
    *.csv*) rows=$(( $(tr -cd '\n' <"$out" | wc -c) - 1 ));;
    *) rows=$(python3 -c "import sys, zipfile, re; x = zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode(); print(len(re.findall(r'<row ', x)) - 1)" "$out");;
  esac
  printf '%-10s %-22s %s %6.1f MB %7d rows  first byte %5.2f s  total %5.2f s  RSS %s -> peak %s -> %s MB\n' \
    "$label" "$path" "$code" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" "$rows" "$ttfb" "$total" "$before" "$peak" "$after"
}
echo "=== exports ($backend): server RSS at rest $(mb VmRSS) MB"
for i in 1 2; do
  export_once "admin#$i" "$admin" "/actions.xlsx"
done
export_once inspector "$inspector" "/actions.xlsx"
export_once admin "$admin" "/actions.xlsx?status=open"
export_once admin "$admin" "/actions.csv"
export_once admin "$admin" "/meetings.xlsx"
echo "=== server RSS after the exports: $(mb VmRSS) MB (peak since start $(mb VmHWM) MB)"

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
DATASET=export DEMO_ARGS="--scale national --province TH-50 --province TH-51 --province TH-52" \
  INSPECTOR_ZONE=15 PORT=18092
# shellcheck source=benches/common.sh
source benches/common.sh
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

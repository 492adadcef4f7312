#!/usr/bin/env bash
# Page speed over the national data set (issue 12), in one run against a release build:
#   1. bare axum serving the big meeting page's exact bytes from memory, next to the app serving
#      the page: requests/s at 64 connections (wrk -t2 -c64) and the ratio; the same with
#      `Accept-Encoding: gzip` (the app compresses, bare axum does not);
#   2. p50/p99 at one connection (wrk -t1 -c1) for the big meeting page, the filtered action
#      lists and the meetings list, signed in as Sisaket's provincial office, then the lists as
#      an administrator (who sees all 77 provinces) and as zone 14's inspector;
#   3. the server's resident memory after the load.
# Budgets: the big meeting page >= 1,000 requests/s at 64 connections with p99 < 50 ms; the
# filtered action list and the meetings list p50 < 5 ms.
#
# The national data (`prachum demo --scale national`) is
# loaded once into a database kept between runs: SQLite `target/bench/national.db`, PostgreSQL
# database `prachum_national` (FRESH=1 drops and reloads it). The load is idempotent: a later
# run only checks that every province-year is there.
# SCALE=province-year measures on one province-year instead (seconds to load; database
# `prachum_province_year` / `target/bench/province-year.db`).
# Usage: benches/speed.sh [sqlite|postgres]   (needs wrk, curl, psql: benches/install-tools.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
# shellcheck source=benches/common.sh
BARE=1 source benches/common.sh
cookie="Cookie: prachum_session=$office"
[ -n "$big" ] || { echo "no big meeting id in the demo output" >&2; exit 1; }
page="/meetings/$big"
curl -fsS -H "$cookie" -o "$work/page.html" "http://127.0.0.1:$port$page"
gz=$(curl -fsS -H "$cookie" -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$page")
echo "big meeting page: $(stat -c %s "$work/page.html") bytes ($gz bytes with gzip)"
"$bare" "$work/page.html" "127.0.0.1:$bare_port" &
pids+=("$!")
until curl -fsS -o /dev/null "http://127.0.0.1:$bare_port/" 2>/dev/null; do sleep 0.05; done
rps() { wrk -t2 -c64 -d"${DURATION:-10}s" --latency "$@" | tee "$work/wrk.out" >/dev/null
  local r p99
  r=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk.out" | tr '\n' ' ')
  echo "$r req/s, p99 $p99 ${errors}"
}
echo "=== 64 connections, $page ($backend)"
app_line=$(rps -H "$cookie" "http://127.0.0.1:$port$page")
bare_line=$(rps "http://127.0.0.1:$bare_port$page")
echo "bare axum, same bytes:  $bare_line"
echo "prachum:                $app_line"
awk -v a="${app_line%% *}" -v b="${bare_line%% *}" 'BEGIN { printf "ratio bare/app: %.1f\n", b / a }'
echo "prachum, gzip:          $(rps -H "$cookie" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$page")"
echo "=== one connection, p50 / p99 ($backend)"
lat() {
  local label=$1 c=$2 path=$3 code
  code=$(curl -sS -o /dev/null -w '%{http_code} %{size_download}' -H "Cookie: prachum_session=$c" "http://127.0.0.1:$port$path")
  wrk -t1 -c1 -d"${LAT_DURATION:-5}s" --latency -H "Cookie: prachum_session=$c" "http://127.0.0.1:$port$path" >"$work/lat.out"
  printf '%-58s %-14s p50 %-9s p99 %-9s %s req/s\n' "$label $path" "($code B)" \
    "$(awk '$1 == "50%" {print $2}' "$work/lat.out")" "$(awk '$1 == "99%" {print $2}' "$work/lat.out")" \
    "$(awk '/Requests\/sec/ {print $2}' "$work/lat.out")"
}
lat office "$office" "$page"
lat office "$office" "/actions?status=open&page=3"
lat office "$office" "/actions?overdue=1"
lat office "$office" "/actions?status=in_progress&q=%E0%B8%84%E0%B8%A3%E0%B8%B1%E0%B8%A7%E0%B9%80%E0%B8%A3%E0%B8%B7%E0%B8%AD%E0%B8%99"
lat office "$office" "/actions?status=in_progress&q=%E0%B9%84%E0%B8%9F%E0%B8%9B%E0%B9%88%E0%B8%B2"
lat office "$office" "/actions?q=%E0%B8%84%E0%B8%A3%E0%B8%B1%E0%B8%A7%E0%B9%80%E0%B8%A3%E0%B8%B7%E0%B8%AD%E0%B8%99"
lat office "$office" "/meetings"
lat office "$office" "/meetings?page=2"
lat admin "$admin" "/actions?status=open&page=3"
lat admin "$admin" "/actions?overdue=1&province=TH-55"
lat admin "$admin" "/meetings"
lat admin "$admin" "/meetings?page=50"
lat admin "$admin" "/actions?q=%E0%B8%84%E0%B8%A3%E0%B8%B1%E0%B8%A7%E0%B9%80%E0%B8%A3%E0%B8%B7%E0%B8%AD%E0%B8%99"
lat inspector "$inspector" "/actions?status=open&page=3"
lat inspector "$inspector" "/actions?q=%E0%B8%84%E0%B8%A3%E0%B8%B1%E0%B8%A7%E0%B9%80%E0%B8%A3%E0%B8%B7%E0%B8%AD%E0%B8%99"
lat inspector "$inspector" "/meetings"
lat inspector "$inspector" "/meetings?page=2"
echo "=== server resident memory after the load: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"

#!/usr/bin/env bash
# Oversight budgets (issue 14), against a release build over the national data set (SCALE=
# province-year for a quick run; see benches/common.sh):
#   - the dashboard: the first (uncached) computation of a zone's and of the country's figures,
#     then p50/p99 at one connection (served from the one-minute cache, as a morning's readers
#     get it); budgets: zone p50 < 100 ms, country p50 < 300 ms;
#   - after a write: the first reader's wait (the figures counted before it, served while the
#     recount runs) and how long until the recounted figures are served;
#   - search: p50/p99 at one connection for a two-word Thai query (budget p50 < 50 ms), a
#     one-word query and a two-character one, as the inspector of zone 14, as Sisaket's
#     provincial office and as an administrator.
# Usage: benches/oversight.sh [sqlite|postgres]   (needs wrk, curl, psql: benches/install-tools.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
# shellcheck source=benches/common.sh
source benches/common.sh
url() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/?=&"))' "$1"; }
first() {
  local label=$1 c=$2 path
  path=$(url "$3")
  printf '%-44s first request %s s\n' "$label $3" \
    "$(curl -fsS -o /dev/null -w '%{time_total}' -H "Cookie: prachum_session=$c" "http://127.0.0.1:$port$path")"
}
lat() {
  local label=$1 c=$2 path code
  path=$(url "$3")
  code=$(curl -sS -o /dev/null -w '%{http_code} %{size_download}' -H "Cookie: prachum_session=$c" "http://127.0.0.1:$port$path")
  wrk -t1 -c1 -d"${LAT_DURATION:-5}s" --latency -H "Cookie: prachum_session=$c" "http://127.0.0.1:$port$path" >"$work/lat.out"
  printf '%-44s %-14s p50 %-9s p99 %-9s %s req/s\n' "$label $3" "($code B)" \
    "$(awk '$1 == "50%" {print $2}' "$work/lat.out")" "$(awk '$1 == "99%" {print $2}' "$work/lat.out")" \
    "$(awk '/Requests\/sec/ {print $2}' "$work/lat.out")"
}
echo "=== dashboard ($backend, $scale)"
first inspector "$inspector" "/dashboard"
first admin "$admin" "/dashboard"
first admin "$admin" "/dashboard?province=TH-33"
lat inspector "$inspector" "/dashboard"
lat admin "$admin" "/dashboard"
lat admin "$admin" "/api/v1/dashboard"
lat admin "$admin" "/dashboard?province=TH-33"
echo "=== dashboard after a write ($backend, $scale)"
# A progress report through the API moves the data version. The next readers get the figures
# counted before it at once (the page says when they were computed) while a recount runs in
# the background; the loop waits for the recounted figures and says how long they took.
token=$("$bin" token create --email bench-admin@example.go.th --name bench 2>/dev/null | tail -n 1)
action=$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/actions?status=open" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')
stamp() { curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/dashboard" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["computed_at"])'; }
before=$(stamp)
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"progress": 30, "text_md": "รายงานความก้าวหน้าจากการทดสอบ"}' \
  "http://127.0.0.1:$port/api/v1/actions/$action/updates"
t0=$(date +%s%N)
first admin "$admin" "/dashboard"
while [ "$(stamp)" = "$before" ]; do sleep 0.2; done
echo "recounted figures served $(( ($(date +%s%N) - t0) / 1000000 )) ms after the write"
lat admin "$admin" "/dashboard"
echo "=== search ($backend, $scale)"
for who in inspector office admin; do
  c=${!who}
  lat "$who" "$c" "/search?q=ครัวเรือน ยากจน"
  lat "$who" "$c" "/search?q=ครัวเรือนยากจน"
  lat "$who" "$c" "/search?q=ไฟป่า"
  lat "$who" "$c" "/search?q=นา"
done
echo "=== server resident memory after the load: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"

#!/usr/bin/env bash
# Page budgets of the meeting workflow (issue 3), against a release build on one province-year
# of data (`prachum demo --scale province-year`: 300 meetings, 12,000 actions; one meeting with
# 60 agenda items, 45 attendance rows, 30 directives and 90 actions):
#   - the big meeting's page        budget: p50 < 10 ms
#   - a filtered, paginated action list  budget: p50 < 20 ms
# and the documents of issue 4 on the same data:
#   - the big meeting's minutes as Markdown and as HTML   budget: < 5 ms
#   - its minutes as PDF (warm)                           budget: < 150 ms
#   - the zone report of its round (all 300 meetings and 12,000 actions of the province-year,
#     more than the budget's 4 provinces x 12 meetings)   budget: < 1 s
# Latency is measured by wrk with one connection (so p50 is one request's server time plus
# loopback), signed in as Sisaket's provincial office.
# Usage: benches/pages.sh [sqlite|postgres]   (needs wrk and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/prachum
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
if [ "$backend" = postgres ]; then
  db="prachum_pages_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"; psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
  export PRACHUM__DATABASE__URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=${PGSSLMODE:-disable}"
else
  export PRACHUM__DATABASE__URL="sqlite://$work/bench.db?mode=rwc"
fi
port=18081
export PRACHUM__SERVER__LISTEN=127.0.0.1:$port RUST_LOG=warn
"$bin" migrate >/dev/null
t0=$(date +%s%N)
out=$("$bin" demo --scale province-year)
t1=$(date +%s%N)
echo "$out" | tail -n 3
echo "scale data loaded in $(( (t1 - t0) / 1000000 )) ms"
big=$(echo "$out" | sed -n 's/.*big meeting id: \([0-9]*\).*/\1/p')
[ -n "$big" ] || { echo "no big meeting id in the demo output" >&2; exit 1; }
echo "bench-password-123" | "$bin" user create --email bench@sisaket.go.th --name "ผู้ทดสอบ" \
  --role provincial_office --province TH-33 --password-stdin >/dev/null
# The zone report's budget: the demo's Sisaket round (id 1) takes every meeting of the
# province-year (300 meetings, 12,000 actions: far more than 4 provinces x 12 meetings).
round=1
sql="UPDATE meetings SET round_id = $round WHERE round_id IS NULL"
if [ "$backend" = postgres ]; then
  psql -h 127.0.0.1 -U postgres -d "$db" -qc "$sql"
else
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()" "$work/bench.db" "$sql"
fi
"$bin" serve >/dev/null 2>&1 &
pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; do sleep 0.01; done
jar="$work/cookies"
csrf=$(curl -fsS -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
  --data-urlencode "email=bench@sisaket.go.th" --data-urlencode "password=bench-password-123" \
  "http://127.0.0.1:$port/login"
session=$(awk '$6 == "prachum_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
cookie="Cookie: prachum_session=$session"
check() { curl -fsS -o /dev/null -w "%{http_code} %{size_download} bytes" -H "$cookie" "http://127.0.0.1:$port$1"; }
for path in "/meetings/$big" "/actions?status=open&page=3" "/actions?overdue=1" "/meetings?page=2" \
  "/meetings/$big/minutes.md" "/meetings/$big/minutes.html" "/meetings/$big/minutes.pdf" \
  "/rounds/$round/report.md" "/rounds/$round/report.pdf"; do
  echo "--- $path ($(check "$path"))"
  wrk -t1 -c1 -d8s --latency -H "$cookie" "http://127.0.0.1:$port$path" | grep -E "Requests/sec|^ +50%|^ +90%|^ +99%"
done

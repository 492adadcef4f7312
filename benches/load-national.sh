#!/usr/bin/env bash
# The load test of issue 12: 200 simulated users for 5 minutes against two instances of the
# release build on one PostgreSQL database holding the national data set, through wrk with a
# scripted user mix (benches/load-mix.lua): 80 % page reads, 15 % progress reports with a small
# evidence file (multipart, CSRF token of the session), 5 % directive publishes (API, each a
# different draft). One wrk process per instance, 100 connections each.
# Each simulated user waits 1-3 s between requests (THINK_MIN/THINK_MAX in ms, as a person
# reading a page; THINK_MAX=0 for a saturation run with no wait, which is not 200 users but 200
# clients firing back to back). Budget: 0 errors, p99 < 300 ms. Prints throughput and p50/p99
# per instance.
# The national data is the database `prachum_national` of benches/speed.sh (loaded if missing).
# Usage: benches/load-national.sh   (DURATION=300 USERS=200 THINK_MIN=1000 THINK_MAX=3000; needs
# wrk, curl, psql)
set -euo pipefail
cd "$(dirname "$0")/.."
benches/install-tools.sh >/dev/null
cargo build --release --quiet --bin prachum
bin=target/release/prachum
duration="${DURATION:-300}"
users="${USERS:-200}"
think_min="${THINK_MIN:-1000}"
think_max="${THINK_MAX:-3000}"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
db=prachum_national
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
export PRACHUM__DATABASE__URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=disable"
export RUST_LOG=warn PRACHUM__LOG__LEVEL=warn
export PRACHUM__SECURITY__SECRET_KEY=bench-secret-key-bench-secret-key-0123456789
export PRACHUM__MAIL__FILE_DIR="$work/outbox" PRACHUM__STORAGE__FILES_DIR="$work/files"
export PRACHUM__DATABASE__MAX_CONNECTIONS="${MAX_CONNECTIONS:-16}"
sql() { psql -h 127.0.0.1 -U postgres -d "$db" -tAq -c "$1"; }
"$bin" migrate >/dev/null
out=$("$bin" demo --scale national)
echo "$out" | tail -n 2
big=$(echo "$out" | sed -n 's/^big meeting id: \([0-9]*\)$/\1/p')
for who in "office:provincial_office:--province TH-33" "inspector:inspector:--zone 14"; do
  IFS=: read -r name role extra <<<"$who"
  # shellcheck disable=SC2086 # $extra holds two words on purpose
  echo "bench-password-123" | "$bin" user create --email "load-$name@example.go.th" --name "ผู้ทดสอบ" \
    --role "$role" $extra --password-stdin >/dev/null 2>&1 || true
done
"$bin" token create --email load-inspector@example.go.th --name load | tail -n 1 >"$work/token"
sisaket=$(sql "SELECT id FROM provinces WHERE code = 'TH-33'")
# What the users touch: Sisaket's meetings, lists and open actions.
{
  echo "/meetings/$big"
  sql "SELECT '/meetings/' || id FROM meetings WHERE host_province_id = $sisaket AND status IN ('held','certified','published') ORDER BY id LIMIT 200"
  for p in 1 2 3 4 5; do echo "/actions?status=open&page=$p"; echo "/meetings?page=$p"; done
  echo "/actions?overdue=1"
  echo "/"
  sql "SELECT '/actions/' || id FROM actions WHERE province_id = $sisaket ORDER BY id DESC LIMIT 200"
} >"$work/reads.txt"
sql "SELECT id FROM actions WHERE province_id = $sisaket AND status IN ('open','in_progress') ORDER BY id LIMIT 2000" >"$work/actions.txt"
# Drafts to publish: copies (as drafts) of published directives of Sisaket's held meetings, with
# numbers from 1000 up so they never clash; enough for 5 % of the requests at 1,000 req/s.
need=$(( duration * 1000 / 20 / 2 + 100 ))
for n in 0 1; do
  sql "INSERT INTO directives (meeting_id, agenda_item_id, number, issuer_role, issuer_name_as_printed, text_md, status, created_at, updated_at)
       SELECT d.meeting_id, d.agenda_item_id, 1000 + $n * 100000 + row_number() OVER (ORDER BY d.id) + (SELECT COALESCE(MAX(number), 0) FROM directives),
              d.issuer_role, d.issuer_name_as_printed, d.text_md, 'draft', now(), now()
       FROM directives d JOIN meetings m ON m.id = d.meeting_id
       WHERE m.host_province_id = $sisaket AND d.status = 'published'
       ORDER BY d.id LIMIT $need
       RETURNING id" >"$work/drafts-$n.txt"
done
echo "prepared: $(wc -l <"$work/reads.txt") pages, $(wc -l <"$work/actions.txt") actions, $(wc -l <"$work/drafts-0.txt") + $(wc -l <"$work/drafts-1.txt") drafts"
ports=(18100 18101)
for port in "${ports[@]}"; do
  PRACHUM__SERVER__LISTEN=127.0.0.1:$port "$bin" serve >"$work/serve-$port.log" 2>&1 &
  pids+=("$!")
done
for port in "${ports[@]}"; do
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; do sleep 0.05; done
done
jar="$work/jar"
csrf=$(curl -fsS -c "$jar" "http://127.0.0.1:${ports[0]}/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
  --data-urlencode "email=load-office@example.go.th" --data-urlencode "password=bench-password-123" \
  "http://127.0.0.1:${ports[0]}/login"
awk '$6 == "prachum_session" {print $7}' "$jar" >"$work/session"
first_action=$(head -1 "$work/actions.txt")
# The session's form token, as the second instance renders it (the session is in the database).
curl -fsS -H "Cookie: prachum_session=$(cat "$work/session")" "http://127.0.0.1:${ports[1]}/actions/$first_action" \
  | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1 >"$work/csrf"
[ -s "$work/session" ] && [ -s "$work/csrf" ] && [ -s "$work/token" ] || { echo "sign-in failed" >&2; exit 1; }
before=$(sql "SELECT (SELECT COUNT(*) FROM action_updates), (SELECT COUNT(*) FROM directives WHERE status = 'published'), (SELECT COUNT(*) FROM attachments)" 2>/dev/null || true)
echo "=== $users users (think time $think_min-$think_max ms), ${duration} s, two instances, PostgreSQL, national data"
per=$(( users / 2 ))
i=0
for port in "${ports[@]}"; do
  wrk -t1 -c"$per" -d"${duration}s" --timeout 10s -s benches/load-mix.lua "http://127.0.0.1:$port" -- "$work" "$i" "$think_min" "$think_max" \
    >"$work/wrk-$i.out" 2>&1 &
  pids+=("$!")
  i=$((i + 1))
done
wait "${pids[@]:2}"
total=0
for i in 0 1; do
  echo "--- instance $i (port ${ports[$i]})"
  grep -E "^requests|^latency|Non-2xx|Socket errors" "$work/wrk-$i.out" || cat "$work/wrk-$i.out"
  r=$(sed -n 's/^requests \([0-9]*\) in.*/\1/p' "$work/wrk-$i.out")
  total=$((total + ${r:-0}))
done
echo "total: $total requests, $(awk -v t="$total" -v d="$duration" 'BEGIN { printf "%.1f", t / d }') req/s"
after=$(sql "SELECT (SELECT COUNT(*) FROM action_updates), (SELECT COUNT(*) FROM directives WHERE status = 'published'), (SELECT COUNT(*) FROM attachments)" 2>/dev/null || true)
echo "rows (updates, published directives, evidence files): before $before, after $after"
for port in "${ports[@]}"; do
  echo "server :$port: $(grep -c -E 'ERROR|panicked' "$work/serve-$port.log" || true) error lines"
  mkdir -p target/bench
  grep -E 'ERROR|WARN|panicked' "$work/serve-$port.log" >"target/bench/load-errors-$port.log" || true
done
echo "the servers' error and warning lines: target/bench/load-errors-*.log"

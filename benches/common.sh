# Shared by the benchmark scripts (sourced, from the project root, with `backend` set): builds
# the release binary, opens the data set (SCALE=national by default, loaded once and kept:
# SQLite `target/bench/$DATASET.db`, PostgreSQL `prachum_$DATASET`; FRESH=1 reloads it; DATASET
# defaults to SCALE, DEMO_ARGS to `--scale $SCALE`), creates the bench accounts (Sisaket's
# provincial office, the inspector of zone INSPECTOR_ZONE (14), an administrator; password
# `bench-password-123`), starts `prachum serve` on PORT (18090) and signs them in: `$office`,
# `$inspector`, `$admin` hold their session cookies; `$big` is the big meeting's id (empty when
# the data set has none), `$pid` the server's pid, `$work` a temp dir removed on exit.
benches/install-tools.sh >/dev/null
# The bare axum example (speed.sh's yardstick, BARE=1) builds the dev-dependencies too: only
# the scripts that use it ask for it.
# BUILD=0 takes the release binary as it is (a measurement while the sources change).
if [ "${BUILD:-1}" = 1 ]; then
  cargo build --release --quiet --bin prachum
  if [ "${BARE:-0}" = 1 ]; then cargo build --release --quiet --example bare_axum; fi
fi
bare="${CARGO_TARGET_DIR:-target}/release/examples/bare_axum"
mkdir -p target/bench
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
# A private copy: a target directory shared with other checkouts may replace the binary later.
cp "${CARGO_TARGET_DIR:-target}/release/prachum" "$work/prachum"
bin="$work/prachum"
scale="${SCALE:-national}"
dataset="${DATASET:-$scale}"
read -r -a demo_args <<<"${DEMO_ARGS:---scale $scale}"
if [ "$backend" = postgres ]; then
  db="prachum_${dataset//-/_}"
  if [ "${FRESH:-0}" = 1 ]; then psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; fi
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  export PRACHUM__DATABASE__URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=disable"
else
  if [ "${FRESH:-0}" = 1 ]; then rm -f "target/bench/$dataset.db"*; fi
  export PRACHUM__DATABASE__URL="sqlite://$PWD/target/bench/$dataset.db?mode=rwc"
fi
port="${PORT:-18090}"
bare_port=18091
export PRACHUM__SERVER__LISTEN=127.0.0.1:$port RUST_LOG=warn PRACHUM__LOG__LEVEL=warn
export PRACHUM__SECURITY__SECRET_KEY=bench-secret-key-bench-secret-key-0123456789
export PRACHUM__MAIL__FILE_DIR="$work/outbox" PRACHUM__STORAGE__FILES_DIR="$work/files"
export PRACHUM__DATABASE__MAX_CONNECTIONS="${MAX_CONNECTIONS:-16}"
"$bin" migrate >/dev/null
t0=$(date +%s%N)
# The summary is kept in a file: on a failure it is shown, not lost in a command substitution.
"$bin" demo "${demo_args[@]}" >"$work/demo.out" || { cat "$work/demo.out" >&2; exit 1; }
out=$(cat "$work/demo.out")
t1=$(date +%s%N)
echo "$out" | tail -n 4
echo "$dataset data checked/loaded in $(( (t1 - t0) / 1000000 )) ms ($backend)"
big=$(echo "$out" | sed -n 's/^big meeting id: \([0-9]*\)$/\1/p')
for who in "office:provincial_office:--province TH-33" "inspector:inspector:--zone ${INSPECTOR_ZONE:-14}" "admin:admin:"; do
  IFS=: read -r name role extra <<<"$who"
  # shellcheck disable=SC2086 # $extra holds two words on purpose
  echo "bench-password-123" | "$bin" user create --email "bench-$name@example.go.th" --name "ผู้ทดสอบ" \
    --role "$role" $extra --password-stdin >/dev/null 2>&1 || true
done
"$bin" serve --help | grep -q -- --no-worker && serve_args=(serve --no-worker) || serve_args=(serve)
"$bin" "${serve_args[@]}" >"$work/serve.log" 2>&1 &
pid=$!
pids+=("$pid")
until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; do sleep 0.05; done
sign_in() {
  local jar="$work/$1.jar" csrf
  csrf=$(curl -fsS -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=bench-$1@example.go.th" --data-urlencode "password=bench-password-123" \
    "http://127.0.0.1:$port/login"
  awk '$6 == "prachum_session" {print $7}' "$jar"
}
office=$(sign_in office)
admin=$(sign_in admin)
inspector=$(sign_in inspector)
[ -n "$office" ] && [ -n "$admin" ] && [ -n "$inspector" ] || { echo "sign-in failed" >&2; exit 1; }

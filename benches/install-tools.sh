#!/usr/bin/env bash
# Installs the load tools the benchmark scripts use (Debian packages): wrk for fixed URLs and
# scripted mixes (Lua), curl for sign-in, psql for the PostgreSQL runs. Idempotent.
# Usage: benches/install-tools.sh   (as root, or with the tools already present)
set -euo pipefail
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v python3 >/dev/null || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${missing[*]} (run as root, or apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get -o DPkg::Lock::Timeout=600 update >/dev/null && apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
wrk --version 2>&1 | head -1 || true

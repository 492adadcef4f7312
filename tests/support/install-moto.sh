#!/usr/bin/env bash
# Installs moto's S3-compatible server (PyPI `moto[server]`) into a virtualenv for the tests of
# the s3 file store (tests/it/helpers/moto.rs starts `moto_server` on a free loopback port).
# Does nothing when the pinned version is already there. A failure is a failure: the S3 tests
# must fail, never skip.
#
#   PRACHUM_MOTO_VENV  virtualenv (default target/moto-venv)
set -euo pipefail
cd "$(dirname "$0")/../.."

MOTO_VERSION=5.2.5
VENV="${PRACHUM_MOTO_VENV:-$PWD/target/moto-venv}"

fail() { echo "install-moto.sh: $*" >&2; exit 1; }

if [ -x "$VENV/bin/moto_server" ] \
  && "$VENV/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  exit 0
fi
command -v python3 >/dev/null 2>&1 || fail "python3 is required (apt-get install python3 python3-venv)"
echo "installing moto[server]==$MOTO_VERSION into $VENV"
python3 -m venv "$VENV" || fail "python3 -m venv failed (apt-get install python3-venv)"
"$VENV/bin/pip" install -q "moto[server]==$MOTO_VERSION" || fail "pip install moto[server] failed"
[ -x "$VENV/bin/moto_server" ] || fail "moto_server missing from $VENV after the install"

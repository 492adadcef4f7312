#!/usr/bin/env bash
# Vendors axe-core (the accessibility rules engine the browser tests inject into each page) into
# target/vendor/axe-core/axe.min.js, from the npm registry through `npm pack` (no node_modules,
# no global install). Does nothing when the file is already there; fails (the tests then fail,
# never skip) when npm or the registry is unavailable.
set -euo pipefail

VERSION="${AXE_CORE_VERSION:-4.14.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/target/vendor/axe-core"
FILE="$DEST/axe.min.js"

if [ -s "$FILE" ] && grep -q "axe v$VERSION" "$FILE" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-axe.sh: npm is missing (apt-get install npm), cannot fetch axe-core $VERSION" >&2
  exit 1
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "axe-core@$VERSION" >/dev/null)
tar -xzf "$TMP"/axe-core-"$VERSION".tgz -C "$TMP" package/axe.min.js package/LICENSE
mkdir -p "$DEST"
cp "$TMP/package/axe.min.js" "$FILE"
cp "$TMP/package/LICENSE" "$DEST/LICENSE"
echo "install-axe.sh: axe-core $VERSION in $FILE" >&2

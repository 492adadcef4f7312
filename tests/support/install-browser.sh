#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium, its chromedriver, and a Thai fallback
# font. Does nothing when both binaries are already there. Needs root to install; without root and
# with something missing it fails (the browser tests must fail, never skip).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser.sh: $CHROMIUM and/or $CHROMEDRIVER are missing and this is not root;" >&2
  echo "  install them with: sudo apt-get install chromium chromium-driver fonts-thai-tlwg" >&2
  exit 1
fi

echo "install-browser.sh: installing chromium, chromium-driver and fonts-thai-tlwg" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  chromium chromium-driver fonts-thai-tlwg

for bin in "$CHROMIUM" "$CHROMEDRIVER"; do
  if [ ! -x "$bin" ]; then
    echo "install-browser.sh: $bin is still missing after apt-get install" >&2
    exit 1
  fi
done

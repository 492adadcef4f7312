#!/usr/bin/env bash
# Installs what the browser and PDF tests need: axe-core (install-axe.sh), Debian's chromium, its
# chromedriver, a Thai fallback font, and poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm for tests/it/pdf.rs). Does
# nothing when all the binaries are already there. Needs root to install; without root and
# with something missing it fails (the browser tests must fail, never skip).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver
POPPLER=(/usr/bin/pdftotext /usr/bin/pdffonts /usr/bin/pdfinfo /usr/bin/pdftoppm)
REQUIRED=("$CHROMIUM" "$CHROMEDRIVER" "${POPPLER[@]}")

all_there() {
  for bin in "${REQUIRED[@]}"; do
    [ -x "$bin" ] || return 1
  done
}

# axe-core for the accessibility checks (no root needed).
bash "$(dirname "${BASH_SOURCE[0]}")/install-axe.sh"

if all_there; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser.sh: some of ${REQUIRED[*]} are missing and this is not root;" >&2
  echo "  install them with: sudo apt-get install chromium chromium-driver fonts-thai-tlwg poppler-utils" >&2
  exit 1
fi

echo "install-browser.sh: installing chromium, chromium-driver, fonts-thai-tlwg and poppler-utils" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  chromium chromium-driver fonts-thai-tlwg poppler-utils

for bin in "${REQUIRED[@]}"; do
  if [ ! -x "$bin" ]; then
    echo "install-browser.sh: $bin is still missing after apt-get install" >&2
    exit 1
  fi
done

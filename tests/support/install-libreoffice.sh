#!/usr/bin/env bash
# Installs LibreOffice Writer (headless, Debian's libreoffice-writer-nogui) for the DOCX tests
# (tests/it/textlayer.rs opens each DOCX the app makes and converts it to PDF). Does nothing when
# soffice is already there. Needs root to install; without root and with soffice missing it fails
# (the DOCX tests must fail, never skip).
set -euo pipefail

SOFFICE=/usr/bin/soffice

if [ -x "$SOFFICE" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-libreoffice.sh: $SOFFICE is missing and this is not root;" >&2
  echo "  install it with: sudo apt-get install libreoffice-writer-nogui" >&2
  exit 1
fi

echo "install-libreoffice.sh: installing libreoffice-writer-nogui" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-writer-nogui

if [ ! -x "$SOFFICE" ]; then
  echo "install-libreoffice.sh: $SOFFICE is still missing after apt-get install" >&2
  exit 1
fi

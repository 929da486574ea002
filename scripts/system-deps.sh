#!/usr/bin/env bash
# Installs the system packages the project needs: Qt's libraries for offscreen use, poppler (to look at PDFs),
# PostgreSQL (central-store tests) and fonts,
# when they are missing and we are allowed to (root or passwordless sudo). Idempotent and quiet.
set -euo pipefail
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libEGL.so.1 || need+=(libegl1)
have_lib libGL.so.1 || need+=(libgl1)
have_lib libxkbcommon.so.0 || need+=(libxkbcommon0)
have_lib libfontconfig.so.1 || need+=(libfontconfig1)
have_lib libdbus-1.so.3 || need+=(libdbus-1-3)
have_lib libglib-2.0.so.0 || need+=(libglib2.0-0)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# Fonts for Qt's offscreen rendering of the app (the PDFs embed their own from resources/fonts).
[ -n "$(fc-list 2>/dev/null | head -1)" ] || need+=(fonts-dejavu-core fontconfig)
# A real PostgreSQL server for the central-store tests (each test session starts its own): scripts/postgres.sh.
bash "$(dirname "$0")/postgres.sh" install
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "system-deps: missing ${need[*]}; install them with your package manager" >&2; exit 0; fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

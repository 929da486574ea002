#!/usr/bin/env bash
# Runs the built app's self-check offscreen from an unrelated working directory; prints size and timing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
app="$root/dist/casereader/casereader"
[ -x "$app" ] || { echo "dist-check: $app not built (run make dist)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
QT_QPA_PLATFORM=offscreen CASEREADER_DATA_DIR="$work/data" "$app" --self-check
echo "dist-check: folder size $(du -sh "$root/dist/casereader" | cut -f1)"

#!/usr/bin/env bash
# Build the board pack of the bundled sample and render its first pages to PNG for the docs:
# docs/board_pack-1.png (summary) and docs/board_pack-2.png (EH1b, the third indicator).
# Needs pdftoppm (poppler-utils).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
uv run --project "$repo" xl-addin report --out pack.pdf > /dev/null
pdftoppm -png -r 60 -f 1 -l 4 pack.pdf "$work/page"
cp "$work"/page-01.png "$repo/docs/board_pack-1.png"
cp "$work"/page-04.png "$repo/docs/board_pack-2.png" 2>/dev/null || cp "$work"/page-03.png "$repo/docs/board_pack-2.png"
echo "wrote $repo/docs/board_pack-1.png and board_pack-2.png"

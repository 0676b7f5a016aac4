#!/usr/bin/env bash
# Refresh a copy of the sample and render it with LibreOffice to docs/sample_rendered.png.
# Needs soffice (libreoffice-calc-nogui) and pdftoppm (poppler-utils).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
uv run --project "$repo" xl-addin refresh > /dev/null
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to \
  'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}' \
  early_help_dashboard.xlsx > /dev/null
pdftoppm -png -r 72 -f 1 -l 1 -singlefile early_help_dashboard.pdf "$repo/docs/sample_rendered"
echo "wrote $repo/docs/sample_rendered.png"

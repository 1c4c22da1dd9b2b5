#!/bin/sh
# check-report: render the demo batch's HTML report in headless Chromium
# (Debian's chromium, installed by `scripts/install-deps.sh --report`) and
# fail on any console message or a failed load. Leaves the screenshot in
# out/report/report.png and the page in out/report/report.html.
# usage: scripts/check-report.sh [BINARY]
set -eu
BIN=${1:-./parcelclear}
OUT=out/report
rm -rf "$OUT"
"$BIN" run --report "$OUT/report.html" -o "$OUT" fixtures/demo/sample-manifest.csv
python3 tests/check_report.py "$OUT/report.html"
profile=$(mktemp -d "${TMPDIR:-/tmp}/pcl-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM
# no network: the page must need none (a proxy that answers nothing)
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --proxy-server=127.0.0.1:9 --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --window-size=1000,5200 \
    --screenshot="$PWD/$OUT/report.png" "file://$PWD/$OUT/report.html" \
    >"$OUT/chromium.log" 2>&1 || { cat "$OUT/chromium.log" >&2; exit 1; }
if grep -E 'CONSOLE|Uncaught|ERR_|Failed to load' "$OUT/chromium.log" >&2; then
	echo "check-report: the page logged console errors (above)" >&2
	exit 1
fi
[ -s "$OUT/report.png" ] || { echo "check-report: no screenshot" >&2; exit 1; }
echo "check-report: rendered with no console messages; screenshot $OUT/report.png"

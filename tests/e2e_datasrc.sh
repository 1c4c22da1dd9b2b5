# parcelclear data: status, update from a local HTTP server, import, and
# the failures that must leave the stored snapshot as it was. Sourced by
# tests/e2e.sh. Nothing here needs the internet or reads the machine's own
# data directory: every command gets PARCELCLEAR_DATA or --data-dir set to
# a directory under $TMP. The server is python3 -m http.server on
# 127.0.0.1, on a free port, serving a directory laid out like the ECB's
# paths; `timeout` bounds its life and it is killed at the end.

DS=$TMP/datasrc
DD=$DS/data
SRV=$DS/srv
FXS=$FIX/fx-sources
mkdir -p "$SRV/stats/eurofxref"
cp "$FXS/ecb/eurofxref-hist.zip" "$FXS/ecb/eurofxref-hist-truncated.zip" \
    "$FXS/ecb/eurofxref-hist-gap.csv" "$FXS/ecb/eurofxref-hist-bad-currency.csv" \
    "$SRV/stats/eurofxref/"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# status_sha SOURCE: the sha256 line of SOURCE's block in `data status`.
status_sha() {
	PARCELCLEAR_DATA=$DD "$BIN" data status | awk -v s="fx $1 " '
	    index($0, s) == 1 { on = 1; next } /^fx / { on = 0 }
	    on && $1 == "sha256" { print $2; exit }'
}

# sha256 of the fixture zip, worked out with sha256sum
ZIP_SHA=59b5fe382e026581caaea27893b5ff8242dfe03b00977dcecc5120036d119fea
# eurofxref-hist.csv on its own (data import)
CSV_SHA=f6333e82e90d855a40e6753e5e3d255a17b10bc4e23835778d7e19fb0091d198

PORT=$(free_port)
timeout 300 python3 -m http.server --bind 127.0.0.1 --directory "$SRV" "$PORT" \
    >"$DS.server.log" 2>&1 &
SRV_PID=$!
trap 'kill "$SRV_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
until python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || break
	sleep 0.1
done
BASE=http://127.0.0.1:$PORT/stats/eurofxref

# --- before any update: the embedded ECB history, nothing else ----------
expect_exit 0 "data status on an empty data dir" env PARCELCLEAR_DATA="$DD" "$BIN" data status
expect_eq "status names the data dir and why" "$(head -n 1 "$TMP/out")" "data directory: $DD (from \$PARCELCLEAR_DATA) (does not exist yet)"
expect_eq "status: ecb embedded" "$(grep -c '^fx ecb (EU, EUR): embedded$' "$TMP/out")" "1"
expect_eq "status: embedded ECB ends 2025-05-09" "$(grep -c '^  covers   1999-01-04 to 2025-05-09$' "$TMP/out")" "1"
expect_eq "status: four sources with no snapshot" "$(grep -c '^fx [a-z]* ([A-Z][A-Z], [A-Z]*): none$' "$TMP/out")" "4"
expect_eq "status: the embedded rules with their sha256" "$(grep -A1 '^rules ' "$TMP/out" | tail -n 1 | awk '{ print $1 }')" "sha256"
expect_eq "status: screening lists listed" "$(grep -c '^list ' "$TMP/out")" "7"
expect_eq "status with --data-dir says so" "$("$BIN" data status --data-dir "$DD" | head -n 1)" "data directory: $DD (from --data-dir) (does not exist yet)"

# --- update from the local server ---------------------------------------
expect_exit 0 "data update ecb --url" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
expect_eq "update says what it installed" "$(cat "$TMP/out")" "ecb: installed $ZIP_SHA, 2026-10-01 to 2026-12-04 (was none)"
expect_eq "status: the snapshot's sha256" "$(status_sha ecb)" "$ZIP_SHA"
PARCELCLEAR_DATA=$DD "$BIN" data status > "$DS/status"
expect_eq "status: snapshot in use" "$(grep -c '^fx ecb (EU, EUR): snapshot$' "$DS/status")" "1"
expect_eq "status: dates covered" "$(grep -c '^  covers   2026-10-01 to 2026-12-04$' "$DS/status")" "1"
expect_eq "status: where it came from" "$(grep -c "^  origin   $BASE/eurofxref-hist.zip\$" "$DS/status")" "1"
expect_eq "status: when fetched" "$(grep -c '^  fetched  20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-9:]*Z$' "$DS/status")" "1"
expect_eq "the stored file is the zip served" "$(sha256sum "$DD/ecb/$ZIP_SHA.zip" | cut -d' ' -f1)" "$ZIP_SHA"
expect_exit 0 "the same file again" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
expect_eq "unchanged said" "$(cat "$TMP/out")" "ecb: unchanged, $ZIP_SHA, 2026-10-01 to 2026-12-04"

# --- failures: each exits non-zero naming the problem; the snapshot stays -
expect_exit 3 "404" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/no-such-file.zip"
expect_eq "404 named" "$(grep -c 'ecb: download failed: .*HTTP 404' "$TMP/err")" "1"
expect_eq "404: old snapshot stays" "$(status_sha ecb)" "$ZIP_SHA"

expect_exit 3 "truncated zip" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist-truncated.zip"
expect_eq "truncated zip named" "$(grep -c "ecb: $BASE/eurofxref-hist-truncated.zip: .*zip" "$TMP/err")" "1"
expect_eq "truncated zip: old snapshot stays" "$(status_sha ecb)" "$ZIP_SHA"

expect_exit 3 "a gap" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist-gap.csv"
expect_eq "gap named" "$(grep -c 'gap of 12 days between 2026-10-30 and 2026-11-11 (limit 6)' "$TMP/err")" "1"
expect_eq "gap: old snapshot stays" "$(status_sha ecb)" "$ZIP_SHA"

expect_exit 3 "a bad currency" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist-bad-currency.csv"
expect_eq "bad currency named" "$(grep -c "'QQQ' is not an ISO 4217 currency" "$TMP/err")" "1"
expect_eq "bad currency: old snapshot stays" "$(status_sha ecb)" "$ZIP_SHA"

# the disk fills up during the download: a file-size limit makes write()
# fail as a full disk does (SIGXFSZ ignored, so the write returns EFBIG)
expect_exit 4 "disk full during the download" sh -c 'trap "" XFSZ; ulimit -f 4; exec env PARCELCLEAR_DATA="$1" "$2" data update ecb --url "$3"' sh "$DD" "$BIN" "$BASE/eurofxref-hist.zip?again"
expect_eq "disk full: old snapshot stays" "$(status_sha ecb)" "$ZIP_SHA"
expect_eq "no temporary file left in the store" "$(ls -A "$DD/ecb" | wc -l | tr -d ' ')" "3"

kill "$SRV_PID" 2>/dev/null
wait "$SRV_PID" 2>/dev/null
trap 'rm -rf "$TMP"' EXIT
expect_exit 3 "server down" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
expect_eq "server down named" "$(grep -c 'ecb: download failed' "$TMP/err")" "1"
expect_eq "server down: old snapshot stays" "$(status_sha ecb)" "$ZIP_SHA"

# --- import, and usage errors --------------------------------------------
expect_exit 0 "data import the csv" "$BIN" data import ecb "$FXS/ecb/eurofxref-hist.csv" --data-dir "$DD"
expect_eq "import installed it" "$(cat "$TMP/out")" "ecb: installed $CSV_SHA, 2026-10-01 to 2026-12-04 (was $ZIP_SHA)"
expect_eq "import: origin is the file" "$(PARCELCLEAR_DATA=$DD "$BIN" data status | grep -c "^  origin   import:$FXS/ecb/eurofxref-hist.csv\$")" "1"
expect_eq "the older snapshot is kept" "$(ls "$DD/ecb" | grep -c "^$ZIP_SHA.zip\$")" "1"
expect_exit 3 "import a file with dates out of order" "$BIN" data import ecb "$FXS/ecb/eurofxref-hist-dates-out-of-order.csv" --data-dir "$DD"
expect_eq "out of order: snapshot stays" "$(status_sha ecb)" "$CSV_SHA"
expect_exit 0 "import hmrc" "$BIN" data import hmrc "$FXS/hmrc/monthly_csv_2026-12.csv" --data-dir "$DD"
expect_exit 0 "import boc" "$BIN" data import boc "$FXS/boc/fx-rates-daily.json" --data-dir "$DD"
expect_eq "boc covers its dates" "$(cat "$TMP/out" | sed 's/.*, \(.*\) (was none)$/\1/')" "2026-10-01 to 2026-12-04"
expect_exit 2 "unknown source" "$BIN" data update xyz --data-dir "$DD"
expect_exit 2 "--url with two sources" "$BIN" data update ecb hmrc --url "$BASE/x" --data-dir "$DD"
expect_exit 2 "plain http elsewhere refused" "$BIN" data update ecb --url http://example.invalid/x.zip --data-dir "$DD"
expect_exit 2 "import without FILE" "$BIN" data import ecb --data-dir "$DD"
expect_exit 2 "unknown action" "$BIN" data fetch --data-dir "$DD"

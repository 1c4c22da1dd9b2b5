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
mkdir -p "$SRV/stats/eurofxref" "$SRV/fx"
cp "$FXS/ecb/eurofxref-hist.zip" "$FXS/ecb/eurofxref-hist-truncated.zip" \
    "$FXS/ecb/eurofxref-hist-gap.csv" "$FXS/ecb/eurofxref-hist-bad-currency.csv" \
    "$SRV/stats/eurofxref/"
cp "$FXS/hmrc/monthly_csv_2026-12.csv" "$FXS/frb/h10-daily.csv" \
    "$FXS/boc/fx-rates-daily.json" "$FXS/rba/f11.1-data.csv" "$SRV/fx/"

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
expect_eq "status: screening lists named embedded:, as rules and codes are" "$(grep -c '^list  *embedded:data/lists/[a-z-]*\.csv$' "$TMP/out")" "7"
expect_eq "status with --data-dir says so" "$("$BIN" data status --data-dir "$DD" | head -n 1)" "data directory: $DD (from --data-dir) (does not exist yet)"

# --- update from the local server ---------------------------------------
expect_exit 0 "data update ecb --url" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
expect_eq "update says what it installed and what runs used before" "$(cat "$TMP/out")" "ecb: installed $ZIP_SHA, 2026-10-01 to 2026-12-04 (was the embedded ECB history, 1999-01-04 to 2025-05-09)"
# 2026-10-01 is after 1999-01-04: the snapshot does not cover the older dates
expect_eq "update warns that older dates are no longer covered" "$(cat "$TMP/err")" \
    "parcelclear: data: warning: ecb: the new snapshot covers 2026-10-01 to 2026-12-04, not all of the 1999-01-04 to 2025-05-09 that it replaces; runs now reject a parcel dated outside it with FX_RATE_UNAVAILABLE"
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

# a first update that fails leaves no empty directory behind: nothing is
# listening on the port (a free port taken and released), so the
# connection is refused; neither the data directory nor its ecb store
# existed before
DNEW=$DS/data-refused/sub
REFUSED=$(free_port)
expect_exit 3 "update from a port that refuses" "$BIN" data update --data-dir "$DNEW" ecb --url "http://127.0.0.1:$REFUSED/eurofxref-hist.zip"
expect_eq "refused: nothing changed said" "$(grep -c '^parcelclear: data: ecb: nothing changed$' "$TMP/err")" "1"
expect_eq "refused: no directory created" "$(ls -A "$DS" | grep -c '^data-refused$')" "0"
# into an existing data directory: its ecb store goes, the directory stays
mkdir -p "$DNEW"
expect_exit 3 "update from a port that refuses, data dir exists" "$BIN" data update --data-dir "$DNEW" ecb --url "http://127.0.0.1:$REFUSED/eurofxref-hist.zip"
expect_eq "refused: the data directory is left empty" "$(ls -A "$DNEW" | wc -l | tr -d ' ')" "0"

# --- tonight's batch on tonight's data -----------------------------------
# fixtures/fx-sources/batches/nightly-2026-12-04.csv: one parcel dated
# 2026-12-04, USD 120.00, US to DE, after the embedded ECB history ends
# (2025-05-09). Worked by hand (fixtures/fx-sources/README.md): the EU rate
# for December 2026 is the one published on the penultimate Wednesday of
# November, 2026-11-18, 1.1646 USD per EUR; 120.00 / 1.1646 = 103.0397...
# = EUR 103.04, below EUR 150: release (with the EUR 3 flat duty in force
# from 2026-07-01).
BT=$FXS/batches
NB=$DS/nightly
D2=$DS/data2
NIGHTLY=$BT/nightly-2026-12-04.csv
expect_exit 0 "nightly run before any update" env PARCELCLEAR_DATA="$D2" "$BIN" run -o "$NB/before" "$NIGHTLY"
expect_eq "before: rejected" "$(lane_of "$NB/before" NT1001)" "reject"
expect_eq "before: reason" "$(reasons_of "$NB/before" NT1001)" "FX_RATE_UNAVAILABLE@currency"
expect_eq "before: fx_source names the source" "$(field_of "$NB/before" NT1001 fx_source)" "no ECB rate: ecb 1999-01-04 to 2025-05-09"
expect_eq "before: one line naming the source, its last date and the update" \
    "$(grep -c "^parcelclear: run: 1 parcel had no exchange rate: its date is after the last date of ecb (embedded, ends 2025-05-09); update with 'parcelclear data update ecb'\$" "$TMP/err")" "1"
expect_exit 0 "data update ecb into a fresh data dir" env PARCELCLEAR_DATA="$D2" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
expect_exit 0 "nightly run after the update" env PARCELCLEAR_DATA="$D2" "$BIN" run -o "$NB/after" "$NIGHTLY"
expect_eq "after: released" "$(lane_of "$NB/after" NT1001)" "release"
expect_eq "after: assessed EUR 103.04" "$(field_of "$NB/after" NT1001 assessed_value)" "103.04"
expect_eq "after: the EU rate of 2026-11-18" "$(field_of "$NB/after" NT1001 fx_source)" "ECB 2026-11-18 EU-monthly (UCC-IA Art.146)"
expect_eq "after: no line about a source past its end" "$(grep -c 'had no exchange rate' "$TMP/err")" "0"
expect_eq "summary records the snapshot: name, sha256, last date" "$(python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["fx_sources"][0]
print(f["source"], f["origin"], f["sha256"], f["last_date"], f["parcels"])' "$NB/after/summary.json")" \
    "ecb snapshot $ZIP_SHA 2026-12-04 1"
# check judges with the same snapshots
expect_exit 1 "check before: the record is rejected" env PARCELCLEAR_DATA="$DS/none" "$BIN" check "$NIGHTLY"
expect_eq "check before: FX_RATE_UNAVAILABLE" "$(grep -c 'FX_RATE_UNAVAILABLE' "$TMP/out")" "1"
expect_exit 0 "check after: nothing rejected" env PARCELCLEAR_DATA="$D2" "$BIN" check "$NIGHTLY"
# --data-dir instead of the environment
expect_exit 0 "the same with --data-dir" "$BIN" run --data-dir "$D2" -o "$NB/flag" "$NIGHTLY"
expect_eq "--data-dir: released" "$(lane_of "$NB/flag" NT1001)" "release"
# --fx FILE overrides the snapshots
expect_exit 0 "--fx overrides the snapshot" env PARCELCLEAR_DATA="$D2" "$BIN" run --fx "$FIX/fx/long-layout.csv" -o "$NB/fx" "$NIGHTLY"
expect_eq "--fx: summary names the file" "$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["fx_sources"][0]["origin"])' "$NB/fx/summary.json")" "file"

# --max-data-age DAYS: against --as-of when given (the dates become it):
# the snapshot ends 2026-12-04, 6 days before 2026-12-10
expect_exit 1 "6 days old, over --max-data-age 5" env PARCELCLEAR_DATA="$D2" "$BIN" run --as-of 2026-12-10 --max-data-age 5 -o "$NB/age5" "$NIGHTLY"
expect_eq "over the age: said" "$(grep -c '^parcelclear: run: exchange-rate source ecb ends 2026-12-04, 6 days before 2026-12-10: over --max-data-age 5$' "$TMP/err")" "1"
expect_eq "over the age: outputs published" "$(lane_of "$NB/age5" NT1001)" "release"
expect_exit 0 "6 days old, --max-data-age 6" env PARCELCLEAR_DATA="$D2" "$BIN" run --as-of 2026-12-10 --max-data-age 6 -o "$NB/age6" "$NIGHTLY"
expect_exit 1 "the embedded table is old" env PARCELCLEAR_DATA="$DS/none" "$BIN" run --as-of 2026-12-10 --max-data-age 10 -o "$NB/age-emb" "$NIGHTLY"
expect_eq "the embedded table is old: said" "$(grep -c '^parcelclear: run: exchange-rate source ecb ends 2025-05-09, 580 days before 2026-12-10: over --max-data-age 10$' "$TMP/err")" "1"
expect_exit 2 "--max-data-age not a number" "$BIN" run --max-data-age x -o "$NB/agex" "$NIGHTLY"

# a failed update leaves the old snapshot, and runs still use it
expect_exit 3 "404 into the fresh data dir" env PARCELCLEAR_DATA="$D2" "$BIN" data update ecb --url "$BASE/no-such-file.zip"
expect_exit 3 "a bad currency into the fresh data dir" env PARCELCLEAR_DATA="$D2" "$BIN" data update ecb --url "$BASE/eurofxref-hist-bad-currency.csv"
expect_exit 3 "a gap into the fresh data dir" env PARCELCLEAR_DATA="$D2" "$BIN" data update ecb --url "$BASE/eurofxref-hist-gap.csv"
expect_exit 3 "a truncated zip into the fresh data dir" env PARCELCLEAR_DATA="$D2" "$BIN" data update ecb --url "$BASE/eurofxref-hist-truncated.zip"
expect_exit 0 "nightly run after the failed updates" env PARCELCLEAR_DATA="$D2" "$BIN" run -o "$NB/after-fail" "$NIGHTLY"
expect_eq "after the failures: still 103.04" "$(field_of "$NB/after-fail" NT1001 assessed_value)" "103.04"
expect_eq "after the failures: the old snapshot" "$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["fx_sources"][0]["sha256"])' "$NB/after-fail/summary.json")" "$ZIP_SHA"

# the disk fills up during the update: the data directory on a 32 KiB
# tmpfs holding the 5 KB zip snapshot, then the 13 KB csv twice (the
# download and its copy do not fit). Mounted in a private mount namespace
# (unshare -rm), or directly when root; where neither is allowed the
# file-size limit above stands in for it.
TF=$DS/tmpfs
mkdir -p "$TF"
cp "$FXS/ecb/eurofxref-hist.csv" "$SRV/stats/eurofxref/big.csv"
cat > "$DS/tmpfs-case.sh" <<'TFEOF'
# $1 mount point, $2 binary, $3 base URL, $4 nightly batch
mount -t tmpfs -o size=32k tmpfs "$1" || exit 99
PARCELCLEAR_DATA=$1/data "$2" data update ecb --url "$3/eurofxref-hist.zip" >/dev/null || { umount "$1"; exit 98; }
PARCELCLEAR_DATA=$1/data "$2" data update ecb --url "$3/big.csv"
echo "update=$?"
PARCELCLEAR_DATA=$1/data "$2" run -o "$1/../tmpfs-out" "$4" 2>/dev/null
gzip -dc "$1/../tmpfs-out/release.csv.gz" | python3 -c '
import csv, sys
r = csv.reader(sys.stdin); h = next(r)
for row in r: print("assessed=" + row[h.index("assessed_value")])'
echo "tmpfiles=$(ls -A "$1/data/ecb" | grep -c tmp)"
echo "current=$(cat "$1/data/ecb/current")"
umount "$1"
TFEOF
if command -v unshare >/dev/null 2>&1 && unshare -rm true 2>/dev/null; then
	TFRUN="unshare -rm sh"
elif [ "$(id -u)" = 0 ]; then
	TFRUN=sh
else
	TFRUN=
fi
if [ -n "$TFRUN" ]; then
	$TFRUN "$DS/tmpfs-case.sh" "$TF" "$BIN" "$BASE" "$NIGHTLY" > "$DS/tmpfs.out" 2> "$DS/tmpfs.err"
	if grep -q '^update=4$' "$DS/tmpfs.out"; then ok; else
		bad "disk full on a tmpfs: update did not exit 4: $(cat "$DS/tmpfs.out" "$DS/tmpfs.err")"; fi
	expect_eq "disk full on a tmpfs: said" "$(grep -c '^parcelclear: data: ecb: ' "$DS/tmpfs.err")" "1"
	expect_eq "disk full on a tmpfs: the old snapshot is current" "$(sed -n 's/^current=//p' "$DS/tmpfs.out")" "$ZIP_SHA"
	expect_eq "disk full on a tmpfs: no temporary file left" "$(sed -n 's/^tmpfiles=//p' "$DS/tmpfs.out")" "0"
	expect_eq "disk full on a tmpfs: the run still uses it" "$(sed -n 's/^assessed=//p' "$DS/tmpfs.out")" "103.04"
else
	echo "e2e_datasrc: skipped: cannot mount a tmpfs (not root, no user namespaces); the file-size limit above stands in for a full disk" >&2
fi

# --- each authority's own rates ---------------------------------------------
# fixtures/fx-sources/batches/authorities.csv, every value worked by hand
# in fixtures/README.md ("Each authority's own rates")
D3=$DS/data3
for s in "hmrc monthly_csv_2026-12.csv" "frb h10-daily.csv" "boc fx-rates-daily.json" "rba f11.1-data.csv"; do
	set -- $s
	expect_exit 0 "data update $1 --url" env PARCELCLEAR_DATA="$D3" "$BIN" data update "$1" --url "http://127.0.0.1:$PORT/fx/$2"
done
expect_exit 0 "data update ecb --url (authorities)" env PARCELCLEAR_DATA="$D3" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
AB=$DS/auth
expect_exit 0 "run the authorities' batch" env PARCELCLEAR_DATA="$D3" "$BIN" run -o "$AB" "$BT/authorities.csv"
balanced "$AB"
auth_row() {
	for f in release declare hold reject; do gzip -dc "$AB/$f.csv.gz"; done |
	    python3 -c '
import csv, sys
i = None
for row in csv.reader(sys.stdin):
    if row[0] == "tracking_number":
        h = row
    elif row[0] == sys.argv[1]:
        print(row[h.index("lane")], row[h.index("assessed_value")], row[h.index("fx_source")], sep="|")
        break' "$1"
}
expect_eq "GB 179.07 USD, Dec: HMRC 1.3265" "$(auth_row GB1)" "release|134.99|HMRC 2026-12 monthly"
expect_eq "GB 179.09 USD, Dec: over GBP 135" "$(auth_row GB2)" "declare|135.01|HMRC 2026-12 monthly"
expect_eq "GB November: not in the snapshot, no substitute" "$(auth_row GB3)" "reject||no HMRC rate: hmrc 2026-12-01 to 2026-12-31"
expect_eq "US MXN 1840.00, quarterly 18.4000" "$(auth_row US1)" "release|100.00|FRB 2026-10-01 quarterly (19 CFR 159.34)"
expect_eq "US MXN 1840.10, quarterly: over USD 100" "$(auth_row US2)" "declare|100.01|FRB 2026-10-01 quarterly (19 CFR 159.34)"
expect_eq "US 2026-11-19: daily differs by 5.02 %" "$(auth_row US3)" "release|100.00|FRB 2026-11-19 daily, 5% variance (159.34)"
expect_eq "US 2026-11-18: daily differs by 4.87 %" "$(auth_row US4)" "declare|105.02|FRB 2026-10-01 quarterly (19 CFR 159.34)"
expect_eq "CA Friday, USD 106.97" "$(auth_row CA1)" "release|150.00|BoC 2026-11-27 daily"
expect_eq "CA Friday, USD 106.98" "$(auth_row CA2)" "declare|150.02|BoC 2026-11-27 daily"
expect_eq "CA shipped Saturday: Friday's rate" "$(auth_row CA3)" "declare|150.02|BoC 2026-11-27 daily"
expect_eq "CA no dispatch_date: the date, Monday" "$(auth_row CA4)" "release|149.93|BoC 2026-11-30 daily"
expect_eq "AU Saturday: Friday's rate" "$(auth_row AU1)" "release|999.70|RBA 2026-11-27 (from the next day)"
expect_eq "AU Monday: Friday's rate" "$(auth_row AU2)" "release|999.70|RBA 2026-11-27 (from the next day)"
expect_eq "AU Wednesday: Tuesday's rate" "$(auth_row AU3)" "declare|1000.08|RBA 2026-11-24 (from the next day)"
expect_eq "AU Wednesday, USD 658.30" "$(auth_row AU4)" "release|1000.00|RBA 2026-11-24 (from the next day)"
expect_eq "summary: the five sources" "$(python3 -c '
import json, sys
print(" ".join(f["source"] + ":" + f["origin"] + ":" + f["last_date"] for f in json.load(open(sys.argv[1]))["fx_sources"]))' "$AB/summary.json")" \
    "ecb:snapshot:2026-12-04 hmrc:snapshot:2026-12-31 frb:snapshot:2026-12-04 boc:snapshot:2026-12-04 rba:snapshot:2026-12-04"
expect_eq "summary: 14 parcels valued with their authority's own rate" "$(python3 -c '
import json, sys
print(list(json.load(open(sys.argv[1]))["fx"]["parcels_by_rate_rule"].values()))' "$AB/summary.json")" "[0, 0, 14]"
# verify replays with exactly the recorded snapshots: a newer ECB one
# changes nothing; one that is gone is a missing input (exit 3)
expect_exit 0 "verify with the recorded snapshots" env PARCELCLEAR_DATA="$D3" "$BIN" verify "$AB/summary.json"
expect_exit 0 "import a newer ecb snapshot" "$BIN" data import ecb "$FXS/ecb/eurofxref-hist.csv" --data-dir "$D3"
expect_exit 0 "verify still uses the recorded one" "$BIN" verify --data-dir "$D3" "$AB/summary.json"
FRB_SHA=$(cat "$D3/frb/current")
mv "$D3/frb/$FRB_SHA.csv" "$DS/frb-away.csv"
expect_exit 3 "verify: a recorded snapshot is gone" env PARCELCLEAR_DATA="$D3" "$BIN" verify "$AB/summary.json"
expect_eq "verify names it" "$(grep -c "'snapshot frb in $D3' is missing or unreadable (recorded sha256 $FRB_SHA)" "$TMP/err")" "1"
mv "$DS/frb-away.csv" "$D3/frb/$FRB_SHA.csv"
expect_exit 3 "a run whose newest frb snapshot is gone fails" env PARCELCLEAR_DATA="$D3" sh -c 'mv "$1" "$1.x"; "$2" run -o "$3" "$4"; rc=$?; mv "$1.x" "$1"; exit $rc' sh "$D3/frb/$FRB_SHA.csv" "$BIN" "$DS/auth-gone" "$BT/authorities.csv"
# a dispatch_date that is not a date is a reject
printf '%s\n' "$(head -n 1 "$BT/authorities.csv")" \
    "$(grep '^AU1,' "$BT/authorities.csv" | sed 's/2026-11-28/28.11.2026/')" > "$DS/bad-dispatch.csv"
expect_exit 0 "bad dispatch_date" env PARCELCLEAR_DATA="$D3" "$BIN" run -o "$DS/bad-dispatch" "$DS/bad-dispatch.csv"
expect_eq "bad dispatch_date: INVALID_DATE" "$(reasons_of "$DS/bad-dispatch" AU1)" "INVALID_DATE@dispatch_date"

kill "$SRV_PID" 2>/dev/null
wait "$SRV_PID" 2>/dev/null
trap 'rm -rf "$TMP"' EXIT
expect_exit 3 "server down" env PARCELCLEAR_DATA="$DD" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
expect_eq "server down named" "$(grep -c 'ecb: download failed' "$TMP/err")" "1"
expect_eq "server down: old snapshot stays" "$(status_sha ecb)" "$ZIP_SHA"
expect_exit 3 "server down, the fresh data dir" env PARCELCLEAR_DATA="$D2" "$BIN" data update ecb --url "$BASE/eurofxref-hist.zip"
expect_exit 0 "nightly run after the server went down" env PARCELCLEAR_DATA="$D2" "$BIN" run -o "$NB/server-down" "$NIGHTLY"
expect_eq "server down: the old snapshot still values it" "$(field_of "$NB/server-down" NT1001 assessed_value)" "103.04"

# --- import, and usage errors --------------------------------------------
expect_exit 0 "data import the csv" "$BIN" data import ecb "$FXS/ecb/eurofxref-hist.csv" --data-dir "$DD"
expect_eq "import installed it" "$(cat "$TMP/out")" "ecb: installed $CSV_SHA, 2026-10-01 to 2026-12-04 (was $ZIP_SHA)"
expect_eq "the same dates as the snapshot it replaces: no warning" "$(cat "$TMP/err")" ""
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

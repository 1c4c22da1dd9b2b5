# End-to-end cases of issue #6 (check, explain, rules, exit status),
# sourced by tests/e2e.sh (helpers are defined there).

# rejected_records DIR: "source:record" of every row of DIR/reject.csv.gz.
rejected_records() {
	gzip -dc "$1/reject.csv.gz" | python3 -c '
import csv, sys
r = csv.reader(sys.stdin)
h = next(r)
s, n = h.index("source"), h.index("record")
for row in r:
    print(row[s] + ":" + row[n])' | sort -u
}

# checked_records FILE: "source:record" of every diagnostic in FILE.
checked_records() {
	awk -F: '{ print $1 ":" $2 }' "$1" | sort -u
}

# --- check reports exactly the records run rejects ----------------------
C=$TMP/check-demo
"$BIN" run -o "$C" "$FIX/demo/sample-manifest.csv" 2>/dev/null
expect_exit 1 "check demo: errors found" "$BIN" check "$FIX/demo/sample-manifest.csv"
cp "$TMP/out" "$TMP/check-demo.txt"
expect_eq "check demo = run's reject.csv.gz" "$(checked_records "$TMP/check-demo.txt")" "$(rejected_records "$C")"
# worked by hand: records 9 (bad S10 check digit), 10 (no HS code, column
# 19 of the header) and 21 (no USD rate after 2025-05-09, column 22)
expect_eq "check demo diagnostics" "$(cut -d: -f2-5 "$TMP/check-demo.txt" | tr '\n' ' ')" \
    "9:10:1: CHECK_DIGIT@tracking_number 10:11:19: MISSING@hs_code 21:22:22: FX_RATE_UNAVAILABLE@currency "
expect_eq "check demo summary line" "$(cat "$TMP/err")" \
    "parcelclear: check: 22 records, 3 rejected (3 diagnostics)"

U=$TMP/check-uci
"$BIN" run --profile valuation --map "$PWD/data/maps/uci-online-retail.map" \
    -o "$U" "$FIX/online-retail/uci-excerpt.csv" 2>/dev/null
expect_exit 1 "check uci: errors found" "$BIN" check --profile valuation \
    --map "$PWD/data/maps/uci-online-retail.map" "$FIX/online-retail/uci-excerpt.csv"
cp "$TMP/out" "$TMP/check-uci.txt"
expect_eq "check uci = run's reject.csv.gz" "$(checked_records "$TMP/check-uci.txt")" "$(rejected_records "$U")"

# --format json: JSON Lines, one object per diagnostic
expect_exit 1 "check json" "$BIN" check --format json "$FIX/demo/sample-manifest.csv"
expect_eq "check json lines parse" "$(python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(len(rows), rows[1]["record"], rows[1]["line"], rows[1]["column"], rows[1]["reason"])' "$TMP/out")" \
    "3 10 11 19 MISSING@hs_code"
# --max-errors 1: one diagnostic shown, the exit status still says errors
expect_exit 1 "check max-errors" "$BIN" check --max-errors 1 "$FIX/demo/sample-manifest.csv"
expect_eq "check max-errors lines" "$(wc -l < "$TMP/out" | tr -d ' ')" "1"
# a clean manifest: exit 0, nothing on stdout
head -n 3 "$FIX/demo/sample-manifest.csv" > "$TMP/clean.csv"
expect_exit 0 "check clean" "$BIN" check "$TMP/clean.csv"
expect_eq "check clean prints nothing" "$(cat "$TMP/out")" ""
# standard input, and no lanes anywhere
expect_exit 1 "check stdin" sh -c "\"$BIN\" check - < \"$FIX/demo/sample-manifest.csv\""
expect_eq "check stdin names '-'" "$(head -n 1 "$TMP/out" | cut -d: -f1-2)" "-:9"
# usage and unusable input
expect_exit 2 "check no input" "$BIN" check
expect_exit 2 "check bad format" "$BIN" check --format xml "$FIX/demo/sample-manifest.csv"
expect_exit 2 "check bad max-errors" "$BIN" check --max-errors x "$FIX/demo/sample-manifest.csv"
expect_exit 3 "check missing file" "$BIN" check "$TMP/no-such.csv"
expect_exit 0 "check --help" "$BIN" check --help

# --- --map per input: with several --map, each applies to the inputs after it
# the demo needs no map (11 release, 6 declare, 2 hold, 2 reject, 1 dup under
# valuation), the UCI excerpt its map (11, 6, 0, 3, 1): the batch is the sum
P=$TMP/permap
expect_exit 0 "per-input maps" "$BIN" run --profile valuation -o "$P" \
    "$FIX/demo/sample-manifest.csv" --map "$PWD/data/maps/uci-online-retail.map" \
    "$FIX/online-retail/uci-excerpt.csv" --map "$PWD/data/maps/uci-online-retail.map"
balanced "$P"
expect_eq "per-input maps counts" "$(sed -n 's/^parcelclear: run: \([^;]*\);.*/\1/p' "$TMP/err")" \
    "43 records in: 22 release, 12 declare, 2 hold, 5 reject, 2 duplicates"
expect_eq "per-input maps in summary" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["inputs"][0]["map"], s["inputs"][1]["map"]["source"].split("/")[-1])' "$P/summary.json")" \
    "None uci-online-retail.map"
# a single --map applies to every input, wherever it stands (as before)
expect_exit 0 "single map after the input" "$BIN" run --profile valuation -o "$TMP/onemap" \
    "$FIX/online-retail/uci-excerpt.csv" --map "$PWD/data/maps/uci-online-retail.map"

# --- explain -------------------------------------------------------------
expect_exit 0 "explain code@column" "$BIN" explain MISSING@hs_code
expect_eq "explain lane" "$(sed -n 's/^  lane: *//p' "$TMP/out")" "reject"
expect_eq "explain column" "$(sed -n 's/^  column: *//p' "$TMP/out")" "hs_code"
expect_eq "explain has fix and source" "$(grep -c '^  \(fix\|source\): ..' "$TMP/out")" "2"
expect_exit 0 "explain hold code" "$BIN" explain PARCEL_CONFLICT
expect_eq "explain hold lane" "$(sed -n 's/^  lane: *//p' "$TMP/out")" "hold"
expect_exit 2 "explain unknown code" "$BIN" explain NO_SUCH_CODE
expect_exit 2 "explain unknown column" "$BIN" explain MISSING@no_such_column
expect_exit 2 "explain no code" "$BIN" explain
expect_exit 0 "explain --list" "$BIN" explain --list
expect_eq "explain --list has every README code" "$(grep -c '^CHECK_DIGIT \|^IOSS \|^UNDER_THRESHOLD ' "$TMP/out")" "3"

# --- rules -----------------------------------------------------------------
# worked by hand from data/rules/de-minimis.csv: on 2024-03-12 FR is in the
# EU: EU duty EUR 150 (2008-12-01..2026-06-30) and EU VAT from the first cent
expect_exit 0 "rules FR 2024" "$BIN" rules --as-of 2024-03-12 FR
expect_eq "rules FR 2024 ids" "$(awk 'NR > 3 && /^[a-z]/ { print $1 }' "$TMP/out" | tr '\n' ' ')" "eu-duty-2008 eu-vat-2021 "
expect_exit 0 "rules US after suspension" "$BIN" rules --as-of 2025-09-01 US
expect_eq "rules US 2025-09-01" "$(awk 'NR > 3 && /^[a-z]/ { print $1, $7 }' "$TMP/out")" "us-duty-2025-all none"
expect_exit 0 "rules BR: none" "$BIN" rules --as-of 2024-03-12 BR
expect_eq "rules BR says none" "$(tail -n 1 "$TMP/out" | cut -c1-5)" "(none"
expect_exit 0 "rules custom table" "$BIN" rules --rules "$FIX/rules/small-custom.csv" --all
expect_exit 2 "rules bad date" "$BIN" rules --as-of 2024-13-01
expect_exit 2 "rules two countries" "$BIN" rules FR DE
expect_exit 0 "rules --check valid" "$BIN" rules --check "$FIX/rules/small-custom.csv"
expect_exit 0 "rules --check shipped" "$BIN" rules --check "$PWD/data/rules/de-minimis.csv"
expect_exit 1 "rules --check overlap" "$BIN" rules --check "$FIX/rules/overlap.csv"
expect_eq "rules --check names line and column" "$(grep -c "line 4:column 'valid_from'" "$TMP/err")" "1"
expect_exit 1 "rules --check unknown currency" "$BIN" rules --check "$FIX/rules/unknown-currency.csv"
expect_eq "rules --check currency column" "$(grep -c "line 2:column 'currency': unknown currency 'XYZ'" "$TMP/err")" "1"
expect_exit 1 "rules --check misspelt header" "$BIN" rules --check "$FIX/rules/header-misspelt-column.csv"
expect_exit 3 "rules --check missing file" "$BIN" rules --check "$TMP/no-such.csv"
expect_exit 2 "rules --check with country" "$BIN" rules --check "$FIX/rules/overlap.csv" FR

# --- summary.json: declared values per destination, lane and currency ------
# worked by hand from fixtures/demo/sample-manifest.csv (item_value is the
# line's value): US declare 35.00 (CN, suspended) + 20.00 (DE, suspended);
# DE declare 120.00 + 60.00 USD; FR reject 8.00 EUR (bad S10) and 300.00 CNY
# (no rate); FR release 25.00 + 30.00 EUR (the duplicate row not counted)
expect_eq "declared values" "$(python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))["declared_value_by_destination"]
print(v["US"]["declare"], v["DE"]["declare"], v["FR"]["reject"], v["FR"]["release"])' "$D/summary.json")" \
    "{'USD': '55'} {'USD': '180'} {'CNY': '300', 'EUR': '8'} {'EUR': '55'}"
expect_eq "declared values by lane" "$(python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))["declared_value_by_lane"]
print(v["reject"]["EUR"], v["reject"]["CNY"], v["hold"])' "$D/summary.json")" \
    "14 300 {'EUR': '52'}"

# --- verify: re-run from summary.json and compare --------------------------
V=$TMP/verify
mkdir -p "$V/in"
cp "$FIX/demo/sample-manifest.csv" "$V/in/day.csv"
(cd "$V" && "$BIN" run -o out in/day.csv) 2>/dev/null
expect_exit 0 "verify identical" "$BIN" verify "$V/out/summary.json"
expect_eq "verify identical prints nothing" "$(cat "$TMP/out")" ""
# an auditor's copy whose recorded reject digest and count were altered
python3 - "$V/out/summary.json" "$V/altered.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["outputs"]["reject.csv.gz"]["sha256_uncompressed"] = "0" * 64
s["records_out"]["reject"] = 4
json.dump(s, open(sys.argv[2], "w"), indent=2)
PY
expect_exit 1 "verify differs" "$BIN" verify "$V/altered.json"
expect_eq "verify lists what differs" "$(cut -d: -f1 "$TMP/out" | tr '\n' ' ')" \
    "records_out.reject outputs.reject.csv.gz.sha256_uncompressed "
expect_eq "verify shows was and now" "$(head -n 1 "$TMP/out")" "records_out.reject: was 4, now 3"
# the input changed since the run: exit 3 naming it, nothing re-run
echo "" >> "$V/in/day.csv"
expect_exit 3 "verify input changed" "$BIN" verify "$V/out/summary.json"
expect_eq "verify names the changed input" "$(grep -c "'in/day.csv' changed: sha256 was " "$TMP/err")" "1"
rm "$V/in/day.csv"
expect_exit 3 "verify input missing" "$BIN" verify "$V/out/summary.json"
expect_eq "verify names the missing input" "$(grep -c "'in/day.csv' is missing" "$TMP/err")" "1"
expect_exit 3 "verify no summary" "$BIN" verify "$V/no-such.json"
echo '{"tool": "parcelclear"' > "$V/broken.json"
expect_exit 3 "verify malformed summary" "$BIN" verify "$V/broken.json"
expect_exit 2 "verify usage" "$BIN" verify

# --- run: --max-reject-rate, --log-format json, --report ------------------
# the demo rejects 3 of 22 records: 3/22 = 0.136...
R=$TMP/limits
expect_exit 1 "max-reject-rate 0.1 exceeded" "$BIN" run --max-reject-rate 0.1 -o "$R" "$FIX/demo/sample-manifest.csv"
expect_eq "outputs published over the limit" "$(test -f "$R/summary.json" && echo yes)" "yes"
expect_eq "over-limit message" "$(grep -c 'reject rate 0.136364 is over --max-reject-rate 0.1' "$TMP/err")" "1"
expect_exit 0 "max-reject-rate 0.2 kept" "$BIN" run --max-reject-rate 0.2 -o "$R" "$FIX/demo/sample-manifest.csv"
# 3/22 is over 0.136363 and not over 0.136364 (exact comparison)
expect_exit 1 "max-reject-rate just below" "$BIN" run --max-reject-rate 0.136363 -o "$R" "$FIX/demo/sample-manifest.csv"
expect_exit 0 "max-reject-rate just above" "$BIN" run --max-reject-rate 0.136364 -o "$R" "$FIX/demo/sample-manifest.csv"
expect_exit 2 "max-reject-rate over 1" "$BIN" run --max-reject-rate 1.5 -o "$R" "$FIX/demo/sample-manifest.csv"
expect_exit 2 "max-reject-rate not a number" "$BIN" run --max-reject-rate 5% -o "$R" "$FIX/demo/sample-manifest.csv"
expect_exit 1 "log-format json over limit" "$BIN" run --log-format json --max-reject-rate .1 -o "$R" "$FIX/demo/sample-manifest.csv"
expect_eq "log-format json final line" "$(python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
print(d["status"], d["exit"], d["records_in"], d["reject"], d["max_reject_rate"])' "$TMP/err")" "over_limit 1 22 3 0.1"
expect_exit 3 "log-format json error" "$BIN" run --log-format json -o "$R" "$TMP/no-such.csv"
expect_eq "log-format json error line" "$(python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
print(d["status"], d["exit"], d["file"].endswith("no-such.csv"))' "$TMP/err")" "error 3 True"
expect_exit 2 "log-format unknown" "$BIN" run --log-format xml -o "$R" "$FIX/demo/sample-manifest.csv"
# not a terminal here: one final line, no progress line
expect_exit 0 "quiet when not a terminal" "$BIN" run -o "$R" "$FIX/demo/sample-manifest.csv"
expect_eq "one line on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" "1"

H=$TMP/report
expect_exit 0 "run --report" "$BIN" run --report "$H/report.html" -o "$H" "$FIX/demo/sample-manifest.csv"
expect_exit 0 "report structure" python3 tests/check_report.py "$H/report.html"
expect_eq "report: rules used" "$(grep -o '<code>eu-duty-2008</code>' "$H/report.html" | head -n 1)" "<code>eu-duty-2008</code>"
cp "$H/report.html" "$TMP/report1.html"
"$BIN" run --report "$H/report.html" -o "$H" "$FIX/demo/sample-manifest.csv" 2>/dev/null
expect_eq "report is deterministic" "$(cmp -s "$H/report.html" "$TMP/report1.html" && echo same)" "same"
expect_exit 4 "report into a missing directory" "$BIN" run --report "$TMP/no/such/dir/r.html" -o "$H" "$FIX/demo/sample-manifest.csv"

# --- the nightly wrapper, as cron and systemd run it -----------------------
N=$TMP/nightly
mkdir -p "$N/in/2024-03-12"
cp "$FIX/demo/sample-manifest.csv" "$N/in/2024-03-12/carrier-a.csv"
cp "$FIX/online-retail/uci-excerpt.csv" "$N/in/2024-03-12/carrier-b.csv"
cp "$PWD/data/maps/uci-online-retail.map" "$N/in/2024-03-12/carrier-b.map"
expect_exit 1 "nightly: over the default 5% reject rate" env PARCELCLEAR="$BIN" PCL_OPTS="--profile valuation" \
    sh scripts/parcelclear-nightly -d 2024-03-12 "$N/in" "$N/out"
expect_eq "nightly: one JSON line, both carriers" "$(python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
print(d["status"], d["records_in"])' "$TMP/err")" "over_limit 43"
expect_eq "nightly: per-carrier map" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print([i["map"] and i["map"]["source"].split("/")[-1] for i in s["inputs"]])' "$N/out/2024-03-12/summary.json")" \
    "[None, 'carrier-b.map']"
expect_exit 3 "nightly: no manifests that day" env PARCELCLEAR="$BIN" sh scripts/parcelclear-nightly -d 2024-03-13 "$N/in" "$N/out"
expect_exit 2 "nightly: usage" sh scripts/parcelclear-nightly

# --- help for every command is its --help; documentation agrees ------------
for c in run check explain rules verify; do
	expect_exit 0 "help $c" "$BIN" help "$c"
	expect_eq "help $c starts with its usage" "$(head -n 1 "$TMP/out" | cut -d' ' -f1-3)" "usage: parcelclear $c"
done
# check takes the same per-input maps as run
expect_exit 1 "check per-input maps" "$BIN" check --profile valuation --map none \
    "$FIX/demo/sample-manifest.csv" --map "$PWD/data/maps/uci-online-retail.map" \
    "$FIX/online-retail/uci-excerpt.csv"
expect_eq "check per-input maps = run's rejects" "$(checked_records "$TMP/out")" "$(rejected_records "$P")"

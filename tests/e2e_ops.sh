# End-to-end cases of check, explain, rules and exit statuses,
# sourced by tests/e2e.sh (helpers are defined there).

# rejected_records DIR: "source:record" of every row of DIR/reject.csv.gz,
# the lane's input number read as its path in summary.json "inputs".
rejected_records() {
	gzip -dc "$1/reject.csv.gz" | python3 -c '
import csv, json, sys
inputs = json.load(open(sys.argv[1]))["inputs"]
r = csv.reader(sys.stdin)
h = next(r)
s, n = h.index("input"), h.index("record")
for row in r:
    i = inputs[int(row[s]) - 1]
    assert i["input"] == int(row[s])
    print(i["source"] + ":" + row[n])' "$1/summary.json" | sort -u
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
expect_eq "per-input maps counts" "$(sed -n 's/^parcelclear: run: \([0-9]* records in[^;]*\);.*/\1/p' "$TMP/err")" \
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
# without --as-of: today (UTC), and the header says so
expect_exit 0 "rules today" "$BIN" rules FR
expect_eq "rules today: header names the day" "$(head -n 1 "$TMP/out" | cut -d' ' -f1-9)" \
    "rules in force on $(date -u +%Y-%m-%d) (today, UTC) for FR"
expect_exit 0 "rules as-of header" "$BIN" rules --as-of 2024-03-12 FR
expect_eq "rules as-of: header names the day" "$(head -n 1 "$TMP/out" | cut -d' ' -f1-8)" \
    "rules in force on 2024-03-12 for FR (embedded:data/rules/de-minimis.csv,"
expect_exit 2 "rules invalid day" "$BIN" rules --as-of 2024-02-30 FR
expect_eq "rules invalid day message" "$(cat "$TMP/err")" \
    "parcelclear: rules: --as-of '2024-02-30' is not a date YYYY-MM-DD"
expect_eq "rules invalid day prints nothing" "$(cat "$TMP/out")" ""
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

# --- summary.json: assessed values in the threshold currency ---------
# demo, worked by hand (fixtures/README.md): US release 187.60 USD (150 GBP
# x 1.0698 / 0.85538), US declare 35.00 + 20.00 USD (no conversion); DE
# declare 166.53 EUR (180 USD / 1.0809); FR release 55.00 and declare 60.00
# EUR; GB release 80.23 GBP; rejected and held parcels (never assessed), the
# no-border and no-rule parcels are not in the sums
expect_eq "assessed values" "$(python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))["assessed_value_by_destination"]
print(v["US"], v["DE"], v["FR"], v["GB"], "BR" in v)' "$D/summary.json")" \
    "{'release': {'USD': '187.60'}, 'declare': {'USD': '55.00'}} {'declare': {'EUR': '166.53'}} {'release': {'EUR': '55.00'}, 'declare': {'EUR': '60.00'}} {'release': {'GBP': '80.23'}} False"
# fixtures/ops/assessed-totals.csv: three DE parcels of 1.00 USD, each
# 1 / 1.0809 (ECB 2024-02-21) = 0.925155 -> 0.93 EUR (rounded once, per
# parcel, half-up), so 2.79 EUR; the 3.00 USD converted as one sum would be
# 2.775465 -> 2.78: the total is the sum of the lane files' figures. 200.00
# USD / 1.0809 = 185.0310 -> 185.03 EUR declare. GB: 1.00 USD x 0.85823 /
# 1.0697 (ECB 2023-06-01) = 0.80231 -> 0.80 GBP.
A=$TMP/assessed
expect_exit 0 "assessed totals fixture" "$BIN" run -o "$A" "$FIX/ops/assessed-totals.csv"
expect_eq "assessed totals by destination" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["assessed_value_by_destination"])' "$A/summary.json")" \
    "{'DE': {'release': {'EUR': '2.79'}, 'declare': {'EUR': '185.03'}}, 'GB': {'release': {'GBP': '0.80'}}}"
expect_eq "assessed totals by lane" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["assessed_value_by_lane"], s["declared_value_by_lane"]["release"])' "$A/summary.json")" \
    "{'release': {'EUR': '2.79', 'GBP': '0.80'}, 'declare': {'EUR': '185.03'}, 'reject': {}, 'hold': {}} {'USD': '4'}"

# --- verify: re-run from summary.json and compare --------------------------
V=$TMP/verify
mkdir -p "$V/in"
cp "$FIX/demo/sample-manifest.csv" "$V/in/day.csv"
(cd "$V" && "$BIN" run -o out in/day.csv) 2>/dev/null
expect_exit 0 "verify identical" "$BIN" verify "$V/out/summary.json"
expect_eq "verify identical prints nothing" "$(cat "$TMP/out")" ""
# an auditor's copy whose recorded reject digest and count were altered
python3 - "$V/out/summary.json" "$V/out/altered.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["outputs"]["reject.csv.gz"]["sha256_uncompressed"] = "0" * 64
s["records_out"]["reject"] = 4
json.dump(s, open(sys.argv[2], "w"), indent=2)
PY
expect_exit 1 "verify differs" "$BIN" verify "$V/out/altered.json"
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
# --log-format json: usage errors are JSON lines too, wherever the option
# stands; text mode is as before
json_err() {	# json_err NAME WANT-MESSAGE-PREFIX ARGS...: exit 2, one JSON line
	jname=$1 jwant=$2
	shift 2
	expect_exit 2 "json usage: $jname" "$BIN" run "$@"
	expect_eq "json usage line: $jname" "$(python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
d = json.loads(lines[0])
print(len(lines), d["command"], d["status"], d["exit"], d["message"][:len(sys.argv[2])])' "$TMP/err" "$jwant")" \
	    "1 run error 2 $jwant"
}
json_err "unknown option after" "unrecognized or ambiguous option '--bogus'" \
    -o "$R" "$FIX/demo/sample-manifest.csv" --log-format json --bogus
json_err "unknown short option" "invalid option -- 'x'" --log-format json -x -o "$R" "$FIX/demo/sample-manifest.csv"
json_err "missing argument" "option '--output' requires an argument" --log-format=json "$FIX/demo/sample-manifest.csv" --output
json_err "missing short argument" "option requires an argument -- 'o'" --log-format json -o
json_err "flag with a value" "option '--decimal-comma=1' takes no argument" --log-format json --decimal-comma=1 -o "$R" "$FIX/demo/sample-manifest.csv"
json_err "bad value" "--level must be 1 to 9" --level 0 --log-format json -o "$R" "$FIX/demo/sample-manifest.csv"
json_err "bad common value" "--as-of '2024-13-01' is not a date" --log-format json --as-of 2024-13-01 -o "$R" "$FIX/demo/sample-manifest.csv"
json_err "no output directory" "no output directory (-o OUTDIR)" --log-format json "$FIX/demo/sample-manifest.csv"
json_err "no manifest" "no MANIFEST" --log-format json -o "$R"
expect_exit 2 "text usage: bad value" "$BIN" run --level 0 -o "$R" "$FIX/demo/sample-manifest.csv"
expect_eq "text usage: bad value line" "$(cat "$TMP/err")" "parcelclear: run: --level must be 1 to 9"
expect_exit 2 "text usage: unknown option" "$BIN" run --bogus -o "$R" "$FIX/demo/sample-manifest.csv"
expect_eq "text usage: getopt line, then usage" "$(head -n 2 "$TMP/err")" "run: unrecognized option '--bogus'
usage: parcelclear run [--aeo FILE] [--allow FILE] [--as-of YYYY-MM-DD]"
expect_exit 2 "text usage: no manifest" "$BIN" run -o "$R"
expect_eq "text usage: no manifest, then usage" "$(sed -n 2p "$TMP/err" | head -c 22)" "usage: parcelclear run"
# not a terminal here: no progress line; the demo's parcel dated after the
# embedded ECB history gets the one line naming the source, then the final
# line
expect_exit 0 "quiet when not a terminal" "$BIN" run -o "$R" "$FIX/demo/sample-manifest.csv"
expect_eq "two lines on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" "2"
expect_eq "the first names the source past its end" "$(head -n 1 "$TMP/err")" \
    "parcelclear: run: 1 parcel had no exchange rate: its date is after the last date of ecb (embedded, ends 2025-05-09); update with 'parcelclear data update ecb'"

H=$TMP/report
expect_exit 0 "run --report" "$BIN" run --report "$H/report.html" -o "$H" "$FIX/demo/sample-manifest.csv"
expect_exit 0 "report structure" python3 tests/check_report.py "$H/report.html"
expect_eq "report: rules used" "$(grep -o '<code>eu-duty-2008</code>' "$H/report.html" | head -n 1)" "<code>eu-duty-2008</code>"
# a rule with no threshold (US relief suspended) is listed too
expect_eq "report: suspended rule listed" "$(grep -c '<code>us-duty-2025-all</code></td><td>US</td>.*none (suspended)' "$H/report.html")" "1"
# value totals: DE declare, declared 180 USD, assessed 166.53 EUR (1 parcel)
expect_eq "report: value totals" "$(grep -c '<td>DE</td><td>declare</td><td class="n">1</td><td class="n">180.00&#160;USD</td><td class="n">166.53&#160;EUR (1)</td>' "$H/report.html")" "1"
cp "$H/report.html" "$TMP/report1.html"
"$BIN" run --report "$H/report.html" -o "$H" "$FIX/demo/sample-manifest.csv" 2>/dev/null
expect_eq "report is deterministic" "$(cmp -s "$H/report.html" "$TMP/report1.html" && echo same)" "same"
# the report's digest is in summary.json, like a lane's
expect_eq "report digest in summary" "$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["outputs"]["report"]["sha256_uncompressed"])' "$H/summary.json")" \
    "$(sha256sum "$H/report.html" | cut -d' ' -f1)"
# the report is published with the lanes: a report that cannot be written
# publishes nothing, and the directory's older outputs stay as they were
cp "$H/summary.json" "$TMP/summary-before.json"
expect_exit 4 "report into a missing directory" "$BIN" run --report "$TMP/no/such/dir/r.html" -o "$H" "$FIX/demo/sample-manifest.csv"
expect_eq "failed report: older summary kept" "$(cmp -s "$H/summary.json" "$TMP/summary-before.json" && echo same)" "same"
expect_exit 4 "failed report, new directory" "$BIN" run --report "$TMP/no/such/dir/r.html" -o "$TMP/rfail" "$FIX/demo/sample-manifest.csv"
expect_eq "failed report publishes nothing" "$(ls -A "$TMP/rfail" | tr '\n' ' ')" ".parcelclear.lock "
# verify makes the report again and compares its digest
(cd "$H" && "$BIN" run --report rep.html -o out "$FIX/demo/sample-manifest.csv") 2>/dev/null
expect_exit 0 "verify with a report" "$BIN" verify "$H/out/summary.json"
python3 - "$H/out/summary.json" "$H/rep-altered.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["outputs"]["report"]["sha256_uncompressed"] = "0" * 64
json.dump(s, open(sys.argv[2], "w"), indent=2)
PY
expect_exit 1 "verify: report digest differs" "$BIN" verify "$H/rep-altered.json"
expect_eq "verify names the report" "$(cut -d: -f1 "$TMP/out")" "outputs.report.sha256_uncompressed"
# the report on disk is checked too: an edited page is a difference
echo '<!-- edited -->' >> "$H/rep.html"
expect_exit 1 "verify: report edited on disk" "$BIN" verify "$H/out/summary.json"
expect_eq "verify names the edited report" "$(grep -c "output 'rep.html' changed" "$TMP/err")" "1"
# --report never overwrites an input or the batch's own outputs (exit 2)
cp "$FIX/demo/sample-manifest.csv" "$TMP/rp-in.csv"
expect_exit 2 "report over the input" "$BIN" run --report "$TMP/rp-in.csv" -o "$TMP/rp" "$TMP/rp-in.csv"
expect_eq "report over the input: input intact" "$(cmp -s "$TMP/rp-in.csv" "$FIX/demo/sample-manifest.csv" && echo same)" "same"
expect_exit 2 "report over summary.json" "$BIN" run --report "$H/out/../out/summary.json" -o "$H/out" "$FIX/demo/sample-manifest.csv"
expect_exit 0 "summary.json kept" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$H/out/summary.json"
expect_exit 2 "report over a lane" "$BIN" run --report "$H/out/hold.csv.gz" -o "$H/out" "$FIX/demo/sample-manifest.csv"
expect_exit 2 "report is a directory" "$BIN" run --report "$TMP" -o "$TMP/rp" "$FIX/demo/sample-manifest.csv"

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
expect_eq "nightly: usage is a JSON line" "$(python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
print(d["status"], d["exit"])' "$TMP/err")" "error 2"

# --- exit statuses of the README's table not produced above -----------
expect_exit 3 "malformed FX file" "$BIN" run --fx "$FIX/fx/bad-rate.csv" -o "$TMP/x" "$FIX/demo/sample-manifest.csv"
expect_eq "malformed FX file: names line and column" "$(grep -c "bad-rate.csv:record 2:line 3:column 'GBP'" "$TMP/err")" "1"
printf '[columns]\nno_such = x\n' > "$TMP/bad.map"
expect_exit 3 "malformed map file" "$BIN" run --map "$TMP/bad.map" -o "$TMP/x" "$FIX/demo/sample-manifest.csv"
expect_eq "malformed map file: names the line" "$(grep -c "bad.map:line 2: not a canonical column" "$TMP/err")" "1"
# a rename that fails (a directory where a lane file goes; as root too)
mkdir -p "$TMP/rename/release.csv.gz/in-the-way"
expect_exit 4 "rename fails" "$BIN" run -o "$TMP/rename" "$FIX/demo/sample-manifest.csv"
expect_eq "rename fails: message" "$(grep -c "cannot rename .*release.csv.gz': Is a directory" "$TMP/err")" "1"
expect_eq "rename fails: nothing published" "$(ls -A "$TMP/rename" | tr '\n' ' ')" ".parcelclear.lock release.csv.gz "
: > "$TMP/a-file"
expect_exit 4 "output directory is a file" "$BIN" run -o "$TMP/a-file" "$FIX/demo/sample-manifest.csv"

# Every status of the README's exit table was produced by some test above
# (expect_exit records each; the signal test of e2e_output.sh adds 130, 143).
for st in $(sed -n 's/^| \([0-9][0-9, ]*\) | .*/\1/p' README.md | tr ',' ' '); do
	if grep -qx "$st" "$TMP/exit-statuses"; then ok
	elif grep -qx "skipped $st" "$TMP/exit-statuses"; then
		echo "SKIP: exit status $st not produced (the signal came too late)" >&2
	else bad "exit status $st of the README's table: no test produces it"; fi
done

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

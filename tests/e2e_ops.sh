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

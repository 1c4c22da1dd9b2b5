# Data faults of the new-user walkthrough, sourced by
# tests/e2e.sh: no physical line lost, dates always checked, screening
# only across a customs border, no stdin copy left after SIGKILL.

# py_summary DIR EXPR: a value of DIR/summary.json (Python expression on s).
py_summary() {
	python3 -c 'import json, sys; s = json.load(open(sys.argv[1] + "/summary.json")); print(eval(sys.argv[2]))' "$1" "$2"
}

# raw_field DIR TRACKING COLUMN: a column of TRACKING's first lane record,
# newlines included (field_of keeps the first line only).
raw_field() {
	for f in release declare hold reject; do gzip -dc "$1/$f.csv.gz"; done |
	    python3 -c '
import csv, sys
for row in csv.reader(sys.stdin):
    if row[0] == "tracking_number":
        h = row
    elif row[0] == sys.argv[1]:
        sys.stdout.write(row[h.index(sys.argv[2])]); break' "$2" "$3"
}

# --- an unterminated quote: the swallowed lines stay in the outputs ------
U=$TMP/data-unterminated
expect_exit 0 "unterminated quote run" "$BIN" run --profile valuation -o "$U" "$FIX/faults/unterminated-quote-swallows-parcels.csv"
balanced "$U"
# 5 physical lines: header, T1, T2 and the 2 lines its quote swallowed
expect_eq "summary counts physical lines" "$(py_summary "$U" 's["inputs"][0]["lines"]')" "5"
expect_eq "summary counts swallowed lines" "$(py_summary "$U" 's["inputs"][0]["lines_swallowed"]')" "2"
expect_eq "every line accounted for (1 + records + swallowed)" "$(py_summary "$U" '1 + s["records_in"] + s["inputs"][0]["lines_swallowed"] + s["blank_lines"]')" "5"
expect_eq "raw text of the swallowed parcels kept" "$(raw_field "$U" T2 description)" '"never closed,610910,25.00,EUR
T3,CN,FR,69003,2024-03-12,wool scarf,611710,20.00,EUR
T4,CN,FR,69003,2024-03-12,silk tie,611510,15.00,EUR'
# check mode names the same reasons
expect_exit 1 "unterminated quote check" "$BIN" check --profile valuation "$FIX/faults/unterminated-quote-swallows-parcels.csv"
expect_eq "check reports CSV_LINES_SWALLOWED" "$(grep -c 'CSV_LINES_SWALLOWED' "$TMP/out")" "1"

# --- a stray quote: the rest of the line is kept as it is in the file ----
S=$TMP/data-stray
expect_exit 0 "stray quote run" "$BIN" run --profile valuation -o "$S" "$FIX/faults/stray-quote.csv"
expect_eq "stray quote raw text" "$(field_of "$S" T2 description)" '12" vinyl,610910,25.00,EUR'
expect_eq "stray quote after a quoted word" "$(field_of "$S" T3 description)" '"boxed" set,610910,25.00,EUR'

# --- an oversized field: its first 65536 bytes, and the fields after it --
B=$TMP/data-big
expect_exit 0 "field over 64k run" "$BIN" run --profile valuation -o "$B" "$FIX/faults/field-over-64k.csv"
expect_eq "oversized field kept to the cap" "$(field_of "$B" T2 description | wc -c | tr -d ' ')" "65537"

# --- a quoted field over the cap with line breaks: no record from inside it
Q=$TMP/data-long-quoted
expect_exit 0 "long quoted field run" "$BIN" run --profile valuation -o "$Q" "$FIX/faults/quoted-field-over-64k-line-breaks.csv"
balanced "$Q"
expect_eq "long quoted field: the records of the file" "$(py_summary "$Q" 's["records_in"]')" "2"
expect_eq "long quoted field: no phantom parcel" "$(lane_of "$Q" PHANTOM)" ""
expect_eq "long quoted field: lines it ran over" "$(py_summary "$Q" 's["inputs"][0]["lines_swallowed"]')" "2"

# --- CRLF, a lone LF and a lone CR each end one line ---------------------
M=$TMP/data-mixed-ends
expect_exit 0 "mixed line ends run" "$BIN" run --profile valuation -o "$M" "$FIX/faults/mixed-line-endings.csv"
expect_eq "mixed line ends: lines" "$(py_summary "$M" 's["inputs"][0]["lines"]')" "7"
expect_eq "mixed line ends: T4 on line 7" "$(field_of "$M" T4 line)" "7"

# --- dates: the run date is recorded and judges the future -----------------
today=$(date -u +%Y-%m-%d)
tomorrow=$(date -u -d tomorrow +%Y-%m-%d 2>/dev/null || echo 9999-12-31)
sed -n 1p "$FIX/faults/dates-future-and-invalid.csv" > "$TMP/dates-run.csv"
echo "R1,CN,FR,69003,$today,cotton shirt,610910,25.00,EUR" >> "$TMP/dates-run.csv"
echo "R2,CN,FR,69003,$tomorrow,cotton shirt,610910,25.00,EUR" >> "$TMP/dates-run.csv"
R=$TMP/data-dates
expect_exit 0 "dates run" "$BIN" run --profile valuation -o "$R" "$TMP/dates-run.csv"
expect_eq "run_date recorded" "$(py_summary "$R" 's["run_date"]')" "$today"
expect_eq "dated today: judged" "$(lane_of "$R" R1)" "release"
expect_eq "dated tomorrow: DATE_IN_FUTURE" "$(reasons_of "$R" R2)" "DATE_IN_FUTURE@date"
expect_exit 0 "verify replays with the recorded run date" "$BIN" verify "$R/summary.json"
# a summary recorded on an earlier day: verify judges as of that day
python3 -c 'import json, sys
p = sys.argv[1] + "/summary.json"; s = json.load(open(p)); s["run_date"] = "2024-01-01"
json.dump(s, open(p, "w"), indent=2)' "$R"
expect_exit 1 "verify uses summary run_date" "$BIN" verify "$R/summary.json"

# --- screening: ivory the colour, domestic parcels -------------------------
UCI=$FIX/../../shared/data/real/online_retail/sketchy_OnlineRetail_head.csv
[ -f "$UCI" ] || UCI=$FIX/../../../shared/data/real/online_retail/sketchy_OnlineRetail_head.csv
if [ -f "$UCI" ]; then
	expect_exit 0 "README UCI example" "$BIN" run --profile valuation --map "$FIX/../data/maps/uci-online-retail.map" -o "$TMP/data-uci" "$UCI"
	# 999 records: 965 release, 0 hold, 11 reject, 23 duplicates
	expect_eq "UCI example: nothing held for the colour ivory" "$(py_summary "$TMP/data-uci" 's["records_out"]["hold"]')" "0"
	expect_eq "UCI example: released" "$(py_summary "$TMP/data-uci" 's["records_out"]["release"]')" "965"
fi

# --- SIGKILL leaves no copy of standard input ------------------------
mkdir -p "$TMP/spool"
( (sleep 3; cat "$FIX/demo/sample-manifest.csv") | TMPDIR=$TMP/spool timeout -s KILL 1 "$BIN" run -o "$TMP/data-kill" - >/dev/null 2>&1 ) 2>/dev/null
expect_eq "SIGKILL while reading stdin leaves TMPDIR empty" "$(ls -A "$TMP/spool")" ""
TMPDIR=$TMP/spool "$BIN" run -o "$TMP/data-stdin" - < "$FIX/demo/sample-manifest.csv" >/dev/null 2>&1
expect_eq "stdin run exit" "$?" "0"
expect_eq "stdin run leaves TMPDIR empty" "$(ls -A "$TMP/spool")" ""
balanced "$TMP/data-stdin"

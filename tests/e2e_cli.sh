# End-to-end cases of the command line's rough edges (#6): verify replays
# every recorded option and checks the outputs beside summary.json; check
# takes run's decision options; usage errors. Sourced by tests/e2e.sh.

# --- verify: every option that changes the outputs is replayed ----------
C=$TMP/cli
mkdir -p "$C/in" "$C/lists"
cp "$FIX/demo/sample-manifest.csv" "$C/in/s.csv"
cp "$FIX/faults/encoding-cp1252.csv" "$C/in/cp.csv"
cp "$FIX/faults/delimiter-semicolon-decimal-comma.csv" "$C/in/semi.csv"
cp "$FIX/online-retail/uci-excerpt.csv" "$C/in/u.csv"
cp "$PWD/data/maps/uci-online-retail.map" "$C/in/u.map"
cp "$PWD"/data/lists/*.csv "$C/lists/"
# a list that rejects three whole descriptions of the demo (any country)
cat > "$C/lists/zz-test.csv" <<'CSV'
id,code,pattern,scope,match,action,jurisdiction,valid_from,valid_to,min_value,source
t-001,VAGUE_DESCRIPTION,silk scarf|paperback novel|camping tent,description,standalone,reject,*,2000-01-01,,,e2e test list
CSV

# verify_option NAME OPTION...: run with OPTION... from $C, then verify
# the unmodified batch: exit 0
verify_option() {
	name=$1
	shift
	rm -rf "$C/out-$name"
	(cd "$C" && "$BIN" run -o "out-$name" "$@") 2>/dev/null
	expect_exit 0 "verify replays $name" "$BIN" verify "$C/out-$name/summary.json"
}
verify_option encoding --profile valuation --encoding cp1252 in/cp.csv
verify_option decimal-comma --profile valuation --decimal-comma in/semi.csv
verify_option delimiter --profile valuation --delimiter ";" --decimal-comma in/semi.csv
verify_option lists --lists lists in/s.csv
verify_option hold-score --hold-score 20 in/s.csv
verify_option near-band --near-band 5000 in/s.csv
verify_option profile --profile valuation --map in/u.map in/u.csv
verify_option as-of --as-of 2024-03-12 in/s.csv
verify_option maps --profile valuation --map none in/s.csv --map in/u.map in/u.csv
# what the summary records: given options as given, the rest null
expect_eq "summary records encoding, delimiter, decimal comma" "$(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["options"]
print(o["encoding"], o["delimiter"], o["decimal_comma"], o["lists"], o["hold_score"], o["near_band_bp"])' "$C/out-encoding/summary.json") $(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["options"]
print(o["delimiter"], o["decimal_comma"])' "$C/out-delimiter/summary.json")" \
    "cp1252 None False None None None ; True"
expect_eq "summary records hold score and near band" "$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["options"]["hold_score"], json.load(open(sys.argv[2]))["options"]["near_band_bp"])' \
    "$C/out-hold-score/summary.json" "$C/out-near-band/summary.json")" "20 5000"
# the six list files of --lists, each with its SHA-256, as data files
expect_eq "summary records each list file" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["options"]["lists"], " ".join(d["option"] + ":" + d["source"] for d in s["data_files"]))' "$C/out-lists/summary.json")" \
    "lists lists:lists/ipr-watch.csv lists:lists/prohibited-goods.csv lists:lists/relief-excluded.csv lists:lists/restricted-goods.csv lists:lists/vague-descriptions.csv lists:lists/zz-test.csv"
expect_eq "list digest recorded" "$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["data_files"][5]["sha256"])' "$C/out-lists/summary.json")" \
    "$(sha256sum "$C/lists/zz-test.csv" | cut -d' ' -f1)"

# a changed or missing list file: exit 3 naming it, not the shipped lists
cp "$C/lists/zz-test.csv" "$C/zz-test.saved"
echo "t-002,VAGUE_DESCRIPTION,cotton socks five pairs,description,standalone,reject,*,2000-01-01,,,x" >> "$C/lists/zz-test.csv"
expect_exit 3 "verify list file changed" "$BIN" verify "$C/out-lists/summary.json"
expect_eq "verify names the changed list file" "$(grep -c "'lists/zz-test.csv' changed: sha256 was " "$TMP/err")" "1"
rm "$C/lists/zz-test.csv"
expect_exit 3 "verify list file missing" "$BIN" verify "$C/out-lists/summary.json"
expect_eq "verify names the missing list file" "$(grep -c "'lists/zz-test.csv' is missing" "$TMP/err")" "1"
mv "$C/zz-test.saved" "$C/lists/zz-test.csv"
expect_exit 0 "verify list file restored" "$BIN" verify "$C/out-lists/summary.json"

# --- verify: the output files beside summary.json -----------------------
O=$C/out-as-of
echo x | gzip > "$O/release.csv.gz"
expect_exit 1 "verify replaced output" "$BIN" verify "$O/summary.json"
expect_eq "verify names the replaced output" "$(grep -c "output '$O/release.csv.gz' changed: sha256 was " "$TMP/err")" "1"
rm "$O/hold.csv.gz"
expect_exit 1 "verify deleted output" "$BIN" verify "$O/summary.json"
expect_eq "verify names the deleted output" "$(grep -c "output '$O/hold.csv.gz' is missing" "$TMP/err")" "1"
expect_eq "verify counts both outputs" "$(grep -c "2 output file(s) beside the summary missing or changed" "$TMP/err")" "1"
# a summary copied away from its outputs: all five outputs missing
cp "$C/out-near-band/summary.json" "$C/copied.json"
expect_exit 1 "verify summary without outputs" "$BIN" verify "$C/copied.json"
expect_eq "verify names every missing output" "$(grep -c "output '$C/.*' is missing" "$TMP/err")" "5"

# --- verify: a batch read from standard input ---------------------------
(cd "$C" && "$BIN" run -o out-stdin - < in/s.csv) 2>/dev/null
expect_exit 3 "verify stdin batch" "$BIN" verify "$C/out-stdin/summary.json"
expect_eq "verify says stdin cannot be re-read" "$(grep -c "input '-' was standard input, which cannot be read again" "$TMP/err")" "1"

# --- check takes run's decision options ---------------------------------
# --lists adds reject stop words (records 11 'paperback novel' and 21
# 'silk scarf'); --hold-score 20 holds LX100000035CN (record 9: CHECK_DIGIT
# 10 + VAGUE_TERM 10 = 20) instead of rejecting it; record 10 (no HS code)
# stays rejected. run and check must reject the same records: 10 11 21.
expect_exit 1 "check with --lists --hold-score" "$BIN" check --lists "$C/lists" --hold-score 20 "$C/in/s.csv"
expect_eq "check rejects what run rejects (hand-worked)" \
    "$(cut -d: -f2 "$TMP/out" | tr '\n' ' ')" "10 11 21 "
(cd "$C" && "$BIN" run --lists lists --hold-score 20 -o out-cr in/s.csv) 2>/dev/null
expect_eq "run rejects the same records with the same reasons" "$(gzip -dc "$C/out-cr/reject.csv.gz" | python3 -c '
import csv, sys
r = csv.reader(sys.stdin)
h = next(r)
print(" ".join(row[h.index("record")] + ":" + row[h.index("reasons")] for row in r))')" \
    "$(sed 's/^[^:]*:\([0-9]*\):[0-9]*:[0-9]*: \([^:]*\):.*/\1:\2/' "$TMP/out" | tr '\n' ' ' | sed 's/ $//')"
expect_exit 1 "check with --near-band" "$BIN" check --near-band 5000 "$C/in/s.csv"
expect_exit 2 "check bad --hold-score" "$BIN" check --hold-score 0 "$C/in/s.csv"
expect_eq "check bad --hold-score message" "$(cat "$TMP/err")" "parcelclear: check: --hold-score must be 1 to 1000000"

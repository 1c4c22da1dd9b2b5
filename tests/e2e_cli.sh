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

# --- a FIFO or a pipe: spooled like stdin (read once), not verifiable ---
mkfifo "$C/fifo"
cat "$C/in/s.csv" > "$C/fifo" &
expect_exit 0 "run from a FIFO" timeout 20 "$BIN" run -o "$C/out-fifo" "$C/fifo"
wait
expect_eq "FIFO: records as from the file" "$(grep -c '"records_in": ' "$C/out-fifo/summary.json")" "1"
expect_eq "FIFO: marked spooled" "$(grep -c '"spooled": true' "$C/out-fifo/summary.json")" "1"
expect_eq "FIFO: digest of its bytes" "$(grep -c "$(sha256sum < "$C/in/s.csv" | cut -c1-64)" "$C/out-fifo/summary.json")" "1"
expect_exit 3 "verify FIFO batch" "$BIN" verify "$C/out-fifo/summary.json"
expect_eq "verify says a FIFO cannot be verified" "$(grep -c "could be read only once (standard input, a FIFO or a pipe)" "$TMP/err")" "1"
# a signal while the run waits on a FIFO with no writer, or on an idle one
mkfifo "$C/fifo2"
"$BIN" run -o "$C/out-fifo2" "$C/fifo2" 2> "$TMP/err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
expect_eq "SIGINT while opening a FIFO: 130" "$?" "130"
( printf 'tracking_number\n'; sleep 4 ) > "$C/fifo2" &
wpid=$!
"$BIN" run -o "$C/out-fifo3" "$C/fifo2" 2> "$TMP/err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
expect_eq "SIGTERM while reading an idle FIFO: 143" "$?" "143"
wait "$wpid" 2>/dev/null
if [ -e "$C/out-fifo3/summary.json" ]; then bad "an interrupted FIFO run published"; else ok; fi
if command -v bash >/dev/null 2>&1; then
	expect_exit 0 "run from a process substitution" bash -c '"$1" run -o "$2" <(cat "$3")' sh "$BIN" "$C/out-procsub" "$C/in/s.csv"
	expect_eq "process substitution: marked spooled" "$(grep -c '"spooled": true' "$C/out-procsub/summary.json")" "1"
fi

# --- check takes run's decision options ---------------------------------
# --lists adds reject stop words (records 11 'paperback novel' and 21
# 'silk scarf'); --hold-score 20 holds LX100000035CN (record 9: CHECK_DIGIT
# 10 + VAGUE_TERM 10 = 20) instead of rejecting it; record 10 (no HS code)
# stays rejected. Record 11 is a GB->GB parcel: no customs border, so it
# is not screened (#3) and not rejected. run and check must reject the
# same records: 10 21.
expect_exit 1 "check with --lists --hold-score" "$BIN" check --lists "$C/lists" --hold-score 20 "$C/in/s.csv"
expect_eq "check rejects what run rejects (hand-worked)" \
    "$(cut -d: -f2 "$TMP/out" | tr '\n' ' ')" "10 21 "
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

# --- a long list of missing columns ends with "and N more" (#6) --------
# read with ',' the semicolon file is one unknown column: all 14 columns
# the wco profile requires are missing; 9 whole names fit, then the count
expect_exit 3 "missing columns message" "$BIN" run --delimiter , -o "$C/dz" "$C/in/semi.csv"
expect_eq "missing columns: whole names, then and N more" "$(sed 's/.*: required/required/' "$TMP/err")" \
    "required columns 'tracking_number', 'consignor_name', 'consignor_address', 'consignor_country', 'consignee_name', 'consignee_address', 'consignee_country', 'date', 'description', and 5 more are missing (profile wco)"

# --- explain: every code the outputs carry ------------------------------
expect_exit 0 "explain EXACT_DUPLICATE" "$BIN" explain EXACT_DUPLICATE
expect_eq "EXACT_DUPLICATE lane" "$(sed -n 's/^  lane: *//p' "$TMP/out")" "duplicates"
expect_exit 0 "explain PARCEL_INCOMPLETE" "$BIN" explain PARCEL_INCOMPLETE
expect_eq "PARCEL_INCOMPLETE lane" "$(sed -n 's/^  lane: *//p' "$TMP/out")" "reject"
expect_exit 0 "explain --list" "$BIN" explain --list
expect_eq "explain --list has both" "$(grep -c '^EXACT_DUPLICATE \|^PARCEL_INCOMPLETE ' "$TMP/out")" "2"
# every reasons value of the demo's lanes and duplicates is explained
gzip -dc "$C/out-as-of/declare.csv.gz" "$C/out-as-of/reject.csv.gz" \
    "$C/out-as-of/duplicates.csv.gz" "$C/out-lists/hold.csv.gz" | python3 -c '
import csv, sys
i = None
for row in csv.reader(sys.stdin):
    if row and row[0] == "tracking_number":
        i = row.index("reasons")
    elif i is not None and len(row) > i and row[i]:
        for r in row[i].split(";"):
            print(r)' | sort -u > "$TMP/codes"
n=0
while IFS= read -r code; do
	"$BIN" explain "$code" >/dev/null 2>&1 || { bad "explain $code: not a reason code"; n=1; }
done < "$TMP/codes"
[ "$n" -eq 0 ] && ok

# --- rules: COUNTRY as run judges it; --check validates jurisdictions ---
expect_exit 2 "rules lowercase country" "$BIN" rules --as-of 2024-03-12 fr
expect_eq "rules lowercase message" "$(grep -c "lowercase country 'fr'" "$TMP/err")" "1"
expect_exit 2 "rules unknown country" "$BIN" rules --as-of 2024-03-12 XX
expect_eq "rules unknown message" "$(grep -c "unknown country 'XX'" "$TMP/err")" "1"
expect_exit 0 "rules union as country" "$BIN" rules --as-of 2024-03-12 EU
expect_exit 0 "rules FR" "$BIN" rules --as-of 2024-03-12 FR
# FR: its own rules and the EU's in force on 2024-03-12 (eu-duty-2008, eu-vat-2021)
expect_eq "rules FR shows the EU rules" "$(grep -c '^eu-duty-2008 \|^eu-vat-2021 ' "$TMP/out")" "2"
for j in XQ ZZ EUX; do
	sed "16s/,GB,/,$j,/" "$PWD/data/rules/de-minimis.csv" > "$C/r-$j.csv"
	expect_exit 1 "rules --check jurisdiction $j" "$BIN" rules --check "$C/r-$j.csv"
	expect_eq "rules --check names $j" "$(grep -c "line 16:column 'jurisdiction': unknown jurisdiction '$j'" "$TMP/err")" "1"
done
: > "$C/r-empty.csv"
expect_exit 1 "rules --check empty file" "$BIN" rules --check "$C/r-empty.csv"
expect_eq "rules --check empty says no rules" "$(grep -c "no rules" "$TMP/err")" "1"
grep -v '^#' "$PWD/data/rules/de-minimis.csv" | head -n 1 > "$C/r-header.csv"
expect_exit 1 "rules --check header only" "$BIN" rules --check "$C/r-header.csv"
expect_eq "rules --check header only says no rules" "$(grep -c "no rules" "$TMP/err")" "1"
expect_exit 2 "rules --check with COUNTRY" "$BIN" rules --check "$PWD/data/rules/de-minimis.csv" FR
expect_eq "rules --check with COUNTRY says why" "$(grep -c "takes no COUNTRY" "$TMP/err")" "1"
printf 'date,currency,rate\n2024-03-01,QQQ,1.5\n' > "$C/fx-qqq.csv"
expect_exit 3 "--fx unknown currency" "$BIN" run --fx "$C/fx-qqq.csv" -o "$C/fq" "$C/in/s.csv"
expect_eq "--fx unknown currency named" "$(grep -c "line 2:column 'currency': .*unknown currency 'QQQ'" "$TMP/err")" "1"
printf 'Date,USD,QQQ,\n2024-03-01,1.08,2,\n' > "$C/fx-qqq-wide.csv"
expect_exit 3 "--fx unknown currency (ECB layout)" "$BIN" run --fx "$C/fx-qqq-wide.csv" -o "$C/fq" "$C/in/s.csv"
# the shipped ECB history (ROL, TRL, CYP ... withdrawn codes) still loads
expect_exit 0 "--fx the shipped ECB file" "$BIN" run --fx "$PWD/data/fx/ecb-eurofxref-hist.csv" -o "$C/fq" "$C/in/s.csv"

# --- usage errors say what is wrong (exit 2) ----------------------------
expect_exit 2 "run -o empty" "$BIN" run -o "" "$C/in/s.csv"
expect_eq "run -o empty message" "$(head -n 1 "$TMP/err")" "parcelclear: run: -o needs a directory name, not an empty string"
expect_exit 2 "run without -o" "$BIN" run "$C/in/s.csv"
expect_eq "run without -o message" "$(head -n 1 "$TMP/err")" "parcelclear: run: -o OUTDIR is missing"
expect_exit 2 "run -o twice" "$BIN" run -o "$C/o1" -o "$C/o2" "$C/in/s.csv"
expect_eq "run -o twice message" "$(head -n 1 "$TMP/err")" "parcelclear: run: -o given more than once"
expect_eq "run -o twice wrote nothing" "$(ls -d "$C/o1" "$C/o2" 2>/dev/null)" ""
expect_exit 2 "run no manifest" "$BIN" run -o "$C/o1"
expect_eq "run no manifest message" "$(head -n 1 "$TMP/err")" "parcelclear: run: no MANIFEST given"
expect_exit 2 "max-reject-rate 7 decimals" "$BIN" run --max-reject-rate 0.1234567 -o "$C/o1" "$C/in/s.csv"
expect_eq "max-reject-rate message" "$(cat "$TMP/err")" "parcelclear: run: --max-reject-rate must be a decimal from 0 to 1 with at most 6 decimals"
expect_exit 1 "max-reject-rate 6 decimals" "$BIN" run --max-reject-rate 0.123456 -o "$C/o1" "$C/in/s.csv"
expect_exit 2 "check --max-errors -1" "$BIN" check --max-errors -1 "$C/in/s.csv"
expect_eq "max-errors message" "$(cat "$TMP/err")" "parcelclear: check: --max-errors must be a whole number, 0 or more (0: no limit)"
expect_exit 0 "help help" "$BIN" help help
expect_eq "help help usage" "$(head -n 1 "$TMP/out")" "usage: parcelclear help [COMMAND]"
expect_exit 0 "help version" "$BIN" help version
expect_eq "help version usage" "$(head -n 1 "$TMP/out")" "usage: parcelclear version"
expect_exit 2 "version --bogus" "$BIN" version --bogus
expect_exit 0 "version" "$BIN" version

# --- the nightly wrapper: -d is a date; the log line is JSON ------------
expect_exit 2 "nightly -d not a date" env PARCELCLEAR="$BIN" sh scripts/parcelclear-nightly -d 'x"y' "$C/hub" "$C/hubout"
expect_eq "nightly -d message" "$(head -n 1 "$TMP/err")" "parcelclear-nightly: -d 'x\"y' is not a date YYYY-MM-DD"
expect_exit 2 "nightly -d 2024-02-30" env PARCELCLEAR="$BIN" sh scripts/parcelclear-nightly -d 2024-02-30 "$C/hub" "$C/hubout"
mkdir -p "$C/h\"u\\b/2024-03-12"
expect_exit 3 "nightly no manifests, odd INDIR" env PARCELCLEAR="$BIN" sh scripts/parcelclear-nightly -d 2024-03-12 "$C/h\"u\\b" "$C/hubout"
expect_eq "nightly log line is valid JSON" "$(python3 -c '
import json, sys
print(json.loads(sys.stdin.read())["message"])' < "$TMP/err")" "no manifests in $C/h\"u\\b/2024-03-12"

# --- make install ships the lists to copy from (#6) ---------------------
expect_eq "make install copies data/lists" "$(make -n install PREFIX="$C/prefix" 2>/dev/null | grep -c 'data/lists/\*.csv data/lists/README.md .*/share/parcelclear/lists/')" "1"

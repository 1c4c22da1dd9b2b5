# The two-stage first pass (#5), sourced by tests/e2e.sh: with -j 2 a
# worker thread binds, fingerprints, checks and screens batches of records
# while the main thread folds them into the indexes in input order; -j 1
# runs the same stages in one thread. Results must not tell them apart:
# many records, a malformed record and a cut gzip stream in the middle.

P=$TMP/pipe
mkdir -p "$P"
python3 "$(dirname "$0")/../scripts/gen-manifest" --rows 20000 --seed 9 -o "$P/m.csv"
# a stray quote in record 9001 (line 9002), between two batches of 256
awk 'NR == 9002 { sub(/,/, ",x\"y,") } { print }' "$P/m.csv" > "$P/bad.csv"
gzip -c "$P/bad.csv" > "$P/bad.csv.gz"
for j in 1 2; do
	expect_exit 0 "pipeline -j $j" "$BIN" run -j $j -o "$P/o$j" "$P/bad.csv.gz"
done
same_outputs "pipeline: a malformed record mid-file, -j 1 vs -j 2" "$P/o1" "$P/o2"
expect_eq "pipeline: the malformed record is rejected" \
    "$(zcat "$P/o2/reject.csv.gz" | grep -c 'CSV_QUOTE.*bad\.csv\.gz,9001,9002')" "1"
expect_eq "pipeline: every record is in a lane" \
    "$(sed -n 's/.*"records_in": \([0-9]*\).*/\1/p' "$P/o2/summary.json" | head -n 1)" "20000"

# a gzip stream cut in the middle: the same error, naming file and
# record, whatever -j; nothing published
n=$(wc -c < "$P/bad.csv.gz")
head -c $((n / 2)) "$P/bad.csv.gz" > "$P/cut.csv.gz"
for j in 1 2; do
	expect_exit 3 "pipeline: cut stream -j $j" "$BIN" run -j $j -o "$P/c$j" "$P/cut.csv.gz"
	cp "$TMP/err" "$P/cut$j.err"
	no_partial "$P/c$j" "pipeline: cut stream -j $j"
done
if grep -q "cut.csv.gz" "$P/cut2.err"; then ok; else bad "pipeline: cut stream message: $(cat "$P/cut2.err")"; fi
expect_eq "pipeline: cut stream, same message for -j 1 and -j 2" \
    "$(cat "$P/cut1.err")" "$(cat "$P/cut2.err")"

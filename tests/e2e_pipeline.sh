# The two-stage first pass, sourced by tests/e2e.sh: with -j 2 a
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
    "$(zcat "$P/o2/reject.csv.gz" | grep -c 'CSV_QUOTE.*,1,9001,9002,')" "1"
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

# wide records: a batch closes at 1 MiB of field text, so 300
# records of ~130 KB (each over one batch's worth at 8 of them) are held
# a few at a time, not 4 x 256 at once (about 160 MB before the cap)
head -n 301 "$P/m.csv" | awk -v pad="$(head -c 65000 /dev/zero | tr '\0' B)" \
    'NR == 1 { print; next } { print $0 "," pad "," pad }' | gzip -c > "$P/wide.csv.gz"
expect_exit 0 "pipeline: wide records" "$BIN" run -j 2 -o "$P/w" "$P/wide.csv.gz"
expect_eq "pipeline: wide records are rejected, not lost" \
    "$(zcat "$P/w/reject.csv.gz" | grep -c 'CSV_FIELD_COUNT')" "300"
case $BIN in
*asan*) ;;	# ASan's shadow and quarantine make RSS meaningless here
*)	rss=$(sed -n 's/.*"peak_rss_kib": \([0-9]*\).*/\1/p' "$P/w/summary.json")
	if [ "${rss:-0}" -gt 0 ] && [ "$rss" -lt 80000 ]; then ok; else
		bad "pipeline: wide records peak RSS ${rss:-?} KiB, want < 80000"; fi ;;
esac

# standard input is named "-" in errors, not the spool's /proc path
head -c 20000 "$P/bad.csv.gz" > "$P/short.csv.gz"
expect_exit 3 "pipeline: cut stream on stdin" sh -c "'$BIN' run -o '$P/s' - < '$P/short.csv.gz'"
if grep -q "^parcelclear: run: -:record " "$TMP/err"; then ok; else
	bad "pipeline: stdin error names '-': $(head -n 1 "$TMP/err")"; fi

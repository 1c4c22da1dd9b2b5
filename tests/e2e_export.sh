# End-to-end tests of --export (docs/exports.md), sourced by tests/e2e.sh.
# The golden files fixtures/expected/exports-batch.*.csv are worked by
# hand in fixtures/README.md ("exports/batch.csv").

X=$TMP/export
expect_exit 0 "export run -j 1" "$BIN" run -j 1 -o "$X/j1" --export h7,cn23 "$FIX/exports/batch.csv"
expect_exit 0 "export run -j 2" "$BIN" run -j 2 -o "$X/j2" --export cn23,h7 "$FIX/exports/batch.csv"
balanced "$X/j1"
for s in h7 cn23; do
	if gzip -dc "$X/j1/export-$s.csv.gz" | cmp -s - "$FIX/expected/exports-batch.$s.csv"; then ok; else
		bad "export-$s.csv.gz differs from fixtures/expected/exports-batch.$s.csv"
		gzip -dc "$X/j1/export-$s.csv.gz" | diff "$FIX/expected/exports-batch.$s.csv" - | head -10 >&2
	fi
	if cmp -s "$X/j1/export-$s.csv.gz" "$X/j2/export-$s.csv.gz"; then ok; else
		bad "export-$s.csv.gz differs between -j 1 and -j 2"; fi
	expect_eq "summary digest of export-$s" \
	    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["outputs"][sys.argv[2]]["sha256_uncompressed"])' "$X/j1/summary.json" "export-$s.csv.gz")" \
	    "$(gzip -dc "$X/j1/export-$s.csv.gz" | sha256sum | cut -d' ' -f1)"
done
expect_eq "summary records the exports in their own order" \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["options"]["exports"])' "$X/j2/summary.json")" "h7,cn23"
expect_eq "summary export rows" \
    "$(python3 -c 'import json, sys; o = json.load(open(sys.argv[1]))["outputs"]; print(o["export-h7.csv.gz"]["rows"], o["export-cn23.csv.gz"]["rows"])' "$X/j1/summary.json")" "6 3"
expect_exit 0 "verify replays the exports" "$BIN" verify "$X/j1/summary.json"
gzip -dc "$X/j1/export-cn23.csv.gz" | sed 's/Amy Clark/Amy Clerk/' | gzip -n > "$X/j1/cn23.tmp"
mv "$X/j1/cn23.tmp" "$X/j1/export-cn23.csv.gz"
expect_exit 1 "verify detects a changed export file" "$BIN" verify "$X/j1/summary.json"
if grep -q "export-cn23.csv.gz' changed" "$TMP/err"; then ok; else
	bad "verify names the changed export: $(cat "$TMP/err")"; fi

# one data set alone; none: no file, options.exports null
expect_exit 0 "export h7 only" "$BIN" run -o "$X/h7" --export h7 "$FIX/exports/batch.csv"
if [ -f "$X/h7/export-h7.csv.gz" ] && [ ! -e "$X/h7/export-cn23.csv.gz" ]; then ok; else
	bad "--export h7 writes export-h7.csv.gz alone"; fi
expect_exit 0 "no export" "$BIN" run -o "$X/none" "$FIX/exports/batch.csv"
if ls "$X/none" | grep -q '^export-'; then bad "an export without --export"; else ok; fi
expect_eq "no export recorded as null" \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["options"]["exports"])' "$X/none/summary.json")" "None"

# the option: unknown, repeated, not supported; check accepts it
expect_exit 2 "--export of an unknown data set" "$BIN" run -o "$X/bad" --export h8 "$FIX/exports/batch.csv"
expect_exit 2 "--export of a data set twice" "$BIN" run -o "$X/bad" --export h7,h7 "$FIX/exports/batch.csv"
expect_exit 2 "--export of a data set this release lacks" "$BIN" run -o "$X/bad" --export ace "$FIX/exports/batch.csv"
if grep -q "data set 'ace' is not supported" "$TMP/err"; then ok; else
	bad "--export ace message: $(cat "$TMP/err")"; fi
expect_exit 1 "check accepts --export" "$BIN" check --export h7,cn23 "$FIX/exports/batch.csv"

# a later run without a data set removes that data set's earlier file
expect_exit 0 "export cn23 over an h7 run" "$BIN" run -o "$X/h7" --export cn23 "$FIX/exports/batch.csv"
if [ ! -e "$X/h7/export-h7.csv.gz" ] && [ -f "$X/h7/export-cn23.csv.gz" ]; then ok; else
	bad "the earlier export-h7.csv.gz is left beside a run without it"; fi

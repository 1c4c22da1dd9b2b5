# End-to-end cases for issue #5 (performance), sourced by tests/e2e.sh:
# the lane files are byte-identical whatever the number of compression
# threads (-j), on the demo and on a generated manifest large enough to
# fill many 128 KiB compression chunks per lane.

# same_outputs NAME DIR1 DIR2: every lane file identical, byte for byte,
# and summary.json identical but for memory and seconds.
same_outputs() {
	for f in release declare hold reject duplicates; do
		if cmp -s "$2/$f.csv.gz" "$3/$f.csv.gz"; then ok; else
			bad "$1: $f.csv.gz differs"; fi
	done
	strip='/"memory"/,$d'
	if [ "$(sed "$strip" "$2/summary.json")" = "$(sed "$strip" "$3/summary.json")" ]
	then ok; else bad "$1: summary.json differs"; fi
}

expect_exit 0 "demo -j 1" "$BIN" run -j 1 -o "$TMP/j1" "$FIX/demo/sample-manifest.csv"
expect_exit 0 "demo -j 2" "$BIN" run -j 2 -o "$TMP/j2" "$FIX/demo/sample-manifest.csv"
same_outputs "demo -j 1 vs -j 2" "$TMP/j1" "$TMP/j2"
expect_exit 2 "-j 0 is a usage error" "$BIN" run -j 0 -o "$TMP/j0" "$FIX/demo/sample-manifest.csv"

G=$TMP/gen-50k.csv.gz
python3 "$(dirname "$0")/../scripts/gen-manifest" --rows 50000 --seed 5 --gzip -o "$G"
expect_exit 0 "50k -j 1" "$BIN" run -j 1 -o "$TMP/g1" "$G"
expect_exit 0 "50k -j 2" "$BIN" run -j 2 -o "$TMP/g2" "$G"
expect_exit 0 "50k -j 3" "$BIN" run -j 3 -o "$TMP/g3" "$G"
same_outputs "50k -j 1 vs -j 2" "$TMP/g1" "$TMP/g2"
same_outputs "50k -j 1 vs -j 3" "$TMP/g1" "$TMP/g3"
balanced "$TMP/g2"
# the release lane spans many chunks, so the parallel path was used
n=$(sed -n '/"release.csv.gz"/,/}/s/.*"bytes_uncompressed": \([0-9]*\).*/\1/p' "$TMP/g2/summary.json")
if [ "${n:-0}" -gt 1048576 ]; then ok; else bad "50k: release lane only ${n:-0} bytes"; fi

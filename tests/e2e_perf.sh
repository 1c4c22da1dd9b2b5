# End-to-end cases for performance, sourced by tests/e2e.sh:
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

# exact duplicates of item records are answered by the item index's
# first copies; a later copy with other content (a conflicting duplicate)
# still has its own exact duplicates. Item 1 of CD-A: 20.00 (first), 25.00
# (conflicting), 25.00 again and 20.00 again (both exact duplicates);
# CD-B: a row of a second input identical to one of the first.
DI=$TMP/dupitems
mkdir -p "$DI"
dih=$(head -n 1 "$FIX/risk/flags-hit-and-near-miss.csv")
di_row() {
	echo "$1,$2,,,Shenzhen Gadget Co,88 Keyuan Rd Nanshan,CN,Dan One,12 rue des Lilas,Lyon,69003,FR,,sale,,courier,2024-03-12,leather belt,420330,1,$3,EUR,0.50,CN"
}
{ echo "$dih"; di_row CD-A 1 20.00; di_row CD-A 1 25.00; di_row CD-A 1 25.00
  di_row CD-A 1 20.00; di_row CD-A 2 20.00; di_row CD-B 1 30.00; } > "$DI/a.csv"
{ echo "$dih"; di_row CD-B 1 30.00; di_row CD-B 2 31.00; } > "$DI/b.csv"
expect_exit 0 "item duplicates run" "$BIN" run -o "$DI/out" "$DI/a.csv" "$DI/b.csv"
balanced "$DI/out"
expect_eq "item duplicates: lanes of CD-A" "$(lane_of "$DI/out" CD-A)" "duplicates hold"
expect_eq "item duplicates: CD-A reasons" "$(reasons_of "$DI/out" CD-A)" "CONFLICTING_DUPLICATE@item_value"
expect_eq "item duplicates: CD-A rows in hold" \
    "$(gzip -dc "$DI/out/hold.csv.gz" | grep -c '^CD-A,')" "3"
expect_eq "item duplicates: CD-A rows in duplicates" \
    "$(gzip -dc "$DI/out/duplicates.csv.gz" | grep -c '^CD-A,')" "2"
expect_eq "item duplicates: CD-B across inputs" \
    "$(gzip -dc "$DI/out/duplicates.csv.gz" | grep -c '^CD-B,1,')" "1"
expect_eq "item duplicates: CD-B lanes" "$(lane_of "$DI/out" CD-B)" "duplicates release"

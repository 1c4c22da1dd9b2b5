# End-to-end cases of the lane compressor, sourced by tests/e2e.sh:
# `version` and summary.json name it; verify compares the uncompressed
# content, so lanes compressed by something else (gzip here; the other
# build when PCL_OTHER_BIN is set, as .ci/run does) still verify, and
# both builds write the same uncompressed lanes and summary.

CZ=$TMP/compressor
mkdir -p "$CZ"
LANES="release declare hold reject duplicates"

# compressor_of SUMMARY: "name version" from its "compressor" object
compressor_of() {
	python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))["compressor"]
print(c["name"], c["version"])' "$1"
}

# same_content NAME DIR1 DIR2: lanes identical once decompressed, and
# summary.json identical but for compressor, memory and seconds
same_content() {
	for f in $LANES; do
		if [ "$(gzip -dc "$2/$f.csv.gz" | sha256sum)" = \
		    "$(gzip -dc "$3/$f.csv.gz" | sha256sum)" ]; then ok; else
			bad "$1: $f.csv.gz content differs"; fi
	done
	strip='import json, sys
s = json.load(open(sys.argv[1]))
for k in ("compressor", "memory", "seconds"):
    s.pop(k, None)
print(json.dumps(s, sort_keys=True))'
	if [ "$(python3 -c "$strip" "$2/summary.json")" = \
	    "$(python3 -c "$strip" "$3/summary.json")" ]; then ok; else
		bad "$1: summary.json differs"; fi
}

expect_exit 0 "compressor: version" "$BIN" version
vline=$(sed -n 's/^lane compressor: //p' "$TMP/out")
case $vline in
"libdeflate "[0-9]*|"zlib "[0-9]*) ok ;;
*) bad "compressor: version names no lane compressor: '$vline'" ;;
esac
expect_exit 0 "compressor: demo run" "$BIN" run -o "$CZ/a" "$FIX/demo/sample-manifest.csv"
expect_eq "compressor: summary names the one of version" \
    "$(compressor_of "$CZ/a/summary.json")" "$vline"
expect_exit 0 "compressor: verify as written" "$BIN" verify "$CZ/a/summary.json"

# the same batch as another compressor would leave it: other .gz bytes
# (gzip -1, one member), another "compressor"; verify still passes
cp -R "$CZ/a" "$CZ/g"
for f in $LANES; do
	gzip -dc "$CZ/a/$f.csv.gz" | gzip -n -1 > "$CZ/g/$f.csv.gz"
done
python3 -c 'import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["compressor"] = {"name": "gzip", "version": "0"}
json.dump(s, open(p, "w"), indent=2)' "$CZ/g/summary.json"
if cmp -s "$CZ/a/release.csv.gz" "$CZ/g/release.csv.gz"; then
	bad "compressor: gzip -1 wrote the same bytes"; else ok; fi
expect_exit 0 "compressor: verify other .gz bytes" "$BIN" verify "$CZ/g/summary.json"
same_content "compressor: gzip copy" "$CZ/a" "$CZ/g"

# the other build (zlib against libdeflate), when given
if [ -n "${PCL_OTHER_BIN:-}" ]; then
	OB=$PCL_OTHER_BIN
	case $OB in /*) ;; *) OB=$PWD/$OB ;; esac
	G=$CZ/gen-20k.csv.gz
	python3 "$(dirname "$0")/../scripts/gen-manifest" --rows 20000 --seed 7 --gzip -o "$G"
	expect_exit 0 "compressor: 20k run" "$BIN" run -j 2 -o "$CZ/m" "$G"
	expect_exit 0 "compressor: 20k run, other build" "$OB" run -j 1 -o "$CZ/o" "$G"
	same_content "compressor: this build vs $OB" "$CZ/m" "$CZ/o"
	expect_exit 0 "compressor: verify other build's batch" "$BIN" verify "$CZ/o/summary.json"
	expect_exit 0 "compressor: other build verifies this batch" "$OB" verify "$CZ/m/summary.json"
fi

# Paths and formats, sourced by tests/e2e.sh: a run whose outputs would
# replace a file it reads is refused before any work (exit 2, nothing
# created or changed), and verify names the format of a batch it cannot
# compare (exit 3).

P=$TMP/paths
mkdir -p "$P/o2"
gzip -c "$FIX/demo/sample-manifest.csv" > "$P/o2/release.csv.gz"
before=$(cksum < "$P/o2/release.csv.gz")

# an input inside the output directory, named like a lane file
expect_exit 2 "input named like an output" "$BIN" run -o "$P/o2" "$P/o2/release.csv.gz"
if grep -q "output '.*release.csv.gz' is the input" "$TMP/err"; then ok; else
	bad "collision message: $(cat "$TMP/err")"; fi
expect_eq "the input is left as it was" "$(cksum < "$P/o2/release.csv.gz")" "$before"
expect_eq "no summary.json written" "$(ls "$P/o2")" "release.csv.gz"

# the same file through a symbolic link and a hard link
ln -s "$P/o2/release.csv.gz" "$P/sym.csv.gz"
ln "$P/o2/release.csv.gz" "$P/hard.csv.gz"
expect_exit 2 "input is a symlink to an output" "$BIN" run -o "$P/o2" "$P/sym.csv.gz"
expect_exit 2 "input is a hard link to an output" "$BIN" run -o "$P/o2" "$P/hard.csv.gz"
expect_eq "the input is still left as it was" "$(cksum < "$P/o2/release.csv.gz")" "$before"

# an input named like a temporary output an earlier run left: the run
# removes those, so it must refuse to read one
mkdir -p "$P/o5"
cp "$FIX/demo/sample-manifest.csv" "$P/o5/release.csv.gz.tmp.1"
expect_exit 2 "input named like a stale temporary output" "$BIN" run -o "$P/o5" "$P/o5/release.csv.gz.tmp.1"
if grep -q "temporary output of an earlier run" "$TMP/err"; then ok; else
	bad "stale-name message: $(cat "$TMP/err")"; fi
expect_eq "the stale-named input is still there" \
    "$(cksum < "$P/o5/release.csv.gz.tmp.1")" "$(cksum < "$FIX/demo/sample-manifest.csv")"
# a name that only looks like one (no pid) is neither refused nor removed
cp "$FIX/demo/sample-manifest.csv" "$P/o5/hold.csv.gz.tmp.x"
expect_exit 0 "a file named <lane>.tmp.x is an ordinary input" "$BIN" run -o "$P/o5" "$P/o5/hold.csv.gz.tmp.x"
if [ -e "$P/o5/hold.csv.gz.tmp.x" ]; then ok; else bad "hold.csv.gz.tmp.x was removed"; fi

# a data file the run reads (rules, map) in place of summary.json
mkdir -p "$P/o3"
cp "$FIX/demo/sample-manifest.csv" "$P/in.csv"
cp "$P/in.csv" "$P/o3/summary.json"
expect_exit 2 "rules file is the summary to write" "$BIN" run -o "$P/o3" --rules "$P/o3/summary.json" "$P/in.csv"
expect_exit 2 "map file is the summary to write" "$BIN" run -o "$P/o3" --map "$P/o3/summary.json" "$P/in.csv"

# --report naming a file of the batch, in a directory not there yet
expect_exit 2 "--report NEWDIR/summary.json" "$BIN" run -o "$P/new" --report "$P/new/summary.json" "$P/in.csv"
if [ -e "$P/new" ]; then bad "the refused run created $P/new"; else ok; fi
expect_exit 2 "--report names the lock" "$BIN" run -o "$P/new" --report "$P/new/./.parcelclear.lock" "$P/in.csv"
expect_exit 2 "--report names an input" "$BIN" run -o "$P/o4" --report "$P/in.csv" "$P/in.csv"
expect_exit 0 "a run with distinct paths" "$BIN" run -o "$P/o4" --report "$P/o4/report.html" "$P/in.csv"

# --- format_version: last lane column, summary key after "version" -------
expect_eq "lane header ends with format_version" \
    "$(gzip -dc "$P/o4/release.csv.gz" | head -n 1 | awk -F, '{ print $NF }')" "format_version"
expect_eq "every lane row is format 4" \
    "$(gzip -dc "$P/o4/release.csv.gz" | awk -F, 'NR > 1 { print $NF }' | sort -u)" "4"
expect_eq "summary format_version follows version" \
    "$(grep -A1 '"version"' "$P/o4/summary.json" | sed -n 2p)" '  "format_version": 4,'

# --- input: each lane row names its manifest by its place in "inputs" ---
# five-lines.csv (LX1...) is named first, night1.csv (LX2...) second
expect_exit 0 "two inputs" "$BIN" run --as-of 2024-03-12 -o "$P/o5" \
    "$FIX/demo/five-lines.csv" "$FIX/ledger/night1.csv"
expect_eq "summary inputs numbered 1 and 2, in command-line order" \
    "$(python3 -c 'import json, sys
print(" ".join("%d:%s" % (i["input"], i["source"].split("/")[-1]) for i in json.load(open(sys.argv[1]))["inputs"]))' "$P/o5/summary.json")" \
    "1:five-lines.csv 2:night1.csv"
expect_eq "lane rows: input 1 for LX1..., 2 for LX2..." \
    "$(for f in release declare hold reject duplicates; do gzip -dc "$P/o5/$f.csv.gz"; done | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
k = rows[0].index("input")
print(" ".join(sorted({r[0][:3] + "=" + r[k] for r in rows if r[0] != "tracking_number"})))')" \
    "LX1=1 LX2=2"

# verify of a batch in another format names the format and the release
sed 's/"format_version": 4/"format_version": 7/' "$P/o4/summary.json" > "$P/o4/other.json"
expect_exit 3 "verify of format 7" "$BIN" verify "$P/o4/other.json"
if grep -q "format 7, written by parcelclear" "$TMP/err"; then ok; else
	bad "verify format message: $(cat "$TMP/err")"; fi
grep -v '"format_version"' "$P/o4/summary.json" > "$P/o4/v1.json"
expect_exit 3 "verify of a format 1 batch" "$BIN" verify "$P/o4/v1.json"
if grep -q "format 1, written by parcelclear" "$TMP/err"; then ok; else
	bad "verify format 1 message: $(cat "$TMP/err")"; fi

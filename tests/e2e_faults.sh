# Fault corpus, sourced by tests/e2e.sh: runs every row of
# fixtures/faults/EXPECTED and checks exit status, lanes, reasons, line
# numbers and the summary's counts, or for a failed run the message and
# that nothing was published.

# fault_check DIR EXPECT...: checks the lane files and summary in DIR.
fault_check() {
	python3 - "$@" <<'PY'
import csv, gzip, json, sys
d, checks = sys.argv[1], sys.argv[2].split()
summ = json.load(open(d + "/summary.json"))
rows = {}
for lane in ("release", "declare", "hold", "reject", "duplicates"):
    with gzip.open(d + "/" + lane + ".csv.gz", "rt", newline="", errors="surrogateescape") as f:
        r = csv.reader(f)
        h = next(r)
        for x in r:
            rec = dict(zip(h, x))
            rows.setdefault(x[0], rec)
            rows["#" + rec["record"]] = rec
bad = 0
for c in checks:
    if "=" not in c:
        print("bad check " + c); bad += 1; continue
    k, want = c.split("=", 1)
    if k in ("records", "blank_lines"):
        got = str(summ["records_in" if k == "records" else k])
    elif k in ("delimiter", "delimiter_detected"):
        got = str(summ["inputs"][0][k]).lower()
    elif "." in k:
        key, col = k.split(".", 1)
        got = rows.get(key, {}).get(col, "absent")
    else:
        rec = rows.get(k)
        got = "absent" if rec is None else rec["lane"] + (
            ":" + rec["reasons"] if ":" in want else "")
    if got != want:
        print("%s: got %s, want %s" % (k, got, want)); bad += 1
if not summ["records_balanced"]:
    print("summary not balanced"); bad += 1
sys.exit(1 if bad else 0)
PY
}

FX_N=0
while IFS='	' read -r f opts want expect; do
	case $f in ''|'#'*) continue ;; esac
	FX_N=$((FX_N + 1))
	out=$TMP/fault-$FX_N
	[ "$opts" = "-" ] && opts=""
	# shellcheck disable=SC2086
	"$BIN" run --profile valuation $opts -o "$out" "$FIX/faults/$f" \
	    >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "fault $f: exit $got, want $want"
		sed 's/^/    /' "$TMP/err" >&2
		continue
	fi
	ok
	if [ "$want" -eq 0 ]; then
		if fault_check "$out" "$expect" >"$TMP/fc" 2>&1; then ok; else
			bad "fault $f:"; sed 's/^/    /' "$TMP/fc" >&2
		fi
	else
		if grep -qF -- "$expect" "$TMP/err"; then ok; else
			bad "fault $f: message lacks '$expect'"
			sed 's/^/    /' "$TMP/err" >&2
		fi
		if [ -z "$(ls "$out" 2>/dev/null)" ]; then ok; else
			bad "fault $f: published $(ls "$out" | tr '\n' ' ')"
		fi
	fi
done < "$FIX/faults/EXPECTED"

# The test-only publish delay (scripts/kill-test): the lanes are
# named on stderr in publish order, and the outputs are the same.
PCL_TEST_PUBLISH_DELAY_MS=1 "$BIN" run --profile valuation -o "$TMP/pubdelay" \
    "$FIX/faults/bom-utf8.csv" >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 0 ] && [ "$(sed -n 's/^parcelclear: run: test: published //p' "$TMP/err" | tr '\n' ' ')" = \
    "release.csv.gz declare.csv.gz reject.csv.gz hold.csv.gz duplicates.csv.gz " ] &&
    [ -f "$TMP/pubdelay/summary.json" ]; then ok; else
	bad "PCL_TEST_PUBLISH_DELAY_MS: publish order"; sed 's/^/    /' "$TMP/err" >&2
fi

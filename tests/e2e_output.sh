# Output side, sourced by tests/e2e.sh: the lock, signals, temporary
# files a killed run left, and a full disk. Uses a generated manifest big
# enough (60000 rows) that a run is still going when the test acts.

# no_partial DIR: no summary.json, no lane file, no temporary file.
no_partial() {
	left=$(ls "$1" 2>/dev/null | tr '\n' ' ')
	if [ -z "$left" ]; then ok; else bad "$2: left '$left' in $1"; fi
}

# tmp_left DIR: temporary files in DIR.
tmp_left() {
	ls "$1" 2>/dev/null | grep -E '\.tmp\.[0-9]+$' | tr '\n' ' '
}

BIG=$TMP/big.csv
python3 "$(dirname "$0")/../scripts/gen-manifest" --rows 60000 --seed 4 -o "$BIG"

# --- two runs on one directory: the second is refused (exit 5) ----------
L=$TMP/locked
"$BIN" run -o "$L" "$BIG" >/dev/null 2>"$TMP/first.err" &
first=$!
i=0
while [ ! -e "$L/.parcelclear.lock" ] && [ $i -lt 200 ]; do sleep 0.02; i=$((i + 1)); done
sleep 0.05
expect_exit 5 "second run on a locked directory" "$BIN" run -o "$L" "$FIX/demo/sample-manifest.csv"
if grep -q "is in use by another run" "$TMP/err"; then ok; else bad "lock message: $(cat "$TMP/err")"; fi
wait $first
expect_eq "first run completes despite the second" "$?" "0"
balanced "$L"
expect_eq "no temporary file after the locked run" "$(tmp_left "$L")" ""

# --- SIGTERM and SIGINT: exit 128+sig, nothing new published -------------
for sig in TERM INT; do
	S=$TMP/sig-$sig
	"$BIN" run -o "$S" "$FIX/demo/sample-manifest.csv" 2>/dev/null
	sum_before=$(cat "$S"/*.csv.gz "$S/summary.json" | cksum)
	rm -f "$S/.parcelclear.lock"
	# a shell runs background jobs with SIGINT ignored: restore it
	sh -c "trap - INT; exec \"$BIN\" run -o \"$S\" \"$BIG\"" >/dev/null 2>"$TMP/sig.err" &
	pid=$!
	# act once the run holds its lock, so a fast build is still reading
	i=0
	while [ ! -e "$S/.parcelclear.lock" ] && [ $i -lt 200 ]; do sleep 0.02; i=$((i + 1)); done
	sleep 0.1
	kill -$sig $pid
	wait $pid
	rc=$?
	want=$([ $sig = TERM ] && echo 143 || echo 130)
	if [ $rc -eq 0 ]; then
		echo "SKIP: SIG$sig arrived after the run had finished" >&2
		echo "skipped $want" >> "$TMP/exit-statuses"
		continue
	fi
	echo "$rc" >> "$TMP/exit-statuses"
	expect_eq "SIG$sig exit status" "$rc" "$want"
	if grep -q "interrupted by a signal" "$TMP/sig.err"; then ok; else bad "SIG$sig message: $(cat "$TMP/sig.err")"; fi
	expect_eq "SIG$sig: no temporary file" "$(tmp_left "$S")" ""
	expect_eq "SIG$sig: older outputs untouched" "$(cat "$S"/*.csv.gz "$S/summary.json" | cksum)" "$sum_before"
done

# --- temporary files of a killed run do not block the next run -----------
K=$TMP/stale
mkdir -p "$K"
for f in release.csv.gz.tmp.1 reject.csv.gz.tmp.99999 summary.json.tmp.7 "release.csv.gz.tmp.$$"; do
	echo partial > "$K/$f"
done
echo keep > "$K/notes.tmp.txt"
expect_exit 0 "run over stale temporary files" "$BIN" run -o "$K" "$FIX/demo/sample-manifest.csv"
expect_eq "stale temporary files removed" "$(tmp_left "$K")" ""
if [ -f "$K/notes.tmp.txt" ]; then ok; else bad "removed a file that is not ours"; fi
balanced "$K"

# --- disk full: exit 4, temporary files removed, nothing published ------
F=$TMP/full
mkdir -p "$F"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=200k tmpfs "$F" 2>/dev/null; then
	expect_exit 4 "disk full (ENOSPC on a 200 KiB tmpfs)" "$BIN" run -o "$F/out" "$BIG"
	how="ENOSPC"
else
	expect_exit 4 "file size limit (EFBIG)" sh -c "trap '' XFSZ; ulimit -f 200; exec \"$BIN\" run -o \"$F/out\" \"$BIG\""
	how="EFBIG"
fi
if grep -qiE "no space left|file too large" "$TMP/err"; then ok; else bad "$how message: $(cat "$TMP/err")"; fi
no_partial "$F/out" "$how"
mountpoint -q "$F" 2>/dev/null && umount "$F"

# --- verify stopped by SIGTERM or SIGINT: 128+sig, scratch dir removed ---
# verify re-runs the batch into a directory it makes in $TMPDIR; a private
# TMPDIR shows that nothing is left there once the signal has stopped it.
V=$TMP/verify-sig
"$BIN" run -o "$V/out" "$BIG" >/dev/null 2>&1
for sig in TERM INT; do
	VT=$V/tmp-$sig
	mkdir -p "$VT"
	sh -c "trap - INT; TMPDIR=\"$VT\" exec \"$BIN\" verify \"$V/out/summary.json\"" \
	    >/dev/null 2>"$TMP/vsig.err" &
	pid=$!
	i=0
	while ! ls "$VT" | grep -q '^parcelclear-verify\.' && [ $i -lt 250 ]; do
		sleep 0.02; i=$((i + 1))
	done
	sleep 0.2
	kill -$sig $pid
	wait $pid
	rc=$?
	want=$([ $sig = TERM ] && echo 143 || echo 130)
	if [ $rc -eq 0 ]; then
		echo "SKIP: SIG$sig arrived after verify had finished" >&2
		echo "skipped $want" >> "$TMP/exit-statuses"
		continue
	fi
	echo "$rc" >> "$TMP/exit-statuses"
	expect_eq "verify SIG$sig exit status" "$rc" "$want"
	if grep -q "stopped by signal" "$TMP/vsig.err"; then ok; else bad "verify SIG$sig message: $(cat "$TMP/vsig.err")"; fi
	expect_eq "verify SIG$sig: nothing left in TMPDIR" "$(ls -A "$VT")" ""
done

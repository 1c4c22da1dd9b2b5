# e2e_ledger: the clearance ledger (docs/ledger.md), sourced by e2e.sh.
# Three nights of fixtures/ledger (outcomes worked in fixtures/README.md):
# identical and changed re-sends, a re-send of a rejected parcel, a
# retried batch judged as the ledger stood before it, ledger find, the
# read-only check, the run lock (exit 5) and a pending batch rolled back.

LF=$FIX/ledger
LD=$TMP/ledger
mkdir -p "$LD"
DB=$LD/hub.db

# column $3 (default reasons) of tracking number $2 in lane file $1
ledger_reasons() {
	gzip -dc "$1" | python3 -c '
import csv, sys
r = csv.reader(sys.stdin)
h = next(r)
i = h.index(sys.argv[2])
for row in r:
    if row[0] == sys.argv[1]:
        print(row[i]); break' "$2" "${3:-reasons}"
}
# this batch's name in the ledger, from summary.json
ledger_batch() {
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ledger"]["batch"])' "$1/summary.json"
}
ledger_sql() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$1" "$2"
}

# night 1: A release, B declare, C rejected (currency EURO), D release
expect_exit 0 "ledger night 1" "$BIN" run --ledger "$DB" --as-of 2024-03-12 \
    -o "$LD/n1" "$LF/night1.csv"
N1=$(ledger_batch "$LD/n1")
expect_eq "ledger night 1: A" "$(lane_of "$LD/n1" LX200000010CN)" release
expect_eq "ledger night 1: B" "$(lane_of "$LD/n1" LX200000023CN)" declare
expect_eq "ledger night 1: C" "$(lane_of "$LD/n1" LX200000037CN)" reject
expect_eq "ledger night 1: D" "$(lane_of "$LD/n1" LX200000045CN)" release
expect_eq "ledger night 1: WAL mode" "$(ledger_sql "$DB" 'PRAGMA journal_mode')" wal
balanced "$LD/n1"

# night 2: A again, its two items in the other order: identical, to
# duplicates; B at 170.00 USD instead of 180.00: held; C corrected: a
# reject is not cleared, so judged fresh (release); E new
expect_exit 0 "ledger night 2" "$BIN" run --ledger "$DB" --as-of 2024-03-13 \
    -o "$LD/n2" "$LF/night2.csv"
N2=$(ledger_batch "$LD/n2")
expect_eq "ledger: batch names differ" "$([ "$N1" != "$N2" ] && echo y)" y
expect_eq "ledger night 2: A" "$(lane_of "$LD/n2" LX200000010CN)" duplicates
expect_eq "ledger night 2: A reasons" \
    "$(ledger_reasons "$LD/n2/duplicates.csv.gz" LX200000010CN)" \
    "RESENT_IDENTICAL@$N1/release;UNDER_THRESHOLD;VAT_DUE"
expect_eq "ledger night 2: A lane column" \
    "$(ledger_reasons "$LD/n2/duplicates.csv.gz" LX200000010CN lane)" \
    duplicate
expect_eq "ledger night 2: B" "$(lane_of "$LD/n2" LX200000023CN)" hold
expect_eq "ledger night 2: B reasons" "$(reasons_of "$LD/n2" LX200000023CN)" \
    "RESENT_CHANGED@$N1/declare"
expect_eq "ledger night 2: C judged fresh" "$(lane_of "$LD/n2" LX200000037CN)" release
expect_eq "ledger night 2: C no ledger reason" \
    "$(reasons_of "$LD/n2" LX200000037CN | grep -c RESENT)" 0
expect_eq "ledger night 2: E" "$(lane_of "$LD/n2" LX200000054CN)" release
balanced "$LD/n2"
expect_eq "ledger night 2: summary" "$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["ledger"]["resent_identical"], s["ledger"]["resent_changed"], s["records_out"]["duplicates"], s["parcels"]["release"])' "$LD/n2/summary.json")" \
    "1 1 2 2"

# the same night 2 without a ledger: nothing of the ledger's
expect_exit 0 "ledger: no ledger" "$BIN" run --as-of 2024-03-13 -o "$LD/n2x" \
    "$LF/night2.csv"
expect_eq "ledger: without it A is released" "$(lane_of "$LD/n2x" LX200000010CN)" release
expect_eq "ledger: without it no ledger key" \
    "$(grep -c '"ledger"' "$LD/n2x/summary.json")" 0

# check is read-only: the same verdicts, the ledger untouched
before=$(sha256sum "$DB" | cut -d' ' -f1)
expect_exit 0 "ledger: check night 3" "$BIN" check --ledger "$DB" \
    --as-of 2024-03-14 "$LF/night3.csv"
expect_eq "ledger: check leaves the ledger" "$(sha256sum "$DB" | cut -d' ' -f1)" "$before"
expect_exit 3 "ledger: check, no ledger file" "$BIN" check --ledger "$LD/none.db" \
    "$LF/night3.csv"
expect_eq "ledger: check creates nothing" "$([ -e "$LD/none.db" ] && echo y)" ""

# night 3: D identical to night 1's; C identical to night 2's (its
# newest clearance); B at 180.00 again: night 2's hold is its newest
# clearance, and it differs from that
expect_exit 0 "ledger night 3" "$BIN" run --ledger "$DB" --as-of 2024-03-14 \
    -o "$LD/n3" "$LF/night3.csv"
expect_eq "ledger night 3: D" \
    "$(ledger_reasons "$LD/n3/duplicates.csv.gz" LX200000045CN)" \
    "RESENT_IDENTICAL@$N1/release;UNDER_THRESHOLD;VAT_DUE"
expect_eq "ledger night 3: C" \
    "$(ledger_reasons "$LD/n3/duplicates.csv.gz" LX200000037CN | cut -d';' -f1)" \
    "RESENT_IDENTICAL@$N2/release"
expect_eq "ledger night 3: B" "$(reasons_of "$LD/n3" LX200000023CN)" \
    "RESENT_CHANGED@$N2/hold"
balanced "$LD/n3"

# night 2 retried after night 3: judged as the ledger stood before
# night 2 (C released again, not a duplicate of itself), the same lanes,
# and nothing recorded
expect_exit 0 "ledger: night 2 again" "$BIN" run --ledger "$DB" \
    --as-of 2024-03-13 -o "$LD/n2again" "$LF/night2.csv"
for f in release declare hold reject duplicates; do
	gzip -dc "$LD/n2/$f.csv.gz" > "$LD/a.csv"
	gzip -dc "$LD/n2again/$f.csv.gz" > "$LD/b.csv"
	if cmp -s "$LD/a.csv" "$LD/b.csv"; then ok; else
		bad "ledger: night 2 again: $f.csv.gz differs"; fi
done
expect_eq "ledger: night 2 again names night 2" "$(ledger_batch "$LD/n2again")" "$N2"
expect_eq "ledger: three batches" "$(ledger_sql "$DB" 'SELECT count(*) FROM batch')" 3

# ledger find: one line per batch that saw the number
expect_exit 0 "ledger find" "$BIN" ledger find --ledger "$DB" LX200000010CN
expect_eq "ledger find: lines" "$(cut -f1,4,6 "$TMP/out" | tr '\t' ' ' | tr '\n' '|')" \
    "$N1 LX200000010CN release|$N2 LX200000010CN duplicate|"
expect_exit 1 "ledger find: never seen" "$BIN" ledger find --ledger "$DB" LX200000068CN
expect_exit 0 "ledger batches" "$BIN" ledger batches --ledger "$DB"
expect_eq "ledger batches: lines" "$(wc -l < "$TMP/out" | tr -d ' ')" 3
expect_exit 0 "ledger show" "$BIN" ledger show --ledger "$DB" "$N2"
expect_eq "ledger show: lanes" "$(grep '^lane ' "$TMP/out" | tr '\n' '|')" \
    "lane duplicate: 1|lane hold: 1|lane release: 2|"
expect_exit 0 "ledger export" "$BIN" ledger export --ledger "$DB"
expect_eq "ledger export: rows" "$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))))' "$TMP/out")" 12
expect_exit 0 "ledger check" "$BIN" ledger check --ledger "$DB"
expect_exit 0 "ledger backup" "$BIN" ledger backup --ledger "$DB" "$LD/copy.db"
expect_eq "ledger backup: batches" "$(ledger_sql "$LD/copy.db" 'SELECT count(*) FROM batch')" 3
expect_exit 2 "ledger: no --ledger" "$BIN" ledger find LX200000010CN
expect_exit 2 "ledger: unknown subcommand" "$BIN" ledger frob --ledger "$DB"
# names and addresses are not stored
expect_eq "ledger: no names" "$(grep -c -a 'Dupont' "$DB")" 0

# a second run while the ledger is in use: exit 5 after the timeout
flock "$DB-lock" sleep 4 &
lockpid=$!
sleep 1
expect_exit 5 "ledger: busy" "$BIN" run --ledger "$DB" --ledger-timeout 1 \
    --as-of 2024-03-15 -o "$LD/busy" "$LF/night1.csv"
expect_eq "ledger: busy publishes nothing" "$([ -e "$LD/busy/summary.json" ] && echo y)" ""
wait "$lockpid"

# a pending batch whose outputs were never published is rolled back by
# the next run
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO batch (name, state, ident, run_date, created, inputs, options, outdir, summary, summary_sha256) VALUES (\x27crashed.1\x27, \x27pending\x27, \x27x\x27, \x272024-03-15\x27, \x27\x27, \x27[]\x27, \x27{}\x27, ?, \x27\x27, \x27none\x27)", (sys.argv[2],))
c.execute("INSERT INTO parcel (tracking, declarant, batch, date, lane, reasons, assessed, dest, content, consignee, counted, gift, value_minor, value_currency) SELECT \x27LX200000068CN\x27, (SELECT id FROM declarant WHERE name = \x27default\x27), (SELECT id FROM batch WHERE name = \x27crashed.1\x27), 19797, 0, (SELECT min(id) FROM reasons), \x27\x27, \x27FR\x27, 0, 0, 0, 0, 0, \x27\x27")
c.commit()' "$DB" "$LD/never"
expect_eq "ledger: a pending batch planted" \
    "$(ledger_sql "$DB" "SELECT count(*) FROM batch WHERE state = 'pending'")" 1
expect_exit 0 "ledger: run after a crash" "$BIN" run --ledger "$DB" \
    --as-of 2024-03-15 -o "$LD/n4" "$LF/night3.csv"
expect_eq "ledger: pending batch rolled back" \
    "$(ledger_sql "$DB" "SELECT count(*) FROM batch WHERE name = 'crashed.1' OR state = 'pending'")" 0
expect_exit 1 "ledger: its parcel is gone" "$BIN" ledger find --ledger "$DB" LX200000068CN

# verify replays a ledger batch against the ledger as it stood before
# it, read-only: night 1 and night 2 after night 3 (and more) has run
before=$(sha256sum "$DB" | cut -d' ' -f1)
expect_exit 0 "ledger: verify night 1 after night 3" "$BIN" verify "$LD/n1/summary.json"
expect_exit 0 "ledger: verify night 2 after night 3" "$BIN" verify "$LD/n2/summary.json"
expect_eq "ledger: verify leaves the ledger" "$(sha256sum "$DB" | cut -d' ' -f1)" "$before"
# once prune removed the history a batch was judged against: exit 3
expect_exit 0 "ledger prune" "$BIN" ledger prune --ledger "$DB" --before 2999-01-01
expect_exit 3 "ledger: verify after prune" "$BIN" verify "$LD/n2/summary.json"
expect_eq "ledger: verify after prune says so" "$(grep -c 'pruned' "$TMP/err")" 1

# two batches on one day: the consignee-day aggregate counts the parcels
# of the earlier batch (fixtures/README.md, ledger/day-a.csv, day-b.csv)
DB2=$LD/day.db
expect_exit 0 "ledger day: batch a" "$BIN" run --ledger "$DB2" --as-of 2024-03-12 \
    -o "$LD/da" "$LF/day-a.csv"
expect_eq "ledger day a: US-AGG-1" "$(lane_of "$LD/da" US-AGG-1)" release
expect_eq "ledger day a: EU-SPLIT-1" "$(lane_of "$LD/da" EU-SPLIT-1)" release
expect_exit 0 "ledger day: batch b" "$BIN" run --ledger "$DB2" --as-of 2024-03-12 \
    -o "$LD/db" "$LF/day-b.csv"
expect_eq "ledger day b: US-AGG-2 (500 + 500 > 800 USD)" \
    "$(lane_of "$LD/db" US-AGG-2) $(reasons_of "$LD/db" US-AGG-2)" \
    "declare AGGREGATE_OVER_THRESHOLD"
expect_eq "ledger day b: EU-SPLIT-2 (100 + 60 > 150 EUR)" \
    "$(lane_of "$LD/db" EU-SPLIT-2) $(reasons_of "$LD/db" EU-SPLIT-2 | cut -d';' -f1)" \
    "hold SUSPECTED_SPLITTING"
# batch b alone, without the ledger: each under its threshold
expect_exit 0 "ledger day: batch b alone" "$BIN" run --as-of 2024-03-12 \
    -o "$LD/dbx" "$LF/day-b.csv"
expect_eq "ledger day b alone" "$(lane_of "$LD/dbx" US-AGG-2) $(lane_of "$LD/dbx" EU-SPLIT-2)" \
    "release release"

# a cross-day split: two days later, the consignee's released parcel of
# batch a and this one are each under the threshold, together over it
expect_exit 0 "ledger day: batch c" "$BIN" run --ledger "$DB2" --as-of 2024-03-14 \
    -o "$LD/dc" "$LF/day-c.csv"
expect_eq "ledger day c: XDAY-US (500 + 400 > 800 USD)" \
    "$(lane_of "$LD/dc" XDAY-US) $(reasons_of "$LD/dc" XDAY-US) $(field_of "$LD/dc" XDAY-US risk_score)" \
    "release CROSS_DAY_SPLIT;UNDER_THRESHOLD 40"
expect_eq "ledger day c: XDAY-EU (100 + 60 > 150 EUR)" \
    "$(reasons_of "$LD/dc" XDAY-EU | cut -d';' -f1)" CROSS_DAY_SPLIT
expect_eq "ledger day c: XDAY-MISS (another consignee)" \
    "$(reasons_of "$LD/dc" XDAY-MISS | grep -c CROSS_DAY_SPLIT)" 0

# ledger seed: a hub adopting the ledger loads night 1 from its output
# directory (a run without a ledger); night 2 is then judged against it
DB3=$LD/seed.db
expect_exit 0 "ledger seed: night 1 without a ledger" "$BIN" run --as-of 2024-03-12 \
    -o "$LD/s1" "$LF/night1.csv"
expect_exit 0 "ledger seed" "$BIN" ledger seed --ledger "$DB3" --declarant HUB1 "$LD/s1"
expect_eq "ledger seed: seeded" "$(cut -f2 "$TMP/out")" seeded
S1=$(cut -f1 "$TMP/out")
expect_exit 0 "ledger seed again" "$BIN" ledger seed --ledger "$DB3" --declarant HUB1 "$LD/s1"
expect_eq "ledger seed again: left as it is" "$(cut -f2 "$TMP/out")" "seeded already"
expect_exit 0 "ledger seed: find" "$BIN" ledger find --ledger "$DB3" LX200000037CN
expect_eq "ledger seed: find C" "$(cut -f1,3,6 "$TMP/out" | tr '\t' ' ')" "$S1 HUB1 reject"
expect_exit 0 "ledger seed: night 2" "$BIN" run --ledger "$DB3" --declarant HUB1 \
    --as-of 2024-03-13 -o "$LD/s2" "$LF/night2.csv"
expect_eq "ledger seed: night 2 B" "$(reasons_of "$LD/s2" LX200000023CN)" \
    "RESENT_CHANGED@$S1/declare"
expect_eq "ledger seed: night 2 C judged fresh" "$(lane_of "$LD/s2" LX200000037CN)" release
# another declarant's numbers are other keys
expect_exit 0 "ledger seed: night 2, other declarant" "$BIN" run --ledger "$DB3" \
    --declarant HUB2 --as-of 2024-03-13 -o "$LD/s2b" "$LF/night2.csv"
expect_eq "ledger seed: other declarant, B (170.00 USD, over)" "$(lane_of "$LD/s2b" LX200000023CN)" declare
expect_exit 0 "ledger seed: check" "$BIN" ledger check --ledger "$DB3"

# an output never replaces the ledger
expect_exit 2 "ledger: output over the ledger" "$BIN" run --ledger "$LD/n1/release.csv.gz" \
    -o "$LD/n1" "$LF/night1.csv"

# fault injection (plain build only): the Nth file-changing call of the
# ledger's SQLite files fails, for every N until a run makes no more;
# after each, ledger check passes, outputs and ledger changed together,
# and a run without the fault succeeds
case $BIN in
*asan*) ;;
*)
	FB=$LD/fault-base.db
	expect_exit 0 "ledger faults: night 1" "$BIN" run --ledger "$FB" \
	    --as-of 2024-03-12 -o "$LD/f1" "$LF/night1.csv"
	cp "$FB" "$LD/fault.db"
	PCL_TEST_LEDGER_FAULT=1000000 "$BIN" run --ledger "$LD/fault.db" \
	    --as-of 2024-03-13 -o "$LD/fcount" "$LF/night2.csv" 2>"$LD/ferr"
	calls=$(sed -n 's/.*ledger fault not fired, \([0-9]*\) calls/\1/p' "$LD/ferr")
	expect_eq "ledger faults: calls counted" "$([ "${calls:-0}" -gt 10 ] && echo y)" y
	n=1 fired=0 fbad=0
	while [ "$n" -le "${calls:-0}" ]; do
		cp "$FB" "$LD/fault.db"
		rm -rf "$LD/fout" "$LD/fault.db-wal" "$LD/fault.db-shm"
		PCL_TEST_LEDGER_FAULT=$n "$BIN" run --ledger "$LD/fault.db" \
		    --as-of 2024-03-13 -o "$LD/fout" "$LF/night2.csv" 2>"$LD/ferr"
		grep -q "ledger fault fired" "$LD/ferr" && fired=$((fired + 1))
		if ! "$BIN" ledger check --ledger "$LD/fault.db" >/dev/null 2>&1; then
			fbad=$((fbad + 1)); echo "fault $n: ledger check failed" >&2
		fi
		s=$(python3 -c 'import hashlib, os, sqlite3, sys
db, out = sys.argv[1:3]
c = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
r = c.execute("SELECT summary_sha256 FROM batch WHERE state = \x27committed\x27 AND outdir = ?", (os.path.realpath(out) if os.path.exists(out) else out,)).fetchall()
p = os.path.join(out, "summary.json")
pend = c.execute("SELECT count(*) FROM batch WHERE state = \x27pending\x27").fetchone()[0]
if pend: print("pending")
elif not os.path.exists(p): print("old" if not r else "ledger-only")
else:
    h = hashlib.sha256(open(p, "rb").read()).hexdigest()
    print("new" if [x[0] for x in r] == [h] else "outputs-only")' "$LD/fault.db" "$LD/fout")
		case $s in new|old) ;; *) fbad=$((fbad + 1)); echo "fault $n: $s" >&2 ;; esac
		if ! "$BIN" run --ledger "$LD/fault.db" --as-of 2024-03-13 -o "$LD/fout" \
		    "$LF/night2.csv" 2>/dev/null; then
			fbad=$((fbad + 1)); echo "fault $n: the rerun failed" >&2
		fi
		n=$((n + 1))
	done
	expect_eq "ledger faults: every point fired" "$fired" "${calls:-0}"
	expect_eq "ledger faults: $fired points, outputs and ledger together" "$fbad" 0
	echo "e2e_ledger: $fired fault injection points of the ledger, all passed" >&2
	;;
esac

# a schema 2 ledger (fixtures/README.md): migrated by its first
# read-write opening, it answers find, show, batches and export as schema
# 2 did, and judges a new batch against its history
M=$LD/schema2
mkdir -p "$M"
cp "$LF/schema2.db" "$M/hub.db"
expect_exit 3 "ledger schema 2: read-only before migrating" "$BIN" ledger find \
    --ledger "$M/hub.db" LX200000010CN
expect_exit 0 "ledger schema 2: migrated by ledger check" "$BIN" ledger check --ledger "$M/hub.db"
expect_eq "ledger schema 2: now schema 3" "$(ledger_sql "$M/hub.db" "PRAGMA user_version")" 3
"$BIN" ledger export --ledger "$M/hub.db" > "$M/export.csv"
expect_eq "ledger schema 2: export" "$(cmp "$M/export.csv" "$LF/schema2.export.csv" && echo same)" same
for t in LX200000010CN LX200000023CN LX200000054CN; do
	"$BIN" ledger find --ledger "$M/hub.db" "$t"
done > "$M/find.txt"
expect_eq "ledger schema 2: find" "$(cmp "$M/find.txt" "$LF/schema2.find.txt" && echo same)" same
for b in 2026-12-08.1 2026-12-08.2 2026-12-08.3; do
	"$BIN" ledger show --ledger "$M/hub.db" "$b"
done > "$M/show.txt"
expect_eq "ledger schema 2: show" "$(cmp "$M/show.txt" "$LF/schema2.show.txt" && echo same)" same
"$BIN" ledger batches --ledger "$M/hub.db" > "$M/batches.txt"
expect_eq "ledger schema 2: batches" "$(cmp "$M/batches.txt" "$LF/schema2.batches.txt" && echo same)" same
expect_exit 0 "ledger schema 2: a new batch" "$BIN" run --ledger "$M/hub.db" \
    --as-of 2024-03-15 -o "$M/n4" "$LF/night2.csv"
expect_eq "ledger schema 2: re-send of the first batch" \
    "$(ledger_reasons "$M/n4/duplicates.csv.gz" LX200000010CN | cut -d';' -f1)" \
    "RESENT_IDENTICAL@2026-12-08.1/release"

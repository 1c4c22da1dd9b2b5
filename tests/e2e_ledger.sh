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

# explain takes a re-send's reason as the lanes write it, and gives the
# lane its rows are in: an identical re-send's is duplicates.csv.gz
expect_exit 0 "ledger: explain RESENT_CHANGED as in a lane" "$BIN" explain \
    "$(reasons_of "$LD/n3" LX200000023CN)"
expect_eq "ledger: explain RESENT_CHANGED: lane, earlier" \
    "$(sed -n 's/^  \(lane\|earlier\): *//p' "$TMP/out" | tr '\n' '|')" \
    "hold|batch $N2, lane hold|"
expect_exit 0 "ledger: explain RESENT_IDENTICAL as in a lane" "$BIN" explain \
    "$(ledger_reasons "$LD/n3/duplicates.csv.gz" LX200000045CN | cut -d';' -f1)"
expect_eq "ledger: explain RESENT_IDENTICAL: lane, earlier" \
    "$(sed -n 's/^  \(lane\|earlier\): *//p' "$TMP/out" | tr '\n' '|')" \
    "duplicates|batch $N1, lane release|"
expect_exit 0 "ledger: explain RESENT_IDENTICAL" "$BIN" explain RESENT_IDENTICAL
expect_eq "ledger: explain RESENT_IDENTICAL: lane" \
    "$(sed -n 's/^  lane: *//p' "$TMP/out")" duplicates
expect_exit 2 "ledger: explain a re-send without its lane" "$BIN" explain \
    "RESENT_CHANGED@$N2"

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
expect_eq "ledger backup: no temporary file left" "$(ls "$LD" | grep -c 'copy\.db\.tmp')" 0
# never over the ledger itself (same device and inode: usage, exit 2),
# never over an existing file (exit 3); a missing directory and a full
# disk (a file size limit under the ledger's size) are output failures
# (exit 4) that leave no file behind
before=$(sha256sum "$DB" | cut -d' ' -f1)
expect_exit 2 "ledger backup: over the ledger" "$BIN" ledger backup --ledger "$DB" "$DB"
ln -s "$DB" "$LD/link.db"
expect_exit 2 "ledger backup: over the ledger by a link" "$BIN" ledger backup \
    --ledger "$DB" "$LD/link.db"
expect_eq "ledger backup: the ledger untouched" "$(sha256sum "$DB" | cut -d' ' -f1)" "$before"
echo keep > "$LD/exists.db"
expect_exit 3 "ledger backup: over a file" "$BIN" ledger backup --ledger "$DB" "$LD/exists.db"
expect_eq "ledger backup: over a file, named" "$(grep -c "'$LD/exists.db' exists" "$TMP/err")" 1
expect_eq "ledger backup: the file kept" "$(cat "$LD/exists.db")" keep
expect_exit 4 "ledger backup: no such directory" "$BIN" ledger backup --ledger "$DB" \
    "$LD/nodir/copy.db"
expect_exit 4 "ledger backup: disk full" python3 -c 'import os, resource, signal, sys
n = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN); os.execv(sys.argv[2], sys.argv[2:])' \
    $(($(wc -c < "$DB") / 2 > 32768 ? $(wc -c < "$DB") / 2 : 32768)) \
    "$BIN" ledger backup --ledger "$DB" "$LD/full.db"
expect_eq "ledger backup: disk full leaves nothing" "$(ls "$LD" | grep -c '^full\.db')" 0
expect_exit 2 "ledger: no --ledger" "$BIN" ledger find LX200000010CN
expect_exit 2 "ledger: unknown subcommand" "$BIN" ledger frob --ledger "$DB"
expect_eq "ledger: unknown subcommand, said first" "$(head -n 1 "$TMP/err")" \
    "parcelclear: ledger: unknown subcommand 'frob'"
expect_exit 2 "ledger: no subcommand" "$BIN" ledger
expect_eq "ledger: no subcommand, said first" "$(head -n 1 "$TMP/err")" \
    "parcelclear: ledger: a subcommand is missing"
expect_exit 2 "ledger prune: month 13" "$BIN" ledger prune --ledger "$DB" --before 2024-13-01
expect_eq "ledger prune: month 13, said first" "$(head -n 1 "$TMP/err")" \
    "parcelclear: ledger: prune: --before '2024-13-01' is not a date YYYY-MM-DD"
expect_exit 2 "ledger show: no batch named" "$BIN" ledger show --ledger "$DB"
expect_eq "ledger show: no batch named, said first" "$(head -n 1 "$TMP/err")" \
    "parcelclear: ledger: show: BATCH is missing"
expect_exit 3 "ledger show: an unknown batch" "$BIN" ledger show --ledger "$DB" 1999-01-01.1
expect_eq "ledger show: an unknown batch, said" "$(cat "$TMP/err")" \
    "parcelclear: ledger show: no batch '1999-01-01.1'"
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
# an identical re-send whose reasons sort before RESENT_IDENTICAL
# (DE_MINIMIS_SUSPENDED;RESENT_IDENTICAL@...) is seeded too: the demo
# manifest's 17 parcels (3 rejected), then again with one description
# changed: 17 - 3 rejects (never cleared) - 1 changed = 13 identical
# re-sends in duplicates, 1 hold, 3 rejects
DB4=$LD/seed-resent.db
sed 's/128 GB/256 GB/' "$FIX/demo/sample-manifest.csv" > "$LD/sm2.csv"
expect_exit 0 "ledger seed re-sends: night 1" "$BIN" run --ledger "$LD/rs-hub.db" \
    -o "$LD/rs1" "$FIX/demo/sample-manifest.csv"
expect_exit 0 "ledger seed re-sends: night 2" "$BIN" run --ledger "$LD/rs-hub.db" \
    -o "$LD/rs2" "$LD/sm2.csv"
expect_exit 0 "ledger seed re-sends" "$BIN" ledger seed --ledger "$DB4" "$LD/rs2"
expect_eq "ledger seed re-sends: lanes" \
    "$(ledger_sql "$DB4" "SELECT lane || ' ' || count(*) FROM parcel_text GROUP BY lane ORDER BY lane" | tr '\n' '|')" \
    "duplicate 13|hold 1|reject 3|"
expect_eq "ledger seed re-sends: reasons not led by RESENT_IDENTICAL" \
    "$(ledger_sql "$DB4" "SELECT count(*) FROM parcel_text WHERE lane = 'duplicate' AND reasons NOT LIKE 'RESENT_IDENTICAL%'")" 9
# the output directories of batches a run recorded are not seeded again
expect_exit 0 "ledger seed: batches a run recorded" "$BIN" ledger seed \
    --ledger "$LD/rs-hub.db" "$LD/rs1" "$LD/rs2"
expect_eq "ledger seed: batches a run recorded, left" \
    "$(cut -f1,2 "$TMP/out" | tr '\t\n' ' |')" \
    "$(ledger_batch "$LD/rs1") recorded already|$(ledger_batch "$LD/rs2") recorded already|"
expect_eq "ledger seed: batches a run recorded, still two" \
    "$(ledger_sql "$LD/rs-hub.db" "SELECT count(*) FROM batch")" 2
# show and batches print a missing as-of date alike: '-' (the demo
# manifest's batches were run without --as-of)
expect_exit 0 "ledger show: no as-of" "$BIN" ledger show --ledger "$LD/rs-hub.db" \
    "$(ledger_batch "$LD/rs1")"
expect_eq "ledger show: no as-of, '-'" "$(grep '^as_of:' "$TMP/out")" "as_of: -"
expect_exit 0 "ledger batches: no as-of" "$BIN" ledger batches --ledger "$LD/rs-hub.db"
expect_eq "ledger batches: no as-of, '-'" "$(head -n 1 "$TMP/out" | cut -f4)" "-"

# a database of another application is not a ledger: refused (exit 3),
# left without the ledger's tables; a ledger made before the ledger's
# application id (schema and table meta, id 0) is taken and stamped
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE foo (x)"); c.commit()' "$LD/other.db"
expect_exit 3 "ledger: another application's database" "$BIN" run --ledger "$LD/other.db" \
    -o "$LD/oth" "$LF/night1.csv"
expect_eq "ledger: another application's database, said" "$(grep -c "not a ledger" "$TMP/err")" 1
expect_eq "ledger: another application's database untouched" \
    "$(ledger_sql "$LD/other.db" "SELECT group_concat(name) FROM sqlite_master")" foo
expect_exit 3 "ledger batches: another application's database" "$BIN" ledger batches \
    --ledger "$LD/other.db"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA application_id = 7"); c.commit()' "$LD/other.db"
expect_exit 3 "ledger: another application's id" "$BIN" ledger batches --ledger "$LD/other.db"
expect_eq "ledger: the ledger's application id (\"PCLL\")" \
    "$(ledger_sql "$DB3" "PRAGMA application_id")" 1346587724
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA application_id = 0"); c.commit()' "$DB3"
expect_exit 0 "ledger: a ledger without the id, read-only" "$BIN" ledger batches --ledger "$DB3"
expect_exit 0 "ledger: a ledger without the id, read-write" "$BIN" ledger check --ledger "$DB3"
expect_eq "ledger: a ledger without the id, stamped" \
    "$(ledger_sql "$DB3" "PRAGMA application_id")" 1346587724

# a parcel of malformed records only (CSV_QUOTE, CSV_FIELD_COUNT) has no
# date the batch read: the ledger stores '' (T2, T3), the others their
# date (fixtures/faults: T1 and T4 dated 2024-03-12)
expect_exit 0 "ledger: malformed records" "$BIN" run --profile valuation \
    --ledger "$LD/malformed.db" -o "$LD/mq" "$FIX/faults/stray-quote.csv"
expect_exit 0 "ledger: ragged records" "$BIN" run --profile valuation \
    --ledger "$LD/malformed.db" -o "$LD/mr" "$FIX/faults/ragged-rows.csv"
expect_eq "ledger: malformed records' dates" \
    "$(ledger_sql "$LD/malformed.db" "SELECT tracking || '=' || date || ':' || lane FROM parcel_text ORDER BY batch, tracking" | tr '\n' ' ')" \
    "T1=2024-03-12:release T2=:reject T3=:reject T4=2024-03-12:release T1=2024-03-12:duplicate T2=:reject T3=:reject T4=2024-03-12:duplicate "

# a reader who cannot write the ledger's directory (another user: as
# root, nobody through setpriv): without a -wal file the ledger is read
# as it is; with one, what stops it is said (exit 3); a run cannot take
# the run lock there: the ledger cannot be written, exit 4
RO=$LD/ro
mkdir -p "$RO"
cp "$LD/rs-hub.db" "$RO/hub.db"
chmod 755 "$TMP" "$LD"
chmod 555 "$RO"
if [ "$(id -u)" = 0 ]; then
	as_reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_reader() { "$@"; }
fi
if [ -e "$RO/hub.db-wal" ] || ! as_reader test -r "$RO/hub.db" 2>/dev/null ||
    as_reader test -w "$RO" 2>/dev/null; then
	echo "e2e_ledger: read-only directory: skipped (no other user)" >&2
else
	expect_exit 0 "ledger: read-only directory, batches" as_reader "$BIN" \
	    ledger batches --ledger "$RO/hub.db"
	expect_eq "ledger: read-only directory, batches listed" \
	    "$(cut -f1 "$TMP/out" | tr '\n' ' ')" "$(ledger_batch "$LD/rs1") $(ledger_batch "$LD/rs2") "
	expect_exit 0 "ledger: read-only directory, find" as_reader "$BIN" \
	    ledger find --ledger "$RO/hub.db" LX100000025CN
	expect_eq "ledger: read-only directory, find: cleared, then held" \
	    "$(cut -f6 "$TMP/out" | tr '\n' ' ')" "declare hold "
	mkdir -p "$LD/ro-out"
	chmod 777 "$LD/ro-out"
	expect_exit 4 "ledger: read-only directory, run" as_reader "$BIN" run \
	    --ledger "$RO/hub.db" -o "$LD/ro-out/o" "$FIX/demo/sample-manifest.csv"
	expect_eq "ledger: read-only directory, run says" "$(grep -c "ledger lock" "$TMP/err")" 1
	chmod 755 "$RO"
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("INSERT INTO meta VALUES (\x27x\x27, 1)"); c.commit()
import shutil; shutil.copy(sys.argv[1] + "-wal", sys.argv[2])' "$RO/hub.db" "$LD/wal"
	cp "$LD/wal" "$RO/hub.db-wal"
	chmod 555 "$RO"
	expect_exit 3 "ledger: read-only directory with a -wal" as_reader "$BIN" \
	    ledger batches --ledger "$RO/hub.db"
	expect_eq "ledger: read-only directory with a -wal, says" \
	    "$(grep -c "has a -wal file and its -shm file cannot be made" "$TMP/err")" 1
	chmod 755 "$RO"
fi

# ledger seed of a format 3 directory (lane column "source", the input's
# path): night 1's outputs rewritten as format 3 seed the same batch
# content, and night 2 is judged against it as against format 4
python3 - "$LD/s1" "$LD/s1v3" <<'PY'
import csv, gzip, io, json, os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
s = json.load(open(os.path.join(src, "summary.json")))
paths = [i["source"] for i in s["inputs"]]
for f in os.listdir(src):
    if not f.endswith(".csv.gz"):
        continue
    rows = list(csv.reader(io.StringIO(gzip.open(os.path.join(src, f), "rt", newline="").read())))
    k = rows[0].index("input")
    rows[0][k] = "source"
    for r in rows[1:]:
        r[k] = paths[int(r[k]) - 1]
        r[-1] = "3"
    with gzip.open(os.path.join(dst, f), "wt", newline="") as o:
        csv.writer(o, lineterminator="\n").writerows(rows)
s["format_version"] = 3
for i in s["inputs"]:
    del i["input"]
json.dump(s, open(os.path.join(dst, "summary.json"), "w"), indent=2)
PY
DB5=$LD/seed-v3.db
expect_exit 0 "ledger seed: format 3" "$BIN" ledger seed --ledger "$DB5" --declarant HUB1 "$LD/s1v3"
expect_eq "ledger seed: format 3 seeded" "$(cut -f2 "$TMP/out")" seeded
S1V3=$(cut -f1 "$TMP/out")
expect_exit 0 "ledger seed: format 3, find" "$BIN" ledger find --ledger "$DB5" LX200000037CN LX200000023CN
expect_eq "ledger seed: format 3, find C and B" "$(cut -f3,6 "$TMP/out" | tr '\t' ' ' | tr '\n' ' ')" \
    "HUB1 reject HUB1 declare "
expect_exit 0 "ledger seed: format 3, show" "$BIN" ledger show --ledger "$DB5" "$S1V3"
expect_eq "ledger seed: format 3, the batch's input" "$(grep -c 'night1\.csv' "$TMP/out")" 1
expect_exit 0 "ledger seed: format 3, night 2" "$BIN" run --ledger "$DB5" --declarant HUB1 \
    --as-of 2024-03-13 -o "$LD/s2v3" "$LF/night2.csv"
expect_eq "ledger seed: format 3, night 2 B" "$(reasons_of "$LD/s2v3" LX200000023CN)" \
    "RESENT_CHANGED@$S1V3/declare"
expect_eq "ledger seed: format 3, night 2 A (generated item_seq)" \
    "$(reasons_of "$LD/s2v3" LX200000010CN | cut -d@ -f1)" RESENT_CHANGED
# a lane file that is not one: refused, nothing seeded
mkdir -p "$LD/s1bad" && cp "$LD/s1/summary.json" "$LD/s1bad/" &&
    for f in release declare hold reject duplicates; do
	gzip -dc "$LD/s1/$f.csv.gz" | sed '1s/,record,line,/,record,row,/' | gzip > "$LD/s1bad/$f.csv.gz"
    done
expect_exit 3 "ledger seed: a lane file of another layout" "$BIN" ledger seed --ledger "$DB5" "$LD/s1bad"
expect_eq "ledger seed: another layout named" "$(grep -c 'is not a lane file of format 3 or later' "$TMP/err")" 1

# ledger seed: a parcel whose input numbers its items (item_seq) keeps
# them in the lanes, so its identical re-send, items in another order, is
# known as identical (the fingerprint is over the canonical and unknown
# columns of the lane rows, as over the input's)
H='tracking_number,item_seq,consignor_name,consignor_address,consignor_country,consignee_name,consignee_address,consignee_country,date,description,hs_code,quantity,item_value,currency,gross_mass_kg,origin_country'
I1='LX200000010CN,1,Shenzhen Gadget Co,88 Keyuan Rd,CN,Marie Dupont,12 rue des Lilas,FR,2024-03-12,cotton T-shirt,610910,2,25.00,EUR,0.40,CN'
I2='LX200000010CN,2,Shenzhen Gadget Co,88 Keyuan Rd,CN,Marie Dupont,12 rue des Lilas,FR,2024-03-12,toy building blocks,950300,1,30.00,EUR,0.60,CN'
printf '%s\n%s\n%s\n' "$H" "$I1" "$I2" > "$LD/seq-a.csv"
printf '%s\n%s\n%s\n' "$H" "$I2" "$I1" > "$LD/seq-b.csv"
DB6=$LD/seed-seq.db
expect_exit 0 "ledger seed: numbered items, night 1" "$BIN" run --as-of 2024-03-12 \
    -o "$LD/sqa" "$LD/seq-a.csv"
expect_exit 0 "ledger seed: numbered items, seed" "$BIN" ledger seed --ledger "$DB6" "$LD/sqa"
SQA=$(cut -f1 "$TMP/out")
expect_exit 0 "ledger seed: numbered items, night 2" "$BIN" run --ledger "$DB6" \
    --as-of 2024-03-13 -o "$LD/sqb" "$LD/seq-b.csv"
expect_eq "ledger seed: numbered items, re-sent identical" \
    "$(ledger_reasons "$LD/sqb/duplicates.csv.gz" LX200000010CN)" \
    "RESENT_IDENTICAL@$SQA/release;UNDER_THRESHOLD;VAT_DUE"

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

#!/bin/sh
# End-to-end tests: run the parcelclear binary on fixtures/ and check exit
# codes, lanes, reasons and the record balance. Expected values are worked
# by hand (see the comments and fixtures/README.md).
set -u
BIN=${PCL_BIN:-build/parcelclear}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
FIX=$PWD/fixtures
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pcl-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# No test reads the machine's own data directory: runs use an empty one
# here unless a test points PARCELCLEAR_DATA or --data-dir elsewhere.
PARCELCLEAR_DATA=$TMP/no-data
export PARCELCLEAR_DATA
trap 'exit 130' INT
trap 'exit 143' TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect_exit CODE NAME CMD...: run CMD, compare the exit status.
expect_exit() {
	want=$1 name=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	echo "$got" >> "$TMP/exit-statuses"	# for the exit table check
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$name: exit $got, want $want"; sed 's/^/    /' "$TMP/err" >&2
	fi
}

# lane_of DIR TRACKING: lanes (sorted, unique) holding TRACKING's records.
lane_of() {
	for f in release declare hold reject duplicates; do
		gzip -dc "$1/$f.csv.gz" | awk -F, -v t="$2" -v f="$f" \
		    'NR > 1 && $1 == t { print f }'
	done | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# reasons_of DIR TRACKING: the reasons column of TRACKING's first record.
reasons_of() {
	field_of "$1" "$2" reasons
}

# field_of DIR TRACKING COLUMN: a column of TRACKING's first lane record.
field_of() {
	for f in release declare hold reject; do
		gzip -dc "$1/$f.csv.gz" | python3 -c '
import csv, sys
r = csv.reader(sys.stdin)
h = next(r)
i = h.index(sys.argv[2])
for row in r:
    if row[0] == sys.argv[1]:
        print(row[i]); break' "$2" "$3"
	done | head -n 1
}

expect_eq() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

# balanced DIR: summary says records_in = sum of the lanes, and the lane
# files really hold that many rows.
balanced() {
	dir=$1
	if ! grep -q '"records_balanced": true' "$dir/summary.json"; then
		bad "$dir: summary not balanced"; return
	fi
	rows=0
	for f in release declare hold reject duplicates; do
		n=$(gzip -dc "$dir/$f.csv.gz" | python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)) - 1)')
		rows=$((rows + n))
	done
	in=$(sed -n 's/^  "records_in": \([0-9]*\),$/\1/p' "$dir/summary.json")
	expect_eq "$dir: rows in lane files = records_in" "$rows" "$in"
}

. "$(dirname "$0")/e2e_cases.sh"
. "$(dirname "$0")/e2e_faults.sh"
. "$(dirname "$0")/e2e_ident.sh"
. "$(dirname "$0")/e2e_output.sh"
. "$(dirname "$0")/e2e_perf.sh"
. "$(dirname "$0")/e2e_compressor.sh"
. "$(dirname "$0")/e2e_pipeline.sh"
. "$(dirname "$0")/e2e_risk.sh"
. "$(dirname "$0")/e2e_screen.sh"
. "$(dirname "$0")/e2e_ops.sh"
. "$(dirname "$0")/e2e_cli.sh"
. "$(dirname "$0")/e2e_data.sh"
. "$(dirname "$0")/e2e_datasrc.sh"
. "$(dirname "$0")/e2e_paths.sh"
. "$(dirname "$0")/e2e_valuation.sh"
. "$(dirname "$0")/e2e_ledger.sh"
. "$(dirname "$0")/e2e_export.sh"

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

# Identifiers on their exact bytes and spreadsheet-safe lanes,
# sourced by tests/e2e.sh. The disguised tracking numbers of
# fixtures/faults/identifier-disguised.csv are checked row by row in
# fixtures/faults/EXPECTED; here: the golden lanes of
# fixtures/lanes/formula-prefix.csv (fixtures/README.md works them),
# the digests of what was written, check mode and explain.

# --- formula prefixes: golden lanes -----------------------------------------
FP=$TMP/formula
(cd "$FIX/.." && "$BIN" run --profile valuation -o "$FP" \
    fixtures/lanes/formula-prefix.csv 2>/dev/null)
expect_eq "formula-prefix exit" "$?" "0"
balanced "$FP"
for f in release declare hold reject duplicates; do
	echo "## $f.csv.gz"; gzip -dc "$FP/$f.csv.gz"
done > "$TMP/formula.lanes"
if cmp -s "$TMP/formula.lanes" "$FIX/expected/formula-prefix.lanes.csv"; then ok; else
	bad "formula-prefix lanes differ from fixtures/expected/formula-prefix.lanes.csv"
	diff "$FIX/expected/formula-prefix.lanes.csv" "$TMP/formula.lanes" | head -20 >&2
fi
expect_eq "formula: =cmd written after an apostrophe" \
    "$(field_of "$FP" F1 description)" "'=cmd|' /C calc'!A0"
expect_eq "formula: flagged, lane unchanged" "$(reasons_of "$FP" F1)" \
    "FORMULA_PREFIX@description;UNDER_THRESHOLD;VAT_DUE"
expect_eq "formula: an order id is never altered" \
    "$(field_of "$FP" F5 order_id)" "-1001"
expect_eq "formula: an unmapped column is written as read" \
    "$(field_of "$FP" F5 Note)" "=1+1"
# the digests in summary.json are of the bytes written, apostrophes included
if python3 - "$FP" <<'PY'
import gzip, hashlib, json, sys
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
bad = 0
for name, o in s["outputs"].items():
    if not name.endswith(".csv.gz"):
        continue
    raw = gzip.open(d + "/" + name, "rb").read()
    if hashlib.sha256(raw).hexdigest() != o["sha256_uncompressed"]:
        print(name, "digest differs"); bad = 1
if b"'=cmd|' /C calc'!A0" not in gzip.open(d + "/release.csv.gz", "rb").read():
    print("release lacks the prefixed description"); bad = 1
sys.exit(bad)
PY
then ok; else bad "formula: summary digests do not cover the lane bytes"; fi
expect_exit 0 "formula: verify replays the batch" "$BIN" verify "$FP/summary.json"

# --- disguised tracking numbers: check mode names the code point -------------
"$BIN" check --profile valuation "$FIX/faults/identifier-disguised.csv" \
    >"$TMP/ident.check" 2>/dev/null
expect_eq "check: disguised identifiers exit" "$?" "1"
expect_eq "check: zero-width space named" \
    "$(grep -c ':3:4:1: INVALID_CHARACTER@tracking_number:U+200B: ' "$TMP/ident.check")" "1"
expect_eq "check: Cyrillic Es named" \
    "$(grep -c ':5:6:1: INVALID_CHARACTER@tracking_number:U+0421: ' "$TMP/ident.check")" "1"
expect_eq "check: no disguised tracking number passes" \
    "$(grep -c 'tracking_number' "$TMP/ident.check")" "6"
"$BIN" explain INVALID_CHARACTER@tracking_number:U+200B >"$TMP/ident.explain"
expect_eq "explain with a character: exit" "$?" "0"
expect_eq "explain names the category" \
    "$(grep -c 'character: U+200B, Unicode general category Cf' "$TMP/ident.explain")" "1"
expect_exit 2 "explain: a malformed character" "$BIN" explain \
    INVALID_CHARACTER@tracking_number:200B

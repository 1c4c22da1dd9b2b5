# Identifiers on their exact bytes (#14), sourced by tests/e2e.sh. The
# disguised tracking numbers of fixtures/faults/identifier-disguised.csv
# are checked row by row in fixtures/faults/EXPECTED; here: check mode
# and explain name the character.

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

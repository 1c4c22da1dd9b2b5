# End-to-end cases, sourced by tests/e2e.sh (helpers are defined there).
# Expected lanes are worked by hand in fixtures/README.md.

# --- the demo sample: every lane and the main reasons -----------------
D=$TMP/demo
expect_exit 0 "demo run" "$BIN" run -o "$D" "$FIX/demo/sample-manifest.csv"
balanced "$D"
expect_eq "EU 55 EUR with IOSS" "$(lane_of "$D" LX100000017CN)" "duplicates release"
expect_eq "EU IOSS reasons" "$(reasons_of "$D" LX100000017CN)" "IOSS@ioss_number;UNDER_THRESHOLD"
expect_eq "EU 180 USD" "$(lane_of "$D" LX100000025CN)" "declare"
expect_eq "EU 180 USD value" "$(field_of "$D" LX100000025CN assessed_value)" "166.53"
expect_eq "EU 180 USD rate" "$(field_of "$D" LX100000025CN fx_source)" "ECB 2024-02-21 EU-monthly (UCC-IA Art.146)"
expect_eq "GB->US 2024" "$(lane_of "$D" 1Z999AA10123456784)" "release"
expect_eq "GB->US 2024 value" "$(field_of "$D" 1Z999AA10123456784 assessed_value)" "187.60"
expect_eq "CN->US after 2025-05-02" "$(reasons_of "$D" 1Z999AA10123456785)" "DE_MINIMIS_SUSPENDED"
expect_eq "DE->US after 2025-08-29" "$(lane_of "$D" DHL4455667788)" "declare"
expect_eq "S10 check digit (and ICS2 stop word case inside the description)" "$(reasons_of "$D" LX100000035CN)" "CHECK_DIGIT@tracking_number;VAGUE_TERM@description"
expect_eq "missing HS" "$(reasons_of "$D" LX100000048CN)" "MISSING@hs_code"
expect_eq "domestic" "$(reasons_of "$D" RM-GB-0001)" "NO_CUSTOMS_BORDER"
expect_eq "US->GB 2023 value" "$(field_of "$D" FEDEX7001 assessed_value)" "80.23"
expect_eq "US->GB 2023" "$(reasons_of "$D" FEDEX7001)" "UNDER_THRESHOLD;VAT_AT_POINT_OF_SALE"
expect_eq "CA GST over 40" "$(field_of "$D" CA-PUR-9001 tax_due)" "Y"
expect_eq "BR no rule" "$(reasons_of "$D" BR-0001)" "NO_RULE_IN_FORCE"
expect_eq "wine excluded" "$(lane_of "$D" FR-WINE-01)" "declare"
expect_eq "EU flat duty" "$(field_of "$D" NL-FLAT-01 duty_due)" "Y"
expect_eq "EU flat duty amount" "$(field_of "$D" NL-FLAT-01 duty_amount) $(field_of "$D" NL-FLAT-01 duty_currency)" "6.00 EUR"
expect_eq "conflicting consignee" "$(lane_of "$D" HOLD-0001)" "hold"
expect_eq "rate after table end" "$(reasons_of "$D" FX-LATE-01)" "FX_RATE_UNAVAILABLE@currency"
expect_eq "GB->DE 2010" "$(reasons_of "$D" GB-DE-2010)" "NO_CUSTOMS_BORDER"
expect_eq "item_seq kept" "$(field_of "$D" NL-FLAT-01 item_seq)" "1"

# --- the EU flat duty from 2026-07-01 (fixtures/README.md, duty/) -------
FD=$TMP/flatduty
expect_exit 0 "flat duty run" "$BIN" run -o "$FD" --fx "$FIX/duty/fx-2026-test.csv" "$FIX/duty/flat-duty-2026.csv"
balanced "$FD"
duty_of() {
	echo "$(field_of "$1" "$2" lane) $(field_of "$1" "$2" duty_due)" \
	    "$(field_of "$1" "$2" duty_amount) $(field_of "$1" "$2" duty_currency)"
}
expect_eq "flat duty: 2026-06-30 none" "$(duty_of "$FD" FLAT-0630)" "release N  "
expect_eq "flat duty: 2026-07-01 one subheading" "$(duty_of "$FD" FLAT-0701-ONE)" "release Y 3.00 EUR"
expect_eq "flat duty: three subheadings" "$(duty_of "$FD" FLAT-0701-THREE)" "release Y 9.00 EUR"
expect_eq "flat duty: two items, one subheading" "$(duty_of "$FD" FLAT-SAME-SUB)" "release Y 3.00 EUR"
expect_eq "flat duty: EUR 150.00 not exceeding" "$(duty_of "$FD" FLAT-150-00)" "release Y 3.00 EUR"
expect_eq "flat duty: EUR 150.01 declared, no flat amount" "$(duty_of "$FD" FLAT-150-01)" "declare Y  "
expect_eq "flat duty: USD 174.00 at 1.1600 = EUR 150.00" "$(duty_of "$FD" FLAT-USD)" "release Y 3.00 EUR"
expect_eq "flat duty: USD rate of the rule" "$(field_of "$FD" FLAT-USD fx_source)" "ECB 2026-06-17 EU-monthly (UCC-IA Art.146)"
expect_eq "flat duty: USD 174.01 = EUR 150.01" "$(duty_of "$FD" FLAT-USD-OVER)" "declare Y  "
expect_eq "flat duty: totals per destination" \
    "$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(json.dumps(s["duty_amount_by_destination"], sort_keys=True))' "$FD/summary.json")" \
    '{"DE": {"release": {"EUR": "6.00"}}, "FR": {"release": {"EUR": "12.00"}}, "NL": {"release": {"EUR": "3.00"}}}'
expect_eq "flat duty: totals per lane" \
    "$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(json.dumps(s["duty_amount_by_lane"], sort_keys=True))' "$FD/summary.json")" \
    '{"declare": {}, "hold": {}, "reject": {}, "release": {"EUR": "21.00"}}'
expect_exit 0 "flat duty verify" "$BIN" verify "$FD/summary.json"

# --- determinism: same inputs, same lane bytes --------------------------
D2=$TMP/demo2
expect_exit 0 "demo run again" "$BIN" run -o "$D2" "$FIX/demo/sample-manifest.csv"
for f in release declare hold reject duplicates; do
	if cmp -s "$D/$f.csv.gz" "$D2/$f.csv.gz"; then ok; else bad "$f.csv.gz differs between runs"; fi
done

# --- gzip input and standard input give the same lanes -------------------
gzip -c "$FIX/demo/sample-manifest.csv" > "$TMP/sample.csv.data"
expect_exit 0 "gzip input (detected by magic, not name)" "$BIN" run -o "$TMP/gz" "$TMP/sample.csv.data"
balanced "$TMP/gz"
expect_eq "gzip input lanes" "$(lane_of "$TMP/gz" LX100000025CN)" "declare"
"$BIN" run -o "$TMP/stdin" - < "$FIX/demo/sample-manifest.csv" 2>/dev/null
expect_eq "stdin exit" "$?" "0"
balanced "$TMP/stdin"

# --- as-of replaces every date -------------------------------------------
# (the parcels' own dates are still checked, and may not be after
# as-of: the replayed batch is the demo dated 2016-03-09)
sed -E 's/,20[0-9]{2}-[0-9]{2}-[0-9]{2},/,2016-03-09,/' "$FIX/demo/sample-manifest.csv" > "$TMP/sample-2016.csv"
expect_exit 0 "as-of 2016-03-09" "$BIN" run --as-of 2016-03-09 -o "$TMP/asof" "$TMP/sample-2016.csv"
expect_eq "as-of: US threshold before 2016-03-10" "$(field_of "$TMP/asof" 1Z999AA10123456784 threshold)" "200.00"
expect_eq "as-of: DE->US in 2016 released" "$(lane_of "$TMP/asof" DHL4455667788)" "release"

# --- UCI Online Retail excerpt: golden lanes ------------------------------
U=$TMP/uci
(cd "$FIX/.." && "$BIN" run --profile valuation --map data/maps/uci-online-retail.map \
    -o "$U" fixtures/online-retail/uci-excerpt.csv 2>/dev/null)
expect_eq "uci exit" "$?" "0"
balanced "$U"
for f in release declare hold reject duplicates; do
	echo "## $f.csv.gz"; gzip -dc "$U/$f.csv.gz"
done > "$TMP/uci.lanes"
if cmp -s "$TMP/uci.lanes" "$FIX/expected/uci-excerpt.lanes.csv"; then ok; else
	bad "uci excerpt lanes differ from fixtures/expected/uci-excerpt.lanes.csv"
	diff "$FIX/expected/uci-excerpt.lanes.csv" "$TMP/uci.lanes" | head -20 >&2
fi

# --- exit status ------------------------------------------------------------
expect_exit 2 "no arguments" "$BIN"
expect_exit 2 "unknown command" "$BIN" frobnicate
expect_exit 2 "run without -o" "$BIN" run "$FIX/demo/sample-manifest.csv"
expect_exit 2 "bad --as-of" "$BIN" run --as-of 2021-02-30 -o "$TMP/x" "$FIX/demo/sample-manifest.csv"
expect_exit 2 "bad --profile" "$BIN" run --profile nope -o "$TMP/x" "$FIX/demo/sample-manifest.csv"
expect_exit 0 "help" "$BIN" help run
expect_exit 3 "missing input" "$BIN" run -o "$TMP/x" "$TMP/does-not-exist.csv"
printf 'tracking_number,consignee_country\nA,FR\n' > "$TMP/no-cols.csv"
expect_exit 3 "required column missing" "$BIN" run -o "$TMP/x" "$TMP/no-cols.csv"
if grep -q "required columns 'consignor_name', 'consignor_address'" "$TMP/err"; then ok; else bad "missing column message"; fi
: > "$TMP/empty.csv"
expect_exit 3 "empty file (no header)" "$BIN" run -o "$TMP/x" "$TMP/empty.csv"
head -c $(($(wc -c < "$TMP/sample.csv.data") / 2)) "$TMP/sample.csv.data" > "$TMP/truncated.gz"
expect_exit 3 "truncated gzip" "$BIN" run -o "$TMP/trunc" "$TMP/truncated.gz"
if [ ! -e "$TMP/trunc/summary.json" ] && [ -z "$(ls "$TMP/trunc" 2>/dev/null | grep -v '^$' | grep -v lock)" ]; then ok; else
	bad "truncated gzip left outputs: $(ls "$TMP/trunc")"; fi
expect_exit 3 "malformed rules file" "$BIN" run --rules "$FIX/rules/overlap.csv" -o "$TMP/x" "$FIX/demo/sample-manifest.csv"
mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
	expect_exit 4 "unwritable output directory" "$BIN" run -o "$TMP/ro/out" "$FIX/demo/sample-manifest.csv"
fi

# --- a malformed item rejects its whole parcel (never splits it) ------------
P=$FIX/parcels
expect_exit 0 "malformed item" "$BIN" run -o "$TMP/split" "$P/malformed-item-rejects-whole-parcel.csv"
expect_eq "malformed item: both records rejected" "$(lane_of "$TMP/split" PARCEL-1)" "reject"
balanced "$TMP/split"

# --- lines differing only in an unmapped column are not duplicates ---------
expect_exit 0 "stock code" "$BIN" run --profile valuation \
    --map "$FIX/../data/maps/uci-online-retail.map" -o "$TMP/stock" \
    "$P/stock-code-differs-not-a-duplicate.csv"
# 2 x 40 x 2.51 = 200.80 GBP > USD 200 on 2010-12-01: declare, no duplicate
expect_eq "stock code: both lines kept" "$(lane_of "$TMP/stock" 536544)" "declare"

# --- invalid UTF-8 is escaped in lane files, which stay valid UTF-8 ---------
expect_exit 0 "invalid utf-8" "$BIN" run -o "$TMP/utf8" "$P/invalid-utf8-escaped-in-lane.csv"
if gzip -dc "$TMP/utf8/reject.csv.gz" | python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' 2>/dev/null; then ok; else
	bad "reject.csv.gz is not valid UTF-8"; fi
if gzip -dc "$TMP/utf8/reject.csv.gz" | grep -q 'Shenzhen \\xFF\\xFE Co'; then ok; else bad "invalid bytes not escaped as \\xHH"; fi

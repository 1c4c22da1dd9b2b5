# End-to-end cases for risk screening and deduplication, sourced by
# tests/e2e.sh. fixtures/risk/flags-hit-and-near-miss.csv holds, for every
# flag, one parcel that must raise it and one near miss that must not;
# the expected outcomes are worked in fixtures/README.md.

R=$TMP/risk
expect_exit 0 "risk run" "$BIN" run -o "$R" "$FIX/risk/flags-hit-and-near-miss.csv"
balanced "$R"
# risk_of TRACKING: lane, reasons and risk_score of TRACKING's first record
risk_of() {
	echo "$(lane_of "$R" "$1") $(reasons_of "$R" "$1") $(field_of "$R" "$1" risk_score)"
}
V="UNDER_THRESHOLD;VAT_DUE"
expect_eq "stop word alone" "$(risk_of VAGUE-HIT)" "reject VAGUE_DESCRIPTION@description 0"
expect_eq "stop word inside a word" "$(risk_of VAGUE-MISS)" "release $V 0"
expect_eq "stop word inside a text" "$(risk_of TERM-HIT)" "release UNDER_THRESHOLD;VAGUE_TERM@description;VAT_DUE 20"
expect_eq "plural is another word" "$(risk_of TERM-MISS)" "release $V 0"
expect_eq "party stop word" "$(risk_of PARTY-HIT)" "reject VAGUE_DESCRIPTION@consignee_name 0"
expect_eq "party stop word inside a word" "$(risk_of PARTY-MISS)" "release $V 0"
expect_eq "Chinese lithium battery" "$(risk_of PROH-HIT)" "hold PROHIBITED_GOODS@description;PROHIBITED_GOODS@hs_code 200"
expect_eq "lithium, not a battery" "$(risk_of PROH-MISS)" "release $V 0"
expect_eq "restricted" "$(risk_of RESTR-HIT)" "declare RESTRICTED_GOODS@description;$V 0"
expect_eq "antiquarian is not antique" "$(risk_of RESTR-MISS)" "release $V 0"
expect_eq "antique with an age" "$(risk_of ANTQ-AGE-HIT)" "declare RESTRICTED_GOODS@description;$V 0"
expect_eq "antique white is a colour" "$(risk_of ANTQ-STYLE-MISS)" "release $V 0"
expect_eq "antique brass is a finish" "$(risk_of ANTQ-FINISH-MISS)" "release $V 0"
expect_eq "vodka under a glassware HS code" "$(risk_of EXCL-HIT)" "declare EXCLUDED_GOODS@description;$V 0"
expect_eq "ginger is not gin" "$(risk_of EXCL-MISS)" "release $V 0"
expect_eq "brand under its value" "$(risk_of IPR-HIT)" "hold IPR_SUSPECT@description 100"
expect_eq "brand at its value" "$(risk_of IPR-MISS)" "release $V 0"
expect_eq "142.50 EUR: 5 % under 150" "$(risk_of NEAR-HIT)" "release NEAR_THRESHOLD;$V 30"
expect_eq "142.49 EUR" "$(risk_of NEAR-MISS)" "release $V 0"
expect_eq "near-duplicate, first" "$(risk_of NDUP-A)" "release NEAR_DUPLICATE;$V 40"
expect_eq "near-duplicate, second spelt otherwise" "$(risk_of NDUP-B)" "release NEAR_DUPLICATE;$V 40"
expect_eq "same parcel next day" "$(risk_of NDUP-MISS)" "release $V 0"
expect_eq "conflicting duplicate" "$(lane_of "$R" CDUP-HIT) $(reasons_of "$R" CDUP-HIT)" "hold CONFLICTING_DUPLICATE@item_value"
expect_eq "exact duplicate" "$(lane_of "$R" CDUP-MISS) $(reasons_of "$R" CDUP-MISS)" "duplicates release $V"
expect_eq "soft flags 100" "$(risk_of SCORE-A)" "hold NEAR_DUPLICATE;RISK_SCORE;UNDER_THRESHOLD;VAGUE_TERM@consignee_name;VAGUE_TERM@consignor_name;VAGUE_TERM@description;VAT_DUE 100"
expect_eq "soft flags 80" "$(risk_of SCORE-MISS-A)" "release NEAR_DUPLICATE;UNDER_THRESHOLD;VAGUE_TERM@consignor_name;VAGUE_TERM@description;VAT_DUE 80"
expect_eq "one person, one day: 500 + 500 > 800 USD" "$(risk_of US-AGG-1)" "declare AGGREGATE_OVER_THRESHOLD 0"
expect_eq "one person, one day: 400 + 400 = 800 USD" "$(risk_of US-AGG-MISS-2)" "release UNDER_THRESHOLD 0"
expect_eq "split consignments: 100 + 60 > 150 EUR" "$(risk_of EU-SPLIT-2)" "hold SUSPECTED_SPLITTING;$V 100"
expect_eq "split consignments: 100 + 50 = 150 EUR" "$(risk_of EU-SPLIT-MISS-2)" "release $V 0"
# value per kg: chapter 85 at least 1.67 EUR/kg, chapter 49 at least
# 1.38 (data/lists/value-per-kg.csv, from UN Comtrade unit values)
expect_eq "phone 1.66 EUR for 1 kg" "$(risk_of PKG-HIT)" "release IMPLAUSIBLE_VALUE_PER_KG;$V 40"
expect_eq "phone 1.67 EUR for 1 kg" "$(risk_of PKG-MISS)" "release $V 0"
expect_eq "phone 1.80 USD = 1.6653 EUR" "$(risk_of PKG-USD-HIT)" "release IMPLAUSIBLE_VALUE_PER_KG;$V 40"
expect_eq "phone 1.81 USD = 1.6745 EUR" "$(risk_of PKG-USD-MISS)" "release $V 0"
expect_eq "picture book 1.37 EUR for 1 kg" "$(risk_of PKG-HIGH)" "release IMPLAUSIBLE_VALUE_PER_KG;$V 40"
expect_eq "picture book 1.38 EUR for 1 kg" "$(risk_of PKG-HIGH-MISS)" "release $V 0"
# gift relief: US 2025-09-15, de minimis suspended, gifts USD 100
expect_eq "private gift of 100.00 USD" "$(risk_of GIFT-HIT)" "release GIFT_RELIEF;NEAR_THRESHOLD 30"
expect_eq "gift through a platform" "$(risk_of GIFT-MISS)" "declare DE_MINIMIS_SUSPENDED 0"
expect_eq "private gift of 100.01 USD" "$(risk_of GIFT-OVER)" "declare DE_MINIMIS_SUSPENDED;GIFT_OVER_RELIEF 0"
expect_eq "whisky is no gift" "$(risk_of GIFT-WHISKY)" "declare DE_MINIMIS_SUSPENDED;EXCLUDED_GOODS@hs_code 0"
expect_eq "gifts of one day: 60 + 41 > 100 USD" "$(risk_of GIFT-AGG-2)" "declare AGGREGATE_OVER_THRESHOLD;GIFT_OVER_RELIEF 0"
expect_eq "gifts of one day: 60 + 40 = 100 USD" "$(risk_of GIFT-AGG-MISS-2)" "release GIFT_RELIEF 0"
expect_eq "one consignee spelt two ways" "$(risk_of PCON-MISS)" "release $V 0"

# the score threshold is an option: at 80 the near miss is held too
expect_exit 0 "risk run --hold-score 80" "$BIN" run --hold-score 80 -o "$R.80" "$FIX/risk/flags-hit-and-near-miss.csv"
expect_eq "--hold-score 80" "$(lane_of "$R.80" SCORE-MISS-A)" "hold"
# summary: flags per destination
expect_eq "flags by destination" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["risk"]["flags_by_destination"]["FR"]["NEAR_DUPLICATE"], s["risk"]["hold_score"], s["parcels_by_reason"]["VAGUE_TERM"], s["risk"]["aeo"])' "$R/summary.json")" "10 100 9 None"

# --aeo: an AEO recognised by the destination is not held for its
# score; hard flags still hold it; an expired status counts for nothing
expect_eq "no --aeo: soft flags 100 hold" "$(risk_of AEO-A)" "hold NEAR_DUPLICATE;RISK_SCORE;UNDER_THRESHOLD;VAGUE_TERM@consignee_name;VAGUE_TERM@consignor_name;VAGUE_TERM@description;VAT_DUE 100"
expect_exit 0 "risk run --aeo" "$BIN" run --aeo "$FIX/risk/aeo.csv" -o "$R.aeo" "$FIX/risk/flags-hit-and-near-miss.csv"
expect_eq "AEO: soft flags 100, not held" "$(lane_of "$R.aeo" AEO-A) $(reasons_of "$R.aeo" AEO-A) $(field_of "$R.aeo" AEO-A risk_score)" "release AEO_TRUSTED;NEAR_DUPLICATE;UNDER_THRESHOLD;VAGUE_TERM@consignee_name;VAGUE_TERM@consignor_name;VAGUE_TERM@description;VAT_DUE 100"
expect_eq "AEO status ended the day before" "$(lane_of "$R.aeo" AEO-EXP-A) $(reasons_of "$R.aeo" AEO-EXP-A)" "hold NEAR_DUPLICATE;RISK_SCORE;UNDER_THRESHOLD;VAGUE_TERM@consignee_name;VAGUE_TERM@consignor_name;VAGUE_TERM@description;VAT_DUE"
expect_eq "AEO with prohibited goods" "$(lane_of "$R.aeo" AEO-PROH) $(reasons_of "$R.aeo" AEO-PROH)" "hold PROHIBITED_GOODS@description;PROHIBITED_GOODS@hs_code"
expect_eq "summary names the AEO file" "$(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["risk"]["aeo"]
print(a["source"].endswith("fixtures/risk/aeo.csv"), len(a["sha256"]), a["entries"])' "$R.aeo/summary.json")" "True 64 3"
printf 'id,country,mra_partners,valid_from,valid_to,source\nX,Germany,,2020-01-01,,s\n' > "$TMP/bad-aeo.csv"
expect_exit 3 "malformed --aeo" "$BIN" run --aeo "$TMP/bad-aeo.csv" -o "$R.bad" "$FIX/risk/flags-hit-and-near-miss.csv"
expect_exit 1 "check --aeo" "$BIN" check --aeo "$FIX/risk/aeo.csv" "$FIX/risk/flags-hit-and-near-miss.csv"

# --lists: an empty directory switches screening off; a bad list is exit 3
mkdir -p "$TMP/nolists" "$TMP/badlists"
expect_exit 0 "no lists" "$BIN" run --lists "$TMP/nolists" -o "$R.none" "$FIX/risk/flags-hit-and-near-miss.csv"
expect_eq "no lists: stop word passes" "$(lane_of "$R.none" VAGUE-HIT)" "release"
expect_eq "no lists: dedup still holds" "$(lane_of "$R.none" CDUP-HIT)" "hold"
expect_eq "no lists: no value-per-kg bands" "$(reasons_of "$R.none" PKG-HIT)" "$V"
printf 'id,pattern\n' > "$TMP/badlists/x.csv"
expect_exit 3 "malformed list" "$BIN" run --lists "$TMP/badlists" -o "$R.bad" "$FIX/risk/flags-hit-and-near-miss.csv"
expect_exit 2 "bad --hold-score" "$BIN" run --hold-score 0 -o "$R.bad" "$FIX/risk/flags-hit-and-near-miss.csv"
expect_exit 2 "bad --near-band" "$BIN" run --near-band 10001 -o "$R.bad" "$FIX/risk/flags-hit-and-near-miss.csv"

# verify replays --lists, --aeo, --hold-score and --near-band
RV=$TMP/riskverify
mkdir -p "$RV/lists"
cp "$FIX/risk/flags-hit-and-near-miss.csv" "$FIX/risk/aeo.csv" "$RV/"
cp "$FIX/../data/lists/vague-descriptions.csv" "$FIX/../data/lists/value-per-kg.csv" "$RV/lists/"
(cd "$RV" && "$BIN" run --lists lists --aeo aeo.csv --hold-score 80 --near-band 300 -o out flags-hit-and-near-miss.csv) 2>/dev/null
expect_eq "risk options recorded" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["options"]["lists"], s["options"]["aeo"], s["risk"]["hold_score"], s["risk"]["near_threshold_band_bp"])' "$RV/out/summary.json")" "lists aeo.csv 80 300"
expect_exit 0 "verify replays the risk options" "$BIN" verify "$RV/out/summary.json"
echo "X1,DE,,2020-01-01,,s" >> "$RV/aeo.csv"
expect_exit 3 "verify: AEO file changed" "$BIN" verify "$RV/out/summary.json"
cp "$FIX/risk/aeo.csv" "$RV/aeo.csv"
echo "# changed" >> "$RV/lists/value-per-kg.csv"
expect_exit 3 "verify: value-per-kg bands changed" "$BIN" verify "$RV/out/summary.json"

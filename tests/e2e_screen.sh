# End-to-end cases for screening that cannot be typed around, sourced by
# tests/e2e.sh: descriptions in other scripts and in disguise, HS-keyed
# entries, the screen_hits column, the allow-list, and a matcher error
# that holds instead of releasing. Expected outcomes are worked in
# fixtures/README.md (risk/screening-disguised.csv).

S=$TMP/screen
# screen_summary DIR EXPR: a Python expression over summary.json 's'
screen_summary() {
	python3 -c 'import json, sys; s = json.load(open(sys.argv[1] + "/summary.json")); print(eval(sys.argv[2]))' "$1" "$2"
}
expect_exit 0 "screen run" "$BIN" run --profile valuation -j 1 -o "$S" "$FIX/risk/screening-disguised.csv"
balanced "$S"
expect_eq "e-cigarette in Chinese with HS 8543.40" "$(lane_of "$S" D1) $(reasons_of "$S" D1)" "hold PROHIBITED_GOODS@hs_code;RESTRICTED_GOODS@description"
expect_eq "e-cigarette: the HS entry named" "$(field_of "$S" D1 screen_hits | grep -c 'e-cigarettes:hs-ecig-2022@hs_code=854340')" "1"
expect_eq "full-width lithium battery" "$(lane_of "$S" D2) $(reasons_of "$S" D2)" "hold PROHIBITED_GOODS@description;VAGUE_TERM@description"
expect_eq "full-width: matched text as written" "$(field_of "$S" D2 screen_hits | cut -d';' -f1)" "lithium-batteries:proh-007@description=ｌｉｔｈｉｕｍ ｂａｔｔｅｒｙ"
expect_eq "soft hyphen inside a word" "$(lane_of "$S" D3)" "hold"
expect_eq "zero-width space inside a word" "$(lane_of "$S" D4)" "hold"
expect_eq "Cyrillic o in cocaine" "$(lane_of "$S" D5) $(reasons_of "$S" D5)" "hold PROHIBITED_GOODS@description"
expect_eq "Cyrillic o in carved ivory" "$(lane_of "$S" D6) $(field_of "$S" D6 screen_hits)" "hold cites:proh-013@description=carved ivоry"
expect_eq "ivory the colour: released" "$(lane_of "$S" D7) $(field_of "$S" D7 screen_hits)" "release "
expect_eq "ashtray: the tobacco term excluded" "$(lane_of "$S" D8)" "release"
expect_eq "fireworks in Chinese" "$(lane_of "$S" D9) $(field_of "$S" D9 screen_hits)" "hold explosives:ml-explosives-zh-hans@description=烟花"
expect_eq "lane header has screen_hits before input" "$(gzip -dc "$S/hold.csv.gz" | head -n 1 | tr ',' '\n' | grep -A1 -x screen_hits | tr '\n' ' ')" "screen_hits input "
# digits for letters, separators inside a word, spaced-out letters
expect_eq "c0caine: held, the word as written" "$(lane_of "$S" D10) $(field_of "$S" D10 screen_hits | tr ';' '\n' | grep proh-002)" "hold narcotics:proh-002@description=c0caine"
expect_eq "l1thium battery: held" "$(lane_of "$S" D11) $(reasons_of "$S" D11)" "hold PROHIBITED_GOODS@description;VAGUE_TERM@description"
expect_eq "V4PE pen: declared as an e-cigarette" "$(lane_of "$S" D12) $(reasons_of "$S" D12)" "declare RESTRICTED_GOODS@description;UNDER_THRESHOLD;VAT_DUE"
expect_eq "co-caine: held" "$(lane_of "$S" D13) $(reasons_of "$S" D13)" "hold PROHIBITED_GOODS@description"
expect_eq "e-c.i.g kit: declared" "$(lane_of "$S" D14) $(reasons_of "$S" D14)" "declare RESTRICTED_GOODS@description;UNDER_THRESHOLD;VAT_DUE"
expect_eq "f i r e w o r k s: held" "$(lane_of "$S" D15) $(field_of "$S" D15 screen_hits)" "hold explosives:proh-004@description=f i r e w o r k s"
expect_eq "USB-C, 3.0, 18650 holder, 5x7, A4: released" "$(lane_of "$S" D16) $(field_of "$S" D16 screen_hits)" "release "
expect_eq "T-shirt, 10pcs: released" "$(lane_of "$S" D17) $(field_of "$S" D17 screen_hits)" "release "

# the same lanes at any thread count
expect_exit 0 "screen run -j 2" "$BIN" run --profile valuation -j 2 -o "$S.j2" "$FIX/risk/screening-disguised.csv"
for f in release declare hold reject duplicates; do
	if [ "$(gzip -dc "$S/$f.csv.gz" | md5sum)" = "$(gzip -dc "$S.j2/$f.csv.gz" | md5sum)" ]; then ok; else
		bad "screen: $f lane differs between -j 1 and -j 2"; fi
done

# --- the allow-list: a reviewed false positive is a note, not a hold ------
printf 'id,description,hs_code,source\nproh-013,carved iv\320\276ry,,"reviewed: resin replica, ticket 42"\n' > "$TMP/allow.csv"
expect_exit 0 "screen run --allow" "$BIN" run --profile valuation --allow "$TMP/allow.csv" -o "$S.allow" "$FIX/risk/screening-disguised.csv"
expect_eq "allowed: released with a note" "$(lane_of "$S.allow" D6) $(reasons_of "$S.allow" D6)" "release SCREEN_ALLOWED@description;UNDER_THRESHOLD;VAT_DUE"
expect_eq "allowed: hit kept in screen_hits" "$(field_of "$S.allow" D6 screen_hits)" "allowed:cites:proh-013@description=carved ivоry"
expect_eq "allowed: only that description" "$(lane_of "$S.allow" D5)" "hold"
expect_eq "summary names the allow-list" "$(screen_summary "$S.allow" '"%d %s" % (s["risk"]["allow"]["entries"], s["options"]["allow"].endswith("/allow.csv"))')" "1 True"
expect_exit 0 "verify a run with --allow" "$BIN" verify "$S.allow/summary.json"
printf 'id,description,hs_code,source\nproh-999,x,,s\n' > "$TMP/allow-bad.csv"
expect_exit 3 "allow-list naming no entry" "$BIN" run --profile valuation --allow "$TMP/allow-bad.csv" -o "$S.bad" "$FIX/risk/screening-disguised.csv"
expect_eq "allow-list error names the id" "$(grep -c "no list entry has the id 'proh-999'" "$TMP/err")" "1"

# --- a matcher error holds; a pattern that fails a probe stops the run ----
mkdir -p "$TMP/screen-lists"
{
	echo 'id,code,pattern,scope,match,action,jurisdiction,valid_from,valid_to,min_value,source'
	echo 'p1,PROHIBITED_GOODS,cocaine,description,embedded,hold,*,1999-01-01,,,test'
	echo 'p2,PROHIBITED_GOODS,zq(?:a+a+)+b,description,embedded,hold,*,1999-01-01,,,test'
} > "$TMP/screen-lists/limit.csv"
python3 -c 'import sys
print("tracking_number,consignor_country,consignee_country,consignee_postcode,date,description,hs_code,item_value,currency")
print("L1,CN,FR,69003,2024-03-12,zq" + "a" * 3000 + " cocaine,950300,25.00,EUR")
print("L2,CN,FR,69003,2024-03-12,zq" + "a" * 3000 + " cotton,950300,25.00,EUR")
print("L3,CN,FR,69003,2024-03-12,cotton socks,950300,25.00,EUR")' > "$TMP/limit.csv"
expect_exit 0 "match-limit run" "$BIN" run --profile valuation --lists "$TMP/screen-lists" -o "$S.limit" "$TMP/limit.csv"
expect_eq "match limit with cocaine: held" "$(lane_of "$S.limit" L1) $(reasons_of "$S.limit" L1)" "hold PROHIBITED_GOODS@description;SCREEN_ERROR@description"
expect_eq "match limit alone: held, never released" "$(lane_of "$S.limit" L2) $(reasons_of "$S.limit" L2)" "hold SCREEN_ERROR@description"
expect_eq "the error names the entry" "$(field_of "$S.limit" L2 screen_hits)" "error:prohibited_goods:p2@description=match limit exceeded"
expect_eq "an ordinary text: released" "$(lane_of "$S.limit" L3)" "release"
expect_eq "SCREEN_ERROR counted in summary.json" "$(screen_summary "$S.limit" 's["parcels_by_reason"]["SCREEN_ERROR"]')" "2"
echo 'p3,PROHIBITED_GOODS,(?:a+a+)+b,description,embedded,hold,*,1999-01-01,,,test' >> "$TMP/screen-lists/limit.csv"
expect_exit 3 "a pattern that fails a probe" "$BIN" run --profile valuation --lists "$TMP/screen-lists" -o "$S.probe" "$TMP/limit.csv"
expect_eq "the load error names the entry" "$(grep -c "screening entry 'p3'.*match limit exceeded on the probe" "$TMP/err")" "1"

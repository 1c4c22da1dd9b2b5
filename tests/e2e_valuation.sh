# End-to-end valuation cases, sourced by tests/e2e.sh: withdrawn
# currencies on the dates they were in use, parcels in several
# currencies, the Canadian thresholds by place of direct shipment.
# Expected lanes and values are worked by hand in fixtures/README.md.

# --- withdrawn currencies: valid on their dates, rated where quoted ------
W=$TMP/withdrawn
expect_exit 0 "withdrawn currencies run" "$BIN" run --profile valuation -o "$W" "$FIX/valuation/withdrawn-currencies.csv"
balanced "$W"
expect_eq "TRL 2004 lane" "$(lane_of "$W" TRL-2004-UNDER)" "release"
expect_eq "TRL 2004 value" "$(field_of "$W" TRL-2004-UNDER assessed_value)" "20.00"
expect_eq "TRL 2004 rate" "$(field_of "$W" TRL-2004-UNDER fx_source)" "ECB 2004-06-15 cross (EU before 2016-05-01)"
expect_eq "TRL 2004 over 22" "$(reasons_of "$W" TRL-2004-OVER)" "OVER_THRESHOLD;VAT_DUE"
expect_eq "TRL 2004 over value" "$(field_of "$W" TRL-2004-OVER assessed_value)" "25.00"
expect_eq "TRL 2005 valid, not quoted" "$(reasons_of "$W" TRL-2005-NO-RATE)" "FX_RATE_UNAVAILABLE@currency"
expect_eq "TRL 2006 withdrawn" "$(reasons_of "$W" TRL-2006-WITHDRAWN)" "CODE_NOT_IN_USE@currency"
expect_eq "ROL 2005 lane" "$(lane_of "$W" ROL-2005-UNDER)" "release"
expect_eq "ROL 2005 value" "$(field_of "$W" ROL-2005-UNDER assessed_value)" "20.00"
expect_eq "ROL after RON" "$(reasons_of "$W" ROL-2005-WITHDRAWN)" "CODE_NOT_IN_USE@currency"
expect_eq "BGN in parallel circulation, no rate" "$(reasons_of "$W" BGN-2026-PARALLEL)" "FX_RATE_UNAVAILABLE@currency"
expect_eq "BGN after 2026-01-31" "$(reasons_of "$W" BGN-2026-WITHDRAWN)" "CODE_NOT_IN_USE@currency"

# --- Canada by place of direct shipment; the US suspension by origin -----
C=$TMP/canada
expect_exit 0 "place of shipment run" "$BIN" run --profile valuation -o "$C" "$FIX/valuation/canada-place-of-shipment.csv"
balanced "$C"
expect_eq "CN goods shipped from US: CUSMA duty" "$(field_of "$C" CA-CN-FROM-US rule_id)" "ca-duty-2020-cusma"
expect_eq "CN goods shipped from US: reasons" "$(reasons_of "$C" CA-CN-FROM-US)" "UNDER_THRESHOLD;VAT_DUE"
expect_eq "CN goods shipped from US: lane" "$(lane_of "$C" CA-CN-FROM-US)" "release"
expect_eq "US goods shipped from DE: CAD 20" "$(field_of "$C" CA-US-FROM-DE threshold)" "20.00"
expect_eq "US goods shipped from DE: lane" "$(lane_of "$C" CA-US-FROM-DE)" "declare"
expect_eq "no dispatch_country: consignor MX" "$(reasons_of "$C" CA-CN-CONSIGNOR-MX)" "UNDER_THRESHOLD"
expect_eq "no dispatch_country: tax" "$(field_of "$C" CA-CN-CONSIGNOR-MX tax_due)" "N"
expect_eq "post from US: CAD 20" "$(field_of "$C" CA-POST-FROM-US rule_id)" "ca-duty-2020-post"
expect_eq "post from US: lane" "$(lane_of "$C" CA-POST-FROM-US)" "declare"
expect_eq "shipped from stock in CA" "$(reasons_of "$C" CA-STOCK-IN-CA)" "NO_CUSTOMS_BORDER"
expect_eq "dispatch_country checked" "$(reasons_of "$C" CA-BAD-DISPATCH)" "UNKNOWN_CODE@dispatch_country"
expect_eq "two places of shipment" "$(reasons_of "$C" CA-CONFLICT)" "PARCEL_CONFLICT@dispatch_country"
expect_eq "US: CN goods shipped from DE" "$(reasons_of "$C" US-CN-FROM-DE)" "DE_MINIMIS_SUSPENDED"
expect_eq "US: DE goods shipped from CN" "$(field_of "$C" US-DE-FROM-CN rule_id)" "us-duty-2025-other"
expect_eq "US: DE goods shipped from CN lane" "$(lane_of "$C" US-DE-FROM-CN)" "release"

# --- a parcel in several currencies: each converted, summed, rounded once -
M=$TMP/mixed
expect_exit 0 "mixed currencies run" "$BIN" run --profile valuation -o "$M" "$FIX/valuation/mixed-currencies.csv"
balanced "$M"
expect_eq "EUR + USD under" "$(field_of "$M" MIX-EU-UNDER assessed_value)" "146.26"
expect_eq "EUR + USD under lane" "$(lane_of "$M" MIX-EU-UNDER)" "release"
expect_eq "EUR + USD rate" "$(field_of "$M" MIX-EU-UNDER fx_source)" "ECB 2024-02-21 EU-monthly (UCC-IA Art.146)"
expect_eq "EUR + USD over" "$(field_of "$M" MIX-EU-OVER assessed_value)" "155.51"
expect_eq "EUR + USD over reasons" "$(reasons_of "$M" MIX-EU-OVER)" "OVER_THRESHOLD;VAT_DUE"
expect_eq "GBP + USD + EUR" "$(field_of "$M" MIX-THREE assessed_value)" "136.34"
expect_eq "GBP + USD + EUR lane" "$(lane_of "$M" MIX-THREE)" "release"
expect_eq "EUR + USD to the US" "$(field_of "$M" MIX-US assessed_value)" "806.98"
expect_eq "EUR + USD to the US rate" "$(field_of "$M" MIX-US fx_source)" "ECB 2024-05-02 cross"
expect_eq "EUR + USD to the US lane" "$(lane_of "$M" MIX-US)" "declare"
expect_eq "a currency with no rate" "$(reasons_of "$M" MIX-NO-RATE)" "FX_RATE_UNAVAILABLE@currency"
expect_eq "declared values per currency" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["declared_value_by_destination"]
print(d["FR"]["release"]["GBP"], d["FR"]["release"]["USD"], d["FR"]["release"]["EUR"])' "$M/summary.json")" "60 50 20"

# End-to-end tests of --export (docs/exports.md), sourced by tests/e2e.sh.
# The golden files fixtures/expected/exports-*.csv are worked by hand in
# fixtures/README.md ("exports/batch.csv", "exports/us-gb.csv"); the
# *.worked.csv beside them were worked apart, from the element lists alone,
# without the program or its golden files, and each export is compared
# with both.

X=$TMP/export
expect_exit 0 "export run -j 1" "$BIN" run -j 1 -o "$X/j1" --export h7,cn23 "$FIX/exports/batch.csv"
expect_exit 0 "export run -j 2" "$BIN" run -j 2 -o "$X/j2" --export cn23,h7 "$FIX/exports/batch.csv"
balanced "$X/j1"
for s in h7 cn23; do
	if gzip -dc "$X/j1/export-$s.csv.gz" | cmp -s - "$FIX/expected/exports-batch.$s.csv"; then ok; else
		bad "export-$s.csv.gz differs from fixtures/expected/exports-batch.$s.csv"
		gzip -dc "$X/j1/export-$s.csv.gz" | diff "$FIX/expected/exports-batch.$s.csv" - | head -10 >&2
	fi
	if gzip -dc "$X/j1/export-$s.csv.gz" | cmp -s - "$FIX/expected/exports-batch.$s.worked.csv"; then ok; else
		bad "export-$s.csv.gz differs from fixtures/expected/exports-batch.$s.worked.csv"; fi
	if cmp -s "$X/j1/export-$s.csv.gz" "$X/j2/export-$s.csv.gz"; then ok; else
		bad "export-$s.csv.gz differs between -j 1 and -j 2"; fi
	expect_eq "summary digest of export-$s" \
	    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["outputs"][sys.argv[2]]["sha256_uncompressed"])' "$X/j1/summary.json" "export-$s.csv.gz")" \
	    "$(gzip -dc "$X/j1/export-$s.csv.gz" | sha256sum | cut -d' ' -f1)"
done
expect_eq "summary records the exports in their own order" \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["options"]["exports"])' "$X/j2/summary.json")" "h7,cn23"
expect_eq "summary export rows" \
    "$(python3 -c 'import json, sys; o = json.load(open(sys.argv[1]))["outputs"]; print(o["export-h7.csv.gz"]["rows"], o["export-cn23.csv.gz"]["rows"])' "$X/j1/summary.json")" "6 3"
expect_exit 0 "verify replays the exports" "$BIN" verify "$X/j1/summary.json"
gzip -dc "$X/j1/export-cn23.csv.gz" | sed 's/Amy Clark/Amy Clerk/' | gzip -n > "$X/j1/cn23.tmp"
mv "$X/j1/cn23.tmp" "$X/j1/export-cn23.csv.gz"
expect_exit 1 "verify detects a changed export file" "$BIN" verify "$X/j1/summary.json"
if grep -q "export-cn23.csv.gz' changed" "$TMP/err"; then ok; else
	bad "verify names the changed export: $(cat "$TMP/err")"; fi

# one data set alone; none: no file, options.exports null
expect_exit 0 "export h7 only" "$BIN" run -o "$X/h7" --export h7 "$FIX/exports/batch.csv"
if [ -f "$X/h7/export-h7.csv.gz" ] && [ ! -e "$X/h7/export-cn23.csv.gz" ]; then ok; else
	bad "--export h7 writes export-h7.csv.gz alone"; fi
expect_exit 0 "no export" "$BIN" run -o "$X/none" "$FIX/exports/batch.csv"
if ls "$X/none" | grep -q '^export-'; then bad "an export without --export"; else ok; fi
expect_eq "no export recorded as null" \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["options"]["exports"])' "$X/none/summary.json")" "None"

# the option: unknown, repeated, not supported; check accepts it
expect_exit 2 "--export of an unknown data set" "$BIN" run -o "$X/bad" --export h8 "$FIX/exports/batch.csv"
if grep -q "unknown data set 'h8'" "$TMP/err"; then ok; else
	bad "--export h8 message: $(cat "$TMP/err")"; fi
expect_exit 2 "--export of a data set twice" "$BIN" run -o "$X/bad" --export h7,h7 "$FIX/exports/batch.csv"
expect_exit 1 "check accepts --export" "$BIN" check --export h7,cn23 "$FIX/exports/batch.csv"

# a later run without a data set removes that data set's earlier file
expect_exit 0 "export cn23 over an h7 run" "$BIN" run -o "$X/h7" --export cn23 "$FIX/exports/batch.csv"
if [ ! -e "$X/h7/export-h7.csv.gz" ] && [ -f "$X/h7/export-cn23.csv.gz" ]; then ok; else
	bad "the earlier export-h7.csv.gz is left beside a run without it"; fi

# US entries (ACE) and the UK H7: fixtures/README.md, "exports/us-gb.csv"
for j in 1 2; do
	expect_exit 0 "export us-gb -j $j" "$BIN" run -j $j -o "$X/ug$j" --export ace,uk-h7,cn23 "$FIX/exports/us-gb.csv"
done
balanced "$X/ug1"
for s in ace uk-h7; do
	if gzip -dc "$X/ug1/export-$s.csv.gz" | cmp -s - "$FIX/expected/exports-us-gb.$s.csv"; then ok; else
		bad "export-$s.csv.gz differs from fixtures/expected/exports-us-gb.$s.csv"
		gzip -dc "$X/ug1/export-$s.csv.gz" | diff "$FIX/expected/exports-us-gb.$s.csv" - | head -10 >&2
	fi
	if cmp -s "$X/ug1/export-$s.csv.gz" "$X/ug2/export-$s.csv.gz"; then ok; else
		bad "export-$s.csv.gz differs between -j 1 and -j 2"; fi
done
for s in ace uk-h7 cn23; do
	if gzip -dc "$X/ug1/export-$s.csv.gz" | cmp -s - "$FIX/expected/exports-us-gb.$s.worked.csv"; then ok; else
		bad "export-$s.csv.gz differs from fixtures/expected/exports-us-gb.$s.worked.csv"
		gzip -dc "$X/ug1/export-$s.csv.gz" | diff "$FIX/expected/exports-us-gb.$s.worked.csv" - | head -10 >&2
	fi
done
expect_eq "a US postal item is in cn23, not ace" \
    "$(gzip -dc "$X/ug1/export-cn23.csv.gz" | awk -F, 'NR > 1 { print $1 }') $(gzip -dc "$X/ug1/export-ace.csv.gz" | grep -c RR200000068CN)" \
    "RR200000068CN 0"
expect_eq "us-gb exports recorded" \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["options"]["exports"])' "$X/ug1/summary.json")" "uk-h7,cn23,ace"
expect_exit 0 "verify of the us-gb exports" "$BIN" verify "$X/ug1/summary.json"

# --filing: the parameters into the data sets, recorded, verified
F=$FIX/exports/filing.conf
expect_exit 0 "export with --filing" "$BIN" run -o "$X/fil" --export ace,uk-h7,cn23 --filing "$F" "$FIX/exports/us-gb.csv"
expect_eq "ace master waybill, port and filer from the filing file" \
    "$(gzip -dc "$X/fil/export-ace.csv.gz" | sed -n 2p | python3 -c 'import csv, sys; r = next(csv.reader(sys.stdin)); print(r[2], r[20], r[21])')" \
    "176-12345675 4701 A1B"
expect_eq "uk-h7 declarant, representative, status, location, office" \
    "$(gzip -dc "$X/fil/export-uk-h7.csv.gz" | python3 -c 'import csv, sys; r = next(csv.DictReader(sys.stdin)); print(r["3/18 declarant identification number"], r["3/20 representative identification number"], r["3/21 representative status code"], r["5/23 location of goods"], r["5/26 customs office of presentation"])')" \
    "NL123456789 DE987654321012345 3 NLAMS NL000396"
expect_eq "cn23 receptacle" \
    "$(gzip -dc "$X/fil/export-cn23.csv.gz" | python3 -c 'import csv, sys; print(next(csv.DictReader(sys.stdin))["receptacle identifier"])')" \
    "CNSHAADEFRAAAUN51001001100012"
expect_eq "summary records the filing values" \
    "$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(s["options"]["filing"] == sys.argv[2], s["filing"]["customs_office"], s["filing"]["representative_status"], [d["option"] for d in s["data_files"]])' "$X/fil/summary.json" "$F")" \
    "True NL000396 3 ['filing']"
expect_exit 0 "verify with --filing" "$BIN" verify "$X/fil/summary.json"
cp "$F" "$X/filing.conf"
expect_exit 0 "export with a copied filing file" "$BIN" run -o "$X/fil2" --export ace --filing "$X/filing.conf" "$FIX/exports/us-gb.csv"
sed 's/A1B/A1C/' "$F" > "$X/filing.conf"
expect_exit 3 "verify detects a changed filing file" "$BIN" verify "$X/fil2/summary.json"
printf 'declarant_eori = NL123456789\nrepresentative_status = 2\n' > "$X/bad.conf"
expect_exit 3 "a status without a representative" "$BIN" run -o "$X/bad" --filing "$X/bad.conf" "$FIX/exports/us-gb.csv"
printf 'port_of_entry = 47010\n' > "$X/bad.conf"
expect_exit 3 "a bad port of entry" "$BIN" check --filing "$X/bad.conf" "$FIX/exports/us-gb.csv"
if grep -q "bad.conf:line 1: port_of_entry: '47010' is not a port code" "$TMP/err"; then ok; else
	bad "filing error names file, line and key: $(cat "$TMP/err")"; fi

# intrinsic value in EUR: the USD parcel of fixtures/duty at the EU rate
expect_exit 0 "h7 of the flat-duty batch" "$BIN" run -o "$X/fd" --export h7 --fx "$FIX/duty/fx-2026-test.csv" "$FIX/duty/flat-duty-2026.csv"
expect_eq "h7 174.00 USD at 1.1600: EUR 150.00 per item and consignment, duty 3.00" \
    "$(gzip -dc "$X/fd/export-h7.csv.gz" | python3 -c '
import csv, sys
r = csv.DictReader(sys.stdin)
for x in r:
    if x["12 09 000 000 LRN"] == "FLAT-USD":
        print(x["14 14 000 000 intrinsic value"], x["14 14 currency"], x["intrinsic value in EUR (item)"], x["intrinsic value in EUR (consignment)"], x["duty_amount"], x["11 10 000 000 additional procedure"] or "-")')" \
    "174.00 USD 150.00 150.00 3.00 -"
expect_eq "h7 takes 150.00 and leaves 150.01 out" \
    "$(gzip -dc "$X/fd/export-h7.csv.gz" | cut -d, -f1 | grep -c '^FLAT-150-00$') $(gzip -dc "$X/fd/export-h7.csv.gz" | cut -d, -f1 | grep -c '^FLAT-150-01$')" \
    "1 0"

# the optional manifest columns the data sets need
O=$FIX/exports/optional-columns.csv
expect_exit 0 "optional columns run" "$BIN" run -o "$X/opt" --export h7,cn23,ace --filing "$F" "$O"
expect_eq "h7 exporter postcode and city" \
    "$(gzip -dc "$X/opt/export-h7.csv.gz" | python3 -c 'import csv, sys; r = next(csv.DictReader(sys.stdin)); print(r["13 01 018 021 exporter postcode"], r["13 01 018 022 exporter city"])')" \
    "518057 Shenzhen"
expect_eq "cn23 sender, addressee phone and e-mail, net weight" \
    "$(gzip -dc "$X/opt/export-cn23.csv.gz" | python3 -c 'import csv, sys; r = next(csv.DictReader(sys.stdin)); print(r["sender postcode"], r["sender city"], r["addressee telephone"], r["addressee e-mail"], r["(3) net weight (kg)"])')" \
    "518057 Shenzhen +33 4 78 00 00 00 luc.bernard@example.fr 0.30"
expect_eq "ace master waybill: the parcel's over the filing default" \
    "$(gzip -dc "$X/opt/export-ace.csv.gz" | python3 -c 'import csv, sys; print(" ".join(r["master bill of lading / air waybill"] for r in csv.DictReader(sys.stdin)))')" \
    "020-87654321 176-12345675"
expect_eq "optional columns in the lanes" \
    "$(field_of "$X/opt" RR200000071CN consignee_email) $(field_of "$X/opt" US-MAWB-01 master_waybill)" \
    "luc.bernard@example.fr 020-87654321"

# amounts of an input whose map says decimal = , (fixtures/demo)
# H7 requires the parties, description, HS code and gross mass that this
# carrier export lacks: without them the parcel is a reject
expect_exit 0 "h7 of a decimal-comma input without H7's columns" "$BIN" run --profile valuation --map "$FIX/demo/carrier-export.map" -o "$X/dc0" --export h7 "$FIX/demo/carrier-export.csv"
expect_eq "a carrier export without H7's columns is rejected" \
    "$(lane_of "$X/dc0" LX100000017CN) $(reasons_of "$X/dc0" LX100000017CN | tr ';' '\n' | grep -c '^MISSING_FOR_EXPORT@')" \
    "reject 9"
# the same map with constants for those columns
{ cat "$FIX/demo/carrier-export.map"
  printf '%s\n' 'consignor_name = Shenzhen Gadget Co' 'consignor_address = 88 Keyuan Rd' \
      'consignor_city = Shenzhen' 'consignee_name = Marie Dupont' \
      'consignee_address = 12 rue des Lilas' 'consignee_city = Lyon' \
      'description = ceramic coffee mug' 'hs_code = 691200' 'gross_mass_kg = 0,35'
} > "$X/carrier-h7.map"
expect_exit 0 "h7 of a decimal-comma input" "$BIN" run --profile valuation --map "$X/carrier-h7.map" -o "$X/dc" --export h7 "$FIX/demo/carrier-export.csv"
expect_eq "h7 value 55,00 EUR read as 55.00" \
    "$(gzip -dc "$X/dc/export-h7.csv.gz" | python3 -c 'import csv, sys; r = next(csv.DictReader(sys.stdin)); print(r["12 09 000 000 LRN"], r["14 14 000 000 intrinsic value"], r["intrinsic value in EUR (item)"], r["intrinsic value in EUR (consignment)"])')" \
    "LX100000017CN 55.00 55.00 55.00"

# A column the requested data set requires (fixtures/exports/missing-city.csv,
# fixtures/README.md): only with that data set in --export, only for the
# records its destination and channel put in its scope
M=$FIX/exports/missing-city.csv
expect_exit 0 "missing consignor_city, --export h7" "$BIN" run -o "$X/mc" --export h7 "$M"
expect_eq "DE parcel without consignor_city: reject naming the column" \
    "$(lane_of "$X/mc" XM-DE-NOCITY) $(reasons_of "$X/mc" XM-DE-NOCITY)" \
    "reject MISSING_FOR_EXPORT@consignor_city"
expect_eq "DE parcel without consignee_city: reject naming the column" \
    "$(lane_of "$X/mc" XM-DE-NOIMPCITY) $(reasons_of "$X/mc" XM-DE-NOIMPCITY)" \
    "reject MISSING_FOR_EXPORT@consignee_city"
expect_eq "DE parcel with its city is in the h7 file; the US one is out of h7's scope" \
    "$(lane_of "$X/mc" XM-DE-CITY) $(lane_of "$X/mc" XM-US-NOCITY) $(gzip -dc "$X/mc/export-h7.csv.gz" | cut -d, -f1 | sed 1d | tr '\n' ' ')" \
    "release release XM-DE-CITY "
expect_exit 0 "missing consignor_city, no --export" "$BIN" run -o "$X/mc0" "$M"
expect_eq "without --export nothing is required" \
    "$(lane_of "$X/mc0" XM-DE-NOCITY) $(lane_of "$X/mc0" XM-DE-NOIMPCITY) $(reasons_of "$X/mc0" XM-DE-NOCITY | grep -c MISSING_FOR_EXPORT)" \
    "release release 0"
expect_exit 0 "missing consignor_city, --export ace" "$BIN" run -o "$X/mca" --export ace "$M"
expect_eq "ace requires no shipper city; the DE parcels are out of its scope" \
    "$(lane_of "$X/mca" XM-US-NOCITY) $(lane_of "$X/mca" XM-DE-NOCITY)" \
    "release release"
expect_exit 1 "check --export h7 of missing-city.csv" "$BIN" check --export h7 "$M"
expect_eq "check --export h7 lists the missing columns" \
    "$(grep -c 'MISSING_FOR_EXPORT' "$TMP/out") $(grep -c 'MISSING_FOR_EXPORT@consignor_city' "$TMP/out") $(grep -c 'MISSING_FOR_EXPORT@consignee_city' "$TMP/out")" \
    "2 1 1"
expect_exit 0 "check without --export of missing-city.csv" "$BIN" check "$M"
expect_exit 0 "explain MISSING_FOR_EXPORT@consignor_city" "$BIN" explain MISSING_FOR_EXPORT@consignor_city
expect_eq "explain gives the element number of each data set" \
    "$(grep '^  element:' "$TMP/out" | sed 's/^  element: //' | tr '\n' '|')" \
    "13 01 018 022 exporter city (--export h7)|3/1 exporter city (--export uk-h7)|sender city (--export cn23)|"
expect_eq "explain gives the lane" "$(grep '^  lane:' "$TMP/out")" "  lane:    reject"

# gross mass per consignment, summed exactly over the goods items
# (fixtures/README.md): EXH7-IOSS-01 0.40 + 0.60 = 1 (its exact duplicate
# is no goods item), EXFLAT-NL-01 0.30 + 0.25 = 0.55
expect_eq "h7 gross mass per consignment" \
    "$(gzip -dc "$X/j1/export-h7.csv.gz" | python3 -c 'import csv, sys; print(" ".join(r["12 09 000 000 LRN"] + "=" + r["gross mass (kg) (consignment)"] for r in csv.DictReader(sys.stdin)))')" \
    "EXH7-IOSS-01=1 RR200000010CN=0.35 EXH7-IOSS-01=1 EXGIFT-NL-01=0.2 EXFLAT-NL-01=0.55 EXFLAT-NL-01=0.55"
expect_eq "cn23 (4) total gross weight" \
    "$(gzip -dc "$X/j1/export-cn23.csv.gz" | python3 -c 'import csv, sys; print(" ".join(r["(4) total gross weight (kg)"] for r in csv.DictReader(sys.stdin)))')" \
    "0.35 0.3 0.6"

# the requirement is part of the run: -j 2 gives the same lanes, and
# verify replays it with the same data sets
expect_exit 0 "missing consignor_city, -j 2" "$BIN" run -j 2 -o "$X/mc2" --export h7 "$M"
if cmp -s "$X/mc/reject.csv.gz" "$X/mc2/reject.csv.gz" && cmp -s "$X/mc/export-h7.csv.gz" "$X/mc2/export-h7.csv.gz"; then ok; else
	bad "MISSING_FOR_EXPORT lanes differ between -j 1 and -j 2"; fi
expect_exit 0 "verify a run with MISSING_FOR_EXPORT rejects" "$BIN" verify "$X/mc/summary.json"

# UK H7 1/9 counts goods items: fixtures/exports/uk-postage.csv, GB-POST
# is two goods rows and a postage line (postage.map), GB-DUP two goods
# rows and an exact copy; both declare 2 items, numbered 1 and 2
expect_exit 0 "uk-h7 with a postage line" "$BIN" run --map "$FIX/exports/postage.map" \
    --export uk-h7 -o "$X/post" "$FIX/exports/uk-postage.csv"
expect_eq "uk-h7 1/9 and 1/6 without the postage line" "$(gzip -dc "$X/post/export-uk-h7.csv.gz" | python3 -c '
import csv, sys
r = csv.reader(sys.stdin)
h = next(r)
n = [k for k, c in enumerate(h) if c.startswith("1/9")][0]
g = [k for k, c in enumerate(h) if c.startswith("1/6")][0]
print(" ".join("%s:%s/%s" % (row[0], row[g], row[n]) for row in r))')" \
    "GB-POST:1/2 GB-POST:2/2 GB-DUP:1/2 GB-DUP:2/2"

# Restricted goods need a full declaration: a parcel declared for a
# restricted-goods hit is in neither H7 file (fixtures/README.md,
# "exports/restricted.csv")
R=$FIX/exports/restricted.csv
expect_exit 0 "export of restricted.csv" "$BIN" run -o "$X/rs" --export h7,uk-h7 "$R"
expect_eq "seeds are declared for RESTRICTED_GOODS, the mugs released" \
    "$(lane_of "$X/rs" EXR-FR-SEEDS) $(lane_of "$X/rs" EXR-GB-SEEDS) $(lane_of "$X/rs" EXR-FR-MUG) $(lane_of "$X/rs" EXR-GB-MUG) $(reasons_of "$X/rs" EXR-FR-SEEDS | tr ';' '\n' | grep -c '^RESTRICTED_GOODS@description$')" \
    "declare declare release release 1"
expect_eq "h7 and uk-h7 hold only the mugs" \
    "$(gzip -dc "$X/rs/export-h7.csv.gz" | sed 1d | cut -d, -f1 | tr '\n' ' ')/$(gzip -dc "$X/rs/export-uk-h7.csv.gz" | sed 1d | cut -d, -f1 | tr '\n' ' ')" \
    "EXR-FR-MUG /EXR-GB-MUG "

# H7 carries at most 999 goods items (DE 11 03): H7-999 is 999 goods rows
# and a postage line, H7-1000 a thousand goods rows, to two consignees;
# EUR 0.10 each, so both are within EUR 150 and released
python3 - "$FIX/exports/batch.csv" "$X/items.csv" <<'PY'
import csv, sys
src = csv.reader(open(sys.argv[1], newline=""))
head = next(src)
first = next(src)
out = csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n")
out.writerow(head + ["kind"])
col = {c: k for k, c in enumerate(head)}
def rows(tn, consignee, goods, postage):
    for i in range(goods + postage):
        r = list(first)
        r[col["tracking_number"]] = tn
        r[col["consignee_name"]] = consignee
        r[col["consignee_address"]] = consignee + " street 1"
        r[col["description"]] = "cotton T-shirt style %d" % (i + 1)
        r[col["item_seq"]] = str(i + 1)
        r[col["ioss_number"]] = ""
        r[col["quantity"]] = "1"
        r[col["item_value"]] = "0.10"
        r[col["gross_mass_kg"]] = "0.01"
        kind = "goods"
        if i == goods:
            r[col["description"]] = "postage"
            r[col["hs_code"]] = ""
            kind = "POST"
        out.writerow(r + [kind])
rows("H7-999", "Anne Martin", 999, 1)
rows("H7-1000", "Paul Girard", 1000, 0)
PY
expect_exit 0 "h7 of 999 and 1000 goods items" "$BIN" run --map "$FIX/exports/postage.map" \
    --export h7 -o "$X/items" "$X/items.csv"
expect_eq "both released; h7 holds H7-999's 999 goods items, not H7-1000" \
    "$(lane_of "$X/items" H7-999) $(lane_of "$X/items" H7-1000) $(gzip -dc "$X/items/export-h7.csv.gz" | sed 1d | cut -d, -f1 | sort | uniq -c | tr -s ' ' | sed 's/^ //')" \
    "release release 999 H7-999"

/*
 * test_screen: loading screening lists and matching descriptions and
 * party names, on the shipped lists and on hand-made ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "date.h"
#include "schema.h"
#include "screen.h"

#define D(y, m, d) pcl_date_from_ymd((y), (m), (d))

/* Screens description 'desc' and consignee name 'name' and returns the
 * formatted reasons in 'buf'. */
static const char *
run(struct pcl_screen *s, const char *desc, const char *name,
    const char *dest, const char *uni, int32_t date, const char *value,
    const char *qty, const char *cur, char *buf, size_t size)
{
	struct pcl_screen_query q;
	struct pcl_reasons rs;

	memset(&q, 0, sizeof q);
	q.text[0] = desc;
	q.len[0] = desc ? strlen(desc) : 0;
	q.column[0] = PCL_COL_DESCRIPTION;
	q.text[2] = name;
	q.len[2] = name ? strlen(name) : 0;
	q.column[2] = PCL_COL_CONSIGNEE_NAME;
	q.column[1] = PCL_COL_CONSIGNOR_NAME;
	q.dest = dest;
	q.union_name = uni;
	q.date = date;
	if (value != NULL)
		CU_ASSERT_EQUAL(pcl_money_parse(value, strlen(value), '.',
		    &q.value_micros), 0);
	if (qty != NULL)
		CU_ASSERT_EQUAL(pcl_money_parse(qty, strlen(qty), '.',
		    &q.quantity_micros), 0);
	q.currency = cur;
	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL(pcl_screen_check(s, &q, &rs), 0);
	pcl_reasons_format(&rs, buf, size);
	pcl_reasons_release(&rs);
	return buf;
}

#define DESC(s, desc, dest, uni, date)                                     \
	run((s), (desc), NULL, (dest), (uni), (date), NULL, NULL, NULL, buf, \
	    sizeof buf)

static struct pcl_screen *
shipped(void)
{
	struct pcl_screen *s = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_screen_open(&s, NULL, &err), PCL_OK);
	return s;
}

static void
test_screen_shipped_lists_load(void)
{
	struct pcl_screen *s = shipped();

	/* seven files: hs-goods, ipr-watch, multilingual-goods, prohibited,
	 * relief-excluded, restricted, vague-descriptions; value-per-kg.csv
	 * is not a screening list */
	CU_ASSERT_EQUAL(pcl_screen_nfiles(s), 7);
	CU_ASSERT_STRING_EQUAL(pcl_screen_file_name(s, 0),
	    "data/lists/hs-goods.csv");
	CU_ASSERT(pcl_screen_count(s) > 100);
	CU_ASSERT_EQUAL(strlen(pcl_screen_file_sha256(s, 0)), 64);
	pcl_screen_free(s);
	pcl_screen_free(NULL);
}

static void
test_screen_standalone_stop_word_rejects_from_its_date(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	/* CBP list for the US from 2024-04-01 (CSMS #60011750) */
	CU_ASSERT_STRING_EQUAL(DESC(s, "gift", "US", NULL, D(2024, 4, 1)),
	    "VAGUE_DESCRIPTION@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "gift", "US", NULL, D(2024, 3, 31)), "");
	/* case, surrounding spaces and punctuation do not matter */
	CU_ASSERT_STRING_EQUAL(DESC(s, "  Gift. ", "US", NULL, D(2025, 1, 1)),
	    "VAGUE_DESCRIPTION@description");
	/* the ICS2 list applies in the EU from 2021-03-15, via the union */
	CU_ASSERT_STRING_EQUAL(DESC(s, "ACCESSORIES", "FR", "EU",
	    D(2021, 3, 15)), "VAGUE_DESCRIPTION@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "ACCESSORIES", "FR", "EU",
	    D(2021, 3, 14)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "accessories", "FR", NULL,
	    D(2024, 1, 1)), "");
	pcl_screen_free(s);
}

static void
test_screen_embedded_stop_word_is_soft_and_whole_word(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	CU_ASSERT_STRING_EQUAL(DESC(s, "birthday gift card", "FR", "EU",
	    D(2024, 3, 12)), "VAGUE_TERM@description");
	/* whole words only: giftware and gifts are not "gift" */
	CU_ASSERT_STRING_EQUAL(DESC(s, "giftware mug", "FR", "EU",
	    D(2024, 3, 12)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "phone case silicone", "FR", "EU",
	    D(2024, 3, 12)), "VAGUE_TERM@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "cotton pillow cases", "FR", "EU",
	    D(2024, 3, 12)), "");
	pcl_screen_free(s);
}

static void
test_screen_every_entry_at_every_position(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	/* "lithium battery" (prohibited) and "battery" (ICS2, inside a
	 * longer text) overlap; "perfume" is excluded from EU relief */
	CU_ASSERT_STRING_EQUAL(DESC(s, "lithium battery and perfume", "DE",
	    "EU", D(2024, 3, 12)),
	    "EXCLUDED_GOODS@description;PROHIBITED_GOODS@description;"
	    "VAGUE_TERM@description");
	pcl_screen_free(s);
}

static void
test_screen_chinese_entry_matches_as_substring(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	/* 锂电池 (lithium battery) inside 锂电池充电宝 (power bank):
	 * no word boundary in Chinese */
	CU_ASSERT_STRING_EQUAL(DESC(s, "锂电池充电宝", "US", NULL,
	    D(2024, 3, 12)), "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "锂电池充电宝", "US", NULL,
	    D(2016, 3, 31)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "リチウムイオン電池", "JP", NULL,
	    D(2024, 3, 12)), "PROHIBITED_GOODS@description");
	/* non-ASCII letters are word characters: no hit inside a word */
	CU_ASSERT_STRING_EQUAL(DESC(s, "überperfumes", "DE", "EU",
	    D(2024, 3, 12)), "");
	pcl_screen_free(s);
}

static void
test_screen_party_names(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	CU_ASSERT_STRING_EQUAL(run(s, "paperback novel", "Unknown", "FR", "EU",
	    D(2024, 3, 12), NULL, NULL, NULL, buf, sizeof buf),
	    "VAGUE_DESCRIPTION@consignee_name");
	CU_ASSERT_STRING_EQUAL(run(s, "paperback novel", "N/A", "FR", "EU",
	    D(2024, 3, 12), NULL, NULL, NULL, buf, sizeof buf),
	    "VAGUE_DESCRIPTION@consignee_name");
	CU_ASSERT_STRING_EQUAL(run(s, "paperback novel", "Unknown", "US", NULL,
	    D(2024, 3, 12), NULL, NULL, NULL, buf, sizeof buf), "");
	/* a party stop word is not a goods stop word */
	CU_ASSERT_STRING_EQUAL(DESC(s, "private", "FR", "EU", D(2024, 3, 12)),
	    "");
	pcl_screen_free(s);
}

static void
test_screen_relief_excluded_by_jurisdiction_and_date(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	CU_ASSERT_STRING_EQUAL(DESC(s, "red wine 750 ml", "GB", NULL,
	    D(2021, 1, 1)), "EXCLUDED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "red wine 750 ml", "GB", NULL,
	    D(2020, 12, 31)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "red wine 750 ml", "US", NULL,
	    D(2024, 1, 1)), "");
	pcl_screen_free(s);
}

static void
test_screen_ipr_minimum_value_per_unit(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	/* rolex: 300.00 USD per unit (illustrative); below it: hold */
	CU_ASSERT_STRING_EQUAL(run(s, "Rolex Submariner watch", NULL, "US",
	    NULL, D(2024, 3, 12), "299.99", "1", "USD", buf, sizeof buf),
	    "IPR_SUSPECT@description");
	CU_ASSERT_STRING_EQUAL(run(s, "Rolex Submariner watch", NULL, "US",
	    NULL, D(2024, 3, 12), "300.00", "1", "USD", buf, sizeof buf), "");
	/* two units at 599.98: 299.99 each */
	CU_ASSERT_STRING_EQUAL(run(s, "rolex watch", NULL, "US", NULL,
	    D(2024, 3, 12), "599.98", "2", "USD", buf, sizeof buf),
	    "IPR_SUSPECT@description");
	CU_ASSERT_STRING_EQUAL(run(s, "rolex watch", NULL, "US", NULL,
	    D(2024, 3, 12), "600.00", "2", "USD", buf, sizeof buf), "");
	/* another currency and no FX table: no guess, no flag */
	CU_ASSERT_STRING_EQUAL(run(s, "rolex watch", NULL, "GB", NULL,
	    D(2024, 3, 12), "10.00", "1", "GBP", buf, sizeof buf), "");
	pcl_screen_free(s);
}

static void
test_screen_antique_needs_goods_context(void)
{
	struct pcl_screen *s = shipped();
	char buf[256];

	/* restr-006: antiques as goods (an article, an age, "genuine") */
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique vase", "FR", "EU",
	    D(2024, 3, 12)), "RESTRICTED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "silver teapot, antique, over 100 "
	    "years old", "FR", "EU", D(2024, 3, 12)),
	    "RESTRICTED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique (circa 1890) mirror", "FR",
	    "EU", D(2024, 3, 12)), "RESTRICTED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "18th century antique clock", "FR",
	    "EU", D(2024, 3, 12)), "RESTRICTED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "genuine antique", "FR", "EU",
	    D(2024, 3, 12)), "RESTRICTED_GOODS@description");
	/* the style: a colour, a finish, a material (UCI Online Retail) */
	CU_ASSERT_STRING_EQUAL(DESC(s, "WOODEN FRAME ANTIQUE WHITE", "FR",
	    "EU", D(2024, 3, 12)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique brass finish door knob", "FR",
	    "EU", D(2024, 3, 12)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "ANTIQUE SILVER TEA GLASS ETCHED", "FR",
	    "EU", D(2024, 3, 12)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "T-LIGHT GLASS FLUTED ANTIQUE", "FR",
	    "EU", D(2024, 3, 12)), "");
	/* an article, but a copy: "style", "replica"; a hyphenated style */
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique clock style wall sticker",
	    "FR", "EU", D(2024, 3, 12)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique vase replica", "FR", "EU",
	    D(2024, 3, 12)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique-style vase", "FR", "EU",
	    D(2024, 3, 12)), "");
	/* a number that is no age */
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique 100 pcs beads", "FR", "EU",
	    D(2024, 3, 12)), "");
	/* valid from 1999-01-01 */
	CU_ASSERT_STRING_EQUAL(DESC(s, "antique vase", "FR", "EU",
	    D(1998, 12, 31)), "");
	pcl_screen_free(s);
}

/* Writes 'text' as 'dir'/'name'. */
static void
put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static void
rm(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

#define HDR "id,code,pattern,scope,match,action,jurisdiction,valid_from," \
	"valid_to,min_value,source\n"

static void
test_screen_custom_dir_replaces_shipped_lists(void)
{
	char dir[] = "/tmp/pcl-screen-XXXXXX", buf[256];
	struct pcl_screen *s = NULL;
	struct pcl_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	/* empty directory: no screening at all */
	CU_ASSERT_EQUAL(pcl_screen_open(&s, dir, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_screen_count(s), 0);
	CU_ASSERT_STRING_EQUAL(DESC(s, "gift", "US", NULL, D(2025, 1, 1)), "");
	pcl_screen_free(s);

	put(dir, "a.csv", "# comment\n" HDR
	    "t1,PROHIBITED_GOODS,widget,description,embedded,hold,*,"
	    "2020-01-01,2020-12-31,,\"test, with comma\"\n"
	    "t2,VAGUE_TERM,thing(?:amajig)?,description,embedded,flag,XX,"
	    "2020-01-01,,,test\n");
	put(dir, "value-per-kg.csv", "not,a,list\n");
	CU_ASSERT_EQUAL_FATAL(pcl_screen_open(&s, dir, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_screen_count(s), 2);
	CU_ASSERT_EQUAL(pcl_screen_nfiles(s), 1);
	/* valid_to is inclusive */
	CU_ASSERT_STRING_EQUAL(DESC(s, "blue widget", "FR", NULL,
	    D(2020, 12, 31)), "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "blue widget", "FR", NULL,
	    D(2021, 1, 1)), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "a thingamajig", "XX", NULL,
	    D(2021, 1, 1)), "VAGUE_TERM@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "gift", "US", NULL, D(2025, 1, 1)), "");
	pcl_screen_free(s);
	rm(dir, "a.csv");
	rm(dir, "value-per-kg.csv");
	rmdir(dir);
}

/*
 * the alternatives are dispatched on the first character; entries
 * with any first unit (an alternation, a class, an optional prefix, a
 * caseless letter matching a non-ASCII one) are still all found.
 */
static void
test_screen_first_character_dispatch_finds_every_entry(void)
{
	char dir[] = "/tmp/pcl-screen-XXXXXX", buf[256];
	struct pcl_screen *s = NULL;
	struct pcl_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	put(dir, "a.csv", HDR
	    "d1,PROHIBITED_GOODS,kilo,description,embedded,hold,*,"
	    "2020-01-01,,,test\n"
	    "d2,RESTRICTED_GOODS,(?:big )?knife|dagger,description,embedded,"
	    "declare,*,2020-01-01,,,test\n"
	    "d3,VAGUE_TERM,[0-9]+ pcs,description,embedded,flag,*,"
	    "2020-01-01,,,test\n"
	    "d4,EXCLUDED_GOODS,\xc3\xa9t\xc3\xa9,description,embedded,"
	    "declare,*,2020-01-01,,,test\n");
	CU_ASSERT_EQUAL_FATAL(pcl_screen_open(&s, dir, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_screen_count(s), 4);
	/* K (U+212A KELVIN SIGN) folds to k: "\u212aILO" is "kilo" */
	CU_ASSERT_STRING_EQUAL(DESC(s, "1 \xe2\x84\xaaILO", "FR", NULL,
	    D(2021, 1, 1)), "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "a Big Knife", "FR", NULL,
	    D(2021, 1, 1)), "RESTRICTED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "DAGGER", "FR", NULL, D(2021, 1, 1)),
	    "RESTRICTED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "kilo of 12 pcs", "FR", NULL,
	    D(2021, 1, 1)), "PROHIBITED_GOODS@description;"
	    "VAGUE_TERM@description");
	/* caseless non-ASCII: ÉTÉ is été */
	CU_ASSERT_STRING_EQUAL(DESC(s, "robe \xc3\x89T\xc3\x89", "FR", NULL,
	    D(2021, 1, 1)), "EXCLUDED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "kilogram knives", "FR", NULL,
	    D(2021, 1, 1)), "");
	pcl_screen_free(s);
	rm(dir, "a.csv");
	rmdir(dir);
}

/* Opens a directory holding one list 'text'; returns the status. */
static int
open_one(const char *text, struct pcl_error *err)
{
	char dir[] = "/tmp/pcl-screen-XXXXXX";
	struct pcl_screen *s = NULL;
	int rc;

	if (mkdtemp(dir) == NULL)
		return -1;
	put(dir, "l.csv", text);
	rc = pcl_screen_open(&s, dir, err);
	CU_ASSERT(rc == PCL_OK || s == NULL);
	pcl_screen_free(s);
	rm(dir, "l.csv");
	rmdir(dir);
	return rc;
}

static void
test_screen_malformed_lists_are_errors(void)
{
	struct pcl_error err;

	CU_ASSERT_EQUAL(open_one("id,pattern\n", &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 1);
	CU_ASSERT_EQUAL(open_one(HDR "x,NO_SUCH_CODE,a,description,embedded,"
	    "hold,*,2020-01-01,,,s\n", &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_STRING_EQUAL(err.field, "code");
	/* PROHIBITED_GOODS is a hold code: action declare disagrees */
	CU_ASSERT_EQUAL(open_one(HDR "x,PROHIBITED_GOODS,a,description,"
	    "embedded,declare,*,2020-01-01,,,s\n", &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "code");
	CU_ASSERT_EQUAL(open_one(HDR "x,PROHIBITED_GOODS,(a,description,"
	    "embedded,hold,*,2020-01-01,,,s\n", &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "pattern");
	CU_ASSERT_EQUAL(open_one(HDR "x,PROHIBITED_GOODS,a,goods,"
	    "embedded,hold,*,2020-01-01,,,s\n", &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "scope");
	CU_ASSERT_EQUAL(open_one(HDR "x,PROHIBITED_GOODS,a,description,"
	    "embedded,hold,*,2020-01-01,2019-12-31,,s\n", &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "valid_to");
	CU_ASSERT_EQUAL(open_one(HDR "x,IPR_SUSPECT,a,description,"
	    "embedded,hold,*,2020-01-01,,50 euros,s\n", &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "min_value");
	CU_ASSERT_EQUAL(open_one(HDR "x,PROHIBITED_GOODS,a,description,"
	    "embedded,hold,*,2020-01-01,,,\n", &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "source");
	CU_ASSERT_EQUAL(open_one(HDR "x,PROHIBITED_GOODS,a,description,"
	    "embedded,hold,usa,2020-01-01,,,s\n", &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "jurisdiction");
}

/* Screens description 'desc' with HS code 'hs' for 'dest' on 'date'. */
static const char *
run_hs(struct pcl_screen *s, const char *desc, const char *hs,
    const char *dest, int32_t date, char *buf, size_t size, char *hits,
    size_t hsize)
{
	struct pcl_screen_query q;
	struct pcl_reasons rs;

	memset(&q, 0, sizeof q);
	q.text[0] = desc;
	q.len[0] = strlen(desc);
	q.column[0] = PCL_COL_DESCRIPTION;
	q.column[1] = PCL_COL_CONSIGNOR_NAME;
	q.column[2] = PCL_COL_CONSIGNEE_NAME;
	q.dest = dest;
	q.date = date;
	q.hs = hs;
	q.hs_len = hs != NULL ? strlen(hs) : 0;
	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL(pcl_screen_check(s, &q, &rs), 0);
	pcl_reasons_format(&rs, buf, size);
	pcl_reasons_release(&rs);
	if (hits != NULL)
		(void)pcl_screen_hits(s, &q, hits, hsize);
	return buf;
}

#define HS(s, desc, hs, dest, date)                                        \
	run_hs((s), (desc), (hs), (dest), (date), buf, sizeof buf, NULL, 0)

/*
 * Look-alikes are matched as the letters they imitate: full-width forms
 * (NFKC), a soft hyphen, zero-width space or bidi control inside a word
 * (default-ignorable), Cyrillic and Greek letters (UTS #39 skeleton),
 * upper case. The shipped lists, US destination (no relief entries).
 */
static void
test_screen_lookalikes_are_caught(void)
{
	struct pcl_screen *s = shipped();
	const int32_t d = D(2024, 3, 12);
	char buf[256];

	/* full-width: U+FF4C U+FF49 ... */
	CU_ASSERT_STRING_EQUAL(DESC(s, "\xef\xbd\x8c\xef\xbd\x89\xef\xbd\x94"
	    "\xef\xbd\x88\xef\xbd\x89\xef\xbd\x95\xef\xbd\x8d\xe3\x80\x80"
	    "\xef\xbd\x82\xef\xbd\x81\xef\xbd\x94\xef\xbd\x94\xef\xbd\x85"
	    "\xef\xbd\x92\xef\xbd\x99 pack", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	/* soft hyphen U+00AD, zero-width space U+200B, RLO U+202E */
	CU_ASSERT_STRING_EQUAL(DESC(s, "lith\xc2\xadium battery pack", "US",
	    NULL, d), "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "lithium bat\xe2\x80\x8btery pack", "US",
	    NULL, d), "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "co\xe2\x80\xae" "caine", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	/* Cyrillic o U+043E, Greek omicron U+03BF, Cyrillic es U+0441 */
	CU_ASSERT_STRING_EQUAL(DESC(s, "c\xd0\xbe" "caine", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "carved iv\xd0\xbery", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "c\xce\xbf" "caine", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "\xd1\x81" "ocaine", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "CoCaInE", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	/* what is not a look-alike stays apart: the colour, plain text */
	CU_ASSERT_STRING_EQUAL(DESC(s, "iv\xd0\xbery mug cosy", "US", NULL, d),
	    "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "cotton t-shirt", "US", NULL, d), "");
	pcl_screen_free(s);
}

/*
 * HS-keyed entries of data/lists/hs-goods.csv: 8543.40 exists from
 * HS 2022 (2022-01-01) and holds by itself; before it e-cigarettes were
 * in 8543.70, where only the words together with the code hold.
 */
static void
test_screen_hs_code_entries(void)
{
	struct pcl_screen *s = shipped();
	char buf[256], hits[512];

	/* the disposable e-cigarette in Chinese: held on the code, and
	 * restricted on the words (e-cigarette, tobacco) */
	CU_ASSERT_STRING_EQUAL(run_hs(s, "\xe7\x94\xb5\xe5\xad\x90\xe7\x83\x9f"
	    " \xe4\xb8\x80\xe6\xac\xa1\xe6\x80\xa7 5000\xe5\x8f\xa3", "8543.40",
	    "US", D(2024, 3, 12), buf, sizeof buf, hits, sizeof hits),
	    "PROHIBITED_GOODS@hs_code;RESTRICTED_GOODS@description");
	CU_ASSERT_PTR_NOT_NULL(strstr(hits,
	    "e-cigarettes:hs-ecig-2022@hs_code=8543.40"));
	CU_ASSERT_PTR_NOT_NULL(strstr(hits, "e-cigarettes:ml-e-cigarettes-"
	    "zh-hans@description=\xe7\x94\xb5\xe5\xad\x90\xe7\x83\x9f"));
	/* the code alone, any words */
	CU_ASSERT_STRING_EQUAL(HS(s, "USB gadget", "854340", "US",
	    D(2022, 1, 1)), "PROHIBITED_GOODS@hs_code");
	/* before HS 2022 the subheading did not exist */
	CU_ASSERT_STRING_EQUAL(HS(s, "USB gadget", "854340", "US",
	    D(2021, 12, 31)), "");
	/* HS 2017: 8543.70 and the words, both */
	CU_ASSERT_STRING_EQUAL(HS(s, "USB gadget", "854370", "US",
	    D(2021, 6, 1)), "");
	CU_ASSERT_STRING_EQUAL(HS(s, "disposable vape 5000 puffs", "854370",
	    "US", D(2021, 6, 1)),
	    "PROHIBITED_GOODS@description;RESTRICTED_GOODS@description");
	/* chapter 93, heading 9706, lithium cells alone, worked ivory */
	CU_ASSERT_STRING_EQUAL(HS(s, "sporting goods", "930320", "US",
	    D(2024, 3, 12)), "PROHIBITED_GOODS@hs_code");
	CU_ASSERT_STRING_EQUAL(HS(s, "decorative vase", "970690", "US",
	    D(2024, 3, 12)), "RESTRICTED_GOODS@hs_code");
	CU_ASSERT_STRING_EQUAL(HS(s, "spare cells", "850650", "US",
	    D(2024, 3, 12)), "PROHIBITED_GOODS@hs_code");
	CU_ASSERT_STRING_EQUAL(HS(s, "figurine", "96011000", "US",
	    D(2024, 3, 12)), "PROHIBITED_GOODS@hs_code");
	CU_ASSERT_STRING_EQUAL(HS(s, "tablets", "300490", "US",
	    D(2024, 3, 12)), "RESTRICTED_GOODS@hs_code");
	/* 9601.90 (other carving material) is not 9601.10 */
	CU_ASSERT_STRING_EQUAL(HS(s, "figurine", "960190", "US",
	    D(2024, 3, 12)), "");
	pcl_screen_free(s);
}

#define HDR_NEW "id,code,pattern,scope,match,action,jurisdiction," \
	"valid_from,valid_to,min_value,source,category,lang,boundary," \
	"exclude,hs,hs_edition\n"

/* Within one list the longest prefix decides; across lists all count. */
static void
test_screen_hs_most_specific_prefix_per_list(void)
{
	char dir[] = "/tmp/pcl-screen-XXXXXX", buf[256];
	struct pcl_screen *s = NULL;
	struct pcl_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	put(dir, "a.csv", HDR_NEW
	    "a85,RESTRICTED_GOODS,,description,embedded,declare,*,2012-01-01,"
	    ",,s,electrical,,,,85,HS2012\n"
	    "a8507,PROHIBITED_GOODS,,description,embedded,hold,*,2012-01-01,"
	    ",,s,accumulators,,,,8507,HS2012\n"
	    "a850760w,PROHIBITED_GOODS,spare,description,embedded,hold,*,"
	    "2012-01-01,,,s,accumulators,en,,,850760,HS2012\n");
	put(dir, "b.csv", HDR_NEW
	    "b85,EXCLUDED_GOODS,,description,embedded,declare,*,2012-01-01,"
	    ",,s,electrical,,,,85,HS2012\n");
	CU_ASSERT_EQUAL_FATAL(pcl_screen_open(&s, dir, &err), PCL_OK);
	/* 8507: a8507 outranks a85 in a.csv; b85 counts from b.csv */
	CU_ASSERT_STRING_EQUAL(HS(s, "battery pack", "850760", "US",
	    D(2024, 1, 1)), "EXCLUDED_GOODS@hs_code;PROHIBITED_GOODS@hs_code");
	/* with the words, a850760w (6 digits) is the most specific */
	CU_ASSERT_STRING_EQUAL(HS(s, "spare battery", "850760", "US",
	    D(2024, 1, 1)),
	    "EXCLUDED_GOODS@hs_code;PROHIBITED_GOODS@description");
	/* 8517: only the chapter entries */
	CU_ASSERT_STRING_EQUAL(HS(s, "phone", "851712", "US", D(2024, 1, 1)),
	    "EXCLUDED_GOODS@hs_code;RESTRICTED_GOODS@hs_code");
	/* the words without the code: nothing */
	CU_ASSERT_STRING_EQUAL(HS(s, "spare battery", "950300", "US",
	    D(2024, 1, 1)), "");
	pcl_screen_free(s);
	/* an HS entry before its edition, a bad prefix: load errors */
	put(dir, "b.csv", HDR_NEW
	    "c,EXCLUDED_GOODS,,description,embedded,declare,*,2020-01-01,"
	    ",,s,x,,,,854340,HS2022\n");
	CU_ASSERT_EQUAL(pcl_screen_open(&s, dir, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "valid_from");
	put(dir, "b.csv", HDR_NEW
	    "c,EXCLUDED_GOODS,,description,embedded,declare,*,2022-01-01,"
	    ",,s,x,,,,8543.40,HS2022\n");
	CU_ASSERT_EQUAL(pcl_screen_open(&s, dir, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "hs");
	rm(dir, "a.csv");
	rm(dir, "b.csv");
	rmdir(dir);
}

/*
 * Short Chinese terms match inside words, except in the harmless words
 * their entry excludes; German compounds likewise.
 */
static void
test_screen_substring_entries_and_exclusions(void)
{
	struct pcl_screen *s = shipped();
	const int32_t d = D(2024, 3, 12);
	char buf[256];

	/* 香烟 cigarettes: tobacco */
	CU_ASSERT_STRING_EQUAL(DESC(s, "\xe9\xa6\x99\xe7\x83\x9f", "US", NULL,
	    d), "RESTRICTED_GOODS@description");
	/* 烟花 fireworks: explosives, not tobacco */
	CU_ASSERT_STRING_EQUAL(DESC(s, "\xe7\x83\x9f\xe8\x8a\xb1", "US", NULL,
	    d), "PROHIBITED_GOODS@description");
	/* 烟灰缸 ashtray: nothing */
	CU_ASSERT_STRING_EQUAL(DESC(s, "\xe7\x8e\xbb\xe7\x92\x83\xe7\x83\x9f"
	    "\xe7\x81\xb0\xe7\xbc\xb8", "US", NULL, d), "");
	/* German compounds */
	CU_ASSERT_STRING_EQUAL(DESC(s, "Lithium-Ionen-Akku 18650", "US", NULL,
	    d), "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "Schreckschusswaffe", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, "Waffeleisen", "US", NULL, d), "");
	/* ß is ss once case-folded: both spellings are the glue gun */
	CU_ASSERT_STRING_EQUAL(DESC(s, "Heissklebepistole", "US", NULL, d),
	    "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "Hei\xc3\x9f" "klebepistole", "US", NULL,
	    d), "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "elfenbeinfarbene Vase", "US", NULL, d),
	    "");
	CU_ASSERT_STRING_EQUAL(DESC(s, "Elfenbeinschnitzerei", "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	pcl_screen_free(s);
}

/* One term per language of the multilingual list, and in disguise. */
static void
test_screen_words_in_many_languages(void)
{
	static const char *const held[] = {
		"\xe9\x8b\xb0\xe9\x9b\xbb\xe6\xb1\xa0",	/* 鋰電池 */
		"\xe3\x83\xa2\xe3\x83\x90\xe3\x82\xa4\xe3\x83\xab\xe3\x83\x90"
		"\xe3\x83\x83\xe3\x83\x86\xe3\x83\xaa\xe3\x83\xbc",	/* ja */
		"\xeb\xb3\xb4\xec\xa1\xb0\xeb\xb0\xb0\xed\x84\xb0\xeb\xa6\xac"
		"\xeb\xa5\xbc",			/* 보조배터리를 */
		/* кокаин, then with a Latin o and a */
		"\xd0\xba\xd0\xbe\xd0\xba\xd0\xb0\xd0\xb8\xd0\xbd",
		"\xd0\xba" "o" "\xd0\xba" "a" "\xd0\xb8\xd0\xbd",
		"havai fi\xc5\x9f" "ek",			/* tr */
		"ph\xc3\xa1o hoa",				/* vi */
		"pin s\xe1\xba\xa1" "c d\xe1\xbb\xb1 ph\xc3\xb2ng",	/* vi */
		"bater\xc3\xad" "a externa 20000mAh",		/* es */
		"fogos de artif\xc3\xad" "cio",			/* pt */
		"Feuerwerksk\xc3\xb6rper",			/* de */
		"batterie externe",				/* fr */
		"feux d'artifice",				/* fr */
	};
	static const char *const declared[] = {
		"\xe9\x9b\xbb\xe5\xad\x90\xe7\x85\x99",	/* 電子煙 */
		"\xe9\x9b\xbb\xe5\xad\x90\xe3\x82\xbf\xe3\x83\x90\xe3\x82\xb3",
		/* 전자담배 */
		"\xec\xa0\x84\xec\x9e\x90\xeb\x8b\xb4\xeb\xb0\xb0",
		"elektronik sigara",
		"thu\xe1\xbb\x91" "c l\xc3\xa1 \xc4\x91i\xe1\xbb\x87n "
		"t\xe1\xbb\xad",
		"cigarrillo electr\xc3\xb3nico",
		"cigarro eletr\xc3\xb4nico",
		"E-Zigarette",
		"cigarette \xc3\xa9lectronique",
		"cigarette electronique",	/* accents left out */
	};
	struct pcl_screen *s = shipped();
	const int32_t d = D(2024, 3, 12);
	char buf[256];
	size_t i;

	for (i = 0; i < sizeof held / sizeof *held; i++) {
		DESC(s, held[i], "US", NULL, d);
		if (strstr(buf, "PROHIBITED_GOODS@description") == NULL)
			printf("not held: %s (%s)\n", held[i], buf);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf,
		    "PROHIBITED_GOODS@description"));
	}
	for (i = 0; i < sizeof declared / sizeof *declared; i++) {
		DESC(s, declared[i], "US", NULL, d);
		if (strstr(buf, "RESTRICTED_GOODS@description") == NULL)
			printf("not declared: %s (%s)\n", declared[i], buf);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf,
		    "RESTRICTED_GOODS@description"));
	}
	pcl_screen_free(s);
}

/*
 * Fail closed: a pattern that hits the match limit on a text holds it
 * with SCREEN_ERROR naming the entry, and every other entry still fires;
 * a pattern that hits it on a load-time probe is a load error.
 */
static void
test_screen_matcher_errors_hold(void)
{
	char dir[] = "/tmp/pcl-screen-XXXXXX", buf[256], hits[512];
	char text[3200];
	struct pcl_screen *s = NULL;
	struct pcl_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	/* only after "zq" does the second entry backtrack without end */
	put(dir, "a.csv", HDR
	    "p1,PROHIBITED_GOODS,cocaine,description,embedded,hold,*,"
	    "1999-01-01,,,s\n"
	    "p2,PROHIBITED_GOODS,zq(?:a+a+)+b,description,embedded,hold,*,"
	    "1999-01-01,,,s\n");
	CU_ASSERT_EQUAL_FATAL(pcl_screen_open(&s, dir, &err), PCL_OK);
	memcpy(text, "zq", 2);
	memset(text + 2, 'a', 3000);
	memcpy(text + 3002, " cocaine", 9);
	CU_ASSERT_STRING_EQUAL(run_hs(s, text, NULL, "US", D(2024, 1, 1), buf,
	    sizeof buf, hits, sizeof hits),
	    "PROHIBITED_GOODS@description;SCREEN_ERROR@description");
	CU_ASSERT_STRING_EQUAL(hits, "error:prohibited_goods:p2@description="
	    "match limit exceeded;prohibited_goods:p1@description=cocaine");
	/* the same text without the trigger: a plain hit */
	CU_ASSERT_STRING_EQUAL(run_hs(s, text + 2, NULL, "US", D(2024, 1, 1),
	    buf, sizeof buf, NULL, 0), "PROHIBITED_GOODS@description");
	pcl_screen_free(s);
	/* "aaaa...a cocaine" makes this one blow up: caught at load time */
	put(dir, "a.csv", HDR
	    "p1,PROHIBITED_GOODS,cocaine,description,embedded,hold,*,"
	    "1999-01-01,,,s\n"
	    "p3,PROHIBITED_GOODS,(?:a+a+)+b,description,embedded,hold,*,"
	    "1999-01-01,,,s\n");
	CU_ASSERT_EQUAL(pcl_screen_open(&s, dir, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'p3'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "match limit"));
	rm(dir, "a.csv");
	rmdir(dir);
}

/* The hits name entry and matched text; the allow-list turns one into
 * a note. */
static void
test_screen_hits_and_allow_list(void)
{
	char dir[] = "/tmp/pcl-screen-XXXXXX", path[600], buf[256];
	char hits[512];
	const char *desc = "carved iv\xd0\xbery figurine; gift";
	struct pcl_screen *s = shipped();
	struct pcl_error err;

	CU_ASSERT_STRING_EQUAL(run_hs(s, desc, "442190", "US", D(2024, 3, 12),
	    buf, sizeof buf, hits, sizeof hits),
	    "PROHIBITED_GOODS@description");
	/* the original bytes, Cyrillic o and all */
	CU_ASSERT_STRING_EQUAL(hits, "cites:proh-013@description=carved "
	    "iv\xd0\xbery");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/allow.csv", dir);
	put(dir, "allow.csv", "id,description,hs_code,source\n"
	    "proh-013,\"carved iv\xd0\xbery figurine; gift\",,\"reviewed by "
	    "officer 12, ticket 7\"\n"
	    "hs-antiques-9706,,970690,reviewed: reproduction\n");
	CU_ASSERT_EQUAL_FATAL(pcl_screen_allow(s, path, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_screen_allow_count(s), 2);
	CU_ASSERT_STRING_EQUAL(run_hs(s, desc, "442190", "US", D(2024, 3, 12),
	    buf, sizeof buf, hits, sizeof hits), "SCREEN_ALLOWED@description");
	CU_ASSERT_STRING_EQUAL(hits, "allowed:cites:proh-013@description="
	    "carved iv\xd0\xbery");
	/* another description: the hit stands */
	CU_ASSERT_STRING_EQUAL(HS(s, "carved ivory figurine", "442190", "US",
	    D(2024, 3, 12)), "PROHIBITED_GOODS@description");
	/* by HS code, exactly as written */
	CU_ASSERT_STRING_EQUAL(HS(s, "vase", "970690", "US", D(2024, 3, 12)),
	    "SCREEN_ALLOWED@hs_code");
	CU_ASSERT_STRING_EQUAL(HS(s, "vase", "9706.90", "US", D(2024, 3, 12)),
	    "RESTRICTED_GOODS@hs_code");
	/* an id no entry has */
	put(dir, "allow.csv", "id,description,hs_code,source\n"
	    "proh-999,x,,s\n");
	CU_ASSERT_EQUAL(pcl_screen_allow(s, path, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "id");
	pcl_screen_free(s);
	rm(dir, "allow.csv");
	rmdir(dir);
}

/*
 * However many hits a text has, every entry is judged: a long run of
 * soft-flag words does not push a prohibited one out, and a term whose
 * every earlier occurrence is excluded still fires where it is not.
 */
static void
test_screen_many_hits_lose_none(void)
{
	struct pcl_screen *s = shipped();
	const int32_t d = D(2024, 3, 12);
	char buf[256], *text = malloc(20000);
	size_t i, n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (i = 0; i < 500; i++, n += 8)
		memcpy(text + n, "battery ", 8);
	memcpy(text + n, "cocaine", 8);
	/* (battery is an EU stop word: found 500 times, not for the US) */
	CU_ASSERT_STRING_EQUAL(DESC(s, text, "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	CU_ASSERT_STRING_EQUAL(DESC(s, text, "FR", "EU", d),
	    "PROHIBITED_GOODS@description;VAGUE_TERM@description");
	/* 烟花 x 1000 (fireworks: explosives), then 香烟 (tobacco) */
	for (i = 0, n = 0; i < 1000; i++, n += 6)
		memcpy(text + n, "\xe7\x83\x9f\xe8\x8a\xb1", 6);
	memcpy(text + n, "\xe9\xa6\x99\xe7\x83\x9f", 7);
	CU_ASSERT_STRING_EQUAL(DESC(s, text, "US", NULL, d),
	    "PROHIBITED_GOODS@description;RESTRICTED_GOODS@description");
	text[n] = '\0';		/* the fireworks alone: no tobacco */
	CU_ASSERT_STRING_EQUAL(DESC(s, text, "US", NULL, d),
	    "PROHIBITED_GOODS@description");
	free(text);
	pcl_screen_free(s);
}


/* Screens 'text' as description and consignee name with 's' as it is
 * set, into 'out' (reasons, then the hits). */
static void
diff_one(struct pcl_screen *s, const char *text, size_t len,
    const char *dest, const char *uni, char *out, size_t size)
{
	struct pcl_screen_query q;
	struct pcl_reasons rs;
	size_t n;

	memset(&q, 0, sizeof q);
	q.text[0] = text;
	q.len[0] = len;
	q.column[0] = PCL_COL_DESCRIPTION;
	q.column[1] = PCL_COL_CONSIGNOR_NAME;
	q.text[2] = text;
	q.len[2] = len;
	q.column[2] = PCL_COL_CONSIGNEE_NAME;
	q.dest = dest;
	q.union_name = uni;
	q.date = D(2024, 3, 12);
	q.hs = "950300";
	q.hs_len = 6;
	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL(pcl_screen_check(s, &q, &rs), 0);
	pcl_reasons_format(&rs, out, size);
	pcl_reasons_release(&rs);
	n = strlen(out);
	if (n + 1 < size) {
		out[n++] = '|';
		(void)pcl_screen_hits(s, &q, out + n, size - n);
	}
}

/* 1 when 'text' screens alike with the prefilter and without. */
static int
diff_same(struct pcl_screen *s, const char *text, size_t len)
{
	static char a[8192], b[8192];
	static const char *const dest[][2] = {
		{ "US", NULL }, { "FR", "EU" }, { "GB", NULL }
	};
	size_t d;
	int same = 1;

	for (d = 0; d < 3; d++) {
		pcl_screen_set_prefilter(s, 1);
		diff_one(s, text, len, dest[d][0], dest[d][1], a, sizeof a);
		pcl_screen_set_prefilter(s, 0);
		diff_one(s, text, len, dest[d][0], dest[d][1], b, sizeof b);
		pcl_screen_set_prefilter(s, 1);
		if (strcmp(a, b) != 0) {
			if (same)
				fprintf(stderr, "\nprefilter differs on '%.*s' "
				    "(%s):\n  on:  %s\n  off: %s\n", (int)len,
				    text, dest[d][0], a, b);
			same = 0;
		}
	}
	return same;
}

/* The description field (second) of a line of the evaluation set. */
static size_t
eval_description(const char *line, char *out, size_t size)
{
	const char *p = strchr(line, ',');
	size_t n = 0;

	if (p == NULL)
		return 0;
	p++;
	if (*p != '"') {
		while (*p != ',' && *p != '\0' && *p != '\n' && n + 1 < size)
			out[n++] = *p++;
	} else {
		for (p++; *p != '\0' && n + 1 < size; p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				break;
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	return n;
}

/*
 * The literal prefilter changes nothing but the work: over the
 * evaluation set, texts made from it (upper case, joined, cut, with
 * look-alike letters, the Kelvin sign and the long s) and the lines of
 * the file named by PCL_SCREEN_TEXTS when set (one text a line), the
 * reasons and hits are the same with it and without it.
 */
static void
test_screen_prefilter_changes_no_result(void)
{
	struct pcl_screen *s = shipped();
	FILE *f = fopen(PCL_FIXTURE("screening-eval/eval.csv"), "r");
	const char *extra = getenv("PCL_SCREEN_TEXTS");
	static char line[4096], d[2048], prev[2048], t[8192];
	size_t n, i, texts = 0, bad = 0;
	unsigned seed = 12345;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	prev[0] = '\0';
	(void)fgets(line, sizeof line, f);	/* header */
	while (fgets(line, sizeof line, f) != NULL) {
		if ((n = eval_description(line, d, sizeof d)) == 0)
			continue;
		bad += !diff_same(s, d, n);
		/* upper case */
		for (i = 0; i < n; i++)
			t[i] = d[i] >= 'a' && d[i] <= 'z' ? (char)(d[i] - 32) :
			    d[i];
		bad += !diff_same(s, t, n);
		/* joined to the previous one, without and with a space */
		i = (size_t)snprintf(t, sizeof t, "%s%s", prev, d);
		bad += !diff_same(s, t, i);
		i = (size_t)snprintf(t, sizeof t, "%s %s", prev, d);
		bad += !diff_same(s, t, i);
		/* cut at a pseudo-random byte from either end */
		seed = seed * 1103515245u + 12345u;
		i = (seed >> 16) % n;
		bad += !diff_same(s, d + i, n - i);
		bad += !diff_same(s, d, i);
		/* k and s written as the Kelvin sign and the long s, o as
		 * Cyrillic o */
		for (i = 0, n = 0; d[i] != '\0' && n + 4 < sizeof t; i++) {
			if (d[i] == 'k' || d[i] == 'K') {
				memcpy(t + n, "\xe2\x84\xaa", 3);
				n += 3;
			} else if (d[i] == 's') {
				memcpy(t + n, "\xc5\xbf", 2);
				n += 2;
			} else if (d[i] == 'o') {
				memcpy(t + n, "\xd0\xbe", 2);
				n += 2;
			} else {
				t[n++] = d[i];
			}
		}
		bad += !diff_same(s, t, n);
		memcpy(prev, d, strlen(d) + 1);
		texts += 9;
	}
	fclose(f);
	if (extra != NULL && (f = fopen(extra, "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			n = strcspn(line, "\r\n");
			bad += !diff_same(s, line, n);
			texts++;
		}
		fclose(f);
	}
	CU_ASSERT(texts > 3000);
	CU_ASSERT_EQUAL(bad, 0);
	pcl_screen_free(s);
}

void test_screen_register(void);
void
test_screen_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_screen_shipped_lists_load),
		PCL_TEST(test_screen_standalone_stop_word_rejects_from_its_date),
		PCL_TEST(test_screen_embedded_stop_word_is_soft_and_whole_word),
		PCL_TEST(test_screen_every_entry_at_every_position),
		PCL_TEST(test_screen_chinese_entry_matches_as_substring),
		PCL_TEST(test_screen_party_names),
		PCL_TEST(test_screen_relief_excluded_by_jurisdiction_and_date),
		PCL_TEST(test_screen_ipr_minimum_value_per_unit),
		PCL_TEST(test_screen_antique_needs_goods_context),
		PCL_TEST(test_screen_custom_dir_replaces_shipped_lists),
		PCL_TEST(test_screen_first_character_dispatch_finds_every_entry),
		PCL_TEST(test_screen_malformed_lists_are_errors),
		PCL_TEST(test_screen_lookalikes_are_caught),
		PCL_TEST(test_screen_hs_code_entries),
		PCL_TEST(test_screen_hs_most_specific_prefix_per_list),
		PCL_TEST(test_screen_substring_entries_and_exclusions),
		PCL_TEST(test_screen_words_in_many_languages),
		PCL_TEST(test_screen_matcher_errors_hold),
		PCL_TEST(test_screen_hits_and_allow_list),
		PCL_TEST(test_screen_many_hits_lose_none),
		PCL_TEST(test_screen_prefilter_changes_no_result),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("screen", tests);
}

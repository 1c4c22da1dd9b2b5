/*
 * test_screen: loading screening lists and matching descriptions and
 * party names, on the shipped lists and on hand-made ones (#3).
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

	/* five files: ipr-watch, prohibited, relief-excluded, restricted,
	 * vague-descriptions; value-per-kg.csv is not a screening list */
	CU_ASSERT_EQUAL(pcl_screen_nfiles(s), 5);
	CU_ASSERT_STRING_EQUAL(pcl_screen_file_name(s, 0),
	    "data/lists/ipr-watch.csv");
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
 * #5: the alternatives are dispatched on the first character; entries
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
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("screen", tests);
}

/*
 * test_parcel: the per-parcel index (keys, interned reason sets, distinct
 * HS-6 subheadings).
 */
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "parcel.h"
#include "schema.h"

static struct pcl_parcels *
P(void)
{
	struct pcl_parcels *p = NULL;

	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&p), PCL_OK);
	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static void
test_parcel_get_creates_then_finds(void)
{
	struct pcl_parcels *p = P();
	struct pcl_parcel *pc;
	uint32_t a = 99, b = 99, c = 99;

	CU_ASSERT_EQUAL(pcl_parcels_count(p), 0);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "RR123456785CN", 13, 0, &a),
	    PCL_E_NOTFOUND);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "RR123456785CN", 13, 1, &a), PCL_OK);
	CU_ASSERT_EQUAL(a, 0);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "1Z999AA10123456784", 18, 1, &b),
	    PCL_OK);
	CU_ASSERT_EQUAL(b, 1);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "RR123456785CN", 13, 1, &c), PCL_OK);
	CU_ASSERT_EQUAL(c, 0);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "RR123456785CN", 13, 0, &c), PCL_OK);
	CU_ASSERT_EQUAL(c, 0);
	CU_ASSERT_EQUAL(pcl_parcels_count(p), 2);
	/* the key is compared in full: a prefix is another parcel */
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "RR123456785CN", 12, 0, &c),
	    PCL_E_NOTFOUND);
	/* keys are bytes: case and embedded NUL count */
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "rr123456785cn", 13, 0, &c),
	    PCL_E_NOTFOUND);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "A\0B", 3, 1, &c), PCL_OK);
	CU_ASSERT_EQUAL(c, 2);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "A\0C", 3, 0, &c), PCL_E_NOTFOUND);
	pc = pcl_parcels_at(p, b);
	CU_ASSERT_EQUAL(pc->key_len, 18);
	CU_ASSERT(memcmp(pcl_parcels_key(p, pc), "1Z999AA10123456784", 18) == 0);
	/* a new parcel starts zeroed with the empty reason set */
	CU_ASSERT_EQUAL(pc->nrecords, 0);
	CU_ASSERT_EQUAL(pc->reasons, 0);
	CU_ASSERT_EQUAL(pc->nhs6, 0);
	CU_ASSERT(pc->value_micros == 0);
	pcl_parcels_free(p);
	pcl_parcels_free(NULL);
}

static void
test_parcel_many_keys_refound(void)
{
	struct pcl_parcels *p = P();
	char key[32];
	uint32_t i, idx, wrong = 0, badkey = 0;
	int n;

	for (i = 0; i < 100000; i++) {
		n = snprintf(key, sizeof key, "LX%09uDE", i);
		if (pcl_parcels_get(p, key, (size_t)n, 1, &idx) != PCL_OK)
			break;
		if (idx != i)
			wrong++;
		pcl_parcels_at(p, idx)->nrecords = i + 1;
	}
	CU_ASSERT_EQUAL_FATAL(i, 100000);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT_EQUAL(pcl_parcels_count(p), 100000);
	for (i = 0; i < 100000; i++) {
		struct pcl_parcel *pc;

		n = snprintf(key, sizeof key, "LX%09uDE", i);
		if (pcl_parcels_get(p, key, (size_t)n, 0, &idx) != PCL_OK)
			break;
		pc = pcl_parcels_at(p, idx);
		if (idx != i || pc->nrecords != i + 1)
			wrong++;
		if (pc->key_len != (uint32_t)n ||
		    memcmp(pcl_parcels_key(p, pc), key, (size_t)n) != 0)
			badkey++;
	}
	CU_ASSERT_EQUAL(i, 100000);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT_EQUAL(badkey, 0);
	/* creating again finds, does not add */
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "LX000000007DE", 13, 1, &idx), PCL_OK);
	CU_ASSERT_EQUAL(idx, 7);
	CU_ASSERT_EQUAL(pcl_parcels_count(p), 100000);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "LX100000000DE", 13, 0, &idx),
	    PCL_E_NOTFOUND);
	CU_ASSERT(pcl_parcels_memory(p) >= 100000 * sizeof(struct pcl_parcel));
	pcl_parcels_free(p);
}

static void
test_parcel_reason_sets_interned(void)
{
	struct pcl_parcels *p = P();
	struct pcl_reasons a, b, empty;
	uint32_t x, y, z, w;
	char buf[128];

	pcl_reasons_init(&a);
	pcl_reasons_init(&b);
	pcl_reasons_init(&empty);
	CU_ASSERT_EQUAL(pcl_parcels_nreason_sets(p), 1);	/* the empty set */
	CU_ASSERT_EQUAL(pcl_parcels_reasons(p, 0)->n, 0);
	/* adding nothing keeps the id */
	CU_ASSERT_EQUAL(pcl_parcels_reasons_union(p, 0, &empty, &x), PCL_OK);
	CU_ASSERT_EQUAL(x, 0);

	CU_ASSERT_EQUAL(pcl_reasons_add(&a, PCL_R_MISSING, PCL_COL_HS_CODE), 0);
	CU_ASSERT_EQUAL(pcl_parcels_reasons_union(p, 0, &a, &x), PCL_OK);
	CU_ASSERT(x != 0);
	CU_ASSERT_EQUAL(pcl_parcels_reasons_union(p, 0, &a, &y), PCL_OK);
	CU_ASSERT_EQUAL(y, x);			/* same set, same id */
	CU_ASSERT_EQUAL(pcl_parcels_reasons_union(p, x, &a, &y), PCL_OK);
	CU_ASSERT_EQUAL(y, x);			/* union with itself */
	CU_ASSERT_EQUAL(pcl_parcels_nreason_sets(p), 2);

	/* {MISSING@hs_code} + {VAT_DUE} == {VAT_DUE} + {MISSING@hs_code} */
	CU_ASSERT_EQUAL(pcl_reasons_add(&b, PCL_R_VAT_DUE, PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_parcels_reasons_union(p, x, &b, &z), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_reasons_union(p, 0, &b, &w), PCL_OK);
	CU_ASSERT(z != x && w != x && z != w);
	CU_ASSERT_EQUAL(pcl_parcels_reasons_union(p, w, &a, &y), PCL_OK);
	CU_ASSERT_EQUAL(y, z);
	CU_ASSERT_EQUAL(pcl_parcels_nreason_sets(p), 4);
	(void)pcl_reasons_format(pcl_parcels_reasons(p, z), buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "MISSING@hs_code;VAT_DUE");
	(void)pcl_reasons_format(pcl_parcels_reasons(p, x), buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "MISSING@hs_code");
	/* the caller's sets are not changed */
	CU_ASSERT_EQUAL(a.n, 1);
	CU_ASSERT_EQUAL(b.n, 1);
	pcl_reasons_release(&a);
	pcl_reasons_release(&b);
	pcl_parcels_free(p);
}

static void
test_parcel_many_reason_sets_across_growth(void)
{
	struct pcl_parcels *p = P();
	struct pcl_reasons s;
	uint32_t ids[PCL_COL_COUNT * 20], id;
	int c, k, n = 0, wrong = 0;

	/* 20 codes x every column: distinct one-reason sets */
	pcl_reasons_init(&s);
	for (k = 1; k <= 20; k++)
		for (c = 0; c < PCL_COL_COUNT; c++) {
			pcl_reasons_clear(&s);
			CU_ASSERT_EQUAL(pcl_reasons_add(&s, k, c), 0);
			CU_ASSERT_EQUAL_FATAL(pcl_parcels_reasons_union(p, 0, &s,
			    &ids[n]), PCL_OK);
			n++;
		}
	CU_ASSERT_EQUAL(pcl_parcels_nreason_sets(p), 1 + 20 * PCL_COL_COUNT);
	n = 0;
	for (k = 1; k <= 20; k++)
		for (c = 0; c < PCL_COL_COUNT; c++) {
			pcl_reasons_clear(&s);
			CU_ASSERT_EQUAL(pcl_reasons_add(&s, k, c), 0);
			CU_ASSERT_EQUAL_FATAL(pcl_parcels_reasons_union(p, 0, &s,
			    &id), PCL_OK);
			if (id != ids[n] || pcl_parcels_reasons(p, id)->n != 1 ||
			    pcl_parcels_reasons(p, id)->v[0].code != k ||
			    pcl_parcels_reasons(p, id)->v[0].column != c)
				wrong++;
			n++;
		}
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT_EQUAL(pcl_parcels_nreason_sets(p), 1 + 20 * PCL_COL_COUNT);
	pcl_reasons_release(&s);
	pcl_parcels_free(p);
}

static void
test_parcel_hs6_counted_once_per_parcel(void)
{
	struct pcl_parcels *p = P();
	uint32_t a, b, i;

	/* #5: prefetching a key, new or held, changes nothing */
	pcl_parcels_prefetch(p, "A", 1, 1, 610910);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "A", 1, 1, &a), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "B", 1, 1, &b), PCL_OK);
	pcl_parcels_prefetch(p, "A", 1, 1, 610910);
	pcl_parcels_prefetch(p, "B", 1, 0, 0);
	CU_ASSERT_EQUAL(pcl_parcels_add_hs6(p, a, 610910), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_add_hs6(p, a, 610910), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_add_hs6(p, a, 640399), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_add_hs6(p, b, 610910), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_add_hs6(p, a, 610910), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_at(p, a)->nhs6, 2);
	CU_ASSERT_EQUAL(pcl_parcels_at(p, b)->nhs6, 1);
	/* 3000 subheadings on B, each given twice, past the table's growth */
	for (i = 0; i < 6000; i++)
		if (pcl_parcels_add_hs6(p, b, 10000 + i % 3000) != PCL_OK)
			break;
	CU_ASSERT_EQUAL(i, 6000);
	CU_ASSERT_EQUAL(pcl_parcels_at(p, b)->nhs6, 1 + 3000);
	CU_ASSERT_EQUAL(pcl_parcels_at(p, a)->nhs6, 2);
	CU_ASSERT_EQUAL(pcl_parcels_add_hs6(p, a, 640399), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_at(p, a)->nhs6, 2);
	pcl_parcels_free(p);
}

/*
 * #5: reserving sizes the parcel and HS-6 tables once, for load 0.85:
 * 2000 parcels need 2000 + 6000 / 17 + 1 = 2353 slots of 4 bytes (from
 * 1024: 5316 bytes more), 3000 pairs 3000 + 9000 / 17 + 1 = 3530 slots
 * of 8 bytes (from 1024: 20048 more). The parcel table then holds
 * 2353 * 9 / 10 = 2117 parcels; the 2118th doubles it to 4706 slots
 * (9412 bytes more), and
 * every parcel is found again after the move. A parcel is 88 bytes.
 */
static void
test_parcel_reserve_sizes_once_then_doubles(void)
{
	struct pcl_parcels *p = P();
	char key[32];
	uint32_t idx, i, bad = 0;
	size_t m0, vbytes = sizeof(struct pcl_parcel);
	int n;

	CU_ASSERT_EQUAL(sizeof(struct pcl_parcel), 88);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "P0", 2, 1, &idx), PCL_OK);
	m0 = pcl_parcels_memory(p);
	CU_ASSERT_EQUAL(pcl_parcels_reserve(p, 2000, 3000), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_memory(p) - m0, 5316 + 20048);
	/* smaller than held: nothing to do */
	CU_ASSERT_EQUAL(pcl_parcels_reserve(p, 10, 10), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_memory(p) - m0, 5316 + 20048);
	for (i = 1; i < 2117; i++) {
		n = snprintf(key, sizeof key, "P%u", i);
		if (pcl_parcels_get(p, key, (size_t)n, 1, &idx) != PCL_OK ||
		    idx != i)
			bad++;
	}
	for (i = 0; i < 3000; i++)
		if (pcl_parcels_add_hs6(p, i % 1500, 100000 + i) != PCL_OK)
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_parcels_count(p), 2117);
	CU_ASSERT_EQUAL(pcl_parcels_npairs(p), 3000);
	/* the array of parcels grew from 1024 to 4096; the tables did not */
	CU_ASSERT_EQUAL(pcl_parcels_memory(p) - m0, 5316 + 20048 +
	    3072 * vbytes);
	CU_ASSERT_EQUAL(pcl_parcels_get(p, "P2117", 5, 1, &idx), PCL_OK);
	CU_ASSERT_EQUAL(pcl_parcels_memory(p) - m0, 5316 + 9412 + 20048 +
	    3072 * vbytes);
	for (i = 0; i <= 2117; i++) {
		n = snprintf(key, sizeof key, "P%u", i);
		if (pcl_parcels_get(p, key, (size_t)n, 0, &idx) != PCL_OK ||
		    idx != i)
			bad++;
	}
	/* each pair once: given again, no parcel counts one more */
	for (i = 0; i < 3000; i++)
		if (pcl_parcels_add_hs6(p, i % 1500, 100000 + i) != PCL_OK)
			bad++;
	for (i = 0; i < 1500; i++)
		if (pcl_parcels_at(p, i)->nhs6 != 2)
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_parcels_npairs(p), 3000);
	pcl_parcels_free(p);
}

static void
test_parcel_hash_depends_on_bytes_length_and_seed(void)
{
	CU_ASSERT_EQUAL(pcl_hash64("abc", 3, 1), pcl_hash64("abc", 3, 1));
	CU_ASSERT(pcl_hash64("abc", 3, 1) != pcl_hash64("abc", 3, 2));
	CU_ASSERT(pcl_hash64("abc", 3, 1) != pcl_hash64("abd", 3, 1));
	CU_ASSERT(pcl_hash64("abc\0", 4, 1) != pcl_hash64("abc", 3, 1));
	CU_ASSERT(pcl_hash64("", 0, 1) != pcl_hash64("\0", 1, 1));
	CU_ASSERT(pcl_hash64("0123456789abcdef", 16, 0) !=
	    pcl_hash64("0123456789abcdeF", 16, 0));
}

/*
 * A 16-digit amount is 1234567890123456 units = 1.234...e21 micro-units,
 * over INT64_MAX (9.22e18): its sum overflows, and the OVERFLOW reason
 * names the column that held it, not always item_value.
 */
static void
test_parcel_amount_overflow_names_its_column(void)
{
	const pcl_i128 big = (pcl_i128)1234567890123456LL * 1000000;
	struct pcl_parcel pc;
	struct pcl_item it;

	memset(&pc, 0, sizeof pc);
	memset(&it, 0, sizeof it);
	it.value_micros = 25000000;		/* 25.00 */
	it.transport_micros = 4500000;		/* 4.50 */
	it.insurance_micros = 1000000;		/* 1.00 */
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 0), PCL_COL_NONE);
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 0), PCL_COL_NONE);
	CU_ASSERT_EQUAL(pc.value_micros, 50000000);
	CU_ASSERT_EQUAL(pc.transport_micros, 9000000);
	CU_ASSERT_EQUAL(pc.insurance_micros, 2000000);

	it.transport_micros = big;
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 0),
	    PCL_COL_TRANSPORT_COST);
	/* a postage line's transport is its item_value */
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 1),
	    PCL_COL_ITEM_VALUE);
	it.transport_micros = 0;
	it.insurance_micros = big;
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 0),
	    PCL_COL_INSURANCE_COST);
	it.insurance_micros = 0;
	it.value_micros = big;
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 0),
	    PCL_COL_ITEM_VALUE);

	/* sums that each fit but together overflow: 2 x 5e18 > 9.22e18 */
	memset(&pc, 0, sizeof pc);
	memset(&it, 0, sizeof it);
	it.insurance_micros = (pcl_i128)5000000000000000000LL;
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 0), PCL_COL_NONE);
	CU_ASSERT_EQUAL(pcl_parcel_add_amounts(&pc, &it, 0),
	    PCL_COL_INSURANCE_COST);
}

void test_parcel_register(void);
void
test_parcel_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_parcel_get_creates_then_finds),
		PCL_TEST(test_parcel_many_keys_refound),
		PCL_TEST(test_parcel_reason_sets_interned),
		PCL_TEST(test_parcel_many_reason_sets_across_growth),
		PCL_TEST(test_parcel_hs6_counted_once_per_parcel),
		PCL_TEST(test_parcel_reserve_sizes_once_then_doubles),
		PCL_TEST(test_parcel_hash_depends_on_bytes_length_and_seed),
		PCL_TEST(test_parcel_amount_overflow_names_its_column),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("parcel", tests);
}

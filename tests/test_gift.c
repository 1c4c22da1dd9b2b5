/*
 * test_gift: the goods and consignors a gift relief leaves out, at
 * the edges of the HS ranges named by the regulations.
 */
#include <string.h>

#include "test_util.h"
#include "gift.h"

#define G(s) pcl_gift_goods_of((s), strlen(s))

static void
test_gift_goods_classes(void)
{
	/* alcohol: HS 2203 (beer) to 2208 (spirits); 2202 and 2209 are not */
	CU_ASSERT_EQUAL(G("220210"), PCL_GIFT_GOODS_OTHER);	/* soft drinks */
	CU_ASSERT_EQUAL(G("220300"), PCL_GIFT_GOODS_EXCISE);	/* beer */
	CU_ASSERT_EQUAL(G("2208601100"), PCL_GIFT_GOODS_EXCISE); /* vodka */
	CU_ASSERT_EQUAL(G("220900"), PCL_GIFT_GOODS_OTHER);	/* vinegar */
	/* tobacco: chapter 24; 2401 to 2404 */
	CU_ASSERT_EQUAL(G("240220"), PCL_GIFT_GOODS_EXCISE);
	CU_ASSERT_EQUAL(G("2310"), PCL_GIFT_GOODS_OTHER);
	/* perfume and toilet water 3303; 3304 (make-up) is not */
	CU_ASSERT_EQUAL(G("330300"), PCL_GIFT_GOODS_PERFUME);
	CU_ASSERT_EQUAL(G("330499"), PCL_GIFT_GOODS_OTHER);
	CU_ASSERT_EQUAL(G("22"), PCL_GIFT_GOODS_OTHER);
	CU_ASSERT_EQUAL(G(""), PCL_GIFT_GOODS_OTHER);
}

static void
test_gift_private_consignor(void)
{
	CU_ASSERT_EQUAL(pcl_gift_business(0, 0, 0), 0);
	CU_ASSERT_EQUAL(pcl_gift_business(15, 0, 0), 1);	/* EORI */
	CU_ASSERT_EQUAL(pcl_gift_business(0, 12, 0), 1);	/* IOSS */
	CU_ASSERT_EQUAL(pcl_gift_business(0, 0, 6), 1);	/* platform */
}

static void
test_gift_perfume_per_jurisdiction(void)
{
	pcl_i128 m = 0;

	CU_ASSERT_EQUAL(pcl_gift_perfume_rule("US", &m), PCL_GIFT_PERFUME_UP_TO);
	CU_ASSERT(m == 500);	/* USD 5.00 */
	CU_ASSERT_EQUAL(pcl_gift_perfume_rule("GB", &m),
	    PCL_GIFT_PERFUME_ALLOWED);
	CU_ASSERT_EQUAL(pcl_gift_perfume_rule("EU", &m),
	    PCL_GIFT_PERFUME_EXCLUDED);
	CU_ASSERT_EQUAL(pcl_gift_perfume_rule("CH", &m),
	    PCL_GIFT_PERFUME_EXCLUDED);
}

void test_gift_register(void);
void
test_gift_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_gift_goods_classes),
		PCL_TEST(test_gift_private_consignor),
		PCL_TEST(test_gift_perfume_per_jurisdiction),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("gift", tests);
}

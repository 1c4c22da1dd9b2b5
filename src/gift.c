/*
 * gift: private consignors and goods outside the gift reliefs (gift.h).
 */
#include <string.h>

#include "gift.h"
#include "banned.h"

enum pcl_gift_goods
pcl_gift_goods_of(const char *hs, size_t len)
{
	if (len >= 2 && hs[0] == '2' && hs[1] == '4')
		return PCL_GIFT_GOODS_EXCISE;
	if (len < 4)
		return PCL_GIFT_GOODS_OTHER;
	if (memcmp(hs, "220", 3) == 0 && hs[3] >= '3' && hs[3] <= '8')
		return PCL_GIFT_GOODS_EXCISE;
	if (memcmp(hs, "3303", 4) == 0)
		return PCL_GIFT_GOODS_PERFUME;
	return PCL_GIFT_GOODS_OTHER;
}

int
pcl_gift_business(size_t consignor_id_len, size_t ioss_len,
    size_t platform_len)
{
	return consignor_id_len > 0 || ioss_len > 0 || platform_len > 0;
}

enum pcl_gift_perfume
pcl_gift_perfume_rule(const char *jurisdiction, pcl_i128 *minor)
{
	if (strcmp(jurisdiction, "US") == 0) {
		*minor = 500;	/* USD 5.00, 19 U.S.C. 1321(a)(2)(A) */
		return PCL_GIFT_PERFUME_UP_TO;
	}
	if (strcmp(jurisdiction, "GB") == 0)
		return PCL_GIFT_PERFUME_ALLOWED;
	return PCL_GIFT_PERFUME_EXCLUDED;
}

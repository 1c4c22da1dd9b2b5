/*
 * gift: who may use a gift relief and which goods it leaves out.
 * The ceilings themselves are the rules' gift_threshold column
 * (data/rules/de-minimis.csv); this module holds what the regulations say
 * about the consignor and the goods:
 *
 *  - a gift relief is for gifts between private persons: a parcel whose
 *    records all leave consignor_id, ioss_number and platform empty is
 *    from a private person (a business has an EORI or other id, a seller
 *    through a marketplace has a platform or an IOSS number);
 *  - alcoholic beverages (HS 2203-2208) and tobacco (HS 24) never go
 *    under a gift relief: US 19 U.S.C. 1321(a)(2)(A) and 19 CFR 10.152;
 *    EU Council Reg. (EC) 1186/2009 Art. 27 (quantity limits, treated as
 *    an exclusion); UK (HMRC: alcohol and tobacco are not in the gift
 *    allowance);
 *  - perfume and toilet water (HS 3303): US: excluded when it contains
 *    alcohol and is worth more than USD 5 (19 U.S.C. 1321(a)(2)(A); all
 *    HS 3303 is taken to contain alcohol); EU: excluded (Art. 27 limits
 *    50 g / 0.25 l, treated as an exclusion); UK: not excluded; any other
 *    jurisdiction: excluded.
 */
#ifndef PCL_GIFT_H
#define PCL_GIFT_H

#include <stddef.h>

#include "money.h"

enum pcl_gift_goods {
	PCL_GIFT_GOODS_OTHER = 0,
	PCL_GIFT_GOODS_EXCISE,		/* alcohol HS 2203-2208, tobacco HS 24 */
	PCL_GIFT_GOODS_PERFUME		/* HS 3303 */
};

/* Class of HS code 'hs' ('len' digits, at least 4 for a match). */
enum pcl_gift_goods pcl_gift_goods_of(const char *hs, size_t len);

/*
 * 1 when a record's consignor is a business: any of its consignor_id,
 * ioss_number and platform ('*_len' bytes each) is not empty.
 */
int pcl_gift_business(size_t consignor_id_len, size_t ioss_len,
    size_t platform_len);

enum pcl_gift_perfume {
	PCL_GIFT_PERFUME_EXCLUDED = 0,	/* any perfume takes the gift out */
	PCL_GIFT_PERFUME_UP_TO,		/* allowed up to '*minor' (inclusive) */
	PCL_GIFT_PERFUME_ALLOWED	/* not excluded */
};

/*
 * How the gift relief of 'jurisdiction' ("US", "EU", "GB" ...) treats
 * perfume; for PCL_GIFT_PERFUME_UP_TO stores the allowance in minor units
 * of the jurisdiction's currency (US: 500, USD 5.00) in '*minor'.
 */
enum pcl_gift_perfume pcl_gift_perfume_rule(const char *jurisdiction,
    pcl_i128 *minor);

#endif

/*
 * perkg: plausible value per kilogram of gross mass per HS chapter.
 * An item whose value per kg is below the band's minimum (undervaluation)
 * or above its maximum (a mass or value typed wrong, or goods not what
 * the HS code says) raises the soft flag IMPLAUSIBLE_VALUE_PER_KG.
 *
 * The bands are data/lists/value-per-kg.csv (embedded; with --lists DIR
 * the file DIR/value-per-kg.csv, none when absent):
 *
 *   chapter,min_per_kg,max_per_kg,currency,valid_from,valid_to,source
 *
 * 'chapter' two HS digits; 'min_per_kg', 'max_per_kg' exact decimals in
 * 'currency', 0 to 10^9 (either may be empty: no bound); validity inclusive, empty =
 * open; 'source' required. No floating point: the comparison is
 * value * 10^6 < min * mass (and > max * mass) on exact integers.
 */
#ifndef PCL_PERKG_H
#define PCL_PERKG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "fx.h"
#include "money.h"

#define PCL_PERKG_FILE	"value-per-kg.csv"
/* bounds and masses up to 10^9 (in micros), so products fit in 128 bits;
 * a heavier item is not judged */
#define PCL_PERKG_MAX	((pcl_i128)1000000000000000)

struct pcl_perkg;

/*
 * Loads the bands: 'dir' NULL: the embedded data/lists/value-per-kg.csv;
 * else DIR/value-per-kg.csv, or no bands when that file does not exist.
 * Errors: PCL_E_IO, PCL_E_TOOBIG, PCL_E_PARSE ('err' names file, line and
 * column: a chapter that is not two digits or twice on overlapping dates,
 * a bad amount, currency or date, min over max, no source), PCL_E_NOMEM.
 */
int pcl_perkg_open(struct pcl_perkg **out, const char *dir,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'p'. NULL is a no-op. */
void pcl_perkg_free(struct pcl_perkg *p);

/* Number of bands; file name and hex SHA-256 ("" when no file). */
size_t pcl_perkg_count(const struct pcl_perkg *p);
const char *pcl_perkg_name(const struct pcl_perkg *p);
const char *pcl_perkg_sha256(const struct pcl_perkg *p);

/*
 * The band test on exact integers: 'value4' (value in 10^-4 units of the
 * band currency) against 'min_micros' / 'max_micros' per kg (-1: no
 * bound) for 'mass_micros' (10^-6 kg, > 0). Returns 1 when
 * value / mass < min or value / mass > max; a value exactly at a bound
 * is plausible.
 */
int pcl_perkg_outside(pcl_i128 value4, pcl_i128 mass_micros,
    pcl_i128 min_micros, pcl_i128 max_micros);

/*
 * 1 when an item of HS code 'hs' ('len' digits), value 'value_micros' in
 * 'currency' and gross mass 'mass_micros' (10^-6 kg) on 'date' is
 * outside its chapter's band, the value converted into the band currency
 * with 'fx' under 'rule' (the rate the parcel's duty rule uses), rounded
 * once half-up to 10^-4. 0 when plausible, or not judged: no band for
 * the chapter and date, mass or value not above zero, no rate.
 */
int pcl_perkg_check(const struct pcl_perkg *p, const char *hs, size_t len,
    int32_t date, const char *currency, pcl_i128 value_micros,
    pcl_i128 mass_micros, const struct pcl_fx *fx, enum pcl_fx_rule rule);

#endif

/*
 * exportreq: the manifest columns each declaration data set (export.h)
 * requires of a goods record, and which records a data set asked for
 * with --export can take. A goods record in scope of a requested data
 * set whose required column is empty is a reject, MISSING_FOR_EXPORT@
 * column; without --export nothing is required here.
 *
 * Scope is judged on the record alone, in the first pass, before any
 * value is assessed, so it is wider than what the data set finally
 * takes (export.c): every record that crosses a customs border on its
 * date (rules.h, pcl_rules_same_territory) and is
 * - h7: to an EU member state (or XI) on its date;
 * - uk-h7: to GB;
 * - cn23: of channel post, to any destination;
 * - ace: of channel courier, to the US.
 * A parcel later found over the data set's value limit, or held, was
 * still required to carry the columns.
 *
 * Sources of the required elements (docs/exports.md lists them):
 * Delegated Regulation (EU) 2015/2446 Annex B column H7 and AEAT's H7
 * guide; CDS Appendix 21H; the UPU CN 23 form (boxes 1-8, commercial
 * items for 7 and 8); CBP's Type 86 data elements.
 */
#ifndef PCL_EXPORTREQ_H
#define PCL_EXPORTREQ_H

#include "error.h"

struct pcl_item;
struct pcl_reasons;
struct pcl_row;
struct pcl_rules;

/*
 * The element of data set 'kind' (enum pcl_export_kind) that manifest
 * column 'column' (enum pcl_column) fills and that the data set
 * requires of goods record of category 'category' (enum pcl_category),
 * as the export file heads it ("13 01 018 022 exporter city"), or NULL
 * when the data set does not require that column.
 */
const char *pcl_exportreq_element(int kind, int column, int category);

/*
 * 1 when data set 'kind' may take goods record 'it' (checked, parsed by
 * pcl_check_record) by its destination, channel and customs border on
 * its date, as above; 0 otherwise, or when the record has no date or
 * destination.
 */
int pcl_exportreq_in_scope(int kind, const struct pcl_rules *rules,
    const struct pcl_item *it);

/*
 * Adds MISSING_FOR_EXPORT@column to 'rs' for each column that a data set
 * in 'mask' (bit k for enum pcl_export_kind k) requires of goods record
 * 'row' ('it' its parsed values) in scope of that data set and that is
 * empty, unless 'rs' already names that column MISSING. Rows that are no
 * goods item (a classed row, a postage line) are never required
 * anything. Returns 0, or -1 when out of memory.
 */
int pcl_exportreq_check(unsigned mask, const struct pcl_rules *rules,
    const struct pcl_row *row, const struct pcl_item *it,
    struct pcl_reasons *rs) PCL_NODISCARD;

#endif

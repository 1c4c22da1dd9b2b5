/*
 * export: the declaration data sets a run writes beside its lanes when
 * asked (--export), one gzip CSV per data set, one row per goods item,
 * each column named by the official element number and name:
 *
 * - h7 (export-h7.csv.gz): the EU H7 data set of Delegated Regulation
 *   (EU) 2015/2446 Annex B, column H7, for parcels to an EU member state
 *   whose intrinsic value does not exceed EUR 150, in release or declare,
 *   without excise or relief-excluded goods or goods under a restriction
 *   (RESTRICTED_GOODS), at most 999 goods items;
 * - uk-h7 (export-uk-h7.csv.gz): the UK H7 data set of CDS Appendix
 *   21H, numbered as there, for parcels to GB whose value does not
 *   exceed GBP 135, on the same conditions;
 * - cn23 (export-cn23.csv.gz): the UPU CN 23 customs declaration (the
 *   data ITMATT carries) for post-channel parcels that cross a customs
 *   border, in release or declare;
 * - ace (export-ace.csv.gz): the US entry data of ACE for courier
 *   parcels to the US in release or declare, with the entry type the
 *   parcel's date, origin and value call for (pcl_export_ace_type).
 *
 * Owns the export writers, their header rows, which parcel each data set
 * takes, the goods item numbers (1..n per declaration: a per-parcel
 * counter of 2 bytes, allocated only when an export is asked for) and
 * the computed elements (HS-6 subheading, additional procedure codes,
 * packages, the flat duty, the ACE entry type), and the header elements
 * a run's filing parameters give (filing.h). Rows are written in pass 2, in input order,
 * so the files are byte-identical at any -j. docs/exports.md lists every
 * column with its source.
 */
#ifndef PCL_EXPORT_H
#define PCL_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "money.h"

enum pcl_export_kind {
	PCL_EXPORT_H7 = 0,
	PCL_EXPORT_UK_H7,
	PCL_EXPORT_CN23,
	PCL_EXPORT_ACE,
	PCL_EXPORT_COUNT
};

/* Name of data set 'k' as --export spells it ("h7"), "" if none. */
const char *pcl_export_name(int k);

/* File name of data set 'k' ("export-h7.csv.gz"), "" if none. */
const char *pcl_export_file(int k);

/*
 * Parses 'list', data set names separated by commas ("h7,cn23", any
 * order, each at most once), into '*mask' (bit k for enum pcl_export_kind
 * k). Errors: PCL_E_USAGE with 'err' naming an unknown, repeated or empty
 * name.
 */
int pcl_export_parse(const char *list, unsigned *mask, struct pcl_error *err)
    PCL_NODISCARD;

struct pcl_filing;
struct pcl_fx;
struct pcl_parcel;
struct pcl_parcels;
struct pcl_row;
struct pcl_rules;
struct pcl_verdict;
struct pcl_verdicts;
struct pcl_writer;

/* What the exports read, all borrowed. */
struct pcl_export_in {
	const struct pcl_rules		*rules;
	struct pcl_parcels		*parcels;
	struct pcl_verdicts		*verdicts;
	const struct pcl_filing		*filing;	/* NULL: none */
	const struct pcl_fx		*fx;		/* the run's rates */
	/* each parcel's gross mass in micro-kg, PCL_PASS1_MASS_NONE when
	 * unknown; 'nmass' slots, parcels past them 0 (pass1.h) */
	const int64_t			*mass;
	uint32_t			 nmass;
};

struct pcl_exports;

/*
 * Opens a writer in 'dir' for every data set in 'mask' (gzip 'level',
 * 'threads' compression threads, 0: online cores) and writes its header
 * row; 'nparcels' parcels get a goods item counter. '*out' is owned by
 * the caller: pcl_exports_free. Errors: as pcl_writer_open,
 * PCL_E_USAGE (bad thread count), PCL_E_NOMEM.
 */
int pcl_exports_open(struct pcl_exports **out, unsigned mask,
    const char *dir, int level, int threads, const struct pcl_export_in *in,
    uint32_t nparcels, struct pcl_error *err) PCL_NODISCARD;

/*
 * Writes the record 'row' of parcel 'idx' (not an exact duplicate),
 * whose amounts use the decimal separator 'decimal' of its input ('.'
 * or ','), to every data set that takes the parcel; a row that is no
 * goods item (postage, a classed row) is in none. Errors: PCL_E_WRITE,
 * PCL_E_NOMEM.
 */
int pcl_exports_row(struct pcl_exports *x, const struct pcl_row *row,
    uint32_t idx, char decimal, struct pcl_error *err) PCL_NODISCARD;

/* Finishes every writer (pcl_writer_finish). Errors: PCL_E_WRITE. */
int pcl_exports_finish(struct pcl_exports *x, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * The PCL_EXPORT_COUNT writer slots, NULL where a data set was not asked
 * for (borrowed; outdir.h publishes and clears them).
 */
struct pcl_writer **pcl_exports_writers(struct pcl_exports *x);

/* The data sets asked for (the mask given to open). */
unsigned pcl_exports_mask(const struct pcl_exports *x);

/* Aborts the writers still held and frees 'x'. NULL is a no-op. */
void pcl_exports_free(struct pcl_exports *x);

/*
 * The additional procedure codes (DE 11 10) of an H7 goods item of a
 * parcel dated 'date' (days, date.h), joined by a space into 'buf':
 * "C08" for a gift between private persons under the gift relief
 * (Reg. 1186/2009 Art. 25), never with an F code; otherwise, before
 * 2026-07-01, "C07" (relief, Art. 23) and with a valid IOSS number also
 * "F48"; from 2026-07-01, when the relief gives way to the flat duty,
 * "F48" with IOSS and else nothing (the code replacing C07 is not
 * confirmed; docs/exports.md). Returns the length written.
 */
size_t pcl_export_h7_procedure(char *buf, size_t size, int32_t date,
    int gift_relief, int ioss_valid);

/*
 * The ACE entry type of a US courier parcel: "86" (Section 321 de
 * minimis, Type 86) when it was released under the de minimis
 * ('under_threshold') on a date Type 86 was accepted: before 2025-08-29
 * (CSMS 66065494, EO 14324), and for goods of CN or HK origin
 * ('origin') before 2025-05-02 (EO 14256); otherwise "11" (informal
 * entry) when its value 'usd_cents' (USD, 2 decimals) does not exceed
 * USD 2,500 (19 CFR 143.21), else "01" (formal entry). Static string.
 */
const char *pcl_export_ace_type(int32_t date, const char *origin,
    int under_threshold, pcl_i128 usd_cents);

#endif

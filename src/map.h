/*
 * map: how one input layout maps onto the canonical manifest (schema.h),
 * read from a map file (--map), and the binding of an input's header to
 * canonical columns with the per-record transformation it implies:
 * column renames, constants, null tokens, value tables, date formats and
 * row classes (postage and other non-goods lines) by PCRE2 pattern.
 *
 * Map file format (documented in docs/maps.md): UTF-8 text, '#'
 * comments, sections in brackets, "key = value" lines:
 *   [input]      delimiter = ;     decimal = ,     date_formats = %m/%d/%y %H:%M | %d-%m-%y
 *   [columns]    canonical_name = Source Header Name
 *   [constants]  canonical_name = value used for every record
 *   [nulls]      canonical_name (or *) = TOKEN | TOKEN ...   (read as empty)
 *   [values canonical_name]   input text = replacement text
 *   [rows]       class = Source-or-canonical column | PCRE2 pattern
 *                (class "postage": the line's value is transport cost of
 *                its parcel; any other class: a non-goods line, rejected)
 */
#ifndef PCL_MAP_H
#define PCL_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "schema.h"

struct pcl_map;

/*
 * Reads map file 'path'. Errors: PCL_E_IO, PCL_E_PARSE (with 'err'
 * naming the line: unknown section or key, bad pattern, unknown canonical
 * column), PCL_E_NOMEM. '*out' is owned by the caller (pcl_map_free).
 */
int pcl_map_open(struct pcl_map **out, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'm'. NULL is a no-op. */
void pcl_map_free(struct pcl_map *m);

/* The map's delimiter (0 if not set) and decimal separator ('.' default). */
char pcl_map_delimiter(const struct pcl_map *m);
char pcl_map_decimal(const struct pcl_map *m);

/* Hex SHA-256 of the map file's bytes (borrowed). */
const char *pcl_map_sha256(const struct pcl_map *m);

/* A record as canonical fields (borrowed from the binding's buffers). */
struct pcl_row {
	const char	*v[PCL_COL_COUNT];	/* NUL-terminated text, "" if absent */
	size_t		 len[PCL_COL_COUNT];
	int32_t		 date;		/* parsed date or PCL_DATE_NONE */
	int		 row_class;	/* -1 goods; else index into classes */
	const char	*class_name;	/* "postage", "cancellation" ... or NULL */
	int		 class_column;	/* canonical column the class matched, or PCL_COL_NONE */
	int		 is_postage;
};

struct pcl_binding;

/*
 * Binds header 'names' ('n' columns) to canonical columns under 'map'
 * (may be NULL: canonical names and aliases only) and 'profile'. Header
 * columns that map to nothing are "unknown" columns (kept in outputs).
 * Errors: PCL_E_SCHEMA when a column every record needs is neither in the
 * header nor a map constant ('err->field' names it), or when two header
 * columns map to one canonical column; PCL_E_NOMEM. '*out' is owned by
 * the caller (pcl_binding_free); it borrows 'map', which must outlive it.
 */
int pcl_binding_new(struct pcl_binding **out, const char *const *names,
    size_t n, const struct pcl_map *map, enum pcl_profile profile,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'b'. NULL is a no-op. */
void pcl_binding_free(struct pcl_binding *b);

/* Header index bound to canonical column 'c', or -1 (absent or constant). */
int pcl_binding_source(const struct pcl_binding *b, int c);

/* 1 when canonical column 'c' has a value source (column or constant). */
int pcl_binding_has(const struct pcl_binding *b, int c);

/* Number of unknown header columns and the header index of the i-th. */
size_t pcl_binding_nunknown(const struct pcl_binding *b);
size_t pcl_binding_unknown(const struct pcl_binding *b, size_t i);

/*
 * Fills 'row' from one record's 'fields' ('n' of them, 'lens' bytes
 * each): constants, null tokens (field read as empty), value tables, and
 * the date parsed with ISO 8601 first, then each map date format in order
 * ('row->v[PCL_COL_DATE]' becomes the ISO text when parsed). Fields
 * beyond 'n' read as empty. Row class patterns are matched on the
 * mapped text. The row borrows from 'b' until the next call.
 */
void pcl_binding_apply(struct pcl_binding *b, const char *const *fields,
    const size_t *lens, size_t n, struct pcl_row *row);

#endif

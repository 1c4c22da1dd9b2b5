/*
 * json: JSON in and out, over jansson. Writing: a builder that renders a
 * document with 2-space indentation and members in the order written
 * (summary.json). Numbers are written from integers or from decimal text
 * given by the caller, never through double. Reading: a whole file parsed
 * into a jansson tree, with the error position in struct pcl_error.
 */
#ifndef PCL_JSON_H
#define PCL_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

struct pcl_json;

/*
 * A document being built, rendered with 2-space indentation (new) or on
 * one line without spaces, as a line of JSON Lines (new_compact).
 * new/free; NULL-safe free.
 */
int pcl_json_new(struct pcl_json **out) PCL_NODISCARD;
int pcl_json_new_compact(struct pcl_json **out) PCL_NODISCARD;
void pcl_json_free(struct pcl_json *j);

/*
 * Builders. 'key' names the member inside an object and is NULL inside an
 * array and for the top-level value. Strings and keys are escaped by
 * jansson (quotes, backslash, control characters; UTF-8 passes through);
 * bytes that are not valid UTF-8 (and NUL) are written as the four
 * characters "\xHH", as in lane files. Objects and arrays are opened and
 * closed explicitly. Out-of-memory is sticky and reported by
 * pcl_json_text, and so is nesting deeper than 16 levels, closing more
 * than was opened, and a second top-level value.
 */
void pcl_json_begin_object(struct pcl_json *j, const char *key);
void pcl_json_end_object(struct pcl_json *j);
void pcl_json_begin_array(struct pcl_json *j, const char *key);
void pcl_json_end_array(struct pcl_json *j);
void pcl_json_string(struct pcl_json *j, const char *key, const char *value);
void pcl_json_null(struct pcl_json *j, const char *key);
void pcl_json_uint(struct pcl_json *j, const char *key, unsigned long long v);
void pcl_json_bool(struct pcl_json *j, const char *key, int v);
/*
 * A number given as text, written exactly as given ("0.125", "1.500"):
 * it must already be a valid JSON number.
 */
void pcl_json_raw(struct pcl_json *j, const char *key, const char *num);

/*
 * The text of the finished document, ending in a newline (borrowed,
 * NUL-terminated) and its length in '*len'; "" before anything was
 * written. Returns NULL when an allocation failed at any point, the
 * nesting was wrong, or the top-level value is not closed yet.
 */
const char *pcl_json_text(const struct pcl_json *j, size_t *len);

/*
 * Reads and parses JSON file 'path' (at most 'max' bytes). On PCL_OK
 * '*out' is the root, owned by caller (json_decref). Errors: those of
 * pcl_readfile_all; PCL_E_PARSE with 'err' naming file, line and
 * jansson's message.
 */
int pcl_json_load(const char *path, size_t max, json_t **out,
    struct pcl_error *err) PCL_NODISCARD;

#endif

/*
 * jsonv: a small JSON reader (RFC 8259) into a tree, for reading back
 * summary.json (parcelclear verify). Numbers are kept as their text, so
 * nothing passes through floating point; object members keep their order.
 */
#ifndef PCL_JSONV_H
#define PCL_JSONV_H

#include <stddef.h>

#include "error.h"

enum pcl_jsonv_type {
	PCL_JSONV_NULL, PCL_JSONV_BOOL, PCL_JSONV_NUMBER, PCL_JSONV_STRING,
	PCL_JSONV_ARRAY, PCL_JSONV_OBJECT
};

/* A value. For arrays 'keys' is NULL; for objects keys[i] names kids[i].
 * 'text' holds a string's unescaped UTF-8 bytes (NUL-terminated), a
 * number's text, or "true"/"false"/"null". */
struct pcl_jsonv {
	enum pcl_jsonv_type	 type;
	char			*text;
	char			**keys;
	struct pcl_jsonv	**kids;
	size_t			 n;
};

/*
 * Parses the 'len' bytes at 's'. On PCL_OK '*out' is the root, owned by
 * the caller (pcl_jsonv_free). Errors: PCL_E_PARSE ('err' gives the line
 * and a message), PCL_E_NOMEM. Nesting deeper than 64 is a parse error.
 */
int pcl_jsonv_parse(const char *s, size_t len, struct pcl_jsonv **out,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'v' and its children. NULL is a no-op. */
void pcl_jsonv_free(struct pcl_jsonv *v);

/* The member 'key' of object 'v' (borrowed), or NULL when 'v' is not an
 * object or has no such member. */
const struct pcl_jsonv *pcl_jsonv_get(const struct pcl_jsonv *v,
    const char *key);

/* The text of 'v' when it is a string, else NULL (borrowed). */
const char *pcl_jsonv_str(const struct pcl_jsonv *v);

#endif

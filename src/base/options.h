/* Option parsing shared by the session layer: typed reads of ge_options values and the
 * table of keys geflow knows (others are warned about). */
#ifndef GEFLOW_BASE_OPTIONS_H
#define GEFLOW_BASE_OPTIONS_H

#include "geflow/ge_options.h"

#include <stdbool.h>
#include <stdint.h>

/* A deep copy (NULL copies as an empty set). */
ge_status ge_options_clone(const ge_options *src, ge_options **out);
/* Looks key up in each set in turn (most specific first); NULL entries are skipped. */
const char *ge_options_lookup(const ge_options *const *layers, size_t n_layers, const char *key);
/* Parses a decimal integer value; false (and a message naming key) when malformed. */
bool ge_option_parse_int(const char *key, const char *value, int64_t *out);
/* "0;2;5" -> sorted unique indexes; false (and a message) when malformed. *out_n <= cap. */
bool ge_option_parse_index_list(const char *key, const char *value, uint32_t *out, size_t cap,
                                size_t *out_n);
/* True when geflow knows key (honoured or accepted-and-recorded). */
bool ge_option_is_known(const char *key);
/* Logs a warning for each unknown key in options; `where` names the call ("GEInitialize"). */
void ge_options_warn_unknown(const ge_options *options, const char *where);

#endif

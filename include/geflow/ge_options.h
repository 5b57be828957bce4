/* String key/value options with the vendor's keys (ge.exec.deviceId, ge.graphRunMode, ...),
 * passed to ge_initialize, ge_session_create, ge_session_add_graph and ge_session_load_graph.
 * Unknown keys are accepted with a warning, as the vendor does. */
#ifndef GEFLOW_GE_OPTIONS_H
#define GEFLOW_GE_OPTIONS_H

#include "geflow/ge_status.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ge_options ge_options;

GEFLOW_API ge_status ge_options_create(ge_options **out_options);
/* Sets (or replaces) key. An empty key is refused (PARAM_INVALID), as the vendor refuses it. */
GEFLOW_API ge_status ge_options_set(ge_options *options, const char *key, const char *value);
/* The value of key, or NULL when unset. Borrowed: valid until the key is set again or the
 * options are destroyed. */
GEFLOW_API const char *ge_options_get(const ge_options *options, const char *key);
GEFLOW_API size_t ge_options_count(const ge_options *options);
/* The i-th key and value in insertion order (borrowed); NULL when i is out of range. */
GEFLOW_API const char *ge_options_key_at(const ge_options *options, size_t i);
GEFLOW_API const char *ge_options_value_at(const ge_options *options, size_t i);
GEFLOW_API void ge_options_destroy(ge_options *options);

#ifdef __cplusplus
}
#endif

#endif

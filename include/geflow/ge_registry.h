/* Op registry introspection: which op types geflow runs, for which domains, opsets and
 * element types (what `geflow ops` prints and the README's supported-ops table shows).
 * Entries are in registry order; one op type may have several entries (opset ranges). */
#ifndef GEFLOW_GE_REGISTRY_H
#define GEFLOW_GE_REGISTRY_H

#include "geflow/ge_status.h"
#include "geflow/ge_types.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The number of registry entries. */
GEFLOW_API size_t ge_registry_op_count(void);
/* Entry `index`: op type, domain ("ai.onnx" for the ONNX domain), the opset range it covers
 * (inclusive) and its main type constraint as a dtype bitmask (bit 1 << ge_dtype). Every out
 * pointer may be NULL; the strings are static. PARAM_INVALID when index is out of range. */
GEFLOW_API ge_status ge_registry_op_at(size_t index, const char **out_name, const char **out_domain,
                                       int *out_since_opset, int *out_last_opset,
                                       uint64_t *out_dtype_mask);
/* Whether (domain, op type) is known at `opset` (opset <= 0: at any opset). */
GEFLOW_API bool ge_registry_has_op(const char *domain, const char *op_type, int opset);
/* "float32", "int64", ... for a dtype; "invalid" for a value that is not a ge_dtype. */
GEFLOW_API const char *ge_dtype_get_name(ge_dtype dtype);
/* Bytes per element; 0 for UNDEFINED, STRING or an invalid value. */
GEFLOW_API size_t ge_dtype_get_size(ge_dtype dtype);

#ifdef __cplusplus
}
#endif

#endif

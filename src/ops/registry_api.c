/* The public registry introspection (include/geflow/ge_registry.h) over the op registry. */
#include "geflow/ge_registry.h"

#include "base/error.h"
#include "ir/dtype.h"
#include "ops/op_registry.h"

size_t ge_registry_op_count(void)
{
    return op_registry_count();
}

ge_status ge_registry_op_at(size_t index, const char **out_name, const char **out_domain,
                            int *out_since_opset, int *out_last_opset, uint64_t *out_dtype_mask)
{
    const op_schema *s = op_registry_at(index);
    if (!s)
    {
        ge_error_set("ge_registry_op_at: index %zu out of range (the registry has %zu entries)", index,
                     op_registry_count());
        return GE_STATUS_PARAM_INVALID;
    }
    if (out_name)
        *out_name = s->type;
    if (out_domain)
        *out_domain = op_domain_is_onnx(s->domain) ? "ai.onnx" : s->domain;
    if (out_since_opset)
        *out_since_opset = s->since_opset;
    if (out_last_opset)
        *out_last_opset = s->last_opset;
    if (out_dtype_mask)
        *out_dtype_mask = s->dtypes;
    return GE_STATUS_SUCCESS;
}

bool ge_registry_has_op(const char *domain, const char *op_type, int opset)
{
    if (!op_type)
        return false;
    if (opset <= 0)
        return op_registry_find_any(domain, op_type) != NULL;
    return op_registry_find(domain, op_type, opset) != NULL;
}

const char *ge_dtype_get_name(ge_dtype dtype)
{
    return ge_dtype_name(dtype);
}

size_t ge_dtype_get_size(ge_dtype dtype)
{
    return dtype == GE_DTYPE_STRING ? 0 : ge_dtype_size(dtype);
}

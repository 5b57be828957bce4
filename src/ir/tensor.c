#include "ir/tensor.h"

#include "base/alloc.h"
#include "base/error.h"

#include <string.h>

bool ir_tensor_byte_size(ge_dtype dtype, const ir_shape *shape, size_t *out)
{
    int64_t n = ir_shape_numel(shape);
    size_t es = ge_dtype_size(dtype);
    if (n < 0 || es == 0)
        return false;
    if ((uint64_t)n > SIZE_MAX / es)
        return false;
    *out = (size_t)n * es;
    return true;
}

ge_status ir_tensor_alloc(ir_tensor *t, ge_dtype dtype, const ir_shape *shape)
{
    size_t bytes;
    char sb[128];
    memset(t, 0, sizeof *t);
    if (!ir_tensor_byte_size(dtype, shape, &bytes)) {
        ge_error_set("tensor of %s %s: size is not computable (unknown dims, unknown dtype or overflow)",
                     ge_dtype_name(dtype), ir_shape_format(shape, sb, sizeof sb));
        return GE_STATUS_PARAM_INVALID;
    }
    void *p = ge_aligned_alloc(64, bytes);
    if (!p) {
        ge_error_set("tensor of %s %s: out of memory allocating %zu bytes", ge_dtype_name(dtype),
                     ir_shape_format(shape, sb, sizeof sb), bytes);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    memset(p, 0, bytes);
    t->dtype = dtype;
    t->shape = *shape;
    t->data = p;
    t->bytes = bytes;
    return GE_STATUS_SUCCESS;
}

ge_status ir_tensor_from_data(ir_tensor *t, ge_dtype dtype, const ir_shape *shape, const void *src,
                              size_t bytes)
{
    ge_status st = ir_tensor_alloc(t, dtype, shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (bytes != t->bytes) {
        ge_error_set("tensor data: expected %zu bytes for the shape, found %zu", t->bytes, bytes);
        ir_tensor_free_data(t);
        return GE_STATUS_PARAM_INVALID;
    }
    if (dtype == GE_DTYPE_STRING) {
        ge_error_set("tensor data: string tensors are built element by element, not from bytes");
        ir_tensor_free_data(t);
        return GE_STATUS_PARAM_INVALID;
    }
    if (bytes)
        memcpy(t->data, src, bytes);
    return GE_STATUS_SUCCESS;
}

ge_status ir_tensor_clone(ir_tensor *dst, const ir_tensor *src)
{
    ge_status st = ir_tensor_alloc(dst, src->dtype, &src->shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (src->dtype != GE_DTYPE_STRING) {
        if (src->bytes)
            memcpy(dst->data, src->data, src->bytes);
        return GE_STATUS_SUCCESS;
    }
    char **from = src->data, **to = dst->data;
    int64_t n = ir_tensor_numel(src);
    for (int64_t i = 0; i < n; i++) {
        if (from[i] && !(to[i] = ge_strdup(from[i]))) {
            ir_tensor_free_data(dst);
            ge_error_set("tensor clone: out of memory copying strings");
            return GE_STATUS_MEMALLOC_FAILED;
        }
    }
    return GE_STATUS_SUCCESS;
}

void ir_tensor_free_data(ir_tensor *t)
{
    if (!t || !t->data)
        return;
    if (t->dtype == GE_DTYPE_STRING) {
        char **s = t->data;
        int64_t n = ir_tensor_numel(t);
        for (int64_t i = 0; i < n; i++)
            ge_free(s[i]);
    }
    ge_free(t->data);
    t->data = NULL;
    t->bytes = 0;
}

int64_t ir_tensor_numel(const ir_tensor *t)
{
    return ir_shape_numel(&t->shape);
}

bool ir_tensor_present(const ir_tensor *t)
{
    return t && t->dtype != GE_DTYPE_UNDEFINED;
}

#include "ir/api_tensor.h"

#include "base/alloc.h"
#include "base/error.h"

#include <string.h>

static ge_status make_shape(const char *fn, const int64_t *dims, size_t rank, bool allow_unknown,
                            ir_shape *out)
{
    if (rank > IR_MAX_RANK) {
        ge_error_set("%s: rank %zu exceeds the maximum %d", fn, rank, IR_MAX_RANK);
        return GE_STATUS_PARAM_INVALID;
    }
    if (rank && !dims) {
        ge_error_set("%s: dims is NULL with rank %zu", fn, rank);
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < rank; i++)
        if (dims[i] < 0 && !(allow_unknown && dims[i] == GE_DIM_UNKNOWN)) {
            ge_error_set("%s: dim %zu is %lld; expected >= 0%s", fn, i, (long long)dims[i],
                         allow_unknown ? " or -1 (unknown)" : "");
            return GE_STATUS_PARAM_INVALID;
        }
    ir_shape_make(out, rank, dims);
    return GE_STATUS_SUCCESS;
}

static ge_status check_dtype(const char *fn, ge_dtype dtype)
{
    if (!ge_dtype_is_valid((int)dtype) || dtype == GE_DTYPE_UNDEFINED) {
        ge_error_set("%s: dtype %d is not a ge_dtype", fn, (int)dtype);
        return GE_STATUS_PARAM_INVALID;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status check_placement(const char *fn, ge_placement p)
{
    if (p != GE_PLACEMENT_HOST && p != GE_PLACEMENT_DEVICE) {
        ge_error_set("%s: placement %d is neither host (0) nor device (1)", fn, (int)p);
        return GE_STATUS_PARAM_INVALID;
    }
    return GE_STATUS_SUCCESS;
}

GEFLOW_API ge_status ge_tensor_create(ge_dtype dtype, const int64_t *dims, size_t rank,
                                      ge_placement placement, ge_tensor **out_tensor)
{
    static const char fn[] = "ge_tensor_create";
    if (!out_tensor) {
        ge_error_set("%s: out_tensor is NULL", fn);
        return GE_STATUS_PARAM_INVALID;
    }
    *out_tensor = NULL;
    ir_shape shape;
    ge_status st = check_dtype(fn, dtype);
    if (st == GE_STATUS_SUCCESS)
        st = check_placement(fn, placement);
    if (st == GE_STATUS_SUCCESS)
        st = make_shape(fn, dims, rank, false, &shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (placement == GE_PLACEMENT_DEVICE) {
        ge_error_set("%s: device placement is not allocated here; allocate device memory with "
                     "aclrtMalloc and pass it to ge_tensor_wrap",
                     fn);
        return GE_STATUS_UNSUPPORTED;
    }
    ge_tensor *t = ge_calloc(1, sizeof *t);
    if (!t) {
        ge_error_set("%s: out of memory", fn);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    st = ir_tensor_alloc(&t->owned, dtype, &shape);
    if (st != GE_STATUS_SUCCESS) {
        ge_free(t);
        ge_error_prefix("%s: ", fn);
        return st;
    }
    t->dtype = dtype;
    t->shape = shape;
    t->data = t->owned.data;
    t->capacity = t->owned.bytes;
    t->placement = placement;
    *out_tensor = t;
    return GE_STATUS_SUCCESS;
}

/* Checks that `bytes` at data hold dtype x shape; exact when `exact`. */
static ge_status check_bytes(const char *fn, ge_dtype dtype, const ir_shape *shape, const void *data,
                             size_t bytes, bool exact)
{
    if (!data) {
        if (bytes) {
            ge_error_set("%s: data is NULL with a byte size of %zu", fn, bytes);
            return GE_STATUS_PARAM_INVALID;
        }
        return GE_STATUS_SUCCESS;
    }
    size_t need;
    char sb[128];
    if (!ir_tensor_byte_size(dtype, shape, &need)) {
        ge_error_set("%s: a tensor with data needs known dims; found %s %s", fn, ge_dtype_name(dtype),
                     ir_shape_format(shape, sb, sizeof sb));
        return GE_STATUS_PARAM_INVALID;
    }
    if (exact ? bytes != need : bytes < need) {
        ge_error_set("%s: %s %s needs %zu bytes; found %zu", fn, ge_dtype_name(dtype),
                     ir_shape_format(shape, sb, sizeof sb), need, bytes);
        return GE_STATUS_PARAM_INVALID;
    }
    return GE_STATUS_SUCCESS;
}

GEFLOW_API ge_status ge_tensor_wrap(ge_dtype dtype, const int64_t *dims, size_t rank, void *data,
                                    size_t bytes, ge_placement placement, ge_tensor_release_fn release,
                                    void *user, ge_tensor **out_tensor)
{
    static const char fn[] = "ge_tensor_wrap";
    if (!out_tensor) {
        ge_error_set("%s: out_tensor is NULL", fn);
        return GE_STATUS_PARAM_INVALID;
    }
    *out_tensor = NULL;
    ir_shape shape;
    ge_status st = check_dtype(fn, dtype);
    if (st == GE_STATUS_SUCCESS)
        st = check_placement(fn, placement);
    if (st == GE_STATUS_SUCCESS)
        st = make_shape(fn, dims, rank, data == NULL, &shape);
    if (st == GE_STATUS_SUCCESS)
        st = check_bytes(fn, dtype, &shape, data, bytes, true);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ge_tensor *t = ge_calloc(1, sizeof *t);
    if (!t) {
        ge_error_set("%s: out of memory", fn);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    t->dtype = dtype;
    t->shape = shape;
    t->data = data;
    t->capacity = bytes;
    t->placement = placement;
    t->release = data ? release : NULL;
    t->user = user;
    *out_tensor = t;
    return GE_STATUS_SUCCESS;
}

static void release_data(ge_tensor *t)
{
    if (t->owned.data) {
        ir_tensor_free_data(&t->owned);
    } else if (t->release && t->data) {
        ge_tensor_release_fn fn = t->release;
        t->release = NULL;
        fn(t->data, t->user);
    }
    t->data = NULL;
    t->capacity = 0;
    t->release = NULL;
    t->user = NULL;
}

GEFLOW_API ge_status ge_tensor_set_data(ge_tensor *tensor, void *data, size_t bytes,
                                        ge_placement placement, ge_tensor_release_fn release, void *user)
{
    static const char fn[] = "ge_tensor_set_data";
    if (!tensor) {
        ge_error_set("%s: tensor is NULL", fn);
        return GE_STATUS_PARAM_INVALID;
    }
    ge_status st = check_placement(fn, placement);
    if (st == GE_STATUS_SUCCESS)
        st = check_bytes(fn, tensor->dtype, &tensor->shape, data, bytes, false);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (data && data == tensor->data) {
        ge_error_set("%s: the tensor already holds this data", fn);
        return GE_STATUS_PARAM_INVALID;
    }
    release_data(tensor);
    tensor->data = data;
    tensor->capacity = bytes;
    tensor->placement = placement;
    tensor->release = data ? release : NULL;
    tensor->user = user;
    return GE_STATUS_SUCCESS;
}

GEFLOW_API ge_status ge_tensor_set_shape(ge_tensor *tensor, const int64_t *dims, size_t rank)
{
    static const char fn[] = "ge_tensor_set_shape";
    if (!tensor) {
        ge_error_set("%s: tensor is NULL", fn);
        return GE_STATUS_PARAM_INVALID;
    }
    ir_shape shape;
    ge_status st = make_shape(fn, dims, rank, tensor->data == NULL, &shape);
    if (st == GE_STATUS_SUCCESS)
        st = check_bytes(fn, tensor->dtype, &shape, tensor->data, tensor->capacity, false);
    if (st != GE_STATUS_SUCCESS)
        return st;
    tensor->shape = shape;
    return GE_STATUS_SUCCESS;
}

GEFLOW_API ge_dtype ge_tensor_get_dtype(const ge_tensor *t)
{
    return t ? t->dtype : GE_DTYPE_UNDEFINED;
}

GEFLOW_API size_t ge_tensor_get_rank(const ge_tensor *t)
{
    return t ? (size_t)t->shape.rank : 0;
}

GEFLOW_API const int64_t *ge_tensor_get_dims(const ge_tensor *t)
{
    return t ? t->shape.dims : NULL;
}

GEFLOW_API int64_t ge_tensor_get_element_count(const ge_tensor *t)
{
    return t ? ir_shape_numel(&t->shape) : 0;
}

GEFLOW_API size_t ge_tensor_get_byte_size(const ge_tensor *t)
{
    size_t n = 0;
    if (t && !ir_tensor_byte_size(t->dtype, &t->shape, &n))
        n = 0;
    return n;
}

GEFLOW_API size_t ge_tensor_get_capacity(const ge_tensor *t)
{
    return t ? t->capacity : 0;
}

GEFLOW_API void *ge_tensor_get_data(const ge_tensor *t)
{
    return t ? t->data : NULL;
}

GEFLOW_API ge_placement ge_tensor_get_placement(const ge_tensor *t)
{
    return t ? t->placement : GE_PLACEMENT_HOST;
}

GEFLOW_API void ge_tensor_destroy(ge_tensor *t)
{
    if (!t)
        return;
    release_data(t);
    ge_free(t);
}

ir_tensor ge_tensor_view(const ge_tensor *t)
{
    ir_tensor v;
    memset(&v, 0, sizeof v);
    v.dtype = t->dtype;
    v.shape = t->shape;
    v.data = t->data;
    if (!ir_tensor_byte_size(t->dtype, &t->shape, &v.bytes))
        v.bytes = 0;
    return v;
}

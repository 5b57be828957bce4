#include "ops/op_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const ir_attr *op_attr(const op_node_info *node, const char *name)
{
    for (size_t i = 0; i < node->n_attrs; i++)
        if (node->attrs[i].name && strcmp(node->attrs[i].name, name) == 0)
            return &node->attrs[i];
    return NULL;
}

static const op_attr_def *declared(const op_node_info *node, const char *name)
{
    return node->schema ? op_schema_attr(node->schema, name) : NULL;
}

int64_t op_attr_int(const op_node_info *node, const char *name)
{
    const ir_attr *a = op_attr(node, name);
    if (a && a->kind == IR_ATTR_INT)
        return a->i;
    const op_attr_def *d = declared(node, name);
    return d ? d->default_int : 0;
}

float op_attr_float(const op_node_info *node, const char *name)
{
    const ir_attr *a = op_attr(node, name);
    if (a && a->kind == IR_ATTR_FLOAT)
        return a->f;
    if (a && a->kind == IR_ATTR_INT)
        return (float)a->i;
    const op_attr_def *d = declared(node, name);
    return d ? d->default_float : 0.0f;
}

const char *op_attr_string(const op_node_info *node, const char *name)
{
    const ir_attr *a = op_attr(node, name);
    if (a && a->kind == IR_ATTR_STRING)
        return a->s;
    const op_attr_def *d = declared(node, name);
    return d ? d->default_string : NULL;
}

size_t op_attr_ints(const op_node_info *node, const char *name, const int64_t **out)
{
    const ir_attr *a = op_attr(node, name);
    *out = NULL;
    if (!a || a->kind != IR_ATTR_INTS)
        return 0;
    *out = a->ints;
    return a->count;
}

size_t op_attr_floats(const op_node_info *node, const char *name, const float **out)
{
    const ir_attr *a = op_attr(node, name);
    *out = NULL;
    if (!a || a->kind != IR_ATTR_FLOATS)
        return 0;
    *out = a->floats;
    return a->count;
}

const ir_tensor *op_attr_tensor(const op_node_info *node, const char *name)
{
    const ir_attr *a = op_attr(node, name);
    return a && a->kind == IR_ATTR_TENSOR ? &a->t : NULL;
}

const struct ir_graph *op_attr_graph(const op_node_info *node, const char *name)
{
    const ir_attr *a = op_attr(node, name);
    return a && a->kind == IR_ATTR_GRAPH ? a->g : NULL;
}

ge_status op_fail(const op_node_info *node, ge_status code, const char *fmt, ...)
{
    char detail[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    ge_error_set("%s node '%s': %s", node->schema ? node->schema->type : "op", node->name, detail);
    return code;
}

double op_load_f64(const void *data, ge_dtype dt, size_t i)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: return ((const float *)data)[i];
    case GE_DTYPE_FLOAT64: return ((const double *)data)[i];
    case GE_DTYPE_FLOAT16: return ge_half_to_float(((const uint16_t *)data)[i]);
    case GE_DTYPE_BFLOAT16: return ge_bfloat16_to_float(((const uint16_t *)data)[i]);
    case GE_DTYPE_UINT64: return (double)((const uint64_t *)data)[i];
    default: return (double)op_load_i64(data, dt, i);
    }
}

void op_store_f64(void *data, ge_dtype dt, size_t i, double v)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: ((float *)data)[i] = (float)v; return;
    case GE_DTYPE_FLOAT64: ((double *)data)[i] = v; return;
    case GE_DTYPE_FLOAT16: ((uint16_t *)data)[i] = ge_float_to_half((float)v); return;
    case GE_DTYPE_BFLOAT16: ((uint16_t *)data)[i] = ge_float_to_bfloat16((float)v); return;
    case GE_DTYPE_BOOL: ((uint8_t *)data)[i] = v != 0.0; return;
    default:
        /* Float to integer truncates toward zero, as a C cast (ONNX Cast does the same). */
        if (isnan(v))
            v = 0.0;
        if (dt == GE_DTYPE_UINT64) {
            ((uint64_t *)data)[i] = v <= 0.0 ? 0 : v >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)v;
            return;
        }
        op_store_i64(data, dt, i, v >= 9.2233720368547758e18 ? INT64_MAX
                                  : v <= -9.2233720368547758e18 ? INT64_MIN : (int64_t)v);
        return;
    }
}

int64_t op_load_i64(const void *data, ge_dtype dt, size_t i)
{
    switch (dt) {
    case GE_DTYPE_INT8: return ((const int8_t *)data)[i];
    case GE_DTYPE_INT16: return ((const int16_t *)data)[i];
    case GE_DTYPE_INT32: return ((const int32_t *)data)[i];
    case GE_DTYPE_INT64: return ((const int64_t *)data)[i];
    case GE_DTYPE_UINT8: return ((const uint8_t *)data)[i];
    case GE_DTYPE_UINT16: return ((const uint16_t *)data)[i];
    case GE_DTYPE_UINT32: return ((const uint32_t *)data)[i];
    case GE_DTYPE_UINT64: return (int64_t)((const uint64_t *)data)[i];
    case GE_DTYPE_BOOL: return ((const uint8_t *)data)[i] != 0;
    case GE_DTYPE_FLOAT32:
    case GE_DTYPE_FLOAT64:
    case GE_DTYPE_FLOAT16:
    case GE_DTYPE_BFLOAT16: return (int64_t)op_load_f64(data, dt, i);
    default: return 0;
    }
}

void op_store_i64(void *data, ge_dtype dt, size_t i, int64_t v)
{
    switch (dt) {
    case GE_DTYPE_INT8: ((int8_t *)data)[i] = (int8_t)v; return;
    case GE_DTYPE_INT16: ((int16_t *)data)[i] = (int16_t)v; return;
    case GE_DTYPE_INT32: ((int32_t *)data)[i] = (int32_t)v; return;
    case GE_DTYPE_INT64: ((int64_t *)data)[i] = v; return;
    case GE_DTYPE_UINT8: ((uint8_t *)data)[i] = (uint8_t)v; return;
    case GE_DTYPE_UINT16: ((uint16_t *)data)[i] = (uint16_t)v; return;
    case GE_DTYPE_UINT32: ((uint32_t *)data)[i] = (uint32_t)v; return;
    case GE_DTYPE_UINT64: ((uint64_t *)data)[i] = (uint64_t)v; return;
    case GE_DTYPE_BOOL: ((uint8_t *)data)[i] = v != 0; return;
    case GE_DTYPE_FLOAT32:
    case GE_DTYPE_FLOAT64:
    case GE_DTYPE_FLOAT16:
    case GE_DTYPE_BFLOAT16: op_store_f64(data, dt, i, (double)v); return;
    default: return;
    }
}

void op_copy_element(void *dst, size_t di, const void *src, size_t si, ge_dtype dt)
{
    size_t es = ge_dtype_size(dt);
    memcpy((char *)dst + di * es, (const char *)src + si * es, es);
}

ge_status op_broadcast_shapes(const op_node_info *node, size_t n, const ir_shape *const *shapes,
                              ir_shape *out)
{
    int32_t rank = 0;
    for (size_t k = 0; k < n; k++) {
        if (shapes[k]->rank < 0) {
            *out = ir_shape_unknown();
            return GE_STATUS_SUCCESS;
        }
        if (shapes[k]->rank > rank)
            rank = shapes[k]->rank;
    }
    ir_shape r = ir_shape_scalar();
    r.rank = rank;
    for (int32_t d = 0; d < rank; d++) {
        int64_t dim = 1;
        bool unknown = false;
        for (size_t k = 0; k < n; k++) {
            int32_t off = rank - shapes[k]->rank;
            if (d < off)
                continue;
            int64_t v = shapes[k]->dims[d - off];
            if (v < 0) {
                unknown = true;
                continue;
            }
            if (v == 1)
                continue;
            if (dim != 1 && dim != v) {
                char a[96], b[96];
                size_t j = 0;
                while (j < k && (shapes[j]->rank < rank - d ||
                                 shapes[j]->dims[d - (rank - shapes[j]->rank)] != dim))
                    j++;
                return op_fail(node, GE_STATUS_PARAM_INVALID,
                               "inputs %zu and %zu do not broadcast: shapes %s and %s differ in dim %d "
                               "(%lld vs %lld)",
                               j, k, ir_shape_format(shapes[j < k ? j : 0], a, sizeof a),
                               ir_shape_format(shapes[k], b, sizeof b), (int)d, (long long)dim,
                               (long long)v);
            }
            dim = v;
        }
        r.dims[d] = (unknown && dim == 1) ? IR_DIM_UNKNOWN : dim;
    }
    *out = r;
    return GE_STATUS_SUCCESS;
}

void op_broadcast_strides(const ir_shape *in, const ir_shape *out, int64_t *strides)
{
    int64_t st = 1;
    int32_t off = out->rank - in->rank;
    for (int32_t d = out->rank - 1; d >= 0; d--) {
        if (d < off) {
            strides[d] = 0;
            continue;
        }
        int64_t v = in->dims[d - off];
        strides[d] = v == 1 ? 0 : st;
        st *= v;
    }
}

ge_status op_check_dtype(const op_infer_ctx *ctx, size_t input, ge_dtype_set allowed)
{
    if (input >= ctx->n_inputs || !ctx->inputs[input].present)
        return GE_STATUS_SUCCESS;
    ge_dtype dt = ctx->inputs[input].dtype;
    if (dt == GE_DTYPE_UNDEFINED || (allowed & GE_DT(dt)))
        return GE_STATUS_SUCCESS;
    char list[256];
    ge_dtype_set_format(allowed, list, sizeof list);
    return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has dtype %s; expected one of %s",
                   input, ge_dtype_name(dt), list);
}

ge_status op_infer_same_as_input0(op_infer_ctx *ctx)
{
    ge_status st = op_check_dtype(ctx, 0, ctx->node.schema ? ctx->node.schema->dtypes : GE_DTS_ALL);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ctx->outputs[0].shape = ctx->inputs[0].shape;
    return GE_STATUS_SUCCESS;
}

ge_status op_output_alloc(op_kernel_ctx *ctx, size_t index, const ir_shape *shape)
{
    if (index >= ctx->n_outputs)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output %zu does not exist", index);
    if (ctx->alloc_output)
        return ctx->alloc_output(ctx, index, shape);
    /* No executor: the caller owns what the kernel allocates (tests, constant folding). */
    ge_dtype dt = ctx->outputs[index].dtype;
    return ir_tensor_alloc(&ctx->outputs[index], dt, shape);
}

void op_parallel_for(op_kernel_ctx *ctx, size_t n, void (*fn)(void *arg, size_t begin, size_t end),
                     void *arg)
{
    if (n == 0)
        return;
    if (ctx->parallel_for && ctx->pool) {
        ctx->parallel_for(ctx->pool, n, fn, arg);
        return;
    }
    fn(arg, 0, n);
}

void op_parallel_for_elems(op_kernel_ctx *ctx, size_t n, void (*fn)(void *arg, size_t begin, size_t end),
                           void *arg)
{
    if (n < ctx->parallel_min_elems) {
        if (n)
            fn(arg, 0, n);
        return;
    }
    op_parallel_for(ctx, n, fn, arg);
}

#include "ops/tensor_util.h"

#include <math.h>
#include <string.h>

const op_value *tu_in(const op_infer_ctx *ctx, size_t i)
{
    if (i >= ctx->n_inputs || !ctx->inputs[i].present || ctx->inputs[i].dtype == GE_DTYPE_UNDEFINED)
        return NULL;
    return &ctx->inputs[i];
}

const ir_tensor *tu_kin(const op_kernel_ctx *ctx, size_t i)
{
    if (i >= ctx->n_inputs || ctx->inputs[i].dtype == GE_DTYPE_UNDEFINED)
        return NULL;
    return &ctx->inputs[i];
}

ge_status tu_check_arity(const op_infer_ctx *ctx)
{
    const op_schema *s = ctx->node.schema;
    if (s) {
        if (ctx->n_inputs < s->min_inputs ||
            (s->max_inputs != OP_VARIADIC && ctx->n_inputs > s->max_inputs))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "has %zu inputs; expected %d to %d", ctx->n_inputs, s->min_inputs,
                           s->max_inputs);
        if (ctx->n_outputs < s->min_outputs ||
            (s->max_outputs != OP_VARIADIC && ctx->n_outputs > s->max_outputs))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "has %zu outputs; expected %d to %d", ctx->n_outputs, s->min_outputs,
                           s->max_outputs);
        for (size_t i = 0; i < s->min_inputs && i < ctx->n_inputs; i++)
            if (!tu_in(ctx, i))
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "required input %zu is absent", i);
    }
    return GE_STATUS_SUCCESS;
}

void tu_set_out(op_infer_ctx *ctx, size_t i, ge_dtype dt, const ir_shape *shape)
{
    if (i >= ctx->n_outputs)
        return;
    ctx->outputs[i].present = true;
    ctx->outputs[i].dtype = dt;
    ctx->outputs[i].shape = *shape;
}

static ge_status check_list_tensor(const op_node_info *node, const ir_tensor *t, const char *what,
                                   size_t max, size_t *n)
{
    if (t->shape.rank > 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s must be a scalar or 1-D; found rank %d",
                       what, (int)t->shape.rank);
    int64_t cnt = ir_tensor_numel(t);
    if (cnt < 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s has no static shape", what);
    if ((uint64_t)cnt > max)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s has %lld entries; at most %zu supported",
                       what, (long long)cnt, max);
    if (cnt > 0 && !t->data)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s has no data", what);
    *n = (size_t)cnt;
    return GE_STATUS_SUCCESS;
}

ge_status tu_read_ints(const op_node_info *node, const ir_tensor *t, const char *what, int64_t *out,
                       size_t max, size_t *n)
{
    if (t->dtype != GE_DTYPE_INT64 && t->dtype != GE_DTYPE_INT32)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s has dtype %s; expected int32 or int64",
                       what, ge_dtype_name(t->dtype));
    TU_TRY(check_list_tensor(node, t, what, max, n));
    for (size_t k = 0; k < *n; k++)
        out[k] = op_load_i64(t->data, t->dtype, k);
    return GE_STATUS_SUCCESS;
}

ge_status tu_read_doubles(const op_node_info *node, const ir_tensor *t, const char *what, double *out,
                          size_t max, size_t *n)
{
    if (!ge_dtype_is_float(t->dtype))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s has dtype %s; expected a float type",
                       what, ge_dtype_name(t->dtype));
    TU_TRY(check_list_tensor(node, t, what, max, n));
    for (size_t k = 0; k < *n; k++)
        out[k] = op_load_f64(t->data, t->dtype, k);
    return GE_STATUS_SUCCESS;
}

ge_status tu_read_scalar_i64(const op_node_info *node, const ir_tensor *t, const char *what, int64_t *out)
{
    if (!(GE_DTS_NUMERIC & GE_DT(t->dtype)))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s has dtype %s; expected a number", what,
                       ge_dtype_name(t->dtype));
    if (t->shape.rank > 1 || ir_tensor_numel(t) != 1 || !t->data)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s must hold exactly one element", what);
    *out = op_load_i64(t->data, t->dtype, 0);
    return GE_STATUS_SUCCESS;
}

ge_status tu_norm_axes(const op_node_info *node, const int64_t *axes, size_t n, int32_t rank,
                       const char *what, int32_t *out)
{
    for (size_t k = 0; k < n; k++) {
        if (!ir_axis_normalize(axes[k], rank, &out[k]))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "%s: axis %lld is out of range [%d, %d]",
                           what, (long long)axes[k], -(int)rank, (int)rank - 1);
        for (size_t j = 0; j < k; j++)
            if (out[j] == out[k])
                return op_fail(node, GE_STATUS_PARAM_INVALID, "%s: axis %d is repeated", what,
                               (int)out[k]);
    }
    return GE_STATUS_SUCCESS;
}

ge_status tu_out_ready(op_kernel_ctx *ctx, size_t i, const ir_shape *shape)
{
    ir_tensor *o = &ctx->outputs[i];
    if (!o->data)
        return op_output_alloc(ctx, i, shape);
    if (!ir_shape_equal(&o->shape, shape)) {
        char a[128], b[128];
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR,
                       "output %zu was allocated as %s; the kernel computes %s", i,
                       ir_shape_format(&o->shape, a, sizeof a), ir_shape_format(shape, b, sizeof b));
    }
    return GE_STATUS_SUCCESS;
}

void tu_iter_init(tu_iter *it, const ir_shape *shape, const int64_t *st_a, int64_t a0,
                  const int64_t *st_b, int64_t b0)
{
    it->rank = shape->rank;
    for (int32_t d = 0; d < shape->rank; d++) {
        it->dims[d] = shape->dims[d];
        it->idx[d] = 0;
        it->st_a[d] = st_a ? st_a[d] : 0;
        it->st_b[d] = st_b ? st_b[d] : 0;
    }
    it->a = a0;
    it->b = b0;
}

void tu_iter_next(tu_iter *it)
{
    for (int32_t d = it->rank - 1; d >= 0; d--) {
        it->idx[d]++;
        it->a += it->st_a[d];
        it->b += it->st_b[d];
        if (it->idx[d] < it->dims[d])
            return;
        it->a -= it->st_a[d] * it->dims[d];
        it->b -= it->st_b[d] * it->dims[d];
        it->idx[d] = 0;
    }
}

void tu_strided_copy(void *dst, const void *src, size_t es, const ir_shape *shape,
                     const int64_t *src_strides, int64_t src_offset)
{
    int64_t n = ir_shape_numel(shape);
    if (n <= 0)
        return;
    tu_iter it;
    tu_iter_init(&it, shape, src_strides, src_offset, NULL, 0);
    char *d = dst;
    const char *s = src;
    /* Innermost dim contiguous: copy runs at once. */
    int32_t r = shape->rank;
    if (r > 0 && src_strides[r - 1] == 1) {
        int64_t run = shape->dims[r - 1];
        ir_shape outer = *shape;
        outer.rank = r - 1;
        tu_iter_init(&it, &outer, src_strides, src_offset, NULL, 0);
        for (int64_t k = 0; k < n / run; k++) {
            memcpy(d + (size_t)(k * run) * es, s + (size_t)it.a * es, (size_t)run * es);
            tu_iter_next(&it);
        }
        return;
    }
    for (int64_t k = 0; k < n; k++) {
        memcpy(d + (size_t)k * es, s + (size_t)it.a * es, es);
        tu_iter_next(&it);
    }
}

int tu_compare(const void *a, size_t i, const void *b, size_t j, ge_dtype dt)
{
    if (ge_dtype_is_float(dt)) {
        double x = op_load_f64(a, dt, i), y = op_load_f64(b, dt, j);
        bool nx = isnan(x), ny = isnan(y);
        if (nx || ny)
            return nx && ny ? 0 : nx ? 1 : -1;
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (dt == GE_DTYPE_UINT64) {
        uint64_t x = ((const uint64_t *)a)[i], y = ((const uint64_t *)b)[j];
        return x < y ? -1 : x > y ? 1 : 0;
    }
    int64_t x = op_load_i64(a, dt, i), y = op_load_i64(b, dt, j);
    return x < y ? -1 : x > y ? 1 : 0;
}

int64_t tu_prod(const ir_shape *s, int32_t from, int32_t to)
{
    int64_t p = 1;
    for (int32_t d = from; d < to; d++)
        p *= s->dims[d];
    return p;
}


ge_status tu_kernel_infer(const op_kernel_ctx *ctx, op_value *outs)
{
    op_value ins[TU_MAX_OUT];
    if (ctx->n_inputs > TU_MAX_OUT || ctx->n_outputs > TU_MAX_OUT)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "too many inputs or outputs (%zu, %zu)",
                       ctx->n_inputs, ctx->n_outputs);
    for (size_t i = 0; i < ctx->n_inputs; i++) {
        const ir_tensor *t = &ctx->inputs[i];
        ins[i].present = t->dtype != GE_DTYPE_UNDEFINED;
        ins[i].dtype = t->dtype;
        ins[i].shape = t->shape;
        ins[i].value = ins[i].present ? t : NULL;
    }
    memset(outs, 0, sizeof *outs * ctx->n_outputs);
    op_infer_ctx ic = {.node = ctx->node, .n_inputs = ctx->n_inputs, .inputs = ins,
                       .n_outputs = ctx->n_outputs, .outputs = outs};
    return ctx->node.schema->infer(&ic);
}

ge_status tu_kernel_prepare(op_kernel_ctx *ctx)
{
    op_value outs[TU_MAX_OUT];
    TU_TRY(tu_kernel_infer(ctx, outs));
    for (size_t i = 0; i < ctx->n_outputs; i++) {
        if (!outs[i].present)
            continue;
        if (!ir_shape_is_static(&outs[i].shape))
            return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR,
                           "output %zu shape is not known from the inputs", i);
        TU_TRY(tu_out_ready(ctx, i, &outs[i].shape));
    }
    return GE_STATUS_SUCCESS;
}

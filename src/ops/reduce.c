/* Reduce family: ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare, ArgMax, ArgMin.
 * Axes are an attribute before opset 13 (ReduceSum) / 18 (the others) and an optional input
 * after, with noop_with_empty_axes. Empty-set reductions follow the spec: sum-like 0, prod 1,
 * max the lowest value (-inf), min the highest (+inf), mean NaN, log-sums -inf. */
#include "base/alloc.h"
#include "ops/tensor_util.h"

#include <math.h>
#include <string.h>

typedef enum rkind {
    R_SUM, R_MEAN, R_MAX, R_MIN, R_PROD, R_L1, R_L2, R_LOGSUM, R_LOGSUMEXP, R_SUMSQ
} rkind;

static rkind reduce_kind(const char *type)
{
    static const struct { const char *name; rkind k; } map[] = {
        {"ReduceSum", R_SUM}, {"ReduceMean", R_MEAN}, {"ReduceMax", R_MAX}, {"ReduceMin", R_MIN},
        {"ReduceProd", R_PROD}, {"ReduceL1", R_L1}, {"ReduceL2", R_L2}, {"ReduceLogSum", R_LOGSUM},
        {"ReduceLogSumExp", R_LOGSUMEXP}, {"ReduceSumSquare", R_SUMSQ},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].name, type) == 0)
            return map[i].k;
    return R_SUM;
}

/* Whether this schema entry takes axes as input 1. */
static bool axes_as_input(const op_schema *s)
{
    return s->max_inputs >= 2;
}

/* Fills mask[rank] with the reduced dims; *noop when the node is the identity. */
static ge_status reduce_axes(const op_node_info *node, int32_t rank, const ir_tensor *axes_t,
                             bool *mask, bool *noop)
{
    int64_t axes[IR_MAX_RANK];
    size_t n = 0;
    *noop = false;
    if (axes_as_input(node->schema)) {
        if (axes_t)
            TU_TRY(tu_read_ints(node, axes_t, "input 1 'axes'", axes, IR_MAX_RANK, &n));
    } else {
        const int64_t *a;
        n = op_attr_ints(node, "axes", &a);
        if (n > IR_MAX_RANK)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axes' has %zu entries; rank is %d",
                           n, (int)rank);
        if (n)
            memcpy(axes, a, n * sizeof *axes);
    }
    if (n == 0) {
        bool noop_attr = axes_as_input(node->schema) && op_attr_int(node, "noop_with_empty_axes") != 0;
        for (int32_t d = 0; d < rank; d++)
            mask[d] = !noop_attr;
        *noop = noop_attr;
        return GE_STATUS_SUCCESS;
    }
    int32_t norm[IR_MAX_RANK];
    TU_TRY(tu_norm_axes(node, axes, n, rank, "axes", norm));
    for (int32_t d = 0; d < rank; d++)
        mask[d] = false;
    for (size_t k = 0; k < n; k++)
        mask[norm[k]] = true;
    return GE_STATUS_SUCCESS;
}

static ir_shape reduced_shape(const ir_shape *in, const bool *mask, bool keep)
{
    ir_shape out = ir_shape_scalar();
    for (int32_t d = 0; d < in->rank; d++) {
        if (!mask[d])
            out.dims[out.rank++] = in->dims[d];
        else if (keep)
            out.dims[out.rank++] = 1;
    }
    return out;
}

static ge_status reduce_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    const op_value *axes = axes_as_input(ctx->node.schema) ? tu_in(ctx, 1) : NULL;
    bool keep = op_attr_int(&ctx->node, "keepdims") != 0;
    if (axes)
        TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    if (x->shape.rank < 0 || (axes && !axes->value)) {
        ir_shape s = ir_shape_unknown();
        if (x->shape.rank >= 0 && keep) {
            s = x->shape;
            for (int32_t d = 0; d < s.rank; d++)
                s.dims[d] = IR_DIM_UNKNOWN;
        } else if (x->shape.rank >= 0 && axes && axes->shape.rank == 1 && axes->shape.dims[0] > 0 &&
                   axes->shape.dims[0] <= x->shape.rank) {
            /* Without keepdims the rank drops by the (distinct) axes count. */
            s = x->shape;
            s.rank = x->shape.rank - (int32_t)axes->shape.dims[0];
            for (int32_t d = 0; d < s.rank; d++)
                s.dims[d] = IR_DIM_UNKNOWN;
        }
        tu_set_out(ctx, 0, x->dtype, &s);
        return GE_STATUS_SUCCESS;
    }
    bool mask[IR_MAX_RANK], noop;
    TU_TRY(reduce_axes(&ctx->node, x->shape.rank, axes ? axes->value : NULL, mask, &noop));
    ir_shape s = noop ? x->shape : reduced_shape(&x->shape, mask, keep);
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static int64_t dtype_min_i64(ge_dtype dt)
{
    switch (dt) {
    case GE_DTYPE_INT8: return INT8_MIN;
    case GE_DTYPE_INT16: return INT16_MIN;
    case GE_DTYPE_INT32: return INT32_MIN;
    case GE_DTYPE_INT64: return INT64_MIN;
    default: return 0;
    }
}

static uint64_t dtype_max_u64(ge_dtype dt)
{
    switch (dt) {
    case GE_DTYPE_INT8: return INT8_MAX;
    case GE_DTYPE_INT16: return INT16_MAX;
    case GE_DTYPE_INT32: return INT32_MAX;
    case GE_DTYPE_INT64: return INT64_MAX;
    case GE_DTYPE_UINT8: return UINT8_MAX;
    case GE_DTYPE_UINT16: return UINT16_MAX;
    case GE_DTYPE_UINT32: return UINT32_MAX;
    case GE_DTYPE_BOOL: return 1;
    default: return UINT64_MAX;
    }
}

static ge_status reduce_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    const ir_tensor *axes_t = axes_as_input(ctx->node.schema) ? tu_kin(ctx, 1) : NULL;
    bool keep = op_attr_int(&ctx->node, "keepdims") != 0;
    bool mask[IR_MAX_RANK], noop;
    TU_TRY(reduce_axes(&ctx->node, x->shape.rank, axes_t, mask, &noop));
    ir_shape os = noop ? x->shape : reduced_shape(&x->shape, mask, keep);
    TU_TRY(tu_out_ready(ctx, 0, &os));
    ir_tensor *y = &ctx->outputs[0];
    if (noop) {
        if (x->bytes)
            memcpy(y->data, x->data, x->bytes);
        return GE_STATUS_SUCCESS;
    }
    rkind k = reduce_kind(ctx->node.schema->type);
    ge_dtype dt = x->dtype;
    int64_t n_out = ir_shape_numel(&os), n_in = ir_tensor_numel(x);
    int64_t count = 1;
    ir_shape kept = x->shape;
    for (int32_t d = 0; d < x->shape.rank; d++)
        if (mask[d]) {
            count *= x->shape.dims[d];
            kept.dims[d] = 1;
        }
    int64_t ost[IR_MAX_RANK];
    ir_shape_strides(&kept, ost);
    for (int32_t d = 0; d < x->shape.rank; d++)
        if (mask[d])
            ost[d] = 0;
    /* Integer paths stay exact in 64 bits; the rest goes through double. */
    bool int_path = !ge_dtype_is_float(dt) &&
                    (k == R_SUM || k == R_MEAN || k == R_MAX || k == R_MIN || k == R_PROD ||
                     k == R_L1 || k == R_SUMSQ);
    bool is_unsigned = dt == GE_DTYPE_UINT64 || dt == GE_DTYPE_UINT32 || dt == GE_DTYPE_UINT16 ||
                       dt == GE_DTYPE_UINT8 || dt == GE_DTYPE_BOOL;
    size_t nacc = n_out > 0 ? (size_t)n_out : 1;
    double *accd = NULL, *maxd = NULL;
    uint64_t *accu = NULL;
    if (int_path)
        accu = ge_malloc(nacc * sizeof *accu);
    else
        accd = ge_malloc(nacc * sizeof *accd);
    if (k == R_LOGSUMEXP)
        maxd = ge_malloc(nacc * sizeof *maxd);
    if ((int_path ? !accu : !accd) || (k == R_LOGSUMEXP && !maxd)) {
        ge_free(accd);
        ge_free(accu);
        ge_free(maxd);
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %lld accumulators",
                       (long long)n_out);
    }
    for (int64_t o = 0; o < n_out; o++) {
        if (int_path) {
            accu[o] = k == R_PROD ? 1
                      : k == R_MAX ? (is_unsigned ? 0 : (uint64_t)dtype_min_i64(dt))
                      : k == R_MIN ? dtype_max_u64(dt) : 0;
        } else {
            accd[o] = k == R_PROD ? 1.0 : k == R_MAX ? -INFINITY : k == R_MIN ? INFINITY : 0.0;
        }
        if (maxd)
            maxd[o] = -INFINITY;
    }
    tu_iter it;
    if (k == R_LOGSUMEXP) {
        tu_iter_init(&it, &x->shape, ost, 0, NULL, 0);
        for (int64_t i = 0; i < n_in; i++, tu_iter_next(&it)) {
            double v = op_load_f64(x->data, dt, (size_t)i);
            if (v > maxd[it.a] || isnan(v))
                maxd[it.a] = isnan(maxd[it.a]) ? maxd[it.a] : v;
        }
    }
    tu_iter_init(&it, &x->shape, ost, 0, NULL, 0);
    for (int64_t i = 0; i < n_in; i++, tu_iter_next(&it)) {
        int64_t o = it.a;
        if (int_path) {
            uint64_t v = (uint64_t)op_load_i64(x->data, dt, (size_t)i);
            uint64_t *a = &accu[o];
            switch (k) {
            case R_SUM: case R_MEAN: *a += v; break;
            case R_PROD: *a *= v; break;
            case R_L1: *a += (!is_unsigned && (int64_t)v < 0) ? 0 - v : v; break;
            case R_SUMSQ: *a += v * v; break;
            case R_MAX:
                if (is_unsigned ? v > *a : (int64_t)v > (int64_t)*a)
                    *a = v;
                break;
            case R_MIN:
                if (is_unsigned ? v < *a : (int64_t)v < (int64_t)*a)
                    *a = v;
                break;
            default: break;
            }
        } else {
            double v = op_load_f64(x->data, dt, (size_t)i);
            double *a = &accd[o];
            switch (k) {
            case R_SUM: case R_MEAN: case R_LOGSUM: *a += v; break;
            case R_PROD: *a *= v; break;
            case R_L1: *a += fabs(v); break;
            case R_L2: case R_SUMSQ: *a += v * v; break;
            case R_MAX: if (v > *a || isnan(v)) *a = isnan(*a) ? *a : v; break;
            case R_MIN: if (v < *a || isnan(v)) *a = isnan(*a) ? *a : v; break;
            case R_LOGSUMEXP:
                if (isinf(maxd[o]) || isnan(maxd[o]))
                    *a += 0.0;
                else
                    *a += exp(v - maxd[o]);
                break;
            }
        }
    }
    for (int64_t o = 0; o < n_out; o++) {
        if (int_path) {
            uint64_t v = accu[o];
            if (k == R_MEAN) {
                if (count == 0)
                    v = 0;
                else if (is_unsigned)
                    v /= (uint64_t)count;
                else
                    v = (uint64_t)((int64_t)v / count);
            }
            if (dt == GE_DTYPE_UINT64)
                ((uint64_t *)y->data)[o] = v;
            else
                op_store_i64(y->data, dt, (size_t)o, (int64_t)v);
            continue;
        }
        double v = accd[o];
        switch (k) {
        case R_MEAN: v = count ? v / (double)count : NAN; break;
        case R_L2: v = sqrt(v); break;
        case R_LOGSUM: v = log(v); break;
        case R_LOGSUMEXP:
            if (isnan(maxd[o]) || isinf(maxd[o]))
                v = count ? maxd[o] : -INFINITY;
            else
                v = maxd[o] + log(v);
            break;
        default: break;
        }
        op_store_f64(y->data, dt, (size_t)o, v);
    }
    ge_free(accd);
    ge_free(accu);
    ge_free(maxd);
    return GE_STATUS_SUCCESS;
}

/* ---- ArgMax / ArgMin ---- */

static ge_status arg_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    bool keep = op_attr_int(&ctx->node, "keepdims") != 0;
    int64_t axis = op_attr_int(&ctx->node, "axis");
    ir_shape s = ir_shape_unknown();
    if (x->shape.rank >= 0) {
        int32_t ax;
        if (!ir_axis_normalize(axis, x->shape.rank, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "attribute 'axis' %lld is out of range for rank %d", (long long)axis,
                           (int)x->shape.rank);
        bool mask[IR_MAX_RANK] = {false};
        mask[ax] = true;
        s = reduced_shape(&x->shape, mask, keep);
    }
    tu_set_out(ctx, 0, GE_DTYPE_INT64, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status arg_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    bool keep = op_attr_int(&ctx->node, "keepdims") != 0;
    bool last = op_attr_int(&ctx->node, "select_last_index") != 0;
    bool is_max = strcmp(ctx->node.schema->type, "ArgMax") == 0;
    int32_t ax;
    if (!ir_axis_normalize(op_attr_int(&ctx->node, "axis"), x->shape.rank, &ax))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' is out of range");
    bool mask[IR_MAX_RANK] = {false};
    mask[ax] = true;
    ir_shape os = reduced_shape(&x->shape, mask, keep);
    TU_TRY(tu_out_ready(ctx, 0, &os));
    int64_t outer = tu_prod(&x->shape, 0, ax), n = x->shape.dims[ax];
    int64_t inner = tu_prod(&x->shape, ax + 1, x->shape.rank);
    if (n == 0 && outer * inner > 0)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "axis %d has size 0: nothing to select",
                       (int)ax);
    int64_t *y = ctx->outputs[0].data;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t in = 0; in < inner; in++) {
            size_t base = (size_t)(o * n * inner + in);
            int64_t best = 0;
            for (int64_t j = 1; j < n; j++) {
                int c = tu_compare(x->data, base + (size_t)(j * inner), x->data,
                                   base + (size_t)(best * inner), x->dtype);
                if (!is_max)
                    c = -c;
                if (c > 0 || (last && c == 0))
                    best = j;
            }
            y[o * inner + in] = best;
        }
    return GE_STATUS_SUCCESS;
}

static const op_attr_def reduce_attrs_v1[] = {
    {"axes", IR_ATTR_INTS, false, 0, 0, NULL},
    {"keepdims", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};

static const op_attr_def reduce_attrs_v13[] = {
    {"keepdims", IR_ATTR_INT, false, 1, 0, NULL},
    {"noop_with_empty_axes", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static const op_attr_def arg_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    {"keepdims", IR_ATTR_INT, false, 1, 0, NULL},
    {"select_last_index", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

#define RED_DT GE_DTS_NUMERIC
#define REDUCE_OP(name, dts)                                                                   \
    {name, OP_DOMAIN_ONNX, 1, 17, 1, 1, 1, 1, reduce_attrs_v1, dts, reduce_infer, reduce_kernel}, \
    {name, OP_DOMAIN_ONNX, 18, OP_ONNX_OPSET_MAX, 1, 2, 1, 1, reduce_attrs_v13, dts, reduce_infer, \
     reduce_kernel}

const op_schema op_family_reduce[] = {
    {"ReduceSum", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, reduce_attrs_v1, RED_DT, reduce_infer, reduce_kernel},
    {"ReduceSum", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 2, 1, 1, reduce_attrs_v13, RED_DT,
     reduce_infer, reduce_kernel},
    REDUCE_OP("ReduceMean", RED_DT),
    REDUCE_OP("ReduceMax", RED_DT | GE_DT(GE_DTYPE_BOOL)),
    REDUCE_OP("ReduceMin", RED_DT | GE_DT(GE_DTYPE_BOOL)),
    REDUCE_OP("ReduceProd", RED_DT),
    REDUCE_OP("ReduceL1", RED_DT),
    REDUCE_OP("ReduceL2", RED_DT),
    REDUCE_OP("ReduceLogSum", RED_DT),
    REDUCE_OP("ReduceLogSumExp", RED_DT),
    REDUCE_OP("ReduceSumSquare", RED_DT),
    {"ArgMax", OP_DOMAIN_ONNX, 1, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, arg_attrs, GE_DTS_NUMERIC, arg_infer,
     arg_kernel},
    {"ArgMin", OP_DOMAIN_ONNX, 1, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, arg_attrs, GE_DTS_NUMERIC, arg_infer,
     arg_kernel},
    OP_SCHEMA_END,
};

/* Ordering family: TopK (stable: among equal values the smaller index comes first) and
 * CumSum (exclusive, reverse). */
#include "base/alloc.h"
#include "ops/tensor_util.h"

#include <string.h>

#define MAX OP_ONNX_OPSET_MAX

/* ---- TopK ---- */

static ge_status topk_k(const op_node_info *node, const ir_tensor *kt, int64_t *k)
{
    if (node->schema->max_inputs == 1) {
        *k = op_attr_int(node, "k");
        if (!op_attr(node, "k"))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'k' is required");
    } else {
        if (kt->dtype != GE_DTYPE_INT64)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'K' has dtype %s; expected int64",
                           ge_dtype_name(kt->dtype));
        TU_TRY(tu_read_scalar_i64(node, kt, "input 1 'K'", k));
    }
    if (*k < 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "k is %lld; expected >= 0", (long long)*k);
    return GE_STATUS_SUCCESS;
}

static ge_status topk_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *x = tu_in(ctx, 0), *kv = tu_in(ctx, 1);
    ir_shape s = x->shape;
    if (x->shape.rank >= 0) {
        int32_t ax;
        int64_t axis = op_attr_int(&ctx->node, "axis");
        if (!ir_axis_normalize(axis, x->shape.rank, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d",
                           (long long)axis, (int)x->shape.rank);
        int64_t k = IR_DIM_UNKNOWN;
        if (ctx->node.schema->max_inputs == 1 || (kv && kv->value)) {
            TU_TRY(topk_k(&ctx->node, kv ? kv->value : NULL, &k));
            if (x->shape.dims[ax] >= 0 && k > x->shape.dims[ax])
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "k is %lld but axis %d has only %lld elements",
                               (long long)k, (int)ax, (long long)x->shape.dims[ax]);
        }
        s.dims[ax] = k;
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    tu_set_out(ctx, 1, GE_DTYPE_INT64, &s);
    return GE_STATUS_SUCCESS;
}

typedef struct topk_sort {
    const void *data;
    ge_dtype dt;
    size_t base, stride;
    bool largest;
} topk_sort;

/* True when element a goes before element b. */
static bool topk_before(const topk_sort *s, int64_t a, int64_t b)
{
    int c = tu_compare(s->data, s->base + (size_t)a * s->stride, s->data, s->base + (size_t)b * s->stride, s->dt);
    if (c == 0)
        return a < b;
    return s->largest ? c > 0 : c < 0;
}

static void merge_sort(const topk_sort *s, int64_t *v, int64_t *tmp, int64_t n)
{
    for (int64_t w = 1; w < n; w *= 2) {
        for (int64_t lo = 0; lo < n; lo += 2 * w) {
            int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int64_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                tmp[o++] = topk_before(s, v[j], v[i]) ? v[j++] : v[i++];
            while (i < mid)
                tmp[o++] = v[i++];
            while (j < hi)
                tmp[o++] = v[j++];
        }
        memcpy(v, tmp, (size_t)n * sizeof *v);
    }
}

static ge_status topk_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *vals = &ctx->outputs[0], *idxs = &ctx->outputs[1];
    int32_t ax;
    ir_axis_normalize(op_attr_int(&ctx->node, "axis"), x->shape.rank, &ax);
    int64_t n = x->shape.dims[ax], k = vals->shape.dims[ax];
    int64_t outer = tu_prod(&x->shape, 0, ax), inner = tu_prod(&x->shape, ax + 1, x->shape.rank);
    size_t es = ge_dtype_size(x->dtype);
    int64_t *v = ge_malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1) * 2);
    if (!v)
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory sorting %lld elements", (long long)n);
    topk_sort s = {.data = x->data, .dt = x->dtype, .stride = (size_t)inner,
                   .largest = !op_schema_attr(ctx->node.schema, "largest") ||
                              op_attr_int(&ctx->node, "largest") != 0};
    for (int64_t o = 0; o < outer; o++)
        for (int64_t in = 0; in < inner; in++) {
            s.base = (size_t)(o * n * inner + in);
            for (int64_t j = 0; j < n; j++)
                v[j] = j;
            merge_sort(&s, v, v + n, n);
            for (int64_t j = 0; j < k; j++) {
                size_t out = (size_t)((o * k + j) * inner + in);
                memcpy((char *)vals->data + out * es, (const char *)x->data + (s.base + (size_t)(v[j] * inner)) * es, es);
                if (idxs->data)
                    ((int64_t *)idxs->data)[out] = v[j];
            }
        }
    ge_free(v);
    return GE_STATUS_SUCCESS;
}

/* ---- CumSum ---- */

static ge_status cumsum_axis(const op_node_info *node, const ir_tensor *at, int32_t rank, int32_t *ax)
{
    int64_t a;
    if (at->dtype != GE_DTYPE_INT32 && at->dtype != GE_DTYPE_INT64)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'axis' has dtype %s; expected int32 or int64",
                       ge_dtype_name(at->dtype));
    TU_TRY(tu_read_scalar_i64(node, at, "input 1 'axis'", &a));
    if (!ir_axis_normalize(a, rank, ax))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'axis' %lld is out of range for rank %d",
                       (long long)a, (int)rank);
    return GE_STATUS_SUCCESS;
}

static ge_status cumsum_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64)));
    const op_value *x = tu_in(ctx, 0), *av = tu_in(ctx, 1);
    if (av->shape.rank > 1 || (av->shape.rank == 1 && av->shape.dims[0] > 1))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'axis' must be a scalar");
    if (av->value && x->shape.rank >= 0) {
        int32_t ax;
        TU_TRY(cumsum_axis(&ctx->node, av->value, x->shape.rank, &ax));
    }
    tu_set_out(ctx, 0, x->dtype, &x->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status cumsum_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int32_t ax;
    TU_TRY(cumsum_axis(&ctx->node, &ctx->inputs[1], x->shape.rank, &ax));
    bool excl = op_attr_int(&ctx->node, "exclusive") != 0, rev = op_attr_int(&ctx->node, "reverse") != 0;
    int64_t outer = tu_prod(&x->shape, 0, ax), n = x->shape.dims[ax];
    int64_t inner = tu_prod(&x->shape, ax + 1, x->shape.rank);
    bool fl = ge_dtype_is_float(x->dtype);
    for (int64_t o = 0; o < outer; o++)
        for (int64_t in = 0; in < inner; in++) {
            double accd = 0;
            uint64_t accu = 0;
            for (int64_t t = 0; t < n; t++) {
                int64_t j = rev ? n - 1 - t : t;
                size_t i = (size_t)((o * n + j) * inner + in);
                if (fl) {
                    double v = op_load_f64(x->data, x->dtype, i);
                    if (!excl)
                        accd += v;
                    op_store_f64(y->data, x->dtype, i, accd);
                    if (excl)
                        accd += v;
                } else {
                    uint64_t v = (uint64_t)op_load_i64(x->data, x->dtype, i);
                    if (!excl)
                        accu += v;
                    if (x->dtype == GE_DTYPE_UINT64)
                        ((uint64_t *)y->data)[i] = accu;
                    else
                        op_store_i64(y->data, x->dtype, i, (int64_t)accu);
                    if (excl)
                        accu += v;
                }
            }
        }
    return GE_STATUS_SUCCESS;
}

static const op_attr_def topk_v1_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    {"k", IR_ATTR_INT, true, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def topk_v10_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def topk_v11_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    {"largest", IR_ATTR_INT, false, 1, 0, NULL},
    {"sorted", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def cumsum_attrs[] = {
    {"exclusive", IR_ATTR_INT, false, 0, 0, NULL},
    {"reverse", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

const op_schema op_family_topk[] = {
    {"TopK", OP_DOMAIN_ONNX, 1, 9, 1, 1, 2, 2, topk_v1_attrs, GE_DTS_NUMERIC, topk_infer, topk_kernel},
    {"TopK", OP_DOMAIN_ONNX, 10, 10, 2, 2, 2, 2, topk_v10_attrs, GE_DTS_NUMERIC, topk_infer, topk_kernel},
    {"TopK", OP_DOMAIN_ONNX, 11, MAX, 2, 2, 2, 2, topk_v11_attrs, GE_DTS_NUMERIC, topk_infer, topk_kernel},
    {"CumSum", OP_DOMAIN_ONNX, 11, MAX, 2, 2, 1, 1, cumsum_attrs, GE_DTS_NUMERIC, cumsum_infer, cumsum_kernel},
    OP_SCHEMA_END,
};

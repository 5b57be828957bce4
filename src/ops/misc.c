/* Misc family: CumProd (exclusive, reverse), BitCast, BitwiseAnd / Or / Xor (numpy
 * broadcasting) and BitwiseNot, Unique (sorted or in first-occurrence order, flattened or
 * along an axis, all four outputs), ReverseSequence. */
#include "base/alloc.h"
#include "ops/eltwise_util.h"
#include "ops/tensor_util.h"
#include "ops/xop_util.h"

#include <string.h>

#define MAX OP_ONNX_OPSET_MAX
#define TIND (GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))

static ge_status arity(const op_infer_ctx *ctx)
{
    const op_schema *s = ctx->node.schema;
    if (ctx->n_inputs < s->min_inputs || ctx->n_inputs > s->max_inputs || ctx->n_outputs < s->min_outputs ||
        ctx->n_outputs > s->max_outputs)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs and %zu outputs; expected %u to %u and %u to %u",
                       ctx->n_inputs, ctx->n_outputs, s->min_inputs, s->max_inputs, s->min_outputs, s->max_outputs);
    for (size_t i = 0; i < s->min_inputs; i++)
        if (!ctx->inputs[i].present)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu is required", i);
    XO_TRY(xo_check_attrs(&ctx->node));
    return op_check_dtype(ctx, 0, s->dtypes);
}

/* ---- CumProd ---- */

static ge_status cum_axis(const op_node_info *node, const ir_tensor *at, int32_t rank, int32_t *ax)
{
    int64_t a;
    TU_TRY(tu_read_scalar_i64(node, at, "input 1 'axis'", &a));
    if (!ir_axis_normalize(a, rank, ax))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'axis' %lld is out of range for rank %d", (long long)a,
                       (int)rank);
    return GE_STATUS_SUCCESS;
}

static ge_status cumprod_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    TU_TRY(op_check_dtype(ctx, 1, TIND));
    const op_value *x = &ctx->inputs[0], *av = &ctx->inputs[1];
    if (av->shape.rank > 1 || (av->shape.rank == 1 && av->shape.dims[0] > 1))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'axis' must be a scalar");
    if (av->value && x->shape.rank >= 0) {
        int32_t ax;
        TU_TRY(cum_axis(&ctx->node, av->value, x->shape.rank, &ax));
    }
    tu_set_out(ctx, 0, x->dtype, &x->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status cumprod_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int32_t ax;
    TU_TRY(cum_axis(&ctx->node, &ctx->inputs[1], x->shape.rank, &ax));
    bool excl = op_attr_int(&ctx->node, "exclusive") != 0, rev = op_attr_int(&ctx->node, "reverse") != 0;
    int64_t outer = tu_prod(&x->shape, 0, ax), n = x->shape.dims[ax], inner = tu_prod(&x->shape, ax + 1, x->shape.rank);
    bool fl = ge_dtype_is_float(x->dtype);
    for (int64_t o = 0; o < outer; o++)
        for (int64_t in = 0; in < inner; in++) {
            double accd = 1.0;
            uint64_t accu = 1; /* wraps like the dtype's two's-complement product */
            for (int64_t t = 0; t < n; t++) {
                int64_t j = rev ? n - 1 - t : t;
                size_t i = (size_t)((o * n + j) * inner + in);
                if (fl) {
                    double v = op_load_f64(x->data, x->dtype, i);
                    if (!excl)
                        accd *= v;
                    op_store_f64(y->data, y->dtype, i, accd);
                    if (excl)
                        accd *= v;
                } else {
                    uint64_t v = (uint64_t)op_load_i64(x->data, x->dtype, i);
                    if (!excl)
                        accu *= v;
                    op_store_i64(y->data, y->dtype, i, (int64_t)accu);
                    if (excl)
                        accu *= v;
                }
            }
        }
    return GE_STATUS_SUCCESS;
}

/* ---- BitCast ---- */

static ge_status bitcast_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    const op_value *x = &ctx->inputs[0];
    ge_dtype to;
    XO_TRY(xo_onnx_dtype(&ctx->node, "attribute 'to'", op_attr_int(&ctx->node, "to"), GE_DTS_ALL, &to));
    size_t si = ge_dtype_size(x->dtype), so = ge_dtype_size(to);
    ir_shape s = x->shape;
    char b[96];
    if (si > so) {
        /* [...] -> [..., si / so] */
        if (s.rank >= 0) {
            if (s.rank >= IR_MAX_RANK)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "the output would exceed rank %d", IR_MAX_RANK);
            s.dims[s.rank++] = (int64_t)(si / so);
        }
    } else if (si < so) {
        /* [..., so / si] -> [...] */
        if (s.rank >= 0) {
            int64_t want = (int64_t)(so / si);
            if (s.rank == 0 || (s.dims[s.rank - 1] >= 0 && s.dims[s.rank - 1] != want))
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "input 0 %s (%s) needs a last dim of %lld to bitcast to %s",
                               ir_shape_format(&x->shape, b, sizeof b), ge_dtype_name(x->dtype), (long long)want,
                               ge_dtype_name(to));
            s.rank--;
        }
    }
    tu_set_out(ctx, 0, to, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status bitcast_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    if (y->bytes != x->bytes)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output holds %zu bytes, input %zu", y->bytes, x->bytes);
    if (x->bytes && y->data != x->data)
        memcpy(y->data, x->data, x->bytes);
    if (y->dtype == GE_DTYPE_BOOL) /* any nonzero byte is true */
        for (size_t i = 0; i < y->bytes; i++)
            ((uint8_t *)y->data)[i] = ((uint8_t *)y->data)[i] != 0;
    return GE_STATUS_SUCCESS;
}

/* ---- Bitwise ---- */

static int64_t i_and(int64_t a, int64_t b, const ew_params *p) { (void)p; return a & b; }
static int64_t i_or(int64_t a, int64_t b, const ew_params *p) { (void)p; return a | b; }
static int64_t i_xor(int64_t a, int64_t b, const ew_params *p) { (void)p; return a ^ b; }
static uint64_t u_and(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a & b; }
static uint64_t u_or(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a | b; }
static uint64_t u_xor(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a ^ b; }
static int64_t i_not(int64_t a, const ew_params *p) { (void)p; return ~a; }
static uint64_t u_not(uint64_t a, const ew_params *p) { (void)p; return ~a; }

#define BITWISE_KERNEL(name, fi, fu)                                                               \
    static ge_status name##_kernel(op_kernel_ctx *ctx)                                             \
    {                                                                                              \
        static const ew_binary_fns fns = {NULL, fi, fu};                                           \
        ew_params p = {.dtype = ctx->inputs[0].dtype};                                             \
        return ew_binary_run(ctx, &fns, &p);                                                       \
    }
BITWISE_KERNEL(band, i_and, u_and)
BITWISE_KERNEL(bor, i_or, u_or)
BITWISE_KERNEL(bxor, i_xor, u_xor)

static ge_status bnot_kernel(op_kernel_ctx *ctx)
{
    static const ew_unary_fns fns = {NULL, i_not, u_not};
    ew_params p = {.dtype = ctx->inputs[0].dtype};
    return ew_unary_run(ctx, &fns, &p);
}

static ge_status bitwise_infer(op_infer_ctx *ctx)
{
    return ew_infer_broadcast(ctx, GE_DTYPE_UNDEFINED);
}

/* ---- Unique ---- */

typedef struct uq_geom {
    bool flat;
    int32_t axis;
    int64_t n;      /* slices */
    int64_t outer, inner; /* a slice is elements (o, i, in) for all o < outer, in < inner */
} uq_geom;

static ge_status uq_geometry(const op_node_info *node, const ir_shape *xs, uq_geom *g)
{
    memset(g, 0, sizeof *g);
    g->flat = op_attr(node, "axis") == NULL;
    if (xs->rank < 0)
        return GE_STATUS_SUCCESS;
    if (g->flat) {
        g->n = ir_shape_numel(xs);
        g->outer = g->inner = 1;
        return GE_STATUS_SUCCESS;
    }
    int64_t axis = op_attr_int(node, "axis");
    if (!ir_axis_normalize(axis, xs->rank, &g->axis))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d",
                       (long long)axis, (int)xs->rank);
    if (!ir_shape_is_static(xs))
        return GE_STATUS_SUCCESS;
    g->n = xs->dims[g->axis];
    g->outer = tu_prod(xs, 0, g->axis);
    g->inner = tu_prod(xs, g->axis + 1, xs->rank);
    return GE_STATUS_SUCCESS;
}

typedef struct uq_cmp {
    const ir_tensor *x;
    const uq_geom *g;
} uq_cmp;

static int uq_compare(const uq_cmp *c, int64_t a, int64_t b)
{
    const uq_geom *g = c->g;
    for (int64_t o = 0; o < g->outer; o++)
        for (int64_t in = 0; in < g->inner; in++) {
            size_t ia = (size_t)((o * g->n + a) * g->inner + in), ib = (size_t)((o * g->n + b) * g->inner + in);
            int r = tu_compare(c->x->data, ia, c->x->data, ib, c->x->dtype);
            if (r)
                return r;
        }
    return 0;
}

/* Result of the unique computation: order[u] = first index of unique u (output order),
 * inverse[i] = unique of slice i, counts[u]. */
typedef struct uq_result {
    int64_t u;
    int64_t *first, *inverse, *counts, *work;
} uq_result;

static void uq_free(uq_result *r)
{
    ge_free(r->work);
    memset(r, 0, sizeof *r);
}

static ge_status uq_compute(const op_node_info *node, const ir_tensor *x, const uq_geom *g, bool sorted, uq_result *r)
{
    int64_t n = g->n;
    memset(r, 0, sizeof *r);
    r->work = ge_malloc(sizeof(int64_t) * (size_t)(6 * (n > 0 ? n : 1)));
    if (!r->work)
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the unique of %lld slices", (long long)n);
    int64_t *perm = r->work, *tmp = perm + n, *first = tmp + n, *inverse = first + n, *counts = inverse + n;
    uq_cmp c = {x, g};
    for (int64_t i = 0; i < n; i++)
        perm[i] = i;
    /* stable merge sort of slice indices by content */
    for (int64_t w = 1; w < n; w *= 2) {
        for (int64_t lo = 0; lo < n; lo += 2 * w) {
            int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int64_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                tmp[o++] = uq_compare(&c, perm[j], perm[i]) < 0 ? perm[j++] : perm[i++];
            while (i < mid)
                tmp[o++] = perm[i++];
            while (j < hi)
                tmp[o++] = perm[j++];
        }
        memcpy(perm, tmp, sizeof *perm * (size_t)n);
    }
    /* groups in sorted order: tmp[i] = group of perm[i] */
    int64_t u = 0;
    for (int64_t i = 0; i < n; i++) {
        if (i == 0 || uq_compare(&c, perm[i - 1], perm[i]) != 0) {
            first[u] = perm[i]; /* stable: the smallest index of the group */
            counts[u] = 0;
            u++;
        }
        counts[u - 1]++;
        inverse[perm[i]] = u - 1;
    }
    if (!sorted) {
        /* reorder groups by first occurrence: rank[g] = position (in tmp); perm is free now */
        int64_t *rank = tmp, *f2 = perm;
        int64_t k = 0;
        for (int64_t i = 0; i < n; i++) {
            int64_t gi = inverse[i];
            if (first[gi] == i)
                rank[gi] = k++;
        }
        int64_t *c2 = counts + (n > 0 ? n : 1); /* the sixth block */
        for (int64_t gi = 0; gi < u; gi++) {
            f2[rank[gi]] = first[gi];
            c2[rank[gi]] = counts[gi];
        }
        for (int64_t i = 0; i < n; i++)
            inverse[i] = rank[inverse[i]];
        memcpy(first, f2, sizeof *first * (size_t)u);
        memcpy(counts, c2, sizeof *counts * (size_t)u);
    }
    r->u = u;
    r->first = first;
    r->inverse = inverse;
    r->counts = counts;
    return GE_STATUS_SUCCESS;
}

static void uq_shapes(const ir_shape *xs, const uq_geom *g, int64_t u, int64_t n, ir_shape *out)
{
    if (g->flat) {
        ir_shape_make(&out[0], 1, &u);
    } else {
        out[0] = *xs;
        if (xs->rank >= 0)
            out[0].dims[g->axis] = u;
    }
    ir_shape_make(&out[1], 1, &u);
    ir_shape_make(&out[2], 1, &n);
    ir_shape_make(&out[3], 1, &u);
}

static ge_status unique_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    const op_value *x = &ctx->inputs[0];
    uq_geom g;
    XO_TRY(uq_geometry(&ctx->node, &x->shape, &g));
    int64_t u = -1, n = -1;
    if (x->shape.rank >= 0 && ir_shape_is_static(&x->shape))
        n = g.n;
    else if (!g.flat && x->shape.rank >= 0)
        n = x->shape.dims[g.axis];
    if (x->value && ir_shape_is_static(&x->shape)) {
        uq_result r;
        XO_TRY(uq_compute(&ctx->node, x->value, &g, op_attr_int(&ctx->node, "sorted") != 0, &r));
        u = r.u;
        uq_free(&r);
    }
    ir_shape s[4];
    uq_shapes(&x->shape, &g, u, n, s);
    if (x->shape.rank < 0 && !g.flat)
        s[0] = ir_shape_unknown();
    tu_set_out(ctx, 0, x->dtype, &s[0]);
    for (size_t i = 1; i < 4; i++)
        tu_set_out(ctx, i, GE_DTYPE_INT64, &s[i]);
    return GE_STATUS_SUCCESS;
}

static ge_status unique_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    uq_geom g;
    XO_TRY(uq_geometry(&ctx->node, &x->shape, &g));
    uq_result r;
    XO_TRY(uq_compute(&ctx->node, x, &g, op_attr_int(&ctx->node, "sorted") != 0, &r));
    ir_shape s[4];
    uq_shapes(&x->shape, &g, r.u, g.n, s);
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t i = 0; i < ctx->n_outputs && i < 4 && st == GE_STATUS_SUCCESS; i++)
        if (ctx->outputs[i].dtype != GE_DTYPE_UNDEFINED)
            st = tu_out_ready(ctx, i, &s[i]);
    if (st == GE_STATUS_SUCCESS) {
        ir_tensor *y = &ctx->outputs[0];
        size_t es = ge_dtype_size(x->dtype);
        for (int64_t o = 0; o < g.outer; o++)
            for (int64_t k = 0; k < r.u; k++)
                memcpy((char *)y->data + (size_t)((o * r.u + k) * g.inner) * es,
                       (const char *)x->data + (size_t)((o * g.n + r.first[k]) * g.inner) * es, (size_t)g.inner * es);
        const int64_t *src[4] = {NULL, r.first, r.inverse, r.counts};
        int64_t cnt[4] = {0, r.u, g.n, r.u};
        for (size_t i = 1; i < ctx->n_outputs && i < 4; i++)
            if (ctx->outputs[i].data && cnt[i])
                memcpy(ctx->outputs[i].data, src[i], sizeof(int64_t) * (size_t)cnt[i]);
    }
    uq_free(&r);
    return st;
}

/* ---- ReverseSequence ---- */

static ge_status rs_axes(const op_node_info *node, int32_t rank, int32_t *bax, int32_t *tax)
{
    int64_t b = op_attr_int(node, "batch_axis"), t = op_attr_int(node, "time_axis");
    if ((b != 0 && b != 1) || (t != 0 && t != 1) || b == t)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attributes batch_axis %lld and time_axis %lld must be 0 and 1 "
                       "(one each)", (long long)b, (long long)t);
    if (rank >= 0 && rank < 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 2", (int)rank);
    *bax = (int32_t)b;
    *tax = (int32_t)t;
    return GE_STATUS_SUCCESS;
}

static ge_status rs_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *x = &ctx->inputs[0], *l = &ctx->inputs[1];
    int32_t bax, tax;
    XO_TRY(rs_axes(&ctx->node, x->shape.rank, &bax, &tax));
    char b1[96];
    if (l->shape.rank >= 0) {
        int64_t nb = x->shape.rank >= 0 ? x->shape.dims[bax] : -1;
        if (l->shape.rank != 1 || (nb >= 0 && l->shape.dims[0] >= 0 && l->shape.dims[0] != nb))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'sequence_lens' has shape %s; expected [%lld]",
                           ir_shape_format(&l->shape, b1, sizeof b1), (long long)nb);
    }
    tu_set_out(ctx, 0, x->dtype, &x->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status rs_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0], *l = &ctx->inputs[1];
    ir_tensor *y = &ctx->outputs[0];
    int32_t bax, tax;
    XO_TRY(rs_axes(&ctx->node, x->shape.rank, &bax, &tax));
    int64_t T = x->shape.dims[tax], B = x->shape.dims[bax], inner = tu_prod(&x->shape, 2, x->shape.rank);
    size_t es = ge_dtype_size(x->dtype);
    for (int64_t b = 0; b < B; b++) {
        int64_t len = ((const int64_t *)l->data)[b];
        if (len < 0 || len > T)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "sequence_lens[%lld] is %lld; expected 0 to %lld",
                           (long long)b, (long long)len, (long long)T);
        for (int64_t t = 0; t < T; t++) {
            int64_t src = t < len ? len - 1 - t : t;
            int64_t di = tax == 0 ? t * B + b : b * T + t, si = tax == 0 ? src * B + b : b * T + src;
            memcpy((char *)y->data + (size_t)(di * inner) * es, (const char *)x->data + (size_t)(si * inner) * es,
                   (size_t)inner * es);
        }
    }
    return GE_STATUS_SUCCESS;
}

static const op_attr_def cum_attrs[] = {
    {"exclusive", IR_ATTR_INT, false, 0, 0, NULL},
    {"reverse", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def bitcast_attrs[] = {{"to", IR_ATTR_INT, true, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def unique_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    {"sorted", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def rs_attrs[] = {
    {"batch_axis", IR_ATTR_INT, false, 1, 0, NULL},
    {"time_axis", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

const op_schema op_family_misc[] = {
    {"CumProd", OP_DOMAIN_ONNX, 26, MAX, 2, 2, 1, 1, cum_attrs, GE_DTS_NUMERIC, cumprod_infer, cumprod_kernel},
    {"BitCast", OP_DOMAIN_ONNX, 26, MAX, 1, 1, 1, 1, bitcast_attrs, GE_DTS_ALL, bitcast_infer, bitcast_kernel},
    {"BitwiseAnd", OP_DOMAIN_ONNX, 18, MAX, 2, 2, 1, 1, NULL, GE_DTS_INTS, bitwise_infer, band_kernel},
    {"BitwiseOr", OP_DOMAIN_ONNX, 18, MAX, 2, 2, 1, 1, NULL, GE_DTS_INTS, bitwise_infer, bor_kernel},
    {"BitwiseXor", OP_DOMAIN_ONNX, 18, MAX, 2, 2, 1, 1, NULL, GE_DTS_INTS, bitwise_infer, bxor_kernel},
    {"BitwiseNot", OP_DOMAIN_ONNX, 18, MAX, 1, 1, 1, 1, NULL, GE_DTS_INTS, ew_infer_unary, bnot_kernel},
    {"Unique", OP_DOMAIN_ONNX, 11, MAX, 1, 1, 1, 4, unique_attrs, GE_DTS_ALL, unique_infer, unique_kernel},
    {"ReverseSequence", OP_DOMAIN_ONNX, 10, MAX, 2, 2, 1, 1, rs_attrs, GE_DTS_ALL, rs_infer, rs_kernel},
    OP_SCHEMA_END,
};

/* Quantization family: QuantizeLinear / DequantizeLinear (per-tensor, per-axis and blocked
 * granularity; output_dtype; precision), DynamicQuantizeLinear, MatMulInteger, QLinearMatMul,
 * ConvInteger, QLinearConv. Quantized types geflow lacks (float8, int4, uint4, int2, uint2,
 * float4) are refused with a message naming the type.
 *
 * Integer products are accumulated exactly: the zero-point-shifted operands go through the
 * registered MatMul / Conv reference kernels in float64 (every partial sum of 8-bit products
 * is an integer far below 2^53). Requantization follows the ONNX reference: the multiplier
 * a_scale * b_scale / y_scale is computed in the scale dtype, the product with the integer
 * accumulator in double, rounded half to even, zero point added, saturated. */
#include "base/alloc.h"
#include "ops/nn_util.h"
#include "ops/xop_util.h"

#include <math.h>
#include <string.h>

#define MAX OP_ONNX_OPSET_MAX
#define Q8 (GE_DT(GE_DTYPE_INT8) | GE_DT(GE_DTYPE_UINT8))
#define Q16 (Q8 | GE_DT(GE_DTYPE_INT16) | GE_DT(GE_DTYPE_UINT16))
#define F32 GE_DT(GE_DTYPE_FLOAT32)
#define F3BF (F32 | GE_DT(GE_DTYPE_FLOAT16) | GE_DT(GE_DTYPE_BFLOAT16))
#define I32 GE_DT(GE_DTYPE_INT32)

static ge_status check_in(const op_node_info *node, const op_value *v, size_t i, const char *name, ge_dtype_set allowed)
{
    if (!v->present)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu '%s' is required", i, name);
    if (!(allowed & GE_DT(v->dtype))) {
        char buf[256];
        ge_dtype_set_format(allowed, buf, sizeof buf);
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu '%s' has dtype %s; expected %s", i, name,
                       ge_dtype_name(v->dtype), buf);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status check_count(const op_infer_ctx *ctx)
{
    const op_schema *s = ctx->node.schema;
    if (ctx->n_inputs < s->min_inputs || ctx->n_inputs > s->max_inputs)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs; expected %u to %u", ctx->n_inputs,
                       s->min_inputs, s->max_inputs);
    if (ctx->n_outputs < s->min_outputs || ctx->n_outputs > s->max_outputs)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu outputs; expected %u to %u", ctx->n_outputs,
                       s->min_outputs, s->max_outputs);
    return xo_check_attrs(&ctx->node);
}

static const op_value *opt_in(const op_infer_ctx *ctx, size_t i)
{
    return i < ctx->n_inputs && ctx->inputs[i].present ? &ctx->inputs[i] : NULL;
}

static const ir_tensor *opt_kin(const op_kernel_ctx *ctx, size_t i)
{
    return i < ctx->n_inputs && ir_tensor_present(&ctx->inputs[i]) ? &ctx->inputs[i] : NULL;
}

/* ---- granularity of QuantizeLinear / DequantizeLinear ---- */

enum { Q_TENSOR, Q_AXIS, Q_BLOCK };

typedef struct qgran {
    int mode;
    int32_t axis;
    int64_t block;
} qgran;

static bool scalar_like(const ir_shape *s)
{
    return s->rank == 0 || (s->rank == 1 && s->dims[0] == 1);
}

/* Checks scale/zero-point shapes against x (whatever is known) and classifies them. */
static ge_status q_granularity(const op_node_info *node, const ir_shape *xs, const ir_shape *ss,
                               const ir_shape *zs, qgran *g)
{
    char b1[96], b2[96];
    memset(g, 0, sizeof *g);
    g->block = op_schema_attr(node->schema, "block_size") ? op_attr_int(node, "block_size") : 0;
    if (g->block < 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'block_size' is %lld; expected >= 0",
                       (long long)g->block);
    if (zs && zs->rank >= 0 && ss->rank >= 0 && !ir_shape_equal(zs, ss)) {
        bool both_scalar = scalar_like(zs) && scalar_like(ss) && zs->rank == ss->rank;
        if (!both_scalar)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 (zero point) has shape %s; expected the scale's %s",
                           ir_shape_format(zs, b1, sizeof b1), ir_shape_format(ss, b2, sizeof b2));
    }
    if (ss->rank < 0)
        return GE_STATUS_SUCCESS;
    if (scalar_like(ss)) {
        g->mode = Q_TENSOR;
        return GE_STATUS_SUCCESS;
    }
    bool has_axis = op_schema_attr(node->schema, "axis") != NULL;
    if (!has_axis)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (scale) has shape %s; expected a scalar (opset %d has "
                       "per-tensor quantization only)", ir_shape_format(ss, b1, sizeof b1), node->opset);
    if (xs->rank < 0)
        return GE_STATUS_SUCCESS;
    int64_t axis = op_attr_int(node, "axis");
    if (!ir_axis_normalize(axis, xs->rank, &g->axis))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for input 0 of rank %d",
                       (long long)axis, (int)xs->rank);
    if (g->block == 0) {
        g->mode = Q_AXIS;
        if (ss->rank != 1)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "input 1 (scale) has shape %s; expected a scalar or 1-D (per-axis; blocked quantization "
                           "needs attribute 'block_size')", ir_shape_format(ss, b1, sizeof b1));
        int64_t d = xs->dims[g->axis];
        if (d >= 0 && ss->dims[0] >= 0 && d != ss->dims[0])
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (scale) has %lld values; input 0 %s has %lld on axis %d",
                           (long long)ss->dims[0], ir_shape_format(xs, b1, sizeof b1), (long long)d, (int)g->axis);
        return GE_STATUS_SUCCESS;
    }
    g->mode = Q_BLOCK;
    if (ss->rank != xs->rank)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (scale) %s must have the rank of input 0 %s for blocked "
                       "quantization", ir_shape_format(ss, b1, sizeof b1), ir_shape_format(xs, b2, sizeof b2));
    for (int32_t d = 0; d < xs->rank; d++) {
        int64_t xd = xs->dims[d], sd = ss->dims[d];
        if (xd < 0 || sd < 0)
            continue;
        int64_t want = d == g->axis ? (xd + g->block - 1) / g->block : xd;
        if (sd != want)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "input 1 (scale) %s does not fit input 0 %s with block_size %lld on axis %d (dim %d: "
                           "expected %lld)", ir_shape_format(ss, b1, sizeof b1), ir_shape_format(xs, b2, sizeof b2),
                           (long long)g->block, (int)g->axis, (int)d, (long long)want);
    }
    return GE_STATUS_SUCCESS;
}

/* Scale index of every element of x, written into idx (numel entries). */
static void q_scale_index(const qgran *g, const ir_shape *xs, const ir_shape *ss, size_t *idx)
{
    int64_t n = ir_shape_numel(xs);
    if (g->mode == Q_TENSOR) {
        memset(idx, 0, sizeof *idx * (size_t)(n > 0 ? n : 0));
        return;
    }
    int64_t inner = 1;
    for (int32_t d = g->axis + 1; d < xs->rank; d++)
        inner *= xs->dims[d];
    int64_t D = xs->dims[g->axis], S = g->mode == Q_BLOCK ? ss->dims[g->axis] : 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t in = i % inner, d = (i / inner) % D, o = i / (inner * D);
        idx[i] = g->mode == Q_AXIS ? (size_t)d : (size_t)((o * S + d / g->block) * inner + in);
    }
}

/* ---- QuantizeLinear ---- */

static ge_dtype_set ql_out_types(int since)
{
    return since >= 21 ? Q16 : Q8;
}

static ge_status ql_out_dtype(const op_node_info *node, const op_value *zp, ge_dtype *out)
{
    int since = node->schema->since_opset;
    ge_dtype_set allowed = ql_out_types(since);
    ge_dtype attr_dt = GE_DTYPE_UNDEFINED;
    if (op_schema_attr(node->schema, "output_dtype") && op_attr_int(node, "output_dtype") != 0)
        XO_TRY(xo_onnx_dtype(node, "attribute 'output_dtype'", op_attr_int(node, "output_dtype"), allowed, &attr_dt));
    if (zp) {
        XO_TRY(check_in(node, zp, 2, "y_zero_point", allowed));
        if (attr_dt != GE_DTYPE_UNDEFINED && attr_dt != zp->dtype)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'output_dtype' (%s) differs from input 2 "
                           "'y_zero_point' dtype %s", ge_dtype_name(attr_dt), ge_dtype_name(zp->dtype));
        *out = zp->dtype;
    } else
        *out = attr_dt != GE_DTYPE_UNDEFINED ? attr_dt : GE_DTYPE_UINT8;
    return GE_STATUS_SUCCESS;
}

/* The dtype the division x / scale is computed in. */
static ge_status ql_precision(const op_node_info *node, ge_dtype scale_dt, ge_dtype *out)
{
    *out = scale_dt == GE_DTYPE_INT32 ? GE_DTYPE_FLOAT64 : scale_dt;
    if (op_schema_attr(node->schema, "precision") && op_attr_int(node, "precision") != 0)
        XO_TRY(xo_onnx_dtype(node, "attribute 'precision'", op_attr_int(node, "precision"),
                             F3BF | GE_DT(GE_DTYPE_FLOAT64), out));
    return GE_STATUS_SUCCESS;
}

static ge_dtype_set ql_scale_types(const op_node_info *node, ge_dtype x_dt)
{
    int since = node->schema->since_opset;
    if (since < 19)
        return F32;
    if (since < 23)
        return GE_DT(x_dt); /* y_scale shares x's type constraint */
    return F3BF | I32;
}

static ge_status ql_infer(op_infer_ctx *ctx)
{
    XO_TRY(check_count(ctx));
    const op_node_info *node = &ctx->node;
    const op_value *x = &ctx->inputs[0], *s = &ctx->inputs[1], *zp = opt_in(ctx, 2);
    XO_TRY(check_in(node, x, 0, "x", node->schema->dtypes));
    XO_TRY(check_in(node, s, 1, "y_scale", ql_scale_types(node, x->dtype)));
    ge_dtype out = GE_DTYPE_UINT8, prec = GE_DTYPE_FLOAT32;
    XO_TRY(ql_out_dtype(node, zp, &out));
    XO_TRY(ql_precision(node, s->dtype, &prec));
    if (node->schema->since_opset >= 19 && node->schema->since_opset < 23 && s->dtype != x->dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'y_scale' has dtype %s; expected input 0's %s",
                       ge_dtype_name(s->dtype), ge_dtype_name(x->dtype));
    qgran g;
    XO_TRY(q_granularity(node, &x->shape, &s->shape, zp ? &zp->shape : NULL, &g));
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = out;
    ctx->outputs[0].shape = x->shape;
    return GE_STATUS_SUCCESS;
}

static ge_status ql_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0], *s = &ctx->inputs[1], *zp = opt_kin(ctx, 2);
    ir_tensor *y = &ctx->outputs[0];
    qgran g;
    XO_TRY(q_granularity(node, &x->shape, &s->shape, zp ? &zp->shape : NULL, &g));
    ge_dtype prec = GE_DTYPE_FLOAT32;
    XO_TRY(ql_precision(node, s->dtype, &prec));
    int64_t n = ir_tensor_numel(x);
    size_t *idx = ge_malloc(sizeof(size_t) * (size_t)(n > 0 ? n : 1));
    if (!idx)
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %lld scale indices", (long long)n);
    q_scale_index(&g, &x->shape, &s->shape, idx);
    double lo, hi;
    xo_int_range(y->dtype, &lo, &hi);
    for (int64_t i = 0; i < n; i++) {
        double xv = xo_round_to(prec, op_load_f64(x->data, x->dtype, (size_t)i));
        double sv = xo_round_to(prec, op_load_f64(s->data, s->dtype, idx[i]));
        double q = xo_round_to(prec, xv / sv);
        double r = isnan(q) ? 0.0 : xo_rint(q);
        if (zp)
            r += (double)op_load_i64(zp->data, zp->dtype, idx[i]);
        r = r < lo ? lo : r > hi ? hi : r;
        op_store_i64(y->data, y->dtype, (size_t)i, (int64_t)r);
    }
    ge_free(idx);
    return GE_STATUS_SUCCESS;
}

/* ---- DequantizeLinear ---- */

static ge_dtype_set dq_in_types(int since)
{
    return since >= 21 ? Q16 | I32 : Q8 | I32;
}

static ge_status dq_out_dtype(const op_node_info *node, ge_dtype scale_dt, ge_dtype *out)
{
    *out = scale_dt;
    if (op_schema_attr(node->schema, "output_dtype") && op_attr_int(node, "output_dtype") != 0)
        XO_TRY(xo_onnx_dtype(node, "attribute 'output_dtype'", op_attr_int(node, "output_dtype"), F3BF, out));
    return GE_STATUS_SUCCESS;
}

static ge_status dq_infer(op_infer_ctx *ctx)
{
    XO_TRY(check_count(ctx));
    const op_node_info *node = &ctx->node;
    const op_value *x = &ctx->inputs[0], *s = &ctx->inputs[1], *zp = opt_in(ctx, 2);
    XO_TRY(check_in(node, x, 0, "x", dq_in_types(node->schema->since_opset)));
    XO_TRY(check_in(node, s, 1, "x_scale", node->schema->dtypes));
    if (zp && zp->dtype != x->dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'x_zero_point' has dtype %s; expected input 0's %s",
                       ge_dtype_name(zp->dtype), ge_dtype_name(x->dtype));
    ge_dtype out = GE_DTYPE_FLOAT32;
    XO_TRY(dq_out_dtype(node, s->dtype, &out));
    qgran g;
    XO_TRY(q_granularity(node, &x->shape, &s->shape, zp ? &zp->shape : NULL, &g));
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = out;
    ctx->outputs[0].shape = x->shape;
    return GE_STATUS_SUCCESS;
}

static ge_status dq_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0], *s = &ctx->inputs[1], *zp = opt_kin(ctx, 2);
    ir_tensor *y = &ctx->outputs[0];
    qgran g;
    XO_TRY(q_granularity(node, &x->shape, &s->shape, zp ? &zp->shape : NULL, &g));
    int64_t n = ir_tensor_numel(x);
    size_t *idx = ge_malloc(sizeof(size_t) * (size_t)(n > 0 ? n : 1));
    if (!idx)
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %lld scale indices", (long long)n);
    q_scale_index(&g, &x->shape, &s->shape, idx);
    for (int64_t i = 0; i < n; i++) {
        int64_t q = op_load_i64(x->data, x->dtype, (size_t)i);
        if (zp)
            q -= op_load_i64(zp->data, zp->dtype, idx[i]);
        double v = (double)q * op_load_f64(s->data, s->dtype, idx[i]);
        op_store_f64(y->data, y->dtype, (size_t)i, v);
    }
    ge_free(idx);
    return GE_STATUS_SUCCESS;
}

/* ---- DynamicQuantizeLinear ---- */

static ge_status dql_infer(op_infer_ctx *ctx)
{
    XO_TRY(check_count(ctx));
    XO_TRY(check_in(&ctx->node, &ctx->inputs[0], 0, "x", F32));
    ir_shape sc = ir_shape_scalar();
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = GE_DTYPE_UINT8;
    ctx->outputs[0].shape = ctx->inputs[0].shape;
    for (size_t i = 1; i < 3 && i < ctx->n_outputs; i++) {
        ctx->outputs[i].present = true;
        ctx->outputs[i].dtype = i == 1 ? GE_DTYPE_FLOAT32 : GE_DTYPE_UINT8;
        ctx->outputs[i].shape = sc;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status dql_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    const float *xv = x->data;
    int64_t n = ir_tensor_numel(x);
    float mn = 0.0f, mx = 0.0f;
    for (int64_t i = 0; i < n; i++) {
        if (xv[i] < mn)
            mn = xv[i];
        if (xv[i] > mx)
            mx = xv[i];
    }
    float scale = (mx - mn) / 255.0f;
    float zpf = scale == 0.0f ? 0.0f : 0.0f - mn / scale;
    zpf = zpf < 0.0f ? 0.0f : zpf > 255.0f ? 255.0f : zpf;
    double zp = xo_rint(zpf);
    uint8_t *y = ctx->outputs[0].data;
    for (int64_t i = 0; i < n; i++) {
        double q = scale == 0.0f ? 0.0 : xo_rint((double)(xv[i] / scale)) + zp;
        y[i] = (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
    }
    if (nn_output_wanted(ctx, 1) && ctx->outputs[1].data)
        *(float *)ctx->outputs[1].data = scale;
    if (nn_output_wanted(ctx, 2) && ctx->outputs[2].data)
        *(uint8_t *)ctx->outputs[2].data = (uint8_t)zp;
    return GE_STATUS_SUCCESS;
}

/* ---- integer matmul / conv through the float64 reference kernels ---- */

/* A per-row / per-column / per-channel parameter: scalar, or 1-D of `n` values. */
static ge_status vec_param(const op_node_info *node, const op_value *v, size_t i, const char *name, int64_t n,
                           const char *what)
{
    char b[96];
    if (!v || v->shape.rank < 0 || scalar_like(&v->shape))
        return GE_STATUS_SUCCESS;
    if (v->shape.rank != 1 || (n >= 0 && v->shape.dims[0] >= 0 && v->shape.dims[0] != n))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu '%s' has shape %s; expected a scalar or [%lld] (%s)", i,
                       name, ir_shape_format(&v->shape, b, sizeof b), (long long)n, what);
    return GE_STATUS_SUCCESS;
}

static double param_at(const ir_tensor *t, int64_t i)
{
    if (!t)
        return 0.0;
    return op_load_f64(t->data, t->dtype, ir_tensor_numel(t) == 1 ? 0 : (size_t)i);
}

/* Matrix dims of a MatMul operand: rows M (of a) or columns N (of b). */
static int64_t mm_rows(const ir_shape *a)
{
    return a->rank < 0 ? -1 : a->rank == 1 ? 1 : a->dims[a->rank - 2];
}

static int64_t mm_cols(const ir_shape *b)
{
    return b->rank < 0 ? -1 : b->rank == 1 ? 1 : b->dims[b->rank - 1];
}

static ge_status mm_shape(op_infer_ctx *ctx, const op_value *a, const op_value *b, ir_shape *out)
{
    op_value in[2] = {*a, *b}, o;
    in[0].dtype = in[1].dtype = GE_DTYPE_FLOAT64;
    in[0].value = in[1].value = NULL;
    XO_TRY(xo_infer(&ctx->node, "MatMul", 13, NULL, 0, in, 2, &o, 1));
    *out = o.shape;
    return GE_STATUS_SUCCESS;
}

/* acc = (a - za) @ (b - zb) in float64; za per row of a, zb per column of b. */
static ge_status mm_acc(op_kernel_ctx *ctx, const ir_tensor *a, const ir_tensor *za, const ir_tensor *b,
                        const ir_tensor *zb, ir_tensor *acc)
{
    double *av = xo_load_f64(&ctx->node, a), *bv = xo_load_f64(&ctx->node, b);
    ge_status st = GE_STATUS_MEMALLOC_FAILED;
    if (av && bv) {
        int64_t na = ir_tensor_numel(a), nb = ir_tensor_numel(b);
        int64_t K = a->shape.dims[a->shape.rank - 1], M = mm_rows(&a->shape), N = mm_cols(&b->shape);
        for (int64_t i = 0; i < na; i++)
            av[i] -= param_at(za, (i / K) % M);
        for (int64_t i = 0; i < nb; i++)
            bv[i] -= param_at(zb, i % N);
        ir_tensor in[2] = {xo_view_f64(&a->shape, av), xo_view_f64(&b->shape, bv)};
        st = xo_run(ctx, "MatMul", 13, NULL, 0, in, 2, acc, 1);
    }
    ge_free(av);
    ge_free(bv);
    return st;
}

static ge_status mmi_infer(op_infer_ctx *ctx)
{
    XO_TRY(check_count(ctx));
    const op_node_info *node = &ctx->node;
    const op_value *a = &ctx->inputs[0], *b = &ctx->inputs[1], *za = opt_in(ctx, 2), *zb = opt_in(ctx, 3);
    XO_TRY(check_in(node, a, 0, "A", Q8));
    XO_TRY(check_in(node, b, 1, "B", Q8));
    if (za && za->dtype != a->dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'a_zero_point' has dtype %s; expected A's %s",
                       ge_dtype_name(za->dtype), ge_dtype_name(a->dtype));
    if (zb && zb->dtype != b->dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 'b_zero_point' has dtype %s; expected B's %s",
                       ge_dtype_name(zb->dtype), ge_dtype_name(b->dtype));
    XO_TRY(vec_param(node, za, 2, "a_zero_point", mm_rows(&a->shape), "per row of A"));
    XO_TRY(vec_param(node, zb, 3, "b_zero_point", mm_cols(&b->shape), "per column of B"));
    ir_shape s;
    XO_TRY(mm_shape(ctx, a, b, &s));
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = GE_DTYPE_INT32;
    ctx->outputs[0].shape = s;
    return GE_STATUS_SUCCESS;
}

static void store_rounded_i(ir_tensor *y, const ir_tensor *acc)
{
    int64_t n = ir_tensor_numel(y);
    const double *v = acc->data;
    double lo, hi;
    xo_int_range(y->dtype, &lo, &hi);
    for (int64_t i = 0; i < n; i++) {
        double r = v[i] < lo ? lo : v[i] > hi ? hi : v[i];
        op_store_i64(y->data, y->dtype, (size_t)i, (int64_t)r);
    }
}

static ge_status mmi_kernel(op_kernel_ctx *ctx)
{
    ir_tensor acc;
    XO_TRY(mm_acc(ctx, &ctx->inputs[0], opt_kin(ctx, 2), &ctx->inputs[1], opt_kin(ctx, 3), &acc));
    store_rounded_i(&ctx->outputs[0], &acc);
    ir_tensor_free_data(&acc);
    return GE_STATUS_SUCCESS;
}

/* QLinearMatMul: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point. */
static ge_status qlmm_infer(op_infer_ctx *ctx)
{
    XO_TRY(check_count(ctx));
    const op_node_info *node = &ctx->node;
    const op_value *in = ctx->inputs;
    ge_dtype_set st = node->schema->since_opset >= 21 ? F3BF : F32;
    static const char *const names[8] = {"a", "a_scale", "a_zero_point", "b", "b_scale", "b_zero_point",
                                         "y_scale", "y_zero_point"};
    for (size_t i = 0; i < 8; i++)
        XO_TRY(check_in(node, &in[i], i, names[i], (i == 1 || i == 4 || i == 6) ? st : Q8));
    if (in[2].dtype != in[0].dtype || in[5].dtype != in[3].dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "zero points must have the dtype of their operand (a %s, "
                       "a_zero_point %s, b %s, b_zero_point %s)", ge_dtype_name(in[0].dtype), ge_dtype_name(in[2].dtype),
                       ge_dtype_name(in[3].dtype), ge_dtype_name(in[5].dtype));
    if (in[4].dtype != in[1].dtype || in[6].dtype != in[1].dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "scales must share one dtype (a_scale %s, b_scale %s, y_scale %s)",
                       ge_dtype_name(in[1].dtype), ge_dtype_name(in[4].dtype), ge_dtype_name(in[6].dtype));
    int64_t M = mm_rows(&in[0].shape), N = mm_cols(&in[3].shape);
    XO_TRY(vec_param(node, &in[1], 1, "a_scale", M, "per row of a"));
    XO_TRY(vec_param(node, &in[2], 2, "a_zero_point", M, "per row of a"));
    XO_TRY(vec_param(node, &in[4], 4, "b_scale", N, "per column of b"));
    XO_TRY(vec_param(node, &in[5], 5, "b_zero_point", N, "per column of b"));
    XO_TRY(vec_param(node, &in[6], 6, "y_scale", N, "per column of the output"));
    XO_TRY(vec_param(node, &in[7], 7, "y_zero_point", N, "per column of the output"));
    ir_shape s;
    XO_TRY(mm_shape(ctx, &in[0], &in[3], &s));
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = in[7].dtype;
    ctx->outputs[0].shape = s;
    return GE_STATUS_SUCCESS;
}

/* y = saturate(rint(acc * round_sdt(round_sdt(sa * sb) / sy)) + zy). */
static double requant(double acc, double sa, double sb, double sy, double zy, ge_dtype sdt, double lo, double hi)
{
    double m = xo_round_to(sdt, xo_round_to(sdt, sa * sb) / sy);
    double r = xo_rint(acc * m) + zy;
    return r < lo ? lo : r > hi ? hi : r;
}

static ge_status qlmm_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *in = ctx->inputs;
    ir_tensor *y = &ctx->outputs[0], acc;
    XO_TRY(mm_acc(ctx, &in[0], &in[2], &in[3], &in[5], &acc));
    int64_t n = ir_tensor_numel(y), N = mm_cols(&in[3].shape), M = mm_rows(&in[0].shape);
    const double *v = acc.data;
    double lo, hi;
    xo_int_range(y->dtype, &lo, &hi);
    for (int64_t i = 0; i < n; i++) {
        int64_t col = i % N, row = (i / N) % M;
        double r = requant(v[i], param_at(&in[1], row), param_at(&in[4], col), param_at(&in[6], col),
                           param_at(&in[7], col), in[1].dtype, lo, hi);
        op_store_i64(y->data, y->dtype, (size_t)i, (int64_t)r);
    }
    ir_tensor_free_data(&acc);
    return GE_STATUS_SUCCESS;
}

/* Conv geometry through Conv's inference (x and w seen as float64). */
static ge_status conv_shape(op_infer_ctx *ctx, const op_value *x, const op_value *w, ir_shape *out)
{
    op_value in[2] = {*x, *w}, o;
    in[0].dtype = in[1].dtype = GE_DTYPE_FLOAT64;
    in[0].value = in[1].value = NULL;
    XO_TRY(xo_infer(&ctx->node, "Conv", 11, ctx->node.attrs, ctx->node.n_attrs, in, 2, &o, 1));
    *out = o.shape;
    return GE_STATUS_SUCCESS;
}

static int64_t conv_out_channels(const ir_shape *w)
{
    return w->rank >= 1 ? w->dims[0] : -1;
}

/* acc = Conv(x - zx, w - zw[m], bias) in float64. */
static ge_status conv_acc(op_kernel_ctx *ctx, const ir_tensor *x, const ir_tensor *zx, const ir_tensor *w,
                          const ir_tensor *zw, const ir_tensor *bias, ir_tensor *acc)
{
    double *xv = xo_load_f64(&ctx->node, x), *wv = xo_load_f64(&ctx->node, w);
    double *bv = bias ? xo_load_f64(&ctx->node, bias) : NULL;
    ge_status st = GE_STATUS_MEMALLOC_FAILED;
    if (xv && wv && (!bias || bv)) {
        int64_t nx = ir_tensor_numel(x), nw = ir_tensor_numel(w), M = conv_out_channels(&w->shape);
        int64_t per = M > 0 ? nw / M : 1;
        double z = param_at(zx, 0);
        for (int64_t i = 0; i < nx; i++)
            xv[i] -= z;
        for (int64_t i = 0; i < nw; i++)
            wv[i] -= param_at(zw, i / per);
        ir_tensor in[3] = {xo_view_f64(&x->shape, xv), xo_view_f64(&w->shape, wv), {.dtype = GE_DTYPE_UNDEFINED}};
        if (bias)
            in[2] = xo_view_f64(&bias->shape, bv);
        st = xo_run(ctx, "Conv", 11, ctx->node.attrs, ctx->node.n_attrs, in, bias ? 3 : 2, acc, 1);
    }
    ge_free(xv);
    ge_free(wv);
    ge_free(bv);
    return st;
}

static ge_status convi_infer(op_infer_ctx *ctx)
{
    XO_TRY(check_count(ctx));
    const op_node_info *node = &ctx->node;
    const op_value *x = &ctx->inputs[0], *w = &ctx->inputs[1], *zx = opt_in(ctx, 2), *zw = opt_in(ctx, 3);
    XO_TRY(check_in(node, x, 0, "x", Q8));
    XO_TRY(check_in(node, w, 1, "w", Q8));
    if (zx && zx->dtype != x->dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'x_zero_point' has dtype %s; expected x's %s",
                       ge_dtype_name(zx->dtype), ge_dtype_name(x->dtype));
    if (zw && zw->dtype != w->dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 'w_zero_point' has dtype %s; expected w's %s",
                       ge_dtype_name(zw->dtype), ge_dtype_name(w->dtype));
    XO_TRY(vec_param(node, zx, 2, "x_zero_point", 1, "per tensor"));
    XO_TRY(vec_param(node, zw, 3, "w_zero_point", conv_out_channels(&w->shape), "per output channel"));
    ir_shape s;
    XO_TRY(conv_shape(ctx, x, w, &s));
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = GE_DTYPE_INT32;
    ctx->outputs[0].shape = s;
    return GE_STATUS_SUCCESS;
}

static ge_status convi_kernel(op_kernel_ctx *ctx)
{
    ir_tensor acc;
    XO_TRY(conv_acc(ctx, &ctx->inputs[0], opt_kin(ctx, 2), &ctx->inputs[1], opt_kin(ctx, 3), NULL, &acc));
    store_rounded_i(&ctx->outputs[0], &acc);
    ir_tensor_free_data(&acc);
    return GE_STATUS_SUCCESS;
}

/* QLinearConv: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, [B]. */
static ge_status qlconv_infer(op_infer_ctx *ctx)
{
    XO_TRY(check_count(ctx));
    const op_node_info *node = &ctx->node;
    const op_value *in = ctx->inputs;
    static const char *const names[8] = {"x", "x_scale", "x_zero_point", "w", "w_scale", "w_zero_point",
                                         "y_scale", "y_zero_point"};
    for (size_t i = 0; i < 8; i++)
        XO_TRY(check_in(node, &in[i], i, names[i], (i == 1 || i == 4 || i == 6) ? F32 : Q8));
    if (in[2].dtype != in[0].dtype || in[5].dtype != in[3].dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "zero points must have the dtype of their operand (x %s, "
                       "x_zero_point %s, w %s, w_zero_point %s)", ge_dtype_name(in[0].dtype), ge_dtype_name(in[2].dtype),
                       ge_dtype_name(in[3].dtype), ge_dtype_name(in[5].dtype));
    int64_t M = conv_out_channels(&in[3].shape);
    XO_TRY(vec_param(node, &in[1], 1, "x_scale", 1, "per tensor"));
    XO_TRY(vec_param(node, &in[2], 2, "x_zero_point", 1, "per tensor"));
    XO_TRY(vec_param(node, &in[4], 4, "w_scale", M, "per output channel"));
    XO_TRY(vec_param(node, &in[5], 5, "w_zero_point", M, "per output channel"));
    XO_TRY(vec_param(node, &in[6], 6, "y_scale", 1, "per tensor"));
    XO_TRY(vec_param(node, &in[7], 7, "y_zero_point", 1, "per tensor"));
    const op_value *b = opt_in(ctx, 8);
    if (b) {
        XO_TRY(check_in(node, b, 8, "B", I32));
        char bs[96];
        if (b->shape.rank >= 0 && (b->shape.rank != 1 || (M >= 0 && b->shape.dims[0] >= 0 && b->shape.dims[0] != M)))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 8 'B' has shape %s; expected [%lld]",
                           ir_shape_format(&b->shape, bs, sizeof bs), (long long)M);
    }
    ir_shape s;
    XO_TRY(conv_shape(ctx, &in[0], &in[3], &s));
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = in[7].dtype;
    ctx->outputs[0].shape = s;
    return GE_STATUS_SUCCESS;
}

static ge_status qlconv_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *in = ctx->inputs;
    ir_tensor *y = &ctx->outputs[0], acc;
    XO_TRY(conv_acc(ctx, &in[0], &in[2], &in[3], &in[5], opt_kin(ctx, 8), &acc));
    int64_t n = ir_tensor_numel(y), M = y->shape.dims[1];
    int64_t per = 1;
    for (int32_t d = 2; d < y->shape.rank; d++)
        per *= y->shape.dims[d];
    const double *v = acc.data;
    double lo, hi;
    xo_int_range(y->dtype, &lo, &hi);
    for (int64_t i = 0; i < n; i++) {
        int64_t m = (i / per) % M;
        double r = requant(v[i], param_at(&in[1], 0), param_at(&in[4], m), param_at(&in[6], 0), param_at(&in[7], 0),
                           GE_DTYPE_FLOAT32, lo, hi);
        op_store_i64(y->data, y->dtype, (size_t)i, (int64_t)r);
    }
    ir_tensor_free_data(&acc);
    return GE_STATUS_SUCCESS;
}

/* ---- schemas ---- */

static const op_attr_def ql13_attrs[] = {{"axis", IR_ATTR_INT, false, 1, 0, NULL}, OP_ATTRS_END};
static const op_attr_def ql19_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    {"saturate", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def ql21_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    {"block_size", IR_ATTR_INT, false, 0, 0, NULL},
    {"output_dtype", IR_ATTR_INT, false, 0, 0, NULL},
    {"saturate", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def ql23_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    {"block_size", IR_ATTR_INT, false, 0, 0, NULL},
    {"output_dtype", IR_ATTR_INT, false, 0, 0, NULL},
    {"precision", IR_ATTR_INT, false, 0, 0, NULL},
    {"saturate", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def dq21_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    {"block_size", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def dq23_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    {"block_size", IR_ATTR_INT, false, 0, 0, NULL},
    {"output_dtype", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def conv_attrs[] = {
    {"auto_pad", IR_ATTR_STRING, false, 0, 0, "NOTSET"},
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    {"group", IR_ATTR_INT, false, 1, 0, NULL},
    {"kernel_shape", IR_ATTR_INTS, false, 0, 0, NULL},
    {"pads", IR_ATTR_INTS, false, 0, 0, NULL},
    {"strides", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

#define QX10 (F32 | I32)
#define QX19 (F3BF | I32)

const op_schema op_family_quant[] = {
    {"QuantizeLinear", OP_DOMAIN_ONNX, 10, 12, 2, 3, 1, 1, NULL, QX10, ql_infer, ql_kernel},
    {"QuantizeLinear", OP_DOMAIN_ONNX, 13, 18, 2, 3, 1, 1, ql13_attrs, QX10, ql_infer, ql_kernel},
    {"QuantizeLinear", OP_DOMAIN_ONNX, 19, 20, 2, 3, 1, 1, ql19_attrs, QX19, ql_infer, ql_kernel},
    {"QuantizeLinear", OP_DOMAIN_ONNX, 21, 22, 2, 3, 1, 1, ql21_attrs, QX19, ql_infer, ql_kernel},
    {"QuantizeLinear", OP_DOMAIN_ONNX, 23, MAX, 2, 3, 1, 1, ql23_attrs, QX19, ql_infer, ql_kernel},
    {"DequantizeLinear", OP_DOMAIN_ONNX, 10, 12, 2, 3, 1, 1, NULL, F32, dq_infer, dq_kernel},
    {"DequantizeLinear", OP_DOMAIN_ONNX, 13, 18, 2, 3, 1, 1, ql13_attrs, F32, dq_infer, dq_kernel},
    {"DequantizeLinear", OP_DOMAIN_ONNX, 19, 20, 2, 3, 1, 1, ql13_attrs, F3BF, dq_infer, dq_kernel},
    {"DequantizeLinear", OP_DOMAIN_ONNX, 21, 22, 2, 3, 1, 1, dq21_attrs, F3BF, dq_infer, dq_kernel},
    {"DequantizeLinear", OP_DOMAIN_ONNX, 23, MAX, 2, 3, 1, 1, dq23_attrs, F3BF, dq_infer, dq_kernel},
    {"DynamicQuantizeLinear", OP_DOMAIN_ONNX, 11, MAX, 1, 1, 3, 3, NULL, F32, dql_infer, dql_kernel},
    {"MatMulInteger", OP_DOMAIN_ONNX, 10, MAX, 2, 4, 1, 1, NULL, Q8, mmi_infer, mmi_kernel},
    {"QLinearMatMul", OP_DOMAIN_ONNX, 10, 20, 8, 8, 1, 1, NULL, Q8, qlmm_infer, qlmm_kernel},
    {"QLinearMatMul", OP_DOMAIN_ONNX, 21, MAX, 8, 8, 1, 1, NULL, Q8, qlmm_infer, qlmm_kernel},
    {"ConvInteger", OP_DOMAIN_ONNX, 10, MAX, 2, 4, 1, 1, conv_attrs, Q8, convi_infer, convi_kernel},
    {"QLinearConv", OP_DOMAIN_ONNX, 10, MAX, 8, 9, 1, 1, conv_attrs, Q8, qlconv_infer, qlconv_kernel},
    OP_SCHEMA_END,
};

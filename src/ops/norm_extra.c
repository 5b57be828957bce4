/* RMSNormalization (23), GroupNormalization (18: scale/bias per group; 21: per channel, with
 * stash_type), MeanVarianceNormalization (9, 13) and LpNormalization (1, 22). */
#include "base/alloc.h"
#include "ops/extra_util.h"
#include "ops/tensor_util.h"

#include <string.h>

/* ---------------- RMSNormalization ---------------- */

static const op_attr_def rms_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    {"stash_type", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};

static ge_status axis_get(const op_node_info *node, int32_t rank, int32_t *axis)
{
    int64_t a = op_attr_int(node, "axis");
    if (!ir_axis_normalize(a, rank, axis))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axis' is %lld; expected in [%d, %d]", (long long)a,
                       -rank, rank - 1);
    return GE_STATUS_SUCCESS;
}

static ge_status rms_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 2);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS ||
        (st = op_check_dtype(ctx, 1, node->schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    int64_t stype = op_attr_int(node, "stash_type");
    ge_dtype sd;
    if (!ge_dtype_from_onnx(stype, &sd) || !(GE_DT(sd) & GE_DTS_FLOATS))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'stash_type' is %lld; expected a float type",
                       (long long)stype);
    const ir_shape *xs = &ctx->inputs[0].shape, *ss = &ctx->inputs[1].shape;
    if (xs->rank >= 0) {
        if (xs->rank == 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 is a scalar; expected rank >= 1");
        int32_t axis;
        if ((st = axis_get(node, xs->rank, &axis)) != GE_STATUS_SUCCESS)
            return st;
        if (ss->rank >= 0) {
            bool ok = ss->rank <= xs->rank - axis;
            for (int32_t d = 0; ok && d < ss->rank; d++) {
                int64_t pv = ss->dims[ss->rank - 1 - d], xv = xs->dims[xs->rank - 1 - d];
                ok = pv < 0 || xv < 0 || pv == 1 || pv == xv;
            }
            if (!ok) {
                char b1[96], b2[96];
                return op_fail(node, GE_STATUS_PARAM_INVALID,
                               "input 1 (scale) of shape %s does not broadcast to the normalized dims of %s from axis %d",
                               ir_shape_format(ss, b1, sizeof b1), ir_shape_format(xs, b2, sizeof b2), (int)axis);
            }
        }
    }
    return op_infer_same_as_input0(ctx);
}

static ge_status rms_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0], *sc = &ctx->inputs[1];
    int32_t axis;
    ge_status st = axis_get(node, x->shape.rank, &axis);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_shape norm;
    ir_shape_make(&norm, (size_t)(x->shape.rank - axis), x->shape.dims + axis);
    if (sc->shape.rank > norm.rank)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 has rank %d; expected <= %d", (int)sc->shape.rank,
                       (int)norm.rank);
    int64_t inner = ir_shape_numel(&norm), total = ir_tensor_numel(x), outer = inner ? total / inner : 0;
    int64_t str[IR_MAX_RANK];
    op_broadcast_strides(&sc->shape, &norm, str);
    ge_dtype stash = GE_DTYPE_FLOAT32;
    ge_dtype_from_onnx(op_attr_int(node, "stash_type"), &stash);
    double eps = op_attr_float(node, "epsilon");
    double *xv = nn_load(node, x), *sv = nn_load(node, sc);
    int64_t *off = ge_malloc((size_t)(inner ? inner : 1) * sizeof *off);
    if (!xv || !sv || !off) {
        ge_free(xv), ge_free(sv), ge_free(off);
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
    }
    int64_t idx[IR_MAX_RANK] = {0};
    for (int64_t k = 0; k < inner; k++) {
        int64_t o = 0;
        for (int d = 0; d < norm.rank; d++)
            o += idx[d] * str[d];
        off[k] = o;
        for (int d = norm.rank - 1; d >= 0; d--) {
            if (++idx[d] < norm.dims[d])
                break;
            idx[d] = 0;
        }
    }
    for (int64_t r = 0; r < outer; r++) {
        double *v = xv + r * inner, ms = 0.0;
        for (int64_t k = 0; k < inner; k++)
            ms += v[k] * v[k];
        ms /= (double)inner;
        double inv = xu_round_to(stash, 1.0 / sqrt(ms + eps));
        for (int64_t k = 0; k < inner; k++)
            v[k] = v[k] * inv * sv[off[k]];
    }
    nn_store(&ctx->outputs[0], xv, (size_t)total);
    ge_free(xv), ge_free(sv), ge_free(off);
    return GE_STATUS_SUCCESS;
}

/* ---------------- GroupNormalization ---------------- */

static const op_attr_def gn18_attrs[] = {
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    {"num_groups", IR_ATTR_INT, true, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def gn21_attrs[] = {
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    {"num_groups", IR_ATTR_INT, true, 0, 0, NULL},
    {"stash_type", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};

static ge_status gn_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 3);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS ||
        (st = nn_check_same_dtype(ctx, 1)) != GE_STATUS_SUCCESS || (st = nn_check_same_dtype(ctx, 2)) != GE_STATUS_SUCCESS)
        return st;
    int64_t g = op_attr_int(node, "num_groups");
    if (g < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'num_groups' is %lld; expected >= 1", (long long)g);
    if (node->opset >= 21) {
        ge_dtype sd;
        int64_t stype = op_attr_int(node, "stash_type");
        if (!ge_dtype_from_onnx(stype, &sd) || !(GE_DT(sd) & GE_DTS_FLOATS))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'stash_type' is %lld; expected a float type",
                           (long long)stype);
    }
    const ir_shape *xs = &ctx->inputs[0].shape;
    if (xs->rank >= 0 && xs->rank < 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 2 (N, C, ...)", (int)xs->rank);
    int64_t c = xs->rank >= 0 ? xs->dims[1] : -1;
    if (c >= 0 && c % g)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "channel count %lld is not a multiple of num_groups %lld",
                       (long long)c, (long long)g);
    int64_t want = node->opset >= 21 ? c : g;
    for (size_t i = 1; i < 3; i++) {
        const ir_shape *ps = &ctx->inputs[i].shape;
        if (ps->rank >= 0 && (ps->rank != 1 || (want >= 0 && ps->dims[0] >= 0 && ps->dims[0] != want))) {
            char b[96];
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu has shape %s; expected [%lld] (%s)", i,
                           ir_shape_format(ps, b, sizeof b), (long long)want,
                           node->opset >= 21 ? "channels" : "groups");
        }
    }
    return op_infer_same_as_input0(ctx);
}

static ge_status gn_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0];
    int64_t g = op_attr_int(node, "num_groups"), n = x->shape.dims[0], c = x->shape.dims[1];
    int64_t total = ir_tensor_numel(x), sp = (n * c) != 0 ? total / (n * c) : 0;
    bool per_channel = node->opset >= 21;
    int64_t pn = per_channel ? c : g;
    if (g < 1 || c % g || ir_tensor_numel(&ctx->inputs[1]) != pn || ir_tensor_numel(&ctx->inputs[2]) != pn)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "scale/bias must have %lld elements and C %lld divide into %lld groups",
                       (long long)pn, (long long)c, (long long)g);
    ge_dtype stash = GE_DTYPE_FLOAT32;
    if (per_channel)
        ge_dtype_from_onnx(op_attr_int(node, "stash_type"), &stash);
    else
        stash = GE_DTYPE_FLOAT64;
    double eps = op_attr_float(node, "epsilon");
    double *xv = nn_load(node, x), *s = nn_load(node, &ctx->inputs[1]), *b = nn_load(node, &ctx->inputs[2]);
    if (!xv || !s || !b) {
        ge_free(xv), ge_free(s), ge_free(b);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    int64_t cg = c / g, len = cg * sp;
    for (int64_t ni = 0; ni < n; ni++)
        for (int64_t gi = 0; gi < g; gi++) {
            double *v = xv + (ni * c + gi * cg) * sp, mean = 0.0, var = 0.0;
            for (int64_t k = 0; k < len; k++)
                mean += v[k];
            mean = len ? mean / (double)len : 0.0;
            for (int64_t k = 0; k < len; k++)
                var += (v[k] - mean) * (v[k] - mean);
            var = len ? var / (double)len : 0.0;
            mean = xu_round_to(stash, mean);
            double inv = xu_round_to(stash, 1.0 / sqrt(var + eps));
            for (int64_t ci = 0; ci < cg; ci++) {
                int64_t pi = per_channel ? gi * cg + ci : gi;
                for (int64_t k = 0; k < sp; k++) {
                    double *e = &v[ci * sp + k];
                    *e = (*e - mean) * inv * s[pi] + b[pi];
                }
            }
        }
    nn_store(&ctx->outputs[0], xv, (size_t)total);
    ge_free(xv), ge_free(s), ge_free(b);
    return GE_STATUS_SUCCESS;
}

/* ---------------- MeanVarianceNormalization ---------------- */

static const op_attr_def mvn_attrs[] = {
    {"axes", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

/* Reduced-axis flags from 'axes' (default [0, 2, 3]). */
static ge_status mvn_axes(const op_node_info *node, int32_t rank, bool *red)
{
    const int64_t *ax;
    size_t n = op_attr_ints(node, "axes", &ax);
    static const int64_t def[3] = {0, 2, 3};
    if (!op_attr(node, "axes")) {
        ax = def;
        n = 3;
    }
    memset(red, 0, sizeof(bool) * IR_MAX_RANK);
    for (size_t i = 0; i < n; i++) {
        int32_t a;
        if (!ir_axis_normalize(ax[i], rank, &a))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axes' has %lld; expected in [%d, %d]",
                           (long long)ax[i], -rank, rank - 1);
        red[a] = true;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status mvn_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[0].shape.rank >= 0) {
        bool red[IR_MAX_RANK];
        if ((st = mvn_axes(&ctx->node, ctx->inputs[0].shape.rank, red)) != GE_STATUS_SUCCESS)
            return st;
    }
    return op_infer_same_as_input0(ctx);
}

static ge_status mvn_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0];
    int32_t r = x->shape.rank;
    bool red[IR_MAX_RANK];
    ge_status st = mvn_axes(node, r, red);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t total = ir_tensor_numel(x), kept = 1, str[IR_MAX_RANK];
    ir_shape_strides(&x->shape, str);
    /* the index into the kept-dims array of each element */
    int64_t kst[IR_MAX_RANK];
    for (int d = r - 1; d >= 0; d--) {
        kst[d] = red[d] ? 0 : kept;
        if (!red[d])
            kept *= x->shape.dims[d];
    }
    double *xv = nn_load(node, x), *sum = nn_zalloc(node, (size_t)kept), *sq = nn_zalloc(node, (size_t)kept);
    int64_t *ki = ge_malloc((size_t)(total ? total : 1) * sizeof *ki);
    if (!xv || !sum || !sq || !ki) {
        ge_free(xv), ge_free(sum), ge_free(sq), ge_free(ki);
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
    }
    int64_t cnt = kept ? total / kept : 0;
    for (int64_t i = 0; i < total; i++) {
        int64_t rem = i, k = 0;
        for (int d = 0; d < r; d++) {
            int64_t id = rem / str[d];
            rem -= id * str[d];
            k += id * kst[d];
        }
        ki[i] = k;
        sum[k] += xv[i];
        sq[k] += xv[i] * xv[i];
    }
    for (int64_t k = 0; k < kept; k++) {
        double m = sum[k] / (double)cnt, var = sq[k] / (double)cnt - m * m;
        sum[k] = m;
        sq[k] = sqrt(var > 0.0 ? var : 0.0) + 1e-9;
    }
    for (int64_t i = 0; i < total; i++)
        xv[i] = (xv[i] - sum[ki[i]]) / sq[ki[i]];
    nn_store(&ctx->outputs[0], xv, (size_t)total);
    ge_free(xv), ge_free(sum), ge_free(sq), ge_free(ki);
    return GE_STATUS_SUCCESS;
}

/* ---------------- LpNormalization ---------------- */

static const op_attr_def lpn_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    {"p", IR_ATTR_INT, false, 2, 0, NULL},
    OP_ATTRS_END,
};

static ge_status lpn_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    int64_t p = op_attr_int(&ctx->node, "p");
    if (p != 1 && p != 2)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'p' is %lld; expected 1 or 2", (long long)p);
    if (ctx->inputs[0].shape.rank >= 0) {
        int32_t axis;
        if ((st = axis_get(&ctx->node, ctx->inputs[0].shape.rank, &axis)) != GE_STATUS_SUCCESS)
            return st;
    }
    return op_infer_same_as_input0(ctx);
}

static ge_status lpn_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    int32_t axis;
    ge_status st = axis_get(&ctx->node, x->shape.rank, &axis);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t p = op_attr_int(&ctx->node, "p");
    int64_t len = x->shape.dims[axis], inner = tu_prod(&x->shape, axis + 1, x->shape.rank), total = ir_tensor_numel(x);
    int64_t outer = (len * inner) != 0 ? total / (len * inner) : 0;
    double *xv = nn_load(&ctx->node, x);
    if (!xv)
        return GE_STATUS_MEMALLOC_FAILED;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t in = 0; in < inner; in++) {
            double *v = xv + o * len * inner + in, nrm = 0.0;
            for (int64_t k = 0; k < len; k++)
                nrm += p == 1 ? fabs(v[k * inner]) : v[k * inner] * v[k * inner];
            if (p == 2)
                nrm = sqrt(nrm);
            /* a zero vector stays zero (the reference gives 0 where the norm is 0, not 0/0) */
            for (int64_t k = 0; k < len; k++)
                v[k * inner] = nrm == 0.0 ? 0.0 : v[k * inner] / nrm;
        }
    nn_store(&ctx->outputs[0], xv, (size_t)total);
    ge_free(xv);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_norm_extra[] = {
    {"RMSNormalization", OP_DOMAIN_ONNX, 23, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, rms_attrs, GE_DTS_FLOATS, rms_infer,
     rms_kernel},
    {"GroupNormalization", OP_DOMAIN_ONNX, 18, 20, 3, 3, 1, 1, gn18_attrs, GE_DTS_FLOATS, gn_infer, gn_kernel},
    {"GroupNormalization", OP_DOMAIN_ONNX, 21, OP_ONNX_OPSET_MAX, 3, 3, 1, 1, gn21_attrs, GE_DTS_FLOATS, gn_infer,
     gn_kernel},
    {"MeanVarianceNormalization", OP_DOMAIN_ONNX, 9, 12, 1, 1, 1, 1, mvn_attrs, NN_DTS_F16_F32_F64, mvn_infer,
     mvn_kernel},
    {"MeanVarianceNormalization", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, mvn_attrs, GE_DTS_FLOATS, mvn_infer,
     mvn_kernel},
    {"LpNormalization", OP_DOMAIN_ONNX, 1, 21, 1, 1, 1, 1, lpn_attrs, NN_DTS_F16_F32_F64, lpn_infer, lpn_kernel},
    {"LpNormalization", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, lpn_attrs, GE_DTS_FLOATS, lpn_infer,
     lpn_kernel},
    OP_SCHEMA_END,
};

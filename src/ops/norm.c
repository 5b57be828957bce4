/* BatchNormalization (inference; training mode computed per spec from opset 14),
 * InstanceNormalization, LayerNormalization (opset 17, with the optional Mean and InvStdDev
 * outputs) and LRN. */
#include "base/alloc.h"
#include "ops/ew_f32.h"
#include "ops/nn_util.h"

#include <math.h>
#include <string.h>

/* ---------------- BatchNormalization ---------------- */

static const op_attr_def bn7_attrs[] = {
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    {"momentum", IR_ATTR_FLOAT, false, 0, 0.9f, NULL},
    {"spatial", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def bn9_attrs[] = {
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    {"momentum", IR_ATTR_FLOAT, false, 0, 0.9f, NULL},
    OP_ATTRS_END,
};
static const op_attr_def bn14_attrs[] = {
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    {"momentum", IR_ATTR_FLOAT, false, 0, 0.9f, NULL},
    {"training_mode", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static bool bn_training(const op_node_info *node)
{
    return node->opset >= 14 && op_attr_int(node, "training_mode") != 0;
}

/* Parameters are per channel, or (opset 7 with spatial = 0) per element of C x D1 x ... */
static bool bn_per_element(const op_node_info *node)
{
    return node->opset < 9 && op_attr_int(node, "spatial") == 0;
}

static ge_status bn_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 5);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    for (size_t i = 1; st == GE_STATUS_SUCCESS && i < 5; i++)
        st = ctx->node.opset < 14 ? nn_check_same_dtype(ctx, i) : op_check_dtype(ctx, i, GE_DTS_FLOATS);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->node.opset >= 14 && ctx->node.opset < 15) {
        /* opset 14: scale and B have X's type; mean and var share theirs (U) */
        if ((st = nn_check_same_dtype(ctx, 1)) != GE_STATUS_SUCCESS || (st = nn_check_same_dtype(ctx, 2)) != GE_STATUS_SUCCESS)
            return st;
    }
    if (ctx->node.opset >= 14 && ctx->inputs[3].dtype != ctx->inputs[4].dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 4 (var) has dtype %s; expected %s as input 3 (mean)",
                       ge_dtype_name(ctx->inputs[4].dtype), ge_dtype_name(ctx->inputs[3].dtype));
    bool training = bn_training(&ctx->node);
    if (ctx->n_outputs > 1 && !training)
        return op_fail(&ctx->node, GE_STATUS_UNSUPPORTED,
                       "has %zu outputs; the outputs after Y are training-mode statistics, only inference "
                       "(1 output%s) is supported",
                       ctx->n_outputs, ctx->node.opset >= 14 ? ", or training_mode=1" : "");
    const ir_shape *xs = &ctx->inputs[0].shape;
    if (xs->rank >= 0 && xs->rank < 2)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 2 (N, C, ...)",
                       (int)xs->rank);
    int64_t c = xs->rank >= 0 ? xs->dims[1] : -1;
    bool per_elem = bn_per_element(&ctx->node);
    for (size_t i = 1; i < 5; i++) {
        const ir_shape *ps = &ctx->inputs[i].shape;
        if (ps->rank < 0)
            continue;
        if (!per_elem) {
            if (ps->rank != 1 || (c >= 0 && ps->dims[0] >= 0 && ps->dims[0] != c)) {
                char b[96];
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has shape %s; expected [%lld] (channels)",
                               i, ir_shape_format(ps, b, sizeof b), (long long)c);
            }
        }
    }
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ctx->outputs[0].shape = *xs;
    for (size_t o = 1; o < ctx->n_outputs; o++) {
        ctx->outputs[o].present = true;
        ctx->outputs[o].dtype = ctx->inputs[3].dtype;
        ctx->outputs[o].shape = ctx->inputs[3].shape;
    }
    return GE_STATUS_SUCCESS;
}

/* float32 inference, per-channel parameters: y = x * scale + shift per channel plane, with
 * scale = gamma / sqrt(var + eps) and shift = beta - mean * scale computed in double. */
typedef struct bn_job {
    const float *x;
    float *y;
    kern_epilogue fused; /* fused Add (residual shaped like y) and activation; nn_fused_epilogue */
    const float *ss;     /* scale, shift per channel */
    size_t c, sp;
} bn_job;

static void bn_f32_chunk(void *arg, size_t begin, size_t end)
{
    const bn_job *j = arg;
    for (size_t p = begin; p < end; p++) {
        size_t ci = p % j->c;
        kern_ew_scale_shift(j->x + p * j->sp, j->y + p * j->sp, j->sp, j->ss[2 * ci], j->ss[2 * ci + 1]);
    }
    if (j->fused.residual || j->fused.act != KERN_ACT_NONE) {
        /* the chunk's planes as rows of one matrix: one epilogue call */
        kern_epilogue e = j->fused;
        e.residual = e.residual ? e.residual + begin * j->sp : NULL;
        e.ld_residual = j->sp;
        kern_epilogue_apply(&e, 0, 0, end - begin, j->sp, j->y + begin * j->sp, j->sp);
    }
}

static ge_status bn_f32(op_kernel_ctx *ctx, int64_t n, int64_t c, int64_t sp, double eps)
{
    size_t planes = (size_t)(n * c), total = planes * (size_t)sp;
    if (total == 0)
        return GE_STATUS_SUCCESS;
    float *ss = ge_malloc(2 * (size_t)c * sizeof *ss);
    if (!ss)
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "no memory for %lld channel parameters", (long long)c);
    const ir_tensor *in = ctx->inputs;
    for (int64_t ci = 0; ci < c; ci++) {
        double gamma = op_load_f64(in[1].data, in[1].dtype, (size_t)ci), beta = op_load_f64(in[2].data, in[2].dtype, (size_t)ci);
        double mean = op_load_f64(in[3].data, in[3].dtype, (size_t)ci), var = op_load_f64(in[4].data, in[4].dtype, (size_t)ci);
        double scale = gamma / sqrt(var + eps);
        ss[2 * ci] = (float)scale;
        ss[2 * ci + 1] = (float)(beta - mean * scale);
    }
    bn_job j = {in[0].data, ctx->outputs[0].data, nn_fused_epilogue(ctx), ss, (size_t)c, (size_t)sp};
    if (total < ctx->parallel_min_elems)
        bn_f32_chunk(&j, 0, planes);
    else
        op_parallel_for(ctx, planes, bn_f32_chunk, &j);
    ge_free(ss);
    return GE_STATUS_SUCCESS;
}

static ge_status bn_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    int64_t n = x->shape.dims[0], c = x->shape.dims[1];
    int64_t total = ir_tensor_numel(x);
    int64_t sp = (n * c) != 0 ? total / (n * c) : 0;
    bool per_elem = bn_per_element(&ctx->node);
    int64_t pn = per_elem ? c * sp : c;
    for (int i = 1; i < 5; i++)
        if (ir_tensor_numel(&ctx->inputs[i]) != pn)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %d has %lld elements; expected %lld", i,
                           (long long)ir_tensor_numel(&ctx->inputs[i]), (long long)pn);
    double eps = op_attr_float(&ctx->node, "epsilon"), mom = op_attr_float(&ctx->node, "momentum");
    bool training = bn_training(&ctx->node);
    const ir_tensor *sum = ctx->sum_input;
    if (!training && !per_elem && x->dtype == GE_DTYPE_FLOAT32 && ctx->outputs[0].dtype == GE_DTYPE_FLOAT32 &&
        (!sum || (sum->dtype == GE_DTYPE_FLOAT32 && ir_tensor_numel(sum) == total)))
        return bn_f32(ctx, n, c, sp, eps);
    double *xv = nn_load(&ctx->node, x), *p[5] = {0};
    bool ok = xv != NULL;
    for (int i = 1; i < 5 && ok; i++)
        ok = (p[i] = nn_load(&ctx->node, &ctx->inputs[i])) != NULL;
    double *bm = ok ? nn_zalloc(&ctx->node, (size_t)c) : NULL, *bv = ok ? nn_zalloc(&ctx->node, (size_t)c) : NULL;
    if (!ok || !bm || !bv) {
        ge_free(xv), ge_free(bm), ge_free(bv);
        for (int i = 1; i < 5; i++)
            ge_free(p[i]);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    const double *scale = p[1], *bias = p[2], *mean = p[3], *var = p[4];
    if (training) {
        /* batch statistics over every axis but the channel one (population variance) */
        double cnt = (double)(n * sp);
        for (int64_t ci = 0; ci < c; ci++) {
            double s = 0.0;
            for (int64_t ni = 0; ni < n; ni++)
                for (int64_t k = 0; k < sp; k++)
                    s += xv[(ni * c + ci) * sp + k];
            bm[ci] = cnt ? s / cnt : 0.0;
            double q = 0.0;
            for (int64_t ni = 0; ni < n; ni++)
                for (int64_t k = 0; k < sp; k++) {
                    double d = xv[(ni * c + ci) * sp + k] - bm[ci];
                    q += d * d;
                }
            bv[ci] = cnt ? q / cnt : 0.0;
        }
        mean = bm;
        var = bv;
    }
    for (int64_t ni = 0; ni < n; ni++)
        for (int64_t ci = 0; ci < c; ci++)
            for (int64_t k = 0; k < sp; k++) {
                int64_t pi = per_elem ? ci * sp + k : ci;
                double *e = &xv[(ni * c + ci) * sp + k];
                *e = (*e - mean[pi]) / sqrt(var[pi] + eps) * scale[pi] + bias[pi];
            }
    ge_status fst = nn_apply_fused(ctx, xv, (size_t)total);
    if (fst != GE_STATUS_SUCCESS) {
        ge_free(xv), ge_free(bm), ge_free(bv);
        for (int i = 1; i < 5; i++)
            ge_free(p[i]);
        return fst;
    }
    nn_store(&ctx->outputs[0], xv, (size_t)total);
    if (training) {
        for (int64_t ci = 0; ci < c; ci++) {
            bm[ci] = p[3][ci] * mom + bm[ci] * (1.0 - mom);
            bv[ci] = p[4][ci] * mom + bv[ci] * (1.0 - mom);
        }
        if (nn_output_wanted(ctx, 1))
            nn_store(&ctx->outputs[1], bm, (size_t)c);
        if (nn_output_wanted(ctx, 2))
            nn_store(&ctx->outputs[2], bv, (size_t)c);
    }
    ge_free(xv), ge_free(bm), ge_free(bv);
    for (int i = 1; i < 5; i++)
        ge_free(p[i]);
    return GE_STATUS_SUCCESS;
}

/* ---------------- InstanceNormalization ---------------- */

static const op_attr_def in_attrs[] = {
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    OP_ATTRS_END,
};

static ge_status in_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 3);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    for (size_t i = 1; st == GE_STATUS_SUCCESS && i < 3; i++)
        st = nn_check_same_dtype(ctx, i);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *xs = &ctx->inputs[0].shape;
    if (xs->rank >= 0 && xs->rank < 3)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 3 (N, C, spatial...)",
                       (int)xs->rank);
    int64_t c = xs->rank >= 0 ? xs->dims[1] : -1;
    for (size_t i = 1; i < 3; i++) {
        const ir_shape *ps = &ctx->inputs[i].shape;
        if (ps->rank >= 0 && (ps->rank != 1 || (c >= 0 && ps->dims[0] >= 0 && ps->dims[0] != c))) {
            char b[96];
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has shape %s; expected [%lld] (channels)", i,
                           ir_shape_format(ps, b, sizeof b), (long long)c);
        }
    }
    return op_infer_same_as_input0(ctx);
}

static ge_status in_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    int64_t n = x->shape.dims[0], c = x->shape.dims[1], total = ir_tensor_numel(x);
    int64_t sp = (n * c) != 0 ? total / (n * c) : 0;
    double eps = op_attr_float(&ctx->node, "epsilon");
    double *xv = nn_load(&ctx->node, x), *s = nn_load(&ctx->node, &ctx->inputs[1]),
           *b = nn_load(&ctx->node, &ctx->inputs[2]);
    if (!xv || !s || !b) {
        ge_free(xv), ge_free(s), ge_free(b);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    for (int64_t i = 0; i < n * c; i++) {
        double *v = xv + i * sp, mean = 0.0, var = 0.0;
        for (int64_t k = 0; k < sp; k++)
            mean += v[k];
        mean = sp ? mean / (double)sp : 0.0;
        for (int64_t k = 0; k < sp; k++)
            var += (v[k] - mean) * (v[k] - mean);
        var = sp ? var / (double)sp : 0.0;
        double inv = 1.0 / sqrt(var + eps), sc = s[i % c], bi = b[i % c];
        for (int64_t k = 0; k < sp; k++)
            v[k] = (v[k] - mean) * inv * sc + bi;
    }
    nn_store(&ctx->outputs[0], xv, (size_t)total);
    ge_free(xv), ge_free(s), ge_free(b);
    return GE_STATUS_SUCCESS;
}

/* ---------------- LayerNormalization ---------------- */

static const op_attr_def ln_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    {"epsilon", IR_ATTR_FLOAT, false, 0, 1e-5f, NULL},
    {"stash_type", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};

static ge_status ln_axis(const op_node_info *node, int32_t rank, int32_t *axis)
{
    int64_t a = op_attr_int(node, "axis");
    if (!ir_axis_normalize(a, rank, axis))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axis' is %lld; expected in [%d, %d]", (long long)a,
                       -rank, rank - 1);
    return GE_STATUS_SUCCESS;
}

/* Checks that a parameter shape broadcasts (unidirectionally) to X.shape[axis:]. */
static ge_status ln_check_param(const op_node_info *node, const ir_shape *xs, int32_t axis, const ir_shape *ps,
                                size_t index)
{
    if (ps->rank < 0 || xs->rank < 0)
        return GE_STATUS_SUCCESS;
    int32_t nr = xs->rank - axis;
    bool ok = ps->rank <= nr;
    for (int32_t d = 0; ok && d < ps->rank; d++) {
        int64_t pv = ps->dims[ps->rank - 1 - d], xv = xs->dims[xs->rank - 1 - d];
        ok = pv < 0 || xv < 0 || pv == 1 || pv == xv;
    }
    if (!ok) {
        char b1[96], b2[96];
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "input %zu of shape %s does not broadcast to the normalized dims of input 0 %s (from axis %d)",
                       index, ir_shape_format(ps, b1, sizeof b1), ir_shape_format(xs, b2, sizeof b2), (int)axis);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status ln_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 2);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    for (size_t i = 1; st == GE_STATUS_SUCCESS && i < 3; i++)
        st = nn_check_same_dtype(ctx, i);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ge_dtype stash;
    int64_t stype = op_attr_int(&ctx->node, "stash_type");
    if (!ge_dtype_from_onnx(stype, &stash) || !(GE_DT(stash) & (GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_BFLOAT16) |
                                                           GE_DT(GE_DTYPE_FLOAT64) | GE_DT(GE_DTYPE_FLOAT16))))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "attribute 'stash_type' is %lld; expected a float type (1 = float, 16 = bfloat16)",
                       (long long)stype);
    const ir_shape *xs = &ctx->inputs[0].shape;
    ir_shape ms = ir_shape_unknown();
    if (xs->rank >= 0) {
        if (xs->rank == 0)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 is a scalar; expected rank >= 1");
        int32_t axis;
        if ((st = ln_axis(&ctx->node, xs->rank, &axis)) != GE_STATUS_SUCCESS)
            return st;
        for (size_t i = 1; i < 3 && i < ctx->n_inputs; i++)
            if (ctx->inputs[i].present &&
                (st = ln_check_param(&ctx->node, xs, axis, &ctx->inputs[i].shape, i)) != GE_STATUS_SUCCESS)
                return st;
        ms = *xs;
        for (int32_t d = axis; d < ms.rank; d++)
            ms.dims[d] = 1;
    }
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ctx->outputs[0].shape = *xs;
    for (size_t o = 1; o < ctx->n_outputs; o++) {
        ctx->outputs[o].present = true;
        ctx->outputs[o].dtype = stash;
        ctx->outputs[o].shape = ms;
    }
    return GE_STATUS_SUCCESS;
}

/* Rounds to the stash type (the spec computes the statistics in it). */
static double stash_round(ge_dtype dt, double v)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: return (float)v;
    case GE_DTYPE_FLOAT16: return ge_half_to_float(ge_float_to_half((float)v));
    case GE_DTYPE_BFLOAT16: return ge_bfloat16_to_float(ge_float_to_bfloat16((float)v));
    default: return v;
    }
}

static ge_status ln_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    int32_t axis;
    ge_status st = ln_axis(&ctx->node, x->shape.rank, &axis);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_shape norm;
    ir_shape_make(&norm, (size_t)(x->shape.rank - axis), x->shape.dims + axis);
    int64_t inner = ir_shape_numel(&norm), total = ir_tensor_numel(x);
    int64_t outer = inner ? total / inner : 0;
    const ir_tensor *pt[2] = {&ctx->inputs[1], ctx->n_inputs > 2 && ir_tensor_present(&ctx->inputs[2]) ? &ctx->inputs[2] : NULL};
    int64_t pstr[2][IR_MAX_RANK];
    for (int i = 0; i < 2; i++)
        if (pt[i]) {
            if (pt[i]->shape.rank > norm.rank)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %d has rank %d; expected <= %d", i + 1,
                               (int)pt[i]->shape.rank, (int)norm.rank);
            op_broadcast_strides(&pt[i]->shape, &norm, pstr[i]);
        }
    ge_dtype stash = GE_DTYPE_FLOAT32;
    ge_dtype_from_onnx(op_attr_int(&ctx->node, "stash_type"), &stash);
    double eps = op_attr_float(&ctx->node, "epsilon");
    double *xv = nn_load(&ctx->node, x), *sv = nn_load(&ctx->node, pt[0]);
    double *bv = pt[1] ? nn_load(&ctx->node, pt[1]) : NULL;
    double *mv = nn_zalloc(&ctx->node, (size_t)outer), *iv = nn_zalloc(&ctx->node, (size_t)outer);
    int64_t *off = ge_calloc((size_t)(inner ? inner : 1), 2 * sizeof(int64_t));
    if (!xv || !sv || (pt[1] && !bv) || !mv || !iv || !off) {
        ge_free(xv), ge_free(sv), ge_free(bv), ge_free(mv), ge_free(iv), ge_free(off);
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
    }
    /* parameter offsets for each normalized position */
    int64_t idx[IR_MAX_RANK] = {0};
    for (int64_t k = 0; k < inner; k++) {
        int64_t o0 = 0, o1 = 0;
        for (int d = 0; d < norm.rank; d++) {
            o0 += idx[d] * pstr[0][d];
            if (pt[1])
                o1 += idx[d] * pstr[1][d];
        }
        off[2 * k] = o0;
        off[2 * k + 1] = o1;
        for (int d = norm.rank - 1; d >= 0; d--) {
            if (++idx[d] < norm.dims[d])
                break;
            idx[d] = 0;
        }
    }
    for (int64_t r = 0; r < outer; r++) {
        double *v = xv + r * inner, mean = 0.0, var = 0.0;
        for (int64_t k = 0; k < inner; k++)
            mean += v[k];
        mean = stash_round(stash, mean / (double)inner);
        for (int64_t k = 0; k < inner; k++)
            var += (v[k] - mean) * (v[k] - mean);
        var /= (double)inner;
        double inv = stash_round(stash, 1.0 / sqrt(var + eps));
        mv[r] = mean;
        iv[r] = inv;
        for (int64_t k = 0; k < inner; k++)
            v[k] = (v[k] - mean) * inv * sv[off[2 * k]] + (bv ? bv[off[2 * k + 1]] : 0.0);
    }
    nn_store(&ctx->outputs[0], xv, (size_t)total);
    if (nn_output_wanted(ctx, 1))
        nn_store(&ctx->outputs[1], mv, (size_t)outer);
    if (nn_output_wanted(ctx, 2))
        nn_store(&ctx->outputs[2], iv, (size_t)outer);
    ge_free(xv), ge_free(sv), ge_free(bv), ge_free(mv), ge_free(iv), ge_free(off);
    return GE_STATUS_SUCCESS;
}

/* ---------------- LRN ---------------- */

static const op_attr_def lrn_attrs[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 1e-4f, NULL},
    {"beta", IR_ATTR_FLOAT, false, 0, 0.75f, NULL},
    {"bias", IR_ATTR_FLOAT, false, 0, 1.0f, NULL},
    {"size", IR_ATTR_INT, true, 0, 0, NULL},
    OP_ATTRS_END,
};

static ge_status lrn_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t size = op_attr_int(&ctx->node, "size");
    if (size < 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'size' is %lld; expected >= 1", (long long)size);
    const ir_shape *xs = &ctx->inputs[0].shape;
    if (xs->rank >= 0 && xs->rank < 2)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 2 (N, C, ...)",
                       (int)xs->rank);
    return op_infer_same_as_input0(ctx);
}

static ge_status lrn_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    int64_t n = x->shape.dims[0], c = x->shape.dims[1], total = ir_tensor_numel(x);
    int64_t sp = (n * c) != 0 ? total / (n * c) : 0;
    int64_t size = op_attr_int(&ctx->node, "size");
    double alpha = op_attr_float(&ctx->node, "alpha"), beta = op_attr_float(&ctx->node, "beta"),
           bias = op_attr_float(&ctx->node, "bias");
    int64_t lo_off = (size - 1) / 2, hi_off = size / 2; /* floor and ceil of (size-1)/2 */
    double *xv = nn_load(&ctx->node, x), *yv = nn_zalloc(&ctx->node, (size_t)total);
    if (!xv || !yv) {
        ge_free(xv), ge_free(yv);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    for (int64_t ni = 0; ni < n; ni++)
        for (int64_t ci = 0; ci < c; ci++) {
            int64_t lo = ci - lo_off < 0 ? 0 : ci - lo_off, hi = ci + hi_off > c - 1 ? c - 1 : ci + hi_off;
            for (int64_t k = 0; k < sp; k++) {
                double sq = 0.0;
                for (int64_t j = lo; j <= hi; j++) {
                    double v = xv[(ni * c + j) * sp + k];
                    sq += v * v;
                }
                int64_t at = (ni * c + ci) * sp + k;
                yv[at] = xv[at] / pow(bias + alpha / (double)size * sq, beta);
            }
        }
    nn_store(&ctx->outputs[0], yv, (size_t)total);
    ge_free(xv), ge_free(yv);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_norm[] = {
    {"BatchNormalization", OP_DOMAIN_ONNX, 7, 8, 5, 5, 1, 5, bn7_attrs, NN_DTS_F16_F32_F64, bn_infer, bn_kernel,
     OP_FLAG_FUSES_ACTIVATION},
    {"BatchNormalization", OP_DOMAIN_ONNX, 9, 13, 5, 5, 1, 5, bn9_attrs, NN_DTS_F16_F32_F64, bn_infer, bn_kernel,
     OP_FLAG_FUSES_ACTIVATION},
    {"BatchNormalization", OP_DOMAIN_ONNX, 14, 14, 5, 5, 1, 3, bn14_attrs, NN_DTS_FLOATS, bn_infer, bn_kernel,
     OP_FLAG_FUSES_ACTIVATION},
    {"BatchNormalization", OP_DOMAIN_ONNX, 15, OP_ONNX_OPSET_MAX, 5, 5, 1, 3, bn14_attrs, NN_DTS_FLOATS, bn_infer,
     bn_kernel, OP_FLAG_FUSES_ACTIVATION},
    {"InstanceNormalization", OP_DOMAIN_ONNX, 6, 21, 3, 3, 1, 1, in_attrs, NN_DTS_F16_F32_F64, in_infer, in_kernel},
    {"InstanceNormalization", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 3, 3, 1, 1, in_attrs, NN_DTS_FLOATS, in_infer,
     in_kernel},
    {"LayerNormalization", OP_DOMAIN_ONNX, 17, OP_ONNX_OPSET_MAX, 2, 3, 1, 3, ln_attrs, NN_DTS_FLOATS, ln_infer,
     ln_kernel},
    {"LRN", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, lrn_attrs, NN_DTS_F16_F32_F64, lrn_infer, lrn_kernel},
    {"LRN", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, lrn_attrs, NN_DTS_FLOATS, lrn_infer, lrn_kernel},
    OP_SCHEMA_END,
};

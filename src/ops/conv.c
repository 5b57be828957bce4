/* Conv and ConvTranspose over 1 to 3 spatial dims: groups, strides, dilations, explicit pads
 * or auto_pad, optional bias, kernel_shape inferred from W. Reference kernels accumulate in
 * double; the loops run over kernel taps outermost so the innermost loop is a contiguous
 * run of output positions whose bounds are computed, not tested, per element. */
#include "base/alloc.h"
#include "base/error.h"
#include "kernels/conv.h"
#include "ops/nn_util.h"

#include <stdio.h>
#include <string.h>

static const op_attr_def conv_attrs[] = {
    {"auto_pad", IR_ATTR_STRING, false, 0, 0, "NOTSET"},
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    {"group", IR_ATTR_INT, false, 1, 0, NULL},
    {"kernel_shape", IR_ATTR_INTS, false, 0, 0, NULL},
    {"pads", IR_ATTR_INTS, false, 0, 0, NULL},
    {"strides", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static const op_attr_def convt_attrs[] = {
    {"auto_pad", IR_ATTR_STRING, false, 0, 0, "NOTSET"},
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    {"group", IR_ATTR_INT, false, 1, 0, NULL},
    {"kernel_shape", IR_ATTR_INTS, false, 0, 0, NULL},
    {"output_padding", IR_ATTR_INTS, false, 0, 0, NULL},
    {"output_shape", IR_ATTR_INTS, false, 0, 0, NULL},
    {"pads", IR_ATTR_INTS, false, 0, 0, NULL},
    {"strides", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

/* What both ops share: X [N, C, spatial...], W [., ., k...], optional B. */
typedef struct conv_geom {
    nn_window w;
    int64_t batch, cin, cout, group;
} conv_geom;

/* Checks X and W, reads group and kernel_shape (checked against W). `transpose`: W is
 * [C, M/group, k...], else [M, C/group, k...]. */
static ge_status conv_common(const op_node_info *node, const op_value *in, size_t n_in, bool transpose,
                             conv_geom *g)
{
    const ir_shape *xs = &in[0].shape, *ws = &in[1].shape;
    char b1[96], b2[96];
    memset(g, 0, sizeof *g);
    g->group = op_attr_int(node, "group");
    if (g->group < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'group' is %lld; expected >= 1",
                       (long long)g->group);
    const int64_t *ks;
    size_t nks = op_attr_ints(node, "kernel_shape", &ks);
    int rank = xs->rank >= 0 ? xs->rank : ws->rank >= 0 ? ws->rank : (nks ? (int)nks + 2 : -1);
    if (rank < 0)
        return GE_STATUS_SUCCESS; /* nothing known */
    if (rank < 3 || rank > NN_MAX_SPATIAL + 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected 3 to %d (N, C, 1 to %d spatial dims)",
                       rank, NN_MAX_SPATIAL + 2, NN_MAX_SPATIAL);
    if (xs->rank >= 0 && ws->rank >= 0 && xs->rank != ws->rank)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (W) %s has rank %d; expected %d as input 0 %s",
                       ir_shape_format(ws, b1, sizeof b1), (int)ws->rank, rank, ir_shape_format(xs, b2, sizeof b2));
    g->w.n = rank - 2;
    if (nks && nks != (size_t)g->w.n)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'kernel_shape' has %zu values; expected %d", nks,
                       g->w.n);
    for (int i = 0; i < g->w.n; i++) {
        int64_t wk = ws->rank >= 0 ? ws->dims[i + 2] : -1;
        int64_t ak = nks ? ks[i] : -1;
        if (ak >= 0 && wk >= 0 && ak != wk)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'kernel_shape'[%d] is %lld but W has %lld", i,
                           (long long)ak, (long long)wk);
        g->w.kernel[i] = ak >= 0 ? ak : wk;
        g->w.in[i] = xs->rank >= 0 ? xs->dims[i + 2] : -1;
    }
    g->batch = xs->rank >= 0 ? xs->dims[0] : -1;
    g->cin = xs->rank >= 0 ? xs->dims[1] : -1;
    int64_t w0 = ws->rank >= 0 ? ws->dims[0] : -1, w1 = ws->rank >= 0 ? ws->dims[1] : -1;
    if (!transpose) {
        g->cout = w0;
        if (g->cin >= 0 && w1 >= 0 && g->cin != w1 * g->group)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "input 0 has %lld channels; W %s expects %lld (W dim 1 x group %lld)", (long long)g->cin,
                           ir_shape_format(ws, b1, sizeof b1), (long long)(w1 * g->group), (long long)g->group);
        if (w0 >= 0 && w0 % g->group != 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "W has %lld output channels, not a multiple of group %lld",
                           (long long)w0, (long long)g->group);
    } else {
        g->cout = w1 >= 0 ? w1 * g->group : -1;
        if (g->cin >= 0 && w0 >= 0 && g->cin != w0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has %lld channels; W %s expects %lld",
                           (long long)g->cin, ir_shape_format(ws, b1, sizeof b1), (long long)w0);
        if (g->cin >= 0 && g->cin % g->group != 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has %lld channels, not a multiple of group %lld",
                           (long long)g->cin, (long long)g->group);
    }
    if (n_in > 2 && in[2].present) {
        const ir_shape *bs = &in[2].shape;
        if (bs->rank >= 0 && (bs->rank != 1 || (bs->dims[0] >= 0 && g->cout >= 0 && bs->dims[0] != g->cout)))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 (B) has shape %s; expected [%lld]",
                           ir_shape_format(bs, b1, sizeof b1), (long long)g->cout);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status conv_check_io(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 2);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    if (st == GE_STATUS_SUCCESS)
        st = nn_check_same_dtype(ctx, 1);
    if (st == GE_STATUS_SUCCESS)
        st = nn_check_same_dtype(ctx, 2);
    return st;
}

static void conv_set_output(op_infer_ctx *ctx, const conv_geom *g)
{
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    if (g->w.n == 0) {
        ctx->outputs[0].shape = ir_shape_unknown();
        return;
    }
    ir_shape s;
    s.rank = g->w.n + 2;
    s.dims[0] = g->batch;
    s.dims[1] = g->cout;
    for (int i = 0; i < g->w.n; i++)
        s.dims[i + 2] = g->w.out[i];
    ctx->outputs[0].shape = s;
}

static ge_status conv_infer(op_infer_ctx *ctx)
{
    ge_status st = conv_check_io(ctx);
    conv_geom g;
    if (st == GE_STATUS_SUCCESS)
        st = conv_common(&ctx->node, ctx->inputs, ctx->n_inputs, false, &g);
    if (st == GE_STATUS_SUCCESS && g.w.n)
        st = nn_window_forward(&ctx->node, &g.w, true, false);
    if (st != GE_STATUS_SUCCESS)
        return st;
    conv_set_output(ctx, &g);
    return GE_STATUS_SUCCESS;
}

/* ConvTranspose output dims and pads (ONNX spec formulas). */
static ge_status convt_window(const op_node_info *node, nn_window *w)
{
    nn_auto_pad ap;
    ge_status st = nn_auto_pad_get(node, &ap);
    if (st == GE_STATUS_SUCCESS)
        st = nn_window_strides(node, w, true);
    if (st == GE_STATUS_SUCCESS)
        st = nn_window_pads(node, w);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const int64_t *opad, *oshape;
    size_t nop = op_attr_ints(node, "output_padding", &opad);
    size_t nos = op_attr_ints(node, "output_shape", &oshape);
    if (nop && nop != (size_t)w->n)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'output_padding' has %zu values; expected %d", nop,
                       w->n);
    if (nos && nos != (size_t)w->n && nos != (size_t)w->n + 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'output_shape' has %zu values; expected %d", nos,
                       w->n);
    if (nos == (size_t)w->n + 2)
        oshape += 2;
    for (int i = 0; i < w->n; i++) {
        int64_t op = nop ? opad[i] : 0, s = w->stride[i], d = w->dil[i], k = w->kernel[i], in = w->in[i];
        if (op < 0 || (op >= s && op >= d))
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute 'output_padding'[%d] is %lld; expected >= 0 and less than stride %lld or dilation %lld",
                           i, (long long)op, (long long)s, (long long)d);
        if (k == 0 || k < -1)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "kernel dim %d is %lld; expected >= 1", i, (long long)k);
        if (nos && oshape[i] < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'output_shape'[%d] is %lld; expected >= 0", i,
                           (long long)oshape[i]);
        int64_t target = nos ? oshape[i] : (ap == NN_PAD_SAME_UPPER || ap == NN_PAD_SAME_LOWER) ? (in < 0 ? -1 : in * s) : -2;
        if (target != -2) {
            w->out[i] = target;
            if (in < 0 || k < 0) {
                w->pad_b[i] = w->pad_e[i] = -1;
                continue;
            }
            /* a negative total (output_shape beyond the natural size) extends the output;
             * halves round toward -inf as in the ONNX reference */
            int64_t total = s * (in - 1) + op + ((k - 1) * d + 1) - target;
            int64_t half = total >= 0 ? total / 2 : -((1 - total) / 2);
            if (ap == NN_PAD_SAME_UPPER) {
                w->pad_b[i] = half;
                w->pad_e[i] = total - half;
            } else {
                w->pad_b[i] = total - half;
                w->pad_e[i] = half;
            }
            continue;
        }
        if (ap == NN_PAD_VALID)
            w->pad_b[i] = w->pad_e[i] = 0;
        if (in < 0 || k < 0) {
            w->out[i] = -1;
            continue;
        }
        int64_t out = s * (in - 1) + op + ((k - 1) * d + 1) - w->pad_b[i] - w->pad_e[i];
        if (out < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "spatial dim %d: the pads make the output size %lld negative",
                           i, (long long)out);
        w->out[i] = out;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status convt_infer(op_infer_ctx *ctx)
{
    ge_status st = conv_check_io(ctx);
    conv_geom g;
    if (st == GE_STATUS_SUCCESS)
        st = conv_common(&ctx->node, ctx->inputs, ctx->n_inputs, true, &g);
    if (st == GE_STATUS_SUCCESS && g.w.n)
        st = convt_window(&ctx->node, &g.w);
    if (st != GE_STATUS_SUCCESS)
        return st;
    conv_set_output(ctx, &g);
    return GE_STATUS_SUCCESS;
}

/* ---- kernels: spatial dims padded to 3 (leading 1s) ---- */

typedef struct conv_job {
    const double *x, *w, *b;
    double *y;
    int64_t batch, cin, cout, group;
    int64_t in[3], out[3], k[3], s[3], d[3], p[3];
    bool transpose;
} conv_job;

static void to3(const nn_window *w, conv_job *j)
{
    int off = 3 - w->n;
    for (int i = 0; i < 3; i++) {
        int src = i - off;
        bool real = src >= 0;
        j->in[i] = real ? w->in[src] : 1;
        j->out[i] = real ? w->out[src] : 1;
        j->k[i] = real ? w->kernel[src] : 1;
        j->s[i] = real ? w->stride[src] : 1;
        j->d[i] = real ? w->dil[src] : 1;
        j->p[i] = real ? w->pad_b[src] : 0;
    }
}

static void conv_fwd_chunk(void *arg, size_t begin, size_t end)
{
    const conv_job *j = arg;
    int64_t cg = j->cin / j->group, mg = j->cout / j->group;
    int64_t osz = j->out[0] * j->out[1] * j->out[2], isz = j->in[0] * j->in[1] * j->in[2];
    int64_t ksz = j->k[0] * j->k[1] * j->k[2];
    for (size_t task = begin; task < end; task++) {
        int64_t n = (int64_t)task / j->cout, m = (int64_t)task % j->cout, g = m / mg;
        double *y = j->y + (n * j->cout + m) * osz;
        double bias = j->b ? j->b[m] : 0.0;
        for (int64_t o = 0; o < osz; o++)
            y[o] = bias;
        for (int64_t c = 0; c < cg; c++) {
            const double *x = j->x + (n * j->cin + g * cg + c) * isz;
            const double *w = j->w + (m * cg + c) * ksz;
            for (int64_t k0 = 0; k0 < j->k[0]; k0++) {
                int64_t off0 = k0 * j->d[0] - j->p[0], lo0, hi0;
                nn_index_range(j->in[0], j->s[0], off0, j->out[0], &lo0, &hi0);
                for (int64_t k1 = 0; k1 < j->k[1]; k1++) {
                    int64_t off1 = k1 * j->d[1] - j->p[1], lo1, hi1;
                    nn_index_range(j->in[1], j->s[1], off1, j->out[1], &lo1, &hi1);
                    for (int64_t k2 = 0; k2 < j->k[2]; k2++) {
                        int64_t off2 = k2 * j->d[2] - j->p[2], lo2, hi2;
                        nn_index_range(j->in[2], j->s[2], off2, j->out[2], &lo2, &hi2);
                        double wv = w[(k0 * j->k[1] + k1) * j->k[2] + k2];
                        for (int64_t o0 = lo0; o0 < hi0; o0++) {
                            int64_t i0 = o0 * j->s[0] + off0;
                            for (int64_t o1 = lo1; o1 < hi1; o1++) {
                                int64_t i1 = o1 * j->s[1] + off1;
                                const double *xr = x + (i0 * j->in[1] + i1) * j->in[2];
                                double *yr = y + (o0 * j->out[1] + o1) * j->out[2];
                                int64_t s2 = j->s[2];
                                for (int64_t o2 = lo2; o2 < hi2; o2++)
                                    yr[o2] += wv * xr[o2 * s2 + off2];
                            }
                        }
                    }
                }
            }
        }
    }
}

/* Transpose: y[o*s... ] gathers; written as a scatter from input positions: the output
 * position of input i and tap k is o = i*s + k*d - p. */
static void conv_bwd_chunk(void *arg, size_t begin, size_t end)
{
    const conv_job *j = arg;
    int64_t cg = j->cin / j->group, mg = j->cout / j->group;
    int64_t osz = j->out[0] * j->out[1] * j->out[2], isz = j->in[0] * j->in[1] * j->in[2];
    int64_t ksz = j->k[0] * j->k[1] * j->k[2];
    for (size_t task = begin; task < end; task++) {
        int64_t n = (int64_t)task / j->cout, m = (int64_t)task % j->cout, g = m / mg, ml = m % mg;
        double *y = j->y + (n * j->cout + m) * osz;
        double bias = j->b ? j->b[m] : 0.0;
        for (int64_t o = 0; o < osz; o++)
            y[o] = bias;
        for (int64_t c = 0; c < cg; c++) {
            int64_t ci = g * cg + c;
            const double *x = j->x + (n * j->cin + ci) * isz;
            const double *w = j->w + (ci * mg + ml) * ksz;
            for (int64_t k0 = 0; k0 < j->k[0]; k0++) {
                int64_t off0 = k0 * j->d[0] - j->p[0], lo0, hi0;
                nn_index_range(j->out[0], j->s[0], off0, j->in[0], &lo0, &hi0);
                for (int64_t k1 = 0; k1 < j->k[1]; k1++) {
                    int64_t off1 = k1 * j->d[1] - j->p[1], lo1, hi1;
                    nn_index_range(j->out[1], j->s[1], off1, j->in[1], &lo1, &hi1);
                    for (int64_t k2 = 0; k2 < j->k[2]; k2++) {
                        int64_t off2 = k2 * j->d[2] - j->p[2], lo2, hi2;
                        nn_index_range(j->out[2], j->s[2], off2, j->in[2], &lo2, &hi2);
                        double wv = w[(k0 * j->k[1] + k1) * j->k[2] + k2];
                        for (int64_t i0 = lo0; i0 < hi0; i0++) {
                            int64_t o0 = i0 * j->s[0] + off0;
                            for (int64_t i1 = lo1; i1 < hi1; i1++) {
                                int64_t o1 = i1 * j->s[1] + off1;
                                const double *xr = x + (i0 * j->in[1] + i1) * j->in[2];
                                double *yr = y + (o0 * j->out[1] + o1) * j->out[2];
                                int64_t s2 = j->s[2];
                                for (int64_t i2 = lo2; i2 < hi2; i2++)
                                    yr[i2 * s2 + off2] += wv * xr[i2];
                            }
                        }
                    }
                }
            }
        }
    }
}

/* float32 1-D / 2-D Conv through the fast kernel (src/kernels: im2col + packed SGEMM);
 * other dtypes, ranks and ConvTranspose stay on the reference kernels, which the fast path is
 * tested against. conv_fast_geometry says whether it applies (false: it does not). */
static bool conv_fast_geometry(const op_kernel_ctx *ctx, const conv_geom *g, const ir_tensor *bt, kern_conv2d *p)
{
    const ir_tensor *x = &ctx->inputs[0], *w = &ctx->inputs[1];
    const ir_tensor *y = &ctx->outputs[0];
    if (x->dtype != GE_DTYPE_FLOAT32 || w->dtype != GE_DTYPE_FLOAT32 || y->dtype != GE_DTYPE_FLOAT32 ||
        (bt && bt->dtype != GE_DTYPE_FLOAT32) || (g->w.n != 1 && g->w.n != 2))
        return false;
    int h = g->w.n == 2 ? 0 : -1, v = g->w.n - 1; /* index of the H dim (none for 1-D), W dim */
    for (int i = 0; i < g->w.n; i++)
        if (g->w.pad_b[i] < 0 || g->w.pad_e[i] < 0 || g->w.stride[i] < 1 || g->w.dil[i] < 1)
            return false;
    *p = (kern_conv2d){
        .batch = (size_t)g->batch, .cin = (size_t)g->cin, .cout = (size_t)g->cout, .group = (size_t)g->group,
        .in_h = h < 0 ? 1 : (size_t)g->w.in[h], .in_w = (size_t)g->w.in[v],
        .k_h = h < 0 ? 1 : (size_t)g->w.kernel[h], .k_w = (size_t)g->w.kernel[v],
        .stride_h = h < 0 ? 1 : (size_t)g->w.stride[h], .stride_w = (size_t)g->w.stride[v],
        .dil_h = h < 0 ? 1 : (size_t)g->w.dil[h], .dil_w = (size_t)g->w.dil[v],
        .pad_t = h < 0 ? 0 : (size_t)g->w.pad_b[h], .pad_l = (size_t)g->w.pad_b[v],
        .out_h = h < 0 ? 1 : (size_t)g->w.out[h], .out_w = (size_t)g->w.out[v],
        .post = nn_fused_epilogue(ctx),
    };
    return true;
}

static bool conv_fast(op_kernel_ctx *ctx, const conv_geom *g, const ir_tensor *bt, ge_status *out_st)
{
    kern_conv2d p;
    if (!conv_fast_geometry(ctx, g, bt, &p))
        return false;
    p.packed = ctx->prepared;
    const ir_tensor *r = ctx->sum_input;
    if (r && (r->dtype != GE_DTYPE_FLOAT32 || ir_tensor_numel(r) != ir_tensor_numel(&ctx->outputs[0])))
        return false; /* the reference path checks and reports it */
    kern_threads th = {ctx->pool ? ctx->parallel_for : NULL, ctx->pool};
    ge_status st = kern_conv2d_f32(&p, ctx->inputs[0].data, ctx->inputs[1].data, bt ? bt->data : NULL,
                                   ctx->outputs[0].data, &th);
    if (st != GE_STATUS_SUCCESS) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", ge_error_take());
        st = op_fail(&ctx->node, st, "%s", msg);
    }
    *out_st = st;
    return true;
}

/* Geometry of a Conv node from its kernel context (shapes only). */
static ge_status conv_geometry(const op_kernel_ctx *ctx, bool transpose, conv_geom *g, const ir_tensor **bt)
{
    op_value in[3];
    memset(in, 0, sizeof in);
    size_t n_in = ctx->n_inputs < 3 ? ctx->n_inputs : 3;
    for (size_t i = 0; i < n_in; i++) {
        in[i].present = ir_tensor_present(&ctx->inputs[i]);
        in[i].dtype = ctx->inputs[i].dtype;
        in[i].shape = ctx->inputs[i].shape;
        in[i].value = NULL;
    }
    ge_status st = conv_common(&ctx->node, in, n_in, transpose, g);
    if (st == GE_STATUS_SUCCESS)
        st = transpose ? convt_window(&ctx->node, &g->w) : nn_window_forward(&ctx->node, &g->w, true, false);
    *bt = n_in > 2 && in[2].present ? &ctx->inputs[2] : NULL;
    return st;
}

/* Packs constant float32 weights once per plan for the fast path. */
static ge_status conv_prepare(const op_kernel_ctx *ctx, void **state)
{
    *state = NULL;
    conv_geom g;
    const ir_tensor *bt;
    kern_conv2d p;
    if (!ctx->inputs[1].data || conv_geometry(ctx, false, &g, &bt) != GE_STATUS_SUCCESS ||
        !conv_fast_geometry(ctx, &g, bt, &p) || kern_conv2d_is_depthwise(&p))
        return GE_STATUS_SUCCESS; /* the kernel reports any problem when it runs; depthwise packs nothing */
    kern_conv2d_packed *pw = kern_conv2d_pack_weights(&p, ctx->inputs[1].data);
    if (!pw) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", ge_error_take());
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "%s", msg);
    }
    *state = pw;
    return GE_STATUS_SUCCESS;
}

static void conv_release(void *state)
{
    kern_conv2d_packed_free(state);
}

static ge_status conv_run(op_kernel_ctx *ctx, bool transpose)
{
    conv_geom g;
    const ir_tensor *bt;
    ge_status st = conv_geometry(ctx, transpose, &g, &bt);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_tensor *y = &ctx->outputs[0];
    int64_t total = ir_tensor_numel(y);
    if (total <= 0)
        return GE_STATUS_SUCCESS;
    if (!transpose && conv_fast(ctx, &g, bt, &st))
        return st;
    conv_job j = {.batch = g.batch, .cin = g.cin, .cout = g.cout, .group = g.group, .transpose = transpose};
    to3(&g.w, &j);
    double *x = nn_load(&ctx->node, &ctx->inputs[0]), *w = nn_load(&ctx->node, &ctx->inputs[1]);
    double *b = bt ? nn_load(&ctx->node, bt) : NULL;
    double *yv = nn_zalloc(&ctx->node, (size_t)total);
    if (!x || !w || !yv || (bt && !b)) {
        ge_free(x), ge_free(w), ge_free(b), ge_free(yv);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    j.x = x;
    j.w = w;
    j.b = b;
    j.y = yv;
    op_parallel_for(ctx, (size_t)(j.batch * j.cout), transpose ? conv_bwd_chunk : conv_fwd_chunk, &j);
    st = nn_apply_fused(ctx, yv, (size_t)total);
    if (st == GE_STATUS_SUCCESS)
        nn_store(y, yv, (size_t)total);
    ge_free(x), ge_free(w), ge_free(b), ge_free(yv);
    return st;
}

static ge_status conv_kernel(op_kernel_ctx *ctx)
{
    return conv_run(ctx, false);
}

static ge_status convt_kernel(op_kernel_ctx *ctx)
{
    return conv_run(ctx, true);
}

const op_schema op_family_conv[] = {
    {"Conv", OP_DOMAIN_ONNX, 1, 21, 2, 3, 1, 1, conv_attrs, NN_DTS_F16_F32_F64, conv_infer, conv_kernel,
     OP_FLAG_FUSES_ACTIVATION, conv_prepare, conv_release},
    {"Conv", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 2, 3, 1, 1, conv_attrs, NN_DTS_FLOATS, conv_infer, conv_kernel,
     OP_FLAG_FUSES_ACTIVATION, conv_prepare, conv_release},
    {"ConvTranspose", OP_DOMAIN_ONNX, 1, 21, 2, 3, 1, 1, convt_attrs, NN_DTS_F16_F32_F64, convt_infer,
     convt_kernel},
    {"ConvTranspose", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 2, 3, 1, 1, convt_attrs, NN_DTS_FLOATS, convt_infer,
     convt_kernel},
    OP_SCHEMA_END,
};

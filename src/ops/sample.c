/* GridSample (16: 2-D, modes bilinear/nearest/bicubic; 20 and 22: N-D with modes
 * linear/nearest/cubic) and AffineGrid (20). Coordinates follow PyTorch's grid_sample:
 * normalized [-1, 1] mapped to pixel centres (align_corners=0) or corners (1); padding
 * zeros / border / reflection; nearest rounds half to even; cubic uses Keys' kernel with
 * alpha -0.75. */
#include "base/alloc.h"
#include "ops/extra_util.h"
#include "ops/tensor_util.h"

#include <string.h>

/* ---------------- GridSample ---------------- */

static const op_attr_def gs16_attrs[] = {
    {"align_corners", IR_ATTR_INT, false, 0, 0, NULL},
    {"mode", IR_ATTR_STRING, false, 0, 0, "bilinear"},
    {"padding_mode", IR_ATTR_STRING, false, 0, 0, "zeros"},
    OP_ATTRS_END,
};
static const op_attr_def gs20_attrs[] = {
    {"align_corners", IR_ATTR_INT, false, 0, 0, NULL},
    {"mode", IR_ATTR_STRING, false, 0, 0, "linear"},
    {"padding_mode", IR_ATTR_STRING, false, 0, 0, "zeros"},
    OP_ATTRS_END,
};

enum { GS_NEAREST, GS_LINEAR, GS_CUBIC };
enum { GS_ZEROS, GS_BORDER, GS_REFLECTION };

static ge_status gs_modes(const op_node_info *node, int *mode, int *pad)
{
    const char *m = op_attr_string(node, "mode"), *p = op_attr_string(node, "padding_mode");
    bool old = node->opset < 20;
    if (m && strcmp(m, "nearest") == 0)
        *mode = GS_NEAREST;
    else if (m && strcmp(m, old ? "bilinear" : "linear") == 0)
        *mode = GS_LINEAR;
    else if (m && strcmp(m, old ? "bicubic" : "cubic") == 0)
        *mode = GS_CUBIC;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'mode' is '%s'; expected %s", m ? m : "",
                       old ? "bilinear, nearest or bicubic" : "linear, nearest or cubic");
    if (p && strcmp(p, "zeros") == 0)
        *pad = GS_ZEROS;
    else if (p && strcmp(p, "border") == 0)
        *pad = GS_BORDER;
    else if (p && strcmp(p, "reflection") == 0)
        *pad = GS_REFLECTION;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'padding_mode' is '%s'; expected zeros, border or reflection",
                       p ? p : "");
    return GE_STATUS_SUCCESS;
}

static ge_status gs_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 2);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS ||
        (st = op_check_dtype(ctx, 1, node->opset >= 22 ? GE_DTS_FLOATS : NN_DTS_F16_F32_F64)) != GE_STATUS_SUCCESS)
        return st;
    int mode, pad;
    if ((st = gs_modes(node, &mode, &pad)) != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *xs = &ctx->inputs[0].shape, *gsh = &ctx->inputs[1].shape;
    int lo = 4, hi = node->opset < 20 ? 4 : 2 + NN_MAX_SPATIAL;
    if ((st = xu_rank_in(node, &ctx->inputs[0], 0, lo, hi)) != GE_STATUS_SUCCESS ||
        (st = xu_rank_in(node, &ctx->inputs[1], 1, lo, hi)) != GE_STATUS_SUCCESS)
        return st;
    int32_t r = xs->rank >= 0 ? xs->rank : gsh->rank;
    if (r < 0) {
        ir_shape u = ir_shape_unknown();
        xu_set_out(ctx, 0, ctx->inputs[0].dtype, &u);
        return GE_STATUS_SUCCESS;
    }
    if (xs->rank >= 0 && gsh->rank >= 0 && xs->rank != gsh->rank)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (grid) has rank %d; expected %d (as X)", (int)gsh->rank,
                       (int)xs->rank);
    if (mode == GS_CUBIC && r == 5)
        return op_fail(node, GE_STATUS_UNSUPPORTED, "mode 'cubic' supports 2-D spatial inputs only (input 0 has rank 5)");
    ir_shape ys;
    ys.rank = r;
    ys.dims[0] = xs->rank >= 0 ? xu_merge(xs->dims[0], gsh->rank >= 0 ? gsh->dims[0] : -1)
                               : gsh->dims[0];
    ys.dims[1] = xs->rank >= 0 ? xs->dims[1] : -1;
    for (int i = 2; i < r; i++)
        ys.dims[i] = gsh->rank >= 0 ? gsh->dims[i - 1] : -1;
    if (xs->rank >= 0 && gsh->rank >= 0) {
        if ((st = xu_dim_eq(node, gsh->dims[0], xs->dims[0], "batch of input 1 (grid)")) != GE_STATUS_SUCCESS ||
            (st = xu_dim_eq(node, gsh->dims[r - 1], r - 2, "last dim of input 1 (grid)")) != GE_STATUS_SUCCESS)
            return st;
    } else if (gsh->rank >= 0 && (st = xu_dim_eq(node, gsh->dims[r - 1], r - 2, "last dim of input 1 (grid)")) != GE_STATUS_SUCCESS)
        return st;
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &ys);
    return GE_STATUS_SUCCESS;
}

/* Folds x into [lo, hi] by mirroring at the borders (in doubles: no integer cast that a huge
 * grid value could overflow). */
static double gs_reflect(double x, double lo, double hi)
{
    double rng = hi - lo;
    if (rng <= 0.0)
        return lo;
    if (x < lo) {
        double dx = lo - x, n = floor(dx / rng), r = dx - n * rng;
        return fmod(n, 2.0) == 0.0 ? lo + r : hi - r;
    }
    if (x > hi) {
        double dx = x - hi, n = floor(dx / rng), r = dx - n * rng;
        return fmod(n, 2.0) == 0.0 ? hi - r : lo + r;
    }
    return x;
}

static void gs_cubic_coeffs(double t, double *c)
{
    const double a = -0.75;
    double x = fabs(t);
    c[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
    c[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
    c[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
    c[3] = ((a * (2 - x) - 5 * a) * (2 - x) + 8 * a) * (2 - x) - 4 * a;
}

/* Maps an integer tap index to a source index; -1 reads as zero. */
static int64_t gs_tap(int64_t i, int64_t dim, int pad, double lo, double hi)
{
    if (pad == GS_ZEROS)
        return i >= 0 && i < dim ? i : -1;
    if (pad == GS_BORDER)
        return i < 0 ? 0 : i >= dim ? dim - 1 : i;
    int64_t r = (int64_t)gs_reflect((double)i, lo, hi);
    return r < 0 ? 0 : r >= dim ? dim - 1 : r;
}

static ge_status gs_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0], *grid = &ctx->inputs[1];
    int mode, pad;
    ge_status st = gs_modes(node, &mode, &pad);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int nd = x->shape.rank - 2;
    bool ac = op_attr_int(node, "align_corners") != 0;
    int64_t N = x->shape.dims[0], C = x->shape.dims[1], in_sp = tu_prod(&x->shape, 2, x->shape.rank);
    int64_t out_sp = tu_prod(&grid->shape, 1, grid->shape.rank - 1);
    if (grid->shape.dims[0] != N || grid->shape.dims[grid->shape.rank - 1] != nd)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "grid shape does not match X");
    const int64_t *dims = x->shape.dims + 2;
    int64_t istr[NN_MAX_SPATIAL];
    for (int64_t i = nd - 1, s = 1; i >= 0; i--) {
        istr[i] = s;
        s *= dims[i];
    }
    double lo[NN_MAX_SPATIAL], hi[NN_MAX_SPATIAL];
    for (int i = 0; i < nd; i++) {
        lo[i] = ac ? 0.0 : -0.5;
        hi[i] = ac ? (double)dims[i] - 1.0 : (double)dims[i] - 0.5;
    }
    double *xv = nn_load(node, x), *gv = nn_load(node, grid), *yv = nn_zalloc(node, (size_t)(N * C * out_sp));
    if (!xv || !gv || !yv) {
        ge_free(xv), ge_free(gv), ge_free(yv);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    int taps = mode == GS_NEAREST ? 1 : mode == GS_LINEAR ? 2 : 4;
    int ncomb = 1;
    for (int i = 0; i < nd; i++)
        ncomb *= taps;
    for (int64_t n = 0; n < N; n++)
        for (int64_t o = 0; o < out_sp; o++) {
            const double *g = gv + (n * out_sp + o) * nd;
            int64_t idx[NN_MAX_SPATIAL][4];
            double w[NN_MAX_SPATIAL][4];
            for (int i = 0; i < nd; i++) {
                double nc = g[nd - 1 - i], L = (double)dims[i];
                double c = ac ? (nc + 1.0) / 2.0 * (L - 1.0) : ((nc + 1.0) * L - 1.0) / 2.0;
                c = (double)(float)c; /* the spec's reference keeps coordinates in float32 */
                /* nearest rounds half to even (PyTorch's nearbyint, also in 3-D) before the
                 * padding step, like the spec's reference */
                if (mode == GS_NEAREST)
                    c = nearbyint(c);
                if (c < lo[i] || c > hi[i]) {
                    if (pad == GS_BORDER)
                        c = c < 0.0 ? 0.0 : c > L - 1.0 ? L - 1.0 : c;
                    else if (pad == GS_REFLECTION)
                        c = gs_reflect(c, lo[i], hi[i]);
                }
                /* far outside (or NaN): every tap reads padding; keep the index casts defined */
                if (!(c >= -L - 8.0))
                    c = -L - 8.0;
                else if (c > L + 8.0)
                    c = L + 8.0;
                if (mode == GS_NEAREST) {
                    idx[i][0] = gs_tap((int64_t)c, dims[i], pad, lo[i], hi[i]);
                    w[i][0] = 1.0;
                } else if (mode == GS_LINEAR) {
                    double f = floor(c), t = c - f;
                    idx[i][0] = gs_tap((int64_t)f, dims[i], pad, lo[i], hi[i]);
                    idx[i][1] = gs_tap((int64_t)f + 1, dims[i], pad, lo[i], hi[i]);
                    w[i][0] = 1.0 - t;
                    w[i][1] = t;
                } else {
                    double f = floor(c);
                    gs_cubic_coeffs(c - f, w[i]);
                    for (int k = 0; k < 4; k++)
                        idx[i][k] = gs_tap((int64_t)f - 1 + k, dims[i], pad, lo[i], hi[i]);
                }
            }
            for (int64_t ch = 0; ch < C; ch++) {
                const double *src = xv + (n * C + ch) * in_sp;
                double acc = 0.0;
                for (int cb = 0; cb < ncomb; cb++) {
                    int rem = cb;
                    double wt = 1.0;
                    int64_t off = 0;
                    bool zero = false;
                    for (int i = nd - 1; i >= 0; i--) {
                        int k = rem % taps;
                        rem /= taps;
                        if (idx[i][k] < 0)
                            zero = true;
                        off += idx[i][k] * istr[i];
                        wt *= w[i][k];
                    }
                    if (!zero)
                        acc += wt * src[off];
                }
                yv[(n * C + ch) * out_sp + o] = acc;
            }
        }
    nn_store(&ctx->outputs[0], yv, (size_t)(N * C * out_sp));
    ge_free(xv), ge_free(gv), ge_free(yv);
    return GE_STATUS_SUCCESS;
}

/* ---------------- AffineGrid ---------------- */

static const op_attr_def ag_attrs[] = {
    {"align_corners", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static ge_status ag_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 2);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[1].dtype != GE_DTYPE_INT64)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (size) has dtype %s; expected int64",
                       ge_dtype_name(ctx->inputs[1].dtype));
    if ((st = xu_rank_in(node, &ctx->inputs[0], 0, 3, 3)) != GE_STATUS_SUCCESS ||
        (st = xu_rank_in(node, &ctx->inputs[1], 1, 1, 1)) != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *ts = &ctx->inputs[0].shape, *ss = &ctx->inputs[1].shape;
    int64_t len = ss->rank == 1 ? ss->dims[0] : -1;
    if (len < 0 && ts->rank == 3 && ts->dims[1] > 0)
        len = ts->dims[1] + 2;
    if (len >= 0 && len != 4 && len != 5)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (size) has %lld entries; expected 4 (2-D) or 5 (3-D)",
                       (long long)len);
    if (len > 0 && ts->rank == 3) {
        int64_t nd = len - 2;
        if ((st = xu_dim_eq(node, ts->dims[1], nd, "dim 1 of input 0 (theta)")) != GE_STATUS_SUCCESS ||
            (st = xu_dim_eq(node, ts->dims[2], nd + 1, "dim 2 of input 0 (theta)")) != GE_STATUS_SUCCESS)
            return st;
    }
    ir_shape os = ir_shape_unknown();
    if (len > 0) {
        int64_t sz[5] = {-1, -1, -1, -1, -1};
        if (ctx->inputs[1].value) {
            size_t n;
            if ((st = tu_read_ints(node, ctx->inputs[1].value, "input 1 'size'", sz, 5, &n)) != GE_STATUS_SUCCESS)
                return st;
            for (size_t i = 0; i < n; i++)
                if (sz[i] < 0)
                    return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (size) has %lld at %zu; expected >= 0",
                                   (long long)sz[i], i);
        }
        os.rank = (int32_t)len;
        os.dims[0] = xu_merge(sz[0], ts->rank == 3 ? ts->dims[0] : -1);
        for (int64_t i = 2; i < len; i++)
            os.dims[i - 1] = sz[i];
        os.dims[len - 1] = len - 2;
    }
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &os);
    return GE_STATUS_SUCCESS;
}

static ge_status ag_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *th = &ctx->inputs[0];
    int64_t sz[5];
    size_t len;
    ge_status st = tu_read_ints(node, &ctx->inputs[1], "input 1 'size'", sz, 5, &len);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int nd = (int)len - 2;
    bool ac = op_attr_int(node, "align_corners") != 0;
    int64_t N = sz[0], sp = 1;
    for (int i = 0; i < nd; i++)
        sp *= sz[2 + i];
    if (th->shape.dims[0] != N)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "theta batch %lld differs from size[0] %lld",
                       (long long)th->shape.dims[0], (long long)N);
    double *tv = nn_load(node, th), *ov = nn_zalloc(node, (size_t)(N * sp * nd));
    if (!tv || !ov) {
        ge_free(tv), ge_free(ov);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    for (int64_t n = 0; n < N; n++)
        for (int64_t p = 0; p < sp; p++) {
            /* base coordinates (x along the last spatial dim) */
            double base[NN_MAX_SPATIAL + 1];
            int64_t rem = p;
            for (int i = nd - 1; i >= 0; i--) {
                int64_t L = sz[2 + i], k = rem % L;
                rem /= L;
                double c;
                if (ac)
                    c = L > 1 ? -1.0 + 2.0 * (double)k / (double)(L - 1) : -1.0;
                else
                    c = (2.0 * (double)k + 1.0) / (double)L - 1.0;
                base[nd - 1 - i] = c;
            }
            base[nd] = 1.0;
            const double *t = tv + n * nd * (nd + 1);
            for (int r = 0; r < nd; r++) {
                double s = 0.0;
                for (int c = 0; c <= nd; c++)
                    s += t[r * (nd + 1) + c] * base[c];
                ov[(n * sp + p) * nd + r] = s;
            }
        }
    nn_store(&ctx->outputs[0], ov, (size_t)(N * sp * nd));
    ge_free(tv), ge_free(ov);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_sample[] = {
    {"GridSample", OP_DOMAIN_ONNX, 16, 19, 2, 2, 1, 1, gs16_attrs, GE_DTS_NUMERIC, gs_infer, gs_kernel},
    {"GridSample", OP_DOMAIN_ONNX, 20, 21, 2, 2, 1, 1, gs20_attrs, GE_DTS_NUMERIC, gs_infer, gs_kernel},
    {"GridSample", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, gs20_attrs, GE_DTS_FLOATS, gs_infer, gs_kernel},
    {"AffineGrid", OP_DOMAIN_ONNX, 20, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, ag_attrs, GE_DTS_FLOATS, ag_infer, ag_kernel},
    OP_SCHEMA_END,
};

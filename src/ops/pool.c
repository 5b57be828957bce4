/* MaxPool (with the optional Indices output), AveragePool, GlobalAveragePool and
 * GlobalMaxPool over 1 to 3 spatial dims. */
#include "base/alloc.h"
#include "ops/nn_util.h"

#include <math.h>
#include <string.h>

/* Attribute tables by opset: what each version of the spec declares. */
#define POOL_BASE_ATTRS                                                   \
    {"auto_pad", IR_ATTR_STRING, false, 0, 0, "NOTSET"},                  \
    {"kernel_shape", IR_ATTR_INTS, true, 0, 0, NULL},                     \
    {"pads", IR_ATTR_INTS, false, 0, 0, NULL},                            \
    {"strides", IR_ATTR_INTS, false, 0, 0, NULL}

static const op_attr_def maxpool1_attrs[] = {POOL_BASE_ATTRS, OP_ATTRS_END};
static const op_attr_def maxpool8_attrs[] = {
    POOL_BASE_ATTRS, {"storage_order", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def maxpool10_attrs[] = {
    POOL_BASE_ATTRS,
    {"ceil_mode", IR_ATTR_INT, false, 0, 0, NULL},
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    {"storage_order", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def avgpool1_attrs[] = {POOL_BASE_ATTRS, OP_ATTRS_END};
static const op_attr_def avgpool7_attrs[] = {
    POOL_BASE_ATTRS, {"count_include_pad", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def avgpool10_attrs[] = {
    POOL_BASE_ATTRS,
    {"ceil_mode", IR_ATTR_INT, false, 0, 0, NULL},
    {"count_include_pad", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def avgpool19_attrs[] = {
    POOL_BASE_ATTRS,
    {"ceil_mode", IR_ATTR_INT, false, 0, 0, NULL},
    {"count_include_pad", IR_ATTR_INT, false, 0, 0, NULL},
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static bool pool_has_dilations(const op_node_info *node)
{
    return op_schema_attr(node->schema, "dilations") != NULL;
}

/* Geometry from X's shape and the attributes. */
static ge_status pool_window(const op_node_info *node, const ir_shape *xs, nn_window *w)
{
    memset(w, 0, sizeof *w);
    const int64_t *ks;
    size_t nk = op_attr_ints(node, "kernel_shape", &ks);
    if (nk == 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'kernel_shape' is missing or empty");
    if (nk > NN_MAX_SPATIAL)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'kernel_shape' has %zu values; at most %d spatial dims are supported",
                       nk, NN_MAX_SPATIAL);
    if (xs->rank >= 0 && (size_t)xs->rank != nk + 2) {
        char b[96];
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "input 0 %s has rank %d; expected %zu (N, C and one dim per kernel_shape value)",
                       ir_shape_format(xs, b, sizeof b), (int)xs->rank, nk + 2);
    }
    w->n = (int)nk;
    for (int i = 0; i < w->n; i++) {
        w->kernel[i] = ks[i];
        w->in[i] = xs->rank >= 0 ? xs->dims[i + 2] : -1;
    }
    bool ceil_mode = op_attr_int(node, "ceil_mode") != 0;
    return nn_window_forward(node, w, pool_has_dilations(node), ceil_mode);
}

static ge_status pool_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    nn_window w;
    if (st == GE_STATUS_SUCCESS)
        st = pool_window(&ctx->node, &ctx->inputs[0].shape, &w);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t so = op_attr_int(&ctx->node, "storage_order");
    if (so != 0 && so != 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'storage_order' is %lld; expected 0 or 1",
                       (long long)so);
    const ir_shape *xs = &ctx->inputs[0].shape;
    ir_shape s;
    s.rank = w.n + 2;
    s.dims[0] = xs->rank >= 0 ? xs->dims[0] : -1;
    s.dims[1] = xs->rank >= 0 ? xs->dims[1] : -1;
    for (int i = 0; i < w.n; i++)
        s.dims[i + 2] = w.out[i];
    for (size_t o = 0; o < ctx->n_outputs; o++) {
        ctx->outputs[o].present = true;
        ctx->outputs[o].dtype = o == 0 ? ctx->inputs[0].dtype : GE_DTYPE_INT64;
        ctx->outputs[o].shape = s;
    }
    return GE_STATUS_SUCCESS;
}

typedef struct pool_job {
    const ir_tensor *x;
    double *xv, *yv;
    const float *xf; /* float32 fast path (no index output): straight from x to y */
    float *yf;
    int64_t *span[3]; /* f32 path, per dim and output index o: first tap, end tap, padded taps */
    int64_t *idx;
    int64_t in[3], out[3], k[3], s[3], d[3], p[3], pe[3];
    bool is_max, count_pad, col_major;
} pool_job;

static void pool_chunk(void *arg, size_t begin, size_t end)
{
    const pool_job *j = arg;
    int64_t isz = j->in[0] * j->in[1] * j->in[2], osz = j->out[0] * j->out[1] * j->out[2];
    for (size_t nc = begin; nc < end; nc++) {
        const double *x = j->xv + (int64_t)nc * isz;
        double *y = j->yv + (int64_t)nc * osz;
        int64_t *yi = j->idx ? j->idx + (int64_t)nc * osz : NULL;
        for (int64_t o0 = 0; o0 < j->out[0]; o0++)
            for (int64_t o1 = 0; o1 < j->out[1]; o1++)
                for (int64_t o2 = 0; o2 < j->out[2]; o2++) {
                    int64_t st0 = o0 * j->s[0] - j->p[0], st1 = o1 * j->s[1] - j->p[1], st2 = o2 * j->s[2] - j->p[2];
                    double best = -INFINITY, sum = 0.0;
                    int64_t best_at = -1, count = 0, padded = 0;
                    for (int64_t k0 = 0; k0 < j->k[0]; k0++) {
                        int64_t i0 = st0 + k0 * j->d[0];
                        bool in0 = i0 >= 0 && i0 < j->in[0];
                        bool pad0 = i0 >= -j->p[0] && i0 < j->in[0] + j->pe[0];
                        for (int64_t k1 = 0; k1 < j->k[1]; k1++) {
                            int64_t i1 = st1 + k1 * j->d[1];
                            bool in1 = i1 >= 0 && i1 < j->in[1];
                            bool pad1 = i1 >= -j->p[1] && i1 < j->in[1] + j->pe[1];
                            for (int64_t k2 = 0; k2 < j->k[2]; k2++) {
                                int64_t i2 = st2 + k2 * j->d[2];
                                bool in2 = i2 >= 0 && i2 < j->in[2];
                                bool pad2 = i2 >= -j->p[2] && i2 < j->in[2] + j->pe[2];
                                if (pad0 && pad1 && pad2)
                                    padded++;
                                if (!(in0 && in1 && in2))
                                    continue;
                                int64_t at = (i0 * j->in[1] + i1) * j->in[2] + i2;
                                double v = x[at];
                                if (j->is_max) {
                                    if (v > best || best_at < 0 || (isnan(v) && !isnan(best))) {
                                        best = v;
                                        best_at = at;
                                    }
                                } else {
                                    sum += v;
                                }
                                count++;
                            }
                        }
                    }
                    int64_t oi = (o0 * j->out[1] + o1) * j->out[2] + o2;
                    if (j->is_max) {
                        y[oi] = best_at < 0 ? -INFINITY : best;
                        if (yi) {
                            int64_t at = best_at < 0 ? 0 : best_at;
                            if (j->col_major) {
                                int64_t a0 = at / (j->in[1] * j->in[2]), a1 = at / j->in[2] % j->in[1],
                                        a2 = at % j->in[2];
                                /* column-major over the real spatial dims (leading padded dims are 1) */
                                at = a2 * j->in[1] * j->in[0] + a1 * j->in[0] + a0;
                            }
                            yi[oi] = (int64_t)nc * isz + at;
                        }
                    } else {
                        int64_t div = j->count_pad ? padded : count;
                        y[oi] = div ? sum / (double)div : 0.0;
                    }
                }
    }
}

/* float32, as pool_chunk but each window's in-bounds taps come from per-dim tables (j->span)
 * instead of a test per tap, and averages sum in float (windows are small). Same NaN rule for
 * max: a NaN wins. */
static void pool_chunk_f32(void *arg, size_t begin, size_t end)
{
    const pool_job *j = arg;
    int64_t isz = j->in[0] * j->in[1] * j->in[2], osz = j->out[0] * j->out[1] * j->out[2];
    for (size_t nc = begin; nc < end; nc++) {
        const float *x = j->xf + (int64_t)nc * isz;
        float *y = j->yf + (int64_t)nc * osz;
        for (int64_t o0 = 0; o0 < j->out[0]; o0++)
            for (int64_t o1 = 0; o1 < j->out[1]; o1++)
                for (int64_t o2 = 0; o2 < j->out[2]; o2++) {
                    const int64_t *s0 = j->span[0] + 3 * o0, *s1 = j->span[1] + 3 * o1, *s2 = j->span[2] + 3 * o2;
                    int64_t st0 = o0 * j->s[0] - j->p[0], st1 = o1 * j->s[1] - j->p[1], st2 = o2 * j->s[2] - j->p[2];
                    float best = -INFINITY, sum = 0.0f;
                    bool nan = false;
                    for (int64_t k0 = s0[0]; k0 < s0[1]; k0++)
                        for (int64_t k1 = s1[0]; k1 < s1[1]; k1++) {
                            const float *row = x + ((st0 + k0 * j->d[0]) * j->in[1] + st1 + k1 * j->d[1]) * j->in[2] + st2;
                            if (j->is_max)
                                for (int64_t k2 = s2[0]; k2 < s2[1]; k2++) {
                                    float v = row[k2 * j->d[2]];
                                    nan |= v != v;
                                    best = v > best ? v : best;
                                }
                            else
                                for (int64_t k2 = s2[0]; k2 < s2[1]; k2++)
                                    sum += row[k2 * j->d[2]];
                        }
                    int64_t oi = (o0 * j->out[1] + o1) * j->out[2] + o2;
                    if (j->is_max) {
                        y[oi] = nan ? NAN : best;
                    } else {
                        int64_t count = (s0[1] - s0[0]) * (s1[1] - s1[0]) * (s2[1] - s2[0]);
                        int64_t div = j->count_pad ? s0[2] * s1[2] * s2[2] : count;
                        y[oi] = div ? (float)((double)sum / (double)div) : 0.0f;
                    }
                }
    }
}

/* The f32 path's tap tables: for every dim and output index, the in-bounds taps and the count
 * of taps inside the padded extent. */
static int64_t *pool_spans(pool_job *j)
{
    int64_t *t = ge_malloc((size_t)(3 * (j->out[0] + j->out[1] + j->out[2]) + 1) * sizeof *t), *at = t;
    for (int i = 0; t && i < 3; i++) {
        j->span[i] = at;
        for (int64_t o = 0; o < j->out[i]; o++, at += 3) {
            int64_t st = o * j->s[i] - j->p[i], q0, q1;
            /* taps t in [0, k) with st + t*d inside the input, and inside the padded extent */
            nn_index_range(j->in[i], j->d[i], st, j->k[i], &at[0], &at[1]);
            nn_index_range(j->in[i] + j->p[i] + j->pe[i], j->d[i], st + j->p[i], j->k[i], &q0, &q1);
            at[2] = q1 - q0;
        }
    }
    return t;
}

static ge_status pool_run(op_kernel_ctx *ctx, bool is_max)
{
    const ir_tensor *x = &ctx->inputs[0];
    nn_window w;
    ge_status st = pool_window(&ctx->node, &x->shape, &w);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_tensor *y = &ctx->outputs[0];
    int64_t total = ir_tensor_numel(y);
    if (total <= 0)
        return GE_STATUS_SUCCESS;
    pool_job j = {.x = x, .is_max = is_max,
                  .count_pad = op_attr_int(&ctx->node, "count_include_pad") != 0,
                  .col_major = op_attr_int(&ctx->node, "storage_order") == 1};
    int off = 3 - w.n;
    for (int i = 0; i < 3; i++) {
        int src = i - off;
        bool real = src >= 0;
        j.in[i] = real ? w.in[src] : 1;
        j.out[i] = real ? w.out[src] : 1;
        j.k[i] = real ? w.kernel[src] : 1;
        j.s[i] = real ? w.stride[src] : 1;
        j.d[i] = real ? w.dil[src] : 1;
        j.p[i] = real ? w.pad_b[src] : 0;
        j.pe[i] = real ? w.pad_e[src] : 0;
    }
    bool want_idx = is_max && nn_output_wanted(ctx, 1) && ctx->outputs[1].data;
    if (x->dtype == GE_DTYPE_FLOAT32 && !want_idx) {
        j.xf = x->data;
        j.yf = y->data;
        int64_t *spans = pool_spans(&j);
        if (!spans)
            return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the window tables");
        op_parallel_for(ctx, (size_t)(x->shape.dims[0] * x->shape.dims[1]), pool_chunk_f32, &j);
        ge_free(spans);
        return GE_STATUS_SUCCESS;
    }
    j.xv = nn_load(&ctx->node, x);
    j.yv = nn_zalloc(&ctx->node, (size_t)total);
    if (want_idx)
        j.idx = ctx->outputs[1].data;
    if (!j.xv || !j.yv) {
        ge_free(j.xv), ge_free(j.yv);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    op_parallel_for(ctx, (size_t)(x->shape.dims[0] * x->shape.dims[1]), pool_chunk, &j);
    nn_store(y, j.yv, (size_t)total);
    ge_free(j.xv), ge_free(j.yv);
    return GE_STATUS_SUCCESS;
}

static ge_status maxpool_kernel(op_kernel_ctx *ctx)
{
    return pool_run(ctx, true);
}

static ge_status avgpool_kernel(op_kernel_ctx *ctx)
{
    return pool_run(ctx, false);
}

/* ---- global pools ---- */

static ge_status global_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *xs = &ctx->inputs[0].shape;
    if (xs->rank >= 0 && xs->rank < 2)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 2 (N, C, spatial...)",
                       (int)xs->rank);
    ir_shape s = *xs;
    for (int i = 2; i < s.rank; i++)
        s.dims[i] = 1;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ctx->outputs[0].shape = s;
    return GE_STATUS_SUCCESS;
}

static ge_status global_run(op_kernel_ctx *ctx, bool is_max)
{
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int64_t nc = x->shape.dims[0] * x->shape.dims[1];
    int64_t sp = nc ? ir_tensor_numel(x) / nc : 0;
    if (nc == 0)
        return GE_STATUS_SUCCESS;
    double *yv = nn_zalloc(&ctx->node, (size_t)nc);
    if (!yv)
        return GE_STATUS_MEMALLOC_FAILED;
    for (int64_t i = 0; i < nc; i++) {
        double acc = is_max ? -INFINITY : 0.0;
        for (int64_t k = 0; k < sp; k++) {
            double v = op_load_f64(x->data, x->dtype, (size_t)(i * sp + k));
            if (is_max)
                acc = (v > acc || isnan(v)) && !isnan(acc) ? v : acc;
            else
                acc += v;
        }
        yv[i] = is_max ? acc : (sp ? acc / (double)sp : NAN);
    }
    nn_store(y, yv, (size_t)nc);
    ge_free(yv);
    return GE_STATUS_SUCCESS;
}

static ge_status gavg_kernel(op_kernel_ctx *ctx)
{
    return global_run(ctx, false);
}

static ge_status gmax_kernel(op_kernel_ctx *ctx)
{
    return global_run(ctx, true);
}

#define MAXPOOL_I8 (GE_DT(GE_DTYPE_INT8) | GE_DT(GE_DTYPE_UINT8))

const op_schema op_family_pool[] = {
    {"MaxPool", OP_DOMAIN_ONNX, 1, 7, 1, 1, 1, 1, maxpool1_attrs, NN_DTS_F16_F32_F64, pool_infer, maxpool_kernel},
    {"MaxPool", OP_DOMAIN_ONNX, 8, 9, 1, 1, 1, 2, maxpool8_attrs, NN_DTS_F16_F32_F64, pool_infer, maxpool_kernel},
    {"MaxPool", OP_DOMAIN_ONNX, 10, 11, 1, 1, 1, 2, maxpool10_attrs, NN_DTS_F16_F32_F64, pool_infer,
     maxpool_kernel},
    {"MaxPool", OP_DOMAIN_ONNX, 12, 21, 1, 1, 1, 2, maxpool10_attrs, NN_DTS_F16_F32_F64 | MAXPOOL_I8, pool_infer,
     maxpool_kernel},
    {"MaxPool", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 2, maxpool10_attrs, NN_DTS_FLOATS | MAXPOOL_I8,
     pool_infer, maxpool_kernel},
    {"AveragePool", OP_DOMAIN_ONNX, 1, 6, 1, 1, 1, 1, avgpool1_attrs, NN_DTS_F16_F32_F64, pool_infer,
     avgpool_kernel},
    {"AveragePool", OP_DOMAIN_ONNX, 7, 9, 1, 1, 1, 1, avgpool7_attrs, NN_DTS_F16_F32_F64, pool_infer,
     avgpool_kernel},
    {"AveragePool", OP_DOMAIN_ONNX, 10, 18, 1, 1, 1, 1, avgpool10_attrs, NN_DTS_F16_F32_F64, pool_infer,
     avgpool_kernel},
    {"AveragePool", OP_DOMAIN_ONNX, 19, 21, 1, 1, 1, 1, avgpool19_attrs, NN_DTS_F16_F32_F64, pool_infer,
     avgpool_kernel},
    {"AveragePool", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, avgpool19_attrs, NN_DTS_FLOATS, pool_infer,
     avgpool_kernel},
    {"GlobalAveragePool", OP_DOMAIN_ONNX, 1, 21, 1, 1, 1, 1, NULL, NN_DTS_F16_F32_F64, global_infer, gavg_kernel},
    {"GlobalAveragePool", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, NULL, NN_DTS_FLOATS, global_infer,
     gavg_kernel},
    {"GlobalMaxPool", OP_DOMAIN_ONNX, 1, 21, 1, 1, 1, 1, NULL, NN_DTS_F16_F32_F64, global_infer, gmax_kernel},
    {"GlobalMaxPool", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, NULL, NN_DTS_FLOATS, global_infer,
     gmax_kernel},
    OP_SCHEMA_END,
};

/* LpPool (1: float p; 2 and 11: int p; 18: ceil_mode and dilations; 22: bfloat16) over 1 to 3
 * spatial dims: y = (sum over the window of |x|^p)^(1/p), padding counting as zeros. */
#include "base/alloc.h"
#include "ops/extra_util.h"

#include <string.h>

#define LP_BASE_ATTRS                                                                                              \
    {"auto_pad", IR_ATTR_STRING, false, 0, 0, "NOTSET"}, {"kernel_shape", IR_ATTR_INTS, true, 0, 0, NULL},        \
        {"pads", IR_ATTR_INTS, false, 0, 0, NULL}, {"strides", IR_ATTR_INTS, false, 0, 0, NULL}

static const op_attr_def lp1_attrs[] = {LP_BASE_ATTRS, {"p", IR_ATTR_FLOAT, false, 0, 2.0f, NULL}, OP_ATTRS_END};
static const op_attr_def lp2_attrs[] = {LP_BASE_ATTRS, {"p", IR_ATTR_INT, false, 2, 0, NULL}, OP_ATTRS_END};
static const op_attr_def lp18_attrs[] = {
    LP_BASE_ATTRS,
    {"ceil_mode", IR_ATTR_INT, false, 0, 0, NULL},
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    {"p", IR_ATTR_INT, false, 2, 0, NULL},
    OP_ATTRS_END,
};

static double lp_p(const op_node_info *node)
{
    return node->opset < 2 ? (double)op_attr_float(node, "p") : (double)op_attr_int(node, "p");
}

static ge_status lp_window(const op_node_info *node, const ir_shape *xs, nn_window *w)
{
    memset(w, 0, sizeof *w);
    const int64_t *ks;
    size_t nk = op_attr_ints(node, "kernel_shape", &ks);
    if (nk == 0 || nk > NN_MAX_SPATIAL)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'kernel_shape' has %zu values; expected 1 to %d", nk,
                       NN_MAX_SPATIAL);
    if (xs->rank >= 0 && (size_t)xs->rank != nk + 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected %zu (N, C and the kernel dims)",
                       (int)xs->rank, nk + 2);
    w->n = (int)nk;
    for (int i = 0; i < w->n; i++) {
        w->kernel[i] = ks[i];
        w->in[i] = xs->rank >= 0 ? xs->dims[i + 2] : -1;
    }
    bool has_dil = op_schema_attr(node->schema, "dilations") != NULL;
    bool ceil_mode = op_schema_attr(node->schema, "ceil_mode") && op_attr_int(node, "ceil_mode") != 0;
    return nn_window_forward(node, w, has_dil, ceil_mode);
}

static ge_status lp_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    double p = lp_p(node);
    if (!(p > 0.0))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'p' is %g; expected > 0", p);
    nn_window w;
    if ((st = lp_window(node, &ctx->inputs[0].shape, &w)) != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *xs = &ctx->inputs[0].shape;
    ir_shape s;
    s.rank = w.n + 2;
    s.dims[0] = xs->rank >= 0 ? xs->dims[0] : -1;
    s.dims[1] = xs->rank >= 0 ? xs->dims[1] : -1;
    for (int i = 0; i < w.n; i++)
        s.dims[i + 2] = w.out[i];
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status lp_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0];
    nn_window w;
    ge_status st = lp_window(node, &x->shape, &w);
    if (st != GE_STATUS_SUCCESS)
        return st;
    double p = lp_p(node);
    int n = w.n;
    int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1}, s[3] = {1, 1, 1}, d[3] = {1, 1, 1},
            pb[3] = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        int j = 3 - n + i; /* right-align into 3 dims */
        in[j] = w.in[i], out[j] = w.out[i], k[j] = w.kernel[i], s[j] = w.stride[i], d[j] = w.dil[i], pb[j] = w.pad_b[i];
    }
    int64_t NC = x->shape.dims[0] * x->shape.dims[1], isp = in[0] * in[1] * in[2], osp = out[0] * out[1] * out[2];
    double *xv = nn_load(node, x), *yv = nn_zalloc(node, (size_t)(NC * osp));
    if (!xv || !yv) {
        ge_free(xv), ge_free(yv);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    for (int64_t c = 0; c < NC; c++)
        for (int64_t o0 = 0; o0 < out[0]; o0++)
            for (int64_t o1 = 0; o1 < out[1]; o1++)
                for (int64_t o2 = 0; o2 < out[2]; o2++) {
                    double acc = 0.0;
                    for (int64_t k0 = 0; k0 < k[0]; k0++) {
                        int64_t i0 = o0 * s[0] - pb[0] + k0 * d[0];
                        if (i0 < 0 || i0 >= in[0])
                            continue;
                        for (int64_t k1 = 0; k1 < k[1]; k1++) {
                            int64_t i1 = o1 * s[1] - pb[1] + k1 * d[1];
                            if (i1 < 0 || i1 >= in[1])
                                continue;
                            for (int64_t k2 = 0; k2 < k[2]; k2++) {
                                int64_t i2 = o2 * s[2] - pb[2] + k2 * d[2];
                                if (i2 < 0 || i2 >= in[2])
                                    continue;
                                double v = fabs(xv[c * isp + (i0 * in[1] + i1) * in[2] + i2]);
                                acc += p == 2.0 ? v * v : p == 1.0 ? v : pow(v, p);
                            }
                        }
                    }
                    yv[c * osp + (o0 * out[1] + o1) * out[2] + o2] =
                        p == 2.0 ? sqrt(acc) : p == 1.0 ? acc : pow(acc, 1.0 / p);
                }
    nn_store(&ctx->outputs[0], yv, (size_t)(NC * osp));
    ge_free(xv), ge_free(yv);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_pool_extra[] = {
    {"LpPool", OP_DOMAIN_ONNX, 1, 1, 1, 1, 1, 1, lp1_attrs, NN_DTS_F16_F32_F64, lp_infer, lp_kernel},
    {"LpPool", OP_DOMAIN_ONNX, 2, 17, 1, 1, 1, 1, lp2_attrs, NN_DTS_F16_F32_F64, lp_infer, lp_kernel},
    {"LpPool", OP_DOMAIN_ONNX, 18, 21, 1, 1, 1, 1, lp18_attrs, NN_DTS_F16_F32_F64, lp_infer, lp_kernel},
    {"LpPool", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, lp18_attrs, GE_DTS_FLOATS, lp_infer, lp_kernel},
    OP_SCHEMA_END,
};

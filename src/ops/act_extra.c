/* Swish (24), Mish (18; 22 adds bfloat16) and SwiGLU (28):
 * Swish(x) = x * sigmoid(alpha * x); Mish(x) = x * tanh(softplus(x));
 * SwiGLU(A, B) = Swish_alpha(A) * B with A and B of identical shapes. */
#include "base/alloc.h"
#include "ops/extra_util.h"

static const op_attr_def alpha_attrs[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 1.0f, NULL},
    OP_ATTRS_END,
};

static double sigmoid(double x)
{
    return x >= 0.0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

static double softplus(double x)
{
    return x > 0.0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

static ge_status act1_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    return op_infer_same_as_input0(ctx);
}

static ge_status swiglu_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 2);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes)) != GE_STATUS_SUCCESS ||
        (st = nn_check_same_dtype(ctx, 1)) != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *a = &ctx->inputs[0].shape, *b = &ctx->inputs[1].shape;
    ir_shape y = a->rank >= 0 ? *a : *b;
    if (a->rank >= 0 && b->rank >= 0) {
        bool ok = a->rank == b->rank;
        for (int i = 0; ok && i < a->rank; i++) {
            ok = a->dims[i] < 0 || b->dims[i] < 0 || a->dims[i] == b->dims[i];
            y.dims[i] = xu_merge(a->dims[i], b->dims[i]);
        }
        if (!ok) {
            char b1[96], b2[96];
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "inputs A %s and B %s must have identical shapes (no broadcasting)",
                           ir_shape_format(a, b1, sizeof b1), ir_shape_format(b, b2, sizeof b2));
        }
    }
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &y);
    return GE_STATUS_SUCCESS;
}

typedef enum { ACT_SWISH, ACT_MISH, ACT_SWIGLU } act_kind;

static ge_status act_run(op_kernel_ctx *ctx, act_kind kind)
{
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int64_t n = ir_tensor_numel(x);
    if (kind == ACT_SWIGLU && ir_tensor_numel(&ctx->inputs[1]) != n)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "inputs A and B differ in size");
    double alpha = kind == ACT_MISH ? 1.0 : (double)op_attr_float(&ctx->node, "alpha");
    for (int64_t i = 0; i < n; i++) {
        double v = op_load_f64(x->data, x->dtype, (size_t)i), r;
        if (kind == ACT_MISH)
            r = v * tanh(softplus(v));
        else
            r = v * sigmoid(alpha * v);
        if (kind == ACT_SWIGLU)
            r *= op_load_f64(ctx->inputs[1].data, ctx->inputs[1].dtype, (size_t)i);
        op_store_f64(y->data, y->dtype, (size_t)i, r);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status swish_kernel(op_kernel_ctx *ctx) { return act_run(ctx, ACT_SWISH); }
static ge_status mish_kernel(op_kernel_ctx *ctx) { return act_run(ctx, ACT_MISH); }
static ge_status swiglu_kernel(op_kernel_ctx *ctx) { return act_run(ctx, ACT_SWIGLU); }

const op_schema op_family_act_extra[] = {
    {"Swish", OP_DOMAIN_ONNX, 24, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, alpha_attrs, GE_DTS_FLOATS, act1_infer, swish_kernel},
    {"Mish", OP_DOMAIN_ONNX, 18, 21, 1, 1, 1, 1, NULL, NN_DTS_F16_F32_F64, act1_infer, mish_kernel},
    {"Mish", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, NULL, GE_DTS_FLOATS, act1_infer, mish_kernel},
    {"SwiGLU", OP_DOMAIN_ONNX, 28, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, alpha_attrs, GE_DTS_FLOATS, swiglu_infer,
     swiglu_kernel},
    OP_SCHEMA_END,
};

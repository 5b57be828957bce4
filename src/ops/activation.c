/* Activation family: Relu LeakyRelu Elu Selu Celu Gelu HardSigmoid HardSwish Softplus Softsign
 * ThresholdedRelu Shrink Clip. (PRelu, a broadcasting binary op, lives in binary.c.) */
#include "ops/eltwise_util.h"
#include "ops/ew_f32.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define F3 EW_F3
#define F4 EW_F4
#define SIGNED_INTS GE_DTS_SIGNED

static double f_relu(double x, const ew_params *p) { (void)p; return x > 0 ? x : (x == x ? 0.0 : x); }
static int64_t i_relu(int64_t x, const ew_params *p) { (void)p; return x > 0 ? x : 0; }
static double f_leaky(double x, const ew_params *p) { return x < 0 ? p->alpha * x : x; }
static double f_elu(double x, const ew_params *p) { return x < 0 ? p->alpha * expm1(x) : x; }
static double f_selu(double x, const ew_params *p)
{
    return x <= 0 ? p->gamma * (p->alpha * exp(x) - p->alpha) : p->gamma * x;
}
static double f_celu(double x, const ew_params *p)
{
    double neg = p->alpha * expm1(x / p->alpha);
    return (x > 0 ? x : 0.0) + (neg < 0 ? neg : 0.0);
}
static double f_gelu(double x, const ew_params *p)
{
    if (p->flag) {
        const double c = sqrt(2.0 / M_PI);
        return 0.5 * x * (1.0 + tanh(c * (x + 0.044715 * x * x * x)));
    }
    return 0.5 * x * (1.0 + erf(x / sqrt(2.0)));
}
static double f_hardsigmoid(double x, const ew_params *p)
{
    double v = p->alpha * x + p->beta;
    v = v < 1.0 ? v : 1.0;
    return v > 0.0 ? v : 0.0;
}
static double f_hardswish(double x, const ew_params *p)
{
    (void)p;
    double v = x / 6.0 + 0.5;
    v = v < 1.0 ? v : 1.0;
    v = v > 0.0 ? v : 0.0;
    return x * v;
}
static double f_softplus(double x, const ew_params *p)
{
    (void)p;
    return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}
static double f_softsign(double x, const ew_params *p) { (void)p; return x / (1.0 + fabs(x)); }
static double f_thresholded(double x, const ew_params *p) { return x > p->alpha ? x : 0.0; }
static double f_shrink(double x, const ew_params *p)
{
    double lambd = p->alpha, bias = p->beta;
    return x < -lambd ? x + bias : x > lambd ? x - bias : 0.0;
}
static int64_t i_shrink(int64_t x, const ew_params *p)
{
    double r = f_shrink((double)x, p);
    return r >= 9.2233720368547758e18 ? INT64_MAX : r <= -9.2233720368547758e18 ? INT64_MIN : (int64_t)r;
}
static uint64_t u_shrink(uint64_t x, const ew_params *p)
{
    double r = f_shrink((double)x, p);
    return r <= 0 ? 0 : r >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)r;
}

static ew_params params_of(const op_kernel_ctx *ctx)
{
    ew_params p = {.dtype = ctx->inputs[0].dtype};
    p.alpha = ew_attr_f(&ctx->node, "alpha");
    p.beta = ew_attr_f(&ctx->node, "beta");
    p.gamma = ew_attr_f(&ctx->node, "gamma");
    return p;
}

/* fop: the float32 fast path (ew_f32.h), or -1 for none */
#define ACT_KERNEL(name, ff, fi, fu, fop)                                                          \
    static ge_status name##_kernel(op_kernel_ctx *ctx)                                             \
    {                                                                                              \
        static const ew_unary_fns fns = {ff, fi, fu};                                              \
        ew_params p = params_of(ctx);                                                              \
        if ((fop) >= 0 && ewf_input0_f32(ctx))                                                     \
            return ewf_unary_kernel(ctx, (kern_ew_unary_op)(fop), (float)p.alpha, (float)p.beta);      \
        return ew_unary_run(ctx, &fns, &p);                                                        \
    }

ACT_KERNEL(relu, f_relu, i_relu, NULL, KERN_EW_RELU)
ACT_KERNEL(leaky, f_leaky, NULL, NULL, KERN_EW_LEAKY_RELU)
ACT_KERNEL(elu, f_elu, NULL, NULL, -1)
ACT_KERNEL(selu, f_selu, NULL, NULL, -1)
ACT_KERNEL(hardsigmoid, f_hardsigmoid, NULL, NULL, KERN_EW_HARD_SIGMOID)
ACT_KERNEL(hardswish, f_hardswish, NULL, NULL, KERN_EW_HARD_SWISH)
ACT_KERNEL(softplus, f_softplus, NULL, NULL, -1)
ACT_KERNEL(softsign, f_softsign, NULL, NULL, -1)
ACT_KERNEL(thresholded, f_thresholded, NULL, NULL, -1)

static ge_status celu_kernel(op_kernel_ctx *ctx)
{
    static const ew_unary_fns fns = {f_celu, NULL, NULL};
    ew_params p = params_of(ctx);
    return ew_unary_run(ctx, &fns, &p);
}

static ge_status shrink_kernel(op_kernel_ctx *ctx)
{
    static const ew_unary_fns fns = {f_shrink, i_shrink, u_shrink};
    ew_params p = params_of(ctx);
    p.alpha = ew_attr_f(&ctx->node, "lambd");
    p.beta = ew_attr_f(&ctx->node, "bias");
    return ew_unary_run(ctx, &fns, &p);
}

/* ---- Celu: alpha must not be 0 ---- */
static ge_status celu_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_infer_unary(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (op_attr_float(&ctx->node, "alpha") == 0.0f)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'alpha' is 0; expected a non-zero value");
    return GE_STATUS_SUCCESS;
}

/* ---- Gelu: approximate is "none" or "tanh" ---- */
static ge_status gelu_mode(const op_node_info *node, int64_t *out)
{
    const char *a = op_attr_string(node, "approximate");
    if (!a || strcmp(a, "none") == 0)
        *out = 0;
    else if (strcmp(a, "tanh") == 0)
        *out = 1;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'approximate' is \"%s\"; expected \"none\" or \"tanh\"",
                       a);
    return GE_STATUS_SUCCESS;
}

static ge_status gelu_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_infer_unary(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t mode;
    return gelu_mode(&ctx->node, &mode);
}

static ge_status gelu_kernel(op_kernel_ctx *ctx)
{
    static const ew_unary_fns fns = {f_gelu, NULL, NULL};
    ew_params p = {.dtype = ctx->inputs[0].dtype};
    ge_status st = gelu_mode(&ctx->node, &p.flag);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ewf_input0_f32(ctx))
        return ewf_unary_kernel(ctx, p.flag ? KERN_EW_GELU_TANH : KERN_EW_GELU, 0.0f, 0.0f);
    return ew_unary_run(ctx, &fns, &p);
}

/* ---- Clip ---- */
static double f_clip(double x, const ew_params *p)
{
    double y = x < p->lo_f ? p->lo_f : x;
    return p->hi_f < y ? p->hi_f : y;
}
static int64_t i_clip(int64_t x, const ew_params *p)
{
    int64_t y = x < p->lo_i ? p->lo_i : x;
    return p->hi_i < y ? p->hi_i : y;
}
static uint64_t u_clip(uint64_t x, const ew_params *p)
{
    uint64_t y = x < p->lo_u ? p->lo_u : x;
    return p->hi_u < y ? p->hi_u : y;
}

static ge_status clip_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_infer_unary(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    static const char *const names[] = {"input", "min", "max"};
    for (size_t i = 1; i < ctx->n_inputs && i < 3; i++) {
        const op_value *v = &ctx->inputs[i];
        if (!v->present)
            continue;
        if (v->dtype != ctx->inputs[0].dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu (%s) has dtype %s; expected %s (the dtype of input 0)",
                           i, names[i], ge_dtype_name(v->dtype), ge_dtype_name(ctx->inputs[0].dtype));
        int64_t n = ir_shape_numel(&v->shape);
        bool rank_ok = v->shape.rank == IR_RANK_UNKNOWN || v->shape.rank <= 1;
        if (!rank_ok || (n >= 0 && n != 1)) {
            char b[96];
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu (%s) has shape %s; expected a scalar", i,
                           names[i], ir_shape_format(&v->shape, b, sizeof b));
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status clip_kernel(op_kernel_ctx *ctx)
{
    static const ew_unary_fns fns = {f_clip, i_clip, u_clip};
    ge_dtype dt = ctx->inputs[0].dtype;
    ew_params p = {.dtype = dt, .lo_f = -INFINITY, .hi_f = INFINITY, .lo_i = INT64_MIN, .hi_i = INT64_MAX,
                   .lo_u = 0, .hi_u = UINT64_MAX};
    if (ctx->node.opset < 11) {
        if (op_attr(&ctx->node, "min"))
            p.lo_f = ew_attr_f(&ctx->node, "min");
        if (op_attr(&ctx->node, "max"))
            p.hi_f = ew_attr_f(&ctx->node, "max");
    } else {
        for (size_t i = 1; i < ctx->n_inputs && i < 3; i++) {
            const ir_tensor *b = &ctx->inputs[i];
            if (b->dtype == GE_DTYPE_UNDEFINED)
                continue;
            if (b->dtype != dt || ir_tensor_numel(b) != 1 || !b->data)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu is not a %s scalar", i, ge_dtype_name(dt));
            if (i == 1) {
                p.lo_f = op_load_f64(b->data, dt, 0);
                p.lo_i = op_load_i64(b->data, dt, 0);
                p.lo_u = (uint64_t)op_load_i64(b->data, dt, 0);
            } else {
                p.hi_f = op_load_f64(b->data, dt, 0);
                p.hi_i = op_load_i64(b->data, dt, 0);
                p.hi_u = (uint64_t)op_load_i64(b->data, dt, 0);
            }
        }
    }
    if (ewf_input0_f32(ctx))
        return ewf_unary_kernel(ctx, KERN_EW_CLIP, (float)p.lo_f, (float)p.hi_f);
    return ew_unary_run(ctx, &fns, &p);
}

static const op_attr_def alpha_001[] = {{"alpha", IR_ATTR_FLOAT, false, 0, 0.01f, NULL}, OP_ATTRS_END};
static const op_attr_def alpha_1[] = {{"alpha", IR_ATTR_FLOAT, false, 0, 1.0f, NULL}, OP_ATTRS_END};
static const op_attr_def selu_attrs[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 1.67326319217681884765625f, NULL},
    {"gamma", IR_ATTR_FLOAT, false, 0, 1.05070102214813232421875f, NULL},
    OP_ATTRS_END,
};
static const op_attr_def hardsigmoid_attrs[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 0.2f, NULL},
    {"beta", IR_ATTR_FLOAT, false, 0, 0.5f, NULL},
    OP_ATTRS_END,
};
static const op_attr_def gelu_attrs[] = {{"approximate", IR_ATTR_STRING, false, 0, 0, "none"}, OP_ATTRS_END};
static const op_attr_def shrink_attrs[] = {
    {"bias", IR_ATTR_FLOAT, false, 0, 0.0f, NULL},
    {"lambd", IR_ATTR_FLOAT, false, 0, 0.5f, NULL},
    OP_ATTRS_END,
};
static const op_attr_def clip6_attrs[] = {
    {"min", IR_ATTR_FLOAT, false, 0, -FLT_MAX, NULL},
    {"max", IR_ATTR_FLOAT, false, 0, FLT_MAX, NULL},
    OP_ATTRS_END,
};

static const op_attr_def consumed_attrs[] = {{"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def alpha_001_v1[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 0.01f, NULL},
    {"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def alpha_1_v1[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 1.0f, NULL},
    {"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def selu_v1[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 1.6732f, NULL},
    {"gamma", IR_ATTR_FLOAT, false, 0, 1.0507f, NULL},
    {"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def hardsigmoid_v1[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 0.2f, NULL},
    {"beta", IR_ATTR_FLOAT, false, 0, 0.5f, NULL},
    {"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def clip1_attrs[] = {
    {"min", IR_ATTR_FLOAT, false, 0, -FLT_MAX, NULL},
    {"max", IR_ATTR_FLOAT, false, 0, FLT_MAX, NULL},
    {"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

#define A(type, since, last, attrs, dts, infer, k) \
    {type, OP_DOMAIN_ONNX, since, last, 1, 1, 1, 1, attrs, dts, infer, k##_kernel}

const op_schema op_family_activation[] = {
    A("Relu", 1, 5, consumed_attrs, F3, ew_infer_unary, relu),
    A("LeakyRelu", 1, 5, alpha_001_v1, F3, ew_infer_unary, leaky),
    A("Elu", 1, 5, alpha_1_v1, F3, ew_infer_unary, elu),
    A("Selu", 1, 5, selu_v1, F3, ew_infer_unary, selu),
    A("HardSigmoid", 1, 5, hardsigmoid_v1, F3, ew_infer_unary, hardsigmoid),
    A("Clip", 1, 5, clip1_attrs, F3, clip_infer, clip),
    A("Relu", 6, 12, NULL, F3, ew_infer_unary, relu),
    A("Relu", 13, 13, NULL, F4, ew_infer_unary, relu),
    A("Relu", 14, OP_ONNX_OPSET_MAX, NULL, F4 | SIGNED_INTS, ew_infer_unary, relu),
    A("LeakyRelu", 6, 15, alpha_001, F3, ew_infer_unary, leaky),
    A("LeakyRelu", 16, OP_ONNX_OPSET_MAX, alpha_001, F4, ew_infer_unary, leaky),
    A("Elu", 6, 21, alpha_1, F3, ew_infer_unary, elu),
    A("Elu", 22, OP_ONNX_OPSET_MAX, alpha_1, F4, ew_infer_unary, elu),
    A("Selu", 6, 21, selu_attrs, F3, ew_infer_unary, selu),
    A("Selu", 22, OP_ONNX_OPSET_MAX, selu_attrs, F4, ew_infer_unary, selu),
    /* The spec types Celu float32 only; its node tests also run float16 and bfloat16. */
    A("Celu", 12, OP_ONNX_OPSET_MAX, alpha_1, GE_DTS_FLOATS, celu_infer, celu),
    A("Gelu", 20, OP_ONNX_OPSET_MAX, gelu_attrs, F4, gelu_infer, gelu),
    A("HardSigmoid", 6, 21, hardsigmoid_attrs, F3, ew_infer_unary, hardsigmoid),
    A("HardSigmoid", 22, OP_ONNX_OPSET_MAX, hardsigmoid_attrs, F4, ew_infer_unary, hardsigmoid),
    A("HardSwish", 14, 21, NULL, F3, ew_infer_unary, hardswish),
    A("HardSwish", 22, OP_ONNX_OPSET_MAX, NULL, F4, ew_infer_unary, hardswish),
    A("Softplus", 1, 21, NULL, F3, ew_infer_unary, softplus),
    A("Softplus", 22, OP_ONNX_OPSET_MAX, NULL, F4, ew_infer_unary, softplus),
    A("Softsign", 1, 21, NULL, F3, ew_infer_unary, softsign),
    A("Softsign", 22, OP_ONNX_OPSET_MAX, NULL, F4, ew_infer_unary, softsign),
    A("ThresholdedRelu", 10, 21, alpha_1, F3, ew_infer_unary, thresholded),
    A("ThresholdedRelu", 22, OP_ONNX_OPSET_MAX, alpha_1, F4, ew_infer_unary, thresholded),
    A("Shrink", 9, OP_ONNX_OPSET_MAX, shrink_attrs, EW_NUM_NOBF, ew_infer_unary, shrink),
    A("Clip", 6, 10, clip6_attrs, F3, clip_infer, clip),
    {"Clip", OP_DOMAIN_ONNX, 11, 11, 1, 3, 1, 1, NULL, F3, clip_infer, clip_kernel},
    {"Clip", OP_DOMAIN_ONNX, 12, 12, 1, 3, 1, 1, NULL, EW_NUM_NOBF, clip_infer, clip_kernel},
    {"Clip", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 3, 1, 1, NULL, EW_NUM, clip_infer, clip_kernel},
    OP_SCHEMA_END,
};

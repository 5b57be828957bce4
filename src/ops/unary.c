/* Unary math family: Sqrt Reciprocal Neg Abs Exp Log Erf Tanh Sigmoid Floor Ceil Round Sign
 * and the trigonometric / hyperbolic functions. Floats compute in double and round once. */
#include "ops/eltwise_util.h"
#include "ops/ew_f32.h"

#include <math.h>

#define F3 EW_F3
#define F4 EW_F4
#define NUM_NOBF EW_NUM_NOBF
#define NUM EW_NUM
#define SIGNED_NOBF (GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT8) | \
                     GE_DT(GE_DTYPE_INT16) | GE_DT(GE_DTYPE_INT64) | GE_DT(GE_DTYPE_FLOAT16) | \
                     GE_DT(GE_DTYPE_FLOAT64))

double ew_round_half_even(double x)
{
    double r = floor(x);
    double d = x - r;
    if (d > 0.5)
        r += 1.0;
    else if (d == 0.5 && fmod(r, 2.0) != 0.0)
        r += 1.0;
    return r;
}

static double f_sqrt(double x, const ew_params *p) { (void)p; return sqrt(x); }
static double f_recip(double x, const ew_params *p) { (void)p; return 1.0 / x; }
static double f_neg(double x, const ew_params *p) { (void)p; return -x; }
static int64_t i_neg(int64_t x, const ew_params *p) { (void)p; return (int64_t)(0 - (uint64_t)x); }
static double f_abs(double x, const ew_params *p) { (void)p; return fabs(x); }
static int64_t i_abs(int64_t x, const ew_params *p) { (void)p; return x < 0 ? (int64_t)(0 - (uint64_t)x) : x; }
static uint64_t u_id(uint64_t x, const ew_params *p) { (void)p; return x; }
static double f_exp(double x, const ew_params *p) { (void)p; return exp(x); }
static double f_log(double x, const ew_params *p) { (void)p; return log(x); }
static double f_erf(double x, const ew_params *p) { (void)p; return erf(x); }
static int64_t i_erf(int64_t x, const ew_params *p) { (void)p; return (int64_t)erf((double)x); }
static uint64_t u_erf(uint64_t x, const ew_params *p) { (void)p; return (uint64_t)erf((double)x); }
static double f_tanh(double x, const ew_params *p) { (void)p; return tanh(x); }
static double f_sigmoid(double x, const ew_params *p)
{
    (void)p;
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}
static double f_floor(double x, const ew_params *p) { (void)p; return floor(x); }
static double f_ceil(double x, const ew_params *p) { (void)p; return ceil(x); }
static double f_round(double x, const ew_params *p) { (void)p; return ew_round_half_even(x); }
static double f_sign(double x, const ew_params *p)
{
    (void)p;
    if (isnan(x))
        return x;
    return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}
static int64_t i_sign(int64_t x, const ew_params *p) { (void)p; return (x > 0) - (x < 0); }
static uint64_t u_sign(uint64_t x, const ew_params *p) { (void)p; return x > 0; }
static double f_sin(double x, const ew_params *p) { (void)p; return sin(x); }
static double f_cos(double x, const ew_params *p) { (void)p; return cos(x); }
static double f_tan(double x, const ew_params *p) { (void)p; return tan(x); }
static double f_asin(double x, const ew_params *p) { (void)p; return asin(x); }
static double f_acos(double x, const ew_params *p) { (void)p; return acos(x); }
static double f_atan(double x, const ew_params *p) { (void)p; return atan(x); }
static double f_sinh(double x, const ew_params *p) { (void)p; return sinh(x); }
static double f_cosh(double x, const ew_params *p) { (void)p; return cosh(x); }
static double f_asinh(double x, const ew_params *p) { (void)p; return asinh(x); }
static double f_acosh(double x, const ew_params *p) { (void)p; return acosh(x); }
static double f_atanh(double x, const ew_params *p) { (void)p; return atanh(x); }

/* fop: the float32 fast path (ew_f32.h), or -1 for none */
#define NUM_KERNEL_F(name, ff, fi, fu, fop)                                                        \
    static ge_status name##_kernel(op_kernel_ctx *ctx)                                             \
    {                                                                                              \
        static const ew_unary_fns fns = {ff, fi, fu};                                              \
        if ((fop) >= 0 && ewf_input0_f32(ctx))                                                     \
            return ewf_unary_kernel(ctx, (kern_ew_unary_op)(fop), 0.0f, 0.0f);                         \
        ew_params p = {.dtype = ctx->inputs[0].dtype};                                             \
        return ew_unary_run(ctx, &fns, &p);                                                        \
    }
#define FLOAT_KERNEL(name, fn) NUM_KERNEL_F(name, fn, NULL, NULL, -1)
#define FLOAT_KERNEL_F(name, fn, fop) NUM_KERNEL_F(name, fn, NULL, NULL, fop)
#define NUM_KERNEL(name, ff, fi, fu) NUM_KERNEL_F(name, ff, fi, fu, -1)

FLOAT_KERNEL_F(sqrt, f_sqrt, KERN_EW_SQRT)
FLOAT_KERNEL_F(reciprocal, f_recip, KERN_EW_RECIPROCAL)
NUM_KERNEL_F(neg, f_neg, i_neg, NULL, KERN_EW_NEG)
NUM_KERNEL_F(abs, f_abs, i_abs, u_id, KERN_EW_ABS)
FLOAT_KERNEL_F(exp, f_exp, KERN_EW_EXP)
FLOAT_KERNEL(log, f_log)
NUM_KERNEL_F(erf, f_erf, i_erf, u_erf, KERN_EW_ERF)
FLOAT_KERNEL_F(tanh, f_tanh, KERN_EW_TANH)
FLOAT_KERNEL_F(sigmoid, f_sigmoid, KERN_EW_SIGMOID)
FLOAT_KERNEL(floor, f_floor)
FLOAT_KERNEL(ceil, f_ceil)
FLOAT_KERNEL(round, f_round)
NUM_KERNEL(sign, f_sign, i_sign, u_sign)
FLOAT_KERNEL(sin, f_sin)
FLOAT_KERNEL(cos, f_cos)
FLOAT_KERNEL(tan, f_tan)
FLOAT_KERNEL(asin, f_asin)
FLOAT_KERNEL(acos, f_acos)
FLOAT_KERNEL(atan, f_atan)
FLOAT_KERNEL(sinh, f_sinh)
FLOAT_KERNEL(cosh, f_cosh)
FLOAT_KERNEL(asinh, f_asinh)
FLOAT_KERNEL(acosh, f_acosh)
FLOAT_KERNEL(atanh, f_atanh)

#define U(type, since, last, dts, k) \
    {type, OP_DOMAIN_ONNX, since, last, 1, 1, 1, 1, NULL, dts, ew_infer_unary, k##_kernel}

static const op_attr_def consumed_attrs[] = {{"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL}, OP_ATTRS_END};
#define U1(type, k) \
    {type, OP_DOMAIN_ONNX, 1, 5, 1, 1, 1, 1, consumed_attrs, F3, ew_infer_unary, k##_kernel}

const op_schema op_family_unary[] = {
    U1("Sqrt", sqrt),
    U1("Reciprocal", reciprocal),
    U1("Neg", neg),
    U1("Abs", abs),
    U1("Exp", exp),
    U1("Log", log),
    U1("Tanh", tanh),
    U1("Sigmoid", sigmoid),
    U1("Floor", floor),
    U1("Ceil", ceil),
    U("Sqrt", 6, 12, F3, sqrt),
    U("Sqrt", 13, OP_ONNX_OPSET_MAX, F4, sqrt),
    U("Reciprocal", 6, 12, F3, reciprocal),
    U("Reciprocal", 13, OP_ONNX_OPSET_MAX, F4, reciprocal),
    U("Neg", 6, 12, SIGNED_NOBF, neg),
    U("Neg", 13, OP_ONNX_OPSET_MAX, SIGNED_NOBF | GE_DT(GE_DTYPE_BFLOAT16), neg),
    U("Abs", 6, 12, NUM_NOBF, abs),
    U("Abs", 13, OP_ONNX_OPSET_MAX, NUM, abs),
    U("Exp", 6, 12, F3, exp),
    U("Exp", 13, OP_ONNX_OPSET_MAX, F4, exp),
    U("Log", 6, 12, F3, log),
    U("Log", 13, OP_ONNX_OPSET_MAX, F4, log),
    U("Erf", 9, 12, NUM_NOBF, erf),
    U("Erf", 13, OP_ONNX_OPSET_MAX, NUM, erf),
    U("Tanh", 6, 12, F3, tanh),
    U("Tanh", 13, OP_ONNX_OPSET_MAX, F4, tanh),
    U("Sigmoid", 6, 12, F3, sigmoid),
    U("Sigmoid", 13, OP_ONNX_OPSET_MAX, F4, sigmoid),
    U("Floor", 6, 12, F3, floor),
    U("Floor", 13, OP_ONNX_OPSET_MAX, F4, floor),
    U("Ceil", 6, 12, F3, ceil),
    U("Ceil", 13, OP_ONNX_OPSET_MAX, F4, ceil),
    U("Round", 11, 21, F3, round),
    U("Round", 22, OP_ONNX_OPSET_MAX, F4, round),
    U("Sign", 9, 12, NUM_NOBF, sign),
    U("Sign", 13, OP_ONNX_OPSET_MAX, NUM, sign),
    U("Sin", 7, 21, F3, sin),
    U("Sin", 22, OP_ONNX_OPSET_MAX, F4, sin),
    U("Cos", 7, 21, F3, cos),
    U("Cos", 22, OP_ONNX_OPSET_MAX, F4, cos),
    U("Tan", 7, 21, F3, tan),
    U("Tan", 22, OP_ONNX_OPSET_MAX, F4, tan),
    U("Asin", 7, 21, F3, asin),
    U("Asin", 22, OP_ONNX_OPSET_MAX, F4, asin),
    U("Acos", 7, 21, F3, acos),
    U("Acos", 22, OP_ONNX_OPSET_MAX, F4, acos),
    U("Atan", 7, 21, F3, atan),
    U("Atan", 22, OP_ONNX_OPSET_MAX, F4, atan),
    U("Sinh", 9, 21, F3, sinh),
    U("Sinh", 22, OP_ONNX_OPSET_MAX, F4, sinh),
    U("Cosh", 9, 21, F3, cosh),
    U("Cosh", 22, OP_ONNX_OPSET_MAX, F4, cosh),
    U("Asinh", 9, 21, F3, asinh),
    U("Asinh", 22, OP_ONNX_OPSET_MAX, F4, asinh),
    U("Acosh", 9, 21, F3, acosh),
    U("Acosh", 22, OP_ONNX_OPSET_MAX, F4, acosh),
    U("Atanh", 9, 21, F3, atanh),
    U("Atanh", 22, OP_ONNX_OPSET_MAX, F4, atanh),
    OP_SCHEMA_END,
};

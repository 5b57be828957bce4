/* float32 fast paths of the elementwise, BatchNormalization and Softmax kernels.
 *
 * The reference kernels (eltwise_util.c, norm.c, softmax.c) load and store every element
 * through double with a dtype switch and call a per-element function pointer; they stay the
 * ground truth and serve every other dtype. These paths compute float32 in float in tight
 * per-op loops the compiler vectorises (plain C in ew_f32_loops.h, built for baseline x86-64
 * and with AVX2 / AVX-512 target attributes, chosen at run time; ew_f32.c gets the dynamic
 * vectoriser cost model from CMake under gcc, whose -O2 default only vectorises loops whose
 * trip count is a multiple of the vector width).
 *
 * Accuracy against the reference (which rounds the double result once):
 * - bit-identical: Relu, LeakyRelu, Clip, Neg, Abs, Sqrt, Reciprocal, Add, Sub, Mul, Div,
 *   Max, Min, Sum and Mean of two inputs (float +,-,*,/,sqrt are correctly rounded, as is
 *   the double result rounded to float);
 * - a few float32 ulp: Exp, Sigmoid, Tanh, Softmax, LogSoftmax (a vectorisable exp), Erf,
 *   Gelu (vectorisable erf / erfc polynomials), HardSigmoid, HardSwish (two roundings), Sum
 *   of 3+ inputs (float accumulation: an intermediate sum can also overflow where the double
 *   one did not). Gelu for large negative inputs is more accurate than the reference, whose
 *   1 + erf / 1 + tanh cancel in double (it gives -0 for x < -8.3);
 * - BatchNormalization computes x * scale + shift with scale = gamma / sqrt(var + eps) and
 *   shift = beta - mean * scale (the per-channel terms in double, rounded once): the error is
 *   a few ulp of max(|y|, |mean * scale|).
 * NaN and Inf propagate as in the reference. */
#ifndef GEFLOW_OPS_EW_F32_H
#define GEFLOW_OPS_EW_F32_H

#include "kernels/cpu.h"
#include "ops/op_util.h"

typedef enum ewf_unary_op {
    EWF_RELU,
    EWF_LEAKY_RELU, /* a = alpha */
    EWF_SIGMOID,
    EWF_TANH,
    EWF_CLIP,        /* a = min, b = max */
    EWF_HARD_SIGMOID, /* a = alpha, b = beta */
    EWF_HARD_SWISH,
    EWF_EXP,
    EWF_NEG,
    EWF_ABS,
    EWF_SQRT,
    EWF_RECIPROCAL,
    EWF_ERF,
    EWF_GELU,      /* approximate = none */
    EWF_GELU_TANH, /* approximate = tanh */
    EWF_UNARY_COUNT
} ewf_unary_op;

typedef enum ewf_binary_op {
    EWF_ADD,
    EWF_SUB,
    EWF_MUL,
    EWF_DIV,
    EWF_MAX, /* NaN if either is NaN */
    EWF_MIN,
    EWF_MEAN2, /* (a + b) / 2, summed in double */
    EWF_BINARY_COUNT
} ewf_binary_op;

/* ---- array kernels (y may alias x / c may alias a or b element for element) ---- */
void ewf_unary(ewf_unary_op op, const float *x, float *y, size_t n, float a, float b);
/* c[i] = a[i] op b[i] */
void ewf_binary_vv(ewf_binary_op op, const float *a, const float *b, float *c, size_t n);
/* c[i] = a[i] op s */
void ewf_binary_vs(ewf_binary_op op, const float *a, float s, float *c, size_t n);
/* c[i] = s op b[i] */
void ewf_binary_sv(ewf_binary_op op, float s, const float *b, float *c, size_t n);
/* y[i] = x[i] * scale + shift */
void ewf_scale_shift(const float *x, float *y, size_t n, float scale, float shift);
/* One softmax / log-softmax row of n > 0 elements (subtracting the row maximum). */
void ewf_softmax_row(const float *x, float *y, size_t n, bool log_softmax);
/* The vectorisable float exp the paths above use (exposed for tests). */
float ewf_expf(float x);

/* The loops are compiled for baseline x86-64 and again with AVX2 and AVX-512 target
 * attributes (same C, same results bit for bit), chosen at run time: kern_isa_active()
 * (GEFLOW_ISA, else the best the CPU has) on first use. ewf_set_isa forces one (clamped to
 * what the CPU has; -1: back to kern_isa_active()), for tests and benchmarks. */
kern_isa ewf_isa(void);
void ewf_set_isa(int isa);

/* Whether a kernel's input 0 is float32 (the fast paths' dtype). */
static inline bool ewf_input0_f32(const op_kernel_ctx *ctx)
{
    return ctx->n_inputs >= 1 && ctx->inputs[0].dtype == GE_DTYPE_FLOAT32;
}

/* ---- op-level drivers: each checks the kernel's inputs and outputs as the reference does
 *      and runs on ctx's thread pool for large tensors ---- */
/* Input 0 and output 0 float32, same shape. */
ge_status ewf_unary_kernel(op_kernel_ctx *ctx, ewf_unary_op op, float a, float b);
/* Inputs 0, 1 and output 0 float32, numpy broadcasting. */
ge_status ewf_binary_kernel(op_kernel_ctx *ctx, ewf_binary_op op);
/* Variadic Sum (EWF_ADD), Max, Min, and the two-input Mean (`mean`): every input float32;
 * 3+ inputs fold in float (y = in0 op in1, then y op in2, ...). *handled is false (and
 * nothing is written) when the reference must run instead: one input, Mean of 3+ inputs
 * (its float sum could overflow where the reference's double one does not), a non-float32
 * input, or an output that overlaps an input it would overwrite before reading it. */
ge_status ewf_variadic_kernel(op_kernel_ctx *ctx, ewf_binary_op op, bool mean, bool *handled);

#endif

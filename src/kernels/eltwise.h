/* float32 elementwise loops over contiguous runs: the fast paths behind the elementwise,
 * BatchNormalization and Softmax op kernels (src/ops/ew_f32.h maps an op's tensors onto
 * runs). The ops' reference kernels load and store every element through double with a dtype
 * switch and call a per-element function pointer; these compute float32 in float in tight
 * per-op loops the compiler vectorises: plain C in eltwise_loops.h, built for baseline x86-64
 * and again with AVX2 / AVX-512 target attributes, chosen at run time (eltwise.c gets the
 * dynamic vectoriser cost model from CMake under gcc, whose -O2 default only vectorises loops
 * whose trip count is a multiple of the vector width).
 *
 * Accuracy against the ops' reference kernels (which round the double result once):
 * - bit-identical: Relu, LeakyRelu, PRelu, Clip, Neg, Abs, Sqrt, Reciprocal, Add, Sub, Mul, Div,
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
#ifndef GEFLOW_KERNELS_ELTWISE_H
#define GEFLOW_KERNELS_ELTWISE_H

#include "kernels/cpu.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum kern_ew_unary_op {
    KERN_EW_RELU,
    KERN_EW_LEAKY_RELU, /* a = alpha */
    KERN_EW_SIGMOID,
    KERN_EW_TANH,
    KERN_EW_CLIP,        /* a = min, b = max */
    KERN_EW_HARD_SIGMOID, /* a = alpha, b = beta */
    KERN_EW_HARD_SWISH,
    KERN_EW_EXP,
    KERN_EW_NEG,
    KERN_EW_ABS,
    KERN_EW_SQRT,
    KERN_EW_RECIPROCAL,
    KERN_EW_ERF,
    KERN_EW_GELU,      /* approximate = none */
    KERN_EW_GELU_TANH, /* approximate = tanh */
    KERN_EW_UNARY_COUNT
} kern_ew_unary_op;

typedef enum kern_ew_binary_op {
    KERN_EW_ADD,
    KERN_EW_SUB,
    KERN_EW_MUL,
    KERN_EW_DIV,
    KERN_EW_MAX, /* NaN if either is NaN */
    KERN_EW_MIN,
    KERN_EW_MEAN2, /* (a + b) / 2, summed in double */
    KERN_EW_PRELU, /* a < 0 ? a * b : a */
    KERN_EW_BINARY_COUNT
} kern_ew_binary_op;

/* ---- array kernels (y may alias x / c may alias a or b element for element) ---- */
void kern_ew_unary(kern_ew_unary_op op, const float *x, float *y, size_t n, float a, float b);
/* c[i] = a[i] op b[i] */
void kern_ew_binary_vv(kern_ew_binary_op op, const float *a, const float *b, float *c, size_t n);
/* c[i] = a[i] op s */
void kern_ew_binary_vs(kern_ew_binary_op op, const float *a, float s, float *c, size_t n);
/* c[i] = s op b[i] */
void kern_ew_binary_sv(kern_ew_binary_op op, float s, const float *b, float *c, size_t n);
/* y[i] = x[i] * scale + shift */
void kern_ew_scale_shift(const float *x, float *y, size_t n, float scale, float shift);
/* One softmax / log-softmax row of n > 0 elements (subtracting the row maximum). */
void kern_ew_softmax_row(const float *x, float *y, size_t n, bool log_softmax);
/* The vectorisable float exp the paths above use (exposed for tests). */
float kern_ew_expf(float x);

/* The loops are compiled for baseline x86-64 and again with AVX2 and AVX-512 target
 * attributes (same C, same results bit for bit), chosen at run time: kern_isa_active()
 * (GEFLOW_ISA, else the best the CPU has) on first use. kern_ew_set_isa forces one (clamped to
 * what the CPU has; -1: back to kern_isa_active()), for tests and benchmarks. */
kern_isa kern_ew_isa(void);
void kern_ew_set_isa(int isa);

/* The loops of the ISA in use (for callers that pick one loop and call it per run). */
typedef void (*kern_ew_unary_fn)(const float *x, float *y, size_t n, float a, float b);

typedef struct kern_ew_binary_fns {
    void (*vv)(const float *a, const float *b, float *c, size_t n);
    void (*vs)(const float *a, float s, float *c, size_t n);
    void (*sv)(float s, const float *b, float *c, size_t n);
} kern_ew_binary_fns;

typedef struct kern_ew_loops {
    kern_ew_unary_fn unary[KERN_EW_UNARY_COUNT];
    kern_ew_binary_fns binary[KERN_EW_BINARY_COUNT];
    void (*scale_shift)(const float *x, float *y, size_t n, float scale, float shift);
    void (*softmax_row)(const float *x, float *y, size_t n, bool log_softmax);
} kern_ew_loops;
const kern_ew_loops *kern_ew_active(void);

#endif

/* Shared between the GEMM driver (gemm.c) and the per-ISA microkernel files. */
#ifndef GEFLOW_KERNELS_GEMM_INTERNAL_H
#define GEFLOW_KERNELS_GEMM_INTERNAL_H

#include <stddef.h>

#define KERN_MR_MAX 16
#define KERN_NR_MAX 32

/* Full MR x NR tile: a is a packed A panel (a[p*MR + r]), b a packed B panel (b[p*NR + j]),
 * kc >= 1. C = alpha * acc + beta * C, with beta == 0 not reading C. */
typedef void (*kern_ukernel_fn)(size_t kc, const float *a, const float *b, float *c, size_t ldc, float alpha,
                                float beta);

/* For the one-row case (GEMV): y[0..n) += a * x[0..n); and the dot product of x and y. */
typedef void (*kern_axpy_fn)(size_t n, float a, const float *x, float *y);
typedef float (*kern_dot_fn)(size_t n, const float *x, const float *y);

/* One row of a fused epilogue (gemm.h): c[q] = act(c[q] + bias + res[q]) for q < n, res may be
 * NULL; act is a kern_act_kind. Relu and Clip let NaN through, as the scalar definition does. */
typedef void (*kern_epi_row_fn)(float *c, const float *res, size_t n, float bias, int act, float lo, float hi,
                                float alpha);

/* The scalar definition of a row epilogue (the portable path; vector paths use it for tails). */
void kern_epi_row_portable(float *c, const float *res, size_t n, float bias, int act, float lo, float hi,
                           float alpha);

typedef struct kern_gemm_desc {
    int mr, nr;
    kern_ukernel_fn ukernel;
    kern_axpy_fn axpy;
    kern_dot_fn dot;
    kern_epi_row_fn epi_row;
} kern_gemm_desc;

/* NULL when the build has no code for the ISA (non-x86). */
const kern_gemm_desc *kern_gemm_desc_avx2(void);
const kern_gemm_desc *kern_gemm_desc_avx512(void);

#endif

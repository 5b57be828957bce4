/* Fast float32 GEMM for the CPU: C = alpha * op(A) * op(B) + beta * C, row-major.
 *
 * Where this sits: src/kernels is a leaf library of pure math. It includes only src/base (and
 * the public status codes), never ops, ir or runtime; src/ops calls it for the float32 fast
 * paths of MatMul, Gemm and Conv. DESIGN.md lists kernels after ops, but a leaf that knows
 * nothing of ops can be called from ops without making data flow backwards, so no hook or
 * registration is needed. Threading comes in as a parallel-for callback with the same
 * signature as op_kernel_ctx's parallel_for / pool, so op kernels pass theirs through.
 *
 * How: A is packed once into zero-padded MR-row panels (k-major); each task (an mc x nc tile
 * of C, handed out through the parallel-for) packs its kc x nc blocks of B into NR-column
 * panels of its own scratch, and register-tiled microkernels (AVX-512F 8x32, AVX2+FMA 6x16,
 * portable C 4x8) run over them. Partial tiles at the edges go through a small local tile. A
 * single row of C (m == 1) is a GEMV that reads B once, unpacked. Tiny products take plain
 * loops. The ISA is chosen at run time (kernels/cpu.h). */
#ifndef GEFLOW_KERNELS_GEMM_H
#define GEFLOW_KERNELS_GEMM_H

#include "geflow/ge_status.h"
#include "kernels/cpu.h"

#include <stdbool.h>
#include <stddef.h>

/* The executor's parallel-for (op_kernel_ctx.parallel_for): calls fn(arg, begin, end) over
 * disjoint ranges covering [0, n), possibly from several threads, and returns when all are
 * done. NULL runs serially. */
typedef void (*kern_parallel_for_fn)(void *pool, size_t n, void (*fn)(void *arg, size_t begin, size_t end),
                                     void *arg);

typedef struct kern_threads {
    kern_parallel_for_fn parallel_for; /* NULL: serial */
    void *pool;
} kern_threads;

/* C[m x n] = alpha * op(A) * op(B) + beta * C. op(A) is m x k: A is m x k (lda >= k) or, with
 * trans_a, k x m (lda >= m); op(B) is k x n: B is k x n (ldb >= n) or, with trans_b, n x k
 * (ldb >= k); ldc >= n. beta == 0 writes C without reading it (NaNs in C do not leak); k == 0
 * scales C by beta. Pointers need no alignment. Fails only when scratch memory cannot be had
 * (GE_STATUS_MEMALLOC_FAILED, message set; C is then untouched). */
ge_status kern_sgemm(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
                     size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc,
                     const kern_threads *threads);

/* As kern_sgemm on one ISA's packed path (for tests and benchmarks: no small-size shortcut);
 * an unsupported ISA gives GE_STATUS_PARAM_INVALID. */
ge_status kern_sgemm_isa(kern_isa isa, bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha,
                         const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
                         size_t ldc, const kern_threads *threads);

/* What to do to each element of C once its sum is complete, while the tile is still in cache:
 * C[i][j] = act(C[i][j] + row_bias[i] + residual[i * ld_residual + j]). Fused Conv / Gemm epilogues (bias, Relu, Clip,
 * LeakyRelu) use it instead of extra passes over the output. Relu and Clip let NaN through. */
typedef enum kern_act_kind {
    KERN_ACT_NONE = 0,
    KERN_ACT_RELU,       /* max(x, 0) */
    KERN_ACT_CLIP,       /* min(max(x, lo), hi) */
    KERN_ACT_LEAKY_RELU, /* x < 0 ? alpha * x : x */
} kern_act_kind;

typedef struct kern_epilogue {
    const float *row_bias; /* m values, or NULL */
    const float *residual; /* an m x n matrix added elementwise (Conv + Add fusion), or NULL */
    size_t ld_residual;
    kern_act_kind act;
    float lo, hi, alpha;
} kern_epilogue;

/* Applies an epilogue to rows [0, m) x columns [0, n) of c, where c[0] is element (row0, col0)
 * of the product (for row_bias and residual). */
void kern_epilogue_apply(const kern_epilogue *e, size_t row0, size_t col0, size_t m, size_t n, float *c,
                         size_t ldc);

/* As kern_sgemm, then the epilogue (NULL: none) on every element of C. */
ge_status kern_sgemm_epi(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
                         size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc,
                         const kern_epilogue *epi, const kern_threads *threads);

/* op(A) packed once for many products (constant weights): the panels kern_sgemm would build on
 * every call, for the ISA active when packing. NULL when memory runs out (message set). */
typedef struct kern_packed_a kern_packed_a;
kern_packed_a *kern_sgemm_pack_a(bool trans_a, size_t m, size_t k, const float *a, size_t lda);
void kern_packed_a_free(kern_packed_a *pa);
size_t kern_packed_a_bytes(const kern_packed_a *pa);

/* C[m x n] = alpha * A * op(B) + beta * C with A pre-packed (m x k from kern_sgemm_pack_a),
 * then the epilogue (NULL: none). Same contract as kern_sgemm otherwise. */
ge_status kern_sgemm_packed_a(const kern_packed_a *a, bool trans_b, size_t n, float alpha, const float *b,
                              size_t ldb, float beta, float *c, size_t ldc, const kern_epilogue *epi,
                              const kern_threads *threads);

/* The register tile (rows x columns of C) of an ISA's microkernel. */
void kern_sgemm_tile(kern_isa isa, int *out_mr, int *out_nr);

#endif

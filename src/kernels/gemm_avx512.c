/* AVX-512F SGEMM microkernel: 8 rows x 32 columns of C in 16 zmm accumulators; per k step two
 * vector loads of B and eight broadcasts of A folded into the FMAs. Compiled with a target
 * attribute, so the file builds with default flags and runs only where cpu.c says it can. */
#include "kernels/gemm_internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define K512 __attribute__((target("avx512f,avx2,fma")))

#define ROW_DECL(r) __m512 c##r##0 = _mm512_setzero_ps(), c##r##1 = _mm512_setzero_ps()
#define ROW_FMA(r)                                                                                            \
    do {                                                                                                      \
        __m512 a_ = _mm512_set1_ps(a[r]);                                                                     \
        c##r##0 = _mm512_fmadd_ps(a_, b0, c##r##0);                                                           \
        c##r##1 = _mm512_fmadd_ps(a_, b1, c##r##1);                                                           \
    } while (0)
#define ROW_STORE0(r)                                                                                         \
    do {                                                                                                      \
        _mm512_storeu_ps(c + (r) * ldc, _mm512_mul_ps(c##r##0, va));                                          \
        _mm512_storeu_ps(c + (r) * ldc + 16, _mm512_mul_ps(c##r##1, va));                                     \
    } while (0)
#define ROW_STORE(r)                                                                                          \
    do {                                                                                                      \
        float *cr_ = c + (r) * ldc;                                                                           \
        _mm512_storeu_ps(cr_, _mm512_fmadd_ps(c##r##0, va, _mm512_mul_ps(_mm512_loadu_ps(cr_), vb)));         \
        _mm512_storeu_ps(cr_ + 16, _mm512_fmadd_ps(c##r##1, va, _mm512_mul_ps(_mm512_loadu_ps(cr_ + 16), vb))); \
    } while (0)
#define ROW_ADD(r)                                                                                            \
    do {                                                                                                      \
        float *cr_ = c + (r) * ldc;                                                                           \
        _mm512_storeu_ps(cr_, _mm512_fmadd_ps(c##r##0, va, _mm512_loadu_ps(cr_)));                            \
        _mm512_storeu_ps(cr_ + 16, _mm512_fmadd_ps(c##r##1, va, _mm512_loadu_ps(cr_ + 16)));                  \
    } while (0)
#define ALL_ROWS(M) M(0); M(1); M(2); M(3); M(4); M(5); M(6); M(7)

K512 static void ukernel_8x32(size_t kc, const float *a, const float *b, float *c, size_t ldc, float alpha,
                              float beta)
{
    ROW_DECL(0); ROW_DECL(1); ROW_DECL(2); ROW_DECL(3);
    ROW_DECL(4); ROW_DECL(5); ROW_DECL(6); ROW_DECL(7);
    for (size_t p = 0; p < kc; p++) {
        __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
        ALL_ROWS(ROW_FMA);
        a += 8;
        b += 32;
    }
    __m512 va = _mm512_set1_ps(alpha);
    if (beta == 0.0f) {
        ALL_ROWS(ROW_STORE0);
    } else if (beta == 1.0f) {
        ALL_ROWS(ROW_ADD);
    } else {
        __m512 vb = _mm512_set1_ps(beta);
        ALL_ROWS(ROW_STORE);
    }
}

K512 static void axpy_avx512(size_t n, float a, const float *x, float *y)
{
    __m512 va = _mm512_set1_ps(a);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        _mm512_storeu_ps(y + i, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i)));
        _mm512_storeu_ps(y + i + 16, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(y + i + 16)));
    }
    for (; i < n; i++)
        y[i] += a * x[i];
}

K512 static float dot_avx512(size_t n, const float *x, const float *y)
{
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(y + i + 16), s1);
    }
    float s = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
    for (; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* act values: kern_act_kind (1 Relu, 2 Clip, 3 LeakyRelu). max/min(bound, v) return v when v is
 * NaN (the second operand), so NaN passes as in the scalar definition. */
K512 static __m512 act16(__m512 v, int act, __m512 lo, __m512 hi, __m512 alpha)
{
    __m512 z = _mm512_setzero_ps();
    switch (act) {
    case 1: return _mm512_max_ps(z, v);
    case 2: return _mm512_min_ps(hi, _mm512_max_ps(lo, v));
    case 3: return _mm512_mask_mul_ps(v, _mm512_cmp_ps_mask(v, z, _CMP_LT_OQ), v, alpha);
    default: return v;
    }
}

K512 static void epi_row_avx512(float *c, const float *res, size_t n, float bias, int act, float lo, float hi,
                                float alpha)
{
    __m512 vb = _mm512_set1_ps(bias), vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi), val = _mm512_set1_ps(alpha);
    size_t q = 0;
    for (; q + 16 <= n; q += 16) {
        __m512 v = _mm512_add_ps(_mm512_loadu_ps(c + q), vb);
        if (res)
            v = _mm512_add_ps(v, _mm512_loadu_ps(res + q));
        _mm512_storeu_ps(c + q, act16(v, act, vlo, vhi, val));
    }
    if (q < n) {
        __mmask16 m = (__mmask16)((1u << (n - q)) - 1u);
        __m512 v = _mm512_add_ps(_mm512_maskz_loadu_ps(m, c + q), vb);
        if (res)
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, res + q));
        _mm512_mask_storeu_ps(c + q, m, act16(v, act, vlo, vhi, val));
    }
}

static const kern_gemm_desc desc_avx512 = {8, 32, ukernel_8x32, axpy_avx512, dot_avx512, epi_row_avx512};

const kern_gemm_desc *kern_gemm_desc_avx512(void)
{
    return &desc_avx512;
}

#else

const kern_gemm_desc *kern_gemm_desc_avx512(void)
{
    return NULL;
}

#endif

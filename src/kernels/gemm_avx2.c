/* AVX2+FMA SGEMM microkernel: 6 rows x 16 columns of C in 12 ymm accumulators (two B vectors
 * and one A broadcast make 15 of the 16 registers). Target attribute, default build flags. */
#include "kernels/gemm_internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define KAVX2 __attribute__((target("avx2,fma")))

#define ROW_DECL(r) __m256 c##r##0 = _mm256_setzero_ps(), c##r##1 = _mm256_setzero_ps()
#define ROW_FMA(r)                                                                                            \
    do {                                                                                                      \
        __m256 a_ = _mm256_broadcast_ss(a + (r));                                                             \
        c##r##0 = _mm256_fmadd_ps(a_, b0, c##r##0);                                                           \
        c##r##1 = _mm256_fmadd_ps(a_, b1, c##r##1);                                                           \
    } while (0)
#define ROW_STORE0(r)                                                                                         \
    do {                                                                                                      \
        _mm256_storeu_ps(c + (r) * ldc, _mm256_mul_ps(c##r##0, va));                                          \
        _mm256_storeu_ps(c + (r) * ldc + 8, _mm256_mul_ps(c##r##1, va));                                      \
    } while (0)
#define ROW_STORE(r)                                                                                          \
    do {                                                                                                      \
        float *cr_ = c + (r) * ldc;                                                                           \
        _mm256_storeu_ps(cr_, _mm256_fmadd_ps(c##r##0, va, _mm256_mul_ps(_mm256_loadu_ps(cr_), vb)));         \
        _mm256_storeu_ps(cr_ + 8, _mm256_fmadd_ps(c##r##1, va, _mm256_mul_ps(_mm256_loadu_ps(cr_ + 8), vb))); \
    } while (0)
#define ROW_ADD(r)                                                                                            \
    do {                                                                                                      \
        float *cr_ = c + (r) * ldc;                                                                           \
        _mm256_storeu_ps(cr_, _mm256_fmadd_ps(c##r##0, va, _mm256_loadu_ps(cr_)));                            \
        _mm256_storeu_ps(cr_ + 8, _mm256_fmadd_ps(c##r##1, va, _mm256_loadu_ps(cr_ + 8)));                    \
    } while (0)
#define ALL_ROWS(M) M(0); M(1); M(2); M(3); M(4); M(5)

KAVX2 static void ukernel_6x16(size_t kc, const float *a, const float *b, float *c, size_t ldc, float alpha,
                               float beta)
{
    ROW_DECL(0); ROW_DECL(1); ROW_DECL(2);
    ROW_DECL(3); ROW_DECL(4); ROW_DECL(5);
    for (size_t p = 0; p < kc; p++) {
        __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
        ALL_ROWS(ROW_FMA);
        a += 6;
        b += 16;
    }
    __m256 va = _mm256_set1_ps(alpha);
    if (beta == 0.0f) {
        ALL_ROWS(ROW_STORE0);
    } else if (beta == 1.0f) {
        ALL_ROWS(ROW_ADD);
    } else {
        __m256 vb = _mm256_set1_ps(beta);
        ALL_ROWS(ROW_STORE);
    }
}

KAVX2 static void axpy_avx2(size_t n, float a, const float *x, float *y)
{
    __m256 va = _mm256_set1_ps(a);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
        _mm256_storeu_ps(y + i + 8, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8)));
    }
    for (; i < n; i++)
        y[i] += a * x[i];
}

KAVX2 static float dot_avx2(size_t n, const float *x, const float *y)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8), s1);
    }
    __m256 s8 = _mm256_add_ps(s0, s1);
    __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    s4 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    s4 = _mm_add_ss(s4, _mm_shuffle_ps(s4, s4, 1));
    float s = _mm_cvtss_f32(s4);
    for (; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* act values: kern_act_kind (1 Relu, 2 Clip, 3 LeakyRelu); NaN passes (max/min return their
 * second operand when one is NaN). */
KAVX2 static __m256 act8(__m256 v, int act, __m256 lo, __m256 hi, __m256 alpha)
{
    __m256 z = _mm256_setzero_ps();
    switch (act) {
    case 1: return _mm256_max_ps(z, v);
    case 2: return _mm256_min_ps(hi, _mm256_max_ps(lo, v));
    case 3: return _mm256_blendv_ps(v, _mm256_mul_ps(v, alpha), _mm256_cmp_ps(v, z, _CMP_LT_OQ));
    default: return v;
    }
}

KAVX2 static void epi_row_avx2(float *c, const float *res, size_t n, float bias, int act, float lo, float hi,
                               float alpha)
{
    __m256 vb = _mm256_set1_ps(bias), vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi), val = _mm256_set1_ps(alpha);
    size_t q = 0;
    for (; q + 8 <= n; q += 8) {
        __m256 v = _mm256_add_ps(_mm256_loadu_ps(c + q), vb);
        if (res)
            v = _mm256_add_ps(v, _mm256_loadu_ps(res + q));
        _mm256_storeu_ps(c + q, act8(v, act, vlo, vhi, val));
    }
    if (q < n)
        kern_epi_row_portable(c + q, res ? res + q : NULL, n - q, bias, act, lo, hi, alpha);
}

static const kern_gemm_desc desc_avx2 = {6, 16, ukernel_6x16, axpy_avx2, dot_avx2, epi_row_avx2};

const kern_gemm_desc *kern_gemm_desc_avx2(void)
{
    return &desc_avx2;
}

#else

const kern_gemm_desc *kern_gemm_desc_avx2(void)
{
    return NULL;
}

#endif

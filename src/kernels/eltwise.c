/* float32 elementwise loops (see eltwise.h): element functions, the loops compiled once per
 * ISA (eltwise_loops.h), and the run-time choice. */
#include "kernels/eltwise.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define KERN_EW_X86 1
#else
#define KERN_EW_X86 0
#endif

/* ---------------------------------------------------------------- element functions */

static inline float bits_to_f(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline uint32_t f_to_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* exp(x) in float, branch-free (Cody-Waite reduction by ln 2 and the Cephes expf
 * polynomial; ~1 ulp). NaN propagates; +Inf gives +Inf and -Inf gives 0; results below
 * FLT_MIN come out as subnormals (the scale 2^k is applied in two halves). */
static inline float exp_f(float x)
{
    float xc = x < -104.0f ? -104.0f : x; /* NaN passes through both clamps */
    xc = xc > 89.0f ? 89.0f : xc;
    const float magic = 12582912.0f; /* 1.5 * 2^23: adding it rounds to an integer */
    float t = xc * 1.44269504088896341f + magic;
    float k = t - magic;
    int32_t ki = (int32_t)(f_to_bits(t) - f_to_bits(magic));
    ki = ki < -150 ? -150 : ki;
    ki = ki > 128 ? 128 : ki;
    float r = xc - k * 0.693359375f;
    r = r - k * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    int32_t k1 = ki / 2, k2 = ki - k1;
    float s1 = bits_to_f((uint32_t)(k1 + 127) << 23), s2 = bits_to_f((uint32_t)(k2 + 127) << 23);
    return p * s1 * s2;
}

float kern_ew_expf(float x)
{
    return exp_f(x);
}

static inline float abs_f(float x)
{
    return bits_to_f(f_to_bits(x) & 0x7fffffffu);
}

static inline float sigmoid_f(float x)
{
    float e = exp_f(-abs_f(x)); /* in (0, 1]: no overflow on either side */
    float d = 1.0f + e;
    return x >= 0.0f ? 1.0f / d : e / d;
}

/* Cephes tanhf: an odd polynomial below 0.625, 1 - 2 / (exp(2|x|) + 1) above. */
static inline float tanh_f(float x)
{
    float ax = abs_f(x);
    float z = x * x;
    float small = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z + 1.33314422036e-1f) * z -
                   3.33332819422e-1f) *
                      z * x +
                  x;
    float big = 1.0f - 2.0f / (exp_f(2.0f * ax) + 1.0f);
    big = x < 0.0f ? -big : big;
    return ax < 0.625f ? small : big;
}

/* exp(x - m) to a few ulp: x - m is rounded to float, and exp turns that absolute error into
 * a relative one of up to |x - m| ulp, so the rounding error (TwoSum, exact) is applied as
 * exp(d + lo) = exp(d) * (1 + lo). */
static inline float exp_diff_f(float x, float m)
{
    float d = x - m;
    float bb = d - x;
    float lo = (x - (d - bb)) + (-m - bb);
    lo = abs_f(d) <= 3.40282347e38f ? lo : 0.0f; /* -Inf - Inf gives NaN: no correction */
    float e = exp_f(d);
    return e + e * lo;
}

/* Gelu, tanh approximation: 0.5 x (1 + tanh(u)) = x sigmoid(2u). 2u is computed in double and
 * split into float hi + lo (the same argument-error issue as exp_diff_f); sigmoid(hi + lo) =
 * s + s (1 - s) lo. No cancellation for large negative x. */
static inline float gelu_tanh_f(float x)
{
    double xd = x;
    double u2 = 1.5957691216057307 * (xd + 0.044715 * xd * xd * xd);
    float hi = (float)u2;
    float lo = (float)(u2 - (double)hi);
    float s = sigmoid_f(hi);
    lo = abs_f(hi) <= 3.40282347e38f ? lo : 0.0f; /* hi infinite (or NaN): no correction */
    return x * (s + s * (1.0f - s) * lo);
}

/* erf and erfc, branch-free (polynomials from scripts/fit_erfc_f32.py, a few ulp):
 *   |z| < 0.5:       erf(z) = z PA(z^2)
 *   0.5 <= z <= 10:  erfc(z) = exp(-z^2) PB(1 / (1 + z/2)), exp(-z^2) from z^2 in double
 *                    split into float hi + lo;
 *   z > 10:          erfc(z) = 0 (below the smallest subnormal). */
static inline float erf_small_f(float z)
{
    float u = z * z;
    float p = 4.717567826e-03f;
    p = p * u + -2.675697511e-02f;
    p = p * u + 1.128281959e-01f;
    p = p * u + -3.761260842e-01f;
    p = p * u + 1.128379166e+00f;
    return z * p;
}

/* erfc(a) for a >= 0 (NaN passes); *e_out = exp(-a^2) (0 above 10). */
static inline float erfc_pos_f(float a, float *e_out)
{
    float zc = a > 10.0f ? 10.0f : a;
    float t = 1.0f / (1.0f + 0.5f * zc);
    float q = -6.770446360e-03f;
    q = q * t + -4.399799666e-02f;
    q = q * t + 2.914534355e-01f;
    q = q * t + -5.433767689e-01f;
    q = q * t + 3.578311028e-01f;
    q = q * t + -8.503620243e-02f;
    q = q * t + 2.280855417e-01f;
    q = q * t + 2.363580413e-01f;
    q = q * t + 2.834405377e-01f;
    q = q * t + 2.819953701e-01f;
    q = q * t + 3.212240556e-06f;
    double z2 = (double)zc * (double)zc;
    float hi = (float)z2, lo = (float)(z2 - (double)hi);
    float e = exp_f(-hi);
    e = e - e * lo;
    *e_out = a > 10.0f ? 0.0f : e;
    float big = a > 10.0f ? 0.0f : e * q;
    return a < 0.5f ? 1.0f - erf_small_f(a) : big;
}

static inline float erf_f(float x)
{
    float a = abs_f(x), e;
    float r = 1.0f - erfc_pos_f(a, &e);
    r = x < 0.0f ? -r : r;
    return a < 0.5f ? erf_small_f(x) : r;
}

/* Gelu, exact form: 0.5 x (1 + erf(x / sqrt 2)) = 0.5 x erfc(w), w = -x / sqrt 2 (no
 * cancellation for large negative x). w is computed in double and split into float
 * hi + lo; erfc(hi + lo) = erfc(hi) - 2/sqrt(pi) exp(-hi^2) lo; erfc(-a) = 2 - erfc(a). */
static inline float gelu_f(float x)
{
    double wd = (double)x * -0.70710678118654752;
    float hi = (float)wd;
    float lo = (float)(wd - (double)hi);
    lo = abs_f(hi) <= 3.40282347e38f ? lo : 0.0f;
    float e;
    float r = erfc_pos_f(abs_f(hi), &e);
    r = hi < 0.0f ? 2.0f - r : r;
    r = r - 1.12837916709551257f * e * lo;
    return 0.5f * x * r;
}

static inline float relu_f(float x)
{
    return x > 0.0f ? x : (x != x ? x : 0.0f); /* NaN stays NaN, -0 gives +0 */
}

static inline float max_f(float x, float y)
{
    float r = x > y ? x : y;
    r = y != y ? y : r;
    return x != x ? x : r;
}

static inline float min_f(float x, float y)
{
    float r = x < y ? x : y;
    r = y != y ? y : r;
    return x != x ? x : r;
}

/* min(max(v, 0), 1) as the reference orders it (NaN gives 1) */
static inline float clamp01(float v)
{
    v = v < 1.0f ? v : 1.0f;
    return v > 0.0f ? v : 0.0f;
}

/* ---------------------------------------------------------------- loops per ISA */

#define SM_LANES 16

#define KEW_CAT_(a, b) a##b
#define KEW_CAT(a, b) KEW_CAT_(a, b)

#define KEW_ATTR
#define N(name) KEW_CAT(name, _portable)
#include "kernels/eltwise_loops.h"
#undef N
#undef KEW_ATTR

#if KERN_EW_X86
#define KEW_ATTR __attribute__((target("avx2,fma")))
#define N(name) KEW_CAT(name, _avx2)
#include "kernels/eltwise_loops.h"
#undef N
#undef KEW_ATTR

#define KEW_ATTR __attribute__((target("avx512f,avx2,fma")))
#define N(name) KEW_CAT(name, _avx512)
#include "kernels/eltwise_loops.h"
#undef N
#undef KEW_ATTR
#endif

static const kern_ew_loops *const loops_of_isa[KERN_ISA_COUNT] = {
    [KERN_ISA_PORTABLE] = &loops_portable,
#if KERN_EW_X86
    [KERN_ISA_AVX2] = &loops_avx2,
    [KERN_ISA_AVX512] = &loops_avx512,
#else
    [KERN_ISA_AVX2] = &loops_portable,
    [KERN_ISA_AVX512] = &loops_portable,
#endif
};

/* The ISA in use: kern_isa_active() (GEFLOW_ISA, else the best) on first use, or what
 * kern_ew_set_isa chose. */
static _Atomic int isa_choice = -1;

void kern_ew_set_isa(int isa)
{
    int v = -1;
    if (isa >= 0) {
        kern_isa want = (kern_isa)(isa < KERN_ISA_COUNT ? isa : KERN_ISA_COUNT - 1);
        while (want > KERN_ISA_PORTABLE && !kern_isa_supported(want))
            want = (kern_isa)(want - 1);
        v = (int)want;
    }
    atomic_store_explicit(&isa_choice, v, memory_order_relaxed);
}

kern_isa kern_ew_isa(void)
{
    int v = atomic_load_explicit(&isa_choice, memory_order_relaxed);
    if (v < 0) {
        v = (int)kern_isa_active();
        atomic_store_explicit(&isa_choice, v, memory_order_relaxed);
    }
    return (kern_isa)v;
}

const kern_ew_loops *kern_ew_active(void)
{
    return loops_of_isa[kern_ew_isa()];
}

void kern_ew_unary(kern_ew_unary_op op, const float *x, float *y, size_t n, float a, float b)
{
    kern_ew_active()->unary[op](x, y, n, a, b);
}

void kern_ew_binary_vv(kern_ew_binary_op op, const float *a, const float *b, float *c, size_t n)
{
    kern_ew_active()->binary[op].vv(a, b, c, n);
}

void kern_ew_binary_vs(kern_ew_binary_op op, const float *a, float s, float *c, size_t n)
{
    kern_ew_active()->binary[op].vs(a, s, c, n);
}

void kern_ew_binary_sv(kern_ew_binary_op op, float s, const float *b, float *c, size_t n)
{
    kern_ew_active()->binary[op].sv(s, b, c, n);
}

void kern_ew_scale_shift(const float *x, float *y, size_t n, float scale, float shift)
{
    kern_ew_active()->scale_shift(x, y, n, scale, shift);
}

void kern_ew_softmax_row(const float *x, float *y, size_t n, bool log_softmax)
{
    kern_ew_active()->softmax_row(x, y, n, log_softmax);
}

/* float32 fast paths (see ew_f32.h): per-op loops over contiguous runs, and the drivers that
 * map an op's tensors onto such runs. */
#include "ops/ew_f32.h"

#include "kernels/cpu.h"
#include "ops/eltwise_util.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define EWF_X86 1
#else
#define EWF_X86 0
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

float ewf_expf(float x)
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

typedef void (*unary_loop)(const float *x, float *y, size_t n, float a, float b);

typedef struct binary_loops {
    void (*vv)(const float *a, const float *b, float *c, size_t n);
    void (*vs)(const float *a, float s, float *c, size_t n);
    void (*sv)(float s, const float *b, float *c, size_t n);
} binary_loops;

typedef struct ewf_loops {
    unary_loop unary[EWF_UNARY_COUNT];
    binary_loops binary[EWF_BINARY_COUNT];
    void (*scale_shift)(const float *x, float *y, size_t n, float scale, float shift);
    void (*softmax_row)(const float *x, float *y, size_t n, bool log_softmax);
} ewf_loops;

#define EWF_CAT_(a, b) a##b
#define EWF_CAT(a, b) EWF_CAT_(a, b)

#define EWF_ATTR
#define N(name) EWF_CAT(name, _portable)
#include "ops/ew_f32_loops.h"
#undef N
#undef EWF_ATTR

#if EWF_X86
#define EWF_ATTR __attribute__((target("avx2,fma")))
#define N(name) EWF_CAT(name, _avx2)
#include "ops/ew_f32_loops.h"
#undef N
#undef EWF_ATTR

#define EWF_ATTR __attribute__((target("avx512f,avx2,fma")))
#define N(name) EWF_CAT(name, _avx512)
#include "ops/ew_f32_loops.h"
#undef N
#undef EWF_ATTR
#endif

static const ewf_loops *const loops_of_isa[KERN_ISA_COUNT] = {
    [KERN_ISA_PORTABLE] = &loops_portable,
#if EWF_X86
    [KERN_ISA_AVX2] = &loops_avx2,
    [KERN_ISA_AVX512] = &loops_avx512,
#else
    [KERN_ISA_AVX2] = &loops_portable,
    [KERN_ISA_AVX512] = &loops_portable,
#endif
};

/* The ISA in use: kern_isa_active() (GEFLOW_ISA, else the best) on first use, or what
 * ewf_set_isa chose. */
static _Atomic int ewf_isa_choice = -1;

void ewf_set_isa(int isa)
{
    int v = -1;
    if (isa >= 0) {
        kern_isa want = (kern_isa)(isa < KERN_ISA_COUNT ? isa : KERN_ISA_COUNT - 1);
        while (want > KERN_ISA_PORTABLE && !kern_isa_supported(want))
            want = (kern_isa)(want - 1);
        v = (int)want;
    }
    atomic_store_explicit(&ewf_isa_choice, v, memory_order_relaxed);
}

kern_isa ewf_isa(void)
{
    int v = atomic_load_explicit(&ewf_isa_choice, memory_order_relaxed);
    if (v < 0) {
        v = (int)kern_isa_active();
        atomic_store_explicit(&ewf_isa_choice, v, memory_order_relaxed);
    }
    return (kern_isa)v;
}

static const ewf_loops *active(void)
{
    return loops_of_isa[ewf_isa()];
}

void ewf_unary(ewf_unary_op op, const float *x, float *y, size_t n, float a, float b)
{
    active()->unary[op](x, y, n, a, b);
}

void ewf_binary_vv(ewf_binary_op op, const float *a, const float *b, float *c, size_t n)
{
    active()->binary[op].vv(a, b, c, n);
}

void ewf_binary_vs(ewf_binary_op op, const float *a, float s, float *c, size_t n)
{
    active()->binary[op].vs(a, s, c, n);
}

void ewf_binary_sv(ewf_binary_op op, float s, const float *b, float *c, size_t n)
{
    active()->binary[op].sv(s, b, c, n);
}

void ewf_scale_shift(const float *x, float *y, size_t n, float scale, float shift)
{
    active()->scale_shift(x, y, n, scale, shift);
}

void ewf_softmax_row(const float *x, float *y, size_t n, bool log_softmax)
{
    active()->softmax_row(x, y, n, log_softmax);
}

/* ---------------------------------------------------------------- drivers */

typedef struct unary_job {
    unary_loop fn;
    const float *x;
    float *y;
    float a, b;
} unary_job;

static void unary_chunk_f32(void *arg, size_t begin, size_t end)
{
    const unary_job *j = arg;
    j->fn(j->x + begin, j->y + begin, end - begin, j->a, j->b);
}

ge_status ewf_unary_kernel(op_kernel_ctx *ctx, ewf_unary_op op, float a, float b)
{
    ge_status st = ew_check_kernel_io(ctx, 1, GE_DTYPE_FLOAT32);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[0].dtype != GE_DTYPE_FLOAT32 || !ir_shape_equal(&ctx->inputs[0].shape, &ctx->outputs[0].shape))
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output shape or dtype differs from the input's");
    unary_job j = {active()->unary[op], ctx->inputs[0].data, ctx->outputs[0].data, a, b};
    op_parallel_for_elems(ctx, (size_t)ir_tensor_numel(&ctx->outputs[0]), unary_chunk_f32, &j);
    return GE_STATUS_SUCCESS;
}

/* A broadcast binary op as contiguous inner runs: output dims of 1 dropped, adjacent dims
 * merged while both inputs stay contiguous (or both broadcast) across them. The innermost
 * merged dim is the run: each input is either read along it (stride 1) or held (stride 0);
 * the outer merged dims are walked by an odometer. */
enum { RUN_VV, RUN_VS, RUN_SV };

typedef struct binary_job {
    const binary_loops *loops;
    const float *a, *b;
    float *c;
    int kind;
    size_t inner;
    int nouter;
    int64_t odims[IR_MAX_RANK], ast[IR_MAX_RANK], bst[IR_MAX_RANK];
} binary_job;

static void binary_plan(binary_job *j, const ir_shape *as, const ir_shape *bs, const ir_shape *out)
{
    int64_t sa[IR_MAX_RANK], sb[IR_MAX_RANK];
    op_broadcast_strides(as, out, sa);
    op_broadcast_strides(bs, out, sb);
    int64_t dims[IR_MAX_RANK], da[IR_MAX_RANK], db[IR_MAX_RANK];
    int m = 0;
    for (int32_t d = 0; d < out->rank; d++) {
        if (out->dims[d] == 1)
            continue;
        if (m > 0 && da[m - 1] == sa[d] * out->dims[d] && db[m - 1] == sb[d] * out->dims[d]) {
            dims[m - 1] *= out->dims[d];
            da[m - 1] = sa[d];
            db[m - 1] = sb[d];
            continue;
        }
        dims[m] = out->dims[d];
        da[m] = sa[d];
        db[m] = sb[d];
        m++;
    }
    if (m == 0) { /* a single element */
        j->kind = RUN_VV;
        j->inner = 1;
        j->nouter = 0;
        return;
    }
    j->inner = (size_t)dims[m - 1];
    j->kind = da[m - 1] != 0 && db[m - 1] != 0 ? RUN_VV : da[m - 1] != 0 ? RUN_VS : RUN_SV;
    j->nouter = m - 1;
    for (int d = 0; d < m - 1; d++) {
        j->odims[d] = dims[d];
        j->ast[d] = da[d];
        j->bst[d] = db[d];
    }
}

static void binary_chunk_f32(void *arg, size_t begin, size_t end)
{
    const binary_job *j = arg;
    size_t L = j->inner, o = begin / L, i0 = begin % L;
    int64_t idx[IR_MAX_RANK];
    size_t aoff = 0, boff = 0;
    for (int d = j->nouter - 1; d >= 0; d--) {
        idx[d] = (int64_t)(o % (size_t)j->odims[d]);
        o /= (size_t)j->odims[d];
        aoff += (size_t)(idx[d] * j->ast[d]);
        boff += (size_t)(idx[d] * j->bst[d]);
    }
    size_t pos = begin;
    while (pos < end) {
        size_t len = L - i0 < end - pos ? L - i0 : end - pos;
        switch (j->kind) {
        case RUN_VV: j->loops->vv(j->a + aoff + i0, j->b + boff + i0, j->c + pos, len); break;
        case RUN_VS: j->loops->vs(j->a + aoff + i0, j->b[boff], j->c + pos, len); break;
        default: j->loops->sv(j->a[aoff], j->b + boff + i0, j->c + pos, len); break;
        }
        pos += len;
        i0 = 0;
        for (int d = j->nouter - 1; d >= 0; d--) {
            if (++idx[d] < j->odims[d]) {
                aoff += (size_t)j->ast[d];
                boff += (size_t)j->bst[d];
                break;
            }
            idx[d] = 0;
            aoff -= (size_t)(j->ast[d] * (j->odims[d] - 1));
            boff -= (size_t)(j->bst[d] * (j->odims[d] - 1));
        }
    }
}

static void binary_apply(op_kernel_ctx *ctx, ewf_binary_op op, const ir_tensor *a, const ir_tensor *b, ir_tensor *c)
{
    size_t n = (size_t)ir_tensor_numel(c);
    if (n == 0)
        return;
    binary_job j = {.loops = &active()->binary[op], .a = a->data, .b = b->data, .c = c->data};
    binary_plan(&j, &a->shape, &b->shape, &c->shape);
    op_parallel_for_elems(ctx, n, binary_chunk_f32, &j);
}

ge_status ewf_binary_kernel(op_kernel_ctx *ctx, ewf_binary_op op)
{
    ge_status st = ew_check_kernel_io(ctx, 2, GE_DTYPE_FLOAT32);
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (size_t k = 0; k < 2; k++)
        if (ctx->inputs[k].dtype != GE_DTYPE_FLOAT32)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has dtype %s; expected float32", k,
                           ge_dtype_name(ctx->inputs[k].dtype));
    binary_apply(ctx, op, &ctx->inputs[0], &ctx->inputs[1], &ctx->outputs[0]);
    return GE_STATUS_SUCCESS;
}

static bool overlaps(const ir_tensor *x, const ir_tensor *y)
{
    const char *xa = x->data, *ya = y->data;
    return xa && ya && xa < ya + y->bytes && ya < xa + x->bytes;
}

ge_status ewf_variadic_kernel(op_kernel_ctx *ctx, ewf_binary_op op, bool mean, bool *handled)
{
    *handled = false;
    size_t n_in = ctx->n_inputs;
    if (n_in < 2 || (mean && n_in > 2))
        return GE_STATUS_SUCCESS;
    ge_status st = ew_check_kernel_io(ctx, n_in, GE_DTYPE_FLOAT32);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_tensor *y = &ctx->outputs[0];
    for (size_t k = 0; k < n_in; k++) {
        if (ctx->inputs[k].dtype != GE_DTYPE_FLOAT32)
            return GE_STATUS_SUCCESS; /* the reference reports it */
        /* y = in0 op in1 reads and writes element for element when y is in0 or in1 itself;
         * a later input that y overlaps would be overwritten before it is read */
        bool same = ctx->inputs[k].data == y->data && ir_shape_equal(&ctx->inputs[k].shape, &y->shape);
        if (overlaps(&ctx->inputs[k], y) && (k >= 2 || !same))
            return GE_STATUS_SUCCESS;
    }
    *handled = true;
    binary_apply(ctx, mean ? EWF_MEAN2 : op, &ctx->inputs[0], &ctx->inputs[1], y);
    for (size_t k = 2; k < n_in; k++)
        binary_apply(ctx, op, y, &ctx->inputs[k], y);
    return GE_STATUS_SUCCESS;
}

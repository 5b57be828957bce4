/* float32 fast paths (see ew_f32.h): per-op loops over contiguous runs, and the drivers that
 * map an op's tensors onto such runs. */
#include "ops/ew_f32.h"

#include "ops/eltwise_util.h"

#include <math.h>
#include <string.h>

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

/* Gelu, exact form: 0.5 x (1 + erf(x / sqrt 2)) = 0.5 x erfc(-x / sqrt 2) (no cancellation
 * for large negative x). The erfc argument is computed in double and split into float
 * hi + lo; erfc(hi + lo) = erfc(hi) - 2/sqrt(pi) exp(-hi^2) lo. */
static inline float gelu_f(float x)
{
    double zd = (double)x * -0.70710678118654752;
    float hi = (float)zd;
    float lo = (float)(zd - (double)hi);
    lo = abs_f(hi) <= 3.40282347e38f ? lo : 0.0f;
    float e = erfcf(hi) - 1.12837916709551257f * exp_f(-(hi * hi)) * lo;
    return 0.5f * x * e;
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

/* ---------------------------------------------------------------- unary loops */

typedef void (*unary_loop)(const float *x, float *y, size_t n, float a, float b);

#define UNARY_LOOP(name, expr)                                                                     \
    static void name(const float *x, float *y, size_t n, float a, float b)                         \
    {                                                                                              \
        (void)a;                                                                                   \
        (void)b;                                                                                   \
        for (size_t i = 0; i < n; i++) {                                                           \
            float v = x[i];                                                                        \
            y[i] = (expr);                                                                         \
        }                                                                                          \
    }

UNARY_LOOP(u_relu, relu_f(v))
UNARY_LOOP(u_leaky, v < 0.0f ? a * v : v)
UNARY_LOOP(u_sigmoid, sigmoid_f(v))
UNARY_LOOP(u_tanh, tanh_f(v))
UNARY_LOOP(u_clip, b < (v < a ? a : v) ? b : (v < a ? a : v))
UNARY_LOOP(u_hard_sigmoid, clamp01(a * v + b))
UNARY_LOOP(u_hard_swish, v * clamp01(v / 6.0f + 0.5f))
UNARY_LOOP(u_exp, exp_f(v))
UNARY_LOOP(u_neg, -v)
UNARY_LOOP(u_abs, abs_f(v))
UNARY_LOOP(u_sqrt, sqrtf(v))
UNARY_LOOP(u_reciprocal, 1.0f / v)
UNARY_LOOP(u_erf, erff(v))
UNARY_LOOP(u_gelu, gelu_f(v))
UNARY_LOOP(u_gelu_tanh, gelu_tanh_f(v))

static const unary_loop unary_loops[EWF_UNARY_COUNT] = {
    [EWF_RELU] = u_relu,
    [EWF_LEAKY_RELU] = u_leaky,
    [EWF_SIGMOID] = u_sigmoid,
    [EWF_TANH] = u_tanh,
    [EWF_CLIP] = u_clip,
    [EWF_HARD_SIGMOID] = u_hard_sigmoid,
    [EWF_HARD_SWISH] = u_hard_swish,
    [EWF_EXP] = u_exp,
    [EWF_NEG] = u_neg,
    [EWF_ABS] = u_abs,
    [EWF_SQRT] = u_sqrt,
    [EWF_RECIPROCAL] = u_reciprocal,
    [EWF_ERF] = u_erf,
    [EWF_GELU] = u_gelu,
    [EWF_GELU_TANH] = u_gelu_tanh,
};

void ewf_unary(ewf_unary_op op, const float *x, float *y, size_t n, float a, float b)
{
    unary_loops[op](x, y, n, a, b);
}

/* ---------------------------------------------------------------- binary loops */

typedef struct binary_loops {
    void (*vv)(const float *a, const float *b, float *c, size_t n);
    void (*vs)(const float *a, float s, float *c, size_t n);
    void (*sv)(float s, const float *b, float *c, size_t n);
} binary_loops;

#define BINARY_LOOPS(name, expr)                                                                   \
    static void name##_vv(const float *a, const float *b, float *c, size_t n)                      \
    {                                                                                              \
        for (size_t i = 0; i < n; i++) {                                                           \
            float x = a[i], y = b[i];                                                              \
            c[i] = (expr);                                                                         \
        }                                                                                          \
    }                                                                                              \
    static void name##_vs(const float *a, float y, float *c, size_t n)                             \
    {                                                                                              \
        for (size_t i = 0; i < n; i++) {                                                           \
            float x = a[i];                                                                        \
            c[i] = (expr);                                                                         \
        }                                                                                          \
    }                                                                                              \
    static void name##_sv(float x, const float *b, float *c, size_t n)                             \
    {                                                                                              \
        for (size_t i = 0; i < n; i++) {                                                           \
            float y = b[i];                                                                        \
            c[i] = (expr);                                                                         \
        }                                                                                          \
    }

BINARY_LOOPS(b_add, x + y)
BINARY_LOOPS(b_sub, x - y)
BINARY_LOOPS(b_mul, x * y)
BINARY_LOOPS(b_div, x / y)
BINARY_LOOPS(b_max, max_f(x, y))
BINARY_LOOPS(b_min, min_f(x, y))
/* the two-input Mean as the reference rounds it: the sum does not overflow in double */
BINARY_LOOPS(b_mean2, (float)(((double)x + (double)y) * 0.5))

static const binary_loops bin_loops[EWF_BINARY_COUNT] = {
    [EWF_ADD] = {b_add_vv, b_add_vs, b_add_sv},
    [EWF_SUB] = {b_sub_vv, b_sub_vs, b_sub_sv},
    [EWF_MUL] = {b_mul_vv, b_mul_vs, b_mul_sv},
    [EWF_DIV] = {b_div_vv, b_div_vs, b_div_sv},
    [EWF_MAX] = {b_max_vv, b_max_vs, b_max_sv},
    [EWF_MIN] = {b_min_vv, b_min_vs, b_min_sv},
    [EWF_MEAN2] = {b_mean2_vv, b_mean2_vs, b_mean2_sv},
};

void ewf_binary_vv(ewf_binary_op op, const float *a, const float *b, float *c, size_t n)
{
    bin_loops[op].vv(a, b, c, n);
}

void ewf_binary_vs(ewf_binary_op op, const float *a, float s, float *c, size_t n)
{
    bin_loops[op].vs(a, s, c, n);
}

void ewf_binary_sv(ewf_binary_op op, float s, const float *b, float *c, size_t n)
{
    bin_loops[op].sv(s, b, c, n);
}

void ewf_scale_shift(const float *x, float *y, size_t n, float scale, float shift)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] * scale + shift;
}

/* ---------------------------------------------------------------- softmax row */

#define SM_LANES 16

void ewf_softmax_row(const float *x, float *y, size_t n, bool log_softmax)
{
    /* the maximum, in lanes (a float max reduction is not vectorised without -ffast-math);
     * a NaN anywhere makes the whole row NaN below, as in the reference */
    float lm[SM_LANES];
    for (size_t l = 0; l < SM_LANES; l++)
        lm[l] = x[0];
    size_t i = 0;
    for (; i + SM_LANES <= n; i += SM_LANES)
        for (size_t l = 0; l < SM_LANES; l++)
            lm[l] = x[i + l] > lm[l] ? x[i + l] : lm[l];
    float mx = lm[0];
    for (size_t l = 1; l < SM_LANES; l++)
        mx = lm[l] > mx ? lm[l] : mx;
    for (; i < n; i++)
        mx = x[i] > mx ? x[i] : mx;
    /* exp(x - max), summed in double lanes; softmax keeps it in y (y may be x: log-softmax
     * reads x again below, so it stores nothing here) */
    double ls[SM_LANES] = {0};
    double sum = 0.0;
    i = 0;
    if (log_softmax) {
        for (; i + SM_LANES <= n; i += SM_LANES)
            for (size_t l = 0; l < SM_LANES; l++)
                ls[l] += (double)exp_diff_f(x[i + l], mx);
        for (; i < n; i++)
            sum += (double)exp_diff_f(x[i], mx);
    } else {
        for (; i + SM_LANES <= n; i += SM_LANES)
            for (size_t l = 0; l < SM_LANES; l++) {
                float e = exp_diff_f(x[i + l], mx);
                ls[l] += (double)e;
                y[i + l] = e;
            }
        for (; i < n; i++) {
            float e = exp_diff_f(x[i], mx);
            sum += (double)e;
            y[i] = e;
        }
    }
    for (size_t l = 0; l < SM_LANES; l++)
        sum += ls[l];
    if (log_softmax) {
        float lse = (float)log(sum);
        for (size_t k = 0; k < n; k++)
            y[k] = (x[k] - mx) - lse;
    } else {
        float inv = (float)(1.0 / sum);
        for (size_t k = 0; k < n; k++)
            y[k] *= inv;
    }
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
    unary_job j = {unary_loops[op], ctx->inputs[0].data, ctx->outputs[0].data, a, b};
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
    binary_job j = {.loops = &bin_loops[op], .a = a->data, .b = b->data, .c = c->data};
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

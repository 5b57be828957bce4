/* The float32 loops of eltwise.c, compiled once per instruction set: eltwise.c includes this
 * file (no include guard, on purpose) with KEW_ATTR (a target attribute, or nothing) and
 * N(name) (the name with the ISA's suffix) defined; it defines this ISA's kern_ew_loops table
 * N(loops). The element functions it calls are static inline in eltwise.c and inline into
 * each variant, so every variant computes the same float operations in the same order
 * (eltwise.c is built with -ffp-contract=off: no fused multiply-adds), and the ISAs give
 * bit-identical results. */

/* ---------------------------------------------------------------- unary loops */

#define UNARY_LOOP(name, expr)                                                                     \
    KEW_ATTR static void N(name)(const float *x, float *y, size_t n, float a, float b)             \
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
UNARY_LOOP(u_erf, erf_f(v))
UNARY_LOOP(u_gelu, gelu_f(v))
UNARY_LOOP(u_gelu_tanh, gelu_tanh_f(v))

/* ---------------------------------------------------------------- binary loops */

#define BINARY_LOOPS(name, expr)                                                                   \
    KEW_ATTR static void N(name##_vv)(const float *a, const float *b, float *c, size_t n)          \
    {                                                                                              \
        for (size_t i = 0; i < n; i++) {                                                           \
            float x = a[i], y = b[i];                                                              \
            c[i] = (expr);                                                                         \
        }                                                                                          \
    }                                                                                              \
    KEW_ATTR static void N(name##_vs)(const float *a, float y, float *c, size_t n)                 \
    {                                                                                              \
        for (size_t i = 0; i < n; i++) {                                                           \
            float x = a[i];                                                                        \
            c[i] = (expr);                                                                         \
        }                                                                                          \
    }                                                                                              \
    KEW_ATTR static void N(name##_sv)(float x, const float *b, float *c, size_t n)                 \
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
BINARY_LOOPS(b_prelu, x < 0.0f ? x * y : x)

KEW_ATTR static void N(scale_shift)(const float *x, float *y, size_t n, float scale, float shift)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] * scale + shift;
}

/* ---------------------------------------------------------------- softmax row */

KEW_ATTR static void N(softmax_row)(const float *x, float *y, size_t n, bool log_softmax)
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

/* ---------------------------------------------------------------- this ISA's table */

#define B3(name) {N(name##_vv), N(name##_vs), N(name##_sv)}
static const kern_ew_loops N(loops) = {
    .unary =
        {
            [KERN_EW_RELU] = N(u_relu),
            [KERN_EW_LEAKY_RELU] = N(u_leaky),
            [KERN_EW_SIGMOID] = N(u_sigmoid),
            [KERN_EW_TANH] = N(u_tanh),
            [KERN_EW_CLIP] = N(u_clip),
            [KERN_EW_HARD_SIGMOID] = N(u_hard_sigmoid),
            [KERN_EW_HARD_SWISH] = N(u_hard_swish),
            [KERN_EW_EXP] = N(u_exp),
            [KERN_EW_NEG] = N(u_neg),
            [KERN_EW_ABS] = N(u_abs),
            [KERN_EW_SQRT] = N(u_sqrt),
            [KERN_EW_RECIPROCAL] = N(u_reciprocal),
            [KERN_EW_ERF] = N(u_erf),
            [KERN_EW_GELU] = N(u_gelu),
            [KERN_EW_GELU_TANH] = N(u_gelu_tanh),
        },
    .binary =
        {
            [KERN_EW_ADD] = B3(b_add),
            [KERN_EW_SUB] = B3(b_sub),
            [KERN_EW_MUL] = B3(b_mul),
            [KERN_EW_DIV] = B3(b_div),
            [KERN_EW_MAX] = B3(b_max),
            [KERN_EW_MIN] = B3(b_min),
            [KERN_EW_MEAN2] = B3(b_mean2),
            [KERN_EW_PRELU] = B3(b_prelu),
        },
    .scale_shift = N(scale_shift),
    .softmax_row = N(softmax_row),
};
#undef B3
#undef UNARY_LOOP
#undef BINARY_LOOPS

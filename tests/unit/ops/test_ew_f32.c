/* The float32 fast paths (src/kernels/eltwise.c, BatchNormalization, Softmax) against the double
 * reference kernels: each case runs the op on float32 data and again on the same values as
 * float64, which takes the reference path (float32 used to run it too, rounding its double
 * result once); the float32 result must equal that rounding or stay within a few ulp.
 * Random data with NaN, +-Inf, +-0, subnormals and extremes mixed in, sizes that are not
 * multiples of any vector width, broadcast shapes, and a thread pool stand-in that cuts the
 * work into odd chunks (so a broadcast run can start anywhere). Everything runs once per
 * instruction set the CPU has (the loops are compiled per ISA), and the ISAs must agree bit
 * for bit. */
#include "base/alloc.h"
#include "op_test.h"
#include "ops/ew_f32.h"

#include <float.h>
#include <stdlib.h>

/* ---- helpers ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static double rnd01(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* n values uniform in [lo, hi]; with `specials`, the first ones are NaN, +-Inf, +-0, +-1e-40
 * (subnormal), +-FLT_MAX, and a few are scattered further on. */
static void fill(float *v, size_t n, double lo, double hi, bool specials)
{
    static const float sp[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e-40f, -1e-40f, FLT_MAX, -FLT_MAX};
    for (size_t i = 0; i < n; i++)
        v[i] = (float)(lo + (hi - lo) * rnd01());
    if (!specials)
        return;
    for (size_t i = 0; i < n && i < sizeof sp / sizeof sp[0]; i++)
        v[i] = sp[i];
    for (size_t i = 23; i < n; i += 97)
        v[i] = sp[i % (sizeof sp / sizeof sp[0])];
}

static int64_t ordered(float f)
{
    int32_t i;
    memcpy(&i, &f, sizeof i);
    return i < 0 ? (int64_t)INT32_MIN - i : i;
}

/* got vs expected: NaN iff NaN, infinities equal, else within maxulp ulp or atol. */
static bool close_f(float got, float exp, int maxulp, double atol)
{
    if (isnan(exp) || isnan(got))
        return isnan(exp) && isnan(got);
    if (isinf(exp) || isinf(got))
        return got == exp;
    if (got == exp)
        return true;
    int64_t d = ordered(got) - ordered(exp);
    if ((d < 0 ? -d : d) <= maxulp)
        return true;
    return fabs((double)got - (double)exp) <= atol;
}

/* The executor's pool as the kernels see it, run serially in uneven chunks. */
static int fake_pool;
static void split_for(void *pool, size_t n, void (*fn)(void *arg, size_t begin, size_t end), void *arg)
{
    (void)pool;
    static const size_t sizes[] = {7, 1, 13, 64, 3};
    size_t b = 0, k = 0;
    while (b < n) {
        size_t e = b + sizes[k++ % 5];
        fn(arg, b, e < n ? e : n);
        b = e;
    }
}

/* op_test_run with the pool stand-in (chunked) or none (one call). */
static ge_status run_op(const char *type, int opset, const ir_attr *attrs, size_t n_attrs, const ir_tensor *in,
                        size_t n_in, ir_tensor *out, bool chunked)
{
    op_value ov[1];
    memset(out, 0, sizeof *out);
    ge_status st = op_test_infer(type, opset, attrs, n_attrs, in, n_in, ov, 1, true);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, type, opset);
    if ((st = ir_tensor_alloc(out, ov[0].dtype, &ov[0].shape)) != GE_STATUS_SUCCESS)
        return st;
    if (out->bytes)
        memset(out->data, 0xA5, out->bytes); /* the kernel must write every element */
    op_kernel_ctx kc = {.node = {.name = "test_node", .schema = s, .opset = opset, .attrs = attrs, .n_attrs = n_attrs},
                        .n_inputs = n_in, .inputs = in, .n_outputs = 1, .outputs = out};
    if (chunked) {
        kc.parallel_for = split_for;
        kc.pool = &fake_pool;
        kc.parallel_min_elems = 0;
    }
    st = s->kernel(&kc);
    if (st != GE_STATUS_SUCCESS)
        ir_tensor_free_data(out);
    return st;
}

typedef struct in_spec {
    int rank;
    int64_t dims[6];
    const float *data; /* NULL: absent optional input */
    ge_dtype dt64;     /* dtype of the reference run's copy (default float64) */
} in_spec;

typedef struct tol {
    int ulp;
    double atol;
} tol;

/* Runs the op on float32 and on the float64 copy; compares element for element. */
static bool run_pair(const char *type, int opset, const ir_attr *attrs, size_t n_attrs, const in_spec *spec,
                     size_t n_in, tol t, bool chunked)
{
    ir_tensor in32[6], in64[6];
    double *store[6] = {0};
    for (size_t k = 0; k < n_in; k++) {
        if (!spec[k].data) {
            in32[k] = in64[k] = op_test_absent();
            continue;
        }
        in32[k] = op_test_tensor(GE_DTYPE_FLOAT32, (size_t)spec[k].rank, spec[k].dims, spec[k].data);
        size_t n = (size_t)ir_tensor_numel(&in32[k]);
        ge_dtype dt = spec[k].dt64 ? spec[k].dt64 : GE_DTYPE_FLOAT64;
        store[k] = ge_malloc((n ? n : 1) * sizeof(double));
        for (size_t i = 0; i < n; i++)
            op_store_f64(store[k], dt, i, spec[k].data[i]);
        in64[k] = op_test_tensor(dt, (size_t)spec[k].rank, spec[k].dims, store[k]);
    }
    ir_tensor y32, y64;
    bool ok = true;
    ge_status s32 = run_op(type, opset, attrs, n_attrs, in32, n_in, &y32, chunked);
    ge_status s64 = run_op(type, opset, attrs, n_attrs, in64, n_in, &y64, false);
    if (s32 != GE_STATUS_SUCCESS || s64 != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s: run failed (%d, %d): %s\n", type, (int)s32, (int)s64, ge_error_take());
        ok = false;
    } else {
        size_t n = (size_t)ir_tensor_numel(&y32);
        ok = n == (size_t)ir_tensor_numel(&y64) && y32.dtype == GE_DTYPE_FLOAT32;
        size_t bad = 0;
        for (size_t i = 0; ok && i < n; i++) {
            float got = ((const float *)y32.data)[i], exp = (float)((const double *)y64.data)[i];
            if (!close_f(got, exp, t.ulp, t.atol)) {
                if (bad++ < 3)
                    fprintf(stderr, "  %s opset %d element %zu of %zu: got %.9g, reference %.9g\n", type, opset, i, n,
                            got, exp);
            }
        }
        ok = ok && bad == 0;
    }
    if (s32 == GE_STATUS_SUCCESS)
        ir_tensor_free_data(&y32);
    if (s64 == GE_STATUS_SUCCESS)
        ir_tensor_free_data(&y64);
    for (size_t k = 0; k < n_in; k++)
        ge_free(store[k]);
    return ok;
}

#define NMAX 4099
static float xa[NMAX], xb[NMAX], xc[NMAX];
static const size_t sizes[] = {1, 3, 17, 1000, NMAX};

/* ---- unary ---- */

typedef struct unary_case {
    const char *op;
    int opset;
    double lo, hi;
    tol t;
    const char *attr; /* "alpha", "approximate" */
    float av;
    const char *sv;
} unary_case;

static void test_unary(void)
{
    static const unary_case cases[] = {
        {"Relu", 14, -10, 10, {0, 0}, NULL, 0, NULL},
        {"Relu", 6, -10, 10, {0, 0}, NULL, 0, NULL},
        {"LeakyRelu", 16, -10, 10, {0, 0}, "alpha", 0.1f, NULL},
        {"Sigmoid", 13, -100, 100, {3, 0}, NULL, 0, NULL},
        {"Sigmoid", 13, -5, 5, {3, 0}, NULL, 0, NULL},
        {"Tanh", 13, -12, 12, {3, 0}, NULL, 0, NULL},
        {"Tanh", 13, -1, 1, {3, 0}, NULL, 0, NULL},
        {"HardSigmoid", 22, -10, 10, {2, 1e-7}, "alpha", 0.3f, NULL},
        {"HardSwish", 22, -10, 10, {3, 1e-6}, NULL, 0, NULL},
        {"Exp", 13, -110, 95, {2, 0}, NULL, 0, NULL},
        {"Exp", 13, -3, 3, {2, 0}, NULL, 0, NULL},
        {"Neg", 13, -10, 10, {0, 0}, NULL, 0, NULL},
        {"Abs", 13, -10, 10, {0, 0}, NULL, 0, NULL},
        {"Sqrt", 13, -1, 100, {0, 0}, NULL, 0, NULL},
        {"Reciprocal", 13, -10, 10, {0, 0}, NULL, 0, NULL},
        {"Erf", 13, -5, 5, {2, 0}, NULL, 0, NULL},
        /* the reference's 1 + erf / 1 + tanh cancel in double for large negative inputs (it
         * gives -0 where the result is -1e-16): an absolute |x| * 2^-53 */
        {"Gelu", 20, -12, 12, {4, 2e-15}, NULL, 0, NULL},
        {"Gelu", 20, -12, 12, {4, 2e-15}, "approximate", 0, "tanh"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const unary_case *uc = &cases[c];
        ir_attr at[1];
        size_t na = 0;
        if (uc->attr && uc->sv)
            at[na++] = op_test_attr_string(uc->attr, uc->sv);
        else if (uc->attr)
            at[na++] = op_test_attr_float(uc->attr, uc->av);
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            size_t n = sizes[s];
            fill(xa, n, uc->lo, uc->hi, true);
            in_spec sp = {1, {(int64_t)n}, xa, 0};
            bool ok = run_pair(uc->op, uc->opset, at, na, &sp, 1, uc->t, s % 2 == 1);
            if (!ok)
                fprintf(stderr, "  unary case %zu (%s), n = %zu\n", c, uc->op, n);
            CHECK(ok);
        }
    }
}

static void test_clip(void)
{
    float lo = -2.5f, hi = 3.25f;
    fill(xa, 1000, -10, 10, true);
    in_spec both[3] = {{2, {10, 100}, xa, 0}, {0, {0}, &lo, 0}, {0, {0}, &hi, 0}};
    CHECK(run_pair("Clip", 13, NULL, 0, both, 3, (tol){0, 0}, true));
    in_spec only_max[3] = {{2, {10, 100}, xa, 0}, {0, {0}, NULL, 0}, {0, {0}, &hi, 0}};
    CHECK(run_pair("Clip", 13, NULL, 0, only_max, 3, (tol){0, 0}, false));
    in_spec none[1] = {{1, {999}, xa, 0}};
    CHECK(run_pair("Clip", 13, NULL, 0, none, 1, (tol){0, 0}, false));
    ir_attr at[2] = {op_test_attr_float("min", -1.0f), op_test_attr_float("max", 6.0f)};
    CHECK(run_pair("Clip", 6, at, 2, none, 1, (tol){0, 0}, true));
}

/* exp over a dense sweep, the whole float range that neither over- nor underflows */
static void test_expf_sweep(void)
{
    int worst = 0;
    for (float x = -103.0f; x < 88.7f; x += 0.00137f) {
        float got = kern_ew_expf(x), want = (float)exp((double)x);
        int64_t d = ordered(got) - ordered(want);
        d = d < 0 ? -d : d;
        if (d > worst)
            worst = (int)d;
    }
    fprintf(stderr, "  kern_ew_expf: worst %d ulp\n", worst);
    CHECK(worst <= 2);
    CHECK(isnan(kern_ew_expf(NAN)));
    CHECK(kern_ew_expf(INFINITY) == INFINITY);
    CHECK(kern_ew_expf(-INFINITY) == 0.0f);
    CHECK(kern_ew_expf(89.0f) == INFINITY);
    CHECK(kern_ew_expf(0.0f) == 1.0f);
}

/* Worst ulp of a unary op over a dense sweep of [lo, hi], against the double function. */
static int sweep_ulp(kern_ew_unary_op op, double (*ref)(double), float lo, float hi, double atol)
{
    enum { M = 200003 };
    static float x[M], y[M];
    for (size_t i = 0; i < M; i++)
        x[i] = lo + (hi - lo) * (float)i / (float)(M - 1);
    kern_ew_unary(op, x, y, M, 0.0f, 0.0f);
    int worst = 0;
    for (size_t i = 0; i < M; i++) {
        float want = (float)ref(x[i]);
        if (fabs((double)y[i] - (double)want) <= atol)
            continue;
        int64_t d = ordered(y[i]) - ordered(want);
        d = d < 0 ? -d : d;
        worst = d > worst ? (int)d : worst;
    }
    return worst;
}

static double gelu_ref(double x) { return 0.5 * x * erfc(-x / sqrt(2.0)); }
static double sigmoid_ref(double x) { return 1.0 / (1.0 + exp(-x)); }

static void test_sweeps(void)
{
    int e1 = sweep_ulp(KERN_EW_ERF, erf, -7.0f, 7.0f, 0.0), e2 = sweep_ulp(KERN_EW_ERF, erf, -1e-3f, 1e-3f, 0.0);
    int g = sweep_ulp(KERN_EW_GELU, gelu_ref, -13.0f, 8.0f, 0.0), t = sweep_ulp(KERN_EW_TANH, tanh, -10.0f, 10.0f, 0.0);
    int sg = sweep_ulp(KERN_EW_SIGMOID, sigmoid_ref, -80.0f, 30.0f, 0.0);
    fprintf(stderr, "  worst ulp: erf %d (%d near 0), gelu %d, tanh %d, sigmoid %d\n", e1, e2, g, t, sg);
    CHECK(e1 <= 3 && e2 <= 2);
    CHECK(g <= 8); /* against an accurate gelu (erfc form), down to x = -13 where it is 1e-38 */
    CHECK(t <= 3);
    CHECK(sg <= 3);
}

/* ---- binary and variadic ---- */

typedef struct shape_pair {
    int ra;
    int64_t a[6];
    int rb;
    int64_t b[6];
} shape_pair;

static const shape_pair shapes[] = {
    {3, {2, 3, 17}, 3, {2, 3, 17}},       /* same shape */
    {3, {2, 3, 17}, 0, {0}},              /* scalar on the right */
    {0, {0}, 2, {5, 13}},                 /* scalar on the left */
    {1, {1}, 2, {5, 13}},                 /* [1] */
    {4, {2, 5, 3, 7}, 3, {5, 1, 1}},      /* per channel */
    {4, {2, 5, 3, 7}, 4, {1, 5, 1, 1}},   /* per channel, rank 4 */
    {4, {1, 5, 3, 7}, 3, {5, 1, 1}},      /* N = 1 */
    {3, {5, 1, 1}, 4, {2, 5, 3, 7}},      /* per channel on the left */
    {2, {4, 9}, 1, {9}},                  /* [N, K] op [K] */
    {1, {9}, 2, {4, 9}},                  /* [K] op [N, K] */
    {3, {3, 1, 5}, 3, {1, 4, 1}},         /* outer product: neither side whole */
    {3, {2, 1, 6}, 3, {2, 4, 1}},
    {4, {2, 3, 4, 5}, 2, {4, 1}},
    {4, {2, 3, 4, 5}, 4, {2, 1, 4, 1}},
    {2, {0, 3}, 1, {3}},                  /* empty */
    {5, {2, 1, 3, 1, 67}, 5, {1, 4, 3, 5, 67}},
};

static size_t numel(int r, const int64_t *d)
{
    size_t n = 1;
    for (int i = 0; i < r; i++)
        n *= (size_t)d[i];
    return n;
}

static void test_binary(void)
{
    static const char *const ops[] = {"Add", "Sub", "Mul", "Div"};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const shape_pair *p = &shapes[s];
        fill(xa, numel(p->ra, p->a), -10, 10, true);
        fill(xb, numel(p->rb, p->b), -10, 10, s % 2 == 0);
        in_spec sp[2] = {{p->ra, {0}, xa, 0}, {p->rb, {0}, xb, 0}};
        memcpy(sp[0].dims, p->a, sizeof p->a);
        memcpy(sp[1].dims, p->b, sizeof p->b);
        for (size_t o = 0; o < 4; o++) {
            for (int chunked = 0; chunked < 2; chunked++) {
                bool ok = run_pair(ops[o], 14, NULL, 0, sp, 2, (tol){0, 0}, chunked);
                if (!ok)
                    fprintf(stderr, "  %s, shape pair %zu, chunked %d\n", ops[o], s, chunked);
                CHECK(ok);
            }
        }
        /* opset 7 too (same kernels), and the legacy opset 6 axis broadcast */
        CHECK(run_pair("Mul", 7, NULL, 0, sp, 2, (tol){0, 0}, false));
    }
    /* PRelu: the slope broadcasts to X (per channel, scalar, trailing, whole) */
    static const shape_pair prelu_shapes[] = {
        {4, {2, 5, 3, 7}, 3, {5, 1, 1}}, {4, {2, 5, 3, 7}, 1, {1}}, {2, {4, 9}, 1, {9}}, {3, {2, 3, 17}, 3, {2, 3, 17}}};
    for (size_t s = 0; s < sizeof prelu_shapes / sizeof prelu_shapes[0]; s++) {
        const shape_pair *p = &prelu_shapes[s];
        fill(xa, numel(p->ra, p->a), -10, 10, true);
        fill(xb, numel(p->rb, p->b), -2, 2, s % 2 == 0);
        in_spec sp[2] = {{p->ra, {0}, xa, 0}, {p->rb, {0}, xb, 0}};
        memcpy(sp[0].dims, p->a, sizeof p->a);
        memcpy(sp[1].dims, p->b, sizeof p->b);
        CHECK(run_pair("PRelu", 16, NULL, 0, sp, 2, (tol){0, 0}, s % 2 == 1));
        CHECK(run_pair("PRelu", 7, NULL, 0, sp, 2, (tol){0, 0}, false));
    }
    fill(xa, 2 * 5 * 3 * 7, -10, 10, true);
    fill(xb, 5, -10, 10, false);
    ir_attr at[2] = {op_test_attr_int("broadcast", 1), op_test_attr_int("axis", 1)};
    in_spec leg[2] = {{4, {2, 5, 3, 7}, xa, 0}, {1, {5}, xb, 0}};
    CHECK(run_pair("Add", 6, at, 2, leg, 2, (tol){0, 0}, true));
}

static void test_variadic(void)
{
    static const char *const ops[] = {"Sum", "Max", "Min", "Mean"};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const shape_pair *p = &shapes[s];
        size_t na = numel(p->ra, p->a), nb = numel(p->rb, p->b);
        fill(xa, na, -10, 10, true);
        fill(xb, nb, -10, 10, s % 3 == 0);
        fill(xc, nb, -10, 10, false);
        in_spec sp[3] = {{p->ra, {0}, xa, 0}, {p->rb, {0}, xb, 0}, {p->rb, {0}, xc, 0}};
        memcpy(sp[0].dims, p->a, sizeof p->a);
        memcpy(sp[1].dims, p->b, sizeof p->b);
        memcpy(sp[2].dims, p->b, sizeof p->b);
        for (size_t o = 0; o < 4; o++) {
            /* two inputs round once, as the reference; three accumulate in float (Sum): a few
             * ulp, or cancellation next to |inputs| <= 10 */
            bool ok = run_pair(ops[o], 13, NULL, 0, sp, 2, (tol){0, 0}, s % 2 == 1) &&
                      run_pair(ops[o], 13, NULL, 0, sp, 3, (tol){2, 4e-6}, s % 2 == 0);
            if (!ok)
                fprintf(stderr, "  %s, shape pair %zu\n", ops[o], s);
            CHECK(ok);
        }
    }
    /* one input (the reference path) and four */
    fill(xa, 40, -10, 10, true);
    in_spec one[4] = {{2, {4, 10}, xa, 0}, {2, {4, 10}, xa, 0}, {1, {10}, xa, 0}, {0, {0}, xa, 0}};
    CHECK(run_pair("Sum", 13, NULL, 0, one, 1, (tol){0, 0}, false));
    CHECK(run_pair("Max", 13, NULL, 0, one, 4, (tol){0, 0}, true));
    CHECK(run_pair("Mean", 8, NULL, 0, one, 4, (tol){2, 4e-6}, true));
}

/* y aliases an input, as an executor running in place would have it */
static void test_variadic_in_place(void)
{
    float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {10, 20, 30, 40, 50, 60}, c[3] = {100, 200, 300};
    ir_tensor in[3] = {op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}, a),
                       op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}, b),
                       op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, c)};
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, "Sum", 13);
    for (int target = 0; target < 2; target++) {
        float keep_a[6], keep_b[6];
        memcpy(keep_a, a, sizeof a);
        memcpy(keep_b, b, sizeof b);
        ir_tensor y = in[target]; /* output = input 0 or input 1 */
        op_kernel_ctx kc = {.node = {.name = "n", .schema = s, .opset = 13}, .n_inputs = 3, .inputs = in,
                            .n_outputs = 1, .outputs = &y};
        CHECK_EQ(s->kernel(&kc), GE_STATUS_SUCCESS);
        const float *r = y.data;
        for (int i = 0; i < 6; i++)
            CHECK(r[i] == keep_a[i] + keep_b[i] + c[i % 3]);
        memcpy(a, keep_a, sizeof a);
        memcpy(b, keep_b, sizeof b);
    }
    /* the output is the last input: the reference runs (it accumulates aside) */
    float big[6] = {1, 1, 1, 1, 1, 1};
    ir_tensor in2[3] = {in[0], in[1], op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}, big)};
    ir_tensor y = in2[2];
    op_kernel_ctx kc = {.node = {.name = "n", .schema = s, .opset = 13}, .n_inputs = 3, .inputs = in2,
                        .n_outputs = 1, .outputs = &y};
    CHECK_EQ(s->kernel(&kc), GE_STATUS_SUCCESS);
    for (int i = 0; i < 6; i++)
        CHECK(big[i] == a[i] + b[i] + 1.0f);
}

/* ---- BatchNormalization ---- */

static void test_batchnorm(void)
{
    static const struct {
        int rank;
        int64_t dims[5];
    } xs[] = {{4, {2, 5, 3, 7}}, {4, {1, 3, 1, 1}}, {2, {6, 4}}, {3, {2, 3, 33}}, {5, {1, 2, 3, 4, 5}}, {4, {1, 16, 56, 56}}};
    static float g[16], bta[16], mu[16], var[16];
    for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++) {
        int64_t c = xs[k].dims[1];
        size_t n = numel(xs[k].rank, xs[k].dims);
        fill(xa, n < NMAX ? n : NMAX, -4, 4, k % 2 == 0);
        static float big[16 * 56 * 56];
        const float *x = n <= NMAX ? xa : big;
        if (n > NMAX)
            fill(big, n, -4, 4, false);
        fill(g, (size_t)c, -2, 2, false);
        fill(bta, (size_t)c, -1, 1, false);
        fill(mu, (size_t)c, -1, 1, false);
        fill(var, (size_t)c, 0.01, 3, false);
        double worst_ref = 0.0;
        for (int64_t i = 0; i < c; i++) {
            double s = g[i] / sqrt(var[i] + 1e-5);
            double m = fabs(bta[i] - mu[i] * s) + 4.0 * fabs(s);
            worst_ref = m > worst_ref ? m : worst_ref;
        }
        /* y = x * scale + shift: a few ulp of |x * scale| + |shift| */
        tol t = {3, 4.0 * FLT_EPSILON * worst_ref};
        for (int opset = 9; opset <= 15; opset += 6) {
            in_spec sp[5] = {{xs[k].rank, {0}, x, 0}, {1, {c}, g, 0}, {1, {c}, bta, 0}, {1, {c}, mu, 0}, {1, {c}, var, 0}};
            memcpy(sp[0].dims, xs[k].dims, sizeof xs[k].dims);
            CHECK(run_pair("BatchNormalization", opset, NULL, 0, sp, 5, t, k % 2 == 1));
        }
    }
    /* opset 15: mean and var in another float dtype than X (the fast path reads them as such) */
    fill(xa, 120, -4, 4, true);
    fill(mu, 3, -1, 1, false);
    fill(var, 3, 0.5, 2, false);
    in_spec sp[5] = {{4, {2, 3, 4, 5}, xa, 0}, {1, {3}, g, 0}, {1, {3}, bta, 0}, {1, {3}, mu, 0}, {1, {3}, var, 0}};
    ir_tensor in[5];
    double m64[3], v64[3];
    for (int i = 0; i < 3; i++)
        m64[i] = mu[i], v64[i] = var[i];
    in[0] = op_test_tensor(GE_DTYPE_FLOAT32, 4, sp[0].dims, xa);
    in[1] = op_test_tensor(GE_DTYPE_FLOAT32, 1, sp[1].dims, g);
    in[2] = op_test_tensor(GE_DTYPE_FLOAT32, 1, sp[2].dims, bta);
    in[3] = op_test_tensor(GE_DTYPE_FLOAT64, 1, sp[3].dims, m64);
    in[4] = op_test_tensor(GE_DTYPE_FLOAT64, 1, sp[4].dims, v64);
    ir_tensor y;
    CHECK_EQ(run_op("BatchNormalization", 15, NULL, 0, in, 5, &y, false), GE_STATUS_SUCCESS);
    for (size_t i = 0; i < 120; i++) {
        size_t ci = (i / 20) % 3;
        double ref = (xa[i] - m64[ci]) / sqrt(v64[ci] + 1e-5f) * g[ci] + bta[ci];
        CHECK(close_f(((float *)y.data)[i], (float)ref, 3, 1e-5));
    }
    ir_tensor_free_data(&y);
}

/* ---- Softmax / LogSoftmax ---- */

static void test_softmax(void)
{
    static const struct {
        int opset;
        int64_t axis;
        int rank;
        int64_t dims[4];
    } cs[] = {
        {13, -1, 2, {3, 10}}, {13, 2, 3, {2, 3, 37}}, {13, -1, 2, {1, 1000}}, {13, 0, 1, {17}},
        {11, 1, 3, {2, 3, 5}}, /* opset < 13: rows of everything from axis on */
        {13, 1, 3, {2, 3, 5}}, /* not the last axis: the reference path */
        {13, -1, 2, {31, 129}},
    };
    for (size_t k = 0; k < sizeof cs / sizeof cs[0]; k++) {
        size_t n = numel(cs[k].rank, cs[k].dims);
        CHECK(n <= NMAX);
        if (n > NMAX)
            continue;
        for (int variant = 0; variant < 3; variant++) {
            /* plain; large values (the maximum must be subtracted); specials in some rows */
            fill(xa, n, variant == 1 ? -1e30 : -10, variant == 1 ? 1e30 : 10, false);
            if (variant == 2) {
                xa[0] = NAN;
                if (n > 12) {
                    xa[11] = INFINITY;
                    xa[n - 1] = -INFINITY;
                    xa[n - 2] = -INFINITY;
                }
            }
            ir_attr at[1] = {op_test_attr_int("axis", cs[k].axis)};
            in_spec sp = {cs[k].rank, {0}, xa, 0};
            memcpy(sp.dims, cs[k].dims, sizeof cs[k].dims);
            bool ok = run_pair("Softmax", cs[k].opset, at, 1, &sp, 1, (tol){4, 1e-44}, k % 2 == 0) &&
                      run_pair("LogSoftmax", cs[k].opset, at, 1, &sp, 1, (tol){4, variant == 1 ? 1e24 : 4e-6}, k % 2 == 1);
            if (!ok)
                fprintf(stderr, "  softmax case %zu variant %d\n", k, variant);
            CHECK(ok);
        }
    }
}

/* ---- the ISA variants agree bit for bit ---- */

static bool same_bits(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(&a[i], &b[i], sizeof a[i]) != 0 && !(isnan(a[i]) && isnan(b[i]))) {
            fprintf(stderr, "  element %zu: %.9g vs %.9g\n", i, a[i], b[i]);
            return false;
        }
    return true;
}

static void test_isas_agree(void)
{
    enum { N = 1031 };
    static float x[N], y[N], ref[KERN_ISA_COUNT][N];
    fill(x, N, -20, 20, true);
    fill(y, N, -20, 20, true);
    for (int op = 0; op < KERN_EW_UNARY_COUNT; op++) {
        for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
            kern_ew_set_isa(isa);
            kern_ew_unary((kern_ew_unary_op)op, x, ref[isa], N, -1.5f, 2.0f);
        }
        for (int isa = 1; isa < KERN_ISA_COUNT; isa++)
            if (kern_isa_supported((kern_isa)isa) && !same_bits(ref[0], ref[isa], N)) {
                fprintf(stderr, "  unary op %d: %s differs from portable\n", op, kern_isa_name((kern_isa)isa));
                CHECK(false);
            }
    }
    for (int op = 0; op < KERN_EW_BINARY_COUNT; op++) {
        for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
            kern_ew_set_isa(isa);
            kern_ew_binary_vv((kern_ew_binary_op)op, x, y, ref[isa], N);
        }
        for (int isa = 1; isa < KERN_ISA_COUNT; isa++)
            if (kern_isa_supported((kern_isa)isa) && !same_bits(ref[0], ref[isa], N)) {
                fprintf(stderr, "  binary op %d: %s differs from portable\n", op, kern_isa_name((kern_isa)isa));
                CHECK(false);
            }
    }
    fill(x, N, -20, 20, false);
    for (int lsm = 0; lsm < 2; lsm++) {
        for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
            kern_ew_set_isa(isa);
            kern_ew_softmax_row(x, ref[isa], N, lsm);
        }
        for (int isa = 1; isa < KERN_ISA_COUNT; isa++)
            CHECK(!kern_isa_supported((kern_isa)isa) || same_bits(ref[0], ref[isa], N));
    }
    kern_ew_set_isa(-1);
}

int main(void)
{
    for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
        if (!kern_isa_supported((kern_isa)isa)) {
            fprintf(stderr, "(%s: not on this CPU, skipped)\n", kern_isa_name((kern_isa)isa));
            continue;
        }
        kern_ew_set_isa(isa);
        CHECK_EQ(kern_ew_isa(), isa);
        fprintf(stderr, "-- ISA %s\n", kern_isa_name((kern_isa)isa));
        RUN_TEST(test_expf_sweep);
        RUN_TEST(test_sweeps);
        RUN_TEST(test_unary);
        RUN_TEST(test_clip);
        RUN_TEST(test_binary);
        RUN_TEST(test_variadic);
        RUN_TEST(test_variadic_in_place);
        RUN_TEST(test_batchnorm);
        RUN_TEST(test_softmax);
    }
    kern_ew_set_isa(-1);
    RUN_TEST(test_isas_agree);
    return test_result();
}

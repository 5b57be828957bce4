/* The float32 fast paths of Conv, MatMul and Gemm (src/kernels) against the reference
 * kernels: the same op run in float64 takes the reference path, so each case runs twice and
 * the float32 result must match the float64 one. Serial and with a thread pool. */
#include "kernels/cpu.h"
#include "runtime/rt_internal.h"
#include "runtime/runtime.h"
#include "unit/ops/nn_test.h"

#include <stdlib.h>

#define F GE_DTYPE_FLOAT32
#define D GE_DTYPE_FLOAT64

static rt_pool *test_pool;

static void pool_pf(void *pool, size_t n, void (*fn)(void *, size_t, size_t), void *arg)
{
    rt_parallel_for(pool, n, fn, arg);
}

static uint32_t rng = 777;

static uint32_t rnd_u(void)
{
    rng = rng * 1664525u + 1013904223u;
    return rng >> 8;
}

static float rnd_f(void)
{
    return (float)(rnd_u() & 0xFFFF) / 32768.0f - 1.0f;
}

/* op_test_run with the executor's threading services set (pool may be NULL). */
static ge_status run_op(const char *type, int opset, const ir_attr *attrs, size_t n_attrs, const ir_tensor *in,
                        size_t n_in, ir_tensor *out, rt_pool *pool)
{
    op_value ov[1];
    memset(out, 0, sizeof *out);
    ge_status st = op_test_infer(type, opset, attrs, n_attrs, in, n_in, ov, 1, true);
    if (st != GE_STATUS_SUCCESS)
        return st;
    out->dtype = ov[0].dtype;
    out->shape = ov[0].shape;
    st = ir_tensor_alloc(out, ov[0].dtype, &ov[0].shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, type, opset);
    op_kernel_ctx kc = {.node = {.name = "fast", .schema = s, .opset = opset, .attrs = attrs, .n_attrs = n_attrs},
                        .n_inputs = n_in, .inputs = in, .n_outputs = 1, .outputs = out,
                        .parallel_for = pool ? pool_pf : NULL, .pool = pool};
    st = s->kernel(&kc);
    if (st != GE_STATUS_SUCCESS)
        ir_tensor_free_data(out);
    return st;
}

/* Runs in float32 (fast) and float64 (reference) and compares. `in` holds float32 tensors. */
static bool fast_matches_reference(const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                                   const ir_tensor *in, size_t n_in, rt_pool *pool, const char *what)
{
    ir_tensor in64[4], o32, o64;
    for (size_t i = 0; i < n_in; i++)
        in64[i] = in[i].dtype == GE_DTYPE_UNDEFINED ? in[i] : nn_convert(&in[i], D);
    ge_status s32 = run_op(type, opset, attrs, n_attrs, in, n_in, &o32, pool);
    ge_status s64 = run_op(type, opset, attrs, n_attrs, in64, n_in, &o64, NULL);
    bool ok = s32 == GE_STATUS_SUCCESS && s64 == GE_STATUS_SUCCESS;
    if (!ok)
        fprintf(stderr, "  %s %s: status %u / %u: %s\n", type, what, s32, s64, ge_error_take());
    int64_t n = ok ? ir_tensor_numel(&o64) : 0;
    if (ok && (o32.dtype != F || !ir_shape_equal(&o32.shape, &o64.shape)))
        ok = false;
    for (int64_t i = 0; ok && i < n; i++) {
        double got = ((const float *)o32.data)[i], want = ((const double *)o64.data)[i];
        if (!(fabs(got - want) <= 2e-4 + 2e-4 * fabs(want))) {
            fprintf(stderr, "  %s %s: element %lld: got %.7g, reference %.7g\n", type, what, (long long)i, got, want);
            ok = false;
        }
    }
    if (s32 == GE_STATUS_SUCCESS)
        ir_tensor_free_data(&o32);
    if (s64 == GE_STATUS_SUCCESS)
        ir_tensor_free_data(&o64);
    for (size_t i = 0; i < n_in; i++)
        if (in[i].dtype != GE_DTYPE_UNDEFINED)
            ir_tensor_free_data(&in64[i]);
    return ok;
}

/* A float32 tensor of random values (owned). */
static ir_tensor rand_tensor(int rank, const int64_t *dims)
{
    ir_tensor t;
    memset(&t, 0, sizeof t);
    ir_shape s;
    ir_shape_make(&s, (size_t)rank, dims);
    if (ir_tensor_alloc(&t, F, &s) != GE_STATUS_SUCCESS)
        return t;
    float *v = t.data;
    for (int64_t i = 0; i < ir_tensor_numel(&t); i++)
        v[i] = rnd_f();
    return t;
}

#define INTS(name, ...) op_test_attr_ints(name, sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t), (int64_t[]){__VA_ARGS__})

static void conv_case(int64_t n, int64_t cin, int64_t cout, int64_t group, int64_t h, int64_t w, int64_t kh,
                      int64_t kw, int64_t sh, int64_t sw, int64_t dh, int64_t dw, const int64_t pads[4], bool bias,
                      rt_pool *pool)
{
    /* skip geometries whose (dilated) kernel does not fit the padded input */
    if ((kh - 1) * dh + 1 > h + pads[0] + pads[2] || (kw - 1) * dw + 1 > w + pads[1] + pads[3])
        return;
    ir_tensor in[3] = {rand_tensor(4, (int64_t[]){n, cin, h, w}), rand_tensor(4, (int64_t[]){cout, cin / group, kh, kw}),
                       rand_tensor(1, (int64_t[]){cout})};
    ir_attr at[] = {op_test_attr_int("group", group), op_test_attr_ints("strides", 2, (int64_t[]){sh, sw}),
                    op_test_attr_ints("dilations", 2, (int64_t[]){dh, dw}), op_test_attr_ints("pads", 4, pads)};
    char what[200];
    snprintf(what, sizeof what, "n%lld c%lld->%lld g%lld %lldx%lld k%lldx%lld s%lldx%lld d%lldx%lld p%lld,%lld,%lld,%lld%s%s",
             (long long)n, (long long)cin, (long long)cout, (long long)group, (long long)h, (long long)w,
             (long long)kh, (long long)kw, (long long)sh, (long long)sw, (long long)dh, (long long)dw,
             (long long)pads[0], (long long)pads[1], (long long)pads[2], (long long)pads[3], bias ? " bias" : "",
             pool ? " threads" : "");
    CHECK(fast_matches_reference("Conv", 11, at, 4, in, bias ? 3 : 2, pool, what));
    nn_free_all(in, 3);
}

static void test_conv_grid(void)
{
    static const int64_t chans[][3] = {{1, 1, 1}, {3, 8, 1}, {4, 6, 2}, {6, 6, 6}, {8, 4, 4}, {16, 32, 1}, {12, 18, 3}};
    static const int64_t sp[][2] = {{1, 1}, {5, 7}, {9, 9}, {12, 11}, {1, 17}};
    static const int64_t ks[][2] = {{1, 1}, {3, 3}, {2, 3}, {5, 5}, {1, 3}, {7, 7}};
    static const int64_t st[][2] = {{1, 1}, {2, 2}, {1, 2}, {3, 1}};
    static const int64_t dl[][2] = {{1, 1}, {2, 2}, {1, 3}};
    static const int64_t pd[][4] = {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 2, 1}, {3, 3, 3, 3}, {2, 0, 0, 2}};
    int cases = 0;
    for (int i = 0; i < 400; i++) {
        const int64_t *c = chans[rnd_u() % 7], *s = sp[rnd_u() % 5], *k = ks[rnd_u() % 6], *t = st[rnd_u() % 4];
        const int64_t *d = dl[rnd_u() % 3], *p = pd[rnd_u() % 5];
        int64_t n = 1 + (int64_t)(rnd_u() % 2);
        conv_case(n, c[0], c[1], c[2], s[0], s[1], k[0], k[1], t[0], t[1], d[0], d[1], p, rnd_u() % 2, i % 3 ? NULL : test_pool);
        cases++;
    }
    /* the shapes of a ResNet stage (3x3 and 1x1, stride 1 and 2), threaded and not */
    for (int thr = 0; thr < 2; thr++) {
        rt_pool *pool = thr ? test_pool : NULL;
        conv_case(1, 64, 64, 1, 56, 56, 3, 3, 1, 1, 1, 1, (int64_t[]){1, 1, 1, 1}, true, pool);
        conv_case(1, 64, 128, 1, 28, 28, 3, 3, 2, 2, 1, 1, (int64_t[]){1, 1, 1, 1}, false, pool);
        conv_case(2, 64, 256, 1, 14, 14, 1, 1, 1, 1, 1, 1, (int64_t[]){0, 0, 0, 0}, true, pool);
        conv_case(1, 3, 64, 1, 32, 32, 7, 7, 2, 2, 1, 1, (int64_t[]){3, 3, 3, 3}, true, pool);
        conv_case(1, 32, 32, 32, 20, 20, 3, 3, 1, 1, 1, 1, (int64_t[]){1, 1, 1, 1}, true, pool);
    }
    fprintf(stderr, "  %d conv cases\n", cases);
}

static void test_conv_other_forms(void)
{
    /* 1-D conv and auto_pad through the fast path */
    ir_tensor in[3] = {rand_tensor(3, (int64_t[]){2, 4, 19}), rand_tensor(3, (int64_t[]){6, 2, 3}),
                       rand_tensor(1, (int64_t[]){6})};
    ir_attr a1[] = {op_test_attr_int("group", 2), INTS("strides", 2), INTS("pads", 1, 2), INTS("dilations", 2)};
    CHECK(fast_matches_reference("Conv", 11, a1, 4, in, 3, NULL, "1-D"));
    nn_free_all(in, 3);
    ir_tensor in2[2] = {rand_tensor(4, (int64_t[]){1, 3, 10, 9}), rand_tensor(4, (int64_t[]){5, 3, 4, 3})};
    ir_attr a2[] = {op_test_attr_string("auto_pad", "SAME_UPPER"), INTS("strides", 2, 2)};
    CHECK(fast_matches_reference("Conv", 11, a2, 2, in2, 2, NULL, "SAME_UPPER"));
    ir_attr a3[] = {op_test_attr_string("auto_pad", "SAME_LOWER")};
    CHECK(fast_matches_reference("Conv", 22, a3, 1, in2, 2, NULL, "SAME_LOWER"));
    nn_free_all(in2, 2);
    /* 3-D conv stays on the reference kernel and still works in float32 */
    ir_tensor in3[2] = {rand_tensor(5, (int64_t[]){1, 2, 4, 5, 6}), rand_tensor(5, (int64_t[]){3, 2, 2, 2, 2})};
    CHECK(fast_matches_reference("Conv", 11, NULL, 0, in3, 2, NULL, "3-D"));
    nn_free_all(in3, 2);
}

static void matmul_case(int ra, const int64_t *da, int rb, const int64_t *db, rt_pool *pool)
{
    ir_tensor in[2] = {rand_tensor(ra, da), rand_tensor(rb, db)};
    char what[160];
    int o = snprintf(what, sizeof what, "[");
    for (int i = 0; i < ra; i++)
        o += snprintf(what + o, sizeof what - (size_t)o, "%lld,", (long long)da[i]);
    o += snprintf(what + o, sizeof what - (size_t)o, "] x [");
    for (int i = 0; i < rb; i++)
        o += snprintf(what + o, sizeof what - (size_t)o, "%lld,", (long long)db[i]);
    snprintf(what + o, sizeof what - (size_t)o, "]%s", pool ? " threads" : "");
    CHECK(fast_matches_reference("MatMul", 13, NULL, 0, in, 2, pool, what));
    nn_free_all(in, 2);
}

static void test_matmul_grid(void)
{
    for (int thr = 0; thr < 2; thr++) {
        rt_pool *p = thr ? test_pool : NULL;
        matmul_case(2, (int64_t[]){1, 1}, 2, (int64_t[]){1, 1}, p);
        matmul_case(2, (int64_t[]){7, 13}, 2, (int64_t[]){13, 5}, p);
        matmul_case(2, (int64_t[]){100, 70}, 2, (int64_t[]){70, 129}, p);
        matmul_case(1, (int64_t[]){9}, 2, (int64_t[]){9, 33}, p);              /* vector x matrix */
        matmul_case(2, (int64_t[]){33, 9}, 1, (int64_t[]){9}, p);              /* matrix x vector */
        matmul_case(1, (int64_t[]){300}, 1, (int64_t[]){300}, p);              /* dot */
        matmul_case(3, (int64_t[]){4, 17, 30}, 2, (int64_t[]){30, 20}, p);     /* folded batch */
        matmul_case(3, (int64_t[]){4, 17, 30}, 3, (int64_t[]){4, 30, 20}, p);  /* per-batch B */
        matmul_case(4, (int64_t[]){2, 3, 8, 16}, 3, (int64_t[]){1, 16, 8}, p); /* broadcast B */
        matmul_case(3, (int64_t[]){1, 40, 64}, 4, (int64_t[]){3, 2, 64, 50}, p); /* broadcast A */
        matmul_case(4, (int64_t[]){2, 1, 5, 6}, 4, (int64_t[]){1, 3, 6, 7}, p);
        matmul_case(3, (int64_t[]){12, 64, 64}, 3, (int64_t[]){12, 64, 64}, p); /* attention-like */
        matmul_case(3, (int64_t[]){2, 0, 5}, 2, (int64_t[]){5, 3}, p);          /* empty */
        matmul_case(2, (int64_t[]){3, 0}, 2, (int64_t[]){0, 4}, p);             /* K = 0 */
    }
}

static void gemm_case(int64_t m, int64_t n, int64_t k, int ta, int tb, float alpha, float beta, int c_rank,
                      const int64_t *c_dims, rt_pool *pool)
{
    ir_tensor in[3] = {rand_tensor(2, ta ? (int64_t[]){k, m} : (int64_t[]){m, k}),
                       rand_tensor(2, tb ? (int64_t[]){n, k} : (int64_t[]){k, n}),
                       c_rank >= 0 ? rand_tensor(c_rank, c_dims) : op_test_absent()};
    ir_attr at[] = {op_test_attr_float("alpha", alpha), op_test_attr_float("beta", beta), op_test_attr_int("transA", ta),
                    op_test_attr_int("transB", tb)};
    char what[120];
    snprintf(what, sizeof what, "%lldx%lldx%lld ta%d tb%d alpha %g beta %g C rank %d%s", (long long)m, (long long)n,
             (long long)k, ta, tb, alpha, beta, c_rank, pool ? " threads" : "");
    CHECK(fast_matches_reference("Gemm", 13, at, 4, in, c_rank >= 0 ? 3 : 2, pool, what));
    nn_free_all(in, c_rank >= 0 ? 3 : 2);
}

static void test_gemm_grid(void)
{
    static const int64_t sizes[][3] = {{1, 1, 1}, {5, 7, 3}, {33, 65, 17}, {1, 1000, 300}, {64, 100, 257}};
    for (int thr = 0; thr < 2; thr++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (int t = 0; t < 4; t++) {
                int64_t m = sizes[s][0], n = sizes[s][1], k = sizes[s][2];
                rt_pool *p = thr ? test_pool : NULL;
                gemm_case(m, n, k, t & 1, t >> 1, 1.0f, 1.0f, -1, NULL, p);
                gemm_case(m, n, k, t & 1, t >> 1, 0.5f, -2.0f, 2, (int64_t[]){m, n}, p);
                gemm_case(m, n, k, t & 1, t >> 1, 1.0f, 1.0f, 1, (int64_t[]){n}, p);
                gemm_case(m, n, k, t & 1, t >> 1, 2.0f, 0.5f, 2, (int64_t[]){m, 1}, p);
                gemm_case(m, n, k, t & 1, t >> 1, 1.0f, 3.0f, 0, NULL, p);
                gemm_case(m, n, k, t & 1, t >> 1, 1.5f, 0.0f, 2, (int64_t[]){m, n}, p);
            }
}

int main(void)
{
    test_pool = rt_pool_create(3);
    /* every ISA path this machine has, forced through GEFLOW_ISA as a user would (set only
     * while no kernel runs) */
    const char *saved = getenv("GEFLOW_ISA");
    char keep[32];
    snprintf(keep, sizeof keep, "%s", saved ? saved : "");
    for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
        if (!kern_isa_supported((kern_isa)isa))
            continue;
        setenv("GEFLOW_ISA", kern_isa_name((kern_isa)isa), 1);
        CHECK_EQ(kern_isa_active(), isa);
        fprintf(stderr, "  GEFLOW_ISA=%s\n", kern_isa_name((kern_isa)isa));
        RUN_TEST(test_conv_grid);
        RUN_TEST(test_conv_other_forms);
        RUN_TEST(test_matmul_grid);
        RUN_TEST(test_gemm_grid);
    }
    if (saved)
        setenv("GEFLOW_ISA", keep, 1);
    else
        unsetenv("GEFLOW_ISA");
    rt_pool_destroy(test_pool);
    return test_result();
}

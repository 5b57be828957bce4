/* kern_sgemm against a double-precision naive reference over many shapes (tiny, odd, around
 * the register tiles and the cache blocks), transposes, alpha/beta, padded leading
 * dimensions, serial and threaded, on every ISA path this machine can run. */
#include "base/alloc.h"
#include "base/error.h"
#include "kernels/gemm.h"
#include "kernels/scratch.h"
#include "runtime/rt_internal.h"
#include "runtime/runtime.h"
#include "test.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static void pool_pf(void *pool, size_t n, void (*fn)(void *, size_t, size_t), void *arg)
{
    rt_parallel_for(pool, n, fn, arg);
}

static uint32_t rng_state = 12345;

static float rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (float)((rng_state >> 8) & 0xFFFF) / 32768.0f - 1.0f;
}

typedef struct gemm_case {
    size_t m, n, k;
    bool ta, tb;
    float alpha, beta;
    size_t pad; /* extra leading-dimension elements */
} gemm_case;

/* Runs one case through `isa` (or kern_sgemm when isa < 0); returns whether it matched. */
static bool check_case(const gemm_case *g, int isa, const kern_threads *th)
{
    size_t m = g->m, n = g->n, k = g->k;
    size_t lda = (g->ta ? m : k) + g->pad, ldb = (g->tb ? k : n) + g->pad, ldc = n + g->pad;
    size_t arows = g->ta ? k : m, brows = g->tb ? n : k;
    float *a = malloc(sizeof(float) * (arows * lda + 1));
    float *b = malloc(sizeof(float) * (brows * ldb + 1));
    float *c = malloc(sizeof(float) * (m * ldc + 1));
    float *c0 = malloc(sizeof(float) * (m * ldc + 1));
    bool ok = a && b && c && c0;
    for (size_t i = 0; ok && i < arows * lda; i++)
        a[i] = rnd();
    for (size_t i = 0; ok && i < brows * ldb; i++)
        b[i] = rnd();
    for (size_t i = 0; ok && i < m * ldc; i++)
        c0[i] = c[i] = (i % ldc) >= n ? 1234.5f : rnd();
    ge_status st = GE_STATUS_FAILED;
    if (ok)
        st = isa < 0 ? kern_sgemm(g->ta, g->tb, m, n, k, g->alpha, a, lda, b, ldb, g->beta, c, ldc, th)
                     : kern_sgemm_isa((kern_isa)isa, g->ta, g->tb, m, n, k, g->alpha, a, lda, b, ldb, g->beta, c,
                                      ldc, th);
    ok = ok && st == GE_STATUS_SUCCESS;
    size_t bad = 0;
    for (size_t i = 0; ok && i < m; i++)
        for (size_t q = 0; q < ldc; q++) {
            float got = c[i * ldc + q];
            if (q >= n) {
                bad += got != 1234.5f;
                continue;
            }
            double acc = 0, mag = 0;
            for (size_t p = 0; p < k; p++) {
                double x = g->ta ? a[p * lda + i] : a[i * lda + p];
                double y = g->tb ? b[q * ldb + p] : b[p * ldb + q];
                acc += x * y;
                mag += fabs(x * y);
            }
            double ref = g->alpha * acc + (g->beta != 0 ? g->beta * (double)c0[i * ldc + q] : 0.0);
            double tol = 1e-6 + 4e-7 * (double)(k + 2) * (fabs(g->alpha) * mag + fabs(g->beta * c0[i * ldc + q]));
            if (!(fabs(got - ref) <= tol)) {
                if (bad < 3)
                    fprintf(stderr, "  [%zu,%zu] got %.7g want %.7g (tol %.2g)\n", i, q, got, ref, tol);
                bad++;
            }
        }
    if (!ok || bad)
        fprintf(stderr, "  FAIL isa=%s m=%zu n=%zu k=%zu ta=%d tb=%d alpha=%g beta=%g pad=%zu threads=%d: %zu bad\n",
                isa < 0 ? "default" : kern_isa_name((kern_isa)isa), m, n, k, g->ta, g->tb, g->alpha, g->beta,
                g->pad, th != NULL, bad);
    free(a), free(b), free(c), free(c0);
    return ok && bad == 0;
}

static const size_t shapes[][3] = {
    {1, 1, 1},    {1, 2100, 1100}, {1, 1, 7},     {2, 3, 4},     {7, 5, 3},     {4, 8, 1},     {6, 16, 16},   {5, 15, 15},
    {8, 32, 9},   {9, 33, 17},   {16, 16, 16},  {14, 31, 64},  {17, 65, 33},  {1, 300, 50},  {300, 1, 50},
    {13, 47, 300}, {33, 100, 256}, {31, 97, 257}, {96, 256, 40}, {97, 257, 3},  {100, 300, 513}, {200, 70, 129},
};

static void run_all(int isa, const kern_threads *th, bool big_only)
{
    static const float ab[][2] = {{1, 0}, {1, 1}, {0.5f, -2}, {-1.5f, 0.25f}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        size_t flops = shapes[s][0] * shapes[s][1] * shapes[s][2];
        if (big_only && flops < 100000)
            continue;
        for (int t = 0; t < 4; t++)
            for (int v = 0; v < 4; v++) {
                if (flops > 1000000 && v >= 2 && t != 3)
                    continue;
                gemm_case g = {shapes[s][0], shapes[s][1], shapes[s][2], t & 1, (t >> 1) & 1, ab[v][0], ab[v][1],
                               (size_t)((s + (size_t)t + (size_t)v) % 3) * 5};
                CHECK(check_case(&g, isa, th));
            }
    }
}

static void test_sgemm_each_isa(void)
{
    for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
        if (!kern_isa_supported((kern_isa)isa)) {
            fprintf(stderr, "  isa %s: not on this machine, skipped\n", kern_isa_name((kern_isa)isa));
            continue;
        }
        int mr, nr;
        kern_sgemm_tile((kern_isa)isa, &mr, &nr);
        fprintf(stderr, "  isa %s: tile %dx%d\n", kern_isa_name((kern_isa)isa), mr, nr);
        run_all(isa, NULL, false);
    }
    run_all(-1, NULL, false); /* the default entry, small-size path included */
}

static void test_sgemm_threaded(void)
{
    rt_pool *pool = rt_pool_create(3);
    CHECK(pool != NULL);
    kern_threads th = {pool_pf, pool};
    for (int isa = 0; isa < KERN_ISA_COUNT; isa++)
        if (kern_isa_supported((kern_isa)isa))
            run_all(isa, &th, true);
    run_all(-1, &th, true);
    rt_pool_destroy(pool);
}

static void test_sgemm_special(void)
{
    /* beta == 0 never reads C: NaN and Inf in C do not leak */
    float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 1, 1}, c[4] = {NAN, INFINITY, NAN, -INFINITY};
    for (int isa = -1; isa < KERN_ISA_COUNT; isa++) {
        if (isa >= 0 && !kern_isa_supported((kern_isa)isa))
            continue;
        c[0] = NAN, c[1] = INFINITY, c[2] = NAN, c[3] = -INFINITY;
        ge_status st = isa < 0 ? kern_sgemm(false, false, 2, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2, NULL)
                               : kern_sgemm_isa((kern_isa)isa, false, false, 2, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2,
                                                NULL);
        CHECK_EQ(st, GE_STATUS_SUCCESS);
        CHECK(c[0] == 4 && c[1] == 5 && c[2] == 10 && c[3] == 11);
    }
    /* k == 0: C = beta * C; beta == 0 clears it */
    float d[3] = {1, 2, NAN};
    CHECK_EQ(kern_sgemm(false, false, 1, 3, 0, 1.0f, a, 1, b, 3, 2.0f, d, 3, NULL), GE_STATUS_SUCCESS);
    CHECK(d[0] == 2 && d[1] == 4 && isnan(d[2]));
    CHECK_EQ(kern_sgemm(false, false, 1, 3, 0, 1.0f, a, 1, b, 3, 0.0f, d, 3, NULL), GE_STATUS_SUCCESS);
    CHECK(d[0] == 0 && d[1] == 0 && d[2] == 0);
    /* m == 0 / n == 0 touch nothing */
    CHECK_EQ(kern_sgemm(false, false, 0, 3, 2, 1.0f, a, 2, b, 3, 0.0f, NULL, 3, NULL), GE_STATUS_SUCCESS);
    /* out of memory for the panels: a failing status and a message, C untouched */
    size_t n = 64;
    float *x = calloc(n * n, sizeof(float)), *y = calloc(n * n, sizeof(float));
    for (size_t i = 0; i < n * n; i++)
        y[i] = 7.0f;
    kern_scratch_release_thread(); /* no cached panels from earlier products on this thread */
    ge_alloc_fail_after(0);
    ge_status st = kern_sgemm(false, false, n, n, n, 1.0f, x, n, x, n, 0.0f, y, n, NULL);
    ge_alloc_fail_after(-1);
    CHECK_EQ(st, GE_STATUS_MEMALLOC_FAILED);
    CHECK_CONTAINS(ge_error_take(), "sgemm");
    CHECK(y[0] == 7.0f && y[n * n - 1] == 7.0f);
    free(x), free(y);
    /* an ISA the machine lacks is refused by the forcing entry */
    for (int isa = 0; isa < KERN_ISA_COUNT; isa++)
        if (!kern_isa_supported((kern_isa)isa)) {
            CHECK_EQ(kern_sgemm_isa((kern_isa)isa, false, false, 1, 1, 1, 1.0f, a, 1, b, 1, 0.0f, c, 1, NULL),
                     GE_STATUS_PARAM_INVALID);
            ge_error_take();
        }
}

static void test_isa_names(void)
{
    kern_isa v;
    for (int i = 0; i < KERN_ISA_COUNT; i++) {
        CHECK(kern_isa_parse(kern_isa_name((kern_isa)i), &v));
        CHECK_EQ(v, i);
    }
    CHECK(!kern_isa_parse("sse9", &v));
    CHECK(!kern_isa_parse(NULL, &v));
    CHECK(kern_isa_supported(KERN_ISA_PORTABLE));
    CHECK(kern_isa_supported(kern_isa_best()));
    CHECK(kern_isa_supported(kern_isa_active()));
}

/* Runs fn once per ISA this machine has, with GEFLOW_ISA set to it as a user would (the packing
 * and the epilogue follow it), then restores the variable. */
static void for_each_isa(void (*fn)(kern_isa isa))
{
    const char *saved = getenv("GEFLOW_ISA");
    char keep[32] = "";
    if (saved)
        snprintf(keep, sizeof keep, "%s", saved);
    for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
        if (!kern_isa_supported((kern_isa)isa))
            continue;
        setenv("GEFLOW_ISA", kern_isa_name((kern_isa)isa), 1);
        fn((kern_isa)isa);
    }
    if (saved)
        setenv("GEFLOW_ISA", keep, 1);
    else
        unsetenv("GEFLOW_ISA");
}

static float act_ref(const kern_epilogue *e, double v)
{
    switch (e->act) {
    case KERN_ACT_RELU: return (float)(v < 0 ? 0.0 : v);
    case KERN_ACT_CLIP: return (float)(v < e->lo ? e->lo : e->hi < v ? e->hi : v);
    case KERN_ACT_LEAKY_RELU: return (float)(v < 0 ? e->alpha * v : v);
    default: return (float)v;
    }
}

/* A packed once, many products, with bias + activation epilogues; and kern_sgemm_epi. On every
 * ISA the machine has (the packing follows GEFLOW_ISA like the kernels do). */
static void packed_a_epilogue_on(kern_isa isa)
{
    static const size_t shp[][3] = {{1, 5, 3}, {7, 33, 17}, {16, 64, 300}, {37, 129, 70}, {8, 32, 256}};
    for (size_t t = 0; t < sizeof shp / sizeof shp[0]; t++) {
        size_t m = shp[t][0], n = shp[t][1], k = shp[t][2];
        float *a = malloc(m * k * sizeof *a), *b = malloc(k * n * sizeof *b), *bias = malloc(m * sizeof *bias);
        float *c = malloc(m * n * sizeof *c);
        double *ref = malloc(m * n * sizeof *ref);
        float *res = malloc(m * (n + 3) * sizeof *res); /* leading dimension n + 3 */
        for (size_t i = 0; i < m * (n + 3); i++)
            res[i] = rnd();
        for (size_t i = 0; i < m * k; i++)
            a[i] = rnd();
        for (size_t i = 0; i < k * n; i++)
            b[i] = rnd();
        for (size_t i = 0; i < m; i++)
            bias[i] = rnd();
        for (size_t i = 0; i < m; i++)
            for (size_t q = 0; q < n; q++) {
                double acc = 0;
                for (size_t p = 0; p < k; p++)
                    acc += (double)a[i * k + p] * b[p * n + q];
                ref[i * n + q] = acc + bias[i];
            }
        kern_packed_a *pa = kern_sgemm_pack_a(false, m, k, a, k);
        CHECK(pa != NULL);
        CHECK(kern_packed_a_bytes(pa) >= m * k * sizeof(float));
        for (int act = KERN_ACT_NONE; act <= KERN_ACT_LEAKY_RELU; act++) {
            for (int use_packed = 0; use_packed < 2; use_packed++) {
                bool with_res = (act + use_packed) % 2 == 1;
                kern_epilogue e = {bias, with_res ? res : NULL, n + 3, (kern_act_kind)act, -0.5f, 0.75f, 0.125f};
                for (size_t i = 0; i < m * n; i++)
                    c[i] = NAN; /* beta 0: never read */
                ge_status st = use_packed
                                   ? kern_sgemm_packed_a(pa, false, n, 1.0f, b, n, 0.0f, c, n, &e, NULL)
                                   : kern_sgemm_epi(false, false, m, n, k, 1.0f, a, k, b, n, 0.0f, c, n, &e, NULL);
                CHECK_EQ(st, GE_STATUS_SUCCESS);
                size_t bad = 0;
                for (size_t i = 0; i < m * n; i++) {
                    float want = act_ref(&e, ref[i] + (with_res ? res[(i / n) * (n + 3) + i % n] : 0.0));
                    if (!(fabsf(c[i] - want) <= 1e-4f * (float)k))
                        bad++;
                }
                if (bad)
                    fprintf(stderr, "  %s %zux%zux%zu act %d packed %d: %zu bad\n", kern_isa_name(isa),
                            m, n, k, act, use_packed, bad);
                CHECK_EQ(bad, 0);
            }
        }
        kern_packed_a_free(pa);
        free(a), free(b), free(bias), free(c), free(ref), free(res);
    }
}

/* The epilogue on its own, every ISA: NaN passes Relu and Clip, signed zeros follow IEEE addition, and the
 * vector bodies and the tails (19 columns) agree with the scalar definition. */
static void epilogue_special_values_on(kern_isa isa)
{
    (void)isa; /* the epilogue follows GEFLOW_ISA, set by for_each_isa */
    for (int act = KERN_ACT_RELU; act <= KERN_ACT_LEAKY_RELU; act++) {
        float c[19], want[19];
        for (int q = 0; q < 19; q++)
            c[q] = (float)(q - 9) * 0.25f;
        c[3] = NAN;
        c[17] = NAN;
        c[9] = -0.0f;
        kern_epilogue e = {NULL, NULL, 0, (kern_act_kind)act, -1.0f, 1.5f, 0.5f};
        for (int q = 0; q < 19; q++)
            want[q] = act_ref(&e, c[q] + 0.0f); /* the epilogue adds the (zero) bias: -0 + 0 = +0 */
        kern_epilogue_apply(&e, 0, 0, 1, 19, c, 19);
        for (int q = 0; q < 19; q++) {
            if (isnan(want[q]))
                CHECK(isnan(c[q]));
            else
                CHECK(c[q] == want[q] && signbit(c[q]) == signbit(want[q]));
        }
    }
}

static void test_packed_a_epilogue(void)
{
    for_each_isa(packed_a_epilogue_on);
}

static void test_epilogue_special_values(void)
{
    for_each_isa(epilogue_special_values_on);
}

/* Scratch buffers: reused on a thread, grown on demand, large requests not cached. */
static void test_scratch(void)
{
    kern_scratch_release_thread();
    void *a = kern_scratch_get(KERN_SCRATCH_GEMM, 1000);
    CHECK(a != NULL && ((uintptr_t)a % 64) == 0);
    kern_scratch_put(KERN_SCRATCH_GEMM, a);
    void *b = kern_scratch_get(KERN_SCRATCH_GEMM, 500);
    CHECK(b == a); /* the same memory again */
    kern_scratch_put(KERN_SCRATCH_GEMM, b);
    void *c = kern_scratch_get(KERN_SCRATCH_IM2COL, 500);
    CHECK(c != NULL && c != a); /* slots are apart */
    kern_scratch_put(KERN_SCRATCH_IM2COL, c);
    void *big = kern_scratch_get(KERN_SCRATCH_GEMM, KERN_SCRATCH_CACHE_MAX + 64);
    CHECK(big != NULL && big != a);
    kern_scratch_put(KERN_SCRATCH_GEMM, big); /* freed (ASan would report a leak otherwise) */
    void *again = kern_scratch_get(KERN_SCRATCH_GEMM, 800);
    CHECK(again == a);
    kern_scratch_put(KERN_SCRATCH_GEMM, again);
    kern_scratch_release_thread();
}

int main(void)
{
    RUN_TEST(test_scratch);
    RUN_TEST(test_epilogue_special_values);
    RUN_TEST(test_isa_names);
    RUN_TEST(test_packed_a_epilogue);
    RUN_TEST(test_sgemm_special);
    RUN_TEST(test_sgemm_each_isa);
    RUN_TEST(test_sgemm_threaded);
    return test_result();
}

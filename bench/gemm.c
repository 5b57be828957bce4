/* SGEMM throughput: geflow's kern_sgemm per ISA path against OpenBLAS (when the build found
 * it; the benchmark links it, the library never does), side by side in one run, single
 * thread and all threads. GFLOP/s = 2*M*N*K / time, best of several timed batches.
 * Shapes: square 256/512/1024, and the GEMMs of ResNet-50 convolutions via im2col
 * (M = output channels, N = output pixels, K = input channels x taps) and of an FC layer. */
#include "bench_util.h"
#include "kernels/gemm.h"
#include "runtime/rt_internal.h"
#include "runtime/runtime.h"

#include <string.h>
#include <unistd.h>

#ifdef GEFLOW_BENCH_OPENBLAS
#include <cblas.h>
void openblas_set_num_threads(int num_threads);
#endif

typedef struct shape {
    const char *name;
    size_t m, n, k;
} shape;

static const shape shapes[] = {
    {"square 256", 256, 256, 256},
    {"square 512", 512, 512, 512},
    {"square 1024", 1024, 1024, 1024},
    {"conv3x3 64@56x56", 64, 3136, 576},
    {"conv3x3 128@28x28", 128, 784, 1152},
    {"conv3x3 256@14x14", 256, 196, 2304},
    {"conv1x1 64->256@56x56", 256, 3136, 64},
    {"conv1x1 2048->512@7x7", 512, 49, 2048},
    {"fc 1x2048->1000", 1, 1000, 2048},
};

static void pool_pf(void *pool, size_t n, void (*fn)(void *, size_t, size_t), void *arg)
{
    rt_parallel_for(pool, n, fn, arg);
}

typedef struct bench_ctx {
    const shape *s;
    float *a, *b, *c;
    int isa;               /* >= 0: kern_sgemm_isa; -1: OpenBLAS */
    const kern_threads *th;
} bench_ctx;

static void run_once(const bench_ctx *x)
{
    const shape *s = x->s;
    if (x->isa >= 0) {
        BENCH_CHECK((int)kern_sgemm_isa((kern_isa)x->isa, false, false, s->m, s->n, s->k, 1.0f, x->a, s->k, x->b,
                                        s->n, 0.0f, x->c, s->n, x->th));
        return;
    }
#ifdef GEFLOW_BENCH_OPENBLAS
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)s->m, (int)s->n, (int)s->k, 1.0f, x->a, (int)s->k,
                x->b, (int)s->n, 0.0f, x->c, (int)s->n);
#endif
}

/* Best GFLOP/s over 5 batches of >= 50 ms each. */
static double gflops(const bench_ctx *x)
{
    double flop = 2.0 * (double)x->s->m * (double)x->s->n * (double)x->s->k;
    run_once(x);
    double t0 = now_us();
    int reps = 0;
    while (now_us() - t0 < 20000 || reps < 2) {
        run_once(x);
        reps++;
    }
    double per = (now_us() - t0) / reps;
    int batch = (int)(50000 / per) + 1;
    double best = 0;
    for (int r = 0; r < 5; r++) {
        double b0 = now_us();
        for (int i = 0; i < batch; i++)
            run_once(x);
        double g = flop * batch / ((now_us() - b0) * 1e3);
        if (g > best)
            best = g;
    }
    return best;
}

int main(void)
{
    int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1)
        ncpu = 1;
    rt_pool *pool = rt_pool_create(ncpu);
    kern_threads all = {pool_pf, pool};
    printf("gemm: sgemm GFLOP/s (row-major, no transposes, alpha 1, beta 0), best of 5; %d thread(s) max\n", ncpu);
    printf("  isa paths here:");
    for (int i = 0; i < KERN_ISA_COUNT; i++)
        if (kern_isa_supported((kern_isa)i))
            printf(" %s", kern_isa_name((kern_isa)i));
    printf(" (active: %s)\n", kern_isa_name(kern_isa_active()));
#ifdef GEFLOW_BENCH_OPENBLAS
    printf("  OpenBLAS: %s\n", openblas_get_config());
#else
    printf("  OpenBLAS: not found at build time (comparison skipped)\n");
#endif
    printf("  %-40s", "shape (MxNxK)");
    for (int i = 0; i < KERN_ISA_COUNT; i++)
        if (kern_isa_supported((kern_isa)i))
            printf(" %9s-1T", kern_isa_name((kern_isa)i));
    printf(" %9s-1T %9s-%dT", "openblas", kern_isa_name(kern_isa_best()), ncpu);
    printf(" %9s-%dT\n", "openblas", ncpu);
    for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++) {
        const shape *s = &shapes[si];
        float *a = malloc(sizeof(float) * s->m * s->k), *b = malloc(sizeof(float) * s->k * s->n);
        float *c = malloc(sizeof(float) * s->m * s->n);
        if (!a || !b || !c)
            return 1;
        for (size_t i = 0; i < s->m * s->k; i++)
            a[i] = (float)(i % 13) / 13.0f - 0.5f;
        for (size_t i = 0; i < s->k * s->n; i++)
            b[i] = (float)(i % 7) / 7.0f - 0.5f;
        char label[64];
        snprintf(label, sizeof label, "%s (%zux%zux%zu)", s->name, s->m, s->n, s->k);
        printf("  %-40s", label);
        fflush(stdout);
        bench_ctx x = {s, a, b, c, 0, NULL};
        for (int i = 0; i < KERN_ISA_COUNT; i++)
            if (kern_isa_supported((kern_isa)i)) {
                x.isa = i;
                printf(" %12.1f", gflops(&x));
                fflush(stdout);
            }
        x.isa = -1;
#ifdef GEFLOW_BENCH_OPENBLAS
        openblas_set_num_threads(1);
        printf(" %12.1f", gflops(&x));
#else
        printf(" %12s", "-");
#endif
        x.isa = (int)kern_isa_best();
        x.th = &all;
        printf(" %12.1f", gflops(&x));
        x.isa = -1;
#ifdef GEFLOW_BENCH_OPENBLAS
        openblas_set_num_threads(ncpu);
        printf(" %12.1f", gflops(&x));
#else
        printf(" %12s", "-");
#endif
        printf("\n");
        free(a), free(b), free(c);
    }
    rt_pool_destroy(pool);
    return 0;
}

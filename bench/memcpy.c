/* aclrtMemcpyAsync of 64 MiB device-to-device (enqueue + synchronize) against memcpy of the
 * same buffers, measured side by side; median of the repeats and the ratio. */
#include "acl/acl.h"
#include "bench_util.h"

#include <string.h>

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 21;
    size_t n = (size_t)64 << 20;
    BENCH_CHECK(aclInit(NULL));
    BENCH_CHECK(aclrtSetDevice(0));
    aclrtStream s;
    BENCH_CHECK(aclrtCreateStream(&s));
    void *a, *b;
    BENCH_CHECK(aclrtMalloc(&a, n, ACL_MEM_MALLOC_HUGE_FIRST));
    BENCH_CHECK(aclrtMalloc(&b, n, ACL_MEM_MALLOC_HUGE_FIRST));
    memset(a, 1, n);
    memset(b, 2, n);
    double *t_acl = malloc(sizeof(double) * (size_t)reps), *t_mc = malloc(sizeof(double) * (size_t)reps);
    for (int r = 0; r < reps; r++) {
        double t0 = now_us();
        memcpy(b, a, n);
        double t1 = now_us();
        BENCH_CHECK(aclrtMemcpyAsync(b, n, a, n, ACL_MEMCPY_DEVICE_TO_DEVICE, s));
        BENCH_CHECK(aclrtSynchronizeStream(s));
        double t2 = now_us();
        t_mc[r] = t1 - t0;
        t_acl[r] = t2 - t1;
    }
    double m_mc = median(t_mc, (size_t)reps), m_acl = median(t_acl, (size_t)reps);
    double gib = (double)n / (1 << 30);
    printf("memcpy: 64 MiB device-to-device, median of %d\n", reps);
    printf("  memcpy:            %8.0f us  %6.2f GiB/s\n", m_mc, gib / (m_mc / 1e6));
    printf("  aclrtMemcpyAsync:  %8.0f us  %6.2f GiB/s\n", m_acl, gib / (m_acl / 1e6));
    printf("  ratio (aclrtMemcpyAsync bandwidth / memcpy bandwidth): %.3f\n", m_mc / m_acl);
    free(t_acl);
    free(t_mc);
    BENCH_CHECK(aclrtFree(a));
    BENCH_CHECK(aclrtFree(b));
    BENCH_CHECK(aclrtDestroyStream(s));
    BENCH_CHECK(aclrtResetDevice(0));
    BENCH_CHECK(aclFinalize());
    return 0;
}

/* Overhead of an enqueued no-op task on one stream: enqueue-to-done latency (median) and
 * tasks/second, with the worker thread running the tasks and with the synchronizing thread
 * running them itself (the synchronize-runs-tasks path). */
#include "acl/acl.h"
#include "bench_util.h"
#include "runtime/runtime.h"

static aclError noop(void *ctx)
{
    (void)ctx;
    return ACL_SUCCESS;
}

static double latency_us(aclrtStream s, bool help, int reps)
{
    double *v = malloc(sizeof *v * (size_t)reps);
    for (int i = 0; i < reps; i++) {
        double t0 = now_us();
        BENCH_CHECK(rt_stream_enqueue(s, noop, NULL, NULL));
        BENCH_CHECK(rt_stream_synchronize(s, -1, help));
        v[i] = now_us() - t0;
    }
    double m = median(v, (size_t)reps);
    free(v);
    return m;
}

static double tasks_per_s(aclrtStream s, bool help, int n)
{
    double best = 0;
    for (int r = 0; r < 5; r++) {
        double t0 = now_us();
        for (int i = 0; i < n; i++)
            BENCH_CHECK(rt_stream_enqueue(s, noop, NULL, NULL));
        BENCH_CHECK(rt_stream_synchronize(s, -1, help));
        double rate = n / ((now_us() - t0) / 1e6);
        if (rate > best)
            best = rate;
    }
    return best;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 20000;
    BENCH_CHECK(aclInit(NULL));
    BENCH_CHECK(aclrtSetDevice(0));
    aclrtStream s;
    BENCH_CHECK(aclrtCreateStream(&s));
    (void)latency_us(s, true, 1000); /* warm up: worker started, caches */
    (void)latency_us(s, false, 1000);
    double lat_worker = latency_us(s, false, reps);
    double lat_sync = latency_us(s, true, reps);
    double tps_worker = tasks_per_s(s, false, 200000);
    double tps_sync = tasks_per_s(s, true, 200000);
    printf("overhead: no-op task latency, median of %d (enqueue -> done)\n", reps);
    printf("  worker-driven:            %8.2f us\n", lat_worker);
    printf("  synchronize-runs-tasks:   %8.2f us\n", lat_sync);
    printf("overhead: tasks/second, 200000 no-ops enqueued then synchronize (best of 5)\n");
    printf("  worker-driven:            %10.0f tasks/s\n", tps_worker);
    printf("  synchronize-runs-tasks:   %10.0f tasks/s\n", tps_sync);
    BENCH_CHECK(aclrtDestroyStream(s));
    BENCH_CHECK(aclrtResetDevice(0));
    BENCH_CHECK(aclFinalize());
    return 0;
}

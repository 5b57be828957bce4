/* Host-side cost of RunGraphWithStreamAsync on a 100-node static graph of tiny ops, runs per
 * second on one stream, and the throughput of 1 vs 2 streams running the same graph. */
#include "acl/acl.h"
#include "bench_util.h"
#include "geflow/geflow.h"

#include <pthread.h>
#include <stdio.h>

enum { NODES = 100, ELEMS = 16, CALLS = 2000, STREAM_RUNS = 3000 };

static ge_graph *chain_graph(void)
{
    ge_graph *g = NULL;
    BENCH_CHECK(ge_graph_create("chain100", &g));
    BENCH_CHECK(ge_graph_add_input(g, "v0", GE_DTYPE_FLOAT32, (int64_t[]){ELEMS}, 1, 0));
    float one[ELEMS];
    for (int i = 0; i < ELEMS; i++)
        one[i] = 1e-3f;
    BENCH_CHECK(ge_graph_add_constant(g, "c", GE_DTYPE_FLOAT32, (int64_t[]){ELEMS}, 1, one, sizeof one));
    char in[16], out[16], name[16];
    for (int i = 0; i < NODES; i++) {
        snprintf(in, sizeof in, "v%d", i);
        snprintf(out, sizeof out, "v%d", i + 1);
        snprintf(name, sizeof name, "n%d", i);
        /* alternate Add and Relu: tiny elementwise ops */
        if (i % 2 == 0)
            BENCH_CHECK(ge_graph_add_node(g, "Add", NULL, name, (const char *[]){in, "c"}, 2, (const char *[]){out}, 1, NULL));
        else
            BENCH_CHECK(ge_graph_add_node(g, "Relu", NULL, name, (const char *[]){in}, 1, (const char *[]){out}, 1, NULL));
    }
    snprintf(out, sizeof out, "v%d", NODES);
    BENCH_CHECK(ge_graph_add_output(g, out));
    return g;
}

typedef struct stream_job {
    ge_session *s;
    int runs;
    double seconds;
} stream_job;

static ge_tensor *device_vec(void)
{
    void *p = NULL;
    BENCH_CHECK(aclrtMalloc(&p, ELEMS * 4, ACL_MEM_MALLOC_HUGE_FIRST));
    BENCH_CHECK(aclrtMemset(p, ELEMS * 4, 0, ELEMS * 4));
    ge_tensor *t = NULL;
    BENCH_CHECK(ge_tensor_wrap(GE_DTYPE_FLOAT32, (int64_t[]){ELEMS}, 1, p, ELEMS * 4, GE_PLACEMENT_DEVICE, NULL, NULL, &t));
    return t;
}

static void free_vec(ge_tensor *t)
{
    void *p = ge_tensor_get_data(t);
    ge_tensor_destroy(t);
    aclrtFree(p);
}

static void *stream_main(void *arg)
{
    stream_job *j = arg;
    aclrtSetDevice(0);
    aclrtStream st = NULL;
    BENCH_CHECK(aclrtCreateStream(&st));
    ge_tensor *in = device_vec(), *out = device_vec();
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    double t0 = now_us();
    for (int r = 0; r < j->runs; r++) {
        BENCH_CHECK(ge_session_run_graph_with_stream_async(j->s, 1, st, 1, ins, 1, outs));
        if (r % 64 == 63)
            BENCH_CHECK(aclrtSynchronizeStream(st));
    }
    BENCH_CHECK(aclrtSynchronizeStream(st));
    j->seconds = (now_us() - t0) / 1e6;
    free_vec(in);
    free_vec(out);
    aclrtDestroyStream(st);
    aclrtResetDevice(0);
    return NULL;
}

static double streams_throughput(ge_session *s, int n)
{
    pthread_t t[2];
    stream_job j[2];
    double t0 = now_us();
    for (int i = 0; i < n; i++) {
        j[i] = (stream_job){s, STREAM_RUNS, 0};
        pthread_create(&t[i], NULL, stream_main, &j[i]);
    }
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return n * STREAM_RUNS / ((now_us() - t0) / 1e6);
}

int main(void)
{
    BENCH_CHECK(aclInit(NULL));
    BENCH_CHECK(aclrtSetDevice(0));
    BENCH_CHECK(ge_initialize(NULL));
    ge_session *s = NULL;
    BENCH_CHECK(ge_session_create(NULL, &s));
    ge_graph *g = chain_graph();
    BENCH_CHECK(ge_session_add_graph(s, 1, g, NULL));
    ge_graph_destroy(g);
    aclrtStream st = NULL;
    BENCH_CHECK(aclrtCreateStream(&st));
    ge_tensor *in = device_vec(), *out = device_vec();
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    BENCH_CHECK(ge_session_run_graph_with_stream_async(s, 1, st, 1, ins, 1, outs)); /* compile + load */
    BENCH_CHECK(aclrtSynchronizeStream(st));

    static double call[CALLS];
    for (int r = 0; r < CALLS; r++) {
        double t0 = now_us();
        BENCH_CHECK(ge_session_run_graph_with_stream_async(s, 1, st, 1, ins, 1, outs));
        call[r] = now_us() - t0;
        BENCH_CHECK(aclrtSynchronizeStream(st));
    }
    double t0 = now_us();
    for (int r = 0; r < STREAM_RUNS; r++)
        BENCH_CHECK(ge_session_run_graph_with_stream_async(s, 1, st, 1, ins, 1, outs));
    BENCH_CHECK(aclrtSynchronizeStream(st));
    double one_stream_enqueue_all = STREAM_RUNS / ((now_us() - t0) / 1e6);
    free_vec(in);
    free_vec(out);
    aclrtDestroyStream(st);

    double tp1 = streams_throughput(s, 1), tp2 = streams_throughput(s, 2);
    printf("run_overhead: %d-node static graph of Add/Relu on %d floats\n", NODES, ELEMS);
    printf("  RunGraphWithStreamAsync call (median of %d): %8.2f us\n", CALLS, median(call, CALLS));
    printf("  runs/s, one stream, %d enqueued then sync:  %8.0f\n", STREAM_RUNS, one_stream_enqueue_all);
    printf("  runs/s, 1 stream (thread):                   %8.0f\n", tp1);
    printf("  runs/s, 2 streams (threads):                 %8.0f  (%.2fx)\n", tp2, tp2 / tp1);
    ge_session_destroy(s);
    ge_finalize();
    aclrtResetDevice(0);
    aclFinalize();
    return 0;
}

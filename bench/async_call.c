/* How long RunGraphWithStreamAsync holds the caller, against how long the run takes:
 * a graph of two 64-channel 3x3 convolutions on 56x56 (tens of ms on the reference kernels),
 * call time vs synchronize time, medians of repeats. */
#include "acl/acl.h"
#include "bench_util.h"
#include "geflow/geflow.h"

#include <stdlib.h>
#include <string.h>

enum { C = 64, H = 56, REPEATS = 9 };

static ge_graph *conv_graph(void)
{
    static float w[C * C * 9];
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        w[i] = (float)((i * 7919) % 17) / 170.0f - 0.05f;
    ge_graph *g = NULL;
    ge_node *n = NULL;
    BENCH_CHECK(ge_graph_create("convs", &g));
    BENCH_CHECK(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){1, C, H, H}, 4, 0));
    BENCH_CHECK(ge_graph_add_constant(g, "w", GE_DTYPE_FLOAT32, (int64_t[]){C, C, 3, 3}, 4, w, sizeof w));
    BENCH_CHECK(ge_graph_add_node(g, "Conv", NULL, "c1", (const char *[]){"x", "w"}, 2, (const char *[]){"a"}, 1, &n));
    BENCH_CHECK(ge_node_set_attr_ints(n, "pads", (int64_t[]){1, 1, 1, 1}, 4));
    BENCH_CHECK(ge_graph_add_node(g, "Conv", NULL, "c2", (const char *[]){"a", "w"}, 2, (const char *[]){"y"}, 1, &n));
    BENCH_CHECK(ge_node_set_attr_ints(n, "pads", (int64_t[]){1, 1, 1, 1}, 4));
    BENCH_CHECK(ge_graph_add_output(g, "y"));
    return g;
}

int main(void)
{
    BENCH_CHECK(aclInit(NULL));
    BENCH_CHECK(aclrtSetDevice(0));
    BENCH_CHECK(ge_initialize(NULL));
    ge_session *s = NULL;
    BENCH_CHECK(ge_session_create(NULL, &s));
    ge_graph *g = conv_graph();
    BENCH_CHECK(ge_session_add_graph(s, 1, g, NULL));
    ge_graph_destroy(g);
    aclrtStream stream = NULL;
    BENCH_CHECK(aclrtCreateStream(&stream));
    size_t bytes = (size_t)C * H * H * sizeof(float);
    void *din = NULL, *dout = NULL;
    BENCH_CHECK(aclrtMalloc(&din, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    BENCH_CHECK(aclrtMalloc(&dout, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    /* Ordinary values (a byte fill would make subnormal floats, which cost ~50x to multiply). */
    float *host = malloc(bytes);
    for (size_t i = 0; i < bytes / sizeof(float); i++)
        host[i] = (float)(i % 7) * 0.25f - 0.75f;
    BENCH_CHECK(aclrtMemcpy(din, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    free(host);
    int64_t dims[4] = {1, C, H, H};
    ge_tensor *in = NULL, *out = NULL;
    BENCH_CHECK(ge_tensor_wrap(GE_DTYPE_FLOAT32, dims, 4, din, bytes, GE_PLACEMENT_DEVICE, NULL, NULL, &in));
    BENCH_CHECK(ge_tensor_wrap(GE_DTYPE_FLOAT32, dims, 4, dout, bytes, GE_PLACEMENT_DEVICE, NULL, NULL, &out));
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    /* the first call compiles and loads */
    BENCH_CHECK(ge_session_run_graph_with_stream_async(s, 1, stream, 1, ins, 1, outs));
    BENCH_CHECK(aclrtSynchronizeStream(stream));
    double call[REPEATS], sync[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        double t0 = now_us();
        BENCH_CHECK(ge_session_run_graph_with_stream_async(s, 1, stream, 1, ins, 1, outs));
        double t1 = now_us();
        BENCH_CHECK(aclrtSynchronizeStream(stream));
        double t2 = now_us();
        call[r] = t1 - t0;
        sync[r] = t2 - t1;
    }
    double mc = median(call, REPEATS), ms = median(sync, REPEATS);
    printf("async_call: RunGraphWithStreamAsync on 2x conv %dx%dx%dx3x3 (median of %d)\n", C, H, H, REPEATS);
    printf("  call returns after:        %10.1f us\n", mc);
    printf("  synchronize waits for:     %10.1f us\n", ms);
    printf("  run / call ratio:          %10.0fx\n", ms / (mc > 0 ? mc : 1));
    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    aclrtFree(din);
    aclrtFree(dout);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    ge_finalize();
    aclrtResetDevice(0);
    aclFinalize();
    return 0;
}

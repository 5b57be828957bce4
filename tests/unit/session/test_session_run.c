/* The seed's run path: ge_session_run_graph_with_stream_async with device memory. */
#include "runtime/runtime.h"
#include "session_test_util.h"

#include <stdatomic.h>
#include <time.h>

static const float x_rows[6] = {1, 2, 3, -1, 0.5f, 2};

static void test_seed_flow(void)
{
    test_env_up();
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    CHECK(ge_session_get_id(s) > 0);
    ge_graph *g = test_mlp_graph(2);
    CHECK_EQ(ge_session_add_graph(s, 1, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g); /* the session has its own copy */

    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    ge_tensor *in = test_device_tensor(2, 3, NULL);
    ge_tensor *out = test_device_tensor(2, 2, NULL);
    float host_y[4] = {0}, want[4];
    /* H2D -> run -> D2H on one stream, then synchronize. */
    CHECK_EQ(aclrtMemcpyAsync(ge_tensor_get_data(in), sizeof x_rows, x_rows, sizeof x_rows,
                              ACL_MEMCPY_HOST_TO_DEVICE, stream), ACL_SUCCESS);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 1, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK(outs[0] == out); /* user buffers keep their address */
    CHECK_EQ(aclrtMemcpyAsync(host_y, sizeof host_y, ge_tensor_get_data(out), sizeof host_y,
                              ACL_MEMCPY_DEVICE_TO_HOST, stream), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    test_mlp_expected(x_rows, 2, want);
    CHECK(test_close(host_y, want, 4));

    /* A second run reuses the plan and gives the same result. */
    memset(host_y, 0, sizeof host_y);
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 1, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(host_y, sizeof host_y, ge_tensor_get_data(out), sizeof host_y, ACL_MEMCPY_DEVICE_TO_HOST),
             ACL_SUCCESS);
    CHECK(test_close(host_y, want, 4));

    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    CHECK_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    ge_session_destroy(s);
    test_env_down();
}

/* A task that holds the stream until released: proves the call returns before the run. */
static atomic_int gate_open;
static aclError gate_task(void *ctx)
{
    (void)ctx;
    while (!atomic_load(&gate_open))
        ;
    return ACL_SUCCESS;
}

static void test_call_returns_before_run(void)
{
    test_env_up();
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    ge_graph *g = test_mlp_graph(2);
    CHECK_EQ(ge_session_add_graph(s, 7, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    ge_tensor *in = test_device_tensor(2, 3, x_rows);
    ge_tensor *out = test_device_tensor(2, 2, NULL);
    CHECK_EQ(aclrtMemset(ge_tensor_get_data(out), 16, 0, 16), ACL_SUCCESS);
    atomic_store(&gate_open, 0);
    CHECK_EQ(rt_stream_enqueue(stream, gate_task, NULL, NULL), ACL_SUCCESS);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 7, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    aclrtStreamStatus status = ACL_STREAM_STATUS_COMPLETE;
    CHECK_EQ(aclrtStreamQuery(stream, &status), ACL_SUCCESS);
    CHECK_EQ(status, ACL_STREAM_STATUS_NOT_READY);
    float y[4], want[4];
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(out), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(y[0] == 0 && y[1] == 0); /* nothing written yet */
    atomic_store(&gate_open, 1);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(out), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    test_mlp_expected(x_rows, 2, want);
    CHECK(test_close(y, want, 4));
    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    test_env_down();
}

/* A heavy graph (40 64-channel 3x3 convolutions on 56x56, over 50 ms): the call's time and
 * the synchronize's time are measured and printed; the proof that the call did not wait is
 * structural (the run cannot start before the gate opens), not a timing assertion. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_heavy_graph_call_vs_synchronize(void)
{
    test_env_up();
    enum { C = 64, H = 56 };
    static float w[C * C * 9];
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        w[i] = (float)(i % 13) / 130.0f - 0.05f;
    ge_graph *g = NULL;
    ge_node *n = NULL;
    CHECK_EQ(ge_graph_create("heavy", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){1, C, H, H}, 4, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "w", GE_DTYPE_FLOAT32, (int64_t[]){C, C, 3, 3}, 4, w, sizeof w), GE_STATUS_SUCCESS);
    /* a chain of 40 convolutions: >= 50 ms even with the fast kernels */
    char in_name[16] = "x", out_name[16], node_name[16];
    for (int i = 0; i < 40; i++) {
        snprintf(out_name, sizeof out_name, i == 39 ? "y" : "a%d", i);
        snprintf(node_name, sizeof node_name, "c%d", i);
        CHECK_EQ(ge_graph_add_node(g, "Conv", NULL, node_name, (const char *[]){in_name, "w"}, 2,
                                   (const char *[]){out_name}, 1, &n), GE_STATUS_SUCCESS);
        CHECK_EQ(ge_node_set_attr_ints(n, "pads", (int64_t[]){1, 1, 1, 1}, 4), GE_STATUS_SUCCESS);
        memcpy(in_name, out_name, sizeof in_name);
    }
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_add_graph(s, 1, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    CHECK_EQ(ge_session_compile_graph(s, 1), GE_STATUS_SUCCESS);
    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    ge_tensor *in = NULL, *out = NULL;
    void *din = NULL;
    size_t bytes = (size_t)C * H * H * 4;
    CHECK_EQ(aclrtMalloc(&din, bytes, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMemset(din, bytes, 0, bytes), ACL_SUCCESS);
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, (int64_t[]){1, C, H, H}, 4, din, bytes, GE_PLACEMENT_DEVICE,
                            test_free_device, NULL, &in), GE_STATUS_SUCCESS);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[1] = {NULL};
    atomic_store(&gate_open, 0);
    CHECK_EQ(rt_stream_enqueue(stream, gate_task, NULL, NULL), ACL_SUCCESS);
    double t0 = now_ms();
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 1, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    double t1 = now_ms();
    aclrtStreamStatus status = ACL_STREAM_STATUS_COMPLETE;
    CHECK_EQ(aclrtStreamQuery(stream, &status), ACL_SUCCESS);
    CHECK_EQ(status, ACL_STREAM_STATUS_NOT_READY);
    atomic_store(&gate_open, 1);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    double t2 = now_ms();
    fprintf(stderr, "  heavy graph: the call returned after %.3f ms; the synchronize waited %.1f ms\n", t1 - t0,
            t2 - t1);
    out = outs[0];
    CHECK(out != NULL);
    float y0 = -1;
    CHECK_EQ(aclrtMemcpy(&y0, 4, ge_tensor_get_data(out), 4, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(y0 == 0.0f); /* zero input, no bias */
    ge_tensor_destroy(out);
    ge_tensor_destroy(in);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    test_env_down();
}

static void test_builtin_outputs(void)
{
    test_env_up();
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    ge_graph *g = test_mlp_graph(2);
    CHECK_EQ(ge_session_add_graph(s, 2, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    ge_tensor *in = test_device_tensor(2, 3, x_rows);
    const ge_tensor *ins[] = {in};
    ge_tensor *first[1] = {NULL}, *second[1] = {NULL};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 2, stream, 1, ins, 1, first), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 2, stream, 1, ins, 1, second), GE_STATUS_SUCCESS);
    CHECK(first[0] && second[0]);
    CHECK(ge_tensor_get_data(first[0]) != ge_tensor_get_data(second[0])); /* a held output is never reused */
    CHECK_EQ(ge_tensor_get_placement(first[0]), GE_PLACEMENT_DEVICE);
    CHECK_EQ(ge_tensor_get_rank(first[0]), 2);
    CHECK_EQ(ge_tensor_get_dims(first[0])[0], 2);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    float y[4], want[4];
    test_mlp_expected(x_rows, 2, want);
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(second[0]), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST),
             ACL_SUCCESS);
    CHECK(test_close(y, want, 4));
    ge_tensor_destroy(first[0]);
    /* Releasing after the graph is gone is the documented misuse: it must stay harmless. */
    CHECK_EQ(ge_session_remove_graph(s, 2), GE_STATUS_SUCCESS);
    ge_tensor_destroy(second[0]);
    ge_tensor_destroy(in);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    test_env_down();
}

/* ---- external allocator ---- */
typedef struct counting_allocator {
    atomic_int mallocs, frees, released;
    int fail_above; /* malloc returns NULL for sizes above this (0: never) */
} counting_allocator;

static void *ca_malloc(void *user, size_t size, void **out_addr)
{
    counting_allocator *a = user;
    if (a->fail_above && size > (size_t)a->fail_above)
        return NULL;
    void *p = NULL;
    if (aclrtMalloc(&p, size, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS)
        return NULL;
    atomic_fetch_add(&a->mallocs, 1);
    *out_addr = p;
    return p; /* the block handle is the address itself */
}

static void ca_free(void *user, void *block)
{
    counting_allocator *a = user;
    atomic_fetch_add(&a->frees, 1);
    aclrtFree(block);
}

static void ca_release(void *user)
{
    counting_allocator *a = user;
    atomic_fetch_add(&a->released, 1);
}

static void test_external_allocator(void)
{
    test_env_up();
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    ge_graph *g = test_mlp_graph(2);
    CHECK_EQ(ge_session_add_graph(s, 3, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    counting_allocator ca = {0};
    ge_external_allocator api = {ca_malloc, ca_free, NULL, ca_release, &ca};
    CHECK_EQ(ge_session_register_external_allocator(s, stream, &api), GE_STATUS_SUCCESS);
    ge_tensor *in = test_device_tensor(2, 3, x_rows);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[1] = {NULL};
    /* Hold the stream so the run cannot start before the check below. */
    atomic_store(&gate_open, 0);
    CHECK_EQ(rt_stream_enqueue(stream, gate_task, NULL, NULL), ACL_SUCCESS);
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 3, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK_EQ(atomic_load(&ca.mallocs), 1); /* the output, on the calling thread */
    atomic_store(&gate_open, 1);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    /* feature memory came from it during the run, and went back at its end */
    CHECK_EQ(atomic_load(&ca.mallocs), 2);
    CHECK_EQ(atomic_load(&ca.frees), 1);
    float y[4], want[4];
    test_mlp_expected(x_rows, 2, want);
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(outs[0]), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(test_close(y, want, 4));
    ge_tensor_destroy(outs[0]);
    CHECK_EQ(atomic_load(&ca.frees), 2);

    /* Feature memory refused: the failure comes back from the synchronize. */
    ca.fail_above = 64;
    ge_tensor *out = test_device_tensor(2, 2, NULL);
    ge_tensor *given[] = {out};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 3, stream, 1, ins, 1, given), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_ERROR_RT_MEMORY_ALLOCATION);
    CHECK_CONTAINS(aclGetRecentErrMsg(), "returned NULL");
    /* ... and an output refused fails the call itself. */
    ca.fail_above = 8;
    ge_tensor *none[1] = {NULL};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 3, stream, 1, ins, 1, none), GE_STATUS_MEMALLOC_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "output 0: the external allocator returned NULL");
    CHECK(none[0] == NULL);

    CHECK_EQ(ge_session_unregister_external_allocator(s, stream), GE_STATUS_SUCCESS);
    CHECK_EQ(atomic_load(&ca.released), 1);
    CHECK_EQ(ge_session_unregister_external_allocator(s, stream), GE_STATUS_SUCCESS); /* a repeat is fine */
    ge_tensor_destroy(out);
    ge_tensor_destroy(in);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    test_env_down();
}

static void test_refusals(void)
{
    test_env_up();
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    ge_graph *g = test_mlp_graph(2);
    CHECK_EQ(ge_session_add_graph(s, 4, g, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_add_graph(s, 4, g, NULL), GE_STATUS_GRAPH_ID_EXISTS);
    CHECK_CONTAINS(ge_get_error_message(), "graph id 4 already exists");
    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    ge_tensor *in = test_device_tensor(2, 3, x_rows);
    ge_tensor *out = test_device_tensor(2, 2, NULL);
    ge_tensor *small = test_device_tensor(1, 2, NULL);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};

    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, stream, 0, NULL, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "inputs: expected 1, found 0");
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, NULL, 1, ins, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "stream is NULL");
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 99, stream, 1, ins, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "graph 99 is not in session");

    /* host memory where device memory is required */
    float host_x[6];
    memcpy(host_x, x_rows, sizeof host_x);
    int64_t xd[2] = {2, 3};
    ge_tensor *host_in = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, xd, 2, host_x, sizeof host_x, GE_PLACEMENT_HOST, NULL, NULL, &host_in),
             GE_STATUS_SUCCESS);
    const ge_tensor *host_ins[] = {host_in};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, stream, 1, host_ins, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 0 ('x'): expected device memory");

    /* wrong dtype / shape */
    int64_t bad_dims[2] = {3, 3};
    ge_tensor *bad_shape = NULL, *bad_type = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, bad_dims, 2, NULL, 0, GE_PLACEMENT_DEVICE, NULL, NULL, &bad_shape),
             GE_STATUS_SUCCESS);
    int64_t i_dims[2] = {2, 3};
    int32_t ibuf[6];
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_INT32, i_dims, 2, ibuf, sizeof ibuf, GE_PLACEMENT_HOST, NULL, NULL, &bad_type),
             GE_STATUS_SUCCESS);
    const ge_tensor *shape_ins[] = {bad_shape}, *type_ins[] = {bad_type};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, stream, 1, shape_ins, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 0 ('x'): shape mismatch: the graph expects [2,3], found [3,3]");
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, stream, 1, type_ins, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "dtype mismatch: the graph expects float32, found int32");

    /* a short output buffer is refused before anything runs */
    ge_tensor *small_outs[] = {small};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, stream, 1, ins, 1, small_outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "output 0 ('y'): the buffer holds 8 bytes, the output (float32 [2,2]) needs 16");
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, stream, 1, ins, 0, NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "outputs: expected 1 slots, found 0");

    /* a stream of an explicit context is refused */
    aclrtContext ctx = NULL, def = NULL;
    CHECK_EQ(aclrtGetCurrentContext(&def), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateContext(&ctx, 0), ACL_SUCCESS);
    aclrtStream other = NULL;
    CHECK_EQ(aclrtCreateStream(&other), ACL_SUCCESS);
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, other, 1, ins, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "only streams of the default context");
    CHECK_EQ(aclrtDestroyStream(other), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyContext(ctx), ACL_SUCCESS);
    CHECK_EQ(aclrtSetCurrentContext(def), ACL_SUCCESS);

    /* nothing ran: the stream is clean */
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);

    /* removed graphs cannot run */
    CHECK_EQ(ge_session_remove_graph(s, 4), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 4, stream, 1, ins, 1, outs), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "graph 4 is not in session");
    CHECK_EQ(ge_session_remove_graph(s, 4), GE_STATUS_SESSION_REMOVE_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "RemoveGraph: graph 4 is not in session");

    /* host inputs are allowed at the indexes the option lists */
    ge_options *opts = NULL;
    CHECK_EQ(ge_options_create(&opts), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_options_set(opts, "ge.exec.hostInputIndexes", "0"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_add_graph(s, 5, g, opts), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 5, stream, 1, host_ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    float y[4], want[4];
    test_mlp_expected(x_rows, 2, want);
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(out), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(test_close(y, want, 4));
    ge_options_destroy(opts);

    ge_tensor_destroy(host_in);
    ge_tensor_destroy(bad_shape);
    ge_tensor_destroy(bad_type);
    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    ge_tensor_destroy(small);
    ge_graph_destroy(g);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    test_env_down();
}

/* A kernel failing inside the queued run comes back from the synchronize. */
static void test_runtime_failure_is_sticky(void)
{
    test_env_up();
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    ge_graph *g = NULL;
    int64_t dd[1] = {4}, id[1] = {1};
    float data[4] = {1, 2, 3, 4};
    CHECK_EQ(ge_graph_create("gather", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "idx", GE_DTYPE_INT64, id, 1, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "data", GE_DTYPE_FLOAT32, dd, 1, data, sizeof data), GE_STATUS_SUCCESS);
    const char *gin[] = {"data", "idx"}, *gout[] = {"y"};
    CHECK_EQ(ge_graph_add_node(g, "Gather", NULL, "gather", gin, 2, gout, 1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_add_graph(s, 1, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    void *dev_idx = NULL;
    int64_t bad = 10;
    CHECK_EQ(aclrtMalloc(&dev_idx, sizeof bad, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(dev_idx, sizeof bad, &bad, sizeof bad, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    ge_tensor *idx = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_INT64, id, 1, dev_idx, sizeof bad, GE_PLACEMENT_DEVICE, test_free_device, NULL,
                            &idx), GE_STATUS_SUCCESS);
    const ge_tensor *ins[] = {idx};
    ge_tensor *outs[1] = {NULL};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 1, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_ERROR_RT_MODEL_EXECUTE);
    CHECK_CONTAINS(aclGetRecentErrMsg(), "graph 1: the run failed: Gather node 'gather'");
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS); /* reported once */
    ge_tensor_destroy(outs[0]);
    ge_tensor_destroy(idx);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    test_env_down();
}

int main(void)
{
    RUN_TEST(test_seed_flow);
    RUN_TEST(test_call_returns_before_run);
    RUN_TEST(test_heavy_graph_call_vs_synchronize);
    RUN_TEST(test_builtin_outputs);
    RUN_TEST(test_external_allocator);
    RUN_TEST(test_refusals);
    RUN_TEST(test_runtime_failure_is_sticky);
    return test_result();
}

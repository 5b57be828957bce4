/* Host runs, async callbacks, summaries, user memory bases, dynamic shapes, concurrency and
 * the GE lifetime rules. */
#include "session_test_util.h"

#include <pthread.h>
#include <stdatomic.h>

static const float x3[9] = {1, 2, 3, -1, 0.5f, 2, 4, -2, 0};

static ge_session *session_with_graph(uint32_t id, int64_t batch)
{
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    ge_graph *g = test_mlp_graph(batch);
    CHECK_EQ(ge_session_add_graph(s, id, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    return s;
}

static void test_lifetime_rules(void)
{
    ge_session *s = NULL;
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS); /* never initialised: SUCCESS */
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_NOT_INITIALIZED);
    CHECK_CONTAINS(ge_get_error_message(), "GE is not initialized");
    CHECK(s == NULL);
    test_env_up();
    CHECK(ge_is_initialized());
    CHECK_EQ(ge_initialize(NULL), GE_STATUS_SUCCESS);
    s = session_with_graph(1, 2);
    ge_session *t = session_with_graph(1, 2);
    CHECK(ge_session_get_id(s) != ge_session_get_id(t));
    ge_session_destroy(t);
    /* GEFinalize with a live session releases it; a second GEFinalize is SUCCESS. */
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    CHECK(!ge_is_initialized());
    /* ... and GE starts afresh. */
    CHECK_EQ(ge_initialize(NULL), GE_STATUS_SUCCESS);
    s = session_with_graph(1, 2);
    ge_session_destroy(s);
    ge_options *bad = NULL;
    CHECK_EQ(ge_options_create(&bad), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_options_set(bad, "ge.session_device_id", "5"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_create(bad, &s), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge.session_device_id=5: expected a device id 0..0");
    ge_options_destroy(bad);
    test_env_down();
}

static void test_run_graph_host(void)
{
    test_env_up();
    ge_session *s = session_with_graph(3, 3);
    int64_t xd[2] = {3, 2 + 1};
    ge_tensor *x = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, xd, 2, (void *)x3, sizeof x3, GE_PLACEMENT_HOST, NULL, NULL, &x),
             GE_STATUS_SUCCESS);
    const ge_tensor *ins[] = {x};
    ge_tensor *outs[1] = {NULL};
    CHECK_EQ(ge_session_run_graph(s, 3, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    float want[6];
    test_mlp_expected(x3, 3, want);
    CHECK(outs[0] && ge_tensor_get_placement(outs[0]) == GE_PLACEMENT_HOST);
    CHECK(test_close(ge_tensor_get_data(outs[0]), want, 6));
    /* a provided host buffer is filled in place */
    float y[6] = {0};
    int64_t yd[2] = {3, 2};
    ge_tensor *given = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, yd, 2, y, sizeof y, GE_PLACEMENT_HOST, NULL, NULL, &given),
             GE_STATUS_SUCCESS);
    ge_tensor *gouts[] = {given};
    CHECK_EQ(ge_session_run_graph(s, 3, 1, ins, 1, gouts), GE_STATUS_SUCCESS);
    CHECK(test_close(y, want, 6));
    ge_tensor_destroy(given);
    ge_tensor_destroy(outs[0]);
    ge_tensor_destroy(x);
    ge_session_destroy(s);
    test_env_down();
}

typedef struct callback_result {
    pthread_mutex_t lock;
    pthread_cond_t cv;
    int calls;
    ge_status status;
    float y[6];
    size_t n_outputs;
} callback_result;

static void on_done(ge_status status, size_t n_outputs, ge_tensor **outputs, void *user)
{
    callback_result *r = user;
    pthread_mutex_lock(&r->lock);
    r->status = status;
    r->n_outputs = n_outputs;
    if (status == GE_STATUS_SUCCESS && n_outputs == 1)
        memcpy(r->y, ge_tensor_get_data(outputs[0]), sizeof r->y);
    for (size_t i = 0; i < n_outputs; i++)
        ge_tensor_destroy(outputs[i]); /* the callback owns them */
    r->calls++;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->lock);
}

static void test_run_graph_async_callback(void)
{
    test_env_up();
    ge_session *s = session_with_graph(4, 3);
    int64_t xd[2] = {3, 3};
    ge_tensor *x = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, xd, 2, (void *)x3, sizeof x3, GE_PLACEMENT_HOST, NULL, NULL, &x),
             GE_STATUS_SUCCESS);
    const ge_tensor *ins[] = {x};
    callback_result r = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, {0}, 0};
    CHECK_EQ(ge_session_run_graph_async(s, 4, 1, ins, on_done, &r), GE_STATUS_SUCCESS);
    pthread_mutex_lock(&r.lock);
    while (r.calls == 0)
        pthread_cond_wait(&r.cv, &r.lock);
    pthread_mutex_unlock(&r.lock);
    float want[6];
    test_mlp_expected(x3, 3, want);
    CHECK_EQ(r.status, GE_STATUS_SUCCESS);
    CHECK_EQ(r.n_outputs, 1);
    CHECK(test_close(r.y, want, 6));
    /* a failing run reports through the callback too (wrong input count) */
    CHECK_EQ(ge_session_run_graph_async(s, 4, 0, NULL, on_done, &r), GE_STATUS_SUCCESS);
    pthread_mutex_lock(&r.lock);
    while (r.calls == 1)
        pthread_cond_wait(&r.cv, &r.lock);
    pthread_mutex_unlock(&r.lock);
    CHECK_EQ(r.status, GE_STATUS_PARAM_INVALID);
    CHECK_EQ(r.n_outputs, 0);
    CHECK_EQ(ge_session_run_graph_async(s, 4, 1, ins, NULL, NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "callback is NULL");
    ge_tensor_destroy(x);
    ge_session_destroy(s);
    test_env_down();
}

static void test_summary_and_memory_bases(void)
{
    test_env_up();
    ge_session *s = session_with_graph(5, 2);
    ge_graph_summary *sm = NULL;
    CHECK_EQ(ge_session_get_graph_summary(s, 5, &sm), GE_STATUS_SUCCESS);
    CHECK(ge_graph_summary_is_static(sm));
    size_t const_size = 0, feature = 0, n = 0, rank = 0;
    int64_t dims[4];
    ge_dtype dt = GE_DTYPE_UNDEFINED;
    CHECK_EQ(ge_graph_summary_get_const_memory_size(sm, &const_size), GE_STATUS_SUCCESS);
    CHECK_EQ(const_size, 128); /* W (24 bytes) and b (8 bytes), each 64-aligned */
    CHECK_EQ(ge_graph_summary_get_feature_memory_size(sm, &feature), GE_STATUS_SUCCESS);
    CHECK(feature >= 16 && feature <= 128); /* xw and pre: 16 bytes each, never both needed apart */
    CHECK_EQ(ge_graph_summary_get_output_count(sm, &n), GE_STATUS_SUCCESS);
    CHECK_EQ(n, 1);
    CHECK_EQ(ge_graph_summary_get_output(sm, 0, &dt, dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_FLOAT32);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[0], 2);
    CHECK_EQ(dims[1], 2);
    CHECK_EQ(ge_graph_summary_get_output(sm, 1, &dt, dims, 4, &rank), GE_STATUS_PARAM_INVALID);
    ge_graph_summary_destroy(sm);

    /* the user owns const and feature memory */
    void *cmem = NULL, *fmem = NULL;
    CHECK_EQ(aclrtMalloc(&cmem, const_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMalloc(&fmem, feature, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(ge_session_set_graph_const_memory_base(s, 5, cmem, const_size - 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "below the const memory size 128");
    CHECK_EQ(ge_session_set_graph_const_memory_base(s, 5, cmem, const_size), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_set_graph_const_memory_base(s, 5, cmem, const_size), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "already set");
    CHECK_EQ(ge_session_update_graph_feature_memory_base(s, 5, fmem, feature), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_update_graph_feature_memory_base(s, 5, fmem, feature), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "not refreshable");

    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    ge_tensor *in = test_device_tensor(2, 3, x3);
    ge_tensor *out = test_device_tensor(2, 2, NULL);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out}, *none[1] = {NULL};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 5, stream, 1, ins, 1, none), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "every output must be provided");
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 5, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    float y[4], want[4];
    test_mlp_expected(x3, 2, want);
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(out), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(test_close(y, want, 4));
    /* the constants really are read from the user's memory */
    float w0 = 0;
    CHECK_EQ(aclrtMemcpy(&w0, sizeof w0, cmem, sizeof w0, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(w0 == test_w[0]);
    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    aclrtFree(cmem);
    aclrtFree(fmem);
    test_env_down();
}

static void test_dynamic_batch(void)
{
    test_env_up();
    ge_session *s = session_with_graph(6, -1);
    ge_graph_summary *sm = NULL;
    CHECK_EQ(ge_session_get_graph_summary(s, 6, &sm), GE_STATUS_SUCCESS);
    CHECK(!ge_graph_summary_is_static(sm));
    size_t size = 0;
    CHECK_EQ(ge_graph_summary_get_feature_memory_size(sm, &size), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "the graph is dynamic");
    ge_graph_summary_destroy(sm);
    aclrtStream stream = NULL;
    CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    for (int64_t rows = 1; rows <= 3; rows++) {
        ge_tensor *in = test_device_tensor(rows, 3, x3);
        const ge_tensor *ins[] = {in};
        ge_tensor *outs[1] = {NULL};
        CHECK_EQ(ge_session_run_graph_with_stream_async(s, 6, stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        CHECK(outs[0] && ge_tensor_get_dims(outs[0])[0] == rows);
        float y[6], want[6];
        test_mlp_expected(x3, (size_t)rows, want);
        CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(outs[0]), (size_t)rows * 8, ACL_MEMCPY_DEVICE_TO_HOST),
                 ACL_SUCCESS);
        CHECK(test_close(y, want, (size_t)rows * 2));
        ge_tensor_destroy(outs[0]);
        ge_tensor_destroy(in);
    }
    aclrtDestroyStream(stream);
    ge_session_destroy(s);
    test_env_down();
}

/* ---- concurrency ---- */
typedef struct worker_arg {
    ge_session *session;
    uint32_t graph_id;
    int runs;
    int failures;
    float seed;
} worker_arg;

static void *stream_worker(void *p)
{
    worker_arg *w = p;
    aclrtSetDevice(0);
    aclrtStream stream = NULL;
    if (aclrtCreateStream(&stream) != ACL_SUCCESS) {
        w->failures++;
        return NULL;
    }
    float x[6], want[4], y[4];
    for (int i = 0; i < 6; i++)
        x[i] = w->seed + (float)i;
    test_mlp_expected(x, 2, want);
    ge_tensor *in = test_device_tensor(2, 3, x);
    ge_tensor *out = test_device_tensor(2, 2, NULL);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    for (int r = 0; r < w->runs; r++) {
        if (ge_session_run_graph_with_stream_async(w->session, w->graph_id, stream, 1, ins, 1, outs) != GE_STATUS_SUCCESS ||
            aclrtSynchronizeStream(stream) != ACL_SUCCESS ||
            aclrtMemcpy(y, sizeof y, ge_tensor_get_data(out), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST) != ACL_SUCCESS ||
            !test_close(y, want, 4))
            w->failures++;
    }
    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    aclrtDestroyStream(stream);
    aclrtResetDevice(0);
    return NULL;
}

static void test_threads_share_a_graph(void)
{
    test_env_up();
    ge_session *s = session_with_graph(8, 2);
    pthread_t t[4];
    worker_arg w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker_arg){s, 8, 500, 0, (float)i * 10};
        CHECK_EQ(pthread_create(&t[i], NULL, stream_worker, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK_EQ(w[i].failures, 0);
    }
    ge_session_destroy(s);
    test_env_down();
}

static void test_two_sessions_two_threads(void)
{
    test_env_up();
    ge_session *a = session_with_graph(1, 2), *b = session_with_graph(1, 2);
    pthread_t ta, tb;
    worker_arg wa = {a, 1, 100, 0, 1}, wb = {b, 1, 100, 0, -5};
    CHECK_EQ(pthread_create(&ta, NULL, stream_worker, &wa), 0);
    CHECK_EQ(pthread_create(&tb, NULL, stream_worker, &wb), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    CHECK_EQ(wa.failures, 0);
    CHECK_EQ(wb.failures, 0);
    ge_session_destroy(a);
    ge_session_destroy(b);
    test_env_down();
}

/* Two streams run the same graph at once: each run has its own feature memory. */
static void test_same_graph_two_streams(void)
{
    test_env_up();
    ge_session *s = session_with_graph(9, 2);
    aclrtStream s1 = NULL, s2 = NULL;
    CHECK_EQ(aclrtCreateStream(&s1), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateStream(&s2), ACL_SUCCESS);
    float xa[6] = {1, 2, 3, 4, 5, 6}, xb[6] = {-1, 3, 0.5f, 2, -2, 1};
    ge_tensor *ia = test_device_tensor(2, 3, xa), *ib = test_device_tensor(2, 3, xb);
    ge_tensor *oa = test_device_tensor(2, 2, NULL), *ob = test_device_tensor(2, 2, NULL);
    const ge_tensor *ina[] = {ia}, *inb[] = {ib};
    ge_tensor *outa[] = {oa}, *outb[] = {ob};
    for (int r = 0; r < 50; r++) {
        CHECK_EQ(ge_session_run_graph_with_stream_async(s, 9, s1, 1, ina, 1, outa), GE_STATUS_SUCCESS);
        CHECK_EQ(ge_session_run_graph_with_stream_async(s, 9, s2, 1, inb, 1, outb), GE_STATUS_SUCCESS);
    }
    CHECK_EQ(aclrtSynchronizeStream(s1), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(s2), ACL_SUCCESS);
    float ya[4], yb[4], wa[4], wb[4];
    test_mlp_expected(xa, 2, wa);
    test_mlp_expected(xb, 2, wb);
    CHECK_EQ(aclrtMemcpy(ya, sizeof ya, ge_tensor_get_data(oa), sizeof ya, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(yb, sizeof yb, ge_tensor_get_data(ob), sizeof yb, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(test_close(ya, wa, 4));
    CHECK(test_close(yb, wb, 4));
    ge_tensor_destroy(ia);
    ge_tensor_destroy(ib);
    ge_tensor_destroy(oa);
    ge_tensor_destroy(ob);
    aclrtDestroyStream(s1);
    aclrtDestroyStream(s2);
    ge_session_destroy(s);
    test_env_down();
}

/* Event ordering across two streams: a run on s2 waits for the H2D copy on s1. */
static void test_event_orders_streams(void)
{
    test_env_up();
    ge_session *s = session_with_graph(10, 2);
    aclrtStream s1 = NULL, s2 = NULL;
    aclrtEvent copied = NULL;
    CHECK_EQ(aclrtCreateStream(&s1), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateStream(&s2), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateEvent(&copied), ACL_SUCCESS);
    void *pinned = NULL;
    CHECK_EQ(aclrtMallocHost(&pinned, sizeof x3), ACL_SUCCESS);
    memcpy(pinned, x3, sizeof x3);
    ge_tensor *in = test_device_tensor(2, 3, NULL), *out = test_device_tensor(2, 2, NULL);
    CHECK_EQ(aclrtMemcpyAsync(ge_tensor_get_data(in), 24, pinned, 24, ACL_MEMCPY_HOST_TO_DEVICE, s1), ACL_SUCCESS);
    CHECK_EQ(aclrtRecordEvent(copied, s1), ACL_SUCCESS);
    CHECK_EQ(aclrtStreamWaitEvent(s2, copied), ACL_SUCCESS);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    CHECK_EQ(ge_session_run_graph_with_stream_async(s, 10, s2, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(s2), ACL_SUCCESS);
    float y[4], want[4];
    test_mlp_expected(x3, 2, want);
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(out), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(test_close(y, want, 4));
    CHECK_EQ(aclrtSynchronizeStream(s1), ACL_SUCCESS);
    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    aclrtFreeHost(pinned);
    aclrtDestroyEvent(copied);
    aclrtDestroyStream(s1);
    aclrtDestroyStream(s2);
    ge_session_destroy(s);
    test_env_down();
}

/* Streams come and go: the per-stream feature memory of a graph does not pile up. */
static void test_stream_arenas_bounded(void)
{
    test_env_up();
    ge_session *s = session_with_graph(11, 2);
    ge_tensor *in = test_device_tensor(2, 3, x3), *out = test_device_tensor(2, 2, NULL);
    const ge_tensor *ins[] = {in};
    ge_tensor *outs[] = {out};
    size_t free_after_8 = 0, free_after_20 = 0, total = 0;
    aclrtStream streams[20] = {NULL};
    for (int i = 0; i < 20; i++) {
        CHECK_EQ(aclrtCreateStream(&streams[i]), ACL_SUCCESS); /* all alive: distinct streams */
        CHECK_EQ(ge_session_run_graph_with_stream_async(s, 11, streams[i], 1, ins, 1, outs), GE_STATUS_SUCCESS);
        for (int j = 0; j <= i; j++) /* retired arenas are freed on their own streams */
            CHECK_EQ(aclrtSynchronizeStream(streams[j]), ACL_SUCCESS);
        if (i == 7)
            CHECK_EQ(aclrtGetMemInfo(ACL_DDR_MEM, &free_after_8, &total), ACL_SUCCESS);
    }
    CHECK_EQ(aclrtGetMemInfo(ACL_DDR_MEM, &free_after_20, &total), ACL_SUCCESS);
    for (int i = 0; i < 20; i++)
        CHECK_EQ(aclrtDestroyStream(streams[i]), ACL_SUCCESS);
    CHECK_EQ(free_after_20, free_after_8);
    ge_tensor_destroy(in);
    ge_tensor_destroy(out);
    ge_session_destroy(s);
    test_env_down();
}

static void test_compile_errors_are_synchronous(void)
{
    test_env_up();
    ge_session *s = NULL;
    CHECK_EQ(ge_session_create(NULL, &s), GE_STATUS_SUCCESS);
    ge_graph *g = NULL;
    int64_t d[1] = {4};
    CHECK_EQ(ge_graph_create("bad", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d, 1, 0), GE_STATUS_SUCCESS);
    const char *in[] = {"x"}, *out[] = {"y"};
    CHECK_EQ(ge_graph_add_node(g, "Rleu", NULL, "r", in, 1, out, 1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_session_add_graph(s, 1, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    CHECK(ge_session_compile_graph(s, 1) != GE_STATUS_SUCCESS);
    CHECK_CONTAINS(ge_get_error_message(), "did you mean 'Relu'");
    ge_session_destroy(s);
    test_env_down();
}

int main(void)
{
    RUN_TEST(test_lifetime_rules);
    RUN_TEST(test_run_graph_host);
    RUN_TEST(test_run_graph_async_callback);
    RUN_TEST(test_summary_and_memory_bases);
    RUN_TEST(test_dynamic_batch);
    RUN_TEST(test_threads_share_a_graph);
    RUN_TEST(test_two_sessions_two_threads);
    RUN_TEST(test_same_graph_two_streams);
    RUN_TEST(test_event_orders_streams);
    RUN_TEST(test_stream_arenas_bounded);
    RUN_TEST(test_compile_errors_are_synchronous);
    return test_result();
}

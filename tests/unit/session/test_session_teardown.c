/* Teardown in every order the vendor allows, and the misuse orders it documents: nothing
 * leaks (the _asan variant checks) and nothing crashes. */
#include "session_test_util.h"

static const float x6[6] = {1, 2, 3, 4, 5, 6};

typedef struct world {
    ge_session *session;
    aclrtStream stream;
    ge_tensor *input;
    ge_tensor *output; /* engine-provided (built-in allocator) */
} world;

static void world_up(world *w)
{
    test_env_up();
    CHECK_EQ(ge_session_create(NULL, &w->session), GE_STATUS_SUCCESS);
    ge_graph *g = test_mlp_graph(2);
    CHECK_EQ(ge_session_add_graph(w->session, 1, g, NULL), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    CHECK_EQ(aclrtCreateStream(&w->stream), ACL_SUCCESS);
    w->input = test_device_tensor(2, 3, x6);
    const ge_tensor *ins[] = {w->input};
    ge_tensor *outs[1] = {NULL};
    CHECK_EQ(ge_session_run_graph_with_stream_async(w->session, 1, w->stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(w->stream), ACL_SUCCESS);
    w->output = outs[0];
}

/* outputs released -> Session destroyed -> GEFinalize -> stream, device, ACL */
static void test_documented_order(void)
{
    world w;
    world_up(&w);
    ge_tensor_destroy(w.output);
    ge_session_destroy(w.session);
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    ge_tensor_destroy(w.input);
    CHECK_EQ(aclrtDestroyStream(w.stream), ACL_SUCCESS);
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

/* A Session object that outlives GEFinalize (C++ locals do): destroying it later is safe,
 * and calls on it fail cleanly. */
static void test_session_outlives_finalize(void)
{
    world w;
    world_up(&w);
    ge_tensor_destroy(w.output);
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    ge_graph *g = test_mlp_graph(2);
    CHECK_EQ(ge_session_add_graph(w.session, 2, g, NULL), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "not live");
    ge_graph_destroy(g);
    CHECK_EQ(ge_session_get_id(w.session), 0);
    ge_session_destroy(w.session);
    ge_tensor_destroy(w.input);
    CHECK_EQ(aclrtDestroyStream(w.stream), ACL_SUCCESS);
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

/* The misuse the seed page warns about: releasing a built-in output after the graph is
 * unloaded, and even after ACL is finalized. It must not crash. */
static void test_output_released_late(void)
{
    world w;
    world_up(&w);
    ge_session_destroy(w.session);
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    ge_tensor_destroy(w.input);
    CHECK_EQ(aclrtDestroyStream(w.stream), ACL_SUCCESS);
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS); /* releases all device memory */
    ge_tensor_destroy(w.output);          /* harmless now */
}

/* Runs still queued when the session goes: destroying it waits for them. */
static void test_destroy_with_queued_runs(void)
{
    world w;
    world_up(&w);
    ge_tensor_destroy(w.output);
    const ge_tensor *ins[] = {w.input};
    ge_tensor *held[8] = {NULL};
    for (int i = 0; i < 8; i++) {
        ge_tensor *outs[1] = {NULL};
        CHECK_EQ(ge_session_run_graph_with_stream_async(w.session, 1, w.stream, 1, ins, 1, outs), GE_STATUS_SUCCESS);
        held[i] = outs[0];
    }
    ge_session_destroy(w.session); /* no synchronize first */
    CHECK_EQ(aclrtSynchronizeStream(w.stream), ACL_SUCCESS);
    float y[4], want[4];
    test_mlp_expected(x6, 2, want);
    CHECK_EQ(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(held[7]), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(test_close(y, want, 4));
    for (int i = 0; i < 8; i++)
        ge_tensor_destroy(held[i]);
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    ge_tensor_destroy(w.input);
    CHECK_EQ(aclrtDestroyStream(w.stream), ACL_SUCCESS);
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

/* aclFinalize before GEFinalize: GE's ACL reference keeps nothing alive that crashes later. */
static void test_stream_destroyed_before_session(void)
{
    world w;
    world_up(&w);
    ge_tensor_destroy(w.output);
    CHECK_EQ(aclrtDestroyStream(w.stream), ACL_SUCCESS);
    ge_tensor_destroy(w.input);
    ge_session_destroy(w.session);
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

int main(void)
{
    RUN_TEST(test_documented_order);
    RUN_TEST(test_session_outlives_finalize);
    RUN_TEST(test_output_released_late);
    RUN_TEST(test_destroy_with_queued_runs);
    RUN_TEST(test_stream_destroyed_before_session);
    return test_result();
}

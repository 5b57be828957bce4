/* The seed flow in C: build a graph, add it to a session, run it with
 * ge_session_run_graph_with_stream_async on a stream with device memory, synchronize, read
 * the result back. Uses only the public headers. */
#include <acl/acl.h>
#include <geflow/geflow.h>

#include <stdio.h>

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != 0) {                                                                 \
            fprintf(stderr, "%s failed: %s\n", #call, ge_get_error_message());             \
            return 1;                                                                      \
        }                                                                                  \
    } while (0)

int main(void)
{
    /* y = Relu(x @ W + b) */
    const float w[6] = {1, -1, 2, 0.5f, -3, 1}, b[2] = {0.5f, -0.25f};
    const float x[6] = {1, 2, 3, -1, 0.5f, 2};
    ge_graph *g = NULL;
    TRY(ge_graph_create("seed", &g));
    TRY(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){2, 3}, 2, 0));
    TRY(ge_graph_add_constant(g, "W", GE_DTYPE_FLOAT32, (int64_t[]){3, 2}, 2, w, sizeof w));
    TRY(ge_graph_add_constant(g, "b", GE_DTYPE_FLOAT32, (int64_t[]){2}, 1, b, sizeof b));
    TRY(ge_graph_add_node(g, "MatMul", NULL, "mm", (const char *[]){"x", "W"}, 2, (const char *[]){"xw"}, 1, NULL));
    TRY(ge_graph_add_node(g, "Add", NULL, "add", (const char *[]){"xw", "b"}, 2, (const char *[]){"pre"}, 1, NULL));
    TRY(ge_graph_add_node(g, "Relu", NULL, "relu", (const char *[]){"pre"}, 1, (const char *[]){"y"}, 1, NULL));
    TRY(ge_graph_add_output(g, "y"));

    TRY(aclInit(NULL));
    TRY(aclrtSetDevice(0));
    TRY(ge_initialize(NULL));
    ge_session *session = NULL;
    TRY(ge_session_create(NULL, &session));
    TRY(ge_session_add_graph(session, 1, g, NULL));
    ge_graph_destroy(g); /* the session keeps its own copy */

    aclrtStream stream = NULL;
    void *dev_x = NULL;
    TRY(aclrtCreateStream(&stream));
    TRY(aclrtMalloc(&dev_x, sizeof x, ACL_MEM_MALLOC_HUGE_FIRST));
    ge_tensor *in = NULL;
    TRY(ge_tensor_wrap(GE_DTYPE_FLOAT32, (int64_t[]){2, 3}, 2, dev_x, sizeof x, GE_PLACEMENT_DEVICE, NULL, NULL, &in));
    const ge_tensor *inputs[] = {in};
    ge_tensor *outputs[1] = {NULL}; /* left to the engine's built-in allocator */

    TRY(aclrtMemcpyAsync(dev_x, sizeof x, x, sizeof x, ACL_MEMCPY_HOST_TO_DEVICE, stream));
    TRY(ge_session_run_graph_with_stream_async(session, 1, stream, 1, inputs, 1, outputs));
    printf("enqueued graph 1 on the stream; the call returned before the run\n");
    TRY(aclrtSynchronizeStream(stream));

    float y[4];
    TRY(aclrtMemcpy(y, sizeof y, ge_tensor_get_data(outputs[0]), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST));
    printf("y = [[%g, %g], [%g, %g]]\n", y[0], y[1], y[2], y[3]);

    ge_tensor_destroy(outputs[0]); /* release the output before the graph goes */
    ge_tensor_destroy(in);
    aclrtFree(dev_x);
    ge_session_destroy(session);
    ge_finalize();
    aclrtDestroyStream(stream);
    aclrtResetDevice(0);
    aclFinalize();
    /* row 0: x W = [-4, 3], + b = [-3.5, 2.75], Relu = [0, 2.75] */
    return y[0] == 0.0f && y[1] == 2.75f ? 0 : 1;
}

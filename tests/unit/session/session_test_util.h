/* Shared by the session tests: ACL + GE set-up, a small graph, device buffers. */
#ifndef GEFLOW_TESTS_SESSION_TEST_UTIL_H
#define GEFLOW_TESTS_SESSION_TEST_UTIL_H

#include "acl/acl.h"
#include "geflow/geflow.h"
#include "test.h"

#include <stdlib.h>

/* y = Relu(x @ W + b), x: [batch, 3] float32 (batch -1 = dynamic), W [3,2], b [2]. */
static const float test_w[6] = {1, -1, 2, 0.5f, -3, 1};
static const float test_b[2] = {0.5f, -0.25f};

static inline ge_graph *test_mlp_graph(int64_t batch)
{
    ge_graph *g = NULL;
    int64_t xd[2] = {batch, 3}, wd[2] = {3, 2}, bd[1] = {2};
    CHECK_EQ(ge_graph_create("mlp", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_set_opset(g, "", 17), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, xd, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "W", GE_DTYPE_FLOAT32, wd, 2, test_w, sizeof test_w), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "b", GE_DTYPE_FLOAT32, bd, 1, test_b, sizeof test_b), GE_STATUS_SUCCESS);
    const char *mm_in[] = {"x", "W"}, *mm_out[] = {"xw"};
    const char *add_in[] = {"xw", "b"}, *add_out[] = {"pre"};
    const char *relu_in[] = {"pre"}, *relu_out[] = {"y"};
    CHECK_EQ(ge_graph_add_node(g, "MatMul", NULL, "mm", mm_in, 2, mm_out, 1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Add", NULL, "add", add_in, 2, add_out, 1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Relu", NULL, "relu", relu_in, 1, relu_out, 1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    return g;
}

/* The expected y for row values x (rows x 3). */
static inline void test_mlp_expected(const float *x, size_t rows, float *y)
{
    for (size_t r = 0; r < rows; r++)
        for (int j = 0; j < 2; j++) {
            float acc = test_b[j];
            for (int k = 0; k < 3; k++)
                acc += x[r * 3 + k] * test_w[k * 2 + j];
            y[r * 2 + j] = acc > 0 ? acc : 0;
        }
}

static inline void test_env_up(void)
{
    aclError e = aclInit(NULL);
    CHECK(e == ACL_SUCCESS || e == ACL_ERROR_REPEAT_INITIALIZE);
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    CHECK_EQ(ge_initialize(NULL), GE_STATUS_SUCCESS);
}

static inline void test_env_down(void)
{
    CHECK_EQ(ge_finalize(), GE_STATUS_SUCCESS);
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

/* A device tensor of float32 [rows, cols], filled from host (NULL: left as is). The tensor's
 * release frees the device memory. */
static void test_free_device(void *data, void *user)
{
    (void)user;
    aclrtFree(data);
}

static inline ge_tensor *test_device_tensor(int64_t rows, int64_t cols, const float *host)
{
    size_t bytes = (size_t)(rows * cols) * sizeof(float);
    void *dev = NULL;
    CHECK_EQ(aclrtMalloc(&dev, bytes, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    if (host)
        CHECK_EQ(aclrtMemcpy(dev, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    int64_t dims[2] = {rows, cols};
    ge_tensor *t = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, dims, 2, dev, bytes, GE_PLACEMENT_DEVICE, test_free_device, NULL, &t),
             GE_STATUS_SUCCESS);
    return t;
}

static inline bool test_close(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float d = a[i] - b[i];
        if (d > 1e-5f || d < -1e-5f) {
            fprintf(stderr, "  element %zu: %g vs %g\n", i, a[i], b[i]);
            return false;
        }
    }
    return true;
}

#endif

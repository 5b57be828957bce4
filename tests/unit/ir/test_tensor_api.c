#include "geflow/geflow.h"
#include "base/alloc.h"
#include "test.h"

#include <stdint.h>

static int release_calls;
static void *release_seen;
static void on_release(void *data, void *user)
{
    release_calls++;
    release_seen = data;
    CHECK(user == &release_calls);
}

static void test_create(void)
{
    ge_tensor *t = NULL;
    int64_t dims[] = {2, 3};
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, dims, 2, GE_PLACEMENT_HOST, &t), GE_STATUS_SUCCESS);
    CHECK(t != NULL);
    CHECK_EQ(ge_tensor_get_dtype(t), GE_DTYPE_FLOAT32);
    CHECK_EQ(ge_tensor_get_rank(t), 2);
    CHECK_EQ(ge_tensor_get_dims(t)[0], 2);
    CHECK_EQ(ge_tensor_get_dims(t)[1], 3);
    CHECK_EQ(ge_tensor_get_element_count(t), 6);
    CHECK_EQ(ge_tensor_get_byte_size(t), 24);
    CHECK_EQ(ge_tensor_get_capacity(t), 24);
    CHECK_EQ(ge_tensor_get_placement(t), GE_PLACEMENT_HOST);
    float *p = ge_tensor_get_data(t);
    CHECK(p != NULL);
    CHECK_EQ((uintptr_t)p % 64, 0);
    CHECK(p[0] == 0.0f && p[5] == 0.0f);
    /* set_shape within capacity; beyond refused */
    int64_t flat[] = {6};
    CHECK_EQ(ge_tensor_set_shape(t, flat, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_tensor_get_rank(t), 1);
    int64_t big[] = {7};
    CHECK_EQ(ge_tensor_set_shape(t, big, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "needs 28 bytes; found 24");
    int64_t neg[] = {-1};
    CHECK_EQ(ge_tensor_set_shape(t, neg, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "dim 0 is -1");
    ge_tensor_destroy(t);

    /* scalar */
    CHECK_EQ(ge_tensor_create(GE_DTYPE_INT64, NULL, 0, GE_PLACEMENT_HOST, &t), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_tensor_get_element_count(t), 1);
    CHECK_EQ(ge_tensor_get_byte_size(t), 8);
    ge_tensor_destroy(t);
    ge_tensor_destroy(NULL);
}

static void test_create_misuse(void)
{
    ge_tensor *t = (ge_tensor *)1;
    int64_t dims[] = {2, 3};
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, dims, 2, GE_PLACEMENT_HOST, NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "out_tensor is NULL");
    CHECK_EQ(ge_tensor_create((ge_dtype)99, dims, 2, GE_PLACEMENT_HOST, &t), GE_STATUS_PARAM_INVALID);
    CHECK(t == NULL);
    CHECK_CONTAINS(ge_get_error_message(), "dtype 99 is not a ge_dtype");
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, NULL, 2, GE_PLACEMENT_HOST, &t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "dims is NULL with rank 2");
    int64_t bad[] = {2, -5};
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, bad, 2, GE_PLACEMENT_HOST, &t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "dim 1 is -5; expected >= 0");
    int64_t unk[] = {-1};
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, unk, 1, GE_PLACEMENT_HOST, &t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "dim 0 is -1");
    int64_t many[13] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, many, 13, GE_PLACEMENT_HOST, &t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "rank 13 exceeds");
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, dims, 2, GE_PLACEMENT_DEVICE, &t), GE_STATUS_UNSUPPORTED);
    CHECK_CONTAINS(ge_get_error_message(), "ge_tensor_wrap");
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, dims, 2, (ge_placement)7, &t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "placement 7");
    int64_t huge[] = {INT64_MAX / 2, 4};
    CHECK_EQ(ge_tensor_create(GE_DTYPE_FLOAT32, huge, 2, GE_PLACEMENT_HOST, &t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "not computable");
    /* getters on NULL */
    CHECK_EQ(ge_tensor_get_dtype(NULL), GE_DTYPE_UNDEFINED);
    CHECK(ge_tensor_get_data(NULL) == NULL);
    CHECK_EQ(ge_tensor_get_byte_size(NULL), 0);
    CHECK_EQ(ge_tensor_set_shape(NULL, dims, 2), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "tensor is NULL");
}

static void test_wrap(void)
{
    float buf[6] = {1, 2, 3, 4, 5, 6};
    int64_t dims[] = {3, 2};
    ge_tensor *t = NULL;
    release_calls = 0;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, dims, 2, buf, sizeof buf, GE_PLACEMENT_DEVICE, on_release,
                            &release_calls, &t),
             GE_STATUS_SUCCESS);
    CHECK(ge_tensor_get_data(t) == buf);
    CHECK_EQ(ge_tensor_get_placement(t), GE_PLACEMENT_DEVICE);
    CHECK_EQ(ge_tensor_get_byte_size(t), 24);
    ge_tensor_destroy(t);
    CHECK_EQ(release_calls, 1);
    CHECK(release_seen == buf);

    /* wrong size: refused, callback not called */
    release_calls = 0;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, dims, 2, buf, 20, GE_PLACEMENT_HOST, on_release,
                            &release_calls, &t),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "float32 [3,2] needs 24 bytes; found 20");
    CHECK(t == NULL);
    CHECK_EQ(release_calls, 0);
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, dims, 2, NULL, 24, GE_PLACEMENT_HOST, NULL, NULL, &t),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "data is NULL with a byte size of 24");

    /* data-less descriptor with unknown dims */
    int64_t unk[] = {-1, 4};
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_INT32, unk, 2, NULL, 0, GE_PLACEMENT_DEVICE, NULL, NULL, &t),
             GE_STATUS_SUCCESS);
    CHECK(ge_tensor_get_data(t) == NULL);
    CHECK_EQ(ge_tensor_get_element_count(t), -1);
    CHECK_EQ(ge_tensor_get_byte_size(t), 0);
    /* set_data: fill it; then replace, the first release runs once */
    int32_t a[8], b[8];
    int64_t two4[] = {2, 4};
    CHECK_EQ(ge_tensor_set_data(t, a, sizeof a, GE_PLACEMENT_HOST, on_release, &release_calls),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "needs known dims");
    CHECK_EQ(ge_tensor_set_shape(t, two4, 2), GE_STATUS_SUCCESS);
    release_calls = 0;
    CHECK_EQ(ge_tensor_set_data(t, a, sizeof a, GE_PLACEMENT_HOST, on_release, &release_calls),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_tensor_set_data(t, a, sizeof a, GE_PLACEMENT_HOST, on_release, &release_calls),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "already holds this data");
    CHECK_EQ(ge_tensor_set_data(t, b, 16, GE_PLACEMENT_HOST, on_release, &release_calls),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "needs 32 bytes; found 16");
    CHECK_EQ(release_calls, 0);
    CHECK_EQ(ge_tensor_set_data(t, b, sizeof b, GE_PLACEMENT_HOST, on_release, &release_calls),
             GE_STATUS_SUCCESS);
    CHECK_EQ(release_calls, 1);
    CHECK(release_seen == a);
    ge_tensor_destroy(t);
    CHECK_EQ(release_calls, 2);
    CHECK(release_seen == b);

    /* no callback: data stays the caller's */
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, dims, 2, buf, sizeof buf, GE_PLACEMENT_HOST, NULL, NULL, &t),
             GE_STATUS_SUCCESS);
    ge_tensor_destroy(t);
    CHECK(buf[5] == 6.0f);
}

static void test_alloc_failure(void)
{
    long live = ge_alloc_live();
    int64_t dims[] = {4};
    for (long n = 0; n < 4; n++) {
        ge_tensor *t = NULL;
        ge_alloc_fail_after(n);
        ge_status st = ge_tensor_create(GE_DTYPE_FLOAT32, dims, 1, GE_PLACEMENT_HOST, &t);
        ge_alloc_fail_after(-1);
        if (st == GE_STATUS_SUCCESS) {
            CHECK(t != NULL);
            ge_tensor_destroy(t);
            break;
        }
        CHECK_EQ(st, GE_STATUS_MEMALLOC_FAILED);
        CHECK_CONTAINS(ge_get_error_message(), "out of memory");
        CHECK(t == NULL);
    }
    CHECK_EQ(ge_alloc_live(), live);
}

int main(void)
{
    RUN_TEST(test_create);
    RUN_TEST(test_create_misuse);
    RUN_TEST(test_wrap);
    RUN_TEST(test_alloc_failure);
    return test_result();
}

/* Small builders shared by the tensor-op tests (reduce, shape, slice, topk, resize). */
#ifndef GEFLOW_TESTS_TENSOR_TEST_UTIL_H
#define GEFLOW_TESTS_TENSOR_TEST_UTIL_H

#include "op_test.h"

/* A 1-D int64 tensor over a compound literal: TT_I64(3, ((int64_t[]){1, 2, 3})). */
#define TT_I64(n, arr) op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){(n)}, (arr))
#define TT_SCALAR_I64(ptr) op_test_tensor(GE_DTYPE_INT64, 0, NULL, (ptr))
/* A float tensor from a generated case array `name` (name_rank, name_shape). */
#define TT_GEN(name) op_test_tensor(GE_DTYPE_FLOAT32, name##_rank, name##_shape, name)

static inline bool tt_shape_is(const ir_shape *s, int32_t rank, const int64_t *dims)
{
    if (s->rank != rank) {
        fprintf(stderr, "  rank %d, expected %d\n", (int)s->rank, (int)rank);
        return false;
    }
    for (int32_t d = 0; d < rank; d++)
        if (s->dims[d] != dims[d]) {
            char b[128];
            fprintf(stderr, "  shape %s differs at dim %d (expected %lld)\n", ir_shape_format(s, b, sizeof b),
                    (int)d, (long long)dims[d]);
            return false;
        }
    return true;
}
#define TT_SHAPE(s, rank, ...) tt_shape_is((s), (rank), (int64_t[]){__VA_ARGS__})

/* Runs a one-output op and compares with expected floats (its shape too when exp_shape). */
static inline bool tt_run_close(const char *op, int opset, const ir_attr *attrs, size_t na, const ir_tensor *in,
                                size_t ni, const float *exp, size_t n_exp, int32_t rank, const int64_t *shape)
{
    ir_tensor y;
    ge_status st = op_test_run(op, opset, attrs, na, in, ni, &y, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s failed: %s\n", op, ge_error_take());
        return false;
    }
    bool ok = tt_shape_is(&y.shape, rank, shape) && op_test_close(&y, exp, n_exp, 1e-5, 1e-5);
    ir_tensor_free_data(&y);
    return ok;
}
#define TT_RUN_GEN(op, opset, attrs, na, in, ni, exp)                                          \
    tt_run_close((op), (opset), (attrs), (na), (in), (ni), exp, exp##_n, exp##_rank, exp##_shape)

static inline bool tt_run_i64(const char *op, int opset, const ir_attr *attrs, size_t na, const ir_tensor *in,
                              size_t ni, const int64_t *exp, size_t n_exp, int32_t rank, const int64_t *shape)
{
    ir_tensor y;
    ge_status st = op_test_run(op, opset, attrs, na, in, ni, &y, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s failed: %s\n", op, ge_error_take());
        return false;
    }
    bool ok = tt_shape_is(&y.shape, rank, shape) && op_test_equal_i64(&y, exp, n_exp);
    ir_tensor_free_data(&y);
    return ok;
}

/* Inference that must fail with a message containing `part`. */
static inline bool tt_infer_fails(const char *op, int opset, const ir_attr *attrs, size_t na, const ir_tensor *in,
                                  size_t ni, size_t no, const char *part)
{
    op_value out[OP_TEST_MAX_IO];
    ge_status st = op_test_infer(op, opset, attrs, na, in, ni, out, no, true);
    const char *msg = ge_error_take();
    if (st == GE_STATUS_SUCCESS || !msg || !strstr(msg, part)) {
        fprintf(stderr, "  expected failure containing \"%s\"; got status %u \"%s\"\n", part, st, msg ? msg : "");
        return false;
    }
    return true;
}

#endif

/* Helpers for the nn op tests: views over generated data, dtype conversion, and
 * run-and-compare shorthands. */
#ifndef GEFLOW_TESTS_NN_TEST_H
#define GEFLOW_TESTS_NN_TEST_H

#include "unit/ops/op_test.h"

/* A float32 view of a generated array `name` (with name_dims and name_rank). */
#define NN_F32(name) op_test_tensor(GE_DTYPE_FLOAT32, name##_rank, name##_dims, name)
#define NN_ARR(dt, name) op_test_tensor(dt, name##_rank, name##_dims, name)
#define NN_COUNT(name) (sizeof name / sizeof name[0])

/* A copy of src converted to dtype dt (owned: ir_tensor_free_data). */
static inline ir_tensor nn_convert(const ir_tensor *src, ge_dtype dt)
{
    ir_tensor t;
    memset(&t, 0, sizeof t);
    if (ir_tensor_alloc(&t, dt, &src->shape) != GE_STATUS_SUCCESS)
        return t;
    int64_t n = ir_tensor_numel(src);
    for (int64_t i = 0; i < n; i++)
        op_store_f64(t.data, dt, (size_t)i, op_load_f64(src->data, src->dtype, (size_t)i));
    return t;
}

static inline void nn_free_all(ir_tensor *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ir_tensor_free_data(&t[i]);
}

/* Runs the op and compares output `which` with expected values; frees the outputs. */
static inline bool nn_run_check(const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                                const ir_tensor *in, size_t n_in, size_t n_out, size_t which,
                                const float *expected, size_t n_expected, double rtol, double atol)
{
    ir_tensor out[OP_TEST_MAX_IO];
    ge_status st = op_test_run(type, opset, attrs, n_attrs, in, n_in, out, n_out);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s opset %d failed: %s\n", type, opset, ge_error_take());
        return false;
    }
    bool ok = op_test_close(&out[which], expected, n_expected, rtol, atol);
    nn_free_all(out, n_out);
    return ok;
}

/* Infers one output's shape and compares it with `dims` (rank -2 = unknown rank). */
static inline bool nn_infer_shape(const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                                  const ir_tensor *in, size_t n_in, size_t n_out, size_t which, int rank,
                                  const int64_t *dims)
{
    op_value out[OP_TEST_MAX_IO];
    ge_status st = op_test_infer(type, opset, attrs, n_attrs, in, n_in, out, n_out, false);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  infer %s failed: %s\n", type, ge_error_take());
        return false;
    }
    ir_shape want;
    if (rank < 0)
        want = ir_shape_unknown();
    else
        ir_shape_make(&want, (size_t)rank, dims);
    if (!ir_shape_equal(&out[which].shape, &want)) {
        char a[128], b[128];
        fprintf(stderr, "  %s output %zu: shape %s, expected %s\n", type, which,
                ir_shape_format(&out[which].shape, a, sizeof a), ir_shape_format(&want, b, sizeof b));
        return false;
    }
    return true;
}

/* A tensor that has only a dtype and a shape (for inference), dims may be -1. */
static inline ir_tensor nn_shape_only(ge_dtype dt, int rank, const int64_t *dims)
{
    ir_tensor t;
    memset(&t, 0, sizeof t);
    t.dtype = dt;
    if (rank < 0)
        t.shape = ir_shape_unknown();
    else
        ir_shape_make(&t.shape, (size_t)rank, dims);
    return t;
}

#endif

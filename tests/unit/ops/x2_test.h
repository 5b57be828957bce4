/* Shorthands for the quantization, loss, scatter, signal and misc op tests: typed views over
 * generated arrays (name, name_shape, name_rank), run-and-compare helpers. */
#ifndef GEFLOW_TESTS_X2_TEST_H
#define GEFLOW_TESTS_X2_TEST_H

#include "tensor_test_util.h"

#include <stdlib.h>

/* A view of generated array `name` as dtype dt. */
#define X2_T(dt, name) op_test_tensor((dt), name##_rank, name##_shape, name)
#define X2_F(name) X2_T(GE_DTYPE_FLOAT32, name)

static inline bool x2_check_i(const ir_tensor *y, ge_dtype dt, const int64_t *exp, size_t n, int32_t rank,
                              const int64_t *shape)
{
    if (y->dtype != dt) {
        fprintf(stderr, "  output dtype %s, expected %s\n", ge_dtype_name(y->dtype), ge_dtype_name(dt));
        return false;
    }
    return tt_shape_is(&y->shape, rank, shape) && op_test_equal_i64(y, exp, n);
}

/* Runs a one-output op and compares with floats; dtype checked when dt != UNDEFINED. */
static inline bool x2_run_f(const char *op, int opset, const ir_attr *attrs, size_t na, const ir_tensor *in,
                            size_t ni, ge_dtype dt, const float *exp, size_t n, int32_t rank, const int64_t *shape,
                            double tol)
{
    ir_tensor y;
    ge_status st = op_test_run(op, opset, attrs, na, in, ni, &y, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s opset %d failed: %s\n", op, opset, ge_error_take());
        return false;
    }
    bool ok = true;
    if (dt != GE_DTYPE_UNDEFINED && y.dtype != dt) {
        fprintf(stderr, "  output dtype %s, expected %s\n", ge_dtype_name(y.dtype), ge_dtype_name(dt));
        ok = false;
    }
    ok = ok && tt_shape_is(&y.shape, rank, shape) && op_test_close(&y, exp, n, tol, tol);
    ir_tensor_free_data(&y);
    return ok;
}
#define X2_RUN_F(op, opset, attrs, na, in, ni, dt, exp, tol) \
    x2_run_f((op), (opset), (attrs), (na), (in), (ni), (dt), exp, exp##_n, exp##_rank, exp##_shape, (tol))

/* Integer comparison against a typed generated array (converted to int64 first). */
static inline bool x2_run_typed(const char *op, int opset, const ir_attr *attrs, size_t na, const ir_tensor *in,
                                size_t ni, ge_dtype dt, const ir_tensor *expected)
{
    ir_tensor y;
    ge_status st = op_test_run(op, opset, attrs, na, in, ni, &y, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s opset %d failed: %s\n", op, opset, ge_error_take());
        return false;
    }
    int64_t n = ir_tensor_numel(expected);
    int64_t *e = malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    bool ok = e != NULL;
    for (int64_t i = 0; ok && i < n; i++)
        e[i] = op_load_i64(expected->data, expected->dtype, (size_t)i);
    ok = ok && x2_check_i(&y, dt, e, (size_t)n, expected->shape.rank, expected->shape.dims);
    free(e);
    ir_tensor_free_data(&y);
    return ok;
}
#define X2_RUN_T(op, opset, attrs, na, in, ni, dt, exp) \
    x2_run_typed((op), (opset), (attrs), (na), (in), (ni), (dt), (const ir_tensor[]){X2_T((dt), exp)})

#endif

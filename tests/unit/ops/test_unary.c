/* Unary math ops: inference, dtype/opset checks, hand-worked and numpy-generated kernel cases. */
#include "ew_test.h"

#include "data/ew_unary_cases.h"

static void test_generated(void)
{
    EW_RUN_CASES(ew_unary_cases);
}

static void test_infer_shapes(void)
{
    op_value out;
    ir_tensor x = ew_shape_only(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, -1, 4});
    CHECK_EQ(ew_infer("Exp", 13, NULL, 0, &x, 1, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 3, (int64_t[]){2, -1, 4}));
    CHECK_EQ(out.dtype, GE_DTYPE_FLOAT32);
    ir_tensor u = ew_unknown_rank(GE_DTYPE_FLOAT16);
    CHECK_EQ(ew_infer("Sqrt", 13, NULL, 0, &u, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.shape.rank, IR_RANK_UNKNOWN);
    CHECK_EQ(out.dtype, GE_DTYPE_FLOAT16);
    ir_tensor s = ew_shape_only(GE_DTYPE_INT64, 0, NULL);
    CHECK_EQ(ew_infer("Abs", 13, NULL, 0, &s, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.shape.rank, 0);
}

static void test_infer_rejects(void)
{
    op_value out;
    ir_tensor xi = ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Sqrt", 13, NULL, 0, &xi, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "Sqrt node 'test_node': input 0 (X) has dtype int32; expected one of");
    ir_tensor xb = ew_shape_only(GE_DTYPE_BFLOAT16, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Exp", 12, NULL, 0, &xb, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "has dtype bfloat16");
    CHECK_EQ(ew_infer("Exp", 13, NULL, 0, &xb, 1, &out), GE_STATUS_SUCCESS);
    ir_tensor xu = ew_shape_only(GE_DTYPE_UINT8, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Neg", 13, NULL, 0, &xu, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "has dtype uint8");
    ir_tensor xs = ew_shape_only(GE_DTYPE_BOOL, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Abs", 13, NULL, 0, &xs, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "bool");
    /* no input at all */
    CHECK_EQ(ew_infer("Tanh", 13, NULL, 0, NULL, 0, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "has 0 inputs; expected 1 to 1");
    /* opsets before the op existed */
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Round", 10) == NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Round", 11) != NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Sinh", 8) == NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Erf", 23) != NULL);
}

static void test_special_values(void)
{
    float xv[] = {-0.0f, INFINITY, -INFINITY, NAN, 2.5f, -3.5f, 1e30f, 0.49999997f};
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){8}, xv), y;
    CHECK_EQ(op_test_run("Round", 11, NULL, 0, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    const float *r = y.data;
    CHECK(r[0] == 0.0f && signbit(r[0]));
    CHECK(r[1] == INFINITY && r[2] == -INFINITY && isnan(r[3]));
    CHECK(r[4] == 2.0f && r[5] == -4.0f && r[6] == 1e30f && r[7] == 0.0f);
    ir_tensor_free_data(&y);

    CHECK_EQ(op_test_run("Sign", 13, NULL, 0, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    r = y.data;
    CHECK(r[0] == 0.0f && r[1] == 1.0f && r[2] == -1.0f && isnan(r[3]) && r[5] == -1.0f);
    ir_tensor_free_data(&y);

    float neg1[] = {-1.0f};
    ir_tensor n1 = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){1}, neg1);
    CHECK_EQ(op_test_run("Sqrt", 13, NULL, 0, &n1, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(isnan(((float *)y.data)[0]));
    ir_tensor_free_data(&y);

    float big[] = {100.0f, -100.0f, 0.0f};
    ir_tensor b = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, big);
    CHECK_EQ(op_test_run("Sigmoid", 13, NULL, 0, &b, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){1.0f, 0.0f, 0.5f}, 3, 1e-7, 1e-30));
    ir_tensor_free_data(&y);
}

static void test_integer_edges(void)
{
    int64_t v[] = {INT64_MIN, INT64_MAX, -1, 0};
    ir_tensor x = op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){4}, v), y;
    CHECK_EQ(op_test_run("Neg", 13, NULL, 0, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){INT64_MIN, -INT64_MAX, 1, 0}, 4));
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Abs", 13, NULL, 0, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){INT64_MIN, INT64_MAX, 1, 0}, 4));
    ir_tensor_free_data(&y);
    int8_t v8[] = {-128, 127, -5};
    ir_tensor x8 = op_test_tensor(GE_DTYPE_INT8, 1, (int64_t[]){3}, v8);
    CHECK_EQ(op_test_run("Neg", 13, NULL, 0, &x8, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){-128, -127, 5}, 3));
    ir_tensor_free_data(&y);
}

static void test_empty_tensor(void)
{
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){0, 3}, NULL), y;
    CHECK_EQ(op_test_run("Exp", 13, NULL, 0, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&y.shape, 2, (int64_t[]){0, 3}));
    ir_tensor_free_data(&y);
}

int main(void)
{
    RUN_TEST(test_generated);
    RUN_TEST(test_infer_shapes);
    RUN_TEST(test_infer_rejects);
    RUN_TEST(test_special_values);
    RUN_TEST(test_integer_edges);
    RUN_TEST(test_empty_tensor);
    return test_result();
}

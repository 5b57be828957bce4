/* Comparisons, predicates and logical ops: bool outputs, broadcasting, dtype rules. */
#include "ew_test.h"

#include "data/ew_compare_cases.h"

static void test_generated(void)
{
    EW_RUN_CASES(ew_compare_cases);
}

static void test_infer(void)
{
    op_value out;
    ir_tensor in[2] = {ew_shape_only(GE_DTYPE_INT64, 2, (int64_t[]){-1, 3}),
                       ew_shape_only(GE_DTYPE_INT64, 3, (int64_t[]){2, 1, 1})};
    CHECK_EQ(ew_infer("Less", 13, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.dtype, GE_DTYPE_BOOL);
    CHECK(ew_shape_is(&out.shape, 3, (int64_t[]){2, -1, 3}));
    /* Less on bool is not allowed; Equal on bool is */
    ir_tensor b[2] = {ew_shape_only(GE_DTYPE_BOOL, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_BOOL, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Less", 13, NULL, 0, b, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "Less node 'test_node': input 0 (input) has dtype bool");
    CHECK_EQ(ew_infer("Equal", 11, NULL, 0, b, 2, &out), GE_STATUS_SUCCESS);
    /* Equal-7 has no floats; LessOrEqual starts at 12 */
    ir_tensor f[2] = {ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Equal", 7, NULL, 0, f, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "float32");
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "LessOrEqual", 11) == NULL);
    /* mixed dtypes */
    f[1].dtype = GE_DTYPE_FLOAT64;
    CHECK_EQ(ew_infer("Greater", 13, NULL, 0, f, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 has dtype float64; expected float32");
    /* And on floats is refused; Not on int */
    f[1].dtype = GE_DTYPE_FLOAT32;
    CHECK_EQ(ew_infer("And", 7, NULL, 0, f, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "expected one of bool");
    ir_tensor i = ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Not", 1, NULL, 0, &i, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
    CHECK_EQ(ew_infer("And", 7, NULL, 0, b, 2, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.dtype, GE_DTYPE_BOOL);
    /* IsNaN: bool output, same shape; IsInf-10 takes no float16 */
    ir_tensor h = ew_shape_only(GE_DTYPE_FLOAT16, 2, (int64_t[]){2, -1});
    CHECK_EQ(ew_infer("IsNaN", 9, NULL, 0, &h, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.dtype, GE_DTYPE_BOOL);
    CHECK(ew_shape_is(&out.shape, 2, (int64_t[]){2, -1}));
    CHECK_EQ(ew_infer("IsInf", 10, NULL, 0, &h, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "float16");
    CHECK_EQ(ew_infer("IsInf", 20, NULL, 0, &h, 1, &out), GE_STATUS_SUCCESS);
    ir_attr bad = op_test_attr_float("detect_negative", 1.0f);
    CHECK_EQ(ew_infer("IsInf", 20, &bad, 1, &h, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'detect_negative' has kind float; expected int");
}

static void test_extreme_integers(void)
{
    /* int64/uint64 compare exactly (no detour through double) */
    int64_t a[] = {INT64_MAX, INT64_MAX - 1, INT64_MIN};
    int64_t b[] = {INT64_MAX - 1, INT64_MAX, INT64_MIN};
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){3}, a),
                       op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){3}, b)},
              y;
    CHECK_EQ(op_test_run("Greater", 13, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){1, 0, 0}, 3));
    ir_tensor_free_data(&y);
    uint64_t ua[] = {UINT64_MAX, 1};
    uint64_t ub[] = {UINT64_MAX - 1, 2};
    ir_tensor uin[2] = {op_test_tensor(GE_DTYPE_UINT64, 1, (int64_t[]){2}, ua),
                        op_test_tensor(GE_DTYPE_UINT64, 1, (int64_t[]){2}, ub)};
    CHECK_EQ(op_test_run("Less", 13, NULL, 0, uin, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){0, 1}, 2));
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Equal", 19, NULL, 0, uin, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){0, 0}, 2));
    ir_tensor_free_data(&y);
}

static void test_equal_strings(void)
{
    char *sa[] = {"abc", "", "x"};
    char *sb[] = {"abc"};
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){3}, sa),
                       op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){1}, sb)},
              y;
    CHECK_EQ(op_test_run("Equal", 19, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){1, 0, 0}, 3));
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Equal", 18, NULL, 0, in, 2, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "string");
}

int main(void)
{
    RUN_TEST(test_generated);
    RUN_TEST(test_infer);
    RUN_TEST(test_extreme_integers);
    RUN_TEST(test_equal_strings);
    return test_result();
}

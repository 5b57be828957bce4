/* Cast and CastLike between all numeric/bool dtypes (and strings). */
#include "ew_test.h"

#include "data/ew_cast_cases.h"

static void test_generated(void)
{
    EW_RUN_CASES(ew_cast_cases);
}

static void test_infer(void)
{
    op_value out;
    ir_tensor x = ew_shape_only(GE_DTYPE_FLOAT32, 2, (int64_t[]){-1, 3});
    ir_attr to = op_test_attr_int("to", 7);
    CHECK_EQ(ew_infer("Cast", 13, &to, 1, &x, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.dtype, GE_DTYPE_INT64);
    CHECK(ew_shape_is(&out.shape, 2, (int64_t[]){-1, 3}));
    CHECK_EQ(ew_infer("Cast", 13, NULL, 0, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "required attribute 'to' (int) is missing");
    ir_attr f8 = op_test_attr_int("to", 17);
    CHECK_EQ(ew_infer("Cast", 19, &f8, 1, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'to' is 17 (FLOAT8E4M3FN)");
    ir_attr bf = op_test_attr_int("to", 16);
    CHECK_EQ(ew_infer("Cast", 12, &bf, 1, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "target dtype bfloat16 is not allowed by Cast-12");
    CHECK_EQ(ew_infer("Cast", 13, &bf, 1, &x, 1, &out), GE_STATUS_SUCCESS);
    ir_attr sat = op_test_attr_int("saturate", 0);
    ir_attr both[2] = {to, sat};
    CHECK_EQ(ew_infer("Cast", 19, both, 2, &x, 1, &out), GE_STATUS_SUCCESS);
    ir_attr tof = op_test_attr_float("to", 7.0f);
    CHECK_EQ(ew_infer("Cast", 13, &tof, 1, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'to' has kind float; expected int");
    ir_tensor in[2] = {x, ew_shape_only(GE_DTYPE_UINT16, 0, NULL)};
    CHECK_EQ(ew_infer("CastLike", 15, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.dtype, GE_DTYPE_UINT16);
    CHECK(ew_shape_is(&out.shape, 2, (int64_t[]){-1, 3}));
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "CastLike", 14) == NULL);
}

static void test_special_floats(void)
{
    float xv[] = {NAN, INFINITY, -INFINITY, 3e9f, -3e9f, 65520.0f};
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){6}, xv), y;
    ir_attr to = op_test_attr_int("to", 9);
    CHECK_EQ(op_test_run("Cast", 13, &to, 1, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){1, 1, 1, 1, 1, 1}, 6));
    ir_tensor_free_data(&y);
    to = op_test_attr_int("to", 7);
    CHECK_EQ(op_test_run("Cast", 13, &to, 1, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){0, INT64_MAX, INT64_MIN, 3000000000LL, -3000000000LL, 65520}, 6));
    ir_tensor_free_data(&y);
    to = op_test_attr_int("to", 10);
    CHECK_EQ(op_test_run("Cast", 13, &to, 1, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    const uint16_t *h = y.data;
    CHECK((h[0] & 0x7c00) == 0x7c00 && (h[0] & 0x3ff) != 0);
    CHECK(h[1] == 0x7c00 && h[2] == 0xfc00 && h[3] == 0x7c00 && h[5] == 0x7c00);
    ir_tensor_free_data(&y);
    /* uint64 beyond int64 to float */
    uint64_t u[] = {UINT64_MAX, 1ULL << 63};
    ir_tensor xu = op_test_tensor(GE_DTYPE_UINT64, 1, (int64_t[]){2}, u);
    to = op_test_attr_int("to", 11);
    CHECK_EQ(op_test_run("Cast", 13, &to, 1, &xu, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(((double *)y.data)[0] == 18446744073709551616.0 && ((double *)y.data)[1] == 9223372036854775808.0);
    ir_tensor_free_data(&y);
}

static void test_strings(void)
{
    char *s[] = {"3.5", "-2", "1e3", "inf", "NaN"};
    ir_tensor x = op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){5}, s), y;
    ir_attr to = op_test_attr_int("to", 1);
    CHECK_EQ(op_test_run("Cast", 9, &to, 1, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){3.5f, -2.0f, 1000.0f, INFINITY, NAN}, 5, 0, 0));
    ir_tensor_free_data(&y);
    char *si[] = {"12", "-7"};
    ir_tensor xi = op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){2}, si);
    to = op_test_attr_int("to", 6);
    CHECK_EQ(op_test_run("Cast", 13, &to, 1, &xi, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){12, -7}, 2));
    ir_tensor_free_data(&y);
    char *bad[] = {"twelve"};
    ir_tensor xb = op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){1}, bad);
    CHECK_EQ(op_test_run("Cast", 13, &to, 1, &xb, 1, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "element 0 \"twelve\" is not an integer");
    float fv[] = {0.5f, -3.0f};
    ir_tensor xf = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, fv);
    to = op_test_attr_int("to", 8);
    CHECK_EQ(op_test_run("Cast", 13, &to, 1, &xf, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(strcmp(((char **)y.data)[0], "0.5") == 0 && strcmp(((char **)y.data)[1], "-3") == 0);
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Cast", 6, &to, 1, &xf, 1, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "target dtype string is not allowed by Cast-6");
}

int main(void)
{
    RUN_TEST(test_generated);
    RUN_TEST(test_infer);
    RUN_TEST(test_special_floats);
    RUN_TEST(test_strings);
    return test_result();
}

/* Activations and Clip: inference, attribute checks, hand-worked and numpy-generated cases. */
#include "ew_test.h"

#include "data/ew_activation_cases.h"

static void test_generated(void)
{
    EW_RUN_CASES(ew_activation_cases);
}

static void test_infer(void)
{
    op_value out;
    ir_tensor x = ew_shape_only(GE_DTYPE_FLOAT32, 2, (int64_t[]){-1, 5});
    CHECK_EQ(ew_infer("Relu", 14, NULL, 0, &x, 1, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 2, (int64_t[]){-1, 5}));
    ir_tensor xi = ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){5});
    CHECK_EQ(ew_infer("Relu", 14, NULL, 0, &xi, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(ew_infer("Relu", 13, NULL, 0, &xi, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 0 (X) has dtype int32");
    /* Celu takes the float types (its node tests run float16 and bfloat16 too), not ints */
    ir_tensor xd = ew_shape_only(GE_DTYPE_FLOAT16, 1, (int64_t[]){5});
    CHECK_EQ(ew_infer("Celu", 12, NULL, 0, &xd, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(ew_infer("Celu", 12, NULL, 0, &xi, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
}

static void test_bad_attributes(void)
{
    op_value out;
    ir_tensor x = ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){4});
    ir_attr s = op_test_attr_string("alpha", "big");
    CHECK_EQ(ew_infer("LeakyRelu", 16, &s, 1, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'alpha' has kind string; expected float");
    ir_attr g = op_test_attr_string("approximate", "erf");
    CHECK_EQ(ew_infer("Gelu", 20, &g, 1, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'approximate' is \"erf\"; expected \"none\" or \"tanh\"");
    ir_attr gi = op_test_attr_int("approximate", 1);
    CHECK_EQ(ew_infer("Gelu", 20, &gi, 1, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'approximate' has kind int; expected string");
    ir_attr c0 = op_test_attr_float("alpha", 0.0f);
    CHECK_EQ(ew_infer("Celu", 12, &c0, 1, &x, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "alpha");
    /* an int where a float is declared is accepted */
    ir_attr ai = op_test_attr_int("alpha", 2);
    CHECK_EQ(ew_infer("Elu", 22, &ai, 1, &x, 1, &out), GE_STATUS_SUCCESS);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Gelu", 19) == NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "HardSwish", 13) == NULL);
}

static void test_clip_inputs(void)
{
    op_value out;
    ir_tensor in[3] = {ew_shape_only(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 0, NULL)};
    CHECK_EQ(ew_infer("Clip", 13, NULL, 0, in, 3, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 (min) has shape [2]; expected a scalar");
    in[1] = ew_shape_only(GE_DTYPE_FLOAT64, 0, NULL);
    CHECK_EQ(ew_infer("Clip", 13, NULL, 0, in, 3, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 (min) has dtype float64; expected float32");
    in[1] = ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){1});
    CHECK_EQ(ew_infer("Clip", 13, NULL, 0, in, 3, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 2, (int64_t[]){2, 3}));
    /* Clip-11 takes floats only; Clip-12 takes ints */
    ir_tensor xi[1] = {ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Clip", 11, NULL, 0, xi, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
    CHECK_EQ(ew_infer("Clip", 12, NULL, 0, xi, 1, &out), GE_STATUS_SUCCESS);
    /* more than three inputs */
    ir_tensor four[4] = {in[0], in[1], in[2], in[2]};
    CHECK_EQ(ew_infer("Clip", 13, NULL, 0, four, 4, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "has 4 inputs; expected 1 to 3");
}

static void test_clip_nan_inf(void)
{
    float xv[] = {NAN, INFINITY, -INFINITY, 0.5f};
    ir_tensor in[1] = {op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, xv)}, y;
    CHECK_EQ(op_test_run("Clip", 13, NULL, 0, in, 1, &y, 1), GE_STATUS_SUCCESS);
    const float *r = y.data;
    CHECK(isnan(r[0]) && r[1] == INFINITY && r[2] == -INFINITY && r[3] == 0.5f);
    ir_tensor_free_data(&y);
    float lo = -1.0f, hi = 1.0f;
    ir_tensor in3[3] = {in[0], op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &lo), op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &hi)};
    CHECK_EQ(op_test_run("Clip", 13, NULL, 0, in3, 3, &y, 1), GE_STATUS_SUCCESS);
    r = y.data;
    CHECK(isnan(r[0]) && r[1] == 1.0f && r[2] == -1.0f && r[3] == 0.5f);
    ir_tensor_free_data(&y);
    /* uint64 bounds beyond double precision stay exact */
    uint64_t uv[] = {UINT64_MAX, 5, UINT64_MAX - 1};
    uint64_t ulo = 6, uhi = UINT64_MAX - 1;
    ir_tensor inu[3] = {op_test_tensor(GE_DTYPE_UINT64, 1, (int64_t[]){3}, uv), op_test_tensor(GE_DTYPE_UINT64, 0, NULL, &ulo),
                        op_test_tensor(GE_DTYPE_UINT64, 0, NULL, &uhi)};
    CHECK_EQ(op_test_run("Clip", 13, NULL, 0, inu, 3, &y, 1), GE_STATUS_SUCCESS);
    const uint64_t *ru = y.data;
    CHECK(ru[0] == UINT64_MAX - 1 && ru[1] == 6 && ru[2] == UINT64_MAX - 1);
    ir_tensor_free_data(&y);
}

static void test_relu_nan(void)
{
    float xv[] = {NAN, -0.0f, -1.0f, 2.0f};
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, xv), y;
    CHECK_EQ(op_test_run("Relu", 6, NULL, 0, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    const float *r = y.data;
    CHECK(isnan(r[0]) && r[1] == 0.0f && r[2] == 0.0f && r[3] == 2.0f);
    ir_tensor_free_data(&y);
    /* Softplus stays finite for large inputs */
    float big[] = {100.0f, -100.0f};
    ir_tensor b = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, big);
    CHECK_EQ(op_test_run("Softplus", 1, NULL, 0, &b, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){100.0f, 3.7200760e-44f}, 2, 1e-6, 1e-45));
    ir_tensor_free_data(&y);
}

int main(void)
{
    RUN_TEST(test_generated);
    RUN_TEST(test_infer);
    RUN_TEST(test_bad_attributes);
    RUN_TEST(test_clip_inputs);
    RUN_TEST(test_clip_nan_inf);
    RUN_TEST(test_relu_nan);
    return test_result();
}

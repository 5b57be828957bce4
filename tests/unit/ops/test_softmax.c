#include "unit/ops/data/nn_softmax.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_softmax(void)
{
    ir_tensor x = NN_F32(sm_x);
    ir_attr a1[] = {op_test_attr_int("axis", 1)};
    CHECK(nn_run_check("Softmax", 13, a1, 1, &x, 1, 1, 0, sm13_y, NN_COUNT(sm13_y), 1e-5, 1e-6));
    /* opset < 13: coerced to 2-D [2, 12] at axis 1 (the default) */
    CHECK(nn_run_check("Softmax", 11, NULL, 0, &x, 1, 1, 0, sm11_y, NN_COUNT(sm11_y), 1e-5, 1e-6));
    CHECK(nn_run_check("Softmax", 1, a1, 1, &x, 1, 1, 0, sm11_y, NN_COUNT(sm11_y), 1e-5, 1e-6));
    ir_attr am2[] = {op_test_attr_int("axis", -2)};
    CHECK(nn_run_check("Softmax", 13, am2, 1, &x, 1, 1, 0, sm13_y, NN_COUNT(sm13_y), 1e-5, 1e-6));
    CHECK(nn_run_check("LogSoftmax", 13, a1, 1, &x, 1, 1, 0, lsm13_y, NN_COUNT(lsm13_y), 1e-5, 1e-5));
    ir_tensor b = nn_convert(&x, GE_DTYPE_BFLOAT16);
    CHECK(nn_run_check("Softmax", 13, a1, 1, &b, 1, 1, 0, sm13_y, NN_COUNT(sm13_y), 2e-2, 1e-2));
    op_value out[1];
    CHECK_EQ(op_test_infer("Softmax", 12, NULL, 0, &b, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "bfloat16");
    ir_tensor_free_data(&b);

    /* hand-worked default axis -1 (opset 13): [0, ln 3] -> [1/4, 3/4]; large values stay finite */
    float v[] = {0, 1.0986122887f, 1000, 1000};
    ir_tensor h = op_test_tensor(F, 2, (int64_t[]){2, 2}, v);
    CHECK(nn_run_check("Softmax", 13, NULL, 0, &h, 1, 1, 0, (float[]){0.25f, 0.75f, 0.5f, 0.5f}, 4, 1e-6, 1e-7));
    CHECK(nn_run_check("LogSoftmax", 13, NULL, 0, &h, 1, 1, 0,
                       (float[]){-1.3862943611f, -0.2876820725f, -0.6931471806f, -0.6931471806f}, 4, 1e-6, 1e-6));
    CHECK(nn_run_check("Hardmax", 13, NULL, 0, &h, 1, 1, 0, (float[]){0, 1, 1, 0}, 4, 0, 0));
    /* Hardmax opset 11 coerces: axis 0 makes one row of 4 -> first max at index 2 */
    ir_attr a0[] = {op_test_attr_int("axis", 0)};
    CHECK(nn_run_check("Hardmax", 11, a0, 1, &h, 1, 1, 0, (float[]){0, 0, 1, 0}, 4, 0, 0));

    ir_attr bad[] = {op_test_attr_int("axis", 3)};
    CHECK_EQ(op_test_infer("Softmax", 13, bad, 1, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'axis' is 3");
    /* opset < 13 accepts axis == rank (one element per row) */
    CHECK_EQ(op_test_infer("Softmax", 11, bad, 1, &x, 1, out, 1, false), GE_STATUS_SUCCESS);
    ir_attr bad4[] = {op_test_attr_int("axis", 4)};
    CHECK_EQ(op_test_infer("Softmax", 11, bad4, 1, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
    ir_tensor u = nn_shape_only(F, -2, NULL);
    CHECK(nn_infer_shape("Softmax", 13, NULL, 0, &u, 1, 1, 0, -2, NULL));
    ir_tensor iv = nn_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3});
    CHECK_EQ(op_test_infer("LogSoftmax", 13, NULL, 0, &iv, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
}

static void test_dropout(void)
{
    float v[] = {1, -2, 3, 4, 5, 6};
    ir_tensor x = op_test_tensor(F, 2, (int64_t[]){2, 3}, v);
    ir_tensor o[2];
    CHECK_EQ(op_test_run("Dropout", 13, NULL, 0, &x, 1, o, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&o[0], v, 6, 0, 0));
    CHECK_EQ(o[1].dtype, GE_DTYPE_BOOL);
    CHECK(op_test_equal_i64(&o[1], (int64_t[]){1, 1, 1, 1, 1, 1}, 6));
    nn_free_all(o, 2);
    /* opset 7: the mask has the input's type */
    CHECK_EQ(op_test_run("Dropout", 7, NULL, 0, &x, 1, o, 2), GE_STATUS_SUCCESS);
    CHECK_EQ(o[1].dtype, GE_DTYPE_FLOAT32);
    CHECK(op_test_close(&o[1], (float[]){1, 1, 1, 1, 1, 1}, 6, 0, 0));
    nn_free_all(o, 2);
    /* opset 12: ratio and training_mode inputs; training with ratio 0 is still identity */
    float r0[] = {0.0f}, r5[] = {0.5f};
    uint8_t t1[] = {1}, t0[] = {0};
    ir_tensor in[3] = {x, op_test_tensor(F, 0, NULL, r0), op_test_tensor(GE_DTYPE_BOOL, 0, NULL, t1)};
    CHECK(nn_run_check("Dropout", 12, NULL, 0, in, 3, 2, 0, v, 6, 0, 0));
    in[1] = op_test_tensor(F, 0, NULL, r5);
    op_value out[2];
    CHECK_EQ(op_test_infer("Dropout", 12, NULL, 0, in, 3, out, 2, true), GE_STATUS_UNSUPPORTED);
    CHECK_CONTAINS(ge_error_take(), "training_mode");
    /* not known at inference: accepted, the kernel checks */
    CHECK_EQ(op_test_infer("Dropout", 12, NULL, 0, in, 3, out, 2, false), GE_STATUS_SUCCESS);
    in[2] = op_test_tensor(GE_DTYPE_BOOL, 0, NULL, t0);
    CHECK(nn_run_check("Dropout", 13, NULL, 0, in, 3, 1, 0, v, 6, 0, 0));
    in[2] = op_test_absent();
    CHECK(nn_run_check("Dropout", 22, NULL, 0, in, 3, 1, 0, v, 6, 0, 0));
    ir_attr bad[] = {op_test_attr_float("ratio", 1.5f)};
    CHECK_EQ(op_test_infer("Dropout", 10, bad, 1, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "ratio");
    in[1] = nn_shape_only(F, 1, (int64_t[]){2});
    CHECK_EQ(op_test_infer("Dropout", 13, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "scalar");
}

int main(void)
{
    RUN_TEST(test_softmax);
    RUN_TEST(test_dropout);
    return test_result();
}

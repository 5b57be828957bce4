#include "unit/ops/data/extra_act_extra.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_act_extra(void)
{
    ir_tensor x = NN_F32(act_x);
    CHECK(nn_run_check("Swish", 24, NULL, 0, &x, 1, 1, 0, swish_y, NN_COUNT(swish_y), 1e-6, 1e-7));
    ir_attr al[] = {op_test_attr_float("alpha", 0.5f)};
    CHECK(nn_run_check("Swish", 28, al, 1, &x, 1, 1, 0, swish_y_a, NN_COUNT(swish_y_a), 1e-6, 1e-7));
    CHECK(nn_run_check("Mish", 18, NULL, 0, &x, 1, 1, 0, mish_y, NN_COUNT(mish_y), 1e-6, 1e-7));
    ir_tensor b16 = nn_convert(&x, GE_DTYPE_BFLOAT16);
    CHECK(nn_run_check("Mish", 22, NULL, 0, &b16, 1, 1, 0, mish_y, NN_COUNT(mish_y), 2e-2, 2e-2));
    op_value out[1];
    CHECK_EQ(op_test_infer("Mish", 18, NULL, 0, &b16, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "bfloat16");
    ir_tensor_free_data(&b16);
    ir_tensor ab[2] = {x, NN_F32(act_b)};
    ir_attr a17[] = {op_test_attr_float("alpha", 1.7f)};
    CHECK(nn_run_check("SwiGLU", 28, a17, 1, ab, 2, 1, 0, swiglu_y, NN_COUNT(swiglu_y), 1e-6, 1e-6));
    ir_tensor h[2] = {nn_convert(&ab[0], GE_DTYPE_FLOAT16), nn_convert(&ab[1], GE_DTYPE_FLOAT16)};
    CHECK(nn_run_check("SwiGLU", 28, a17, 1, h, 2, 1, 0, swiglu_y, NN_COUNT(swiglu_y), 1e-2, 1e-2));
    nn_free_all(h, 2);
    ir_tensor bad[2] = {nn_shape_only(F, 2, (int64_t[]){2, 3}), nn_shape_only(F, 2, (int64_t[]){1, 3})};
    CHECK_EQ(op_test_infer("SwiGLU", 28, NULL, 0, bad, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "identical shapes");
    ir_tensor u[2] = {nn_shape_only(F, 2, (int64_t[]){-1, 3}), nn_shape_only(F, 2, (int64_t[]){4, -1})};
    CHECK(nn_infer_shape("SwiGLU", 28, NULL, 0, u, 2, 1, 0, 2, (int64_t[]){4, 3}));
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "SwiGLU", 27) == NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Swish", 23) == NULL);
}

int main(void)
{
    RUN_TEST(test_act_extra);
    return test_result();
}

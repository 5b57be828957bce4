#include "unit/ops/data/extra_pool_extra.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_lp_pool(void)
{
    ir_tensor x = NN_F32(lp_x);
    int64_t k23[] = {2, 3};
    ir_attr a2[] = {op_test_attr_ints("kernel_shape", 2, k23)};
    CHECK(nn_run_check("LpPool", 11, a2, 1, &x, 1, 1, 0, lp_y_p2, NN_COUNT(lp_y_p2), 1e-5, 1e-6));
    CHECK(nn_run_check("LpPool", 22, a2, 1, &x, 1, 1, 0, lp_y_p2, NN_COUNT(lp_y_p2), 1e-5, 1e-6));
    ir_attr a1[] = {op_test_attr_ints("kernel_shape", 2, k23), op_test_attr_float("p", 2.0f)};
    CHECK(nn_run_check("LpPool", 1, a1, 2, &x, 1, 1, 0, lp_y_p2, NN_COUNT(lp_y_p2), 1e-5, 1e-6));
    int64_t k32[] = {3, 2}, s22[] = {2, 2}, pads[] = {1, 0, 1, 1};
    ir_attr a3[] = {op_test_attr_ints("kernel_shape", 2, k32), op_test_attr_int("p", 3), op_test_attr_ints("strides", 2, s22),
                    op_test_attr_ints("pads", 4, pads)};
    CHECK(nn_run_check("LpPool", 18, a3, 4, &x, 1, 1, 0, lp_y_p3_pad_stride, NN_COUNT(lp_y_p3_pad_stride), 1e-5, 1e-6));
    int64_t k22[] = {2, 2};
    ir_attr ad[] = {op_test_attr_ints("kernel_shape", 2, k22), op_test_attr_int("p", 1), op_test_attr_ints("dilations", 2, s22)};
    CHECK(nn_run_check("LpPool", 18, ad, 3, &x, 1, 1, 0, lp_y_dil, NN_COUNT(lp_y_dil), 1e-5, 1e-6));
    ir_tensor x1 = NN_F32(lp1_x);
    int64_t k3[] = {3}, s2[] = {2};
    ir_attr a4[] = {op_test_attr_ints("kernel_shape", 1, k3), op_test_attr_ints("strides", 1, s2)};
    CHECK(nn_run_check("LpPool", 2, a4, 2, &x1, 1, 1, 0, lp1_y, NN_COUNT(lp1_y), 1e-5, 1e-6));
    /* inference: SAME_UPPER keeps ceil(in / stride) */
    ir_attr su[] = {op_test_attr_ints("kernel_shape", 2, k32), op_test_attr_ints("strides", 2, s22),
                    op_test_attr_string("auto_pad", "SAME_UPPER")};
    ir_tensor u = nn_shape_only(F, 4, (int64_t[]){-1, 3, 7, -1});
    CHECK(nn_infer_shape("LpPool", 11, su, 3, &u, 1, 1, 0, 4, (int64_t[]){-1, 3, 4, -1}));
    op_value out[1];
    CHECK_EQ(op_test_infer("LpPool", 11, NULL, 0, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "kernel_shape");
    CHECK_EQ(op_test_infer("LpPool", 11, a4, 2, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 4");
    ir_attr bp[] = {op_test_attr_ints("kernel_shape", 2, k23), op_test_attr_int("p", 0)};
    CHECK_EQ(op_test_infer("LpPool", 11, bp, 2, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'p' is 0");
}

int main(void)
{
    RUN_TEST(test_lp_pool);
    return test_result();
}

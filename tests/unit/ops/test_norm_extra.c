#include "unit/ops/data/extra_norm_extra.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_rms(void)
{
    ir_attr at[] = {op_test_attr_float("epsilon", 1e-3f), op_test_attr_int("axis", -1)};
    ir_tensor in[2] = {NN_F32(rms_x), NN_F32(rms_s_m1)};
    CHECK(nn_run_check("RMSNormalization", 23, at, 1, in, 2, 1, 0, rms_y_m1, NN_COUNT(rms_y_m1), 1e-5, 1e-6));
    at[1] = op_test_attr_int("axis", 1);
    in[1] = NN_F32(rms_s_a1);
    CHECK(nn_run_check("RMSNormalization", 23, at, 2, in, 2, 1, 0, rms_y_a1, NN_COUNT(rms_y_a1), 1e-5, 1e-6));
    at[1] = op_test_attr_int("axis", -3);
    in[1] = NN_F32(rms_s_a0);
    CHECK(nn_run_check("RMSNormalization", 24, at, 2, in, 2, 1, 0, rms_y_a0, NN_COUNT(rms_y_a0), 1e-5, 1e-6));
    ir_tensor d[2] = {nn_convert(&in[0], GE_DTYPE_FLOAT64), nn_convert(&in[1], GE_DTYPE_FLOAT16)};
    CHECK(nn_run_check("RMSNormalization", 23, at, 2, d, 2, 1, 0, rms_y_a0, NN_COUNT(rms_y_a0), 1e-3, 1e-3));
    nn_free_all(d, 2);
    op_value out[1];
    at[1] = op_test_attr_int("axis", 3);
    CHECK_EQ(op_test_infer("RMSNormalization", 23, at, 2, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'axis' is 3");
    at[1] = op_test_attr_int("axis", -1);
    ir_tensor bad[2] = {in[0], nn_shape_only(F, 1, (int64_t[]){3})};
    CHECK_EQ(op_test_infer("RMSNormalization", 23, at, 2, bad, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "does not broadcast");
    ir_tensor u[2] = {nn_shape_only(F, 3, (int64_t[]){-1, 3, 4}), nn_shape_only(F, 1, (int64_t[]){4})};
    CHECK(nn_infer_shape("RMSNormalization", 23, at, 2, u, 2, 1, 0, 3, (int64_t[]){-1, 3, 4}));
}

static void test_group_norm(void)
{
    ir_attr at[] = {op_test_attr_float("epsilon", 1e-2f), op_test_attr_int("num_groups", 3)};
    ir_tensor in[3] = {NN_F32(gn_x), NN_F32(gn_s), NN_F32(gn_b)};
    CHECK(nn_run_check("GroupNormalization", 21, at, 2, in, 3, 1, 0, gn_y21, NN_COUNT(gn_y21), 1e-5, 1e-5));
    ir_tensor in18[3] = {NN_F32(gn_x), NN_F32(gn_s3), NN_F32(gn_b3)};
    CHECK(nn_run_check("GroupNormalization", 18, at, 2, in18, 3, 1, 0, gn_y18, NN_COUNT(gn_y18), 1e-5, 1e-5));
    op_value out[1];
    CHECK_EQ(op_test_infer("GroupNormalization", 21, at, 2, in18, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "expected [6] (channels)");
    CHECK_EQ(op_test_infer("GroupNormalization", 18, at, 2, in, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "expected [3] (groups)");
    ir_attr g4[] = {op_test_attr_int("num_groups", 4)};
    CHECK_EQ(op_test_infer("GroupNormalization", 21, g4, 1, in, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "not a multiple of num_groups");
    CHECK_EQ(op_test_infer("GroupNormalization", 21, NULL, 0, in, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'num_groups' is missing");
}

static void test_mvn(void)
{
    ir_tensor x = NN_F32(mvn_x);
    CHECK(nn_run_check("MeanVarianceNormalization", 13, NULL, 0, &x, 1, 1, 0, mvn_y, NN_COUNT(mvn_y), 1e-5, 1e-5));
    int64_t ax[] = {-3};
    ir_attr at[] = {op_test_attr_ints("axes", 1, ax)};
    CHECK(nn_run_check("MeanVarianceNormalization", 9, at, 1, &x, 1, 1, 0, mvn_y_c, NN_COUNT(mvn_y_c), 1e-5, 1e-5));
    int64_t bad[] = {4};
    ir_attr ab[] = {op_test_attr_ints("axes", 1, bad)};
    op_value out[1];
    CHECK_EQ(op_test_infer("MeanVarianceNormalization", 13, ab, 1, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'axes' has 4");
}

static void test_lp_norm(void)
{
    ir_tensor x = NN_F32(lpn_x);
    CHECK(nn_run_check("LpNormalization", 1, NULL, 0, &x, 1, 1, 0, lpn_y2, NN_COUNT(lpn_y2), 1e-5, 1e-6));
    ir_attr at[] = {op_test_attr_int("axis", 1), op_test_attr_int("p", 1)};
    CHECK(nn_run_check("LpNormalization", 22, at, 2, &x, 1, 1, 0, lpn_y1_a1, NN_COUNT(lpn_y1_a1), 1e-5, 1e-6));
    ir_tensor b = nn_convert(&x, GE_DTYPE_BFLOAT16);
    CHECK(nn_run_check("LpNormalization", 22, at, 2, &b, 1, 1, 0, lpn_y1_a1, NN_COUNT(lpn_y1_a1), 2e-2, 2e-2));
    op_value out[1];
    CHECK_EQ(op_test_infer("LpNormalization", 1, NULL, 0, &b, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "bfloat16");
    ir_tensor_free_data(&b);
    ir_attr p3[] = {op_test_attr_int("p", 3)};
    CHECK_EQ(op_test_infer("LpNormalization", 22, p3, 1, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'p' is 3");
    /* a zero vector normalizes to zeros, not 0/0 NaN (hand-worked: [3,4] -> [0.6,0.8]; [0,0] -> [0,0];
     * L1 along axis 0 of [[0,2],[0,-2]] -> [[0,0.5],[0,-0.5]]) */
    static const float zx[] = {3, 0, 4, 0};
    static const float zy[] = {0.6f, 0, 0.8f, 0};
    ir_tensor z = op_test_tensor(F, 2, (int64_t[]){2, 2}, zx);
    ir_attr a0[] = {op_test_attr_int("axis", 0)};
    CHECK(nn_run_check("LpNormalization", 22, a0, 1, &z, 1, 1, 0, zy, 4, 1e-6, 1e-7));
    CHECK(nn_run_check("LpNormalization", 1, a0, 1, &z, 1, 1, 0, zy, 4, 1e-6, 1e-7));
    static const float wx[] = {0, 2, 0, -2};
    static const float wy[] = {0, 0.5f, 0, -0.5f};
    ir_tensor w = op_test_tensor(F, 2, (int64_t[]){2, 2}, wx);
    ir_attr a0p1[] = {op_test_attr_int("axis", 0), op_test_attr_int("p", 1)};
    CHECK(nn_run_check("LpNormalization", 22, a0p1, 2, &w, 1, 1, 0, wy, 4, 1e-6, 1e-7));
}

int main(void)
{
    RUN_TEST(test_rms);
    RUN_TEST(test_group_norm);
    RUN_TEST(test_mvn);
    RUN_TEST(test_lp_norm);
    return test_result();
}

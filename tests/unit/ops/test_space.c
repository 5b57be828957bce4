#include "unit/ops/data/extra_space.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_depth_space(void)
{
    ir_tensor x = NN_F32(d2s_x);
    ir_attr b2[] = {op_test_attr_int("blocksize", 2)};
    CHECK(nn_run_check("DepthToSpace", 1, b2, 1, &x, 1, 1, 0, d2s_dcr, NN_COUNT(d2s_dcr), 0, 0));
    CHECK(nn_run_check("DepthToSpace", 13, b2, 1, &x, 1, 1, 0, d2s_dcr, NN_COUNT(d2s_dcr), 0, 0));
    ir_attr crd[] = {op_test_attr_int("blocksize", 2), op_test_attr_string("mode", "CRD")};
    CHECK(nn_run_check("DepthToSpace", 11, crd, 2, &x, 1, 1, 0, d2s_crd, NN_COUNT(d2s_crd), 0, 0));
    ir_tensor xi = nn_convert(&x, GE_DTYPE_INT16);
    CHECK(nn_run_check("DepthToSpace", 13, crd, 2, &xi, 1, 1, 0, d2s_crd, NN_COUNT(d2s_crd), 0, 0));
    ir_tensor_free_data(&xi);
    ir_tensor s = NN_F32(s2d_x);
    CHECK(nn_run_check("SpaceToDepth", 13, b2, 1, &s, 1, 1, 0, s2d_y, NN_COUNT(s2d_y), 0, 0));
    CHECK(nn_run_check("SpaceToDepth", 1, b2, 1, &s, 1, 1, 0, s2d_y, NN_COUNT(s2d_y), 0, 0));
    ir_tensor u = nn_shape_only(F, 4, (int64_t[]){-1, 12, -1, 5});
    CHECK(nn_infer_shape("DepthToSpace", 13, b2, 1, &u, 1, 1, 0, 4, (int64_t[]){-1, 3, -1, 10}));
    ir_tensor u2 = nn_shape_only(F, 4, (int64_t[]){1, 3, 4, -1});
    CHECK(nn_infer_shape("SpaceToDepth", 13, b2, 1, &u2, 1, 1, 0, 4, (int64_t[]){1, 12, 2, -1}));
    op_value out[1];
    ir_attr b3[] = {op_test_attr_int("blocksize", 3)};
    CHECK_EQ(op_test_infer("DepthToSpace", 13, b3, 1, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "not a multiple of blocksize^2");
    CHECK_EQ(op_test_infer("SpaceToDepth", 13, b3, 1, &s, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "not a multiple of blocksize 3");
    ir_attr bm[] = {op_test_attr_int("blocksize", 2), op_test_attr_string("mode", "XYZ")};
    CHECK_EQ(op_test_infer("DepthToSpace", 11, bm, 2, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'mode' is 'XYZ'");
    CHECK_EQ(op_test_infer("DepthToSpace", 11, NULL, 0, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'blocksize' is missing");
}

static void test_det(void)
{
    ir_tensor x = NN_F32(det_x);
    CHECK(nn_run_check("Det", 11, NULL, 0, &x, 1, 1, 0, det_y, NN_COUNT(det_y), 1e-5, 1e-5));
    ir_tensor d = nn_convert(&x, GE_DTYPE_FLOAT64);
    CHECK(nn_run_check("Det", 22, NULL, 0, &d, 1, 1, 0, det_y, NN_COUNT(det_y), 1e-6, 1e-6));
    ir_tensor_free_data(&d);
    float m2[] = {3, 8, 4, 6};
    ir_tensor x2 = op_test_tensor(F, 2, (int64_t[]){2, 2}, m2);
    float e2[] = {-14};
    CHECK(nn_run_check("Det", 11, NULL, 0, &x2, 1, 1, 0, e2, 1, 1e-6, 1e-6));
    ir_tensor u = nn_shape_only(F, 3, (int64_t[]){-1, 3, -1});
    CHECK(nn_infer_shape("Det", 11, NULL, 0, &u, 1, 1, 0, 1, (int64_t[]){-1}));
    op_value out[1];
    ir_tensor bad = nn_shape_only(F, 3, (int64_t[]){2, 3, 4});
    CHECK_EQ(op_test_infer("Det", 11, NULL, 0, &bad, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "last dim of input 0 is 4; expected 3");
    ir_tensor v = nn_shape_only(F, 1, (int64_t[]){3});
    CHECK_EQ(op_test_infer("Det", 11, NULL, 0, &v, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 1");
}

int main(void)
{
    RUN_TEST(test_depth_space);
    RUN_TEST(test_det);
    return test_result();
}

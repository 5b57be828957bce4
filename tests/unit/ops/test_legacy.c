#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_pad1(void)
{
    float x[] = {1, 2, 3, 4, 5, 6};
    ir_tensor in = op_test_tensor(F, 2, (int64_t[]){2, 3}, x);
    int64_t p[] = {1, 0, 0, 1};
    ir_attr a[] = {op_test_attr_ints("paddings", 4, p), op_test_attr_float("value", 9)};
    float e[] = {9, 9, 9, 9, 1, 2, 3, 9, 4, 5, 6, 9};
    CHECK(nn_run_check("Pad", 1, a, 2, &in, 1, 1, 0, e, 12, 0, 0));
    ir_attr r[] = {op_test_attr_ints("paddings", 4, p), op_test_attr_string("mode", "edge")};
    float er[] = {1, 2, 3, 3, 1, 2, 3, 3, 4, 5, 6, 6};
    CHECK(nn_run_check("Pad", 1, r, 2, &in, 1, 1, 0, er, 12, 0, 0));
    ir_tensor u = nn_shape_only(F, 2, (int64_t[]){-1, 3});
    CHECK(nn_infer_shape("Pad", 1, a, 2, &u, 1, 1, 0, 2, (int64_t[]){-1, 4}));
    op_value out[1];
    CHECK_EQ(op_test_infer("Pad", 1, NULL, 0, &in, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'paddings' is missing");
    ir_tensor xi = nn_shape_only(GE_DTYPE_INT32, 2, (int64_t[]){2, 3});
    CHECK_EQ(op_test_infer("Pad", 1, a, 2, &xi, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
}

static void test_upsample1(void)
{
    float x[] = {1, 2, 3, 4};
    ir_tensor in = op_test_tensor(F, 4, (int64_t[]){1, 1, 2, 2}, x);
    ir_attr a[] = {op_test_attr_float("height_scale", 2), op_test_attr_float("width_scale", 3)};
    float e[] = {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4};
    CHECK(nn_run_check("Upsample", 1, a, 2, &in, 1, 1, 0, e, 24, 0, 0));
    ir_attr b[] = {op_test_attr_float("height_scale", 2), op_test_attr_float("width_scale", 2),
                   op_test_attr_string("mode", "bilinear")};
    float eb[] = {1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4};
    CHECK(nn_run_check("Upsample", 1, b, 3, &in, 1, 1, 0, eb, 16, 1e-6, 1e-6));
    ir_tensor u = nn_shape_only(F, 4, (int64_t[]){-1, 3, 5, 4});
    CHECK(nn_infer_shape("Upsample", 1, a, 2, &u, 1, 1, 0, 4, (int64_t[]){-1, 3, 10, 12}));
    op_value out[1];
    ir_attr bm[] = {op_test_attr_float("height_scale", 2), op_test_attr_float("width_scale", 2),
                    op_test_attr_string("mode", "cubic")};
    CHECK_EQ(op_test_infer("Upsample", 1, bm, 3, &in, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'mode' is 'cubic'");
    ir_attr hs[] = {op_test_attr_float("height_scale", 2)};
    CHECK_EQ(op_test_infer("Upsample", 1, hs, 1, &in, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'width_scale' is missing");
    ir_tensor r3 = nn_shape_only(F, 3, (int64_t[]){1, 2, 2});
    CHECK_EQ(op_test_infer("Upsample", 1, a, 2, &r3, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 3");
}

int main(void)
{
    RUN_TEST(test_pad1);
    RUN_TEST(test_upsample1);
    return test_result();
}

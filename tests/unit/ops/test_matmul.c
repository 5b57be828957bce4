#include "unit/ops/data/nn_matmul.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_matmul_infer(void)
{
    /* batch broadcast, 1-D promotion, unknown dims and rank */
    ir_tensor in[2] = {nn_shape_only(F, 4, (int64_t[]){2, 1, 3, 4}), nn_shape_only(F, 3, (int64_t[]){5, 4, 6})};
    CHECK(nn_infer_shape("MatMul", 13, NULL, 0, in, 2, 1, 0, 4, (int64_t[]){2, 5, 3, 6}));
    in[0] = nn_shape_only(F, 1, (int64_t[]){4});
    CHECK(nn_infer_shape("MatMul", 13, NULL, 0, in, 2, 1, 0, 2, (int64_t[]){5, 6}));
    in[1] = nn_shape_only(F, 1, (int64_t[]){4});
    CHECK(nn_infer_shape("MatMul", 13, NULL, 0, in, 2, 1, 0, 0, NULL));
    in[0] = nn_shape_only(F, 3, (int64_t[]){-1, 3, -1});
    in[1] = nn_shape_only(F, 2, (int64_t[]){4, -1});
    CHECK(nn_infer_shape("MatMul", 13, NULL, 0, in, 2, 1, 0, 3, (int64_t[]){-1, 3, -1}));
    in[1] = nn_shape_only(F, -2, NULL);
    CHECK(nn_infer_shape("MatMul", 13, NULL, 0, in, 2, 1, 0, -2, NULL));

    op_value out[1];
    in[0] = nn_shape_only(F, 2, (int64_t[]){3, 4});
    in[1] = nn_shape_only(F, 2, (int64_t[]){5, 6});
    CHECK_EQ(op_test_infer("MatMul", 13, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "inner dims differ");
    in[0] = nn_shape_only(F, 3, (int64_t[]){2, 3, 4});
    in[1] = nn_shape_only(F, 3, (int64_t[]){3, 4, 5});
    CHECK_EQ(op_test_infer("MatMul", 13, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "do not broadcast");
    in[0] = nn_shape_only(F, 0, NULL);
    CHECK_EQ(op_test_infer("MatMul", 13, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "scalar");
    /* dtypes: int64 from opset 9, bfloat16 from 13, mixed rejected */
    in[0] = nn_shape_only(GE_DTYPE_INT64, 2, (int64_t[]){2, 2});
    in[1] = nn_shape_only(GE_DTYPE_INT64, 2, (int64_t[]){2, 2});
    CHECK_EQ(op_test_infer("MatMul", 8, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dtype int64");
    CHECK_EQ(op_test_infer("MatMul", 9, NULL, 0, in, 2, out, 1, false), GE_STATUS_SUCCESS);
    in[1].dtype = F;
    CHECK_EQ(op_test_infer("MatMul", 13, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 has dtype float32");
    in[0].dtype = in[1].dtype = GE_DTYPE_BFLOAT16;
    CHECK_EQ(op_test_infer("MatMul", 12, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
    CHECK_EQ(op_test_infer("MatMul", 13, NULL, 0, in, 2, out, 1, false), GE_STATUS_SUCCESS);
}

static void test_matmul_kernel(void)
{
    /* hand-worked 2x2 */
    float a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8};
    ir_tensor in[2] = {op_test_tensor(F, 2, (int64_t[]){2, 2}, a), op_test_tensor(F, 2, (int64_t[]){2, 2}, b)};
    CHECK(nn_run_check("MatMul", 13, NULL, 0, in, 2, 1, 0, (float[]){19, 22, 43, 50}, 4, 0, 0));

    ir_tensor bc[2] = {NN_F32(mm_bc_a), NN_F32(mm_bc_b)};
    CHECK(nn_run_check("MatMul", 13, NULL, 0, bc, 2, 1, 0, mm_bc_y, NN_COUNT(mm_bc_y), 1e-5, 1e-6));
    ir_tensor v1[2] = {NN_F32(mm_v1_a), NN_F32(mm_v1_b)};
    CHECK(nn_run_check("MatMul", 1, NULL, 0, v1, 2, 1, 0, mm_v1_y, NN_COUNT(mm_v1_y), 1e-5, 1e-6));
    ir_tensor v2[2] = {NN_F32(mm_v2_a), NN_F32(mm_v2_b)};
    CHECK(nn_run_check("MatMul", 13, NULL, 0, v2, 2, 1, 0, mm_v2_y, NN_COUNT(mm_v2_y), 1e-5, 1e-6));

    /* float64, float16 and bfloat16 through conversion */
    ge_dtype dts[] = {GE_DTYPE_FLOAT64, GE_DTYPE_FLOAT16, GE_DTYPE_BFLOAT16};
    double tol[] = {1e-6, 2e-2, 6e-2};
    for (int k = 0; k < 3; k++) {
        ir_tensor c[2] = {nn_convert(&bc[0], dts[k]), nn_convert(&bc[1], dts[k])};
        CHECK(nn_run_check("MatMul", 13, NULL, 0, c, 2, 1, 0, mm_bc_y, NN_COUNT(mm_bc_y), tol[k], tol[k]));
        nn_free_all(c, 2);
    }

    /* integers: exact, and int32 wrap-around */
    ir_tensor ii[2] = {NN_ARR(GE_DTYPE_INT64, mm_int_a), NN_ARR(GE_DTYPE_INT64, mm_int_b)};
    ir_tensor out[1];
    CHECK_EQ(op_test_run("MatMul", 13, NULL, 0, ii, 2, out, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&out[0], mm_int_y, NN_COUNT(mm_int_y)));
    ir_tensor_free_data(&out[0]);
    ir_tensor i32[2] = {nn_convert(&ii[0], GE_DTYPE_UINT32), nn_convert(&ii[1], GE_DTYPE_UINT32)};
    i32[0].dtype = i32[1].dtype = GE_DTYPE_UINT32;
    CHECK_EQ(op_test_run("MatMul", 9, NULL, 0, i32, 2, out, 1), GE_STATUS_SUCCESS);
    int64_t wrapped[NN_COUNT(mm_int_y)];
    for (size_t i = 0; i < NN_COUNT(mm_int_y); i++)
        wrapped[i] = (int64_t)(uint32_t)mm_int_y[i];
    CHECK(op_test_equal_i64(&out[0], wrapped, NN_COUNT(mm_int_y)));
    ir_tensor_free_data(&out[0]);
    nn_free_all(i32, 2);
    int32_t big[] = {INT32_MAX, 2};
    int32_t two[] = {2, 1};
    ir_tensor bi[2] = {op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){2}, big),
                       op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){2}, two)};
    CHECK_EQ(op_test_run("MatMul", 13, NULL, 0, bi, 2, out, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(((int32_t *)out[0].data)[0], (int32_t)((uint32_t)INT32_MAX * 2u + 2u));
    ir_tensor_free_data(&out[0]);

    /* empty K: zeros */
    float dummy[1] = {0};
    ir_tensor e[2] = {op_test_tensor(F, 2, (int64_t[]){2, 0}, dummy), op_test_tensor(F, 2, (int64_t[]){0, 3}, dummy)};
    CHECK(nn_run_check("MatMul", 13, NULL, 0, e, 2, 1, 0, (float[]){0, 0, 0, 0, 0, 0}, 6, 0, 0));
}

static void test_gemm(void)
{
    ir_attr at[] = {op_test_attr_int("transA", 1), op_test_attr_int("transB", 1), op_test_attr_float("alpha", 0.5f),
                    op_test_attr_float("beta", 2.0f)};
    ir_tensor in[3] = {NN_F32(gemm_a), NN_F32(gemm_b), NN_F32(gemm_c)};
    CHECK(nn_infer_shape("Gemm", 13, at, 4, in, 3, 1, 0, 2, (int64_t[]){3, 5}));
    CHECK(nn_run_check("Gemm", 13, at, 4, in, 3, 1, 0, gemm_y, NN_COUNT(gemm_y), 1e-5, 1e-5));
    CHECK(nn_run_check("Gemm", 7, at, 4, in, 3, 1, 0, gemm_y, NN_COUNT(gemm_y), 1e-5, 1e-5));
    ir_tensor in2[3] = {NN_F32(gemm_a), NN_F32(gemm_b), NN_F32(gemm_c2)};
    CHECK(nn_run_check("Gemm", 11, at, 2, in2, 3, 1, 0, gemm_y2, NN_COUNT(gemm_y2), 1e-5, 1e-5));

    /* C optional from 11; absent -> alpha * A'B' */
    float a[] = {1, 2, 3, 4, 5, 6}, b[] = {1, 0, 0, 1, 1, 1};
    ir_tensor p[3] = {op_test_tensor(F, 2, (int64_t[]){2, 3}, a), op_test_tensor(F, 2, (int64_t[]){3, 2}, b),
                      op_test_absent()};
    ir_attr alpha[] = {op_test_attr_float("alpha", 2.0f)};
    CHECK(nn_run_check("Gemm", 13, alpha, 1, p, 3, 1, 0, (float[]){8, 10, 20, 22}, 4, 0, 0));
    CHECK(nn_run_check("Gemm", 11, alpha, 1, p, 2, 1, 0, (float[]){8, 10, 20, 22}, 4, 0, 0));
    op_value out[1];
    CHECK_EQ(op_test_infer("Gemm", 9, alpha, 1, p, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "inputs");

    /* scalar C broadcasts; int64 Gemm exact */
    int64_t ai[] = {1, 2, 3, 4}, bi[] = {5, 6, 7, 8}, ci[] = {100};
    ir_tensor q[3] = {op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){2, 2}, ai),
                      op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){2, 2}, bi),
                      op_test_tensor(GE_DTYPE_INT64, 0, NULL, ci)};
    ir_tensor o[1];
    CHECK_EQ(op_test_run("Gemm", 13, NULL, 0, q, 3, o, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&o[0], (int64_t[]){119, 122, 143, 150}, 4));
    ir_tensor_free_data(&o[0]);

    /* bad shapes */
    ir_tensor bad[3] = {nn_shape_only(F, 2, (int64_t[]){2, 3}), nn_shape_only(F, 2, (int64_t[]){4, 2}),
                        nn_shape_only(F, 1, (int64_t[]){2})};
    CHECK_EQ(op_test_infer("Gemm", 13, NULL, 0, bad, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "inner dims differ");
    bad[1] = nn_shape_only(F, 2, (int64_t[]){3, 2});
    bad[2] = nn_shape_only(F, 1, (int64_t[]){3});
    CHECK_EQ(op_test_infer("Gemm", 13, NULL, 0, bad, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "does not broadcast");
    bad[0] = nn_shape_only(F, 3, (int64_t[]){1, 2, 3});
    CHECK_EQ(op_test_infer("Gemm", 13, NULL, 0, bad, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 3");
    bad[0] = nn_shape_only(F, 2, (int64_t[]){-1, 3});
    CHECK(nn_infer_shape("Gemm", 13, NULL, 0, bad, 2, 1, 0, 2, (int64_t[]){-1, 2}));
    ir_attr wrong[] = {op_test_attr_string("transA", "yes")};
    CHECK_EQ(op_test_infer("Gemm", 13, wrong, 1, bad, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'transA' has kind");
}

int main(void)
{
    RUN_TEST(test_matmul_infer);
    RUN_TEST(test_matmul_kernel);
    RUN_TEST(test_gemm);
    return test_result();
}

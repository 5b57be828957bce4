#include "unit/ops/data/extra_sample.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static bool gs_case(int opset, const char *mode, const char *pad, int ac, const ir_tensor *in, const float *exp,
                    size_t n)
{
    ir_attr at[] = {op_test_attr_string("mode", mode), op_test_attr_string("padding_mode", pad),
                    op_test_attr_int("align_corners", ac)};
    bool ok = nn_run_check("GridSample", opset, at, 3, in, 2, 1, 0, exp, n, 1e-5, 1e-5);
    if (!ok)
        fprintf(stderr, "  GridSample %d %s %s %d\n", opset, mode, pad, ac);
    return ok;
}

#define GS(mode, old, pad, ac)                                                                                   \
    do {                                                                                                         \
        CHECK(gs_case(20, #mode, #pad, ac, in, gs_y_##mode##_##pad##_##ac, NN_COUNT(gs_y_##mode##_##pad##_##ac))); \
        CHECK(gs_case(16, old, #pad, ac, in, gs_y_##mode##_##pad##_##ac, NN_COUNT(gs_y_##mode##_##pad##_##ac)));   \
    } while (0)

static void test_grid_sample(void)
{
    ir_tensor in[2] = {NN_F32(gs_x), NN_F32(gs_grid)};
    GS(nearest, "nearest", zeros, 0);
    GS(nearest, "nearest", zeros, 1);
    GS(nearest, "nearest", border, 0);
    GS(nearest, "nearest", border, 1);
    GS(nearest, "nearest", reflection, 0);
    GS(nearest, "nearest", reflection, 1);
    GS(linear, "bilinear", zeros, 0);
    GS(linear, "bilinear", zeros, 1);
    GS(linear, "bilinear", border, 0);
    GS(linear, "bilinear", border, 1);
    GS(linear, "bilinear", reflection, 0);
    GS(linear, "bilinear", reflection, 1);
    GS(cubic, "bicubic", zeros, 0);
    GS(cubic, "bicubic", zeros, 1);
    GS(cubic, "bicubic", border, 0);
    GS(cubic, "bicubic", border, 1);
    GS(cubic, "bicubic", reflection, 0);
    GS(cubic, "bicubic", reflection, 1);
    /* 3-D (opset 20+) */
    ir_tensor in3[2] = {NN_F32(gs3_x), NN_F32(gs3_grid)};
    CHECK(gs_case(22, "linear", "zeros", 0, in3, gs3_y_linear_zeros_0, NN_COUNT(gs3_y_linear_zeros_0)));
    CHECK(gs_case(20, "nearest", "border", 1, in3, gs3_y_nearest_border_1, NN_COUNT(gs3_y_nearest_border_1)));
    /* 3-D nearest: half-way coordinates round to even (also in 3-D), grid (x, y, z) indexes
     * (W, H, D), rounding before border/reflection */
    ir_tensor in3n[2] = {NN_F32(gs3n_x), NN_F32(gs3n_grid)};
    CHECK(gs_case(20, "nearest", "zeros", 0, in3n, gs3n_y_zeros_0, NN_COUNT(gs3n_y_zeros_0)));
    CHECK(gs_case(22, "nearest", "zeros", 1, in3n, gs3n_y_zeros_1, NN_COUNT(gs3n_y_zeros_1)));
    CHECK(gs_case(20, "nearest", "border", 0, in3n, gs3n_y_border_0, NN_COUNT(gs3n_y_border_0)));
    CHECK(gs_case(22, "nearest", "border", 1, in3n, gs3n_y_border_1, NN_COUNT(gs3n_y_border_1)));
    CHECK(gs_case(20, "nearest", "reflection", 0, in3n, gs3n_y_reflection_0, NN_COUNT(gs3n_y_reflection_0)));
    CHECK(gs_case(22, "nearest", "reflection", 1, in3n, gs3n_y_reflection_1, NN_COUNT(gs3n_y_reflection_1)));
    /* hand-worked: X[d][h][w] = 100d + 10h + w + 1 on [D 2, H 2, W 4], align_corners 0:
     * x = ((gx + 1) * 4 - 1) / 2, y = ((gy + 1) * 2 - 1) / 2, z likewise.
     * (0, 0, 0): (1.5, 0.5, 0.5) -> (w 2, h 0, d 0) = 3 (half away from zero: 113);
     * (0.5, -1, 0): (2.5, -0.5, 0.5) -> (2, 0, 0) = 3 (away: w 3, h -1 -> 0);
     * (-0.5, 0, -1): (0.5, 0.5, -0.5) -> (0, 0, 0) = 1 (away: 0);
     * (0.75, -0.5, 0.5): (3, 0, 1) -> 104 (x indexes W, z indexes D) */
    float hx[16], hg[12] = {0, 0, 0, 0.5f, -1, 0, -0.5f, 0, -1, 0.75f, -0.5f, 0.5f};
    for (int d = 0; d < 2; d++)
        for (int h = 0; h < 2; h++)
            for (int w = 0; w < 4; w++)
                hx[d * 8 + h * 4 + w] = (float)(100 * d + 10 * h + w + 1);
    ir_tensor hin[2] = {op_test_tensor(F, 5, (int64_t[]){1, 1, 2, 2, 4}, hx),
                        op_test_tensor(F, 5, (int64_t[]){1, 1, 1, 4, 3}, hg)};
    CHECK(gs_case(20, "nearest", "zeros", 0, hin, (float[]){3, 3, 1, 104}, 4));
    /* double X, float16 grid */
    ir_tensor mix[2] = {nn_convert(&in[0], GE_DTYPE_FLOAT64), nn_convert(&in[1], GE_DTYPE_FLOAT16)};
    ir_attr lin[] = {op_test_attr_string("mode", "linear")};
    ir_tensor o[1];
    CHECK_EQ(op_test_run("GridSample", 22, lin, 1, mix, 2, o, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(o[0].dtype, GE_DTYPE_FLOAT64);
    nn_free_all(o, 1);
    nn_free_all(mix, 2);
    /* inference */
    ir_tensor u[2] = {nn_shape_only(F, 4, (int64_t[]){-1, 3, 10, 10}), nn_shape_only(F, 4, (int64_t[]){2, 5, -1, 2})};
    CHECK(nn_infer_shape("GridSample", 20, NULL, 0, u, 2, 1, 0, 4, (int64_t[]){2, 3, 5, -1}));
    op_value out[1];
    CHECK_EQ(op_test_infer("GridSample", 16, lin, 1, u, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'mode' is 'linear'");
    ir_attr bp[] = {op_test_attr_string("padding_mode", "wrap")};
    CHECK_EQ(op_test_infer("GridSample", 20, bp, 1, u, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'padding_mode' is 'wrap'");
    ir_tensor b3[2] = {u[0], nn_shape_only(F, 4, (int64_t[]){2, 5, 5, 3})};
    CHECK_EQ(op_test_infer("GridSample", 20, NULL, 0, b3, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "last dim of input 1 (grid) is 3");
    ir_tensor v5[2] = {nn_shape_only(F, 5, (int64_t[]){1, 1, 2, 2, 2}), nn_shape_only(F, 5, (int64_t[]){1, 1, 1, 1, 3})};
    CHECK_EQ(op_test_infer("GridSample", 16, NULL, 0, v5, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 5");
}

static void test_affine_grid(void)
{
    int64_t size[] = {2, 3, 3, 4};
    ir_tensor in[2] = {NN_F32(ag_theta), op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){4}, size)};
    CHECK(nn_run_check("AffineGrid", 20, NULL, 0, in, 2, 1, 0, ag_y0, NN_COUNT(ag_y0), 1e-5, 1e-6));
    ir_attr ac[] = {op_test_attr_int("align_corners", 1)};
    CHECK(nn_run_check("AffineGrid", 20, ac, 1, in, 2, 1, 0, ag_y1, NN_COUNT(ag_y1), 1e-5, 1e-6));
    int64_t size3[] = {1, 1, 2, 3, 2};
    ir_tensor in3[2] = {NN_F32(ag3_theta), op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){5}, size3)};
    CHECK(nn_run_check("AffineGrid", 20, ac, 1, in3, 2, 1, 0, ag3_y1, NN_COUNT(ag3_y1), 1e-5, 1e-6));
    CHECK(nn_infer_shape("AffineGrid", 20, NULL, 0, in, 2, 1, 0, 4, (int64_t[]){2, -1, -1, 2}));
    op_value out[1];
    CHECK_EQ(op_test_infer("AffineGrid", 20, NULL, 0, in, 2, out, 1, true), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.dims[1], 3);
    CHECK_EQ(out[0].shape.dims[2], 4);
    ir_tensor bad[2] = {NN_F32(ag3_theta), in[1]};
    CHECK_EQ(op_test_infer("AffineGrid", 20, NULL, 0, bad, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 1 of input 0 (theta) is 3");
}

int main(void)
{
    RUN_TEST(test_grid_sample);
    RUN_TEST(test_affine_grid);
    return test_result();
}

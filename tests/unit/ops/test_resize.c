#include "data/tensor_ops_cases.h"
#include "tensor_test_util.h"

/* Runs Resize-18/19 on g_rs_x with scales (sizes == NULL) or sizes. */
static bool rs(int opset, const ir_attr *at, size_t na, const float *scales, const int64_t *sizes, const float *exp,
               size_t n, const int64_t *shape)
{
    float sc[4];
    int64_t sz[4];
    ir_tensor in[4] = {TT_GEN(g_rs_x), op_test_absent(), op_test_absent(), op_test_absent()};
    size_t ni = 3;
    if (opset < 13) /* roi and scales are required then, given empty when unused */
        in[1] = in[2] = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){0}, NULL);
    if (sizes) {
        memcpy(sz, sizes, sizeof sz);
        in[3] = TT_I64(4, sz);
        ni = 4;
    } else {
        memcpy(sc, scales, sizeof sc);
        in[2] = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, sc);
    }
    return tt_run_close("Resize", opset, at, na, in, ni, exp, n, 4, shape);
}

#define S(name) g_##name, g_##name##_n, g_##name##_shape

static void test_resize_linear(void)
{
    ir_attr lin = op_test_attr_string("mode", "linear");
    CHECK(rs(13, &lin, 1, (float[]){1, 1, 2, 1.5f}, NULL, S(rs_lin_hp_up)));
    ir_attr ac[2] = {lin, op_test_attr_string("coordinate_transformation_mode", "align_corners")};
    CHECK(rs(11, ac, 2, NULL, (int64_t[]){1, 2, 5, 7}, S(rs_lin_ac_up)));
    ir_attr as[2] = {lin, op_test_attr_string("coordinate_transformation_mode", "asymmetric")};
    CHECK(rs(18, as, 2, (float[]){1, 1, 0.5f, 0.5f}, NULL, S(rs_lin_asym_down)));
    ir_attr pt[2] = {lin, op_test_attr_string("coordinate_transformation_mode", "pytorch_half_pixel")};
    CHECK(rs(18, pt, 2, (float[]){1, 1, 0.5f, 0.5f}, NULL, S(rs_lin_pt_down)));
    ir_attr hs[2] = {lin, op_test_attr_string("coordinate_transformation_mode", "half_pixel_symmetric")};
    CHECK(rs(19, hs, 2, NULL, (int64_t[]){1, 2, 4, 6}, S(rs_lin_hps)));
}

static void test_resize_nearest_cubic(void)
{
    ir_attr fl[2] = {op_test_attr_string("coordinate_transformation_mode", "asymmetric"),
                     op_test_attr_string("nearest_mode", "floor")};
    CHECK(rs(13, fl, 2, (float[]){1, 1, 2, 1.5f}, NULL, S(rs_nn_asym_floor)));
    CHECK(rs(13, NULL, 0, (float[]){1, 1, 2, 1.5f}, NULL, S(rs_nn_hp_rpf)));
    ir_attr rc = op_test_attr_string("nearest_mode", "round_prefer_ceil");
    CHECK(rs(18, &rc, 1, (float[]){1, 1, 2, 1.5f}, NULL, S(rs_nn_hp_rpc)));
    ir_attr ce[2] = {op_test_attr_string("coordinate_transformation_mode", "align_corners"),
                     op_test_attr_string("nearest_mode", "ceil")};
    CHECK(rs(13, ce, 2, NULL, (int64_t[]){1, 2, 5, 7}, S(rs_nn_ac_ceil)));
    ir_attr cu = op_test_attr_string("mode", "cubic");
    CHECK(rs(13, &cu, 1, (float[]){1, 1, 2, 1.5f}, NULL, S(rs_cubic_hp)));
    ir_attr cx[3] = {cu, op_test_attr_float("cubic_coeff_a", -0.5f), op_test_attr_int("exclude_outside", 1)};
    CHECK(rs(18, cx, 3, (float[]){1, 1, 2, 1.5f}, NULL, S(rs_cubic_excl)));
    /* opset 10 and Upsample: asymmetric + floor */
    float sc[4] = {1, 1, 2, 1.5f};
    ir_tensor in10[2] = {TT_GEN(g_rs_x), op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, sc)};
    CHECK(tt_run_close("Resize", 10, NULL, 0, in10, 2, g_rs_nn_asym_floor, g_rs_nn_asym_floor_n, 4, g_rs_nn_asym_floor_shape));
    CHECK(tt_run_close("Upsample", 9, NULL, 0, in10, 2, g_rs_nn_asym_floor, g_rs_nn_asym_floor_n, 4, g_rs_nn_asym_floor_shape));
    ir_attr up7 = op_test_attr_floats("scales", 4, sc);
    CHECK(tt_run_close("Upsample", 7, &up7, 1, in10, 1, g_rs_nn_asym_floor, g_rs_nn_asym_floor_n, 4, g_rs_nn_asym_floor_shape));
}

static void test_resize_axes_policy_crop(void)
{
    /* axes (18) with not_larger: sizes (3, 8) on [3,4] -> scale min(1, 2) = 1 -> unchanged */
    ir_attr at[2] = {op_test_attr_ints("axes", 2, (int64_t[]){2, 3}),
                     op_test_attr_string("keep_aspect_ratio_policy", "not_larger")};
    int64_t sz[2] = {3, 8};
    ir_tensor in[4] = {TT_GEN(g_rs_x), op_test_absent(), op_test_absent(), TT_I64(2, sz)};
    CHECK(tt_run_close("Resize", 18, at, 2, in, 4, g_rs_x, g_rs_x_n, 4, g_rs_x_shape));
    /* not_smaller: scale max(1, 2) = 2 -> [6, 8], nearest half_pixel round_prefer_floor */
    at[1] = op_test_attr_string("keep_aspect_ratio_policy", "not_smaller");
    op_value out[1];
    CHECK_EQ(op_test_infer("Resize", 18, at, 2, in, 4, out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 4, 1, 2, 6, 8));
    /* tf_crop_and_resize with extrapolation: a [1,1,1,3] row, roi beyond the input */
    float row[3] = {1, 2, 3};
    float roi[2] = {0.0f, 1.5f};
    int64_t s1[1] = {4};
    ir_attr tf[4] = {op_test_attr_ints("axes", 1, (int64_t[]){-1}), op_test_attr_string("mode", "linear"),
                     op_test_attr_string("coordinate_transformation_mode", "tf_crop_and_resize"),
                     op_test_attr_float("extrapolation_value", -9)};
    ir_tensor tin[4] = {op_test_tensor(GE_DTYPE_FLOAT32, 4, (int64_t[]){1, 1, 1, 3}, row),
                        op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, roi), op_test_absent(), TT_I64(1, s1)};
    /* x = 0 + k * 1.5 * 2 / 3 = k: 0, 1, 2, 3 (outside) */
    CHECK(tt_run_close("Resize", 18, tf, 4, tin, 4, (float[]){1, 2, 3, -9}, 4, 4, (int64_t[]){1, 1, 1, 4}));
    /* int8 nearest copies exactly */
    int8_t q[2] = {-128, 127};
    float s2[2] = {1, 2};
    ir_tensor qin[3] = {op_test_tensor(GE_DTYPE_INT8, 2, (int64_t[]){1, 2}, q), op_test_absent(),
                        op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, s2)};
    CHECK(tt_run_i64("Resize", 13, NULL, 0, qin, 3, (int64_t[]){-128, -128, 127, 127}, 4, 2, (int64_t[]){1, 4}));
    /* inference: unknown sizes -> unknown dims; errors */
    ir_tensor usz = op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){4}, NULL);
    ir_tensor uin[4] = {TT_GEN(g_rs_x), op_test_absent(), op_test_absent(), usz};
    CHECK_EQ(op_test_infer("Resize", 13, NULL, 0, uin, 4, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 4, -1, -1, -1, -1));
    float s4[4] = {1, 1, 2, 0.5f};
    ir_tensor ux = op_test_tensor(GE_DTYPE_FLOAT32, 4, (int64_t[]){-1, 2, -1, 8}, NULL);
    ir_tensor usc[3] = {ux, op_test_absent(), op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, s4)};
    CHECK_EQ(op_test_infer("Resize", 13, NULL, 0, usc, 3, out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 4, -1, 2, -1, 4));
    int64_t z4[4] = {3, 2, 5, 5};
    ir_tensor usz2[4] = {ux, op_test_absent(), op_test_absent(), TT_I64(4, z4)};
    CHECK_EQ(op_test_infer("Resize", 13, NULL, 0, usz2, 4, out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 4, 3, 2, 5, 5));
    ir_attr bm = op_test_attr_string("mode", "bicubic");
    CHECK(tt_infer_fails("Resize", 13, &bm, 1, qin, 3, 1, "attribute 'mode' is 'bicubic'"));
    ir_tensor none[1] = {TT_GEN(g_rs_x)};
    CHECK(tt_infer_fails("Resize", 13, NULL, 0, none, 1, 1, "neither 'scales' nor 'sizes'"));
    float s3[3] = {1, 1, 1};
    ir_tensor bad[3] = {TT_GEN(g_rs_x), op_test_absent(), op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, s3)};
    CHECK(tt_infer_fails("Resize", 13, NULL, 0, bad, 3, 1, "scales has 3 entries; expected 4"));
    ir_attr aa = op_test_attr_int("antialias", 2);
    CHECK(tt_infer_fails("Resize", 18, &aa, 1, qin, 3, 1, "'antialias' is 2; expected 0 or 1"));
}

/* Runs Resize on g_rs2_x ([1,1,5,7]) with scales {1, 1, sh, sw} or sizes {1, 1, h, w}. */
static bool rs2(int opset, const ir_attr *at, size_t na, const float *sc2, const int64_t *sz2, const float *exp,
                size_t n, const int64_t *shape)
{
    float sc[4] = {1, 1, 1, 1};
    int64_t sz[4] = {1, 1, 1, 1};
    ir_tensor in[4] = {TT_GEN(g_rs2_x), op_test_absent(), op_test_absent(), op_test_absent()};
    size_t ni = 3;
    if (opset < 13)
        in[1] = in[2] = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){0}, NULL);
    if (sz2) {
        sz[2] = sz2[0], sz[3] = sz2[1];
        in[3] = TT_I64(4, sz);
        ni = 4;
    } else {
        sc[2] = sc2[0], sc[3] = sc2[1];
        in[2] = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, sc);
    }
    return tt_run_close("Resize", opset, at, na, in, ni, exp, n, 4, shape);
}

static void test_resize_antialias(void)
{
    ir_attr at[5] = {op_test_attr_int("antialias", 1), op_test_attr_string("mode", "linear")};
    /* the triangle stretched by 1/0.6 and 1/0.45 */
    CHECK(rs2(18, at, 2, (float[]){0.6f, 0.45f}, NULL, S(rs_aa_lin)));
    CHECK(rs2(19, at, 2, (float[]){0.6f, 0.45f}, NULL, S(rs_aa_lin)));
    /* upscaling axis (1.5) keeps the plain kernel; asymmetric */
    at[2] = op_test_attr_string("coordinate_transformation_mode", "asymmetric");
    CHECK(rs2(18, at, 3, (float[]){1.5f, 0.5f}, NULL, S(rs_aa_lin_up)));
    /* cubic from sizes (scales 3/5, 2/7) */
    at[1] = op_test_attr_string("mode", "cubic");
    CHECK(rs2(18, at, 2, NULL, (int64_t[]){3, 2}, S(rs_aa_cub_sizes)));
    /* cubic with exclude_outside, a = -0.5, align_corners */
    at[2] = op_test_attr_string("coordinate_transformation_mode", "align_corners");
    at[3] = op_test_attr_int("exclude_outside", 1);
    at[4] = op_test_attr_float("cubic_coeff_a", -0.5f);
    CHECK(rs2(18, at, 5, (float[]){0.5f, 0.6f}, NULL, S(rs_aa_cub_excl_ac)));
    /* antialias leaves nearest alone: same as without it */
    ir_attr nn[2] = {op_test_attr_int("antialias", 1), op_test_attr_string("nearest_mode", "floor")};
    ir_attr nn0[1] = {op_test_attr_string("nearest_mode", "floor")};
    float sc[4] = {1, 1, 0.5f, 0.5f};
    ir_tensor in[3] = {TT_GEN(g_rs2_x), op_test_absent(), op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, sc)};
    ir_tensor y0, y1;
    CHECK_EQ(op_test_run("Resize", 18, nn0, 1, in, 3, &y0, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(op_test_run("Resize", 18, nn, 2, in, 3, &y1, 1), GE_STATUS_SUCCESS);
    CHECK(tt_shape_is(&y1.shape, 4, y0.shape.dims));
    CHECK(op_test_close(&y1, (const float *)y0.data, (size_t)ir_tensor_numel(&y0), 0, 0));
    ir_tensor_free_data(&y0);
    ir_tensor_free_data(&y1);
}

static void test_resize_modes_by_opset(void)
{
    /* align_corners with scales: length_resized is in * scale (3.0, 4.2), not the output length */
    ir_attr ac[2] = {op_test_attr_string("mode", "linear"), op_test_attr_string("coordinate_transformation_mode", "align_corners")};
    CHECK(rs2(13, ac, 2, (float[]){0.6f, 0.6f}, NULL, S(rs_lin_ac_down)));
    ac[0] = op_test_attr_string("mode", "cubic");
    CHECK(rs2(19, ac, 2, (float[]){0.8f, 0.8f}, NULL, S(rs_cub_ac_down)));
    /* tf_half_pixel_for_nn: Resize-11 only */
    ir_attr tf = op_test_attr_string("coordinate_transformation_mode", "tf_half_pixel_for_nn");
    CHECK(rs2(11, &tf, 1, NULL, (int64_t[]){3, 4}, S(rs_nn_tfnn)));
    CHECK(rs2(12, &tf, 1, NULL, (int64_t[]){3, 4}, S(rs_nn_tfnn)));
    float sc[4] = {1, 1, 0.5f, 0.5f};
    ir_tensor in[3] = {TT_GEN(g_rs2_x), op_test_absent(), op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, sc)};
    CHECK(tt_infer_fails("Resize", 13, &tf, 1, in, 3, 1, "'tf_half_pixel_for_nn'; it exists only in Resize-11"));
    CHECK(tt_infer_fails("Resize", 19, &tf, 1, in, 3, 1, "the node is opset 19"));
    /* half_pixel_symmetric: since Resize-19 */
    ir_attr hs = op_test_attr_string("coordinate_transformation_mode", "half_pixel_symmetric");
    CHECK(tt_infer_fails("Resize", 18, &hs, 1, in, 3, 1, "'half_pixel_symmetric'; it exists since Resize-19"));
    ir_attr bogus = op_test_attr_string("coordinate_transformation_mode", "tf_half_pixel_for_nearest");
    CHECK(tt_infer_fails("Resize", 13, &bogus, 1, in, 3, 1, "'tf_half_pixel_for_nearest'; not a known mode"));
}

int main(void)
{
    RUN_TEST(test_resize_linear);
    RUN_TEST(test_resize_nearest_cubic);
    RUN_TEST(test_resize_axes_policy_crop);
    RUN_TEST(test_resize_antialias);
    RUN_TEST(test_resize_modes_by_opset);
    return test_result();
}

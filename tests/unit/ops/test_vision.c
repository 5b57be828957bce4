#include "unit/ops/data/vis_cases.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32
#define I64 GE_DTYPE_INT64

static bool nms_check(int opset, const ir_attr *attrs, size_t na, const ir_tensor *in, size_t n_in,
                      const int64_t *expected, size_t rows)
{
    ir_tensor out[1];
    ge_status st = op_test_run("NonMaxSuppression", opset, attrs, na, in, n_in, out, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  NMS failed: %s\n", ge_error_take());
        return false;
    }
    bool ok = out[0].shape.rank == 2 && out[0].shape.dims[0] == (int64_t)rows && out[0].shape.dims[1] == 3 &&
              out[0].dtype == I64 && op_test_equal_i64(&out[0], expected, rows * 3);
    if (!ok)
        fprintf(stderr, "  NMS: %lld rows, expected %zu\n", (long long)out[0].shape.dims[0], rows);
    ir_tensor_free_data(&out[0]);
    return ok;
}

static void test_nms(void)
{
    /* hand case: boxes 0 and 1 overlap with IOU 0.8/1.2 = 2/3; box 2 apart */
    float boxes[] = {0, 0, 1, 1, 0, 0.2f, 1, 1.2f, 0, 3, 1, 4, 0.1f, 0.1f, 0.9f, 0.9f};
    float scores[] = {0.9f, 0.8f, 0.7f, 0.95f};
    int64_t mx = 10;
    float iou = 0.5f, sth = 0.0f;
    ir_tensor in[5] = {
        op_test_tensor(F, 3, (int64_t[]){1, 4, 4}, boxes), op_test_tensor(F, 3, (int64_t[]){1, 1, 4}, scores),
        op_test_tensor(I64, 1, (int64_t[]){1}, &mx),       op_test_tensor(F, 1, (int64_t[]){1}, &iou),
        op_test_tensor(F, 1, (int64_t[]){1}, &sth),
    };
    /* box 3 (0.95) first; box 0 has IOU 0.64 with it -> suppressed; box 1 IOU with box 3 = 0.56/1.2 */
    int64_t e1[] = {0, 0, 3, 0, 0, 2};
    CHECK(nms_check(11, NULL, 0, in, 5, e1, 2));
    float iou_hi = 0.7f;
    in[3] = op_test_tensor(F, 0, NULL, &iou_hi);
    int64_t e2[] = {0, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 2};
    CHECK(nms_check(10, NULL, 0, in, 5, e2, 4));
    float sth_hi = 0.85f;
    in[4] = op_test_tensor(F, 0, NULL, &sth_hi);
    int64_t e3[] = {0, 0, 3, 0, 0, 0};
    CHECK(nms_check(11, NULL, 0, in, 5, e3, 2));
    /* max_output_boxes_per_class absent -> nothing selected */
    CHECK(nms_check(11, NULL, 0, in, 2, NULL, 0));
    int64_t one = 1;
    in[2] = op_test_tensor(I64, 0, NULL, &one);
    int64_t e4[] = {0, 0, 3};
    CHECK(nms_check(11, NULL, 0, in, 4, e4, 1));

    /* numpy cases */
    int64_t m3 = 3, m4 = 4, m100 = 100;
    float i03 = 0.3f, s02 = 0.2f, i025 = 0.25f, i05 = 0.5f;
    ir_tensor g[5] = {NN_F32(nms_boxes0), NN_F32(nms_scores), op_test_tensor(I64, 1, (int64_t[]){1}, &m3),
                      op_test_tensor(F, 1, (int64_t[]){1}, &i03), op_test_tensor(F, 1, (int64_t[]){1}, &s02)};
    CHECK(nms_check(11, NULL, 0, g, 5, nms_y0, nms_y0_dims[0]));
    g[2] = op_test_tensor(I64, 1, (int64_t[]){1}, &m100);
    g[3] = op_test_tensor(F, 1, (int64_t[]){1}, &i05);
    g[4] = op_test_absent();
    CHECK(nms_check(11, NULL, 0, g, 5, nms_y0_all, nms_y0_all_dims[0]));
    ir_attr cpb[] = {op_test_attr_int("center_point_box", 1)};
    ir_tensor g1[4] = {NN_F32(nms_boxes1), NN_F32(nms_scores), op_test_tensor(I64, 1, (int64_t[]){1}, &m4),
                       op_test_tensor(F, 1, (int64_t[]){1}, &i025)};
    CHECK(nms_check(11, cpb, 1, g1, 4, nms_y1, nms_y1_dims[0]));

    /* inference */
    ir_tensor u[2] = {nn_shape_only(F, 3, (int64_t[]){2, -1, 4}), nn_shape_only(F, 3, (int64_t[]){2, 3, -1})};
    CHECK(nn_infer_shape("NonMaxSuppression", 11, NULL, 0, u, 2, 1, 0, 2, (int64_t[]){-1, 3}));
    op_value out[1];
    CHECK_EQ(op_test_infer("NonMaxSuppression", 11, NULL, 0, in, 5, out, 1, true), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.dims[0], 1);
    ir_tensor bad[2] = {nn_shape_only(F, 3, (int64_t[]){2, 5, 5}), nn_shape_only(F, 3, (int64_t[]){2, 3, 5})};
    CHECK_EQ(op_test_infer("NonMaxSuppression", 11, NULL, 0, bad, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "last dim of input 0 'boxes' is 5; expected 4");
    ir_tensor bad2[2] = {nn_shape_only(F, 3, (int64_t[]){2, 5, 4}), nn_shape_only(F, 3, (int64_t[]){2, 3, 6})};
    CHECK_EQ(op_test_infer("NonMaxSuppression", 11, NULL, 0, bad2, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 2 of input 1 'scores' is 6; expected 5");
    ir_attr cpb2[] = {op_test_attr_int("center_point_box", 2)};
    CHECK_EQ(op_test_infer("NonMaxSuppression", 11, cpb2, 1, u, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'center_point_box' is 2");
    float iou_bad = 1.5f;
    in[3] = op_test_tensor(F, 0, NULL, &iou_bad);
    CHECK_EQ(op_test_infer("NonMaxSuppression", 11, NULL, 0, in, 5, out, 1, true), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'iou_threshold' is 1.5");
}

static void test_col2im(void)
{
    int64_t img[] = {5, 6}, blk[] = {2, 3};
    ir_tensor in[3] = {NN_F32(c2i_x), op_test_tensor(I64, 1, (int64_t[]){2}, img),
                       op_test_tensor(I64, 1, (int64_t[]){2}, blk)};
    int64_t dil[] = {1, 2}, pads[] = {1, 0, 1, 1}, st[] = {2, 1};
    ir_attr a[] = {op_test_attr_ints("dilations", 2, dil), op_test_attr_ints("pads", 4, pads),
                   op_test_attr_ints("strides", 2, st)};
    CHECK(nn_run_check("Col2Im", 18, a, 3, in, 3, 1, 0, c2i_y, NN_COUNT(c2i_y), 1e-5, 1e-5));
    ir_tensor d = nn_convert(&in[0], GE_DTYPE_FLOAT64);
    ir_tensor ind[3] = {d, in[1], in[2]};
    CHECK(nn_run_check("Col2Im", 18, a, 3, ind, 3, 1, 0, c2i_y, NN_COUNT(c2i_y), 1e-6, 1e-6));
    ir_tensor_free_data(&d);
    int64_t img3[] = {3, 3, 4}, blk3[] = {2, 2, 2};
    ir_tensor in3[3] = {NN_F32(c2i3_x), op_test_tensor(I64, 1, (int64_t[]){3}, img3),
                        op_test_tensor(I64, 1, (int64_t[]){3}, blk3)};
    CHECK(nn_run_check("Col2Im", 18, NULL, 0, in3, 3, 1, 0, c2i3_y, NN_COUNT(c2i3_y), 0, 0));
    ir_tensor i32 = nn_convert(&in3[0], GE_DTYPE_INT32);
    ir_tensor ini[3] = {i32, in3[1], in3[2]};
    CHECK(nn_run_check("Col2Im", 18, NULL, 0, ini, 3, 1, 0, c2i3_y, NN_COUNT(c2i3_y), 0, 0));
    ir_tensor_free_data(&i32);
    /* hand case: 1x1 image from a 1x1 block, one channel per block position */
    float hx[] = {1, 2, 3, 4};
    int64_t i22[] = {2, 2}, b11[] = {1, 1};
    ir_tensor hin[3] = {op_test_tensor(F, 3, (int64_t[]){1, 1, 4}, hx), op_test_tensor(I64, 1, (int64_t[]){2}, i22),
                        op_test_tensor(I64, 1, (int64_t[]){2}, b11)};
    CHECK(nn_run_check("Col2Im", 18, NULL, 0, hin, 3, 1, 0, hx, 4, 0, 0));

    /* inference: image_shape unknown, block known */
    op_value out[1];
    ir_tensor u[3] = {nn_shape_only(F, 3, (int64_t[]){-1, 12, 20}), nn_shape_only(I64, 1, (int64_t[]){2}), in[2]};
    CHECK_EQ(op_test_infer("Col2Im", 18, NULL, 0, u, 3, out, 1, true), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.rank, 4);
    CHECK_EQ(out[0].shape.dims[1], 2);
    CHECK_EQ(out[0].shape.dims[2], -1);
    ir_tensor bad[3] = {nn_shape_only(F, 3, (int64_t[]){1, 12, 7}), in[1], in[2]};
    CHECK_EQ(op_test_infer("Col2Im", 18, a, 3, bad, 3, out, 1, true), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 2 of input 0 (the number of blocks) is 7");
    ir_tensor bad2[3] = {nn_shape_only(F, 3, (int64_t[]){1, 10, -1}), in[1], in[2]};
    CHECK_EQ(op_test_infer("Col2Im", 18, a, 3, bad2, 3, out, 1, true), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "multiple of the block size 6");
    ir_attr bs[] = {op_test_attr_ints("strides", 1, st)};
    CHECK_EQ(op_test_infer("Col2Im", 18, bs, 1, in, 3, out, 1, true), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'strides' has 1 values; expected 2");
}

static void test_center_crop_pad(void)
{
    int64_t s3[] = {2, 7, 3};
    ir_tensor in[2] = {NN_F32(ccp_x), op_test_tensor(I64, 1, (int64_t[]){3}, s3)};
    CHECK(nn_run_check("CenterCropPad", 18, NULL, 0, in, 2, 1, 0, ccp_y, NN_COUNT(ccp_y), 0, 0));
    int32_t s2[] = {8, 1};
    int64_t ax[] = {-1, 1};
    ir_attr a[] = {op_test_attr_ints("axes", 2, ax)};
    ir_tensor in2[2] = {NN_F32(ccp_x), op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){2}, s2)};
    CHECK(nn_run_check("CenterCropPad", 18, a, 1, in2, 2, 1, 0, ccp_y_axes, NN_COUNT(ccp_y_axes), 0, 0));
    ir_tensor xi = nn_convert(&in2[0], GE_DTYPE_UINT8);
    ir_tensor in3[2] = {xi, in2[1]};
    CHECK(nn_run_check("CenterCropPad", 18, a, 1, in3, 2, 1, 0, ccp_y_axes, NN_COUNT(ccp_y_axes), 0, 0));
    ir_tensor_free_data(&xi);
    /* hand: [1 2 3 4 5] -> 3 = [2 3 4]; -> 8 = [0 1 2 3 4 5 0 0] */
    float v[] = {1, 2, 3, 4, 5}, e3[] = {2, 3, 4}, e8[] = {0, 1, 2, 3, 4, 5, 0, 0};
    int64_t n3 = 3, n8 = 8;
    ir_tensor h[2] = {op_test_tensor(F, 1, (int64_t[]){5}, v), op_test_tensor(I64, 1, (int64_t[]){1}, &n3)};
    CHECK(nn_run_check("CenterCropPad", 18, NULL, 0, h, 2, 1, 0, e3, 3, 0, 0));
    h[1] = op_test_tensor(I64, 1, (int64_t[]){1}, &n8);
    CHECK(nn_run_check("CenterCropPad", 18, NULL, 0, h, 2, 1, 0, e8, 8, 0, 0));

    ir_tensor u[2] = {nn_shape_only(F, 3, (int64_t[]){-1, 4, 5}), nn_shape_only(I64, 1, (int64_t[]){2})};
    CHECK(nn_infer_shape("CenterCropPad", 18, a, 1, u, 2, 1, 0, 3, (int64_t[]){-1, -1, -1}));
    op_value out[1];
    CHECK_EQ(op_test_infer("CenterCropPad", 18, NULL, 0, u, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "the length of input 1 'shape' is 2; expected 3");
    int64_t ax_bad[] = {3};
    ir_attr ab[] = {op_test_attr_ints("axes", 1, ax_bad)};
    CHECK_EQ(op_test_infer("CenterCropPad", 18, ab, 1, h, 2, out, 1, true), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "axes");
}

static void test_max_unpool(void)
{
    int64_t k[] = {2, 2}, s[] = {2, 2};
    ir_attr a[] = {op_test_attr_ints("kernel_shape", 2, k), op_test_attr_ints("strides", 2, s)};
    ir_tensor in[3] = {NN_F32(up_x), NN_ARR(I64, up_i)};
    CHECK(nn_run_check("MaxUnpool", 9, a, 2, in, 2, 1, 0, up_y, NN_COUNT(up_y), 0, 0));
    CHECK(nn_run_check("MaxUnpool", 11, a, 2, in, 2, 1, 0, up_y, NN_COUNT(up_y), 0, 0));
    int64_t os[] = {2, 3, 7, 6};
    in[2] = op_test_tensor(I64, 1, (int64_t[]){4}, os);
    CHECK(nn_run_check("MaxUnpool", 11, a, 2, in, 3, 1, 0, up_y_os, NN_COUNT(up_y_os), 0, 0));
    ir_tensor h = nn_convert(&in[0], GE_DTYPE_BFLOAT16);
    ir_tensor inh[3] = {h, in[1], in[2]};
    CHECK(nn_run_check("MaxUnpool", 22, a, 2, inh, 3, 1, 0, up_y_os, NN_COUNT(up_y_os), 1e-2, 0));
    ir_tensor_free_data(&h);

    ir_tensor u[3] = {nn_shape_only(F, 4, (int64_t[]){-1, 3, 4, -1}), nn_shape_only(I64, 4, (int64_t[]){-1, 3, 4, -1}),
                      nn_shape_only(I64, 1, (int64_t[]){4})};
    CHECK(nn_infer_shape("MaxUnpool", 11, a, 2, u, 2, 1, 0, 4, (int64_t[]){-1, 3, 8, -1}));
    CHECK(nn_infer_shape("MaxUnpool", 11, a, 2, u, 3, 1, 0, 4, (int64_t[]){-1, -1, -1, -1}));
    op_value out[1];
    int64_t os_small[] = {2, 3, 5, 4};
    in[2] = op_test_tensor(I64, 1, (int64_t[]){4}, os_small);
    CHECK_EQ(op_test_infer("MaxUnpool", 11, a, 2, in, 3, out, 1, true), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'output_shape'[2] is 5; expected >= 6");
    CHECK_EQ(op_test_infer("MaxUnpool", 11, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "kernel_shape");
    /* an index out of range */
    float x1[] = {5};
    int64_t i1[] = {4};
    ir_tensor b[2] = {op_test_tensor(F, 4, (int64_t[]){1, 1, 1, 1}, x1), op_test_tensor(I64, 4, (int64_t[]){1, 1, 1, 1}, i1)};
    ir_tensor o[1];
    CHECK_EQ(op_test_run("MaxUnpool", 11, a, 2, b, 2, o, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'I'[0] is 4; expected in [0, 4)");
}

static void test_roi_align(void)
{
    ir_tensor in[3] = {NN_F32(roi_x), NN_F32(roi_rois), NN_ARR(I64, roi_b)};
    ir_attr hp[] = {op_test_attr_int("output_height", 3), op_test_attr_int("output_width", 2)};
    CHECK(nn_run_check("RoiAlign", 16, hp, 2, in, 3, 1, 0, roi_avg_hp, NN_COUNT(roi_avg_hp), 1e-5, 1e-5));
    CHECK(nn_run_check("RoiAlign", 22, hp, 2, in, 3, 1, 0, roi_avg_hp, NN_COUNT(roi_avg_hp), 1e-5, 1e-5));
    ir_attr ohp[] = {op_test_attr_int("output_height", 2), op_test_attr_int("output_width", 3),
                     op_test_attr_int("sampling_ratio", 2), op_test_attr_float("spatial_scale", 0.8f),
                     op_test_attr_string("coordinate_transformation_mode", "output_half_pixel")};
    CHECK(nn_run_check("RoiAlign", 16, ohp, 5, in, 3, 1, 0, roi_avg_ohp, NN_COUNT(roi_avg_ohp), 1e-5, 1e-5));
    /* opset 10 always uses output_half_pixel */
    CHECK(nn_run_check("RoiAlign", 10, ohp, 4, in, 3, 1, 0, roi_avg_ohp, NN_COUNT(roi_avg_ohp), 1e-5, 1e-5));
    ir_attr mx[] = {op_test_attr_int("output_height", 2), op_test_attr_int("output_width", 2),
                    op_test_attr_string("mode", "max")};
    CHECK(nn_run_check("RoiAlign", 16, mx, 3, in, 3, 1, 0, roi_max_hp, NN_COUNT(roi_max_hp), 1e-5, 1e-5));
    ir_tensor d[3] = {nn_convert(&in[0], GE_DTYPE_FLOAT64), nn_convert(&in[1], GE_DTYPE_FLOAT64), in[2]};
    CHECK(nn_run_check("RoiAlign", 16, mx, 3, d, 3, 1, 0, roi_max_hp, NN_COUNT(roi_max_hp), 1e-6, 1e-6));
    ir_tensor_free_data(&d[0]), ir_tensor_free_data(&d[1]);

    ir_tensor u[3] = {nn_shape_only(F, 4, (int64_t[]){-1, 5, -1, -1}), nn_shape_only(F, 2, (int64_t[]){-1, 4}),
                      nn_shape_only(I64, 1, (int64_t[]){7})};
    CHECK(nn_infer_shape("RoiAlign", 16, hp, 2, u, 3, 1, 0, 4, (int64_t[]){7, 5, 3, 2}));
    op_value out[1];
    ir_attr bm[] = {op_test_attr_string("mode", "sum")};
    CHECK_EQ(op_test_infer("RoiAlign", 16, bm, 1, u, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'mode' is 'sum'");
    ir_attr bc[] = {op_test_attr_string("coordinate_transformation_mode", "asymmetric")};
    CHECK_EQ(op_test_infer("RoiAlign", 16, bc, 1, u, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'coordinate_transformation_mode' is 'asymmetric'");
    ir_tensor u2[3] = {u[0], nn_shape_only(F, 2, (int64_t[]){6, 4}), u[2]};
    CHECK_EQ(op_test_infer("RoiAlign", 16, NULL, 0, u2, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 0 of input 2 'batch_indices' is 7; expected 6");
    int64_t bb[] = {0, 2, 0, 0};
    ir_tensor in_b[3] = {in[0], in[1], op_test_tensor(I64, 1, (int64_t[]){4}, bb)};
    ir_tensor o[1];
    CHECK_EQ(op_test_run("RoiAlign", 16, NULL, 0, in_b, 3, o, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'batch_indices'[1] is 2");
}

static void test_deform_conv(void)
{
    int64_t p1[] = {1, 1, 1, 1}, s2[] = {2, 2};
    ir_attr a[] = {op_test_attr_int("group", 2), op_test_attr_int("offset_group", 2), op_test_attr_ints("pads", 4, p1),
                   op_test_attr_ints("strides", 2, s2)};
    ir_tensor in[5] = {NN_F32(dc_x), NN_F32(dc_w), NN_F32(dc_off), NN_F32(dc_b), NN_F32(dc_mask)};
    CHECK(nn_run_check("DeformConv", 19, a, 4, in, 5, 1, 0, dc_y, NN_COUNT(dc_y), 1e-4, 1e-4));
    CHECK(nn_run_check("DeformConv", 22, a, 4, in, 5, 1, 0, dc_y, NN_COUNT(dc_y), 1e-4, 1e-4));
    int64_t d2[] = {2, 2}, k2[] = {2, 2};
    ir_attr a1[] = {op_test_attr_ints("dilations", 2, d2), op_test_attr_ints("kernel_shape", 2, k2)};
    ir_tensor in1[3] = {NN_F32(dc_x), NN_F32(dc_w1), NN_F32(dc_off1)};
    CHECK(nn_run_check("DeformConv", 19, a1, 2, in1, 3, 1, 0, dc_y1, NN_COUNT(dc_y1), 1e-4, 1e-4));
    ir_tensor in1b[5] = {in1[0], in1[1], in1[2], op_test_absent(), op_test_absent()};
    CHECK(nn_run_check("DeformConv", 19, a1, 1, in1b, 5, 1, 0, dc_y1, NN_COUNT(dc_y1), 1e-4, 1e-4));
    /* hand: zero offsets = plain conv; 1x1x2x2 input, 1x1x1x1 kernel 2, offset (0.5, 0.5) */
    float x[] = {1, 2, 3, 4}, w[] = {2}, off[] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    /* sample at (0.5,0.5)=2.5 (x2=5), (0.5,1.5)=(2+4)/2*0.5=1.5 (x2=3), (1.5,0.5)=(3+4)/2*0.5=1.75*... */
    float e[] = {5, 3, 3.5f, 2};
    ir_tensor h[3] = {op_test_tensor(F, 4, (int64_t[]){1, 1, 2, 2}, x), op_test_tensor(F, 4, (int64_t[]){1, 1, 1, 1}, w),
                      op_test_tensor(F, 4, (int64_t[]){1, 2, 2, 2}, off)};
    CHECK(nn_run_check("DeformConv", 19, NULL, 0, h, 3, 1, 0, e, 4, 1e-6, 1e-6));

    ir_tensor u[3] = {nn_shape_only(F, 4, (int64_t[]){-1, 4, 5, 5}), nn_shape_only(F, 4, (int64_t[]){4, 2, 2, 2}),
                      nn_shape_only(F, 4, (int64_t[]){-1, 16, -1, -1})};
    CHECK(nn_infer_shape("DeformConv", 19, a, 4, u, 3, 1, 0, 4, (int64_t[]){-1, 4, 3, 3}));
    op_value out[1];
    ir_tensor ub[3] = {u[0], u[1], nn_shape_only(F, 4, (int64_t[]){1, 8, 3, 3})};
    CHECK_EQ(op_test_infer("DeformConv", 19, a, 4, ub, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 1 of input 2 'offset' is 8; expected 16");
    ir_attr g3[] = {op_test_attr_int("group", 3)};
    CHECK_EQ(op_test_infer("DeformConv", 19, g3, 1, u, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 1 of input 1 'W'");
    ir_tensor ui[3] = {nn_shape_only(GE_DTYPE_INT32, 4, (int64_t[]){1, 4, 5, 5}), u[1], u[2]};
    CHECK_EQ(op_test_infer("DeformConv", 19, NULL, 0, ui, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
}

int main(void)
{
    RUN_TEST(test_nms);
    RUN_TEST(test_col2im);
    RUN_TEST(test_center_crop_pad);
    RUN_TEST(test_max_unpool);
    RUN_TEST(test_roi_align);
    RUN_TEST(test_deform_conv);
    return test_result();
}

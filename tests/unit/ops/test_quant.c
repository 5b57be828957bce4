#include "data/x2_quant.h"
#include "x2_test.h"

#define SC_F(ptr) op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, (ptr))

static void test_quantize(void)
{
    float s = 0.07f;
    uint8_t z = 128;
    ir_tensor x = X2_F(q_x);
    /* per-tensor, uint8 zero point, opsets 10 .. 25 */
    ir_tensor in[3] = {x, SC_F(&s), op_test_tensor(GE_DTYPE_UINT8, 0, NULL, &z)};
    CHECK(X2_RUN_T("QuantizeLinear", 10, NULL, 0, in, 3, GE_DTYPE_UINT8, q_tensor_u8));
    CHECK(X2_RUN_T("QuantizeLinear", 13, NULL, 0, in, 3, GE_DTYPE_UINT8, q_tensor_u8));
    CHECK(X2_RUN_T("QuantizeLinear", 19, NULL, 0, in, 3, GE_DTYPE_UINT8, q_tensor_u8));
    CHECK(X2_RUN_T("QuantizeLinear", 25, NULL, 0, in, 3, GE_DTYPE_UINT8, q_tensor_u8));
    /* per-axis int8 (axis 1, and the same axis negative) */
    ir_tensor ia[3] = {x, X2_F(q_axis_scale), X2_T(GE_DTYPE_INT8, q_axis_zp)};
    CHECK(X2_RUN_T("QuantizeLinear", 13, NULL, 0, ia, 3, GE_DTYPE_INT8, q_axis_i8));
    ir_attr axm2 = op_test_attr_int("axis", -2);
    CHECK(X2_RUN_T("QuantizeLinear", 21, &axm2, 1, ia, 3, GE_DTYPE_INT8, q_axis_i8));
    /* blocked on axis 2, block 3 (the last block is short), int16 */
    ir_attr blk[2] = {op_test_attr_int("axis", 2), op_test_attr_int("block_size", 3)};
    ir_tensor ib[3] = {x, X2_F(q_block_scale), X2_T(GE_DTYPE_INT16, q_block_zp)};
    CHECK(X2_RUN_T("QuantizeLinear", 21, blk, 2, ib, 3, GE_DTYPE_INT16, q_block_i16));
    CHECK(X2_RUN_T("QuantizeLinear", 25, blk, 2, ib, 3, GE_DTYPE_INT16, q_block_i16));
    /* output_dtype without a zero point: uint16 */
    float s16 = 0.0005f;
    ir_attr od = op_test_attr_int("output_dtype", 4);
    ir_tensor iu[2] = {x, SC_F(&s16)};
    CHECK(X2_RUN_T("QuantizeLinear", 21, &od, 1, iu, 2, GE_DTYPE_UINT16, q_tensor_u16));
    /* ties round to even; no zero point means uint8 0; saturation */
    float tv[7] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 300.0f, -7.0f}, one = 1.0f;
    ir_tensor it[2] = {op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){7}, tv), SC_F(&one)};
    CHECK(x2_run_typed("QuantizeLinear", 10, NULL, 0, it, 2, GE_DTYPE_UINT8,
                       (const ir_tensor[]){op_test_tensor(GE_DTYPE_UINT8, 1, (int64_t[]){7},
                                                          (uint8_t[]){0, 2, 2, 0, 0, 255, 0})}));
    int8_t z8 = 0;
    ir_tensor it8[3] = {it[0], it[1], op_test_tensor(GE_DTYPE_INT8, 0, NULL, &z8)};
    CHECK(x2_run_typed("QuantizeLinear", 19, NULL, 0, it8, 3, GE_DTYPE_INT8,
                       (const ir_tensor[]){op_test_tensor(GE_DTYPE_INT8, 1, (int64_t[]){7},
                                                          (int8_t[]){0, 2, 2, 0, -2, 127, -7})}));
    /* int32 input with a float scale; float16 input with a float16 scale (opset 19) */
    int32_t xi[4] = {-1000, 3, 5, 1000};
    float s2 = 2.0f;
    ir_tensor ii[3] = {op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){4}, xi), SC_F(&s2), in[2]};
    CHECK(x2_run_typed("QuantizeLinear", 13, NULL, 0, ii, 3, GE_DTYPE_UINT8,
                       (const ir_tensor[]){op_test_tensor(GE_DTYPE_UINT8, 1, (int64_t[]){4},
                                                          (uint8_t[]){0, 130, 130, 255})}));
    uint16_t hx[3] = {ge_float_to_half(3.0f), ge_float_to_half(-5.0f), ge_float_to_half(7.0f)}, hs = ge_float_to_half(2.0f);
    ir_tensor ih[3] = {op_test_tensor(GE_DTYPE_FLOAT16, 1, (int64_t[]){3}, hx),
                       op_test_tensor(GE_DTYPE_FLOAT16, 0, NULL, &hs), op_test_tensor(GE_DTYPE_INT8, 0, NULL, &z8)};
    CHECK(x2_run_typed("QuantizeLinear", 19, NULL, 0, ih, 3, GE_DTYPE_INT8,
                       (const ir_tensor[]){op_test_tensor(GE_DTYPE_INT8, 1, (int64_t[]){3}, (int8_t[]){2, -2, 4})}));
    /* precision attribute (opset 23): float16 division */
    ir_attr prec = op_test_attr_int("precision", 10);
    CHECK(X2_RUN_T("QuantizeLinear", 23, NULL, 0, in, 3, GE_DTYPE_UINT8, q_tensor_u8));
    ir_tensor yp;
    CHECK_EQ(op_test_run("QuantizeLinear", 23, &prec, 1, it8, 3, &yp, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&yp, (int64_t[]){0, 2, 2, 0, -2, 127, -7}, 7));
    ir_tensor_free_data(&yp);
    ir_attr badp = op_test_attr_int("precision", 6);
    CHECK(tt_infer_fails("QuantizeLinear", 23, &badp, 1, in, 3, 1, "attribute 'precision' is int32"));
}

static void test_quantize_errors(void)
{
    float s = 0.07f;
    uint8_t z = 128;
    ir_tensor x = X2_F(q_x);
    ir_tensor in[3] = {x, SC_F(&s), op_test_tensor(GE_DTYPE_UINT8, 0, NULL, &z)};
    /* types geflow lacks */
    ir_attr f8 = op_test_attr_int("output_dtype", 17);
    CHECK(tt_infer_fails("QuantizeLinear", 21, &f8, 1, in, 2, 1, "FLOAT8E4M3FN): geflow has no FLOAT8E4M3FN dtype"));
    ir_attr i4 = op_test_attr_int("output_dtype", 22);
    CHECK(tt_infer_fails("QuantizeLinear", 25, &i4, 1, in, 2, 1, "(INT4): geflow has no INT4 dtype"));
    ir_attr u8 = op_test_attr_int("output_dtype", 3);
    CHECK(tt_infer_fails("QuantizeLinear", 21, &u8, 1, in, 3, 1, "differs from input 2 'y_zero_point' dtype uint8"));
    /* per-axis before opset 13, wrong lengths, blocked mismatch */
    ir_tensor ia[3] = {x, X2_F(q_axis_scale), X2_T(GE_DTYPE_INT8, q_axis_zp)};
    CHECK(tt_infer_fails("QuantizeLinear", 10, NULL, 0, ia, 3, 1, "opset 10 has per-tensor quantization only"));
    ir_attr ax2 = op_test_attr_int("axis", 2);
    CHECK(tt_infer_fails("QuantizeLinear", 13, &ax2, 1, ia, 3, 1, "has 3 values; input 0 [2,3,4] has 4 on axis 2"));
    ir_attr ax5 = op_test_attr_int("axis", 5);
    CHECK(tt_infer_fails("QuantizeLinear", 13, &ax5, 1, ia, 3, 1, "attribute 'axis' 5 is out of range"));
    ir_attr blk[2] = {op_test_attr_int("axis", 2), op_test_attr_int("block_size", 1)};
    ir_tensor ib[3] = {x, X2_F(q_block_scale), X2_T(GE_DTYPE_INT16, q_block_zp)};
    CHECK(tt_infer_fails("QuantizeLinear", 21, blk, 2, ib, 3, 1, "with block_size 1 on axis 2 (dim 2: expected 4)"));
    ir_tensor mism[3] = {x, X2_F(q_axis_scale), in[2]};
    CHECK(tt_infer_fails("QuantizeLinear", 13, NULL, 0, mism, 3, 1, "input 2 (zero point) has shape []"));
    int64_t zi = 0;
    ir_tensor badz[3] = {x, SC_F(&s), TT_SCALAR_I64(&zi)};
    CHECK(tt_infer_fails("QuantizeLinear", 13, NULL, 0, badz, 3, 1, "input 2 'y_zero_point' has dtype int64"));
    ir_tensor badx[2] = {TT_SCALAR_I64(&zi), SC_F(&s)};
    CHECK(tt_infer_fails("QuantizeLinear", 13, NULL, 0, badx, 2, 1, "input 0 'x' has dtype int64"));
    /* unknown shapes propagate */
    op_value out[1];
    ir_tensor unk[2] = {x, SC_F(&s)};
    unk[0].shape.dims[1] = -1;
    CHECK_EQ(op_test_infer("QuantizeLinear", 21, NULL, 0, unk, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, 2, -1, 4));
    CHECK_EQ(out[0].dtype, GE_DTYPE_UINT8);
}

static void test_dequantize(void)
{
    float s = 0.25f;
    uint8_t z = 100;
    ir_tensor in[3] = {X2_T(GE_DTYPE_UINT8, dq_u8), SC_F(&s), op_test_tensor(GE_DTYPE_UINT8, 0, NULL, &z)};
    CHECK(X2_RUN_F("DequantizeLinear", 10, NULL, 0, in, 3, GE_DTYPE_FLOAT32, dq_tensor, 0));
    CHECK(X2_RUN_F("DequantizeLinear", 25, NULL, 0, in, 3, GE_DTYPE_FLOAT32, dq_tensor, 0));
    ir_tensor ia[3] = {X2_T(GE_DTYPE_INT8, dq_i8), X2_F(q_axis_scale), X2_T(GE_DTYPE_INT8, q_axis_zp)};
    CHECK(X2_RUN_F("DequantizeLinear", 13, NULL, 0, ia, 3, GE_DTYPE_FLOAT32, dq_axis, 0));
    ir_attr blk[2] = {op_test_attr_int("axis", -1), op_test_attr_int("block_size", 3)};
    ir_tensor ib[3] = {X2_T(GE_DTYPE_INT16, dq_i16), X2_F(q_block_scale), X2_T(GE_DTYPE_INT16, q_block_zp)};
    CHECK(X2_RUN_F("DequantizeLinear", 21, blk, 2, ib, 3, GE_DTYPE_FLOAT32, dq_block, 1e-6));
    float half = 0.5f;
    ir_tensor ii[2] = {X2_T(GE_DTYPE_INT32, dq_i32), SC_F(&half)};
    CHECK(X2_RUN_F("DequantizeLinear", 19, NULL, 0, ii, 2, GE_DTYPE_FLOAT32, dq_i32_out, 0));
    /* output_dtype float16 (opset 23); float16 scale gives float16 output (opset 19) */
    ir_attr od = op_test_attr_int("output_dtype", 10);
    CHECK(X2_RUN_F("DequantizeLinear", 23, &od, 1, in, 3, GE_DTYPE_FLOAT16, dq_tensor, 1e-3));
    uint16_t hs = ge_float_to_half(0.25f);
    ir_tensor ih[3] = {in[0], op_test_tensor(GE_DTYPE_FLOAT16, 0, NULL, &hs), in[2]};
    CHECK(X2_RUN_F("DequantizeLinear", 19, NULL, 0, ih, 3, GE_DTYPE_FLOAT16, dq_tensor, 1e-3));
    /* errors */
    CHECK(tt_infer_fails("DequantizeLinear", 13, NULL, 0, ih, 3, 1, "input 1 'x_scale' has dtype float16"));
    ir_tensor mixed[3] = {X2_T(GE_DTYPE_INT8, dq_i8), SC_F(&s), in[2]};
    CHECK(tt_infer_fails("DequantizeLinear", 21, NULL, 0, mixed, 3, 1, "'x_zero_point' has dtype uint8; expected input 0's int8"));
    CHECK(tt_infer_fails("DequantizeLinear", 19, NULL, 0, ib, 3, 1, "input 0 'x' has dtype int16"));
    ir_attr f8 = op_test_attr_int("output_dtype", 19);
    CHECK(tt_infer_fails("DequantizeLinear", 23, &f8, 1, in, 3, 1, "geflow has no FLOAT8E5M2 dtype"));
    ir_attr oi = op_test_attr_int("output_dtype", 6);
    CHECK(tt_infer_fails("DequantizeLinear", 24, &oi, 1, in, 3, 1, "attribute 'output_dtype' is int32"));
}

static void test_dynamic_quantize(void)
{
    ir_tensor x = X2_F(dyn_x), y[3];
    CHECK_EQ(op_test_run("DynamicQuantizeLinear", 11, NULL, 0, &x, 1, y, 3), GE_STATUS_SUCCESS);
    int64_t e[dyn_y_n];
    for (int i = 0; i < dyn_y_n; i++)
        e[i] = dyn_y[i];
    CHECK(x2_check_i(&y[0], GE_DTYPE_UINT8, e, dyn_y_n, dyn_y_rank, dyn_y_shape));
    CHECK(op_test_close(&y[1], dyn_scale, 1, 1e-7, 0));
    CHECK(op_test_equal_i64(&y[2], (int64_t[]){dyn_zp[0]}, 1));
    CHECK_EQ(y[1].shape.rank, 0);
    for (int i = 0; i < 3; i++)
        ir_tensor_free_data(&y[i]);
    /* all-positive input: the range is extended to 0, zero point 0 */
    float pos[3] = {1.0f, 2.0f, 2.55f};
    ir_tensor xp = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, pos);
    CHECK_EQ(op_test_run("DynamicQuantizeLinear", 11, NULL, 0, &xp, 1, y, 3), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y[0], (int64_t[]){100, 200, 255}, 3));
    CHECK(op_test_equal_i64(&y[2], (int64_t[]){0}, 1));
    for (int i = 0; i < 3; i++)
        ir_tensor_free_data(&y[i]);
    int64_t bad = 1;
    ir_tensor bx = TT_SCALAR_I64(&bad);
    CHECK(tt_infer_fails("DynamicQuantizeLinear", 11, NULL, 0, &bx, 1, 3, "input 0 'x' has dtype int64"));
}

static void test_matmul_integer(void)
{
    ir_tensor in[4] = {X2_T(GE_DTYPE_UINT8, mmi_a), X2_T(GE_DTYPE_INT8, mmi_b), X2_T(GE_DTYPE_UINT8, mmi_za),
                       X2_T(GE_DTYPE_INT8, mmi_zb)};
    CHECK(X2_RUN_T("MatMulInteger", 10, NULL, 0, in, 4, GE_DTYPE_INT32, mmi_y));
    /* no zero points: a 2x2 by hand */
    uint8_t a[4] = {1, 2, 3, 4};
    int8_t b[4] = {-1, 2, 3, -4};
    ir_tensor hi[2] = {op_test_tensor(GE_DTYPE_UINT8, 2, (int64_t[]){2, 2}, a),
                       op_test_tensor(GE_DTYPE_INT8, 2, (int64_t[]){2, 2}, b)};
    CHECK(x2_run_typed("MatMulInteger", 10, NULL, 0, hi, 2, GE_DTYPE_INT32,
                       (const ir_tensor[]){op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 2},
                                                          (int32_t[]){5, -6, 9, -10})}));
    ir_tensor bad[4] = {in[0], in[1], X2_T(GE_DTYPE_UINT8, mmi_a), in[3]};
    CHECK(tt_infer_fails("MatMulInteger", 10, NULL, 0, bad, 4, 1, "input 2 'a_zero_point' has shape [2,3,4]"));
    ir_tensor wrongdt[4] = {in[0], in[1], in[3], in[3]};
    CHECK(tt_infer_fails("MatMulInteger", 10, NULL, 0, wrongdt, 4, 1, "'a_zero_point' has dtype int8; expected A's uint8"));
    ir_tensor shp[2] = {in[0], in[0]};
    CHECK(tt_infer_fails("MatMulInteger", 10, NULL, 0, shp, 2, 1, "MatMul"));
}

static void test_qlinear_matmul(void)
{
    float sa = 0.02f, sb = 0.015f, sy = 0.3f;
    uint8_t za = 120;
    int8_t zb = -3, zy = 7;
    ir_tensor in[8] = {X2_T(GE_DTYPE_UINT8, mmi_a), SC_F(&sa), op_test_tensor(GE_DTYPE_UINT8, 0, NULL, &za),
                       X2_T(GE_DTYPE_INT8, mmi_b), SC_F(&sb), op_test_tensor(GE_DTYPE_INT8, 0, NULL, &zb),
                       SC_F(&sy), op_test_tensor(GE_DTYPE_INT8, 0, NULL, &zy)};
    CHECK(X2_RUN_T("QLinearMatMul", 10, NULL, 0, in, 8, GE_DTYPE_INT8, qlmm_y));
    CHECK(X2_RUN_T("QLinearMatMul", 21, NULL, 0, in, 8, GE_DTYPE_INT8, qlmm_y));
    CHECK(tt_infer_fails("QLinearMatMul", 10, NULL, 0, in, 7, 1, "has 7 inputs; expected 8 to 8"));
    uint16_t hs = ge_float_to_half(0.5f);
    ir_tensor mixed[8];
    memcpy(mixed, in, sizeof in);
    mixed[4] = op_test_tensor(GE_DTYPE_FLOAT16, 0, NULL, &hs);
    CHECK(tt_infer_fails("QLinearMatMul", 21, NULL, 0, mixed, 8, 1, "scales must share one dtype"));
    CHECK(tt_infer_fails("QLinearMatMul", 10, NULL, 0, mixed, 8, 1, "input 4 'b_scale' has dtype float16"));
}

static void test_conv_integer(void)
{
    uint8_t zx = 5;
    ir_attr pads = op_test_attr_ints("pads", 4, (int64_t[]){1, 1, 1, 1});
    ir_tensor in[4] = {X2_T(GE_DTYPE_UINT8, ci_x), X2_T(GE_DTYPE_UINT8, ci_w),
                       op_test_tensor(GE_DTYPE_UINT8, 0, NULL, &zx), X2_T(GE_DTYPE_UINT8, ci_zw)};
    CHECK(X2_RUN_T("ConvInteger", 10, &pads, 1, in, 4, GE_DTYPE_INT32, ci_y));
    /* without padding or zero points, by hand: 1x1x2x2 input, 1x1x2x2 kernel */
    uint8_t x[4] = {1, 2, 3, 4}, w[4] = {1, 1, 1, 2};
    ir_tensor hi[2] = {op_test_tensor(GE_DTYPE_UINT8, 4, (int64_t[]){1, 1, 2, 2}, x),
                       op_test_tensor(GE_DTYPE_UINT8, 4, (int64_t[]){1, 1, 2, 2}, w)};
    CHECK(x2_run_typed("ConvInteger", 10, NULL, 0, hi, 2, GE_DTYPE_INT32,
                       (const ir_tensor[]){op_test_tensor(GE_DTYPE_INT32, 4, (int64_t[]){1, 1, 1, 1}, (int32_t[]){14})}));
    ir_tensor badz[4] = {in[0], in[1], in[3], in[3]};
    CHECK(tt_infer_fails("ConvInteger", 10, &pads, 1, badz, 4, 1, "input 2 'x_zero_point' has shape [3]"));
    ir_attr grp = op_test_attr_int("group", 2);
    CHECK(tt_infer_fails("ConvInteger", 10, &grp, 1, in, 2, 1, "channels"));
}

static void test_qlinear_conv(void)
{
    float xs = 0.01f, ys = 0.5f;
    uint8_t zx = 5;
    int8_t zy = -4;
    ir_attr pads = op_test_attr_ints("pads", 4, (int64_t[]){1, 1, 1, 1});
    ir_tensor in[9] = {X2_T(GE_DTYPE_UINT8, ci_x), SC_F(&xs), op_test_tensor(GE_DTYPE_UINT8, 0, NULL, &zx),
                       X2_T(GE_DTYPE_UINT8, ci_w), X2_F(qlc_ws), X2_T(GE_DTYPE_UINT8, ci_zw),
                       SC_F(&ys), op_test_tensor(GE_DTYPE_INT8, 0, NULL, &zy), X2_T(GE_DTYPE_INT32, qlc_bias)};
    CHECK(X2_RUN_T("QLinearConv", 10, &pads, 1, in, 9, GE_DTYPE_INT8, qlc_y));
    ir_tensor badb[9];
    memcpy(badb, in, sizeof in);
    badb[8] = X2_T(GE_DTYPE_INT32, ci_y);
    CHECK(tt_infer_fails("QLinearConv", 10, &pads, 1, badb, 9, 1, "input 8 'B' has shape [1,3,4,4]; expected [3]"));
    badb[8] = in[8];
    badb[4] = X2_F(q_axis_scale);
    badb[4].shape.dims[0] = 2;
    CHECK(tt_infer_fails("QLinearConv", 10, &pads, 1, badb, 9, 1, "input 4 'w_scale' has shape [2]"));
}

int main(void)
{
    RUN_TEST(test_quantize);
    RUN_TEST(test_quantize_errors);
    RUN_TEST(test_dequantize);
    RUN_TEST(test_dynamic_quantize);
    RUN_TEST(test_matmul_integer);
    RUN_TEST(test_qlinear_matmul);
    RUN_TEST(test_conv_integer);
    RUN_TEST(test_qlinear_conv);
    return test_result();
}

#include "data/tensor_ops_cases.h"
#include "tensor_test_util.h"

static void test_slice(void)
{
    ir_tensor x = TT_GEN(g_x);
    /* x[::-1, 1:3, ::2] with out-of-range ends clamped */
    int64_t st[] = {-1, 1, 0}, en[] = {INT64_MIN, 3, INT64_MAX}, ax[] = {0, 1, 2}, sp[] = {-1, 1, 2};
    ir_tensor in[5] = {x, TT_I64(3, st), TT_I64(3, en), TT_I64(3, ax), TT_I64(3, sp)};
    CHECK(TT_RUN_GEN("Slice", 13, NULL, 0, in, 5, g_slice_neg));
    /* x[:, ::-2, 3:0:-2] with negative axes and axes out of order */
    int64_t st2[] = {3, 100}, en2[] = {0, -100}, ax2[] = {-1, 1}, sp2[] = {-2, -2};
    ir_tensor in2[5] = {x, TT_I64(2, st2), TT_I64(2, en2), TT_I64(2, ax2), TT_I64(2, sp2)};
    CHECK(TT_RUN_GEN("Slice", 10, NULL, 0, in2, 5, g_slice_neg2));
    /* opset 1 attributes; axes default to 0..n-1 */
    float m[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor xm = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}, m);
    ir_attr at[2] = {op_test_attr_ints("starts", 2, (int64_t[]){1, -2}), op_test_attr_ints("ends", 2, (int64_t[]){5, 3})};
    CHECK(tt_run_close("Slice", 1, at, 2, &xm, 1, (float[]){5, 6}, 2, 2, (int64_t[]){1, 2}));
    /* int32 starts/ends, empty result */
    int32_t s32[] = {2}, e32[] = {1};
    ir_tensor in3[3] = {xm, op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){1}, s32),
                        op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){1}, e32)};
    CHECK(tt_run_close("Slice", 13, NULL, 0, in3, 3, NULL, 0, 2, (int64_t[]){0, 3}));
    /* inference: unknown starts -> same rank, unknown dims; unknown dim on a sliced axis */
    op_value out[1];
    ir_tensor us = op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){1}, NULL);
    CHECK_EQ(op_test_infer("Slice", 13, NULL, 0, (ir_tensor[]){xm, us, in3[2]}, 3, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, -1, -1));
    ir_tensor xu = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){-1, 6}, NULL);
    int64_t s1[] = {1}, e1[] = {4}, a1[] = {1};
    ir_tensor in4[4] = {xu, TT_I64(1, s1), TT_I64(1, e1), TT_I64(1, a1)};
    CHECK_EQ(op_test_infer("Slice", 13, NULL, 0, in4, 4, out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, -1, 3));
    int64_t z[] = {0};
    ir_tensor bad[5] = {xm, TT_I64(1, s1), TT_I64(1, e1), TT_I64(1, a1), TT_I64(1, z)};
    CHECK(tt_infer_fails("Slice", 13, NULL, 0, bad, 5, 1, "steps entry 0 is 0"));
    int64_t a5[] = {5};
    ir_tensor bad2[4] = {xm, TT_I64(1, s1), TT_I64(1, e1), TT_I64(1, a5)};
    CHECK(tt_infer_fails("Slice", 13, NULL, 0, bad2, 4, 1, "axis 5 is out of range"));
    int64_t e2[] = {4, 4};
    ir_tensor bad3[3] = {xm, TT_I64(1, s1), TT_I64(2, e2)};
    CHECK(tt_infer_fails("Slice", 13, NULL, 0, bad3, 3, 1, "equal lengths"));
}

static void test_gather(void)
{
    ir_tensor x = TT_GEN(g_x);
    ir_attr a1 = op_test_attr_int("axis", 1);
    ir_tensor in[2] = {x, op_test_tensor(GE_DTYPE_INT64, 2, g_gather_idx_shape, g_gather_idx)};
    CHECK(TT_RUN_GEN("Gather", 13, &a1, 1, in, 2, g_gather_a1));
    int32_t i32[2] = {1, -2};
    uint16_t u[6] = {10, 11, 12, 13, 14, 15};
    ir_tensor xu = op_test_tensor(GE_DTYPE_UINT16, 2, (int64_t[]){3, 2}, u);
    ir_tensor in2[2] = {xu, op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){2}, i32)};
    CHECK(tt_run_i64("Gather", 11, NULL, 0, in2, 2, (int64_t[]){12, 13, 12, 13}, 4, 2, (int64_t[]){2, 2}));
    int64_t scalar = 2;
    ir_tensor in3[2] = {xu, TT_SCALAR_I64(&scalar)};
    CHECK(tt_run_i64("Gather", 13, NULL, 0, in3, 2, (int64_t[]){14, 15}, 2, 1, (int64_t[]){2}));
    int64_t oob[1] = {3};
    ir_tensor in4[2] = {xu, TT_I64(1, oob)};
    ir_tensor y;
    CHECK_EQ(op_test_run("Gather", 13, NULL, 0, in4, 2, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "index 3 at position 0 is out of range [-3, 2]");
    ir_attr a5 = op_test_attr_int("axis", 5);
    CHECK(tt_infer_fails("Gather", 13, &a5, 1, in4, 2, 1, "attribute 'axis' 5 is out of range"));
    ir_tensor fi[2] = {xu, op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, i32)};
    CHECK(tt_infer_fails("Gather", 13, NULL, 0, fi, 2, 1, "input 1 has dtype float32"));

    ir_attr a2 = op_test_attr_int("axis", -1);
    ir_tensor ge[2] = {x, op_test_tensor(GE_DTYPE_INT64, 3, g_gather_el_idx_shape, g_gather_el_idx)};
    CHECK(TT_RUN_GEN("GatherElements", 13, &a2, 1, ge, 2, g_gather_el_a2));
    int64_t gi[4] = {-1, 0, 0, 1};
    ir_tensor ge2[2] = {xu, op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){2, 2}, gi)};
    CHECK(tt_run_i64("GatherElements", 11, NULL, 0, ge2, 2, (int64_t[]){14, 11, 10, 13}, 4, 2, (int64_t[]){2, 2}));
    ir_tensor ge3[2] = {xu, TT_I64(2, gi)};
    CHECK(tt_infer_fails("GatherElements", 13, NULL, 0, ge3, 2, 1, "input 1 has rank 1"));
}

static void test_pad(void)
{
    ir_tensor x = TT_GEN(g_x);
    int64_t pads[] = {1, 2, 0, 0, 1, 3};
    float cv = 1.5f;
    ir_tensor in[3] = {x, TT_I64(6, pads), op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &cv)};
    CHECK(TT_RUN_GEN("Pad", 13, NULL, 0, in, 3, g_pad_constant));
    ir_attr mr = op_test_attr_string("mode", "reflect"), me = op_test_attr_string("mode", "edge"),
            mw = op_test_attr_string("mode", "wrap");
    CHECK(TT_RUN_GEN("Pad", 11, &mr, 1, in, 2, g_pad_reflect));
    CHECK(TT_RUN_GEN("Pad", 18, &me, 1, in, 2, g_pad_edge));
    CHECK(TT_RUN_GEN("Pad", 19, &mw, 1, in, 2, g_pad_wrap));
    /* opset 2 attributes */
    ir_attr at[3] = {op_test_attr_ints("pads", 6, pads), op_test_attr_string("mode", "constant"),
                     op_test_attr_float("value", 1.5f)};
    CHECK(TT_RUN_GEN("Pad", 2, at, 3, &x, 1, g_pad_constant));
    /* negative pads crop, then reflect pads the rest: pads (1,1),(-1,0),(2,-1) */
    int64_t crop[] = {1, -1, 2, 1, 0, -1};
    ir_tensor inc[2] = {x, TT_I64(6, crop)};
    CHECK(TT_RUN_GEN("Pad", 13, &mr, 1, inc, 2, g_pad_crop));
    /* axes input (opset 18): pad only the last axis of an int32 matrix */
    int32_t m[4] = {1, 2, 3, 4};
    ir_tensor xm = op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 2}, m);
    int64_t p2[] = {1, 0}, axes[] = {-1};
    int32_t c9 = 9;
    ir_tensor ina[4] = {xm, TT_I64(2, p2), op_test_tensor(GE_DTYPE_INT32, 0, NULL, &c9), TT_I64(1, axes)};
    CHECK(tt_run_i64("Pad", 18, NULL, 0, ina, 4, (int64_t[]){9, 1, 2, 9, 3, 4}, 6, 2, (int64_t[]){2, 3}));
    int64_t p3[] = {1, 0, 0};
    ir_tensor bad[2] = {xm, TT_I64(3, p3)};
    CHECK(tt_infer_fails("Pad", 13, NULL, 0, bad, 2, 1, "expected 4 (2 per axis)"));
    ir_attr mx = op_test_attr_string("mode", "mirror");
    CHECK(tt_infer_fails("Pad", 13, &mx, 1, in, 2, 1, "attribute 'mode' is 'mirror'"));
    int64_t big[] = {-3, 0, 0, 0};
    ir_tensor bad2[2] = {xm, TT_I64(4, big)};
    CHECK(tt_infer_fails("Pad", 13, NULL, 0, bad2, 2, 1, "negative"));
    ir_tensor bad3[3] = {xm, TT_I64(4, pads), in[2]};
    CHECK(tt_infer_fails("Pad", 13, NULL, 0, bad3, 3, 1, "input 2 'constant_value' has dtype float32"));
}

static void test_compress_nonzero_onehot(void)
{
    float m[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor xm = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, m);
    uint8_t c[2] = {0, 1};
    ir_tensor cond = op_test_tensor(GE_DTYPE_BOOL, 1, (int64_t[]){2}, c);
    ir_attr a0 = op_test_attr_int("axis", 0);
    ir_tensor in[2] = {xm, cond};
    CHECK(tt_run_close("Compress", 11, &a0, 1, in, 2, (float[]){3, 4}, 2, 2, (int64_t[]){1, 2}));
    CHECK(tt_run_close("Compress", 9, NULL, 0, in, 2, (float[]){2}, 1, 1, (int64_t[]){1}));
    ir_attr a1 = op_test_attr_int("axis", -1);
    CHECK(tt_run_close("Compress", 11, &a1, 1, in, 2, (float[]){2, 4, 6}, 3, 2, (int64_t[]){3, 1}));
    op_value out[1];
    CHECK_EQ(op_test_infer("Compress", 11, &a1, 1, in, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, 3, -1));

    int32_t nz[6] = {0, 3, 0, 0, -1, 2};
    ir_tensor x = op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 3}, nz);
    CHECK(tt_run_i64("NonZero", 13, NULL, 0, &x, 1, (int64_t[]){0, 1, 1, 1, 1, 2}, 6, 2, (int64_t[]){2, 3}));
    CHECK_EQ(op_test_infer("NonZero", 13, NULL, 0, &x, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, 2, -1));
    /* the kernel allocates its output when the shape was not known */
    ir_tensor y = {.dtype = GE_DTYPE_INT64};
    op_kernel_ctx kc = {.node = {.name = "nz", .schema = op_registry_find(OP_DOMAIN_ONNX, "NonZero", 13), .opset = 13},
                        .n_inputs = 1, .inputs = &x, .n_outputs = 1, .outputs = &y};
    CHECK_EQ(kc.node.schema->kernel(&kc), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&y.shape, 2, 2, 3) && op_test_equal_i64(&y, (int64_t[]){0, 1, 1, 1, 1, 2}, 6));
    ir_tensor_free_data(&y);

    int64_t idx[3] = {0, -1, 5};
    float depth = 3, vals[2] = {-1, 7};
    ir_tensor oh[3] = {TT_I64(3, idx), op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &depth),
                       op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, vals)};
    CHECK(tt_run_close("OneHot", 11, NULL, 0, oh, 3, (float[]){7, -1, -1, -1, -1, 7, -1, -1, -1}, 9, 2,
                       (int64_t[]){3, 3}));
    CHECK(tt_run_close("OneHot", 11, &a0, 1, oh, 3, (float[]){7, -1, -1, -1, -1, -1, -1, 7, -1}, 9, 2,
                       (int64_t[]){3, 3}));
    ir_attr a9 = op_test_attr_int("axis", 2);
    CHECK(tt_infer_fails("OneHot", 11, &a9, 1, oh, 3, 1, "attribute 'axis' 2 is out of range"));
}

int main(void)
{
    RUN_TEST(test_slice);
    RUN_TEST(test_gather);
    RUN_TEST(test_pad);
    RUN_TEST(test_compress_nonzero_onehot);
    return test_result();
}

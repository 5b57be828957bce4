#include "data/tensor_ops_cases.h"
#include "tensor_test_util.h"

static float seq[24] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23};

static void test_reshape(void)
{
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, 3, 4}, seq);
    int64_t sh[] = {0, -1, 2};
    ir_tensor in[2] = {x, TT_I64(3, sh)};
    CHECK(tt_run_close("Reshape", 13, NULL, 0, in, 2, seq, 24, 3, (int64_t[]){2, 6, 2}));
    ir_attr sa = op_test_attr_ints("shape", 2, (int64_t[]){4, -1});
    CHECK(tt_run_close("Reshape", 1, &sa, 1, &x, 1, seq, 24, 2, (int64_t[]){4, 6}));
    /* allowzero: 0 is a real zero dim */
    ir_tensor e = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){0, 3}, NULL);
    int64_t z[] = {3, 0};
    ir_attr az = op_test_attr_int("allowzero", 1);
    op_value out[1];
    CHECK_EQ(op_test_infer("Reshape", 14, &az, 1, (ir_tensor[]){e, TT_I64(2, z)}, 2, out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, 3, 0));
    /* unknown shape value: rank from the shape input's length */
    ir_tensor shu = op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){3}, NULL);
    CHECK_EQ(op_test_infer("Reshape", 13, NULL, 0, (ir_tensor[]){x, shu}, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, -1, -1, -1));
    /* unknown input dim with -1 stays unknown; 0 copies the unknown dim */
    ir_tensor xu = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){-1, 4}, NULL);
    int64_t s2[] = {0, 2, -1};
    CHECK_EQ(op_test_infer("Reshape", 13, NULL, 0, (ir_tensor[]){xu, TT_I64(3, s2)}, 2, out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, -1, 2, -1));
    int64_t bad1[] = {5, -1}, bad2[] = {-1, -1}, bad3[] = {7, 3}, bad4[] = {0, -1};
    CHECK(tt_infer_fails("Reshape", 13, NULL, 0, (ir_tensor[]){x, TT_I64(2, bad1)}, 2, 1, "cannot reshape 24 elements"));
    CHECK(tt_infer_fails("Reshape", 13, NULL, 0, (ir_tensor[]){x, TT_I64(2, bad2)}, 2, 1, "more than one -1"));
    CHECK(tt_infer_fails("Reshape", 13, NULL, 0, (ir_tensor[]){x, TT_I64(2, bad3)}, 2, 1, "to 21 elements"));
    CHECK(tt_infer_fails("Reshape", 14, &az, 1, (ir_tensor[]){x, TT_I64(2, bad4)}, 2, 1, "both 0 and -1"));
}

static void test_flatten_squeeze_unsqueeze(void)
{
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, 3, 4}, seq);
    ir_attr a = op_test_attr_int("axis", -1);
    CHECK(tt_run_close("Flatten", 13, &a, 1, &x, 1, seq, 24, 2, (int64_t[]){6, 4}));
    ir_attr a0 = op_test_attr_int("axis", 0);
    CHECK(tt_run_close("Flatten", 9, &a0, 1, &x, 1, seq, 24, 2, (int64_t[]){1, 24}));
    CHECK(tt_run_close("Flatten", 1, NULL, 0, &x, 1, seq, 24, 2, (int64_t[]){2, 12}));
    ir_attr a9 = op_test_attr_int("axis", 4);
    CHECK(tt_infer_fails("Flatten", 13, &a9, 1, &x, 1, 1, "attribute 'axis' 4 is out of range"));

    ir_tensor s = op_test_tensor(GE_DTYPE_FLOAT32, 4, (int64_t[]){1, 6, 1, 4}, seq);
    CHECK(tt_run_close("Squeeze", 13, NULL, 0, &s, 1, seq, 24, 2, (int64_t[]){6, 4}));
    int64_t ax[] = {-2};
    CHECK(tt_run_close("Squeeze", 13, NULL, 0, (ir_tensor[]){s, TT_I64(1, ax)}, 2, seq, 24, 3, (int64_t[]){1, 6, 4}));
    ir_attr sa = op_test_attr_ints("axes", 1, (int64_t[]){0});
    CHECK(tt_run_close("Squeeze", 11, &sa, 1, &s, 1, seq, 24, 3, (int64_t[]){6, 1, 4}));
    ir_attr sb = op_test_attr_ints("axes", 1, (int64_t[]){1});
    CHECK(tt_infer_fails("Squeeze", 11, &sb, 1, &s, 1, 1, "cannot squeeze axis 1"));
    op_value out[1];
    ir_tensor su = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){-1, 1}, NULL);
    CHECK_EQ(op_test_infer("Squeeze", 13, NULL, 0, &su, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.rank, IR_RANK_UNKNOWN);

    int64_t ua[] = {0, -1};
    CHECK(tt_run_close("Unsqueeze", 13, NULL, 0, (ir_tensor[]){x, TT_I64(2, ua)}, 2, seq, 24, 5,
                       (int64_t[]){1, 2, 3, 4, 1}));
    ir_attr uattr = op_test_attr_ints("axes", 2, (int64_t[]){1, 3});
    CHECK(tt_run_close("Unsqueeze", 11, &uattr, 1, &x, 1, seq, 24, 5, (int64_t[]){2, 1, 3, 1, 4}));
    ir_attr ubad = op_test_attr_ints("axes", 1, (int64_t[]){4});
    CHECK(tt_infer_fails("Unsqueeze", 11, &ubad, 1, &x, 1, 1, "axis 4 is out of range"));
    CHECK(tt_infer_fails("Unsqueeze", 11, NULL, 0, &x, 1, 1, "axes are required"));
}

static void test_transpose(void)
{
    ir_tensor x = TT_GEN(g_x);
    ir_attr p = op_test_attr_ints("perm", 3, (int64_t[]){2, 0, 1});
    CHECK(TT_RUN_GEN("Transpose", 13, &p, 1, &x, 1, g_transpose_201));
    float m[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor xm = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}, m);
    CHECK(tt_run_close("Transpose", 1, NULL, 0, &xm, 1, (float[]){1, 4, 2, 5, 3, 6}, 6, 2, (int64_t[]){3, 2}));
    int8_t i8[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor x8 = op_test_tensor(GE_DTYPE_INT8, 2, (int64_t[]){2, 3}, i8);
    CHECK(tt_run_i64("Transpose", 21, NULL, 0, &x8, 1, (int64_t[]){1, 4, 2, 5, 3, 6}, 6, 2, (int64_t[]){3, 2}));
    ir_attr bad = op_test_attr_ints("perm", 3, (int64_t[]){0, 0, 1});
    CHECK(tt_infer_fails("Transpose", 13, &bad, 1, &x, 1, 1, "repeated"));
    ir_attr shortp = op_test_attr_ints("perm", 2, (int64_t[]){0, 1});
    CHECK(tt_infer_fails("Transpose", 13, &shortp, 1, &x, 1, 1, "has 2 entries"));
}

static void test_concat_split(void)
{
    float a[4] = {1, 2, 3, 4}, b[2] = {5, 6};
    ir_tensor ta = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 2}, a);
    ir_tensor tb = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 1}, b);
    ir_attr ax = op_test_attr_int("axis", -1);
    CHECK(tt_run_close("Concat", 13, &ax, 1, (ir_tensor[]){ta, tb}, 2, (float[]){1, 2, 5, 3, 4, 6}, 6, 2,
                       (int64_t[]){2, 3}));
    ir_attr ax0 = op_test_attr_int("axis", 0);
    CHECK(tt_infer_fails("Concat", 13, &ax0, 1, (ir_tensor[]){ta, tb}, 2, 1, "input 1 has dim 1 = 1"));
    CHECK(tt_infer_fails("Concat", 13, NULL, 0, (ir_tensor[]){ta, tb}, 2, 1, "'axis' is required"));
    op_value out[4];
    ir_tensor tu = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, -1}, NULL);
    CHECK_EQ(op_test_infer("Concat", 11, &ax, 1, (ir_tensor[]){ta, tu}, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, 2, -1));

    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 5}, seq);
    ir_attr sax = op_test_attr_int("axis", 1);
    ir_tensor ys[3];
    int64_t sp[] = {1, 4};
    CHECK_EQ(op_test_run("Split", 13, &sax, 1, (ir_tensor[]){x, TT_I64(2, sp)}, 2, ys, 2), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&ys[0].shape, 2, 2, 1) && op_test_close(&ys[0], (float[]){0, 5}, 2, 0, 0));
    CHECK(TT_SHAPE(&ys[1].shape, 2, 2, 4) && op_test_close(&ys[1], (float[]){1, 2, 3, 4, 6, 7, 8, 9}, 8, 0, 0));
    ir_tensor_free_data(&ys[0]);
    ir_tensor_free_data(&ys[1]);
    /* num_outputs with an uneven last chunk (opset 18) */
    ir_attr no[2] = {sax, op_test_attr_int("num_outputs", 3)};
    CHECK_EQ(op_test_run("Split", 18, no, 2, &x, 1, ys, 3), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&ys[0].shape, 2, 2, 2) && TT_SHAPE(&ys[1].shape, 2, 2, 2) && TT_SHAPE(&ys[2].shape, 2, 2, 1));
    CHECK(op_test_close(&ys[2], (float[]){4, 9}, 2, 0, 0));
    for (int k = 0; k < 3; k++)
        ir_tensor_free_data(&ys[k]);
    /* attribute split (opset 11), equal split (opset 2) */
    ir_attr sattr[2] = {sax, op_test_attr_ints("split", 2, (int64_t[]){3, 2})};
    CHECK_EQ(op_test_run("Split", 11, sattr, 2, &x, 1, ys, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&ys[1], (float[]){3, 4, 8, 9}, 4, 0, 0));
    ir_tensor_free_data(&ys[0]);
    ir_tensor_free_data(&ys[1]);
    CHECK_EQ(op_test_run("Split", 2, NULL, 0, &x, 1, ys, 2), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&ys[1].shape, 2, 1, 5) && op_test_close(&ys[1], (float[]){5, 6, 7, 8, 9}, 5, 0, 0));
    ir_tensor_free_data(&ys[0]);
    ir_tensor_free_data(&ys[1]);
    CHECK(tt_infer_fails("Split", 13, &sax, 1, &x, 1, 2, "does not split evenly"));
    ir_tensor both_in[2] = {x, TT_I64(2, sp)};
    CHECK(tt_infer_fails("Split", 18, no, 2, both_in, 2, 2, "expected one"));
    int64_t badsp[] = {1, 3};
    CHECK(tt_infer_fails("Split", 13, &sax, 1, (ir_tensor[]){x, TT_I64(2, badsp)}, 2, 2, "sum to 4"));
}

static void test_expand_tile(void)
{
    ir_tensor e = TT_GEN(g_expand_in);
    int64_t sh[] = {2, 1, 4};
    ir_tensor ein[2] = {e, TT_I64(3, sh)};
    CHECK(TT_RUN_GEN("Expand", 13, NULL, 0, ein, 2, g_expand_234));
    int64_t bad[] = {2, 4};
    CHECK(tt_infer_fails("Expand", 8, NULL, 0, (ir_tensor[]){e, TT_I64(2, bad)}, 2, 1, "do not broadcast"));
    ir_tensor x = TT_GEN(g_x);
    int64_t rep[] = {1, 2, 2};
    ir_tensor tin[2] = {x, TT_I64(3, rep)};
    CHECK(TT_RUN_GEN("Tile", 13, NULL, 0, tin, 2, g_tile_122));
    int64_t rep2[] = {2, 2};
    CHECK(tt_infer_fails("Tile", 13, NULL, 0, (ir_tensor[]){x, TT_I64(2, rep2)}, 2, 1, "has 2 entries"));
    uint8_t bv[2] = {1, 0};
    ir_tensor xb = op_test_tensor(GE_DTYPE_BOOL, 1, (int64_t[]){2}, bv);
    int64_t r3[] = {3};
    CHECK(tt_run_i64("Tile", 6, NULL, 0, (ir_tensor[]){xb, TT_I64(1, r3)}, 2, (int64_t[]){1, 0, 1, 0, 1, 0}, 6, 1,
                     (int64_t[]){6}));
}

/* set_output_value callback for the tests: keeps the tensor in ctx->user. */
static ge_status keep_value(op_infer_ctx *ctx, size_t index, ir_tensor *value)
{
    (void)index;
    ir_tensor *slot = ctx->user;
    *slot = *value;
    return GE_STATUS_SUCCESS;
}

static void test_shape_size(void)
{
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, "Shape", 15);
    op_value in = {.present = true, .dtype = GE_DTYPE_FLOAT32};
    ir_shape_make(&in.shape, 4, (int64_t[]){-1, 3, 5, 7});
    op_value out = {0};
    ir_tensor kept = {0};
    ir_attr st = op_test_attr_int("start", -3);
    op_infer_ctx ic = {.node = {.name = "shape", .schema = s, .opset = 15, .attrs = &st, .n_attrs = 1},
                       .n_inputs = 1, .inputs = &in, .n_outputs = 1, .outputs = &out,
                       .set_output_value = keep_value, .user = &kept};
    CHECK_EQ(s->infer(&ic), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out.shape, 1, 3));
    CHECK(kept.data && op_test_equal_i64(&kept, (int64_t[]){3, 5, 7}, 3));
    ir_tensor_free_data(&kept);
    /* the unknown leading dim: no value */
    ic.node.n_attrs = 0;
    CHECK_EQ(s->infer(&ic), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out.shape, 1, 4));
    CHECK(kept.data == NULL);

    ir_tensor x = TT_GEN(g_x);
    CHECK(tt_run_i64("Shape", 13, NULL, 0, &x, 1, (int64_t[]){2, 3, 4}, 3, 1, (int64_t[]){3}));
    ir_attr se[2] = {op_test_attr_int("start", 1), op_test_attr_int("end", 100)};
    CHECK(tt_run_i64("Shape", 19, se, 2, &x, 1, (int64_t[]){3, 4}, 2, 1, (int64_t[]){2}));
    ir_attr rev[2] = {op_test_attr_int("start", 2), op_test_attr_int("end", 1)};
    CHECK(tt_run_i64("Shape", 15, rev, 2, &x, 1, NULL, 0, 1, (int64_t[]){0}));
    CHECK(tt_run_i64("Size", 13, NULL, 0, &x, 1, (int64_t[]){24}, 1, 0, NULL));
}

static void test_constants(void)
{
    int64_t sh[] = {2, 3};
    int32_t seven = 7;
    ir_attr v = {.name = "value", .kind = IR_ATTR_TENSOR, .t = op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){1}, &seven)};
    CHECK(tt_run_i64("ConstantOfShape", 9, &v, 1, (ir_tensor[]){TT_I64(2, sh)}, 1, (int64_t[]){7, 7, 7, 7, 7, 7}, 6,
                     2, (int64_t[]){2, 3}));
    ir_tensor y;
    CHECK_EQ(op_test_run("ConstantOfShape", 20, NULL, 0, (ir_tensor[]){TT_I64(2, sh)}, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(y.dtype, GE_DTYPE_FLOAT32);
    CHECK(op_test_close(&y, (float[]){0, 0, 0, 0, 0, 0}, 6, 0, 0));
    ir_tensor_free_data(&y);
    int64_t neg[] = {2, -3};
    CHECK(tt_infer_fails("ConstantOfShape", 9, NULL, 0, (ir_tensor[]){TT_I64(2, neg)}, 1, 1, "entry 1 is -3"));

    ir_attr vf = op_test_attr_floats("value_floats", 3, (float[]){1.5f, -2, 3});
    CHECK(tt_run_close("Constant", 13, &vf, 1, NULL, 0, (float[]){1.5f, -2, 3}, 3, 1, (int64_t[]){3}));
    ir_attr vi = op_test_attr_int("value_int", 42);
    CHECK(tt_run_i64("Constant", 12, &vi, 1, NULL, 0, (int64_t[]){42}, 1, 0, NULL));
    float m[4] = {1, 2, 3, 4};
    ir_attr vt = {.name = "value", .kind = IR_ATTR_TENSOR, .t = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 2}, m)};
    CHECK(tt_run_close("Constant", 1, &vt, 1, NULL, 0, m, 4, 2, (int64_t[]){2, 2}));
    CHECK(tt_infer_fails("Constant", 13, NULL, 0, NULL, 0, 1, "has none of the attributes"));
    CHECK(tt_infer_fails("Constant", 13, (ir_attr[]){vf, vi}, 2, NULL, 0, 1, "expected exactly one"));
    ir_attr vs = op_test_attr_string("value_string", "hi");
    CHECK(tt_infer_fails("Constant", 13, &vs, 1, NULL, 0, 1, "'value_string' is not supported"));
}

static void test_range(void)
{
    float s = 1, l = 2.2f, d = 0.3f;
    ir_tensor in[3] = {op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &s), op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &l),
                       op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &d)};
    CHECK(tt_run_close("Range", 11, NULL, 0, in, 3, (float[]){1, 1.3f, 1.6f, 1.9f}, 4, 1, (int64_t[]){4}));
    int32_t is = 10, il = 3, id = -3;
    ir_tensor ii[3] = {op_test_tensor(GE_DTYPE_INT32, 0, NULL, &is), op_test_tensor(GE_DTYPE_INT32, 0, NULL, &il),
                       op_test_tensor(GE_DTYPE_INT32, 0, NULL, &id)};
    CHECK(tt_run_i64("Range", 11, NULL, 0, ii, 3, (int64_t[]){10, 7, 4}, 3, 1, (int64_t[]){3}));
    int32_t up = 5;
    ir_tensor empty[3] = {ii[0], op_test_tensor(GE_DTYPE_INT32, 0, NULL, &up), ii[2]};
    empty[1].data = &up;
    int32_t pos = 3;
    empty[2] = op_test_tensor(GE_DTYPE_INT32, 0, NULL, &pos);
    CHECK(tt_run_i64("Range", 11, NULL, 0, empty, 3, NULL, 0, 1, (int64_t[]){0}));
    int32_t zero = 0;
    ir_tensor z[3] = {ii[0], ii[1], op_test_tensor(GE_DTYPE_INT32, 0, NULL, &zero)};
    CHECK(tt_infer_fails("Range", 11, NULL, 0, z, 3, 1, "must be non-zero"));
    ir_tensor mixed[3] = {in[0], ii[1], ii[2]};
    CHECK(tt_infer_fails("Range", 11, NULL, 0, mixed, 3, 1, "input 1 has dtype int32"));
    op_value out[1];
    CHECK_EQ(op_test_infer("Range", 11, NULL, 0, in, 3, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 1, -1));
}

static void test_eyelike_trilu(void)
{
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 4}, seq);
    ir_attr a[2] = {op_test_attr_int("k", 1), op_test_attr_int("dtype", 7)};
    CHECK(tt_run_i64("EyeLike", 9, a, 2, &x, 1, (int64_t[]){0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, 12, 2,
                     (int64_t[]){3, 4}));
    ir_attr bd = op_test_attr_int("dtype", 8);
    CHECK(tt_infer_fails("EyeLike", 9, &bd, 1, &x, 1, 1, "output dtype string is not supported"));
    CHECK(tt_run_close("Trilu", 14, NULL, 0, &x, 1, (float[]){0, 1, 2, 3, 0, 5, 6, 7, 0, 0, 10, 11}, 12, 2,
                       (int64_t[]){3, 4}));
    int64_t k = -1;
    ir_attr lo = op_test_attr_int("upper", 0);
    CHECK(tt_run_close("Trilu", 14, &lo, 1, (ir_tensor[]){x, TT_SCALAR_I64(&k)}, 2,
                       (float[]){0, 0, 0, 0, 4, 0, 0, 0, 8, 9, 0, 0}, 12, 2, (int64_t[]){3, 4}));
    ir_tensor v = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, seq);
    CHECK(tt_infer_fails("Trilu", 14, NULL, 0, &v, 1, 1, "expected at least 2"));
}

int main(void)
{
    RUN_TEST(test_reshape);
    RUN_TEST(test_flatten_squeeze_unsqueeze);
    RUN_TEST(test_transpose);
    RUN_TEST(test_concat_split);
    RUN_TEST(test_expand_tile);
    RUN_TEST(test_shape_size);
    RUN_TEST(test_constants);
    RUN_TEST(test_range);
    RUN_TEST(test_eyelike_trilu);
    return test_result();
}

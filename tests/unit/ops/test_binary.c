/* Binary arithmetic ops: broadcasting inference, dtype rules per opset, integer semantics,
 * hand-worked and numpy-generated kernel cases. */
#include "ew_test.h"

#include "data/ew_binary_cases.h"

static void test_generated(void)
{
    EW_RUN_CASES(ew_binary_cases);
}

static void test_infer_broadcast(void)
{
    op_value out;
    ir_tensor in[2] = {ew_shape_only(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, 1, 4}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 1})};
    CHECK_EQ(ew_infer("Add", 14, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 3, (int64_t[]){2, 3, 4}));
    /* unknown dims: a known dim > 1 wins, 1 vs ? stays unknown */
    in[1] = ew_shape_only(GE_DTYPE_FLOAT32, 3, (int64_t[]){-1, -1, 1});
    CHECK_EQ(ew_infer("Mul", 14, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 3, (int64_t[]){2, -1, 4}));
    in[1] = ew_unknown_rank(GE_DTYPE_FLOAT32);
    CHECK_EQ(ew_infer("Sub", 14, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.shape.rank, IR_RANK_UNKNOWN);
    /* scalar with vector */
    in[0] = ew_shape_only(GE_DTYPE_INT64, 0, NULL);
    in[1] = ew_shape_only(GE_DTYPE_INT64, 1, (int64_t[]){7});
    CHECK_EQ(ew_infer("Div", 14, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 1, (int64_t[]){7}));
    CHECK_EQ(out.dtype, GE_DTYPE_INT64);
}

static void test_infer_rejects(void)
{
    op_value out;
    ir_tensor in[2] = {ew_shape_only(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){4})};
    CHECK_EQ(ew_infer("Add", 14, NULL, 0, in, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "do not broadcast");
    in[1] = ew_shape_only(GE_DTYPE_FLOAT64, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Add", 14, NULL, 0, in, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 has dtype float64; expected float32 (the dtype of input 0)");
    /* int8 arrived at opset 14 */
    ir_tensor i8[2] = {ew_shape_only(GE_DTYPE_INT8, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_INT8, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Mul", 13, NULL, 0, i8, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 0 (input) has dtype int8; expected one of");
    CHECK_EQ(ew_infer("Mul", 14, NULL, 0, i8, 2, &out), GE_STATUS_SUCCESS);
    ir_tensor b[2] = {ew_shape_only(GE_DTYPE_BOOL, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_BOOL, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Add", 14, NULL, 0, b, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "bool");
    CHECK_EQ(ew_infer("Add", 14, NULL, 0, in, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "has 1 inputs; expected 2 to 2");
}

static void test_pow_dtypes(void)
{
    op_value out;
    ir_tensor in[2] = {ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}),
                       ew_shape_only(GE_DTYPE_INT64, 2, (int64_t[]){2, 1})};
    CHECK_EQ(ew_infer("Pow", 12, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.dtype, GE_DTYPE_FLOAT32);
    CHECK(ew_shape_is(&out.shape, 2, (int64_t[]){2, 3}));
    CHECK_EQ(ew_infer("Pow", 11, NULL, 0, in, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "Y");
    in[1] = ew_shape_only(GE_DTYPE_BFLOAT16, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Pow", 14, NULL, 0, in, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 (Y) has dtype bfloat16");
    CHECK_EQ(ew_infer("Pow", 15, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    in[0] = ew_shape_only(GE_DTYPE_UINT8, 1, (int64_t[]){3});
    CHECK_EQ(ew_infer("Pow", 15, NULL, 0, in, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 0 (X) has dtype uint8");
}

static void test_integer_semantics(void)
{
    int32_t a[] = {7, -7, 7, -7, INT32_MIN, 5};
    int32_t b[] = {2, 2, -2, -2, -1, 0};
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){6}, a),
                       op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){6}, b)},
              y;
    CHECK_EQ(op_test_run("Div", 14, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){3, -3, -3, 3, INT32_MIN, 0}, 6));
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Mod", 13, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){1, 1, -1, -1, 0, 0}, 6));
    ir_tensor_free_data(&y);
    ir_attr fm = op_test_attr_int("fmod", 1);
    CHECK_EQ(op_test_run("Mod", 13, &fm, 1, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){1, -1, 1, -1, 0, 0}, 6));
    ir_tensor_free_data(&y);
    int64_t a64[] = {INT64_MIN, INT64_MAX, 3};
    int64_t b64[] = {-1, 1, 1};
    ir_tensor in64[2] = {op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){3}, a64),
                         op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){3}, b64)};
    CHECK_EQ(op_test_run("Div", 14, NULL, 0, in64, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){INT64_MIN, INT64_MAX, 3}, 3));
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Add", 14, NULL, 0, in64, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){INT64_MAX, INT64_MIN, 4}, 3));
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Mul", 14, NULL, 0, in64, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){INT64_MIN, INT64_MAX, 3}, 3));
    ir_tensor_free_data(&y);
    /* integer Pow: exact beyond 2^53, negative exponents */
    int64_t pb[] = {3, 2, -1, 1, 5, 0};
    int64_t pe[] = {39, -1, -3, -5, 0, 0};
    ir_tensor pin[2] = {op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){6}, pb),
                        op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){6}, pe)};
    CHECK_EQ(op_test_run("Pow", 15, NULL, 0, pin, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){4052555153018976267LL, 0, -1, 1, 1, 1}, 6));
    ir_tensor_free_data(&y);
}

static void test_float_division(void)
{
    float a[] = {1.0f, -1.0f, 0.0f, 5.5f};
    float b[] = {0.0f, 0.0f, 0.0f, 2.0f};
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, a),
                       op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, b)},
              y;
    CHECK_EQ(op_test_run("Div", 7, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    const float *r = y.data;
    CHECK(r[0] == INFINITY && r[1] == -INFINITY && isnan(r[2]) && r[3] == 2.75f);
    ir_tensor_free_data(&y);
    ir_attr fm = op_test_attr_int("fmod", 1);
    CHECK_EQ(op_test_run("Mod", 10, &fm, 1, in, 2, &y, 1), GE_STATUS_SUCCESS);
    r = y.data;
    CHECK(isnan(r[0]) && isnan(r[1]) && r[3] == 1.5f);
    ir_tensor_free_data(&y);
}

static void test_mod_bitshift_attrs(void)
{
    op_value out;
    ir_tensor f[2] = {ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Mod", 13, NULL, 0, f, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "fmod=0 requires integer inputs");
    ir_attr bad = op_test_attr_int("fmod", 2);
    CHECK_EQ(ew_infer("Mod", 13, &bad, 1, f, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'fmod' is 2; expected 0 or 1");
    ir_tensor u[2] = {ew_shape_only(GE_DTYPE_UINT32, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_UINT32, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("BitShift", 11, NULL, 0, u, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "required attribute 'direction' (string) is missing");
    ir_attr d = op_test_attr_string("direction", "UP");
    CHECK_EQ(ew_infer("BitShift", 11, &d, 1, u, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'direction' is \"UP\"; expected \"LEFT\" or \"RIGHT\"");
    ir_tensor s[2] = {ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3})};
    ir_attr l = op_test_attr_string("direction", "LEFT");
    CHECK_EQ(ew_infer("BitShift", 11, &l, 1, s, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
}

static void test_prelu_shapes(void)
{
    op_value out;
    ir_tensor in[2] = {ew_shape_only(GE_DTYPE_FLOAT32, 4, (int64_t[]){1, 3, 4, 4}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 3, (int64_t[]){3, 1, 1})};
    CHECK_EQ(ew_infer("PRelu", 16, NULL, 0, in, 2, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 4, (int64_t[]){1, 3, 4, 4}));
    /* slope larger than X is not unidirectional */
    in[1] = ew_shape_only(GE_DTYPE_FLOAT32, 4, (int64_t[]){2, 3, 1, 1});
    CHECK_EQ(ew_infer("PRelu", 16, NULL, 0, in, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "does not broadcast unidirectionally");
    in[1] = ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){5});
    CHECK_EQ(ew_infer("PRelu", 9, NULL, 0, in, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "broadcast");
}

static void test_kernel_shape_mismatch(void)
{
    /* A kernel handed an output that the inputs do not broadcast to refuses it. */
    float a[6] = {0}, b[4] = {0};
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){6}, a),
                       op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, b)};
    ir_tensor y;
    ir_shape s;
    ir_shape_make(&s, 1, (int64_t[]){6});
    CHECK_EQ(ir_tensor_alloc(&y, GE_DTYPE_FLOAT32, &s), GE_STATUS_SUCCESS);
    const op_schema *sc = op_registry_find(OP_DOMAIN_ONNX, "Add", 14);
    op_kernel_ctx kc = {.node = {.name = "bad", .schema = sc, .opset = 14}, .n_inputs = 2, .inputs = in,
                        .n_outputs = 1, .outputs = &y};
    CHECK_EQ(sc->kernel(&kc), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "Add node 'bad': input 1 of shape [4] does not broadcast to the output shape [6]");
    ir_tensor_free_data(&y);
}

static void test_legacy_broadcast(void)
{
    float a[24], b3[3] = {100, 200, 300}, b4[4] = {1, 2, 3, 4};
    for (int i = 0; i < 24; i++)
        a[i] = (float)i;
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, 3, 4}, a),
                       op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, b3)},
              y;
    ir_attr at[2] = {op_test_attr_int("broadcast", 1), op_test_attr_int("axis", 1)};
    CHECK_EQ(op_test_run("Add", 6, at, 2, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&y.shape, 3, (int64_t[]){2, 3, 4}));
    const float *r = y.data;
    CHECK(r[0] == 100 && r[4] == 204 && r[11] == 311 && r[12] == 112 && r[23] == 323);
    ir_tensor_free_data(&y);
    /* default axis: trailing dims */
    in[1] = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, b4);
    CHECK_EQ(op_test_run("Mul", 1, at, 1, in, 2, &y, 1), GE_STATUS_SUCCESS);
    r = y.data;
    CHECK(r[1] == 2 && r[3] == 12 && r[23] == 92);
    ir_tensor_free_data(&y);
    /* without broadcast=1 shapes must match */
    CHECK_EQ(op_test_run("Sub", 6, NULL, 0, in, 2, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "without attribute broadcast=1 they must be equal");
    /* B does not fit at the axis */
    in[1] = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, b3);
    CHECK_EQ(op_test_run("Div", 6, at, 1, in, 2, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "does not fit input 0 of shape [2,3,4] at axis 2");
    /* comparisons and logical ops of opset 1 */
    CHECK_EQ(op_test_run("Less", 1, at, 2, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(y.dtype, GE_DTYPE_BOOL);
    CHECK(((uint8_t *)y.data)[0] == 1);
    ir_tensor_free_data(&y);
    uint8_t ba[4] = {1, 0, 1, 0}, bb[2] = {1, 0};
    ir_tensor bin[2] = {op_test_tensor(GE_DTYPE_BOOL, 2, (int64_t[]){2, 2}, ba),
                        op_test_tensor(GE_DTYPE_BOOL, 1, (int64_t[]){2}, bb)};
    CHECK_EQ(op_test_run("And", 1, at, 1, bin, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){1, 0, 1, 0}, 4));
    ir_tensor_free_data(&y);
    /* opset 6 takes int32, opset 1 does not */
    op_value out;
    ir_tensor ii[2] = {ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3}), ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Add", 6, NULL, 0, ii, 2, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(ew_infer("Add", 5, NULL, 0, ii, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
    ir_tensor un[2] = {ew_unknown_rank(GE_DTYPE_FLOAT32), ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){3})};
    CHECK_EQ(ew_infer("Pow", 1, at, 1, un, 2, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.shape.rank, IR_RANK_UNKNOWN);
}

int main(void)
{
    RUN_TEST(test_legacy_broadcast);
    RUN_TEST(test_generated);
    RUN_TEST(test_infer_broadcast);
    RUN_TEST(test_infer_rejects);
    RUN_TEST(test_pow_dtypes);
    RUN_TEST(test_integer_semantics);
    RUN_TEST(test_float_division);
    RUN_TEST(test_mod_bitshift_attrs);
    RUN_TEST(test_prelu_shapes);
    RUN_TEST(test_kernel_shape_mismatch);
    return test_result();
}

#include "data/x2_misc.h"
#include "x2_test.h"

static void test_cumprod(void)
{
    ir_tensor x = X2_F(cp_x);
    int64_t a1 = 1, a2 = -1;
    ir_tensor in1[2] = {x, TT_SCALAR_I64(&a1)}, in2[2] = {x, TT_SCALAR_I64(&a2)};
    CHECK(X2_RUN_F("CumProd", 26, NULL, 0, in1, 2, GE_DTYPE_FLOAT32, cp_a1, 1e-6));
    ir_attr ex = op_test_attr_int("exclusive", 1), rv = op_test_attr_int("reverse", 1), both[2] = {ex, rv};
    CHECK(X2_RUN_F("CumProd", 26, &ex, 1, in1, 2, GE_DTYPE_FLOAT32, cp_a1_excl, 1e-6));
    CHECK(X2_RUN_F("CumProd", 28, &rv, 1, in2, 2, GE_DTYPE_FLOAT32, cp_a2_rev, 1e-6));
    CHECK(X2_RUN_F("CumProd", 26, both, 2, in2, 2, GE_DTYPE_FLOAT32, cp_a2_rev_excl, 1e-6));
    int32_t iv[5] = {1, 2, 3, 4, 5}, z = 0;
    ir_tensor ii[2] = {op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){5}, iv), op_test_tensor(GE_DTYPE_INT32, 0, NULL, &z)};
    CHECK(tt_run_i64("CumProd", 26, &ex, 1, ii, 2, (int64_t[]){1, 1, 2, 6, 24}, 5, 1, (int64_t[]){5}));
    CHECK(tt_run_i64("CumProd", 26, both, 2, ii, 2, (int64_t[]){120, 60, 20, 5, 1}, 5, 1, (int64_t[]){5}));
    int64_t three = 3;
    ir_tensor bad[2] = {x, TT_SCALAR_I64(&three)};
    CHECK(tt_infer_fails("CumProd", 26, NULL, 0, bad, 2, 1, "input 1 'axis' 3 is out of range for rank 3"));
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "CumProd", 25) == NULL);
}

static bool run_typed2(const char *op, ge_dtype dt, const ir_tensor *in, size_t n, const ir_tensor *exp)
{
    return x2_run_typed(op, 18, NULL, 0, in, n, dt, exp);
}

static void test_bitwise(void)
{
    ir_tensor a16[2] = {X2_T(GE_DTYPE_INT16, bw_a16), X2_T(GE_DTYPE_INT16, bw_b16)};
    CHECK(run_typed2("BitwiseAnd", GE_DTYPE_INT16, a16, 2, (const ir_tensor[]){X2_T(GE_DTYPE_INT16, bw_and16)}));
    CHECK(run_typed2("BitwiseOr", GE_DTYPE_INT16, a16, 2, (const ir_tensor[]){X2_T(GE_DTYPE_INT16, bw_or16)}));
    CHECK(run_typed2("BitwiseXor", GE_DTYPE_INT16, a16, 2, (const ir_tensor[]){X2_T(GE_DTYPE_INT16, bw_xor16)}));
    CHECK(run_typed2("BitwiseNot", GE_DTYPE_INT16, a16, 1, (const ir_tensor[]){X2_T(GE_DTYPE_INT16, bw_not16)}));
    ir_tensor a8[2] = {X2_T(GE_DTYPE_UINT8, bw_a8), X2_T(GE_DTYPE_UINT8, bw_b8)};
    CHECK(run_typed2("BitwiseAnd", GE_DTYPE_UINT8, a8, 2, (const ir_tensor[]){X2_T(GE_DTYPE_UINT8, bw_and8)}));
    CHECK(run_typed2("BitwiseXor", GE_DTYPE_UINT8, a8, 2, (const ir_tensor[]){X2_T(GE_DTYPE_UINT8, bw_xor8)}));
    CHECK(run_typed2("BitwiseNot", GE_DTYPE_UINT8, a8, 1, (const ir_tensor[]){X2_T(GE_DTYPE_UINT8, bw_not8)}));
    /* uint64: compare bit patterns exactly */
    ir_tensor a64[2] = {X2_T(GE_DTYPE_UINT64, bw_a64), X2_T(GE_DTYPE_UINT64, bw_b64)}, y;
    CHECK_EQ(op_test_run("BitwiseOr", 18, NULL, 0, a64, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&y.shape, 2, 3, 2));
    CHECK(memcmp(y.data, bw_or64, sizeof bw_or64) == 0);
    ir_tensor_free_data(&y);
    /* errors: float inputs, mixed dtypes, shapes that do not broadcast */
    float f[2] = {1, 2};
    ir_tensor fl[2] = {op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, f), op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, f)};
    CHECK(tt_infer_fails("BitwiseAnd", 18, NULL, 0, fl, 2, 1, "float32"));
    ir_tensor mixed[2] = {a16[0], a8[1]};
    CHECK(tt_infer_fails("BitwiseOr", 18, NULL, 0, mixed, 2, 1, "uint8"));
    ir_tensor nb[2] = {a8[0], a8[0]};
    nb[1].shape.dims[3] = 3;
    CHECK(tt_infer_fails("BitwiseXor", 18, NULL, 0, nb, 2, 1, "broadcast"));
}

static void test_bitcast(void)
{
    ir_tensor x = X2_F(bc_f32);
    ir_attr to_i32 = op_test_attr_int("to", 6), to_u8 = op_test_attr_int("to", 2), to_f32 = op_test_attr_int("to", 1);
    CHECK(X2_RUN_T("BitCast", 26, &to_i32, 1, &x, 1, GE_DTYPE_INT32, bc_f32_as_i32));
    CHECK(X2_RUN_T("BitCast", 26, &to_u8, 1, &x, 1, GE_DTYPE_UINT8, bc_f32_as_u8));
    ir_tensor u8 = X2_T(GE_DTYPE_UINT8, bc_f32_as_u8);
    CHECK(X2_RUN_F("BitCast", 26, &to_f32, 1, &u8, 1, GE_DTYPE_FLOAT32, bc_f32, 0));
    /* bool <-> uint8, int8 -> uint8 */
    uint8_t bv[3] = {1, 0, 1};
    ir_tensor b = op_test_tensor(GE_DTYPE_BOOL, 1, (int64_t[]){3}, bv);
    CHECK(tt_run_i64("BitCast", 26, &to_u8, 1, &b, 1, (int64_t[]){1, 0, 1}, 3, 1, (int64_t[]){3}));
    int8_t iv[2] = {-1, -128};
    ir_tensor i8 = op_test_tensor(GE_DTYPE_INT8, 1, (int64_t[]){2}, iv);
    CHECK(tt_run_i64("BitCast", 26, &to_u8, 1, &i8, 1, (int64_t[]){255, 128}, 2, 1, (int64_t[]){2}));
    ir_attr f8 = op_test_attr_int("to", 18);
    CHECK(tt_infer_fails("BitCast", 26, &f8, 1, &x, 1, 1, "geflow has no FLOAT8E4M3FNUZ dtype"));
    ir_attr to_i64 = op_test_attr_int("to", 7);
    CHECK(tt_infer_fails("BitCast", 26, &to_i64, 1, &x, 1, 1, "needs a last dim of 2 to bitcast to int64"));
    CHECK(tt_infer_fails("BitCast", 26, NULL, 0, &x, 1, 1, "attribute 'to' is required"));
}

static bool check_unique(int opset, const ir_attr *at, size_t na, const ir_tensor *x, const ir_tensor *ey,
                         const int64_t *ei, size_t nu, const int64_t *ev, size_t nv, const int64_t *ec)
{
    ir_tensor y[4];
    if (op_test_run("Unique", opset, at, na, x, 1, y, 4) != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  Unique: %s\n", ge_error_take());
        return false;
    }
    int64_t n = ir_tensor_numel(ey);
    int64_t *e = malloc(sizeof(int64_t) * (size_t)n);
    for (int64_t i = 0; i < n; i++)
        e[i] = op_load_i64(ey->data, ey->dtype, (size_t)i);
    bool ok = x2_check_i(&y[0], ey->dtype, e, (size_t)n, ey->shape.rank, ey->shape.dims) &&
              (!ei || op_test_equal_i64(&y[1], ei, nu)) && op_test_equal_i64(&y[2], ev, nv) &&
              op_test_equal_i64(&y[3], ec, nu);
    free(e);
    for (int i = 0; i < 4; i++)
        ir_tensor_free_data(&y[i]);
    return ok;
}

static void test_unique(void)
{
    ir_tensor x1 = X2_F(uq_x1);
    CHECK(check_unique(11, NULL, 0, &x1, (const ir_tensor[]){X2_F(uq_y1)}, uq_i1, uq_i1_n, uq_v1, uq_v1_n, uq_c1));
    ir_attr uns = op_test_attr_int("sorted", 0);
    CHECK(check_unique(11, &uns, 1, &x1, (const ir_tensor[]){X2_F(uq_y1u)}, uq_i1u, uq_i1u_n, uq_v1u, uq_v1u_n, uq_c1u));
    ir_tensor x2 = X2_T(GE_DTYPE_INT64, uq_x2);
    ir_attr ax0 = op_test_attr_int("axis", 0);
    CHECK(check_unique(11, &ax0, 1, &x2, (const ir_tensor[]){X2_T(GE_DTYPE_INT64, uq_y2)}, uq_i2, uq_i2_n, uq_v2,
                       uq_v2_n, uq_c2));
    ir_tensor x3 = X2_T(GE_DTYPE_INT32, uq_x3);
    ir_attr ax1 = op_test_attr_int("axis", 1);
    CHECK(check_unique(11, &ax1, 1, &x3, (const ir_tensor[]){X2_T(GE_DTYPE_INT32, uq_y3)}, uq_i3, uq_i3_n, uq_v3,
                       uq_v3_n, uq_c3));
    ir_attr neg_uns[2] = {op_test_attr_int("axis", -2), uns};
    ir_tensor y[4];
    CHECK_EQ(op_test_run("Unique", 11, neg_uns, 2, &x3, 1, y, 4), GE_STATUS_SUCCESS);
    CHECK(tt_shape_is(&y[0].shape, uq_y3u_rank, uq_y3u_shape));
    CHECK(op_test_equal_i64(&y[2], uq_v3u, uq_v3u_n));
    for (int i = 0; i < 4; i++)
        ir_tensor_free_data(&y[i]);
    /* one output only; inference with and without the value */
    CHECK_EQ(op_test_run("Unique", 11, NULL, 0, &x1, 1, y, 1), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&y[0].shape, 1, 4));
    ir_tensor_free_data(&y[0]);
    op_value out[4];
    CHECK_EQ(op_test_infer("Unique", 11, &ax0, 1, &x2, 1, out, 4, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, -1, 3));
    CHECK(TT_SHAPE(&out[2].shape, 1, 5));
    CHECK_EQ(out[1].dtype, GE_DTYPE_INT64);
    CHECK_EQ(op_test_infer("Unique", 11, &ax0, 1, &x2, 1, out, 4, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, 3, 3));
    ir_attr ax3 = op_test_attr_int("axis", 3);
    CHECK(tt_infer_fails("Unique", 11, &ax3, 1, &x3, 1, 4, "attribute 'axis' 3 is out of range for rank 3"));
}

static void test_reverse_sequence(void)
{
    ir_tensor in[2] = {X2_F(rs_x), X2_T(GE_DTYPE_INT64, rs_lens)};
    CHECK(X2_RUN_F("ReverseSequence", 10, NULL, 0, in, 2, GE_DTYPE_FLOAT32, rs_y, 0));
    ir_attr bm[2] = {op_test_attr_int("batch_axis", 0), op_test_attr_int("time_axis", 1)};
    ir_tensor ib[2] = {X2_T(GE_DTYPE_INT64, rs_xb), X2_T(GE_DTYPE_INT64, rs_lb)};
    CHECK(X2_RUN_T("ReverseSequence", 10, bm, 2, ib, 2, GE_DTYPE_INT64, rs_yb));
    ir_attr same[2] = {op_test_attr_int("batch_axis", 0), op_test_attr_int("time_axis", 0)};
    CHECK(tt_infer_fails("ReverseSequence", 10, same, 2, ib, 2, 1, "must be 0 and 1"));
    ir_tensor badl[2] = {in[0], X2_T(GE_DTYPE_INT64, rs_lb)};
    badl[1].shape.dims[0] = 2;
    CHECK(tt_infer_fails("ReverseSequence", 10, NULL, 0, badl, 2, 1, "input 1 'sequence_lens' has shape [2]; expected [3]"));
    int64_t big[3] = {5, 1, 1};
    ir_tensor ov[2] = {in[0], TT_I64(3, big)}, y;
    CHECK_EQ(op_test_run("ReverseSequence", 10, NULL, 0, ov, 2, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "sequence_lens[0] is 5; expected 0 to 4");
}

int main(void)
{
    RUN_TEST(test_cumprod);
    RUN_TEST(test_bitwise);
    RUN_TEST(test_bitcast);
    RUN_TEST(test_unique);
    RUN_TEST(test_reverse_sequence);
    return test_result();
}

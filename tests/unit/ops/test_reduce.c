#include "data/tensor_ops_cases.h"
#include "tensor_test_util.h"

static const int64_t A1[] = {1}, A02[] = {0, 2};

typedef struct {
    const char *op;
    const float *a1, *a02, *all;
    const float *src;
} red_case;

static void test_reduce_generated(void)
{
#define RC(OP, nm, src) {OP, g_reduce_##nm##_a1, g_reduce_##nm##_a02, g_reduce_##nm##_all, src}
    red_case cases[] = {
        RC("ReduceSum", sum, g_x), RC("ReduceMean", mean, g_x), RC("ReduceMax", max, g_x),
        RC("ReduceMin", min, g_x), RC("ReduceProd", prod, g_x), RC("ReduceL1", l1, g_x),
        RC("ReduceL2", l2, g_x), RC("ReduceLogSum", logsum, g_xp), RC("ReduceLogSumExp", logsumexp, g_x),
        RC("ReduceSumSquare", sumsquare, g_x),
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const red_case *rc = &cases[c];
        ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 3, g_x_shape, rc->src);
        bool is_sum = strcmp(rc->op, "ReduceSum") == 0;
        /* axes as attribute (opset 11) */
        ir_attr at[2] = {op_test_attr_ints("axes", 1, A1), op_test_attr_int("keepdims", 1)};
        CHECK(tt_run_close(rc->op, 11, at, 2, &x, 1, rc->a1, 8, 3, (int64_t[]){2, 1, 4}));
        /* axes as input (13 for ReduceSum, 18 for the others), negative axis */
        int op_in = is_sum ? 13 : 18;
        int64_t neg[] = {-3, -1};
        ir_tensor in2[2] = {x, TT_I64(2, neg)};
        ir_attr kd0 = op_test_attr_int("keepdims", 0);
        CHECK(tt_run_close(rc->op, op_in, &kd0, 1, in2, 2, rc->a02, 3, 1, (int64_t[]){3}));
        /* all axes (no axes), keepdims default 1 */
        CHECK(tt_run_close(rc->op, op_in, NULL, 0, &x, 1, rc->all, 1, 3, (int64_t[]){1, 1, 1}));
        ir_attr a02 = op_test_attr_ints("axes", 2, A02);
        CHECK(tt_run_close(rc->op, 1, (ir_attr[]){a02, kd0}, 2, &x, 1, rc->a02, 3, 1, (int64_t[]){3}));
        if (!is_sum) /* opset 13..17 keeps the attribute form */
            CHECK(tt_run_close(rc->op, 17, (ir_attr[]){a02, kd0}, 2, &x, 1, rc->a02, 3, 1, (int64_t[]){3}));
    }
}

static void test_reduce_noop_and_empty(void)
{
    float xv[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 3}, xv);
    ir_attr noop = op_test_attr_int("noop_with_empty_axes", 1);
    CHECK(tt_run_close("ReduceSum", 13, &noop, 1, &x, 1, xv, 6, 2, (int64_t[]){2, 3}));
    int64_t none[1] = {0};
    ir_tensor in2[2] = {x, op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){0}, none)};
    CHECK(tt_run_close("ReduceMax", 18, &noop, 1, in2, 2, xv, 6, 2, (int64_t[]){2, 3}));
    CHECK(tt_run_close("ReduceMax", 18, NULL, 0, in2, 2, (float[]){6}, 1, 2, (int64_t[]){1, 1}));

    /* Empty-set reductions over a [2,0] input along axis 1. */
    ir_tensor e = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 0}, NULL);
    int64_t ax1[] = {1};
    ir_tensor ein[2] = {e, TT_I64(1, ax1)};
    struct { const char *op; float v; } em[] = {
        {"ReduceSum", 0}, {"ReduceProd", 1}, {"ReduceMax", -INFINITY}, {"ReduceMin", INFINITY},
        {"ReduceMean", NAN}, {"ReduceL1", 0}, {"ReduceL2", 0}, {"ReduceSumSquare", 0},
        {"ReduceLogSum", -INFINITY}, {"ReduceLogSumExp", -INFINITY},
    };
    for (size_t k = 0; k < sizeof em / sizeof em[0]; k++) {
        float exp2[2] = {em[k].v, em[k].v};
        CHECK(tt_run_close(em[k].op, 18, NULL, 0, ein, 2, exp2, 2, 2, (int64_t[]){2, 1}));
    }
    /* int32 empty max is the dtype's lowest value */
    ir_tensor ei = op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 0}, NULL);
    ir_tensor eiin[2] = {ei, TT_I64(1, ax1)};
    CHECK(tt_run_i64("ReduceMax", 18, NULL, 0, eiin, 2, (int64_t[]){INT32_MIN, INT32_MIN}, 2, 2,
                     (int64_t[]){2, 1}));
}

static void test_reduce_ints_and_halves(void)
{
    int64_t big[4] = {INT64_MAX - 1, 1, -5, 3};
    ir_tensor x = op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){2, 2}, big);
    ir_attr ax = op_test_attr_ints("axes", 1, (int64_t[]){1});
    ir_attr kd0 = op_test_attr_int("keepdims", 0);
    CHECK(tt_run_i64("ReduceSum", 11, (ir_attr[]){ax, kd0}, 2, &x, 1, (int64_t[]){INT64_MAX, -2}, 2, 1,
                     (int64_t[]){2}));
    CHECK(tt_run_i64("ReduceMax", 11, (ir_attr[]){ax, kd0}, 2, &x, 1, (int64_t[]){INT64_MAX - 1, 3}, 2, 1,
                     (int64_t[]){2}));
    CHECK(tt_run_i64("ReduceProd", 11, (ir_attr[]){ax, kd0}, 2, &x, 1, (int64_t[]){INT64_MAX - 1, -15}, 2, 1,
                     (int64_t[]){2}));
    int32_t m[4] = {7, 2, -7, 2};
    ir_tensor xm = op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 2}, m);
    CHECK(tt_run_i64("ReduceMean", 11, (ir_attr[]){ax, kd0}, 2, &xm, 1, (int64_t[]){4, -2}, 2, 1, (int64_t[]){2}));
    uint64_t u[2] = {UINT64_MAX, 3};
    ir_tensor xu = op_test_tensor(GE_DTYPE_UINT64, 1, (int64_t[]){2}, u);
    ir_tensor y;
    CHECK_EQ(op_test_run("ReduceMax", 11, NULL, 0, &xu, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(((uint64_t *)y.data)[0] == UINT64_MAX);
    ir_tensor_free_data(&y);
    uint16_t h[3] = {ge_float_to_half(1.5f), ge_float_to_half(2.25f), ge_float_to_half(-1)};
    ir_tensor xh = op_test_tensor(GE_DTYPE_FLOAT16, 1, (int64_t[]){3}, h);
    CHECK_EQ(op_test_run("ReduceSum", 13, NULL, 0, &xh, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(y.dtype, GE_DTYPE_FLOAT16);
    CHECK(op_test_close(&y, (float[]){2.75f}, 1, 0, 1e-3));
    ir_tensor_free_data(&y);
    uint8_t b[4] = {0, 1, 0, 0};
    ir_tensor xb = op_test_tensor(GE_DTYPE_BOOL, 2, (int64_t[]){2, 2}, b);
    CHECK(tt_run_i64("ReduceMax", 20, &kd0, 1, (ir_tensor[]){xb, TT_I64(1, ((int64_t[]){1}))}, 2,
                     (int64_t[]){1, 0}, 2, 1, (int64_t[]){2}));
}

static void test_reduce_infer(void)
{
    op_value out[1];
    ir_tensor x = op_test_tensor(GE_DTYPE_FLOAT32, 3, (int64_t[]){-1, 3, 4}, NULL);
    x.shape.dims[0] = -1;
    ir_attr ax = op_test_attr_ints("axes", 1, (int64_t[]){-1});
    CHECK_EQ(op_test_infer("ReduceMean", 11, &ax, 1, &x, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, -1, 3, 1));
    /* axes input unknown: rank kept with keepdims, unknown otherwise */
    ir_tensor axt = op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){1}, NULL);
    ir_tensor in2[2] = {x, axt};
    CHECK_EQ(op_test_infer("ReduceMean", 18, NULL, 0, in2, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, -1, -1, -1));
    ir_attr kd0 = op_test_attr_int("keepdims", 0);
    CHECK_EQ(op_test_infer("ReduceMean", 18, &kd0, 1, in2, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, -1, -1));
    ir_tensor axn = op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){-1}, NULL);
    CHECK_EQ(op_test_infer("ReduceMean", 18, &kd0, 1, (ir_tensor[]){x, axn}, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.rank, IR_RANK_UNKNOWN);
    ir_tensor u = {.dtype = GE_DTYPE_FLOAT32, .shape = ir_shape_unknown()};
    CHECK_EQ(op_test_infer("ReduceSum", 13, NULL, 0, &u, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.rank, IR_RANK_UNKNOWN);
    /* bad axes */
    ir_attr bad = op_test_attr_ints("axes", 1, (int64_t[]){3});
    CHECK(tt_infer_fails("ReduceMax", 11, &bad, 1, &x, 1, 1, "axis 3 is out of range"));
    ir_attr rep = op_test_attr_ints("axes", 2, (int64_t[]){1, -2});
    CHECK(tt_infer_fails("ReduceMax", 11, &rep, 1, &x, 1, 1, "repeated"));
    ir_tensor s = op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){2}, NULL);
    CHECK(tt_infer_fails("ReduceSum", 13, NULL, 0, &s, 1, 1, "input 0 has dtype string"));
    ir_tensor axf = op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){1}, NULL);
    CHECK(tt_infer_fails("ReduceSum", 13, NULL, 0, (ir_tensor[]){x, axf}, 2, 1, "input 1 has dtype float32"));
}

static void test_argmax(void)
{
    ir_tensor x = TT_GEN(g_x);
    ir_attr a1[2] = {op_test_attr_int("axis", 1), op_test_attr_int("keepdims", 0)};
    CHECK(tt_run_i64("ArgMax", 13, a1, 2, &x, 1, g_argmax_a1, g_argmax_a1_n, 2, (int64_t[]){2, 4}));
    ir_attr a2 = op_test_attr_int("axis", -1);
    CHECK(tt_run_i64("ArgMin", 11, &a2, 1, &x, 1, g_argmin_a2, g_argmin_a2_n, 3, (int64_t[]){2, 3, 1}));
    /* ties: first index, or last with select_last_index */
    int32_t t[6] = {3, 1, 3, 0, 0, -2};
    ir_tensor xt = op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 3}, t);
    ir_attr ax1 = op_test_attr_int("axis", 1);
    CHECK(tt_run_i64("ArgMax", 12, &ax1, 1, &xt, 1, (int64_t[]){0, 0}, 2, 2, (int64_t[]){2, 1}));
    ir_attr last[2] = {ax1, op_test_attr_int("select_last_index", 1)};
    CHECK(tt_run_i64("ArgMax", 12, last, 2, &xt, 1, (int64_t[]){2, 1}, 2, 2, (int64_t[]){2, 1}));
    CHECK(tt_run_i64("ArgMin", 12, last, 2, &xt, 1, (int64_t[]){1, 2}, 2, 2, (int64_t[]){2, 1}));
    ir_attr bad = op_test_attr_int("axis", 2);
    CHECK(tt_infer_fails("ArgMax", 13, &bad, 1, &xt, 1, 1, "attribute 'axis' 2 is out of range"));
    op_value out[1];
    ir_tensor u = op_test_tensor(GE_DTYPE_FLOAT32, 2, (int64_t[]){-1, 5}, NULL);
    CHECK_EQ(op_test_infer("ArgMin", 13, &ax1, 1, &u, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, -1, 1));
    CHECK_EQ(out[0].dtype, GE_DTYPE_INT64);
}

int main(void)
{
    RUN_TEST(test_reduce_generated);
    RUN_TEST(test_reduce_noop_and_empty);
    RUN_TEST(test_reduce_ints_and_halves);
    RUN_TEST(test_reduce_infer);
    RUN_TEST(test_argmax);
    return test_result();
}

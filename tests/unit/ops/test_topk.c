#include "data/tensor_ops_cases.h"
#include "base/alloc.h"
#include "tensor_test_util.h"

static bool run_topk(int opset, const ir_attr *at, size_t na, int64_t k, const float *ev, const int64_t *ei,
                     int32_t rank, const int64_t *shape, size_t n)
{
    ir_tensor in[2] = {TT_GEN(g_topk_x), TT_SCALAR_I64(&k)};
    ir_tensor y[2];
    ge_status st = op_test_run("TopK", opset, at, na, in, opset >= 10 ? 2 : 1, y, 2);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  TopK: %s\n", ge_error_take());
        return false;
    }
    bool ok = tt_shape_is(&y[0].shape, rank, shape) && tt_shape_is(&y[1].shape, rank, shape) &&
              op_test_close(&y[0], ev, n, 0, 0) && op_test_equal_i64(&y[1], ei, n);
    ir_tensor_free_data(&y[0]);
    ir_tensor_free_data(&y[1]);
    return ok;
}

static void test_topk(void)
{
    CHECK(run_topk(11, NULL, 0, 4, g_topk_large_v, g_topk_large_i, 2, (int64_t[]){3, 4}, 12));
    ir_attr sm = op_test_attr_int("largest", 0);
    CHECK(run_topk(11, &sm, 1, 4, g_topk_small_v, g_topk_small_i, 2, (int64_t[]){3, 4}, 12));
    ir_attr ax0 = op_test_attr_int("axis", -2);
    CHECK(run_topk(10, &ax0, 1, 2, g_topk_a0_v, g_topk_a0_i, 2, (int64_t[]){2, 7}, 14));
    ir_attr v1[2] = {op_test_attr_int("k", 4), op_test_attr_int("axis", 1)};
    CHECK(run_topk(1, v1, 2, 0, g_topk_large_v, g_topk_large_i, 2, (int64_t[]){3, 4}, 12));
    /* inference: unknown K -> unknown dim on the axis; K too large rejected */
    op_value out[2];
    int64_t k = 9;
    ir_tensor in[2] = {TT_GEN(g_topk_x), TT_SCALAR_I64(&k)};
    CHECK_EQ(op_test_infer("TopK", 11, NULL, 0, in, 2, out, 2, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, 3, -1));
    CHECK_EQ(out[1].dtype, GE_DTYPE_INT64);
    CHECK(tt_infer_fails("TopK", 11, NULL, 0, in, 2, 2, "k is 9 but axis 1 has only 7"));
    ir_attr bad = op_test_attr_int("axis", 2);
    k = 1;
    CHECK(tt_infer_fails("TopK", 11, &bad, 1, in, 2, 2, "attribute 'axis' 2 is out of range"));
    /* int64 input, exact */
    int64_t big[3] = {INT64_MAX, INT64_MAX - 1, INT64_MIN};
    ir_tensor bi[2] = {TT_I64(3, big), TT_SCALAR_I64(&k)};
    ir_tensor y[2];
    CHECK_EQ(op_test_run("TopK", 11, &sm, 1, bi, 2, y, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y[0], (int64_t[]){INT64_MIN}, 1) && op_test_equal_i64(&y[1], (int64_t[]){2}, 1));
    ir_tensor_free_data(&y[0]);
    ir_tensor_free_data(&y[1]);
    /* the kernel's scratch allocation failing is reported, not a crash (outputs are freed) */
    long live = ge_alloc_live();
    ge_alloc_fail_after(2);
    CHECK_EQ(op_test_run("TopK", 11, &sm, 1, bi, 2, y, 2), GE_STATUS_MEMALLOC_FAILED);
    ge_alloc_fail_after(-1);
    CHECK_CONTAINS(ge_error_take(), "out of memory sorting");
    CHECK_EQ(ge_alloc_live(), live);
}

static void test_cumsum(void)
{
    ir_tensor x = TT_GEN(g_x);
    int32_t ax = 1;
    int64_t axn = -2;
    ir_tensor in[2] = {x, op_test_tensor(GE_DTYPE_INT32, 0, NULL, &ax)};
    ir_tensor in2[2] = {x, TT_SCALAR_I64(&axn)};
    CHECK(TT_RUN_GEN("CumSum", 14, NULL, 0, in, 2, g_cumsum_a1));
    ir_attr ex = op_test_attr_int("exclusive", 1), rv = op_test_attr_int("reverse", 1);
    CHECK(TT_RUN_GEN("CumSum", 11, &ex, 1, in2, 2, g_cumsum_a1_excl));
    CHECK(TT_RUN_GEN("CumSum", 14, &rv, 1, in, 2, g_cumsum_a1_rev));
    ir_attr both[2] = {ex, rv};
    CHECK(TT_RUN_GEN("CumSum", 14, both, 2, in2, 2, g_cumsum_a1_rev_excl));
    int64_t iv[4] = {1, 2, 3, 4};
    int64_t zero = 0;
    ir_tensor ii[2] = {TT_I64(4, iv), TT_SCALAR_I64(&zero)};
    CHECK(tt_run_i64("CumSum", 14, both, 2, ii, 2, (int64_t[]){9, 7, 4, 0}, 4, 1, (int64_t[]){4}));
    int64_t three = 3;
    ir_tensor bad[2] = {x, TT_SCALAR_I64(&three)};
    CHECK(tt_infer_fails("CumSum", 14, NULL, 0, bad, 2, 1, "input 1 'axis' 3 is out of range"));
}

int main(void)
{
    RUN_TEST(test_topk);
    RUN_TEST(test_cumsum);
    return test_result();
}

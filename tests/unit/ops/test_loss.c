#include "data/x2_loss.h"
#include "x2_test.h"

static ir_attr red(const char *r)
{
    return op_test_attr_string("reduction", r);
}

static void test_nll(void)
{
    ir_tensor in2[2] = {X2_F(l_x2), X2_T(GE_DTYPE_INT64, l_t2)};
    CHECK(X2_RUN_F("NegativeLogLikelihoodLoss", 13, NULL, 0, in2, 2, GE_DTYPE_FLOAT32, nll_nc_mean, 1e-6));
    CHECK(X2_RUN_F("NegativeLogLikelihoodLoss", 12, NULL, 0, in2, 2, GE_DTYPE_FLOAT32, nll_nc_mean, 1e-6));
    ir_tensor in4[3] = {X2_F(l_x4), X2_T(GE_DTYPE_INT32, l_t4), X2_F(l_w)};
    ir_attr sum = red("sum"), none = red("none");
    CHECK(X2_RUN_F("NegativeLogLikelihoodLoss", 13, &sum, 1, in4, 3, GE_DTYPE_FLOAT32, nll_w_sum, 1e-6));
    CHECK(X2_RUN_F("NegativeLogLikelihoodLoss", 22, &none, 1, in4, 3, GE_DTYPE_FLOAT32, nll_w_none, 1e-6));
    ir_attr ii = op_test_attr_int("ignore_index", 1);
    CHECK(X2_RUN_F("NegativeLogLikelihoodLoss", 13, &ii, 1, in4, 2, GE_DTYPE_FLOAT32, nll_ii_mean, 1e-6));
    CHECK(X2_RUN_F("NegativeLogLikelihoodLoss", 13, &ii, 1, in4, 3, GE_DTYPE_FLOAT32, nll_w_ii_mean, 1e-6));
    ir_attr negii = op_test_attr_int("ignore_index", -1);
    ir_tensor inn[3] = {in4[0], X2_T(GE_DTYPE_INT32, l_t4n), in4[2]};
    CHECK(X2_RUN_F("NegativeLogLikelihoodLoss", 22, &negii, 1, inn, 3, GE_DTYPE_FLOAT32, nll_negii_mean, 1e-6));
    /* a hand case in float64: -x[n, t[n]] averaged */
    double xd[4] = {-1.0, -2.0, -3.0, -4.0};
    int64_t td[2] = {1, 0};
    ir_tensor hd[2] = {op_test_tensor(GE_DTYPE_FLOAT64, 2, (int64_t[]){2, 2}, xd), TT_I64(2, td)};
    CHECK(x2_run_f("NegativeLogLikelihoodLoss", 13, NULL, 0, hd, 2, GE_DTYPE_FLOAT64, (float[]){2.5f}, 1, 0, NULL, 0));
    /* shapes: none keeps the target shape with unknown dims filled from the input */
    op_value out[1];
    ir_tensor u[2] = {in4[0], in4[1]};
    u[1].shape.dims[2] = -1;
    CHECK_EQ(op_test_infer("NegativeLogLikelihoodLoss", 13, &none, 1, u, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, 2, 2, 2));
    CHECK_EQ(op_test_infer("NegativeLogLikelihoodLoss", 13, NULL, 0, u, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.rank, 0);
    /* errors */
    ir_attr bad = red("avg");
    CHECK(tt_infer_fails("NegativeLogLikelihoodLoss", 13, &bad, 1, in4, 3, 1, "attribute 'reduction' is \"avg\""));
    ir_tensor badt[2] = {in4[0], X2_T(GE_DTYPE_INT64, l_t2)};
    CHECK(tt_infer_fails("NegativeLogLikelihoodLoss", 13, NULL, 0, badt, 2, 1, "input 1 (target) has shape [3]"));
    ir_tensor badw[3] = {in4[0], in4[1], X2_F(l_x2)};
    CHECK(tt_infer_fails("NegativeLogLikelihoodLoss", 13, NULL, 0, badw, 3, 1, "input 2 (weight) has shape [3,5]"));
    ir_tensor bf[2] = {in4[0], in4[0]};
    CHECK(tt_infer_fails("NegativeLogLikelihoodLoss", 13, NULL, 0, bf, 2, 1, "input 1 (target) has dtype float32"));
    int64_t oob[3] = {2, 5, 0};
    ir_tensor io[2] = {in2[0], TT_I64(3, oob)};
    ir_tensor y;
    CHECK_EQ(op_test_run("NegativeLogLikelihoodLoss", 13, NULL, 0, io, 2, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "target 5 at index 1 is out of range [0, 5)");
}

static void test_sce(void)
{
    ir_tensor in4[3] = {X2_F(l_x4), X2_T(GE_DTYPE_INT32, l_t4), X2_F(l_w)};
    CHECK(X2_RUN_F("SoftmaxCrossEntropyLoss", 13, NULL, 0, in4, 2, GE_DTYPE_FLOAT32, sce_mean, 1e-6));
    CHECK(X2_RUN_F("SoftmaxCrossEntropyLoss", 12, NULL, 0, in4, 3, GE_DTYPE_FLOAT32, sce_w_mean, 1e-6));
    ir_attr a2[2] = {op_test_attr_int("ignore_index", 1), red("sum")};
    CHECK(X2_RUN_F("SoftmaxCrossEntropyLoss", 13, a2, 2, in4, 3, GE_DTYPE_FLOAT32, sce_sum_ii, 1e-6));
    /* both outputs */
    ir_attr a3[2] = {op_test_attr_int("ignore_index", -1), red("none")};
    ir_tensor inn[2] = {in4[0], X2_T(GE_DTYPE_INT32, l_t4n)};
    ir_tensor y[2];
    CHECK_EQ(op_test_run("SoftmaxCrossEntropyLoss", 13, a3, 2, inn, 2, y, 2), GE_STATUS_SUCCESS);
    CHECK(tt_shape_is(&y[0].shape, sce_none_ii_rank, sce_none_ii_shape) &&
          op_test_close(&y[0], sce_none_ii, sce_none_ii_n, 1e-6, 1e-6));
    CHECK(tt_shape_is(&y[1].shape, sce_logp_rank, sce_logp_shape) && op_test_close(&y[1], sce_logp, sce_logp_n, 1e-6, 1e-6));
    ir_tensor_free_data(&y[0]);
    ir_tensor_free_data(&y[1]);
    ir_tensor in2[2] = {X2_F(l_x2), X2_T(GE_DTYPE_INT64, l_t2)};
    CHECK_EQ(op_test_run("SoftmaxCrossEntropyLoss", 13, NULL, 0, in2, 2, y, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y[0], sce2_mean, 1, 1e-6, 1e-6));
    CHECK(op_test_close(&y[1], sce2_logp, sce2_logp_n, 1e-6, 1e-6));
    ir_tensor_free_data(&y[0]);
    ir_tensor_free_data(&y[1]);
    /* float16 */
    uint16_t hx[4] = {ge_float_to_half(0.0f), ge_float_to_half(0.0f), ge_float_to_half(1.0f), ge_float_to_half(1.0f)};
    int64_t ht[2] = {0, 1};
    ir_tensor hi[2] = {op_test_tensor(GE_DTYPE_FLOAT16, 2, (int64_t[]){2, 2}, hx), TT_I64(2, ht)};
    CHECK(x2_run_f("SoftmaxCrossEntropyLoss", 13, NULL, 0, hi, 2, GE_DTYPE_FLOAT16, (float[]){0.693147f}, 1, 0, NULL,
                   1e-3));
    ir_tensor one[2] = {op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, l_x2), TT_I64(2, ht)};
    CHECK(tt_infer_fails("SoftmaxCrossEntropyLoss", 13, NULL, 0, one, 2, 1, "input 0 has rank 1; expected >= 2"));
}

int main(void)
{
    RUN_TEST(test_nll);
    RUN_TEST(test_sce);
    return test_result();
}

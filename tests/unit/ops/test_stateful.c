#include "unit/ops/data/vis_cases.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_causal_conv(void)
{
    ir_tensor in[4] = {NN_F32(ccs_x), NN_F32(ccs_w), NN_F32(ccs_b), NN_F32(ccs_past)};
    CHECK(nn_run_check("CausalConvWithState", 27, NULL, 0, in, 2, 2, 0, ccs_y, NN_COUNT(ccs_y), 1e-5, 1e-5));
    CHECK(nn_run_check("CausalConvWithState", 27, NULL, 0, in, 2, 2, 1, ccs_state, NN_COUNT(ccs_state), 0, 0));
    CHECK(nn_run_check("CausalConvWithState", 27, NULL, 0, in, 2, 1, 0, ccs_y, NN_COUNT(ccs_y), 1e-5, 1e-5));
    ir_attr silu[] = {op_test_attr_string("activation", "silu")};
    ir_attr swish[] = {op_test_attr_string("activation", "swish")};
    CHECK(nn_run_check("CausalConvWithState", 27, silu, 1, in, 4, 2, 0, ccs_y_bp_silu, NN_COUNT(ccs_y_bp_silu), 1e-5,
                       1e-5));
    CHECK(nn_run_check("CausalConvWithState", 27, swish, 1, in, 4, 2, 1, ccs_state_bp, NN_COUNT(ccs_state_bp), 0, 0));
    ir_tensor h[4] = {nn_convert(&in[0], GE_DTYPE_FLOAT16), nn_convert(&in[1], GE_DTYPE_FLOAT16),
                      nn_convert(&in[2], GE_DTYPE_FLOAT16), nn_convert(&in[3], GE_DTYPE_FLOAT16)};
    CHECK(nn_run_check("CausalConvWithState", 27, silu, 1, h, 4, 2, 0, ccs_y_bp_silu, NN_COUNT(ccs_y_bp_silu), 1e-2,
                       1e-2));
    nn_free_all(h, 4);
    /* hand: kernel [1, 2], x = [1, 2, 3], past [5] -> [5+2, 1+4, 2+6] = [7, 5, 8], state [3] */
    float x[] = {1, 2, 3}, w[] = {1, 2}, p[] = {5}, e[] = {7, 5, 8}, es[] = {3};
    ir_tensor hi[4] = {op_test_tensor(F, 3, (int64_t[]){1, 1, 3}, x), op_test_tensor(F, 3, (int64_t[]){1, 1, 2}, w),
                       op_test_absent(), op_test_tensor(F, 3, (int64_t[]){1, 1, 1}, p)};
    CHECK(nn_run_check("CausalConvWithState", 27, NULL, 0, hi, 4, 2, 0, e, 3, 0, 0));
    CHECK(nn_run_check("CausalConvWithState", 27, NULL, 0, hi, 4, 2, 1, es, 1, 0, 0));

    ir_tensor u[2] = {nn_shape_only(F, 3, (int64_t[]){-1, 3, -1}), nn_shape_only(F, 3, (int64_t[]){3, 1, 4})};
    CHECK(nn_infer_shape("CausalConvWithState", 27, NULL, 0, u, 2, 2, 0, 3, (int64_t[]){-1, 3, -1}));
    CHECK(nn_infer_shape("CausalConvWithState", 27, NULL, 0, u, 2, 2, 1, 3, (int64_t[]){-1, 3, 3}));
    op_value out[2];
    ir_attr bad[] = {op_test_attr_string("activation", "relu")};
    CHECK_EQ(op_test_infer("CausalConvWithState", 27, bad, 1, u, 2, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'activation' is 'relu'");
    ir_tensor u2[4] = {u[0], u[1], op_test_absent(), nn_shape_only(F, 3, (int64_t[]){2, 3, 2})};
    CHECK_EQ(op_test_infer("CausalConvWithState", 27, NULL, 0, u2, 4, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 2 of input 3 'past_state' is 2; expected 3");
    ir_tensor u3[2] = {u[0], nn_shape_only(F, 3, (int64_t[]){4, 1, 4})};
    CHECK_EQ(op_test_infer("CausalConvWithState", 27, NULL, 0, u3, 2, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 0 of input 1 'weight' is 4; expected 3");
}

static void test_linear_attention(void)
{
    ir_attr lin[] = {op_test_attr_int("q_num_heads", 4), op_test_attr_int("kv_num_heads", 2),
                     op_test_attr_string("update_rule", "linear")};
    ir_tensor in[7] = {NN_F32(la_q), NN_F32(la_k), NN_F32(la_v), op_test_absent(), op_test_absent(), op_test_absent(),
                       op_test_absent()};
    CHECK(nn_run_check("LinearAttention", 27, lin, 3, in, 3, 2, 0, la_lin_y, NN_COUNT(la_lin_y), 1e-5, 1e-5));
    CHECK(nn_run_check("LinearAttention", 27, lin, 3, in, 3, 2, 1, la_lin_s, NN_COUNT(la_lin_s), 1e-5, 1e-5));
    ir_attr gated[] = {op_test_attr_int("q_num_heads", 4), op_test_attr_int("kv_num_heads", 2),
                       op_test_attr_string("update_rule", "gated"), op_test_attr_float("scale", 0.7f)};
    in[3] = NN_F32(la_past);
    in[4] = NN_F32(la_decay_h);
    CHECK(nn_run_check("LinearAttention", 27, gated, 4, in, 5, 2, 0, la_gated_y, NN_COUNT(la_gated_y), 1e-5, 1e-5));
    CHECK(nn_run_check("LinearAttention", 27, gated, 4, in, 5, 2, 1, la_gated_s, NN_COUNT(la_gated_s), 1e-5, 1e-5));
    ir_attr gd[] = {op_test_attr_int("q_num_heads", 4), op_test_attr_int("kv_num_heads", 2)};
    in[4] = NN_F32(la_decay_k);
    in[5] = NN_F32(la_beta);
    CHECK(nn_run_check("LinearAttention", 27, gd, 2, in, 6, 2, 0, la_gd_y, NN_COUNT(la_gd_y), 1e-5, 1e-5));
    CHECK(nn_run_check("LinearAttention", 27, gd, 2, in, 6, 2, 1, la_gd_s, NN_COUNT(la_gd_s), 1e-5, 1e-5));
    /* delta with a shared beta (last dim 1): take beta[:, :, 0] */
    float b1[2 * 3];
    for (int i = 0; i < 6; i++)
        b1[i] = la_beta[i * 2];
    ir_attr dl[] = {op_test_attr_int("q_num_heads", 4), op_test_attr_int("kv_num_heads", 2),
                    op_test_attr_string("update_rule", "delta")};
    ir_tensor ind[6] = {in[0], in[1], in[2], op_test_absent(), op_test_absent(),
                        op_test_tensor(F, 3, (int64_t[]){2, 3, 1}, b1)};
    CHECK(nn_run_check("LinearAttention", 27, dl, 3, ind, 6, 2, 0, la_delta_y, NN_COUNT(la_delta_y), 1e-5, 1e-5));
    CHECK(nn_run_check("LinearAttention", 27, dl, 3, ind, 6, 2, 1, la_delta_s, NN_COUNT(la_delta_s), 1e-5, 1e-5));
    ir_tensor h[6];
    for (int i = 0; i < 6; i++)
        h[i] = nn_convert(&in[i], GE_DTYPE_FLOAT16);
    CHECK(nn_run_check("LinearAttention", 27, gd, 2, h, 6, 2, 0, la_gd_y, NN_COUNT(la_gd_y), 2e-2, 2e-2));
    nn_free_all(h, 6);

    /* inference */
    ir_tensor u[3] = {nn_shape_only(F, 3, (int64_t[]){-1, 5, 12}), nn_shape_only(F, 3, (int64_t[]){-1, 5, 6}),
                      nn_shape_only(F, 3, (int64_t[]){-1, -1, 4})};
    CHECK(nn_infer_shape("LinearAttention", 27, lin, 3, u, 3, 2, 0, 3, (int64_t[]){-1, 5, 8}));
    CHECK(nn_infer_shape("LinearAttention", 27, lin, 3, u, 3, 2, 1, 4, (int64_t[]){-1, 2, 3, 2}));
    op_value out[2];
    CHECK_EQ(op_test_infer("LinearAttention", 27, gd, 2, u, 3, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "update_rule 'gated_delta' requires input 4 'decay'");
    ir_attr bh[] = {op_test_attr_int("q_num_heads", 3), op_test_attr_int("kv_num_heads", 2),
                    op_test_attr_string("update_rule", "linear")};
    CHECK_EQ(op_test_infer("LinearAttention", 27, bh, 3, u, 3, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "positive multiple of 'kv_num_heads'");
    ir_tensor uk[3] = {u[0], nn_shape_only(F, 3, (int64_t[]){-1, 5, 8}), u[2]};
    CHECK_EQ(op_test_infer("LinearAttention", 27, lin, 3, uk, 3, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 2 of input 1 'key' is 8; expected 6");
    ir_attr br[] = {op_test_attr_int("q_num_heads", 4), op_test_attr_int("kv_num_heads", 2),
                    op_test_attr_string("update_rule", "softmax")};
    CHECK_EQ(op_test_infer("LinearAttention", 27, br, 3, u, 3, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'update_rule' is 'softmax'");
}

int main(void)
{
    RUN_TEST(test_causal_conv);
    RUN_TEST(test_linear_attention);
    return test_result();
}

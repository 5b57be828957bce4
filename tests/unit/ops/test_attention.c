#include "unit/ops/data/extra_attention.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

/* Runs Attention with n_out outputs and compares each listed output (NULL = skip). */
static bool attn_check(int opset, const ir_attr *at, size_t na, const ir_tensor *in, size_t n_in, size_t n_out,
                       const float *const *exp, const size_t *counts, double tol)
{
    ir_tensor o[4];
    ge_status st = op_test_run("Attention", opset, at, na, in, n_in, o, n_out);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  Attention failed: %s\n", ge_error_take());
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n_out; i++)
        if (exp[i] && !op_test_close(&o[i], exp[i], counts[i], tol, tol)) {
            fprintf(stderr, "  output %zu differs\n", i);
            ok = false;
        }
    nn_free_all(o, n_out);
    return ok;
}

static void test_attention_4d(void)
{
    ir_tensor in[4] = {NN_F32(at4_q), NN_F32(at4_k), NN_F32(at4_v), NN_F32(at4_mask)};
    const float *e[4] = {at4_y, NULL, NULL, at4_qk};
    size_t c[4] = {NN_COUNT(at4_y), 0, 0, NN_COUNT(at4_qk)};
    CHECK(attn_check(23, NULL, 0, in, 3, 4, e, c, 1e-5));
    CHECK(attn_check(24, NULL, 0, in, 3, 1, e, c, 1e-5));
    /* float mask, softcap, scale: mode 1 (after softcap) and mode 2 (after the mask) */
    ir_attr cap1[] = {op_test_attr_float("softcap", 2.0f), op_test_attr_float("scale", 0.3f),
                      op_test_attr_int("qk_matmul_output_mode", 1)};
    const float *e1[4] = {at4_cap_y, NULL, NULL, at4_cap_qk1};
    size_t c1[4] = {NN_COUNT(at4_cap_y), 0, 0, NN_COUNT(at4_cap_qk1)};
    CHECK(attn_check(23, cap1, 3, in, 4, 4, e1, c1, 1e-5));
    ir_attr cap2[] = {op_test_attr_float("softcap", 2.0f), op_test_attr_float("scale", 0.3f),
                      op_test_attr_int("qk_matmul_output_mode", 2)};
    const float *e2[4] = {at4_cap_y, NULL, NULL, at4_cap_qk2};
    CHECK(attn_check(24, cap2, 3, in, 4, 4, e2, c1, 1e-5));
    /* bool 4-D mask with a fully masked row: zeros in Y and in the softmax output */
    ir_tensor bin[4] = {in[0], in[1], in[2], NN_ARR(GE_DTYPE_BOOL, at4_bmask)};
    ir_attr m3[] = {op_test_attr_int("qk_matmul_output_mode", 3)};
    const float *e3[4] = {at4_bm_y, NULL, NULL, at4_bm_qk3};
    size_t c3[4] = {NN_COUNT(at4_bm_y), 0, 0, NN_COUNT(at4_bm_qk3)};
    CHECK(attn_check(23, m3, 1, bin, 4, 4, e3, c3, 1e-5));
    /* causal */
    ir_attr ca[] = {op_test_attr_int("is_causal", 1)};
    const float *ec[1] = {at4_causal_y};
    size_t cc[1] = {NN_COUNT(at4_causal_y)};
    CHECK(attn_check(23, ca, 1, in, 3, 1, ec, cc, 1e-5));
    /* float16 inputs */
    ir_tensor h[3] = {nn_convert(&in[0], GE_DTYPE_FLOAT16), nn_convert(&in[1], GE_DTYPE_FLOAT16),
                      nn_convert(&in[2], GE_DTYPE_FLOAT16)};
    CHECK(attn_check(23, NULL, 0, h, 3, 1, e, c, 1e-2));
    nn_free_all(h, 3);

    /* inference: shapes with unknown dims */
    ir_tensor u[3] = {nn_shape_only(F, 4, (int64_t[]){-1, 8, 5, 16}), nn_shape_only(F, 4, (int64_t[]){2, 2, -1, 16}),
                      nn_shape_only(F, 4, (int64_t[]){-1, 2, 7, 10})};
    CHECK(nn_infer_shape("Attention", 23, NULL, 0, u, 3, 4, 0, 4, (int64_t[]){2, 8, 5, 10}));
    CHECK(nn_infer_shape("Attention", 23, NULL, 0, u, 3, 4, 1, 4, (int64_t[]){2, 2, 7, 16}));
    CHECK(nn_infer_shape("Attention", 23, NULL, 0, u, 3, 4, 3, 4, (int64_t[]){2, 8, 5, 7}));
    ir_tensor ur[3] = {nn_shape_only(F, -2, NULL), u[1], u[2]};
    CHECK(nn_infer_shape("Attention", 23, NULL, 0, ur, 3, 1, 0, 4, (int64_t[]){2, -1, -1, 10}));
    /* errors */
    op_value out[4];
    ir_tensor bad[3] = {nn_shape_only(F, 4, (int64_t[]){2, 3, 5, 16}), u[1], u[2]};
    CHECK_EQ(op_test_infer("Attention", 23, NULL, 0, bad, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "not a multiple of kv_num_heads");
    bad[0] = nn_shape_only(F, 4, (int64_t[]){2, 4, 5, 8});
    CHECK_EQ(op_test_infer("Attention", 23, NULL, 0, bad, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "head size of K");
    ir_attr bm[] = {op_test_attr_int("qk_matmul_output_mode", 4)};
    CHECK_EQ(op_test_infer("Attention", 23, bm, 1, u, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'qk_matmul_output_mode' is 4");
    ir_tensor bt[3] = {u[0], nn_shape_only(GE_DTYPE_FLOAT16, 4, (int64_t[]){2, 2, 7, 16}), u[2]};
    CHECK_EQ(op_test_infer("Attention", 23, NULL, 0, bt, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 has dtype float16");
    ir_tensor bmask[4] = {u[0], u[1], u[2], nn_shape_only(F, 2, (int64_t[]){3, 7})};
    CHECK_EQ(op_test_infer("Attention", 23, NULL, 0, bmask, 4, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attn_mask");
    ir_tensor b3[3] = {nn_shape_only(F, 3, (int64_t[]){2, 5, 16}), nn_shape_only(F, 3, (int64_t[]){2, 5, 16}),
                       nn_shape_only(F, 3, (int64_t[]){2, 5, 16})};
    CHECK_EQ(op_test_infer("Attention", 23, NULL, 0, b3, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "q_num_heads");
    ir_tensor pk_only[5] = {u[0], u[1], u[2], op_test_absent(), nn_shape_only(F, 4, (int64_t[]){2, 2, 3, 16})};
    CHECK_EQ(op_test_infer("Attention", 23, NULL, 0, pk_only, 5, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "together");
    /* opset 23 has no input 6 */
    ir_tensor seven[7] = {u[0], u[1], u[2], op_test_absent(), op_test_absent(), op_test_absent(),
                          nn_shape_only(GE_DTYPE_INT64, 1, (int64_t[]){2})};
    CHECK_EQ(op_test_infer("Attention", 23, NULL, 0, seven, 7, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
}

static void test_attention_3d_gqa_past(void)
{
    ir_attr at[] = {op_test_attr_int("q_num_heads", 4), op_test_attr_int("kv_num_heads", 2),
                    op_test_attr_int("is_causal", 1), op_test_attr_int("qk_matmul_output_mode", 2)};
    ir_tensor in[6] = {NN_F32(at3_q), NN_F32(at3_k), NN_F32(at3_v), NN_F32(at3_mask), NN_F32(at3_pk), NN_F32(at3_pv)};
    const float *e[4] = {at3_y, at3_pres_k, at3_pres_v, at3_qk};
    size_t c[4] = {NN_COUNT(at3_y), NN_COUNT(at3_pres_k), NN_COUNT(at3_pres_v), NN_COUNT(at3_qk)};
    CHECK(attn_check(23, at, 4, in, 6, 4, e, c, 1e-5));
    CHECK(nn_infer_shape("Attention", 23, at, 4, in, 6, 4, 0, 3, (int64_t[]){2, 3, 12}));
    CHECK(nn_infer_shape("Attention", 23, at, 4, in, 6, 4, 2, 4, (int64_t[]){2, 2, 5, 3}));
    op_value out[4];
    ir_tensor bad[6] = {in[0], in[1], in[2], in[3], nn_shape_only(F, 4, (int64_t[]){2, 2, 2, 5}), in[5]};
    CHECK_EQ(op_test_infer("Attention", 23, at, 4, bad, 6, out, 4, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "head size of past_key");
}

static void test_attention_nonpad(void)
{
    ir_attr at[] = {op_test_attr_int("is_causal", 1)};
    ir_tensor in[7] = {NN_F32(atn_q),     NN_F32(atn_k),     NN_F32(atn_v),
                       op_test_absent(),  op_test_absent(),  op_test_absent(),
                       NN_ARR(GE_DTYPE_INT64, atn_nonpad)};
    const float *e[1] = {atn_y};
    size_t c[1] = {NN_COUNT(atn_y)};
    CHECK(attn_check(24, at, 1, in, 7, 1, e, c, 1e-5));
    op_value out[1];
    ir_tensor bad[7] = {in[0], in[1], in[2], in[3], in[4], in[5], nn_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){2})};
    CHECK_EQ(op_test_infer("Attention", 24, at, 1, bad, 7, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "nonpad_kv_seqlen");
}

static void test_rotary(void)
{
    ir_tensor in[4] = {NN_F32(rope_x), NN_F32(rope_cos), NN_F32(rope_sin), NN_ARR(GE_DTYPE_INT64, rope_pos)};
    CHECK(nn_run_check("RotaryEmbedding", 23, NULL, 0, in, 4, 1, 0, rope_y, NN_COUNT(rope_y), 1e-5, 1e-6));
    ir_attr il[] = {op_test_attr_int("interleaved", 1)};
    CHECK(nn_run_check("RotaryEmbedding", 23, il, 1, in, 4, 1, 0, rope_y_inter, NN_COUNT(rope_y_inter), 1e-5, 1e-6));
    ir_attr rd[] = {op_test_attr_int("interleaved", 1), op_test_attr_int("rotary_embedding_dim", 4)};
    ir_tensor in2[4] = {in[0], NN_F32(rope_cos2), NN_F32(rope_sin2), in[3]};
    CHECK(nn_run_check("RotaryEmbedding", 23, rd, 2, in2, 4, 1, 0, rope_y_rot4_inter, NN_COUNT(rope_y_rot4_inter),
                       1e-5, 1e-6));
    ir_attr nh[] = {op_test_attr_int("num_heads", 3)};
    ir_tensor in3[3] = {NN_F32(rope3_x), NN_F32(rope3_cos), NN_F32(rope3_sin)};
    CHECK(nn_run_check("RotaryEmbedding", 23, nh, 1, in3, 3, 1, 0, rope3_y, NN_COUNT(rope3_y), 1e-5, 1e-6));
    ir_tensor h[3] = {nn_convert(&in3[0], GE_DTYPE_FLOAT16), nn_convert(&in3[1], GE_DTYPE_FLOAT16),
                      nn_convert(&in3[2], GE_DTYPE_FLOAT16)};
    CHECK(nn_run_check("RotaryEmbedding", 23, nh, 1, h, 3, 1, 0, rope3_y, NN_COUNT(rope3_y), 1e-2, 1e-2));
    nn_free_all(h, 3);
    /* inference and errors */
    op_value out[1];
    CHECK_EQ(op_test_infer("RotaryEmbedding", 23, NULL, 0, in3, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'num_heads'");
    ir_attr big[] = {op_test_attr_int("rotary_embedding_dim", 10)};
    CHECK_EQ(op_test_infer("RotaryEmbedding", 23, big, 1, in, 4, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "exceeds head size");
    CHECK_EQ(op_test_infer("RotaryEmbedding", 23, rd, 2, in, 4, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "last dim of input 1");
    ir_tensor u[4] = {nn_shape_only(F, 4, (int64_t[]){-1, 2, -1, 8}), in[1], in[2], in[3]};
    CHECK(nn_infer_shape("RotaryEmbedding", 23, NULL, 0, u, 4, 1, 0, 4, (int64_t[]){-1, 2, -1, 8}));
    /* a position id outside the cache */
    int64_t badpos[6] = {0, 1, 2, 3, 4, 10};
    ir_tensor bp[4] = {in[0], in[1], in[2], op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){2, 3}, badpos)};
    ir_tensor o[1];
    CHECK_EQ(op_test_run("RotaryEmbedding", 23, NULL, 0, bp, 4, o, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "position id 10");
}

int main(void)
{
    RUN_TEST(test_attention_4d);
    RUN_TEST(test_attention_3d_gqa_past);
    RUN_TEST(test_attention_nonpad);
    RUN_TEST(test_rotary);
    return test_result();
}

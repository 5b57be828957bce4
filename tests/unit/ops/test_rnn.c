#include "unit/ops/data/nn_rnn.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static ir_attr strings_attr(const char *name, size_t n, const char **v)
{
    ir_attr a = {.name = (char *)name, .kind = IR_ATTR_STRINGS, .count = n, .strings = (char **)v};
    return a;
}

static void test_lstm_bidirectional(void)
{
    ir_attr at[] = {op_test_attr_string("direction", "bidirectional"), op_test_attr_int("hidden_size", 2)};
    ir_tensor in[8] = {NN_F32(lstm_x), NN_F32(lstm_w), NN_F32(lstm_r), NN_F32(lstm_b),
                       NN_ARR(GE_DTYPE_INT32, lstm_lens), NN_F32(lstm_h0), NN_F32(lstm_c0), NN_F32(lstm_p)};
    CHECK(nn_infer_shape("LSTM", 7, at, 2, in, 8, 3, 0, lstm_y_rank, lstm_y_dims));
    CHECK(nn_infer_shape("LSTM", 14, at, 2, in, 8, 3, 2, lstm_yc_rank, lstm_yc_dims));
    ir_tensor o[3];
    CHECK_EQ(op_test_run("LSTM", 14, at, 2, in, 8, o, 3), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&o[0], lstm_y, NN_COUNT(lstm_y), 1e-5, 1e-6));
    CHECK(op_test_close(&o[1], lstm_yh, NN_COUNT(lstm_yh), 1e-5, 1e-6));
    CHECK(op_test_close(&o[2], lstm_yc, NN_COUNT(lstm_yc), 1e-5, 1e-6));
    nn_free_all(o, 3);
    /* explicit default activations (one set, shared by both directions) give the same */
    const char *acts[] = {"Sigmoid", "Tanh", "Tanh"};
    ir_attr at2[] = {at[0], strings_attr("activations", 3, acts)};
    CHECK(nn_run_check("LSTM", 22, at2, 2, in, 8, 2, 1, lstm_yh, NN_COUNT(lstm_yh), 1e-5, 1e-6));
    /* float64 */
    ir_tensor d[8];
    for (int i = 0; i < 8; i++)
        d[i] = i == 4 ? in[4] : nn_convert(&in[i], GE_DTYPE_FLOAT64);
    CHECK(nn_run_check("LSTM", 14, at, 2, d, 8, 1, 0, lstm_y, NN_COUNT(lstm_y), 1e-6, 1e-7));
    for (int i = 0; i < 8; i++)
        if (i != 4)
            ir_tensor_free_data(&d[i]);
}

static void test_lstm_layout1_clip(void)
{
    /* the forward direction's weights are the first halves of the bidirectional ones */
    ir_tensor in[4] = {NN_F32(lstm_l1_x), op_test_tensor(F, 3, (int64_t[]){1, 8, 3}, lstm_w),
                       op_test_tensor(F, 3, (int64_t[]){1, 8, 2}, lstm_r), op_test_tensor(F, 2, (int64_t[]){1, 16}, lstm_b)};
    ir_attr at[] = {op_test_attr_int("layout", 1), op_test_attr_float("clip", 0.5f)};
    CHECK(nn_infer_shape("LSTM", 14, at, 2, in, 4, 2, 0, lstm_l1_y_rank, lstm_l1_y_dims));
    CHECK(nn_infer_shape("LSTM", 14, at, 2, in, 4, 2, 1, lstm_l1_yh_rank, lstm_l1_yh_dims));
    ir_tensor o[2];
    CHECK_EQ(op_test_run("LSTM", 14, at, 2, in, 4, o, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&o[0], lstm_l1_y, NN_COUNT(lstm_l1_y), 1e-5, 1e-6));
    CHECK(op_test_close(&o[1], lstm_l1_yh, NN_COUNT(lstm_l1_yh), 1e-5, 1e-6));
    nn_free_all(o, 2);
    /* layout is not an attribute before opset 14 (reads as 0): X [2, 4, 3] is then seq 2, batch 4 */
    CHECK(nn_infer_shape("LSTM", 13, at + 1, 1, in, 4, 1, 0, 4, (int64_t[]){2, 1, 4, 2}));
}

static void test_lstm_infer_errors(void)
{
    op_value out[3];
    ir_tensor in[8] = {nn_shape_only(F, 3, (int64_t[]){5, 2, 3}), nn_shape_only(F, 3, (int64_t[]){1, 8, 3}),
                       nn_shape_only(F, 3, (int64_t[]){1, 8, 2})};
    /* hidden size from R; unknown seq stays unknown */
    in[0] = nn_shape_only(F, 3, (int64_t[]){-1, 2, 3});
    CHECK(nn_infer_shape("LSTM", 14, NULL, 0, in, 3, 3, 0, 4, (int64_t[]){-1, 1, 2, 2}));
    ir_attr hs[] = {op_test_attr_int("hidden_size", 3)};
    CHECK_EQ(op_test_infer("LSTM", 14, hs, 1, in, 3, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 (W)");
    ir_attr dir[] = {op_test_attr_string("direction", "sideways")};
    CHECK_EQ(op_test_infer("LSTM", 14, dir, 1, in, 3, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "direction");
    ir_attr bid[] = {op_test_attr_string("direction", "bidirectional")};
    CHECK_EQ(op_test_infer("LSTM", 14, bid, 1, in, 3, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dim 0 should be 2");
    const char *bad_act[] = {"Sigmoid", "Tanh", "Swish"};
    ir_attr ba[] = {strings_attr("activations", 3, bad_act)};
    CHECK_EQ(op_test_infer("LSTM", 14, ba, 1, in, 3, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "Swish");
    const char *two[] = {"Sigmoid", "Tanh"};
    ir_attr ta[] = {strings_attr("activations", 2, two)};
    CHECK_EQ(op_test_infer("LSTM", 14, ta, 1, in, 3, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "has 2 names; expected 3");
    in[3] = nn_shape_only(F, 2, (int64_t[]){1, 8});
    CHECK_EQ(op_test_infer("LSTM", 14, NULL, 0, in, 4, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 3 (B)");
    in[3] = op_test_absent();
    in[4] = nn_shape_only(GE_DTYPE_INT64, 1, (int64_t[]){2});
    CHECK_EQ(op_test_infer("LSTM", 14, NULL, 0, in, 5, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 4 has dtype int64");
    in[4] = op_test_absent();
    in[5] = nn_shape_only(F, 3, (int64_t[]){1, 3, 2});
    CHECK_EQ(op_test_infer("LSTM", 14, NULL, 0, in, 6, out, 3, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "initial_h");
    /* sequence_lens beyond the sequence: kernel error */
    float x[6] = {0}, w[24] = {0}, r[16] = {0};
    int32_t lens[] = {3};
    ir_tensor k[5] = {op_test_tensor(F, 3, (int64_t[]){2, 1, 3}, x), op_test_tensor(F, 3, (int64_t[]){1, 8, 3}, w),
                      op_test_tensor(F, 3, (int64_t[]){1, 8, 2}, r), op_test_absent(),
                      op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){1}, lens)};
    ir_tensor o[3];
    CHECK_EQ(op_test_run("LSTM", 14, NULL, 0, k, 5, o, 3), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "sequence_lens[0] is 3");
}

static void test_gru(void)
{
    ir_attr at[] = {op_test_attr_string("direction", "reverse"), op_test_attr_int("hidden_size", 2)};
    ir_tensor in[6] = {NN_F32(lstm_x), NN_F32(gru_w), NN_F32(gru_r), NN_F32(gru_b), op_test_absent(), NN_F32(gru_h0)};
    CHECK(nn_infer_shape("GRU", 7, at, 2, in, 6, 2, 0, gru_y_rank, gru_y_dims));
    ir_tensor o[2];
    CHECK_EQ(op_test_run("GRU", 7, at, 2, in, 6, o, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&o[0], gru_y, NN_COUNT(gru_y), 1e-5, 1e-6));
    CHECK(op_test_close(&o[1], gru_yh, NN_COUNT(gru_yh), 1e-5, 1e-6));
    nn_free_all(o, 2);
    ir_attr lbr[] = {at[0], op_test_attr_int("linear_before_reset", 1)};
    CHECK_EQ(op_test_run("GRU", 14, lbr, 2, in, 6, o, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&o[0], gru_lbr_y, NN_COUNT(gru_lbr_y), 1e-5, 1e-6));
    CHECK(op_test_close(&o[1], gru_lbr_yh, NN_COUNT(gru_lbr_yh), 1e-5, 1e-6));
    nn_free_all(o, 2);
    /* only Y_h requested through a 2-output node whose Y is not allocated is fine too */
    ir_tensor h[6];
    for (int i = 0; i < 6; i++)
        h[i] = i == 4 ? in[4] : nn_convert(&in[i], GE_DTYPE_FLOAT16);
    CHECK(nn_run_check("GRU", 22, at, 2, h, 6, 2, 1, gru_yh, NN_COUNT(gru_yh), 1e-2, 1e-2));
    for (int i = 0; i < 6; i++)
        if (i != 4)
            ir_tensor_free_data(&h[i]);
    op_value out[2];
    ir_tensor bad[3] = {in[0], nn_shape_only(F, 3, (int64_t[]){1, 8, 3}), in[2]};
    CHECK_EQ(op_test_infer("GRU", 14, NULL, 0, bad, 3, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 (W)");
}

static void test_rnn(void)
{
    ir_tensor in[3] = {NN_F32(lstm_x), NN_F32(rnn_w), NN_F32(rnn_r)};
    CHECK(nn_run_check("RNN", 14, NULL, 0, in, 3, 1, 0, rnn_y, NN_COUNT(rnn_y), 1e-5, 1e-6));
    /* hand-worked: Relu, H = I = 1, W = 2, R = 0.5: h1 = relu(2 * 1) = 2, h2 = relu(2 * -3 + 1) = 0 */
    float x[] = {1, -3}, w[] = {2}, r[] = {0.5f};
    ir_tensor h[3] = {op_test_tensor(F, 3, (int64_t[]){2, 1, 1}, x), op_test_tensor(F, 3, (int64_t[]){1, 1, 1}, w),
                      op_test_tensor(F, 3, (int64_t[]){1, 1, 1}, r)};
    const char *relu[] = {"Relu"};
    ir_attr at[] = {strings_attr("activations", 1, relu)};
    CHECK(nn_run_check("RNN", 7, at, 1, h, 3, 2, 0, (float[]){2, 0}, 2, 0, 0));
    /* LeakyRelu with alpha consumed from activation_alpha: -5 * 0.1 = -0.5; then 2 * -3 + 0.5 * -0.5 */
    const char *leaky[] = {"LeakyRelu"};
    float alpha[] = {0.1f};
    float x2[] = {-2.5f, -3};
    h[0] = op_test_tensor(F, 3, (int64_t[]){2, 1, 1}, x2);
    ir_attr al[] = {strings_attr("activations", 1, leaky), op_test_attr_floats("activation_alpha", 1, alpha)};
    CHECK(nn_run_check("RNN", 7, al, 2, h, 3, 2, 1, (float[]){-0.625f}, 1, 1e-6, 1e-7));
}

int main(void)
{
    RUN_TEST(test_lstm_bidirectional);
    RUN_TEST(test_lstm_layout1_clip);
    RUN_TEST(test_lstm_infer_errors);
    RUN_TEST(test_gru);
    RUN_TEST(test_rnn);
    return test_result();
}

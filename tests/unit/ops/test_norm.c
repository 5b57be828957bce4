#include "unit/ops/data/nn_norm.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static void test_batchnorm(void)
{
    ir_tensor in[5] = {NN_F32(bn_x), NN_F32(bn_s), NN_F32(bn_b), NN_F32(bn_m), NN_F32(bn_v)};
    ir_attr eps[] = {op_test_attr_float("epsilon", 1e-3f)};
    int opsets[] = {7, 9, 14, 15};
    for (int i = 0; i < 4; i++)
        CHECK(nn_run_check("BatchNormalization", opsets[i], eps, 1, in, 5, 1, 0, bn_y, NN_COUNT(bn_y), 1e-5, 1e-5));
    CHECK(nn_infer_shape("BatchNormalization", 15, eps, 1, in, 5, 1, 0, bn_x_rank, bn_x_dims));

    /* opset 15: scale/bias and mean/var may have their own float types */
    ir_tensor mixed[5] = {nn_convert(&in[0], GE_DTYPE_FLOAT16), nn_convert(&in[1], GE_DTYPE_FLOAT32),
                          nn_convert(&in[2], GE_DTYPE_FLOAT32), nn_convert(&in[3], GE_DTYPE_FLOAT64),
                          nn_convert(&in[4], GE_DTYPE_FLOAT64)};
    CHECK(nn_run_check("BatchNormalization", 15, eps, 1, mixed, 5, 1, 0, bn_y, NN_COUNT(bn_y), 5e-3, 5e-3));
    op_value out[5];
    CHECK_EQ(op_test_infer("BatchNormalization", 9, eps, 1, mixed, 5, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 has dtype float32; expected float16");
    nn_free_all(mixed, 5);

    /* training mode (opset 14+): batch statistics, running mean/var updated with momentum */
    ir_attr tr[] = {op_test_attr_float("epsilon", 1e-3f), op_test_attr_float("momentum", 0.8f),
                    op_test_attr_int("training_mode", 1)};
    ir_tensor o[3];
    CHECK_EQ(op_test_run("BatchNormalization", 15, tr, 3, in, 5, o, 3), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&o[0], bn_train_y, NN_COUNT(bn_train_y), 1e-5, 1e-5));
    CHECK(op_test_close(&o[1], bn_train_rm, NN_COUNT(bn_train_rm), 1e-5, 1e-6));
    CHECK(op_test_close(&o[2], bn_train_rv, NN_COUNT(bn_train_rv), 1e-5, 1e-6));
    nn_free_all(o, 3);
    /* extra outputs without training are rejected */
    CHECK_EQ(op_test_infer("BatchNormalization", 15, eps, 1, in, 5, out, 3, false), GE_STATUS_UNSUPPORTED);
    CHECK_CONTAINS(ge_error_take(), "training");
    CHECK_EQ(op_test_infer("BatchNormalization", 9, eps, 1, in, 5, out, 5, false), GE_STATUS_UNSUPPORTED);
    ge_error_take();
    /* wrong parameter length */
    ir_tensor bad[5] = {in[0], in[1], in[2], in[3], nn_shape_only(F, 1, (int64_t[]){4})};
    CHECK_EQ(op_test_infer("BatchNormalization", 15, eps, 1, bad, 5, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 4 has shape [4]; expected [3]");
    bad[0] = nn_shape_only(F, 4, (int64_t[]){-1, 3, -1, 7});
    bad[4] = in[4];
    CHECK(nn_infer_shape("BatchNormalization", 15, eps, 1, bad, 5, 1, 0, 4, (int64_t[]){-1, 3, -1, 7}));

    /* opset 7 spatial = 0: parameters per element of C x H x W; constant maps give the same y */
    float ss[12], sb[12], sm[12], sv[12];
    for (int c = 0; c < 3; c++)
        for (int k = 0; k < 4; k++) {
            ss[c * 4 + k] = bn_s[c], sb[c * 4 + k] = bn_b[c], sm[c * 4 + k] = bn_m[c], sv[c * 4 + k] = bn_v[c];
        }
    int64_t pd[] = {3, 2, 2};
    ir_tensor sp[5] = {in[0], op_test_tensor(F, 3, pd, ss), op_test_tensor(F, 3, pd, sb), op_test_tensor(F, 3, pd, sm),
                       op_test_tensor(F, 3, pd, sv)};
    ir_attr ns[] = {op_test_attr_float("epsilon", 1e-3f), op_test_attr_int("spatial", 0)};
    CHECK(nn_run_check("BatchNormalization", 7, ns, 2, sp, 5, 1, 0, bn_y, NN_COUNT(bn_y), 1e-5, 1e-5));
}

static void test_instancenorm(void)
{
    ir_tensor in[3] = {NN_F32(in_x), NN_F32(bn_s), NN_F32(bn_b)};
    CHECK(nn_run_check("InstanceNormalization", 6, NULL, 0, in, 3, 1, 0, in_y, NN_COUNT(in_y), 1e-5, 1e-5));
    ir_tensor d[3] = {nn_convert(&in[0], GE_DTYPE_FLOAT64), nn_convert(&in[1], GE_DTYPE_FLOAT64),
                      nn_convert(&in[2], GE_DTYPE_FLOAT64)};
    CHECK(nn_run_check("InstanceNormalization", 22, NULL, 0, d, 3, 1, 0, in_y, NN_COUNT(in_y), 1e-6, 1e-6));
    nn_free_all(d, 3);
    op_value out[1];
    ir_tensor bad[3] = {nn_shape_only(F, 2, (int64_t[]){2, 3}), in[1], in[2]};
    CHECK_EQ(op_test_infer("InstanceNormalization", 6, NULL, 0, bad, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 2");
    bad[0] = nn_shape_only(F, 3, (int64_t[]){2, 4, 5});
    CHECK_EQ(op_test_infer("InstanceNormalization", 6, NULL, 0, bad, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "expected [4]");
}

static void test_layernorm(void)
{
    ir_attr ax[] = {op_test_attr_int("axis", 1)};
    ir_tensor in[3] = {NN_F32(ln_x), NN_F32(ln_s), NN_F32(ln_b)};
    ir_tensor o[3];
    CHECK_EQ(op_test_run("LayerNormalization", 17, ax, 1, in, 3, o, 3), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&o[0], ln_y, NN_COUNT(ln_y), 1e-5, 1e-5));
    CHECK(op_test_close(&o[1], ln_mean, NN_COUNT(ln_mean), 1e-5, 1e-6));
    CHECK(op_test_close(&o[2], ln_invstd, NN_COUNT(ln_invstd), 1e-5, 1e-6));
    CHECK_EQ(o[1].shape.rank, 3);
    CHECK_EQ(o[1].shape.dims[0], 2);
    CHECK_EQ(o[1].shape.dims[1], 1);
    CHECK_EQ(o[1].dtype, GE_DTYPE_FLOAT32);
    nn_free_all(o, 3);
    ir_attr neg[] = {op_test_attr_int("axis", -2)};
    CHECK(nn_run_check("LayerNormalization", 17, neg, 1, in, 3, 1, 0, ln_y, NN_COUNT(ln_y), 1e-5, 1e-5));
    /* float16 X with the statistics in float32 (stash_type 1) */
    ir_tensor h[3] = {nn_convert(&in[0], GE_DTYPE_FLOAT16), nn_convert(&in[1], GE_DTYPE_FLOAT16),
                      nn_convert(&in[2], GE_DTYPE_FLOAT16)};
    CHECK(nn_run_check("LayerNormalization", 17, ax, 1, h, 3, 1, 0, ln_y, NN_COUNT(ln_y), 1e-2, 1e-2));
    op_value out[3];
    CHECK_EQ(op_test_infer("LayerNormalization", 17, ax, 1, h, 3, out, 2, false), GE_STATUS_SUCCESS);
    CHECK_EQ(out[1].dtype, GE_DTYPE_FLOAT32);
    nn_free_all(h, 3);

    /* no bias, default axis -1, hand-worked: [1, 3] -> mean 2, var 1 -> [-1, 1] * scale */
    float x[] = {1, 3}, s[] = {2, 3};
    ir_tensor p[2] = {op_test_tensor(F, 2, (int64_t[]){1, 2}, x), op_test_tensor(F, 1, (int64_t[]){2}, s)};
    ir_attr e0[] = {op_test_attr_float("epsilon", 0.0f)};
    CHECK(nn_run_check("LayerNormalization", 17, e0, 1, p, 2, 1, 0, (float[]){-2, 3}, 2, 1e-6, 1e-6));

    ir_attr bad_axis[] = {op_test_attr_int("axis", 3)};
    CHECK_EQ(op_test_infer("LayerNormalization", 17, bad_axis, 1, in, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'axis' is 3");
    ir_tensor bs[3] = {in[0], nn_shape_only(F, 1, (int64_t[]){3}), in[2]};
    CHECK_EQ(op_test_infer("LayerNormalization", 17, NULL, 0, bs, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "does not broadcast");
    ir_attr st[] = {op_test_attr_int("stash_type", 7)};
    CHECK_EQ(op_test_infer("LayerNormalization", 17, st, 1, in, 3, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "stash_type");
    CHECK_EQ(op_test_infer("LayerNormalization", 16, NULL, 0, in, 3, out, 1, false), GE_STATUS_GRAPH_UNSUPPORTED);
    ge_error_take();
    ir_tensor u[2] = {nn_shape_only(F, 3, (int64_t[]){-1, 5, 4}), nn_shape_only(F, 1, (int64_t[]){4})};
    CHECK(nn_infer_shape("LayerNormalization", 17, NULL, 0, u, 2, 2, 1, 3, (int64_t[]){-1, 5, 1}));
}

static void test_lrn(void)
{
    ir_attr at[] = {op_test_attr_int("size", 3), op_test_attr_float("alpha", 0.001f), op_test_attr_float("beta", 0.6f),
                    op_test_attr_float("bias", 2.0f)};
    ir_tensor x = NN_F32(lrn_x);
    CHECK(nn_run_check("LRN", 13, at, 4, &x, 1, 1, 0, lrn_y, NN_COUNT(lrn_y), 1e-5, 1e-6));
    op_value out[1];
    CHECK_EQ(op_test_infer("LRN", 13, NULL, 0, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'size' is missing");
}

int main(void)
{
    RUN_TEST(test_batchnorm);
    RUN_TEST(test_instancenorm);
    RUN_TEST(test_layernorm);
    RUN_TEST(test_lrn);
    return test_result();
}

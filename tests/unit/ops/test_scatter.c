#include "data/x2_scatter.h"
#include "x2_test.h"

static ir_attr red(const char *r)
{
    return op_test_attr_string("reduction", r);
}

static void test_scatter_nd(void)
{
    ir_tensor in[3] = {X2_F(sc_d), X2_T(GE_DTYPE_INT64, snd_i), X2_F(snd_u)};
    /* reduction none with duplicate indices: the last update wins (index order) */
    CHECK(X2_RUN_F("ScatterND", 11, NULL, 0, in, 3, GE_DTYPE_FLOAT32, snd_none, 0));
    CHECK(X2_RUN_F("ScatterND", 13, NULL, 0, in, 3, GE_DTYPE_FLOAT32, snd_none, 0));
    ir_attr add = red("add"), mul = red("mul"), mx = red("max"), mn = red("min");
    CHECK(X2_RUN_F("ScatterND", 16, &add, 1, in, 3, GE_DTYPE_FLOAT32, snd_add, 1e-6));
    CHECK(X2_RUN_F("ScatterND", 16, &mul, 1, in, 3, GE_DTYPE_FLOAT32, snd_mul, 1e-6));
    CHECK(X2_RUN_F("ScatterND", 18, &mx, 1, in, 3, GE_DTYPE_FLOAT32, snd_max, 0));
    CHECK(X2_RUN_F("ScatterND", 18, &mn, 1, in, 3, GE_DTYPE_FLOAT32, snd_min, 0));
    CHECK(tt_infer_fails("ScatterND", 16, &mx, 1, in, 3, 1, "max and min need opset 18"));
    ir_tensor ie[3] = {in[0], X2_T(GE_DTYPE_INT64, snd_ie), X2_F(snd_ue)};
    CHECK(X2_RUN_F("ScatterND", 18, NULL, 0, ie, 3, GE_DTYPE_FLOAT32, snd_elem, 0));
    /* int32 add wraps like the dtype */
    int32_t di[2] = {INT32_MAX, 1}, ui[1] = {1};
    int64_t ii[1] = {0};
    ir_tensor it[3] = {op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){2}, di),
                       op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){1, 1}, ii),
                       op_test_tensor(GE_DTYPE_INT32, 1, (int64_t[]){1}, ui)};
    CHECK(tt_run_i64("ScatterND", 18, &add, 1, it, 3, (int64_t[]){INT32_MIN, 1}, 2, 1, (int64_t[]){2}));
    /* errors */
    ir_tensor badu[3] = {in[0], in[1], X2_F(snd_ue)};
    CHECK(tt_infer_fails("ScatterND", 11, NULL, 0, badu, 3, 1, "updates [2] must be indices.shape[:-1] + data.shape[1:]"));
    int64_t oob[3] = {4, 0, 1};
    ir_tensor io[3] = {in[0], op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){3, 1}, oob), in[2]}, y;
    CHECK_EQ(op_test_run("ScatterND", 11, NULL, 0, io, 3, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "index 4 is out of range for dim 0 of size 4");
    ir_tensor deep[3] = {in[0], op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){1, 4}, oob), in[2]};
    CHECK(tt_infer_fails("ScatterND", 11, NULL, 0, deep, 3, 1, "index 4 dims; data [4,3,2] has only 3"));
    ir_attr bad = red("sub");
    CHECK(tt_infer_fails("ScatterND", 18, &bad, 1, in, 3, 1, "attribute 'reduction' is \"sub\""));
}

static void test_scatter_elements(void)
{
    ir_tensor in[3] = {X2_F(se_d), X2_T(GE_DTYPE_INT64, se_i), X2_F(se_u)};
    ir_attr ax1 = op_test_attr_int("axis", 1), axm1 = op_test_attr_int("axis", -1);
    CHECK(X2_RUN_F("ScatterElements", 11, &ax1, 1, in, 3, GE_DTYPE_FLOAT32, se_none, 0));
    CHECK(X2_RUN_F("Scatter", 10, &axm1, 1, in, 3, GE_DTYPE_FLOAT32, se_none, 0));
    ir_attr a[2] = {ax1, red("add")};
    CHECK(X2_RUN_F("ScatterElements", 16, a, 2, in, 3, GE_DTYPE_FLOAT32, se_add, 1e-6));
    a[1] = red("mul");
    CHECK(X2_RUN_F("ScatterElements", 16, a, 2, in, 3, GE_DTYPE_FLOAT32, se_mul, 1e-6));
    a[1] = red("max");
    CHECK(X2_RUN_F("ScatterElements", 18, a, 2, in, 3, GE_DTYPE_FLOAT32, se_max, 0));
    a[1] = red("min");
    CHECK(X2_RUN_F("ScatterElements", 18, a, 2, in, 3, GE_DTYPE_FLOAT32, se_min, 0));
    /* default axis 0, int32 indices */
    int32_t i0[6];
    for (int k = 0; k < 6; k++)
        i0[k] = (int32_t)se_i0[k];
    ir_tensor in0[3] = {in[0], op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 3}, i0), in[2]};
    CHECK(X2_RUN_F("ScatterElements", 13, NULL, 0, in0, 3, GE_DTYPE_FLOAT32, se_axis0, 0));
    CHECK(X2_RUN_F("Scatter", 9, NULL, 0, in0, 3, GE_DTYPE_FLOAT32, se_axis0, 0));
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Scatter", 11) == NULL);
    /* errors */
    ir_attr ax2 = op_test_attr_int("axis", 2);
    CHECK(tt_infer_fails("ScatterElements", 11, &ax2, 1, in, 3, 1, "attribute 'axis' 2 is out of range for rank 2"));
    ir_tensor badu[3] = {in[0], in[1], in[0]};
    CHECK(tt_infer_fails("ScatterElements", 11, NULL, 0, badu, 3, 1, "updates [3,4] must have the shape of indices [2,3]"));
    int64_t oob[6] = {0, 0, 4, 0, 0, 0};
    ir_tensor io[3] = {in[0], op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){2, 3}, oob), in[2]}, y;
    CHECK_EQ(op_test_run("ScatterElements", 11, &ax1, 1, io, 3, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "index 4 is out of range for dim 1 of size 4");
}

static void test_gather_nd(void)
{
    ir_tensor in[2] = {X2_F(gnd_d), X2_T(GE_DTYPE_INT64, gnd_i)};
    CHECK(X2_RUN_F("GatherND", 11, NULL, 0, in, 2, GE_DTYPE_FLOAT32, gnd_y, 0));
    ir_tensor in2[2] = {in[0], X2_T(GE_DTYPE_INT64, gnd_i2)};
    CHECK(X2_RUN_F("GatherND", 13, NULL, 0, in2, 2, GE_DTYPE_FLOAT32, gnd_y2, 0));
    ir_attr b1 = op_test_attr_int("batch_dims", 1);
    ir_tensor ib[2] = {in[0], X2_T(GE_DTYPE_INT64, gnd_i_b1)};
    CHECK(X2_RUN_F("GatherND", 12, &b1, 1, ib, 2, GE_DTYPE_FLOAT32, gnd_y_b1, 0));
    /* int32 data by hand: [[0,1],[2,3]] at [[0,0],[1,1]] -> [0,3] */
    int32_t dv[4] = {0, 1, 2, 3};
    int64_t iv[4] = {0, 0, 1, 1};
    ir_tensor hi[2] = {op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 2}, dv),
                       op_test_tensor(GE_DTYPE_INT64, 2, (int64_t[]){2, 2}, iv)};
    CHECK(tt_run_i64("GatherND", 13, NULL, 0, hi, 2, (int64_t[]){0, 3}, 2, 1, (int64_t[]){2}));
    op_value out[1];
    ir_tensor u[2] = {in[0], in[1]};
    u[1].shape.dims[2] = -1;
    CHECK_EQ(op_test_infer("GatherND", 13, NULL, 0, u, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.rank, IR_RANK_UNKNOWN);
    CHECK_EQ(op_test_infer("GatherND", 13, NULL, 0, in, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, 2, 2, 4));
    ir_attr b3 = op_test_attr_int("batch_dims", 3);
    CHECK(tt_infer_fails("GatherND", 13, &b3, 1, in, 2, 1, "batch_dims 3 needs data [2,3,4]"));
    ir_tensor bi[2] = {in[0], X2_F(gnd_d)};
    CHECK(tt_infer_fails("GatherND", 13, NULL, 0, bi, 2, 1, "float32"));
}

static void test_tensor_scatter(void)
{
    ir_tensor in[3] = {X2_F(ts_past), X2_F(ts_upd), X2_T(GE_DTYPE_INT64, ts_wl)};
    CHECK(X2_RUN_F("TensorScatter", 24, NULL, 0, in, 3, GE_DTYPE_FLOAT32, ts_linear, 0));
    ir_attr circ[2] = {op_test_attr_string("mode", "circular"), op_test_attr_int("axis", 2)};
    ir_tensor ic[3] = {in[0], in[1], X2_T(GE_DTYPE_INT64, ts_wi)};
    CHECK(X2_RUN_F("TensorScatter", 24, circ, 2, ic, 3, GE_DTYPE_FLOAT32, ts_circular, 0));
    ir_tensor y;
    CHECK_EQ(op_test_run("TensorScatter", 24, NULL, 0, ic, 3, &y, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "write_indices[1] is 4: 2 update rows do not fit the 5 cache rows");
    /* no write_indices: rows 0 and 1 */
    CHECK_EQ(op_test_run("TensorScatter", 24, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(memcmp(y.data, ts_upd, sizeof(float) * 6) == 0);
    ir_tensor_free_data(&y);
    ir_attr ax0 = op_test_attr_int("axis", 0);
    CHECK(tt_infer_fails("TensorScatter", 24, &ax0, 1, in, 3, 1, "cannot be the batch axis 0"));
    ir_tensor bad[2] = {in[1], in[0]};
    CHECK(tt_infer_fails("TensorScatter", 24, NULL, 0, bad, 2, 1, "must match past_cache"));
    ir_attr m = op_test_attr_string("mode", "ring");
    CHECK(tt_infer_fails("TensorScatter", 24, &m, 1, in, 3, 1, "attribute 'mode' is \"ring\""));
}

int main(void)
{
    RUN_TEST(test_scatter_nd);
    RUN_TEST(test_scatter_elements);
    RUN_TEST(test_gather_nd);
    RUN_TEST(test_tensor_scatter);
    return test_result();
}

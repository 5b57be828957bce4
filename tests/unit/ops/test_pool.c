#include "unit/ops/data/nn_pool.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32
#define INTS(name, ...) op_test_attr_ints(name, sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t), (int64_t[]){__VA_ARGS__})

static void test_pool_infer(void)
{
    ir_tensor x = nn_shape_only(F, 4, (int64_t[]){1, 3, 32, 31});
    ir_attr a[] = {INTS("kernel_shape", 3, 3), INTS("strides", 2, 2)};
    CHECK(nn_infer_shape("MaxPool", 12, a, 2, &x, 1, 1, 0, 4, (int64_t[]){1, 3, 15, 15}));
    CHECK(nn_infer_shape("MaxPool", 12, a, 2, &x, 1, 2, 1, 4, (int64_t[]){1, 3, 15, 15}));
    ir_attr c[] = {INTS("kernel_shape", 3, 3), INTS("strides", 2, 2), op_test_attr_int("ceil_mode", 1)};
    CHECK(nn_infer_shape("MaxPool", 12, c, 3, &x, 1, 1, 0, 4, (int64_t[]){1, 3, 16, 15}));
    CHECK(nn_infer_shape("AveragePool", 11, c, 3, &x, 1, 1, 0, 4, (int64_t[]){1, 3, 16, 15}));
    ir_attr s[] = {INTS("kernel_shape", 3, 3), INTS("strides", 2, 2), op_test_attr_string("auto_pad", "SAME_UPPER")};
    CHECK(nn_infer_shape("AveragePool", 7, s, 3, &x, 1, 1, 0, 4, (int64_t[]){1, 3, 16, 16}));
    x = nn_shape_only(F, 4, (int64_t[]){-1, 3, -1, 31});
    CHECK(nn_infer_shape("MaxPool", 12, a, 2, &x, 1, 1, 0, 4, (int64_t[]){-1, 3, -1, 15}));
    x = nn_shape_only(F, -2, NULL);
    CHECK(nn_infer_shape("MaxPool", 12, a, 2, &x, 1, 1, 0, 4, (int64_t[]){-1, -1, -1, -1}));
    /* ceil mode drops a last window that would start in the end padding (ONNX reduce_by_one) */
    x = nn_shape_only(F, 4, (int64_t[]){1, 1, 2, 2});
    ir_attr r1[] = {INTS("kernel_shape", 1, 1), INTS("strides", 2, 2), op_test_attr_int("ceil_mode", 1)};
    CHECK(nn_infer_shape("MaxPool", 12, r1, 3, &x, 1, 1, 0, 4, (int64_t[]){1, 1, 1, 1}));

    op_value out[2];
    x = nn_shape_only(F, 4, (int64_t[]){1, 3, 8, 8});
    CHECK_EQ(op_test_infer("MaxPool", 12, NULL, 0, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "kernel_shape");
    ir_attr k3[] = {INTS("kernel_shape", 3, 3, 3)};
    CHECK_EQ(op_test_infer("MaxPool", 12, k3, 1, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 4");
    ir_attr so[] = {INTS("kernel_shape", 3, 3), op_test_attr_int("storage_order", 2)};
    CHECK_EQ(op_test_infer("MaxPool", 12, so, 2, &x, 1, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "storage_order");
    ir_attr kd[] = {INTS("kernel_shape", 3, 3), INTS("dilations", 1)};
    CHECK_EQ(op_test_infer("AveragePool", 19, kd, 2, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'dilations' has 1 values");
    /* no Indices output before opset 8; int8 from 12 */
    CHECK_EQ(op_test_infer("MaxPool", 7, a, 2, &x, 1, out, 2, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "outputs");
    x.dtype = GE_DTYPE_INT8;
    CHECK_EQ(op_test_infer("MaxPool", 11, a, 2, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
    CHECK_EQ(op_test_infer("MaxPool", 12, a, 2, &x, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK_EQ(op_test_infer("AveragePool", 19, a, 2, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
    /* global pools */
    x = nn_shape_only(F, 5, (int64_t[]){2, 3, -1, 4, 5});
    CHECK(nn_infer_shape("GlobalAveragePool", 1, NULL, 0, &x, 1, 1, 0, 5, (int64_t[]){2, 3, 1, 1, 1}));
    CHECK(nn_infer_shape("GlobalMaxPool", 22, NULL, 0, &x, 1, 1, 0, 5, (int64_t[]){2, 3, 1, 1, 1}));
    x = nn_shape_only(F, 1, (int64_t[]){3});
    CHECK_EQ(op_test_infer("GlobalMaxPool", 1, NULL, 0, &x, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 1");
}

static void test_maxpool_kernel(void)
{
    ir_attr at[] = {INTS("kernel_shape", 3, 2), INTS("strides", 2, 2), INTS("pads", 1, 0, 1, 1),
                    INTS("dilations", 1, 2), op_test_attr_int("ceil_mode", 1)};
    ir_tensor x = NN_F32(mp_x);
    CHECK(nn_infer_shape("MaxPool", 12, at, 5, &x, 1, 2, 0, mp_y_rank, mp_y_dims));
    ir_tensor out[2];
    CHECK_EQ(op_test_run("MaxPool", 12, at, 5, &x, 1, out, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&out[0], mp_y, NN_COUNT(mp_y), 0, 0));
    CHECK(op_test_equal_i64(&out[1], mp_idx, NN_COUNT(mp_idx)));
    CHECK_EQ(out[1].dtype, GE_DTYPE_INT64);
    nn_free_all(out, 2);
    ir_tensor h = nn_convert(&x, GE_DTYPE_FLOAT16);
    CHECK(nn_run_check("MaxPool", 22, at, 5, &h, 1, 1, 0, mp_y, NN_COUNT(mp_y), 1e-3, 1e-3));
    ir_tensor_free_data(&h);

    /* hand-worked, storage_order 1 (column-major indices), 2x3 input, 2x2 kernel, stride 1 */
    float v[] = {1, 9, 3, 8, 2, 7};
    ir_tensor hx = op_test_tensor(F, 4, (int64_t[]){1, 1, 2, 3}, v);
    ir_attr so[] = {INTS("kernel_shape", 2, 2), op_test_attr_int("storage_order", 1)};
    CHECK_EQ(op_test_run("MaxPool", 8, so, 2, &hx, 1, out, 2), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&out[0], (float[]){9, 9}, 2, 0, 0));
    /* 9 is at (h=0, w=1): row-major 1, column-major 0 + 1 * 2 = 2 */
    CHECK(op_test_equal_i64(&out[1], (int64_t[]){2, 2}, 2));
    nn_free_all(out, 2);

    /* uint8 and reduce_by_one */
    uint8_t u[] = {5, 200, 7, 9};
    ir_tensor ux = op_test_tensor(GE_DTYPE_UINT8, 4, (int64_t[]){1, 1, 2, 2}, u);
    ir_attr k2[] = {INTS("kernel_shape", 2, 2)};
    CHECK_EQ(op_test_run("MaxPool", 12, k2, 1, &ux, 1, out, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&out[0], (int64_t[]){200}, 1));
    nn_free_all(out, 1);
    ir_attr r1[] = {INTS("kernel_shape", 1, 1), INTS("strides", 2, 2), op_test_attr_int("ceil_mode", 1)};
    CHECK_EQ(op_test_run("MaxPool", 12, r1, 3, &ux, 1, out, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&out[0], (int64_t[]){5}, 1));
    nn_free_all(out, 1);
}

static void test_avgpool_kernel(void)
{
    float v[] = {1, 2, 3, 4};
    ir_tensor x = op_test_tensor(F, 4, (int64_t[]){1, 1, 2, 2}, v);
    ir_attr ex[] = {INTS("kernel_shape", 2, 2), INTS("pads", 1, 1, 1, 1)};
    CHECK(nn_run_check("AveragePool", 11, ex, 2, &x, 1, 1, 0, (float[]){1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}, 9, 0, 0));
    ir_attr inc[] = {INTS("kernel_shape", 2, 2), INTS("pads", 1, 1, 1, 1), op_test_attr_int("count_include_pad", 1)};
    CHECK(nn_run_check("AveragePool", 7, inc, 3, &x, 1, 1, 0, (float[]){0.25f, 0.75f, 0.5f, 1, 2.5f, 1.5f, 0.75f, 1.75f, 1},
                       9, 0, 0));
    ir_attr at[] = {INTS("kernel_shape", 3, 3), INTS("strides", 2, 2), INTS("pads", 1, 1, 1, 1),
                    op_test_attr_int("ceil_mode", 1)};
    ir_tensor gx = NN_F32(mp_x);
    CHECK(nn_infer_shape("AveragePool", 10, at, 4, &gx, 1, 1, 0, ap_y_excl_rank, ap_y_excl_dims));
    CHECK(nn_run_check("AveragePool", 10, at, 4, &gx, 1, 1, 0, ap_y_excl, NN_COUNT(ap_y_excl), 1e-6, 1e-6));
    ir_attr ati[] = {INTS("kernel_shape", 3, 3), INTS("strides", 2, 2), INTS("pads", 1, 1, 1, 1),
                     op_test_attr_int("ceil_mode", 1), op_test_attr_int("count_include_pad", 1)};
    CHECK(nn_run_check("AveragePool", 19, ati, 5, &gx, 1, 1, 0, ap_y_incl, NN_COUNT(ap_y_incl), 1e-6, 1e-6));
    /* dilations (opset 19): 1-D [1..5], k 2, d 2 -> (1+3)/2, (2+4)/2, (3+5)/2 */
    float l[] = {1, 2, 3, 4, 5};
    ir_tensor lx = op_test_tensor(F, 3, (int64_t[]){1, 1, 5}, l);
    ir_attr dl[] = {INTS("kernel_shape", 2), INTS("dilations", 2)};
    CHECK(nn_run_check("AveragePool", 19, dl, 2, &lx, 1, 1, 0, (float[]){2, 3, 4}, 3, 0, 0));
    ir_tensor d = nn_convert(&gx, GE_DTYPE_FLOAT64);
    CHECK(nn_run_check("AveragePool", 22, ati, 5, &d, 1, 1, 0, ap_y_incl, NN_COUNT(ap_y_incl), 1e-6, 1e-6));
    ir_tensor_free_data(&d);
    /* ceil mode, the second window would start in the end padding: 2x2 input, k 3, s 3, pads 1 ->
     * one window over rows/cols -1..1: count_include_pad 1 divides the sum 10 by 9 (the padded
     * window), 0 by the 4 real elements */
    ir_attr lw[] = {INTS("kernel_shape", 3, 3), INTS("strides", 3, 3), INTS("pads", 1, 1, 1, 1),
                    op_test_attr_int("ceil_mode", 1), op_test_attr_int("count_include_pad", 1)};
    CHECK(nn_infer_shape("AveragePool", 22, lw, 5, &x, 1, 1, 0, 4, (int64_t[]){1, 1, 1, 1}));
    CHECK(nn_run_check("AveragePool", 22, lw, 5, &x, 1, 1, 0, (float[]){10.0f / 9.0f}, 1, 1e-7, 0));
    CHECK(nn_run_check("AveragePool", 11, lw, 4, &x, 1, 1, 0, (float[]){2.5f}, 1, 0, 0));
    /* ceil mode past the padded input: [1..5], k 2, s 2, no pads -> windows {1,2}, {3,4}, {5}; the
     * part beyond the (padded) input never counts, even with count_include_pad 1 */
    ir_attr cp[] = {INTS("kernel_shape", 2), INTS("strides", 2), op_test_attr_int("ceil_mode", 1),
                    op_test_attr_int("count_include_pad", 1)};
    CHECK(nn_run_check("AveragePool", 19, cp, 4, &lx, 1, 1, 0, (float[]){1.5f, 3.5f, 5}, 3, 0, 0));
}

static void test_global_pool(void)
{
    ir_tensor x = NN_F32(gp_x);
    CHECK(nn_run_check("GlobalAveragePool", 1, NULL, 0, &x, 1, 1, 0, gap_y, NN_COUNT(gap_y), 1e-6, 1e-6));
    CHECK(nn_run_check("GlobalMaxPool", 1, NULL, 0, &x, 1, 1, 0, gmp_y, NN_COUNT(gmp_y), 0, 0));
    ir_tensor b = nn_convert(&x, GE_DTYPE_BFLOAT16);
    CHECK(nn_run_check("GlobalAveragePool", 22, NULL, 0, &b, 1, 1, 0, gap_y, NN_COUNT(gap_y), 2e-2, 2e-2));
    op_value out[1];
    CHECK_EQ(op_test_infer("GlobalAveragePool", 21, NULL, 0, &b, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "bfloat16");
    ir_tensor_free_data(&b);
}

int main(void)
{
    RUN_TEST(test_pool_infer);
    RUN_TEST(test_maxpool_kernel);
    RUN_TEST(test_avgpool_kernel);
    RUN_TEST(test_global_pool);
    return test_result();
}

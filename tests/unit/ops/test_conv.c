#include "unit/ops/data/nn_conv.h"
#include "unit/ops/nn_test.h"

#include <stdlib.h>
#include <time.h>

#define F GE_DTYPE_FLOAT32
#define INTS(name, ...) op_test_attr_ints(name, sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t), (int64_t[]){__VA_ARGS__})

static void test_conv_infer(void)
{
    ir_tensor in[3] = {nn_shape_only(F, 4, (int64_t[]){1, 3, 32, 31}), nn_shape_only(F, 4, (int64_t[]){8, 3, 3, 3}),
                       nn_shape_only(F, 1, (int64_t[]){8})};
    CHECK(nn_infer_shape("Conv", 11, NULL, 0, in, 3, 1, 0, 4, (int64_t[]){1, 8, 30, 29}));
    ir_attr a1[] = {INTS("strides", 2, 2), INTS("pads", 1, 1, 1, 1)};
    CHECK(nn_infer_shape("Conv", 11, a1, 2, in, 3, 1, 0, 4, (int64_t[]){1, 8, 16, 16}));
    ir_attr a2[] = {op_test_attr_string("auto_pad", "SAME_UPPER"), INTS("strides", 2, 3)};
    CHECK(nn_infer_shape("Conv", 11, a2, 2, in, 2, 1, 0, 4, (int64_t[]){1, 8, 16, 11}));
    ir_attr a3[] = {op_test_attr_string("auto_pad", "VALID"), INTS("dilations", 2, 2)};
    CHECK(nn_infer_shape("Conv", 11, a3, 2, in, 2, 1, 0, 4, (int64_t[]){1, 8, 28, 27}));
    /* unknown spatial dim and batch stay unknown; unknown W still gives the rank */
    in[0] = nn_shape_only(F, 4, (int64_t[]){-1, 3, -1, 31});
    CHECK(nn_infer_shape("Conv", 11, NULL, 0, in, 2, 1, 0, 4, (int64_t[]){-1, 8, -1, 29}));
    in[1] = nn_shape_only(F, -2, NULL);
    CHECK(nn_infer_shape("Conv", 11, NULL, 0, in, 2, 1, 0, 4, (int64_t[]){-1, -1, -1, -1}));
    ir_attr ks[] = {INTS("kernel_shape", 3, 3)};
    CHECK(nn_infer_shape("Conv", 11, ks, 1, in, 2, 1, 0, 4, (int64_t[]){-1, -1, -1, 29}));
    in[0] = nn_shape_only(F, -2, NULL);
    CHECK(nn_infer_shape("Conv", 11, NULL, 0, in, 2, 1, 0, -2, NULL));

    op_value out[1];
    in[0] = nn_shape_only(F, 4, (int64_t[]){1, 4, 8, 8});
    in[1] = nn_shape_only(F, 4, (int64_t[]){6, 2, 3, 3});
    ir_attr grp[] = {op_test_attr_int("group", 2)};
    CHECK(nn_infer_shape("Conv", 11, grp, 1, in, 2, 1, 0, 4, (int64_t[]){1, 6, 6, 6}));
    CHECK_EQ(op_test_infer("Conv", 11, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "channels");
    ir_attr grp3[] = {op_test_attr_int("group", 4)};
    CHECK_EQ(op_test_infer("Conv", 11, grp3, 1, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
    in[1] = nn_shape_only(F, 4, (int64_t[]){6, 4, 3, 3});
    ir_attr badpad[] = {INTS("pads", 1, 1)};
    CHECK_EQ(op_test_infer("Conv", 11, badpad, 1, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'pads' has 2 values; expected 4");
    ir_attr badstride[] = {INTS("strides", 1, 0)};
    CHECK_EQ(op_test_infer("Conv", 11, badstride, 1, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'strides'[1] is 0");
    ir_attr badap[] = {op_test_attr_string("auto_pad", "SAME")};
    CHECK_EQ(op_test_infer("Conv", 11, badap, 1, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "auto_pad");
    ir_attr badks[] = {INTS("kernel_shape", 5, 5)};
    CHECK_EQ(op_test_infer("Conv", 11, badks, 1, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "kernel_shape");
    in[1] = nn_shape_only(F, 4, (int64_t[]){6, 4, 9, 9});
    CHECK_EQ(op_test_infer("Conv", 11, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "smaller than the (dilated) kernel");
    in[1] = nn_shape_only(F, 3, (int64_t[]){6, 4, 3});
    CHECK_EQ(op_test_infer("Conv", 11, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank");
    in[1] = nn_shape_only(GE_DTYPE_FLOAT64, 4, (int64_t[]){6, 4, 3, 3});
    CHECK_EQ(op_test_infer("Conv", 11, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "dtype");
    in[0].dtype = in[1].dtype = GE_DTYPE_BFLOAT16;
    CHECK_EQ(op_test_infer("Conv", 21, NULL, 0, in, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    ge_error_take();
    CHECK_EQ(op_test_infer("Conv", 22, NULL, 0, in, 2, out, 1, false), GE_STATUS_SUCCESS);
}

static void test_conv_kernel(void)
{
    /* hand-worked: 1x1x3x3 all-ones kernel 2x2 over 1..9 */
    float x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w[] = {1, 1, 1, 1}, b[] = {10};
    ir_tensor h[3] = {op_test_tensor(F, 4, (int64_t[]){1, 1, 3, 3}, x), op_test_tensor(F, 4, (int64_t[]){1, 1, 2, 2}, w),
                      op_test_tensor(F, 1, (int64_t[]){1}, b)};
    CHECK(nn_run_check("Conv", 11, NULL, 0, h, 3, 1, 0, (float[]){22, 26, 34, 38}, 4, 0, 0));
    ir_attr same[] = {op_test_attr_string("auto_pad", "SAME_UPPER")};
    /* SAME_UPPER with k=2: pad 0 before, 1 after */
    CHECK(nn_run_check("Conv", 11, same, 1, h, 2, 1, 0, (float[]){12, 16, 9, 24, 28, 15, 15, 17, 9}, 9, 0, 0));
    ir_attr lower[] = {op_test_attr_string("auto_pad", "SAME_LOWER")};
    CHECK(nn_run_check("Conv", 11, lower, 1, h, 2, 1, 0, (float[]){1, 3, 5, 5, 12, 16, 11, 24, 28}, 9, 0, 0));

    ir_attr a2d[] = {INTS("strides", 2, 1), INTS("pads", 1, 0, 2, 1), INTS("dilations", 1, 2), op_test_attr_int("group", 2)};
    ir_tensor c2[3] = {NN_F32(conv2d_x), NN_F32(conv2d_w), NN_F32(conv2d_b)};
    CHECK(nn_infer_shape("Conv", 11, a2d, 4, c2, 3, 1, 0, conv2d_y_rank, conv2d_y_dims));
    CHECK(nn_run_check("Conv", 11, a2d, 4, c2, 3, 1, 0, conv2d_y, NN_COUNT(conv2d_y), 1e-5, 1e-5));
    ge_dtype dts[] = {GE_DTYPE_FLOAT64, GE_DTYPE_FLOAT16, GE_DTYPE_BFLOAT16};
    double tol[] = {1e-6, 1e-2, 5e-2};
    for (int k = 0; k < 3; k++) {
        ir_tensor c[3] = {nn_convert(&c2[0], dts[k]), nn_convert(&c2[1], dts[k]), nn_convert(&c2[2], dts[k])};
        CHECK(nn_run_check("Conv", 22, a2d, 4, c, 3, 1, 0, conv2d_y, NN_COUNT(conv2d_y), tol[k], tol[k] * 4));
        nn_free_all(c, 3);
    }
    ir_attr a1d[] = {INTS("strides", 2), INTS("pads", 2, 1), INTS("dilations", 2), INTS("kernel_shape", 3)};
    ir_tensor c1[2] = {NN_F32(conv1d_x), NN_F32(conv1d_w)};
    CHECK(nn_infer_shape("Conv", 1, a1d, 4, c1, 2, 1, 0, conv1d_y_rank, conv1d_y_dims));
    CHECK(nn_run_check("Conv", 1, a1d, 4, c1, 2, 1, 0, conv1d_y, NN_COUNT(conv1d_y), 1e-5, 1e-5));
    ir_attr a3d[] = {INTS("strides", 1, 2, 2), INTS("pads", 1, 1, 0, 0, 1, 1)};
    ir_tensor c3[2] = {NN_F32(conv3d_x), NN_F32(conv3d_w)};
    CHECK(nn_infer_shape("Conv", 11, a3d, 2, c3, 2, 1, 0, conv3d_y_rank, conv3d_y_dims));
    CHECK(nn_run_check("Conv", 11, a3d, 2, c3, 2, 1, 0, conv3d_y, NN_COUNT(conv3d_y), 1e-5, 1e-5));
    ir_attr asame[] = {op_test_attr_string("auto_pad", "SAME_LOWER"), INTS("strides", 2, 2)};
    ir_tensor cs[2] = {NN_F32(convsame_x), NN_F32(convsame_w)};
    CHECK(nn_infer_shape("Conv", 11, asame, 2, cs, 2, 1, 0, convsame_y_rank, convsame_y_dims));
    CHECK(nn_run_check("Conv", 11, asame, 2, cs, 2, 1, 0, convsame_y, NN_COUNT(convsame_y), 1e-5, 1e-5));
}

/* The reference conv must stay usable on real layer sizes (ResNet's 64x56x56, 3x3). */
static void test_conv_speed(void)
{
    size_t nx = 64 * 56 * 56, nw = 64 * 64 * 9;
    float *x = calloc(nx, sizeof *x), *w = calloc(nw, sizeof *w);
    CHECK(x && w);
    if (!x || !w) {
        free(x), free(w);
        return;
    }
    for (size_t i = 0; i < nx; i++)
        x[i] = (float)((i * 7) % 13) * 0.1f;
    for (size_t i = 0; i < nw; i++)
        w[i] = (float)((i * 5) % 11) * 0.01f;
    ir_tensor in[2] = {op_test_tensor(F, 4, (int64_t[]){1, 64, 56, 56}, x), op_test_tensor(F, 4, (int64_t[]){64, 64, 3, 3}, w)};
    ir_attr pads[] = {INTS("pads", 1, 1, 1, 1)};
    ir_tensor out[1];
    clock_t t0 = clock();
    CHECK_EQ(op_test_run("Conv", 11, pads, 1, in, 2, out, 1), GE_STATUS_SUCCESS);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    fprintf(stderr, "  conv 1x64x56x56 * 64x64x3x3: %.2f s\n", secs);
    /* spot check one interior output against a direct sum */
    if (out[0].data) {
        int m = 5, oh = 20, ow = 31;
        double acc = 0;
        for (int c = 0; c < 64; c++)
            for (int kh = 0; kh < 3; kh++)
                for (int kw = 0; kw < 3; kw++)
                    acc += (double)x[(c * 56 + oh - 1 + kh) * 56 + ow - 1 + kw] * w[((m * 64 + c) * 3 + kh) * 3 + kw];
        float got = ((float *)out[0].data)[(m * 56 + oh) * 56 + ow];
        CHECK(fabs(got - acc) < 1e-3 * fabs(acc) + 1e-4);
    }
    ir_tensor_free_data(&out[0]);
    free(x), free(w);
}

static void test_convtranspose(void)
{
    ir_attr at[] = {INTS("strides", 2, 3), INTS("pads", 1, 0, 1, 2), INTS("dilations", 1, 2), op_test_attr_int("group", 2),
                    INTS("output_padding", 1, 1)};
    ir_tensor in[3] = {NN_F32(convt_x), NN_F32(convt_w), NN_F32(convt_b)};
    CHECK(nn_infer_shape("ConvTranspose", 11, at, 5, in, 3, 1, 0, convt_y_rank, convt_y_dims));
    CHECK(nn_run_check("ConvTranspose", 11, at, 5, in, 3, 1, 0, convt_y, NN_COUNT(convt_y), 1e-5, 1e-5));
    ir_tensor d[3] = {nn_convert(&in[0], GE_DTYPE_FLOAT16), nn_convert(&in[1], GE_DTYPE_FLOAT16),
                      nn_convert(&in[2], GE_DTYPE_FLOAT16)};
    CHECK(nn_run_check("ConvTranspose", 11, at, 5, d, 3, 1, 0, convt_y, NN_COUNT(convt_y), 1e-2, 4e-2));
    nn_free_all(d, 3);

    ir_attr a1[] = {INTS("strides", 2)};
    ir_tensor t1[2] = {NN_F32(convt1d_x), NN_F32(convt1d_w)};
    CHECK(nn_run_check("ConvTranspose", 1, a1, 1, t1, 2, 1, 0, convt1d_y, NN_COUNT(convt1d_y), 1e-5, 1e-5));
    /* output_shape [12] over full size 11: total padding -1 -> the extra position gets nothing */
    ir_attr a2[] = {INTS("strides", 2), INTS("output_shape", 12)};
    float expect12[12];
    for (int i = 0; i < 12; i++)
        expect12[i] = i < 11 ? convt1d_y[i] : 0.0f;
    CHECK(nn_infer_shape("ConvTranspose", 11, a2, 2, t1, 2, 1, 0, 3, (int64_t[]){1, 1, 12}));
    /* total = -1: NOTSET puts total - floor(total / 2) = 0 at the begin, -1 at the end (the
     * extra position gets only the bias); SAME_UPPER puts floor(-1 / 2) = -1 at the begin. */
    CHECK(nn_run_check("ConvTranspose", 11, a2, 2, t1, 2, 1, 0, expect12, 12, 1e-5, 1e-5));
    float shifted[12];
    for (int i = 0; i < 12; i++)
        shifted[i] = i == 0 ? 0.0f : convt1d_y[i - 1];
    ir_attr a2u[] = {INTS("strides", 2), INTS("output_shape", 12), op_test_attr_string("auto_pad", "SAME_UPPER")};
    CHECK(nn_run_check("ConvTranspose", 11, a2u, 3, t1, 2, 1, 0, shifted, 12, 1e-5, 1e-5));

    /* SAME_UPPER: out = in * stride; hand-worked 1-D: x = [1, 2], w = [1, 1, 1], s = 2
     * full = [1, 1, 3, 2, 2] (size 5), target 4, total 1 -> pads begin 0, end 1 */
    float x[] = {1, 2}, w[] = {1, 1, 1};
    ir_tensor h[2] = {op_test_tensor(F, 3, (int64_t[]){1, 1, 2}, x), op_test_tensor(F, 3, (int64_t[]){1, 1, 3}, w)};
    ir_attr su[] = {INTS("strides", 2), op_test_attr_string("auto_pad", "SAME_UPPER")};
    CHECK(nn_run_check("ConvTranspose", 11, su, 2, h, 2, 1, 0, (float[]){1, 1, 3, 2}, 4, 0, 0));
    ir_attr sl[] = {INTS("strides", 2), op_test_attr_string("auto_pad", "SAME_LOWER")};
    CHECK(nn_run_check("ConvTranspose", 11, sl, 2, h, 2, 1, 0, (float[]){1, 3, 2, 2}, 4, 0, 0));
    ir_attr va[] = {INTS("strides", 2), op_test_attr_string("auto_pad", "VALID")};
    CHECK(nn_run_check("ConvTranspose", 11, va, 2, h, 2, 1, 0, (float[]){1, 1, 3, 2, 2}, 5, 0, 0));

    op_value out[1];
    ir_attr badop[] = {INTS("strides", 2), INTS("output_padding", 2)};
    CHECK_EQ(op_test_infer("ConvTranspose", 11, badop, 2, h, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "output_padding");
    ir_tensor u[2] = {nn_shape_only(F, 4, (int64_t[]){-1, 4, -1, 5}), nn_shape_only(F, 4, (int64_t[]){4, 3, 3, 3})};
    ir_attr g2[] = {op_test_attr_int("group", 2), INTS("strides", 2, 2)};
    CHECK(nn_infer_shape("ConvTranspose", 11, g2, 2, u, 2, 1, 0, 4, (int64_t[]){-1, 6, -1, 11}));
    u[1] = nn_shape_only(F, 4, (int64_t[]){3, 3, 3, 3});
    CHECK_EQ(op_test_infer("ConvTranspose", 11, g2, 2, u, 2, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "channels");
}

int main(void)
{
    RUN_TEST(test_conv_infer);
    RUN_TEST(test_conv_kernel);
    RUN_TEST(test_conv_speed);
    RUN_TEST(test_convtranspose);
    return test_result();
}

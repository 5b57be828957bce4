#include "data/x2_signal.h"
#include "x2_test.h"

#define TOL 2e-5

static void test_dft(void)
{
    ir_tensor xr = X2_F(dft_xr);
    /* opset 17: axis attribute (default 1), real input */
    CHECK(X2_RUN_F("DFT", 17, NULL, 0, &xr, 1, GE_DTYPE_FLOAT32, dft_r_full, TOL));
    ir_attr os = op_test_attr_int("onesided", 1);
    CHECK(X2_RUN_F("DFT", 17, &os, 1, &xr, 1, GE_DTYPE_FLOAT32, dft_r_onesided, TOL));
    int64_t l8 = 8, l3 = 3;
    ir_tensor pad[2] = {xr, TT_SCALAR_I64(&l8)}, trunc[2] = {xr, TT_SCALAR_I64(&l3)};
    CHECK(X2_RUN_F("DFT", 17, NULL, 0, pad, 2, GE_DTYPE_FLOAT32, dft_r_len8, TOL));
    CHECK(X2_RUN_F("DFT", 17, NULL, 0, trunc, 2, GE_DTYPE_FLOAT32, dft_r_len3, TOL));
    /* opset 20: axis input (default -2) */
    int64_t ax1 = 1, axm2 = -2;
    ir_tensor v20[3] = {xr, op_test_absent(), TT_SCALAR_I64(&ax1)};
    CHECK(X2_RUN_F("DFT", 20, NULL, 0, v20, 3, GE_DTYPE_FLOAT32, dft_r_full, TOL));
    CHECK(X2_RUN_F("DFT", 20, NULL, 0, &xr, 1, GE_DTYPE_FLOAT32, dft_r_full, TOL));
    /* complex input, axis 2 (= -2), and the inverse on axis 1 */
    ir_tensor xc = X2_F(dft_xc);
    ir_tensor c20[3] = {xc, op_test_absent(), TT_SCALAR_I64(&axm2)};
    CHECK(X2_RUN_F("DFT", 20, NULL, 0, c20, 3, GE_DTYPE_FLOAT32, dft_c_axis2, TOL));
    ir_attr inv = op_test_attr_int("inverse", 1);
    ir_tensor c1[3] = {xc, op_test_absent(), TT_SCALAR_I64(&ax1)};
    CHECK(X2_RUN_F("DFT", 20, &inv, 1, c1, 3, GE_DTYPE_FLOAT32, dft_c_axis1_inv, TOL));
    /* inverse + onesided = IRFFT: [2, 4 bins, 3, 2] -> real [2, L, 3, 1], L = 2 * (4 - 1) = 6 or
     * dft_length (5 crops to 3 bins, 9 zero-pads to 5); opset 17 (axis attribute) alike */
    ir_attr inv_os[2] = {inv, os};
    CHECK(X2_RUN_F("DFT", 20, inv_os, 2, c1, 3, GE_DTYPE_FLOAT32, dft_c_axis1_irfft, TOL));
    CHECK(X2_RUN_F("DFT", 17, inv_os, 2, &xc, 1, GE_DTYPE_FLOAT32, dft_c_axis1_irfft, TOL));
    int64_t l5 = 5, l9 = 9;
    ir_tensor c5[3] = {xc, TT_SCALAR_I64(&l5), TT_SCALAR_I64(&ax1)}, c9[2] = {xc, TT_SCALAR_I64(&l9)};
    CHECK(X2_RUN_F("DFT", 20, inv_os, 2, c5, 3, GE_DTYPE_FLOAT32, dft_c_axis1_irfft5, TOL));
    CHECK(X2_RUN_F("DFT", 17, inv_os, 2, c9, 2, GE_DTYPE_FLOAT32, dft_c_axis1_irfft9, TOL));
    /* rfft then irfft (dft_length 5) gives the real signal back */
    ir_tensor spec;
    CHECK_EQ(op_test_run("DFT", 17, &os, 1, &xr, 1, &spec, 1), GE_STATUS_SUCCESS);
    ir_tensor back[2] = {spec, TT_SCALAR_I64(&l5)};
    CHECK(X2_RUN_F("DFT", 17, inv_os, 2, back, 2, GE_DTYPE_FLOAT32, dft_r_irfft_back, TOL));
    CHECK(X2_RUN_F("DFT", 17, inv_os, 2, back, 2, GE_DTYPE_FLOAT32, dft_xr, TOL));
    ir_tensor_free_data(&spec);
    /* by hand: bins [4, 0+2j, 0] (L 4: bin 2 is Nyquist) -> (4 + 2 Re(2j e^{j pi t/2}) + 0) / 4
     * = [1, 0, 1, 2]; the imaginary parts of DC and Nyquist do not count */
    float hb[] = {4, 7, 0, 2, 0, -3};
    ir_tensor hx = op_test_tensor(GE_DTYPE_FLOAT32, 3, (int64_t[]){1, 3, 2}, hb);
    CHECK(x2_run_f("DFT", 17, inv_os, 2, &hx, 1, GE_DTYPE_FLOAT32, (float[]){1, 0, 1, 2}, 4, 3,
                   (int64_t[]){1, 4, 1}, 1e-6));
    /* IRFFT inference and errors: a real input, one bin without dft_length */
    op_value io[1];
    CHECK_EQ(op_test_infer("DFT", 17, inv_os, 2, &xc, 1, io, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&io[0].shape, 4, 2, 6, 3, 1));
    CHECK_EQ(op_test_infer("DFT", 20, inv_os, 2, c1, 3, io, 1, false), GE_STATUS_SUCCESS); /* axis not known */
    CHECK(TT_SHAPE(&io[0].shape, 4, 2, -1, -1, 1));
    CHECK(tt_infer_fails("DFT", 17, inv_os, 2, &xr, 1, 1, "its last dim must be 2, not 1"));
    ir_tensor one = op_test_tensor(GE_DTYPE_FLOAT32, 3, (int64_t[]){1, 1, 2}, hb);
    CHECK(tt_infer_fails("DFT", 17, inv_os, 2, &one, 1, 1, "2 * (bins - 1) = 0"));
    /* one bin 4+7j with dft_length 5: the DC real part spread over 5 samples */
    ir_tensor onel[2] = {one, TT_SCALAR_I64(&l5)};
    CHECK(x2_run_f("DFT", 17, inv_os, 2, onel, 2, GE_DTYPE_FLOAT32, (float[]){0.8f, 0.8f, 0.8f, 0.8f, 0.8f}, 5, 3,
                   (int64_t[]){1, 5, 1}, 1e-6));
    /* float64 round trip of a short signal by hand: DFT of [1, 0, 0, 0] is all ones */
    double imp[4] = {1, 0, 0, 0};
    ir_tensor ti = op_test_tensor(GE_DTYPE_FLOAT64, 3, (int64_t[]){1, 4, 1}, imp);
    CHECK(x2_run_f("DFT", 17, NULL, 0, &ti, 1, GE_DTYPE_FLOAT64, (float[]){1, 0, 1, 0, 1, 0, 1, 0}, 8, 3,
                   (int64_t[]){1, 4, 2}, 1e-12));
    /* inference: unknown dft_length leaves the axis unknown; errors */
    op_value out[1];
    CHECK_EQ(op_test_infer("DFT", 17, &os, 1, pad, 2, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, 2, -1, 2));
    CHECK_EQ(op_test_infer("DFT", 17, &os, 1, pad, 2, out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 3, 2, 5, 2));
    int64_t axl = 2;
    ir_tensor bad[3] = {xr, op_test_absent(), TT_SCALAR_I64(&axl)};
    CHECK(tt_infer_fails("DFT", 20, NULL, 0, bad, 3, 1, "axis 2 is out of range for input 0 of rank 3"));
    ir_tensor x3 = xc;
    x3.shape.dims[3] = 3;
    CHECK(tt_infer_fails("DFT", 17, NULL, 0, &x3, 1, 1, "its last dim must be 1 (real) or 2 (complex)"));
    int64_t zero = 0;
    ir_tensor bl[2] = {xr, TT_SCALAR_I64(&zero)};
    CHECK(tt_infer_fails("DFT", 17, NULL, 0, bl, 2, 1, "input 1 'dft_length' is 0; expected >= 1"));
}

static void test_stft(void)
{
    int64_t step = 4, fl = 6;
    ir_tensor in[4] = {X2_F(stft_x), TT_SCALAR_I64(&step), X2_F(stft_w), TT_SCALAR_I64(&fl)};
    CHECK(X2_RUN_F("STFT", 17, NULL, 0, in, 3, GE_DTYPE_FLOAT32, stft_y, TOL));
    CHECK(X2_RUN_F("STFT", 17, NULL, 0, in, 4, GE_DTYPE_FLOAT32, stft_y, TOL));
    int64_t step5 = 5, fl5 = 5;
    ir_attr two = op_test_attr_int("onesided", 0);
    ir_tensor nw[4] = {in[0], TT_SCALAR_I64(&step5), op_test_absent(), TT_SCALAR_I64(&fl5)};
    CHECK(X2_RUN_F("STFT", 17, &two, 1, nw, 4, GE_DTYPE_FLOAT32, stft_y_full, TOL));
    int64_t fl7 = 7;
    ir_tensor mism[4] = {in[0], in[1], in[2], TT_SCALAR_I64(&fl7)};
    CHECK(tt_infer_fails("STFT", 17, NULL, 0, mism, 4, 1, "input 3 'frame_length' is 7 but input 2 'window' has 6 values"));
    CHECK(tt_infer_fails("STFT", 17, NULL, 0, in, 2, 1, "needs input 2 'window' or input 3 'frame_length'"));
    op_value out[1];
    CHECK_EQ(op_test_infer("STFT", 17, NULL, 0, in, 3, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 4, 1, -1, 4, 2));
}

static bool run_window(const char *op, int64_t periodic, const float *exp)
{
    int64_t n = 10;
    ir_tensor sz = TT_SCALAR_I64(&n);
    ir_attr p = op_test_attr_int("periodic", periodic);
    return x2_run_f(op, 17, &p, 1, &sz, 1, GE_DTYPE_FLOAT32, exp, 10, 1, (int64_t[]){10}, 1e-6);
}

static void test_windows(void)
{
    CHECK(run_window("HannWindow", 1, win_hann_p));
    CHECK(run_window("HannWindow", 0, win_hann_s));
    CHECK(run_window("HammingWindow", 1, win_hamming_p));
    CHECK(run_window("HammingWindow", 0, win_hamming_s));
    CHECK(run_window("BlackmanWindow", 1, win_blackman_p));
    CHECK(run_window("BlackmanWindow", 0, win_blackman_s));
    /* output_datatype double, int32 size; unknown size at inference; bad output type */
    int32_t n4 = 4;
    ir_tensor sz = op_test_tensor(GE_DTYPE_INT32, 0, NULL, &n4);
    ir_attr dt = op_test_attr_int("output_datatype", 11);
    CHECK(x2_run_f("HannWindow", 17, &dt, 1, &sz, 1, GE_DTYPE_FLOAT64, (float[]){0, 0.5f, 1, 0.5f}, 4, 1,
                   (int64_t[]){4}, 1e-12));
    op_value out[1];
    CHECK_EQ(op_test_infer("HannWindow", 17, NULL, 0, &sz, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 1, -1));
    ir_attr f8 = op_test_attr_int("output_datatype", 17);
    CHECK(tt_infer_fails("HannWindow", 17, &f8, 1, &sz, 1, 1, "geflow has no FLOAT8E4M3FN dtype"));
    float fsz = 4;
    ir_tensor bad = op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &fsz);
    CHECK(tt_infer_fails("BlackmanWindow", 17, NULL, 0, &bad, 1, 1, "input 0 'size' has dtype float32"));
}

static void test_mel(void)
{
    int64_t nmel = 8, dftlen = 32, rate = 16000;
    float lo = 100, hi = 7000;
    ir_tensor in[5] = {TT_SCALAR_I64(&nmel), TT_SCALAR_I64(&dftlen), TT_SCALAR_I64(&rate),
                       op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &lo), op_test_tensor(GE_DTYPE_FLOAT32, 0, NULL, &hi)};
    CHECK(X2_RUN_F("MelWeightMatrix", 17, NULL, 0, in, 5, GE_DTYPE_FLOAT32, mel_y, 1e-6));
    op_value out[1];
    CHECK_EQ(op_test_infer("MelWeightMatrix", 17, NULL, 0, in, 5, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 2, -1, -1));
    ir_tensor bad[5] = {in[3], in[1], in[2], in[3], in[4]};
    CHECK(tt_infer_fails("MelWeightMatrix", 17, NULL, 0, bad, 5, 1, "input 0 'num_mel_bins' has dtype float32"));
}

int main(void)
{
    RUN_TEST(test_dft);
    RUN_TEST(test_stft);
    RUN_TEST(test_windows);
    RUN_TEST(test_mel);
    return test_result();
}

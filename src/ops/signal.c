/* Signal family: DFT (17: axis attribute; 20: axis input), STFT, HannWindow, HammingWindow,
 * BlackmanWindow, MelWeightMatrix. Complex values are a trailing dim of 2 (real, imaginary);
 * a trailing dim of 1 is a real signal. DFT and STFT are direct O(n * L) transforms in double
 * with an exact twiddle table (index k*n mod L), as the ONNX reference (numpy.fft) defines
 * them: dft_length zero-pads or truncates the signal; onesided keeps bins 0 .. L/2; inverse
 * uses e^{+j} and divides by L. inverse with onesided is the IRFFT (numpy.fft.irfft, both
 * opsets): a one-sided complex spectrum in, a real signal of length L out ([..., L, ..., 1]),
 * L = dft_length (the bins cropped or zero-padded to L/2 + 1) or 2 * (bins - 1) without it;
 * the missing bins are the conjugates of the given ones. */
#include "base/alloc.h"
#include "ops/tensor_util.h"
#include "ops/xop_util.h"

#include <math.h>
#include <string.h>

#define F4 GE_DTS_FLOATS
#define TIND (GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))

static const double PI = 3.14159265358979323846;

static ge_status sig_check(const op_infer_ctx *ctx)
{
    const op_schema *s = ctx->node.schema;
    if (ctx->n_inputs < s->min_inputs || ctx->n_inputs > s->max_inputs || ctx->n_outputs != 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs and %zu outputs; expected %u to %u and 1",
                       ctx->n_inputs, ctx->n_outputs, s->min_inputs, s->max_inputs);
    for (size_t i = 0; i < s->min_inputs; i++)
        if (!ctx->inputs[i].present)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu is required", i);
    return xo_check_attrs(&ctx->node);
}

/* An optional scalar int input: *known false when absent (then *v = dflt) or not constant. */
static ge_status int_input(const op_infer_ctx *ctx, size_t i, const char *what, int64_t dflt, bool *present,
                           bool *known, int64_t *v)
{
    const op_value *in = tu_in(ctx, i);
    *v = dflt;
    *present = in != NULL;
    *known = in == NULL;
    if (!in)
        return GE_STATUS_SUCCESS;
    if (!(TIND & GE_DT(in->dtype)))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "%s has dtype %s; expected int32 or int64", what,
                       ge_dtype_name(in->dtype));
    if (in->value) {
        XO_TRY(tu_read_scalar_i64(&ctx->node, in->value, what, v));
        *known = true;
    }
    return GE_STATUS_SUCCESS;
}

/* ---- DFT ---- */

typedef struct dft_geom {
    int32_t axis;
    int64_t len;  /* dft_length (-1 unknown) */
    int64_t out;  /* output bins on the axis */
    bool axis_known;
    bool irfft;   /* inverse + onesided: one-sided spectrum in, real signal out */
} dft_geom;

static ge_status dft_geometry(const op_infer_ctx *ctx, dft_geom *g)
{
    const op_node_info *node = &ctx->node;
    const ir_shape *xs = &ctx->inputs[0].shape;
    bool v20 = node->schema->since_opset >= 20;
    int64_t axis;
    bool ap, ak;
    if (v20)
        XO_TRY(int_input(ctx, 2, "input 2 'axis'", -2, &ap, &ak, &axis));
    else {
        axis = op_attr_int(node, "axis");
        ak = true;
    }
    g->axis_known = ak;
    g->len = -1;
    g->irfft = false;
    bool lp, lk;
    int64_t len;
    XO_TRY(int_input(ctx, 1, "input 1 'dft_length'", -1, &lp, &lk, &len));
    if (lp && lk && len < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'dft_length' is %lld; expected >= 1", (long long)len);
    if (xs->rank < 0)
        return GE_STATUS_SUCCESS;
    char b[96];
    if (xs->rank < 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has shape %s; expected rank >= 2 with a last dim of 1 (real) "
                       "or 2 (complex)", ir_shape_format(xs, b, sizeof b));
    int64_t last = xs->dims[xs->rank - 1];
    if (last >= 0 && last != 1 && last != 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has shape %s; its last dim must be 1 (real) or 2 (complex)",
                       ir_shape_format(xs, b, sizeof b));
    bool onesided = op_attr_int(node, "onesided") != 0;
    g->irfft = onesided && op_attr_int(node, "inverse") != 0;
    if (g->irfft && last == 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has shape %s: inverse=1 with onesided=1 (IRFFT) takes a "
                       "one-sided complex spectrum, so its last dim must be 2, not 1", ir_shape_format(xs, b, sizeof b));
    if (!ak)
        return GE_STATUS_SUCCESS;
    int32_t r = xs->rank;
    if (axis < -r || axis > r - 2 || axis == -1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "axis %lld is out of range for input 0 of rank %d; expected "
                       "[-%d, -2] or [0, %d]", (long long)axis, (int)r, (int)r, (int)r - 2);
    g->axis = (int32_t)(axis < 0 ? axis + r : axis);
    int64_t n = xs->dims[g->axis];
    if (g->irfft) {
        if (!lp && n >= 0 && n < 2)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has shape %s: an IRFFT (inverse=1, onesided=1) of %lld "
                           "bins without input 1 'dft_length' has signal length 2 * (bins - 1) = %lld; expected >= 1 "
                           "(give dft_length)", ir_shape_format(xs, b, sizeof b), (long long)n, (long long)(2 * (n - 1)));
        g->len = lp ? (lk ? len : -1) : n < 0 ? -1 : 2 * (n - 1);
        g->out = g->len;
        return GE_STATUS_SUCCESS;
    }
    g->len = lp ? (lk ? len : -1) : n;
    g->out = g->len < 0 ? -1 : onesided ? g->len / 2 + 1 : g->len;
    return GE_STATUS_SUCCESS;
}

static ge_status dft_infer(op_infer_ctx *ctx)
{
    XO_TRY(sig_check(ctx));
    const op_value *x = &ctx->inputs[0];
    if (!(ctx->node.schema->dtypes & GE_DT(x->dtype)))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has dtype %s; expected a float dtype",
                       ge_dtype_name(x->dtype));
    dft_geom g;
    XO_TRY(dft_geometry(ctx, &g));
    ir_shape s = x->shape;
    if (s.rank >= 0) {
        if (g.axis_known)
            s.dims[g.axis] = g.out;
        else
            for (int32_t d = 1; d < s.rank - 1; d++)
                s.dims[d] = -1;
        s.dims[s.rank - 1] = g.irfft ? 1 : 2;
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

/* cos/sin of 2*pi*m/L for m in [0, L). */
static ge_status twiddles(const op_node_info *node, int64_t L, double **out)
{
    double *t = ge_malloc(sizeof(double) * 2 * (size_t)L);
    if (!t)
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for a %lld-point DFT table", (long long)L);
    for (int64_t m = 0; m < L; m++) {
        double a = 2.0 * PI * (double)m / (double)L;
        t[2 * m] = cos(a);
        t[2 * m + 1] = sin(a);
    }
    *out = t;
    return GE_STATUS_SUCCESS;
}

/* One transform: n input values (re, im strided), L-point DFT, `nout` bins written. */
static void dft_line(const double *tw, int64_t L, const double *re, const double *im, int64_t n, int64_t nout,
                     bool inverse, double *ore, double *oim)
{
    if (n > L)
        n = L;
    for (int64_t k = 0; k < nout; k++) {
        double sr = 0.0, si = 0.0;
        int64_t m = 0;
        for (int64_t t = 0; t < n; t++) {
            double c = tw[2 * m], s = inverse ? tw[2 * m + 1] : -tw[2 * m + 1];
            double xr = re[t], xi = im ? im[t] : 0.0;
            sr += xr * c - xi * s;
            si += xr * s + xi * c;
            m += k;
            if (m >= L)
                m %= L;
        }
        if (inverse) {
            sr /= (double)L;
            si /= (double)L;
        }
        ore[k] = sr;
        oim[k] = si;
    }
}

/* One IRFFT: nb one-sided bins (nb <= L/2 + 1) to L real samples. Each bin k in 1 .. ceil(L/2)-1
 * stands for itself and its conjugate at L - k (twice the real part); bin 0 and, for even L, bin
 * L/2 are their own conjugates, so only their real parts count (as numpy.fft.irfft). */
static void irfft_line(const double *tw, int64_t L, const double *re, const double *im, int64_t nb, double *out)
{
    for (int64_t t = 0; t < L; t++) {
        double s = 0.0;
        int64_t m = 0;
        for (int64_t k = 0; k < nb; k++) {
            double w = (k == 0 || 2 * k == L) ? 1.0 : 2.0;
            s += w * (re[k] * tw[2 * m] - im[k] * tw[2 * m + 1]);
            m += t;
            if (m >= L)
                m %= L;
        }
        out[t] = s / (double)L;
    }
}

static ge_status dft_kernel(op_kernel_ctx *ctx)
{
    op_value outs[1];
    TU_TRY(tu_kernel_infer(ctx, outs));
    TU_TRY(tu_out_ready(ctx, 0, &outs[0].shape));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    /* recompute the geometry with the actual inputs */
    op_value vin[3];
    size_t ni = ctx->n_inputs < 3 ? ctx->n_inputs : 3;
    for (size_t i = 0; i < ni; i++) {
        vin[i].present = ir_tensor_present(&ctx->inputs[i]);
        vin[i].dtype = ctx->inputs[i].dtype;
        vin[i].shape = ctx->inputs[i].shape;
        vin[i].value = vin[i].present ? &ctx->inputs[i] : NULL;
    }
    op_infer_ctx ic = {.node = ctx->node, .n_inputs = ni, .inputs = vin, .n_outputs = 1, .outputs = outs};
    dft_geom g;
    XO_TRY(dft_geometry(&ic, &g));
    bool inverse = op_attr_int(&ctx->node, "inverse") != 0;
    const ir_shape *xs = &x->shape;
    int64_t comp = xs->dims[xs->rank - 1], n = xs->dims[g.axis], L = g.len, nout = g.out;
    int64_t outer = tu_prod(xs, 0, g.axis), inner = tu_prod(xs, g.axis + 1, xs->rank - 1);
    if (ir_tensor_numel(y) == 0)
        return GE_STATUS_SUCCESS;
    double *tw = NULL;
    XO_TRY(twiddles(&ctx->node, L, &tw));
    int64_t nn = g.irfft ? (n < L / 2 + 1 ? n : L / 2 + 1) : n < L ? n : L;
    double *buf = ge_malloc(sizeof(double) * (size_t)(2 * (nn > 0 ? nn : 1) + 2 * nout));
    if (!buf) {
        ge_free(tw);
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for a DFT line");
    }
    double *re = buf, *im = buf + nn, *ore = im + nn, *oim = ore + nout;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t in = 0; in < inner; in++) {
            for (int64_t t = 0; t < nn; t++) {
                size_t base = (size_t)(((o * n + t) * inner + in) * comp);
                re[t] = op_load_f64(x->data, x->dtype, base);
                im[t] = comp == 2 ? op_load_f64(x->data, x->dtype, base + 1) : 0.0;
            }
            if (g.irfft) {
                irfft_line(tw, L, re, im, nn, ore);
                for (int64_t t = 0; t < L; t++)
                    op_store_f64(y->data, y->dtype, (size_t)((o * L + t) * inner + in), ore[t]);
                continue;
            }
            dft_line(tw, L, re, im, nn, nout, inverse, ore, oim);
            for (int64_t k = 0; k < nout; k++) {
                size_t ob = (size_t)(((o * nout + k) * inner + in) * 2);
                op_store_f64(y->data, y->dtype, ob, ore[k]);
                op_store_f64(y->data, y->dtype, ob + 1, oim[k]);
            }
        }
    ge_free(buf);
    ge_free(tw);
    return GE_STATUS_SUCCESS;
}

/* ---- STFT: signal [batch, length, 1|2], frame_step, window [frame_length], frame_length ---- */

typedef struct stft_geom {
    int64_t step, flen, frames, bins;
} stft_geom;

static ge_status stft_geometry(const op_infer_ctx *ctx, stft_geom *g)
{
    const op_node_info *node = &ctx->node;
    const ir_shape *xs = &ctx->inputs[0].shape;
    char b[96];
    g->frames = g->bins = g->flen = -1;
    bool p, k;
    XO_TRY(int_input(ctx, 1, "input 1 'frame_step'", -1, &p, &k, &g->step));
    if (k && g->step < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'frame_step' is %lld; expected >= 1", (long long)g->step);
    const op_value *w = tu_in(ctx, 2);
    int64_t wl = -1;
    if (w) {
        if (w->dtype != ctx->inputs[0].dtype)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'window' has dtype %s; expected the signal's %s",
                           ge_dtype_name(w->dtype), ge_dtype_name(ctx->inputs[0].dtype));
        if (w->shape.rank >= 0 && w->shape.rank != 1)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'window' has shape %s; expected 1-D",
                           ir_shape_format(&w->shape, b, sizeof b));
        wl = w->shape.rank == 1 ? w->shape.dims[0] : -1;
    }
    bool fp, fk;
    int64_t fl;
    XO_TRY(int_input(ctx, 3, "input 3 'frame_length'", -1, &fp, &fk, &fl));
    if (fp && fk && fl < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 'frame_length' is %lld; expected >= 1", (long long)fl);
    if (!w && !fp)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "needs input 2 'window' or input 3 'frame_length'");
    if (fp && fk && wl >= 0 && fl != wl)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 'frame_length' is %lld but input 2 'window' has %lld values",
                       (long long)fl, (long long)wl);
    g->flen = fp ? (fk ? fl : -1) : wl;
    if (xs->rank >= 0) {
        if (xs->rank != 3 || (xs->dims[2] >= 0 && xs->dims[2] != 1 && xs->dims[2] != 2))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has shape %s; expected [batch, length, 1 or 2]",
                           ir_shape_format(xs, b, sizeof b));
        int64_t len = xs->dims[1];
        if (len >= 0 && g->flen > len)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "frame length %lld exceeds the signal length %lld",
                           (long long)g->flen, (long long)len);
        if (len >= 0 && g->flen >= 0 && k)
            g->frames = (len - g->flen) / g->step + 1;
    }
    if (g->flen >= 0)
        g->bins = op_attr_int(node, "onesided") ? g->flen / 2 + 1 : g->flen;
    return GE_STATUS_SUCCESS;
}

static ge_status stft_infer(op_infer_ctx *ctx)
{
    XO_TRY(sig_check(ctx));
    const op_value *x = &ctx->inputs[0];
    if (!(ctx->node.schema->dtypes & GE_DT(x->dtype)))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has dtype %s; expected a float dtype",
                       ge_dtype_name(x->dtype));
    stft_geom g;
    XO_TRY(stft_geometry(ctx, &g));
    ir_shape s;
    ir_shape_make(&s, 4, (int64_t[]){x->shape.rank >= 1 ? x->shape.dims[0] : -1, g.frames, g.bins, 2});
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status stft_kernel(op_kernel_ctx *ctx)
{
    op_value outs[1], vin[4];
    TU_TRY(tu_kernel_infer(ctx, outs));
    TU_TRY(tu_out_ready(ctx, 0, &outs[0].shape));
    for (size_t i = 0; i < ctx->n_inputs && i < 4; i++) {
        vin[i].present = ir_tensor_present(&ctx->inputs[i]);
        vin[i].dtype = ctx->inputs[i].dtype;
        vin[i].shape = ctx->inputs[i].shape;
        vin[i].value = vin[i].present ? &ctx->inputs[i] : NULL;
    }
    op_infer_ctx ic = {.node = ctx->node, .n_inputs = ctx->n_inputs < 4 ? ctx->n_inputs : 4, .inputs = vin,
                       .n_outputs = 1, .outputs = outs};
    stft_geom g;
    XO_TRY(stft_geometry(&ic, &g));
    const ir_tensor *x = &ctx->inputs[0], *w = tu_kin(ctx, 2);
    ir_tensor *y = &ctx->outputs[0];
    int64_t B = x->shape.dims[0], len = x->shape.dims[1], comp = x->shape.dims[2], L = g.flen;
    if (ir_tensor_numel(y) == 0)
        return GE_STATUS_SUCCESS;
    double *tw = NULL;
    XO_TRY(twiddles(&ctx->node, L, &tw));
    double *buf = ge_malloc(sizeof(double) * (size_t)(4 * L));
    if (!buf) {
        ge_free(tw);
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for an STFT frame");
    }
    double *re = buf, *im = buf + L, *ore = im + L, *oim = ore + L;
    for (int64_t b = 0; b < B; b++)
        for (int64_t f = 0; f < g.frames; f++) {
            for (int64_t t = 0; t < L; t++) {
                size_t i = (size_t)((b * len + f * g.step + t) * comp);
                double wv = w ? op_load_f64(w->data, w->dtype, (size_t)t) : 1.0;
                re[t] = op_load_f64(x->data, x->dtype, i) * wv;
                im[t] = comp == 2 ? op_load_f64(x->data, x->dtype, i + 1) * wv : 0.0;
            }
            dft_line(tw, L, re, im, L, g.bins, false, ore, oim);
            for (int64_t k = 0; k < g.bins; k++) {
                size_t o = (size_t)(((b * g.frames + f) * g.bins + k) * 2);
                op_store_f64(y->data, y->dtype, o, ore[k]);
                op_store_f64(y->data, y->dtype, o + 1, oim[k]);
            }
        }
    ge_free(buf);
    ge_free(tw);
    return GE_STATUS_SUCCESS;
}

/* ---- windows ---- */

static ge_status out_datatype(const op_node_info *node, ge_dtype *dt)
{
    return xo_onnx_dtype(node, "attribute 'output_datatype'", op_attr_int(node, "output_datatype"), GE_DTS_NUMERIC, dt);
}

static ge_status window_infer(op_infer_ctx *ctx)
{
    XO_TRY(sig_check(ctx));
    ge_dtype dt;
    XO_TRY(out_datatype(&ctx->node, &dt));
    const op_value *sz = &ctx->inputs[0];
    char b[96];
    if (!(TIND & GE_DT(sz->dtype)))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 'size' has dtype %s; expected int32 or int64",
                       ge_dtype_name(sz->dtype));
    if (sz->shape.rank > 1 || (sz->shape.rank == 1 && sz->shape.dims[0] > 1))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 'size' has shape %s; expected a scalar",
                       ir_shape_format(&sz->shape, b, sizeof b));
    int64_t n = -1;
    if (sz->value) {
        XO_TRY(tu_read_scalar_i64(&ctx->node, sz->value, "input 0 'size'", &n));
        if (n < 0)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 'size' is %lld; expected >= 0", (long long)n);
    }
    ir_shape s;
    ir_shape_make(&s, 1, &n);
    tu_set_out(ctx, 0, dt, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status window_run(op_kernel_ctx *ctx, double a0, double a1, double a2)
{
    TU_TRY(tu_kernel_prepare(ctx));
    ir_tensor *y = &ctx->outputs[0];
    int64_t n = ir_tensor_numel(y);
    double N = op_attr_int(&ctx->node, "periodic") ? (double)n : (double)(n - 1);
    for (int64_t i = 0; i < n; i++) {
        double v = N == 0.0 ? 1.0 : a0 - a1 * cos(2.0 * PI * (double)i / N) + a2 * cos(4.0 * PI * (double)i / N);
        op_store_f64(y->data, y->dtype, (size_t)i, v);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status hann_kernel(op_kernel_ctx *ctx)
{
    return window_run(ctx, 0.5, 0.5, 0.0);
}

static ge_status hamming_kernel(op_kernel_ctx *ctx)
{
    return window_run(ctx, 25.0 / 46.0, 1.0 - 25.0 / 46.0, 0.0);
}

static ge_status blackman_kernel(op_kernel_ctx *ctx)
{
    return window_run(ctx, 0.42, 0.5, 0.08);
}

/* ---- MelWeightMatrix: num_mel_bins, dft_length, sample_rate, lower_edge_hertz, upper_edge_hertz ---- */

static ge_status mel_infer(op_infer_ctx *ctx)
{
    XO_TRY(sig_check(ctx));
    ge_dtype dt;
    XO_TRY(out_datatype(&ctx->node, &dt));
    static const char *const names[5] = {"input 0 'num_mel_bins'", "input 1 'dft_length'", "input 2 'sample_rate'",
                                         "input 3 'lower_edge_hertz'", "input 4 'upper_edge_hertz'"};
    int64_t v[2] = {-1, -1};
    for (size_t i = 0; i < 5; i++) {
        const op_value *in = &ctx->inputs[i];
        ge_dtype_set allowed = i < 3 ? TIND : GE_DTS_FLOATS;
        if (!(allowed & GE_DT(in->dtype)))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "%s has dtype %s; expected %s", names[i],
                           ge_dtype_name(in->dtype), i < 3 ? "int32 or int64" : "a float dtype");
        if (i < 2 && in->value) {
            XO_TRY(tu_read_scalar_i64(&ctx->node, in->value, names[i], &v[i]));
            if (v[i] < 1)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "%s is %lld; expected >= 1", names[i],
                               (long long)v[i]);
        }
    }
    ir_shape s;
    ir_shape_make(&s, 2, (int64_t[]){v[1] < 0 ? -1 : v[1] / 2 + 1, v[0]});
    tu_set_out(ctx, 0, dt, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status mel_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const op_node_info *node = &ctx->node;
    int64_t nmel, dftlen, rate;
    TU_TRY(tu_read_scalar_i64(node, &ctx->inputs[0], "input 0 'num_mel_bins'", &nmel));
    TU_TRY(tu_read_scalar_i64(node, &ctx->inputs[1], "input 1 'dft_length'", &dftlen));
    TU_TRY(tu_read_scalar_i64(node, &ctx->inputs[2], "input 2 'sample_rate'", &rate));
    if (rate < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'sample_rate' is %lld; expected >= 1", (long long)rate);
    float lo = (float)op_load_f64(ctx->inputs[3].data, ctx->inputs[3].dtype, 0);
    float hi = (float)op_load_f64(ctx->inputs[4].data, ctx->inputs[4].dtype, 0);
    ir_tensor *y = &ctx->outputs[0];
    int64_t nspec = dftlen / 2 + 1;
    int64_t *bins = ge_malloc(sizeof(int64_t) * (size_t)(nmel + 2));
    double *out = ge_calloc((size_t)(nspec * nmel), sizeof(double));
    if (!bins || !out) {
        ge_free(bins);
        ge_free(out);
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for a %lld x %lld mel matrix", (long long)nspec,
                       (long long)nmel);
    }
    /* The ONNX reference: mel edges in float32, bin frequencies in double. */
    float lmel = 2595.0f * log10f(1.0f + lo / 700.0f), hmel = 2595.0f * log10f(1.0f + hi / 700.0f);
    float step = (hmel - lmel) / (float)(nmel + 2);
    for (int64_t i = 0; i < nmel + 2; i++) {
        double f = (double)i * (double)step + (double)lmel;
        f = 700.0 * (pow(10.0, f / 2595.0) - 1.0);
        bins[i] = (int64_t)floor((double)(dftlen + 1) * f / (double)rate);
    }
    for (int64_t i = 0; i < nmel; i++) {
        int64_t l = bins[i], c = bins[i + 1], r = bins[i + 2];
        if (c - l == 0) {
            if (c >= 0 && c < nspec)
                out[c * nmel + i] = 1.0;
        } else
            for (int64_t j = l; j <= c; j++)
                if (j >= 0 && j < nspec)
                    out[j * nmel + i] = (double)(j - l) / (double)(c - l);
        if (r - c > 0)
            for (int64_t j = c; j < r; j++)
                if (j >= 0 && j < nspec)
                    out[j * nmel + i] = (double)(r - j) / (double)(r - c);
    }
    for (int64_t i = 0; i < nspec * nmel; i++)
        op_store_f64(y->data, y->dtype, (size_t)i, out[i]);
    ge_free(bins);
    ge_free(out);
    return GE_STATUS_SUCCESS;
}

static const op_attr_def dft17_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    {"inverse", IR_ATTR_INT, false, 0, 0, NULL},
    {"onesided", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def dft20_attrs[] = {
    {"inverse", IR_ATTR_INT, false, 0, 0, NULL},
    {"onesided", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def stft_attrs[] = {{"onesided", IR_ATTR_INT, false, 1, 0, NULL}, OP_ATTRS_END};
static const op_attr_def window_attrs[] = {
    {"output_datatype", IR_ATTR_INT, false, 1, 0, NULL},
    {"periodic", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def mel_attrs[] = {{"output_datatype", IR_ATTR_INT, false, 1, 0, NULL}, OP_ATTRS_END};

#define MAX OP_ONNX_OPSET_MAX

const op_schema op_family_signal[] = {
    {"DFT", OP_DOMAIN_ONNX, 17, 19, 1, 2, 1, 1, dft17_attrs, F4, dft_infer, dft_kernel},
    {"DFT", OP_DOMAIN_ONNX, 20, MAX, 1, 3, 1, 1, dft20_attrs, F4, dft_infer, dft_kernel},
    {"STFT", OP_DOMAIN_ONNX, 17, MAX, 2, 4, 1, 1, stft_attrs, F4, stft_infer, stft_kernel},
    {"HannWindow", OP_DOMAIN_ONNX, 17, MAX, 1, 1, 1, 1, window_attrs, TIND, window_infer, hann_kernel},
    {"HammingWindow", OP_DOMAIN_ONNX, 17, MAX, 1, 1, 1, 1, window_attrs, TIND, window_infer, hamming_kernel},
    {"BlackmanWindow", OP_DOMAIN_ONNX, 17, MAX, 1, 1, 1, 1, window_attrs, TIND, window_infer, blackman_kernel},
    {"MelWeightMatrix", OP_DOMAIN_ONNX, 17, MAX, 5, 5, 1, 1, mel_attrs, TIND, mel_infer, mel_kernel},
    OP_SCHEMA_END,
};

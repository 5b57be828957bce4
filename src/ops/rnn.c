/* The recurrent ops LSTM, GRU and RNN: forward / reverse / bidirectional, every optional
 * input (B, sequence_lens, initial_h, initial_c, P), activations with alpha/beta, clip,
 * layout 0 ([seq, batch, ...]) and 1 ([batch, seq, ...]), GRU's linear_before_reset and
 * LSTM's input_forget; outputs Y, Y_h and (LSTM) Y_c, each optional. */
#include "base/alloc.h"
#include "ops/nn_util.h"

#include <math.h>
#include <string.h>
#include <strings.h>

typedef enum { RK_RNN, RK_GRU, RK_LSTM } rnn_kind;

#define RNN_COMMON_ATTRS                                                 \
    {"activation_alpha", IR_ATTR_FLOATS, false, 0, 0, NULL},             \
    {"activation_beta", IR_ATTR_FLOATS, false, 0, 0, NULL},              \
    {"activations", IR_ATTR_STRINGS, false, 0, 0, NULL},                 \
    {"clip", IR_ATTR_FLOAT, false, 0, 0, NULL},                          \
    {"direction", IR_ATTR_STRING, false, 0, 0, "forward"},               \
    {"hidden_size", IR_ATTR_INT, false, 0, 0, NULL}

static const op_attr_def rnn7_attrs[] = {RNN_COMMON_ATTRS, OP_ATTRS_END};
static const op_attr_def rnn14_attrs[] = {RNN_COMMON_ATTRS, {"layout", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def gru7_attrs[] = {
    RNN_COMMON_ATTRS, {"linear_before_reset", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def gru14_attrs[] = {
    RNN_COMMON_ATTRS,
    {"layout", IR_ATTR_INT, false, 0, 0, NULL},
    {"linear_before_reset", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def lstm7_attrs[] = {
    RNN_COMMON_ATTRS, {"input_forget", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def lstm14_attrs[] = {
    RNN_COMMON_ATTRS,
    {"input_forget", IR_ATTR_INT, false, 0, 0, NULL},
    {"layout", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

/* ---- activations ---- */

typedef enum {
    ACT_RELU, ACT_TANH, ACT_SIGMOID, ACT_AFFINE, ACT_LEAKYRELU, ACT_THRESHOLDEDRELU,
    ACT_SCALEDTANH, ACT_HARDSIGMOID, ACT_ELU, ACT_SOFTSIGN, ACT_SOFTPLUS
} act_kind;

typedef struct rnn_act {
    act_kind kind;
    double alpha, beta;
} rnn_act;

static const struct {
    const char *name;
    act_kind kind;
    bool has_alpha, has_beta;
    double alpha, beta;
} act_table[] = {
    {"Relu", ACT_RELU, false, false, 0, 0},
    {"Tanh", ACT_TANH, false, false, 0, 0},
    {"Sigmoid", ACT_SIGMOID, false, false, 0, 0},
    {"Affine", ACT_AFFINE, true, true, 1.0, 0.0},
    {"LeakyRelu", ACT_LEAKYRELU, true, false, 0.01, 0},
    {"ThresholdedRelu", ACT_THRESHOLDEDRELU, true, false, 1.0, 0},
    {"ScaledTanh", ACT_SCALEDTANH, true, true, 1.0, 1.0},
    {"HardSigmoid", ACT_HARDSIGMOID, true, true, 0.2, 0.5},
    {"Elu", ACT_ELU, true, false, 1.0, 0},
    {"Softsign", ACT_SOFTSIGN, false, false, 0, 0},
    {"Softplus", ACT_SOFTPLUS, false, false, 0, 0},
};

static double act_apply(const rnn_act *a, double x)
{
    switch (a->kind) {
    case ACT_RELU: return x > 0 ? x : 0.0;
    case ACT_TANH: return tanh(x);
    case ACT_SIGMOID: return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
    case ACT_AFFINE: return a->alpha * x + a->beta;
    case ACT_LEAKYRELU: return x >= 0 ? x : a->alpha * x;
    case ACT_THRESHOLDEDRELU: return x > a->alpha ? x : 0.0;
    case ACT_SCALEDTANH: return a->alpha * tanh(a->beta * x);
    case ACT_HARDSIGMOID: {
        double v = a->alpha * x + a->beta;
        return v < 0 ? 0.0 : v > 1 ? 1.0 : v;
    }
    case ACT_ELU: return x >= 0 ? x : a->alpha * (exp(x) - 1.0);
    case ACT_SOFTSIGN: return x / (1.0 + fabs(x));
    case ACT_SOFTPLUS: return x > 30 ? x : log1p(exp(x));
    }
    return x;
}

typedef struct rnn_geom {
    rnn_kind kind;
    int gates, n_act, dirs;
    bool reverse_only, layout1;
    int64_t seq, batch, input, hidden;
    rnn_act act[6];
    bool has_clip;
    double clip;
} rnn_geom;

static ge_status rnn_read_attrs(const op_node_info *node, rnn_kind kind, rnn_geom *g)
{
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->gates = kind == RK_LSTM ? 4 : kind == RK_GRU ? 3 : 1;
    g->n_act = kind == RK_LSTM ? 3 : kind == RK_GRU ? 2 : 1;
    const char *dir = op_attr_string(node, "direction");
    if (!dir || strcmp(dir, "forward") == 0)
        g->dirs = 1;
    else if (strcmp(dir, "reverse") == 0)
        g->dirs = 1, g->reverse_only = true;
    else if (strcmp(dir, "bidirectional") == 0)
        g->dirs = 2;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'direction' is '%s'; expected forward, reverse or bidirectional", dir);
    int64_t layout = op_attr_int(node, "layout");
    if (layout != 0 && layout != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'layout' is %lld; expected 0 or 1", (long long)layout);
    g->layout1 = layout == 1;
    const ir_attr *clip = op_attr(node, "clip");
    if (clip) {
        g->has_clip = true;
        g->clip = op_attr_float(node, "clip");
        if (!(g->clip > 0))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'clip' is %g; expected > 0", g->clip);
    }
    /* activations: defaults, or n_act names (shared by both directions) or n_act per direction */
    static const char *defaults[] = {"Sigmoid", "Tanh", "Tanh"};
    const char *names[6];
    size_t n_names = (size_t)(g->n_act * g->dirs);
    const ir_attr *acts = op_attr(node, "activations");
    if (acts && acts->kind == IR_ATTR_STRINGS && acts->count > 0) {
        if (acts->count != (size_t)g->n_act && acts->count != n_names)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'activations' has %zu names; expected %zu",
                           acts->count, n_names);
        for (size_t i = 0; i < n_names; i++)
            names[i] = acts->strings[i % acts->count];
    } else {
        for (size_t i = 0; i < n_names; i++)
            names[i] = kind == RK_RNN ? "Tanh" : defaults[i % (size_t)g->n_act];
    }
    const float *alphas, *betas;
    size_t na = op_attr_floats(node, "activation_alpha", &alphas), nb = op_attr_floats(node, "activation_beta", &betas);
    size_t ia = 0, ib = 0;
    for (size_t i = 0; i < n_names; i++) {
        size_t k = 0, nk = sizeof act_table / sizeof act_table[0];
        while (k < nk && strcasecmp(act_table[k].name, names[i]) != 0)
            k++;
        if (k == nk)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "activation '%s' (attribute 'activations'[%zu]) is unknown",
                           names[i], i);
        g->act[i].kind = act_table[k].kind;
        g->act[i].alpha = act_table[k].alpha;
        g->act[i].beta = act_table[k].beta;
        if (act_table[k].has_alpha && ia < na)
            g->act[i].alpha = alphas[ia++];
        if (act_table[k].has_beta && ib < nb)
            g->act[i].beta = betas[ib++];
    }
    return GE_STATUS_SUCCESS;
}

/* Shape checks on what is known; fills seq, batch, input, hidden (-1 unknown). */
static ge_status rnn_shapes(const op_node_info *node, const op_value *in, size_t n_in, rnn_geom *g)
{
    char b1[96];
    const ir_shape *xs = &in[0].shape, *ws = &in[1].shape, *rs = &in[2].shape;
    for (int i = 0; i < 3; i++) {
        const ir_shape *s = &in[i].shape;
        if (s->rank >= 0 && s->rank != 3)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %d has shape %s; expected rank 3", i,
                           ir_shape_format(s, b1, sizeof b1));
    }
    g->seq = g->batch = g->input = g->hidden = -1;
    if (xs->rank == 3) {
        g->seq = xs->dims[g->layout1 ? 1 : 0];
        g->batch = xs->dims[g->layout1 ? 0 : 1];
        g->input = xs->dims[2];
    }
    int64_t hs = op_attr(node, "hidden_size") ? op_attr_int(node, "hidden_size") : -1;
    if (op_attr(node, "hidden_size") && hs < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'hidden_size' is %lld; expected >= 1", (long long)hs);
    int64_t from_r = rs->rank == 3 ? rs->dims[2] : -1;
    int64_t from_w = ws->rank == 3 && ws->dims[1] >= 0 ? ws->dims[1] / g->gates : -1;
    g->hidden = hs >= 0 ? hs : from_r >= 0 ? from_r : from_w;
    int64_t H = g->hidden, G = g->gates;
    /* expected dims of W, R: [dirs, G*H, input], [dirs, G*H, H] */
    int64_t want_w[3] = {g->dirs, H >= 0 ? G * H : -1, g->input};
    int64_t want_r[3] = {g->dirs, H >= 0 ? G * H : -1, H};
    for (int i = 1; i <= 2; i++) {
        const ir_shape *s = i == 1 ? ws : rs;
        const int64_t *want = i == 1 ? want_w : want_r;
        if (s->rank != 3)
            continue;
        for (int d = 0; d < 3; d++)
            if (s->dims[d] >= 0 && want[d] >= 0 && s->dims[d] != want[d])
                return op_fail(node, GE_STATUS_PARAM_INVALID,
                               "input %d (%s) has shape %s; dim %d should be %lld (dirs %d, %lld gates x hidden %lld)", i,
                               i == 1 ? "W" : "R", ir_shape_format(s, b1, sizeof b1), d, (long long)want[d], g->dirs,
                               (long long)G, (long long)H);
    }
    /* optional inputs: B [dirs, 2GH], sequence_lens [batch], initial_h/c [dirs, batch, H] (layout 1:
     * [batch, dirs, H]), P [dirs, 3H] */
    for (size_t i = 3; i < n_in; i++) {
        if (!in[i].present || in[i].shape.rank < 0)
            continue;
        const ir_shape *s = &in[i].shape;
        int64_t want[3];
        int rank;
        if (i == 3) {
            rank = 2, want[0] = g->dirs, want[1] = H >= 0 ? 2 * G * H : -1;
        } else if (i == 4) {
            rank = 1, want[0] = g->batch;
        } else if (i == 5 || i == 6) {
            rank = 3;
            want[0] = g->layout1 ? g->batch : g->dirs;
            want[1] = g->layout1 ? g->dirs : g->batch;
            want[2] = H;
        } else {
            rank = 2, want[0] = g->dirs, want[1] = H >= 0 ? 3 * H : -1;
        }
        bool ok = s->rank == rank;
        for (int d = 0; ok && d < rank; d++)
            ok = s->dims[d] < 0 || want[d] < 0 || s->dims[d] == want[d];
        if (!ok) {
            static const char *names[] = {"X", "W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"};
            char b2[96];
            ir_shape ws2;
            ir_shape_make(&ws2, (size_t)rank, want);
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu (%s) has shape %s; expected %s", i, names[i],
                           ir_shape_format(s, b1, sizeof b1), ir_shape_format(&ws2, b2, sizeof b2));
        }
    }
    return GE_STATUS_SUCCESS;
}

static rnn_kind rnn_kind_of(const op_node_info *node)
{
    const char *t = node->schema->type;
    return strcmp(t, "LSTM") == 0 ? RK_LSTM : strcmp(t, "GRU") == 0 ? RK_GRU : RK_RNN;
}

static ge_status rnn_infer(op_infer_ctx *ctx)
{
    rnn_kind kind = rnn_kind_of(&ctx->node);
    ge_status st = nn_check_arity(ctx, 3);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    for (size_t i = 1; st == GE_STATUS_SUCCESS && i < ctx->n_inputs; i++)
        st = i == 4 ? op_check_dtype(ctx, 4, GE_DT(GE_DTYPE_INT32)) : nn_check_same_dtype(ctx, i);
    rnn_geom g;
    if (st == GE_STATUS_SUCCESS)
        st = rnn_read_attrs(&ctx->node, kind, &g);
    if (st == GE_STATUS_SUCCESS)
        st = rnn_shapes(&ctx->node, ctx->inputs, ctx->n_inputs, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t D = g.dirs;
    for (size_t o = 0; o < ctx->n_outputs; o++) {
        op_value *v = &ctx->outputs[o];
        v->present = true;
        v->dtype = ctx->inputs[0].dtype;
        if (o == 0)
            ir_shape_make(&v->shape, 4,
                          g.layout1 ? (int64_t[]){g.batch, g.seq, D, g.hidden} : (int64_t[]){g.seq, D, g.batch, g.hidden});
        else
            ir_shape_make(&v->shape, 3, g.layout1 ? (int64_t[]){g.batch, D, g.hidden} : (int64_t[]){D, g.batch, g.hidden});
    }
    return GE_STATUS_SUCCESS;
}

/* ---- kernel ---- */

static double clipv(const rnn_geom *g, double v)
{
    if (!g->has_clip)
        return v;
    return v > g->clip ? g->clip : v < -g->clip ? -g->clip : v;
}

static ge_status rnn_kernel(op_kernel_ctx *ctx)
{
    rnn_kind kind = rnn_kind_of(&ctx->node);
    rnn_geom g;
    op_value in[8];
    size_t n_in = ctx->n_inputs < 8 ? ctx->n_inputs : 8;
    for (size_t i = 0; i < n_in; i++) {
        in[i].present = ir_tensor_present(&ctx->inputs[i]);
        in[i].dtype = ctx->inputs[i].dtype;
        in[i].shape = ctx->inputs[i].shape;
        in[i].value = NULL;
    }
    ge_status st = rnn_read_attrs(&ctx->node, kind, &g);
    if (st == GE_STATUS_SUCCESS)
        st = rnn_shapes(&ctx->node, in, n_in, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_tensor *opt[8] = {0};
    for (size_t i = 3; i < n_in; i++)
        opt[i] = in[i].present ? &ctx->inputs[i] : NULL;
    if (kind != RK_LSTM)
        opt[6] = opt[7] = NULL;
    int64_t S = g.seq, B = g.batch, I = g.input, H = g.hidden, G = g.gates, D = g.dirs;
    bool lbr = kind == RK_GRU && op_attr_int(&ctx->node, "linear_before_reset") != 0;
    bool input_forget = kind == RK_LSTM && op_attr_int(&ctx->node, "input_forget") != 0;
    int64_t *lens = ge_calloc((size_t)(B ? B : 1), sizeof *lens);
    if (!lens)
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
    for (int64_t b = 0; b < B; b++) {
        lens[b] = opt[4] ? op_load_i64(opt[4]->data, opt[4]->dtype, (size_t)b) : S;
        if (lens[b] < 0 || lens[b] > S) {
            long long bad = (long long)lens[b];
            ge_free(lens);
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "sequence_lens[%lld] is %lld; expected in [0, %lld]",
                           (long long)b, bad, (long long)S);
        }
    }
    double *x = nn_load(&ctx->node, &ctx->inputs[0]), *w = nn_load(&ctx->node, &ctx->inputs[1]),
           *r = nn_load(&ctx->node, &ctx->inputs[2]);
    double *bias = opt[3] ? nn_load(&ctx->node, opt[3]) : nn_zalloc(&ctx->node, (size_t)(D * 2 * G * H));
    double *h0 = opt[5] ? nn_load(&ctx->node, opt[5]) : NULL, *c0 = opt[6] ? nn_load(&ctx->node, opt[6]) : NULL;
    double *p = opt[7] ? nn_load(&ctx->node, opt[7]) : NULL;
    double *y = nn_zalloc(&ctx->node, (size_t)(S * D * B * H)), *yh = nn_zalloc(&ctx->node, (size_t)(D * B * H)),
           *yc = nn_zalloc(&ctx->node, (size_t)(D * B * H));
    double *scratch = nn_zalloc(&ctx->node, (size_t)(4 * G * H + 2 * H));
    bool ok = x && w && r && bias && (!opt[5] || h0) && (!opt[6] || c0) && (!opt[7] || p) && y && yh && yc && scratch;
    if (ok) {
        double *gx = scratch, *gh = gx + G * H, *hs = gh + G * H, *cs = hs + H, *tmp = cs + H;
        for (int64_t d = 0; d < D; d++) {
            bool reverse = g.reverse_only || d == 1;
            const double *W = w + d * G * H * I, *R = r + d * G * H * H;
            const double *Wb = bias + d * 2 * G * H, *Rb = Wb + G * H;
            const double *P = p ? p + d * 3 * H : NULL;
            const rnn_act *act = g.act + d * g.n_act;
            for (int64_t b = 0; b < B; b++) {
                /* state index for [dirs, batch, H] or (layout 1) [batch, dirs, H] */
                int64_t sidx = (g.layout1 ? b * D + d : d * B + b) * H;
                for (int64_t k = 0; k < H; k++) {
                    hs[k] = h0 ? h0[sidx + k] : 0.0;
                    cs[k] = c0 ? c0[sidx + k] : 0.0;
                }
                int64_t L = lens[b];
                for (int64_t step = 0; step < L; step++) {
                    int64_t t = reverse ? L - 1 - step : step;
                    const double *xt = x + (g.layout1 ? b * S + t : t * B + b) * I;
                    for (int64_t j = 0; j < G * H; j++) {
                        double a = Wb[j], c = 0.0;
                        const double *wr = W + j * I, *rr = R + j * H;
                        for (int64_t k = 0; k < I; k++)
                            a += wr[k] * xt[k];
                        for (int64_t k = 0; k < H; k++)
                            c += rr[k] * hs[k];
                        gx[j] = a;
                        gh[j] = c;
                    }
                    if (kind == RK_RNN) {
                        for (int64_t k = 0; k < H; k++)
                            hs[k] = act_apply(&act[0], clipv(&g, gx[k] + gh[k] + Rb[k]));
                    } else if (kind == RK_GRU) {
                        /* gates z, r, h */
                        double *z = tmp, *rg = tmp + H;
                        for (int64_t k = 0; k < H; k++) {
                            z[k] = act_apply(&act[0], clipv(&g, gx[k] + gh[k] + Rb[k]));
                            rg[k] = act_apply(&act[0], clipv(&g, gx[H + k] + gh[H + k] + Rb[H + k]));
                        }
                        double *hh = tmp + 2 * H;
                        const double *Rh = R + 2 * H * H;
                        for (int64_t k = 0; k < H; k++) {
                            double v;
                            if (lbr) {
                                v = gx[2 * H + k] + rg[k] * (gh[2 * H + k] + Rb[2 * H + k]);
                            } else {
                                double s = 0.0;
                                for (int64_t q = 0; q < H; q++)
                                    s += Rh[k * H + q] * rg[q] * hs[q];
                                v = gx[2 * H + k] + s + Rb[2 * H + k];
                            }
                            hh[k] = act_apply(&act[1], clipv(&g, v));
                        }
                        for (int64_t k = 0; k < H; k++)
                            hs[k] = (1.0 - z[k]) * hh[k] + z[k] * hs[k];
                    } else {
                        /* gates i, o, f, c; peepholes i, o, f */
                        for (int64_t k = 0; k < H; k++) {
                            double cp = cs[k];
                            double ig = gx[k] + gh[k] + Rb[k] + (P ? P[k] * cp : 0.0);
                            double fg = gx[2 * H + k] + gh[2 * H + k] + Rb[2 * H + k] + (P ? P[2 * H + k] * cp : 0.0);
                            double cg = gx[3 * H + k] + gh[3 * H + k] + Rb[3 * H + k];
                            double iv = act_apply(&act[0], clipv(&g, ig));
                            double fv = input_forget ? 1.0 - iv : act_apply(&act[0], clipv(&g, fg));
                            double cv = act_apply(&act[1], clipv(&g, cg));
                            double cn = fv * cp + iv * cv;
                            double og = gx[H + k] + gh[H + k] + Rb[H + k] + (P ? P[H + k] * cn : 0.0);
                            double ov = act_apply(&act[0], clipv(&g, og));
                            cs[k] = cn;
                            tmp[k] = ov * act_apply(&act[2], cn);
                        }
                        memcpy(hs, tmp, sizeof *hs * (size_t)H);
                    }
                    int64_t yidx = (g.layout1 ? (b * S + t) * D + d : (t * D + d) * B + b) * H;
                    memcpy(y + yidx, hs, sizeof *hs * (size_t)H);
                }
                memcpy(yh + sidx, hs, sizeof *hs * (size_t)H);
                memcpy(yc + sidx, cs, sizeof *cs * (size_t)H);
            }
        }
        if (nn_output_wanted(ctx, 0))
            nn_store(&ctx->outputs[0], y, (size_t)(S * D * B * H));
        if (nn_output_wanted(ctx, 1))
            nn_store(&ctx->outputs[1], yh, (size_t)(D * B * H));
        if (kind == RK_LSTM && nn_output_wanted(ctx, 2))
            nn_store(&ctx->outputs[2], yc, (size_t)(D * B * H));
    }
    ge_free(lens), ge_free(x), ge_free(w), ge_free(r), ge_free(bias), ge_free(h0), ge_free(c0), ge_free(p);
    ge_free(y), ge_free(yh), ge_free(yc), ge_free(scratch);
    return ok ? GE_STATUS_SUCCESS : GE_STATUS_MEMALLOC_FAILED;
}

const op_schema op_family_rnn[] = {
    {"LSTM", OP_DOMAIN_ONNX, 7, 13, 3, 8, 0, 3, lstm7_attrs, NN_DTS_F16_F32_F64, rnn_infer, rnn_kernel},
    {"LSTM", OP_DOMAIN_ONNX, 14, 21, 3, 8, 0, 3, lstm14_attrs, NN_DTS_F16_F32_F64, rnn_infer, rnn_kernel},
    {"LSTM", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 3, 8, 0, 3, lstm14_attrs, NN_DTS_FLOATS, rnn_infer, rnn_kernel},
    {"GRU", OP_DOMAIN_ONNX, 7, 13, 3, 6, 0, 2, gru7_attrs, NN_DTS_F16_F32_F64, rnn_infer, rnn_kernel},
    {"GRU", OP_DOMAIN_ONNX, 14, 21, 3, 6, 0, 2, gru14_attrs, NN_DTS_F16_F32_F64, rnn_infer, rnn_kernel},
    {"GRU", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 3, 6, 0, 2, gru14_attrs, NN_DTS_FLOATS, rnn_infer, rnn_kernel},
    {"RNN", OP_DOMAIN_ONNX, 7, 13, 3, 6, 0, 2, rnn7_attrs, NN_DTS_F16_F32_F64, rnn_infer, rnn_kernel},
    {"RNN", OP_DOMAIN_ONNX, 14, 21, 3, 6, 0, 2, rnn14_attrs, NN_DTS_F16_F32_F64, rnn_infer, rnn_kernel},
    {"RNN", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 3, 6, 0, 2, rnn14_attrs, NN_DTS_FLOATS, rnn_infer, rnn_kernel},
    OP_SCHEMA_END,
};

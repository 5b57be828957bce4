/* Stateful sequence ops of opset 27: CausalConvWithState (causal depthwise 1-D convolution
 * carrying the last k-1 inputs) and LinearAttention (recurrent linear attention with the
 * linear / gated / delta / gated_delta update rules and grouped KV heads). */
#include "base/alloc.h"
#include "ops/extra_util.h"

#include <stdio.h>
#include <string.h>

/* ================================ CausalConvWithState ================================ */

static const op_attr_def ccs_attrs[] = {{"activation", IR_ATTR_STRING, false, 0, 0, "none"}, OP_ATTRS_END};

static ge_status ccs_activation(const op_node_info *node, bool *silu)
{
    const char *a = op_attr_string(node, "activation");
    if (a && strcmp(a, "none") == 0)
        *silu = false;
    else if (a && (strcmp(a, "silu") == 0 || strcmp(a, "swish") == 0))
        *silu = true;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'activation' is '%s'; expected none, silu or swish",
                       a ? a : "");
    return GE_STATUS_SUCCESS;
}

static ge_status ccs_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 2);
    for (size_t i = 0; i < 4 && st == GE_STATUS_SUCCESS; i++)
        if (xu_in_present(ctx, i) && (st = op_check_dtype(ctx, i, node->schema->dtypes)) == GE_STATUS_SUCCESS)
            st = nn_check_same_dtype(ctx, i);
    if (st != GE_STATUS_SUCCESS)
        return st;
    bool silu;
    if ((st = ccs_activation(node, &silu)) != GE_STATUS_SUCCESS)
        return st;
    const op_value *x = &ctx->inputs[0], *w = &ctx->inputs[1];
    if ((st = xu_rank_in(node, x, 0, 3, 3)) != GE_STATUS_SUCCESS || (st = xu_rank_in(node, w, 1, 3, 3)) != GE_STATUS_SUCCESS)
        return st;
    int64_t B = x->shape.rank == 3 ? x->shape.dims[0] : -1, C = x->shape.rank == 3 ? x->shape.dims[1] : -1;
    int64_t k = -1;
    if (w->shape.rank == 3) {
        if ((st = xu_dim_eq(node, w->shape.dims[0], C, "dim 0 of input 1 'weight'")) != GE_STATUS_SUCCESS ||
            (st = xu_dim_eq(node, w->shape.dims[1], 1, "dim 1 of input 1 'weight'")) != GE_STATUS_SUCCESS)
            return st;
        C = xu_merge(C, w->shape.dims[0]);
        k = w->shape.dims[2];
        if (k == 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'weight' has kernel size 0; expected >= 1");
    }
    if (xu_in_present(ctx, 2)) {
        const op_value *b = &ctx->inputs[2];
        if ((st = xu_rank_in(node, b, 2, 1, 1)) != GE_STATUS_SUCCESS)
            return st;
        if (b->shape.rank == 1 && (st = xu_dim_eq(node, b->shape.dims[0], C, "dim 0 of input 2 'bias'")) != GE_STATUS_SUCCESS)
            return st;
    }
    if (xu_in_present(ctx, 3)) {
        const op_value *p = &ctx->inputs[3];
        if ((st = xu_rank_in(node, p, 3, 3, 3)) != GE_STATUS_SUCCESS)
            return st;
        if (p->shape.rank == 3 &&
            ((st = xu_dim_eq(node, p->shape.dims[0], B, "dim 0 of input 3 'past_state'")) != GE_STATUS_SUCCESS ||
             (st = xu_dim_eq(node, p->shape.dims[1], C, "dim 1 of input 3 'past_state'")) != GE_STATUS_SUCCESS ||
             (st = xu_dim_eq(node, p->shape.dims[2], k < 0 ? -1 : k - 1, "dim 2 of input 3 'past_state'")) !=
                 GE_STATUS_SUCCESS))
            return st;
    }
    ir_shape y = x->shape, ps;
    if (y.rank == 3)
        y.dims[1] = C;
    ir_shape_make(&ps, 3, (int64_t[]){B, C, k < 0 ? -1 : k - 1});
    xu_set_out(ctx, 0, x->dtype, &y);
    xu_set_out(ctx, 1, x->dtype, &ps);
    return GE_STATUS_SUCCESS;
}

static ge_status ccs_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *xt = &ctx->inputs[0], *wt = &ctx->inputs[1];
    const ir_tensor *bt = xu_kin_present(ctx, 2) ? &ctx->inputs[2] : NULL;
    const ir_tensor *pt = xu_kin_present(ctx, 3) ? &ctx->inputs[3] : NULL;
    bool silu;
    ge_status st = ccs_activation(node, &silu);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t B = xt->shape.dims[0], C = xt->shape.dims[1], L = xt->shape.dims[2], k = wt->shape.dims[2], P = k - 1;
    double *x = nn_load(node, xt), *w = nn_load(node, wt), *b = bt ? nn_load(node, bt) : NULL;
    double *ps = pt ? nn_load(node, pt) : NULL;
    double *seq = nn_zalloc(node, (size_t)(P + L)), *y = nn_zalloc(node, (size_t)(B * C * L));
    double *st_out = nn_zalloc(node, (size_t)(B * C * P));
    if (!x || !w || (bt && !b) || (pt && !ps) || !seq || !y || !st_out) {
        ge_free(x), ge_free(w), ge_free(b), ge_free(ps), ge_free(seq), ge_free(y), ge_free(st_out);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    ge_dtype dt = xt->dtype;
    for (int64_t bc = 0; bc < B * C; bc++) {
        int64_t c = bc % C;
        for (int64_t i = 0; i < P; i++)
            seq[i] = ps ? ps[bc * P + i] : 0.0;
        memcpy(seq + P, x + bc * L, sizeof(double) * (size_t)L);
        for (int64_t t = 0; t < L; t++) {
            double acc = b ? b[c] : 0.0;
            for (int64_t j = 0; j < k; j++)
                acc += w[c * k + j] * seq[t + j];
            if (silu) {
                acc = xu_round_to(dt, acc);
                acc = acc / (1.0 + exp(-acc));
            }
            y[bc * L + t] = acc;
        }
        for (int64_t i = 0; i < P; i++)
            st_out[bc * P + i] = seq[L + i];
    }
    nn_store(&ctx->outputs[0], y, (size_t)(B * C * L));
    if (nn_output_wanted(ctx, 1))
        nn_store(&ctx->outputs[1], st_out, (size_t)(B * C * P));
    ge_free(x), ge_free(w), ge_free(b), ge_free(ps), ge_free(seq), ge_free(y), ge_free(st_out);
    return GE_STATUS_SUCCESS;
}

/* ================================ LinearAttention ================================ */

static const op_attr_def la_attrs[] = {
    {"chunk_size", IR_ATTR_INT, false, 64, 0, NULL},
    {"kv_num_heads", IR_ATTR_INT, true, 0, 0, NULL},
    {"q_num_heads", IR_ATTR_INT, true, 0, 0, NULL},
    {"scale", IR_ATTR_FLOAT, false, 0, 0.0f, NULL},
    {"update_rule", IR_ATTR_STRING, false, 0, 0, "gated_delta"},
    OP_ATTRS_END,
};

enum { LA_Q, LA_K, LA_V, LA_PAST, LA_DECAY, LA_BETA, LA_ERASE };

typedef struct la_geom {
    bool gating, delta;
    int64_t Hq, Hkv, B, T, dk, dv;
    int64_t decay_last, beta_last;
} la_geom;

/* Dim d of input i (rank 3 when known), -1 when unknown. */
static int64_t la_dim(const op_value *v, int d)
{
    return v->present && v->shape.rank > d ? v->shape.dims[d] : -1;
}

static ge_status la_geom_get(const op_infer_ctx *ctx, la_geom *g)
{
    const op_node_info *node = &ctx->node;
    const char *r = op_attr_string(node, "update_rule");
    if (!r || (strcmp(r, "linear") && strcmp(r, "gated") && strcmp(r, "delta") && strcmp(r, "gated_delta")))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'update_rule' is '%s'; expected linear, gated, delta or gated_delta", r ? r : "");
    g->gating = strcmp(r, "gated") == 0 || strcmp(r, "gated_delta") == 0;
    g->delta = strcmp(r, "delta") == 0 || strcmp(r, "gated_delta") == 0;
    g->Hq = op_attr_int(node, "q_num_heads");
    g->Hkv = op_attr_int(node, "kv_num_heads");
    if (g->Hq <= 0 || g->Hkv <= 0 || g->Hq % g->Hkv)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'q_num_heads' (%lld) must be a positive multiple of 'kv_num_heads' (%lld)",
                       (long long)g->Hq, (long long)g->Hkv);
    bool has_decay = xu_in_present(ctx, LA_DECAY), has_beta = xu_in_present(ctx, LA_BETA),
         has_erase = xu_in_present(ctx, LA_ERASE);
    if (g->gating != has_decay)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "update_rule '%s' %s input 4 'decay'", r,
                       g->gating ? "requires" : "forbids");
    if (g->delta != has_beta)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "update_rule '%s' %s input 5 'beta'", r,
                       g->delta ? "requires" : "forbids");
    if (has_erase && !g->delta)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "update_rule '%s' forbids input 6 'erase_gate'", r);
    static const char *names[] = {"query", "key", "value", "past_state", "decay", "beta", "erase_gate"};
    for (size_t i = 0; i < 7; i++)
        if (i != LA_PAST && xu_in_present(ctx, i)) {
            ge_status st = xu_rank_in(node, &ctx->inputs[i], i, 3, 3);
            if (st != GE_STATUS_SUCCESS)
                return st;
        }
    const op_value *q = &ctx->inputs[LA_Q], *k = &ctx->inputs[LA_K], *v = &ctx->inputs[LA_V];
    g->B = la_dim(q, 0);
    g->T = la_dim(q, 1);
    for (size_t i = 1; i < 7; i++) {
        if (i == LA_PAST || !xu_in_present(ctx, i))
            continue;
        char what[64];
        snprintf(what, sizeof what, "dim 0 of input %zu '%s'", i, names[i]);
        ge_status st = xu_dim_eq(node, la_dim(&ctx->inputs[i], 0), g->B, what);
        if (st != GE_STATUS_SUCCESS)
            return st;
        snprintf(what, sizeof what, "dim 1 of input %zu '%s'", i, names[i]);
        if ((st = xu_dim_eq(node, la_dim(&ctx->inputs[i], 1), g->T, what)) != GE_STATUS_SUCCESS)
            return st;
    }
    int64_t ql = la_dim(q, 2), kl = la_dim(k, 2), vl = la_dim(v, 2);
    if (ql >= 0 && ql % g->Hq)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "dim 2 of input 0 'query' is %lld; expected a multiple of q_num_heads %lld",
                       (long long)ql, (long long)g->Hq);
    if (vl >= 0 && vl % g->Hkv)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "dim 2 of input 2 'value' is %lld; expected a multiple of kv_num_heads %lld",
                       (long long)vl, (long long)g->Hkv);
    g->dk = xu_div(ql, g->Hq);
    g->dv = xu_div(vl, g->Hkv);
    ge_status st = xu_dim_eq(node, kl, xu_mul(g->dk, g->Hkv), "dim 2 of input 1 'key'");
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (g->dk < 0 && kl >= 0 && kl % g->Hkv == 0)
        g->dk = kl / g->Hkv;
    g->decay_last = has_decay ? la_dim(&ctx->inputs[LA_DECAY], 2) : -1;
    if (g->decay_last >= 0 && g->decay_last != g->Hkv && (g->dk < 0 || g->decay_last != g->Hkv * g->dk))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "dim 2 of input 4 'decay' is %lld; expected kv_num_heads (%lld) or kv_num_heads * d_k",
                       (long long)g->decay_last, (long long)g->Hkv);
    g->beta_last = has_beta ? la_dim(&ctx->inputs[LA_BETA], 2) : -1;
    if (g->beta_last >= 0 && g->beta_last != g->Hkv && g->beta_last != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "dim 2 of input 5 'beta' is %lld; expected kv_num_heads (%lld) or 1",
                       (long long)g->beta_last, (long long)g->Hkv);
    if (has_erase &&
        (st = xu_dim_eq(node, la_dim(&ctx->inputs[LA_ERASE], 2), xu_mul(g->dk, g->Hkv), "dim 2 of input 6 'erase_gate'")) !=
            GE_STATUS_SUCCESS)
        return st;
    if (xu_in_present(ctx, LA_PAST)) {
        const op_value *p = &ctx->inputs[LA_PAST];
        if ((st = xu_rank_in(node, p, LA_PAST, 4, 4)) != GE_STATUS_SUCCESS)
            return st;
        if (p->shape.rank == 4) {
            int64_t want[4] = {g->B, g->Hkv, g->dk, g->dv};
            for (int d = 0; d < 4; d++) {
                char what[48];
                snprintf(what, sizeof what, "dim %d of input 3 'past_state'", d);
                if ((st = xu_dim_eq(node, p->shape.dims[d], want[d], what)) != GE_STATUS_SUCCESS)
                    return st;
            }
            g->B = xu_merge(g->B, p->shape.dims[0]);
            g->dk = xu_merge(g->dk, p->shape.dims[2]);
            g->dv = xu_merge(g->dv, p->shape.dims[3]);
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status la_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 3);
    for (size_t i = 0; i < 7 && st == GE_STATUS_SUCCESS; i++)
        if (xu_in_present(ctx, i) && (st = op_check_dtype(ctx, i, node->schema->dtypes)) == GE_STATUS_SUCCESS &&
            i != LA_PAST)
            st = nn_check_same_dtype(ctx, i);
    if (st != GE_STATUS_SUCCESS)
        return st;
    la_geom g;
    if ((st = la_geom_get(ctx, &g)) != GE_STATUS_SUCCESS)
        return st;
    ir_shape y, ps;
    ir_shape_make(&y, 3, (int64_t[]){g.B, g.T, xu_mul(g.Hq, g.dv)});
    ir_shape_make(&ps, 4, (int64_t[]){g.B, g.Hkv, g.dk, g.dv});
    ge_dtype sdt = xu_in_present(ctx, LA_PAST) ? ctx->inputs[LA_PAST].dtype : ctx->inputs[0].dtype;
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &y);
    xu_set_out(ctx, 1, sdt, &ps);
    return GE_STATUS_SUCCESS;
}

static ge_status la_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    /* geometry through inference on the actual shapes */
    op_value in[7];
    memset(in, 0, sizeof in);
    for (size_t i = 0; i < ctx->n_inputs && i < 7; i++) {
        in[i].present = xu_kin_present(ctx, i);
        in[i].dtype = ctx->inputs[i].dtype;
        in[i].shape = ctx->inputs[i].shape;
    }
    op_infer_ctx ic = {.node = ctx->node, .n_inputs = ctx->n_inputs < 7 ? ctx->n_inputs : 7, .inputs = in};
    la_geom g;
    ge_status st = la_geom_get(&ic, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t B = g.B, T = g.T, Hq = g.Hq, Hkv = g.Hkv, dk = g.dk, dv = g.dv, grp = Hq / Hkv;
    double scale = (double)op_attr_float(node, "scale");
    if (scale == 0.0)
        scale = 1.0 / sqrt((double)dk);
    double *d[7] = {0};
    bool fail = false;
    for (size_t i = 0; i < 7; i++)
        if (i < ctx->n_inputs && xu_kin_present(ctx, i) && !(d[i] = nn_load(node, &ctx->inputs[i])))
            fail = true;
    double *S = nn_zalloc(node, (size_t)(B * Hkv * dk * dv)), *y = nn_zalloc(node, (size_t)(B * T * Hq * dv));
    double *ke = nn_zalloc(node, (size_t)dk), *vt = nn_zalloc(node, (size_t)dv);
    if (fail || !S || !y || !ke || !vt) {
        for (size_t i = 0; i < 7; i++)
            ge_free(d[i]);
        ge_free(S), ge_free(y), ge_free(ke), ge_free(vt);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    if (d[LA_PAST])
        memcpy(S, d[LA_PAST], sizeof(double) * (size_t)(B * Hkv * dk * dv));
    for (int64_t b = 0; b < B; b++)
        for (int64_t h = 0; h < Hkv; h++) {
            double *Sh = S + (b * Hkv + h) * dk * dv;
            for (int64_t t = 0; t < T; t++) {
                int64_t bt = b * T + t;
                const double *k = d[LA_K] + (bt * Hkv + h) * dk, *v = d[LA_V] + (bt * Hkv + h) * dv;
                if (g.gating) {
                    const double *gd = d[LA_DECAY];
                    bool per_head = g.decay_last == Hkv;
                    for (int64_t i = 0; i < dk; i++) {
                        double e = exp(per_head ? gd[bt * Hkv + h] : gd[(bt * Hkv + h) * dk + i]);
                        for (int64_t m = 0; m < dv; m++)
                            Sh[i * dv + m] *= e;
                    }
                }
                for (int64_t m = 0; m < dv; m++)
                    vt[m] = v[m];
                if (g.delta) {
                    for (int64_t i = 0; i < dk; i++)
                        ke[i] = d[LA_ERASE] ? d[LA_ERASE][(bt * Hkv + h) * dk + i] * k[i] : k[i];
                    double beta = d[LA_BETA][bt * g.beta_last + (g.beta_last == 1 ? 0 : h)];
                    for (int64_t m = 0; m < dv; m++) {
                        double r = 0.0;
                        for (int64_t i = 0; i < dk; i++)
                            r += Sh[i * dv + m] * ke[i];
                        vt[m] = beta * (vt[m] - r);
                    }
                }
                for (int64_t i = 0; i < dk; i++)
                    for (int64_t m = 0; m < dv; m++)
                        Sh[i * dv + m] += k[i] * vt[m];
                for (int64_t qh = h * grp; qh < (h + 1) * grp; qh++) {
                    const double *q = d[LA_Q] + (bt * Hq + qh) * dk;
                    double *o = y + (bt * Hq + qh) * dv;
                    for (int64_t m = 0; m < dv; m++) {
                        double acc = 0.0;
                        for (int64_t i = 0; i < dk; i++)
                            acc += q[i] * Sh[i * dv + m];
                        o[m] = scale * acc;
                    }
                }
            }
        }
    nn_store(&ctx->outputs[0], y, (size_t)(B * T * Hq * dv));
    if (nn_output_wanted(ctx, 1))
        nn_store(&ctx->outputs[1], S, (size_t)(B * Hkv * dk * dv));
    for (size_t i = 0; i < 7; i++)
        ge_free(d[i]);
    ge_free(S), ge_free(y), ge_free(ke), ge_free(vt);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_stateful[] = {
    {"CausalConvWithState", OP_DOMAIN_ONNX, 27, OP_ONNX_OPSET_MAX, 2, 4, 1, 2, ccs_attrs, GE_DTS_FLOATS, ccs_infer,
     ccs_kernel},
    {"LinearAttention", OP_DOMAIN_ONNX, 27, OP_ONNX_OPSET_MAX, 3, 7, 1, 2, la_attrs, GE_DTS_FLOATS, la_infer, la_kernel},
    OP_SCHEMA_END,
};

/* Attention (opset 23; 24 adds nonpad_kv_seqlen) and RotaryEmbedding (opset 23).
 *
 * Attention follows the current spec (softcap before the mask, qk_matmul_output_mode
 * 0 = scaled QK, 1 = after softcap, 2 = after softcap + mask/bias, 3 = after softmax; a query
 * row whose every key is masked gives zeros, in Y and in mode 3). Causal masking is aligned
 * at offset past_sequence_length (past_key given), nonpad_kv_seqlen[b] - q_sequence_length
 * (nonpad_kv_seqlen without past_key), else 0: query i attends key j iff j <= i + offset. */
#include "base/alloc.h"
#include "ops/extra_util.h"

#include <stdio.h>
#include <string.h>

/* ---------------- Attention ---------------- */

static const op_attr_def attn_attrs[] = {
    {"is_causal", IR_ATTR_INT, false, 0, 0, NULL},
    {"kv_num_heads", IR_ATTR_INT, false, 0, 0, NULL},
    {"q_num_heads", IR_ATTR_INT, false, 0, 0, NULL},
    {"qk_matmul_output_mode", IR_ATTR_INT, false, 0, 0, NULL},
    {"scale", IR_ATTR_FLOAT, false, 0, 0, NULL},
    {"softcap", IR_ATTR_FLOAT, false, 0, 0.0f, NULL},
    {"softmax_precision", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

/* The geometry of one Attention node (dims -1 when unknown). */
typedef struct attn_geo {
    bool is3d;
    int64_t b, hq, hkv, sq, skv, d, dv, past, total;
} attn_geo;

static ge_status attn_geometry(const op_node_info *node, const ir_shape *q, const ir_shape *k, const ir_shape *v,
                               const ir_shape *pk, const ir_shape *pv, attn_geo *g)
{
    ge_status st;
    memset(g, 0, sizeof *g);
    g->is3d = q->rank == 3;
    int64_t qh = op_attr_int(node, "q_num_heads"), kvh = op_attr_int(node, "kv_num_heads");
    if (g->is3d) {
        if (qh <= 0 || kvh <= 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "3-D inputs need attributes 'q_num_heads' and 'kv_num_heads' > 0 (found %lld and %lld)",
                           (long long)qh, (long long)kvh);
        g->b = xu_merge(q->dims[0], xu_merge(k->dims[0], v->dims[0]));
        g->hq = qh;
        g->hkv = kvh;
        g->sq = q->dims[1];
        g->skv = xu_merge(k->dims[1], v->dims[1]);
        if ((q->dims[2] >= 0 && q->dims[2] % qh) || (k->dims[2] >= 0 && k->dims[2] % kvh) ||
            (v->dims[2] >= 0 && v->dims[2] % kvh))
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "hidden sizes %lld (Q), %lld (K), %lld (V) are not multiples of q_num_heads %lld / "
                           "kv_num_heads %lld",
                           (long long)q->dims[2], (long long)k->dims[2], (long long)v->dims[2], (long long)qh,
                           (long long)kvh);
        g->d = xu_div(q->dims[2], qh);
        if ((st = xu_dim_eq(node, xu_div(k->dims[2], kvh), g->d, "head size of K (input 1)")) != GE_STATUS_SUCCESS)
            return st;
        g->d = xu_merge(g->d, xu_div(k->dims[2], kvh));
        g->dv = xu_div(v->dims[2], kvh);
        if ((st = xu_dim_eq(node, k->dims[1], v->dims[1], "sequence length of V (input 2)")) != GE_STATUS_SUCCESS)
            return st;
    } else {
        g->b = xu_merge(q->dims[0], xu_merge(k->dims[0], v->dims[0]));
        g->hq = q->dims[1];
        g->hkv = xu_merge(k->dims[1], v->dims[1]);
        g->sq = q->dims[2];
        g->skv = xu_merge(k->dims[2], v->dims[2]);
        g->d = xu_merge(q->dims[3], k->dims[3]);
        g->dv = v->dims[3];
        if ((st = xu_dim_eq(node, k->dims[3], q->dims[3], "head size of K (input 1, dim 3)")) != GE_STATUS_SUCCESS ||
            (st = xu_dim_eq(node, v->dims[1], k->dims[1], "head count of V (input 2, dim 1)")) != GE_STATUS_SUCCESS ||
            (st = xu_dim_eq(node, v->dims[2], k->dims[2], "sequence length of V (input 2, dim 2)")) !=
                GE_STATUS_SUCCESS)
            return st;
        if (qh > 0 && (st = xu_dim_eq(node, g->hq, qh, "head count of Q (input 0, dim 1)")) != GE_STATUS_SUCCESS)
            return st;
        if (kvh > 0 && (st = xu_dim_eq(node, g->hkv, kvh, "head count of K (input 1, dim 1)")) != GE_STATUS_SUCCESS)
            return st;
    }
    for (int i = 0; i < 3; i++) {
        const ir_shape *s = i == 0 ? q : i == 1 ? k : v;
        if ((st = xu_dim_eq(node, s->dims[0], g->b, "batch size")) != GE_STATUS_SUCCESS)
            return st;
    }
    if (g->hq > 0 && g->hkv > 0 && g->hq % g->hkv)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "q_num_heads %lld is not a multiple of kv_num_heads %lld",
                       (long long)g->hq, (long long)g->hkv);
    g->past = 0;
    if (pk) {
        static const char *what[4] = {"batch size of past_key (input 4)", "head count of past_key (input 4)", NULL,
                                      "head size of past_key (input 4)"};
        int64_t want[4] = {g->b, g->hkv, -1, g->d};
        for (int i = 0; i < 4; i++)
            if (what[i] && (st = xu_dim_eq(node, pk->dims[i], want[i], what[i])) != GE_STATUS_SUCCESS)
                return st;
        int64_t wantv[4] = {g->b, g->hkv, pk->dims[2], g->dv};
        static const char *whatv[4] = {"batch size of past_value (input 5)", "head count of past_value (input 5)",
                                       "past length of past_value (input 5)", "head size of past_value (input 5)"};
        for (int i = 0; i < 4; i++)
            if ((st = xu_dim_eq(node, pv->dims[i], wantv[i], whatv[i])) != GE_STATUS_SUCCESS)
                return st;
        g->past = xu_merge(pk->dims[2], pv->dims[2]);
        g->dv = xu_merge(g->dv, pv->dims[3]);
        g->d = xu_merge(g->d, pk->dims[3]);
    }
    g->total = xu_add(g->past, g->skv);
    return GE_STATUS_SUCCESS;
}

static ge_status attn_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 3);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if ((st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS ||
        (st = nn_check_same_dtype(ctx, 1)) != GE_STATUS_SUCCESS ||
        (st = op_check_dtype(ctx, 2, node->schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    bool has_pk = xu_in_present(ctx, 4), has_pv = xu_in_present(ctx, 5);
    if (has_pk != has_pv)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "past_key (input 4) and past_value (input 5) must be given together");
    if (has_pk) {
        if ((st = nn_check_same_dtype(ctx, 4)) != GE_STATUS_SUCCESS)
            return st;
        if (ctx->inputs[5].dtype != ctx->inputs[2].dtype)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 5 (past_value) has dtype %s; expected %s (as V)",
                           ge_dtype_name(ctx->inputs[5].dtype), ge_dtype_name(ctx->inputs[2].dtype));
    }
    if (xu_in_present(ctx, 3)) {
        ge_dtype md = ctx->inputs[3].dtype;
        if (md != GE_DTYPE_BOOL && md != ctx->inputs[0].dtype)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 (attn_mask) has dtype %s; expected bool or %s",
                           ge_dtype_name(md), ge_dtype_name(ctx->inputs[0].dtype));
        if ((st = xu_rank_in(node, &ctx->inputs[3], 3, 1, 4)) != GE_STATUS_SUCCESS)
            return st;
    }
    if (xu_in_present(ctx, 6) && ctx->inputs[6].dtype != GE_DTYPE_INT64)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 6 (nonpad_kv_seqlen) has dtype %s; expected int64",
                       ge_dtype_name(ctx->inputs[6].dtype));
    int64_t mode = op_attr_int(node, "qk_matmul_output_mode");
    if (mode < 0 || mode > 3)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'qk_matmul_output_mode' is %lld; expected 0 to 3",
                       (long long)mode);
    if (op_attr(node, "softmax_precision")) {
        ge_dtype sp;
        int64_t p = op_attr_int(node, "softmax_precision");
        if (!ge_dtype_from_onnx(p, &sp) || !(GE_DT(sp) & GE_DTS_FLOATS))
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute 'softmax_precision' is %lld; expected a float type (1, 10, 11 or 16)",
                           (long long)p);
    }
    if (op_attr(node, "scale") && !(op_attr_float(node, "scale") > 0.0f))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'scale' is %g; expected > 0",
                       (double)op_attr_float(node, "scale"));
    const ir_shape *q = &ctx->inputs[0].shape, *k = &ctx->inputs[1].shape, *v = &ctx->inputs[2].shape;
    const ir_shape *pk = has_pk ? &ctx->inputs[4].shape : NULL, *pv = has_pk ? &ctx->inputs[5].shape : NULL;
    ge_dtype qt = ctx->inputs[0].dtype, vt = ctx->inputs[2].dtype;
    int32_t r = q->rank >= 0 ? q->rank : k->rank >= 0 ? k->rank : v->rank;
    if (r < 0 || (pk && (pk->rank < 0 || pv->rank < 0))) {
        ir_shape u = ir_shape_unknown();
        xu_set_out(ctx, 0, qt, &u);
        xu_set_out(ctx, 1, qt, &u);
        xu_set_out(ctx, 2, vt, &u);
        xu_set_out(ctx, 3, qt, &u);
        return GE_STATUS_SUCCESS;
    }
    for (size_t i = 0; i < 3; i++)
        if ((st = xu_rank_in(node, &ctx->inputs[i], i, r, r)) != GE_STATUS_SUCCESS)
            return st;
    if (r != 3 && r != 4)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected 3 or 4", (int)r);
    ir_shape qq = *q, kk = *k, vv = *v;
    for (int i = 0; i < r; i++) { /* unknown-rank inputs among Q, K, V read as unknown dims */
        if (q->rank < 0)
            qq.dims[i] = -1;
        if (k->rank < 0)
            kk.dims[i] = -1;
        if (v->rank < 0)
            vv.dims[i] = -1;
    }
    qq.rank = kk.rank = vv.rank = r;
    if (pk && ((st = xu_rank_in(node, &ctx->inputs[4], 4, 4, 4)) != GE_STATUS_SUCCESS ||
               (st = xu_rank_in(node, &ctx->inputs[5], 5, 4, 4)) != GE_STATUS_SUCCESS))
        return st;
    attn_geo g;
    if ((st = attn_geometry(node, &qq, &kk, &vv, pk, pv, &g)) != GE_STATUS_SUCCESS)
        return st;
    if (xu_in_present(ctx, 3) && ctx->inputs[3].shape.rank >= 0) {
        const ir_shape *m = &ctx->inputs[3].shape;
        int64_t want[4] = {g.b, g.hq, g.sq, g.total};
        for (int i = 0; i < m->rank; i++) {
            int64_t md = m->dims[m->rank - 1 - i], w = want[3 - i];
            bool ok = md < 0 || w < 0 || md == 1 || md == w || (i == 0 && md < w);
            if (!ok) {
                char b1[96];
                return op_fail(node, GE_STATUS_PARAM_INVALID,
                               "input 3 (attn_mask) of shape %s does not broadcast to (batch %lld, heads %lld, "
                               "q_seq %lld, total_seq %lld)",
                               ir_shape_format(m, b1, sizeof b1), (long long)g.b, (long long)g.hq, (long long)g.sq,
                               (long long)g.total);
            }
        }
    }
    ir_shape ys, ks, vs, qks;
    if (g.is3d)
        ir_shape_make(&ys, 3, (int64_t[]){g.b, g.sq, xu_mul(g.hq, g.dv)});
    else
        ir_shape_make(&ys, 4, (int64_t[]){g.b, g.hq, g.sq, g.dv});
    ir_shape_make(&ks, 4, (int64_t[]){g.b, g.hkv, g.total, g.d});
    ir_shape_make(&vs, 4, (int64_t[]){g.b, g.hkv, g.total, g.dv});
    ir_shape_make(&qks, 4, (int64_t[]){g.b, g.hq, g.sq, g.total});
    xu_set_out(ctx, 0, qt, &ys);
    xu_set_out(ctx, 1, qt, &ks);
    xu_set_out(ctx, 2, vt, &vs);
    xu_set_out(ctx, 3, qt, &qks);
    return GE_STATUS_SUCCESS;
}

static ge_status attn_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *in = ctx->inputs;
    bool has_mask = xu_kin_present(ctx, 3), has_past = xu_kin_present(ctx, 4) && xu_kin_present(ctx, 5);
    bool has_nonpad = xu_kin_present(ctx, 6);
    attn_geo g;
    ge_status st = attn_geometry(node, &in[0].shape, &in[1].shape, &in[2].shape, has_past ? &in[4].shape : NULL,
                                 has_past ? &in[5].shape : NULL, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t B = g.b, HQ = g.hq, HKV = g.hkv, SQ = g.sq, SKV = g.skv, D = g.d, DV = g.dv, P = g.past, T = g.total;
    int64_t grp = HKV > 0 ? HQ / HKV : 1;
    double scale = op_attr(node, "scale") ? (double)op_attr_float(node, "scale") : 1.0 / sqrt((double)D);
    double softcap = op_attr_float(node, "softcap");
    bool causal = op_attr_int(node, "is_causal") != 0;
    int64_t mode = op_attr_int(node, "qk_matmul_output_mode");
    ge_dtype sp = GE_DTYPE_FLOAT64;
    if (op_attr(node, "softmax_precision"))
        ge_dtype_from_onnx(op_attr_int(node, "softmax_precision"), &sp);

    /* mask strides over (b, h, i, j), last dim may be shorter than T (then padded masked) */
    int64_t mst[4] = {0, 0, 0, 0}, mlen = T;
    const ir_tensor *mask = has_mask ? &in[3] : NULL;
    if (mask) {
        const ir_shape *m = &mask->shape;
        int64_t want[4] = {B, HQ, SQ, T}, stride = 1;
        for (int i = m->rank - 1, a = 3; i >= 0; i--, a--) {
            int64_t md = m->dims[i];
            if (!(md == 1 || md == want[a] || (a == 3 && md < want[a])))
                return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 (attn_mask) dim %d is %lld; expected 1 or %lld", i,
                               (long long)md, (long long)want[a]);
            mst[a] = (md == 1 && a != 3) ? 0 : stride; /* the last dim is padded, never broadcast */
            if (a == 3)
                mlen = md;
            stride *= md;
        }
    }
    const int64_t *nonpad = NULL;
    if (has_nonpad) {
        if (ir_tensor_numel(&in[6]) != B)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 6 (nonpad_kv_seqlen) has %lld elements; expected %lld",
                           (long long)ir_tensor_numel(&in[6]), (long long)B);
        nonpad = in[6].data;
    }
    double *qv = nn_load(node, &in[0]), *kv = nn_load(node, &in[1]), *vv = nn_load(node, &in[2]);
    double *mv = mask && mask->dtype != GE_DTYPE_BOOL ? nn_load(node, mask) : NULL;
    double *pkv = has_past ? nn_load(node, &in[4]) : NULL, *pvv = has_past ? nn_load(node, &in[5]) : NULL;
    double *krow = nn_zalloc(node, (size_t)(T * D)), *vrow = nn_zalloc(node, (size_t)(T * DV));
    double *y = nn_zalloc(node, (size_t)(B * HQ * SQ * DV)), *qk = nn_zalloc(node, (size_t)(B * HQ * SQ * T));
    double *s = nn_zalloc(node, (size_t)T), *acc = nn_zalloc(node, (size_t)DV);
    if (!qv || !kv || !vv || (mask && mask->dtype != GE_DTYPE_BOOL && !mv) || (has_past && (!pkv || !pvv)) || !krow ||
        !vrow || !y || !qk || !s || !acc) {
        st = GE_STATUS_MEMALLOC_FAILED;
        goto done;
    }
    const uint8_t *mb = mask && mask->dtype == GE_DTYPE_BOOL ? mask->data : NULL;
    /* present_key / present_value: (B, HKV, T, D|DV) */
    bool want_pk = nn_output_wanted(ctx, 1), want_pv = nn_output_wanted(ctx, 2);
    for (int64_t b = 0; b < B; b++) {
        for (int64_t hk = 0; hk < HKV; hk++) {
            /* gather the keys and values of head hk: past then new */
            for (int64_t j = 0; j < T; j++) {
                for (int64_t d = 0; d < D; d++) {
                    double x;
                    if (j < P)
                        x = pkv[((b * HKV + hk) * P + j) * D + d];
                    else if (g.is3d)
                        x = kv[(b * SKV + (j - P)) * HKV * D + hk * D + d];
                    else
                        x = kv[((b * HKV + hk) * SKV + (j - P)) * D + d];
                    krow[j * D + d] = x;
                }
                for (int64_t d = 0; d < DV; d++) {
                    double x;
                    if (j < P)
                        x = pvv[((b * HKV + hk) * P + j) * DV + d];
                    else if (g.is3d)
                        x = vv[(b * SKV + (j - P)) * HKV * DV + hk * DV + d];
                    else
                        x = vv[((b * HKV + hk) * SKV + (j - P)) * DV + d];
                    vrow[j * DV + d] = x;
                }
            }
            if (want_pk)
                for (int64_t e = 0; e < T * D; e++)
                    op_store_f64(ctx->outputs[1].data, ctx->outputs[1].dtype, (size_t)((b * HKV + hk) * T * D + e),
                                 krow[e]);
            if (want_pv)
                for (int64_t e = 0; e < T * DV; e++)
                    op_store_f64(ctx->outputs[2].data, ctx->outputs[2].dtype, (size_t)((b * HKV + hk) * T * DV + e),
                                 vrow[e]);
            for (int64_t h = hk * grp; h < (hk + 1) * grp; h++) {
                for (int64_t i = 0; i < SQ; i++) {
                    const double *qrow;
                    size_t qoff = g.is3d ? (size_t)((b * SQ + i) * HQ * D + h * D) : (size_t)(((b * HQ + h) * SQ + i) * D);
                    qrow = qv + qoff;
                    double *qko = qk + ((b * HQ + h) * SQ + i) * T;
                    int64_t offset = 0;
                    if (has_past)
                        offset = P;
                    else if (nonpad)
                        offset = nonpad[b] - SQ;
                    double mx = -INFINITY;
                    for (int64_t j = 0; j < T; j++) {
                        double dot = 0.0;
                        for (int64_t d = 0; d < D; d++)
                            dot += qrow[d] * krow[j * D + d];
                        double raw = dot * scale, c = raw;
                        if (softcap > 0.0)
                            c = softcap * tanh(raw / softcap);
                        double bias = 0.0;
                        if (mask) {
                            if (j >= mlen)
                                bias = -INFINITY;
                            else {
                                int64_t mo = b * mst[0] + h * mst[1] + i * mst[2] + j * mst[3];
                                if (mb)
                                    bias = mb[mo] ? 0.0 : -INFINITY;
                                else
                                    bias = mv[mo];
                            }
                        }
                        if (causal && j > i + offset)
                            bias = -INFINITY;
                        if (nonpad && j >= nonpad[b])
                            bias = -INFINITY;
                        double w = c + bias;
                        if (mode == 0)
                            qko[j] = raw;
                        else if (mode == 1)
                            qko[j] = c;
                        else if (mode == 2)
                            qko[j] = w;
                        w = xu_round_to(sp, w);
                        s[j] = w;
                        if (w > mx)
                            mx = w;
                    }
                    bool all_masked = !(mx > -INFINITY);
                    double sum = 0.0;
                    for (int64_t j = 0; j < T; j++) {
                        s[j] = all_masked ? 0.0 : exp(s[j] - mx);
                        sum += s[j];
                    }
                    for (int64_t d = 0; d < DV; d++)
                        acc[d] = 0.0;
                    for (int64_t j = 0; j < T; j++) {
                        double p = all_masked || !(sum > 0.0) ? 0.0 : xu_round_to(sp, s[j] / sum);
                        if (mode == 3)
                            qko[j] = p;
                        if (p != 0.0)
                            for (int64_t d = 0; d < DV; d++)
                                acc[d] += p * vrow[j * DV + d];
                    }
                    double *yo = g.is3d ? y + (b * SQ + i) * HQ * DV + h * DV : y + ((b * HQ + h) * SQ + i) * DV;
                    for (int64_t d = 0; d < DV; d++)
                        yo[d] = acc[d];
                }
            }
        }
    }
    nn_store(&ctx->outputs[0], y, (size_t)(B * HQ * SQ * DV));
    if (nn_output_wanted(ctx, 3))
        nn_store(&ctx->outputs[3], qk, (size_t)(B * HQ * SQ * T));
    st = GE_STATUS_SUCCESS;
done:
    ge_free(qv), ge_free(kv), ge_free(vv), ge_free(mv), ge_free(pkv), ge_free(pvv);
    ge_free(krow), ge_free(vrow), ge_free(y), ge_free(qk), ge_free(s), ge_free(acc);
    return st;
}

/* ---------------- RotaryEmbedding ---------------- */

static const op_attr_def rope_attrs[] = {
    {"interleaved", IR_ATTR_INT, false, 0, 0, NULL},
    {"num_heads", IR_ATTR_INT, false, 0, 0, NULL},
    {"rotary_embedding_dim", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

#define ROPE_DTS (GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_FLOAT16) | GE_DT(GE_DTYPE_BFLOAT16))

/* head size and rotary dim from X's shape (dims -1 when unknown). */
static ge_status rope_dims(const op_node_info *node, const ir_shape *x, int64_t *head, int64_t *rot)
{
    int64_t nh = op_attr_int(node, "num_heads"), rd = op_attr_int(node, "rotary_embedding_dim");
    if (nh < 0 || rd < 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attributes 'num_heads' (%lld) and 'rotary_embedding_dim' (%lld) "
                       "must be >= 0", (long long)nh, (long long)rd);
    if (x->rank == 3) {
        if (nh == 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "3-D input needs attribute 'num_heads' > 0");
        if (x->dims[2] >= 0 && x->dims[2] % nh)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "hidden size %lld is not a multiple of num_heads %lld",
                           (long long)x->dims[2], (long long)nh);
        *head = xu_div(x->dims[2], nh);
    } else {
        *head = x->dims[3];
    }
    *rot = rd ? rd : *head;
    if (*rot >= 0 && (*rot % 2))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "rotary embedding dim %lld is odd; expected even", (long long)*rot);
    if (*head >= 0 && *rot > *head)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'rotary_embedding_dim' %lld exceeds head size %lld",
                       (long long)*rot, (long long)*head);
    return GE_STATUS_SUCCESS;
}

static ge_status rope_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 3);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS ||
        (st = nn_check_same_dtype(ctx, 1)) != GE_STATUS_SUCCESS || (st = nn_check_same_dtype(ctx, 2)) != GE_STATUS_SUCCESS)
        return st;
    bool has_pos = xu_in_present(ctx, 3);
    if (has_pos && ctx->inputs[3].dtype != GE_DTYPE_INT64)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 (position_ids) has dtype %s; expected int64",
                       ge_dtype_name(ctx->inputs[3].dtype));
    if ((st = xu_rank_in(node, &ctx->inputs[0], 0, 3, 4)) != GE_STATUS_SUCCESS)
        return st;
    int cr = has_pos ? 2 : 3;
    if ((st = xu_rank_in(node, &ctx->inputs[1], 1, cr, cr)) != GE_STATUS_SUCCESS ||
        (st = xu_rank_in(node, &ctx->inputs[2], 2, cr, cr)) != GE_STATUS_SUCCESS ||
        (has_pos && (st = xu_rank_in(node, &ctx->inputs[3], 3, 2, 2)) != GE_STATUS_SUCCESS))
        return st;
    const ir_shape *x = &ctx->inputs[0].shape;
    if (x->rank >= 0) {
        int64_t head, rot;
        if ((st = rope_dims(node, x, &head, &rot)) != GE_STATUS_SUCCESS)
            return st;
        int64_t b = x->dims[0], s = x->rank == 3 ? x->dims[1] : x->dims[2];
        for (size_t i = 1; i < 3; i++) {
            const ir_shape *c = &ctx->inputs[i].shape;
            if (c->rank < 0)
                continue;
            char what[64];
            snprintf(what, sizeof what, "last dim of input %zu", i);
            if ((st = xu_dim_eq(node, c->dims[c->rank - 1], xu_div(rot, 2), what)) != GE_STATUS_SUCCESS)
                return st;
            if (!has_pos) {
                snprintf(what, sizeof what, "dim 0 (batch) of input %zu", i);
                if ((st = xu_dim_eq(node, c->dims[0], b, what)) != GE_STATUS_SUCCESS)
                    return st;
                snprintf(what, sizeof what, "dim 1 (sequence) of input %zu", i);
                if ((st = xu_dim_eq(node, c->dims[1], s, what)) != GE_STATUS_SUCCESS)
                    return st;
            }
        }
        if (has_pos && ctx->inputs[3].shape.rank == 2) {
            const ir_shape *p = &ctx->inputs[3].shape;
            if ((st = xu_dim_eq(node, p->dims[0], b, "dim 0 of input 3 (position_ids)")) != GE_STATUS_SUCCESS ||
                (st = xu_dim_eq(node, p->dims[1], s, "dim 1 of input 3 (position_ids)")) != GE_STATUS_SUCCESS)
                return st;
        }
    }
    return op_infer_same_as_input0(ctx);
}

static ge_status rope_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0];
    int64_t head, rot;
    ge_status st = rope_dims(node, &x->shape, &head, &rot);
    if (st != GE_STATUS_SUCCESS)
        return st;
    bool is3d = x->shape.rank == 3, inter = op_attr_int(node, "interleaved") != 0;
    int64_t B = x->shape.dims[0], S = is3d ? x->shape.dims[1] : x->shape.dims[2];
    int64_t H = is3d ? x->shape.dims[2] / head : x->shape.dims[1], half = rot / 2;
    const ir_tensor *pos = xu_kin_present(ctx, 3) ? &ctx->inputs[3] : NULL;
    int64_t max_pos = pos ? ctx->inputs[1].shape.dims[0] : 0;
    if (ctx->inputs[1].shape.dims[ctx->inputs[1].shape.rank - 1] != half ||
        ctx->inputs[2].shape.dims[ctx->inputs[2].shape.rank - 1] != half)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "cos/sin caches' last dim must be %lld", (long long)half);
    if (pos && ir_tensor_numel(pos) != B * S)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 (position_ids) has %lld elements; expected %lld",
                       (long long)ir_tensor_numel(pos), (long long)(B * S));
    if (!pos && (ir_tensor_numel(&ctx->inputs[1]) != B * S * half || ir_tensor_numel(&ctx->inputs[2]) != B * S * half))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "cos/sin caches must have shape [%lld, %lld, %lld]", (long long)B,
                       (long long)S, (long long)half);
    double *xv = nn_load(node, x), *cv = nn_load(node, &ctx->inputs[1]), *sv = nn_load(node, &ctx->inputs[2]);
    if (!xv || !cv || !sv) {
        ge_free(xv), ge_free(cv), ge_free(sv);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    const int64_t *pid = pos ? pos->data : NULL;
    st = GE_STATUS_SUCCESS;
    for (int64_t b = 0; b < B && st == GE_STATUS_SUCCESS; b++)
        for (int64_t s = 0; s < S && st == GE_STATUS_SUCCESS; s++) {
            int64_t crow = b * S + s;
            if (pid) {
                crow = pid[b * S + s];
                if (crow < 0 || crow >= max_pos) {
                    st = op_fail(node, GE_STATUS_PARAM_INVALID, "position id %lld out of range [0, %lld)",
                                 (long long)crow, (long long)max_pos);
                    break;
                }
            }
            const double *c = cv + crow * half, *sn = sv + crow * half;
            for (int64_t h = 0; h < H; h++) {
                double *e = is3d ? xv + (b * S + s) * H * head + h * head : xv + ((b * H + h) * S + s) * head;
                for (int64_t k = 0; k < half; k++) {
                    int64_t i1 = inter ? 2 * k : k, i2 = inter ? 2 * k + 1 : k + half;
                    double x1 = e[i1], x2 = e[i2];
                    e[i1] = c[k] * x1 - sn[k] * x2;
                    e[i2] = sn[k] * x1 + c[k] * x2;
                }
            }
        }
    if (st == GE_STATUS_SUCCESS)
        nn_store(&ctx->outputs[0], xv, (size_t)ir_tensor_numel(x));
    ge_free(xv), ge_free(cv), ge_free(sv);
    return st;
}

const op_schema op_family_attention[] = {
    {"Attention", OP_DOMAIN_ONNX, 23, 23, 3, 6, 1, 4, attn_attrs, GE_DTS_FLOATS, attn_infer, attn_kernel},
    {"Attention", OP_DOMAIN_ONNX, 24, OP_ONNX_OPSET_MAX, 3, 7, 1, 4, attn_attrs, GE_DTS_FLOATS, attn_infer, attn_kernel},
    {"RotaryEmbedding", OP_DOMAIN_ONNX, 23, OP_ONNX_OPSET_MAX, 3, 4, 1, 1, rope_attrs, ROPE_DTS, rope_infer,
     rope_kernel},
    OP_SCHEMA_END,
};

/* FlexAttention (domain ai.onnx.preview, version 1): scaled dot-product attention over rank-4
 * inputs with two optional modifier subgraphs.
 *
 *   Q (B, Hq, L, E), K (B, Hkv, S, E), V (B, Hkv, S, Ev) -> Y (B, Hq, L, Ev), dtype of V
 *   Scores = (Q @ K^T) * scale              scale: attribute, default 1/sqrt(E)
 *   Scores = score_mod(Scores)              if the graph attribute is given
 *   Probs  = Softmax(Scores, axis=-1)
 *   Probs  = prob_mod(Probs)                if the graph attribute is given
 *   Y      = Probs @ V
 *
 * GQA: with Hq != Hkv, Hq must be a multiple of Hkv and query head h reads K/V head
 * h / (Hq / Hkv). Everything between the inputs and Y is computed in the softmax precision:
 * the `softmax_precision` attribute (an ONNX float type) or, by default, double for double
 * Q and float32 otherwise (float16 / bfloat16 inputs are widened). The modifier subgraphs
 * take and return one (B, Hq, L, S) tensor of that precision. Each step of ONNX's reference
 * (matmul, scaling, softmax, probs @ V) rounds to that precision; here the sums run in double
 * and each step's result is rounded to it. A row whose every score is -inf gives NaN (the
 * plain softmax formula, as ONNX's reference and function body compute it).
 *
 * The subgraphs run through the executor's ctx->run_subgraph (as If/Loop/Scan bodies do):
 * graphs with graph attributes run through the interpreter. */
#include "base/alloc.h"
#include "ir/graph.h"
#include "ops/extra_util.h"

#include <string.h>

#define FLEX_DOMAIN "ai.onnx.preview"

static const op_attr_def flex_attrs[] = {
    {"prob_mod", IR_ATTR_GRAPH, false, 0, 0, NULL},
    {"scale", IR_ATTR_FLOAT, false, 0, 0, NULL},
    {"score_mod", IR_ATTR_GRAPH, false, 0, 0, NULL},
    {"softmax_precision", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static const char *const flex_mods[2] = {"score_mod", "prob_mod"};

/* The softmax precision for Q's dtype `q` (UNDEFINED when q is unknown and the attribute is
 * not given). */
static ge_status flex_compute_dtype(const op_node_info *node, ge_dtype q, ge_dtype *out)
{
    if (op_attr(node, "softmax_precision")) {
        int64_t p = op_attr_int(node, "softmax_precision");
        ge_dtype sp;
        if (!ge_dtype_from_onnx(p, &sp) || !(GE_DT(sp) & GE_DTS_FLOATS))
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute 'softmax_precision' is %lld; expected a float type (1 float, 10 "
                           "float16, 11 double or 16 bfloat16)",
                           (long long)p);
        *out = sp;
        return GE_STATUS_SUCCESS;
    }
    *out = q == GE_DTYPE_UNDEFINED ? GE_DTYPE_UNDEFINED
           : q == GE_DTYPE_FLOAT64 ? GE_DTYPE_FLOAT64
                                   : GE_DTYPE_FLOAT32;
    return GE_STATUS_SUCCESS;
}

/* The geometry of one node (dims -1 when unknown). */
typedef struct flex_geo {
    int64_t b, hq, hkv, l, s, e, ev;
} flex_geo;

/* Checks that known dims agree; shapes must be rank 4 (unknown dims allowed). */
static ge_status flex_geometry(const op_node_info *node, const ir_shape *q, const ir_shape *k, const ir_shape *v,
                               flex_geo *g)
{
    ge_status st;
    if ((st = xu_dim_eq(node, k->dims[0], q->dims[0], "batch size of K (input 1, dim 0)")) != GE_STATUS_SUCCESS ||
        (st = xu_dim_eq(node, v->dims[0], xu_merge(q->dims[0], k->dims[0]), "batch size of V (input 2, dim 0)")) !=
            GE_STATUS_SUCCESS ||
        (st = xu_dim_eq(node, k->dims[3], q->dims[3], "head size of K (input 1, dim 3)")) != GE_STATUS_SUCCESS ||
        (st = xu_dim_eq(node, v->dims[1], k->dims[1], "head count of V (input 2, dim 1)")) != GE_STATUS_SUCCESS ||
        (st = xu_dim_eq(node, v->dims[2], k->dims[2], "sequence length of V (input 2, dim 2)")) != GE_STATUS_SUCCESS)
        return st;
    g->b = xu_merge(q->dims[0], xu_merge(k->dims[0], v->dims[0]));
    g->hq = q->dims[1];
    g->hkv = xu_merge(k->dims[1], v->dims[1]);
    g->l = q->dims[2];
    g->s = xu_merge(k->dims[2], v->dims[2]);
    g->e = xu_merge(q->dims[3], k->dims[3]);
    g->ev = v->dims[3];
    if (g->hkv == 0 && g->hq > 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "K (input 1) has 0 heads (dim 1) while Q (input 0) has %lld; kv_num_heads must divide "
                       "q_num_heads",
                       (long long)g->hq);
    if (g->hq >= 0 && g->hkv > 0 && g->hq % g->hkv)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "q_num_heads %lld (Q, input 0, dim 1) is not a multiple of kv_num_heads %lld (K, input 1, "
                       "dim 1)",
                       (long long)g->hq, (long long)g->hkv);
    return GE_STATUS_SUCCESS;
}

static const ir_value *flex_body_output(const ir_graph *g)
{
    const ir_value *v = g->outputs[0];
    if (v->kind == IR_VALUE_REF) {
        const ir_value *r = ir_graph_resolve(g, v->name);
        if (r)
            v = r;
    }
    return v;
}

/* A modifier subgraph's interface: one input and one output, both of the softmax precision
 * `cd` (when known) and rank 4 matching `scores` where dims are known. */
static ge_status flex_check_body(const op_node_info *node, const char *attr, ge_dtype cd, const ir_shape *scores)
{
    const ir_graph *g = op_attr_graph(node, attr);
    if (!g)
        return GE_STATUS_SUCCESS;
    const char *gn = g->name ? g->name : "";
    if (g->n_inputs != 1 || g->n_outputs != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute '%s' (graph '%s') has %zu inputs and %zu outputs; a modifier subgraph takes "
                       "exactly one input and gives one output",
                       attr, gn, g->n_inputs, g->n_outputs);
    const ir_value *vals[2] = {g->inputs[0], flex_body_output(g)};
    static const char *const what[2] = {"input", "output"};
    char a[128], b[128];
    for (int k = 0; k < 2; k++) {
        const ir_value *v = vals[k];
        if (cd != GE_DTYPE_UNDEFINED && v->dtype != GE_DTYPE_UNDEFINED && v->dtype != cd)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute '%s' (graph '%s'): %s '%s' has dtype %s; expected %s (the softmax "
                           "precision)",
                           attr, gn, what[k], v->name, ge_dtype_name(v->dtype), ge_dtype_name(cd));
        if (!ir_shape_rank_known(&v->shape))
            continue;
        bool ok = v->shape.rank == 4;
        for (int d = 0; ok && d < 4; d++)
            ok = v->shape.dims[d] < 0 || scores->dims[d] < 0 || v->shape.dims[d] == scores->dims[d];
        if (!ok)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute '%s' (graph '%s'): %s '%s' has shape %s; expected %s (batch, q_num_heads, "
                           "q_sequence_length, kv_sequence_length)",
                           attr, gn, what[k], v->name, ir_shape_format(&v->shape, a, sizeof a),
                           ir_shape_format(scores, b, sizeof b));
    }
    return GE_STATUS_SUCCESS;
}

static ge_status flex_check_input(const op_infer_ctx *ctx, size_t i, const char *name, ir_shape *out)
{
    const op_value *v = &ctx->inputs[i];
    if (!v->present)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "required input %zu (%s) is absent", i, name);
    ge_status st = op_check_dtype(ctx, i, GE_DTS_FLOATS);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ir_shape_rank_known(&v->shape) && v->shape.rank != 4) {
        char a[128];
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu (%s) has rank %d (shape %s); expected 4", i,
                       name, (int)v->shape.rank, ir_shape_format(&v->shape, a, sizeof a));
    }
    if (ir_shape_rank_known(&v->shape)) {
        *out = v->shape;
    } else {
        out->rank = 4;
        for (int d = 0; d < 4; d++)
            out->dims[d] = IR_DIM_UNKNOWN;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status flex_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    if (ctx->n_inputs != 3 || ctx->n_outputs != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "has %zu inputs and %zu outputs; expected 3 (Q, K, V) and 1 (Y)",
                       ctx->n_inputs, ctx->n_outputs);
    static const char *const names[3] = {"Q", "K", "V"};
    ir_shape sh[3];
    ge_status st;
    for (size_t i = 0; i < 3; i++)
        if ((st = flex_check_input(ctx, i, names[i], &sh[i])) != GE_STATUS_SUCCESS)
            return st;
    ge_dtype qt = ctx->inputs[0].dtype, kt = ctx->inputs[1].dtype, vt = ctx->inputs[2].dtype;
    if (qt != GE_DTYPE_UNDEFINED && kt != GE_DTYPE_UNDEFINED && qt != kt)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "input 1 (K) has dtype %s; expected %s (Q and K share type T1)", ge_dtype_name(kt),
                       ge_dtype_name(qt));
    ge_dtype cd;
    if ((st = flex_compute_dtype(node, qt != GE_DTYPE_UNDEFINED ? qt : kt, &cd)) != GE_STATUS_SUCCESS)
        return st;
    flex_geo g;
    if ((st = flex_geometry(node, &sh[0], &sh[1], &sh[2], &g)) != GE_STATUS_SUCCESS)
        return st;
    ir_shape scores, y;
    ir_shape_make(&scores, 4, (int64_t[]){g.b, g.hq, g.l, g.s});
    for (int k = 0; k < 2; k++)
        if ((st = flex_check_body(node, flex_mods[k], cd, &scores)) != GE_STATUS_SUCCESS)
            return st;
    ir_shape_make(&y, 4, (int64_t[]){g.b, g.hq, g.l, g.ev});
    xu_set_out(ctx, 0, vt, &y);
    return GE_STATUS_SUCCESS;
}

/* x (n values, shape `shape`) = attr's subgraph applied to x in precision cd. */
static ge_status flex_apply_mod(op_kernel_ctx *ctx, const char *attr, ge_dtype cd, const ir_shape *shape, double *x,
                                size_t n)
{
    const op_node_info *node = &ctx->node;
    const ir_graph *g = op_attr_graph(node, attr);
    if (!g)
        return GE_STATUS_SUCCESS;
    if (!ctx->run_subgraph)
        return op_fail(node, GE_STATUS_GRAPH_UNSUPPORTED,
                       "attribute '%s': the executor gives no subgraph runner (run_subgraph is NULL)", attr);
    ge_status st = flex_check_body(node, attr, cd, shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_tensor t, res;
    memset(&t, 0, sizeof t);
    memset(&res, 0, sizeof res);
    if ((st = ir_tensor_alloc(&t, cd, shape)) != GE_STATUS_SUCCESS) {
        ge_error_prefix("%s node '%s': attribute '%s': ", node->schema->type, node->name, attr);
        return st;
    }
    nn_store(&t, x, n);
    st = ctx->run_subgraph(ctx, g, 1, &t, 1, &res);
    ir_tensor_free_data(&t);
    if (st != GE_STATUS_SUCCESS)
        return st;
    char a[128], b[128];
    if (res.dtype != cd || !ir_shape_equal(&res.shape, shape)) {
        st = op_fail(node, GE_STATUS_PARAM_INVALID,
                     "attribute '%s' (graph '%s') produced %s %s; expected %s %s (a modifier keeps the shape and "
                     "the softmax precision)",
                     attr, g->name ? g->name : "", ge_dtype_name(res.dtype), ir_shape_format(&res.shape, a, sizeof a),
                     ge_dtype_name(cd), ir_shape_format(shape, b, sizeof b));
    } else {
        for (size_t i = 0; i < n; i++)
            x[i] = op_load_f64(res.data, res.dtype, i);
    }
    ir_tensor_free_data(&res);
    return st;
}

static ge_status flex_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *in = ctx->inputs;
    if (ctx->n_inputs != 3 || ctx->n_outputs != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "has %zu inputs and %zu outputs; expected 3 and 1",
                       ctx->n_inputs, ctx->n_outputs);
    for (size_t i = 0; i < 3; i++)
        if (in[i].shape.rank != 4 || !(GE_DT(in[i].dtype) & GE_DTS_FLOATS))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu is %s of rank %d; expected a rank-4 float tensor",
                           i, ge_dtype_name(in[i].dtype), (int)in[i].shape.rank);
    flex_geo g;
    ge_dtype cd;
    ge_status st = flex_geometry(node, &in[0].shape, &in[1].shape, &in[2].shape, &g);
    if (st != GE_STATUS_SUCCESS || (st = flex_compute_dtype(node, in[0].dtype, &cd)) != GE_STATUS_SUCCESS)
        return st;
    ir_shape ys;
    ir_shape_make(&ys, 4, (int64_t[]){g.b, g.hq, g.l, g.ev});
    if (!ctx->outputs[0].data) {
        ctx->outputs[0].dtype = in[2].dtype;
        if ((st = op_output_alloc(ctx, 0, &ys)) != GE_STATUS_SUCCESS)
            return st;
    }
    int64_t B = g.b, HQ = g.hq, HKV = g.hkv, L = g.l, S = g.s, E = g.e, EV = g.ev;
    size_t n_y = (size_t)(B * HQ * L * EV), n_sc = (size_t)(B * HQ * L * S);
    if (n_y == 0) /* nothing to write */
        return GE_STATUS_SUCCESS;
    int64_t grp = HQ / HKV;
    double scale = op_attr(node, "scale") ? (double)op_attr_float(node, "scale") : 1.0 / sqrt((double)E);
    scale = xu_round_to(cd, scale);
    ir_shape ss;
    ir_shape_make(&ss, 4, (int64_t[]){B, HQ, L, S});
    double *qv = nn_load(node, &in[0]), *kv = nn_load(node, &in[1]), *vv = nn_load(node, &in[2]);
    double *sc = nn_zalloc(node, n_sc), *y = nn_zalloc(node, n_y);
    if (!qv || !kv || !vv || !sc || !y) {
        st = GE_STATUS_MEMALLOC_FAILED;
        goto done;
    }
    /* The inputs in the softmax precision (Q, K and V cast to it, as ONNX's reference does). */
    for (size_t i = 0; i < (size_t)ir_tensor_numel(&in[0]); i++)
        qv[i] = xu_round_to(cd, qv[i]);
    for (size_t i = 0; i < (size_t)ir_tensor_numel(&in[1]); i++)
        kv[i] = xu_round_to(cd, kv[i]);
    for (size_t i = 0; i < (size_t)ir_tensor_numel(&in[2]); i++)
        vv[i] = xu_round_to(cd, vv[i]);
    /* Scores = (Q @ K^T) * scale, each step rounded to the softmax precision. */
    for (int64_t b = 0; b < B; b++)
        for (int64_t h = 0; h < HQ; h++) {
            const double *kh = kv + (b * HKV + h / grp) * S * E;
            for (int64_t i = 0; i < L; i++) {
                const double *qr = qv + ((b * HQ + h) * L + i) * E;
                double *so = sc + ((b * HQ + h) * L + i) * S;
                for (int64_t j = 0; j < S; j++) {
                    double dot = 0.0;
                    for (int64_t e = 0; e < E; e++)
                        dot += qr[e] * kh[j * E + e];
                    so[j] = xu_round_to(cd, xu_round_to(cd, dot) * scale);
                }
            }
        }
    if ((st = flex_apply_mod(ctx, "score_mod", cd, &ss, sc, n_sc)) != GE_STATUS_SUCCESS)
        goto done;
    /* Softmax over the key axis. */
    for (size_t r = 0; r < (size_t)(B * HQ * L); r++) {
        double *row = sc + r * (size_t)S, mx = -INFINITY, sum = 0.0;
        for (int64_t j = 0; j < S; j++)
            if (row[j] > mx)
                mx = row[j];
        for (int64_t j = 0; j < S; j++) {
            row[j] = xu_round_to(cd, exp(row[j] - mx));
            sum += row[j];
        }
        sum = xu_round_to(cd, sum);
        for (int64_t j = 0; j < S; j++)
            row[j] = xu_round_to(cd, row[j] / sum);
    }
    if ((st = flex_apply_mod(ctx, "prob_mod", cd, &ss, sc, n_sc)) != GE_STATUS_SUCCESS)
        goto done;
    /* Y = Probs @ V */
    for (int64_t b = 0; b < B; b++)
        for (int64_t h = 0; h < HQ; h++) {
            const double *vh = vv + (b * HKV + h / grp) * S * EV;
            for (int64_t i = 0; i < L; i++) {
                const double *p = sc + ((b * HQ + h) * L + i) * S;
                double *yo = y + ((b * HQ + h) * L + i) * EV;
                for (int64_t j = 0; j < S; j++) {
                    double pj = p[j];
                    for (int64_t d = 0; d < EV; d++)
                        yo[d] += pj * vh[j * EV + d];
                }
                for (int64_t d = 0; d < EV; d++)
                    yo[d] = xu_round_to(cd, yo[d]);
            }
        }
    nn_store(&ctx->outputs[0], y, n_y);
    st = GE_STATUS_SUCCESS;
done:
    ge_free(qv), ge_free(kv), ge_free(vv), ge_free(sc), ge_free(y);
    return st;
}

const op_schema op_family_flexattention[] = {
    {"FlexAttention", FLEX_DOMAIN, 1, 1, 3, 3, 1, 1, flex_attrs, GE_DTS_FLOATS, flex_infer, flex_kernel},
    OP_SCHEMA_END,
};

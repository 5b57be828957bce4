/* Einsum (opset 12): the general equation parser (explicit and implicit output, ellipsis
 * with broadcasting, repeated labels within a term = diagonals, labels absent from the
 * output = summed). The reference kernel walks every combination of label values once. */
#include "base/alloc.h"
#include "ops/extra_util.h"
#include "ops/eltwise_util.h"

#include <string.h>

#define ES_MAX_IN 16
#define ES_LETTERS 52
#define ES_MAX_LABELS (ES_LETTERS + IR_MAX_RANK)

static const op_attr_def einsum_attrs[] = {
    {"equation", IR_ATTR_STRING, true, 0, 0, NULL},
    OP_ATTRS_END,
};

typedef struct es_term {
    int n;            /* entries; the ellipsis counts as one entry (label -1) */
    int labels[IR_MAX_RANK + 1];
    bool ellipsis;
} es_term;

typedef struct es_eq {
    int n_in;
    es_term in[ES_MAX_IN];
    es_term out;
    bool explicit_out;
} es_eq;

static int es_letter(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26; /* numpy's implicit order: upper case sorts first */
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    return -1;
}

static ge_status es_parse_term(const op_node_info *node, const char **p, const char *end, es_term *t)
{
    memset(t, 0, sizeof *t);
    const char *s = *p;
    while (s < end && *s != ',' && !(s[0] == '-' && s + 1 < end && s[1] == '>')) {
        if (*s == ' ') {
            s++;
            continue;
        }
        if (*s == '.') {
            if (end - s < 3 || s[1] != '.' || s[2] != '.' || t->ellipsis)
                return op_fail(node, GE_STATUS_PARAM_INVALID,
                               "attribute 'equation' has a broken or repeated ellipsis in a term");
            t->ellipsis = true;
            if (t->n > IR_MAX_RANK)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'equation' has a term of too many labels");
            t->labels[t->n++] = -1;
            s += 3;
            continue;
        }
        int l = es_letter(*s);
        if (l < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'equation' has '%c'; expected letters, ',', '->' or '...'",
                           *s);
        if (t->n > IR_MAX_RANK)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'equation' has a term of too many labels");
        t->labels[t->n++] = l;
        s++;
    }
    *p = s;
    return GE_STATUS_SUCCESS;
}

static ge_status es_parse(const op_node_info *node, es_eq *eq)
{
    const char *e = op_attr_string(node, "equation");
    if (!e)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "required attribute 'equation' is missing");
    memset(eq, 0, sizeof *eq);
    const char *p = e, *end = e + strlen(e);
    ge_status st;
    for (;;) {
        if (eq->n_in >= ES_MAX_IN)
            return op_fail(node, GE_STATUS_UNSUPPORTED, "attribute 'equation' has more than %d inputs", ES_MAX_IN);
        if ((st = es_parse_term(node, &p, end, &eq->in[eq->n_in++])) != GE_STATUS_SUCCESS)
            return st;
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        break;
    }
    if (p < end) { /* "->" */
        p += 2;
        eq->explicit_out = true;
        if ((st = es_parse_term(node, &p, end, &eq->out)) != GE_STATUS_SUCCESS)
            return st;
        if (p < end)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'equation' has more than one '->'");
        bool seen[ES_LETTERS] = {false};
        for (int i = 0; i < eq->out.n; i++) {
            int l = eq->out.labels[i];
            if (l < 0)
                continue;
            if (seen[l])
                return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'equation' repeats a label in the output");
            seen[l] = true;
            bool found = false;
            for (int k = 0; k < eq->n_in && !found; k++)
                for (int j = 0; j < eq->in[k].n; j++)
                    found |= eq->in[k].labels[j] == l;
            if (!found)
                return op_fail(node, GE_STATUS_PARAM_INVALID,
                               "attribute 'equation' has an output label that no input has");
        }
    } else {
        int count[ES_LETTERS] = {0};
        bool ell = false;
        for (int k = 0; k < eq->n_in; k++)
            for (int j = 0; j < eq->in[k].n; j++) {
                if (eq->in[k].labels[j] < 0)
                    ell = true;
                else
                    count[eq->in[k].labels[j]]++;
            }
        es_term *o = &eq->out;
        if (ell) {
            o->labels[o->n++] = -1;
            o->ellipsis = true;
        }
        for (int l = 0; l < ES_LETTERS; l++)
            if (count[l] == 1) {
                if (o->n > IR_MAX_RANK)
                    return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'equation' gives too many output dims");
                o->labels[o->n++] = l;
            }
    }
    return GE_STATUS_SUCCESS;
}

/* Label sizes from shapes (rank must be known for every input whose term has an ellipsis
 * when `need_all`); ell_rank = broadcast ellipsis rank (-1 unknown). */
typedef struct es_dims {
    int64_t size[ES_MAX_LABELS]; /* -1 unknown; letters then ellipsis dims (right-aligned) */
    int ell_rank;
} es_dims;

static ge_status es_sizes(const op_node_info *node, const es_eq *eq, size_t n, const ir_shape *const *shapes,
                          es_dims *d)
{
    for (int l = 0; l < ES_MAX_LABELS; l++)
        d->size[l] = -2; /* not seen */
    d->ell_rank = 0;
    if ((size_t)eq->n_in != n)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'equation' has %d input terms; the node has %zu inputs",
                       eq->n_in, n);
    for (size_t k = 0; k < n; k++) {
        const es_term *t = &eq->in[k];
        const ir_shape *s = shapes[k];
        int letters = t->n - (t->ellipsis ? 1 : 0);
        if (s->rank < 0) {
            if (t->ellipsis)
                d->ell_rank = -1;
            continue;
        }
        if (s->rank < letters || (!t->ellipsis && s->rank != letters))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu has rank %d; its equation term has %d labels%s", k,
                           (int)s->rank, letters, t->ellipsis ? " and an ellipsis" : "");
        int er = s->rank - letters;
        if (t->ellipsis && d->ell_rank >= 0 && er > d->ell_rank)
            d->ell_rank = er;
    }
    for (size_t k = 0; k < n; k++) {
        const es_term *t = &eq->in[k];
        const ir_shape *s = shapes[k];
        if (s->rank < 0)
            continue;
        int letters = t->n - (t->ellipsis ? 1 : 0), er = s->rank - letters, dim = 0;
        for (int j = 0; j < t->n; j++) {
            if (t->labels[j] < 0) {
                for (int e = 0; e < er; e++) {
                    int64_t v = s->dims[dim++];
                    int lab = ES_LETTERS + (IR_MAX_RANK - er + e); /* right-aligned */
                    int64_t *cur = &d->size[lab];
                    if (*cur == -2 || *cur == 1 || (*cur == -1 && v >= 0 && v != 1))
                        *cur = *cur == 1 && v < 0 ? -1 : v;
                    else if (v < 0 || v == 1 || v == *cur)
                        ; /* keeps the known size */
                    else
                        return op_fail(node, GE_STATUS_PARAM_INVALID,
                                       "input %zu: ellipsis dim %d is %lld; it does not broadcast with %lld", k, dim - 1,
                                       (long long)v, (long long)*cur);
                }
                continue;
            }
            int64_t v = s->dims[dim++];
            int64_t *cur = &d->size[t->labels[j]];
            if (*cur < 0)
                *cur = *cur == -1 && v < 0 ? -1 : v;
            else if (v >= 0 && v != *cur)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu: label '%c' has size %lld; elsewhere %lld", k,
                               t->labels[j] >= 26 ? 'a' + t->labels[j] - 26 : 'A' + t->labels[j], (long long)v,
                               (long long)*cur);
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status einsum_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    for (size_t i = 1; i < ctx->n_inputs; i++)
        if ((st = nn_check_same_dtype(ctx, i)) != GE_STATUS_SUCCESS)
            return st;
    if (ctx->n_inputs > ES_MAX_IN)
        return op_fail(node, GE_STATUS_UNSUPPORTED, "has %zu inputs; at most %d supported", ctx->n_inputs, ES_MAX_IN);
    es_eq eq;
    if ((st = es_parse(node, &eq)) != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *shapes[ES_MAX_IN];
    for (size_t i = 0; i < ctx->n_inputs; i++)
        shapes[i] = &ctx->inputs[i].shape;
    es_dims d;
    if ((st = es_sizes(node, &eq, ctx->n_inputs, shapes, &d)) != GE_STATUS_SUCCESS)
        return st;
    ir_shape os = ir_shape_unknown();
    if (!(eq.out.ellipsis && d.ell_rank < 0)) {
        int r = 0;
        for (int j = 0; j < eq.out.n; j++) {
            if (eq.out.labels[j] < 0) {
                for (int e = 0; e < d.ell_rank; e++) {
                    int64_t v = d.size[ES_LETTERS + IR_MAX_RANK - d.ell_rank + e];
                    os.dims[r++] = v == -2 ? 1 : v;
                }
            } else {
                int64_t v = d.size[eq.out.labels[j]];
                os.dims[r++] = v < 0 ? -1 : v;
            }
            if (r > IR_MAX_RANK)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "output rank exceeds %d", IR_MAX_RANK);
        }
        os.rank = r;
    }
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &os);
    return GE_STATUS_SUCCESS;
}

static ge_status einsum_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    size_t n = ctx->n_inputs;
    es_eq eq;
    ge_status st = es_parse(node, &eq);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *shapes[ES_MAX_IN];
    for (size_t i = 0; i < n && i < ES_MAX_IN; i++)
        shapes[i] = &ctx->inputs[i].shape;
    es_dims d;
    if (n > ES_MAX_IN || (st = es_sizes(node, &eq, n, shapes, &d)) != GE_STATUS_SUCCESS)
        return n > ES_MAX_IN ? op_fail(node, GE_STATUS_UNSUPPORTED, "too many inputs") : st;
    /* loop labels: output labels first (in output order), then the summed ones */
    int order[ES_MAX_LABELS], nl = 0, nout = 0;
    bool used[ES_MAX_LABELS] = {false};
    for (int j = 0; j < eq.out.n; j++) {
        if (eq.out.labels[j] < 0) {
            for (int e = 0; e < d.ell_rank; e++) {
                int lab = ES_LETTERS + IR_MAX_RANK - d.ell_rank + e;
                order[nl++] = lab;
                used[lab] = true;
            }
        } else {
            order[nl++] = eq.out.labels[j];
            used[eq.out.labels[j]] = true;
        }
    }
    nout = nl;
    for (int l = 0; l < ES_MAX_LABELS; l++)
        if (!used[l] && d.size[l] >= 0 && (l < ES_LETTERS || l >= ES_LETTERS + IR_MAX_RANK - d.ell_rank))
            order[nl++] = l;
    int64_t len[ES_MAX_LABELS];
    for (int i = 0; i < nl; i++)
        len[i] = d.size[order[i]] < 0 ? 1 : d.size[order[i]];
    /* per-input stride of each loop label */
    int64_t *st_tab = ge_calloc((size_t)(n * (size_t)(nl ? nl : 1)), sizeof *st_tab);
    if (!st_tab)
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
    for (size_t k = 0; k < n; k++) {
        const ir_tensor *t = &ctx->inputs[k];
        int64_t str[IR_MAX_RANK];
        ir_shape_strides(&t->shape, str);
        const es_term *tm = &eq.in[k];
        int letters = tm->n - (tm->ellipsis ? 1 : 0), er = t->shape.rank - letters, dim = 0;
        for (int j = 0; j < tm->n; j++) {
            if (tm->labels[j] < 0) {
                for (int e = 0; e < er; e++, dim++) {
                    int lab = ES_LETTERS + IR_MAX_RANK - er + e;
                    for (int i = 0; i < nl; i++)
                        if (order[i] == lab && t->shape.dims[dim] != 1)
                            st_tab[k * (size_t)nl + (size_t)i] += str[dim];
                }
                continue;
            }
            for (int i = 0; i < nl; i++)
                if (order[i] == tm->labels[j])
                    st_tab[k * (size_t)nl + (size_t)i] += str[dim];
            dim++;
        }
    }
    ir_tensor *y = &ctx->outputs[0];
    int64_t total_out = ir_tensor_numel(y);
    ew_class cls = ew_class_of(y->dtype);
    double *acc = cls == EW_FLOAT ? nn_zalloc(node, (size_t)total_out) : NULL;
    int64_t *iacc = cls != EW_FLOAT ? ge_calloc((size_t)(total_out ? total_out : 1), sizeof *iacc) : NULL;
    bool empty = false;
    for (int i = 0; i < nl; i++)
        empty |= len[i] == 0;
    if ((cls == EW_FLOAT && !acc) || (cls != EW_FLOAT && !iacc)) {
        ge_free(st_tab), ge_free(acc), ge_free(iacc);
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
    }
    if (!empty) {
        int64_t idx[ES_MAX_LABELS] = {0}, off[ES_MAX_IN] = {0}, oi = 0, inner = 1;
        for (int i = nout; i < nl; i++)
            inner *= len[i];
        for (;;) {
            if (cls == EW_FLOAT) {
                double p = 1.0;
                for (size_t k = 0; k < n; k++)
                    p *= op_load_f64(ctx->inputs[k].data, ctx->inputs[k].dtype, (size_t)off[k]);
                acc[oi] += p;
            } else {
                uint64_t p = 1;
                for (size_t k = 0; k < n; k++)
                    p *= (uint64_t)op_load_i64(ctx->inputs[k].data, ctx->inputs[k].dtype, (size_t)off[k]);
                iacc[oi] = (int64_t)((uint64_t)iacc[oi] + p);
            }
            int i = nl - 1;
            for (; i >= 0; i--) {
                for (size_t k = 0; k < n; k++)
                    off[k] += st_tab[k * (size_t)nl + (size_t)i];
                if (++idx[i] < len[i])
                    break;
                for (size_t k = 0; k < n; k++)
                    off[k] -= st_tab[k * (size_t)nl + (size_t)i] * len[i];
                idx[i] = 0;
            }
            if (i < 0)
                break;
            /* output index: row-major over the output labels */
            oi = 0;
            for (int j = 0; j < nout; j++)
                oi = oi * len[j] + idx[j];
        }
        (void)inner;
    }
    if (cls == EW_FLOAT)
        nn_store(y, acc, (size_t)total_out);
    else
        for (int64_t i = 0; i < total_out; i++)
            op_store_i64(y->data, y->dtype, (size_t)i, iacc[i]);
    ge_free(st_tab), ge_free(acc), ge_free(iacc);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_einsum[] = {
    {"Einsum", OP_DOMAIN_ONNX, 12, OP_ONNX_OPSET_MAX, 1, OP_VARIADIC, 1, 1, einsum_attrs, GE_DTS_NUMERIC, einsum_infer,
     einsum_kernel},
    OP_SCHEMA_END,
};

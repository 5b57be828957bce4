/* TfIdfVectorizer (ai.onnx 9): counts the n-grams of a pool in each row of an int32/int64
 * input [C] or [N, C] and writes them as float [C_out] or [N, C_out], C_out =
 * max(ngram_indexes) + 1.
 *
 * The pool (pool_int64s) holds the n-grams by length: group i (n = i + 1) runs from
 * ngram_counts[i] to ngram_counts[i + 1] (the last to the pool's end). The grams are numbered
 * in pool order over all groups; gram g counts into output column ngram_indexes[g]. Only the
 * lengths in [min_gram_length, max_gram_length] are looked for; a gram listed twice is the
 * later one.
 *
 * An n-gram of a row is n items taken with a distance d between consecutive items, d in
 * 1 .. max_skip_count + 1 (skipping 0 .. max_skip_count items): every (start, d) where it
 * fits counts once. Unigrams do not depend on d and count once per position (only at d = 1),
 * as the ONNX reference and onnxruntime count them.
 *
 * Modes: TF writes the counts; IDF writes weights[col] (1 without weights) where the count is
 * > 0, else 0; TFIDF writes weights[col] * count (the count without weights). The weights are
 * read per output column, as the ONNX reference and onnxruntime do (the spec words it per pool
 * gram; the two agree when ngram_indexes is the identity). String pools and string inputs are
 * not supported (geflow has no string tensors) and are refused. */
#include "base/alloc.h"
#include "ops/extra_util.h"

#include <stdlib.h>
#include <string.h>

#define TFIDF_IN_DTS (GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))

enum { TFIDF_TF = 1, TFIDF_IDF = 2, TFIDF_TFIDF = 3 };

static const op_attr_def tfidf_attrs[] = {
    {"mode", IR_ATTR_STRING, true, 0, 0, NULL},
    {"min_gram_length", IR_ATTR_INT, true, 0, 0, NULL},
    {"max_gram_length", IR_ATTR_INT, true, 0, 0, NULL},
    {"max_skip_count", IR_ATTR_INT, true, 0, 0, NULL},
    {"ngram_counts", IR_ATTR_INTS, true, 0, 0, NULL},
    {"ngram_indexes", IR_ATTR_INTS, true, 0, 0, NULL},
    {"pool_int64s", IR_ATTR_INTS, false, 0, 0, NULL},
    {"pool_strings", IR_ATTR_STRINGS, false, 0, 0, NULL},
    {"weights", IR_ATTR_FLOATS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

typedef struct tfidf_cfg {
    int mode;
    int64_t min_n, max_n, max_skip;
    const int64_t *counts, *indexes, *pool;
    size_t n_counts, n_indexes, n_pool;
    const float *weights;
    size_t n_weights;
    int64_t out_size; /* C_out */
} tfidf_cfg;

/* Reads and checks the attributes (everything the op needs is in them). */
static ge_status tfidf_config(const op_node_info *node, tfidf_cfg *c)
{
    const ir_attr *a;
    for (const op_attr_def *d = tfidf_attrs; d->name; d++) {
        a = op_attr(node, d->name);
        if (!a) {
            if (d->required)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' is required", d->name);
            continue;
        }
        if (a->kind != d->kind)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' has kind %s; expected %s", d->name,
                           ir_attr_kind_name(a->kind), ir_attr_kind_name(d->kind));
    }
    if (op_attr(node, "pool_strings"))
        return op_fail(node, GE_STATUS_GRAPH_UNSUPPORTED, "attribute 'pool_strings' is given: string pools (and string "
                       "inputs) are not supported, geflow has no string tensors; use pool_int64s with int32/int64 input");
    if (!op_attr(node, "pool_int64s"))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'pool_int64s' is required (the n-gram pool)");
    const char *mode = op_attr_string(node, "mode");
    if (mode && strcmp(mode, "TF") == 0)
        c->mode = TFIDF_TF;
    else if (mode && strcmp(mode, "IDF") == 0)
        c->mode = TFIDF_IDF;
    else if (mode && strcmp(mode, "TFIDF") == 0)
        c->mode = TFIDF_TFIDF;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'mode' is '%s'; expected TF, IDF or TFIDF",
                       mode ? mode : "");
    c->min_n = op_attr_int(node, "min_gram_length");
    c->max_n = op_attr_int(node, "max_gram_length");
    c->max_skip = op_attr_int(node, "max_skip_count");
    if (c->min_n < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'min_gram_length' is %lld; expected >= 1",
                       (long long)c->min_n);
    if (c->max_n < c->min_n)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'max_gram_length' is %lld; expected >= "
                       "min_gram_length (%lld)", (long long)c->max_n, (long long)c->min_n);
    if (c->max_skip < 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'max_skip_count' is %lld; expected >= 0",
                       (long long)c->max_skip);
    c->n_counts = op_attr_ints(node, "ngram_counts", &c->counts);
    c->n_indexes = op_attr_ints(node, "ngram_indexes", &c->indexes);
    c->n_pool = op_attr_ints(node, "pool_int64s", &c->pool);
    c->n_weights = op_attr_floats(node, "weights", &c->weights);
    int64_t pool = (int64_t)c->n_pool, grams = 0;
    for (size_t i = 0; i < c->n_counts; i++) {
        int64_t start = c->counts[i], end = i + 1 < c->n_counts ? c->counts[i + 1] : pool;
        if (start < 0 || start > pool)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'ngram_counts'[%zu] is %lld; expected 0 .. %lld "
                           "(the size of pool_int64s)", i, (long long)start, (long long)pool);
        if (end < start)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'ngram_counts' is not non-decreasing: [%zu] is "
                           "%lld after %lld", i + 1, (long long)end, (long long)start);
        int64_t n = (int64_t)i + 1, items = end - start;
        if (items % n)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "the %lld-grams of pool_int64s (ngram_counts[%zu] = %lld to "
                           "%lld) have %lld items; expected a multiple of %lld", (long long)n, i, (long long)start,
                           (long long)end, (long long)items, (long long)n);
        grams += items / n;
    }
    if (c->n_indexes == 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'ngram_indexes' is empty; expected one output "
                       "column per pool n-gram");
    if ((int64_t)c->n_indexes != grams)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'ngram_indexes' has %zu values; expected %lld (one "
                       "per n-gram of pool_int64s by ngram_counts)", c->n_indexes, (long long)grams);
    c->out_size = 0;
    for (size_t i = 0; i < c->n_indexes; i++) {
        if (c->indexes[i] < 0 || c->indexes[i] >= ((int64_t)1 << 40))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'ngram_indexes'[%zu] is %lld; expected 0 .. 2^40",
                           i, (long long)c->indexes[i]);
        if (c->indexes[i] + 1 > c->out_size)
            c->out_size = c->indexes[i] + 1;
    }
    if (c->n_weights && c->n_weights != c->n_indexes)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'weights' has %zu values; expected %zu (the size of "
                       "ngram_indexes)", c->n_weights, c->n_indexes);
    if (c->n_weights && (int64_t)c->n_weights < c->out_size)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'weights' has %zu values but the output has %lld "
                       "columns (max(ngram_indexes) + 1); weights are read per output column",
                       c->n_weights, (long long)c->out_size);
    return GE_STATUS_SUCCESS;
}

static ge_status tfidf_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const op_value *x = &ctx->inputs[0];
    if (x->dtype == GE_DTYPE_STRING)
        return op_fail(node, GE_STATUS_GRAPH_UNSUPPORTED, "input 0 has dtype string: string inputs are not supported "
                       "(geflow has no string tensors); expected int32 or int64");
    if (!(TFIDF_IN_DTS & GE_DT(x->dtype)))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has dtype %s; expected int32 or int64",
                       ge_dtype_name(x->dtype));
    tfidf_cfg c;
    if ((st = tfidf_config(node, &c)) != GE_STATUS_SUCCESS)
        return st;
    if (x->shape.rank >= 0 && x->shape.rank != 1 && x->shape.rank != 2) {
        char b[96];
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has shape %s; expected [C] or [N, C]",
                       ir_shape_format(&x->shape, b, sizeof b));
    }
    ir_shape y = ir_shape_unknown();
    if (x->shape.rank == 1)
        ir_shape_make(&y, 1, (int64_t[]){c.out_size});
    else if (x->shape.rank == 2)
        ir_shape_make(&y, 2, (int64_t[]){x->shape.dims[0], c.out_size});
    xu_set_out(ctx, 0, GE_DTYPE_FLOAT32, &y);
    return GE_STATUS_SUCCESS;
}

/* ---- the pool: per gram length a sorted table of (gram, column) for binary search ---- */

typedef struct tfidf_gram {
    const int64_t *items; /* n values in the pool */
    int64_t col;          /* output column */
    int64_t order;        /* position in the pool (the later duplicate wins) */
} tfidf_gram;

typedef struct tfidf_level {
    tfidf_gram *grams;
    size_t count;
} tfidf_level;

/* qsort's comparator has no context argument, so each entry carries its gram length. */
typedef struct tfidf_sort_entry {
    tfidf_gram g;
    int64_t n;
} tfidf_sort_entry;

static int tfidf_cmp(const void *pa, const void *pb)
{
    const tfidf_sort_entry *a = pa, *b = pb;
    for (int64_t i = 0; i < a->n; i++)
        if (a->g.items[i] != b->g.items[i])
            return a->g.items[i] < b->g.items[i] ? -1 : 1;
    return a->g.order < b->g.order ? -1 : a->g.order > b->g.order;
}

static int tfidf_cmp_key(const int64_t *key, const int64_t *items, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (key[i] != items[i])
            return key[i] < items[i] ? -1 : 1;
    return 0;
}

/* The column of gram `key` (n items) in level lv, or -1. */
static int64_t tfidf_find(const tfidf_level *lv, const int64_t *key, int64_t n)
{
    size_t lo = 0, hi = lv->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = tfidf_cmp_key(key, lv->grams[mid].items, n);
        if (r == 0)
            return lv->grams[mid].col;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static void tfidf_levels_free(tfidf_level *lv, int64_t n)
{
    if (!lv)
        return;
    for (int64_t i = 0; i < n; i++)
        ge_free(lv[i].grams);
    ge_free(lv);
}

/* Builds levels[n - 1] for n in [min_n, min(max_n, groups)] (the others stay empty). */
static ge_status tfidf_levels(const op_node_info *node, const tfidf_cfg *c, int64_t levels_n, tfidf_level **out)
{
    tfidf_level *lv = ge_calloc((size_t)(levels_n > 0 ? levels_n : 1), sizeof *lv);
    if (!lv)
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the n-gram pool");
    int64_t id = 0;
    for (size_t i = 0; i < c->n_counts; i++) {
        int64_t n = (int64_t)i + 1, start = c->counts[i];
        int64_t end = i + 1 < c->n_counts ? c->counts[i + 1] : (int64_t)c->n_pool, k = (end - start) / n;
        if (n < c->min_n || n > levels_n || k == 0) {
            id += k;
            continue;
        }
        tfidf_sort_entry *e = ge_malloc(sizeof *e * (size_t)k);
        tfidf_gram *g = ge_malloc(sizeof *g * (size_t)k);
        if (!e || !g) {
            ge_free(e), ge_free(g);
            tfidf_levels_free(lv, levels_n);
            return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the n-gram pool");
        }
        for (int64_t j = 0; j < k; j++) {
            e[j].g.items = c->pool + start + j * n;
            e[j].g.col = c->indexes[id + j];
            e[j].g.order = id + j;
            e[j].n = n;
        }
        id += k;
        qsort(e, (size_t)k, sizeof *e, tfidf_cmp);
        size_t cnt = 0;
        for (int64_t j = 0; j < k; j++) { /* equal grams are adjacent, by pool order: keep the last */
            if (j + 1 < k && tfidf_cmp_key(e[j].g.items, e[j + 1].g.items, n) == 0)
                continue;
            g[cnt++] = e[j].g;
        }
        ge_free(e);
        lv[n - 1].grams = g;
        lv[n - 1].count = cnt;
    }
    *out = lv;
    return GE_STATUS_SUCCESS;
}

static ge_status tfidf_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    tfidf_cfg c;
    ge_status st = tfidf_config(node, &c);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t rows = x->shape.rank == 2 ? x->shape.dims[0] : 1;
    int64_t C = x->shape.rank == 2 ? x->shape.dims[1] : x->shape.dims[0];
    if (rows == 0 || c.out_size == 0)
        return GE_STATUS_SUCCESS;
    int64_t levels_n = c.max_n < (int64_t)c.n_counts ? c.max_n : (int64_t)c.n_counts;
    tfidf_level *lv = NULL;
    if ((st = tfidf_levels(node, &c, levels_n, &lv)) != GE_STATUS_SUCCESS)
        return st;
    int64_t *freq = ge_malloc(sizeof(int64_t) * (size_t)c.out_size);
    int64_t *key = ge_malloc(sizeof(int64_t) * (size_t)(levels_n > 0 ? levels_n : 1));
    int64_t *row = ge_malloc(sizeof(int64_t) * (size_t)(C > 0 ? C : 1));
    if (!freq || !key || !row) {
        ge_free(freq), ge_free(key), ge_free(row);
        tfidf_levels_free(lv, levels_n);
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %lld output columns", (long long)c.out_size);
    }
    float *out = y->data;
    for (int64_t r = 0; r < rows; r++) {
        memset(freq, 0, sizeof(int64_t) * (size_t)c.out_size);
        for (int64_t i = 0; i < C; i++)
            row[i] = op_load_i64(x->data, x->dtype, (size_t)(r * C + i));
        for (int64_t d = 1; d - 1 <= c.max_skip; d++) {
            /* unigrams do not depend on the distance: only the first pass counts them */
            int64_t start_n = d == 1 ? c.min_n : (c.min_n > 2 ? c.min_n : 2);
            if (start_n > levels_n || (start_n - 1) * d >= C)
                break; /* no gram of a counted length fits at this distance or beyond */
            for (int64_t s = 0; s < C; s++)
                for (int64_t n = start_n; n <= levels_n; n++) {
                    if (s + (n - 1) * d >= C)
                        break;
                    key[n - 1] = row[s + (n - 1) * d];
                    if (n == start_n)
                        for (int64_t t = 0; t < n - 1; t++)
                            key[t] = row[s + t * d];
                    int64_t col = lv[n - 1].count ? tfidf_find(&lv[n - 1], key, n) : -1;
                    if (col >= 0)
                        freq[col]++;
                }
        }
        for (int64_t k = 0; k < c.out_size; k++) {
            double v, f = (double)freq[k], w = c.n_weights ? (double)c.weights[k] : 1.0;
            if (c.mode == TFIDF_TF)
                v = f;
            else if (c.mode == TFIDF_IDF)
                v = freq[k] > 0 ? w : 0.0;
            else
                v = w * f;
            out[r * c.out_size + k] = (float)v;
        }
    }
    ge_free(freq), ge_free(key), ge_free(row);
    tfidf_levels_free(lv, levels_n);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_tfidf[] = {
    {"TfIdfVectorizer", OP_DOMAIN_ONNX, 9, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, tfidf_attrs, TFIDF_IN_DTS, tfidf_infer,
     tfidf_kernel},
    OP_SCHEMA_END,
};

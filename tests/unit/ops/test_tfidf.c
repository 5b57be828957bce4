#include "unit/ops/data/tfidf_cases.h"
#include "unit/ops/nn_test.h"
#include "unit/ops/tensor_test_util.h"

#define MAX_ATTRS 10

/* The attributes of a generated case (weights only when it has some). */
static size_t case_attrs(const tfidf_case *c, ir_attr *a)
{
    size_t n = 0;
    a[n++] = op_test_attr_string("mode", c->mode);
    a[n++] = op_test_attr_int("min_gram_length", c->min_n);
    a[n++] = op_test_attr_int("max_gram_length", c->max_n);
    a[n++] = op_test_attr_int("max_skip_count", c->skip);
    a[n++] = op_test_attr_ints("ngram_counts", c->n_counts, c->counts);
    a[n++] = op_test_attr_ints("ngram_indexes", c->n_indexes, c->indexes);
    a[n++] = op_test_attr_ints("pool_int64s", c->n_pool, c->pool);
    if (c->n_weights)
        a[n++] = op_test_attr_floats("weights", c->n_weights, c->weights);
    return n;
}

static ir_tensor case_input(const tfidf_case *c)
{
    return op_test_tensor(c->is64 ? GE_DTYPE_INT64 : GE_DTYPE_INT32, (size_t)c->rank, c->dims,
                          c->is64 ? (const void *)c->x64 : (const void *)c->x32);
}

static void test_generated(void)
{
    for (size_t i = 0; i < sizeof tfidf_cases / sizeof tfidf_cases[0]; i++) {
        const tfidf_case *c = &tfidf_cases[i];
        ir_attr a[MAX_ATTRS];
        size_t na = case_attrs(c, a);
        ir_tensor x = case_input(c), y;
        ge_status st = op_test_run("TfIdfVectorizer", 9, a, na, &x, 1, &y, 1);
        if (st != GE_STATUS_SUCCESS) {
            fprintf(stderr, "  case %s: %s\n", c->name, ge_error_take());
            CHECK(false);
            continue;
        }
        bool ok = y.dtype == GE_DTYPE_FLOAT32 && y.shape.rank == c->rank &&
                  y.shape.dims[c->rank - 1] == c->out_cols && (c->rank == 1 || y.shape.dims[0] == c->dims[0]) &&
                  op_test_close(&y, c->y, c->n_y, 0, 0);
        if (!ok)
            fprintf(stderr, "  case %s differs\n", c->name);
        CHECK(ok);
        ir_tensor_free_data(&y);
    }
}

/* Hand-worked: x = [1 2 1 2 1], pool unigram 1, bigram (1 2), trigram (1 1 1).
 * min 1, max 3, skip 1: unigram 1 at positions 0, 2, 4 -> 3 (once each, whatever the skip);
 * bigram (1 2) at d=1: starts 0, 2 -> 2, at d=2: (x0,x2)=(1,1), (x1,x3)=(2,2), (x2,x4)=(1,1) -> 0;
 * trigram (1 1 1) at d=1: none; at d=2: (x0,x2,x4) -> 1. */
static void test_hand_worked(void)
{
    int64_t xv[] = {1, 2, 1, 2, 1};
    int64_t counts[] = {0, 1, 3}, idx[] = {0, 1, 2}, pool[] = {1, 1, 2, 1, 1, 1};
    ir_attr a[] = {op_test_attr_string("mode", "TF"), op_test_attr_int("min_gram_length", 1),
                   op_test_attr_int("max_gram_length", 3), op_test_attr_int("max_skip_count", 1),
                   op_test_attr_ints("ngram_counts", 3, counts), op_test_attr_ints("ngram_indexes", 3, idx),
                   op_test_attr_ints("pool_int64s", 6, pool)};
    ir_tensor x = op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){5}, xv), y;
    CHECK_EQ(op_test_run("TfIdfVectorizer", 9, a, 7, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){3, 2, 1}, 3, 0, 0));
    ir_tensor_free_data(&y);
    /* max_skip_count 0: the trigram needs d = 2, so it is gone */
    a[3] = op_test_attr_int("max_skip_count", 0);
    CHECK_EQ(op_test_run("TfIdfVectorizer", 9, a, 7, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){3, 2, 0}, 3, 0, 0));
    ir_tensor_free_data(&y);
    /* a huge max_skip_count is fine: every distance that fits counts, so (1 2) also at d=3
     * ((x0,x3)); nothing fits past d=4 */
    a[3] = op_test_attr_int("max_skip_count", INT64_MAX);
    CHECK_EQ(op_test_run("TfIdfVectorizer", 9, a, 7, &x, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){3, 3, 1}, 3, 0, 0));
    ir_tensor_free_data(&y);
    /* an empty row [2, 0]: zeros [2, 3] */
    ir_tensor e = op_test_tensor(GE_DTYPE_INT32, 2, (int64_t[]){2, 0}, xv);
    a[3] = op_test_attr_int("max_skip_count", 1);
    CHECK_EQ(op_test_run("TfIdfVectorizer", 9, a, 7, &e, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&y.shape, 2, 2, 3));
    CHECK(op_test_close(&y, (float[]){0, 0, 0, 0, 0, 0}, 6, 0, 0));
    ir_tensor_free_data(&y);
}

static void test_infer(void)
{
    const tfidf_case *c = &tfidf_cases[0];
    ir_attr a[MAX_ATTRS];
    size_t na = case_attrs(c, a);
    op_value out[1];
    ir_tensor u = nn_shape_only(GE_DTYPE_INT32, 2, (int64_t[]){-1, 12});
    CHECK_EQ(op_test_infer("TfIdfVectorizer", 9, a, na, &u, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(out[0].dtype == GE_DTYPE_FLOAT32);
    CHECK(TT_SHAPE(&out[0].shape, 2, -1, 7));
    ir_tensor r1 = nn_shape_only(GE_DTYPE_INT64, 1, (int64_t[]){-1});
    CHECK_EQ(op_test_infer("TfIdfVectorizer", 22, a, na, &r1, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out[0].shape, 1, 7));
    ir_tensor ur = nn_shape_only(GE_DTYPE_INT64, -2, NULL);
    CHECK_EQ(op_test_infer("TfIdfVectorizer", 9, a, na, &ur, 1, out, 1, false), GE_STATUS_SUCCESS);
    CHECK(out[0].shape.rank < 0);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "TfIdfVectorizer", 8) == NULL);
}

/* Runs inference with attribute i replaced by `repl` (or dropped when repl is NULL) and checks
 * the message. */
static bool fails_with(const ir_attr *base, size_t na, size_t i, const ir_attr *repl, const ir_tensor *x,
                       const char *part)
{
    ir_attr a[MAX_ATTRS];
    size_t n = 0;
    for (size_t k = 0; k < na; k++)
        if (k != i)
            a[n++] = base[k];
        else if (repl)
            a[n++] = *repl;
    return tt_infer_fails("TfIdfVectorizer", 9, a, n, x, 1, 1, part);
}

static void test_errors(void)
{
    const tfidf_case *c = &tfidf_cases[0];
    ir_attr a[MAX_ATTRS];
    size_t na = case_attrs(c, a); /* 0 mode, 1 min, 2 max, 3 skip, 4 counts, 5 indexes, 6 pool */
    ir_tensor x = case_input(c);
    ir_attr r;
    r = op_test_attr_string("mode", "BM25");
    CHECK(fails_with(a, na, 0, &r, &x, "attribute 'mode' is 'BM25'; expected TF, IDF or TFIDF"));
    CHECK(fails_with(a, na, 0, NULL, &x, "required attribute 'mode' is missing"));
    r = op_test_attr_int("min_gram_length", 0);
    CHECK(fails_with(a, na, 1, &r, &x, "'min_gram_length' is 0; expected >= 1"));
    r = op_test_attr_int("max_gram_length", 0);
    CHECK(fails_with(a, na, 2, &r, &x, "'max_gram_length' is 0; expected >= min_gram_length (1)"));
    r = op_test_attr_int("max_skip_count", -1);
    CHECK(fails_with(a, na, 3, &r, &x, "'max_skip_count' is -1; expected >= 0"));
    int64_t dec[] = {4, 0}, big[] = {0, 11}, odd[] = {0, 5}, neg[] = {-1, 4};
    r = op_test_attr_ints("ngram_counts", 2, dec);
    CHECK(fails_with(a, na, 4, &r, &x, "'ngram_counts' is not non-decreasing: [1] is 0 after 4"));
    r = op_test_attr_ints("ngram_counts", 2, big);
    CHECK(fails_with(a, na, 4, &r, &x, "'ngram_counts'[1] is 11; expected 0 .. 10"));
    r = op_test_attr_ints("ngram_counts", 2, neg);
    CHECK(fails_with(a, na, 4, &r, &x, "'ngram_counts'[0] is -1"));
    r = op_test_attr_ints("ngram_counts", 2, odd);
    CHECK(fails_with(a, na, 4, &r, &x, "the 2-grams of pool_int64s (ngram_counts[1] = 5 to 10) have 5 items; "
                                        "expected a multiple of 2"));
    int64_t six[] = {0, 1, 2, 3, 4, 5}, negi[] = {0, 1, 2, 3, 4, 5, -2};
    r = op_test_attr_ints("ngram_indexes", 6, six);
    CHECK(fails_with(a, na, 5, &r, &x, "'ngram_indexes' has 6 values; expected 7"));
    r = op_test_attr_ints("ngram_indexes", 7, negi);
    CHECK(fails_with(a, na, 5, &r, &x, "'ngram_indexes'[6] is -2"));
    r = op_test_attr_ints("ngram_indexes", 0, six);
    CHECK(fails_with(a, na, 5, &r, &x, "'ngram_indexes' is empty"));
    CHECK(fails_with(a, na, 6, NULL, &x, "attribute 'pool_int64s' is required (the n-gram pool)"));
    const float w3[] = {1, 2, 3};
    r = op_test_attr_floats("weights", 3, w3);
    ir_attr aw[MAX_ATTRS];
    memcpy(aw, a, sizeof a[0] * na);
    aw[na] = r;
    CHECK(tt_infer_fails("TfIdfVectorizer", 9, aw, na + 1, &x, 1, 1, "'weights' has 3 values; expected 7"));
    /* weights per output column: a gap in ngram_indexes leaves a column without a weight */
    int64_t gap[] = {0, 1, 2, 3, 4, 5, 9};
    const float w7[] = {1, 2, 3, 4, 5, 6, 7};
    aw[5] = op_test_attr_ints("ngram_indexes", 7, gap);
    aw[na] = op_test_attr_floats("weights", 7, w7);
    CHECK(tt_infer_fails("TfIdfVectorizer", 9, aw, na + 1, &x, 1, 1,
                         "'weights' has 7 values but the output has 10 columns"));
    /* kinds, string pools, dtypes, ranks */
    r = op_test_attr_int("ngram_counts", 0);
    CHECK(fails_with(a, na, 4, &r, &x, "attribute 'ngram_counts' has kind"));
    const char *strs[] = {"a", "b"};
    ir_attr ps = {.name = "pool_strings", .kind = IR_ATTR_STRINGS, .count = 2, .strings = (char **)strs};
    memcpy(aw, a, sizeof a[0] * na);
    aw[na] = ps;
    CHECK(tt_infer_fails("TfIdfVectorizer", 9, aw, na + 1, &x, 1, 1, "string pools (and string inputs) are not supported"));
    ir_tensor s = nn_shape_only(GE_DTYPE_STRING, 1, (int64_t[]){4});
    CHECK(tt_infer_fails("TfIdfVectorizer", 9, a, na, &s, 1, 1, "input 0 has dtype string: string inputs are not supported"));
    ir_tensor f = nn_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){4});
    CHECK(tt_infer_fails("TfIdfVectorizer", 9, a, na, &f, 1, 1, "input 0 has dtype float32; expected int32 or int64"));
    ir_tensor r3 = nn_shape_only(GE_DTYPE_INT32, 3, (int64_t[]){1, 2, 3});
    CHECK(tt_infer_fails("TfIdfVectorizer", 9, a, na, &r3, 1, 1, "expected [C] or [N, C]"));
}

int main(void)
{
    RUN_TEST(test_generated);
    RUN_TEST(test_hand_worked);
    RUN_TEST(test_infer);
    RUN_TEST(test_errors);
    return test_result();
}

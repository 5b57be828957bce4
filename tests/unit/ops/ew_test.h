/* Runner for the generated elementwise cases (tests/unit/ops/gen/gen_elementwise.py):
 * each case names an op, an opset, attributes ("alpha=f:0.1;to=i:6;approximate=s:tanh"),
 * inputs (dtype, shape, values as doubles) and the expected output. */
#ifndef GEFLOW_TESTS_EW_TEST_H
#define GEFLOW_TESTS_EW_TEST_H

#include "base/alloc.h"
#include "op_test.h"

#include <stdlib.h>

typedef struct ew_case_tensor {
    ge_dtype dtype; /* GE_DTYPE_UNDEFINED: absent optional input */
    int rank;
    int64_t dims[6];
    const double *data;
} ew_case_tensor;

typedef struct ew_case {
    const char *name;
    const char *op;
    int opset;
    const char *attrs;
    int n_in;
    ew_case_tensor in[4];
    ew_case_tensor out;
    double rtol, atol;
} ew_case;

/* Parses "name=k:value;..." into attrs (names and strings point into buf). */
static inline size_t ew_parse_attrs(const char *spec, char *buf, size_t buf_size, ir_attr *attrs, size_t max)
{
    size_t n = 0;
    snprintf(buf, buf_size, "%s", spec);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ";", &save); tok && n < max; tok = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq || eq[1] == '\0' || eq[2] != ':')
            continue;
        *eq = '\0';
        char kind = eq[1];
        char *val = eq + 3;
        if (kind == 'f')
            attrs[n++] = op_test_attr_float(tok, strtof(val, NULL));
        else if (kind == 'i')
            attrs[n++] = op_test_attr_int(tok, strtoll(val, NULL, 10));
        else if (kind == 's')
            attrs[n++] = op_test_attr_string(tok, val);
    }
    return n;
}

/* Builds an owned tensor holding the case's values in the case's dtype. */
static inline bool ew_case_make(const ew_case_tensor *c, ir_tensor *t)
{
    memset(t, 0, sizeof *t);
    if (c->dtype == GE_DTYPE_UNDEFINED) {
        t->dtype = GE_DTYPE_UNDEFINED;
        return true;
    }
    ir_shape s;
    if (!ir_shape_make(&s, (size_t)c->rank, c->dims))
        return false;
    if (ir_tensor_alloc(t, c->dtype, &s) != GE_STATUS_SUCCESS)
        return false;
    int64_t n = ir_shape_numel(&s);
    for (int64_t i = 0; i < n; i++)
        op_store_f64(t->data, c->dtype, (size_t)i, c->data[i]);
    return true;
}

static inline bool ew_values_close(const ir_tensor *t, const ew_case_tensor *e, double rtol, double atol,
                                   const char *name)
{
    ir_shape s;
    ir_shape_make(&s, (size_t)e->rank, e->dims);
    if (t->dtype != e->dtype || !ir_shape_equal(&t->shape, &s)) {
        char a[64], b[64];
        fprintf(stderr, "  %s: output %s %s, expected %s %s\n", name, ge_dtype_name(t->dtype),
                ir_shape_format(&t->shape, a, sizeof a), ge_dtype_name(e->dtype), ir_shape_format(&s, b, sizeof b));
        return false;
    }
    int64_t n = ir_shape_numel(&s);
    for (int64_t i = 0; i < n; i++) {
        double a = op_load_f64(t->data, t->dtype, (size_t)i), x = e->data[i];
        if (isnan(x) && isnan(a))
            continue;
        if (isinf(x) && a == x)
            continue;
        if (!(fabs(a - x) <= atol + rtol * fabs(x))) {
            fprintf(stderr, "  %s: element %lld: got %.17g, expected %.17g\n", name, (long long)i, a, x);
            return false;
        }
    }
    return true;
}

/* A parallel_for that runs fn in chunks of 7 elements, in reverse order, so kernels that
 * assume one chunk starting at 0 fail. */
static inline void ew_chunked_for(void *pool, size_t n, void (*fn)(void *arg, size_t begin, size_t end), void *arg)
{
    (void)pool;
    size_t chunks = (n + 6) / 7;
    for (size_t c = chunks; c-- > 0;)
        fn(arg, c * 7, (c + 1) * 7 < n ? (c + 1) * 7 : n);
}

/* op_test_run with the chunked parallel_for. */
static inline ge_status ew_run_chunked(const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                                       const ir_tensor *inputs, size_t n_in, ir_tensor *outputs, size_t n_out)
{
    op_value out[OP_TEST_MAX_IO];
    memset(outputs, 0, sizeof *outputs * n_out);
    ge_status st = op_test_infer(type, opset, attrs, n_attrs, inputs, n_in, out, n_out, true);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, type, opset);
    for (size_t i = 0; i < n_out; i++) {
        st = ir_tensor_alloc(&outputs[i], out[i].dtype, &out[i].shape);
        if (st != GE_STATUS_SUCCESS)
            return st;
    }
    static int dummy_pool;
    op_kernel_ctx kc = {.node = {.name = "chunked", .schema = s, .opset = opset, .attrs = attrs, .n_attrs = n_attrs},
                        .n_inputs = n_in, .inputs = inputs, .n_outputs = n_out, .outputs = outputs,
                        .parallel_for = ew_chunked_for, .pool = &dummy_pool};
    st = s->kernel(&kc);
    if (st != GE_STATUS_SUCCESS)
        for (size_t i = 0; i < n_out; i++)
            ir_tensor_free_data(&outputs[i]);
    return st;
}

/* Runs one case (serially, then in chunks); returns true when both outputs match. */
static inline bool ew_run_case(const ew_case *c)
{
    char buf[256];
    ir_attr attrs[8];
    size_t n_attrs = ew_parse_attrs(c->attrs, buf, sizeof buf, attrs, 8);
    ir_tensor in[4];
    bool ok = true;
    for (int i = 0; i < c->n_in; i++)
        if (!ew_case_make(&c->in[i], &in[i])) {
            fprintf(stderr, "  %s: cannot build input %d\n", c->name, i);
            for (int k = 0; k < i; k++)
                ir_tensor_free_data(&in[k]);
            return false;
        }
    ir_tensor out;
    ge_status st = op_test_run(c->op, c->opset, attrs, n_attrs, in, (size_t)c->n_in, &out, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s: status %u: %s\n", c->name, st, ge_error_take());
        ok = false;
    } else {
        ok = ew_values_close(&out, &c->out, c->rtol, c->atol, c->name);
        ir_tensor_free_data(&out);
    }
    st = ew_run_chunked(c->op, c->opset, attrs, n_attrs, in, (size_t)c->n_in, &out, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  %s (chunked): status %u: %s\n", c->name, st, ge_error_take());
        ok = false;
    } else {
        ok = ew_values_close(&out, &c->out, c->rtol, c->atol, c->name) && ok;
        ir_tensor_free_data(&out);
    }
    for (int i = 0; i < c->n_in; i++)
        ir_tensor_free_data(&in[i]);
    return ok;
}

#define EW_RUN_CASES(table)                                                                        \
    do {                                                                                           \
        for (size_t i_ = 0; i_ < sizeof(table) / sizeof(table[0]); i_++) {                         \
            bool ok_ = ew_run_case(&table[i_]);                                                    \
            CHECK(ok_);                                                                            \
            if (!ok_)                                                                              \
                fprintf(stderr, "  (case %s)\n", table[i_].name);                                  \
        }                                                                                          \
    } while (0)

/* Shape of a value for inference-only tests. */
static inline ir_tensor ew_shape_only(ge_dtype dt, size_t rank, const int64_t *dims)
{
    ir_tensor t = {.dtype = dt};
    ir_shape_make(&t.shape, rank, dims);
    return t;
}

static inline ir_tensor ew_unknown_rank(ge_dtype dt)
{
    ir_tensor t = {.dtype = dt, .shape = ir_shape_unknown()};
    return t;
}

/* Runs inference on shapes only; fills *out. */
static inline ge_status ew_infer(const char *op, int opset, const ir_attr *attrs, size_t n_attrs,
                                 const ir_tensor *in, size_t n_in, op_value *out)
{
    return op_test_infer(op, opset, attrs, n_attrs, in, n_in, out, 1, false);
}

static inline bool ew_shape_is(const ir_shape *s, size_t rank, const int64_t *dims)
{
    ir_shape e;
    ir_shape_make(&e, rank, dims);
    if (ir_shape_equal(s, &e))
        return true;
    char a[64], b[64];
    fprintf(stderr, "  shape %s, expected %s\n", ir_shape_format(s, a, sizeof a), ir_shape_format(&e, b, sizeof b));
    return false;
}

#endif

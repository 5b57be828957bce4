/* If / Loop / Scan: real graphs built with the public C API (bodies as subgraph attributes,
 * outer-scope references), validated, then run through the reference interpreter; outputs
 * checked against hand-computed values. Bodies use ops of other families (Concat + ReduceSum
 * make an addition, Gather of a bool table makes a condition). */
#include "geflow/geflow.h"
#include "base/alloc.h"
#include "compiler/ref_eval.h"
#include "compiler/validate.h"
#include "acl/acl.h"
#include "op_test.h"
#include "data/cf_cases.h"

#define OK(call) CHECK_EQ((call), GE_STATUS_SUCCESS)
#define NAMES(...) (const char *[]){__VA_ARGS__}, sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)

static ge_node *add(ge_graph *g, const char *op, const char *name, const char *const *in, size_t n_in,
                    const char *const *out, size_t n_out)
{
    ge_node *n = NULL;
    OK(ge_graph_add_node(g, op, NULL, name, in, n_in, out, n_out, &n));
    return n;
}

static ge_graph *graph(const char *name)
{
    ge_graph *g = NULL;
    OK(ge_graph_create(name, &g));
    return g;
}

static void input(ge_graph *g, const char *name, ge_dtype dt, size_t rank, const int64_t *dims, int32_t index)
{
    OK(ge_graph_add_input(g, name, dt, dims, (int32_t)rank, index));
}

/* out = a + b for float [1,2] values: ReduceSum(Concat(a, b; axis 0), axes [0], keepdims 1).
 * `old_reduce`: opsets before 13, where ReduceSum takes axes as an attribute. */
static void add_sum_v(ge_graph *g, const char *prefix, const char *a, const char *b, const char *out,
                      bool old_reduce)
{
    char cat[64], axes[64], cn[64], rn[64];
    snprintf(cat, sizeof cat, "%s_cat", prefix);
    snprintf(axes, sizeof axes, "%s_axes", prefix);
    snprintf(cn, sizeof cn, "%s_concat", prefix);
    snprintf(rn, sizeof rn, "%s_reduce", prefix);
    int64_t zero = 0;
    ge_node *c = add(g, "Concat", cn, NAMES(a, b), NAMES(cat));
    OK(ge_node_set_attr_int(c, "axis", 0));
    if (old_reduce) {
        ge_node *r = add(g, "ReduceSum", rn, NAMES(cat), NAMES(out));
        OK(ge_node_set_attr_ints(r, "axes", &zero, 1));
        return;
    }
    OK(ge_graph_add_constant(g, axes, GE_DTYPE_INT64, (int64_t[]){1}, 1, &zero, sizeof zero));
    add(g, "ReduceSum", rn, NAMES(cat, axes), NAMES(out));
}

static void add_sum(ge_graph *g, const char *prefix, const char *a, const char *b, const char *out)
{
    add_sum_v(g, prefix, a, b, out, false);
}

static void set_graph(ge_node *n, const char *name, ge_graph *body)
{
    OK(ge_node_set_attr_graph(n, name, body));
}

static ir_tensor view(ge_dtype dt, size_t rank, const int64_t *dims, const void *data)
{
    return op_test_tensor(dt, rank, dims, data);
}

static void check_shape(const ge_graph *g, const char *value, int32_t rank, const int64_t *dims)
{
    int64_t got[IR_MAX_RANK];
    int32_t r = 0;
    OK(ge_graph_get_value_shape(g, value, got, IR_MAX_RANK, &r));
    CHECK_EQ(r, rank);
    for (int32_t d = 0; d < rank && d < r; d++)
        CHECK_EQ(got[d], dims[d]);
}

static void check_f32(const ir_tensor *t, size_t rank, const int64_t *dims, const float *want, size_t n)
{
    CHECK_EQ(t->dtype, GE_DTYPE_FLOAT32);
    CHECK_EQ(t->shape.rank, (int32_t)rank);
    for (size_t d = 0; d < rank && (int32_t)d < t->shape.rank; d++)
        CHECK_EQ(t->shape.dims[d], dims[d]);
    CHECK(op_test_close(t, want, n, 0, 0));
}

static void check_i64(const ir_tensor *t, size_t rank, const int64_t *dims, const int64_t *want, size_t n)
{
    CHECK_EQ(t->shape.rank, (int32_t)rank);
    for (size_t d = 0; d < rank && (int32_t)d < t->shape.rank; d++)
        CHECK_EQ(t->shape.dims[d], dims[d]);
    CHECK(op_test_equal_i64(t, want, n));
}

static void free_all(ir_tensor *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ir_tensor_free_data(&t[i]);
}

/* ------------------------------------------------------------------ If */

/* main(cond: bool[], x: float[2], y: float[3]) -> If -> out; then: Identity(x), else: y plus
 * a constant branch output; the branch outputs read the enclosing scope. */
static ge_graph *build_if(void)
{
    ge_graph *g = graph("main");
    input(g, "cond", GE_DTYPE_BOOL, 0, NULL, 0);
    input(g, "x", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    input(g, "y", GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, 2);
    ge_node *n = add(g, "If", "if0", NAMES("cond"), NAMES("out", "k"));
    OK(ge_graph_add_output(g, "out"));
    OK(ge_graph_add_output(g, "k"));

    ge_graph *t = graph("then");
    add(t, "Identity", "then_id", NAMES("x"), NAMES("tx"));
    int32_t k1 = 7, k2[2] = {8, 9};
    OK(ge_graph_add_constant(t, "tk", GE_DTYPE_INT32, NULL, 0, &k1, sizeof k1));
    OK(ge_graph_add_output(t, "tx"));
    OK(ge_graph_add_output(t, "tk"));
    ge_graph *e = graph("else");
    OK(ge_graph_add_constant(e, "ek", GE_DTYPE_INT32, (int64_t[]){2}, 1, k2, sizeof k2));
    OK(ge_graph_add_output(e, "y")); /* an outer value as a branch output, no node */
    OK(ge_graph_add_output(e, "ek"));
    set_graph(n, "then_branch", t);
    set_graph(n, "else_branch", e);
    return g;
}

static void test_if_branches(void)
{
    ge_graph *g = build_if();
    OK(ge_graph_validate(g));
    /* [2] vs [3]: rank 1, dim unknown; scalar vs [2]: unknown rank */
    check_shape(g, "out", 1, (int64_t[]){-1});
    int32_t r = 0;
    int64_t dims[IR_MAX_RANK];
    OK(ge_graph_get_value_shape(g, "k", dims, IR_MAX_RANK, &r));
    CHECK_EQ(r, GE_RANK_UNKNOWN);
    ge_dtype dt = GE_DTYPE_UNDEFINED;
    OK(ge_graph_get_value_dtype(g, "k", &dt));
    CHECK_EQ(dt, GE_DTYPE_INT32);

    float xv[2] = {1.5f, -2}, yv[3] = {3, 4, 5};
    uint8_t c = 1;
    ir_tensor in[3] = {view(GE_DTYPE_BOOL, 0, NULL, &c), view(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, xv),
                       view(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, yv)};
    ir_tensor out[2];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 3, in, 2, out));
    check_f32(&out[0], 1, (int64_t[]){2}, xv, 2);
    check_i64(&out[1], 0, NULL, (int64_t[]){7}, 1);
    CHECK_EQ(out[1].dtype, GE_DTYPE_INT32);
    free_all(out, 2);
    c = 0;
    OK(ref_eval_run(g, 3, in, 2, out));
    check_f32(&out[0], 1, (int64_t[]){3}, yv, 3);
    check_i64(&out[1], 1, (int64_t[]){2}, (int64_t[]){8, 9}, 2);
    free_all(out, 2);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* A constant cond: inference takes the chosen branch's shapes. */
static void test_if_known_cond(void)
{
    ge_graph *g = graph("main");
    uint8_t f = 0;
    OK(ge_graph_add_constant(g, "c", GE_DTYPE_BOOL, (int64_t[]){1}, 1, &f, 1));
    input(g, "x", GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 2}, 0);
    input(g, "y", GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, 1);
    ge_node *n = add(g, "If", "ifc", NAMES("c"), NAMES("out"));
    OK(ge_graph_add_output(g, "out"));
    ge_graph *t = graph("t"), *e = graph("e");
    OK(ge_graph_add_output(t, "x"));
    OK(ge_graph_add_output(e, "y"));
    set_graph(n, "then_branch", t);
    set_graph(n, "else_branch", e);
    OK(ge_graph_validate(g));
    check_shape(g, "out", 1, (int64_t[]){4});
    float xv[4] = {1, 2, 3, 4}, yv[4] = {5, 6, 7, 8};
    ir_tensor in[2] = {view(GE_DTYPE_FLOAT32, 2, (int64_t[]){2, 2}, xv),
                       view(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, yv)};
    ir_tensor out;
    OK(ref_eval_run(g, 2, in, 1, &out));
    check_f32(&out, 1, (int64_t[]){4}, yv, 4);
    ir_tensor_free_data(&out);
    ge_graph_destroy(g);
}

/* String outputs go through the branch (copied per element). */
static void test_if_strings(void)
{
    ge_graph *g = graph("main");
    input(g, "cond", GE_DTYPE_BOOL, 0, NULL, 0);
    input(g, "s", GE_DTYPE_STRING, 1, (int64_t[]){2}, 1);
    ge_node *n = add(g, "If", "ifs", NAMES("cond"), NAMES("out"));
    OK(ge_graph_add_output(g, "out"));
    ge_graph *t = graph("t"), *e = graph("e");
    add(t, "Identity", "ti", NAMES("s"), NAMES("ts"));
    OK(ge_graph_add_output(t, "ts"));
    OK(ge_graph_add_output(e, "s"));
    set_graph(n, "then_branch", t);
    set_graph(n, "else_branch", e);
    OK(ge_graph_validate(g));
    const char *sv[2] = {"alpha", "beta"};
    for (uint8_t c = 0; c < 2; c++) {
        ir_tensor in[2] = {view(GE_DTYPE_BOOL, 0, NULL, &c), view(GE_DTYPE_STRING, 1, (int64_t[]){2}, sv)};
        ir_tensor out;
        OK(ref_eval_run(g, 2, in, 1, &out));
        CHECK_EQ(out.dtype, GE_DTYPE_STRING);
        char **o = out.data;
        CHECK(o[0] != sv[0] && strcmp(o[0], "alpha") == 0 && strcmp(o[1], "beta") == 0);
        ir_tensor_free_data(&out);
    }
    ge_graph_destroy(g);
}

static void test_if_misuse(void)
{
    /* cond not bool */
    ge_graph *g = graph("m1");
    input(g, "cond", GE_DTYPE_INT32, 0, NULL, 0);
    ge_node *n = add(g, "If", "bad_cond", NAMES("cond"), NAMES("out"));
    OK(ge_graph_add_output(g, "out"));
    int32_t one = 1;
    ge_graph *t = graph("t"), *e = graph("e");
    OK(ge_graph_add_constant(t, "a", GE_DTYPE_INT32, NULL, 0, &one, sizeof one));
    OK(ge_graph_add_output(t, "a"));
    OK(ge_graph_add_constant(e, "b", GE_DTYPE_INT32, NULL, 0, &one, sizeof one));
    OK(ge_graph_add_output(e, "b"));
    set_graph(n, "then_branch", t);
    set_graph(n, "else_branch", e);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "If node 'bad_cond': input 0 'cond' has dtype int32; expected bool");
    ge_graph_destroy(g);

    /* cond with several elements */
    g = graph("m2");
    input(g, "cond", GE_DTYPE_BOOL, 1, (int64_t[]){3}, 0);
    n = add(g, "If", "wide_cond", NAMES("cond"), NAMES("out"));
    OK(ge_graph_add_output(g, "out"));
    t = graph("t");
    e = graph("e");
    OK(ge_graph_add_output(t, "cond"));
    OK(ge_graph_add_output(e, "cond"));
    set_graph(n, "then_branch", t);
    set_graph(n, "else_branch", e);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "If node 'wide_cond': input 0 'cond' must hold exactly one element; found shape [3]");
    ge_graph_destroy(g);

    /* branch dtype mismatch */
    g = graph("m3");
    input(g, "cond", GE_DTYPE_BOOL, 0, NULL, 0);
    input(g, "x", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    input(g, "i", GE_DTYPE_INT64, 1, (int64_t[]){2}, 2);
    n = add(g, "If", "mixed", NAMES("cond"), NAMES("out"));
    OK(ge_graph_add_output(g, "out"));
    t = graph("t");
    e = graph("e");
    OK(ge_graph_add_output(t, "x"));
    OK(ge_graph_add_output(e, "i"));
    set_graph(n, "then_branch", t);
    set_graph(n, "else_branch", e);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "If node 'mixed': output 0: then_branch gives float32 ('x'), else_branch gives int64 ('i')");
    ge_graph_destroy(g);

    /* branch output count differs from the node's */
    g = graph("m4");
    input(g, "cond", GE_DTYPE_BOOL, 0, NULL, 0);
    input(g, "x", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    n = add(g, "If", "counts", NAMES("cond"), NAMES("out"));
    OK(ge_graph_add_output(g, "out"));
    t = graph("t");
    e = graph("e_two");
    OK(ge_graph_add_output(t, "x"));
    OK(ge_graph_add_output(e, "x"));
    OK(ge_graph_add_output(e, "cond"));
    set_graph(n, "then_branch", t);
    set_graph(n, "else_branch", e);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "If node 'counts': else_branch 'e_two' has 2 outputs; the node has 1");
    ge_graph_destroy(g);

    /* a branch with inputs; a missing branch */
    g = graph("m5");
    input(g, "cond", GE_DTYPE_BOOL, 0, NULL, 0);
    n = add(g, "If", "with_inputs", NAMES("cond"), NAMES("out"));
    OK(ge_graph_add_output(g, "out"));
    t = graph("t_in");
    input(t, "p", GE_DTYPE_BOOL, 0, NULL, 0);
    OK(ge_graph_add_output(t, "p"));
    set_graph(n, "then_branch", t);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'with_inputs' (If): missing required attribute 'else_branch'");
    e = graph("e");
    OK(ge_graph_add_output(e, "cond"));
    set_graph(n, "else_branch", e);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "If node 'with_inputs': then_branch 't_in' declares 1 inputs");
    ge_graph_destroy(g);

    /* an undeclared attribute is refused */
    g = build_if();
    ge_node *node = NULL;
    OK(ge_graph_find_node(g, "if0", &node));
    OK(ge_node_set_attr_int(node, "body", 1));
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'if0' (If): unknown attribute 'body'");
    ge_graph_destroy(g);
}

/* ------------------------------------------------------------------ Loop */

typedef struct loop_opts {
    bool with_m, with_cond;
    int64_t m;           /* when with_m: a constant if m_const, else graph input "M" */
    bool m_const;
    bool cond_table;     /* the body's condition = table[iteration] (else Identity(cond_in)) */
} loop_opts;

/* main(x: float[1,2], [M: int64[]], [c: bool[]]) -> Loop(M?, c?, acc0) -> acc, accs, iters
 * body(i, cond_in, acc_in): acc_out = acc_in + x (outer scope); cond_out; scan acc_out, i. */
static ge_graph *build_loop(const loop_opts *o)
{
    ge_graph *g = graph("main");
    input(g, "x", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 0);
    int32_t idx = 1;
    float acc0[2] = {1, 2};
    OK(ge_graph_add_constant(g, "acc0", GE_DTYPE_FLOAT32, (int64_t[]){1, 2}, 2, acc0, sizeof acc0));
    const char *m_name = "";
    if (o->with_m && o->m_const) {
        OK(ge_graph_add_constant(g, "Mc", GE_DTYPE_INT64, NULL, 0, &o->m, sizeof o->m));
        m_name = "Mc";
    } else if (o->with_m) {
        input(g, "M", GE_DTYPE_INT64, 0, NULL, idx++);
        m_name = "M";
    }
    if (o->with_cond)
        input(g, "c", GE_DTYPE_BOOL, 0, NULL, idx++);
    ge_node *n = add(g, "Loop", "loop0", NAMES(m_name, o->with_cond ? "c" : "", "acc0"),
                     NAMES("acc", "accs", "iters"));
    OK(ge_graph_add_output(g, "acc"));
    OK(ge_graph_add_output(g, "accs"));
    OK(ge_graph_add_output(g, "iters"));

    ge_graph *b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "cond_in", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "acc_in", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 2);
    add_sum(b, "s", "acc_in", "x", "acc_out");
    if (o->cond_table) {
        uint8_t table[5] = {1, 1, 0, 1, 1};
        OK(ge_graph_add_constant(b, "table", GE_DTYPE_BOOL, (int64_t[]){5}, 1, table, sizeof table));
        add(b, "Gather", "next", NAMES("table", "i"), NAMES("cond_out"));
    } else {
        add(b, "Identity", "keep", NAMES("cond_in"), NAMES("cond_out"));
    }
    add(b, "Identity", "scan_acc", NAMES("acc_out"), NAMES("acc_s"));
    add(b, "Identity", "scan_i", NAMES("i"), NAMES("i_s"));
    OK(ge_graph_add_output(b, "cond_out"));
    OK(ge_graph_add_output(b, "acc_out"));
    OK(ge_graph_add_output(b, "acc_s"));
    OK(ge_graph_add_output(b, "i_s"));
    set_graph(n, "body", b);
    return g;
}

/* Runs build_loop's graph; returns the number of iterations seen (from the scan). */
static void run_loop(const loop_opts *o, int64_t m_in, uint8_t c_in, int64_t want_iters)
{
    ge_graph *g = build_loop(o);
    OK(ge_graph_validate(g));
    check_shape(g, "acc", 2, (int64_t[]){1, 2});
    int64_t known = (o->with_m && o->m_const && !o->with_cond) ? (o->m > 0 ? o->m : 0) : -1;
    check_shape(g, "accs", 3, (int64_t[]){known, 1, 2});
    check_shape(g, "iters", 1, (int64_t[]){known});
    float xv[2] = {10, 20};
    ir_tensor in[3];
    size_t n_in = 0;
    in[n_in++] = view(GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, xv);
    if (o->with_m && !o->m_const)
        in[n_in++] = view(GE_DTYPE_INT64, 0, NULL, &m_in);
    if (o->with_cond)
        in[n_in++] = view(GE_DTYPE_BOOL, 0, NULL, &c_in);
    ir_tensor out[3];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, n_in, in, 3, out));
    int64_t k = want_iters;
    float acc[2] = {1 + 10.0f * (float)k, 2 + 20.0f * (float)k};
    check_f32(&out[0], 2, (int64_t[]){1, 2}, acc, 2);
    float accs[16];
    int64_t iters[8];
    for (int64_t i = 0; i < k; i++) {
        accs[2 * i] = 1 + 10.0f * (float)(i + 1);
        accs[2 * i + 1] = 2 + 20.0f * (float)(i + 1);
        iters[i] = i;
    }
    check_f32(&out[1], 3, (int64_t[]){k, 1, 2}, accs, (size_t)(2 * k));
    check_i64(&out[2], 1, (int64_t[]){k}, iters, (size_t)k);
    CHECK_EQ(out[2].dtype, GE_DTYPE_INT64);
    free_all(out, 3);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

static void test_loop_trip_count(void)
{
    /* M only (a constant: the scan length is known at validation) */
    run_loop(&(loop_opts){.with_m = true, .m = 3, .m_const = true}, 0, 0, 3);
    /* M only, as an input; the body's condition is ignored even when it turns false */
    run_loop(&(loop_opts){.with_m = true, .cond_table = true}, 4, 0, 4);
    /* zero and negative trip counts */
    run_loop(&(loop_opts){.with_m = true, .m = 0, .m_const = true}, 0, 0, 0);
    run_loop(&(loop_opts){.with_m = true}, -2, 0, 0);
}

static void test_loop_cond(void)
{
    /* cond only: table {1,1,0,...} ends the loop after iteration 2 */
    run_loop(&(loop_opts){.with_cond = true, .cond_table = true}, 0, 1, 3);
    /* cond false from the start: no iteration */
    run_loop(&(loop_opts){.with_cond = true, .cond_table = true}, 0, 0, 0);
    /* both: M bounds first, or the condition does */
    run_loop(&(loop_opts){.with_m = true, .with_cond = true, .cond_table = true}, 2, 1, 2);
    run_loop(&(loop_opts){.with_m = true, .with_cond = true, .cond_table = true}, 5, 1, 3);
    run_loop(&(loop_opts){.with_m = true, .with_cond = true}, 4, 1, 4);
}

/* Neither M nor cond: refused at run time (it would never end). */
static void test_loop_endless(void)
{
    ge_graph *g = build_loop(&(loop_opts){0});
    OK(ge_graph_validate(g));
    float xv[2] = {0};
    ir_tensor in = view(GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, xv), out[3];
    long live = ge_alloc_live();
    CHECK_EQ(ref_eval_run(g, 1, &in, 3, out), GE_STATUS_GRAPH_UNSUPPORTED);
    CHECK_CONTAINS(ge_get_error_message(), "Loop node 'loop0': neither M nor cond is given");
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* A loop whose carried value grows each iteration (shape changes) and whose body holds an
 * If reading the body's input and the main graph's input (two levels out). */
static void test_loop_nested_if(void)
{
    ge_graph *g = graph("main");
    input(g, "x", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 0);
    input(g, "M", GE_DTYPE_INT64, 0, NULL, 1);
    float acc0[2] = {0, 0};
    OK(ge_graph_add_constant(g, "acc0", GE_DTYPE_FLOAT32, (int64_t[]){1, 2}, 2, acc0, sizeof acc0));
    float seed = 5;
    OK(ge_graph_add_constant(g, "grow0", GE_DTYPE_FLOAT32, (int64_t[]){1}, 1, &seed, sizeof seed));
    ge_node *n = add(g, "Loop", "outer", NAMES("M", "", "acc0", "grow0"), NAMES("acc", "grow", "picks"));
    OK(ge_graph_add_output(g, "acc"));
    OK(ge_graph_add_output(g, "grow"));
    OK(ge_graph_add_output(g, "picks"));

    ge_graph *b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 1, (int64_t[]){1}, 0); /* [1]-shaped iteration_num and cond */
    input(b, "cond_in", GE_DTYPE_BOOL, 1, (int64_t[]){1}, 1);
    input(b, "acc_in", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 2);
    input(b, "grow_in", GE_DTYPE_FLOAT32, 1, (int64_t[]){-1}, 3);
    uint8_t table[4] = {1, 0, 1, 0};
    OK(ge_graph_add_constant(b, "odd_even", GE_DTYPE_BOOL, (int64_t[]){4}, 1, table, sizeof table));
    add(b, "Gather", "pick", NAMES("odd_even", "i"), NAMES("sel1")); /* [1] */
    add(b, "Identity", "cond_id", NAMES("cond_in"), NAMES("cond_out"));
    ge_node *c = add(b, "Concat", "grow_cat", NAMES("grow_in", "grow_in"), NAMES("grow_out"));
    OK(ge_node_set_attr_int(c, "axis", 0));
    ge_node *iff = add(b, "If", "inner_if", NAMES("sel1"), NAMES("acc_out"));
    add(b, "Identity", "scan_sel", NAMES("sel1"), NAMES("sel_s"));
    OK(ge_graph_add_output(b, "cond_out"));
    OK(ge_graph_add_output(b, "acc_out"));
    OK(ge_graph_add_output(b, "grow_out"));
    OK(ge_graph_add_output(b, "sel_s"));

    ge_graph *t = graph("then_add"); /* acc_in + x: body input and main input */
    add_sum(t, "t", "acc_in", "x", "t_out");
    OK(ge_graph_add_output(t, "t_out"));
    ge_graph *e = graph("else_keep");
    add(e, "Identity", "e_id", NAMES("acc_in"), NAMES("e_out"));
    OK(ge_graph_add_output(e, "e_out"));
    set_graph(iff, "then_branch", t);
    set_graph(iff, "else_branch", e);
    set_graph(n, "body", b);

    OK(ge_graph_validate(g));
    check_shape(g, "acc", 2, (int64_t[]){1, 2});
    check_shape(g, "grow", 1, (int64_t[]){-1});
    check_shape(g, "picks", 2, (int64_t[]){-1, 1});

    float xv[2] = {1, 3};
    int64_t m = 3;
    ir_tensor in[2] = {view(GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, xv), view(GE_DTYPE_INT64, 0, NULL, &m)};
    ir_tensor out[3];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 2, in, 3, out));
    /* iterations 0 and 2 add x */
    check_f32(&out[0], 2, (int64_t[]){1, 2}, (float[]){2, 6}, 2);
    check_f32(&out[1], 1, (int64_t[]){8}, (float[]){5, 5, 5, 5, 5, 5, 5, 5}, 8);
    check_i64(&out[2], 2, (int64_t[]){3, 1}, (int64_t[]){1, 0, 1}, 3);
    CHECK_EQ(out[2].dtype, GE_DTYPE_BOOL);
    free_all(out, 3);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* Strings carried and scanned (moved and duplicated element by element). */
static void test_loop_strings(void)
{
    ge_graph *g = graph("main");
    input(g, "s", GE_DTYPE_STRING, 1, (int64_t[]){2}, 0);
    int64_t m = 2;
    OK(ge_graph_add_constant(g, "M", GE_DTYPE_INT64, NULL, 0, &m, sizeof m));
    ge_node *n = add(g, "Loop", "sloop", NAMES("M", "", "s"), NAMES("s_final", "s_all"));
    OK(ge_graph_add_output(g, "s_final"));
    OK(ge_graph_add_output(g, "s_all"));
    ge_graph *b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "c", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "s_in", GE_DTYPE_STRING, 1, (int64_t[]){2}, 2);
    add(b, "Identity", "sid", NAMES("s_in"), NAMES("s_out"));
    add(b, "Identity", "sid2", NAMES("s_in"), NAMES("s_scan"));
    OK(ge_graph_add_output(b, "c"));
    OK(ge_graph_add_output(b, "s_out"));
    OK(ge_graph_add_output(b, "s_scan"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "s_all", 2, (int64_t[]){2, 2});
    const char *sv[2] = {"x", "yz"};
    ir_tensor in = view(GE_DTYPE_STRING, 1, (int64_t[]){2}, sv), out[2];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 1, &in, 2, out));
    char **f = out[0].data, **a = out[1].data;
    CHECK(strcmp(f[0], "x") == 0 && strcmp(f[1], "yz") == 0);
    CHECK_EQ(ir_tensor_numel(&out[1]), 4);
    CHECK(strcmp(a[0], "x") == 0 && strcmp(a[1], "yz") == 0 && strcmp(a[2], "x") == 0 &&
          strcmp(a[3], "yz") == 0);
    free_all(out, 2);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

static void test_loop_misuse(void)
{
    /* cond not bool */
    ge_graph *g = graph("bad_cond");
    input(g, "c", GE_DTYPE_INT32, 0, NULL, 0);
    ge_node *n = add(g, "Loop", "lc", NAMES("", "c", "c"), NAMES("c_out"));
    OK(ge_graph_add_output(g, "c_out"));
    ge_graph *b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "ci", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "v", GE_DTYPE_INT32, 0, NULL, 2);
    OK(ge_graph_add_output(b, "ci"));
    OK(ge_graph_add_output(b, "v"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Loop node 'lc': input 1 'cond' has dtype int32; expected bool");
    ge_graph_destroy(g);

    /* M not int64 */
    g = graph("bad_m");
    input(g, "m", GE_DTYPE_INT32, 0, NULL, 0);
    n = add(g, "Loop", "lm", NAMES("m", "", "m"), NAMES("m_out"));
    OK(ge_graph_add_output(g, "m_out"));
    b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "ci", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "v", GE_DTYPE_INT32, 0, NULL, 2);
    OK(ge_graph_add_output(b, "ci"));
    OK(ge_graph_add_output(b, "v"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Loop node 'lm': input 0 'M' has dtype int32; expected int64");
    ge_graph_destroy(g);

    /* body with a wrong input count */
    g = graph("inputs");
    input(g, "m", GE_DTYPE_INT64, 0, NULL, 0);
    input(g, "v", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    n = add(g, "Loop", "li", NAMES("m", "", "v"), NAMES("v_out"));
    OK(ge_graph_add_output(g, "v_out"));
    b = graph("short_body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "ci", GE_DTYPE_BOOL, 0, NULL, 1);
    OK(ge_graph_add_output(b, "ci"));
    OK(ge_graph_add_output(b, "v"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "Loop node 'li': body 'short_body' has 2 inputs; expected 3 (iteration_num, condition and 1 loop-carried values)");
    ge_graph_destroy(g);

    /* body with a wrong output count */
    g = graph("outputs");
    input(g, "m", GE_DTYPE_INT64, 0, NULL, 0);
    input(g, "v", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    n = add(g, "Loop", "lo", NAMES("m", "", "v"), NAMES("v_out", "v_scan"));
    OK(ge_graph_add_output(g, "v_out"));
    b = graph("body3");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "ci", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "vi", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 2);
    OK(ge_graph_add_output(b, "ci"));
    OK(ge_graph_add_output(b, "vi"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Loop node 'lo': body 'body3' has 2 outputs; expected 3");
    ge_graph_destroy(g);

    /* carried dtype differs from the body's; body condition not bool */
    g = graph("dtypes");
    input(g, "m", GE_DTYPE_INT64, 0, NULL, 0);
    input(g, "v", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    n = add(g, "Loop", "ld", NAMES("m", "", "v"), NAMES("v_out"));
    OK(ge_graph_add_output(g, "v_out"));
    b = graph("body4");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "ci", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "vi", GE_DTYPE_INT32, 1, (int64_t[]){2}, 2);
    OK(ge_graph_add_output(b, "ci"));
    OK(ge_graph_add_output(b, "vi"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "Loop node 'ld': loop-carried value 0: input 2 is float32 but body input 2 'vi' is int32");
    ge_graph_destroy(g);

    g = graph("cond_out");
    input(g, "m", GE_DTYPE_INT64, 0, NULL, 0);
    n = add(g, "Loop", "lb", NAMES("m"), NAMES("i_scan"));
    OK(ge_graph_add_output(g, "i_scan"));
    b = graph("body5");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "ci", GE_DTYPE_BOOL, 0, NULL, 1);
    add(b, "Identity", "i_id", NAMES("i"), NAMES("i2"));
    OK(ge_graph_add_output(b, "i"));
    OK(ge_graph_add_output(b, "i2"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Loop node 'lb': body output 0 'i' (condition) has dtype int64; expected bool");
    ge_graph_destroy(g);

    /* fewer outputs than carried values */
    g = graph("few");
    input(g, "m", GE_DTYPE_INT64, 0, NULL, 0);
    input(g, "v", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    n = add(g, "Loop", "lf", NAMES("m", "", "v", "v"), NAMES("v_out"));
    OK(ge_graph_add_output(g, "v_out"));
    b = graph("body6");
    OK(ge_graph_add_output(b, "m"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Loop node 'lf': the node has 1 outputs but 2 loop-carried values");
    ge_graph_destroy(g);
}

/* A scan output whose element shape changes between iterations is refused at run time. */
static void test_loop_ragged_scan(void)
{
    ge_graph *g = graph("main");
    int64_t m = 2;
    float g0 = 1;
    OK(ge_graph_add_constant(g, "M", GE_DTYPE_INT64, NULL, 0, &m, sizeof m));
    OK(ge_graph_add_constant(g, "g0", GE_DTYPE_FLOAT32, (int64_t[]){1}, 1, &g0, sizeof g0));
    ge_node *n = add(g, "Loop", "ragged", NAMES("M", "", "g0"), NAMES("g", "gs"));
    OK(ge_graph_add_output(g, "gs"));
    ge_graph *b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "c", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "gi", GE_DTYPE_FLOAT32, 1, (int64_t[]){-1}, 2);
    ge_node *c = add(b, "Concat", "cat", NAMES("gi", "gi"), NAMES("go"));
    OK(ge_node_set_attr_int(c, "axis", 0));
    add(b, "Identity", "go_id", NAMES("go"), NAMES("go_s"));
    OK(ge_graph_add_output(b, "c"));
    OK(ge_graph_add_output(b, "go"));
    OK(ge_graph_add_output(b, "go_s"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "gs", 2, (int64_t[]){2, -1});
    ir_tensor out;
    long live = ge_alloc_live();
    CHECK_EQ(ref_eval_run(g, 0, NULL, 1, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Loop node 'ragged': scan output 0: iteration 1 produced float32 [4], earlier iterations float32 [2]");
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* ------------------------------------------------------------------ Scan */

typedef struct scan_opts {
    int opset;
    int64_t in_axis;  /* axis of X's sequence (X is [3,1,2] for axis 0, [1,3,2] for 1/-2) */
    int64_t in_dir, out_axis, out_dir;
    bool set_attrs;
} scan_opts;

/* main(X) -> Scan(sum0, X) -> sum, sums; body(sum_in [1,2], x_t [1,2]): sum_out = sum_in + x_t,
 * scan outputs sum_out and x_t. */
static ge_graph *build_scan(const scan_opts *o)
{
    ge_graph *g = graph("main");
    OK(ge_graph_set_opset(g, "", o->opset));
    bool seq_mid = o->in_axis != 0;
    input(g, "X", GE_DTYPE_FLOAT32, 3, seq_mid ? (int64_t[]){1, 3, 2} : (int64_t[]){3, 1, 2}, 0);
    float sum0[2] = {0, 100};
    OK(ge_graph_add_constant(g, "sum0", GE_DTYPE_FLOAT32, (int64_t[]){1, 2}, 2, sum0, sizeof sum0));
    ge_node *n = add(g, "Scan", "scan0", NAMES("sum0", "X"), NAMES("sum", "sums", "xs"));
    OK(ge_graph_add_output(g, "sum"));
    OK(ge_graph_add_output(g, "sums"));
    OK(ge_graph_add_output(g, "xs"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    if (o->set_attrs) {
        OK(ge_node_set_attr_ints(n, "scan_input_axes", &o->in_axis, 1));
        OK(ge_node_set_attr_ints(n, "scan_input_directions", &o->in_dir, 1));
        OK(ge_node_set_attr_ints(n, "scan_output_axes", (int64_t[]){o->out_axis, 0}, 2));
        OK(ge_node_set_attr_ints(n, "scan_output_directions", (int64_t[]){o->out_dir, 0}, 2));
    }
    ge_graph *b = graph("body");
    input(b, "sum_in", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 0);
    input(b, "x_t", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 1);
    add_sum_v(b, "a", "sum_in", "x_t", "sum_out", o->opset < 13);
    add(b, "Identity", "s_id", NAMES("sum_out"), NAMES("sum_s"));
    OK(ge_graph_add_output(b, "sum_out"));
    OK(ge_graph_add_output(b, "sum_s"));
    OK(ge_graph_add_output(b, "x_t"));
    set_graph(n, "body", b);
    return g;
}

static void test_scan_forward(void)
{
    ge_graph *g = build_scan(&(scan_opts){.opset = 16});
    OK(ge_graph_validate(g));
    check_shape(g, "sum", 2, (int64_t[]){1, 2});
    check_shape(g, "sums", 3, (int64_t[]){3, 1, 2});
    float xv[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor in = view(GE_DTYPE_FLOAT32, 3, (int64_t[]){3, 1, 2}, xv), out[3];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 1, &in, 3, out));
    check_f32(&out[0], 2, (int64_t[]){1, 2}, (float[]){9, 112}, 2);
    check_f32(&out[1], 3, (int64_t[]){3, 1, 2}, (float[]){1, 102, 4, 106, 9, 112}, 6);
    check_f32(&out[2], 3, (int64_t[]){3, 1, 2}, xv, 6);
    free_all(out, 3);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

static void test_scan_directions_axes(void)
{
    float xv[6] = {1, 2, 3, 4, 5, 6}; /* slices (1,2) (3,4) (5,6) */
    /* reverse input: sums over (5,6), (3,4), (1,2); output axis 1, reversed: position 2-t */
    ge_graph *g = build_scan(&(scan_opts){.opset = 11, .in_axis = -2, .in_dir = 1, .out_axis = 1,
                                          .out_dir = 1, .set_attrs = true});
    OK(ge_graph_validate(g));
    check_shape(g, "sums", 3, (int64_t[]){1, 3, 2});
    check_shape(g, "xs", 3, (int64_t[]){3, 1, 2});
    ir_tensor in = view(GE_DTYPE_FLOAT32, 3, (int64_t[]){1, 3, 2}, xv), out[3];
    OK(ref_eval_run(g, 1, &in, 3, out));
    check_f32(&out[0], 2, (int64_t[]){1, 2}, (float[]){9, 112}, 2);
    /* iteration sums: t0 (5,106), t1 (8,110), t2 (9,112) stored at positions 2,1,0 */
    check_f32(&out[1], 3, (int64_t[]){1, 3, 2}, (float[]){9, 112, 8, 110, 5, 106}, 6);
    /* xs forward along axis 0: the slices in visiting order */
    check_f32(&out[2], 3, (int64_t[]){3, 1, 2}, (float[]){5, 6, 3, 4, 1, 2}, 6);
    free_all(out, 3);
    ge_graph_destroy(g);

    /* output axis -1 (the element is [1,2]: axis 2 of [1,2,3]) */
    g = build_scan(&(scan_opts){.opset = 19, .in_axis = 1, .out_axis = -1, .set_attrs = true});
    OK(ge_graph_validate(g));
    check_shape(g, "sums", 3, (int64_t[]){1, 2, 3});
    OK(ref_eval_run(g, 1, &in, 3, out));
    check_f32(&out[1], 3, (int64_t[]){1, 2, 3}, (float[]){1, 4, 9, 102, 106, 112}, 6);
    free_all(out, 3);
    ge_graph_destroy(g);
}

/* Two scan inputs with different axes, an empty sequence, and a dynamic sequence length. */
static void test_scan_zip_and_empty(void)
{
    ge_graph *g = graph("main");
    input(g, "A", GE_DTYPE_FLOAT32, 3, (int64_t[]){-1, 1, 2}, 0);
    input(g, "B", GE_DTYPE_FLOAT32, 3, (int64_t[]){1, -1, 2}, 1);
    float z[2] = {0, 0};
    OK(ge_graph_add_constant(g, "z", GE_DTYPE_FLOAT32, (int64_t[]){1, 2}, 2, z, sizeof z));
    ge_node *n = add(g, "Scan", "zip", NAMES("z", "A", "B"), NAMES("acc", "pairs"));
    OK(ge_graph_add_output(g, "acc"));
    OK(ge_graph_add_output(g, "pairs"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 2));
    OK(ge_node_set_attr_ints(n, "scan_input_axes", (int64_t[]){0, 1}, 2));
    OK(ge_node_set_attr_ints(n, "scan_input_directions", (int64_t[]){0, 1}, 2));
    ge_graph *b = graph("body");
    input(b, "acc_in", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 0);
    input(b, "a", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 1);
    input(b, "b", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 2);
    add_sum(b, "ab", "a", "b", "ab_sum");
    add_sum(b, "acc", "acc_in", "ab_sum", "acc_out");
    OK(ge_graph_add_output(b, "acc_out"));
    OK(ge_graph_add_output(b, "ab_sum"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "pairs", 3, (int64_t[]){-1, 1, 2});

    float av[4] = {1, 2, 3, 4}, bv[4] = {10, 20, 30, 40};
    ir_tensor in[2] = {view(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, 1, 2}, av),
                       view(GE_DTYPE_FLOAT32, 3, (int64_t[]){1, 2, 2}, bv)};
    ir_tensor out[2];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 2, in, 2, out));
    /* t0: a(1,2)+b reversed (30,40) = (31,42); t1: (3,4)+(10,20) = (13,24) */
    check_f32(&out[0], 2, (int64_t[]){1, 2}, (float[]){44, 66}, 2);
    check_f32(&out[1], 3, (int64_t[]){2, 1, 2}, (float[]){31, 42, 13, 24}, 4);
    free_all(out, 2);

    /* empty sequences: the state passes through, the scan output has 0 entries */
    in[0] = view(GE_DTYPE_FLOAT32, 3, (int64_t[]){0, 1, 2}, av);
    in[1] = view(GE_DTYPE_FLOAT32, 3, (int64_t[]){1, 0, 2}, bv);
    OK(ref_eval_run(g, 2, in, 2, out));
    check_f32(&out[0], 2, (int64_t[]){1, 2}, z, 2);
    check_f32(&out[1], 3, (int64_t[]){0, 1, 2}, NULL, 0);
    free_all(out, 2);

    /* lengths that disagree */
    in[0] = view(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, 1, 2}, av);
    in[1] = view(GE_DTYPE_FLOAT32, 3, (int64_t[]){1, 1, 2}, bv);
    CHECK_EQ(ref_eval_run(g, 2, in, 2, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'zip': scan inputs disagree on the sequence length: input 1 has 2, input 2 has 1");
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* Scan-8: batch axis, sequence_lens, directions. */
static void test_scan8(void)
{
    ge_graph *g = graph("main");
    OK(ge_graph_set_opset(g, "", 8));
    input(g, "lens", GE_DTYPE_INT64, 1, (int64_t[]){2}, 0);
    input(g, "X", GE_DTYPE_FLOAT32, 4, (int64_t[]){2, 3, 1, 2}, 1);
    float s0[4] = {0, 0, 100, 100};
    OK(ge_graph_add_constant(g, "s0", GE_DTYPE_FLOAT32, (int64_t[]){2, 1, 2}, 3, s0, sizeof s0));
    ge_node *n = add(g, "Scan", "scan8", NAMES("lens", "s0", "X"), NAMES("s", "ss"));
    OK(ge_graph_add_output(g, "s"));
    OK(ge_graph_add_output(g, "ss"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    OK(ge_node_set_attr_ints(n, "directions", (int64_t[]){1}, 1));
    ge_graph *b = graph("body");
    input(b, "s_in", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 0);
    input(b, "x_t", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 1);
    add_sum_v(b, "a", "s_in", "x_t", "s_out", true);
    add(b, "Identity", "sid", NAMES("s_out"), NAMES("s_scan"));
    OK(ge_graph_add_output(b, "s_out"));
    OK(ge_graph_add_output(b, "s_scan"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "s", 3, (int64_t[]){2, 1, 2});
    check_shape(g, "ss", 4, (int64_t[]){2, 3, 1, 2});

    float xv[12] = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};
    int64_t lens[2] = {3, 2};
    ir_tensor in[2] = {view(GE_DTYPE_INT64, 1, (int64_t[]){2}, lens),
                       view(GE_DTYPE_FLOAT32, 4, (int64_t[]){2, 3, 1, 2}, xv)};
    ir_tensor out[2];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 2, in, 2, out));
    /* batch 0 reversed over 3: (5,6) (3,4) (1,2); batch 1 reversed over its 2: (30,40) (10,20) */
    check_f32(&out[0], 3, (int64_t[]){2, 1, 2}, (float[]){9, 12, 140, 160}, 4);
    check_f32(&out[1], 4, (int64_t[]){2, 3, 1, 2},
              (float[]){5, 6, 8, 10, 9, 12, 130, 140, 140, 160, 0, 0}, 12);
    free_all(out, 2);

    lens[1] = 4;
    CHECK_EQ(ref_eval_run(g, 2, in, 2, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'scan8': sequence_lens[1] = 4 is outside 0..3");
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);

    /* no sequence_lens: every batch item runs the full sequence (forward) */
    g = graph("main2");
    OK(ge_graph_set_opset(g, "", 8));
    input(g, "X", GE_DTYPE_FLOAT32, 4, (int64_t[]){2, 3, 1, 2}, 0);
    OK(ge_graph_add_constant(g, "s0", GE_DTYPE_FLOAT32, (int64_t[]){2, 1, 2}, 3, s0, sizeof s0));
    n = add(g, "Scan", "scan8b", NAMES("", "s0", "X"), NAMES("s"));
    OK(ge_graph_add_output(g, "s"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    b = graph("body");
    input(b, "s_in", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 0);
    input(b, "x_t", GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 2}, 1);
    add_sum_v(b, "a", "s_in", "x_t", "s_out", true);
    OK(ge_graph_add_output(b, "s_out"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    OK(ref_eval_run(g, 1, &in[1], 1, out));
    check_f32(&out[0], 3, (int64_t[]){2, 1, 2}, (float[]){9, 12, 190, 220}, 4);
    free_all(out, 1);
    ge_graph_destroy(g);
}

static void test_scan_misuse(void)
{
    /* negative axes before opset 11 */
    ge_graph *g = build_scan(&(scan_opts){.opset = 10, .in_axis = -2, .set_attrs = true});
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'scan0': scan_input_axes[0] = -2: negative axes need opset 11");
    ge_graph_destroy(g);
    /* axis out of range; bad direction */
    g = build_scan(&(scan_opts){.opset = 13, .in_axis = 3, .set_attrs = true});
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'scan0': scan_input_axes[0] = 3 is out of range for input 1 of rank 3");
    ge_graph_destroy(g);
    g = build_scan(&(scan_opts){.opset = 13, .in_dir = 2, .set_attrs = true});
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'scan0': attribute 'scan_input_directions'[0] = 2; expected 0 (forward) or 1 (reverse)");
    ge_graph_destroy(g);
    g = build_scan(&(scan_opts){.opset = 13, .out_axis = 4, .set_attrs = true});
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'scan0': scan_output_axes[0] = 4 is out of range for scan output 0 of rank 3");
    ge_graph_destroy(g);

    /* num_scan_inputs out of range; list attribute of the wrong length */
    g = build_scan(&(scan_opts){.opset = 13});
    ge_node *n = NULL;
    OK(ge_graph_find_node(g, "scan0", &n));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 3));
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'scan0': attribute 'num_scan_inputs' = 3; expected 1..2");
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    OK(ge_node_set_attr_ints(n, "scan_output_axes", (int64_t[]){0}, 1));
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'scan0': attribute 'scan_output_axes' has 1 entries; expected 2");
    ge_graph_destroy(g);

    /* body with the wrong input count / rank / dtype */
    g = graph("main");
    input(g, "X", GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, 0);
    n = add(g, "Scan", "sb", NAMES("X", "X"), NAMES("st", "ys"));
    OK(ge_graph_add_output(g, "ys"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    ge_graph *b = graph("one_input");
    input(b, "p", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 0);
    add(b, "Identity", "p_id", NAMES("p"), NAMES("p2"));
    OK(ge_graph_add_output(b, "p"));
    OK(ge_graph_add_output(b, "p2"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'sb': body 'one_input' has 1 inputs; expected 2 (1 state variables and 1 scan inputs)");
    ge_graph_destroy(g);

    g = graph("main");
    input(g, "X", GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, 0);
    n = add(g, "Scan", "sr", NAMES("X", "X"), NAMES("st", "ys"));
    OK(ge_graph_add_output(g, "ys"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    b = graph("rank");
    input(b, "s", GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, 0);
    input(b, "x", GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, 1);
    OK(ge_graph_add_output(b, "s"));
    OK(ge_graph_add_output(b, "x"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'sr': scan input 0: input 1 has rank 2, so body input 1 'x' must have rank 1; found 2");
    ge_graph_destroy(g);

    g = graph("main");
    input(g, "X", GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, 0);
    n = add(g, "Scan", "sd", NAMES("X", "X"), NAMES("st", "ys"));
    OK(ge_graph_add_output(g, "ys"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    b = graph("dt");
    input(b, "s", GE_DTYPE_INT32, 2, (int64_t[]){3, 2}, 0);
    input(b, "x", GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, 1);
    OK(ge_graph_add_output(b, "s"));
    OK(ge_graph_add_output(b, "x"));
    set_graph(n, "body", b);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "Scan node 'sd': state variable 0: input 0 is float32 but body input 0 's' is int32");
    ge_graph_destroy(g);
}

/* ------------------------------------------------------------------ with elementwise ops */

/* The ONNX "while" form: Loop("", true, i0, acc0); body: i = i_in + 1, acc = acc_in * 2,
 * cond = i < limit (limit read from the enclosing graph); scan output acc. */
static ge_graph *build_while(void)
{
    ge_graph *g = graph("while");
    input(g, "limit", GE_DTYPE_INT64, 0, NULL, 0);
    uint8_t t = 1;
    int64_t i0 = 0;
    float acc0 = 1;
    OK(ge_graph_add_constant(g, "true", GE_DTYPE_BOOL, NULL, 0, &t, 1));
    OK(ge_graph_add_constant(g, "i0", GE_DTYPE_INT64, NULL, 0, &i0, sizeof i0));
    OK(ge_graph_add_constant(g, "acc0", GE_DTYPE_FLOAT32, (int64_t[]){1}, 1, &acc0, sizeof acc0));
    ge_node *n = add(g, "Loop", "while0", NAMES("", "true", "i0", "acc0"), NAMES("i", "acc", "accs"));
    OK(ge_graph_add_output(g, "i"));
    OK(ge_graph_add_output(g, "acc"));
    OK(ge_graph_add_output(g, "accs"));
    ge_graph *b = graph("body");
    input(b, "iter", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "c_in", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "i_in", GE_DTYPE_INT64, 0, NULL, 2);
    input(b, "acc_in", GE_DTYPE_FLOAT32, 1, (int64_t[]){1}, 3);
    int64_t one = 1;
    float two = 2;
    OK(ge_graph_add_constant(b, "one", GE_DTYPE_INT64, NULL, 0, &one, sizeof one));
    OK(ge_graph_add_constant(b, "two", GE_DTYPE_FLOAT32, NULL, 0, &two, sizeof two));
    add(b, "Add", "inc", NAMES("i_in", "one"), NAMES("i_out"));
    add(b, "Mul", "dbl", NAMES("acc_in", "two"), NAMES("acc_out"));
    add(b, "Less", "test", NAMES("i_out", "limit"), NAMES("c_out"));
    add(b, "Identity", "scan", NAMES("acc_out"), NAMES("acc_s"));
    OK(ge_graph_add_output(b, "c_out"));
    OK(ge_graph_add_output(b, "i_out"));
    OK(ge_graph_add_output(b, "acc_out"));
    OK(ge_graph_add_output(b, "acc_s"));
    set_graph(n, "body", b);
    return g;
}

static void test_loop_while(void)
{
    ge_graph *g = build_while();
    OK(ge_graph_validate(g));
    check_shape(g, "accs", 2, (int64_t[]){-1, 1});
    int64_t limits[3] = {4, 1, -3};
    int64_t want_i[3] = {4, 1, 1};
    for (int k = 0; k < 3; k++) {
        ir_tensor in = view(GE_DTYPE_INT64, 0, NULL, &limits[k]), out[3];
        long live = ge_alloc_live();
        OK(ref_eval_run(g, 1, &in, 3, out));
        int64_t n = want_i[k];
        float acc = 1, accs[8];
        for (int64_t j = 0; j < n; j++)
            accs[j] = acc *= 2;
        check_i64(&out[0], 0, NULL, &n, 1);
        check_f32(&out[1], 1, (int64_t[]){1}, &acc, 1);
        check_f32(&out[2], 2, (int64_t[]){n, 1}, accs, (size_t)n);
        free_all(out, 3);
        CHECK_EQ(ge_alloc_live(), live);
    }
    ge_graph_destroy(g);
}

/* Scan with an If in the body: s += |x_t| (If(Less(x_t, 0)) then s - x_t else s + x_t). */
static void test_scan_if_body(void)
{
    ge_graph *g = graph("abs_sum");
    input(g, "X", GE_DTYPE_FLOAT32, 1, (int64_t[]){-1}, 0);
    float z = 0;
    OK(ge_graph_add_constant(g, "s0", GE_DTYPE_FLOAT32, NULL, 0, &z, sizeof z));
    OK(ge_graph_add_constant(g, "zero", GE_DTYPE_FLOAT32, NULL, 0, &z, sizeof z));
    ge_node *n = add(g, "Scan", "scan_abs", NAMES("s0", "X"), NAMES("s", "ss"));
    OK(ge_graph_add_output(g, "s"));
    OK(ge_graph_add_output(g, "ss"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    ge_graph *b = graph("body");
    input(b, "s_in", GE_DTYPE_FLOAT32, 0, NULL, 0);
    input(b, "x_t", GE_DTYPE_FLOAT32, 0, NULL, 1);
    add(b, "Less", "neg", NAMES("x_t", "zero"), NAMES("is_neg"));
    ge_node *iff = add(b, "If", "pick", NAMES("is_neg"), NAMES("s_out"));
    add(b, "Identity", "sid", NAMES("s_out"), NAMES("s_scan"));
    OK(ge_graph_add_output(b, "s_out"));
    OK(ge_graph_add_output(b, "s_scan"));
    ge_graph *t = graph("sub"), *e = graph("add");
    add(t, "Sub", "sub", NAMES("s_in", "x_t"), NAMES("t_out"));
    OK(ge_graph_add_output(t, "t_out"));
    add(e, "Add", "add", NAMES("s_in", "x_t"), NAMES("e_out"));
    OK(ge_graph_add_output(e, "e_out"));
    set_graph(iff, "then_branch", t);
    set_graph(iff, "else_branch", e);
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "s", 0, NULL);
    check_shape(g, "ss", 1, (int64_t[]){-1});
    float xv[4] = {1, -2, 3, -4};
    ir_tensor in = view(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, xv), out[2];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 1, &in, 2, out));
    check_f32(&out[0], 0, NULL, (float[]){10}, 1);
    check_f32(&out[1], 1, (int64_t[]){4}, (float[]){1, 3, 6, 10}, 4);
    free_all(out, 2);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* The session's host run path takes control flow through the interpreter. */
static void test_session_run(void)
{
    aclError e = aclInit(NULL);
    CHECK(e == ACL_SUCCESS || e == ACL_ERROR_REPEAT_INITIALIZE);
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    OK(ge_initialize(NULL));
    ge_session *s = NULL;
    OK(ge_session_create(NULL, &s));
    ge_graph *g = build_while();
    OK(ge_session_add_graph(s, 7, g, NULL));
    ge_graph_destroy(g);
    int64_t limit = 3;
    ge_tensor *x = NULL;
    OK(ge_tensor_wrap(GE_DTYPE_INT64, NULL, 0, &limit, sizeof limit, GE_PLACEMENT_HOST, NULL, NULL, &x));
    const ge_tensor *ins[] = {x};
    ge_tensor *outs[3] = {NULL, NULL, NULL};
    OK(ge_session_run_graph(s, 7, 1, ins, 3, outs));
    if (outs[0] && outs[1] && outs[2]) {
        CHECK_EQ(*(const int64_t *)ge_tensor_get_data(outs[0]), 3);
        CHECK(*(const float *)ge_tensor_get_data(outs[1]) == 8.0f);
        CHECK_EQ(ge_tensor_get_rank(outs[2]), 2);
        CHECK_EQ(ge_tensor_get_dims(outs[2])[0], 3);
        const float *a = ge_tensor_get_data(outs[2]);
        CHECK(a[0] == 2.0f && a[1] == 4.0f && a[2] == 8.0f);
    }
    for (int i = 0; i < 3; i++)
        ge_tensor_destroy(outs[i]);
    ge_tensor_destroy(x);
    ge_session_destroy(s);
    OK(ge_finalize());
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

/* ------------------------------------------------------------------ numpy cases */

static void test_scan_generated(void)
{
    for (size_t c = 0; c < sizeof cf_scan_cases / sizeof cf_scan_cases[0]; c++) {
        const cf_scan_case *k = &cf_scan_cases[c];
        int32_t ax = 0;
        CHECK(ir_axis_normalize(k->in_axis, k->rank, &ax));
        int64_t sd[4];
        int32_t sr = 0;
        for (int d = 0; d < k->rank; d++)
            if (d != ax)
                sd[sr++] = k->dims[d];
        ge_graph *g = graph("gen_scan");
        OK(ge_graph_set_opset(g, "", 16));
        input(g, "X", GE_DTYPE_FLOAT32, (size_t)k->rank, k->dims, 0);
        size_t s_n = k->n_x / (size_t)k->dims[ax];
        OK(ge_graph_add_constant(g, "s0", GE_DTYPE_FLOAT32, sd, (size_t)sr, k->s0, s_n * sizeof(float)));
        ge_node *n = add(g, "Scan", "gen", NAMES("s0", "X"), NAMES("s", "y"));
        OK(ge_graph_add_output(g, "s"));
        OK(ge_graph_add_output(g, "y"));
        OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
        OK(ge_node_set_attr_ints(n, "scan_input_axes", &k->in_axis, 1));
        OK(ge_node_set_attr_ints(n, "scan_input_directions", &k->in_dir, 1));
        OK(ge_node_set_attr_ints(n, "scan_output_axes", &k->out_axis, 1));
        OK(ge_node_set_attr_ints(n, "scan_output_directions", &k->out_dir, 1));
        ge_graph *b = graph("body");
        input(b, "s_in", GE_DTYPE_FLOAT32, (size_t)sr, sd, 0);
        input(b, "x_t", GE_DTYPE_FLOAT32, (size_t)sr, sd, 1);
        add(b, "Add", "acc", NAMES("s_in", "x_t"), NAMES("s_out"));
        add(b, "Mul", "prod", NAMES("s_out", "x_t"), NAMES("y_t"));
        OK(ge_graph_add_output(b, "s_out"));
        OK(ge_graph_add_output(b, "y_t"));
        set_graph(n, "body", b);
        OK(ge_graph_validate(g));
        check_shape(g, "y", k->y_rank, k->y_dims);
        ir_tensor in = view(GE_DTYPE_FLOAT32, (size_t)k->rank, k->dims, k->x), out[2];
        long live = ge_alloc_live();
        if (ref_eval_run(g, 1, &in, 2, out) == GE_STATUS_SUCCESS) {
            check_f32(&out[0], (size_t)sr, sd, k->s, s_n);
            check_f32(&out[1], (size_t)k->y_rank, k->y_dims, k->y, k->n_y);
            free_all(out, 2);
        } else {
            CHECK(!"scan case failed");
            fprintf(stderr, "  case %zu: %s\n", c, ge_get_error_message());
        }
        CHECK_EQ(ge_alloc_live(), live);
        ge_graph_destroy(g);
    }
}

static ge_graph *build_gen_loop(const cf_loop_case *k)
{
    int64_t nd[1] = {k->n};
    ge_graph *g = graph("gen_loop");
    input(g, "M", GE_DTYPE_INT64, 0, NULL, 0);
    uint8_t t = 1;
    OK(ge_graph_add_constant(g, "true", GE_DTYPE_BOOL, NULL, 0, &t, 1));
    OK(ge_graph_add_constant(g, "a", GE_DTYPE_FLOAT32, nd, 1, k->a, (size_t)k->n * sizeof(float)));
    OK(ge_graph_add_constant(g, "b", GE_DTYPE_FLOAT32, nd, 1, k->b, (size_t)k->n * sizeof(float)));
    OK(ge_graph_add_constant(g, "v0", GE_DTYPE_FLOAT32, nd, 1, k->v0, (size_t)k->n * sizeof(float)));
    OK(ge_graph_add_constant(g, "limit", GE_DTYPE_FLOAT32, NULL, 0, &k->limit, sizeof k->limit));
    ge_node *n = add(g, "Loop", "gen", NAMES("M", "true", "v0"), NAMES("v", "vs"));
    OK(ge_graph_add_output(g, "v"));
    OK(ge_graph_add_output(g, "vs"));
    ge_graph *b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "c_in", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "v_in", GE_DTYPE_FLOAT32, 1, nd, 2);
    add(b, "Mul", "scale", NAMES("v_in", "a"), NAMES("va"));
    add(b, "Add", "shift", NAMES("va", "b"), NAMES("v_out"));
    ge_node *r = add(b, "ReduceSum", "total", NAMES("v_out"), NAMES("sum"));
    OK(ge_node_set_attr_int(r, "keepdims", 0));
    add(b, "Less", "under", NAMES("sum", "limit"), NAMES("c_out"));
    add(b, "Identity", "keep", NAMES("v_out"), NAMES("v_scan"));
    OK(ge_graph_add_output(b, "c_out"));
    OK(ge_graph_add_output(b, "v_out"));
    OK(ge_graph_add_output(b, "v_scan"));
    set_graph(n, "body", b);
    return g;
}

static void test_loop_generated(void)
{
    for (size_t c = 0; c < sizeof cf_loop_cases / sizeof cf_loop_cases[0]; c++) {
        const cf_loop_case *k = &cf_loop_cases[c];
        ge_graph *g = build_gen_loop(k);
        OK(ge_graph_validate(g));
        check_shape(g, "vs", 2, (int64_t[]){-1, k->n});
        ir_tensor in = view(GE_DTYPE_INT64, 0, NULL, &k->m), out[2];
        long live = ge_alloc_live();
        if (ref_eval_run(g, 1, &in, 2, out) == GE_STATUS_SUCCESS) {
            check_f32(&out[0], 1, (int64_t[]){k->n}, k->v, (size_t)k->n);
            check_f32(&out[1], 2, (int64_t[]){k->trips, k->n}, k->vs, (size_t)(k->trips * k->n));
            free_all(out, 2);
        } else {
            CHECK(!"loop case failed");
            fprintf(stderr, "  case %zu: %s\n", c, ge_get_error_message());
        }
        CHECK_EQ(ge_alloc_live(), live);
        ge_graph_destroy(g);
    }
}

/* Every allocation failing in turn: a clean failure (no crash, no leak), then success. */
static void fail_each_allocation(const ge_graph *g, size_t n_in, const ir_tensor *in, size_t n_out)
{
    ir_tensor out[4];
    bool passed = false;
    for (long k = 0; k < 20000 && !passed; k++) {
        long live = ge_alloc_live();
        ge_alloc_fail_after(k);
        ge_status st = ref_eval_run(g, n_in, in, n_out, out);
        ge_alloc_fail_after(-1);
        if (st == GE_STATUS_SUCCESS) {
            passed = true;
            free_all(out, n_out);
        } else {
            (void)ge_get_error_message();
        }
        CHECK_EQ(ge_alloc_live(), live);
    }
    CHECK(passed);
}

static void test_allocation_failures(void)
{
    ge_graph *g = build_while();
    OK(ge_graph_validate(g));
    int64_t limit = 3;
    ir_tensor in = view(GE_DTYPE_INT64, 0, NULL, &limit);
    fail_each_allocation(g, 1, &in, 3);
    ge_graph_destroy(g);

    g = build_scan(&(scan_opts){.opset = 16, .in_axis = 1, .in_dir = 1, .out_axis = 1, .set_attrs = true});
    OK(ge_graph_validate(g));
    float xv[6] = {1, 2, 3, 4, 5, 6};
    in = view(GE_DTYPE_FLOAT32, 3, (int64_t[]){1, 3, 2}, xv);
    fail_each_allocation(g, 1, &in, 3);
    ge_graph_destroy(g);

    g = build_if();
    OK(ge_graph_validate(g));
    float yv[3] = {3, 4, 5};
    uint8_t c = 0;
    ir_tensor ins[3] = {view(GE_DTYPE_BOOL, 0, NULL, &c), view(GE_DTYPE_FLOAT32, 1, (int64_t[]){2}, xv),
                        view(GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, yv)};
    fail_each_allocation(g, 3, ins, 2);
    ge_graph_destroy(g);
}

/* Scan without state (a map) and Loop without carried values (only a scan output); a float16
 * value carried through unchanged. */
static void test_stateless_forms(void)
{
    ge_graph *g = graph("map");
    input(g, "X", GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, 0);
    ge_node *n = add(g, "Scan", "sq", NAMES("X"), NAMES("Y"));
    OK(ge_graph_add_output(g, "Y"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    OK(ge_node_set_attr_ints(n, "scan_input_axes", (int64_t[]){1}, 1));
    ge_graph *b = graph("body");
    input(b, "x", GE_DTYPE_FLOAT32, 1, (int64_t[]){3}, 0);
    add(b, "Mul", "sq", NAMES("x", "x"), NAMES("y"));
    OK(ge_graph_add_output(b, "y"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "Y", 2, (int64_t[]){2, 3});
    float xv[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor in = view(GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, xv), out[2];
    OK(ref_eval_run(g, 1, &in, 1, out));
    check_f32(&out[0], 2, (int64_t[]){2, 3}, (float[]){1, 9, 25, 4, 16, 36}, 6);
    free_all(out, 1);
    ge_graph_destroy(g);

    g = graph("count");
    int64_t m = 3;
    uint16_t h = ge_float_to_half(1.5f);
    OK(ge_graph_add_constant(g, "M", GE_DTYPE_INT64, NULL, 0, &m, sizeof m));
    OK(ge_graph_add_constant(g, "h", GE_DTYPE_FLOAT16, (int64_t[]){1}, 1, &h, sizeof h));
    n = add(g, "Loop", "count", NAMES("M"), NAMES("is"));
    OK(ge_graph_add_output(g, "is"));
    ge_node *n2 = add(g, "Loop", "carry_half", NAMES("M", "", "h"), NAMES("h_out"));
    OK(ge_graph_add_output(g, "h_out"));
    b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "c", GE_DTYPE_BOOL, 0, NULL, 1);
    add(b, "Identity", "id", NAMES("i"), NAMES("i_s"));
    OK(ge_graph_add_output(b, "c"));
    OK(ge_graph_add_output(b, "i_s"));
    set_graph(n, "body", b);
    b = graph("body_h");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "c", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "hi", GE_DTYPE_FLOAT16, 1, (int64_t[]){1}, 2);
    add(b, "Add", "dbl", NAMES("hi", "hi"), NAMES("ho"));
    OK(ge_graph_add_output(b, "c"));
    OK(ge_graph_add_output(b, "ho"));
    set_graph(n2, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "is", 1, (int64_t[]){3});
    ge_dtype dt = GE_DTYPE_UNDEFINED;
    OK(ge_graph_get_value_dtype(g, "h_out", &dt));
    CHECK_EQ(dt, GE_DTYPE_FLOAT16);
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 0, NULL, 2, out));
    check_i64(&out[0], 1, (int64_t[]){3}, (int64_t[]){0, 1, 2}, 3);
    CHECK_EQ(out[1].dtype, GE_DTYPE_FLOAT16);
    CHECK(op_test_close(&out[1], (float[]){12}, 1, 0, 0));
    free_all(out, 2);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* Empty tensors carried and scanned; a Scan over an empty axis of a non-empty input. */
static void test_empty_elements(void)
{
    ge_graph *g = graph("empty");
    int64_t m = 2;
    OK(ge_graph_add_constant(g, "M", GE_DTYPE_INT64, NULL, 0, &m, sizeof m));
    input(g, "e", GE_DTYPE_FLOAT32, 1, (int64_t[]){0}, 0);
    ge_node *n = add(g, "Loop", "le", NAMES("M", "", "e"), NAMES("e_out", "e_all"));
    OK(ge_graph_add_output(g, "e_out"));
    OK(ge_graph_add_output(g, "e_all"));
    ge_graph *b = graph("body");
    input(b, "i", GE_DTYPE_INT64, 0, NULL, 0);
    input(b, "c", GE_DTYPE_BOOL, 0, NULL, 1);
    input(b, "ei", GE_DTYPE_FLOAT32, 1, (int64_t[]){-1}, 2);
    add(b, "Identity", "id", NAMES("ei"), NAMES("eo"));
    add(b, "Identity", "id2", NAMES("ei"), NAMES("es"));
    OK(ge_graph_add_output(b, "c"));
    OK(ge_graph_add_output(b, "eo"));
    OK(ge_graph_add_output(b, "es"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    check_shape(g, "e_all", 2, (int64_t[]){2, -1});
    ir_tensor in = view(GE_DTYPE_FLOAT32, 1, (int64_t[]){0}, NULL), out[2];
    long live = ge_alloc_live();
    OK(ref_eval_run(g, 1, &in, 2, out));
    check_f32(&out[0], 1, (int64_t[]){0}, NULL, 0);
    check_f32(&out[1], 2, (int64_t[]){2, 0}, NULL, 0);
    free_all(out, 2);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);

    g = graph("scan_empty_rows");
    input(g, "X", GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 0}, 0);
    n = add(g, "Scan", "se", NAMES("X"), NAMES("Y"));
    OK(ge_graph_add_output(g, "Y"));
    OK(ge_node_set_attr_int(n, "num_scan_inputs", 1));
    b = graph("body");
    input(b, "x", GE_DTYPE_FLOAT32, 1, (int64_t[]){0}, 0);
    add(b, "Identity", "id", NAMES("x"), NAMES("y"));
    OK(ge_graph_add_output(b, "y"));
    set_graph(n, "body", b);
    OK(ge_graph_validate(g));
    in = view(GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 0}, NULL);
    live = ge_alloc_live();
    OK(ref_eval_run(g, 1, &in, 1, out));
    check_f32(&out[0], 2, (int64_t[]){3, 0}, NULL, 0);
    free_all(out, 1);
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

/* The schemas cover the opsets the brief lists. */
static void test_registry_entries(void)
{
    const int opsets[] = {1, 11, 13, 16, 19, 21, 23};
    for (size_t i = 0; i < sizeof opsets / sizeof opsets[0]; i++) {
        CHECK(op_registry_find("", "If", opsets[i]) != NULL);
        CHECK(op_registry_find("", "Loop", opsets[i]) != NULL);
    }
    for (int v = 8; v <= 23; v++)
        CHECK(op_registry_find("", "Scan", v) != NULL);
    CHECK(op_registry_find("", "Scan", 7) == NULL);
    CHECK(op_registry_find("", "Scan", 8) != op_registry_find("", "Scan", 9));
}

int main(void)
{
    RUN_TEST(test_if_branches);
    RUN_TEST(test_if_known_cond);
    RUN_TEST(test_if_strings);
    RUN_TEST(test_if_misuse);
    RUN_TEST(test_loop_trip_count);
    RUN_TEST(test_loop_cond);
    RUN_TEST(test_loop_endless);
    RUN_TEST(test_loop_nested_if);
    RUN_TEST(test_loop_strings);
    RUN_TEST(test_loop_misuse);
    RUN_TEST(test_loop_ragged_scan);
    RUN_TEST(test_scan_forward);
    RUN_TEST(test_scan_directions_axes);
    RUN_TEST(test_scan_zip_and_empty);
    RUN_TEST(test_scan8);
    RUN_TEST(test_scan_misuse);
    RUN_TEST(test_loop_while);
    RUN_TEST(test_scan_if_body);
    RUN_TEST(test_session_run);
    RUN_TEST(test_scan_generated);
    RUN_TEST(test_loop_generated);
    RUN_TEST(test_allocation_failures);
    RUN_TEST(test_stateless_forms);
    RUN_TEST(test_empty_elements);
    RUN_TEST(test_registry_entries);
    return test_result();
}

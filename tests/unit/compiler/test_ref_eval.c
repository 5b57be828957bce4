#include "geflow/geflow.h"
#include "base/alloc.h"
#include "compiler/ref_eval.h"
#include "compiler/validate.h"
#include "ops/op_util.h"
#include "test.h"

static const int64_t d23[] = {2, 3};

static ir_tensor view(ge_dtype dt, size_t rank, const int64_t *dims, void *data)
{
    ir_tensor t = {.dtype = dt, .data = data};
    ir_shape_make(&t.shape, rank, dims);
    ir_tensor_byte_size(dt, &t.shape, &t.bytes);
    return t;
}

static void add_id(ge_graph *g, const char *name, const char *in, const char *out)
{
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, name, (const char *[]){in}, 1, (const char *[]){out}, 1,
                               NULL),
             GE_STATUS_SUCCESS);
}

static void test_identity_chain(void)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("chain", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){-1, 3}, 2, 0), GE_STATUS_SUCCESS);
    int32_t c[2] = {5, -6};
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_INT32, (int64_t[]){2}, 1, c, sizeof c), GE_STATUS_SUCCESS);
    /* nodes out of order on purpose; a fan-out; an unused output */
    add_id(g, "b", "t1", "t2");
    add_id(g, "a", "x", "t1");
    add_id(g, "fan", "t1", "t3");
    add_id(g, "dead", "t1", "unused");
    add_id(g, "kc", "c", "c_out");
    CHECK_EQ(ge_graph_add_output(g, "t2"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "t3"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "c_out"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "x"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "c"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);

    float xv[6] = {1, 2, 3, 4, 5, 6};
    ir_tensor in = view(GE_DTYPE_FLOAT32, 2, d23, xv);
    ir_tensor out[5];
    long live = ge_alloc_live();
    CHECK_EQ(ref_eval_run(g, 1, &in, 5, out), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_alloc_live(), live + 5); /* only the outputs remain: intermediates were freed */
    for (int k = 0; k < 2; k++) {
        CHECK_EQ(out[k].dtype, GE_DTYPE_FLOAT32);
        CHECK_EQ(out[k].shape.rank, 2);
        CHECK_EQ(out[k].shape.dims[0], 2);
        CHECK(out[k].data != xv);
        CHECK(memcmp(out[k].data, xv, sizeof xv) == 0);
    }
    CHECK(out[0].data != out[1].data);
    CHECK_EQ(out[2].dtype, GE_DTYPE_INT32);
    CHECK(memcmp(out[2].data, c, sizeof c) == 0);
    CHECK(out[3].data != xv && memcmp(out[3].data, xv, sizeof xv) == 0); /* input as output: a copy */
    CHECK(memcmp(out[4].data, c, sizeof c) == 0);
    for (int k = 0; k < 5; k++)
        ir_tensor_free_data(&out[k]);
    CHECK_EQ(ge_alloc_live(), live);

    /* a second run on different data (stateless) */
    float yv[3] = {9, 8, 7};
    in = view(GE_DTYPE_FLOAT32, 2, (int64_t[]){1, 3}, yv);
    CHECK_EQ(ref_eval_run(g, 1, &in, 5, out), GE_STATUS_SUCCESS);
    CHECK_EQ(out[0].shape.dims[0], 1);
    CHECK(((float *)out[1].data)[2] == 7.0f);
    for (int k = 0; k < 5; k++)
        ir_tensor_free_data(&out[k]);
    ge_graph_destroy(g);
}

static void test_input_checks(void)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("chk", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    add_id(g, "a", "x", "y");
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    float xv[6] = {0};
    ir_tensor in = view(GE_DTYPE_FLOAT32, 2, d23, xv), out[1];
    CHECK_EQ(ref_eval_run(g, 1, &in, 1, out), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "graph 'chk': not validated");
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK_EQ(ref_eval_run(g, 0, NULL, 1, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "graph 'chk': expected 1 inputs, found 0");
    CHECK_EQ(ref_eval_run(g, 1, &in, 2, (ir_tensor[2]){0}), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "expected room for 1 outputs, found 2");
    ir_tensor bad = view(GE_DTYPE_INT32, 2, d23, xv);
    CHECK_EQ(ref_eval_run(g, 1, &bad, 1, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 0 'x': expected dtype float32, found int32");
    bad = view(GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 2}, xv);
    CHECK_EQ(ref_eval_run(g, 1, &bad, 1, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 0 'x': expected shape [2,3], found [3,2]");
    bad = view(GE_DTYPE_FLOAT32, 2, d23, NULL);
    CHECK_EQ(ref_eval_run(g, 1, &bad, 1, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "and no data");
    CHECK_EQ(ref_eval_run(NULL, 1, &in, 1, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ref_eval_run: graph is NULL");
    ge_graph_destroy(g);
}

/* A test-only If-like op: runs attribute "body" (no inputs) and returns its output 0. */
static ge_status test_if_infer(op_infer_ctx *ctx)
{
    const ir_graph *body = op_attr_graph(&ctx->node, "body");
    if (!body || body->n_outputs != 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "needs a body with one output");
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = body->outputs[0]->dtype;
    ctx->outputs[0].shape = body->outputs[0]->shape;
    return GE_STATUS_SUCCESS;
}

static int body_runs;
static ge_status test_if_kernel(op_kernel_ctx *ctx)
{
    const ir_graph *body = op_attr_graph(&ctx->node, "body");
    ir_tensor r;
    body_runs++;
    ge_status st = ctx->run_subgraph(ctx, body, 0, NULL, 1, &r);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (r.bytes != ctx->outputs[0].bytes) {
        ir_tensor_free_data(&r);
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "size");
    }
    memcpy(ctx->outputs[0].data, r.data, r.bytes);
    ir_tensor_free_data(&r);
    return GE_STATUS_SUCCESS;
}

static const op_attr_def test_if_attrs[] = {{"body", IR_ATTR_GRAPH, true, 0, 0, NULL}, OP_ATTRS_END};
static const op_schema test_if = {"TestIf", "test", 1, 1, 0, 0, 1, 1, test_if_attrs, GE_DTS_ALL,
                                  test_if_infer, test_if_kernel};

static void test_subgraph_run(void)
{
    /* main: x -> Identity -> t ; holder(body: reads t and, nested, x) -> h ; output h.
     * t's last explicit use is none: it lives only for the holder's body. */
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("main", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    ge_node *holder = NULL;
    CHECK_EQ(ge_graph_add_node(g, "TestIf", "test", "holder", NULL, 0, (const char *[]){"h"}, 1, &holder),
             GE_STATUS_SUCCESS);
    add_id(g, "p", "x", "t");
    CHECK_EQ(ge_graph_add_output(g, "h"), GE_STATUS_SUCCESS);

    ge_graph *body = NULL;
    CHECK_EQ(ge_graph_create("body", &body), GE_STATUS_SUCCESS);
    add_id(body, "b1", "t", "bt");
    CHECK_EQ(ge_graph_add_output(body, "bt"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_graph(holder, "body", body), GE_STATUS_SUCCESS);

    /* validate the parts the registry knows; give the test node its schema by hand */
    ge_node *p = NULL;
    CHECK_EQ(ge_graph_find_node(g, "p", &p), GE_STATUS_SUCCESS);
    p->schema = op_registry_find("", "Identity", 17);
    p->resolved_opset = 17;
    ir_graph_value(g, "t")->dtype = GE_DTYPE_FLOAT32;
    ir_graph_value(g, "t")->shape = ir_graph_value(g, "x")->shape;
    CHECK_EQ(ge_graph_validate(body), GE_STATUS_SUCCESS);
    holder->schema = &test_if;
    holder->resolved_opset = 1;
    CHECK_EQ(validate_node_attrs(holder, &test_if), GE_STATUS_SUCCESS);
    g->validated = true;

    float xv[6] = {1, -2, 3, -4, 5, -6};
    ir_tensor in = view(GE_DTYPE_FLOAT32, 2, d23, xv), out;
    long live = ge_alloc_live();
    body_runs = 0;
    CHECK_EQ(ref_eval_run(g, 1, &in, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(body_runs, 1);
    CHECK_EQ(out.dtype, GE_DTYPE_FLOAT32);
    CHECK(memcmp(out.data, xv, sizeof xv) == 0);
    ir_tensor_free_data(&out);
    CHECK_EQ(ge_alloc_live(), live);

    /* an error inside the body surfaces with the holder named */
    body->validated = false;
    CHECK_EQ(ref_eval_run(g, 1, &in, 1, &out), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "TestIf node 'holder': subgraph 'body': graph 'body': not validated");
    CHECK_EQ(ge_alloc_live(), live);
    ge_graph_destroy(g);
}

static void test_ref_eval_node(void)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("one", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_INT64, (int64_t[]){2}, 1, 0), GE_STATUS_SUCCESS);
    add_id(g, "a", "x", "y");
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    int64_t xv[2] = {INT64_MAX, -1};
    ir_tensor in = view(GE_DTYPE_INT64, 1, (int64_t[]){2}, xv), out;
    CHECK_EQ(ref_eval_node(g->nodes[0], &in, &out), GE_STATUS_SUCCESS);
    CHECK(((int64_t *)out.data)[0] == INT64_MAX);
    ir_tensor_free_data(&out);
    ge_graph_destroy(g);
}

/* Builds and runs a graph with every kind of piece; returns the first failing status. */
static ge_status build_and_run(long *steps)
{
    ge_graph *g = NULL, *body = NULL, *copy = NULL;
    ge_tensor *t = NULL;
    ge_node *n = NULL;
    ir_tensor out[2] = {{0}};
    float xv[6] = {1, 2, 3, 4, 5, 6};
    ge_status st;
#define TRY(call)                                                                                  \
    do {                                                                                           \
        if ((st = (call)) != GE_STATUS_SUCCESS)                                                    \
            goto done;                                                                             \
        (*steps)++;                                                                                \
    } while (0)
    TRY(ge_graph_create("alloc", &g));
    TRY(ge_graph_set_opset(g, "", 17));
    TRY(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0));
    TRY(ge_graph_add_constant(g, "w", GE_DTYPE_FLOAT32, d23, 2, xv, sizeof xv));
    TRY(ge_tensor_create(GE_DTYPE_FLOAT32, d23, 2, GE_PLACEMENT_HOST, &t));
    TRY(ge_graph_add_constant_tensor(g, "w2", t));
    for (int i = 0; i < 12; i++) { /* enough nodes to grow the arrays and maps */
        char in[16], o[16], nm[16];
        snprintf(in, sizeof in, i ? "t%d" : "x", i - 1);
        snprintf(o, sizeof o, "t%d", i);
        snprintf(nm, sizeof nm, "n%d", i);
        TRY(ge_graph_add_node(g, "Identity", NULL, nm, (const char *[]){in}, 1, (const char *[]){o}, 1, &n));
    }
    TRY(ge_graph_add_node(g, "Identity", NULL, NULL, (const char *[]){"w"}, 1, (const char *[]){"wo"}, 1, &n));
    TRY(ge_graph_set_value_info(g, "t11", GE_DTYPE_FLOAT32, d23, 2));
    TRY(ge_graph_add_output(g, "t11"));
    TRY(ge_graph_add_output(g, "wo"));
    TRY(ge_graph_create("body", &body));
    TRY(ge_graph_add_node(body, "Identity", NULL, "b", (const char *[]){"x"}, 1, (const char *[]){"bo"}, 1,
                          NULL));
    TRY(ge_graph_add_output(body, "bo"));
    ge_node *holder = NULL;
    TRY(ge_graph_add_node(g, "Custom", "com.example", "holder", NULL, 0, (const char *[]){"h"}, 1, &holder));
    TRY(ge_node_set_attr_graph(holder, "body", body));
    body = NULL;
    TRY(ge_node_set_attr_ints(holder, "ints", (int64_t[]){1, 2, 3}, 3));
    TRY(ge_node_set_attr_floats(holder, "floats", (float[]){1, 2}, 2));
    TRY(ge_node_set_attr_strings(holder, "strings", (const char *[]){"a", "b"}, 2));
    TRY(ge_node_set_attr_string(holder, "s", "text"));
    TRY(ge_node_set_attr_tensor(holder, "t", t));
    TRY(ge_node_set_attr_int(holder, "i", 3));
    TRY(ge_node_set_attr_float(holder, "f", 3));
    TRY(ge_graph_copy(g, &copy));
    /* the copy minus the custom node validates and runs */
    ge_graph_destroy(g);
    g = NULL;
    TRY(ge_graph_create("run", &g));
    TRY(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0));
    TRY(ge_graph_add_constant(g, "w", GE_DTYPE_FLOAT32, d23, 2, xv, sizeof xv));
    for (int i = 0; i < 6; i++) {
        char in[16], o[16];
        snprintf(in, sizeof in, i ? "t%d" : "x", i - 1);
        snprintf(o, sizeof o, "t%d", i);
        TRY(ge_graph_add_node(g, "Identity", NULL, NULL, (const char *[]){in}, 1, (const char *[]){o}, 1, NULL));
    }
    TRY(ge_graph_add_node(g, "Identity", NULL, NULL, (const char *[]){"w"}, 1, (const char *[]){"wo"}, 1, NULL));
    TRY(ge_graph_add_output(g, "t5"));
    TRY(ge_graph_add_output(g, "wo"));
    TRY(ge_graph_validate(g));
    ir_tensor in = view(GE_DTYPE_FLOAT32, 2, d23, xv);
    TRY(ref_eval_run(g, 1, &in, 2, out));
    if (memcmp(out[0].data, xv, sizeof xv) != 0 || memcmp(out[1].data, xv, sizeof xv) != 0)
        st = GE_STATUS_INTERNAL_ERROR;
done:
    ir_tensor_free_data(&out[0]);
    ir_tensor_free_data(&out[1]);
    ge_graph_destroy(body);
    ge_graph_destroy(copy);
    ge_graph_destroy(g);
    ge_tensor_destroy(t);
    return st;
#undef TRY
}

static void test_alloc_failures(void)
{
    long live = ge_alloc_live();
    long full_steps = 0;
    CHECK_EQ(build_and_run(&full_steps), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_alloc_live(), live);
    int failures = 0, wrong = 0;
    for (long n = 0;; n++) {
        long steps = 0;
        ge_alloc_fail_after(n);
        ge_status st = build_and_run(&steps);
        ge_alloc_fail_after(-1);
        const char *msg = ge_get_error_message();
        if (ge_alloc_live() != live) {
            fprintf(stderr, "  leak after failing allocation %ld (step %ld)\n", n, steps);
            wrong++;
        }
        if (st == GE_STATUS_SUCCESS)
            break;
        failures++;
        if (st != GE_STATUS_MEMALLOC_FAILED || !strstr(msg, "out of memory")) {
            fprintf(stderr, "  allocation %ld (step %ld): status %u, message \"%s\"\n", n, steps, st, msg);
            wrong++;
        }
        if (n > 100000)
            break;
    }
    CHECK(failures > 50);
    CHECK_EQ(wrong, 0);
    CHECK_EQ(ge_alloc_live(), live);
}

int main(void)
{
    RUN_TEST(test_identity_chain);
    RUN_TEST(test_input_checks);
    RUN_TEST(test_subgraph_run);
    RUN_TEST(test_ref_eval_node);
    RUN_TEST(test_alloc_failures);
    return test_result();
}

#include "geflow/geflow.h"
#include "base/alloc.h"
#include "compiler/validate.h"
#include "test.h"

static const int64_t d23[] = {2, 3};

/* x (float32 [2,3]) -> Identity -> ... built by callers */
static ge_graph *with_input(const char *name)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create(name, &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    return g;
}

static void add_id(ge_graph *g, const char *name, const char *in, const char *out)
{
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, name, (const char *[]){in}, 1, (const char *[]){out}, 1,
                               NULL),
             GE_STATUS_SUCCESS);
}

static void test_valid_chain(void)
{
    ge_graph *g = with_input("chain");
    add_id(g, "a", "x", "t1");
    add_id(g, "b", "t1", "t2");
    CHECK_EQ(ge_graph_add_output(g, "t2"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "x"), GE_STATUS_SUCCESS); /* an input may be an output */
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK(g->validated);
    ge_node *a = NULL;
    CHECK_EQ(ge_graph_find_node(g, "a", &a), GE_STATUS_SUCCESS);
    CHECK(a->schema != NULL);
    CHECK_EQ(a->resolved_opset, OP_ONNX_OPSET_MAX); /* no import: the newest */
    CHECK_EQ(ge_graph_set_opset(g, "", 13), GE_STATUS_SUCCESS);
    CHECK(!g->validated); /* any change clears it */
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK_EQ(a->resolved_opset, 13);
    ge_graph_destroy(g);
}

static void test_unknown_op(void)
{
    ge_graph *g = with_input("u");
    CHECK_EQ(ge_graph_add_node(g, "Idnetity", NULL, "typo", (const char *[]){"x"}, 1, (const char *[]){"y"}, 1,
                               NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_GRAPH_UNSUPPORTED);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 'typo': unknown op type 'Idnetity' in domain 'ai.onnx'; did you mean 'Identity'?");
    ge_graph_destroy(g);

    g = with_input("u2");
    CHECK_EQ(ge_graph_add_node(g, "TotallyUnrelatedOperator", NULL, "far", (const char *[]){"x"}, 1,
                               (const char *[]){"y"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_GRAPH_UNSUPPORTED);
    const char *m = ge_get_error_message();
    CHECK_CONTAINS(m, "node 'far': unknown op type 'TotallyUnrelatedOperator'");
    CHECK(!strstr(m, "did you mean"));
    ge_graph_destroy(g);

    g = with_input("u3");
    CHECK_EQ(ge_graph_add_node(g, "Identity", "com.example", "dom", (const char *[]){"x"}, 1,
                               (const char *[]){"y"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_GRAPH_UNSUPPORTED);
    CHECK_CONTAINS(ge_get_error_message(), "node 'dom': unknown op type 'Identity' in domain 'com.example'");
    ge_graph_destroy(g);
}

static void test_opset_not_supported(void)
{
    ge_graph *g = with_input("o");
    add_id(g, "id", "x", "y");
    CHECK_EQ(ge_graph_set_opset(g, "", 99), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_GRAPH_UNSUPPORTED);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 'id' (Identity): not supported at opset 99 of domain 'ai.onnx' (the registry covers "
                   "opsets 1..");
    ge_graph_destroy(g);
}

static void test_arity(void)
{
    ge_graph *g = with_input("ar");
    CHECK_EQ(ge_graph_add_input(g, "x2", GE_DTYPE_FLOAT32, d23, 2, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "two", (const char *[]){"x", "x2"}, 2,
                               (const char *[]){"y"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'two' (Identity): wrong input count: expects 1 input, found 2");
    ge_graph_destroy(g);

    g = with_input("ar2");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "none", NULL, 0, (const char *[]){"y"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'none' (Identity): wrong input count: expects 1 input, found 0");
    ge_graph_destroy(g);

    /* trailing absent inputs do not count; a leading absent required one is refused */
    g = with_input("ar3");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "trail", (const char *[]){"x", ""}, 2,
                               (const char *[]){"y"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "lead", (const char *[]){"", "x"}, 2,
                               (const char *[]){"y2"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'lead' (Identity): wrong input count: expects 1 input, found 2");
    ge_graph_destroy(g);

    g = with_input("ar4");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "outs", (const char *[]){"x"}, 1,
                               (const char *[]){"y", "z"}, 2, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'outs' (Identity): wrong output count: expects 1 output, found 2");
    ge_graph_destroy(g);

    g = with_input("ar5");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "noout", (const char *[]){"x"}, 1, (const char *[]){""}, 1,
                               NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'noout' (Identity): wrong output count: expects 1 output, found 0");
    ge_graph_destroy(g);
}

static void test_unknown_attribute(void)
{
    ge_graph *g = with_input("at");
    ge_node *n = NULL;
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "id", (const char *[]){"x"}, 1, (const char *[]){"y"}, 1, &n),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_int(n, "axis", 1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 'id' (Identity): unknown attribute 'axis' (the op has no attributes)");
    ge_graph_destroy(g);
}

static const op_attr_def test_attrs[] = {
    {"axis", IR_ATTR_INT, true, 0, 0, NULL},
    {"alpha", IR_ATTR_FLOAT, false, 0, 0.5f, NULL},
    {"perm", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_schema test_schema = {"TestOp", "", 1, 1, 1, 1, 1, 1, test_attrs, GE_DTS_ALL, NULL, NULL};

static void test_attribute_rules(void)
{
    ge_graph *g = with_input("rules");
    ge_node *n = NULL;
    CHECK_EQ(ge_graph_add_node(g, "TestOp", NULL, "t", (const char *[]){"x"}, 1, (const char *[]){"y"}, 1, &n),
             GE_STATUS_SUCCESS);
    CHECK_EQ(validate_node_attrs(n, &test_schema), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 't' (TestOp): missing required attribute 'axis' (int)");
    CHECK_EQ(ge_node_set_attr_float(n, "axis", 1.0f), GE_STATUS_SUCCESS);
    CHECK_EQ(validate_node_attrs(n, &test_schema), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 't' (TestOp): attribute 'axis' has the wrong kind: expected int, found float");
    CHECK_EQ(ge_node_set_attr_int(n, "axis", 1), GE_STATUS_SUCCESS);
    CHECK_EQ(validate_node_attrs(n, &test_schema), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_int(n, "alpha", 2), GE_STATUS_SUCCESS); /* int for float: accepted */
    CHECK_EQ(validate_node_attrs(n, &test_schema), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_floats(n, "perm", (float[]){1}, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(validate_node_attrs(n, &test_schema), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "attribute 'perm' has the wrong kind: expected ints, found floats");
    CHECK_EQ(ge_node_set_attr_ints(n, "perm", (int64_t[]){1}, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_string(n, "mode", "x"), GE_STATUS_SUCCESS);
    CHECK_EQ(validate_node_attrs(n, &test_schema), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 't' (TestOp): unknown attribute 'mode' (known: 'axis', 'alpha', 'perm')");
    ge_graph_destroy(g);
}

static void test_dangling_and_outputs(void)
{
    ge_graph *g = with_input("dang");
    add_id(g, "a", "ghost", "y");
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 'a' (Identity): input 0 'ghost' is dangling: no node produces it and it is not a graph "
                   "input or constant");
    ge_graph_destroy(g);

    g = with_input("outs");
    add_id(g, "a", "x", "y");
    CHECK_EQ(ge_graph_add_output(g, "nowhere"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "graph 'outs': output 0 'nowhere' is not produced by any node");
    ge_graph_destroy(g);

    /* value info alone does not define a value */
    g = with_input("vi");
    CHECK_EQ(ge_graph_set_value_info(g, "declared", GE_DTYPE_FLOAT32, d23, 2), GE_STATUS_SUCCESS);
    add_id(g, "a", "declared", "y");
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 0 'declared' is dangling");
    ge_graph_destroy(g);
}

static void test_cycles(void)
{
    ge_graph *g = with_input("cyc");
    add_id(g, "a", "x", "p");
    add_id(g, "b", "q", "r");
    add_id(g, "c", "r", "q");
    CHECK_EQ(ge_graph_add_output(g, "r"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    const char *m = ge_get_error_message();
    CHECK_CONTAINS(m, "is on a cycle");
    CHECK_CONTAINS(m, "'b'");
    CHECK_CONTAINS(m, "'c'");
    CHECK(!strstr(m, "'a'"));
    ge_graph_destroy(g);

    g = with_input("self");
    add_id(g, "loop", "s", "s");
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'loop' (Identity) is on a cycle: 'loop' <- 'loop'");
    ge_graph_destroy(g);
}

static void test_dtype_mismatch(void)
{
    ge_graph *g = with_input("dt");
    add_id(g, "a", "x", "y");
    CHECK_EQ(ge_graph_set_value_info(g, "y", GE_DTYPE_INT32, NULL, GE_RANK_UNKNOWN), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 'a' (Identity): output 0 'y': dtype mismatch: inference gives float32, the value info "
                   "declares int32");
    CHECK_EQ(ge_graph_set_value_info(g, "y", GE_DTYPE_FLOAT32, (int64_t[]){2, 4}, 2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "output 0 'y': shape mismatch: inference gives [2,3], the value info declares [2,4]");
    CHECK_EQ(ge_graph_set_value_info(g, "y", GE_DTYPE_FLOAT32, (int64_t[]){2, -1}, 2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_set_value_info(g, "x", GE_DTYPE_INT8, NULL, GE_RANK_UNKNOWN), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 'x': dtype mismatch: it is float32, the value info declares int8");
    ge_graph_destroy(g);
}

static void test_inference_through_unknown(void)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("dyn", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_BOOL, (int64_t[]){-1, 4}, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "r", GE_DTYPE_INT64, NULL, GE_RANK_UNKNOWN, 1), GE_STATUS_SUCCESS);
    int64_t c[3] = {7, 8, 9};
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_INT64, (int64_t[]){3}, 1, c, sizeof c), GE_STATUS_SUCCESS);
    add_id(g, "a", "x", "ax");
    add_id(g, "b", "r", "br");
    add_id(g, "k", "c", "kc");
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    int64_t dims[4];
    int32_t rank;
    ge_dtype dt;
    CHECK_EQ(ge_graph_get_value_shape(g, "ax", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[0], -1);
    CHECK_EQ(dims[1], 4);
    CHECK_EQ(ge_graph_get_value_dtype(g, "ax", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_BOOL);
    CHECK_EQ(ge_graph_get_value_shape(g, "br", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, GE_RANK_UNKNOWN);
    CHECK_EQ(ge_graph_get_value_shape(g, "kc", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 1);
    CHECK_EQ(dims[0], 3);
    ge_graph_destroy(g);
}

static void test_subgraph_scope(void)
{
    ge_graph *g = with_input("outer");
    ge_node *holder = NULL;
    add_id(g, "p", "x", "t");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "holder", (const char *[]){"t"}, 1, (const char *[]){"h"}, 1,
                               &holder),
             GE_STATUS_SUCCESS);
    ge_graph *body = NULL;
    CHECK_EQ(ge_graph_create("body", &body), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(body, "local", GE_DTYPE_INT32, NULL, GE_RANK_UNKNOWN, 0), GE_STATUS_SUCCESS);
    add_id(body, "bt", "t", "bo");   /* outer-scope reference */
    add_id(body, "bl", "local", "bl_out");
    CHECK_EQ(ge_graph_add_output(body, "bo"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_graph(holder, "body", body), GE_STATUS_SUCCESS);
    /* the whole graph: Identity has no 'body' attribute */
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'holder' (Identity): unknown attribute 'body'");
    /* the body on its own resolves 't' through its parent, with the outer dtype */
    CHECK_EQ(validate_graph(g) != GE_STATUS_SUCCESS, 1);
    (void)ge_get_error_message();
    ge_node *p = NULL;
    CHECK_EQ(ge_graph_find_node(g, "p", &p), GE_STATUS_SUCCESS);
    ir_graph_value(g, "t")->dtype = GE_DTYPE_FLOAT32; /* as inference of the outer graph leaves it */
    ir_graph_value(g, "t")->shape = ir_graph_value(g, "x")->shape;
    CHECK_EQ(ge_graph_validate(body), GE_STATUS_SUCCESS);
    ge_dtype dt;
    CHECK_EQ(ge_graph_get_value_dtype(body, "bo", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_FLOAT32);
    CHECK_EQ(ge_graph_get_value_dtype(body, "bl_out", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_INT32);
    /* a name no scope defines is dangling, and the message says scopes were searched */
    add_id(body, "bad", "ghost", "bg");
    CHECK_EQ(ge_graph_validate(body), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "graph 'body': node 'bad' (Identity): input 0 'ghost' is dangling: no node produces it and it "
                   "is not a graph input or constant of this graph or an enclosing one");
    ge_graph_destroy(g);
}

int main(void)
{
    RUN_TEST(test_valid_chain);
    RUN_TEST(test_unknown_op);
    RUN_TEST(test_opset_not_supported);
    RUN_TEST(test_arity);
    RUN_TEST(test_unknown_attribute);
    RUN_TEST(test_attribute_rules);
    RUN_TEST(test_dangling_and_outputs);
    RUN_TEST(test_cycles);
    RUN_TEST(test_dtype_mismatch);
    RUN_TEST(test_inference_through_unknown);
    RUN_TEST(test_subgraph_scope);
    return test_result();
}

#include "geflow/geflow.h"
#include "base/alloc.h"
#include "ir/graph.h"
#include "test.h"

static const int64_t d23[] = {2, 3};

static ge_graph *make(const char *name)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create(name, &g), GE_STATUS_SUCCESS);
    return g;
}

static void test_build_and_query(void)
{
    ge_graph *g = make("main");
    CHECK(strcmp(ge_graph_get_name(g), "main") == 0);
    CHECK_EQ(ge_graph_set_opset(g, "", 17), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_set_opset(g, "ai.onnx", 18), GE_STATUS_SUCCESS); /* same domain: replaces */
    CHECK_EQ(ir_graph_opset(g, ""), 18);
    CHECK_EQ(ge_graph_set_opset(g, "com.example", 1), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_graph_opset(g, "com.example"), 1);

    CHECK_EQ(ge_graph_add_input(g, "y_in", GE_DTYPE_INT64, NULL, GE_RANK_UNKNOWN, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    float w[6] = {1, 2, 3, 4, 5, 6};
    CHECK_EQ(ge_graph_add_constant(g, "w", GE_DTYPE_FLOAT32, d23, 2, w, sizeof w), GE_STATUS_SUCCESS);
    w[0] = 100; /* copied */
    CHECK(((float *)ir_graph_value(g, "w")->data.data)[0] == 1.0f);

    ge_node *n = NULL;
    const char *in[] = {"x"};
    const char *out[] = {"y"};
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "id0", in, 1, out, 1, &n), GE_STATUS_SUCCESS);
    CHECK(n != NULL);
    CHECK(strcmp(ge_node_get_name(n), "id0") == 0);
    CHECK(strcmp(ge_node_get_op_type(n), "Identity") == 0);
    CHECK(strcmp(ge_node_get_domain(n), "") == 0);
    CHECK_EQ(ge_node_get_input_count(n), 1);
    CHECK(strcmp(ge_node_get_input_name(n, 0), "x") == 0);
    CHECK(ge_node_get_input_name(n, 1) == NULL);
    CHECK_EQ(ge_node_get_output_count(n), 1);
    CHECK(strcmp(ge_node_get_output_name(n, 0), "y") == 0);

    /* generated name; absent optional inputs */
    ge_node *m = NULL;
    const char *in2[] = {"y", "", NULL};
    const char *out2[] = {"z"};
    CHECK_EQ(ge_graph_add_node(g, "Identity", "ai.onnx", NULL, in2, 3, out2, 1, &m), GE_STATUS_SUCCESS);
    CHECK(strncmp(ge_node_get_name(m), "Identity_", 9) == 0);
    CHECK(strcmp(ge_node_get_input_name(m, 1), "") == 0);
    CHECK(strcmp(ge_node_get_input_name(m, 2), "") == 0);

    CHECK_EQ(ge_graph_add_output(g, "z"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "w"), GE_STATUS_SUCCESS);

    CHECK_EQ(ge_graph_get_input_count(g), 2);
    CHECK(strcmp(ge_graph_get_input_name(g, 0), "x") == 0); /* index order */
    CHECK(strcmp(ge_graph_get_input_name(g, 1), "y_in") == 0);
    CHECK(ge_graph_get_input_name(g, 2) == NULL);
    CHECK_EQ(ge_graph_get_output_count(g), 2);
    CHECK(strcmp(ge_graph_get_output_name(g, 0), "z") == 0);
    CHECK(strcmp(ge_graph_get_output_name(g, 1), "w") == 0);
    CHECK(ge_graph_get_output_name(g, 2) == NULL);
    CHECK_EQ(ge_graph_get_constant_count(g), 1);
    CHECK_EQ(ge_graph_get_node_count(g), 2);
    CHECK(ge_graph_get_node(g, 0) == n);
    CHECK(ge_graph_get_node(g, 2) == NULL);

    ge_node *found = NULL;
    CHECK_EQ(ge_graph_find_node(g, "id0", &found), GE_STATUS_SUCCESS);
    CHECK(found == n);
    CHECK_EQ(ge_graph_find_node(g, "nope", &found), GE_STATUS_PARAM_INVALID);
    CHECK(found == NULL);
    CHECK_CONTAINS(ge_get_error_message(), "graph 'main' has no node named 'nope'");
    CHECK(ge_graph_has_value(g, "x"));
    CHECK(ge_graph_has_value(g, "y"));
    CHECK(!ge_graph_has_value(g, "nope"));

    ge_dtype dt;
    CHECK_EQ(ge_graph_get_value_dtype(g, "x", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_FLOAT32);
    CHECK_EQ(ge_graph_get_value_dtype(g, "y", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_UNDEFINED); /* not inferred yet */
    CHECK_EQ(ge_graph_get_value_dtype(g, "q", &dt), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "no value named 'q'");
    int64_t dims[4];
    int32_t rank;
    CHECK_EQ(ge_graph_get_value_shape(g, "w", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[1], 3);
    CHECK_EQ(ge_graph_get_value_shape(g, "w", dims, 1, &rank), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "value 'w' has rank 2; out_dims holds 1");
    CHECK_EQ(ge_graph_get_value_shape(g, "y_in", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, GE_RANK_UNKNOWN);

    /* validation fills inferred shapes */
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_get_value_dtype(g, "z", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_FLOAT32);
    CHECK_EQ(ge_graph_get_value_shape(g, "z", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[0], 2);
    CHECK_EQ(dims[1], 3);
    ge_graph_destroy(g);
    ge_graph_destroy(NULL);
}

static void test_null_arguments(void)
{
    ge_graph *g = make("g");
    ge_node *n = NULL;
    const char *io[] = {"a"};
    CHECK_EQ(ge_graph_create("x", NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_graph_create: out_graph is NULL");
    CHECK_EQ(ge_graph_add_input(NULL, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_graph_add_input: graph is NULL");
    CHECK_EQ(ge_graph_add_input(g, NULL, GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_graph_add_input: name is NULL");
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, NULL, 2, 0), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "'x': dims is NULL with rank 2");
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_FLOAT32, d23, 2, NULL, 24), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "constant 'c': data is NULL");
    CHECK_EQ(ge_graph_add_constant_tensor(g, "c", NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "tensor is NULL");
    CHECK_EQ(ge_graph_add_node(NULL, "Identity", NULL, "n", io, 1, io, 1, &n), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_graph_add_node: graph is NULL");
    CHECK_EQ(ge_graph_add_node(g, NULL, NULL, "n", io, 1, io, 1, &n), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "op_type is NULL");
    CHECK_EQ(ge_graph_add_node(g, "", NULL, "n", io, 1, io, 1, &n), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'n': the op type is empty");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "n", NULL, 1, io, 1, &n), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input names array is NULL with a count of 1");
    CHECK_EQ(ge_graph_add_output(g, NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_graph_add_output: name is NULL");
    CHECK_EQ(ge_graph_add_output(g, ""), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "output 0: the name is empty");
    CHECK_EQ(ge_graph_set_opset(NULL, "", 13), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "graph is NULL");
    CHECK_EQ(ge_graph_set_opset(g, "", 0), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "opset version for domain '' must be >= 1, found 0");
    CHECK_EQ(ge_graph_validate(NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_graph_validate: graph is NULL");
    CHECK_EQ(ge_node_set_attr_int(NULL, "a", 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_node_set_attr_int: node is NULL");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "n", io, 1, (const char *[]){"b"}, 1, &n),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_int(n, NULL, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ge_node_set_attr_int: name is NULL");
    CHECK_EQ(ge_node_set_attr_int(n, "", 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'n': the attribute name is empty");
    CHECK_EQ(ge_node_set_attr_string(n, "s", NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "value is NULL");
    CHECK_EQ(ge_node_set_attr_ints(n, "s", NULL, 2), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "values is NULL");
    CHECK_EQ(ge_node_set_attr_strings(n, "s", (const char *[]){"a", NULL}, 2), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "string 1 is NULL");
    CHECK_EQ(ge_node_set_attr_graph(n, "g", NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "subgraph is NULL");
    CHECK_EQ(ge_node_set_attr_tensor(n, "t", NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "value is NULL");
    CHECK_EQ(ge_graph_find_node(g, "n", NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "out_node is NULL");
    CHECK_EQ(ge_graph_copy(g, NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "out_graph is NULL");
    CHECK_EQ(ge_graph_get_input_count(NULL), 0);
    CHECK(ge_graph_get_name(NULL) == NULL);
    CHECK(ge_node_get_name(NULL) == NULL);
    ge_graph_destroy(g);
}

static void test_duplicates_and_indexes(void)
{
    ge_graph *g = make("dup");
    float c[6] = {0};
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 'x': duplicate value name: already a graph input");
    CHECK_EQ(ge_graph_add_input(g, "x2", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 'x2': index 0 is already taken by input 'x'");
    CHECK_EQ(ge_graph_add_input(g, "x2", GE_DTYPE_FLOAT32, d23, 2, -1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 'x2': index must be >= 0, found -1");
    CHECK_EQ(ge_graph_add_input(g, "x2", (ge_dtype)55, d23, 2, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input 'x2': dtype 55 is not a ge_dtype");
    CHECK_EQ(ge_graph_add_input(g, "x2", GE_DTYPE_FLOAT32, d23, 13, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "rank 13 is out of range");
    CHECK_EQ(ge_graph_add_input(g, "x2", GE_DTYPE_FLOAT32, (int64_t[]){-3}, 1, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "dim 0 is -3");
    CHECK_EQ(ge_graph_add_input(g, "", GE_DTYPE_FLOAT32, d23, 2, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "the name is empty");
    CHECK_EQ(ge_graph_add_constant(g, "x", GE_DTYPE_FLOAT32, d23, 2, c, sizeof c), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "constant 'x': duplicate value name: already a graph input");
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_FLOAT32, d23, 2, c, 20), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "constant 'c': float32 [2,3] needs 24 bytes; found 20");
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_FLOAT32, (int64_t[]){-1}, 1, c, 24), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "not computable");
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_FLOAT32, d23, 2, c, sizeof c), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_FLOAT32, d23, 2, c, sizeof c), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "constant 'c': duplicate value name: already a constant");

    const char *in[] = {"x"};
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "a", in, 1, (const char *[]){"y"}, 1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "a", in, 1, (const char *[]){"y2"}, 1, NULL),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'a' (Identity): duplicate node name");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "b", in, 1, (const char *[]){"y"}, 1, NULL),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(),
                   "node 'b' (Identity) output 0 'y': duplicate value name: already the output 0 of node 'a'");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "b", in, 1, (const char *[]){"c"}, 1, NULL),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "'c': duplicate value name: already a constant");
    CHECK_EQ(ge_graph_add_node(g, "Split", NULL, "b", in, 1, (const char *[]){"p", "p"}, 2, NULL),
             GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "outputs 0 and 1 are both named 'p'");
    CHECK_EQ(ge_graph_get_node_count(g), 1); /* failed calls changed nothing */
    CHECK(!ge_graph_has_value(g, "p"));
    CHECK(ir_graph_value(g, "y2") == NULL);

    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "output 'y' is already marked as output 0");

    /* index gaps are found by validation */
    CHECK_EQ(ge_graph_add_input(g, "x3", GE_DTYPE_FLOAT32, d23, 2, 2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "input indexes must be exactly 0..1 (2 inputs); index 1 is missing "
                                           "(input 'x3' has index 2)");
    CHECK_EQ(ge_graph_add_input(g, "x1", GE_DTYPE_FLOAT32, d23, 2, 1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK(strcmp(ge_graph_get_input_name(g, 1), "x1") == 0);
    CHECK(strcmp(ge_graph_get_input_name(g, 2), "x3") == 0);
    ge_graph_destroy(g);
}

static void test_forward_references(void)
{
    /* nodes may name values added later: inputs, constants and producers */
    ge_graph *g = make("fwd");
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "second", (const char *[]){"mid"}, 1,
                               (const char *[]){"out"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "out"), GE_STATUS_SUCCESS);
    CHECK(!ge_graph_has_value(g, "mid"));
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "first", (const char *[]){"x"}, 1,
                               (const char *[]){"mid"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK(ge_graph_has_value(g, "mid"));
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_INT32, (int64_t[]){5}, 1, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    ir_node **order = NULL;
    size_t n = 0;
    CHECK_EQ(ir_graph_topo_order(g, &order, &n), GE_STATUS_SUCCESS);
    CHECK_EQ(n, 2);
    CHECK(strcmp(order[0]->name, "first") == 0);
    CHECK(strcmp(order[1]->name, "second") == 0);
    ge_free(order);
    ge_dtype dt;
    CHECK_EQ(ge_graph_get_value_dtype(g, "out", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_INT32);
    /* uses are recorded */
    ir_value *mid = ir_graph_value(g, "mid");
    CHECK_EQ(mid->n_uses, 1);
    CHECK(strcmp(mid->uses[0].node->name, "second") == 0);
    CHECK(strcmp(mid->producer->name, "first") == 0);
    ge_graph_destroy(g);
}

static void test_attributes(void)
{
    ge_graph *g = make("attrs");
    ge_node *n = NULL;
    CHECK_EQ(ge_graph_add_node(g, "Custom", "com.example", "n", (const char *[]){"x"}, 1,
                               (const char *[]){"y"}, 1, &n),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_int(n, "i", -7), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_float(n, "f", 0.5f), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_string(n, "s", "hello"), GE_STATUS_SUCCESS);
    int64_t iv[] = {1, 2, 3};
    float fv[] = {1.5f, -2};
    CHECK_EQ(ge_node_set_attr_ints(n, "is", iv, 3), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_ints(n, "empty", NULL, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_floats(n, "fs", fv, 2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_strings(n, "ss", (const char *[]){"a", "bc"}, 2), GE_STATUS_SUCCESS);
    ge_tensor *t = NULL;
    CHECK_EQ(ge_tensor_create(GE_DTYPE_INT32, (int64_t[]){2}, 1, GE_PLACEMENT_HOST, &t), GE_STATUS_SUCCESS);
    ((int32_t *)ge_tensor_get_data(t))[1] = 42;
    CHECK_EQ(ge_node_set_attr_tensor(n, "t", t), GE_STATUS_SUCCESS);
    ((int32_t *)ge_tensor_get_data(t))[1] = 0; /* copied */
    ge_tensor_destroy(t);
    /* a device tensor is refused */
    float dev[2];
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, (int64_t[]){2}, 1, dev, sizeof dev, GE_PLACEMENT_DEVICE, NULL,
                            NULL, &t),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_tensor(n, "t2", t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'n' attribute 't2': expected a host tensor");
    CHECK_EQ(ge_graph_add_constant_tensor(g, "dc", t), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "constant 'dc': expected a host tensor, found device placement");
    ge_tensor_destroy(t);

    const ir_attr *a = ir_node_attr(n, "i");
    CHECK(a && a->kind == IR_ATTR_INT && a->i == -7);
    a = ir_node_attr(n, "f");
    CHECK(a && a->kind == IR_ATTR_FLOAT && a->f == 0.5f);
    a = ir_node_attr(n, "s");
    CHECK(a && a->kind == IR_ATTR_STRING && strcmp(a->s, "hello") == 0 && a->s_len == 5);
    a = ir_node_attr(n, "is");
    CHECK(a && a->kind == IR_ATTR_INTS && a->count == 3 && a->ints[2] == 3);
    a = ir_node_attr(n, "empty");
    CHECK(a && a->kind == IR_ATTR_INTS && a->count == 0);
    a = ir_node_attr(n, "fs");
    CHECK(a && a->kind == IR_ATTR_FLOATS && a->count == 2 && a->floats[0] == 1.5f);
    a = ir_node_attr(n, "ss");
    CHECK(a && a->kind == IR_ATTR_STRINGS && a->count == 2 && strcmp(a->strings[1], "bc") == 0);
    a = ir_node_attr(n, "t");
    CHECK(a && a->kind == IR_ATTR_TENSOR && ((int32_t *)a->t.data)[1] == 42);
    /* replace keeps one attribute of the name */
    size_t before = n->n_attrs;
    CHECK_EQ(ge_node_set_attr_string(n, "i", "now a string"), GE_STATUS_SUCCESS);
    CHECK_EQ(n->n_attrs, before);
    a = ir_node_attr(n, "i");
    CHECK(a && a->kind == IR_ATTR_STRING);

    /* subgraph ownership rules */
    ge_graph *sub = make("body");
    CHECK_EQ(ge_node_set_attr_graph(n, "body", sub), GE_STATUS_SUCCESS);
    CHECK(sub->parent == g && sub->parent_node == n);
    ge_graph_destroy(sub); /* owned by the node now: ignored */
    ge_node *n2 = NULL;
    CHECK_EQ(ge_graph_add_node(g, "Custom", "com.example", "n2", NULL, 0, (const char *[]){"y2"}, 1, &n2),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_graph(n2, "body", sub), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "graph 'body' is already the subgraph of node 'n'");
    CHECK_EQ(ge_node_set_attr_graph(n2, "body", g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "graph 'attrs' encloses the node");
    /* a node inside the subgraph cannot take an enclosing graph either */
    ge_node *inner = NULL;
    CHECK_EQ(ge_graph_add_node(sub, "Identity", NULL, "inner", (const char *[]){"x"}, 1,
                               (const char *[]){"iy"}, 1, &inner),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_graph(inner, "b", g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "encloses the node");
    /* replacing a graph attribute frees the old graph (ASan checks) */
    ge_graph *sub2 = make("body2");
    CHECK_EQ(ge_node_set_attr_graph(n, "body", sub2), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
}

static void test_value_info(void)
{
    ge_graph *g = make("vi");
    CHECK_EQ(ge_graph_set_value_info(g, "y", GE_DTYPE_FLOAT32, (int64_t[]){-1, 3}, 2), GE_STATUS_SUCCESS);
    ge_dtype dt;
    CHECK_EQ(ge_graph_get_value_dtype(g, "y", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_FLOAT32);
    CHECK_EQ(ge_graph_set_value_info(g, "y", (ge_dtype)77, NULL, GE_RANK_UNKNOWN), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "value 'y': dtype 77 is not a ge_dtype");
    CHECK_EQ(ge_graph_set_value_info(g, "", GE_DTYPE_FLOAT32, NULL, GE_RANK_UNKNOWN), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "value info: the name is empty");
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){2, -1}, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "id", (const char *[]){"x"}, 1, (const char *[]){"y"}, 1,
                               NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    /* inferred [2,?] merged with declared [?,3] */
    int64_t dims[2];
    int32_t rank;
    CHECK_EQ(ge_graph_get_value_shape(g, "y", dims, 2, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[0], 2);
    CHECK_EQ(dims[1], 3);
    ge_graph_destroy(g);
}

static void test_copy(void)
{
    ge_graph *g = make("orig");
    CHECK_EQ(ge_graph_set_opset(g, "", 13), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    float w[6] = {1, 2, 3, 4, 5, 6};
    CHECK_EQ(ge_graph_add_constant(g, "w", GE_DTYPE_FLOAT32, d23, 2, w, sizeof w), GE_STATUS_SUCCESS);
    ge_node *n = NULL;
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "id", (const char *[]){"x"}, 1, (const char *[]){"y"}, 1,
                               &n),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_ints(n, "list", (int64_t[]){4, 5}, 2), GE_STATUS_SUCCESS);
    ge_graph *body = make("body");
    CHECK_EQ(ge_graph_add_node(body, "Identity", NULL, "bid", (const char *[]){"x"}, 1,
                               (const char *[]){"by"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(body, "by"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_graph(n, "body", body), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);

    ge_graph *c = NULL;
    CHECK_EQ(ge_graph_copy(g, &c), GE_STATUS_SUCCESS);
    CHECK(c != NULL && c != g);
    CHECK(strcmp(ge_graph_get_name(c), "orig") == 0);
    CHECK_EQ(ir_graph_opset(c, ""), 13);
    CHECK_EQ(ge_graph_get_node_count(c), 1);
    CHECK_EQ(ge_graph_get_input_count(c), 1);
    CHECK_EQ(ge_graph_get_output_count(c), 1);
    ir_value *cw = ir_graph_value(c, "w");
    CHECK(cw && cw->kind == IR_VALUE_CONST && cw->data.data != ir_graph_value(g, "w")->data.data);
    CHECK(((float *)cw->data.data)[5] == 6.0f);
    ge_node *cn = NULL;
    CHECK_EQ(ge_graph_find_node(c, "id", &cn), GE_STATUS_SUCCESS);
    CHECK(cn != n);
    CHECK(cn->inputs[0] == ir_graph_value(c, "x"));
    CHECK(ir_graph_value(c, "y")->producer == cn);
    CHECK_EQ(ir_graph_value(c, "x")->n_uses, 1);
    CHECK(ir_graph_value(c, "x")->uses[0].node == cn);
    const ir_attr *a = ir_node_attr(cn, "body");
    CHECK(a && a->kind == IR_ATTR_GRAPH && a->g != body);
    CHECK(a->g->parent == c && a->g->parent_node == cn);
    CHECK(ir_graph_resolve(a->g, "x") == ir_graph_value(c, "x"));
    a = ir_node_attr(cn, "list");
    CHECK(a && a->count == 2 && a->ints[1] == 5);
    ge_graph_destroy(g); /* the copy is independent */
    CHECK_EQ(ge_graph_get_node_count(c), 1);
    ge_graph_destroy(c);
}

static void test_outer_scope(void)
{
    ge_graph *g = make("outer");
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    ge_node *producer = NULL, *holder = NULL;
    CHECK_EQ(ge_graph_add_node(g, "Custom", "com.example", "holder", NULL, 0, (const char *[]){"h"}, 1,
                               &holder),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Identity", NULL, "producer", (const char *[]){"x"}, 1,
                               (const char *[]){"t"}, 1, &producer),
             GE_STATUS_SUCCESS);
    /* body reads outer "t" (produced later in insertion order) and outer input "x" */
    ge_graph *body = make("body");
    CHECK_EQ(ge_graph_add_input(body, "local", GE_DTYPE_FLOAT32, d23, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(body, "Identity", NULL, "b1", (const char *[]){"t"}, 1,
                               (const char *[]){"bt"}, 1, NULL),
             GE_STATUS_SUCCESS);
    ge_node *b2 = NULL;
    CHECK_EQ(ge_graph_add_node(body, "Custom", "com.example", "b2", NULL, 0, (const char *[]){"bo"}, 1, &b2),
             GE_STATUS_SUCCESS);
    /* nested: reads "x" from two levels up and "bt" from one level up */
    ge_graph *inner = make("inner");
    CHECK_EQ(ge_graph_add_node(inner, "Identity", NULL, "i1", (const char *[]){"x"}, 1,
                               (const char *[]){"ix"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(inner, "Identity", NULL, "i2", (const char *[]){"bt"}, 1,
                               (const char *[]){"ibt"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_graph(b2, "body", inner), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_graph(holder, "body", body), GE_STATUS_SUCCESS);

    CHECK(ir_graph_resolve(inner, "x") == ir_graph_value(g, "x"));
    CHECK(ir_graph_resolve(inner, "bt") == ir_graph_value(body, "bt"));
    CHECK(ir_graph_resolve(body, "t") == ir_graph_value(g, "t"));
    CHECK(ir_graph_resolve(body, "local") == ir_graph_value(body, "local"));
    CHECK(ir_graph_resolve(inner, "nope") == NULL);
    CHECK(ir_graph_value(body, "t")->kind == IR_VALUE_REF);

    ir_value **uses = NULL;
    size_t n = 0;
    CHECK_EQ(ir_node_outer_uses(holder, &uses, &n), GE_STATUS_SUCCESS);
    CHECK_EQ(n, 2); /* t and x, each once */
    bool saw_t = false, saw_x = false;
    for (size_t i = 0; i < n; i++) {
        saw_t |= uses[i] == ir_graph_value(g, "t");
        saw_x |= uses[i] == ir_graph_value(g, "x");
    }
    CHECK(saw_t && saw_x);
    ge_free(uses);
    CHECK_EQ(ir_node_outer_uses(b2, &uses, &n), GE_STATUS_SUCCESS);
    CHECK_EQ(n, 1); /* bt (x belongs to the outer graph) */
    CHECK(n == 1 && uses[0] == ir_graph_value(body, "bt"));
    ge_free(uses);
    CHECK_EQ(ir_node_outer_uses(producer, &uses, &n), GE_STATUS_SUCCESS);
    CHECK_EQ(n, 0);

    /* the implicit use orders holder after producer */
    ir_node **order = NULL;
    CHECK_EQ(ir_graph_topo_order(g, &order, &n), GE_STATUS_SUCCESS);
    CHECK_EQ(n, 2);
    CHECK(order[0] == producer && order[1] == holder);
    ge_free(order);
    ge_graph_destroy(g);
}

int main(void)
{
    RUN_TEST(test_build_and_query);
    RUN_TEST(test_null_arguments);
    RUN_TEST(test_duplicates_and_indexes);
    RUN_TEST(test_forward_references);
    RUN_TEST(test_attributes);
    RUN_TEST(test_value_info);
    RUN_TEST(test_copy);
    RUN_TEST(test_outer_scope);
    return test_result();
}

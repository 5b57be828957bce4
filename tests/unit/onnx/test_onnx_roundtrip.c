/* ONNX writer: graphs built with the C API are saved, loaded back and compared; TensorProto
 * .pb files are written and read back for every dtype. */
#include "geflow/geflow.h"
#include "base/alloc.h"
#include "ir/graph.h"
#include "onnx/onnx_tensor.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define OK(x) CHECK_EQ((x), GE_STATUS_SUCCESS)

/* X[1,3,8,8] -> Conv(4, 3x3, pad 1) -> Relu -> MaxPool 2x2 -> Flatten -> Gemm(10) -> Y */
static ge_graph *small_cnn(void)
{
    ge_graph *g = NULL;
    OK(ge_graph_create("cnn", &g));
    OK(ge_graph_set_opset(g, "", 17));
    static const int64_t xd[] = {-1, 3, 8, 8};
    OK(ge_graph_add_input(g, "X", GE_DTYPE_FLOAT32, xd, 4, 0));
    float w[4 * 3 * 3 * 3], bias[4], fc[10 * 64], fcb[10];
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        w[i] = (float)((int)(i % 7) - 3) * 0.1f;
    for (int i = 0; i < 4; i++)
        bias[i] = 0.01f * (float)i;
    for (size_t i = 0; i < sizeof fc / sizeof *fc; i++)
        fc[i] = (float)((int)(i % 5) - 2) * 0.05f;
    for (int i = 0; i < 10; i++)
        fcb[i] = (float)i;
    static const int64_t wd[] = {4, 3, 3, 3}, bd[] = {4}, fd[] = {10, 64}, fbd[] = {10};
    OK(ge_graph_add_constant(g, "W", GE_DTYPE_FLOAT32, wd, 4, w, sizeof w));
    OK(ge_graph_add_constant(g, "B", GE_DTYPE_FLOAT32, bd, 1, bias, sizeof bias));
    OK(ge_graph_add_constant(g, "FC", GE_DTYPE_FLOAT32, fd, 2, fc, sizeof fc));
    OK(ge_graph_add_constant(g, "FCB", GE_DTYPE_FLOAT32, fbd, 1, fcb, sizeof fcb));
    ge_node *n;
    const char *ci[] = {"X", "W", "B"}, *co[] = {"c"};
    OK(ge_graph_add_node(g, "Conv", NULL, "conv", ci, 3, co, 1, &n));
    static const int64_t k3[] = {3, 3}, p1[] = {1, 1, 1, 1}, k2[] = {2, 2};
    OK(ge_node_set_attr_ints(n, "kernel_shape", k3, 2));
    OK(ge_node_set_attr_ints(n, "pads", p1, 4));
    const char *ri[] = {"c"}, *ro[] = {"r"};
    OK(ge_graph_add_node(g, "Relu", NULL, "relu", ri, 1, ro, 1, NULL));
    const char *mi[] = {"r"}, *mo[] = {"p"};
    OK(ge_graph_add_node(g, "MaxPool", NULL, "pool", mi, 1, mo, 1, &n));
    OK(ge_node_set_attr_ints(n, "kernel_shape", k2, 2));
    OK(ge_node_set_attr_ints(n, "strides", k2, 2));
    const char *fi[] = {"p"}, *fo[] = {"f"};
    OK(ge_graph_add_node(g, "Flatten", NULL, "flat", fi, 1, fo, 1, &n));
    OK(ge_node_set_attr_int(n, "axis", 1));
    const char *gi[] = {"f", "FC", "FCB"}, *go[] = {"Y"};
    OK(ge_graph_add_node(g, "Gemm", NULL, "fc", gi, 3, go, 1, &n));
    OK(ge_node_set_attr_int(n, "transB", 1));
    OK(ge_node_set_attr_float(n, "alpha", 1.0f));
    OK(ge_graph_add_output(g, "Y"));
    return g;
}

static void compare_graphs(const ir_graph *a, const ir_graph *b)
{
    CHECK_EQ(a->n_inputs, b->n_inputs);
    CHECK_EQ(a->n_outputs, b->n_outputs);
    CHECK_EQ(a->n_nodes, b->n_nodes);
    CHECK_EQ(ge_graph_get_constant_count(a), ge_graph_get_constant_count(b));
    for (size_t i = 0; i < a->n_inputs && i < b->n_inputs; i++) {
        CHECK(strcmp(a->inputs[i]->name, b->inputs[i]->name) == 0);
        CHECK_EQ(a->inputs[i]->dtype, b->inputs[i]->dtype);
        CHECK(ir_shape_equal(&a->inputs[i]->shape, &b->inputs[i]->shape));
    }
    for (size_t i = 0; i < a->n_outputs && i < b->n_outputs; i++)
        CHECK(strcmp(a->outputs[i]->name, b->outputs[i]->name) == 0);
    for (size_t i = 0; i < a->n_nodes && i < b->n_nodes; i++) {
        const ir_node *x = a->nodes[i], *y = b->nodes[i];
        CHECK(strcmp(x->name, y->name) == 0);
        CHECK(strcmp(x->op_type, y->op_type) == 0);
        CHECK(strcmp(x->domain, y->domain) == 0);
        CHECK_EQ(x->n_inputs, y->n_inputs);
        CHECK_EQ(x->n_outputs, y->n_outputs);
        for (size_t k = 0; k < x->n_inputs && k < y->n_inputs; k++)
            CHECK((!x->inputs[k] && !y->inputs[k]) ||
                  (x->inputs[k] && y->inputs[k] && strcmp(x->inputs[k]->name, y->inputs[k]->name) == 0));
        CHECK_EQ(x->n_attrs, y->n_attrs);
        for (size_t k = 0; k < x->n_attrs; k++) {
            const ir_attr *p = &x->attrs[k], *q = ir_node_attr(y, p->name);
            CHECK(q && q->kind == p->kind);
            if (!q || q->kind != p->kind)
                continue;
            switch (p->kind) {
            case IR_ATTR_INT: CHECK_EQ(p->i, q->i); break;
            case IR_ATTR_FLOAT: CHECK(p->f == q->f); break;
            case IR_ATTR_STRING: CHECK(p->s_len == q->s_len && memcmp(p->s, q->s, p->s_len) == 0); break;
            case IR_ATTR_INTS:
                CHECK(p->count == q->count && (!p->count || memcmp(p->ints, q->ints, p->count * 8) == 0));
                break;
            case IR_ATTR_FLOATS:
                CHECK(p->count == q->count && (!p->count || memcmp(p->floats, q->floats, p->count * 4) == 0));
                break;
            case IR_ATTR_STRINGS:
                CHECK_EQ(p->count, q->count);
                for (size_t j = 0; j < p->count && j < q->count; j++)
                    CHECK(strcmp(p->strings[j], q->strings[j]) == 0);
                break;
            case IR_ATTR_TENSOR:
                CHECK(p->t.dtype == q->t.dtype && p->t.bytes == q->t.bytes &&
                      ir_shape_equal(&p->t.shape, &q->t.shape) &&
                      (!p->t.bytes || memcmp(p->t.data, q->t.data, p->t.bytes) == 0));
                break;
            case IR_ATTR_TENSORS:
                CHECK_EQ(p->count, q->count);
                for (size_t j = 0; j < p->count && j < q->count; j++)
                    CHECK(p->tensors[j].bytes == q->tensors[j].bytes &&
                          memcmp(p->tensors[j].data, q->tensors[j].data, p->tensors[j].bytes) == 0);
                break;
            case IR_ATTR_GRAPH: compare_graphs(p->g, q->g); break;
            case IR_ATTR_GRAPHS:
                CHECK_EQ(p->count, q->count);
                for (size_t j = 0; j < p->count && j < q->count; j++)
                    compare_graphs(p->graphs[j], q->graphs[j]);
                break;
            default: break;
            }
        }
    }
    for (size_t i = 0; i < a->n_values; i++) {
        const ir_value *v = a->values[i];
        if (v->kind != IR_VALUE_CONST)
            continue;
        const ir_value *w = ir_graph_value(b, v->name);
        CHECK(w && w->kind == IR_VALUE_CONST && w->data.dtype == v->data.dtype &&
              w->data.bytes == v->data.bytes);
        if (w && w->data.bytes == v->data.bytes && v->data.dtype != GE_DTYPE_STRING)
            CHECK(memcmp(w->data.data, v->data.data, v->data.bytes) == 0);
    }
}

static void test_cnn_roundtrip(void)
{
    ge_graph *g = small_cnn();
    OK(ge_graph_validate(g));
    void *buf = NULL;
    size_t size = 0;
    OK(ge_graph_save_onnx_memory(g, &buf, &size));
    CHECK(size > 4 * 3 * 3 * 3 * 4);
    ge_graph *h = NULL;
    OK(ge_graph_from_onnx_memory(buf, size, NULL, &h));
    ge_onnx_buffer_free(buf);
    if (!h) {
        ge_graph_destroy(g);
        return;
    }
    CHECK_EQ(ir_graph_opset(h, ""), 17);
    OK(ge_graph_validate(h));
    compare_graphs(g, h);
    int64_t dims[4];
    int32_t rank;
    OK(ge_graph_get_value_shape(h, "Y", dims, 4, &rank));
    CHECK(rank == 2 && dims[0] == -1 && dims[1] == 10);
    /* inferred intermediate types were written as value_info */
    const ir_value *p = ir_graph_value(h, "p");
    CHECK(p && p->has_decl && p->decl_shape.rank == 4 && p->decl_shape.dims[1] == 4 &&
          p->decl_shape.dims[2] == 4);

    /* an unvalidated graph is written with inferred types too; to a file */
    ge_graph *u = small_cnn();
    char path[] = "/tmp/geflow_cnn_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    OK(ge_graph_save_onnx(u, path));
    CHECK(!u->validated); /* not changed */
    ge_graph *k = NULL;
    OK(ge_graph_from_onnx_file(path, NULL, &k));
    if (k) {
        const ir_value *y = ir_graph_value(k, "Y");
        CHECK(y && y->has_decl && y->decl_dtype == GE_DTYPE_FLOAT32 && y->decl_shape.rank == 2);
        OK(ge_graph_validate(k));
        compare_graphs(u, k);
    }
    unlink(path);
    CHECK_EQ(ge_graph_save_onnx(u, "/nonexistent/dir/x.onnx"), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "/nonexistent/dir/x.onnx");
    CHECK_EQ(ge_graph_save_onnx(NULL, path), GE_STATUS_PARAM_INVALID);
    CHECK_EQ(ge_graph_save_onnx(u, NULL), GE_STATUS_PARAM_INVALID);
    (void)ge_get_error_message();
    ge_graph_destroy(k);
    ge_graph_destroy(u);
    ge_graph_destroy(h);
    ge_graph_destroy(g);
}

/* Every attribute kind, optional inputs, a subgraph with an outer reference, other domains. */
static void test_attrs_and_subgraphs(void)
{
    ge_graph *g = NULL;
    OK(ge_graph_create("main", &g));
    static const int64_t d2[] = {2};
    OK(ge_graph_add_input(g, "cond", GE_DTYPE_BOOL, NULL, 0, 0));
    OK(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, d2, 1, 1));
    const char *strs[] = {"ab", "", "xyz"};
    const char *bad_in[] = {"cond"};
    const char *bad_out[] = {"y"};
    ge_node *n;
    const char *ci[] = {"x", "", "cond"}, *co[] = {"c0", ""};
    OK(ge_graph_add_node(g, "Custom", "com.example", "custom", ci, 3, co, 2, &n));
    OK(ge_node_set_attr_int(n, "i", -5));
    OK(ge_node_set_attr_float(n, "f", 2.5f));
    OK(ge_node_set_attr_string(n, "s", "text"));
    static const int64_t iv[] = {1, -2, 3};
    static const float fv[] = {0.5f, 1.5f};
    OK(ge_node_set_attr_ints(n, "is", iv, 3));
    OK(ge_node_set_attr_floats(n, "fs", fv, 2));
    OK(ge_node_set_attr_strings(n, "ss", strs, 3));
    OK(ge_node_set_attr_ints(n, "empty", NULL, 0));
    int32_t tdata[2] = {7, -8};
    ge_tensor *t = NULL;
    OK(ge_tensor_wrap(GE_DTYPE_INT32, d2, 1, tdata, sizeof tdata, GE_PLACEMENT_HOST, NULL, NULL, &t));
    OK(ge_node_set_attr_tensor(n, "t", t));
    ge_tensor_destroy(t);
    ir_graph *ir_sub = NULL;
    /* If with two branches reading x from the outer scope */
    OK(ge_graph_add_node(g, "If", NULL, "if", bad_in, 1, bad_out, 1, &n));
    for (int k = 0; k < 2; k++) {
        ge_graph *br = NULL;
        OK(ge_graph_create(k ? "else" : "then", &br));
        const char *bi[] = {"x"}, *bo[] = {"b"};
        OK(ge_graph_add_node(br, k ? "Neg" : "Relu", NULL, NULL, bi, 1, bo, 1, NULL));
        OK(ge_graph_add_output(br, "b"));
        OK(ge_graph_set_value_info(br, "b", GE_DTYPE_FLOAT32, d2, 1));
        OK(ge_node_set_attr_graph(n, k ? "else_branch" : "then_branch", br));
        ir_sub = br;
    }
    OK(ge_graph_add_output(g, "y"));
    OK(ge_graph_add_output(g, "c0"));
    (void)ir_sub;
    void *buf;
    size_t size;
    OK(ge_graph_save_onnx_memory(g, &buf, &size)); /* Custom is unknown: validation fails, saved anyway */
    ge_graph *h = NULL;
    OK(ge_graph_from_onnx_memory(buf, size, NULL, &h));
    ge_onnx_buffer_free(buf);
    if (h) {
        compare_graphs(g, h);
        CHECK_EQ(ir_graph_opset(h, "com.example"), 1); /* used domain, imported at 1 */
        CHECK(ir_graph_opset(h, "") > 0);
        const ir_node *c = ir_graph_node(h, "custom");
        CHECK(c && c->inputs[1] == NULL && c->outputs[1] == NULL);
        const ir_attr *tb = ir_node_attr(ir_graph_node(h, "if"), "then_branch");
        CHECK(tb && ir_graph_resolve(tb->g, "x") == ir_graph_value(h, "x"));
        ge_graph_destroy(h);
    }
    ge_graph_destroy(g);
}

static void test_tensor_pb(void)
{
    static const ge_dtype dts[] = {GE_DTYPE_FLOAT32, GE_DTYPE_FLOAT16, GE_DTYPE_INT8,
                                   GE_DTYPE_INT32,   GE_DTYPE_UINT8,   GE_DTYPE_INT16,
                                   GE_DTYPE_UINT16,  GE_DTYPE_UINT32,  GE_DTYPE_INT64,
                                   GE_DTYPE_UINT64,  GE_DTYPE_FLOAT64, GE_DTYPE_BOOL,
                                   GE_DTYPE_BFLOAT16};
    ir_shape sh;
    static const int64_t d23[] = {2, 3};
    ir_shape_make(&sh, 2, d23);
    for (size_t k = 0; k < sizeof dts / sizeof *dts; k++) {
        ir_tensor t;
        OK(ir_tensor_alloc(&t, dts[k], &sh));
        for (size_t i = 0; i < t.bytes; i++)
            ((uint8_t *)t.data)[i] = dts[k] == GE_DTYPE_BOOL ? (uint8_t)(i & 1) : (uint8_t)(i * 13 + k);
        void *buf;
        size_t size;
        OK(onnx_tensor_write_memory(&t, "input_0", &buf, &size));
        ir_tensor r;
        char *name = NULL;
        OK(onnx_tensor_read_memory(buf, size, NULL, &r, &name));
        CHECK(r.dtype == dts[k] && ir_shape_equal(&r.shape, &sh) && r.bytes == t.bytes &&
              memcmp(r.data, t.data, t.bytes) == 0);
        CHECK(name && strcmp(name, "input_0") == 0);
        ge_free(name);
        ge_free(buf);
        ir_tensor_free_data(&r);
        ir_tensor_free_data(&t);
    }
    /* strings and a scalar through a file */
    ir_tensor s;
    ir_shape s2;
    static const int64_t d2[] = {2};
    ir_shape_make(&s2, 1, d2);
    OK(ir_tensor_alloc(&s, GE_DTYPE_STRING, &s2));
    ((char **)s.data)[0] = ge_strdup("hello");
    ((char **)s.data)[1] = ge_strdup("");
    char path[] = "/tmp/geflow_pb_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    OK(onnx_tensor_write_file(path, &s, NULL));
    ir_tensor r;
    char *name = NULL;
    OK(onnx_tensor_read_file(path, &r, &name));
    CHECK(r.dtype == GE_DTYPE_STRING && strcmp(((char **)r.data)[0], "hello") == 0 &&
          ((char **)r.data)[1][0] == '\0');
    CHECK(name && name[0] == '\0');
    ge_free(name);
    ir_tensor_free_data(&r);
    ir_tensor_free_data(&s);
    ir_tensor sc;
    ir_shape scalar = ir_shape_scalar();
    OK(ir_tensor_alloc(&sc, GE_DTYPE_FLOAT64, &scalar));
    *(double *)sc.data = -1.25;
    OK(onnx_tensor_write_file(path, &sc, "s"));
    OK(onnx_tensor_read_file(path, &r, NULL));
    CHECK(r.shape.rank == 0 && *(double *)r.data == -1.25);
    ir_tensor_free_data(&r);
    ir_tensor_free_data(&sc);
    unlink(path);
    CHECK_EQ(onnx_tensor_read_file(path, &r, NULL), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), path);
}

int main(void)
{
    long live = ge_alloc_live();
    RUN_TEST(test_cnn_roundtrip);
    RUN_TEST(test_attrs_and_subgraphs);
    RUN_TEST(test_tensor_pb);
    CHECK_EQ(ge_alloc_live(), live);
    return test_result();
}

/* ONNX import: models built here with the generated protobuf-c structs, then imported. */
#include "geflow/geflow.h"
#include "base/alloc.h"
#include "ir/graph.h"
#include "onnx_builder.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static ge_status import(const GeflowOnnx__ModelProto *m, const ge_options *o, ge_graph **g)
{
    size_t size;
    uint8_t *buf = ob_pack(m, &size);
    ge_status st = ge_graph_from_onnx_memory(buf, size, o, g);
    free(buf);
    return st;
}

/* Imports and expects failure with `status`, the message containing each of parts. */
#define EXPECT_FAIL(m, o, status, ...)                                                      \
    do {                                                                                   \
        ge_graph *g_ = (ge_graph *)1;                                                      \
        ge_status st_ = import((m), (o), &g_);                                             \
        CHECK_EQ(st_, (status));                                                           \
        CHECK(g_ == NULL);                                                                 \
        const char *msg_ = ge_get_error_message();                                         \
        const char *parts_[] = {__VA_ARGS__};                                              \
        for (size_t i_ = 0; i_ < sizeof parts_ / sizeof *parts_; i_++)                     \
            CHECK_CONTAINS(msg_, parts_[i_]);                                              \
        if (st_ == GE_STATUS_SUCCESS)                                                      \
            ge_graph_destroy(g_);                                                          \
    } while (0)

static const int64_t d_n3[] = {-1, 3};
static const int64_t d32[] = {3, 2};
static const int64_t d_n2[] = {-1, 2};

/* X[N,3] @ W[3,2] -> Y; Relu(Y) -> Z. */
static GeflowOnnx__ModelProto *mlp(ob *b)
{
    GeflowOnnx__ModelProto *m = ob_model(b, 8, 17);
    GeflowOnnx__GraphProto *g = m->graph;
    ob_input(b, g, "X", 1, d_n3, 2);
    static const float w[6] = {1, 2, 3, 4, 5, 6};
    ob_init_f32(b, g, "W", d32, 2, w);
    ob_node(b, g, "MatMul", "X,W", "Y", "mm");
    ob_node(b, g, "Relu", "Y", "Z", "relu");
    ob_output(b, g, "Z", 1, d_n2, 2);
    GeflowOnnx__ValueInfoProto *vi = ob_vi(b, "Y", 1, d_n2, 2);
    OB_PUSH(b, g->value_info, g->n_value_info, vi);
    return m;
}

static void test_basic(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = mlp(&b);
    ge_graph *g = NULL;
    CHECK_EQ(import(m, NULL, &g), GE_STATUS_SUCCESS);
    CHECK(g != NULL);
    CHECK(strcmp(ge_graph_get_name(g), "main") == 0);
    CHECK_EQ(ge_graph_get_input_count(g), 1);
    CHECK(strcmp(ge_graph_get_input_name(g, 0), "X") == 0);
    CHECK_EQ(ge_graph_get_constant_count(g), 1);
    CHECK_EQ(ge_graph_get_node_count(g), 2);
    CHECK_EQ(ge_graph_get_output_count(g), 1);
    CHECK(strcmp(ge_graph_get_output_name(g, 0), "Z") == 0);
    CHECK_EQ(ir_graph_opset(g, ""), 17);
    int64_t dims[4];
    int32_t rank;
    CHECK_EQ(ge_graph_get_value_shape(g, "X", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[0], -1); /* dim_param: unknown */
    CHECK_EQ(dims[1], 3);
    const ir_value *y = ir_graph_value(g, "Y");
    CHECK(y && y->has_decl && y->decl_dtype == GE_DTYPE_FLOAT32 && y->decl_shape.rank == 2);
    const ir_value *w = ir_graph_value(g, "W");
    CHECK(w && w->kind == IR_VALUE_CONST && ((float *)w->data.data)[5] == 6.0f);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_get_value_shape(g, "Z", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[1], 2);
    ge_graph_destroy(g);

    /* An initializer listed among the inputs (IR 3 style) is a constant, not a Data input. */
    ob_input(&b, m->graph, "W", 1, d32, 2);
    ob_input(&b, m->graph, "X2", 1, d_n3, 2);
    CHECK_EQ(import(m, NULL, &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_get_input_count(g), 2);
    CHECK(strcmp(ge_graph_get_input_name(g, 1), "X2") == 0);
    CHECK_EQ(ir_graph_value(g, "X2")->input_index, 1);
    CHECK_EQ(ir_graph_value(g, "W")->kind, IR_VALUE_CONST);
    ge_graph_destroy(g);
    ob_free(&b);
}

static void test_attribute_kinds(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 9, 18);
    ob_opset(&b, m, "test.domain", 3);
    GeflowOnnx__GraphProto *g = m->graph;
    ob_input(&b, g, "x", 1, d32, 2);
    GeflowOnnx__NodeProto *n = ob_node(&b, g, "Custom", "x", "y", "c");
    n->domain = ob_str(&b, "test.domain");
    ob_attr_float(&b, n, "f", 0.5f);
    ob_attr_int(&b, n, "i", -7);
    GeflowOnnx__AttributeProto *a = ob_attr(&b, n, "s", 3);
    a->has_s = 1;
    a->s.data = (uint8_t *)ob_str(&b, "hello");
    a->s.len = 5;
    a = ob_attr(&b, n, "t", 4);
    static const int64_t d2[] = {2};
    a->t = ob_tensor(&b, NULL, 7, d2, 1);
    a->t->n_int64_data = 2;
    a->t->int64_data = ob_alloc(&b, 16);
    a->t->int64_data[0] = 10;
    a->t->int64_data[1] = -20;
    a = ob_attr(&b, n, "g", 5);
    a->g = ob_graph(&b, "body");
    ob_node(&b, a->g, "Identity", "x", "inner", "id");
    ob_output(&b, a->g, "inner", 1, NULL, -1);
    a = ob_attr(&b, n, "fs", 6);
    a->n_floats = 3;
    a->floats = ob_alloc(&b, 12);
    a->floats[2] = 2.5f;
    static const int64_t iv[] = {1, 2, 3, 4};
    ob_attr_ints(&b, n, "is", iv, 4);
    a = ob_attr(&b, n, "ss", 8);
    a->n_strings = 2;
    a->strings = ob_alloc(&b, 2 * sizeof *a->strings);
    a->strings[0].data = (uint8_t *)ob_str(&b, "ab");
    a->strings[0].len = 2;
    a->strings[1].data = (uint8_t *)ob_str(&b, "");
    a->strings[1].len = 0;
    a = ob_attr(&b, n, "ts", 9);
    for (int k = 0; k < 2; k++) {
        GeflowOnnx__TensorProto *t = ob_tensor(&b, NULL, 1, d2, 1);
        t->n_float_data = 2;
        t->float_data = ob_alloc(&b, 8);
        t->float_data[1] = (float)k + 0.25f;
        OB_PUSH(&b, a->tensors, a->n_tensors, t);
    }
    a = ob_attr(&b, n, "gs", 10);
    for (int k = 0; k < 2; k++) {
        GeflowOnnx__GraphProto *sg = ob_graph(&b, k ? "g1" : "g0");
        ob_input(&b, sg, "p", 1, NULL, -1);
        ob_node(&b, sg, "Neg", "p", "q", NULL);
        ob_output(&b, sg, "q", 1, NULL, -1);
        OB_PUSH(&b, a->graphs, a->n_graphs, sg);
    }
    /* No `type` (old writers): the kind comes from the member that is set. */
    a = ob_attr(&b, n, "untyped", 0);
    a->has_i = 1;
    a->i = 42;
    ob_output(&b, g, "y", 1, NULL, -1);

    ge_graph *gr = NULL;
    CHECK_EQ(import(m, NULL, &gr), GE_STATUS_SUCCESS);
    if (gr) {
        CHECK_EQ(ir_graph_opset(gr, "test.domain"), 3);
        const ir_node *c = ir_graph_node(gr, "c");
        CHECK(c && strcmp(c->domain, "test.domain") == 0);
        const ir_attr *at;
        CHECK((at = ir_node_attr(c, "f")) && at->kind == IR_ATTR_FLOAT && at->f == 0.5f);
        CHECK((at = ir_node_attr(c, "i")) && at->kind == IR_ATTR_INT && at->i == -7);
        CHECK((at = ir_node_attr(c, "s")) && at->kind == IR_ATTR_STRING && at->s_len == 5 &&
              strcmp(at->s, "hello") == 0);
        CHECK((at = ir_node_attr(c, "t")) && at->kind == IR_ATTR_TENSOR &&
              at->t.dtype == GE_DTYPE_INT64 && ((int64_t *)at->t.data)[1] == -20);
        CHECK((at = ir_node_attr(c, "g")) && at->kind == IR_ATTR_GRAPH && at->g->parent == gr &&
              at->g->n_nodes == 1 && strcmp(at->g->name, "body") == 0);
        /* the body reads x from the outer scope */
        if (at && at->g)
            CHECK(ir_graph_resolve(at->g, "x") == ir_graph_value(gr, "x"));
        CHECK((at = ir_node_attr(c, "fs")) && at->kind == IR_ATTR_FLOATS && at->count == 3 &&
              at->floats[2] == 2.5f);
        CHECK((at = ir_node_attr(c, "is")) && at->kind == IR_ATTR_INTS && at->count == 4 &&
              at->ints[3] == 4);
        CHECK((at = ir_node_attr(c, "ss")) && at->kind == IR_ATTR_STRINGS && at->count == 2 &&
              strcmp(at->strings[0], "ab") == 0 && at->strings[1][0] == '\0');
        CHECK((at = ir_node_attr(c, "ts")) && at->kind == IR_ATTR_TENSORS && at->count == 2 &&
              ((float *)at->tensors[1].data)[1] == 1.25f);
        CHECK((at = ir_node_attr(c, "gs")) && at->kind == IR_ATTR_GRAPHS && at->count == 2 &&
              at->graphs[1]->n_inputs == 1 && strcmp(at->graphs[1]->name, "g1") == 0 &&
              at->graphs[0]->parent == gr);
        CHECK((at = ir_node_attr(c, "untyped")) && at->kind == IR_ATTR_INT && at->i == 42);
        ge_graph_destroy(gr);
    }

    /* sparse tensor and type-proto attributes are refused */
    a = ob_attr(&b, n, "sp", 11);
    EXPECT_FAIL(m, NULL, GE_STATUS_UNSUPPORTED, "'sp'", "sparse");
    n->n_attribute--;
    /* the same attribute twice */
    ob_attr_int(&b, n, "i", 3);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'i'", "twice");
    n->n_attribute--;
    /* a ref_attr_name outside a function */
    a = ob_attr(&b, n, "r", 2);
    a->ref_attr_name = ob_str(&b, "alpha");
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'r'", "ref_attr_name");
    ob_free(&b);
}

/* One initializer per encoding; checks the elements. */
static void check_init(ob *b, GeflowOnnx__TensorProto *t, ge_dtype want, const void *expect,
                       size_t bytes)
{
    GeflowOnnx__ModelProto *m = ob_model(b, 8, 17);
    t->name = ob_str(b, "c");
    OB_PUSH(b, m->graph->initializer, m->graph->n_initializer, t);
    ob_node(b, m->graph, "Identity", "c", "y", NULL);
    ob_output(b, m->graph, "y", 0, NULL, -1);
    ge_graph *g = NULL;
    ge_status st = import(m, NULL, &g);
    CHECK_EQ(st, GE_STATUS_SUCCESS);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  (%s: %s)\n", ge_dtype_name(want), ge_get_error_message());
        return;
    }
    const ir_value *v = ir_graph_value(g, "c");
    CHECK(v && v->kind == IR_VALUE_CONST && v->data.dtype == want);
    if (v && want != GE_DTYPE_STRING) {
        CHECK_EQ(v->data.bytes, bytes);
        CHECK(memcmp(v->data.data, expect, bytes) == 0);
    }
    if (v && want == GE_DTYPE_STRING) {
        const char *const *e = expect;
        char **s = v->data.data;
        CHECK(strcmp(s[0], e[0]) == 0 && strcmp(s[1], e[1]) == 0);
    }
    ge_graph_destroy(g);
}

static void test_initializer_encodings(void)
{
    ob b = {0};
    static const int64_t d2[] = {2};
    static const struct {
        int32_t onnx;
        ge_dtype ge;
        size_t es;
    } types[] = {
        {1, GE_DTYPE_FLOAT32, 4},  {2, GE_DTYPE_UINT8, 1},    {3, GE_DTYPE_INT8, 1},
        {4, GE_DTYPE_UINT16, 2},   {5, GE_DTYPE_INT16, 2},    {6, GE_DTYPE_INT32, 4},
        {7, GE_DTYPE_INT64, 8},    {9, GE_DTYPE_BOOL, 1},     {10, GE_DTYPE_FLOAT16, 2},
        {11, GE_DTYPE_FLOAT64, 8}, {12, GE_DTYPE_UINT32, 4},  {13, GE_DTYPE_UINT64, 8},
        {16, GE_DTYPE_BFLOAT16, 2},
    };
    for (size_t k = 0; k < sizeof types / sizeof *types; k++) {
        /* raw_data */
        uint8_t raw[16];
        for (size_t i = 0; i < sizeof raw; i++)
            raw[i] = (uint8_t)(i * 7 + k);
        if (types[k].ge == GE_DTYPE_BOOL)
            raw[0] = 1, raw[1] = 0;
        GeflowOnnx__TensorProto *t = ob_tensor(&b, NULL, types[k].onnx, d2, 1);
        ob_raw(&b, t, raw, 2 * types[k].es);
        check_init(&b, t, types[k].ge, raw, 2 * types[k].es);

        /* the typed field */
        t = ob_tensor(&b, NULL, types[k].onnx, d2, 1);
        uint8_t expect[16] = {0};
        switch (types[k].onnx) {
        case 1: {
            float v[2] = {1.5f, -2.0f};
            t->n_float_data = 2;
            t->float_data = ob_alloc(&b, sizeof v);
            memcpy(t->float_data, v, sizeof v);
            memcpy(expect, v, sizeof v);
            break;
        }
        case 7: {
            int64_t v[2] = {INT64_MIN, 5};
            t->n_int64_data = 2;
            t->int64_data = ob_alloc(&b, sizeof v);
            memcpy(t->int64_data, v, sizeof v);
            memcpy(expect, v, sizeof v);
            break;
        }
        case 11: {
            double v[2] = {1e300, -0.5};
            t->n_double_data = 2;
            t->double_data = ob_alloc(&b, sizeof v);
            memcpy(t->double_data, v, sizeof v);
            memcpy(expect, v, sizeof v);
            break;
        }
        case 12: case 13: {
            uint64_t v[2] = {4000000000u, 7};
            t->n_uint64_data = 2;
            t->uint64_data = ob_alloc(&b, sizeof v);
            memcpy(t->uint64_data, v, sizeof v);
            if (types[k].onnx == 12) {
                uint32_t e[2] = {4000000000u, 7};
                memcpy(expect, e, sizeof e);
            } else {
                memcpy(expect, v, sizeof v);
            }
            break;
        }
        default: { /* int32_data carries the rest */
            int32_t v[2] = {-3, 100};
            if (types[k].onnx == 10 || types[k].onnx == 16 || types[k].onnx == 4 ||
                types[k].onnx == 2)
                v[0] = 0x3c00 & (types[k].onnx == 2 ? 0xff : 0xffff);
            if (types[k].onnx == 9)
                v[0] = 1, v[1] = 0;
            t->n_int32_data = 2;
            t->int32_data = ob_alloc(&b, sizeof v);
            memcpy(t->int32_data, v, sizeof v);
            for (int i = 0; i < 2; i++) {
                int64_t x = v[i];
                memcpy(expect + i * types[k].es, &x, types[k].es); /* little-endian narrowing */
            }
            break;
        }
        }
        check_init(&b, t, types[k].ge, expect, 2 * types[k].es);
    }
    /* strings */
    GeflowOnnx__TensorProto *t = ob_tensor(&b, NULL, 8, d2, 1);
    t->n_string_data = 2;
    t->string_data = ob_alloc(&b, 2 * sizeof *t->string_data);
    t->string_data[0].data = (uint8_t *)ob_str(&b, "abc");
    t->string_data[0].len = 3;
    t->string_data[1].data = (uint8_t *)ob_str(&b, "");
    const char *se[] = {"abc", ""};
    check_init(&b, t, GE_DTYPE_STRING, se, 0);
    /* a scalar and an empty tensor */
    t = ob_tensor(&b, NULL, 1, NULL, 0);
    t->n_float_data = 1;
    t->float_data = ob_alloc(&b, 4);
    t->float_data[0] = 9.0f;
    float nine = 9.0f;
    check_init(&b, t, GE_DTYPE_FLOAT32, &nine, 4);
    static const int64_t d30[] = {3, 0};
    t = ob_tensor(&b, NULL, 7, d30, 2);
    check_init(&b, t, GE_DTYPE_INT64, "", 0);

    /* mistakes */
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 17);
    t = ob_tensor(&b, "w", 7, d2, 1);
    t->n_float_data = 2;
    t->float_data = ob_alloc(&b, 8);
    OB_PUSH(&b, m->graph->initializer, m->graph->n_initializer, t);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "initializer 'w'", "float_data", "int64_data");
    t->n_float_data = 0;
    t->n_int64_data = 3;
    t->int64_data = ob_alloc(&b, 24);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "initializer 'w'", "3 values", "needs 2");
    t->n_int64_data = 0;
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "initializer 'w'", "holds no data");
    t->data_type = 0;
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "initializer 'w'", "data_type");
    t->data_type = 8;
    ob_raw(&b, t, "ab", 2);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "initializer 'w'", "STRING", "raw_data");
    ob_free(&b);
}

static void test_unsupported_types(void)
{
    ob b = {0};
    static const int64_t d2[] = {2};
    static const struct {
        int32_t t;
        const char *name;
    } bad[] = {{14, "COMPLEX64"}, {15, "COMPLEX128"}, {17, "FLOAT8E4M3FN"}, {18, "FLOAT8E4M3FNUZ"},
               {19, "FLOAT8E5M2"}, {20, "FLOAT8E5M2FNUZ"}, {21, "UINT4"}, {22, "INT4"},
               {23, "FLOAT4E2M1"}, {24, "FLOAT8E8M0"}, {25, "UINT2"}, {26, "INT2"}, {99, "type 99"}};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        GeflowOnnx__ModelProto *m = ob_model(&b, 10, 21);
        ob_input(&b, m->graph, "in8", bad[k].t, d2, 1);
        EXPECT_FAIL(m, NULL, GE_STATUS_UNSUPPORTED, "'in8'", bad[k].name);
        m = ob_model(&b, 10, 21);
        GeflowOnnx__TensorProto *t = ob_tensor(&b, "w8", bad[k].t, d2, 1);
        ob_raw(&b, t, "abcdefghijklmnop", 2);
        OB_PUSH(&b, m->graph->initializer, m->graph->n_initializer, t);
        EXPECT_FAIL(m, NULL, GE_STATUS_UNSUPPORTED, "'w8'", bad[k].name);
    }
    /* sequence, optional and map values */
    static const int tcase[] = {GEFLOW_ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE,
                                GEFLOW_ONNX__TYPE_PROTO__VALUE_OPTIONAL_TYPE,
                                GEFLOW_ONNX__TYPE_PROTO__VALUE_MAP_TYPE};
    static const char *const tname[] = {"sequence", "optional", "map"};
    for (int k = 0; k < 3; k++) {
        GeflowOnnx__ModelProto *m = ob_model(&b, 8, 17);
        GeflowOnnx__ValueInfoProto *v = ob_input(&b, m->graph, "seq", 1, NULL, -1);
        v->type->value_case = (GeflowOnnx__TypeProto__ValueCase)tcase[k];
        v->type->sequence_type = ob_alloc(&b, sizeof(GeflowOnnx__TypeProto__Sequence));
        geflow_onnx__type_proto__sequence__init(v->type->sequence_type);
        if (tcase[k] == GEFLOW_ONNX__TYPE_PROTO__VALUE_MAP_TYPE) {
            v->type->map_type = ob_alloc(&b, sizeof(GeflowOnnx__TypeProto__Map));
            geflow_onnx__type_proto__map__init(v->type->map_type);
        }
        EXPECT_FAIL(m, NULL, GE_STATUS_UNSUPPORTED, "'seq'", tname[k]);
        /* as an output too */
        m = ob_model(&b, 8, 17);
        ob_input(&b, m->graph, "x", 1, d2, 1);
        ob_node(&b, m->graph, "Identity", "x", "seq", NULL);
        v = ob_output(&b, m->graph, "seq", 1, NULL, -1);
        v->type->value_case = (GeflowOnnx__TypeProto__ValueCase)tcase[k];
        v->type->sequence_type = ob_alloc(&b, sizeof(GeflowOnnx__TypeProto__Sequence));
        geflow_onnx__type_proto__sequence__init(v->type->sequence_type);
        if (tcase[k] == GEFLOW_ONNX__TYPE_PROTO__VALUE_MAP_TYPE) {
            v->type->map_type = ob_alloc(&b, sizeof(GeflowOnnx__TypeProto__Map));
            geflow_onnx__type_proto__map__init(v->type->map_type);
        }
        EXPECT_FAIL(m, NULL, GE_STATUS_UNSUPPORTED, "output 'seq'", tname[k]);
    }
    /* IR versions */
    GeflowOnnx__ModelProto *m = ob_model(&b, 2, 17);
    EXPECT_FAIL(m, NULL, GE_STATUS_UNSUPPORTED, "IR version 2");
    m->has_ir_version = 0;
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "ir_version");
    m = ob_model(&b, 99, 17); /* newer: read leniently */
    ge_graph *g = NULL;
    CHECK_EQ(import(m, NULL, &g), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    m->graph = NULL;
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "no graph");
    m = ob_model(&b, 8, 0);
    ob_opset(&b, m, "", -3);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "opset", "-3");
    ob_free(&b);
}

static void test_options(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = mlp(&b);
    ge_options *o = NULL;
    CHECK_EQ(ge_options_create(&o), GE_STATUS_SUCCESS);
    ge_graph *g = NULL;
    int64_t dims[4];
    int32_t rank;

    ge_options_set(o, "input_shape", "X:4,3");
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    ge_graph_get_value_shape(g, "X", dims, 4, &rank);
    CHECK(rank == 2 && dims[0] == 4 && dims[1] == 3);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    ge_graph_get_value_shape(g, "Z", dims, 4, &rank);
    CHECK(rank == 2 && dims[0] == 4 && dims[1] == 2);
    ge_graph_destroy(g);

    ge_options_set(o, "input_shape", " X : 1~8 , 3 ");
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    ge_graph_get_value_shape(g, "X", dims, 4, &rank);
    CHECK(rank == 2 && dims[0] == -1 && dims[1] == 3);
    ge_graph_destroy(g);

    ge_options_set(o, "input_shape", "X:");
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    ge_graph_get_value_shape(g, "X", dims, 4, &rank);
    CHECK_EQ(rank, 0);
    ge_graph_destroy(g);

    ge_options_set(o, "input_shape", "7,3"); /* by position */
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    ge_graph_get_value_shape(g, "X", dims, 4, &rank);
    CHECK(rank == 2 && dims[0] == 7);
    ge_graph_destroy(g);

    ge_options_set(o, "input_shape", "nope:1,3");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "input_shape", "'nope'", "'X'");
    ge_options_set(o, "input_shape", "W:3,2");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "input_shape", "'W'", "initializer");
    ge_options_set(o, "input_shape", "X:1,x");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "input_shape", "dim 1");
    ge_options_set(o, "input_shape", "X:1,-5");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "input_shape", "-5");
    ge_options_set(o, "input_shape", "X:1,2,3,4,5,6,7,8,9,10,11,12,13");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "input_shape", "rank 13");
    ge_options_set(o, "input_shape", "");

    /* output selection */
    ge_options_set(o, "out_nodes", "mm:0");
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_get_output_count(g), 1);
    CHECK(strcmp(ge_graph_get_output_name(g, 0), "Y") == 0);
    ge_graph_destroy(g);
    ge_options_set(o, "out_nodes", "Z; Y");
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_get_output_count(g), 2);
    CHECK(strcmp(ge_graph_get_output_name(g, 1), "Y") == 0);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    ge_options_set(o, "out_nodes", "mm:1");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "out_nodes", "'mm'", "output 1");
    ge_options_set(o, "out_nodes", "ghost");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "out_nodes", "ghost");
    ge_options_set(o, "out_nodes", "");
    ge_options_set(o, "ge.outputNodeName", "relu:0");
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    CHECK(strcmp(ge_graph_get_output_name(g, 0), "Z") == 0);
    ge_graph_destroy(g);
    ge_options_set(o, "out_nodes", "mm:0");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "out_nodes", "ge.outputNodeName");
    ge_options_destroy(o);

    /* input_data_names orders the Data indexes */
    CHECK_EQ(ge_options_create(&o), GE_STATUS_SUCCESS);
    ob_input(&b, m->graph, "A", 1, d_n3, 2);
    ob_input(&b, m->graph, "B", 1, d_n3, 2);
    CHECK_EQ(import(m, NULL, &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_graph_value(g, "B")->input_index, 2);
    ge_graph_destroy(g);
    ge_options_set(o, "input_data_names", "B;A");
    ge_options_set(o, "output", "renamed");
    ge_options_set(o, "some_unknown_key", "1"); /* warned about, ignored */
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    CHECK(strcmp(ge_graph_get_name(g), "renamed") == 0);
    CHECK_EQ(ir_graph_value(g, "B")->input_index, 0);
    CHECK_EQ(ir_graph_value(g, "A")->input_index, 1);
    CHECK_EQ(ir_graph_value(g, "X")->input_index, 2);
    CHECK(strcmp(ge_graph_get_input_name(g, 0), "B") == 0);
    ge_graph_destroy(g);
    ge_options_set(o, "input_data_names", "B;W");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "input_data_names", "'W'");
    ge_options_set(o, "input_data_names", "B;B");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "input_data_names", "twice");
    ge_options_destroy(o);
    ob_free(&b);
}

static void test_subgraph_if(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 16);
    GeflowOnnx__GraphProto *g = m->graph;
    static const int64_t d2[] = {2};
    ob_input(&b, g, "cond", 9, NULL, 0);
    ob_input(&b, g, "x", 1, d2, 1);
    GeflowOnnx__NodeProto *n = ob_node(&b, g, "If", "cond", "y", "if");
    GeflowOnnx__AttributeProto *a = ob_attr(&b, n, "then_branch", 5);
    a->g = ob_graph(&b, "then");
    ob_node(&b, a->g, "Relu", "x", "t", NULL); /* x from the outer scope */
    ob_output(&b, a->g, "t", 1, d2, 1);
    a = ob_attr(&b, n, "else_branch", 5);
    a->g = ob_graph(&b, "else");
    static const float k[2] = {1, 2};
    ob_init_f32(&b, a->g, "k", d2, 1, k);
    ob_node(&b, a->g, "Add", "x,k", "e", NULL);
    ob_output(&b, a->g, "e", 1, d2, 1);
    ob_output(&b, g, "y", 1, d2, 1);
    ge_graph *gr = NULL;
    CHECK_EQ(import(m, NULL, &gr), GE_STATUS_SUCCESS);
    if (gr) {
        const ir_node *in = ir_graph_node(gr, "if");
        const ir_attr *tb = ir_node_attr(in, "then_branch");
        const ir_attr *eb = ir_node_attr(in, "else_branch");
        CHECK(tb && tb->kind == IR_ATTR_GRAPH && tb->g->parent == gr && tb->g->parent_node == in);
        CHECK(eb && eb->g->n_outputs == 1 && ir_graph_value(eb->g, "k")->kind == IR_VALUE_CONST);
        CHECK(ir_graph_resolve(tb->g, "x") == ir_graph_value(gr, "x"));
        ir_value **uses = NULL;
        size_t nu = 0;
        CHECK_EQ(ir_node_outer_uses(in, &uses, &nu), GE_STATUS_SUCCESS);
        CHECK_EQ(nu, 1);
        ge_free(uses);
        ge_graph_destroy(gr);
    }
    /* A body reading a name nothing defines */
    ob_node(&b, a->g, "Neg", "ghost", "unused", NULL);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'ghost'", "names nothing", "else_branch");
    ob_free(&b);
}

/* Loop-style body: its inputs become the subgraph's inputs in order, untyped allowed. */
static void test_subgraph_inputs(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 16);
    GeflowOnnx__GraphProto *g = m->graph;
    static const int64_t d1[] = {1};
    ob_input(&b, g, "n", 7, NULL, 0);
    ob_input(&b, g, "v0", 1, d1, 1);
    GeflowOnnx__NodeProto *n = ob_node(&b, g, "Loop", "n,,v0", "vN", "loop");
    GeflowOnnx__AttributeProto *a = ob_attr(&b, n, "body", 5);
    a->g = ob_graph(&b, "body");
    ob_input(&b, a->g, "i", 7, NULL, 0);
    ob_input(&b, a->g, "c", 9, NULL, 0);
    GeflowOnnx__ValueInfoProto *untyped = ob_input(&b, a->g, "v", 0, NULL, -1);
    untyped->type = NULL;
    ob_node(&b, a->g, "Identity", "c", "c_out", NULL);
    ob_node(&b, a->g, "Neg", "v", "v_out", NULL);
    ob_output(&b, a->g, "c_out", 9, NULL, 0);
    ob_output(&b, a->g, "v_out", 1, d1, 1);
    ob_output(&b, g, "vN", 1, d1, 1);
    ge_graph *gr = NULL;
    CHECK_EQ(import(m, NULL, &gr), GE_STATUS_SUCCESS);
    if (gr) {
        const ir_node *ln = ir_graph_node(gr, "loop");
        CHECK(ln && ln->n_inputs == 3 && ln->inputs[1] == NULL);
        const ir_graph *body = ir_node_attr(ln, "body")->g;
        CHECK_EQ(body->n_inputs, 3);
        CHECK(strcmp(body->inputs[2]->name, "v") == 0 && body->inputs[2]->input_index == 2 &&
              body->inputs[2]->dtype == GE_DTYPE_UNDEFINED);
        CHECK(body->inputs[0]->dtype == GE_DTYPE_INT64 && body->inputs[0]->shape.rank == 0);
        ge_graph_destroy(gr);
    }
    /* the top graph's inputs need a type */
    GeflowOnnx__ValueInfoProto *vi = ob_input(&b, g, "bare", 0, NULL, -1);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'bare'", "element type");
    vi->type = NULL;
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'bare'", "no type");
    ob_free(&b);
}

static GeflowOnnx__FunctionProto *add_function(ob *b, GeflowOnnx__ModelProto *m,
                                               const char *domain, const char *name)
{
    GeflowOnnx__FunctionProto *f = ob_alloc(b, sizeof *f);
    geflow_onnx__function_proto__init(f);
    f->name = ob_str(b, name);
    f->domain = ob_str(b, domain);
    OB_PUSH(b, m->functions, m->n_functions, f);
    return f;
}

static void test_functions(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 17);
    ob_opset(&b, m, "local", 1);
    GeflowOnnx__GraphProto *g = m->graph;
    static const int64_t d2[] = {2};
    ob_input(&b, g, "a", 1, d2, 1);
    ob_input(&b, g, "b", 1, d2, 1);

    /* ScaledSum(x, y) = (x + y) * alpha; alpha defaults to 3 */
    GeflowOnnx__FunctionProto *f = add_function(&b, m, "local", "ScaledSum");
    f->input = ob_names(&b, "x,y", &f->n_input);
    f->output = ob_names(&b, "z", &f->n_output);
    GeflowOnnx__AttributeProto *def = ob_attr(&b, NULL, "alpha", 1);
    def->has_f = 1;
    def->f = 3.0f;
    OB_PUSH(&b, f->attribute_proto, f->n_attribute_proto, def);
    GeflowOnnx__OperatorSetIdProto *fo = ob_alloc(&b, sizeof *fo);
    geflow_onnx__operator_set_id_proto__init(fo);
    fo->domain = ob_str(&b, "");
    fo->has_version = 1;
    fo->version = 15;
    OB_PUSH(&b, f->opset_import, f->n_opset_import, fo);
    GeflowOnnx__NodeProto *fn = ob_node_new(&b, "Add", "x,y", "t", "add");
    OB_PUSH(&b, f->node, f->n_node, fn);
    fn = ob_node_new(&b, "Constant", "", "s", "const");
    GeflowOnnx__AttributeProto *ref = ob_attr(&b, fn, "value_float", 1);
    ref->ref_attr_name = ob_str(&b, "alpha");
    OB_PUSH(&b, f->node, f->n_node, fn);
    fn = ob_node_new(&b, "Mul", "t,s", "z", "mul");
    OB_PUSH(&b, f->node, f->n_node, fn);

    /* Two calls: one with alpha = 0.5, one with the default. "t" also exists outside. */
    GeflowOnnx__NodeProto *c1 = ob_node(&b, g, "ScaledSum", "a,b", "r1", "call1");
    c1->domain = ob_str(&b, "local");
    ob_attr_float(&b, c1, "alpha", 0.5f);
    ob_node(&b, g, "Neg", "a", "t", "neg");
    GeflowOnnx__NodeProto *c2 = ob_node(&b, g, "ScaledSum", "r1,t", "r2", NULL);
    c2->domain = ob_str(&b, "local");
    ob_output(&b, g, "r2", 1, d2, 1);

    ge_graph *gr = NULL;
    ge_status st = import(m, NULL, &gr);
    CHECK_EQ(st, GE_STATUS_SUCCESS);
    if (st != GE_STATUS_SUCCESS)
        fprintf(stderr, "  %s\n", ge_get_error_message());
    if (gr) {
        CHECK_EQ(ge_graph_get_node_count(gr), 7);
        size_t consts = 0;
        float alphas[2] = {0, 0};
        for (size_t i = 0; i < gr->n_nodes; i++) {
            const ir_node *n = gr->nodes[i];
            CHECK(strcmp(n->op_type, "ScaledSum") != 0);
            if (strcmp(n->op_type, "Constant") == 0) {
                const ir_attr *a = ir_node_attr(n, "value_float");
                CHECK(a && a->kind == IR_ATTR_FLOAT);
                if (a && consts < 2)
                    alphas[consts] = a->f;
                consts++;
                CHECK_EQ(n->opset, 15); /* the function's own opset import */
            }
        }
        CHECK_EQ(consts, 2);
        CHECK(alphas[0] == 0.5f && alphas[1] == 3.0f);
        /* r1 comes from the first call's Mul, r2 from the second's; the outer "t" (Neg) is
         * what the second call reads, not the body's internal "t" */
        const ir_value *r1 = ir_graph_value(gr, "r1"), *r2 = ir_graph_value(gr, "r2");
        CHECK(r1 && r1->kind == IR_VALUE_NODE && strcmp(r1->producer->op_type, "Mul") == 0);
        CHECK(r2 && r2->kind == IR_VALUE_NODE && strcmp(r2->producer->op_type, "Mul") == 0);
        const ir_value *tv = ir_graph_value(gr, "t");
        CHECK(tv && strcmp(tv->producer->op_type, "Neg") == 0);
        const ir_node *add2 = NULL;
        for (size_t i = 0; i < gr->n_nodes; i++)
            if (strcmp(gr->nodes[i]->op_type, "Add") == 0)
                add2 = gr->nodes[i];
        CHECK(add2 && add2->inputs[0] == r1 && add2->inputs[1] == tv);
        CHECK_EQ(ge_graph_validate(gr), GE_STATUS_SUCCESS);
        ge_graph_destroy(gr);
    }

    /* a nested call: Twice(x) = ScaledSum(x, x) with alpha from Twice's own attribute */
    GeflowOnnx__FunctionProto *tw = add_function(&b, m, "local", "Twice");
    tw->input = ob_names(&b, "x", &tw->n_input);
    tw->output = ob_names(&b, "y", &tw->n_output);
    tw->attribute = ob_names(&b, "k", &tw->n_attribute);
    fn = ob_node_new(&b, "ScaledSum", "x,x", "y", NULL);
    fn->domain = ob_str(&b, "local");
    ref = ob_attr(&b, fn, "alpha", 1);
    ref->ref_attr_name = ob_str(&b, "k");
    OB_PUSH(&b, tw->node, tw->n_node, fn);
    GeflowOnnx__NodeProto *c3 = ob_node(&b, g, "Twice", "r2", "r3", "call3");
    c3->domain = ob_str(&b, "local");
    ob_attr_float(&b, c3, "k", 7.0f);
    g->output[0]->name = ob_str(&b, "r3");
    st = import(m, NULL, &gr);
    CHECK_EQ(st, GE_STATUS_SUCCESS);
    if (gr) {
        CHECK_EQ(ge_graph_get_node_count(gr), 10);
        bool found7 = false;
        for (size_t i = 0; i < gr->n_nodes; i++) {
            const ir_attr *a = ir_node_attr(gr->nodes[i], "value_float");
            found7 |= a && a->f == 7.0f;
        }
        CHECK(found7);
        CHECK_EQ(ge_graph_validate(gr), GE_STATUS_SUCCESS);
        ge_graph_destroy(gr);
    }

    /* recursion is cut off */
    GeflowOnnx__FunctionProto *rec = add_function(&b, m, "local", "Rec");
    rec->input = ob_names(&b, "x", &rec->n_input);
    rec->output = ob_names(&b, "y", &rec->n_output);
    fn = ob_node_new(&b, "Rec", "x", "y", NULL);
    fn->domain = ob_str(&b, "local");
    OB_PUSH(&b, rec->node, rec->n_node, fn);
    GeflowOnnx__NodeProto *c4 = ob_node(&b, g, "Rec", "a", "r4", NULL);
    c4->domain = ob_str(&b, "local");
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "Rec", "deeper than 32");
    g->n_node--;
    /* too many inputs for the function */
    c4 = ob_node(&b, g, "ScaledSum", "a,b,a", "r4", "bad");
    c4->domain = ob_str(&b, "local");
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'bad'", "3 inputs");
    g->n_node--;
    /* a function defined twice */
    add_function(&b, m, "local", "Rec");
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'Rec'", "twice");
    ob_free(&b);
}

/* A function whose body holds an If: the branches keep their own names and read the body's
 * values (translated per call); overloads pick different bodies. */
static void test_function_subgraph(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 10, 21);
    ob_opset(&b, m, "local", 1);
    GeflowOnnx__GraphProto *g = m->graph;
    static const int64_t d2[] = {2};
    ob_input(&b, g, "cond", 9, NULL, 0);
    ob_input(&b, g, "a", 1, d2, 1);
    GeflowOnnx__FunctionProto *f = add_function(&b, m, "local", "Sel");
    f->input = ob_names(&b, "c,x", &f->n_input);
    f->output = ob_names(&b, "y", &f->n_output);
    OB_PUSH(&b, f->node, f->n_node, ob_node_new(&b, "Neg", "x", "t", NULL));
    GeflowOnnx__NodeProto *in = ob_node_new(&b, "If", "c", "y", "if");
    OB_PUSH(&b, f->node, f->n_node, in);
    GeflowOnnx__AttributeProto *a = ob_attr(&b, in, "then_branch", 5);
    a->g = ob_graph(&b, "then");
    ob_node(&b, a->g, "Relu", "t", "u", "relu");
    ob_output(&b, a->g, "u", 1, d2, 1);
    a = ob_attr(&b, in, "else_branch", 5);
    a->g = ob_graph(&b, "else");
    ob_output(&b, a->g, "x", 1, d2, 1);
    GeflowOnnx__FunctionProto *f2 = add_function(&b, m, "local", "Sel");
    f2->overload = ob_str(&b, "v2");
    f2->input = ob_names(&b, "c,x", &f2->n_input);
    f2->output = ob_names(&b, "y", &f2->n_output);
    OB_PUSH(&b, f2->node, f2->n_node, ob_node_new(&b, "Identity", "x", "y", NULL));

    GeflowOnnx__NodeProto *c1 = ob_node(&b, g, "Sel", "cond,a", "r1", "s1");
    c1->domain = ob_str(&b, "local");
    GeflowOnnx__NodeProto *c2 = ob_node(&b, g, "Sel", "cond,r1", "r2", "s2");
    c2->domain = ob_str(&b, "local");
    GeflowOnnx__NodeProto *c3 = ob_node(&b, g, "Sel", "cond,r2", "r3", "s3");
    c3->domain = ob_str(&b, "local");
    c3->overload = ob_str(&b, "v2");
    ob_output(&b, g, "r3", 1, d2, 1);
    ge_graph *gr = NULL;
    ge_status st = import(m, NULL, &gr);
    CHECK_EQ(st, GE_STATUS_SUCCESS);
    if (st != GE_STATUS_SUCCESS)
        fprintf(stderr, "  %s\n", ge_get_error_message());
    if (gr) {
        CHECK_EQ(gr->n_nodes, 5); /* Neg, If, Neg, If, Identity */
        const ir_value *r1 = ir_graph_value(gr, "r1"), *r2 = ir_graph_value(gr, "r2");
        CHECK(r1 && strcmp(r1->producer->op_type, "If") == 0);
        CHECK(r2 && strcmp(r2->producer->op_type, "If") == 0);
        CHECK(strcmp(ir_graph_value(gr, "r3")->producer->op_type, "Identity") == 0);
        for (int k = 0; k < 2; k++) {
            const ir_node *ifn = (k ? r2 : r1)->producer;
            const ir_graph *tb = ir_node_attr(ifn, "then_branch")->g;
            const ir_graph *eb = ir_node_attr(ifn, "else_branch")->g;
            const ir_node *relu = tb->nodes[0];
            /* the branch's own name stays; the body value it reads is this call's Neg output */
            CHECK(strcmp(tb->outputs[0]->name, "u") == 0);
            const ir_value *tv = ir_graph_resolve(tb, relu->inputs[0]->name);
            CHECK(tv && tv->kind == IR_VALUE_NODE && strcmp(tv->producer->op_type, "Neg") == 0 &&
                  tv->producer->inputs[0]->name[0] == (k ? 'r' : 'a'));
            CHECK(strcmp(eb->outputs[0]->name, k ? "r1" : "a") == 0);
        }
        ge_graph_destroy(gr);
    }
    ob_free(&b);
}

static void test_constant_and_duplicates(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 17);
    GeflowOnnx__GraphProto *g = m->graph;
    static const int64_t d2[] = {2};
    GeflowOnnx__NodeProto *n = ob_node(&b, g, "Constant", "", "c", "k");
    GeflowOnnx__AttributeProto *a = ob_attr(&b, n, "value", 4);
    a->t = ob_tensor(&b, NULL, 1, d2, 1);
    ob_raw(&b, a->t, "\0\0\x80\x3f\0\0\0\x40", 8);
    ob_node(&b, g, "Neg", "c", "y", "neg");
    ob_output(&b, g, "y", 1, d2, 1);
    ge_graph *gr = NULL;
    CHECK_EQ(import(m, NULL, &gr), GE_STATUS_SUCCESS);
    if (gr) {
        const ir_node *k = ir_graph_node(gr, "k");
        CHECK(k && strcmp(k->op_type, "Constant") == 0);
        const ir_attr *v = ir_node_attr(k, "value");
        CHECK(v && ((float *)v->t.data)[1] == 2.0f);
        CHECK_EQ(ge_graph_validate(gr), GE_STATUS_SUCCESS);
        ge_graph_destroy(gr);
    }
    /* nodes with the same name are renamed; values with the same name are refused */
    ob_node(&b, g, "Neg", "y", "y2", "neg");
    CHECK_EQ(import(m, NULL, &gr), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_get_node_count(gr), 3);
    ge_graph_destroy(gr);
    ob_node(&b, g, "Neg", "c", "y", "neg3");
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'y'", "duplicate");
    g->n_node--;
    static const float z[2] = {0, 0};
    ob_init_f32(&b, g, "w", d2, 1, z);
    ob_init_f32(&b, g, "w", d2, 1, z);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "initializer 'w'", "twice");
    g->n_initializer = 0;
    ob_node(&b, g, "Add", "y,missing_w", "s", "add");
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'add'", "'missing_w'", "names nothing");
    g->n_node--;
    ob_node(&b, g, "", "y", "s", "noop");
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "noop", "op_type");
    g->n_node--;
    ob_output(&b, g, "nowhere", 1, d2, 1);
    EXPECT_FAIL(m, NULL, GE_STATUS_PARAM_INVALID, "'nowhere'", "names nothing");
    ob_free(&b);
}

static char tmpdir[256];

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK_EQ(fwrite(data, 1, n, f), n);
        fclose(f);
    }
}

static void test_external_data(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/geflow_onnx_XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    char path[512], sub[300];
    snprintf(sub, sizeof sub, "%s/weights", tmpdir);
    CHECK_EQ(mkdir(sub, 0700), 0);
    float data[10];
    for (int i = 0; i < 10; i++)
        data[i] = (float)i * 1.5f;
    snprintf(path, sizeof path, "%s/weights/w.bin", tmpdir);
    write_bytes(path, data, sizeof data);
    snprintf(path, sizeof path, "%s/../outside_%d.bin", tmpdir, (int)getpid());
    write_bytes(path, data, sizeof data);
    char link[512];
    snprintf(link, sizeof link, "%s/link.bin", tmpdir);
    CHECK_EQ(symlink(path, link), 0);

    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 17);
    static const int64_t d23[] = {2, 3};
    GeflowOnnx__TensorProto *t = ob_tensor(&b, "w", 1, d23, 2);
    t->has_data_location = 1;
    t->data_location = GEFLOW_ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
    ob_kv(&b, t, "location", "weights/w.bin");
    ob_kv(&b, t, "offset", "8");
    ob_kv(&b, t, "length", "24");
    OB_PUSH(&b, m->graph->initializer, m->graph->n_initializer, t);
    ob_node(&b, m->graph, "Neg", "w", "y", NULL);
    ob_output(&b, m->graph, "y", 1, d23, 2);

    size_t size;
    uint8_t *buf = ob_pack(m, &size);
    char model[512];
    snprintf(model, sizeof model, "%s/model.onnx", tmpdir);
    write_bytes(model, buf, size);
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_from_onnx_file(model, NULL, &g), GE_STATUS_SUCCESS);
    if (g) {
        const ir_value *w = ir_graph_value(g, "w");
        CHECK(w && w->data.bytes == 24 && ((float *)w->data.data)[0] == 3.0f &&
              ((float *)w->data.data)[5] == 10.5f);
        CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
        ge_graph_destroy(g);
    }
    /* from memory: refused unless the directory is given */
    CHECK_EQ(ge_graph_from_onnx_memory(buf, size, NULL, &g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "geflow.onnx.external_data_dir");
    ge_options *o = NULL;
    ge_options_create(&o);
    ge_options_set(o, "geflow.onnx.external_data_dir", tmpdir);
    CHECK_EQ(ge_graph_from_onnx_memory(buf, size, o, &g), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    free(buf);

    /* no length: the tensor's size from the offset */
    t->n_external_data = 2;
    CHECK_EQ(import(m, o, &g), GE_STATUS_SUCCESS);
    if (g)
        CHECK(((float *)ir_graph_value(g, "w")->data.data)[0] == 3.0f);
    ge_graph_destroy(g);
    /* mistakes */
    ob_kv(&b, t, "length", "20");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "'w'", "20 bytes", "needs 24");
    t->external_data[2]->value = ob_str(&b, "4000");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "'w'", "past the end");
    t->external_data[2]->value = ob_str(&b, "-1");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "'w'", "length '-1'");
    t->external_data[2]->value = ob_str(&b, "24");
    t->external_data[1]->value = ob_str(&b, "100");
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "'w'", "offset 100", "past the end");
    t->external_data[1]->value = ob_str(&b, "0");
    static const char *const escaping[] = {"../x.bin", "weights/../../x.bin", "/etc/passwd", ""};
    for (size_t k = 0; k < 4; k++) {
        t->external_data[0]->value = ob_str(&b, escaping[k]);
        EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "'w'");
    }
    t->external_data[0]->value = ob_str(&b, "link.bin"); /* a symlink out of the directory */
    EXPECT_FAIL(m, o, GE_STATUS_PARAM_INVALID, "'w'", "outside");
    t->external_data[0]->value = ob_str(&b, "missing.bin");
    EXPECT_FAIL(m, o, GE_STATUS_FAILED, "'w'", "missing.bin");
    t->external_data[0]->value = ob_str(&b, "weights"); /* a directory */
    EXPECT_FAIL(m, o, GE_STATUS_FAILED, "'w'", "not a regular file");
    ge_options_destroy(o);
    ob_free(&b);

    CHECK_EQ(unlink(link), 0);
    CHECK_EQ(unlink(path), 0);
    CHECK_EQ(unlink(model), 0);
    snprintf(path, sizeof path, "%s/weights/w.bin", tmpdir);
    CHECK_EQ(unlink(path), 0);
    CHECK_EQ(rmdir(sub), 0);
    CHECK_EQ(rmdir(tmpdir), 0);

    CHECK_EQ(ge_graph_from_onnx_file("/nonexistent/model.onnx", NULL, &g), GE_STATUS_FAILED);
    CHECK_CONTAINS(ge_get_error_message(), "/nonexistent/model.onnx");
    CHECK_EQ(ge_graph_from_onnx_file(NULL, NULL, &g), GE_STATUS_PARAM_INVALID);
    CHECK_EQ(ge_graph_from_onnx_memory(NULL, 3, NULL, &g), GE_STATUS_PARAM_INVALID);
    CHECK_EQ(ge_graph_from_onnx_memory("x", 1, NULL, NULL), GE_STATUS_PARAM_INVALID);
    (void)ge_get_error_message();
}

int main(void)
{
    long live = ge_alloc_live();
    RUN_TEST(test_basic);
    RUN_TEST(test_attribute_kinds);
    RUN_TEST(test_initializer_encodings);
    RUN_TEST(test_unsupported_types);
    RUN_TEST(test_options);
    RUN_TEST(test_subgraph_if);
    RUN_TEST(test_subgraph_inputs);
    RUN_TEST(test_functions);
    RUN_TEST(test_function_subgraph);
    RUN_TEST(test_constant_and_duplicates);
    RUN_TEST(test_external_data);
    CHECK_EQ(ge_alloc_live(), live);
    return test_result();
}

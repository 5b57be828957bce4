/* ONNX import of malformed and hostile input: every prefix of a model, random byte flips,
 * nesting bombs, huge and overflowing dims, size mismatches, wrong wire types, allocation
 * failures. Each must fail with a message (or succeed), never crash or leak. */
#include "geflow/geflow.h"
#include "base/alloc.h"
#include "ir/graph.h"
#include "onnx/onnx_tensor.h"
#include "onnx_builder.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

static ge_status import_bytes(const void *data, size_t size, ge_graph **g)
{
    return ge_graph_from_onnx_memory(data, size, NULL, g);
}

static ge_status import(const GeflowOnnx__ModelProto *m, ge_graph **g)
{
    size_t size;
    uint8_t *buf = ob_pack(m, &size);
    ge_status st = import_bytes(buf, size, g);
    free(buf);
    return st;
}

#define EXPECT_FAIL(m, status, ...)                                                         \
    do {                                                                                   \
        ge_graph *g_ = (ge_graph *)1;                                                      \
        ge_status st_ = import((m), &g_);                                                  \
        CHECK_EQ(st_, (status));                                                           \
        CHECK(g_ == NULL);                                                                 \
        const char *msg_ = ge_get_error_message();                                         \
        const char *parts_[] = {__VA_ARGS__};                                              \
        for (size_t i_ = 0; i_ < sizeof parts_ / sizeof *parts_; i_++)                     \
            CHECK_CONTAINS(msg_, parts_[i_]);                                              \
        if (st_ == GE_STATUS_SUCCESS)                                                      \
            ge_graph_destroy(g_);                                                          \
    } while (0)

static const int64_t d2[] = {2};

/* A model touching most message kinds: initializers (raw and typed), value_info, a Constant,
 * an If with subgraphs, a local function. */
static GeflowOnnx__ModelProto *rich_model(ob *b)
{
    GeflowOnnx__ModelProto *m = ob_model(b, 8, 17);
    ob_opset(b, m, "local", 1);
    GeflowOnnx__GraphProto *g = m->graph;
    ob_input(b, g, "x", 1, d2, 1);
    ob_input(b, g, "cond", 9, NULL, 0);
    static const float w[2] = {1, 2};
    ob_init_f32(b, g, "w", d2, 1, w);
    GeflowOnnx__TensorProto *t = ob_tensor(b, "k", 7, d2, 1);
    t->n_int64_data = 2;
    t->int64_data = ob_alloc(b, 16);
    t->int64_data[1] = 5;
    OB_PUSH(b, g->initializer, g->n_initializer, t);
    ob_node(b, g, "Add", "x,w", "s", "add");
    GeflowOnnx__NodeProto *n = ob_node(b, g, "If", "cond", "y", "if");
    GeflowOnnx__AttributeProto *a = ob_attr(b, n, "then_branch", 5);
    a->g = ob_graph(b, "then");
    ob_node(b, a->g, "Relu", "s", "t1", NULL);
    ob_output(b, a->g, "t1", 1, d2, 1);
    a = ob_attr(b, n, "else_branch", 5);
    a->g = ob_graph(b, "else");
    GeflowOnnx__NodeProto *c = ob_node(b, a->g, "Constant", "", "e1", NULL);
    GeflowOnnx__AttributeProto *v = ob_attr(b, c, "value", 4);
    v->t = ob_tensor(b, NULL, 1, d2, 1);
    ob_raw(b, v->t, "\0\0\x80\x3f\0\0\0\x40", 8);
    ob_output(b, a->g, "e1", 1, d2, 1);
    GeflowOnnx__FunctionProto *f = ob_alloc(b, sizeof *f);
    geflow_onnx__function_proto__init(f);
    f->name = ob_str(b, "Twice");
    f->domain = ob_str(b, "local");
    f->input = ob_names(b, "p", &f->n_input);
    f->output = ob_names(b, "q", &f->n_output);
    OB_PUSH(b, f->node, f->n_node, ob_node_new(b, "Add", "p,p", "q", NULL));
    OB_PUSH(b, m->functions, m->n_functions, f);
    GeflowOnnx__NodeProto *call = ob_node(b, g, "Twice", "y", "z", "call");
    call->domain = ob_str(b, "local");
    ob_attr_ints(b, n, "unused_ints", (const int64_t[]){1, 2, 3}, 3);
    ob_output(b, g, "z", 1, d2, 1);
    OB_PUSH(b, g->value_info, g->n_value_info, ob_vi(b, "s", 1, d2, 1));
    return m;
}

static void test_every_prefix(void)
{
    ob b = {0};
    size_t size;
    uint8_t *full = ob_pack(rich_model(&b), &size);
    ge_graph *g = NULL;
    CHECK_EQ(import_bytes(full, size, &g), GE_STATUS_SUCCESS);
    ge_graph_destroy(g);
    size_t ok = 0, failed = 0;
    for (size_t len = 0; len < size; len++) {
        uint8_t *p = malloc(len ? len : 1); /* exact size: reads past it are caught by ASan */
        memcpy(p, full, len);
        g = (ge_graph *)1;
        ge_status st = import_bytes(p, len, &g);
        if (st == GE_STATUS_SUCCESS) {
            ok++;
            ge_graph_destroy(g);
        } else {
            failed++;
            CHECK(g == NULL);
            const char *msg = ge_get_error_message();
            if (!msg[0]) {
                CHECK(msg[0] != '\0');
                fprintf(stderr, "  prefix %zu: no message\n", len);
            }
        }
        free(p);
    }
    CHECK(failed > size / 2);
    fprintf(stderr, "  %zu prefixes: %zu imported, %zu refused\n", size, ok, failed);
    free(full);
    ob_free(&b);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void test_byte_flips(void)
{
    ob b = {0};
    size_t size;
    uint8_t *full = ob_pack(rich_model(&b), &size);
    uint8_t *p = malloc(size);
    size_t ok = 0;
    for (int it = 0; it < 4000; it++) {
        memcpy(p, full, size);
        int flips = 1 + (int)(rng() % 4);
        for (int k = 0; k < flips; k++) {
            size_t at = (size_t)(rng() % size);
            switch (rng() % 3) {
            case 0: p[at] ^= (uint8_t)(1u << (rng() % 8)); break;
            case 1: p[at] = (uint8_t)rng(); break;
            default: p[at] = (rng() & 1) ? 0xff : 0x00; break;
            }
        }
        ge_graph *g = (ge_graph *)1;
        ge_status st = import_bytes(p, size, &g);
        if (st == GE_STATUS_SUCCESS) {
            ok++;
            /* whatever imported must also survive validation and export */
            (void)ge_graph_validate(g);
            void *out;
            size_t n;
            if (ge_graph_save_onnx_memory(g, &out, &n) == GE_STATUS_SUCCESS)
                ge_onnx_buffer_free(out);
            ge_graph_destroy(g);
        } else {
            CHECK(g == NULL);
            CHECK(ge_get_error_message()[0] != '\0');
        }
        (void)ge_get_error_message();
    }
    fprintf(stderr, "  4000 mutations: %zu imported\n", ok);
    free(p);
    free(full);
    ob_free(&b);
}

/* Appends a varint. */
static size_t put_varint(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        p[n++] = byte | (v ? 0x80 : 0);
    } while (v);
    return n;
}

/* Wraps the message in buf[*pos..cap) as field `field` (length-delimited), prepending the
 * header in place (the buffer is filled back to front). */
static void wrap(uint8_t *buf, size_t *pos, size_t cap, unsigned field)
{
    uint8_t hdr[16];
    size_t h = put_varint(hdr, ((uint64_t)field << 3) | 2);
    h += put_varint(hdr + h, cap - *pos);
    if (h > *pos)
        abort();
    *pos -= h;
    memcpy(buf + *pos, hdr, h);
}

static void test_nesting_bombs(void)
{
    /* Wire level: attribute.g -> graph.node -> node.attribute -> ... 20000 levels, far
     * beyond any stack protobuf-c could recurse through. */
    size_t cap = 1 << 20, pos = cap;
    uint8_t *buf = calloc(1, cap);
    for (int level = 0; level < 20000; level++) {
        wrap(buf, &pos, cap, 6); /* AttributeProto.g */
        wrap(buf, &pos, cap, 5); /* NodeProto.attribute */
        wrap(buf, &pos, cap, 1); /* GraphProto.node */
    }
    wrap(buf, &pos, cap, 7); /* ModelProto.graph */
    size_t len = cap - pos;
    uint8_t *model = malloc(len + 2);
    model[0] = 0x08; /* ir_version = 8 */
    model[1] = 0x08;
    memcpy(model + 2, buf + pos, len);
    ge_graph *g = (ge_graph *)1;
    CHECK_EQ(import_bytes(model, len + 2, &g), GE_STATUS_PARAM_INVALID);
    CHECK(g == NULL);
    CHECK_CONTAINS(ge_get_error_message(), "nested deeper");
    free(model);
    free(buf);

    /* Importer level: If inside If ... 70 levels (within the wire limit). */
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 17);
    ob_input(&b, m->graph, "c", 9, NULL, 0);
    GeflowOnnx__GraphProto *g2 = m->graph;
    for (int level = 0; level < 70; level++) {
        GeflowOnnx__NodeProto *n = ob_node(&b, g2, "If", "c", "y", NULL);
        GeflowOnnx__AttributeProto *a = ob_attr(&b, n, "then_branch", 5);
        a->g = ob_graph(&b, "t");
        ob_output(&b, g2, "y", 1, NULL, -1);
        g2 = a->g;
    }
    ob_node(&b, g2, "Identity", "c", "y", NULL);
    ob_output(&b, g2, "y", 9, NULL, -1);
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "nested deeper than 64");
    ob_free(&b);
}

static void test_sizes(void)
{
    ob b = {0};
    GeflowOnnx__ModelProto *m = ob_model(&b, 8, 17);
    GeflowOnnx__GraphProto *g = m->graph;
    ob_node(&b, g, "Identity", "w", "y", NULL);
    ob_output(&b, g, "y", 1, NULL, -1);
    /* huge dims with little data: refused before anything is allocated */
    static const int64_t huge[] = {1ll << 40, 1ll << 20};
    GeflowOnnx__TensorProto *t = ob_tensor(&b, "w", 1, huge, 2);
    ob_raw(&b, t, "abcdefgh", 8);
    OB_PUSH(&b, g->initializer, g->n_initializer, t);
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "raw_data holds 8 bytes");
    t->has_raw_data = 0;
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "holds no data");
    t->n_float_data = 2;
    t->float_data = ob_alloc(&b, 8);
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "float_data holds 2 values");
    t->n_float_data = 0;
    /* dims whose product overflows int64, and whose byte size overflows size_t */
    static const int64_t over[] = {INT64_MAX / 2, 3};
    t->dims = (int64_t *)over;
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "overflow");
    static const int64_t over2[] = {1ll << 31, 1ll << 31};
    t->dims = (int64_t *)over2; /* 2^62 elements * 4 bytes */
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "overflow");
    static const int64_t neg[] = {2, -4};
    t->dims = (int64_t *)neg;
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "negative", "-4");
    static const int64_t small[] = {2, 1};
    t->dims = (int64_t *)small;
    ob_raw(&b, t, "abcdefg", 7);
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "raw_data holds 7 bytes", "needs 8");
    static const int64_t r13[13] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    t->dims = (int64_t *)r13;
    t->n_dims = 13;
    ob_raw(&b, t, "abcd", 4);
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "rank 13");
    t->n_dims = 2;
    t->dims = (int64_t *)small;
    t->has_data_location = 1;
    t->data_location = 7;
    ob_raw(&b, t, "abcdefgh", 8);
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'w'", "data_location");
    t->has_data_location = 0;
    GeflowOnnx__TensorProto__Segment seg = GEFLOW_ONNX__TENSOR_PROTO__SEGMENT__INIT;
    t->segment = &seg;
    EXPECT_FAIL(m, GE_STATUS_UNSUPPORTED, "'w'", "segment");
    t->segment = NULL;
    /* a declared shape that overflows, or is negative */
    static const int64_t vhuge[] = {INT64_MAX, INT64_MAX};
    GeflowOnnx__ValueInfoProto *vi = ob_input(&b, g, "in", 1, vhuge, 2);
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'in'", "overflow");
    vi->type->tensor_type->shape->dim[1]->dim_value = -3;
    vi->type->tensor_type->shape->dim[0]->dim_value = 1;
    EXPECT_FAIL(m, GE_STATUS_PARAM_INVALID, "'in'", "negative");
    ob_free(&b);
}

static void test_wire_damage(void)
{
    /* ir_version (field 1, varint) sent as length-delimited */
    static const uint8_t wrong_type[] = {0x0a, 0x01, 0x08};
    ge_graph *g = (ge_graph *)1;
    CHECK_EQ(import_bytes(wrong_type, sizeof wrong_type, &g), GE_STATUS_PARAM_INVALID);
    CHECK(g == NULL);
    CHECK_CONTAINS(ge_get_error_message(), "'ir_version'");
    /* graph (field 7) as a varint */
    static const uint8_t wrong_type2[] = {0x08, 0x08, 0x38, 0x01};
    CHECK_EQ(import_bytes(wrong_type2, sizeof wrong_type2, &g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "'graph'");
    /* a length past the end */
    static const uint8_t overrun[] = {0x08, 0x08, 0x3a, 0x7f, 0x00};
    CHECK_EQ(import_bytes(overrun, sizeof overrun, &g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "past the end");
    /* a truncated varint, a group wire type, field number 0 */
    static const uint8_t trunc[] = {0x08, 0xff};
    CHECK_EQ(import_bytes(trunc, sizeof trunc, &g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "truncated");
    static const uint8_t group[] = {0x0b};
    CHECK_EQ(import_bytes(group, sizeof group, &g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "group");
    static const uint8_t zero[] = {0x00, 0x00};
    CHECK_EQ(import_bytes(zero, sizeof zero, &g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "field number");
    /* text, empty input */
    static const char text[] = "this is not a model at all";
    CHECK_EQ(import_bytes(text, sizeof text - 1, &g), GE_STATUS_PARAM_INVALID);
    CHECK(ge_get_error_message()[0] != '\0');
    CHECK_EQ(import_bytes("", 0, &g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "ir_version");
    /* dims (packed int64) with a broken inner varint */
    static const uint8_t bad_packed[] = {0x08, 0x08, 0x3a, 0x06, 0x2a, 0x04, 0x0a, 0x02, 0xff, 0xff};
    CHECK_EQ(import_bytes(bad_packed, sizeof bad_packed, &g), GE_STATUS_PARAM_INVALID);
    CHECK(g == NULL);
    CHECK(ge_get_error_message()[0] != '\0');
}

static void test_tensor_pb_hostile(void)
{
    ob b = {0};
    GeflowOnnx__TensorProto *t = ob_tensor(&b, "t", 1, d2, 1);
    ob_raw(&b, t, "\0\0\x80\x3f\0\0\0\x40", 8);
    size_t size = geflow_onnx__tensor_proto__get_packed_size(t);
    uint8_t *full = malloc(size);
    geflow_onnx__tensor_proto__pack(t, full);
    for (size_t len = 0; len <= size; len++) {
        ir_tensor out;
        char *name = NULL;
        ge_status st = onnx_tensor_read_memory(full, len, NULL, &out, &name);
        if (st == GE_STATUS_SUCCESS) {
            CHECK(len == size);
            CHECK(((float *)out.data)[1] == 2.0f && strcmp(name, "t") == 0);
            ir_tensor_free_data(&out);
            ge_free(name);
        } else {
            CHECK(out.data == NULL && name == NULL);
            CHECK(ge_get_error_message()[0] != '\0');
        }
    }
    free(full);
    /* external data without a directory */
    t->has_data_location = 1;
    t->data_location = GEFLOW_ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
    ob_kv(&b, t, "location", "x.bin");
    size = geflow_onnx__tensor_proto__get_packed_size(t);
    full = malloc(size);
    geflow_onnx__tensor_proto__pack(t, full);
    ir_tensor out;
    CHECK_EQ(onnx_tensor_read_memory(full, size, NULL, &out, NULL), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "x.bin");
    free(full);
    /* unsupported element type */
    t = ob_tensor(&b, "f8", 17, d2, 1);
    ob_raw(&b, t, "ab", 2);
    size = geflow_onnx__tensor_proto__get_packed_size(t);
    full = malloc(size);
    geflow_onnx__tensor_proto__pack(t, full);
    CHECK_EQ(onnx_tensor_read_memory(full, size, NULL, &out, NULL), GE_STATUS_UNSUPPORTED);
    CHECK_CONTAINS(ge_get_error_message(), "FLOAT8E4M3FN");
    free(full);
    ob_free(&b);
}

/* Every allocation the import makes may fail: it must fail cleanly and leak nothing. */
static void test_allocation_failures(void)
{
    ob b = {0};
    size_t size;
    uint8_t *full = ob_pack(rich_model(&b), &size);
    long live = ge_alloc_live();
    bool done = false;
    int attempts = 0;
    for (long n = 0; !done && n < 100000; n++) {
        ge_graph *g = (ge_graph *)1;
        ge_alloc_fail_after(n);
        ge_status st = import_bytes(full, size, &g);
        ge_alloc_fail_after(-1);
        attempts++;
        if (st == GE_STATUS_SUCCESS) {
            done = true;
            ge_graph_destroy(g);
        } else {
            CHECK(g == NULL);
            CHECK(ge_get_error_message()[0] != '\0');
        }
        if (ge_alloc_live() != live) {
            CHECK_EQ(ge_alloc_live(), live);
            fprintf(stderr, "  leak after failing allocation %ld\n", n);
            break;
        }
    }
    CHECK(done);
    fprintf(stderr, "  import succeeded after %d attempts\n", attempts);
    /* the writer too */
    ge_graph *g = NULL;
    CHECK_EQ(import_bytes(full, size, &g), GE_STATUS_SUCCESS);
    done = false;
    for (long n = 0; !done && n < 100000; n++) {
        void *out = NULL;
        size_t outn = 0;
        long before = ge_alloc_live();
        ge_alloc_fail_after(n);
        ge_status st = ge_graph_save_onnx_memory(g, &out, &outn);
        ge_alloc_fail_after(-1);
        if (st == GE_STATUS_SUCCESS) {
            done = true;
            ge_onnx_buffer_free(out);
        } else {
            CHECK(out == NULL);
            (void)ge_get_error_message();
        }
        if (ge_alloc_live() != before) {
            CHECK_EQ(ge_alloc_live(), before);
            break;
        }
    }
    CHECK(done);
    ge_graph_destroy(g);
    free(full);
    ob_free(&b);
}

int main(void)
{
    long live = ge_alloc_live();
    RUN_TEST(test_every_prefix);
    RUN_TEST(test_byte_flips);
    RUN_TEST(test_nesting_bombs);
    RUN_TEST(test_sizes);
    RUN_TEST(test_wire_damage);
    RUN_TEST(test_tensor_pb_hostile);
    RUN_TEST(test_allocation_failures);
    CHECK_EQ(ge_alloc_live(), live);
    return test_result();
}

/* Builds ONNX models in tests with the generated protobuf-c structs. Every allocation is
 * tracked by the builder and freed by ob_free; value lists are comma-separated strings
 * ("a,b,,c": an empty entry is an absent optional). */
#ifndef GEFLOW_TEST_ONNX_BUILDER_H
#define GEFLOW_TEST_ONNX_BUILDER_H

#include "onnx.pb-c.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ob {
    void **ptrs;
    size_t n, cap;
} ob;

static inline void *ob_alloc(ob *b, size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        abort();
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->ptrs = realloc(b->ptrs, b->cap * sizeof *b->ptrs);
        if (!b->ptrs)
            abort();
    }
    b->ptrs[b->n++] = p;
    return p;
}

static inline char *ob_str(ob *b, const char *s)
{
    char *d = ob_alloc(b, strlen(s) + 1);
    strcpy(d, s);
    return d;
}

static inline void ob_free(ob *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->ptrs[i]);
    free(b->ptrs);
    memset(b, 0, sizeof *b);
}

/* Appends item to (*arr, *n), growing through the builder (old arrays stay tracked). */
static inline void ob_push(ob *b, void ***arr, size_t *n, void *item)
{
    void **na = ob_alloc(b, (*n + 1) * sizeof *na);
    if (*n)
        memcpy(na, *arr, *n * sizeof *na);
    na[(*n)++] = item;
    *arr = na;
}
#define OB_PUSH(b, arr, n, item) ob_push((b), (void ***)&(arr), &(n), (item))

static inline char **ob_names(ob *b, const char *list, size_t *out_n)
{
    *out_n = 0;
    if (!list || !*list)
        return NULL;
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ',';
    char **v = ob_alloc(b, cap * sizeof *v);
    const char *p = list;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *s = ob_alloc(b, len + 1);
        memcpy(s, p, len);
        v[(*out_n)++] = s;
        if (!e)
            break;
        p = e + 1;
    }
    return v;
}

static inline GeflowOnnx__ModelProto *ob_model(ob *b, int64_t ir_version, int64_t opset)
{
    GeflowOnnx__ModelProto *m = ob_alloc(b, sizeof *m);
    geflow_onnx__model_proto__init(m);
    m->has_ir_version = 1;
    m->ir_version = ir_version;
    GeflowOnnx__GraphProto *g = ob_alloc(b, sizeof *g);
    geflow_onnx__graph_proto__init(g);
    g->name = ob_str(b, "main");
    m->graph = g;
    if (opset > 0) {
        GeflowOnnx__OperatorSetIdProto *o = ob_alloc(b, sizeof *o);
        geflow_onnx__operator_set_id_proto__init(o);
        o->domain = ob_str(b, "");
        o->has_version = 1;
        o->version = opset;
        OB_PUSH(b, m->opset_import, m->n_opset_import, o);
    }
    return m;
}

static inline void ob_opset(ob *b, GeflowOnnx__ModelProto *m, const char *domain, int64_t version)
{
    GeflowOnnx__OperatorSetIdProto *o = ob_alloc(b, sizeof *o);
    geflow_onnx__operator_set_id_proto__init(o);
    o->domain = ob_str(b, domain);
    o->has_version = 1;
    o->version = version;
    OB_PUSH(b, m->opset_import, m->n_opset_import, o);
}

static inline GeflowOnnx__GraphProto *ob_graph(ob *b, const char *name)
{
    GeflowOnnx__GraphProto *g = ob_alloc(b, sizeof *g);
    geflow_onnx__graph_proto__init(g);
    g->name = ob_str(b, name);
    return g;
}

/* A tensor type; dims < 0 become dim_param "N" (-1) or no value (-2); rank < 0: no shape. */
static inline GeflowOnnx__TypeProto *ob_tensor_type(ob *b, int32_t elem, const int64_t *dims, int rank)
{
    GeflowOnnx__TypeProto *t = ob_alloc(b, sizeof *t);
    geflow_onnx__type_proto__init(t);
    GeflowOnnx__TypeProto__Tensor *tt = ob_alloc(b, sizeof *tt);
    geflow_onnx__type_proto__tensor__init(tt);
    t->value_case = GEFLOW_ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    t->tensor_type = tt;
    if (elem) {
        tt->has_elem_type = 1;
        tt->elem_type = elem;
    }
    if (rank >= 0) {
        GeflowOnnx__TensorShapeProto *sp = ob_alloc(b, sizeof *sp);
        geflow_onnx__tensor_shape_proto__init(sp);
        for (int i = 0; i < rank; i++) {
            GeflowOnnx__TensorShapeProto__Dimension *d = ob_alloc(b, sizeof *d);
            geflow_onnx__tensor_shape_proto__dimension__init(d);
            if (dims[i] >= 0) {
                d->value_case = GEFLOW_ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
                d->dim_value = dims[i];
            } else if (dims[i] == -1) {
                d->value_case = GEFLOW_ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
                d->dim_param = ob_str(b, "N");
            }
            OB_PUSH(b, sp->dim, sp->n_dim, d);
        }
        tt->shape = sp;
    }
    return t;
}

static inline GeflowOnnx__ValueInfoProto *ob_vi(ob *b, const char *name, int32_t elem,
                                         const int64_t *dims, int rank)
{
    GeflowOnnx__ValueInfoProto *v = ob_alloc(b, sizeof *v);
    geflow_onnx__value_info_proto__init(v);
    v->name = ob_str(b, name);
    v->type = ob_tensor_type(b, elem, dims, rank);
    return v;
}

static inline GeflowOnnx__ValueInfoProto *ob_input(ob *b, GeflowOnnx__GraphProto *g, const char *name,
                                            int32_t elem, const int64_t *dims, int rank)
{
    GeflowOnnx__ValueInfoProto *v = ob_vi(b, name, elem, dims, rank);
    OB_PUSH(b, g->input, g->n_input, v);
    return v;
}

static inline GeflowOnnx__ValueInfoProto *ob_output(ob *b, GeflowOnnx__GraphProto *g, const char *name,
                                             int32_t elem, const int64_t *dims, int rank)
{
    GeflowOnnx__ValueInfoProto *v = ob_vi(b, name, elem, dims, rank);
    OB_PUSH(b, g->output, g->n_output, v);
    return v;
}

static inline GeflowOnnx__NodeProto *ob_node_new(ob *b, const char *op, const char *inputs,
                                          const char *outputs, const char *name)
{
    GeflowOnnx__NodeProto *n = ob_alloc(b, sizeof *n);
    geflow_onnx__node_proto__init(n);
    n->op_type = ob_str(b, op);
    if (name)
        n->name = ob_str(b, name);
    n->input = ob_names(b, inputs, &n->n_input);
    n->output = ob_names(b, outputs, &n->n_output);
    return n;
}

static inline GeflowOnnx__NodeProto *ob_node(ob *b, GeflowOnnx__GraphProto *g, const char *op,
                                      const char *inputs, const char *outputs, const char *name)
{
    GeflowOnnx__NodeProto *n = ob_node_new(b, op, inputs, outputs, name);
    OB_PUSH(b, g->node, g->n_node, n);
    return n;
}

static inline GeflowOnnx__AttributeProto *ob_attr(ob *b, GeflowOnnx__NodeProto *n, const char *name,
                                           int type)
{
    GeflowOnnx__AttributeProto *a = ob_alloc(b, sizeof *a);
    geflow_onnx__attribute_proto__init(a);
    a->name = ob_str(b, name);
    if (type) {
        a->has_type = 1;
        a->type = (GeflowOnnx__AttributeProto__AttributeType)type;
    }
    if (n)
        OB_PUSH(b, n->attribute, n->n_attribute, a);
    return a;
}

static inline void ob_attr_int(ob *b, GeflowOnnx__NodeProto *n, const char *name, int64_t v)
{
    GeflowOnnx__AttributeProto *a = ob_attr(b, n, name, 2);
    a->has_i = 1;
    a->i = v;
}

static inline void ob_attr_float(ob *b, GeflowOnnx__NodeProto *n, const char *name, float v)
{
    GeflowOnnx__AttributeProto *a = ob_attr(b, n, name, 1);
    a->has_f = 1;
    a->f = v;
}

static inline void ob_attr_ints(ob *b, GeflowOnnx__NodeProto *n, const char *name, const int64_t *v,
                         size_t count)
{
    GeflowOnnx__AttributeProto *a = ob_attr(b, n, name, 7);
    a->n_ints = count;
    a->ints = ob_alloc(b, count * sizeof *v + 1);
    memcpy(a->ints, v, count * sizeof *v);
}

static inline GeflowOnnx__TensorProto *ob_tensor(ob *b, const char *name, int32_t type,
                                          const int64_t *dims, size_t rank)
{
    GeflowOnnx__TensorProto *t = ob_alloc(b, sizeof *t);
    geflow_onnx__tensor_proto__init(t);
    if (name)
        t->name = ob_str(b, name);
    t->has_data_type = 1;
    t->data_type = type;
    t->n_dims = rank;
    t->dims = ob_alloc(b, rank * sizeof *dims + 1);
    if (rank)
        memcpy(t->dims, dims, rank * sizeof *dims);
    return t;
}

static inline void ob_raw(ob *b, GeflowOnnx__TensorProto *t, const void *data, size_t bytes)
{
    t->has_raw_data = 1;
    t->raw_data.len = bytes;
    t->raw_data.data = ob_alloc(b, bytes);
    if (bytes)
        memcpy(t->raw_data.data, data, bytes);
}

static inline GeflowOnnx__TensorProto *ob_init_f32(ob *b, GeflowOnnx__GraphProto *g, const char *name,
                                            const int64_t *dims, size_t rank, const float *v)
{
    GeflowOnnx__TensorProto *t = ob_tensor(b, name, 1, dims, rank);
    size_t n = 1;
    for (size_t i = 0; i < rank; i++)
        n *= (size_t)dims[i];
    ob_raw(b, t, v, n * sizeof(float));
    OB_PUSH(b, g->initializer, g->n_initializer, t);
    return t;
}

static inline void ob_kv(ob *b, GeflowOnnx__TensorProto *t, const char *key, const char *value)
{
    GeflowOnnx__StringStringEntryProto *e = ob_alloc(b, sizeof *e);
    geflow_onnx__string_string_entry_proto__init(e);
    e->key = ob_str(b, key);
    e->value = ob_str(b, value);
    OB_PUSH(b, t->external_data, t->n_external_data, e);
}

/* Packs a model into a malloc'd buffer (free). */
static inline uint8_t *ob_pack(const GeflowOnnx__ModelProto *m, size_t *size)
{
    *size = geflow_onnx__model_proto__get_packed_size(m);
    uint8_t *buf = malloc(*size ? *size : 1);
    if (!buf)
        abort();
    geflow_onnx__model_proto__pack(m, buf);
    return buf;
}

#endif

/* The public graph-building API (include/geflow/ge_graph.h) over the IR. Validation lives in
 * src/compiler/validate.c (it needs the op registry). */
#include "geflow/ge_graph.h"

#include "base/alloc.h"
#include "base/error.h"
#include "ir/api_tensor.h"
#include "ir/graph.h"

#include <stdio.h>
#include <string.h>

#define NEED(ptr, fn, what)                                                                        \
    do {                                                                                           \
        if (!(ptr)) {                                                                              \
            ge_error_set("%s: %s is NULL", fn, what);                                              \
            return GE_STATUS_PARAM_INVALID;                                                        \
        }                                                                                          \
    } while (0)

static ge_status shape_from(const char *fn, const char *name, const int64_t *dims, int32_t rank,
                            ir_shape *out)
{
    if (rank == GE_RANK_UNKNOWN) {
        *out = ir_shape_unknown();
        return GE_STATUS_SUCCESS;
    }
    if (rank < 0 || rank > IR_MAX_RANK) {
        ge_error_set("%s: '%s': rank %d is out of range; expected 0..%d or GE_RANK_UNKNOWN (-2)", fn,
                     name, (int)rank, IR_MAX_RANK);
        return GE_STATUS_PARAM_INVALID;
    }
    if (rank && !dims) {
        ge_error_set("%s: '%s': dims is NULL with rank %d", fn, name, (int)rank);
        return GE_STATUS_PARAM_INVALID;
    }
    for (int32_t i = 0; i < rank; i++)
        if (dims[i] < GE_DIM_UNKNOWN) {
            ge_error_set("%s: '%s': dim %d is %lld; expected >= 0 or -1 (unknown)", fn, name, (int)i,
                         (long long)dims[i]);
            return GE_STATUS_PARAM_INVALID;
        }
    ir_shape_make(out, (size_t)rank, dims);
    return GE_STATUS_SUCCESS;
}

GEFLOW_API ge_status ge_graph_create(const char *name, ge_graph **out_graph)
{
    NEED(out_graph, "ge_graph_create", "out_graph");
    return ir_graph_create(name, out_graph);
}

GEFLOW_API void ge_graph_destroy(ge_graph *graph)
{
    if (graph && graph->parent) /* owned by its parent's node: never freed from here */
        return;
    ir_graph_destroy(graph);
}

GEFLOW_API ge_status ge_graph_copy(const ge_graph *graph, ge_graph **out_graph)
{
    NEED(out_graph, "ge_graph_copy", "out_graph");
    *out_graph = NULL;
    NEED(graph, "ge_graph_copy", "graph");
    return ir_graph_copy(graph, out_graph);
}

GEFLOW_API const char *ge_graph_get_name(const ge_graph *graph)
{
    return graph ? graph->name : NULL;
}

GEFLOW_API ge_status ge_graph_set_opset(ge_graph *graph, const char *domain, int version)
{
    NEED(graph, "ge_graph_set_opset", "graph");
    return ir_graph_set_opset(graph, domain, version);
}

GEFLOW_API ge_status ge_graph_add_input(ge_graph *graph, const char *name, ge_dtype dtype,
                                        const int64_t *dims, int32_t rank, int32_t index)
{
    static const char fn[] = "ge_graph_add_input";
    NEED(graph, fn, "graph");
    NEED(name, fn, "name");
    ir_shape shape;
    ge_status st = shape_from(fn, name, dims, rank, &shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return ir_graph_add_input(graph, name, dtype, &shape, index, NULL);
}

static ge_status add_constant_view(ge_graph *graph, const char *fn, const char *name, ge_dtype dtype,
                                   const ir_shape *shape, const void *data, size_t bytes)
{
    if (!ge_dtype_is_valid((int)dtype) || dtype == GE_DTYPE_UNDEFINED) {
        ge_error_set("%s: constant '%s': dtype %d is not a ge_dtype", fn, name, (int)dtype);
        return GE_STATUS_PARAM_INVALID;
    }
    if (dtype == GE_DTYPE_STRING) {
        ge_error_set("%s: constant '%s': string constants are not built from bytes", fn, name);
        return GE_STATUS_PARAM_INVALID;
    }
    size_t need;
    char sb[128];
    if (!ir_tensor_byte_size(dtype, shape, &need)) {
        ge_error_set("%s: constant '%s': the size of %s %s is not computable", fn, name,
                     ge_dtype_name(dtype), ir_shape_format(shape, sb, sizeof sb));
        return GE_STATUS_PARAM_INVALID;
    }
    if (bytes != need) {
        ge_error_set("%s: constant '%s': %s %s needs %zu bytes; found %zu", fn, name,
                     ge_dtype_name(dtype), ir_shape_format(shape, sb, sizeof sb), need, bytes);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!data && bytes) {
        ge_error_set("%s: constant '%s': data is NULL", fn, name);
        return GE_STATUS_PARAM_INVALID;
    }
    /* Refuse duplicates before copying the data. */
    ir_value *old = ir_graph_value(graph, name);
    if (old && ir_value_is_defined(old)) {
        ir_tensor none = {.dtype = dtype, .shape = *shape};
        return ir_graph_add_constant_taken(graph, name, &none, NULL); /* sets the message */
    }
    ir_tensor t;
    ge_status st = ir_tensor_from_data(&t, dtype, shape, data, bytes);
    if (st != GE_STATUS_SUCCESS) {
        ge_error_prefix("%s: constant '%s': ", fn, name);
        return st;
    }
    st = ir_graph_add_constant_taken(graph, name, &t, NULL);
    if (st != GE_STATUS_SUCCESS)
        ir_tensor_free_data(&t);
    return st;
}

GEFLOW_API ge_status ge_graph_add_constant(ge_graph *graph, const char *name, ge_dtype dtype,
                                           const int64_t *dims, size_t rank, const void *data,
                                           size_t bytes)
{
    static const char fn[] = "ge_graph_add_constant";
    NEED(graph, fn, "graph");
    NEED(name, fn, "name");
    if (rank > IR_MAX_RANK) {
        ge_error_set("%s: constant '%s': rank %zu exceeds the maximum %d", fn, name, rank, IR_MAX_RANK);
        return GE_STATUS_PARAM_INVALID;
    }
    ir_shape shape;
    ge_status st = shape_from(fn, name, dims, (int32_t)rank, &shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return add_constant_view(graph, fn, name, dtype, &shape, data, bytes);
}

/* A host tensor with data, as an ir_tensor view; sets a message otherwise. */
static ge_status host_view(const char *fn, const char *what, const ge_tensor *t, ir_tensor *out)
{
    if (t->placement != GE_PLACEMENT_HOST) {
        ge_error_set("%s: %s: expected a host tensor, found device placement", fn, what);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!t->data) {
        ge_error_set("%s: %s: the tensor has no data", fn, what);
        return GE_STATUS_PARAM_INVALID;
    }
    *out = ge_tensor_view(t);
    return GE_STATUS_SUCCESS;
}

GEFLOW_API ge_status ge_graph_add_constant_tensor(ge_graph *graph, const char *name,
                                                  const ge_tensor *tensor)
{
    static const char fn[] = "ge_graph_add_constant_tensor";
    NEED(graph, fn, "graph");
    NEED(name, fn, "name");
    NEED(tensor, fn, "tensor");
    ir_tensor v;
    char what[256];
    snprintf(what, sizeof what, "constant '%s'", name);
    ge_status st = host_view(fn, what, tensor, &v);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (v.dtype == GE_DTYPE_STRING) {
        ir_value *old = ir_graph_value(graph, name);
        if (old && ir_value_is_defined(old)) {
            ir_tensor none = {.dtype = v.dtype, .shape = v.shape};
            return ir_graph_add_constant_taken(graph, name, &none, NULL);
        }
        ir_tensor c;
        if ((st = ir_tensor_clone(&c, &v)) != GE_STATUS_SUCCESS)
            return st;
        if ((st = ir_graph_add_constant_taken(graph, name, &c, NULL)) != GE_STATUS_SUCCESS)
            ir_tensor_free_data(&c);
        return st;
    }
    return add_constant_view(graph, fn, name, v.dtype, &v.shape, v.data, v.bytes);
}

GEFLOW_API ge_status ge_graph_add_node(ge_graph *graph, const char *op_type, const char *domain,
                                       const char *name, const char *const *inputs, size_t n_inputs,
                                       const char *const *outputs, size_t n_outputs,
                                       ge_node **out_node)
{
    static const char fn[] = "ge_graph_add_node";
    if (out_node)
        *out_node = NULL;
    NEED(graph, fn, "graph");
    NEED(op_type, fn, "op_type");
    return ir_graph_add_node(graph, op_type, domain, name, inputs, n_inputs, outputs, n_outputs,
                             out_node);
}

GEFLOW_API ge_status ge_graph_add_output(ge_graph *graph, const char *name)
{
    NEED(graph, "ge_graph_add_output", "graph");
    NEED(name, "ge_graph_add_output", "name");
    return ir_graph_add_output(graph, name);
}

GEFLOW_API ge_status ge_graph_set_value_info(ge_graph *graph, const char *name, ge_dtype dtype,
                                             const int64_t *dims, int32_t rank)
{
    static const char fn[] = "ge_graph_set_value_info";
    NEED(graph, fn, "graph");
    NEED(name, fn, "name");
    ir_shape shape;
    ge_status st = shape_from(fn, name, dims, rank, &shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return ir_graph_set_value_info(graph, name, dtype, &shape);
}

/* ---- attributes ---- */

static ge_status attach(ge_node *node, ir_attr *a, ge_status st)
{
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ir_node_set_attr(node, a);
    if (st != GE_STATUS_SUCCESS) {
        if (a->kind == IR_ATTR_GRAPH)
            a->g = NULL; /* still the caller's */
        ir_attr_clear(a);
    }
    return st;
}

#define ATTR_PROLOGUE(fn)                                                                          \
    ir_attr a;                                                                                     \
    NEED(node, fn, "node");                                                                        \
    NEED(name, fn, "name");                                                                        \
    if (!name[0]) {                                                                                \
        ge_error_set("%s: node '%s': the attribute name is empty", fn, node->name);               \
        return GE_STATUS_PARAM_INVALID;                                                            \
    }

GEFLOW_API ge_status ge_node_set_attr_int(ge_node *node, const char *name, int64_t value)
{
    ATTR_PROLOGUE("ge_node_set_attr_int");
    return attach(node, &a, ir_attr_set_int(&a, name, value));
}

GEFLOW_API ge_status ge_node_set_attr_float(ge_node *node, const char *name, float value)
{
    ATTR_PROLOGUE("ge_node_set_attr_float");
    return attach(node, &a, ir_attr_set_float(&a, name, value));
}

GEFLOW_API ge_status ge_node_set_attr_string(ge_node *node, const char *name, const char *value)
{
    ATTR_PROLOGUE("ge_node_set_attr_string");
    NEED(value, "ge_node_set_attr_string", "value");
    return attach(node, &a, ir_attr_set_string(&a, name, value, strlen(value)));
}

GEFLOW_API ge_status ge_node_set_attr_ints(ge_node *node, const char *name, const int64_t *values,
                                           size_t count)
{
    ATTR_PROLOGUE("ge_node_set_attr_ints");
    if (count)
        NEED(values, "ge_node_set_attr_ints", "values");
    return attach(node, &a, ir_attr_set_ints(&a, name, values, count));
}

GEFLOW_API ge_status ge_node_set_attr_floats(ge_node *node, const char *name, const float *values,
                                             size_t count)
{
    ATTR_PROLOGUE("ge_node_set_attr_floats");
    if (count)
        NEED(values, "ge_node_set_attr_floats", "values");
    return attach(node, &a, ir_attr_set_floats(&a, name, values, count));
}

GEFLOW_API ge_status ge_node_set_attr_strings(ge_node *node, const char *name,
                                              const char *const *values, size_t count)
{
    ATTR_PROLOGUE("ge_node_set_attr_strings");
    if (count)
        NEED(values, "ge_node_set_attr_strings", "values");
    for (size_t i = 0; i < count; i++)
        if (!values[i]) {
            ge_error_set("ge_node_set_attr_strings: node '%s' attribute '%s': string %zu is NULL",
                         node->name, name, i);
            return GE_STATUS_PARAM_INVALID;
        }
    return attach(node, &a, ir_attr_set_strings(&a, name, values, count));
}

GEFLOW_API ge_status ge_node_set_attr_tensor(ge_node *node, const char *name, const ge_tensor *value)
{
    static const char fn[] = "ge_node_set_attr_tensor";
    ATTR_PROLOGUE(fn);
    NEED(value, fn, "value");
    ir_tensor v;
    char what[256];
    snprintf(what, sizeof what, "node '%s' attribute '%s'", node->name, name);
    ge_status st = host_view(fn, what, value, &v);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return attach(node, &a, ir_attr_set_tensor(&a, name, &v));
}

GEFLOW_API ge_status ge_node_set_attr_graph(ge_node *node, const char *name, ge_graph *subgraph)
{
    static const char fn[] = "ge_node_set_attr_graph";
    ATTR_PROLOGUE(fn);
    NEED(subgraph, fn, "subgraph");
    return attach(node, &a, ir_attr_set_graph(&a, name, subgraph));
}

/* ---- lookup ---- */

GEFLOW_API ge_status ge_graph_find_node(const ge_graph *graph, const char *name, ge_node **out_node)
{
    static const char fn[] = "ge_graph_find_node";
    NEED(out_node, fn, "out_node");
    *out_node = NULL;
    NEED(graph, fn, "graph");
    NEED(name, fn, "name");
    ir_node *n = ir_graph_node(graph, name);
    if (!n) {
        ge_error_set("%s: graph '%s' has no node named '%s'", fn, graph->name, name);
        return GE_STATUS_PARAM_INVALID;
    }
    *out_node = n;
    return GE_STATUS_SUCCESS;
}

GEFLOW_API bool ge_graph_has_value(const ge_graph *graph, const char *name)
{
    return graph && name && ir_value_is_defined(ir_graph_value(graph, name));
}

static ge_status find_value(const char *fn, const ge_graph *graph, const char *name, ir_value **out)
{
    NEED(graph, fn, "graph");
    NEED(name, fn, "name");
    ir_value *v = ir_graph_value(graph, name);
    if (!v) {
        ge_error_set("%s: graph '%s' has no value named '%s'", fn, graph->name, name);
        return GE_STATUS_PARAM_INVALID;
    }
    *out = v;
    return GE_STATUS_SUCCESS;
}

GEFLOW_API ge_status ge_graph_get_value_dtype(const ge_graph *graph, const char *name,
                                              ge_dtype *out_dtype)
{
    static const char fn[] = "ge_graph_get_value_dtype";
    NEED(out_dtype, fn, "out_dtype");
    *out_dtype = GE_DTYPE_UNDEFINED;
    ir_value *v = NULL;
    ge_status st = find_value(fn, graph, name, &v);
    if (st == GE_STATUS_SUCCESS)
        *out_dtype = v->dtype;
    return st;
}

GEFLOW_API ge_status ge_graph_get_value_shape(const ge_graph *graph, const char *name,
                                              int64_t *out_dims, size_t capacity, int32_t *out_rank)
{
    static const char fn[] = "ge_graph_get_value_shape";
    NEED(out_rank, fn, "out_rank");
    *out_rank = GE_RANK_UNKNOWN;
    ir_value *v = NULL;
    ge_status st = find_value(fn, graph, name, &v);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (v->shape.rank > 0 && (!out_dims || capacity < (size_t)v->shape.rank)) {
        ge_error_set("%s: value '%s' has rank %d; out_dims holds %zu", fn, name, (int)v->shape.rank,
                     out_dims ? capacity : 0);
        return GE_STATUS_PARAM_INVALID;
    }
    for (int32_t i = 0; i < v->shape.rank; i++)
        out_dims[i] = v->shape.dims[i];
    *out_rank = v->shape.rank;
    return GE_STATUS_SUCCESS;
}

GEFLOW_API size_t ge_graph_get_input_count(const ge_graph *graph)
{
    return graph ? graph->n_inputs : 0;
}

GEFLOW_API const char *ge_graph_get_input_name(const ge_graph *graph, size_t index)
{
    return graph && index < graph->n_inputs ? graph->inputs[index]->name : NULL;
}

GEFLOW_API size_t ge_graph_get_output_count(const ge_graph *graph)
{
    return graph ? graph->n_outputs : 0;
}

GEFLOW_API const char *ge_graph_get_output_name(const ge_graph *graph, size_t index)
{
    return graph && index < graph->n_outputs ? graph->outputs[index]->name : NULL;
}

GEFLOW_API size_t ge_graph_get_constant_count(const ge_graph *graph)
{
    size_t n = 0;
    for (size_t i = 0; graph && i < graph->n_values; i++)
        n += graph->values[i]->kind == IR_VALUE_CONST;
    return n;
}

GEFLOW_API size_t ge_graph_get_node_count(const ge_graph *graph)
{
    return graph ? graph->n_nodes : 0;
}

GEFLOW_API ge_node *ge_graph_get_node(const ge_graph *graph, size_t index)
{
    return graph && index < graph->n_nodes ? graph->nodes[index] : NULL;
}

GEFLOW_API const char *ge_node_get_name(const ge_node *node)
{
    return node ? node->name : NULL;
}

GEFLOW_API const char *ge_node_get_op_type(const ge_node *node)
{
    return node ? node->op_type : NULL;
}

GEFLOW_API const char *ge_node_get_domain(const ge_node *node)
{
    return node ? node->domain : NULL;
}

GEFLOW_API size_t ge_node_get_input_count(const ge_node *node)
{
    return node ? node->n_inputs : 0;
}

GEFLOW_API const char *ge_node_get_input_name(const ge_node *node, size_t index)
{
    if (!node || index >= node->n_inputs)
        return NULL;
    return node->inputs[index] ? node->inputs[index]->name : "";
}

GEFLOW_API size_t ge_node_get_output_count(const ge_node *node)
{
    return node ? node->n_outputs : 0;
}

GEFLOW_API const char *ge_node_get_output_name(const ge_node *node, size_t index)
{
    if (!node || index >= node->n_outputs)
        return NULL;
    return node->outputs[index] ? node->outputs[index]->name : "";
}

/* include/geflow/ge_graph_info.h over the IR. */
#include "geflow/ge_graph_info.h"

#include "base/error.h"
#include "ir/graph.h"

GEFLOW_API size_t ge_graph_get_opset_count(const ge_graph *graph)
{
    return graph ? graph->n_opsets : 0;
}

GEFLOW_API ge_status ge_graph_get_opset_at(const ge_graph *graph, size_t index, const char **out_domain,
                                           int *out_version)
{
    if (!graph || index >= graph->n_opsets) {
        ge_error_set("ge_graph_get_opset_at: %s; index %zu, the graph has %zu opset imports",
                     graph ? "index out of range" : "graph is NULL", index, graph ? graph->n_opsets : 0);
        return GE_STATUS_PARAM_INVALID;
    }
    const ir_opset *o = &graph->opsets[index];
    if (out_domain)
        *out_domain = (!o->domain || !o->domain[0]) ? "ai.onnx" : o->domain;
    if (out_version)
        *out_version = o->version;
    return GE_STATUS_SUCCESS;
}

GEFLOW_API const char *ge_graph_get_constant_name(const ge_graph *graph, size_t index)
{
    for (size_t i = 0; graph && i < graph->n_values; i++)
        if (graph->values[i]->kind == IR_VALUE_CONST && index-- == 0)
            return graph->values[i]->name;
    return NULL;
}

GEFLOW_API size_t ge_node_get_subgraph_count(const ge_node *node)
{
    size_t n = 0;
    for (size_t i = 0; node && i < node->n_attrs; i++) {
        if (node->attrs[i].kind == IR_ATTR_GRAPH && node->attrs[i].g)
            n++;
        else if (node->attrs[i].kind == IR_ATTR_GRAPHS)
            n += node->attrs[i].count;
    }
    return n;
}

GEFLOW_API const ge_graph *ge_node_get_subgraph(const ge_node *node, size_t index)
{
    for (size_t i = 0; node && i < node->n_attrs; i++) {
        const ir_attr *a = &node->attrs[i];
        if (a->kind == IR_ATTR_GRAPH && a->g) {
            if (index-- == 0)
                return a->g;
        } else if (a->kind == IR_ATTR_GRAPHS) {
            if (index < a->count)
                return a->graphs[index];
            index -= a->count;
        }
    }
    return NULL;
}

/* Graph introspection beyond ge_graph.h, for tools that describe a model (`geflow info`):
 * opset imports, constants (initializers) and subgraph attributes. Everything returned is
 * borrowed from the graph and lives as long as it (and is unchanged while it is). */
#ifndef GEFLOW_GE_GRAPH_INFO_H
#define GEFLOW_GE_GRAPH_INFO_H

#include "geflow/ge_graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The graph's own opset imports, in the order they were set. */
GEFLOW_API size_t ge_graph_get_opset_count(const ge_graph *graph);
/* Import `index`: domain ("ai.onnx" for the ONNX domain) and version. PARAM_INVALID when
 * index is out of range. */
GEFLOW_API ge_status ge_graph_get_opset_at(const ge_graph *graph, size_t index, const char **out_domain,
                                           int *out_version);
/* The name of constant `index` (0 .. ge_graph_get_constant_count - 1, in insertion order);
 * NULL when out of range. Its dtype and shape come from ge_graph_get_value_dtype/_shape. */
GEFLOW_API const char *ge_graph_get_constant_name(const ge_graph *graph, size_t index);
/* The subgraphs held by a node's graph attributes (If branches, Loop/Scan bodies). */
GEFLOW_API size_t ge_node_get_subgraph_count(const ge_node *node);
/* NULL when out of range. */
GEFLOW_API const ge_graph *ge_node_get_subgraph(const ge_node *node, size_t index);

#ifdef __cplusplus
}
#endif

#endif

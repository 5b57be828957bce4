/* Building graphs: inputs (GE "Data", each with an index), constants, nodes by op type with
 * attributes of every ONNX kind, outputs, subgraphs; lookup; validation.
 *
 * Ownership: a ge_graph you create is yours to destroy, unless you pass it to
 * ge_node_set_attr_graph, which takes it on success (it becomes a subgraph, destroyed with
 * its parent). A ge_node* is borrowed from its graph and lives as long as the graph; names
 * returned by getters are borrowed likewise. Data given to add functions is copied.
 *
 * Names: values (inputs, constants, node outputs) and nodes have unique names per graph; a
 * node's inputs may name values that are added later, or — in a subgraph — values of an
 * enclosing graph (outer-scope references, resolved by name through the parent chain).
 *
 * Errors: every function returns a ge_status and leaves a message naming the graph, node or
 * value, the index, what was expected and what was found (ge_get_error_message()). A failed
 * call leaves the graph unchanged. */
#ifndef GEFLOW_GE_GRAPH_H
#define GEFLOW_GE_GRAPH_H

#include "geflow/ge_tensor.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ir_graph ge_graph; /* opaque */
typedef struct ir_node ge_node;   /* opaque, borrowed from its graph */

GEFLOW_API ge_status ge_graph_create(const char *name, ge_graph **out_graph);
/* Accepts NULL; does nothing for a graph that became a subgraph (its parent owns it). */
GEFLOW_API void ge_graph_destroy(ge_graph *graph);
/* Deep copy (subgraphs, constants and attributes included). */
GEFLOW_API ge_status ge_graph_copy(const ge_graph *graph, ge_graph **out_graph);
GEFLOW_API const char *ge_graph_get_name(const ge_graph *graph);

/* Opset import for a domain (NULL, "" or "ai.onnx": the ONNX domain). Nodes use their graph's
 * import (subgraphs inherit the enclosing graph's); without one, the newest opset known. */
GEFLOW_API ge_status ge_graph_set_opset(ge_graph *graph, const char *domain, int version);

/* A graph input. rank may be GE_RANK_UNKNOWN (dims ignored) and dims may be GE_DIM_UNKNOWN.
 * Indexes must end up exactly 0..N-1 (checked by ge_graph_validate); an index already taken
 * is refused here. In a subgraph the inputs are the body's formal parameters, in index order. */
GEFLOW_API ge_status ge_graph_add_input(ge_graph *graph, const char *name, ge_dtype dtype,
                                        const int64_t *dims, int32_t rank, int32_t index);
/* A constant (initializer) from host data, copied; bytes must equal the shape's byte size. */
GEFLOW_API ge_status ge_graph_add_constant(ge_graph *graph, const char *name, ge_dtype dtype,
                                           const int64_t *dims, size_t rank, const void *data,
                                           size_t bytes);
/* A constant from a host tensor with data (copied). */
GEFLOW_API ge_status ge_graph_add_constant_tensor(ge_graph *graph, const char *name,
                                                  const ge_tensor *tensor);
/* A node. domain NULL/"" = ai.onnx. name NULL/"" = a generated unique name. inputs[i] NULL or
 * "" = an absent optional input; outputs[i] likewise. Op type, arity and attributes are
 * checked by ge_graph_validate. out_node may be NULL. */
GEFLOW_API ge_status ge_graph_add_node(ge_graph *graph, const char *op_type, const char *domain,
                                       const char *name, const char *const *inputs, size_t n_inputs,
                                       const char *const *outputs, size_t n_outputs,
                                       ge_node **out_node);
/* Marks a value as the next graph output (in call order). */
GEFLOW_API ge_status ge_graph_add_output(ge_graph *graph, const char *name);
/* Declares a value's dtype (GE_DTYPE_UNDEFINED: not declared) and shape (rank
 * GE_RANK_UNKNOWN: not declared); validation checks inference against it. */
GEFLOW_API ge_status ge_graph_set_value_info(ge_graph *graph, const char *name, ge_dtype dtype,
                                             const int64_t *dims, int32_t rank);

/* Node attributes; setting a name again replaces the value. */
GEFLOW_API ge_status ge_node_set_attr_int(ge_node *node, const char *name, int64_t value);
GEFLOW_API ge_status ge_node_set_attr_float(ge_node *node, const char *name, float value);
GEFLOW_API ge_status ge_node_set_attr_string(ge_node *node, const char *name, const char *value);
GEFLOW_API ge_status ge_node_set_attr_ints(ge_node *node, const char *name, const int64_t *values,
                                           size_t count);
GEFLOW_API ge_status ge_node_set_attr_floats(ge_node *node, const char *name, const float *values,
                                             size_t count);
GEFLOW_API ge_status ge_node_set_attr_strings(ge_node *node, const char *name,
                                              const char *const *values, size_t count);
/* Copies a host tensor with data. */
GEFLOW_API ge_status ge_node_set_attr_tensor(ge_node *node, const char *name, const ge_tensor *value);
/* A subgraph (If then_branch/else_branch, Loop/Scan body). Takes `subgraph` on success; on
 * failure the caller still owns it. A graph that already is a subgraph, or that encloses
 * the node, is refused. */
GEFLOW_API ge_status ge_node_set_attr_graph(ge_node *node, const char *name, ge_graph *subgraph);

/* Lookup. */
GEFLOW_API ge_status ge_graph_find_node(const ge_graph *graph, const char *name, ge_node **out_node);
GEFLOW_API bool ge_graph_has_value(const ge_graph *graph, const char *name);
/* dtype of a value: declared, or inferred by ge_graph_validate (UNDEFINED when unknown). */
GEFLOW_API ge_status ge_graph_get_value_dtype(const ge_graph *graph, const char *name,
                                              ge_dtype *out_dtype);
/* Shape of a value: *out_rank (GE_RANK_UNKNOWN when unknown) and up to `capacity` dims
 * (GE_DIM_UNKNOWN where unknown). A capacity below the rank is refused. */
GEFLOW_API ge_status ge_graph_get_value_shape(const ge_graph *graph, const char *name,
                                              int64_t *out_dims, size_t capacity, int32_t *out_rank);

/* Counts and names (borrowed). Inputs are in index order. NULL when out of range. */
GEFLOW_API size_t ge_graph_get_input_count(const ge_graph *graph);
GEFLOW_API const char *ge_graph_get_input_name(const ge_graph *graph, size_t index);
GEFLOW_API size_t ge_graph_get_output_count(const ge_graph *graph);
GEFLOW_API const char *ge_graph_get_output_name(const ge_graph *graph, size_t index);
GEFLOW_API size_t ge_graph_get_constant_count(const ge_graph *graph);
GEFLOW_API size_t ge_graph_get_node_count(const ge_graph *graph);
/* Nodes in insertion order. */
GEFLOW_API ge_node *ge_graph_get_node(const ge_graph *graph, size_t index);
GEFLOW_API const char *ge_node_get_name(const ge_node *node);
GEFLOW_API const char *ge_node_get_op_type(const ge_node *node);
GEFLOW_API const char *ge_node_get_domain(const ge_node *node);
GEFLOW_API size_t ge_node_get_input_count(const ge_node *node);
/* "" for an absent optional input. */
GEFLOW_API const char *ge_node_get_input_name(const ge_node *node, size_t index);
GEFLOW_API size_t ge_node_get_output_count(const ge_node *node);
GEFLOW_API const char *ge_node_get_output_name(const ge_node *node, size_t index);

/* Checks the graph (and its subgraphs): known op types at their opsets ("did you mean"),
 * input/output counts, required/unknown/wrong-kind attributes, dangling value names, cycles,
 * input indexes 0..N-1, outputs that are produced; then runs shape and dtype inference in
 * topological order, checks it against declared value info, and records the inferred dtypes
 * and shapes on the values (so ge_graph_get_value_shape answers for every value). Returns the
 * first failure. Compiling a graph runs this too. */
GEFLOW_API ge_status ge_graph_validate(ge_graph *graph);

#ifdef __cplusplus
}
#endif

#endif

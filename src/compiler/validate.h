/* Graph validation and shape/dtype inference over the op registry.
 *
 * validate_graph checks a graph and every subgraph (structure: op types at their opsets,
 * arity, attributes, dangling names, cycles, input indexes 0..N-1, produced outputs), then
 * runs each node's inference in topological order (subgraphs at their node's position, so
 * outer-scope values are known), compares the result with declared value info, and stores the
 * inferred dtype/shape (and contents inference found) on each value. It caches each node's
 * schema and opset on the node and sets g->validated. The first failure is returned with a
 * message naming the graph and node. */
#ifndef GEFLOW_COMPILER_VALIDATE_H
#define GEFLOW_COMPILER_VALIDATE_H

#include "ir/graph.h"
#include "ops/op_registry.h"

ge_status validate_graph(ir_graph *g);

/* The opset a node runs at: its own, its graph's import (through the parent chain), else the
 * newest the registry knows for the domain. */
int validate_node_opset(const ir_node *n);

/* The dtype/shape/contents of an input value as the node's graph sees it (outer-scope
 * references resolved through the parent chain); absent values give present = false. */
/* The attribute checks of validation for one node against a schema: unknown attributes,
 * wrong kinds (an int where a float is declared is accepted), missing required ones. */
ge_status validate_node_attrs(const ir_node *n, const op_schema *s);

op_value validate_value_info(const ir_graph *g, const ir_value *v);

#endif

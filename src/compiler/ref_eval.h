/* The reference interpreter: runs a validated graph on host ir_tensors node by node in
 * topological order — each node's inference with the actual input values visible, then its
 * reference kernel — freeing intermediates after their last consumer (explicit or through a
 * subgraph) has run. If/Loop/Scan kernels run bodies through op_kernel_ctx.run_subgraph,
 * which recurses into this interpreter with the enclosing frames as outer scope.
 *
 * This is the ground-truth run path (tests compare fast kernels and plans against it) and
 * the constant folder's evaluator. Stateless; safe to call from several threads on the same
 * validated graph. */
#ifndef GEFLOW_COMPILER_REF_EVAL_H
#define GEFLOW_COMPILER_REF_EVAL_H

#include "ir/graph.h"
#include "ops/op_registry.h"

/* inputs: n_inputs == g->n_inputs, in index order, borrowed (dtype must match; known dims
 * must match). outputs: n_outputs == g->n_outputs entries, filled with tensors the caller
 * owns (ir_tensor_free_data each); zeroed on failure. g must have passed validate_graph. */
ge_status ref_eval_run(const ir_graph *g, size_t n_inputs, const ir_tensor *inputs, size_t n_outputs,
                       ir_tensor *outputs);

/* One node on explicit inputs (inference with values, allocation, kernel); outputs owned by
 * the caller. The node must be validated (schema cached). For the constant folder. */
ge_status ref_eval_node(const ir_node *n, const ir_tensor *inputs, ir_tensor *outputs);

#endif

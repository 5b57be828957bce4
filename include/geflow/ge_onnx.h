/* ONNX import and export.
 *
 * ge_graph_from_onnx_file / ge_graph_from_onnx_memory parse an ONNX model (IR versions 3 and
 * newer; ai.onnx opsets 7 and newer, other domains' opset imports recorded per domain) into a
 * new ge_graph that the caller owns (ge_graph_destroy). Graph inputs that are not
 * initializers become Data inputs: input index i is the i-th such input in model order.
 * Outputs come in the model's output order. Initializers become constants; Constant nodes
 * stay nodes; model-local functions are inlined; If/Loop/Scan bodies become subgraphs.
 *
 * options (may be NULL) takes the vendor parser's keys:
 *   "input_shape"       "name:1,3,224,224;name2:4,-1" overrides the dims of Data inputs
 *                       (a dim may be -1 or a range "1~10": unknown; "name:" is a scalar;
 *                       entries without "name:" apply to the inputs by position)
 *   "out_nodes" (or "ge.outputNodeName")
 *                       output selection, replacing the model's outputs: "node:0;node:1"
 *                       (node name and output index) or value names "out1;out2"
 *   "input_data_names"  "a;b": these inputs get Data indexes 0, 1, ...; the others follow in
 *                       model order
 *   "output"            the graph name
 *   "geflow.onnx.external_data_dir"
 *                       the directory external data files are read from (default: the model
 *                       file's directory; a model loaded from memory refuses external data
 *                       unless this is given)
 * Other vendor parser keys are accepted and ignored; unknown keys are warned about.
 *
 * Errors: GE_STATUS_PARAM_INVALID for malformed or inconsistent models (the message names the
 * graph, node, tensor or attribute and what is wrong), GE_STATUS_UNSUPPORTED for well-formed
 * models that use what geflow does not support (element types without a ge_dtype such as
 * complex, float8 and int4; sequence, map and optional values; sparse and segmented tensors),
 * GE_STATUS_FAILED when the file cannot be read. *out_graph is NULL on failure. */
#ifndef GEFLOW_GE_ONNX_H
#define GEFLOW_GE_ONNX_H

#include "geflow/ge_graph.h"
#include "geflow/ge_options.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

GEFLOW_API ge_status ge_graph_from_onnx_file(const char *path, const ge_options *options,
                                             ge_graph **out_graph);
GEFLOW_API ge_status ge_graph_from_onnx_memory(const void *data, size_t size,
                                               const ge_options *options, ge_graph **out_graph);

/* Writes `graph` (built with the C API or imported) as an ONNX model: the graph's opset
 * imports (ai.onnx at the newest opset geflow knows when none is set; other domains nodes
 * use at version 1 when not set), ir_version 8 or the newer one that opset needs,
 * constants as initializers with raw_data (strings in string_data), Data inputs in index
 * order, outputs, and intermediate values with their dtypes and shapes (inferred on a copy
 * when the graph is not validated yet; unknown dims are written without a value), nodes
 * with every attribute kind, subgraphs included. The graph is not changed. */
GEFLOW_API ge_status ge_graph_save_onnx(const ge_graph *graph, const char *path);
/* The same into a buffer the caller frees with ge_onnx_buffer_free. */
GEFLOW_API ge_status ge_graph_save_onnx_memory(const ge_graph *graph, void **out_data,
                                               size_t *out_size);
GEFLOW_API void ge_onnx_buffer_free(void *data);

#ifdef __cplusplus
}
#endif

#endif

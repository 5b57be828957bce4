/* geflow: the engine's C API. One header for everything.
 *
 * Ownership, once for all: what you create you own and destroy (destroy functions accept
 * NULL); what you get from a getter is borrowed and lives as long as its owner; the engine
 * never frees what you passed in, except where a function says it takes ownership
 * (ge_node_set_attr_graph) or you gave a release callback (ge_tensor_wrap).
 *
 * Errors: functions return a ge_status (GE numeric values) and leave a thread-local message
 * naming the object, the index, what was expected and what was found; ge_get_error_message()
 * returns it and clears it. Nothing aborts on bad input. */
#ifndef GEFLOW_GEFLOW_H
#define GEFLOW_GEFLOW_H

#include "geflow/ge_status.h"
#include "geflow/ge_types.h"
#include "geflow/ge_registry.h"
#include "geflow/ge_tensor.h"
#include "geflow/ge_graph.h"
#include "geflow/ge_graph_info.h"
#include "geflow/ge_options.h"
#include "geflow/ge_session.h"
#include "geflow/ge_onnx.h"

#endif

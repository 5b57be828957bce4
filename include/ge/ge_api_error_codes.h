/* ge::Status and the GE status codes (vendor values; identical to the C API's ge_status). */
#ifndef GEFLOW_GE_GE_API_ERROR_CODES_H
#define GEFLOW_GE_GE_API_ERROR_CODES_H

#include <cstdint>

#include "ge/ge_error_codes.h"
#include "geflow/ge_status.h"
#include "graph/ge_error_codes.h"

namespace ge {
using Status = uint32_t;
constexpr Status SUCCESS = GE_STATUS_SUCCESS;
constexpr Status FAILED = GE_STATUS_FAILED;
constexpr Status MEMALLOC_FAILED = GE_STATUS_MEMALLOC_FAILED;
constexpr Status PARAM_INVALID = GE_STATUS_PARAM_INVALID;
constexpr Status INTERNAL_ERROR = GE_STATUS_INTERNAL_ERROR;
constexpr Status END_OF_SEQUENCE = GE_STATUS_END_OF_SEQUENCE;
constexpr Status GE_CLI_INIT_FAILED = GE_STATUS_INIT_FAILED;
constexpr Status GE_CLI_SESS_CONSTRUCT_FAILED = GE_STATUS_SESSION_CREATE_FAILED;
constexpr Status GE_CLI_SESS_REMOVE_FAILED = GE_STATUS_SESSION_REMOVE_FAILED;
constexpr Status GE_CLI_SESS_RUN_FAILED = GE_STATUS_SESSION_RUN_FAILED;
constexpr Status GE_CLI_GE_ALREADY_INITIALIZED = GE_STATUS_ALREADY_INITIALIZED;
constexpr Status GE_CLI_GE_NOT_INITIALIZED = GE_STATUS_NOT_INITIALIZED;
constexpr Status GE_SESS_ALREADY_RUNNING = GE_STATUS_SESSION_ALREADY_RUNNING;
constexpr Status GE_GRAPH_ALREADY_RUNNING = GE_STATUS_GRAPH_ALREADY_RUNNING;
constexpr Status GE_GRAPH_GRAPH_NODE_NULL = GE_STATUS_GRAPH_NODE_NULL;
constexpr Status GE_GRAPH_UNSUPPORTED = GE_STATUS_GRAPH_UNSUPPORTED;
constexpr Status UNSUPPORTED = GE_STATUS_UNSUPPORTED;
constexpr Status OUT_OF_MEMORY = GE_STATUS_OUT_OF_MEMORY;
}  // namespace ge

#endif

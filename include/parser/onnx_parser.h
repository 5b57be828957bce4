/* The GE ONNX parser entry points (vendor signatures, libfmk_onnx_parser). Header-only.
 *
 * geflow's ONNX importer is not part of the C API yet: until it is, both functions return
 * GRAPH_FAILED and leave a message for GEGetErrorMsgV2 saying so. When the importer lands
 * they parse with it and hand the engine graph to `graph` (Graph::GeflowFromEngineGraph);
 * parser_params take the ir_option keys (INPUT_SHAPE, OUT_NODES, INPUT_DATA_NAMES, ...). */
#ifndef GEFLOW_PARSER_ONNX_PARSER_H
#define GEFLOW_PARSER_ONNX_PARSER_H

#include <cstddef>
#include <map>
#include <string>

#include "ge/ge_api.h"
#include "ge/ge_api_types.h"
#include "graph/ascend_string.h"
#include "graph/ge_error_codes.h"
#include "graph/graph.h"

namespace ge {

inline graphStatus aclgrphParseONNX(const char *model_file,
                                    const std::map<AscendString, AscendString> &parser_params, ge::Graph &graph)
{
    (void)parser_params;
    (void)graph;
    geflow_detail::SetCxxError(std::string("aclgrphParseONNX: '") + (model_file ? model_file : "(null)") +
                               "': this geflow build has no ONNX importer yet");
    return GRAPH_FAILED;
}

inline graphStatus aclgrphParseONNXFromMem(const char *buffer, size_t size,
                                           const std::map<AscendString, AscendString> &parser_params,
                                           ge::Graph &graph)
{
    (void)buffer;
    (void)parser_params;
    (void)graph;
    geflow_detail::SetCxxError("aclgrphParseONNXFromMem: " + std::to_string(size) +
                               " bytes: this geflow build has no ONNX importer yet");
    return GRAPH_FAILED;
}

}  // namespace ge

#endif

/* The GE ONNX parser entry points (vendor signatures, libfmk_onnx_parser). Header-only, over
 * geflow's C importer (geflow/ge_onnx.h): the model becomes an engine graph that `graph`
 * takes (Graph::GeflowFromEngineGraph); AddGraph then adds it as is. parser_params take the
 * ir_option keys: INPUT_SHAPE ("input_shape"), OUT_NODES, INPUT_DATA_NAMES, OUTPUT, ...
 * Returns GRAPH_SUCCESS, or GRAPH_FAILED with the importer's message for GEGetErrorMsgV2. */
#ifndef GEFLOW_PARSER_ONNX_PARSER_H
#define GEFLOW_PARSER_ONNX_PARSER_H

#include <cstddef>
#include <map>
#include <string>

#include "ge/ge_api.h"
#include "ge/ge_api_types.h"
#include "geflow/ge_onnx.h"
#include "graph/ascend_string.h"
#include "graph/ge_error_codes.h"
#include "graph/graph.h"

namespace ge {

namespace geflow_detail {
template <typename Import>
inline graphStatus ParseOnnx(const std::map<AscendString, AscendString> &parser_params, ge::Graph &graph,
                             Import import)
{
    ge_options *options = nullptr;
    if (ToOptions(parser_params, &options) != GE_STATUS_SUCCESS)
        return GRAPH_FAILED;
    ge_graph *g = nullptr;
    ge_status st = import(options, &g);
    ge_options_destroy(options);
    if (st != GE_STATUS_SUCCESS)
        return GRAPH_FAILED;
    graph = Graph::GeflowFromEngineGraph(g);
    return GRAPH_SUCCESS;
}
}  // namespace geflow_detail

inline graphStatus aclgrphParseONNX(const char *model_file,
                                    const std::map<AscendString, AscendString> &parser_params, ge::Graph &graph)
{
    return geflow_detail::ParseOnnx(parser_params, graph, [model_file](ge_options *o, ge_graph **g) {
        return ge_graph_from_onnx_file(model_file, o, g);
    });
}

inline graphStatus aclgrphParseONNXFromMem(const char *buffer, size_t size,
                                           const std::map<AscendString, AscendString> &parser_params,
                                           ge::Graph &graph)
{
    return geflow_detail::ParseOnnx(parser_params, graph, [buffer, size](ge_options *o, ge_graph **g) {
        return ge_graph_from_onnx_memory(buffer, size, o, g);
    });
}

}  // namespace ge

#endif

/* graphStatus: the status type of graph construction calls (vendor values). */
#ifndef GEFLOW_GRAPH_GE_ERROR_CODES_H
#define GEFLOW_GRAPH_GE_ERROR_CODES_H

#include <cstdint>

namespace ge {
using graphStatus = uint32_t;
constexpr graphStatus GRAPH_SUCCESS = 0;
constexpr graphStatus GRAPH_FAILED = 0xFFFFFFFFu;
constexpr graphStatus GRAPH_PARAM_INVALID = 50331649u;
constexpr graphStatus GRAPH_NOT_CHANGED = 1343242304u;
}  // namespace ge

#endif

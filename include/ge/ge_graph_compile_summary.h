/* ge::CompiledGraphSummary: what CompileGraph found (static or not, memory sizes, output
 * shapes and dtypes), from Session::GetCompiledGraphSummary. Header-only over the C API's
 * ge_graph_summary. On a dynamic graph every getter but IsStatic returns FAILED, as the
 * vendor's do. Not copyable. */
#ifndef GEFLOW_GE_GE_GRAPH_COMPILE_SUMMARY_H
#define GEFLOW_GE_GE_GRAPH_COMPILE_SUMMARY_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "ge/ge_api_error_codes.h"
#include "geflow/ge_session.h"
#include "graph/tensor.h"
#include "graph/types.h"

namespace ge {

class Session;

class FeatureMemory {
public:
    FeatureMemory(int32_t type, size_t size, bool fixed) : type_(type), size_(size), fixed_(fixed) {}
    int32_t GetType() const { return type_; }
    size_t GetSize() const { return size_; }
    bool IsFixed() const { return fixed_; }

private:
    int32_t type_;
    size_t size_;
    bool fixed_;
};
using FeatureMemoryPtr = std::shared_ptr<FeatureMemory>;

class CompiledGraphSummary {
public:
    ~CompiledGraphSummary() { ge_graph_summary_destroy(s_); }
    CompiledGraphSummary(const CompiledGraphSummary &) = delete;
    CompiledGraphSummary &operator=(const CompiledGraphSummary &) = delete;

    bool IsStatic() const { return ge_graph_summary_is_static(s_); }
    Status GetConstMemorySize(size_t &size) const { return Get(ge_graph_summary_get_const_memory_size, size); }
    /* The whole feature memory (graph inputs and outputs excluded). */
    Status GetFeatureMemorySize(size_t &size) const { return Get(ge_graph_summary_get_feature_memory_size, size); }
    /* geflow has no fixed part: 0 on a static graph. */
    Status GetFixedFeatureMemorySize(size_t &size) const
    {
        if (!IsStatic())
            return FAILED;
        size = 0;
        return SUCCESS;
    }
    Status GetRefreshableFeatureMemorySize(size_t &size) const { return GetFeatureMemorySize(size); }
    Status GetFeatureMemoryBaseRefreshable(bool &v) const
    {
        return ge_graph_summary_get_refreshable(s_, &v) == GE_STATUS_SUCCESS ? SUCCESS : FAILED;
    }
    /* geflow runs a graph on the stream it is given: one stream, no events. */
    Status GetStreamNum(size_t &num) const
    {
        if (!IsStatic())
            return FAILED;
        num = 1;
        return SUCCESS;
    }
    Status GetEventNum(size_t &num) const
    {
        if (!IsStatic())
            return FAILED;
        num = 0;
        return SUCCESS;
    }
    Status GetOutputShapes(std::vector<ge::Shape> &shapes) const
    {
        size_t n = 0;
        if (ge_graph_summary_get_output_count(s_, &n) != GE_STATUS_SUCCESS)
            return FAILED;
        std::vector<ge::Shape> out;
        for (size_t i = 0; i < n; i++) {
            ge_dtype dt;
            size_t rank = 0;
            std::vector<int64_t> dims(64);
            if (ge_graph_summary_get_output(s_, i, &dt, dims.data(), dims.size(), &rank) != GE_STATUS_SUCCESS)
                return FAILED;
            dims.resize(rank);
            out.emplace_back(dims);
        }
        shapes = std::move(out);
        return SUCCESS;
    }
    Status GetOutputDtypes(std::vector<ge::DataType> &dtypes) const
    {
        size_t n = 0;
        if (ge_graph_summary_get_output_count(s_, &n) != GE_STATUS_SUCCESS)
            return FAILED;
        std::vector<ge::DataType> out;
        for (size_t i = 0; i < n; i++) {
            ge_dtype dt;
            size_t rank = 0;
            int64_t dims[64];
            if (ge_graph_summary_get_output(s_, i, &dt, dims, 64, &rank) != GE_STATUS_SUCCESS)
                return FAILED;
            out.push_back(static_cast<ge::DataType>(dt));
        }
        dtypes = std::move(out);
        return SUCCESS;
    }
    /* geflow never aliases a graph input with an output. */
    Status GetIOIndexesWithSameAddr(std::vector<std::pair<uint32_t, uint32_t>> &io_indexes) const
    {
        if (!IsStatic())
            return FAILED;
        io_indexes.clear();
        return SUCCESS;
    }
    std::vector<FeatureMemoryPtr> GetAllFeatureMemoryTypeSize() const
    {
        size_t size = 0;
        std::vector<FeatureMemoryPtr> v;
        if (GetFeatureMemorySize(size) == SUCCESS)
            v.push_back(std::make_shared<FeatureMemory>(0, size, false));
        return v;
    }

private:
    friend class Session;
    explicit CompiledGraphSummary(ge_graph_summary *s) : s_(s) {}
    template <typename F> Status Get(F fn, size_t &size) const
    {
        return fn(s_, &size) == GE_STATUS_SUCCESS ? SUCCESS : FAILED;
    }
    ge_graph_summary *s_;
};

using CompiledGraphSummaryPtr = std::shared_ptr<CompiledGraphSummary>;

}  // namespace ge

#endif

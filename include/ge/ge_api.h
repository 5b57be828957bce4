/* The GE API: GEInitialize / GEFinalize / GEGetErrorMsgV2 and class Session, with the
 * vendor's signatures and semantics. Header-only and inline over geflow's C API
 * (geflow/ge_session.h); link with libge_runner.
 *
 * Status codes follow the vendor: RunGraphWithStreamAsync, AddGraph, LoadGraph and
 * RemoveGraph collapse failures to FAILED (CompileGraph keeps PARAM_INVALID); the error text
 * (GEGetErrorMsgV2) carries the detail. A Session whose construction failed has session id
 * 0 and every later call returns FAILED. */
#ifndef GEFLOW_GE_GE_API_H
#define GEFLOW_GE_GE_API_H

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ge/ge_allocator.h"
#include "ge/ge_api_error_codes.h"
#include "ge/ge_api_types.h"
#include "ge/ge_graph_compile_summary.h"
#include "geflow/geflow.h"
#include "graph/ascend_string.h"
#include "graph/geflow_lower.h"
#include "graph/graph.h"
#include "graph/tensor.h"
#include "graph/types.h"

namespace ge {

namespace geflow_detail {

/* Messages the C++ layer itself produces (a lowering error, a dead session) go into the
 * engine's one thread-local store, so GEGetErrorMsgV2 and aclGetRecentErrMsg both see them. */
inline void SetCxxError(const std::string &m)
{
    ge_set_error_message(m.c_str());
}
/* A C call's status, passed through (its message is already in the store). */
inline ge_status CCall(ge_status st)
{
    return st;
}
inline Status Collapse(ge_status st) { return st == GE_STATUS_SUCCESS ? SUCCESS : FAILED; }

/* Bumped by GEFinalize: sessions of an earlier generation were destroyed by the engine. */
inline std::atomic<uint64_t> &Generation()
{
    static std::atomic<uint64_t> g{1};
    return g;
}

inline ge_status ToOptions(const std::map<AscendString, AscendString> &m, ge_options **out)
{
    *out = nullptr;
    ge_options *o = nullptr;
    ge_status st = ge_options_create(&o);
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (const auto &kv : m) {
        st = ge_options_set(o, kv.first.GetString(), kv.second.GetString());
        if (st != GE_STATUS_SUCCESS) {
            ge_options_destroy(o);
            return st;
        }
    }
    *out = o;
    return GE_STATUS_SUCCESS;
}
inline std::map<AscendString, AscendString> ToAscend(const std::map<std::string, std::string> &m)
{
    std::map<AscendString, AscendString> r;
    for (const auto &kv : m)
        r[AscendString(kv.first.c_str())] = AscendString(kv.second.c_str());
    return r;
}
struct OptionsHolder {
    ge_options *o = nullptr;
    ~OptionsHolder() { ge_options_destroy(o); }
};

/* Borrowed ge_tensor views of ge::Tensors, destroyed with the list (the data stays). */
struct CTensors {
    std::vector<ge_tensor *> v;
    CTensors() = default;
    CTensors(const CTensors &) = delete;
    CTensors &operator=(const CTensors &) = delete;
    ~CTensors()
    {
        for (ge_tensor *t : v)
            ge_tensor_destroy(t);
    }
    /* A view of t: its dtype and shape, its data (if any) without copying. */
    ge_status Add(const Tensor &t, ge_placement placement, size_t index, const char *what)
    {
        TensorDesc d = t.GetTensorDesc();
        CShape cs(d.GetShape());
        if (cs.rank == GE_RANK_UNKNOWN) {
            cs.dims.clear();
            cs.rank = 0;
        }
        ge_tensor *ct = nullptr;
        ge_status st = ge_tensor_wrap(static_cast<ge_dtype>(d.GetDataType()), cs.data(), cs.dims.size(), nullptr, 0,
                                      placement, nullptr, nullptr, &ct);
        if (st == GE_STATUS_SUCCESS && t.GetData() && t.GetSize())
            st = ge_tensor_set_data(ct, const_cast<uint8_t *>(t.GetData()), t.GetSize(), placement, nullptr, nullptr);
        if (st != GE_STATUS_SUCCESS) {
            ge_tensor_destroy(ct);
            std::string m = ge_get_error_message();
            SetCxxError(std::string(what) + " " + std::to_string(index) + ": " + m);
            return st;
        }
        v.push_back(ct);
        return GE_STATUS_SUCCESS;
    }
};

/* Gives an engine-created tensor to dst: dst's desc takes its dtype, shape and placement,
 * and its data is released by destroying the ge_tensor (through the engine / allocator). */
inline void Adopt(ge_tensor *ct, Tensor &dst)
{
    TensorDesc d = dst.GetTensorDesc();
    const int64_t *dims = ge_tensor_get_dims(ct);
    size_t rank = ge_tensor_get_rank(ct);
    d.SetShape(Shape(std::vector<int64_t>(dims, dims + rank)));
    d.SetDataType(static_cast<DataType>(ge_tensor_get_dtype(ct)));
    d.SetPlacement(ge_tensor_get_placement(ct) == GE_PLACEMENT_DEVICE ? kPlacementDevice : kPlacementHost);
    (void)dst.SetTensorDesc(d);
    uint8_t *data = static_cast<uint8_t *>(ge_tensor_get_data(ct));
    if (!data) {
        ge_tensor_destroy(ct);
        (void)dst.SetData(nullptr, 0, Tensor::DeleteFunc());
        return;
    }
    (void)dst.ResetData(data, ge_tensor_get_byte_size(ct), [ct](uint8_t *) { ge_tensor_destroy(ct); });
}

/* Updates a user-provided output's shape from the engine's view of it. */
inline void SyncShape(ge_tensor *ct, Tensor &dst)
{
    const int64_t *dims = ge_tensor_get_dims(ct);
    size_t rank = ge_tensor_get_rank(ct);
    std::vector<int64_t> nd(dims, dims + rank);
    TensorDesc d = dst.GetTensorDesc();
    if (d.GetShape().GetDims() != nd) {
        d.SetShape(Shape(nd));
        (void)dst.SetTensorDesc(d);
    }
}

/* ge::Allocator behind the C API's ge_external_allocator; the holder keeps the AllocatorPtr
 * alive until the engine calls release. */
struct AllocatorHolder {
    AllocatorPtr allocator;
    static void *Malloc(void *user, size_t size, void **out_addr)
    {
        MemBlock *b = static_cast<AllocatorHolder *>(user)->allocator->Malloc(size);
        *out_addr = b ? b->GetAddr() : nullptr;
        return b;
    }
    static void *MallocAdvise(void *user, size_t size, void *addr, void **out_addr)
    {
        MemBlock *b = static_cast<AllocatorHolder *>(user)->allocator->MallocAdvise(size, addr);
        *out_addr = b ? b->GetAddr() : nullptr;
        return b;
    }
    static void Free(void *, void *block)
    {
        if (block)
            static_cast<MemBlock *>(block)->Free();
    }
    static void Release(void *user) { delete static_cast<AllocatorHolder *>(user); }
};

/* State of one RunGraphAsync: the callback and the input views, alive until it fires. */
struct AsyncRun {
    RunAsyncCallback callback;
    CTensors inputs;
    static void Done(ge_status status, size_t n_outputs, ge_tensor **outputs, void *user)
    {
        std::unique_ptr<AsyncRun> run(static_cast<AsyncRun *>(user));
        std::vector<Tensor> out(n_outputs);
        for (size_t i = 0; i < n_outputs; i++)
            if (outputs && outputs[i])
                Adopt(outputs[i], out[i]);
        if (run->callback)
            run->callback(status == GE_STATUS_END_OF_SEQUENCE ? SUCCESS : status, out);
    }
};

}  // namespace geflow_detail

/* ---- global functions ---- */

inline Status GEInitialize(const std::map<AscendString, AscendString> &options)
{
    for (const auto &kv : options)
        if (kv.first.GetLength() == 0) {
            geflow_detail::SetCxxError("GEInitialize: an option key is empty");
            return FAILED;
        }
    geflow_detail::OptionsHolder o;
    ge_status st = geflow_detail::CCall(geflow_detail::ToOptions(options, &o.o));
    if (st != GE_STATUS_SUCCESS)
        return FAILED;
    st = geflow_detail::CCall(ge_initialize(o.o));
    return st;
}

/* Deprecated by the vendor (not ABI-safe); kept for old samples. */
inline Status GEInitialize(const std::map<std::string, std::string> &options)
{
    return GEInitialize(geflow_detail::ToAscend(options));
}

/* Releases GE's state (sessions still alive included); SUCCESS when not initialised. */
inline Status GEFinalize()
{
    if (!ge_is_initialized())
        return SUCCESS;
    ge_status st = geflow_detail::CCall(ge_finalize());
    geflow_detail::Generation().fetch_add(1);
    return st;
}

/* Returns and clears the calling thread's error text (the engine's and this layer's). */
inline AscendString GEGetErrorMsgV2()
{
    return AscendString(ge_get_error_message());
}
inline std::string GEGetErrorMsg() { return std::string(GEGetErrorMsgV2().GetString()); }
/* geflow keeps no separate warning text. */
inline AscendString GEGetWarningMsgV2() { return AscendString(""); }
inline std::string GEGetWarningMsg() { return std::string(); }

/* ---- Session ---- */

class Session {
public:
    explicit Session(const std::map<AscendString, AscendString> &options) { Create(options); }
    /* Deprecated by the vendor (not ABI-safe); kept for old samples. */
    explicit Session(const std::map<std::string, std::string> &options)
    {
        Create(geflow_detail::ToAscend(options));
    }
    ~Session()
    {
        if (Alive())
            ge_session_destroy(s_);
    }
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    Status AddGraph(uint32_t graph_id, const Graph &graph) { return AddGraph(graph_id, graph, std::map<AscendString, AscendString>()); }
    Status AddGraph(uint32_t graph_id, const Graph &graph, const std::map<AscendString, AscendString> &options)
    {
        if (!Check("AddGraph"))
            return FAILED;
        std::string err;
        ge_graph *g = nullptr;
        if (GeflowLowerGraph(graph, &g, &err) != GRAPH_SUCCESS) {
            geflow_detail::SetCxxError("AddGraph: graph id " + std::to_string(graph_id) + ": " + err);
            return FAILED;
        }
        geflow_detail::OptionsHolder o;
        ge_status st = geflow_detail::CCall(geflow_detail::ToOptions(options, &o.o));
        if (st == GE_STATUS_SUCCESS)
            st = geflow_detail::CCall(ge_session_add_graph(s_, graph_id, g, o.o));
        ge_graph_destroy(g);
        return geflow_detail::Collapse(st);
    }
    Status AddGraph(uint32_t graph_id, const Graph &graph, const std::map<std::string, std::string> &options)
    {
        return AddGraph(graph_id, graph, geflow_detail::ToAscend(options));
    }
    /* geflow always stores a copy: the same as AddGraph. */
    Status AddGraphWithCopy(uint32_t graph_id, const Graph &graph) { return AddGraph(graph_id, graph); }
    Status AddGraphWithCopy(uint32_t graph_id, const Graph &graph, const std::map<std::string, std::string> &options)
    {
        return AddGraph(graph_id, graph, options);
    }
    Status AddGraphWithCopy(uint32_t graph_id, const Graph &graph, const std::map<AscendString, AscendString> &options)
    {
        return AddGraph(graph_id, graph, options);
    }
    Status RemoveGraph(uint32_t graph_id)
    {
        if (!Check("RemoveGraph"))
            return FAILED;
        return geflow_detail::Collapse(geflow_detail::CCall(ge_session_remove_graph(s_, graph_id)));
    }

    /* Synchronous run on host tensors; outputs come back in SetOutputs order. */
    Status RunGraph(uint32_t graph_id, const std::vector<Tensor> &inputs, std::vector<Tensor> &outputs)
    {
        if (!Check("RunGraph"))
            return FAILED;
        ge_status st = Run(graph_id, false, nullptr, inputs, outputs, GE_PLACEMENT_HOST, "RunGraph");
        return st == GE_STATUS_SUCCESS || st <= 9999999u ? st : FAILED;
    }
    /* Host tensors; callback(status, outputs) on an engine thread. Inputs must stay valid until
     * it fires. */
    Status RunGraphAsync(uint32_t graph_id, const std::vector<ge::Tensor> &inputs, RunAsyncCallback callback)
    {
        if (!Check("RunGraphAsync"))
            return FAILED;
        std::unique_ptr<geflow_detail::AsyncRun> run(new geflow_detail::AsyncRun());
        run->callback = std::move(callback);
        for (size_t i = 0; i < inputs.size(); i++)
            if (run->inputs.Add(inputs[i], GE_PLACEMENT_HOST, i, "RunGraphAsync: input") != GE_STATUS_SUCCESS)
                return FAILED;
        ge_status st = geflow_detail::CCall(ge_session_run_graph_async(
            s_, graph_id, run->inputs.v.size(), const_cast<const ge_tensor *const *>(run->inputs.v.data()),
            &geflow_detail::AsyncRun::Done, run.get()));
        if (st != GE_STATUS_SUCCESS)
            return st <= 9999999u ? st : FAILED;
        (void)run.release(); /* Done owns it now */
        return SUCCESS;
    }
    /* The seed's call: compiles and loads on first use, enqueues the run on `stream` and
     * returns; results are valid after aclrtSynchronizeStream. Inputs and outputs are device
     * memory; outputs may be left empty (or without data): they then come from the stream's
     * external allocator, else from the graph's built-in allocator. */
    Status RunGraphWithStreamAsync(uint32_t graph_id, void *stream, const std::vector<Tensor> &inputs,
                                   std::vector<Tensor> &outputs)
    {
        if (!Check("RunGraphWithStreamAsync"))
            return FAILED;
        return geflow_detail::Collapse(
            Run(graph_id, true, stream, inputs, outputs, GE_PLACEMENT_DEVICE, "RunGraphWithStreamAsync"));
    }

    Status CompileGraph(uint32_t graph_id)
    {
        if (!Check("CompileGraph"))
            return FAILED;
        ge_status st = geflow_detail::CCall(ge_session_compile_graph(s_, graph_id));
        return st == GE_STATUS_SUCCESS || st == GE_STATUS_PARAM_INVALID ? st : FAILED;
    }
    /* Compile (BuildGraph = compile + memory init; geflow sizes memory at compile). */
    Status BuildGraph(uint32_t graph_id, const std::vector<ge::Tensor> &inputs)
    {
        (void)inputs;
        return CompileGraph(graph_id);
    }
    Status BuildGraph(uint32_t graph_id, const std::vector<InputTensorInfo> &inputs)
    {
        (void)inputs;
        return CompileGraph(graph_id);
    }
    Status LoadGraph(const uint32_t graph_id, const std::map<AscendString, AscendString> &options, void *stream) const
    {
        if (!Check("LoadGraph"))
            return FAILED;
        geflow_detail::OptionsHolder o;
        ge_status st = geflow_detail::CCall(geflow_detail::ToOptions(options, &o.o));
        if (st == GE_STATUS_SUCCESS)
            st = geflow_detail::CCall(ge_session_load_graph(s_, graph_id, o.o, stream));
        return geflow_detail::Collapse(st);
    }
    /* nullptr when the graph cannot be compiled (the error text says why). */
    CompiledGraphSummaryPtr GetCompiledGraphSummary(uint32_t graph_id)
    {
        if (!Check("GetCompiledGraphSummary"))
            return nullptr;
        ge_graph_summary *s = nullptr;
        if (geflow_detail::CCall(ge_session_get_graph_summary(s_, graph_id, &s)) != GE_STATUS_SUCCESS)
            return nullptr;
        return CompiledGraphSummaryPtr(new CompiledGraphSummary(s));
    }
    Status SetGraphConstMemoryBase(uint32_t graph_id, const void *const memory, size_t size)
    {
        if (!Check("SetGraphConstMemoryBase"))
            return FAILED;
        ge_status st = geflow_detail::CCall(ge_session_set_graph_const_memory_base(s_, graph_id, memory, size));
        return st == GE_STATUS_SUCCESS || st == GE_STATUS_PARAM_INVALID ? st : FAILED;
    }
    Status UpdateGraphFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size)
    {
        if (!Check("UpdateGraphFeatureMemoryBase"))
            return FAILED;
        ge_status st = geflow_detail::CCall(ge_session_update_graph_feature_memory_base(s_, graph_id, memory, size));
        return st == GE_STATUS_SUCCESS || st == GE_STATUS_PARAM_INVALID ? st : FAILED;
    }
    /* geflow's feature memory has no fixed part: the refreshable part is all of it. */
    Status UpdateGraphRefreshableFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size)
    {
        return UpdateGraphFeatureMemoryBase(graph_id, memory, size);
    }

    /* Per stream; the last registration wins. The allocator is kept alive until the engine
     * lets go of it (unregistered or replaced and no run in flight uses it, or the session
     * destroyed). */
    Status RegisterExternalAllocator(const void *const stream, AllocatorPtr allocator) const
    {
        if (!Check("RegisterExternalAllocator"))
            return FAILED;
        if (!allocator) {
            geflow_detail::SetCxxError("RegisterExternalAllocator: the allocator is null");
            return PARAM_INVALID;
        }
        auto *h = new geflow_detail::AllocatorHolder{std::move(allocator)};
        ge_external_allocator a{};
        a.malloc = &geflow_detail::AllocatorHolder::Malloc;
        a.free = &geflow_detail::AllocatorHolder::Free;
        a.malloc_advise = &geflow_detail::AllocatorHolder::MallocAdvise;
        a.release = &geflow_detail::AllocatorHolder::Release;
        a.user = h;
        ge_status st = geflow_detail::CCall(ge_session_register_external_allocator(s_, stream, &a));
        if (st != GE_STATUS_SUCCESS) {
            delete h;
            return st;
        }
        return SUCCESS;
    }
    Status UnregisterExternalAllocator(const void *const stream) const
    {
        if (!Check("UnregisterExternalAllocator"))
            return FAILED;
        return geflow_detail::CCall(ge_session_unregister_external_allocator(s_, stream));
    }

    bool IsGraphNeedRebuild(uint32_t graph_id)
    {
        (void)graph_id;
        return false;
    }
    uint64_t GetSessionId() const { return sessionId_; }

private:
    void Create(const std::map<AscendString, AscendString> &options)
    {
        for (const auto &kv : options)
            if (kv.first.GetLength() == 0) {
                create_error_ = "an option key is empty";
                geflow_detail::SetCxxError("Session: " + create_error_);
                return;
            }
        geflow_detail::OptionsHolder o;
        if (geflow_detail::CCall(geflow_detail::ToOptions(options, &o.o)) != GE_STATUS_SUCCESS)
            return;
        ge_session *s = nullptr;
        if (ge_session_create(o.o, &s) != GE_STATUS_SUCCESS) {
            create_error_ = ge_get_error_message();
            geflow_detail::SetCxxError("Session: " + create_error_);
            return;
        }
        s_ = s;
        generation_ = geflow_detail::Generation().load();
        sessionId_ = ge_session_get_id(s);
    }
    bool Alive() const { return s_ && generation_ == geflow_detail::Generation().load(); }
    bool Check(const char *fn) const
    {
        if (Alive())
            return true;
        geflow_detail::SetCxxError(std::string("Session::") + fn +
                                   (s_ ? ": the session was destroyed by GEFinalize"
                                       : ": the session was not created: " +
                                             (create_error_.empty() ? std::string("an option key is empty")
                                                                    : create_error_)));
        return false;
    }
    /* Runs graph_id (on `stream` when on_stream, else synchronously) with the output rules
     * of RunGraphWithStreamAsync: a tensor with data is written in place; an empty vector or a
     * data-less tensor gets engine-provided memory, adopted by the ge::Tensor. */
    ge_status Run(uint32_t graph_id, bool on_stream, void *stream, const std::vector<Tensor> &inputs,
                  std::vector<Tensor> &outputs, ge_placement placement, const char *fn)
    {
        geflow_detail::CTensors in;
        for (size_t i = 0; i < inputs.size(); i++)
            if (in.Add(inputs[i], placement, i, (std::string(fn) + ": input").c_str()) != GE_STATUS_SUCCESS)
                return GE_STATUS_PARAM_INVALID;
        size_t n_out = outputs.size();
        if (outputs.empty()) {
            ge_status st = geflow_detail::CCall(ge_session_get_graph_output_count(s_, graph_id, &n_out));
            if (st != GE_STATUS_SUCCESS)
                return st;
        }
        /* slots[i]: a view of a user buffer, or NULL for the engine to fill. */
        geflow_detail::CTensors user_out;
        std::vector<ge_tensor *> slots(n_out, nullptr);
        std::vector<bool> provided(n_out, false);
        for (size_t i = 0; i < outputs.size(); i++) {
            if (!outputs[i].GetData() || !outputs[i].GetSize())
                continue;
            if (user_out.Add(outputs[i], placement, i, (std::string(fn) + ": output").c_str()) != GE_STATUS_SUCCESS)
                return GE_STATUS_PARAM_INVALID;
            slots[i] = user_out.v.back();
            provided[i] = true;
        }
        const ge_tensor *const *cin = in.v.empty() ? nullptr : const_cast<const ge_tensor *const *>(in.v.data());
        ge_status st;
        if (on_stream)
            st = ge_session_run_graph_with_stream_async(s_, graph_id, stream, in.v.size(), cin, n_out, slots.data());
        else
            st = ge_session_run_graph(s_, graph_id, in.v.size(), cin, n_out, slots.data());
        geflow_detail::CCall(st);
        if (st != GE_STATUS_SUCCESS) {
            for (size_t i = 0; i < n_out; i++)
                if (!provided[i] && slots[i])
                    ge_tensor_destroy(slots[i]);
            return st;
        }
        if (outputs.size() != n_out)
            outputs.resize(n_out);
        for (size_t i = 0; i < n_out; i++) {
            if (provided[i])
                geflow_detail::SyncShape(slots[i], outputs[i]);
            else if (slots[i])
                geflow_detail::Adopt(slots[i], outputs[i]);
        }
        return GE_STATUS_SUCCESS;
    }

    ge_session *s_ = nullptr;
    std::string create_error_;
    uint64_t generation_ = 0;
    uint64_t sessionId_{0};
};

}  // namespace ge

#endif

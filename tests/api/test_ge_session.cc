// ge::Session over the engine: the seed flow (RunGraphWithStreamAsync with device I/O, user,
// built-in and external-allocator outputs), RunGraph, RunGraphAsync, CompileGraph + summary,
// memory bases, graph-id errors, GEGetErrorMsgV2, lifetimes.
#include "acl/acl.h"
#include "all_ops.h"
#include "ge/ge_api.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include "test.h"
}

namespace {

const float kX[6] = {1, 2, 3, -1, 0.5f, 2};     // [2, 3]
const float kW[6] = {0.5f, -1, 1, 2, -0.25f, 1};  // [3, 2]
const float kB[2] = {0.1f, -0.2f};

// relu(x @ w + b), [2, 2]
void expected(const float *x, float *y)
{
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++) {
            float acc = kB[c];
            for (int k = 0; k < 3; k++)
                acc += x[r * 3 + k] * kW[k * 2 + c];
            y[r * 2 + c] = acc > 0 ? acc : 0;
        }
}

bool close4(const float *a, const float *b)
{
    for (int i = 0; i < 4; i++) {
        float d = a[i] - b[i];
        if (d > 1e-5f || d < -1e-5f) {
            fprintf(stderr, "element %d: %g vs %g\n", i, a[i], b[i]);
            return false;
        }
    }
    return true;
}

ge::TensorDesc fdesc(std::vector<int64_t> dims)
{
    return ge::TensorDesc(ge::Shape(dims), ge::FORMAT_ND, ge::DT_FLOAT);
}

ge::Graph mlp_graph()
{
    ge::op::Data x("x");
    x.set_attr_index(0);
    x.update_input_desc_x(fdesc({2, 3}));
    x.update_output_desc_y(fdesc({2, 3}));
    ge::op::Const w("w");
    w.set_attr_value(ge::Tensor(fdesc({3, 2}), reinterpret_cast<const uint8_t *>(kW), sizeof kW));
    ge::op::Const b("b");
    b.set_attr_value(ge::Tensor(fdesc({2}), reinterpret_cast<const uint8_t *>(kB), sizeof kB));
    ge::op::MatMul mm("mm");
    mm.set_input_x1(x).set_input_x2(w).set_input_bias(b);
    ge::op::Relu relu("relu");
    relu.set_input_x(mm);
    ge::Graph g("mlp");
    g.SetInputs({x}).SetOutputs({relu});
    return g;
}

ge::Tensor device_tensor(std::vector<int64_t> dims, const float *host)
{
    size_t n = 4;
    for (int64_t d : dims)
        n *= static_cast<size_t>(d);
    void *p = nullptr;
    CHECK_EQ(aclrtMalloc(&p, n, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    if (host)
        CHECK_EQ(aclrtMemcpy(p, n, host, n, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    ge::TensorDesc d = fdesc(dims);
    d.SetPlacement(ge::kPlacementDevice);
    ge::Tensor t(d);
    t.SetData(static_cast<uint8_t *>(p), n, [](uint8_t *q) { aclrtFree(q); });
    return t;
}

void d2h(float *host, const ge::Tensor &t, size_t bytes)
{
    CHECK(t.GetData() != nullptr);
    CHECK(t.GetSize() >= bytes);
    if (t.GetData())
        CHECK_EQ(aclrtMemcpy(host, bytes, t.GetData(), bytes, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
}

void env_up()
{
    std::map<ge::AscendString, ge::AscendString> opts{{ge::OPTION_EXEC_DEVICE_ID, "0"},
                                                      {ge::OPTION_GRAPH_RUN_MODE, "1"}};
    CHECK_EQ(ge::GEInitialize(opts), ge::SUCCESS);  // starts ACL too (vendor samples rely on it)
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
}

void env_down()
{
    CHECK_EQ(ge::GEFinalize(), ge::SUCCESS);
    CHECK_EQ(ge::GEFinalize(), ge::SUCCESS);  // twice: still SUCCESS
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
}

std::map<ge::AscendString, ge::AscendString> no_opts() { return {}; }

// The error text, kept alive for the CHECK that reads it.
const char *err_text()
{
    static std::string s;
    s = ge::GEGetErrorMsgV2().GetString();
    return s.c_str();
}
const char *err_text_v1()
{
    static std::string s;
    s = ge::GEGetErrorMsg();
    return s.c_str();
}

void test_seed_flow_user_outputs()
{
    env_up();
    {
        ge::Session session(no_opts());
        CHECK(session.GetSessionId() > 0);
        CHECK_EQ(session.AddGraph(1, mlp_graph()), ge::SUCCESS);
        aclrtStream stream = nullptr;
        CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
        std::vector<ge::Tensor> inputs{device_tensor({2, 3}, nullptr)};
        CHECK_EQ(aclrtMemcpyAsync(inputs[0].GetData(), sizeof kX, kX, sizeof kX, ACL_MEMCPY_HOST_TO_DEVICE, stream),
                 ACL_SUCCESS);
        std::vector<ge::Tensor> outputs{device_tensor({2, 2}, nullptr)};
        const uint8_t *addr = outputs[0].GetData();
        CHECK_EQ(session.RunGraphWithStreamAsync(1, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(outputs.size(), 1);
        CHECK(outputs[0].GetData() == addr);  // user buffers keep their address
        float y[4] = {0}, want[4];
        CHECK_EQ(aclrtMemcpyAsync(y, sizeof y, outputs[0].GetData(), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST, stream),
                 ACL_SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        expected(kX, want);
        CHECK(close4(y, want));
        // Again: the plan is reused.
        CHECK_EQ(session.RunGraphWithStreamAsync(1, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        d2h(y, outputs[0], sizeof y);
        CHECK(close4(y, want));
        CHECK_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    }
    env_down();
}

void test_builtin_outputs()
{
    env_up();
    {
        ge::Session session(no_opts());
        CHECK_EQ(session.AddGraph(2, mlp_graph()), ge::SUCCESS);
        aclrtStream stream = nullptr;
        CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
        std::vector<ge::Tensor> inputs{device_tensor({2, 3}, kX)};
        std::vector<ge::Tensor> outputs;  // left empty: the built-in allocator provides them
        CHECK_EQ(session.RunGraphWithStreamAsync(2, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(outputs.size(), 1);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        ge::TensorDesc d = outputs[0].GetTensorDesc();
        CHECK(d.GetShape().GetDims() == (std::vector<int64_t>{2, 2}));
        CHECK_EQ(d.GetDataType(), ge::DT_FLOAT);
        CHECK_EQ(outputs[0].GetPlacement(), ge::kPlacementDevice);
        CHECK_EQ(outputs[0].GetSize(), 16);
        float y[4] = {0}, want[4];
        d2h(y, outputs[0], sizeof y);
        expected(kX, want);
        CHECK(close4(y, want));

        // A later run never overwrites an output the user still holds.
        std::vector<ge::Tensor> second;
        const float x2[6] = {0, 0, 0, 0, 0, 0};
        std::vector<ge::Tensor> inputs2{device_tensor({2, 3}, x2)};
        CHECK_EQ(session.RunGraphWithStreamAsync(2, stream, inputs2, second), ge::SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        CHECK(second[0].GetData() != outputs[0].GetData());
        d2h(y, outputs[0], sizeof y);
        CHECK(close4(y, want));

        // A data-less tensor in the vector is filled too (and shallow copies see it).
        std::vector<ge::Tensor> third{ge::Tensor(fdesc({2, 2}))};
        ge::Tensor alias = third[0];
        CHECK_EQ(session.RunGraphWithStreamAsync(2, stream, inputs, third), ge::SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        CHECK(alias.GetData() != nullptr);
        d2h(y, alias, sizeof y);
        CHECK(close4(y, want));

        // Adopted into a caller-owned buffer with ResetData() (as torchair does).
        auto owned = second[0].ResetData();
        CHECK(owned.get() != nullptr);
        CHECK(second[0].GetData() == nullptr);
        owned.reset();  // frees the block through the engine

        outputs.clear();
        third.clear();
        alias = ge::Tensor();
        // Releasing an output after the graph is removed is allowed and safe.
        CHECK_EQ(session.RemoveGraph(2), ge::SUCCESS);
        second.clear();
        CHECK_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    }
    env_down();
}

class CountingAllocator : public ge::Allocator {
public:
    ge::MemBlock *Malloc(size_t size) override
    {
        void *p = nullptr;
        if (aclrtMalloc(&p, size, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS)
            return nullptr;
        mallocs++;
        live++;
        return new ge::MemBlock(*this, p, size);
    }
    void Free(ge::MemBlock *block) override
    {
        frees++;
        live--;
        aclrtFree(block->GetAddr());
        delete block;
    }
    ~CountingAllocator() override { (*destroyed)++; }
    std::atomic<int> mallocs{0}, frees{0}, live{0};
    std::atomic<int> *destroyed = nullptr;
};

void test_external_allocator()
{
    env_up();
    std::atomic<int> destroyed{0};
    {
        ge::Session session(no_opts());
        CHECK_EQ(session.AddGraph(3, mlp_graph()), ge::SUCCESS);
        aclrtStream stream = nullptr;
        CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
        auto alloc = std::make_shared<CountingAllocator>();
        alloc->destroyed = &destroyed;
        CountingAllocator *a = alloc.get();
        CHECK_EQ(session.RegisterExternalAllocator(stream, alloc), ge::SUCCESS);
        alloc.reset();  // the session keeps it alive
        CHECK_EQ(destroyed.load(), 0);

        std::vector<ge::Tensor> inputs{device_tensor({2, 3}, kX)};
        std::vector<ge::Tensor> outputs;
        CHECK_EQ(session.RunGraphWithStreamAsync(3, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(outputs.size(), 1);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        CHECK(a->mallocs.load() >= 1);  // the output (and feature memory) came from Malloc
        CHECK_EQ(a->live.load(), 1);     // only the output block is still held
        float y[4] = {0}, want[4];
        d2h(y, outputs[0], sizeof y);
        expected(kX, want);
        CHECK(close4(y, want));

        // Unregistering lets go of the allocator only once its blocks are gone.
        CHECK_EQ(session.UnregisterExternalAllocator(stream), ge::SUCCESS);
        CHECK_EQ(session.UnregisterExternalAllocator(stream), ge::SUCCESS);  // repeat: no-op success
        CHECK_EQ(destroyed.load(), 0);
        outputs.clear();  // MemBlock::Free -> Allocator::Free
        CHECK_EQ(destroyed.load(), 1);

        // Without an allocator the built-in one takes over.
        CHECK_EQ(session.RunGraphWithStreamAsync(3, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        d2h(y, outputs[0], sizeof y);
        CHECK(close4(y, want));
        outputs.clear();

        // MemBlock refcount while an output is held; the session destroy drops the allocator.
        auto b2 = std::make_shared<CountingAllocator>();
        b2->destroyed = &destroyed;
        CountingAllocator *b = b2.get();
        CHECK_EQ(session.RegisterExternalAllocator(stream, b2), ge::SUCCESS);
        CHECK_EQ(session.RunGraphWithStreamAsync(3, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        CHECK_EQ(b->live.load(), 1);
        outputs.clear();
        CHECK_EQ(b->live.load(), 0);
        CHECK_EQ(b->mallocs.load(), b->frees.load());
        b2.reset();
        CHECK_EQ(session.RegisterExternalAllocator(stream, nullptr), ge::PARAM_INVALID);
        CHECK_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    }
    CHECK_EQ(destroyed.load(), 2);
    env_down();
}

void test_run_graph_host()
{
    env_up();
    {
        ge::Session session(no_opts());
        CHECK_EQ(session.AddGraph(4, mlp_graph()), ge::SUCCESS);
        std::vector<ge::Tensor> inputs{ge::Tensor(fdesc({2, 3}), reinterpret_cast<const uint8_t *>(kX), sizeof kX)};
        std::vector<ge::Tensor> outputs;
        CHECK_EQ(session.RunGraph(4, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(outputs.size(), 1);
        float want[4];
        expected(kX, want);
        CHECK(outputs[0].GetData() && close4(reinterpret_cast<const float *>(outputs[0].GetData()), want));
        CHECK_EQ(outputs[0].GetPlacement(), ge::kPlacementHost);
        // Reusing the vector: the outputs are written in place.
        const uint8_t *addr = outputs[0].GetData();
        const float x2[6] = {1, 1, 1, 1, 1, 1};
        inputs[0].SetData(reinterpret_cast<const uint8_t *>(x2), sizeof x2);
        CHECK_EQ(session.RunGraph(4, inputs, outputs), ge::SUCCESS);
        CHECK(outputs[0].GetData() == addr);
        expected(x2, want);
        CHECK(close4(reinterpret_cast<const float *>(outputs[0].GetData()), want));
        // A wrong input count fails, with a message.
        std::vector<ge::Tensor> none;
        CHECK(session.RunGraph(4, none, outputs) != ge::SUCCESS);
        CHECK_CONTAINS(err_text(), "input");
    }
    env_down();
}

struct AsyncWait {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    ge::Status status = ge::FAILED;
    std::vector<float> y;
};

void test_run_graph_async()
{
    env_up();
    {
        ge::Session session(no_opts());
        CHECK_EQ(session.AddGraph(5, mlp_graph()), ge::SUCCESS);
        std::vector<ge::Tensor> inputs{ge::Tensor(fdesc({2, 3}), reinterpret_cast<const uint8_t *>(kX), sizeof kX)};
        AsyncWait w;
        ge::RunAsyncCallback cb = [&w](ge::Status st, std::vector<ge::Tensor> &outs) {
            std::lock_guard<std::mutex> lk(w.m);
            w.status = st;
            if (outs.size() == 1 && outs[0].GetSize() == 16) {
                const float *p = reinterpret_cast<const float *>(outs[0].GetData());
                w.y.assign(p, p + 4);
            }
            w.done = true;
            w.cv.notify_all();
        };
        CHECK_EQ(session.RunGraphAsync(5, inputs, cb), ge::SUCCESS);
        {
            std::unique_lock<std::mutex> lk(w.m);
            w.cv.wait(lk, [&w] { return w.done; });
        }
        CHECK_EQ(w.status, ge::SUCCESS);
        CHECK_EQ(w.y.size(), 4);
        float want[4];
        expected(kX, want);
        if (w.y.size() == 4)
            CHECK(close4(w.y.data(), want));
        // Unknown graph: refused at the call; the callback is not called.
        CHECK(session.RunGraphAsync(99, inputs, [](ge::Status, std::vector<ge::Tensor> &) { CHECK(false); }) !=
              ge::SUCCESS);
        CHECK_CONTAINS(err_text(), "99");
    }
    env_down();
}

void test_compile_and_summary()
{
    env_up();
    {
        ge::Session session(no_opts());
        CHECK_EQ(session.AddGraph(6, mlp_graph()), ge::SUCCESS);
        CHECK_EQ(session.CompileGraph(6), ge::SUCCESS);
        ge::CompiledGraphSummaryPtr s = session.GetCompiledGraphSummary(6);
        CHECK(s != nullptr);
        if (!s) {
            env_down();
            return;
        }
        CHECK(s->IsStatic());
        size_t const_size = 0, feature = 0, streams = 0, fixed = 1;
        bool refreshable = true;
        CHECK_EQ(s->GetConstMemorySize(const_size), ge::SUCCESS);
        CHECK(const_size >= sizeof kW + sizeof kB);
        CHECK_EQ(s->GetFeatureMemorySize(feature), ge::SUCCESS);
        CHECK_EQ(s->GetFixedFeatureMemorySize(fixed), ge::SUCCESS);
        CHECK_EQ(fixed, 0);
        CHECK_EQ(s->GetFeatureMemoryBaseRefreshable(refreshable), ge::SUCCESS);
        CHECK(!refreshable);
        CHECK_EQ(s->GetStreamNum(streams), ge::SUCCESS);
        CHECK_EQ(streams, 1);
        std::vector<ge::Shape> shapes;
        std::vector<ge::DataType> dtypes;
        CHECK_EQ(s->GetOutputShapes(shapes), ge::SUCCESS);
        CHECK_EQ(shapes.size(), 1);
        if (shapes.size() == 1)
            CHECK(shapes[0].GetDims() == (std::vector<int64_t>{2, 2}));
        CHECK_EQ(s->GetOutputDtypes(dtypes), ge::SUCCESS);
        CHECK_EQ(dtypes.size(), 1);
        if (dtypes.size() == 1)
            CHECK_EQ(dtypes[0], ge::DT_FLOAT);

        // User-owned const and feature memory (sized from the summary), then a run.
        void *cmem = nullptr, *fmem = nullptr;
        CHECK_EQ(aclrtMalloc(&cmem, const_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
        CHECK_EQ(aclrtMalloc(&fmem, feature ? feature : 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
        CHECK_EQ(session.SetGraphConstMemoryBase(6, cmem, const_size), ge::SUCCESS);
        CHECK_EQ(session.UpdateGraphFeatureMemoryBase(6, fmem, feature ? feature : 64), ge::SUCCESS);
        aclrtStream stream = nullptr;
        CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
        CHECK_EQ(session.LoadGraph(6, no_opts(), stream), ge::SUCCESS);
        std::vector<ge::Tensor> inputs{device_tensor({2, 3}, kX)};
        std::vector<ge::Tensor> outputs{device_tensor({2, 2}, nullptr)};
        CHECK_EQ(session.RunGraphWithStreamAsync(6, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        float y[4], want[4];
        d2h(y, outputs[0], sizeof y);
        expected(kX, want);
        CHECK(close4(y, want));
        // Once the bases are set, outputs must be provided.
        std::vector<ge::Tensor> empty;
        CHECK_EQ(session.RunGraphWithStreamAsync(6, stream, inputs, empty), ge::FAILED);
        CHECK_CONTAINS(err_text(), "provided");
        CHECK_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
        CHECK_EQ(session.RemoveGraph(6), ge::SUCCESS);
        aclrtFree(cmem);
        aclrtFree(fmem);
        // The summary outlives the graph.
        CHECK(s->IsStatic());
    }
    env_down();
}

void test_graph_id_errors_and_messages()
{
    env_up();
    {
        ge::Session session(no_opts());
        CHECK_EQ(session.AddGraph(7, mlp_graph()), ge::SUCCESS);
        CHECK_EQ(session.AddGraph(7, mlp_graph()), ge::FAILED);  // id in use: the first graph stays
        std::string msg = err_text();
        CHECK_CONTAINS(msg.c_str(), "7");
        CHECK(ge::GEGetErrorMsgV2().GetLength() == 0);  // read and cleared
        aclrtStream stream = nullptr;
        CHECK_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
        std::vector<ge::Tensor> inputs{device_tensor({2, 3}, kX)};
        std::vector<ge::Tensor> outputs;
        CHECK_EQ(session.RunGraphWithStreamAsync(7, stream, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        outputs.clear();

        // A host pointer where device memory is needed: FAILED (collapsed) naming the index.
        std::vector<ge::Tensor> host_in{ge::Tensor(fdesc({2, 3}), reinterpret_cast<const uint8_t *>(kX), sizeof kX)};
        CHECK_EQ(session.RunGraphWithStreamAsync(7, stream, host_in, outputs), ge::FAILED);
        CHECK_CONTAINS(err_text_v1(), "input 0");
        // A NULL stream is refused.
        CHECK_EQ(session.RunGraphWithStreamAsync(7, nullptr, inputs, outputs), ge::FAILED);
        CHECK_CONTAINS(err_text(), "stream");

        CHECK_EQ(session.RemoveGraph(7), ge::SUCCESS);
        CHECK_EQ(session.RunGraphWithStreamAsync(7, stream, inputs, outputs), ge::FAILED);
        CHECK_CONTAINS(err_text(), "7");
        CHECK(session.RemoveGraph(7) != ge::SUCCESS);
        (void)ge::GEGetErrorMsgV2();
        CHECK_EQ(session.AddGraph(7, mlp_graph()), ge::SUCCESS);  // the id is free again

        // A graph the lowering refuses: FAILED, and the text names the operator.
        ge::op::Data x("x");
        ge::op::Add add("add");
        add.set_input_x1(x);
        ge::Graph bad("bad");
        bad.SetInputs({x}).SetOutputs({add});
        CHECK_EQ(session.AddGraph(8, bad), ge::FAILED);
        CHECK_CONTAINS(err_text(), "input 'x2' is not linked");
        CHECK_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    }
    env_down();
}

void test_data_index_end_to_end()
{
    env_up();
    {
        // Both Data left at index 0: renumbered in SetInputs order, so inputs[0] feeds a.
        ge::op::Data a("a"), b("b");
        a.update_output_desc_y(fdesc({2}));
        b.update_output_desc_y(fdesc({2}));
        ge::op::Sub sub("sub");
        sub.set_input_x1(a).set_input_x2(b);
        ge::Graph g("sub");
        g.SetInputs({a, b}).SetOutputs({sub});
        ge::Session session(no_opts());
        CHECK_EQ(session.AddGraph(1, g), ge::SUCCESS);
        const float av[2] = {5, 7}, bv[2] = {1, 2};
        std::vector<ge::Tensor> in{ge::Tensor(fdesc({2}), reinterpret_cast<const uint8_t *>(av), sizeof av),
                                   ge::Tensor(fdesc({2}), reinterpret_cast<const uint8_t *>(bv), sizeof bv)};
        std::vector<ge::Tensor> out;
        CHECK_EQ(session.RunGraph(1, in, out), ge::SUCCESS);
        CHECK_EQ(out.size(), 1);
        if (out.size() == 1 && out[0].GetSize() == 8) {
            const float *y = reinterpret_cast<const float *>(out[0].GetData());
            CHECK(y[0] == 4.0f && y[1] == 5.0f);
        }
    }
    env_down();
}

void test_session_lifetimes()
{
    // Before GEInitialize the session cannot be made: id 0, every call FAILED with a message.
    {
        ge::Session dead(no_opts());
        CHECK_EQ(dead.GetSessionId(), 0);
        (void)ge::GEGetErrorMsgV2();
        CHECK_EQ(dead.AddGraph(1, mlp_graph()), ge::FAILED);
        CHECK_CONTAINS(err_text(), "not created");
        CHECK(dead.GetCompiledGraphSummary(1) == nullptr);
    }
    CHECK_EQ(ge::GEFinalize(), ge::SUCCESS);  // never initialised: SUCCESS
    // An empty option key is refused.
    std::map<ge::AscendString, ge::AscendString> empty_key{{"", "1"}};
    CHECK_EQ(ge::GEInitialize(empty_key), ge::FAILED);
    (void)ge::GEGetErrorMsgV2();

    // The deprecated std::string forms work too; GEFinalize with a session alive destroys it,
    // and the Session object is then inert.
    std::map<std::string, std::string> sopts{{"ge.exec.deviceId", "0"}};
    CHECK_EQ(ge::GEInitialize(sopts), ge::SUCCESS);
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    {
        ge::Session s(sopts);
        CHECK(s.GetSessionId() > 0);
        CHECK_EQ(s.AddGraph(1, mlp_graph(), std::map<std::string, std::string>{}), ge::SUCCESS);
        CHECK_EQ(ge::GEFinalize(), ge::SUCCESS);
        CHECK_EQ(s.RemoveGraph(1), ge::FAILED);
        CHECK_CONTAINS(err_text(), "GEFinalize");
    }  // ~Session after GEFinalize: nothing to do, no crash
    // GEInitialize after GEFinalize starts afresh; two sessions have distinct ids.
    env_up();
    {
        ge::Session s1(no_opts()), s2(no_opts());
        CHECK(s1.GetSessionId() != s2.GetSessionId());
        CHECK_EQ(s1.AddGraphWithCopy(1, mlp_graph()), ge::SUCCESS);
        CHECK_EQ(s2.AddGraph(1, mlp_graph()), ge::SUCCESS);  // ids are per session
    }
    env_down();
}

}  // namespace

int main()
{
    RUN_TEST(test_seed_flow_user_outputs);
    RUN_TEST(test_builtin_outputs);
    RUN_TEST(test_external_allocator);
    RUN_TEST(test_run_graph_host);
    RUN_TEST(test_run_graph_async);
    RUN_TEST(test_compile_and_summary);
    RUN_TEST(test_graph_id_errors_and_messages);
    RUN_TEST(test_data_index_end_to_end);
    RUN_TEST(test_session_lifetimes);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
    return test_result();
}

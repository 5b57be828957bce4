// The seed flow in C++, written the way GE sample code is: GEInitialize, aclInit, Session,
// a graph of ge::op::Data / Const / MatMul / Add / Relu / SoftmaxV2, AddGraph, a stream,
// device inputs copied in, RunGraphWithStreamAsync three ways (user outputs, outputs from an
// external allocator, outputs from the built-in allocator), synchronize, copy out, check,
// tear down. Exits non-zero on any mismatch.
//
//   y = softmax(relu(x @ w + b) + z, axis -1)     x: [2, 3], z: [2, 4], y: [2, 4]
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "acl/acl.h"
#include "all_ops.h"
#include "ge/ge_api.h"

namespace {

const float kX[2 * 3] = {1, 2, 3, -1, 0.5f, 2};
const float kZ[2 * 4] = {0.5f, 0, -0.5f, 1, 0, 0.25f, 0, -1};
const float kW[3 * 4] = {0.5f, -1, 1, 0.25f, 2, -0.25f, 1, 0, -0.5f, 0.75f, 0.1f, 1};
const float kB[4] = {0.1f, -0.2f, 0, 0.3f};

int g_failures = 0;

#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            g_failures++;                                                                          \
            std::printf("FAILED: " __VA_ARGS__);                                                   \
            std::printf("  (%s)\n", ge::GEGetErrorMsgV2().GetString());                            \
        }                                                                                          \
    } while (0)

void Reference(float *y)
{
    for (int r = 0; r < 2; r++) {
        float row[4], max = -1e30f, sum = 0;
        for (int c = 0; c < 4; c++) {
            float acc = kB[c];
            for (int k = 0; k < 3; k++)
                acc += kX[r * 3 + k] * kW[k * 4 + c];
            row[c] = (acc > 0 ? acc : 0) + kZ[r * 4 + c];
            max = row[c] > max ? row[c] : max;
        }
        for (int c = 0; c < 4; c++)
            sum += row[c] = std::exp(row[c] - max);
        for (int c = 0; c < 4; c++)
            y[r * 4 + c] = row[c] / sum;
    }
}

ge::TensorDesc Desc(const std::vector<int64_t> &dims)
{
    ge::TensorDesc d(ge::Shape(dims), ge::FORMAT_ND, ge::DT_FLOAT);
    d.SetPlacement(ge::kPlacementDevice);
    return d;
}

ge::Graph BuildGraph()
{
    ge::op::Data x("x");
    x.set_attr_index(0);
    x.update_input_desc_x(Desc({2, 3}));
    x.update_output_desc_y(Desc({2, 3}));
    ge::op::Data z("z");
    z.set_attr_index(1);
    z.update_input_desc_x(Desc({2, 4}));
    z.update_output_desc_y(Desc({2, 4}));

    ge::TensorDesc wd(ge::Shape({3, 4}), ge::FORMAT_ND, ge::DT_FLOAT);
    ge::op::Const w("w");
    w.set_attr_value(ge::Tensor(wd, reinterpret_cast<const uint8_t *>(kW), sizeof kW));
    ge::TensorDesc bd(ge::Shape({4}), ge::FORMAT_ND, ge::DT_FLOAT);
    ge::op::Const b("b");
    b.set_attr_value(ge::Tensor(bd, reinterpret_cast<const uint8_t *>(kB), sizeof kB));

    ge::op::MatMul mm("mm");
    mm.set_input_x1(x).set_input_x2(w).set_input_bias(b);
    ge::op::Relu relu("relu");
    relu.set_input_x(mm);
    ge::op::Add add("add");
    add.set_input_x1(relu).set_input_x2(z);
    ge::op::SoftmaxV2 softmax("softmax");
    softmax.set_input_x(add).set_attr_axes({-1});

    ge::Graph graph("seed_flow");
    graph.SetInputs({x, z}).SetOutputs({softmax});
    return graph;
}

// Device memory from aclrtMalloc, wrapped (no copy) with an aclrtFree deleter.
ge::Tensor DeviceTensor(const std::vector<int64_t> &dims, size_t bytes)
{
    void *p = nullptr;
    if (aclrtMalloc(&p, bytes, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS)
        return ge::Tensor();
    ge::Tensor t(Desc(dims));
    t.SetData(static_cast<uint8_t *>(p), bytes, [](uint8_t *q) { aclrtFree(q); });
    return t;
}

// An external allocator: every block is aclrtMalloc'd, and counted.
class DeviceAllocator : public ge::Allocator {
public:
    ge::MemBlock *Malloc(size_t size) override
    {
        void *p = nullptr;
        if (aclrtMalloc(&p, size, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS)
            return nullptr;
        live_++;
        mallocs_++;
        return new ge::MemBlock(*this, p, size);
    }
    void Free(ge::MemBlock *block) override
    {
        live_--;
        aclrtFree(block->GetAddr());
        delete block;
    }
    int live() const { return live_; }
    int mallocs() const { return mallocs_; }

private:
    int live_ = 0;
    int mallocs_ = 0;
};

bool Check(const char *what, const float *y, const float *want)
{
    for (int i = 0; i < 8; i++)
        if (std::fabs(y[i] - want[i]) > 1e-5f) {
            std::printf("FAILED: %s: y[%d] = %g, expected %g\n", what, i, y[i], want[i]);
            g_failures++;
            return false;
        }
    std::printf("  %s: y[0] = [%.4f %.4f %.4f %.4f] ok\n", what, y[0], y[1], y[2], y[3]);
    return true;
}

}  // namespace

int main()
{
    std::map<ge::AscendString, ge::AscendString> options = {{ge::OPTION_EXEC_DEVICE_ID, "0"},
                                                            {ge::OPTION_GRAPH_RUN_MODE, "0"}};
    EXPECT(ge::GEInitialize(options) == ge::SUCCESS, "GEInitialize\n");
    aclError ae = aclInit(nullptr);
    EXPECT(ae == ACL_SUCCESS || ae == ACL_ERROR_REPEAT_INITIALIZE, "aclInit\n");
    EXPECT(aclrtSetDevice(0) == ACL_SUCCESS, "aclrtSetDevice\n");
    std::printf("GEInitialize, aclInit, aclrtSetDevice(0)\n");

    float want[8];
    Reference(want);
    {
        ge::Session session(options);
        EXPECT(session.GetSessionId() != 0, "Session\n");
        const uint32_t graph_id = 1;
        EXPECT(session.AddGraph(graph_id, BuildGraph()) == ge::SUCCESS, "AddGraph\n");
        std::printf("Session %llu: AddGraph(%u) Data x[2,3], z[2,4] -> MatMul+bias -> Relu -> Add -> SoftmaxV2\n",
                    static_cast<unsigned long long>(session.GetSessionId()), graph_id);

        aclrtStream stream = nullptr;
        EXPECT(aclrtCreateStream(&stream) == ACL_SUCCESS, "aclrtCreateStream\n");
        std::vector<ge::Tensor> inputs{DeviceTensor({2, 3}, sizeof kX), DeviceTensor({2, 4}, sizeof kZ)};
        aclrtMemcpyAsync(inputs[0].GetData(), sizeof kX, kX, sizeof kX, ACL_MEMCPY_HOST_TO_DEVICE, stream);
        aclrtMemcpyAsync(inputs[1].GetData(), sizeof kZ, kZ, sizeof kZ, ACL_MEMCPY_HOST_TO_DEVICE, stream);
        float y[8];

        // 1. User-allocated device outputs.
        {
            std::vector<ge::Tensor> outputs{DeviceTensor({2, 4}, sizeof y)};
            EXPECT(session.RunGraphWithStreamAsync(graph_id, stream, inputs, outputs) == ge::SUCCESS,
                   "RunGraphWithStreamAsync (user outputs)\n");
            aclrtMemcpyAsync(y, sizeof y, outputs[0].GetData(), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST, stream);
            EXPECT(aclrtSynchronizeStream(stream) == ACL_SUCCESS, "aclrtSynchronizeStream\n");
            Check("RunGraphWithStreamAsync, user device outputs, H2D/run/D2H on one stream", y, want);
        }

        // 2. Outputs left empty, from an external allocator registered for the stream.
        {
            auto allocator = std::make_shared<DeviceAllocator>();
            EXPECT(session.RegisterExternalAllocator(stream, allocator) == ge::SUCCESS, "RegisterExternalAllocator\n");
            std::vector<ge::Tensor> outputs;
            EXPECT(session.RunGraphWithStreamAsync(graph_id, stream, inputs, outputs) == ge::SUCCESS,
                   "RunGraphWithStreamAsync (external allocator)\n");
            EXPECT(aclrtSynchronizeStream(stream) == ACL_SUCCESS, "aclrtSynchronizeStream\n");
            EXPECT(outputs.size() == 1 && outputs[0].GetSize() >= sizeof y, "external output\n");
            if (outputs.size() == 1 && outputs[0].GetData()) {
                aclrtMemcpy(y, sizeof y, outputs[0].GetData(), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST);
                Check("RunGraphWithStreamAsync, outputs from the external allocator", y, want);
            }
            std::printf("  allocator: %d Malloc calls, %d blocks held before outputs.clear()\n",
                        allocator->mallocs(), allocator->live());
            outputs.clear();  // MemBlock::Free -> DeviceAllocator::Free
            EXPECT(allocator->live() == 0, "every allocator block freed\n");
            EXPECT(session.UnregisterExternalAllocator(stream) == ge::SUCCESS, "UnregisterExternalAllocator\n");
        }

        // 3. Outputs left empty, from the graph's built-in allocator.
        {
            std::vector<ge::Tensor> outputs;
            EXPECT(session.RunGraphWithStreamAsync(graph_id, stream, inputs, outputs) == ge::SUCCESS,
                   "RunGraphWithStreamAsync (built-in outputs)\n");
            EXPECT(aclrtSynchronizeStream(stream) == ACL_SUCCESS, "aclrtSynchronizeStream\n");
            if (outputs.size() == 1 && outputs[0].GetData()) {
                aclrtMemcpy(y, sizeof y, outputs[0].GetData(), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST);
                Check("RunGraphWithStreamAsync, outputs from the built-in allocator", y, want);
            } else {
                EXPECT(false, "built-in output\n");
            }
            outputs.clear();  // released before the graph is unloaded
        }

        EXPECT(session.RemoveGraph(graph_id) == ge::SUCCESS, "RemoveGraph\n");
        EXPECT(aclrtDestroyStream(stream) == ACL_SUCCESS, "aclrtDestroyStream\n");
        inputs.clear();  // aclrtFree through the deleters
    }
    EXPECT(ge::GEFinalize() == ge::SUCCESS, "GEFinalize\n");
    EXPECT(aclrtResetDevice(0) == ACL_SUCCESS, "aclrtResetDevice\n");
    EXPECT(aclFinalize() == ACL_SUCCESS, "aclFinalize\n");
    std::printf("teardown: Session, GEFinalize, aclrtResetDevice, aclFinalize\n");
    if (g_failures)
        std::printf("seed flow (C++): %d FAILURES\n", g_failures);
    else
        std::printf("seed flow (C++): ok\n");
    return g_failures ? 1 : 0;
}

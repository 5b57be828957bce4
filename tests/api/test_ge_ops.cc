// all_ops.h op protos run end to end (lowered, compiled and run on host tensors through
// ge::Session::RunGraph), checked against plain loops.
#include "acl/acl.h"
#include "all_ops.h"
#include "ge/ge_api.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

extern "C" {
#include "test.h"
}

namespace {

ge::TensorDesc desc(std::vector<int64_t> dims, ge::DataType dt = ge::DT_FLOAT)
{
    return ge::TensorDesc(ge::Shape(dims), ge::FORMAT_ND, dt);
}

ge::op::Data data(const char *name, int64_t index, std::vector<int64_t> dims, ge::DataType dt = ge::DT_FLOAT)
{
    ge::op::Data d(name);
    d.set_attr_index(index);
    d.update_input_desc_x(desc(dims, dt));
    d.update_output_desc_y(desc(dims, dt));
    return d;
}

template <typename T> ge::Tensor host(std::vector<int64_t> dims, const std::vector<T> &v, ge::DataType dt)
{
    return ge::Tensor(desc(dims, dt), reinterpret_cast<const uint8_t *>(v.data()), v.size() * sizeof(T));
}

const char *err_text()
{
    static std::string s;
    s = ge::GEGetErrorMsgV2().GetString();
    return s.c_str();
}

ge::Session *g_session = nullptr;

/* Runs g on inputs; returns the outputs (empty on failure, with the message printed). */
std::vector<ge::Tensor> run(uint32_t id, const ge::Graph &g, const std::vector<ge::Tensor> &inputs)
{
    std::vector<ge::Tensor> out;
    if (g_session->AddGraph(id, g) != ge::SUCCESS || g_session->RunGraph(id, inputs, out) != ge::SUCCESS) {
        fprintf(stderr, "graph %u: %s\n", id, err_text());
        out.clear();
    }
    return out;
}

bool near(float a, float b) { return std::fabs(a - b) < 1e-5f; }

void test_matmul_transposes()
{
    // y = x1^T @ x2^T: x1 [3, 2], x2 [4, 3] -> [2, 4]
    std::vector<float> a{1, 2, 3, 4, 5, 6}, b{1, 0, -1, 2, 1, 0, 0, 3, 1, -2, 1, 1};
    auto x1 = data("x1", 0, {3, 2});
    auto x2 = data("x2", 1, {4, 3});
    ge::op::MatMul mm("mm");
    mm.set_input_x1(x1).set_input_x2(x2).set_attr_transpose_x1(true).set_attr_transpose_x2(true);
    ge::Graph g("mm");
    g.SetInputs({x1, x2}).SetOutputs({mm});
    auto out = run(1, g, {host({3, 2}, a, ge::DT_FLOAT), host({4, 3}, b, ge::DT_FLOAT)});
    CHECK_EQ(out.size(), 1);
    if (out.size() != 1)
        return;
    CHECK(out[0].GetTensorDesc().GetShape().GetDims() == (std::vector<int64_t>{2, 4}));
    const float *y = reinterpret_cast<const float *>(out[0].GetData());
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++) {
            float acc = 0;
            for (int k = 0; k < 3; k++)
                acc += a[k * 2 + i] * b[j * 3 + k];
            CHECK(near(y[i * 4 + j], acc));
        }
}

void test_cast_reshape_softmax_div()
{
    // y = softmax(reshape(cast(x_int32) / d, [3, 2]), axis 0)
    std::vector<int32_t> xi{1, 2, 3, 4, 5, 6};
    std::vector<float> dv{2, 2, 2, 2, 2, 2};
    auto x = data("x", 0, {2, 3}, ge::DT_INT32);
    auto dd = data("d", 1, {2, 3});
    ge::op::Cast cast("cast");
    cast.set_input_x(x).set_attr_dst_type(ge::DT_FLOAT);
    ge::op::RealDiv div("div");
    div.set_input_x1(cast).set_input_x2(dd);
    std::vector<int32_t> shape_v{3, 2};
    ge::op::Const shape("shape");
    shape.set_attr_value(host({2}, shape_v, ge::DT_INT32));  // int32: cast to int64 on lowering
    ge::op::Reshape rs("rs");
    rs.set_input_x(div).set_input_shape(shape);
    ge::op::SoftmaxV2 sm("sm");
    sm.set_input_x(rs).set_attr_axes({0});
    ge::Graph g("crsd");
    g.SetInputs({x, dd}).SetOutputs({sm, cast});
    auto out = run(2, g, {host({2, 3}, xi, ge::DT_INT32), host({2, 3}, dv, ge::DT_FLOAT)});
    CHECK_EQ(out.size(), 2);
    if (out.size() != 2)
        return;
    CHECK(out[0].GetTensorDesc().GetShape().GetDims() == (std::vector<int64_t>{3, 2}));
    CHECK_EQ(out[1].GetTensorDesc().GetDataType(), ge::DT_FLOAT);
    const float *y = reinterpret_cast<const float *>(out[0].GetData());
    for (int c = 0; c < 2; c++) {
        float e[3], sum = 0;
        for (int r = 0; r < 3; r++)
            sum += e[r] = std::exp(static_cast<float>(xi[r * 2 + c]) / 2.0f);
        for (int r = 0; r < 3; r++)
            CHECK(near(y[r * 2 + c], e[r] / sum));
    }
}

void test_elementwise_and_pass_through()
{
    std::vector<float> a{-1, 2, -3, 4}, b{0.5f, 0.5f, 2, 2};
    auto x = data("x", 0, {4});
    auto z = data("z", 1, {4});
    ge::op::Relu relu("relu");
    relu.set_input_x(x);
    ge::op::Mul mul("mul");
    mul.set_input_x1(relu).set_input_x2(z);
    ge::op::Sub sub("sub");
    sub.set_input_x1(mul).set_input_x2(x);
    ge::op::Maximum mx("mx");
    mx.set_input_x1(sub).set_input_x2(z);
    ge::Operator neg("neg", "Neg");  // a plain ONNX op by name
    neg.SetInput("X", mx);
    ge::Graph g("ew");
    g.SetInputs({x, z}).SetOutputs({neg});
    auto out = run(3, g, {host({4}, a, ge::DT_FLOAT), host({4}, b, ge::DT_FLOAT)});
    CHECK_EQ(out.size(), 1);
    if (out.size() != 1)
        return;
    const float *y = reinterpret_cast<const float *>(out[0].GetData());
    for (int i = 0; i < 4; i++) {
        float r = a[i] > 0 ? a[i] : 0;
        float s = r * b[i] - a[i];
        CHECK(near(y[i], -(s > b[i] ? s : b[i])));
    }
}

void test_multi_output_ports()
{
    // An ONNX op with two outputs (TopK), outputs chosen by port.
    std::vector<float> a{3, 1, 4, 1, 5, 9};
    std::vector<int64_t> k{2};
    auto x = data("x", 0, {6});
    ge::op::Const kc("k");
    kc.set_attr_value(host({1}, k, ge::DT_INT64));
    ge::Operator topk("topk", "TopK");
    topk.SetInput("X", x).SetInput("K", kc);
    topk.UpdateOutputDesc("Values", desc({2}));
    topk.UpdateOutputDesc("Indices", desc({2}, ge::DT_INT64));
    ge::Graph g("topk");
    g.SetInputs({x}).SetOutputs(std::vector<std::pair<ge::Operator, std::vector<size_t>>>{{topk, {1, 0}}});
    auto out = run(4, g, {host({6}, a, ge::DT_FLOAT)});
    CHECK_EQ(out.size(), 2);
    if (out.size() != 2)
        return;
    CHECK_EQ(out[0].GetTensorDesc().GetDataType(), ge::DT_INT64);
    const int64_t *idx = reinterpret_cast<const int64_t *>(out[0].GetData());
    const float *val = reinterpret_cast<const float *>(out[1].GetData());
    CHECK_EQ(idx[0], 5);
    CHECK_EQ(idx[1], 4);
    CHECK(val[0] == 9.0f && val[1] == 5.0f);
}

}  // namespace

int main()
{
    std::map<ge::AscendString, ge::AscendString> opts;
    CHECK_EQ(ge::GEInitialize(opts), ge::SUCCESS);
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    g_session = new ge::Session(opts);
    RUN_TEST(test_matmul_transposes);
    RUN_TEST(test_cast_reshape_softmax_div);
    RUN_TEST(test_elementwise_and_pass_through);
    RUN_TEST(test_multi_output_ports);
    delete g_session;
    CHECK_EQ(ge::GEFinalize(), ge::SUCCESS);
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    return test_result();
}

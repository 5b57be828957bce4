// aclgrphParseONNX / aclgrphParseONNXFromMem: a model saved by the engine's ONNX writer,
// parsed back through the vendor entry points and run with ge::Session.
#include "ge/ge_api.h"
#include "parser/onnx_parser.h"

extern "C" {
#include "test.h"
}

#include <cstdio>
#include <vector>

namespace {

/* y = Relu(x + c), x: [2, 2] float (batch dynamic in the model: -1). */
std::vector<unsigned char> model_bytes()
{
    ge_graph *g = nullptr;
    CHECK_EQ(ge_graph_create("parsed", &g), GE_STATUS_SUCCESS);
    int64_t xd[2] = {-1, 2}, cd[1] = {2};
    float c[2] = {-1.0f, 0.5f};
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, xd, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "c", GE_DTYPE_FLOAT32, cd, 1, c, sizeof c), GE_STATUS_SUCCESS);
    const char *add_in[] = {"x", "c"}, *add_out[] = {"s"}, *relu_in[] = {"s"}, *relu_out[] = {"y"};
    CHECK_EQ(ge_graph_add_node(g, "Add", nullptr, "add", add_in, 2, add_out, 1, nullptr), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Relu", nullptr, "relu", relu_in, 1, relu_out, 1, nullptr), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    void *data = nullptr;
    size_t size = 0;
    CHECK_EQ(ge_graph_save_onnx_memory(g, &data, &size), GE_STATUS_SUCCESS);
    std::vector<unsigned char> bytes(static_cast<unsigned char *>(data), static_cast<unsigned char *>(data) + size);
    ge_onnx_buffer_free(data);
    ge_graph_destroy(g);
    return bytes;
}

void run_and_check(ge::Graph &graph)
{
    std::map<ge::AscendString, ge::AscendString> options;
    CHECK_EQ(ge::GEInitialize(options), ge::SUCCESS);
    {
        ge::Session session(options);
        CHECK_EQ(session.AddGraph(1, graph), ge::SUCCESS);
        float x[4] = {0.5f, -1.0f, 2.0f, 0.25f};
        ge::TensorDesc desc(ge::Shape({2, 2}), ge::FORMAT_ND, ge::DT_FLOAT);
        ge::Tensor in(desc, reinterpret_cast<const uint8_t *>(x), sizeof x);
        std::vector<ge::Tensor> inputs{in}, outputs;
        CHECK_EQ(session.RunGraph(1, inputs, outputs), ge::SUCCESS);
        CHECK_EQ(outputs.size(), 1);
        if (outputs.size() == 1) {
            const float *y = reinterpret_cast<const float *>(outputs[0].GetData());
            CHECK(y[0] == 0.0f && y[1] == 0.0f && y[2] == 1.0f && y[3] == 0.75f);
        }
    }
    CHECK_EQ(ge::GEFinalize(), ge::SUCCESS);
}

void test_parse_from_memory()
{
    std::vector<unsigned char> bytes = model_bytes();
    ge::Graph graph;
    std::map<ge::AscendString, ge::AscendString> params{{ge::ir_option::INPUT_SHAPE, "x:2,2"}};
    CHECK_EQ(ge::aclgrphParseONNXFromMem(reinterpret_cast<const char *>(bytes.data()), bytes.size(), params, graph),
             ge::GRAPH_SUCCESS);
    run_and_check(graph);
}

void test_parse_from_file()
{
    std::vector<unsigned char> bytes = model_bytes();
    char path[] = "/tmp/geflow_parser_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    CHECK(f != nullptr);
    if (!f)
        return;
    fwrite(bytes.data(), 1, bytes.size(), f);
    fclose(f);
    ge::Graph graph;
    CHECK_EQ(ge::aclgrphParseONNX(path, {}, graph), ge::GRAPH_SUCCESS);
    run_and_check(graph);
    remove(path);
}

void test_parse_errors()
{
    ge::Graph graph;
    const char junk[] = "not an onnx model";
    CHECK_EQ(ge::aclgrphParseONNXFromMem(junk, sizeof junk, {}, graph), ge::GRAPH_FAILED);
    CHECK(ge::GEGetErrorMsgV2().GetLength() > 0);
    std::map<ge::AscendString, ge::AscendString> bad{{ge::ir_option::INPUT_SHAPE, "nosuchinput:1,2"}};
    std::vector<unsigned char> bytes = model_bytes();
    CHECK_EQ(ge::aclgrphParseONNXFromMem(reinterpret_cast<const char *>(bytes.data()), bytes.size(), bad, graph),
             ge::GRAPH_FAILED);
    ge::AscendString msg = ge::GEGetErrorMsgV2();
    CHECK_CONTAINS(msg.GetString(), "nosuchinput");
}

}  // namespace

int main()
{
    RUN_TEST(test_parse_from_memory);
    RUN_TEST(test_parse_from_file);
    RUN_TEST(test_parse_errors);
    return test_result();
}

// ge::Graph / ge::Operator / all_ops.h and their lowering onto the engine's graph.
#include "all_ops.h"
#include "geflow/geflow.h"
#include "graph/geflow_lower.h"
#include "graph/graph.h"
#include "graph/operator.h"
#include "parser/onnx_parser.h"

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

ge::op::Data data(const char *name, std::vector<int64_t> dims, int64_t index = -1, ge::DataType dt = ge::DT_FLOAT)
{
    ge::op::Data d(name);
    if (index >= 0)
        d.set_attr_index(index);
    d.update_input_desc_x(desc(dims, dt));
    d.update_output_desc_y(desc(dims, dt));
    return d;
}

ge_graph *lower(const ge::Graph &g, std::string *err = nullptr)
{
    ge_graph *out = nullptr;
    std::string e;
    ge::graphStatus st = ge::GeflowLowerGraph(g, &out, &e);
    if (err)
        *err = e;
    if (st != ge::GRAPH_SUCCESS) {
        CHECK(out == nullptr);
        return nullptr;
    }
    return out;
}

const char *node_type(ge_graph *g, size_t i) { return ge_node_get_op_type(ge_graph_get_node(g, i)); }

void test_op_proto_methods()
{
    ge::op::Data d("x");
    CHECK_EQ(d.get_attr_index(), 0);  // the proto default
    CHECK_EQ(d.set_attr_index(3).get_attr_index(), 3);
    CHECK(d.GetName() == "x");
    CHECK(d.GetOpType() == "Data");
    ge::AscendString n;
    CHECK_EQ(d.GetName(n), ge::GRAPH_SUCCESS);
    CHECK(strcmp(n.GetString(), "x") == 0);
    CHECK(strcmp(ge::op::Data::name_attr_index(), "index") == 0);
    CHECK(strcmp(ge::op::Add::name_in_x1(), "x1") == 0);
    CHECK(strcmp(ge::op::Add::name_out_y(), "y") == 0);
    CHECK_EQ(d.update_output_desc_y(desc({2, 3}, ge::DT_INT32)), ge::GRAPH_SUCCESS);
    CHECK_EQ(d.get_output_desc_y().GetDataType(), ge::DT_INT32);
    CHECK_EQ(d.GetOutputDesc(0).GetShape().GetDim(1), 3);
    CHECK_EQ(d.GetOutputDesc("y").GetShape().GetDim(1), 3);
    CHECK_EQ(d.GetInputsSize(), 1);
    CHECK_EQ(d.GetOutputsSize(), 1);
    CHECK_EQ(d.UpdateInputDesc("nope", desc({1})), ge::GRAPH_FAILED);  // not in the proto

    ge::op::SoftmaxV2 sm("sm");
    CHECK(sm.get_attr_axes() == std::vector<int64_t>{-1});
    ge::op::MatMul mm("mm");
    CHECK(!mm.get_attr_transpose_x1());
    CHECK(mm.set_attr_transpose_x2(true).get_attr_transpose_x2());
    CHECK_EQ(mm.GetInputsSize(), 3);
    ge::op::Cast c("c");
    c.set_attr_dst_type(ge::DT_INT32);
    CHECK_EQ(c.get_attr_dst_type(), 3);
    ge::op::Const k("k");
    float v = 2.0f;
    k.set_attr_value(ge::Tensor(desc({}), reinterpret_cast<uint8_t *>(&v), sizeof v));
    CHECK_EQ(k.get_attr_value().GetSize(), 4);
    ge::op::Add unnamed;  // a generated name
    CHECK(unnamed.GetName().find("Add_") == 0);

    // A copy is the same node.
    ge::Operator alias = d;
    alias.SetAttr("index", static_cast<int64_t>(5));
    CHECK_EQ(d.get_attr_index(), 5);

    // SetAttr overloads and GetAttr.
    ge::Operator op("o", "Custom");
    op.SetAttr("i", 1).SetAttr("f", 0.5f).SetAttr("b", true).SetAttr("s", "text");
    op.SetAttr("ints", {1, 2, 3}).SetAttr("dt", ge::DT_INT64).SetAttr("u", 7u).SetAttr("d", 0.25);
    op.SetAttr(std::string("str"), std::string("v")).SetAttr("as", ge::AscendString("w"));
    op.SetAttr("fl", std::vector<float>{1.0f}).SetAttr("bl", std::vector<bool>{true, false});
    int64_t i = 0;
    float f = 0;
    bool b = false;
    std::string s;
    std::vector<int64_t> ints;
    ge::DataType dt = ge::DT_FLOAT;
    CHECK_EQ(op.GetAttr("i", i), ge::GRAPH_SUCCESS);
    CHECK_EQ(i, 1);
    CHECK_EQ(op.GetAttr("f", f), ge::GRAPH_SUCCESS);
    CHECK(f == 0.5f);
    CHECK_EQ(op.GetAttr("d", f), ge::GRAPH_SUCCESS);
    CHECK(f == 0.25f);
    CHECK_EQ(op.GetAttr("b", b), ge::GRAPH_SUCCESS);
    CHECK(b);
    CHECK_EQ(op.GetAttr("s", s), ge::GRAPH_SUCCESS);
    CHECK(s == "text");
    CHECK_EQ(op.GetAttr("str", s), ge::GRAPH_SUCCESS);
    CHECK(s == "v");
    CHECK_EQ(op.GetAttr("ints", ints), ge::GRAPH_SUCCESS);
    CHECK(ints == (std::vector<int64_t>{1, 2, 3}));
    CHECK_EQ(op.GetAttr("dt", dt), ge::GRAPH_SUCCESS);
    CHECK_EQ(dt, ge::DT_INT64);
    CHECK_EQ(op.GetAttr("missing", i), ge::GRAPH_FAILED);
    CHECK_EQ(op.GetAttr("s", i), ge::GRAPH_FAILED);  // wrong kind
}

void test_lower_add()
{
    auto x = data("x", {2, 3}, 0);
    auto y = data("y", {2, 3}, 1);
    ge::op::Add add("add");
    add.set_input_x1(x).set_input_x2(y);
    ge::Graph g("g");
    g.SetInputs({x, y}).SetOutputs({add});
    CHECK(g.IsValid());
    ge_graph *cg = lower(g);
    CHECK(cg != nullptr);
    if (!cg)
        return;
    CHECK(strcmp(ge_graph_get_name(cg), "g") == 0);
    CHECK_EQ(ge_graph_get_input_count(cg), 2);
    CHECK(strcmp(ge_graph_get_input_name(cg, 0), "x") == 0);
    CHECK(strcmp(ge_graph_get_input_name(cg, 1), "y") == 0);
    CHECK_EQ(ge_graph_get_node_count(cg), 1);
    CHECK(strcmp(node_type(cg, 0), "Add") == 0);
    ge_node *n = ge_graph_get_node(cg, 0);
    CHECK(strcmp(ge_node_get_name(n), "add") == 0);
    CHECK(strcmp(ge_node_get_input_name(n, 0), "x") == 0);
    CHECK(strcmp(ge_node_get_input_name(n, 1), "y") == 0);
    CHECK_EQ(ge_graph_get_output_count(cg), 1);
    CHECK(strcmp(ge_graph_get_output_name(cg, 0), "add") == 0);
    ge_dtype dt;
    CHECK_EQ(ge_graph_get_value_dtype(cg, "x", &dt), GE_STATUS_SUCCESS);
    CHECK_EQ(dt, GE_DTYPE_FLOAT32);
    int64_t dims[4];
    int32_t rank = 0;
    CHECK_EQ(ge_graph_get_value_shape(cg, "y", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[1], 3);
    ge_graph_destroy(cg);

    std::vector<ge::AscendString> names;
    g.GetAllOpName(names);
    CHECK_EQ(names.size(), 3);
    ge::Operator found;
    CHECK_EQ(g.FindOpByName("add", found), ge::GRAPH_SUCCESS);
    CHECK(found.GetOpType() == "Add");
    CHECK_EQ(g.FindOpByName("nope", found), ge::GRAPH_FAILED);
}

void test_identity_validates()
{
    auto x = data("x", {2, 3}, 0);
    ge::op::Identity id("id");
    id.set_input_x(x);
    ge::Graph g("gid");
    g.SetInputs({x}).SetOutputs({id});
    ge_graph *cg = lower(g);
    CHECK(cg != nullptr);
    if (!cg)
        return;
    CHECK_EQ(ge_graph_validate(cg), GE_STATUS_SUCCESS);
    int64_t dims[4];
    int32_t rank = 0;
    CHECK_EQ(ge_graph_get_value_shape(cg, "id", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[0], 2);
    ge_graph_destroy(cg);
}

void test_data_index_renumbering()
{
    // All indexes left at 0: renumbered in SetInputs order.
    {
        auto a = data("a", {1});
        auto b = data("b", {1});
        ge::op::Sub s("s");
        s.set_input_x1(a).set_input_x2(b);
        ge::Graph g("g");
        g.SetInputs({b, a}).SetOutputs({s});
        ge_graph *cg = lower(g);
        CHECK(cg != nullptr);
        if (cg) {
            CHECK(strcmp(ge_graph_get_input_name(cg, 0), "b") == 0);
            CHECK(strcmp(ge_graph_get_input_name(cg, 1), "a") == 0);
            ge_graph_destroy(cg);
        }
    }
    // Exactly {0, 1}: kept, whatever the SetInputs order.
    {
        auto a = data("a", {1}, 1);
        auto b = data("b", {1}, 0);
        ge::op::Mul m("m");
        m.set_input_x1(a).set_input_x2(b);
        ge::Graph g("g");
        g.SetInputs({a, b}).SetOutputs({m});
        ge_graph *cg = lower(g);
        CHECK(cg != nullptr);
        if (cg) {
            CHECK(strcmp(ge_graph_get_input_name(cg, 0), "b") == 0);
            CHECK(strcmp(ge_graph_get_input_name(cg, 1), "a") == 0);
            ge_graph_destroy(cg);
        }
    }
    // {1, 2} is not 0..N-1: renumbered; a Data missing from SetInputs comes after, in
    // topological order.
    {
        auto a = data("a", {1}, 1);
        auto b = data("b", {1}, 2);
        auto c = data("c", {1}, 2);
        ge::op::Add ab("ab");
        ab.set_input_x1(a).set_input_x2(b);
        ge::op::Add abc("abc");
        abc.set_input_x1(ab).set_input_x2(c);
        ge::Graph g("g");
        g.SetInputs({b}).SetOutputs({abc});
        ge_graph *cg = lower(g);
        CHECK(cg != nullptr);
        if (cg) {
            CHECK_EQ(ge_graph_get_input_count(cg), 3);
            CHECK(strcmp(ge_graph_get_input_name(cg, 0), "b") == 0);
            CHECK(strcmp(ge_graph_get_input_name(cg, 1), "a") == 0);
            CHECK(strcmp(ge_graph_get_input_name(cg, 2), "c") == 0);
            ge_graph_destroy(cg);
        }
    }
}

void test_lower_const_matmul_cast_reshape_softmax()
{
    auto x = data("x", {2, 3}, 0);
    float w[3 * 4] = {0};
    ge::op::Const weight("w");
    weight.set_attr_value(ge::Tensor(desc({4, 3}), reinterpret_cast<uint8_t *>(w), sizeof w));
    float bias_v[4] = {0};
    ge::op::Const bias("bias");
    bias.set_attr_value(ge::Tensor(desc({4}), reinterpret_cast<uint8_t *>(bias_v), sizeof bias_v));
    ge::op::MatMul mm("mm");
    mm.set_input_x1(x).set_input_x2(weight).set_input_bias(bias).set_attr_transpose_x2(true);
    ge::op::Relu relu("relu");
    relu.set_input_x(mm);
    int32_t shape_v[2] = {4, 2};
    ge::op::Const shape("shape");
    shape.set_attr_value(ge::Tensor(desc({2}, ge::DT_INT32), reinterpret_cast<uint8_t *>(shape_v), sizeof shape_v));
    ge::op::Reshape rs("rs");
    rs.set_input_x(relu).set_input_shape(shape);
    ge::op::SoftmaxV2 sm("sm");
    sm.set_input_x(rs).set_attr_axes({0});
    ge::op::Cast cast("cast");
    cast.set_input_x(sm).set_attr_dst_type(ge::DT_FLOAT16);
    ge::Graph g("g");
    g.SetInputs({x}).SetOutputs({cast, relu});
    std::string err;
    ge_graph *cg = lower(g, &err);
    CHECK(cg != nullptr);
    if (!cg) {
        fprintf(stderr, "lowering: %s\n", err.c_str());
        return;
    }
    CHECK_EQ(ge_graph_get_constant_count(cg), 3);
    std::vector<std::string> types;
    for (size_t i = 0; i < ge_graph_get_node_count(cg); i++)
        types.push_back(node_type(cg, i));
    std::vector<std::string> want{"Transpose", "MatMul", "Add", "Relu", "Cast", "Reshape", "Softmax", "Cast"};
    CHECK(types == want);
    for (size_t i = 0; i < types.size() && i < want.size(); i++)
        if (types[i] != want[i])
            fprintf(stderr, "node %zu: %s, expected %s\n", i, types[i].c_str(), want[i].c_str());
    CHECK_EQ(ge_graph_get_output_count(cg), 2);
    CHECK(strcmp(ge_graph_get_output_name(cg, 0), "cast") == 0);
    CHECK(strcmp(ge_graph_get_output_name(cg, 1), "relu") == 0);
    ge_node *mmn = nullptr;
    CHECK_EQ(ge_graph_find_node(cg, "mm", &mmn), GE_STATUS_SUCCESS);  // the bias Add carries the name
    if (mmn) {
        CHECK(strcmp(ge_node_get_op_type(mmn), "Add") == 0);
        CHECK(strcmp(ge_node_get_input_name(mmn, 1), "bias") == 0);
    }
    ge_graph_destroy(cg);
}

void test_set_outputs_forms()
{
    auto x = data("x", {4}, 0);
    ge::op::Relu r("r");
    r.set_input_x(x);
    ge::op::Neg n("n");
    n.set_input_x(x);
    {
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs(std::vector<std::pair<ge::Operator, std::vector<size_t>>>{{n, {0}}, {r, {0}}});
        ge_graph *cg = lower(g);
        CHECK(cg != nullptr);
        if (cg) {
            CHECK_EQ(ge_graph_get_output_count(cg), 2);
            CHECK(strcmp(ge_graph_get_output_name(cg, 0), "n") == 0);
            ge_graph_destroy(cg);
        }
    }
    {
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs(std::vector<std::pair<ge::Operator, ge::AscendString>>{{r, "y"}});
        ge_graph *cg = lower(g);
        CHECK(cg != nullptr);
        if (cg) {
            CHECK(strcmp(ge_graph_get_output_name(cg, 0), "r") == 0);
            ge_graph_destroy(cg);
        }
    }
    {
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs(std::vector<std::pair<ge::Operator, ge::AscendString>>{{r, "z"}});
        CHECK(!g.IsValid());
        std::string err;
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "no output named 'z'");
    }
    {
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs(std::vector<std::pair<ge::Operator, std::vector<size_t>>>{{r, {1}}});
        std::string err;
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "port 1 does not exist");
    }
}

void test_pass_through_operator()
{
    auto x = data("x", {2, 5}, 0);
    ge::Operator sm("soft", "Softmax");  // an ONNX op by its own name
    sm.SetInput("input", x).SetAttr("axis", 1);
    ge::Operator tr("tr", "Transpose");
    tr.SetInput(0, sm, 0).SetAttr("perm", {1, 0});
    ge::Graph g("g");
    g.SetInputs({x}).SetOutputs({tr});
    ge_graph *cg = lower(g);
    CHECK(cg != nullptr);
    if (!cg)
        return;
    CHECK_EQ(ge_graph_get_node_count(cg), 2);
    CHECK(strcmp(node_type(cg, 0), "Softmax") == 0);
    CHECK(strcmp(node_type(cg, 1), "Transpose") == 0);
    CHECK(strcmp(ge_node_get_input_name(ge_graph_get_node(cg, 1), 0), "soft") == 0);
    ge_graph_destroy(cg);
}

void test_lowering_errors()
{
    std::string err;
    {
        auto x = data("x", {2}, 0);
        ge::op::Add add("add");
        add.set_input_x1(x);  // x2 missing
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs({add});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "input 'x2' is not linked");
    }
    {
        auto x = data("x", {2}, 0);
        ge::op::Relu r("r");
        r.SetInput("nope", x);
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs({r});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "no input named 'nope'");
    }
    {
        auto x = data("x", {2}, 0);
        ge::op::Relu a("same"), b("same");
        a.set_input_x(x);
        b.set_input_x(a);
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs({b});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "two operators are named 'same'");
    }
    {
        ge::op::Relu a("a"), b("b");
        a.set_input_x(b);
        b.set_input_x(a);
        ge::Graph g("g");
        g.SetOutputs({b});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "cycle");
        a.set_input_x(ge::op::Relu("c"));  // break the cycle so the nodes can be freed
    }
    {
        auto x = data("x", {2}, 0);
        ge::op::SoftmaxV2 sm("sm");
        sm.set_input_x(x).set_attr_axes({0, 1});
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs({sm});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "exactly one axis");
    }
    {
        auto x = data("x", {2}, 0);
        ge::op::Const k("k");  // no value
        ge::op::Add add("add");
        add.set_input_x1(x).set_input_x2(k);
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs({add});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "'value'");
    }
    {
        ge::Graph g("g");
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "no outputs");
        g.SetInputs({});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "the input list is empty");
    }
    {
        auto x = data("x", {2}, 0);
        ge::op::Relu r("r");
        r.set_input_x(x);
        ge::Graph g("g");
        g.SetInputs({r}).SetOutputs({r});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "not a Data");
    }
    {
        auto x = data("x", {2}, 0, ge::DT_COMPLEX64);  // no engine dtype
        ge::op::Relu r("r");
        r.set_input_x(x);
        ge::Graph g("g");
        g.SetInputs({x}).SetOutputs({r});
        CHECK(lower(g, &err) == nullptr);
        CHECK_CONTAINS(err.c_str(), "Data 'x'");
    }
}

void test_unknown_shapes()
{
    auto x = data("x", {-1, 3}, 0);
    ge::op::Data y("y");
    ge::TensorDesc d;
    d.SetUnknownDimNumShape();
    y.update_output_desc_y(d);
    ge::op::Add add("add");
    add.set_input_x1(x).set_input_x2(y);
    ge::Graph g("g");
    g.SetInputs({x, y}).SetOutputs({add});
    ge_graph *cg = lower(g);
    CHECK(cg != nullptr);
    if (!cg)
        return;
    int64_t dims[4];
    int32_t rank = 0;
    CHECK_EQ(ge_graph_get_value_shape(cg, "x", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[0], -1);
    CHECK_EQ(ge_graph_get_value_shape(cg, "y", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, GE_RANK_UNKNOWN);
    ge_graph_destroy(cg);
}

void test_engine_graph_adoption()
{
    ge_graph *cg = nullptr;
    CHECK_EQ(ge_graph_create("imported", &cg), GE_STATUS_SUCCESS);
    const int64_t d[1] = {2};
    CHECK_EQ(ge_graph_add_input(cg, "in", GE_DTYPE_FLOAT32, d, 1, 0), GE_STATUS_SUCCESS);
    const char *ins[] = {"in"}, *outs[] = {"out"};
    CHECK_EQ(ge_graph_add_node(cg, "Identity", nullptr, "id", ins, 1, outs, 1, nullptr), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(cg, "out"), GE_STATUS_SUCCESS);
    ge::Graph g = ge::Graph::GeflowFromEngineGraph(cg);  // takes cg
    CHECK(g.IsValid());
    ge::AscendString name;
    g.GetName(name);
    CHECK(strcmp(name.GetString(), "imported") == 0);
    ge_graph *low = lower(g);
    CHECK(low != nullptr && low != cg);
    if (low) {
        CHECK_EQ(ge_graph_get_node_count(low), 1);
        CHECK_EQ(ge_graph_validate(low), GE_STATUS_SUCCESS);
        ge_graph_destroy(low);
    }
}

void test_onnx_parser_missing_file()
{
    ge::Graph g;
    std::map<ge::AscendString, ge::AscendString> params{{ge::ir_option::INPUT_SHAPE, "x:1,3"}};
    CHECK_EQ(ge::aclgrphParseONNX("model.onnx", params, g), ge::GRAPH_FAILED);
    std::string m = ge::GEGetErrorMsgV2().GetString();
    CHECK_CONTAINS(m.c_str(), "model.onnx"); /* no such file */
    CHECK(ge::GEGetErrorMsgV2().GetLength() == 0);
}

}  // namespace

int main()
{
    RUN_TEST(test_op_proto_methods);
    RUN_TEST(test_lower_add);
    RUN_TEST(test_identity_validates);
    RUN_TEST(test_data_index_renumbering);
    RUN_TEST(test_lower_const_matmul_cast_reshape_softmax);
    RUN_TEST(test_set_outputs_forms);
    RUN_TEST(test_pass_through_operator);
    RUN_TEST(test_lowering_errors);
    RUN_TEST(test_unknown_shapes);
    RUN_TEST(test_engine_graph_adoption);
    RUN_TEST(test_onnx_parser_missing_file);
    return test_result();
}

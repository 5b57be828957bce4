/* geflow: lowering a ge::Graph onto the engine's graph (geflow/ge_graph.h). Header-only,
 * used by Session::AddGraph; callable directly to inspect what a Graph becomes.
 *
 *   Data        -> a graph input (dtype/shape from its output desc y, else its input desc x);
 *                  the index attrs are kept when they are exactly 0..N-1, else renumbered in
 *                  input order (SetInputs order, then topological order), as the vendor does
 *   Const       -> a constant (attr value: a host tensor with data)
 *   Add, Sub, Mul, Div/RealDiv, Maximum/Minimum, Pow, Relu, Sigmoid, Tanh, Exp, Log, Abs,
 *   Neg, Sqrt, Identity -> the ONNX op
 *   MatMul(V2)  -> [Transpose] MatMul [Add bias]
 *   Cast        -> Cast (dst_type -> ONNX `to`)
 *   Reshape     -> Reshape (an int32 shape from a Data/Const is cast to int64)
 *   SoftmaxV2   -> Softmax (axis = axes[0])
 *   other types -> the ONNX op of that name, inputs in order, attributes passed through
 * A Graph made with Graph::GeflowFromEngineGraph is copied as is.
 * Value names: an operator's output 0 is named after the operator, output k > 0 "name:k". */
#ifndef GEFLOW_GRAPH_GEFLOW_LOWER_H
#define GEFLOW_GRAPH_GEFLOW_LOWER_H

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "geflow/ge_graph.h"
#include "graph/graph.h"
#include "graph/operator.h"
#include "graph/tensor.h"

namespace ge {
namespace geflow_detail {

/* ONNX TensorProto element type of a DataType (0 when ONNX has none). */
inline int64_t OnnxDtype(DataType dt)
{
    switch (dt) {
    case DT_FLOAT: return 1;
    case DT_UINT8: return 2;
    case DT_INT8: return 3;
    case DT_UINT16: return 4;
    case DT_INT16: return 5;
    case DT_INT32: return 6;
    case DT_INT64: return 7;
    case DT_STRING: return 8;
    case DT_BOOL: return 9;
    case DT_FLOAT16: return 10;
    case DT_DOUBLE: return 11;
    case DT_UINT32: return 12;
    case DT_UINT64: return 13;
    case DT_COMPLEX64: return 14;
    case DT_COMPLEX128: return 15;
    case DT_BF16: return 16;
    default: return 0;
    }
}

/* Dims and rank of a Shape for the C API ({-2}: unknown rank). */
struct CShape {
    std::vector<int64_t> dims;
    int32_t rank = 0;
    explicit CShape(const Shape &s)
    {
        dims = s.GetDims();
        if (dims.size() == 1 && dims[0] == UNKNOWN_DIM_NUM) {
            dims.clear();
            rank = GE_RANK_UNKNOWN;
        } else {
            rank = static_cast<int32_t>(dims.size());
        }
    }
    const int64_t *data() const { return dims.empty() ? nullptr : dims.data(); }
};

class Lowering {
public:
    explicit Lowering(const Graph &graph) : g_(graph.GeflowImpl()) {}
    ~Lowering() { ge_graph_destroy(out_); }
    Lowering(const Lowering &) = delete;
    Lowering &operator=(const Lowering &) = delete;

    /* GRAPH_SUCCESS and *out_graph (the caller's), or GRAPH_FAILED and error(). */
    graphStatus Run(ge_graph **out_graph)
    {
        *out_graph = nullptr;
        if (g_ && g_->engine_graph) {
            ge_status st = ge_graph_copy(g_->engine_graph.get(), out_graph);
            if (st != GE_STATUS_SUCCESS) {
                FailC("graph '" + g_->name + "': copying the engine graph", st);
                return GRAPH_FAILED;
            }
            return GRAPH_SUCCESS;
        }
        if (!Collect() || !Build())
            return GRAPH_FAILED;
        *out_graph = out_;
        out_ = nullptr;
        return GRAPH_SUCCESS;
    }
    const std::string &error() const { return err_; }

private:
    using Impl = std::shared_ptr<OpImpl>;

    bool Fail(const std::string &m)
    {
        if (err_.empty())
            err_ = m;
        return false;
    }
    bool FailC(const std::string &what, ge_status st)
    {
        const char *m = ge_get_error_message();
        return Fail(what + " (status " + std::to_string(st) + "): " + (m && *m ? m : "no detail"));
    }
    static bool IsData(const OpImpl &o) { return o.type == "Data" || o.type == "RefData"; }
    static bool IsConst(const OpImpl &o) { return o.type == "Const" || o.type == "Constant"; }

    /* Topological order (producers first) by depth-first search from outputs, targets, inputs. */
    bool Visit(const Impl &p)
    {
        int &st = state_[p.get()];
        if (st == 2)
            return true;
        if (st == 1)
            return Fail("graph '" + g_->name + "': a cycle runs through operator '" + p->name + "'");
        st = 1;
        if (!p->error.empty())
            return Fail(p->error);
        auto nm = names_.find(p->name);
        if (nm != names_.end() && nm->second != p.get())
            return Fail("graph '" + g_->name + "': two operators are named '" + p->name + "'");
        names_[p->name] = p.get();
        for (const Link &l : p->in_links)
            if (l.src && !Visit(l.src))
                return false;
        for (const Impl &c : p->control_inputs)
            if (c && !Visit(c))
                return false;
        st = 2;
        order_.push_back(p);
        return true;
    }
    bool Collect()
    {
        if (!g_)
            return Fail("graph: empty");
        if (!g_->error.empty())
            return Fail(g_->error);
        if (g_->outputs.empty())
            return Fail("graph '" + g_->name + "': no outputs (call SetOutputs)");
        for (const Operator &o : g_->inputs)
            if (!o.IsEmpty() && !IsData(*GeflowOpImpl(o)))
                return Fail("graph '" + g_->name + "': SetInputs: operator '" + GeflowOpImpl(o)->name +
                            "' is a " + GeflowOpImpl(o)->type + ", not a Data");
        for (const GraphOutput &o : g_->outputs)
            if (!Visit(GeflowOpImpl(o.op)))
                return false;
        for (const Operator &o : g_->targets)
            if (!o.IsEmpty() && !Visit(GeflowOpImpl(o)))
                return false;
        for (const Operator &o : g_->inputs)
            if (!o.IsEmpty() && !Visit(GeflowOpImpl(o)))
                return false;
        /* Data order: SetInputs order, then the others in topological order. */
        std::set<const OpImpl *> seen;
        for (const Operator &o : g_->inputs)
            if (!o.IsEmpty() && seen.insert(GeflowOpImpl(o).get()).second)
                datas_.push_back(GeflowOpImpl(o));
        for (const Impl &p : order_)
            if (IsData(*p) && seen.insert(p.get()).second)
                datas_.push_back(p);
        /* Keep the index attrs when they are exactly 0..N-1, else renumber in that order. */
        std::vector<int64_t> idx;
        std::set<int64_t> distinct;
        for (const Impl &d : datas_) {
            int64_t i = 0;
            auto it = d->attrs.find("index");
            if (it != d->attrs.end() && it->second.kind == AttrVal::kInt)
                i = it->second.i;
            idx.push_back(i);
            distinct.insert(i);
        }
        const int64_t n = static_cast<int64_t>(datas_.size());
        bool exact = static_cast<int64_t>(distinct.size()) == n &&
                     (n == 0 || (*distinct.begin() == 0 && *distinct.rbegin() == n - 1));
        for (size_t k = 0; k < datas_.size(); k++)
            data_index_[datas_[k].get()] = exact ? idx[k] : static_cast<int64_t>(k);
        return true;
    }

    static std::string ValueName(const OpImpl &p, uint32_t port)
    {
        return port == 0 ? p.name : p.name + ":" + std::to_string(port);
    }
    /* The value feeding input slot i ("" when unlinked). */
    static std::string In(const OpImpl &p, size_t i)
    {
        if (i >= p.in_links.size() || !p.in_links[i].src)
            return std::string();
        return ValueName(*p.in_links[i].src, p.in_links[i].port);
    }
    bool Require(const OpImpl &p, const char *name, std::string &out)
    {
        int i = p.FindInput(name);
        out = i >= 0 ? In(p, static_cast<size_t>(i)) : std::string();
        if (out.empty())
            return Fail("operator '" + p.name + "' (" + p.type + "): input '" + name + "' is not linked");
        return true;
    }
    std::string Optional(const OpImpl &p, const char *name)
    {
        int i = p.FindInput(name);
        return i >= 0 ? In(p, static_cast<size_t>(i)) : std::string();
    }
    int64_t IntAttr(const OpImpl &p, const char *name, int64_t dflt)
    {
        auto it = p.attrs.find(name);
        if (it == p.attrs.end())
            return dflt;
        if (it->second.kind == AttrVal::kInt)
            return it->second.i;
        if (it->second.kind == AttrVal::kBool)
            return it->second.b ? 1 : 0;
        if (it->second.kind == AttrVal::kDataType)
            return static_cast<int64_t>(it->second.dt);
        return dflt;
    }
    /* Adds a node; returns it (nullptr on failure, with the error set). */
    ge_node *Node(const OpImpl &p, const char *onnx_type, const std::string &node_name,
                  const std::vector<std::string> &inputs, const std::vector<std::string> &outputs)
    {
        size_t n_in = inputs.size();
        while (n_in > 0 && inputs[n_in - 1].empty()) /* trailing absent optionals */
            n_in--;
        std::vector<const char *> in, out;
        for (size_t i = 0; i < n_in; i++)
            in.push_back(inputs[i].c_str());
        for (const std::string &s : outputs)
            out.push_back(s.c_str());
        ge_node *node = nullptr;
        ge_status st = ge_graph_add_node(out_, onnx_type, nullptr, node_name.c_str(), in.empty() ? nullptr : in.data(),
                                         in.size(), out.data(), out.size(), &node);
        if (st != GE_STATUS_SUCCESS) {
            FailC("operator '" + p.name + "' (" + p.type + "): adding ONNX " + onnx_type, st);
            return nullptr;
        }
        return node;
    }
    bool AttrInt(const OpImpl &p, ge_node *n, const char *name, int64_t v)
    {
        ge_status st = ge_node_set_attr_int(n, name, v);
        return st == GE_STATUS_SUCCESS || FailC("operator '" + p.name + "': attribute '" + name + "'", st);
    }
    bool AttrInts(const OpImpl &p, ge_node *n, const char *name, const std::vector<int64_t> &v)
    {
        ge_status st = ge_node_set_attr_ints(n, name, v.empty() ? nullptr : v.data(), v.size());
        return st == GE_STATUS_SUCCESS || FailC("operator '" + p.name + "': attribute '" + name + "'", st);
    }
    /* A host tensor's bytes as the C API wants them (exactly dtype x shape). */
    bool TensorBytes(const OpImpl &p, const Tensor &t, const char *what, size_t &bytes)
    {
        int64_t need = DescBytes(t.GetTensorDesc());
        if (need < 0)
            return Fail("operator '" + p.name + "': " + what + ": the tensor's dtype x shape has no byte size");
        if (t.GetSize() < static_cast<size_t>(need))
            return Fail("operator '" + p.name + "': " + what + ": the tensor holds " + std::to_string(t.GetSize()) +
                        " bytes; its desc needs " + std::to_string(need));
        if (need > 0 && !t.GetData())
            return Fail("operator '" + p.name + "': " + what + ": the tensor has no data");
        bytes = static_cast<size_t>(need);
        return true;
    }
    bool AttrTensor(const OpImpl &p, ge_node *n, const std::string &name, const Tensor &t)
    {
        size_t bytes = 0;
        if (!TensorBytes(p, t, ("attribute '" + name + "'").c_str(), bytes))
            return false;
        TensorDesc d = t.GetTensorDesc();
        CShape cs(d.GetShape());
        ge_tensor *ct = nullptr;
        ge_status st = ge_tensor_wrap(static_cast<ge_dtype>(d.GetDataType()), cs.data(), cs.dims.size(),
                                      const_cast<uint8_t *>(t.GetData()), bytes, GE_PLACEMENT_HOST, nullptr,
                                      nullptr, &ct);
        if (st == GE_STATUS_SUCCESS)
            st = ge_node_set_attr_tensor(n, name.c_str(), ct);
        ge_tensor_destroy(ct);
        return st == GE_STATUS_SUCCESS || FailC("operator '" + p.name + "': attribute '" + name + "'", st);
    }
    /* Attributes of a pass-through op. */
    bool PassAttrs(const OpImpl &p, ge_node *n)
    {
        for (const auto &kv : p.attrs) {
            const char *name = kv.first.c_str();
            const AttrVal &a = kv.second;
            ge_status st = GE_STATUS_SUCCESS;
            std::vector<int64_t> ints;
            std::vector<const char *> strs;
            switch (a.kind) {
            case AttrVal::kInt: st = ge_node_set_attr_int(n, name, a.i); break;
            case AttrVal::kBool: st = ge_node_set_attr_int(n, name, a.b ? 1 : 0); break;
            case AttrVal::kFloat: st = ge_node_set_attr_float(n, name, a.f); break;
            case AttrVal::kString: st = ge_node_set_attr_string(n, name, a.s.c_str()); break;
            case AttrVal::kDataType: st = ge_node_set_attr_int(n, name, OnnxDtype(a.dt)); break;
            case AttrVal::kInts: st = ge_node_set_attr_ints(n, name, a.ints.data(), a.ints.size()); break;
            case AttrVal::kFloats: st = ge_node_set_attr_floats(n, name, a.floats.data(), a.floats.size()); break;
            case AttrVal::kBools:
                for (bool b : a.bools)
                    ints.push_back(b ? 1 : 0);
                st = ge_node_set_attr_ints(n, name, ints.data(), ints.size());
                break;
            case AttrVal::kDataTypes:
                for (DataType dt : a.dts)
                    ints.push_back(OnnxDtype(dt));
                st = ge_node_set_attr_ints(n, name, ints.data(), ints.size());
                break;
            case AttrVal::kStrings:
                for (const std::string &s : a.strings)
                    strs.push_back(s.c_str());
                st = ge_node_set_attr_strings(n, name, strs.data(), strs.size());
                break;
            case AttrVal::kTensor:
                if (!AttrTensor(p, n, kv.first, a.t))
                    return false;
                break;
            default:
                return Fail("operator '" + p.name + "' (" + p.type + "): attribute '" + kv.first +
                            "' has a kind the engine has no equivalent for");
            }
            if (st != GE_STATUS_SUCCESS)
                return FailC("operator '" + p.name + "': attribute '" + kv.first + "'", st);
        }
        return true;
    }
    std::vector<std::string> Outs(const OpImpl &p)
    {
        std::vector<std::string> o;
        size_t n = p.out_names.empty() ? 1 : p.out_names.size();
        for (size_t i = 0; i < n; i++)
            o.push_back(ValueName(p, static_cast<uint32_t>(i)));
        return o;
    }

    bool LowerData(const OpImpl &p)
    {
        int y = p.FindOutput("y"), x = p.FindInput("x");
        TensorDesc d;
        if (y >= 0 && p.out_desc_set[static_cast<size_t>(y)])
            d = p.out_descs[static_cast<size_t>(y)];
        else if (x >= 0 && p.in_desc_set[static_cast<size_t>(x)])
            d = p.in_descs[static_cast<size_t>(x)];
        CShape cs(d.GetShape());
        int64_t index = data_index_[&p];
        ge_status st = ge_graph_add_input(out_, p.name.c_str(), static_cast<ge_dtype>(d.GetDataType()), cs.data(),
                                          cs.rank, static_cast<int32_t>(index));
        return st == GE_STATUS_SUCCESS || FailC("Data '" + p.name + "'", st);
    }
    bool LowerConst(const OpImpl &p)
    {
        auto it = p.attrs.find("value");
        if (it == p.attrs.end() || it->second.kind != AttrVal::kTensor)
            return Fail("Const '" + p.name + "': attribute 'value' (a Tensor) is not set");
        const Tensor &t = it->second.t;
        size_t bytes = 0;
        if (!TensorBytes(p, t, "attribute 'value'", bytes))
            return false;
        TensorDesc d = t.GetTensorDesc();
        CShape cs(d.GetShape());
        ge_status st = ge_graph_add_constant(out_, p.name.c_str(), static_cast<ge_dtype>(d.GetDataType()), cs.data(),
                                             cs.dims.size(), t.GetData(), bytes);
        return st == GE_STATUS_SUCCESS || FailC("Const '" + p.name + "'", st);
    }
    bool LowerMatMul(const OpImpl &p)
    {
        std::string a, b;
        if (!Require(p, "x1", a) || !Require(p, "x2", b))
            return false;
        if (!Optional(p, "offset_w").empty())
            return Fail("operator '" + p.name + "' (" + p.type + "): input 'offset_w' (quantised weights) is not supported");
        const std::vector<int64_t> perm{1, 0};
        if (IntAttr(p, "transpose_x1", 0)) {
            std::string t = p.name + "/transpose_x1";
            ge_node *n = Node(p, "Transpose", t, {a}, {t});
            if (!n || !AttrInts(p, n, "perm", perm))
                return false;
            a = t;
        }
        if (IntAttr(p, "transpose_x2", 0)) {
            std::string t = p.name + "/transpose_x2";
            ge_node *n = Node(p, "Transpose", t, {b}, {t});
            if (!n || !AttrInts(p, n, "perm", perm))
                return false;
            b = t;
        }
        std::string bias = Optional(p, "bias");
        std::string y = ValueName(p, 0);
        if (bias.empty())
            return Node(p, "MatMul", p.name, {a, b}, {y}) != nullptr;
        std::string mm = p.name + "/matmul";
        return Node(p, "MatMul", mm, {a, b}, {mm}) && Node(p, "Add", p.name, {mm, bias}, {y});
    }
    bool LowerCast(const OpImpl &p)
    {
        std::string x;
        if (!Require(p, "x", x))
            return false;
        auto it = p.attrs.find("dst_type");
        if (it == p.attrs.end())
            return Fail("Cast '" + p.name + "': attribute 'dst_type' is not set");
        int64_t dt = IntAttr(p, "dst_type", -1);
        int64_t to = OnnxDtype(static_cast<DataType>(dt));
        if (to == 0)
            return Fail("Cast '" + p.name + "': dst_type " + std::to_string(dt) + " has no engine equivalent");
        ge_node *n = Node(p, "Cast", p.name, {x}, {ValueName(p, 0)});
        return n && AttrInt(p, n, "to", to);
    }
    /* The dtype of a value from a Data or Const producer (DT_UNDEFINED otherwise). */
    static DataType ProducerDtype(const OpImpl &p, size_t slot)
    {
        if (slot >= p.in_links.size() || !p.in_links[slot].src)
            return DT_UNDEFINED;
        const OpImpl &s = *p.in_links[slot].src;
        if (IsConst(s)) {
            auto it = s.attrs.find("value");
            return it != s.attrs.end() && it->second.kind == AttrVal::kTensor ? it->second.t.GetDataType() : DT_UNDEFINED;
        }
        if (IsData(s)) {
            int y = s.FindOutput("y"), x = s.FindInput("x");
            if (y >= 0 && s.out_desc_set[static_cast<size_t>(y)])
                return s.out_descs[static_cast<size_t>(y)].GetDataType();
            if (x >= 0 && s.in_desc_set[static_cast<size_t>(x)])
                return s.in_descs[static_cast<size_t>(x)].GetDataType();
            return DT_FLOAT;
        }
        return DT_UNDEFINED;
    }
    bool LowerReshape(const OpImpl &p)
    {
        std::string x, shape;
        if (!Require(p, "x", x) || !Require(p, "shape", shape))
            return false;
        if (IntAttr(p, "axis", 0) != 0 || IntAttr(p, "num_axes", -1) != -1)
            return Fail("Reshape '" + p.name + "': attributes axis/num_axes other than 0/-1 are not supported");
        DataType sdt = ProducerDtype(p, static_cast<size_t>(p.FindInput("shape")));
        if (sdt != DT_UNDEFINED && sdt != DT_INT64) {
            std::string c = p.name + "/shape_int64";
            ge_node *n = Node(p, "Cast", c, {shape}, {c});
            if (!n || !AttrInt(p, n, "to", 7))
                return false;
            shape = c;
        }
        return Node(p, "Reshape", p.name, {x, shape}, {ValueName(p, 0)}) != nullptr;
    }
    bool LowerSoftmax(const OpImpl &p)
    {
        std::string x;
        if (!Require(p, "x", x))
            return false;
        std::vector<int64_t> axes{-1};
        auto it = p.attrs.find("axes");
        if (it != p.attrs.end() && it->second.kind == AttrVal::kInts)
            axes = it->second.ints;
        if (axes.size() != 1)
            return Fail("SoftmaxV2 '" + p.name + "': axes must hold exactly one axis; found " +
                        std::to_string(axes.size()));
        ge_node *n = Node(p, "Softmax", p.name, {x}, {ValueName(p, 0)});
        return n && AttrInt(p, n, "axis", axes[0]);
    }
    bool LowerSimple(const OpImpl &p, const char *onnx)
    {
        std::vector<std::string> ins;
        for (size_t i = 0; i < p.in_names.size(); i++) {
            ins.push_back(In(p, i));
            if (ins.back().empty() && !p.in_optional[i])
                return Fail("operator '" + p.name + "' (" + p.type + "): input '" + p.in_names[i] + "' is not linked");
        }
        return Node(p, onnx, p.name, ins, Outs(p)) != nullptr;
    }
    bool LowerPassThrough(const OpImpl &p)
    {
        std::vector<std::string> ins;
        for (size_t i = 0; i < p.in_names.size(); i++)
            ins.push_back(In(p, i));
        ge_node *n = Node(p, p.type.c_str(), p.name, ins, Outs(p));
        return n && PassAttrs(p, n);
    }
    bool LowerOp(const OpImpl &p)
    {
        static const std::map<std::string, const char *> simple = {
            {"Add", "Add"}, {"AddV2", "Add"}, {"Sub", "Sub"}, {"Mul", "Mul"}, {"Div", "Div"},
            {"RealDiv", "Div"}, {"Maximum", "Max"}, {"Minimum", "Min"}, {"Pow", "Pow"},
            {"Relu", "Relu"}, {"Sigmoid", "Sigmoid"}, {"Tanh", "Tanh"}, {"Exp", "Exp"},
            {"Log", "Log"}, {"Abs", "Abs"}, {"Neg", "Neg"}, {"Sqrt", "Sqrt"}, {"Identity", "Identity"}};
        if (IsData(p))
            return LowerData(p);
        if (IsConst(p))
            return LowerConst(p);
        if (p.typed_proto) {
            auto it = simple.find(p.type);
            if (it != simple.end())
                return LowerSimple(p, it->second);
            if (p.type == "MatMul" || p.type == "MatMulV2")
                return LowerMatMul(p);
            if (p.type == "Cast")
                return LowerCast(p);
            if (p.type == "Reshape")
                return LowerReshape(p);
            if (p.type == "SoftmaxV2")
                return LowerSoftmax(p);
        }
        return LowerPassThrough(p);
    }
    bool Build()
    {
        ge_status st = ge_graph_create(g_->name.c_str(), &out_);
        if (st != GE_STATUS_SUCCESS)
            return FailC("graph '" + g_->name + "'", st);
        /* Data first, in input order, so the engine lists inputs the same way. */
        for (const Impl &d : datas_)
            if (!LowerData(*d))
                return false;
        for (const Impl &p : order_)
            if (!IsData(*p) && !LowerOp(*p))
                return false;
        for (const GraphOutput &o : g_->outputs) {
            std::string v = ValueName(*GeflowOpImpl(o.op), static_cast<uint32_t>(o.port));
            st = ge_graph_add_output(out_, v.c_str());
            if (st != GE_STATUS_SUCCESS)
                return FailC("graph '" + g_->name + "': output '" + v + "'", st);
        }
        return true;
    }

    std::shared_ptr<GraphImpl> g_;
    ge_graph *out_ = nullptr;
    std::string err_;
    std::map<const OpImpl *, int> state_;
    std::map<std::string, const OpImpl *> names_;
    std::vector<Impl> order_;
    std::vector<Impl> datas_;
    std::map<const OpImpl *, int64_t> data_index_;
};

}  // namespace geflow_detail

/* Lowers `graph` to a new engine graph (the caller destroys it). On failure returns
 * GRAPH_FAILED and, when `error` is given, a message naming the graph/operator. */
inline graphStatus GeflowLowerGraph(const Graph &graph, ge_graph **out_graph, std::string *error = nullptr)
{
    geflow_detail::Lowering l(graph);
    graphStatus st = l.Run(out_graph);
    if (st != GRAPH_SUCCESS && error)
        *error = l.error();
    return st;
}

}  // namespace ge

#endif

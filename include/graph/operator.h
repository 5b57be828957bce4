/* ge::Operator: a node of a GE graph under construction (name, op type, named inputs linked
 * to producer outputs, input/output descs, attributes). Header-only.
 *
 * Copies of an Operator are shallow: they refer to the same node. An operator of a type with
 * a known proto (all_ops.h: Data, Const, Add, ...) knows its input and output names; for other
 * types, inputs and outputs are declared as they are first named (SetInput, Update*Desc), and
 * the node is passed to the engine as an ONNX op of that type with its attributes. */
#ifndef GEFLOW_GRAPH_OPERATOR_H
#define GEFLOW_GRAPH_OPERATOR_H

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "graph/ascend_string.h"
#include "graph/ge_error_codes.h"
#include "graph/tensor.h"
#include "graph/types.h"

namespace ge {

class Operator;
class Graph;

namespace geflow_detail {

/* A name argument accepted as const char*, std::string or AscendString. */
struct NameArg {
    NameArg(const char *s) : str(s ? s : "") {}
    NameArg(const std::string &s) : str(s) {}
    NameArg(const AscendString &s) : str(s.GetString()) {}
    std::string str;
};

/* One attribute value. */
struct AttrVal {
    enum Kind {
        kInt, kFloat, kBool, kString, kTensor, kDataType,
        kInts, kFloats, kBools, kStrings, kTensors, kDataTypes, kListInts, kBytes
    };
    Kind kind = kInt;
    int64_t i = 0;
    float f = 0.0f;
    bool b = false;
    std::string s;
    Tensor t;
    DataType dt = DT_FLOAT;
    std::vector<int64_t> ints;
    std::vector<float> floats;
    std::vector<bool> bools;
    std::vector<std::string> strings;
    std::vector<Tensor> tensors;
    std::vector<DataType> dts;
    std::vector<std::vector<int64_t>> list_ints;
    std::vector<uint8_t> bytes;
};

struct OpImpl;

/* Where an input comes from: a producer and its output port. */
struct Link {
    std::shared_ptr<OpImpl> src;
    uint32_t port = 0;
};

struct OpImpl {
    std::string name;
    std::string type;
    bool typed_proto = false; /* inputs/outputs declared by an op proto */
    std::vector<std::string> in_names;
    std::vector<bool> in_optional;
    std::vector<Link> in_links;
    std::vector<TensorDesc> in_descs;
    std::vector<bool> in_desc_set;
    std::vector<std::string> out_names;
    std::vector<TensorDesc> out_descs;
    std::vector<bool> out_desc_set;
    std::map<std::string, AttrVal> attrs;
    std::vector<std::shared_ptr<OpImpl>> control_inputs;
    std::string error; /* the first construction error (reported by AddGraph) */

    int FindInput(const std::string &n) const
    {
        for (size_t i = 0; i < in_names.size(); i++)
            if (in_names[i] == n)
                return static_cast<int>(i);
        return -1;
    }
    int FindOutput(const std::string &n) const
    {
        for (size_t i = 0; i < out_names.size(); i++)
            if (out_names[i] == n)
                return static_cast<int>(i);
        return -1;
    }
    /* Declares an input (or finds it); -1 when the proto does not have it. */
    int InputSlot(const std::string &n, bool declare)
    {
        int i = FindInput(n);
        if (i >= 0 || !declare)
            return i;
        in_names.push_back(n);
        in_optional.push_back(false);
        in_links.emplace_back();
        in_descs.emplace_back();
        in_desc_set.push_back(false);
        return static_cast<int>(in_names.size() - 1);
    }
    int OutputSlot(const std::string &n, bool declare)
    {
        int i = FindOutput(n);
        if (i >= 0 || !declare)
            return i;
        out_names.push_back(n);
        out_descs.emplace_back();
        out_desc_set.push_back(false);
        return static_cast<int>(out_names.size() - 1);
    }
    void EnsureInputs(size_t n)
    {
        while (in_names.size() < n)
            InputSlot("input" + std::to_string(in_names.size()), true);
    }
    void EnsureOutputs(size_t n)
    {
        while (out_names.size() < n)
            OutputSlot(out_names.empty() ? "y" : "y" + std::to_string(out_names.size()), true);
    }
};

inline std::string AutoName(const char *type)
{
    static std::atomic<uint64_t> counter{0};
    return std::string(type ? type : "op") + "_" + std::to_string(counter.fetch_add(1) + 1);
}

template <typename T>
using IfIntegral = typename std::enable_if<std::is_integral<T>::value && !std::is_same<T, bool>::value, int>::type;

struct OpReg;

}  // namespace geflow_detail

class Operator {
public:
    using OpInt = int64_t;
    using OpFloat = float;
    using OpString = std::string;
    using OpAscendString = AscendString;
    using OpBool = bool;
    using OpTensor = Tensor;
    using OpType = DataType;
    using OpBytes = std::vector<uint8_t>;
    using OpListInt = std::vector<int64_t>;
    using OpListFloat = std::vector<float>;
    using OpListString = std::vector<std::string>;
    using OpListAcendString = std::vector<AscendString>;
    using OpListBool = std::vector<bool>;
    using OpListTensor = std::vector<Tensor>;
    using OpListType = std::vector<DataType>;
    using OpListListInt = std::vector<std::vector<int64_t>>;

    Operator() = default;
    explicit Operator(const char *type) : Operator(geflow_detail::AutoName(type).c_str(), type) {}
    explicit Operator(const std::string &type) : Operator(type.c_str()) {}
    Operator(const char *name, const char *type) : impl_(std::make_shared<geflow_detail::OpImpl>())
    {
        impl_->name = name ? name : "";
        impl_->type = type ? type : "";
    }
    Operator(const AscendString &name, const AscendString &type) : Operator(name.GetString(), type.GetString()) {}
    Operator(const std::string &name, const std::string &type) : Operator(name.c_str(), type.c_str()) {}
    virtual ~Operator() = default;

    bool IsEmpty() const { return !impl_; }

    std::string GetName() const { return impl_ ? impl_->name : std::string(); }
    graphStatus GetName(AscendString &name) const
    {
        if (!impl_)
            return GRAPH_FAILED;
        name = AscendString(impl_->name.c_str());
        return GRAPH_SUCCESS;
    }
    std::string GetOpType() const { return impl_ ? impl_->type : std::string(); }
    graphStatus GetOpType(AscendString &type) const
    {
        if (!impl_)
            return GRAPH_FAILED;
        type = AscendString(impl_->type.c_str());
        return GRAPH_SUCCESS;
    }

    /* ---- inputs ---- */
    /* Links input dst_name to src's output 0. */
    Operator &SetInput(const geflow_detail::NameArg &dst_name, const Operator &src_oprt)
    {
        return Link(InSlot(dst_name.str), src_oprt, 0);
    }
    /* Links input dst_name to src's output named src_name. */
    Operator &SetInput(const geflow_detail::NameArg &dst_name, const Operator &src_oprt, const char *src_name)
    {
        return Link(InSlot(dst_name.str), src_oprt, OutSlotOf(src_oprt, src_name ? src_name : ""));
    }
    Operator &SetInput(const geflow_detail::NameArg &dst_name, const Operator &src_oprt, const std::string &src_name)
    {
        return SetInput(dst_name, src_oprt, src_name.c_str());
    }
    Operator &SetInput(const geflow_detail::NameArg &dst_name, const Operator &src_oprt, const AscendString &src_name)
    {
        return SetInput(dst_name, src_oprt, src_name.GetString());
    }
    /* Links input dst_name to src's output port index. */
    template <typename I, geflow_detail::IfIntegral<I> = 0>
    Operator &SetInput(const geflow_detail::NameArg &dst_name, const Operator &src_oprt, I index)
    {
        return Link(InSlot(dst_name.str), src_oprt, static_cast<int64_t>(index));
    }
    /* Links input dst_index to src's output port src_index. */
    template <typename I, typename J, geflow_detail::IfIntegral<I> = 0, geflow_detail::IfIntegral<J> = 0>
    Operator &SetInput(I dst_index, const Operator &src_oprt, J src_index)
    {
        int slot = -1;
        if (impl_ && static_cast<long long>(dst_index) >= 0) {
            if (!impl_->typed_proto)
                impl_->EnsureInputs(static_cast<size_t>(dst_index) + 1);
            if (static_cast<size_t>(dst_index) < impl_->in_names.size())
                slot = static_cast<int>(dst_index);
        }
        if (slot < 0)
            Fail("SetInput: input index " + std::to_string(static_cast<long long>(dst_index)) + " is out of range");
        return Link(slot, src_oprt, static_cast<int64_t>(src_index));
    }
    Operator &AddControlInput(const Operator &src_oprt)
    {
        if (impl_ && src_oprt.impl_)
            impl_->control_inputs.push_back(src_oprt.impl_);
        return *this;
    }

    size_t GetInputsSize() const { return impl_ ? impl_->in_names.size() : 0; }
    size_t GetOutputsSize() const { return impl_ ? impl_->out_names.size() : 0; }

    /* ---- descs ---- */
    TensorDesc GetInputDesc(const std::string &name) const { return GetInputDescByName(name.c_str()); }
    TensorDesc GetInputDescByName(const char *name) const
    {
        int i = impl_ ? impl_->FindInput(name ? name : "") : -1;
        return i >= 0 ? impl_->in_descs[static_cast<size_t>(i)] : TensorDesc();
    }
    TensorDesc GetInputDesc(uint32_t index) const
    {
        return impl_ && index < impl_->in_descs.size() ? impl_->in_descs[index] : TensorDesc();
    }
    graphStatus UpdateInputDesc(const geflow_detail::NameArg &name, const TensorDesc &tensor_desc)
    {
        if (!impl_)
            return GRAPH_FAILED;
        int i = impl_->InputSlot(name.str, !impl_->typed_proto);
        if (i < 0)
            return GRAPH_FAILED;
        impl_->in_descs[static_cast<size_t>(i)] = tensor_desc;
        impl_->in_desc_set[static_cast<size_t>(i)] = true;
        return GRAPH_SUCCESS;
    }
    TensorDesc GetOutputDesc(const std::string &name) const { return GetOutputDescByName(name.c_str()); }
    TensorDesc GetOutputDescByName(const char *name) const
    {
        int i = impl_ ? impl_->FindOutput(name ? name : "") : -1;
        return i >= 0 ? impl_->out_descs[static_cast<size_t>(i)] : TensorDesc();
    }
    TensorDesc GetOutputDesc(uint32_t index) const
    {
        return impl_ && index < impl_->out_descs.size() ? impl_->out_descs[index] : TensorDesc();
    }
    graphStatus UpdateOutputDesc(const geflow_detail::NameArg &name, const TensorDesc &tensor_desc)
    {
        if (!impl_)
            return GRAPH_FAILED;
        int i = impl_->OutputSlot(name.str, !impl_->typed_proto);
        if (i < 0)
            return GRAPH_FAILED;
        impl_->out_descs[static_cast<size_t>(i)] = tensor_desc;
        impl_->out_desc_set[static_cast<size_t>(i)] = true;
        return GRAPH_SUCCESS;
    }

    /* ---- attributes ---- */
    using AttrName = geflow_detail::NameArg;
    Operator &SetAttr(const AttrName &name, int64_t v) { return Put(name, Int(v)); }
    Operator &SetAttr(const AttrName &name, int32_t v) { return Put(name, Int(v)); }
    Operator &SetAttr(const AttrName &name, uint32_t v) { return Put(name, Int(v)); }
    Operator &SetAttr(const AttrName &name, float v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kFloat;
        a.f = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, double v) { return SetAttr(name, static_cast<float>(v)); }
    Operator &SetAttr(const AttrName &name, bool v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kBool;
        a.b = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const char *v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kString;
        a.s = v ? v : "";
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::string &v) { return SetAttr(name, v.c_str()); }
    Operator &SetAttr(const AttrName &name, const AscendString &v) { return SetAttr(name, v.GetString()); }
    Operator &SetAttr(const AttrName &name, const Tensor &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kTensor;
        a.t = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const DataType &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kDataType;
        a.dt = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<int64_t> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kInts;
        a.ints = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, std::initializer_list<int64_t> &&v)
    {
        return SetAttr(name, std::vector<int64_t>(v));
    }
    Operator &SetAttr(const AttrName &name, const std::vector<int32_t> &v)
    {
        return SetAttr(name, std::vector<int64_t>(v.begin(), v.end()));
    }
    Operator &SetAttr(const AttrName &name, const std::vector<uint32_t> &v)
    {
        return SetAttr(name, std::vector<int64_t>(v.begin(), v.end()));
    }
    Operator &SetAttr(const AttrName &name, const std::vector<float> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kFloats;
        a.floats = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<bool> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kBools;
        a.bools = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<std::string> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kStrings;
        a.strings = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<AscendString> &v)
    {
        std::vector<std::string> s;
        for (const AscendString &x : v)
            s.emplace_back(x.GetString());
        return SetAttr(name, s);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<Tensor> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kTensors;
        a.tensors = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<DataType> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kDataTypes;
        a.dts = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<std::vector<int64_t>> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kListInts;
        a.list_ints = v;
        return Put(name, a);
    }
    Operator &SetAttr(const AttrName &name, const std::vector<uint8_t> &v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kBytes;
        a.bytes = v;
        return Put(name, a);
    }

    graphStatus GetAttr(const AttrName &name, int64_t &v) const { return GetInt(name, v); }
    graphStatus GetAttr(const AttrName &name, int32_t &v) const
    {
        int64_t x = 0;
        graphStatus st = GetInt(name, x);
        if (st == GRAPH_SUCCESS)
            v = static_cast<int32_t>(x);
        return st;
    }
    graphStatus GetAttr(const AttrName &name, uint32_t &v) const
    {
        int64_t x = 0;
        graphStatus st = GetInt(name, x);
        if (st == GRAPH_SUCCESS)
            v = static_cast<uint32_t>(x);
        return st;
    }
    graphStatus GetAttr(const AttrName &name, float &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kFloat);
        if (!a)
            return GRAPH_FAILED;
        v = a->f;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, bool &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kBool);
        if (!a)
            return GRAPH_FAILED;
        v = a->b;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, std::string &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kString);
        if (!a)
            return GRAPH_FAILED;
        v = a->s;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, AscendString &v) const
    {
        std::string s;
        graphStatus st = GetAttr(name, s);
        if (st == GRAPH_SUCCESS)
            v = AscendString(s.c_str());
        return st;
    }
    graphStatus GetAttr(const AttrName &name, Tensor &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kTensor);
        if (!a)
            return GRAPH_FAILED;
        v = a->t;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, DataType &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kDataType);
        if (!a)
            return GRAPH_FAILED;
        v = a->dt;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, std::vector<int64_t> &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kInts);
        if (!a)
            return GRAPH_FAILED;
        v = a->ints;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, std::vector<float> &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kFloats);
        if (!a)
            return GRAPH_FAILED;
        v = a->floats;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, std::vector<bool> &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kBools);
        if (!a)
            return GRAPH_FAILED;
        v = a->bools;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, std::vector<std::string> &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kStrings);
        if (!a)
            return GRAPH_FAILED;
        v = a->strings;
        return GRAPH_SUCCESS;
    }
    graphStatus GetAttr(const AttrName &name, std::vector<DataType> &v) const
    {
        const geflow_detail::AttrVal *a = Find(name, geflow_detail::AttrVal::kDataTypes);
        if (!a)
            return GRAPH_FAILED;
        v = a->dts;
        return GRAPH_SUCCESS;
    }
    bool HasAttr(const AttrName &name) const { return impl_ && impl_->attrs.count(name.str) != 0; }

    /* geflow: the first construction error recorded on this operator ("" when none);
     * AddGraph reports it. */
    const std::string &GeflowError() const
    {
        static const std::string none;
        return impl_ ? impl_->error : none;
    }

protected:
    /* For op protos (all_ops.h): declares the proto's inputs/outputs. */
    void DeclareInput(const char *name, bool optional)
    {
        impl_->typed_proto = true;
        int i = impl_->InputSlot(name, true);
        impl_->in_optional[static_cast<size_t>(i)] = optional;
    }
    void DeclareOutput(const char *name)
    {
        impl_->typed_proto = true;
        (void)impl_->OutputSlot(name, true);
    }

private:
    friend class Graph;
    friend struct geflow_detail::OpReg;
    friend inline const std::shared_ptr<geflow_detail::OpImpl> &GeflowOpImpl(const Operator &op);

    static geflow_detail::AttrVal Int(int64_t v)
    {
        geflow_detail::AttrVal a;
        a.kind = geflow_detail::AttrVal::kInt;
        a.i = v;
        return a;
    }
    Operator &Put(const AttrName &name, const geflow_detail::AttrVal &a)
    {
        if (impl_)
            impl_->attrs[name.str] = a;
        return *this;
    }
    const geflow_detail::AttrVal *Find(const AttrName &name, geflow_detail::AttrVal::Kind kind) const
    {
        if (!impl_)
            return nullptr;
        auto it = impl_->attrs.find(name.str);
        return it != impl_->attrs.end() && it->second.kind == kind ? &it->second : nullptr;
    }
    graphStatus GetInt(const AttrName &name, int64_t &v) const
    {
        if (!impl_)
            return GRAPH_FAILED;
        auto it = impl_->attrs.find(name.str);
        if (it == impl_->attrs.end())
            return GRAPH_FAILED;
        if (it->second.kind == geflow_detail::AttrVal::kInt)
            v = it->second.i;
        else if (it->second.kind == geflow_detail::AttrVal::kBool)
            v = it->second.b ? 1 : 0;
        else if (it->second.kind == geflow_detail::AttrVal::kDataType)
            v = static_cast<int64_t>(it->second.dt);
        else
            return GRAPH_FAILED;
        return GRAPH_SUCCESS;
    }
    void Fail(const std::string &what)
    {
        if (impl_ && impl_->error.empty())
            impl_->error = "operator '" + impl_->name + "' (" + impl_->type + "): " + what;
    }
    int InSlot(const std::string &name)
    {
        if (!impl_)
            return -1;
        int i = impl_->InputSlot(name, !impl_->typed_proto);
        if (i < 0)
            Fail("SetInput: the op has no input named '" + name + "'");
        return i;
    }
    static int64_t OutSlotOf(const Operator &src, const std::string &name)
    {
        if (!src.impl_)
            return -1;
        int i = src.impl_->OutputSlot(name, !src.impl_->typed_proto);
        return i;
    }
    Operator &Link(int slot, const Operator &src, int64_t port)
    {
        if (!impl_ || slot < 0)
            return *this;
        if (!src.impl_) {
            Fail("SetInput: input '" + impl_->in_names[static_cast<size_t>(slot)] + "' links an empty operator");
            return *this;
        }
        if (port < 0) {
            Fail("SetInput: input '" + impl_->in_names[static_cast<size_t>(slot)] + "': operator '" +
                 src.impl_->name + "' has no such output");
            return *this;
        }
        if (!src.impl_->typed_proto)
            src.impl_->EnsureOutputs(static_cast<size_t>(port) + 1);
        if (static_cast<size_t>(port) >= src.impl_->out_names.size()) {
            Fail("SetInput: input '" + impl_->in_names[static_cast<size_t>(slot)] + "': operator '" +
                 src.impl_->name + "' has " + std::to_string(src.impl_->out_names.size()) +
                 " outputs; port " + std::to_string(static_cast<long long>(port)) + " does not exist");
            return *this;
        }
        impl_->in_links[static_cast<size_t>(slot)].src = src.impl_;
        impl_->in_links[static_cast<size_t>(slot)].port = static_cast<uint32_t>(port);
        return *this;
    }

    std::shared_ptr<geflow_detail::OpImpl> impl_;
};

inline const std::shared_ptr<geflow_detail::OpImpl> &GeflowOpImpl(const Operator &op) { return op.impl_; }

namespace geflow_detail {
/* Access for the graph lowering and the op protos of all_ops.h. */
struct OpReg {
    static Operator Wrap(const std::shared_ptr<OpImpl> &p)
    {
        Operator op;
        op.impl_ = p;
        return op;
    }
    static void Input(Operator *op, const char *name, bool optional) { op->DeclareInput(name, optional); }
    static void Output(Operator *op, const char *name) { op->DeclareOutput(name); }
    static void Attr(Operator *op, const char *name, const AttrVal &v) { op->Put(name, v); }
};
}  // namespace geflow_detail

}  // namespace ge

#endif

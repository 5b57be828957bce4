/* Op-proto classes ge::op::<Type> of the GE API, with the vendor's input, output and
 * attribute names and generated-style methods:
 *   explicit Add(const char *name); set_input_x1(op [, port | output name]);
 *   get_input_desc_x1() / update_input_desc_x1(desc); get_output_desc_y() / update_output_desc_y(desc);
 *   set_attr_<a>(v) / get_attr_<a>(); name_in_<x>(), name_out_<y>(), name_attr_<a>().
 * Session::AddGraph maps them onto the engine's ONNX registry (graph/geflow_lower.h).
 * Header-only. */
#ifndef GEFLOW_ALL_OPS_H
#define GEFLOW_ALL_OPS_H

#include <cstdint>
#include <string>
#include <vector>

#include "graph/operator.h"
#include "graph/tensor.h"
#include "graph/types.h"

namespace ge {
namespace geflow_detail {

/* A member that declares one proto item on its operator when the operator is constructed
 * (members initialise in declaration order, so inputs keep the proto's order). Copying an
 * op copies nothing here: the declared items live in the shared node. */
struct ProtoItem {
    enum Kind { kInput, kOptionalInput, kOutput };
    ProtoItem(Operator *op, Kind kind, const char *name)
    {
        if (kind == kOutput)
            OpReg::Output(op, name);
        else
            OpReg::Input(op, name, kind == kOptionalInput);
    }
    template <typename T> ProtoItem(Operator *op, const char *attr, const T &default_value)
    {
        op->SetAttr(attr, default_value);
    }
    explicit ProtoItem(Operator *) {}
};

}  // namespace geflow_detail
}  // namespace ge

#define GEFLOW_OP_BEGIN(T)                                                                         \
    class T : public ::ge::Operator {                                                              \
        using Self_ = T;                                                                           \
                                                                                                   \
    public:                                                                                        \
        explicit T(const char *name) : ::ge::Operator(name, #T) {}                                 \
        explicit T(const std::string &name) : T(name.c_str()) {}                                   \
        explicit T(const ::ge::AscendString &name) : T(name.GetString()) {}                        \
        T() : T(::ge::geflow_detail::AutoName(#T).c_str()) {}                                      \
        ~T() override = default;                                                                   \
        static const char *geflow_op_type() { return #T; }

#define GEFLOW_OP_END() };

#define GEFLOW_INPUT_KIND(x, kind)                                                                 \
private:                                                                                           \
    ::ge::geflow_detail::ProtoItem geflow_in_##x##_{this, ::ge::geflow_detail::ProtoItem::kind, #x}; \
                                                                                                   \
public:                                                                                            \
    static const char *name_in_##x() { return #x; }                                                \
    Self_ &set_input_##x(const ::ge::Operator &v)                                                  \
    {                                                                                              \
        SetInput(#x, v);                                                                           \
        return *this;                                                                              \
    }                                                                                              \
    Self_ &set_input_##x(const ::ge::Operator &v, const char *src_name)                            \
    {                                                                                              \
        SetInput(#x, v, src_name);                                                                 \
        return *this;                                                                              \
    }                                                                                              \
    Self_ &set_input_##x(const ::ge::Operator &v, const std::string &src_name)                     \
    {                                                                                              \
        SetInput(#x, v, src_name);                                                                 \
        return *this;                                                                              \
    }                                                                                              \
    template <typename I, ::ge::geflow_detail::IfIntegral<I> = 0>                                  \
    Self_ &set_input_##x(const ::ge::Operator &v, I index)                                         \
    {                                                                                              \
        SetInput(#x, v, index);                                                                    \
        return *this;                                                                              \
    }                                                                                              \
    Self_ &set_input_##x##_by_name(const ::ge::Operator &v, const char *src_name)                  \
    {                                                                                              \
        return set_input_##x(v, src_name);                                                         \
    }                                                                                              \
    ::ge::TensorDesc get_input_desc_##x() const { return GetInputDescByName(#x); }                 \
    ::ge::graphStatus update_input_desc_##x(const ::ge::TensorDesc &desc) { return UpdateInputDesc(#x, desc); }

#define GEFLOW_INPUT(x) GEFLOW_INPUT_KIND(x, kInput)
#define GEFLOW_OPTIONAL_INPUT(x) GEFLOW_INPUT_KIND(x, kOptionalInput)

#define GEFLOW_OUTPUT(y)                                                                           \
private:                                                                                           \
    ::ge::geflow_detail::ProtoItem geflow_out_##y##_{this, ::ge::geflow_detail::ProtoItem::kOutput, #y}; \
                                                                                                   \
public:                                                                                            \
    static const char *name_out_##y() { return #y; }                                               \
    ::ge::TensorDesc get_output_desc_##y() const { return GetOutputDescByName(#y); }               \
    ::ge::graphStatus update_output_desc_##y(const ::ge::TensorDesc &desc) { return UpdateOutputDesc(#y, desc); }

/* An attribute with a default (set at construction) or a required one (no default). */
#define GEFLOW_ATTR_COMMON(a, CppT)                                                                \
public:                                                                                            \
    static const char *name_attr_##a() { return #a; }                                              \
    CppT get_attr_##a() const                                                                      \
    {                                                                                              \
        CppT v{};                                                                                  \
        (void)GetAttr(#a, v);                                                                      \
        return v;                                                                                  \
    }                                                                                              \
    Self_ &set_attr_##a(const CppT &v)                                                             \
    {                                                                                              \
        SetAttr(#a, v);                                                                            \
        return *this;                                                                              \
    }

#define GEFLOW_ATTR(a, CppT, default_value)                                                        \
private:                                                                                           \
    ::ge::geflow_detail::ProtoItem geflow_attr_##a##_{this, #a, CppT(default_value)};              \
    GEFLOW_ATTR_COMMON(a, CppT)

#define GEFLOW_REQUIRED_ATTR(a, CppT) GEFLOW_ATTR_COMMON(a, CppT)

namespace ge {
namespace op {

/* A graph input: run input i feeds the Data whose index is i. */
GEFLOW_OP_BEGIN(Data)
GEFLOW_INPUT(x)
GEFLOW_OUTPUT(y)
GEFLOW_ATTR(index, int64_t, 0)
GEFLOW_OP_END()

/* A constant: attr value (a host tensor with data). */
GEFLOW_OP_BEGIN(Const)
GEFLOW_OUTPUT(y)
GEFLOW_REQUIRED_ATTR(value, ::ge::Tensor)
GEFLOW_OP_END()

GEFLOW_OP_BEGIN(Constant)
GEFLOW_OUTPUT(y)
GEFLOW_REQUIRED_ATTR(value, ::ge::Tensor)
GEFLOW_OP_END()

#define GEFLOW_BINARY_OP(T)                                                                        \
    GEFLOW_OP_BEGIN(T)                                                                             \
    GEFLOW_INPUT(x1)                                                                               \
    GEFLOW_INPUT(x2)                                                                               \
    GEFLOW_OUTPUT(y)                                                                               \
    GEFLOW_OP_END()

GEFLOW_BINARY_OP(Add)
GEFLOW_BINARY_OP(AddV2)
GEFLOW_BINARY_OP(Sub)
GEFLOW_BINARY_OP(Mul)
GEFLOW_BINARY_OP(Div)
GEFLOW_BINARY_OP(RealDiv)
GEFLOW_BINARY_OP(Maximum)
GEFLOW_BINARY_OP(Minimum)
GEFLOW_BINARY_OP(Pow)

#define GEFLOW_UNARY_OP(T)                                                                         \
    GEFLOW_OP_BEGIN(T)                                                                             \
    GEFLOW_INPUT(x)                                                                                \
    GEFLOW_OUTPUT(y)                                                                               \
    GEFLOW_OP_END()

GEFLOW_UNARY_OP(Relu)
GEFLOW_UNARY_OP(Sigmoid)
GEFLOW_UNARY_OP(Tanh)
GEFLOW_UNARY_OP(Exp)
GEFLOW_UNARY_OP(Log)
GEFLOW_UNARY_OP(Abs)
GEFLOW_UNARY_OP(Neg)
GEFLOW_UNARY_OP(Sqrt)
GEFLOW_UNARY_OP(Identity)

/* y = op(x1) @ op(x2) [+ bias]; op transposes when transpose_x1 / transpose_x2 (2-D). */
GEFLOW_OP_BEGIN(MatMul)
GEFLOW_INPUT(x1)
GEFLOW_INPUT(x2)
GEFLOW_OPTIONAL_INPUT(bias)
GEFLOW_OUTPUT(y)
GEFLOW_ATTR(transpose_x1, bool, false)
GEFLOW_ATTR(transpose_x2, bool, false)
GEFLOW_OP_END()

GEFLOW_OP_BEGIN(MatMulV2)
GEFLOW_INPUT(x1)
GEFLOW_INPUT(x2)
GEFLOW_OPTIONAL_INPUT(bias)
GEFLOW_OPTIONAL_INPUT(offset_w)
GEFLOW_OUTPUT(y)
GEFLOW_ATTR(transpose_x1, bool, false)
GEFLOW_ATTR(transpose_x2, bool, false)
GEFLOW_ATTR(offset_x, int64_t, 0)
GEFLOW_OP_END()

/* y = x converted to dst_type (a DataType value). */
GEFLOW_OP_BEGIN(Cast)
GEFLOW_INPUT(x)
GEFLOW_OUTPUT(y)
GEFLOW_REQUIRED_ATTR(dst_type, int64_t)
GEFLOW_ATTR(truncate, bool, false)
GEFLOW_OP_END()

/* y = x with the shape given by the tensor `shape`. */
GEFLOW_OP_BEGIN(Reshape)
GEFLOW_INPUT(x)
GEFLOW_INPUT(shape)
GEFLOW_OUTPUT(y)
GEFLOW_ATTR(axis, int64_t, 0)
GEFLOW_ATTR(num_axes, int64_t, -1)
GEFLOW_OP_END()

/* Softmax over one axis (axes holds exactly one axis; default the last). */
GEFLOW_OP_BEGIN(SoftmaxV2)
GEFLOW_INPUT(x)
GEFLOW_OUTPUT(y)
GEFLOW_ATTR(axes, std::vector<int64_t>, std::vector<int64_t>{-1})
GEFLOW_ATTR(half_to_float, bool, false)
GEFLOW_OP_END()

}  // namespace op
}  // namespace ge

#endif

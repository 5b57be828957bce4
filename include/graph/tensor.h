/* ge::Shape, ge::TensorDesc and ge::Tensor of the GE API. Header-only.
 *
 * Data semantics (vendor):
 *   - the data constructors and SetData(const uint8_t*, size) / SetData(vector) COPY into
 *     owned, 64-byte aligned memory;
 *   - SetData(uint8_t*, size, deleter) WRAPS the pointer (no copy) and calls deleter once when
 *     the data is let go;
 *   - copying a Tensor is shallow: copies share one implementation, so SetData / ResetData on
 *     any of them is seen by all; Clone() is a deep copy;
 *   - ResetData(p, n, deleter) swaps the data in the shared implementation (the old data is
 *     released through its deleter); ResetData() hands the data out as a unique_ptr with its
 *     deleter and leaves the tensor without data. */
#ifndef GEFLOW_GRAPH_TENSOR_H
#define GEFLOW_GRAPH_TENSOR_H

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "graph/ascend_string.h"
#include "graph/ge_error_codes.h"
#include "graph/types.h"

namespace ge {

class Shape {
public:
    Shape() = default;
    explicit Shape(const std::vector<int64_t> &dims) : dims_(dims) {}
    ~Shape() = default;

    /* The number of dims; 0 for an unknown rank ({-2}). */
    size_t GetDimNum() const
    {
        for (int64_t d : dims_)
            if (d == UNKNOWN_DIM_NUM)
                return 0;
        return dims_.size();
    }
    /* dims[idx], or 0 when idx is out of range. */
    int64_t GetDim(size_t idx) const { return idx < dims_.size() ? dims_[idx] : 0; }
    graphStatus SetDim(size_t idx, int64_t value)
    {
        if (idx >= dims_.size())
            return GRAPH_FAILED;
        dims_[idx] = value;
        return GRAPH_SUCCESS;
    }
    std::vector<int64_t> GetDims() const { return dims_; }
    /* The element count: -1 when a dim is unknown (-1 / -2); 0 for a scalar (no dims), a
     * zero dim, or an overflow. */
    int64_t GetShapeSize() const
    {
        if (dims_.empty())
            return 0;
        for (int64_t d : dims_)
            if (d == UNKNOWN_DIM || d == UNKNOWN_DIM_NUM)
                return -1;
        int64_t n = 1;
        for (int64_t d : dims_) {
            if (d <= 0)
                return 0;
            if (n > INT64_MAX / d)
                return 0;
            n *= d;
        }
        return n;
    }

    bool operator==(const Shape &o) const { return dims_ == o.dims_; }
    bool operator!=(const Shape &o) const { return dims_ != o.dims_; }

private:
    std::vector<int64_t> dims_;
};

class TensorDesc {
public:
    TensorDesc() = default;
    explicit TensorDesc(Shape shape, Format format = FORMAT_ND, DataType dt = DT_FLOAT)
        : shape_(std::move(shape)), format_(format), origin_format_(format), dtype_(dt)
    {
        origin_shape_ = shape_;
    }
    ~TensorDesc() = default;

    void Update(const Shape &shape, Format format = FORMAT_ND, DataType dt = DT_FLOAT)
    {
        shape_ = shape;
        format_ = format;
        dtype_ = dt;
    }

    Shape GetShape() const { return shape_; }
    void SetShape(const Shape &shape) { shape_ = shape; }
    /* Sets the shape to an unknown rank ({-2}). */
    graphStatus SetUnknownDimNumShape()
    {
        shape_ = Shape(UNKNOWN_RANK);
        return GRAPH_SUCCESS;
    }
    graphStatus SetShapeRange(const std::vector<std::pair<int64_t, int64_t>> &range)
    {
        range_ = range;
        return GRAPH_SUCCESS;
    }
    graphStatus GetShapeRange(std::vector<std::pair<int64_t, int64_t>> &range) const
    {
        range = range_;
        return GRAPH_SUCCESS;
    }

    Format GetFormat() const { return format_; }
    void SetFormat(Format format) { format_ = format; }
    Shape GetOriginShape() const { return origin_shape_; }
    void SetOriginShape(const Shape &shape) { origin_shape_ = shape; }
    Format GetOriginFormat() const { return origin_format_; }
    void SetOriginFormat(Format format) { origin_format_ = format; }
    DataType GetDataType() const { return dtype_; }
    void SetDataType(DataType dt) { dtype_ = dt; }

    graphStatus GetName(AscendString &name) const
    {
        name = AscendString(name_.c_str());
        return GRAPH_SUCCESS;
    }
    void SetName(const char *name) { name_ = name ? name : ""; }
    void SetName(const std::string &name) { name_ = name; }

    void SetSize(int64_t size) { size_ = size; }
    int64_t GetSize() const { return size_; }
    int64_t GetRealDimCnt() const
    {
        return real_dim_cnt_ >= 0 ? real_dim_cnt_ : static_cast<int64_t>(shape_.GetDimNum());
    }
    void SetRealDimCnt(int64_t n) { real_dim_cnt_ = n; }

    void SetPlacement(Placement placement) { placement_ = placement; }
    Placement GetPlacement() const { return placement_; }

    void SetReuseInputIndex(uint32_t idx) { reuse_input_index_ = static_cast<int64_t>(idx); }
    void SetExpandDimsRule(const char *rule) { expand_dims_rule_ = rule ? rule : ""; }
    graphStatus GetExpandDimsRule(AscendString &rule) const
    {
        rule = AscendString(expand_dims_rule_.c_str());
        return GRAPH_SUCCESS;
    }

    void SetConstData(std::unique_ptr<uint8_t[]> const_data_buffer, const size_t &const_data_len)
    {
        const_data_ = std::shared_ptr<uint8_t>(const_data_buffer.release(), std::default_delete<uint8_t[]>());
        const_data_len_ = const_data_len;
    }
    bool GetConstData(uint8_t **const_data_buffer, size_t &const_data_len) const
    {
        if (!const_data_)
            return false;
        if (const_data_buffer)
            *const_data_buffer = const_data_.get();
        const_data_len = const_data_len_;
        return true;
    }

private:
    Shape shape_;
    Shape origin_shape_;
    Format format_ = FORMAT_ND;
    Format origin_format_ = FORMAT_ND;
    DataType dtype_ = DT_FLOAT;
    std::string name_;
    int64_t size_ = 0;
    int64_t real_dim_cnt_ = -1;
    Placement placement_ = kPlacementHost;
    int64_t reuse_input_index_ = -1;
    std::string expand_dims_rule_;
    std::vector<std::pair<int64_t, int64_t>> range_;
    std::shared_ptr<uint8_t> const_data_;
    size_t const_data_len_ = 0;
};

namespace geflow_detail {

constexpr size_t kTensorAlign = 64;

/* The element count of a desc's shape (1 for a scalar), -1 when unknown or overflowing. */
inline int64_t ElementCount(const Shape &shape)
{
    std::vector<int64_t> dims = shape.GetDims();
    int64_t n = 1;
    for (int64_t d : dims) {
        if (d < 0)
            return -1;
        if (d != 0 && n > INT64_MAX / d)
            return -1;
        n *= d;
    }
    return n;
}

/* The exact byte size of desc's dtype x shape; -1 when not computable. */
inline int64_t DescBytes(const TensorDesc &desc)
{
    int64_t n = ElementCount(desc.GetShape());
    return n < 0 ? -1 : GetSizeInBytes(n, desc.GetDataType());
}

}  // namespace geflow_detail

class Tensor {
public:
    using DeleteFunc = std::function<void(uint8_t *)>;

    Tensor() : impl_(std::make_shared<Impl>()) {}
    explicit Tensor(const TensorDesc &tensor_desc) : Tensor() { impl_->desc = tensor_desc; }
    Tensor(const TensorDesc &tensor_desc, const std::vector<uint8_t> &data) : Tensor(tensor_desc)
    {
        (void)SetData(data);
    }
    Tensor(const TensorDesc &tensor_desc, const uint8_t *data, size_t size) : Tensor(tensor_desc)
    {
        (void)SetData(data, size);
    }
    Tensor(TensorDesc &&tensor_desc, std::vector<uint8_t> &&data) : Tensor()
    {
        impl_->desc = std::move(tensor_desc);
        (void)SetData(data);
    }
    ~Tensor() = default;

    TensorDesc GetTensorDesc() const { return impl_->desc; }
    graphStatus SetTensorDesc(const TensorDesc &tensor_desc)
    {
        impl_->desc = tensor_desc;
        return GRAPH_SUCCESS;
    }

    const uint8_t *GetData() const { return impl_->data; }
    uint8_t *GetData() { return impl_->data; }
    size_t GetSize() const { return impl_->size; }

    /* Copies. */
    graphStatus SetData(const uint8_t *data, size_t size)
    {
        if (!data && size)
            return GRAPH_FAILED;
        if (!size) {
            impl_->Reset(nullptr, 0, DeleteFunc());
            return GRAPH_SUCCESS;
        }
        uint8_t *p = static_cast<uint8_t *>(
            ::operator new[](size, std::align_val_t(geflow_detail::kTensorAlign), std::nothrow));
        if (!p)
            return GRAPH_FAILED;
        std::memcpy(p, data, size);
        impl_->Reset(p, size, AlignedDeleter());
        return GRAPH_SUCCESS;
    }
    graphStatus SetData(const std::vector<uint8_t> &data) { return SetData(data.data(), data.size()); }
    graphStatus SetData(std::vector<uint8_t> &&data) { return SetData(data.data(), data.size()); }
    graphStatus SetData(const std::string &data)
    {
        return SetData(reinterpret_cast<const uint8_t *>(data.c_str()), data.size() + 1);
    }
    graphStatus SetData(const char *data)
    {
        return data ? SetData(std::string(data)) : GRAPH_FAILED;
    }
    /* Wraps data (no copy); deleter is called once when the data is let go. An empty
     * deleter means the memory stays the caller's. */
    graphStatus SetData(uint8_t *data, size_t size, const DeleteFunc &deleter_func)
    {
        if (!data && size)
            return GRAPH_FAILED;
        impl_->Reset(data, size, deleter_func);
        return GRAPH_SUCCESS;
    }
    /* Swaps the data in the shared implementation: every shallow copy sees it. */
    graphStatus ResetData(uint8_t *data, size_t size, const DeleteFunc &deleter_func)
    {
        return SetData(data, size, deleter_func);
    }
    /* Releases ownership: returns the data with its deleter; the tensor keeps no data. */
    std::unique_ptr<uint8_t[], DeleteFunc> ResetData()
    {
        DeleteFunc d = impl_->deleter ? impl_->deleter : DeleteFunc([](uint8_t *) {});
        std::unique_ptr<uint8_t[], DeleteFunc> out(impl_->data, d);
        impl_->data = nullptr;
        impl_->size = 0;
        impl_->deleter = DeleteFunc();
        return out;
    }

    /* SUCCESS when the data size matches dtype x shape (or cannot be checked). */
    graphStatus IsValid() const
    {
        const TensorDesc &d = impl_->desc;
        int64_t bytes = geflow_detail::DescBytes(d);
        if (bytes < 0 || d.GetDataType() == DT_STRING)
            return GRAPH_SUCCESS;
        return static_cast<size_t>(bytes) == impl_->size ? GRAPH_SUCCESS : GRAPH_FAILED;
    }
    /* A deep copy: its own desc and a copy of the data. */
    Tensor Clone() const
    {
        Tensor t(impl_->desc);
        if (impl_->data && impl_->size)
            (void)t.SetData(static_cast<const uint8_t *>(impl_->data), impl_->size);
        return t;
    }

    graphStatus SetPlacement(const Placement &placement)
    {
        impl_->desc.SetPlacement(placement);
        return GRAPH_SUCCESS;
    }
    Placement GetPlacement() const { return impl_->desc.GetPlacement(); }
    graphStatus SetShapeDimNum(size_t dim_num)
    {
        impl_->desc.SetShape(Shape(std::vector<int64_t>(dim_num, 0)));
        return GRAPH_SUCCESS;
    }
    size_t GetShapeDimNum() const { return impl_->desc.GetShape().GetDimNum(); }
    graphStatus SetShapeDim(size_t idx, int64_t dim_value)
    {
        Shape s = impl_->desc.GetShape();
        if (s.SetDim(idx, dim_value) != GRAPH_SUCCESS)
            return GRAPH_FAILED;
        impl_->desc.SetShape(s);
        return GRAPH_SUCCESS;
    }
    int64_t GetShapeDim(size_t idx) const { return impl_->desc.GetShape().GetDim(idx); }
    graphStatus SetFormat(const Format &format)
    {
        impl_->desc.SetFormat(format);
        return GRAPH_SUCCESS;
    }
    Format GetFormat() const { return impl_->desc.GetFormat(); }
    graphStatus SetDataType(const DataType &dtype)
    {
        impl_->desc.SetDataType(dtype);
        return GRAPH_SUCCESS;
    }
    DataType GetDataType() const { return impl_->desc.GetDataType(); }

private:
    static DeleteFunc AlignedDeleter()
    {
        return [](uint8_t *p) { ::operator delete[](p, std::align_val_t(geflow_detail::kTensorAlign)); };
    }

    struct Impl {
        TensorDesc desc;
        uint8_t *data = nullptr;
        size_t size = 0;
        DeleteFunc deleter;

        Impl() = default;
        Impl(const Impl &) = delete;
        Impl &operator=(const Impl &) = delete;
        ~Impl() { Release(); }
        void Release()
        {
            uint8_t *p = data;
            DeleteFunc d = std::move(deleter);
            data = nullptr;
            size = 0;
            deleter = DeleteFunc();
            if (p && d)
                d(p);
        }
        void Reset(uint8_t *p, size_t n, DeleteFunc d)
        {
            if (p && p == data) { /* same block again: keep it, adopt the new deleter */
                size = n;
                deleter = std::move(d);
                return;
            }
            Release();
            data = p;
            size = n;
            deleter = std::move(d);
        }
    };
    std::shared_ptr<Impl> impl_;
};

}  // namespace ge

#endif

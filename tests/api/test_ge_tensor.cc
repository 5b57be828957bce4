// ge::Tensor / TensorDesc / Shape and the DataType / Format values of the GE C++ API.
#include "graph/tensor.h"
#include "graph/types.h"

#include <vector>

extern "C" {
#include "test.h"
}

namespace {

int g_deletes = 0;
uint8_t *g_deleted = nullptr;

void counting_delete(uint8_t *p)
{
    g_deletes++;
    g_deleted = p;
}

void test_datatype_values()
{
    CHECK_EQ(ge::DT_FLOAT, 0);
    CHECK_EQ(ge::DT_FLOAT16, 1);
    CHECK_EQ(ge::DT_INT8, 2);
    CHECK_EQ(ge::DT_INT32, 3);
    CHECK_EQ(ge::DT_UINT8, 4);
    CHECK_EQ(ge::DT_INT16, 6);
    CHECK_EQ(ge::DT_UINT16, 7);
    CHECK_EQ(ge::DT_UINT32, 8);
    CHECK_EQ(ge::DT_INT64, 9);
    CHECK_EQ(ge::DT_UINT64, 10);
    CHECK_EQ(ge::DT_DOUBLE, 11);
    CHECK_EQ(ge::DT_BOOL, 12);
    CHECK_EQ(ge::DT_STRING, 13);
    CHECK_EQ(ge::DT_COMPLEX64, 16);
    CHECK_EQ(ge::DT_BF16, 27);
    CHECK_EQ(ge::DT_UNDEFINED, 28);
    CHECK_EQ(ge::DT_INT4, 29);
    CHECK_EQ(ge::DT_HIFLOAT8, 34);
    CHECK_EQ(ge::DT_FLOAT4_E2M1, 40);
    CHECK_EQ(ge::DT_HIFLOAT4, 42);
    CHECK_EQ(ge::FORMAT_NCHW, 0);
    CHECK_EQ(ge::FORMAT_NHWC, 1);
    CHECK_EQ(ge::FORMAT_ND, 2);
    CHECK_EQ(ge::FORMAT_NC1HWC0, 3);
    CHECK_EQ(ge::FORMAT_FRACTAL_Z, 4);
    CHECK_EQ(ge::FORMAT_HWCN, 16);
    CHECK_EQ(ge::FORMAT_NDHWC, 27);
    CHECK_EQ(ge::FORMAT_FRACTAL_NZ, 29);
    CHECK_EQ(ge::FORMAT_NCDHW, 30);
    CHECK_EQ(ge::FORMAT_DHWCN, 31);
    CHECK_EQ(ge::FORMAT_NDC1HWC0, 32);
    CHECK_EQ(ge::FORMAT_RESERVED, 40);
    CHECK_EQ(ge::FORMAT_ALL, 41);
    CHECK_EQ(ge::FORMAT_NULL, 42);
    CHECK_EQ(ge::FORMAT_MAX, 0xff);
    CHECK_EQ(ge::kPlacementHost, 0);
    CHECK_EQ(ge::kPlacementDevice, 1);
    CHECK_EQ(ge::kPlacementEnd, 2);
    CHECK_EQ(ge::UNKNOWN_DIM, -1);
    CHECK_EQ(ge::UNKNOWN_DIM_NUM, -2);
    CHECK(ge::UNKNOWN_SHAPE == std::vector<int64_t>{-1});
    CHECK(ge::UNKNOWN_RANK == std::vector<int64_t>{-2});
}

void test_sizes()
{
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_FLOAT), 4);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_FLOAT16), 2);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_BF16), 2);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_INT64), 8);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_BOOL), 1);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_COMPLEX128), 16);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_INT4), 1004);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_UINT1), 1001);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_STRING), -1);
    CHECK_EQ(ge::GetSizeByDataType(ge::DT_UNDEFINED), -1);
    CHECK_EQ(ge::GetSizeInBytes(6, ge::DT_FLOAT), 24);
    CHECK_EQ(ge::GetSizeInBytes(3, ge::DT_INT4), 2);
    CHECK_EQ(ge::GetSizeInBytes(9, ge::DT_UINT1), 2);
    CHECK_EQ(ge::GetSizeInBytes(-1, ge::DT_FLOAT), -1);
    CHECK_EQ(ge::GetSizeInBytes(4, ge::DT_STRING), -1);
    CHECK_EQ(ge::GetSizeInBytes(INT64_MAX / 2, ge::DT_FLOAT), -1);
}

void test_shape()
{
    ge::Shape scalar;
    CHECK_EQ(scalar.GetDimNum(), 0);
    CHECK_EQ(scalar.GetShapeSize(), 0);  // vendor: a scalar gives 0
    ge::Shape s({2, 3, 4});
    CHECK_EQ(s.GetDimNum(), 3);
    CHECK_EQ(s.GetDim(1), 3);
    CHECK_EQ(s.GetDim(7), 0);
    CHECK_EQ(s.GetShapeSize(), 24);
    CHECK_EQ(s.SetDim(2, 5), ge::GRAPH_SUCCESS);
    CHECK_EQ(s.SetDim(3, 5), ge::GRAPH_FAILED);
    CHECK(s.GetDims() == (std::vector<int64_t>{2, 3, 5}));
    CHECK_EQ(ge::Shape({2, -1}).GetShapeSize(), -1);
    CHECK_EQ(ge::Shape({2, -1}).GetDimNum(), 2);
    CHECK_EQ(ge::Shape(ge::UNKNOWN_RANK).GetShapeSize(), -1);
    CHECK_EQ(ge::Shape(ge::UNKNOWN_RANK).GetDimNum(), 0);
    CHECK_EQ(ge::Shape({4, 0, 2}).GetShapeSize(), 0);
    CHECK_EQ(ge::Shape({INT64_MAX, 4}).GetShapeSize(), 0);  // overflow
}

void test_tensor_desc()
{
    ge::TensorDesc d0;
    CHECK_EQ(d0.GetFormat(), ge::FORMAT_ND);
    CHECK_EQ(d0.GetDataType(), ge::DT_FLOAT);
    CHECK_EQ(d0.GetPlacement(), ge::kPlacementHost);
    ge::TensorDesc d(ge::Shape({1, 3}), ge::FORMAT_NCHW, ge::DT_INT32);
    CHECK(d.GetShape().GetDims() == (std::vector<int64_t>{1, 3}));
    CHECK(d.GetOriginShape().GetDims() == (std::vector<int64_t>{1, 3}));
    CHECK_EQ(d.GetFormat(), ge::FORMAT_NCHW);
    CHECK_EQ(d.GetOriginFormat(), ge::FORMAT_NCHW);
    CHECK_EQ(d.GetDataType(), ge::DT_INT32);
    d.SetName("in0");
    ge::AscendString n;
    CHECK_EQ(d.GetName(n), ge::GRAPH_SUCCESS);
    CHECK(strcmp(n.GetString(), "in0") == 0);
    d.SetPlacement(ge::kPlacementDevice);
    CHECK_EQ(d.GetPlacement(), ge::kPlacementDevice);
    d.SetSize(12);
    CHECK_EQ(d.GetSize(), 12);
    d.SetShapeRange({{1, 8}, {3, 3}});
    std::vector<std::pair<int64_t, int64_t>> r;
    d.GetShapeRange(r);
    CHECK_EQ(r.size(), 2);
    CHECK_EQ(r[0].second, 8);
    d.SetUnknownDimNumShape();
    CHECK(d.GetShape().GetDims() == ge::UNKNOWN_RANK);
    d.Update(ge::Shape({5}), ge::FORMAT_ND, ge::DT_INT64);
    CHECK_EQ(d.GetDataType(), ge::DT_INT64);
    ge::TensorDesc copy = d;  // a deep, independent copy
    copy.SetDataType(ge::DT_BOOL);
    CHECK_EQ(d.GetDataType(), ge::DT_INT64);
    std::unique_ptr<uint8_t[]> cd(new uint8_t[3]{1, 2, 3});
    d.SetConstData(std::move(cd), 3);
    uint8_t *p = nullptr;
    size_t len = 0;
    CHECK(d.GetConstData(&p, len));
    CHECK_EQ(len, 3);
    CHECK_EQ(p[2], 3);
}

void test_tensor_copies_data()
{
    ge::TensorDesc d(ge::Shape({2}), ge::FORMAT_ND, ge::DT_FLOAT);
    float src[2] = {1.5f, -2.0f};
    ge::Tensor t(d, reinterpret_cast<const uint8_t *>(src), sizeof src);
    CHECK(t.GetData() != reinterpret_cast<uint8_t *>(src));
    CHECK_EQ(t.GetSize(), 8);
    CHECK_EQ(reinterpret_cast<uintptr_t>(t.GetData()) % 64, 0);
    src[0] = 9.0f;  // the tensor holds a copy
    CHECK(reinterpret_cast<const float *>(t.GetData())[0] == 1.5f);
    CHECK_EQ(t.IsValid(), ge::GRAPH_SUCCESS);

    std::vector<uint8_t> bytes{1, 2, 3, 4, 5, 6, 7, 8};
    CHECK_EQ(t.SetData(bytes), ge::GRAPH_SUCCESS);
    CHECK(t.GetData() != bytes.data());
    CHECK_EQ(t.GetData()[7], 8);
    uint8_t raw[4] = {9, 9, 9, 9};
    CHECK_EQ(t.SetData(raw, 4), ge::GRAPH_SUCCESS);  // non-const pointer, 2 args: still a copy
    CHECK(t.GetData() != raw);
    CHECK_EQ(t.GetSize(), 4);
    CHECK_EQ(t.IsValid(), ge::GRAPH_FAILED);  // 4 bytes for 2 floats
    CHECK_EQ(t.SetData(nullptr, 4), ge::GRAPH_FAILED);
    CHECK_EQ(t.SetData(static_cast<const uint8_t *>(nullptr), 0), ge::GRAPH_SUCCESS);
    CHECK(t.GetData() == nullptr);
    CHECK_EQ(t.GetSize(), 0);

    ge::Tensor v(d, std::vector<uint8_t>(8, 0x11));
    CHECK_EQ(v.GetSize(), 8);
    CHECK_EQ(v.GetData()[3], 0x11);
}

void test_tensor_wraps_and_deleter_once()
{
    g_deletes = 0;
    uint8_t buf[16] = {0};
    {
        ge::Tensor t(ge::TensorDesc(ge::Shape({4}), ge::FORMAT_ND, ge::DT_FLOAT));
        CHECK_EQ(t.SetData(buf, sizeof buf, counting_delete), ge::GRAPH_SUCCESS);
        CHECK(t.GetData() == buf);  // wrapped, not copied
        CHECK_EQ(t.GetSize(), 16);
        ge::Tensor copy = t;  // shallow
        CHECK(copy.GetData() == buf);
        CHECK_EQ(g_deletes, 0);
    }
    CHECK_EQ(g_deletes, 1);  // once, when the last copy went
    CHECK(g_deleted == buf);

    // Replacing wrapped data releases the old block once.
    g_deletes = 0;
    uint8_t other[8] = {0};
    ge::Tensor t;
    t.SetData(buf, sizeof buf, counting_delete);
    t.SetData(other, sizeof other, counting_delete);
    CHECK_EQ(g_deletes, 1);
    CHECK(g_deleted == buf);
    CHECK_EQ(t.SetData(nullptr, 4, counting_delete), ge::GRAPH_FAILED);
    CHECK(t.GetData() == other);
    // A no-op deleter: self-managed memory stays.
    t.SetData(buf, sizeof buf, [](uint8_t *) {});
    CHECK_EQ(g_deletes, 2);
    CHECK(g_deleted == other);
}

void test_tensor_reset_data()
{
    g_deletes = 0;
    uint8_t a[8] = {1}, b[8] = {2};
    ge::Tensor t(ge::TensorDesc(ge::Shape({2}), ge::FORMAT_ND, ge::DT_FLOAT));
    t.SetData(a, sizeof a, counting_delete);
    ge::Tensor shallow = t;
    std::vector<ge::Tensor> vec{t};
    CHECK_EQ(t.ResetData(b, sizeof b, counting_delete), ge::GRAPH_SUCCESS);
    CHECK_EQ(g_deletes, 1);
    CHECK(g_deleted == a);
    CHECK(shallow.GetData() == b);  // every shallow copy sees the swap
    CHECK(vec[0].GetData() == b);

    // ResetData() hands the data out with its deleter; the tensor keeps none.
    {
        std::unique_ptr<uint8_t[], ge::Tensor::DeleteFunc> owned = shallow.ResetData();
        CHECK(owned.get() == b);
        CHECK(t.GetData() == nullptr);
        CHECK_EQ(t.GetSize(), 0);
        CHECK_EQ(g_deletes, 1);
    }
    CHECK_EQ(g_deletes, 2);
    CHECK(g_deleted == b);

    // ResetData() of copied (owned) data: the deleter frees the aligned block.
    ge::Tensor c;
    uint8_t bytes[3] = {7, 8, 9};
    c.SetData(static_cast<const uint8_t *>(bytes), 3);
    auto p = c.ResetData();
    CHECK(p.get() != nullptr);
    CHECK_EQ(p[1], 8);
    // and of a tensor without data: an empty pointer
    auto none = c.ResetData();
    CHECK(none.get() == nullptr);
}

void test_tensor_clone_and_desc()
{
    float f[3] = {1, 2, 3};
    ge::TensorDesc d(ge::Shape({3}), ge::FORMAT_ND, ge::DT_FLOAT);
    ge::Tensor t(d, reinterpret_cast<uint8_t *>(f), sizeof f);
    ge::Tensor deep = t.Clone();
    CHECK(deep.GetData() != t.GetData());
    CHECK_EQ(deep.GetSize(), 12);
    CHECK(reinterpret_cast<const float *>(deep.GetData())[2] == 3.0f);
    deep.GetData()[0] = 0xFF;
    CHECK(t.GetData()[0] != 0xFF);
    deep.SetDataType(ge::DT_INT32);
    CHECK_EQ(t.GetDataType(), ge::DT_FLOAT);

    // GetTensorDesc returns a copy: changing it changes nothing until SetTensorDesc.
    ge::TensorDesc got = t.GetTensorDesc();
    got.SetDataType(ge::DT_INT8);
    CHECK_EQ(t.GetTensorDesc().GetDataType(), ge::DT_FLOAT);
    t.SetTensorDesc(got);
    CHECK_EQ(t.GetTensorDesc().GetDataType(), ge::DT_INT8);

    CHECK_EQ(t.GetPlacement(), ge::kPlacementHost);
    t.SetPlacement(ge::kPlacementDevice);
    CHECK_EQ(t.GetPlacement(), ge::kPlacementDevice);
    CHECK_EQ(t.GetTensorDesc().GetPlacement(), ge::kPlacementDevice);
    ge::Tensor shallow = t;
    shallow.SetFormat(ge::FORMAT_NHWC);  // shared impl: seen by t
    CHECK_EQ(t.GetFormat(), ge::FORMAT_NHWC);
    t.SetShapeDimNum(2);
    t.SetShapeDim(0, 4);
    t.SetShapeDim(1, 5);
    CHECK_EQ(t.GetShapeDimNum(), 2);
    CHECK_EQ(t.GetShapeDim(1), 5);
    ge::Tensor scalar(ge::TensorDesc(ge::Shape(), ge::FORMAT_ND, ge::DT_INT64));
    int64_t v = 42;
    scalar.SetData(reinterpret_cast<const uint8_t *>(&v), sizeof v);
    CHECK_EQ(scalar.IsValid(), ge::GRAPH_SUCCESS);  // a scalar holds one element
}

}  // namespace

int main()
{
    RUN_TEST(test_datatype_values);
    RUN_TEST(test_sizes);
    RUN_TEST(test_shape);
    RUN_TEST(test_tensor_desc);
    RUN_TEST(test_tensor_copies_data);
    RUN_TEST(test_tensor_wraps_and_deleter_once);
    RUN_TEST(test_tensor_reset_data);
    RUN_TEST(test_tensor_clone_and_desc);
    return test_result();
}

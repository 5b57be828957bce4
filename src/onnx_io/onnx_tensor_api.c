/* include/geflow/ge_onnx_tensor.h over the importer's TensorProto code (src/onnx/onnx_tensor.h). */
#include "geflow/ge_onnx_tensor.h"

#include "base/alloc.h"
#include "base/error.h"
#include "ir/api_tensor.h"
#include "onnx/onnx_tensor.h"

#include <string.h>

static ge_status to_ge_tensor(const char *what, ir_tensor *t, char *name, ge_tensor **out_tensor, char *out_name,
                              size_t name_capacity)
{
    ge_status st = GE_STATUS_SUCCESS;
    if (t->dtype == GE_DTYPE_STRING) {
        ge_error_set("%s: string tensors have no ge_tensor form here (tensor '%s')", what, name ? name : "");
        st = GE_STATUS_UNSUPPORTED;
    } else {
        st = ge_tensor_create(t->dtype, t->shape.dims, (size_t)t->shape.rank, GE_PLACEMENT_HOST, out_tensor);
        if (st == GE_STATUS_SUCCESS && t->bytes)
            memcpy(ge_tensor_get_data(*out_tensor), t->data, t->bytes);
    }
    if (st == GE_STATUS_SUCCESS && out_name && name_capacity) {
        size_t n = name ? strlen(name) : 0;
        if (n >= name_capacity)
            n = name_capacity - 1;
        if (n)
            memcpy(out_name, name, n);
        out_name[n] = '\0';
    }
    ir_tensor_free_data(t);
    ge_free(name);
    return st;
}

GEFLOW_API ge_status ge_tensor_from_onnx_pb_file(const char *path, ge_tensor **out_tensor, char *out_name,
                                                 size_t name_capacity)
{
    if (!out_tensor || !path) {
        ge_error_set("ge_tensor_from_onnx_pb_file: %s is NULL", path ? "out_tensor" : "path");
        return GE_STATUS_PARAM_INVALID;
    }
    *out_tensor = NULL;
    ir_tensor t = {0};
    char *name = NULL;
    ge_status st = onnx_tensor_read_file(path, &t, &name);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return to_ge_tensor(path, &t, name, out_tensor, out_name, name_capacity);
}

GEFLOW_API ge_status ge_tensor_from_onnx_pb_memory(const void *data, size_t size, ge_tensor **out_tensor,
                                                   char *out_name, size_t name_capacity)
{
    if (!out_tensor || (!data && size)) {
        ge_error_set("ge_tensor_from_onnx_pb_memory: %s is NULL", out_tensor ? "data" : "out_tensor");
        return GE_STATUS_PARAM_INVALID;
    }
    *out_tensor = NULL;
    ir_tensor t = {0};
    char *name = NULL;
    ge_status st = onnx_tensor_read_memory(data, size, NULL, &t, &name);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return to_ge_tensor("ge_tensor_from_onnx_pb_memory", &t, name, out_tensor, out_name, name_capacity);
}

GEFLOW_API ge_status ge_tensor_save_onnx_pb(const ge_tensor *tensor, const char *name, const char *path)
{
    if (!tensor || !path) {
        ge_error_set("ge_tensor_save_onnx_pb: %s is NULL", tensor ? "path" : "tensor");
        return GE_STATUS_PARAM_INVALID;
    }
    if (tensor->placement != GE_PLACEMENT_HOST || (!tensor->data && ge_tensor_get_byte_size(tensor))) {
        ge_error_set("ge_tensor_save_onnx_pb: %s: the tensor must be a host tensor with data", path);
        return GE_STATUS_PARAM_INVALID;
    }
    ir_tensor view = ge_tensor_view(tensor);
    return onnx_tensor_write_file(path, &view, name);
}

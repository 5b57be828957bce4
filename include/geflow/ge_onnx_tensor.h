/* Serialized ONNX TensorProto files (.pb, the format of ONNX test data sets) to and from host
 * ge_tensors. Reading accepts raw_data and the typed fields; external data is read from the
 * file's directory. Element types without a ge_dtype (complex, float8, int4, ...) and string
 * tensors are refused with GE_STATUS_UNSUPPORTED; malformed data with PARAM_INVALID; an
 * unreadable file with FAILED. */
#ifndef GEFLOW_GE_ONNX_TENSOR_H
#define GEFLOW_GE_ONNX_TENSOR_H

#include "geflow/ge_tensor.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A new host tensor (the caller destroys it). out_name (may be NULL) receives the tensor's
 * name, truncated to name_capacity - 1 characters ("" when it has none). */
GEFLOW_API ge_status ge_tensor_from_onnx_pb_file(const char *path, ge_tensor **out_tensor, char *out_name,
                                                 size_t name_capacity);
GEFLOW_API ge_status ge_tensor_from_onnx_pb_memory(const void *data, size_t size, ge_tensor **out_tensor,
                                                   char *out_name, size_t name_capacity);
/* Writes a host tensor as a TensorProto with raw_data; name may be NULL. */
GEFLOW_API ge_status ge_tensor_save_onnx_pb(const ge_tensor *tensor, const char *name, const char *path);

#ifdef __cplusplus
}
#endif

#endif

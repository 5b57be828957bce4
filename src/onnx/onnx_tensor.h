/* Serialized ONNX TensorProto files (.pb, as in ONNX test data sets) <-> ir_tensor, for the
 * conformance runner and the CLI.
 *
 * Reading accepts raw_data and every typed field, and external data next to the file (for
 * the memory form: in `external_dir`, or refused when it is NULL). The tensor's data is
 * allocated (ir_tensor_free_data); *out_name (may be NULL) receives the tensor's name,
 * ge_malloc'd ("" when it has none; ge_free). Errors as the importer's: PARAM_INVALID for
 * malformed data, UNSUPPORTED for element types geflow lacks (the message names the type),
 * FAILED when the file cannot be read.
 *
 * Writing produces raw_data for every dtype except STRING (string_data). */
#ifndef GEFLOW_ONNX_ONNX_TENSOR_H
#define GEFLOW_ONNX_ONNX_TENSOR_H

#include "ir/tensor.h"

#include <stddef.h>

ge_status onnx_tensor_read_file(const char *path, ir_tensor *out, char **out_name);
ge_status onnx_tensor_read_memory(const void *data, size_t size, const char *external_dir,
                                  ir_tensor *out, char **out_name);

/* name may be NULL. The buffer is ge_malloc'd (ge_free). */
ge_status onnx_tensor_write_memory(const ir_tensor *t, const char *name, void **out_data,
                                   size_t *out_size);
ge_status onnx_tensor_write_file(const char *path, const ir_tensor *t, const char *name);

#endif

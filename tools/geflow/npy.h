/* .npy files (NumPy format versions 1, 2 and 3): little-endian, C order, the dtypes geflow has
 * (bfloat16 is written as float32, numpy having no bfloat16). Over the public C API only. */
#ifndef GEFLOW_TOOLS_NPY_H
#define GEFLOW_TOOLS_NPY_H

#include <geflow/geflow.h>

#include <stddef.h>

/* Reads a .npy into a new host tensor. On failure returns non-zero with a message in err. */
int npy_read_file(const char *path, ge_tensor **out_tensor, char *err, size_t err_size);
int npy_read_memory(const void *data, size_t size, ge_tensor **out_tensor, char *err, size_t err_size);
/* Writes a host tensor as .npy (version 1.0, or 2.0 when the header needs it). */
int npy_write_file(const char *path, const ge_tensor *tensor, char *err, size_t err_size);

#endif

/* ir_tensor: a typed, shaped block of host bytes — constants, attribute values, and the
 * views kernels read and write. The struct does not say who owns `data`: whoever filled it
 * by ir_tensor_alloc releases it with ir_tensor_free_data; views just point. */
#ifndef GEFLOW_IR_TENSOR_H
#define GEFLOW_IR_TENSOR_H

#include "geflow/ge_status.h"
#include "ir/dtype.h"
#include "ir/shape.h"

typedef struct ir_tensor {
    ge_dtype dtype; /* GE_DTYPE_UNDEFINED marks an absent optional input */
    ir_shape shape; /* static for a tensor with data */
    void *data;     /* 64-byte aligned when allocated here; STRING: char*[numel], each owned */
    size_t bytes;   /* numel * ge_dtype_size(dtype) */
} ir_tensor;

/* Allocates zeroed data for a static shape; fails with a message on overflow or no memory. */
ge_status ir_tensor_alloc(ir_tensor *t, ge_dtype dtype, const ir_shape *shape);
/* Allocates and copies `bytes` from src (bytes must equal the shape's byte size). */
ge_status ir_tensor_from_data(ir_tensor *t, ge_dtype dtype, const ir_shape *shape,
                              const void *src, size_t bytes);
/* Deep copy (strings included). */
ge_status ir_tensor_clone(ir_tensor *dst, const ir_tensor *src);
/* Frees data allocated by the functions above (and strings of a STRING tensor). */
void ir_tensor_free_data(ir_tensor *t);
/* Byte size for dtype x shape; false on unknown dims or overflow. */
bool ir_tensor_byte_size(ge_dtype dtype, const ir_shape *shape, size_t *out);
int64_t ir_tensor_numel(const ir_tensor *t);
bool ir_tensor_present(const ir_tensor *t);

#endif

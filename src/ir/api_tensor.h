/* The ge_tensor object behind include/geflow/ge_tensor.h, for the layers that run graphs. */
#ifndef GEFLOW_IR_API_TENSOR_H
#define GEFLOW_IR_API_TENSOR_H

#include "geflow/ge_tensor.h"
#include "ir/tensor.h"

struct ge_tensor {
    ge_dtype dtype;
    ir_shape shape;      /* rank known; dims may be -1 only when data == NULL */
    void *data;
    size_t capacity;     /* bytes at data */
    ge_placement placement;
    ir_tensor owned;     /* ge_tensor_create: the allocation (freed on destroy) */
    ge_tensor_release_fn release;
    void *user;
};

/* A view of the tensor as an ir_tensor (bytes = shape's byte size; data borrowed). */
ir_tensor ge_tensor_view(const ge_tensor *t);

#endif

/* ge_tensor: a dtype, a shape and a data pointer with its placement (host or device), the
 * type graphs are built and run with.
 *
 * Ownership: a tensor made by ge_tensor_create owns its data (64-byte aligned, zeroed) and
 * frees it on destroy. A tensor made by ge_tensor_wrap borrows the caller's data; when a
 * release callback is given, destroy (or ge_tensor_set_data replacing the data) calls it
 * exactly once with (data, user); a failed wrap calls nothing (the caller keeps the data). */
#ifndef GEFLOW_GE_TENSOR_H
#define GEFLOW_GE_TENSOR_H

#include "geflow/ge_status.h"
#include "geflow/ge_types.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ge_tensor ge_tensor;

/* Called once when a wrapping tensor lets go of its data. */
typedef void (*ge_tensor_release_fn)(void *data, void *user);

/* A tensor with owned, zeroed host data for dtype x dims (rank 0: a scalar; every dim >= 0).
 * GE_PLACEMENT_DEVICE is refused here for now (wrap device memory from aclrtMalloc instead). */
GEFLOW_API ge_status ge_tensor_create(ge_dtype dtype, const int64_t *dims, size_t rank,
                                      ge_placement placement, ge_tensor **out_tensor);

/* A tensor over the caller's data. `bytes` must equal the element count x dtype size.
 * data == NULL with bytes == 0 gives a tensor without data (its dims may be unknown, -1):
 * an output descriptor the engine fills. `release` may be NULL (data stays the caller's). */
GEFLOW_API ge_status ge_tensor_wrap(ge_dtype dtype, const int64_t *dims, size_t rank, void *data,
                                    size_t bytes, ge_placement placement, ge_tensor_release_fn release,
                                    void *user, ge_tensor **out_tensor);

/* Replaces the data (the old data is released as destroy would). `bytes` must hold the
 * current shape (element count x dtype size <= bytes). */
GEFLOW_API ge_status ge_tensor_set_data(ge_tensor *tensor, void *data, size_t bytes,
                                        ge_placement placement, ge_tensor_release_fn release,
                                        void *user);

/* Changes the shape; with data, the new shape's byte size must fit in the data's capacity. */
GEFLOW_API ge_status ge_tensor_set_shape(ge_tensor *tensor, const int64_t *dims, size_t rank);

/* Getters; on a NULL tensor they return UNDEFINED / 0 / NULL. */
GEFLOW_API ge_dtype ge_tensor_get_dtype(const ge_tensor *tensor);
GEFLOW_API size_t ge_tensor_get_rank(const ge_tensor *tensor);
/* rank entries, borrowed while the tensor lives and its shape is unchanged. */
GEFLOW_API const int64_t *ge_tensor_get_dims(const ge_tensor *tensor);
/* Product of the dims; -1 when a dim is unknown. */
GEFLOW_API int64_t ge_tensor_get_element_count(const ge_tensor *tensor);
/* Element count x dtype size (0 when a dim is unknown). */
GEFLOW_API size_t ge_tensor_get_byte_size(const ge_tensor *tensor);
/* Bytes the data block holds (>= the byte size). */
GEFLOW_API size_t ge_tensor_get_capacity(const ge_tensor *tensor);
GEFLOW_API void *ge_tensor_get_data(const ge_tensor *tensor);
GEFLOW_API ge_placement ge_tensor_get_placement(const ge_tensor *tensor);

/* Frees owned data or calls the release callback; accepts NULL. */
GEFLOW_API void ge_tensor_destroy(ge_tensor *tensor);

#ifdef __cplusplus
}
#endif

#endif

/* Helpers shared by the tensor-manipulation families (reduce, shape_ops, slice, resize, topk):
 * optional-input access, reading shape-like int lists from known values, axis lists,
 * an N-d index iterator with two stride sets, ordered comparison by dtype, and output
 * allocation for kernels whose output may not be preallocated. */
#ifndef GEFLOW_OPS_TENSOR_UTIL_H
#define GEFLOW_OPS_TENSOR_UTIL_H

#include "ops/op_util.h"

/* Input i when present (NULL when i >= n_inputs or absent). */
const op_value *tu_in(const op_infer_ctx *ctx, size_t i);
const ir_tensor *tu_kin(const op_kernel_ctx *ctx, size_t i);
/* Checks the input and output counts against the schema and that inputs[0] is present. */
ge_status tu_check_arity(const op_infer_ctx *ctx);
/* outputs[i] = (dt, shape), present. */
void tu_set_out(op_infer_ctx *ctx, size_t i, ge_dtype dt, const ir_shape *shape);

/* Reads an int32/int64 (or, with allow_float, any numeric) tensor of rank 0 or 1 into out
 * (at most max entries); `what` names it in messages ("input 1 'shape'"). */
ge_status tu_read_ints(const op_node_info *node, const ir_tensor *t, const char *what, int64_t *out,
                       size_t max, size_t *n);
/* Reads a float tensor (any float dtype; rank 0 or 1) as doubles. */
ge_status tu_read_doubles(const op_node_info *node, const ir_tensor *t, const char *what, double *out,
                          size_t max, size_t *n);
/* Reads a one-element tensor (rank 0 or [1]) of any numeric dtype. */
ge_status tu_read_scalar_i64(const op_node_info *node, const ir_tensor *t, const char *what, int64_t *out);

/* Normalises axes against rank into out (sorted=false keeps the given order); rejects
 * out-of-range and repeated axes naming `what`. */
ge_status tu_norm_axes(const op_node_info *node, const int64_t *axes, size_t n, int32_t rank,
                       const char *what, int32_t *out);

/* Makes sure outputs[i] has data for `shape`: allocates it when the executor left it
 * unallocated, else checks the preallocated shape equals `shape`. */
ge_status tu_out_ready(op_kernel_ctx *ctx, size_t i, const ir_shape *shape);

/* Iterates the index space of a static shape, tracking two element offsets a and b that
 * advance by st_a / st_b per dim (either may be NULL: offset stays at its start). */
typedef struct tu_iter {
    int32_t rank;
    int64_t dims[IR_MAX_RANK];
    int64_t idx[IR_MAX_RANK];
    int64_t st_a[IR_MAX_RANK], st_b[IR_MAX_RANK];
    int64_t a, b;
} tu_iter;
void tu_iter_init(tu_iter *it, const ir_shape *shape, const int64_t *st_a, int64_t a0,
                  const int64_t *st_b, int64_t b0);
void tu_iter_next(tu_iter *it);

/* dst[i] = src[offset of i] over `shape` (element size es), src offsets by strides. */
void tu_strided_copy(void *dst, const void *src, size_t es, const ir_shape *shape,
                     const int64_t *src_strides, int64_t src_offset);

/* Orders elements i of a and j of b (same dtype): -1, 0, 1; NaN sorts above everything
 * (and equal to NaN). Integers compare exactly (uint64 unsigned). */
int tu_compare(const void *a, size_t i, const void *b, size_t j, ge_dtype dt);

/* Product of dims [from, to) of a static shape. */
int64_t tu_prod(const ir_shape *s, int32_t from, int32_t to);


/* Runs the schema's inference on the kernel's actual inputs (contents visible as values) and
 * leaves the inferred outputs in outs[ctx->n_outputs] (at most OP_TU_MAX_OUT). */
#define TU_MAX_OUT 64
ge_status tu_kernel_infer(const op_kernel_ctx *ctx, op_value *outs);
/* tu_kernel_infer, then tu_out_ready for every output. */
ge_status tu_kernel_prepare(op_kernel_ctx *ctx);

#define TU_TRY(expr)                                                                       \
    do {                                                                                   \
        ge_status tu_st_ = (expr);                                                         \
        if (tu_st_ != GE_STATUS_SUCCESS)                                                   \
            return tu_st_;                                                                 \
    } while (0)

#endif

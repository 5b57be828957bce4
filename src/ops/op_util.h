/* Helpers every op family uses: attribute getters with schema defaults, node-named errors,
 * dtype-generic element access for reference kernels, broadcasting, and executor-service
 * fallbacks. */
#ifndef GEFLOW_OPS_OP_UTIL_H
#define GEFLOW_OPS_OP_UTIL_H

#include "base/error.h"
#include "ops/op_registry.h"

/* ---- attributes (a missing optional attribute reads as the schema default) ---- */
const ir_attr *op_attr(const op_node_info *node, const char *name);
int64_t op_attr_int(const op_node_info *node, const char *name);
float op_attr_float(const op_node_info *node, const char *name);
/* Returns the default string (maybe NULL) when absent. */
const char *op_attr_string(const op_node_info *node, const char *name);
/* List attributes: returns the count (0 when absent) and sets *out. */
size_t op_attr_ints(const op_node_info *node, const char *name, const int64_t **out);
size_t op_attr_floats(const op_node_info *node, const char *name, const float **out);
const ir_tensor *op_attr_tensor(const op_node_info *node, const char *name);
const struct ir_graph *op_attr_graph(const op_node_info *node, const char *name);

/* ---- errors: "<OpType> node 'name': <detail>", returns `code` for `return op_fail(...)` ---- */
ge_status op_fail(const op_node_info *node, ge_status code, const char *fmt, ...) GE_PRINTF(3, 4);

/* ---- element access by dtype, for reference kernels (float types go through double;
 *      integer types through int64 / uint64 so 64-bit values stay exact) ---- */
double op_load_f64(const void *data, ge_dtype dt, size_t i);
void op_store_f64(void *data, ge_dtype dt, size_t i, double v);
int64_t op_load_i64(const void *data, ge_dtype dt, size_t i);
void op_store_i64(void *data, ge_dtype dt, size_t i, int64_t v);
/* Copies one element (same dtype) from src[si] to dst[di]. */
void op_copy_element(void *dst, size_t di, const void *src, size_t si, ge_dtype dt);

/* ---- broadcasting (numpy rules) ---- */
/* Broadcasts n shapes into *out. Unknown dims broadcast to unknown unless another input
 * gives a dim > 1. On mismatch sets a message naming the node and both shapes. */
ge_status op_broadcast_shapes(const op_node_info *node, size_t n, const ir_shape *const *shapes,
                              ir_shape *out);
/* Strides (in elements) to read `in` as if it had shape `out` (0 on broadcast dims);
 * `strides` has out->rank entries. */
void op_broadcast_strides(const ir_shape *in, const ir_shape *out, int64_t *strides);

/* ---- inference helpers ---- */
/* Checks the input count against the schema and that input i is present when required;
 * checks inputs[i].dtype is in the schema's dtypes for each listed index (-1 ends the list). */
ge_status op_check_dtype(const op_infer_ctx *ctx, size_t input, ge_dtype_set allowed);
/* outputs[0] = same dtype and shape as inputs[0]. */
ge_status op_infer_same_as_input0(op_infer_ctx *ctx);

/* ---- executor services with fallbacks ---- */
/* Allocates outputs[index] with `shape` (data-dependent outputs). */
ge_status op_output_alloc(op_kernel_ctx *ctx, size_t index, const ir_shape *shape);
/* Runs fn over [0, n) split in chunks; serially when the executor gives no pool. For items
 * that each carry real work (an output channel of a conv, a row of a matmul). */
void op_parallel_for(op_kernel_ctx *ctx, size_t n, void (*fn)(void *arg, size_t begin, size_t end),
                     void *arg);
/* The same for cheap items (tensor elements): below ctx->parallel_min_elems it runs inline,
 * since waking the pool costs more than the work. Executors set OP_PARALLEL_MIN_ELEMS. */
#define OP_PARALLEL_MIN_ELEMS 65536
void op_parallel_for_elems(op_kernel_ctx *ctx, size_t n, void (*fn)(void *arg, size_t begin, size_t end),
                           void *arg);

#endif

/* Helpers shared by the neural-network op families (matmul, conv, pool, norm, softmax, rnn):
 * whole-tensor float loading, attribute kind checks, and the sliding-window arithmetic of
 * convolution and pooling (strides, dilations, pads, auto_pad, ceil_mode). */
#ifndef GEFLOW_OPS_NN_UTIL_H
#define GEFLOW_OPS_NN_UTIL_H

#include "kernels/gemm.h"
#include "ops/op_util.h"

/* The float dtypes ONNX gives most nn ops before / from the opset that added bfloat16. */
#define NN_DTS_F16_F32_F64 (GE_DT(GE_DTYPE_FLOAT16) | GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_FLOAT64))
#define NN_DTS_FLOATS GE_DTS_FLOATS

/* The most spatial dims the conv / pool kernels handle (1-D, 2-D, 3-D). */
#define NN_MAX_SPATIAL 3

typedef enum nn_auto_pad {
    NN_PAD_NOTSET,
    NN_PAD_SAME_UPPER,
    NN_PAD_SAME_LOWER,
    NN_PAD_VALID
} nn_auto_pad;

/* Rejects attributes whose kind differs from the schema's declaration (an INT given for a
 * declared FLOAT is accepted). Undeclared attributes are left to graph validation. */
ge_status nn_check_attr_kinds(const op_node_info *node);
/* Checks the number of inputs and outputs against the schema, and that inputs [0, n_required)
 * are present. */
ge_status nn_check_arity(const op_infer_ctx *ctx, size_t n_required);
/* Checks input i is present with a dtype in `allowed` (absent inputs pass when optional). */
ge_status nn_check_input_dtype(const op_infer_ctx *ctx, size_t i, ge_dtype_set allowed);
/* Checks input i has the same dtype as input 0 (when present). */
ge_status nn_check_same_dtype(const op_infer_ctx *ctx, size_t i);

ge_status nn_auto_pad_get(const op_node_info *node, nn_auto_pad *out);

/* Whole-tensor loads as doubles (one allocation; never NULL for a present tensor unless out
 * of memory, with a message set). Free with ge_free. */
double *nn_load(const op_node_info *node, const ir_tensor *t);
/* Stores n doubles into t (rounding to t's dtype). */
void nn_store(ir_tensor *t, const double *v, size_t n);
/* Range [lo, hi) of o in [0, limit) with 0 <= o*s + off < n (s >= 1): the in-bounds taps of a
 * window, or the outputs a tap reaches. */
void nn_index_range(int64_t n, int64_t s, int64_t off, int64_t limit, int64_t *lo, int64_t *hi);
/* What the executor fused into the node (op_registry.h), on output 0's n values in double
 * before the store: + ctx->sum_input, then ctx->act. Fails when sum_input's size differs. */
ge_status nn_apply_fused(const op_kernel_ctx *ctx, double *y, size_t n);
/* The same for the float32 fast paths: ctx->act as a kernels epilogue, with residual =
 * ctx->sum_input's data (or NULL); row_bias and ld_residual left for the caller. */
kern_epilogue nn_fused_epilogue(const op_kernel_ctx *ctx);
/* Allocates n zeroed doubles (at least one), message on failure. */
double *nn_zalloc(const op_node_info *node, size_t n);

/* An output the kernel should write (the executor allocated it). */
bool nn_output_wanted(const op_kernel_ctx *ctx, size_t i);

/* Sliding-window geometry of conv / pool over n spatial dims. Unknown values are -1. */
typedef struct nn_window {
    int n;
    int64_t in[IR_MAX_RANK];
    int64_t kernel[IR_MAX_RANK];
    int64_t stride[IR_MAX_RANK];
    int64_t dil[IR_MAX_RANK];
    int64_t pad_b[IR_MAX_RANK];
    int64_t pad_e[IR_MAX_RANK];
    int64_t out[IR_MAX_RANK];
} nn_window;

/* Reads strides, dilations (when `with_dilations`), pads and auto_pad; with w->n, w->in and
 * w->kernel set, computes the pads and output dims of a forward window (Conv, pools).
 * `ceil_mode` rounds the output up, dropping a last window that would start in the end
 * padding. */
ge_status nn_window_forward(const op_node_info *node, nn_window *w, bool with_dilations,
                            bool ceil_mode);
/* Reads strides and dilations only (used by ConvTranspose, which derives pads itself). */
ge_status nn_window_strides(const op_node_info *node, nn_window *w, bool with_dilations);
/* Reads the explicit "pads" attribute into w (zeros when absent). */
ge_status nn_window_pads(const op_node_info *node, nn_window *w);


#endif

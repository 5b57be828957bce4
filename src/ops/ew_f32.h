/* float32 fast paths of the elementwise, BatchNormalization and Softmax op kernels: the
 * drivers that map an op's tensors onto the contiguous-run loops of kernels/eltwise.h
 * (accuracy notes there), checking inputs and outputs as the reference kernels do and running
 * on the executor's pool for large tensors. The reference kernels (eltwise_util.c, norm.c,
 * softmax.c) stay the ground truth and serve every other dtype. */
#ifndef GEFLOW_OPS_EW_F32_H
#define GEFLOW_OPS_EW_F32_H

#include "kernels/eltwise.h"
#include "ops/op_util.h"

/* Whether a kernel's input 0 is float32 (the fast paths' dtype). */
static inline bool ewf_input0_f32(const op_kernel_ctx *ctx)
{
    return ctx->n_inputs >= 1 && ctx->inputs[0].dtype == GE_DTYPE_FLOAT32;
}

/* Input 0 and output 0 float32, same shape. */
ge_status ewf_unary_kernel(op_kernel_ctx *ctx, kern_ew_unary_op op, float a, float b);
/* Inputs 0, 1 and output 0 float32, numpy broadcasting. */
ge_status ewf_binary_kernel(op_kernel_ctx *ctx, kern_ew_binary_op op);
/* Variadic Sum (KERN_EW_ADD), Max, Min, and the two-input Mean (`mean`): every input float32;
 * 3+ inputs fold in float (y = in0 op in1, then y op in2, ...). *handled is false (and
 * nothing is written) when the reference must run instead: one input, Mean of 3+ inputs
 * (its float sum could overflow where the reference's double one does not), a non-float32
 * input, or an output that overlaps an input it would overwrite before reading it. */
ge_status ewf_variadic_kernel(op_kernel_ctx *ctx, kern_ew_binary_op op, bool mean, bool *handled);

#endif

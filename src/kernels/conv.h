/* Fast float32 2-D convolution (NCHW, weights [cout, cin/group, kh, kw]) as GEMM: per image
 * and group, Y_g[cout/g x OH*OW] = W_g[cout/g x cin/g*kh*kw] * col, where col is the im2col
 * matrix of the input (a 1x1, stride-1, unpadded convolution uses the input itself).
 * Groups, strides, dilations, begin pads (the end pads are implied by out_h / out_w) and an
 * optional bias. Leaf math like gemm.h: includes only base. */
#ifndef GEFLOW_KERNELS_CONV_H
#define GEFLOW_KERNELS_CONV_H

#include "kernels/gemm.h"

/* A convolution's weights packed once per group for kern_sgemm_packed_a. */
typedef struct kern_conv2d_packed {
    size_t group;
    kern_packed_a **per_group;
} kern_conv2d_packed;

typedef struct kern_conv2d {
    size_t batch, cin, in_h, in_w;
    size_t cout, k_h, k_w, group;
    size_t stride_h, stride_w, dil_h, dil_w;
    size_t pad_t, pad_l;
    size_t out_h, out_w;
    /* Fused epilogue on y after the bias: post.residual (a tensor shaped like y, or NULL), then
     * post.act with its bounds (zero: none). post.row_bias and post.ld_residual are not read:
     * the kernel sets them per image and group. */
    kern_epilogue post;
    /* Weights packed ahead of time (kern_conv2d_pack_weights), or NULL to pack per call. */
    const kern_conv2d_packed *packed;
} kern_conv2d;

/* y[batch, cout, out_h, out_w] = conv(x, w) + bias (bias may be NULL). Fails only for lack of
 * scratch memory (GE_STATUS_MEMALLOC_FAILED, message set) or a geometry that does not add up
 * (GE_STATUS_PARAM_INVALID). */
ge_status kern_conv2d_f32(const kern_conv2d *p, const float *x, const float *w, const float *bias, float *y,
                          const kern_threads *threads);

/* One filter per channel (group == cin == cout > 1): computed directly, without im2col or
 * GEMM (and without packed weights). */
bool kern_conv2d_is_depthwise(const kern_conv2d *p);

/* Packs w for p's geometry (group count, cout / group x cin / group * kh * kw per group);
 * NULL when memory runs out (message set). */
kern_conv2d_packed *kern_conv2d_pack_weights(const kern_conv2d *p, const float *w);
void kern_conv2d_packed_free(kern_conv2d_packed *pw);
size_t kern_conv2d_packed_bytes(const kern_conv2d_packed *pw);

#endif

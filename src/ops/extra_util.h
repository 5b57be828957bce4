/* Small helpers shared by the ops-extra families (attention, norm_extra, sample, einsum,
 * pool_extra, act_extra, space, vision): dim arithmetic with unknown dims, dim checks with
 * node-named messages, and precision rounding. */
#ifndef GEFLOW_OPS_EXTRA_UTIL_H
#define GEFLOW_OPS_EXTRA_UTIL_H

#include "ops/nn_util.h"

#include <math.h>

/* a + b, unknown (-1) when either is. */
static inline int64_t xu_add(int64_t a, int64_t b)
{
    return a < 0 || b < 0 ? -1 : a + b;
}

static inline int64_t xu_mul(int64_t a, int64_t b)
{
    return a < 0 || b < 0 ? -1 : a * b;
}

/* a / b when known (b > 0), else unknown. */
static inline int64_t xu_div(int64_t a, int64_t b)
{
    return a < 0 || b <= 0 ? -1 : a / b;
}

/* The known one of two dims that must agree (-1 when both unknown). */
static inline int64_t xu_merge(int64_t a, int64_t b)
{
    return a >= 0 ? a : b;
}

/* Fails when two known dims differ. */
static inline ge_status xu_dim_eq(const op_node_info *node, int64_t got, int64_t want, const char *what)
{
    if (got >= 0 && want >= 0 && got != want)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s is %lld; expected %lld", what, (long long)got,
                       (long long)want);
    return GE_STATUS_SUCCESS;
}

/* Fails when a present input has a known rank not in [lo, hi]. */
static inline ge_status xu_rank_in(const op_node_info *node, const op_value *v, size_t index, int lo, int hi)
{
    if (v->present && v->shape.rank >= 0 && (v->shape.rank < lo || v->shape.rank > hi)) {
        if (lo == hi)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu has rank %d; expected %d", index,
                           (int)v->shape.rank, lo);
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu has rank %d; expected %d to %d", index,
                       (int)v->shape.rank, lo, hi);
    }
    return GE_STATUS_SUCCESS;
}

/* Rounds a double to the precision of a float dtype. */
static inline double xu_round_to(ge_dtype dt, double v)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: return (double)(float)v;
    case GE_DTYPE_FLOAT16: return (double)ge_half_to_float(ge_float_to_half((float)v));
    case GE_DTYPE_BFLOAT16: return (double)ge_bfloat16_to_float(ge_float_to_bfloat16((float)v));
    default: return v;
    }
}

static inline void xu_set_out(op_infer_ctx *ctx, size_t i, ge_dtype dt, const ir_shape *s)
{
    if (i < ctx->n_outputs) {
        ctx->outputs[i].present = true;
        ctx->outputs[i].dtype = dt;
        ctx->outputs[i].shape = *s;
    }
}

static inline bool xu_in_present(const op_infer_ctx *ctx, size_t i)
{
    return i < ctx->n_inputs && ctx->inputs[i].present;
}

static inline bool xu_kin_present(const op_kernel_ctx *ctx, size_t i)
{
    return i < ctx->n_inputs && ir_tensor_present(&ctx->inputs[i]);
}

#endif

/* Shared machinery of the elementwise families (unary, activation, binary, compare, logical,
 * variadic, cast): broadcast iteration, the compute class of a dtype, attribute-kind checks,
 * common inference functions, and generic reference kernels driven by per-op scalar
 * functions.
 *
 * Compute classes: float dtypes go through double (float32 +,-,*,/,sqrt computed in double
 * and rounded once are the correctly rounded float32 results); signed integers through
 * int64 and unsigned integers and bool through uint64, stored back truncated to the width
 * of the dtype (two's-complement wraparound, as numpy and ONNX Runtime do). */
#ifndef GEFLOW_OPS_ELTWISE_UTIL_H
#define GEFLOW_OPS_ELTWISE_UTIL_H

#include "ops/op_util.h"

#define EW_MAX_INPUTS 3

/* Dtype sets the elementwise specs use. */
#define EW_F3 (GE_DT(GE_DTYPE_FLOAT16) | GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_FLOAT64))
#define EW_F4 (EW_F3 | GE_DT(GE_DTYPE_BFLOAT16))
#define EW_NUM GE_DTS_NUMERIC
#define EW_NUM_NOBF (GE_DTS_NUMERIC & ~GE_DT(GE_DTYPE_BFLOAT16))

typedef enum ew_class { EW_FLOAT = 0, EW_SIGNED = 1, EW_UNSIGNED = 2 } ew_class;

ew_class ew_class_of(ge_dtype dt);

/* Iterates the elements of an output shape in row-major order, tracking the offset of each
 * broadcast input. Start at any linear index (for chunked parallel loops). */
typedef struct ew_iter {
    int32_t rank;
    size_t n_in;
    int64_t dims[IR_MAX_RANK];
    int64_t strides[EW_MAX_INPUTS][IR_MAX_RANK];
    int64_t idx[IR_MAX_RANK];
    size_t off[EW_MAX_INPUTS];
} ew_iter;

void ew_iter_init(ew_iter *it, const ir_shape *out, size_t n_in, const ir_shape *const *in,
                  size_t begin);

static inline void ew_iter_next(ew_iter *it)
{
    for (int32_t d = it->rank - 1; d >= 0; d--) {
        if (++it->idx[d] < it->dims[d]) {
            for (size_t k = 0; k < it->n_in; k++)
                it->off[k] += (size_t)it->strides[k][d];
            return;
        }
        it->idx[d] = 0;
        for (size_t k = 0; k < it->n_in; k++)
            it->off[k] -= (size_t)(it->strides[k][d] * (it->dims[d] - 1));
    }
}

/* Scalar parameters an op's element function may read (attributes, Clip bounds). */
typedef struct ew_params {
    double alpha, beta, gamma;
    int64_t flag;          /* Gelu approximate=tanh, Mod fmod, BitShift left, IsInf detect bits */
    double lo_f, hi_f;     /* Clip bounds per class */
    int64_t lo_i, hi_i;
    uint64_t lo_u, hi_u;
    ge_dtype dtype;        /* dtype the op computes in */
} ew_params;

/* Element functions per class; NULL where the op does not support the class. */
typedef struct ew_unary_fns {
    double (*f)(double x, const ew_params *p);
    int64_t (*i)(int64_t x, const ew_params *p);
    uint64_t (*u)(uint64_t x, const ew_params *p);
} ew_unary_fns;

typedef struct ew_binary_fns {
    double (*f)(double a, double b, const ew_params *p);
    int64_t (*i)(int64_t a, int64_t b, const ew_params *p);
    uint64_t (*u)(uint64_t a, uint64_t b, const ew_params *p);
} ew_binary_fns;

/* Predicates (comparisons, logical ops, IsNaN): output is bool. */
typedef struct ew_pred_fns {
    bool (*f)(double a, double b, const ew_params *p);
    bool (*i)(int64_t a, int64_t b, const ew_params *p);
    bool (*u)(uint64_t a, uint64_t b, const ew_params *p);
} ew_pred_fns;

/* ---- inference ---- */
/* Checks that every attribute declared by the schema and given on the node has the declared
 * kind (an INT is accepted for a FLOAT), that required ones are present, and that the
 * present input count fits the schema. */
ge_status ew_check_node(const op_infer_ctx *ctx);
/* Checks input `i` is present and its dtype is in `allowed`. */
ge_status ew_check_input(const op_infer_ctx *ctx, size_t i, ge_dtype_set allowed, const char *what);
/* Same dtype and shape as input 0; input 0 in the schema's dtypes. */
ge_status ew_infer_unary(op_infer_ctx *ctx);
/* All present inputs share input 0's dtype (in the schema's dtypes); output shape is their
 * multidirectional broadcast; output dtype is `out_dtype` (GE_DTYPE_UNDEFINED: input 0's). */
ge_status ew_infer_broadcast(op_infer_ctx *ctx, ge_dtype out_dtype);
/* Output dtype bool, broadcast shape (comparisons, logical ops). */
ge_status ew_infer_broadcast_bool(op_infer_ctx *ctx);

/* Opset < 7 binary ops: attribute broadcast=0 needs equal shapes; broadcast=1 aligns B's
 * shape with A's at attribute `axis` (default: the trailing dims). Output has A's shape. */
ge_status ew_legacy_infer(op_infer_ctx *ctx, ge_dtype out_dtype);
/* Runs `inner` with input 1 viewed in its aligned shape (numpy rules then apply). */
ge_status ew_legacy_run(op_kernel_ctx *ctx, op_kernel_fn inner);

/* ---- kernels ---- */
/* Verifies the output is allocated with the dtype expected and that each input broadcasts
 * to the output's shape. */
ge_status ew_check_kernel_io(op_kernel_ctx *ctx, size_t n_in, ge_dtype out_dtype);
/* y = f(x) elementwise, same dtype. */
ge_status ew_unary_run(op_kernel_ctx *ctx, const ew_unary_fns *fns, const ew_params *p);
/* c = f(a, b) with broadcasting, same dtype. */
ge_status ew_binary_run(op_kernel_ctx *ctx, const ew_binary_fns *fns, const ew_params *p);
/* c = pred(a, b) with broadcasting (b may be absent for unary predicates: then b = 0). */
ge_status ew_pred_run(op_kernel_ctx *ctx, size_t n_in, const ew_pred_fns *fns, const ew_params *p);

/* Round half to even, independent of the floating-point environment. */
double ew_round_half_even(double x);


/* A float constant of the schema default when the node lacks the attribute. */
double ew_attr_f(const op_node_info *node, const char *name);

#endif

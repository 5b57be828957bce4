/* Logical family on bool tensors: And Or Xor (numpy broadcasting), Not. */
#include "ops/eltwise_util.h"

static bool u_and(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a && b; }
static bool u_or(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a || b; }
static bool u_xor(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return (a != 0) != (b != 0); }
static uint64_t u_not(uint64_t a, const ew_params *p) { (void)p; return a == 0; }

#define LOGIC_KERNEL(name, fn)                                                                     \
    static ge_status name##_kernel(op_kernel_ctx *ctx)                                             \
    {                                                                                              \
        static const ew_pred_fns fns = {NULL, NULL, fn};                                           \
        ew_params p = {.dtype = GE_DTYPE_BOOL};                                                    \
        return ew_pred_run(ctx, 2, &fns, &p);                                                      \
    }

LOGIC_KERNEL(and, u_and)
LOGIC_KERNEL(or, u_or)
LOGIC_KERNEL(xor, u_xor)

static ge_status not_kernel(op_kernel_ctx *ctx)
{
    static const ew_unary_fns fns = {NULL, NULL, u_not};
    ew_params p = {.dtype = GE_DTYPE_BOOL};
    return ew_unary_run(ctx, &fns, &p);
}

#define BOOL_T GE_DT(GE_DTYPE_BOOL)

static ge_status legacy_bool_infer(op_infer_ctx *ctx) { return ew_legacy_infer(ctx, GE_DTYPE_BOOL); }
static ge_status and_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, and_kernel); }
static ge_status or_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, or_kernel); }
static ge_status xor_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, xor_kernel); }
static const op_attr_def legacy_attrs[] = {
    {"broadcast", IR_ATTR_INT, false, 0, 0, NULL},
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

const op_schema op_family_logical[] = {
    {"And", OP_DOMAIN_ONNX, 1, 6, 2, 2, 1, 1, legacy_attrs, BOOL_T, legacy_bool_infer, and_legacy_kernel},
    {"Or", OP_DOMAIN_ONNX, 1, 6, 2, 2, 1, 1, legacy_attrs, BOOL_T, legacy_bool_infer, or_legacy_kernel},
    {"Xor", OP_DOMAIN_ONNX, 1, 6, 2, 2, 1, 1, legacy_attrs, BOOL_T, legacy_bool_infer, xor_legacy_kernel},
    {"And", OP_DOMAIN_ONNX, 7, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, NULL, BOOL_T, ew_infer_broadcast_bool, and_kernel},
    {"Or", OP_DOMAIN_ONNX, 7, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, NULL, BOOL_T, ew_infer_broadcast_bool, or_kernel},
    {"Xor", OP_DOMAIN_ONNX, 7, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, NULL, BOOL_T, ew_infer_broadcast_bool, xor_kernel},
    {"Not", OP_DOMAIN_ONNX, 1, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, NULL, BOOL_T, ew_infer_unary, not_kernel},
    OP_SCHEMA_END,
};

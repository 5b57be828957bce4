/* Comparison and predicate family (outputs bool): Equal Less LessOrEqual Greater
 * GreaterOrEqual (numpy broadcasting), IsNaN IsInf. Comparisons with NaN are false. */
#include "ops/eltwise_util.h"

#include <math.h>
#include <string.h>

#define F3 EW_F3
#define F4 EW_F4

static bool f_eq(double a, double b, const ew_params *p) { (void)p; return a == b; }
static bool i_eq(int64_t a, int64_t b, const ew_params *p) { (void)p; return a == b; }
static bool u_eq(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a == b; }
static bool f_lt(double a, double b, const ew_params *p) { (void)p; return a < b; }
static bool i_lt(int64_t a, int64_t b, const ew_params *p) { (void)p; return a < b; }
static bool u_lt(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a < b; }
static bool f_le(double a, double b, const ew_params *p) { (void)p; return a <= b; }
static bool i_le(int64_t a, int64_t b, const ew_params *p) { (void)p; return a <= b; }
static bool u_le(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a <= b; }
static bool f_gt(double a, double b, const ew_params *p) { (void)p; return a > b; }
static bool i_gt(int64_t a, int64_t b, const ew_params *p) { (void)p; return a > b; }
static bool u_gt(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a > b; }
static bool f_ge(double a, double b, const ew_params *p) { (void)p; return a >= b; }
static bool i_ge(int64_t a, int64_t b, const ew_params *p) { (void)p; return a >= b; }
static bool u_ge(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a >= b; }

#define CMP_KERNEL(name, ff, fi, fu)                                                               \
    static ge_status name##_kernel(op_kernel_ctx *ctx)                                             \
    {                                                                                              \
        static const ew_pred_fns fns = {ff, fi, fu};                                               \
        ew_params p = {.dtype = ctx->inputs[0].dtype};                                             \
        return ew_pred_run(ctx, 2, &fns, &p);                                                      \
    }

CMP_KERNEL(less, f_lt, i_lt, u_lt)
CMP_KERNEL(less_equal, f_le, i_le, u_le)
CMP_KERNEL(greater, f_gt, i_gt, u_gt)
CMP_KERNEL(greater_equal, f_ge, i_ge, u_ge)

/* Equal also compares strings (opset 19). */
static ge_status equal_kernel(op_kernel_ctx *ctx)
{
    static const ew_pred_fns fns = {f_eq, i_eq, u_eq};
    ew_params p = {.dtype = ctx->inputs[0].dtype};
    if (ctx->n_inputs < 2 || ctx->inputs[0].dtype != GE_DTYPE_STRING)
        return ew_pred_run(ctx, 2, &fns, &p);
    ge_status st = ew_check_kernel_io(ctx, 2, GE_DTYPE_BOOL);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[1].dtype != GE_DTYPE_STRING)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 has dtype %s; expected string",
                       ge_dtype_name(ctx->inputs[1].dtype));
    const ir_shape *shapes[2] = {&ctx->inputs[0].shape, &ctx->inputs[1].shape};
    ew_iter it;
    ew_iter_init(&it, &ctx->outputs[0].shape, 2, shapes, 0);
    char *const *a = ctx->inputs[0].data, *const *b = ctx->inputs[1].data;
    uint8_t *c = ctx->outputs[0].data;
    size_t n = (size_t)ir_tensor_numel(&ctx->outputs[0]);
    for (size_t i = 0; i < n; i++, ew_iter_next(&it)) {
        const char *x = a[it.off[0]], *y = b[it.off[1]];
        c[i] = strcmp(x ? x : "", y ? y : "") == 0;
    }
    return GE_STATUS_SUCCESS;
}

/* ---- IsNaN / IsInf ---- */
static bool f_isnan(double a, double b, const ew_params *p) { (void)b; (void)p; return isnan(a); }
static bool f_isinf(double a, double b, const ew_params *p)
{
    (void)b;
    if (!isinf(a))
        return false;
    return a > 0 ? (p->flag & 1) != 0 : (p->flag & 2) != 0;
}

static ge_status pred_unary_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_infer_unary(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].dtype = GE_DTYPE_BOOL;
    return GE_STATUS_SUCCESS;
}

static ge_status isnan_kernel(op_kernel_ctx *ctx)
{
    static const ew_pred_fns fns = {f_isnan, NULL, NULL};
    ew_params p = {.dtype = ctx->inputs[0].dtype};
    return ew_pred_run(ctx, 1, &fns, &p);
}

static ge_status isinf_kernel(op_kernel_ctx *ctx)
{
    static const ew_pred_fns fns = {f_isinf, NULL, NULL};
    ew_params p = {.dtype = ctx->inputs[0].dtype};
    p.flag = (op_attr_int(&ctx->node, "detect_positive") ? 1 : 0) | (op_attr_int(&ctx->node, "detect_negative") ? 2 : 0);
    return ew_pred_run(ctx, 1, &fns, &p);
}

/* ---- opsets 1-6: legacy broadcasting ---- */
static ge_status legacy_bool_infer(op_infer_ctx *ctx) { return ew_legacy_infer(ctx, GE_DTYPE_BOOL); }
static ge_status equal_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, equal_kernel); }
static ge_status less_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, less_kernel); }
static ge_status greater_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, greater_kernel); }
static const op_attr_def legacy_attrs[] = {
    {"broadcast", IR_ATTR_INT, false, 0, 0, NULL},
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
#define CL(type, dts, k) {type, OP_DOMAIN_ONNX, 1, 6, 2, 2, 1, 1, legacy_attrs, dts, legacy_bool_infer, k##_legacy_kernel}

static const op_attr_def isinf_attrs[] = {
    {"detect_negative", IR_ATTR_INT, false, 1, 0, NULL},
    {"detect_positive", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};

#define C(type, since, last, dts, k) \
    {type, OP_DOMAIN_ONNX, since, last, 2, 2, 1, 1, NULL, dts, ew_infer_broadcast_bool, k##_kernel}
#define BOOL_T GE_DT(GE_DTYPE_BOOL)
#define EQ7 (BOOL_T | GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))

const op_schema op_family_compare[] = {
    CL("Equal", EQ7, equal),
    CL("Less", F3, less),
    CL("Greater", F3, greater),
    C("Equal", 7, 10, EQ7, equal),
    C("Equal", 11, 12, BOOL_T | EW_NUM_NOBF, equal),
    C("Equal", 13, 18, BOOL_T | EW_NUM, equal),
    C("Equal", 19, OP_ONNX_OPSET_MAX, BOOL_T | EW_NUM | GE_DT(GE_DTYPE_STRING), equal),
    C("Less", 7, 8, F3, less),
    C("Less", 9, 12, EW_NUM_NOBF, less),
    C("Less", 13, OP_ONNX_OPSET_MAX, EW_NUM, less),
    C("Greater", 7, 8, F3, greater),
    C("Greater", 9, 12, EW_NUM_NOBF, greater),
    C("Greater", 13, OP_ONNX_OPSET_MAX, EW_NUM, greater),
    C("LessOrEqual", 12, 15, EW_NUM_NOBF, less_equal),
    C("LessOrEqual", 16, OP_ONNX_OPSET_MAX, EW_NUM, less_equal),
    C("GreaterOrEqual", 12, 15, EW_NUM_NOBF, greater_equal),
    C("GreaterOrEqual", 16, OP_ONNX_OPSET_MAX, EW_NUM, greater_equal),
    {"IsNaN", OP_DOMAIN_ONNX, 9, 12, 1, 1, 1, 1, NULL, F3, pred_unary_infer, isnan_kernel},
    {"IsNaN", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, NULL, F4, pred_unary_infer, isnan_kernel},
    {"IsInf", OP_DOMAIN_ONNX, 10, 19, 1, 1, 1, 1, isinf_attrs,
     GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_FLOAT64), pred_unary_infer, isinf_kernel},
    {"IsInf", OP_DOMAIN_ONNX, 20, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, isinf_attrs, F4, pred_unary_infer, isinf_kernel},
    OP_SCHEMA_END,
};

/* Binary arithmetic family (numpy broadcasting): Add Sub Mul Div Pow Mod BitShift PRelu.
 *
 * Integer semantics: Add/Sub/Mul wrap around in the width of the dtype; Div truncates toward
 * zero like C; division or remainder by zero gives 0 (the spec leaves it undefined; we never
 * trap); INT_MIN / -1 wraps to INT_MIN. */
#include "ops/eltwise_util.h"
#include "ops/ew_f32.h"

#include <math.h>
#include <string.h>

#define F3 EW_F3
#define F4 EW_F4
#define ARITH7 (F3 | GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64) | GE_DT(GE_DTYPE_UINT32) | GE_DT(GE_DTYPE_UINT64))

/* ---- element functions ---- */
static double f_add(double a, double b, const ew_params *p) { (void)p; return a + b; }
static int64_t i_add(int64_t a, int64_t b, const ew_params *p) { (void)p; return (int64_t)((uint64_t)a + (uint64_t)b); }
static uint64_t u_add(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a + b; }
static double f_sub(double a, double b, const ew_params *p) { (void)p; return a - b; }
static int64_t i_sub(int64_t a, int64_t b, const ew_params *p) { (void)p; return (int64_t)((uint64_t)a - (uint64_t)b); }
static uint64_t u_sub(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a - b; }
static double f_mul(double a, double b, const ew_params *p) { (void)p; return a * b; }
static int64_t i_mul(int64_t a, int64_t b, const ew_params *p) { (void)p; return (int64_t)((uint64_t)a * (uint64_t)b); }
static uint64_t u_mul(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return a * b; }
static double f_div(double a, double b, const ew_params *p) { (void)p; return a / b; }
static int64_t i_div(int64_t a, int64_t b, const ew_params *p)
{
    (void)p;
    if (b == 0)
        return 0;
    if (b == -1)
        return (int64_t)(0 - (uint64_t)a);
    return a / b;
}
static uint64_t u_div(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return b ? a / b : 0; }

static double f_fmod(double a, double b, const ew_params *p) { (void)p; return fmod(a, b); }
static int64_t i_mod(int64_t a, int64_t b, const ew_params *p)
{
    if (b == 0 || b == -1)
        return 0;
    int64_t r = a % b;
    if (!p->flag && r != 0 && ((r < 0) != (b < 0)))
        r += b; /* Python %: the sign of the divisor */
    return r;
}
static uint64_t u_mod(uint64_t a, uint64_t b, const ew_params *p) { (void)p; return b ? a % b : 0; }

static uint64_t u_shift(uint64_t a, uint64_t b, const ew_params *p)
{
    uint64_t width = 8 * ge_dtype_size(p->dtype);
    if (b >= width)
        return 0;
    return p->flag ? a << b : a >> b;
}

static double f_prelu(double a, double b, const ew_params *p) { (void)p; return a < 0 ? a * b : a; }
static int64_t i_prelu(int64_t a, int64_t b, const ew_params *p)
{
    (void)p;
    return a < 0 ? (int64_t)((uint64_t)a * (uint64_t)b) : a;
}
static uint64_t u_prelu(uint64_t a, uint64_t b, const ew_params *p) { (void)p; (void)b; return a; }

/* fop: the float32 fast path (ew_f32.h), or -1 for none */
#define BIN_KERNEL(name, ff, fi, fu, fop)                                                          \
    static ge_status name##_kernel(op_kernel_ctx *ctx)                                             \
    {                                                                                              \
        static const ew_binary_fns fns = {ff, fi, fu};                                             \
        if ((fop) >= 0 && ewf_input0_f32(ctx) && ctx->n_inputs >= 2 &&                             \
            ctx->inputs[1].dtype == GE_DTYPE_FLOAT32)                                              \
            return ewf_binary_kernel(ctx, (kern_ew_binary_op)(fop));                                   \
        ew_params p = {.dtype = ctx->inputs[0].dtype};                                             \
        return ew_binary_run(ctx, &fns, &p);                                                       \
    }

BIN_KERNEL(add, f_add, i_add, u_add, KERN_EW_ADD)
BIN_KERNEL(sub, f_sub, i_sub, u_sub, KERN_EW_SUB)
BIN_KERNEL(mul, f_mul, i_mul, u_mul, KERN_EW_MUL)
BIN_KERNEL(div, f_div, i_div, u_div, KERN_EW_DIV)
BIN_KERNEL(prelu, f_prelu, i_prelu, u_prelu, KERN_EW_PRELU)

static ge_status binary_infer(op_infer_ctx *ctx)
{
    return ew_infer_broadcast(ctx, GE_DTYPE_UNDEFINED);
}

/* ---- Mod ---- */
static ge_status mod_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_infer_broadcast(ctx, GE_DTYPE_UNDEFINED);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t fm = op_attr_int(&ctx->node, "fmod");
    if (fm != 0 && fm != 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'fmod' is %lld; expected 0 or 1", (long long)fm);
    if (fm == 0 && ge_dtype_is_float(ctx->inputs[0].dtype))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "attribute 'fmod' is 0 but the inputs are %s; fmod=0 requires integer inputs (set fmod=1)",
                       ge_dtype_name(ctx->inputs[0].dtype));
    return GE_STATUS_SUCCESS;
}

static ge_status mod_kernel(op_kernel_ctx *ctx)
{
    static const ew_binary_fns fns = {f_fmod, i_mod, u_mod};
    ew_params p = {.dtype = ctx->inputs[0].dtype, .flag = op_attr_int(&ctx->node, "fmod")};
    if (p.flag == 0 && ge_dtype_is_float(p.dtype))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "fmod=0 requires integer inputs");
    return ew_binary_run(ctx, &fns, &p);
}

/* ---- BitShift ---- */
static ge_status shift_direction(const op_node_info *node, int64_t *left)
{
    const char *d = op_attr_string(node, "direction");
    if (d && strcmp(d, "LEFT") == 0)
        *left = 1;
    else if (d && strcmp(d, "RIGHT") == 0)
        *left = 0;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'direction' is \"%s\"; expected \"LEFT\" or \"RIGHT\"",
                       d ? d : "(missing)");
    return GE_STATUS_SUCCESS;
}

static ge_status shift_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_infer_broadcast(ctx, GE_DTYPE_UNDEFINED);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t left;
    return shift_direction(&ctx->node, &left);
}

static ge_status shift_kernel(op_kernel_ctx *ctx)
{
    static const ew_binary_fns fns = {NULL, NULL, u_shift};
    ew_params p = {.dtype = ctx->inputs[0].dtype};
    ge_status st = shift_direction(&ctx->node, &p.flag);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return ew_binary_run(ctx, &fns, &p);
}

/* ---- PRelu: slope broadcasts unidirectionally to X; the output has X's shape ---- */
static ge_status prelu_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_infer_broadcast(ctx, GE_DTYPE_UNDEFINED);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *x = &ctx->inputs[0].shape, *s = &ctx->inputs[1].shape;
    if (x->rank >= 0 && s->rank >= 0) {
        bool ok = s->rank <= x->rank;
        for (int32_t d = 0; ok && d < s->rank; d++) {
            int64_t sd = s->dims[d], xd = x->dims[d + x->rank - s->rank];
            if (sd >= 0 && sd != 1 && xd >= 0 && sd != xd)
                ok = false;
        }
        if (!ok) {
            char a[96], b[96];
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input 1 (slope) of shape %s does not broadcast unidirectionally to input 0 (X) of shape %s",
                           ir_shape_format(s, b, sizeof b), ir_shape_format(x, a, sizeof a));
        }
    }
    ctx->outputs[0].shape = *x;
    return GE_STATUS_SUCCESS;
}

/* ---- Pow: base T, exponent T1 (its own dtype from opset 12) ---- */
static ge_dtype_set pow_exponent_types(int opset)
{
    return opset >= 15 ? EW_NUM : EW_NUM_NOBF;
}

static ge_status pow_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_check_node(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 0, ctx->node.schema->dtypes, "X");
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->node.schema->since_opset < 12) {
        if (ew_check_input(ctx, 1, ctx->node.schema->dtypes, "Y") != GE_STATUS_SUCCESS)
            return GE_STATUS_PARAM_INVALID;
        if (ctx->inputs[1].dtype != ctx->inputs[0].dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input 1 (Y) has dtype %s; expected %s (before opset 12 both inputs share a dtype)",
                           ge_dtype_name(ctx->inputs[1].dtype), ge_dtype_name(ctx->inputs[0].dtype));
    } else {
        st = ew_check_input(ctx, 1, pow_exponent_types(ctx->node.opset), "Y");
        if (st != GE_STATUS_SUCCESS)
            return st;
    }
    const ir_shape *shapes[2] = {&ctx->inputs[0].shape, &ctx->inputs[1].shape};
    ir_shape out;
    st = op_broadcast_shapes(&ctx->node, 2, shapes, &out);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ctx->outputs[0].shape = out;
    return GE_STATUS_SUCCESS;
}

/* Integer power with wraparound; negative exponents give the truncated real result
 * (1 for base 1, +-1 for base -1, 0 otherwise). */
static int64_t ipow(int64_t base, int64_t e)
{
    if (e < 0) {
        if (base == 1)
            return 1;
        if (base == -1)
            return (e & 1) ? -1 : 1;
        return 0;
    }
    uint64_t r = 1, b = (uint64_t)base;
    uint64_t n = (uint64_t)e;
    while (n) {
        if (n & 1)
            r *= b;
        b *= b;
        n >>= 1;
    }
    return (int64_t)r;
}

typedef struct pow_job {
    const ir_tensor *x, *y;
    ir_tensor *z;
} pow_job;

static void pow_chunk(void *arg, size_t begin, size_t end)
{
    const pow_job *j = arg;
    const ir_shape *shapes[2] = {&j->x->shape, &j->y->shape};
    ew_iter it;
    ew_iter_init(&it, &j->z->shape, 2, shapes, begin);
    ge_dtype bt = j->x->dtype, et = j->y->dtype;
    bool base_float = ge_dtype_is_float(bt), exp_float = ge_dtype_is_float(et);
    for (size_t i = begin; i < end; i++, ew_iter_next(&it)) {
        if (base_float) {
            double e = op_load_f64(j->y->data, et, it.off[1]);
            op_store_f64(j->z->data, bt, i, pow(op_load_f64(j->x->data, bt, it.off[0]), e));
        } else if (exp_float) {
            double r = pow((double)op_load_i64(j->x->data, bt, it.off[0]), op_load_f64(j->y->data, et, it.off[1]));
            op_store_f64(j->z->data, bt, i, r);
        } else {
            op_store_i64(j->z->data, bt, i,
                         ipow(op_load_i64(j->x->data, bt, it.off[0]), op_load_i64(j->y->data, et, it.off[1])));
        }
    }
}

static ge_status pow_kernel(op_kernel_ctx *ctx)
{
    ge_status st = ew_check_kernel_io(ctx, 2, ctx->n_inputs ? ctx->inputs[0].dtype : GE_DTYPE_UNDEFINED);
    if (st != GE_STATUS_SUCCESS)
        return st;
    pow_job j = {&ctx->inputs[0], &ctx->inputs[1], &ctx->outputs[0]};
    if ((!ge_dtype_is_float(j.x->dtype) && !ge_dtype_is_int(j.x->dtype)) ||
        (!ge_dtype_is_float(j.y->dtype) && !ge_dtype_is_int(j.y->dtype)))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "unsupported dtypes %s ^ %s", ge_dtype_name(j.x->dtype),
                       ge_dtype_name(j.y->dtype));
    op_parallel_for_elems(ctx, (size_t)ir_tensor_numel(j.z), pow_chunk, &j);
    return GE_STATUS_SUCCESS;
}

/* ---- opsets 1-6: legacy broadcasting ---- */
static ge_status legacy_infer(op_infer_ctx *ctx) { return ew_legacy_infer(ctx, GE_DTYPE_UNDEFINED); }
static ge_status legacy_pow_infer(op_infer_ctx *ctx) { return ew_legacy_infer(ctx, GE_DTYPE_UNDEFINED); }
static ge_status add_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, add_kernel); }
static ge_status sub_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, sub_kernel); }
static ge_status mul_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, mul_kernel); }
static ge_status div_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, div_kernel); }
static ge_status pow_legacy_kernel(op_kernel_ctx *ctx) { return ew_legacy_run(ctx, pow_kernel); }

static const op_attr_def legacy1_attrs[] = {
    {"broadcast", IR_ATTR_INT, false, 0, 0, NULL},
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    {"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def legacy6_attrs[] = {
    {"broadcast", IR_ATTR_INT, false, 0, 0, NULL},
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def consumed_attrs[] = {{"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL}, OP_ATTRS_END};

static const op_attr_def mod_attrs[] = {{"fmod", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def shift_attrs[] = {{"direction", IR_ATTR_STRING, true, 0, 0, NULL}, OP_ATTRS_END};

#define B(type, since, last, attrs, dts, infer, k) \
    {type, OP_DOMAIN_ONNX, since, last, 2, 2, 1, 1, attrs, dts, infer, k##_kernel}

#define POW12 (F3 | GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))
#define PRELU9 (F3 | GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64) | GE_DT(GE_DTYPE_UINT32) | GE_DT(GE_DTYPE_UINT64))

const op_schema op_family_binary[] = {
    B("Add", 1, 5, legacy1_attrs, F3, legacy_infer, add_legacy),
    B("Add", 6, 6, legacy6_attrs, ARITH7, legacy_infer, add_legacy),
    B("Sub", 1, 5, legacy1_attrs, F3, legacy_infer, sub_legacy),
    B("Sub", 6, 6, legacy6_attrs, ARITH7, legacy_infer, sub_legacy),
    B("Mul", 1, 5, legacy1_attrs, F3, legacy_infer, mul_legacy),
    B("Mul", 6, 6, legacy6_attrs, ARITH7, legacy_infer, mul_legacy),
    B("Div", 1, 5, legacy1_attrs, F3, legacy_infer, div_legacy),
    B("Div", 6, 6, legacy6_attrs, ARITH7, legacy_infer, div_legacy),
    B("Pow", 1, 6, legacy6_attrs, F3, legacy_pow_infer, pow_legacy),
    B("PRelu", 1, 5, consumed_attrs, F3, prelu_infer, prelu),
    B("PRelu", 6, 6, NULL, F3, prelu_infer, prelu),
    B("Add", 7, 12, NULL, ARITH7, binary_infer, add),
    B("Add", 13, 13, NULL, ARITH7 | GE_DT(GE_DTYPE_BFLOAT16), binary_infer, add),
    B("Add", 14, OP_ONNX_OPSET_MAX, NULL, EW_NUM, binary_infer, add),
    B("Sub", 7, 12, NULL, ARITH7, binary_infer, sub),
    B("Sub", 13, 13, NULL, ARITH7 | GE_DT(GE_DTYPE_BFLOAT16), binary_infer, sub),
    B("Sub", 14, OP_ONNX_OPSET_MAX, NULL, EW_NUM, binary_infer, sub),
    B("Mul", 7, 12, NULL, ARITH7, binary_infer, mul),
    B("Mul", 13, 13, NULL, ARITH7 | GE_DT(GE_DTYPE_BFLOAT16), binary_infer, mul),
    B("Mul", 14, OP_ONNX_OPSET_MAX, NULL, EW_NUM, binary_infer, mul),
    B("Div", 7, 12, NULL, ARITH7, binary_infer, div),
    B("Div", 13, 13, NULL, ARITH7 | GE_DT(GE_DTYPE_BFLOAT16), binary_infer, div),
    B("Div", 14, OP_ONNX_OPSET_MAX, NULL, EW_NUM, binary_infer, div),
    B("Pow", 7, 11, NULL, F3, pow_infer, pow),
    B("Pow", 12, 12, NULL, POW12, pow_infer, pow),
    B("Pow", 13, OP_ONNX_OPSET_MAX, NULL, POW12 | GE_DT(GE_DTYPE_BFLOAT16), pow_infer, pow),
    B("Mod", 10, 12, mod_attrs, EW_NUM_NOBF, mod_infer, mod),
    B("Mod", 13, OP_ONNX_OPSET_MAX, mod_attrs, EW_NUM, mod_infer, mod),
    B("BitShift", 11, OP_ONNX_OPSET_MAX, shift_attrs, GE_DTS_UNSIGNED, shift_infer, shift),
    B("PRelu", 7, 8, NULL, F3, prelu_infer, prelu),
    B("PRelu", 9, 15, NULL, PRELU9, prelu_infer, prelu),
    B("PRelu", 16, OP_ONNX_OPSET_MAX, NULL, PRELU9 | GE_DT(GE_DTYPE_BFLOAT16), prelu_infer, prelu),
    OP_SCHEMA_END,
};

/* Variadic family (multidirectional broadcasting over any number of inputs): Min Max Sum
 * Mean; and Where (select by a bool condition, three-way broadcasting). Min and Max
 * propagate NaN. Accumulation runs in double / int64 / uint64 and is rounded once. */
#include "base/alloc.h"
#include "ops/eltwise_util.h"
#include "ops/ew_f32.h"

#include <math.h>
#include <string.h>

#define F3 EW_F3
#define F4 EW_F4

enum { V_SUM, V_MEAN, V_MAX, V_MIN };

typedef union v_acc {
    double f;
    int64_t i;
    uint64_t u;
} v_acc;

typedef struct v_job {
    int op;
    size_t k;
    const ir_tensor *in;
    const ir_tensor *out;
    v_acc *acc;
    ew_class cls;
} v_job;

static double f_combine(int op, double a, double b)
{
    switch (op) {
    case V_MAX: return (isnan(a) || isnan(b)) ? NAN : (a > b ? a : b);
    case V_MIN: return (isnan(a) || isnan(b)) ? NAN : (a < b ? a : b);
    default: return a + b;
    }
}

static int64_t i_combine(int op, int64_t a, int64_t b)
{
    switch (op) {
    case V_MAX: return a > b ? a : b;
    case V_MIN: return a < b ? a : b;
    default: return (int64_t)((uint64_t)a + (uint64_t)b);
    }
}

static uint64_t u_combine(int op, uint64_t a, uint64_t b)
{
    switch (op) {
    case V_MAX: return a > b ? a : b;
    case V_MIN: return a < b ? a : b;
    default: return a + b;
    }
}

static void v_chunk(void *arg, size_t begin, size_t end)
{
    const v_job *j = arg;
    const ir_shape *shapes[1] = {&j->in->shape};
    ew_iter it;
    ew_iter_init(&it, &j->out->shape, 1, shapes, begin);
    ge_dtype dt = j->in->dtype;
    const void *x = j->in->data;
    for (size_t i = begin; i < end; i++, ew_iter_next(&it)) {
        switch (j->cls) {
        case EW_FLOAT: {
            double v = op_load_f64(x, dt, it.off[0]);
            j->acc[i].f = j->k ? f_combine(j->op, j->acc[i].f, v) : v;
            break;
        }
        case EW_SIGNED: {
            int64_t v = op_load_i64(x, dt, it.off[0]);
            j->acc[i].i = j->k ? i_combine(j->op, j->acc[i].i, v) : v;
            break;
        }
        case EW_UNSIGNED: {
            uint64_t v = (uint64_t)op_load_i64(x, dt, it.off[0]);
            j->acc[i].u = j->k ? u_combine(j->op, j->acc[i].u, v) : v;
            break;
        }
        }
    }
}

static ge_status variadic_run(op_kernel_ctx *ctx, int op)
{
    if (ctx->n_inputs < 1)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "kernel called without inputs");
    if (ewf_input0_f32(ctx)) {
        static const kern_ew_binary_op fop[] = {[V_SUM] = KERN_EW_ADD, [V_MEAN] = KERN_EW_ADD, [V_MAX] = KERN_EW_MAX, [V_MIN] = KERN_EW_MIN};
        bool handled;
        ge_status fst = ewf_variadic_kernel(ctx, fop[op], op == V_MEAN, &handled);
        if (fst != GE_STATUS_SUCCESS || handled)
            return fst;
    }
    ge_dtype dt = ctx->inputs[0].dtype;
    ge_status st = ew_check_kernel_io(ctx, ctx->n_inputs, dt);
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (size_t k = 1; k < ctx->n_inputs; k++)
        if (ctx->inputs[k].dtype != dt)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has dtype %s; expected %s", k,
                           ge_dtype_name(ctx->inputs[k].dtype), ge_dtype_name(dt));
    ir_tensor *y = &ctx->outputs[0];
    size_t n = (size_t)ir_tensor_numel(y);
    if (n == 0)
        return GE_STATUS_SUCCESS;
    v_acc *acc = ge_malloc(n * sizeof *acc);
    if (!acc)
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "no memory for %zu accumulators", n);
    v_job j = {.op = op, .out = y, .acc = acc, .cls = ew_class_of(dt)};
    for (size_t k = 0; k < ctx->n_inputs; k++) {
        j.k = k;
        j.in = &ctx->inputs[k];
        op_parallel_for_elems(ctx, n, v_chunk, &j);
    }
    for (size_t i = 0; i < n; i++) {
        switch (j.cls) {
        case EW_FLOAT:
            op_store_f64(y->data, dt, i, op == V_MEAN ? acc[i].f / (double)ctx->n_inputs : acc[i].f);
            break;
        case EW_SIGNED:
            op_store_i64(y->data, dt, i, op == V_MEAN ? acc[i].i / (int64_t)ctx->n_inputs : acc[i].i);
            break;
        case EW_UNSIGNED:
            op_store_i64(y->data, dt, i, (int64_t)(op == V_MEAN ? acc[i].u / ctx->n_inputs : acc[i].u));
            break;
        }
    }
    ge_free(acc);
    return GE_STATUS_SUCCESS;
}

static ge_status sum_kernel(op_kernel_ctx *ctx) { return variadic_run(ctx, V_SUM); }
static ge_status mean_kernel(op_kernel_ctx *ctx) { return variadic_run(ctx, V_MEAN); }
static ge_status max_kernel(op_kernel_ctx *ctx) { return variadic_run(ctx, V_MAX); }
static ge_status min_kernel(op_kernel_ctx *ctx) { return variadic_run(ctx, V_MIN); }

static ge_status variadic_infer(op_infer_ctx *ctx)
{
    return ew_infer_broadcast(ctx, GE_DTYPE_UNDEFINED);
}

/* ---- Where ---- */
static ge_status where_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_check_node(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 0, GE_DT(GE_DTYPE_BOOL), "condition");
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 1, ctx->node.schema->dtypes, "X");
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 2, ctx->node.schema->dtypes, "Y");
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[1].dtype != ctx->inputs[2].dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 (Y) has dtype %s; expected %s (the dtype of X)",
                       ge_dtype_name(ctx->inputs[2].dtype), ge_dtype_name(ctx->inputs[1].dtype));
    const ir_shape *shapes[3] = {&ctx->inputs[0].shape, &ctx->inputs[1].shape, &ctx->inputs[2].shape};
    ir_shape out;
    st = op_broadcast_shapes(&ctx->node, 3, shapes, &out);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[1].dtype;
    ctx->outputs[0].shape = out;
    return GE_STATUS_SUCCESS;
}

typedef struct where_job {
    const ir_tensor *c, *x, *y;
    ir_tensor *z;
} where_job;

static void where_chunk(void *arg, size_t begin, size_t end)
{
    const where_job *j = arg;
    const ir_shape *shapes[3] = {&j->c->shape, &j->x->shape, &j->y->shape};
    ew_iter it;
    ew_iter_init(&it, &j->z->shape, 3, shapes, begin);
    const uint8_t *c = j->c->data;
    for (size_t i = begin; i < end; i++, ew_iter_next(&it)) {
        if (c[it.off[0]])
            op_copy_element(j->z->data, i, j->x->data, it.off[1], j->z->dtype);
        else
            op_copy_element(j->z->data, i, j->y->data, it.off[2], j->z->dtype);
    }
}

static ge_status where_kernel(op_kernel_ctx *ctx)
{
    ge_dtype dt = ctx->n_inputs >= 3 ? ctx->inputs[1].dtype : GE_DTYPE_UNDEFINED;
    ge_status st = ew_check_kernel_io(ctx, 3, dt);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[0].dtype != GE_DTYPE_BOOL || ctx->inputs[2].dtype != dt)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "inputs have dtypes %s, %s, %s; expected bool, T, T",
                       ge_dtype_name(ctx->inputs[0].dtype), ge_dtype_name(dt), ge_dtype_name(ctx->inputs[2].dtype));
    where_job j = {&ctx->inputs[0], &ctx->inputs[1], &ctx->inputs[2], &ctx->outputs[0]};
    size_t n = (size_t)ir_tensor_numel(j.z);
    if (dt != GE_DTYPE_STRING) {
        op_parallel_for_elems(ctx, n, where_chunk, &j);
        return GE_STATUS_SUCCESS;
    }
    const ir_shape *shapes[3] = {&j.c->shape, &j.x->shape, &j.y->shape};
    ew_iter it;
    ew_iter_init(&it, &j.z->shape, 3, shapes, 0);
    const uint8_t *c = j.c->data;
    char *const *xs = j.x->data, *const *ys = j.y->data;
    char **zs = j.z->data;
    for (size_t i = 0; i < n; i++, ew_iter_next(&it)) {
        const char *s = c[it.off[0]] ? xs[it.off[1]] : ys[it.off[2]];
        ge_free(zs[i]);
        zs[i] = ge_strdup(s ? s : "");
        if (!zs[i])
            return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "no memory for string element %zu", i);
    }
    return GE_STATUS_SUCCESS;
}

static const op_attr_def consumed_attrs[] = {{"consumed_inputs", IR_ATTR_INTS, false, 0, 0, NULL}, OP_ATTRS_END};
#define V1(type, k) \
    {type, OP_DOMAIN_ONNX, 1, 5, 1, OP_VARIADIC, 1, 1, consumed_attrs, F3, variadic_infer, k##_kernel}
#define V(type, since, last, dts, k) \
    {type, OP_DOMAIN_ONNX, since, last, 1, OP_VARIADIC, 1, 1, NULL, dts, variadic_infer, k##_kernel}
#define WHERE9 ((GE_DTS_ALL & ~GE_DT(GE_DTYPE_BFLOAT16)) | GE_DT(GE_DTYPE_STRING))

const op_schema op_family_variadic[] = {
    V1("Max", max),
    V1("Min", min),
    V1("Sum", sum),
    V1("Mean", mean),
    V("Max", 6, 11, F3, max),
    V("Max", 12, 12, EW_NUM_NOBF, max),
    V("Max", 13, OP_ONNX_OPSET_MAX, EW_NUM, max),
    V("Min", 6, 11, F3, min),
    V("Min", 12, 12, EW_NUM_NOBF, min),
    V("Min", 13, OP_ONNX_OPSET_MAX, EW_NUM, min),
    V("Sum", 6, 12, F3, sum),
    V("Sum", 13, OP_ONNX_OPSET_MAX, F4, sum),
    V("Mean", 6, 12, F3, mean),
    V("Mean", 13, OP_ONNX_OPSET_MAX, F4, mean),
    {"Where", OP_DOMAIN_ONNX, 9, 15, 3, 3, 1, 1, NULL, WHERE9, where_infer, where_kernel},
    {"Where", OP_DOMAIN_ONNX, 16, OP_ONNX_OPSET_MAX, 3, 3, 1, 1, NULL, WHERE9 | GE_DT(GE_DTYPE_BFLOAT16), where_infer,
     where_kernel},
    OP_SCHEMA_END,
};

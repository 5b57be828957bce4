/* Softmax, LogSoftmax, Hardmax (opset < 13: the input coerced to 2-D at `axis`; 13+: one
 * axis) and Dropout (inference: identity, mask all true). */
#include "base/alloc.h"
#include "ops/ew_f32.h"
#include "ops/nn_util.h"

#include <math.h>
#include <string.h>

static const op_attr_def axis1_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def axis13_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    OP_ATTRS_END,
};

typedef enum { SM_SOFTMAX, SM_LOGSOFTMAX, SM_HARDMAX } sm_kind;

static ge_status sm_axis(const op_node_info *node, int32_t rank, int32_t *axis)
{
    int64_t a = op_attr_int(node, "axis");
    if (node->opset < 13) {
        /* coerced to 2-D at axis: any axis in [-rank, rank] splits the dims */
        if (a < -(int64_t)rank || a > rank)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axis' is %lld; expected in [%d, %d]",
                           (long long)a, -rank, rank);
        *axis = (int32_t)(a < 0 ? a + rank : a);
        return GE_STATUS_SUCCESS;
    }
    if (!ir_axis_normalize(a, rank, axis))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axis' is %lld; expected in [%d, %d]", (long long)a,
                       -rank, rank - 1);
    return GE_STATUS_SUCCESS;
}

static ge_status sm_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *xs = &ctx->inputs[0].shape;
    if (xs->rank >= 0) {
        int32_t axis;
        if (ctx->node.opset >= 13 && xs->rank == 0)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 is a scalar; expected rank >= 1");
        if ((st = sm_axis(&ctx->node, xs->rank, &axis)) != GE_STATUS_SUCCESS)
            return st;
    }
    return op_infer_same_as_input0(ctx);
}

/* float32 along the last axis (or the coerced 2-D rows before opset 13) */
typedef struct sm_job {
    const float *x;
    float *y;
    size_t len;
    bool log_softmax;
} sm_job;

static void sm_f32_chunk(void *arg, size_t begin, size_t end)
{
    const sm_job *j = arg;
    for (size_t r = begin; r < end; r++)
        kern_ew_softmax_row(j->x + r * j->len, j->y + r * j->len, j->len, j->log_softmax);
}

static ge_status sm_run(op_kernel_ctx *ctx, sm_kind kind)
{
    const ir_tensor *x = &ctx->inputs[0];
    int32_t axis;
    ge_status st = sm_axis(&ctx->node, x->shape.rank, &axis);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t outer = 1, len = 1, inner = 1;
    for (int32_t d = 0; d < x->shape.rank; d++) {
        int64_t v = x->shape.dims[d];
        if (d < axis)
            outer *= v;
        else if (d == axis || ctx->node.opset < 13)
            len *= v; /* opset < 13: everything from axis on is one row */
        else
            inner *= v;
    }
    int64_t total = ir_tensor_numel(x);
    if (total <= 0)
        return GE_STATUS_SUCCESS;
    if (kind != SM_HARDMAX && inner == 1 && x->dtype == GE_DTYPE_FLOAT32 && ctx->outputs[0].dtype == GE_DTYPE_FLOAT32) {
        sm_job j = {x->data, ctx->outputs[0].data, (size_t)len, kind == SM_LOGSOFTMAX};
        if ((size_t)total < ctx->parallel_min_elems)
            sm_f32_chunk(&j, 0, (size_t)outer);
        else
            op_parallel_for(ctx, (size_t)outer, sm_f32_chunk, &j);
        return GE_STATUS_SUCCESS;
    }
    double *v = nn_load(&ctx->node, x);
    if (!v)
        return GE_STATUS_MEMALLOC_FAILED;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t i = 0; i < inner; i++) {
            double *row = v + o * len * inner + i;
            double mx = row[0];
            int64_t arg = 0;
            for (int64_t k = 1; k < len; k++)
                if (row[k * inner] > mx) {
                    mx = row[k * inner];
                    arg = k;
                }
            if (kind == SM_HARDMAX) {
                for (int64_t k = 0; k < len; k++)
                    row[k * inner] = k == arg ? 1.0 : 0.0;
                continue;
            }
            double sum = 0.0;
            for (int64_t k = 0; k < len; k++)
                sum += exp(row[k * inner] - mx);
            double lse = log(sum);
            for (int64_t k = 0; k < len; k++) {
                double d = row[k * inner] - mx;
                row[k * inner] = kind == SM_LOGSOFTMAX ? d - lse : exp(d) / sum;
            }
        }
    nn_store(&ctx->outputs[0], v, (size_t)total);
    ge_free(v);
    return GE_STATUS_SUCCESS;
}

static ge_status softmax_kernel(op_kernel_ctx *ctx)
{
    return sm_run(ctx, SM_SOFTMAX);
}

static ge_status logsoftmax_kernel(op_kernel_ctx *ctx)
{
    return sm_run(ctx, SM_LOGSOFTMAX);
}

static ge_status hardmax_kernel(op_kernel_ctx *ctx)
{
    return sm_run(ctx, SM_HARDMAX);
}

/* ---------------- Dropout ---------------- */

static const op_attr_def dropout7_attrs[] = {
    {"ratio", IR_ATTR_FLOAT, false, 0, 0.5f, NULL},
    OP_ATTRS_END,
};
static const op_attr_def dropout12_attrs[] = {
    {"seed", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

/* Dropout is random only when training with ratio > 0: rejected (inference engine). */
static ge_status dropout_check_mode(const op_node_info *node, const ir_tensor *ratio, const ir_tensor *training)
{
    if (!training || !training->data || ir_tensor_numel(training) < 1)
        return GE_STATUS_SUCCESS;
    if (op_load_i64(training->data, training->dtype, 0) == 0)
        return GE_STATUS_SUCCESS;
    double r = 0.5;
    if (ratio && ratio->data && ir_tensor_numel(ratio) >= 1)
        r = op_load_f64(ratio->data, ratio->dtype, 0);
    if (r == 0.0)
        return GE_STATUS_SUCCESS;
    return op_fail(node, GE_STATUS_UNSUPPORTED,
                   "input 2 (training_mode) is true with ratio %g: random training dropout is not supported "
                   "(inference only)",
                   r);
}

static ge_status dropout_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->node.opset >= 12) {
        if (ctx->n_inputs > 1 && (st = op_check_dtype(ctx, 1, GE_DTS_FLOATS)) != GE_STATUS_SUCCESS)
            return st;
        if (ctx->n_inputs > 2 && (st = op_check_dtype(ctx, 2, GE_DT(GE_DTYPE_BOOL))) != GE_STATUS_SUCCESS)
            return st;
        for (size_t i = 1; i < 3 && i < ctx->n_inputs; i++)
            if (ctx->inputs[i].present && ctx->inputs[i].shape.rank > 0) {
                char b[96];
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has shape %s; expected a scalar", i,
                               ir_shape_format(&ctx->inputs[i].shape, b, sizeof b));
            }
        const ir_tensor *ratio = ctx->n_inputs > 1 && ctx->inputs[1].present ? ctx->inputs[1].value : NULL;
        const ir_tensor *tr = ctx->n_inputs > 2 && ctx->inputs[2].present ? ctx->inputs[2].value : NULL;
        if ((st = dropout_check_mode(&ctx->node, ratio, tr)) != GE_STATUS_SUCCESS)
            return st;
    } else {
        float r = op_attr_float(&ctx->node, "ratio");
        if (!(r >= 0.0f && r < 1.0f))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'ratio' is %g; expected in [0, 1)", r);
    }
    if ((st = op_infer_same_as_input0(ctx)) != GE_STATUS_SUCCESS)
        return st;
    if (ctx->n_outputs > 1) {
        ctx->outputs[1].present = true;
        ctx->outputs[1].dtype = ctx->node.opset >= 10 ? GE_DTYPE_BOOL : ctx->inputs[0].dtype;
        ctx->outputs[1].shape = ctx->inputs[0].shape;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status dropout_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    if (ctx->node.opset >= 12) {
        const ir_tensor *ratio = ctx->n_inputs > 1 && ir_tensor_present(&ctx->inputs[1]) ? &ctx->inputs[1] : NULL;
        const ir_tensor *tr = ctx->n_inputs > 2 && ir_tensor_present(&ctx->inputs[2]) ? &ctx->inputs[2] : NULL;
        ge_status st = dropout_check_mode(&ctx->node, ratio, tr);
        if (st != GE_STATUS_SUCCESS)
            return st;
    }
    ir_tensor *y = &ctx->outputs[0];
    if (y->data && x->bytes && y->data != x->data)
        memcpy(y->data, x->data, x->bytes);
    if (nn_output_wanted(ctx, 1) && ctx->outputs[1].data) {
        ir_tensor *m = &ctx->outputs[1];
        int64_t n = ir_tensor_numel(m);
        for (int64_t i = 0; i < n; i++)
            op_store_f64(m->data, m->dtype, (size_t)i, 1.0);
    }
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_softmax[] = {
    {"Softmax", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, axis1_attrs, NN_DTS_F16_F32_F64, sm_infer, softmax_kernel},
    {"Softmax", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, axis13_attrs, NN_DTS_FLOATS, sm_infer,
     softmax_kernel},
    {"LogSoftmax", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, axis1_attrs, NN_DTS_F16_F32_F64, sm_infer, logsoftmax_kernel},
    {"LogSoftmax", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, axis13_attrs, NN_DTS_FLOATS, sm_infer,
     logsoftmax_kernel},
    {"Hardmax", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, axis1_attrs, NN_DTS_F16_F32_F64, sm_infer, hardmax_kernel},
    {"Hardmax", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, axis13_attrs, NN_DTS_FLOATS, sm_infer,
     hardmax_kernel},
    {"Dropout", OP_DOMAIN_ONNX, 7, 9, 1, 1, 1, 2, dropout7_attrs, NN_DTS_F16_F32_F64, dropout_infer, dropout_kernel},
    {"Dropout", OP_DOMAIN_ONNX, 10, 11, 1, 1, 1, 2, dropout7_attrs, NN_DTS_F16_F32_F64, dropout_infer,
     dropout_kernel},
    {"Dropout", OP_DOMAIN_ONNX, 12, 12, 1, 3, 1, 2, dropout12_attrs, NN_DTS_F16_F32_F64, dropout_infer,
     dropout_kernel},
    {"Dropout", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 3, 1, 2, dropout12_attrs, NN_DTS_FLOATS, dropout_infer,
     dropout_kernel},
    OP_SCHEMA_END,
};

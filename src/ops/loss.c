/* Loss family: NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (reduction none / sum /
 * mean, optional per-class weight, optional ignore_index; SoftmaxCrossEntropyLoss also gives
 * log_prob). Input [N, C, d1..dk], target [N, d1..dk]. The mean divides by the sum of the
 * weights of the targets that are not ignored (by their count without weights), as the ONNX
 * reference does. Computed in double, stored in the input's dtype. */
#include "base/alloc.h"
#include "ops/xop_util.h"

#include <math.h>
#include <string.h>

#define F3 (GE_DT(GE_DTYPE_FLOAT16) | GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_FLOAT64))
#define F4 (F3 | GE_DT(GE_DTYPE_BFLOAT16))
#define TIND (GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))

enum { RED_NONE, RED_SUM, RED_MEAN };

static ge_status loss_reduction(const op_node_info *node, int *out)
{
    const char *r = op_attr_string(node, "reduction");
    if (r && strcmp(r, "none") == 0)
        *out = RED_NONE;
    else if (r && strcmp(r, "sum") == 0)
        *out = RED_SUM;
    else if (r && strcmp(r, "mean") == 0)
        *out = RED_MEAN;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'reduction' is \"%s\"; expected \"none\", \"sum\" or \"mean\"",
                       r ? r : "");
    return GE_STATUS_SUCCESS;
}

static ge_status loss_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const op_schema *s = node->schema;
    if (ctx->n_inputs < 2 || ctx->n_inputs > s->max_inputs || ctx->n_outputs < 1 || ctx->n_outputs > s->max_outputs)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "has %zu inputs and %zu outputs; expected 2 to %u and 1 to %u",
                       ctx->n_inputs, ctx->n_outputs, s->max_inputs, s->max_outputs);
    XO_TRY(xo_check_attrs(node));
    const op_value *x = &ctx->inputs[0], *t = &ctx->inputs[1];
    const op_value *w = ctx->n_inputs > 2 && ctx->inputs[2].present ? &ctx->inputs[2] : NULL;
    char buf[128], b2[96];
    if (!x->present || !(s->dtypes & GE_DT(x->dtype))) {
        ge_dtype_set_format(s->dtypes, buf, sizeof buf);
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has dtype %s; expected %s",
                       x->present ? ge_dtype_name(x->dtype) : "(absent)", buf);
    }
    if (!t->present || !(TIND & GE_DT(t->dtype)))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (target) has dtype %s; expected int32 or int64",
                       t->present ? ge_dtype_name(t->dtype) : "(absent)");
    if (w && w->dtype != x->dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 (weight) has dtype %s; expected input 0's %s",
                       ge_dtype_name(w->dtype), ge_dtype_name(x->dtype));
    int red;
    XO_TRY(loss_reduction(node, &red));
    const ir_shape *xs = &x->shape, *ts = &t->shape;
    if (xs->rank >= 0 && xs->rank < 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 2 ([N, C, d1..dk])", (int)xs->rank);
    ir_shape tshape = *ts;
    if (xs->rank >= 0 && ts->rank >= 0) {
        bool ok = ts->rank == xs->rank - 1;
        for (int32_t d = 0; ok && d < ts->rank; d++) {
            int64_t xd = xs->dims[d == 0 ? 0 : d + 1], td = ts->dims[d];
            if (xd >= 0 && td >= 0 && xd != td)
                ok = false;
            if (td < 0)
                tshape.dims[d] = xd;
        }
        if (!ok)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 (target) has shape %s; expected input 0 %s without dim 1",
                           ir_shape_format(ts, buf, sizeof buf), ir_shape_format(xs, b2, sizeof b2));
    } else if (xs->rank >= 0) {
        tshape.rank = xs->rank - 1;
        tshape.dims[0] = xs->dims[0];
        for (int32_t d = 1; d < tshape.rank; d++)
            tshape.dims[d] = xs->dims[d + 1];
    }
    if (w && w->shape.rank >= 0) {
        int64_t c = xs->rank >= 2 ? xs->dims[1] : -1;
        if (w->shape.rank != 1 || (c >= 0 && w->shape.dims[0] >= 0 && w->shape.dims[0] != c))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 (weight) has shape %s; expected [%lld] (one per class)",
                           ir_shape_format(&w->shape, buf, sizeof buf), (long long)c);
    }
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = x->dtype;
    ctx->outputs[0].shape = red == RED_NONE ? tshape : ir_shape_scalar();
    if (ctx->n_outputs > 1) {
        ctx->outputs[1].present = true;
        ctx->outputs[1].dtype = x->dtype;
        ctx->outputs[1].shape = *xs;
    }
    return GE_STATUS_SUCCESS;
}

/* loss from log-probabilities lp [N, C, D] (doubles). */
static ge_status loss_compute(op_kernel_ctx *ctx, const double *lp, int64_t N, int64_t C, int64_t D)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *t = &ctx->inputs[1];
    const ir_tensor *w = ctx->n_inputs > 2 && ir_tensor_present(&ctx->inputs[2]) ? &ctx->inputs[2] : NULL;
    bool has_ii = op_attr(node, "ignore_index") != NULL;
    int64_t ii = op_attr_int(node, "ignore_index");
    int red;
    XO_TRY(loss_reduction(node, &red));
    ir_tensor *y = &ctx->outputs[0];
    double sum = 0.0, wsum = 0.0;
    for (int64_t n = 0; n < N; n++)
        for (int64_t j = 0; j < D; j++) {
            size_t ti = (size_t)(n * D + j);
            int64_t c = op_load_i64(t->data, t->dtype, ti);
            double l = 0.0, wt = 0.0;
            if (!(has_ii && c == ii)) {
                if (c < 0 || c >= C)
                    return op_fail(node, GE_STATUS_PARAM_INVALID, "target %lld at index %zu is out of range [0, %lld)",
                                   (long long)c, ti, (long long)C);
                wt = w ? op_load_f64(w->data, w->dtype, (size_t)c) : 1.0;
                l = -lp[(n * C + c) * D + j] * wt;
            }
            if (red == RED_NONE)
                op_store_f64(y->data, y->dtype, ti, l);
            sum += l;
            wsum += wt;
        }
    if (red == RED_SUM)
        op_store_f64(y->data, y->dtype, 0, sum);
    else if (red == RED_MEAN)
        op_store_f64(y->data, y->dtype, 0, sum / wsum);
    return GE_STATUS_SUCCESS;
}

static void loss_dims(const ir_shape *xs, int64_t *N, int64_t *C, int64_t *D)
{
    *N = xs->dims[0];
    *C = xs->dims[1];
    *D = 1;
    for (int32_t d = 2; d < xs->rank; d++)
        *D *= xs->dims[d];
}

static ge_status nll_kernel(op_kernel_ctx *ctx)
{
    int64_t N, C, D;
    loss_dims(&ctx->inputs[0].shape, &N, &C, &D);
    double *lp = xo_load_f64(&ctx->node, &ctx->inputs[0]);
    if (!lp)
        return GE_STATUS_MEMALLOC_FAILED;
    ge_status st = loss_compute(ctx, lp, N, C, D);
    ge_free(lp);
    return st;
}

static ge_status sce_kernel(op_kernel_ctx *ctx)
{
    int64_t N, C, D;
    loss_dims(&ctx->inputs[0].shape, &N, &C, &D);
    double *lp = xo_load_f64(&ctx->node, &ctx->inputs[0]);
    if (!lp)
        return GE_STATUS_MEMALLOC_FAILED;
    for (int64_t n = 0; n < N; n++)
        for (int64_t j = 0; j < D; j++) {
            double *p = lp + n * C * D + j;
            double mx = -INFINITY, s = 0.0;
            for (int64_t c = 0; c < C; c++)
                if (p[c * D] > mx)
                    mx = p[c * D];
            for (int64_t c = 0; c < C; c++)
                s += exp(p[c * D] - mx);
            double ls = mx + log(s);
            for (int64_t c = 0; c < C; c++)
                p[c * D] -= ls;
        }
    ge_status st = loss_compute(ctx, lp, N, C, D);
    if (st == GE_STATUS_SUCCESS && ctx->n_outputs > 1 && ctx->outputs[1].data)
        for (int64_t i = 0; i < N * C * D; i++)
            op_store_f64(ctx->outputs[1].data, ctx->outputs[1].dtype, (size_t)i, lp[i]);
    ge_free(lp);
    return st;
}

static const op_attr_def loss_attrs[] = {
    {"ignore_index", IR_ATTR_INT, false, 0, 0, NULL},
    {"reduction", IR_ATTR_STRING, false, 0, 0, "mean"},
    OP_ATTRS_END,
};

const op_schema op_family_loss[] = {
    {"NegativeLogLikelihoodLoss", OP_DOMAIN_ONNX, 12, 21, 2, 3, 1, 1, loss_attrs, F3, loss_infer, nll_kernel},
    {"NegativeLogLikelihoodLoss", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 2, 3, 1, 1, loss_attrs, F4, loss_infer,
     nll_kernel},
    {"SoftmaxCrossEntropyLoss", OP_DOMAIN_ONNX, 12, 12, 2, 3, 1, 2, loss_attrs, F3, loss_infer, sce_kernel},
    {"SoftmaxCrossEntropyLoss", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 2, 3, 1, 2, loss_attrs, F4, loss_infer,
     sce_kernel},
    OP_SCHEMA_END,
};

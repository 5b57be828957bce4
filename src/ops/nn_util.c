#include "ops/nn_util.h"

#include "base/alloc.h"

#include <string.h>

ge_status nn_check_attr_kinds(const op_node_info *node)
{
    for (size_t i = 0; i < node->n_attrs; i++) {
        const ir_attr *a = &node->attrs[i];
        if (!a->name || !node->schema)
            continue;
        const op_attr_def *d = op_schema_attr(node->schema, a->name);
        if (!d || d->kind == a->kind)
            continue;
        if (d->kind == IR_ATTR_FLOAT && a->kind == IR_ATTR_INT)
            continue;
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' has kind %s; expected %s",
                       a->name, ir_attr_kind_name(a->kind), ir_attr_kind_name(d->kind));
    }
    if (node->schema && node->schema->attrs)
        for (const op_attr_def *d = node->schema->attrs; d->name; d++)
            if (d->required && !op_attr(node, d->name))
                return op_fail(node, GE_STATUS_PARAM_INVALID, "required attribute '%s' is missing",
                               d->name);
    return GE_STATUS_SUCCESS;
}

ge_status nn_check_arity(const op_infer_ctx *ctx, size_t n_required)
{
    const op_schema *s = ctx->node.schema;
    if (s) {
        if (ctx->n_inputs < s->min_inputs || (s->max_inputs != OP_VARIADIC && ctx->n_inputs > s->max_inputs))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs; expected %u to %u",
                           ctx->n_inputs, s->min_inputs, s->max_inputs);
        if (ctx->n_outputs < s->min_outputs ||
            (s->max_outputs != OP_VARIADIC && ctx->n_outputs > s->max_outputs))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu outputs; expected %u to %u",
                           ctx->n_outputs, s->min_outputs, s->max_outputs);
    }
    for (size_t i = 0; i < n_required && i < ctx->n_inputs; i++)
        if (!ctx->inputs[i].present)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "required input %zu is absent", i);
    if (ctx->n_inputs < n_required)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs; expected at least %zu",
                       ctx->n_inputs, n_required);
    return nn_check_attr_kinds(&ctx->node);
}

ge_status nn_check_input_dtype(const op_infer_ctx *ctx, size_t i, ge_dtype_set allowed)
{
    return op_check_dtype(ctx, i, allowed);
}

ge_status nn_check_same_dtype(const op_infer_ctx *ctx, size_t i)
{
    if (i >= ctx->n_inputs || !ctx->inputs[i].present)
        return GE_STATUS_SUCCESS;
    if (ctx->inputs[i].dtype != ctx->inputs[0].dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has dtype %s; expected %s (as input 0)",
                       i, ge_dtype_name(ctx->inputs[i].dtype), ge_dtype_name(ctx->inputs[0].dtype));
    return GE_STATUS_SUCCESS;
}

ge_status nn_auto_pad_get(const op_node_info *node, nn_auto_pad *out)
{
    const char *s = op_attr_string(node, "auto_pad");
    if (!s || strcmp(s, "NOTSET") == 0 || s[0] == '\0')
        *out = NN_PAD_NOTSET;
    else if (strcmp(s, "SAME_UPPER") == 0)
        *out = NN_PAD_SAME_UPPER;
    else if (strcmp(s, "SAME_LOWER") == 0)
        *out = NN_PAD_SAME_LOWER;
    else if (strcmp(s, "VALID") == 0)
        *out = NN_PAD_VALID;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'auto_pad' is '%s'; expected NOTSET, SAME_UPPER, SAME_LOWER or VALID", s);
    return GE_STATUS_SUCCESS;
}

double *nn_zalloc(const op_node_info *node, size_t n)
{
    double *p = ge_calloc(n ? n : 1, sizeof *p);
    if (!p)
        op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %zu values", n);
    return p;
}

double *nn_load(const op_node_info *node, const ir_tensor *t)
{
    int64_t n = ir_tensor_numel(t);
    if (n < 0)
        n = 0;
    double *p = ge_malloc((size_t)(n ? n : 1) * sizeof *p);
    if (!p) {
        op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %lld values", (long long)n);
        return NULL;
    }
    if (t->dtype == GE_DTYPE_FLOAT32) {
        const float *f = t->data;
        for (int64_t i = 0; i < n; i++)
            p[i] = f[i];
    } else if (t->dtype == GE_DTYPE_FLOAT64) {
        if (n)
            memcpy(p, t->data, (size_t)n * sizeof *p);
    } else {
        for (int64_t i = 0; i < n; i++)
            p[i] = op_load_f64(t->data, t->dtype, (size_t)i);
    }
    return p;
}

void nn_store(ir_tensor *t, const double *v, size_t n)
{
    if (!t->data)
        return;
    if (t->dtype == GE_DTYPE_FLOAT32) {
        float *f = t->data;
        for (size_t i = 0; i < n; i++)
            f[i] = (float)v[i];
    } else if (t->dtype == GE_DTYPE_FLOAT64) {
        if (n)
            memcpy(t->data, v, n * sizeof *v);
    } else {
        for (size_t i = 0; i < n; i++)
            op_store_f64(t->data, t->dtype, i, v[i]);
    }
}

bool nn_output_wanted(const op_kernel_ctx *ctx, size_t i)
{
    return i < ctx->n_outputs && ctx->outputs[i].dtype != GE_DTYPE_UNDEFINED &&
           (ctx->outputs[i].data != NULL || ctx->outputs[i].bytes == 0);
}

static ge_status read_positive_list(const op_node_info *node, const char *name, int n, int64_t *dst,
                                    bool allow_zero)
{
    const int64_t *v;
    size_t cnt = op_attr_ints(node, name, &v);
    if (cnt == 0) {
        for (int i = 0; i < n; i++)
            dst[i] = 1;
        return GE_STATUS_SUCCESS;
    }
    if (cnt != (size_t)n)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute '%s' has %zu values; expected %d (one per spatial axis)", name, cnt, n);
    for (int i = 0; i < n; i++) {
        if (v[i] < (allow_zero ? 0 : 1))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s'[%d] is %lld; expected >= %d",
                           name, i, (long long)v[i], allow_zero ? 0 : 1);
        dst[i] = v[i];
    }
    return GE_STATUS_SUCCESS;
}

ge_status nn_window_strides(const op_node_info *node, nn_window *w, bool with_dilations)
{
    ge_status st = read_positive_list(node, "strides", w->n, w->stride, false);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (with_dilations)
        return read_positive_list(node, "dilations", w->n, w->dil, false);
    for (int i = 0; i < w->n; i++)
        w->dil[i] = 1;
    return GE_STATUS_SUCCESS;
}

ge_status nn_window_pads(const op_node_info *node, nn_window *w)
{
    const int64_t *v;
    size_t cnt = op_attr_ints(node, "pads", &v);
    if (cnt == 0) {
        for (int i = 0; i < w->n; i++)
            w->pad_b[i] = w->pad_e[i] = 0;
        return GE_STATUS_SUCCESS;
    }
    if (cnt != (size_t)(2 * w->n))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'pads' has %zu values; expected %d (begin and end per spatial axis)", cnt,
                       2 * w->n);
    for (size_t i = 0; i < cnt; i++)
        if (v[i] < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'pads'[%zu] is %lld; expected >= 0", i,
                           (long long)v[i]);
    for (int i = 0; i < w->n; i++) {
        w->pad_b[i] = v[i];
        w->pad_e[i] = v[i + w->n];
    }
    return GE_STATUS_SUCCESS;
}

ge_status nn_window_forward(const op_node_info *node, nn_window *w, bool with_dilations, bool ceil_mode)
{
    nn_auto_pad ap;
    ge_status st = nn_auto_pad_get(node, &ap);
    if (st == GE_STATUS_SUCCESS)
        st = nn_window_strides(node, w, with_dilations);
    if (st == GE_STATUS_SUCCESS)
        st = nn_window_pads(node, w);
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (int i = 0; i < w->n; i++) {
        int64_t in = w->in[i], k = w->kernel[i], s = w->stride[i];
        if (k == 0 || k < -1)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "kernel dim %d is %lld; expected >= 1", i,
                           (long long)k);
        int64_t ek = k < 0 ? -1 : w->dil[i] * (k - 1) + 1;
        if (ap == NN_PAD_SAME_UPPER || ap == NN_PAD_SAME_LOWER) {
            if (in < 0) {
                w->out[i] = w->pad_b[i] = w->pad_e[i] = -1;
                continue;
            }
            int64_t out = (in + s - 1) / s;
            w->out[i] = out;
            if (ek < 0) {
                w->pad_b[i] = w->pad_e[i] = -1;
                continue;
            }
            int64_t total = (out - 1) * s + ek - in;
            if (total < 0)
                total = 0;
            if (ap == NN_PAD_SAME_UPPER) {
                w->pad_b[i] = total / 2;
                w->pad_e[i] = total - total / 2;
            } else {
                w->pad_e[i] = total / 2;
                w->pad_b[i] = total - total / 2;
            }
            continue;
        }
        if (ap == NN_PAD_VALID)
            w->pad_b[i] = w->pad_e[i] = 0;
        if (in < 0 || ek < 0) {
            w->out[i] = -1;
            continue;
        }
        int64_t span = in + w->pad_b[i] + w->pad_e[i] - ek;
        if (span < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "spatial dim %d: padded input size %lld is smaller than the (dilated) kernel %lld", i,
                           (long long)(in + w->pad_b[i] + w->pad_e[i]), (long long)ek);
        int64_t out;
        if (ceil_mode && ap != NN_PAD_VALID) {
            out = (span + s - 1) / s + 1;
            /* The last window must start inside the input or the begin padding. */
            if ((out - 1) * s >= in + w->pad_b[i])
                out--;
        } else {
            out = span / s + 1;
        }
        w->out[i] = out;
    }
    return GE_STATUS_SUCCESS;
}


ge_status nn_apply_fused(const op_kernel_ctx *ctx, double *y, size_t n)
{
    const ir_tensor *r = ctx->sum_input;
    if (r && (size_t)ir_tensor_numel(r) != n)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "fused Add input has %lld elements; expected %zu",
                       (long long)ir_tensor_numel(r), n);
    const op_activation *a = &ctx->act;
    for (size_t i = 0; i < n && (r || a->kind != OP_ACT_NONE); i++) {
        double v = y[i] + (r ? op_load_f64(r->data, r->dtype, i) : 0.0);
        switch (a->kind) {
        case OP_ACT_RELU: v = v < 0 ? 0.0 : v; break;
        case OP_ACT_CLIP:
            v = v < a->lo ? a->lo : v;
            v = a->hi < v ? a->hi : v;
            break;
        case OP_ACT_LEAKY_RELU: v = v < 0 ? a->alpha * v : v; break;
        case OP_ACT_NONE: break;
        }
        y[i] = v;
    }
    return GE_STATUS_SUCCESS;
}

kern_epilogue nn_fused_epilogue(const op_kernel_ctx *ctx)
{
    static const kern_act_kind acts[] = {[OP_ACT_NONE] = KERN_ACT_NONE, [OP_ACT_RELU] = KERN_ACT_RELU,
                                         [OP_ACT_CLIP] = KERN_ACT_CLIP, [OP_ACT_LEAKY_RELU] = KERN_ACT_LEAKY_RELU};
    kern_epilogue e = {.act = acts[ctx->act.kind], .lo = ctx->act.lo, .hi = ctx->act.hi, .alpha = ctx->act.alpha};
    e.residual = ctx->sum_input ? ctx->sum_input->data : NULL;
    return e;
}

void nn_index_range(int64_t n, int64_t s, int64_t off, int64_t limit, int64_t *lo, int64_t *hi)
{
    int64_t l = off >= 0 ? 0 : (-off + s - 1) / s;
    int64_t h = n - off <= 0 ? 0 : (n - 1 - off) / s + 1;
    if (h > limit)
        h = limit;
    if (l > h)
        l = h;
    *lo = l;
    *hi = h;
}

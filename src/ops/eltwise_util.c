#include "ops/eltwise_util.h"

#include <math.h>
#include <string.h>

ew_class ew_class_of(ge_dtype dt)
{
    if (ge_dtype_is_float(dt))
        return EW_FLOAT;
    if (ge_dtype_is_signed_int(dt))
        return EW_SIGNED;
    return EW_UNSIGNED; /* unsigned ints and bool */
}

void ew_iter_init(ew_iter *it, const ir_shape *out, size_t n_in, const ir_shape *const *in,
                  size_t begin)
{
    memset(it, 0, sizeof *it);
    it->rank = out->rank;
    it->n_in = n_in;
    for (int32_t d = 0; d < out->rank; d++)
        it->dims[d] = out->dims[d];
    for (size_t k = 0; k < n_in; k++)
        op_broadcast_strides(in[k], out, it->strides[k]);
    size_t rem = begin;
    for (int32_t d = out->rank - 1; d >= 0; d--) {
        int64_t n = it->dims[d] > 0 ? it->dims[d] : 1;
        it->idx[d] = (int64_t)(rem % (size_t)n);
        rem /= (size_t)n;
    }
    for (size_t k = 0; k < n_in; k++) {
        size_t off = 0;
        for (int32_t d = 0; d < out->rank; d++)
            off += (size_t)(it->idx[d] * it->strides[k][d]);
        it->off[k] = off;
    }
}

/* ---------------------------------------------------------------- inference */

static const char *kind_name(ir_attr_kind k)
{
    return ir_attr_kind_name(k);
}

ge_status ew_check_node(const op_infer_ctx *ctx)
{
    const op_schema *s = ctx->node.schema;
    if (!s)
        return GE_STATUS_SUCCESS;
    if (ctx->n_inputs < s->min_inputs || (s->max_inputs != OP_VARIADIC && ctx->n_inputs > s->max_inputs))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs; expected %u to %u",
                       ctx->n_inputs, (unsigned)s->min_inputs, (unsigned)s->max_inputs);
    for (size_t i = 0; i < s->min_inputs && i < ctx->n_inputs; i++)
        if (!ctx->inputs[i].present)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu is required but absent", i);
    if (ctx->n_outputs < s->min_outputs)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu outputs; expected at least %u",
                       ctx->n_outputs, (unsigned)s->min_outputs);
    if (s->attrs) {
        for (const op_attr_def *d = s->attrs; d->name; d++) {
            const ir_attr *a = op_attr(&ctx->node, d->name);
            if (!a) {
                if (d->required)
                    return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                                   "required attribute '%s' (%s) is missing", d->name, kind_name(d->kind));
                continue;
            }
            bool ok = a->kind == d->kind || (d->kind == IR_ATTR_FLOAT && a->kind == IR_ATTR_INT);
            if (!ok)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "attribute '%s' has kind %s; expected %s", d->name, kind_name(a->kind),
                               kind_name(d->kind));
        }
    }
    return GE_STATUS_SUCCESS;
}

ge_status ew_check_input(const op_infer_ctx *ctx, size_t i, ge_dtype_set allowed, const char *what)
{
    if (i >= ctx->n_inputs || !ctx->inputs[i].present)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu (%s) is required but absent", i, what);
    ge_dtype dt = ctx->inputs[i].dtype;
    if (!ge_dtype_is_valid((int)dt) || dt == GE_DTYPE_UNDEFINED || !(allowed & GE_DT(dt))) {
        char list[256];
        ge_dtype_set_format(allowed, list, sizeof list);
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu (%s) has dtype %s; expected one of %s",
                       i, what, ge_dtype_name(dt), list);
    }
    return GE_STATUS_SUCCESS;
}

ge_status ew_infer_unary(op_infer_ctx *ctx)
{
    ge_status st = ew_check_node(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 0, ctx->node.schema->dtypes, "X");
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ctx->outputs[0].shape = ctx->inputs[0].shape;
    return GE_STATUS_SUCCESS;
}

ge_status ew_infer_broadcast(op_infer_ctx *ctx, ge_dtype out_dtype)
{
    ge_status st = ew_check_node(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 0, ctx->node.schema->dtypes, "input");
    if (st != GE_STATUS_SUCCESS)
        return st;
    ge_dtype dt = ctx->inputs[0].dtype;
    const ir_shape *shapes[OP_VARIADIC];
    size_t n = 0;
    if (ctx->n_inputs > OP_VARIADIC)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs; at most %d are supported",
                       ctx->n_inputs, OP_VARIADIC);
    for (size_t i = 0; i < ctx->n_inputs; i++) {
        if (!ctx->inputs[i].present)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu is absent", i);
        if (ctx->inputs[i].dtype != dt)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input %zu has dtype %s; expected %s (the dtype of input 0)", i,
                           ge_dtype_name(ctx->inputs[i].dtype), ge_dtype_name(dt));
        if (n < OP_VARIADIC)
            shapes[n++] = &ctx->inputs[i].shape;
    }
    ir_shape out;
    st = op_broadcast_shapes(&ctx->node, n, shapes, &out);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = out_dtype == GE_DTYPE_UNDEFINED ? dt : out_dtype;
    ctx->outputs[0].shape = out;
    return GE_STATUS_SUCCESS;
}

ge_status ew_infer_broadcast_bool(op_infer_ctx *ctx)
{
    return ew_infer_broadcast(ctx, GE_DTYPE_BOOL);
}

double ew_attr_f(const op_node_info *node, const char *name)
{
    return (double)op_attr_float(node, name);
}

/* ---------------------------------------------------------------- kernels */

ge_status ew_check_kernel_io(op_kernel_ctx *ctx, size_t n_in, ge_dtype out_dtype)
{
    if (ctx->n_inputs < n_in || ctx->n_outputs < 1)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "kernel called with %zu inputs and %zu outputs",
                       ctx->n_inputs, ctx->n_outputs);
    ir_tensor *y = &ctx->outputs[0];
    if (y->dtype != out_dtype)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output has dtype %s; expected %s",
                       ge_dtype_name(y->dtype), ge_dtype_name(out_dtype));
    if (!ir_shape_is_static(&y->shape))
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output shape is not static");
    int64_t numel = ir_shape_numel(&y->shape);
    if (numel > 0 && !y->data)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output is not allocated");
    size_t need = 0;
    if (!ir_tensor_byte_size(y->dtype, &y->shape, &need) || y->bytes < need)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output holds %zu bytes; expected %zu", y->bytes,
                       need);
    for (size_t k = 0; k < n_in; k++) {
        const ir_tensor *x = &ctx->inputs[k];
        if (x->dtype == GE_DTYPE_UNDEFINED)
            continue;
        if (!ir_shape_is_static(&x->shape) || x->shape.rank > y->shape.rank)
            goto mismatch;
        int32_t off = y->shape.rank - x->shape.rank;
        for (int32_t d = 0; d < x->shape.rank; d++)
            if (x->shape.dims[d] != 1 && x->shape.dims[d] != y->shape.dims[d + off])
                goto mismatch;
        if (ir_shape_numel(&x->shape) > 0 && !x->data)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has no data", k);
        continue;
    mismatch: {
        char a[96], b[96];
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu of shape %s does not broadcast to the output shape %s",
                       k, ir_shape_format(&x->shape, a, sizeof a), ir_shape_format(&y->shape, b, sizeof b));
    }
    }
    return GE_STATUS_SUCCESS;
}

typedef struct ew_job {
    const ir_tensor *in[EW_MAX_INPUTS];
    size_t n_in;
    ir_tensor *out;
    const void *fns;
    const ew_params *p;
    ew_class cls;
} ew_job;

static void unary_chunk(void *arg, size_t begin, size_t end)
{
    const ew_job *j = arg;
    const ew_unary_fns *fns = j->fns;
    const void *x = j->in[0]->data;
    void *y = j->out->data;
    ge_dtype dt = j->out->dtype;
    switch (j->cls) {
    case EW_FLOAT:
        for (size_t i = begin; i < end; i++)
            op_store_f64(y, dt, i, fns->f(op_load_f64(x, dt, i), j->p));
        break;
    case EW_SIGNED:
        for (size_t i = begin; i < end; i++)
            op_store_i64(y, dt, i, fns->i(op_load_i64(x, dt, i), j->p));
        break;
    case EW_UNSIGNED:
        for (size_t i = begin; i < end; i++)
            op_store_i64(y, dt, i, (int64_t)fns->u((uint64_t)op_load_i64(x, dt, i), j->p));
        break;
    }
}

static ge_status no_class(op_kernel_ctx *ctx, ge_dtype dt)
{
    return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "dtype %s is not supported by this op", ge_dtype_name(dt));
}

ge_status ew_unary_run(op_kernel_ctx *ctx, const ew_unary_fns *fns, const ew_params *p)
{
    ge_dtype dt = ctx->n_inputs ? ctx->inputs[0].dtype : GE_DTYPE_UNDEFINED;
    ge_status st = ew_check_kernel_io(ctx, 1, dt);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (!ir_shape_equal(&ctx->inputs[0].shape, &ctx->outputs[0].shape))
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output shape differs from the input's");
    ew_job j = {.in = {&ctx->inputs[0]}, .n_in = 1, .out = &ctx->outputs[0], .fns = fns, .p = p,
                .cls = ew_class_of(dt)};
    if ((j.cls == EW_FLOAT && !fns->f) || (j.cls == EW_SIGNED && !fns->i) || (j.cls == EW_UNSIGNED && !fns->u))
        return no_class(ctx, dt);
    op_parallel_for_elems(ctx, (size_t)ir_tensor_numel(&ctx->outputs[0]), unary_chunk, &j);
    return GE_STATUS_SUCCESS;
}

static void binary_chunk(void *arg, size_t begin, size_t end)
{
    const ew_job *j = arg;
    const ew_binary_fns *fns = j->fns;
    const ir_shape *shapes[2] = {&j->in[0]->shape, &j->in[1]->shape};
    ew_iter it;
    ew_iter_init(&it, &j->out->shape, 2, shapes, begin);
    const void *a = j->in[0]->data, *b = j->in[1]->data;
    void *c = j->out->data;
    ge_dtype dt = j->out->dtype;
    for (size_t i = begin; i < end; i++, ew_iter_next(&it)) {
        switch (j->cls) {
        case EW_FLOAT:
            op_store_f64(c, dt, i, fns->f(op_load_f64(a, dt, it.off[0]), op_load_f64(b, dt, it.off[1]), j->p));
            break;
        case EW_SIGNED:
            op_store_i64(c, dt, i, fns->i(op_load_i64(a, dt, it.off[0]), op_load_i64(b, dt, it.off[1]), j->p));
            break;
        case EW_UNSIGNED:
            op_store_i64(c, dt, i,
                         (int64_t)fns->u((uint64_t)op_load_i64(a, dt, it.off[0]),
                                         (uint64_t)op_load_i64(b, dt, it.off[1]), j->p));
            break;
        }
    }
}

ge_status ew_binary_run(op_kernel_ctx *ctx, const ew_binary_fns *fns, const ew_params *p)
{
    ge_dtype dt = ctx->n_inputs ? ctx->inputs[0].dtype : GE_DTYPE_UNDEFINED;
    ge_status st = ew_check_kernel_io(ctx, 2, dt);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[1].dtype != dt)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 has dtype %s; expected %s",
                       ge_dtype_name(ctx->inputs[1].dtype), ge_dtype_name(dt));
    ew_job j = {.in = {&ctx->inputs[0], &ctx->inputs[1]}, .n_in = 2, .out = &ctx->outputs[0], .fns = fns,
                .p = p, .cls = ew_class_of(dt)};
    if ((j.cls == EW_FLOAT && !fns->f) || (j.cls == EW_SIGNED && !fns->i) || (j.cls == EW_UNSIGNED && !fns->u))
        return no_class(ctx, dt);
    op_parallel_for_elems(ctx, (size_t)ir_tensor_numel(&ctx->outputs[0]), binary_chunk, &j);
    return GE_STATUS_SUCCESS;
}

static void pred_chunk(void *arg, size_t begin, size_t end)
{
    const ew_job *j = arg;
    const ew_pred_fns *fns = j->fns;
    const ir_shape *shapes[2] = {&j->in[0]->shape, j->n_in > 1 ? &j->in[1]->shape : &j->in[0]->shape};
    ew_iter it;
    ew_iter_init(&it, &j->out->shape, j->n_in, shapes, begin);
    const void *a = j->in[0]->data, *b = j->n_in > 1 ? j->in[1]->data : NULL;
    ge_dtype dt = j->in[0]->dtype;
    uint8_t *c = j->out->data;
    for (size_t i = begin; i < end; i++, ew_iter_next(&it)) {
        bool r = false;
        switch (j->cls) {
        case EW_FLOAT:
            r = fns->f(op_load_f64(a, dt, it.off[0]), b ? op_load_f64(b, dt, it.off[1]) : 0.0, j->p);
            break;
        case EW_SIGNED:
            r = fns->i(op_load_i64(a, dt, it.off[0]), b ? op_load_i64(b, dt, it.off[1]) : 0, j->p);
            break;
        case EW_UNSIGNED:
            r = fns->u((uint64_t)op_load_i64(a, dt, it.off[0]), b ? (uint64_t)op_load_i64(b, dt, it.off[1]) : 0,
                       j->p);
            break;
        }
        c[i] = r;
    }
}

ge_status ew_pred_run(op_kernel_ctx *ctx, size_t n_in, const ew_pred_fns *fns, const ew_params *p)
{
    ge_status st = ew_check_kernel_io(ctx, n_in, GE_DTYPE_BOOL);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ge_dtype dt = ctx->inputs[0].dtype;
    if (n_in > 1 && ctx->inputs[1].dtype != dt)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 has dtype %s; expected %s",
                       ge_dtype_name(ctx->inputs[1].dtype), ge_dtype_name(dt));
    ew_job j = {.n_in = n_in, .out = &ctx->outputs[0], .fns = fns, .p = p, .cls = ew_class_of(dt)};
    for (size_t k = 0; k < n_in; k++)
        j.in[k] = &ctx->inputs[k];
    if ((j.cls == EW_FLOAT && !fns->f) || (j.cls == EW_SIGNED && !fns->i) || (j.cls == EW_UNSIGNED && !fns->u))
        return no_class(ctx, dt);
    op_parallel_for_elems(ctx, (size_t)ir_tensor_numel(&ctx->outputs[0]), pred_chunk, &j);
    return GE_STATUS_SUCCESS;
}

/* ---------------------------------------------------------------- legacy broadcasting (opset < 7) */

/* The shape B takes when aligned to A at `axis` (1 elsewhere); false when it does not fit. */
static bool legacy_shape(const op_node_info *node, const ir_shape *a, const ir_shape *b, ir_shape *out)
{
    if (op_attr_int(node, "broadcast") == 0) {
        *out = *b;
        return true;
    }
    int64_t axis = op_attr(node, "axis") ? op_attr_int(node, "axis") : (int64_t)a->rank - b->rank;
    if (b->rank > a->rank || axis < 0 || axis + b->rank > a->rank)
        return false;
    ir_shape r = ir_shape_scalar();
    r.rank = a->rank;
    for (int32_t d = 0; d < a->rank; d++)
        r.dims[d] = 1;
    for (int32_t d = 0; d < b->rank; d++) {
        int64_t bd = b->dims[d], ad = a->dims[axis + d];
        if (bd >= 0 && ad >= 0 && bd != ad && bd != 1)
            return false;
        r.dims[axis + d] = bd;
    }
    *out = r;
    return true;
}

ge_status ew_legacy_infer(op_infer_ctx *ctx, ge_dtype out_dtype)
{
    ge_status st = ew_check_node(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 0, ctx->node.schema->dtypes, "A");
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 1, ctx->node.schema->dtypes, "B");
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[1].dtype != ctx->inputs[0].dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 has dtype %s; expected %s (the dtype of input 0)",
                       ge_dtype_name(ctx->inputs[1].dtype), ge_dtype_name(ctx->inputs[0].dtype));
    const ir_shape *a = &ctx->inputs[0].shape, *b = &ctx->inputs[1].shape;
    ir_shape out = *a;
    if (a->rank >= 0 && b->rank >= 0) {
        char x[96], y[96];
        if (op_attr_int(&ctx->node, "broadcast") == 0) {
            bool ok = a->rank == b->rank;
            for (int32_t d = 0; ok && d < a->rank; d++)
                if (a->dims[d] >= 0 && b->dims[d] >= 0 && a->dims[d] != b->dims[d])
                    ok = false;
            if (!ok)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "inputs have shapes %s and %s; without attribute broadcast=1 they must be equal",
                               ir_shape_format(a, x, sizeof x), ir_shape_format(b, y, sizeof y));
            for (int32_t d = 0; d < a->rank; d++)
                if (out.dims[d] < 0)
                    out.dims[d] = b->dims[d];
        } else {
            ir_shape v;
            if (!legacy_shape(&ctx->node, a, b, &v))
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "input 1 of shape %s does not fit input 0 of shape %s at axis %lld",
                               ir_shape_format(b, y, sizeof y), ir_shape_format(a, x, sizeof x),
                               (long long)(op_attr(&ctx->node, "axis") ? op_attr_int(&ctx->node, "axis")
                                                                      : (int64_t)a->rank - b->rank));
        }
    }
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = out_dtype == GE_DTYPE_UNDEFINED ? ctx->inputs[0].dtype : out_dtype;
    ctx->outputs[0].shape = out;
    return GE_STATUS_SUCCESS;
}

ge_status ew_legacy_run(op_kernel_ctx *ctx, op_kernel_fn inner)
{
    if (ctx->n_inputs < 2)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "kernel called with %zu inputs", ctx->n_inputs);
    ir_tensor in[2] = {ctx->inputs[0], ctx->inputs[1]};
    if (!legacy_shape(&ctx->node, &in[0].shape, &in[1].shape, &in[1].shape))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 does not fit input 0 for legacy broadcasting");
    op_kernel_ctx inner_ctx = *ctx;
    inner_ctx.inputs = in;
    inner_ctx.n_inputs = 2;
    return inner(&inner_ctx);
}

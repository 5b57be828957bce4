/* float32 fast-path drivers (see ew_f32.h). */
#include "ops/ew_f32.h"

#include "ops/eltwise_util.h"

#include <string.h>

/* ---------------------------------------------------------------- drivers */

typedef struct unary_job {
    kern_ew_unary_fn fn;
    const float *x;
    float *y;
    float a, b;
} unary_job;

static void unary_chunk_f32(void *arg, size_t begin, size_t end)
{
    const unary_job *j = arg;
    j->fn(j->x + begin, j->y + begin, end - begin, j->a, j->b);
}

ge_status ewf_unary_kernel(op_kernel_ctx *ctx, kern_ew_unary_op op, float a, float b)
{
    ge_status st = ew_check_kernel_io(ctx, 1, GE_DTYPE_FLOAT32);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ctx->inputs[0].dtype != GE_DTYPE_FLOAT32 || !ir_shape_equal(&ctx->inputs[0].shape, &ctx->outputs[0].shape))
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output shape or dtype differs from the input's");
    unary_job j = {kern_ew_active()->unary[op], ctx->inputs[0].data, ctx->outputs[0].data, a, b};
    op_parallel_for_elems(ctx, (size_t)ir_tensor_numel(&ctx->outputs[0]), unary_chunk_f32, &j);
    return GE_STATUS_SUCCESS;
}

/* A broadcast binary op as contiguous inner runs: output dims of 1 dropped, adjacent dims
 * merged while both inputs stay contiguous (or both broadcast) across them. The innermost
 * merged dim is the run: each input is either read along it (stride 1) or held (stride 0);
 * the outer merged dims are walked by an odometer. */
enum { RUN_VV, RUN_VS, RUN_SV };

typedef struct binary_job {
    const kern_ew_binary_fns *loops;
    const float *a, *b;
    float *c;
    int kind;
    size_t inner;
    int nouter;
    int64_t odims[IR_MAX_RANK], ast[IR_MAX_RANK], bst[IR_MAX_RANK];
} binary_job;

static void binary_plan(binary_job *j, const ir_shape *as, const ir_shape *bs, const ir_shape *out)
{
    int64_t sa[IR_MAX_RANK], sb[IR_MAX_RANK];
    op_broadcast_strides(as, out, sa);
    op_broadcast_strides(bs, out, sb);
    int64_t dims[IR_MAX_RANK], da[IR_MAX_RANK], db[IR_MAX_RANK];
    int m = 0;
    for (int32_t d = 0; d < out->rank; d++) {
        if (out->dims[d] == 1)
            continue;
        if (m > 0 && da[m - 1] == sa[d] * out->dims[d] && db[m - 1] == sb[d] * out->dims[d]) {
            dims[m - 1] *= out->dims[d];
            da[m - 1] = sa[d];
            db[m - 1] = sb[d];
            continue;
        }
        dims[m] = out->dims[d];
        da[m] = sa[d];
        db[m] = sb[d];
        m++;
    }
    if (m == 0) { /* a single element */
        j->kind = RUN_VV;
        j->inner = 1;
        j->nouter = 0;
        return;
    }
    j->inner = (size_t)dims[m - 1];
    j->kind = da[m - 1] != 0 && db[m - 1] != 0 ? RUN_VV : da[m - 1] != 0 ? RUN_VS : RUN_SV;
    j->nouter = m - 1;
    for (int d = 0; d < m - 1; d++) {
        j->odims[d] = dims[d];
        j->ast[d] = da[d];
        j->bst[d] = db[d];
    }
}

static void binary_chunk_f32(void *arg, size_t begin, size_t end)
{
    const binary_job *j = arg;
    size_t L = j->inner, o = begin / L, i0 = begin % L;
    int64_t idx[IR_MAX_RANK];
    size_t aoff = 0, boff = 0;
    for (int d = j->nouter - 1; d >= 0; d--) {
        idx[d] = (int64_t)(o % (size_t)j->odims[d]);
        o /= (size_t)j->odims[d];
        aoff += (size_t)(idx[d] * j->ast[d]);
        boff += (size_t)(idx[d] * j->bst[d]);
    }
    size_t pos = begin;
    while (pos < end) {
        size_t len = L - i0 < end - pos ? L - i0 : end - pos;
        switch (j->kind) {
        case RUN_VV: j->loops->vv(j->a + aoff + i0, j->b + boff + i0, j->c + pos, len); break;
        case RUN_VS: j->loops->vs(j->a + aoff + i0, j->b[boff], j->c + pos, len); break;
        default: j->loops->sv(j->a[aoff], j->b + boff + i0, j->c + pos, len); break;
        }
        pos += len;
        i0 = 0;
        for (int d = j->nouter - 1; d >= 0; d--) {
            if (++idx[d] < j->odims[d]) {
                aoff += (size_t)j->ast[d];
                boff += (size_t)j->bst[d];
                break;
            }
            idx[d] = 0;
            aoff -= (size_t)(j->ast[d] * (j->odims[d] - 1));
            boff -= (size_t)(j->bst[d] * (j->odims[d] - 1));
        }
    }
}

static void binary_apply(op_kernel_ctx *ctx, kern_ew_binary_op op, const ir_tensor *a, const ir_tensor *b, ir_tensor *c)
{
    size_t n = (size_t)ir_tensor_numel(c);
    if (n == 0)
        return;
    binary_job j = {.loops = &kern_ew_active()->binary[op], .a = a->data, .b = b->data, .c = c->data};
    binary_plan(&j, &a->shape, &b->shape, &c->shape);
    op_parallel_for_elems(ctx, n, binary_chunk_f32, &j);
}

ge_status ewf_binary_kernel(op_kernel_ctx *ctx, kern_ew_binary_op op)
{
    ge_status st = ew_check_kernel_io(ctx, 2, GE_DTYPE_FLOAT32);
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (size_t k = 0; k < 2; k++)
        if (ctx->inputs[k].dtype != GE_DTYPE_FLOAT32)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has dtype %s; expected float32", k,
                           ge_dtype_name(ctx->inputs[k].dtype));
    binary_apply(ctx, op, &ctx->inputs[0], &ctx->inputs[1], &ctx->outputs[0]);
    return GE_STATUS_SUCCESS;
}

static bool overlaps(const ir_tensor *x, const ir_tensor *y)
{
    const char *xa = x->data, *ya = y->data;
    return xa && ya && xa < ya + y->bytes && ya < xa + x->bytes;
}

ge_status ewf_variadic_kernel(op_kernel_ctx *ctx, kern_ew_binary_op op, bool mean, bool *handled)
{
    *handled = false;
    size_t n_in = ctx->n_inputs;
    if (n_in < 2 || (mean && n_in > 2))
        return GE_STATUS_SUCCESS;
    ge_status st = ew_check_kernel_io(ctx, n_in, GE_DTYPE_FLOAT32);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_tensor *y = &ctx->outputs[0];
    for (size_t k = 0; k < n_in; k++) {
        if (ctx->inputs[k].dtype != GE_DTYPE_FLOAT32)
            return GE_STATUS_SUCCESS; /* the reference reports it */
        /* y = in0 op in1 reads and writes element for element when y is in0 or in1 itself;
         * a later input that y overlaps would be overwritten before it is read */
        bool same = ctx->inputs[k].data == y->data && ir_shape_equal(&ctx->inputs[k].shape, &y->shape);
        if (overlaps(&ctx->inputs[k], y) && (k >= 2 || !same))
            return GE_STATUS_SUCCESS;
    }
    *handled = true;
    binary_apply(ctx, mean ? KERN_EW_MEAN2 : op, &ctx->inputs[0], &ctx->inputs[1], y);
    for (size_t k = 2; k < n_in; k++)
        binary_apply(ctx, op, y, &ctx->inputs[k], y);
    return GE_STATUS_SUCCESS;
}

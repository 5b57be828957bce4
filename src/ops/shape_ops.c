/* Shape family: Reshape Flatten Squeeze Unsqueeze Transpose Concat Split Expand Tile Shape
 * Size ConstantOfShape Constant Range EyeLike Trilu. Shape-like inputs (Reshape's shape,
 * Expand's shape, Tile's repeats, Split's split, ConstantOfShape, Range) are read from their
 * known values; Shape and Size attach their constant output when the input shape allows. */
#include "base/alloc.h"
#include "ops/tensor_util.h"

#include <math.h>
#include <string.h>

#define TYPE(ctx) ((ctx)->node.schema->type)

static ir_shape unknown_dims(int32_t rank)
{
    ir_shape s = ir_shape_unknown();
    if (rank >= 0 && rank <= IR_MAX_RANK) {
        s.rank = rank;
        for (int32_t d = 0; d < rank; d++)
            s.dims[d] = IR_DIM_UNKNOWN;
    }
    return s;
}

/* Rank a 1-D shape-like input gives when its contents are unknown (-2 when not known). */
static int32_t list_len(const op_value *v)
{
    if (v && v->shape.rank == 1 && v->shape.dims[0] >= 0 && v->shape.dims[0] <= IR_MAX_RANK)
        return (int32_t)v->shape.dims[0];
    return IR_RANK_UNKNOWN;
}

/* Kernel of ops whose output holds the input bytes unchanged (reshapes). */
static ge_status copy_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    if (y->bytes != x->bytes)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output holds %zu bytes, input %zu",
                       y->bytes, x->bytes);
    if (x->bytes && y->data != x->data)
        memcpy(y->data, x->data, x->bytes);
    return GE_STATUS_SUCCESS;
}

/* ---- Reshape ---- */

static ge_status reshape_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    int64_t req[IR_MAX_RANK];
    size_t n = 0;
    if (ctx->node.schema->max_inputs == 1) {
        const int64_t *a;
        n = op_attr_ints(&ctx->node, "shape", &a);
        if (n > IR_MAX_RANK)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'shape' has %zu entries; at most %d",
                           n, IR_MAX_RANK);
        if (n)
            memcpy(req, a, n * sizeof *req);
    } else {
        const op_value *sv = tu_in(ctx, 1);
        if (!sv)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'shape' is absent");
        TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
        if (!sv->value) {
            ir_shape s = unknown_dims(list_len(sv));
            tu_set_out(ctx, 0, x->dtype, &s);
            return GE_STATUS_SUCCESS;
        }
        TU_TRY(tu_read_ints(&ctx->node, sv->value, "input 1 'shape'", req, IR_MAX_RANK, &n));
    }
    bool allowzero = op_attr_int(&ctx->node, "allowzero") != 0;
    ir_shape s = ir_shape_scalar();
    s.rank = (int32_t)n;
    int neg = -1;
    bool has_zero = false;
    int64_t known = 1;
    bool all_known = true;
    for (size_t d = 0; d < n; d++) {
        int64_t v = req[d];
        if (v == -1) {
            if (neg >= 0)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "shape has more than one -1 (entries %d and %zu)", neg, d);
            neg = (int)d;
            s.dims[d] = IR_DIM_UNKNOWN;
            continue;
        }
        if (v < -1)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "shape entry %zu is %lld; expected >= -1",
                           d, (long long)v);
        if (v == 0 && !allowzero) {
            if (x->shape.rank >= 0 && (int32_t)d >= x->shape.rank)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "shape entry %zu is 0 (copy the input dim) but the input has rank %d", d,
                               (int)x->shape.rank);
            v = x->shape.rank >= 0 ? x->shape.dims[d] : IR_DIM_UNKNOWN;
        } else if (v == 0) {
            has_zero = true;
        }
        s.dims[d] = v;
        if (v < 0)
            all_known = false;
        else
            known *= v;
    }
    if (allowzero && has_zero && neg >= 0)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "shape has both 0 and -1 entries while allowzero is 1");
    int64_t numel = ir_shape_numel(&x->shape);
    if (numel >= 0 && all_known) {
        if (neg >= 0) {
            if (known == 0 || numel % known != 0)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "cannot reshape %lld elements with the -1 entry: the other dims multiply to %lld",
                               (long long)numel, (long long)known);
            s.dims[neg] = numel / known;
        } else if (known != numel) {
            char a[128];
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "cannot reshape input %s (%lld elements) to %lld elements",
                           ir_shape_format(&x->shape, a, sizeof a), (long long)numel, (long long)known);
        }
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

/* ---- Flatten ---- */

static ge_status flatten_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    ir_shape s = unknown_dims(2);
    if (x->shape.rank >= 0) {
        int64_t axis = op_attr_int(&ctx->node, "axis");
        int32_t r = x->shape.rank;
        if (axis < -r || axis > r)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "attribute 'axis' %lld is out of range [%d, %d]", (long long)axis, -r, r);
        if (axis < 0)
            axis += r;
        ir_shape a = x->shape, b = x->shape;
        a.rank = (int32_t)axis;
        b.rank = r - (int32_t)axis;
        memmove(b.dims, x->shape.dims + axis, sizeof(int64_t) * (size_t)b.rank);
        s.dims[0] = ir_shape_numel(&a);
        s.dims[1] = ir_shape_numel(&b);
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

/* ---- Squeeze / Unsqueeze ---- */

/* Reads axes from the attribute (v1) or input 1 (v13); *known false when input 1 is not known. */
static ge_status read_axes(op_infer_ctx *ctx, int64_t *axes, size_t *n, bool *known, bool *given)
{
    *n = 0;
    *known = true;
    *given = false;
    if (ctx->node.schema->max_inputs == 1) {
        const int64_t *a;
        const ir_attr *at = op_attr(&ctx->node, "axes");
        if (at && at->kind != IR_ATTR_INTS)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axes' has kind %s; expected ints",
                           ir_attr_kind_name(at->kind));
        *n = op_attr_ints(&ctx->node, "axes", &a);
        *given = at != NULL;
        if (*n > IR_MAX_RANK)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axes' has %zu entries", *n);
        if (*n)
            memcpy(axes, a, *n * sizeof *axes);
        return GE_STATUS_SUCCESS;
    }
    const op_value *av = tu_in(ctx, 1);
    if (!av)
        return GE_STATUS_SUCCESS;
    *given = true;
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    if (!av->value) {
        *known = false;
        return GE_STATUS_SUCCESS;
    }
    return tu_read_ints(&ctx->node, av->value, "input 1 'axes'", axes, IR_MAX_RANK, n);
}

static ge_status squeeze_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    int64_t axes[IR_MAX_RANK];
    size_t n;
    bool known, given;
    TU_TRY(read_axes(ctx, axes, &n, &known, &given));
    ir_shape s = ir_shape_unknown();
    if (x->shape.rank >= 0 && known) {
        int32_t r = x->shape.rank;
        bool drop[IR_MAX_RANK] = {false};
        if (n == 0) {
            for (int32_t d = 0; d < r; d++) {
                if (x->shape.dims[d] < 0) {
                    tu_set_out(ctx, 0, x->dtype, &s); /* which dims go is not known */
                    return GE_STATUS_SUCCESS;
                }
                drop[d] = x->shape.dims[d] == 1;
            }
        } else {
            int32_t norm[IR_MAX_RANK];
            TU_TRY(tu_norm_axes(&ctx->node, axes, n, r, "axes", norm));
            for (size_t k = 0; k < n; k++) {
                int64_t dim = x->shape.dims[norm[k]];
                if (dim >= 0 && dim != 1)
                    return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                                   "cannot squeeze axis %d: its dim is %lld, not 1", (int)norm[k],
                                   (long long)dim);
                drop[norm[k]] = true;
            }
        }
        s = ir_shape_scalar();
        for (int32_t d = 0; d < r; d++)
            if (!drop[d])
                s.dims[s.rank++] = x->shape.dims[d];
    } else if (x->shape.rank >= 0 && given && list_len(tu_in(ctx, 1)) >= 0) {
        s = unknown_dims(x->shape.rank - list_len(tu_in(ctx, 1)));
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status unsqueeze_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    int64_t axes[IR_MAX_RANK];
    size_t n;
    bool known, given;
    TU_TRY(read_axes(ctx, axes, &n, &known, &given));
    if (!given)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "axes are required (%s)",
                       ctx->node.schema->max_inputs == 1 ? "attribute 'axes'" : "input 1");
    ir_shape s = ir_shape_unknown();
    if (x->shape.rank >= 0 && known) {
        int32_t r = x->shape.rank + (int32_t)n;
        if (r > IR_MAX_RANK)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "output rank %d exceeds %d", (int)r,
                           IR_MAX_RANK);
        int32_t norm[IR_MAX_RANK];
        TU_TRY(tu_norm_axes(&ctx->node, axes, n, r, "axes", norm));
        bool ins[IR_MAX_RANK] = {false};
        for (size_t k = 0; k < n; k++)
            ins[norm[k]] = true;
        s = ir_shape_scalar();
        s.rank = r;
        int32_t j = 0;
        for (int32_t d = 0; d < r; d++)
            s.dims[d] = ins[d] ? 1 : x->shape.dims[j++];
    } else if (x->shape.rank >= 0 && list_len(tu_in(ctx, 1)) >= 0) {
        s = unknown_dims(x->shape.rank + list_len(tu_in(ctx, 1)));
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

/* ---- Transpose ---- */

static ge_status transpose_perm(const op_node_info *node, int32_t r, int32_t *perm)
{
    const int64_t *p;
    size_t n = op_attr_ints(node, "perm", &p);
    if (n == 0 && !op_attr(node, "perm")) {
        for (int32_t d = 0; d < r; d++)
            perm[d] = r - 1 - d;
        return GE_STATUS_SUCCESS;
    }
    if ((int32_t)n != r)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'perm' has %zu entries; the input rank is %d",
                       n, (int)r);
    return tu_norm_axes(node, p, n, r, "attribute 'perm'", perm);
}

static ge_status transpose_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    ir_shape s = ir_shape_unknown();
    if (x->shape.rank >= 0) {
        int32_t perm[IR_MAX_RANK];
        TU_TRY(transpose_perm(&ctx->node, x->shape.rank, perm));
        s = x->shape;
        for (int32_t d = 0; d < s.rank; d++)
            s.dims[d] = x->shape.dims[perm[d]];
    } else {
        const int64_t *p;
        size_t n = op_attr_ints(&ctx->node, "perm", &p);
        if (n)
            s = unknown_dims((int32_t)n);
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status transpose_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    int32_t perm[IR_MAX_RANK];
    TU_TRY(transpose_perm(&ctx->node, x->shape.rank, perm));
    int64_t ist[IR_MAX_RANK], st[IR_MAX_RANK];
    ir_shape_strides(&x->shape, ist);
    for (int32_t d = 0; d < x->shape.rank; d++)
        st[d] = ist[perm[d]];
    tu_strided_copy(ctx->outputs[0].data, x->data, ge_dtype_size(x->dtype), &ctx->outputs[0].shape, st, 0);
    return GE_STATUS_SUCCESS;
}

/* ---- Concat ---- */

static ge_status concat_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    const op_value *x0 = tu_in(ctx, 0);
    int32_t rank = IR_RANK_UNKNOWN;
    for (size_t i = 0; i < ctx->n_inputs; i++) {
        const op_value *v = tu_in(ctx, i);
        if (!v)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu is absent", i);
        TU_TRY(op_check_dtype(ctx, i, ctx->node.schema->dtypes));
        if (v->dtype != x0->dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has dtype %s; input 0 has %s", i,
                           ge_dtype_name(v->dtype), ge_dtype_name(x0->dtype));
        if (v->shape.rank >= 0) {
            if (rank >= 0 && v->shape.rank != rank)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has rank %d; expected %d", i,
                               (int)v->shape.rank, (int)rank);
            rank = v->shape.rank;
        }
    }
    if (rank < 0) {
        ir_shape s = ir_shape_unknown();
        tu_set_out(ctx, 0, x0->dtype, &s);
        return GE_STATUS_SUCCESS;
    }
    int32_t ax;
    int64_t axis = op_attr_int(&ctx->node, "axis");
    if (!op_attr(&ctx->node, "axis") && ctx->node.schema->since_opset >= 4)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' is required");
    if (!ir_axis_normalize(axis, rank, &ax))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d",
                       (long long)axis, (int)rank);
    ir_shape s = unknown_dims(rank);
    s.dims[ax] = 0;
    for (size_t i = 0; i < ctx->n_inputs; i++) {
        const ir_shape *is = &ctx->inputs[i].shape;
        if (is->rank < 0) {
            s.dims[ax] = IR_DIM_UNKNOWN;
            continue;
        }
        for (int32_t d = 0; d < rank; d++) {
            int64_t v = is->dims[d];
            if (d == ax) {
                s.dims[d] = (v < 0 || s.dims[d] < 0) ? IR_DIM_UNKNOWN : s.dims[d] + v;
                continue;
            }
            if (v < 0)
                continue;
            if (s.dims[d] >= 0 && s.dims[d] != v)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "input %zu has dim %d = %lld; other inputs have %lld", i, (int)d,
                               (long long)v, (long long)s.dims[d]);
            s.dims[d] = v;
        }
    }
    tu_set_out(ctx, 0, x0->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status concat_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    ir_tensor *y = &ctx->outputs[0];
    int32_t ax;
    ir_axis_normalize(op_attr_int(&ctx->node, "axis"), y->shape.rank, &ax);
    size_t es = ge_dtype_size(y->dtype);
    int64_t outer = tu_prod(&y->shape, 0, ax), inner = tu_prod(&y->shape, ax + 1, y->shape.rank);
    size_t out_row = (size_t)(y->shape.dims[ax] * inner) * es;
    size_t off = 0;
    for (size_t i = 0; i < ctx->n_inputs; i++) {
        const ir_tensor *x = &ctx->inputs[i];
        size_t row = (size_t)(x->shape.dims[ax] * inner) * es;
        for (int64_t o = 0; o < outer; o++)
            if (row)
                memcpy((char *)y->data + (size_t)o * out_row + off, (const char *)x->data + (size_t)o * row, row);
        off += row;
    }
    return GE_STATUS_SUCCESS;
}

/* ---- Split ---- */

/* Lengths of the outputs along the axis (dim may be unknown: -1), *known false when they
 * depend on an unknown input. */
static ge_status split_lengths(op_infer_ctx *ctx, int64_t dim, int64_t *len, bool *known)
{
    const op_node_info *node = &ctx->node;
    size_t nout = ctx->n_outputs;
    int64_t split[TU_MAX_OUT];
    size_t n = 0;
    bool have = false;
    *known = true;
    const op_value *sv = ctx->node.schema->max_inputs >= 2 ? tu_in(ctx, 1) : NULL;
    if (sv && ctx->node.schema->since_opset >= 18 && op_attr(node, "num_outputs"))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "has both input 1 'split' and attribute 'num_outputs'; expected one");
    if (sv) {
        TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
        if (!sv->value) {
            *known = false;
            return GE_STATUS_SUCCESS;
        }
        TU_TRY(tu_read_ints(node, sv->value, "input 1 'split'", split, TU_MAX_OUT, &n));
        have = n > 0;
    } else if (op_attr(node, "split")) {
        const int64_t *a;
        n = op_attr_ints(node, "split", &a);
        if (n > TU_MAX_OUT)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'split' has %zu entries", n);
        if (n)
            memcpy(split, a, n * sizeof *split);
        have = n > 0;
    }
    if (have) {
        if (n != nout)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "split has %zu entries; the node has %zu outputs",
                           n, nout);
        int64_t sum = 0;
        for (size_t k = 0; k < n; k++) {
            if (split[k] < 0)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "split entry %zu is %lld; expected >= 0", k,
                               (long long)split[k]);
            len[k] = split[k];
            sum += split[k];
        }
        if (dim >= 0 && sum != dim)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "split entries sum to %lld; the axis has %lld",
                           (long long)sum, (long long)dim);
        return GE_STATUS_SUCCESS;
    }
    const ir_attr *no = op_attr(node, "num_outputs");
    if (no && ctx->node.schema->since_opset >= 18) {
        if (no->i < 1 || (size_t)no->i != nout)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'num_outputs' is %lld; the node has %zu outputs",
                           (long long)no->i, nout);
        if (dim < 0) {
            *known = false;
            return GE_STATUS_SUCCESS;
        }
        int64_t chunk = (dim + (int64_t)nout - 1) / (int64_t)nout;
        int64_t left = dim;
        for (size_t k = 0; k < nout; k++) {
            len[k] = left < chunk ? left : chunk;
            left -= len[k];
        }
        return GE_STATUS_SUCCESS;
    }
    if (dim < 0) {
        *known = false;
        return GE_STATUS_SUCCESS;
    }
    if (dim % (int64_t)nout != 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "axis of %lld does not split evenly into %zu outputs",
                       (long long)dim, nout);
    for (size_t k = 0; k < nout; k++)
        len[k] = dim / (int64_t)nout;
    return GE_STATUS_SUCCESS;
}

static ge_status split_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    if (ctx->n_outputs > TU_MAX_OUT)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu outputs; at most %d", ctx->n_outputs,
                       TU_MAX_OUT);
    if (x->shape.rank < 0) {
        ir_shape s = ir_shape_unknown();
        for (size_t k = 0; k < ctx->n_outputs; k++)
            tu_set_out(ctx, k, x->dtype, &s);
        return GE_STATUS_SUCCESS;
    }
    int32_t ax;
    int64_t axis = op_attr_int(&ctx->node, "axis");
    if (!ir_axis_normalize(axis, x->shape.rank, &ax))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d",
                       (long long)axis, (int)x->shape.rank);
    int64_t len[TU_MAX_OUT];
    bool known;
    TU_TRY(split_lengths(ctx, x->shape.dims[ax], len, &known));
    for (size_t k = 0; k < ctx->n_outputs; k++) {
        ir_shape s = x->shape;
        s.dims[ax] = known ? len[k] : IR_DIM_UNKNOWN;
        tu_set_out(ctx, k, x->dtype, &s);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status split_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    int32_t ax;
    ir_axis_normalize(op_attr_int(&ctx->node, "axis"), x->shape.rank, &ax);
    size_t es = ge_dtype_size(x->dtype);
    int64_t outer = tu_prod(&x->shape, 0, ax), inner = tu_prod(&x->shape, ax + 1, x->shape.rank);
    size_t in_row = (size_t)(x->shape.dims[ax] * inner) * es;
    size_t off = 0;
    for (size_t k = 0; k < ctx->n_outputs; k++) {
        ir_tensor *y = &ctx->outputs[k];
        size_t row = (size_t)(y->shape.dims[ax] * inner) * es;
        for (int64_t o = 0; o < outer; o++)
            if (row)
                memcpy((char *)y->data + (size_t)o * row, (const char *)x->data + (size_t)o * in_row + off, row);
        off += row;
    }
    return GE_STATUS_SUCCESS;
}

/* ---- Expand ---- */

static ge_status expand_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *x = tu_in(ctx, 0), *sv = tu_in(ctx, 1);
    ir_shape s = ir_shape_unknown();
    if (sv->value) {
        int64_t dims[IR_MAX_RANK];
        size_t n;
        TU_TRY(tu_read_ints(&ctx->node, sv->value, "input 1 'shape'", dims, IR_MAX_RANK, &n));
        ir_shape target;
        for (size_t k = 0; k < n; k++)
            if (dims[k] < 0)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "shape entry %zu is %lld; expected >= 0", k,
                               (long long)dims[k]);
        ir_shape_make(&target, n, dims);
        const ir_shape *both[] = {&x->shape, &target};
        TU_TRY(op_broadcast_shapes(&ctx->node, 2, both, &s));
    } else if (x->shape.rank >= 0 && list_len(sv) >= 0) {
        s = unknown_dims(x->shape.rank > list_len(sv) ? x->shape.rank : list_len(sv));
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status expand_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int64_t st[IR_MAX_RANK];
    op_broadcast_strides(&x->shape, &y->shape, st);
    tu_strided_copy(y->data, x->data, ge_dtype_size(x->dtype), &y->shape, st, 0);
    return GE_STATUS_SUCCESS;
}

/* ---- Tile ---- */

static ge_status tile_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *x = tu_in(ctx, 0), *rv = tu_in(ctx, 1);
    ir_shape s = x->shape.rank >= 0 ? unknown_dims(x->shape.rank) : unknown_dims(list_len(rv));
    if (rv->value) {
        int64_t rep[IR_MAX_RANK];
        size_t n;
        TU_TRY(tu_read_ints(&ctx->node, rv->value, "input 1 'repeats'", rep, IR_MAX_RANK, &n));
        if (x->shape.rank >= 0 && (int32_t)n != x->shape.rank)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'repeats' has %zu entries; the input rank is %d",
                           n, (int)x->shape.rank);
        for (size_t k = 0; k < n; k++) {
            if (rep[k] < 0)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "repeats entry %zu is %lld; expected >= 0",
                               k, (long long)rep[k]);
            if (x->shape.rank >= 0 && x->shape.dims[k] >= 0)
                s.dims[k] = x->shape.dims[k] * rep[k];
        }
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status tile_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int32_t r = x->shape.rank;
    int64_t n = ir_tensor_numel(y);
    size_t es = ge_dtype_size(x->dtype);
    int64_t ist[IR_MAX_RANK], idx[IR_MAX_RANK] = {0}, src[IR_MAX_RANK] = {0};
    ir_shape_strides(&x->shape, ist);
    int64_t off = 0;
    for (int64_t i = 0; i < n; i++) {
        memcpy((char *)y->data + (size_t)i * es, (const char *)x->data + (size_t)off * es, es);
        for (int32_t d = r - 1; d >= 0; d--) {
            idx[d]++;
            src[d]++;
            off += ist[d];
            if (src[d] == x->shape.dims[d]) {
                src[d] = 0;
                off -= ist[d] * x->shape.dims[d];
            }
            if (idx[d] < y->shape.dims[d])
                break;
            idx[d] = 0;
            off -= ist[d] * src[d];
            src[d] = 0;
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ---- Shape / Size ---- */

static void shape_range(const op_node_info *node, int32_t r, int64_t *start, int64_t *end)
{
    int64_t s = op_attr_int(node, "start");
    int64_t e = op_attr(node, "end") ? op_attr_int(node, "end") : r;
    if (s < 0)
        s += r;
    if (e < 0)
        e += r;
    s = s < 0 ? 0 : s > r ? r : s;
    e = e < 0 ? 0 : e > r ? r : e;
    *start = s;
    *end = e < s ? s : e;
}

static ge_status shape_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    const op_value *x = tu_in(ctx, 0);
    ir_shape s = unknown_dims(1);
    if (x->shape.rank < 0) {
        tu_set_out(ctx, 0, GE_DTYPE_INT64, &s);
        return GE_STATUS_SUCCESS;
    }
    int64_t st, en;
    shape_range(&ctx->node, x->shape.rank, &st, &en);
    s.dims[0] = en - st;
    tu_set_out(ctx, 0, GE_DTYPE_INT64, &s);
    bool known = true;
    for (int64_t d = st; d < en; d++)
        if (x->shape.dims[d] < 0)
            known = false;
    if (known && ctx->set_output_value) {
        ir_tensor v;
        TU_TRY(ir_tensor_alloc(&v, GE_DTYPE_INT64, &s));
        for (int64_t d = st; d < en; d++)
            ((int64_t *)v.data)[d - st] = x->shape.dims[d];
        ge_status rc = ctx->set_output_value(ctx, 0, &v);
        if (rc != GE_STATUS_SUCCESS) {
            ir_tensor_free_data(&v);
            return rc;
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status shape_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    int64_t st, en;
    shape_range(&ctx->node, x->shape.rank, &st, &en);
    for (int64_t d = st; d < en; d++)
        ((int64_t *)ctx->outputs[0].data)[d - st] = x->shape.dims[d];
    return GE_STATUS_SUCCESS;
}

static ge_status size_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    const op_value *x = tu_in(ctx, 0);
    ir_shape s = ir_shape_scalar();
    tu_set_out(ctx, 0, GE_DTYPE_INT64, &s);
    int64_t n = ir_shape_numel(&x->shape);
    if (n >= 0 && ctx->set_output_value) {
        ir_tensor v;
        TU_TRY(ir_tensor_alloc(&v, GE_DTYPE_INT64, &s));
        *(int64_t *)v.data = n;
        ge_status rc = ctx->set_output_value(ctx, 0, &v);
        if (rc != GE_STATUS_SUCCESS) {
            ir_tensor_free_data(&v);
            return rc;
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status size_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    *(int64_t *)ctx->outputs[0].data = ir_tensor_numel(&ctx->inputs[0]);
    return GE_STATUS_SUCCESS;
}

/* ---- ConstantOfShape ---- */

static ge_status cos_value(const op_node_info *node, const ir_tensor **out)
{
    const ir_attr *a = op_attr(node, "value");
    *out = NULL;
    if (!a)
        return GE_STATUS_SUCCESS;
    if (a->kind != IR_ATTR_TENSOR)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'value' has kind %s; expected tensor",
                       ir_attr_kind_name(a->kind));
    if (ir_tensor_numel(&a->t) != 1 || !(GE_DTS_ALL & GE_DT(a->t.dtype)))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'value' must be a one-element numeric or bool tensor; found %lld elements of %s",
                       (long long)ir_tensor_numel(&a->t), ge_dtype_name(a->t.dtype));
    *out = &a->t;
    return GE_STATUS_SUCCESS;
}

static ge_status cos_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, GE_DT(GE_DTYPE_INT64)));
    const ir_tensor *val;
    TU_TRY(cos_value(&ctx->node, &val));
    ge_dtype dt = val ? val->dtype : GE_DTYPE_FLOAT32;
    const op_value *sv = tu_in(ctx, 0);
    ir_shape s = unknown_dims(list_len(sv));
    if (sv->value) {
        int64_t dims[IR_MAX_RANK];
        size_t n;
        TU_TRY(tu_read_ints(&ctx->node, sv->value, "input 0 'input'", dims, IR_MAX_RANK, &n));
        for (size_t k = 0; k < n; k++)
            if (dims[k] < 0)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "shape entry %zu is %lld; expected >= 0", k,
                               (long long)dims[k]);
        ir_shape_make(&s, n, dims);
    }
    tu_set_out(ctx, 0, dt, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status cos_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *val;
    TU_TRY(cos_value(&ctx->node, &val));
    ir_tensor *y = &ctx->outputs[0];
    int64_t n = ir_tensor_numel(y);
    if (!val)
        return GE_STATUS_SUCCESS; /* zeroed float32 */
    size_t es = ge_dtype_size(y->dtype);
    for (int64_t i = 0; i < n; i++)
        memcpy((char *)y->data + (size_t)i * es, val->data, es);
    return GE_STATUS_SUCCESS;
}

/* ---- Constant ---- */

/* Builds the constant's tensor (caller frees). */
static ge_status constant_value(const op_node_info *node, ir_tensor *out)
{
    static const char *const kinds[] = {"value", "value_float", "value_floats", "value_int", "value_ints",
                                        "value_string", "value_strings", "sparse_value"};
    const ir_attr *found = NULL;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const ir_attr *a = op_attr(node, kinds[k]);
        if (!a)
            continue;
        if (found)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "has both attributes '%s' and '%s'; expected exactly one",
                           found->name, a->name);
        found = a;
    }
    if (!found)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "has none of the attributes value, value_float(s), value_int(s)");
    const char *nm = found->name;
    ir_shape s = ir_shape_scalar();
    if (strcmp(nm, "value") == 0 && found->kind == IR_ATTR_TENSOR) {
        if (!(GE_DTS_ALL & GE_DT(found->t.dtype)))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'value' has dtype %s; not supported",
                           ge_dtype_name(found->t.dtype));
        return ir_tensor_clone(out, &found->t);
    }
    if (strcmp(nm, "value_float") == 0 && found->kind == IR_ATTR_FLOAT)
        return ir_tensor_from_data(out, GE_DTYPE_FLOAT32, &s, &found->f, sizeof(float));
    if (strcmp(nm, "value_int") == 0 && found->kind == IR_ATTR_INT)
        return ir_tensor_from_data(out, GE_DTYPE_INT64, &s, &found->i, sizeof(int64_t));
    if (strcmp(nm, "value_floats") == 0 && found->kind == IR_ATTR_FLOATS) {
        int64_t d = (int64_t)found->count;
        ir_shape_make(&s, 1, &d);
        return ir_tensor_from_data(out, GE_DTYPE_FLOAT32, &s, found->floats, found->count * sizeof(float));
    }
    if (strcmp(nm, "value_ints") == 0 && found->kind == IR_ATTR_INTS) {
        int64_t d = (int64_t)found->count;
        ir_shape_make(&s, 1, &d);
        return ir_tensor_from_data(out, GE_DTYPE_INT64, &s, found->ints, found->count * sizeof(int64_t));
    }
    if (strncmp(nm, "value_string", 12) == 0 || strcmp(nm, "sparse_value") == 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' is not supported", nm);
    return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' has kind %s; not the kind it takes", nm,
                   ir_attr_kind_name(found->kind));
}

static ge_status constant_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    ir_tensor v;
    TU_TRY(constant_value(&ctx->node, &v));
    tu_set_out(ctx, 0, v.dtype, &v.shape);
    if (ctx->set_output_value) {
        ge_status rc = ctx->set_output_value(ctx, 0, &v);
        if (rc != GE_STATUS_SUCCESS)
            ir_tensor_free_data(&v);
        return rc;
    }
    ir_tensor_free_data(&v);
    return GE_STATUS_SUCCESS;
}

static ge_status constant_kernel(op_kernel_ctx *ctx)
{
    ir_tensor v;
    TU_TRY(constant_value(&ctx->node, &v));
    ge_status rc = tu_out_ready(ctx, 0, &v.shape);
    if (rc == GE_STATUS_SUCCESS && v.bytes)
        memcpy(ctx->outputs[0].data, v.data, v.bytes);
    ir_tensor_free_data(&v);
    return rc;
}

/* ---- Range ---- */

static ge_status range_count(const op_node_info *node, const ir_tensor *const *in, int64_t *n)
{
    ge_dtype dt = in[0]->dtype;
    for (int k = 0; k < 3; k++)
        if (ir_tensor_numel(in[k]) != 1 || !in[k]->data)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %d must be a scalar", k);
    if (ge_dtype_is_float(dt)) {
        double s = op_load_f64(in[0]->data, dt, 0), l = op_load_f64(in[1]->data, dt, 0),
               d = op_load_f64(in[2]->data, dt, 0);
        if (d == 0 || isnan(d) || isnan(s) || isnan(l))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'delta' must be non-zero (and no input NaN)");
        double c = ceil((l - s) / d);
        if (!(c < 9.0e15))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "the range has too many elements (%g)", c);
        *n = c > 0 ? (int64_t)c : 0;
        return GE_STATUS_SUCCESS;
    }
    int64_t s = op_load_i64(in[0]->data, dt, 0), l = op_load_i64(in[1]->data, dt, 0),
            d = op_load_i64(in[2]->data, dt, 0);
    if (d == 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'delta' must be non-zero");
    double span = (double)l - (double)s;
    if ((span > 0) != (d > 0) || span == 0) {
        *n = 0;
        return GE_STATUS_SUCCESS;
    }
    /* ceil((l - s) / d) in exact arithmetic (all values fit: inputs are at most int64). */
    __int128 num = (__int128)l - s;
    __int128 q = num / d, r = num % d;
    if (r != 0 && ((r > 0) == (d > 0)))
        q++;
    *n = (int64_t)q;
    return GE_STATUS_SUCCESS;
}

static ge_status range_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    const op_value *v[3];
    for (int k = 0; k < 3; k++) {
        v[k] = tu_in(ctx, (size_t)k);
        TU_TRY(op_check_dtype(ctx, (size_t)k, ctx->node.schema->dtypes));
        if (v[k]->dtype != v[0]->dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %d has dtype %s; input 0 has %s", k,
                           ge_dtype_name(v[k]->dtype), ge_dtype_name(v[0]->dtype));
        if (v[k]->shape.rank > 0 && ir_shape_numel(&v[k]->shape) > 1)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %d must be a scalar", k);
    }
    ir_shape s = unknown_dims(1);
    if (v[0]->value && v[1]->value && v[2]->value) {
        const ir_tensor *t[3] = {v[0]->value, v[1]->value, v[2]->value};
        TU_TRY(range_count(&ctx->node, t, &s.dims[0]));
    }
    tu_set_out(ctx, 0, v[0]->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status range_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    ir_tensor *y = &ctx->outputs[0];
    ge_dtype dt = y->dtype;
    int64_t n = y->shape.dims[0];
    const ir_tensor *in = ctx->inputs;
    if (ge_dtype_is_float(dt)) {
        double s = op_load_f64(in[0].data, dt, 0), d = op_load_f64(in[2].data, dt, 0);
        for (int64_t i = 0; i < n; i++)
            op_store_f64(y->data, dt, (size_t)i, s + (double)i * d);
    } else {
        int64_t s = op_load_i64(in[0].data, dt, 0), d = op_load_i64(in[2].data, dt, 0);
        for (int64_t i = 0; i < n; i++)
            op_store_i64(y->data, dt, (size_t)i, (int64_t)((uint64_t)s + (uint64_t)i * (uint64_t)d));
    }
    return GE_STATUS_SUCCESS;
}

/* ---- EyeLike ---- */

static ge_status eyelike_dtype(const op_infer_ctx *ctx, ge_dtype *dt)
{
    const ir_attr *a = op_attr(&ctx->node, "dtype");
    *dt = ctx->inputs[0].dtype;
    if (a && !ge_dtype_from_onnx(a->i, dt))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'dtype' %lld is not a supported type",
                       (long long)a->i);
    if (!(ctx->node.schema->dtypes & GE_DT(*dt)))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "output dtype %s is not supported",
                       ge_dtype_name(*dt));
    return GE_STATUS_SUCCESS;
}

static ge_status eyelike_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    if (x->shape.rank >= 0 && x->shape.rank != 2)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected 2", (int)x->shape.rank);
    ge_dtype dt;
    TU_TRY(eyelike_dtype(ctx, &dt));
    ir_shape s = x->shape.rank == 2 ? x->shape : unknown_dims(2);
    tu_set_out(ctx, 0, dt, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status eyelike_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    ir_tensor *y = &ctx->outputs[0];
    int64_t k = op_attr_int(&ctx->node, "k"), rows = y->shape.dims[0], cols = y->shape.dims[1];
    if (y->bytes)
        memset(y->data, 0, y->bytes); /* output memory is not zeroed (arena reuse) */
    for (int64_t i = 0; i < rows; i++) {
        int64_t j = i + k;
        if (j >= 0 && j < cols)
            op_store_i64(y->data, y->dtype, (size_t)(i * cols + j), 1);
    }
    return GE_STATUS_SUCCESS;
}

/* ---- Trilu ---- */

static ge_status trilu_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *x = tu_in(ctx, 0);
    if (x->shape.rank >= 0 && x->shape.rank < 2)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected at least 2",
                       (int)x->shape.rank);
    tu_set_out(ctx, 0, x->dtype, &x->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status trilu_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int64_t k = 0;
    const ir_tensor *kt = tu_kin(ctx, 1);
    if (kt)
        TU_TRY(tu_read_scalar_i64(&ctx->node, kt, "input 1 'k'", &k));
    bool upper = op_attr_int(&ctx->node, "upper") != 0;
    int32_t r = x->shape.rank;
    int64_t rows = x->shape.dims[r - 2], cols = x->shape.dims[r - 1];
    int64_t mats = tu_prod(&x->shape, 0, r - 2);
    size_t es = ge_dtype_size(x->dtype);
    if (x->bytes)
        memcpy(y->data, x->data, x->bytes);
    for (int64_t m = 0; m < mats; m++)
        for (int64_t i = 0; i < rows; i++)
            for (int64_t j = 0; j < cols; j++) {
                bool keep = upper ? j - i >= k : j - i <= k;
                if (!keep)
                    memset((char *)y->data + (size_t)((m * rows + i) * cols + j) * es, 0, es);
            }
    return GE_STATUS_SUCCESS;
}

/* ---- tables ---- */

static const op_attr_def reshape_v1_attrs[] = {
    {"shape", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def reshape_v14_attrs[] = {
    {"allowzero", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def flatten_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def axes_attrs[] = {
    {"axes", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def unsqueeze_v1_attrs[] = {
    {"axes", IR_ATTR_INTS, true, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def perm_attrs[] = {
    {"perm", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def concat_v1_attrs[] = {
    {"axis", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def concat_attrs[] = {
    {"axis", IR_ATTR_INT, true, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def split_v1_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    {"split", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def split_v13_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def split_v18_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    {"num_outputs", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def shape_v15_attrs[] = {
    {"start", IR_ATTR_INT, false, 0, 0, NULL},
    {"end", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def cos_attrs[] = {
    {"value", IR_ATTR_TENSOR, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def constant_attrs[] = {
    {"value", IR_ATTR_TENSOR, false, 0, 0, NULL},
    {"value_float", IR_ATTR_FLOAT, false, 0, 0, NULL},
    {"value_floats", IR_ATTR_FLOATS, false, 0, 0, NULL},
    {"value_int", IR_ATTR_INT, false, 0, 0, NULL},
    {"value_ints", IR_ATTR_INTS, false, 0, 0, NULL},
    {"value_string", IR_ATTR_STRING, false, 0, 0, NULL},
    {"value_strings", IR_ATTR_STRINGS, false, 0, 0, NULL},
    {"sparse_value", IR_ATTR_UNDEFINED, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def eyelike_attrs[] = {
    {"dtype", IR_ATTR_INT, false, 0, 0, NULL},
    {"k", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def trilu_attrs[] = {
    {"upper", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};

#define ALL GE_DTS_ALL
#define MAX OP_ONNX_OPSET_MAX
#define RANGE_DT (GE_DTS_FLOATS | GE_DT(GE_DTYPE_INT16) | GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))

const op_schema op_family_shape_ops[] = {
    {"Reshape", OP_DOMAIN_ONNX, 1, 4, 1, 1, 1, 1, reshape_v1_attrs, ALL, reshape_infer, copy_kernel},
    {"Reshape", OP_DOMAIN_ONNX, 5, 13, 2, 2, 1, 1, NULL, ALL, reshape_infer, copy_kernel},
    {"Reshape", OP_DOMAIN_ONNX, 14, MAX, 2, 2, 1, 1, reshape_v14_attrs, ALL, reshape_infer, copy_kernel},
    {"Flatten", OP_DOMAIN_ONNX, 1, MAX, 1, 1, 1, 1, flatten_attrs, ALL, flatten_infer, copy_kernel},
    {"Squeeze", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, axes_attrs, ALL, squeeze_infer, copy_kernel},
    {"Squeeze", OP_DOMAIN_ONNX, 13, MAX, 1, 2, 1, 1, NULL, ALL, squeeze_infer, copy_kernel},
    {"Unsqueeze", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, unsqueeze_v1_attrs, ALL, unsqueeze_infer, copy_kernel},
    {"Unsqueeze", OP_DOMAIN_ONNX, 13, MAX, 2, 2, 1, 1, NULL, ALL, unsqueeze_infer, copy_kernel},
    {"Transpose", OP_DOMAIN_ONNX, 1, MAX, 1, 1, 1, 1, perm_attrs, ALL, transpose_infer, transpose_kernel},
    {"Concat", OP_DOMAIN_ONNX, 1, 3, 1, OP_VARIADIC, 1, 1, concat_v1_attrs, ALL, concat_infer, concat_kernel},
    {"Concat", OP_DOMAIN_ONNX, 4, MAX, 1, OP_VARIADIC, 1, 1, concat_attrs, ALL, concat_infer, concat_kernel},
    {"Split", OP_DOMAIN_ONNX, 1, 1, 1, 2, 1, OP_VARIADIC, split_v1_attrs, ALL, split_infer, split_kernel},
    {"Split", OP_DOMAIN_ONNX, 2, 12, 1, 1, 1, OP_VARIADIC, split_v1_attrs, ALL, split_infer, split_kernel},
    {"Split", OP_DOMAIN_ONNX, 13, 17, 1, 2, 1, OP_VARIADIC, split_v13_attrs, ALL, split_infer, split_kernel},
    {"Split", OP_DOMAIN_ONNX, 18, MAX, 1, 2, 1, OP_VARIADIC, split_v18_attrs, ALL, split_infer, split_kernel},
    {"Expand", OP_DOMAIN_ONNX, 8, MAX, 2, 2, 1, 1, NULL, ALL, expand_infer, expand_kernel},
    {"Tile", OP_DOMAIN_ONNX, 6, MAX, 2, 2, 1, 1, NULL, ALL, tile_infer, tile_kernel},
    {"Shape", OP_DOMAIN_ONNX, 1, 14, 1, 1, 1, 1, NULL, ALL | GE_DT(GE_DTYPE_STRING), shape_infer, shape_kernel},
    {"Shape", OP_DOMAIN_ONNX, 15, MAX, 1, 1, 1, 1, shape_v15_attrs, ALL | GE_DT(GE_DTYPE_STRING), shape_infer,
     shape_kernel},
    {"Size", OP_DOMAIN_ONNX, 1, MAX, 1, 1, 1, 1, NULL, ALL | GE_DT(GE_DTYPE_STRING), size_infer, size_kernel},
    {"ConstantOfShape", OP_DOMAIN_ONNX, 9, MAX, 1, 1, 1, 1, cos_attrs, ALL, cos_infer, cos_kernel},
    {"Constant", OP_DOMAIN_ONNX, 1, MAX, 0, 0, 1, 1, constant_attrs, ALL, constant_infer, constant_kernel},
    {"Range", OP_DOMAIN_ONNX, 11, MAX, 3, 3, 1, 1, NULL, RANGE_DT, range_infer, range_kernel},
    {"EyeLike", OP_DOMAIN_ONNX, 9, MAX, 1, 1, 1, 1, eyelike_attrs, ALL, eyelike_infer, eyelike_kernel},
    {"Trilu", OP_DOMAIN_ONNX, 14, MAX, 1, 2, 1, 1, trilu_attrs, ALL, trilu_infer, trilu_kernel},
    OP_SCHEMA_END,
};

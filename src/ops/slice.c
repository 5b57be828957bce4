/* Indexing family: Slice Gather GatherElements Pad Compress NonZero OneHot. */
#include "base/alloc.h"
#include "ops/tensor_util.h"

#include <math.h>
#include <string.h>

#define MAX OP_ONNX_OPSET_MAX
#define IDX_DT (GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))

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

/* ---- Slice ---- */

typedef struct slice_plan {
    int64_t start[IR_MAX_RANK], step[IR_MAX_RANK], len[IR_MAX_RANK];
} slice_plan;

/* The list inputs of Slice: from attributes (opset 1-9) or inputs 1-4. *known false when an
 * input's contents are not known. */
typedef struct slice_args {
    int64_t starts[IR_MAX_RANK], ends[IR_MAX_RANK], axes[IR_MAX_RANK], steps[IR_MAX_RANK];
    size_t n;
    bool known;
} slice_args;

static ge_status slice_read(const op_node_info *node, const ir_tensor *const *in, size_t n_in,
                            slice_args *a)
{
    a->known = true;
    a->n = 0;
    if (node->schema->max_inputs == 1) {
        const int64_t *s, *e, *x;
        size_t ns = op_attr_ints(node, "starts", &s), ne = op_attr_ints(node, "ends", &e);
        size_t nx = op_attr_ints(node, "axes", &x);
        if (!op_attr(node, "starts") || !op_attr(node, "ends"))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attributes 'starts' and 'ends' are required");
        if (ns != ne || (op_attr(node, "axes") && nx != ns) || ns > IR_MAX_RANK)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "starts, ends and axes have %zu, %zu and %zu entries; expected equal counts", ns,
                           ne, nx);
        a->n = ns;
        for (size_t k = 0; k < ns; k++) {
            a->starts[k] = s[k];
            a->ends[k] = e[k];
            a->axes[k] = op_attr(node, "axes") ? x[k] : (int64_t)k;
            a->steps[k] = 1;
        }
        return GE_STATUS_SUCCESS;
    }
    static const char *const names[] = {"", "input 1 'starts'", "input 2 'ends'", "input 3 'axes'",
                                        "input 4 'steps'"};
    int64_t *dst[] = {NULL, a->starts, a->ends, a->axes, a->steps};
    size_t cnt[5] = {0};
    for (size_t i = 1; i <= 4; i++) {
        if (i >= n_in || !in[i]) {
            cnt[i] = (size_t)-1;
            continue;
        }
        if (!in[i]->data && ir_tensor_numel(in[i]) != 0) {
            a->known = false;
            continue;
        }
        TU_TRY(tu_read_ints(node, in[i], names[i], dst[i], IR_MAX_RANK, &cnt[i]));
    }
    if (!a->known)
        return GE_STATUS_SUCCESS;
    a->n = cnt[1];
    if (cnt[2] != a->n || (cnt[3] != (size_t)-1 && cnt[3] != a->n) || (cnt[4] != (size_t)-1 && cnt[4] != a->n))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "starts, ends, axes and steps must have equal lengths; found %zu, %zu, %lld, %lld",
                       cnt[1], cnt[2], cnt[3] == (size_t)-1 ? -1LL : (long long)cnt[3],
                       cnt[4] == (size_t)-1 ? -1LL : (long long)cnt[4]);
    for (size_t k = 0; k < a->n; k++) {
        if (cnt[3] == (size_t)-1)
            a->axes[k] = (int64_t)k;
        if (cnt[4] == (size_t)-1)
            a->steps[k] = 1;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status slice_plan_make(const op_node_info *node, const ir_shape *xs, const slice_args *a,
                                 slice_plan *p)
{
    int32_t ax[IR_MAX_RANK];
    TU_TRY(tu_norm_axes(node, a->axes, a->n, xs->rank, "axes", ax));
    for (int32_t d = 0; d < xs->rank; d++) {
        p->start[d] = 0;
        p->step[d] = 1;
        p->len[d] = xs->dims[d];
    }
    for (size_t k = 0; k < a->n; k++) {
        int32_t d = ax[k];
        int64_t dim = xs->dims[d], st = a->starts[k], en = a->ends[k], sp = a->steps[k];
        if (sp == 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "steps entry %zu is 0", k);
        p->step[d] = sp;
        if (dim < 0) {
            p->len[d] = IR_DIM_UNKNOWN;
            continue;
        }
        if (st < 0)
            st += dim;
        if (en < 0)
            en += dim;
        if (sp > 0) {
            st = st < 0 ? 0 : st > dim ? dim : st;
            en = en < 0 ? 0 : en > dim ? dim : en;
            p->len[d] = en > st ? (en - st + sp - 1) / sp : 0;
        } else {
            st = st < 0 ? 0 : st > dim - 1 ? dim - 1 : st;
            en = en < -1 ? -1 : en > dim - 1 ? dim - 1 : en;
            p->len[d] = st > en ? (st - en + (-sp) - 1) / (-sp) : 0;
        }
        p->start[d] = st;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status slice_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    const ir_tensor *in[5] = {NULL};
    ir_tensor shells[5];
    for (size_t i = 1; i < ctx->n_inputs && i < 5; i++) {
        const op_value *v = tu_in(ctx, i);
        if (!v)
            continue;
        TU_TRY(op_check_dtype(ctx, i, IDX_DT));
        if (v->value) {
            in[i] = v->value;
        } else {
            /* Unknown contents: a shell without data marks "not known". */
            memset(&shells[i], 0, sizeof shells[i]);
            shells[i].dtype = v->dtype;
            shells[i].shape = unknown_dims(1);
            in[i] = &shells[i];
        }
    }
    slice_args a;
    TU_TRY(slice_read(&ctx->node, in, ctx->n_inputs, &a));
    ir_shape s = ir_shape_unknown();
    if (x->shape.rank >= 0) {
        s = unknown_dims(x->shape.rank);
        if (a.known) {
            slice_plan p;
            TU_TRY(slice_plan_make(&ctx->node, &x->shape, &a, &p));
            for (int32_t d = 0; d < s.rank; d++)
                s.dims[d] = p.len[d];
        }
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status slice_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    const ir_tensor *in[5] = {NULL};
    for (size_t i = 1; i < ctx->n_inputs && i < 5; i++)
        in[i] = tu_kin(ctx, i);
    slice_args a;
    TU_TRY(slice_read(&ctx->node, in, ctx->n_inputs, &a));
    slice_plan p;
    TU_TRY(slice_plan_make(&ctx->node, &x->shape, &a, &p));
    ir_shape os = x->shape;
    for (int32_t d = 0; d < os.rank; d++)
        os.dims[d] = p.len[d];
    TU_TRY(tu_out_ready(ctx, 0, &os));
    int64_t ist[IR_MAX_RANK], st[IR_MAX_RANK], off = 0;
    ir_shape_strides(&x->shape, ist);
    for (int32_t d = 0; d < os.rank; d++) {
        st[d] = ist[d] * p.step[d];
        off += ist[d] * p.start[d];
    }
    tu_strided_copy(ctx->outputs[0].data, x->data, ge_dtype_size(x->dtype), &os, st, off);
    return GE_STATUS_SUCCESS;
}

/* ---- Gather ---- */

static ge_status gather_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, IDX_DT));
    const op_value *x = tu_in(ctx, 0), *ix = tu_in(ctx, 1);
    ir_shape s = ir_shape_unknown();
    if (x->shape.rank >= 0) {
        int32_t ax;
        int64_t axis = op_attr_int(&ctx->node, "axis");
        if (x->shape.rank == 0 || !ir_axis_normalize(axis, x->shape.rank, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "attribute 'axis' %lld is out of range for input 0 of rank %d", (long long)axis,
                           (int)x->shape.rank);
        if (ix->shape.rank >= 0) {
            int32_t r = x->shape.rank - 1 + ix->shape.rank;
            if (r > IR_MAX_RANK)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "output rank %d exceeds %d", (int)r,
                               IR_MAX_RANK);
            s = ir_shape_scalar();
            for (int32_t d = 0; d < ax; d++)
                s.dims[s.rank++] = x->shape.dims[d];
            for (int32_t d = 0; d < ix->shape.rank; d++)
                s.dims[s.rank++] = ix->shape.dims[d];
            for (int32_t d = ax + 1; d < x->shape.rank; d++)
                s.dims[s.rank++] = x->shape.dims[d];
        }
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status gather_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0], *ix = &ctx->inputs[1];
    ir_tensor *y = &ctx->outputs[0];
    int32_t ax;
    ir_axis_normalize(op_attr_int(&ctx->node, "axis"), x->shape.rank, &ax);
    int64_t outer = tu_prod(&x->shape, 0, ax), n = x->shape.dims[ax];
    int64_t inner = tu_prod(&x->shape, ax + 1, x->shape.rank), ni = ir_tensor_numel(ix);
    size_t es = ge_dtype_size(x->dtype), blk = (size_t)inner * es;
    for (int64_t j = 0; j < ni; j++) {
        int64_t k = op_load_i64(ix->data, ix->dtype, (size_t)j);
        if (k < -n || k >= n)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "index %lld at position %lld is out of range [%lld, %lld]", (long long)k,
                           (long long)j, (long long)-n, (long long)n - 1);
    }
    for (int64_t o = 0; o < outer; o++)
        for (int64_t j = 0; j < ni; j++) {
            int64_t k = op_load_i64(ix->data, ix->dtype, (size_t)j);
            if (k < 0)
                k += n;
            if (blk)
                memcpy((char *)y->data + (size_t)(o * ni + j) * blk,
                       (const char *)x->data + (size_t)(o * n + k) * blk, blk);
        }
    return GE_STATUS_SUCCESS;
}

/* ---- GatherElements ---- */

static ge_status gather_elements_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, IDX_DT));
    const op_value *x = tu_in(ctx, 0), *ix = tu_in(ctx, 1);
    if (x->shape.rank >= 0 && ix->shape.rank >= 0 && x->shape.rank != ix->shape.rank)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 has rank %d; input 0 has rank %d",
                       (int)ix->shape.rank, (int)x->shape.rank);
    int32_t r = x->shape.rank >= 0 ? x->shape.rank : ix->shape.rank;
    if (r >= 0) {
        int32_t ax;
        int64_t axis = op_attr_int(&ctx->node, "axis");
        if (r == 0 || !ir_axis_normalize(axis, r, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d",
                           (long long)axis, (int)r);
    }
    tu_set_out(ctx, 0, x->dtype, &ix->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status gather_elements_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0], *ix = &ctx->inputs[1];
    ir_tensor *y = &ctx->outputs[0];
    int32_t ax;
    ir_axis_normalize(op_attr_int(&ctx->node, "axis"), x->shape.rank, &ax);
    int64_t ist[IR_MAX_RANK];
    ir_shape_strides(&x->shape, ist);
    int64_t n = x->shape.dims[ax], sax = ist[ax];
    for (int32_t d = 0; d < x->shape.rank; d++)
        if (d != ax && ix->shape.dims[d] > x->shape.dims[d])
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 dim %d is %lld; input 0 has only %lld",
                           (int)d, (long long)ix->shape.dims[d], (long long)x->shape.dims[d]);
    ist[ax] = 0;
    tu_iter it;
    tu_iter_init(&it, &ix->shape, ist, 0, NULL, 0);
    int64_t cnt = ir_tensor_numel(ix);
    size_t es = ge_dtype_size(x->dtype);
    for (int64_t i = 0; i < cnt; i++, tu_iter_next(&it)) {
        int64_t k = op_load_i64(ix->data, ix->dtype, (size_t)i);
        if (k < -n || k >= n)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "index %lld at position %lld is out of range [%lld, %lld]",
                           (long long)k, (long long)i, (long long)-n, (long long)n - 1);
        if (k < 0)
            k += n;
        memcpy((char *)y->data + (size_t)i * es, (const char *)x->data + (size_t)(it.a + k * sax) * es, es);
    }
    return GE_STATUS_SUCCESS;
}

/* ---- Pad ---- */

typedef enum pad_mode { PAD_CONSTANT, PAD_REFLECT, PAD_EDGE, PAD_WRAP } pad_mode;

static ge_status pad_mode_get(const op_node_info *node, pad_mode *m)
{
    const char *s = op_attr_string(node, "mode");
    if (!s || strcmp(s, "constant") == 0)
        *m = PAD_CONSTANT;
    else if (strcmp(s, "reflect") == 0)
        *m = PAD_REFLECT;
    else if (strcmp(s, "edge") == 0)
        *m = PAD_EDGE;
    else if (strcmp(s, "wrap") == 0)
        *m = PAD_WRAP;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'mode' is '%s'; expected constant, reflect, edge or wrap", s);
    return GE_STATUS_SUCCESS;
}

/* Per-dim begin/end pads (full rank) from the attribute or inputs 1 and 3. */
static ge_status pad_read(const op_node_info *node, int32_t rank, const ir_tensor *pads_t,
                          const ir_tensor *axes_t, int64_t *pb, int64_t *pe)
{
    int64_t pads[2 * IR_MAX_RANK];
    size_t n;
    if (node->schema->max_inputs == 1) {
        const int64_t *a;
        n = op_attr_ints(node, "pads", &a);
        if (!op_attr(node, "pads"))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'pads' is required");
        if (n > 2 * IR_MAX_RANK)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'pads' has %zu entries", n);
        if (n)
            memcpy(pads, a, n * sizeof *pads);
    } else {
        TU_TRY(tu_read_ints(node, pads_t, "input 1 'pads'", pads, 2 * IR_MAX_RANK, &n));
    }
    int64_t axes[IR_MAX_RANK];
    size_t na = (size_t)rank;
    for (int32_t d = 0; d < rank; d++)
        axes[d] = d;
    if (axes_t)
        TU_TRY(tu_read_ints(node, axes_t, "input 3 'axes'", axes, IR_MAX_RANK, &na));
    if (n != 2 * na)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "pads has %zu entries; expected %zu (2 per axis)", n,
                       2 * na);
    int32_t ax[IR_MAX_RANK];
    TU_TRY(tu_norm_axes(node, axes, na, rank, "axes", ax));
    for (int32_t d = 0; d < rank; d++)
        pb[d] = pe[d] = 0;
    for (size_t k = 0; k < na; k++) {
        pb[ax[k]] = pads[k];
        pe[ax[k]] = pads[k + na];
    }
    return GE_STATUS_SUCCESS;
}

static ge_status pad_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    pad_mode m;
    TU_TRY(pad_mode_get(&ctx->node, &m));
    const op_value *x = tu_in(ctx, 0);
    const op_value *pv = tu_in(ctx, 1), *cv = tu_in(ctx, 2), *av = tu_in(ctx, 3);
    if (ctx->node.schema->max_inputs > 1) {
        if (!pv)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'pads' is absent");
        TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
        TU_TRY(op_check_dtype(ctx, 3, IDX_DT));
        if (cv && cv->dtype != x->dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 'constant_value' has dtype %s; input 0 has %s",
                           ge_dtype_name(cv->dtype), ge_dtype_name(x->dtype));
    }
    ir_shape s = unknown_dims(x->shape.rank);
    bool known = ctx->node.schema->max_inputs == 1 || (pv->value && (!av || av->value));
    if (x->shape.rank >= 0 && known) {
        int64_t pb[IR_MAX_RANK], pe[IR_MAX_RANK];
        TU_TRY(pad_read(&ctx->node, x->shape.rank, pv ? pv->value : NULL, av ? av->value : NULL, pb, pe));
        for (int32_t d = 0; d < s.rank; d++) {
            int64_t dim = x->shape.dims[d];
            if (dim < 0)
                continue;
            s.dims[d] = dim + pb[d] + pe[d];
            if (s.dims[d] < 0)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "pads make dim %d negative (%lld)", (int)d,
                               (long long)s.dims[d]);
            if (m != PAD_CONSTANT && (pb[d] > 0 || pe[d] > 0) &&
                dim + (pb[d] < 0 ? pb[d] : 0) + (pe[d] < 0 ? pe[d] : 0) <= 0)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "mode '%s' cannot pad dim %d: no element is left to copy from",
                               op_attr_string(&ctx->node, "mode"), (int)d);
        }
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status pad_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    pad_mode m;
    TU_TRY(pad_mode_get(&ctx->node, &m));
    int32_t r = x->shape.rank;
    int64_t pb[IR_MAX_RANK], pe[IR_MAX_RANK];
    TU_TRY(pad_read(&ctx->node, r, tu_kin(ctx, 1), tu_kin(ctx, 3), pb, pe));
    size_t es = ge_dtype_size(x->dtype);
    /* The constant, in the data's dtype. */
    unsigned char cval[16] = {0};
    const ir_tensor *cv = tu_kin(ctx, 2);
    if (ctx->node.schema->max_inputs == 1)
        op_store_f64(cval, x->dtype, 0, op_attr_float(&ctx->node, "value"));
    else if (cv && ir_tensor_numel(cv) >= 1)
        memcpy(cval, cv->data, es);
    /* Negative pads crop first; then each output index maps into the cropped extent. */
    int64_t ist[IR_MAX_RANK], crop[IR_MAX_RANK], ext[IR_MAX_RANK], lead[IR_MAX_RANK];
    ir_shape_strides(&x->shape, ist);
    for (int32_t d = 0; d < r; d++) {
        crop[d] = pb[d] < 0 ? -pb[d] : 0;
        ext[d] = x->shape.dims[d] - crop[d] - (pe[d] < 0 ? -pe[d] : 0);
        lead[d] = pb[d] > 0 ? pb[d] : 0;
    }
    int64_t n = ir_tensor_numel(y);
    int64_t idx[IR_MAX_RANK] = {0};
    for (int64_t i = 0; i < n; i++) {
        int64_t off = 0;
        bool outside = false;
        for (int32_t d = 0; d < r; d++) {
            int64_t j = idx[d] - lead[d], e = ext[d];
            if (j < 0 || j >= e) {
                switch (m) {
                case PAD_CONSTANT: outside = true; break;
                case PAD_EDGE: j = j < 0 ? 0 : e - 1; break;
                case PAD_WRAP: j = ((j % e) + e) % e; break;
                case PAD_REFLECT:
                    if (e == 1) {
                        j = 0;
                    } else {
                        int64_t p = 2 * (e - 1);
                        j = ((j % p) + p) % p;
                        if (j >= e)
                            j = p - j;
                    }
                    break;
                }
            }
            if (outside)
                break;
            off += (j + crop[d]) * ist[d];
        }
        memcpy((char *)y->data + (size_t)i * es, outside ? (const void *)cval : (const char *)x->data + (size_t)off * es,
               es);
        for (int32_t d = r - 1; d >= 0; d--) {
            if (++idx[d] < y->shape.dims[d])
                break;
            idx[d] = 0;
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ---- Compress ---- */

static ge_status compress_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_BOOL)));
    const op_value *x = tu_in(ctx, 0), *c = tu_in(ctx, 1);
    if (c->shape.rank >= 0 && c->shape.rank != 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'condition' has rank %d; expected 1",
                       (int)c->shape.rank);
    const ir_attr *axa = op_attr(&ctx->node, "axis");
    ir_shape s = axa ? unknown_dims(x->shape.rank) : unknown_dims(1);
    int32_t ax = 0;
    int64_t dim = ir_shape_numel(&x->shape);
    if (axa && x->shape.rank >= 0) {
        if (!ir_axis_normalize(axa->i, x->shape.rank, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d",
                           (long long)axa->i, (int)x->shape.rank);
        s = x->shape;
        s.dims[ax] = IR_DIM_UNKNOWN;
        dim = x->shape.dims[ax];
    }
    if (c->value && (axa ? x->shape.rank >= 0 : true)) {
        int64_t len = ir_tensor_numel(c->value), cnt = 0;
        if (dim >= 0 && len > dim)
            len = dim;
        for (int64_t k = 0; k < len; k++)
            cnt += ((const uint8_t *)c->value->data)[k] != 0;
        s.dims[axa ? ax : 0] = dim >= 0 ? cnt : IR_DIM_UNKNOWN;
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status compress_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *x = &ctx->inputs[0], *c = &ctx->inputs[1];
    ir_tensor *y = &ctx->outputs[0];
    const ir_attr *axa = op_attr(&ctx->node, "axis");
    int32_t ax = 0;
    int64_t outer = 1, n = ir_tensor_numel(x), inner = 1;
    if (axa) {
        ir_axis_normalize(axa->i, x->shape.rank, &ax);
        outer = tu_prod(&x->shape, 0, ax);
        n = x->shape.dims[ax];
        inner = tu_prod(&x->shape, ax + 1, x->shape.rank);
    }
    int64_t len = ir_tensor_numel(c);
    if (len > n)
        len = n;
    size_t es = ge_dtype_size(x->dtype), blk = (size_t)inner * es;
    const uint8_t *cond = c->data;
    char *dst = y->data;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t k = 0; k < len; k++)
            if (cond[k] && blk) {
                memcpy(dst, (const char *)x->data + (size_t)(o * n + k) * blk, blk);
                dst += blk;
            }
    return GE_STATUS_SUCCESS;
}

/* ---- NonZero ---- */

static bool is_nonzero(const ir_tensor *t, size_t i)
{
    size_t es = ge_dtype_size(t->dtype);
    if (ge_dtype_is_float(t->dtype))
        return op_load_f64(t->data, t->dtype, i) != 0.0;
    const unsigned char *p = (const unsigned char *)t->data + i * es;
    for (size_t b = 0; b < es; b++)
        if (p[b])
            return true;
    return false;
}

static ge_status nonzero_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    const op_value *x = tu_in(ctx, 0);
    ir_shape s = unknown_dims(2);
    if (x->shape.rank >= 0)
        s.dims[0] = x->shape.rank == 0 ? 1 : x->shape.rank;
    if (x->value) {
        int64_t n = ir_tensor_numel(x->value), cnt = 0;
        for (int64_t i = 0; i < n; i++)
            cnt += is_nonzero(x->value, (size_t)i);
        s.dims[1] = cnt;
    }
    tu_set_out(ctx, 0, GE_DTYPE_INT64, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status nonzero_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    int64_t n = ir_tensor_numel(x), cnt = 0;
    for (int64_t i = 0; i < n; i++)
        cnt += is_nonzero(x, (size_t)i);
    int32_t r = x->shape.rank;
    int64_t rows = r == 0 ? 1 : r;
    ir_shape os;
    ir_shape_make(&os, 2, (int64_t[]){rows, cnt});
    TU_TRY(tu_out_ready(ctx, 0, &os));
    int64_t *y = ctx->outputs[0].data;
    int64_t idx[IR_MAX_RANK] = {0}, j = 0;
    for (int64_t i = 0; i < n; i++) {
        if (is_nonzero(x, (size_t)i)) {
            if (r == 0)
                y[j] = 0;
            for (int32_t d = 0; d < r; d++)
                y[d * cnt + j] = idx[d];
            j++;
        }
        for (int32_t d = r - 1; d >= 0; d--) {
            if (++idx[d] < x->shape.dims[d])
                break;
            idx[d] = 0;
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ---- OneHot ---- */

static ge_status onehot_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, GE_DTS_NUMERIC));
    TU_TRY(op_check_dtype(ctx, 1, GE_DTS_NUMERIC));
    TU_TRY(op_check_dtype(ctx, 2, ctx->node.schema->dtypes));
    const op_value *ix = tu_in(ctx, 0), *dv = tu_in(ctx, 1), *vv = tu_in(ctx, 2);
    if (vv->shape.rank >= 0 && ir_shape_numel(&vv->shape) >= 0 && ir_shape_numel(&vv->shape) != 2)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 'values' must hold 2 elements [off, on]");
    ir_shape s = ir_shape_unknown();
    if (ix->shape.rank >= 0) {
        int32_t r = ix->shape.rank + 1;
        if (r > IR_MAX_RANK)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "output rank %d exceeds %d", (int)r, IR_MAX_RANK);
        int32_t ax;
        int64_t axis = op_attr_int(&ctx->node, "axis");
        if (!ir_axis_normalize(axis, r, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range [%d, %d]",
                           (long long)axis, -(int)r, (int)r - 1);
        int64_t depth = IR_DIM_UNKNOWN;
        if (dv->value) {
            if (ir_tensor_numel(dv->value) != 1)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'depth' must hold one element");
            double d = op_load_f64(dv->value->data, dv->value->dtype, 0);
            if (!(d >= 1))
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'depth' is %g; expected >= 1", d);
            depth = (int64_t)d;
        }
        s = ir_shape_scalar();
        s.rank = r;
        for (int32_t d = 0, j = 0; d < r; d++)
            s.dims[d] = d == ax ? depth : ix->shape.dims[j++];
    }
    tu_set_out(ctx, 0, vv->dtype, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status onehot_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *ix = &ctx->inputs[0], *vv = &ctx->inputs[2];
    ir_tensor *y = &ctx->outputs[0];
    int32_t ax;
    ir_axis_normalize(op_attr_int(&ctx->node, "axis"), y->shape.rank, &ax);
    int64_t depth = y->shape.dims[ax];
    int64_t outer = tu_prod(&y->shape, 0, ax), inner = tu_prod(&y->shape, ax + 1, y->shape.rank);
    size_t es = ge_dtype_size(y->dtype);
    const char *off = vv->data, *on = (const char *)vv->data + es;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t k = 0; k < depth; k++)
            for (int64_t i = 0; i < inner; i++) {
                double fv = op_load_f64(ix->data, ix->dtype, (size_t)(o * inner + i));
                int64_t v = (int64_t)fv;
                if (v < 0)
                    v += depth;
                memcpy((char *)y->data + (size_t)((o * depth + k) * inner + i) * es, v == k ? on : off, es);
            }
    return GE_STATUS_SUCCESS;
}

static const op_attr_def slice_v1_attrs[] = {
    {"starts", IR_ATTR_INTS, true, 0, 0, NULL},
    {"ends", IR_ATTR_INTS, true, 0, 0, NULL},
    {"axes", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def axis0_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def pad_v2_attrs[] = {
    {"pads", IR_ATTR_INTS, true, 0, 0, NULL},
    {"mode", IR_ATTR_STRING, false, 0, 0, "constant"},
    {"value", IR_ATTR_FLOAT, false, 0, 0.0f, NULL},
    OP_ATTRS_END,
};
static const op_attr_def pad_v11_attrs[] = {
    {"mode", IR_ATTR_STRING, false, 0, 0, "constant"},
    OP_ATTRS_END,
};
static const op_attr_def compress_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def onehot_attrs[] = {
    {"axis", IR_ATTR_INT, false, -1, 0, NULL},
    OP_ATTRS_END,
};

#define ALL GE_DTS_ALL

const op_schema op_family_slice[] = {
    {"Slice", OP_DOMAIN_ONNX, 1, 9, 1, 1, 1, 1, slice_v1_attrs, ALL, slice_infer, slice_kernel},
    {"Slice", OP_DOMAIN_ONNX, 10, MAX, 3, 5, 1, 1, NULL, ALL, slice_infer, slice_kernel},
    {"Gather", OP_DOMAIN_ONNX, 1, MAX, 2, 2, 1, 1, axis0_attrs, ALL, gather_infer, gather_kernel},
    {"GatherElements", OP_DOMAIN_ONNX, 11, MAX, 2, 2, 1, 1, axis0_attrs, ALL, gather_elements_infer,
     gather_elements_kernel},
    {"Pad", OP_DOMAIN_ONNX, 2, 10, 1, 1, 1, 1, pad_v2_attrs, ALL, pad_infer, pad_kernel},
    {"Pad", OP_DOMAIN_ONNX, 11, 17, 2, 3, 1, 1, pad_v11_attrs, ALL, pad_infer, pad_kernel},
    {"Pad", OP_DOMAIN_ONNX, 18, MAX, 2, 4, 1, 1, pad_v11_attrs, ALL, pad_infer, pad_kernel},
    {"Compress", OP_DOMAIN_ONNX, 9, MAX, 2, 2, 1, 1, compress_attrs, ALL, compress_infer, compress_kernel},
    {"NonZero", OP_DOMAIN_ONNX, 9, MAX, 1, 1, 1, 1, NULL, ALL, nonzero_infer, nonzero_kernel},
    {"OneHot", OP_DOMAIN_ONNX, 9, MAX, 3, 3, 1, 1, onehot_attrs, ALL, onehot_infer, onehot_kernel},
    OP_SCHEMA_END,
};

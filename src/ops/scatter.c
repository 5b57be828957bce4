/* Scatter / gather family: ScatterND (11, 13, 16 reduction add/mul, 18 max/min),
 * ScatterElements (11, 13, 16, 18 likewise), Scatter (9, 10: ScatterElements without
 * reduction), GatherND (11, 12 batch_dims, 13), TensorScatter (24, linear / circular).
 * Negative indices count from the end of their dim; out-of-range indices are rejected.
 * Updates apply in index order, so duplicate indices with reduction "none" keep the last. */
#include "base/alloc.h"
#include "ops/tensor_util.h"
#include "ops/xop_util.h"

#include <string.h>

#define MAX OP_ONNX_OPSET_MAX
#define TIND (GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))
#define ALL13 GE_DTS_ALL
#define ALL11 (GE_DTS_ALL & ~GE_DT(GE_DTYPE_BFLOAT16))

static ge_status arity(const op_infer_ctx *ctx)
{
    const op_schema *s = ctx->node.schema;
    if (ctx->n_inputs < s->min_inputs || ctx->n_inputs > s->max_inputs || ctx->n_outputs != 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "has %zu inputs and %zu outputs; expected %u to %u and 1",
                       ctx->n_inputs, ctx->n_outputs, s->min_inputs, s->max_inputs);
    for (size_t i = 0; i < s->min_inputs; i++)
        if (!ctx->inputs[i].present)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu is required", i);
    XO_TRY(xo_check_attrs(&ctx->node));
    return op_check_dtype(ctx, 0, s->dtypes);
}

/* ---- reductions ---- */

enum { RD_NONE, RD_ADD, RD_MUL, RD_MAX, RD_MIN };

static ge_status reduction(const op_node_info *node, int *out)
{
    *out = RD_NONE;
    if (!op_schema_attr(node->schema, "reduction"))
        return GE_STATUS_SUCCESS;
    const char *r = op_attr_string(node, "reduction");
    bool v18 = node->schema->since_opset >= 18;
    if (r && strcmp(r, "none") == 0)
        *out = RD_NONE;
    else if (r && strcmp(r, "add") == 0)
        *out = RD_ADD;
    else if (r && strcmp(r, "mul") == 0)
        *out = RD_MUL;
    else if (r && v18 && strcmp(r, "max") == 0)
        *out = RD_MAX;
    else if (r && v18 && strcmp(r, "min") == 0)
        *out = RD_MIN;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'reduction' is \"%s\"; expected none, add, mul%s",
                       r ? r : "", v18 ? ", max or min" : " (max and min need opset 18)");
    return GE_STATUS_SUCCESS;
}

/* dst[di] = reduce(dst[di], src[si]) in the dtype's arithmetic. */
static void apply(void *dst, size_t di, const void *src, size_t si, ge_dtype dt, int rd)
{
    if (rd == RD_NONE) {
        op_copy_element(dst, di, src, si, dt);
        return;
    }
    if (ge_dtype_is_float(dt)) {
        double a = op_load_f64(dst, dt, di), b = op_load_f64(src, dt, si);
        double r = rd == RD_ADD ? a + b : rd == RD_MUL ? a * b : rd == RD_MAX ? (b > a ? b : a) : (b < a ? b : a);
        op_store_f64(dst, dt, di, r);
    } else if (dt == GE_DTYPE_UINT64 || dt == GE_DTYPE_UINT32 || dt == GE_DTYPE_UINT16 || dt == GE_DTYPE_UINT8 ||
               dt == GE_DTYPE_BOOL) {
        uint64_t a = (uint64_t)op_load_i64(dst, dt, di), b = (uint64_t)op_load_i64(src, dt, si);
        uint64_t r = rd == RD_ADD ? a + b : rd == RD_MUL ? a * b : rd == RD_MAX ? (b > a ? b : a) : (b < a ? b : a);
        op_store_i64(dst, dt, di, (int64_t)r);
    } else {
        int64_t a = op_load_i64(dst, dt, di), b = op_load_i64(src, dt, si);
        int64_t r = rd == RD_ADD ? (int64_t)((uint64_t)a + (uint64_t)b)
                    : rd == RD_MUL ? (int64_t)((uint64_t)a * (uint64_t)b)
                    : rd == RD_MAX ? (b > a ? b : a)
                                   : (b < a ? b : a);
        op_store_i64(dst, dt, di, r);
    }
}

static ge_status norm_index(const op_node_info *node, int64_t v, int64_t dim, int32_t axis, int64_t *out)
{
    int64_t i = v < 0 ? v + dim : v;
    if (i < 0 || i >= dim)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "index %lld is out of range for dim %d of size %lld", (long long)v,
                       (int)axis, (long long)dim);
    *out = i;
    return GE_STATUS_SUCCESS;
}

static void copy_data(ir_tensor *y, const ir_tensor *x)
{
    if (x->bytes && y->data != x->data)
        memcpy(y->data, x->data, x->bytes);
}

/* ---- ScatterND ---- */

static ge_status snd_shapes(const op_node_info *node, const ir_shape *ds, const ir_shape *is, const ir_shape *us)
{
    char b1[96], b2[96], b3[96];
    if (ds->rank < 0 || is->rank < 0)
        return GE_STATUS_SUCCESS;
    if (ds->rank < 1 || is->rank < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "data %s and indices %s must have rank >= 1",
                       ir_shape_format(ds, b1, sizeof b1), ir_shape_format(is, b2, sizeof b2));
    int64_t k = is->dims[is->rank - 1];
    if (k < 0)
        return GE_STATUS_SUCCESS;
    if (k > ds->rank)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "indices %s index %lld dims; data %s has only %d",
                       ir_shape_format(is, b1, sizeof b1), (long long)k, ir_shape_format(ds, b2, sizeof b2), (int)ds->rank);
    if (us->rank < 0)
        return GE_STATUS_SUCCESS;
    int32_t want = is->rank - 1 + ds->rank - (int32_t)k;
    bool ok = us->rank == want;
    for (int32_t d = 0; ok && d < want; d++) {
        int64_t e = d < is->rank - 1 ? is->dims[d] : ds->dims[k + d - (is->rank - 1)];
        if (e >= 0 && us->dims[d] >= 0 && e != us->dims[d])
            ok = false;
    }
    if (!ok)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "updates %s must be indices.shape[:-1] + data.shape[%lld:] "
                       "(indices %s, data %s)", ir_shape_format(us, b1, sizeof b1), (long long)k,
                       ir_shape_format(is, b2, sizeof b2), ir_shape_format(ds, b3, sizeof b3));
    return GE_STATUS_SUCCESS;
}

static ge_status snd_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *d = &ctx->inputs[0], *i = &ctx->inputs[1], *u = &ctx->inputs[2];
    if (u->dtype != d->dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 (updates) has dtype %s; expected data's %s",
                       ge_dtype_name(u->dtype), ge_dtype_name(d->dtype));
    int rd;
    XO_TRY(reduction(&ctx->node, &rd));
    XO_TRY(snd_shapes(&ctx->node, &d->shape, &i->shape, &u->shape));
    tu_set_out(ctx, 0, d->dtype, &d->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status snd_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *d = &ctx->inputs[0], *ix = &ctx->inputs[1], *u = &ctx->inputs[2];
    ir_tensor *y = &ctx->outputs[0];
    int rd;
    XO_TRY(reduction(&ctx->node, &rd));
    copy_data(y, d);
    int64_t k = ix->shape.dims[ix->shape.rank - 1];
    int64_t n = tu_prod(&ix->shape, 0, ix->shape.rank - 1), slice = tu_prod(&d->shape, (int32_t)k, d->shape.rank);
    int64_t strides[IR_MAX_RANK];
    ir_shape_strides(&d->shape, strides);
    const int64_t *iv = ix->data;
    for (int64_t t = 0; t < n; t++) {
        int64_t off = 0;
        for (int64_t j = 0; j < k; j++) {
            int64_t v = 0;
            XO_TRY(norm_index(&ctx->node, iv[t * k + j], d->shape.dims[j], (int32_t)j, &v));
            off += v * strides[j];
        }
        for (int64_t e = 0; e < slice; e++)
            apply(y->data, (size_t)(off + e), u->data, (size_t)(t * slice + e), d->dtype, rd);
    }
    return GE_STATUS_SUCCESS;
}

/* ---- ScatterElements / Scatter ---- */

static ge_status se_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    TU_TRY(op_check_dtype(ctx, 1, TIND));
    const op_value *d = &ctx->inputs[0], *i = &ctx->inputs[1], *u = &ctx->inputs[2];
    char b1[96], b2[96];
    if (u->dtype != d->dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 (updates) has dtype %s; expected data's %s",
                       ge_dtype_name(u->dtype), ge_dtype_name(d->dtype));
    int rd;
    XO_TRY(reduction(&ctx->node, &rd));
    if (i->shape.rank >= 0 && u->shape.rank >= 0 && !ir_shape_equal(&i->shape, &u->shape)) {
        bool ok = i->shape.rank == u->shape.rank;
        for (int32_t k = 0; ok && k < i->shape.rank; k++)
            ok = i->shape.dims[k] < 0 || u->shape.dims[k] < 0 || i->shape.dims[k] == u->shape.dims[k];
        if (!ok)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "updates %s must have the shape of indices %s",
                           ir_shape_format(&u->shape, b1, sizeof b1), ir_shape_format(&i->shape, b2, sizeof b2));
    }
    if (d->shape.rank >= 0) {
        int32_t ax;
        int64_t axis = op_attr_int(&ctx->node, "axis");
        if (!ir_axis_normalize(axis, d->shape.rank, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d",
                           (long long)axis, (int)d->shape.rank);
        if (i->shape.rank >= 0 && i->shape.rank != d->shape.rank)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "indices %s must have the rank of data %s",
                           ir_shape_format(&i->shape, b1, sizeof b1), ir_shape_format(&d->shape, b2, sizeof b2));
    }
    tu_set_out(ctx, 0, d->dtype, &d->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status se_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *d = &ctx->inputs[0], *ix = &ctx->inputs[1], *u = &ctx->inputs[2];
    ir_tensor *y = &ctx->outputs[0];
    int rd;
    XO_TRY(reduction(&ctx->node, &rd));
    int32_t ax;
    ir_axis_normalize(op_attr_int(&ctx->node, "axis"), d->shape.rank, &ax);
    copy_data(y, d);
    int64_t dst[IR_MAX_RANK];
    ir_shape_strides(&d->shape, dst);
    for (int32_t k = 0; k < ix->shape.rank; k++)
        if (k != ax && ix->shape.dims[k] > d->shape.dims[k])
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "indices dim %d is %lld; data has only %lld", (int)k,
                           (long long)ix->shape.dims[k], (long long)d->shape.dims[k]);
    int64_t n = ir_tensor_numel(ix);
    int64_t idx[IR_MAX_RANK] = {0};
    for (int64_t t = 0; t < n; t++) {
        int64_t v = 0;
        XO_TRY(norm_index(&ctx->node, op_load_i64(ix->data, ix->dtype, (size_t)t), d->shape.dims[ax], ax, &v));
        int64_t off = 0;
        for (int32_t k = 0; k < d->shape.rank; k++)
            off += (k == ax ? v : idx[k]) * dst[k];
        apply(y->data, (size_t)off, u->data, (size_t)t, d->dtype, rd);
        for (int32_t k = ix->shape.rank - 1; k >= 0; k--) {
            if (++idx[k] < ix->shape.dims[k])
                break;
            idx[k] = 0;
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ---- GatherND ---- */

static ge_status gnd_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *d = &ctx->inputs[0], *i = &ctx->inputs[1];
    const ir_shape *ds = &d->shape, *is = &i->shape;
    int64_t b = op_attr_int(&ctx->node, "batch_dims");
    char b1[96], b2[96];
    ir_shape out = ir_shape_unknown();
    if (b < 0)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "attribute 'batch_dims' is %lld; expected >= 0", (long long)b);
    if (ds->rank >= 0 && is->rank >= 0) {
        if (ds->rank < 1 || is->rank < 1 || b >= ds->rank || b >= is->rank)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "batch_dims %lld needs data %s and indices %s of larger rank",
                           (long long)b, ir_shape_format(ds, b1, sizeof b1), ir_shape_format(is, b2, sizeof b2));
        for (int32_t k = 0; k < b; k++)
            if (ds->dims[k] >= 0 && is->dims[k] >= 0 && ds->dims[k] != is->dims[k])
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "batch dim %d differs: data %s, indices %s", (int)k,
                               ir_shape_format(ds, b1, sizeof b1), ir_shape_format(is, b2, sizeof b2));
        int64_t k = is->dims[is->rank - 1];
        if (k >= 0) {
            if (k < 1 || k > ds->rank - b)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "indices %s index %lld dims; data %s has %lld after "
                               "batch_dims", ir_shape_format(is, b1, sizeof b1), (long long)k,
                               ir_shape_format(ds, b2, sizeof b2), (long long)(ds->rank - b));
            int64_t dims[IR_MAX_RANK * 2];
            int32_t r = 0;
            for (int32_t j = 0; j < b; j++)
                dims[r++] = is->dims[j] >= 0 ? is->dims[j] : ds->dims[j];
            for (int32_t j = (int32_t)b; j < is->rank - 1; j++)
                dims[r++] = is->dims[j];
            for (int32_t j = (int32_t)(b + k); j < ds->rank; j++)
                dims[r++] = ds->dims[j];
            if (!ir_shape_make(&out, (size_t)r, dims))
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "the output rank %d exceeds %d", (int)r, IR_MAX_RANK);
        }
    }
    tu_set_out(ctx, 0, d->dtype, &out);
    return GE_STATUS_SUCCESS;
}

static ge_status gnd_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *d = &ctx->inputs[0], *ix = &ctx->inputs[1];
    ir_tensor *y = &ctx->outputs[0];
    int32_t b = (int32_t)op_attr_int(&ctx->node, "batch_dims");
    int64_t k = ix->shape.dims[ix->shape.rank - 1];
    int64_t nb = tu_prod(&d->shape, 0, b), per = tu_prod(&ix->shape, b, ix->shape.rank - 1);
    int64_t slice = tu_prod(&d->shape, b + (int32_t)k, d->shape.rank), dbatch = tu_prod(&d->shape, b, d->shape.rank);
    int64_t strides[IR_MAX_RANK];
    ir_shape_strides(&d->shape, strides);
    size_t es = ge_dtype_size(d->dtype);
    const int64_t *iv = ix->data;
    for (int64_t bi = 0; bi < nb; bi++)
        for (int64_t t = 0; t < per; t++) {
            int64_t off = bi * dbatch;
            const int64_t *tup = iv + (bi * per + t) * k;
            for (int64_t j = 0; j < k; j++) {
                int64_t v = 0;
                XO_TRY(norm_index(&ctx->node, tup[j], d->shape.dims[b + j], (int32_t)(b + j), &v));
                off += v * strides[b + j];
            }
            memcpy((char *)y->data + (size_t)((bi * per + t) * slice) * es, (const char *)d->data + (size_t)off * es,
                   (size_t)slice * es);
        }
    return GE_STATUS_SUCCESS;
}

/* ---- TensorScatter ---- */

static ge_status ts_mode(const op_node_info *node, bool *circular)
{
    const char *m = op_attr_string(node, "mode");
    if (m && strcmp(m, "linear") == 0)
        *circular = false;
    else if (m && strcmp(m, "circular") == 0)
        *circular = true;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'mode' is \"%s\"; expected \"linear\" or \"circular\"",
                       m ? m : "");
    return GE_STATUS_SUCCESS;
}

static ge_status ts_axis(const op_node_info *node, int32_t rank, int32_t *ax)
{
    int64_t axis = op_attr_int(node, "axis");
    if (!ir_axis_normalize(axis, rank, ax) || *ax == 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axis' %lld is out of range for rank %d (the sequence "
                       "axis cannot be the batch axis 0)", (long long)axis, (int)rank);
    return GE_STATUS_SUCCESS;
}

static ge_status ts_infer(op_infer_ctx *ctx)
{
    XO_TRY(arity(ctx));
    const op_value *p = &ctx->inputs[0], *u = &ctx->inputs[1], *w = tu_in(ctx, 2);
    char b1[96], b2[96];
    if (u->dtype != p->dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 1 'update' has dtype %s; expected past_cache's %s",
                       ge_dtype_name(u->dtype), ge_dtype_name(p->dtype));
    if (w && w->dtype != GE_DTYPE_INT64)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 'write_indices' has dtype %s; expected int64",
                       ge_dtype_name(w->dtype));
    bool circ;
    XO_TRY(ts_mode(&ctx->node, &circ));
    if (p->shape.rank >= 0) {
        int32_t ax;
        XO_TRY(ts_axis(&ctx->node, p->shape.rank, &ax));
        if (u->shape.rank >= 0) {
            bool ok = u->shape.rank == p->shape.rank;
            for (int32_t k = 0; ok && k < p->shape.rank; k++) {
                int64_t a = p->shape.dims[k], c = u->shape.dims[k];
                if (a >= 0 && c >= 0 && (k == ax ? c > a : c != a))
                    ok = false;
            }
            if (!ok)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "update %s must match past_cache %s except on axis %d "
                               "(where it may be shorter)", ir_shape_format(&u->shape, b1, sizeof b1),
                               ir_shape_format(&p->shape, b2, sizeof b2), (int)ax);
        }
        if (w && w->shape.rank >= 0 &&
            (w->shape.rank != 1 || (w->shape.dims[0] >= 0 && p->shape.dims[0] >= 0 && w->shape.dims[0] != p->shape.dims[0])))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 'write_indices' has shape %s; expected [%lld]",
                           ir_shape_format(&w->shape, b1, sizeof b1), (long long)p->shape.dims[0]);
    }
    tu_set_out(ctx, 0, p->dtype, &p->shape);
    return GE_STATUS_SUCCESS;
}

static ge_status ts_kernel(op_kernel_ctx *ctx)
{
    TU_TRY(tu_kernel_prepare(ctx));
    const ir_tensor *p = &ctx->inputs[0], *u = &ctx->inputs[1], *w = tu_kin(ctx, 2);
    ir_tensor *y = &ctx->outputs[0];
    bool circ;
    XO_TRY(ts_mode(&ctx->node, &circ));
    int32_t ax;
    XO_TRY(ts_axis(&ctx->node, p->shape.rank, &ax));
    copy_data(y, p);
    int64_t B = p->shape.dims[0], pre = tu_prod(&p->shape, 1, ax), maxs = p->shape.dims[ax], seq = u->shape.dims[ax];
    int64_t inner = tu_prod(&p->shape, ax + 1, p->shape.rank);
    size_t es = ge_dtype_size(p->dtype);
    for (int64_t b = 0; b < B; b++) {
        int64_t wi = w ? ((const int64_t *)w->data)[b] : 0;
        if (wi < 0 || (!circ && wi + seq > maxs))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "write_indices[%lld] is %lld: %lld update rows do not fit the %lld cache rows",
                           (long long)b, (long long)wi, (long long)seq, (long long)maxs);
        for (int64_t q = 0; q < pre; q++)
            for (int64_t s = 0; s < seq; s++) {
                int64_t c = wi + s;
                if (circ)
                    c %= maxs;
                size_t di = (size_t)(((b * pre + q) * maxs + c) * inner), si = (size_t)(((b * pre + q) * seq + s) * inner);
                memcpy((char *)y->data + di * es, (const char *)u->data + si * es, (size_t)inner * es);
            }
    }
    return GE_STATUS_SUCCESS;
}

static const op_attr_def red_attrs[] = {{"reduction", IR_ATTR_STRING, false, 0, 0, "none"}, OP_ATTRS_END};
static const op_attr_def axis_attrs[] = {{"axis", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def axis_red_attrs[] = {
    {"axis", IR_ATTR_INT, false, 0, 0, NULL},
    {"reduction", IR_ATTR_STRING, false, 0, 0, "none"},
    OP_ATTRS_END,
};
static const op_attr_def gnd_attrs[] = {{"batch_dims", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def ts_attrs[] = {
    {"axis", IR_ATTR_INT, false, -2, 0, NULL},
    {"mode", IR_ATTR_STRING, false, 0, 0, "linear"},
    OP_ATTRS_END,
};

const op_schema op_family_scatter[] = {
    {"ScatterND", OP_DOMAIN_ONNX, 11, 12, 3, 3, 1, 1, NULL, ALL11, snd_infer, snd_kernel},
    {"ScatterND", OP_DOMAIN_ONNX, 13, 15, 3, 3, 1, 1, NULL, ALL13, snd_infer, snd_kernel},
    {"ScatterND", OP_DOMAIN_ONNX, 16, 17, 3, 3, 1, 1, red_attrs, ALL13, snd_infer, snd_kernel},
    {"ScatterND", OP_DOMAIN_ONNX, 18, MAX, 3, 3, 1, 1, red_attrs, ALL13, snd_infer, snd_kernel},
    {"ScatterElements", OP_DOMAIN_ONNX, 11, 12, 3, 3, 1, 1, axis_attrs, ALL11, se_infer, se_kernel},
    {"ScatterElements", OP_DOMAIN_ONNX, 13, 15, 3, 3, 1, 1, axis_attrs, ALL13, se_infer, se_kernel},
    {"ScatterElements", OP_DOMAIN_ONNX, 16, 17, 3, 3, 1, 1, axis_red_attrs, ALL13, se_infer, se_kernel},
    {"ScatterElements", OP_DOMAIN_ONNX, 18, MAX, 3, 3, 1, 1, axis_red_attrs, ALL13, se_infer, se_kernel},
    {"Scatter", OP_DOMAIN_ONNX, 9, 10, 3, 3, 1, 1, axis_attrs, ALL11, se_infer, se_kernel},
    {"GatherND", OP_DOMAIN_ONNX, 11, 11, 2, 2, 1, 1, NULL, ALL11, gnd_infer, gnd_kernel},
    {"GatherND", OP_DOMAIN_ONNX, 12, 12, 2, 2, 1, 1, gnd_attrs, ALL11, gnd_infer, gnd_kernel},
    {"GatherND", OP_DOMAIN_ONNX, 13, MAX, 2, 2, 1, 1, gnd_attrs, ALL13, gnd_infer, gnd_kernel},
    {"TensorScatter", OP_DOMAIN_ONNX, 24, MAX, 2, 3, 1, 1, ts_attrs, ALL13, ts_infer, ts_kernel},
    OP_SCHEMA_END,
};

/* Vision and image-layout ops: NonMaxSuppression (10, 11), RoiAlign (10; 16 adds
 * coordinate_transformation_mode; 22 bfloat16), DeformConv (19; 22 bfloat16), Col2Im (18),
 * CenterCropPad (18), MaxUnpool (9, 11; 22 bfloat16). */
#include "base/alloc.h"
#include "ops/extra_util.h"
#include "ops/tensor_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIS_MAX_ND 3

/* ================================ NonMaxSuppression ================================ */

static const op_attr_def nms_attrs[] = {{"center_point_box", IR_ATTR_INT, false, 0, 0, NULL}, OP_ATTRS_END};

typedef struct nms_params {
    int64_t max_out;
    float iou;
    float score_th;
    bool has_score_th;
    int cpb;
} nms_params;

/* Reads the optional scalar inputs (absent or empty: max 0, iou 0, no score threshold). */
static ge_status nms_read_params(const op_node_info *node, const ir_tensor *mx, const ir_tensor *iou,
                                 const ir_tensor *sc, nms_params *p)
{
    p->cpb = (int)op_attr_int(node, "center_point_box");
    p->max_out = 0;
    p->iou = 0.0f;
    p->score_th = 0.0f;
    p->has_score_th = false;
    if (mx && ir_tensor_numel(mx) > 0) {
        if (ir_tensor_numel(mx) != 1)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "input 2 'max_output_boxes_per_class' has %lld elements; expected 1",
                           (long long)ir_tensor_numel(mx));
        int64_t v = op_load_i64(mx->data, mx->dtype, 0);
        p->max_out = v < 0 ? 0 : v;
    }
    if (iou && ir_tensor_numel(iou) > 0) {
        if (ir_tensor_numel(iou) != 1)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 'iou_threshold' has %lld elements; expected 1",
                           (long long)ir_tensor_numel(iou));
        p->iou = (float)op_load_f64(iou->data, iou->dtype, 0);
        if (!(p->iou >= 0.0f && p->iou <= 1.0f))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 3 'iou_threshold' is %g; expected in [0, 1]",
                           (double)p->iou);
    }
    if (sc && ir_tensor_numel(sc) > 0) {
        if (ir_tensor_numel(sc) != 1)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 4 'score_threshold' has %lld elements; expected 1",
                           (long long)ir_tensor_numel(sc));
        p->score_th = (float)op_load_f64(sc->data, sc->dtype, 0);
        p->has_score_th = true;
    }
    return GE_STATUS_SUCCESS;
}

typedef struct nms_cand {
    float score;
    int64_t idx;
} nms_cand;

static int nms_cmp(const void *a, const void *b)
{
    const nms_cand *x = a, *y = b;
    bool nx = isnan(x->score), ny = isnan(y->score); /* NaN scores sort last */
    if (nx != ny)
        return nx ? 1 : -1;
    if (!nx && x->score > y->score)
        return -1;
    if (!nx && x->score < y->score)
        return 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Corner form (ymin, xmin, ymax, xmax) of box i. */
static void nms_box(const float *b, int cpb, float out[4])
{
    if (cpb == 0) {
        out[0] = b[0] < b[2] ? b[0] : b[2];
        out[2] = b[0] < b[2] ? b[2] : b[0];
        out[1] = b[1] < b[3] ? b[1] : b[3];
        out[3] = b[1] < b[3] ? b[3] : b[1];
    } else {
        float hw = b[2] / 2.0f, hh = b[3] / 2.0f;
        out[1] = b[0] - hw;
        out[3] = b[0] + hw;
        out[0] = b[1] - hh;
        out[2] = b[1] + hh;
    }
}

/* True when the IOU of the two corner boxes is strictly above the threshold. */
static bool nms_suppress(const float *a, const float *b, float th)
{
    float ix0 = a[1] > b[1] ? a[1] : b[1], ix1 = a[3] < b[3] ? a[3] : b[3];
    if (ix1 <= ix0)
        return false;
    float iy0 = a[0] > b[0] ? a[0] : b[0], iy1 = a[2] < b[2] ? a[2] : b[2];
    if (iy1 <= iy0)
        return false;
    float inter = (ix1 - ix0) * (iy1 - iy0);
    float area_a = (a[3] - a[1]) * (a[2] - a[0]), area_b = (b[3] - b[1]) * (b[2] - b[0]);
    float uni = area_a + area_b - inter;
    if (inter <= 0.0f || area_a <= 0.0f || area_b <= 0.0f || uni <= 0.0f)
        return false;
    return inter / uni > th;
}

/* Runs the selection; writes (batch, class, box) triples to out (when not NULL, room for
 * *count_max rows) and the number selected to *count. */
static ge_status nms_select(const op_node_info *node, const ir_tensor *boxes, const ir_tensor *scores,
                            const nms_params *p, int64_t *out, int64_t *count)
{
    int64_t B = boxes->shape.dims[0], S = boxes->shape.dims[1], C = scores->shape.dims[1];
    *count = 0;
    if (p->max_out == 0 || S == 0)
        return GE_STATUS_SUCCESS;
    float *bx = ge_malloc(sizeof(float) * (size_t)(B * S * 4) + 1);
    nms_cand *cand = ge_malloc(sizeof(nms_cand) * (size_t)S);
    int64_t *sel = ge_malloc(sizeof(int64_t) * (size_t)S);
    if (!bx || !cand || !sel) {
        ge_free(bx), ge_free(cand), ge_free(sel);
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %lld boxes", (long long)S);
    }
    for (int64_t i = 0; i < B * S; i++) {
        float raw[4];
        for (int k = 0; k < 4; k++)
            raw[k] = (float)op_load_f64(boxes->data, boxes->dtype, (size_t)(i * 4 + k));
        nms_box(raw, p->cpb, bx + i * 4);
    }
    int64_t total = 0;
    for (int64_t b = 0; b < B; b++)
        for (int64_t c = 0; c < C; c++) {
            int64_t nc = 0;
            for (int64_t i = 0; i < S; i++) {
                float s = (float)op_load_f64(scores->data, scores->dtype, (size_t)((b * C + c) * S + i));
                if (p->has_score_th && !(s > p->score_th))
                    continue;
                cand[nc].score = s;
                cand[nc].idx = i;
                nc++;
            }
            qsort(cand, (size_t)nc, sizeof *cand, nms_cmp);
            int64_t ns = 0;
            for (int64_t k = 0; k < nc && ns < p->max_out; k++) {
                const float *cb = bx + (b * S + cand[k].idx) * 4;
                bool keep = true;
                for (int64_t j = 0; j < ns && keep; j++)
                    if (nms_suppress(cb, bx + (b * S + sel[j]) * 4, p->iou))
                        keep = false;
                if (!keep)
                    continue;
                sel[ns++] = cand[k].idx;
                if (out) {
                    out[total * 3] = b;
                    out[total * 3 + 1] = c;
                    out[total * 3 + 2] = cand[k].idx;
                }
                total++;
            }
        }
    ge_free(bx), ge_free(cand), ge_free(sel);
    *count = total;
    return GE_STATUS_SUCCESS;
}

static ge_status nms_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    TU_TRY(nn_check_arity(ctx, 2));
    TU_TRY(op_check_dtype(ctx, 0, node->schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, node->schema->dtypes));
    if (xu_in_present(ctx, 2))
        TU_TRY(op_check_dtype(ctx, 2, GE_DT(GE_DTYPE_INT64)));
    for (size_t i = 3; i < 5; i++)
        if (xu_in_present(ctx, i))
            TU_TRY(op_check_dtype(ctx, i, GE_DT(GE_DTYPE_FLOAT32)));
    int64_t cpb = op_attr_int(node, "center_point_box");
    if (cpb != 0 && cpb != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'center_point_box' is %lld; expected 0 or 1",
                       (long long)cpb);
    const op_value *bx = &ctx->inputs[0], *sc = &ctx->inputs[1];
    TU_TRY(xu_rank_in(node, bx, 0, 3, 3));
    TU_TRY(xu_rank_in(node, sc, 1, 3, 3));
    if (bx->shape.rank == 3)
        TU_TRY(xu_dim_eq(node, bx->shape.dims[2], 4, "last dim of input 0 'boxes'"));
    if (bx->shape.rank == 3 && sc->shape.rank == 3) {
        TU_TRY(xu_dim_eq(node, sc->shape.dims[0], bx->shape.dims[0], "dim 0 of input 1 'scores'"));
        TU_TRY(xu_dim_eq(node, sc->shape.dims[2], bx->shape.dims[1], "dim 2 of input 1 'scores'"));
    }
    ir_shape y;
    ir_shape_make(&y, 2, (int64_t[]){-1, 3});
    bool known = bx->value && sc->value && ir_shape_is_static(&bx->shape) && ir_shape_is_static(&sc->shape);
    for (size_t i = 2; i < 5 && known; i++)
        if (xu_in_present(ctx, i) && !ctx->inputs[i].value)
            known = false;
    if (known) {
        nms_params p;
        TU_TRY(nms_read_params(node, xu_in_present(ctx, 2) ? ctx->inputs[2].value : NULL,
                               xu_in_present(ctx, 3) ? ctx->inputs[3].value : NULL,
                               xu_in_present(ctx, 4) ? ctx->inputs[4].value : NULL, &p));
        TU_TRY(nms_select(node, bx->value, sc->value, &p, NULL, &y.dims[0]));
    }
    xu_set_out(ctx, 0, GE_DTYPE_INT64, &y);
    return GE_STATUS_SUCCESS;
}

static ge_status nms_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *bx = &ctx->inputs[0], *sc = &ctx->inputs[1];
    nms_params p;
    TU_TRY(nms_read_params(node, xu_kin_present(ctx, 2) ? &ctx->inputs[2] : NULL,
                           xu_kin_present(ctx, 3) ? &ctx->inputs[3] : NULL,
                           xu_kin_present(ctx, 4) ? &ctx->inputs[4] : NULL, &p));
    int64_t n;
    TU_TRY(nms_select(node, bx, sc, &p, NULL, &n));
    ir_shape os;
    ir_shape_make(&os, 2, (int64_t[]){n, 3});
    TU_TRY(tu_out_ready(ctx, 0, &os));
    if (n > 0)
        TU_TRY(nms_select(node, bx, sc, &p, ctx->outputs[0].data, &n));
    return GE_STATUS_SUCCESS;
}

/* ================================ Col2Im ================================ */

static const op_attr_def col2im_attrs[] = {
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    {"pads", IR_ATTR_INTS, false, 0, 0, NULL},
    {"strides", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

typedef struct c2i_geom {
    int nd;
    int64_t img[IR_MAX_RANK], blk[IR_MAX_RANK], dil[IR_MAX_RANK], str[IR_MAX_RANK];
    int64_t pb[IR_MAX_RANK], pe[IR_MAX_RANK], nblk[IR_MAX_RANK];
    int64_t K, L;
} c2i_geom;

#define C2I_MAX_ND (IR_MAX_RANK - 2)

/* Reads the attributes for nd spatial dims (image and block dims may be -1 = unknown). */
static ge_status c2i_attrs(const op_node_info *node, int nd, c2i_geom *g)
{
    const int64_t *d, *p, *s;
    size_t nd_ = op_attr_ints(node, "dilations", &d), np = op_attr_ints(node, "pads", &p),
           ns = op_attr_ints(node, "strides", &s);
    if (nd_ && nd_ != (size_t)nd)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'dilations' has %zu values; expected %d", nd_, nd);
    if (ns && ns != (size_t)nd)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'strides' has %zu values; expected %d", ns, nd);
    if (np && np != (size_t)(2 * nd))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'pads' has %zu values; expected %d", np, 2 * nd);
    for (int i = 0; i < nd; i++) {
        g->dil[i] = nd_ ? d[i] : 1;
        g->str[i] = ns ? s[i] : 1;
        g->pb[i] = np ? p[i] : 0;
        g->pe[i] = np ? p[i + nd] : 0;
        if (g->dil[i] < 1 || g->str[i] < 1 || g->pb[i] < 0 || g->pe[i] < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "dim %d: dilation %lld, stride %lld, pads %lld/%lld; expected dilations and strides >= 1, "
                           "pads >= 0",
                           i, (long long)g->dil[i], (long long)g->str[i], (long long)g->pb[i], (long long)g->pe[i]);
    }
    g->K = 1;
    g->L = 1;
    for (int i = 0; i < nd; i++) {
        g->K = xu_mul(g->K, g->blk[i]);
        int64_t nb = -1;
        if (g->img[i] >= 0 && g->blk[i] >= 0) {
            nb = (g->img[i] + g->pb[i] + g->pe[i] - g->dil[i] * (g->blk[i] - 1) - 1) / g->str[i] + 1;
            if (g->blk[i] < 1 || nb < 1)
                return op_fail(node, GE_STATUS_PARAM_INVALID,
                               "dim %d: image %lld and block %lld give %lld sliding blocks; expected >= 1", i,
                               (long long)g->img[i], (long long)g->blk[i], (long long)nb);
        }
        g->nblk[i] = nb;
        g->L = xu_mul(g->L, nb);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status c2i_read_list(const op_node_info *node, const op_value *v, size_t index, const char *name,
                               int64_t *out, int *nd)
{
    if (v->shape.rank >= 0 && v->shape.rank != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu '%s' has rank %d; expected 1", index, name,
                       (int)v->shape.rank);
    if (v->value) {
        size_t n;
        char what[64];
        snprintf(what, sizeof what, "input %zu '%s'", index, name);
        TU_TRY(tu_read_ints(node, v->value, what, out, C2I_MAX_ND, &n));
        *nd = (int)n;
    } else {
        *nd = v->shape.rank == 1 ? (int)v->shape.dims[0] : -1;
        if (*nd > C2I_MAX_ND)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input %zu '%s' has %d values; at most %d supported",
                           index, name, *nd, C2I_MAX_ND);
        for (int i = 0; i < C2I_MAX_ND; i++)
            out[i] = -1;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status c2i_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    TU_TRY(nn_check_arity(ctx, 3));
    TU_TRY(op_check_dtype(ctx, 0, node->schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    TU_TRY(op_check_dtype(ctx, 2, GE_DT(GE_DTYPE_INT64)));
    const op_value *x = &ctx->inputs[0];
    TU_TRY(xu_rank_in(node, x, 0, 3, 3));
    c2i_geom g;
    memset(&g, 0, sizeof g);
    int ni, nb;
    TU_TRY(c2i_read_list(node, &ctx->inputs[1], 1, "image_shape", g.img, &ni));
    TU_TRY(c2i_read_list(node, &ctx->inputs[2], 2, "block_shape", g.blk, &nb));
    if (ni >= 0 && nb >= 0 && ni != nb)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'image_shape' has %d values, input 2 'block_shape' %d",
                       ni, nb);
    int nd = ni >= 0 ? ni : nb;
    if (nd == 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'image_shape' is empty; expected >= 1 spatial dim");
    ir_shape y = ir_shape_unknown();
    if (nd > 0) {
        TU_TRY(c2i_attrs(node, nd, &g));
        int64_t cin = x->shape.rank == 3 ? x->shape.dims[1] : -1, L = x->shape.rank == 3 ? x->shape.dims[2] : -1;
        if (cin >= 0 && g.K > 0 && cin % g.K)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "dim 1 of input 0 is %lld; expected a multiple of the block size %lld", (long long)cin,
                           (long long)g.K);
        TU_TRY(xu_dim_eq(node, L, g.L, "dim 2 of input 0 (the number of blocks)"));
        int64_t dims[IR_MAX_RANK];
        dims[0] = x->shape.rank == 3 ? x->shape.dims[0] : -1;
        dims[1] = xu_div(cin, g.K);
        for (int i = 0; i < nd; i++)
            dims[2 + i] = g.img[i];
        ir_shape_make(&y, (size_t)(nd + 2), dims);
    }
    xu_set_out(ctx, 0, x->dtype, &y);
    return GE_STATUS_SUCCESS;
}

static ge_status c2i_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    c2i_geom g;
    memset(&g, 0, sizeof g);
    size_t ni, nb;
    TU_TRY(tu_read_ints(node, &ctx->inputs[1], "input 1 'image_shape'", g.img, C2I_MAX_ND, &ni));
    TU_TRY(tu_read_ints(node, &ctx->inputs[2], "input 2 'block_shape'", g.blk, C2I_MAX_ND, &nb));
    int nd = (int)ni;
    TU_TRY(c2i_attrs(node, nd, &g));
    int64_t N = x->shape.dims[0], C = g.K ? x->shape.dims[1] / g.K : 0, M = 1;
    for (int i = 0; i < nd; i++)
        M *= g.img[i];
    bool fl = ge_dtype_is_float(x->dtype);
    size_t n_out = (size_t)(N * C * M);
    double *accf = fl ? nn_zalloc(node, n_out) : NULL;
    int64_t *acci = fl ? NULL : ge_calloc(n_out + 1, sizeof(int64_t));
    if (!accf && !acci)
        return fl ? GE_STATUS_MEMALLOC_FAILED
                  : op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %zu elements", n_out);
    for (int64_t nc = 0; nc < N * C; nc++)
        for (int64_t k = 0; k < g.K; k++) {
            int64_t koff[C2I_MAX_ND], r = k;
            for (int i = nd - 1; i >= 0; i--) {
                koff[i] = r % g.blk[i];
                r /= g.blk[i];
            }
            for (int64_t l = 0; l < g.L; l++) {
                int64_t off = 0, rl = l, mul = 1;
                bool in = true;
                for (int i = nd - 1; i >= 0; i--) {
                    int64_t bi = rl % g.nblk[i];
                    rl /= g.nblk[i];
                    int64_t p = bi * g.str[i] - g.pb[i] + koff[i] * g.dil[i];
                    if (p < 0 || p >= g.img[i]) {
                        in = false;
                        break;
                    }
                    off += p * mul;
                    mul *= g.img[i];
                }
                if (!in)
                    continue;
                size_t si = (size_t)((nc * g.K + k) * g.L + l), di = (size_t)(nc * M + off);
                if (fl)
                    accf[di] += op_load_f64(x->data, x->dtype, si);
                else
                    acci[di] = (int64_t)((uint64_t)acci[di] + (uint64_t)op_load_i64(x->data, x->dtype, si));
            }
        }
    for (size_t i = 0; i < n_out; i++) {
        if (fl)
            op_store_f64(y->data, y->dtype, i, accf[i]);
        else
            op_store_i64(y->data, y->dtype, i, acci[i]);
    }
    ge_free(accf), ge_free(acci);
    return GE_STATUS_SUCCESS;
}

/* ================================ CenterCropPad ================================ */

static const op_attr_def ccp_attrs[] = {{"axes", IR_ATTR_INTS, false, 0, 0, NULL}, OP_ATTRS_END};

/* Normalised axes (all dims when the attribute is absent). */
static ge_status ccp_axes(const op_node_info *node, int32_t rank, int32_t *axes, size_t *n)
{
    const int64_t *a;
    size_t na = op_attr_ints(node, "axes", &a);
    if (na == 0) {
        for (int32_t i = 0; i < rank; i++)
            axes[i] = i;
        *n = (size_t)rank;
        return GE_STATUS_SUCCESS;
    }
    if (na > (size_t)rank)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'axes' has %zu values; the input has rank %d", na,
                       (int)rank);
    *n = na;
    return tu_norm_axes(node, a, na, rank, "attribute 'axes'", axes);
}

static ge_status ccp_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    TU_TRY(nn_check_arity(ctx, 2));
    TU_TRY(op_check_dtype(ctx, 0, node->schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64) | GE_DT(GE_DTYPE_INT32)));
    const op_value *x = &ctx->inputs[0], *sh = &ctx->inputs[1];
    if (sh->shape.rank >= 0 && sh->shape.rank != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'shape' has rank %d; expected 1", (int)sh->shape.rank);
    ir_shape y = x->shape;
    if (x->shape.rank >= 0) {
        int32_t axes[IR_MAX_RANK];
        size_t na = 0;
        TU_TRY(ccp_axes(node, x->shape.rank, axes, &na));
        if (sh->shape.rank == 1)
            TU_TRY(xu_dim_eq(node, sh->shape.dims[0], (int64_t)na, "the length of input 1 'shape'"));
        int64_t v[IR_MAX_RANK];
        size_t nv = 0;
        if (sh->value) {
            TU_TRY(tu_read_ints(node, sh->value, "input 1 'shape'", v, IR_MAX_RANK, &nv));
            if (nv != na)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'shape' has %zu values; expected %zu", nv, na);
        }
        for (size_t i = 0; i < na; i++) {
            if (sh->value && v[i] < 0)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'shape'[%zu] is %lld; expected >= 0", i,
                               (long long)v[i]);
            y.dims[axes[i]] = sh->value ? v[i] : -1;
        }
    }
    xu_set_out(ctx, 0, x->dtype, &y);
    return GE_STATUS_SUCCESS;
}

static ge_status ccp_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int32_t r = x->shape.rank;
    int64_t n = ir_tensor_numel(y);
    if (y->bytes)
        memset(y->data, 0, y->bytes);
    int64_t shift[IR_MAX_RANK], xst[IR_MAX_RANK], idx[IR_MAX_RANK] = {0};
    int64_t s = 1;
    for (int32_t d = r - 1; d >= 0; d--) {
        int64_t D = x->shape.dims[d], S = y->shape.dims[d];
        shift[d] = S <= D ? (D - S) / 2 : -((S - D) / 2); /* input index = output index + shift */
        xst[d] = s;
        s *= D;
    }
    for (int64_t i = 0; i < n; i++) {
        int64_t off = 0;
        bool in = true;
        for (int32_t d = 0; d < r && in; d++) {
            int64_t p = idx[d] + shift[d];
            if (p < 0 || p >= x->shape.dims[d])
                in = false;
            else
                off += p * xst[d];
        }
        if (in)
            op_copy_element(y->data, (size_t)i, x->data, (size_t)off, x->dtype);
        for (int32_t d = r - 1; d >= 0; d--) {
            if (++idx[d] < y->shape.dims[d])
                break;
            idx[d] = 0;
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ================================ MaxUnpool ================================ */

static const op_attr_def unpool_attrs[] = {
    {"kernel_shape", IR_ATTR_INTS, true, 0, 0, NULL},
    {"pads", IR_ATTR_INTS, false, 0, 0, NULL},
    {"strides", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

/* The default output shape (N, C, (in - 1) * stride - pads + kernel) of a rank-known input. */
static ge_status unpool_default_shape(const op_node_info *node, const ir_shape *xs, ir_shape *out)
{
    const int64_t *k, *p, *s;
    size_t nk = op_attr_ints(node, "kernel_shape", &k), np = op_attr_ints(node, "pads", &p),
           ns = op_attr_ints(node, "strides", &s);
    if (nk == 0 || nk > (size_t)(IR_MAX_RANK - 2))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'kernel_shape' has %zu values; expected 1 to %d", nk,
                       IR_MAX_RANK - 2);
    if (np && np != 2 * nk)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'pads' has %zu values; expected %zu", np, 2 * nk);
    if (ns && ns != nk)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'strides' has %zu values; expected %zu", ns, nk);
    if (xs->rank >= 0 && (size_t)xs->rank != nk + 2)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected %zu (N, C and the kernel dims)",
                       (int)xs->rank, nk + 2);
    int64_t dims[IR_MAX_RANK];
    dims[0] = xs->rank >= 0 ? xs->dims[0] : -1;
    dims[1] = xs->rank >= 0 ? xs->dims[1] : -1;
    for (size_t i = 0; i < nk; i++) {
        int64_t st = ns ? s[i] : 1, pb = np ? p[i] : 0, pe = np ? p[i + nk] : 0;
        if (k[i] < 1 || st < 1 || pb < 0 || pe < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "dim %zu: kernel %lld, stride %lld, pads %lld/%lld; expected kernel and stride >= 1, pads >= 0",
                           i, (long long)k[i], (long long)st, (long long)pb, (long long)pe);
        int64_t in = xs->rank >= 0 ? xs->dims[i + 2] : -1;
        dims[i + 2] = in < 0 ? -1 : (in - 1) * st - (pb + pe) + k[i];
        if (in >= 0 && dims[i + 2] < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "dim %zu of the output would be %lld", i + 2,
                           (long long)dims[i + 2]);
    }
    ir_shape_make(out, nk + 2, dims);
    return GE_STATUS_SUCCESS;
}

static ge_status unpool_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    TU_TRY(nn_check_arity(ctx, 2));
    TU_TRY(op_check_dtype(ctx, 0, node->schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, GE_DT(GE_DTYPE_INT64)));
    const op_value *x = &ctx->inputs[0], *ix = &ctx->inputs[1];
    if (x->shape.rank >= 0 && ix->shape.rank >= 0 && !ir_shape_equal(&x->shape, &ix->shape)) {
        bool bad = x->shape.rank != ix->shape.rank;
        for (int32_t d = 0; d < x->shape.rank && !bad; d++)
            bad = x->shape.dims[d] >= 0 && ix->shape.dims[d] >= 0 && x->shape.dims[d] != ix->shape.dims[d];
        if (bad) {
            char a[128], b[128];
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'I' has shape %s; expected the shape of input 0 %s",
                           ir_shape_format(&ix->shape, b, sizeof b), ir_shape_format(&x->shape, a, sizeof a));
        }
    }
    ir_shape def;
    TU_TRY(unpool_default_shape(node, &x->shape, &def));
    ir_shape y = def;
    if (xu_in_present(ctx, 2)) {
        TU_TRY(op_check_dtype(ctx, 2, GE_DT(GE_DTYPE_INT64)));
        const op_value *os = &ctx->inputs[2];
        for (int32_t d = 0; d < y.rank; d++)
            y.dims[d] = -1;
        if (os->value) {
            int64_t v[IR_MAX_RANK];
            size_t n;
            TU_TRY(tu_read_ints(node, os->value, "input 2 'output_shape'", v, IR_MAX_RANK, &n));
            if (n != (size_t)def.rank)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'output_shape' has %zu values; expected %d", n,
                               (int)def.rank);
            for (size_t d = 0; d < n; d++) {
                if (def.dims[d] >= 0 && v[d] < def.dims[d])
                    return op_fail(node, GE_STATUS_PARAM_INVALID,
                                   "input 2 'output_shape'[%zu] is %lld; expected >= %lld (the unpooled size)", d,
                                   (long long)v[d], (long long)def.dims[d]);
                y.dims[d] = v[d];
            }
        }
    }
    xu_set_out(ctx, 0, x->dtype, &y);
    return GE_STATUS_SUCCESS;
}

static ge_status unpool_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0], *ix = &ctx->inputs[1];
    ir_tensor *y = &ctx->outputs[0];
    ir_shape def;
    TU_TRY(unpool_default_shape(node, &x->shape, &def));
    int32_t r = def.rank;
    int64_t total = 1, yst[IR_MAX_RANK];
    for (int32_t d = r - 1; d >= 0; d--) {
        yst[d] = total;
        total *= y->shape.dims[d];
    }
    int64_t def_n = tu_prod(&def, 0, r), n = ir_tensor_numel(x);
    if (y->bytes)
        memset(y->data, 0, y->bytes);
    for (int64_t i = 0; i < n; i++) {
        int64_t k = op_load_i64(ix->data, ix->dtype, (size_t)i);
        if (k < 0 || k >= def_n)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'I'[%lld] is %lld; expected in [0, %lld)",
                           (long long)i, (long long)k, (long long)def_n);
        int64_t off = 0;
        for (int32_t d = r - 1; d >= 0; d--) {
            off += (k % def.dims[d]) * yst[d];
            k /= def.dims[d];
        }
        op_copy_element(y->data, (size_t)off, x->data, (size_t)i, x->dtype);
    }
    return GE_STATUS_SUCCESS;
}

/* ================================ RoiAlign ================================ */

#define ROI_BASE_ATTRS                                                                                             \
    {"mode", IR_ATTR_STRING, false, 0, 0, "avg"}, {"output_height", IR_ATTR_INT, false, 1, 0, NULL},              \
        {"output_width", IR_ATTR_INT, false, 1, 0, NULL}, {"sampling_ratio", IR_ATTR_INT, false, 0, 0, NULL},     \
        {"spatial_scale", IR_ATTR_FLOAT, false, 0, 1.0f, NULL}

static const op_attr_def roi10_attrs[] = {ROI_BASE_ATTRS, OP_ATTRS_END};
static const op_attr_def roi16_attrs[] = {
    ROI_BASE_ATTRS,
    {"coordinate_transformation_mode", IR_ATTR_STRING, false, 0, 0, "half_pixel"},
    OP_ATTRS_END,
};

typedef struct roi_params {
    bool max_mode;
    bool half_pixel;
    int64_t oh, ow, sr;
    double scale;
} roi_params;

static ge_status roi_params_get(const op_node_info *node, roi_params *p)
{
    const char *m = op_attr_string(node, "mode");
    if (m && strcmp(m, "avg") == 0)
        p->max_mode = false;
    else if (m && strcmp(m, "max") == 0)
        p->max_mode = true;
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'mode' is '%s'; expected avg or max", m ? m : "");
    p->half_pixel = false;
    if (op_schema_attr(node->schema, "coordinate_transformation_mode")) {
        const char *c = op_attr_string(node, "coordinate_transformation_mode");
        if (c && strcmp(c, "half_pixel") == 0)
            p->half_pixel = true;
        else if (!c || strcmp(c, "output_half_pixel") != 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute 'coordinate_transformation_mode' is '%s'; expected half_pixel or output_half_pixel",
                           c ? c : "");
    }
    p->oh = op_attr_int(node, "output_height");
    p->ow = op_attr_int(node, "output_width");
    p->sr = op_attr_int(node, "sampling_ratio");
    p->scale = (double)op_attr_float(node, "spatial_scale");
    if (p->oh < 1 || p->ow < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attributes 'output_height' %lld, 'output_width' %lld; expected >= 1",
                       (long long)p->oh, (long long)p->ow);
    if (p->sr < 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'sampling_ratio' is %lld; expected >= 0",
                       (long long)p->sr);
    return GE_STATUS_SUCCESS;
}

static ge_status roi_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    TU_TRY(nn_check_arity(ctx, 3));
    TU_TRY(op_check_dtype(ctx, 0, node->schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 1, node->schema->dtypes));
    TU_TRY(op_check_dtype(ctx, 2, GE_DT(GE_DTYPE_INT64)));
    if (ctx->inputs[1].dtype != ctx->inputs[0].dtype)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'rois' has dtype %s; expected %s (the dtype of input 0)",
                       ge_dtype_name(ctx->inputs[1].dtype), ge_dtype_name(ctx->inputs[0].dtype));
    roi_params p;
    TU_TRY(roi_params_get(node, &p));
    const op_value *x = &ctx->inputs[0], *rois = &ctx->inputs[1], *bi = &ctx->inputs[2];
    TU_TRY(xu_rank_in(node, x, 0, 4, 4));
    TU_TRY(xu_rank_in(node, rois, 1, 2, 2));
    TU_TRY(xu_rank_in(node, bi, 2, 1, 1));
    int64_t nr = -1;
    if (rois->shape.rank == 2) {
        TU_TRY(xu_dim_eq(node, rois->shape.dims[1], 4, "dim 1 of input 1 'rois'"));
        nr = rois->shape.dims[0];
    }
    if (bi->shape.rank == 1) {
        TU_TRY(xu_dim_eq(node, bi->shape.dims[0], nr, "dim 0 of input 2 'batch_indices'"));
        nr = xu_merge(nr, bi->shape.dims[0]);
    }
    ir_shape y;
    ir_shape_make(&y, 4, (int64_t[]){nr, x->shape.rank == 4 ? x->shape.dims[1] : -1, p.oh, p.ow});
    xu_set_out(ctx, 0, x->dtype, &y);
    return GE_STATUS_SUCCESS;
}

typedef struct roi_sample {
    int64_t pos[4];
    double w[4];
} roi_sample;

static void roi_bilinear(double y, double x, int64_t H, int64_t W, roi_sample *s)
{
    if (y < -1.0 || y > (double)H || x < -1.0 || x > (double)W) {
        memset(s, 0, sizeof *s);
        return;
    }
    if (y < 0)
        y = 0;
    if (x < 0)
        x = 0;
    int64_t yl = (int64_t)y, xl = (int64_t)x, yh, xh;
    if (yl >= H - 1) {
        yh = yl = H - 1;
        y = (double)yl;
    } else
        yh = yl + 1;
    if (xl >= W - 1) {
        xh = xl = W - 1;
        x = (double)xl;
    } else
        xh = xl + 1;
    double ly = y - (double)yl, lx = x - (double)xl, hy = 1.0 - ly, hx = 1.0 - lx;
    s->pos[0] = yl * W + xl;
    s->pos[1] = yl * W + xh;
    s->pos[2] = yh * W + xl;
    s->pos[3] = yh * W + xh;
    s->w[0] = hy * hx;
    s->w[1] = hy * lx;
    s->w[2] = ly * hx;
    s->w[3] = ly * lx;
}

static ge_status roi_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *xt = &ctx->inputs[0], *rt = &ctx->inputs[1], *bt = &ctx->inputs[2];
    ir_tensor *yt = &ctx->outputs[0];
    roi_params p;
    TU_TRY(roi_params_get(node, &p));
    int64_t N = xt->shape.dims[0], C = xt->shape.dims[1], H = xt->shape.dims[2], W = xt->shape.dims[3];
    int64_t R = yt->shape.dims[0];
    double *x = nn_load(node, xt), *rois = nn_load(node, rt);
    double *y = nn_zalloc(node, (size_t)(R * C * p.oh * p.ow));
    if (!x || !rois || !y) {
        ge_free(x), ge_free(rois), ge_free(y);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    ge_status st = GE_STATUS_SUCCESS;
    double off = p.half_pixel ? 0.5 : 0.0;
    for (int64_t r = 0; r < R && st == GE_STATUS_SUCCESS; r++) {
        int64_t b = op_load_i64(bt->data, bt->dtype, (size_t)r);
        if (b < 0 || b >= N) {
            st = op_fail(node, GE_STATUS_PARAM_INVALID, "input 2 'batch_indices'[%lld] is %lld; expected in [0, %lld)",
                         (long long)r, (long long)b, (long long)N);
            break;
        }
        double x0 = rois[r * 4] * p.scale - off, y0 = rois[r * 4 + 1] * p.scale - off;
        double x1 = rois[r * 4 + 2] * p.scale - off, y1 = rois[r * 4 + 3] * p.scale - off;
        double rw = x1 - x0, rh = y1 - y0;
        if (!p.half_pixel) {
            rw = rw > 1.0 ? rw : 1.0;
            rh = rh > 1.0 ? rh : 1.0;
        }
        double bh = rh / (double)p.oh, bw = rw / (double)p.ow;
        int64_t gh = p.sr > 0 ? p.sr : (int64_t)ceil(rh / (double)p.oh);
        int64_t gw = p.sr > 0 ? p.sr : (int64_t)ceil(rw / (double)p.ow);
        if (gh < 0)
            gh = 0;
        if (gw < 0)
            gw = 0;
        double count = (double)(gh * gw > 1 ? gh * gw : 1);
        for (int64_t ph = 0; ph < p.oh; ph++)
            for (int64_t pw = 0; pw < p.ow; pw++)
                for (int64_t c = 0; c < C; c++) {
                    const double *xc = x + (b * C + c) * H * W;
                    double acc = 0.0;
                    bool first = true;
                    for (int64_t iy = 0; iy < gh; iy++) {
                        double yy = y0 + (double)ph * bh + ((double)iy + 0.5) * bh / (double)gh;
                        for (int64_t ix = 0; ix < gw; ix++) {
                            double xx = x0 + (double)pw * bw + ((double)ix + 0.5) * bw / (double)gw;
                            roi_sample s;
                            roi_bilinear(yy, xx, H, W, &s);
                            if (!p.max_mode) {
                                for (int k = 0; k < 4; k++)
                                    acc += s.w[k] * xc[s.pos[k]];
                            } else {
                                double v = s.w[0] * xc[s.pos[0]];
                                for (int k = 1; k < 4; k++)
                                    if (s.w[k] * xc[s.pos[k]] > v)
                                        v = s.w[k] * xc[s.pos[k]];
                                if (first || v > acc)
                                    acc = v;
                                first = false;
                            }
                        }
                    }
                    if (!p.max_mode)
                        acc /= count;
                    y[((r * C + c) * p.oh + ph) * p.ow + pw] = acc;
                }
    }
    if (st == GE_STATUS_SUCCESS)
        nn_store(yt, y, (size_t)(R * C * p.oh * p.ow));
    ge_free(x), ge_free(rois), ge_free(y);
    return st;
}

/* ================================ DeformConv ================================ */

static const op_attr_def dconv_attrs[] = {
    {"dilations", IR_ATTR_INTS, false, 0, 0, NULL},
    {"group", IR_ATTR_INT, false, 1, 0, NULL},
    {"kernel_shape", IR_ATTR_INTS, false, 0, 0, NULL},
    {"offset_group", IR_ATTR_INT, false, 1, 0, NULL},
    {"pads", IR_ATTR_INTS, false, 0, 0, NULL},
    {"strides", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

typedef struct dconv_geom {
    int nd;
    int64_t N, C, M, G, OG, K;
    int64_t in[VIS_MAX_ND], k[VIS_MAX_ND], dil[VIS_MAX_ND], str[VIS_MAX_ND], pb[VIS_MAX_ND], pe[VIS_MAX_ND],
        out[VIS_MAX_ND];
} dconv_geom;

/* Geometry from the input shapes (dims may be -1 during inference). */
static ge_status dconv_geom_get(const op_node_info *node, const ir_shape *xs, const ir_shape *ws, dconv_geom *g)
{
    memset(g, 0, sizeof *g);
    if (xs->rank >= 0 && (xs->rank < 3 || xs->rank > 2 + VIS_MAX_ND))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected 3 to %d", (int)xs->rank,
                       2 + VIS_MAX_ND);
    if (ws->rank >= 0 && xs->rank >= 0 && ws->rank != xs->rank)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'W' has rank %d; expected %d (the rank of input 0)",
                       (int)ws->rank, (int)xs->rank);
    const int64_t *ks, *d, *p, *s;
    size_t nk = op_attr_ints(node, "kernel_shape", &ks), ndl = op_attr_ints(node, "dilations", &d),
           np = op_attr_ints(node, "pads", &p), ns = op_attr_ints(node, "strides", &s);
    int nd = xs->rank >= 0 ? xs->rank - 2 : ws->rank >= 0 ? ws->rank - 2 : nk ? (int)nk : -1;
    g->nd = nd;
    g->G = op_attr_int(node, "group");
    g->OG = op_attr_int(node, "offset_group");
    if (g->G < 1 || g->OG < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attributes 'group' %lld, 'offset_group' %lld; expected >= 1",
                       (long long)g->G, (long long)g->OG);
    if (nd < 0)
        return GE_STATUS_SUCCESS;
    if (nd < 1 || nd > VIS_MAX_ND)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%d spatial dims; expected 1 to %d", nd, VIS_MAX_ND);
    if ((nk && nk != (size_t)nd) || (ndl && ndl != (size_t)nd) || (ns && ns != (size_t)nd) ||
        (np && np != (size_t)(2 * nd)))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attributes kernel_shape (%zu), dilations (%zu), strides (%zu), pads (%zu) do not match %d "
                       "spatial dims",
                       nk, ndl, ns, np, nd);
    g->N = xs->rank >= 0 ? xs->dims[0] : -1;
    g->C = xs->rank >= 0 ? xs->dims[1] : -1;
    g->M = ws->rank >= 0 ? ws->dims[0] : -1;
    if (ws->rank >= 0 && g->C >= 0 && ws->dims[1] >= 0 && ws->dims[1] * g->G != g->C)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "dim 1 of input 1 'W' is %lld; expected %lld (channels / group)",
                       (long long)ws->dims[1], (long long)(g->C / g->G));
    if (g->M >= 0 && g->M % g->G)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "dim 0 of input 1 'W' is %lld; expected a multiple of group %lld",
                       (long long)g->M, (long long)g->G);
    if (g->C >= 0 && g->C % g->OG)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has %lld channels; expected a multiple of offset_group %lld",
                       (long long)g->C, (long long)g->OG);
    g->K = 1;
    for (int i = 0; i < nd; i++) {
        g->k[i] = nk ? ks[i] : ws->rank >= 0 ? ws->dims[i + 2] : -1;
        if (nk && ws->rank >= 0)
            TU_TRY(xu_dim_eq(node, ws->dims[i + 2], ks[i], "a kernel dim of input 1 'W'"));
        g->dil[i] = ndl ? d[i] : 1;
        g->str[i] = ns ? s[i] : 1;
        g->pb[i] = np ? p[i] : 0;
        g->pe[i] = np ? p[i + nd] : 0;
        if (g->dil[i] < 1 || g->str[i] < 1 || g->pb[i] < 0 || g->pe[i] < 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "dim %d: dilation %lld, stride %lld, pads %lld/%lld; expected dilations and strides >= 1, "
                           "pads >= 0",
                           i, (long long)g->dil[i], (long long)g->str[i], (long long)g->pb[i], (long long)g->pe[i]);
        g->in[i] = xs->rank >= 0 ? xs->dims[i + 2] : -1;
        g->out[i] = -1;
        if (g->in[i] >= 0 && g->k[i] >= 0) {
            g->out[i] = (g->in[i] + g->pb[i] + g->pe[i] - ((g->k[i] - 1) * g->dil[i] + 1)) / g->str[i] + 1;
            if (g->out[i] < 1)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "spatial dim %d of the output would be %lld", i,
                               (long long)g->out[i]);
        }
        g->K = xu_mul(g->K, g->k[i]);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status dconv_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    TU_TRY(nn_check_arity(ctx, 3));
    for (size_t i = 0; i < 5; i++)
        if (xu_in_present(ctx, i)) {
            TU_TRY(op_check_dtype(ctx, i, node->schema->dtypes));
            TU_TRY(nn_check_same_dtype(ctx, i));
        }
    dconv_geom g;
    const op_value *x = &ctx->inputs[0], *w = &ctx->inputs[1], *of = &ctx->inputs[2];
    TU_TRY(dconv_geom_get(node, &x->shape, &w->shape, &g));
    if (g.nd < 0) {
        ir_shape u = ir_shape_unknown();
        xu_set_out(ctx, 0, x->dtype, &u);
        return GE_STATUS_SUCCESS;
    }
    int64_t dims[IR_MAX_RANK] = {g.N, g.M};
    for (int i = 0; i < g.nd; i++)
        dims[2 + i] = g.out[i];
    TU_TRY(xu_rank_in(node, of, 2, g.nd + 2, g.nd + 2));
    if (of->shape.rank >= 0) {
        TU_TRY(xu_dim_eq(node, of->shape.dims[0], g.N, "dim 0 of input 2 'offset'"));
        TU_TRY(xu_dim_eq(node, of->shape.dims[1], xu_mul(xu_mul(g.OG, g.K), g.nd), "dim 1 of input 2 'offset'"));
        for (int i = 0; i < g.nd; i++) {
            TU_TRY(xu_dim_eq(node, of->shape.dims[2 + i], g.out[i], "a spatial dim of input 2 'offset'"));
            dims[2 + i] = xu_merge(dims[2 + i], of->shape.dims[2 + i]);
        }
        dims[0] = xu_merge(dims[0], of->shape.dims[0]);
    }
    if (xu_in_present(ctx, 3)) {
        const op_value *b = &ctx->inputs[3];
        TU_TRY(xu_rank_in(node, b, 3, 1, 1));
        if (b->shape.rank == 1)
            TU_TRY(xu_dim_eq(node, b->shape.dims[0], g.M, "dim 0 of input 3 'B'"));
    }
    if (xu_in_present(ctx, 4)) {
        const op_value *m = &ctx->inputs[4];
        TU_TRY(xu_rank_in(node, m, 4, g.nd + 2, g.nd + 2));
        if (m->shape.rank >= 0) {
            TU_TRY(xu_dim_eq(node, m->shape.dims[1], xu_mul(g.OG, g.K), "dim 1 of input 4 'mask'"));
            for (int i = 0; i < g.nd; i++)
                TU_TRY(xu_dim_eq(node, m->shape.dims[2 + i], dims[2 + i], "a spatial dim of input 4 'mask'"));
        }
    }
    ir_shape y;
    ir_shape_make(&y, (size_t)(g.nd + 2), dims);
    xu_set_out(ctx, 0, x->dtype, &y);
    return GE_STATUS_SUCCESS;
}

/* Multilinear sample of one channel at pixel coordinates pos (zeros outside). */
static double dconv_sample(const double *xc, const dconv_geom *g, const double *pos)
{
    int64_t lo[VIS_MAX_ND];
    double fr[VIS_MAX_ND];
    for (int i = 0; i < g->nd; i++) {
        double f = floor(pos[i]);
        lo[i] = (int64_t)f;
        fr[i] = pos[i] - f;
    }
    double v = 0.0;
    for (int corner = 0; corner < (1 << g->nd); corner++) {
        double w = 1.0;
        int64_t off = 0;
        bool in = true;
        for (int i = 0; i < g->nd; i++) {
            int hi = (corner >> (g->nd - 1 - i)) & 1;
            int64_t q = lo[i] + hi;
            w *= hi ? fr[i] : 1.0 - fr[i];
            if (q < 0 || q >= g->in[i]) {
                in = false;
                break;
            }
            off = off * g->in[i] + q;
        }
        if (in && w != 0.0)
            v += w * xc[off];
    }
    return v;
}

static ge_status dconv_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *xt = &ctx->inputs[0], *wt = &ctx->inputs[1], *ot = &ctx->inputs[2];
    const ir_tensor *bt = xu_kin_present(ctx, 3) ? &ctx->inputs[3] : NULL;
    const ir_tensor *mt = xu_kin_present(ctx, 4) ? &ctx->inputs[4] : NULL;
    ir_tensor *yt = &ctx->outputs[0];
    dconv_geom g;
    TU_TRY(dconv_geom_get(node, &xt->shape, &wt->shape, &g));
    int64_t IS = 1, OS = 1;
    for (int i = 0; i < g.nd; i++) {
        IS *= g.in[i];
        OS *= g.out[i];
    }
    size_t ny = (size_t)(g.N * g.M * OS);
    double *x = nn_load(node, xt), *w = nn_load(node, wt), *of = nn_load(node, ot);
    double *b = bt ? nn_load(node, bt) : NULL, *mk = mt ? nn_load(node, mt) : NULL;
    double *y = nn_zalloc(node, ny);
    if (!x || !w || !of || (bt && !b) || (mt && !mk) || !y) {
        ge_free(x), ge_free(w), ge_free(of), ge_free(b), ge_free(mk), ge_free(y);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    int64_t Cg = g.C / g.G, Mg = g.M / g.G, Cog = g.C / g.OG;
    for (int64_t n = 0; n < g.N; n++)
        for (int64_t m = 0; m < g.M; m++) {
            int64_t grp = m / Mg;
            for (int64_t o = 0; o < OS; o++) {
                int64_t oi[VIS_MAX_ND], r = o;
                for (int i = g.nd - 1; i >= 0; i--) {
                    oi[i] = r % g.out[i];
                    r /= g.out[i];
                }
                double acc = b ? b[m] : 0.0;
                for (int64_t cl = 0; cl < Cg; cl++) {
                    int64_t c = grp * Cg + cl, og = c / Cog;
                    const double *xc = x + (n * g.C + c) * IS;
                    for (int64_t k = 0; k < g.K; k++) {
                        int64_t ki[VIS_MAX_ND], rk = k;
                        for (int i = g.nd - 1; i >= 0; i--) {
                            ki[i] = rk % g.k[i];
                            rk /= g.k[i];
                        }
                        double pos[VIS_MAX_ND];
                        for (int i = 0; i < g.nd; i++) {
                            int64_t ch = ((og * g.K + k) * g.nd + i);
                            pos[i] = (double)(oi[i] * g.str[i] - g.pb[i] + ki[i] * g.dil[i]) +
                                     of[(n * (g.OG * g.K * g.nd) + ch) * OS + o];
                        }
                        double v = dconv_sample(xc, &g, pos);
                        if (mk)
                            v *= mk[(n * g.OG * g.K + og * g.K + k) * OS + o];
                        acc += v * w[(m * Cg + cl) * g.K + k];
                    }
                }
                y[(n * g.M + m) * OS + o] = acc;
            }
        }
    nn_store(yt, y, ny);
    ge_free(x), ge_free(w), ge_free(of), ge_free(b), ge_free(mk), ge_free(y);
    return GE_STATUS_SUCCESS;
}

#define MAX OP_ONNX_OPSET_MAX
#define F32 GE_DT(GE_DTYPE_FLOAT32)

const op_schema op_family_vision[] = {
    {"NonMaxSuppression", OP_DOMAIN_ONNX, 10, 10, 2, 5, 1, 1, nms_attrs, F32, nms_infer, nms_kernel},
    {"NonMaxSuppression", OP_DOMAIN_ONNX, 11, MAX, 2, 5, 1, 1, nms_attrs, F32, nms_infer, nms_kernel},
    {"RoiAlign", OP_DOMAIN_ONNX, 10, 15, 3, 3, 1, 1, roi10_attrs, NN_DTS_F16_F32_F64, roi_infer, roi_kernel},
    {"RoiAlign", OP_DOMAIN_ONNX, 16, 21, 3, 3, 1, 1, roi16_attrs, NN_DTS_F16_F32_F64, roi_infer, roi_kernel},
    {"RoiAlign", OP_DOMAIN_ONNX, 22, MAX, 3, 3, 1, 1, roi16_attrs, GE_DTS_FLOATS, roi_infer, roi_kernel},
    {"DeformConv", OP_DOMAIN_ONNX, 19, 21, 3, 5, 1, 1, dconv_attrs, NN_DTS_F16_F32_F64, dconv_infer, dconv_kernel},
    {"DeformConv", OP_DOMAIN_ONNX, 22, MAX, 3, 5, 1, 1, dconv_attrs, GE_DTS_FLOATS, dconv_infer, dconv_kernel},
    {"Col2Im", OP_DOMAIN_ONNX, 18, MAX, 3, 3, 1, 1, col2im_attrs, GE_DTS_NUMERIC, c2i_infer, c2i_kernel},
    {"CenterCropPad", OP_DOMAIN_ONNX, 18, MAX, 2, 2, 1, 1, ccp_attrs, GE_DTS_ALL, ccp_infer, ccp_kernel},
    {"MaxUnpool", OP_DOMAIN_ONNX, 9, 10, 2, 3, 1, 1, unpool_attrs, NN_DTS_F16_F32_F64, unpool_infer, unpool_kernel},
    {"MaxUnpool", OP_DOMAIN_ONNX, 11, 21, 2, 3, 1, 1, unpool_attrs, NN_DTS_F16_F32_F64, unpool_infer, unpool_kernel},
    {"MaxUnpool", OP_DOMAIN_ONNX, 22, MAX, 2, 3, 1, 1, unpool_attrs, GE_DTS_FLOATS, unpool_infer, unpool_kernel},
    OP_SCHEMA_END,
};

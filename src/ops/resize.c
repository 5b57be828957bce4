/* Resize (opsets 10, 11, 13, 18/19) and Upsample (7-9): nearest (every nearest_mode),
 * linear and cubic interpolation, separable over the resized axes, with every
 * coordinate_transformation_mode, scales or sizes, axes and keep_aspect_ratio_policy (18),
 * exclude_outside, extrapolation_value and antialias (18: the linear/cubic kernel stretched by
 * 1/scale when downscaling, weights normalised). Opset 10 Resize and Upsample use the
 * asymmetric transform with floor rounding (what the 10 -> 11 version converter writes). */
#include "base/alloc.h"
#include "ops/tensor_util.h"

#include <math.h>
#include <string.h>

#define MAX OP_ONNX_OPSET_MAX

enum { RS_NEAREST, RS_LINEAR, RS_CUBIC };
enum { CT_HALF_PIXEL, CT_HALF_PIXEL_SYM, CT_PYTORCH, CT_ALIGN, CT_ASYM, CT_TF_HALF_NN, CT_TF_CROP };
enum { NM_ROUND_FLOOR, NM_ROUND_CEIL, NM_FLOOR, NM_CEIL };

typedef struct rs_params {
    int mode, ctm, nearest;
    double cubic_a, extrap;
    bool exclude, antialias;
    int32_t rank;
    int64_t in[IR_MAX_RANK], out[IR_MAX_RANK];
    double scale[IR_MAX_RANK], roi_s[IR_MAX_RANK], roi_e[IR_MAX_RANK];
} rs_params;

static bool is_upsample(const op_node_info *node)
{
    return strcmp(node->schema->type, "Upsample") == 0;
}

/* Old forms: Upsample and Resize-10 (inputs X[, scales]; only 'mode'). */
static bool old_form(const op_node_info *node)
{
    return is_upsample(node) || node->schema->since_opset == 10;
}

static int pick(const op_node_info *node, const char *attr, const char *const *names, int n, int *out)
{
    const char *s = op_attr_string(node, attr);
    for (int k = 0; k < n; k++)
        if (s && strcmp(s, names[k]) == 0) {
            *out = k;
            return 0;
        }
    return -1;
}

static ge_status rs_attrs(const op_node_info *node, rs_params *p)
{
    static const char *const modes[] = {"nearest", "linear", "cubic"};
    static const char *const ctms[] = {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
                                       "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize"};
    static const char *const nms[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
    if (pick(node, "mode", modes, old_form(node) ? 2 : 3, &p->mode) != 0) {
        const char *m = op_attr_string(node, "mode");
        /* Upsample-7 also names linear "bilinear". */
        if (is_upsample(node) && m && strcmp(m, "bilinear") == 0)
            p->mode = RS_LINEAR;
        else
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'mode' is '%s'; expected nearest, linear%s",
                           m ? m : "", old_form(node) ? "" : " or cubic");
    }
    if (old_form(node)) {
        p->ctm = CT_ASYM;
        p->nearest = NM_FLOOR;
        p->cubic_a = -0.75;
        p->exclude = false;
        p->antialias = false;
        p->extrap = 0;
        return GE_STATUS_SUCCESS;
    }
    if (pick(node, "coordinate_transformation_mode", ctms, 7, &p->ctm) != 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'coordinate_transformation_mode' is '%s'; not a known mode",
                       op_attr_string(node, "coordinate_transformation_mode"));
    /* The spec's mode history: tf_half_pixel_for_nn exists in Resize-11 only (gone in 13),
     * half_pixel_symmetric since Resize-19. */
    if (p->ctm == CT_TF_HALF_NN && node->schema->since_opset != 11)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'coordinate_transformation_mode' is 'tf_half_pixel_for_nn'; it exists only in "
                       "Resize-11 (opsets 11-12), the node is opset %d", (int)node->opset);
    if (p->ctm == CT_HALF_PIXEL_SYM && node->opset < 19)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'coordinate_transformation_mode' is 'half_pixel_symmetric'; it exists since "
                       "Resize-19, the node is opset %d", (int)node->opset);
    if (pick(node, "nearest_mode", nms, 4, &p->nearest) != 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'nearest_mode' is '%s'; not a known mode",
                       op_attr_string(node, "nearest_mode"));
    p->cubic_a = op_attr_float(node, "cubic_coeff_a");
    p->exclude = op_attr_int(node, "exclude_outside") != 0;
    p->extrap = op_attr_float(node, "extrapolation_value");
    int64_t aa = op_schema_attr(node->schema, "antialias") ? op_attr_int(node, "antialias") : 0;
    if (aa != 0 && aa != 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'antialias' is %lld; expected 0 or 1", (long long)aa);
    p->antialias = aa == 1;
    return GE_STATUS_SUCCESS;
}

/* The tensors Resize reads; NULL when absent, `known` false when one is present without value. */
typedef struct rs_inputs {
    const ir_tensor *roi, *scales, *sizes;
    bool known;
} rs_inputs;

/* Computes output dims and scales; x dims must be known on the resized axes. */
static ge_status rs_plan(const op_node_info *node, const ir_shape *xs, const rs_inputs *ri, rs_params *p)
{
    int32_t r = xs->rank;
    p->rank = r;
    int32_t axes[IR_MAX_RANK];
    size_t na = (size_t)r;
    for (int32_t d = 0; d < r; d++) {
        axes[d] = d;
        p->in[d] = p->out[d] = xs->dims[d];
        p->scale[d] = 1.0;
        p->roi_s[d] = 0.0;
        p->roi_e[d] = 1.0;
    }
    const int64_t *aa;
    size_t nax = op_schema_attr(node->schema, "axes") ? op_attr_ints(node, "axes", &aa) : 0;
    if (nax) {
        TU_TRY(tu_norm_axes(node, aa, nax, r, "attribute 'axes'", axes));
        na = nax;
    }
    double sc[IR_MAX_RANK];
    size_t ns = 0, nz = 0;
    int64_t sz[IR_MAX_RANK];
    if (is_upsample(node) && node->schema->max_inputs == 1) {
        const float *f;
        ns = op_attr_floats(node, "scales", &f);
        if (ns > IR_MAX_RANK)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'scales' has %zu entries", ns);
        for (size_t k = 0; k < ns; k++)
            sc[k] = f[k];
        if (!ns)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'scales' is required");
    } else if (ri->scales && ir_tensor_numel(ri->scales) > 0) {
        TU_TRY(tu_read_doubles(node, ri->scales, "input 'scales'", sc, IR_MAX_RANK, &ns));
    }
    if (ri->sizes && ir_tensor_numel(ri->sizes) > 0)
        TU_TRY(tu_read_ints(node, ri->sizes, "input 'sizes'", sz, IR_MAX_RANK, &nz));
    if (ns && nz)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "both 'scales' and 'sizes' are given; expected one");
    if (!ns && !nz)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "neither 'scales' nor 'sizes' is given");
    if ((ns ? ns : nz) != na)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s has %zu entries; expected %zu", ns ? "scales" : "sizes",
                       ns ? ns : nz, na);
    /* Unknown input dims (inference only) give unknown output dims, except sizes that
     * stretch, which fix the output whatever the input. */
    bool unk = false;
    for (size_t k = 0; k < na; k++)
        unk |= xs->dims[axes[k]] < 0;
    if (ns) {
        for (size_t k = 0; k < na; k++) {
            if (!(sc[k] > 0))
                return op_fail(node, GE_STATUS_PARAM_INVALID, "scales entry %zu is %g; expected > 0", k, sc[k]);
            int32_t d = axes[k];
            p->scale[d] = sc[k];
            p->out[d] = xs->dims[d] < 0 ? IR_DIM_UNKNOWN : (int64_t)floor((double)xs->dims[d] * sc[k]);
        }
    } else {
        const char *pol = op_schema_attr(node->schema, "keep_aspect_ratio_policy")
                              ? op_attr_string(node, "keep_aspect_ratio_policy") : "stretch";
        bool stretch = !pol || strcmp(pol, "stretch") == 0;
        bool not_larger = pol && strcmp(pol, "not_larger") == 0;
        if (!stretch && !not_larger && strcmp(pol, "not_smaller") != 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute 'keep_aspect_ratio_policy' is '%s'; expected stretch, not_larger or not_smaller", pol);
        if (unk) {
            for (size_t k = 0; k < na; k++)
                p->out[axes[k]] = stretch && sz[k] >= 0 ? sz[k] : IR_DIM_UNKNOWN;
            return GE_STATUS_SUCCESS;
        }
        double common = not_larger ? INFINITY : 0;
        for (size_t k = 0; k < na; k++) {
            if (sz[k] < 0)
                return op_fail(node, GE_STATUS_PARAM_INVALID, "sizes entry %zu is %lld; expected >= 0", k, (long long)sz[k]);
            double s = xs->dims[axes[k]] ? (double)sz[k] / (double)xs->dims[axes[k]] : 1.0;
            common = not_larger ? fmin(common, s) : fmax(common, s);
        }
        for (size_t k = 0; k < na; k++) {
            int32_t d = axes[k];
            if (stretch) {
                p->out[d] = sz[k];
                p->scale[d] = xs->dims[d] ? (double)sz[k] / (double)xs->dims[d] : 1.0;
            } else {
                p->scale[d] = common;
                p->out[d] = (int64_t)floor(common * (double)xs->dims[d] + 0.5);
            }
        }
    }
    if (p->ctm == CT_TF_CROP && ri->roi && ir_tensor_numel(ri->roi) > 0) {
        double roi[2 * IR_MAX_RANK];
        size_t nr;
        TU_TRY(tu_read_doubles(node, ri->roi, "input 1 'roi'", roi, 2 * IR_MAX_RANK, &nr));
        if (nr != 2 * na)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "input 1 'roi' has %zu entries; expected %zu", nr, 2 * na);
        for (size_t k = 0; k < na; k++) {
            p->roi_s[axes[k]] = roi[k];
            p->roi_e[axes[k]] = roi[k + na];
        }
    }
    return GE_STATUS_SUCCESS;
}

static void rs_gather_inputs(const op_node_info *node, const ir_tensor *const *t, size_t n, rs_inputs *ri)
{
    memset(ri, 0, sizeof *ri);
    ri->known = true;
    size_t i_roi = 1, i_sc = 2, i_sz = 3;
    if (old_form(node)) {
        i_roi = 99;
        i_sc = 1;
        i_sz = 99;
    }
    const ir_tensor **slots[] = {&ri->roi, &ri->scales, &ri->sizes};
    size_t idx[] = {i_roi, i_sc, i_sz};
    for (int k = 0; k < 3; k++)
        if (idx[k] < n && t[idx[k]]) {
            *slots[k] = t[idx[k]];
            if (!t[idx[k]]->data && ir_tensor_numel(t[idx[k]]) != 0)
                ri->known = false;
        }
}

static ge_status resize_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    rs_params p;
    TU_TRY(rs_attrs(&ctx->node, &p));
    const op_value *x = tu_in(ctx, 0);
    const ir_tensor *t[4] = {NULL};
    ir_tensor shells[4];
    for (size_t i = 1; i < ctx->n_inputs && i < 4; i++) {
        const op_value *v = tu_in(ctx, i);
        if (!v)
            continue;
        if (v->value) {
            t[i] = v->value;
        } else {
            memset(&shells[i], 0, sizeof shells[i]);
            shells[i].dtype = v->dtype;
            shells[i].shape = v->shape;
            if (ir_shape_numel(&v->shape) != 0)
                shells[i].shape = ir_shape_unknown();
            t[i] = &shells[i];
        }
    }
    rs_inputs ri;
    rs_gather_inputs(&ctx->node, t, ctx->n_inputs, &ri);
    ir_shape s = x->shape;
    if (x->shape.rank >= 0) {
        if (!ri.known) {
            for (int32_t d = 0; d < s.rank; d++)
                s.dims[d] = IR_DIM_UNKNOWN;
        } else {
            TU_TRY(rs_plan(&ctx->node, &x->shape, &ri, &p));
            for (int32_t d = 0; d < s.rank; d++)
                s.dims[d] = p.out[d];
        }
    }
    tu_set_out(ctx, 0, x->dtype, &s);
    return GE_STATUS_SUCCESS;
}

/* One output coordinate's taps along one axis: n (index, weight) pairs at `at` in the
 * kernel's tap pool. */
typedef struct rs_tap {
    size_t at;
    int64_t n;
    bool outside;
} rs_tap;

static double rs_coord(const rs_params *p, int32_t d, int64_t xo)
{
    /* length_resized is in * scale, not the integer output length: with scales given, the
     * two differ (align_corners, half_pixel_symmetric). */
    double s = p->scale[d], in = (double)p->in[d], out = (double)p->out[d], x = (double)xo, lr = s * in;
    switch (p->ctm) {
    case CT_HALF_PIXEL: return (x + 0.5) / s - 0.5;
    case CT_HALF_PIXEL_SYM: {
        double adj = out / lr, center = in / 2;
        return center * (1 - adj) + (x + 0.5) / s - 0.5;
    }
    case CT_PYTORCH: return out > 1 ? (x + 0.5) / s - 0.5 : 0.0;
    case CT_ALIGN: return lr == 1 ? 0.0 : x * (in - 1) / (lr - 1);
    case CT_ASYM: return x / s;
    case CT_TF_HALF_NN: return (x + 0.5) / s;
    case CT_TF_CROP:
        return out > 1 ? p->roi_s[d] * (in - 1) + x * (p->roi_e[d] - p->roi_s[d]) * (in - 1) / (out - 1)
                       : 0.5 * (p->roi_s[d] + p->roi_e[d]) * (in - 1);
    }
    return 0;
}

static double cubic_w(double a, double t)
{
    t = fabs(t);
    if (t <= 1)
        return ((a + 2) * t - (a + 3)) * t * t + 1;
    if (t < 2)
        return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
    return 0;
}

/* Whether axis d uses the antialiasing filter: linear/cubic, antialias set, downscaling. */
static bool rs_aa(const rs_params *p, int32_t d)
{
    return p->antialias && p->mode != RS_NEAREST && p->scale[d] < 1.0;
}

/* Half-width of the interpolation kernel in input pixels (before antialias stretching). */
static double rs_support(const rs_params *p)
{
    return p->mode == RS_CUBIC ? 2.0 : 1.0;
}

/* The most taps one output coordinate of axis d can have. */
static int64_t rs_max_taps(const rs_params *p, int32_t d)
{
    if (p->mode == RS_NEAREST)
        return 1;
    if (!rs_aa(p, d))
        return 4;
    /* the stretched kernel covers floor(x - support / scale) .. ceil(x + support / scale);
     * taps beyond an edge merge into the edge pixel, so never more than the axis length */
    double span = 2.0 * rs_support(p) / p->scale[d] + 4.0;
    return span >= (double)p->in[d] ? p->in[d] : (int64_t)span;
}

/* Adds weight w at input index i (clamped to the axis: ONNX pads with the edge value) to the
 * tap list, merging with the last entry when the index repeats. */
static void rs_push(int64_t *idx, double *wt, int64_t *n, int64_t i, int64_t in, double w)
{
    i = i < 0 ? 0 : i >= in ? in - 1 : i;
    if (*n > 0 && idx[*n - 1] == i) {
        wt[*n - 1] += w;
        return;
    }
    idx[*n] = i;
    wt[(*n)++] = w;
}

/* Antialiased taps: every input pixel j with |scale * (j - x)| < support weighs
 * k(scale * (j - x)) (k the triangle or the cubic kernel), normalised to sum 1; with
 * exclude_outside, pixels outside the axis weigh 0 before the normalisation, otherwise they
 * read the edge pixel. */
static void rs_aa_taps(const rs_params *p, int32_t d, double x, int64_t *idx, double *wt, int64_t *n)
{
    int64_t in = p->in[d];
    double s = p->scale[d], sup = rs_support(p) / s, sum = 0;
    int64_t j0 = (int64_t)floor(x - sup), j1 = (int64_t)ceil(x + sup);
    *n = 0;
    for (int64_t j = j0; j <= j1; j++) {
        double t = s * ((double)j - x), w;
        if (p->mode == RS_CUBIC)
            w = cubic_w(p->cubic_a, t);
        else
            w = 1.0 - fabs(t) > 0 ? 1.0 - fabs(t) : 0.0;
        if (w == 0 || (p->exclude && (j < 0 || j >= in)))
            continue;
        rs_push(idx, wt, n, j, in, w);
        sum += w;
    }
    if (*n == 0) {
        idx[0] = x < 0 ? 0 : x > (double)(in - 1) ? in - 1 : (int64_t)floor(x);
        wt[0] = 0;
        *n = 1;
        return;
    }
    if (sum != 0)
        for (int64_t k = 0; k < *n; k++)
            wt[k] /= sum;
}

static void rs_make_tap(const rs_params *p, int32_t d, int64_t xo, rs_tap *t, int64_t *idx, double *wt)
{
    int64_t in = p->in[d];
    double x = rs_coord(p, d, xo);
    t->n = 0;
    t->outside = p->ctm == CT_TF_CROP && (x < 0 || x > (double)(in - 1));
    if (p->mode == RS_NEAREST) {
        double r;
        switch (p->nearest) {
        case NM_ROUND_FLOOR: r = (x - floor(x) == 0.5) ? floor(x) : round(x); break;
        case NM_ROUND_CEIL: r = (x - floor(x) == 0.5) ? ceil(x) : round(x); break;
        case NM_FLOOR: r = floor(x); break;
        default: r = ceil(x); break;
        }
        idx[0] = r < 0 ? 0 : r > (double)(in - 1) ? in - 1 : (int64_t)r;
        wt[0] = 1;
        t->n = 1;
        return;
    }
    if (rs_aa(p, d)) {
        rs_aa_taps(p, d, x, idx, wt, &t->n);
        return;
    }
    if (p->mode == RS_LINEAR) {
        double xc = x < 0 ? 0 : x > (double)(in - 1) ? (double)(in - 1) : x;
        int64_t i0 = (int64_t)floor(xc), i1 = i0 + 1 < in ? i0 + 1 : in - 1;
        double w = xc - (double)i0;
        idx[t->n] = i0;
        wt[t->n++] = 1 - w;
        if (w != 0) {
            idx[t->n] = i1;
            wt[t->n++] = w;
        }
        return;
    }
    int64_t i0 = (int64_t)floor(x);
    double r = x - floor(x), sum = 0;
    double ws[4];
    int64_t is[4];
    for (int k = 0; k < 4; k++) {
        int64_t i = i0 + k - 1;
        ws[k] = cubic_w(p->cubic_a, r - (k - 1));
        if (p->exclude && (i < 0 || i >= in))
            ws[k] = 0;
        is[k] = i < 0 ? 0 : i >= in ? in - 1 : i;
        sum += ws[k];
    }
    for (int k = 0; k < 4; k++) {
        double w = p->exclude && sum != 0 ? ws[k] / sum : ws[k];
        if (w != 0) {
            idx[t->n] = is[k];
            wt[t->n++] = w;
        }
    }
    if (t->n == 0) {
        idx[0] = is[1];
        wt[0] = 0;
        t->n = 1;
    }
}

static ge_status resize_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    rs_params p;
    TU_TRY(rs_attrs(&ctx->node, &p));
    const ir_tensor *t[4] = {NULL};
    for (size_t i = 1; i < ctx->n_inputs && i < 4; i++)
        t[i] = tu_kin(ctx, i);
    rs_inputs ri;
    rs_gather_inputs(&ctx->node, t, ctx->n_inputs, &ri);
    TU_TRY(rs_plan(&ctx->node, &x->shape, &ri, &p));
    ir_shape os = x->shape;
    for (int32_t d = 0; d < os.rank; d++)
        os.dims[d] = p.out[d];
    TU_TRY(tu_out_ready(ctx, 0, &os));
    ir_tensor *y = &ctx->outputs[0];
    int64_t n = ir_tensor_numel(y);
    if (n == 0)
        return GE_STATUS_SUCCESS;
    if (ir_tensor_numel(x) == 0)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "cannot resize an empty input to a non-empty output");
    int32_t r = os.rank;
    int64_t total = 0, off[IR_MAX_RANK];
    size_t pool = 0;
    for (int32_t d = 0; d < r; d++) {
        off[d] = total;
        total += os.dims[d];
        pool += (size_t)os.dims[d] * (size_t)rs_max_taps(&p, d);
    }
    rs_tap *taps = ge_malloc(sizeof *taps * (size_t)(total ? total : 1));
    int64_t *tidx = ge_malloc(sizeof *tidx * (pool ? pool : 1));
    double *tw = ge_malloc(sizeof *tw * (pool ? pool : 1));
    if (!taps || !tidx || !tw) {
        ge_free(taps), ge_free(tidx), ge_free(tw);
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for %lld taps", (long long)pool);
    }
    size_t at = 0;
    for (int32_t d = 0; d < r; d++)
        for (int64_t o = 0; o < os.dims[d]; o++) {
            rs_tap *t = &taps[off[d] + o];
            t->at = at;
            rs_make_tap(&p, d, o, t, tidx + at, tw + at);
            at += (size_t)t->n;
        }
    int64_t ist[IR_MAX_RANK], idx[IR_MAX_RANK] = {0};
    ir_shape_strides(&x->shape, ist);
    size_t es = ge_dtype_size(x->dtype);
    for (int64_t i = 0; i < n; i++) {
        const rs_tap *tp[IR_MAX_RANK];
        bool outside = false;
        for (int32_t d = 0; d < r; d++) {
            tp[d] = &taps[off[d] + idx[d]];
            outside |= tp[d]->outside;
        }
        if (outside) {
            op_store_f64(y->data, y->dtype, (size_t)i, p.extrap);
        } else if (p.mode == RS_NEAREST) {
            int64_t src = 0;
            for (int32_t d = 0; d < r; d++)
                src += tidx[tp[d]->at] * ist[d];
            memcpy((char *)y->data + (size_t)i * es, (const char *)x->data + (size_t)src * es, es);
        } else {
            int64_t k[IR_MAX_RANK] = {0};
            double acc = 0;
            for (;;) {
                double w = 1;
                int64_t src = 0;
                for (int32_t d = 0; d < r; d++) {
                    w *= tw[tp[d]->at + (size_t)k[d]];
                    src += tidx[tp[d]->at + (size_t)k[d]] * ist[d];
                }
                acc += w * op_load_f64(x->data, x->dtype, (size_t)src);
                int32_t d = r - 1;
                for (; d >= 0; d--) {
                    if (++k[d] < tp[d]->n)
                        break;
                    k[d] = 0;
                }
                if (d < 0)
                    break;
            }
            op_store_f64(y->data, y->dtype, (size_t)i, acc);
        }
        for (int32_t d = r - 1; d >= 0; d--) {
            if (++idx[d] < os.dims[d])
                break;
            idx[d] = 0;
        }
    }
    ge_free(taps), ge_free(tidx), ge_free(tw);
    return GE_STATUS_SUCCESS;
}

static const op_attr_def resize_v10_attrs[] = {
    {"mode", IR_ATTR_STRING, false, 0, 0, "nearest"},
    OP_ATTRS_END,
};
static const op_attr_def resize_v11_attrs[] = {
    {"coordinate_transformation_mode", IR_ATTR_STRING, false, 0, 0, "half_pixel"},
    {"cubic_coeff_a", IR_ATTR_FLOAT, false, 0, -0.75f, NULL},
    {"exclude_outside", IR_ATTR_INT, false, 0, 0, NULL},
    {"extrapolation_value", IR_ATTR_FLOAT, false, 0, 0.0f, NULL},
    {"mode", IR_ATTR_STRING, false, 0, 0, "nearest"},
    {"nearest_mode", IR_ATTR_STRING, false, 0, 0, "round_prefer_floor"},
    OP_ATTRS_END,
};
static const op_attr_def resize_v18_attrs[] = {
    {"antialias", IR_ATTR_INT, false, 0, 0, NULL},
    {"axes", IR_ATTR_INTS, false, 0, 0, NULL},
    {"coordinate_transformation_mode", IR_ATTR_STRING, false, 0, 0, "half_pixel"},
    {"cubic_coeff_a", IR_ATTR_FLOAT, false, 0, -0.75f, NULL},
    {"exclude_outside", IR_ATTR_INT, false, 0, 0, NULL},
    {"extrapolation_value", IR_ATTR_FLOAT, false, 0, 0.0f, NULL},
    {"keep_aspect_ratio_policy", IR_ATTR_STRING, false, 0, 0, "stretch"},
    {"mode", IR_ATTR_STRING, false, 0, 0, "nearest"},
    {"nearest_mode", IR_ATTR_STRING, false, 0, 0, "round_prefer_floor"},
    OP_ATTRS_END,
};
static const op_attr_def upsample_v7_attrs[] = {
    {"mode", IR_ATTR_STRING, false, 0, 0, "nearest"},
    {"scales", IR_ATTR_FLOATS, true, 0, 0, NULL},
    OP_ATTRS_END,
};

#define RS_DT GE_DTS_ALL

const op_schema op_family_resize[] = {
    {"Resize", OP_DOMAIN_ONNX, 10, 10, 2, 2, 1, 1, resize_v10_attrs, RS_DT, resize_infer, resize_kernel},
    {"Resize", OP_DOMAIN_ONNX, 11, 12, 3, 4, 1, 1, resize_v11_attrs, RS_DT, resize_infer, resize_kernel},
    {"Resize", OP_DOMAIN_ONNX, 13, 17, 1, 4, 1, 1, resize_v11_attrs, RS_DT, resize_infer, resize_kernel},
    {"Resize", OP_DOMAIN_ONNX, 18, MAX, 1, 4, 1, 1, resize_v18_attrs, RS_DT, resize_infer, resize_kernel},
    {"Upsample", OP_DOMAIN_ONNX, 7, 8, 1, 1, 1, 1, upsample_v7_attrs, RS_DT, resize_infer, resize_kernel},
    {"Upsample", OP_DOMAIN_ONNX, 9, 9, 2, 2, 1, 1, resize_v10_attrs, RS_DT, resize_infer, resize_kernel},
    OP_SCHEMA_END,
};

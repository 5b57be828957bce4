/* Conv2D float32 through im2col + kern_sgemm (see conv.h). */
#include "kernels/conv.h"

#include "base/alloc.h"
#include "base/error.h"
#include "kernels/scratch.h"

#include <stdint.h>
#include <string.h>

static void col_span(ptrdiff_t off, size_t stride, size_t in, size_t out, size_t *lo, size_t *hi);

typedef struct im2col_job {
    const kern_conv2d *p;
    const float *x; /* the group's first input channel */
    float *col;     /* [cg*kh*kw][oh*ow] */
} im2col_job;

/* Rows [begin, end) of col: row r is (channel c, tap i, tap j). */
static void im2col_rows(void *arg, size_t begin, size_t end)
{
    const im2col_job *jb = arg;
    const kern_conv2d *p = jb->p;
    size_t taps = p->k_h * p->k_w, npix = p->out_h * p->out_w;
    for (size_t r = begin; r < end; r++) {
        size_t c = r / taps, i = (r % taps) / p->k_w, j = r % p->k_w;
        const float *xc = jb->x + c * p->in_h * p->in_w;
        float *dst = jb->col + r * npix;
        ptrdiff_t off_w = (ptrdiff_t)(j * p->dil_w) - (ptrdiff_t)p->pad_l;
        size_t lo, hi;
        col_span(off_w, p->stride_w, p->in_w, p->out_w, &lo, &hi);
        for (size_t oh = 0; oh < p->out_h; oh++) {
            float *d = dst + oh * p->out_w;
            ptrdiff_t ih = (ptrdiff_t)(oh * p->stride_h + i * p->dil_h) - (ptrdiff_t)p->pad_t;
            if (ih < 0 || ih >= (ptrdiff_t)p->in_h) {
                memset(d, 0, p->out_w * sizeof(float));
                continue;
            }
            const float *xr = xc + (size_t)ih * p->in_w;
            for (size_t ow = 0; ow < lo; ow++)
                d[ow] = 0.0f;
            if (p->stride_w == 1) {
                if (hi > lo)
                    memcpy(d + lo, xr + (ptrdiff_t)lo + off_w, (hi - lo) * sizeof(float));
            } else {
                for (size_t ow = lo; ow < hi; ow++)
                    d[ow] = xr[(ptrdiff_t)(ow * p->stride_w) + off_w];
            }
            for (size_t ow = hi; ow < p->out_w; ow++)
                d[ow] = 0.0f;
        }
    }
}

/* Output columns ow with 0 <= ow * stride + off < in (clamped to [0, out)). */
static void col_span(ptrdiff_t off, size_t stride, size_t in, size_t out, size_t *lo, size_t *hi)
{
    *lo = off >= 0 ? 0 : (size_t)((-off + (ptrdiff_t)stride - 1) / (ptrdiff_t)stride);
    *hi = (ptrdiff_t)in - off <= 0 ? 0 : (size_t)(((ptrdiff_t)in - 1 - off) / (ptrdiff_t)stride) + 1;
    if (*hi > out)
        *hi = out;
    if (*lo > *hi)
        *lo = *hi;
}

typedef struct depthwise_job {
    const kern_conv2d *p;
    const float *x, *w, *bias;
    float *y;
} depthwise_job;

/* Planes [begin, end) of batch x channels: one filter per channel, summed straight into y (an
 * im2col matrix per channel would be k_h*k_w times the plane for a 1-row product). */
static void depthwise_planes(void *arg, size_t begin, size_t end)
{
    const depthwise_job *jb = arg;
    const kern_conv2d *p = jb->p;
    size_t npix = p->out_h * p->out_w, in_sz = p->in_h * p->in_w;
    for (size_t q = begin; q < end; q++) {
        size_t c = q % p->cout;
        const float *x = jb->x + q * in_sz, *w = jb->w + c * p->k_h * p->k_w;
        float *y = jb->y + q * npix;
        memset(y, 0, npix * sizeof *y);
        for (size_t oh = 0; oh < p->out_h; oh++) {
            float *yr = y + oh * p->out_w;
            for (size_t i = 0; i < p->k_h; i++) {
                ptrdiff_t ih = (ptrdiff_t)(oh * p->stride_h + i * p->dil_h) - (ptrdiff_t)p->pad_t;
                if (ih < 0 || ih >= (ptrdiff_t)p->in_h)
                    continue;
                const float *xr = x + (size_t)ih * p->in_w;
                for (size_t j = 0; j < p->k_w; j++) {
                    float wv = w[i * p->k_w + j];
                    ptrdiff_t off = (ptrdiff_t)(j * p->dil_w) - (ptrdiff_t)p->pad_l;
                    size_t lo, hi;
                    col_span(off, p->stride_w, p->in_w, p->out_w, &lo, &hi);
                    if (p->stride_w == 1)
                        for (size_t ow = lo; ow < hi; ow++)
                            yr[ow] += wv * xr[(ptrdiff_t)ow + off];
                    else
                        for (size_t ow = lo; ow < hi; ow++)
                            yr[ow] += wv * xr[(ptrdiff_t)(ow * p->stride_w) + off];
                }
            }
        }
    }
    if (!jb->bias && !p->post.residual && p->post.act == KERN_ACT_NONE)
        return;
    /* the epilogue over the chunk's planes, one call per image (its rows are channels) */
    for (size_t q = begin; q < end;) {
        size_t n = q / p->cout, c = q % p->cout, rows = p->cout - c < end - q ? p->cout - c : end - q;
        kern_epilogue e = p->post;
        e.row_bias = jb->bias;
        e.residual = p->post.residual ? p->post.residual + n * p->cout * npix : NULL;
        e.ld_residual = npix;
        kern_epilogue_apply(&e, c, 0, rows, npix, jb->y + q * npix, npix);
        q += rows;
    }
}

bool kern_conv2d_is_depthwise(const kern_conv2d *p)
{
    return p->group > 1 && p->group == p->cin && p->group == p->cout;
}

static bool mul_ok(size_t a, size_t b, size_t *out)
{
    if (b && a > SIZE_MAX / b)
        return false;
    *out = a * b;
    return true;
}

ge_status kern_conv2d_f32(const kern_conv2d *p, const float *x, const float *w, const float *bias, float *y,
                          const kern_threads *threads)
{
    if (p->group == 0 || p->cin % p->group || p->cout % p->group || !p->stride_h || !p->stride_w || !p->dil_h ||
        !p->dil_w || (p->packed && p->packed->group != p->group)) {
        ge_error_set("conv2d: inconsistent geometry (cin %zu, cout %zu, group %zu, strides %zux%zu, dilations %zux%zu)",
                     p->cin, p->cout, p->group, p->stride_h, p->stride_w, p->dil_h, p->dil_w);
        return GE_STATUS_PARAM_INVALID;
    }
    size_t cg = p->cin / p->group, mg = p->cout / p->group;
    size_t npix = p->out_h * p->out_w, kdim = cg * p->k_h * p->k_w, in_sz = p->in_h * p->in_w;
    if (p->batch == 0 || p->cout == 0 || npix == 0)
        return GE_STATUS_SUCCESS;
    if (kern_conv2d_is_depthwise(p)) {
        depthwise_job jb = {p, x, w, bias, y};
        size_t planes = p->batch * p->cout;
        if (threads && threads->parallel_for && planes > 1 && planes * npix * p->k_h * p->k_w >= 65536)
            threads->parallel_for(threads->pool, planes, depthwise_planes, &jb);
        else
            depthwise_planes(&jb, 0, planes);
        return GE_STATUS_SUCCESS;
    }
    bool direct = p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && p->pad_t == 0 &&
                  p->pad_l == 0 && p->out_h == p->in_h && p->out_w == p->in_w;
    float *col = NULL;
    if (!direct && kdim) {
        size_t n = 0;
        if (!mul_ok(kdim, npix, &n) || n > SIZE_MAX / sizeof(float) ||
            !(col = kern_scratch_get(KERN_SCRATCH_IM2COL, n * sizeof(float)))) {
            ge_error_set("conv2d: out of memory for the %zux%zu im2col buffer", kdim, npix);
            return GE_STATUS_MEMALLOC_FAILED;
        }
    }
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t n = 0; n < p->batch && st == GE_STATUS_SUCCESS; n++)
        for (size_t g = 0; g < p->group && st == GE_STATUS_SUCCESS; g++) {
            const float *xg = x + (n * p->cin + g * cg) * in_sz;
            float *yg = y + (n * p->cout + g * mg) * npix;
            const float *b = xg;
            if (col) {
                im2col_job jb = {p, xg, col};
                if (threads && threads->parallel_for && kdim * npix >= 65536)
                    threads->parallel_for(threads->pool, kdim, im2col_rows, &jb);
                else
                    im2col_rows(&jb, 0, kdim);
                b = col;
            }
            kern_epilogue epi = p->post;
            epi.row_bias = bias ? bias + g * mg : NULL;
            epi.residual = p->post.residual ? p->post.residual + (yg - y) : NULL;
            epi.ld_residual = npix;
            const kern_epilogue *e = bias || epi.residual || epi.act != KERN_ACT_NONE ? &epi : NULL;
            if (p->packed)
                st = kern_sgemm_packed_a(p->packed->per_group[g], false, npix, 1.0f, b, npix, 0.0f, yg, npix, e,
                                         threads);
            else
                st = kern_sgemm_epi(false, false, mg, npix, kdim, 1.0f, w + g * mg * kdim, kdim, b, npix, 0.0f, yg,
                                    npix, e, threads);
        }
    kern_scratch_put(KERN_SCRATCH_IM2COL, col);
    return st;
}

kern_conv2d_packed *kern_conv2d_pack_weights(const kern_conv2d *p, const float *w)
{
    if (p->group == 0 || p->cin % p->group || p->cout % p->group) {
        ge_error_set("conv2d: inconsistent geometry (cin %zu, cout %zu, group %zu)", p->cin, p->cout, p->group);
        return NULL;
    }
    size_t cg = p->cin / p->group, mg = p->cout / p->group, kdim = cg * p->k_h * p->k_w;
    kern_conv2d_packed *pw = ge_calloc(1, sizeof *pw);
    if (!pw || !(pw->per_group = ge_calloc(p->group, sizeof *pw->per_group))) {
        ge_free(pw);
        ge_error_set("conv2d: out of memory packing the weights");
        return NULL;
    }
    pw->group = p->group;
    for (size_t g = 0; g < p->group; g++)
        if (!(pw->per_group[g] = kern_sgemm_pack_a(false, mg, kdim, w + g * mg * kdim, kdim))) {
            kern_conv2d_packed_free(pw);
            return NULL;
        }
    return pw;
}

void kern_conv2d_packed_free(kern_conv2d_packed *pw)
{
    if (!pw)
        return;
    for (size_t g = 0; g < pw->group; g++)
        kern_packed_a_free(pw->per_group[g]);
    ge_free(pw->per_group);
    ge_free(pw);
}

size_t kern_conv2d_packed_bytes(const kern_conv2d_packed *pw)
{
    size_t n = 0;
    for (size_t g = 0; pw && g < pw->group; g++)
        n += kern_packed_a_bytes(pw->per_group[g]);
    return n;
}

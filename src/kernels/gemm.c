/* SGEMM driver (see gemm.h): packing, cache blocking, threading, edges, the portable
 * microkernel and the small-size path. */
#include "kernels/gemm.h"

#include "base/alloc.h"
#include "base/error.h"
#include "kernels/gemm_internal.h"
#include "kernels/scratch.h"

#include <stdint.h>
#include <string.h>

/* Cache blocking: A is packed once, up front (it is reused by every column tile). A task
 * computes an mc x nc tile of C (mc is all of M unless there are too few column tiles to keep
 * the threads busy), looping over K in kc steps; at each step it packs its kc x nc block of B
 * into its own scratch (so B is read from memory once and the packed copy stays in L2), then
 * runs the microkernel with the A micro-panel (mr x kc) in L1 over the B block. */
enum { KERN_KC = 256, KERN_NC_TARGET = 128, KERN_MIN_TASKS = 8 };
/* Below this many multiply-adds a GEMM runs serially (a parallel-for costs microseconds). */
#define KERN_PARALLEL_MIN_FLOPS (1u << 21)
/* At or below this many multiply-adds kern_sgemm skips packing. */
#define KERN_SMALL_FLOPS 4096u

/* ---- portable microkernel: 4 x 8, written so compilers can vectorize the j loop ---- */

enum { P_MR = 4, P_NR = 8 };

static void ukernel_portable(size_t kc, const float *a, const float *b, float *c, size_t ldc, float alpha,
                             float beta)
{
    float acc[P_MR][P_NR];
    memset(acc, 0, sizeof acc);
    for (size_t p = 0; p < kc; p++) {
        for (int r = 0; r < P_MR; r++) {
            float av = a[r];
            for (int j = 0; j < P_NR; j++)
                acc[r][j] += av * b[j];
        }
        a += P_MR;
        b += P_NR;
    }
    for (int r = 0; r < P_MR; r++) {
        float *cr = c + (size_t)r * ldc;
        if (beta == 0.0f)
            for (int j = 0; j < P_NR; j++)
                cr[j] = alpha * acc[r][j];
        else
            for (int j = 0; j < P_NR; j++)
                cr[j] = alpha * acc[r][j] + beta * cr[j];
    }
}

static void axpy_portable(size_t n, float a, const float *x, float *y)
{
    for (size_t i = 0; i < n; i++)
        y[i] += a * x[i];
}

static float dot_portable(size_t n, const float *x, const float *y)
{
    float s[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int l = 0; l < 4; l++)
            s[l] += x[i + (size_t)l] * y[i + (size_t)l];
    for (; i < n; i++)
        s[0] += x[i] * y[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

static const kern_gemm_desc desc_portable = {P_MR, P_NR, ukernel_portable, axpy_portable, dot_portable,
                                             kern_epi_row_portable};

static const kern_gemm_desc *gemm_desc(kern_isa isa)
{
    const kern_gemm_desc *d = NULL;
    if (isa == KERN_ISA_AVX512)
        d = kern_gemm_desc_avx512();
    else if (isa == KERN_ISA_AVX2)
        d = kern_gemm_desc_avx2();
    return d ? d : &desc_portable;
}

void kern_sgemm_tile(kern_isa isa, int *out_mr, int *out_nr)
{
    const kern_gemm_desc *d = gemm_desc(kern_isa_supported(isa) ? isa : KERN_ISA_PORTABLE);
    *out_mr = d->mr;
    *out_nr = d->nr;
}

/* ---- the job ---- */

typedef struct sgemm_job {
    const kern_gemm_desc *d;
    bool ta, tb;
    size_t m, n, k;
    const float *a, *b;
    size_t lda, ldb, ldc;
    float *c;
    float alpha, beta;
    const float *apack;       /* mpanels x (mr * k) */
    const kern_epilogue *epi; /* applied to each tile after its last K block; NULL: none */
    float *bscratch;          /* per task: kc x nc, packed as nc / nr panels; or, when
                                 b_shared, all of op(B): per column tile k x nc, by K block */
    bool b_shared;            /* several row tiles read the same B blocks: packed once up front */
    size_t mpanels, kc;
    size_t mc, nc;            /* tile of one task, multiples of mr / nr */
    size_t mtiles, ntiles;
} sgemm_job;

/* A panel i (rows i*mr ...): out[p*mr + r] = op(A)[i*mr + r][p], zero rows past m. */
typedef struct pack_a_job {
    size_t mr, m, k, lda;
    bool ta;
    const float *a;
    float *out;
} pack_a_job;

static void pack_a_panel(const pack_a_job *j, size_t panel)
{
    size_t mr = j->mr, i0 = panel * mr, rows = j->m - i0 < mr ? j->m - i0 : mr, k = j->k;
    float *out = j->out + panel * mr * k;
    if (j->ta) { /* op(A)[i][p] = a[p*lda + i]: rows of a are contiguous in i */
        for (size_t p = 0; p < k; p++) {
            const float *src = j->a + p * j->lda + i0;
            float *dst = out + p * mr;
            for (size_t r = 0; r < rows; r++)
                dst[r] = src[r];
            for (size_t r = rows; r < mr; r++)
                dst[r] = 0.0f;
        }
    } else {
        const float *src = j->a + i0 * j->lda;
        for (size_t r = 0; r < rows; r++) {
            const float *s = src + r * j->lda;
            for (size_t p = 0; p < k; p++)
                out[p * mr + r] = s[p];
        }
        for (size_t r = rows; r < mr; r++)
            for (size_t p = 0; p < k; p++)
                out[p * mr + r] = 0.0f;
    }
}

/* Packs rows [p0, p0+kb) x columns [j0, j0+cols) of op(B) into panels of nr columns:
 * out[q*nr*kb + p*nr + c] = op(B)[p0 + p][j0 + q*nr + c], zero columns past `cols`. */
static void pack_b_block(const sgemm_job *j, size_t p0, size_t kb, size_t j0, size_t cols, float *out)
{
    size_t nr = (size_t)j->d->nr;
    for (size_t q = 0; q * nr < cols; q++) {
        size_t c0 = j0 + q * nr, w = cols - q * nr < nr ? cols - q * nr : nr;
        float *panel = out + q * nr * kb;
        if (!j->tb) {
            for (size_t p = 0; p < kb; p++) {
                const float *src = j->b + (p0 + p) * j->ldb + c0;
                float *dst = panel + p * nr;
                memcpy(dst, src, w * sizeof(float));
                for (size_t c = w; c < nr; c++)
                    dst[c] = 0.0f;
            }
        } else { /* op(B)[p][jj] = b[jj*ldb + p] */
            for (size_t c = 0; c < w; c++) {
                const float *src = j->b + (c0 + c) * j->ldb + p0;
                for (size_t p = 0; p < kb; p++)
                    panel[p * nr + c] = src[p];
            }
            for (size_t c = w; c < nr; c++)
                for (size_t p = 0; p < kb; p++)
                    panel[p * nr + c] = 0.0f;
        }
    }
}

static void pack_range(void *arg, size_t begin, size_t end)
{
    const pack_a_job *j = arg;
    for (size_t t = begin; t < end; t++)
        pack_a_panel(j, t);
}

void kern_epi_row_portable(float *c, const float *res, size_t n, float bias, int act, float lo, float hi,
                           float alpha)
{
    for (size_t q = 0; q < n; q++) {
        float v = c[q] + bias;
        if (res)
            v += res[q];
        switch (act) {
        case KERN_ACT_RELU: v = v < 0.0f ? 0.0f : v; break;
        case KERN_ACT_CLIP:
            v = v < lo ? lo : v;
            v = hi < v ? hi : v;
            break;
        case KERN_ACT_LEAKY_RELU: v = v < 0.0f ? alpha * v : v; break;
        default: break;
        }
        c[q] = v;
    }
}

static void epilogue_apply(const kern_gemm_desc *d, const kern_epilogue *e, size_t row0, size_t col0, size_t m,
                           size_t n, float *c, size_t ldc)
{
    for (size_t i = 0; i < m; i++) {
        const float *rr = e->residual ? e->residual + (row0 + i) * e->ld_residual + col0 : NULL;
        d->epi_row(c + i * ldc, rr, n, e->row_bias ? e->row_bias[row0 + i] : 0.0f, (int)e->act, e->lo, e->hi,
                   e->alpha);
    }
}

static void compute_tile(const sgemm_job *j, size_t ti, size_t tj)
{
    const kern_gemm_desc *d = j->d;
    size_t mr = (size_t)d->mr, nr = (size_t)d->nr, k = j->k;
    size_t i_begin = ti * j->mc, i_end = i_begin + j->mc < j->m ? i_begin + j->mc : j->m;
    size_t j_begin = tj * j->nc, j_end = j_begin + j->nc < j->n ? j_begin + j->nc : j->n;
    float *bbuf = j->b_shared ? NULL : j->bscratch + (ti * j->ntiles + tj) * j->kc * j->nc;
    _Alignas(64) float tmp[KERN_MR_MAX * KERN_NR_MAX];
    for (size_t pc = 0; pc < k; pc += j->kc) {
        size_t kb = k - pc < j->kc ? k - pc : j->kc;
        float beta = pc == 0 ? j->beta : 1.0f;
        if (j->b_shared)
            bbuf = j->bscratch + (tj * k + pc) * j->nc;
        else
            pack_b_block(j, pc, kb, j_begin, j_end - j_begin, bbuf);
        for (size_t i = i_begin; i < i_end; i += mr) {
            const float *ap = j->apack + (i / mr) * mr * k + pc * mr;
            size_t rows = i_end - i < mr ? i_end - i : mr;
            for (size_t jj = j_begin; jj < j_end; jj += nr) {
                const float *bp = bbuf + (jj - j_begin) * kb;
                size_t cols = j_end - jj < nr ? j_end - jj : nr;
                float *c = j->c + i * j->ldc + jj;
                bool last = pc + kb == k && j->epi;
                if (rows == mr && cols == nr) {
                    d->ukernel(kb, ap, bp, c, j->ldc, j->alpha, beta);
                    if (last)
                        epilogue_apply(d, j->epi, i, jj, mr, nr, c, j->ldc);
                    continue;
                }
                d->ukernel(kb, ap, bp, tmp, nr, j->alpha, 0.0f);
                for (size_t r = 0; r < rows; r++) {
                    float *cr = c + r * j->ldc;
                    const float *tr = tmp + r * nr;
                    if (beta == 0.0f)
                        for (size_t q = 0; q < cols; q++)
                            cr[q] = tr[q];
                    else
                        for (size_t q = 0; q < cols; q++)
                            cr[q] = tr[q] + beta * cr[q];
                }
                if (last)
                    epilogue_apply(d, j->epi, i, jj, rows, cols, c, j->ldc);
            }
        }
    }
}

/* Shared B: task t packs K block (t % kblocks) of column tile (t / kblocks). */
static void pack_b_range(void *arg, size_t begin, size_t end)
{
    const sgemm_job *j = arg;
    size_t kblocks = (j->k + j->kc - 1) / j->kc;
    for (size_t t = begin; t < end; t++) {
        size_t tj = t / kblocks, pc = (t % kblocks) * j->kc, kb = j->k - pc < j->kc ? j->k - pc : j->kc;
        size_t j0 = tj * j->nc, cols = j->n - j0 < j->nc ? j->n - j0 : j->nc;
        pack_b_block(j, pc, kb, j0, cols, j->bscratch + (tj * j->k + pc) * j->nc);
    }
}

static void compute_range(void *arg, size_t begin, size_t end)
{
    const sgemm_job *j = arg;
    for (size_t t = begin; t < end; t++)
        compute_tile(j, t / j->ntiles, t % j->ntiles);
}

static void run_range(const kern_threads *th, size_t n, void (*fn)(void *, size_t, size_t), void *arg,
                      bool parallel)
{
    if (parallel && th && th->parallel_for && n > 1)
        th->parallel_for(th->pool, n, fn, arg);
    else
        fn(arg, 0, n);
}

/* C = beta * C (k == 0 or alpha == 0). */
static void scale_c(size_t m, size_t n, float beta, float *c, size_t ldc)
{
    for (size_t i = 0; i < m; i++) {
        float *cr = c + i * ldc;
        if (beta == 0.0f)
            memset(cr, 0, n * sizeof(float));
        else if (beta != 1.0f)
            for (size_t q = 0; q < n; q++)
                cr[q] *= beta;
    }
}

static size_t round_up(size_t v, size_t to)
{
    return (v + to - 1) / to * to;
}

/* a * b * c without overflow */
static bool mul3(size_t a, size_t b, size_t c, size_t *out)
{
    if ((b && a > SIZE_MAX / b) || (c && a * b > SIZE_MAX / c))
        return false;
    *out = a * b * c;
    return true;
}

/* apre: A already packed for d (NULL: pack a here). */
static ge_status sgemm_packed(const kern_gemm_desc *d, bool ta, bool tb, size_t m, size_t n, size_t k,
                              float alpha, const float *a, size_t lda, const float *apre, const float *b,
                              size_t ldb, float beta, float *c, size_t ldc, const kern_epilogue *epi,
                              const kern_threads *threads)
{
    sgemm_job j = {.d = d, .ta = ta, .tb = tb, .m = m, .n = n, .k = k, .a = a, .b = b, .lda = lda, .ldb = ldb,
                   .ldc = ldc, .c = c, .alpha = alpha, .beta = beta, .epi = epi};
    size_t mr = (size_t)d->mr, nr = (size_t)d->nr;
    j.mpanels = (m + mr - 1) / mr;
    j.kc = k < KERN_KC ? k : KERN_KC;
    j.nc = n < KERN_NC_TARGET ? round_up(n, nr) : round_up(KERN_NC_TARGET, nr);
    j.ntiles = (n + j.nc - 1) / j.nc;
    /* split M too when there are few column tiles */
    double flops = (double)m * (double)n * (double)k;
    bool parallel = flops >= (double)KERN_PARALLEL_MIN_FLOPS && threads && threads->parallel_for;
    j.mtiles = 1;
    if (parallel && j.ntiles < KERN_MIN_TASKS) {
        size_t want = (KERN_MIN_TASKS + j.ntiles - 1) / j.ntiles;
        j.mtiles = want < j.mpanels ? want : j.mpanels;
    }
    j.mc = round_up((m + j.mtiles - 1) / j.mtiles, mr);
    j.mtiles = (m + j.mc - 1) / j.mc;
    size_t tasks = j.mtiles * j.ntiles;
    size_t a_floats = 0, b_floats = 0;
    j.b_shared = j.mtiles > 1;
    bool ok = (apre || mul3(j.mpanels * mr, k, 1, &a_floats)) &&
              (j.b_shared ? mul3(j.ntiles, k, j.nc, &b_floats) : mul3(tasks, j.kc, j.nc, &b_floats));
    a_floats = round_up(a_floats, 16); /* the B scratch starts 64-byte aligned too */
    if (!ok || a_floats + b_floats < a_floats || a_floats + b_floats > SIZE_MAX / sizeof(float)) {
        ge_error_set("sgemm: packing %zux%zux%zu overflows the address space", m, n, k);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    float *pack = kern_scratch_get(KERN_SCRATCH_GEMM, (a_floats + b_floats) * sizeof(float));
    if (!pack) {
        ge_error_set("sgemm: out of memory for %zu bytes of packed panels (%zux%zux%zu)",
                     (a_floats + b_floats) * sizeof(float), m, n, k);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    j.apack = apre ? apre : pack;
    j.bscratch = pack + a_floats;
    if (!apre) {
        pack_a_job pj = {mr, m, k, lda, ta, a, pack};
        run_range(threads, j.mpanels, pack_range, &pj, parallel);
    }
    if (j.b_shared)
        run_range(threads, j.ntiles * ((k + j.kc - 1) / j.kc), pack_b_range, &j, parallel);
    run_range(threads, tasks, compute_range, &j, parallel);
    kern_scratch_put(KERN_SCRATCH_GEMM, pack);
    return GE_STATUS_SUCCESS;
}

/* ---- one row of C (GEMV): B is read once, straight from the caller's memory ---- */

enum { GEMV_CHUNK = 256 }; /* columns of C per task */

typedef struct gemv_job {
    const kern_gemm_desc *d;
    bool ta, tb;
    size_t n, k;
    const float *a, *b;
    size_t lda, ldb;
    float *c;
    float alpha, beta;
} gemv_job;

static void gemv_range(void *arg, size_t begin, size_t end)
{
    const gemv_job *j = arg;
    for (size_t t = begin; t < end; t++) {
        size_t j0 = t * GEMV_CHUNK, w = j->n - j0 < GEMV_CHUNK ? j->n - j0 : GEMV_CHUNK;
        float *c = j->c + j0;
        if (j->tb) { /* c[q] = alpha * dot(a, row q of b) + beta * c[q]; a is contiguous here */
            for (size_t q = 0; q < w; q++) {
                float v = j->alpha * j->d->dot(j->k, j->a, j->b + (j0 + q) * j->ldb);
                c[q] = j->beta == 0.0f ? v : v + j->beta * c[q];
            }
            continue;
        }
        for (size_t q = 0; q < w; q++)
            c[q] = j->beta == 0.0f ? 0.0f : j->beta * c[q];
        for (size_t p = 0; p < j->k; p++) {
            float av = j->alpha * (j->ta ? j->a[p * j->lda] : j->a[p]);
            j->d->axpy(w, av, j->b + p * j->ldb + j0, c);
        }
    }
}

static void sgemv(const kern_gemm_desc *d, bool ta, bool tb, size_t n, size_t k, float alpha, const float *a,
                  size_t lda, const float *b, size_t ldb, float beta, float *c, const kern_threads *threads)
{
    gemv_job j = {d, ta, tb, n, k, a, b, lda, ldb, c, alpha, beta};
    bool parallel = (double)n * (double)k >= (double)KERN_PARALLEL_MIN_FLOPS;
    run_range(threads, (n + GEMV_CHUNK - 1) / GEMV_CHUNK, gemv_range, &j, parallel);
}

/* Direct loops for tiny products (no packing, no allocation). */
static void sgemm_small(bool ta, bool tb, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
                        const float *b, size_t ldb, float beta, float *c, size_t ldc)
{
    for (size_t i = 0; i < m; i++)
        for (size_t q = 0; q < n; q++) {
            float acc = 0.0f;
            for (size_t p = 0; p < k; p++)
                acc += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[q * ldb + p] : b[p * ldb + q]);
            float *cv = c + i * ldc + q;
            *cv = beta == 0.0f ? alpha * acc : alpha * acc + beta * *cv;
        }
}

static ge_status sgemm_dispatch(const kern_gemm_desc *d, bool small_ok, bool ta, bool tb, size_t m, size_t n,
                                size_t k, float alpha, const float *a, size_t lda, const float *b, size_t ldb,
                                float beta, float *c, size_t ldc, const kern_epilogue *epi,
                                const kern_threads *threads)
{
    if (m == 0 || n == 0)
        return GE_STATUS_SUCCESS;
    if (k == 0 || alpha == 0.0f) {
        scale_c(m, n, beta, c, ldc);
    } else if (small_ok && (double)m * (double)n * (double)k <= (double)KERN_SMALL_FLOPS) {
        sgemm_small(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    } else if (m == 1 && (!ta || lda == 1 || !tb)) {
        sgemv(d, ta, tb, n, k, alpha, a, lda, b, ldb, beta, c, threads);
    } else {
        return sgemm_packed(d, ta, tb, m, n, k, alpha, a, lda, NULL, b, ldb, beta, c, ldc, epi, threads);
    }
    if (epi)
        epilogue_apply(d, epi, 0, 0, m, n, c, ldc);
    return GE_STATUS_SUCCESS;
}

ge_status kern_sgemm(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
                     size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc,
                     const kern_threads *threads)
{
    return sgemm_dispatch(gemm_desc(kern_isa_active()), true, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb,
                          beta, c, ldc, NULL, threads);
}

ge_status kern_sgemm_epi(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
                         size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc,
                         const kern_epilogue *epi, const kern_threads *threads)
{
    return sgemm_dispatch(gemm_desc(kern_isa_active()), true, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb,
                          beta, c, ldc, epi, threads);
}

/* ---- A packed ahead of time ---- */

struct kern_packed_a {
    const kern_gemm_desc *d; /* the microkernel the panels are laid out for */
    size_t m, k, bytes;
    float *panels; /* ceil(m / mr) panels of mr x k, zero rows past m */
};

kern_packed_a *kern_sgemm_pack_a(bool trans_a, size_t m, size_t k, const float *a, size_t lda)
{
    const kern_gemm_desc *d = gemm_desc(kern_isa_active());
    size_t mr = (size_t)d->mr, mpanels = (m + mr - 1) / mr, floats = 0;
    kern_packed_a *pa = ge_calloc(1, sizeof *pa);
    if (!pa || !mul3(mpanels * mr, k ? k : 1, sizeof(float), &floats) ||
        !(pa->panels = ge_aligned_alloc(64, floats))) {
        ge_free(pa);
        ge_error_set("sgemm: out of memory packing a %zux%zu matrix", m, k);
        return NULL;
    }
    pa->d = d;
    pa->m = m;
    pa->k = k;
    pa->bytes = floats;
    pack_a_job pj = {mr, m, k, lda, trans_a, a, pa->panels};
    pack_range(&pj, 0, mpanels);
    return pa;
}

void kern_packed_a_free(kern_packed_a *pa)
{
    if (!pa)
        return;
    ge_free(pa->panels);
    ge_free(pa);
}

size_t kern_packed_a_bytes(const kern_packed_a *pa)
{
    return pa ? pa->bytes : 0;
}

ge_status kern_sgemm_packed_a(const kern_packed_a *pa, bool trans_b, size_t n, float alpha, const float *b,
                              size_t ldb, float beta, float *c, size_t ldc, const kern_epilogue *epi,
                              const kern_threads *threads)
{
    if (pa->m == 0 || n == 0)
        return GE_STATUS_SUCCESS;
    if (pa->k == 0 || alpha == 0.0f) {
        scale_c(pa->m, n, beta, c, ldc);
        if (epi)
            epilogue_apply(pa->d, epi, 0, 0, pa->m, n, c, ldc);
        return GE_STATUS_SUCCESS;
    }
    return sgemm_packed(pa->d, false, trans_b, pa->m, n, pa->k, alpha, NULL, 0, pa->panels, b, ldb, beta, c, ldc,
                        epi, threads);
}

ge_status kern_sgemm_isa(kern_isa isa, bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha,
                         const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
                         size_t ldc, const kern_threads *threads)
{
    if (!kern_isa_supported(isa)) {
        ge_error_set("sgemm: ISA %s is not supported on this machine", kern_isa_name(isa));
        return GE_STATUS_PARAM_INVALID;
    }
    return sgemm_dispatch(gemm_desc(isa), false, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                          NULL, threads);
}

void kern_epilogue_apply(const kern_epilogue *e, size_t row0, size_t col0, size_t m, size_t n, float *c,
                         size_t ldc)
{
    epilogue_apply(gemm_desc(kern_isa_active()), e, row0, col0, m, n, c, ldc);
}

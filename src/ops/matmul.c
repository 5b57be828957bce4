/* MatMul (numpy matmul: batched with broadcasting, 1-D operands promoted and the added dim
 * removed) and Gemm (Y = alpha * A' * B' + beta * C, C unidirectionally broadcast). */
#include "base/alloc.h"
#include "base/error.h"
#include "kernels/gemm.h"
#include "ops/nn_util.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define MM_INTS (GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64) | GE_DT(GE_DTYPE_UINT32) | GE_DT(GE_DTYPE_UINT64))

/* ---------------- MatMul ---------------- */

typedef struct mm_geom {
    ir_shape a, b;    /* operands after 1-D promotion */
    ir_shape batch;   /* broadcast batch dims */
    ir_shape out;     /* the output shape (promoted dims removed) */
    int64_t m, k, n;
} mm_geom;

static ge_status mm_geometry(const op_node_info *node, const ir_shape *as, const ir_shape *bs, mm_geom *g)
{
    char sa[96], sb[96];
    if (as->rank == 0 || bs->rank == 0)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input %d is a scalar; MatMul needs rank >= 1",
                       as->rank == 0 ? 0 : 1);
    if (as->rank < 0 || bs->rank < 0) {
        g->out = ir_shape_unknown();
        return GE_STATUS_SUCCESS;
    }
    g->a = *as;
    g->b = *bs;
    if (as->rank == 1) {
        g->a.rank = 2;
        g->a.dims[0] = 1;
        g->a.dims[1] = as->dims[0];
    }
    if (bs->rank == 1) {
        g->b.rank = 2;
        g->b.dims[0] = bs->dims[0];
        g->b.dims[1] = 1;
    }
    g->m = g->a.dims[g->a.rank - 2];
    g->k = g->a.dims[g->a.rank - 1];
    int64_t kb = g->b.dims[g->b.rank - 2];
    g->n = g->b.dims[g->b.rank - 1];
    if (g->k >= 0 && kb >= 0 && g->k != kb)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "inner dims differ: input 0 %s has K=%lld, input 1 %s has K=%lld",
                       ir_shape_format(as, sa, sizeof sa), (long long)g->k,
                       ir_shape_format(bs, sb, sizeof sb), (long long)kb);
    if (g->k < 0)
        g->k = kb;
    ir_shape ba, bb;
    ir_shape_make(&ba, (size_t)(g->a.rank - 2), g->a.dims);
    ir_shape_make(&bb, (size_t)(g->b.rank - 2), g->b.dims);
    const ir_shape *both[] = {&ba, &bb};
    ge_status st = op_broadcast_shapes(node, 2, both, &g->batch);
    if (st != GE_STATUS_SUCCESS)
        return st;
    g->out = g->batch;
    if (g->out.rank + 2 > IR_MAX_RANK)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "output rank exceeds %d", IR_MAX_RANK);
    if (as->rank != 1)
        g->out.dims[g->out.rank++] = g->m;
    if (bs->rank != 1)
        g->out.dims[g->out.rank++] = g->n;
    return GE_STATUS_SUCCESS;
}

static ge_status matmul_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 2);
    if (st == GE_STATUS_SUCCESS)
        st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes);
    if (st == GE_STATUS_SUCCESS)
        st = nn_check_same_dtype(ctx, 1);
    if (st != GE_STATUS_SUCCESS)
        return st;
    mm_geom g;
    st = mm_geometry(&ctx->node, &ctx->inputs[0].shape, &ctx->inputs[1].shape, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ctx->outputs[0].shape = g.out;
    return GE_STATUS_SUCCESS;
}

/* Offsets of each batch matrix of an operand broadcast to the batch shape. */
static void mm_batch_offsets(const ir_shape *operand, const ir_shape *batch, int64_t mat, int64_t nb,
                             int64_t *off)
{
    ir_shape ob;
    ir_shape_make(&ob, (size_t)(operand->rank - 2), operand->dims);
    int64_t strides[IR_MAX_RANK];
    op_broadcast_strides(&ob, batch, strides);
    int64_t idx[IR_MAX_RANK] = {0};
    for (int64_t b = 0; b < nb; b++) {
        int64_t o = 0;
        for (int d = 0; d < batch->rank; d++)
            o += idx[d] * strides[d];
        off[b] = o * mat;
        for (int d = batch->rank - 1; d >= 0; d--) {
            if (++idx[d] < batch->dims[d])
                break;
            idx[d] = 0;
        }
    }
}

/* ---- float32 fast path: src/kernels' packed SGEMM; the double reference below stays the
 * path for every other dtype and the ground truth the fast path is tested against ---- */

static kern_threads mm_threads(const op_kernel_ctx *ctx)
{
    kern_threads th = {ctx->pool ? ctx->parallel_for : NULL, ctx->pool};
    return th;
}

/* A kernel failure: the kernel's message under the node's name. */
static ge_status mm_kern_fail(const op_kernel_ctx *ctx, ge_status st)
{
    char msg[256];
    snprintf(msg, sizeof msg, "%s", ge_error_take());
    return op_fail(&ctx->node, st, "%s", msg);
}

/* Many small products: one serial GEMM per batch matrix, the batch spread over threads. */
typedef struct mm_batch_job {
    const float *a, *b;
    float *y;
    const int64_t *offs; /* [nb] of A, then [nb] of B */
    int64_t nb, m, n, k;
    atomic_uint status;
} mm_batch_job;

static void mm_batch_range(void *arg, size_t begin, size_t end)
{
    mm_batch_job *j = arg;
    for (size_t t = begin; t < end; t++) {
        ge_status st = kern_sgemm(false, false, (size_t)j->m, (size_t)j->n, (size_t)j->k, 1.0f, j->a + j->offs[t],
                                  (size_t)j->k, j->b + j->offs[j->nb + (int64_t)t], (size_t)j->n, 0.0f,
                                  j->y + (int64_t)t * j->m * j->n, (size_t)j->n, NULL);
        if (st != GE_STATUS_SUCCESS)
            atomic_store(&j->status, st);
    }
}

static ge_status matmul_f32(op_kernel_ctx *ctx, int64_t nb, int64_t M, int64_t K, int64_t N, const int64_t *offs)
{
    const float *av = ctx->inputs[0].data, *bv = ctx->inputs[1].data;
    float *yv = ctx->outputs[0].data;
    kern_threads th = mm_threads(ctx);
    /* B shared by every batch and A's matrices back to back: one GEMM of nb*M rows */
    bool fold = nb > 1;
    for (int64_t t = 0; fold && t < nb; t++)
        fold = offs[nb + t] == 0 && offs[t] == t * M * K;
    if (fold || nb == 1) {
        ge_status st = kern_sgemm(false, false, (size_t)(M * nb), (size_t)N, (size_t)K, 1.0f, av, (size_t)K, bv,
                                  (size_t)N, 0.0f, yv, (size_t)N, &th);
        return st == GE_STATUS_SUCCESS ? st : mm_kern_fail(ctx, st);
    }
    if ((double)M * (double)N * (double)K < 1e6 && th.parallel_for) {
        mm_batch_job j = {.a = av, .b = bv, .y = yv, .offs = offs, .nb = nb, .m = M, .n = N, .k = K};
        atomic_init(&j.status, GE_STATUS_SUCCESS);
        th.parallel_for(th.pool, (size_t)nb, mm_batch_range, &j);
        ge_status st = atomic_load(&j.status);
        if (st != GE_STATUS_SUCCESS)
            return op_fail(&ctx->node, st, "out of memory in a batched float32 MatMul");
        return st;
    }
    for (int64_t t = 0; t < nb; t++) {
        ge_status st = kern_sgemm(false, false, (size_t)M, (size_t)N, (size_t)K, 1.0f, av + offs[t], (size_t)K,
                                  bv + offs[nb + t], (size_t)N, 0.0f, yv + t * M * N, (size_t)N, &th);
        if (st != GE_STATUS_SUCCESS)
            return mm_kern_fail(ctx, st);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status matmul_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *a = &ctx->inputs[0], *b = &ctx->inputs[1];
    ir_tensor *y = &ctx->outputs[0];
    mm_geom g;
    ge_status st = mm_geometry(&ctx->node, &a->shape, &b->shape, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    int64_t nb = ir_shape_numel(&g.batch);
    int64_t M = g.m, K = g.k, N = g.n;
    if (ir_tensor_numel(y) == 0)
        return GE_STATUS_SUCCESS;
    int64_t *offs = ge_malloc(sizeof(int64_t) * (size_t)(2 * nb));
    if (!offs)
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
    mm_batch_offsets(&g.a, &g.batch, M * K, nb, offs);
    mm_batch_offsets(&g.b, &g.batch, K * N, nb, offs + nb);
    if (a->dtype == GE_DTYPE_FLOAT32 && b->dtype == GE_DTYPE_FLOAT32 && y->dtype == GE_DTYPE_FLOAT32) {
        st = matmul_f32(ctx, nb, M, K, N, offs);
    } else if (ge_dtype_is_float(a->dtype)) {
        double *av = nn_load(&ctx->node, a), *bv = nn_load(&ctx->node, b);
        double *yv = nn_zalloc(&ctx->node, (size_t)(nb * M * N));
        if (!av || !bv || !yv) {
            ge_free(av), ge_free(bv), ge_free(yv), ge_free(offs);
            return GE_STATUS_MEMALLOC_FAILED;
        }
        for (int64_t t = 0; t < nb; t++) {
            const double *ap = av + offs[t], *bp = bv + offs[nb + t];
            double *yp = yv + t * M * N;
            for (int64_t i = 0; i < M; i++)
                for (int64_t p = 0; p < K; p++) {
                    double x = ap[i * K + p];
                    const double *br = bp + p * N;
                    double *yr = yp + i * N;
                    for (int64_t j = 0; j < N; j++)
                        yr[j] += x * br[j];
                }
        }
        nn_store(y, yv, (size_t)(nb * M * N));
        ge_free(av), ge_free(bv), ge_free(yv);
    } else {
        /* Integers wrap modulo 2^bits, computed in uint64 (no signed overflow). */
        uint64_t *acc = ge_calloc((size_t)(N ? N : 1), sizeof *acc);
        if (!acc) {
            ge_free(offs);
            return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory");
        }
        for (int64_t t = 0; t < nb; t++)
            for (int64_t i = 0; i < M; i++) {
                memset(acc, 0, sizeof *acc * (size_t)N);
                for (int64_t p = 0; p < K; p++) {
                    uint64_t x = (uint64_t)op_load_i64(a->data, a->dtype, (size_t)(offs[t] + i * K + p));
                    for (int64_t j = 0; j < N; j++)
                        acc[j] += x * (uint64_t)op_load_i64(b->data, b->dtype, (size_t)(offs[nb + t] + p * N + j));
                }
                for (int64_t j = 0; j < N; j++)
                    op_store_i64(y->data, y->dtype, (size_t)((t * M + i) * N + j), (int64_t)acc[j]);
            }
        ge_free(acc);
    }
    ge_free(offs);
    return st;
}

/* ---------------- Gemm ---------------- */

static const op_attr_def gemm_attrs[] = {
    {"alpha", IR_ATTR_FLOAT, false, 0, 1.0f, NULL},
    {"beta", IR_ATTR_FLOAT, false, 0, 1.0f, NULL},
    {"transA", IR_ATTR_INT, false, 0, 0, NULL},
    {"transB", IR_ATTR_INT, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static ge_status gemm_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, ctx->node.schema->min_inputs);
    for (size_t i = 0; st == GE_STATUS_SUCCESS && i < 3; i++)
        st = i == 0 ? op_check_dtype(ctx, 0, ctx->node.schema->dtypes) : nn_check_same_dtype(ctx, i);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *as = &ctx->inputs[0].shape, *bs = &ctx->inputs[1].shape;
    for (int i = 0; i < 2; i++) {
        const ir_shape *s = i ? bs : as;
        if (s->rank >= 0 && s->rank != 2)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %d has rank %d; expected 2", i,
                           (int)s->rank);
    }
    bool ta = op_attr_int(&ctx->node, "transA") != 0, tb = op_attr_int(&ctx->node, "transB") != 0;
    int64_t m = as->rank == 2 ? as->dims[ta ? 1 : 0] : -1, ka = as->rank == 2 ? as->dims[ta ? 0 : 1] : -1;
    int64_t kb = bs->rank == 2 ? bs->dims[tb ? 1 : 0] : -1, n = bs->rank == 2 ? bs->dims[tb ? 0 : 1] : -1;
    if (ka >= 0 && kb >= 0 && ka != kb)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "inner dims differ: A' has K=%lld, B' has K=%lld (transA=%d, transB=%d)", (long long)ka,
                       (long long)kb, ta, tb);
    if (ctx->n_inputs > 2 && ctx->inputs[2].present) {
        const ir_shape *cs = &ctx->inputs[2].shape;
        if (cs->rank > 2)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 2 (C) has rank %d; expected <= 2",
                           (int)cs->rank);
        for (int d = 0; cs->rank > 0 && d < cs->rank; d++) {
            int64_t want = (cs->rank - d == 2) ? m : n;
            int64_t v = cs->dims[d];
            if (v >= 0 && v != 1 && want >= 0 && v != want) {
                char b[96];
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "input 2 (C) of shape %s does not broadcast to [%lld,%lld]",
                               ir_shape_format(cs, b, sizeof b), (long long)m, (long long)n);
            }
        }
    }
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[0].dtype;
    ir_shape_make(&ctx->outputs[0].shape, 2, (int64_t[]){m, n});
    return GE_STATUS_SUCCESS;
}

static ge_status gemm_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *a = &ctx->inputs[0], *b = &ctx->inputs[1];
    const ir_tensor *c = ctx->n_inputs > 2 && ir_tensor_present(&ctx->inputs[2]) ? &ctx->inputs[2] : NULL;
    ir_tensor *y = &ctx->outputs[0];
    bool ta = op_attr_int(&ctx->node, "transA") != 0, tb = op_attr_int(&ctx->node, "transB") != 0;
    double alpha = op_attr_float(&ctx->node, "alpha"), beta = op_attr_float(&ctx->node, "beta");
    int64_t M = y->shape.dims[0], N = y->shape.dims[1], K = a->shape.dims[ta ? 0 : 1];
    /* element (i, p) of A' and (p, j) of B' */
    int64_t as_i = ta ? 1 : K, as_p = ta ? M : 1;
    int64_t bs_p = tb ? 1 : N, bs_j = tb ? K : 1;
    int64_t cs_i = 0, cs_j = 0;
    if (c) {
        ir_shape yshape = y->shape;
        int64_t st[2];
        op_broadcast_strides(&c->shape, &yshape, st);
        cs_i = st[0];
        cs_j = st[1];
    }
    size_t total = (size_t)(M * N);
    if (a->dtype == GE_DTYPE_FLOAT32 && b->dtype == GE_DTYPE_FLOAT32 && y->dtype == GE_DTYPE_FLOAT32 &&
        (!c || c->dtype == GE_DTYPE_FLOAT32)) {
        /* Y = C broadcast, then Y = alpha * A' * B' + beta * Y */
        float *yv = y->data;
        float fbeta = c ? (float)beta : 0.0f;
        if (c && fbeta != 0.0f) {
            const float *cv = c->data;
            for (int64_t i = 0; i < M; i++)
                for (int64_t jj = 0; jj < N; jj++)
                    yv[i * N + jj] = cv[i * cs_i + jj * cs_j];
        }
        kern_threads th = mm_threads(ctx);
        ge_status kst = kern_sgemm(ta, tb, (size_t)M, (size_t)N, (size_t)K, (float)alpha, a->data,
                                   (size_t)(ta ? M : K), b->data, (size_t)(tb ? K : N), fbeta, yv, (size_t)N, &th);
        return kst == GE_STATUS_SUCCESS ? kst : mm_kern_fail(ctx, kst);
    }
    double *av = nn_load(&ctx->node, a), *bv = nn_load(&ctx->node, b);
    double *cv = c ? nn_load(&ctx->node, c) : NULL;
    double *yv = nn_zalloc(&ctx->node, total);
    if (!av || !bv || !yv || (c && !cv)) {
        ge_free(av), ge_free(bv), ge_free(cv), ge_free(yv);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    for (int64_t i = 0; i < M; i++)
        for (int64_t p = 0; p < K; p++) {
            double x = av[i * as_i + p * as_p];
            for (int64_t j = 0; j < N; j++)
                yv[i * N + j] += x * bv[p * bs_p + j * bs_j];
        }
    for (int64_t i = 0; i < M; i++)
        for (int64_t j = 0; j < N; j++) {
            double v = alpha * yv[i * N + j];
            if (cv)
                v += beta * cv[i * cs_i + j * cs_j];
            yv[i * N + j] = v;
        }
    if (ge_dtype_is_float(y->dtype)) {
        nn_store(y, yv, total);
    } else {
        /* Integer Gemm: products exact in int64 arithmetic modulo 2^64 when alpha = beta = 1;
         * otherwise computed through double. */
        if (alpha == 1.0 && (beta == 1.0 || !c)) {
            for (int64_t i = 0; i < M; i++)
                for (int64_t j = 0; j < N; j++) {
                    uint64_t acc = 0;
                    for (int64_t p = 0; p < K; p++)
                        acc += (uint64_t)op_load_i64(a->data, a->dtype, (size_t)(i * as_i + p * as_p)) *
                               (uint64_t)op_load_i64(b->data, b->dtype, (size_t)(p * bs_p + j * bs_j));
                    if (c)
                        acc += (uint64_t)op_load_i64(c->data, c->dtype, (size_t)(i * cs_i + j * cs_j));
                    op_store_i64(y->data, y->dtype, (size_t)(i * N + j), (int64_t)acc);
                }
        } else {
            for (size_t i = 0; i < total; i++)
                op_store_f64(y->data, y->dtype, i, yv[i]);
        }
    }
    ge_free(av), ge_free(bv), ge_free(cv), ge_free(yv);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_matmul[] = {
    {"MatMul", OP_DOMAIN_ONNX, 1, 8, 2, 2, 1, 1, NULL, NN_DTS_F16_F32_F64, matmul_infer, matmul_kernel},
    {"MatMul", OP_DOMAIN_ONNX, 9, 12, 2, 2, 1, 1, NULL, NN_DTS_F16_F32_F64 | MM_INTS, matmul_infer, matmul_kernel},
    {"MatMul", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, NULL, GE_DTS_FLOATS | MM_INTS, matmul_infer,
     matmul_kernel},
    {"Gemm", OP_DOMAIN_ONNX, 7, 8, 3, 3, 1, 1, gemm_attrs, NN_DTS_F16_F32_F64, gemm_infer, gemm_kernel},
    {"Gemm", OP_DOMAIN_ONNX, 9, 10, 3, 3, 1, 1, gemm_attrs, NN_DTS_F16_F32_F64 | MM_INTS, gemm_infer, gemm_kernel},
    {"Gemm", OP_DOMAIN_ONNX, 11, 12, 2, 3, 1, 1, gemm_attrs, NN_DTS_F16_F32_F64 | MM_INTS, gemm_infer, gemm_kernel},
    {"Gemm", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 2, 3, 1, 1, gemm_attrs, GE_DTS_FLOATS | MM_INTS, gemm_infer,
     gemm_kernel},
    OP_SCHEMA_END,
};

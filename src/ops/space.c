/* DepthToSpace (1; 11 adds mode DCR/CRD; 13), SpaceToDepth (1, 13) and Det (11, 22). */
#include "base/alloc.h"
#include "ops/extra_util.h"

#include <string.h>

static const op_attr_def d2s1_attrs[] = {{"blocksize", IR_ATTR_INT, true, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def d2s11_attrs[] = {
    {"blocksize", IR_ATTR_INT, true, 0, 0, NULL},
    {"mode", IR_ATTR_STRING, false, 0, 0, "DCR"},
    OP_ATTRS_END,
};

static ge_status ds_common(op_infer_ctx *ctx, bool to_space, int64_t *bs, bool *crd)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    *bs = op_attr_int(node, "blocksize");
    if (*bs < 1)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'blocksize' is %lld; expected >= 1", (long long)*bs);
    *crd = false;
    if (to_space && op_schema_attr(node->schema, "mode")) {
        const char *m = op_attr_string(node, "mode");
        if (m && strcmp(m, "CRD") == 0)
            *crd = true;
        else if (!m || strcmp(m, "DCR") != 0)
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'mode' is '%s'; expected DCR or CRD", m ? m : "");
    }
    return xu_rank_in(node, &ctx->inputs[0], 0, 4, 4);
}

static ge_status d2s_infer(op_infer_ctx *ctx)
{
    int64_t b;
    bool crd;
    ge_status st = ds_common(ctx, true, &b, &crd);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *x = &ctx->inputs[0].shape;
    ir_shape y = *x;
    if (x->rank == 4) {
        if (x->dims[1] >= 0 && x->dims[1] % (b * b))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "channel count %lld is not a multiple of blocksize^2 %lld",
                           (long long)x->dims[1], (long long)(b * b));
        y.dims[1] = xu_div(x->dims[1], b * b);
        y.dims[2] = xu_mul(x->dims[2], b);
        y.dims[3] = xu_mul(x->dims[3], b);
    }
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &y);
    return GE_STATUS_SUCCESS;
}

static ge_status s2d_infer(op_infer_ctx *ctx)
{
    int64_t b;
    bool crd;
    ge_status st = ds_common(ctx, false, &b, &crd);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *x = &ctx->inputs[0].shape;
    ir_shape y = *x;
    if (x->rank == 4) {
        for (int i = 2; i < 4; i++)
            if (x->dims[i] >= 0 && x->dims[i] % b)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "dim %d (%lld) is not a multiple of blocksize %lld", i,
                               (long long)x->dims[i], (long long)b);
        y.dims[1] = xu_mul(x->dims[1], b * b);
        y.dims[2] = xu_div(x->dims[2], b);
        y.dims[3] = xu_div(x->dims[3], b);
    }
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &y);
    return GE_STATUS_SUCCESS;
}

static ge_status ds_kernel(op_kernel_ctx *ctx, bool to_space)
{
    const op_node_info *node = &ctx->node;
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    int64_t b = op_attr_int(node, "blocksize");
    bool crd = false;
    if (to_space && op_schema_attr(node->schema, "mode")) {
        const char *m = op_attr_string(node, "mode");
        crd = m && strcmp(m, "CRD") == 0;
    }
    /* iterate over the output; the depth side is (N, C, H, W) = x for to_space, y otherwise */
    const ir_shape *ds = to_space ? &x->shape : &y->shape;
    int64_t N = ds->dims[0], C = ds->dims[1], H = ds->dims[2], W = ds->dims[3], Cs = C / (b * b);
    for (int64_t n = 0; n < N; n++)
        for (int64_t c = 0; c < Cs; c++)
            for (int64_t i = 0; i < b; i++)
                for (int64_t j = 0; j < b; j++) {
                    int64_t dc = to_space ? (crd ? c * b * b + i * b + j : (i * b + j) * Cs + c) : (i * b + j) * Cs + c;
                    for (int64_t h = 0; h < H; h++)
                        for (int64_t w = 0; w < W; w++) {
                            size_t di = (size_t)(((n * C + dc) * H + h) * W + w);
                            size_t si = (size_t)(((n * Cs + c) * H * b + h * b + i) * W * b + w * b + j);
                            if (to_space)
                                op_copy_element(y->data, si, x->data, di, x->dtype);
                            else
                                op_copy_element(y->data, di, x->data, si, x->dtype);
                        }
                }
    return GE_STATUS_SUCCESS;
}

static ge_status d2s_kernel(op_kernel_ctx *ctx) { return ds_kernel(ctx, true); }
static ge_status s2d_kernel(op_kernel_ctx *ctx) { return ds_kernel(ctx, false); }

/* ---------------- Det ---------------- */

static ge_status det_infer(op_infer_ctx *ctx)
{
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, ctx->node.schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    const ir_shape *x = &ctx->inputs[0].shape;
    ir_shape y = ir_shape_unknown();
    if (x->rank >= 0) {
        if (x->rank < 2)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input 0 has rank %d; expected >= 2 ([*, M, M])",
                           (int)x->rank);
        if ((st = xu_dim_eq(&ctx->node, x->dims[x->rank - 1], x->dims[x->rank - 2], "last dim of input 0")) !=
            GE_STATUS_SUCCESS)
            return st;
        ir_shape_make(&y, (size_t)(x->rank - 2), x->dims);
    }
    xu_set_out(ctx, 0, ctx->inputs[0].dtype, &y);
    return GE_STATUS_SUCCESS;
}

static ge_status det_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    int64_t m = x->shape.dims[x->shape.rank - 1], mm = m * m, total = ir_tensor_numel(x);
    int64_t batches = mm ? total / mm : ir_tensor_numel(&ctx->outputs[0]);
    double *a = nn_load(&ctx->node, x), *r = nn_zalloc(&ctx->node, (size_t)batches);
    if (!a || !r) {
        ge_free(a), ge_free(r);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    for (int64_t bi = 0; bi < batches; bi++) {
        double *A = a + bi * mm, det = 1.0;
        for (int64_t k = 0; k < m; k++) { /* LU with partial pivoting */
            int64_t p = k;
            for (int64_t i = k + 1; i < m; i++)
                if (fabs(A[i * m + k]) > fabs(A[p * m + k]))
                    p = i;
            if (A[p * m + k] == 0.0) {
                det = 0.0;
                break;
            }
            if (p != k) {
                for (int64_t j = 0; j < m; j++) {
                    double t = A[k * m + j];
                    A[k * m + j] = A[p * m + j];
                    A[p * m + j] = t;
                }
                det = -det;
            }
            det *= A[k * m + k];
            for (int64_t i = k + 1; i < m; i++) {
                double f = A[i * m + k] / A[k * m + k];
                for (int64_t j = k; j < m; j++)
                    A[i * m + j] -= f * A[k * m + j];
            }
        }
        r[bi] = det;
    }
    nn_store(&ctx->outputs[0], r, (size_t)batches);
    ge_free(a), ge_free(r);
    return GE_STATUS_SUCCESS;
}

#define DS_OLD_DTS (GE_DTS_ALL & ~GE_DT(GE_DTYPE_BFLOAT16))

const op_schema op_family_space[] = {
    {"DepthToSpace", OP_DOMAIN_ONNX, 1, 10, 1, 1, 1, 1, d2s1_attrs, DS_OLD_DTS, d2s_infer, d2s_kernel},
    {"DepthToSpace", OP_DOMAIN_ONNX, 11, 12, 1, 1, 1, 1, d2s11_attrs, DS_OLD_DTS, d2s_infer, d2s_kernel},
    {"DepthToSpace", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, d2s11_attrs, GE_DTS_ALL, d2s_infer, d2s_kernel},
    {"SpaceToDepth", OP_DOMAIN_ONNX, 1, 12, 1, 1, 1, 1, d2s1_attrs, DS_OLD_DTS, s2d_infer, s2d_kernel},
    {"SpaceToDepth", OP_DOMAIN_ONNX, 13, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, d2s1_attrs, GE_DTS_ALL, s2d_infer, s2d_kernel},
    {"Det", OP_DOMAIN_ONNX, 11, 21, 1, 1, 1, 1, NULL, NN_DTS_F16_F32_F64, det_infer, det_kernel},
    {"Det", OP_DOMAIN_ONNX, 22, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, NULL, GE_DTS_FLOATS, det_infer, det_kernel},
    OP_SCHEMA_END,
};

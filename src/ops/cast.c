/* Cast family: Cast and CastLike between every pair of float32/float64/float16/bfloat16,
 * int8..int64, uint8..uint64, bool and string.
 *
 * `to` is an ONNX TensorProto.DataType value (1 float, 2 uint8, ... 16 bfloat16), as in an
 * ONNX model. Float to integer truncates toward zero (NaN gives 0, values beyond int64 range
 * saturate, then the value wraps into the target width as a C conversion of the int64 does);
 * to bool, any non-zero (NaN included) is true. Integer to float rounds to nearest even.
 * `saturate` (opset 19) only concerns float8 targets, which geflow has not: it is accepted
 * and has no effect. Strings parse with strtod/strtoll ("inf", "nan", "1e-5" accepted);
 * numbers print with %.9g (float32, float16, bfloat16), %.17g (float64) or as integers. */
#include "base/alloc.h"
#include "ops/eltwise_util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *onnx_type_name(int64_t onnx)
{
    switch (onnx) {
    case 0: return "UNDEFINED";
    case 14: return "COMPLEX64";
    case 15: return "COMPLEX128";
    case 17: return "FLOAT8E4M3FN";
    case 18: return "FLOAT8E4M3FNUZ";
    case 19: return "FLOAT8E5M2";
    case 20: return "FLOAT8E5M2FNUZ";
    case 21: return "UINT4";
    case 22: return "INT4";
    case 23: return "FLOAT4E2M1";
    default: return "unknown";
    }
}

/* dtypes Cast accepts at an opset. */
static ge_dtype_set cast_types(int opset)
{
    ge_dtype_set s = GE_DTS_ALL & ~GE_DT(GE_DTYPE_BFLOAT16);
    if (opset >= 9)
        s |= GE_DT(GE_DTYPE_STRING);
    if (opset >= 13)
        s |= GE_DT(GE_DTYPE_BFLOAT16);
    return s;
}

static ge_status cast_check(const op_node_info *node, ge_dtype from, ge_dtype to)
{
    ge_dtype_set ok = cast_types(node->opset);
    if (!(ok & GE_DT(from)))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "input 0 has dtype %s, which Cast-%d does not take",
                       ge_dtype_name(from), node->opset);
    if (!(ok & GE_DT(to)))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "target dtype %s is not allowed by Cast-%d", ge_dtype_name(to),
                       node->opset);
    return GE_STATUS_SUCCESS;
}

static ge_status cast_target(const op_node_info *node, ge_dtype *to)
{
    const ir_attr *a = op_attr(node, "to");
    if (!a)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "required attribute 'to' is missing");
    if (!ge_dtype_from_onnx(a->i, to))
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'to' is %lld (%s); expected an ONNX TensorProto.DataType geflow supports "
                       "(1-13 except 8 without opset 9, 16)",
                       (long long)a->i, onnx_type_name(a->i));
    return GE_STATUS_SUCCESS;
}

static ge_status cast_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_check_node(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 0, GE_DTS_ALL | GE_DT(GE_DTYPE_STRING), "input");
    if (st != GE_STATUS_SUCCESS)
        return st;
    ge_dtype to;
    st = cast_target(&ctx->node, &to);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = cast_check(&ctx->node, ctx->inputs[0].dtype, to);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = to;
    ctx->outputs[0].shape = ctx->inputs[0].shape;
    return GE_STATUS_SUCCESS;
}

static ge_status castlike_infer(op_infer_ctx *ctx)
{
    ge_status st = ew_check_node(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 0, GE_DTS_ALL | GE_DT(GE_DTYPE_STRING), "input");
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ew_check_input(ctx, 1, GE_DTS_ALL | GE_DT(GE_DTYPE_STRING), "target_type");
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = cast_check(&ctx->node, ctx->inputs[0].dtype, ctx->inputs[1].dtype);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ctx->outputs[0].present = true;
    ctx->outputs[0].dtype = ctx->inputs[1].dtype;
    ctx->outputs[0].shape = ctx->inputs[0].shape;
    return GE_STATUS_SUCCESS;
}

/* ---- kernel ---- */

static void store_from_double(void *y, ge_dtype dt, size_t i, double v)
{
    if (dt == GE_DTYPE_BOOL) {
        ((uint8_t *)y)[i] = v != 0.0; /* NaN != 0 */
        return;
    }
    op_store_f64(y, dt, i, v);
}

static void store_from_int(void *y, ge_dtype dt, size_t i, int64_t v)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: ((float *)y)[i] = (float)v; return;
    case GE_DTYPE_FLOAT64: ((double *)y)[i] = (double)v; return;
    case GE_DTYPE_FLOAT16: ((uint16_t *)y)[i] = ge_float_to_half((float)v); return;
    case GE_DTYPE_BFLOAT16: ((uint16_t *)y)[i] = ge_float_to_bfloat16((float)v); return;
    default: op_store_i64(y, dt, i, v); return;
    }
}

static void store_from_uint(void *y, ge_dtype dt, size_t i, uint64_t v)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: ((float *)y)[i] = (float)v; return;
    case GE_DTYPE_FLOAT64: ((double *)y)[i] = (double)v; return;
    case GE_DTYPE_FLOAT16: ((uint16_t *)y)[i] = ge_float_to_half((float)v); return;
    case GE_DTYPE_BFLOAT16: ((uint16_t *)y)[i] = ge_float_to_bfloat16((float)v); return;
    default: op_store_i64(y, dt, i, (int64_t)v); return;
    }
}

typedef struct cast_job {
    const ir_tensor *x;
    ir_tensor *y;
} cast_job;

static void cast_chunk(void *arg, size_t begin, size_t end)
{
    const cast_job *j = arg;
    ge_dtype from = j->x->dtype, to = j->y->dtype;
    const void *x = j->x->data;
    void *y = j->y->data;
    if (from == to) {
        size_t es = ge_dtype_size(from);
        memcpy((char *)y + begin * es, (const char *)x + begin * es, (end - begin) * es);
        return;
    }
    switch (ew_class_of(from)) {
    case EW_FLOAT:
        for (size_t i = begin; i < end; i++)
            store_from_double(y, to, i, op_load_f64(x, from, i));
        break;
    case EW_SIGNED:
        for (size_t i = begin; i < end; i++)
            store_from_int(y, to, i, op_load_i64(x, from, i));
        break;
    case EW_UNSIGNED:
        for (size_t i = begin; i < end; i++)
            store_from_uint(y, to, i, (uint64_t)op_load_i64(x, from, i));
        break;
    }
}

static ge_status cast_from_string(op_kernel_ctx *ctx, const ir_tensor *x, ir_tensor *y, size_t n)
{
    char *const *s = x->data;
    for (size_t i = 0; i < n; i++) {
        const char *t = s[i] ? s[i] : "";
        char *end = NULL;
        errno = 0;
        if (ge_dtype_is_float(y->dtype)) {
            double v = strtod(t, &end);
            if (end == t)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "element %zu \"%s\" is not a number", i, t);
            op_store_f64(y->data, y->dtype, i, v);
        } else if (y->dtype == GE_DTYPE_BOOL) {
            double v = strtod(t, &end);
            if (end == t)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "element %zu \"%s\" is not a number", i, t);
            ((uint8_t *)y->data)[i] = v != 0.0;
        } else if (ge_dtype_is_signed_int(y->dtype)) {
            long long v = strtoll(t, &end, 10);
            if (end == t)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "element %zu \"%s\" is not an integer", i, t);
            op_store_i64(y->data, y->dtype, i, (int64_t)v);
        } else {
            unsigned long long v = strtoull(t, &end, 10);
            if (end == t)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "element %zu \"%s\" is not an integer", i, t);
            op_store_i64(y->data, y->dtype, i, (int64_t)v);
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status cast_to_string(op_kernel_ctx *ctx, const ir_tensor *x, ir_tensor *y, size_t n)
{
    char **out = y->data;
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        ge_dtype dt = x->dtype;
        if (x->dtype == GE_DTYPE_STRING) {
            const char *s = ((char *const *)x->data)[i];
            ge_free(out[i]);
            out[i] = ge_strdup(s ? s : "");
            if (!out[i])
                return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "no memory for string element %zu", i);
            continue;
        }
        if (dt == GE_DTYPE_FLOAT64)
            snprintf(buf, sizeof buf, "%.17g", op_load_f64(x->data, dt, i));
        else if (ge_dtype_is_float(dt))
            snprintf(buf, sizeof buf, "%.9g", op_load_f64(x->data, dt, i));
        else if (dt == GE_DTYPE_UINT64)
            snprintf(buf, sizeof buf, "%llu", (unsigned long long)(uint64_t)op_load_i64(x->data, dt, i));
        else
            snprintf(buf, sizeof buf, "%lld", (long long)op_load_i64(x->data, dt, i));
        ge_free(out[i]);
        out[i] = ge_strdup(buf);
        if (!out[i])
            return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "no memory for string element %zu", i);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status cast_run(op_kernel_ctx *ctx, ge_dtype to)
{
    if (ctx->n_inputs < 1 || ctx->n_outputs < 1)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "kernel called without input or output");
    ge_status st = ew_check_kernel_io(ctx, 1, to);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    if (!ir_shape_equal(&x->shape, &y->shape))
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output shape differs from the input's");
    st = cast_check(&ctx->node, x->dtype, to);
    if (st != GE_STATUS_SUCCESS)
        return st;
    size_t n = (size_t)ir_tensor_numel(y);
    if (to == GE_DTYPE_STRING)
        return cast_to_string(ctx, x, y, n);
    if (x->dtype == GE_DTYPE_STRING)
        return cast_from_string(ctx, x, y, n);
    cast_job j = {x, y};
    op_parallel_for_elems(ctx, n, cast_chunk, &j);
    return GE_STATUS_SUCCESS;
}

static ge_status cast_kernel(op_kernel_ctx *ctx)
{
    ge_dtype to;
    ge_status st = cast_target(&ctx->node, &to);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return cast_run(ctx, to);
}

static ge_status castlike_kernel(op_kernel_ctx *ctx)
{
    if (ctx->n_inputs < 2)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "kernel called with %zu inputs", ctx->n_inputs);
    return cast_run(ctx, ctx->inputs[1].dtype);
}

static const op_attr_def cast_attrs[] = {{"to", IR_ATTR_INT, true, 0, 0, NULL}, OP_ATTRS_END};
static const op_attr_def cast19_attrs[] = {
    {"to", IR_ATTR_INT, true, 0, 0, NULL},
    {"saturate", IR_ATTR_INT, false, 1, 0, NULL},
    OP_ATTRS_END,
};
static const op_attr_def castlike19_attrs[] = {{"saturate", IR_ATTR_INT, false, 1, 0, NULL}, OP_ATTRS_END};

#define CAST6 (GE_DTS_ALL & ~GE_DT(GE_DTYPE_BFLOAT16))
#define CAST9 (CAST6 | GE_DT(GE_DTYPE_STRING))
#define CAST13 (CAST9 | GE_DT(GE_DTYPE_BFLOAT16))

const op_schema op_family_cast[] = {
    {"Cast", OP_DOMAIN_ONNX, 6, 8, 1, 1, 1, 1, cast_attrs, CAST6, cast_infer, cast_kernel},
    {"Cast", OP_DOMAIN_ONNX, 9, 12, 1, 1, 1, 1, cast_attrs, CAST9, cast_infer, cast_kernel},
    {"Cast", OP_DOMAIN_ONNX, 13, 18, 1, 1, 1, 1, cast_attrs, CAST13, cast_infer, cast_kernel},
    {"Cast", OP_DOMAIN_ONNX, 19, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, cast19_attrs, CAST13, cast_infer, cast_kernel},
    {"CastLike", OP_DOMAIN_ONNX, 15, 18, 2, 2, 1, 1, NULL, CAST13, castlike_infer, castlike_kernel},
    {"CastLike", OP_DOMAIN_ONNX, 19, OP_ONNX_OPSET_MAX, 2, 2, 1, 1, castlike19_attrs, CAST13, castlike_infer,
     castlike_kernel},
    OP_SCHEMA_END,
};

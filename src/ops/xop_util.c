#include "ops/xop_util.h"

#include "base/alloc.h"

#include <math.h>
#include <string.h>

#define XO_MAX_IO 16

ge_status xo_infer(const op_node_info *parent, const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                   const op_value *in, size_t n_in, op_value *out, size_t n_out)
{
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, type, opset);
    if (!s)
        return op_fail(parent, GE_STATUS_INTERNAL_ERROR, "no %s schema for opset %d", type, opset);
    memset(out, 0, sizeof *out * n_out);
    op_infer_ctx ic = {.node = {.name = parent->name, .schema = s, .opset = opset, .attrs = attrs,
                                .n_attrs = n_attrs},
                       .n_inputs = n_in, .inputs = in, .n_outputs = n_out, .outputs = out};
    return s->infer(&ic);
}

ge_status xo_run(const op_kernel_ctx *parent, const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                 const ir_tensor *in, size_t n_in, ir_tensor *out, size_t n_out)
{
    if (n_in > XO_MAX_IO || n_out > XO_MAX_IO)
        return op_fail(&parent->node, GE_STATUS_INTERNAL_ERROR, "too many inputs or outputs for %s", type);
    op_value vin[XO_MAX_IO], vout[XO_MAX_IO];
    for (size_t i = 0; i < n_in; i++) {
        vin[i].present = ir_tensor_present(&in[i]);
        vin[i].dtype = in[i].dtype;
        vin[i].shape = in[i].shape;
        vin[i].value = vin[i].present ? &in[i] : NULL;
    }
    memset(out, 0, sizeof *out * n_out);
    XO_TRY(xo_infer(&parent->node, type, opset, attrs, n_attrs, vin, n_in, vout, n_out));
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, type, opset);
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t i = 0; i < n_out && st == GE_STATUS_SUCCESS; i++) {
        out[i].dtype = vout[i].present ? vout[i].dtype : GE_DTYPE_UNDEFINED;
        out[i].shape = vout[i].shape;
        if (vout[i].present && ir_shape_is_static(&vout[i].shape))
            st = ir_tensor_alloc(&out[i], vout[i].dtype, &vout[i].shape);
    }
    if (st == GE_STATUS_SUCCESS) {
        op_kernel_ctx kc = {.node = {.name = parent->node.name, .schema = s, .opset = opset, .attrs = attrs,
                                     .n_attrs = n_attrs},
                            .n_inputs = n_in, .inputs = in, .n_outputs = n_out, .outputs = out,
                            .parallel_for = parent->parallel_for, .pool = parent->pool};
        st = s->kernel(&kc);
    }
    if (st != GE_STATUS_SUCCESS)
        for (size_t i = 0; i < n_out; i++)
            ir_tensor_free_data(&out[i]);
    return st;
}

const char *xo_onnx_dtype_name(int64_t t)
{
    static const char *const names[] = {
        "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
        "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16", "FLOAT8E4M3FN",
        "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1", "FLOAT8E8M0",
        "UINT2", "INT2"};
    if (t < 0 || t >= (int64_t)(sizeof names / sizeof names[0]))
        return "?";
    return names[t];
}

static bool onnx_to_ge(int64_t t, ge_dtype *out)
{
    switch (t) {
    case 1: *out = GE_DTYPE_FLOAT32; return true;
    case 2: *out = GE_DTYPE_UINT8; return true;
    case 3: *out = GE_DTYPE_INT8; return true;
    case 4: *out = GE_DTYPE_UINT16; return true;
    case 5: *out = GE_DTYPE_INT16; return true;
    case 6: *out = GE_DTYPE_INT32; return true;
    case 7: *out = GE_DTYPE_INT64; return true;
    case 9: *out = GE_DTYPE_BOOL; return true;
    case 10: *out = GE_DTYPE_FLOAT16; return true;
    case 11: *out = GE_DTYPE_FLOAT64; return true;
    case 12: *out = GE_DTYPE_UINT32; return true;
    case 13: *out = GE_DTYPE_UINT64; return true;
    case 16: *out = GE_DTYPE_BFLOAT16; return true;
    default: return false;
    }
}

ge_status xo_onnx_dtype(const op_node_info *node, const char *what, int64_t onnx, ge_dtype_set allowed,
                        ge_dtype *out)
{
    ge_dtype dt;
    char buf[256];
    ge_dtype_set_format(allowed, buf, sizeof buf);
    if (!onnx_to_ge(onnx, &dt)) {
        if (onnx >= 14 && onnx <= 26 && onnx != 16)
            return op_fail(node, GE_STATUS_GRAPH_UNSUPPORTED,
                           "%s is %lld (%s): geflow has no %s dtype; supported: %s", what, (long long)onnx,
                           xo_onnx_dtype_name(onnx), xo_onnx_dtype_name(onnx), buf);
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s is %lld (%s); expected one of %s", what,
                       (long long)onnx, xo_onnx_dtype_name(onnx), buf);
    }
    if (!(allowed & GE_DT(dt)))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "%s is %s; expected one of %s", what, ge_dtype_name(dt), buf);
    *out = dt;
    return GE_STATUS_SUCCESS;
}

double xo_round_to(ge_dtype dt, double v)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: return (double)(float)v;
    case GE_DTYPE_FLOAT16: return ge_half_to_float(ge_float_to_half((float)v));
    case GE_DTYPE_BFLOAT16: return ge_bfloat16_to_float(ge_float_to_bfloat16((float)v));
    default: return v;
    }
}

double xo_rint(double v)
{
    if (!isfinite(v))
        return v;
    double f = floor(v), d = v - f;
    if (d > 0.5)
        return f + 1.0;
    if (d < 0.5)
        return f;
    return fmod(f, 2.0) == 0.0 ? f : f + 1.0;
}

void xo_int_range(ge_dtype dt, double *lo, double *hi)
{
    switch (dt) {
    case GE_DTYPE_INT8: *lo = -128, *hi = 127; return;
    case GE_DTYPE_UINT8: *lo = 0, *hi = 255; return;
    case GE_DTYPE_INT16: *lo = -32768, *hi = 32767; return;
    case GE_DTYPE_UINT16: *lo = 0, *hi = 65535; return;
    case GE_DTYPE_INT32: *lo = -2147483648.0, *hi = 2147483647.0; return;
    case GE_DTYPE_UINT32: *lo = 0, *hi = 4294967295.0; return;
    default: *lo = -9.2233720368547758e18, *hi = 9.2233720368547758e18; return;
    }
}

double *xo_load_f64(const op_node_info *node, const ir_tensor *t)
{
    int64_t n = ir_tensor_numel(t);
    double *v = ge_malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    if (!v) {
        op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory loading %lld elements", (long long)n);
        return NULL;
    }
    for (int64_t i = 0; i < n; i++)
        v[i] = op_load_f64(t->data, t->dtype, (size_t)i);
    return v;
}

int64_t *xo_load_i64(const op_node_info *node, const ir_tensor *t)
{
    int64_t n = ir_tensor_numel(t);
    int64_t *v = ge_malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    if (!v) {
        op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory loading %lld elements", (long long)n);
        return NULL;
    }
    for (int64_t i = 0; i < n; i++)
        v[i] = op_load_i64(t->data, t->dtype, (size_t)i);
    return v;
}

ir_tensor xo_view_f64(const ir_shape *shape, double *data)
{
    ir_tensor t = {.dtype = GE_DTYPE_FLOAT64, .shape = *shape, .data = data};
    int64_t n = ir_shape_numel(shape);
    t.bytes = (size_t)(n > 0 ? n : 0) * sizeof(double);
    return t;
}

ge_status xo_check_attrs(const op_node_info *node)
{
    if (node->schema && node->schema->attrs)
        for (const op_attr_def *d = node->schema->attrs; d->name; d++) {
            const ir_attr *a = op_attr(node, d->name);
            if (!a) {
                if (d->required)
                    return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' is required", d->name);
                continue;
            }
            if (a->kind != d->kind && !(d->kind == IR_ATTR_FLOAT && a->kind == IR_ATTR_INT))
                return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' has kind %s; expected %s", d->name,
                               ir_attr_kind_name(a->kind), ir_attr_kind_name(d->kind));
        }
    return GE_STATUS_SUCCESS;
}

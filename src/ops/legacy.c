/* First versions of ops whose later versions live elsewhere, defined through those:
 * Pad-1 (attribute 'paddings', renamed 'pads' in Pad-2) and Upsample-1 (attributes
 * height_scale / width_scale on NCHW input, mode nearest or bilinear; Upsample-7 takes
 * 'scales' and calls bilinear 'linear'). */
#include "base/alloc.h"
#include "ops/extra_util.h"
#include "ops/xop_util.h"

#include <string.h>

/* The attributes of the later op, built over caller storage. */
typedef struct lg_attrs {
    ir_attr a[3];
    size_t n;
    float scales[4];
    char mode[16];
} lg_attrs;

/* ---------------- Pad-1 ---------------- */

static const op_attr_def pad1_attrs[] = {
    {"mode", IR_ATTR_STRING, false, 0, 0, "constant"},
    {"paddings", IR_ATTR_INTS, true, 0, 0, NULL},
    {"value", IR_ATTR_FLOAT, false, 0, 0.0f, NULL},
    OP_ATTRS_END,
};

static ge_status pad1_attrs_map(const op_node_info *node, lg_attrs *m)
{
    const int64_t *p;
    size_t np = op_attr_ints(node, "paddings", &p);
    if (!op_attr(node, "paddings"))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'paddings' is missing");
    const char *mode = op_attr_string(node, "mode");
    m->n = 3;
    m->a[0] = (ir_attr){.name = "pads", .kind = IR_ATTR_INTS, .count = np, .ints = (int64_t *)p};
    m->a[1] = (ir_attr){.name = "mode", .kind = IR_ATTR_STRING, .s = (char *)(mode ? mode : "constant"),
                        .s_len = strlen(mode ? mode : "constant")};
    m->a[2] = (ir_attr){.name = "value", .kind = IR_ATTR_FLOAT, .f = op_attr_float(node, "value")};
    return GE_STATUS_SUCCESS;
}

/* ---------------- Upsample-1 ---------------- */

static const op_attr_def up1_attrs[] = {
    {"height_scale", IR_ATTR_FLOAT, true, 0, 0, NULL},
    {"mode", IR_ATTR_STRING, false, 0, 0, "nearest"},
    {"width_scale", IR_ATTR_FLOAT, true, 0, 0, NULL},
    OP_ATTRS_END,
};

static ge_status up1_attrs_map(const op_node_info *node, lg_attrs *m)
{
    for (int i = 0; i < 2; i++) {
        const char *n = i ? "width_scale" : "height_scale";
        if (!op_attr(node, n))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' is missing", n);
        float v = op_attr_float(node, n);
        if (!(v >= 1.0f))
            return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' is %g; expected >= 1", n, (double)v);
        m->scales[2 + i] = v;
    }
    m->scales[0] = m->scales[1] = 1.0f;
    const char *mode = op_attr_string(node, "mode");
    if (mode && strcmp(mode, "nearest") == 0)
        strcpy(m->mode, "nearest");
    else if (mode && strcmp(mode, "bilinear") == 0)
        strcpy(m->mode, "linear");
    else
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute 'mode' is '%s'; expected nearest or bilinear",
                       mode ? mode : "");
    m->n = 2;
    m->a[0] = (ir_attr){.name = "scales", .kind = IR_ATTR_FLOATS, .count = 4, .floats = m->scales};
    m->a[1] = (ir_attr){.name = "mode", .kind = IR_ATTR_STRING, .s = m->mode, .s_len = strlen(m->mode)};
    return GE_STATUS_SUCCESS;
}

/* ---------------- delegation ---------------- */

typedef struct lg_target {
    const char *type;
    int opset;
    ge_status (*map)(const op_node_info *node, lg_attrs *m);
} lg_target;

static const lg_target *lg_target_of(const op_node_info *node)
{
    static const lg_target pad = {"Pad", 2, pad1_attrs_map}, up = {"Upsample", 7, up1_attrs_map};
    return strcmp(node->schema->type, "Pad") == 0 ? &pad : &up;
}

static ge_status lg_infer(op_infer_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    ge_status st = nn_check_arity(ctx, 1);
    if (st != GE_STATUS_SUCCESS || (st = op_check_dtype(ctx, 0, node->schema->dtypes)) != GE_STATUS_SUCCESS)
        return st;
    const lg_target *t = lg_target_of(node);
    lg_attrs m;
    memset(&m, 0, sizeof m);
    if ((st = t->map(node, &m)) != GE_STATUS_SUCCESS)
        return st;
    if (strcmp(t->type, "Upsample") == 0 && (st = xu_rank_in(node, &ctx->inputs[0], 0, 4, 4)) != GE_STATUS_SUCCESS)
        return st;
    op_value out[1];
    if ((st = xo_infer(node, t->type, t->opset, m.a, m.n, ctx->inputs, 1, out, 1)) != GE_STATUS_SUCCESS)
        return st;
    xu_set_out(ctx, 0, out[0].dtype, &out[0].shape);
    return GE_STATUS_SUCCESS;
}

static ge_status lg_kernel(op_kernel_ctx *ctx)
{
    const op_node_info *node = &ctx->node;
    const lg_target *t = lg_target_of(node);
    lg_attrs m;
    memset(&m, 0, sizeof m);
    ge_status st = t->map(node, &m);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_tensor out[1];
    if ((st = xo_run(ctx, t->type, t->opset, m.a, m.n, ctx->inputs, 1, out, 1)) != GE_STATUS_SUCCESS)
        return st;
    ir_tensor *y = &ctx->outputs[0];
    if (!ir_shape_equal(&out[0].shape, &y->shape) || out[0].bytes != y->bytes)
        st = op_fail(node, GE_STATUS_INTERNAL_ERROR, "the delegated %s computed a different output shape", t->type);
    else if (y->bytes)
        memcpy(y->data, out[0].data, y->bytes);
    ir_tensor_free_data(&out[0]);
    return st;
}

const op_schema op_family_legacy[] = {
    {"Pad", OP_DOMAIN_ONNX, 1, 1, 1, 1, 1, 1, pad1_attrs, NN_DTS_F16_F32_F64, lg_infer, lg_kernel},
    {"Upsample", OP_DOMAIN_ONNX, 1, 6, 1, 1, 1, 1, up1_attrs, NN_DTS_F16_F32_F64, lg_infer, lg_kernel},
    OP_SCHEMA_END,
};

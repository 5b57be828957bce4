/* Image family: ImageDecoder (opset 20). One 1-D uint8 tensor holding an encoded image (BMP,
 * JPEG, JPEG 2000, PNG, PNM, TIFF or WebP, recognised by its magic bytes) becomes a uint8
 * [H, W, C] image: C = 3 for pixel_format "RGB" (default) and "BGR", 1 for "Grayscale"
 * (ITU-R 601-2 luma of the decoded RGB, computed as Pillow does).
 *
 * The output shape depends on the data: inference gives [-1, -1, C] unless the input's
 * contents are known. Input that cannot be decoded (unknown format, truncated or corrupt
 * data, an image over the size caps of ops/image/image_codec.h) fails the node with a message
 * naming the format and the cause. (The ONNX spec lets an implementation return an empty
 * tensor instead; a failure with a reason is what a user can act on.) */
#include "ops/image/image_codec.h"
#include "ops/tensor_util.h"

#include "base/alloc.h"

#include <stdio.h>
#include <string.h>

#define MAX OP_ONNX_OPSET_MAX

typedef enum { PIX_RGB, PIX_BGR, PIX_GRAY } pix_format;

static ge_status pixel_format(const op_node_info *node, pix_format *out)
{
    const ir_attr *a = op_attr(node, "pixel_format");
    const char *s = op_attr_string(node, "pixel_format");
    size_t len = a ? a->s_len : (s ? strlen(s) : 0);
    static const struct {
        const char *name;
        pix_format f;
    } names[] = {{"RGB", PIX_RGB}, {"BGR", PIX_BGR}, {"Grayscale", PIX_GRAY}};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (len == strlen(names[i].name) && memcmp(s, names[i].name, len) == 0) {
            *out = names[i].f;
            return GE_STATUS_SUCCESS;
        }
    return op_fail(node, GE_STATUS_PARAM_INVALID,
                   "attribute 'pixel_format' is '%.*s'; expected \"RGB\", \"BGR\" or \"Grayscale\"",
                   (int)(len > 64 ? 64 : len), s ? s : "");
}

/* Decodes input 0 into r (RGB); the caller releases r on success. */
static ge_status decode_input(const op_node_info *node, const ir_tensor *x, img_result *r)
{
    memset(r, 0, sizeof *r);
    const uint8_t *data = x->data;
    size_t size = (size_t)ir_tensor_numel(x);
    if (size == 0 || !data)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "input 0 'encoded_stream' is empty (0 bytes); expected an encoded %s image",
                       img_format_names());
    const img_format *fmt = img_detect(data, size);
    if (!fmt) {
        char head[3 * 8 + 1] = "";
        for (size_t i = 0, len = 0; i < size && i < 8; i++)
            len += (size_t)snprintf(head + len, sizeof head - len, "%s%02x", i ? " " : "", data[i]);
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "input 0 'encoded_stream' (%zu bytes, starting %s) is not a %s image", size, head,
                       img_format_names());
    }
    if (!fmt->decode(data, size, r)) {
        img_result_release(r);
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "input 0 'encoded_stream' (%zu bytes): cannot decode the %s image: %s", size, fmt->name,
                       r->error);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status image_decoder_infer(op_infer_ctx *ctx)
{
    TU_TRY(tu_check_arity(ctx));
    TU_TRY(op_check_dtype(ctx, 0, ctx->node.schema->dtypes));
    pix_format pf;
    TU_TRY(pixel_format(&ctx->node, &pf));
    const op_value *x = tu_in(ctx, 0);
    if (x->shape.rank >= 0 && x->shape.rank != 1) {
        char b[128];
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "input 0 'encoded_stream' must be 1-D (the encoded bytes); found shape %s",
                       ir_shape_format(&x->shape, b, sizeof b));
    }
    int64_t c = pf == PIX_GRAY ? 1 : 3;
    ir_shape s;
    ir_shape_make(&s, 3, (int64_t[]){IR_DIM_UNKNOWN, IR_DIM_UNKNOWN, c});
    if (x->value) {
        img_result r;
        TU_TRY(decode_input(&ctx->node, x->value, &r));
        s.dims[0] = r.height;
        s.dims[1] = r.width;
        img_result_release(&r);
    }
    tu_set_out(ctx, 0, GE_DTYPE_UINT8, &s);
    return GE_STATUS_SUCCESS;
}

static ge_status image_decoder_kernel(op_kernel_ctx *ctx)
{
    pix_format pf;
    TU_TRY(pixel_format(&ctx->node, &pf));
    const ir_tensor *x = &ctx->inputs[0];
    if (x->shape.rank != 1) {
        char b[128];
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "input 0 'encoded_stream' must be 1-D (the encoded bytes); found shape %s",
                       ir_shape_format(&x->shape, b, sizeof b));
    }
    img_result r;
    TU_TRY(decode_input(&ctx->node, x, &r));
    ir_shape s;
    ir_shape_make(&s, 3, (int64_t[]){r.height, r.width, pf == PIX_GRAY ? 1 : 3});
    ge_status st = tu_out_ready(ctx, 0, &s);
    if (st != GE_STATUS_SUCCESS) {
        img_result_release(&r);
        return st;
    }
    uint8_t *y = ctx->outputs[0].data;
    size_t n = (size_t)r.width * r.height;
    const uint8_t *p = r.rgb;
    switch (pf) {
    case PIX_RGB:
        memcpy(y, p, n * 3);
        break;
    case PIX_BGR:
        for (size_t i = 0; i < n; i++, p += 3, y += 3) {
            y[0] = p[2];
            y[1] = p[1];
            y[2] = p[0];
        }
        break;
    case PIX_GRAY:
        for (size_t i = 0; i < n; i++, p += 3)
            y[i] = img_luma(p[0], p[1], p[2]);
        break;
    }
    img_result_release(&r);
    return GE_STATUS_SUCCESS;
}

static const op_attr_def image_decoder_attrs[] = {
    {"pixel_format", IR_ATTR_STRING, false, 0, 0, "RGB"},
    OP_ATTRS_END,
};

const op_schema op_family_image_decoder[] = {
    {"ImageDecoder", OP_DOMAIN_ONNX, 20, MAX, 1, 1, 1, 1, image_decoder_attrs, GE_DT(GE_DTYPE_UINT8),
     image_decoder_infer, image_decoder_kernel},
    OP_SCHEMA_END,
};

/* ImageDecoder: every format decoded from images this test makes itself — BMP and PNM bytes
 * written by hand, PNG / TIFF / WebP / JPEG / JPEG 2000 encoded here with the same libraries'
 * encoders. Lossless formats (BMP, PNM, PNG, TIFF, WebP lossless, JPEG 2000 reversible) must
 * give back the exact pixels; lossy ones (JPEG, WebP lossy) are checked for shape, closeness
 * and the exact BGR / Grayscale relations. Then hostile input: empty, unknown format,
 * truncated and corrupt streams of every format, absurd dimensions, bad attributes and shapes,
 * allocation failure — each refused with its message, nothing printed to stderr. */
#include "base/alloc.h"
#include "ops/image/image_codec.h"
#include "tensor_test_util.h"

#include <setjmp.h>
#include <stdlib.h>
#include <unistd.h>

#include <jpeglib.h>
#include <openjpeg.h>
#include <png.h>
#include <tiffio.h>
#include <webp/decode.h>
#include <webp/encode.h>

#define W 7 /* odd: BMP rows are padded, bitmap rows end mid-byte */
#define H 5

static uint8_t g_rgb[H * W * 3];

static void make_image(void)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < 3; c++)
                g_rgb[(y * W + x) * 3 + c] = (uint8_t)(y * 37 + x * 101 + c * 53 + y * x * 7);
}

/* ---- a growable byte buffer (also the memory file of the TIFF / JPEG 2000 encoders) ---- */

typedef struct buf {
    uint8_t *p;
    size_t n, cap, pos;
} buf;

static void buf_write_at(buf *b, size_t at, const void *d, size_t n)
{
    if (at + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < at + n)
            cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p)
            abort();
        memset(b->p + b->cap, 0, cap - b->cap);
        b->cap = cap;
    }
    memcpy(b->p + at, d, n);
    if (at + n > b->n)
        b->n = at + n;
}

static void buf_add(buf *b, const void *d, size_t n) { buf_write_at(b, b->n, d, n); }
static void buf_free(buf *b) { free(b->p); memset(b, 0, sizeof *b); }
static void buf_le16(buf *b, uint32_t v) { buf_add(b, (uint8_t[]){(uint8_t)v, (uint8_t)(v >> 8)}, 2); }
static void buf_le32(buf *b, uint32_t v)
{
    buf_add(b, (uint8_t[]){(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)}, 4);
}
static void buf_str(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

/* ---- running the op ---- */

/* Runs ImageDecoder on `data` the way a graph input reaches it: inference without the
 * contents ([-1, -1, C]), then the kernel allocating its output. */
static ge_status decode(const uint8_t *data, size_t n, const char *pf, ir_tensor *y)
{
    ir_attr a = op_test_attr_string("pixel_format", pf ? pf : "RGB");
    ir_tensor in = op_test_tensor(GE_DTYPE_UINT8, 1, (int64_t[]){(int64_t)n}, data);
    op_value out;
    memset(y, 0, sizeof *y);
    ge_status st = op_test_infer("ImageDecoder", 20, &a, pf ? 1 : 0, &in, 1, &out, 1, false);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (out.dtype != GE_DTYPE_UINT8 || out.shape.rank != 3 || out.shape.dims[0] != -1 || out.shape.dims[1] != -1 ||
        out.shape.dims[2] != (pf && !strcmp(pf, "Grayscale") ? 1 : 3)) {
        ge_error_set("unexpected inferred output");
        return GE_STATUS_INTERNAL_ERROR;
    }
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, "ImageDecoder", 20);
    y->dtype = out.dtype;
    y->shape = out.shape;
    op_kernel_ctx kc = {.node = {.name = "test_node", .schema = s, .opset = 20, .attrs = &a, .n_attrs = pf ? 1 : 0},
                        .n_inputs = 1, .inputs = &in, .n_outputs = 1, .outputs = y};
    st = s->kernel(&kc);
    if (st != GE_STATUS_SUCCESS)
        ir_tensor_free_data(y);
    return st;
}

static bool same_pixels(const ir_tensor *y, int h, int w, int c, const uint8_t *expect, int tol)
{
    if (!TT_SHAPE(&y->shape, 3, h, w, c))
        return false;
    const uint8_t *p = y->data;
    for (int i = 0; i < h * w * c; i++)
        if (abs((int)p[i] - (int)expect[i]) > tol) {
            fprintf(stderr, "  pixel (%d, %d) channel %d: got %d, expected %d\n", i / c / w, i / c % w, i % c, p[i],
                    expect[i]);
            return false;
        }
    return true;
}

/* Decodes as RGB and checks against `expect` (within tol); then checks BGR is RGB reversed and
 * Grayscale is the 601 luma of the RGB result, exactly. */
static bool decodes_to(const buf *b, int h, int w, const uint8_t *expect, int tol)
{
    ir_tensor rgb, bgr, gray;
    if (decode(b->p, b->n, NULL, &rgb) != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  decode failed: %s\n", ge_error_take());
        return false;
    }
    bool ok = same_pixels(&rgb, h, w, 3, expect, tol);
    if (ok && decode(b->p, b->n, "BGR", &bgr) == GE_STATUS_SUCCESS) {
        uint8_t *e = malloc((size_t)h * w * 3);
        const uint8_t *p = rgb.data;
        for (int i = 0; i < h * w; i++)
            for (int c = 0; c < 3; c++)
                e[i * 3 + c] = p[i * 3 + 2 - c];
        ok = same_pixels(&bgr, h, w, 3, e, 0);
        free(e);
        ir_tensor_free_data(&bgr);
    } else if (ok) {
        fprintf(stderr, "  BGR decode failed: %s\n", ge_error_take());
        ok = false;
    }
    if (ok && decode(b->p, b->n, "Grayscale", &gray) == GE_STATUS_SUCCESS) {
        uint8_t *e = malloc((size_t)h * w);
        const uint8_t *p = rgb.data;
        for (int i = 0; i < h * w; i++)
            e[i] = img_luma(p[i * 3], p[i * 3 + 1], p[i * 3 + 2]);
        ok = same_pixels(&gray, h, w, 1, e, 0);
        free(e);
        ir_tensor_free_data(&gray);
    } else if (ok) {
        fprintf(stderr, "  Grayscale decode failed: %s\n", ge_error_take());
        ok = false;
    }
    ir_tensor_free_data(&rgb);
    return ok;
}

/* The decode fails with a message containing `part` (and the node's name). */
static bool refused(const uint8_t *d, size_t n, const char *part)
{
    ir_tensor y;
    ge_status st = decode(d, n, NULL, &y);
    const char *msg = ge_error_take();
    if (st == GE_STATUS_SUCCESS) {
        ir_tensor_free_data(&y);
        fprintf(stderr, "  expected a failure containing \"%s\"; it decoded\n", part);
        return false;
    }
    if (!msg || !strstr(msg, part) || !strstr(msg, "ImageDecoder node 'test_node'")) {
        fprintf(stderr, "  expected a failure containing \"%s\"; got \"%s\"\n", part, msg ? msg : "");
        return false;
    }
    return true;
}

/* ---- BMP, written by hand ---- */

/* File header + a 40-byte BITMAPINFOHEADER (or the 12-byte core header), masks after the
 * header when given, the palette (BGRX entries, or BGR for the core header), then `pixels`. */
static buf bmp_make(int hsize, int32_t w, int32_t h, int bpp, uint32_t comp, const uint8_t *pal, int npal,
                    const uint32_t *masks, const uint8_t *pixels, size_t npix)
{
    buf b = {0};
    size_t pal_bytes = (size_t)npal * (hsize == 12 ? 3 : 4);
    size_t offset = 14 + (size_t)hsize + (masks ? 12 : 0) + pal_bytes;
    buf_str(&b, "BM");
    buf_le32(&b, (uint32_t)(offset + npix));
    buf_le32(&b, 0);
    buf_le32(&b, (uint32_t)offset);
    buf_le32(&b, (uint32_t)hsize);
    if (hsize == 12) {
        buf_le16(&b, (uint32_t)w);
        buf_le16(&b, (uint32_t)h);
        buf_le16(&b, 1);
        buf_le16(&b, (uint32_t)bpp);
    } else {
        buf_le32(&b, (uint32_t)w);
        buf_le32(&b, (uint32_t)h);
        buf_le16(&b, 1);
        buf_le16(&b, (uint32_t)bpp);
        buf_le32(&b, comp);
        buf_le32(&b, (uint32_t)npix);
        buf_le32(&b, 2835);
        buf_le32(&b, 2835);
        buf_le32(&b, (uint32_t)npal);
        buf_le32(&b, 0);
    }
    for (int i = 0; masks && i < 3; i++)
        buf_le32(&b, masks[i]);
    if (pal_bytes)
        buf_add(&b, pal, pal_bytes);
    if (npix)
        buf_add(&b, pixels, npix);
    return b;
}

static void test_bmp(void)
{
    uint8_t px[H * 32 * 4 + 64];
    size_t n = 0;
    /* 24-bit bottom-up, rows padded to 4 bytes (7 * 3 = 21 -> 24) */
    for (int y = H - 1; y >= 0; y--) {
        for (int x = 0; x < W; x++)
            for (int c = 0; c < 3; c++)
                px[n++] = g_rgb[(y * W + x) * 3 + 2 - c];
        while (n % 4)
            px[n++] = 0xEE;
    }
    buf b = bmp_make(40, W, H, 24, 0, NULL, 0, NULL, px, n);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);
    b = bmp_make(12, W, H, 24, 0, NULL, 0, NULL, px, n); /* OS/2 core header */
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);

    /* 32-bit top-down (negative height), BGRX */
    n = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            for (int c = 0; c < 3; c++)
                px[n++] = g_rgb[(y * W + x) * 3 + 2 - c];
            px[n++] = 0x55;
        }
    b = bmp_make(40, W, -H, 32, 0, NULL, 0, NULL, px, n);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);

    /* 8-bit palette, bottom-up, rows padded (7 -> 8) */
    uint8_t pal[256 * 4], expect[H * W * 3];
    for (int i = 0; i < 256; i++) {
        pal[i * 4] = (uint8_t)(i * 3); /* B */
        pal[i * 4 + 1] = (uint8_t)(255 - i);
        pal[i * 4 + 2] = (uint8_t)i; /* R */
        pal[i * 4 + 3] = 0;
    }
    n = 0;
    for (int y = H - 1; y >= 0; y--) {
        for (int x = 0; x < W; x++) {
            int idx = ((y * W + x) * 29 + 3) & 255;
            px[n++] = (uint8_t)idx;
            expect[(y * W + x) * 3] = (uint8_t)idx;
            expect[(y * W + x) * 3 + 1] = (uint8_t)(255 - idx);
            expect[(y * W + x) * 3 + 2] = (uint8_t)(idx * 3);
        }
        while (n % 4)
            px[n++] = 0;
    }
    b = bmp_make(40, W, H, 8, 0, pal, 256, NULL, px, n);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);

    /* 1-bit: two palette entries, bits MSB first, rows padded to 4 bytes */
    uint8_t pal2[8] = {10, 20, 30, 0, 200, 210, 220, 0};
    n = 0;
    for (int y = H - 1; y >= 0; y--) {
        uint8_t byte = 0;
        for (int x = 0; x < W; x++) {
            int bit = (x + y) % 3 == 0;
            byte |= (uint8_t)(bit << (7 - x));
            const uint8_t *e = pal2 + bit * 4;
            expect[(y * W + x) * 3] = e[2];
            expect[(y * W + x) * 3 + 1] = e[1];
            expect[(y * W + x) * 3 + 2] = e[0];
        }
        px[n++] = byte;
        px[n++] = 0;
        px[n++] = 0;
        px[n++] = 0;
    }
    b = bmp_make(40, W, H, 1, 0, pal2, 2, NULL, px, n);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);

    /* 16-bit BI_BITFIELDS 5-6-5 and BI_RGB 5-5-5: samples scaled by v * 255 / max */
    uint32_t m565[3] = {0xF800, 0x07E0, 0x001F};
    uint8_t px16[H * 16];
    n = 0;
    for (int y = H - 1; y >= 0; y--) {
        for (int x = 0; x < W; x++) {
            uint32_t r5 = (uint32_t)(x * 4 + y) & 31, g6 = (uint32_t)(x * 9 + y * 5) & 63, b5 = (uint32_t)(31 - x - y);
            uint32_t v = r5 << 11 | g6 << 5 | b5;
            px16[n++] = (uint8_t)v;
            px16[n++] = (uint8_t)(v >> 8);
            expect[(y * W + x) * 3] = (uint8_t)(r5 * 255 / 31);
            expect[(y * W + x) * 3 + 1] = (uint8_t)(g6 * 255 / 63);
            expect[(y * W + x) * 3 + 2] = (uint8_t)(b5 * 255 / 31);
        }
        px16[n++] = 0;
        px16[n++] = 0;
    }
    b = bmp_make(40, W, H, 16, 3, NULL, 0, m565, px16, n);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);
    n = 0;
    for (int y = H - 1; y >= 0; y--) {
        for (int x = 0; x < W; x++) {
            uint32_t r5 = (uint32_t)(x * 4 + y) & 31, g5 = (uint32_t)(x * 9 + y * 5) & 31, b5 = (uint32_t)(31 - x - y);
            uint32_t v = r5 << 10 | g5 << 5 | b5;
            px16[n++] = (uint8_t)v;
            px16[n++] = (uint8_t)(v >> 8);
            expect[(y * W + x) * 3] = (uint8_t)(r5 * 255 / 31);
            expect[(y * W + x) * 3 + 1] = (uint8_t)(g5 * 255 / 31);
            expect[(y * W + x) * 3 + 2] = (uint8_t)(b5 * 255 / 31);
        }
        px16[n++] = 0;
        px16[n++] = 0;
    }
    b = bmp_make(40, W, H, 16, 0, NULL, 0, NULL, px16, n);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);

    /* RLE8 and RLE4, 4 x 3: encoded runs, an absolute run, end-of-line, a delta that leaves
     * pixels unwritten (palette index 0), end-of-bitmap. Rows are coded bottom first. */
    uint8_t palr[8 * 4];
    for (int i = 0; i < 8; i++) {
        palr[i * 4] = (uint8_t)(i * 30 + 5); /* B */
        palr[i * 4 + 1] = (uint8_t)(i * 20);
        palr[i * 4 + 2] = (uint8_t)(250 - i * 10); /* R */
        palr[i * 4 + 3] = 0;
    }
    static const uint8_t rle8[] = {2, 5, 2, 6, 0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 2, 2, 0, 1, 7, 0, 1};
    static const uint8_t rle4[] = {4, 0x56, 0, 0, 0, 4, 0x12, 0x34, 0, 0, 0, 2, 2, 0, 1, 0x70, 0, 1};
    static const int idx8[12] = {0, 0, 7, 0, 1, 2, 3, 4, 5, 5, 6, 6};
    static const int idx4[12] = {0, 0, 7, 0, 1, 2, 3, 4, 5, 6, 5, 6};
    for (int k = 0; k < 2; k++) {
        const int *idx = k ? idx4 : idx8;
        for (int i = 0; i < 12; i++) {
            expect[i * 3] = palr[idx[i] * 4 + 2];
            expect[i * 3 + 1] = palr[idx[i] * 4 + 1];
            expect[i * 3 + 2] = palr[idx[i] * 4];
        }
        b = k ? bmp_make(40, 4, 3, 4, 2, palr, 8, NULL, rle4, sizeof rle4)
              : bmp_make(40, 4, 3, 8, 1, palr, 8, NULL, rle8, sizeof rle8);
        CHECK(decodes_to(&b, 3, 4, expect, 0));
        buf_free(&b);
    }
}

/* ---- PNM, written by hand ---- */

static void test_pnm(void)
{
    buf b = {0};
    buf_str(&b, "P6\n# made by test_image_decoder\n7 5\n255\n");
    buf_add(&b, g_rgb, sizeof g_rgb);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);

    buf_str(&b, "P3 7 5 255\n");
    for (size_t i = 0; i < sizeof g_rgb; i++) {
        char num[8];
        snprintf(num, sizeof num, "%u%s", g_rgb[i], i % 3 == 2 ? "\n" : " ");
        buf_str(&b, num);
    }
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);

    /* P5, 16-bit big-endian samples (maxval 65535): rounded to 8 bits */
    uint8_t expect[H * W * 3];
    buf_str(&b, "P5 7 5 65535\n");
    for (int i = 0; i < H * W; i++) {
        uint32_t v = (uint32_t)g_rgb[i * 3] * 257u + (uint32_t)(i & 1) * 100u;
        buf_add(&b, (uint8_t[]){(uint8_t)(v >> 8), (uint8_t)v}, 2);
        expect[i * 3] = expect[i * 3 + 1] = expect[i * 3 + 2] = (uint8_t)((v * 255u + 32767u) / 65535u);
    }
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);

    /* P2 with maxval 15: v * 255 / 15 = v * 17 */
    buf_str(&b, "P2\n2 2\n15\n0 7\n# a comment between rows\n15 1\n");
    uint8_t e2[12] = {0, 0, 0, 119, 119, 119, 255, 255, 255, 17, 17, 17};
    CHECK(decodes_to(&b, 2, 2, e2, 0));
    buf_free(&b);

    /* P1 (digits may run together) and P4 (packed, rows padded to a byte): 1 is black */
    buf_str(&b, "P1\n3 2\n101\n0 1 0\n");
    uint8_t e1[18] = {0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255};
    CHECK(decodes_to(&b, 2, 3, e1, 0));
    buf_free(&b);
    buf_str(&b, "P4\n10 2\n");
    buf_add(&b, (uint8_t[]){0xB0, 0x40, 0x01, 0xFF}, 4); /* 1011000001 / 0000000111 */
    static const int bits[20] = {1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    uint8_t e4[60];
    for (int i = 0; i < 20; i++)
        e4[i * 3] = e4[i * 3 + 1] = e4[i * 3 + 2] = bits[i] ? 0 : 255;
    CHECK(decodes_to(&b, 2, 10, e4, 0));
    buf_free(&b);
}

/* ---- PNG, encoded with libpng ---- */

static void png_to_buf(png_structp png, png_bytep d, size_t n) { buf_add(png_get_io_ptr(png), d, n); }
static void png_no_flush(png_structp png) { (void)png; }

/* rows: h rows of `rowbytes` bytes in libpng's packing (16-bit samples big-endian). */
static buf png_make(int w, int h, int color, int depth, int interlace, const uint8_t *rows, size_t rowbytes,
                    const png_color *pal, int npal, bool trns)
{
    buf b = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    png_bytep *rp = malloc(sizeof *rp * (size_t)h);
    if (setjmp(png_jmpbuf(png))) {
        fprintf(stderr, "  libpng could not encode the test image\n");
        abort();
    }
    png_set_write_fn(png, &b, png_to_buf, png_no_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, color, interlace, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (pal)
        png_set_PLTE(png, info, pal, npal);
    if (trns) {
        png_byte alpha[2] = {0, 128};
        png_set_tRNS(png, info, alpha, 2, NULL);
    }
    png_write_info(png, info);
    for (int y = 0; y < h; y++)
        rp[y] = (png_bytep)rows + (size_t)y * rowbytes;
    png_write_image(png, rp);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(rp);
    return b;
}

static void test_png(void)
{
    buf b = png_make(W, H, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE, g_rgb, W * 3, NULL, 0, false);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);
    b = png_make(W, H, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_ADAM7, g_rgb, W * 3, NULL, 0, false);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);

    /* RGBA: alpha dropped, colour kept as is (not composited) */
    uint8_t rgba[H * W * 4], gray[H * W], rgb16[H * W * 6], expect[H * W * 3];
    for (int i = 0; i < H * W; i++) {
        memcpy(rgba + i * 4, g_rgb + i * 3, 3);
        rgba[i * 4 + 3] = (uint8_t)(i * 7);
        gray[i] = g_rgb[i * 3 + 1];
        expect[i * 3] = expect[i * 3 + 1] = expect[i * 3 + 2] = gray[i];
        for (int c = 0; c < 3; c++) { /* 16-bit: the high byte is the 8-bit sample */
            rgb16[i * 6 + c * 2] = g_rgb[i * 3 + c];
            rgb16[i * 6 + c * 2 + 1] = (uint8_t)(255 - i);
        }
    }
    b = png_make(W, H, PNG_COLOR_TYPE_RGB_ALPHA, 8, PNG_INTERLACE_NONE, rgba, W * 4, NULL, 0, false);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);
    b = png_make(W, H, PNG_COLOR_TYPE_RGB, 16, PNG_INTERLACE_NONE, rgb16, W * 6, NULL, 0, false);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);
    /* grey: replicated (and Grayscale gives it back unchanged) */
    b = png_make(W, H, PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_NONE, gray, W, NULL, 0, false);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);

    /* 2-bit palette with tRNS (transparency ignored), rows packed MSB first */
    png_color pal[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {17, 34, 51}};
    uint8_t packed[H * 2];
    memset(packed, 0, sizeof packed);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int v = (x + 2 * y) & 3;
            packed[y * 2 + x / 4] |= (uint8_t)(v << (6 - 2 * (x % 4)));
            expect[(y * W + x) * 3] = pal[v].red;
            expect[(y * W + x) * 3 + 1] = pal[v].green;
            expect[(y * W + x) * 3 + 2] = pal[v].blue;
        }
    b = png_make(W, H, PNG_COLOR_TYPE_PALETTE, 2, PNG_INTERLACE_NONE, packed, 2, pal, 4, true);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);

    /* 1-bit grey: 0 -> 0, 1 -> 255 */
    uint8_t bits[H];
    for (int y = 0; y < H; y++) {
        bits[y] = (uint8_t)(0xA5 >> y << y);
        for (int x = 0; x < W; x++)
            expect[(y * W + x) * 3] = expect[(y * W + x) * 3 + 1] = expect[(y * W + x) * 3 + 2] =
                (bits[y] >> (7 - x)) & 1 ? 255 : 0;
    }
    b = png_make(W, H, PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_NONE, bits, 1, NULL, 0, false);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);
}

/* ---- JPEG, encoded with libjpeg ---- */

static buf jpeg_make(int w, int h, J_COLOR_SPACE cs, int comps, const uint8_t *px, int quality)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *out = NULL;
    unsigned long size = 0;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &out, &size);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = comps;
    c.in_color_space = cs;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    for (int i = 0; i < c.num_components; i++) /* no chroma subsampling */
        c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)px + (size_t)c.next_scanline * w * comps;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    buf b = {0};
    buf_add(&b, out, size);
    free(out);
    return b;
}

static void test_jpeg(void)
{
    /* lossy: close to the source at quality 100 without subsampling; BGR / Grayscale exact */
    buf b = jpeg_make(W, H, JCS_RGB, 3, g_rgb, 100);
    CHECK(decodes_to(&b, H, W, g_rgb, 8));
    buf_free(&b);

    /* a grey JPEG: R = G = B, and Grayscale returns the grey plane */
    uint8_t gray[H * W], expect[H * W * 3];
    for (int i = 0; i < H * W; i++) {
        gray[i] = g_rgb[i * 3];
        expect[i * 3] = expect[i * 3 + 1] = expect[i * 3 + 2] = gray[i];
    }
    b = jpeg_make(W, H, JCS_GRAYSCALE, 1, gray, 100);
    CHECK(decodes_to(&b, H, W, expect, 8));
    ir_tensor y;
    CHECK_EQ(decode(b.p, b.n, NULL, &y), GE_STATUS_SUCCESS);
    const uint8_t *p = y.data;
    bool equal = true;
    for (int i = 0; i < H * W; i++)
        equal = equal && p[i * 3] == p[i * 3 + 1] && p[i * 3] == p[i * 3 + 2];
    CHECK(equal);
    ir_tensor_free_data(&y);
    buf_free(&b);

    /* CMYK (libjpeg writes the Adobe marker): R = C * K / 255 of the stored (inverted) values */
    uint8_t cmyk[8 * 8 * 4], e[8 * 8 * 3];
    for (int i = 0; i < 64; i++) {
        memcpy(cmyk + i * 4, (uint8_t[]){200, 100, 50, 255}, 4);
        memcpy(e + i * 3, (uint8_t[]){200, 100, 50}, 3);
    }
    b = jpeg_make(8, 8, JCS_CMYK, 4, cmyk, 100);
    CHECK(decodes_to(&b, 8, 8, e, 3));
    buf_free(&b);
}

/* ---- TIFF, encoded with libtiff into memory ---- */

static tmsize_t mt_read(thandle_t h, void *d, tmsize_t n)
{
    buf *b = (buf *)h;
    size_t k = b->pos >= b->n ? 0 : b->n - b->pos;
    if ((size_t)n < k)
        k = (size_t)n;
    memcpy(d, b->p + b->pos, k);
    b->pos += k;
    return (tmsize_t)k;
}
static tmsize_t mt_write(thandle_t h, void *d, tmsize_t n)
{
    buf *b = (buf *)h;
    buf_write_at(b, b->pos, d, (size_t)n);
    b->pos += (size_t)n;
    return n;
}
static toff_t mt_seek(thandle_t h, toff_t off, int whence)
{
    buf *b = (buf *)h;
    b->pos = (size_t)(whence == SEEK_SET ? off : whence == SEEK_CUR ? b->pos + off : b->n + off);
    return b->pos;
}
static int mt_close(thandle_t h) { (void)h; return 0; }
static toff_t mt_size(thandle_t h) { return ((buf *)h)->n; }
static int mt_map(thandle_t h, void **base, toff_t *size) { (void)h; (void)base; (void)size; return 0; }
static void mt_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static buf tiff_make(int w, int h, int spp, uint16_t compression, const uint8_t *px)
{
    buf b = {0};
    TIFF *t = TIFFClientOpen("test.tif", "wm", (thandle_t)&b, mt_read, mt_write, mt_seek, mt_close, mt_size,
                             mt_map, mt_unmap);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, (uint32_t)w);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, (uint32_t)h);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, spp);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, spp == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_COMPRESSION, compression);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 2);
    for (int y = 0; y < h; y++)
        TIFFWriteScanline(t, (void *)(px + (size_t)y * w * spp), (uint32_t)y, 0);
    TIFFClose(t);
    return b;
}

static void test_tiff(void)
{
    buf b = tiff_make(W, H, 3, COMPRESSION_NONE, g_rgb);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);
    b = tiff_make(W, H, 3, COMPRESSION_LZW, g_rgb);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);
    uint8_t gray[H * W], expect[H * W * 3];
    for (int i = 0; i < H * W; i++) {
        gray[i] = g_rgb[i * 3 + 2];
        expect[i * 3] = expect[i * 3 + 1] = expect[i * 3 + 2] = gray[i];
    }
    b = tiff_make(W, H, 1, COMPRESSION_ADOBE_DEFLATE, gray);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);
}

/* ---- WebP, encoded with libwebp ---- */

static void test_webp(void)
{
    uint8_t *out = NULL;
    size_t n = WebPEncodeLosslessRGB(g_rgb, W, H, W * 3, &out);
    CHECK(n > 0);
    buf b = {0};
    buf_add(&b, out, n);
    WebPFree(out);
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);

    /* lossy: what libwebp's own RGB decoder gives, exactly (fancy upsampling) */
    n = WebPEncodeRGB(g_rgb, W, H, W * 3, 90, &out);
    CHECK(n > 0);
    buf_add(&b, out, n);
    WebPFree(out);
    int w = 0, h = 0;
    uint8_t *ref = WebPDecodeRGB(b.p, b.n, &w, &h);
    CHECK(ref && w == W && h == H);
    if (ref)
        CHECK(decodes_to(&b, H, W, ref, 0));
    WebPFree(ref);
    buf_free(&b);
}

/* ---- JPEG 2000, encoded losslessly (reversible 5/3 wavelet) with OpenJPEG ---- */

static OPJ_SIZE_T mj_write(void *d, OPJ_SIZE_T n, void *user)
{
    buf *b = user;
    buf_write_at(b, b->pos, d, n);
    b->pos += n;
    return n;
}
static OPJ_OFF_T mj_skip(OPJ_OFF_T n, void *user)
{
    buf *b = user;
    b->pos += (size_t)n;
    return n;
}
static OPJ_BOOL mj_seek(OPJ_OFF_T off, void *user)
{
    ((buf *)user)->pos = (size_t)off;
    return OPJ_TRUE;
}

static buf jp2_make(OPJ_CODEC_FORMAT fmt, int w, int h, int comps, const uint8_t *px)
{
    opj_cparameters_t prm;
    opj_set_default_encoder_parameters(&prm);
    prm.tcp_numlayers = 1;
    prm.tcp_rates[0] = 0; /* lossless */
    prm.cp_disto_alloc = 1;
    prm.numresolution = 2;
    prm.tcp_mct = comps == 3 ? 1 : 0;
    opj_image_cmptparm_t cp[3];
    memset(cp, 0, sizeof cp);
    for (int c = 0; c < comps; c++) {
        cp[c].dx = cp[c].dy = 1;
        cp[c].w = (OPJ_UINT32)w;
        cp[c].h = (OPJ_UINT32)h;
        cp[c].prec = 8;
    }
    opj_image_t *img = opj_image_create((OPJ_UINT32)comps, cp, comps == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY);
    img->x1 = (OPJ_UINT32)w;
    img->y1 = (OPJ_UINT32)h;
    for (int c = 0; c < comps; c++)
        for (int i = 0; i < w * h; i++)
            img->comps[c].data[i] = px[i * comps + c];
    opj_codec_t *codec = opj_create_compress(fmt);
    buf b = {0};
    opj_stream_t *s = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE);
    opj_stream_set_write_function(s, mj_write);
    opj_stream_set_skip_function(s, mj_skip);
    opj_stream_set_seek_function(s, mj_seek);
    opj_stream_set_user_data(s, &b, NULL);
    if (!opj_setup_encoder(codec, &prm, img) || !opj_start_compress(codec, img, s) || !opj_encode(codec, s) ||
        !opj_end_compress(codec, s)) {
        fprintf(stderr, "  OpenJPEG could not encode the test image\n");
        abort();
    }
    opj_stream_destroy(s);
    opj_destroy_codec(codec);
    opj_image_destroy(img);
    return b;
}

static void test_jpeg2000(void)
{
    buf b = jp2_make(OPJ_CODEC_JP2, W, H, 3, g_rgb);
    CHECK(b.n > 12 && b.p[4] == 'j' && b.p[5] == 'P');
    CHECK(decodes_to(&b, H, W, g_rgb, 0));
    buf_free(&b);
    uint8_t gray[H * W], expect[H * W * 3];
    for (int i = 0; i < H * W; i++) {
        gray[i] = g_rgb[i * 3 + 1];
        expect[i * 3] = expect[i * 3 + 1] = expect[i * 3 + 2] = gray[i];
    }
    b = jp2_make(OPJ_CODEC_J2K, W, H, 1, gray); /* a raw codestream */
    CHECK(b.n > 4 && b.p[0] == 0xFF && b.p[1] == 0x4F);
    CHECK(decodes_to(&b, H, W, expect, 0));
    buf_free(&b);
}

/* ---- Grayscale arithmetic, inference, attributes ---- */

static void test_luma_and_inference(void)
{
    /* Pillow's "L" of pure red, green, blue, white, and a rounding case */
    CHECK_EQ(img_luma(255, 0, 0), 76);
    CHECK_EQ(img_luma(0, 255, 0), 150);
    CHECK_EQ(img_luma(0, 0, 255), 29);
    CHECK_EQ(img_luma(255, 255, 255), 255);
    CHECK_EQ(img_luma(1, 1, 1), 1);
    CHECK_EQ(img_luma(10, 20, 30), 18); /* (10*19595 + 20*38470 + 30*7471 + 32768) >> 16 = 18.3 */

    buf b = {0};
    buf_str(&b, "P6 3 2 255\n");
    for (int i = 0; i < 18; i++)
        buf_add(&b, (uint8_t[]){(uint8_t)(i * 14)}, 1);
    ir_tensor in = op_test_tensor(GE_DTYPE_UINT8, 1, (int64_t[]){(int64_t)b.n}, b.p);
    op_value out;
    /* contents unknown: [-1, -1, C]; known: the real size */
    CHECK_EQ(op_test_infer("ImageDecoder", 20, NULL, 0, &in, 1, &out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out.shape, 3, -1, -1, 3));
    CHECK_EQ(out.dtype, GE_DTYPE_UINT8);
    ir_attr g = op_test_attr_string("pixel_format", "Grayscale");
    CHECK_EQ(op_test_infer("ImageDecoder", 20, &g, 1, &in, 1, &out, 1, false), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out.shape, 3, -1, -1, 1));
    CHECK_EQ(op_test_infer("ImageDecoder", 20, &g, 1, &in, 1, &out, 1, true), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&out.shape, 3, 2, 3, 1));
    /* the executor's path with a known input: preallocated output */
    ir_tensor y;
    CHECK_EQ(op_test_run("ImageDecoder", 20, &g, 1, &in, 1, &y, 1), GE_STATUS_SUCCESS);
    CHECK(TT_SHAPE(&y.shape, 3, 2, 3, 1));
    const uint8_t *p = y.data;
    for (int i = 0; i < 6; i++)
        CHECK_EQ(p[i], img_luma(b.p[11 + i * 3], b.p[12 + i * 3], b.p[13 + i * 3]));
    ir_tensor_free_data(&y);

    /* bad attribute, dtype, rank */
    ir_attr bad = op_test_attr_string("pixel_format", "rgb");
    CHECK(tt_infer_fails("ImageDecoder", 20, &bad, 1, &in, 1, 1,
                         "attribute 'pixel_format' is 'rgb'; expected \"RGB\", \"BGR\" or \"Grayscale\""));
    ir_tensor i8 = op_test_tensor(GE_DTYPE_INT8, 1, (int64_t[]){(int64_t)b.n}, b.p);
    CHECK(tt_infer_fails("ImageDecoder", 20, NULL, 0, &i8, 1, 1, "input 0 has dtype int8; expected one of uint8"));
    ir_tensor two = op_test_tensor(GE_DTYPE_UINT8, 2, (int64_t[]){1, (int64_t)b.n}, b.p);
    CHECK(tt_infer_fails("ImageDecoder", 20, NULL, 0, &two, 1, 1, "input 0 'encoded_stream' must be 1-D"));
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "ImageDecoder", 19) == NULL);

    /* an allocation failing is reported, nothing leaks */
    long live = ge_alloc_live();
    ge_alloc_fail_after(0);
    CHECK(decode(b.p, b.n, NULL, &y) != GE_STATUS_SUCCESS);
    ge_alloc_fail_after(-1);
    CHECK_CONTAINS(ge_error_take(), "out of memory");
    CHECK_EQ(ge_alloc_live(), live);
    buf_free(&b);
}

/* ---- hostile input ---- */

static uint32_t crc32_of(const uint8_t *d, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= d[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A PNG signature and IHDR (valid CRC) claiming w x h, then nothing. */
static buf png_header_only(uint32_t w, uint32_t h)
{
    buf b = {0};
    buf_add(&b, (uint8_t[]){0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13}, 12);
    uint8_t chunk[17] = {'I', 'H', 'D', 'R'};
    put_be32(chunk + 4, w);
    put_be32(chunk + 8, h);
    chunk[12] = 8; /* depth */
    chunk[13] = 2; /* RGB */
    buf_add(&b, chunk, 17);
    uint8_t crc[4];
    put_be32(crc, crc32_of(chunk, 17));
    buf_add(&b, crc, 4);
    /* an empty IDAT, so that libpng's header reading stops there */
    buf_add(&b, (uint8_t[]){0, 0, 0, 0, 'I', 'D', 'A', 'T'}, 8);
    put_be32(crc, crc32_of((const uint8_t *)"IDAT", 4));
    buf_add(&b, crc, 4);
    return b;
}

static void test_hostile_common(void)
{
    CHECK(refused((const uint8_t *)"", 0, "input 0 'encoded_stream' is empty (0 bytes)"));
    static const uint8_t gif[] = "GIF89a\x01\x00\x01\x00";
    CHECK(refused(gif, sizeof gif - 1, "(10 bytes, starting 47 49 46 38 39 61 01 00) is not a BMP, JPEG, "
                                       "JPEG 2000, PNG, PNM (P1-P6), TIFF or WebP image"));
    CHECK(refused((const uint8_t *)"P7\nWIDTH 1\n", 11, "is not a BMP"));
    CHECK(refused((const uint8_t *)"B", 1, "is not a BMP"));
    CHECK(refused((const uint8_t *)"\xFF\xD8", 2, "is not a BMP"));
}

static void test_hostile_bmp_pnm(void)
{
    uint8_t px[1024] = {0};
    buf b = bmp_make(40, 4, 4, 24, 0, NULL, 0, NULL, px, 20); /* needs 48 bytes */
    CHECK(refused(b.p, b.n, "cannot decode the BMP image: the pixel data is truncated: 48 bytes needed"));
    buf_free(&b);
    b = bmp_make(40, 100000, 100000, 24, 0, NULL, 0, NULL, px, 4);
    CHECK(refused(b.p, b.n, "the image is 100000 x 100000 pixels (30000000000 bytes as RGB); at most 2147483648"));
    buf_free(&b);
    b = bmp_make(40, 2000000, 1, 24, 0, NULL, 0, NULL, px, 4);
    CHECK(refused(b.p, b.n, "each side may be at most 1048576"));
    buf_free(&b);
    b = bmp_make(40, 4, (int32_t)0x80000000u, 24, 0, NULL, 0, NULL, px, 4);
    CHECK(refused(b.p, b.n, "pixels; each side may be at most"));
    buf_free(&b);
    b = bmp_make(40, 0, 4, 24, 0, NULL, 0, NULL, px, 4);
    CHECK(refused(b.p, b.n, "invalid BMP size 0 x 4"));
    buf_free(&b);
    b = bmp_make(40, 4, 4, 7, 0, NULL, 0, NULL, px, 64);
    CHECK(refused(b.p, b.n, "unsupported BMP bit depth 7"));
    buf_free(&b);
    b = bmp_make(40, 4, 4, 24, 4, NULL, 0, NULL, px, 64);
    CHECK(refused(b.p, b.n, "unsupported BMP compression 4"));
    buf_free(&b);
    b = bmp_make(40, 4, 4, 8, 1, px, 4, NULL, (const uint8_t *)"\x02\x01\x00\x00", 4);
    CHECK(refused(b.p, b.n, "the RLE8 pixel data ends without an end-of-bitmap code"));
    buf_free(&b);
    b = bmp_make(40, 4, 4, 8, 1, px, 4, NULL, (const uint8_t *)"\x00\x09\x01\x02", 4);
    CHECK(refused(b.p, b.n, "an RLE absolute run of 9 pixels is truncated"));
    buf_free(&b);
    b = bmp_make(40, 4, 4, 16, 3, NULL, 0, (const uint32_t[]){0xF0F0, 0x0F00, 0x000F}, px, 64);
    CHECK(refused(b.p, b.n, "the red bit mask 0x0000f0f0 is not contiguous"));
    buf_free(&b);
    b = bmp_make(40, 4, 4, 24, 0, NULL, 0, NULL, px, 64);
    b.p[14] = 99; /* info header size */
    CHECK(refused(b.p, b.n, "unknown BMP info header size 99"));
    CHECK(refused(b.p, 16, "the file is 16 bytes, shorter than the BMP headers"));
    buf_free(&b);
    b = bmp_make(40, 4, 4, 8, 0, px, 256, NULL, NULL, 0);
    CHECK(refused(b.p, 14 + 40 + 100, "the 256-entry palette is truncated"));
    buf_free(&b);

    CHECK(refused((const uint8_t *)"P6 4 4 255\n\x01\x02\x03", 14,
                  "cannot decode the PNM image: the raw pixel data is truncated: 48 bytes needed, 3 present"));
    CHECK(refused((const uint8_t *)"P6 60000 60000 255\n", 19,
                  "the image is 60000 x 60000 pixels (10800000000 bytes as RGB)"));
    CHECK(refused((const uint8_t *)"P5 99999999999 1 255\n", 21, "the width exceeds 4294967295"));
    CHECK(refused((const uint8_t *)"P3 1 1 255\n1 2 300\n", 19, "sample 300 exceeds maxval 255"));
    CHECK(refused((const uint8_t *)"P3 1 1 255\n1 2 70000\n", 21, "a sample exceeds 65535"));
    CHECK(refused((const uint8_t *)"P3 1 1 100\n1 2 101\n", 19, "pixel (0, 0): sample 101 exceeds maxval 100"));
    CHECK(refused((const uint8_t *)"P2 2 2 255\n1 2 3", 16, "the plain pixel data is truncated: it ends at pixel (1, 1)"));
    CHECK(refused((const uint8_t *)"P2 2 1 255\n1 x", 14, "a sample: expected a decimal number at byte 13"));
    CHECK(refused((const uint8_t *)"P2 2 1 0\n0 0", 12, "maxval is 0"));
    CHECK(refused((const uint8_t *)"P1 2 1\n1 2", 10, "pixel (0, 1): expected 0 or 1"));
    CHECK(refused((const uint8_t *)"P6\n# only a comment", 19, "the width: expected a decimal number"));
    CHECK(refused((const uint8_t *)"P5 1 1 255", 10, "no whitespace after the P5 header"));
}

static void test_hostile_libraries(void)
{
    /* PNG: truncated, CRC error, absurd dims (ours), past libpng's user limit (set from ours) */
    buf b = png_make(W, H, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE, g_rgb, W * 3, NULL, 0, false);
    CHECK(refused(b.p, b.n / 2, "cannot decode the PNG image: read past the end of the data (the stream is truncated)"));
    CHECK(refused(b.p, 20, "cannot decode the PNG image"));
    b.p[18] ^= 0x01; /* width inside IHDR: the CRC no longer matches */
    CHECK(refused(b.p, b.n, "IHDR: CRC error"));
    buf_free(&b);
    b = png_header_only(40000, 40000);
    CHECK(refused(b.p, b.n, "the image is 40000 x 40000 pixels (4800000000 bytes as RGB); at most 2147483648"));
    buf_free(&b);
    b = png_header_only(2000000, 1);
    CHECK(refused(b.p, b.n, "Invalid IHDR data (Image width exceeds user limit in IHDR)"));
    buf_free(&b);

    /* JPEG: truncated, garbage after the header, absurd dims in SOF */
    b = jpeg_make(W, H, JCS_RGB, 3, g_rgb, 90);
    CHECK(refused(b.p, b.n * 3 / 4, "cannot decode the JPEG image: Premature end of JPEG file (the stream is truncated)"));
    CHECK(refused(b.p, 40, "cannot decode the JPEG image"));
    size_t sof = 0;
    for (size_t i = 2; i + 9 < b.n; i++)
        if (b.p[i] == 0xFF && b.p[i + 1] == 0xC0) {
            sof = i;
            break;
        }
    CHECK(sof > 0);
    if (sof) {
        b.p[sof + 5] = b.p[sof + 7] = 0xFD; /* height, width = 65000 */
        b.p[sof + 6] = b.p[sof + 8] = 0xE8;
        CHECK(refused(b.p, b.n, "the image is 65000 x 65000 pixels (12675000000 bytes as RGB)"));
    }
    uint8_t junk[64];
    memcpy(junk, "\xFF\xD8\xFF\xE0", 4);
    for (int i = 4; i < 64; i++)
        junk[i] = (uint8_t)(i * 13);
    CHECK(refused(junk, sizeof junk, "cannot decode the JPEG image"));
    buf_free(&b);

    /* TIFF: truncated, absurd dims (the IFD's width / length patched), a broken IFD offset */
    b = tiff_make(W, H, 3, COMPRESSION_NONE, g_rgb);
    CHECK(refused(b.p, 8, "cannot decode the TIFF image"));
    CHECK(refused(b.p, b.n - 40, "cannot decode the TIFF image"));
    uint32_t ifd = (uint32_t)b.p[4] | (uint32_t)b.p[5] << 8 | (uint32_t)b.p[6] << 16 | (uint32_t)b.p[7] << 24;
    bool patched = false;
    if (ifd + 2 < b.n) {
        uint32_t count = b.p[ifd] | (uint32_t)b.p[ifd + 1] << 8;
        for (uint32_t e = 0; e < count && ifd + 2 + e * 12 + 12 <= b.n; e++) {
            uint8_t *ent = b.p + ifd + 2 + e * 12;
            uint32_t tag = ent[0] | (uint32_t)ent[1] << 8, type = ent[2] | (uint32_t)ent[3] << 8;
            if (tag == 256 || tag == 257) {
                if (type == 3) { /* SHORT */
                    ent[8] = 0x50;
                    ent[9] = 0xC3; /* 50000 */
                } else {         /* LONG */
                    memcpy(ent + 8, (uint8_t[]){0x50, 0xC3, 0, 0}, 4);
                }
                patched = true;
            }
        }
    }
    CHECK(patched);
    CHECK(refused(b.p, b.n, "the image is 50000 x 50000 pixels (7500000000 bytes as RGB)"));
    memcpy(b.p + 4, (uint8_t[]){0xF0, 0xFF, 0xFF, 0x0F}, 4);
    CHECK(refused(b.p, b.n, "cannot decode the TIFF image"));
    buf_free(&b);

    /* WebP: truncated, corrupt */
    uint8_t *out = NULL;
    size_t n = WebPEncodeRGB(g_rgb, W, H, W * 3, 90, &out);
    buf_add(&b, out, n);
    WebPFree(out);
    CHECK(refused(b.p, b.n - 10, "cannot decode the WebP image"));
    CHECK(refused(b.p, 16, "cannot decode the WebP image: cannot read the WebP header"));
    for (size_t i = 30; i < b.n; i++)
        b.p[i] ^= 0x5A;
    CHECK(refused(b.p, b.n, "cannot decode the WebP image"));
    buf_free(&b);

    /* JPEG 2000: truncated, absurd dims in the codestream's SIZ marker */
    b = jp2_make(OPJ_CODEC_JP2, W, H, 3, g_rgb);
    CHECK(refused(b.p, 30, "cannot decode the JPEG 2000 image"));
    CHECK(refused(b.p, b.n / 2, "cannot decode the JPEG 2000 image"));
    buf_free(&b);
    b = jp2_make(OPJ_CODEC_J2K, W, H, 3, g_rgb);
    put_be32(b.p + 8, 60000);  /* Xsiz */
    put_be32(b.p + 12, 60000); /* Ysiz */
    put_be32(b.p + 24, 60000); /* XTsiz: one tile */
    put_be32(b.p + 28, 60000); /* YTsiz */
    CHECK(refused(b.p, b.n, "the image is 60000 x 60000 pixels (10800000000 bytes as RGB)"));
    buf_free(&b);
}

/* Runs fn with stderr sent to a file; the libraries must print nothing. Our own CHECK
 * messages land there too, and are shown afterwards. */
static void quietly(void (*fn)(void), const char *name)
{
    char path[] = "/tmp/geflow_imgdec_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    /* if the test dies in there, its report is in that file */
    fprintf(stderr, "  (%s: stderr goes to %s meanwhile)\n", name, path);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    int before = test_failures;
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    off_t size = lseek(fd, 0, SEEK_END);
    char text[4096] = "";
    if (size > 0) {
        lseek(fd, 0, SEEK_SET);
        ssize_t k = read(fd, text, sizeof text - 1);
        text[k > 0 ? k : 0] = '\0';
    }
    close(fd);
    unlink(path);
    if (test_failures != before || size > 0)
        fprintf(stderr, "%s printed:\n%s", name, text);
    CHECK(test_failures != before || size == 0);
}

static void test_hostile(void)
{
    quietly(test_hostile_common, "common");
    quietly(test_hostile_bmp_pnm, "bmp/pnm");
    quietly(test_hostile_libraries, "libraries");
}

int main(void)
{
    make_image();
    RUN_TEST(test_bmp);
    RUN_TEST(test_pnm);
    RUN_TEST(test_png);
    RUN_TEST(test_jpeg);
    RUN_TEST(test_tiff);
    RUN_TEST(test_webp);
    RUN_TEST(test_jpeg2000);
    RUN_TEST(test_luma_and_inference);
    RUN_TEST(test_hostile);
    return test_result();
}

/* PNG through libpng's classic API: every colour type and bit depth (palette expanded, grey
 * replicated, 16-bit samples reduced to their high byte, alpha and tRNS dropped), interlaced
 * or not, no gamma correction (as Pillow and OpenCV read it).
 *
 * libpng's default error path prints and may abort; ours (png_create_read_struct's error
 * function) records the message and png_longjmp()s to our setjmp; warnings are dropped.
 * Reading past the end of the data is an error, and so are CRC errors in critical chunks. */
#include "ops/image/image_codec.h"

#include "base/alloc.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <png.h>

typedef struct png_src {
    const uint8_t *data;
    size_t size, pos;
    char msg[320];
    char warning[160]; /* the first warning: often the reason for the error that follows */
} png_src;

static void png_mem_read(png_structp png, png_bytep out, size_t len)
{
    png_src *s = png_get_io_ptr(png);
    if (len > s->size - s->pos)
        png_error(png, "read past the end of the data (the stream is truncated)");
    memcpy(out, s->data + s->pos, len);
    s->pos += len;
}

static void png_on_error(png_structp png, png_const_charp msg)
{
    png_src *s = png_get_error_ptr(png);
    snprintf(s->msg, sizeof s->msg, "%s%s%s%s", msg ? msg : "libpng error", s->warning[0] ? " (" : "",
             s->warning, s->warning[0] ? ")" : "");
    png_longjmp(png, 1); /* must not return: libpng's fallback would print to stderr */
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    png_src *s = png_get_error_ptr(png);
    if (!s->warning[0] && msg)
        snprintf(s->warning, sizeof s->warning, "%s", msg);
}

static bool png_sniff(const uint8_t *d, size_t n)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return n >= 8 && memcmp(d, sig, 8) == 0;
}

static bool png_decode(const uint8_t *d, size_t n, img_result *r)
{
    png_src src = {.data = d, .size = n, .pos = 0, .msg = "", .warning = ""};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_on_error, png_on_warning);
    if (!png)
        return img_fail(r, "out of memory creating the libpng reader");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return img_fail(r, "out of memory creating the libpng info");
    }
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        ge_free(rows);
        img_result_release(r);
        return img_fail(r, "%s", src.msg);
    }
    png_set_read_fn(png, &src, png_mem_read);
    png_set_user_limits(png, IMG_MAX_SIDE, IMG_MAX_SIDE);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (!img_check_dims(r, w, h)) {
        png_destroy_read_struct(&png, &info, NULL);
        return false;
    }
    int color = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if ((color & PNG_COLOR_MASK_COLOR) == 0 && depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (depth == 16)
        png_set_strip_16(png);
    if ((color & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_strip_alpha(png); /* palette expansion turns tRNS into alpha */
    if ((color & PNG_COLOR_MASK_COLOR) == 0)
        png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_channels(png, info) != 3 || png_get_bit_depth(png, info) != 8 ||
        png_get_rowbytes(png, info) != (size_t)w * 3) {
        img_fail(r, "libpng produced %d channels of %d bits", png_get_channels(png, info),
                 png_get_bit_depth(png, info));
        png_destroy_read_struct(&png, &info, NULL);
        return false;
    }
    if (!img_alloc_rgb(r, w, h) || !(rows = ge_malloc((size_t)h * sizeof *rows))) {
        if (r->rgb) {
            img_result_release(r);
            img_fail(r, "out of memory for %u row pointers", h);
        }
        png_destroy_read_struct(&png, &info, NULL);
        return false;
    }
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = r->rgb + (size_t)y * w * 3;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    ge_free(rows);
    return true;
}

const img_format img_format_png = {"PNG", png_sniff, png_decode};

/* JPEG through libjpeg(-turbo): baseline, progressive and arithmetic-coded; grey, YCbCr, RGB,
 * CMYK and YCCK (Adobe inverted CMYK, converted as R = C*K/255). Decoding uses the library's
 * defaults, which are what Pillow and OpenCV use: the accurate integer IDCT (JDCT_ISLOW) and
 * "fancy" (triangular) chroma upsampling.
 *
 * Errors never reach libjpeg's default error_exit (which calls exit()): our error manager
 * formats the message and longjmps back; messages are never printed. A truncated stream
 * (libjpeg's "premature end" warnings, after which it would pad with grey) is refused. */
#include "ops/image/image_codec.h"

#include "base/alloc.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

#define JPEG_MAX_SCANS 1000 /* progressive streams with more scans are refused (CPU bomb) */

typedef struct jpeg_err {
    struct jpeg_error_mgr pub;
    jmp_buf jmp;
    char msg[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_err_exit(j_common_ptr cinfo)
{
    jpeg_err *e = (jpeg_err *)cinfo->err;
    cinfo->err->format_message(cinfo, e->msg);
    longjmp(e->jmp, 1);
}

static void jpeg_err_emit(j_common_ptr cinfo, int level)
{
    if (level >= 0) /* trace messages */
        return;
    int code = cinfo->err->msg_code;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) {
        jpeg_err *e = (jpeg_err *)cinfo->err;
        cinfo->err->format_message(cinfo, e->msg);
        size_t len = strlen(e->msg);
        snprintf(e->msg + len, sizeof e->msg - len, " (the stream is truncated)");
        longjmp(e->jmp, 1);
    }
    cinfo->err->num_warnings++; /* other corrupt-data warnings are recoverable */
}

static void jpeg_err_output(j_common_ptr cinfo) { (void)cinfo; }

static void jpeg_progress(j_common_ptr cinfo)
{
    if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > JPEG_MAX_SCANS) {
        jpeg_err *e = (jpeg_err *)cinfo->err;
        snprintf(e->msg, sizeof e->msg, "the progressive stream has more than %d scans", JPEG_MAX_SCANS);
        longjmp(e->jmp, 1);
    }
}

static bool jpeg_sniff(const uint8_t *d, size_t n) { return n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF; }

static bool jpeg_decode(const uint8_t *d, size_t n, img_result *r)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress;
    jpeg_err err;
    uint8_t *volatile cmyk_row = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = jpeg_err_exit;
    err.pub.emit_message = jpeg_err_emit;
    err.pub.output_message = jpeg_err_output;
    err.msg[0] = '\0';
    if (setjmp(err.jmp)) {
        jpeg_destroy_decompress(&cinfo);
        ge_free(cmyk_row);
        img_result_release(r);
        return img_fail(r, "%s", err.msg);
    }
    jpeg_create_decompress(&cinfo);
    progress.progress_monitor = jpeg_progress;
    cinfo.progress = &progress;
    /* libjpeg's own working memory (progressive coefficient buffers): twice the output cap. */
    cinfo.mem->max_memory_to_use = (long)(2 * IMG_MAX_BYTES);
    jpeg_mem_src(&cinfo, d, (unsigned long)n);
    jpeg_read_header(&cinfo, TRUE);
    if (!img_check_dims(r, cinfo.image_width, cinfo.image_height)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    cinfo.do_fancy_upsampling = TRUE;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_components != (cmyk ? 4 : 3) || !img_alloc_rgb(r, cinfo.output_width, cinfo.output_height)) {
        if (!r->error[0])
            img_fail(r, "libjpeg produced %d components", cinfo.output_components);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    size_t w = cinfo.output_width;
    if (cmyk && !(cmyk_row = ge_malloc(w * 4))) {
        jpeg_destroy_decompress(&cinfo);
        img_result_release(r);
        return img_fail(r, "out of memory for a CMYK row");
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        uint8_t *dst = r->rgb + (size_t)cinfo.output_scanline * w * 3;
        JSAMPROW row = cmyk ? cmyk_row : dst;
        if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) { /* cannot happen with a memory source */
            jpeg_destroy_decompress(&cinfo);
            ge_free(cmyk_row);
            img_result_release(r);
            return img_fail(r, "libjpeg returned no scanline");
        }
        if (cmyk)
            for (size_t x = 0; x < w; x++) {
                const uint8_t *p = cmyk_row + x * 4;
                for (int c = 0; c < 3; c++)
                    dst[x * 3 + c] = (uint8_t)(((uint32_t)p[c] * p[3] + 127u) / 255u);
            }
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    ge_free(cmyk_row);
    return true;
}

const img_format img_format_jpeg = {"JPEG", jpeg_sniff, jpeg_decode};

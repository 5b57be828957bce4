/* Still-image decoders behind one small interface, for the ImageDecoder op (src/ops/image_decoder.c).
 *
 * Every decoder turns one encoded image into 8-bit interleaved RGB, top row first, whatever the
 * file holds: grey is replicated, palettes are expanded, alpha is dropped (not composited), and
 * deeper samples are reduced to 8 bits. The format is recognised from its magic bytes only.
 *
 * Hostile input never crashes and never reaches a library's exit/abort path: each decoder
 * installs its library's error hooks (libjpeg error manager with longjmp, libpng error
 * function with setjmp, libtiff per-handle handlers, openjpeg per-codec handlers), and
 * nothing prints. Decoded size is capped: each side at most IMG_MAX_SIDE pixels and the RGB
 * buffer at most IMG_MAX_BYTES; decoders check the header before allocating anything. */
#ifndef GEFLOW_OPS_IMAGE_IMAGE_CODEC_H
#define GEFLOW_OPS_IMAGE_IMAGE_CODEC_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMG_MAX_SIDE (1u << 20)           /* pixels per side (as OpenCV's default limit) */
#define IMG_MAX_BYTES ((uint64_t)1 << 31) /* bytes of the decoded RGB buffer */

typedef struct img_result {
    uint32_t width, height;
    uint8_t *rgb;     /* height * width * 3 bytes (ge_malloc; the caller frees with ge_free) */
    char error[384];  /* why decoding failed, when it did */
} img_result;

/* One format: `sniff` looks at the leading bytes only; `decode` fills r->width, r->height and
 * r->rgb and returns true, or sets r->error (and leaves r->rgb NULL) and returns false. */
typedef struct img_format {
    const char *name;
    bool (*sniff)(const uint8_t *data, size_t size);
    bool (*decode)(const uint8_t *data, size_t size, img_result *r);
} img_format;

extern const img_format img_format_bmp;
extern const img_format img_format_jpeg;
extern const img_format img_format_jp2;
extern const img_format img_format_png;
extern const img_format img_format_pnm;
extern const img_format img_format_tiff;
extern const img_format img_format_webp;

/* The format whose magic bytes `data` starts with; NULL when none. */
const img_format *img_detect(const uint8_t *data, size_t size);
/* "BMP, JPEG, ..." (for messages). */
const char *img_format_names(void);

/* Shared by the decoders. */
bool img_fail(img_result *r, const char *fmt, ...) GE_PRINTF(2, 3);
/* Checks width x height against the caps (sets r->error and returns false when over). */
bool img_check_dims(img_result *r, uint64_t width, uint64_t height);
/* Checks the dims, then allocates r->rgb for them and sets r->width / r->height. */
bool img_alloc_rgb(img_result *r, uint64_t width, uint64_t height);
/* Frees r->rgb (safe when NULL). */
void img_result_release(img_result *r);

/* Luma of 8-bit RGB, ITU-R 601-2 with 16-bit fixed-point weights rounded to nearest
 * (the same arithmetic as Pillow's RGB -> "L" conversion). */
static inline uint8_t img_luma(uint8_t r, uint8_t g, uint8_t b)
{
    return (uint8_t)(((uint32_t)r * 19595u + (uint32_t)g * 38470u + (uint32_t)b * 7471u + 0x8000u) >> 16);
}

#endif

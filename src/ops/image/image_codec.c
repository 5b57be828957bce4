/* Format detection and the helpers every decoder shares. */
#include "ops/image/image_codec.h"

#include "base/alloc.h"

#include <stdarg.h>
#include <stdio.h>

/* In the order magic bytes are tried (none of them overlap). */
static const img_format *const img_formats[] = {
    &img_format_bmp, &img_format_jpeg, &img_format_jp2, &img_format_png,
    &img_format_pnm, &img_format_tiff, &img_format_webp,
};

const img_format *img_detect(const uint8_t *data, size_t size)
{
    if (!data)
        return NULL;
    for (size_t i = 0; i < sizeof img_formats / sizeof img_formats[0]; i++)
        if (img_formats[i]->sniff(data, size))
            return img_formats[i];
    return NULL;
}

const char *img_format_names(void)
{
    return "BMP, JPEG, JPEG 2000, PNG, PNM (P1-P6), TIFF or WebP";
}

bool img_fail(img_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    return false;
}

bool img_check_dims(img_result *r, uint64_t width, uint64_t height)
{
    if (width == 0 || height == 0)
        return img_fail(r, "the image is empty (%llu x %llu pixels)", (unsigned long long)width,
                        (unsigned long long)height);
    if (width > IMG_MAX_SIDE || height > IMG_MAX_SIDE)
        return img_fail(r, "the image is %llu x %llu pixels; each side may be at most %u",
                        (unsigned long long)width, (unsigned long long)height, IMG_MAX_SIDE);
    /* Both sides are <= 2^20, so the product cannot overflow. */
    uint64_t bytes = width * height * 3u;
    if (bytes > IMG_MAX_BYTES)
        return img_fail(r, "the image is %llu x %llu pixels (%llu bytes as RGB); at most %llu bytes are "
                        "decoded", (unsigned long long)width, (unsigned long long)height,
                        (unsigned long long)bytes, (unsigned long long)IMG_MAX_BYTES);
    return true;
}

bool img_alloc_rgb(img_result *r, uint64_t width, uint64_t height)
{
    if (!img_check_dims(r, width, height))
        return false;
    size_t bytes = (size_t)(width * height * 3u);
    r->rgb = ge_malloc(bytes);
    if (!r->rgb)
        return img_fail(r, "out of memory allocating %zu bytes for %llu x %llu RGB pixels", bytes,
                        (unsigned long long)width, (unsigned long long)height);
    r->width = (uint32_t)width;
    r->height = (uint32_t)height;
    return true;
}

void img_result_release(img_result *r)
{
    ge_free(r->rgb);
    r->rgb = NULL;
}

/* TIFF through libtiff: the first image of the file, any photometric interpretation, bit depth,
 * compression and layout that libtiff's RGBA interface reads (TIFFReadRGBAImageOriented, top
 * row first). Alpha is dropped; note libtiff's RGBA path premultiplies unassociated alpha.
 *
 * libtiff's global handlers print to stderr; we open through TIFFClientOpenExt with
 * TIFFOpenOptions carrying per-handle error and warning handlers that record the first error
 * and return 1 (the global handler is then not called). Nothing is memory-mapped. */
#include "ops/image/image_codec.h"

#include "base/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tiffio.h>

typedef struct tiff_src {
    const uint8_t *data;
    uint64_t size, pos;
    char msg[256];
} tiff_src;

static tmsize_t tiff_read(thandle_t h, void *buf, tmsize_t len)
{
    tiff_src *s = (tiff_src *)h;
    if (len <= 0 || s->pos >= s->size)
        return 0;
    uint64_t n = s->size - s->pos;
    if ((uint64_t)len < n)
        n = (uint64_t)len;
    memcpy(buf, s->data + s->pos, (size_t)n);
    s->pos += n;
    return (tmsize_t)n;
}

static tmsize_t tiff_write(thandle_t h, void *buf, tmsize_t len)
{
    (void)h;
    (void)buf;
    (void)len;
    return 0;
}

static toff_t tiff_seek(thandle_t h, toff_t off, int whence)
{
    tiff_src *s = (tiff_src *)h;
    uint64_t base = whence == SEEK_CUR ? s->pos : whence == SEEK_END ? s->size : 0;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
        return (toff_t)-1;
    if (off > UINT64_MAX - base)
        return (toff_t)-1;
    s->pos = base + off; /* past the end is allowed; reads there return 0 bytes */
    return s->pos;
}

static int tiff_close(thandle_t h)
{
    (void)h;
    return 0;
}

static toff_t tiff_size(thandle_t h) { return ((tiff_src *)h)->size; }

static int tiff_map(thandle_t h, void **base, toff_t *size)
{
    (void)h;
    (void)base;
    (void)size;
    return 0;
}

static void tiff_unmap(thandle_t h, void *base, toff_t size)
{
    (void)h;
    (void)base;
    (void)size;
}

static int tiff_on_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap)
{
    (void)tif;
    tiff_src *s = user;
    if (!s->msg[0]) { /* the first error is the cause; later ones follow from it */
        int len = snprintf(s->msg, sizeof s->msg, "%s: ", module ? module : "libtiff");
        if (len < 0 || (size_t)len >= sizeof s->msg)
            len = 0;
        vsnprintf(s->msg + len, sizeof s->msg - (size_t)len, fmt, ap);
    }
    return 1;
}

static int tiff_on_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap)
{
    (void)tif;
    (void)user;
    (void)module;
    (void)fmt;
    (void)ap;
    return 1;
}

static bool tiff_sniff(const uint8_t *d, size_t n)
{
    return n >= 4 && ((d[0] == 'I' && d[1] == 'I' && (d[2] == 42 || d[2] == 43) && d[3] == 0) ||
                      (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && (d[3] == 42 || d[3] == 43)));
}

static bool tiff_decode(const uint8_t *d, size_t n, img_result *r)
{
    tiff_src src = {.data = d, .size = n, .pos = 0, .msg = ""};
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    if (!opts)
        return img_fail(r, "out of memory creating libtiff options");
    TIFFOpenOptionsSetErrorHandlerExtR(opts, tiff_on_error, &src);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, tiff_on_warning, &src);
    TIFFOpenOptionsSetMaxSingleMemAlloc(opts, (tmsize_t)IMG_MAX_BYTES);
    TIFF *tif = TIFFClientOpenExt("encoded_stream", "rm", (thandle_t)&src, tiff_read, tiff_write, tiff_seek,
                                  tiff_close, tiff_size, tiff_map, tiff_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (!tif)
        return img_fail(r, "%s", src.msg[0] ? src.msg : "libtiff cannot open the stream");
    uint32_t w = 0, h = 0;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h)) {
        TIFFClose(tif);
        return img_fail(r, "the TIFF has no ImageWidth / ImageLength");
    }
    if (!img_check_dims(r, w, h)) {
        TIFFClose(tif);
        return false;
    }
    char emsg[1024] = "";
    if (!TIFFRGBAImageOK(tif, emsg)) {
        TIFFClose(tif);
        return img_fail(r, "libtiff cannot read this TIFF as RGB: %s", emsg[0] ? emsg : src.msg);
    }
    uint32_t *raster = ge_malloc((size_t)w * h * sizeof *raster);
    if (!raster) {
        TIFFClose(tif);
        return img_fail(r, "out of memory for %u x %u RGBA pixels", w, h);
    }
    /* stop_on_error = 1; an error reported while reading also fails the decode */
    if (!TIFFReadRGBAImageOriented(tif, w, h, raster, ORIENTATION_TOPLEFT, 1) || src.msg[0]) {
        ge_free(raster);
        TIFFClose(tif);
        return img_fail(r, "%s", src.msg[0] ? src.msg : "libtiff could not read the image data");
    }
    TIFFClose(tif);
    if (!img_alloc_rgb(r, w, h)) {
        ge_free(raster);
        return false;
    }
    for (size_t i = 0; i < (size_t)w * h; i++) {
        uint32_t p = raster[i];
        r->rgb[i * 3] = (uint8_t)TIFFGetR(p);
        r->rgb[i * 3 + 1] = (uint8_t)TIFFGetG(p);
        r->rgb[i * 3 + 2] = (uint8_t)TIFFGetB(p);
    }
    ge_free(raster);
    return true;
}

const img_format img_format_tiff = {"TIFF", tiff_sniff, tiff_decode};

/* JPEG 2000 through OpenJPEG: the JP2 file format and raw J2K codestreams. One to four
 * components without subsampling (grey, grey + alpha, RGB, RGB + alpha; alpha dropped), any
 * precision (rounded to 8 bits), signed samples offset to unsigned. sYCC / e-YCC / CMYK colour
 * spaces and subsampled components are refused.
 *
 * OpenJPEG prints through its default message handlers; ours are set per codec (errors
 * recorded, warnings and info dropped). The stream reads from memory. */
#include "ops/image/image_codec.h"

#include <stdio.h>
#include <string.h>

#include <openjpeg.h>

typedef struct jp2_src {
    const uint8_t *data;
    OPJ_UINT64 size, pos;
    char msg[256];
} jp2_src;

static OPJ_SIZE_T jp2_read(void *buf, OPJ_SIZE_T len, void *user)
{
    jp2_src *s = user;
    if (s->pos >= s->size)
        return (OPJ_SIZE_T)-1; /* end of stream */
    OPJ_UINT64 n = s->size - s->pos;
    if ((OPJ_UINT64)len < n)
        n = len;
    memcpy(buf, s->data + s->pos, (size_t)n);
    s->pos += n;
    return (OPJ_SIZE_T)n;
}

static OPJ_OFF_T jp2_skip(OPJ_OFF_T len, void *user)
{
    jp2_src *s = user;
    if (len < 0) {
        if ((OPJ_UINT64)-len > s->pos)
            return -1;
        s->pos -= (OPJ_UINT64)-len;
    } else {
        s->pos = (OPJ_UINT64)len > s->size - s->pos ? s->size : s->pos + (OPJ_UINT64)len;
    }
    return len;
}

static OPJ_BOOL jp2_seek(OPJ_OFF_T off, void *user)
{
    jp2_src *s = user;
    if (off < 0 || (OPJ_UINT64)off > s->size)
        return OPJ_FALSE;
    s->pos = (OPJ_UINT64)off;
    return OPJ_TRUE;
}

static void jp2_on_error(const char *msg, void *user)
{
    jp2_src *s = user;
    if (!s->msg[0]) { /* the first error is the cause */
        snprintf(s->msg, sizeof s->msg, "%s", msg ? msg : "OpenJPEG error");
        size_t len = strlen(s->msg);
        while (len && (s->msg[len - 1] == '\n' || s->msg[len - 1] == ' '))
            s->msg[--len] = '\0';
    }
}

static void jp2_on_quiet(const char *msg, void *user)
{
    (void)msg;
    (void)user;
}

static const uint8_t jp2_sig[12] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A};

static bool jp2_is_box(const uint8_t *d, size_t n) { return n >= 12 && memcmp(d, jp2_sig, 12) == 0; }

static bool jp2_sniff(const uint8_t *d, size_t n)
{
    return jp2_is_box(d, n) || (n >= 4 && d[0] == 0xFF && d[1] == 0x4F && d[2] == 0xFF && d[3] == 0x51);
}

static uint8_t jp2_sample(OPJ_INT32 v, const opj_image_comp_t *c)
{
    int64_t x = v;
    if (c->sgnd)
        x += (int64_t)1 << (c->prec - 1);
    if (c->prec > 8)
        x = (x + ((int64_t)1 << (c->prec - 9))) >> (c->prec - 8);
    else if (c->prec < 8)
        x <<= 8 - c->prec;
    return (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x);
}

static bool jp2_decode(const uint8_t *d, size_t n, img_result *r)
{
    jp2_src src = {.data = d, .size = n, .pos = 0, .msg = ""};
    opj_stream_t *stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
    if (!stream)
        return img_fail(r, "out of memory creating the OpenJPEG stream");
    opj_stream_set_read_function(stream, jp2_read);
    opj_stream_set_skip_function(stream, jp2_skip);
    opj_stream_set_seek_function(stream, jp2_seek);
    opj_stream_set_user_data(stream, &src, NULL);
    opj_stream_set_user_data_length(stream, n);
    opj_codec_t *codec = opj_create_decompress(jp2_is_box(d, n) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
    opj_image_t *img = NULL;
    bool ok = false;
    if (!codec) {
        img_fail(r, "out of memory creating the OpenJPEG decoder");
        goto done;
    }
    opj_set_error_handler(codec, jp2_on_error, &src);
    opj_set_warning_handler(codec, jp2_on_quiet, &src);
    opj_set_info_handler(codec, jp2_on_quiet, &src);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    if (!opj_setup_decoder(codec, &params) || !opj_read_header(stream, codec, &img) || !img) {
        img_fail(r, "cannot read the JPEG 2000 header: %s", src.msg[0] ? src.msg : "OpenJPEG error");
        goto done;
    }
    if (img->x1 <= img->x0 || img->y1 <= img->y0) {
        img_fail(r, "the JPEG 2000 image area is empty");
        goto done;
    }
    uint64_t w = img->x1 - img->x0, h = img->y1 - img->y0;
    if (!img_check_dims(r, w, h))
        goto done;
    if (img->numcomps < 1 || img->numcomps > 4) {
        img_fail(r, "%u components (1 to 4 are supported)", img->numcomps);
        goto done;
    }
    if (img->color_space == OPJ_CLRSPC_SYCC || img->color_space == OPJ_CLRSPC_EYCC ||
        img->color_space == OPJ_CLRSPC_CMYK) {
        img_fail(r, "the JPEG 2000 colour space (%s) is not supported",
                 img->color_space == OPJ_CLRSPC_CMYK ? "CMYK" : "YCC");
        goto done;
    }
    if (!opj_decode(codec, stream, img) || !opj_end_decompress(codec, stream) || src.msg[0]) {
        img_fail(r, "cannot decode the JPEG 2000 data: %s", src.msg[0] ? src.msg : "OpenJPEG error");
        goto done;
    }
    unsigned used = img->numcomps >= 3 ? 3u : 1u;
    for (unsigned c = 0; c < used; c++) {
        const opj_image_comp_t *comp = &img->comps[c];
        if (!comp->data || comp->w != w || comp->h != h || comp->dx != 1 || comp->dy != 1) {
            img_fail(r, "component %u is %u x %u with subsampling %u x %u (the image is %llu x %llu; "
                     "subsampled components are not supported)", c, comp->w, comp->h, comp->dx, comp->dy,
                     (unsigned long long)w, (unsigned long long)h);
            goto done;
        }
        if (comp->prec < 1 || comp->prec > 31) {
            img_fail(r, "component %u has precision %u", c, comp->prec);
            goto done;
        }
    }
    if (!img_alloc_rgb(r, w, h))
        goto done;
    for (size_t i = 0; i < (size_t)(w * h); i++)
        for (unsigned c = 0; c < 3; c++) {
            const opj_image_comp_t *comp = &img->comps[used == 3 ? c : 0];
            r->rgb[i * 3 + c] = jp2_sample(comp->data[i], comp);
        }
    ok = true;
done:
    if (img)
        opj_image_destroy(img);
    if (codec)
        opj_destroy_codec(codec);
    opj_stream_destroy(stream);
    return ok;
}

const img_format img_format_jp2 = {"JPEG 2000", jp2_sniff, jp2_decode};

/* WebP through libwebp: lossy (VP8, with the library's default "fancy" chroma upsampling) and
 * lossless (VP8L), with or without alpha (dropped). Animated WebP is refused. libwebp reports
 * errors as status codes and never prints. */
#include "ops/image/image_codec.h"

#include <string.h>

#include <webp/decode.h>

static const char *webp_status_name(VP8StatusCode st)
{
    switch (st) {
    case VP8_STATUS_OK: return "ok";
    case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
    case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
    case VP8_STATUS_SUSPENDED: return "suspended";
    case VP8_STATUS_USER_ABORT: return "user abort";
    case VP8_STATUS_NOT_ENOUGH_DATA: return "not enough data (the stream is truncated)";
    }
    return "unknown error";
}

static bool webp_sniff(const uint8_t *d, size_t n)
{
    return n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0;
}

static bool webp_decode(const uint8_t *d, size_t n, img_result *r)
{
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config))
        return img_fail(r, "libwebp version mismatch");
    VP8StatusCode st = WebPGetFeatures(d, n, &config.input);
    if (st != VP8_STATUS_OK)
        return img_fail(r, "cannot read the WebP header: %s", webp_status_name(st));
    if (config.input.has_animation)
        return img_fail(r, "animated WebP is not supported");
    if (config.input.width <= 0 || config.input.height <= 0)
        return img_fail(r, "invalid WebP size %d x %d", config.input.width, config.input.height);
    if (!img_alloc_rgb(r, (uint64_t)config.input.width, (uint64_t)config.input.height))
        return false;
    config.output.colorspace = MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = r->rgb;
    config.output.u.RGBA.stride = (int)r->width * 3;
    config.output.u.RGBA.size = (size_t)r->width * r->height * 3;
    st = WebPDecode(d, n, &config);
    WebPFreeDecBuffer(&config.output);
    if (st != VP8_STATUS_OK) {
        img_result_release(r);
        return img_fail(r, "libwebp: %s", webp_status_name(st));
    }
    return true;
}

const img_format img_format_webp = {"WebP", webp_sniff, webp_decode};

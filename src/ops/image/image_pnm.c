/* Netpbm PNM: P1/P4 (bitmap, 1 = black), P2/P5 (grey), P3/P6 (RGB), plain (ASCII) and raw
 * (binary) forms, maxval 1..65535 (two big-endian bytes per raw sample above 255). Samples are
 * scaled from [0, maxval] to [0, 255] with rounding. Decoded here: the format is a few lines. */
#include "ops/image/image_codec.h"

#include <string.h>

static bool pnm_sniff(const uint8_t *d, size_t n)
{
    return n >= 3 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6' &&
           (d[2] == ' ' || d[2] == '\t' || d[2] == '\n' || d[2] == '\r' || d[2] == '\v' || d[2] == '\f' ||
            d[2] == '#');
}

static bool pnm_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* Skips whitespace and '#' comments (to the end of the line). */
static void pnm_skip(const uint8_t *d, size_t n, size_t *i)
{
    while (*i < n) {
        if (pnm_space(d[*i])) {
            (*i)++;
        } else if (d[*i] == '#') {
            while (*i < n && d[*i] != '\n' && d[*i] != '\r')
                (*i)++;
        } else {
            break;
        }
    }
}

/* Reads one decimal number (at most `max`) after whitespace/comments. */
static bool pnm_number(img_result *r, const uint8_t *d, size_t n, size_t *i, uint32_t max, const char *what,
                       uint32_t *out)
{
    pnm_skip(d, n, i);
    if (*i >= n || d[*i] < '0' || d[*i] > '9')
        return img_fail(r, "%s: expected a decimal number at byte %zu", what, *i);
    uint64_t v = 0;
    while (*i < n && d[*i] >= '0' && d[*i] <= '9') {
        v = v * 10u + (uint64_t)(d[*i] - '0');
        if (v > max)
            return img_fail(r, "%s exceeds %u", what, max);
        (*i)++;
    }
    *out = (uint32_t)v;
    return true;
}

static bool pnm_decode(const uint8_t *d, size_t n, img_result *r)
{
    int kind = d[1] - '0';
    bool bitmap = kind == 1 || kind == 4, rgb = kind == 3 || kind == 6, raw = kind >= 4;
    size_t i = 2;
    uint32_t w, h, maxval = 1;
    if (!pnm_number(r, d, n, &i, UINT32_MAX, "the width", &w) ||
        !pnm_number(r, d, n, &i, UINT32_MAX, "the height", &h))
        return false;
    if (!bitmap && !pnm_number(r, d, n, &i, 65535, "maxval", &maxval))
        return false;
    if (maxval == 0)
        return img_fail(r, "maxval is 0 (1..65535 expected)");
    if (!img_check_dims(r, w, h))
        return false;
    uint32_t chans = rgb ? 3u : 1u;
    uint64_t samples = (uint64_t)w * h * chans;
    uint32_t bytes_per = maxval > 255 ? 2u : 1u;
    if (raw) { /* exactly one whitespace byte ends the header */
        if (i >= n || !pnm_space(d[i]))
            return img_fail(r, "no whitespace after the P%d header", kind);
        i++;
        uint64_t need = bitmap ? (uint64_t)(w + 7u) / 8u * h : samples * bytes_per;
        if (need > n - i)
            return img_fail(r, "the raw pixel data is truncated: %llu bytes needed, %zu present",
                            (unsigned long long)need, n - i);
    } else if (samples > n - i) { /* a plain sample takes at least one byte */
        return img_fail(r, "the plain pixel data is truncated: %llu samples needed, %zu bytes present",
                        (unsigned long long)samples, n - i);
    }
    if (!img_alloc_rgb(r, w, h))
        return false;
    uint8_t *o = r->rgb;
    for (uint64_t y = 0; y < h; y++) {
        for (uint64_t x = 0; x < w; x++) {
            uint8_t px[3];
            for (uint32_t c = 0; c < chans; c++) {
                uint32_t v;
                if (bitmap && raw) {
                    v = (d[i + y * ((w + 7u) / 8u) + x / 8] >> (7u - x % 8u)) & 1u;
                } else if (bitmap) { /* plain bitmap: digits may run together */
                    pnm_skip(d, n, &i);
                    if (i >= n || (d[i] != '0' && d[i] != '1')) {
                        img_result_release(r);
                        return img_fail(r, "pixel (%llu, %llu): expected 0 or 1 at byte %zu", (unsigned long long)y,
                                        (unsigned long long)x, i);
                    }
                    v = (uint32_t)(d[i++] - '0');
                } else if (raw) {
                    v = bytes_per == 2 ? (uint32_t)d[i] << 8 | d[i + 1] : d[i];
                    i += bytes_per;
                } else {
                    pnm_skip(d, n, &i);
                    if (i >= n) {
                        img_result_release(r);
                        return img_fail(r, "the plain pixel data is truncated: it ends at pixel (%llu, %llu)",
                                        (unsigned long long)y, (unsigned long long)x);
                    }
                    if (!pnm_number(r, d, n, &i, 65535, "a sample", &v)) {
                        img_result_release(r);
                        return false;
                    }
                }
                if (bitmap) {
                    px[c] = v ? 0 : 255; /* 1 is black */
                } else {
                    if (v > maxval) {
                        img_result_release(r);
                        return img_fail(r, "pixel (%llu, %llu): sample %u exceeds maxval %u", (unsigned long long)y,
                                        (unsigned long long)x, v, maxval);
                    }
                    px[c] = (uint8_t)(maxval == 255 ? v : (v * 255u + maxval / 2u) / maxval);
                }
            }
            if (chans == 1)
                px[1] = px[2] = px[0];
            memcpy(o, px, 3);
            o += 3;
        }
    }
    return true;
}

const img_format img_format_pnm = {"PNM", pnm_sniff, pnm_decode};

/* BMP (Windows / OS/2 bitmap): 1/2/4/8-bit palette, 16/24/32-bit direct colour (BI_RGB and
 * BI_BITFIELDS masks), RLE8 and RLE4, bottom-up and top-down rows. Decoded here: the format is
 * small and fully specified by its headers. */
#include "ops/image/image_codec.h"

#include "base/alloc.h"

#include <string.h>

enum { BMP_RGB = 0, BMP_RLE8 = 1, BMP_RLE4 = 2, BMP_BITFIELDS = 3, BMP_ALPHABITFIELDS = 6 };

static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool bmp_sniff(const uint8_t *d, size_t n) { return n >= 2 && d[0] == 'B' && d[1] == 'M'; }

/* One channel of a BI_BITFIELDS mask: the sample is (v & mask) >> shift, scaled from
 * [0, max] to [0, 255] by truncating division (as Pillow unpacks 15/16-bit BMPs). */
typedef struct bmp_field {
    uint32_t mask, shift, max;
} bmp_field;

static bool bmp_field_make(img_result *r, uint32_t mask, const char *which, bmp_field *f)
{
    f->mask = mask;
    f->shift = 0;
    f->max = 0;
    if (!mask)
        return true;
    while (!((mask >> f->shift) & 1u))
        f->shift++;
    uint32_t m = mask >> f->shift;
    if (m & (m + 1u)) /* not one contiguous run of bits */
        return img_fail(r, "the %s bit mask 0x%08x is not contiguous", which, mask);
    f->max = m;
    return true;
}

static uint8_t bmp_field_get(const bmp_field *f, uint32_t v)
{
    if (!f->max)
        return 0;
    return (uint8_t)((uint64_t)((v & f->mask) >> f->shift) * 255u / f->max);
}

/* RLE8 / RLE4 into an index image (top row first), unwritten pixels staying index 0. */
static bool bmp_rle(img_result *r, const uint8_t *p, size_t n, bool rle4, uint32_t w, uint32_t h,
                    uint8_t *idx)
{
    size_t i = 0;
    uint64_t x = 0, y = 0; /* y counts rows from the bottom */
    while (y < h) {
        if (i + 2 > n)
            return img_fail(r, "the RLE%d pixel data ends without an end-of-bitmap code", rle4 ? 4 : 8);
        uint32_t a = p[i], b = p[i + 1];
        i += 2;
        if (a) { /* a pixels of b (RLE4: alternating high and low nibble) */
            for (uint32_t k = 0; k < a && x < w; k++, x++)
                idx[(size_t)(h - 1 - y) * w + x] = rle4 ? (uint8_t)((k & 1u) ? (b & 15u) : (b >> 4)) : (uint8_t)b;
            continue;
        }
        if (b == 0) { /* end of line */
            x = 0;
            y++;
        } else if (b == 1) { /* end of bitmap */
            break;
        } else if (b == 2) { /* delta */
            if (i + 2 > n)
                return img_fail(r, "the RLE delta code is truncated");
            x += p[i];
            y += p[i + 1];
            i += 2;
        } else { /* absolute run of b pixels, padded to a 16-bit boundary */
            size_t bytes = rle4 ? (b + 1u) / 2u : b;
            if (i + bytes > n)
                return img_fail(r, "an RLE absolute run of %u pixels is truncated", b);
            for (uint32_t k = 0; k < b; k++, x++) {
                uint8_t v = rle4 ? (uint8_t)((k & 1u) ? (p[i + k / 2] & 15u) : (p[i + k / 2] >> 4)) : p[i + k];
                if (x < w && y < h)
                    idx[(size_t)(h - 1 - y) * w + x] = v;
            }
            i += bytes + (bytes & 1u);
        }
    }
    return true;
}

static bool bmp_decode(const uint8_t *d, size_t n, img_result *r)
{
    if (n < 18)
        return img_fail(r, "the file is %zu bytes, shorter than the BMP headers", n);
    uint32_t offset = rd32(d + 10), hsize = rd32(d + 14);
    /* core, OS/2 2.x (16 or 64), BITMAPINFOHEADER and its V2 / V3 / V4 / V5 extensions */
    if (hsize != 12 && hsize != 16 && hsize != 40 && hsize != 52 && hsize != 56 && hsize != 64 && hsize != 108 &&
        hsize != 124)
        return img_fail(r, "unknown BMP info header size %u", hsize);
    if (14u + (uint64_t)hsize > n)
        return img_fail(r, "the %u-byte info header is truncated (file is %zu bytes)", hsize, n);
    const uint8_t *h = d + 14;
    int64_t width, height;
    uint32_t bpp, comp = BMP_RGB, colors = 0, pal_entry = 4;
    uint32_t masks[3] = {0, 0, 0};
    bool have_masks = false;
    size_t pal_off = 14u + hsize;
    if (hsize == 12) { /* BITMAPCOREHEADER */
        width = rd16(h + 4);
        height = rd16(h + 6);
        bpp = rd16(h + 10);
        pal_entry = 3;
    } else {
        width = (int32_t)rd32(h + 4);
        height = (int32_t)rd32(h + 8);
        bpp = rd16(h + 14);
        if (hsize >= 20)
            comp = rd32(h + 16);
        if (hsize >= 36)
            colors = rd32(h + 32);
        if (comp == BMP_BITFIELDS || comp == BMP_ALPHABITFIELDS) {
            const uint8_t *m = NULL;
            if (hsize >= 52) {
                m = h + 40;
            } else if (hsize == 40) { /* the masks follow the header */
                size_t extra = comp == BMP_ALPHABITFIELDS ? 16u : 12u;
                if (pal_off + extra > n)
                    return img_fail(r, "the BI_BITFIELDS masks are truncated");
                m = d + pal_off;
                pal_off += extra;
            } else {
                return img_fail(r, "BI_BITFIELDS with a %u-byte info header has no masks", hsize);
            }
            masks[0] = rd32(m);
            masks[1] = rd32(m + 4);
            masks[2] = rd32(m + 8);
            have_masks = true;
        }
    }
    bool top_down = height < 0;
    if (top_down)
        height = -height; /* height came from an int32, so this cannot overflow int64 */
    if (width <= 0 || height <= 0)
        return img_fail(r, "invalid BMP size %lld x %lld", (long long)width, (long long)(top_down ? -height : height));
    if (!img_check_dims(r, (uint64_t)width, (uint64_t)height))
        return false;
    uint32_t w = (uint32_t)width, hgt = (uint32_t)height;

    bool palette = bpp == 1 || bpp == 2 || bpp == 4 || bpp == 8;
    switch (comp) {
    case BMP_RGB:
        if (!palette && bpp != 16 && bpp != 24 && bpp != 32)
            return img_fail(r, "unsupported BMP bit depth %u", bpp);
        break;
    case BMP_RLE8:
    case BMP_RLE4:
        if (bpp != (comp == BMP_RLE8 ? 8u : 4u))
            return img_fail(r, "RLE%d compression with bit depth %u", comp == BMP_RLE8 ? 8 : 4, bpp);
        if (top_down)
            return img_fail(r, "RLE-compressed BMPs cannot be top-down");
        break;
    case BMP_BITFIELDS:
    case BMP_ALPHABITFIELDS:
        if (bpp != 16 && bpp != 32)
            return img_fail(r, "BI_BITFIELDS with bit depth %u (16 or 32 expected)", bpp);
        break;
    default:
        return img_fail(r, "unsupported BMP compression %u (BI_RGB, BI_RLE8, BI_RLE4 and BI_BITFIELDS "
                        "are supported)", comp);
    }

    uint8_t pal[256][3];
    memset(pal, 0, sizeof pal);
    if (palette) {
        uint32_t max_colors = 1u << bpp;
        uint32_t count = colors ? colors : max_colors;
        if (count > max_colors)
            count = max_colors;
        if (pal_off + (uint64_t)count * pal_entry > n)
            return img_fail(r, "the %u-entry palette is truncated", count);
        for (uint32_t c = 0; c < count; c++) {
            const uint8_t *e = d + pal_off + (size_t)c * pal_entry;
            pal[c][0] = e[2];
            pal[c][1] = e[1];
            pal[c][2] = e[0];
        }
    }
    if (offset >= n)
        return img_fail(r, "the pixel data offset %u is past the end of the %zu-byte file", offset, n);

    bmp_field fields[3];
    if (bpp == 16 || bpp == 32) {
        if (!have_masks) {
            masks[0] = bpp == 16 ? 0x7C00u : 0xFF0000u;
            masks[1] = bpp == 16 ? 0x03E0u : 0x00FF00u;
            masks[2] = bpp == 16 ? 0x001Fu : 0x0000FFu;
        }
        static const char *const names[3] = {"red", "green", "blue"};
        for (int c = 0; c < 3; c++)
            if (!bmp_field_make(r, masks[c], names[c], &fields[c]))
                return false;
    }

    if (!img_alloc_rgb(r, w, hgt))
        return false;
    uint8_t *out = r->rgb;
    if (comp == BMP_RLE8 || comp == BMP_RLE4) {
        uint8_t *idx = ge_calloc((size_t)w * hgt, 1);
        if (!idx) {
            img_result_release(r);
            return img_fail(r, "out of memory for a %u x %u index image", w, hgt);
        }
        bool ok = bmp_rle(r, d + offset, n - offset, comp == BMP_RLE4, w, hgt, idx);
        if (ok)
            for (size_t i = 0; i < (size_t)w * hgt; i++)
                memcpy(out + i * 3, pal[idx[i]], 3);
        ge_free(idx);
        if (!ok)
            img_result_release(r);
        return ok;
    }

    uint64_t stride = ((uint64_t)w * bpp + 31u) / 32u * 4u;
    if ((uint64_t)offset + stride * hgt > n) {
        img_result_release(r);
        return img_fail(r, "the pixel data is truncated: %llu bytes needed at offset %u, the file has %zu",
                        (unsigned long long)(stride * hgt), offset, n);
    }
    for (uint32_t y = 0; y < hgt; y++) {
        const uint8_t *row = d + offset + (size_t)(top_down ? y : hgt - 1 - y) * stride;
        uint8_t *o = out + (size_t)y * w * 3;
        for (uint32_t x = 0; x < w; x++, o += 3) {
            if (palette) {
                uint32_t bit = x * bpp;
                uint32_t v = (row[bit / 8] >> (8u - bpp - bit % 8)) & ((1u << bpp) - 1u);
                memcpy(o, pal[v], 3);
            } else if (bpp == 24) {
                o[0] = row[x * 3 + 2];
                o[1] = row[x * 3 + 1];
                o[2] = row[x * 3];
            } else {
                uint32_t v = bpp == 16 ? rd16(row + x * 2) : rd32(row + x * 4);
                for (int c = 0; c < 3; c++)
                    o[c] = bmp_field_get(&fields[c], v);
            }
        }
    }
    return true;
}

const img_format img_format_bmp = {"BMP", bmp_sniff, bmp_decode};

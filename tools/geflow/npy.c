#include "npy.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPY_MAX_RANK 12

static int fail(char *err, size_t n, const char *fmt, const char *a, const char *b)
{
    snprintf(err, n, fmt, a ? a : "", b ? b : "");
    return 1;
}

static const struct {
    const char *descr; /* without the byte-order character */
    ge_dtype dtype;
} npy_types[] = {
    {"f4", GE_DTYPE_FLOAT32}, {"f2", GE_DTYPE_FLOAT16}, {"f8", GE_DTYPE_FLOAT64},
    {"i1", GE_DTYPE_INT8},    {"i2", GE_DTYPE_INT16},   {"i4", GE_DTYPE_INT32},
    {"i8", GE_DTYPE_INT64},   {"u1", GE_DTYPE_UINT8},   {"u2", GE_DTYPE_UINT16},
    {"u4", GE_DTYPE_UINT32},  {"u8", GE_DTYPE_UINT64},  {"b1", GE_DTYPE_BOOL},
};

/* Finds the value text after 'key': in a header dict; returns a pointer past the colon. */
static const char *dict_value(const char *h, const char *key)
{
    char pat[32];
    for (const char *q = "'\""; *q; q++) {
        snprintf(pat, sizeof pat, "%c%s%c", *q, key, *q);
        const char *p = strstr(h, pat);
        if (p) {
            p += strlen(pat);
            while (*p == ' ')
                p++;
            if (*p != ':')
                return NULL;
            p++;
            while (*p == ' ')
                p++;
            return p;
        }
    }
    return NULL;
}

int npy_read_memory(const void *data, size_t size, ge_tensor **out_tensor, char *err, size_t en)
{
    const unsigned char *b = data;
    *out_tensor = NULL;
    if (size < 10 || memcmp(b, "\x93NUMPY", 6) != 0)
        return fail(err, en, "not a .npy file (no \\x93NUMPY magic)%s%s", NULL, NULL);
    unsigned major = b[6];
    size_t hlen, hoff;
    if (major == 1) {
        hlen = (size_t)b[8] | (size_t)b[9] << 8;
        hoff = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12)
            return fail(err, en, "truncated .npy header%s%s", NULL, NULL);
        hlen = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
        hoff = 12;
    } else {
        char v[16];
        snprintf(v, sizeof v, "%u", major);
        return fail(err, en, ".npy format version %s is not supported (1, 2, 3 are)%s", v, NULL);
    }
    if (hlen > size - hoff)
        return fail(err, en, "truncated .npy header%s%s", NULL, NULL);
    char *h = malloc(hlen + 1);
    if (!h)
        return fail(err, en, "out of memory%s%s", NULL, NULL);
    memcpy(h, b + hoff, hlen);
    h[hlen] = '\0';

    int rc = 1;
    const char *d = dict_value(h, "descr"), *fo = dict_value(h, "fortran_order"), *sh = dict_value(h, "shape");
    if (!d || !fo || !sh) {
        fail(err, en, ".npy header lacks descr, fortran_order or shape: %s%s", h, NULL);
        goto out;
    }
    if (strncmp(fo, "False", 5) != 0) {
        fail(err, en, "Fortran-order .npy arrays are not supported (save with C order)%s%s", NULL, NULL);
        goto out;
    }
    char q = *d++;
    if (q != '\'' && q != '"') {
        fail(err, en, "unsupported .npy descr (a structured dtype?): %s%s", h, NULL);
        goto out;
    }
    char descr[16] = {0};
    size_t dl = 0;
    while (*d && *d != q && dl < sizeof descr - 1)
        descr[dl++] = *d++;
    const char *code = descr;
    if (*code == '>' && strcmp(code + 1, "i1") != 0 && strcmp(code + 1, "u1") != 0 && strcmp(code + 1, "b1") != 0) {
        fail(err, en, "big-endian .npy data (descr '%s') is not supported; save it little-endian%s", descr, NULL);
        goto out;
    }
    if (*code == '<' || *code == '|' || *code == '=' || *code == '>')
        code++;
    ge_dtype dt = GE_DTYPE_UNDEFINED;
    for (size_t i = 0; i < sizeof npy_types / sizeof npy_types[0]; i++)
        if (strcmp(code, npy_types[i].descr) == 0 || (strcmp(code, "?") == 0 && npy_types[i].dtype == GE_DTYPE_BOOL))
            dt = npy_types[i].dtype;
    if (dt == GE_DTYPE_UNDEFINED) {
        fail(err, en, ".npy dtype '%s' has no geflow dtype%s", descr, NULL);
        goto out;
    }
    int64_t dims[NPY_MAX_RANK];
    size_t rank = 0;
    if (*sh != '(') {
        fail(err, en, "bad .npy shape in header: %s%s", h, NULL);
        goto out;
    }
    sh++;
    for (;;) {
        while (*sh == ' ' || *sh == ',')
            sh++;
        if (*sh == ')')
            break;
        if (!isdigit((unsigned char)*sh) || rank == NPY_MAX_RANK) {
            fail(err, en, "bad .npy shape (or rank above 12) in header: %s%s", h, NULL);
            goto out;
        }
        char *end;
        errno = 0;
        long long v = strtoll(sh, &end, 10);
        if (errno || v < 0) {
            fail(err, en, "bad .npy dim in header: %s%s", h, NULL);
            goto out;
        }
        dims[rank++] = v;
        sh = end;
        while (*sh == 'L')
            sh++;
    }
    ge_tensor *t = NULL;
    if (ge_tensor_create(dt, dims, rank, GE_PLACEMENT_HOST, &t) != GE_STATUS_SUCCESS) {
        fail(err, en, "%s%s", ge_get_error_message(), NULL);
        goto out;
    }
    size_t bytes = ge_tensor_get_byte_size(t);
    if (size - hoff - hlen < bytes) {
        char want[64];
        snprintf(want, sizeof want, "%zu bytes, found %zu", bytes, size - hoff - hlen);
        ge_tensor_destroy(t);
        fail(err, en, "truncated .npy data: the header's shape needs %s%s", want, NULL);
        goto out;
    }
    if (bytes)
        memcpy(ge_tensor_get_data(t), b + hoff + hlen, bytes);
    *out_tensor = t;
    rc = 0;
out:
    free(h);
    return rc;
}

int npy_read_file(const char *path, ge_tensor **out_tensor, char *err, size_t en)
{
    *out_tensor = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, en, "cannot open %s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return fail(err, en, "cannot read %s%s", path, NULL);
    }
    long sz = ftell(f);
    rewind(f);
    unsigned char *buf = sz > 0 ? malloc((size_t)sz) : NULL;
    if (sz <= 0 || !buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        free(buf);
        fclose(f);
        return fail(err, en, "cannot read %s%s", path, NULL);
    }
    fclose(f);
    char inner[768];
    int rc = npy_read_memory(buf, (size_t)sz, out_tensor, inner, sizeof inner);
    free(buf);
    if (rc)
        snprintf(err, en, "%s: %s", path, inner);
    return rc;
}

int npy_write_file(const char *path, const ge_tensor *t, char *err, size_t en)
{
    ge_dtype dt = ge_tensor_get_dtype(t);
    const char *descr = NULL;
    for (size_t i = 0; i < sizeof npy_types / sizeof npy_types[0]; i++)
        if (npy_types[i].dtype == dt)
            descr = npy_types[i].descr;
    int bf16 = dt == GE_DTYPE_BFLOAT16;
    if (bf16)
        descr = "f4";
    if (!descr)
        return fail(err, en, "%s: dtype %s cannot be written as .npy", path, ge_dtype_get_name(dt));
    char hdr[512];
    int n = snprintf(hdr, sizeof hdr, "{'descr': '%c%s', 'fortran_order': False, 'shape': (",
                     descr[1] == '1' ? '|' : '<', descr);
    size_t rank = ge_tensor_get_rank(t);
    const int64_t *dims = ge_tensor_get_dims(t);
    for (size_t i = 0; i < rank; i++)
        n += snprintf(hdr + n, sizeof hdr - (size_t)n, "%lld%s", (long long)dims[i],
                      rank == 1 ? "," : (i + 1 < rank ? ", " : ""));
    n += snprintf(hdr + n, sizeof hdr - (size_t)n, "), }");
    /* Pad with spaces and a newline so the data starts at a multiple of 64. */
    size_t pre = 10, total = pre + (size_t)n + 1;
    size_t padded = (total + 63) / 64 * 64;
    int v2 = padded - pre > 65535;
    if (v2) {
        pre = 12;
        padded = (pre + (size_t)n + 1 + 63) / 64 * 64;
    }
    size_t hlen = padded - pre;
    FILE *f = fopen(path, "wb");
    if (!f)
        return fail(err, en, "cannot write %s: %s", path, strerror(errno));
    unsigned char magic[12] = {0x93, 'N', 'U', 'M', 'P', 'Y', (unsigned char)(v2 ? 2 : 1), 0,
                               (unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8 & 0xff),
                               (unsigned char)(hlen >> 16 & 0xff), (unsigned char)(hlen >> 24 & 0xff)};
    int ok = fwrite(magic, 1, pre, f) == pre && fwrite(hdr, 1, (size_t)n, f) == (size_t)n;
    for (size_t i = (size_t)n; ok && i + 1 < hlen; i++)
        ok = fputc(' ', f) != EOF;
    ok = ok && fputc('\n', f) != EOF;
    const void *data = ge_tensor_get_data(t);
    size_t bytes = ge_tensor_get_byte_size(t);
    if (ok && bf16) {
        const uint16_t *src = data;
        for (size_t i = 0; ok && i < bytes / 2; i++) {
            uint32_t u = (uint32_t)src[i] << 16;
            ok = fwrite(&u, 4, 1, f) == 1;
        }
    } else if (ok && bytes) {
        ok = fwrite(data, 1, bytes, f) == bytes;
    }
    if (fclose(f) != 0)
        ok = 0;
    if (!ok)
        return fail(err, en, "cannot write %s: %s", path, strerror(errno));
    return 0;
}

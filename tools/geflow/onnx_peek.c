#include "onnx_peek.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pb {
    const uint8_t *p, *end;
} pb;

static bool varint(pb *b, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && b->p < b->end; shift += 7) {
        uint8_t c = *b->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* Next field: number, wire type; for wire type 2 `sub` is the payload; for 0 `*val` the value. */
static bool field(pb *b, uint32_t *num, int *wt, pb *sub, uint64_t *val)
{
    uint64_t key;
    if (b->p >= b->end || !varint(b, &key))
        return false;
    *num = (uint32_t)(key >> 3);
    *wt = (int)(key & 7);
    switch (*wt) {
    case 0:
        return varint(b, val);
    case 1:
        if (b->end - b->p < 8)
            return false;
        b->p += 8;
        return true;
    case 5:
        if (b->end - b->p < 4)
            return false;
        b->p += 4;
        return true;
    case 2: {
        uint64_t len;
        if (!varint(b, &len) || len > (uint64_t)(b->end - b->p))
            return false;
        sub->p = b->p;
        sub->end = b->p + len;
        b->p += len;
        return true;
    }
    default:
        return false;
    }
}

static void copy_str(char *dst, size_t cap, const pb *s)
{
    size_t n = (size_t)(s->end - s->p);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s->p, n);
    dst[n] = '\0';
}

/* TypeProto: kind and innermost tensor elem_type (depth-limited). */
static void type_proto(pb t, int *kind, int *elem, int depth)
{
    uint32_t num;
    int wt;
    pb sub;
    uint64_t v;
    while (field(&t, &num, &wt, &sub, &v)) {
        if (wt != 2)
            continue;
        if (num == 1 || num == 8) { /* Tensor / SparseTensor: elem_type = 1 */
            if (!*kind)
                *kind = (int)num;
            pb s = sub;
            uint32_t n2;
            int w2;
            pb s2;
            uint64_t v2;
            while (field(&s, &n2, &w2, &s2, &v2))
                if (n2 == 1 && w2 == 0)
                    *elem = (int)v2;
        } else if (num == 4 || num == 9 || num == 5) { /* Sequence / Optional: elem_type = 1 (TypeProto); Map: value_type = 2 */
            if (!*kind)
                *kind = (int)num;
            if (depth > 8)
                continue;
            pb s = sub;
            uint32_t n2;
            int w2;
            pb s2;
            uint64_t v2;
            while (field(&s, &n2, &w2, &s2, &v2))
                if (w2 == 2 && ((num != 5 && n2 == 1) || (num == 5 && n2 == 2)))
                    type_proto(s2, kind, elem, depth + 1);
        }
    }
}

static void value_info(pb v, peek_io *io)
{
    uint32_t num;
    int wt;
    pb sub;
    uint64_t x;
    memset(io, 0, sizeof *io);
    while (field(&v, &num, &wt, &sub, &x)) {
        if (num == 1 && wt == 2)
            copy_str(io->name, sizeof io->name, &sub);
        else if (num == 2 && wt == 2)
            type_proto(sub, &io->kind, &io->elem_type, 0);
    }
}

static void graph_proto(pb g, onnx_peek *out)
{
    uint32_t num;
    int wt;
    pb sub;
    uint64_t v;
    while (field(&g, &num, &wt, &sub, &v)) {
        if (wt != 2)
            continue;
        if (num == 1) {
            size_t k = out->n_nodes++;
            if (k >= PEEK_MAX_NODES)
                continue;
            out->op_type[k][0] = out->domain[k][0] = '\0';
            pb n = sub;
            uint32_t n2;
            int w2;
            pb s2;
            uint64_t v2;
            while (field(&n, &n2, &w2, &s2, &v2)) {
                if (n2 == 4 && w2 == 2)
                    copy_str(out->op_type[k], sizeof out->op_type[k], &s2);
                else if (n2 == 7 && w2 == 2)
                    copy_str(out->domain[k], sizeof out->domain[k], &s2);
            }
        } else if (num == 5) {
            pb t = sub;
            uint32_t n2;
            int w2;
            pb s2;
            uint64_t v2;
            while (field(&t, &n2, &w2, &s2, &v2))
                if (n2 == 2 && w2 == 0 && v2 < 64)
                    out->init_elem_types |= 1ull << v2;
        } else if (num == 11 && out->n_inputs < PEEK_MAX_IO) {
            value_info(sub, &out->inputs[out->n_inputs++]);
        } else if (num == 12 && out->n_outputs < PEEK_MAX_IO) {
            value_info(sub, &out->outputs[out->n_outputs++]);
        }
    }
}

bool onnx_peek_file(const char *path, onnx_peek *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return false;
    }
    long sz = ftell(f);
    rewind(f);
    if (sz <= 0 || sz > (1L << 30)) {
        fclose(f);
        return false;
    }
    uint8_t *buf = malloc((size_t)sz);
    if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        free(buf);
        fclose(f);
        return false;
    }
    fclose(f);
    pb m = {buf, buf + sz};
    uint32_t num;
    int wt;
    pb sub;
    uint64_t v;
    bool any = false;
    while (field(&m, &num, &wt, &sub, &v)) {
        any = true;
        if (num == 7 && wt == 2)
            graph_proto(sub, out);
    }
    free(buf);
    out->ok = any;
    return any;
}

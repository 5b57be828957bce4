/* protobuf-c glue, the wire-format pre-check, file I/O, the dtype table and the arena. */
#include "onnx/onnx_internal.h"

#include "base/alloc.h"
#include "base/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- allocator ---- */

static void *pb_alloc(void *data, size_t size)
{
    void *p = ge_malloc(size ? size : 1);
    if (!p)
        ((onnx_pb_alloc *)data)->failed = true;
    return p;
}

static void pb_free(void *data, void *ptr)
{
    (void)data;
    ge_free(ptr);
}

void onnx_pb_alloc_init(onnx_pb_alloc *a)
{
    a->base.alloc = pb_alloc;
    a->base.free = pb_free;
    a->base.allocator_data = a;
    a->failed = false;
}

/* ---- wire check ---- */

typedef struct wire_walk {
    const uint8_t *start;
    const char *what;
    char path[512]; /* "ModelProto.graph.node..." of the message being walked */
} wire_walk;

static bool read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
        if (*p >= end)
            return false;
        uint8_t b = *(*p)++;
        if (shift == 63 && (b & 0x7e))
            return false; /* more than 64 bits */
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

static const char *wire_type_name(unsigned wt)
{
    static const char *const names[] = {"varint", "64-bit", "length-delimited", "group start",
                                        "group end", "32-bit", "invalid (6)", "invalid (7)"};
    return names[wt & 7];
}

/* The wire type a field's values use (packed repeated scalars may also be length-delimited). */
static unsigned field_wire_type(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_BOOL: case PROTOBUF_C_TYPE_ENUM:
        return 0;
    case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_DOUBLE:
        return 1;
    case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_FLOAT:
        return 5;
    default:
        return 2;
    }
}

static ge_status wire_fail(const wire_walk *w, const uint8_t *at, const char *fmt, const char *a,
                           const char *b)
{
    char detail[256];
    snprintf(detail, sizeof detail, fmt, a, b);
    ge_error_set("%s: malformed protobuf data in %s at byte %zu: %s", w->what, w->path,
                 (size_t)(at - w->start), detail);
    return GE_STATUS_PARAM_INVALID;
}

static ge_status walk_message(wire_walk *w, const uint8_t *p, const uint8_t *end,
                              const ProtobufCMessageDescriptor *d, int depth)
{
    while (p < end) {
        const uint8_t *field_start = p;
        uint64_t tag;
        if (!read_varint(&p, end, &tag))
            return wire_fail(w, field_start, "truncated field tag%s%s", "", "");
        unsigned wt = (unsigned)(tag & 7);
        uint64_t number = tag >> 3;
        if (number == 0 || number > 536870911u)
            return wire_fail(w, field_start, "invalid field number%s%s", "", "");
        const ProtobufCFieldDescriptor *f =
            d ? protobuf_c_message_descriptor_get_field(d, (unsigned)number) : NULL;
        if (f) {
            unsigned want = field_wire_type(f);
            bool ok = wt == want || (wt == 2 && f->label == PROTOBUF_C_LABEL_REPEATED);
            if (!ok) {
                char fname[160];
                snprintf(fname, sizeof fname, "field '%s' (number %u)", f->name, f->id);
                return wire_fail(w, field_start, "%s has wire type %s", fname, wire_type_name(wt));
            }
        }
        uint64_t v;
        switch (wt) {
        case 0:
            if (!read_varint(&p, end, &v))
                return wire_fail(w, field_start, "truncated varint%s%s", "", "");
            break;
        case 1:
            if ((size_t)(end - p) < 8)
                return wire_fail(w, field_start, "truncated 64-bit value%s%s", "", "");
            p += 8;
            break;
        case 5:
            if ((size_t)(end - p) < 4)
                return wire_fail(w, field_start, "truncated 32-bit value%s%s", "", "");
            p += 4;
            break;
        case 2: {
            if (!read_varint(&p, end, &v))
                return wire_fail(w, field_start, "truncated length%s%s", "", "");
            if (v > (uint64_t)(end - p)) {
                char got[64];
                snprintf(got, sizeof got, "%llu", (unsigned long long)v);
                return wire_fail(w, field_start, "a length of %s bytes runs past the end%s", got, "");
            }
            if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
                if (depth + 1 > ONNX_WIRE_MAX_DEPTH)
                    return wire_fail(w, field_start,
                                     "messages nested deeper than the limit (%s levels)%s", "240", "");
                size_t len = strlen(w->path);
                size_t add = strlen(f->name) + 1;
                if (len + add < sizeof w->path - 4) {
                    w->path[len] = '.';
                    memcpy(w->path + len + 1, f->name, add);
                } else if (len + 4 < sizeof w->path) {
                    memcpy(w->path + len, "...", 4);
                }
                ge_status st = walk_message(w, p, p + v, f->descriptor, depth + 1);
                if (st != GE_STATUS_SUCCESS)
                    return st;
                w->path[len] = '\0';
            }
            p += v;
            break;
        }
        default:
            return wire_fail(w, field_start, "unsupported wire type %s%s", wire_type_name(wt), "");
        }
    }
    return GE_STATUS_SUCCESS;
}

ge_status onnx_wire_check(const void *data, size_t size, const ProtobufCMessageDescriptor *desc,
                          const char *what)
{
    if (size > ONNX_MAX_MESSAGE_BYTES) {
        ge_error_set("%s: %zu bytes exceed the protobuf limit of 2 GiB for one message (keep large "
                     "weights as external data)",
                     what, size);
        return GE_STATUS_PARAM_INVALID;
    }
    wire_walk w;
    w.start = data;
    w.what = what;
    snprintf(w.path, sizeof w.path, "%s", desc->short_name);
    return walk_message(&w, data, (const uint8_t *)data + size, desc, 1);
}

ProtobufCMessage *onnx_unpack(const ProtobufCMessageDescriptor *desc, const void *data, size_t size,
                              const char *what, ge_status *out_status)
{
    ge_status st = onnx_wire_check(data, size, desc, what);
    if (st != GE_STATUS_SUCCESS) {
        *out_status = st;
        return NULL;
    }
    onnx_pb_alloc *a = ge_malloc(sizeof *a);
    if (!a) {
        ge_error_set("%s: out of memory parsing", what);
        *out_status = GE_STATUS_MEMALLOC_FAILED;
        return NULL;
    }
    onnx_pb_alloc_init(a);
    ProtobufCMessage *m = protobuf_c_message_unpack(desc, &a->base, size, data);
    if (!m) {
        if (a->failed) {
            ge_error_set("%s: out of memory parsing %zu bytes", what, size);
            *out_status = GE_STATUS_MEMALLOC_FAILED;
        } else {
            ge_error_set("%s: malformed protobuf data: not a valid %s message", what, desc->short_name);
            *out_status = GE_STATUS_PARAM_INVALID;
        }
        ge_free(a);
        return NULL;
    }
    /* The message keeps no pointer to the allocator, so one made for this call is freed
     * with the message by onnx_free_unpacked (which uses a fresh one: free needs no state). */
    ge_free(a);
    *out_status = GE_STATUS_SUCCESS;
    return m;
}

void onnx_free_unpacked(ProtobufCMessage *m)
{
    if (!m)
        return;
    onnx_pb_alloc a;
    onnx_pb_alloc_init(&a);
    protobuf_c_message_free_unpacked(m, &a.base);
}

/* ---- files ---- */

ge_status onnx_read_file(const char *path, size_t limit, const char *what, void **out_data,
                         size_t *out_size)
{
    *out_data = NULL;
    *out_size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ge_error_set("%s '%s': cannot open: %s", what, path, strerror(errno));
        return GE_STATUS_FAILED;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        ge_error_set("%s '%s': not a regular file", what, path);
        close(fd);
        return GE_STATUS_FAILED;
    }
    if ((uint64_t)sb.st_size > (uint64_t)limit) {
        ge_error_set("%s '%s': %lld bytes exceed the limit of %zu bytes", what, path,
                     (long long)sb.st_size, limit);
        close(fd);
        return GE_STATUS_PARAM_INVALID;
    }
    size_t size = (size_t)sb.st_size;
    char *buf = ge_malloc(size ? size : 1);
    if (!buf) {
        ge_error_set("%s '%s': out of memory reading %zu bytes", what, path, size);
        close(fd);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            ge_error_set("%s '%s': read failed after %zu of %zu bytes%s%s", what, path, got, size,
                         r < 0 ? ": " : " (the file shrank)", r < 0 ? strerror(errno) : "");
            ge_free(buf);
            close(fd);
            return GE_STATUS_FAILED;
        }
        got += (size_t)r;
    }
    close(fd);
    *out_data = buf;
    *out_size = size;
    return GE_STATUS_SUCCESS;
}

ge_status onnx_write_file(const char *path, const void *data, size_t size, const char *what)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        ge_error_set("%s '%s': cannot create: %s", what, path, strerror(errno));
        return GE_STATUS_FAILED;
    }
    bool ok = fwrite(data, 1, size, f) == size;
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        ge_error_set("%s '%s': writing %zu bytes failed: %s", what, path, size, strerror(errno));
        return GE_STATUS_FAILED;
    }
    return GE_STATUS_SUCCESS;
}

void onnx_dirname(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(buf, size, ".");
        return;
    }
    size_t len = (size_t)(slash - path);
    if (len == 0)
        len = 1; /* "/model.onnx" -> "/" */
    snprintf(buf, size, "%.*s", (int)len, path);
}

/* ---- dtypes ---- */

static const struct {
    int32_t onnx;
    const char *name;
} onnx_types[] = {
    {0, "UNDEFINED"},
    {1, "FLOAT"},
    {2, "UINT8"},
    {3, "INT8"},
    {4, "UINT16"},
    {5, "INT16"},
    {6, "INT32"},
    {7, "INT64"},
    {8, "STRING"},
    {9, "BOOL"},
    {10, "FLOAT16"},
    {11, "DOUBLE"},
    {12, "UINT32"},
    {13, "UINT64"},
    {14, "COMPLEX64"},
    {15, "COMPLEX128"},
    {16, "BFLOAT16"},
    {17, "FLOAT8E4M3FN"},
    {18, "FLOAT8E4M3FNUZ"},
    {19, "FLOAT8E5M2"},
    {20, "FLOAT8E5M2FNUZ"},
    {21, "UINT4"},
    {22, "INT4"},
    {23, "FLOAT4E2M1"},
    {24, "FLOAT8E8M0"},
    {25, "UINT2"},
    {26, "INT2"},
};
enum { ONNX_TYPE_COUNT = sizeof onnx_types / sizeof onnx_types[0] };

const char *onnx_dtype_name(int32_t t)
{
    static _Thread_local char buf[32];
    if (t >= 0 && t < ONNX_TYPE_COUNT)
        return onnx_types[t].name;
    snprintf(buf, sizeof buf, "type %d", (int)t);
    return buf;
}

/* The mapping itself is the IR's (ir/dtype.h), shared with the ops that take ONNX type
 * numbers as attributes (Cast's `to`, ...); this file only adds the names. */
bool onnx_dtype_to_ge(int32_t t, ge_dtype *out)
{
    return ge_dtype_from_onnx(t, out);
}

int32_t onnx_dtype_from_ge(ge_dtype dt)
{
    return dt == GE_DTYPE_UNDEFINED ? ONNX_UNDEFINED : (int32_t)ge_dtype_to_onnx(dt);
}

/* ---- arena ---- */

struct onnx_arena_block {
    struct onnx_arena_block *next;
    max_align_t align[]; /* payload */
};

void *onnx_arena_alloc(onnx_arena *a, size_t size)
{
    if (size > SIZE_MAX - sizeof(struct onnx_arena_block)) {
        a->failed = true;
        return NULL;
    }
    struct onnx_arena_block *b = ge_calloc(1, sizeof *b + (size ? size : 1));
    if (!b) {
        a->failed = true;
        return NULL;
    }
    b->next = a->head;
    a->head = b;
    return b->align;
}

void *onnx_arena_array(onnx_arena *a, size_t count, size_t elem)
{
    if (elem && count > SIZE_MAX / elem) {
        a->failed = true;
        return NULL;
    }
    return onnx_arena_alloc(a, count * elem);
}

char *onnx_arena_strdup(onnx_arena *a, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *d = onnx_arena_alloc(a, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void onnx_arena_free(onnx_arena *a)
{
    while (a->head) {
        struct onnx_arena_block *n = a->head->next;
        ge_free(a->head);
        a->head = n;
    }
    a->failed = false;
}

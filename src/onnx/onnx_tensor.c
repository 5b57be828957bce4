/* TensorProto <-> ir_tensor: raw_data, every typed field, external data files; .pb files. */
#include "onnx/onnx_tensor.h"

#include "base/alloc.h"
#include "base/error.h"
#include "onnx/onnx_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "raw_data is little-endian; a big-endian host needs byte swapping here");

/* ---- external data ---- */

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* A relative path with no ".." component and no empty name. */
static bool location_is_safe(const char *loc)
{
    if (!loc[0] || loc[0] == '/')
        return false;
    const char *p = loc;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return false;
        if (!slash)
            break;
        p = slash + 1;
    }
    return true;
}

static ge_status read_external(const GeflowOnnx__TensorProto *tp, const onnx_ext_ctx *ext,
                               const char *what, ge_dtype dt, const ir_shape *shape, size_t bytes,
                               ir_tensor *out)
{
    const char *location = NULL, *offset_s = NULL, *length_s = NULL;
    for (size_t i = 0; i < tp->n_external_data; i++) {
        const GeflowOnnx__StringStringEntryProto *e = tp->external_data[i];
        if (!e || !e->key)
            continue;
        if (strcmp(e->key, "location") == 0)
            location = e->value;
        else if (strcmp(e->key, "offset") == 0)
            offset_s = e->value;
        else if (strcmp(e->key, "length") == 0)
            length_s = e->value;
    }
    if (!location || !location[0]) {
        ge_error_set("%s: external data without a 'location' entry", what);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!ext || !ext->dir) {
        ge_error_set("%s: uses external data (location '%s'), %s", what, location,
                     ext && ext->why_none ? ext->why_none : "which is not available here");
        return GE_STATUS_PARAM_INVALID;
    }
    if (dt == GE_DTYPE_STRING) {
        ge_error_set("%s: external data for a STRING tensor (location '%s') is not supported", what,
                     location);
        return GE_STATUS_UNSUPPORTED;
    }
    if (!location_is_safe(location)) {
        ge_error_set("%s: external data location '%s' is refused: it must be a relative path inside "
                     "the model's directory (no leading '/', no '..')",
                     what, location);
        return GE_STATUS_PARAM_INVALID;
    }
    uint64_t offset = 0, length = 0;
    bool has_length = false;
    if (offset_s && !parse_u64(offset_s, &offset)) {
        ge_error_set("%s: external data offset '%s' is not a non-negative integer", what, offset_s);
        return GE_STATUS_PARAM_INVALID;
    }
    if (length_s) {
        if (!parse_u64(length_s, &length)) {
            ge_error_set("%s: external data length '%s' is not a non-negative integer", what, length_s);
            return GE_STATUS_PARAM_INVALID;
        }
        has_length = true;
    }
    char path[PATH_MAX], real_dir[PATH_MAX], real_file[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", ext->dir, location) >= sizeof path) {
        ge_error_set("%s: external data path '%s/%s' is too long", what, ext->dir, location);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!realpath(ext->dir, real_dir)) {
        ge_error_set("%s: external data directory '%s': %s", what, ext->dir, strerror(errno));
        return GE_STATUS_FAILED;
    }
    if (!realpath(path, real_file)) {
        ge_error_set("%s: external data file '%s': %s", what, path, strerror(errno));
        return GE_STATUS_FAILED;
    }
    size_t dl = strlen(real_dir);
    bool inside = strncmp(real_file, real_dir, dl) == 0 &&
                  (real_file[dl] == '/' || (dl == 1 && real_dir[0] == '/'));
    if (!inside) {
        ge_error_set("%s: external data location '%s' is refused: it resolves to '%s', outside the "
                     "model's directory '%s'",
                     what, location, real_file, real_dir);
        return GE_STATUS_PARAM_INVALID;
    }
    int fd = open(real_file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ge_error_set("%s: external data file '%s': cannot open: %s", what, path, strerror(errno));
        return GE_STATUS_FAILED;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        ge_error_set("%s: external data file '%s' is not a regular file", what, path);
        close(fd);
        return GE_STATUS_FAILED;
    }
    uint64_t fsize = (uint64_t)sb.st_size;
    if (offset > fsize) {
        ge_error_set("%s: external data offset %llu is past the end of '%s' (%llu bytes)", what,
                     (unsigned long long)offset, path, (unsigned long long)fsize);
        close(fd);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!has_length)
        length = bytes <= fsize - offset ? bytes : fsize - offset;
    if (length > fsize - offset) {
        ge_error_set("%s: external data [offset %llu, length %llu] runs past the end of '%s' (%llu "
                     "bytes)",
                     what, (unsigned long long)offset, (unsigned long long)length, path,
                     (unsigned long long)fsize);
        close(fd);
        return GE_STATUS_PARAM_INVALID;
    }
    if (length != bytes) {
        char sbuf[128];
        ge_error_set("%s: external data holds %llu bytes; %s %s needs %zu", what,
                     (unsigned long long)length, ge_dtype_name(dt),
                     ir_shape_format(shape, sbuf, sizeof sbuf), bytes);
        close(fd);
        return GE_STATUS_PARAM_INVALID;
    }
    ge_status st = ir_tensor_alloc(out, dt, shape);
    if (st != GE_STATUS_SUCCESS) {
        ge_error_prefix("%s: ", what);
        close(fd);
        return st;
    }
    size_t got = 0;
    while (got < bytes) {
        ssize_t r = pread(fd, (char *)out->data + got, bytes - got, (off_t)(offset + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            ge_error_set("%s: reading external data from '%s' failed after %zu of %zu bytes", what,
                         path, got, bytes);
            ir_tensor_free_data(out);
            close(fd);
            return GE_STATUS_FAILED;
        }
        got += (size_t)r;
    }
    close(fd);
    return GE_STATUS_SUCCESS;
}

/* ---- TensorProto -> ir_tensor ---- */

typedef enum typed_field {
    F_FLOAT, F_INT32, F_STRING, F_INT64, F_DOUBLE, F_UINT64, F_COUNT
} typed_field;

static const char *const field_names[F_COUNT] = {"float_data", "int32_data", "string_data",
                                                 "int64_data", "double_data", "uint64_data"};

static typed_field field_for(ge_dtype dt)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: return F_FLOAT;
    case GE_DTYPE_INT64: return F_INT64;
    case GE_DTYPE_UINT32: case GE_DTYPE_UINT64: return F_UINT64;
    case GE_DTYPE_FLOAT64: return F_DOUBLE;
    case GE_DTYPE_STRING: return F_STRING;
    default: return F_INT32; /* 8/16/32-bit ints, bool, float16, bfloat16 */
    }
}

ge_status onnx_tensor_from_proto(const GeflowOnnx__TensorProto *tp, const onnx_ext_ctx *ext,
                                 const char *what, ir_tensor *out)
{
    memset(out, 0, sizeof *out);
    int32_t ot = tp->has_data_type ? tp->data_type : ONNX_UNDEFINED;
    if (ot == ONNX_UNDEFINED) {
        ge_error_set("%s: data_type is missing (UNDEFINED)", what);
        return GE_STATUS_PARAM_INVALID;
    }
    ge_dtype dt;
    if (!onnx_dtype_to_ge(ot, &dt)) {
        ge_error_set("%s: element type %s (%d) is not supported: geflow has no such dtype", what,
                     onnx_dtype_name(ot), (int)ot);
        return GE_STATUS_UNSUPPORTED;
    }
    if (tp->segment) {
        ge_error_set("%s: segmented tensors (segment %lld..%lld) are not supported", what,
                     (long long)tp->segment->begin, (long long)tp->segment->end);
        return GE_STATUS_UNSUPPORTED;
    }
    if (tp->n_dims > IR_MAX_RANK) {
        ge_error_set("%s: rank %zu exceeds geflow's maximum rank %d", what, tp->n_dims, IR_MAX_RANK);
        return GE_STATUS_PARAM_INVALID;
    }
    int64_t numel = 1;
    for (size_t i = 0; i < tp->n_dims; i++) {
        if (tp->dims[i] < 0) {
            ge_error_set("%s: dim %zu is negative (%lld)", what, i, (long long)tp->dims[i]);
            return GE_STATUS_PARAM_INVALID;
        }
        if (__builtin_mul_overflow(numel, tp->dims[i], &numel)) {
            ge_error_set("%s: dims overflow: the element count of dims 0..%zu exceeds int64", what, i);
            return GE_STATUS_PARAM_INVALID;
        }
    }
    ir_shape shape;
    ir_shape_make(&shape, tp->n_dims, tp->dims);
    char sb[160];
    ir_shape_format(&shape, sb, sizeof sb);
    size_t es = ge_dtype_size(dt);
    if ((uint64_t)numel > SIZE_MAX / es) {
        ge_error_set("%s: %s %s: the byte size overflows size_t", what, onnx_dtype_name(ot), sb);
        return GE_STATUS_PARAM_INVALID;
    }
    size_t bytes = (size_t)numel * es;

    if (tp->has_data_location && tp->data_location == GEFLOW_ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
        return read_external(tp, ext, what, dt, &shape, bytes, out);
    if (tp->has_data_location && tp->data_location != GEFLOW_ONNX__TENSOR_PROTO__DATA_LOCATION__DEFAULT) {
        ge_error_set("%s: data_location %d is not DEFAULT (0) or EXTERNAL (1)", what,
                     (int)tp->data_location);
        return GE_STATUS_PARAM_INVALID;
    }

    size_t counts[F_COUNT] = {tp->n_float_data, tp->n_int32_data,  tp->n_string_data,
                              tp->n_int64_data, tp->n_double_data, tp->n_uint64_data};
    size_t typed_total = 0;
    for (int f = 0; f < F_COUNT; f++)
        typed_total += counts[f];
    typed_field want = field_for(dt);

    if (tp->has_raw_data && (tp->raw_data.len > 0 || typed_total == 0)) {
        if (dt == GE_DTYPE_STRING) {
            ge_error_set("%s: a STRING tensor cannot hold raw_data (strings go in string_data)", what);
            return GE_STATUS_PARAM_INVALID;
        }
        if (tp->raw_data.len != bytes) {
            ge_error_set("%s: raw_data holds %zu bytes; %s %s needs %zu", what, tp->raw_data.len,
                         onnx_dtype_name(ot), sb, bytes);
            return GE_STATUS_PARAM_INVALID;
        }
        return ir_tensor_from_data(out, dt, &shape, tp->raw_data.data, bytes);
    }
    for (int f = 0; f < F_COUNT; f++)
        if (f != (int)want && counts[f]) {
            ge_error_set("%s: holds %zu values in %s; a %s tensor keeps them in %s", what, counts[f],
                         field_names[f], onnx_dtype_name(ot), field_names[want]);
            return GE_STATUS_PARAM_INVALID;
        }
    if ((uint64_t)counts[want] != (uint64_t)numel) {
        if (counts[want] == 0)
            ge_error_set("%s: holds no data (no raw_data, %s empty); %s %s needs %lld values", what,
                         field_names[want], onnx_dtype_name(ot), sb, (long long)numel);
        else
            ge_error_set("%s: %s holds %zu values; %s %s needs %lld", what, field_names[want],
                         counts[want], onnx_dtype_name(ot), sb, (long long)numel);
        return GE_STATUS_PARAM_INVALID;
    }
    ge_status st = ir_tensor_alloc(out, dt, &shape);
    if (st != GE_STATUS_SUCCESS) {
        ge_error_prefix("%s: ", what);
        return st;
    }
    size_t n = (size_t)numel;
    if (n == 0)
        return GE_STATUS_SUCCESS;
    switch (dt) {
    case GE_DTYPE_FLOAT32:
        memcpy(out->data, tp->float_data, n * sizeof(float));
        break;
    case GE_DTYPE_FLOAT64:
        memcpy(out->data, tp->double_data, n * sizeof(double));
        break;
    case GE_DTYPE_INT64:
        memcpy(out->data, tp->int64_data, n * sizeof(int64_t));
        break;
    case GE_DTYPE_UINT64:
        memcpy(out->data, tp->uint64_data, n * sizeof(uint64_t));
        break;
    case GE_DTYPE_UINT32:
        for (size_t i = 0; i < n; i++)
            ((uint32_t *)out->data)[i] = (uint32_t)tp->uint64_data[i];
        break;
    case GE_DTYPE_INT32:
        memcpy(out->data, tp->int32_data, n * sizeof(int32_t));
        break;
    case GE_DTYPE_INT16:
        for (size_t i = 0; i < n; i++)
            ((int16_t *)out->data)[i] = (int16_t)tp->int32_data[i];
        break;
    case GE_DTYPE_UINT16: case GE_DTYPE_FLOAT16: case GE_DTYPE_BFLOAT16:
        for (size_t i = 0; i < n; i++)
            ((uint16_t *)out->data)[i] = (uint16_t)tp->int32_data[i];
        break;
    case GE_DTYPE_INT8:
        for (size_t i = 0; i < n; i++)
            ((int8_t *)out->data)[i] = (int8_t)tp->int32_data[i];
        break;
    case GE_DTYPE_UINT8:
        for (size_t i = 0; i < n; i++)
            ((uint8_t *)out->data)[i] = (uint8_t)tp->int32_data[i];
        break;
    case GE_DTYPE_BOOL:
        for (size_t i = 0; i < n; i++)
            ((uint8_t *)out->data)[i] = tp->int32_data[i] != 0;
        break;
    case GE_DTYPE_STRING: {
        char **s = out->data;
        for (size_t i = 0; i < n; i++) {
            const ProtobufCBinaryData *b = &tp->string_data[i];
            s[i] = ge_malloc(b->len + 1);
            if (!s[i]) {
                ir_tensor_free_data(out);
                ge_error_set("%s: out of memory copying string %zu", what, i);
                return GE_STATUS_MEMALLOC_FAILED;
            }
            if (b->len)
                memcpy(s[i], b->data, b->len);
            s[i][b->len] = '\0';
        }
        break;
    }
    default:
        ir_tensor_free_data(out);
        ge_error_set("%s: internal: no typed-field conversion for %s", what, ge_dtype_name(dt));
        return GE_STATUS_INTERNAL_ERROR;
    }
    return GE_STATUS_SUCCESS;
}

/* ---- ir_tensor -> TensorProto ---- */

ge_status onnx_tensor_to_proto(onnx_arena *a, const ir_tensor *t, const char *name,
                               GeflowOnnx__TensorProto *out)
{
    geflow_onnx__tensor_proto__init(out);
    int32_t ot = onnx_dtype_from_ge(t->dtype);
    if (ot == ONNX_UNDEFINED) {
        ge_error_set("tensor '%s': dtype %s has no ONNX element type", name ? name : "",
                     ge_dtype_name(t->dtype));
        return GE_STATUS_PARAM_INVALID;
    }
    if (!ir_shape_is_static(&t->shape)) {
        char sb[128];
        ge_error_set("tensor '%s': shape %s is not static", name ? name : "",
                     ir_shape_format(&t->shape, sb, sizeof sb));
        return GE_STATUS_PARAM_INVALID;
    }
    out->has_data_type = 1;
    out->data_type = ot;
    out->n_dims = (size_t)t->shape.rank;
    out->dims = (int64_t *)t->shape.dims; /* borrowed; protobuf-c only reads it */
    if (name)
        out->name = (char *)name;
    int64_t n = ir_tensor_numel(t);
    if (t->dtype == GE_DTYPE_STRING) {
        out->n_string_data = (size_t)n;
        out->string_data = onnx_arena_array(a, (size_t)n, sizeof *out->string_data);
        if (!out->string_data && n) {
            ge_error_set("tensor '%s': out of memory", name ? name : "");
            return GE_STATUS_MEMALLOC_FAILED;
        }
        char **s = t->data;
        for (int64_t i = 0; i < n; i++) {
            const char *v = s && s[i] ? s[i] : "";
            out->string_data[i].data = (uint8_t *)v;
            out->string_data[i].len = strlen(v);
        }
        return GE_STATUS_SUCCESS;
    }
    out->has_raw_data = 1;
    out->raw_data.data = t->data;
    out->raw_data.len = t->bytes;
    return GE_STATUS_SUCCESS;
}

/* ---- .pb files ---- */

static ge_status read_tensor(const void *data, size_t size, const onnx_ext_ctx *ext,
                             const char *what, ir_tensor *out, char **out_name)
{
    memset(out, 0, sizeof *out);
    if (out_name)
        *out_name = NULL;
    ge_status st;
    GeflowOnnx__TensorProto *tp = (GeflowOnnx__TensorProto *)onnx_unpack(
        &geflow_onnx__tensor_proto__descriptor, data, size, what, &st);
    if (!tp)
        return st;
    st = onnx_tensor_from_proto(tp, ext, what, out);
    if (st == GE_STATUS_SUCCESS && out_name) {
        *out_name = ge_strdup(tp->name ? tp->name : "");
        if (!*out_name) {
            ir_tensor_free_data(out);
            ge_error_set("%s: out of memory", what);
            st = GE_STATUS_MEMALLOC_FAILED;
        }
    }
    onnx_free_unpacked(&tp->base);
    return st;
}

ge_status onnx_tensor_read_file(const char *path, ir_tensor *out, char **out_name)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (out_name)
        *out_name = NULL;
    if (!path || !out) {
        ge_error_set("onnx_tensor_read_file: %s is NULL", !path ? "path" : "out");
        return GE_STATUS_PARAM_INVALID;
    }
    void *buf;
    size_t size;
    ge_status st = onnx_read_file(path, ONNX_MAX_MESSAGE_BYTES, "TensorProto file", &buf, &size);
    if (st != GE_STATUS_SUCCESS)
        return st;
    char dir[PATH_MAX], what[PATH_MAX + 32];
    onnx_dirname(path, dir, sizeof dir);
    snprintf(what, sizeof what, "TensorProto file '%s'", path);
    onnx_ext_ctx ext = {.dir = dir, .why_none = NULL};
    st = read_tensor(buf, size, &ext, what, out, out_name);
    ge_free(buf);
    return st;
}

ge_status onnx_tensor_read_memory(const void *data, size_t size, const char *external_dir,
                                  ir_tensor *out, char **out_name)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (out_name)
        *out_name = NULL;
    if ((!data && size) || !out) {
        ge_error_set("onnx_tensor_read_memory: %s is NULL", !out ? "out" : "data");
        return GE_STATUS_PARAM_INVALID;
    }
    onnx_ext_ctx ext = {.dir = external_dir,
                        .why_none = "but a TensorProto read from memory has no directory to read "
                                    "it from"};
    return read_tensor(data ? data : "", size, &ext, "TensorProto", out, out_name);
}

ge_status onnx_tensor_write_memory(const ir_tensor *t, const char *name, void **out_data,
                                   size_t *out_size)
{
    if (!t || !out_data || !out_size) {
        ge_error_set("onnx_tensor_write_memory: an argument is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    *out_data = NULL;
    *out_size = 0;
    if (!t->data && t->bytes) {
        ge_error_set("tensor '%s': has no data", name ? name : "");
        return GE_STATUS_PARAM_INVALID;
    }
    onnx_arena a = {0};
    GeflowOnnx__TensorProto tp;
    ge_status st = onnx_tensor_to_proto(&a, t, name, &tp);
    if (st == GE_STATUS_SUCCESS) {
        size_t n = geflow_onnx__tensor_proto__get_packed_size(&tp);
        uint8_t *buf = ge_malloc(n ? n : 1);
        if (!buf) {
            ge_error_set("tensor '%s': out of memory serializing %zu bytes", name ? name : "", n);
            st = GE_STATUS_MEMALLOC_FAILED;
        } else {
            geflow_onnx__tensor_proto__pack(&tp, buf);
            *out_data = buf;
            *out_size = n;
        }
    }
    onnx_arena_free(&a);
    return st;
}

ge_status onnx_tensor_write_file(const char *path, const ir_tensor *t, const char *name)
{
    if (!path) {
        ge_error_set("onnx_tensor_write_file: path is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    void *buf;
    size_t size;
    ge_status st = onnx_tensor_write_memory(t, name, &buf, &size);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = onnx_write_file(path, buf, size, "TensorProto file");
    ge_free(buf);
    return st;
}

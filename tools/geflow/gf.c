#include "gf.h"

#include "npy.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void gf_errf(char *err, size_t en, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, en, fmt, ap);
    va_end(ap);
}

/* The engine's message for a failed call, or a fallback when it left none. */
static const char *engine_msg(void)
{
    const char *m = ge_get_error_message();
    return m && m[0] ? m : "(no message)";
}

int gf_engine_start(gf_engine *e, char *err, size_t en)
{
    memset(e, 0, sizeof *e);
    e->next_graph_id = 1;
    aclError a = aclInit(NULL);
    if (a != ACL_SUCCESS) {
        gf_errf(err, en, "aclInit: error %d: %s", (int)a, engine_msg());
        return 1;
    }
    e->acl_up = true;
    if ((a = aclrtSetDevice(0)) != ACL_SUCCESS) {
        gf_errf(err, en, "aclrtSetDevice(0): error %d: %s", (int)a, engine_msg());
        gf_engine_stop(e);
        return 1;
    }
    e->device_set = true;
    ge_status st = ge_initialize(NULL);
    if (st != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "ge_initialize: %s", engine_msg());
        gf_engine_stop(e);
        return 1;
    }
    e->ge_up = true;
    if ((st = ge_session_create(NULL, &e->session)) != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "ge_session_create: %s", engine_msg());
        gf_engine_stop(e);
        return 1;
    }
    if ((a = aclrtCreateStream(&e->stream)) != ACL_SUCCESS) {
        gf_errf(err, en, "aclrtCreateStream: error %d: %s", (int)a, engine_msg());
        gf_engine_stop(e);
        return 1;
    }
    return 0;
}

void gf_engine_stop(gf_engine *e)
{
    if (e->session)
        ge_session_destroy(e->session);
    e->session = NULL;
    if (e->ge_up)
        ge_finalize();
    e->ge_up = false;
    if (e->stream)
        aclrtDestroyStream(e->stream);
    e->stream = NULL;
    if (e->device_set)
        aclrtResetDevice(0);
    e->device_set = false;
    if (e->acl_up)
        aclFinalize();
    e->acl_up = false;
}

static ge_status last_status;
static const char *last_stage = "import";

ge_status gf_model_last_status(void)
{
    return last_status;
}

const char *gf_model_last_stage(void)
{
    return last_stage;
}

int gf_model_load(gf_engine *e, const char *path, const ge_options *options, gf_model *m, char *err,
                  size_t en)
{
    memset(m, 0, sizeof *m);
    last_stage = "import";
    ge_status st = ge_graph_from_onnx_file(path, options, &m->graph);
    last_status = st;
    if (st != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "%s", engine_msg());
        return 1;
    }
    last_stage = "validate";
    st = ge_graph_validate(m->graph);
    last_status = st;
    if (st != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "%s", engine_msg());
        ge_graph_destroy(m->graph);
        m->graph = NULL;
        return 1;
    }
    m->n_inputs = ge_graph_get_input_count(m->graph);
    m->n_outputs = ge_graph_get_output_count(m->graph);
    if (!e)
        return 0;
    m->graph_id = e->next_graph_id++;
    last_stage = "add graph";
    st = ge_session_add_graph(e->session, m->graph_id, m->graph, NULL);
    last_status = st;
    if (st != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "ge_session_add_graph: %s", engine_msg());
        ge_graph_destroy(m->graph);
        m->graph = NULL;
        return 1;
    }
    m->added = true;
    return 0;
}

void gf_model_unload(gf_engine *e, gf_model *m)
{
    if (m->added && e && e->session)
        ge_session_remove_graph(e->session, m->graph_id);
    m->added = false;
    ge_graph_destroy(m->graph);
    m->graph = NULL;
}

static void release_device(void *data, void *user)
{
    (void)user;
    aclrtFree(data);
}

void gf_tensors_destroy(size_t n, ge_tensor **t)
{
    for (size_t i = 0; t && i < n; i++) {
        ge_tensor_destroy(t[i]);
        t[i] = NULL;
    }
}

int gf_inputs_to_device(size_t n, ge_tensor *const *host, ge_tensor **out_dev, char *err, size_t en)
{
    for (size_t i = 0; i < n; i++)
        out_dev[i] = NULL;
    for (size_t i = 0; i < n; i++) {
        const ge_tensor *h = host[i];
        size_t bytes = ge_tensor_get_byte_size(h);
        void *dev = NULL;
        if (bytes) {
            aclError a = aclrtMalloc(&dev, bytes, ACL_MEM_MALLOC_HUGE_FIRST);
            if (a != ACL_SUCCESS) {
                gf_errf(err, en, "input %zu: aclrtMalloc(%zu): error %d: %s", i, bytes, (int)a, engine_msg());
                gf_tensors_destroy(i, out_dev);
                return 1;
            }
            a = aclrtMemcpy(dev, bytes, ge_tensor_get_data(h), bytes, ACL_MEMCPY_HOST_TO_DEVICE);
            if (a != ACL_SUCCESS) {
                gf_errf(err, en, "input %zu: aclrtMemcpy host to device: error %d: %s", i, (int)a, engine_msg());
                aclrtFree(dev);
                gf_tensors_destroy(i, out_dev);
                return 1;
            }
        }
        ge_status st = ge_tensor_wrap(ge_tensor_get_dtype(h), ge_tensor_get_dims(h), ge_tensor_get_rank(h), dev,
                                      bytes, GE_PLACEMENT_DEVICE, dev ? release_device : NULL, NULL, &out_dev[i]);
        if (st != GE_STATUS_SUCCESS) {
            gf_errf(err, en, "input %zu: ge_tensor_wrap: %s", i, engine_msg());
            if (dev)
                aclrtFree(dev);
            gf_tensors_destroy(i, out_dev);
            return 1;
        }
    }
    return 0;
}

int gf_run_device(gf_engine *e, gf_model *m, ge_tensor *const *dev_in, ge_tensor **out_dev, char *err,
                  size_t en)
{
    for (size_t i = 0; i < m->n_outputs; i++)
        out_dev[i] = NULL;
    ge_status st = ge_session_run_graph_with_stream_async(e->session, m->graph_id, e->stream, m->n_inputs,
                                                          (const ge_tensor *const *)dev_in, m->n_outputs,
                                                          out_dev);
    if (st != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "%s", engine_msg());
        gf_tensors_destroy(m->n_outputs, out_dev);
        aclrtSynchronizeStream(e->stream);
        ge_get_error_message();
        return 1;
    }
    aclError a = aclrtSynchronizeStream(e->stream);
    if (a != ACL_SUCCESS) {
        gf_errf(err, en, "aclrtSynchronizeStream: error %d: %s", (int)a, engine_msg());
        gf_tensors_destroy(m->n_outputs, out_dev);
        return 1;
    }
    return 0;
}

int gf_outputs_to_host(size_t n, ge_tensor *const *dev, ge_tensor **out_host, char *err, size_t en)
{
    for (size_t i = 0; i < n; i++)
        out_host[i] = NULL;
    for (size_t i = 0; i < n; i++) {
        const ge_tensor *d = dev[i];
        ge_status st = ge_tensor_create(ge_tensor_get_dtype(d), ge_tensor_get_dims(d), ge_tensor_get_rank(d),
                                        GE_PLACEMENT_HOST, &out_host[i]);
        if (st != GE_STATUS_SUCCESS) {
            gf_errf(err, en, "output %zu: ge_tensor_create: %s", i, engine_msg());
            gf_tensors_destroy(i, out_host);
            return 1;
        }
        size_t bytes = ge_tensor_get_byte_size(d);
        if (bytes) {
            aclError a = aclrtMemcpy(ge_tensor_get_data(out_host[i]), bytes, ge_tensor_get_data(d), bytes,
                                     ACL_MEMCPY_DEVICE_TO_HOST);
            if (a != ACL_SUCCESS) {
                gf_errf(err, en, "output %zu: aclrtMemcpy device to host: error %d: %s", i, (int)a, engine_msg());
                gf_tensors_destroy(i + 1, out_host);
                return 1;
            }
        }
    }
    return 0;
}

int gf_run_host(gf_engine *e, gf_model *m, ge_tensor *const *host_in, ge_tensor **out_host, char *err,
                size_t en)
{
    ge_tensor **dev_in = calloc(m->n_inputs + 1, sizeof *dev_in);
    ge_tensor **dev_out = calloc(m->n_outputs + 1, sizeof *dev_out);
    int rc = 1;
    if (!dev_in || !dev_out) {
        gf_errf(err, en, "out of memory");
        goto out;
    }
    if (gf_inputs_to_device(m->n_inputs, host_in, dev_in, err, en))
        goto out;
    if (gf_run_device(e, m, dev_in, dev_out, err, en) == 0) {
        rc = gf_outputs_to_host(m->n_outputs, dev_out, out_host, err, en);
        gf_tensors_destroy(m->n_outputs, dev_out);
    }
    gf_tensors_destroy(m->n_inputs, dev_in);
out:
    free(dev_in);
    free(dev_out);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int gf_tensor_load(const char *path, ge_tensor **out, char *out_name, size_t name_size, char *err, size_t en)
{
    if (out_name && name_size)
        out_name[0] = '\0';
    if (ends_with(path, ".npy"))
        return npy_read_file(path, out, err, en);
    ge_status st = ge_tensor_from_onnx_pb_file(path, out, out_name, name_size);
    if (st != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "%s", engine_msg());
        return 1;
    }
    return 0;
}

/* splitmix64 */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint16_t f32_to_f16(float f)
{
    union { float f; uint32_t u; } v = {f};
    uint32_t u = v.u, sign = (u >> 16) & 0x8000;
    int32_t exp = (int32_t)((u >> 23) & 0xff) - 127 + 15;
    uint32_t mant = u & 0x7fffff;
    if (exp <= 0) {
        if (exp < -10)
            return (uint16_t)sign;
        mant |= 0x800000;
        uint32_t shift = (uint32_t)(14 - exp);
        uint32_t h = mant >> shift;
        if ((mant >> (shift - 1)) & 1)
            h++;
        return (uint16_t)(sign | h);
    }
    if (exp >= 31)
        return (uint16_t)(sign | 0x7c00);
    uint32_t h = sign | (uint32_t)exp << 10 | mant >> 13;
    if (mant & 0x1000)
        h++;
    return (uint16_t)h;
}

static float f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff, u;
    if (exp == 0) {
        if (mant == 0) {
            u = sign;
        } else {
            exp = 127 - 15 + 1;
            while (!(mant & 0x400)) {
                mant <<= 1;
                exp--;
            }
            u = sign | exp << 23 | (mant & 0x3ff) << 13;
        }
    } else if (exp == 31) {
        u = sign | 0x7f800000 | mant << 13;
    } else {
        u = sign | (exp + 127 - 15) << 23 | mant << 13;
    }
    union { uint32_t u; float f; } v = {u};
    return v.f;
}

int gf_tensor_random(ge_dtype dt, const int64_t *dims, size_t rank, uint64_t seed, ge_tensor **out, char *err,
                     size_t en)
{
    ge_status st = ge_tensor_create(dt, dims, rank, GE_PLACEMENT_HOST, out);
    if (st != GE_STATUS_SUCCESS) {
        gf_errf(err, en, "%s", engine_msg());
        return 1;
    }
    int64_t n = ge_tensor_get_element_count(*out);
    void *p = ge_tensor_get_data(*out);
    uint64_t s = seed * 0x2545F4914F6CDD1Dull + 1;
    for (int64_t i = 0; i < n; i++) {
        uint64_t r = next_rand(&s);
        double u = (double)(r >> 11) / 9007199254740992.0 * 2.0 - 1.0; /* [-1, 1) */
        int64_t si = (int64_t)(r % 11) - 5;
        uint64_t ui = r % 10;
        switch (dt) {
        case GE_DTYPE_FLOAT32: ((float *)p)[i] = (float)u; break;
        case GE_DTYPE_FLOAT64: ((double *)p)[i] = u; break;
        case GE_DTYPE_FLOAT16: ((uint16_t *)p)[i] = f32_to_f16((float)u); break;
        case GE_DTYPE_BFLOAT16: {
            union { float f; uint32_t u; } v = {(float)u};
            ((uint16_t *)p)[i] = (uint16_t)(v.u >> 16);
            break;
        }
        case GE_DTYPE_INT8: ((int8_t *)p)[i] = (int8_t)si; break;
        case GE_DTYPE_INT16: ((int16_t *)p)[i] = (int16_t)si; break;
        case GE_DTYPE_INT32: ((int32_t *)p)[i] = (int32_t)si; break;
        case GE_DTYPE_INT64: ((int64_t *)p)[i] = si; break;
        case GE_DTYPE_UINT8: ((uint8_t *)p)[i] = (uint8_t)ui; break;
        case GE_DTYPE_UINT16: ((uint16_t *)p)[i] = (uint16_t)ui; break;
        case GE_DTYPE_UINT32: ((uint32_t *)p)[i] = (uint32_t)ui; break;
        case GE_DTYPE_UINT64: ((uint64_t *)p)[i] = ui; break;
        case GE_DTYPE_BOOL: ((uint8_t *)p)[i] = (uint8_t)(r >> 63); break;
        default:
            ge_tensor_destroy(*out);
            *out = NULL;
            gf_errf(err, en, "cannot make random %s data", ge_dtype_get_name(dt));
            return 1;
        }
    }
    return 0;
}

double gf_tensor_get(const ge_tensor *t, size_t i)
{
    const void *p = ge_tensor_get_data(t);
    switch (ge_tensor_get_dtype(t)) {
    case GE_DTYPE_FLOAT32: return ((const float *)p)[i];
    case GE_DTYPE_FLOAT64: return ((const double *)p)[i];
    case GE_DTYPE_FLOAT16: return f16_to_f32(((const uint16_t *)p)[i]);
    case GE_DTYPE_BFLOAT16: {
        union { uint32_t u; float f; } v = {(uint32_t)((const uint16_t *)p)[i] << 16};
        return v.f;
    }
    case GE_DTYPE_INT8: return ((const int8_t *)p)[i];
    case GE_DTYPE_INT16: return ((const int16_t *)p)[i];
    case GE_DTYPE_INT32: return ((const int32_t *)p)[i];
    case GE_DTYPE_INT64: return (double)((const int64_t *)p)[i];
    case GE_DTYPE_UINT8: return ((const uint8_t *)p)[i];
    case GE_DTYPE_UINT16: return ((const uint16_t *)p)[i];
    case GE_DTYPE_UINT32: return ((const uint32_t *)p)[i];
    case GE_DTYPE_UINT64: return (double)((const uint64_t *)p)[i];
    case GE_DTYPE_BOOL: return ((const uint8_t *)p)[i] != 0;
    default: return NAN;
    }
}

static bool is_float(ge_dtype d)
{
    return d == GE_DTYPE_FLOAT32 || d == GE_DTYPE_FLOAT64 || d == GE_DTYPE_FLOAT16 || d == GE_DTYPE_BFLOAT16;
}

/* Exact integer comparison without going through double (int64/uint64 keep every bit). */
static bool int_equal(const ge_tensor *a, const ge_tensor *b, size_t i)
{
    size_t sz = ge_dtype_get_size(ge_tensor_get_dtype(a));
    const unsigned char *pa = ge_tensor_get_data(a), *pb = ge_tensor_get_data(b);
    if (ge_tensor_get_dtype(a) == GE_DTYPE_BOOL)
        return (pa[i] != 0) == (pb[i] != 0);
    return memcmp(pa + i * sz, pb + i * sz, sz) == 0;
}

void gf_tensor_compare(const ge_tensor *e, const ge_tensor *a, double rtol, double atol, gf_compare *out)
{
    memset(out, 0, sizeof *out);
    char se[160], sa[160];
    ge_dtype de = ge_tensor_get_dtype(e), da = ge_tensor_get_dtype(a);
    gf_format_type(de, ge_tensor_get_dims(e), (int32_t)ge_tensor_get_rank(e), se, sizeof se);
    gf_format_type(da, ge_tensor_get_dims(a), (int32_t)ge_tensor_get_rank(a), sa, sizeof sa);
    if (de != da || ge_tensor_get_rank(e) != ge_tensor_get_rank(a) ||
        (ge_tensor_get_rank(e) &&
         memcmp(ge_tensor_get_dims(e), ge_tensor_get_dims(a), ge_tensor_get_rank(e) * sizeof(int64_t)) != 0)) {
        snprintf(out->reason, sizeof out->reason, "expected %s, got %s", se, sa);
        return;
    }
    int64_t n = ge_tensor_get_element_count(e);
    bool fl = is_float(de);
    int64_t first_bad = -1;
    for (int64_t i = 0; i < n; i++) {
        if (!fl) {
            if (!int_equal(e, a, (size_t)i) && first_bad < 0)
                first_bad = i;
            continue;
        }
        double x = gf_tensor_get(e, (size_t)i), y = gf_tensor_get(a, (size_t)i);
        if (isnan(x) || isnan(y)) {
            if (!(isnan(x) && isnan(y)) && first_bad < 0)
                first_bad = i;
            continue;
        }
        if (isinf(x) || isinf(y)) {
            if (x != y && first_bad < 0)
                first_bad = i;
            continue;
        }
        double d = fabs(x - y);
        if (d > out->max_abs)
            out->max_abs = d;
        if (x != 0 && d / fabs(x) > out->max_rel)
            out->max_rel = d / fabs(x);
        if (d > atol + rtol * fabs(x) && first_bad < 0)
            first_bad = i;
    }
    if (first_bad < 0) {
        out->ok = true;
        return;
    }
    size_t bad = 0;
    for (int64_t i = 0; i < n; i++) {
        if (fl) {
            double x = gf_tensor_get(e, (size_t)i), y = gf_tensor_get(a, (size_t)i);
            bool same = (isnan(x) && isnan(y)) || x == y || fabs(x - y) <= atol + rtol * fabs(x);
            bad += !same;
        } else {
            bad += !int_equal(e, a, (size_t)i);
        }
    }
    snprintf(out->reason, sizeof out->reason,
             "%zu of %lld elements differ; first at flat index %lld: expected %.9g, got %.9g (max abs %.3g, max rel %.3g)",
             bad, (long long)n, (long long)first_bad, gf_tensor_get(e, (size_t)first_bad),
             gf_tensor_get(a, (size_t)first_bad), out->max_abs, out->max_rel);
}

void gf_format_type(ge_dtype dtype, const int64_t *dims, int32_t rank, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s", ge_dtype_get_name(dtype));
    if (rank == GE_RANK_UNKNOWN) {
        snprintf(buf + n, size - (size_t)n, "[?]");
        return;
    }
    n += snprintf(buf + n, size - (size_t)n, "[");
    for (int32_t i = 0; i < rank && (size_t)n < size; i++) {
        if (dims[i] < 0)
            n += snprintf(buf + n, size - (size_t)n, "%s?", i ? "," : "");
        else
            n += snprintf(buf + n, size - (size_t)n, "%s%lld", i ? "," : "", (long long)dims[i]);
    }
    if ((size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "]");
}

void gf_format_values(const ge_tensor *t, size_t count, char *buf, size_t size)
{
    int64_t n = ge_tensor_get_element_count(t);
    size_t k = n < 0 ? 0 : (size_t)n;
    int len = snprintf(buf, size, "[");
    bool fl = is_float(ge_tensor_get_dtype(t));
    for (size_t i = 0; i < k && i < count && (size_t)len < size; i++) {
        double v = gf_tensor_get(t, i);
        if (fl)
            len += snprintf(buf + len, size - (size_t)len, "%s%.6g", i ? ", " : "", v);
        else if (ge_tensor_get_dtype(t) == GE_DTYPE_UINT64)
            len += snprintf(buf + len, size - (size_t)len, "%s%llu", i ? ", " : "",
                            (unsigned long long)((const uint64_t *)ge_tensor_get_data(t))[i]);
        else if (ge_tensor_get_dtype(t) == GE_DTYPE_INT64)
            len += snprintf(buf + len, size - (size_t)len, "%s%lld", i ? ", " : "",
                            (long long)((const int64_t *)ge_tensor_get_data(t))[i]);
        else
            len += snprintf(buf + len, size - (size_t)len, "%s%.0f", i ? ", " : "", v);
    }
    if ((size_t)len < size)
        snprintf(buf + len, size - (size_t)len, "%s]", k > count ? ", ..." : "");
}

double gf_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* geflow side of the geflow-vs-ONNX Runtime benchmark (bench/vs_ort.sh runs it next to
 * bench/ort/ort_bench.js).
 *
 *   bench_models MODEL.onnx [--warmup W] [--runs N] [--ref DIR]
 *
 * A client of the public API only (acl/acl.h, geflow/geflow.h; linked to the shared library
 * like the CLI): ge_graph_from_onnx_file, a session, the graph added and compiled, inputs
 * copied to aclrtMalloc device memory, outputs in preallocated device memory, then each run
 * is ge_session_run_graph_with_stream_async (RunGraphWithStreamAsync) on an ACL stream
 * followed by aclrtSynchronizeStream, timed around both calls. The thread count is the
 * runtime's GEFLOW_NUM_THREADS (compute threads per device, the caller included; default:
 * the online cores).
 *
 * Inputs use the formula ort_bench.js uses, element i of each input in C order:
 *   float types:   x[i] = ((i * 7919) % 1000) / 1000 - 0.5
 *   integer types: x[i] = (i * 7919) % 1000
 *   bool:          x[i] = (i * 7919) % 2
 *
 * Prints
 *   geflow: <model> threads=T warmup=W runs=N first_ms=F median_ms=M min_ms=m
 *   geflow_times_ms: t1 ... tN
 * and with --ref DIR (ORT's outputs, DIR/output_K.npy) one line per output and a summary
 *   compare: output K NAME float32[d0,d1]: max_abs=A max_rel=R (n elements)
 *   geflow_vs_ref: max_abs=A max_rel=R
 * where max_rel = max_i |g_i - r_i| / max(|r_i|, 1e-6). NaN in one and not the other counts
 * as an infinite difference. Exit 1 on any engine error or on a shape/dtype mismatch. */
#include "bench_util.h"

#include <acl/acl.h>
#include <geflow/geflow.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RANK 16

static double now_ms(void)
{
    return now_us() / 1e3;
}

static const char *msg(void)
{
    const char *m = ge_get_error_message();
    return m && m[0] ? m : "(no message)";
}

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "bench_models: %s: %s\n", what, msg());
    exit(1);
}

static _Noreturn void die_acl(const char *what, aclError a)
{
    const char *m = aclGetRecentErrMsg();
    fprintf(stderr, "bench_models: %s: error %d: %s\n", what, (int)a, m ? m : "(no message)");
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "bench_models: out of memory\n");
        exit(1);
    }
    return p;
}

/* The shared input formula (see the header). */
static void fill_input(ge_dtype dt, void *data, int64_t count)
{
    for (int64_t i = 0; i < count; i++) {
        int64_t r = (i * 7919) % 1000;
        double f = (double)r / 1000.0 - 0.5;
        switch (dt) {
        case GE_DTYPE_FLOAT32: ((float *)data)[i] = (float)f; break;
        case GE_DTYPE_FLOAT64: ((double *)data)[i] = f; break;
        case GE_DTYPE_INT8: ((int8_t *)data)[i] = (int8_t)r; break;
        case GE_DTYPE_UINT8: ((uint8_t *)data)[i] = (uint8_t)r; break;
        case GE_DTYPE_INT16: ((int16_t *)data)[i] = (int16_t)r; break;
        case GE_DTYPE_UINT16: ((uint16_t *)data)[i] = (uint16_t)r; break;
        case GE_DTYPE_INT32: ((int32_t *)data)[i] = (int32_t)r; break;
        case GE_DTYPE_UINT32: ((uint32_t *)data)[i] = (uint32_t)r; break;
        case GE_DTYPE_INT64: ((int64_t *)data)[i] = r; break;
        case GE_DTYPE_UINT64: ((uint64_t *)data)[i] = (uint64_t)r; break;
        case GE_DTYPE_BOOL: ((uint8_t *)data)[i] = (uint8_t)(r % 2); break;
        default:
            fprintf(stderr, "bench_models: input dtype %s is not supported by the benchmark\n",
                    ge_dtype_get_name(dt));
            exit(1);
        }
    }
}

static double element(ge_dtype dt, const void *data, size_t i)
{
    switch (dt) {
    case GE_DTYPE_FLOAT32: return ((const float *)data)[i];
    case GE_DTYPE_FLOAT64: return ((const double *)data)[i];
    case GE_DTYPE_INT8: return ((const int8_t *)data)[i];
    case GE_DTYPE_UINT8: return ((const uint8_t *)data)[i];
    case GE_DTYPE_BOOL: return ((const uint8_t *)data)[i];
    case GE_DTYPE_INT16: return ((const int16_t *)data)[i];
    case GE_DTYPE_UINT16: return ((const uint16_t *)data)[i];
    case GE_DTYPE_INT32: return ((const int32_t *)data)[i];
    case GE_DTYPE_UINT32: return ((const uint32_t *)data)[i];
    case GE_DTYPE_INT64: return (double)((const int64_t *)data)[i];
    case GE_DTYPE_UINT64: return (double)((const uint64_t *)data)[i];
    default: return NAN;
    }
}

/* ---- a small .npy reader (format 1.0-3.0, little-endian, C order) for ORT's outputs ---- */
typedef struct npy {
    ge_dtype dtype;
    int64_t dims[MAX_RANK];
    size_t rank;
    void *data;
    size_t bytes;
} npy;

static ge_dtype npy_dtype(const char *descr)
{
    static const struct {
        const char *d;
        ge_dtype t;
    } map[] = {{"<f4", GE_DTYPE_FLOAT32}, {"<f8", GE_DTYPE_FLOAT64}, {"|i1", GE_DTYPE_INT8},
               {"|u1", GE_DTYPE_UINT8},   {"<i2", GE_DTYPE_INT16},   {"<u2", GE_DTYPE_UINT16},
               {"<i4", GE_DTYPE_INT32},   {"<u4", GE_DTYPE_UINT32},  {"<i8", GE_DTYPE_INT64},
               {"<u8", GE_DTYPE_UINT64},  {"|b1", GE_DTYPE_BOOL}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(descr, map[i].d) == 0)
            return map[i].t;
    return GE_DTYPE_UNDEFINED;
}

/* Returns 0, or 1 with a message in err. */
static int npy_read(const char *path, npy *out, char *err, size_t en)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, en, "cannot open %s", path);
        return 1;
    }
    unsigned char pre[12];
    int rc = 1;
    char *header = NULL;
    if (fread(pre, 1, 8, f) != 8 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        snprintf(err, en, "%s: not a .npy file", path);
        goto done;
    }
    size_t hlen;
    if (pre[6] == 1) {
        if (fread(pre + 8, 1, 2, f) != 2)
            goto short_file;
        hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
    } else if (pre[6] == 2 || pre[6] == 3) {
        if (fread(pre + 8, 1, 4, f) != 4)
            goto short_file;
        hlen = (size_t)pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
    } else {
        snprintf(err, en, "%s: .npy version %d is not supported", path, pre[6]);
        goto done;
    }
    header = xcalloc(hlen + 1, 1);
    if (fread(header, 1, hlen, f) != hlen)
        goto short_file;
    const char *d = strstr(header, "'descr':");
    const char *fo = strstr(header, "'fortran_order':");
    const char *sh = strstr(header, "'shape':");
    char descr[8] = {0};
    if (!d || !fo || !sh || sscanf(d, "'descr': '%7[^']'", descr) != 1) {
        snprintf(err, en, "%s: malformed .npy header", path);
        goto done;
    }
    if (strncmp(fo + strlen("'fortran_order':"), " False", 6) != 0) {
        snprintf(err, en, "%s: Fortran-order .npy is not supported", path);
        goto done;
    }
    if ((out->dtype = npy_dtype(descr)) == GE_DTYPE_UNDEFINED) {
        snprintf(err, en, "%s: .npy dtype %s is not supported", path, descr);
        goto done;
    }
    const char *p = strchr(sh, '(');
    if (!p) {
        snprintf(err, en, "%s: malformed .npy shape", path);
        goto done;
    }
    p++;
    size_t count = 1;
    while (*p && *p != ')') {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        if (out->rank == MAX_RANK || v < 0) {
            snprintf(err, en, "%s: unsupported .npy shape", path);
            goto done;
        }
        out->dims[out->rank++] = v;
        count *= (size_t)v;
        p = end;
    }
    out->bytes = count * ge_dtype_get_size(out->dtype);
    out->data = xcalloc(out->bytes, 1);
    if (fread(out->data, 1, out->bytes, f) != out->bytes)
        goto short_file;
    rc = 0;
    goto done;
short_file:
    snprintf(err, en, "%s: file too short", path);
done:
    if (rc) {
        free(out->data);
        out->data = NULL;
    }
    free(header);
    fclose(f);
    return rc;
}

static void format_type(ge_dtype dt, const int64_t *dims, size_t rank, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s[", ge_dtype_get_name(dt));
    for (size_t i = 0; i < rank && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%lld", i ? "," : "", (long long)dims[i]);
    if (n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "]");
}

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: bench_models MODEL.onnx [--warmup W] [--runs N] [--ref DIR]\n");
    exit(2);
}

static int parse_count(const char *s, int min)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < min || v > 1000000)
        usage();
    return (int)v;
}

int main(int argc, char **argv)
{
    const char *model = NULL, *ref = NULL;
    int warmup = 3, runs = 20;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc)
            warmup = parse_count(argv[++i], 1);
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = parse_count(argv[++i], 1);
        else if (strcmp(argv[i], "--ref") == 0 && i + 1 < argc)
            ref = argv[++i];
        else if (argv[i][0] == '-' || model)
            usage();
        else
            model = argv[i];
    }
    if (!model)
        usage();

    aclError a;
    if ((a = aclInit(NULL)) != ACL_SUCCESS)
        die_acl("aclInit", a);
    if ((a = aclrtSetDevice(0)) != ACL_SUCCESS)
        die_acl("aclrtSetDevice", a);
    if (ge_initialize(NULL) != GE_STATUS_SUCCESS)
        die("ge_initialize");
    ge_session *session;
    if (ge_session_create(NULL, &session) != GE_STATUS_SUCCESS)
        die("ge_session_create");
    aclrtStream stream;
    if ((a = aclrtCreateStream(&stream)) != ACL_SUCCESS)
        die_acl("aclrtCreateStream", a);

    ge_graph *graph;
    double t_import = now_ms();
    if (ge_graph_from_onnx_file(model, NULL, &graph) != GE_STATUS_SUCCESS)
        die("ge_graph_from_onnx_file");
    t_import = now_ms() - t_import;
    const uint32_t gid = 1;
    if (ge_session_add_graph(session, gid, graph, NULL) != GE_STATUS_SUCCESS)
        die("ge_session_add_graph");
    double t_compile = now_ms();
    if (ge_session_compile_graph(session, gid) != GE_STATUS_SUCCESS)
        die("ge_session_compile_graph");
    t_compile = now_ms() - t_compile;

    /* Inputs: host data by the formula, copied once to device memory. */
    size_t n_in = ge_graph_get_input_count(graph);
    ge_tensor **in = xcalloc(n_in, sizeof *in);
    void **in_dev = xcalloc(n_in, sizeof *in_dev);
    for (size_t i = 0; i < n_in; i++) {
        const char *name = ge_graph_get_input_name(graph, i);
        ge_dtype dt;
        int64_t dims[MAX_RANK];
        int32_t rank = GE_RANK_UNKNOWN;
        if (ge_graph_get_value_dtype(graph, name, &dt) != GE_STATUS_SUCCESS ||
            ge_graph_get_value_shape(graph, name, dims, MAX_RANK, &rank) != GE_STATUS_SUCCESS)
            die("input type");
        if (rank < 0) {
            fprintf(stderr, "bench_models: input %s has an unknown rank\n", name);
            return 1;
        }
        int64_t count = 1;
        for (int32_t k = 0; k < rank; k++) {
            if (dims[k] < 0) {
                fprintf(stderr, "bench_models: input %s has symbolic dims\n", name);
                return 1;
            }
            count *= dims[k];
        }
        size_t bytes = (size_t)count * ge_dtype_get_size(dt);
        void *host = xcalloc(bytes, 1);
        fill_input(dt, host, count);
        if ((a = aclrtMalloc(&in_dev[i], bytes ? bytes : 1, ACL_MEM_MALLOC_HUGE_FIRST)) != ACL_SUCCESS)
            die_acl("aclrtMalloc (input)", a);
        if (bytes && (a = aclrtMemcpy(in_dev[i], bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE)) != ACL_SUCCESS)
            die_acl("aclrtMemcpy (input)", a);
        free(host);
        if (ge_tensor_wrap(dt, dims, (size_t)rank, in_dev[i], bytes, GE_PLACEMENT_DEVICE, NULL, NULL, &in[i]) !=
            GE_STATUS_SUCCESS)
            die("ge_tensor_wrap (input)");
    }

    /* Outputs: device memory of the compiled shapes, reused by every run. */
    size_t n_out = ge_graph_get_output_count(graph);
    ge_graph_summary *summary;
    if (ge_session_get_graph_summary(session, gid, &summary) != GE_STATUS_SUCCESS)
        die("ge_session_get_graph_summary");
    if (!ge_graph_summary_is_static(summary)) {
        fprintf(stderr, "bench_models: %s compiles to a dynamic graph; the benchmark needs static shapes\n", model);
        return 1;
    }
    ge_tensor **out = xcalloc(n_out, sizeof *out);
    void **out_dev = xcalloc(n_out, sizeof *out_dev);
    for (size_t i = 0; i < n_out; i++) {
        ge_dtype dt;
        int64_t dims[MAX_RANK];
        size_t rank;
        if (ge_graph_summary_get_output(summary, i, &dt, dims, MAX_RANK, &rank) != GE_STATUS_SUCCESS)
            die("ge_graph_summary_get_output");
        size_t bytes = ge_dtype_get_size(dt);
        for (size_t k = 0; k < rank; k++)
            bytes *= (size_t)dims[k];
        if ((a = aclrtMalloc(&out_dev[i], bytes ? bytes : 1, ACL_MEM_MALLOC_HUGE_FIRST)) != ACL_SUCCESS)
            die_acl("aclrtMalloc (output)", a);
        if (ge_tensor_wrap(dt, dims, rank, out_dev[i], bytes, GE_PLACEMENT_DEVICE, NULL, NULL, &out[i]) !=
            GE_STATUS_SUCCESS)
            die("ge_tensor_wrap (output)");
    }
    ge_graph_summary_destroy(summary);

    /* Warm-up (the first run loads the compiled graph onto the stream), then the timed runs. */
    double *times = xcalloc((size_t)runs, sizeof *times);
    double first = 0;
    for (int r = -warmup; r < runs; r++) {
        double t0 = now_ms();
        if (ge_session_run_graph_with_stream_async(session, gid, stream, n_in, (const ge_tensor *const *)in, n_out,
                                                   out) != GE_STATUS_SUCCESS)
            die("ge_session_run_graph_with_stream_async");
        if ((a = aclrtSynchronizeStream(stream)) != ACL_SUCCESS)
            die_acl("aclrtSynchronizeStream", a);
        double t = now_ms() - t0;
        if (r == -warmup)
            first = t;
        if (r >= 0)
            times[r] = t;
    }
    double tmin = times[0];
    for (int r = 1; r < runs; r++)
        tmin = times[r] < tmin ? times[r] : tmin;
    const char *base = strrchr(model, '/');
    base = base ? base + 1 : model;
    const char *threads = getenv("GEFLOW_NUM_THREADS");
    printf("geflow: %s threads=%s warmup=%d runs=%d import_ms=%.3f compile_ms=%.3f first_ms=%.3f", base,
           threads && threads[0] ? threads : "default", warmup, runs, t_import, t_compile, first);
    printf(" median_ms=");
    double *sorted = xcalloc((size_t)runs, sizeof *sorted);
    memcpy(sorted, times, (size_t)runs * sizeof *times);
    qsort(sorted, (size_t)runs, sizeof *sorted, cmp_double);
    double med = runs % 2 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
    printf("%.3f min_ms=%.3f\n", med, tmin);
    printf("geflow_times_ms:");
    for (int r = 0; r < runs; r++)
        printf(" %.3f", times[r]);
    printf("\n");
    free(sorted);
    free(times);

    int rc = 0;
    if (ref) {
        double all_abs = 0, all_rel = 0;
        for (size_t i = 0; i < n_out; i++) {
            char path[4096], err[4352], type_g[160], type_r[160];
            snprintf(path, sizeof path, "%s/output_%zu.npy", ref, i);
            npy r;
            if (npy_read(path, &r, err, sizeof err)) {
                fprintf(stderr, "bench_models: %s\n", err);
                rc = 1;
                continue;
            }
            ge_dtype dt = ge_tensor_get_dtype(out[i]);
            size_t rank = ge_tensor_get_rank(out[i]);
            const int64_t *dims = ge_tensor_get_dims(out[i]);
            format_type(dt, dims, rank, type_g, sizeof type_g);
            format_type(r.dtype, r.dims, r.rank, type_r, sizeof type_r);
            if (dt != r.dtype || rank != r.rank || (rank && memcmp(dims, r.dims, rank * sizeof *dims) != 0)) {
                printf("compare: output %zu %s: geflow %s, reference %s: MISMATCH\n", i,
                       ge_graph_get_output_name(graph, i), type_g, type_r);
                all_abs = all_rel = INFINITY;
                rc = 1;
                free(r.data);
                continue;
            }
            size_t bytes = ge_tensor_get_byte_size(out[i]);
            void *host = xcalloc(bytes, 1);
            if (bytes && (a = aclrtMemcpy(host, bytes, out_dev[i], bytes, ACL_MEMCPY_DEVICE_TO_HOST)) != ACL_SUCCESS)
                die_acl("aclrtMemcpy (output)", a);
            size_t n = bytes / ge_dtype_get_size(dt);
            double mabs = 0, mrel = 0;
            for (size_t k = 0; k < n; k++) {
                double g = element(dt, host, k), e = element(dt, r.data, k);
                double d;
                if (isnan(g) || isnan(e))
                    d = isnan(g) && isnan(e) ? 0 : INFINITY;
                else if (g == e)
                    d = 0; /* equal infinities too */
                else
                    d = fabs(g - e);
                double rel = d == 0 ? 0 : d / fmax(fabs(e), 1e-6);
                mabs = d > mabs ? d : mabs;
                mrel = rel > mrel ? rel : mrel;
            }
            printf("compare: output %zu %s %s: max_abs=%.3g max_rel=%.3g (%zu elements)\n", i,
                   ge_graph_get_output_name(graph, i), type_g, mabs, mrel, n);
            all_abs = mabs > all_abs ? mabs : all_abs;
            all_rel = mrel > all_rel ? mrel : all_rel;
            free(host);
            free(r.data);
        }
        printf("geflow_vs_ref: max_abs=%.3g max_rel=%.3g\n", all_abs, all_rel);
    }

    for (size_t i = 0; i < n_out; i++) {
        ge_tensor_destroy(out[i]);
        aclrtFree(out_dev[i]);
    }
    for (size_t i = 0; i < n_in; i++) {
        ge_tensor_destroy(in[i]);
        aclrtFree(in_dev[i]);
    }
    free(out);
    free(out_dev);
    free(in);
    free(in_dev);
    ge_graph_destroy(graph);
    ge_session_destroy(session);
    ge_finalize();
    aclrtDestroyStream(stream);
    aclrtResetDevice(0);
    aclFinalize();
    return rc;
}

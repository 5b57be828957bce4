/* geflow: the command-line tool. run / check / info / ops over the public C API; runs go
 * through ge_session_run_graph_with_stream_async on an ACL stream with device memory. */
#include "gf.h"
#include "npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_ARGS 64

static void usage(FILE *f)
{
    fprintf(f,
            "usage: geflow <command> [args]\n"
            "\n"
            "commands:\n"
            "  run MODEL.onnx [-i NAME=FILE ...] [-o DIR] [--shape NAME=d0,d1,...] [--seed N] [--pb] [--repeat N]\n"
            "        import and run a model through a session on a stream with device memory; inputs from\n"
            "        .npy or .pb (TensorProto) files, else deterministic random data; prints each output\n"
            "        and the run time; -o writes outputs as DIR/<name>.npy (and .pb with --pb)\n"
            "  check [--rtol R] [--atol A] DIR...\n"
            "        run ONNX-style test directories (model.onnx + test_data_set_*/input_N.pb, output_N.pb;\n"
            "        a DIR without model.onnx stands for its subdirectories) and compare the outputs\n"
            "        (floats within 1e-4 relative + 1e-5 absolute by default, integers and bools exact)\n"
            "  info MODEL.onnx\n"
            "        inputs, outputs, op histogram, opsets, parameter count and bytes\n"
            "  ops [--markdown]\n"
            "        the op registry: op, domain, opsets, dtypes\n"
            "  help\n");
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "geflow: ");
    fprintf(stderr, fmt, arg ? arg : "");
    fprintf(stderr, "\n\n");
    usage(stderr);
    return 2;
}

static int parse_u64(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || !*s || *end || s[0] == '-')
        return 1;
    *out = v;
    return 0;
}

/* Output names to file names: anything outside [A-Za-z0-9._-] becomes '_'. */
static void safe_name(const char *name, char *out, size_t cap)
{
    size_t i = 0;
    for (; name[i] && i + 1 < cap; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                 c == '_' || c == '-';
        out[i] = ok ? c : '_';
    }
    out[i] = '\0';
    if (!i || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
        snprintf(out, cap, "output");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- run ---- */
static int cmd_run(int argc, char **argv)
{
    const char *model = NULL, *out_dir = NULL;
    const char *in_names[MAX_ARGS], *in_files[MAX_ARGS], *shapes[MAX_ARGS];
    size_t n_in_args = 0, n_shapes = 0;
    unsigned long long seed = 0, repeat = 1;
    int write_pb = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-i") == 0 || strcmp(a, "--input") == 0) {
            if (++i >= argc)
                return usage_error("%s needs NAME=FILE", a);
            if (n_in_args == MAX_ARGS)
                return usage_error("too many inputs%s", NULL);
            char *eq = strchr(argv[i], '=');
            if (eq) {
                *eq = '\0';
                in_names[n_in_args] = argv[i];
                in_files[n_in_args++] = eq + 1;
            } else {
                in_names[n_in_args] = NULL; /* by position */
                in_files[n_in_args++] = argv[i];
            }
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output-dir") == 0) {
            if (++i >= argc)
                return usage_error("%s needs a directory", a);
            out_dir = argv[i];
        } else if (strcmp(a, "--shape") == 0) {
            if (++i >= argc || !strchr(argv[i], '='))
                return usage_error("--shape needs NAME=d0,d1,...%s", NULL);
            if (n_shapes == MAX_ARGS)
                return usage_error("too many --shape options%s", NULL);
            shapes[n_shapes++] = argv[i];
        } else if (strcmp(a, "--seed") == 0) {
            if (++i >= argc || parse_u64(argv[i], &seed))
                return usage_error("--seed needs a non-negative integer%s", NULL);
        } else if (strcmp(a, "--repeat") == 0) {
            if (++i >= argc || parse_u64(argv[i], &repeat) || repeat < 1 || repeat > 1000000)
                return usage_error("--repeat needs an integer from 1 to 1000000%s", NULL);
        } else if (strcmp(a, "--pb") == 0) {
            write_pb = 1;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("run: unknown option %s", a);
        } else if (!model) {
            model = a;
        } else {
            return usage_error("run: unexpected argument %s", a);
        }
    }
    if (!model)
        return usage_error("run: no model given%s", NULL);

    char err[GF_ERR];
    ge_options *opts = NULL;
    if (n_shapes) {
        /* --shape NAME=1,3,224,224 becomes the parser option input_shape "NAME:1,3,224,224;..." */
        size_t len = 1;
        for (size_t i = 0; i < n_shapes; i++)
            len += strlen(shapes[i]) + 1;
        char *s = calloc(len, 1);
        if (!s || ge_options_create(&opts) != GE_STATUS_SUCCESS) {
            free(s);
            fprintf(stderr, "geflow: out of memory\n");
            return 1;
        }
        for (size_t i = 0; i < n_shapes; i++) {
            if (i)
                strcat(s, ";");
            size_t at = strlen(s);
            strcat(s, shapes[i]);
            *strchr(s + at, '=') = ':';
        }
        ge_status st = ge_options_set(opts, "input_shape", s);
        free(s);
        if (st != GE_STATUS_SUCCESS) {
            fprintf(stderr, "geflow: %s\n", ge_get_error_message());
            ge_options_destroy(opts);
            return 1;
        }
    }

    gf_engine e;
    if (gf_engine_start(&e, err, sizeof err)) {
        fprintf(stderr, "geflow: %s\n", err);
        ge_options_destroy(opts);
        return 1;
    }
    int rc = 1;
    gf_model m;
    ge_tensor **in = NULL, **dev_in = NULL, **dev_out = NULL, **out = NULL;
    double t0 = gf_now_ms();
    int loaded = gf_model_load(&e, model, opts, &m, err, sizeof err) == 0;
    ge_options_destroy(opts);
    if (!loaded) {
        fprintf(stderr, "geflow: %s: %s\n", model, err);
        goto done_engine;
    }
    double t_import = gf_now_ms() - t0;
    in = calloc(m.n_inputs + 1, sizeof *in);
    dev_in = calloc(m.n_inputs + 1, sizeof *dev_in);
    dev_out = calloc(m.n_outputs + 1, sizeof *dev_out);
    out = calloc(m.n_outputs + 1, sizeof *out);
    if (!in || !dev_in || !dev_out || !out) {
        fprintf(stderr, "geflow: out of memory\n");
        goto done;
    }
    /* -i arguments naming no input of the model are errors, not silently ignored. */
    for (size_t k = 0; k < n_in_args; k++) {
        if (in_names[k] && !ge_graph_has_value(m.graph, in_names[k])) {
            fprintf(stderr, "geflow: -i %s: the model has no input named '%s'; its inputs:", in_names[k], in_names[k]);
            for (size_t i = 0; i < m.n_inputs; i++)
                fprintf(stderr, " %s", ge_graph_get_input_name(m.graph, i));
            fprintf(stderr, "\n");
            goto done;
        }
        if (!in_names[k] && k >= m.n_inputs) {
            fprintf(stderr, "geflow: -i %s: the model has only %zu inputs\n", in_files[k], m.n_inputs);
            goto done;
        }
    }
    printf("model %s: %zu inputs, %zu outputs, %zu nodes (imported in %.2f ms)\n", model, m.n_inputs, m.n_outputs,
           ge_graph_get_node_count(m.graph), t_import);
    for (size_t i = 0; i < m.n_inputs; i++) {
        const char *name = ge_graph_get_input_name(m.graph, i);
        const char *file = NULL;
        for (size_t k = 0; k < n_in_args; k++)
            if ((in_names[k] && strcmp(in_names[k], name) == 0) || (!in_names[k] && k == i))
                file = in_files[k];
        ge_dtype dt = GE_DTYPE_UNDEFINED;
        int64_t dims[16];
        int32_t rank = GE_RANK_UNKNOWN;
        ge_graph_get_value_dtype(m.graph, name, &dt);
        ge_graph_get_value_shape(m.graph, name, dims, 16, &rank);
        char desc[256], vals[256];
        if (file) {
            if (gf_tensor_load(file, &in[i], NULL, 0, err, sizeof err)) {
                fprintf(stderr, "geflow: input '%s': %s\n", name, err);
                goto done;
            }
            gf_format_type(ge_tensor_get_dtype(in[i]), ge_tensor_get_dims(in[i]), (int32_t)ge_tensor_get_rank(in[i]),
                           desc, sizeof desc);
            printf("input  %-20s %-24s from %s\n", name, desc, file);
        } else {
            int unknown = rank == GE_RANK_UNKNOWN;
            if (unknown)
                rank = 0;
            for (int32_t d = 0; d < rank; d++)
                if (dims[d] < 0) {
                    dims[d] = 1;
                    unknown = 1;
                }
            if (gf_tensor_random(dt, dims, (size_t)rank, seed + i, &in[i], err, sizeof err)) {
                fprintf(stderr, "geflow: input '%s': %s\n", name, err);
                goto done;
            }
            gf_format_type(dt, dims, rank, desc, sizeof desc);
            gf_format_values(in[i], 4, vals, sizeof vals);
            printf("input  %-20s %-24s random (seed %llu)%s %s\n", name, desc, seed + i,
                   unknown ? ", unknown dims taken as 1 (use --shape)" : "", vals);
        }
    }
    if (gf_inputs_to_device(m.n_inputs, in, dev_in, err, sizeof err)) {
        fprintf(stderr, "geflow: %s\n", err);
        goto done;
    }
    /* First run: compiles and loads the graph, then runs it. */
    t0 = gf_now_ms();
    if (gf_run_device(&e, &m, dev_in, dev_out, err, sizeof err)) {
        fprintf(stderr, "geflow: run: %s\n", err);
        goto done;
    }
    double t_first = gf_now_ms() - t0;
    double *times = NULL;
    if (repeat > 1) {
        times = calloc(repeat, sizeof *times);
        if (!times) {
            fprintf(stderr, "geflow: out of memory\n");
            goto done;
        }
        for (unsigned long long r = 0; r < repeat; r++) {
            gf_tensors_destroy(m.n_outputs, dev_out);
            t0 = gf_now_ms();
            if (gf_run_device(&e, &m, dev_in, dev_out, err, sizeof err)) {
                fprintf(stderr, "geflow: run %llu: %s\n", r + 1, err);
                free(times);
                goto done;
            }
            times[r] = gf_now_ms() - t0;
        }
    }
    if (gf_outputs_to_host(m.n_outputs, dev_out, out, err, sizeof err)) {
        fprintf(stderr, "geflow: %s\n", err);
        free(times);
        goto done;
    }
    if (out_dir && mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "geflow: cannot create %s: %s\n", out_dir, strerror(errno));
        free(times);
        goto done;
    }
    rc = 0;
    for (size_t i = 0; i < m.n_outputs; i++) {
        const char *name = ge_graph_get_output_name(m.graph, i);
        char desc[256], vals[512];
        gf_format_type(ge_tensor_get_dtype(out[i]), ge_tensor_get_dims(out[i]), (int32_t)ge_tensor_get_rank(out[i]),
                       desc, sizeof desc);
        gf_format_values(out[i], 10, vals, sizeof vals);
        printf("output %-20s %-24s %s\n", name, desc, vals);
        if (out_dir) {
            char fname[256], path[4096];
            safe_name(name, fname, sizeof fname);
            snprintf(path, sizeof path, "%s/%s.npy", out_dir, fname);
            if (npy_write_file(path, out[i], err, sizeof err)) {
                fprintf(stderr, "geflow: %s\n", err);
                rc = 1;
            } else {
                printf("       wrote %s\n", path);
            }
            if (write_pb) {
                snprintf(path, sizeof path, "%s/%s.pb", out_dir, fname);
                if (ge_tensor_save_onnx_pb(out[i], name, path) != GE_STATUS_SUCCESS) {
                    fprintf(stderr, "geflow: %s: %s\n", path, ge_get_error_message());
                    rc = 1;
                } else {
                    printf("       wrote %s\n", path);
                }
            }
        }
    }
    printf("first run (compile + load + run): %.3f ms\n", t_first);
    if (times) {
        double sum = 0;
        for (unsigned long long r = 0; r < repeat; r++)
            sum += times[r];
        qsort(times, repeat, sizeof *times, cmp_double);
        double median = repeat % 2 ? times[repeat / 2] : (times[repeat / 2 - 1] + times[repeat / 2]) / 2;
        printf("%llu runs (enqueue on the stream + synchronize): median %.3f ms, min %.3f ms, mean %.3f ms\n", repeat,
               median, times[0], sum / (double)repeat);
        free(times);
    }
done:
    if (in)
        gf_tensors_destroy(m.n_inputs, in);
    if (dev_in)
        gf_tensors_destroy(m.n_inputs, dev_in);
    if (dev_out)
        gf_tensors_destroy(m.n_outputs, dev_out);
    if (out)
        gf_tensors_destroy(m.n_outputs, out);
    free(in);
    free(dev_in);
    free(dev_out);
    free(out);
    gf_model_unload(&e, &m);
done_engine:
    gf_engine_stop(&e);
    return rc;
}

/* ---- check ---- */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#include <dirent.h>

static int cmd_check(int argc, char **argv)
{
    double rtol = 1e-4, atol = 1e-5;
    char **dirs = NULL;
    size_t n_dirs = 0, cap = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--rtol") == 0 || strcmp(argv[i], "--atol") == 0) {
            char *end;
            if (i + 1 >= argc || (strtod(argv[i + 1], &end), *end) || argv[i + 1][0] == '\0')
                return usage_error("%s needs a number", argv[i]);
            double v = strtod(argv[i + 1], NULL);
            if (!(v >= 0))
                return usage_error("%s must be a number >= 0", argv[i]);
            *(strcmp(argv[i], "--rtol") == 0 ? &rtol : &atol) = v;
            i++;
            continue;
        }
        if (argv[i][0] == '-')
            return usage_error("check: unknown option %s", argv[i]);
        /* A directory without model.onnx stands for its case subdirectories. */
        char **add = NULL;
        size_t n_add = 0;
        if (gf_is_case_dir(argv[i])) {
            add = malloc(sizeof *add);
            if (add && (add[0] = strdup(argv[i])))
                n_add = 1;
        } else {
            DIR *d = opendir(argv[i]);
            if (!d) {
                fprintf(stderr, "geflow: check: %s: not a test directory (no model.onnx) and not readable: %s\n",
                        argv[i], strerror(errno));
                return 1;
            }
            struct dirent *de;
            size_t c2 = 0;
            while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                    continue;
                char p[4096];
                snprintf(p, sizeof p, "%s/%s", argv[i], de->d_name);
                if (!gf_is_case_dir(p))
                    continue;
                if (n_add == c2) {
                    c2 = c2 ? c2 * 2 : 64;
                    char **na = realloc(add, c2 * sizeof *na);
                    if (!na)
                        break;
                    add = na;
                }
                if ((add[n_add] = strdup(p)))
                    n_add++;
            }
            closedir(d);
            if (n_add == 0) {
                fprintf(stderr, "geflow: check: %s holds no test directory (model.onnx + test_data_set_*)\n", argv[i]);
                free(add);
                return 1;
            }
            qsort(add, n_add, sizeof *add, cmp_str);
        }
        for (size_t k = 0; k < n_add; k++) {
            if (n_dirs == cap) {
                cap = cap ? cap * 2 : 64;
                char **nd = realloc(dirs, cap * sizeof *nd);
                if (!nd) {
                    fprintf(stderr, "geflow: out of memory\n");
                    return 1;
                }
                dirs = nd;
            }
            dirs[n_dirs++] = add[k];
        }
        free(add);
    }
    if (!n_dirs)
        return usage_error("check: no directory given%s", NULL);
    char err[GF_ERR];
    gf_engine e;
    if (gf_engine_start(&e, err, sizeof err)) {
        fprintf(stderr, "geflow: %s\n", err);
        return 1;
    }
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < n_dirs; i++) {
        gf_case_result r;
        gf_case_run(&e, dirs[i], rtol, atol, &r);
        const char *base = strrchr(dirs[i], '/');
        base = base && base[1] ? base + 1 : dirs[i];
        if (r.passed) {
            passed++;
            printf("PASS %-50s %zu data set%s, max abs %.3g, max rel %.3g\n", base, r.n_sets, r.n_sets == 1 ? "" : "s",
                   r.max_abs, r.max_rel);
        } else {
            failed++;
            printf("FAIL %-50s %s: %s\n", base, r.stage, r.reason);
        }
        fflush(stdout);
        free(dirs[i]);
    }
    free(dirs);
    gf_engine_stop(&e);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed ? 1 : 0;
}

/* ---- info ---- */
typedef struct op_count {
    char name[96];
    size_t count;
} op_count;

static void count_ops(const ge_graph *g, op_count *ops, size_t *n_ops, size_t cap, size_t *total, int depth)
{
    for (size_t i = 0; i < ge_graph_get_node_count(g); i++) {
        const ge_node *nd = ge_graph_get_node(g, i);
        char key[96];
        const char *dom = ge_node_get_domain(nd);
        if (dom && dom[0] && strcmp(dom, "ai.onnx") != 0)
            snprintf(key, sizeof key, "%s:%s", dom, ge_node_get_op_type(nd));
        else
            snprintf(key, sizeof key, "%s", ge_node_get_op_type(nd));
        size_t k = 0;
        while (k < *n_ops && strcmp(ops[k].name, key) != 0)
            k++;
        if (k == *n_ops && *n_ops < cap) {
            snprintf(ops[k].name, sizeof ops[k].name, "%s", key);
            ops[k].count = 0;
            (*n_ops)++;
        }
        if (k < *n_ops)
            ops[k].count++;
        (*total)++;
        if (depth < 16)
            for (size_t s = 0; s < ge_node_get_subgraph_count(nd); s++)
                count_ops(ge_node_get_subgraph(nd, s), ops, n_ops, cap, total, depth + 1);
    }
}

static int cmp_op_count(const void *a, const void *b)
{
    const op_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

static void print_value(const ge_graph *g, const char *kind, const char *name)
{
    ge_dtype dt = GE_DTYPE_UNDEFINED;
    int64_t dims[16];
    int32_t rank = GE_RANK_UNKNOWN;
    ge_graph_get_value_dtype(g, name, &dt);
    if (ge_graph_get_value_shape(g, name, dims, 16, &rank) != GE_STATUS_SUCCESS)
        rank = GE_RANK_UNKNOWN;
    char desc[256];
    gf_format_type(dt, dims, rank, desc, sizeof desc);
    printf("  %-6s %-32s %s\n", kind, name, desc);
}

static int cmd_info(int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-')
        return usage_error("info: needs exactly one model file%s", NULL);
    char err[GF_ERR];
    gf_model m;
    if (gf_model_load(NULL, argv[0], NULL, &m, err, sizeof err)) {
        fprintf(stderr, "geflow: %s: %s\n", argv[0], err);
        return 1;
    }
    printf("model %s (graph '%s')\n", argv[0], ge_graph_get_name(m.graph));
    printf("opsets:");
    for (size_t i = 0; i < ge_graph_get_opset_count(m.graph); i++) {
        const char *dom;
        int v;
        if (ge_graph_get_opset_at(m.graph, i, &dom, &v) == GE_STATUS_SUCCESS)
            printf(" %s %d%s", dom, v, i + 1 < ge_graph_get_opset_count(m.graph) ? "," : "");
    }
    printf("\ninputs (%zu):\n", m.n_inputs);
    for (size_t i = 0; i < m.n_inputs; i++)
        print_value(m.graph, "input", ge_graph_get_input_name(m.graph, i));
    printf("outputs (%zu):\n", m.n_outputs);
    for (size_t i = 0; i < m.n_outputs; i++)
        print_value(m.graph, "output", ge_graph_get_output_name(m.graph, i));
    op_count ops[256];
    size_t n_ops = 0, total = 0;
    count_ops(m.graph, ops, &n_ops, 256, &total, 0);
    qsort(ops, n_ops, sizeof *ops, cmp_op_count);
    printf("ops (%zu nodes, %zu op types, subgraphs included):\n", total, n_ops);
    for (size_t i = 0; i < n_ops; i++)
        printf("  %-32s %zu\n", ops[i].name, ops[i].count);
    size_t n_const = ge_graph_get_constant_count(m.graph);
    unsigned long long params = 0, bytes = 0;
    for (size_t i = 0; i < n_const; i++) {
        const char *name = ge_graph_get_constant_name(m.graph, i);
        ge_dtype dt = GE_DTYPE_UNDEFINED;
        int64_t dims[16];
        int32_t rank = 0;
        if (!name || ge_graph_get_value_dtype(m.graph, name, &dt) != GE_STATUS_SUCCESS ||
            ge_graph_get_value_shape(m.graph, name, dims, 16, &rank) != GE_STATUS_SUCCESS || rank < 0)
            continue;
        unsigned long long n = 1;
        for (int32_t d = 0; d < rank; d++)
            n *= dims[d] < 0 ? 0 : (unsigned long long)dims[d];
        params += n;
        bytes += n * ge_dtype_get_size(dt);
    }
    printf("parameters: %llu in %zu initializers, %llu bytes (%.2f MiB)\n", params, n_const, bytes,
           (double)bytes / (1024.0 * 1024.0));
    gf_model_unload(NULL, &m);
    return 0;
}

/* ---- ops ---- */
static void format_dtypes_sep(uint64_t mask, char *buf, size_t size, const char *sep)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int d = 0; d < 64 && n < size; d++)
        if (mask & (1ull << d))
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? sep : "", ge_dtype_get_name((ge_dtype)d));
    if (n == 0)
        snprintf(buf, size, "-");
}

static void format_dtypes(uint64_t mask, char *buf, size_t size)
{
    format_dtypes_sep(mask, buf, size, "|");
}

static int cmd_ops(int argc, char **argv)
{
    int md = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--markdown") == 0)
            md = 1;
        else
            return usage_error("ops: unknown argument %s", argv[i]);
    }
    size_t n = ge_registry_op_count();
    if (md) {
        /* One row per (op, domain): its opset ranges and the union of their dtypes. */
        printf("| op | domain | opsets | dtypes |\n|---|---|---|---|\n");
        for (size_t i = 0; i < n; i++) {
            const char *name, *dom;
            int since, last;
            uint64_t mask;
            if (ge_registry_op_at(i, &name, &dom, &since, &last, &mask) != GE_STATUS_SUCCESS)
                continue;
            int first = 1;
            for (size_t j = 0; j < i && first; j++) {
                const char *n2, *d2;
                if (ge_registry_op_at(j, &n2, &d2, NULL, NULL, NULL) == GE_STATUS_SUCCESS && strcmp(n2, name) == 0 &&
                    strcmp(d2, dom) == 0)
                    first = 0;
            }
            if (!first)
                continue;
            char opsets[256] = "", dts[512];
            size_t len = 0;
            uint64_t all = 0;
            for (size_t j = i; j < n; j++) {
                const char *n2, *d2;
                int s2, l2;
                uint64_t m2;
                if (ge_registry_op_at(j, &n2, &d2, &s2, &l2, &m2) != GE_STATUS_SUCCESS || strcmp(n2, name) != 0 ||
                    strcmp(d2, dom) != 0)
                    continue;
                all |= m2;
                if (len < sizeof opsets)
                    len += (size_t)snprintf(opsets + len, sizeof opsets - len, "%s%d-%d", len ? ", " : "", s2, l2);
            }
            format_dtypes_sep(all, dts, sizeof dts, ", ");
            printf("| %s | %s | %s | %s |\n", name, dom, opsets, dts);
        }
        return 0;
    }
    printf("%-28s %-16s %-9s %s\n", "op", "domain", "opsets", "dtypes");
    for (size_t i = 0; i < n; i++) {
        const char *name, *dom;
        int since, last;
        uint64_t mask;
        if (ge_registry_op_at(i, &name, &dom, &since, &last, &mask) != GE_STATUS_SUCCESS)
            continue;
        char opsets[32], dts[512];
        snprintf(opsets, sizeof opsets, "%d-%d", since, last);
        format_dtypes(mask, dts, sizeof dts);
        printf("%-28s %-16s %-9s %s\n", name, dom, opsets, dts);
    }
    printf("%zu schema entries\n", n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given%s", NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "info") == 0)
        return cmd_info(argc - 2, argv + 2);
    if (strcmp(cmd, "ops") == 0)
        return cmd_ops(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}

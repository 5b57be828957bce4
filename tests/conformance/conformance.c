/* The ONNX conformance runner.
 *
 *   conformance [options] DIR           every case of a node-test directory (DIR/test_*: model.onnx +
 *                                       test_data_set_N/input_K.pb, output_K.pb)
 *   conformance --light DIR             every DIR/X.onnx with DIR/X_output_0.pb (the light models)
 *
 * Each case runs through the session path: import, add graph, inputs copied to device memory,
 * ge_session_run_graph_with_stream_async on a stream, synchronize, outputs copied back and
 * compared (floats within rtol * |expected| + atol, default 1e-4 and 1e-5; integers and bools
 * exact; per-op or per-case tolerances from --tolerances FILE).
 *
 * Cases run in a child process so that a crash or a hang in one case is reported as that case's
 * failure and the run goes on with the next (a new child).
 *
 * Skips come only from the skip file (--skip FILE), by category with a reason: case-name
 * patterns, node domains, op types, sequence/optional/map-typed inputs or outputs, element types
 * without a ge_dtype. Expected failures (--xfail FILE, section [CORPUS] chosen by --corpus) are
 * counted apart; a listed case that passes is reported as unexpectedly passed and fails the run
 * (remove it from the list), as does any failure of a case not listed.
 *
 * Options: --skip FILE, --xfail FILE, --corpus NAME, --tolerances FILE, --sample N (every Nth case
 * only, a fixed sample for the sanitizer builds), --filter SUBSTR, --timeout SECONDS (per case,
 * default 120), --print-xfail (list expected failures too), --write-xfail FILE (write the failures
 * as an expected-failures section, for updating the list), --quiet-ops (no per-op table). */
#include "gf.h"
#include "onnx_peek.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- rule files ---- */
typedef struct skip_rule {
    char category[32];
    char kind[16]; /* case, domain, op, io-kind, elem-type */
    char arg[512];
} skip_rule;

typedef struct category {
    char name[32];
    char reason[256];
    size_t count;
} category;

typedef struct xfail {
    char name[160];
    char reason[256];
    bool seen;
} xfail;

typedef struct tolerance {
    char pattern[128]; /* op type or case-name glob */
    double rtol, atol;
} tolerance;

static skip_rule *rules;
static size_t n_rules;
static category categories[64];
static const char *run_corpus = "default"; /* --corpus: selects corpus-case skip rules */
static size_t n_categories;
static xfail *xfails;
static size_t n_xfails;
static tolerance tols[256];
static size_t n_tols;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static category *find_category(const char *name)
{
    for (size_t i = 0; i < n_categories; i++)
        if (strcmp(categories[i].name, name) == 0)
            return &categories[i];
    return NULL;
}

/* Skip file lines:  "category NAME REASON..."  and  "NAME KIND ARG"  (# comments). */
static int load_skips(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "conformance: cannot open skip file %s: %s\n", path, strerror(errno));
        return 1;
    }
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        char a[64] = "", b[64] = "";
        int off = 0;
        if (sscanf(s, "%63s %63s %n", a, b, &off) < 2) {
            fprintf(stderr, "%s:%d: expected 'category NAME REASON' or 'NAME KIND ARG'\n", path, lineno);
            fclose(f);
            return 1;
        }
        if (strcmp(a, "category") == 0) {
            if (n_categories == 64 || !off) {
                fprintf(stderr, "%s:%d: too many categories or no reason\n", path, lineno);
                fclose(f);
                return 1;
            }
            category *c = &categories[n_categories++];
            gf_errf(c->name, sizeof c->name, "%s", b);
            gf_errf(c->reason, sizeof c->reason, "%s", s + off);
            continue;
        }
        const char *kinds[] = {"case", "corpus-case", "domain", "op", "io-kind", "elem-type"};
        bool known = false;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            known |= strcmp(b, kinds[k]) == 0;
        if (!find_category(a) || !known || !off) {
            fprintf(stderr, "%s:%d: unknown category '%s' (declare it first) or kind '%s' (case, corpus-case, domain, op, io-kind, elem-type), or no argument\n",
                    path, lineno, a, b);
            fclose(f);
            return 1;
        }
        skip_rule *nr = realloc(rules, (n_rules + 1) * sizeof *rules);
        if (!nr) {
            fclose(f);
            return 1;
        }
        rules = nr;
        skip_rule *r = &rules[n_rules++];
        gf_errf(r->category, sizeof r->category, "%s", a);
        gf_errf(r->kind, sizeof r->kind, "%s", b);
        gf_errf(r->arg, sizeof r->arg, "%s", trim(s + off));
    }
    fclose(f);
    return 0;
}

/* Expected failures: "[CORPUS]" sections; lines "case_name  reason". */
static int load_xfails(const char *path, const char *corpus)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "conformance: cannot open expected-failures file %s: %s\n", path, strerror(errno));
        return 1;
    }
    char line[512];
    bool in = false;
    while (fgets(line, sizeof line, f)) {
        char *s = trim(line);
        if (*s == '#' || !*s)
            continue;
        if (*s == '[') {
            char *e = strchr(s, ']');
            if (e)
                *e = '\0';
            in = corpus && strcmp(s + 1, corpus) == 0;
            continue;
        }
        if (!in)
            continue;
        xfail *nx = realloc(xfails, (n_xfails + 1) * sizeof *xfails);
        if (!nx) {
            fclose(f);
            return 1;
        }
        xfails = nx;
        xfail *x = &xfails[n_xfails++];
        memset(x, 0, sizeof *x);
        int off = 0;
        sscanf(s, "%159s %n", x->name, &off);
        gf_errf(x->reason, sizeof x->reason, "%s", off ? s + off : "");
    }
    fclose(f);
    return 0;
}

/* Tolerances: "PATTERN RTOL ATOL  # why". */
static int load_tolerances(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "conformance: cannot open tolerance file %s: %s\n", path, strerror(errno));
        return 1;
    }
    char line[512];
    while (fgets(line, sizeof line, f) && n_tols < 256) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        tolerance *t = &tols[n_tols];
        if (sscanf(s, "%127s %lf %lf", t->pattern, &t->rtol, &t->atol) == 3)
            n_tols++;
    }
    fclose(f);
    return 0;
}

static xfail *find_xfail(const char *name)
{
    for (size_t i = 0; i < n_xfails; i++)
        if (strcmp(xfails[i].name, name) == 0)
            return &xfails[i];
    return NULL;
}

/* ---- cases ---- */
typedef struct case_info {
    char name[160];
    char dir[4096];
    char op[64];
    const char *skip;  /* category name when skipped */
    char skip_why[160];
} case_info;

static const char *onnx_type_names[] = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING",
                                        "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128",
                                        "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ",
                                        "UINT4", "INT4", "FLOAT4E2M1", "FLOAT8E8M0", "UINT2", "INT2"};

static int onnx_type_from_name(const char *s)
{
    for (int i = 0; i < (int)(sizeof onnx_type_names / sizeof onnx_type_names[0]); i++)
        if (strcmp(onnx_type_names[i], s) == 0)
            return i;
    return atoi(s);
}

static bool list_has(const char *list, const char *item)
{
    char buf[512];
    gf_errf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        if (strcmp(t, item) == 0)
            return true;
    return false;
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case PEEK_SEQUENCE: return "sequence";
    case PEEK_OPTIONAL: return "optional";
    case PEEK_MAP: return "map";
    case PEEK_SPARSE: return "sparse";
    default: return "tensor";
    }
}

static void classify(case_info *c, const onnx_peek *p)
{
    c->skip = NULL;
    for (size_t r = 0; r < n_rules && !c->skip; r++) {
        const skip_rule *rl = &rules[r];
        if (strcmp(rl->kind, "case") == 0) {
            if (fnmatch(rl->arg, c->name, 0) == 0) {
                c->skip = rl->category;
                gf_errf(c->skip_why, sizeof c->skip_why, "case name matches %s", rl->arg);
            }
            continue;
        }
        if (strcmp(rl->kind, "corpus-case") == 0) {
            /* "CORPUS GLOB": a case of one corpus only (its data contradicts its own model). */
            char corp[64] = "", glob[192] = "";
            if (sscanf(rl->arg, "%63s %191s", corp, glob) == 2 && strcmp(corp, run_corpus) == 0 &&
                fnmatch(glob, c->name, 0) == 0) {
                c->skip = rl->category;
                gf_errf(c->skip_why, sizeof c->skip_why, "case of corpus %s matches %s", corp, glob);
            }
            continue;
        }
        if (!p->ok)
            continue;
        size_t nn = p->n_nodes < PEEK_MAX_NODES ? p->n_nodes : PEEK_MAX_NODES;
        for (size_t i = 0; i < nn && !c->skip; i++) {
            if (strcmp(rl->kind, "domain") == 0 && strcmp(p->domain[i], rl->arg) == 0) {
                c->skip = rl->category;
                gf_errf(c->skip_why, sizeof c->skip_why, "node %s in domain %s", p->op_type[i], rl->arg);
            } else if (strcmp(rl->kind, "op") == 0 && list_has(rl->arg, p->op_type[i])) {
                c->skip = rl->category;
                gf_errf(c->skip_why, sizeof c->skip_why, "uses op %s", p->op_type[i]);
            }
        }
        for (int io = 0; io < 2 && !c->skip; io++) {
            const peek_io *v = io ? p->outputs : p->inputs;
            size_t n = io ? p->n_outputs : p->n_inputs;
            for (size_t i = 0; i < n && !c->skip; i++) {
                if (strcmp(rl->kind, "io-kind") == 0 && list_has(rl->arg, kind_name(v[i].kind))) {
                    c->skip = rl->category;
                    gf_errf(c->skip_why, sizeof c->skip_why, "%s '%s' is %s-typed", io ? "output" : "input", v[i].name,
                             kind_name(v[i].kind));
                } else if (strcmp(rl->kind, "elem-type") == 0) {
                    char buf[512];
                    gf_errf(buf, sizeof buf, "%s", rl->arg);
                    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && !c->skip; t = strtok_r(NULL, ",", &save))
                        if (v[i].elem_type == onnx_type_from_name(t)) {
                            c->skip = rl->category;
                            gf_errf(c->skip_why, sizeof c->skip_why, "%s '%s' has element type %s", io ? "output" : "input",
                                     v[i].name, t);
                        }
                }
            }
        }
        if (strcmp(rl->kind, "elem-type") == 0 && !c->skip) {
            char buf[512];
            gf_errf(buf, sizeof buf, "%s", rl->arg);
            for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && !c->skip; t = strtok_r(NULL, ",", &save)) {
                int ty = onnx_type_from_name(t);
                if (ty > 0 && ty < 64 && (p->init_elem_types >> ty & 1)) {
                    c->skip = rl->category;
                    gf_errf(c->skip_why, sizeof c->skip_why, "an initializer has element type %s", t);
                }
            }
        }
    }
}

/* The op a case tests: the only node's op; else the node whose snake_case name the case name
 * starts with (test_reduce_sum_... -> ReduceSum); else the first node that is not a Constant. */
static void snake(const char *op, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; op[i] && n + 2 < cap; i++) {
        char ch = op[i];
        if (ch >= 'A' && ch <= 'Z') {
            if (i && !(op[i - 1] >= 'A' && op[i - 1] <= 'Z'))
                out[n++] = '_';
            out[n++] = (char)(ch - 'A' + 'a');
        } else {
            out[n++] = ch;
        }
    }
    out[n] = '\0';
}

static void case_op(case_info *c, const onnx_peek *p)
{
    gf_errf(c->op, sizeof c->op, "?");
    if (!p->ok || p->n_nodes == 0)
        return;
    size_t nn = p->n_nodes < PEEK_MAX_NODES ? p->n_nodes : PEEK_MAX_NODES;
    if (p->n_nodes == 1) {
        gf_errf(c->op, sizeof c->op, "%s", p->op_type[0]);
        return;
    }
    size_t best = 0, best_len = 0;
    for (size_t i = 0; i < nn; i++) {
        char s[96], l[96];
        snake(p->op_type[i], s, sizeof s);
        gf_errf(l, sizeof l, "test_%s", s);
        size_t len = strlen(l);
        for (char *q = l; *q; q++)
            *q = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
        if (strncmp(c->name, l, len) == 0 && len > best_len) {
            best = i;
            best_len = len;
        }
    }
    if (best_len) {
        gf_errf(c->op, sizeof c->op, "%s", p->op_type[best]);
        return;
    }
    for (size_t i = 0; i < nn; i++)
        if (strcmp(p->op_type[i], "Constant") != 0) {
            gf_errf(c->op, sizeof c->op, "%s", p->op_type[i]);
            return;
        }
    gf_errf(c->op, sizeof c->op, "%s", p->op_type[0]);
}

static void case_tolerance(const case_info *c, double *rtol, double *atol)
{
    for (size_t i = 0; i < n_tols; i++)
        if (strcmp(tols[i].pattern, c->op) == 0 || fnmatch(tols[i].pattern, c->name, 0) == 0) {
            *rtol = tols[i].rtol;
            *atol = tols[i].atol;
            return;
        }
}

static int cmp_case(const void *a, const void *b)
{
    return strcmp(((const case_info *)a)->name, ((const case_info *)b)->name);
}

/* ---- the child: runs cases [from, n) and writes one record per case ---- */
typedef struct record {
    int32_t index;
    int32_t done; /* 0: started, 1: finished */
    gf_case_result r;
} record;

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return 1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *p, size_t n, int timeout_ms)
{
    char *c = p;
    while (n) {
        struct pollfd pf = {fd, POLLIN, 0};
        int pr = poll(&pf, 1, timeout_ms);
        if (pr == 0)
            return 2; /* timed out */
        if (pr < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static void run_light(gf_engine *e, const case_info *c, double rtol, double atol, gf_case_result *r);

static void child(int fd, case_info *cases, size_t n, size_t from, bool light, double rtol0, double atol0)
{
    char err[GF_ERR];
    gf_engine e;
    if (gf_engine_start(&e, err, sizeof err)) {
        fprintf(stderr, "conformance: %s\n", err);
        _exit(3);
    }
    for (size_t i = from; i < n; i++) {
        if (cases[i].skip)
            continue;
        record rec;
        memset(&rec, 0, sizeof rec);
        rec.index = (int32_t)i;
        if (write_all(fd, &rec, sizeof rec))
            _exit(4);
        double rtol = rtol0, atol = atol0;
        case_tolerance(&cases[i], &rtol, &atol);
        if (light)
            run_light(&e, &cases[i], rtol, atol, &rec.r);
        else
            gf_case_run(&e, cases[i].dir, rtol, atol, &rec.r);
        rec.done = 1;
        if (write_all(fd, &rec, sizeof rec))
            _exit(4);
    }
    gf_engine_stop(&e);
    exit(0); /* not _exit: LeakSanitizer checks at exit in the sanitizer builds */
}

/* Light models: every input zeros of its declared shape (their weights are ConstantOfShape
 * fills, so the expected output does not depend on the input); output 0 compared with
 * X_output_0.pb. */
static void run_light(gf_engine *e, const case_info *c, double rtol, double atol, gf_case_result *r)
{
    memset(r, 0, sizeof *r);
    char model_path[4200], out_path[4200];
    gf_errf(model_path, sizeof model_path, "%s.onnx", c->dir);
    gf_errf(out_path, sizeof out_path, "%s_output_0.pb", c->dir);
    gf_model m;
    if (gf_model_load(e, model_path, NULL, &m, r->reason, sizeof r->reason)) {
        r->stage = gf_model_last_stage();
        r->status = gf_model_last_status();
        return;
    }
    ge_tensor *in[16] = {0}, *got[16] = {0}, *want = NULL;
    char err[GF_ERR / 2];
    bool ok = m.n_inputs <= 16 && m.n_outputs >= 1 && m.n_outputs <= 16;
    if (!ok) {
        r->stage = "inputs";
        gf_errf(r->reason, sizeof r->reason, "unexpected input/output counts %zu/%zu", m.n_inputs, m.n_outputs);
    }
    for (size_t i = 0; ok && i < m.n_inputs; i++) {
        const char *name = ge_graph_get_input_name(m.graph, i);
        ge_dtype dt = GE_DTYPE_UNDEFINED;
        int64_t dims[16];
        int32_t rank = 0;
        ge_graph_get_value_dtype(m.graph, name, &dt);
        ge_graph_get_value_shape(m.graph, name, dims, 16, &rank);
        for (int32_t d = 0; d < rank; d++)
            if (dims[d] < 0)
                dims[d] = 1;
        if (ge_tensor_create(dt, dims, rank < 0 ? 0 : (size_t)rank, GE_PLACEMENT_HOST, &in[i]) != GE_STATUS_SUCCESS) {
            r->stage = "inputs";
            gf_errf(r->reason, sizeof r->reason, "input %s: %s", name, ge_get_error_message());
            ok = false;
        }
    }
    if (ok && gf_tensor_load(out_path, &want, NULL, 0, err, sizeof err)) {
        r->stage = "inputs";
        gf_errf(r->reason, sizeof r->reason, "%s", err);
        ok = false;
    }
    if (ok && gf_run_host(e, &m, in, got, err, sizeof err)) {
        r->stage = "run";
        gf_errf(r->reason, sizeof r->reason, "%s", err);
        ok = false;
    }
    if (ok) {
        gf_compare cmp;
        gf_tensor_compare(want, got[0], rtol, atol, &cmp);
        r->max_abs = cmp.max_abs;
        r->max_rel = cmp.max_rel;
        if (!cmp.ok) {
            r->stage = "compare";
            gf_errf(r->reason, sizeof r->reason, "output 0: %s", cmp.reason);
            ok = false;
        }
        gf_tensors_destroy(m.n_outputs, got);
    }
    r->n_sets = 1;
    r->passed = ok;
    ge_tensor_destroy(want);
    gf_tensors_destroy(m.n_inputs < 16 ? m.n_inputs : 16, in);
    gf_model_unload(e, &m);
}

typedef struct op_stat {
    char op[64];
    size_t passed, failed, xfailed, skipped;
} op_stat;

static op_stat *op_stat_for(op_stat *s, size_t *n, const char *op)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(s[i].op, op) == 0)
            return &s[i];
    memset(&s[*n], 0, sizeof s[*n]);
    gf_errf(s[*n].op, sizeof s[*n].op, "%s", op);
    return &s[(*n)++];
}

static int cmp_op_stat(const void *a, const void *b)
{
    return strcmp(((const op_stat *)a)->op, ((const op_stat *)b)->op);
}

static const char *stage_text(const gf_case_result *r)
{
    return r->stage ? r->stage : "?";
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *skip_file = NULL, *xfail_file = NULL, *tol_file = NULL, *corpus = "default",
               *filter = NULL, *write_xfail = NULL;
    size_t sample = 0;
    int timeout_s = 120;
    bool light = false, print_xfail = false, quiet_ops = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--skip") == 0 && v)
            skip_file = argv[++i];
        else if (strcmp(a, "--xfail") == 0 && v)
            xfail_file = argv[++i];
        else if (strcmp(a, "--corpus") == 0 && v)
            corpus = run_corpus = argv[++i];
        else if (strcmp(a, "--tolerances") == 0 && v)
            tol_file = argv[++i];
        else if (strcmp(a, "--sample") == 0 && v)
            sample = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(a, "--filter") == 0 && v)
            filter = argv[++i];
        else if (strcmp(a, "--timeout") == 0 && v)
            timeout_s = atoi(argv[++i]);
        else if (strcmp(a, "--write-xfail") == 0 && v)
            write_xfail = argv[++i];
        else if (strcmp(a, "--light") == 0)
            light = true;
        else if (strcmp(a, "--print-xfail") == 0)
            print_xfail = true;
        else if (strcmp(a, "--quiet-ops") == 0)
            quiet_ops = true;
        else if (a[0] != '-' && !dir)
            dir = a;
        else {
            fprintf(stderr, "usage: %s [--light] [--skip FILE] [--xfail FILE --corpus NAME] [--tolerances FILE] "
                            "[--sample N] [--filter S] [--timeout SEC] [--write-xfail FILE] [--print-xfail] DIR\n",
                    argv[0]);
            return 2;
        }
    }
    if (!dir) {
        fprintf(stderr, "conformance: no directory given\n");
        return 2;
    }
    if ((skip_file && load_skips(skip_file)) || (xfail_file && load_xfails(xfail_file, corpus)) ||
        (tol_file && load_tolerances(tol_file)))
        return 2;

    /* Collect the cases. */
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "conformance: cannot open %s: %s\n", dir, strerror(errno));
        return 2;
    }
    case_info *cases = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        char name[256];
        if (de->d_name[0] == '.')
            continue;
        if (light) {
            size_t len = strlen(de->d_name);
            if (len < 6 || strcmp(de->d_name + len - 5, ".onnx") != 0)
                continue;
            gf_errf(name, sizeof name, "%.*s", (int)(len - 5), de->d_name);
        } else {
            gf_errf(name, sizeof name, "%s", de->d_name);
        }
        if (filter && !strstr(name, filter))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            case_info *nc = realloc(cases, cap * sizeof *cases);
            if (!nc) {
                closedir(d);
                return 2;
            }
            cases = nc;
        }
        case_info *c = &cases[n];
        memset(c, 0, sizeof *c);
        gf_errf(c->name, sizeof c->name, "%s", name);
        gf_errf(c->dir, sizeof c->dir, "%s/%s", dir, name);
        if (!light && !gf_is_case_dir(c->dir))
            continue;
        n++;
    }
    closedir(d);
    qsort(cases, n, sizeof *cases, cmp_case);
    if (sample > 1) {
        size_t k = 0;
        for (size_t i = 0; i < n; i += sample)
            cases[k++] = cases[i];
        n = k;
    }
    for (size_t i = 0; i < n; i++) {
        onnx_peek p;
        char model[4200];
        gf_errf(model, sizeof model, light ? "%s.onnx" : "%s/model.onnx", cases[i].dir);
        onnx_peek_file(model, &p);
        if (light) {
            gf_errf(cases[i].op, sizeof cases[i].op, "%s", cases[i].name); /* a whole model per case */
        } else {
            case_op(&cases[i], &p);
            classify(&cases[i], &p);
        }
    }

    /* An expanded case (X_expanded: the op's function body) counts for the op of X. */
    for (size_t i = 0; !light && i < n; i++) {
        size_t len = strlen(cases[i].name);
        if (len <= 9 || strcmp(cases[i].name + len - 9, "_expanded") != 0)
            continue;
        for (size_t j = 0; j < n; j++)
            if (strlen(cases[j].name) == len - 9 && strncmp(cases[j].name, cases[i].name, len - 9) == 0)
                gf_errf(cases[i].op, sizeof cases[i].op, "%s", cases[j].op);
    }

    gf_case_result *results = calloc(n + 1, sizeof *results);
    bool *ran = calloc(n + 1, sizeof *ran);
    if (!results || !ran)
        return 2;
    double t0 = gf_now_ms();
    size_t next = 0;
    while (next < n) {
        while (next < n && cases[next].skip)
            next++;
        if (next >= n)
            break;
        int fds[2];
        if (pipe(fds) != 0)
            return 2;
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid < 0)
            return 2;
        if (pid == 0) {
            close(fds[0]);
            child(fds[1], cases, n, next, light, 1e-4, 1e-5);
        }
        close(fds[1]);
        int current = -1;
        for (;;) {
            record rec;
            int rr = read_all(fds[0], &rec, sizeof rec, current >= 0 ? timeout_s * 1000 : 600 * 1000);
            if (rr != 0) {
                int status = 0;
                if (rr == 2)
                    kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                if (current >= 0) {
                    gf_case_result *r = &results[current];
                    memset(r, 0, sizeof *r);
                    r->stage = "run";
                    if (rr == 2)
                        gf_errf(r->reason, sizeof r->reason, "timed out after %d s (killed)", timeout_s);
                    else if (WIFSIGNALED(status))
                        gf_errf(r->reason, sizeof r->reason, "crashed: signal %d (%s)", WTERMSIG(status),
                                strsignal(WTERMSIG(status)));
                    else
                        gf_errf(r->reason, sizeof r->reason, "the runner exited with status %d", WEXITSTATUS(status));
                    ran[current] = true;
                    next = (size_t)current + 1;
                } else {
                    next = n; /* the child died before any case: give up */
                    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                        break;
                    fprintf(stderr, "conformance: the runner process failed (wait status %d: it could not start, or a "
                                    "sanitizer reported at exit)\n", status);
                    close(fds[0]);
                    return 2;
                }
                break;
            }
            if (!rec.done) {
                current = rec.index;
                continue;
            }
            results[rec.index] = rec.r;
            /* stage points at a string literal: the same address in the forked child and here */
            ran[rec.index] = true;
            current = -1;
        }
        close(fds[0]);
    }
    double elapsed = gf_now_ms() - t0;

    /* Report. */
    size_t passed = 0, failed = 0, skipped = 0, xfailed = 0, xpassed = 0;
    op_stat *ops = calloc(n + 1, sizeof *ops);
    size_t n_ops = 0;
    FILE *wx = write_xfail ? fopen(write_xfail, "w") : NULL;
    if (wx)
        fprintf(wx, "[%s]\n", corpus);
    for (size_t i = 0; i < n; i++) {
        case_info *c = &cases[i];
        op_stat *os = op_stat_for(ops, &n_ops, c->op);
        if (c->skip) {
            skipped++;
            os->skipped++;
            category *cat = find_category(c->skip);
            if (cat)
                cat->count++;
            continue;
        }
        gf_case_result *r = &results[i];
        xfail *x = find_xfail(c->name);
        if (x)
            x->seen = true;
        if (r->passed && ran[i]) {
            if (x) {
                xpassed++;
                printf("XPASS %s [%s]: unexpectedly passed: remove it from the expected failures (was: %s)\n", c->name,
                       c->op, x->reason);
            }
            passed++;
            os->passed++;
            continue;
        }
        if (wx)
            fprintf(wx, "%-56s %s: %.160s\n", c->name, stage_text(r), r->reason);
        if (x) {
            xfailed++;
            os->xfailed++;
            if (print_xfail)
                printf("XFAIL %s [%s]: %s: %s\n", c->name, c->op, stage_text(r), r->reason);
            continue;
        }
        failed++;
        os->failed++;
        printf("FAIL %s [%s]: %s: %s\n", c->name, c->op, stage_text(r), r->reason);
    }
    if (wx)
        fclose(wx);
    if (!quiet_ops) {
        qsort(ops, n_ops, sizeof *ops, cmp_op_stat);
        printf("\nper op (passed/failed/expected failures/skipped):\n");
        for (size_t i = 0; i < n_ops; i++)
            printf("  %-32s %zu/%zu/%zu/%zu\n", ops[i].op, ops[i].passed, ops[i].failed, ops[i].xfailed, ops[i].skipped);
    }
    if (skipped) {
        printf("\nskipped by category (from the skip file):\n");
        for (size_t i = 0; i < n_categories; i++)
            if (categories[i].count)
                printf("  %-12s %4zu  %s\n", categories[i].name, categories[i].count, categories[i].reason);
    }
    size_t stale = 0;
    for (size_t i = 0; i < n_xfails; i++)
        if (!xfails[i].seen && sample <= 1 && !filter)
            stale++;
    if (stale) {
        printf("\nexpected failures naming no case that ran (%zu; remove them):\n", stale);
        for (size_t i = 0; i < n_xfails; i++)
            if (!xfails[i].seen)
                printf("  %s\n", xfails[i].name);
    }
    printf("\n%s: %zu cases in %.1f s\n", dir, n, elapsed / 1000.0);
    printf("%zu passed, %zu failed, %zu skipped (%zu expected failures, %zu unexpectedly passed)\n", passed, failed + xfailed,
           skipped, xfailed, xpassed);
    free(ops);
    free(results);
    free(ran);
    free(cases);
    free(rules);
    free(xfails);
    return failed || xpassed ? 1 : 0;
}

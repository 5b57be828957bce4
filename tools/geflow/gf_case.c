#include "gf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool gf_is_case_dir(const char *dir)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/model.onnx", dir);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of dir's test_data_set_* subdirectories. */
static size_t data_sets(const char *dir, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0, cap = 0;
    char **v = NULL;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, "test_data_set_", 14) != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            char **nv = realloc(v, cap * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        v[n] = strdup(de->d_name);
        if (v[n])
            n++;
    }
    closedir(d);
    qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

/* Loads prefix_0.pb, prefix_1.pb, ... */
static int load_tensors(const char *set_dir, const char *prefix, ge_tensor ***out, size_t *out_n, char *err,
                        size_t en)
{
    *out = NULL;
    *out_n = 0;
    size_t n = 0;
    char p[4096];
    for (;; n++) {
        snprintf(p, sizeof p, "%s/%s_%zu.pb", set_dir, prefix, n);
        if (!file_exists(p))
            break;
    }
    ge_tensor **v = calloc(n + 1, sizeof *v);
    if (!v) {
        gf_errf(err, en, "out of memory");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s_%zu.pb", set_dir, prefix, i);
        char inner[GF_ERR / 2];
        if (gf_tensor_load(p, &v[i], NULL, 0, inner, sizeof inner)) {
            gf_errf(err, en, "%s_%zu.pb: %s", prefix, i, inner);
            gf_tensors_destroy(i, v);
            free(v);
            return 1;
        }
    }
    *out = v;
    *out_n = n;
    return 0;
}

/* Older ONNX test data (Debian's 1.12 suite) stores bfloat16 values as UINT16 TensorProtos:
 * where the model's value is bfloat16 and the data is uint16, take the bits as bfloat16. */
static void fix_bfloat16(const ge_graph *g, const char *value, ge_tensor **t)
{
    ge_dtype want = GE_DTYPE_UNDEFINED;
    if (!value || ge_tensor_get_dtype(*t) != GE_DTYPE_UINT16 ||
        ge_graph_get_value_dtype(g, value, &want) != GE_STATUS_SUCCESS || want != GE_DTYPE_BFLOAT16)
        return;
    ge_tensor *b = NULL;
    if (ge_tensor_create(GE_DTYPE_BFLOAT16, ge_tensor_get_dims(*t), ge_tensor_get_rank(*t), GE_PLACEMENT_HOST, &b) !=
        GE_STATUS_SUCCESS)
        return;
    if (ge_tensor_get_byte_size(b))
        memcpy(ge_tensor_get_data(b), ge_tensor_get_data(*t), ge_tensor_get_byte_size(b));
    ge_tensor_destroy(*t);
    *t = b;
}

static void fix_io(const gf_model *m, ge_tensor **in, ge_tensor **want)
{
    for (size_t i = 0; i < m->n_inputs; i++)
        fix_bfloat16(m->graph, ge_graph_get_input_name(m->graph, i), &in[i]);
    for (size_t i = 0; i < m->n_outputs; i++)
        fix_bfloat16(m->graph, ge_graph_get_output_name(m->graph, i), &want[i]);
}

void gf_case_run(gf_engine *e, const char *dir, double rtol, double atol, gf_case_result *r)
{
    memset(r, 0, sizeof *r);
    char path[4096];
    snprintf(path, sizeof path, "%s/model.onnx", dir);
    gf_model m;
    if (gf_model_load(e, path, NULL, &m, r->reason, sizeof r->reason)) {
        r->stage = gf_model_last_stage();
        r->status = gf_model_last_status();
        return;
    }
    char **sets = NULL;
    size_t n_sets = data_sets(dir, &sets);
    bool ok = true;
    if (n_sets == 0) {
        r->stage = "inputs";
        gf_errf(r->reason, sizeof r->reason, "no test_data_set_* directory");
        ok = false;
    }
    for (size_t s = 0; ok && s < n_sets; s++) {
        char set_dir[4096];
        snprintf(set_dir, sizeof set_dir, "%s/%s", dir, sets[s]);
        ge_tensor **in = NULL, **want = NULL, **got = NULL;
        size_t n_in = 0, n_want = 0;
        char err[GF_ERR / 2];
        if (load_tensors(set_dir, "input", &in, &n_in, err, sizeof err) ||
            load_tensors(set_dir, "output", &want, &n_want, err, sizeof err)) {
            r->stage = "inputs";
            gf_errf(r->reason, sizeof r->reason, "%s: %s", sets[s], err);
            ok = false;
        } else if (n_in != m.n_inputs || n_want != m.n_outputs) {
            r->stage = "inputs";
            gf_errf(r->reason, sizeof r->reason,
                     "%s: the data set has %zu inputs and %zu outputs, the model %zu inputs and %zu outputs", sets[s],
                     n_in, n_want, m.n_inputs, m.n_outputs);
            ok = false;
        } else if (!(got = calloc(m.n_outputs + 1, sizeof *got))) {
            r->stage = "run";
            gf_errf(r->reason, sizeof r->reason, "out of memory");
            ok = false;
        } else if ((fix_io(&m, in, want), gf_run_host(e, &m, in, got, err, sizeof err))) {
            r->stage = "run";
            gf_errf(r->reason, sizeof r->reason, "%s", err);
            ok = false;
        } else {
            for (size_t i = 0; i < m.n_outputs; i++) {
                gf_compare c;
                gf_tensor_compare(want[i], got[i], rtol, atol, &c);
                if (c.max_abs > r->max_abs)
                    r->max_abs = c.max_abs;
                if (c.max_rel > r->max_rel)
                    r->max_rel = c.max_rel;
                if (!c.ok && ok) {
                    r->stage = "compare";
                    gf_errf(r->reason, sizeof r->reason, "%s output %zu (%s): %s", sets[s], i,
                             ge_graph_get_output_name(m.graph, i), c.reason);
                    ok = false;
                }
            }
            gf_tensors_destroy(m.n_outputs, got);
        }
        free(got);
        gf_tensors_destroy(n_in, in);
        gf_tensors_destroy(n_want, want);
        free(in);
        free(want);
        r->n_sets++;
    }
    for (size_t s = 0; s < n_sets; s++)
        free(sets[s]);
    free(sets);
    gf_model_unload(e, &m);
    r->passed = ok;
}

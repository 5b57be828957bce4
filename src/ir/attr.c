#include "ir/attr.h"

#include "base/alloc.h"
#include "base/error.h"
#include "ir/graph.h"

#include <string.h>

const char *ir_attr_kind_name(ir_attr_kind kind)
{
    static const char *const names[] = {"undefined", "float",   "int",     "string",
                                        "tensor",    "graph",   "floats",  "ints",
                                        "strings",   "tensors", "graphs"};
    if ((unsigned)kind > IR_ATTR_GRAPHS)
        return "invalid";
    return names[kind];
}

void ir_attr_clear(ir_attr *a)
{
    if (!a)
        return;
    ge_free(a->name);
    ge_free(a->s);
    ir_tensor_free_data(&a->t);
    ir_graph_destroy(a->g);
    ge_free(a->ints);
    ge_free(a->floats);
    if (a->strings)
        for (size_t i = 0; i < a->count; i++)
            ge_free(a->strings[i]);
    ge_free(a->strings);
    if (a->tensors)
        for (size_t i = 0; i < a->count; i++)
            ir_tensor_free_data(&a->tensors[i]);
    ge_free(a->tensors);
    if (a->graphs)
        for (size_t i = 0; i < a->count; i++)
            ir_graph_destroy(a->graphs[i]);
    ge_free(a->graphs);
    memset(a, 0, sizeof *a);
}

static ge_status oom(const char *what, const char *name)
{
    ge_error_set("attribute '%s': out of memory copying the %s", name ? name : "", what);
    return GE_STATUS_MEMALLOC_FAILED;
}

static ge_status begin(ir_attr *a, const char *name, ir_attr_kind kind)
{
    memset(a, 0, sizeof *a);
    a->name = ge_strdup(name ? name : "");
    if (!a->name)
        return oom("name", name);
    a->kind = kind;
    return GE_STATUS_SUCCESS;
}

static char *dup_bytes(const char *s, size_t len)
{
    char *d = ge_malloc(len + 1);
    if (!d)
        return NULL;
    if (len)
        memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

ge_status ir_attr_set_int(ir_attr *a, const char *name, int64_t v)
{
    ge_status st = begin(a, name, IR_ATTR_INT);
    if (st == GE_STATUS_SUCCESS)
        a->i = v;
    return st;
}

ge_status ir_attr_set_float(ir_attr *a, const char *name, float v)
{
    ge_status st = begin(a, name, IR_ATTR_FLOAT);
    if (st == GE_STATUS_SUCCESS)
        a->f = v;
    return st;
}

ge_status ir_attr_set_string(ir_attr *a, const char *name, const char *s, size_t len)
{
    ge_status st = begin(a, name, IR_ATTR_STRING);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (!(a->s = dup_bytes(s ? s : "", s ? len : 0))) {
        ir_attr_clear(a);
        return oom("string", name);
    }
    a->s_len = s ? len : 0;
    return GE_STATUS_SUCCESS;
}

static void *dup_array(const void *v, size_t n, size_t es)
{
    if (n && es > SIZE_MAX / n)
        return NULL;
    void *d = ge_malloc(n * es);
    if (d && n)
        memcpy(d, v, n * es);
    return d;
}

ge_status ir_attr_set_ints(ir_attr *a, const char *name, const int64_t *v, size_t n)
{
    ge_status st = begin(a, name, IR_ATTR_INTS);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (!(a->ints = dup_array(v, n, sizeof *v))) {
        ir_attr_clear(a);
        return oom("ints", name);
    }
    a->count = n;
    return GE_STATUS_SUCCESS;
}

ge_status ir_attr_set_floats(ir_attr *a, const char *name, const float *v, size_t n)
{
    ge_status st = begin(a, name, IR_ATTR_FLOATS);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (!(a->floats = dup_array(v, n, sizeof *v))) {
        ir_attr_clear(a);
        return oom("floats", name);
    }
    a->count = n;
    return GE_STATUS_SUCCESS;
}

ge_status ir_attr_set_strings(ir_attr *a, const char *name, const char *const *v, size_t n)
{
    ge_status st = begin(a, name, IR_ATTR_STRINGS);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (!(a->strings = ge_calloc(n ? n : 1, sizeof *a->strings))) {
        ir_attr_clear(a);
        return oom("strings", name);
    }
    a->count = n;
    for (size_t i = 0; i < n; i++) {
        if (!(a->strings[i] = ge_strdup(v[i] ? v[i] : ""))) {
            ir_attr_clear(a);
            return oom("strings", name);
        }
    }
    return GE_STATUS_SUCCESS;
}

ge_status ir_attr_set_tensor(ir_attr *a, const char *name, const ir_tensor *t)
{
    ge_status st = begin(a, name, IR_ATTR_TENSOR);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = ir_tensor_clone(&a->t, t);
    if (st != GE_STATUS_SUCCESS) {
        char *keep = a->name;
        a->name = NULL;
        ir_attr_clear(a);
        ge_error_prefix("attribute '%s': ", keep);
        ge_free(keep);
        return st;
    }
    return GE_STATUS_SUCCESS;
}

ge_status ir_attr_set_tensor_taken(ir_attr *a, const char *name, ir_tensor *t)
{
    ge_status st = begin(a, name, IR_ATTR_TENSOR);
    if (st != GE_STATUS_SUCCESS)
        return st;
    a->t = *t;
    memset(t, 0, sizeof *t);
    return GE_STATUS_SUCCESS;
}

ge_status ir_attr_set_graph(ir_attr *a, const char *name, struct ir_graph *g)
{
    ge_status st = begin(a, name, IR_ATTR_GRAPH);
    if (st == GE_STATUS_SUCCESS)
        a->g = g;
    return st;
}

ge_status ir_attr_copy(ir_attr *dst, const ir_attr *src)
{
    ge_status st;
    switch (src->kind) {
    case IR_ATTR_INT: st = ir_attr_set_int(dst, src->name, src->i); break;
    case IR_ATTR_FLOAT: st = ir_attr_set_float(dst, src->name, src->f); break;
    case IR_ATTR_STRING: st = ir_attr_set_string(dst, src->name, src->s, src->s_len); break;
    case IR_ATTR_INTS: st = ir_attr_set_ints(dst, src->name, src->ints, src->count); break;
    case IR_ATTR_FLOATS: st = ir_attr_set_floats(dst, src->name, src->floats, src->count); break;
    case IR_ATTR_STRINGS:
        st = ir_attr_set_strings(dst, src->name, (const char *const *)src->strings, src->count);
        break;
    case IR_ATTR_TENSOR: st = ir_attr_set_tensor(dst, src->name, &src->t); break;
    case IR_ATTR_GRAPH: {
        ir_graph *copy = NULL;
        st = ir_graph_copy(src->g, &copy);
        if (st != GE_STATUS_SUCCESS) {
            memset(dst, 0, sizeof *dst);
            return st;
        }
        st = ir_attr_set_graph(dst, src->name, copy);
        if (st != GE_STATUS_SUCCESS)
            ir_graph_destroy(copy);
        break;
    }
    case IR_ATTR_TENSORS:
    case IR_ATTR_GRAPHS: {
        st = begin(dst, src->name, src->kind);
        if (st != GE_STATUS_SUCCESS)
            return st;
        size_t n = src->count;
        if (src->kind == IR_ATTR_TENSORS)
            dst->tensors = ge_calloc(n ? n : 1, sizeof *dst->tensors);
        else
            dst->graphs = ge_calloc(n ? n : 1, sizeof *dst->graphs);
        if (!dst->tensors && !dst->graphs) {
            ir_attr_clear(dst);
            return oom("list", src->name);
        }
        dst->count = n;
        for (size_t i = 0; i < n; i++) {
            st = src->kind == IR_ATTR_TENSORS ? ir_tensor_clone(&dst->tensors[i], &src->tensors[i])
                                              : ir_graph_copy(src->graphs[i], &dst->graphs[i]);
            if (st != GE_STATUS_SUCCESS) {
                ir_attr_clear(dst);
                return st;
            }
        }
        break;
    }
    default:
        memset(dst, 0, sizeof *dst);
        ge_error_set("attribute '%s': kind %d is not an attribute kind", src->name ? src->name : "",
                     (int)src->kind);
        return GE_STATUS_PARAM_INVALID;
    }
    return st;
}

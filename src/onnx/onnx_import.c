/* The ONNX importer: ModelProto -> ir_graph.
 *
 * One pass per graph: initializers become constants, the other graph inputs Data inputs (in
 * model order, or the order input_data_names gives), nodes become nodes (calls of
 * model-local functions are inlined), then outputs and value_info declarations. Graph
 * attributes are imported recursively as subgraphs (depth-limited). Names a function body
 * uses are translated: formal parameters to the call's actual names, internal values to
 * fresh names unique in the graph the body is inlined into; subgraphs inside a body keep
 * their own local names and translate only what they read from the body. Finally every
 * reference is checked to name something. */
#include "geflow/ge_onnx.h"

#include "base/alloc.h"
#include "base/error.h"
#include "base/log.h"
#include "ir/graph.h"
#include "ir/name_map.h"
#include "onnx/onnx_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef GeflowOnnx__ModelProto model_pb;
typedef GeflowOnnx__GraphProto graph_pb;
typedef GeflowOnnx__NodeProto node_pb;
typedef GeflowOnnx__AttributeProto attr_pb;
typedef GeflowOnnx__ValueInfoProto vinfo_pb;
typedef GeflowOnnx__FunctionProto func_pb;

#define OPT_EXTERNAL_DIR "geflow.onnx.external_data_dir"

/* ---- contexts ---- */

typedef struct onnx_ctx {
    const model_pb *model;
    onnx_ext_ctx ext;
    size_t n_calls;       /* inlined calls so far (makes fresh-name prefixes unique) */
    char **fresh;         /* every generated name (owned) */
    size_t n_fresh, cap_fresh;
    ir_name_map fresh_map;
} onnx_ctx;

struct gctx;

typedef struct fn_scope {
    struct fn_scope *parent;  /* scope of the call node (NULL: the model's own graphs) */
    const func_pb *fn;
    const node_pb *call;
    struct gctx *home;        /* graph the body is inlined into */
    ir_name_map map;          /* body name -> actual name (borrowed strings) */
    char prefix[160];
    int depth;
} fn_scope;

typedef struct gctx {
    onnx_ctx *oc;
    ir_graph *g;
    struct gctx *parent;
    fn_scope *scope;          /* the scope this graph's proto names belong to */
    ir_name_map local;        /* names this graph's proto defines (keys borrowed from it) */
    int depth;                /* subgraph depth; 0 at the top */
} gctx;

static const char *gname(const gctx *gc)
{
    return gc->g->name ? gc->g->name : "";
}

static const char *str(const char *s)
{
    return s ? s : "";
}

static bool domain_is_onnx(const char *d)
{
    return !d || !d[0] || strcmp(d, "ai.onnx") == 0;
}

static bool domain_eq(const char *a, const char *b)
{
    if (domain_is_onnx(a) || domain_is_onnx(b))
        return domain_is_onnx(a) && domain_is_onnx(b);
    return strcmp(a, b) == 0;
}

static ge_status oom(const gctx *gc, const char *what)
{
    ge_error_set("graph '%s': out of memory %s", gname(gc), what);
    return GE_STATUS_MEMALLOC_FAILED;
}

/* ---- names ---- */

static bool name_taken(const gctx *home, const char *name)
{
    if (ir_name_map_get(&home->oc->fresh_map, name))
        return true;
    for (const gctx *p = home; p; p = p->parent)
        if (ir_name_map_get(&p->local, name) || ir_graph_value(p->g, name))
            return true;
    return false;
}

static ge_status keep_fresh(onnx_ctx *oc, char *s)
{
    if (oc->n_fresh == oc->cap_fresh) {
        size_t cap = oc->cap_fresh ? oc->cap_fresh * 2 : 16;
        char **p = ge_realloc(oc->fresh, cap * sizeof *p);
        if (!p)
            return GE_STATUS_MEMALLOC_FAILED;
        oc->fresh = p;
        oc->cap_fresh = cap;
    }
    if (ir_name_map_put(&oc->fresh_map, s, s) != GE_STATUS_SUCCESS)
        return GE_STATUS_MEMALLOC_FAILED;
    oc->fresh[oc->n_fresh++] = s;
    return GE_STATUS_SUCCESS;
}

/* A new name "<prefix><base>[_k]" unused in `home` and the graphs enclosing it. */
static ge_status fresh_name(gctx *home, const char *prefix, const char *base, const char **out)
{
    size_t len = strlen(prefix) + strlen(base) + 24;
    char *s = ge_malloc(len);
    if (!s)
        return oom(home, "generating a name");
    snprintf(s, len, "%s%s", prefix, base);
    for (size_t k = 1; name_taken(home, s); k++)
        snprintf(s, len, "%s%s_%zu", prefix, base, k);
    if (keep_fresh(home->oc, s) != GE_STATUS_SUCCESS) {
        ge_free(s);
        return oom(home, "generating a name");
    }
    *out = s;
    return GE_STATUS_SUCCESS;
}

/* The name `name` (as written in a node of graph gc under `scope`) stands for. */
static ge_status xlate(gctx *gc, fn_scope *scope, const char *name, const char **out)
{
    if (!name || !name[0] || !scope) {
        *out = str(name);
        return GE_STATUS_SUCCESS;
    }
    if (scope == gc->scope) /* a subgraph inside a function body: its own names stay */
        for (gctx *p = gc; p && p->scope == scope; p = p->parent)
            if (ir_name_map_get(&p->local, name)) {
                *out = name;
                return GE_STATUS_SUCCESS;
            }
    const char *m = ir_name_map_get(&scope->map, name);
    if (m) {
        *out = m;
        return GE_STATUS_SUCCESS;
    }
    ge_status st = fresh_name(scope->home, scope->prefix, name, out);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (ir_name_map_put(&scope->map, name, (void *)*out) != GE_STATUS_SUCCESS)
        return oom(gc, "translating a function body name");
    return GE_STATUS_SUCCESS;
}

/* ---- types ---- */

/* dtype and shape of a ValueInfoProto. `required`: a missing type or elem_type is an error
 * (top-level inputs); otherwise they read as unknown. */
static ge_status value_type(const gctx *gc, const vinfo_pb *vi, const char *what, bool required,
                            ge_dtype *dt, ir_shape *shape)
{
    *dt = GE_DTYPE_UNDEFINED;
    *shape = ir_shape_unknown();
    const GeflowOnnx__TypeProto *t = vi->type;
    if (!t || t->value_case == GEFLOW_ONNX__TYPE_PROTO__VALUE__NOT_SET) {
        if (required) {
            ge_error_set("graph '%s': %s '%s' has no type", gname(gc), what, str(vi->name));
            return GE_STATUS_PARAM_INVALID;
        }
        return GE_STATUS_SUCCESS;
    }
    const char *kind = NULL;
    switch (t->value_case) {
    case GEFLOW_ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE: kind = "a sequence"; break;
    case GEFLOW_ONNX__TYPE_PROTO__VALUE_MAP_TYPE: kind = "a map"; break;
    case GEFLOW_ONNX__TYPE_PROTO__VALUE_OPTIONAL_TYPE: kind = "an optional"; break;
    case GEFLOW_ONNX__TYPE_PROTO__VALUE_SPARSE_TENSOR_TYPE: kind = "a sparse tensor"; break;
    case GEFLOW_ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE: break;
    default: kind = "an unknown"; break;
    }
    if (kind) {
        ge_error_set("graph '%s': %s '%s' has %s type; geflow supports dense tensor values only",
                     gname(gc), what, str(vi->name), kind);
        return GE_STATUS_UNSUPPORTED;
    }
    const GeflowOnnx__TypeProto__Tensor *tt = t->tensor_type;
    int32_t et = tt && tt->has_elem_type ? tt->elem_type : ONNX_UNDEFINED;
    if (et == ONNX_UNDEFINED) {
        if (required) {
            ge_error_set("graph '%s': %s '%s' has no element type", gname(gc), what, str(vi->name));
            return GE_STATUS_PARAM_INVALID;
        }
    } else if (!onnx_dtype_to_ge(et, dt)) {
        ge_error_set("graph '%s': %s '%s': element type %s (%d) is not supported: geflow has no "
                     "such dtype",
                     gname(gc), what, str(vi->name), onnx_dtype_name(et), (int)et);
        return GE_STATUS_UNSUPPORTED;
    }
    if (!tt || !tt->shape)
        return GE_STATUS_SUCCESS;
    const GeflowOnnx__TensorShapeProto *sp = tt->shape;
    if (sp->n_dim > IR_MAX_RANK) {
        ge_error_set("graph '%s': %s '%s': rank %zu exceeds geflow's maximum rank %d", gname(gc),
                     what, str(vi->name), sp->n_dim, IR_MAX_RANK);
        return GE_STATUS_PARAM_INVALID;
    }
    int64_t dims[IR_MAX_RANK], numel = 1;
    for (size_t i = 0; i < sp->n_dim; i++) {
        const GeflowOnnx__TensorShapeProto__Dimension *d = sp->dim[i];
        dims[i] = IR_DIM_UNKNOWN; /* dim_param or nothing: unknown */
        if (d && d->value_case == GEFLOW_ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE) {
            if (d->dim_value < 0) {
                ge_error_set("graph '%s': %s '%s': dim %zu is negative (%lld)", gname(gc), what,
                             str(vi->name), i, (long long)d->dim_value);
                return GE_STATUS_PARAM_INVALID;
            }
            if (__builtin_mul_overflow(numel, d->dim_value, &numel)) {
                ge_error_set("graph '%s': %s '%s': dims overflow: the element count exceeds int64",
                             gname(gc), what, str(vi->name));
                return GE_STATUS_PARAM_INVALID;
            }
            dims[i] = d->dim_value;
        }
    }
    ir_shape_make(shape, sp->n_dim, dims);
    return GE_STATUS_SUCCESS;
}

/* ---- attributes ---- */

static ge_status import_subgraph(gctx *parent, fn_scope *scope, const graph_pb *gp,
                                 const char *attr_name, ir_graph **out);

/* The attribute an attribute proto stands for: itself, or inside a function the call's
 * attribute (or the function's default) that ref_attr_name names; NULL when neither gives
 * one. *scope becomes the scope the result belongs to. */
static ge_status resolve_attr(const gctx *gc, fn_scope **scope, const attr_pb *ap,
                              const attr_pb **out)
{
    *out = NULL;
    for (int guard = 0; ap->ref_attr_name && ap->ref_attr_name[0]; guard++) {
        fn_scope *s = *scope;
        if (!s) {
            ge_error_set("graph '%s': attribute '%s' refers to '%s' (ref_attr_name) outside a "
                         "function body",
                         gname(gc), str(ap->name), ap->ref_attr_name);
            return GE_STATUS_PARAM_INVALID;
        }
        const attr_pb *found = NULL;
        for (size_t i = 0; i < s->call->n_attribute && !found; i++)
            if (s->call->attribute[i] && s->call->attribute[i]->name &&
                strcmp(s->call->attribute[i]->name, ap->ref_attr_name) == 0)
                found = s->call->attribute[i];
        if (found) {
            ap = found;
            *scope = s->parent;
            continue;
        }
        for (size_t i = 0; i < s->fn->n_attribute_proto && !found; i++)
            if (s->fn->attribute_proto[i] && s->fn->attribute_proto[i]->name &&
                strcmp(s->fn->attribute_proto[i]->name, ap->ref_attr_name) == 0)
                found = s->fn->attribute_proto[i];
        if (!found || (found->ref_attr_name && found->ref_attr_name[0]))
            return GE_STATUS_SUCCESS; /* not given: the attribute is left out */
        ap = found;
    }
    *out = ap;
    return GE_STATUS_SUCCESS;
}

/* The kind of an attribute; old models (IR < 3 style) may leave `type` out. */
static int attr_kind(const attr_pb *a)
{
    if (a->has_type && a->type != GEFLOW_ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__UNDEFINED)
        return (int)a->type;
    if (a->has_f) return 1;
    if (a->has_i) return 2;
    if (a->has_s) return 3;
    if (a->t) return 4;
    if (a->g) return 5;
    if (a->n_floats) return 6;
    if (a->n_ints) return 7;
    if (a->n_strings) return 8;
    if (a->n_tensors) return 9;
    if (a->n_graphs) return 10;
    if (a->sparse_tensor) return 11;
    if (a->n_sparse_tensors) return 12;
    if (a->tp) return 13;
    if (a->n_type_protos) return 14;
    return 0;
}

static ge_status convert_attr(gctx *gc, fn_scope *scope, const ir_node *n, const attr_pb *ap,
                              const char *name, ir_attr *out)
{
    memset(out, 0, sizeof *out);
    char what[600];
    snprintf(what, sizeof what, "graph '%s': node '%s' (%s): attribute '%s'", gname(gc), n->name,
             n->op_type, name);
    int kind = attr_kind(ap);
    ge_status st = GE_STATUS_SUCCESS;
    switch (kind) {
    case IR_ATTR_FLOAT:
        return ir_attr_set_float(out, name, ap->f);
    case IR_ATTR_INT:
        return ir_attr_set_int(out, name, ap->i);
    case IR_ATTR_STRING:
        return ir_attr_set_string(out, name, (const char *)ap->s.data, ap->s.len);
    case IR_ATTR_FLOATS:
        return ir_attr_set_floats(out, name, ap->floats, ap->n_floats);
    case IR_ATTR_INTS:
        return ir_attr_set_ints(out, name, ap->ints, ap->n_ints);
    case IR_ATTR_STRINGS: {
        char **tmp = ge_calloc(ap->n_strings + 1, sizeof *tmp);
        if (!tmp)
            return oom(gc, "copying strings");
        for (size_t i = 0; i < ap->n_strings && st == GE_STATUS_SUCCESS; i++) {
            tmp[i] = ge_malloc(ap->strings[i].len + 1);
            if (!tmp[i]) {
                st = oom(gc, "copying strings");
                break;
            }
            if (ap->strings[i].len)
                memcpy(tmp[i], ap->strings[i].data, ap->strings[i].len);
            tmp[i][ap->strings[i].len] = '\0';
        }
        if (st == GE_STATUS_SUCCESS)
            st = ir_attr_set_strings(out, name, (const char *const *)tmp, ap->n_strings);
        for (size_t i = 0; i < ap->n_strings; i++)
            ge_free(tmp[i]);
        ge_free(tmp);
        return st;
    }
    case IR_ATTR_TENSOR: {
        if (!ap->t) {
            ge_error_set("%s: of type TENSOR but holds no tensor", what);
            return GE_STATUS_PARAM_INVALID;
        }
        ir_tensor t;
        st = onnx_tensor_from_proto(ap->t, &gc->oc->ext, what, &t);
        if (st != GE_STATUS_SUCCESS)
            return st;
        st = ir_attr_set_tensor_taken(out, name, &t);
        if (st != GE_STATUS_SUCCESS)
            ir_tensor_free_data(&t);
        return st;
    }
    case IR_ATTR_GRAPH: {
        if (!ap->g) {
            ge_error_set("%s: of type GRAPH but holds no graph", what);
            return GE_STATUS_PARAM_INVALID;
        }
        ir_graph *sub = NULL;
        st = import_subgraph(gc, scope, ap->g, name, &sub);
        if (st != GE_STATUS_SUCCESS) {
            if (gc->depth == 0) /* the innermost graph is named already; add the top node */
                ge_error_prefix("node '%s' (%s): attribute '%s': ", n->name, n->op_type, name);
            return st;
        }
        st = ir_attr_set_graph(out, name, sub);
        if (st != GE_STATUS_SUCCESS)
            ir_graph_destroy(sub);
        return st;
    }
    case IR_ATTR_TENSORS:
    case IR_ATTR_GRAPHS: {
        size_t count = kind == IR_ATTR_TENSORS ? ap->n_tensors : ap->n_graphs;
        out->name = ge_strdup(name);
        out->kind = (ir_attr_kind)kind;
        if (kind == IR_ATTR_TENSORS)
            out->tensors = ge_calloc(count + 1, sizeof *out->tensors);
        else
            out->graphs = ge_calloc(count + 1, sizeof *out->graphs);
        if (!out->name || (!out->tensors && !out->graphs)) {
            ir_attr_clear(out);
            return oom(gc, "copying an attribute list");
        }
        out->count = count;
        for (size_t i = 0; i < count && st == GE_STATUS_SUCCESS; i++) {
            char w[700];
            snprintf(w, sizeof w, "%s[%zu]", what, i);
            if (kind == IR_ATTR_TENSORS) {
                if (!ap->tensors[i]) {
                    ge_error_set("%s: empty tensor", w);
                    st = GE_STATUS_PARAM_INVALID;
                } else {
                    st = onnx_tensor_from_proto(ap->tensors[i], &gc->oc->ext, w, &out->tensors[i]);
                }
            } else {
                if (!ap->graphs[i]) {
                    ge_error_set("%s: empty graph", w);
                    st = GE_STATUS_PARAM_INVALID;
                } else if ((st = import_subgraph(gc, scope, ap->graphs[i], name, &out->graphs[i])) !=
                           GE_STATUS_SUCCESS) {
                    if (gc->depth == 0)
                        ge_error_prefix("node '%s' (%s): attribute '%s'[%zu]: ", n->name,
                                        n->op_type, name, i);
                }
            }
        }
        if (st != GE_STATUS_SUCCESS)
            ir_attr_clear(out);
        return st;
    }
    case 11: case 12:
        ge_error_set("%s: sparse tensor attributes are not supported", what);
        return GE_STATUS_UNSUPPORTED;
    case 13: case 14:
        ge_error_set("%s: type-proto attributes are not supported", what);
        return GE_STATUS_UNSUPPORTED;
    case 0:
        ge_error_set("%s: has no type and no value", what);
        return GE_STATUS_PARAM_INVALID;
    default:
        ge_error_set("%s: unknown attribute type %d", what, kind);
        return GE_STATUS_PARAM_INVALID;
    }
}

/* ---- nodes ---- */

static ge_status import_nodes(gctx *gc, fn_scope *scope, node_pb *const *nodes, size_t n);

/* The local function a node calls: same domain, name and overload (IR 10). */
static const func_pb *find_function(const onnx_ctx *oc, const node_pb *np)
{
    for (size_t i = 0; i < oc->model->n_functions; i++) {
        const func_pb *f = oc->model->functions[i];
        if (f && f->name && strcmp(f->name, np->op_type) == 0 && domain_eq(f->domain, np->domain) &&
            strcmp(str(f->overload), str(np->overload)) == 0)
            return f;
    }
    return NULL;
}

static int scope_opset(const fn_scope *s, const char *domain)
{
    for (; s; s = s->parent)
        for (size_t i = 0; i < s->fn->n_opset_import; i++) {
            const GeflowOnnx__OperatorSetIdProto *o = s->fn->opset_import[i];
            if (o && o->has_version && o->version > 0 && o->version <= INT_MAX &&
                domain_eq(o->domain, domain))
                return (int)o->version;
        }
    return 0;
}

static ge_status inline_call(gctx *gc, fn_scope *scope, const node_pb *call, const func_pb *fn)
{
    int depth = scope ? scope->depth + 1 : 1;
    const char *cname = call->name && call->name[0] ? call->name : fn->name;
    if (depth > ONNX_MAX_INLINE_DEPTH) {
        ge_error_set("graph '%s': node '%s' (%s): local function calls nested deeper than %d "
                     "(is function '%s' recursive?)",
                     gname(gc), cname, fn->name, ONNX_MAX_INLINE_DEPTH, fn->name);
        return GE_STATUS_PARAM_INVALID;
    }
    if (call->n_input > fn->n_input || call->n_output > fn->n_output) {
        bool ins = call->n_input > fn->n_input;
        ge_error_set("graph '%s': node '%s' (%s): passes %zu %s; local function '%s' has %zu",
                     gname(gc), cname, fn->name, ins ? call->n_input : call->n_output,
                     ins ? "inputs" : "outputs", fn->name, ins ? fn->n_input : fn->n_output);
        return GE_STATUS_PARAM_INVALID;
    }
    fn_scope s;
    memset(&s, 0, sizeof s);
    s.parent = scope;
    s.fn = fn;
    s.call = call;
    s.home = gc;
    s.depth = depth;
    ir_name_map_init(&s.map);
    snprintf(s.prefix, sizeof s.prefix, "%s_%zu/", cname, gc->oc->n_calls++);
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t k = 0; k < fn->n_input + fn->n_output && st == GE_STATUS_SUCCESS; k++) {
        bool is_in = k < fn->n_input;
        size_t i = is_in ? k : k - fn->n_input;
        const char *formal = is_in ? fn->input[i] : fn->output[i];
        if (!formal || !formal[0])
            continue;
        if (ir_name_map_get(&s.map, formal)) {
            ge_error_set("local function '%s': '%s' is named twice among its inputs and outputs",
                         fn->name, formal);
            st = GE_STATUS_PARAM_INVALID;
            break;
        }
        const char *actual = NULL;
        size_t n_actual = is_in ? call->n_input : call->n_output;
        const char *given = i < n_actual ? (is_in ? call->input[i] : call->output[i]) : NULL;
        if (!is_in && (!given || !given[0]))
            continue; /* an unused output: fresh name on demand */
        st = xlate(gc, scope, given, &actual);
        if (st == GE_STATUS_SUCCESS &&
            ir_name_map_put(&s.map, formal, (void *)actual) != GE_STATUS_SUCCESS)
            st = oom(gc, "inlining a function");
    }
    if (st == GE_STATUS_SUCCESS)
        st = import_nodes(gc, &s, fn->node, fn->n_node);
    if (st != GE_STATUS_SUCCESS && depth == 1)
        ge_error_prefix("graph '%s': node '%s': inlining local function '%s': ", gname(gc), cname,
                        fn->name);
    ir_name_map_free(&s.map);
    return st;
}

static ge_status node_name(gctx *gc, fn_scope *scope, const node_pb *np, const char **out)
{
    const char *base = np->name && np->name[0] ? np->name : NULL;
    if (scope)
        base = base ? base : np->op_type;
    if (!base) {
        *out = NULL; /* the IR generates one */
        return GE_STATUS_SUCCESS;
    }
    const char *prefix = scope ? scope->prefix : "";
    if (!scope && !ir_graph_node(gc->g, base)) {
        *out = base;
        return GE_STATUS_SUCCESS;
    }
    size_t len = strlen(prefix) + strlen(base) + 24;
    char *s = ge_malloc(len);
    if (!s)
        return oom(gc, "naming a node");
    snprintf(s, len, "%s%s", prefix, base);
    for (size_t k = 1; ir_graph_node(gc->g, s); k++)
        snprintf(s, len, "%s%s_%zu", prefix, base, k);
    if (!scope)
        ge_log(GE_LOG_DEBUG, "ONNX import: graph '%s': node name '%s' is used twice; renamed '%s'",
               gname(gc), base, s);
    if (keep_fresh(gc->oc, s) != GE_STATUS_SUCCESS) {
        ge_free(s);
        return oom(gc, "naming a node");
    }
    *out = s;
    return GE_STATUS_SUCCESS;
}

static ge_status import_node(gctx *gc, fn_scope *scope, const node_pb *np, size_t index)
{
    if (!np->op_type || !np->op_type[0]) {
        ge_error_set("graph '%s': node %zu ('%s') has no op_type", gname(gc), index, str(np->name));
        return GE_STATUS_PARAM_INVALID;
    }
    const func_pb *fn = find_function(gc->oc, np);
    if (fn)
        return inline_call(gc, scope, np, fn);

    size_t n_names = np->n_input + np->n_output;
    const char **names = ge_calloc(n_names + 1, sizeof *names);
    if (!names)
        return oom(gc, "adding a node");
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t k = 0; k < n_names && st == GE_STATUS_SUCCESS; k++)
        st = xlate(gc, scope, k < np->n_input ? np->input[k] : np->output[k - np->n_input],
                   &names[k]);
    const char *name = NULL;
    if (st == GE_STATUS_SUCCESS)
        st = node_name(gc, scope, np, &name);
    ir_node *n = NULL;
    if (st == GE_STATUS_SUCCESS)
        st = ir_graph_add_node(gc->g, np->op_type, np->domain, name, names, np->n_input,
                               names + np->n_input, np->n_output, &n);
    ge_free(names);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (scope) {
        int v = scope_opset(scope, n->domain);
        if (v > 0)
            n->opset = v;
    }
    for (size_t k = 0; k < np->n_attribute; k++) {
        const attr_pb *ap = np->attribute[k];
        if (!ap)
            continue;
        if (!ap->name || !ap->name[0]) {
            ge_error_set("graph '%s': node '%s' (%s): attribute %zu has no name", gname(gc), n->name,
                         n->op_type, k);
            return GE_STATUS_PARAM_INVALID;
        }
        if (ir_node_attr(n, ap->name)) {
            ge_error_set("graph '%s': node '%s' (%s): attribute '%s' is given twice", gname(gc),
                         n->name, n->op_type, ap->name);
            return GE_STATUS_PARAM_INVALID;
        }
        fn_scope *as = scope;
        const attr_pb *val;
        if ((st = resolve_attr(gc, &as, ap, &val)) != GE_STATUS_SUCCESS)
            return st;
        if (!val)
            continue;
        ir_attr a;
        if ((st = convert_attr(gc, as, n, val, ap->name, &a)) != GE_STATUS_SUCCESS)
            return st;
        if ((st = ir_node_set_attr(n, &a)) != GE_STATUS_SUCCESS) {
            ir_attr_clear(&a);
            return st;
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status import_nodes(gctx *gc, fn_scope *scope, node_pb *const *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!nodes[i])
            continue;
        ge_status st = import_node(gc, scope, nodes[i], i);
        if (st != GE_STATUS_SUCCESS)
            return st;
    }
    return GE_STATUS_SUCCESS;
}

/* ---- options ---- */

typedef struct import_opts {
    const char *input_shape;
    const char *out_nodes;
    const char *input_data_names;
    const char *graph_name;
    const char *external_dir;
} import_opts;

static const char *const accepted_keys[] = {
    "input_shape", "out_nodes", "ge.outputNodeName", "input_data_names", "output",
    OPT_EXTERNAL_DIR, "input_fp16_nodes", "is_input_adjust_hw_layout",
    "is_output_adjust_hw_layout", "enable_scope_fusion_passes", "input_format", "log",
    "out_nodes_type", "output_type", "input_data_type",
};

static ge_status read_options(const ge_options *o, import_opts *io)
{
    memset(io, 0, sizeof *io);
    if (!o)
        return GE_STATUS_SUCCESS;
    for (size_t i = 0; i < ge_options_count(o); i++) {
        const char *k = ge_options_key_at(o, i);
        bool known = false;
        for (size_t j = 0; j < sizeof accepted_keys / sizeof *accepted_keys; j++)
            known |= strcmp(k, accepted_keys[j]) == 0;
        if (!known)
            GE_LOG_WARN("ONNX parser: option %s=\"%s\" is not known to geflow; ignored", k,
                        ge_options_value_at(o, i));
    }
    io->input_shape = ge_options_get(o, "input_shape");
    io->out_nodes = ge_options_get(o, "out_nodes");
    const char *alt = ge_options_get(o, "ge.outputNodeName");
    if (io->out_nodes && !io->out_nodes[0])
        io->out_nodes = NULL; /* "" selects nothing */
    if (alt && !alt[0])
        alt = NULL;
    if (io->out_nodes && alt && strcmp(io->out_nodes, alt) != 0) {
        ge_error_set("ONNX parser options: out_nodes \"%s\" and ge.outputNodeName \"%s\" disagree; "
                     "give one",
                     io->out_nodes, alt);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!io->out_nodes)
        io->out_nodes = alt;
    io->input_data_names = ge_options_get(o, "input_data_names");
    io->graph_name = ge_options_get(o, "output");
    io->external_dir = ge_options_get(o, OPT_EXTERNAL_DIR);
    if (io->external_dir && !io->external_dir[0])
        io->external_dir = NULL;
    return GE_STATUS_SUCCESS;
}

/* Splits s at `sep` into trimmed pieces (empty pieces dropped), in a ge_malloc'd copy. */
typedef struct pieces {
    char *buf;
    char **v;
    size_t n;
} pieces;

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static bool split(const char *s, char sep, pieces *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == sep;
    out->buf = ge_strdup(s);
    out->v = ge_calloc(cap, sizeof *out->v);
    if (!out->buf || !out->v) {
        ge_free(out->buf);
        ge_free(out->v);
        return false;
    }
    char *p = out->buf;
    for (;;) {
        char *e = strchr(p, sep);
        if (e)
            *e = '\0';
        char *t = trim(p);
        if (*t)
            out->v[out->n++] = t;
        if (!e)
            break;
        p = e + 1;
    }
    return true;
}

static void pieces_free(pieces *p)
{
    ge_free(p->buf);
    ge_free(p->v);
}

static bool parse_i64(const char *s, int64_t *out)
{
    if (!*s)
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *trim(end))
        return false;
    *out = v;
    return true;
}

/* "1,3,224,224" / "" (scalar) / "-1,1~10" -> shape. */
static ge_status parse_dims(const char *entry, const char *dims, ir_shape *out)
{
    pieces p;
    if (!split(dims, ',', &p)) {
        ge_error_set("input_shape: out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    ge_status st = GE_STATUS_SUCCESS;
    if (p.n > IR_MAX_RANK) {
        ge_error_set("input_shape \"%s\": rank %zu exceeds geflow's maximum rank %d", entry, p.n,
                     IR_MAX_RANK);
        st = GE_STATUS_PARAM_INVALID;
    }
    int64_t d[IR_MAX_RANK];
    for (size_t i = 0; i < p.n && st == GE_STATUS_SUCCESS; i++) {
        char *tilde = strchr(p.v[i], '~');
        int64_t lo, hi;
        if (tilde) {
            *tilde = '\0';
            if (!parse_i64(trim(p.v[i]), &lo) || !parse_i64(trim(tilde + 1), &hi) || lo < 0 ||
                (hi != -1 && hi < lo)) {
                ge_error_set("input_shape \"%s\": dim %zu is not a range \"min~max\"", entry, i);
                st = GE_STATUS_PARAM_INVALID;
            }
            d[i] = IR_DIM_UNKNOWN;
        } else if (!parse_i64(p.v[i], &d[i]) || d[i] < -1) {
            ge_error_set("input_shape \"%s\": dim %zu \"%s\" is not a size (>= 0, or -1 for unknown)",
                         entry, i, p.v[i]);
            st = GE_STATUS_PARAM_INVALID;
        }
    }
    if (st == GE_STATUS_SUCCESS)
        ir_shape_make(out, p.n, d);
    pieces_free(&p);
    return st;
}

/* ---- graphs ---- */

static ge_status collect_locals(gctx *gc, const graph_pb *gp)
{
    for (size_t i = 0; i < gp->n_initializer; i++) {
        const GeflowOnnx__TensorProto *t = gp->initializer[i];
        const char *n = t ? t->name : NULL;
        if (!n || !n[0]) {
            ge_error_set("graph '%s': initializer %zu has no name", gname(gc), i);
            return GE_STATUS_PARAM_INVALID;
        }
        if (ir_name_map_get(&gc->local, n)) {
            ge_error_set("graph '%s': initializer '%s' is defined twice", gname(gc), n);
            return GE_STATUS_PARAM_INVALID;
        }
        if (ir_name_map_put(&gc->local, n, (void *)t) != GE_STATUS_SUCCESS)
            return oom(gc, "collecting names");
    }
    for (size_t i = 0; i < gp->n_input; i++) {
        const char *n = gp->input[i] ? gp->input[i]->name : NULL;
        if (!n || !n[0]) {
            ge_error_set("graph '%s': input %zu has no name", gname(gc), i);
            return GE_STATUS_PARAM_INVALID;
        }
        if (!ir_name_map_get(&gc->local, n) &&
            ir_name_map_put(&gc->local, n, (void *)gp->input[i]) != GE_STATUS_SUCCESS)
            return oom(gc, "collecting names");
    }
    for (size_t i = 0; i < gp->n_node; i++) {
        const node_pb *np = gp->node[i];
        for (size_t k = 0; np && k < np->n_output; k++)
            if (np->output[k] && np->output[k][0] && !ir_name_map_get(&gc->local, np->output[k]) &&
                ir_name_map_put(&gc->local, np->output[k], (void *)np) != GE_STATUS_SUCCESS)
                return oom(gc, "collecting names");
    }
    return GE_STATUS_SUCCESS;
}

static bool is_initializer(const graph_pb *gp, const char *name)
{
    for (size_t i = 0; i < gp->n_initializer; i++)
        if (gp->initializer[i] && gp->initializer[i]->name &&
            strcmp(gp->initializer[i]->name, name) == 0)
            return true;
    return false;
}

static void list_inputs(const ir_graph *g, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < g->n_inputs && len + 8 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s'%s'", i ? ", " : "", g->inputs[i]->name);
    if (!g->n_inputs)
        snprintf(buf, size, "none");
}

/* Applies input_shape to the Data inputs of the top graph. */
static ge_status apply_input_shape(gctx *gc, const char *spec)
{
    pieces p;
    if (!split(spec, ';', &p))
        return oom(gc, "parsing input_shape");
    ge_status st = GE_STATUS_SUCCESS;
    size_t named = 0;
    for (size_t i = 0; i < p.n; i++)
        named += strchr(p.v[i], ':') != NULL;
    if (named && named != p.n) {
        ge_error_set("input_shape \"%s\": mixes \"name:dims\" entries with entries without a name",
                     spec);
        st = GE_STATUS_PARAM_INVALID;
    }
    if (st == GE_STATUS_SUCCESS && !named && p.n > gc->g->n_inputs) {
        ge_error_set("input_shape \"%s\": gives %zu shapes; the model has %zu inputs", spec, p.n,
                     gc->g->n_inputs);
        st = GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < p.n && st == GE_STATUS_SUCCESS; i++) {
        char *entry = p.v[i];
        char *colon = strrchr(entry, ':');
        ir_value *v;
        char *dims = entry;
        char name_buf[8] = "";
        const char *label = name_buf;
        if (colon) {
            *colon = '\0';
            label = trim(entry);
            dims = colon + 1;
            v = ir_graph_value(gc->g, label);
            if (!v || v->kind != IR_VALUE_INPUT) {
                char list[512];
                list_inputs(gc->g, list, sizeof list);
                ge_error_set("input_shape: '%s' is not an input of the model (inputs: %s)%s", label,
                             list, v && v->kind == IR_VALUE_CONST ? "; it is an initializer" : "");
                st = GE_STATUS_PARAM_INVALID;
                break;
            }
        } else {
            v = gc->g->inputs[i];
            label = v->name;
        }
        ir_shape sh;
        char entry_text[300];
        snprintf(entry_text, sizeof entry_text, "%s:%s", label, dims);
        st = parse_dims(entry_text, dims, &sh);
        if (st == GE_STATUS_SUCCESS) {
            v->shape = sh;
            ir_graph_touch(gc->g);
        }
    }
    pieces_free(&p);
    return st;
}

/* Data index assignment for the top graph's non-initializer inputs. */
static ge_status data_order(gctx *gc, const graph_pb *gp, const char *names, int32_t *index)
{
    size_t n_data = 0;
    for (size_t i = 0; i < gp->n_input; i++)
        index[i] = is_initializer(gp, gp->input[i]->name) ? -1 : (int32_t)n_data++;
    if (!names)
        return GE_STATUS_SUCCESS;
    pieces p;
    if (!split(names, ';', &p))
        return oom(gc, "parsing input_data_names");
    ge_status st = GE_STATUS_SUCCESS;
    int32_t next = 0;
    bool *listed = ge_calloc(gp->n_input + 1, sizeof *listed);
    if (!listed)
        st = oom(gc, "parsing input_data_names");
    for (size_t k = 0; k < p.n && st == GE_STATUS_SUCCESS; k++) {
        size_t found = gp->n_input;
        for (size_t i = 0; i < gp->n_input; i++)
            if (index[i] >= 0 && strcmp(gp->input[i]->name, p.v[k]) == 0)
                found = i;
        if (found == gp->n_input) {
            ge_error_set("input_data_names: '%s' is not a graph input of the model (or it is an "
                         "initializer)",
                         p.v[k]);
            st = GE_STATUS_PARAM_INVALID;
        } else if (listed[found]) {
            ge_error_set("input_data_names: '%s' is listed twice", p.v[k]);
            st = GE_STATUS_PARAM_INVALID;
        } else {
            listed[found] = true;
            index[found] = next++;
        }
    }
    for (size_t i = 0; i < gp->n_input && st == GE_STATUS_SUCCESS; i++)
        if (index[i] >= 0 && !listed[i])
            index[i] = next++;
    ge_free(listed);
    pieces_free(&p);
    return st;
}

/* out_nodes: "node:0;node:1" or value names "a;b". */
static ge_status select_outputs(gctx *gc, const char *spec)
{
    pieces p;
    if (!split(spec, ';', &p))
        return oom(gc, "parsing out_nodes");
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t k = 0; k < p.n && st == GE_STATUS_SUCCESS; k++) {
        const char *e = p.v[k];
        const char *value = NULL;
        ir_value *v = ir_graph_value(gc->g, e);
        if (v && ir_value_is_defined(v)) {
            value = v->name;
        } else {
            const char *colon = strrchr(e, ':');
            int64_t idx = -1;
            char node[512];
            if (colon && (size_t)(colon - e) < sizeof node && parse_i64(colon + 1, &idx)) {
                snprintf(node, sizeof node, "%.*s", (int)(colon - e), e);
                ir_node *n = ir_graph_node(gc->g, trim(node));
                if (n) {
                    if (idx < 0 || (uint64_t)idx >= n->n_outputs || !n->outputs[idx]) {
                        ge_error_set("out_nodes \"%s\": node '%s' (%s) has no output %lld (it has "
                                     "%zu)",
                                     e, n->name, n->op_type, (long long)idx, n->n_outputs);
                        st = GE_STATUS_PARAM_INVALID;
                        break;
                    }
                    value = n->outputs[idx]->name;
                }
            }
        }
        if (!value) {
            ge_error_set("out_nodes \"%s\": names neither a value of the graph nor \"node:index\" "
                         "of a node",
                         e);
            st = GE_STATUS_PARAM_INVALID;
            break;
        }
        st = ir_graph_add_output(gc->g, value);
    }
    pieces_free(&p);
    return st;
}

static ge_status import_graph(gctx *gc, const graph_pb *gp, const import_opts *io)
{
    ge_status st = collect_locals(gc, gp);
    if (st != GE_STATUS_SUCCESS)
        return st;
    onnx_ctx *oc = gc->oc;
    char what[600];
    for (size_t i = 0; i < gp->n_initializer; i++) {
        const GeflowOnnx__TensorProto *tp = gp->initializer[i];
        snprintf(what, sizeof what, "graph '%s': initializer '%s'", gname(gc), tp->name);
        ir_tensor t;
        if ((st = onnx_tensor_from_proto(tp, &oc->ext, what, &t)) != GE_STATUS_SUCCESS)
            return st;
        if ((st = ir_graph_add_constant_taken(gc->g, tp->name, &t, NULL)) != GE_STATUS_SUCCESS) {
            ir_tensor_free_data(&t);
            return st;
        }
    }
    if (gp->n_sparse_initializer) {
        const GeflowOnnx__SparseTensorProto *s = gp->sparse_initializer[0];
        ge_error_set("graph '%s': sparse initializer '%s' is not supported", gname(gc),
                     s && s->values ? str(s->values->name) : "");
        return GE_STATUS_UNSUPPORTED;
    }

    /* Inputs. */
    int32_t *index = ge_calloc(gp->n_input + 1, sizeof *index);
    if (!index)
        return oom(gc, "adding inputs");
    bool top = gc->depth == 0;
    if (top) {
        st = data_order(gc, gp, io ? io->input_data_names : NULL, index);
    } else {
        for (size_t i = 0; i < gp->n_input; i++)
            index[i] = (int32_t)i;
    }
    for (size_t i = 0; i < gp->n_input && st == GE_STATUS_SUCCESS; i++) {
        const vinfo_pb *vi = gp->input[i];
        ge_dtype dt;
        ir_shape sh;
        if (top && index[i] < 0) { /* an initializer listed as input: a constant */
            st = value_type(gc, vi, "input", false, &dt, &sh);
            if (st == GE_STATUS_SUCCESS)
                st = ir_graph_set_value_info(gc->g, vi->name, dt, &sh);
            continue;
        }
        if ((st = value_type(gc, vi, "input", top, &dt, &sh)) != GE_STATUS_SUCCESS)
            break;
        ir_value *v = NULL;
        st = ir_graph_add_input(gc->g, vi->name, dt == GE_DTYPE_UNDEFINED ? GE_DTYPE_FLOAT32 : dt,
                                &sh, index[i], &v);
        if (st == GE_STATUS_SUCCESS && dt == GE_DTYPE_UNDEFINED)
            v->dtype = GE_DTYPE_UNDEFINED; /* a body input typed by its op at run time */
    }
    ge_free(index);
    if (st == GE_STATUS_SUCCESS && top && io && io->input_shape && io->input_shape[0])
        st = apply_input_shape(gc, io->input_shape);
    if (st != GE_STATUS_SUCCESS)
        return st;

    /* Nodes. */
    if ((st = import_nodes(gc, gc->scope, gp->node, gp->n_node)) != GE_STATUS_SUCCESS)
        return st;

    /* Outputs and declared types. */
    bool selected = top && io && io->out_nodes && io->out_nodes[0];
    for (size_t i = 0; i < gp->n_output; i++) {
        const vinfo_pb *vi = gp->output[i];
        if (!vi || !vi->name || !vi->name[0]) {
            ge_error_set("graph '%s': output %zu has no name", gname(gc), i);
            return GE_STATUS_PARAM_INVALID;
        }
        const char *name;
        ge_dtype dt;
        ir_shape sh;
        if ((st = xlate(gc, gc->scope, vi->name, &name)) != GE_STATUS_SUCCESS ||
            (st = value_type(gc, vi, "output", false, &dt, &sh)) != GE_STATUS_SUCCESS)
            return st;
        if (!selected && (st = ir_graph_add_output(gc->g, name)) != GE_STATUS_SUCCESS)
            return st;
        if ((dt != GE_DTYPE_UNDEFINED || ir_shape_rank_known(&sh)) &&
            (st = ir_graph_set_value_info(gc->g, name, dt, &sh)) != GE_STATUS_SUCCESS)
            return st;
    }
    if (selected && (st = select_outputs(gc, io->out_nodes)) != GE_STATUS_SUCCESS)
        return st;
    for (size_t i = 0; i < gp->n_value_info; i++) {
        const vinfo_pb *vi = gp->value_info[i];
        if (!vi || !vi->name || !vi->name[0])
            continue;
        const char *name;
        ge_dtype dt;
        ir_shape sh;
        if ((st = xlate(gc, gc->scope, vi->name, &name)) != GE_STATUS_SUCCESS ||
            (st = value_type(gc, vi, "value_info", false, &dt, &sh)) != GE_STATUS_SUCCESS)
            return st;
        if (!ir_graph_value(gc->g, name)) /* declares nothing this graph has: ignored */
            continue;
        if ((dt != GE_DTYPE_UNDEFINED || ir_shape_rank_known(&sh)) &&
            (st = ir_graph_set_value_info(gc->g, name, dt, &sh)) != GE_STATUS_SUCCESS)
            return st;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status import_subgraph(gctx *parent, fn_scope *scope, const graph_pb *gp,
                                 const char *attr_name, ir_graph **out)
{
    *out = NULL;
    if (parent->depth + 1 > ONNX_MAX_SUBGRAPH_DEPTH) {
        ge_error_set("graph '%s': subgraphs nested deeper than %d levels", gname(parent),
                     ONNX_MAX_SUBGRAPH_DEPTH);
        return GE_STATUS_PARAM_INVALID;
    }
    ir_graph *g;
    ge_status st = ir_graph_create(gp->name && gp->name[0] ? gp->name : attr_name, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    gctx sub = {.oc = parent->oc, .g = g, .parent = parent, .scope = scope,
                .depth = parent->depth + 1};
    ir_name_map_init(&sub.local);
    st = import_graph(&sub, gp, NULL);
    ir_name_map_free(&sub.local);
    if (st != GE_STATUS_SUCCESS) {
        ir_graph_destroy(g);
        return st;
    }
    *out = g;
    return GE_STATUS_SUCCESS;
}

/* Every node input and graph output names something (here or in an enclosing graph). */
static ge_status check_refs(const ir_graph *g)
{
    const char *gn = g->name ? g->name : "";
    for (size_t i = 0; i < g->n_nodes; i++) {
        const ir_node *n = g->nodes[i];
        for (size_t k = 0; k < n->n_inputs; k++) {
            const ir_value *v = n->inputs[k];
            if (v && !ir_value_is_defined(v) && !ir_graph_resolve(g, v->name)) {
                ge_error_set("graph '%s': node '%s' (%s): input %zu '%s' names nothing: no graph "
                             "input, initializer or node output%s has that name",
                             gn, n->name, n->op_type, k, v->name,
                             g->parent ? " (here or in an enclosing graph)" : "");
                return GE_STATUS_PARAM_INVALID;
            }
        }
        for (size_t k = 0; k < n->n_attrs; k++) {
            const ir_attr *a = &n->attrs[k];
            size_t m = a->kind == IR_ATTR_GRAPH ? 1 : a->kind == IR_ATTR_GRAPHS ? a->count : 0;
            for (size_t j = 0; j < m; j++) {
                ge_status st = check_refs(a->kind == IR_ATTR_GRAPH ? a->g : a->graphs[j]);
                if (st != GE_STATUS_SUCCESS) {
                    if (!g->parent)
                        ge_error_prefix("graph '%s': node '%s' (%s): attribute '%s': ", gn,
                                        n->name, n->op_type, a->name);
                    return st;
                }
            }
        }
    }
    for (size_t i = 0; i < g->n_outputs; i++) {
        const ir_value *v = g->outputs[i];
        if (!ir_value_is_defined(v) && !ir_graph_resolve(g, v->name)) {
            ge_error_set("graph '%s': output %zu '%s' names nothing: no graph input, initializer or "
                         "node output has that name",
                         gn, i, v->name);
            return GE_STATUS_PARAM_INVALID;
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ---- the model ---- */

static ge_status check_model(const model_pb *m)
{
    if (!m->has_ir_version || m->ir_version <= 0) {
        ge_error_set("not an ONNX model: ir_version is missing%s",
                     m->graph ? "" : " and there is no graph");
        return GE_STATUS_PARAM_INVALID;
    }
    if (m->ir_version < 3) {
        ge_error_set("IR version %lld is not supported (geflow reads IR versions 3 and newer)",
                     (long long)m->ir_version);
        return GE_STATUS_UNSUPPORTED;
    }
    if (m->ir_version > GEFLOW_ONNX__VERSION__IR_VERSION)
        ge_log(GE_LOG_INFO, "ONNX import: IR version %lld is newer than %d; reading it leniently",
               (long long)m->ir_version, (int)GEFLOW_ONNX__VERSION__IR_VERSION);
    if (!m->graph) {
        ge_error_set("the model has no graph");
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < m->n_functions; i++) {
        const func_pb *f = m->functions[i];
        if (!f || !f->name || !f->name[0]) {
            ge_error_set("local function %zu has no name", i);
            return GE_STATUS_PARAM_INVALID;
        }
        for (size_t j = 0; j < i; j++)
            if (m->functions[j] && strcmp(m->functions[j]->name, f->name) == 0 &&
                domain_eq(m->functions[j]->domain, f->domain) &&
                strcmp(str(m->functions[j]->overload), str(f->overload)) == 0) {
                ge_error_set("local function '%s' of domain '%s' is defined twice", f->name,
                             domain_is_onnx(f->domain) ? "ai.onnx" : f->domain);
                return GE_STATUS_PARAM_INVALID;
            }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status import_model(const model_pb *m, const import_opts *io, const onnx_ext_ctx *ext,
                              ir_graph **out)
{
    *out = NULL;
    ge_status st = check_model(m);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const graph_pb *gp = m->graph;
    const char *name = io->graph_name && io->graph_name[0] ? io->graph_name
                       : gp->name && gp->name[0]         ? gp->name
                                                         : "main";
    ir_graph *g;
    if ((st = ir_graph_create(name, &g)) != GE_STATUS_SUCCESS)
        return st;
    for (size_t i = 0; i < m->n_opset_import && st == GE_STATUS_SUCCESS; i++) {
        const GeflowOnnx__OperatorSetIdProto *o = m->opset_import[i];
        if (!o)
            continue;
        if (!o->has_version || o->version <= 0 || o->version > INT_MAX) {
            ge_error_set("opset_import %zu (domain '%s'): version %lld is not a valid opset", i,
                         domain_is_onnx(o->domain) ? "ai.onnx" : o->domain,
                         (long long)o->version);
            st = GE_STATUS_PARAM_INVALID;
            break;
        }
        st = ir_graph_set_opset(g, o->domain, (int)o->version);
    }
    onnx_ctx oc = {.model = m, .ext = *ext};
    ir_name_map_init(&oc.fresh_map);
    gctx top = {.oc = &oc, .g = g};
    ir_name_map_init(&top.local);
    if (st == GE_STATUS_SUCCESS)
        st = import_graph(&top, gp, io);
    if (st == GE_STATUS_SUCCESS)
        st = check_refs(g);
    ir_name_map_free(&top.local);
    ir_name_map_free(&oc.fresh_map);
    for (size_t i = 0; i < oc.n_fresh; i++)
        ge_free(oc.fresh[i]);
    ge_free(oc.fresh);
    if (st != GE_STATUS_SUCCESS) {
        ir_graph_destroy(g);
        return st;
    }
    *out = g;
    return GE_STATUS_SUCCESS;
}

static ge_status from_bytes(const void *data, size_t size, void *owned, const char *label,
                            const import_opts *io, const onnx_ext_ctx *ext, ir_graph **out)
{
    ge_status st;
    model_pb *m = (model_pb *)onnx_unpack(&geflow_onnx__model_proto__descriptor, data, size, label,
                                          &st);
    ge_free(owned); /* the parsed message holds copies */
    if (!m)
        return st;
    st = import_model(m, io, ext, out);
    onnx_free_unpacked(&m->base);
    if (st != GE_STATUS_SUCCESS)
        ge_error_prefix("%s: ", label);
    return st;
}

GEFLOW_API ge_status ge_graph_from_onnx_file(const char *path, const ge_options *options,
                                             ge_graph **out_graph)
{
    if (!out_graph || !path) {
        ge_error_set("ge_graph_from_onnx_file: %s is NULL", !out_graph ? "out_graph" : "path");
        if (out_graph)
            *out_graph = NULL;
        return GE_STATUS_PARAM_INVALID;
    }
    *out_graph = NULL;
    import_opts io;
    ge_status st = read_options(options, &io);
    if (st != GE_STATUS_SUCCESS)
        return st;
    void *buf;
    size_t size;
    if ((st = onnx_read_file(path, ONNX_MAX_MESSAGE_BYTES, "ONNX model", &buf, &size)) !=
        GE_STATUS_SUCCESS)
        return st;
    char dir[PATH_MAX], label[PATH_MAX + 16];
    onnx_dirname(path, dir, sizeof dir);
    snprintf(label, sizeof label, "ONNX model '%s'", path);
    onnx_ext_ctx ext = {.dir = io.external_dir ? io.external_dir : dir};
    return from_bytes(buf, size, buf, label, &io, &ext, out_graph);
}

GEFLOW_API ge_status ge_graph_from_onnx_memory(const void *data, size_t size,
                                               const ge_options *options, ge_graph **out_graph)
{
    if (!out_graph || (!data && size)) {
        ge_error_set("ge_graph_from_onnx_memory: %s is NULL", !out_graph ? "out_graph" : "data");
        if (out_graph)
            *out_graph = NULL;
        return GE_STATUS_PARAM_INVALID;
    }
    *out_graph = NULL;
    import_opts io;
    ge_status st = read_options(options, &io);
    if (st != GE_STATUS_SUCCESS)
        return st;
    onnx_ext_ctx ext = {.dir = io.external_dir,
                        .why_none = "but the model was loaded from memory: give the directory of "
                                    "its data files with the option " OPT_EXTERNAL_DIR};
    return from_bytes(data ? data : "", size, NULL, "ONNX model", &io, &ext, out_graph);
}

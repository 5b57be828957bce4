/* The ONNX writer: ir_graph -> ModelProto bytes. Messages are built in an arena that borrows
 * names and tensor bytes from the graph (nothing is copied until protobuf-c packs). */
#include "geflow/ge_onnx.h"

#include "base/alloc.h"
#include "base/error.h"
#include "ir/graph.h"
#include "onnx/onnx_internal.h"
#include "ops/op_registry.h"

#include <stdio.h>
#include <string.h>

typedef struct wctx {
    onnx_arena a;
    ge_status st;
} wctx;

static bool failed(wctx *w)
{
    if (w->st == GE_STATUS_SUCCESS && w->a.failed) {
        ge_error_set("ONNX writer: out of memory building the model");
        w->st = GE_STATUS_MEMALLOC_FAILED;
    }
    return w->st != GE_STATUS_SUCCESS;
}

static GeflowOnnx__ValueInfoProto *value_info(wctx *w, const ir_value *v)
{
    GeflowOnnx__ValueInfoProto *vi = onnx_arena_alloc(&w->a, sizeof *vi);
    GeflowOnnx__TypeProto *tp = onnx_arena_alloc(&w->a, sizeof *tp);
    GeflowOnnx__TypeProto__Tensor *tt = onnx_arena_alloc(&w->a, sizeof *tt);
    if (!vi || !tp || !tt)
        return NULL;
    geflow_onnx__value_info_proto__init(vi);
    geflow_onnx__type_proto__init(tp);
    geflow_onnx__type_proto__tensor__init(tt);
    vi->name = v->name;
    vi->type = tp;
    tp->value_case = GEFLOW_ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    tp->tensor_type = tt;
    ge_dtype dt = v->dtype != GE_DTYPE_UNDEFINED ? v->dtype
                  : v->has_decl                 ? v->decl_dtype
                                                : GE_DTYPE_UNDEFINED;
    if (dt != GE_DTYPE_UNDEFINED) {
        tt->has_elem_type = 1;
        tt->elem_type = onnx_dtype_from_ge(dt);
    }
    const ir_shape *sh = ir_shape_rank_known(&v->shape)                  ? &v->shape
                         : v->has_decl && ir_shape_rank_known(&v->decl_shape) ? &v->decl_shape
                                                                           : NULL;
    if (!sh)
        return vi;
    GeflowOnnx__TensorShapeProto *sp = onnx_arena_alloc(&w->a, sizeof *sp);
    GeflowOnnx__TensorShapeProto__Dimension **dims =
        onnx_arena_array(&w->a, (size_t)sh->rank + 1, sizeof *dims);
    if (!sp || !dims)
        return NULL;
    geflow_onnx__tensor_shape_proto__init(sp);
    sp->n_dim = (size_t)sh->rank;
    sp->dim = dims;
    for (int32_t i = 0; i < sh->rank; i++) {
        GeflowOnnx__TensorShapeProto__Dimension *d = onnx_arena_alloc(&w->a, sizeof *d);
        if (!d)
            return NULL;
        geflow_onnx__tensor_shape_proto__dimension__init(d);
        if (sh->dims[i] >= 0) {
            d->value_case = GEFLOW_ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
            d->dim_value = sh->dims[i];
        }
        dims[i] = d;
    }
    tt->shape = sp;
    return vi;
}

static GeflowOnnx__GraphProto *export_graph(wctx *w, const ir_graph *g);

static GeflowOnnx__TensorProto *tensor(wctx *w, const ir_tensor *t, const char *name)
{
    GeflowOnnx__TensorProto *tp = onnx_arena_alloc(&w->a, sizeof *tp);
    if (!tp)
        return NULL;
    ge_status st = onnx_tensor_to_proto(&w->a, t, name, tp);
    if (st != GE_STATUS_SUCCESS) {
        w->st = st;
        return NULL;
    }
    return tp;
}

static GeflowOnnx__AttributeProto *attribute(wctx *w, const ir_node *n, const ir_attr *at)
{
    GeflowOnnx__AttributeProto *ap = onnx_arena_alloc(&w->a, sizeof *ap);
    if (!ap)
        return NULL;
    geflow_onnx__attribute_proto__init(ap);
    ap->name = at->name;
    ap->has_type = 1;
    ap->type = (GeflowOnnx__AttributeProto__AttributeType)at->kind;
    switch (at->kind) {
    case IR_ATTR_FLOAT:
        ap->has_f = 1;
        ap->f = at->f;
        break;
    case IR_ATTR_INT:
        ap->has_i = 1;
        ap->i = at->i;
        break;
    case IR_ATTR_STRING:
        ap->has_s = 1;
        ap->s.data = (uint8_t *)(at->s ? at->s : "");
        ap->s.len = at->s ? at->s_len : 0;
        break;
    case IR_ATTR_TENSOR:
        if (!(ap->t = tensor(w, &at->t, NULL)))
            return NULL;
        break;
    case IR_ATTR_GRAPH:
        if (!(ap->g = export_graph(w, at->g)))
            return NULL;
        break;
    case IR_ATTR_FLOATS:
        ap->n_floats = at->count;
        ap->floats = at->floats;
        break;
    case IR_ATTR_INTS:
        ap->n_ints = at->count;
        ap->ints = at->ints;
        break;
    case IR_ATTR_STRINGS:
        ap->n_strings = at->count;
        ap->strings = onnx_arena_array(&w->a, at->count + 1, sizeof *ap->strings);
        if (!ap->strings)
            return NULL;
        for (size_t i = 0; i < at->count; i++) {
            const char *s = at->strings[i] ? at->strings[i] : "";
            ap->strings[i].data = (uint8_t *)s;
            ap->strings[i].len = strlen(s);
        }
        break;
    case IR_ATTR_TENSORS:
        ap->n_tensors = at->count;
        ap->tensors = onnx_arena_array(&w->a, at->count + 1, sizeof *ap->tensors);
        if (!ap->tensors)
            return NULL;
        for (size_t i = 0; i < at->count; i++)
            if (!(ap->tensors[i] = tensor(w, &at->tensors[i], NULL)))
                return NULL;
        break;
    case IR_ATTR_GRAPHS:
        ap->n_graphs = at->count;
        ap->graphs = onnx_arena_array(&w->a, at->count + 1, sizeof *ap->graphs);
        if (!ap->graphs)
            return NULL;
        for (size_t i = 0; i < at->count; i++)
            if (!(ap->graphs[i] = export_graph(w, at->graphs[i])))
                return NULL;
        break;
    default:
        ge_error_set("ONNX writer: node '%s' (%s): attribute '%s' has kind %d, which ONNX lacks",
                     n->name, n->op_type, at->name, (int)at->kind);
        w->st = GE_STATUS_PARAM_INVALID;
        return NULL;
    }
    return ap;
}

static GeflowOnnx__NodeProto *node(wctx *w, const ir_node *n)
{
    GeflowOnnx__NodeProto *np = onnx_arena_alloc(&w->a, sizeof *np);
    if (!np)
        return NULL;
    geflow_onnx__node_proto__init(np);
    np->name = n->name;
    np->op_type = n->op_type;
    if (n->domain && n->domain[0])
        np->domain = n->domain;
    np->n_input = n->n_inputs;
    np->n_output = n->n_outputs;
    np->input = onnx_arena_array(&w->a, n->n_inputs + 1, sizeof *np->input);
    np->output = onnx_arena_array(&w->a, n->n_outputs + 1, sizeof *np->output);
    np->n_attribute = n->n_attrs;
    np->attribute = onnx_arena_array(&w->a, n->n_attrs + 1, sizeof *np->attribute);
    if (!np->input || !np->output || !np->attribute)
        return NULL;
    for (size_t i = 0; i < n->n_inputs; i++)
        np->input[i] = n->inputs[i] ? n->inputs[i]->name : "";
    for (size_t i = 0; i < n->n_outputs; i++)
        np->output[i] = n->outputs[i] ? n->outputs[i]->name : "";
    for (size_t i = 0; i < n->n_attrs; i++)
        if (!(np->attribute[i] = attribute(w, n, &n->attrs[i])))
            return NULL;
    return np;
}

static GeflowOnnx__GraphProto *export_graph(wctx *w, const ir_graph *g)
{
    GeflowOnnx__GraphProto *gp = onnx_arena_alloc(&w->a, sizeof *gp);
    if (!gp)
        return NULL;
    geflow_onnx__graph_proto__init(gp);
    gp->name = g->name ? g->name : "graph";
    size_t n_const = 0, n_info = 0;
    for (size_t i = 0; i < g->n_values; i++) {
        const ir_value *v = g->values[i];
        n_const += v->kind == IR_VALUE_CONST;
        n_info += v->kind == IR_VALUE_NODE && !v->is_output &&
                  (v->dtype != GE_DTYPE_UNDEFINED || ir_shape_rank_known(&v->shape));
    }
    gp->initializer = onnx_arena_array(&w->a, n_const + 1, sizeof *gp->initializer);
    gp->value_info = onnx_arena_array(&w->a, n_info + 1, sizeof *gp->value_info);
    gp->input = onnx_arena_array(&w->a, g->n_inputs + 1, sizeof *gp->input);
    gp->output = onnx_arena_array(&w->a, g->n_outputs + 1, sizeof *gp->output);
    gp->node = onnx_arena_array(&w->a, g->n_nodes + 1, sizeof *gp->node);
    if (!gp->initializer || !gp->value_info || !gp->input || !gp->output || !gp->node)
        return NULL;
    for (size_t i = 0; i < g->n_values; i++) {
        const ir_value *v = g->values[i];
        if (v->kind == IR_VALUE_CONST) {
            if (!(gp->initializer[gp->n_initializer++] = tensor(w, &v->data, v->name)))
                return NULL;
        } else if (v->kind == IR_VALUE_NODE && !v->is_output &&
                   (v->dtype != GE_DTYPE_UNDEFINED || ir_shape_rank_known(&v->shape))) {
            if (!(gp->value_info[gp->n_value_info++] = value_info(w, v)))
                return NULL;
        }
    }
    for (size_t i = 0; i < g->n_inputs; i++)
        if (!(gp->input[gp->n_input++] = value_info(w, g->inputs[i])))
            return NULL;
    for (size_t i = 0; i < g->n_outputs; i++) {
        const ir_value *v = g->outputs[i];
        /* An output read from an enclosing graph: its type is known there. */
        const ir_value *r = ir_value_is_defined(v) ? v : ir_graph_resolve(g, v->name);
        ir_value tmp = *(r ? r : v);
        tmp.name = v->name;
        if (!(gp->output[gp->n_output++] = value_info(w, &tmp)))
            return NULL;
    }
    for (size_t i = 0; i < g->n_nodes; i++)
        if (!(gp->node[gp->n_node++] = node(w, g->nodes[i])))
            return NULL;
    return gp;
}

/* Domains nodes use, at any depth, that have no opset import in `top`. */
static bool add_domain(wctx *w, GeflowOnnx__ModelProto *m, const char *domain, int version)
{
    for (size_t i = 0; i < m->n_opset_import; i++) {
        const char *d = m->opset_import[i]->domain ? m->opset_import[i]->domain : "";
        if (strcmp(d, domain) == 0)
            return true;
    }
    GeflowOnnx__OperatorSetIdProto *o = onnx_arena_alloc(&w->a, sizeof *o);
    GeflowOnnx__OperatorSetIdProto **arr =
        onnx_arena_array(&w->a, m->n_opset_import + 2, sizeof *arr);
    if (!o || !arr)
        return false;
    geflow_onnx__operator_set_id_proto__init(o);
    o->domain = (char *)domain;
    o->has_version = 1;
    o->version = version;
    if (m->n_opset_import)
        memcpy(arr, m->opset_import, m->n_opset_import * sizeof *arr);
    arr[m->n_opset_import++] = o;
    m->opset_import = arr;
    return true;
}

static bool add_used_domains(wctx *w, GeflowOnnx__ModelProto *m, const ir_graph *g)
{
    for (size_t i = 0; i < g->n_nodes; i++) {
        const ir_node *n = g->nodes[i];
        if (n->domain && n->domain[0] && strcmp(n->domain, "ai.onnx") != 0 &&
            !add_domain(w, m, n->domain, 1))
            return false;
        for (size_t k = 0; k < n->n_attrs; k++) {
            const ir_attr *a = &n->attrs[k];
            if (a->kind == IR_ATTR_GRAPH && !add_used_domains(w, m, a->g))
                return false;
            for (size_t j = 0; a->kind == IR_ATTR_GRAPHS && j < a->count; j++)
                if (!add_used_domains(w, m, a->graphs[j]))
                    return false;
        }
    }
    return true;
}

/* The IR version that goes with an ai.onnx opset (ONNX releases pair them). */
static int64_t ir_version_for(int opset)
{
    if (opset <= 18)
        return 8;
    if (opset <= 20)
        return 9;
    if (opset <= 22)
        return 10;
    if (opset <= 24)
        return 11;
    if (opset <= 25)
        return 12;
    return 13;
}

static ge_status save(const ir_graph *g, void **out_data, size_t *out_size)
{
    wctx w = {.st = GE_STATUS_SUCCESS};
    GeflowOnnx__ModelProto m;
    geflow_onnx__model_proto__init(&m);
    m.producer_name = "geflow";
    int onnx_opset = ir_graph_opset(g, "");
    for (size_t i = 0; i < g->n_opsets; i++)
        if (!add_domain(&w, &m, g->opsets[i].domain, g->opsets[i].version))
            break;
    if (!onnx_opset) {
        onnx_opset = OP_ONNX_OPSET_MAX;
        add_domain(&w, &m, "", onnx_opset);
    }
    m.has_ir_version = 1;
    m.ir_version = ir_version_for(onnx_opset);
    add_used_domains(&w, &m, g);
    if (!failed(&w))
        m.graph = export_graph(&w, g);
    if (!failed(&w) && !m.graph && w.st == GE_STATUS_SUCCESS) {
        ge_error_set("ONNX writer: out of memory building the model");
        w.st = GE_STATUS_MEMALLOC_FAILED;
    }
    if (!failed(&w)) {
        size_t n = geflow_onnx__model_proto__get_packed_size(&m);
        uint8_t *buf = ge_malloc(n ? n : 1);
        if (!buf) {
            ge_error_set("ONNX writer: out of memory for %zu bytes", n);
            w.st = GE_STATUS_MEMALLOC_FAILED;
        } else {
            geflow_onnx__model_proto__pack(&m, buf);
            *out_data = buf;
            *out_size = n;
        }
    }
    onnx_arena_free(&w.a);
    return w.st;
}

GEFLOW_API ge_status ge_graph_save_onnx_memory(const ge_graph *graph, void **out_data,
                                               size_t *out_size)
{
    if (!graph || !out_data || !out_size) {
        ge_error_set("ge_graph_save_onnx_memory: %s is NULL",
                     !graph ? "graph" : !out_data ? "out_data" : "out_size");
        return GE_STATUS_PARAM_INVALID;
    }
    *out_data = NULL;
    *out_size = 0;
    /* Types come from inference: an unvalidated graph is validated on a copy. */
    ge_graph *typed = NULL;
    const ir_graph *src = graph;
    if (!graph->validated && ge_graph_copy(graph, &typed) == GE_STATUS_SUCCESS) {
        if (ge_graph_validate(typed) == GE_STATUS_SUCCESS)
            src = typed;
        else
            ge_error_clear(); /* written with the declared types only */
    } else if (!graph->validated) {
        ge_error_clear();
    }
    ge_status st = save(src, out_data, out_size);
    ge_graph_destroy(typed);
    return st;
}

GEFLOW_API void ge_onnx_buffer_free(void *data)
{
    ge_free(data);
}

GEFLOW_API ge_status ge_graph_save_onnx(const ge_graph *graph, const char *path)
{
    if (!path) {
        ge_error_set("ge_graph_save_onnx: path is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    void *buf;
    size_t size;
    ge_status st = ge_graph_save_onnx_memory(graph, &buf, &size);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = onnx_write_file(path, buf, size, "ONNX model");
    ge_free(buf);
    return st;
}

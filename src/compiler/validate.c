#include "compiler/validate.h"

#include "base/alloc.h"
#include "base/error.h"
#include "geflow/ge_graph.h"
#include "ops/op_util.h"

#include <stdio.h>
#include <string.h>

static const char *gname(const ir_graph *g)
{
    return g->name ? g->name : "";
}

static const char *domain_name(const char *d)
{
    return (!d || !d[0]) ? "ai.onnx" : d;
}

int validate_node_opset(const ir_node *n)
{
    if (n->opset > 0)
        return n->opset;
    int v = ir_graph_opset_resolved(n->graph, n->domain);
    if (v > 0)
        return v;
    if (op_domain_is_onnx(n->domain))
        return OP_ONNX_OPSET_MAX;
    int best = 1;
    for (size_t i = 0; i < op_registry_count(); i++) {
        const op_schema *s = op_registry_at(i);
        if (strcmp(s->type, n->op_type) == 0 && !op_domain_is_onnx(s->domain) &&
            strcmp(s->domain, n->domain) == 0 && s->last_opset > best)
            best = s->last_opset;
    }
    return best;
}

op_value validate_value_info(const ir_graph *g, const ir_value *v)
{
    op_value o;
    memset(&o, 0, sizeof o);
    o.dtype = GE_DTYPE_UNDEFINED;
    o.shape = ir_shape_unknown();
    if (!v)
        return o;
    const ir_value *r = v->kind == IR_VALUE_REF ? ir_graph_resolve(g, v->name) : v;
    if (!r)
        r = v;
    o.present = true;
    o.dtype = r->dtype;
    o.shape = r->shape;
    o.value = r->kind == IR_VALUE_CONST ? &r->data : r->known;
    return o;
}

/* ---- structure ---- */

static void format_arity(char *buf, size_t size, unsigned lo, unsigned hi, const char *what)
{
    if (hi == OP_VARIADIC)
        snprintf(buf, size, "at least %u %s%s", lo, what, lo == 1 ? "" : "s");
    else if (lo == hi)
        snprintf(buf, size, "%u %s%s", lo, what, lo == 1 ? "" : "s");
    else
        snprintf(buf, size, "%u to %u %ss", lo, hi, what);
}

static ge_status check_schema(ir_node *n)
{
    int opset = validate_node_opset(n);
    const op_schema *s = op_registry_find(n->domain, n->op_type, opset);
    if (!s) {
        const op_schema *any = op_registry_find_any(n->domain, n->op_type);
        if (!any) {
            const char *near = op_registry_closest(n->op_type);
            if (near)
                ge_error_set("graph '%s': node '%s': unknown op type '%s' in domain '%s'; did you "
                             "mean '%s'?",
                             gname(n->graph), n->name, n->op_type, domain_name(n->domain), near);
            else
                ge_error_set("graph '%s': node '%s': unknown op type '%s' in domain '%s'",
                             gname(n->graph), n->name, n->op_type, domain_name(n->domain));
            return GE_STATUS_GRAPH_UNSUPPORTED;
        }
        int lo = any->since_opset, hi = any->last_opset;
        for (size_t i = 0; i < op_registry_count(); i++) {
            const op_schema *e = op_registry_at(i);
            if (strcmp(e->type, n->op_type) == 0 && (op_domain_is_onnx(e->domain) ==
                                                     op_domain_is_onnx(n->domain))) {
                if (e->since_opset < lo)
                    lo = e->since_opset;
                if (e->last_opset > hi)
                    hi = e->last_opset;
            }
        }
        ge_error_set("graph '%s': node '%s' (%s): not supported at opset %d of domain '%s' (the "
                     "registry covers opsets %d..%d)",
                     gname(n->graph), n->name, n->op_type, opset, domain_name(n->domain), lo, hi);
        return GE_STATUS_GRAPH_UNSUPPORTED;
    }
    n->schema = s;
    n->resolved_opset = opset;

    /* Arity: trailing absent entries do not count. */
    size_t n_in = n->n_inputs, n_out = n->n_outputs;
    while (n_in && !n->inputs[n_in - 1])
        n_in--;
    while (n_out && !n->outputs[n_out - 1])
        n_out--;
    char want[64];
    if (n_in < s->min_inputs || (s->max_inputs != OP_VARIADIC && n_in > s->max_inputs)) {
        format_arity(want, sizeof want, s->min_inputs, s->max_inputs, "input");
        ge_error_set("graph '%s': node '%s' (%s): wrong input count: expects %s, found %zu",
                     gname(n->graph), n->name, n->op_type, want, n_in);
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < s->min_inputs; i++)
        if (!n->inputs[i]) {
            ge_error_set("graph '%s': node '%s' (%s): input %zu is required but absent",
                         gname(n->graph), n->name, n->op_type, i);
            return GE_STATUS_PARAM_INVALID;
        }
    if (n->n_outputs > s->max_outputs || n_out < s->min_outputs) {
        format_arity(want, sizeof want, s->min_outputs, s->max_outputs, "output");
        ge_error_set("graph '%s': node '%s' (%s): wrong output count: expects %s, found %zu",
                     gname(n->graph), n->name, n->op_type, want,
                     n->n_outputs > s->max_outputs ? n->n_outputs : n_out);
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < s->min_outputs; i++)
        if (!n->outputs[i]) {
            ge_error_set("graph '%s': node '%s' (%s): output %zu is required but absent",
                         gname(n->graph), n->name, n->op_type, i);
            return GE_STATUS_PARAM_INVALID;
        }

    return validate_node_attrs(n, s);
}

ge_status validate_node_attrs(const ir_node *n, const op_schema *s)
{
    for (size_t i = 0; i < n->n_attrs; i++) {
        const ir_attr *a = &n->attrs[i];
        const op_attr_def *d = op_schema_attr(s, a->name);
        if (!d) {
            char known[256] = "";
            size_t len = 0;
            for (const op_attr_def *k = s->attrs; k && k->name && len < sizeof known; k++)
                len += (size_t)snprintf(known + len, sizeof known - len, "%s'%s'", len ? ", " : "",
                                        k->name);
            ge_error_set("graph '%s': node '%s' (%s): unknown attribute '%s' (%s%s)", gname(n->graph),
                         n->name, n->op_type, a->name, len ? "known: " : "the op has no attributes",
                         known);
            return GE_STATUS_PARAM_INVALID;
        }
        if (d->kind != a->kind && !(d->kind == IR_ATTR_FLOAT && a->kind == IR_ATTR_INT)) {
            ge_error_set("graph '%s': node '%s' (%s): attribute '%s' has the wrong kind: expected %s, "
                         "found %s",
                         gname(n->graph), n->name, n->op_type, a->name, ir_attr_kind_name(d->kind),
                         ir_attr_kind_name(a->kind));
            return GE_STATUS_PARAM_INVALID;
        }
    }
    for (const op_attr_def *d = s->attrs; d && d->name; d++)
        if (d->required && !ir_node_attr(n, d->name)) {
            ge_error_set("graph '%s': node '%s' (%s): missing required attribute '%s' (%s)",
                         gname(n->graph), n->name, n->op_type, d->name, ir_attr_kind_name(d->kind));
            return GE_STATUS_PARAM_INVALID;
        }
    return GE_STATUS_SUCCESS;
}

static ge_status check_structure(ir_graph *g)
{
    for (size_t i = 0; i < g->n_inputs; i++)
        if (g->inputs[i]->input_index != (int32_t)i) {
            ge_error_set("graph '%s': input indexes must be exactly 0..%zu (%zu inputs); index %zu is "
                         "missing (input '%s' has index %d)",
                         gname(g), g->n_inputs - 1, g->n_inputs, i, g->inputs[i]->name,
                         (int)g->inputs[i]->input_index);
            return GE_STATUS_PARAM_INVALID;
        }
    for (size_t i = 0; i < g->n_nodes; i++) {
        ir_node *n = g->nodes[i];
        ge_status st = check_schema(n);
        if (st != GE_STATUS_SUCCESS)
            return st;
        for (size_t k = 0; k < n->n_inputs; k++) {
            const ir_value *v = n->inputs[k];
            if (v && v->kind == IR_VALUE_REF && !ir_graph_resolve(g, v->name)) {
                ge_error_set("graph '%s': node '%s' (%s): input %zu '%s' is dangling: no node "
                             "produces it and it is not a graph input or constant%s",
                             gname(g), n->name, n->op_type, k, v->name,
                             g->parent ? " of this graph or an enclosing one" : "");
                return GE_STATUS_PARAM_INVALID;
            }
        }
    }
    for (size_t i = 0; i < g->n_outputs; i++) {
        const ir_value *v = g->outputs[i];
        if (v->kind == IR_VALUE_REF && !ir_graph_resolve(g, v->name)) {
            ge_error_set("graph '%s': output %zu '%s' is not produced by any node (nor a graph input "
                         "or constant)",
                         gname(g), i, v->name);
            return GE_STATUS_PARAM_INVALID;
        }
    }
    return GE_STATUS_SUCCESS;
}

/* ---- inference ---- */

typedef struct infer_state {
    ir_tensor *values[OP_VARIADIC + 1]; /* contents inference attached, by output index */
} infer_state;

static ge_status set_output_value(op_infer_ctx *ctx, size_t index, ir_tensor *value_taken)
{
    infer_state *is = ctx->user;
    if (index >= ctx->n_outputs || index > OP_VARIADIC)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "set_output_value: output %zu of %zu",
                       index, ctx->n_outputs);
    ir_tensor *t = ge_malloc(sizeof *t);
    if (!t)
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory keeping output %zu",
                       index);
    *t = *value_taken;
    memset(value_taken, 0, sizeof *value_taken);
    if (is->values[index]) {
        ir_tensor_free_data(is->values[index]);
        ge_free(is->values[index]);
    }
    is->values[index] = t;
    return GE_STATUS_SUCCESS;
}

static void free_known(ir_value *v)
{
    if (v->known) {
        ir_tensor_free_data(v->known);
        ge_free(v->known);
        v->known = NULL;
    }
}

/* Merges a declared shape into an inferred one; false on a conflict. */
static bool merge_shape(const ir_shape *decl, ir_shape *inferred)
{
    if (!ir_shape_rank_known(decl))
        return true;
    if (!ir_shape_rank_known(inferred)) {
        *inferred = *decl;
        return true;
    }
    if (decl->rank != inferred->rank)
        return false;
    for (int32_t d = 0; d < decl->rank; d++) {
        if (decl->dims[d] >= 0 && inferred->dims[d] >= 0 && decl->dims[d] != inferred->dims[d])
            return false;
        if (inferred->dims[d] < 0)
            inferred->dims[d] = decl->dims[d];
    }
    return true;
}

static ge_status validate_scope(ir_graph *g);

/* Makes sure a failure message names the node. */
static void name_node_in_error(const ir_node *n)
{
    const char *m = ge_error_peek();
    char quoted[300];
    snprintf(quoted, sizeof quoted, "'%s'", n->name);
    if (!strstr(m, quoted))
        ge_error_prefix("graph '%s': node '%s' (%s): ", gname(n->graph), n->name, n->op_type);
}

/* ONNX lets a Loop or Scan body leave its inputs untyped: they take the types the node
 * feeds them (Loop: iteration count int64, condition bool, then the carried values; Scan:
 * state variables and scan inputs in order, after Scan-8's sequence_lens). Fills the body
 * inputs whose dtype is undefined. */
static void fill_modifier_input_types(ir_node *n);

static void fill_body_input_types(ir_node *n)
{
    fill_modifier_input_types(n);
    bool loop = strcmp(n->op_type, "Loop") == 0, scan = strcmp(n->op_type, "Scan") == 0;
    const ir_attr *body = (loop || scan) ? ir_node_attr(n, "body") : NULL;
    if (!body || body->kind != IR_ATTR_GRAPH || !body->g)
        return;
    ir_graph *b = body->g;
    size_t skip = scan && n->resolved_opset == 8 ? 1 : 0;
    for (size_t i = 0; i < b->n_inputs; i++) {
        ir_value *bv = b->inputs[i];
        if (bv->dtype != GE_DTYPE_UNDEFINED)
            continue;
        ge_dtype dt = GE_DTYPE_UNDEFINED;
        size_t k = i + skip;
        if (loop && i == 0)
            dt = GE_DTYPE_INT64;
        else if (loop && i == 1)
            dt = GE_DTYPE_BOOL;
        else if (k < n->n_inputs && n->inputs[k])
            dt = validate_value_info(n->graph, n->inputs[k]).dtype;
        bv->dtype = dt;
    }
}

/* FlexAttention (ai.onnx.preview) modifier subgraphs (score_mod, prob_mod) take one tensor of
 * the softmax precision: the softmax_precision attribute, else double for double Q and float32
 * otherwise. An untyped modifier input takes that dtype. */
static void fill_modifier_input_types(ir_node *n)
{
    if (strcmp(n->op_type, "FlexAttention") != 0 || !n->domain || strcmp(n->domain, "ai.onnx.preview") != 0)
        return;
    ge_dtype dt = GE_DTYPE_UNDEFINED;
    const ir_attr *sp = ir_node_attr(n, "softmax_precision");
    if (sp && sp->kind == IR_ATTR_INT) {
        if (!ge_dtype_from_onnx(sp->i, &dt) || !(GE_DT(dt) & GE_DTS_FLOATS))
            return; /* the op's inference rejects it */
    } else if (n->n_inputs > 0 && n->inputs[0]) {
        ge_dtype q = validate_value_info(n->graph, n->inputs[0]).dtype;
        if (q != GE_DTYPE_UNDEFINED)
            dt = q == GE_DTYPE_FLOAT64 ? GE_DTYPE_FLOAT64 : GE_DTYPE_FLOAT32;
    }
    static const char *const mods[2] = {"score_mod", "prob_mod"};
    for (int k = 0; k < 2 && dt != GE_DTYPE_UNDEFINED; k++) {
        const ir_attr *a = ir_node_attr(n, mods[k]);
        if (!a || a->kind != IR_ATTR_GRAPH || !a->g || a->g->n_inputs != 1)
            continue;
        if (a->g->inputs[0]->dtype == GE_DTYPE_UNDEFINED)
            a->g->inputs[0]->dtype = dt;
    }
}

static ge_status infer_node(ir_node *n)
{
    const op_schema *s = n->schema;
    ir_graph *g = n->graph;
    ge_status st;
    fill_body_input_types(n);
    /* Subgraphs first: their outer references are known now. */
    for (size_t k = 0; k < n->n_attrs; k++) {
        ir_attr *a = &n->attrs[k];
        size_t m = a->kind == IR_ATTR_GRAPH ? 1 : a->kind == IR_ATTR_GRAPHS ? a->count : 0;
        for (size_t j = 0; j < m; j++) {
            st = validate_scope(a->kind == IR_ATTR_GRAPH ? a->g : a->graphs[j]);
            if (st != GE_STATUS_SUCCESS) {
                ge_error_prefix("graph '%s': node '%s' (%s): attribute '%s': ", gname(g), n->name,
                                n->op_type, a->name);
                return st;
            }
        }
    }
    op_value *in = ge_calloc(n->n_inputs + 1, sizeof *in);
    op_value *out = ge_calloc(n->n_outputs + 1, sizeof *out);
    infer_state *is = ge_calloc(1, sizeof *is);
    if (!in || !out || !is) {
        st = GE_STATUS_MEMALLOC_FAILED;
        ge_error_set("graph '%s': node '%s' (%s): out of memory for inference", gname(g), n->name,
                     n->op_type);
        goto done;
    }
    for (size_t i = 0; i < n->n_inputs; i++)
        in[i] = validate_value_info(g, n->inputs[i]);
    for (size_t i = 0; i < n->n_outputs; i++) {
        out[i].present = n->outputs[i] != NULL;
        out[i].dtype = GE_DTYPE_UNDEFINED;
        out[i].shape = ir_shape_unknown();
    }
    op_infer_ctx ctx = {
        .node = {.name = n->name, .schema = s, .opset = n->resolved_opset, .attrs = n->attrs,
                 .n_attrs = n->n_attrs},
        .n_inputs = n->n_inputs,
        .inputs = in,
        .n_outputs = n->n_outputs,
        .outputs = out,
        .set_output_value = set_output_value,
        .user = is,
    };
    st = s->infer ? s->infer(&ctx) : GE_STATUS_SUCCESS;
    if (st != GE_STATUS_SUCCESS) {
        name_node_in_error(n);
        goto done;
    }
    for (size_t i = 0; i < n->n_outputs; i++) {
        ir_value *v = n->outputs[i];
        if (!v)
            continue;
        ge_dtype dt = out[i].dtype;
        ir_shape sh = out[i].shape;
        if (v->has_decl && v->decl_dtype != GE_DTYPE_UNDEFINED && dt != GE_DTYPE_UNDEFINED &&
            dt != v->decl_dtype) {
            ge_error_set("graph '%s': node '%s' (%s): output %zu '%s': dtype mismatch: inference "
                         "gives %s, the value info declares %s",
                         gname(g), n->name, n->op_type, i, v->name, ge_dtype_name(dt),
                         ge_dtype_name(v->decl_dtype));
            st = GE_STATUS_PARAM_INVALID;
            goto done;
        }
        if (dt == GE_DTYPE_UNDEFINED && v->has_decl)
            dt = v->decl_dtype;
        if (v->has_decl && !merge_shape(&v->decl_shape, &sh)) {
            char a[128], b[128];
            ge_error_set("graph '%s': node '%s' (%s): output %zu '%s': shape mismatch: inference "
                         "gives %s, the value info declares %s",
                         gname(g), n->name, n->op_type, i, v->name, ir_shape_format(&sh, a, sizeof a),
                         ir_shape_format(&v->decl_shape, b, sizeof b));
            st = GE_STATUS_PARAM_INVALID;
            goto done;
        }
        v->dtype = dt;
        v->shape = sh;
        free_known(v);
        if (is->values[i]) {
            v->known = is->values[i];
            is->values[i] = NULL;
        }
    }
done:
    if (is)
        for (size_t i = 0; i <= OP_VARIADIC; i++)
            if (is->values[i]) {
                ir_tensor_free_data(is->values[i]);
                ge_free(is->values[i]);
            }
    ge_free(is);
    ge_free(in);
    ge_free(out);
    return st;
}

static ge_status check_declared_sources(ir_graph *g)
{
    for (size_t i = 0; i < g->n_values; i++) {
        ir_value *v = g->values[i];
        if (v->kind == IR_VALUE_NODE) {
            /* Reset to what is declared; inference fills the rest. */
            v->dtype = v->has_decl ? v->decl_dtype : GE_DTYPE_UNDEFINED;
            v->shape = v->has_decl ? v->decl_shape : ir_shape_unknown();
            free_known(v);
            continue;
        }
        if ((v->kind != IR_VALUE_INPUT && v->kind != IR_VALUE_CONST) || !v->has_decl)
            continue;
        const char *what = v->kind == IR_VALUE_INPUT ? "input" : "constant";
        if (v->decl_dtype != GE_DTYPE_UNDEFINED && v->decl_dtype != v->dtype) {
            ge_error_set("graph '%s': %s '%s': dtype mismatch: it is %s, the value info declares %s",
                         gname(g), what, v->name, ge_dtype_name(v->dtype),
                         ge_dtype_name(v->decl_dtype));
            return GE_STATUS_PARAM_INVALID;
        }
        ir_shape sh = v->shape;
        if (!merge_shape(&v->decl_shape, &sh)) {
            char a[128], b[128];
            ge_error_set("graph '%s': %s '%s': shape mismatch: it is %s, the value info declares %s",
                         gname(g), what, v->name, ir_shape_format(&v->shape, a, sizeof a),
                         ir_shape_format(&v->decl_shape, b, sizeof b));
            return GE_STATUS_PARAM_INVALID;
        }
        if (v->kind == IR_VALUE_INPUT)
            v->shape = sh;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status validate_scope(ir_graph *g)
{
    g->validated = false;
    ge_status st = check_structure(g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    ir_node **order = NULL;
    size_t n = 0;
    st = ir_graph_topo_order(g, &order, &n);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = check_declared_sources(g);
    for (size_t i = 0; i < n && st == GE_STATUS_SUCCESS; i++)
        st = infer_node(order[i]);
    ge_free(order);
    if (st == GE_STATUS_SUCCESS)
        g->validated = true;
    return st;
}

ge_status validate_graph(ir_graph *g)
{
    return validate_scope(g);
}

GEFLOW_API ge_status ge_graph_validate(ge_graph *graph)
{
    if (!graph) {
        ge_error_set("ge_graph_validate: graph is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    return validate_graph(graph);
}

#include "ir/graph.h"

#include "base/alloc.h"
#include "base/error.h"

#include <stdio.h>
#include <string.h>

/* ---- small helpers ---- */

static ge_status oom_graph(const ir_graph *g, const char *what)
{
    ge_error_set("graph '%s': out of memory %s", g && g->name ? g->name : "", what);
    return GE_STATUS_MEMALLOC_FAILED;
}

/* Grows *arr (elements of `elem` bytes) so that `need` fit. */
static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 4;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / elem)
        return false;
    void *p = ge_realloc(*arr, n * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = n;
    return true;
}

static const char *gname(const ir_graph *g)
{
    return g->name ? g->name : "";
}

void ir_graph_touch(ir_graph *g)
{
    for (; g; g = g->parent)
        g->validated = false;
}

bool ir_value_is_defined(const ir_value *v)
{
    return v && v->kind != IR_VALUE_REF;
}

static ir_value *value_new(const char *name)
{
    ir_value *v = ge_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    if (!(v->name = ge_strdup(name))) {
        ge_free(v);
        return NULL;
    }
    v->kind = IR_VALUE_REF;
    v->dtype = GE_DTYPE_UNDEFINED;
    v->shape = ir_shape_unknown();
    v->decl_dtype = GE_DTYPE_UNDEFINED;
    v->decl_shape = ir_shape_unknown();
    v->input_index = -1;
    return v;
}

static void value_free(ir_value *v)
{
    if (!v)
        return;
    ge_free(v->name);
    ir_tensor_free_data(&v->data);
    if (v->known) {
        ir_tensor_free_data(v->known);
        ge_free(v->known);
    }
    ge_free(v->uses);
    ge_free(v);
}

static void node_free(ir_node *n)
{
    if (!n)
        return;
    ge_free(n->name);
    ge_free(n->op_type);
    ge_free(n->domain);
    ge_free(n->inputs);
    ge_free(n->outputs);
    for (size_t i = 0; i < n->n_attrs; i++)
        ir_attr_clear(&n->attrs[i]);
    ge_free(n->attrs);
    ge_free(n);
}

/* Makes room for k more values (array and map), so that commits cannot fail. */
static bool reserve_values(ir_graph *g, size_t k)
{
    return grow((void **)&g->values, &g->cap_values, g->n_values + k, sizeof *g->values) &&
           ir_name_map_reserve(&g->value_map, g->value_map.live + k) == GE_STATUS_SUCCESS;
}

/* Requires reserve_values first. */
static void commit_value(ir_graph *g, ir_value *v)
{
    v->id = g->n_values;
    g->values[g->n_values++] = v;
    (void)ir_name_map_put(&g->value_map, v->name, v);
}

/* ---- lifetime ---- */

ge_status ir_graph_create(const char *name, ir_graph **out_graph)
{
    *out_graph = NULL;
    ir_graph *g = ge_calloc(1, sizeof *g);
    if (!g)
        return oom_graph(NULL, "creating a graph");
    if (!(g->name = ge_strdup(name ? name : ""))) {
        ge_free(g);
        return oom_graph(NULL, "creating a graph");
    }
    ir_name_map_init(&g->value_map);
    ir_name_map_init(&g->node_map);
    *out_graph = g;
    return GE_STATUS_SUCCESS;
}

void ir_graph_destroy(ir_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_nodes; i++)
        node_free(g->nodes[i]);
    for (size_t i = 0; i < g->n_values; i++)
        value_free(g->values[i]);
    ge_free(g->nodes);
    ge_free(g->values);
    ge_free(g->inputs);
    ge_free(g->outputs);
    for (size_t i = 0; i < g->n_opsets; i++)
        ge_free(g->opsets[i].domain);
    ge_free(g->opsets);
    ir_name_map_free(&g->value_map);
    ir_name_map_free(&g->node_map);
    ge_free(g->name);
    ge_free(g);
}

/* ---- opsets ---- */

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

ge_status ir_graph_set_opset(ir_graph *g, const char *domain, int version)
{
    if (version <= 0) {
        ge_error_set("graph '%s': opset version for domain '%s' must be >= 1, found %d", gname(g),
                     domain ? domain : "", version);
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < g->n_opsets; i++)
        if (domain_eq(g->opsets[i].domain, domain)) {
            g->opsets[i].version = version;
            ir_graph_touch(g);
            return GE_STATUS_SUCCESS;
        }
    char *d = ge_strdup(domain_is_onnx(domain) ? "" : domain);
    ir_opset *p = d ? ge_realloc(g->opsets, (g->n_opsets + 1) * sizeof *p) : NULL;
    if (!p) {
        ge_free(d);
        return oom_graph(g, "adding an opset import");
    }
    g->opsets = p;
    g->opsets[g->n_opsets].domain = d;
    g->opsets[g->n_opsets].version = version;
    g->n_opsets++;
    ir_graph_touch(g);
    return GE_STATUS_SUCCESS;
}

int ir_graph_opset(const ir_graph *g, const char *domain)
{
    for (size_t i = 0; i < g->n_opsets; i++)
        if (domain_eq(g->opsets[i].domain, domain))
            return g->opsets[i].version;
    return 0;
}

int ir_graph_opset_resolved(const ir_graph *g, const char *domain)
{
    for (; g; g = g->parent) {
        int v = ir_graph_opset(g, domain);
        if (v)
            return v;
    }
    return 0;
}

/* ---- lookup ---- */

ir_value *ir_graph_value(const ir_graph *g, const char *name)
{
    return name ? ir_name_map_get(&g->value_map, name) : NULL;
}

ir_node *ir_graph_node(const ir_graph *g, const char *name)
{
    return name ? ir_name_map_get(&g->node_map, name) : NULL;
}

ir_value *ir_graph_resolve(const ir_graph *g, const char *name)
{
    for (; g; g = g->parent) {
        ir_value *v = ir_graph_value(g, name);
        if (ir_value_is_defined(v))
            return v;
    }
    return NULL;
}

static const char *kind_desc(const ir_value *v)
{
    switch (v->kind) {
    case IR_VALUE_INPUT: return "a graph input";
    case IR_VALUE_CONST: return "a constant";
    case IR_VALUE_NODE: return "a node output";
    default: return "a referenced value";
    }
}

static ge_status duplicate_value(const ir_graph *g, const char *what, const ir_value *v)
{
    if (v->kind == IR_VALUE_NODE)
        ge_error_set("graph '%s': %s '%s': duplicate value name: already the output %u of node '%s'",
                     gname(g), what, v->name, v->producer_output, v->producer->name);
    else
        ge_error_set("graph '%s': %s '%s': duplicate value name: already %s", gname(g), what,
                     v->name, kind_desc(v));
    return GE_STATUS_PARAM_INVALID;
}

/* ---- inputs, constants, outputs, value info ---- */

ge_status ir_graph_add_input(ir_graph *g, const char *name, ge_dtype dtype, const ir_shape *shape,
                             int32_t index, ir_value **out_value)
{
    if (out_value)
        *out_value = NULL;
    if (!name || !name[0]) {
        ge_error_set("graph '%s': input with index %d: the name is empty", gname(g), (int)index);
        return GE_STATUS_PARAM_INVALID;
    }
    if (index < 0) {
        ge_error_set("graph '%s': input '%s': index must be >= 0, found %d", gname(g), name, (int)index);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!ge_dtype_is_valid((int)dtype) || dtype == GE_DTYPE_UNDEFINED) {
        ge_error_set("graph '%s': input '%s': dtype %d is not a ge_dtype", gname(g), name, (int)dtype);
        return GE_STATUS_PARAM_INVALID;
    }
    ir_value *v = ir_graph_value(g, name);
    if (v && v->kind != IR_VALUE_REF)
        return duplicate_value(g, "input", v);
    size_t pos = g->n_inputs;
    for (size_t i = 0; i < g->n_inputs; i++) {
        if (g->inputs[i]->input_index == index) {
            ge_error_set("graph '%s': input '%s': index %d is already taken by input '%s'", gname(g),
                         name, (int)index, g->inputs[i]->name);
            return GE_STATUS_PARAM_INVALID;
        }
        if (g->inputs[i]->input_index > index && pos == g->n_inputs)
            pos = i;
    }
    if (!grow((void **)&g->inputs, &g->cap_inputs, g->n_inputs + 1, sizeof *g->inputs))
        return oom_graph(g, "adding an input");
    if (!v) {
        if (!reserve_values(g, 1) || !(v = value_new(name)))
            return oom_graph(g, "adding an input");
        commit_value(g, v);
    }
    v->kind = IR_VALUE_INPUT;
    v->dtype = dtype;
    v->shape = *shape;
    v->input_index = index;
    memmove(&g->inputs[pos + 1], &g->inputs[pos], (g->n_inputs - pos) * sizeof *g->inputs);
    g->inputs[pos] = v;
    g->n_inputs++;
    ir_graph_touch(g);
    if (out_value)
        *out_value = v;
    return GE_STATUS_SUCCESS;
}

ge_status ir_graph_add_constant_taken(ir_graph *g, const char *name, ir_tensor *t, ir_value **out_value)
{
    if (out_value)
        *out_value = NULL;
    if (!name || !name[0]) {
        ge_error_set("graph '%s': constant: the name is empty", gname(g));
        return GE_STATUS_PARAM_INVALID;
    }
    ir_value *v = ir_graph_value(g, name);
    if (v && v->kind != IR_VALUE_REF)
        return duplicate_value(g, "constant", v);
    size_t bytes = 0;
    if (!ir_tensor_present(t) || !ir_shape_is_static(&t->shape) ||
        !ir_tensor_byte_size(t->dtype, &t->shape, &bytes) || bytes != t->bytes ||
        (!t->data && bytes)) {
        char sb[128];
        ge_error_set("graph '%s': constant '%s': expected a static tensor with data, found %s %s "
                     "holding %zu bytes",
                     gname(g), name, ge_dtype_name(t->dtype), ir_shape_format(&t->shape, sb, sizeof sb),
                     t->bytes);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!v) {
        if (!reserve_values(g, 1) || !(v = value_new(name)))
            return oom_graph(g, "adding a constant");
        commit_value(g, v);
    }
    v->kind = IR_VALUE_CONST;
    v->data = *t;
    v->dtype = t->dtype;
    v->shape = t->shape;
    memset(t, 0, sizeof *t);
    ir_graph_touch(g);
    if (out_value)
        *out_value = v;
    return GE_STATUS_SUCCESS;
}

ge_status ir_graph_add_output(ir_graph *g, const char *name)
{
    if (!name || !name[0]) {
        ge_error_set("graph '%s': output %zu: the name is empty", gname(g), g->n_outputs);
        return GE_STATUS_PARAM_INVALID;
    }
    ir_value *v = ir_graph_value(g, name);
    if (v && v->is_output) {
        for (size_t i = 0; i < g->n_outputs; i++)
            if (g->outputs[i] == v) {
                ge_error_set("graph '%s': output '%s' is already marked as output %zu", gname(g), name, i);
                break;
            }
        return GE_STATUS_PARAM_INVALID;
    }
    if (!grow((void **)&g->outputs, &g->cap_outputs, g->n_outputs + 1, sizeof *g->outputs))
        return oom_graph(g, "adding an output");
    if (!v) {
        if (!reserve_values(g, 1) || !(v = value_new(name)))
            return oom_graph(g, "adding an output");
        commit_value(g, v);
    }
    v->is_output = true;
    g->outputs[g->n_outputs++] = v;
    ir_graph_touch(g);
    return GE_STATUS_SUCCESS;
}

ge_status ir_graph_set_value_info(ir_graph *g, const char *name, ge_dtype dtype, const ir_shape *shape)
{
    if (!name || !name[0]) {
        ge_error_set("graph '%s': value info: the name is empty", gname(g));
        return GE_STATUS_PARAM_INVALID;
    }
    if (!ge_dtype_is_valid((int)dtype)) {
        ge_error_set("graph '%s': value '%s': dtype %d is not a ge_dtype", gname(g), name, (int)dtype);
        return GE_STATUS_PARAM_INVALID;
    }
    ir_value *v = ir_graph_value(g, name);
    if (!v) {
        if (!reserve_values(g, 1) || !(v = value_new(name)))
            return oom_graph(g, "adding value info");
        commit_value(g, v);
    }
    v->has_decl = true;
    v->decl_dtype = dtype;
    v->decl_shape = shape ? *shape : ir_shape_unknown();
    if (v->kind == IR_VALUE_REF || v->kind == IR_VALUE_NODE) {
        v->dtype = dtype;
        v->shape = v->decl_shape;
    }
    ir_graph_touch(g);
    return GE_STATUS_SUCCESS;
}

/* ---- nodes ---- */

static bool name_given(const char *s)
{
    return s && s[0];
}

/* A name "<op>_<k>" not used by any node. */
static char *auto_node_name(ir_graph *g, const char *op_type)
{
    size_t len = strlen(op_type) + 24;
    char *buf = ge_malloc(len);
    if (!buf)
        return NULL;
    do
        snprintf(buf, len, "%s_%zu", op_type, g->auto_names++);
    while (ir_graph_node(g, buf));
    return buf;
}

ge_status ir_graph_add_node(ir_graph *g, const char *op_type, const char *domain, const char *name,
                            const char *const *inputs, size_t n_inputs, const char *const *outputs,
                            size_t n_outputs, ir_node **out_node)
{
    if (out_node)
        *out_node = NULL;
    if (!name_given(op_type)) {
        ge_error_set("graph '%s': node '%s': the op type is empty", gname(g), name ? name : "");
        return GE_STATUS_PARAM_INVALID;
    }
    if (name_given(name) && ir_graph_node(g, name)) {
        ge_error_set("graph '%s': node '%s' (%s): duplicate node name: a %s node has it already",
                     gname(g), name, op_type, ir_graph_node(g, name)->op_type);
        return GE_STATUS_PARAM_INVALID;
    }
    if ((n_inputs && !inputs) || (n_outputs && !outputs)) {
        ge_error_set("graph '%s': node '%s' (%s): %s names array is NULL with a count of %zu", gname(g),
                     name ? name : "", op_type, !inputs && n_inputs ? "input" : "output",
                     !inputs && n_inputs ? n_inputs : n_outputs);
        return GE_STATUS_PARAM_INVALID;
    }
    /* Outputs: new names, or references not defined yet; no repeats. */
    for (size_t i = 0; i < n_outputs; i++) {
        if (!name_given(outputs[i]))
            continue;
        ir_value *v = ir_graph_value(g, outputs[i]);
        if (v && v->kind != IR_VALUE_REF) {
            char what[160];
            snprintf(what, sizeof what, "node '%s' (%s) output %zu", name ? name : "", op_type, i);
            return duplicate_value(g, what, v);
        }
        for (size_t j = 0; j < i; j++)
            if (name_given(outputs[j]) && strcmp(outputs[j], outputs[i]) == 0) {
                ge_error_set("graph '%s': node '%s' (%s): outputs %zu and %zu are both named '%s'",
                             gname(g), name ? name : "", op_type, j, i, outputs[i]);
                return GE_STATUS_PARAM_INVALID;
            }
    }

    /* Allocate everything, then commit (so a failure leaves the graph unchanged). */
    ir_node *n = ge_calloc(1, sizeof *n);
    ir_value **fresh = ge_calloc(n_inputs + n_outputs + 1, sizeof *fresh);
    size_t n_fresh = 0;
    ge_status st = GE_STATUS_SUCCESS;
    if (!n || !fresh)
        goto fail_oom;
    n->name = name_given(name) ? ge_strdup(name) : auto_node_name(g, op_type);
    n->op_type = ge_strdup(op_type);
    n->domain = ge_strdup(domain_is_onnx(domain) ? "" : domain);
    n->inputs = ge_calloc(n_inputs ? n_inputs : 1, sizeof *n->inputs);
    n->outputs = ge_calloc(n_outputs ? n_outputs : 1, sizeof *n->outputs);
    if (!n->name || !n->op_type || !n->domain || !n->inputs || !n->outputs)
        goto fail_oom;
    n->n_inputs = n_inputs;
    n->n_outputs = n_outputs;
    n->graph = g;

    /* Resolve or create the values (new ones go to `fresh`). */
    for (size_t k = 0; k < n_inputs + n_outputs; k++) {
        const char *vn = k < n_inputs ? inputs[k] : outputs[k - n_inputs];
        if (!name_given(vn))
            continue;
        ir_value *v = ir_graph_value(g, vn);
        for (size_t f = 0; !v && f < n_fresh; f++)
            if (strcmp(fresh[f]->name, vn) == 0)
                v = fresh[f];
        if (!v) {
            if (!(v = value_new(vn)))
                goto fail_oom;
            fresh[n_fresh++] = v;
        }
        if (k < n_inputs)
            n->inputs[k] = v;
        else
            n->outputs[k - n_inputs] = v;
    }
    /* Room for the uses of every input value. */
    for (size_t i = 0; i < n_inputs; i++) {
        ir_value *v = n->inputs[i];
        if (!v)
            continue;
        size_t extra = 0;
        for (size_t j = 0; j < n_inputs; j++)
            extra += n->inputs[j] == v;
        if (!grow((void **)&v->uses, &v->cap_uses, v->n_uses + extra, sizeof *v->uses))
            goto fail_oom;
    }
    if (!reserve_values(g, n_fresh) ||
        !grow((void **)&g->nodes, &g->cap_nodes, g->n_nodes + 1, sizeof *g->nodes) ||
        ir_name_map_reserve(&g->node_map, g->node_map.live + 1) != GE_STATUS_SUCCESS)
        goto fail_oom;

    /* Commit: nothing below allocates. */
    for (size_t f = 0; f < n_fresh; f++)
        commit_value(g, fresh[f]);
    ge_free(fresh);
    for (size_t i = 0; i < n_inputs; i++) {
        ir_value *v = n->inputs[i];
        if (v)
            v->uses[v->n_uses++] = (ir_use){n, (uint32_t)i};
    }
    for (size_t i = 0; i < n_outputs; i++) {
        ir_value *v = n->outputs[i];
        if (!v)
            continue;
        v->kind = IR_VALUE_NODE;
        v->producer = n;
        v->producer_output = (uint32_t)i;
    }
    n->id = g->n_nodes;
    g->nodes[g->n_nodes++] = n;
    (void)ir_name_map_put(&g->node_map, n->name, n);
    ir_graph_touch(g);
    if (out_node)
        *out_node = n;
    return st;

fail_oom:
    for (size_t f = 0; f < n_fresh; f++)
        value_free(fresh[f]);
    ge_free(fresh);
    node_free(n);
    ge_error_set("graph '%s': node '%s' (%s): out of memory adding the node", gname(g),
                 name ? name : "", op_type);
    return GE_STATUS_MEMALLOC_FAILED;
}

/* ---- attributes ---- */

const ir_attr *ir_node_attr(const ir_node *n, const char *name)
{
    for (size_t i = 0; i < n->n_attrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0)
            return &n->attrs[i];
    return NULL;
}

/* Refuses a subgraph that has a parent already, or that is g or one of g's ancestors. */
static ge_status check_subgraph(const ir_node *n, const char *attr, const ir_graph *sub)
{
    if (!sub) {
        ge_error_set("node '%s' (%s): attribute '%s': the graph is NULL", n->name, n->op_type, attr);
        return GE_STATUS_PARAM_INVALID;
    }
    for (const ir_graph *p = n->graph; p; p = p->parent)
        if (p == sub) {
            ge_error_set("node '%s' (%s): attribute '%s': graph '%s' encloses the node (a graph "
                         "cannot contain itself)",
                         n->name, n->op_type, attr, gname(sub));
            return GE_STATUS_PARAM_INVALID;
        }
    if (sub->parent || sub->parent_node) {
        ge_error_set("node '%s' (%s): attribute '%s': graph '%s' is already the subgraph of node '%s'",
                     n->name, n->op_type, attr, gname(sub),
                     sub->parent_node ? sub->parent_node->name : "?");
        return GE_STATUS_PARAM_INVALID;
    }
    return GE_STATUS_SUCCESS;
}

ge_status ir_node_set_attr(ir_node *n, ir_attr *a)
{
    if (!a->name || !a->name[0]) {
        ge_error_set("node '%s' (%s): attribute name is empty", n->name, n->op_type);
        return GE_STATUS_PARAM_INVALID;
    }
    if (a->kind == IR_ATTR_GRAPH) {
        ge_status st = check_subgraph(n, a->name, a->g);
        if (st != GE_STATUS_SUCCESS)
            return st;
    } else if (a->kind == IR_ATTR_GRAPHS) {
        for (size_t i = 0; i < a->count; i++) {
            ge_status st = check_subgraph(n, a->name, a->graphs[i]);
            if (st != GE_STATUS_SUCCESS)
                return st;
            for (size_t j = 0; j < i; j++)
                if (a->graphs[j] == a->graphs[i]) {
                    ge_error_set("node '%s' (%s): attribute '%s': graphs %zu and %zu are the same graph",
                                 n->name, n->op_type, a->name, j, i);
                    return GE_STATUS_PARAM_INVALID;
                }
        }
    }
    size_t slot = n->n_attrs;
    for (size_t i = 0; i < n->n_attrs; i++)
        if (strcmp(n->attrs[i].name, a->name) == 0)
            slot = i;
    if (slot == n->n_attrs &&
        !grow((void **)&n->attrs, &n->cap_attrs, n->n_attrs + 1, sizeof *n->attrs)) {
        ge_error_set("node '%s' (%s): attribute '%s': out of memory", n->name, n->op_type, a->name);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    if (slot < n->n_attrs)
        ir_attr_clear(&n->attrs[slot]);
    else
        n->n_attrs++;
    n->attrs[slot] = *a;
    memset(a, 0, sizeof *a);
    ir_attr *mine = &n->attrs[slot];
    if (mine->kind == IR_ATTR_GRAPH) {
        mine->g->parent = n->graph;
        mine->g->parent_node = n;
    } else if (mine->kind == IR_ATTR_GRAPHS) {
        for (size_t i = 0; i < mine->count; i++) {
            mine->graphs[i]->parent = n->graph;
            mine->graphs[i]->parent_node = n;
        }
    }
    ir_graph_touch(n->graph);
    return GE_STATUS_SUCCESS;
}

/* ---- copy ---- */

static ge_status copy_into(const ir_graph *src, ir_graph *dst)
{
    for (size_t i = 0; i < src->n_opsets; i++) {
        ge_status st = ir_graph_set_opset(dst, src->opsets[i].domain, src->opsets[i].version);
        if (st != GE_STATUS_SUCCESS)
            return st;
    }
    size_t nv = src->n_values, nn = src->n_nodes;
    if (!reserve_values(dst, nv) ||
        !grow((void **)&dst->nodes, &dst->cap_nodes, nn, sizeof *dst->nodes) ||
        ir_name_map_reserve(&dst->node_map, nn) != GE_STATUS_SUCCESS ||
        !grow((void **)&dst->inputs, &dst->cap_inputs, src->n_inputs, sizeof *dst->inputs) ||
        !grow((void **)&dst->outputs, &dst->cap_outputs, src->n_outputs, sizeof *dst->outputs))
        return oom_graph(src, "copying the graph");
    for (size_t i = 0; i < nv; i++) {
        const ir_value *s = src->values[i];
        ir_value *v = value_new(s->name);
        if (!v)
            return oom_graph(src, "copying the graph");
        commit_value(dst, v);
        v->kind = s->kind;
        v->dtype = s->dtype;
        v->shape = s->shape;
        v->has_decl = s->has_decl;
        v->decl_dtype = s->decl_dtype;
        v->decl_shape = s->decl_shape;
        v->input_index = s->input_index;
        v->is_output = s->is_output;
        v->producer_output = s->producer_output;
        if (s->kind == IR_VALUE_CONST) {
            ge_status st = ir_tensor_clone(&v->data, &s->data);
            if (st != GE_STATUS_SUCCESS)
                return st;
        }
        if (s->n_uses) {
            v->uses = ge_malloc(s->n_uses * sizeof *v->uses);
            if (!v->uses)
                return oom_graph(src, "copying the graph");
            v->cap_uses = s->n_uses; /* filled below, once the nodes exist */
        }
    }
    for (size_t i = 0; i < nn; i++) {
        const ir_node *s = src->nodes[i];
        ir_node *n = ge_calloc(1, sizeof *n);
        if (!n)
            return oom_graph(src, "copying the graph");
        n->graph = dst;
        n->id = i;
        dst->nodes[dst->n_nodes++] = n;
        n->name = ge_strdup(s->name);
        n->op_type = ge_strdup(s->op_type);
        n->domain = ge_strdup(s->domain);
        n->inputs = ge_calloc(s->n_inputs ? s->n_inputs : 1, sizeof *n->inputs);
        n->outputs = ge_calloc(s->n_outputs ? s->n_outputs : 1, sizeof *n->outputs);
        n->attrs = ge_calloc(s->n_attrs ? s->n_attrs : 1, sizeof *n->attrs);
        if (!n->name || !n->op_type || !n->domain || !n->inputs || !n->outputs || !n->attrs)
            return oom_graph(src, "copying the graph");
        (void)ir_name_map_put(&dst->node_map, n->name, n);
        n->cap_attrs = s->n_attrs ? s->n_attrs : 1;
        n->opset = s->opset;
        n->schema = s->schema;
        n->resolved_opset = s->resolved_opset;
        n->n_inputs = s->n_inputs;
        n->n_outputs = s->n_outputs;
        for (size_t k = 0; k < s->n_inputs; k++)
            if (s->inputs[k]) {
                ir_value *v = dst->values[s->inputs[k]->id];
                n->inputs[k] = v;
                v->uses[v->n_uses++] = (ir_use){n, (uint32_t)k};
            }
        for (size_t k = 0; k < s->n_outputs; k++)
            if (s->outputs[k]) {
                n->outputs[k] = dst->values[s->outputs[k]->id];
                n->outputs[k]->producer = n;
            }
        for (size_t k = 0; k < s->n_attrs; k++) {
            ge_status st = ir_attr_copy(&n->attrs[k], &s->attrs[k]);
            if (st != GE_STATUS_SUCCESS)
                return st;
            n->n_attrs++;
            ir_attr *a = &n->attrs[k];
            if (a->kind == IR_ATTR_GRAPH) {
                a->g->parent = dst;
                a->g->parent_node = n;
            }
            for (size_t j = 0; a->kind == IR_ATTR_GRAPHS && j < a->count; j++) {
                a->graphs[j]->parent = dst;
                a->graphs[j]->parent_node = n;
            }
        }
    }
    for (size_t i = 0; i < src->n_inputs; i++)
        dst->inputs[dst->n_inputs++] = dst->values[src->inputs[i]->id];
    for (size_t i = 0; i < src->n_outputs; i++)
        dst->outputs[dst->n_outputs++] = dst->values[src->outputs[i]->id];
    dst->auto_names = src->auto_names;
    dst->validated = src->validated;
    return GE_STATUS_SUCCESS;
}

ge_status ir_graph_copy(const ir_graph *g, ir_graph **out_graph)
{
    ir_graph *c = NULL;
    ge_status st = ir_graph_create(g->name, &c);
    if (st != GE_STATUS_SUCCESS) {
        *out_graph = NULL;
        return st;
    }
    st = copy_into(g, c);
    if (st != GE_STATUS_SUCCESS) {
        ir_graph_destroy(c);
        c = NULL;
    }
    *out_graph = c;
    return st;
}

/* ---- analysis ---- */

/* Adds to out the values of `target` read by h (a graph nested in target, at any depth). */
static ge_status collect_outer(const ir_graph *h, const ir_graph *target, bool *seen, ir_value ***out,
                               size_t *count, size_t *cap)
{
    for (size_t i = 0; i < h->n_values; i++) {
        const ir_value *r = h->values[i];
        if (r->kind != IR_VALUE_REF)
            continue;
        const ir_graph *p = h->parent;
        while (p && p != target && !ir_value_is_defined(ir_graph_value(p, r->name)))
            p = p->parent;
        if (p != target)
            continue;
        ir_value *v = ir_graph_value(target, r->name);
        if (!ir_value_is_defined(v) || seen[v->id])
            continue;
        if (!grow((void **)out, cap, *count + 1, sizeof **out))
            return oom_graph(target, "collecting subgraph references");
        seen[v->id] = true;
        (*out)[(*count)++] = v;
    }
    for (size_t i = 0; i < h->n_nodes; i++) {
        const ir_node *n = h->nodes[i];
        for (size_t k = 0; k < n->n_attrs; k++) {
            const ir_attr *a = &n->attrs[k];
            size_t m = a->kind == IR_ATTR_GRAPH ? 1 : a->kind == IR_ATTR_GRAPHS ? a->count : 0;
            for (size_t j = 0; j < m; j++) {
                ge_status st = collect_outer(a->kind == IR_ATTR_GRAPH ? a->g : a->graphs[j], target,
                                             seen, out, count, cap);
                if (st != GE_STATUS_SUCCESS)
                    return st;
            }
        }
    }
    return GE_STATUS_SUCCESS;
}

static bool has_subgraphs(const ir_node *n)
{
    for (size_t k = 0; k < n->n_attrs; k++)
        if (n->attrs[k].kind == IR_ATTR_GRAPH || (n->attrs[k].kind == IR_ATTR_GRAPHS && n->attrs[k].count))
            return true;
    return false;
}

ge_status ir_node_outer_uses(const ir_node *n, ir_value ***out, size_t *out_count)
{
    *out = NULL;
    *out_count = 0;
    if (!has_subgraphs(n))
        return GE_STATUS_SUCCESS;
    const ir_graph *g = n->graph;
    bool *seen = ge_calloc(g->n_values ? g->n_values : 1, sizeof *seen);
    if (!seen)
        return oom_graph(g, "collecting subgraph references");
    size_t cap = 0;
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t k = 0; k < n->n_attrs && st == GE_STATUS_SUCCESS; k++) {
        const ir_attr *a = &n->attrs[k];
        size_t m = a->kind == IR_ATTR_GRAPH ? 1 : a->kind == IR_ATTR_GRAPHS ? a->count : 0;
        for (size_t j = 0; j < m && st == GE_STATUS_SUCCESS; j++)
            st = collect_outer(a->kind == IR_ATTR_GRAPH ? a->g : a->graphs[j], g, seen, out, out_count,
                               &cap);
    }
    ge_free(seen);
    if (st != GE_STATUS_SUCCESS) {
        ge_free(*out);
        *out = NULL;
        *out_count = 0;
    }
    return st;
}

ge_status ir_graph_topo_order(const ir_graph *g, ir_node ***out, size_t *out_count)
{
    *out = NULL;
    *out_count = 0;
    size_t nn = g->n_nodes;
    ge_status st = GE_STATUS_SUCCESS;
    /* edges as (from, to) pairs: producer -> consumer */
    size_t n_edges = 0, cap_edges = 0;
    size_t(*edges)[2] = NULL;
    size_t *indeg = ge_calloc(nn + 1, sizeof *indeg);
    size_t *start = ge_calloc(nn + 2, sizeof *start);
    size_t *queue = ge_calloc(nn + 1, sizeof *queue);
    size_t *succ = NULL;
    ir_node **order = ge_calloc(nn + 1, sizeof *order);
    if (!indeg || !start || !queue || !order)
        goto oom;
    for (size_t i = 0; i < nn; i++) {
        const ir_node *n = g->nodes[i];
        ir_value **outer = NULL;
        size_t n_outer = 0;
        st = ir_node_outer_uses(n, &outer, &n_outer);
        if (st != GE_STATUS_SUCCESS)
            goto done;
        for (size_t k = 0; k < n->n_inputs + n_outer; k++) {
            const ir_value *v = k < n->n_inputs ? n->inputs[k] : outer[k - n->n_inputs];
            if (!v || v->kind != IR_VALUE_NODE)
                continue;
            if (!grow((void **)&edges, &cap_edges, n_edges + 1, sizeof *edges)) {
                ge_free(outer);
                goto oom;
            }
            edges[n_edges][0] = v->producer->id;
            edges[n_edges][1] = i;
            n_edges++;
        }
        ge_free(outer);
    }
    succ = ge_calloc(n_edges + 1, sizeof *succ);
    if (!succ)
        goto oom;
    for (size_t e = 0; e < n_edges; e++) {
        start[edges[e][0] + 1]++;
        indeg[edges[e][1]]++;
    }
    for (size_t i = 0; i < nn; i++)
        start[i + 1] += start[i];
    {
        size_t *fill = queue; /* reuse as a cursor array before the queue is needed */
        for (size_t i = 0; i < nn; i++)
            fill[i] = start[i];
        for (size_t e = 0; e < n_edges; e++)
            succ[fill[edges[e][0]]++] = edges[e][1];
    }
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < nn; i++)
        if (indeg[i] == 0)
            queue[tail++] = i;
    while (head < tail) {
        size_t i = queue[head++];
        order[(*out_count)++] = g->nodes[i];
        for (size_t e = start[i]; e < start[i + 1]; e++)
            if (--indeg[succ[e]] == 0)
                queue[tail++] = succ[e];
    }
    if (*out_count < nn) {
        /* Walk back from a stuck node along stuck producers until a node repeats. */
        size_t cur = 0;
        while (indeg[cur] == 0)
            cur++;
        size_t *step = queue; /* visiting order marks: 0 = not seen */
        memset(step, 0, (nn + 1) * sizeof *step);
        size_t t = 1;
        while (!step[cur]) {
            step[cur] = t++;
            size_t next = cur;
            for (size_t e = 0; e < n_edges; e++)
                if (edges[e][1] == cur && indeg[edges[e][0]] > 0) {
                    next = edges[e][0];
                    break;
                }
            cur = next;
        }
        /* cur is on the cycle: walk it forward (consumer direction) for the message. */
        char msg[512];
        size_t len = 0;
        size_t first = cur, k = 0;
        do {
            len += (size_t)snprintf(msg + len, len < sizeof msg ? sizeof msg - len : 0, "'%s' <- ",
                                    g->nodes[cur]->name);
            size_t next = cur;
            for (size_t e = 0; e < n_edges; e++)
                if (edges[e][1] == cur && indeg[edges[e][0]] > 0) {
                    next = edges[e][0];
                    break;
                }
            cur = next;
        } while (cur != first && ++k < 8 && len < sizeof msg);
        if (len < sizeof msg)
            snprintf(msg + len, sizeof msg - len, "'%s'", g->nodes[first]->name);
        ge_error_set("graph '%s': node '%s' (%s) is on a cycle: %s (each node reads an output of the "
                     "next)",
                     gname(g), g->nodes[first]->name, g->nodes[first]->op_type, msg);
        st = GE_STATUS_PARAM_INVALID;
        *out_count = 0;
        goto done;
    }
    *out = order;
    order = NULL;
    goto done;
oom:
    st = oom_graph(g, "ordering the nodes");
    *out_count = 0;
done:
    ge_free(edges);
    ge_free(indeg);
    ge_free(start);
    ge_free(queue);
    ge_free(succ);
    ge_free(order);
    return st;
}

#include "exec/plan.h"

#include "base/alloc.h"
#include "base/error.h"
#include "compiler/mem_plan.h"
#include "exec/fuse.h"

#include <stdlib.h>
#include <string.h>

static size_t align64(size_t v)
{
    return (v + 63) & ~(size_t)63;
}

/* Inference state for one node: where set_output_value stores contents. */
typedef struct infer_user {
    exec_plan *plan;
    const ir_node *node;
} infer_user;

static ge_status store_known(op_infer_ctx *ctx, size_t index, ir_tensor *value_taken)
{
    infer_user *u = ctx->user;
    const ir_value *v = index < u->node->n_outputs ? u->node->outputs[index] : NULL;
    if (!v) {
        ir_tensor_free_data(value_taken);
        return GE_STATUS_SUCCESS;
    }
    ir_tensor *slot = &u->plan->known[v->id];
    ir_tensor_free_data(slot);
    *slot = *value_taken;
    memset(value_taken, 0, sizeof *value_taken);
    return GE_STATUS_SUCCESS;
}

static bool has_subgraph(const ir_node *n)
{
    for (size_t k = 0; k < n->n_attrs; k++)
        if (n->attrs[k].kind == IR_ATTR_GRAPH || n->attrs[k].kind == IR_ATTR_GRAPHS)
            return true;
    return false;
}

static ge_status fail_oom(const ir_graph *g)
{
    ge_error_set("graph '%s': out of memory building the execution plan", g->name ? g->name : "");
    return GE_STATUS_MEMALLOC_FAILED;
}

/* Ops whose outputs must not be computed ahead of time (they differ per run). */
static bool is_nondeterministic(const ir_node *n)
{
    static const char *const random_ops[] = {"RandomNormal", "RandomUniform", "RandomNormalLike",
                                             "RandomUniformLike", "Bernoulli", "Multinomial"};
    for (size_t i = 0; i < sizeof random_ops / sizeof random_ops[0]; i++)
        if (strcmp(n->op_type, random_ops[i]) == 0)
            return true;
    return false;
}

static bool value_known(const exec_plan *p, const ir_value *v)
{
    return v->kind == IR_VALUE_CONST || p->known[v->id].dtype != GE_DTYPE_UNDEFINED;
}

static const ir_tensor *known_tensor(const exec_plan *p, const ir_value *v)
{
    return v->kind == IR_VALUE_CONST ? &v->data : &p->known[v->id];
}

/* Runs node n's reference kernel now when all its inputs are known and its outputs static,
 * keeping the results in p->known; *folded says whether it did. */
static ge_status fold_step(exec_plan *p, const ir_node *n, bool *folded)
{
    *folded = false;
    if (!n->schema || !((const op_schema *)n->schema)->kernel || is_nondeterministic(n) || n->n_outputs == 0)
        return GE_STATUS_SUCCESS;
    /* Inference may already have given every output's contents (Shape of a static input). */
    bool all_known = true;
    for (size_t i = 0; i < n->n_outputs; i++)
        all_known &= !n->outputs[i] || p->known[n->outputs[i]->id].dtype != GE_DTYPE_UNDEFINED;
    if (all_known) {
        for (size_t i = 0; i < n->n_outputs; i++)
            if (n->outputs[i])
                p->slots[n->outputs[i]->id].kind = EXEC_STORE_FOLDED;
        *folded = true;
        return GE_STATUS_SUCCESS;
    }
    for (size_t i = 0; i < n->n_inputs; i++)
        if (n->inputs[i] && !value_known(p, n->inputs[i]))
            return GE_STATUS_SUCCESS;
    for (size_t i = 0; i < n->n_outputs; i++)
        if (n->outputs[i] && !ir_shape_is_static(&p->slots[n->outputs[i]->id].shape))
            return GE_STATUS_SUCCESS;
    ir_tensor *in = ge_calloc(n->n_inputs + 1, sizeof *in);
    ir_tensor *out = ge_calloc(n->n_outputs + 1, sizeof *out);
    if (!in || !out) {
        ge_free(in);
        ge_free(out);
        return fail_oom(p->graph);
    }
    for (size_t i = 0; i < n->n_inputs; i++) {
        if (n->inputs[i])
            in[i] = *known_tensor(p, n->inputs[i]);
        else
            in[i].dtype = GE_DTYPE_UNDEFINED;
    }
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t i = 0; i < n->n_outputs && st == GE_STATUS_SUCCESS; i++) {
        const ir_value *v = n->outputs[i];
        if (!v) {
            out[i].dtype = GE_DTYPE_UNDEFINED;
            continue;
        }
        const exec_slot *sl = &p->slots[v->id];
        st = ir_tensor_alloc(&out[i], sl->dtype, &sl->shape);
    }
    if (st == GE_STATUS_SUCCESS) {
        op_kernel_ctx kc = {
            .node = {.name = n->name, .schema = n->schema, .opset = n->resolved_opset, .attrs = n->attrs,
                     .n_attrs = n->n_attrs},
            .n_inputs = n->n_inputs,
            .inputs = in,
            .n_outputs = n->n_outputs,
            .outputs = out,
        };
        st = ((const op_schema *)n->schema)->kernel(&kc);
    }
    if (st != GE_STATUS_SUCCESS) {
        for (size_t i = 0; i < n->n_outputs; i++)
            if (out[i].dtype != GE_DTYPE_UNDEFINED)
                ir_tensor_free_data(&out[i]);
    } else {
        for (size_t i = 0; i < n->n_outputs; i++) {
            const ir_value *v = n->outputs[i];
            if (!v)
                continue;
            if (p->known[v->id].dtype != GE_DTYPE_UNDEFINED)
                ir_tensor_free_data(&p->known[v->id]);
            p->known[v->id] = out[i];
            p->slots[v->id].kind = EXEC_STORE_FOLDED;
        }
        *folded = true;
    }
    ge_free(in);
    ge_free(out);
    return st;
}

static ge_status infer_step(exec_plan *p, const ir_node *n, op_value *in, op_value *out)
{
    for (size_t i = 0; i < n->n_inputs; i++) {
        const ir_value *v = n->inputs[i];
        memset(&in[i], 0, sizeof in[i]);
        if (!v) {
            in[i].dtype = GE_DTYPE_UNDEFINED;
            in[i].shape = ir_shape_unknown();
            continue;
        }
        in[i].present = true;
        in[i].dtype = p->slots[v->id].dtype;
        in[i].shape = p->slots[v->id].shape;
        if (v->kind == IR_VALUE_CONST)
            in[i].value = &v->data;
        else if (p->known[v->id].dtype != GE_DTYPE_UNDEFINED)
            in[i].value = &p->known[v->id];
    }
    for (size_t i = 0; i < n->n_outputs; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].present = n->outputs[i] != NULL;
        out[i].dtype = GE_DTYPE_UNDEFINED;
        out[i].shape = ir_shape_unknown();
    }
    infer_user u = {p, n};
    const op_schema *s = n->schema;
    op_infer_ctx ctx = {
        .node = {.name = n->name, .schema = s, .opset = n->resolved_opset, .attrs = n->attrs,
                 .n_attrs = n->n_attrs},
        .n_inputs = n->n_inputs,
        .inputs = in,
        .n_outputs = n->n_outputs,
        .outputs = out,
        .set_output_value = store_known,
        .user = &u,
    };
    ge_status st = s && s->infer ? s->infer(&ctx) : GE_STATUS_SUCCESS;
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (size_t i = 0; i < n->n_outputs; i++) {
        const ir_value *v = n->outputs[i];
        if (!v)
            continue;
        exec_slot *sl = &p->slots[v->id];
        /* Inference that leaves a dtype open falls back to what validation found. */
        sl->dtype = out[i].dtype != GE_DTYPE_UNDEFINED ? out[i].dtype : v->dtype;
        sl->shape = out[i].shape;
    }
    return GE_STATUS_SUCCESS;
}

static ge_status build_steps(exec_plan *p, ir_node **order, size_t n_nodes, const bool *folded)
{
    p->steps = ge_calloc(n_nodes ? n_nodes : 1, sizeof *p->steps);
    if (!p->steps)
        return fail_oom(p->graph);
    for (size_t k = 0; k < n_nodes; k++) {
        if (folded && folded[k])
            continue;
        const ir_node *n = order[k];
        exec_step *st = &p->steps[p->n_steps++];
        st->node = n;
        st->schema = n->schema;
        st->opset = n->resolved_opset;
        st->n_inputs = n->n_inputs;
        st->n_outputs = n->n_outputs;
        st->sum_input = -1;
        st->inputs = ge_calloc(n->n_inputs + 1, sizeof *st->inputs);
        st->outputs = ge_calloc(n->n_outputs + 1, sizeof *st->outputs);
        if (!st->inputs || !st->outputs)
            return fail_oom(p->graph);
        for (size_t i = 0; i < n->n_inputs; i++)
            st->inputs[i] = n->inputs[i] ? (int32_t)n->inputs[i]->id : -1;
        for (size_t i = 0; i < n->n_outputs; i++)
            st->outputs[i] = n->outputs[i] ? (int32_t)n->outputs[i]->id : -1;
        if (n->n_inputs + n->n_outputs > p->max_io)
            p->max_io = n->n_inputs + n->n_outputs;
    }
    return GE_STATUS_SUCCESS;
}

/* Places outputs and intermediates: graph outputs made by a step are written in place;
 * everything else a step makes gets an arena offset over its lifetime, which runs from the
 * step that writes it to the last step that reads it (steps, not graph nodes: a fused step
 * writes a value its graph node would have made later). */
static ge_status plan_memory(exec_plan *p)
{
    const ir_graph *g = p->graph;
    int *first = ge_malloc((p->n_slots + 1) * sizeof *first), *last = ge_malloc((p->n_slots + 1) * sizeof *last);
    p->copies = ge_calloc(g->n_outputs + 1, sizeof *p->copies);
    if (!first || !last || !p->copies) {
        ge_free(first);
        ge_free(last);
        return fail_oom(g);
    }
    for (size_t i = 0; i < p->n_slots; i++)
        first[i] = last[i] = -1;
    for (size_t k = 0; k < p->n_steps; k++) {
        const exec_step *s = &p->steps[k];
        for (size_t i = 0; i < s->n_outputs; i++)
            if (s->outputs[i] >= 0 && first[s->outputs[i]] < 0)
                first[s->outputs[i]] = last[s->outputs[i]] = (int)k;
        for (size_t i = 0; i < s->n_inputs; i++)
            if (s->inputs[i] >= 0)
                last[s->inputs[i]] = (int)k;
        if (s->sum_input >= 0)
            last[s->sum_input] = (int)k;
    }
    for (size_t i = 0; i < g->n_outputs; i++) {
        const ir_value *v = g->outputs[i];
        exec_slot *sl = &p->slots[v->id];
        if (v->kind == IR_VALUE_NODE && sl->kind == EXEC_STORE_NONE && first[v->id] >= 0) {
            sl->kind = EXEC_STORE_OUTPUT;
            sl->index = i;
        } else {
            p->copies[p->n_copies++] = (exec_output_copy){i, (int32_t)v->id};
        }
    }
    size_t n_buf = 0;
    for (size_t i = 0; i < p->n_slots; i++)
        if (p->slots[i].kind == EXEC_STORE_NONE && first[i] >= 0)
            n_buf++;
    mem_plan_buffer *bufs = ge_calloc(n_buf + 1, sizeof *bufs);
    size_t *buf_value = ge_calloc(n_buf + 1, sizeof *buf_value);
    if (!bufs || !buf_value) {
        ge_free(first);
        ge_free(last);
        ge_free(bufs);
        ge_free(buf_value);
        return fail_oom(g);
    }
    size_t b = 0;
    for (size_t i = 0; i < p->n_slots; i++) {
        if (p->slots[i].kind != EXEC_STORE_NONE || first[i] < 0)
            continue;
        bufs[b] = (mem_plan_buffer){p->slots[i].bytes, first[i], last[i], 0};
        buf_value[b++] = i;
    }
    ge_free(first);
    ge_free(last);
    ge_status st = mem_plan_assign(bufs, n_buf, &p->arena_size);
    for (size_t k = 0; st == GE_STATUS_SUCCESS && k < n_buf; k++) {
        p->slots[buf_value[k]].kind = EXEC_STORE_ARENA;
        p->slots[buf_value[k]].offset = bufs[k].offset;
    }
    ge_free(bufs);
    ge_free(buf_value);
    return st;
}

int32_t exec_plan_add_const(exec_plan *p, ir_tensor *value_taken)
{
    exec_slot *slots = ge_realloc(p->slots, (p->n_slots + 2) * sizeof *slots);
    if (!slots)
        return -1;
    p->slots = slots;
    ir_tensor *known = ge_realloc(p->known, (p->n_slots + 2) * sizeof *known);
    if (!known)
        return -1;
    p->known = known;
    int32_t id = (int32_t)p->n_slots++;
    p->slots[id] = (exec_slot){.kind = EXEC_STORE_FOLDED, .dtype = value_taken->dtype,
                               .shape = value_taken->shape, .bytes = value_taken->bytes};
    p->known[id] = *value_taken;
    memset(value_taken, 0, sizeof *value_taken);
    return id;
}

/* Runs each step's schema prepare() once (packing constant weights ...). */
static ge_status prepare_steps(exec_plan *p)
{
    ir_tensor *views = ge_calloc(p->max_io + 4, sizeof *views);
    if (!views)
        return fail_oom(p->graph);
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t k = 0; k < p->n_steps && st == GE_STATUS_SUCCESS; k++) {
        exec_step *s = &p->steps[k];
        if (!s->schema->prepare)
            continue;
        ir_tensor *in = views, *out = views + s->n_inputs;
        for (size_t i = 0; i < s->n_inputs + s->n_outputs; i++) {
            int32_t id = i < s->n_inputs ? s->inputs[i] : s->outputs[i - s->n_inputs];
            ir_tensor *t = &views[i];
            memset(t, 0, sizeof *t);
            t->dtype = GE_DTYPE_UNDEFINED;
            t->shape = ir_shape_unknown();
            if (id < 0)
                continue;
            const exec_slot *sl = &p->slots[id];
            t->dtype = sl->dtype;
            t->shape = sl->shape;
            t->bytes = sl->bytes;
            if (sl->kind == EXEC_STORE_CONST)
                t->data = p->consts[sl->index]->data.data;
            else if (sl->kind == EXEC_STORE_FOLDED)
                t->data = p->known[id].data;
        }
        op_kernel_ctx kc = {
            .node = {.name = s->node->name, .schema = s->schema, .opset = s->opset, .attrs = s->node->attrs,
                     .n_attrs = s->node->n_attrs},
            .n_inputs = s->n_inputs,
            .inputs = in,
            .n_outputs = s->n_outputs,
            .outputs = out,
            .act = s->act,
        };
        st = s->schema->prepare(&kc, &s->prepared);
    }
    ge_free(views);
    return st;
}

ge_status exec_plan_build(const ir_graph *g, const ir_shape *input_shapes, exec_plan **out_plan)
{
    *out_plan = NULL;
    if (!g->validated) {
        ge_error_set("graph '%s': a plan needs a validated graph", g->name ? g->name : "");
        return GE_STATUS_INTERNAL_ERROR;
    }
    exec_plan *p = ge_calloc(1, sizeof *p);
    if (!p)
        return fail_oom(g);
    p->graph = g;
    p->n_inputs = g->n_inputs;
    p->n_outputs = g->n_outputs;
    p->n_slots = g->n_values;
    p->input_shapes = ge_calloc(g->n_inputs + 1, sizeof *p->input_shapes);
    p->slots = ge_calloc(g->n_values + 1, sizeof *p->slots);
    p->known = ge_calloc(g->n_values + 1, sizeof *p->known);
    p->output_slots = ge_calloc(g->n_outputs + 1, sizeof *p->output_slots);
    p->consts = ge_calloc(g->n_values + 1, sizeof *p->consts);
    ir_node **order = NULL;
    size_t n_nodes = 0;
    op_value *in = NULL, *out = NULL;
    bool *folded = NULL;
    ge_status st;
    if (!p->input_shapes || !p->slots || !p->known || !p->output_slots || !p->consts) {
        st = fail_oom(g);
        goto fail;
    }
    for (size_t i = 0; i < g->n_values; i++) {
        const ir_value *v = g->values[i];
        p->known[i].dtype = GE_DTYPE_UNDEFINED;
        p->slots[i].dtype = v->dtype;
        p->slots[i].shape = v->shape;
        if (v->kind == IR_VALUE_CONST) {
            p->slots[i].kind = EXEC_STORE_CONST;
            p->slots[i].index = p->n_consts;
            p->slots[i].shape = v->data.shape;
            p->slots[i].dtype = v->data.dtype;
            p->consts[p->n_consts++] = v;
            p->const_size += align64(v->data.bytes);
        }
    }
    for (size_t i = 0; i < g->n_inputs; i++) {
        const ir_value *v = g->inputs[i];
        p->input_shapes[i] = input_shapes ? input_shapes[i] : v->shape;
        p->slots[v->id].kind = EXEC_STORE_INPUT;
        p->slots[v->id].index = i;
        p->slots[v->id].shape = p->input_shapes[i];
    }
    st = ir_graph_topo_order(g, &order, &n_nodes);
    if (st != GE_STATUS_SUCCESS)
        goto fail;
    size_t most = 1;
    bool control_flow = false;
    for (size_t k = 0; k < n_nodes; k++) {
        if (order[k]->n_inputs > most)
            most = order[k]->n_inputs;
        if (order[k]->n_outputs > most)
            most = order[k]->n_outputs;
        control_flow |= has_subgraph(order[k]);
    }
    in = ge_calloc(most, sizeof *in);
    out = ge_calloc(most, sizeof *out);
    if (!in || !out) {
        st = fail_oom(g);
        goto fail;
    }
    bool inputs_static = true;
    for (size_t i = 0; i < g->n_inputs; i++)
        inputs_static &= ir_shape_is_static(&p->input_shapes[i]);
    /* Inference per input-shape specialisation; a graph with control flow runs through the
     * interpreter, whose kernels see the subgraphs. */
    folded = ge_calloc(n_nodes + 1, sizeof *folded);
    if (!folded) {
        st = fail_oom(g);
        goto fail;
    }
    if (!control_flow) {
        for (size_t k = 0; k < n_nodes; k++) {
            st = infer_step(p, order[k], in, out);
            if (st == GE_STATUS_SUCCESS)
                st = fold_step(p, order[k], &folded[k]);
            if (st != GE_STATUS_SUCCESS) {
                ge_error_prefix("graph '%s': ", g->name ? g->name : "");
                goto fail;
            }
            p->n_folded += folded[k];
        }
    }
    p->is_static = inputs_static && !control_flow;
    for (size_t i = 0; p->is_static && i < g->n_values; i++) {
        const ir_value *v = g->values[i];
        if (v->kind == IR_VALUE_REF)
            continue;
        if (!ir_shape_is_static(&p->slots[i].shape) ||
            !ir_tensor_byte_size(p->slots[i].dtype, &p->slots[i].shape, &p->slots[i].bytes))
            p->is_static = false;
    }
    for (size_t i = 0; i < g->n_outputs; i++)
        p->output_slots[i] = (int32_t)g->outputs[i]->id;
    st = build_steps(p, order, n_nodes, p->is_static ? folded : NULL);
    if (st == GE_STATUS_SUCCESS && p->is_static && !getenv("GEFLOW_NO_FUSION"))
        st = exec_fuse_steps(p);
    if (st == GE_STATUS_SUCCESS && p->is_static)
        st = plan_memory(p);
    if (st == GE_STATUS_SUCCESS && p->is_static)
        st = prepare_steps(p);
    if (st != GE_STATUS_SUCCESS)
        goto fail;
    ge_free(order);
    ge_free(in);
    ge_free(out);
    ge_free(folded);
    *out_plan = p;
    return GE_STATUS_SUCCESS;
fail:
    ge_free(folded);
    ge_free(order);
    ge_free(in);
    ge_free(out);
    exec_plan_destroy(p);
    return st;
}

void exec_plan_destroy(exec_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->steps && i < p->n_steps; i++) {
        const exec_step *s = &p->steps[i];
        if (s->prepared && s->schema->release)
            s->schema->release(s->prepared);
        ge_free(s->inputs);
        ge_free(s->outputs);
    }
    for (size_t i = 0; p->known && i < p->n_slots; i++)
        if (p->known[i].dtype != GE_DTYPE_UNDEFINED)
            ir_tensor_free_data(&p->known[i]);
    ge_free(p->steps);
    ge_free(p->known);
    ge_free(p->slots);
    ge_free(p->input_shapes);
    ge_free(p->output_slots);
    ge_free(p->copies);
    ge_free(p->consts);
    ge_free(p);
}

bool exec_plan_matches(const exec_plan *p, size_t n_inputs, const ir_shape *shapes)
{
    if (n_inputs != p->n_inputs)
        return false;
    for (size_t i = 0; i < n_inputs; i++)
        if (!ir_shape_equal(&p->input_shapes[i], &shapes[i]))
            return false;
    return true;
}

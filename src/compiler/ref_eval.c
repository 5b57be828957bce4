#include "compiler/ref_eval.h"

#include "base/alloc.h"
#include "base/error.h"
#include "ops/op_util.h"

#include <stdio.h>
#include <string.h>

typedef struct ref_frame ref_frame;
struct ref_frame {
    const ir_graph *g;
    ir_tensor *slots; /* by value id */
    bool *owned;      /* slot data belongs to the frame */
    bool *ready;
    const ref_frame *parent;
};

static const char *gname(const ir_graph *g)
{
    return g->name ? g->name : "";
}

/* The tensor of value v as seen from frame f; NULL when not available. */
static const ir_tensor *lookup(const ref_frame *f, const ir_value *v)
{
    if (!v)
        return NULL;
    if (v->kind == IR_VALUE_CONST)
        return &v->data;
    if (v->kind != IR_VALUE_REF)
        return f->ready[v->id] ? &f->slots[v->id] : NULL;
    for (const ref_frame *p = f->parent; p; p = p->parent) {
        const ir_value *w = ir_graph_value(p->g, v->name);
        if (!ir_value_is_defined(w))
            continue;
        if (w->kind == IR_VALUE_CONST)
            return &w->data;
        return p->ready[w->id] ? &p->slots[w->id] : NULL;
    }
    return NULL;
}

static ge_status discard_value(op_infer_ctx *ctx, size_t index, ir_tensor *value_taken)
{
    (void)ctx;
    (void)index;
    ir_tensor_free_data(value_taken);
    return GE_STATUS_SUCCESS;
}

static ge_status run_frame(const ir_graph *g, const ref_frame *parent, size_t n_inputs,
                           const ir_tensor *inputs, size_t n_outputs, ir_tensor *outputs);

static ge_status run_subgraph(op_kernel_ctx *ctx, const struct ir_graph *body, size_t n_inputs,
                              const ir_tensor *inputs, size_t n_outputs, ir_tensor *outputs)
{
    const ref_frame *f = ctx->exec;
    ge_status st = run_frame(body, f, n_inputs, inputs, n_outputs, outputs);
    if (st != GE_STATUS_SUCCESS) {
        char quoted[300];
        snprintf(quoted, sizeof quoted, "'%s'", ctx->node.name);
        if (!strstr(ge_error_peek(), quoted))
            ge_error_prefix("%s node '%s': subgraph '%s': ", ctx->node.schema->type, ctx->node.name,
                            gname(body));
    }
    return st;
}

/* Runs one node: inference on the actual values, allocation, kernel. */
static ge_status exec_node(const ir_node *n, const ref_frame *f, const ir_tensor *in, ir_tensor *out)
{
    const op_schema *s = n->schema;
    ge_status st = GE_STATUS_SUCCESS;
    if (!s) {
        ge_error_set("graph '%s': node '%s' (%s): not validated (no schema)", gname(n->graph), n->name,
                     n->op_type);
        return GE_STATUS_INTERNAL_ERROR;
    }
    op_node_info info = {.name = n->name, .schema = s, .opset = n->resolved_opset, .attrs = n->attrs,
                         .n_attrs = n->n_attrs};
    op_value *vi = ge_calloc(n->n_inputs + 1, sizeof *vi);
    op_value *vo = ge_calloc(n->n_outputs + 1, sizeof *vo);
    if (!vi || !vo) {
        ge_free(vi);
        ge_free(vo);
        return op_fail(&info, GE_STATUS_MEMALLOC_FAILED, "out of memory running the node");
    }
    for (size_t i = 0; i < n->n_inputs; i++) {
        vi[i].present = ir_tensor_present(&in[i]);
        vi[i].dtype = in[i].dtype;
        vi[i].shape = vi[i].present ? in[i].shape : ir_shape_unknown();
        vi[i].value = vi[i].present ? &in[i] : NULL;
    }
    for (size_t i = 0; i < n->n_outputs; i++) {
        vo[i].present = true;
        vo[i].dtype = GE_DTYPE_UNDEFINED;
        vo[i].shape = ir_shape_unknown();
    }
    op_infer_ctx ic = {.node = info, .n_inputs = n->n_inputs, .inputs = vi, .n_outputs = n->n_outputs,
                       .outputs = vo, .set_output_value = discard_value};
    memset(out, 0, sizeof *out * n->n_outputs);
    if (s->infer && (st = s->infer(&ic)) != GE_STATUS_SUCCESS)
        goto done;
    for (size_t i = 0; i < n->n_outputs; i++) {
        out[i].dtype = vo[i].dtype;
        out[i].shape = vo[i].shape;
        if (vo[i].present && vo[i].dtype != GE_DTYPE_UNDEFINED && ir_shape_is_static(&vo[i].shape)) {
            st = ir_tensor_alloc(&out[i], vo[i].dtype, &vo[i].shape);
            if (st != GE_STATUS_SUCCESS) {
                ge_error_prefix("%s node '%s': output %zu: ", s->type, n->name, i);
                goto done;
            }
        }
    }
    op_kernel_ctx kc = {.node = info, .n_inputs = n->n_inputs, .inputs = in, .n_outputs = n->n_outputs,
                        .outputs = out, .run_subgraph = run_subgraph, .exec = (void *)f};
    if (!s->kernel) {
        st = op_fail(&info, GE_STATUS_GRAPH_UNSUPPORTED, "the op has no reference kernel");
        goto done;
    }
    if ((st = s->kernel(&kc)) != GE_STATUS_SUCCESS)
        goto done;
    for (size_t i = 0; i < n->n_outputs; i++)
        if (n->outputs[i] && !out[i].data) {
            st = op_fail(&info, GE_STATUS_INTERNAL_ERROR, "the kernel produced no data for output %zu",
                         i);
            goto done;
        }
done:
    if (st != GE_STATUS_SUCCESS)
        for (size_t i = 0; i < n->n_outputs; i++)
            ir_tensor_free_data(&out[i]);
    ge_free(vi);
    ge_free(vo);
    return st;
}

ge_status ref_eval_node(const ir_node *n, const ir_tensor *inputs, ir_tensor *outputs)
{
    ref_frame top = {.g = n->graph};
    return exec_node(n, &top, inputs, outputs);
}

static ge_status check_inputs(const ir_graph *g, size_t n_inputs, const ir_tensor *inputs)
{
    if (n_inputs != g->n_inputs) {
        ge_error_set("graph '%s': expected %zu inputs, found %zu", gname(g), g->n_inputs, n_inputs);
        return GE_STATUS_PARAM_INVALID;
    }
    for (size_t i = 0; i < n_inputs; i++) {
        const ir_value *v = g->inputs[i];
        const ir_tensor *t = &inputs[i];
        char a[128], b[128];
        if (t->dtype != v->dtype) {
            ge_error_set("graph '%s': input %zu '%s': expected dtype %s, found %s", gname(g), i, v->name,
                         ge_dtype_name(v->dtype), ge_dtype_name(t->dtype));
            return GE_STATUS_PARAM_INVALID;
        }
        bool ok = ir_shape_is_static(&t->shape);
        if (ok && ir_shape_rank_known(&v->shape)) {
            ok = v->shape.rank == t->shape.rank;
            for (int32_t d = 0; ok && d < v->shape.rank; d++)
                ok = v->shape.dims[d] < 0 || v->shape.dims[d] == t->shape.dims[d];
        }
        size_t bytes = 0;
        if (ok)
            ok = ir_tensor_byte_size(t->dtype, &t->shape, &bytes) && bytes == t->bytes &&
                 (t->data || !bytes);
        if (!ok) {
            ge_error_set("graph '%s': input %zu '%s': expected shape %s, found %s with %zu bytes%s",
                         gname(g), i, v->name, ir_shape_format(&v->shape, a, sizeof a),
                         ir_shape_format(&t->shape, b, sizeof b), t->bytes,
                         t->data || !t->bytes ? "" : " and no data");
            return GE_STATUS_PARAM_INVALID;
        }
    }
    return GE_STATUS_SUCCESS;
}

static ge_status run_frame(const ir_graph *g, const ref_frame *parent, size_t n_inputs,
                           const ir_tensor *inputs, size_t n_outputs, ir_tensor *outputs)
{
    memset(outputs, 0, sizeof *outputs * n_outputs);
    if (!g->validated) {
        ge_error_set("graph '%s': not validated; run validation first", gname(g));
        return GE_STATUS_FAILED;
    }
    if (n_outputs != g->n_outputs) {
        ge_error_set("graph '%s': expected room for %zu outputs, found %zu", gname(g), g->n_outputs,
                     n_outputs);
        return GE_STATUS_PARAM_INVALID;
    }
    ge_status st = check_inputs(g, n_inputs, inputs);
    if (st != GE_STATUS_SUCCESS)
        return st;

    size_t nv = g->n_values;
    ref_frame f = {.g = g, .parent = parent};
    ir_node **order = NULL;
    size_t nn = 0, max_io = 1;
    size_t *last = NULL, *pos = NULL;
    ir_tensor *in = NULL, *out = NULL;
    f.slots = ge_calloc(nv + 1, sizeof *f.slots);
    f.owned = ge_calloc(nv + 1, sizeof *f.owned);
    f.ready = ge_calloc(nv + 1, sizeof *f.ready);
    last = ge_calloc(nv + 1, sizeof *last);
    pos = ge_calloc(g->n_nodes + 1, sizeof *pos);
    if (!f.slots || !f.owned || !f.ready || !last || !pos)
        goto oom;
    if ((st = ir_graph_topo_order(g, &order, &nn)) != GE_STATUS_SUCCESS)
        goto done;

    /* Last use (position + 1 in order; 0 = unused) of every value, explicit or implicit. */
    for (size_t k = 0; k < nn; k++) {
        const ir_node *n = order[k];
        pos[n->id] = k;
        if (n->n_inputs > max_io)
            max_io = n->n_inputs;
        if (n->n_outputs > max_io)
            max_io = n->n_outputs;
        for (size_t i = 0; i < n->n_inputs; i++)
            if (n->inputs[i])
                last[n->inputs[i]->id] = k + 1;
        ir_value **outer = NULL;
        size_t n_outer = 0;
        if ((st = ir_node_outer_uses(n, &outer, &n_outer)) != GE_STATUS_SUCCESS)
            goto done;
        for (size_t i = 0; i < n_outer; i++)
            last[outer[i]->id] = k + 1;
        ge_free(outer);
    }
    in = ge_calloc(max_io, sizeof *in);
    out = ge_calloc(max_io, sizeof *out);
    if (!in || !out)
        goto oom;
    for (size_t i = 0; i < g->n_inputs; i++) {
        f.slots[g->inputs[i]->id] = inputs[i];
        f.ready[g->inputs[i]->id] = true;
    }

    for (size_t k = 0; k < nn; k++) {
        const ir_node *n = order[k];
        for (size_t i = 0; i < n->n_inputs; i++) {
            memset(&in[i], 0, sizeof in[i]);
            in[i].dtype = GE_DTYPE_UNDEFINED;
            if (!n->inputs[i])
                continue;
            const ir_tensor *t = lookup(&f, n->inputs[i]);
            if (!t) {
                ge_error_set("graph '%s': node '%s' (%s): input %zu '%s' has no value at run time",
                             gname(g), n->name, n->op_type, i, n->inputs[i]->name);
                st = GE_STATUS_INTERNAL_ERROR;
                goto done;
            }
            in[i] = *t;
        }
        if ((st = exec_node(n, &f, in, out)) != GE_STATUS_SUCCESS)
            goto done;
        for (size_t i = 0; i < n->n_outputs; i++) {
            ir_value *v = n->outputs[i];
            if (!v || (!v->is_output && last[v->id] == 0)) {
                ir_tensor_free_data(&out[i]); /* absent or unused */
                continue;
            }
            f.slots[v->id] = out[i];
            f.owned[v->id] = true;
            f.ready[v->id] = true;
        }
        /* Free what this node was the last to read. */
        for (size_t i = 0; i < n->n_inputs + 0; i++) {
            ir_value *v = n->inputs[i];
            if (v && v->kind == IR_VALUE_NODE && !v->is_output && last[v->id] == k + 1 &&
                f.owned[v->id]) {
                ir_tensor_free_data(&f.slots[v->id]);
                f.owned[v->id] = false;
                f.ready[v->id] = false;
            }
        }
        ir_value **outer = NULL;
        size_t n_outer = 0;
        if ((st = ir_node_outer_uses(n, &outer, &n_outer)) != GE_STATUS_SUCCESS)
            goto done;
        for (size_t i = 0; i < n_outer; i++) {
            ir_value *v = outer[i];
            if (v->kind == IR_VALUE_NODE && !v->is_output && last[v->id] == k + 1 && f.owned[v->id]) {
                ir_tensor_free_data(&f.slots[v->id]);
                f.owned[v->id] = false;
                f.ready[v->id] = false;
            }
        }
        ge_free(outer);
    }

    for (size_t i = 0; i < n_outputs; i++) {
        const ir_value *v = g->outputs[i];
        if (v->kind == IR_VALUE_NODE && f.owned[v->id]) {
            outputs[i] = f.slots[v->id];
            f.owned[v->id] = false;
            f.ready[v->id] = false;
            continue;
        }
        const ir_tensor *t = lookup(&f, v);
        if (!t) {
            ge_error_set("graph '%s': output %zu '%s' has no value after the run", gname(g), i, v->name);
            st = GE_STATUS_INTERNAL_ERROR;
            goto done;
        }
        if ((st = ir_tensor_clone(&outputs[i], t)) != GE_STATUS_SUCCESS) {
            ge_error_prefix("graph '%s': output %zu '%s': ", gname(g), i, v->name);
            goto done;
        }
    }
    goto done;
oom:
    ge_error_set("graph '%s': out of memory starting the reference run", gname(g));
    st = GE_STATUS_MEMALLOC_FAILED;
done:
    if (st != GE_STATUS_SUCCESS)
        for (size_t i = 0; i < n_outputs; i++)
            ir_tensor_free_data(&outputs[i]);
    if (f.slots)
        for (size_t i = 0; i < nv; i++)
            if (f.owned && f.owned[i])
                ir_tensor_free_data(&f.slots[i]);
    ge_free(f.slots);
    ge_free(f.owned);
    ge_free(f.ready);
    ge_free(last);
    ge_free(pos);
    ge_free(order);
    ge_free(in);
    ge_free(out);
    return st;
}

ge_status ref_eval_run(const ir_graph *g, size_t n_inputs, const ir_tensor *inputs, size_t n_outputs,
                       ir_tensor *outputs)
{
    if (!g || (n_inputs && !inputs) || (n_outputs && !outputs)) {
        ge_error_set("ref_eval_run: %s is NULL", !g ? "graph" : (n_inputs && !inputs) ? "inputs" : "outputs");
        return GE_STATUS_PARAM_INVALID;
    }
    return run_frame(g, NULL, n_inputs, inputs, n_outputs, outputs);
}

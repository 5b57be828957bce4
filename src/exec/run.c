#include "exec/run.h"

#include "base/alloc.h"
#include "base/error.h"
#include "compiler/ref_eval.h"
#include "ops/op_util.h"

#include <string.h>

static void *slot_data(const exec_plan *p, const exec_io *io, int32_t id)
{
    const exec_slot *s = &p->slots[id];
    switch (s->kind) {
    case EXEC_STORE_INPUT: return io->inputs[s->index];
    case EXEC_STORE_OUTPUT: return io->outputs[s->index];
    case EXEC_STORE_ARENA: return (char *)io->arena + s->offset;
    case EXEC_STORE_CONST:
        if (io->consts && io->consts[s->index])
            return io->consts[s->index];
        return p->consts[s->index]->data.data;
    case EXEC_STORE_FOLDED: return p->known[id].data;
    default: return NULL;
    }
}

static void view(ir_tensor *t, const exec_plan *p, const exec_io *io, int32_t id)
{
    if (id < 0) {
        memset(t, 0, sizeof *t);
        t->dtype = GE_DTYPE_UNDEFINED;
        t->shape = ir_shape_unknown();
        return;
    }
    const exec_slot *s = &p->slots[id];
    t->dtype = s->dtype;
    t->shape = s->shape;
    t->bytes = s->bytes;
    t->data = slot_data(p, io, id);
}

static void pool_parallel_for(void *pool, size_t n, void (*fn)(void *arg, size_t begin, size_t end),
                              void *arg)
{
    rt_parallel_for(pool, n, fn, arg);
}

/* Kernels of a static plan never allocate: every output shape is known beforehand. */
static ge_status no_alloc(op_kernel_ctx *ctx, size_t index, const ir_shape *shape)
{
    (void)shape;
    return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR,
                   "output %zu asked for memory in a static plan (its shape was known)", index);
}

ge_status exec_run_static(const exec_plan *p, const exec_io *io)
{
    /* one step's input and output views (+ a fused sum input); on the stack for usual arities,
     * so a run of a static plan does not go to the heap for them */
    ir_tensor local[16];
    size_t n_views = p->max_io + 2;
    ir_tensor *views = n_views <= sizeof local / sizeof local[0] ? local : ge_malloc(n_views * sizeof *views);
    if (!views) {
        ge_error_set("graph '%s': out of memory starting a run", p->graph->name);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    ge_status st = GE_STATUS_SUCCESS;
    for (size_t k = 0; k < p->n_steps && st == GE_STATUS_SUCCESS; k++) {
        const exec_step *s = &p->steps[k];
        ir_tensor *in = views, *out = views + s->n_inputs;
        for (size_t i = 0; i < s->n_inputs; i++)
            view(&in[i], p, io, s->inputs[i]);
        for (size_t i = 0; i < s->n_outputs; i++)
            view(&out[i], p, io, s->outputs[i]);
        ir_tensor *sum = out + s->n_outputs;
        if (s->sum_input >= 0)
            view(sum, p, io, s->sum_input);
        op_kernel_ctx kc = {
            .node = {.name = s->node->name, .schema = s->schema, .opset = s->opset,
                     .attrs = s->node->attrs, .n_attrs = s->node->n_attrs},
            .n_inputs = s->n_inputs,
            .inputs = in,
            .n_outputs = s->n_outputs,
            .outputs = out,
            .alloc_output = no_alloc,
            .parallel_for = io->pool ? pool_parallel_for : NULL,
            .pool = io->pool,
            .parallel_min_elems = OP_PARALLEL_MIN_ELEMS,
            .sum_input = s->sum_input >= 0 ? sum : NULL,
            .act = s->act,
            .prepared = s->prepared,
        };
        st = s->schema->kernel(&kc);
    }
    if (views != local)
        ge_free(views);
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (size_t c = 0; c < p->n_copies; c++) {
        const exec_output_copy *cp = &p->copies[c];
        const exec_slot *s = &p->slots[cp->slot];
        void *src = slot_data(p, io, cp->slot);
        if (s->bytes && src != io->outputs[cp->output])
            memcpy(io->outputs[cp->output], src, s->bytes);
    }
    return GE_STATUS_SUCCESS;
}

ge_status exec_run_dynamic(const exec_plan *p, const ir_tensor *inputs, ir_tensor *outputs)
{
    return ref_eval_run(p->graph, p->n_inputs, inputs, p->n_outputs, outputs);
}

#include "exec/fuse.h"

#include "base/alloc.h"
#include "base/error.h"
#include "ops/op_util.h"

#include <math.h>
#include <string.h>

typedef struct fuse_ctx {
    exec_plan *p;
    size_t *uses;     /* per slot: readers among the steps, +1 when it is a graph output */
    int32_t *reader;  /* per slot: the step reading it (meaningful when uses == 1) */
    int32_t *writer;  /* per slot: the step writing it, -1 for inputs and constants */
    bool *removed;    /* per step */
} fuse_ctx;

static bool is_op(const exec_step *s, const char *type)
{
    return op_domain_is_onnx(s->schema->domain) && strcmp(s->schema->type, type) == 0;
}

static op_node_info step_info(const exec_step *s)
{
    return (op_node_info){.name = s->node->name, .schema = s->schema, .opset = s->opset,
                          .attrs = s->node->attrs, .n_attrs = s->node->n_attrs};
}

static bool slot_is_f32(const exec_plan *p, int32_t id)
{
    return id >= 0 && p->slots[id].dtype == GE_DTYPE_FLOAT32;
}

/* Contents of a constant or folded slot; NULL when not known at plan time. */
static const ir_tensor *known_value(const exec_plan *p, int32_t id)
{
    if (id < 0)
        return NULL;
    const exec_slot *s = &p->slots[id];
    if (s->kind == EXEC_STORE_CONST)
        return &p->consts[s->index]->data;
    if (s->kind == EXEC_STORE_FOLDED)
        return &p->known[id];
    return NULL;
}

static const float *known_f32(const exec_plan *p, int32_t id, int64_t numel)
{
    const ir_tensor *t = known_value(p, id);
    return t && t->dtype == GE_DTYPE_FLOAT32 && ir_tensor_numel(t) == numel ? t->data : NULL;
}

/* The one step that reads step s's output 0, when nothing else does (-1 otherwise). */
static int32_t sole_reader(const fuse_ctx *f, const exec_step *s)
{
    if (s->n_outputs < 1 || s->outputs[0] < 0)
        return -1;
    for (size_t i = 1; i < s->n_outputs; i++)
        if (s->outputs[i] >= 0)
            return -1;
    int32_t v = s->outputs[0];
    return f->uses[v] == 1 ? f->reader[v] : -1;
}

/* Only the consumer's input 0 may be the fused value; its other outputs must be unused. */
static bool consumes_as_first_only(const exec_step *c, int32_t v)
{
    if (c->n_inputs < 1 || c->inputs[0] != v)
        return false;
    for (size_t i = 1; i < c->n_inputs; i++)
        if (c->inputs[i] == v)
            return false;
    for (size_t i = 1; i < c->n_outputs; i++)
        if (c->outputs[i] >= 0)
            return false;
    return c->n_outputs >= 1 && c->outputs[0] >= 0;
}

/* The activation a Relu / Clip / LeakyRelu step stands for; false when it is none of those
 * (or Clip's bounds are not constants). */
static bool activation_of(const exec_plan *p, const exec_step *c, op_activation *a)
{
    op_node_info info = step_info(c);
    memset(a, 0, sizeof *a);
    if (is_op(c, "Relu")) {
        a->kind = OP_ACT_RELU;
        return true;
    }
    if (is_op(c, "LeakyRelu")) {
        a->kind = OP_ACT_LEAKY_RELU;
        a->alpha = op_attr_float(&info, "alpha");
        return true;
    }
    if (!is_op(c, "Clip"))
        return false;
    a->kind = OP_ACT_CLIP;
    if (c->opset < 11) {
        a->lo = op_attr_float(&info, "min");
        a->hi = op_attr_float(&info, "max");
        return true;
    }
    a->lo = -INFINITY;
    a->hi = INFINITY;
    for (size_t i = 1; i < 3; i++) {
        if (i >= c->n_inputs || c->inputs[i] < 0)
            continue;
        const float *b = known_f32(p, c->inputs[i], 1);
        if (!b)
            return false;
        *(i == 1 ? &a->lo : &a->hi) = b[0];
    }
    return true;
}

/* Add (or a two-input Sum) of s's output and another value of the same shape computed before
 * step k: that value becomes s's sum input. false: the pattern does not apply. */
static bool fuse_add(const fuse_ctx *f, exec_step *s, size_t k, const exec_step *c)
{
    const exec_plan *p = f->p;
    if (!(is_op(c, "Add") || is_op(c, "Sum")) || c->n_inputs != 2 || s->act.kind != OP_ACT_NONE ||
        s->sum_input >= 0)
        return false;
    int32_t v = s->outputs[0], other = c->inputs[0] == v ? c->inputs[1] : c->inputs[0];
    if (other < 0 || other == v || !slot_is_f32(p, other) ||
        !ir_shape_equal(&p->slots[other].shape, &p->slots[v].shape) ||
        !ir_shape_equal(&p->slots[c->outputs[0]].shape, &p->slots[v].shape))
        return false;
    if (f->writer[other] >= 0 && (size_t)f->writer[other] >= k)
        return false; /* computed after s: s cannot read it */
    s->sum_input = other;
    return true;
}

/* Conv (s) followed by inference BatchNormalization (c) with constant parameters: folds the
 * normalisation into new weights and bias. false: the pattern does not apply. */
static ge_status fold_batchnorm(fuse_ctx *f, exec_step *s, const exec_step *c, bool *done)
{
    exec_plan *p = f->p;
    *done = false;
    op_node_info info = step_info(c);
    if (c->n_inputs != 5 || (c->opset < 9 && op_attr_int(&info, "spatial") == 0) ||
        (c->opset >= 14 && op_attr_int(&info, "training_mode") != 0) || s->act.kind != OP_ACT_NONE)
        return GE_STATUS_SUCCESS;
    const ir_tensor *w = known_value(p, s->inputs[1]);
    if (!w || w->dtype != GE_DTYPE_FLOAT32 || w->shape.rank < 3 || w->shape.dims[0] <= 0)
        return GE_STATUS_SUCCESS;
    int64_t cout = w->shape.dims[0], per = ir_tensor_numel(w) / cout;
    const float *gamma = known_f32(p, c->inputs[1], cout), *beta = known_f32(p, c->inputs[2], cout),
                *mean = known_f32(p, c->inputs[3], cout), *var = known_f32(p, c->inputs[4], cout);
    const float *bias = NULL;
    if (s->n_inputs > 2 && s->inputs[2] >= 0 && !(bias = known_f32(p, s->inputs[2], cout)))
        return GE_STATUS_SUCCESS;
    if (!gamma || !beta || !mean || !var)
        return GE_STATUS_SUCCESS;
    double eps = op_attr_float(&info, "epsilon");
    ir_tensor nw = {0}, nb = {0};
    ir_shape bshape;
    ir_shape_make(&bshape, 1, &cout);
    if (ir_tensor_alloc(&nw, GE_DTYPE_FLOAT32, &w->shape) != GE_STATUS_SUCCESS ||
        ir_tensor_alloc(&nb, GE_DTYPE_FLOAT32, &bshape) != GE_STATUS_SUCCESS) {
        ir_tensor_free_data(&nw);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    const float *wv = w->data;
    float *nwv = nw.data, *nbv = nb.data;
    for (int64_t o = 0; o < cout; o++) {
        double sc = (double)gamma[o] / sqrt((double)var[o] + eps);
        for (int64_t k = 0; k < per; k++)
            nwv[o * per + k] = (float)(wv[o * per + k] * sc);
        nbv[o] = (float)(((bias ? (double)bias[o] : 0.0) - mean[o]) * sc + beta[o]);
    }
    int32_t wid = exec_plan_add_const(p, &nw), bid = wid >= 0 ? exec_plan_add_const(p, &nb) : -1;
    if (bid < 0) {
        ir_tensor_free_data(&nw);
        ir_tensor_free_data(&nb);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    s->inputs[1] = wid;
    s->inputs[2] = bid; /* the inputs array always has room for one more (plan.c) */
    if (s->n_inputs < 3)
        s->n_inputs = 3;
    *done = true;
    return GE_STATUS_SUCCESS;
}

/* A constant that broadcasts along the channel axis (axis 1) of `out` only: C values shaped
 * [C,1,...] aligned to the right (or one value for every channel). NULL otherwise. */
static const float *channel_const(const exec_plan *p, int32_t id, const ir_shape *out, int64_t *count)
{
    const ir_tensor *t = known_value(p, id);
    if (!t || t->dtype != GE_DTYPE_FLOAT32 || t->shape.rank > out->rank || out->rank < 2)
        return NULL;
    int64_t n = ir_tensor_numel(t);
    *count = n;
    if (n == 1)
        return t->data;
    int ci = 1 - (out->rank - t->shape.rank); /* the channel axis's index in t */
    if (ci < 0 || n != out->dims[1] || t->shape.dims[ci] != n)
        return NULL;
    return t->data;
}

/* New plan constant: a float32 copy of `src` (n values, or zeros when src is NULL) of `shape`,
 * each value mapped through y = v * mul[i / per] + add[i / per] (mul / add may be NULL). */
static int32_t affine_const(exec_plan *p, const ir_shape *shape, const float *src, int64_t per, const float *mul,
                            const float *add, int64_t n_ch)
{
    ir_tensor t = {0};
    if (ir_tensor_alloc(&t, GE_DTYPE_FLOAT32, shape) != GE_STATUS_SUCCESS)
        return -1;
    float *d = t.data;
    int64_t n = ir_tensor_numel(&t);
    for (int64_t i = 0; i < n; i++) {
        int64_t ch = n_ch == 1 ? 0 : i / per;
        float v = src ? src[i] : 0.0f;
        d[i] = v * (mul ? mul[ch] : 1.0f) + (add ? add[ch] : 0.0f);
    }
    int32_t id = exec_plan_add_const(p, &t);
    if (id < 0)
        ir_tensor_free_data(&t);
    return id;
}

/* Conv or inference BatchNormalization (s), then Mul or Add (c) by a per-channel constant:
 * folded into the Conv's weights and bias, or into BatchNormalization's scale and bias. */
static ge_status fold_channel_affine(fuse_ctx *f, exec_step *s, bool conv, const exec_step *c, bool *done)
{
    exec_plan *p = f->p;
    *done = false;
    bool mul = is_op(c, "Mul");
    if ((!mul && !is_op(c, "Add")) || c->n_inputs != 2 || s->act.kind != OP_ACT_NONE || s->sum_input >= 0)
        return GE_STATUS_SUCCESS;
    int32_t v = s->outputs[0], other = c->inputs[0] == v ? c->inputs[1] : c->inputs[0];
    const ir_shape *vs = &p->slots[v].shape;
    int64_t cnt = 0;
    const float *k = other == v ? NULL : channel_const(p, other, vs, &cnt);
    if (!k || !ir_shape_equal(&p->slots[c->outputs[0]].shape, vs) || vs->dims[1] <= 0)
        return GE_STATUS_SUCCESS;
    int64_t C = vs->dims[1];
    ir_shape cshape;
    ir_shape_make(&cshape, 1, &C);
    if (conv) {
        const ir_tensor *w = known_value(p, s->inputs[1]);
        const float *bias = NULL;
        if (!w || w->dtype != GE_DTYPE_FLOAT32 || w->shape.rank < 3 || w->shape.dims[0] != C ||
            (s->n_inputs > 2 && s->inputs[2] >= 0 && !(bias = known_f32(p, s->inputs[2], C))))
            return GE_STATUS_SUCCESS;
        int32_t wid = s->inputs[1];
        if (mul && (wid = affine_const(p, &w->shape, w->data, ir_tensor_numel(w) / C, k, NULL, cnt)) < 0)
            return GE_STATUS_MEMALLOC_FAILED;
        int32_t bid = bias || !mul ? affine_const(p, &cshape, bias, 1, mul ? k : NULL, mul ? NULL : k, cnt) : -1;
        if ((bias || !mul) && bid < 0)
            return GE_STATUS_MEMALLOC_FAILED;
        s->inputs[1] = wid;
        if (bid >= 0) {
            s->inputs[2] = bid; /* the inputs array has room for a third (plan.c) */
            if (s->n_inputs < 3)
                s->n_inputs = 3;
        }
        *done = true;
        return GE_STATUS_SUCCESS;
    }
    op_node_info info = step_info(s);
    if (s->n_inputs != 5 || (s->opset < 9 && op_attr_int(&info, "spatial") == 0) ||
        (s->opset >= 14 && op_attr_int(&info, "training_mode") != 0))
        return GE_STATUS_SUCCESS;
    const float *gamma = known_f32(p, s->inputs[1], C), *beta = known_f32(p, s->inputs[2], C);
    if (!gamma || !beta)
        return GE_STATUS_SUCCESS;
    /* y = gamma * xhat + beta: Mul scales both, Add shifts beta */
    int32_t gid = s->inputs[1];
    if (mul && (gid = affine_const(p, &cshape, gamma, 1, k, NULL, cnt)) < 0)
        return GE_STATUS_MEMALLOC_FAILED;
    int32_t bid = affine_const(p, &cshape, beta, 1, mul ? k : NULL, mul ? NULL : k, cnt);
    if (bid < 0)
        return GE_STATUS_MEMALLOC_FAILED;
    s->inputs[1] = gid;
    s->inputs[2] = bid;
    *done = true;
    return GE_STATUS_SUCCESS;
}

ge_status exec_fuse_steps(exec_plan *p)
{
    fuse_ctx f = {p, NULL, NULL, NULL, NULL};
    f.uses = ge_calloc(p->n_slots + 1, sizeof *f.uses);
    f.reader = ge_calloc(p->n_slots + 1, sizeof *f.reader);
    f.writer = ge_malloc((p->n_slots + 1) * sizeof *f.writer);
    f.removed = ge_calloc(p->n_steps + 1, sizeof *f.removed);
    ge_status st = GE_STATUS_SUCCESS;
    if (!f.uses || !f.reader || !f.writer || !f.removed) {
        st = GE_STATUS_MEMALLOC_FAILED;
        goto done;
    }
    for (size_t i = 0; i < p->n_slots; i++)
        f.writer[i] = -1;
    for (size_t k = 0; k < p->n_steps; k++)
        for (size_t i = 0; i < p->steps[k].n_outputs; i++)
            if (p->steps[k].outputs[i] >= 0)
                f.writer[p->steps[k].outputs[i]] = (int32_t)k;
    for (size_t k = 0; k < p->n_steps; k++)
        for (size_t i = 0; i < p->steps[k].n_inputs; i++) {
            int32_t v = p->steps[k].inputs[i];
            if (v >= 0) {
                f.uses[v]++;
                f.reader[v] = (int32_t)k;
            }
        }
    for (size_t i = 0; i < p->n_outputs; i++)
        f.uses[p->output_slots[i]]++;
    for (size_t k = 0; k < p->n_steps && st == GE_STATUS_SUCCESS; k++) {
        exec_step *s = &p->steps[k];
        if (f.removed[k] || !slot_is_f32(p, s->n_outputs ? s->outputs[0] : -1))
            continue;
        bool conv = is_op(s, "Conv") && s->n_inputs >= 2;
        bool bn = is_op(s, "BatchNormalization");
        bool fuses_act = (s->schema->flags & OP_FLAG_FUSES_ACTIVATION) != 0;
        for (;;) {
            int32_t r = sole_reader(&f, s);
            if (r < 0 || (size_t)r <= k || f.removed[r])
                break;
            exec_step *c = &p->steps[r];
            int32_t v = s->outputs[0];
            bool absorbed = false;
            op_activation a;
            if ((conv || bn) && (is_op(c, "Mul") || is_op(c, "Add")))
                st = fold_channel_affine(&f, s, conv, c, &absorbed);
            else if (fuses_act && fuse_add(&f, s, k, c))
                absorbed = true;
            else if (!consumes_as_first_only(c, v) || !slot_is_f32(p, c->outputs[0]))
                break;
            else if (conv && is_op(c, "BatchNormalization"))
                st = fold_batchnorm(&f, s, c, &absorbed);
            else if (fuses_act && s->act.kind == OP_ACT_NONE && activation_of(p, c, &a)) {
                s->act = a;
                absorbed = true;
            }
            if (!absorbed && st == GE_STATUS_SUCCESS && fuses_act && is_op(c, "Add") && fuse_add(&f, s, k, c))
                absorbed = true; /* an Add that is not per-channel: a residual */
            if (st != GE_STATUS_SUCCESS)
                break;
            if (!absorbed)
                break;
            s->outputs[0] = c->outputs[0];
            f.removed[r] = true;
            p->n_fused++;
        }
    }
    if (st == GE_STATUS_SUCCESS) {
        size_t m = 0;
        for (size_t k = 0; k < p->n_steps; k++) {
            if (f.removed[k]) {
                ge_free(p->steps[k].inputs);
                ge_free(p->steps[k].outputs);
                continue;
            }
            p->steps[m++] = p->steps[k];
            size_t io = p->steps[k].n_inputs + p->steps[k].n_outputs;
            if (io > p->max_io)
                p->max_io = io;
        }
        p->n_steps = m;
    }
done:
    ge_free(f.uses);
    ge_free(f.reader);
    ge_free(f.writer);
    ge_free(f.removed);
    if (st == GE_STATUS_MEMALLOC_FAILED)
        ge_error_set("graph '%s': out of memory fusing steps", p->graph->name ? p->graph->name : "");
    return st;
}

/* Control-flow family: If, Loop, Scan (ONNX ops with graph-valued attributes).
 *
 * Inference reads the bodies through the IR: validation infers a node's subgraphs before the
 * node itself, so the body graphs' input and output values carry their (declared or inferred)
 * dtypes and shapes here. Kernels run bodies only through ctx->run_subgraph (the executor's
 * callback); body results are owned by the kernel, which copies (or, for strings, moves)
 * them into its outputs and frees them.
 *
 * Semantics (ONNX):
 * - If: cond (bool, one element) picks then_branch or else_branch (no inputs, N outputs).
 *   Branch output dtypes must agree; shapes are merged (equal dims stay, differing dims
 *   become unknown, differing ranks give unknown rank), unless cond is known.
 * - Loop: inputs (M?, cond?, v_initial...), body (iteration_num, condition, carried...) ->
 *   (condition, carried..., scan_outputs...); the node's outputs are the final carried
 *   values then the scan outputs stacked along a new first axis. Without cond the body's
 *   condition output is ignored; with neither M nor cond the loop would not end and is
 *   refused at run time.
 * - Scan 9+: N state variables, then num_scan_inputs scan inputs sliced along
 *   scan_input_axes (reversed per scan_input_directions); body (state..., slices...) ->
 *   (state..., elements...); scan outputs stack the elements along scan_output_axes
 *   (reversed per scan_output_directions). Negative axes from opset 11.
 * - Scan 8: optional sequence_lens first, every input has a leading batch axis, scan inputs
 *   are [batch, seq, ...]; `directions` reverses scan inputs; each batch item runs its own
 *   sequence (of length sequence_lens[b]); scan outputs are [batch, max_seq, ...] with the
 *   positions past a shorter sequence zero-filled. */
#include "base/alloc.h"
#include "ir/graph.h"
#include "ops/op_util.h"

#include <string.h>

#define CF_DTYPES (GE_DTS_ALL | GE_DT(GE_DTYPE_STRING))

/* ---------------------------------------------------------------- common helpers */

static const ir_value *body_output(const ir_graph *g, size_t i)
{
    const ir_value *v = g->outputs[i];
    if (v->kind == IR_VALUE_REF) {
        const ir_value *r = ir_graph_resolve(g, v->name);
        if (r)
            v = r;
    }
    return v;
}

static const char *graph_name(const ir_graph *g)
{
    return g->name ? g->name : "";
}

static bool dtype_known(ge_dtype dt)
{
    return dt != GE_DTYPE_UNDEFINED;
}

/* Equal dims stay, differing ones become unknown; differing ranks give unknown rank. */
static ir_shape merge_shapes(const ir_shape *a, const ir_shape *b)
{
    if (!ir_shape_rank_known(a) || !ir_shape_rank_known(b) || a->rank != b->rank)
        return ir_shape_unknown();
    ir_shape r = *a;
    for (int32_t d = 0; d < a->rank; d++)
        if (a->dims[d] != b->dims[d])
            r.dims[d] = IR_DIM_UNKNOWN;
    return r;
}

/* `s` with `dim` inserted at position axis (0..rank); false when the rank would overflow. */
static bool insert_dim(const ir_shape *s, int32_t axis, int64_t dim, ir_shape *out)
{
    if (!ir_shape_rank_known(s)) {
        *out = ir_shape_unknown();
        return true;
    }
    if (s->rank + 1 > IR_MAX_RANK)
        return false;
    ir_shape r;
    r.rank = s->rank + 1;
    for (int32_t d = 0, k = 0; d < r.rank; d++)
        r.dims[d] = d == axis ? dim : s->dims[k++];
    *out = r;
    return true;
}

/* `s` without dim `axis`. */
static ir_shape remove_dim(const ir_shape *s, int32_t axis)
{
    ir_shape r;
    r.rank = s->rank - 1;
    for (int32_t d = 0, k = 0; d < s->rank; d++)
        if (d != axis)
            r.dims[k++] = s->dims[d];
    return r;
}

/* A static shape from a hint: unknown dims read as 0 (an empty result whose element shape
 * could not be computed without running the body); unknown rank reads as a scalar. */
static ir_shape hint_static(const ir_shape *s)
{
    if (!ir_shape_rank_known(s))
        return ir_shape_scalar();
    ir_shape r = *s;
    for (int32_t d = 0; d < r.rank; d++)
        if (r.dims[d] < 0)
            r.dims[d] = 0;
    return r;
}

static int64_t prod_dims(const ir_shape *s, int32_t from, int32_t to)
{
    int64_t p = 1;
    for (int32_t d = from; d < to; d++)
        p *= s->dims[d];
    return p;
}

static const char *fmt_shape(const ir_shape *s, char *buf, size_t n)
{
    return ir_shape_format(s, buf, n);
}

/* Copies n elements src[si..] to dst[di..]. Strings: with `move` the pointers move (the
 * source entries are cleared), else they are duplicated. */
static ge_status copy_elems(const op_node_info *node, void *dst, size_t di, void *src, size_t si,
                            size_t n, ge_dtype dt, bool move)
{
    if (!n)
        return GE_STATUS_SUCCESS;
    if (dt != GE_DTYPE_STRING) {
        size_t es = ge_dtype_size(dt);
        memcpy((char *)dst + di * es, (const char *)src + si * es, n * es);
        return GE_STATUS_SUCCESS;
    }
    char **d = (char **)dst + di, **s = (char **)src + si;
    for (size_t i = 0; i < n; i++) {
        ge_free(d[i]);
        if (move) {
            d[i] = s[i];
            s[i] = NULL;
        } else if (!s[i]) {
            d[i] = NULL;
        } else if (!(d[i] = ge_strdup(s[i]))) {
            return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory copying strings");
        }
    }
    return GE_STATUS_SUCCESS;
}

/* Makes sure outputs[i] has data for `shape` and dtype `dt`: allocates it when the executor
 * left it unallocated, else checks the preallocated shape. */
static ge_status out_ready(op_kernel_ctx *ctx, size_t i, ge_dtype dt, const ir_shape *shape)
{
    ir_tensor *y = &ctx->outputs[i];
    char a[128], b[128];
    if (dtype_known(y->dtype) && y->dtype != dt)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR,
                       "output %zu: the body produced %s, inference gave %s", i, ge_dtype_name(dt),
                       ge_dtype_name(y->dtype));
    if (y->data) {
        if (!ir_shape_equal(&y->shape, shape))
            return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR,
                           "output %zu: the body produced shape %s, inference gave %s", i,
                           fmt_shape(shape, a, sizeof a), fmt_shape(&y->shape, b, sizeof b));
        return GE_STATUS_SUCCESS;
    }
    y->dtype = dt;
    ge_status st = op_output_alloc(ctx, i, shape);
    if (st != GE_STATUS_SUCCESS && !strstr(ge_error_peek(), ctx->node.name))
        ge_error_prefix("%s node '%s': output %zu: ", ctx->node.schema->type, ctx->node.name, i);
    return st;
}

/* outputs[i] = src (copied; strings moved when `move`). */
static ge_status put_output(op_kernel_ctx *ctx, size_t i, ir_tensor *src, bool move)
{
    ge_status st = out_ready(ctx, i, src->dtype, &src->shape);
    if (st != GE_STATUS_SUCCESS)
        return st;
    return copy_elems(&ctx->node, ctx->outputs[i].data, 0, src->data, 0,
                      (size_t)ir_tensor_numel(src), src->dtype, move);
}

static void free_tensors(ir_tensor *t, size_t n)
{
    if (!t)
        return;
    for (size_t i = 0; i < n; i++)
        ir_tensor_free_data(&t[i]);
}

static ge_status need_executor(const op_kernel_ctx *ctx)
{
    if (!ctx->run_subgraph)
        return op_fail(&ctx->node, GE_STATUS_GRAPH_UNSUPPORTED,
                       "the executor gives no subgraph runner (run_subgraph is NULL)");
    return GE_STATUS_SUCCESS;
}

/* A scalar-like input (one element): checks dtype and element count when known. */
static ge_status check_scalar_input(const op_infer_ctx *ctx, size_t i, const char *name,
                                    ge_dtype want)
{
    const op_value *v = &ctx->inputs[i];
    char a[128];
    if (dtype_known(v->dtype) && v->dtype != want)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu '%s' has dtype %s; expected %s",
                       i, name, ge_dtype_name(v->dtype), ge_dtype_name(want));
    if (ir_shape_is_static(&v->shape) && ir_shape_numel(&v->shape) != 1)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "input %zu '%s' must hold exactly one element; found shape %s", i, name,
                       fmt_shape(&v->shape, a, sizeof a));
    return GE_STATUS_SUCCESS;
}

/* The one-element value of a known input (false when unknown). */
static bool known_scalar(const op_value *v, int64_t *out)
{
    if (!v->present || !v->value || !v->value->data || ir_tensor_numel(v->value) != 1)
        return false;
    *out = op_load_i64(v->value->data, v->value->dtype, 0);
    return true;
}

static ge_status kernel_scalar(const op_kernel_ctx *ctx, size_t i, const char *name, ge_dtype want,
                               int64_t *out)
{
    const ir_tensor *t = &ctx->inputs[i];
    char a[128];
    if (t->dtype != want || ir_tensor_numel(t) != 1 || !t->data)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "input %zu '%s' must be one %s element; found %s %s", i, name,
                       ge_dtype_name(want), ge_dtype_name(t->dtype), fmt_shape(&t->shape, a, sizeof a));
    *out = op_load_i64(t->data, t->dtype, 0);
    return GE_STATUS_SUCCESS;
}

static const ir_graph *graph_attr(const op_node_info *node, const char *name, ge_status *st)
{
    const ir_graph *g = op_attr_graph(node, name);
    if (!g)
        *st = op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' (graph) is missing", name);
    else
        *st = GE_STATUS_SUCCESS;
    return g;
}

/* ---------------------------------------------------------------- If */

static ge_status if_infer(op_infer_ctx *ctx)
{
    ge_status st = check_scalar_input(ctx, 0, "cond", GE_DTYPE_BOOL);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_graph *tb = graph_attr(&ctx->node, "then_branch", &st);
    if (!tb)
        return st;
    const ir_graph *eb = graph_attr(&ctx->node, "else_branch", &st);
    if (!eb)
        return st;
    const ir_graph *br[2] = {tb, eb};
    const char *bn[2] = {"then_branch", "else_branch"};
    for (int k = 0; k < 2; k++) {
        if (br[k]->n_inputs)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "%s '%s' declares %zu inputs; If branches take none (they read the "
                           "enclosing scope by name)",
                           bn[k], graph_name(br[k]), br[k]->n_inputs);
        if (br[k]->n_outputs != ctx->n_outputs)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "%s '%s' has %zu outputs; the node has %zu (they must match)", bn[k],
                           graph_name(br[k]), br[k]->n_outputs, ctx->n_outputs);
    }
    int64_t c = 0;
    int chosen = known_scalar(&ctx->inputs[0], &c) ? (c != 0 ? 0 : 1) : -1;
    for (size_t i = 0; i < ctx->n_outputs; i++) {
        const ir_value *a = body_output(tb, i), *b = body_output(eb, i);
        if (dtype_known(a->dtype) && dtype_known(b->dtype) && a->dtype != b->dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "output %zu: then_branch gives %s ('%s'), else_branch gives %s ('%s'); "
                           "the dtypes must agree",
                           i, ge_dtype_name(a->dtype), a->name, ge_dtype_name(b->dtype), b->name);
        ge_dtype dt = dtype_known(a->dtype) ? a->dtype : b->dtype;
        if (dtype_known(dt) && !(CF_DTYPES & GE_DT(dt)))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "output %zu has unsupported dtype %s",
                           i, ge_dtype_name(dt));
        ctx->outputs[i].dtype = chosen == 0 ? a->dtype : chosen == 1 ? b->dtype : dt;
        ctx->outputs[i].shape = chosen == 0 ? a->shape
                                : chosen == 1 ? b->shape
                                              : merge_shapes(&a->shape, &b->shape);
    }
    return GE_STATUS_SUCCESS;
}

static ge_status if_kernel(op_kernel_ctx *ctx)
{
    ge_status st = need_executor(ctx);
    int64_t c = 0;
    if (st != GE_STATUS_SUCCESS ||
        (st = kernel_scalar(ctx, 0, "cond", GE_DTYPE_BOOL, &c)) != GE_STATUS_SUCCESS)
        return st;
    const ir_graph *g = graph_attr(&ctx->node, c ? "then_branch" : "else_branch", &st);
    if (!g)
        return st;
    size_t n = ctx->n_outputs;
    ir_tensor *res = ge_calloc(n + 1, sizeof *res);
    if (!res)
        return op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for branch results");
    st = ctx->run_subgraph(ctx, g, 0, NULL, n, res);
    for (size_t i = 0; i < n && st == GE_STATUS_SUCCESS; i++)
        st = put_output(ctx, i, &res[i], true);
    free_tensors(res, n);
    ge_free(res);
    return st;
}

static const op_attr_def if_attrs[] = {
    {"then_branch", IR_ATTR_GRAPH, true, 0, 0, NULL},
    {"else_branch", IR_ATTR_GRAPH, true, 0, 0, NULL},
    OP_ATTRS_END,
};

/* ---------------------------------------------------------------- scan-output accumulator */

/* Elements stacked along a new first axis, one per iteration (Loop scan outputs). */
typedef struct stack_buf {
    ge_dtype dtype;
    ir_shape elem;  /* shape of one element (set by the first push) */
    size_t elem_n;  /* numel of one element */
    size_t count;   /* elements pushed */
    char *data;
    size_t cap;     /* bytes */
} stack_buf;

static ge_status stack_push(const op_node_info *node, stack_buf *s, size_t which, ir_tensor *t)
{
    char a[128], b[128];
    if (s->count == 0) {
        s->dtype = t->dtype;
        s->elem = t->shape;
        s->elem_n = (size_t)ir_tensor_numel(t);
    } else if (t->dtype != s->dtype || !ir_shape_equal(&t->shape, &s->elem)) {
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "scan output %zu: iteration %zu produced %s %s, earlier iterations %s %s (every "
                       "iteration must give the same shape)",
                       which, s->count, ge_dtype_name(t->dtype), fmt_shape(&t->shape, a, sizeof a),
                       ge_dtype_name(s->dtype), fmt_shape(&s->elem, b, sizeof b));
    }
    size_t es = ge_dtype_size(s->dtype), need = (s->count + 1) * s->elem_n * es;
    if (s->elem_n && es && (need / es / s->elem_n != s->count + 1))
        return op_fail(node, GE_STATUS_PARAM_INVALID, "scan output %zu: size overflows", which);
    if (need > s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        while (cap < need)
            cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        char *p = ge_realloc(s->data, cap);
        if (!p)
            return op_fail(node, GE_STATUS_MEMALLOC_FAILED,
                           "scan output %zu: out of memory growing to %zu bytes", which, cap);
        s->data = p;
        s->cap = cap;
    }
    if (s->dtype == GE_DTYPE_STRING)
        memset(s->data + s->count * s->elem_n * es, 0, s->elem_n * es);
    ge_status st = copy_elems(node, s->data, s->count * s->elem_n, t->data, 0, s->elem_n, s->dtype, true);
    if (st == GE_STATUS_SUCCESS)
        s->count++;
    return st;
}

static void stack_free(stack_buf *s)
{
    if (s->data && s->dtype == GE_DTYPE_STRING) {
        char **p = (char **)s->data;
        for (size_t i = 0; i < s->count * s->elem_n; i++)
            ge_free(p[i]);
    }
    ge_free(s->data);
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- Loop */

static ge_status loop_infer(op_infer_ctx *ctx)
{
    size_t n_in = ctx->n_inputs, n_out = ctx->n_outputs;
    size_t nc = n_in > 2 ? n_in - 2 : 0; /* loop-carried values */
    ge_status st;
    bool has_m = n_in > 0 && ctx->inputs[0].present, has_cond = n_in > 1 && ctx->inputs[1].present;
    if (has_m && (st = check_scalar_input(ctx, 0, "M", GE_DTYPE_INT64)) != GE_STATUS_SUCCESS)
        return st;
    if (has_cond && (st = check_scalar_input(ctx, 1, "cond", GE_DTYPE_BOOL)) != GE_STATUS_SUCCESS)
        return st;
    for (size_t j = 0; j < nc; j++)
        if (!ctx->inputs[2 + j].present)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input %zu (loop-carried value %zu) is absent; v_initial values are required",
                           2 + j, j);
    const ir_graph *body = graph_attr(&ctx->node, "body", &st);
    if (!body)
        return st;
    if (n_out < nc)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "the node has %zu outputs but %zu loop-carried values (each needs a final-value "
                       "output)",
                       n_out, nc);
    size_t ns = n_out - nc; /* scan outputs */
    if (body->n_inputs != 2 + nc)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "body '%s' has %zu inputs; expected %zu (iteration_num, condition and %zu "
                       "loop-carried values)",
                       graph_name(body), body->n_inputs, 2 + nc, nc);
    if (body->n_outputs != 1 + nc + ns)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "body '%s' has %zu outputs; expected %zu (condition, %zu loop-carried values "
                       "and %zu scan outputs, from the node's %zu outputs)",
                       graph_name(body), body->n_outputs, 1 + nc + ns, nc, ns, n_out);
    const ir_value *it = body->inputs[0], *bc = body->inputs[1], *oc = body_output(body, 0);
    if (dtype_known(it->dtype) && it->dtype != GE_DTYPE_INT64)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "body input 0 '%s' (iteration_num) has dtype %s; expected int64", it->name,
                       ge_dtype_name(it->dtype));
    if (dtype_known(bc->dtype) && bc->dtype != GE_DTYPE_BOOL)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "body input 1 '%s' (condition) has dtype %s; expected bool", bc->name,
                       ge_dtype_name(bc->dtype));
    if (dtype_known(oc->dtype) && oc->dtype != GE_DTYPE_BOOL)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "body output 0 '%s' (condition) has dtype %s; expected bool", oc->name,
                       ge_dtype_name(oc->dtype));
    for (size_t j = 0; j < nc; j++) {
        const op_value *v = &ctx->inputs[2 + j];
        const ir_value *bi = body->inputs[2 + j], *bo = body_output(body, 1 + j);
        if (dtype_known(v->dtype) && !(CF_DTYPES & GE_DT(v->dtype)))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has unsupported dtype %s",
                           2 + j, ge_dtype_name(v->dtype));
        if (dtype_known(v->dtype) && dtype_known(bi->dtype) && v->dtype != bi->dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "loop-carried value %zu: input %zu is %s but body input %zu '%s' is %s", j,
                           2 + j, ge_dtype_name(v->dtype), 2 + j, bi->name, ge_dtype_name(bi->dtype));
        if (dtype_known(v->dtype) && dtype_known(bo->dtype) && v->dtype != bo->dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "loop-carried value %zu: input %zu is %s but body output %zu '%s' is %s", j,
                           2 + j, ge_dtype_name(v->dtype), 1 + j, bo->name, ge_dtype_name(bo->dtype));
        ctx->outputs[j].dtype = dtype_known(v->dtype) ? v->dtype : bo->dtype;
        ctx->outputs[j].shape = merge_shapes(&v->shape, &bo->shape);
    }
    /* Trip count when known: M given (known) and no cond (the body's condition is then
     * ignored), or a known false cond, or a known M <= 0. */
    int64_t trips = -1, m = 0, c = 1;
    bool m_known = has_m && known_scalar(&ctx->inputs[0], &m);
    bool c_known = has_cond && known_scalar(&ctx->inputs[1], &c);
    if ((m_known && m <= 0) || (c_known && !c))
        trips = 0;
    else if (m_known && !has_cond)
        trips = m;
    for (size_t k = 0; k < ns; k++) {
        const ir_value *bo = body_output(body, 1 + nc + k);
        if (dtype_known(bo->dtype) && !(CF_DTYPES & GE_DT(bo->dtype)))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan output %zu (body output %zu '%s') has unsupported dtype %s", k,
                           1 + nc + k, bo->name, ge_dtype_name(bo->dtype));
        ctx->outputs[nc + k].dtype = bo->dtype;
        if (!insert_dim(&bo->shape, 0, trips, &ctx->outputs[nc + k].shape))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan output %zu: body output rank %d leaves no room for the stacking axis "
                           "(max rank %d)",
                           k, (int)bo->shape.rank, IR_MAX_RANK);
    }
    return GE_STATUS_SUCCESS;
}

/* A one-element tensor shaped like body input `v` declares it ([] or [1,...]). */
static ir_shape one_elem_shape(const ir_value *v)
{
    ir_shape s = ir_shape_scalar();
    if (ir_shape_rank_known(&v->shape)) {
        s.rank = v->shape.rank;
        for (int32_t d = 0; d < s.rank; d++)
            s.dims[d] = 1;
    }
    return s;
}

static ge_status loop_kernel(op_kernel_ctx *ctx)
{
    ge_status st = need_executor(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_graph *body = graph_attr(&ctx->node, "body", &st);
    if (!body)
        return st;
    size_t n_in = ctx->n_inputs, n_out = ctx->n_outputs;
    size_t nc = n_in > 2 ? n_in - 2 : 0;
    if (n_out < nc)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "the node has %zu outputs but %zu loop-carried values", n_out, nc);
    size_t ns = n_out - nc;
    bool has_m = n_in > 0 && ir_tensor_present(&ctx->inputs[0]);
    bool has_cond = n_in > 1 && ir_tensor_present(&ctx->inputs[1]);
    int64_t m = 0, c = 1;
    if (has_m && (st = kernel_scalar(ctx, 0, "M", GE_DTYPE_INT64, &m)) != GE_STATUS_SUCCESS)
        return st;
    if (has_cond && (st = kernel_scalar(ctx, 1, "cond", GE_DTYPE_BOOL, &c)) != GE_STATUS_SUCCESS)
        return st;
    if (!has_m && !has_cond)
        return op_fail(&ctx->node, GE_STATUS_GRAPH_UNSUPPORTED,
                       "neither M nor cond is given: the loop would never end");
    if (body->n_inputs != 2 + nc || body->n_outputs != 1 + nc + ns)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "body '%s' does not match the node's arity",
                       graph_name(body));

    ir_tensor *feed = ge_calloc(2 + nc, sizeof *feed);
    ir_tensor *carried = ge_calloc(nc + 1, sizeof *carried);
    bool *owned = ge_calloc(nc + 1, sizeof *owned);
    ir_tensor *res = ge_calloc(1 + nc + ns, sizeof *res);
    stack_buf *stacks = ge_calloc(ns + 1, sizeof *stacks);
    int64_t iter_val = 0;
    uint8_t cond_val = 1;
    if (!feed || !carried || !owned || !res || !stacks) {
        st = op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the loop state");
        goto done;
    }
    for (size_t j = 0; j < nc; j++)
        carried[j] = ctx->inputs[2 + j];
    feed[0] = (ir_tensor){.dtype = GE_DTYPE_INT64, .shape = one_elem_shape(body->inputs[0]),
                          .data = &iter_val, .bytes = sizeof iter_val};
    feed[1] = (ir_tensor){.dtype = GE_DTYPE_BOOL, .shape = one_elem_shape(body->inputs[1]),
                          .data = &cond_val, .bytes = sizeof cond_val};

    for (int64_t i = 0; (!has_m || i < m) && (!has_cond || c); i++) {
        iter_val = i;
        cond_val = 1;
        for (size_t j = 0; j < nc; j++)
            feed[2 + j] = carried[j];
        st = ctx->run_subgraph(ctx, body, 2 + nc, feed, 1 + nc + ns, res);
        if (st != GE_STATUS_SUCCESS)
            goto done;
        if (has_cond) {
            if (res[0].dtype != GE_DTYPE_BOOL || ir_tensor_numel(&res[0]) != 1) {
                char a[128];
                st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                             "iteration %lld: body output 0 (condition) is %s %s; expected one bool",
                             (long long)i, ge_dtype_name(res[0].dtype),
                             fmt_shape(&res[0].shape, a, sizeof a));
                goto done;
            }
            c = op_load_i64(res[0].data, GE_DTYPE_BOOL, 0);
        }
        ir_tensor_free_data(&res[0]);
        for (size_t j = 0; j < nc; j++) {
            if (owned[j])
                ir_tensor_free_data(&carried[j]);
            carried[j] = res[1 + j];
            owned[j] = true;
            memset(&res[1 + j], 0, sizeof res[1 + j]);
        }
        for (size_t k = 0; k < ns; k++) {
            st = stack_push(&ctx->node, &stacks[k], k, &res[1 + nc + k]);
            ir_tensor_free_data(&res[1 + nc + k]);
            if (st != GE_STATUS_SUCCESS)
                goto done;
        }
    }
    for (size_t j = 0; j < nc && st == GE_STATUS_SUCCESS; j++)
        st = put_output(ctx, j, &carried[j], owned[j]);
    for (size_t k = 0; k < ns && st == GE_STATUS_SUCCESS; k++) {
        stack_buf *s = &stacks[k];
        ir_tensor *y = &ctx->outputs[nc + k];
        ir_shape elem = s->count ? s->elem : ir_shape_unknown(), full;
        ge_dtype dt = s->count ? s->dtype : y->dtype;
        if (!s->count) {
            /* No iteration ran: the element shape is what inference knows (unknown dims 0). */
            if (ir_shape_rank_known(&y->shape) && y->shape.rank >= 1) {
                elem = remove_dim(&y->shape, 0);
                elem = hint_static(&elem);
            } else {
                elem = ir_shape_scalar();
            }
        }
        if (!insert_dim(&elem, 0, (int64_t)s->count, &full)) {
            st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "scan output %zu: rank too large", k);
            break;
        }
        if ((st = out_ready(ctx, nc + k, dt, &full)) != GE_STATUS_SUCCESS)
            break;
        if (s->count) {
            if (s->elem_n)
                memcpy(y->data, s->data, s->count * s->elem_n * ge_dtype_size(dt));
            s->count = 0; /* strings moved to the output */
        }
    }
done:
    if (carried && owned)
        for (size_t j = 0; j < nc; j++)
            if (owned[j])
                ir_tensor_free_data(&carried[j]);
    if (res)
        free_tensors(res, 1 + nc + ns);
    if (stacks)
        for (size_t k = 0; k < ns; k++)
            stack_free(&stacks[k]);
    ge_free(feed);
    ge_free(carried);
    ge_free(owned);
    ge_free(res);
    ge_free(stacks);
    return st;
}

static const op_attr_def loop_attrs[] = {
    {"body", IR_ATTR_GRAPH, true, 0, 0, NULL},
    OP_ATTRS_END,
};

/* ---------------------------------------------------------------- Scan */

typedef struct scan_spec {
    size_t ns, nin, nout;     /* state variables, scan inputs, scan outputs */
    const int32_t *in_axes;   /* normalised, per scan input */
    const uint8_t *in_rev;    /* per scan input */
    const int64_t *out_axes;  /* as given (normalised per element rank), per scan output; NULL: 0 */
    const uint8_t *out_rev;   /* per scan output; NULL: forward */
    const ir_shape *out_hint; /* per scan output: shape for an empty scan (unknown dims: 0) */
} scan_spec;

static size_t elem_bytes(ge_dtype dt, int64_t n)
{
    return (size_t)n * ge_dtype_size(dt);
}

/* Runs the body over `len` iterations: states (ns views) and scan inputs (nin views whose
 * axis holds at least len entries). results: ns + nout tensors owned by the caller (final
 * states, then scan outputs with len entries along their axis). */
static ge_status scan_core(op_kernel_ctx *ctx, const ir_graph *body, const scan_spec *sp,
                           const ir_tensor *states, const ir_tensor *scans, int64_t len,
                           ir_tensor *results)
{
    size_t ns = sp->ns, nin = sp->nin, nout = sp->nout;
    ge_status st = GE_STATUS_SUCCESS;
    char a[128], b[128];
    memset(results, 0, sizeof *results * (ns + nout));
    ir_tensor *feed = ge_calloc(ns + nin + 1, sizeof *feed);
    ir_tensor *slices = ge_calloc(nin + 1, sizeof *slices);
    ir_tensor *carried = ge_calloc(ns + 1, sizeof *carried);
    bool *owned = ge_calloc(ns + 1, sizeof *owned);
    ir_tensor *res = ge_calloc(ns + nout + 1, sizeof *res);
    int32_t *oax = ge_calloc(nout + 1, sizeof *oax);
    if (!feed || !slices || !carried || !owned || !res || !oax) {
        st = op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the scan state");
        goto done;
    }
    for (size_t j = 0; j < ns; j++)
        carried[j] = states[j];
    for (size_t m = 0; m < nin && len > 0; m++) {
        ir_shape s = remove_dim(&scans[m].shape, sp->in_axes[m]);
        if ((st = ir_tensor_alloc(&slices[m], scans[m].dtype, &s)) != GE_STATUS_SUCCESS) {
            ge_error_prefix("%s node '%s': scan input %zu slice: ", ctx->node.schema->type,
                            ctx->node.name, m);
            goto done;
        }
    }
    for (int64_t t = 0; t < len; t++) {
        for (size_t m = 0; m < nin; m++) {
            const ir_tensor *x = &scans[m];
            int32_t ax = sp->in_axes[m];
            int64_t idx = sp->in_rev[m] ? len - 1 - t : t;
            int64_t outer = prod_dims(&x->shape, 0, ax), n_ax = x->shape.dims[ax];
            size_t chunk = elem_bytes(x->dtype, prod_dims(&x->shape, ax + 1, x->shape.rank));
            for (int64_t o = 0; chunk && o < outer; o++) /* raw copy: strings stay borrowed */
                memcpy((char *)slices[m].data + (size_t)o * chunk,
                       (const char *)x->data + (size_t)(o * n_ax + idx) * chunk, chunk);
            feed[ns + m] = slices[m];
        }
        for (size_t j = 0; j < ns; j++)
            feed[j] = carried[j];
        if ((st = ctx->run_subgraph(ctx, body, ns + nin, feed, ns + nout, res)) != GE_STATUS_SUCCESS)
            goto done;
        for (size_t j = 0; j < ns; j++) {
            if (owned[j])
                ir_tensor_free_data(&carried[j]);
            carried[j] = res[j];
            owned[j] = true;
            memset(&res[j], 0, sizeof res[j]);
        }
        for (size_t k = 0; k < nout; k++) {
            ir_tensor *e = &res[ns + k], *y = &results[ns + k];
            if (t == 0) {
                int64_t want = sp->out_axes ? sp->out_axes[k] : 0;
                ir_shape full;
                if (!ir_axis_normalize(want, e->shape.rank + 1, &oax[k])) {
                    st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                                 "scan_output_axes[%zu] = %lld is out of range for scan output %zu of "
                                 "rank %d",
                                 k, (long long)want, k, (int)e->shape.rank + 1);
                    goto done;
                }
                if (!insert_dim(&e->shape, oax[k], len, &full)) {
                    st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                                 "scan output %zu: rank too large", k);
                    goto done;
                }
                if ((st = ir_tensor_alloc(y, e->dtype, &full)) != GE_STATUS_SUCCESS) {
                    ge_error_prefix("%s node '%s': scan output %zu: ", ctx->node.schema->type,
                                    ctx->node.name, k);
                    goto done;
                }
            } else {
                ir_shape prev = remove_dim(&y->shape, oax[k]);
                if (e->dtype != y->dtype || !ir_shape_equal(&prev, &e->shape)) {
                    st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                                 "scan output %zu: iteration %lld produced %s %s, earlier iterations "
                                 "%s %s (every iteration must give the same shape)",
                                 k, (long long)t, ge_dtype_name(e->dtype),
                                 fmt_shape(&e->shape, a, sizeof a), ge_dtype_name(y->dtype),
                                 fmt_shape(&prev, b, sizeof b));
                    goto done;
                }
            }
            int64_t pos = sp->out_rev && sp->out_rev[k] ? len - 1 - t : t;
            int64_t outer = prod_dims(&e->shape, 0, oax[k]);
            int64_t inner = prod_dims(&e->shape, oax[k], e->shape.rank);
            for (int64_t o = 0; o < outer && st == GE_STATUS_SUCCESS; o++)
                st = copy_elems(&ctx->node, y->data, (size_t)((o * len + pos) * inner), e->data,
                                (size_t)(o * inner), (size_t)inner, e->dtype, true);
            ir_tensor_free_data(e);
            if (st != GE_STATUS_SUCCESS)
                goto done;
        }
    }
    for (size_t k = 0; k < nout && len == 0; k++) {
        ir_shape s = hint_static(&sp->out_hint[k]);
        if (!ir_shape_rank_known(&sp->out_hint[k]))
            ir_shape_make(&s, 1, (int64_t[]){0});
        if ((st = ir_tensor_alloc(&results[ns + k], ge_dtype_size(ctx->outputs[ns + k].dtype)
                                                        ? ctx->outputs[ns + k].dtype
                                                        : GE_DTYPE_FLOAT32,
                                  &s)) != GE_STATUS_SUCCESS)
            goto done;
    }
    for (size_t j = 0; j < ns; j++) {
        if (owned[j]) {
            results[j] = carried[j];
            owned[j] = false;
        } else if ((st = ir_tensor_clone(&results[j], &states[j])) != GE_STATUS_SUCCESS) {
            goto done;
        }
    }
done:
    if (st != GE_STATUS_SUCCESS)
        free_tensors(results, ns + nout);
    if (carried && owned)
        for (size_t j = 0; j < ns; j++)
            if (owned[j])
                ir_tensor_free_data(&carried[j]);
    if (slices)
        for (size_t m = 0; m < nin; m++) {
            if (slices[m].dtype == GE_DTYPE_STRING && slices[m].data)
                memset(slices[m].data, 0, slices[m].bytes); /* borrowed pointers */
            ir_tensor_free_data(&slices[m]);
        }
    if (res)
        free_tensors(res, ns + nout);
    ge_free(feed);
    ge_free(slices);
    ge_free(carried);
    ge_free(owned);
    ge_free(res);
    ge_free(oax);
    return st;
}

/* Reads a per-entry list attribute (count 0 = defaults 0) checking its length. */
static ge_status scan_list(const op_node_info *node, const char *name, size_t want, const int64_t **out)
{
    size_t n = op_attr_ints(node, name, out);
    if (n && n != want)
        return op_fail(node, GE_STATUS_PARAM_INVALID, "attribute '%s' has %zu entries; expected %zu",
                       name, n, want);
    for (size_t i = 0; i < n && strstr(name, "direction"); i++)
        if ((*out)[i] != 0 && (*out)[i] != 1)
            return op_fail(node, GE_STATUS_PARAM_INVALID,
                           "attribute '%s'[%zu] = %lld; expected 0 (forward) or 1 (reverse)", name, i,
                           (long long)(*out)[i]);
    return GE_STATUS_SUCCESS;
}

/* Common arity checks; sets *n_state (N), *n_scan (M), *n_sout (K). `first` is the index of
 * the first state/scan input (1 for Scan-8's sequence_lens, else 0). */
static ge_status scan_arity(const op_node_info *node, const ir_graph *body, size_t n_in, size_t n_out,
                            size_t first, size_t *n_state, size_t *n_scan, size_t *n_sout)
{
    int64_t m = op_attr_int(node, "num_scan_inputs");
    size_t avail = n_in > first ? n_in - first : 0;
    if (m < 1 || (uint64_t)m > avail)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "attribute 'num_scan_inputs' = %lld; expected 1..%zu (the node has %zu state and "
                       "scan inputs)",
                       (long long)m, avail, avail);
    size_t ns = avail - (size_t)m;
    if (n_out < ns)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "the node has %zu outputs but %zu state variables (each needs a final-state "
                       "output)",
                       n_out, ns);
    size_t k = n_out - ns;
    if (body->n_inputs != ns + (size_t)m)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "body '%s' has %zu inputs; expected %zu (%zu state variables and %lld scan "
                       "inputs)",
                       graph_name(body), body->n_inputs, ns + (size_t)m, ns, (long long)m);
    if (body->n_outputs != ns + k)
        return op_fail(node, GE_STATUS_PARAM_INVALID,
                       "body '%s' has %zu outputs; expected %zu (%zu state variables and %zu scan "
                       "outputs, from the node's %zu outputs)",
                       graph_name(body), body->n_outputs, ns + k, ns, k, n_out);
    *n_state = ns;
    *n_scan = (size_t)m;
    *n_sout = k;
    return GE_STATUS_SUCCESS;
}

/* dtype agreement of input `i` with body input `bi` and (for states) body output `bo`. */
static ge_status scan_check_dtypes(const op_infer_ctx *ctx, const ir_graph *body, size_t i, size_t bi,
                                   const char *what, size_t which, long bo)
{
    const op_value *v = &ctx->inputs[i];
    if (!v->present)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu (%s %zu) is absent", i, what,
                       which);
    if (dtype_known(v->dtype) && !(CF_DTYPES & GE_DT(v->dtype)))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "input %zu has unsupported dtype %s", i,
                       ge_dtype_name(v->dtype));
    const ir_value *b = body->inputs[bi];
    if (dtype_known(v->dtype) && dtype_known(b->dtype) && v->dtype != b->dtype)
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "%s %zu: input %zu is %s but body input %zu "
                       "'%s' is %s",
                       what, which, i, ge_dtype_name(v->dtype), bi, b->name, ge_dtype_name(b->dtype));
    if (bo >= 0) {
        const ir_value *o = body_output(body, (size_t)bo);
        if (dtype_known(v->dtype) && dtype_known(o->dtype) && v->dtype != o->dtype)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "%s %zu: input %zu is %s but body output %ld '%s' is %s", what, which, i,
                           ge_dtype_name(v->dtype), bo, o->name, ge_dtype_name(o->dtype));
    }
    return GE_STATUS_SUCCESS;
}

static ge_status scan9_infer(op_infer_ctx *ctx)
{
    ge_status st;
    const ir_graph *body = graph_attr(&ctx->node, "body", &st);
    if (!body)
        return st;
    size_t ns, nm, nk;
    if ((st = scan_arity(&ctx->node, body, ctx->n_inputs, ctx->n_outputs, 0, &ns, &nm, &nk)) !=
        GE_STATUS_SUCCESS)
        return st;
    const int64_t *iax, *idir, *oax, *odir;
    if ((st = scan_list(&ctx->node, "scan_input_axes", nm, &iax)) != GE_STATUS_SUCCESS ||
        (st = scan_list(&ctx->node, "scan_input_directions", nm, &idir)) != GE_STATUS_SUCCESS ||
        (st = scan_list(&ctx->node, "scan_output_axes", nk, &oax)) != GE_STATUS_SUCCESS ||
        (st = scan_list(&ctx->node, "scan_output_directions", nk, &odir)) != GE_STATUS_SUCCESS)
        return st;
    bool neg_ok = ctx->node.opset >= 11;
    for (size_t j = 0; j < ns; j++)
        if ((st = scan_check_dtypes(ctx, body, j, j, "state variable", j, (long)j)) != GE_STATUS_SUCCESS)
            return st;
    int64_t seq = -1;
    size_t seq_from = 0;
    for (size_t m = 0; m < nm; m++) {
        size_t i = ns + m;
        if ((st = scan_check_dtypes(ctx, body, i, i, "scan input", m, -1)) != GE_STATUS_SUCCESS)
            return st;
        const ir_shape *s = &ctx->inputs[i].shape;
        int64_t want = iax ? iax[m] : 0;
        if (want < 0 && !neg_ok)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan_input_axes[%zu] = %lld: negative axes need opset 11 (node opset %d)", m,
                           (long long)want, ctx->node.opset);
        if (!ir_shape_rank_known(s))
            continue;
        int32_t ax;
        if (!ir_axis_normalize(want, s->rank, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan_input_axes[%zu] = %lld is out of range for input %zu of rank %d", m,
                           (long long)want, i, (int)s->rank);
        const ir_value *b = body->inputs[i];
        if (ir_shape_rank_known(&b->shape) && b->shape.rank != s->rank - 1)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan input %zu: input %zu has rank %d, so body input %zu '%s' must have rank "
                           "%d; found %d",
                           m, i, (int)s->rank, i, b->name, (int)s->rank - 1, (int)b->shape.rank);
        int64_t l = s->dims[ax];
        if (l < 0)
            continue;
        if (seq >= 0 && l != seq)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan inputs disagree on the sequence length: input %zu has %lld, input %zu "
                           "has %lld (along their scan axes)",
                           seq_from, (long long)seq, i, (long long)l);
        seq = l;
        seq_from = i;
    }
    for (size_t j = 0; j < ns; j++) {
        const ir_value *bo = body_output(body, j);
        ctx->outputs[j].dtype = ctx->inputs[j].dtype;
        ctx->outputs[j].shape = seq > 0 ? bo->shape : seq == 0 ? ctx->inputs[j].shape
                                                               : merge_shapes(&ctx->inputs[j].shape,
                                                                              &bo->shape);
    }
    for (size_t k = 0; k < nk; k++) {
        const ir_value *bo = body_output(body, ns + k);
        int64_t want = oax ? oax[k] : 0;
        if (want < 0 && !neg_ok)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan_output_axes[%zu] = %lld: negative axes need opset 11 (node opset %d)",
                           k, (long long)want, ctx->node.opset);
        if (dtype_known(bo->dtype) && !(CF_DTYPES & GE_DT(bo->dtype)))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan output %zu (body output %zu '%s') has unsupported dtype %s", k, ns + k,
                           bo->name, ge_dtype_name(bo->dtype));
        ctx->outputs[ns + k].dtype = bo->dtype;
        ctx->outputs[ns + k].shape = ir_shape_unknown();
        if (!ir_shape_rank_known(&bo->shape))
            continue;
        int32_t ax;
        if (!ir_axis_normalize(want, bo->shape.rank + 1, &ax))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan_output_axes[%zu] = %lld is out of range for scan output %zu of rank %d",
                           k, (long long)want, k, (int)bo->shape.rank + 1);
        if (!insert_dim(&bo->shape, ax, seq, &ctx->outputs[ns + k].shape))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "scan output %zu: body output rank %d leaves no room for the scan axis", k,
                           (int)bo->shape.rank);
    }
    return GE_STATUS_SUCCESS;
}

typedef struct scan_arrays {
    int32_t *in_axes;
    uint8_t *in_rev, *out_rev;
    ir_shape *hint;
    ir_tensor *results;
    ir_tensor *views;
} scan_arrays;

static void scan_arrays_free(scan_arrays *a, size_t n_results)
{
    if (a->results)
        free_tensors(a->results, n_results);
    ge_free(a->in_axes);
    ge_free(a->in_rev);
    ge_free(a->out_rev);
    ge_free(a->hint);
    ge_free(a->results);
    ge_free(a->views);
}

static ge_status scan_arrays_alloc(const op_node_info *node, scan_arrays *a, size_t nm, size_t ns,
                                   size_t nk)
{
    memset(a, 0, sizeof *a);
    a->in_axes = ge_calloc(nm + 1, sizeof *a->in_axes);
    a->in_rev = ge_calloc(nm + 1, 1);
    a->out_rev = ge_calloc(nk + 1, 1);
    a->hint = ge_calloc(nk + 1, sizeof *a->hint);
    a->results = ge_calloc(ns + nk + 1, sizeof *a->results);
    a->views = ge_calloc(ns + nm + 1, sizeof *a->views);
    if (!a->in_axes || !a->in_rev || !a->out_rev || !a->hint || !a->results || !a->views) {
        scan_arrays_free(a, 0);
        return op_fail(node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the scan");
    }
    return GE_STATUS_SUCCESS;
}

static ge_status scan9_kernel(op_kernel_ctx *ctx)
{
    ge_status st = need_executor(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_graph *body = graph_attr(&ctx->node, "body", &st);
    if (!body)
        return st;
    size_t ns, nm, nk;
    if ((st = scan_arity(&ctx->node, body, ctx->n_inputs, ctx->n_outputs, 0, &ns, &nm, &nk)) !=
        GE_STATUS_SUCCESS)
        return st;
    const int64_t *iax, *idir, *oax, *odir;
    if ((st = scan_list(&ctx->node, "scan_input_axes", nm, &iax)) != GE_STATUS_SUCCESS ||
        (st = scan_list(&ctx->node, "scan_input_directions", nm, &idir)) != GE_STATUS_SUCCESS ||
        (st = scan_list(&ctx->node, "scan_output_axes", nk, &oax)) != GE_STATUS_SUCCESS ||
        (st = scan_list(&ctx->node, "scan_output_directions", nk, &odir)) != GE_STATUS_SUCCESS)
        return st;
    scan_arrays a;
    if ((st = scan_arrays_alloc(&ctx->node, &a, nm, ns, nk)) != GE_STATUS_SUCCESS)
        return st;
    int64_t seq = -1;
    for (size_t m = 0; m < nm; m++) {
        const ir_tensor *x = &ctx->inputs[ns + m];
        int64_t want = iax ? iax[m] : 0;
        if (!ir_axis_normalize(want, x->shape.rank, &a.in_axes[m])) {
            st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                         "scan_input_axes[%zu] = %lld is out of range for input %zu of rank %d", m,
                         (long long)want, ns + m, (int)x->shape.rank);
            goto done;
        }
        int64_t l = x->shape.dims[a.in_axes[m]];
        if (seq >= 0 && l != seq) {
            st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                         "scan inputs disagree on the sequence length: %lld and %lld (input %zu)",
                         (long long)seq, (long long)l, ns + m);
            goto done;
        }
        seq = l;
        a.in_rev[m] = idir ? (uint8_t)idir[m] : 0;
    }
    for (size_t k = 0; k < nk; k++) {
        a.out_rev[k] = odir ? (uint8_t)odir[k] : 0;
        a.hint[k] = ctx->outputs[ns + k].shape;
    }
    scan_spec sp = {.ns = ns, .nin = nm, .nout = nk, .in_axes = a.in_axes, .in_rev = a.in_rev,
                    .out_axes = oax, .out_rev = a.out_rev, .out_hint = a.hint};
    if ((st = scan_core(ctx, body, &sp, ctx->inputs, ctx->inputs + ns, seq, a.results)) !=
        GE_STATUS_SUCCESS)
        goto done;
    for (size_t i = 0; i < ns + nk && st == GE_STATUS_SUCCESS; i++)
        st = put_output(ctx, i, &a.results[i], true);
done:
    scan_arrays_free(&a, ns + nk);
    return st;
}

/* Scan-8: sequence_lens?, then state and scan inputs with a leading batch axis. */
static ge_status scan8_infer(op_infer_ctx *ctx)
{
    ge_status st;
    const ir_graph *body = graph_attr(&ctx->node, "body", &st);
    if (!body)
        return st;
    size_t ns, nm, nk;
    if ((st = scan_arity(&ctx->node, body, ctx->n_inputs, ctx->n_outputs, 1, &ns, &nm, &nk)) !=
        GE_STATUS_SUCCESS)
        return st;
    const int64_t *dirs;
    if ((st = scan_list(&ctx->node, "directions", nm, &dirs)) != GE_STATUS_SUCCESS)
        return st;
    char a[128];
    const op_value *sl = &ctx->inputs[0];
    int64_t batch = -1, seq = -1;
    if (sl->present) {
        if (dtype_known(sl->dtype) && sl->dtype != GE_DTYPE_INT64)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input 0 'sequence_lens' has dtype %s; expected int64",
                           ge_dtype_name(sl->dtype));
        if (ir_shape_rank_known(&sl->shape) && sl->shape.rank != 1)
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input 0 'sequence_lens' must be 1-D [batch]; found shape %s",
                           fmt_shape(&sl->shape, a, sizeof a));
        if (ir_shape_rank_known(&sl->shape))
            batch = sl->shape.dims[0];
    }
    for (size_t i = 1; i < ctx->n_inputs; i++) {
        bool is_scan = i >= 1 + ns;
        size_t which = is_scan ? i - 1 - ns : i - 1;
        if ((st = scan_check_dtypes(ctx, body, i, i - 1, is_scan ? "scan input" : "state variable",
                                    which, is_scan ? -1 : (long)(i - 1))) != GE_STATUS_SUCCESS)
            return st;
        const ir_shape *s = &ctx->inputs[i].shape;
        if (!ir_shape_rank_known(s))
            continue;
        if (s->rank < (is_scan ? 2 : 1))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input %zu has shape %s; expected [batch%s, ...]", i,
                           fmt_shape(s, a, sizeof a), is_scan ? ", sequence" : "");
        if (s->dims[0] >= 0) {
            if (batch >= 0 && s->dims[0] != batch)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "input %zu has batch size %lld; other inputs have %lld", i,
                               (long long)s->dims[0], (long long)batch);
            batch = s->dims[0];
        }
        if (is_scan && s->dims[1] >= 0) {
            if (seq >= 0 && s->dims[1] != seq)
                return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                               "input %zu has sequence length %lld; other scan inputs have %lld", i,
                               (long long)s->dims[1], (long long)seq);
            seq = s->dims[1];
        }
    }
    for (size_t j = 0; j < ns; j++) {
        const ir_value *bo = body_output(body, j);
        ir_shape full;
        if (!insert_dim(&bo->shape, 0, batch, &full))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "state %zu: rank too large", j);
        ctx->outputs[j].dtype = ctx->inputs[1 + j].dtype;
        ctx->outputs[j].shape = merge_shapes(&ctx->inputs[1 + j].shape, &full);
    }
    for (size_t k = 0; k < nk; k++) {
        const ir_value *bo = body_output(body, ns + k);
        ir_shape one, full;
        if (!insert_dim(&bo->shape, 0, seq, &one) || !insert_dim(&one, 0, batch, &full))
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "scan output %zu: rank too large", k);
        ctx->outputs[ns + k].dtype = bo->dtype;
        ctx->outputs[ns + k].shape = full;
    }
    return GE_STATUS_SUCCESS;
}

/* A view of batch item b of t (leading axis removed). */
static ir_tensor batch_view(const ir_tensor *t, int64_t b)
{
    ir_tensor v = {.dtype = t->dtype, .shape = remove_dim(&t->shape, 0)};
    int64_t n = ir_shape_numel(&v.shape);
    v.bytes = elem_bytes(t->dtype, n);
    v.data = t->data && v.bytes ? (char *)t->data + (size_t)b * v.bytes : t->data;
    return v;
}

/* Readies outputs[i] for [batch] (+ [seq]) + elem, zero-filled (numeric dtypes). */
static ge_status scan8_out_ready(op_kernel_ctx *ctx, size_t i, ge_dtype dt, int64_t batch, int64_t seq,
                                 const ir_shape *elem)
{
    ir_shape one = *elem, full;
    if ((seq >= 0 && !insert_dim(elem, 0, seq, &one)) || !insert_dim(&one, 0, batch, &full))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID, "output %zu: rank too large", i);
    ge_status st = out_ready(ctx, i, dt, &full);
    if (st == GE_STATUS_SUCCESS && dt != GE_DTYPE_STRING && ctx->outputs[i].bytes)
        memset(ctx->outputs[i].data, 0, ctx->outputs[i].bytes);
    return st;
}

static ge_status scan8_kernel(op_kernel_ctx *ctx)
{
    ge_status st = need_executor(ctx);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const ir_graph *body = graph_attr(&ctx->node, "body", &st);
    if (!body)
        return st;
    size_t ns, nm, nk;
    if ((st = scan_arity(&ctx->node, body, ctx->n_inputs, ctx->n_outputs, 1, &ns, &nm, &nk)) !=
        GE_STATUS_SUCCESS)
        return st;
    const int64_t *dirs;
    if ((st = scan_list(&ctx->node, "directions", nm, &dirs)) != GE_STATUS_SUCCESS)
        return st;
    const ir_tensor *in = ctx->inputs + 1, *sl = &ctx->inputs[0];
    int64_t batch = in[0].shape.rank >= 1 ? in[0].shape.dims[0] : -1;
    int64_t seq = in[ns].shape.rank >= 2 ? in[ns].shape.dims[1] : -1;
    for (size_t i = 0; i < ns + nm; i++) {
        bool is_scan = i >= ns;
        if (in[i].shape.rank < (is_scan ? 2 : 1) || in[i].shape.dims[0] != batch ||
            (is_scan && in[i].shape.dims[1] != seq)) {
            char a[128];
            return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                           "input %zu has shape %s; expected [%lld%s, ...]", i + 1,
                           fmt_shape(&in[i].shape, a, sizeof a), (long long)batch,
                           is_scan ? ", sequence" : "");
        }
    }
    bool has_sl = ir_tensor_present(sl);
    if (has_sl && (sl->dtype != GE_DTYPE_INT64 || sl->shape.rank != 1 || sl->shape.dims[0] != batch))
        return op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                       "input 0 'sequence_lens' must be int64 [%lld]", (long long)batch);
    scan_arrays a;
    if ((st = scan_arrays_alloc(&ctx->node, &a, nm, ns, nk)) != GE_STATUS_SUCCESS)
        return st;
    bool *ready = ge_calloc(ns + nk + 1, sizeof *ready);
    if (!ready) {
        st = op_fail(&ctx->node, GE_STATUS_MEMALLOC_FAILED, "out of memory for the scan");
        goto done;
    }
    for (size_t m = 0; m < nm; m++) {
        a.in_axes[m] = 0;
        a.in_rev[m] = dirs ? (uint8_t)dirs[m] : 0;
    }
    for (size_t k = 0; k < nk; k++) {
        const ir_shape *h = &ctx->outputs[ns + k].shape; /* [batch, seq, elem...] */
        a.hint[k] = ir_shape_rank_known(h) && h->rank >= 2 ? remove_dim(h, 0) : ir_shape_unknown();
    }
    scan_spec sp = {.ns = ns, .nin = nm, .nout = nk, .in_axes = a.in_axes, .in_rev = a.in_rev,
                    .out_axes = NULL, .out_rev = NULL, .out_hint = a.hint};
    for (int64_t b = 0; b < batch; b++) {
        int64_t len = has_sl ? ((const int64_t *)sl->data)[b] : seq;
        if (len < 0 || len > seq) {
            st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                         "sequence_lens[%lld] = %lld is outside 0..%lld", (long long)b, (long long)len,
                         (long long)seq);
            goto done;
        }
        for (size_t i = 0; i < ns + nm; i++)
            a.views[i] = batch_view(&in[i], b);
        if ((st = scan_core(ctx, body, &sp, a.views, a.views + ns, len, a.results)) != GE_STATUS_SUCCESS)
            goto done;
        for (size_t j = 0; j < ns + nk && st == GE_STATUS_SUCCESS; j++) {
            ir_tensor *r = &a.results[j];
            bool is_scan = j >= ns;
            if (is_scan && len == 0)
                continue; /* its element shape is unknown: zero padding only */
            ir_shape elem = is_scan ? remove_dim(&r->shape, 0) : r->shape;
            if (!ready[j]) {
                if ((st = scan8_out_ready(ctx, j, r->dtype, batch, is_scan ? seq : -1, &elem)) !=
                    GE_STATUS_SUCCESS)
                    break;
                ready[j] = true;
            }
            ir_tensor *y = &ctx->outputs[j];
            ir_shape have = remove_dim(&y->shape, 0);
            if (is_scan)
                have = remove_dim(&have, 0);
            if (r->dtype != y->dtype || !ir_shape_equal(&have, &elem)) {
                char s1[128], s2[128];
                st = op_fail(&ctx->node, GE_STATUS_PARAM_INVALID,
                             "output %zu: batch item %lld gave %s %s, earlier ones %s %s", j,
                             (long long)b, ge_dtype_name(r->dtype), fmt_shape(&elem, s1, sizeof s1),
                             ge_dtype_name(y->dtype), fmt_shape(&have, s2, sizeof s2));
                break;
            }
            int64_t per = ir_shape_numel(&elem);
            size_t at = (size_t)(b * (is_scan ? seq : 1) * per);
            st = copy_elems(&ctx->node, y->data, at, r->data, 0, (size_t)ir_tensor_numel(r), r->dtype,
                            true);
        }
        free_tensors(a.results, ns + nk);
        if (st != GE_STATUS_SUCCESS)
            goto done;
    }
    for (size_t j = 0; j < ns + nk; j++) {
        if (ready[j])
            continue;
        /* No batch item gave this output an element shape (batch 0, or only empty
         * sequences): take inference's, unknown dims 0. */
        bool is_scan = j >= ns;
        const ir_shape *h = &ctx->outputs[j].shape;
        ir_shape elem = ir_shape_scalar();
        if (ir_shape_rank_known(h) && h->rank >= (is_scan ? 2 : 1)) {
            elem = remove_dim(h, 0);
            if (is_scan)
                elem = remove_dim(&elem, 0);
            elem = hint_static(&elem);
        }
        if ((st = scan8_out_ready(ctx, j, ctx->outputs[j].dtype, batch, is_scan ? seq : -1, &elem)) !=
            GE_STATUS_SUCCESS)
            goto done;
    }
done:
    ge_free(ready);
    scan_arrays_free(&a, ns + nk);
    return st;
}

static const op_attr_def scan8_attrs[] = {
    {"body", IR_ATTR_GRAPH, true, 0, 0, NULL},
    {"num_scan_inputs", IR_ATTR_INT, true, 0, 0, NULL},
    {"directions", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

static const op_attr_def scan9_attrs[] = {
    {"body", IR_ATTR_GRAPH, true, 0, 0, NULL},
    {"num_scan_inputs", IR_ATTR_INT, true, 0, 0, NULL},
    {"scan_input_axes", IR_ATTR_INTS, false, 0, 0, NULL},
    {"scan_input_directions", IR_ATTR_INTS, false, 0, 0, NULL},
    {"scan_output_axes", IR_ATTR_INTS, false, 0, 0, NULL},
    {"scan_output_directions", IR_ATTR_INTS, false, 0, 0, NULL},
    OP_ATTRS_END,
};

const op_schema op_family_control_flow[] = {
    {"If", OP_DOMAIN_ONNX, 1, OP_ONNX_OPSET_MAX, 1, 1, 1, OP_VARIADIC, if_attrs, CF_DTYPES, if_infer,
     if_kernel},
    {"Loop", OP_DOMAIN_ONNX, 1, OP_ONNX_OPSET_MAX, 0, OP_VARIADIC, 1, OP_VARIADIC, loop_attrs,
     CF_DTYPES, loop_infer, loop_kernel},
    {"Scan", OP_DOMAIN_ONNX, 8, 8, 0, OP_VARIADIC, 1, OP_VARIADIC, scan8_attrs, CF_DTYPES, scan8_infer,
     scan8_kernel},
    {"Scan", OP_DOMAIN_ONNX, 9, OP_ONNX_OPSET_MAX, 1, OP_VARIADIC, 1, OP_VARIADIC, scan9_attrs,
     CF_DTYPES, scan9_infer, scan9_kernel},
    OP_SCHEMA_END,
};

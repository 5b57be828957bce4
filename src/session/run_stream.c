/* ge_session_run_graph_with_stream_async: checks at the call, then one task on the stream. */
#include "session/session_internal.h"

#include "base/alloc.h"
#include "base/error.h"
#include "runtime/runtime.h"

#include <string.h>

/* Everything a queued run needs, copied at the call (the caller's vectors may go away). */
typedef struct stream_run {
    ge_session *session;
    sess_graph *graph;
    const exec_plan *plan;
    size_t n_inputs, n_outputs;
    void **inputs;
    void **outputs;
    ir_tensor *input_views; /* dynamic plans: dtype, actual shape, data */
    ir_tensor *output_views; /* dynamic plans: provided buffers (bytes = capacity) */
    void **consts;
    void *arena;             /* feature memory (NULL: from `allocator` when the run starts) */
    sess_allocator *allocator;
    rt_pool *pool;
} stream_run;

static void stream_run_free(stream_run *r)
{
    ge_free(r->inputs);
    ge_free(r->outputs);
    ge_free(r->input_views);
    ge_free(r->output_views);
    ge_free(r->consts);
    ge_free(r);
}

/* A dynamic plan with provided outputs: interpret, then copy into the buffers. */
static ge_status run_dynamic_into(stream_run *r)
{
    ir_tensor *results = ge_calloc(r->n_outputs + 1, sizeof *results);
    if (!results) {
        ge_error_set("out of memory for the run's results");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    ge_status st = exec_run_dynamic(r->plan, r->input_views, results);
    for (size_t i = 0; st == GE_STATUS_SUCCESS && i < r->n_outputs; i++) {
        if (results[i].bytes > r->output_views[i].bytes) {
            ge_error_set("output %zu: the result needs %zu bytes, the provided buffer holds %zu", i,
                         results[i].bytes, r->output_views[i].bytes);
            st = GE_STATUS_PARAM_INVALID;
        } else if (results[i].bytes) {
            memcpy(r->output_views[i].data, results[i].data, results[i].bytes);
        }
    }
    for (size_t i = 0; i < r->n_outputs; i++)
        ir_tensor_free_data(&results[i]);
    ge_free(results);
    return st;
}

static aclError stream_run_task(void *ctx)
{
    stream_run *r = ctx;
    void *arena = r->arena, *block = NULL;
    size_t need = r->plan->arena_size;
    if (r->plan->is_static && !arena && r->allocator && need) {
        block = r->allocator->api.malloc(r->allocator->api.user, need, &arena);
        if (!block || !arena) {
            ge_error_set("RunGraphWithStreamAsync: graph %u: the external allocator returned NULL for %zu bytes "
                         "of feature memory",
                         r->graph->id, need);
            return ACL_ERROR_RT_MEMORY_ALLOCATION;
        }
    }
    ge_status st;
    if (r->plan->is_static) {
        exec_io io = {r->inputs, r->outputs, arena, r->consts, r->pool};
        st = exec_run_static(r->plan, &io);
    } else {
        st = run_dynamic_into(r);
    }
    if (block)
        r->allocator->api.free(r->allocator->api.user, block);
    if (st != GE_STATUS_SUCCESS) {
        ge_error_prefix("RunGraphWithStreamAsync: graph %u: the run failed: ", r->graph->id);
        return st == GE_STATUS_MEMALLOC_FAILED ? ACL_ERROR_RT_MEMORY_ALLOCATION : ACL_ERROR_RT_MODEL_EXECUTE;
    }
    return ACL_SUCCESS;
}

static void stream_run_cleanup(void *ctx)
{
    stream_run *r = ctx;
    sess_allocator_unref(r->allocator);
    sess_graph_release(r->session, r->graph);
    stream_run_free(r);
}

static aclError free_device_task(void *ctx)
{
    rt_device_free(ctx);
    return ACL_SUCCESS;
}

/* The per-(graph, stream) feature arena, grown when a plan needs more. An arena that is
 * replaced is freed by a task on the same stream, after the runs that use it. */
/* Arenas kept per graph; beyond this the least recently added one is given back (streams
 * come and go; their arenas should not pile up). */
enum { MAX_STREAM_ARENAS = 8 };

/* Frees an arena once its stream has reached this point; a stream that is gone has drained,
 * so the memory is free now. Caller holds g->lock. */
static void retire_arena_memory(const void *stream, void *mem)
{
    if (rt_stream_enqueue((aclrtStream)stream, free_device_task, mem, NULL) != ACL_SUCCESS) {
        ge_error_clear();
        rt_device_free(mem);
    }
}

static void trim_arenas(sess_graph *g)
{
    size_t n = 0;
    for (sess_arena **p = &g->arenas; *p;) {
        if (++n > MAX_STREAM_ARENAS) {
            sess_arena *old = *p;
            *p = old->next;
            retire_arena_memory(old->stream, old->mem);
            ge_free(old);
        } else {
            p = &(*p)->next;
        }
    }
}

static ge_status stream_arena(sess_graph *g, void *stream, int32_t device, size_t size, void **out)
{
    *out = NULL;
    if (size == 0)
        return GE_STATUS_SUCCESS;
    pthread_mutex_lock(&g->lock);
    sess_arena *a = g->arenas;
    while (a && a->stream != stream)
        a = a->next;
    ge_status st = GE_STATUS_SUCCESS;
    if (!a || a->size < size) {
        void *mem = NULL;
        if (rt_device_malloc(device, size, &mem) != ACL_SUCCESS) {
            ge_error_prefix("%zu bytes of feature memory: ", size);
            st = GE_STATUS_MEMALLOC_FAILED;
        } else if (!a) {
            a = ge_calloc(1, sizeof *a);
            if (!a) {
                rt_device_free(mem);
                ge_error_set("out of memory");
                st = GE_STATUS_MEMALLOC_FAILED;
            } else {
                a->stream = stream;
                a->next = g->arenas;
                g->arenas = a;
                trim_arenas(g);
            }
        } else {
            retire_arena_memory(stream, a->mem);
        }
        if (st == GE_STATUS_SUCCESS) {
            a->mem = mem;
            a->size = size;
        }
    }
    if (st == GE_STATUS_SUCCESS)
        *out = a->mem;
    pthread_mutex_unlock(&g->lock);
    return st;
}

static ge_status check_stream(ge_session *s, void *stream)
{
    if (!stream) {
        ge_error_set("stream is NULL: RunGraphWithStreamAsync needs a stream from aclrtCreateStream");
        return GE_STATUS_PARAM_INVALID;
    }
    if (rt_stream_validate(stream) != ACL_SUCCESS) {
        ge_error_prefix("stream %p: ", stream);
        return GE_STATUS_PARAM_INVALID;
    }
    bool is_default = false;
    int32_t dev = -1;
    rt_stream_is_default_context(stream, &is_default);
    rt_stream_device(stream, &dev);
    if (!is_default) {
        ge_error_set("stream %p: it belongs to a context made by aclrtCreateContext; only streams of the "
                     "default context (the one aclrtSetDevice creates) are supported",
                     stream);
        return GE_STATUS_PARAM_INVALID;
    }
    if (dev != s->device) {
        ge_error_set("stream %p: it is on device %d, the session on device %d", stream, dev, s->device);
        return GE_STATUS_PARAM_INVALID;
    }
    return GE_STATUS_SUCCESS;
}

/* Data-dependent output sizes with outputs left to the engine: wait for the stream to reach
 * this point, run here, then hand out memory of the actual sizes. */
static ge_status run_now(ge_session *s, sess_graph *g, const exec_plan *p, void *stream, const ge_tensor *const *inputs,
                         size_t n_outputs, ge_tensor **outputs, sess_allocator *alloc, bool *created)
{
    aclError ae = rt_stream_synchronize(stream, -1, true);
    if (ae != ACL_SUCCESS) {
        ge_error_prefix("earlier work on stream %p failed (%d): ", stream, ae);
        return GE_STATUS_FAILED;
    }
    size_t n_in = g->graph->n_inputs;
    ir_tensor *views = ge_calloc(n_in + 1, sizeof *views);
    ir_tensor *results = ge_calloc(n_outputs + 1, sizeof *results);
    ge_status st = GE_STATUS_SUCCESS;
    if (!views || !results) {
        ge_error_set("out of memory");
        st = GE_STATUS_MEMALLOC_FAILED;
    }
    for (size_t i = 0; st == GE_STATUS_SUCCESS && i < n_in; i++)
        views[i] = ge_tensor_view(inputs[i]);
    if (st == GE_STATUS_SUCCESS)
        st = exec_run_dynamic(p, views, results);
    if (st == GE_STATUS_SUCCESS)
        st = sess_deliver_outputs(g, p, results, n_outputs, outputs, alloc, s->device, created);
    for (size_t i = 0; results && i < n_outputs; i++)
        ir_tensor_free_data(&results[i]);
    ge_free(views);
    ge_free(results);
    return st;
}

static ge_status build_run(ge_session *s, sess_graph *g, const exec_plan *p, const ge_tensor *const *inputs,
                           size_t n_outputs, ge_tensor **outputs, stream_run **out)
{
    stream_run *r = ge_calloc(1, sizeof *r);
    size_t n_in = g->graph->n_inputs;
    if (r) {
        r->inputs = ge_calloc(n_in + 1, sizeof *r->inputs);
        r->outputs = ge_calloc(n_outputs + 1, sizeof *r->outputs);
        r->consts = ge_calloc(p->n_consts + 1, sizeof *r->consts);
        if (!p->is_static) {
            r->input_views = ge_calloc(n_in + 1, sizeof *r->input_views);
            r->output_views = ge_calloc(n_outputs + 1, sizeof *r->output_views);
        }
    }
    if (!r || !r->inputs || !r->outputs || !r->consts ||
        (!p->is_static && (!r->input_views || !r->output_views))) {
        if (r)
            stream_run_free(r);
        ge_error_set("out of memory queueing the run");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    r->session = s;
    r->graph = g;
    r->plan = p;
    r->n_inputs = n_in;
    r->n_outputs = n_outputs;
    r->pool = rt_device_pool(s->device);
    for (size_t i = 0; i < n_in; i++) {
        r->inputs[i] = inputs[i]->data;
        if (r->input_views)
            r->input_views[i] = ge_tensor_view(inputs[i]);
    }
    for (size_t i = 0; i < n_outputs; i++) {
        r->outputs[i] = outputs[i]->data;
        if (r->output_views) {
            r->output_views[i] = ge_tensor_view(outputs[i]);
            r->output_views[i].bytes = outputs[i]->capacity;
        }
    }
    pthread_mutex_lock(&g->lock);
    if (g->const_base_set)
        memcpy(r->consts, g->const_ptrs, p->n_consts * sizeof *r->consts);
    pthread_mutex_unlock(&g->lock);
    *out = r;
    return GE_STATUS_SUCCESS;
}

static ge_status run_with_stream(ge_session *s, sess_graph *g, void *stream, size_t n_inputs,
                                 const ge_tensor *const *inputs, size_t n_outputs, ge_tensor **outputs,
                                 bool *created)
{
    ge_status st = sess_graph_compile(s, g);
    if (st == GE_STATUS_SUCCESS)
        st = check_stream(s, stream);
    const exec_plan *p = NULL;
    if (st == GE_STATUS_SUCCESS)
        st = sess_prepare_run(s, g, n_inputs, inputs, n_outputs, outputs, true, &p);
    if (st != GE_STATUS_SUCCESS)
        return st;

    bool unprovided = false;
    for (size_t i = 0; i < n_outputs; i++)
        unprovided |= !outputs[i] || !outputs[i]->data;
    pthread_mutex_lock(&g->lock);
    bool user_bases = g->const_base_set || g->feature_base_set;
    void *feature_base = g->feature_base;
    pthread_mutex_unlock(&g->lock);
    if (unprovided && user_bases) {
        ge_error_set("outputs: every output must be provided once the const or feature memory base is set");
        return GE_STATUS_PARAM_INVALID;
    }
    sess_allocator *alloc = sess_stream_allocator_get(s, stream);
    if (!p->is_static && unprovided) {
        st = run_now(s, g, p, stream, inputs, n_outputs, outputs, alloc, created);
        sess_allocator_unref(alloc);
        return st;
    }
    if (p->is_static && unprovided) {
        ge_dtype *dtypes = ge_calloc(n_outputs + 1, sizeof *dtypes);
        ir_shape *out_shapes = ge_calloc(n_outputs + 1, sizeof *out_shapes);
        if (!dtypes || !out_shapes) {
            ge_error_set("out of memory");
            st = GE_STATUS_MEMALLOC_FAILED;
        }
        for (size_t i = 0; st == GE_STATUS_SUCCESS && i < n_outputs; i++) {
            dtypes[i] = p->slots[p->output_slots[i]].dtype;
            out_shapes[i] = p->slots[p->output_slots[i]].shape;
        }
        if (st == GE_STATUS_SUCCESS)
            st = sess_provide_outputs(g, n_outputs, outputs, dtypes, out_shapes, alloc, s->device, created);
        ge_free(dtypes);
        ge_free(out_shapes);
    }
    stream_run *r = NULL;
    if (st == GE_STATUS_SUCCESS)
        st = build_run(s, g, p, inputs, n_outputs, outputs, &r);
    if (st == GE_STATUS_SUCCESS && p->is_static) {
        if (feature_base)
            r->arena = feature_base;
        else if (!alloc)
            st = stream_arena(g, stream, s->device, p->arena_size, &r->arena);
    }
    if (st != GE_STATUS_SUCCESS) {
        if (r)
            stream_run_free(r);
        sess_allocator_unref(alloc);
        return st;
    }
    r->allocator = alloc;
    /* The queued run holds a reference on the graph entry until its cleanup. */
    pthread_mutex_lock(&s->lock);
    g->refs++;
    pthread_mutex_unlock(&s->lock);
    aclError ae = rt_stream_enqueue(stream, stream_run_task, r, stream_run_cleanup);
    if (ae != ACL_SUCCESS) {
        sess_graph_release(s, g);
        sess_allocator_unref(alloc);
        stream_run_free(r);
        ge_error_prefix("enqueueing on stream %p: ", stream);
        return GE_STATUS_FAILED;
    }
    return GE_STATUS_SUCCESS;
}

ge_status ge_session_run_graph_with_stream_async(ge_session *s, uint32_t graph_id, void *stream, size_t n_inputs,
                                                 const ge_tensor *const *inputs, size_t n_outputs,
                                                 ge_tensor **outputs)
{
    sess_graph *g;
    ge_status st = sess_graph_acquire(s, graph_id, "RunGraphWithStreamAsync", &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    bool *created = ge_calloc(n_outputs + 1, sizeof *created);
    if (!created) {
        sess_graph_release(s, g);
        ge_error_set("RunGraphWithStreamAsync: out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    st = run_with_stream(s, g, stream, n_inputs, inputs, n_outputs, outputs, created);
    if (st != GE_STATUS_SUCCESS) {
        sess_undo_outputs(n_outputs, outputs, created);
        sess_error_prefix(g, "RunGraphWithStreamAsync");
    }
    ge_free(created);
    sess_graph_release(s, g);
    return st;
}

/* The host-memory run forms: ge_session_run_graph (synchronous, on the calling thread) and
 * ge_session_run_graph_async (on an engine thread, ending in the user's callback). */
#include "session/session_internal.h"

#include "base/alloc.h"
#include "base/error.h"
#include "runtime/runtime.h"

#include <string.h>

static ge_status run_static_here(ge_session *s, sess_graph *g, const exec_plan *p, const ge_tensor *const *inputs,
                                 size_t n_outputs, ge_tensor **outputs, bool *created)
{
    ge_dtype *dtypes = ge_calloc(n_outputs + 1, sizeof *dtypes);
    ir_shape *shapes = ge_calloc(n_outputs + 1, sizeof *shapes);
    void **in = ge_calloc(p->n_inputs + 1, sizeof *in);
    void **out = ge_calloc(n_outputs + 1, sizeof *out);
    void *arena = p->arena_size ? ge_aligned_alloc(64, p->arena_size) : NULL;
    ge_status st = GE_STATUS_SUCCESS;
    if (!dtypes || !shapes || !in || !out || (p->arena_size && !arena)) {
        ge_error_set("out of memory for the run (feature memory: %zu bytes)", p->arena_size);
        st = GE_STATUS_MEMALLOC_FAILED;
    }
    for (size_t i = 0; st == GE_STATUS_SUCCESS && i < n_outputs; i++) {
        dtypes[i] = p->slots[p->output_slots[i]].dtype;
        shapes[i] = p->slots[p->output_slots[i]].shape;
    }
    if (st == GE_STATUS_SUCCESS)
        st = sess_provide_outputs(g, n_outputs, outputs, dtypes, shapes, NULL, -1, created);
    if (st == GE_STATUS_SUCCESS) {
        for (size_t i = 0; i < p->n_inputs; i++)
            in[i] = inputs[i]->data;
        for (size_t i = 0; i < n_outputs; i++)
            out[i] = outputs[i]->data;
        pthread_mutex_lock(&g->lock);
        void **consts = g->const_base_set ? g->const_ptrs : NULL;
        pthread_mutex_unlock(&g->lock);
        exec_io io = {in, out, arena, consts, rt_device_pool(s->device)};
        st = exec_run_static(p, &io);
    }
    ge_free(dtypes);
    ge_free(shapes);
    ge_free(in);
    ge_free(out);
    ge_free(arena);
    return st;
}

static ge_status run_dynamic_here(sess_graph *g, const exec_plan *p, const ge_tensor *const *inputs,
                                  size_t n_outputs, ge_tensor **outputs, bool *created)
{
    ir_tensor *views = ge_calloc(p->n_inputs + 1, sizeof *views);
    ir_tensor *results = ge_calloc(n_outputs + 1, sizeof *results);
    ge_status st = GE_STATUS_SUCCESS;
    if (!views || !results) {
        ge_error_set("out of memory");
        st = GE_STATUS_MEMALLOC_FAILED;
    }
    for (size_t i = 0; st == GE_STATUS_SUCCESS && i < p->n_inputs; i++)
        views[i] = ge_tensor_view(inputs[i]);
    if (st == GE_STATUS_SUCCESS)
        st = exec_run_dynamic(p, views, results);
    if (st == GE_STATUS_SUCCESS)
        st = sess_deliver_outputs(g, p, results, n_outputs, outputs, NULL, -1, created);
    for (size_t i = 0; results && i < n_outputs; i++)
        ir_tensor_free_data(&results[i]);
    ge_free(views);
    ge_free(results);
    return st;
}

/* The synchronous host run on an acquired graph entry. */
static ge_status run_host(ge_session *s, sess_graph *g, size_t n_inputs, const ge_tensor *const *inputs,
                          size_t n_outputs, ge_tensor **outputs, bool *created)
{
    const exec_plan *p = NULL;
    ge_status st = sess_prepare_run(s, g, n_inputs, inputs, n_outputs, outputs, false, &p);
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (p->is_static)
        return run_static_here(s, g, p, inputs, n_outputs, outputs, created);
    return run_dynamic_here(g, p, inputs, n_outputs, outputs, created);
}

ge_status ge_session_run_graph(ge_session *s, uint32_t graph_id, size_t n_inputs, const ge_tensor *const *inputs,
                               size_t n_outputs, ge_tensor **outputs)
{
    sess_graph *g;
    ge_status st = sess_graph_acquire(s, graph_id, "RunGraph", &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    bool *created = ge_calloc(n_outputs + 1, sizeof *created);
    if (!created) {
        sess_graph_release(s, g);
        ge_error_set("RunGraph: out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    st = run_host(s, g, n_inputs, inputs, n_outputs, outputs, created);
    if (st != GE_STATUS_SUCCESS) {
        sess_undo_outputs(n_outputs, outputs, created);
        sess_error_prefix(g, "RunGraph");
    }
    ge_free(created);
    sess_graph_release(s, g);
    return st;
}

/* ---- the asynchronous host run ---- */

typedef struct async_run {
    ge_session *session;
    sess_graph *graph;
    size_t n_inputs;
    const ge_tensor **inputs;
    ge_run_callback callback;
    void *user;
} async_run;

static void *async_main(void *arg)
{
    async_run *r = arg;
    ge_session *s = r->session;
    sess_graph *g = r->graph;
    size_t n_out = g->graph->n_outputs;
    ge_tensor **outputs = ge_calloc(n_out + 1, sizeof *outputs);
    bool *created = ge_calloc(n_out + 1, sizeof *created);
    ge_status st;
    if (!outputs || !created) {
        ge_error_set("RunGraphAsync: out of memory");
        st = GE_STATUS_MEMALLOC_FAILED;
    } else {
        st = run_host(s, g, r->n_inputs, r->inputs, n_out, outputs, created);
        if (st != GE_STATUS_SUCCESS) {
            sess_undo_outputs(n_out, outputs, created);
            sess_error_prefix(g, "RunGraphAsync");
        }
    }
    sess_graph_release(s, g);
    /* The callback owns the outputs. */
    r->callback(st, st == GE_STATUS_SUCCESS ? n_out : 0, st == GE_STATUS_SUCCESS ? outputs : NULL, r->user);
    ge_free(outputs);
    ge_free(created);
    ge_free(r->inputs);
    ge_free(r);
    pthread_mutex_lock(&s->lock);
    if (--s->async_in_flight == 0)
        pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

ge_status ge_session_run_graph_async(ge_session *s, uint32_t graph_id, size_t n_inputs,
                                     const ge_tensor *const *inputs, ge_run_callback callback, void *user)
{
    if (!callback) {
        ge_error_set("RunGraphAsync: callback is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    sess_graph *g;
    ge_status st = sess_graph_acquire(s, graph_id, "RunGraphAsync", &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = sess_graph_compile(s, g);
    async_run *r = st == GE_STATUS_SUCCESS ? ge_calloc(1, sizeof *r) : NULL;
    if (st == GE_STATUS_SUCCESS && r)
        r->inputs = ge_calloc(n_inputs + 1, sizeof *r->inputs);
    if (st == GE_STATUS_SUCCESS && (!r || !r->inputs)) {
        ge_error_set("RunGraphAsync: out of memory");
        st = GE_STATUS_MEMALLOC_FAILED;
    }
    if (st == GE_STATUS_SUCCESS && n_inputs && !inputs) {
        ge_error_set("RunGraphAsync: inputs is NULL but n_inputs is %zu", n_inputs);
        st = GE_STATUS_PARAM_INVALID;
    }
    if (st != GE_STATUS_SUCCESS) {
        if (r)
            ge_free(r->inputs);
        ge_free(r);
        sess_graph_release(s, g);
        return st;
    }
    r->session = s;
    r->graph = g;
    r->n_inputs = n_inputs;
    if (n_inputs)
        memcpy(r->inputs, inputs, n_inputs * sizeof *inputs);
    r->callback = callback;
    r->user = user;
    pthread_mutex_lock(&s->lock);
    s->async_in_flight++;
    pthread_mutex_unlock(&s->lock);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &attr, async_main, r);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        pthread_mutex_lock(&s->lock);
        s->async_in_flight--;
        pthread_mutex_unlock(&s->lock);
        ge_free(r->inputs);
        ge_free(r);
        sess_graph_release(s, g);
        ge_error_set("RunGraphAsync: graph %u: could not start a thread (%d)", graph_id, rc);
        return GE_STATUS_FAILED;
    }
    return GE_STATUS_SUCCESS;
}

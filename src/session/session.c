/* Sessions and their graph entries: create/destroy, add/remove/compile/load, external
 * allocators, summaries and user-owned memory bases. */
#include "session/session_internal.h"

#include "base/alloc.h"
#include "base/error.h"
#include "base/log.h"
#include "compiler/validate.h"
#include "runtime/runtime.h"

#include <stdio.h>
#include <string.h>

static size_t align64(size_t v)
{
    return (v + 63) & ~(size_t)63;
}

/* NULL or a session no longer live (destroyed, or released by GEFinalize) is refused
 * without dereferencing it. */
static ge_status check_live(const ge_session *s, const char *call)
{
    if (!s) {
        ge_error_set("%s: session is NULL", call);
        return GE_STATUS_PARAM_INVALID;
    }
    if (!sess_global_is_live(s)) {
        ge_error_set("%s: the session is not live (destroyed, or released by GEFinalize)", call);
        return GE_STATUS_FAILED;
    }
    return GE_STATUS_SUCCESS;
}

/* ---- external allocators ---- */

void sess_allocator_ref(sess_allocator *a)
{
    atomic_fetch_add(&a->refs, 1);
}

void sess_allocator_unref(sess_allocator *a)
{
    if (!a || atomic_fetch_sub(&a->refs, 1) != 1)
        return;
    if (a->api.release)
        a->api.release(a->api.user);
    ge_free(a);
}

sess_allocator *sess_stream_allocator_get(ge_session *s, const void *stream)
{
    sess_allocator *found = NULL;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n_allocators; i++)
        if (s->allocators[i].stream == stream) {
            found = s->allocators[i].allocator;
            sess_allocator_ref(found);
            break;
        }
    pthread_mutex_unlock(&s->lock);
    return found;
}

ge_status ge_session_register_external_allocator(ge_session *s, const void *stream,
                                                 const ge_external_allocator *allocator)
{
    ge_status live = check_live(s, "RegisterExternalAllocator");
    if (live != GE_STATUS_SUCCESS)
        return live;
    if (!stream || !allocator) {
        ge_error_set("RegisterExternalAllocator: %s is NULL", !stream ? "stream" : "allocator");
        return GE_STATUS_PARAM_INVALID;
    }
    if (!allocator->malloc || !allocator->free) {
        ge_error_set("RegisterExternalAllocator: the allocator's %s function is NULL",
                     !allocator->malloc ? "malloc" : "free");
        return GE_STATUS_PARAM_INVALID;
    }
    sess_allocator *a = ge_calloc(1, sizeof *a);
    if (!a) {
        ge_error_set("RegisterExternalAllocator: out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    a->api = *allocator;
    atomic_init(&a->refs, 1);
    sess_allocator *old = NULL;
    pthread_mutex_lock(&s->lock);
    size_t i = 0;
    while (i < s->n_allocators && s->allocators[i].stream != stream)
        i++;
    if (i == s->n_allocators) {
        if (s->n_allocators == s->cap_allocators) {
            size_t cap = s->cap_allocators ? 2 * s->cap_allocators : 4;
            sess_stream_allocator *n = ge_realloc(s->allocators, cap * sizeof *n);
            if (!n) {
                pthread_mutex_unlock(&s->lock);
                ge_free(a);
                ge_error_set("RegisterExternalAllocator: out of memory");
                return GE_STATUS_MEMALLOC_FAILED;
            }
            s->allocators = n;
            s->cap_allocators = cap;
        }
        s->allocators[s->n_allocators++] = (sess_stream_allocator){stream, a};
    } else {
        old = s->allocators[i].allocator;
        s->allocators[i].allocator = a;
    }
    pthread_mutex_unlock(&s->lock);
    sess_allocator_unref(old);
    return GE_STATUS_SUCCESS;
}

ge_status ge_session_unregister_external_allocator(ge_session *s, const void *stream)
{
    ge_status live = check_live(s, "UnregisterExternalAllocator");
    if (live != GE_STATUS_SUCCESS)
        return live;
    sess_allocator *old = NULL;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n_allocators; i++)
        if (s->allocators[i].stream == stream) {
            old = s->allocators[i].allocator;
            s->allocators[i] = s->allocators[--s->n_allocators];
            break;
        }
    pthread_mutex_unlock(&s->lock);
    sess_allocator_unref(old);
    return GE_STATUS_SUCCESS;
}

/* ---- sessions ---- */

static bool session_option(const ge_session *s, const char *key, char *buf, size_t size)
{
    const char *v = ge_options_get(s->options, key);
    if (v) {
        snprintf(buf, size, "%s", v);
        return true;
    }
    return sess_global_options_lookup(key, buf, size);
}

ge_status ge_session_create(const ge_options *options, ge_session **out_session)
{
    if (!out_session) {
        ge_error_set("Session: out_session is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    *out_session = NULL;
    if (!ge_is_initialized()) {
        ge_error_set("Session: GE is not initialized (call GEInitialize / ge_initialize first)");
        return GE_STATUS_NOT_INITIALIZED;
    }
    ge_session *s = ge_calloc(1, sizeof *s);
    if (!s) {
        ge_error_set("Session: out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    ge_status st = ge_options_clone(options, &s->options);
    if (st != GE_STATUS_SUCCESS) {
        ge_free(s);
        return st;
    }
    char buf[64];
    int64_t dev = 0;
    const char *key = ge_options_get(s->options, "ge.session_device_id") ? "ge.session_device_id"
                                                                           : "ge.exec.deviceId";
    if (session_option(s, key, buf, sizeof buf) && !ge_option_parse_int(key, buf, &dev)) {
        ge_options_destroy(s->options);
        ge_free(s);
        ge_error_prefix("Session: ");
        return GE_STATUS_PARAM_INVALID;
    }
    if (dev == -1)
        dev = 0;
    if (dev < 0 || dev >= rt_device_count()) {
        ge_options_destroy(s->options);
        ge_free(s);
        ge_error_set("Session: option %s=%lld: expected a device id 0..%d", key, (long long)dev,
                     rt_device_count() - 1);
        return GE_STATUS_PARAM_INVALID;
    }
    s->device = (int32_t)dev;
    ge_options_warn_unknown(s->options, "Session");
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->changed, NULL);
    st = sess_global_link(s);
    if (st != GE_STATUS_SUCCESS) {
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->changed);
        ge_options_destroy(s->options);
        ge_free(s);
        return st;
    }
    *out_session = s;
    return GE_STATUS_SUCCESS;
}

uint64_t ge_session_get_id(const ge_session *s)
{
    return s && sess_global_is_live(s) ? s->id : 0;
}

static void graph_entry_free(sess_graph *g)
{
    exec_plan_destroy(g->static_plan);
    for (size_t i = 0; i < g->n_plans; i++)
        exec_plan_destroy(g->plans[i]);
    ge_free(g->plans);
    for (sess_arena *a = g->arenas, *n; a; a = n) {
        n = a->next;
        rt_device_free(a->mem);
        ge_free(a);
    }
    ge_free(g->host_inputs);
    ge_free(g->const_ptrs);
    ir_graph_destroy(g->graph);
    ge_options_destroy(g->options);
    pthread_mutex_destroy(&g->lock);
    ge_free(g);
}

/* Unlinks graph_id, waits until no call or queued run uses it, frees it. */
static ge_status remove_graph(ge_session *s, uint32_t graph_id)
{
    pthread_mutex_lock(&s->lock);
    sess_graph **p = &s->graphs;
    while (*p && (*p)->id != graph_id)
        p = &(*p)->next;
    sess_graph *g = *p;
    if (!g) {
        pthread_mutex_unlock(&s->lock);
        ge_error_set("RemoveGraph: graph %u is not in session %llu", graph_id, (unsigned long long)s->id);
        return GE_STATUS_SESSION_REMOVE_FAILED;
    }
    *p = g->next;
    while (g->refs > 0)
        pthread_cond_wait(&s->changed, &s->lock);
    pthread_mutex_unlock(&s->lock);
    graph_entry_free(g);
    return GE_STATUS_SUCCESS;
}

void ge_session_destroy(ge_session *s)
{
    /* A session that ge_finalize already released (the C++ pattern of a Session object
     * outliving GEFinalize) is not touched again. */
    if (s && sess_global_unlink(s))
        sess_session_free(s);
}

void sess_session_free(ge_session *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->async_in_flight > 0)
        pthread_cond_wait(&s->changed, &s->lock);
    pthread_mutex_unlock(&s->lock);
    while (s->graphs)
        remove_graph(s, s->graphs->id);
    for (size_t i = 0; i < s->n_allocators; i++)
        sess_allocator_unref(s->allocators[i].allocator);
    ge_free(s->allocators);
    ge_options_destroy(s->options);
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    ge_free(s);
}

ge_status sess_graph_acquire(ge_session *s, uint32_t graph_id, const char *call, sess_graph **out)
{
    *out = NULL;
    ge_status live = check_live(s, call);
    if (live != GE_STATUS_SUCCESS)
        return live;
    pthread_mutex_lock(&s->lock);
    sess_graph *g = s->graphs;
    while (g && g->id != graph_id)
        g = g->next;
    if (g)
        g->refs++;
    pthread_mutex_unlock(&s->lock);
    if (!g) {
        ge_error_set("%s: graph %u is not in session %llu (never added, or removed)", call, graph_id,
                     (unsigned long long)s->id);
        return GE_STATUS_PARAM_INVALID;
    }
    *out = g;
    return GE_STATUS_SUCCESS;
}

void sess_graph_release(ge_session *s, sess_graph *g)
{
    pthread_mutex_lock(&s->lock);
    if (--g->refs == 0)
        pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

void sess_error_prefix(sess_graph *g, const char *call)
{
    ge_error_prefix("%s: graph %u: ", call, g->id);
}

/* Graph options first, then session, then global. */
static const char *graph_option(ge_session *s, sess_graph *g, const char *key, char *buf, size_t size)
{
    const char *v = ge_options_get(g->options, key);
    if (v)
        return v;
    return session_option(s, key, buf, size) ? buf : NULL;
}

static ge_status parse_host_inputs(sess_graph *g, const char *value)
{
    uint32_t idx[256];
    size_t n = 0;
    if (!ge_option_parse_index_list("ge.exec.hostInputIndexes", value, idx, 256, &n))
        return GE_STATUS_PARAM_INVALID;
    for (size_t i = 0; i < n; i++) {
        if (idx[i] >= g->graph->n_inputs) {
            ge_error_set("option ge.exec.hostInputIndexes=\"%s\": index %u is out of range (the graph has "
                         "%zu inputs)",
                         value, idx[i], g->graph->n_inputs);
            return GE_STATUS_PARAM_INVALID;
        }
        g->host_inputs[idx[i]] = true;
    }
    return GE_STATUS_SUCCESS;
}

ge_status ge_session_add_graph(ge_session *s, uint32_t graph_id, const ge_graph *graph,
                               const ge_options *options)
{
    ge_status live = check_live(s, "AddGraph");
    if (live != GE_STATUS_SUCCESS)
        return live;
    if (!graph) {
        ge_error_set("AddGraph: graph is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    sess_graph *g = ge_calloc(1, sizeof *g);
    if (!g) {
        ge_error_set("AddGraph: out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    pthread_mutex_init(&g->lock, NULL);
    g->id = graph_id;
    ge_status st = ir_graph_copy(graph, &g->graph);
    if (st == GE_STATUS_SUCCESS)
        st = ge_options_clone(options, &g->options);
    if (st == GE_STATUS_SUCCESS) {
        g->host_inputs = ge_calloc(graph->n_inputs + 1, sizeof *g->host_inputs);
        if (!g->host_inputs) {
            ge_error_set("AddGraph: out of memory");
            st = GE_STATUS_MEMALLOC_FAILED;
        }
    }
    char buf[512];
    const char *v;
    if (st == GE_STATUS_SUCCESS && (v = graph_option(s, g, "ge.exec.hostInputIndexes", buf, sizeof buf)))
        st = parse_host_inputs(g, v);
    if (st == GE_STATUS_SUCCESS && (v = graph_option(s, g, "ge.featureBaseRefreshable", buf, sizeof buf)))
        g->refreshable = strcmp(v, "1") == 0;
    if (st != GE_STATUS_SUCCESS) {
        ge_error_prefix("AddGraph: graph %u: ", graph_id);
        graph_entry_free(g);
        return st;
    }
    ge_options_warn_unknown(g->options, "AddGraph");
    pthread_mutex_lock(&s->lock);
    for (sess_graph *e = s->graphs; e; e = e->next)
        if (e->id == graph_id) {
            pthread_mutex_unlock(&s->lock);
            graph_entry_free(g);
            ge_error_set("AddGraph: graph id %u already exists in session %llu (RemoveGraph it first)",
                         graph_id, (unsigned long long)s->id);
            return GE_STATUS_GRAPH_ID_EXISTS;
        }
    g->next = s->graphs;
    s->graphs = g;
    pthread_mutex_unlock(&s->lock);
    return GE_STATUS_SUCCESS;
}

ge_status ge_session_remove_graph(ge_session *s, uint32_t graph_id)
{
    ge_status live = check_live(s, "RemoveGraph");
    if (live != GE_STATUS_SUCCESS)
        return live;
    return remove_graph(s, graph_id);
}

ge_status sess_graph_compile(ge_session *s, sess_graph *g)
{
    (void)s;
    pthread_mutex_lock(&g->lock);
    ge_status st = GE_STATUS_SUCCESS;
    if (!g->compiled) {
        st = validate_graph(g->graph);
        bool inputs_static = true;
        for (size_t i = 0; st == GE_STATUS_SUCCESS && i < g->graph->n_inputs; i++)
            inputs_static &= ir_shape_is_static(&g->graph->inputs[i]->shape);
        if (st == GE_STATUS_SUCCESS && inputs_static)
            st = exec_plan_build(g->graph, NULL, &g->static_plan);
        if (st == GE_STATUS_SUCCESS && g->static_plan && !g->static_plan->is_static) {
            /* Data-dependent shapes: the plan stays as the dynamic path's plan. */
        }
        if (st == GE_STATUS_SUCCESS) {
            g->const_ptrs = ge_calloc(g->graph->n_values + 1, sizeof *g->const_ptrs);
            if (!g->const_ptrs) {
                ge_error_set("out of memory");
                st = GE_STATUS_MEMALLOC_FAILED;
            }
        }
        if (st == GE_STATUS_SUCCESS)
            g->compiled = true;
        else {
            exec_plan_destroy(g->static_plan);
            g->static_plan = NULL;
            ge_error_prefix("compiling graph %u: ", g->id);
        }
    }
    pthread_mutex_unlock(&g->lock);
    return st;
}

ge_status ge_session_compile_graph(ge_session *s, uint32_t graph_id)
{
    sess_graph *g;
    ge_status st = sess_graph_acquire(s, graph_id, "CompileGraph", &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = sess_graph_compile(s, g);
    sess_graph_release(s, g);
    return st;
}

ge_status ge_session_load_graph(ge_session *s, uint32_t graph_id, const ge_options *options, void *stream)
{
    sess_graph *g;
    ge_status st = sess_graph_acquire(s, graph_id, "LoadGraph", &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = sess_graph_compile(s, g);
    const char *v = options ? ge_options_get(options, "ge.exec.hostInputIndexes") : NULL;
    if (st == GE_STATUS_SUCCESS && v) {
        pthread_mutex_lock(&g->lock);
        st = parse_host_inputs(g, v);
        pthread_mutex_unlock(&g->lock);
        if (st != GE_STATUS_SUCCESS)
            sess_error_prefix(g, "LoadGraph");
    }
    if (st == GE_STATUS_SUCCESS && stream) {
        aclError ae = rt_stream_validate(stream);
        if (ae != ACL_SUCCESS) {
            ge_error_prefix("LoadGraph: graph %u: stream: ", graph_id);
            st = GE_STATUS_PARAM_INVALID;
        }
    }
    sess_graph_release(s, g);
    return st;
}

ge_status ge_session_get_graph_output_count(ge_session *s, uint32_t graph_id, size_t *out_count)
{
    if (!out_count) {
        ge_error_set("GetGraphOutputCount: out_count is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    sess_graph *g;
    ge_status st = sess_graph_acquire(s, graph_id, "GetGraphOutputCount", &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    *out_count = g->graph->n_outputs;
    sess_graph_release(s, g);
    return GE_STATUS_SUCCESS;
}

/* ---- summaries ---- */

struct ge_graph_summary {
    bool is_static;
    bool refreshable;
    size_t const_size, feature_size;
    size_t n_outputs;
    ge_dtype *dtypes;
    ir_shape *shapes;
};

ge_status ge_session_get_graph_summary(ge_session *s, uint32_t graph_id, ge_graph_summary **out)
{
    if (!out) {
        ge_error_set("GetCompiledGraphSummary: out_summary is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    *out = NULL;
    sess_graph *g;
    ge_status st = sess_graph_acquire(s, graph_id, "GetCompiledGraphSummary", &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    st = sess_graph_compile(s, g);
    ge_graph_summary *sm = st == GE_STATUS_SUCCESS ? ge_calloc(1, sizeof *sm) : NULL;
    if (st == GE_STATUS_SUCCESS && sm) {
        const ir_graph *ig = g->graph;
        const exec_plan *p = g->static_plan;
        sm->n_outputs = ig->n_outputs;
        sm->dtypes = ge_calloc(ig->n_outputs + 1, sizeof *sm->dtypes);
        sm->shapes = ge_calloc(ig->n_outputs + 1, sizeof *sm->shapes);
        if (!sm->dtypes || !sm->shapes) {
            ge_graph_summary_destroy(sm);
            sm = NULL;
        } else {
            sm->is_static = p && p->is_static;
            sm->refreshable = g->refreshable;
            if (sm->is_static) {
                sm->const_size = p->const_size;
                sm->feature_size = p->arena_size;
            }
            for (size_t i = 0; i < ig->n_outputs; i++) {
                const ir_value *v = ig->outputs[i];
                sm->dtypes[i] = sm->is_static ? p->slots[v->id].dtype : v->dtype;
                sm->shapes[i] = sm->is_static ? p->slots[v->id].shape : v->shape;
            }
        }
    }
    if (st == GE_STATUS_SUCCESS && !sm) {
        ge_error_set("GetCompiledGraphSummary: graph %u: out of memory", graph_id);
        st = GE_STATUS_MEMALLOC_FAILED;
    }
    sess_graph_release(s, g);
    *out = sm;
    return st;
}

void ge_graph_summary_destroy(ge_graph_summary *sm)
{
    if (!sm)
        return;
    ge_free(sm->dtypes);
    ge_free(sm->shapes);
    ge_free(sm);
}

bool ge_graph_summary_is_static(const ge_graph_summary *sm)
{
    return sm && sm->is_static;
}

static ge_status summary_static(const ge_graph_summary *sm, const void *out, const char *what)
{
    if (!sm || !out) {
        ge_error_set("CompiledGraphSummary::%s: %s is NULL", what, !sm ? "summary" : "output argument");
        return GE_STATUS_PARAM_INVALID;
    }
    if (!sm->is_static) {
        ge_error_set("CompiledGraphSummary::%s: the graph is dynamic (its shapes are known only when it "
                     "runs)",
                     what);
        return GE_STATUS_FAILED;
    }
    return GE_STATUS_SUCCESS;
}

ge_status ge_graph_summary_get_const_memory_size(const ge_graph_summary *sm, size_t *out_size)
{
    ge_status st = summary_static(sm, out_size, "GetConstMemorySize");
    if (st == GE_STATUS_SUCCESS)
        *out_size = sm->const_size;
    return st;
}

ge_status ge_graph_summary_get_feature_memory_size(const ge_graph_summary *sm, size_t *out_size)
{
    ge_status st = summary_static(sm, out_size, "GetFeatureMemorySize");
    if (st == GE_STATUS_SUCCESS)
        *out_size = sm->feature_size;
    return st;
}

ge_status ge_graph_summary_get_refreshable(const ge_graph_summary *sm, bool *out)
{
    ge_status st = summary_static(sm, out, "GetFeatureMemoryBaseRefreshable");
    if (st == GE_STATUS_SUCCESS)
        *out = sm->refreshable;
    return st;
}

ge_status ge_graph_summary_get_output_count(const ge_graph_summary *sm, size_t *out_count)
{
    if (!sm || !out_count) {
        ge_error_set("CompiledGraphSummary: %s is NULL", !sm ? "summary" : "out_count");
        return GE_STATUS_PARAM_INVALID;
    }
    *out_count = sm->n_outputs;
    return GE_STATUS_SUCCESS;
}

ge_status ge_graph_summary_get_output(const ge_graph_summary *sm, size_t index, ge_dtype *out_dtype,
                                      int64_t *out_dims, size_t capacity, size_t *out_rank)
{
    ge_status st = summary_static(sm, out_rank, "GetOutputShapes");
    if (st != GE_STATUS_SUCCESS)
        return st;
    if (index >= sm->n_outputs) {
        ge_error_set("CompiledGraphSummary: output %zu out of range (the graph has %zu outputs)", index,
                     sm->n_outputs);
        return GE_STATUS_PARAM_INVALID;
    }
    const ir_shape *sh = &sm->shapes[index];
    if ((size_t)sh->rank > capacity || (sh->rank > 0 && !out_dims)) {
        ge_error_set("CompiledGraphSummary: output %zu has rank %d; dims capacity is %zu", index, sh->rank,
                     capacity);
        return GE_STATUS_PARAM_INVALID;
    }
    for (int32_t d = 0; d < sh->rank; d++)
        out_dims[d] = sh->dims[d];
    *out_rank = (size_t)sh->rank;
    if (out_dtype)
        *out_dtype = sm->dtypes[index];
    return GE_STATUS_SUCCESS;
}

/* ---- user-owned memory bases ---- */

static ge_status static_graph_for_base(ge_session *s, uint32_t graph_id, const char *call, const void *memory,
                                       sess_graph **out)
{
    ge_status st = sess_graph_acquire(s, graph_id, call, out);
    if (st != GE_STATUS_SUCCESS)
        return st;
    sess_graph *g = *out;
    pthread_mutex_lock(&g->lock);
    bool compiled = g->compiled, is_static = g->static_plan && g->static_plan->is_static;
    pthread_mutex_unlock(&g->lock);
    if (!compiled || !is_static || !memory) {
        ge_error_set("%s: graph %u: %s", call, graph_id,
                     !compiled ? "CompileGraph must come first"
                     : !is_static ? "only static graphs take user memory bases"
                                  : "memory is NULL");
        sess_graph_release(s, g);
        return !memory && compiled && is_static ? GE_STATUS_PARAM_INVALID : GE_STATUS_FAILED;
    }
    return GE_STATUS_SUCCESS;
}

ge_status ge_session_set_graph_const_memory_base(ge_session *s, uint32_t graph_id, const void *memory,
                                                 size_t size)
{
    sess_graph *g;
    ge_status st = static_graph_for_base(s, graph_id, "SetGraphConstMemoryBase", memory, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    pthread_mutex_lock(&g->lock);
    const exec_plan *p = g->static_plan;
    if (g->const_base_set) {
        ge_error_set("SetGraphConstMemoryBase: graph %u: the const memory base is already set (once per graph)",
                     graph_id);
        st = GE_STATUS_FAILED;
    } else if (size < p->const_size) {
        ge_error_set("SetGraphConstMemoryBase: graph %u: size %zu is below the const memory size %zu", graph_id,
                     size, p->const_size);
        st = GE_STATUS_PARAM_INVALID;
    } else {
        size_t off = 0;
        for (size_t i = 0; i < p->n_consts; i++) {
            char *dst = (char *)memory + off;
            if (p->consts[i]->data.bytes)
                memcpy(dst, p->consts[i]->data.data, p->consts[i]->data.bytes);
            g->const_ptrs[i] = dst;
            off += align64(p->consts[i]->data.bytes);
        }
        g->const_base_set = true;
    }
    pthread_mutex_unlock(&g->lock);
    sess_graph_release(s, g);
    return st;
}

ge_status ge_session_update_graph_feature_memory_base(ge_session *s, uint32_t graph_id, const void *memory,
                                                      size_t size)
{
    sess_graph *g;
    ge_status st = static_graph_for_base(s, graph_id, "UpdateGraphFeatureMemoryBase", memory, &g);
    if (st != GE_STATUS_SUCCESS)
        return st;
    pthread_mutex_lock(&g->lock);
    if (g->feature_base_set && !g->refreshable) {
        ge_error_set("UpdateGraphFeatureMemoryBase: graph %u: the feature memory base is already set and the "
                     "graph is not refreshable (set ge.featureBaseRefreshable=1)",
                     graph_id);
        st = GE_STATUS_FAILED;
    } else if (size < g->static_plan->arena_size) {
        ge_error_set("UpdateGraphFeatureMemoryBase: graph %u: size %zu is below the feature memory size %zu",
                     graph_id, size, g->static_plan->arena_size);
        st = GE_STATUS_PARAM_INVALID;
    } else {
        g->feature_base = (void *)memory;
        g->feature_base_size = size;
        g->feature_base_set = true;
    }
    pthread_mutex_unlock(&g->lock);
    sess_graph_release(s, g);
    return st;
}

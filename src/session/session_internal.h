/* The session layer's shared state: the GE singleton, sessions, graph entries, external
 * allocators, and the run helpers the entry points share. Only src/session knows about
 * graph ids, options and allocators. */
#ifndef GEFLOW_SESSION_INTERNAL_H
#define GEFLOW_SESSION_INTERNAL_H

#include "base/options.h"
#include "exec/run.h"
#include "geflow/ge_session.h"
#include "ir/api_tensor.h"

#include <pthread.h>
#include <stdatomic.h>

/* A registered external allocator, shared by the runs and outputs that use it. */
typedef struct sess_allocator {
    ge_external_allocator api;
    atomic_int refs;
} sess_allocator;

void sess_allocator_ref(sess_allocator *a);
void sess_allocator_unref(sess_allocator *a);

/* Feature memory kept per (graph, stream): runs on one stream are ordered, so they share it. */
typedef struct sess_arena {
    const void *stream;
    void *mem;
    size_t size;
    struct sess_arena *next;
} sess_arena;

typedef struct sess_graph {
    uint32_t id;
    ir_graph *graph;     /* the session's own copy */
    ge_options *options; /* graph options (copied) */
    pthread_mutex_t lock; /* compile state, plans, arenas, memory bases */
    bool compiled;
    exec_plan *static_plan; /* built at compile when the inputs are static */
    exec_plan **plans;      /* specialisations for dynamic inputs, by input shapes */
    size_t n_plans;
    bool *host_inputs;      /* per input: may be host memory (ge.exec.hostInputIndexes) */
    bool refreshable;       /* ge.featureBaseRefreshable=1 */
    void **const_ptrs;      /* per constant: user const memory (NULL: the graph's own) */
    bool const_base_set;
    void *feature_base;
    size_t feature_base_size;
    bool feature_base_set;
    sess_arena *arenas;
    int refs;               /* calls and queued runs using the entry (session lock) */
    struct sess_graph *next;
} sess_graph;

typedef struct sess_stream_allocator {
    const void *stream;
    sess_allocator *allocator;
} sess_stream_allocator;

struct ge_session {
    uint64_t id;
    int32_t device;
    ge_options *options;
    pthread_mutex_t lock; /* graphs, allocators, refs */
    pthread_cond_t changed; /* a graph's refs or the async count dropped */
    sess_graph *graphs;
    sess_stream_allocator *allocators;
    size_t n_allocators, cap_allocators;
    int async_in_flight;
    struct ge_session *next; /* the global list */
};

/* ---- the GE singleton (ge_global.c) ---- */
bool sess_global_options_lookup(const char *key, char *buf, size_t size);
/* Registers a new session (assigning its id); NOT_INITIALIZED when GE is not. */
ge_status sess_global_link(ge_session *s);
/* Removes s from the live list; false when it is not there (already destroyed, or released
 * by ge_finalize). */
bool sess_global_unlink(ge_session *s);
/* Compares pointers only: a session released by ge_finalize is never dereferenced. */
bool sess_global_is_live(const ge_session *s);
/* Drains and frees a session already unlinked from the live list. */
void sess_session_free(ge_session *s);

/* ---- graph entries (session.c) ---- */
/* Finds graph_id and takes a reference (released with sess_graph_release). */
ge_status sess_graph_acquire(ge_session *s, uint32_t graph_id, const char *call, sess_graph **out);
void sess_graph_release(ge_session *s, sess_graph *g);
/* Compiles under g->lock if not done yet. */
ge_status sess_graph_compile(ge_session *s, sess_graph *g);
/* The allocator registered for stream, with a reference taken; NULL when none. */
sess_allocator *sess_stream_allocator_get(ge_session *s, const void *stream);

/* ---- runs (run_common.c) ---- */
/* Checks inputs (count, presence, dtype, rank/dims against the graph, byte sizes) and, for
 * device runs, their placement. Fills shapes (g->n_inputs entries). */
ge_status sess_check_inputs(ge_session *s, sess_graph *g, size_t n_inputs, const ge_tensor *const *inputs,
                            bool device_run, int32_t device, ir_shape *shapes);
/* The plan for these input shapes (static, cached, or built now). */
ge_status sess_plan_for(sess_graph *g, const ir_shape *shapes, const exec_plan **out);
/* Checks the output slots: count, dtype, capacity of provided buffers, and placement for
 * device runs; expected shapes from the plan (NULL shapes: unknown until the run). */
ge_status sess_check_outputs(sess_graph *g, const exec_plan *p, size_t n_outputs, ge_tensor **outputs,
                             bool device_run, int32_t device);
/* Compiles if needed, checks inputs, finds the plan for their shapes, checks outputs. */
ge_status sess_prepare_run(ge_session *s, sess_graph *g, size_t n_inputs, const ge_tensor *const *inputs,
                           size_t n_outputs, ge_tensor **outputs, bool device_run, const exec_plan **out_plan);
/* Gives every unprovided output memory: external allocator (when alloc != NULL), device
 * memory of `device` (device >= 0), or host memory (device < 0). created[i] records slots
 * the engine created (NULL on entry), so a failure can undo them. */
ge_status sess_provide_outputs(sess_graph *g, size_t n_outputs, ge_tensor **outputs, const ge_dtype *dtypes,
                               const ir_shape *shapes, sess_allocator *alloc, int32_t device, bool *created);
/* Destroys the outputs the engine created (after a failure). */
void sess_undo_outputs(size_t n_outputs, ge_tensor **outputs, const bool *created);
/* Copies dynamic-run results into the output tensors (providing memory where needed). */
ge_status sess_deliver_outputs(sess_graph *g, const exec_plan *p, const ir_tensor *results, size_t n_outputs,
                               ge_tensor **outputs, sess_allocator *alloc, int32_t device, bool *created);
/* "graph <id>" prefix for messages. */
void sess_error_prefix(sess_graph *g, const char *call);

#endif

/* GE sessions: graphs added under ids, compiled on first use, run synchronously on host
 * tensors, asynchronously with a callback, or enqueued on an ACL stream with device memory
 * (ge_session_run_graph_with_stream_async — the seed's RunGraphWithStreamAsync).
 *
 * Lifetimes: ge_initialize starts GE (and ACL when it is not initialised; it holds one ACL
 * reference that ge_finalize drops — the user's aclFinalize ends ACL). Sessions need an
 * initialised GE. ge_finalize destroys the sessions still alive (later calls on them return
 * FAILED and ge_session_destroy on them does nothing, so a C++ Session may outlive
 * GEFinalize) and returns SUCCESS when GE was not initialised; ge_initialize after
 * ge_finalize starts afresh.
 *
 * Output slots (every run function): `outputs` has n_outputs entries, n_outputs equal to the
 * graph's output count.
 *   - NULL: the engine creates the tensor and stores it there; the caller destroys it.
 *   - a tensor with data: the engine writes the result there (the buffer keeps its address);
 *     it must hold the output's bytes, else the run is refused before anything runs.
 *   - a tensor without data: the engine sets its shape and data (with a release callback) and
 *     the caller destroys it as usual.
 * Engine-provided output memory comes from the stream's external allocator when one is
 * registered (its malloc is called on the calling thread, once per such output; destroying
 * the tensor calls its free), else from the graph's built-in allocator (device memory the
 * user owns until the tensor is destroyed; a later run never reuses it). Destroying such a
 * tensor after the graph is removed or the session destroyed is allowed and safe.
 *
 * Status codes are the GE values; each failure leaves a message naming the graph id, the
 * index and the mismatch (ge_get_error_message()). */
#ifndef GEFLOW_GE_SESSION_H
#define GEFLOW_GE_SESSION_H

#include "geflow/ge_graph.h"
#include "geflow/ge_options.h"
#include "geflow/ge_tensor.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- global ---- */
/* options may be NULL. Keys honoured: ge.exec.deviceId, ge.graphRunMode; others are
 * recorded (unknown keys warned about). Repeating it while initialised returns SUCCESS. */
GEFLOW_API ge_status ge_initialize(const ge_options *options);
GEFLOW_API ge_status ge_finalize(void);
GEFLOW_API bool ge_is_initialized(void);

/* ---- sessions ---- */
typedef struct ge_session ge_session;

/* options may be NULL; they fall back to the ge_initialize options. ge.session_device_id
 * (else ge.exec.deviceId, else 0) chooses the device. */
GEFLOW_API ge_status ge_session_create(const ge_options *options, ge_session **out_session);
/* Waits for the session's runs in flight, removes its graphs. Accepts NULL, and a session
 * already released by ge_finalize (then it does nothing). */
GEFLOW_API void ge_session_destroy(ge_session *session);
/* Unique per process, > 0. */
GEFLOW_API uint64_t ge_session_get_id(const ge_session *session);

/* Adds a deep copy of `graph` under graph_id (the caller keeps its graph). Graph options
 * override session options for this graph: ge.exec.hostInputIndexes ("0;2"),
 * ge.featureBaseRefreshable ("1"), ge.oo.level, ge.exec.precision_mode(_v2) (recorded: geflow
 * computes in the graph's own precision), ... An id in use gives GE_STATUS_GRAPH_ID_EXISTS. */
GEFLOW_API ge_status ge_session_add_graph(ge_session *session, uint32_t graph_id, const ge_graph *graph,
                                          const ge_options *options);
/* Waits for the graph's runs in flight, then unloads and forgets it. */
GEFLOW_API ge_status ge_session_remove_graph(ge_session *session, uint32_t graph_id);
/* Validates and plans the graph now (a run does it on first use otherwise). */
GEFLOW_API ge_status ge_session_compile_graph(ge_session *session, uint32_t graph_id);
/* Compiles if needed and binds the graph to `stream` (options: ge.exec.hostInputIndexes,
 * ge.exec.frozenInputIndexes). */
GEFLOW_API ge_status ge_session_load_graph(ge_session *session, uint32_t graph_id,
                                           const ge_options *options, void *stream);
/* The number of outputs of a graph (after add; no compile needed). */
GEFLOW_API ge_status ge_session_get_graph_output_count(ge_session *session, uint32_t graph_id,
                                                       size_t *out_count);

/* Synchronous run on host tensors: returns when the outputs are ready. */
GEFLOW_API ge_status ge_session_run_graph(ge_session *session, uint32_t graph_id, size_t n_inputs,
                                          const ge_tensor *const *inputs, size_t n_outputs,
                                          ge_tensor **outputs);

/* Called once per ge_session_run_graph_async, on an engine thread, with the run's status and
 * its outputs (engine-created host tensors; the callback owns them and destroys each; on
 * failure n_outputs is 0). */
typedef void (*ge_run_callback)(ge_status status, size_t n_outputs, ge_tensor **outputs, void *user);
/* Starts a run on host tensors and returns; inputs must stay valid until the callback. */
GEFLOW_API ge_status ge_session_run_graph_async(ge_session *session, uint32_t graph_id, size_t n_inputs,
                                                const ge_tensor *const *inputs, ge_run_callback callback,
                                                void *user);

/* The seed's call: compiles and loads on first use (errors returned here), checks inputs and
 * outputs, then enqueues the run on `stream` (from aclrtCreateStream, in the default context
 * of the session's device) and returns without waiting. Results are valid after
 * aclrtSynchronizeStream(stream); errors found while the run executes are reported there.
 * Inputs must be device memory of the stream's device, except the indexes listed in
 * ge.exec.hostInputIndexes. Inputs and outputs must stay alive until the stream is
 * synchronized. When an output's size depends on input data and the output is left to the
 * engine, the call waits for the stream to reach the run and executes it before returning. */
GEFLOW_API ge_status ge_session_run_graph_with_stream_async(ge_session *session, uint32_t graph_id,
                                                            void *stream, size_t n_inputs,
                                                            const ge_tensor *const *inputs,
                                                            size_t n_outputs, ge_tensor **outputs);

/* ---- external allocators (per stream) ---- */
typedef struct ge_external_allocator {
    /* Returns a block handle (NULL on failure) and sets *out_addr to its memory. */
    void *(*malloc)(void *user, size_t size, void **out_addr);
    /* Returns a block from malloc / malloc_advise. */
    void (*free)(void *user, void *block);
    /* Optional (may be NULL): malloc with a placement hint. */
    void *(*malloc_advise)(void *user, size_t size, void *addr, void **out_addr);
    /* Optional (may be NULL): called once when the engine no longer refers to the allocator
     * (unregistered or replaced, and no run in flight uses it; or the session destroyed). */
    void (*release)(void *user);
    void *user;
} ge_external_allocator;

/* The struct is copied. On one stream the last registration wins. Feature memory of runs on
 * that stream comes from it too (malloc'd when the run starts executing, freed when it ends). */
GEFLOW_API ge_status ge_session_register_external_allocator(ge_session *session, const void *stream,
                                                            const ge_external_allocator *allocator);
/* Unregistering an unknown stream, or twice, succeeds. */
GEFLOW_API ge_status ge_session_unregister_external_allocator(ge_session *session, const void *stream);

/* ---- compiled-graph summary ---- */
typedef struct ge_graph_summary ge_graph_summary;

/* Compiles if needed; the caller destroys the summary. */
GEFLOW_API ge_status ge_session_get_graph_summary(ge_session *session, uint32_t graph_id,
                                                  ge_graph_summary **out_summary);
GEFLOW_API void ge_graph_summary_destroy(ge_graph_summary *summary);
GEFLOW_API bool ge_graph_summary_is_static(const ge_graph_summary *summary);
/* The getters below fail (FAILED) on a dynamic graph, as the vendor's do. */
GEFLOW_API ge_status ge_graph_summary_get_const_memory_size(const ge_graph_summary *summary, size_t *out_size);
GEFLOW_API ge_status ge_graph_summary_get_feature_memory_size(const ge_graph_summary *summary, size_t *out_size);
GEFLOW_API ge_status ge_graph_summary_get_refreshable(const ge_graph_summary *summary, bool *out_refreshable);
GEFLOW_API ge_status ge_graph_summary_get_output_count(const ge_graph_summary *summary, size_t *out_count);
/* Output i's dtype and shape (up to capacity dims). */
GEFLOW_API ge_status ge_graph_summary_get_output(const ge_graph_summary *summary, size_t index,
                                                 ge_dtype *out_dtype, int64_t *out_dims, size_t capacity,
                                                 size_t *out_rank);

/* ---- user-owned memory for static graphs (after compile) ---- */
/* Once per graph: the constants are copied into `memory` (size >= const memory size) and
 * read from there. */
GEFLOW_API ge_status ge_session_set_graph_const_memory_base(ge_session *session, uint32_t graph_id,
                                                            const void *memory, size_t size);
/* Runs use `memory` (size >= feature memory size) as feature memory. Repeatable only when
 * the graph is refreshable (ge.featureBaseRefreshable=1); the memory must stay valid while
 * runs that use it are in flight. */
GEFLOW_API ge_status ge_session_update_graph_feature_memory_base(ge_session *session, uint32_t graph_id,
                                                                 const void *memory, size_t size);

#ifdef __cplusplus
}
#endif

#endif

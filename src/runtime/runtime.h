/* Internal runtime API for the session/executor layers (the public face is include/acl/).
 *
 * All functions are thread-safe. Handles passed in are validated through the runtime's
 * registry before use: destroyed or random pointers give an error code and a message, never
 * a dereference. On failure a message is left in the thread-local error store
 * (base/error.h). */
#ifndef GEFLOW_RUNTIME_RUNTIME_H
#define GEFLOW_RUNTIME_RUNTIME_H

#include "acl/acl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- ACL lifetime ---- */

/* True between aclInit and aclFinalize. */
bool rt_acl_is_initialized(void);
/* Initialises ACL when it is not (as aclInit(NULL)) and takes one reference either way
 * (GEInitialize). Returns ACL_SUCCESS or the aclInit failure. */
aclError rt_acl_retain(void);
/* Drops a reference taken by rt_acl_retain (GEFinalize). Never finalizes ACL: the user's
 * aclFinalize does. */
void rt_acl_release(void);

/* ---- memory classification ---- */

enum rt_mem_kind {
    RT_MEM_HOST = 0,   /* plain (pageable) host memory: not from the runtime */
    RT_MEM_DEVICE = 1, /* inside a block from aclrtMalloc / rt_device_malloc */
    RT_MEM_PINNED = 2, /* inside a block from aclrtMallocHost */
};

/* Classifies p in O(log n). For a device or pinned block, out_device (device id, -1 for
 * pinned), out_base and out_size (the usable size of the block; p may point inside it) are
 * set when non-NULL; for plain host memory they are set to -1 / NULL / 0. */
enum rt_mem_kind rt_memory_lookup(const void *p, int32_t *out_device, void **out_base,
                                  size_t *out_size);

/* Device memory for the engine's own use (counts against the device's capacity, 64-byte
 * aligned, visible to rt_memory_lookup). ACL_ERROR_RT_MEMORY_ALLOCATION over capacity. */
aclError rt_device_malloc(int32_t device, size_t size, void **out_ptr);
/* Frees a block from rt_device_malloc or aclrtMalloc; NULL is accepted. */
aclError rt_device_free(void *ptr);

/* ---- streams ---- */

/* A task: its returned code (non-zero = failure) becomes the stream's sticky error, with the
 * message the task left in the error store; the next synchronize reports it. */
typedef aclError (*rt_task_fn)(void *ctx);
/* Called exactly once per enqueued task after it ran or was skipped (a task enqueued behind
 * a sticky error is skipped), or when the stream is torn down. May be NULL. */
typedef void (*rt_cleanup_fn)(void *ctx);

/* Enqueues a generic task on stream s (NULL = the current context's default stream). On
 * failure (bad handle, no memory) the task is not enqueued and cleanup is NOT called. */
aclError rt_stream_enqueue(aclrtStream s, rt_task_fn fn, void *ctx, rt_cleanup_fn cleanup);
/* Checks that s is a live stream handle (NULL is refused here: it is not a handle). */
aclError rt_stream_validate(aclrtStream s);
/* Sets *out (true/false) to whether s belongs to a device's default context (the one
 * aclrtSetDevice creates) — as opposed to an explicit aclrtCreateContext context. */
aclError rt_stream_is_default_context(aclrtStream s, bool *out);
/* The stream's device id and context. */
aclError rt_stream_device(aclrtStream s, int32_t *out_device);
aclError rt_stream_context(aclrtStream s, aclrtContext *out_context);
/* Waits for s. timeout_ms: -1 forever, 0 poll, >0 milliseconds. help: the waiting thread runs
 * the stream's queued tasks itself (in order) instead of waiting for the worker; timed waits
 * never help. Returns and clears the sticky error like aclrtSynchronizeStream. */
aclError rt_stream_synchronize(aclrtStream s, int32_t timeout_ms, bool help);

/* ---- events ---- */

/* Checks that e is a live event handle. */
aclError rt_event_validate(aclrtEvent e);

/* ---- devices and the compute pool ---- */

/* Number of devices (GEFLOW_DEVICE_COUNT, default 1); 0 before aclInit. */
int32_t rt_device_count(void);
/* The calling thread's current device, or ACL_ERROR_RT_CONTEXT_NULL when none is set. */
aclError rt_current_device(int32_t *out_device);

typedef struct rt_pool rt_pool;
/* The device's persistent compute pool (GEFLOW_NUM_THREADS participants including the
 * caller, default = online cores), created on first use; NULL before aclInit or for a bad
 * device id. */
rt_pool *rt_device_pool(int32_t device);
/* Participants (worker threads + the calling thread). */
int rt_pool_size(const rt_pool *pool);
/* Calls fn(ctx, begin, end) over disjoint ranges covering [0, n) and returns when all ran.
 * The calling thread participates. Runs inline (one call fn(ctx, 0, n)) when pool is NULL,
 * the pool has one participant, it is busy with another parallel-for (concurrent streams), or
 * the caller is itself inside a parallel-for (nesting). Workers sleep when idle. */
void rt_parallel_for(rt_pool *pool, size_t n, void (*fn)(void *ctx, size_t begin, size_t end),
                     void *ctx);

/* Monotonic clock in nanoseconds (event timestamps). */
uint64_t rt_now_ns(void);

#endif

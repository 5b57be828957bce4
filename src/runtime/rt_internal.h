/* Private to src/runtime: the runtime singleton and the object layouts. */
#ifndef GEFLOW_RUNTIME_RT_INTERNAL_H
#define GEFLOW_RUNTIME_RT_INTERNAL_H

#include "runtime/runtime.h"

#include "base/alloc.h"
#include "base/error.h"
#include "base/log.h"

#include <pthread.h>
#include <stdatomic.h>

enum { RT_MSG_CAPACITY = 1024, RT_MAX_DEVICES = 64 };

/* Sets the message and evaluates to code. */
#define RT_FAIL(code, ...) (ge_error_set(__VA_ARGS__), (aclError)(code))

/* Handle kinds in the registry. */
enum rt_handle_kind { RT_H_CONTEXT = 1, RT_H_STREAM = 2, RT_H_EVENT = 3 };

/* ---- sorted range array (handle registry and memory registry) ---- */
typedef struct rt_range {
    uintptr_t base;
    size_t size;  /* usable size (what lookup reports; 1 for handles) */
    size_t alloc; /* bytes charged against capacity */
    int32_t tag;  /* device id (memory: -1 = pinned host) or handle kind */
} rt_range;

typedef struct rt_ranges {
    rt_range *v;
    size_t n, cap;
} rt_ranges;

int rt_ranges_insert(rt_ranges *r, rt_range e); /* 0 ok, -1 no memory */
/* Index of the entry whose [base, base+max(size,1)) contains p, or -1. */
long rt_ranges_find(const rt_ranges *r, uintptr_t p);
/* Index of the entry with exactly this base, or -1. */
long rt_ranges_find_exact(const rt_ranges *r, uintptr_t base);
void rt_ranges_remove_at(rt_ranges *r, size_t i);
void rt_ranges_free(rt_ranges *r);

/* ---- objects ---- */
typedef struct rt_task {
    struct rt_task *next;
    rt_task_fn fn;
    rt_cleanup_fn cleanup;
    void *ctx;
    unsigned flags;
    /* arguments of the built-in tasks (memcpy, memset, event, callback) */
    void *a0;
    const void *a1;
    size_t n;
    uint64_t u;
} rt_task;

enum { RT_TASK_ALWAYS = 1 }; /* runs even behind a sticky error (events, callbacks) */

struct rt_reporter;
struct rt_context;

typedef struct rt_stream {
    int32_t device;
    struct rt_context *ctx;
    bool is_default_stream;
    bool in_default_ctx;
    atomic_int refs;
    pthread_mutex_t lock;
    pthread_cond_t cv_work;
    pthread_cond_t cv_done;
    rt_task *head, *tail;
    uint64_t enq, done;
    atomic_uint_fast64_t enq_hint, done_hint; /* copies of enq/done for lock-free spinning */
    bool running, worker_started, worker_waiting, stop;
    int waiters;
    pthread_t worker;
    aclError sticky;
    char sticky_msg[RT_MSG_CAPACITY];
    struct rt_reporter *reporter; /* guarded by the report lock */
} rt_stream;

typedef struct rt_context {
    int32_t device;
    bool is_default;
    rt_stream *default_stream;
} rt_context;

/* Makes c the calling thread's current context: a stream worker runs its tasks in the
 * stream's context, so host work on it (an allocator calling aclrtMalloc) sees a device. */
void rt_adopt_context(struct rt_context *c);

typedef struct rt_event {
    uint32_t flags;
    atomic_int refs;
    pthread_mutex_t lock;
    pthread_cond_t cv;
    uint64_t issued;    /* records issued */
    uint64_t completed; /* highest record generation executed */
    bool recorded;      /* a record was issued and not reset */
    uint64_t ts_ns;
} rt_event;

typedef struct rt_device {
    int set_count;
    rt_context *default_ctx;
    struct rt_pool *pool;
} rt_device;

typedef struct rt_global {
    pthread_mutex_t lock; /* guards everything below */
    atomic_bool initialized;
    uint64_t refcount;
    uint64_t epoch; /* bumped by aclFinalize: stale thread-local contexts are ignored */
    int32_t device_count;
    int num_threads;
    rt_device devices[RT_MAX_DEVICES];
    rt_ranges handles;
} rt_global;

extern rt_global rt_g;

/* Fails with ACL_ERROR_UNINITIALIZE (and a message naming fn) before aclInit. */
aclError rt_require_init(const char *fn);
/* The calling thread's current context (validated), or NULL. Caller holds rt_g.lock. */
rt_context *rt_current_context_locked(void);
void rt_clear_current_context_if(rt_context *c);

/* Stream handles: resolve (NULL = current default stream) and take a reference. */
aclError rt_stream_acquire(const char *fn, aclrtStream s, rt_stream **out);
void rt_stream_release(rt_stream *s);
rt_stream *rt_stream_create_locked(rt_context *ctx, bool is_default); /* NULL: no memory */
/* Drains, stops the worker, joins it and drops the registry's reference. */
void rt_stream_teardown(rt_stream *s);
rt_task *rt_task_new(rt_task_fn fn, void *ctx, rt_cleanup_fn cleanup, unsigned flags);
/* Runs t's cleanup and frees it (a task that could not be submitted). */
void rt_task_discard(rt_task *t);
/* Appends t (ownership passes on success; on failure the caller still owns t). */
aclError rt_stream_submit(rt_stream *s, rt_task *t);
/* Waits until the stream completed everything enqueued before the call. */
aclError rt_stream_wait(rt_stream *s, int32_t timeout_ms, bool help, bool take_sticky);
bool rt_stream_is_idle(rt_stream *s);

aclError rt_event_acquire(const char *fn, aclrtEvent e, rt_event **out);
void rt_event_release(rt_event *e);

/* memory module */
aclError rt_memory_init(int32_t device_count, size_t capacity);
void rt_memory_finalize(void);

/* report module */
void rt_report_stream_gone(rt_stream *s);
void rt_report_finalize(void);

/* pool module */
struct rt_pool *rt_pool_create(int participants);
void rt_pool_destroy(struct rt_pool *p);

#endif

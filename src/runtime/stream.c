/* Streams: an ordered task queue run by a worker thread. A thread that synchronizes may run
 * the queued tasks itself (worker and waiter take tasks from the same queue, one at a time,
 * in order), which saves the thread handoff for "enqueue, then synchronize". */
#include "runtime/rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void cond_init_monotonic(pthread_cond_t *cv)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(cv, &a);
    pthread_condattr_destroy(&a);
}

static struct timespec deadline_after(int32_t ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

rt_task *rt_task_new(rt_task_fn fn, void *ctx, rt_cleanup_fn cleanup, unsigned flags)
{
    rt_task *t = ge_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->ctx = ctx;
    t->cleanup = cleanup;
    t->flags = flags;
    return t;
}

void rt_task_discard(rt_task *t)
{
    if (t->cleanup)
        t->cleanup(t->ctx);
    ge_free(t);
}

static void task_finish(rt_task *t)
{
    if (t->cleanup)
        t->cleanup(t->ctx);
    ge_free(t);
}

/* Runs the head task. Called with s->lock held, the queue non-empty and nobody running;
 * returns with the lock held. */
static void run_one_locked(rt_stream *s)
{
    rt_task *t = s->head;
    s->head = t->next;
    if (!s->head)
        s->tail = NULL;
    s->running = true;
    bool skip = s->sticky != ACL_SUCCESS && !(t->flags & RT_TASK_ALWAYS);
    pthread_mutex_unlock(&s->lock);

    aclError err = ACL_SUCCESS;
    char msg[RT_MSG_CAPACITY];
    msg[0] = '\0';
    if (!skip && t->fn) {
        ge_error_clear();
        err = t->fn(t->ctx);
        if (err != ACL_SUCCESS) {
            snprintf(msg, sizeof msg, "%s", ge_error_peek());
            ge_error_clear();
        }
    }
    task_finish(t);

    pthread_mutex_lock(&s->lock);
    if (err != ACL_SUCCESS && s->sticky == ACL_SUCCESS) {
        s->sticky = err;
        if (msg[0])
            snprintf(s->sticky_msg, sizeof s->sticky_msg, "%s", msg);
        else
            snprintf(s->sticky_msg, sizeof s->sticky_msg, "a task on the stream failed with code %d", err);
    }
    s->done++;
    atomic_store_explicit(&s->done_hint, s->done, memory_order_release);
    s->running = false;
    if (s->waiters)
        pthread_cond_broadcast(&s->cv_done);
    if (s->head && s->worker_waiting)
        pthread_cond_signal(&s->cv_work);
}

/* How long a worker (or a waiter that does not run tasks) spins on the lock-free hints
 * before it sleeps: a handoff through a futex costs tens of microseconds on some machines.
 * Spinning happens only right after activity and is bounded (GEFLOW_STREAM_SPIN_US,
 * default 50; 0 turns it off); an idle stream's worker sleeps. */
static uint64_t spin_ns(void)
{
    static atomic_llong cached = -1;
    long long v = atomic_load_explicit(&cached, memory_order_relaxed);
    if (v < 0) {
        const char *e = getenv("GEFLOW_STREAM_SPIN_US");
        v = e && *e ? atoll(e) * 1000 : 50000;
        if (v < 0)
            v = 0;
        atomic_store_explicit(&cached, v, memory_order_relaxed);
    }
    return (uint64_t)v;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* Spins (lock not held) until *hint != seen or the spin budget is spent; true if it changed. */
static bool spin_until_changed(atomic_uint_fast64_t *hint, uint64_t seen)
{
    uint64_t budget = spin_ns();
    if (!budget)
        return false;
    uint64_t start = rt_now_ns();
    for (unsigned i = 1;; i++) {
        if (atomic_load_explicit(hint, memory_order_acquire) != seen)
            return true;
        cpu_relax();
        if ((i & 63) == 0 && rt_now_ns() - start > budget)
            return false;
    }
}

static void *worker_main(void *arg)
{
    rt_stream *s = arg;
    rt_adopt_context(s->ctx);
    pthread_mutex_lock(&s->lock);
    for (;;) {
        if (s->head && !s->running) {
            run_one_locked(s);
            continue;
        }
        if (s->stop)
            break;
        if (!s->head) {
            uint64_t seen = s->enq;
            pthread_mutex_unlock(&s->lock);
            bool changed = spin_until_changed(&s->enq_hint, seen);
            pthread_mutex_lock(&s->lock);
            if (changed)
                continue;
        }
        if (s->head && !s->running)
            continue;
        if (s->stop)
            break;
        s->worker_waiting = true;
        pthread_cond_wait(&s->cv_work, &s->lock);
        s->worker_waiting = false;
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

rt_stream *rt_stream_create_locked(rt_context *ctx, bool is_default)
{
    rt_stream *s = ge_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->device = ctx->device;
    s->ctx = ctx;
    s->is_default_stream = is_default;
    s->in_default_ctx = ctx->is_default;
    atomic_init(&s->refs, 1);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cv_work, NULL);
    cond_init_monotonic(&s->cv_done);
    if (rt_ranges_insert(&rt_g.handles, (rt_range){(uintptr_t)s, 1, 0, RT_H_STREAM}) != 0) {
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->cv_work);
        pthread_cond_destroy(&s->cv_done);
        ge_free(s);
        return NULL;
    }
    return s;
}

void rt_stream_release(rt_stream *s)
{
    if (atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    /* Last reference: the worker is joined (teardown ran) or was never started. */
    rt_task *t = s->head;
    while (t) {
        rt_task *next = t->next;
        task_finish(t);
        t = next;
    }
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cv_work);
    pthread_cond_destroy(&s->cv_done);
    ge_free(s);
}

aclError rt_stream_submit(rt_stream *s, rt_task *t)
{
    pthread_mutex_lock(&s->lock);
    if (s->stop) {
        pthread_mutex_unlock(&s->lock);
        return RT_FAIL(ACL_ERROR_RT_INVALID_HANDLE, "stream %p is being destroyed", (void *)s);
    }
    if (!s->worker_started) {
        if (pthread_create(&s->worker, NULL, worker_main, s) != 0) {
            pthread_mutex_unlock(&s->lock);
            return RT_FAIL(ACL_ERROR_RT_RESOURCE_ALLOC_FAIL, "cannot start the worker thread of stream %p",
                           (void *)s);
        }
        s->worker_started = true;
    }
    t->next = NULL;
    if (s->tail)
        s->tail->next = t;
    else
        s->head = t;
    s->tail = t;
    s->enq++;
    atomic_store_explicit(&s->enq_hint, s->enq, memory_order_release);
    if (s->worker_waiting && !s->running)
        pthread_cond_signal(&s->cv_work);
    pthread_mutex_unlock(&s->lock);
    return ACL_SUCCESS;
}

aclError rt_stream_wait(rt_stream *s, int32_t timeout_ms, bool help, bool take_sticky)
{
    struct timespec deadline;
    if (timeout_ms > 0)
        deadline = deadline_after(timeout_ms);
    if (timeout_ms >= 0)
        help = false;
    pthread_mutex_lock(&s->lock);
    uint64_t target = s->enq;
    bool timed_out = false;
    s->waiters++;
    while (s->done < target) {
        if (help && s->head && !s->running) {
            run_one_locked(s);
            continue;
        }
        if (timeout_ms == 0) {
            timed_out = true;
            break;
        }
        if (timeout_ms < 0) {
            uint64_t seen = s->done;
            pthread_mutex_unlock(&s->lock);
            bool changed = spin_until_changed(&s->done_hint, seen);
            pthread_mutex_lock(&s->lock);
            if (changed || s->done != seen)
                continue;
        }
        if (timeout_ms > 0) {
            if (pthread_cond_timedwait(&s->cv_done, &s->lock, &deadline) == ETIMEDOUT && s->done < target) {
                timed_out = true;
                break;
            }
        } else {
            pthread_cond_wait(&s->cv_done, &s->lock);
        }
    }
    s->waiters--;
    aclError err = ACL_SUCCESS;
    char msg[RT_MSG_CAPACITY];
    if (!timed_out && take_sticky && s->sticky != ACL_SUCCESS) {
        err = s->sticky;
        snprintf(msg, sizeof msg, "%s", s->sticky_msg);
        s->sticky = ACL_SUCCESS;
        s->sticky_msg[0] = '\0';
    }
    pthread_mutex_unlock(&s->lock);
    if (timed_out)
        return RT_FAIL(ACL_ERROR_RT_STREAM_SYNC_TIMEOUT, "stream %p did not finish within %d ms", (void *)s,
                       (int)timeout_ms);
    if (err)
        ge_error_set("%s", msg);
    return err;
}

bool rt_stream_is_idle(rt_stream *s)
{
    pthread_mutex_lock(&s->lock);
    bool idle = s->done == s->enq;
    pthread_mutex_unlock(&s->lock);
    return idle;
}

void rt_stream_teardown(rt_stream *s)
{
    (void)rt_stream_wait(s, -1, true, true);
    ge_error_clear();
    rt_report_stream_gone(s);
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    bool started = s->worker_started;
    pthread_cond_broadcast(&s->cv_work);
    pthread_mutex_unlock(&s->lock);
    if (started)
        pthread_join(s->worker, NULL);
    rt_stream_release(s);
}

/* ---- handles ---- */

aclError rt_stream_acquire(const char *fn, aclrtStream handle, rt_stream **out)
{
    pthread_mutex_lock(&rt_g.lock);
    rt_stream *s = NULL;
    if (!handle) {
        rt_context *c = rt_current_context_locked();
        if (!c) {
            pthread_mutex_unlock(&rt_g.lock);
            return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL,
                           "%s: stream is NULL (the default stream) and the thread has no current context "
                           "(call aclrtSetDevice first)", fn);
        }
        s = c->default_stream;
    } else {
        long i = rt_ranges_find_exact(&rt_g.handles, (uintptr_t)handle);
        if (i < 0 || rt_g.handles.v[i].tag != RT_H_STREAM) {
            pthread_mutex_unlock(&rt_g.lock);
            return RT_FAIL(ACL_ERROR_RT_INVALID_HANDLE, "%s: stream %p is not a live stream (destroyed or never created)",
                           fn, handle);
        }
        s = handle;
    }
    atomic_fetch_add(&s->refs, 1);
    pthread_mutex_unlock(&rt_g.lock);
    *out = s;
    return ACL_SUCCESS;
}

static aclError create_stream(const char *fn, aclrtStream *stream)
{
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    if (!stream)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: stream is NULL", fn);
    pthread_mutex_lock(&rt_g.lock);
    rt_context *c = rt_current_context_locked();
    if (!c) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL, "%s: the thread has no current context (call aclrtSetDevice first)", fn);
    }
    rt_stream *s = rt_stream_create_locked(c, false);
    pthread_mutex_unlock(&rt_g.lock);
    if (!s)
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "%s: out of memory", fn);
    *stream = s;
    return ACL_SUCCESS;
}

aclError aclrtCreateStream(aclrtStream *stream)
{
    return create_stream("aclrtCreateStream", stream);
}

aclError aclrtCreateStreamWithConfig(aclrtStream *stream, uint32_t priority, uint32_t flag)
{
    if (priority > 7)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtCreateStreamWithConfig: priority %u is out of range 0..7",
                       priority);
    if (flag & ~(uint32_t)(ACL_STREAM_FAST_LAUNCH | ACL_STREAM_FAST_SYNC))
        return RT_FAIL(ACL_ERROR_INVALID_PARAM,
                       "aclrtCreateStreamWithConfig: flag 0x%x has unknown bits (ACL_STREAM_FAST_LAUNCH | "
                       "ACL_STREAM_FAST_SYNC expected)", flag);
    return create_stream("aclrtCreateStreamWithConfig", stream);
}

aclError aclrtDestroyStream(aclrtStream stream)
{
    aclError err = rt_require_init("aclrtDestroyStream");
    if (err)
        return err;
    if (!stream)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtDestroyStream: stream is NULL (the default stream cannot be destroyed)");
    pthread_mutex_lock(&rt_g.lock);
    long i = rt_ranges_find_exact(&rt_g.handles, (uintptr_t)stream);
    if (i < 0 || rt_g.handles.v[i].tag != RT_H_STREAM) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_RT_INVALID_HANDLE,
                       "aclrtDestroyStream: stream %p is not a live stream (destroyed or never created)", stream);
    }
    rt_stream *s = stream;
    if (s->is_default_stream) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtDestroyStream: stream %p is a default stream", stream);
    }
    rt_ranges_remove_at(&rt_g.handles, (size_t)i);
    pthread_mutex_unlock(&rt_g.lock);
    rt_stream_teardown(s);
    return ACL_SUCCESS;
}

static aclError sync_stream(const char *fn, aclrtStream stream, int32_t timeout, bool help)
{
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    rt_stream *s;
    if ((err = rt_stream_acquire(fn, stream, &s)) != ACL_SUCCESS)
        return err;
    err = rt_stream_wait(s, timeout, help, true);
    rt_stream_release(s);
    if (err)
        ge_error_prefix("%s: ", fn);
    return err;
}

/* GEFLOW_SYNC_RUNS_TASKS=0 turns off the synchronize-runs-tasks path (for measurements). */
static bool sync_helps(void)
{
    static atomic_int cached = -1;
    int v = atomic_load_explicit(&cached, memory_order_relaxed);
    if (v < 0) {
        const char *e = getenv("GEFLOW_SYNC_RUNS_TASKS");
        v = !(e && e[0] == '0');
        atomic_store_explicit(&cached, v, memory_order_relaxed);
    }
    return v != 0;
}

aclError aclrtSynchronizeStream(aclrtStream stream)
{
    return sync_stream("aclrtSynchronizeStream", stream, -1, sync_helps());
}

aclError aclrtSynchronizeStreamWithTimeout(aclrtStream stream, int32_t timeout)
{
    if (timeout < -1)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM,
                       "aclrtSynchronizeStreamWithTimeout: timeout %d is invalid (-1 forever, 0 poll, >0 ms)",
                       (int)timeout);
    return sync_stream("aclrtSynchronizeStreamWithTimeout", stream, timeout, timeout == -1 && sync_helps());
}

aclError aclrtStreamQuery(aclrtStream stream, aclrtStreamStatus *status)
{
    aclError err = rt_require_init("aclrtStreamQuery");
    if (err)
        return err;
    if (!status)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtStreamQuery: status is NULL");
    rt_stream *s;
    if ((err = rt_stream_acquire("aclrtStreamQuery", stream, &s)) != ACL_SUCCESS)
        return err;
    *status = rt_stream_is_idle(s) ? ACL_STREAM_STATUS_COMPLETE : ACL_STREAM_STATUS_NOT_READY;
    rt_stream_release(s);
    return ACL_SUCCESS;
}

/* ---- internal API ---- */

aclError rt_stream_enqueue(aclrtStream stream, rt_task_fn fn, void *ctx, rt_cleanup_fn cleanup)
{
    aclError err = rt_require_init("rt_stream_enqueue");
    if (err)
        return err;
    if (!fn)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "rt_stream_enqueue: fn is NULL");
    rt_stream *s;
    if ((err = rt_stream_acquire("rt_stream_enqueue", stream, &s)) != ACL_SUCCESS)
        return err;
    rt_task *t = rt_task_new(fn, ctx, cleanup, 0);
    if (!t) {
        rt_stream_release(s);
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "rt_stream_enqueue: out of memory");
    }
    err = rt_stream_submit(s, t);
    if (err) {
        ge_free(t); /* not enqueued: the caller keeps ctx, cleanup is not called */
        ge_error_prefix("rt_stream_enqueue: ");
    }
    rt_stream_release(s);
    return err;
}

aclError rt_stream_validate(aclrtStream stream)
{
    if (!stream)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "stream is NULL (not a stream made by aclrtCreateStream)");
    rt_stream *s;
    aclError err = rt_stream_acquire("stream check", stream, &s);
    if (!err)
        rt_stream_release(s);
    return err;
}

static aclError stream_info(aclrtStream stream, bool *is_default, int32_t *device, aclrtContext *ctx)
{
    if (!stream)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "stream is NULL (not a stream made by aclrtCreateStream)");
    rt_stream *s;
    aclError err = rt_stream_acquire("stream check", stream, &s);
    if (err)
        return err;
    if (is_default)
        *is_default = s->in_default_ctx;
    if (device)
        *device = s->device;
    if (ctx)
        *ctx = s->ctx;
    rt_stream_release(s);
    return ACL_SUCCESS;
}

aclError rt_stream_is_default_context(aclrtStream s, bool *out)
{
    return stream_info(s, out, NULL, NULL);
}

aclError rt_stream_device(aclrtStream s, int32_t *out_device)
{
    return stream_info(s, NULL, out_device, NULL);
}

aclError rt_stream_context(aclrtStream s, aclrtContext *out_context)
{
    return stream_info(s, NULL, NULL, out_context);
}

aclError rt_stream_synchronize(aclrtStream stream, int32_t timeout_ms, bool help)
{
    return sync_stream("rt_stream_synchronize", stream, timeout_ms, help);
}

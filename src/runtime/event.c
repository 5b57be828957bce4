/* Events: a record is a task that stamps the time and marks its generation complete; a
 * stream wait is a task that blocks its stream until the generation seen at enqueue time
 * completes (an event never recorded completes at once, as the vendor does). */
#include "runtime/rt_internal.h"

#include <errno.h>
#include <time.h>

aclError rt_event_acquire(const char *fn, aclrtEvent handle, rt_event **out)
{
    if (!handle)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: event is NULL", fn);
    pthread_mutex_lock(&rt_g.lock);
    long i = rt_ranges_find_exact(&rt_g.handles, (uintptr_t)handle);
    if (i < 0 || rt_g.handles.v[i].tag != RT_H_EVENT) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_RT_INVALID_HANDLE, "%s: event %p is not a live event (destroyed or never created)", fn,
                       handle);
    }
    rt_event *e = handle;
    atomic_fetch_add(&e->refs, 1);
    pthread_mutex_unlock(&rt_g.lock);
    *out = e;
    return ACL_SUCCESS;
}

void rt_event_release(rt_event *e)
{
    if (atomic_fetch_sub(&e->refs, 1) != 1)
        return;
    pthread_mutex_destroy(&e->lock);
    pthread_cond_destroy(&e->cv);
    ge_free(e);
}

aclError rt_event_validate(aclrtEvent handle)
{
    rt_event *e;
    aclError err = rt_event_acquire("event check", handle, &e);
    if (!err)
        rt_event_release(e);
    return err;
}

static aclError create_event(const char *fn, aclrtEvent *event, uint32_t flag)
{
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    if (!event)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: event is NULL", fn);
    int32_t dev;
    if (rt_current_device(&dev) != ACL_SUCCESS)
        return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL, "%s: the thread has no current context (call aclrtSetDevice first)", fn);
    rt_event *e = ge_calloc(1, sizeof *e);
    if (!e)
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "%s: out of memory", fn);
    e->flags = flag;
    atomic_init(&e->refs, 1);
    pthread_mutex_init(&e->lock, NULL);
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&e->cv, &a);
    pthread_condattr_destroy(&a);
    pthread_mutex_lock(&rt_g.lock);
    int rc = rt_ranges_insert(&rt_g.handles, (rt_range){(uintptr_t)e, 1, 0, RT_H_EVENT});
    pthread_mutex_unlock(&rt_g.lock);
    if (rc != 0) {
        rt_event_release(e);
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "%s: out of memory", fn);
    }
    *event = e;
    return ACL_SUCCESS;
}

aclError aclrtCreateEvent(aclrtEvent *event)
{
    return create_event("aclrtCreateEvent", event, ACL_EVENT_SYNC);
}

aclError aclrtCreateEventWithFlag(aclrtEvent *event, uint32_t flag)
{
    if (flag & ~(uint32_t)(ACL_EVENT_SYNC | ACL_EVENT_CAPTURE_STREAM_PROGRESS | ACL_EVENT_TIME_LINE))
        return RT_FAIL(ACL_ERROR_INVALID_PARAM,
                       "aclrtCreateEventWithFlag: flag 0x%x has unknown bits (ACL_EVENT_SYNC | ACL_EVENT_TIME_LINE "
                       "expected)", flag);
    return create_event("aclrtCreateEventWithFlag", event, flag);
}

aclError aclrtDestroyEvent(aclrtEvent event)
{
    aclError err = rt_require_init("aclrtDestroyEvent");
    if (err)
        return err;
    if (!event)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtDestroyEvent: event is NULL");
    pthread_mutex_lock(&rt_g.lock);
    long i = rt_ranges_find_exact(&rt_g.handles, (uintptr_t)event);
    if (i < 0 || rt_g.handles.v[i].tag != RT_H_EVENT) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_RT_INVALID_HANDLE,
                       "aclrtDestroyEvent: event %p is not a live event (destroyed or never created)", event);
    }
    rt_ranges_remove_at(&rt_g.handles, (size_t)i);
    pthread_mutex_unlock(&rt_g.lock);
    rt_event_release(event); /* pending records and waits hold their own references */
    return ACL_SUCCESS;
}

static void event_task_cleanup(void *ctx)
{
    rt_task *t = ctx;
    rt_event_release(t->a0);
}

static aclError record_task(void *ctx)
{
    rt_task *t = ctx;
    rt_event *e = t->a0;
    uint64_t now = rt_now_ns();
    pthread_mutex_lock(&e->lock);
    if (t->u > e->completed) {
        e->completed = t->u;
        e->ts_ns = now;
    }
    pthread_cond_broadcast(&e->cv);
    pthread_mutex_unlock(&e->lock);
    return ACL_SUCCESS;
}

static aclError reset_task(void *ctx)
{
    rt_task *t = ctx;
    rt_event *e = t->a0;
    pthread_mutex_lock(&e->lock);
    if (e->issued == t->u) /* no record issued after the reset */
        e->recorded = false;
    pthread_mutex_unlock(&e->lock);
    return ACL_SUCCESS;
}

static aclError wait_task(void *ctx)
{
    rt_task *t = ctx;
    rt_event *e = t->a0;
    pthread_mutex_lock(&e->lock);
    while (e->completed < t->u)
        pthread_cond_wait(&e->cv, &e->lock);
    pthread_mutex_unlock(&e->lock);
    return ACL_SUCCESS;
}

/* Enqueues an event task; gen is computed under the event lock by `prepare`. */
static aclError event_submit(const char *fn, aclrtEvent event, aclrtStream stream, rt_task_fn task_fn, int what)
{
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    rt_event *e;
    if ((err = rt_event_acquire(fn, event, &e)) != ACL_SUCCESS)
        return err;
    rt_stream *s;
    if ((err = rt_stream_acquire(fn, stream, &s)) != ACL_SUCCESS) {
        rt_event_release(e);
        return err;
    }
    rt_task *t = rt_task_new(task_fn, NULL, event_task_cleanup, RT_TASK_ALWAYS);
    if (!t) {
        rt_stream_release(s);
        rt_event_release(e);
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "%s: out of memory", fn);
    }
    t->ctx = t;
    t->a0 = e; /* the task owns the reference taken by rt_event_acquire */
    /* The event lock is held across submit so generations enter streams in issue order. */
    pthread_mutex_lock(&e->lock);
    bool skip = false;
    if (what == 0) { /* record */
        t->u = ++e->issued;
        e->recorded = true;
    } else if (what == 1) { /* reset */
        t->u = e->issued;
    } else { /* wait */
        t->u = e->recorded ? e->issued : 0;
        skip = t->u <= e->completed; /* already complete or never recorded */
    }
    if (skip) {
        pthread_mutex_unlock(&e->lock);
        rt_task_discard(t);
        rt_stream_release(s);
        return ACL_SUCCESS;
    }
    err = rt_stream_submit(s, t);
    if (err && what == 0) {
        e->issued--;
    }
    pthread_mutex_unlock(&e->lock);
    if (err) {
        rt_task_discard(t);
        ge_error_prefix("%s: ", fn);
    }
    rt_stream_release(s);
    return err;
}

aclError aclrtRecordEvent(aclrtEvent event, aclrtStream stream)
{
    return event_submit("aclrtRecordEvent", event, stream, record_task, 0);
}

aclError aclrtResetEvent(aclrtEvent event, aclrtStream stream)
{
    return event_submit("aclrtResetEvent", event, stream, reset_task, 1);
}

aclError aclrtStreamWaitEvent(aclrtStream stream, aclrtEvent event)
{
    return event_submit("aclrtStreamWaitEvent", event, stream, wait_task, 2);
}

/* complete: every issued record has run. */
static bool event_complete_locked(const rt_event *e)
{
    return e->completed >= e->issued;
}

aclError aclrtQueryEventStatus(aclrtEvent event, aclrtEventRecordedStatus *status)
{
    aclError err = rt_require_init("aclrtQueryEventStatus");
    if (err)
        return err;
    if (!status)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtQueryEventStatus: status is NULL");
    rt_event *e;
    if ((err = rt_event_acquire("aclrtQueryEventStatus", event, &e)) != ACL_SUCCESS)
        return err;
    pthread_mutex_lock(&e->lock);
    *status = e->recorded && event_complete_locked(e) ? ACL_EVENT_RECORDED_STATUS_COMPLETE
                                                      : ACL_EVENT_RECORDED_STATUS_NOT_READY;
    pthread_mutex_unlock(&e->lock);
    rt_event_release(e);
    return ACL_SUCCESS;
}

aclError aclrtQueryEvent(aclrtEvent event, aclrtEventStatus *status)
{
    aclError err = rt_require_init("aclrtQueryEvent");
    if (err)
        return err;
    if (!status)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtQueryEvent: status is NULL");
    rt_event *e;
    if ((err = rt_event_acquire("aclrtQueryEvent", event, &e)) != ACL_SUCCESS)
        return err;
    pthread_mutex_lock(&e->lock);
    *status = event_complete_locked(e) ? ACL_EVENT_STATUS_COMPLETE : ACL_EVENT_STATUS_NOT_READY;
    pthread_mutex_unlock(&e->lock);
    rt_event_release(e);
    return ACL_SUCCESS;
}

static aclError sync_event(const char *fn, aclrtEvent event, int32_t timeout)
{
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    if (timeout < -1)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: timeout %d is invalid (-1 forever, 0 poll, >0 ms)", fn, (int)timeout);
    rt_event *e;
    if ((err = rt_event_acquire(fn, event, &e)) != ACL_SUCCESS)
        return err;
    struct timespec deadline;
    if (timeout > 0) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += timeout / 1000;
        deadline.tv_nsec += (long)(timeout % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&e->lock);
    uint64_t target = e->issued;
    bool timed_out = false;
    while (e->completed < target) {
        if (timeout == 0) {
            timed_out = true;
            break;
        }
        if (timeout > 0) {
            if (pthread_cond_timedwait(&e->cv, &e->lock, &deadline) == ETIMEDOUT && e->completed < target) {
                timed_out = true;
                break;
            }
        } else {
            pthread_cond_wait(&e->cv, &e->lock);
        }
    }
    pthread_mutex_unlock(&e->lock);
    rt_event_release(e);
    if (timed_out)
        return RT_FAIL(ACL_ERROR_RT_EVENT_SYNC_TIMEOUT, "%s: event %p did not complete within %d ms", fn, event,
                       (int)timeout);
    return ACL_SUCCESS;
}

aclError aclrtSynchronizeEvent(aclrtEvent event)
{
    return sync_event("aclrtSynchronizeEvent", event, -1);
}

aclError aclrtSynchronizeEventWithTimeout(aclrtEvent event, int32_t timeout)
{
    return sync_event("aclrtSynchronizeEventWithTimeout", event, timeout);
}

aclError aclrtEventElapsedTime(float *ms, aclrtEvent startEvent, aclrtEvent endEvent)
{
    static const char fn[] = "aclrtEventElapsedTime";
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    if (!ms)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: ms is NULL", fn);
    rt_event *a, *b;
    if (!startEvent)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: startEvent is NULL", fn);
    if (!endEvent)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: endEvent is NULL", fn);
    if ((err = rt_event_acquire("aclrtEventElapsedTime: startEvent", startEvent, &a)) != ACL_SUCCESS)
        return err;
    if ((err = rt_event_acquire("aclrtEventElapsedTime: endEvent", endEvent, &b)) != ACL_SUCCESS) {
        rt_event_release(a);
        return err;
    }
    uint64_t ta = 0, tb = 0;
    bool ok_a, ok_b;
    pthread_mutex_lock(&a->lock);
    ok_a = a->recorded && a->completed > 0 && event_complete_locked(a);
    ta = a->ts_ns;
    pthread_mutex_unlock(&a->lock);
    pthread_mutex_lock(&b->lock);
    ok_b = b->recorded && b->completed > 0 && event_complete_locked(b);
    tb = b->ts_ns;
    pthread_mutex_unlock(&b->lock);
    rt_event_release(a);
    rt_event_release(b);
    if (!ok_a || !ok_b)
        return RT_FAIL(ACL_ERROR_RT_EVENT_NOT_COMPLETE,
                       "%s: %s has not completed a record (record both events and synchronize first)", fn,
                       !ok_a ? "startEvent" : "endEvent");
    *ms = (float)((double)((int64_t)(tb - ta)) / 1e6);
    return ACL_SUCCESS;
}

/* Host callbacks: aclrtLaunchCallback enqueues a task that hands the callback to the thread
 * subscribed for the stream (aclrtSubscribeReport), which runs it inside aclrtProcessReport.
 * ACL_CALLBACK_BLOCK holds the stream until the callback has run. */
#include "runtime/rt_internal.h"

#include <errno.h>
#include <time.h>

typedef struct rt_cb_item {
    struct rt_cb_item *next;
    aclrtCallback fn;
    void *user;
    rt_stream *stream;
    bool block;
    bool done;
} rt_cb_item;

typedef struct rt_reporter {
    struct rt_reporter *next;
    uint64_t tid;
    int subs;    /* streams subscribed to this thread */
    int waiters; /* threads inside aclrtProcessReport on this reporter */
    pthread_cond_t cv;
    rt_cb_item *head, *tail;
} rt_reporter;

static pthread_mutex_t rep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rep_done = PTHREAD_COND_INITIALIZER;
static rt_reporter *reporters;

static rt_reporter *find_reporter(uint64_t tid)
{
    for (rt_reporter *r = reporters; r; r = r->next)
        if (r->tid == tid)
            return r;
    return NULL;
}

static uint64_t self_tid(void)
{
    return (uint64_t)pthread_self();
}

aclError aclrtSubscribeReport(uint64_t threadId, aclrtStream stream)
{
    static const char fn[] = "aclrtSubscribeReport";
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    rt_stream *s;
    if ((err = rt_stream_acquire(fn, stream, &s)) != ACL_SUCCESS)
        return err;
    pthread_mutex_lock(&rep_lock);
    if (s->reporter) {
        uint64_t other = s->reporter->tid;
        pthread_mutex_unlock(&rep_lock);
        rt_stream_release(s);
        return RT_FAIL(ACL_ERROR_RT_STREAM_SUBSCRIBE, "%s: stream %p is already subscribed by thread %llu", fn,
                       stream, (unsigned long long)other);
    }
    rt_reporter *r = find_reporter(threadId);
    if (!r) {
        r = ge_calloc(1, sizeof *r);
        if (!r) {
            pthread_mutex_unlock(&rep_lock);
            rt_stream_release(s);
            return RT_FAIL(ACL_ERROR_BAD_ALLOC, "%s: out of memory", fn);
        }
        r->tid = threadId;
        pthread_condattr_t a;
        pthread_condattr_init(&a);
        pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
        pthread_cond_init(&r->cv, &a);
        pthread_condattr_destroy(&a);
        r->next = reporters;
        reporters = r;
    }
    r->subs++;
    s->reporter = r;
    pthread_mutex_unlock(&rep_lock);
    rt_stream_release(s);
    return ACL_SUCCESS;
}

/* Removes s's pending items from r and returns them (caller holds rep_lock). */
static rt_cb_item *take_items_of(rt_reporter *r, rt_stream *s)
{
    rt_cb_item *taken = NULL, **tail_taken = &taken, **pp = &r->head;
    r->tail = NULL;
    while (*pp) {
        rt_cb_item *it = *pp;
        if (it->stream == s) {
            *pp = it->next;
            it->next = NULL;
            *tail_taken = it;
            tail_taken = &it->next;
        } else {
            r->tail = it;
            pp = &it->next;
        }
    }
    return taken;
}

/* Runs items on the calling thread (their subscriber is gone). Takes rep_lock itself. */
static void run_items(rt_cb_item *it)
{
    while (it) {
        rt_cb_item *next = it->next;
        it->fn(it->user);
        pthread_mutex_lock(&rep_lock);
        if (it->block) {
            it->done = true;
            pthread_cond_broadcast(&rep_done);
            pthread_mutex_unlock(&rep_lock);
        } else {
            pthread_mutex_unlock(&rep_lock);
            ge_free(it);
        }
        it = next;
    }
}

static void unsubscribe_locked(rt_stream *s, rt_cb_item **out_items)
{
    rt_reporter *r = s->reporter;
    *out_items = take_items_of(r, s);
    s->reporter = NULL;
    r->subs--;
    pthread_cond_broadcast(&r->cv);
}

aclError aclrtUnSubscribeReport(uint64_t threadId, aclrtStream stream)
{
    static const char fn[] = "aclrtUnSubscribeReport";
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    rt_stream *s;
    if ((err = rt_stream_acquire(fn, stream, &s)) != ACL_SUCCESS)
        return err;
    pthread_mutex_lock(&rep_lock);
    if (!s->reporter || s->reporter->tid != threadId) {
        pthread_mutex_unlock(&rep_lock);
        rt_stream_release(s);
        return RT_FAIL(ACL_ERROR_RT_THREAD_SUBSCRIBE, "%s: threadId %llu is not subscribed to stream %p", fn,
                       (unsigned long long)threadId, stream);
    }
    rt_cb_item *items;
    unsubscribe_locked(s, &items);
    pthread_mutex_unlock(&rep_lock);
    run_items(items); /* callbacks still pending: run them here rather than never */
    rt_stream_release(s);
    return ACL_SUCCESS;
}

void rt_report_stream_gone(rt_stream *s)
{
    pthread_mutex_lock(&rep_lock);
    rt_cb_item *items = NULL;
    if (s->reporter)
        unsubscribe_locked(s, &items);
    pthread_mutex_unlock(&rep_lock);
    run_items(items);
}

void rt_report_finalize(void)
{
    pthread_mutex_lock(&rep_lock);
    for (rt_reporter *q = reporters; q; q = q->next) {
        q->subs = 0;
        pthread_cond_broadcast(&q->cv);
    }
    for (;;) {
        bool busy = false;
        for (rt_reporter *q = reporters; q; q = q->next)
            busy |= q->waiters > 0;
        if (!busy)
            break;
        pthread_cond_wait(&rep_done, &rep_lock);
    }
    rt_reporter *r = reporters;
    reporters = NULL;
    pthread_mutex_unlock(&rep_lock);
    while (r) {
        rt_reporter *next = r->next;
        run_items(r->head);
        pthread_cond_destroy(&r->cv);
        ge_free(r);
        r = next;
    }
}

static aclError callback_task(void *ctx)
{
    rt_task *t = ctx;
    rt_stream *s = t->a0;
    aclrtCallback fn = (aclrtCallback)(uintptr_t)t->n;
    void *user = (void *)t->a1;
    bool block = t->u != 0;
    pthread_mutex_lock(&rep_lock);
    rt_reporter *r = s->reporter;
    if (!r) {
        pthread_mutex_unlock(&rep_lock);
        return RT_FAIL(ACL_ERROR_RT_STREAM_NO_CB_REG,
                       "aclrtLaunchCallback: the stream's report thread unsubscribed before the callback ran");
    }
    rt_cb_item local = {.fn = fn, .user = user, .stream = s, .block = true};
    rt_cb_item *it = &local;
    if (!block) {
        it = ge_calloc(1, sizeof *it);
        if (!it) {
            pthread_mutex_unlock(&rep_lock);
            return RT_FAIL(ACL_ERROR_BAD_ALLOC, "aclrtLaunchCallback: out of memory");
        }
        it->fn = fn;
        it->user = user;
        it->stream = s;
    }
    if (r->tail)
        r->tail->next = it;
    else
        r->head = it;
    r->tail = it;
    pthread_cond_broadcast(&r->cv);
    if (block)
        while (!local.done)
            pthread_cond_wait(&rep_done, &rep_lock);
    pthread_mutex_unlock(&rep_lock);
    return ACL_SUCCESS;
}

aclError aclrtLaunchCallback(aclrtCallback fn, void *userData, aclrtCallbackBlockType blockType, aclrtStream stream)
{
    static const char name[] = "aclrtLaunchCallback";
    aclError err = rt_require_init(name);
    if (err)
        return err;
    if (!fn)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: fn is NULL", name);
    if (blockType != ACL_CALLBACK_NO_BLOCK && blockType != ACL_CALLBACK_BLOCK)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: blockType %d is not an aclrtCallbackBlockType", name, (int)blockType);
    rt_stream *s;
    if ((err = rt_stream_acquire(name, stream, &s)) != ACL_SUCCESS)
        return err;
    pthread_mutex_lock(&rep_lock);
    bool subscribed = s->reporter != NULL;
    pthread_mutex_unlock(&rep_lock);
    if (!subscribed) {
        rt_stream_release(s);
        return RT_FAIL(ACL_ERROR_RT_STREAM_NO_CB_REG,
                       "%s: stream %p has no subscribed report thread (call aclrtSubscribeReport first)", name,
                       stream);
    }
    rt_task *t = rt_task_new(callback_task, NULL, NULL, RT_TASK_ALWAYS);
    if (!t) {
        rt_stream_release(s);
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "%s: out of memory", name);
    }
    t->ctx = t;
    t->a0 = s; /* the stream outlives its own tasks */
    t->a1 = userData;
    t->n = (size_t)(uintptr_t)fn;
    t->u = blockType == ACL_CALLBACK_BLOCK;
    err = rt_stream_submit(s, t);
    if (err) {
        rt_task_discard(t);
        ge_error_prefix("%s: ", name);
    }
    rt_stream_release(s);
    return err;
}

aclError aclrtProcessReport(int32_t timeout)
{
    static const char fn[] = "aclrtProcessReport";
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    if (timeout < -1 || timeout == 0)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: timeout %d is invalid (-1 forever, >0 ms)", fn, (int)timeout);
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
    pthread_mutex_lock(&rep_lock);
    rt_reporter *r = find_reporter(self_tid());
    if (!r) {
        pthread_mutex_unlock(&rep_lock);
        return RT_FAIL(ACL_ERROR_RT_THREAD_SUBSCRIBE,
                       "%s: the calling thread is not subscribed to any stream (aclrtSubscribeReport)", fn);
    }
    /* r stays allocated while waiters > 0 (rt_report_finalize waits for them). */
    while (!r->head) {
        if (r->subs == 0) {
            pthread_mutex_unlock(&rep_lock);
            return RT_FAIL(ACL_ERROR_RT_THREAD_SUBSCRIBE,
                           "%s: the calling thread is not subscribed to any stream (aclrtSubscribeReport)", fn);
        }
        int rc = 0;
        r->waiters++;
        if (timeout > 0)
            rc = pthread_cond_timedwait(&r->cv, &rep_lock, &deadline);
        else
            pthread_cond_wait(&r->cv, &rep_lock);
        r->waiters--;
        if (r->waiters == 0)
            pthread_cond_broadcast(&rep_done);
        if (rc == ETIMEDOUT && !r->head) {
            pthread_mutex_unlock(&rep_lock);
            return RT_FAIL(ACL_ERROR_RT_REPORT_TIMEOUT, "%s: no callback arrived within %d ms", fn, (int)timeout);
        }
    }
    rt_cb_item *it = r->head;
    r->head = it->next;
    if (!r->head)
        r->tail = NULL;
    it->next = NULL;
    pthread_mutex_unlock(&rep_lock);
    run_items(it);
    return ACL_SUCCESS;
}

/* The per-device compute pool: persistent workers that sleep on a condition variable when
 * idle; rt_parallel_for hands out chunks through an atomic counter and the caller takes
 * part. One parallel-for at a time per pool: a concurrent or nested one runs inline. */
#include "runtime/rt_internal.h"

typedef void (*rt_range_fn)(void *ctx, size_t begin, size_t end);

struct rt_pool {
    int participants;
    int nworkers;
    pthread_t *threads;
    pthread_mutex_t busy; /* held by the thread running a parallel-for (trylock) */
    pthread_mutex_t lock;
    pthread_cond_t cv_start;
    pthread_cond_t cv_done;
    uint64_t gen;
    bool stop;
    int active; /* workers still on the current job */
    /* the current job */
    rt_range_fn fn;
    void *ctx;
    size_t n, chunk;
    atomic_size_t next;
};

static _Thread_local bool tls_in_parallel;

static void run_chunks(rt_pool *p, rt_range_fn fn, void *ctx, size_t n, size_t chunk)
{
    for (;;) {
        size_t b = atomic_fetch_add_explicit(&p->next, chunk, memory_order_relaxed);
        if (b >= n)
            break;
        size_t e = n - b < chunk ? n : b + chunk;
        fn(ctx, b, e);
    }
}

static void *worker_main(void *arg)
{
    rt_pool *p = arg;
    tls_in_parallel = true; /* a kernel calling rt_parallel_for from a worker runs inline */
    uint64_t seen = 0;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->gen == seen && !p->stop)
            pthread_cond_wait(&p->cv_start, &p->lock);
        if (p->stop)
            break;
        seen = p->gen;
        rt_range_fn fn = p->fn;
        void *ctx = p->ctx;
        size_t n = p->n, chunk = p->chunk;
        pthread_mutex_unlock(&p->lock);
        run_chunks(p, fn, ctx, n, chunk);
        pthread_mutex_lock(&p->lock);
        if (--p->active == 0)
            pthread_cond_signal(&p->cv_done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

rt_pool *rt_pool_create(int participants)
{
    rt_pool *p = ge_calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->participants = participants < 1 ? 1 : participants;
    pthread_mutex_init(&p->busy, NULL);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cv_start, NULL);
    pthread_cond_init(&p->cv_done, NULL);
    atomic_init(&p->next, 0);
    int want = p->participants - 1;
    if (want > 0) {
        p->threads = ge_calloc((size_t)want, sizeof *p->threads);
        if (!p->threads)
            want = 0;
    }
    for (int i = 0; i < want; i++) {
        if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0)
            break;
        p->nworkers++;
    }
    p->participants = p->nworkers + 1;
    return p;
}

void rt_pool_destroy(rt_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->cv_start);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->nworkers; i++)
        pthread_join(p->threads[i], NULL);
    ge_free(p->threads);
    pthread_mutex_destroy(&p->busy);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cv_start);
    pthread_cond_destroy(&p->cv_done);
    ge_free(p);
}

int rt_pool_size(const rt_pool *p)
{
    return p ? p->participants : 1;
}

void rt_parallel_for(rt_pool *p, size_t n, rt_range_fn fn, void *ctx)
{
    if (n == 0)
        return;
    if (!p || p->nworkers == 0 || n == 1 || tls_in_parallel || pthread_mutex_trylock(&p->busy) != 0) {
        fn(ctx, 0, n);
        return;
    }
    tls_in_parallel = true;
    size_t pieces = (size_t)p->participants * 4;
    size_t chunk = (n + pieces - 1) / pieces;
    pthread_mutex_lock(&p->lock);
    p->fn = fn;
    p->ctx = ctx;
    p->n = n;
    p->chunk = chunk;
    atomic_store_explicit(&p->next, 0, memory_order_relaxed);
    p->active = p->nworkers;
    p->gen++;
    pthread_cond_broadcast(&p->cv_start);
    pthread_mutex_unlock(&p->lock);
    run_chunks(p, fn, ctx, n, chunk);
    pthread_mutex_lock(&p->lock);
    while (p->active > 0)
        pthread_cond_wait(&p->cv_done, &p->lock);
    pthread_mutex_unlock(&p->lock);
    tls_in_parallel = false;
    pthread_mutex_unlock(&p->busy);
}

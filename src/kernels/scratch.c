#include "kernels/scratch.h"

#include "base/alloc.h"

#include <pthread.h>

typedef struct scratch_set {
    void *buf[KERN_SCRATCH_SLOTS];
    size_t cap[KERN_SCRATCH_SLOTS];
} scratch_set;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ok;

static void scratch_free_set(void *arg)
{
    scratch_set *s = arg;
    for (int i = 0; s && i < KERN_SCRATCH_SLOTS; i++)
        ge_free(s->buf[i]);
    ge_free(s);
}

static void scratch_make_key(void)
{
    scratch_key_ok = pthread_key_create(&scratch_key, scratch_free_set) == 0;
}

/* This thread's set, created on first use; NULL when that fails. */
static scratch_set *thread_set(void)
{
    pthread_once(&scratch_once, scratch_make_key);
    if (!scratch_key_ok)
        return NULL;
    scratch_set *s = pthread_getspecific(scratch_key);
    if (!s && (s = ge_calloc(1, sizeof *s)) && pthread_setspecific(scratch_key, s) != 0) {
        ge_free(s);
        s = NULL;
    }
    return s;
}

void *kern_scratch_get(kern_scratch_slot slot, size_t bytes)
{
    if (bytes == 0)
        bytes = 64;
    scratch_set *s = bytes <= KERN_SCRATCH_CACHE_MAX ? thread_set() : NULL;
    if (!s)
        return ge_aligned_alloc(64, bytes);
    if (s->cap[slot] < bytes) {
        ge_free(s->buf[slot]);
        s->cap[slot] = 0;
        if (!(s->buf[slot] = ge_aligned_alloc(64, bytes)))
            return NULL;
        s->cap[slot] = bytes;
    }
    return s->buf[slot];
}

void kern_scratch_put(kern_scratch_slot slot, void *p)
{
    scratch_set *s = scratch_key_ok ? pthread_getspecific(scratch_key) : NULL;
    if (p && (!s || p != s->buf[slot]))
        ge_free(p);
}

void kern_scratch_release_thread(void)
{
    pthread_once(&scratch_once, scratch_make_key);
    if (!scratch_key_ok)
        return;
    scratch_set *s = pthread_getspecific(scratch_key);
    if (s) {
        pthread_setspecific(scratch_key, NULL);
        scratch_free_set(s);
    }
}

#include "base/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_countdown = -1;
static atomic_long live_count;

/* Returns 1 when this allocation should be refused by fault injection. */
static int injected_failure(void)
{
    long left = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
    while (left >= 0) {
        if (left == 0)
            return 1;
        if (atomic_compare_exchange_weak(&fail_countdown, &left, left - 1))
            return 0;
    }
    return 0;
}

static void *counted(void *p)
{
    if (p)
        atomic_fetch_add_explicit(&live_count, 1, memory_order_relaxed);
    return p;
}

void *ge_malloc(size_t size)
{
    if (injected_failure())
        return NULL;
    return counted(malloc(size ? size : 1));
}

void *ge_calloc(size_t count, size_t size)
{
    if (injected_failure())
        return NULL;
    if (count == 0 || size == 0)
        count = size = 1;
    return counted(calloc(count, size));
}

void *ge_realloc(void *ptr, size_t size)
{
    if (!ptr)
        return ge_malloc(size);
    if (injected_failure())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void *ge_aligned_alloc(size_t alignment, size_t size)
{
    void *p = NULL;
    if (injected_failure())
        return NULL;
    if (posix_memalign(&p, alignment, size ? size : 1) != 0)
        return NULL;
    return counted(p);
}

char *ge_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = ge_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void ge_free(void *ptr)
{
    if (!ptr)
        return;
    atomic_fetch_sub_explicit(&live_count, 1, memory_order_relaxed);
    free(ptr);
}

void ge_alloc_fail_after(long n)
{
    atomic_store(&fail_countdown, n < 0 ? -1 : n);
}

long ge_alloc_live(void)
{
    return atomic_load(&live_count);
}

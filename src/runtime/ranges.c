/* A sorted array of address ranges: O(log n) lookup, O(n) insert/remove (memmove). */
#include "runtime/rt_internal.h"

#include <string.h>

/* First index whose base is > p. */
static size_t upper_bound(const rt_ranges *r, uintptr_t p)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->v[mid].base <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int rt_ranges_insert(rt_ranges *r, rt_range e)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        rt_range *v = ge_realloc(r->v, cap * sizeof *v);
        if (!v)
            return -1;
        r->v = v;
        r->cap = cap;
    }
    size_t i = upper_bound(r, e.base);
    memmove(r->v + i + 1, r->v + i, (r->n - i) * sizeof *r->v);
    r->v[i] = e;
    r->n++;
    return 0;
}

long rt_ranges_find(const rt_ranges *r, uintptr_t p)
{
    size_t i = upper_bound(r, p);
    if (i == 0)
        return -1;
    const rt_range *e = &r->v[i - 1];
    size_t len = e->size ? e->size : 1;
    return p - e->base < len ? (long)(i - 1) : -1;
}

long rt_ranges_find_exact(const rt_ranges *r, uintptr_t base)
{
    size_t i = upper_bound(r, base);
    if (i == 0 || r->v[i - 1].base != base)
        return -1;
    return (long)(i - 1);
}

void rt_ranges_remove_at(rt_ranges *r, size_t i)
{
    memmove(r->v + i, r->v + i + 1, (r->n - i - 1) * sizeof *r->v);
    r->n--;
}

void rt_ranges_free(rt_ranges *r)
{
    ge_free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

#include "compiler/mem_plan.h"

#include "base/alloc.h"
#include "base/error.h"

#include <stdint.h>
#include <stdlib.h>

static size_t align_up(size_t v)
{
    return (v + MEM_PLAN_ALIGNMENT - 1) & ~(size_t)(MEM_PLAN_ALIGNMENT - 1);
}

/* Sort key carried with each index, so sorting needs no shared state (plans may be made
 * concurrently by several sessions). */
typedef struct plan_key {
    size_t index;
    size_t size;
    int first_step;
} plan_key;

/* Largest first; ties by earlier first use, then by index, so plans are deterministic. */
static int by_size_desc(const void *a, const void *b)
{
    const plan_key *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    if (x->first_step != y->first_step)
        return x->first_step < y->first_step ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int overlaps(const mem_plan_buffer *a, const mem_plan_buffer *b)
{
    return a->first_step <= b->last_step && b->first_step <= a->last_step;
}

ge_status mem_plan_assign(mem_plan_buffer *buffers, size_t count, size_t *out_arena_size)
{
    *out_arena_size = 0;
    if (count == 0)
        return GE_STATUS_SUCCESS;
    for (size_t i = 0; i < count; i++) {
        if (buffers[i].last_step < buffers[i].first_step) {
            ge_error_set("memory plan: buffer %zu ends (step %d) before it starts (step %d)", i,
                         buffers[i].last_step, buffers[i].first_step);
            return GE_STATUS_INTERNAL_ERROR;
        }
        if (buffers[i].size > SIZE_MAX / 2) {
            ge_error_set("memory plan: buffer %zu of %zu bytes is too large", i, buffers[i].size);
            return GE_STATUS_PARAM_INVALID;
        }
    }
    plan_key *order = ge_malloc(count * sizeof *order);
    size_t *placed = ge_malloc(count * sizeof *placed);
    if (!order || !placed) {
        ge_free(order);
        ge_free(placed);
        ge_error_set("memory plan: out of memory for %zu buffers", count);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    for (size_t i = 0; i < count; i++)
        order[i] = (plan_key){i, buffers[i].size, buffers[i].first_step};
    qsort(order, count, sizeof *order, by_size_desc);

    size_t n_placed = 0, arena = 0;
    for (size_t k = 0; k < count; k++) {
        mem_plan_buffer *b = &buffers[order[k].index];
        size_t need = align_up(b->size);
        /* Scan the placed buffers that are alive at the same time, in offset order, and take
         * the first gap that fits. `placed` is kept sorted by offset. */
        size_t candidate = 0;
        for (size_t j = 0; j < n_placed; j++) {
            const mem_plan_buffer *p = &buffers[placed[j]];
            if (!overlaps(p, b))
                continue;
            if (candidate + need <= p->offset)
                break;
            size_t end = p->offset + align_up(p->size);
            if (end > candidate)
                candidate = end;
        }
        b->offset = candidate;
        if (candidate + need > arena)
            arena = candidate + need;
        /* insert into placed, keeping offset order */
        size_t pos = n_placed;
        while (pos > 0 && buffers[placed[pos - 1]].offset > b->offset) {
            placed[pos] = placed[pos - 1];
            pos--;
        }
        placed[pos] = order[k].index;
        n_placed++;
    }
    ge_free(order);
    ge_free(placed);
    *out_arena_size = arena;
    return GE_STATUS_SUCCESS;
}

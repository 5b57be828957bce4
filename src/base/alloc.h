/* Every engine allocation goes through these, so tests can inject failures
 * (ge_alloc_fail_after) and count what is live (ge_alloc_live). */
#ifndef GEFLOW_BASE_ALLOC_H
#define GEFLOW_BASE_ALLOC_H

#include <stddef.h>

void *ge_malloc(size_t size);
void *ge_calloc(size_t count, size_t size);
void *ge_realloc(void *ptr, size_t size);
/* Aligned to `alignment` (a power of two, >= sizeof(void*)); free with ge_free. */
void *ge_aligned_alloc(size_t alignment, size_t size);
char *ge_strdup(const char *s);
void ge_free(void *ptr);

/* Test hook: the next `n` allocations succeed, the following ones fail (return NULL).
 * n < 0 turns injection off. Process-wide. */
void ge_alloc_fail_after(long n);
/* Allocations made through this module and not yet freed. */
long ge_alloc_live(void);

#endif

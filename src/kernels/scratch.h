/* Per-thread scratch buffers for the kernels' temporaries (im2col matrices, packed GEMM panels),
 * kept between calls so a run does not map and fault in fresh pages for them every time.
 *
 * A thread owns one buffer per slot; kern_scratch_get grows it when a call needs more and hands
 * out the same memory to the next call on that thread. Requests above KERN_SCRATCH_CACHE_MAX
 * are not cached: they are allocated for the call and must be given back with
 * kern_scratch_put. A thread's buffers are freed when it exits, or by
 * kern_scratch_release_thread. Kernels never hold a slot across a call into code that may take
 * the same slot on the same thread (the runtime's parallel-for runs only the caller's job). */
#ifndef GEFLOW_KERNELS_SCRATCH_H
#define GEFLOW_KERNELS_SCRATCH_H

#include <stddef.h>

typedef enum kern_scratch_slot {
    KERN_SCRATCH_IM2COL = 0,
    KERN_SCRATCH_GEMM,
    KERN_SCRATCH_SLOTS
} kern_scratch_slot;

#define KERN_SCRATCH_CACHE_MAX ((size_t)64 << 20)

/* At least `bytes` of 64-byte aligned memory for this thread's slot, or NULL when memory runs
 * out (no message: the caller names what it needed). */
void *kern_scratch_get(kern_scratch_slot slot, size_t bytes);
/* Ends a kern_scratch_get: frees memory that was not cached, keeps the cached buffer. */
void kern_scratch_put(kern_scratch_slot slot, void *p);
/* Frees the calling thread's cached buffers. */
void kern_scratch_release_thread(void);

#endif

/* Offset planning of intermediate buffers in one arena (greedy by size over lifetimes,
 * the approach of TFLite's arena planner and XNNPACK's memory planner): buffers whose
 * lifetimes overlap never share bytes; the arena is as small as the greedy order finds. */
#ifndef GEFLOW_COMPILER_MEM_PLAN_H
#define GEFLOW_COMPILER_MEM_PLAN_H

#include "geflow/ge_status.h"

#include <stddef.h>

#define MEM_PLAN_ALIGNMENT 64

typedef struct mem_plan_buffer {
    size_t size;       /* bytes (0 allowed: gets an offset, takes no space) */
    int first_step;    /* step that writes it first */
    int last_step;     /* step that reads it last (>= first_step) */
    size_t offset;     /* out: MEM_PLAN_ALIGNMENT-aligned offset in the arena */
} mem_plan_buffer;

/* Assigns offsets to every buffer; *out_arena_size is the arena's byte size. */
ge_status mem_plan_assign(mem_plan_buffer *buffers, size_t count, size_t *out_arena_size);

#endif

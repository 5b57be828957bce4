/* Running a plan: the static executor walks the plan's steps calling each node's kernel on
 * views into the run's memory (inputs, constants, feature arena, outputs); the dynamic path
 * runs the graph through the reference interpreter. */
#ifndef GEFLOW_EXEC_RUN_H
#define GEFLOW_EXEC_RUN_H

#include "exec/plan.h"
#include "runtime/runtime.h"

/* The memory of one run. */
typedef struct exec_io {
    void *const *inputs;  /* per graph input */
    void *const *outputs; /* per graph output, each holding its slot's bytes */
    void *arena;          /* plan->arena_size bytes (NULL when 0) */
    void *const *consts;  /* per constant index; NULL: the graph's own data */
    rt_pool *pool;        /* compute pool for kernels (NULL: serial) */
} exec_io;

/* A static plan on `io`. Failures name the node (the kernel's message). */
ge_status exec_run_static(const exec_plan *plan, const exec_io *io);

/* Any plan through the reference interpreter: inputs are views (dtype and actual shapes);
 * outputs are filled with tensors the caller owns (ir_tensor_free_data). */
ge_status exec_run_dynamic(const exec_plan *plan, const ir_tensor *inputs, ir_tensor *outputs);

#endif

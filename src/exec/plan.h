/* Execution plans: a validated graph specialised for concrete input shapes.
 *
 * exec_plan_build runs shape inference over the graph for the given input shapes (without
 * touching the graph), folds the nodes whose inputs are all known (constants, or values
 * folded before them: ConstantOfShape weights, Shape arithmetic) by running their reference
 * kernels once, and when every value's shape comes out static it assigns each
 * intermediate an offset in one feature arena (compiler/mem_plan). Graph outputs produced
 * by a node are written straight into the caller's output buffers. A plan whose shapes
 * depend on data (or that holds control flow) is marked dynamic and runs through the
 * reference interpreter instead (exec_run_dynamic). Plans are immutable once built, so
 * concurrent runs share them; everything a run writes is in its exec_io. */
#ifndef GEFLOW_EXEC_PLAN_H
#define GEFLOW_EXEC_PLAN_H

#include "ir/graph.h"
#include "ops/op_registry.h"

typedef enum exec_storage {
    EXEC_STORE_NONE = 0, /* not used by the plan (absent, or a subgraph-internal value) */
    EXEC_STORE_INPUT,    /* graph input `index` */
    EXEC_STORE_CONST,    /* constant: the graph's data (or the user's const memory) */
    EXEC_STORE_ARENA,    /* intermediate at `offset` in the feature arena */
    EXEC_STORE_OUTPUT,   /* written directly into graph output `index` */
    EXEC_STORE_FOLDED    /* computed when the plan was built: plan->known[id] */
} exec_storage;

typedef struct exec_slot {
    exec_storage kind;
    size_t index;  /* INPUT / OUTPUT: position; CONST: position among constants */
    size_t offset; /* ARENA */
    ge_dtype dtype;
    ir_shape shape;
    size_t bytes;
} exec_slot;

typedef struct exec_step {
    const ir_node *node;
    const op_schema *schema;
    int opset;
    size_t n_inputs, n_outputs;
    int32_t *inputs;  /* slot ids (ir_value ids, then plan-made constants), -1 for absent */
    int32_t *outputs;
    int32_t sum_input; /* slot added to output 0 by a fused Add (exec/fuse.c), -1 for none */
    op_activation act; /* an activation fused into this step (exec/fuse.c) */
    void *prepared;    /* the schema's prepare() state, released with the plan */
} exec_step;

/* Graph outputs that are not written in place: copied from `slot` after the steps ran. */
typedef struct exec_output_copy {
    size_t output;
    int32_t slot;
} exec_output_copy;

typedef struct exec_plan {
    const ir_graph *graph; /* borrowed: the validated graph the plan was built from */
    bool is_static;        /* false: shapes depend on data, or the graph has control flow */
    size_t n_inputs;
    ir_shape *input_shapes; /* the shapes this plan is specialised for (its cache key) */
    size_t n_slots;
    exec_slot *slots; /* indexed by ir_value id; ids >= graph->n_values are constants the plan
                         made itself (fused weights), kind EXEC_STORE_FOLDED */
    size_t n_steps;
    exec_step *steps;    /* the nodes left to run (folded ones are not here) */
    size_t n_folded;     /* nodes folded at build time */
    size_t n_fused;      /* nodes fused into the step before them (exec/fuse.c) */
    size_t n_outputs;
    int32_t *output_slots; /* per graph output: its slot */
    size_t n_copies;
    exec_output_copy *copies;
    size_t n_consts;
    const ir_value **consts; /* CONST slot index -> value */
    size_t arena_size;        /* feature memory bytes */
    size_t const_size;        /* bytes of constants, each 64-byte aligned */
    size_t max_io;            /* most inputs + outputs of one step */
    ir_tensor *known;         /* contents inference found (owned), by slot id; dtype UNDEFINED = none */
} exec_plan;

/* g must be validated. input_shapes: g->n_inputs static shapes (NULL: the graph's declared
 * input shapes, which must then be static for a static plan). Errors name the node. */
ge_status exec_plan_build(const ir_graph *g, const ir_shape *input_shapes, exec_plan **out_plan);
void exec_plan_destroy(exec_plan *plan);
/* Plan-made constant: appends a FOLDED slot holding `value` (taken); its id, or -1 on OOM. */
int32_t exec_plan_add_const(exec_plan *plan, ir_tensor *value_taken);
/* True when the plan was built for exactly these input shapes. */
bool exec_plan_matches(const exec_plan *plan, size_t n_inputs, const ir_shape *shapes);

#endif

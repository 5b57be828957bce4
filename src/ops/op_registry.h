/* The op registry: one op_schema per (domain, op type, opset range). A schema gives the
 * arity, the attribute schema with defaults, the dtypes of the main type constraint, a
 * shape-and-dtype inference function and a reference kernel in portable C (the ground truth
 * that fast kernels are checked against).
 *
 * Ops are grouped in families, one file each (src/ops/<family>.c), each exporting a table
 * `const op_schema op_family_<family>[]` ended by OP_SCHEMA_END; op_families.h
 * lists the families. */
#ifndef GEFLOW_OPS_OP_REGISTRY_H
#define GEFLOW_OPS_OP_REGISTRY_H

#include "ir/attr.h"

#define OP_VARIADIC 255 /* max_inputs / max_outputs without an upper bound */
#define OP_DOMAIN_ONNX "" /* ai.onnx; "ai.onnx" is accepted as the same domain */

struct ir_graph;
struct op_schema;

/* Declared attribute: a missing optional attribute reads as its default. Lists default to
 * absent (getters report count 0). */
typedef struct op_attr_def {
    const char *name;
    ir_attr_kind kind;
    bool required;
    int64_t default_int;
    float default_float;
    const char *default_string;
} op_attr_def;

/* What inference and kernels know of the node they work for. */
typedef struct op_node_info {
    const char *name; /* node name, for messages; never NULL */
    const struct op_schema *schema;
    int opset;        /* the model's opset for the op's domain */
    const ir_attr *attrs;
    size_t n_attrs;
} op_node_info;

/* One input or output as shape inference sees it. */
typedef struct op_value {
    bool present;          /* false: an absent optional input */
    ge_dtype dtype;
    ir_shape shape;
    const ir_tensor *value; /* contents when known (constant or, at run time, the actual data) */
} op_value;

typedef struct op_infer_ctx {
    op_node_info node;
    size_t n_inputs;
    const op_value *inputs;
    size_t n_outputs;
    op_value *outputs; /* set dtype and shape; unknown dims stay -1 (data-dependent) */
    /* Optional: inference may attach a computed constant to outputs[i] through this
     * (e.g. Shape of a static input), so later nodes (Reshape) see it. NULL when unused. */
    ge_status (*set_output_value)(struct op_infer_ctx *ctx, size_t index, ir_tensor *value_taken);
    void *user;
} op_infer_ctx;

typedef struct op_kernel_ctx op_kernel_ctx;

/* An elementwise activation the executor fused into the node that produces its input (Conv
 * followed by Relu ...): the kernel applies it to output 0. Only for schemas flagged
 * OP_FLAG_FUSES_ACTIVATION, and only on float32 outputs. */
typedef enum op_act_kind {
    OP_ACT_NONE = 0,
    OP_ACT_RELU,
    OP_ACT_CLIP,       /* min(max(x, lo), hi) */
    OP_ACT_LEAKY_RELU, /* x < 0 ? alpha * x : x */
} op_act_kind;

typedef struct op_activation {
    op_act_kind kind;
    float lo, hi, alpha;
} op_activation;

struct op_kernel_ctx {
    op_node_info node;
    size_t n_inputs;
    const ir_tensor *inputs; /* absent optional inputs have dtype GE_DTYPE_UNDEFINED */
    size_t n_outputs;
    ir_tensor *outputs; /* dtype and shape from inference; data allocated by the executor
                           unless the shape was data-dependent (data == NULL): then the
                           kernel calls op_output_alloc */
    /* Executor services; may be NULL (op_util.h gives serial / failing fallbacks). */
    ge_status (*alloc_output)(op_kernel_ctx *ctx, size_t index, const ir_shape *shape);
    void (*parallel_for)(void *pool, size_t n, void (*fn)(void *arg, size_t begin, size_t end),
                         void *arg);
    void *pool;
    /* op_parallel_for_elems runs inline below this many elements (waking the pool costs more
     * than cheap work); 0: no threshold (tests use it to exercise chunking). */
    size_t parallel_min_elems;
    /* Runs a subgraph (If/Loop/Scan bodies): inputs in the body's input order; outputs are
     * allocated by the callee and owned by the caller (ir_tensor_free_data). */
    ge_status (*run_subgraph)(op_kernel_ctx *ctx, const struct ir_graph *body, size_t n_inputs,
                              const ir_tensor *inputs, size_t n_outputs, ir_tensor *outputs);
    void *exec;
    /* Fused Add into output 0 (before act): a tensor of output 0's shape and dtype, or NULL.
     * Only for schemas flagged OP_FLAG_FUSES_ACTIVATION. */
    const ir_tensor *sum_input;
    op_activation act;    /* fused activation for output 0 (kind OP_ACT_NONE: none) */
    const void *prepared; /* what the schema's prepare() made for this node, or NULL */
};

typedef ge_status (*op_infer_fn)(op_infer_ctx *ctx);
typedef ge_status (*op_kernel_fn)(op_kernel_ctx *ctx);

typedef struct op_schema {
    const char *type;
    const char *domain;   /* OP_DOMAIN_ONNX, "com.microsoft", ... */
    int since_opset;      /* first opset this entry covers */
    int last_opset;       /* last opset it covers (inclusive) */
    uint8_t min_inputs, max_inputs;
    uint8_t min_outputs, max_outputs;
    const op_attr_def *attrs; /* ended by OP_ATTRS_END; may be NULL for none */
    ge_dtype_set dtypes;  /* dtypes of the main type constraint (for checks and the table) */
    op_infer_fn infer;
    op_kernel_fn kernel;
    uint32_t flags; /* OP_FLAG_* */
    /* Optional: work done once per execution plan instead of per run (e.g. packing constant
     * weights). Called when a static plan is built, with the step's inputs as the kernel will
     * see them except that only constant inputs have data (the others have data NULL). It may
     * leave *state NULL (nothing to prepare). The kernel then finds it in ctx->prepared and
     * must still work when that is NULL. */
    ge_status (*prepare)(const op_kernel_ctx *ctx, void **state);
    void (*release)(void *state);
} op_schema;

/* The kernel adds ctx->sum_input to output 0, then applies ctx->act (the executor may fuse a
 * following Add and a Relu, Clip or LeakyRelu into the node). */
#define OP_FLAG_FUSES_ACTIVATION 1u

/* Ends a family table or an attribute table. */
#define OP_SCHEMA_END {0}
#define OP_ATTRS_END {0}

/* The newest opset of ai.onnx the registry knows about (for "no opset given"); ops whose
 * last change is older cover the newer opsets unchanged. */
#define OP_ONNX_OPSET_MAX 28

/* The entry for (domain, type) covering `opset`; NULL when none. */
const op_schema *op_registry_find(const char *domain, const char *type, int opset);
/* Any entry of (domain, type), whatever its opsets; NULL when the op is unknown. */
const op_schema *op_registry_find_any(const char *domain, const char *type);
/* The known op type nearest to `type` by edit distance (for "did you mean"); NULL if none close. */
const char *op_registry_closest(const char *type);
size_t op_registry_count(void);
const op_schema *op_registry_at(size_t index);
/* Declared attribute `name` of a schema, or NULL. */
const op_attr_def *op_schema_attr(const op_schema *schema, const char *name);
bool op_domain_is_onnx(const char *domain);

#endif

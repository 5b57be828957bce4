/* The graph IR: nodes and values, SSA by name.
 *
 * - A value is a named edge: a graph input (GE "Data", with an index), a constant
 *   (initializer: owns an ir_tensor), a node output, or a reference that is not defined in
 *   this graph yet (IR_VALUE_REF: a forward reference, or in a subgraph an outer-scope value
 *   resolved by name through the parent chain). Values carry a dtype and shape (declared by
 *   value_info, or filled by inference in validation), their producer and their consumers.
 * - A node has an op type, domain, opset (0: the graph's import for the domain, found through
 *   the parent chain), ordered inputs and outputs (NULL entries: absent optional ones) and
 *   attributes of every ONNX kind. Graph-valued attributes are subgraphs whose parent is the
 *   node's graph; their inputs/outputs are the body's formal parameters.
 * - Names of values and nodes are unique per graph and found through hash maps in O(1).
 * - The graph owns everything; destroy frees it all, including subgraphs.
 * - Any change clears `validated`; validation (src/compiler/validate.h) caches each node's
 *   schema and opset there, and fills inferred dtypes/shapes on values. */
#ifndef GEFLOW_IR_GRAPH_H
#define GEFLOW_IR_GRAPH_H

#include "ir/attr.h"
#include "ir/name_map.h"

typedef struct ir_graph ir_graph;
typedef struct ir_node ir_node;
typedef struct ir_value ir_value;

typedef enum ir_value_kind {
    IR_VALUE_REF = 0, /* referenced only: defined later, or by an enclosing graph */
    IR_VALUE_INPUT,   /* graph input (Data); input_index gives its position */
    IR_VALUE_CONST,   /* initializer: `data` holds it */
    IR_VALUE_NODE     /* output `producer_output` of `producer` */
} ir_value_kind;

typedef struct ir_use {
    ir_node *node;
    uint32_t input; /* input position on node */
} ir_use;

struct ir_value {
    char *name;
    ir_value_kind kind;
    ge_dtype dtype;      /* UNDEFINED when not known yet */
    ir_shape shape;      /* IR_RANK_UNKNOWN when not known */
    bool has_decl;       /* a declared value_info (dtype/shape checked against inference) */
    ge_dtype decl_dtype; /* UNDEFINED: dtype not declared */
    ir_shape decl_shape;
    ir_tensor data;          /* IR_VALUE_CONST: the constant */
    ir_tensor *known;        /* contents found by inference (e.g. Shape of a static input) */
    int32_t input_index;     /* IR_VALUE_INPUT: the Data index; -1 otherwise */
    ir_node *producer;       /* IR_VALUE_NODE */
    uint32_t producer_output;
    ir_use *uses;
    size_t n_uses, cap_uses;
    bool is_output;
    size_t id;               /* position in graph->values */
};

struct ir_node {
    char *name;
    char *op_type;
    char *domain;   /* "" for ai.onnx */
    int opset;      /* 0: from the graph's opset imports */
    size_t n_inputs;
    ir_value **inputs;  /* NULL: absent optional input */
    size_t n_outputs;
    ir_value **outputs; /* NULL: absent optional output */
    size_t n_attrs, cap_attrs;
    ir_attr *attrs;
    ir_graph *graph;    /* owner */
    size_t id;          /* position in graph->nodes */
    /* Set by validation: */
    const void *schema; /* const op_schema * (ir does not include ops) */
    int resolved_opset;
};

typedef struct ir_opset {
    char *domain;
    int version;
} ir_opset;

struct ir_graph {
    char *name;
    ir_graph *parent;       /* enclosing graph for subgraphs; NULL at top level */
    ir_node *parent_node;   /* node whose attribute holds this graph */
    size_t n_values, cap_values;
    ir_value **values;
    size_t n_nodes, cap_nodes;
    ir_node **nodes;
    size_t n_inputs, cap_inputs;
    ir_value **inputs;      /* sorted by input_index */
    size_t n_outputs, cap_outputs;
    ir_value **outputs;     /* in order */
    size_t n_opsets;
    ir_opset *opsets;
    ir_name_map value_map;
    ir_name_map node_map;
    size_t auto_names;      /* counter for generated node names */
    bool validated;
};

/* ---- lifetime ---- */
ge_status ir_graph_create(const char *name, ir_graph **out_graph);
void ir_graph_destroy(ir_graph *g);
/* Deep copy; the copy has no parent (attach it to make it a subgraph again). */
ge_status ir_graph_copy(const ir_graph *g, ir_graph **out_graph);

/* ---- building (every function sets a message naming the object on failure; a failed
 *      call leaves the graph as it was) ---- */
ge_status ir_graph_set_opset(ir_graph *g, const char *domain, int version);
/* The graph's own import for domain ("" = ai.onnx), or 0. */
int ir_graph_opset(const ir_graph *g, const char *domain);
/* The import for domain through the parent chain, or 0. */
int ir_graph_opset_resolved(const ir_graph *g, const char *domain);

/* rank: IR_RANK_UNKNOWN allowed; dims may hold -1. index >= 0, unique. */
ge_status ir_graph_add_input(ir_graph *g, const char *name, ge_dtype dtype, const ir_shape *shape,
                             int32_t index, ir_value **out_value);
/* Takes t's data on success (then *t is zeroed). */
ge_status ir_graph_add_constant_taken(ir_graph *g, const char *name, ir_tensor *t,
                                      ir_value **out_value);
/* inputs[i] NULL or "": absent optional input; outputs likewise. name NULL or "": a unique
 * name is generated. out_node may be NULL. */
ge_status ir_graph_add_node(ir_graph *g, const char *op_type, const char *domain, const char *name,
                            const char *const *inputs, size_t n_inputs, const char *const *outputs,
                            size_t n_outputs, ir_node **out_node);
ge_status ir_graph_add_output(ir_graph *g, const char *name);
/* Declares dtype (UNDEFINED: not declared) and shape (NULL: not declared) of a value
 * (created as a reference when it does not exist yet). */
ge_status ir_graph_set_value_info(ir_graph *g, const char *name, ge_dtype dtype, const ir_shape *shape);

/* Attaches *a to the node (replacing an attribute of the same name). Takes *a on success
 * (then zeroed); for graph attributes the graph becomes a subgraph of the node's graph.
 * On failure *a is the caller's still. */
ge_status ir_node_set_attr(ir_node *n, ir_attr *a);
const ir_attr *ir_node_attr(const ir_node *n, const char *name);

/* ---- lookup ---- */
ir_value *ir_graph_value(const ir_graph *g, const char *name);
ir_node *ir_graph_node(const ir_graph *g, const char *name);
/* The value `name` as seen from g: local, else through the parent chain; only values that
 * are defined (input, constant or node output) count. NULL when none. */
ir_value *ir_graph_resolve(const ir_graph *g, const char *name);
bool ir_value_is_defined(const ir_value *v);

/* ---- analysis ---- */
/* Values of `g` that the node's subgraphs (at any depth) read by name from the outer scope
 * (implicit inputs of If/Loop/Scan). *out is allocated (ge_free), may be NULL when count 0.
 * Each value appears once. */
ge_status ir_node_outer_uses(const ir_node *n, ir_value ***out, size_t *out_count);
/* Topological order of g's nodes (explicit inputs and implicit subgraph uses). On a cycle
 * returns PARAM_INVALID with a message naming a node on it. *out allocated (ge_free). */
ge_status ir_graph_topo_order(const ir_graph *g, ir_node ***out, size_t *out_count);

/* Marks g (and its ancestors) as changed. */
void ir_graph_touch(ir_graph *g);

#endif

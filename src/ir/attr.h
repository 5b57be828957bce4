/* Node attributes of every ONNX kind. Kind values are ONNX's AttributeProto.AttributeType,
 * so the importer maps them one to one. */
#ifndef GEFLOW_IR_ATTR_H
#define GEFLOW_IR_ATTR_H

#include "ir/tensor.h"

struct ir_graph;

typedef enum ir_attr_kind {
    IR_ATTR_UNDEFINED = 0,
    IR_ATTR_FLOAT = 1,
    IR_ATTR_INT = 2,
    IR_ATTR_STRING = 3,
    IR_ATTR_TENSOR = 4,
    IR_ATTR_GRAPH = 5,
    IR_ATTR_FLOATS = 6,
    IR_ATTR_INTS = 7,
    IR_ATTR_STRINGS = 8,
    IR_ATTR_TENSORS = 9,
    IR_ATTR_GRAPHS = 10
} ir_attr_kind;

/* One attribute; only the members of its kind are meaningful. An attribute owns everything
 * it points to (freed by ir_attr_clear). */
typedef struct ir_attr {
    char *name;
    ir_attr_kind kind;
    int64_t i;
    float f;
    char *s;       /* NUL-terminated; s_len excludes the NUL (strings may hold bytes) */
    size_t s_len;
    ir_tensor t;
    struct ir_graph *g;
    size_t count;  /* element count of the list kinds */
    int64_t *ints;
    float *floats;
    char **strings;
    ir_tensor *tensors;
    struct ir_graph **graphs;
} ir_attr;

const char *ir_attr_kind_name(ir_attr_kind kind);

/* Frees everything the attribute owns (name, strings, lists, tensors, graphs) and zeroes it.
 * Accepts NULL and zeroed attributes. */
void ir_attr_clear(ir_attr *a);
/* Deep copy (graphs are copied with ir_graph_copy and get no parent: the caller attaches
 * them). On failure *dst is left zeroed and a message is set. */
ge_status ir_attr_copy(ir_attr *dst, const ir_attr *src);

/* Setters: fill a zeroed *a (name and values copied). On failure *a stays zeroed. */
ge_status ir_attr_set_int(ir_attr *a, const char *name, int64_t v);
ge_status ir_attr_set_float(ir_attr *a, const char *name, float v);
/* `len` bytes of `s` (may hold NULs); a NUL is appended. */
ge_status ir_attr_set_string(ir_attr *a, const char *name, const char *s, size_t len);
ge_status ir_attr_set_ints(ir_attr *a, const char *name, const int64_t *v, size_t n);
ge_status ir_attr_set_floats(ir_attr *a, const char *name, const float *v, size_t n);
ge_status ir_attr_set_strings(ir_attr *a, const char *name, const char *const *v, size_t n);
/* Deep-copies the tensor. */
ge_status ir_attr_set_tensor(ir_attr *a, const char *name, const ir_tensor *t);
/* Takes the tensor's data on success (then *t is zeroed); on failure the caller keeps it. */
ge_status ir_attr_set_tensor_taken(ir_attr *a, const char *name, ir_tensor *t);
/* Takes ownership of the graph on success only. */
ge_status ir_attr_set_graph(ir_attr *a, const char *name, struct ir_graph *g);

#endif

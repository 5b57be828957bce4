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

#endif

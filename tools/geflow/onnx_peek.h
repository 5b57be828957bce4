/* A read-only look at an ONNX file's structure without importing it: the top-level nodes'
 * op types and domains, the element/type kinds of the graph's inputs and outputs, the
 * element types of its initializers. The conformance runner uses it to name a case's op and to
 * detect skip categories even when the importer refuses the model. A small protobuf wire
 * walker: it never allocates beyond its fixed tables. */
#ifndef GEFLOW_TOOLS_ONNX_PEEK_H
#define GEFLOW_TOOLS_ONNX_PEEK_H

#include <stdbool.h>
#include <stddef.h>

#define PEEK_MAX_NODES 64
#define PEEK_MAX_IO 32

typedef enum peek_kind { PEEK_TENSOR = 1, PEEK_SEQUENCE = 4, PEEK_MAP = 5, PEEK_SPARSE = 8, PEEK_OPTIONAL = 9 } peek_kind;

typedef struct peek_io {
    char name[96];
    int kind;      /* peek_kind; 0 when no type is given */
    int elem_type; /* ONNX TensorProto.DataType of a tensor (or of the innermost tensor) */
} peek_io;

typedef struct onnx_peek {
    size_t n_nodes; /* top-level nodes (up to PEEK_MAX_NODES recorded) */
    char op_type[PEEK_MAX_NODES][64];
    char domain[PEEK_MAX_NODES][64];
    size_t n_inputs, n_outputs;
    peek_io inputs[PEEK_MAX_IO], outputs[PEEK_MAX_IO];
    unsigned long long init_elem_types; /* bit 1 << TensorProto.DataType of every initializer */
    bool ok;
} onnx_peek;

/* false when the file cannot be read or is not a ModelProto. */
bool onnx_peek_file(const char *path, onnx_peek *out);

#endif

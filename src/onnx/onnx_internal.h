/* Internals shared by the ONNX importer, writer and tensor reader (src/onnx only).
 *
 * - protobuf-c allocates through onnx_pb_allocator (ge_malloc/ge_free, so the fault-injection
 *   hook covers parsing too) and records an allocation failure, so a failed unpack can be told
 *   apart from a malformed message.
 * - Before protobuf-c sees a message, onnx_wire_check walks the wire format with the
 *   generated descriptors: it bounds the message nesting (protobuf-c recurses without a limit)
 *   and names the field and byte offset of structural damage (truncation, a wire type that
 *   does not match the field).
 * - The dtype table maps ONNX's TensorProto.DataType numbering to ge_dtype and names every
 *   ONNX type, including the ones geflow lacks. */
#ifndef GEFLOW_ONNX_ONNX_INTERNAL_H
#define GEFLOW_ONNX_ONNX_INTERNAL_H

#include "ir/tensor.h"

#include "onnx.pb-c.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- protobuf-c allocation ---- */
typedef struct onnx_pb_alloc {
    ProtobufCAllocator base; /* first: protobuf-c gets &base */
    bool failed;             /* an allocation returned NULL */
} onnx_pb_alloc;

void onnx_pb_alloc_init(onnx_pb_alloc *a);

/* ---- wire format ---- */
/* Message nesting allowed in a file (a subgraph level is 3 messages: attribute, graph,
 * node); deeper files are refused before protobuf-c recurses into them. */
#define ONNX_WIRE_MAX_DEPTH 240
/* If/Loop/Scan bodies nested deeper than this are refused by the importer. */
#define ONNX_MAX_SUBGRAPH_DEPTH 64
/* Local functions calling local functions deeper than this are refused. */
#define ONNX_MAX_INLINE_DEPTH 32
/* The protobuf format's own limit for one message. */
#define ONNX_MAX_MESSAGE_BYTES ((size_t)INT32_MAX)

/* Checks `size` bytes as a serialized `desc` message; sets a message starting with `what`
 * ("ONNX model", "TensorProto file 'x.pb'") on failure (PARAM_INVALID). */
ge_status onnx_wire_check(const void *data, size_t size, const ProtobufCMessageDescriptor *desc,
                          const char *what);
/* Unpacks after onnx_wire_check; NULL with a message on failure (*out_status set). */
ProtobufCMessage *onnx_unpack(const ProtobufCMessageDescriptor *desc, const void *data,
                              size_t size, const char *what, ge_status *out_status);
void onnx_free_unpacked(ProtobufCMessage *m);

/* ---- files ---- */
/* Reads a whole regular file (at most `limit` bytes; larger files are refused) into a
 * ge_malloc'd buffer. FAILED when it cannot be opened or read, PARAM_INVALID when too big. */
ge_status onnx_read_file(const char *path, size_t limit, const char *what, void **out_data,
                         size_t *out_size);
ge_status onnx_write_file(const char *path, const void *data, size_t size, const char *what);
/* The directory part of path ("." when it has none), into buf. */
void onnx_dirname(const char *path, char *buf, size_t size);

/* ---- dtypes ---- */
/* ONNX TensorProto.DataType values. */
enum {
    ONNX_UNDEFINED = 0, ONNX_FLOAT = 1, ONNX_UINT8 = 2, ONNX_INT8 = 3, ONNX_UINT16 = 4,
    ONNX_INT16 = 5, ONNX_INT32 = 6, ONNX_INT64 = 7, ONNX_STRING = 8, ONNX_BOOL = 9,
    ONNX_FLOAT16 = 10, ONNX_DOUBLE = 11, ONNX_UINT32 = 12, ONNX_UINT64 = 13,
    ONNX_COMPLEX64 = 14, ONNX_COMPLEX128 = 15, ONNX_BFLOAT16 = 16
};
/* "FLOAT", "FLOAT8E4M3FN", ...; "type N" (in a static buffer per thread) for unknown values. */
const char *onnx_dtype_name(int32_t onnx_type);
/* false when geflow has no dtype for it (UNDEFINED included). */
bool onnx_dtype_to_ge(int32_t onnx_type, ge_dtype *out);
/* ONNX_UNDEFINED for GE_DTYPE_UNDEFINED. */
int32_t onnx_dtype_from_ge(ge_dtype dt);

/* ---- tensors ---- */
/* Where external data files are looked up: `dir` (NULL: external data refused, with
 * `why_none` as the explanation). */
typedef struct onnx_ext_ctx {
    const char *dir;
    const char *why_none;
} onnx_ext_ctx;

/* Converts a TensorProto into *out (allocated; ir_tensor_free_data). `what` names the
 * tensor in messages ("initializer 'w'"). Sizes are checked against the data present before
 * anything is allocated. PARAM_INVALID for malformed tensors, UNSUPPORTED for types geflow
 * lacks and for segmented tensors. */
ge_status onnx_tensor_from_proto(const GeflowOnnx__TensorProto *tp, const onnx_ext_ctx *ext,
                                 const char *what, ir_tensor *out);

/* ---- an arena for building messages to pack (everything freed at once) ---- */
typedef struct onnx_arena {
    struct onnx_arena_block *head;
    bool failed;
} onnx_arena;

void *onnx_arena_alloc(onnx_arena *a, size_t size); /* zeroed; NULL (and failed) on OOM */
void *onnx_arena_array(onnx_arena *a, size_t count, size_t elem);
char *onnx_arena_strdup(onnx_arena *a, const char *s);
void onnx_arena_free(onnx_arena *a);

/* Fills *out (a TensorProto initialized with GEFLOW_ONNX__TENSOR_PROTO__INIT by this
 * function) from t: dims, data_type, raw_data (pointing at t->data, not copied) or
 * string_data for strings. `name` may be NULL. */
ge_status onnx_tensor_to_proto(onnx_arena *a, const ir_tensor *t, const char *name,
                               GeflowOnnx__TensorProto *out);

#endif

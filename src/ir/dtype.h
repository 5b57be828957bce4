/* Facts about element types, and the half-precision conversions every layer needs. */
#ifndef GEFLOW_IR_DTYPE_H
#define GEFLOW_IR_DTYPE_H

#include "geflow/ge_types.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A bitmask of dtypes, bit (1 << dtype); used by op schemas. */
typedef uint64_t ge_dtype_set;
#define GE_DT(d) ((ge_dtype_set)1 << (d))
#define GE_DTS_FLOATS (GE_DT(GE_DTYPE_FLOAT32) | GE_DT(GE_DTYPE_FLOAT16) | GE_DT(GE_DTYPE_BFLOAT16) | GE_DT(GE_DTYPE_FLOAT64))
#define GE_DTS_SIGNED (GE_DT(GE_DTYPE_INT8) | GE_DT(GE_DTYPE_INT16) | GE_DT(GE_DTYPE_INT32) | GE_DT(GE_DTYPE_INT64))
#define GE_DTS_UNSIGNED (GE_DT(GE_DTYPE_UINT8) | GE_DT(GE_DTYPE_UINT16) | GE_DT(GE_DTYPE_UINT32) | GE_DT(GE_DTYPE_UINT64))
#define GE_DTS_INTS (GE_DTS_SIGNED | GE_DTS_UNSIGNED)
#define GE_DTS_NUMERIC (GE_DTS_FLOATS | GE_DTS_INTS)
#define GE_DTS_ALL (GE_DTS_NUMERIC | GE_DT(GE_DTYPE_BOOL))

/* Bytes per element; 0 for UNDEFINED or an unknown value. STRING elements are char*. */
size_t ge_dtype_size(ge_dtype dt);
/* "float32", "int64", ...; "invalid" for values that are not a ge_dtype. */
const char *ge_dtype_name(ge_dtype dt);
/* Parses a name given by ge_dtype_name; returns false when unknown. */
bool ge_dtype_from_name(const char *name, ge_dtype *out);
bool ge_dtype_is_valid(int value);
bool ge_dtype_is_float(ge_dtype dt);
bool ge_dtype_is_int(ge_dtype dt);
bool ge_dtype_is_signed_int(ge_dtype dt);
/* Renders a dtype set as "float32|int64|..." into buf. */
void ge_dtype_set_format(ge_dtype_set set, char *buf, size_t size);

/* ONNX TensorProto.DataType numbers (FLOAT=1, UINT8=2, ..., BFLOAT16=16) to and from
 * ge_dtype; false / 0 for types geflow lacks (complex, float8, int4, ...). */
bool ge_dtype_from_onnx(int64_t onnx_type, ge_dtype *out);
int ge_dtype_to_onnx(ge_dtype dt);

float ge_half_to_float(uint16_t h);
uint16_t ge_float_to_half(float f);     /* round to nearest even */
float ge_bfloat16_to_float(uint16_t b);
uint16_t ge_float_to_bfloat16(float f); /* round to nearest even */

#endif

/* Element types and placements shared by every geflow face. The numeric values are the
 * vendor's DataType values (graph/types.h), so a ge_dtype converts to ge::DataType unchanged. */
#ifndef GEFLOW_GE_TYPES_H
#define GEFLOW_GE_TYPES_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ge_dtype {
    GE_DTYPE_FLOAT32 = 0,
    GE_DTYPE_FLOAT16 = 1,
    GE_DTYPE_INT8 = 2,
    GE_DTYPE_INT32 = 3,
    GE_DTYPE_UINT8 = 4,
    GE_DTYPE_INT16 = 6,
    GE_DTYPE_UINT16 = 7,
    GE_DTYPE_UINT32 = 8,
    GE_DTYPE_INT64 = 9,
    GE_DTYPE_UINT64 = 10,
    GE_DTYPE_FLOAT64 = 11,
    GE_DTYPE_BOOL = 12,
    GE_DTYPE_STRING = 13,
    GE_DTYPE_BFLOAT16 = 27,
    GE_DTYPE_UNDEFINED = 28
} ge_dtype;

/* Where a tensor's bytes live: ordinary host memory, or device memory from aclrtMalloc. */
typedef enum ge_placement { GE_PLACEMENT_HOST = 0, GE_PLACEMENT_DEVICE = 1 } ge_placement;

/* Dimension markers (vendor UNKNOWN_DIM / UNKNOWN_DIM_NUM). */
#define GE_DIM_UNKNOWN (-1)
#define GE_RANK_UNKNOWN (-2)

#ifdef __cplusplus
}
#endif

#endif

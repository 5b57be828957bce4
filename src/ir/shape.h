/* Shapes whose dims may be unknown (-1) and whose rank may be unknown (rank -2). */
#ifndef GEFLOW_IR_SHAPE_H
#define GEFLOW_IR_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IR_MAX_RANK 12
#define IR_DIM_UNKNOWN (-1)
#define IR_RANK_UNKNOWN (-2)

typedef struct ir_shape {
    int32_t rank; /* 0 = scalar; IR_RANK_UNKNOWN = nothing known */
    int64_t dims[IR_MAX_RANK];
} ir_shape;

/* A shape of known rank; returns false (and leaves *out unknown) when rank > IR_MAX_RANK. */
bool ir_shape_make(ir_shape *out, size_t rank, const int64_t *dims);
ir_shape ir_shape_unknown(void);
ir_shape ir_shape_scalar(void);
bool ir_shape_rank_known(const ir_shape *s);
/* Rank known and every dim >= 0. */
bool ir_shape_is_static(const ir_shape *s);
/* Element count; -1 when not static or when the product overflows int64. */
int64_t ir_shape_numel(const ir_shape *s);
bool ir_shape_equal(const ir_shape *a, const ir_shape *b);
/* "[2,3,?]" or "[unknown rank]"; returns buf. */
const char *ir_shape_format(const ir_shape *s, char *buf, size_t size);
/* Row-major strides in elements, for a static shape. */
void ir_shape_strides(const ir_shape *s, int64_t *strides);
/* Resolves a possibly negative axis against rank; false when out of [-rank, rank). */
bool ir_axis_normalize(int64_t axis, int32_t rank, int32_t *out);

#endif

#include "ir/shape.h"

#include <stdio.h>
#include <string.h>

bool ir_shape_make(ir_shape *out, size_t rank, const int64_t *dims)
{
    if (rank > IR_MAX_RANK) {
        *out = ir_shape_unknown();
        return false;
    }
    memset(out, 0, sizeof *out);
    out->rank = (int32_t)rank;
    for (size_t i = 0; i < rank; i++)
        out->dims[i] = dims[i] < 0 ? IR_DIM_UNKNOWN : dims[i];
    return true;
}

ir_shape ir_shape_unknown(void)
{
    ir_shape s;
    memset(&s, 0, sizeof s);
    s.rank = IR_RANK_UNKNOWN;
    return s;
}

ir_shape ir_shape_scalar(void)
{
    ir_shape s;
    memset(&s, 0, sizeof s);
    return s;
}

bool ir_shape_rank_known(const ir_shape *s)
{
    return s->rank >= 0;
}

bool ir_shape_is_static(const ir_shape *s)
{
    if (s->rank < 0)
        return false;
    for (int32_t i = 0; i < s->rank; i++)
        if (s->dims[i] < 0)
            return false;
    return true;
}

int64_t ir_shape_numel(const ir_shape *s)
{
    if (!ir_shape_is_static(s))
        return -1;
    int64_t n = 1;
    for (int32_t i = 0; i < s->rank; i++) {
        if (s->dims[i] != 0 && n > INT64_MAX / s->dims[i])
            return -1;
        n *= s->dims[i];
    }
    return n;
}

bool ir_shape_equal(const ir_shape *a, const ir_shape *b)
{
    if (a->rank != b->rank)
        return false;
    for (int32_t i = 0; i < a->rank; i++)
        if (a->dims[i] != b->dims[i])
            return false;
    return true;
}

const char *ir_shape_format(const ir_shape *s, char *buf, size_t size)
{
    if (s->rank < 0) {
        snprintf(buf, size, "[unknown rank]");
        return buf;
    }
    size_t used = 0;
    int n = snprintf(buf, size, "[");
    used = n > 0 ? (size_t)n : 0;
    for (int32_t i = 0; i < s->rank && used < size; i++) {
        if (s->dims[i] < 0)
            n = snprintf(buf + used, size - used, "%s?", i ? "," : "");
        else
            n = snprintf(buf + used, size - used, "%s%lld", i ? "," : "", (long long)s->dims[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (used < size)
        snprintf(buf + used, size - used, "]");
    return buf;
}

void ir_shape_strides(const ir_shape *s, int64_t *strides)
{
    int64_t st = 1;
    for (int32_t i = s->rank - 1; i >= 0; i--) {
        strides[i] = st;
        st *= s->dims[i];
    }
}

bool ir_axis_normalize(int64_t axis, int32_t rank, int32_t *out)
{
    if (axis < -(int64_t)rank || axis >= (int64_t)rank)
        return false;
    *out = (int32_t)(axis < 0 ? axis + rank : axis);
    return true;
}

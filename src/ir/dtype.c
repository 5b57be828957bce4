#include "ir/dtype.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    ge_dtype dt;
    const char *name;
    size_t size;
} dtype_table[] = {
    {GE_DTYPE_FLOAT32, "float32", 4}, {GE_DTYPE_FLOAT16, "float16", 2},
    {GE_DTYPE_INT8, "int8", 1},       {GE_DTYPE_INT32, "int32", 4},
    {GE_DTYPE_UINT8, "uint8", 1},     {GE_DTYPE_INT16, "int16", 2},
    {GE_DTYPE_UINT16, "uint16", 2},   {GE_DTYPE_UINT32, "uint32", 4},
    {GE_DTYPE_INT64, "int64", 8},     {GE_DTYPE_UINT64, "uint64", 8},
    {GE_DTYPE_FLOAT64, "float64", 8}, {GE_DTYPE_BOOL, "bool", 1},
    {GE_DTYPE_STRING, "string", sizeof(char *)}, {GE_DTYPE_BFLOAT16, "bfloat16", 2},
    {GE_DTYPE_UNDEFINED, "undefined", 0},
};
enum { DTYPE_COUNT = sizeof dtype_table / sizeof dtype_table[0] };

static int dtype_index(int value)
{
    for (int i = 0; i < DTYPE_COUNT; i++)
        if ((int)dtype_table[i].dt == value)
            return i;
    return -1;
}

bool ge_dtype_is_valid(int value)
{
    return dtype_index(value) >= 0;
}

size_t ge_dtype_size(ge_dtype dt)
{
    int i = dtype_index((int)dt);
    return i < 0 ? 0 : dtype_table[i].size;
}

const char *ge_dtype_name(ge_dtype dt)
{
    int i = dtype_index((int)dt);
    return i < 0 ? "invalid" : dtype_table[i].name;
}

bool ge_dtype_from_name(const char *name, ge_dtype *out)
{
    for (int i = 0; i < DTYPE_COUNT; i++)
        if (strcmp(dtype_table[i].name, name) == 0) {
            *out = dtype_table[i].dt;
            return true;
        }
    return false;
}

bool ge_dtype_is_float(ge_dtype dt)
{
    return (GE_DTS_FLOATS & GE_DT(dt)) != 0;
}

bool ge_dtype_is_int(ge_dtype dt)
{
    return (GE_DTS_INTS & GE_DT(dt)) != 0;
}

bool ge_dtype_is_signed_int(ge_dtype dt)
{
    return (GE_DTS_SIGNED & GE_DT(dt)) != 0;
}

void ge_dtype_set_format(ge_dtype_set set, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < DTYPE_COUNT; i++) {
        if (!(set & GE_DT(dtype_table[i].dt)))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? "|" : "", dtype_table[i].name);
        if (n < 0 || (size_t)n >= size - used)
            return;
        used += (size_t)n;
    }
}

/* Index = ONNX TensorProto.DataType; UNDEFINED where geflow has no such type. */
static const ge_dtype onnx_types[] = {
    GE_DTYPE_UNDEFINED, GE_DTYPE_FLOAT32, GE_DTYPE_UINT8,   GE_DTYPE_INT8,      GE_DTYPE_UINT16,
    GE_DTYPE_INT16,     GE_DTYPE_INT32,   GE_DTYPE_INT64,   GE_DTYPE_STRING,    GE_DTYPE_BOOL,
    GE_DTYPE_FLOAT16,   GE_DTYPE_FLOAT64, GE_DTYPE_UINT32,  GE_DTYPE_UINT64,    GE_DTYPE_UNDEFINED,
    GE_DTYPE_UNDEFINED, GE_DTYPE_BFLOAT16,
};

bool ge_dtype_from_onnx(int64_t onnx_type, ge_dtype *out)
{
    if (onnx_type < 0 || onnx_type >= (int64_t)(sizeof onnx_types / sizeof onnx_types[0]) ||
        onnx_types[onnx_type] == GE_DTYPE_UNDEFINED)
        return false;
    *out = onnx_types[onnx_type];
    return true;
}

int ge_dtype_to_onnx(ge_dtype dt)
{
    for (int i = 1; i < (int)(sizeof onnx_types / sizeof onnx_types[0]); i++)
        if (onnx_types[i] == dt)
            return i;
    return 0;
}

static uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float bits_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

float ge_half_to_float(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t mant = h & 0x3ffu;
    if (exp == 0x1f)
        return bits_float(sign | 0x7f800000u | (mant << 13));
    if (exp == 0) {
        /* zero or subnormal: mant * 2^-24 */
        float v = (float)mant * 5.9604644775390625e-8f;
        return sign ? -v : v;
    }
    return bits_float(sign | ((exp + 112u) << 23) | (mant << 13));
}

uint16_t ge_float_to_half(float f)
{
    uint32_t u = float_bits(f);
    uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
    uint32_t abs = u & 0x7fffffffu;
    if (abs > 0x7f800000u) /* NaN: keep it quiet */
        return (uint16_t)(sign | 0x7e00u);
    if (abs >= 0x477ff000u) /* rounds to >= 65520: infinity */
        return (uint16_t)(sign | 0x7c00u);
    if (abs < 0x38800000u) { /* below the smallest normal half: subnormal or zero */
        float a = bits_float(abs);
        /* scale so the subnormal step becomes 1, then round to nearest even */
        float scaled = a * 16777216.0f;
        uint32_t m = (uint32_t)nearbyintf(scaled);
        return (uint16_t)(sign | m);
    }
    uint32_t mant = abs & 0x7fffffu;
    uint32_t exp = (abs >> 23) - 112u;
    uint32_t half = (exp << 10) | (mant >> 13);
    uint32_t rest = mant & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u)))
        half++;
    return (uint16_t)(sign | half);
}

float ge_bfloat16_to_float(uint16_t b)
{
    return bits_float((uint32_t)b << 16);
}

uint16_t ge_float_to_bfloat16(float f)
{
    uint32_t u = float_bits(f);
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return (uint16_t)((u >> 16) | 0x40u);
    uint32_t lsb = (u >> 16) & 1u;
    u += 0x7fffu + lsb;
    return (uint16_t)(u >> 16);
}

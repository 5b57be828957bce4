/* The CLI's .npy reader and writer: round trips for every dtype, headers of format 1 and 2,
 * scalars and 0-element arrays, and refusals (Fortran order, big-endian, truncated data,
 * unknown dtypes, bad magic) with messages instead of crashes. */
#include "npy.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

#define CHECK(c)                                                              \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                       \
        }                                                                     \
    } while (0)

/* A .npy image with the given header dict and payload (format 1). */
static size_t make_npy(unsigned char *buf, const char *dict, const void *data, size_t bytes, int version)
{
    size_t pre = version == 1 ? 10 : 12, dl = strlen(dict);
    size_t hlen = (pre + dl + 1 + 63) / 64 * 64 - pre;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)version;
    buf[7] = 0;
    buf[8] = (unsigned char)(hlen & 0xff);
    buf[9] = (unsigned char)(hlen >> 8);
    if (version != 1) {
        buf[10] = 0;
        buf[11] = 0;
    }
    memcpy(buf + pre, dict, dl);
    memset(buf + pre + dl, ' ', hlen - dl - 1);
    buf[pre + hlen - 1] = '\n';
    if (bytes)
        memcpy(buf + pre + hlen, data, bytes);
    return pre + hlen + bytes;
}

static void round_trip(ge_dtype dt, const int64_t *dims, size_t rank, const char *path)
{
    ge_tensor *t = NULL, *back = NULL;
    char err[512];
    CHECK(ge_tensor_create(dt, dims, rank, GE_PLACEMENT_HOST, &t) == GE_STATUS_SUCCESS);
    unsigned char *p = ge_tensor_get_data(t);
    for (size_t i = 0; i < ge_tensor_get_byte_size(t); i++)
        p[i] = (unsigned char)(i * 7 + 3);
    if (dt == GE_DTYPE_BOOL)
        for (size_t i = 0; i < ge_tensor_get_byte_size(t); i++)
            p[i] &= 1;
    CHECK(npy_write_file(path, t, err, sizeof err) == 0);
    CHECK(npy_read_file(path, &back, err, sizeof err) == 0);
    if (back) {
        CHECK(ge_tensor_get_dtype(back) == dt);
        CHECK(ge_tensor_get_rank(back) == rank);
        CHECK(rank == 0 || memcmp(ge_tensor_get_dims(back), dims, rank * sizeof *dims) == 0);
        CHECK(ge_tensor_get_byte_size(back) == ge_tensor_get_byte_size(t));
        CHECK(ge_tensor_get_byte_size(t) == 0 ||
              memcmp(ge_tensor_get_data(back), ge_tensor_get_data(t), ge_tensor_get_byte_size(t)) == 0);
    }
    ge_tensor_destroy(t);
    ge_tensor_destroy(back);
}

int main(void)
{
    char path[] = "/tmp/geflow_test_npy_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    const ge_dtype dts[] = {GE_DTYPE_FLOAT32, GE_DTYPE_FLOAT16, GE_DTYPE_FLOAT64, GE_DTYPE_INT8, GE_DTYPE_INT16,
                            GE_DTYPE_INT32,   GE_DTYPE_INT64,   GE_DTYPE_UINT8,   GE_DTYPE_UINT16, GE_DTYPE_UINT32,
                            GE_DTYPE_UINT64,  GE_DTYPE_BOOL};
    const int64_t d3[] = {2, 3, 4}, d1[] = {5}, d0[] = {3, 0, 2};
    for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
        round_trip(dts[i], d3, 3, path);
        round_trip(dts[i], d1, 1, path);
        round_trip(dts[i], NULL, 0, path); /* scalar */
        round_trip(dts[i], d0, 3, path);   /* 0 elements, shape kept */
    }

    /* bfloat16 is written as float32 (numpy has no bfloat16). */
    {
        ge_tensor *t = NULL, *back = NULL;
        char err[512];
        CHECK(ge_tensor_create(GE_DTYPE_BFLOAT16, d1, 1, GE_PLACEMENT_HOST, &t) == GE_STATUS_SUCCESS);
        ((uint16_t *)ge_tensor_get_data(t))[2] = 0x3fc0; /* 1.5 */
        CHECK(npy_write_file(path, t, err, sizeof err) == 0);
        CHECK(npy_read_file(path, &back, err, sizeof err) == 0);
        CHECK(back && ge_tensor_get_dtype(back) == GE_DTYPE_FLOAT32 && ((float *)ge_tensor_get_data(back))[2] == 1.5f);
        ge_tensor_destroy(t);
        ge_tensor_destroy(back);
    }

    unsigned char buf[4096];
    char err[512];
    ge_tensor *t = NULL;
    const float f[6] = {1, 2, 3, 4, 5, 6};
    /* Format 2 header, double quotes, no trailing comma. */
    size_t n = make_npy(buf, "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3)}", f, sizeof f, 2);
    CHECK(npy_read_memory(buf, n, &t, err, sizeof err) == 0);
    CHECK(t && ge_tensor_get_rank(t) == 2 && ge_tensor_get_dims(t)[1] == 3 && ((float *)ge_tensor_get_data(t))[5] == 6);
    ge_tensor_destroy(t);
    /* '|b1', '?' and '|u1' descr spellings. */
    n = make_npy(buf, "{'descr': '|b1', 'fortran_order': False, 'shape': (6,), }", f, 6, 1);
    CHECK(npy_read_memory(buf, n, &t, err, sizeof err) == 0 && t && ge_tensor_get_dtype(t) == GE_DTYPE_BOOL);
    ge_tensor_destroy(t);

    /* Refusals. */
    const char *bad[] = {
        "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",  /* Fortran order */
        "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }",  /* big-endian */
        "{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }",  /* complex: no ge_dtype */
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 30), }", /* truncated data */
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }", /* negative dim */
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", /* structured */
        "{'fortran_order': False, 'shape': (2, 3), }",                  /* no descr */
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,1,1,1,1), }", /* rank 13 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        n = make_npy(buf, bad[i], f, sizeof f, 1);
        t = NULL;
        err[0] = '\0';
        CHECK(npy_read_memory(buf, n, &t, err, sizeof err) != 0);
        CHECK(t == NULL && err[0] != '\0');
    }
    CHECK(npy_read_memory("\x93NUMPX\x01\x00\x00\x00", 10, &t, err, sizeof err) != 0);
    CHECK(npy_read_memory(buf, 5, &t, err, sizeof err) != 0);
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f, sizeof f, 1);
    for (size_t cut = 0; cut < n; cut += 7) { /* every truncation is refused, none crashes */
        t = NULL;
        CHECK(npy_read_memory(buf, cut, &t, err, sizeof err) != 0 && t == NULL);
    }
    CHECK(npy_read_file("/nonexistent/x.npy", &t, err, sizeof err) != 0 && strstr(err, "cannot open"));

    if (fd >= 0)
        close(fd);
    remove(path);
    if (failures)
        fprintf(stderr, "test_npy: %d checks failed\n", failures);
    else
        printf("test_npy: all checks passed\n");
    return failures != 0;
}

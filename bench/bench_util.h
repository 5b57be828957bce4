/* Small helpers shared by the benchmarks. */
#ifndef GEFLOW_BENCH_UTIL_H
#define GEFLOW_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static inline double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define BENCH_CHECK(call)                                                              \
    do {                                                                               \
        int bench_rc_ = (call);                                                        \
        if (bench_rc_ != 0) {                                                          \
            fprintf(stderr, "%s failed: %d\n", #call, bench_rc_);                      \
            exit(1);                                                                   \
        }                                                                              \
    } while (0)

#endif

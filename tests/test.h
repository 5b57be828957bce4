/* A minimal test harness: CHECK records a failure and goes on; main returns test_result(). */
#ifndef GEFLOW_TEST_H
#define GEFLOW_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int test_failures;
static int test_checks;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        __atomic_add_fetch(&test_checks, 1, __ATOMIC_RELAXED);                                                               \
        if (!(cond)) {                                                                 \
            __atomic_add_fetch(&test_failures, 1, __ATOMIC_RELAXED);                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
        }                                                                              \
    } while (0)

#define CHECK_EQ(a, b)                                                                 \
    do {                                                                               \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                \
        __atomic_add_fetch(&test_checks, 1, __ATOMIC_RELAXED);                                                               \
        if (check_a_ != check_b_) {                                                    \
            __atomic_add_fetch(&test_failures, 1, __ATOMIC_RELAXED);                                                         \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld vs %lld)\n",       \
                    __FILE__, __LINE__, #a, #b, check_a_, check_b_);                   \
        }                                                                              \
    } while (0)

/* Checks that `text` contains `part` (error messages name what went wrong). */
#define CHECK_CONTAINS(text, part)                                                     \
    do {                                                                               \
        const char *check_t_ = (text);                                                 \
        __atomic_add_fetch(&test_checks, 1, __ATOMIC_RELAXED);                                                               \
        if (!check_t_ || !strstr(check_t_, (part))) {                                  \
            __atomic_add_fetch(&test_failures, 1, __ATOMIC_RELAXED);                                                         \
            fprintf(stderr, "%s:%d: CHECK_CONTAINS failed: \"%s\" lacks \"%s\"\n",     \
                    __FILE__, __LINE__, check_t_ ? check_t_ : "(null)", (part));       \
        }                                                                              \
    } while (0)

#define RUN_TEST(fn)                                                                   \
    do {                                                                               \
        int before_ = test_failures;                                                   \
        fn();                                                                          \
        fprintf(stderr, "%s %s\n", test_failures == before_ ? "ok  " : "FAIL", #fn);   \
    } while (0)

static inline int test_result(void)
{
    fprintf(stderr, "%d checks, %d failed\n", test_checks, test_failures);
    return test_failures ? 1 : 0;
}

#endif

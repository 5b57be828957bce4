#include "base/alloc.h"
#include "base/error.h"
#include "geflow/ge_status.h"
#include "test.h"

#include <pthread.h>

static void test_take_returns_and_clears(void)
{
    ge_error_set("input %d: expected %s, found %s", 2, "float32", "int8");
    const char *m = ge_get_error_message();
    CHECK(strcmp(m, "input 2: expected float32, found int8") == 0);
    CHECK(strcmp(ge_get_error_message(), "") == 0);
}

static void test_prefix_keeps_detail(void)
{
    ge_error_set("index 1 out of range");
    ge_error_prefix("graph %u: ", 7u);
    CHECK(strcmp(ge_error_take(), "graph 7: index 1 out of range") == 0);
}

static void *other_thread(void *arg)
{
    (void)arg;
    /* The store is per thread: nothing set here yet. */
    return (void *)(strcmp(ge_error_take(), "") == 0 ? (void *)1 : NULL);
}

static void test_thread_local(void)
{
    pthread_t t;
    void *ok = NULL;
    ge_error_set("main thread message");
    CHECK(pthread_create(&t, NULL, other_thread, NULL) == 0);
    pthread_join(t, &ok);
    CHECK(ok != NULL);
    CHECK(strcmp(ge_error_take(), "main thread message") == 0);
}

static void test_alloc_injection(void)
{
    long live = ge_alloc_live();
    ge_alloc_fail_after(1);
    void *a = ge_malloc(16);
    void *b = ge_malloc(16);
    ge_alloc_fail_after(-1);
    CHECK(a != NULL);
    CHECK(b == NULL);
    CHECK_EQ(ge_alloc_live(), live + 1);
    ge_free(a);
    CHECK_EQ(ge_alloc_live(), live);
    void *al = ge_aligned_alloc(64, 100);
    CHECK(al != NULL && ((uintptr_t)al % 64) == 0);
    ge_free(al);
}

int main(void)
{
    RUN_TEST(test_take_returns_and_clears);
    RUN_TEST(test_prefix_keeps_detail);
    RUN_TEST(test_thread_local);
    RUN_TEST(test_alloc_injection);
    return test_result();
}

/* The per-device compute pool and rt_parallel_for. */
#include "rt_test_util.h"

#include <stdatomic.h>
#include <stdlib.h>

typedef struct sum_ctx {
    unsigned char *hits;
    atomic_long calls;
    rt_pool *pool;
    bool nest;
} sum_ctx;

static void mark(void *ctx, size_t b, size_t e)
{
    sum_ctx *c = ctx;
    atomic_fetch_add(&c->calls, 1);
    for (size_t i = b; i < e; i++)
        c->hits[i]++;
    if (c->nest) {
        sum_ctx inner = {.hits = calloc(8, 1), .pool = c->pool};
        rt_parallel_for(c->pool, 8, mark, &inner); /* nested: runs inline */
        for (int i = 0; i < 8; i++)
            if (inner.hits[i] != 1)
                c->hits[b] = 100;
        free(inner.hits);
    }
}

static int check_hits(const unsigned char *h, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += h[i] != 1;
    return bad;
}

static void test_parallel_for(void)
{
    setenv("GEFLOW_NUM_THREADS", "4", 1);
    rt_setup();
    rt_pool *p = rt_device_pool(0);
    CHECK(p != NULL);
    CHECK(rt_device_pool(0) == p);
    CHECK_EQ(rt_pool_size(p), 4);
    size_t sizes[] = {0, 1, 2, 3, 7, 100, 10007};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        sum_ctx c = {.hits = calloc(n + 1, 1), .pool = p};
        rt_parallel_for(p, n, mark, &c);
        CHECK_EQ(check_hits(c.hits, n), 0);
        free(c.hits);
    }
    /* nested calls run inline and stay correct */
    sum_ctx c = {.hits = calloc(1000, 1), .pool = p, .nest = true};
    rt_parallel_for(p, 1000, mark, &c);
    CHECK_EQ(check_hits(c.hits, 1000), 0);
    free(c.hits);
    /* a NULL pool runs inline */
    sum_ctx d = {.hits = calloc(10, 1)};
    rt_parallel_for(NULL, 10, mark, &d);
    CHECK_EQ(check_hits(d.hits, 10), 0);
    CHECK_EQ(atomic_load(&d.calls), 1);
    free(d.hits);
    rt_teardown();
    unsetenv("GEFLOW_NUM_THREADS");
}

typedef struct pf_task {
    rt_pool *pool;
    unsigned char *hits;
    size_t n;
} pf_task;

static aclError pf_task_fn(void *ctx)
{
    pf_task *t = ctx;
    sum_ctx c = {.hits = t->hits, .pool = t->pool};
    rt_parallel_for(t->pool, t->n, mark, &c);
    return ACL_SUCCESS;
}

/* Parallel-fors from several streams at once share the pool safely. */
static void test_concurrent_streams(void)
{
    rt_setup();
    rt_pool *p = rt_device_pool(0);
    enum { NS = 4, ROUNDS = 50, N = 4096 };
    aclrtStream s[NS];
    pf_task tasks[NS][ROUNDS];
    for (int i = 0; i < NS; i++)
        CHECK_EQ(aclrtCreateStream(&s[i]), ACL_SUCCESS);
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < NS; i++) {
            tasks[i][r] = (pf_task){p, calloc(N, 1), N};
            CHECK_EQ(rt_stream_enqueue(s[i], pf_task_fn, &tasks[i][r], NULL), ACL_SUCCESS);
        }
    for (int i = 0; i < NS; i++)
        CHECK_EQ(aclrtSynchronizeStream(s[i]), ACL_SUCCESS);
    int bad = 0;
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < NS; i++) {
            bad += check_hits(tasks[i][r].hits, N);
            free(tasks[i][r].hits);
        }
    CHECK_EQ(bad, 0);
    for (int i = 0; i < NS; i++)
        CHECK_EQ(aclrtDestroyStream(s[i]), ACL_SUCCESS);
    rt_teardown();
}

int main(void)
{
    RUN_TEST(test_parallel_for);
    RUN_TEST(test_concurrent_streams);
    return test_result();
}

/* Streams: creation, ordering, async proof, sticky errors, timeouts, destroy drains. */
#include "base/error.h"
#include "rt_test_util.h"

#include <stdatomic.h>

static void test_create_destroy(void)
{
    aclrtStream s;
    CHECK_EQ(aclInit(NULL), ACL_SUCCESS);
    CHECK_ERR(aclrtCreateStream(&s), ACL_ERROR_RT_CONTEXT_NULL, "aclrtSetDevice");
    CHECK_ERR(aclrtSynchronizeStream(NULL), ACL_ERROR_RT_CONTEXT_NULL, "default stream");
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    CHECK_ERR(aclrtCreateStream(NULL), ACL_ERROR_INVALID_PARAM, "stream");
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    bool def = false;
    int32_t dev = -1;
    CHECK_EQ(rt_stream_validate(s), ACL_SUCCESS);
    CHECK_EQ(rt_stream_is_default_context(s, &def), ACL_SUCCESS);
    CHECK(def);
    CHECK_EQ(rt_stream_device(s, &dev), ACL_SUCCESS);
    CHECK_EQ(dev, 0);
    CHECK_ERR(rt_stream_validate(NULL), ACL_ERROR_INVALID_PARAM, "NULL");
    CHECK_ERR(rt_stream_is_default_context(NULL, &def), ACL_ERROR_INVALID_PARAM, "NULL");
    aclrtStreamStatus st = ACL_STREAM_STATUS_RESERVED;
    CHECK_EQ(aclrtStreamQuery(s, &st), ACL_SUCCESS);
    CHECK_EQ(st, ACL_STREAM_STATUS_COMPLETE);
    CHECK_ERR(aclrtStreamQuery(s, NULL), ACL_ERROR_INVALID_PARAM, "status");
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStreamWithTimeout(s, 0), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStreamWithTimeout(s, -1), ACL_SUCCESS);
    CHECK_ERR(aclrtSynchronizeStreamWithTimeout(s, -2), ACL_ERROR_INVALID_PARAM, "timeout");
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_ERR(aclrtDestroyStream(s), ACL_ERROR_RT_INVALID_HANDLE, "not a live stream");
    CHECK_ERR(aclrtSynchronizeStream(s), ACL_ERROR_RT_INVALID_HANDLE, "aclrtSynchronizeStream");
    CHECK_ERR(aclrtStreamQuery(s, &st), ACL_ERROR_RT_INVALID_HANDLE, "aclrtStreamQuery");
    CHECK_ERR(rt_stream_validate(s), ACL_ERROR_RT_INVALID_HANDLE, "not a live stream");
    CHECK_ERR(aclrtDestroyStream(NULL), ACL_ERROR_INVALID_PARAM, "stream");
    long junk[4] = {0};
    CHECK_ERR(aclrtSynchronizeStream((aclrtStream)junk), ACL_ERROR_RT_INVALID_HANDLE, "not a live stream");

    CHECK_EQ(aclrtCreateStreamWithConfig(&s, 0, ACL_STREAM_FAST_LAUNCH), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateStreamWithConfig(&s, 7, ACL_STREAM_FAST_LAUNCH | ACL_STREAM_FAST_SYNC), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_ERR(aclrtCreateStreamWithConfig(&s, 8, 0), ACL_ERROR_INVALID_PARAM, "priority");
    CHECK_ERR(aclrtCreateStreamWithConfig(&s, 0, 0x40), ACL_ERROR_INVALID_PARAM, "flag");
    CHECK_ERR(aclrtCreateStreamWithConfig(NULL, 0, 0), ACL_ERROR_INVALID_PARAM, "stream");
    /* streams of an explicit context are not default-context streams */
    aclrtContext c;
    CHECK_EQ(aclrtCreateContext(&c, 0), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    CHECK_EQ(rt_stream_is_default_context(s, &def), ACL_SUCCESS);
    CHECK(!def);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyContext(c), ACL_SUCCESS);
    rt_teardown();
}

typedef struct order_ctx {
    atomic_int next;
    int seen[64];
    atomic_int cleanups;
} order_ctx;

typedef struct order_item {
    order_ctx *o;
    int index;
} order_item;

static aclError order_task(void *ctx)
{
    order_item *it = ctx;
    it->o->seen[it->index] = atomic_fetch_add(&it->o->next, 1);
    return ACL_SUCCESS;
}

static void order_cleanup(void *ctx)
{
    order_item *it = ctx;
    atomic_fetch_add(&it->o->cleanups, 1);
}

static void run_order(bool help)
{
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    order_ctx o = {0};
    order_item items[64];
    for (int i = 0; i < 64; i++) {
        items[i] = (order_item){&o, i};
        CHECK_EQ(rt_stream_enqueue(s, order_task, &items[i], order_cleanup), ACL_SUCCESS);
    }
    CHECK_EQ(rt_stream_synchronize(s, -1, help), ACL_SUCCESS);
    for (int i = 0; i < 64; i++)
        CHECK_EQ(o.seen[i], i);
    CHECK_EQ(atomic_load(&o.cleanups), 64);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
}

static void test_order(void)
{
    rt_setup();
    run_order(true);
    run_order(false);
    CHECK_ERR(rt_stream_enqueue(NULL, NULL, NULL, NULL), ACL_ERROR_INVALID_PARAM, "fn");
    int junk;
    CHECK_ERR(rt_stream_enqueue((aclrtStream)&junk, order_task, NULL, NULL), ACL_ERROR_RT_INVALID_HANDLE, "stream");
    rt_teardown();
}

static void test_async_proof(void)
{
    rt_setup();
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    gate g;
    gate_init(&g);
    void *d1, *d2, *pin;
    CHECK_EQ(aclrtMalloc(&d1, 4096, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMalloc(&d2, 4096, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMallocHost(&pin, 4096), ACL_SUCCESS);
    memset(pin, 3, 4096);
    CHECK_EQ(aclrtMemset(d2, 4096, 0, 4096), ACL_SUCCESS);
    CHECK_EQ(rt_stream_enqueue(s, gate_task, &g, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpyAsync(d1, 4096, pin, 4096, ACL_MEMCPY_HOST_TO_DEVICE, s), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpyAsync(d2, 4096, d1, 4096, ACL_MEMCPY_DEVICE_TO_DEVICE, s), ACL_SUCCESS);
    CHECK_EQ(aclrtMemsetAsync(d1, 4096, 9, 16, s), ACL_SUCCESS);
    /* the calls returned while the stream is blocked */
    aclrtStreamStatus st;
    CHECK_EQ(aclrtStreamQuery(s, &st), ACL_SUCCESS);
    CHECK_EQ(st, ACL_STREAM_STATUS_NOT_READY);
    CHECK_ERR(aclrtSynchronizeStreamWithTimeout(s, 0), ACL_ERROR_RT_STREAM_SYNC_TIMEOUT, "did not finish");
    CHECK_ERR(aclrtSynchronizeStreamWithTimeout(s, 1), ACL_ERROR_RT_STREAM_SYNC_TIMEOUT,
              "aclrtSynchronizeStreamWithTimeout");
    CHECK(((unsigned char *)d2)[0] == 0); /* the copy has not happened */
    gate_open(&g);
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtStreamQuery(s, &st), ACL_SUCCESS);
    CHECK_EQ(st, ACL_STREAM_STATUS_COMPLETE);
    CHECK(((unsigned char *)d2)[4095] == 3);
    CHECK(((unsigned char *)d1)[0] == 9 && ((unsigned char *)d1)[16] == 3);
    gate_destroy(&g);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(d1), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(d2), ACL_SUCCESS);
    CHECK_EQ(aclrtFreeHost(pin), ACL_SUCCESS);
    rt_teardown();
}

/* pageable host memory: MemcpyAsync waits for the stream to reach it */
typedef struct open_later {
    gate *g;
    aclrtStream s;
} open_later;

static void *opener(void *arg)
{
    open_later *ol = arg;
    gate_wait_reached(ol->g);
    gate_open(ol->g);
    return NULL;
}

static void test_pageable_waits(void)
{
    rt_setup();
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    gate g;
    gate_init(&g);
    void *d;
    char host[64], back[64];
    memset(host, 4, sizeof host);
    CHECK_EQ(aclrtMalloc(&d, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMemset(d, 64, 0, 64), ACL_SUCCESS);
    CHECK_EQ(rt_stream_enqueue(s, gate_task, &g, NULL), ACL_SUCCESS);
    pthread_t t;
    open_later ol = {&g, s};
    CHECK_EQ(pthread_create(&t, NULL, opener, &ol), 0);
    /* host is pageable: the call returns only once the stream reached it and copied */
    CHECK_EQ(aclrtMemcpyAsync(d, 64, host, 64, ACL_MEMCPY_HOST_TO_DEVICE, s), ACL_SUCCESS);
    CHECK(((char *)d)[0] == 4 && ((char *)d)[63] == 4);
    CHECK_EQ(aclrtMemcpyAsync(back, 64, d, 64, ACL_MEMCPY_DEVICE_TO_HOST, s), ACL_SUCCESS);
    CHECK(back[0] == 4 && back[63] == 4);
    pthread_join(t, NULL);
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    gate_destroy(&g);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(d), ACL_SUCCESS);
    rt_teardown();
}

static aclError failing_task(void *ctx)
{
    (void)ctx;
    ge_error_set("kernel Conv_3 failed: input 1 has shape [2,3], expected [2,4]");
    return ACL_ERROR_RT_AICORE_EXCEPTION;
}

static aclError count_task(void *ctx)
{
    atomic_fetch_add((atomic_int *)ctx, 1);
    return ACL_SUCCESS;
}

static void count_cleanup(void *ctx)
{
    atomic_fetch_add((atomic_int *)ctx, 100);
}

static void test_sticky_error(void)
{
    rt_setup();
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    atomic_int ran = 0;
    CHECK_EQ(rt_stream_enqueue(s, failing_task, NULL, NULL), ACL_SUCCESS);
    CHECK_EQ(rt_stream_enqueue(s, count_task, &ran, count_cleanup), ACL_SUCCESS);
    CHECK_ERR(aclrtSynchronizeStream(s), ACL_ERROR_RT_AICORE_EXCEPTION, "Conv_3");
    CHECK_EQ(atomic_load(&ran), 100); /* skipped behind the error, cleanup still ran */
    /* reported once, then the stream works again */
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(rt_stream_enqueue(s, count_task, &ran, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&ran), 101);
    /* worker path, and aclrtSynchronizeDevice reports it too */
    CHECK_EQ(rt_stream_enqueue(s, failing_task, NULL, NULL), ACL_SUCCESS);
    CHECK_ERR(aclrtSynchronizeDevice(), ACL_ERROR_RT_AICORE_EXCEPTION, "Conv_3");
    CHECK_EQ(rt_stream_enqueue(s, failing_task, NULL, NULL), ACL_SUCCESS);
    CHECK_ERR(rt_stream_synchronize(s, -1, false), ACL_ERROR_RT_AICORE_EXCEPTION, "expected [2,4]");
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    rt_teardown();
}

static void test_destroy_drains(void)
{
    rt_setup();
    atomic_int ran = 0;
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    for (int i = 0; i < 100; i++)
        CHECK_EQ(rt_stream_enqueue(s, count_task, &ran, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&ran), 100);
    /* reset device drains the default stream and streams of the default context */
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    for (int i = 0; i < 100; i++) {
        CHECK_EQ(rt_stream_enqueue(s, count_task, &ran, NULL), ACL_SUCCESS);
        CHECK_EQ(rt_stream_enqueue(NULL, count_task, &ran, NULL), ACL_SUCCESS);
    }
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&ran), 300);
    CHECK_ERR(aclrtSynchronizeStream(s), ACL_ERROR_RT_INVALID_HANDLE, "not a live stream");
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

static void *sync_from_thread(void *arg)
{
    aclrtStream s = arg;
    return (void *)(intptr_t)aclrtSynchronizeStream(s);
}

static void test_concurrent_sync(void)
{
    rt_setup();
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    atomic_int ran = 0;
    gate g;
    gate_init(&g);
    CHECK_EQ(rt_stream_enqueue(s, gate_task, &g, NULL), ACL_SUCCESS);
    for (int i = 0; i < 200; i++)
        CHECK_EQ(rt_stream_enqueue(s, count_task, &ran, NULL), ACL_SUCCESS);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        CHECK_EQ(pthread_create(&t[i], NULL, sync_from_thread, s), 0);
    gate_open(&g);
    for (int i = 0; i < 3; i++) {
        void *rc;
        pthread_join(t[i], &rc);
        CHECK_EQ((intptr_t)rc, ACL_SUCCESS);
    }
    CHECK_EQ(atomic_load(&ran), 200);
    gate_destroy(&g);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    rt_teardown();
}

int main(void)
{
    RUN_TEST(test_create_destroy);
    RUN_TEST(test_order);
    RUN_TEST(test_async_proof);
    RUN_TEST(test_pageable_waits);
    RUN_TEST(test_sticky_error);
    RUN_TEST(test_destroy_drains);
    RUN_TEST(test_concurrent_sync);
    return test_result();
}

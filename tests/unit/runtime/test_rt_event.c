/* Events: record/query/sync/elapsed, stream waits across streams, misuse. */
#include "rt_test_util.h"

static void test_event_basics(void)
{
    aclrtEvent e;
    CHECK_EQ(aclInit(NULL), ACL_SUCCESS);
    CHECK_ERR(aclrtCreateEvent(&e), ACL_ERROR_RT_CONTEXT_NULL, "aclrtSetDevice");
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    CHECK_ERR(aclrtCreateEvent(NULL), ACL_ERROR_INVALID_PARAM, "event");
    CHECK_ERR(aclrtCreateEventWithFlag(&e, 0x100), ACL_ERROR_INVALID_PARAM, "flag");
    CHECK_EQ(aclrtCreateEventWithFlag(&e, ACL_EVENT_TIME_LINE | ACL_EVENT_SYNC), ACL_SUCCESS);
    CHECK_EQ(rt_event_validate(e), ACL_SUCCESS);
    aclrtEventRecordedStatus rs = ACL_EVENT_RECORDED_STATUS_COMPLETE;
    aclrtEventStatus es = ACL_EVENT_STATUS_RESERVED;
    CHECK_EQ(aclrtQueryEventStatus(e, &rs), ACL_SUCCESS);
    CHECK_EQ(rs, ACL_EVENT_RECORDED_STATUS_NOT_READY); /* never recorded */
    CHECK_EQ(aclrtQueryEvent(e, &es), ACL_SUCCESS);
    CHECK_EQ(es, ACL_EVENT_STATUS_COMPLETE);
    CHECK_EQ(aclrtSynchronizeEvent(e), ACL_SUCCESS); /* never recorded: returns at once */
    CHECK_ERR(aclrtQueryEventStatus(e, NULL), ACL_ERROR_INVALID_PARAM, "status");
    CHECK_ERR(aclrtQueryEvent(e, NULL), ACL_ERROR_INVALID_PARAM, "status");
    CHECK_EQ(aclrtRecordEvent(e, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeEvent(e), ACL_SUCCESS);
    CHECK_EQ(aclrtQueryEventStatus(e, &rs), ACL_SUCCESS);
    CHECK_EQ(rs, ACL_EVENT_RECORDED_STATUS_COMPLETE);
    CHECK_EQ(aclrtResetEvent(e, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtQueryEventStatus(e, &rs), ACL_SUCCESS);
    CHECK_EQ(rs, ACL_EVENT_RECORDED_STATUS_NOT_READY);
    CHECK_EQ(aclrtDestroyEvent(e), ACL_SUCCESS);
    CHECK_ERR(aclrtDestroyEvent(e), ACL_ERROR_RT_INVALID_HANDLE, "not a live event");
    CHECK_ERR(aclrtRecordEvent(e, NULL), ACL_ERROR_RT_INVALID_HANDLE, "aclrtRecordEvent");
    CHECK_ERR(aclrtSynchronizeEvent(e), ACL_ERROR_RT_INVALID_HANDLE, "aclrtSynchronizeEvent");
    CHECK_ERR(aclrtQueryEventStatus(e, &rs), ACL_ERROR_RT_INVALID_HANDLE, "not a live event");
    CHECK_ERR(aclrtStreamWaitEvent(NULL, e), ACL_ERROR_RT_INVALID_HANDLE, "aclrtStreamWaitEvent");
    CHECK_ERR(aclrtDestroyEvent(NULL), ACL_ERROR_INVALID_PARAM, "event");
    CHECK_ERR(aclrtRecordEvent(NULL, NULL), ACL_ERROR_INVALID_PARAM, "event");
    CHECK_ERR(rt_event_validate(NULL), ACL_ERROR_INVALID_PARAM, "event");
    CHECK_EQ(aclrtCreateEvent(&e), ACL_SUCCESS);
    int junk;
    CHECK_ERR(aclrtRecordEvent(e, (aclrtStream)&junk), ACL_ERROR_RT_INVALID_HANDLE, "stream");
    CHECK_ERR(aclrtSynchronizeEventWithTimeout(e, -3), ACL_ERROR_INVALID_PARAM, "timeout");
    CHECK_EQ(aclrtDestroyEvent(e), ACL_SUCCESS);
    rt_teardown();
}

static void test_elapsed_and_timeout(void)
{
    rt_setup();
    aclrtStream s;
    aclrtEvent a, b;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateEvent(&a), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateEvent(&b), ACL_SUCCESS);
    float ms = -1;
    CHECK_ERR(aclrtEventElapsedTime(&ms, a, b), ACL_ERROR_RT_EVENT_NOT_COMPLETE, "startEvent");
    gate g;
    gate_init(&g);
    CHECK_EQ(aclrtRecordEvent(a, s), ACL_SUCCESS);
    CHECK_EQ(rt_stream_enqueue(s, gate_task, &g, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtRecordEvent(b, s), ACL_SUCCESS);
    gate_wait_reached(&g);
    aclrtEventRecordedStatus rs;
    CHECK_EQ(aclrtQueryEventStatus(a, &rs), ACL_SUCCESS);
    CHECK_EQ(rs, ACL_EVENT_RECORDED_STATUS_COMPLETE);
    CHECK_EQ(aclrtQueryEventStatus(b, &rs), ACL_SUCCESS);
    CHECK_EQ(rs, ACL_EVENT_RECORDED_STATUS_NOT_READY);
    CHECK_ERR(aclrtSynchronizeEventWithTimeout(b, 0), ACL_ERROR_RT_EVENT_SYNC_TIMEOUT, "did not complete");
    CHECK_ERR(aclrtSynchronizeEventWithTimeout(b, 2), ACL_ERROR_RT_EVENT_SYNC_TIMEOUT, "aclrtSynchronizeEventWithTimeout");
    CHECK_ERR(aclrtEventElapsedTime(&ms, a, b), ACL_ERROR_RT_EVENT_NOT_COMPLETE, "endEvent");
    gate_open(&g);
    CHECK_EQ(aclrtSynchronizeEventWithTimeout(b, -1), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtEventElapsedTime(&ms, a, b), ACL_SUCCESS);
    CHECK(ms >= 0.0f);
    CHECK_ERR(aclrtEventElapsedTime(NULL, a, b), ACL_ERROR_INVALID_PARAM, "ms");
    CHECK_ERR(aclrtEventElapsedTime(&ms, NULL, b), ACL_ERROR_INVALID_PARAM, "startEvent");
    CHECK_ERR(aclrtEventElapsedTime(&ms, a, NULL), ACL_ERROR_INVALID_PARAM, "endEvent");
    gate_destroy(&g);
    CHECK_EQ(aclrtDestroyEvent(a), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyEvent(b), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    rt_teardown();
}

static void test_cross_stream_order(void)
{
    rt_setup();
    aclrtStream producer, consumer;
    aclrtEvent ready;
    CHECK_EQ(aclrtCreateStream(&producer), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateStream(&consumer), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateEvent(&ready), ACL_SUCCESS);
    void *a, *b, *pin;
    CHECK_EQ(aclrtMalloc(&a, 1024, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMalloc(&b, 1024, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMallocHost(&pin, 1024), ACL_SUCCESS);
    memset(pin, 0x77, 1024);
    CHECK_EQ(aclrtMemset(b, 1024, 0, 1024), ACL_SUCCESS);
    gate g;
    gate_init(&g);
    /* producer: gate, H2D into a, record; consumer: wait, copy a -> b */
    CHECK_EQ(rt_stream_enqueue(producer, gate_task, &g, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpyAsync(a, 1024, pin, 1024, ACL_MEMCPY_HOST_TO_DEVICE, producer), ACL_SUCCESS);
    CHECK_EQ(aclrtRecordEvent(ready, producer), ACL_SUCCESS);
    CHECK_EQ(aclrtStreamWaitEvent(consumer, ready), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpyAsync(b, 1024, a, 1024, ACL_MEMCPY_DEVICE_TO_DEVICE, consumer), ACL_SUCCESS);
    aclrtStreamStatus st;
    CHECK_EQ(aclrtStreamQuery(consumer, &st), ACL_SUCCESS);
    CHECK_EQ(st, ACL_STREAM_STATUS_NOT_READY); /* held by the wait */
    CHECK_ERR(aclrtSynchronizeStreamWithTimeout(consumer, 1), ACL_ERROR_RT_STREAM_SYNC_TIMEOUT, "did not finish");
    gate_open(&g);
    CHECK_EQ(aclrtSynchronizeStream(consumer), ACL_SUCCESS);
    CHECK(((unsigned char *)b)[0] == 0x77 && ((unsigned char *)b)[1023] == 0x77);
    CHECK_EQ(aclrtSynchronizeStream(producer), ACL_SUCCESS);
    /* an event never recorded does not block a wait; destroying an event with a pending wait is safe */
    aclrtEvent never;
    CHECK_EQ(aclrtCreateEvent(&never), ACL_SUCCESS);
    CHECK_EQ(aclrtStreamWaitEvent(consumer, never), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(consumer), ACL_SUCCESS);
    gate g2;
    gate_init(&g2);
    CHECK_EQ(rt_stream_enqueue(producer, gate_task, &g2, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtRecordEvent(never, producer), ACL_SUCCESS);
    CHECK_EQ(aclrtStreamWaitEvent(consumer, never), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyEvent(never), ACL_SUCCESS);
    gate_open(&g2);
    CHECK_EQ(aclrtSynchronizeStream(consumer), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(producer), ACL_SUCCESS);
    gate_destroy(&g);
    gate_destroy(&g2);
    CHECK_EQ(aclrtDestroyEvent(ready), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(producer), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(consumer), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(a), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(b), ACL_SUCCESS);
    CHECK_EQ(aclrtFreeHost(pin), ACL_SUCCESS);
    rt_teardown();
}

int main(void)
{
    RUN_TEST(test_event_basics);
    RUN_TEST(test_elapsed_and_timeout);
    RUN_TEST(test_cross_stream_order);
    return test_result();
}

/* Host callbacks through aclrtSubscribeReport / aclrtProcessReport. */
#include "rt_test_util.h"

#include <stdatomic.h>

static atomic_int calls;
static pthread_t cb_thread_seen;

static void count_cb(void *user)
{
    atomic_fetch_add(&calls, *(int *)user);
    cb_thread_seen = pthread_self();
}

typedef struct server {
    atomic_bool quit;
    atomic_int processed;
} server;

static void *report_loop(void *arg)
{
    server *sv = arg;
    while (!atomic_load(&sv->quit)) {
        aclError e = aclrtProcessReport(5);
        if (e == ACL_SUCCESS)
            atomic_fetch_add(&sv->processed, 1);
        (void)aclGetRecentErrMsg();
    }
    return NULL;
}

static void test_callback_misuse(void)
{
    rt_setup();
    aclrtStream s;
    int one = 1;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    CHECK_ERR(aclrtLaunchCallback(count_cb, &one, ACL_CALLBACK_BLOCK, s), ACL_ERROR_RT_STREAM_NO_CB_REG,
              "aclrtSubscribeReport");
    CHECK_ERR(aclrtLaunchCallback(NULL, &one, ACL_CALLBACK_BLOCK, s), ACL_ERROR_INVALID_PARAM, "fn");
    CHECK_ERR(aclrtLaunchCallback(count_cb, &one, (aclrtCallbackBlockType)5, s), ACL_ERROR_INVALID_PARAM, "blockType");
    CHECK_ERR(aclrtProcessReport(10), ACL_ERROR_RT_THREAD_SUBSCRIBE, "not subscribed");
    CHECK_ERR(aclrtProcessReport(0), ACL_ERROR_INVALID_PARAM, "timeout");
    CHECK_ERR(aclrtProcessReport(-2), ACL_ERROR_INVALID_PARAM, "timeout");
    uint64_t me = (uint64_t)pthread_self();
    CHECK_ERR(aclrtUnSubscribeReport(me, s), ACL_ERROR_RT_THREAD_SUBSCRIBE, "not subscribed");
    CHECK_EQ(aclrtSubscribeReport(me, s), ACL_SUCCESS);
    CHECK_ERR(aclrtSubscribeReport(me, s), ACL_ERROR_RT_STREAM_SUBSCRIBE, "already subscribed");
    CHECK_ERR(aclrtProcessReport(1), ACL_ERROR_RT_REPORT_TIMEOUT, "within 1 ms");
    CHECK_ERR(aclrtUnSubscribeReport(me + 1, s), ACL_ERROR_RT_THREAD_SUBSCRIBE, "threadId");
    CHECK_EQ(aclrtUnSubscribeReport(me, s), ACL_SUCCESS);
    int junk;
    CHECK_ERR(aclrtSubscribeReport(me, (aclrtStream)&junk), ACL_ERROR_RT_INVALID_HANDLE, "stream");
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    rt_teardown();
}

static void test_block_callback_holds_stream(void)
{
    rt_setup();
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    uint64_t me = (uint64_t)pthread_self();
    CHECK_EQ(aclrtSubscribeReport(me, s), ACL_SUCCESS);
    void *d, *pin;
    CHECK_EQ(aclrtMalloc(&d, 256, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMallocHost(&pin, 256), ACL_SUCCESS);
    memset(pin, 0x42, 256);
    CHECK_EQ(aclrtMemset(d, 256, 0, 256), ACL_SUCCESS);
    int ten = 10;
    atomic_store(&calls, 0);
    /* The callback runs on this thread, so the stream stays blocked until we process it. */
    CHECK_EQ(aclrtLaunchCallback(count_cb, &ten, ACL_CALLBACK_BLOCK, s), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpyAsync(d, 256, pin, 256, ACL_MEMCPY_HOST_TO_DEVICE, s), ACL_SUCCESS);
    aclrtStreamStatus st;
    CHECK_EQ(aclrtStreamQuery(s, &st), ACL_SUCCESS);
    CHECK_EQ(st, ACL_STREAM_STATUS_NOT_READY);
    CHECK(((unsigned char *)d)[0] == 0);
    CHECK_EQ(atomic_load(&calls), 0);
    CHECK_EQ(aclrtProcessReport(-1), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&calls), 10);
    CHECK(pthread_equal(cb_thread_seen, pthread_self()));
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK(((unsigned char *)d)[255] == 0x42);
    /* NO_BLOCK: the stream goes on, the callback waits for us */
    CHECK_EQ(aclrtLaunchCallback(count_cb, &ten, ACL_CALLBACK_NO_BLOCK, s), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&calls), 10);
    CHECK_EQ(aclrtProcessReport(1000), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&calls), 20);
    /* pending at unsubscribe: run there rather than lost */
    CHECK_EQ(aclrtLaunchCallback(count_cb, &ten, ACL_CALLBACK_NO_BLOCK, s), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtUnSubscribeReport(me, s), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&calls), 30);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(d), ACL_SUCCESS);
    CHECK_EQ(aclrtFreeHost(pin), ACL_SUCCESS);
    rt_teardown();
}

static void test_report_thread(void)
{
    rt_setup();
    server sv = {0};
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, report_loop, &sv), 0);
    aclrtStream s1, s2;
    CHECK_EQ(aclrtCreateStream(&s1), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateStream(&s2), ACL_SUCCESS);
    CHECK_EQ(aclrtSubscribeReport((uint64_t)t, s1), ACL_SUCCESS);
    CHECK_EQ(aclrtSubscribeReport((uint64_t)t, s2), ACL_SUCCESS); /* one thread, two streams */
    int one = 1;
    atomic_store(&calls, 0);
    for (int i = 0; i < 50; i++) {
        CHECK_EQ(aclrtLaunchCallback(count_cb, &one, i % 2 ? ACL_CALLBACK_BLOCK : ACL_CALLBACK_NO_BLOCK, s1),
                 ACL_SUCCESS);
        CHECK_EQ(aclrtLaunchCallback(count_cb, &one, ACL_CALLBACK_BLOCK, s2), ACL_SUCCESS);
    }
    CHECK_EQ(aclrtSynchronizeStream(s2), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(s1), ACL_SUCCESS);
    CHECK_EQ(aclrtUnSubscribeReport((uint64_t)t, s1), ACL_SUCCESS);
    CHECK_EQ(aclrtUnSubscribeReport((uint64_t)t, s2), ACL_SUCCESS);
    CHECK_EQ(atomic_load(&calls), 100);
    atomic_store(&sv.quit, true);
    pthread_join(t, NULL);
    CHECK_EQ(aclrtDestroyStream(s1), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(s2), ACL_SUCCESS);
    rt_teardown();
}

int main(void)
{
    RUN_TEST(test_callback_misuse);
    RUN_TEST(test_block_callback_holds_stream);
    RUN_TEST(test_report_thread);
    return test_result();
}

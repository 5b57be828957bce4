/* 8 streams x 1000 async copies chained through events, checked for order and content. */
#include "rt_test_util.h"

enum { NSTREAMS = 8, NCOPIES = 1000, BYTES = 256 };

static void test_stress_chain(void)
{
    rt_setup();
    aclrtStream s[NSTREAMS];
    aclrtEvent ev[NSTREAMS];
    void *buf[NSTREAMS];
    void *pin;
    for (int i = 0; i < NSTREAMS; i++) {
        CHECK_EQ(aclrtCreateStream(&s[i]), ACL_SUCCESS);
        CHECK_EQ(aclrtCreateEvent(&ev[i]), ACL_SUCCESS);
        CHECK_EQ(aclrtMalloc(&buf[i], (size_t)NCOPIES * BYTES, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    }
    CHECK_EQ(aclrtMallocHost(&pin, (size_t)NCOPIES * BYTES), ACL_SUCCESS);
    unsigned char *src = pin;
    for (size_t j = 0; j < (size_t)NCOPIES * BYTES; j++)
        src[j] = (unsigned char)(j * 131 + j / BYTES);
    /* Step j: stream 0 copies slot j from host; stream i>0 waits for stream i-1's event of
     * step j and copies slot j from buf[i-1]. Each stream also overwrites its previous slot
     * with a marker after recording, which a wrong order would expose. */
    for (int j = 0; j < NCOPIES; j++) {
        size_t off = (size_t)j * BYTES;
        for (int i = 0; i < NSTREAMS; i++) {
            if (i == 0) {
                CHECK_EQ(aclrtMemcpyAsync((char *)buf[0] + off, BYTES, src + off, BYTES, ACL_MEMCPY_HOST_TO_DEVICE,
                                          s[0]), ACL_SUCCESS);
            } else {
                CHECK_EQ(aclrtStreamWaitEvent(s[i], ev[i - 1]), ACL_SUCCESS);
                CHECK_EQ(aclrtMemcpyAsync((char *)buf[i] + off, BYTES, (char *)buf[i - 1] + off, BYTES,
                                          ACL_MEMCPY_DEVICE_TO_DEVICE, s[i]), ACL_SUCCESS);
            }
            CHECK_EQ(aclrtRecordEvent(ev[i], s[i]), ACL_SUCCESS);
        }
    }
    for (int i = NSTREAMS - 1; i >= 0; i--)
        CHECK_EQ(aclrtSynchronizeStream(s[i]), ACL_SUCCESS);
    int bad = 0;
    for (int i = 0; i < NSTREAMS; i++)
        bad += memcmp(buf[i], src, (size_t)NCOPIES * BYTES) != 0;
    CHECK_EQ(bad, 0);
    /* A second round in the other direction: stream i (from the last) overwrites and the
     * first stream's slot copies must see the new values in order. */
    memset(src, 0xEE, (size_t)NCOPIES * BYTES);
    for (int j = 0; j < NCOPIES; j++) {
        size_t off = (size_t)j * BYTES;
        CHECK_EQ(aclrtMemsetAsync((char *)buf[NSTREAMS - 1] + off, BYTES, j & 0xFF, BYTES, s[NSTREAMS - 1]), ACL_SUCCESS);
        CHECK_EQ(aclrtRecordEvent(ev[NSTREAMS - 1], s[NSTREAMS - 1]), ACL_SUCCESS);
        CHECK_EQ(aclrtStreamWaitEvent(s[0], ev[NSTREAMS - 1]), ACL_SUCCESS);
        CHECK_EQ(aclrtMemcpyAsync(src + off, BYTES, (char *)buf[NSTREAMS - 1] + off, BYTES,
                                  ACL_MEMCPY_DEVICE_TO_HOST, s[0]), ACL_SUCCESS);
    }
    CHECK_EQ(aclrtSynchronizeDevice(), ACL_SUCCESS);
    bad = 0;
    for (int j = 0; j < NCOPIES; j++)
        bad += src[(size_t)j * BYTES] != (unsigned char)(j & 0xFF) || src[(size_t)j * BYTES + BYTES - 1] != (unsigned char)(j & 0xFF);
    CHECK_EQ(bad, 0);
    for (int i = 0; i < NSTREAMS; i++) {
        CHECK_EQ(aclrtDestroyEvent(ev[i]), ACL_SUCCESS);
        CHECK_EQ(aclrtDestroyStream(s[i]), ACL_SUCCESS);
        CHECK_EQ(aclrtFree(buf[i]), ACL_SUCCESS);
    }
    CHECK_EQ(aclrtFreeHost(pin), ACL_SUCCESS);
    rt_teardown();
}

typedef struct thread_arg {
    int index;
    int failures;
} thread_arg;

/* Several threads, each with its own stream, sharing the default context. */
static void *per_thread(void *arg)
{
    thread_arg *ta = arg;
    if (aclrtSetDevice(0) != ACL_SUCCESS) {
        ta->failures++;
        return NULL;
    }
    aclrtStream s;
    void *d, *pin;
    if (aclrtCreateStream(&s) || aclrtMalloc(&d, 4096, ACL_MEM_MALLOC_HUGE_FIRST) || aclrtMallocHost(&pin, 4096)) {
        ta->failures++;
        return NULL;
    }
    for (int r = 0; r < 200; r++) {
        memset(pin, (ta->index + r) & 0xFF, 4096);
        ta->failures += aclrtMemcpyAsync(d, 4096, pin, 4096, ACL_MEMCPY_HOST_TO_DEVICE, s) != ACL_SUCCESS;
        ta->failures += aclrtMemsetAsync(pin, 4096, 0, 4096, s) != ACL_SUCCESS;
        ta->failures += aclrtMemcpyAsync(pin, 4096, d, 4096, ACL_MEMCPY_DEVICE_TO_HOST, s) != ACL_SUCCESS;
        ta->failures += aclrtSynchronizeStream(s) != ACL_SUCCESS;
        ta->failures += ((unsigned char *)pin)[4095] != ((ta->index + r) & 0xFF);
    }
    ta->failures += aclrtDestroyStream(s) != ACL_SUCCESS;
    ta->failures += aclrtFree(d) != ACL_SUCCESS;
    ta->failures += aclrtFreeHost(pin) != ACL_SUCCESS;
    ta->failures += aclrtResetDevice(0) != ACL_SUCCESS;
    return NULL;
}

static void test_threads(void)
{
    rt_setup();
    pthread_t t[6];
    thread_arg a[6];
    for (int i = 0; i < 6; i++) {
        a[i] = (thread_arg){i, 0};
        CHECK_EQ(pthread_create(&t[i], NULL, per_thread, &a[i]), 0);
    }
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        CHECK_EQ(a[i].failures, 0);
    }
    rt_teardown();
}

int main(void)
{
    RUN_TEST(test_stress_chain);
    RUN_TEST(test_threads);
    return test_result();
}

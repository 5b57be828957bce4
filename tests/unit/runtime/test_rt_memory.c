/* Device memory: registry, capacity, copies and sets with kind checks. */
#include "base/alloc.h"
#include "rt_test_util.h"

#include <stdlib.h>

static void test_malloc_free(void)
{
    rt_setup();
    void *p = NULL;
    for (int policy = 0; policy <= 7; policy++) {
        CHECK_EQ(aclrtMalloc(&p, 100, (aclrtMemMallocPolicy)policy), ACL_SUCCESS);
        CHECK(((uintptr_t)p % 64) == 0);
        CHECK_EQ(aclrtFree(p), ACL_SUCCESS);
    }
    CHECK_EQ(aclrtMalloc(&p, 10, (aclrtMemMallocPolicy)(ACL_MEM_MALLOC_HUGE_FIRST | ACL_MEM_TYPE_HIGH_BAND_WIDTH)),
             ACL_SUCCESS);
    CHECK_EQ(aclrtFree(p), ACL_SUCCESS);
    CHECK_ERR(aclrtMalloc(&p, 10, (aclrtMemMallocPolicy)9), ACL_ERROR_INVALID_PARAM, "policy");
    CHECK_ERR(aclrtMalloc(NULL, 10, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_INVALID_PARAM, "devPtr");
    CHECK_ERR(aclrtMalloc(&p, 0, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_INVALID_PARAM, "size");
    CHECK_EQ(aclrtMallocAlign32(&p, 33, ACL_MEM_MALLOC_NORMAL_ONLY), ACL_SUCCESS);
    size_t sz = 0;
    CHECK_EQ(rt_memory_lookup(p, NULL, NULL, &sz), RT_MEM_DEVICE);
    CHECK_EQ(sz, 64); /* rounded to 32, no extra 32 */
    CHECK_EQ(aclrtFree(p), ACL_SUCCESS);

    CHECK_EQ(aclrtMalloc(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_ERR(aclrtFree((char *)p + 8), ACL_ERROR_INVALID_PARAM, "inside the block");
    CHECK_EQ(aclrtFree(p), ACL_SUCCESS);
    CHECK_ERR(aclrtFree(p), ACL_ERROR_INVALID_PARAM, "already freed");
    int local;
    CHECK_ERR(aclrtFree(&local), ACL_ERROR_INVALID_PARAM, "not allocated by aclrtMalloc");
    CHECK_ERR(aclrtFree(NULL), ACL_ERROR_INVALID_PARAM, "devPtr");

    void *h = NULL;
    CHECK_EQ(aclrtMallocHost(&h, 256), ACL_SUCCESS);
    CHECK_ERR(aclrtFree(h), ACL_ERROR_INVALID_PARAM, "aclrtFreeHost");
    CHECK_ERR(aclrtMallocHost(NULL, 256), ACL_ERROR_INVALID_PARAM, "hostPtr");
    CHECK_ERR(aclrtMallocHost(&p, 0), ACL_ERROR_INVALID_PARAM, "size");
    CHECK_EQ(aclrtMalloc(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_ERR(aclrtFreeHost(p), ACL_ERROR_INVALID_PARAM, "aclrtFree");
    CHECK_EQ(aclrtFree(p), ACL_SUCCESS);
    CHECK_EQ(aclrtFreeHost(h), ACL_SUCCESS);
    CHECK_ERR(aclrtFreeHost(h), ACL_ERROR_INVALID_PARAM, "already freed");
    CHECK_ERR(aclrtFreeHost(NULL), ACL_ERROR_INVALID_PARAM, "hostPtr");
    rt_teardown();
    /* aclrtMalloc needs a current device. */
    CHECK_EQ(aclInit(NULL), ACL_SUCCESS);
    CHECK_ERR(aclrtMalloc(&p, 10, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_RT_CONTEXT_NULL, "aclrtSetDevice");
    size_t fr, tot;
    CHECK_ERR(aclrtGetMemInfo(ACL_DDR_MEM, &fr, &tot), ACL_ERROR_RT_CONTEXT_NULL, "aclrtGetMemInfo");
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

static void test_lookup(void)
{
    rt_setup();
    void *blocks[50];
    for (int i = 0; i < 50; i++)
        CHECK_EQ(aclrtMalloc(&blocks[i], 1000 + (size_t)i, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    void *h;
    CHECK_EQ(aclrtMallocHost(&h, 500), ACL_SUCCESS);
    for (int i = 0; i < 50; i++) {
        int32_t dev = -9;
        void *base = NULL;
        size_t size = 0;
        CHECK_EQ(rt_memory_lookup((char *)blocks[i] + 999, &dev, &base, &size), RT_MEM_DEVICE);
        CHECK_EQ(dev, 0);
        CHECK(base == blocks[i]);
        CHECK(size >= 1000 + (size_t)i);
    }
    int32_t dev = 5;
    void *base = (void *)1;
    CHECK_EQ(rt_memory_lookup((char *)h + 10, &dev, &base, NULL), RT_MEM_PINNED);
    CHECK_EQ(dev, -1);
    CHECK(base == h);
    int local;
    CHECK_EQ(rt_memory_lookup(&local, &dev, &base, NULL), RT_MEM_HOST);
    CHECK(base == NULL);
    CHECK_EQ(dev, -1);
    for (int i = 0; i < 50; i += 2)
        CHECK_EQ(aclrtFree(blocks[i]), ACL_SUCCESS);
    CHECK_EQ(rt_memory_lookup(blocks[0], NULL, NULL, NULL), RT_MEM_HOST);
    CHECK_EQ(rt_memory_lookup(blocks[1], NULL, NULL, NULL), RT_MEM_DEVICE);
    for (int i = 1; i < 50; i += 2)
        CHECK_EQ(aclrtFree(blocks[i]), ACL_SUCCESS);
    /* Engine-internal allocations. */
    void *q = NULL;
    CHECK_EQ(rt_device_malloc(0, 128, &q), ACL_SUCCESS);
    CHECK_EQ(rt_memory_lookup(q, &dev, NULL, NULL), RT_MEM_DEVICE);
    CHECK_EQ(rt_device_free(q), ACL_SUCCESS);
    CHECK_EQ(rt_device_free(NULL), ACL_SUCCESS);
    CHECK_ERR(rt_device_free(q), ACL_ERROR_INVALID_PARAM, "already freed");
    CHECK_ERR(rt_device_malloc(4, 128, &q), ACL_ERROR_RT_INVALID_DEVICEID, "device 4");
    CHECK_EQ(aclrtFreeHost(h), ACL_SUCCESS);
    rt_teardown();
}

static void test_capacity(void)
{
    setenv("GEFLOW_DEVICE_MEMORY", "1M", 1);
    rt_setup();
    size_t fr = 0, tot = 0;
    CHECK_EQ(aclrtGetMemInfo(ACL_HBM_MEM, &fr, &tot), ACL_SUCCESS);
    CHECK_EQ(tot, 1 << 20);
    CHECK_EQ(fr, 1 << 20);
    CHECK_ERR(aclrtGetMemInfo(ACL_HBM_MEM, NULL, &tot), ACL_ERROR_INVALID_PARAM, "free");
    CHECK_ERR(aclrtGetMemInfo(ACL_HBM_MEM, &fr, NULL), ACL_ERROR_INVALID_PARAM, "total");
    CHECK_ERR(aclrtGetMemInfo((aclrtMemAttr)99, &fr, &tot), ACL_ERROR_INVALID_PARAM, "attr");
    void *a, *b;
    CHECK_EQ(aclrtMalloc(&a, 600 * 1024, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtGetMemInfo(ACL_DDR_MEM, &fr, &tot), ACL_SUCCESS);
    CHECK_EQ(fr, (1 << 20) - 600 * 1024 - 32);
    CHECK_ERR(aclrtMalloc(&b, 600 * 1024, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_RT_MEMORY_ALLOCATION,
              "GEFLOW_DEVICE_MEMORY");
    CHECK_ERR(aclrtMalloc(&b, (size_t)-1, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_RT_MEMORY_ALLOCATION, "size");
    CHECK_EQ(aclrtFree(a), ACL_SUCCESS);
    CHECK_EQ(aclrtMalloc(&b, 600 * 1024, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(b), ACL_SUCCESS);
    rt_teardown();
    unsetenv("GEFLOW_DEVICE_MEMORY");
}

static void test_memcpy_kinds(void)
{
    rt_setup();
    char host[256], host2[256];
    void *d1, *d2, *pin;
    CHECK_EQ(aclrtMalloc(&d1, 256, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMalloc(&d2, 256, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMallocHost(&pin, 256), ACL_SUCCESS);
    for (int i = 0; i < 256; i++)
        host[i] = (char)i;
    CHECK_EQ(aclrtMemcpy(d1, 256, host, 256, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(d2, 256, d1, 256, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(pin, 256, d2, 256, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(host2, 256, pin, 256, ACL_MEMCPY_HOST_TO_HOST), ACL_SUCCESS);
    CHECK(memcmp(host, host2, 256) == 0);
    memset(host2, 0, sizeof host2);
    CHECK_EQ(aclrtMemcpy(host2, 256, d1, 256, ACL_MEMCPY_DEFAULT), ACL_SUCCESS);
    CHECK(memcmp(host, host2, 256) == 0);
    CHECK_EQ(aclrtMemcpy(d2, 256, host, 0, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    /* interior pointers classify as device memory */
    CHECK_EQ(aclrtMemcpy((char *)d2 + 100, 156, host, 100, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);

    CHECK_ERR(aclrtMemcpy(d1, 256, host, 256, ACL_MEMCPY_HOST_TO_HOST), ACL_ERROR_INVALID_PARAM, "dst");
    CHECK_ERR(aclrtMemcpy(host2, 256, host, 256, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM,
              "ACL_MEMCPY_HOST_TO_DEVICE");
    CHECK_ERR(aclrtMemcpy(d1, 256, d2, 256, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM, "src");
    CHECK_ERR(aclrtMemcpy(host2, 256, host, 256, ACL_MEMCPY_DEVICE_TO_HOST), ACL_ERROR_INVALID_PARAM,
              "ACL_MEMCPY_DEVICE_TO_HOST");
    CHECK_ERR(aclrtMemcpy(host2, 256, d1, 256, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_ERROR_INVALID_PARAM,
              "host memory");
    CHECK_ERR(aclrtMemcpy(pin, 256, d1, 256, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_ERROR_INVALID_PARAM,
              "pinned host memory");
    CHECK_ERR(aclrtMemcpy(d1, 100, host, 256, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM, "destMax");
    CHECK_ERR(aclrtMemcpy(NULL, 256, host, 256, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM, "dst");
    CHECK_ERR(aclrtMemcpy(d1, 256, NULL, 256, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM, "src");
    CHECK_ERR(aclrtMemcpy(d1, 256, host, 256, (aclrtMemcpyKind)42), ACL_ERROR_INVALID_PARAM, "kind");
    CHECK_ERR(aclrtMemcpy((char *)d1 + 200, 1000, host, 200, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM,
              "past the end");

    /* async forms check the same way */
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    CHECK_ERR(aclrtMemcpyAsync(host2, 256, host, 256, ACL_MEMCPY_HOST_TO_DEVICE, s), ACL_ERROR_INVALID_PARAM, "dst");
    CHECK_ERR(aclrtMemcpyAsync(d1, 10, host, 256, ACL_MEMCPY_HOST_TO_DEVICE, s), ACL_ERROR_INVALID_PARAM, "destMax");
    int bogus;
    CHECK_ERR(aclrtMemcpyAsync(d1, 256, d2, 256, ACL_MEMCPY_DEVICE_TO_DEVICE, (aclrtStream)&bogus),
              ACL_ERROR_RT_INVALID_HANDLE, "stream");
    /* pageable host memory: the copy is done when the call returns */
    memset(host2, 0, sizeof host2);
    CHECK_EQ(aclrtMemcpyAsync(host2, 256, d1, 256, ACL_MEMCPY_DEVICE_TO_HOST, s), ACL_SUCCESS);
    CHECK(memcmp(host, host2, 256) == 0);
    /* NULL stream = default stream */
    CHECK_EQ(aclrtMemcpyAsync(d2, 256, d1, 256, ACL_MEMCPY_DEVICE_TO_DEVICE, NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtSynchronizeStream(NULL), ACL_SUCCESS);
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);

    CHECK_EQ(aclrtFree(d1), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(d2), ACL_SUCCESS);
    CHECK_EQ(aclrtFreeHost(pin), ACL_SUCCESS);
    rt_teardown();
}

static void test_memset(void)
{
    rt_setup();
    void *d;
    unsigned char back[128], host[128];
    CHECK_EQ(aclrtMalloc(&d, 128, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMemset(d, 128, 0x5A, 128), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(back, 128, d, 128, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(back[0] == 0x5A && back[127] == 0x5A);
    CHECK_EQ(aclrtMemset(host, 128, 7, 128), ACL_SUCCESS); /* host memory too */
    CHECK(host[5] == 7);
    CHECK_ERR(aclrtMemset(d, 64, 0, 128), ACL_ERROR_INVALID_PARAM, "maxCount");
    CHECK_ERR(aclrtMemset(NULL, 64, 0, 1), ACL_ERROR_INVALID_PARAM, "devPtr");
    CHECK_ERR(aclrtMemset((char *)d + 100, 1000, 0, 200), ACL_ERROR_INVALID_PARAM, "past the end");
    aclrtStream s;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    CHECK_EQ(aclrtMemsetAsync(d, 128, 0x11, 64, s), ACL_SUCCESS);
    CHECK_EQ(aclrtMemsetAsync(host, 128, 0x22, 128, s), ACL_SUCCESS); /* pageable: done on return */
    CHECK(host[127] == 0x22);
    CHECK_EQ(aclrtSynchronizeStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtMemcpy(back, 128, d, 128, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    CHECK(back[0] == 0x11 && back[63] == 0x11 && back[64] == 0x5A);
    CHECK_ERR(aclrtMemsetAsync(d, 1, 0, 2, s), ACL_ERROR_INVALID_PARAM, "maxCount");
    CHECK_ERR(aclrtMemsetAsync(NULL, 1, 0, 1, s), ACL_ERROR_INVALID_PARAM, "devPtr");
    CHECK_EQ(aclrtDestroyStream(s), ACL_SUCCESS);
    CHECK_EQ(aclrtFree(d), ACL_SUCCESS);
    rt_teardown();
}

static void test_alloc_failure_injection(void)
{
    rt_setup();
    void *p = NULL;
    ge_alloc_fail_after(0);
    aclError e = aclrtMalloc(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST);
    ge_alloc_fail_after(-1);
    CHECK_EQ(e, ACL_ERROR_RT_MEMORY_ALLOCATION);
    CHECK_CONTAINS(aclGetRecentErrMsg(), "out of host memory");
    size_t fr, tot;
    CHECK_EQ(aclrtGetMemInfo(ACL_DDR_MEM, &fr, &tot), ACL_SUCCESS);
    CHECK_EQ(fr, tot); /* nothing charged */
    rt_teardown();
}

int main(void)
{
    RUN_TEST(test_malloc_free);
    RUN_TEST(test_lookup);
    RUN_TEST(test_capacity);
    RUN_TEST(test_memcpy_kinds);
    RUN_TEST(test_memset);
    RUN_TEST(test_alloc_failure_injection);
    return test_result();
}

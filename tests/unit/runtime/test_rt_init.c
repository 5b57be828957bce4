/* aclInit/aclFinalize, devices, contexts, the error store. */
#include "base/alloc.h"
#include "base/error.h"
#include "geflow/ge_status.h"
#include "rt_test_util.h"

#include <stdlib.h>

static void test_before_init(void)
{
    aclrtStream s;
    void *p;
    CHECK(!rt_acl_is_initialized());
    CHECK_ERR(aclrtSetDevice(0), ACL_ERROR_UNINITIALIZE, "aclInit");
    CHECK_ERR(aclrtCreateStream(&s), ACL_ERROR_UNINITIALIZE, "aclrtCreateStream");
    CHECK_ERR(aclrtMalloc(&p, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_UNINITIALIZE, "aclrtMalloc");
    CHECK_ERR(aclFinalize(), ACL_ERROR_REPEAT_FINALIZE, "aclFinalize");
    CHECK(rt_device_pool(0) == NULL);
    CHECK_EQ(rt_device_count(), 0);
    uint32_t n = 0;
    CHECK_EQ(aclrtGetDeviceCount(&n), ACL_SUCCESS);
    CHECK_EQ(n, 1);
}

static void test_init_finalize(void)
{
    CHECK_EQ(aclInit(NULL), ACL_SUCCESS);
    CHECK(rt_acl_is_initialized());
    CHECK_ERR(aclInit(NULL), ACL_ERROR_REPEAT_INITIALIZE, "already initialized");
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
    CHECK(!rt_acl_is_initialized());
    CHECK_ERR(aclFinalize(), ACL_ERROR_REPEAT_FINALIZE, "aclFinalize");
    CHECK_ERR(aclInit("/nonexistent/acl.json"), ACL_ERROR_INVALID_FILE, "configPath");
    /* Reference counting: two inits, two references. */
    uint64_t left = 99;
    CHECK_EQ(aclInit(""), ACL_SUCCESS);
    CHECK_EQ(aclInit(NULL), ACL_ERROR_REPEAT_INITIALIZE);
    (void)aclGetRecentErrMsg();
    CHECK_EQ(aclFinalizeReference(&left), ACL_SUCCESS);
    CHECK_EQ(left, 1);
    CHECK(rt_acl_is_initialized());
    CHECK_EQ(aclFinalizeReference(&left), ACL_SUCCESS);
    CHECK_EQ(left, 0);
    CHECK(!rt_acl_is_initialized());
    CHECK_ERR(aclFinalizeReference(&left), ACL_ERROR_REPEAT_FINALIZE, "aclFinalizeReference");
    /* GE's reference: retain initialises, release never finalizes. */
    CHECK_EQ(rt_acl_retain(), ACL_SUCCESS);
    CHECK(rt_acl_is_initialized());
    CHECK_EQ(rt_acl_retain(), ACL_SUCCESS);
    rt_acl_release();
    rt_acl_release();
    CHECK(rt_acl_is_initialized());
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

static void test_error_store(void)
{
    CHECK(aclGetRecentErrMsg() == NULL);
    ge_error_set("runtime says %d", 7);
    const char *m = aclGetRecentErrMsg();
    CHECK(m && strcmp(m, "runtime says 7") == 0);
    CHECK(aclGetRecentErrMsg() == NULL);
    /* Same store as ge_get_error_message. */
    CHECK_EQ(aclrtSetDevice(0), ACL_ERROR_UNINITIALIZE);
    CHECK_CONTAINS(ge_get_error_message(), "aclrtSetDevice");
    CHECK(aclGetRecentErrMsg() == NULL);
    int32_t a, b, c;
    CHECK_EQ(aclrtGetVersion(&a, &b, &c), ACL_SUCCESS);
    CHECK_ERR(aclrtGetVersion(NULL, &b, &c), ACL_ERROR_INVALID_PARAM, "majorVersion");
}

static void test_devices(void)
{
    setenv("GEFLOW_DEVICE_COUNT", "2", 1);
    CHECK_EQ(aclInit(NULL), ACL_SUCCESS);
    uint32_t n = 0;
    int32_t d = -5;
    CHECK_EQ(aclrtGetDeviceCount(&n), ACL_SUCCESS);
    CHECK_EQ(n, 2);
    CHECK_EQ(rt_device_count(), 2);
    CHECK_ERR(aclrtGetDeviceCount(NULL), ACL_ERROR_INVALID_PARAM, "count");
    CHECK_ERR(aclrtGetDevice(&d), ACL_ERROR_RT_CONTEXT_NULL, "aclrtSetDevice");
    CHECK_ERR(aclrtGetDevice(NULL), ACL_ERROR_INVALID_PARAM, "deviceId");
    CHECK_ERR(aclrtSetDevice(2), ACL_ERROR_RT_INVALID_DEVICEID, "deviceId 2");
    CHECK_ERR(aclrtSetDevice(-1), ACL_ERROR_RT_INVALID_DEVICEID, "deviceId -1");
    CHECK_ERR(aclrtResetDevice(7), ACL_ERROR_RT_INVALID_DEVICEID, "deviceId 7");
    CHECK_ERR(aclrtSynchronizeDevice(), ACL_ERROR_RT_CONTEXT_NULL, "aclrtSynchronizeDevice");
    CHECK_EQ(aclrtSetDevice(1), ACL_SUCCESS);
    CHECK_EQ(aclrtGetDevice(&d), ACL_SUCCESS);
    CHECK_EQ(d, 1);
    CHECK_EQ(rt_current_device(&d), ACL_SUCCESS);
    CHECK_EQ(d, 1);
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS); /* switch */
    CHECK_EQ(aclrtGetDevice(&d), ACL_SUCCESS);
    CHECK_EQ(d, 0);
    CHECK_EQ(aclrtSynchronizeDevice(), ACL_SUCCESS);
    CHECK_EQ(aclrtSetDevice(0), ACL_SUCCESS); /* repeat: counted */
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_EQ(aclrtGetDevice(&d), ACL_SUCCESS); /* still set */
    CHECK_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    CHECK_ERR(aclrtGetDevice(&d), ACL_ERROR_RT_CONTEXT_NULL, "no current device");
    CHECK_EQ(aclrtResetDevice(1), ACL_SUCCESS);
    CHECK_EQ(aclrtResetDevice(1), ACL_SUCCESS); /* nothing left: accepted */
    CHECK(rt_device_pool(1) != NULL);
    CHECK(rt_device_pool(2) == NULL);
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
    unsetenv("GEFLOW_DEVICE_COUNT");
    const char *soc = aclrtGetSocName();
    CHECK(soc && soc[0]);
    aclrtRunMode mode;
    CHECK_EQ(aclrtGetRunMode(&mode), ACL_SUCCESS);
    CHECK_EQ(mode, ACL_HOST);
}

static void *other_thread_device(void *arg)
{
    int32_t *out = arg;
    aclrtContext c = NULL;
    /* A fresh thread has no current context until it sets one. */
    *out = aclrtGetCurrentContext(&c) == ACL_ERROR_RT_CONTEXT_NULL ? 1 : 0;
    (void)aclGetRecentErrMsg();
    if (aclrtSetDevice(0) == ACL_SUCCESS && aclrtGetCurrentContext(&c) == ACL_SUCCESS)
        *out += 1;
    aclrtResetDevice(0);
    return NULL;
}

static void test_contexts(void)
{
    rt_setup();
    aclrtContext def = NULL, cur = NULL, ctx = NULL;
    CHECK_EQ(aclrtGetCurrentContext(&def), ACL_SUCCESS);
    CHECK(def != NULL);
    CHECK_ERR(aclrtGetCurrentContext(NULL), ACL_ERROR_INVALID_PARAM, "context");
    CHECK_ERR(aclrtCreateContext(NULL, 0), ACL_ERROR_INVALID_PARAM, "context");
    CHECK_ERR(aclrtCreateContext(&ctx, 3), ACL_ERROR_RT_INVALID_DEVICEID, "deviceId 3");
    CHECK_EQ(aclrtCreateContext(&ctx, 0), ACL_SUCCESS);
    CHECK_EQ(aclrtGetCurrentContext(&cur), ACL_SUCCESS);
    CHECK(cur == ctx); /* creating binds it */
    aclrtStream s;
    bool is_def = true;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    CHECK_EQ(rt_stream_is_default_context(s, &is_def), ACL_SUCCESS);
    CHECK(!is_def);
    aclrtContext sc = NULL;
    CHECK_EQ(rt_stream_context(s, &sc), ACL_SUCCESS);
    CHECK(sc == ctx);
    CHECK_EQ(aclrtSetCurrentContext(def), ACL_SUCCESS);
    CHECK_EQ(aclrtGetCurrentContext(&cur), ACL_SUCCESS);
    CHECK(cur == def);
    CHECK_ERR(aclrtSetCurrentContext(NULL), ACL_ERROR_INVALID_PARAM, "context");
    int bogus;
    CHECK_ERR(aclrtSetCurrentContext(&bogus), ACL_ERROR_RT_INVALID_HANDLE, "not a live context");
    CHECK_ERR(aclrtDestroyContext(def), ACL_ERROR_INVALID_PARAM, "default context");
    CHECK_ERR(aclrtDestroyContext(NULL), ACL_ERROR_INVALID_PARAM, "context");
    CHECK_EQ(aclrtDestroyContext(ctx), ACL_SUCCESS); /* destroys its streams too */
    CHECK_ERR(aclrtDestroyContext(ctx), ACL_ERROR_RT_INVALID_HANDLE, "not a live context");
    CHECK_ERR(aclrtDestroyStream(s), ACL_ERROR_RT_INVALID_HANDLE, "not a live stream");
    /* Switching to a destroyed context is refused; current context survives. */
    CHECK_ERR(aclrtSetCurrentContext(ctx), ACL_ERROR_RT_INVALID_HANDLE, "aclrtSetCurrentContext");
    int32_t flag = 0;
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, other_thread_device, &flag), 0);
    pthread_join(t, NULL);
    CHECK_EQ(flag, 2);
    rt_teardown();
    /* After aclFinalize the old context is gone. */
    CHECK_EQ(aclInit(NULL), ACL_SUCCESS);
    CHECK_ERR(aclrtGetCurrentContext(&cur), ACL_ERROR_RT_CONTEXT_NULL, "aclrtGetCurrentContext");
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
}

static void test_finalize_releases_everything(void)
{
    long live = ge_alloc_live();
    rt_setup();
    aclrtStream s;
    aclrtEvent e;
    void *p, *h;
    CHECK_EQ(aclrtCreateStream(&s), ACL_SUCCESS);
    CHECK_EQ(aclrtCreateEvent(&e), ACL_SUCCESS);
    CHECK_EQ(aclrtMalloc(&p, 1000, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    CHECK_EQ(aclrtMallocHost(&h, 1000), ACL_SUCCESS);
    CHECK_EQ(aclrtMemsetAsync(p, 1000, 1, 1000, s), ACL_SUCCESS);
    CHECK_EQ(aclrtRecordEvent(e, s), ACL_SUCCESS);
    rt_pool *pool = rt_device_pool(0);
    CHECK(pool != NULL);
    /* No destroy calls: aclFinalize drains and frees it all. */
    CHECK_EQ(aclFinalize(), ACL_SUCCESS);
    CHECK_EQ(ge_alloc_live(), live);
    CHECK_EQ(rt_memory_lookup(p, NULL, NULL, NULL), RT_MEM_HOST);
    /* Init again starts afresh. */
    rt_setup();
    rt_teardown();
    CHECK_EQ(ge_alloc_live(), live);
}

int main(void)
{
    RUN_TEST(test_before_init);
    RUN_TEST(test_init_finalize);
    RUN_TEST(test_error_store);
    RUN_TEST(test_devices);
    RUN_TEST(test_contexts);
    RUN_TEST(test_finalize_releases_everything);
    return test_result();
}

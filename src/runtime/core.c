/* The runtime singleton: aclInit/aclFinalize, devices, contexts, the handle registry. */
#include "runtime/rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

rt_global rt_g = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* The calling thread's current context; valid only while tls_epoch == rt_g.epoch and the
 * registry still lists it. */
static _Thread_local rt_context *tls_ctx;
static _Thread_local uint64_t tls_epoch;

uint64_t rt_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

aclError rt_require_init(const char *fn)
{
    if (!atomic_load_explicit(&rt_g.initialized, memory_order_acquire))
        return RT_FAIL(ACL_ERROR_UNINITIALIZE, "%s: ACL is not initialized (call aclInit first)", fn);
    return ACL_SUCCESS;
}

bool rt_acl_is_initialized(void)
{
    return atomic_load_explicit(&rt_g.initialized, memory_order_acquire);
}

/* Parses a non-negative integer with an optional K/M/G suffix (powers of 1024). */
static int parse_size(const char *text, unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || text[0] == '-')
        return -1;
    unsigned long long mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    default: break;
    }
    if (*end != '\0' || (mul > 1 && v > (~0ull) / mul))
        return -1;
    *out = v * mul;
    return 0;
}

static unsigned long long env_number(const char *name, unsigned long long def,
                                     unsigned long long min, unsigned long long max)
{
    const char *text = getenv(name);
    if (!text || !*text)
        return def;
    unsigned long long v;
    if (parse_size(text, &v) != 0 || v < min || v > max) {
        GE_LOG_WARN("%s=\"%s\" is not a number in [%llu, %llu]; using %llu", name, text, min, max, def);
        return def;
    }
    return v;
}

static int32_t env_device_count(void)
{
    return (int32_t)env_number("GEFLOW_DEVICE_COUNT", 1, 1, RT_MAX_DEVICES);
}

static size_t physical_ram(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return (size_t)1 << 32;
    return (size_t)pages * (size_t)page;
}

aclError aclInit(const char *configPath)
{
    pthread_mutex_lock(&rt_g.lock);
    if (atomic_load(&rt_g.initialized)) {
        rt_g.refcount++;
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_REPEAT_INITIALIZE, "aclInit: ACL is already initialized (repeat aclInit)");
    }
    if (configPath && configPath[0]) {
        FILE *f = fopen(configPath, "r");
        if (!f) {
            pthread_mutex_unlock(&rt_g.lock);
            return RT_FAIL(ACL_ERROR_INVALID_FILE, "aclInit: configPath \"%s\" cannot be read: %s",
                           configPath, strerror(errno));
        }
        fclose(f);
    }
    rt_g.device_count = env_device_count();
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    rt_g.num_threads = (int)env_number("GEFLOW_NUM_THREADS", cores > 0 ? (unsigned long long)cores : 1, 1, 1024);
    size_t capacity = (size_t)env_number("GEFLOW_DEVICE_MEMORY", physical_ram(), 1, ~0ull);
    aclError err = rt_memory_init(rt_g.device_count, capacity);
    if (err != ACL_SUCCESS) {
        pthread_mutex_unlock(&rt_g.lock);
        return err;
    }
    memset(rt_g.devices, 0, sizeof rt_g.devices);
    rt_g.refcount = 1;
    rt_g.epoch++;
    atomic_store_explicit(&rt_g.initialized, true, memory_order_release);
    pthread_mutex_unlock(&rt_g.lock);
    return ACL_SUCCESS;
}

/* Streams in the registry matching (ctx or any when ctx == NULL, device or any when < 0),
 * each with a reference taken; *out_n receives the count. Caller holds rt_g.lock. */
static rt_stream **collect_streams_locked(rt_context *ctx, int32_t device, size_t *out_n)
{
    size_t n = 0;
    rt_stream **list = ge_malloc((rt_g.handles.n + 1) * sizeof *list);
    if (!list) {
        *out_n = 0;
        return NULL;
    }
    for (size_t i = 0; i < rt_g.handles.n; i++) {
        if (rt_g.handles.v[i].tag != RT_H_STREAM)
            continue;
        rt_stream *s = (rt_stream *)rt_g.handles.v[i].base;
        if ((ctx && s->ctx != ctx) || (device >= 0 && s->device != device))
            continue;
        atomic_fetch_add(&s->refs, 1);
        list[n++] = s;
    }
    *out_n = n;
    return list;
}

static void remove_handle_locked(const void *h)
{
    long i = rt_ranges_find_exact(&rt_g.handles, (uintptr_t)h);
    if (i >= 0)
        rt_ranges_remove_at(&rt_g.handles, (size_t)i);
}

/* Unregisters the streams of ctx (and ctx itself) and returns them with references. */
static rt_stream **detach_context_locked(rt_context *ctx, size_t *out_n)
{
    rt_stream **list = collect_streams_locked(ctx, -1, out_n);
    for (size_t i = 0; i < *out_n; i++)
        remove_handle_locked(list[i]);
    remove_handle_locked(ctx);
    return list;
}

static void teardown_list(rt_stream **list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rt_stream_teardown(list[i]); /* drops the registry's reference */
        rt_stream_release(list[i]);  /* drops ours */
    }
    ge_free(list);
}

static aclError finalize_all(void)
{
    /* Phase 1: drain every stream while ACL still works (callbacks may need it). */
    pthread_mutex_lock(&rt_g.lock);
    if (!atomic_load(&rt_g.initialized)) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_REPEAT_FINALIZE, "aclFinalize: ACL is not initialized (repeat aclFinalize)");
    }
    size_t n = 0;
    rt_stream **list = collect_streams_locked(NULL, -1, &n);
    pthread_mutex_unlock(&rt_g.lock);
    for (size_t i = 0; i < n; i++) {
        (void)rt_stream_wait(list[i], -1, true, true);
        rt_stream_release(list[i]);
    }
    ge_free(list);

    /* Phase 2: unregister everything, then tear it down outside the lock. */
    pthread_mutex_lock(&rt_g.lock);
    atomic_store_explicit(&rt_g.initialized, false, memory_order_release);
    rt_g.epoch++;
    rt_g.refcount = 0;
    rt_ranges handles = rt_g.handles;
    memset(&rt_g.handles, 0, sizeof rt_g.handles);
    struct rt_pool *pools[RT_MAX_DEVICES];
    for (int d = 0; d < RT_MAX_DEVICES; d++)
        pools[d] = rt_g.devices[d].pool;
    memset(rt_g.devices, 0, sizeof rt_g.devices);
    pthread_mutex_unlock(&rt_g.lock);

    for (size_t i = 0; i < handles.n; i++)
        if (handles.v[i].tag == RT_H_STREAM)
            rt_stream_teardown((rt_stream *)handles.v[i].base);
    for (size_t i = 0; i < handles.n; i++) {
        void *h = (void *)handles.v[i].base;
        if (handles.v[i].tag == RT_H_EVENT)
            rt_event_release(h);
        else if (handles.v[i].tag == RT_H_CONTEXT)
            ge_free(h);
    }
    rt_ranges_free(&handles);
    for (int d = 0; d < RT_MAX_DEVICES; d++)
        rt_pool_destroy(pools[d]);
    rt_report_finalize();
    rt_memory_finalize();
    return ACL_SUCCESS;
}

aclError aclFinalize(void)
{
    return finalize_all();
}

aclError aclFinalizeReference(uint64_t *refCount)
{
    pthread_mutex_lock(&rt_g.lock);
    if (!atomic_load(&rt_g.initialized)) {
        pthread_mutex_unlock(&rt_g.lock);
        if (refCount)
            *refCount = 0;
        return RT_FAIL(ACL_ERROR_REPEAT_FINALIZE, "aclFinalizeReference: ACL is not initialized");
    }
    uint64_t left = rt_g.refcount ? --rt_g.refcount : 0;
    pthread_mutex_unlock(&rt_g.lock);
    if (refCount)
        *refCount = left;
    return left == 0 ? finalize_all() : ACL_SUCCESS;
}

aclError rt_acl_retain(void)
{
    pthread_mutex_lock(&rt_g.lock);
    if (atomic_load(&rt_g.initialized)) {
        rt_g.refcount++;
        pthread_mutex_unlock(&rt_g.lock);
        return ACL_SUCCESS;
    }
    pthread_mutex_unlock(&rt_g.lock);
    aclError err = aclInit(NULL);
    if (err == ACL_ERROR_REPEAT_INITIALIZE) { /* raced with another initialiser: ref taken */
        ge_error_clear();
        return ACL_SUCCESS;
    }
    return err;
}

void rt_acl_release(void)
{
    pthread_mutex_lock(&rt_g.lock);
    if (atomic_load(&rt_g.initialized) && rt_g.refcount > 1)
        rt_g.refcount--;
    pthread_mutex_unlock(&rt_g.lock);
}

aclError aclrtGetVersion(int32_t *majorVersion, int32_t *minorVersion, int32_t *patchVersion)
{
    if (!majorVersion || !minorVersion || !patchVersion)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtGetVersion: %s is NULL",
                       !majorVersion ? "majorVersion" : !minorVersion ? "minorVersion" : "patchVersion");
    *majorVersion = 1;
    *minorVersion = 0;
    *patchVersion = 0;
    return ACL_SUCCESS;
}

const char *aclGetRecentErrMsg(void)
{
    const char *m = ge_error_take();
    return m[0] ? m : NULL;
}

const char *aclrtGetSocName(void)
{
    return "geflow-cpu";
}

aclError aclrtGetRunMode(aclrtRunMode *runMode)
{
    if (!runMode)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtGetRunMode: runMode is NULL");
    *runMode = ACL_HOST;
    return ACL_SUCCESS;
}

/* ---- contexts ---- */

rt_context *rt_current_context_locked(void)
{
    if (!tls_ctx || tls_epoch != rt_g.epoch)
        return NULL;
    long i = rt_ranges_find_exact(&rt_g.handles, (uintptr_t)tls_ctx);
    if (i < 0 || rt_g.handles.v[i].tag != RT_H_CONTEXT)
        return NULL;
    return tls_ctx;
}

void rt_clear_current_context_if(rt_context *c)
{
    if (tls_ctx == c)
        tls_ctx = NULL;
}

static void set_current(rt_context *c)
{
    tls_ctx = c;
    tls_epoch = rt_g.epoch;
}

void rt_adopt_context(rt_context *c)
{
    pthread_mutex_lock(&rt_g.lock);
    set_current(c);
    pthread_mutex_unlock(&rt_g.lock);
}

/* Creates and registers a context with its default stream. Caller holds rt_g.lock. */
static rt_context *context_create_locked(int32_t device, bool is_default)
{
    rt_context *c = ge_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->device = device;
    c->is_default = is_default;
    if (rt_ranges_insert(&rt_g.handles, (rt_range){(uintptr_t)c, 1, 0, RT_H_CONTEXT}) != 0) {
        ge_free(c);
        return NULL;
    }
    c->default_stream = rt_stream_create_locked(c, true);
    if (!c->default_stream) {
        remove_handle_locked(c);
        ge_free(c);
        return NULL;
    }
    return c;
}

static aclError check_device(const char *fn, int32_t deviceId)
{
    if (deviceId < 0 || deviceId >= rt_g.device_count)
        return RT_FAIL(ACL_ERROR_RT_INVALID_DEVICEID,
                       "%s: deviceId %d is out of range (%d device(s): 0..%d; GEFLOW_DEVICE_COUNT)", fn,
                       (int)deviceId, (int)rt_g.device_count, (int)rt_g.device_count - 1);
    return ACL_SUCCESS;
}

aclError aclrtSetDevice(int32_t deviceId)
{
    aclError err = rt_require_init("aclrtSetDevice");
    if (err)
        return err;
    pthread_mutex_lock(&rt_g.lock);
    if ((err = check_device("aclrtSetDevice", deviceId)) != ACL_SUCCESS) {
        pthread_mutex_unlock(&rt_g.lock);
        return err;
    }
    rt_device *dev = &rt_g.devices[deviceId];
    if (!dev->default_ctx) {
        dev->default_ctx = context_create_locked(deviceId, true);
        if (!dev->default_ctx) {
            pthread_mutex_unlock(&rt_g.lock);
            return RT_FAIL(ACL_ERROR_BAD_ALLOC, "aclrtSetDevice: out of memory creating the default context of device %d",
                           (int)deviceId);
        }
    }
    dev->set_count++;
    set_current(dev->default_ctx);
    pthread_mutex_unlock(&rt_g.lock);
    return ACL_SUCCESS;
}

aclError aclrtResetDevice(int32_t deviceId)
{
    aclError err = rt_require_init("aclrtResetDevice");
    if (err)
        return err;
    pthread_mutex_lock(&rt_g.lock);
    if ((err = check_device("aclrtResetDevice", deviceId)) != ACL_SUCCESS) {
        pthread_mutex_unlock(&rt_g.lock);
        return err;
    }
    rt_device *dev = &rt_g.devices[deviceId];
    if (dev->set_count == 0 || --dev->set_count > 0) {
        pthread_mutex_unlock(&rt_g.lock);
        return ACL_SUCCESS;
    }
    rt_context *ctx = dev->default_ctx;
    dev->default_ctx = NULL;
    size_t n = 0;
    rt_stream **list = detach_context_locked(ctx, &n);
    pthread_mutex_unlock(&rt_g.lock);
    teardown_list(list, n);
    rt_clear_current_context_if(ctx);
    ge_free(ctx);
    return ACL_SUCCESS;
}

aclError aclrtGetDevice(int32_t *deviceId)
{
    aclError err = rt_require_init("aclrtGetDevice");
    if (err)
        return err;
    if (!deviceId)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtGetDevice: deviceId is NULL");
    pthread_mutex_lock(&rt_g.lock);
    rt_context *c = rt_current_context_locked();
    if (c)
        *deviceId = c->device;
    pthread_mutex_unlock(&rt_g.lock);
    if (!c)
        return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL, "aclrtGetDevice: the thread has no current device (call aclrtSetDevice first)");
    return ACL_SUCCESS;
}

aclError rt_current_device(int32_t *out_device)
{
    pthread_mutex_lock(&rt_g.lock);
    rt_context *c = rt_current_context_locked();
    if (c)
        *out_device = c->device;
    pthread_mutex_unlock(&rt_g.lock);
    if (!c)
        return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL, "the thread has no current device (call aclrtSetDevice first)");
    return ACL_SUCCESS;
}

aclError aclrtGetDeviceCount(uint32_t *count)
{
    if (!count)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtGetDeviceCount: count is NULL");
    pthread_mutex_lock(&rt_g.lock);
    *count = (uint32_t)(atomic_load(&rt_g.initialized) ? rt_g.device_count : env_device_count());
    pthread_mutex_unlock(&rt_g.lock);
    return ACL_SUCCESS;
}

int32_t rt_device_count(void)
{
    pthread_mutex_lock(&rt_g.lock);
    int32_t n = atomic_load(&rt_g.initialized) ? rt_g.device_count : 0;
    pthread_mutex_unlock(&rt_g.lock);
    return n;
}

static aclError sync_streams(rt_stream **list, size_t n)
{
    aclError first = ACL_SUCCESS;
    char msg[RT_MSG_CAPACITY] = "";
    for (size_t i = 0; i < n; i++) {
        aclError e = rt_stream_wait(list[i], -1, true, true);
        if (e && !first) {
            first = e;
            snprintf(msg, sizeof msg, "%s", ge_error_peek());
        }
        rt_stream_release(list[i]);
    }
    ge_free(list);
    if (first)
        ge_error_set("%s", msg);
    return first;
}

aclError aclrtSynchronizeDevice(void)
{
    aclError err = rt_require_init("aclrtSynchronizeDevice");
    if (err)
        return err;
    pthread_mutex_lock(&rt_g.lock);
    rt_context *c = rt_current_context_locked();
    if (!c) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL,
                       "aclrtSynchronizeDevice: the thread has no current device (call aclrtSetDevice first)");
    }
    size_t n = 0;
    rt_stream **list = collect_streams_locked(NULL, c->device, &n);
    pthread_mutex_unlock(&rt_g.lock);
    if (!list)
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "aclrtSynchronizeDevice: out of memory");
    return sync_streams(list, n);
}

aclError aclrtCreateContext(aclrtContext *context, int32_t deviceId)
{
    aclError err = rt_require_init("aclrtCreateContext");
    if (err)
        return err;
    if (!context)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtCreateContext: context is NULL");
    pthread_mutex_lock(&rt_g.lock);
    if ((err = check_device("aclrtCreateContext", deviceId)) != ACL_SUCCESS) {
        pthread_mutex_unlock(&rt_g.lock);
        return err;
    }
    rt_context *c = context_create_locked(deviceId, false);
    if (c)
        set_current(c);
    pthread_mutex_unlock(&rt_g.lock);
    if (!c)
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "aclrtCreateContext: out of memory");
    *context = c;
    return ACL_SUCCESS;
}

/* Validates a context handle. Caller holds rt_g.lock. */
static aclError find_context_locked(const char *fn, aclrtContext context)
{
    long i = rt_ranges_find_exact(&rt_g.handles, (uintptr_t)context);
    if (i < 0 || rt_g.handles.v[i].tag != RT_H_CONTEXT)
        return RT_FAIL(ACL_ERROR_RT_INVALID_HANDLE, "%s: context %p is not a live context (destroyed or never created)",
                       fn, context);
    return ACL_SUCCESS;
}

aclError aclrtDestroyContext(aclrtContext context)
{
    aclError err = rt_require_init("aclrtDestroyContext");
    if (err)
        return err;
    if (!context)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtDestroyContext: context is NULL");
    pthread_mutex_lock(&rt_g.lock);
    if ((err = find_context_locked("aclrtDestroyContext", context)) != ACL_SUCCESS) {
        pthread_mutex_unlock(&rt_g.lock);
        return err;
    }
    rt_context *c = context;
    if (c->is_default) {
        pthread_mutex_unlock(&rt_g.lock);
        return RT_FAIL(ACL_ERROR_INVALID_PARAM,
                       "aclrtDestroyContext: context %p is the default context of device %d (use aclrtResetDevice)",
                       context, (int)c->device);
    }
    size_t n = 0;
    rt_stream **list = detach_context_locked(c, &n);
    pthread_mutex_unlock(&rt_g.lock);
    teardown_list(list, n);
    rt_clear_current_context_if(c);
    ge_free(c);
    return ACL_SUCCESS;
}

aclError aclrtSetCurrentContext(aclrtContext context)
{
    aclError err = rt_require_init("aclrtSetCurrentContext");
    if (err)
        return err;
    if (!context)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtSetCurrentContext: context is NULL");
    pthread_mutex_lock(&rt_g.lock);
    err = find_context_locked("aclrtSetCurrentContext", context);
    if (!err)
        set_current(context);
    pthread_mutex_unlock(&rt_g.lock);
    return err;
}

aclError aclrtGetCurrentContext(aclrtContext *context)
{
    aclError err = rt_require_init("aclrtGetCurrentContext");
    if (err)
        return err;
    if (!context)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtGetCurrentContext: context is NULL");
    pthread_mutex_lock(&rt_g.lock);
    rt_context *c = rt_current_context_locked();
    pthread_mutex_unlock(&rt_g.lock);
    if (!c)
        return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL,
                       "aclrtGetCurrentContext: the thread has no current context (call aclrtSetDevice first)");
    *context = c;
    return ACL_SUCCESS;
}

/* ---- the compute pool per device ---- */

rt_pool *rt_device_pool(int32_t device)
{
    pthread_mutex_lock(&rt_g.lock);
    rt_pool *p = NULL;
    if (atomic_load(&rt_g.initialized) && device >= 0 && device < rt_g.device_count) {
        rt_device *dev = &rt_g.devices[device];
        if (!dev->pool)
            dev->pool = rt_pool_create(rt_g.num_threads);
        p = dev->pool;
    }
    pthread_mutex_unlock(&rt_g.lock);
    return p;
}

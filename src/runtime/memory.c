/* Device memory of the CPU device: host RAM, 64-byte aligned, every block (device and pinned
 * host) in a sorted registry so any pointer — interior ones included — classifies in
 * O(log n). Each device has a capacity (GEFLOW_DEVICE_MEMORY). */
#include "runtime/rt_internal.h"

#include <string.h>

enum { RT_PINNED_TAG = -1 };

static struct {
    pthread_mutex_t lock;
    rt_ranges blocks;
    size_t capacity;
    size_t used[RT_MAX_DEVICES];
    int32_t ndev;
} mem = {.lock = PTHREAD_MUTEX_INITIALIZER};

aclError rt_memory_init(int32_t device_count, size_t capacity)
{
    pthread_mutex_lock(&mem.lock);
    mem.ndev = device_count;
    mem.capacity = capacity;
    memset(mem.used, 0, sizeof mem.used);
    pthread_mutex_unlock(&mem.lock);
    return ACL_SUCCESS;
}

void rt_memory_finalize(void)
{
    pthread_mutex_lock(&mem.lock);
    for (size_t i = 0; i < mem.blocks.n; i++)
        ge_free((void *)mem.blocks.v[i].base);
    rt_ranges_free(&mem.blocks);
    memset(mem.used, 0, sizeof mem.used);
    mem.ndev = 0;
    pthread_mutex_unlock(&mem.lock);
}

/* device >= 0: device memory charged to that device; RT_PINNED_TAG: pinned host memory. */
static aclError block_alloc(const char *fn, int32_t device, size_t size, bool align32, void **out)
{
    if (size == 0)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: size is 0", fn);
    if (size > SIZE_MAX - 128)
        return RT_FAIL(ACL_ERROR_RT_MEMORY_ALLOCATION, "%s: size %zu is too large", fn, size);
    /* The vendor rounds up to 32 and adds 32 bytes (aclrtMallocAlign32: no extra 32). */
    size_t alloc = ((size + 31) & ~(size_t)31) + (align32 ? 0 : 32);
    pthread_mutex_lock(&mem.lock);
    if (device >= 0) {
        if (alloc > mem.capacity || mem.used[device] > mem.capacity - alloc) {
            size_t used = mem.used[device], cap = mem.capacity;
            pthread_mutex_unlock(&mem.lock);
            return RT_FAIL(ACL_ERROR_RT_MEMORY_ALLOCATION,
                           "%s: cannot allocate size %zu on device %d: %zu of %zu bytes in use "
                           "(capacity set by GEFLOW_DEVICE_MEMORY)", fn, size, (int)device, used, cap);
        }
        mem.used[device] += alloc;
    }
    pthread_mutex_unlock(&mem.lock);
    void *p = ge_aligned_alloc(64, alloc);
    pthread_mutex_lock(&mem.lock);
    if (!p || rt_ranges_insert(&mem.blocks, (rt_range){(uintptr_t)p, alloc, alloc, device}) != 0) {
        if (device >= 0)
            mem.used[device] -= alloc;
        pthread_mutex_unlock(&mem.lock);
        ge_free(p);
        return RT_FAIL(ACL_ERROR_RT_MEMORY_ALLOCATION, "%s: out of host memory allocating size %zu", fn, size);
    }
    pthread_mutex_unlock(&mem.lock);
    *out = p;
    return ACL_SUCCESS;
}

/* pinned: whether the block must be pinned host memory (else device memory). */
static aclError block_free(const char *fn, const char *arg, void *p, bool pinned)
{
    pthread_mutex_lock(&mem.lock);
    long i = rt_ranges_find_exact(&mem.blocks, (uintptr_t)p);
    bool ok = i >= 0 && ((mem.blocks.v[i].tag == RT_PINNED_TAG) == pinned);
    if (!ok) {
        long c = rt_ranges_find(&mem.blocks, (uintptr_t)p);
        aclError e;
        if (i >= 0)
            e = RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: %s %p is %s memory (use %s)", fn, arg, p,
                        pinned ? "device" : "pinned host", pinned ? "aclrtFree" : "aclrtFreeHost");
        else if (c >= 0)
            e = RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: %s %p points inside the block at %p, not at its start", fn,
                        arg, p, (void *)mem.blocks.v[c].base);
        else
            e = RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: %s %p was not allocated by %s or was already freed", fn, arg,
                        p, pinned ? "aclrtMallocHost" : "aclrtMalloc");
        pthread_mutex_unlock(&mem.lock);
        return e;
    }
    rt_range r = mem.blocks.v[i];
    rt_ranges_remove_at(&mem.blocks, (size_t)i);
    if (r.tag >= 0)
        mem.used[r.tag] -= r.alloc;
    pthread_mutex_unlock(&mem.lock);
    ge_free(p);
    return ACL_SUCCESS;
}

enum rt_mem_kind rt_memory_lookup(const void *p, int32_t *out_device, void **out_base, size_t *out_size)
{
    enum rt_mem_kind kind = RT_MEM_HOST;
    int32_t dev = -1;
    void *base = NULL;
    size_t size = 0;
    pthread_mutex_lock(&mem.lock);
    long i = rt_ranges_find(&mem.blocks, (uintptr_t)p);
    if (i >= 0) {
        const rt_range *r = &mem.blocks.v[i];
        kind = r->tag == RT_PINNED_TAG ? RT_MEM_PINNED : RT_MEM_DEVICE;
        dev = r->tag;
        base = (void *)r->base;
        size = r->size;
    }
    pthread_mutex_unlock(&mem.lock);
    if (out_device)
        *out_device = dev;
    if (out_base)
        *out_base = base;
    if (out_size)
        *out_size = size;
    return kind;
}

static aclError current_device(const char *fn, int32_t *out)
{
    if (rt_current_device(out) != ACL_SUCCESS)
        return RT_FAIL(ACL_ERROR_RT_CONTEXT_NULL, "%s: the thread has no current device (call aclrtSetDevice first)", fn);
    return ACL_SUCCESS;
}

static aclError malloc_common(const char *fn, void **devPtr, size_t size, aclrtMemMallocPolicy policy, bool align32)
{
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    if (!devPtr)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: devPtr is NULL", fn);
    unsigned p = (unsigned)policy;
    if ((p & 0xFFu) > ACL_MEM_MALLOC_HUGE1G_ONLY_P2P ||
        (p & ~0xFFu & ~(unsigned)(ACL_MEM_TYPE_LOW_BAND_WIDTH | ACL_MEM_TYPE_HIGH_BAND_WIDTH)))
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: policy 0x%x is not an aclrtMemMallocPolicy", fn, p);
    int32_t dev;
    if ((err = current_device(fn, &dev)) != ACL_SUCCESS)
        return err;
    return block_alloc(fn, dev, size, align32, devPtr);
}

aclError aclrtMalloc(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    return malloc_common("aclrtMalloc", devPtr, size, policy, false);
}

aclError aclrtMallocAlign32(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    return malloc_common("aclrtMallocAlign32", devPtr, size, policy, true);
}

aclError aclrtFree(void *devPtr)
{
    aclError err = rt_require_init("aclrtFree");
    if (err)
        return err;
    if (!devPtr)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtFree: devPtr is NULL");
    return block_free("aclrtFree", "devPtr", devPtr, false);
}

aclError aclrtMallocHost(void **hostPtr, size_t size)
{
    aclError err = rt_require_init("aclrtMallocHost");
    if (err)
        return err;
    if (!hostPtr)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtMallocHost: hostPtr is NULL");
    return block_alloc("aclrtMallocHost", RT_PINNED_TAG, size, false, hostPtr);
}

aclError aclrtFreeHost(void *hostPtr)
{
    aclError err = rt_require_init("aclrtFreeHost");
    if (err)
        return err;
    if (!hostPtr)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtFreeHost: hostPtr is NULL");
    return block_free("aclrtFreeHost", "hostPtr", hostPtr, true);
}

aclError rt_device_malloc(int32_t device, size_t size, void **out_ptr)
{
    aclError err = rt_require_init("rt_device_malloc");
    if (err)
        return err;
    if (!out_ptr)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "rt_device_malloc: out_ptr is NULL");
    if (device < 0 || device >= rt_device_count())
        return RT_FAIL(ACL_ERROR_RT_INVALID_DEVICEID, "rt_device_malloc: device %d is out of range", (int)device);
    return block_alloc("rt_device_malloc", device, size, false, out_ptr);
}

aclError rt_device_free(void *ptr)
{
    if (!ptr)
        return ACL_SUCCESS;
    return block_free("rt_device_free", "ptr", ptr, false);
}

aclError aclrtGetMemInfo(aclrtMemAttr attr, size_t *free, size_t *total)
{
    aclError err = rt_require_init("aclrtGetMemInfo");
    if (err)
        return err;
    if (!free || !total)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtGetMemInfo: %s is NULL", !free ? "free" : "total");
    if ((unsigned)attr > ACL_HBM_MEM_P2P_NORMAL)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "aclrtGetMemInfo: attr %d is not an aclrtMemAttr", (int)attr);
    int32_t dev;
    if ((err = current_device("aclrtGetMemInfo", &dev)) != ACL_SUCCESS)
        return err;
    pthread_mutex_lock(&mem.lock);
    *total = mem.capacity;
    *free = mem.capacity - mem.used[dev];
    pthread_mutex_unlock(&mem.lock);
    return ACL_SUCCESS;
}

/* ---- copies and sets ---- */

static const char *kind_name(int kind)
{
    static const char *names[] = {"ACL_MEMCPY_HOST_TO_HOST", "ACL_MEMCPY_HOST_TO_DEVICE",
                                  "ACL_MEMCPY_DEVICE_TO_HOST", "ACL_MEMCPY_DEVICE_TO_DEVICE",
                                  "ACL_MEMCPY_DEFAULT", "ACL_MEMCPY_HOST_TO_BUF_TO_DEVICE",
                                  "ACL_MEMCPY_INNER_DEVICE_TO_DEVICE", "ACL_MEMCPY_INTER_DEVICE_TO_DEVICE"};
    return kind >= 0 && kind < 8 ? names[kind] : "?";
}

static const char *mem_name(enum rt_mem_kind k)
{
    return k == RT_MEM_DEVICE ? "device memory" : k == RT_MEM_PINNED ? "pinned host memory" : "host memory";
}

/* Classifies p and checks [p, p+count) stays inside its block. */
static aclError check_region(const char *fn, const char *arg, const void *p, size_t count, enum rt_mem_kind *out)
{
    void *base;
    size_t size;
    *out = rt_memory_lookup(p, NULL, &base, &size);
    if (*out != RT_MEM_HOST && count > size - (size_t)((const char *)p - (const char *)base))
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: %s %p + count %zu runs past the end of its %s block (%p, %zu bytes)",
                       fn, arg, p, count, mem_name(*out), base, size);
    return ACL_SUCCESS;
}

/* Validates a copy; *out_pageable tells whether a side is ordinary host memory. */
static aclError check_copy(const char *fn, void *dst, size_t destMax, const void *src, size_t count,
                           aclrtMemcpyKind kind, bool *out_pageable)
{
    if (!dst)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: dst is NULL", fn);
    if (!src)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: src is NULL", fn);
    if (count > destMax)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: count %zu is greater than destMax %zu", fn, count, destMax);
    if ((unsigned)kind > ACL_MEMCPY_INTER_DEVICE_TO_DEVICE)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: kind %d is not an aclrtMemcpyKind", fn, (int)kind);
    enum rt_mem_kind dk, sk;
    aclError err;
    if ((err = check_region(fn, "dst", dst, count, &dk)) || (err = check_region(fn, "src", src, count, &sk)))
        return err;
    bool dd = dk == RT_MEM_DEVICE, sd = sk == RT_MEM_DEVICE;
    bool want_dd = false, want_sd = false, any = false;
    switch (kind) {
    case ACL_MEMCPY_HOST_TO_HOST: break;
    case ACL_MEMCPY_HOST_TO_DEVICE:
    case ACL_MEMCPY_HOST_TO_BUF_TO_DEVICE: want_dd = true; break;
    case ACL_MEMCPY_DEVICE_TO_HOST: want_sd = true; break;
    case ACL_MEMCPY_DEVICE_TO_DEVICE:
    case ACL_MEMCPY_INNER_DEVICE_TO_DEVICE:
    case ACL_MEMCPY_INTER_DEVICE_TO_DEVICE: want_dd = want_sd = true; break;
    default: any = true; break;
    }
    if (!any && (dd != want_dd || sd != want_sd))
        return RT_FAIL(ACL_ERROR_INVALID_PARAM,
                       "%s: kind %s needs dst in %s and src in %s, but dst %p is %s and src %p is %s", fn,
                       kind_name(kind), want_dd ? "device memory" : "host memory",
                       want_sd ? "device memory" : "host memory", dst, mem_name(dk), src, mem_name(sk));
    *out_pageable = dk == RT_MEM_HOST || sk == RT_MEM_HOST;
    return ACL_SUCCESS;
}

static void do_copy(void *dst, const void *src, size_t n)
{
    if (!n || dst == src)
        return;
    const char *d = dst, *s = src;
    if (d < s + n && s < d + n)
        memmove(dst, src, n);
    else
        memcpy(dst, src, n);
}

aclError aclrtMemcpy(void *dst, size_t destMax, const void *src, size_t count, aclrtMemcpyKind kind)
{
    aclError err = rt_require_init("aclrtMemcpy");
    if (err)
        return err;
    bool pageable;
    if ((err = check_copy("aclrtMemcpy", dst, destMax, src, count, kind, &pageable)) != ACL_SUCCESS)
        return err;
    do_copy(dst, src, count);
    return ACL_SUCCESS;
}

static aclError copy_task(void *ctx)
{
    rt_task *t = ctx;
    do_copy(t->a0, t->a1, t->n);
    return ACL_SUCCESS;
}

static aclError set_task(void *ctx)
{
    rt_task *t = ctx;
    memset(t->a0, (int)t->u, t->n);
    return ACL_SUCCESS;
}

/* Enqueues fn as a built-in task with its arguments in the task itself. */
static aclError submit_builtin(const char *fn, rt_stream *s, rt_task_fn task_fn, void *a0, const void *a1,
                               size_t n, uint64_t u)
{
    rt_task *t = rt_task_new(task_fn, NULL, NULL, 0);
    if (!t)
        return RT_FAIL(ACL_ERROR_BAD_ALLOC, "%s: out of memory", fn);
    t->ctx = t;
    t->a0 = a0;
    t->a1 = a1;
    t->n = n;
    t->u = u;
    aclError err = rt_stream_submit(s, t);
    if (err) {
        rt_task_discard(t);
        ge_error_prefix("%s: ", fn);
    }
    return err;
}

aclError aclrtMemcpyAsync(void *dst, size_t destMax, const void *src, size_t count, aclrtMemcpyKind kind,
                          aclrtStream stream)
{
    static const char fn[] = "aclrtMemcpyAsync";
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    bool pageable;
    if ((err = check_copy(fn, dst, destMax, src, count, kind, &pageable)) != ACL_SUCCESS)
        return err;
    rt_stream *s;
    if ((err = rt_stream_acquire(fn, stream, &s)) != ACL_SUCCESS)
        return err;
    if (pageable) {
        /* Vendor behaviour with pageable host memory: wait for the stream to reach the copy,
         * then copy before returning. Sticky errors stay for the next synchronize. */
        (void)rt_stream_wait(s, -1, true, false);
        do_copy(dst, src, count);
    } else {
        err = submit_builtin(fn, s, copy_task, dst, src, count, 0);
    }
    rt_stream_release(s);
    return err;
}

static aclError check_set(const char *fn, void *devPtr, size_t maxCount, size_t count, bool *out_pageable)
{
    if (!devPtr)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: devPtr is NULL", fn);
    if (count > maxCount)
        return RT_FAIL(ACL_ERROR_INVALID_PARAM, "%s: count %zu is greater than maxCount %zu", fn, count, maxCount);
    enum rt_mem_kind k;
    aclError err = check_region(fn, "devPtr", devPtr, count, &k);
    *out_pageable = k == RT_MEM_HOST;
    return err;
}

aclError aclrtMemset(void *devPtr, size_t maxCount, int32_t value, size_t count)
{
    aclError err = rt_require_init("aclrtMemset");
    if (err)
        return err;
    bool pageable;
    if ((err = check_set("aclrtMemset", devPtr, maxCount, count, &pageable)) != ACL_SUCCESS)
        return err;
    memset(devPtr, value, count);
    return ACL_SUCCESS;
}

aclError aclrtMemsetAsync(void *devPtr, size_t maxCount, int32_t value, size_t count, aclrtStream stream)
{
    static const char fn[] = "aclrtMemsetAsync";
    aclError err = rt_require_init(fn);
    if (err)
        return err;
    bool pageable;
    if ((err = check_set(fn, devPtr, maxCount, count, &pageable)) != ACL_SUCCESS)
        return err;
    rt_stream *s;
    if ((err = rt_stream_acquire(fn, stream, &s)) != ACL_SUCCESS)
        return err;
    if (pageable) {
        (void)rt_stream_wait(s, -1, true, false);
        memset(devPtr, value, count);
    } else {
        err = submit_builtin(fn, s, set_task, devPtr, NULL, count, (uint64_t)(uint8_t)value);
    }
    rt_stream_release(s);
    return err;
}

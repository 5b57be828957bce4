/* The geflow CPU runtime through the ACL API: init, device, stream, device memory, an async
 * host-to-device copy timed with events, a copy back, a check, teardown. */
#include "acl/acl.h"

#include <stdio.h>
#include <string.h>

#define TRY(call)                                                                               \
    do {                                                                                        \
        aclError e_ = (call);                                                                   \
        if (e_ != ACL_SUCCESS) {                                                                \
            const char *m_ = aclGetRecentErrMsg();                                              \
            fprintf(stderr, "%s failed: %d %s\n", #call, e_, m_ ? m_ : "");                     \
            return 1;                                                                           \
        }                                                                                       \
    } while (0)

int main(void)
{
    enum { N = 1 << 20 };
    aclrtStream stream;
    aclrtEvent start, end;
    void *dev, *host;
    static char back[N];
    float ms = 0;
    TRY(aclInit(NULL));
    TRY(aclrtSetDevice(0));
    printf("aclInit + aclrtSetDevice(0): %s\n", aclrtGetSocName());
    TRY(aclrtCreateStream(&stream));
    TRY(aclrtCreateEvent(&start));
    TRY(aclrtCreateEvent(&end));
    TRY(aclrtMalloc(&dev, N, ACL_MEM_MALLOC_HUGE_FIRST));
    TRY(aclrtMallocHost(&host, N));
    memset(host, 0x5A, N);
    printf("aclrtMalloc %d bytes of device memory, aclrtMallocHost %d bytes pinned\n", N, N);
    TRY(aclrtRecordEvent(start, stream));
    TRY(aclrtMemcpyAsync(dev, N, host, N, ACL_MEMCPY_HOST_TO_DEVICE, stream));
    TRY(aclrtRecordEvent(end, stream));
    printf("enqueued: record, H2D aclrtMemcpyAsync, record\n");
    TRY(aclrtSynchronizeStream(stream));
    TRY(aclrtEventElapsedTime(&ms, start, end));
    printf("synchronized: the copy took %.3f ms\n", ms);
    TRY(aclrtMemcpy(back, N, dev, N, ACL_MEMCPY_DEVICE_TO_HOST));
    int ok = back[0] == 0x5A && back[N - 1] == 0x5A;
    printf("D2H aclrtMemcpy: data %s\n", ok ? "matches" : "DIFFERS");
    TRY(aclrtFree(dev));
    TRY(aclrtFreeHost(host));
    TRY(aclrtDestroyEvent(start));
    TRY(aclrtDestroyEvent(end));
    TRY(aclrtDestroyStream(stream));
    TRY(aclrtResetDevice(0));
    TRY(aclFinalize());
    printf("teardown done\n");
    return ok ? 0 : 1;
}

/* A client that knows only the installed headers and pkg-config: the runtime's seed flow. */
#include <acl/acl.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    if (aclInit(NULL) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS)
        return 1;
    aclrtStream stream = NULL;
    void *dev = NULL;
    char host_in[64] = "installed geflow runtime", host_out[64] = {0};
    if (aclrtCreateStream(&stream) != ACL_SUCCESS ||
        aclrtMalloc(&dev, sizeof host_in, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS)
        return 2;
    if (aclrtMemcpyAsync(dev, sizeof host_in, host_in, sizeof host_in, ACL_MEMCPY_HOST_TO_DEVICE, stream) != ACL_SUCCESS ||
        aclrtSynchronizeStream(stream) != ACL_SUCCESS ||
        aclrtMemcpy(host_out, sizeof host_out, dev, sizeof host_in, ACL_MEMCPY_DEVICE_TO_HOST) != ACL_SUCCESS)
        return 3;
    int ok = strcmp(host_in, host_out) == 0;
    aclrtFree(dev);
    aclrtDestroyStream(stream);
    aclrtResetDevice(0);
    aclFinalize();
    printf("%s\n", ok ? "install ok" : "install MISMATCH");
    return ok ? 0 : 4;
}

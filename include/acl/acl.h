/* ACL entry points (vendor names: CANN acl.h). Includes the runtime API (acl_rt.h). */
#ifndef INC_EXTERNAL_ACL_ACL_H_
#define INC_EXTERNAL_ACL_ACL_H_

#include "acl_base.h"
#include "acl_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ACL_PKG_VERSION_MAX_SIZE 128

/* Initialises ACL. configPath may be NULL (the JSON config is accepted and ignored).
 * A repeat call returns ACL_ERROR_REPEAT_INITIALIZE and adds one reference. No thread
 * exists before the first aclInit. */
ACL_FUNC_VISIBILITY aclError aclInit(const char *configPath);
/* Ends ACL whatever the reference count: drains and destroys every stream, event and
 * context, frees all device and pinned host memory, joins all threads. Without a prior
 * aclInit it returns ACL_ERROR_REPEAT_FINALIZE (as the vendor does). */
ACL_FUNC_VISIBILITY aclError aclFinalize(void);
/* Drops one reference taken by aclInit; finalizes when it reaches 0. *refCount (may be
 * NULL) receives the count left. */
ACL_FUNC_VISIBILITY aclError aclFinalizeReference(uint64_t *refCount);
ACL_FUNC_VISIBILITY aclError aclrtGetVersion(int32_t *majorVersion, int32_t *minorVersion,
                                             int32_t *patchVersion);
/* Returns and clears the calling thread's last error text; NULL when there is none (vendor
 * behaviour). The pointer stays valid until the next call on this thread. Same store as
 * ge_get_error_message and GEGetErrorMsgV2. */
ACL_FUNC_VISIBILITY const char *aclGetRecentErrMsg(void);

#ifdef __cplusplus
}
#endif

#endif

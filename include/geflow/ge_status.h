/* geflow status codes and the thread-local error text.
 *
 * Every engine function returns a ge_status (the GE numeric values, so a ge_status and a
 * ge::Status compare equal) and, on failure, leaves a message for the calling thread that
 * names the object, the index, what was expected and what was found. */
#ifndef GEFLOW_GE_STATUS_H
#define GEFLOW_GE_STATUS_H

#include <stdint.h>

/* Marks the functions the shared library exports (it is built with hidden visibility). */
#ifndef GEFLOW_API
#if defined(__GNUC__)
#define GEFLOW_API __attribute__((visibility("default")))
#else
#define GEFLOW_API
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t ge_status;

#define GE_STATUS_SUCCESS                 0u
#define GE_STATUS_FAILED                  0xFFFFFFFFu
#define GE_STATUS_MEMALLOC_FAILED         1343225856u
#define GE_STATUS_PARAM_INVALID           1343225857u
#define GE_STATUS_INTERNAL_ERROR          1343225860u
#define GE_STATUS_END_OF_SEQUENCE         1343225863u
#define GE_STATUS_INIT_FAILED             1343229953u
#define GE_STATUS_SESSION_CREATE_FAILED   1343229955u
#define GE_STATUS_SESSION_REMOVE_FAILED   1343229959u
#define GE_STATUS_SESSION_RUN_FAILED      1343229960u
#define GE_STATUS_ALREADY_INITIALIZED     1343229962u
#define GE_STATUS_NOT_INITIALIZED         1343229963u
#define GE_STATUS_SESSION_ALREADY_RUNNING 1343238145u
#define GE_STATUS_GRAPH_ALREADY_RUNNING   1343242241u
#define GE_STATUS_GRAPH_ID_EXISTS         1343242243u
#define GE_STATUS_GRAPH_NODE_NULL         1343242276u
#define GE_STATUS_GRAPH_UNSUPPORTED       1343242281u
#define GE_STATUS_UNSUPPORTED             100u
#define GE_STATUS_OUT_OF_MEMORY           101u

/* Returns the calling thread's last error text and clears it ("" when there is none).
 * The pointer stays valid until the next call of this function (or aclGetRecentErrMsg /
 * GEGetErrorMsgV2, which read the same store) on the same thread. */
GEFLOW_API const char *ge_get_error_message(void);

/* Replaces the calling thread's error text (for layers over the C API, such as the
 * header-only C++ API, so every getter — aclGetRecentErrMsg too — sees their messages). */
GEFLOW_API void ge_set_error_message(const char *message);

#ifdef __cplusplus
}
#endif

#endif

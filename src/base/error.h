/* The one thread-local error store behind ge_get_error_message, aclGetRecentErrMsg and
 * GEGetErrorMsgV2. Library code sets a message where it detects a failure; the public
 * getters return it and clear it. */
#ifndef GEFLOW_BASE_ERROR_H
#define GEFLOW_BASE_ERROR_H

#include <stdarg.h>

#if defined(__GNUC__)
#define GE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define GE_PRINTF(f, a)
#endif

/* Replaces the calling thread's message. */
void ge_error_set(const char *fmt, ...) GE_PRINTF(1, 2);
void ge_error_vset(const char *fmt, va_list ap);
/* Prepends context ("session 3: ") to the current message, keeping the detail. */
void ge_error_prefix(const char *fmt, ...) GE_PRINTF(1, 2);
/* Returns and clears the message; the pointer is valid until the next take on this thread. */
const char *ge_error_take(void);
/* Reads without clearing (for copying an error into a sticky stream error). */
const char *ge_error_peek(void);
void ge_error_clear(void);

#endif

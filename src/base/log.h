/* Diagnostics to stderr. GEFLOW_LOG_LEVEL: 0 debug, 1 info, 2 warning (default), 3 error, 4 off. */
#ifndef GEFLOW_BASE_LOG_H
#define GEFLOW_BASE_LOG_H

#include "base/error.h"

enum ge_log_level { GE_LOG_DEBUG = 0, GE_LOG_INFO, GE_LOG_WARNING, GE_LOG_ERROR, GE_LOG_OFF };

void ge_log(enum ge_log_level level, const char *fmt, ...) GE_PRINTF(2, 3);
int ge_log_enabled(enum ge_log_level level);

#define GE_LOG_WARN(...) ge_log(GE_LOG_WARNING, __VA_ARGS__)

#endif

#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int threshold(void)
{
    const char *s = getenv("GEFLOW_LOG_LEVEL");
    if (!s || s[0] < '0' || s[0] > '4' || s[1] != '\0')
        return GE_LOG_WARNING;
    return s[0] - '0';
}

int ge_log_enabled(enum ge_log_level level)
{
    return (int)level >= threshold();
}

void ge_log(enum ge_log_level level, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warning", "error"};
    if (!ge_log_enabled(level) || level >= GE_LOG_OFF)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "geflow %s: %s\n", names[level], line);
}

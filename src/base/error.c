#include "base/error.h"

#include "geflow/ge_status.h"

#include <stdio.h>
#include <string.h>

enum { GE_ERROR_CAPACITY = 1024 };

/* current: the pending message; taken: what the last take returned, kept alive until the
 * next take so callers may hold the pointer. */
static _Thread_local char current[GE_ERROR_CAPACITY];
static _Thread_local char taken[GE_ERROR_CAPACITY];

void ge_error_vset(const char *fmt, va_list ap)
{
    vsnprintf(current, sizeof current, fmt, ap);
}

void ge_error_set(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ge_error_vset(fmt, ap);
    va_end(ap);
}

void ge_error_prefix(const char *fmt, ...)
{
    char head[GE_ERROR_CAPACITY];
    char old[GE_ERROR_CAPACITY];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, current, sizeof old);
    size_t n = strlen(head);
    if (n >= sizeof current)
        n = sizeof current - 1;
    memcpy(current, head, n);
    size_t rest = strnlen(old, sizeof old - 1);
    if (rest > sizeof current - 1 - n)
        rest = sizeof current - 1 - n;
    memcpy(current + n, old, rest);
    current[n + rest] = '\0';
}

const char *ge_error_take(void)
{
    memcpy(taken, current, sizeof taken);
    current[0] = '\0';
    return taken;
}

const char *ge_error_peek(void)
{
    return current;
}

void ge_error_clear(void)
{
    current[0] = '\0';
}

const char *ge_get_error_message(void)
{
    return ge_error_take();
}

void ge_set_error_message(const char *message)
{
    ge_error_set("%s", message ? message : "");
}

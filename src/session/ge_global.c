/* The GE singleton: initialised flag, global options, the live sessions, session ids. */
#include "session/session_internal.h"

#include "base/alloc.h"
#include "base/error.h"
#include "runtime/runtime.h"

#include <stdio.h>
#include <string.h>

static struct {
    pthread_mutex_t lock;
    bool initialized;
    ge_options *options;
    ge_session *sessions;
    uint64_t next_session_id;
} ge_state = {PTHREAD_MUTEX_INITIALIZER, false, NULL, NULL, 1};

ge_status ge_initialize(const ge_options *options)
{
    pthread_mutex_lock(&ge_state.lock);
    if (ge_state.initialized) {
        pthread_mutex_unlock(&ge_state.lock);
        return GE_STATUS_SUCCESS;
    }
    ge_options *copy = NULL;
    ge_status st = ge_options_clone(options, &copy);
    if (st != GE_STATUS_SUCCESS) {
        pthread_mutex_unlock(&ge_state.lock);
        return st;
    }
    const char *dev = ge_options_get(copy, "ge.exec.deviceId");
    int64_t id = 0;
    if (dev && !ge_option_parse_int("ge.exec.deviceId", dev, &id)) {
        ge_options_destroy(copy);
        pthread_mutex_unlock(&ge_state.lock);
        ge_error_prefix("GEInitialize: ");
        return GE_STATUS_PARAM_INVALID;
    }
    aclError ae = rt_acl_retain();
    if (ae != ACL_SUCCESS) {
        ge_options_destroy(copy);
        pthread_mutex_unlock(&ge_state.lock);
        ge_error_prefix("GEInitialize: ACL initialisation failed (%d): ", ae);
        return GE_STATUS_INIT_FAILED;
    }
    if (id < -1 || id >= rt_device_count()) {
        rt_acl_release();
        ge_options_destroy(copy);
        pthread_mutex_unlock(&ge_state.lock);
        ge_error_set("GEInitialize: option ge.exec.deviceId=%lld: expected -1..%d (devices: %d)",
                     (long long)id, rt_device_count() - 1, rt_device_count());
        return GE_STATUS_PARAM_INVALID;
    }
    ge_options_warn_unknown(copy, "GEInitialize");
    ge_state.options = copy;
    ge_state.initialized = true;
    pthread_mutex_unlock(&ge_state.lock);
    return GE_STATUS_SUCCESS;
}

bool ge_is_initialized(void)
{
    pthread_mutex_lock(&ge_state.lock);
    bool v = ge_state.initialized;
    pthread_mutex_unlock(&ge_state.lock);
    return v;
}

ge_status ge_finalize(void)
{
    pthread_mutex_lock(&ge_state.lock);
    if (!ge_state.initialized) {
        pthread_mutex_unlock(&ge_state.lock);
        return GE_STATUS_SUCCESS;
    }
    ge_state.initialized = false;
    ge_session *live = ge_state.sessions;
    ge_state.sessions = NULL;
    pthread_mutex_unlock(&ge_state.lock);
    /* Sessions the user did not destroy go now (their runs drain first). */
    while (live) {
        ge_session *next = live->next;
        live->next = NULL;
        sess_session_free(live);
        live = next;
    }
    pthread_mutex_lock(&ge_state.lock);
    ge_options_destroy(ge_state.options);
    ge_state.options = NULL;
    pthread_mutex_unlock(&ge_state.lock);
    rt_acl_release();
    return GE_STATUS_SUCCESS;
}

bool sess_global_options_lookup(const char *key, char *buf, size_t size)
{
    pthread_mutex_lock(&ge_state.lock);
    const char *v = ge_options_get(ge_state.options, key);
    if (v)
        snprintf(buf, size, "%s", v);
    pthread_mutex_unlock(&ge_state.lock);
    return v != NULL;
}

ge_status sess_global_link(ge_session *s)
{
    pthread_mutex_lock(&ge_state.lock);
    if (!ge_state.initialized) {
        pthread_mutex_unlock(&ge_state.lock);
        ge_error_set("Session: GE is not initialized (call GEInitialize / ge_initialize first)");
        return GE_STATUS_NOT_INITIALIZED;
    }
    s->id = ge_state.next_session_id++;
    s->next = ge_state.sessions;
    ge_state.sessions = s;
    pthread_mutex_unlock(&ge_state.lock);
    return GE_STATUS_SUCCESS;
}

bool sess_global_unlink(ge_session *s)
{
    bool found = false;
    pthread_mutex_lock(&ge_state.lock);
    for (ge_session **p = &ge_state.sessions; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            found = true;
            break;
        }
    pthread_mutex_unlock(&ge_state.lock);
    return found;
}

bool sess_global_is_live(const ge_session *s)
{
    bool found = false;
    pthread_mutex_lock(&ge_state.lock);
    for (ge_session *p = ge_state.sessions; p && !found; p = p->next)
        found = p == s;
    pthread_mutex_unlock(&ge_state.lock);
    return found;
}

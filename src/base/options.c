#include "base/options.h"

#include "base/alloc.h"
#include "base/error.h"
#include "base/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ge_options {
    size_t count, capacity;
    char **keys;
    char **values;
};

ge_status ge_options_create(ge_options **out_options)
{
    if (!out_options) {
        ge_error_set("ge_options_create: out_options is NULL");
        return GE_STATUS_PARAM_INVALID;
    }
    *out_options = ge_calloc(1, sizeof **out_options);
    if (!*out_options) {
        ge_error_set("ge_options_create: out of memory");
        return GE_STATUS_MEMALLOC_FAILED;
    }
    return GE_STATUS_SUCCESS;
}

static ptrdiff_t find_key(const ge_options *o, const char *key)
{
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->keys[i], key) == 0)
            return (ptrdiff_t)i;
    return -1;
}

ge_status ge_options_set(ge_options *o, const char *key, const char *value)
{
    if (!o || !key || !value) {
        ge_error_set("ge_options_set: %s is NULL", !o ? "options" : !key ? "key" : "value");
        return GE_STATUS_PARAM_INVALID;
    }
    if (key[0] == '\0') {
        ge_error_set("ge_options_set: empty option key (value \"%s\")", value);
        return GE_STATUS_PARAM_INVALID;
    }
    char *v = ge_strdup(value);
    if (!v) {
        ge_error_set("ge_options_set: out of memory for option %s", key);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    ptrdiff_t at = find_key(o, key);
    if (at >= 0) {
        ge_free(o->values[at]);
        o->values[at] = v;
        return GE_STATUS_SUCCESS;
    }
    if (o->count == o->capacity) {
        size_t cap = o->capacity ? o->capacity * 2 : 8;
        char **k = ge_realloc(o->keys, cap * sizeof *k);
        if (k)
            o->keys = k;
        char **vs = k ? ge_realloc(o->values, cap * sizeof *vs) : NULL;
        if (!k || !vs) {
            ge_free(v);
            ge_error_set("ge_options_set: out of memory for option %s", key);
            return GE_STATUS_MEMALLOC_FAILED;
        }
        o->values = vs;
        o->capacity = cap;
    }
    char *k = ge_strdup(key);
    if (!k) {
        ge_free(v);
        ge_error_set("ge_options_set: out of memory for option %s", key);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    o->keys[o->count] = k;
    o->values[o->count] = v;
    o->count++;
    return GE_STATUS_SUCCESS;
}

const char *ge_options_get(const ge_options *o, const char *key)
{
    if (!o || !key)
        return NULL;
    ptrdiff_t at = find_key(o, key);
    return at < 0 ? NULL : o->values[at];
}

size_t ge_options_count(const ge_options *o)
{
    return o ? o->count : 0;
}

const char *ge_options_key_at(const ge_options *o, size_t i)
{
    return o && i < o->count ? o->keys[i] : NULL;
}

const char *ge_options_value_at(const ge_options *o, size_t i)
{
    return o && i < o->count ? o->values[i] : NULL;
}

void ge_options_destroy(ge_options *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->count; i++) {
        ge_free(o->keys[i]);
        ge_free(o->values[i]);
    }
    ge_free(o->keys);
    ge_free(o->values);
    ge_free(o);
}

ge_status ge_options_clone(const ge_options *src, ge_options **out)
{
    ge_status st = ge_options_create(out);
    if (st != GE_STATUS_SUCCESS)
        return st;
    for (size_t i = 0; src && i < src->count; i++) {
        st = ge_options_set(*out, src->keys[i], src->values[i]);
        if (st != GE_STATUS_SUCCESS) {
            ge_options_destroy(*out);
            *out = NULL;
            return st;
        }
    }
    return GE_STATUS_SUCCESS;
}

const char *ge_options_lookup(const ge_options *const *layers, size_t n_layers, const char *key)
{
    for (size_t i = 0; i < n_layers; i++) {
        const char *v = ge_options_get(layers[i], key);
        if (v)
            return v;
    }
    return NULL;
}

bool ge_option_parse_int(const char *key, const char *value, int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(value, &end, 10);
    if (value[0] == '\0' || errno != 0 || *end != '\0') {
        ge_error_set("option %s: expected an integer, found \"%s\"", key, value);
        return false;
    }
    *out = v;
    return true;
}

bool ge_option_parse_index_list(const char *key, const char *value, uint32_t *out, size_t cap,
                                size_t *out_n)
{
    size_t n = 0;
    const char *p = value;
    *out_n = 0;
    while (*p) {
        char *end = NULL;
        if (*p == ';') {
            p++;
            continue;
        }
        errno = 0;
        long v = strtol(p, &end, 10);
        if (end == p || errno != 0 || v < 0 || v > (long)UINT32_MAX || (*end != ';' && *end != '\0')) {
            ge_error_set("option %s: expected input indexes like \"0;2\", found \"%s\"", key, value);
            return false;
        }
        bool seen = false;
        for (size_t i = 0; i < n; i++)
            seen |= out[i] == (uint32_t)v;
        if (!seen) {
            if (n == cap) {
                ge_error_set("option %s: more than %zu indexes in \"%s\"", key, cap, value);
                return false;
            }
            size_t at = n++;
            while (at > 0 && out[at - 1] > (uint32_t)v) {
                out[at] = out[at - 1];
                at--;
            }
            out[at] = (uint32_t)v;
        }
        p = end;
    }
    *out_n = n;
    return true;
}

/* Keys we honour, and vendor keys we accept and record without acting on them. */
static const char *const known_keys[] = {
    "ge.exec.deviceId", "ge.session_device_id", "ge.graphRunMode", "ge.exec.hostInputIndexes",
    "ge.featureBaseRefreshable", "ge.constLifecycle", "ge.oo.level", "ge.exec.precision_mode",
    "ge.exec.precision_mode_v2", "ge.inputShape", "ge.dynamicDims", "ge.dynamicNodeType",
    "ge.exec.frozenInputIndexes", "ge.exec.staticMemoryPolicy", "ge.socVersion", "ge.graph_key",
    "ge.exec.enableDump", "ge.exec.dumpPath", "ge.exec.dumpMode", "ge.deterministic",
    "ge.jit_compile", "ge.exec.disableReuseMemory", "ge.enableSingleStream",
    "stream_sync_timeout", "event_sync_timeout", "ge.oo.constantFolding",
    "ge.oo.deadCodeElimination", "ge.exec.formatMode", "ge.outputDatatype",
};

bool ge_option_is_known(const char *key)
{
    for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
        if (strcmp(known_keys[i], key) == 0)
            return true;
    return false;
}

void ge_options_warn_unknown(const ge_options *options, const char *where)
{
    for (size_t i = 0; i < ge_options_count(options); i++)
        if (!ge_option_is_known(options->keys[i]))
            GE_LOG_WARN("%s: option %s=\"%s\" is not known to geflow; ignored", where, options->keys[i],
                        options->values[i]);
}

#include "ir/name_map.h"

#include "base/alloc.h"
#include "base/error.h"

#include <stdint.h>
#include <string.h>

static const char tombstone_mark;
#define TOMBSTONE (&tombstone_mark)

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

void ir_name_map_init(ir_name_map *m)
{
    memset(m, 0, sizeof *m);
}

void ir_name_map_free(ir_name_map *m)
{
    ge_free(m->slots);
    memset(m, 0, sizeof *m);
}

static ir_name_map_slot *find_slot(const ir_name_map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = hash_str(key) & mask, probes = 0; probes < m->cap; i = (i + 1) & mask, probes++) {
        ir_name_map_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->key != TOMBSTONE && strcmp(s->key, key) == 0)
            return s;
    }
    return NULL;
}

void *ir_name_map_get(const ir_name_map *m, const char *key)
{
    ir_name_map_slot *s = key ? find_slot(m, key) : NULL;
    return s ? s->value : NULL;
}

static ge_status rehash(ir_name_map *m, size_t cap)
{
    ir_name_map_slot *slots = ge_calloc(cap, sizeof *slots);
    if (!slots) {
        ge_error_set("name map: out of memory growing to %zu entries", cap);
        return GE_STATUS_MEMALLOC_FAILED;
    }
    size_t mask = cap - 1;
    for (size_t i = 0; i < m->cap; i++) {
        ir_name_map_slot *s = &m->slots[i];
        if (!s->key || s->key == TOMBSTONE)
            continue;
        size_t j = hash_str(s->key) & mask;
        while (slots[j].key)
            j = (j + 1) & mask;
        slots[j] = *s;
    }
    ge_free(m->slots);
    m->slots = slots;
    m->cap = cap;
    m->used = m->live;
    return GE_STATUS_SUCCESS;
}

ge_status ir_name_map_reserve(ir_name_map *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 16;
    while (cap / 4 * 3 < n + 1)
        cap *= 2;
    if (cap == m->cap && m->used + 1 <= cap / 4 * 3)
        return GE_STATUS_SUCCESS;
    return rehash(m, cap);
}

ge_status ir_name_map_put(ir_name_map *m, const char *key, void *value)
{
    ir_name_map_slot *s = find_slot(m, key);
    if (s) {
        s->value = value;
        return GE_STATUS_SUCCESS;
    }
    if (!m->cap || (m->used + 1) > m->cap / 4 * 3) {
        ge_status st = ir_name_map_reserve(m, m->live + 1);
        if (st != GE_STATUS_SUCCESS)
            return st;
    }
    size_t mask = m->cap - 1;
    size_t i = hash_str(key) & mask;
    while (m->slots[i].key && m->slots[i].key != TOMBSTONE)
        i = (i + 1) & mask;
    if (!m->slots[i].key)
        m->used++;
    m->slots[i].key = key;
    m->slots[i].value = value;
    m->live++;
    return GE_STATUS_SUCCESS;
}

bool ir_name_map_remove(ir_name_map *m, const char *key)
{
    ir_name_map_slot *s = find_slot(m, key);
    if (!s)
        return false;
    s->key = TOMBSTONE;
    s->value = NULL;
    m->live--;
    return true;
}

/* A string -> pointer hash map (open addressing, linear probing) for O(1) name lookup.
 * Keys are not copied: each key must stay valid while its entry is in the map (the IR keys
 * values and nodes by their own name strings). */
#ifndef GEFLOW_IR_NAME_MAP_H
#define GEFLOW_IR_NAME_MAP_H

#include "geflow/ge_status.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ir_name_map_slot {
    const char *key; /* NULL: empty; IR_NAME_MAP_TOMBSTONE: removed */
    void *value;
} ir_name_map_slot;

typedef struct ir_name_map {
    ir_name_map_slot *slots;
    size_t cap;  /* power of two, or 0 */
    size_t used; /* live entries + tombstones */
    size_t live;
} ir_name_map;

void ir_name_map_init(ir_name_map *m);
void ir_name_map_free(ir_name_map *m);
/* NULL when absent. */
void *ir_name_map_get(const ir_name_map *m, const char *key);
/* Inserts or replaces; MEMALLOC_FAILED (map unchanged) when growing fails. */
ge_status ir_name_map_put(ir_name_map *m, const char *key, void *value);
/* Returns whether the key was present. */
bool ir_name_map_remove(ir_name_map *m, const char *key);
/* Grows so that `n` entries fit without rehashing. */
ge_status ir_name_map_reserve(ir_name_map *m, size_t n);

#endif

#include "base/alloc.h"
#include "base/error.h"
#include "ir/graph.h"
#include "ir/name_map.h"
#include "test.h"

#include <stdio.h>

static void test_map_grow_remove(void)
{
    ir_name_map m;
    ir_name_map_init(&m);
    CHECK(ir_name_map_get(&m, "a") == NULL);
    static char keys[2000][12];
    for (int i = 0; i < 2000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        CHECK_EQ(ir_name_map_put(&m, keys[i], &keys[i]), GE_STATUS_SUCCESS);
    }
    CHECK_EQ(m.live, 2000);
    int ok = 1;
    for (int i = 0; i < 2000; i++)
        ok &= ir_name_map_get(&m, keys[i]) == &keys[i];
    CHECK(ok);
    for (int i = 0; i < 2000; i += 2)
        CHECK(ir_name_map_remove(&m, keys[i]));
    CHECK(!ir_name_map_remove(&m, "k0"));
    ok = 1;
    for (int i = 0; i < 2000; i++)
        ok &= ir_name_map_get(&m, keys[i]) == (i % 2 ? &keys[i] : NULL);
    CHECK(ok);
    /* reinsert after tombstones, and replace */
    for (int i = 0; i < 2000; i += 2)
        CHECK_EQ(ir_name_map_put(&m, keys[i], &keys[i]), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_name_map_put(&m, keys[1], &keys[0]), GE_STATUS_SUCCESS);
    CHECK(ir_name_map_get(&m, "k1") == &keys[0]);
    CHECK_EQ(m.live, 2000);
    ir_name_map_free(&m);
}

static void test_attr_copy_lists(void)
{
    long live = ge_alloc_live();
    ir_attr a = {0}, b = {0};
    ir_tensor ts[2];
    ir_shape s;
    ir_shape_make(&s, 1, (int64_t[]){3});
    CHECK_EQ(ir_tensor_alloc(&ts[0], GE_DTYPE_INT32, &s), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_tensor_alloc(&ts[1], GE_DTYPE_FLOAT32, &s), GE_STATUS_SUCCESS);
    ((int32_t *)ts[0].data)[2] = 11;
    a.name = ge_strdup("list");
    a.kind = IR_ATTR_TENSORS;
    a.count = 2;
    a.tensors = ge_calloc(2, sizeof *a.tensors);
    a.tensors[0] = ts[0];
    a.tensors[1] = ts[1];
    CHECK_EQ(ir_attr_copy(&b, &a), GE_STATUS_SUCCESS);
    CHECK(b.kind == IR_ATTR_TENSORS && b.count == 2 && b.tensors[0].data != a.tensors[0].data);
    CHECK(((int32_t *)b.tensors[0].data)[2] == 11);
    ir_attr_clear(&a);
    ir_attr_clear(&b);

    ir_graph *g1 = NULL, *g2 = NULL;
    CHECK_EQ(ir_graph_create("g1", &g1), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_graph_create("g2", &g2), GE_STATUS_SUCCESS);
    a.name = ge_strdup("graphs");
    a.kind = IR_ATTR_GRAPHS;
    a.count = 2;
    a.graphs = ge_calloc(2, sizeof *a.graphs);
    a.graphs[0] = g1;
    a.graphs[1] = g2;
    CHECK_EQ(ir_attr_copy(&b, &a), GE_STATUS_SUCCESS);
    CHECK(b.count == 2 && b.graphs[1] != g2 && strcmp(b.graphs[1]->name, "g2") == 0);
    ir_attr_clear(&b);

    /* GRAPHS attached to a node become subgraphs; the same graph twice is refused */
    ir_graph *g = NULL;
    ir_node *n = NULL;
    CHECK_EQ(ir_graph_create("host", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_graph_add_node(g, "Scan", NULL, "s", NULL, 0, NULL, 0, &n), GE_STATUS_SUCCESS);
    a.graphs[1] = g1;
    CHECK_EQ(ir_node_set_attr(n, &a), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "graphs 0 and 1 are the same graph");
    a.graphs[1] = g2;
    CHECK_EQ(ir_node_set_attr(n, &a), GE_STATUS_SUCCESS);
    CHECK(a.name == NULL); /* taken */
    CHECK(g1->parent == g && g2->parent_node == n);
    ir_graph_destroy(g);

    /* strings with embedded bytes */
    CHECK_EQ(ir_attr_set_string(&a, "s", "a\0b", 3), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_attr_copy(&b, &a), GE_STATUS_SUCCESS);
    CHECK(b.s_len == 3 && memcmp(b.s, "a\0b", 4) == 0);
    ir_attr_clear(&a);
    ir_attr_clear(&b);
    ir_attr_clear(NULL);
    CHECK_EQ(ge_alloc_live(), live);
}

int main(void)
{
    RUN_TEST(test_map_grow_remove);
    RUN_TEST(test_attr_copy_lists);
    return test_result();
}

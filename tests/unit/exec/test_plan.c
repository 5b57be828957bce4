/* Execution plans: constant folding at build time, arena planning, per-shape specialisation. */
#include "compiler/validate.h"
#include "exec/run.h"
#include "geflow/geflow.h"
#include "test.h"

#include <stdlib.h>

/* x[2,3] -> MatMul with W = ConstantOfShape([3,4], 0.5) -> Reshape to Shape(x)[0] x 4 ... */
static ge_graph *folding_graph(void)
{
    ge_graph *g = NULL;
    ge_node *n = NULL;
    CHECK_EQ(ge_graph_create("fold", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){2, 3}, 2, 0), GE_STATUS_SUCCESS);
    int64_t wshape[2] = {3, 4}, idx0 = 0, minus1 = -1;
    CHECK_EQ(ge_graph_add_constant(g, "wshape", GE_DTYPE_INT64, (int64_t[]){2}, 1, wshape, sizeof wshape),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "zero", GE_DTYPE_INT64, NULL, 0, &idx0, sizeof idx0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "m1", GE_DTYPE_INT64, (int64_t[]){1}, 1, &minus1, sizeof minus1),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "ConstantOfShape", NULL, "cos", (const char *[]){"wshape"}, 1,
                               (const char *[]){"W"}, 1, &n), GE_STATUS_SUCCESS);
    float half = 0.5f;
    ge_tensor *v = NULL;
    CHECK_EQ(ge_tensor_wrap(GE_DTYPE_FLOAT32, (int64_t[]){1}, 1, &half, sizeof half, GE_PLACEMENT_HOST, NULL, NULL, &v),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_tensor(n, "value", v), GE_STATUS_SUCCESS);
    ge_tensor_destroy(v);
    CHECK_EQ(ge_graph_add_node(g, "MatMul", NULL, "mm", (const char *[]){"x", "W"}, 2, (const char *[]){"xw"}, 1, NULL),
             GE_STATUS_SUCCESS);
    /* shape arithmetic: [Shape(x)[0], -1] */
    CHECK_EQ(ge_graph_add_node(g, "Shape", NULL, "shape", (const char *[]){"x"}, 1, (const char *[]){"xs"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Gather", NULL, "batch", (const char *[]){"xs", "zero"}, 2, (const char *[]){"b"}, 1,
                               NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Unsqueeze", NULL, "unsq", (const char *[]){"b", "zero"}, 2, (const char *[]){"b1"},
                               1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Concat", NULL, "cat", (const char *[]){"b1", "m1"}, 2, (const char *[]){"newshape"},
                               1, &n), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_int(n, "axis", 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Reshape", NULL, "reshape", (const char *[]){"xw", "newshape"}, 2,
                               (const char *[]){"y"}, 1, NULL), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "W"), GE_STATUS_SUCCESS); /* a folded value as an output */
    return g;
}

static void test_folding(void)
{
    ge_graph *g = folding_graph();
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    exec_plan *p = NULL;
    CHECK_EQ(exec_plan_build(g, NULL, &p), GE_STATUS_SUCCESS);
    CHECK(p->is_static);
    CHECK_EQ(p->n_folded, 5); /* ConstantOfShape, Shape, Gather, Unsqueeze, Concat */
    CHECK_EQ(p->n_steps, 2);  /* MatMul, Reshape */
    float x[6] = {1, 2, 3, 4, 5, 6}, y[8] = {0}, w[12] = {0};
    void *arena = calloc(1, p->arena_size + 64);
    void *ins[] = {x}, *outs[] = {y, w};
    exec_io io = {ins, outs, arena, NULL, NULL};
    CHECK_EQ(exec_run_static(p, &io), GE_STATUS_SUCCESS);
    for (int r = 0; r < 2; r++)
        for (int j = 0; j < 4; j++)
            CHECK(y[r * 4 + j] == 0.5f * (x[r * 3] + x[r * 3 + 1] + x[r * 3 + 2]));
    for (int i = 0; i < 12; i++)
        CHECK(w[i] == 0.5f);
    const exec_slot *ys = &p->slots[p->output_slots[0]];
    CHECK_EQ(ys->shape.rank, 2);
    CHECK_EQ(ys->shape.dims[1], 4);
    free(arena);
    exec_plan_destroy(p);
    ge_graph_destroy(g);
}

/* A dynamic input: one plan per input shape, each static; a data-dependent output is not. */
static void test_specialisation(void)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("dyn", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){-1, 2}, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "Relu", NULL, "r", (const char *[]){"x"}, 1, (const char *[]){"y"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_node(g, "NonZero", NULL, "nz", (const char *[]){"y"}, 1, (const char *[]){"z"}, 1, NULL),
             GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    exec_plan *p = NULL;
    CHECK_EQ(exec_plan_build(g, NULL, &p), GE_STATUS_SUCCESS);
    CHECK(!p->is_static); /* unknown batch */
    exec_plan_destroy(p);
    ir_shape s3;
    ir_shape_make(&s3, 2, (int64_t[]){3, 2});
    CHECK_EQ(exec_plan_build(g, &s3, &p), GE_STATUS_SUCCESS);
    CHECK(!p->is_static); /* NonZero's output size depends on data */
    CHECK(exec_plan_matches(p, 1, &s3));
    exec_plan_destroy(p);
    ge_graph_destroy(g);
}

int main(void)
{
    RUN_TEST(test_folding);
    RUN_TEST(test_specialisation);
    return test_result();
}

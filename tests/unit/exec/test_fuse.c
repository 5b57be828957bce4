/* Step fusion in static plans (exec/fuse.c): Conv + BatchNormalization folding, activations
 * fused into Conv, what must not fuse, and memory lifetimes when a fused step writes a value
 * early. Every fused plan is checked against the reference interpreter (no fusion, double
 * accumulation) on random data. */
#include "compiler/ref_eval.h"
#include "exec/run.h"
#include "geflow/geflow.h"
#include "test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345u;

static float frand(void)
{
    rng = rng * 1664525u + 1013904223u;
    return (float)((rng >> 8) & 0xffff) / 65536.0f - 0.5f;
}

static void add_random_const(ge_graph *g, const char *name, const int64_t *dims, size_t rank, float lo_add)
{
    size_t n = 1;
    for (size_t i = 0; i < rank; i++)
        n *= (size_t)dims[i];
    float *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = frand() + lo_add;
    CHECK_EQ(ge_graph_add_constant(g, name, GE_DTYPE_FLOAT32, dims, rank, v, n * sizeof *v), GE_STATUS_SUCCESS);
    free(v);
}

static void add_node(ge_graph *g, const char *op, const char *name, const char **in, size_t n_in, const char *out,
                     ge_node **node)
{
    CHECK_EQ(ge_graph_add_node(g, op, NULL, name, in, n_in, (const char *[]){out}, 1, node), GE_STATUS_SUCCESS);
}

/* conv(x) with 3x3 pads 1: W[cout,3,3,3], B[cout] */
static void add_conv(ge_graph *g, const char *name, const char *x, const char *out, int64_t cout, bool bias)
{
    char w[64], b[64];
    snprintf(w, sizeof w, "%s_W", name);
    snprintf(b, sizeof b, "%s_B", name);
    add_random_const(g, w, (int64_t[]){cout, 3, 3, 3}, 4, 0.0f);
    if (bias)
        add_random_const(g, b, (int64_t[]){cout}, 1, 0.0f);
    ge_node *n = NULL;
    add_node(g, "Conv", name, (const char *[]){x, w, b}, bias ? 3 : 2, out, &n);
    CHECK_EQ(ge_node_set_attr_ints(n, "pads", (int64_t[]){1, 1, 1, 1}, 4), GE_STATUS_SUCCESS);
}

static void add_bn(ge_graph *g, const char *name, const char *x, const char *out, int64_t c)
{
    const char *parts[] = {"gamma", "beta", "mean", "var"};
    char names[4][64];
    for (int i = 0; i < 4; i++) {
        snprintf(names[i], sizeof names[i], "%s_%s", name, parts[i]);
        add_random_const(g, names[i], (int64_t[]){c}, 1, i == 3 ? 1.0f : 0.0f); /* var > 0 */
    }
    ge_node *n = NULL;
    add_node(g, "BatchNormalization", name, (const char *[]){x, names[0], names[1], names[2], names[3]}, 5, out, &n);
    CHECK_EQ(ge_node_set_attr_float(n, "epsilon", 1e-3f), GE_STATUS_SUCCESS);
}

/* Runs g's static plan and the reference interpreter on the same random input; compares
 * every output. Returns the plan's step and fused counts. */
static void run_and_compare(ge_graph *g, size_t *n_steps, size_t *n_fused)
{
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    exec_plan *p = NULL;
    CHECK_EQ(exec_plan_build(g, NULL, &p), GE_STATUS_SUCCESS);
    CHECK(p->is_static);
    *n_steps = p->n_steps;
    *n_fused = p->n_fused;
    size_t nx = 1 * 3 * 6 * 5;
    float *x = malloc(nx * sizeof *x);
    for (size_t i = 0; i < nx; i++)
        x[i] = 2.0f * frand();
    ir_tensor in = {.dtype = GE_DTYPE_FLOAT32, .data = x, .bytes = nx * sizeof *x};
    ir_shape_make(&in.shape, 4, (int64_t[]){1, 3, 6, 5});
    ir_tensor ref[4];
    memset(ref, 0, sizeof ref);
    CHECK(p->n_outputs <= 4);
    CHECK_EQ(ref_eval_run(g, 1, &in, p->n_outputs, ref), GE_STATUS_SUCCESS);
    void *outs[4] = {0};
    for (size_t i = 0; i < p->n_outputs; i++)
        outs[i] = calloc(1, ref[i].bytes + 4);
    /* poison the arena: a kernel or a lifetime bug that reads stale memory shows up */
    void *arena = malloc(p->arena_size + 64);
    memset(arena, 0x7f, p->arena_size + 64);
    void *ins[] = {x};
    exec_io io = {ins, outs, arena, NULL, NULL};
    CHECK_EQ(exec_run_static(p, &io), GE_STATUS_SUCCESS);
    for (size_t i = 0; i < p->n_outputs; i++) {
        const float *got = outs[i], *want = ref[i].data;
        size_t n = ref[i].bytes / sizeof(float), bad = 0;
        for (size_t k = 0; k < n; k++)
            if (!(fabsf(got[k] - want[k]) <= 1e-4f + 1e-4f * fabsf(want[k])))
                bad++;
        CHECK_EQ(bad, 0);
        free(outs[i]);
        ir_tensor_free_data(&ref[i]);
    }
    free(arena);
    free(x);
    exec_plan_destroy(p);
}

static ge_graph *new_graph(const char *name)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create(name, &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){1, 3, 6, 5}, 4, 0), GE_STATUS_SUCCESS);
    return g;
}

/* Conv -> BN -> Relu becomes one step, with an unrelated branch in between in node order, so
 * the fused step writes r before Neg and Abs run: their arena blocks must not overlap r. */
static void test_conv_bn_relu(void)
{
    for (int bias = 0; bias < 2; bias++) {
        ge_graph *g = new_graph("conv_bn_relu");
        add_conv(g, "conv", "x", "c", 3, bias);
        add_node(g, "Neg", "neg", (const char *[]){"x"}, 1, "n1", NULL);
        add_node(g, "Abs", "abs", (const char *[]){"n1"}, 1, "n2", NULL);
        add_bn(g, "bn", "c", "b", 3);
        add_node(g, "Relu", "relu", (const char *[]){"b"}, 1, "r", NULL);
        add_node(g, "Add", "add", (const char *[]){"r", "n2"}, 2, "y", NULL);
        CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
        size_t steps = 0, fused = 0;
        run_and_compare(g, &steps, &fused);
        CHECK_EQ(fused, 2); /* BN and Relu into the Conv */
        CHECK_EQ(steps, 4); /* Conv, Neg, Abs, Add */
        ge_graph_destroy(g);
    }
}

/* Clip with constant bounds (opset 13 inputs) and LeakyRelu fuse; a second activation after a
 * fused one does not. */
static void test_clip_and_leaky(void)
{
    ge_graph *g = new_graph("clip_leaky");
    float lo = -0.1f, hi = 0.2f;
    CHECK_EQ(ge_graph_add_constant(g, "lo", GE_DTYPE_FLOAT32, NULL, 0, &lo, sizeof lo), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "hi", GE_DTYPE_FLOAT32, NULL, 0, &hi, sizeof hi), GE_STATUS_SUCCESS);
    add_conv(g, "conv1", "x", "c1", 4, true);
    add_node(g, "Clip", "clip", (const char *[]){"c1", "lo", "hi"}, 3, "y1", NULL);
    add_conv(g, "conv2", "x", "c2", 2, true);
    ge_node *n = NULL;
    add_node(g, "LeakyRelu", "leaky", (const char *[]){"c2"}, 1, "l2", &n);
    CHECK_EQ(ge_node_set_attr_float(n, "alpha", 0.25f), GE_STATUS_SUCCESS);
    add_node(g, "Relu", "relu2", (const char *[]){"l2"}, 1, "y2", NULL);
    CHECK_EQ(ge_graph_add_output(g, "y1"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "y2"), GE_STATUS_SUCCESS);
    size_t steps = 0, fused = 0;
    run_and_compare(g, &steps, &fused);
    CHECK_EQ(fused, 2); /* Clip into conv1, LeakyRelu into conv2; Relu stays */
    CHECK_EQ(steps, 3);
    ge_graph_destroy(g);
}

/* Residual blocks: Conv -> BN -> Add(shortcut) -> Relu is one step when the shortcut is
 * computed before the Conv (either Add operand order, Add or Sum); a shortcut computed after
 * the Conv in step order cannot be read by it, so that Add stays. */
static void test_residual_add(void)
{
    ge_graph *g = new_graph("residual");
    add_node(g, "Neg", "shortcut", (const char *[]){"x"}, 1, "s", NULL);
    add_conv(g, "conv1", "x", "c1", 3, true);
    add_bn(g, "bn1", "c1", "b1", 3);
    add_node(g, "Add", "add1", (const char *[]){"s", "b1"}, 2, "a1", NULL);
    add_node(g, "Relu", "relu1", (const char *[]){"a1"}, 1, "y1", NULL);
    add_conv(g, "conv2", "y1", "c2", 3, false);
    add_node(g, "Sum", "sum2", (const char *[]){"c2", "y1"}, 2, "y2", NULL);
    add_conv(g, "conv3", "y2", "c3", 3, true);
    add_node(g, "Abs", "late", (const char *[]){"y2"}, 1, "l", NULL); /* after conv3 */
    add_node(g, "Add", "add3", (const char *[]){"c3", "l"}, 2, "y3", NULL);
    CHECK_EQ(ge_graph_add_output(g, "y3"), GE_STATUS_SUCCESS);
    size_t steps = 0, fused = 0;
    run_and_compare(g, &steps, &fused);
    CHECK_EQ(fused, 4); /* bn1, add1, relu1 into conv1; sum2 into conv2; add3 stays */
    CHECK_EQ(steps, 6); /* Neg, conv1, conv2, conv3, Abs, Add */
    ge_graph_destroy(g);
}

/* Per-channel Mul and Add constants ([C,1,1] or a scalar, either operand order) fold into the
 * Conv before them and into a BatchNormalization; a constant that varies along another axis
 * does not. The BN-Mul-Add-Relu-Conv chain is DenseNet's. */
static void test_channel_affine(void)
{
    ge_graph *g = new_graph("affine");
    add_random_const(g, "m3", (int64_t[]){3, 1, 1}, 3, 1.0f);
    add_random_const(g, "a3", (int64_t[]){1, 3, 1, 1}, 4, 0.0f);
    add_random_const(g, "s1", (int64_t[]){1}, 1, 1.0f);
    add_random_const(g, "w5", (int64_t[]){5}, 1, 1.0f); /* along W: not per channel */
    add_bn(g, "bn0", "x", "b0", 3);
    add_node(g, "Mul", "mul0", (const char *[]){"b0", "m3"}, 2, "m0", NULL);
    add_node(g, "Add", "add0", (const char *[]){"a3", "m0"}, 2, "a0", NULL);
    add_node(g, "Relu", "relu0", (const char *[]){"a0"}, 1, "r0", NULL);
    add_conv(g, "conv1", "r0", "c1", 3, false);
    add_node(g, "Mul", "mul1", (const char *[]){"s1", "c1"}, 2, "m1", NULL);
    add_node(g, "Add", "add1", (const char *[]){"m1", "a3"}, 2, "a1", NULL);
    add_node(g, "Mul", "mul2", (const char *[]){"a1", "w5"}, 2, "y", NULL);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    size_t steps = 0, fused = 0;
    run_and_compare(g, &steps, &fused);
    CHECK_EQ(fused, 5); /* mul0, add0, relu0 into bn0; mul1, add1 into conv1 */
    CHECK_EQ(steps, 3); /* bn0, conv1, mul2 */
    ge_graph_destroy(g);
}

/* BatchNormalization takes a residual Add and an activation like Conv does (pre-activation
 * blocks: BN(x) + shortcut, then Relu or Clip). */
static void test_bn_add_act(void)
{
    ge_graph *g = new_graph("bn_add_act");
    float lo = 0.0f, hi = 0.3f;
    CHECK_EQ(ge_graph_add_constant(g, "lo", GE_DTYPE_FLOAT32, NULL, 0, &lo, sizeof lo), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "hi", GE_DTYPE_FLOAT32, NULL, 0, &hi, sizeof hi), GE_STATUS_SUCCESS);
    add_node(g, "Sigmoid", "shortcut", (const char *[]){"x"}, 1, "s", NULL);
    add_bn(g, "bn", "x", "b", 3);
    add_node(g, "Add", "add", (const char *[]){"b", "s"}, 2, "a", NULL);
    add_node(g, "Clip", "clip", (const char *[]){"a", "lo", "hi"}, 3, "y", NULL);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    size_t steps = 0, fused = 0;
    run_and_compare(g, &steps, &fused);
    CHECK_EQ(fused, 2);
    CHECK_EQ(steps, 2); /* Sigmoid, BN */
    ge_graph_destroy(g);
}

/* A depthwise Conv (group == channels: the kernels' direct path) with BN, a residual Add and
 * Relu fused, strided so the epilogue sees a plane shape that is not the input's. */
static void test_depthwise_fused(void)
{
    ge_graph *g = new_graph("depthwise");
    add_random_const(g, "dw_W", (int64_t[]){3, 1, 3, 3}, 4, 0.0f);
    add_random_const(g, "dw_B", (int64_t[]){3}, 1, 0.0f);
    ge_node *n = NULL;
    add_node(g, "Conv", "dw", (const char *[]){"x", "dw_W", "dw_B"}, 3, "c", &n);
    CHECK_EQ(ge_node_set_attr_int(n, "group", 3), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_ints(n, "pads", (int64_t[]){1, 1, 1, 1}, 4), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_ints(n, "strides", (int64_t[]){2, 2}, 2), GE_STATUS_SUCCESS);
    add_random_const(g, "res", (int64_t[]){1, 3, 3, 3}, 4, 0.0f);
    add_bn(g, "bn", "c", "b", 3);
    add_node(g, "Add", "add", (const char *[]){"b", "res"}, 2, "a", NULL);
    add_node(g, "Relu", "relu", (const char *[]){"a"}, 1, "y", NULL);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    size_t steps = 0, fused = 0;
    run_and_compare(g, &steps, &fused);
    CHECK_EQ(fused, 3);
    CHECK_EQ(steps, 1);
    ge_graph_destroy(g);
}

/* No fusion when the Conv's output is also read elsewhere or is a graph output. */
static void test_no_fusion_when_shared(void)
{
    ge_graph *g = new_graph("shared");
    add_conv(g, "conv1", "x", "c1", 3, true);
    add_node(g, "Relu", "relu1", (const char *[]){"c1"}, 1, "r1", NULL);
    add_node(g, "Sigmoid", "sig", (const char *[]){"c1"}, 1, "s1", NULL); /* second reader of c1 */
    add_conv(g, "conv2", "x", "c2", 3, true);
    add_bn(g, "bn2", "c2", "b2", 3);
    CHECK_EQ(ge_graph_add_output(g, "r1"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "s1"), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "c2"), GE_STATUS_SUCCESS); /* conv2's output is a graph output */
    CHECK_EQ(ge_graph_add_output(g, "b2"), GE_STATUS_SUCCESS);
    size_t steps = 0, fused = 0;
    run_and_compare(g, &steps, &fused);
    CHECK_EQ(fused, 0);
    CHECK_EQ(steps, 5);
    ge_graph_destroy(g);
}

int main(void)
{
    RUN_TEST(test_conv_bn_relu);
    RUN_TEST(test_clip_and_leaky);
    RUN_TEST(test_residual_add);
    RUN_TEST(test_channel_affine);
    RUN_TEST(test_bn_add_act);
    RUN_TEST(test_depthwise_fused);
    RUN_TEST(test_no_fusion_when_shared);
    return test_result();
}

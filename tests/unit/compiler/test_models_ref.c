/* A 3-layer MLP and a small CNN built with the C graph API, validated, and run through the
 * reference kernels (ref_eval), against values computed here with plain loops; then the same
 * graphs through the static plan executor, which must agree with the interpreter. */
#include "compiler/ref_eval.h"
#include "compiler/validate.h"
#include "exec/run.h"
#include "geflow/geflow.h"
#include "test.h"

#include <math.h>
#include <stdlib.h>

static float frand(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (float)((*state >> 8) & 0xffff) / 65536.0f - 0.5f;
}

static void fill(float *v, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        v[i] = frand(&seed);
}

static void node(ge_graph *g, const char *op, const char *name, const char *const *in, size_t n_in, const char *out,
                 ge_node **out_node)
{
    CHECK_EQ(ge_graph_add_node(g, op, NULL, name, in, n_in, (const char *[]){out}, 1, out_node), GE_STATUS_SUCCESS);
}

/* ---- MLP: x[4,8] -> Gemm(8x16)+Relu -> Gemm(16x16)+Relu -> Gemm(16x3) -> Softmax ---- */
enum { MB = 4, MI = 8, MH = 16, MO = 3 };
static float w1[MI * MH], b1[MH], w2[MH * MH], b2[MH], w3[MO * MH], b3[MO];

static ge_graph *build_mlp(void)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("mlp3", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_set_opset(g, "", 17), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){MB, MI}, 2, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "w1", GE_DTYPE_FLOAT32, (int64_t[]){MI, MH}, 2, w1, sizeof w1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "b1", GE_DTYPE_FLOAT32, (int64_t[]){MH}, 1, b1, sizeof b1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "w2", GE_DTYPE_FLOAT32, (int64_t[]){MH, MH}, 2, w2, sizeof w2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "b2", GE_DTYPE_FLOAT32, (int64_t[]){MH}, 1, b2, sizeof b2), GE_STATUS_SUCCESS);
    /* the last layer's weight is stored transposed, as exporters often do (transB=1) */
    CHECK_EQ(ge_graph_add_constant(g, "w3", GE_DTYPE_FLOAT32, (int64_t[]){MO, MH}, 2, w3, sizeof w3), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "b3", GE_DTYPE_FLOAT32, (int64_t[]){MO}, 1, b3, sizeof b3), GE_STATUS_SUCCESS);
    ge_node *n = NULL;
    node(g, "Gemm", "fc1", (const char *[]){"x", "w1", "b1"}, 3, "h1", NULL);
    node(g, "Relu", "relu1", (const char *[]){"h1"}, 1, "a1", NULL);
    node(g, "Gemm", "fc2", (const char *[]){"a1", "w2", "b2"}, 3, "h2", NULL);
    node(g, "Relu", "relu2", (const char *[]){"h2"}, 1, "a2", NULL);
    node(g, "Gemm", "fc3", (const char *[]){"a2", "w3", "b3"}, 3, "logits", &n);
    CHECK_EQ(ge_node_set_attr_int(n, "transB", 1), GE_STATUS_SUCCESS);
    node(g, "Softmax", "softmax", (const char *[]){"logits"}, 1, "probs", &n);
    CHECK_EQ(ge_node_set_attr_int(n, "axis", -1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_output(g, "probs"), GE_STATUS_SUCCESS);
    return g;
}

static void mlp_expected(const float *x, float *probs)
{
    float a1[MB * MH], a2[MB * MH];
    for (int r = 0; r < MB; r++) {
        for (int j = 0; j < MH; j++) {
            double s = b1[j];
            for (int k = 0; k < MI; k++)
                s += (double)x[r * MI + k] * w1[k * MH + j];
            a1[r * MH + j] = s > 0 ? (float)s : 0;
        }
        for (int j = 0; j < MH; j++) {
            double s = b2[j];
            for (int k = 0; k < MH; k++)
                s += (double)a1[r * MH + k] * w2[k * MH + j];
            a2[r * MH + j] = s > 0 ? (float)s : 0;
        }
        double z[MO], zmax = -INFINITY, sum = 0;
        for (int j = 0; j < MO; j++) {
            z[j] = b3[j];
            for (int k = 0; k < MH; k++)
                z[j] += (double)a2[r * MH + k] * w3[j * MH + k];
            zmax = z[j] > zmax ? z[j] : zmax;
        }
        for (int j = 0; j < MO; j++)
            sum += exp(z[j] - zmax);
        for (int j = 0; j < MO; j++)
            probs[r * MO + j] = (float)(exp(z[j] - zmax) / sum);
    }
}

/* ---- CNN: x[1,2,8,8] -> Conv(4,3x3,pad1)+Relu -> MaxPool2x2 -> Conv(4,3x3) -> GAP -> Flatten -> Gemm(4x5) ---- */
enum { CI = 2, CH = 8, C1 = 4, C2 = 4, CO = 5 };
static float k1[C1 * CI * 9], kb1[C1], k2[C2 * C1 * 9], kb2[C2], fw[C2 * CO], fb[CO];

static ge_graph *build_cnn(void)
{
    ge_graph *g = NULL;
    CHECK_EQ(ge_graph_create("cnn", &g), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_set_opset(g, "", 13), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){1, CI, CH, CH}, 4, 0), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "k1", GE_DTYPE_FLOAT32, (int64_t[]){C1, CI, 3, 3}, 4, k1, sizeof k1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "kb1", GE_DTYPE_FLOAT32, (int64_t[]){C1}, 1, kb1, sizeof kb1), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "k2", GE_DTYPE_FLOAT32, (int64_t[]){C2, C1, 3, 3}, 4, k2, sizeof k2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "kb2", GE_DTYPE_FLOAT32, (int64_t[]){C2}, 1, kb2, sizeof kb2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "fw", GE_DTYPE_FLOAT32, (int64_t[]){C2, CO}, 2, fw, sizeof fw), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_graph_add_constant(g, "fb", GE_DTYPE_FLOAT32, (int64_t[]){CO}, 1, fb, sizeof fb), GE_STATUS_SUCCESS);
    ge_node *n = NULL;
    node(g, "Conv", "conv1", (const char *[]){"x", "k1", "kb1"}, 3, "c1", &n);
    CHECK_EQ(ge_node_set_attr_ints(n, "pads", (int64_t[]){1, 1, 1, 1}, 4), GE_STATUS_SUCCESS);
    node(g, "Relu", "relu", (const char *[]){"c1"}, 1, "r1", NULL);
    node(g, "MaxPool", "pool", (const char *[]){"r1"}, 1, "p1", &n);
    CHECK_EQ(ge_node_set_attr_ints(n, "kernel_shape", (int64_t[]){2, 2}, 2), GE_STATUS_SUCCESS);
    CHECK_EQ(ge_node_set_attr_ints(n, "strides", (int64_t[]){2, 2}, 2), GE_STATUS_SUCCESS);
    node(g, "Conv", "conv2", (const char *[]){"p1", "k2", "kb2"}, 3, "c2", NULL);
    node(g, "GlobalAveragePool", "gap", (const char *[]){"c2"}, 1, "g1", NULL);
    node(g, "Flatten", "flat", (const char *[]){"g1"}, 1, "f1", NULL);
    node(g, "Gemm", "fc", (const char *[]){"f1", "fw", "fb"}, 3, "y", NULL);
    CHECK_EQ(ge_graph_add_output(g, "y"), GE_STATUS_SUCCESS);
    return g;
}

static void conv3x3(const float *in, int cin, int h, int w, const float *k, const float *b, int cout, int pad,
                    float *out, int *oh, int *ow)
{
    *oh = h + 2 * pad - 2;
    *ow = w + 2 * pad - 2;
    for (int o = 0; o < cout; o++)
        for (int y = 0; y < *oh; y++)
            for (int x = 0; x < *ow; x++) {
                double s = b[o];
                for (int c = 0; c < cin; c++)
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++) {
                            int yy = y + i - pad, xx = x + j - pad;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w)
                                s += (double)in[(c * h + yy) * w + xx] * k[((o * cin + c) * 3 + i) * 3 + j];
                        }
                out[(o * *oh + y) * *ow + x] = (float)s;
            }
}

static void cnn_expected(const float *x, float *y)
{
    float c1[C1 * CH * CH], p1[C1 * 4 * 4], c2[C2 * 2 * 2];
    int oh, ow;
    conv3x3(x, CI, CH, CH, k1, kb1, C1, 1, c1, &oh, &ow);
    for (int i = 0; i < C1 * CH * CH; i++)
        c1[i] = c1[i] > 0 ? c1[i] : 0;
    for (int c = 0; c < C1; c++)
        for (int py = 0; py < 4; py++)
            for (int px = 0; px < 4; px++) {
                float m = -INFINITY;
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 2; j++) {
                        float v = c1[(c * CH + py * 2 + i) * CH + px * 2 + j];
                        m = v > m ? v : m;
                    }
                p1[(c * 4 + py) * 4 + px] = m;
            }
    conv3x3(p1, C1, 4, 4, k2, kb2, C2, 0, c2, &oh, &ow);
    float gap[C2];
    for (int c = 0; c < C2; c++)
        gap[c] = (c2[c * 4] + c2[c * 4 + 1] + c2[c * 4 + 2] + c2[c * 4 + 3]) / 4;
    for (int j = 0; j < CO; j++) {
        double s = fb[j];
        for (int c = 0; c < C2; c++)
            s += (double)gap[c] * fw[c * CO + j];
        y[j] = (float)s;
    }
}

static bool close_all(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fabsf(a[i] - b[i]) > 1e-5f + 1e-4f * fabsf(b[i])) {
            fprintf(stderr, "  element %zu: %.7g vs %.7g\n", i, a[i], b[i]);
            return false;
        }
    return true;
}

/* Runs g on one float input both ways and compares with `want`. */
static void run_both(ge_graph *g, float *x, int64_t *xdims, size_t xrank, const float *want, size_t n_out)
{
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_SUCCESS);
    ir_tensor in = {.dtype = GE_DTYPE_FLOAT32, .data = x};
    ir_shape_make(&in.shape, xrank, xdims);
    ir_tensor_byte_size(in.dtype, &in.shape, &in.bytes);
    ir_tensor out = {0};
    CHECK_EQ(ref_eval_run(g, 1, &in, 1, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(ir_tensor_numel(&out), (int64_t)n_out);
    CHECK(close_all(out.data, want, n_out));

    exec_plan *p = NULL;
    CHECK_EQ(exec_plan_build(g, NULL, &p), GE_STATUS_SUCCESS);
    CHECK(p->is_static);
    float *y = calloc(n_out, sizeof *y);
    void *arena = calloc(1, p->arena_size + 64);
    void *ins[] = {x}, *outs[] = {y};
    exec_io io = {ins, outs, arena, NULL, NULL};
    CHECK_EQ(exec_run_static(p, &io), GE_STATUS_SUCCESS);
    /* the plan packs weights once and fuses activations, so sums may associate differently */
    CHECK(close_all(y, out.data, n_out));
    free(y);
    free(arena);
    exec_plan_destroy(p);
    ir_tensor_free_data(&out);
}

static void test_mlp(void)
{
    fill(w1, MI * MH, 1);
    fill(b1, MH, 2);
    fill(w2, MH * MH, 3);
    fill(b2, MH, 4);
    fill(w3, MO * MH, 5);
    fill(b3, MO, 6);
    float x[MB * MI], want[MB * MO];
    fill(x, MB * MI, 7);
    mlp_expected(x, want);
    ge_graph *g = build_mlp();
    run_both(g, x, (int64_t[]){MB, MI}, 2, want, MB * MO);
    int64_t dims[4];
    int32_t rank = 0;
    CHECK_EQ(ge_graph_get_value_shape(g, "probs", dims, 4, &rank), GE_STATUS_SUCCESS);
    CHECK_EQ(rank, 2);
    CHECK_EQ(dims[1], MO);
    ge_graph_destroy(g);
}

static void test_cnn(void)
{
    fill(k1, sizeof k1 / 4, 11);
    fill(kb1, C1, 12);
    fill(k2, sizeof k2 / 4, 13);
    fill(kb2, C2, 14);
    fill(fw, C2 * CO, 15);
    fill(fb, CO, 16);
    float x[CI * CH * CH], want[CO];
    fill(x, CI * CH * CH, 17);
    cnn_expected(x, want);
    ge_graph *g = build_cnn();
    run_both(g, x, (int64_t[]){1, CI, CH, CH}, 4, want, CO);
    ge_graph_destroy(g);
}

int main(void)
{
    RUN_TEST(test_mlp);
    RUN_TEST(test_cnn);
    return test_result();
}

/* Builds a small CNN with the C graph API and writes it as ONNX (ge_graph_save_onnx):
 *
 *   x[1,3,32,32] -> Conv 3->8 3x3 pad 1 -> Relu -> MaxPool 2x2 -> Conv 8->16 3x3 pad 1 -> Relu
 *     -> GlobalAveragePool -> Flatten -> Gemm 16->10 -> Softmax -> probs[1,10]
 *
 * Weights are deterministic (a fixed-seed generator, He-style scaling), so every build writes
 * the same model. `make run` runs the result with `geflow run build/demo_cnn.onnx --repeat 20`.
 *
 *   usage: demo_model OUT.onnx */
#include <geflow/geflow.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != GE_STATUS_SUCCESS) {                                                 \
            fprintf(stderr, "demo_model: %s failed: %s\n", #call, ge_get_error_message()); \
            return 1;                                                                      \
        }                                                                                  \
    } while (0)

static uint64_t rng = 0x5eed5eedULL;

/* Uniform in [-scale, scale), from a fixed LCG. */
static float next_weight(float scale)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return scale * ((float)(rng >> 40) / (float)(1 << 24) * 2.0f - 1.0f);
}

static int add_param(ge_graph *g, const char *name, const int64_t *dims, size_t rank, float scale)
{
    size_t n = 1;
    for (size_t i = 0; i < rank; i++)
        n *= (size_t)dims[i];
    float *w = malloc(n * sizeof *w);
    if (!w)
        return 1;
    for (size_t i = 0; i < n; i++)
        w[i] = next_weight(scale);
    ge_status st = ge_graph_add_constant(g, name, GE_DTYPE_FLOAT32, dims, rank, w, n * sizeof *w);
    free(w);
    if (st != GE_STATUS_SUCCESS)
        fprintf(stderr, "demo_model: constant %s: %s\n", name, ge_get_error_message());
    return st != GE_STATUS_SUCCESS;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUT.onnx\n", argv[0]);
        return 2;
    }
    ge_graph *g = NULL;
    ge_node *n = NULL;
    TRY(ge_graph_create("demo_cnn", &g));
    TRY(ge_graph_set_opset(g, "", 17));
    TRY(ge_graph_add_input(g, "x", GE_DTYPE_FLOAT32, (int64_t[]){1, 3, 32, 32}, 4, 0));
    if (add_param(g, "conv1.w", (int64_t[]){8, 3, 3, 3}, 4, sqrtf(6.0f / 27)) ||
        add_param(g, "conv1.b", (int64_t[]){8}, 1, 0.1f) ||
        add_param(g, "conv2.w", (int64_t[]){16, 8, 3, 3}, 4, sqrtf(6.0f / 72)) ||
        add_param(g, "conv2.b", (int64_t[]){16}, 1, 0.1f) ||
        add_param(g, "fc.w", (int64_t[]){10, 16}, 2, sqrtf(6.0f / 16)) || add_param(g, "fc.b", (int64_t[]){10}, 1, 0.1f))
        return 1;
    const int64_t k3[] = {3, 3}, pad1[] = {1, 1, 1, 1}, k2[] = {2, 2};
    TRY(ge_graph_add_node(g, "Conv", NULL, "conv1", (const char *[]){"x", "conv1.w", "conv1.b"}, 3,
                          (const char *[]){"c1"}, 1, &n));
    TRY(ge_node_set_attr_ints(n, "kernel_shape", k3, 2));
    TRY(ge_node_set_attr_ints(n, "pads", pad1, 4));
    TRY(ge_graph_add_node(g, "Relu", NULL, "relu1", (const char *[]){"c1"}, 1, (const char *[]){"r1"}, 1, NULL));
    TRY(ge_graph_add_node(g, "MaxPool", NULL, "pool1", (const char *[]){"r1"}, 1, (const char *[]){"p1"}, 1, &n));
    TRY(ge_node_set_attr_ints(n, "kernel_shape", k2, 2));
    TRY(ge_node_set_attr_ints(n, "strides", k2, 2));
    TRY(ge_graph_add_node(g, "Conv", NULL, "conv2", (const char *[]){"p1", "conv2.w", "conv2.b"}, 3,
                          (const char *[]){"c2"}, 1, &n));
    TRY(ge_node_set_attr_ints(n, "kernel_shape", k3, 2));
    TRY(ge_node_set_attr_ints(n, "pads", pad1, 4));
    TRY(ge_graph_add_node(g, "Relu", NULL, "relu2", (const char *[]){"c2"}, 1, (const char *[]){"r2"}, 1, NULL));
    TRY(ge_graph_add_node(g, "GlobalAveragePool", NULL, "gap", (const char *[]){"r2"}, 1, (const char *[]){"gap"}, 1,
                          NULL));
    TRY(ge_graph_add_node(g, "Flatten", NULL, "flatten", (const char *[]){"gap"}, 1, (const char *[]){"flat"}, 1, &n));
    TRY(ge_node_set_attr_int(n, "axis", 1));
    TRY(ge_graph_add_node(g, "Gemm", NULL, "fc", (const char *[]){"flat", "fc.w", "fc.b"}, 3, (const char *[]){"logits"},
                          1, &n));
    TRY(ge_node_set_attr_int(n, "transB", 1));
    TRY(ge_graph_add_node(g, "Softmax", NULL, "softmax", (const char *[]){"logits"}, 1, (const char *[]){"probs"}, 1, &n));
    TRY(ge_node_set_attr_int(n, "axis", 1));
    TRY(ge_graph_add_output(g, "probs"));
    TRY(ge_graph_validate(g));
    TRY(ge_graph_save_onnx(g, argv[1]));
    printf("demo_model: wrote %s (Conv-Relu-MaxPool-Conv-Relu-GlobalAveragePool-Flatten-Gemm-Softmax, 1x3x32x32 -> 1x10)\n",
           argv[1]);
    ge_graph_destroy(g);
    return 0;
}

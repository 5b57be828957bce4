/* float32 elementwise / BatchNormalization / Softmax kernels: the fast paths (src/kernels/eltwise.c)
 * against the reference kernels, one thread, ns per output element (median of 21 runs).
 *
 * Reference columns: for the unary and binary ops, the generic reference kernel on the same
 * float32 tensors (ew_unary_run / ew_binary_run with the same scalar element function the ops
 * registered before the fast paths); for Sum, BatchNormalization and Softmax, whose float32
 * reference no longer runs, the op on float64 tensors (the same reference code, the dtype
 * switch taking its double case). Tensors are 1x64x56x56 (784 KiB of float32, L2-resident)
 * unless named otherwise. Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not wall
 * time: the machine is shared, and a wall clock mostly measured the other tenants. */
#include "bench_util.h"
#include "ops/eltwise_util.h"
#include "ops/ew_f32.h"
#include "ops/op_util.h"

#include <math.h>
#include <string.h>

#define RUNS 21

static double cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double f_relu(double x, const ew_params *p) { (void)p; return x > 0 ? x : (x == x ? 0.0 : x); }
static double f_sigmoid(double x, const ew_params *p)
{
    (void)p;
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}
static double f_tanh(double x, const ew_params *p) { (void)p; return tanh(x); }
static double f_exp(double x, const ew_params *p) { (void)p; return exp(x); }
static double f_gelu(double x, const ew_params *p) { (void)p; return 0.5 * x * (1.0 + erf(x / sqrt(2.0))); }
static double f_add(double a, double b, const ew_params *p) { (void)p; return a + b; }
static double f_mul(double a, double b, const ew_params *p) { (void)p; return a * b; }

typedef struct tensor_spec {
    int rank;
    int64_t dims[4];
} tensor_spec;

static ir_tensor make(ge_dtype dt, const tensor_spec *s, unsigned seed)
{
    ir_tensor t = {0};
    ir_shape sh;
    ir_shape_make(&sh, (size_t)s->rank, s->dims);
    if (ir_tensor_alloc(&t, dt, &sh) != GE_STATUS_SUCCESS)
        exit(1);
    size_t n = (size_t)ir_tensor_numel(&t);
    srand(seed);
    for (size_t i = 0; i < n; i++)
        op_store_f64(t.data, dt, i, (double)rand() / RAND_MAX * 8.0 - 4.0);
    return t;
}

typedef struct bcase {
    const char *label;
    const char *op;
    int opset;
    int n_in;
    tensor_spec in[5];
    tensor_spec out;
    const ew_unary_fns *ufns;  /* reference on float32 through ew_unary_run */
    const ew_binary_fns *bfns; /* ... through ew_binary_run */
} bcase;

static const ew_unary_fns u_relu = {f_relu, NULL, NULL}, u_sigmoid = {f_sigmoid, NULL, NULL},
                          u_tanh = {f_tanh, NULL, NULL}, u_exp = {f_exp, NULL, NULL}, u_gelu = {f_gelu, NULL, NULL};
static const ew_binary_fns b_add = {f_add, NULL, NULL}, b_mul = {f_mul, NULL, NULL};

#define ACT {4, {1, 64, 56, 56}}
#define CH {3, {64, 1, 1}}
#define VEC {1, {64}}

static const bcase cases[] = {
    {"Relu", "Relu", 14, 1, {ACT}, ACT, &u_relu, NULL},
    {"Sigmoid", "Sigmoid", 13, 1, {ACT}, ACT, &u_sigmoid, NULL},
    {"Tanh", "Tanh", 13, 1, {ACT}, ACT, &u_tanh, NULL},
    {"Exp", "Exp", 13, 1, {ACT}, ACT, &u_exp, NULL},
    {"Gelu", "Gelu", 20, 1, {ACT}, ACT, &u_gelu, NULL},
    {"Add same shape", "Add", 14, 2, {ACT, ACT}, ACT, NULL, &b_add},
    {"Add [1,64,56,56] + [64,1,1]", "Add", 14, 2, {ACT, CH}, ACT, NULL, &b_add},
    {"Mul by a scalar", "Mul", 14, 2, {ACT, {0, {0}}}, ACT, NULL, &b_mul},
    {"Add [3136,64] + [64]", "Add", 14, 2, {{2, {3136, 64}}, VEC}, {2, {3136, 64}}, NULL, &b_add},
    {"Sum of 2 (float64 ref.)", "Sum", 13, 2, {ACT, ACT}, ACT, NULL, NULL},
    {"BatchNormalization (float64 ref.)", "BatchNormalization", 15, 5, {ACT, VEC, VEC, VEC, VEC}, ACT, NULL, NULL},
    {"Softmax [196,1024] (float64 ref.)", "Softmax", 13, 1, {{2, {196, 1024}}}, {2, {196, 1024}}, NULL, NULL},
};

typedef enum { RUN_FAST, RUN_REF_F32, RUN_REF_F64 } run_kind;

static double time_case(const bcase *c, run_kind kind)
{
    ge_dtype dt = kind == RUN_REF_F64 ? GE_DTYPE_FLOAT64 : GE_DTYPE_FLOAT32;
    ir_tensor in[5], out;
    for (int k = 0; k < c->n_in; k++) {
        in[k] = make(dt, &c->in[k], 7u + (unsigned)k);
        if (k == 4) /* BatchNormalization var > 0 */
            for (int64_t i = 0; i < ir_tensor_numel(&in[k]); i++)
                op_store_f64(in[k].data, dt, (size_t)i, fabs(op_load_f64(in[k].data, dt, (size_t)i)) + 0.1);
    }
    out = make(dt, &c->out, 99u);
    const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, c->op, c->opset);
    if (!s)
        exit(1);
    op_kernel_ctx kc = {.node = {.name = "bench", .schema = s, .opset = c->opset}, .n_inputs = (size_t)c->n_in,
                        .inputs = in, .n_outputs = 1, .outputs = &out};
    ew_params p = {.dtype = dt};
    double t[RUNS];
    for (int r = -2; r < RUNS; r++) {
        double t0 = cpu_us();
        ge_status st;
        if (kind == RUN_REF_F32 && c->ufns)
            st = ew_unary_run(&kc, c->ufns, &p);
        else if (kind == RUN_REF_F32)
            st = ew_binary_run(&kc, c->bfns, &p);
        else
            st = s->kernel(&kc);
        double t1 = cpu_us();
        if (st != GE_STATUS_SUCCESS) {
            fprintf(stderr, "%s: %s\n", c->label, ge_error_take());
            exit(1);
        }
        if (r >= 0)
            t[r] = t1 - t0;
    }
    double ns = median(t, RUNS) * 1e3 / (double)ir_tensor_numel(&out);
    for (int k = 0; k < c->n_in; k++)
        ir_tensor_free_data(&in[k]);
    ir_tensor_free_data(&out);
    return ns;
}

int main(void)
{
    printf("eltwise: float32 fast paths (per ISA) vs reference kernels, 1 thread, CPU ns/element (median of %d)\n",
           RUNS);
    printf("  %-36s %10s", "op", "reference");
    for (int isa = 0; isa < KERN_ISA_COUNT; isa++)
        if (kern_isa_supported((kern_isa)isa))
            printf(" %10s", kern_isa_name((kern_isa)isa));
    printf(" %9s\n", "speedup");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bcase *c = &cases[i];
        double ref = time_case(c, c->ufns || c->bfns ? RUN_REF_F32 : RUN_REF_F64), fast = 0.0;
        printf("  %-36s %10.3f", c->label, ref);
        for (int isa = 0; isa < KERN_ISA_COUNT; isa++) {
            if (!kern_isa_supported((kern_isa)isa))
                continue;
            kern_ew_set_isa(isa);
            fast = time_case(c, RUN_FAST);
            printf(" %10.3f", fast);
        }
        kern_ew_set_isa(-1);
        printf(" %8.1fx\n", ref / fast); /* reference / the best ISA */
    }
    return 0;
}

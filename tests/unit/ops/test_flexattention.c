/* FlexAttention (ai.onnx.preview 1): the kernel against numpy (gen/gen_flexattention.py) for
 * multi-head, GQA, scale, softmax_precision, float16 and double; modifier subgraphs through
 * real graphs (validated, run by the reference interpreter); inference and its errors. */
#include "geflow/geflow.h"
#include "base/alloc.h"
#include "compiler/ref_eval.h"
#include "ir/graph.h"
#include "unit/ops/data/flexattention_cases.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32
#define PREVIEW "ai.onnx.preview"
#define OK(call) CHECK_EQ((call), GE_STATUS_SUCCESS)
#define NAMES(...) (const char *[]){__VA_ARGS__}, sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)

static bool flex_check(const ir_attr *at, size_t na, const ir_tensor *in, ge_dtype want_dt, const float *exp,
                       size_t n, double tol)
{
    ir_tensor o[1];
    ge_status st = op_test_run_domain(PREVIEW, "FlexAttention", 1, at, na, in, 3, o, 1);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  FlexAttention failed: %s\n", ge_error_take());
        return false;
    }
    bool ok = o[0].dtype == want_dt;
    if (!ok)
        fprintf(stderr, "  output dtype %s, expected %s\n", ge_dtype_name(o[0].dtype), ge_dtype_name(want_dt));
    ok = op_test_close(&o[0], exp, n, tol, tol) && ok;
    ir_tensor_free_data(&o[0]);
    return ok;
}

static ge_status flex_infer(const ir_attr *at, size_t na, const ir_tensor *in, op_value *out)
{
    return op_test_infer_domain(PREVIEW, "FlexAttention", 1, at, na, in, 3, out, 1, false);
}

static void test_flex_kernel(void)
{
    /* multi-head, L 3 != S 5, head sizes 4 (Q/K) and 3 (V), default scale 1/2 */
    ir_tensor in1[3] = {NN_F32(fa1_q), NN_F32(fa1_k), NN_F32(fa1_v)};
    CHECK(flex_check(NULL, 0, in1, F, fa1_y, NN_COUNT(fa1_y), 1e-5));
    /* GQA: 4 query heads over 2 K/V heads, batch 2, scale 0.7 */
    ir_tensor in2[3] = {NN_F32(fa2_q), NN_F32(fa2_k), NN_F32(fa2_v)};
    ir_attr sc[] = {op_test_attr_float("scale", 0.7f)};
    CHECK(flex_check(sc, 1, in2, F, fa2_y, NN_COUNT(fa2_y), 1e-5));
    /* softmax_precision float16 on float32 inputs: each step rounds to float16 (the float32
     * result differs by up to 2.5e-3); output stays float32 (V's dtype) */
    ir_tensor in3[3] = {NN_F32(fa3_q), NN_F32(fa3_k), NN_F32(fa3_v)};
    ir_attr sp16[] = {op_test_attr_int("softmax_precision", 10)};
    CHECK(flex_check(sp16, 1, in3, F, fa3_y, NN_COUNT(fa3_y), 1e-4));
    double most = 0;
    for (size_t i = 0; i < NN_COUNT(fa3_y); i++)
        most = fmax(most, fabs((double)fa3_y[i] - fa3_y32[i]));
    CHECK(most > 1e-3); /* the float16 rounding matters at this tolerance */
    ir_attr sp32[] = {op_test_attr_int("softmax_precision", 1)};
    CHECK(flex_check(sp32, 1, in3, F, fa3_y32, NN_COUNT(fa3_y32), 1e-5));
    /* float16 inputs: float32 inside, Y float16 */
    ir_tensor f4[3] = {NN_F32(fa4_q), NN_F32(fa4_k), NN_F32(fa4_v)};
    ir_tensor h4[3] = {nn_convert(&f4[0], GE_DTYPE_FLOAT16), nn_convert(&f4[1], GE_DTYPE_FLOAT16),
                       nn_convert(&f4[2], GE_DTYPE_FLOAT16)};
    CHECK(flex_check(NULL, 0, h4, GE_DTYPE_FLOAT16, fa4_y, NN_COUNT(fa4_y), 1e-3));
    /* V of another float type than Q/K (T2): Y takes V's dtype */
    ir_tensor mix[3] = {f4[0], f4[1], h4[2]};
    CHECK(flex_check(NULL, 0, mix, GE_DTYPE_FLOAT16, fa4_y, NN_COUNT(fa4_y), 1e-3));
    nn_free_all(h4, 3);
    /* double: computed in double */
    ir_tensor d5[3] = {NN_ARR(GE_DTYPE_FLOAT64, fa5_q), NN_ARR(GE_DTYPE_FLOAT64, fa5_k),
                       NN_ARR(GE_DTYPE_FLOAT64, fa5_v)};
    ir_tensor o[1];
    OK(op_test_run_domain(PREVIEW, "FlexAttention", 1, NULL, 0, d5, 3, o, 1));
    CHECK_EQ(o[0].dtype, GE_DTYPE_FLOAT64);
    CHECK_EQ(ir_tensor_numel(&o[0]), (int64_t)NN_COUNT(fa5_y));
    for (size_t i = 0; i < NN_COUNT(fa5_y) && o[0].data; i++)
        CHECK(fabs(((const double *)o[0].data)[i] - fa5_y[i]) <= 1e-12);
    ir_tensor_free_data(&o[0]);
}

/* main(Q, K, V) -> FlexAttention[score_mod?, prob_mod?] -> Y. score_mod: Add(scores, bias)
 * with a constant (1, 1, 3, 3) bias; prob_mod: Mul(probs, 0.5); cap: soft capping. */
enum { MOD_BIAS = 1, MOD_HALF = 2, MOD_CAP = 4 };

/* A modifier body with its one input (dims unknown). */
static ge_graph *body_graph(const char *name, const char *in, ge_dtype dt)
{
    ge_graph *b = NULL;
    OK(ge_graph_create(name, &b));
    OK(ge_graph_add_input(b, in, dt, (int64_t[]){-1, -1, -1, -1}, 4, 0));
    return b;
}

static ge_graph *build_flex(int mods, ge_dtype body_dt, ge_graph **out_score, ge_graph **out_prob)
{
    ge_graph *g = NULL;
    OK(ge_graph_create("main", &g));
    OK(ge_graph_add_input(g, "Q", F, fa6_q_dims, fa6_q_rank, 0));
    OK(ge_graph_add_input(g, "K", F, fa6_k_dims, fa6_k_rank, 1));
    OK(ge_graph_add_input(g, "V", F, fa6_v_dims, fa6_v_rank, 2));
    ge_node *n = NULL;
    OK(ge_graph_add_node(g, "FlexAttention", PREVIEW, "flex", NAMES("Q", "K", "V"), NAMES("Y"), &n));
    OK(ge_graph_add_output(g, "Y"));
    ge_graph *sm = NULL, *pm = NULL;
    if (mods & MOD_BIAS) {
        sm = body_graph("score_bias", "scores", body_dt);
        OK(ge_graph_add_constant(sm, "bias", F, fa6_bias_dims, fa6_bias_rank, fa6_bias, sizeof fa6_bias));
        OK(ge_graph_add_node(sm, "Add", NULL, "add_bias", NAMES("scores", "bias"), NAMES("scores_out"), NULL));
        OK(ge_graph_add_output(sm, "scores_out"));
    } else if (mods & MOD_CAP) {
        sm = body_graph("soft_cap", "scores", body_dt);
        float cap = 0.5f;
        OK(ge_graph_add_constant(sm, "cap", F, NULL, 0, &cap, sizeof cap));
        OK(ge_graph_add_node(sm, "Div", NULL, "cap_div", NAMES("scores", "cap"), NAMES("scaled"), NULL));
        OK(ge_graph_add_node(sm, "Tanh", NULL, "cap_tanh", NAMES("scaled"), NAMES("t"), NULL));
        OK(ge_graph_add_node(sm, "Mul", NULL, "cap_mul", NAMES("t", "cap"), NAMES("scores_out"), NULL));
        OK(ge_graph_add_output(sm, "scores_out"));
    }
    if (mods & MOD_HALF) {
        pm = body_graph("prob_half", "probs", body_dt);
        float half = 0.5f;
        OK(ge_graph_add_constant(pm, "half", F, NULL, 0, &half, sizeof half));
        OK(ge_graph_add_node(pm, "Mul", NULL, "halve", NAMES("probs", "half"), NAMES("probs_out"), NULL));
        OK(ge_graph_add_output(pm, "probs_out"));
    }
    if (sm)
        OK(ge_node_set_attr_graph(n, "score_mod", sm));
    if (pm)
        OK(ge_node_set_attr_graph(n, "prob_mod", pm));
    if (out_score)
        *out_score = sm;
    if (out_prob)
        *out_prob = pm;
    return g;
}

static bool run_flex_graph(ge_graph *g, const float *exp, size_t n)
{
    ir_tensor in[3] = {NN_F32(fa6_q), NN_F32(fa6_k), NN_F32(fa6_v)};
    ir_tensor out;
    long live = ge_alloc_live();
    ge_status st = ref_eval_run(g, 3, in, 1, &out);
    if (st != GE_STATUS_SUCCESS) {
        fprintf(stderr, "  run failed: %s\n", ge_error_take());
        return false;
    }
    bool ok = op_test_close(&out, exp, n, 1e-5, 1e-5);
    ir_tensor_free_data(&out);
    return ok && ge_alloc_live() == live;
}

static void test_flex_subgraphs(void)
{
    /* score_mod (bias with -inf: a wholly masked row gives NaN) and prob_mod together */
    ge_graph *g = build_flex(MOD_BIAS | MOD_HALF, F, NULL, NULL);
    OK(ge_graph_validate(g));
    int64_t dims[4];
    int32_t r = 0;
    OK(ge_graph_get_value_shape(g, "Y", dims, 4, &r));
    CHECK_EQ(r, 4);
    CHECK(dims[0] == 1 && dims[1] == 2 && dims[2] == 3 && dims[3] == 2);
    CHECK(run_flex_graph(g, fa6_y, NN_COUNT(fa6_y)));
    ge_graph_destroy(g);

    /* soft capping (a three-node score_mod) */
    g = build_flex(MOD_CAP, F, NULL, NULL);
    OK(ge_graph_validate(g));
    CHECK(run_flex_graph(g, fa6_cap_y, NN_COUNT(fa6_cap_y)));
    ge_graph_destroy(g);

    /* untyped modifier inputs (as ONNX allows in a subgraph) take the softmax precision */
    ge_graph *sm = NULL, *pm = NULL;
    g = build_flex(MOD_BIAS | MOD_HALF, F, &sm, &pm);
    sm->inputs[0]->dtype = GE_DTYPE_UNDEFINED;
    pm->inputs[0]->dtype = GE_DTYPE_UNDEFINED;
    OK(ge_graph_validate(g));
    CHECK_EQ(sm->inputs[0]->dtype, GE_DTYPE_FLOAT32);
    CHECK_EQ(pm->inputs[0]->dtype, GE_DTYPE_FLOAT32);
    CHECK(run_flex_graph(g, fa6_y, NN_COUNT(fa6_y)));
    ge_graph_destroy(g);

    /* a modifier declared in another precision than the softmax precision */
    g = build_flex(0, F, NULL, NULL);
    ge_node *n = NULL;
    OK(ge_graph_find_node(g, "flex", &n));
    ge_graph *pd = body_graph("prob_double", "probs", GE_DTYPE_FLOAT64);
    OK(ge_graph_add_output(pd, "probs"));
    OK(ge_node_set_attr_graph(n, "prob_mod", pd));
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "node 'flex': attribute 'prob_mod' (graph 'prob_double'): input 'probs' has "
                                           "dtype float64; expected float32 (the softmax precision)");
    ge_graph_destroy(g);

    /* a modifier with two inputs */
    g = build_flex(MOD_HALF, F, NULL, &pm);
    OK(ge_graph_add_input(pm, "extra", F, NULL, 0, 1));
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "attribute 'prob_mod' (graph 'prob_half') has 2 inputs and 1 outputs");
    ge_graph_destroy(g);

    /* a modifier that changes the shape: caught by inference (static bias of another shape) */
    g = build_flex(0, F, NULL, NULL);
    OK(ge_graph_find_node(g, "flex", &n));
    ge_graph *bad = NULL;
    OK(ge_graph_create("shrink", &bad));
    OK(ge_graph_add_input(bad, "s", F, (int64_t[]){1, 2, 3, 3}, 4, 0));
    int64_t starts = 0, ends = 1, axes = 3;
    OK(ge_graph_add_constant(bad, "st", GE_DTYPE_INT64, (int64_t[]){1}, 1, &starts, sizeof starts));
    OK(ge_graph_add_constant(bad, "en", GE_DTYPE_INT64, (int64_t[]){1}, 1, &ends, sizeof ends));
    OK(ge_graph_add_constant(bad, "ax", GE_DTYPE_INT64, (int64_t[]){1}, 1, &axes, sizeof axes));
    OK(ge_graph_add_node(bad, "Slice", NULL, "cut", NAMES("s", "st", "en", "ax"), NAMES("s_out"), NULL));
    OK(ge_graph_add_output(bad, "s_out"));
    OK(ge_node_set_attr_graph(n, "score_mod", bad));
    CHECK_EQ(ge_graph_validate(g), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_get_error_message(), "attribute 'score_mod' (graph 'shrink'): output 's_out' has shape [1,2,3,1]");
    ge_graph_destroy(g);

    /* run_subgraph missing (the kernel called outside an executor) */
    ge_graph *half = body_graph("h", "p", F);
    OK(ge_graph_add_output(half, "p"));
    ir_attr ga = {.name = "prob_mod", .kind = IR_ATTR_GRAPH, .g = half};
    ir_tensor in1[3] = {NN_F32(fa1_q), NN_F32(fa1_k), NN_F32(fa1_v)};
    ir_tensor o[1];
    CHECK_EQ(op_test_run_domain(PREVIEW, "FlexAttention", 1, &ga, 1, in1, 3, o, 1), GE_STATUS_GRAPH_UNSUPPORTED);
    CHECK_CONTAINS(ge_error_take(), "run_subgraph is NULL");
    ge_graph_destroy(half);
}

static void test_flex_infer(void)
{
    op_value out[1];
    /* shapes with unknown dims: batch from K, heads from Q, Ev from V */
    ir_tensor u[3] = {nn_shape_only(F, 4, (int64_t[]){-1, 8, 5, 16}), nn_shape_only(F, 4, (int64_t[]){3, 2, -1, 16}),
                      nn_shape_only(GE_DTYPE_FLOAT16, 4, (int64_t[]){-1, -1, 7, 32})};
    OK(flex_infer(NULL, 0, u, out));
    CHECK_EQ(out[0].dtype, GE_DTYPE_FLOAT16);
    ir_shape want;
    ir_shape_make(&want, 4, (int64_t[]){3, 8, 5, 32});
    CHECK(ir_shape_equal(&out[0].shape, &want));
    /* unknown ranks: rank 4 of unknown dims */
    ir_tensor ur[3] = {nn_shape_only(F, -1, NULL), nn_shape_only(F, -1, NULL), nn_shape_only(F, -1, NULL)};
    OK(flex_infer(NULL, 0, ur, out));
    ir_shape_make(&want, 4, (int64_t[]){-1, -1, -1, -1});
    CHECK(ir_shape_equal(&out[0].shape, &want));

    struct {
        int64_t q[4], k[4], v[4];
        const char *msg;
    } bad[] = {
        {{2, 4, 8, 16}, {3, 4, 6, 16}, {2, 4, 6, 16}, "batch size of K (input 1, dim 0) is 3; expected 2"},
        {{2, 4, 8, 16}, {2, 4, 6, 16}, {1, 4, 6, 16}, "batch size of V (input 2, dim 0) is 1; expected 2"},
        {{2, 4, 8, 16}, {2, 4, 6, 8}, {2, 4, 6, 16}, "head size of K (input 1, dim 3) is 8; expected 16"},
        {{2, 4, 8, 16}, {2, 2, 6, 16}, {2, 4, 6, 16}, "head count of V (input 2, dim 1) is 4; expected 2"},
        {{2, 4, 8, 16}, {2, 4, 6, 16}, {2, 4, 5, 16}, "sequence length of V (input 2, dim 2) is 5; expected 6"},
        {{2, 6, 8, 16}, {2, 4, 6, 16}, {2, 4, 6, 16},
         "q_num_heads 6 (Q, input 0, dim 1) is not a multiple of kv_num_heads 4 (K, input 1, dim 1)"},
        {{2, 6, 8, 16}, {2, 0, 6, 16}, {2, 0, 6, 16}, "K (input 1) has 0 heads"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
        ir_tensor b[3] = {nn_shape_only(F, 4, bad[c].q), nn_shape_only(F, 4, bad[c].k), nn_shape_only(F, 4, bad[c].v)};
        CHECK_EQ(flex_infer(NULL, 0, b, out), GE_STATUS_PARAM_INVALID);
        CHECK_CONTAINS(ge_error_take(), bad[c].msg);
    }
    /* rank 3 */
    ir_tensor r3[3] = {nn_shape_only(F, 3, (int64_t[]){2, 8, 16}), u[1], u[2]};
    CHECK_EQ(flex_infer(NULL, 0, r3, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "FlexAttention node 'test_node': input 0 (Q) has rank 3 (shape [2,8,16]); expected 4");
    /* K of another dtype than Q; integer V */
    ir_tensor kd[3] = {u[0], nn_shape_only(GE_DTYPE_FLOAT64, 4, (int64_t[]){3, 2, -1, 16}), u[2]};
    CHECK_EQ(flex_infer(NULL, 0, kd, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 1 (K) has dtype float64; expected float32 (Q and K share type T1)");
    ir_tensor vi[3] = {u[0], u[1], nn_shape_only(GE_DTYPE_INT32, 4, (int64_t[]){-1, -1, 7, 32})};
    CHECK_EQ(flex_infer(NULL, 0, vi, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 2 has dtype int32");
    /* softmax_precision not a float type */
    ir_attr sp[] = {op_test_attr_int("softmax_precision", 7)};
    CHECK_EQ(flex_infer(sp, 1, u, out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "attribute 'softmax_precision' is 7; expected a float type");
    /* the kernel re-checks the actual shapes */
    ir_tensor in1[3] = {NN_F32(fa1_q), NN_F32(fa1_k), NN_F32(fa2_v)};
    ir_tensor o[1];
    CHECK_EQ(op_test_run_domain(PREVIEW, "FlexAttention", 1, NULL, 0, in1, 3, o, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "batch size of V (input 2, dim 0) is 2; expected 1");
    /* the op lives in ai.onnx.preview only */
    CHECK(op_registry_find(PREVIEW, "FlexAttention", 1) != NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "FlexAttention", 26) == NULL);
    CHECK(op_registry_find(PREVIEW, "FlexAttention", 2) == NULL);
}

int main(void)
{
    RUN_TEST(test_flex_kernel);
    RUN_TEST(test_flex_subgraphs);
    RUN_TEST(test_flex_infer);
    return test_result();
}

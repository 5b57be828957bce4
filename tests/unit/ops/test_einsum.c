#include "unit/ops/data/extra_einsum.h"
#include "unit/ops/nn_test.h"

#define F GE_DTYPE_FLOAT32

static bool es_run(const char *eq, const ir_tensor *in, size_t n, const float *exp, size_t cnt)
{
    ir_attr at[] = {op_test_attr_string("equation", eq)};
    bool ok = nn_run_check("Einsum", 12, at, 1, in, n, 1, 0, exp, cnt, 1e-5, 1e-5);
    if (!ok)
        fprintf(stderr, "  equation %s\n", eq);
    return ok;
}

static bool es_shape(const char *eq, const ir_tensor *in, size_t n, int rank, const int64_t *dims)
{
    ir_attr at[] = {op_test_attr_string("equation", eq)};
    return nn_infer_shape("Einsum", 12, at, 1, in, n, 1, 0, rank, dims);
}

static ge_status es_fail(const char *eq, const ir_tensor *in, size_t n)
{
    ir_attr at[] = {op_test_attr_string("equation", eq)};
    op_value out[1];
    return op_test_infer("Einsum", 12, at, 1, in, n, out, 1, false);
}

static void test_einsum(void)
{
    ir_tensor a = NN_F32(es_a), b = NN_F32(es_b), c = NN_F32(es_c), d = NN_F32(es_d), e = NN_F32(es_e);
    ir_tensor ab[2] = {a, b}, db[2] = {d, b}, abe[3] = {a, b, e};
    CHECK(es_run("bij,bjk->bik", ab, 2, es_bmm, NN_COUNT(es_bmm)));
    CHECK(es_run("bij, bjk -> bik", ab, 2, es_bmm, NN_COUNT(es_bmm)));
    CHECK(es_run("...ij,...jk", db, 2, es_ell, NN_COUNT(es_ell)));
    CHECK(es_run("ii->i", &c, 1, es_diag, NN_COUNT(es_diag)));
    CHECK(es_run("ii", &c, 1, es_trace, NN_COUNT(es_trace)));
    CHECK(es_run("bij->", &a, 1, es_sum, NN_COUNT(es_sum)));
    CHECK(es_run("kji", &a, 1, es_tr, NN_COUNT(es_tr)));
    CHECK(es_run("bij,bjk,kl->bil", abe, 3, es_chain, NN_COUNT(es_chain)));
    CHECK(es_run("Bij->jB", &a, 1, es_upper, NN_COUNT(es_upper)));
    float cc[18];
    for (int i = 0; i < 9; i++)
        cc[i] = es_c[i], cc[9 + i] = 2 * es_c[i];
    ir_tensor c2 = op_test_tensor(F, 3, (int64_t[]){2, 3, 3}, cc);
    CHECK(es_run("bii->bi", &c2, 1, es_bdiag, NN_COUNT(es_bdiag)));
    ir_tensor ii[2] = {NN_ARR(GE_DTYPE_INT64, es_ia), NN_ARR(GE_DTYPE_INT64, es_ib)};
    ir_attr at[] = {op_test_attr_string("equation", "ij,j->i")};
    ir_tensor o[1];
    CHECK_EQ(op_test_run("Einsum", 12, at, 1, ii, 2, o, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&o[0], es_iy, NN_COUNT(es_iy)));
    nn_free_all(o, 1);
    ir_tensor h[2] = {nn_convert(&a, GE_DTYPE_FLOAT16), nn_convert(&b, GE_DTYPE_FLOAT16)};
    ir_attr bm[] = {op_test_attr_string("equation", "bij,bjk->bik")};
    CHECK(nn_run_check("Einsum", 12, bm, 1, h, 2, 1, 0, es_bmm, NN_COUNT(es_bmm), 1e-2, 1e-2));
    nn_free_all(h, 2);

    /* inference */
    CHECK(es_shape("...ij,...jk", db, 2, 3, (int64_t[]){2, 3, 5}));
    ir_tensor u[2] = {nn_shape_only(F, 3, (int64_t[]){-1, 3, -1}), nn_shape_only(F, -2, NULL)};
    CHECK(es_shape("bij,bjk->bki", u, 2, 3, (int64_t[]){-1, -1, 3}));
    CHECK(es_shape("...ij,...jk->...ik", u, 2, -2, NULL));
    ir_tensor v[2] = {nn_shape_only(F, 4, (int64_t[]){7, 1, 3, 4}), nn_shape_only(F, 3, (int64_t[]){5, 4, 2})};
    CHECK(es_shape("...ij,...jk->...ik", v, 2, 4, (int64_t[]){7, 5, 3, 2}));
    /* errors */
    CHECK_EQ(es_fail("bij,bjk->bik", &a, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "2 input terms");
    CHECK_EQ(es_fail("ij->i", &a, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "rank 3");
    CHECK_EQ(es_fail("bij,bkj->bik", ab, 2), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "label 'j' has size");
    CHECK_EQ(es_fail("bij->bz", &a, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "no input has");
    CHECK_EQ(es_fail("bij->bii", &a, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "repeats a label");
    CHECK_EQ(es_fail("b1j->b", &a, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'1'");
    CHECK_EQ(es_fail("..i.->i", &a, 1), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "ellipsis");
    ir_tensor bad[2] = {nn_shape_only(F, 3, (int64_t[]){2, 3, 4}), nn_shape_only(F, 3, (int64_t[]){3, 4, 5})};
    CHECK_EQ(es_fail("...ij,...jk", bad, 2), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "does not broadcast");
    op_value out[1];
    CHECK_EQ(op_test_infer("Einsum", 12, NULL, 0, &a, 1, out, 1, false), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "'equation' is missing");
}

int main(void)
{
    RUN_TEST(test_einsum);
    return test_result();
}

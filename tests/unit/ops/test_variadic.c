/* Min Max Sum Mean (variadic, broadcasting) and Where. */
#include "ew_test.h"

#include "data/ew_variadic_cases.h"

static void test_generated(void)
{
    EW_RUN_CASES(ew_variadic_cases);
}

static void test_infer(void)
{
    op_value out;
    ir_tensor in[4] = {ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 2, (int64_t[]){3, 1}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 3, (int64_t[]){2, 1, 1}),
                       ew_shape_only(GE_DTYPE_FLOAT32, 0, NULL)};
    CHECK_EQ(ew_infer("Sum", 13, NULL, 0, in, 4, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 3, (int64_t[]){2, 3, 4}));
    in[1] = ew_shape_only(GE_DTYPE_FLOAT32, 2, (int64_t[]){-1, 1});
    CHECK_EQ(ew_infer("Max", 13, NULL, 0, in, 4, &out), GE_STATUS_SUCCESS);
    CHECK(ew_shape_is(&out.shape, 3, (int64_t[]){2, -1, 4}));
    in[2] = ew_shape_only(GE_DTYPE_FLOAT32, 1, (int64_t[]){5});
    CHECK_EQ(ew_infer("Min", 13, NULL, 0, in, 4, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "do not broadcast");
    in[2] = ew_shape_only(GE_DTYPE_FLOAT16, 1, (int64_t[]){4});
    CHECK_EQ(ew_infer("Mean", 13, NULL, 0, in, 4, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 2 has dtype float16; expected float32");
    CHECK_EQ(ew_infer("Sum", 13, NULL, 0, in, 0, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "has 0 inputs");
    /* Sum on ints is not in the spec; Max on ints is from opset 12 */
    ir_tensor i[2] = {ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){4}), ew_shape_only(GE_DTYPE_INT32, 1, (int64_t[]){4})};
    CHECK_EQ(ew_infer("Sum", 13, NULL, 0, i, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
    CHECK_EQ(ew_infer("Max", 11, NULL, 0, i, 2, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "int32");
    CHECK_EQ(ew_infer("Max", 12, NULL, 0, i, 2, &out), GE_STATUS_SUCCESS);
}

static void test_where_infer(void)
{
    op_value out;
    ir_tensor in[3] = {ew_shape_only(GE_DTYPE_BOOL, 2, (int64_t[]){2, 1}),
                       ew_shape_only(GE_DTYPE_INT64, 1, (int64_t[]){3}),
                       ew_shape_only(GE_DTYPE_INT64, 3, (int64_t[]){4, 1, 1})};
    CHECK_EQ(ew_infer("Where", 16, NULL, 0, in, 3, &out), GE_STATUS_SUCCESS);
    CHECK_EQ(out.dtype, GE_DTYPE_INT64);
    CHECK(ew_shape_is(&out.shape, 3, (int64_t[]){4, 2, 3}));
    in[0].dtype = GE_DTYPE_INT32;
    CHECK_EQ(ew_infer("Where", 16, NULL, 0, in, 3, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 0 (condition) has dtype int32; expected one of bool");
    in[0].dtype = GE_DTYPE_BOOL;
    in[2].dtype = GE_DTYPE_INT32;
    CHECK_EQ(ew_infer("Where", 16, NULL, 0, in, 3, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "input 2 (Y) has dtype int32; expected int64 (the dtype of X)");
    in[1].dtype = in[2].dtype = GE_DTYPE_BFLOAT16;
    CHECK_EQ(ew_infer("Where", 15, NULL, 0, in, 3, &out), GE_STATUS_PARAM_INVALID);
    CHECK_CONTAINS(ge_error_take(), "bfloat16");
    CHECK_EQ(ew_infer("Where", 16, NULL, 0, in, 3, &out), GE_STATUS_SUCCESS);
}

static void test_where_strings(void)
{
    uint8_t c[] = {1, 0, 1};
    char *x[] = {"yes"};
    char *y[] = {"a", "b", "c"};
    ir_tensor in[3] = {op_test_tensor(GE_DTYPE_BOOL, 1, (int64_t[]){3}, c),
                       op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){1}, x),
                       op_test_tensor(GE_DTYPE_STRING, 1, (int64_t[]){3}, y)},
              z;
    CHECK_EQ(op_test_run("Where", 9, NULL, 0, in, 3, &z, 1), GE_STATUS_SUCCESS);
    char **r = z.data;
    CHECK(strcmp(r[0], "yes") == 0 && strcmp(r[1], "b") == 0 && strcmp(r[2], "yes") == 0);
    ir_tensor_free_data(&z);
}

static void test_int64_exact(void)
{
    int64_t a[] = {INT64_MAX - 1, 3};
    int64_t b[] = {INT64_MAX, -5};
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){2}, a),
                       op_test_tensor(GE_DTYPE_INT64, 1, (int64_t[]){2}, b)},
              y;
    CHECK_EQ(op_test_run("Max", 13, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){INT64_MAX, 3}, 2));
    ir_tensor_free_data(&y);
    CHECK_EQ(op_test_run("Min", 13, NULL, 0, in, 2, &y, 1), GE_STATUS_SUCCESS);
    CHECK(op_test_equal_i64(&y, (int64_t[]){INT64_MAX - 1, -5}, 2));
    ir_tensor_free_data(&y);
}

static void test_alloc_failure(void)
{
    /* float64 takes the reference path, which accumulates aside; float32 (ew_f32.c) needs no
     * memory of its own */
    double a[4] = {1, 2, 3, 4};
    ir_tensor in[2] = {op_test_tensor(GE_DTYPE_FLOAT64, 1, (int64_t[]){4}, a),
                       op_test_tensor(GE_DTYPE_FLOAT64, 1, (int64_t[]){4}, a)},
              y;
    ir_shape s;
    ir_shape_make(&s, 1, (int64_t[]){4});
    CHECK_EQ(ir_tensor_alloc(&y, GE_DTYPE_FLOAT64, &s), GE_STATUS_SUCCESS);
    const op_schema *sc = op_registry_find(OP_DOMAIN_ONNX, "Sum", 13);
    op_kernel_ctx kc = {.node = {.name = "s", .schema = sc, .opset = 13}, .n_inputs = 2, .inputs = in,
                        .n_outputs = 1, .outputs = &y};
    ge_alloc_fail_after(0);
    ge_status st = sc->kernel(&kc);
    ge_alloc_fail_after(-1);
    CHECK_EQ(st, GE_STATUS_MEMALLOC_FAILED);
    CHECK_CONTAINS(ge_error_take(), "Sum node 's': no memory");
    CHECK_EQ(sc->kernel(&kc), GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){2, 4, 6, 8}, 4, 0, 0));
    ir_tensor_free_data(&y);

    float f[4] = {1, 2, 3, 4};
    ir_tensor fin[2] = {op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, f),
                        op_test_tensor(GE_DTYPE_FLOAT32, 1, (int64_t[]){4}, f)};
    CHECK_EQ(ir_tensor_alloc(&y, GE_DTYPE_FLOAT32, &s), GE_STATUS_SUCCESS);
    kc.inputs = fin;
    ge_alloc_fail_after(0);
    st = sc->kernel(&kc);
    ge_alloc_fail_after(-1);
    CHECK_EQ(st, GE_STATUS_SUCCESS);
    CHECK(op_test_close(&y, (float[]){2, 4, 6, 8}, 4, 0, 0));
    ir_tensor_free_data(&y);
}

int main(void)
{
    RUN_TEST(test_generated);
    RUN_TEST(test_infer);
    RUN_TEST(test_where_infer);
    RUN_TEST(test_where_strings);
    RUN_TEST(test_int64_exact);
    RUN_TEST(test_alloc_failure);
    return test_result();
}

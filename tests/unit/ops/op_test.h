/* Running one op the way the executor will: inference on the actual inputs (their contents
 * visible as known values), output allocation, then the reference kernel. Attribute and
 * tensor builders point at caller storage (nothing to free but the outputs). */
#ifndef GEFLOW_TESTS_OP_TEST_H
#define GEFLOW_TESTS_OP_TEST_H

#include "ops/op_util.h"
#include "test.h"

#include <math.h>

#define OP_TEST_MAX_IO 16

static inline ir_attr op_test_attr_int(const char *name, int64_t v)
{
    ir_attr a = {.name = (char *)name, .kind = IR_ATTR_INT, .i = v};
    return a;
}

static inline ir_attr op_test_attr_float(const char *name, float v)
{
    ir_attr a = {.name = (char *)name, .kind = IR_ATTR_FLOAT, .f = v};
    return a;
}

static inline ir_attr op_test_attr_string(const char *name, const char *v)
{
    ir_attr a = {.name = (char *)name, .kind = IR_ATTR_STRING, .s = (char *)v, .s_len = strlen(v)};
    return a;
}

static inline ir_attr op_test_attr_ints(const char *name, size_t n, const int64_t *v)
{
    ir_attr a = {.name = (char *)name, .kind = IR_ATTR_INTS, .count = n, .ints = (int64_t *)v};
    return a;
}

static inline ir_attr op_test_attr_floats(const char *name, size_t n, const float *v)
{
    ir_attr a = {.name = (char *)name, .kind = IR_ATTR_FLOATS, .count = n, .floats = (float *)v};
    return a;
}

/* A view over caller data (not owned). rank 0 = scalar. */
static inline ir_tensor op_test_tensor(ge_dtype dt, size_t rank, const int64_t *dims, const void *data)
{
    ir_tensor t = {.dtype = dt, .data = (void *)data};
    ir_shape_make(&t.shape, rank, dims);
    size_t bytes = 0;
    ir_tensor_byte_size(dt, &t.shape, &bytes);
    t.bytes = bytes;
    return t;
}

/* An absent optional input. */
static inline ir_tensor op_test_absent(void)
{
    ir_tensor t = {.dtype = GE_DTYPE_UNDEFINED};
    return t;
}

/* Inference only: fills out[] (n_out entries) from input shapes/dtypes. If `with_values`,
 * inputs' contents are visible to inference (as constants would be). The _domain forms take
 * the op's domain (the plain forms: ai.onnx). */
static inline ge_status op_test_infer_domain(const char *domain, const char *type, int opset, const ir_attr *attrs,
                                             size_t n_attrs, const ir_tensor *inputs, size_t n_in, op_value *out,
                                             size_t n_out, bool with_values)
{
    const op_schema *s = op_registry_find(domain, type, opset);
    if (!s) {
        ge_error_set("no schema for %s opset %d of domain '%s'", type, opset, domain ? domain : "");
        return GE_STATUS_GRAPH_UNSUPPORTED;
    }
    op_value in[OP_TEST_MAX_IO];
    for (size_t i = 0; i < n_in; i++) {
        in[i].present = inputs[i].dtype != GE_DTYPE_UNDEFINED;
        in[i].dtype = inputs[i].dtype;
        in[i].shape = inputs[i].shape;
        in[i].value = (with_values && in[i].present && inputs[i].data) ? &inputs[i] : NULL;
    }
    memset(out, 0, sizeof *out * n_out);
    op_infer_ctx ic = {.node = {.name = "test_node", .schema = s, .opset = opset, .attrs = attrs,
                                .n_attrs = n_attrs},
                       .n_inputs = n_in, .inputs = in, .n_outputs = n_out, .outputs = out};
    return s->infer(&ic);
}

static inline ge_status op_test_infer(const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                                      const ir_tensor *inputs, size_t n_in, op_value *out, size_t n_out,
                                      bool with_values)
{
    return op_test_infer_domain(OP_DOMAIN_ONNX, type, opset, attrs, n_attrs, inputs, n_in, out, n_out, with_values);
}

/* Inference with values, allocation, kernel. On success the caller frees outputs with
 * ir_tensor_free_data. */
static inline ge_status op_test_run_domain(const char *domain, const char *type, int opset, const ir_attr *attrs,
                                           size_t n_attrs, const ir_tensor *inputs, size_t n_in, ir_tensor *outputs,
                                           size_t n_out)
{
    op_value out[OP_TEST_MAX_IO];
    memset(outputs, 0, sizeof *outputs * n_out);
    ge_status st = op_test_infer_domain(domain, type, opset, attrs, n_attrs, inputs, n_in, out, n_out, true);
    if (st != GE_STATUS_SUCCESS)
        return st;
    const op_schema *s = op_registry_find(domain, type, opset);
    for (size_t i = 0; i < n_out; i++) {
        outputs[i].dtype = out[i].dtype;
        outputs[i].shape = out[i].shape;
        if (out[i].present && ir_shape_is_static(&out[i].shape)) {
            st = ir_tensor_alloc(&outputs[i], out[i].dtype, &out[i].shape);
            if (st != GE_STATUS_SUCCESS)
                return st;
        }
    }
    op_kernel_ctx kc = {.node = {.name = "test_node", .schema = s, .opset = opset, .attrs = attrs,
                                 .n_attrs = n_attrs},
                        .n_inputs = n_in, .inputs = inputs, .n_outputs = n_out, .outputs = outputs};
    st = s->kernel(&kc);
    if (st != GE_STATUS_SUCCESS)
        for (size_t i = 0; i < n_out; i++)
            ir_tensor_free_data(&outputs[i]);
    return st;
}

static inline ge_status op_test_run(const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                                    const ir_tensor *inputs, size_t n_in, ir_tensor *outputs, size_t n_out)
{
    return op_test_run_domain(OP_DOMAIN_ONNX, type, opset, attrs, n_attrs, inputs, n_in, outputs, n_out);
}

/* Compares a float tensor with expected values: |a-e| <= atol + rtol*|e|, NaNs equal. */
static inline bool op_test_close(const ir_tensor *t, const float *expected, size_t n, double rtol, double atol)
{
    if (ir_tensor_numel(t) != (int64_t)n) {
        fprintf(stderr, "  element count %lld, expected %zu\n", (long long)ir_tensor_numel(t), n);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        double a = op_load_f64(t->data, t->dtype, i), e = expected[i];
        if (isnan(e) && isnan(a))
            continue;
        if (isinf(e) && a == e)
            continue;
        if (!(fabs(a - e) <= atol + rtol * fabs(e))) {
            fprintf(stderr, "  element %zu: got %.9g, expected %.9g\n", i, a, e);
            return false;
        }
    }
    return true;
}

/* Compares an integer/bool tensor exactly. */
static inline bool op_test_equal_i64(const ir_tensor *t, const int64_t *expected, size_t n)
{
    if (ir_tensor_numel(t) != (int64_t)n) {
        fprintf(stderr, "  element count %lld, expected %zu\n", (long long)ir_tensor_numel(t), n);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (op_load_i64(t->data, t->dtype, i) != expected[i]) {
            fprintf(stderr, "  element %zu: got %lld, expected %lld\n", i,
                    (long long)op_load_i64(t->data, t->dtype, i), (long long)expected[i]);
            return false;
        }
    return true;
}

#endif

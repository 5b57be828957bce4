/* The elementwise schemas: no gaps or overlaps in opset ranges, every entry complete. */
#include "op_test.h"

static const char *const ops[] = {
    "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Reciprocal", "Neg", "Abs", "Exp", "Log", "Erf", "Tanh",
    "Sigmoid", "HardSigmoid", "HardSwish", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Gelu", "Softplus",
    "Softsign", "Clip", "Min", "Max", "Sum", "Mean", "Floor", "Ceil", "Round", "Sign", "Not", "And", "Or", "Xor",
    "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Where", "IsNaN", "IsInf", "Cast", "CastLike",
    "Mod", "BitShift", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh",
    "Celu", "ThresholdedRelu", "Shrink",
};

static void test_ranges(void)
{
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        int first = 0;
        for (int v = 1; v <= OP_ONNX_OPSET_MAX; v++) {
            const op_schema *s = op_registry_find(OP_DOMAIN_ONNX, ops[k], v);
            if (s && !first)
                first = v;
            if (first && !s) {
                fprintf(stderr, "  %s: gap at opset %d\n", ops[k], v);
                CHECK(0);
            }
        }
        CHECK(first > 0);
        CHECK(op_registry_find(OP_DOMAIN_ONNX, ops[k], OP_ONNX_OPSET_MAX) != NULL);
        int count = 0;
        for (size_t i = 0; i < op_registry_count(); i++) {
            const op_schema *s = op_registry_at(i);
            if (strcmp(s->type, ops[k]) != 0)
                continue;
            count++;
            CHECK(s->since_opset <= s->last_opset);
            CHECK(s->infer != NULL && s->kernel != NULL && s->dtypes != 0);
            CHECK(s->min_inputs >= 1 && s->min_outputs == 1);
            for (int v = s->since_opset; v <= s->last_opset; v++)
                if (op_registry_find(OP_DOMAIN_ONNX, ops[k], v) != s) {
                    fprintf(stderr, "  %s: overlapping entries at opset %d\n", ops[k], v);
                    CHECK(0);
                }
        }
        CHECK(count >= 1);
    }
    /* the core ops cover opset 7 onwards */
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Add", 1) != NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Cast", 6) != NULL);
    CHECK(op_registry_find(OP_DOMAIN_ONNX, "Where", 9) != NULL);
}

int main(void)
{
    RUN_TEST(test_ranges);
    return test_result();
}

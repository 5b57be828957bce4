/* Identity family: ops whose output is their input unchanged (the pattern other families
 * follow: attribute table, inference, reference kernel, schema entries). */
#include "base/alloc.h"
#include "ops/op_util.h"

#include <string.h>

static ge_status identity_kernel(op_kernel_ctx *ctx)
{
    const ir_tensor *x = &ctx->inputs[0];
    ir_tensor *y = &ctx->outputs[0];
    if (y->bytes != x->bytes)
        return op_fail(&ctx->node, GE_STATUS_INTERNAL_ERROR, "output holds %zu bytes, input %zu",
                       y->bytes, x->bytes);
    if (x->dtype == GE_DTYPE_STRING) {
        /* Strings are owned per element: copy them. */
        ir_tensor copy;
        ge_status st = ir_tensor_clone(&copy, x);
        if (st != GE_STATUS_SUCCESS)
            return st;
        /* The output takes the cloned strings; only the pointer array is released. */
        memcpy(y->data, copy.data, x->bytes);
        ge_free(copy.data);
        return GE_STATUS_SUCCESS;
    }
    if (x->bytes && y->data != x->data)
        memcpy(y->data, x->data, x->bytes);
    return GE_STATUS_SUCCESS;
}

const op_schema op_family_identity[] = {
    {"Identity", OP_DOMAIN_ONNX, 1, OP_ONNX_OPSET_MAX, 1, 1, 1, 1, NULL,
     GE_DTS_ALL | GE_DT(GE_DTYPE_STRING), op_infer_same_as_input0, identity_kernel},
    OP_SCHEMA_END,
};

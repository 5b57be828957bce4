/* Helpers shared by the quantization, loss, scatter, signal and misc families: running another
 * registered op on tensors (ops defined through others: ConvInteger through Conv, MatMulInteger
 * through MatMul), ONNX dtype numbers with clear refusals for types geflow lacks, and small
 * rounding helpers. */
#ifndef GEFLOW_OPS_XOP_UTIL_H
#define GEFLOW_OPS_XOP_UTIL_H

#include "ops/op_util.h"

/* Inference of the registered op (type, opset) on `in`; messages name the parent node. */
ge_status xo_infer(const op_node_info *parent, const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                   const op_value *in, size_t n_in, op_value *out, size_t n_out);
/* Inference with the tensors as known values, allocation of out[0..n_out), kernel. On success
 * the caller frees the outputs (ir_tensor_free_data); on failure nothing is left allocated. */
ge_status xo_run(const op_kernel_ctx *parent, const char *type, int opset, const ir_attr *attrs, size_t n_attrs,
                 const ir_tensor *in, size_t n_in, ir_tensor *out, size_t n_out);

/* Maps an ONNX TensorProto.DataType number to a ge_dtype in `allowed`; otherwise fails naming
 * `what` ("attribute 'output_dtype'") and the ONNX type (types geflow lacks: float8, int4, ...
 * are refused as such). */
ge_status xo_onnx_dtype(const op_node_info *node, const char *what, int64_t onnx, ge_dtype_set allowed,
                        ge_dtype *out);
/* ONNX's name of a TensorProto.DataType number ("FLOAT8E4M3FN"); "?" when unknown. */
const char *xo_onnx_dtype_name(int64_t onnx);

/* v rounded to the precision of dt (float32 / float16 / bfloat16; other dtypes: unchanged). */
double xo_round_to(ge_dtype dt, double v);
/* Round half to even. */
double xo_rint(double v);
/* The representable range of an integer dtype. */
void xo_int_range(ge_dtype dt, double *lo, double *hi);

/* Whole tensor as doubles / int64 (one allocation, message on failure; free with ge_free). */
double *xo_load_f64(const op_node_info *node, const ir_tensor *t);
int64_t *xo_load_i64(const op_node_info *node, const ir_tensor *t);

/* A tensor of doubles over caller storage (shape copied). */
ir_tensor xo_view_f64(const ir_shape *shape, double *data);

/* Checks that every attribute the node gives that the schema declares has the declared kind
 * (INT accepted for FLOAT) and that required attributes are present. */
ge_status xo_check_attrs(const op_node_info *node);

#define XO_TRY(expr)                                                                       \
    do {                                                                                   \
        ge_status xo_st_ = (expr);                                                         \
        if (xo_st_ != GE_STATUS_SUCCESS)                                                   \
            return xo_st_;                                                                 \
    } while (0)

#endif

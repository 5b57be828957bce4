/* Step fusion for static plans: rewrites the step list so fewer passes go over memory.
 *
 *   Conv -> BatchNormalization (inference, constant parameters)  =>  Conv with folded weights
 *       W' = W * s, B' = (B - mean) * s + beta, s = gamma / sqrt(var + eps), per output channel
 *   Conv or BatchNormalization -> Mul / Add by a per-channel constant  =>  folded into the
 *       Conv's weights and bias or BatchNormalization's scale and bias
 *   X -> Add / Sum(X, R) with R of X's shape computed before X  =>  X adding R to its output
 *   X -> Relu / Clip (constant bounds) / LeakyRelu           =>  X with the activation
 *       (X a step whose schema applies fused inputs: OP_FLAG_FUSES_ACTIVATION)
 *
 * In that order (a residual block's Conv-BN-Add-Relu is one step). Only float32, only when the intermediate value has that one consumer and is not a graph
 * output. The fused step writes the last absorbed node's output; memory lifetimes are then
 * planned from the steps (not from the graph's nodes), so moving a write earlier is safe. */
#ifndef GEFLOW_EXEC_FUSE_H
#define GEFLOW_EXEC_FUSE_H

#include "exec/plan.h"

ge_status exec_fuse_steps(exec_plan *plan);

#endif

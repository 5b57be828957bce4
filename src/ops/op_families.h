/* The op families, one per src/ops/<family>.c. Add a line when adding a family file. */
OP_FAMILY(identity)
OP_FAMILY(reduce)
OP_FAMILY(shape_ops)
OP_FAMILY(slice)
OP_FAMILY(topk)
OP_FAMILY(resize)
OP_FAMILY(control_flow)

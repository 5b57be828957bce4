/* The op families, one per src/ops/<family>.c. Add a line when adding a family file. */
OP_FAMILY(identity)
OP_FAMILY(unary)
OP_FAMILY(activation)
OP_FAMILY(binary)
OP_FAMILY(compare)
OP_FAMILY(logical)
OP_FAMILY(variadic)
OP_FAMILY(cast)

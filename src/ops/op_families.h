/* The op families, one per src/ops/<family>.c. Add a line when adding a family file. */
OP_FAMILY(identity)

/* The op families, one per src/ops/<family>.c. Add a line when adding a family file. */
OP_FAMILY(identity)
OP_FAMILY(matmul)
OP_FAMILY(conv)
OP_FAMILY(pool)
OP_FAMILY(norm)
OP_FAMILY(softmax)
OP_FAMILY(rnn)

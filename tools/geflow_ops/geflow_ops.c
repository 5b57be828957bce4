/* geflow_ops: prints the op registry as a table (op, domain, opsets, dtypes). The CLI's
 * `geflow ops` will fold this in. */
#include "ops/op_registry.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: %s\n  prints every registered op: type, domain, opset range, dtypes\n", argv[0]);
        return 0;
    }
    size_t n = op_registry_count();
    printf("%-28s %-16s %-9s %s\n", "op", "domain", "opsets", "dtypes");
    for (size_t i = 0; i < n; i++) {
        const op_schema *s = op_registry_at(i);
        char opsets[32], dtypes[512];
        snprintf(opsets, sizeof opsets, "%d-%d", s->since_opset, s->last_opset);
        ge_dtype_set_format(s->dtypes, dtypes, sizeof dtypes);
        printf("%-28s %-16s %-9s %s\n", s->type, op_domain_is_onnx(s->domain) ? "ai.onnx" : s->domain,
               opsets, dtypes);
    }
    printf("%zu schema entries\n", n);
    return 0;
}

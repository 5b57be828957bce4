#include "ir/attr.h"

const char *ir_attr_kind_name(ir_attr_kind kind)
{
    static const char *const names[] = {"undefined", "float",   "int",     "string",
                                        "tensor",    "graph",   "floats",  "ints",
                                        "strings",   "tensors", "graphs"};
    if ((unsigned)kind > IR_ATTR_GRAPHS)
        return "invalid";
    return names[kind];
}

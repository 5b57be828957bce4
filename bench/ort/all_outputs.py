#!/usr/bin/python3
"""Writes a copy of an ONNX model whose graph outputs are every intermediate tensor as well
(after the model's own outputs), for checking that geflow and ONNX Runtime compute the same
thing layer by layer, not only at a final softmax:

    /usr/bin/python3 bench/ort/all_outputs.py IN.onnx OUT.onnx
    MODELS=OUT.onnx THREADS=2 ROUNDS=1 bash bench/vs_ort.sh BUILD   # then read BUILD/vs_ort/*.ge

Values produced by ConstantOfShape, Constant, Shape and Unsqueeze (the light models' weight
fills) are left out: they are weights, not activations. Needs Debian's python3-onnx."""
import sys

import onnx
from onnx import shape_inference

SKIP = {"ConstantOfShape", "Constant", "Shape", "Unsqueeze"}


def main(src, dst):
    m = shape_inference.infer_shapes(onnx.load(src))
    g = m.graph
    have = {o.name for o in g.output}
    info = {v.name: v for v in g.value_info}
    for n in g.node:
        if n.op_type in SKIP:
            continue
        for o in n.output:
            if o in info and o not in have:
                g.output.append(info[o])
                have.add(o)
    onnx.save(m, dst)
    print(f"{dst}: {len(g.output)} outputs")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

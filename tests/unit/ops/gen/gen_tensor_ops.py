#!/usr/bin/python3
"""Generates tests/unit/ops/data/tensor_ops_cases.h: inputs and numpy-computed expected
outputs for the tensor-manipulation ops (reduce, shape, slice, pad, gather, topk, cumsum,
resize). Run with Debian's python3 (python3-numpy):
    /usr/bin/python3 tests/unit/ops/gen/gen_tensor_ops.py
"""
import os
import numpy as np

rng = np.random.default_rng(20240611)
out = []


def emit(name, arr, ctype=None):
    arr = np.asarray(arr)
    if ctype is None:
        ctype = "float" if arr.dtype.kind == "f" else "int64_t"
    flat = arr.reshape(-1)
    if ctype == "float":
        vals = ", ".join("%.8ef" % v if np.isfinite(v) else ("NAN" if np.isnan(v) else ("INFINITY" if v > 0 else "-INFINITY")) for v in flat.astype(np.float64))
    else:
        vals = ", ".join("%d" % v for v in flat)
    out.append("static const %s %s[] = {%s};" % (ctype, name, vals if flat.size else "0"))
    out.append("static const int64_t %s_shape[] = {%s};" % (name, ", ".join(str(d) for d in arr.shape) or "0"))
    out.append("enum { %s_rank = %d, %s_n = %d };" % (name, arr.ndim, name, flat.size))


x = rng.standard_normal((2, 3, 4)).astype(np.float32)
emit("g_x", x)
xp = (np.abs(x) + 0.1).astype(np.float32)
emit("g_xp", xp)

reducers = {
    "sum": lambda a, ax, k: np.sum(a, axis=ax, keepdims=k),
    "mean": lambda a, ax, k: np.mean(a, axis=ax, keepdims=k),
    "max": lambda a, ax, k: np.max(a, axis=ax, keepdims=k),
    "min": lambda a, ax, k: np.min(a, axis=ax, keepdims=k),
    "prod": lambda a, ax, k: np.prod(a, axis=ax, keepdims=k),
    "l1": lambda a, ax, k: np.sum(np.abs(a), axis=ax, keepdims=k),
    "l2": lambda a, ax, k: np.sqrt(np.sum(a.astype(np.float64) ** 2, axis=ax, keepdims=k)),
    "logsum": lambda a, ax, k: np.log(np.sum(a, axis=ax, keepdims=k)),
    "logsumexp": lambda a, ax, k: np.log(np.sum(np.exp(a.astype(np.float64)), axis=ax, keepdims=k)),
    "sumsquare": lambda a, ax, k: np.sum(a.astype(np.float64) ** 2, axis=ax, keepdims=k),
}
for name, f in reducers.items():
    src = xp if name == "logsum" else x
    emit("g_reduce_%s_a1" % name, f(src.astype(np.float64), (1,), True).astype(np.float32))
    emit("g_reduce_%s_a02" % name, f(src.astype(np.float64), (0, 2), False).astype(np.float32))
    emit("g_reduce_%s_all" % name, f(src.astype(np.float64), None, True).astype(np.float32))

emit("g_argmax_a1", np.argmax(x, axis=1))
emit("g_argmin_a2", np.argmin(x, axis=2))

emit("g_transpose_201", np.transpose(x, (2, 0, 1)))
emit("g_slice_neg", x[::-1, 1:3, ::2])
emit("g_slice_neg2", x[:, ::-2, 3:0:-2])

pads = ((1, 0), (2, 1), (0, 3))
emit("g_pad_constant", np.pad(x, pads, mode="constant", constant_values=1.5))
emit("g_pad_reflect", np.pad(x, pads, mode="reflect"))
emit("g_pad_edge", np.pad(x, pads, mode="edge"))
emit("g_pad_wrap", np.pad(x, pads, mode="wrap"))
emit("g_pad_crop", np.pad(x[:, 1:, :3], ((1, 1), (0, 0), (2, 0)), mode="reflect"))

gi = np.array([[2, -1], [0, 1]], dtype=np.int64)
emit("g_gather_idx", gi)
emit("g_gather_a1", np.take(x, gi, axis=1))
gei = rng.integers(0, 4, size=(2, 3, 2)).astype(np.int64)
emit("g_gather_el_idx", gei)
emit("g_gather_el_a2", np.take_along_axis(x, gei, axis=2))

emit("g_tile_122", np.tile(x, (1, 2, 2)))
e = np.array([[1.0], [2.0], [3.0]], dtype=np.float32)
emit("g_expand_in", e)
emit("g_expand_234", np.broadcast_to(e, (2, 3, 4)))

t = rng.integers(0, 6, size=(3, 7)).astype(np.float32)  # small ints: many ties
emit("g_topk_x", t)
order_l = np.argsort(-t, axis=1, kind="stable")[:, :4]
order_s = np.argsort(t, axis=1, kind="stable")[:, :4]
emit("g_topk_large_i", order_l)
emit("g_topk_large_v", np.take_along_axis(t, order_l, axis=1))
emit("g_topk_small_i", order_s)
emit("g_topk_small_v", np.take_along_axis(t, order_s, axis=1))
order0 = np.argsort(-t, axis=0, kind="stable")[:2, :]
emit("g_topk_a0_i", order0)
emit("g_topk_a0_v", np.take_along_axis(t, order0, axis=0))

cs = np.cumsum(x, axis=1)
emit("g_cumsum_a1", cs)
emit("g_cumsum_a1_excl", cs - x)
rcs = np.flip(np.cumsum(np.flip(x, 1), axis=1), 1)
emit("g_cumsum_a1_rev", rcs)
emit("g_cumsum_a1_rev_excl", rcs - x)

# ---- Resize: an independent numpy implementation of the ONNX formulas (separable) ----
def coord(mode, xo, scale, in_len, out_len, roi_s=0.0, roi_e=1.0):
    if mode == "half_pixel":
        return (xo + 0.5) / scale - 0.5
    if mode == "asymmetric":
        return xo / scale
    if mode == "pytorch_half_pixel":
        return (xo + 0.5) / scale - 0.5 if out_len > 1 else 0.0
    if mode == "align_corners":
        # length_resized is in_len * scale (fractional when scales are given), not out_len
        lr = in_len * scale
        return 0.0 if lr == 1 else xo * (in_len - 1) / (lr - 1)
    if mode == "tf_half_pixel_for_nn":
        return (xo + 0.5) / scale
    if mode == "half_pixel_symmetric":
        adj = out_len / (scale * in_len)
        center = in_len / 2
        off = center * (1 - adj)
        return off + (xo + 0.5) / scale - 0.5
    if mode == "tf_crop_and_resize":
        if out_len > 1:
            return roi_s * (in_len - 1) + xo * (roi_e - roi_s) * (in_len - 1) / (out_len - 1)
        return 0.5 * (roi_s + roi_e) * (in_len - 1)
    raise ValueError(mode)


def keys(a, t):
    t = np.abs(t)
    return np.where(t <= 1, (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1,
                    np.where(t < 2, a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a, 0.0))


def aa_taps(kind, xf, in_len, scale, a, exclude):
    """antialias = 1: the kernel stretched by max(1, 1/scale): pixel j weighs
    k(min(scale, 1) * (j - x)), the weights normalised to sum 1; pixels outside the axis read
    the edge (or weigh 0 with exclude_outside)."""
    s = min(scale, 1.0)
    half = (2.0 if kind == "cubic" else 1.0) / s
    js = np.arange(int(np.floor(xf - half)) - 2, int(np.ceil(xf + half)) + 3)
    t = s * (js - xf)
    w = keys(a, t) if kind == "cubic" else np.maximum(0.0, 1.0 - np.abs(t))
    if exclude:
        w = np.where((js < 0) | (js >= in_len), 0.0, w)
    w = w / w.sum()
    return list(zip(np.clip(js, 0, in_len - 1), w))


def taps_1d(kind, xf, in_len, nearest_mode="round_prefer_floor", a=-0.75, exclude=False, antialias=False, scale=1.0):
    """Returns [(index, weight)] for one output coordinate."""
    if antialias and kind != "nearest":
        return aa_taps(kind, xf, in_len, scale, a, exclude)
    if kind == "nearest":
        if nearest_mode == "round_prefer_floor":
            i = np.ceil(xf - 0.5) if xf - np.floor(xf) == 0.5 else np.round(xf)
        elif nearest_mode == "round_prefer_ceil":
            i = np.floor(xf + 0.5)
        elif nearest_mode == "floor":
            i = np.floor(xf)
        else:
            i = np.ceil(xf)
        i = int(min(max(i, 0), in_len - 1))
        return [(i, 1.0)]
    if kind == "linear":
        xc = min(max(xf, 0.0), in_len - 1)
        i0 = int(np.floor(xc))
        i1 = min(i0 + 1, in_len - 1)
        w = xc - i0
        return [(i0, 1 - w), (i1, w)]
    # cubic
    i0 = int(np.floor(xf))
    r = xf - i0
    def cw(d):
        d = abs(d)
        if d <= 1:
            return (a + 2) * d ** 3 - (a + 3) * d ** 2 + 1
        if d < 2:
            return a * d ** 3 - 5 * a * d ** 2 + 8 * a * d - 4 * a
        return 0.0
    res = []
    for k in (-1, 0, 1, 2):
        idx = i0 + k
        wt = cw(r - k)
        if exclude and (idx < 0 or idx >= in_len):
            wt = 0.0
        res.append((min(max(idx, 0), in_len - 1), wt))
    if exclude:
        s = sum(w for _, w in res)
        res = [(i, w / s) for i, w in res]
    return res


def resize2d(img, out_hw, scales, kind, ctm, **kw):
    n, c, h, w = img.shape
    oh, ow = out_hw
    res = np.zeros((n, c, oh, ow), dtype=np.float64)
    for y in range(oh):
        ty = taps_1d(kind, coord(ctm, y, scales[0], h, oh), h, scale=scales[0], **kw)
        for xx in range(ow):
            tx = taps_1d(kind, coord(ctm, xx, scales[1], w, ow), w, scale=scales[1], **kw)
            acc = 0
            for iy, wy in ty:
                for ix, wx in tx:
                    acc = acc + wy * wx * img[:, :, iy, ix]
            res[:, :, y, xx] = acc
    return res.astype(np.float32)


img = rng.standard_normal((1, 2, 3, 4)).astype(np.float32)
emit("g_rs_x", img)
emit("g_rs_lin_hp_up", resize2d(img.astype(np.float64), (6, 6), (2.0, 1.5), "linear", "half_pixel"))
emit("g_rs_lin_ac_up", resize2d(img.astype(np.float64), (5, 7), (5 / 3, 7 / 4), "linear", "align_corners"))
emit("g_rs_lin_asym_down", resize2d(img.astype(np.float64), (1, 2), (0.5, 0.5), "linear", "asymmetric"))
emit("g_rs_lin_pt_down", resize2d(img.astype(np.float64), (1, 2), (0.5, 0.5), "linear", "pytorch_half_pixel"))
emit("g_rs_lin_hps", resize2d(img.astype(np.float64), (4, 6), (4 / 3, 1.5), "linear", "half_pixel_symmetric"))
emit("g_rs_nn_asym_floor", resize2d(img.astype(np.float64), (6, 6), (2.0, 1.5), "nearest", "asymmetric",
                                    nearest_mode="floor"))
emit("g_rs_nn_hp_rpf", resize2d(img.astype(np.float64), (6, 6), (2.0, 1.5), "nearest", "half_pixel",
                                nearest_mode="round_prefer_floor"))
emit("g_rs_nn_hp_rpc", resize2d(img.astype(np.float64), (6, 6), (2.0, 1.5), "nearest", "half_pixel",
                                nearest_mode="round_prefer_ceil"))
emit("g_rs_nn_ac_ceil", resize2d(img.astype(np.float64), (5, 7), (5 / 3, 7 / 4), "nearest", "align_corners",
                                 nearest_mode="ceil"))
emit("g_rs_cubic_hp", resize2d(img.astype(np.float64), (6, 6), (2.0, 1.5), "cubic", "half_pixel"))
emit("g_rs_cubic_excl", resize2d(img.astype(np.float64), (6, 6), (2.0, 1.5), "cubic", "half_pixel", a=-0.5,
                                 exclude=True))

# antialias, align_corners when downscaling with scales (length_resized = in * scale, not the
# floored output length), tf_half_pixel_for_nn (Resize-11); a separate generator keeps the
# cases above unchanged
rng2 = np.random.default_rng(20250301)
f32 = lambda v: float(np.float32(v))  # scales reach the kernel as float32
img2 = rng2.standard_normal((1, 1, 5, 7)).astype(np.float32)
i2 = img2.astype(np.float64)
emit("g_rs2_x", img2)
emit("g_rs_aa_lin", resize2d(i2, (3, 3), (f32(0.6), f32(0.45)), "linear", "half_pixel", antialias=True))
emit("g_rs_aa_cub_sizes", resize2d(i2, (3, 2), (3 / 5, 2 / 7), "cubic", "half_pixel", antialias=True))
emit("g_rs_aa_cub_excl_ac", resize2d(i2, (2, 4), (f32(0.5), f32(0.6)), "cubic", "align_corners", antialias=True,
                                     a=-0.5, exclude=True))
emit("g_rs_aa_lin_up", resize2d(i2, (7, 3), (f32(1.5), f32(0.5)), "linear", "asymmetric", antialias=True))
emit("g_rs_lin_ac_down", resize2d(i2, (3, 4), (f32(0.6), f32(0.6)), "linear", "align_corners"))
emit("g_rs_cub_ac_down", resize2d(i2, (4, 5), (f32(0.8), f32(0.8)), "cubic", "align_corners"))
emit("g_rs_nn_tfnn", resize2d(i2, (3, 4), (3 / 5, 4 / 7), "nearest", "tf_half_pixel_for_nn"))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "tensor_ops_cases.h")
with open(path, "w") as f:
    f.write("/* Generated by tests/unit/ops/gen/gen_tensor_ops.py with numpy; do not edit. */\n")
    f.write("#ifndef GEFLOW_TENSOR_OPS_CASES_H\n#define GEFLOW_TENSOR_OPS_CASES_H\n#include <math.h>\n#include <stdint.h>\n")
    f.write("\n".join(out))
    f.write("\n#endif\n")
print("wrote", path)

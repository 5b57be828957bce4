#!/usr/bin/python3
"""Generates the numpy-computed cases of the vision op tests (tests/unit/ops/data/vis_cases.h):
NonMaxSuppression, Col2Im, CenterCropPad, MaxUnpool, RoiAlign, DeformConv, CausalConvWithState and
LinearAttention. The expected values
come from plain loops written from the ONNX operator descriptions. Run with Debian's python3:
    /usr/bin/python3 tests/unit/ops/gen/gen_vision.py
"""
import itertools
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "vis_cases.h")

CTYPES = {np.dtype(np.float32): "float", np.dtype(np.int64): "int64_t"}
lines = []


def emit(name, arr, dtype=np.float32):
    arr = np.asarray(arr).astype(dtype)
    ctype = CTYPES[arr.dtype]
    flat = arr.reshape(-1)
    if ctype == "float":
        vals = ", ".join("%.9ef" % v for v in flat)
    else:
        vals = ", ".join("INT64_C(%d)" % v for v in flat)
    lines.append("static const %s %s[] = {%s};" % (ctype, name, vals or "0"))
    lines.append("static const int64_t %s_dims[] = {%s};" % (name, ", ".join(str(d) for d in arr.shape) or "0"))
    lines.append("enum { %s_rank = %d, %s_n = %d };" % (name, arr.ndim, name, flat.size))


# ---------------- NonMaxSuppression ----------------
def corners(b, cpb):
    f = np.float32
    if cpb == 0:
        return (min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3]))
    hw, hh = b[2] / f(2), b[3] / f(2)
    return (b[1] - hh, b[0] - hw, b[1] + hh, b[0] + hw)


def iou_over(a, b, th):
    ix0, ix1 = max(a[1], b[1]), min(a[3], b[3])
    iy0, iy1 = max(a[0], b[0]), min(a[2], b[2])
    if ix1 <= ix0 or iy1 <= iy0:
        return False
    inter = (ix1 - ix0) * (iy1 - iy0)
    aa = (a[3] - a[1]) * (a[2] - a[0])
    ab = (b[3] - b[1]) * (b[2] - b[0])
    uni = aa + ab - inter
    if aa <= 0 or ab <= 0 or uni <= 0:
        return False
    return inter / uni > th


def nms(boxes, scores, max_out, iou, score_th, cpb):
    res = []
    B, S, _ = boxes.shape
    C = scores.shape[1]
    for b in range(B):
        cb = [corners(boxes[b, i], cpb) for i in range(S)]
        for c in range(C):
            cand = [(scores[b, c, i], i) for i in range(S) if score_th is None or scores[b, c, i] > score_th]
            cand.sort(key=lambda t: (-t[0], t[1]))
            sel = []
            for s, i in cand:
                if len(sel) >= max_out:
                    break
                if all(not iou_over(cb[i], cb[j], iou) for j in sel):
                    sel.append(i)
                    res.append((b, c, i))
    return np.array(res, dtype=np.int64).reshape(-1, 3)


def gen_nms():
    rng = np.random.default_rng(7)
    B, C, S = 2, 2, 10
    ctr = rng.uniform(0, 4, (B, S, 2)).astype(np.float32)
    wh = rng.uniform(1, 5, (B, S, 2)).astype(np.float32)
    # corner form, some with flipped corners
    y1, x1 = ctr[..., 1] - wh[..., 1] / 2, ctr[..., 0] - wh[..., 0] / 2
    y2, x2 = ctr[..., 1] + wh[..., 1] / 2, ctr[..., 0] + wh[..., 0] / 2
    boxes0 = np.stack([y1, x1, y2, x2], -1).astype(np.float32)
    flip = rng.random((B, S)) < 0.3
    boxes0[flip] = boxes0[flip][:, [2, 3, 0, 1]]
    boxes1 = np.concatenate([ctr, wh], -1).astype(np.float32)
    scores = rng.random((B, C, S)).astype(np.float32)
    emit("nms_boxes0", boxes0)
    emit("nms_boxes1", boxes1)
    emit("nms_scores", scores)
    f = np.float32
    emit("nms_y0", nms(boxes0, scores, 3, f(0.3), f(0.2), 0), np.int64)
    emit("nms_y1", nms(boxes1, scores, 4, f(0.25), None, 1), np.int64)
    emit("nms_y0_all", nms(boxes0, scores, 100, f(0.5), None, 0), np.int64)


# ---------------- Col2Im ----------------
def col2im(x, img, blk, dil, pads, strides):
    N, CK, L = x.shape
    nd = len(img)
    K = int(np.prod(blk))
    C = CK // K
    nb = [(img[i] + pads[i] + pads[i + nd] - dil[i] * (blk[i] - 1) - 1) // strides[i] + 1 for i in range(nd)]
    assert int(np.prod(nb)) == L
    y = np.zeros((N, C) + tuple(img), np.float64)
    for n, c in itertools.product(range(N), range(C)):
        for k, ko in enumerate(itertools.product(*[range(b) for b in blk])):
            for l, bo in enumerate(itertools.product(*[range(b) for b in nb])):
                p = [bo[i] * strides[i] - pads[i] + ko[i] * dil[i] for i in range(nd)]
                if all(0 <= p[i] < img[i] for i in range(nd)):
                    y[(n, c) + tuple(p)] += x[n, c * K + k, l]
    return y


def gen_col2im():
    rng = np.random.default_rng(8)
    # 2-D: image 5x6, block 2x3, strides 2x1, pads 1,0,1,1, dilations 1x2
    img, blk, dil, pads, st = [5, 6], [2, 3], [1, 2], [1, 0, 1, 1], [2, 1]
    nb = [(img[i] + pads[i] + pads[i + 2] - dil[i] * (blk[i] - 1) - 1) // st[i] + 1 for i in range(2)]
    x = rng.standard_normal((2, 2 * 6, nb[0] * nb[1])).astype(np.float32)
    emit("c2i_x", x)
    emit("c2i_y", col2im(x.astype(np.float64), img, blk, dil, pads, st))
    # 3-D defaults: image 3x3x4, block 2x2x2
    img3, blk3 = [3, 3, 4], [2, 2, 2]
    x3 = rng.integers(-5, 6, (1, 3 * 8, 2 * 2 * 3)).astype(np.float32)
    emit("c2i3_x", x3)
    emit("c2i3_y", col2im(x3.astype(np.float64), img3, blk3, [1, 1, 1], [0] * 6, [1, 1, 1]))


# ---------------- CenterCropPad ----------------
def center_crop_pad(x, shape, axes):
    out_shape = list(x.shape)
    for a, s in zip(axes, shape):
        out_shape[a] = s
    y = np.zeros(out_shape, x.dtype)
    for idx in itertools.product(*[range(d) for d in out_shape]):
        src = []
        for d, i in enumerate(idx):
            D, S = x.shape[d], out_shape[d]
            src.append(i + (D - S) // 2 if S <= D else i - (S - D) // 2)
        if all(0 <= src[d] < x.shape[d] for d in range(x.ndim)):
            y[idx] = x[tuple(src)]
    return y


def gen_ccp():
    x = np.arange(3 * 5 * 4, dtype=np.float32).reshape(3, 5, 4)
    emit("ccp_x", x)
    emit("ccp_y", center_crop_pad(x, [2, 7, 3], [0, 1, 2]))
    emit("ccp_y_axes", center_crop_pad(x, [8, 1], [2, 1]))


# ---------------- MaxUnpool ----------------
def maxpool_idx(x, k, s):
    N, C, H, W = x.shape
    oh, ow = (H - k[0]) // s[0] + 1, (W - k[1]) // s[1] + 1
    y = np.zeros((N, C, oh, ow), x.dtype)
    ind = np.zeros((N, C, oh, ow), np.int64)
    for n, c, i, j in itertools.product(range(N), range(C), range(oh), range(ow)):
        win = x[n, c, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]]
        a = np.unravel_index(np.argmax(win), win.shape)
        h, w = i * s[0] + a[0], j * s[1] + a[1]
        y[n, c, i, j] = x[n, c, h, w]
        ind[n, c, i, j] = ((n * C + c) * H + h) * W + w
    return y, ind


def unpool(x, ind, out_shape):
    y = np.zeros(out_shape, x.dtype)
    N, C = out_shape[:2]
    full = x.shape[:2] + tuple(out_shape[2:])
    for v, k in zip(x.reshape(-1), ind.reshape(-1)):
        y[np.unravel_index(k, full)] = v
    return y


def gen_unpool():
    rng = np.random.default_rng(9)
    x = rng.permutation(2 * 3 * 6 * 5).astype(np.float32).reshape(2, 3, 6, 5)
    p, ind = maxpool_idx(x, [2, 2], [2, 2])  # 3x2 pooled; unpooled 6x4
    emit("up_x", p)
    emit("up_i", ind_to_unpooled(ind, x.shape, (2, 3, 6, 4)), np.int64)
    emit("up_y", unpool(p, ind_to_unpooled(ind, x.shape, (2, 3, 6, 4)), (2, 3, 6, 4)))
    # with output_shape 7x6: the unpooled block sits at the top-left
    y = np.zeros((2, 3, 7, 6), np.float32)
    y[:, :, :6, :4] = unpool(p, ind_to_unpooled(ind, x.shape, (2, 3, 6, 4)), (2, 3, 6, 4))
    emit("up_y_os", y)


def ind_to_unpooled(ind, src_shape, dst_shape):
    # indices of MaxPool over src_shape re-expressed for the unpooled dst_shape (columns beyond
    # dst are never selected with these kernels)
    out = np.zeros_like(ind)
    for pos, k in np.ndenumerate(ind):
        m = np.unravel_index(k, src_shape)
        out[pos] = np.ravel_multi_index(m, dst_shape)
    return out


# ---------------- RoiAlign ----------------
def roi_align(x, rois, bidx, oh, ow, sr, scale, mode, half_pixel):
    N, C, H, W = x.shape
    R = rois.shape[0]
    y = np.zeros((R, C, oh, ow))
    off = 0.5 if half_pixel else 0.0
    for r in range(R):
        x0, y0, x1, y1 = [float(v) * scale - off for v in rois[r]]
        rw, rh = x1 - x0, y1 - y0
        if not half_pixel:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        bh, bw = rh / oh, rw / ow
        gh = sr if sr > 0 else int(math.ceil(rh / oh))
        gw = sr if sr > 0 else int(math.ceil(rw / ow))
        cnt = max(gh * gw, 1)
        for c, ph, pw in itertools.product(range(C), range(oh), range(ow)):
            img = x[bidx[r], c].astype(np.float64)
            vals = []
            for iy, ix in itertools.product(range(gh), range(gw)):
                yy = y0 + ph * bh + (iy + 0.5) * bh / gh
                xx = x0 + pw * bw + (ix + 0.5) * bw / gw
                if yy < -1 or yy > H or xx < -1 or xx > W:
                    vals.append([0.0] * 4)
                    continue
                yy, xx = max(yy, 0.0), max(xx, 0.0)
                yl, xl = int(yy), int(xx)
                if yl >= H - 1:
                    yl = yh = H - 1
                    yy = float(yl)
                else:
                    yh = yl + 1
                if xl >= W - 1:
                    xl = xh = W - 1
                    xx = float(xl)
                else:
                    xh = xl + 1
                ly, lx = yy - yl, xx - xl
                vals.append([(1 - ly) * (1 - lx) * img[yl, xl], (1 - ly) * lx * img[yl, xh],
                             ly * (1 - lx) * img[yh, xl], ly * lx * img[yh, xh]])
            if mode == "avg":
                y[r, c, ph, pw] = sum(sum(v) for v in vals) / cnt
            else:
                y[r, c, ph, pw] = max(max(v) for v in vals) if vals else 0.0
    return y


def gen_roi():
    rng = np.random.default_rng(10)
    x = rng.standard_normal((2, 2, 6, 7)).astype(np.float32)
    rois = np.array([[0.5, 0.3, 4.2, 5.1], [1, 1, 3, 2], [2.2, 0, 6.5, 5.9], [3, 3, 3.2, 3.1]], np.float32)
    bidx = np.array([0, 1, 1, 0], np.int64)
    emit("roi_x", x)
    emit("roi_rois", rois)
    emit("roi_b", bidx, np.int64)
    emit("roi_avg_hp", roi_align(x, rois, bidx, 3, 2, 0, 1.0, "avg", True))
    emit("roi_avg_ohp", roi_align(x, rois, bidx, 2, 3, 2, 0.8, "avg", False))
    emit("roi_max_hp", roi_align(x, rois, bidx, 2, 2, 0, 1.0, "max", True))


# ---------------- DeformConv ----------------
def bilinear0(img, y, x):
    H, W = img.shape
    y0, x0 = math.floor(y), math.floor(x)
    fy, fx = y - y0, x - x0
    v = 0.0
    for dy, wy in ((0, 1 - fy), (1, fy)):
        for dx, wx in ((0, 1 - fx), (1, fx)):
            q, p = y0 + dy, x0 + dx
            if 0 <= q < H and 0 <= p < W:
                v += wy * wx * img[q, p]
    return v


def deform_conv(x, w, off, b, mask, group, og, pads, strides, dil):
    N, C, H, W = x.shape
    M, Cg, kh, kw = w.shape
    oh = (H + pads[0] + pads[2] - ((kh - 1) * dil[0] + 1)) // strides[0] + 1
    ow = (W + pads[1] + pads[3] - ((kw - 1) * dil[1] + 1)) // strides[1] + 1
    K = kh * kw
    offr = off.reshape(N, og, kh, kw, 2, oh, ow)
    mk = np.ones((N, og, kh, kw, oh, ow)) if mask is None else mask.reshape(N, og, kh, kw, oh, ow)
    y = np.zeros((N, M, oh, ow))
    Mg, Cog = M // group, C // og
    for n, m, i, j in itertools.product(range(N), range(M), range(oh), range(ow)):
        g = m // Mg
        acc = 0.0 if b is None else float(b[m])
        for cl in range(Cg):
            c = g * Cg + cl
            o = c // Cog
            for a, e in itertools.product(range(kh), range(kw)):
                py = i * strides[0] - pads[0] + a * dil[0] + offr[n, o, a, e, 0, i, j]
                px = j * strides[1] - pads[1] + e * dil[1] + offr[n, o, a, e, 1, i, j]
                acc += bilinear0(x[n, c].astype(np.float64), float(py), float(px)) * mk[n, o, a, e, i, j] * w[m, cl, a, e]
        y[n, m, i, j] = acc
    return y


def gen_dconv():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((1, 4, 5, 5)).astype(np.float32)
    w = rng.standard_normal((4, 2, 2, 2)).astype(np.float32)  # group 2
    # pads 1, strides 2, dilations 1 -> out 3x3
    off = (rng.standard_normal((1, 2 * 4 * 2, 3, 3)) * 0.7).astype(np.float32)  # offset_group 2
    mask = rng.random((1, 2 * 4, 3, 3)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    emit("dc_x", x)
    emit("dc_w", w)
    emit("dc_off", off)
    emit("dc_mask", mask)
    emit("dc_b", b)
    emit("dc_y", deform_conv(x, w, off, b, mask, 2, 2, [1, 1, 1, 1], [2, 2], [1, 1]))
    # no mask / bias, group 1, offset_group 1, dilation 2, no pads: out 3x3 from 5x5 with 2x2 kernel
    w1 = rng.standard_normal((2, 4, 2, 2)).astype(np.float32)
    off1 = (rng.standard_normal((1, 8, 3, 3)) * 1.3).astype(np.float32)
    emit("dc_w1", w1)
    emit("dc_off1", off1)
    emit("dc_y1", deform_conv(x, w1, off1, None, None, 1, 1, [0, 0, 0, 0], [1, 1], [2, 2]))


# ---------------- CausalConvWithState ----------------
def causal_conv(x, w, b, past, silu):
    B, C, L = x.shape
    k = w.shape[2]
    pad = np.zeros((B, C, k - 1)) if past is None else past.astype(np.float64)
    seq = np.concatenate([pad, x.astype(np.float64)], axis=2)
    y = np.zeros((B, C, L))
    for bb, c, t in itertools.product(range(B), range(C), range(L)):
        acc = (0.0 if b is None else float(b[c])) + float(np.dot(w[c, 0].astype(np.float64), seq[bb, c, t:t + k]))
        if silu:
            acc = float(np.float32(acc))
            acc = acc / (1.0 + math.exp(-acc))
        y[bb, c, t] = acc
    return y, seq[:, :, L:]


def gen_ccs():
    rng = np.random.default_rng(12)
    x = rng.standard_normal((2, 3, 5)).astype(np.float32)
    w = rng.standard_normal((3, 1, 4)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    past = rng.standard_normal((2, 3, 3)).astype(np.float32)
    emit("ccs_x", x)
    emit("ccs_w", w)
    emit("ccs_b", b)
    emit("ccs_past", past)
    y, s = causal_conv(x, w, None, None, False)
    emit("ccs_y", y)
    emit("ccs_state", s)
    y, s = causal_conv(x, w, b, past, True)
    emit("ccs_y_bp_silu", y)
    emit("ccs_state_bp", s)


# ---------------- LinearAttention ----------------
def linear_attention(q, k, v, hq, hkv, rule, past=None, decay=None, beta=None, scale=0.0):
    B, T, _ = q.shape
    dk = q.shape[2] // hq
    dv = v.shape[2] // hkv
    grp = hq // hkv
    S = np.zeros((B, hkv, dk, dv)) if past is None else past.astype(np.float64).copy()
    sc = 1.0 / math.sqrt(dk) if scale == 0.0 else scale
    y = np.zeros((B, T, hq, dv))
    q4 = q.reshape(B, T, hq, dk).astype(np.float64)
    k4 = k.reshape(B, T, hkv, dk).astype(np.float64)
    v4 = v.reshape(B, T, hkv, dv).astype(np.float64)
    for b in range(B):
        for t in range(T):
            for h in range(hkv):
                Sh = S[b, h]
                if rule in ("gated", "gated_delta"):
                    if decay.shape[2] == hkv:
                        Sh *= math.exp(decay[b, t, h])
                    else:
                        Sh *= np.exp(decay[b, t].reshape(hkv, dk)[h].astype(np.float64))[:, None]
                vt = v4[b, t, h].copy()
                if rule in ("delta", "gated_delta"):
                    bt = beta[b, t, 0 if beta.shape[2] == 1 else h]
                    vt = bt * (vt - Sh.T @ k4[b, t, h])
                Sh += np.outer(k4[b, t, h], vt)
                for qh in range(h * grp, (h + 1) * grp):
                    y[b, t, qh] = sc * (q4[b, t, qh] @ Sh)
    return y.reshape(B, T, hq * dv), S


def gen_la():
    rng = np.random.default_rng(13)
    B, T, hq, hkv, dk, dv = 2, 3, 4, 2, 3, 2
    q = (rng.standard_normal((B, T, hq * dk)) * 0.5).astype(np.float32)
    k = (rng.standard_normal((B, T, hkv * dk)) * 0.5).astype(np.float32)
    v = rng.standard_normal((B, T, hkv * dv)).astype(np.float32)
    past = (rng.standard_normal((B, hkv, dk, dv)) * 0.3).astype(np.float32)
    decay_h = (-rng.random((B, T, hkv))).astype(np.float32)
    decay_k = (-rng.random((B, T, hkv * dk))).astype(np.float32)
    beta = rng.random((B, T, hkv)).astype(np.float32)
    for n, a in (("la_q", q), ("la_k", k), ("la_v", v), ("la_past", past), ("la_decay_h", decay_h),
                 ("la_decay_k", decay_k), ("la_beta", beta)):
        emit(n, a)
    y, s = linear_attention(q, k, v, hq, hkv, "linear")
    emit("la_lin_y", y)
    emit("la_lin_s", s)
    y, s = linear_attention(q, k, v, hq, hkv, "gated", past=past, decay=decay_h, scale=0.7)
    emit("la_gated_y", y)
    emit("la_gated_s", s)
    y, s = linear_attention(q, k, v, hq, hkv, "gated_delta", past=past, decay=decay_k, beta=beta)
    emit("la_gd_y", y)
    emit("la_gd_s", s)
    y, s = linear_attention(q, k, v, hq, hkv, "delta", beta=beta[:, :, :1])
    emit("la_delta_y", y)
    emit("la_delta_s", s)


def main():
    gen_nms()
    gen_col2im()
    gen_ccp()
    gen_unpool()
    gen_roi()
    gen_dconv()
    gen_ccs()
    gen_la()
    with open(OUT, "w") as f:
        f.write("/* Generated by tests/unit/ops/gen/gen_vision.py with numpy; do not edit. */\n")
        f.write("#ifndef GEFLOW_VIS_CASES_H\n#define GEFLOW_VIS_CASES_H\n#include <stdint.h>\n")
        f.write("\n".join(lines))
        f.write("\n#endif\n")


if __name__ == "__main__":
    main()

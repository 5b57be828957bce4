#!/usr/bin/python3
"""Generates tests/unit/ops/data/extra_<family>.h: inputs and expected outputs for the
ops-extra families (attention, norm_extra, sample, einsum, pool_extra, act_extra, space,
vision), computed with numpy from the ONNX equations (written independently of the C
kernels: whole-array numpy formulations, explicit loops only where numpy has no primitive).

Run with Debian's python3 (python3-numpy):  /usr/bin/python3 tests/unit/ops/gen/gen_extra.py
"""
import os
import numpy as np

rng = np.random.default_rng(20240917)
sections = {}
out = None


def section(name):
    global out
    out = sections.setdefault(name, [])


def emit(name, a, ctype="float"):
    a = np.asarray(a)
    dims = ", ".join(str(d) for d in a.shape) or "0"
    flat = a.reshape(-1)
    if ctype == "float":
        def f(v):
            if np.isnan(v):
                return "NAN"
            if np.isinf(v):
                return "-INFINITY" if v < 0 else "INFINITY"
            return "%.9g" % float(v)
        vals = ", ".join(f(v) for v in flat)
    elif ctype == "uint8_t":
        vals = ", ".join(str(int(bool(v))) for v in flat)
    else:
        vals = ", ".join(str(int(v)) for v in flat)
    out.append("static const int64_t %s_dims[] = {%s};" % (name, dims))
    out.append("enum { %s_rank = %d };" % (name, a.ndim))
    out.append("static const %s %s[] = {%s};" % (ctype, name, vals or "0"))


def rnd(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


# ---------------- Attention ----------------
section("attention")


def attention_ref(Q, K, V, mask=None, pk=None, pv=None, nonpad=None, scale=None, causal=False, qh=None, kvh=None,
                  softcap=0.0, mode=0):
    """Scaled dot-product attention per the ONNX spec, in float64, on 4-D (B, H, S, D) views."""
    Q = Q.astype(np.float64); K = K.astype(np.float64); V = V.astype(np.float64)
    three = Q.ndim == 3
    if three:
        B, Sq, _ = Q.shape
        Q = Q.reshape(B, Sq, qh, -1).transpose(0, 2, 1, 3)
        K = K.reshape(B, K.shape[1], kvh, -1).transpose(0, 2, 1, 3)
        V = V.reshape(B, V.shape[1], kvh, -1).transpose(0, 2, 1, 3)
    B, Hq, Sq, D = Q.shape
    if pk is not None:
        K = np.concatenate([pk.astype(np.float64), K], axis=2)
        V = np.concatenate([pv.astype(np.float64), V], axis=2)
    presk, presv = K, V
    Hkv, T = K.shape[1], K.shape[2]
    K = np.repeat(K, Hq // Hkv, axis=1)
    V = np.repeat(V, Hq // Hkv, axis=1)
    s = 1.0 / np.sqrt(D) if scale is None else scale
    raw = np.einsum("bhid,bhjd->bhij", Q, K) * s
    capped = softcap * np.tanh(raw / softcap) if softcap > 0 else raw
    bias = np.zeros((B, Hq, Sq, T))
    if mask is not None:
        m = mask
        if m.shape[-1] < T:
            padv = False if m.dtype == bool else -np.inf
            m = np.concatenate([m, np.full(m.shape[:-1] + (T - m.shape[-1],), padv, dtype=m.dtype)], axis=-1)
        if m.dtype == bool:
            m = np.where(m, 0.0, -np.inf)
        bias = bias + m.astype(np.float64)
    if causal:
        i = np.arange(Sq)[:, None]; j = np.arange(T)[None, :]
        if pk is not None:
            off = np.full((B,), pk.shape[2])
        elif nonpad is not None:
            off = nonpad - Sq
        else:
            off = np.zeros((B,), dtype=np.int64)
        allowed = j[None] <= i[None] + off[:, None, None]
        bias = bias + np.where(allowed, 0.0, -np.inf)[:, None]
    if nonpad is not None:
        bias = bias + np.where(np.arange(T)[None, :] < nonpad[:, None], 0.0, -np.inf)[:, None, None, :]
    w = capped + bias
    mx = w.max(axis=-1, keepdims=True)
    full = ~np.isfinite(mx)
    e = np.where(full, 0.0, np.exp(w - np.where(full, 0.0, mx)))
    ssum = e.sum(axis=-1, keepdims=True)
    p = np.where(full, 0.0, e / np.where(ssum == 0, 1, ssum))
    y = np.einsum("bhij,bhjd->bhid", p, V)
    if three:
        y = y.transpose(0, 2, 1, 3).reshape(B, Sq, -1)
    qk = [raw, capped, w, p][mode]
    return y, presk, presv, qk


# 4-D plain, with mode 0 qk output
q = rnd(2, 2, 3, 4); k = rnd(2, 2, 4, 4); v = rnd(2, 2, 4, 3)
y, _, _, qk = attention_ref(q, k, v)
emit("at4_q", q); emit("at4_k", k); emit("at4_v", v); emit("at4_y", y); emit("at4_qk", qk)
# float mask (2-D), softcap, scale, mode 1 and 2
m = rnd(3, 4)
y, _, _, qk1 = attention_ref(q, k, v, mask=m, softcap=2.0, scale=0.3, mode=1)
_, _, _, qk2 = attention_ref(q, k, v, mask=m, softcap=2.0, scale=0.3, mode=2)
emit("at4_mask", m); emit("at4_cap_y", y); emit("at4_cap_qk1", qk1); emit("at4_cap_qk2", qk2)
# bool mask 4-D with a fully masked row, mode 3
bm = rng.random((2, 1, 3, 4)) > 0.4
bm[1, 0, 2, :] = False
bm[0, 0, 0, 0] = True
y, _, _, qk3 = attention_ref(q, k, v, mask=bm, mode=3)
emit("at4_bmask", bm, "uint8_t"); emit("at4_bm_y", y); emit("at4_bm_qk3", qk3)
# causal
y, _, _, _ = attention_ref(q, k, v, causal=True)
emit("at4_causal_y", y)

# 3-D GQA with past, causal, mask shorter than total (padded)
qh, kvh = 4, 2
q3 = rnd(2, 3, qh * 4); k3 = rnd(2, 3, kvh * 4); v3 = rnd(2, 3, kvh * 3)
pk = rnd(2, kvh, 2, 4); pv = rnd(2, kvh, 2, 3)
m3 = rnd(3, 4)  # total 5, last column padded as masked
y, presk, presv, qk = attention_ref(q3, k3, v3, mask=m3, pk=pk, pv=pv, causal=True, qh=qh, kvh=kvh, mode=2)
emit("at3_q", q3); emit("at3_k", k3); emit("at3_v", v3); emit("at3_pk", pk); emit("at3_pv", pv); emit("at3_mask", m3)
emit("at3_y", y); emit("at3_pres_k", presk); emit("at3_pres_v", presv); emit("at3_qk", qk)

# opset 24 nonpad_kv_seqlen with causal (external cache, bottom-right), one batch with negative offset
qn = rnd(2, 2, 2, 4); kn = rnd(2, 1, 5, 4); vn = rnd(2, 1, 5, 4)
nonpad = np.array([4, 1], dtype=np.int64)
y, _, _, _ = attention_ref(qn, kn, vn, nonpad=nonpad, causal=True)
emit("atn_q", qn); emit("atn_k", kn); emit("atn_v", vn); emit("atn_nonpad", nonpad, "int64_t"); emit("atn_y", y)


# ---------------- RotaryEmbedding ----------------
def rope_ref(x, cos, sin, pos=None, interleaved=False, rot=0, nh=0):
    x = x.astype(np.float64)
    shape = x.shape
    if x.ndim == 4:
        x = x.transpose(0, 2, 1, 3)  # b s h d
    else:
        x = x.reshape(shape[0], shape[1], nh, -1)
    d = x.shape[3]
    rot = rot or d
    if pos is not None:
        cos = cos[pos]; sin = sin[pos]
    c = cos[:, :, None, :].astype(np.float64); s = sin[:, :, None, :].astype(np.float64)
    xr = x[..., :rot].copy()
    if interleaved:
        a = xr[..., 0::2]; b = xr[..., 1::2]
        outr = np.empty_like(xr)
        outr[..., 0::2] = c * a - s * b
        outr[..., 1::2] = s * a + c * b
    else:
        a = xr[..., :rot // 2]; b = xr[..., rot // 2:]
        outr = np.concatenate([c * a - s * b, s * a + c * b], axis=-1)
    o = np.concatenate([outr, x[..., rot:]], axis=-1)
    if len(shape) == 4:
        return o.transpose(0, 2, 1, 3)
    return o.reshape(shape)


x = rnd(2, 2, 3, 8)  # b h s d
theta = rng.random((10, 4)).astype(np.float32) * 3
cosc = np.cos(theta).astype(np.float32); sinc = np.sin(theta).astype(np.float32)
pos = rng.integers(0, 10, size=(2, 3)).astype(np.int64)
emit("rope_x", x); emit("rope_cos", cosc); emit("rope_sin", sinc); emit("rope_pos", pos, "int64_t")
emit("rope_y", rope_ref(x, cosc, sinc, pos))
emit("rope_y_inter", rope_ref(x, cosc, sinc, pos, interleaved=True))
cos2 = cosc[:, :2].copy(); sin2 = sinc[:, :2].copy()
emit("rope_cos2", cos2); emit("rope_sin2", sin2)
emit("rope_y_rot4_inter", rope_ref(x, cos2, sin2, pos, interleaved=True, rot=4))
x3 = rnd(2, 2, 12)  # b s (h*d), 3 heads of 4
cb = np.cos(rng.random((2, 2, 2)) * 3).astype(np.float32); sb = np.sin(rng.random((2, 2, 2)) * 3).astype(np.float32)
emit("rope3_x", x3); emit("rope3_cos", cb); emit("rope3_sin", sb)
emit("rope3_y", rope_ref(x3, cb, sb, None, nh=3))


# ---------------- norm_extra ----------------
section("norm_extra")
x = rnd(2, 3, 4)
for ax in (-1, 1, 0):
    a = ax % 3
    r = tuple(range(a, 3))
    sc = rnd(*x.shape[a:]) if ax != 1 else rnd(4)
    y = x / np.sqrt(np.mean(x.astype(np.float64) ** 2, axis=r, keepdims=True) + 1e-3) * sc
    tag = {-1: "m1", 1: "a1", 0: "a0"}[ax]
    emit("rms_s_" + tag, sc); emit("rms_y_" + tag, y)
emit("rms_x", x)

gx = rnd(2, 6, 3, 2)
gs = rnd(6); gb = rnd(6); gs3 = rnd(3); gb3 = rnd(3)
def group_norm(x, g, s, b, eps):
    n, c = x.shape[:2]
    xr = x.astype(np.float64).reshape(n, g, -1)
    m = xr.mean(axis=2, keepdims=True); v = xr.var(axis=2, keepdims=True)
    xn = ((xr - m) / np.sqrt(v + eps)).reshape(x.shape)
    sh = (1, c) + (1,) * (x.ndim - 2)
    return xn * s.reshape(sh) + b.reshape(sh)
emit("gn_x", gx); emit("gn_s", gs); emit("gn_b", gb); emit("gn_s3", gs3); emit("gn_b3", gb3)
emit("gn_y21", group_norm(gx, 3, gs, gb, 1e-2))
emit("gn_y18", group_norm(gx, 3, np.repeat(gs3, 2), np.repeat(gb3, 2), 1e-2))

mx = rnd(2, 3, 2, 2)
def mvn(x, axes):
    x = x.astype(np.float64)
    m = x.mean(axis=axes, keepdims=True)
    return (x - m) / (np.sqrt(((x - m) ** 2).mean(axis=axes, keepdims=True)) + 1e-9)
emit("mvn_x", mx); emit("mvn_y", mvn(mx, (0, 2, 3))); emit("mvn_y_c", mvn(mx, (1,)))

lx = rnd(2, 3, 4)
emit("lpn_x", lx)
emit("lpn_y2", lx / np.sqrt((lx.astype(np.float64) ** 2).sum(axis=-1, keepdims=True)))
emit("lpn_y1_a1", lx / np.abs(lx.astype(np.float64)).sum(axis=1, keepdims=True))


# ---------------- GridSample / AffineGrid ----------------
section("sample")


def cubic_w(t):
    a = -0.75
    def k(x):
        x = abs(x)
        if x <= 1:
            return (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1
        if x < 2:
            return a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a
        return 0.0
    return [k(t + 1), k(t), k(1 - t), k(2 - t)]


def reflect(x, lo, hi):
    """Folds x into [lo, hi] by mirroring at the borders."""
    rng_ = hi - lo
    if rng_ <= 0:
        return lo
    period = 2 * rng_
    y = (x - lo) % period
    return lo + (y if y <= rng_ else period - y)


def grid_sample_ref(X, G, mode, pad, ac):
    X = X.astype(np.float64)
    nd = X.ndim - 2
    N, C = X.shape[:2]
    dims = X.shape[2:]
    osp = G.shape[1:-1]
    Y = np.zeros((N, C) + osp)
    lo = [0.0 if ac else -0.5 for _ in dims]
    hi = [d - 1.0 if ac else d - 0.5 for d in dims]

    def fetch(n, idx):
        out = []
        for i, v in enumerate(idx):
            d = dims[i]
            if pad == "zeros":
                if v < 0 or v >= d:
                    return np.zeros(C)
                out.append(v)
            elif pad == "border":
                out.append(min(max(v, 0), d - 1))
            else:
                out.append(min(max(int(reflect(float(v), lo[i], hi[i])), 0), d - 1))
        return X[(n, slice(None)) + tuple(out)]

    for n in range(N):
        for o in np.ndindex(*osp):
            g = G[(n,) + o][::-1]
            cs = []
            for i in range(nd):
                L = dims[i]
                c = np.float32((g[i] + 1) / 2 * (L - 1) if ac else ((g[i] + 1) * L - 1) / 2)
                c = float(c)
                if mode == "nearest":
                    # half to even in every rank (PyTorch's nearbyint), before the padding step
                    c = float(np.rint(c))
                if c < lo[i] or c > hi[i]:
                    if pad == "border":
                        c = min(max(c, 0.0), L - 1.0)
                    elif pad == "reflection":
                        c = reflect(c, lo[i], hi[i])
                cs.append(c)
            if mode == "nearest":
                Y[(n, slice(None)) + o] = fetch(n, [int(c) for c in cs])
                continue
            taps = []
            for c in cs:
                f = int(np.floor(c)); t = c - f
                if mode == "linear":
                    taps.append([(f, 1 - t), (f + 1, t)])
                else:
                    taps.append(list(zip(range(f - 1, f + 3), cubic_w(t))))
            acc = np.zeros(C)
            for combo in np.ndindex(*[len(t) for t in taps]):
                idx = [taps[i][k][0] for i, k in enumerate(combo)]
                w = np.prod([taps[i][k][1] for i, k in enumerate(combo)])
                acc += w * fetch(n, idx)
            Y[(n, slice(None)) + o] = acc
    return Y


gx = rnd(1, 2, 3, 4)
gg = (rng.random((1, 3, 2, 2)) * 2.6 - 1.3).astype(np.float32)
gg[0, 0, 0] = [0.25, -0.5]   # exact half-way points for nearest rounding
emit("gs_x", gx); emit("gs_grid", gg)
for mode in ("nearest", "linear", "cubic"):
    for pad in ("zeros", "border", "reflection"):
        for ac in (0, 1):
            emit("gs_y_%s_%s_%d" % (mode, pad, ac), grid_sample_ref(gx, gg, mode, pad, ac))
gx3 = rnd(1, 2, 2, 3, 3)
gg3 = (rng.random((1, 2, 2, 2, 3)) * 2.4 - 1.2).astype(np.float32)
emit("gs3_x", gx3); emit("gs3_grid", gg3)
emit("gs3_y_linear_zeros_0", grid_sample_ref(gx3, gg3, "linear", "zeros", 0))
emit("gs3_y_nearest_border_1", grid_sample_ref(gx3, gg3, "nearest", "border", 1))

# 3-D nearest with exact half-way coordinates (x, y, z -> W, H, D): a separate generator keeps
# the data above unchanged
rng3 = np.random.default_rng(20250302)
gx3n = rng3.standard_normal((1, 2, 3, 2, 4)).astype(np.float32)
gg3n = (rng3.random((1, 2, 3, 2, 3)) * 2.8 - 1.4).astype(np.float32)
# align_corners 0: x = ((g + 1) * L - 1) / 2 is k + 0.5 at g = (2k + 2) / L - 1
# align_corners 1: x = (g + 1) / 2 * (L - 1) is k + 0.5 at g = (2k + 1) / (L - 1) - 1
gg3n[0, 0, 0, 0] = [0.0, 0.0, -1 / 3]    # ac0: x 1.5, y 0.5, z 1.0; ac1: x 1.5, y 0.5, z 0.5
gg3n[0, 0, 1, 0] = [-0.5, 1.0, 1 / 3]    # ac0: x 0.5, y 1.5, z 2.0; ac1: x 0.75, y 1.0, z 1.5
gg3n[0, 1, 2, 1] = [0.5, -1.0, -1.0]     # ac0: x 2.5, y -0.5, z -0.5; ac1: x 2.25, y 0, z 0
gg3n[0, 1, 0, 1] = [1.25, 1.5, -1.4]     # outside on every axis
emit("gs3n_x", gx3n); emit("gs3n_grid", gg3n)
for pad in ("zeros", "border", "reflection"):
    for ac in (0, 1):
        emit("gs3n_y_%s_%d" % (pad, ac), grid_sample_ref(gx3n, gg3n, "nearest", pad, ac))


def affine_grid_ref(theta, size, ac):
    nd = len(size) - 2
    axes = []
    for L in size[2:]:
        if ac:
            axes.append(np.linspace(-1, 1, L) if L > 1 else np.array([-1.0]))
        else:
            axes.append((2 * np.arange(L) + 1) / L - 1)
    mesh = np.meshgrid(*axes, indexing="ij")  # D, H, W order
    base = np.stack([m for m in mesh[::-1]] + [np.ones_like(mesh[0])], axis=-1)  # x, y, (z), 1
    return np.einsum("n r c, ... c -> n ... r", theta.astype(np.float64), base)


th = rnd(2, 2, 3)
emit("ag_theta", th)
emit("ag_y0", affine_grid_ref(th, [2, 3, 3, 4], 0)); emit("ag_y1", affine_grid_ref(th, [2, 3, 3, 4], 1))
th3 = rnd(1, 3, 4)
emit("ag3_theta", th3)
emit("ag3_y1", affine_grid_ref(th3, [1, 1, 2, 3, 2], 1))


# ---------------- Einsum ----------------
section("einsum")
ea = rnd(2, 3, 4); eb = rnd(2, 4, 5); ec = rnd(3, 3); ed = rnd(1, 3, 4); ee = rnd(5, 2)
emit("es_a", ea); emit("es_b", eb); emit("es_c", ec); emit("es_d", ed); emit("es_e", ee)
d64 = lambda x: x.astype(np.float64)
emit("es_bmm", np.einsum("bij,bjk->bik", d64(ea), d64(eb)))
emit("es_ell", np.einsum("...ij,...jk", d64(ed), d64(eb)))           # implicit, broadcast ellipsis
emit("es_diag", np.einsum("ii->i", d64(ec)))
emit("es_trace", np.einsum("ii", d64(ec)))
emit("es_sum", np.einsum("bij->", d64(ea)))
emit("es_tr", np.einsum("kji", d64(ea)))                             # implicit: output "ijk"
emit("es_chain", np.einsum("bij,bjk,kl->bil", d64(ea), d64(eb), d64(ee)))
emit("es_upper", np.einsum("Bij->jB", d64(ea)))
emit("es_bdiag", np.einsum("bii->bi", d64(rnd(2, 3, 3)) if False else d64(np.stack([ec, ec * 2]))))
ia = rng.integers(-5, 5, size=(3, 4)).astype(np.int64); ib = rng.integers(-5, 5, size=(4,)).astype(np.int64)
emit("es_ia", ia, "int64_t"); emit("es_ib", ib, "int64_t"); emit("es_iy", np.einsum("ij,j->i", ia, ib), "int64_t")


# ---------------- LpPool ----------------
section("pool_extra")


def lp_pool_ref(x, k, p, strides, pads, dil):
    x = x.astype(np.float64)
    n = len(k)
    xp = np.pad(np.abs(x), [(0, 0), (0, 0)] + [(pads[i], pads[i + n]) for i in range(n)])
    ek = [dil[i] * (k[i] - 1) + 1 for i in range(n)]
    osz = [(xp.shape[2 + i] - ek[i]) // strides[i] + 1 for i in range(n)]
    y = np.zeros(x.shape[:2] + tuple(osz))
    for pos in np.ndindex(*osz):
        sl = tuple(slice(pos[i] * strides[i], pos[i] * strides[i] + ek[i], dil[i]) for i in range(n))
        win = xp[(slice(None), slice(None)) + sl]
        y[(slice(None), slice(None)) + pos] = (win ** p).sum(axis=tuple(range(2, 2 + n))) ** (1.0 / p)
    return y


px = rnd(1, 2, 5, 6)
emit("lp_x", px)
emit("lp_y_p2", lp_pool_ref(px, [2, 3], 2, [1, 1], [0, 0, 0, 0], [1, 1]))
emit("lp_y_p3_pad_stride", lp_pool_ref(px, [3, 2], 3, [2, 2], [1, 0, 1, 1], [1, 1]))
emit("lp_y_dil", lp_pool_ref(px, [2, 2], 1, [1, 1], [0, 0, 0, 0], [2, 2]))
px1 = rnd(2, 1, 7)
emit("lp1_x", px1); emit("lp1_y", lp_pool_ref(px1, [3], 2, [2], [0, 0], [1]))

# ---------------- Swish / Mish / SwiGLU ----------------
section("act_extra")
ax = np.concatenate([rnd(10, scale=3.0), np.array([0, 30, -30, 1e-3], dtype=np.float32)])
bx = rnd(14)
sig = lambda v: 1 / (1 + np.exp(-v))
a64 = ax.astype(np.float64)
emit("act_x", ax); emit("act_b", bx)
emit("swish_y", a64 * sig(a64)); emit("swish_y_a", a64 * sig(0.5 * a64))
emit("mish_y", a64 * np.tanh(np.log1p(np.exp(a64))))
emit("swiglu_y", a64 * sig(1.7 * a64) * bx)


# ---------------- DepthToSpace / SpaceToDepth / Det ----------------
section("space")
dx = np.arange(2 * 8 * 2 * 3, dtype=np.float32).reshape(2, 8, 2, 3)
b = 2
N, C, H, W = dx.shape
emit("d2s_x", dx)
emit("d2s_dcr", dx.reshape(N, b, b, C // 4, H, W).transpose(0, 3, 4, 1, 5, 2).reshape(N, C // 4, H * b, W * b))
emit("d2s_crd", dx.reshape(N, C // 4, b, b, H, W).transpose(0, 1, 4, 2, 5, 3).reshape(N, C // 4, H * b, W * b))
sx = np.arange(1 * 2 * 4 * 6, dtype=np.float32).reshape(1, 2, 4, 6)
emit("s2d_x", sx)
emit("s2d_y", sx.reshape(1, 2, 2, b, 3, b).transpose(0, 3, 5, 1, 2, 4).reshape(1, 8, 2, 3))
mx_ = rnd(2, 3, 4, 4)
mx_[1, 2] = np.array([[1, 2, 3, 4], [2, 4, 6, 8], [0, 1, 0, 1], [5, 5, 5, 5]], dtype=np.float32)  # singular
emit("det_x", mx_); emit("det_y", np.linalg.det(mx_.astype(np.float64)))


def write():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, lines in sections.items():
        path = os.path.join(here, "..", "data", "extra_%s.h" % name)
        guard = "GEFLOW_TESTS_EXTRA_%s_H" % name.upper()
        with open(path, "w") as f:
            f.write("/* Generated by tests/unit/ops/gen/gen_extra.py (numpy); do not edit. */\n")
            f.write("#ifndef %s\n#define %s\n#include <math.h>\n#include <stdint.h>\n\n" % (guard, guard))
            f.write("\n".join(lines))
            f.write("\n\n#endif\n")


write()

#!/usr/bin/python3
"""Generates tests/unit/ops/data/nn_<family>.h: inputs and expected outputs for the nn op
families (matmul, conv, pool, norm, softmax, rnn), computed with numpy by formulations
independent of the C kernels (explicit padding and cropping, window slices, per-step
recurrences written from the ONNX equations).

Run with Debian's python3 (python3-numpy):  /usr/bin/python3 tests/unit/ops/gen/gen_nn.py
"""
import os
import numpy as np

rng = np.random.default_rng(20240601)
sections = {}
out = None


def section(name):
    """Starts the header data/nn_<name>.h (one per family, so each test includes only its data)."""
    global out
    out = sections.setdefault(name, [])


def emit(name, a, ctype="float"):
    a = np.asarray(a)
    dims = ", ".join(str(d) for d in a.shape) or "0"
    flat = a.reshape(-1)
    if ctype == "float":
        vals = ", ".join("%.9g" % float(v) if np.isfinite(v) else ("-INFINITY" if v < 0 else "INFINITY")
                         for v in flat)
    else:
        vals = ", ".join(str(int(v)) for v in flat)
    out.append("static const int64_t %s_dims[] = {%s};" % (name, dims))
    out.append("enum { %s_rank = %d };" % (name, a.ndim))
    out.append("static const %s %s[] = {%s};" % (ctype, name, vals or "0"))


def rnd(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


# ---------------- MatMul / Gemm ----------------
section("matmul")
a = rnd(2, 1, 3, 4); b = rnd(3, 4, 2)
emit("mm_bc_a", a); emit("mm_bc_b", b); emit("mm_bc_y", np.matmul(a.astype(np.float64), b))
a = rnd(4); b = rnd(2, 4, 3)
emit("mm_v1_a", a); emit("mm_v1_b", b); emit("mm_v1_y", np.matmul(a.astype(np.float64), b))
a = rnd(2, 3, 4); b = rnd(4)
emit("mm_v2_a", a); emit("mm_v2_b", b); emit("mm_v2_y", np.matmul(a.astype(np.float64), b))
ai = rng.integers(-50, 50, size=(2, 3, 4)).astype(np.int64); bi = rng.integers(-50, 50, size=(4, 2)).astype(np.int64)
emit("mm_int_a", ai, "int64_t"); emit("mm_int_b", bi, "int64_t"); emit("mm_int_y", np.matmul(ai, bi), "int64_t")

A = rnd(4, 3); B = rnd(5, 4); C = rnd(5)
emit("gemm_a", A); emit("gemm_b", B); emit("gemm_c", C)
emit("gemm_y", 0.5 * (A.astype(np.float64).T @ B.astype(np.float64).T) + 2.0 * C)
C2 = rnd(3, 1)
emit("gemm_c2", C2)
emit("gemm_y2", (A.astype(np.float64).T @ B.astype(np.float64).T) + C2)


# ---------------- Conv / ConvTranspose ----------------
section("conv")
def conv_ref(x, w, b, strides, pads, dil, group):
    """Pads explicitly, then takes each output position's dilated window as a slice."""
    x = x.astype(np.float64); w = w.astype(np.float64)
    n = x.ndim - 2
    padw = [(0, 0), (0, 0)] + [(pads[i], pads[i + n]) for i in range(n)]
    xp = np.pad(x, padw)
    N, C = x.shape[:2]; M = w.shape[0]; k = w.shape[2:]
    ek = [dil[i] * (k[i] - 1) + 1 for i in range(n)]
    osz = [(xp.shape[2 + i] - ek[i]) // strides[i] + 1 for i in range(n)]
    y = np.zeros((N, M) + tuple(osz))
    cg = C // group; mg = M // group
    for pos in np.ndindex(*osz):
        sl = tuple(slice(pos[i] * strides[i], pos[i] * strides[i] + ek[i], dil[i]) for i in range(n))
        for g in range(group):
            win = xp[(slice(None), slice(g * cg, (g + 1) * cg)) + sl]  # N, cg, k...
            wg = w[g * mg:(g + 1) * mg]  # mg, cg, k...
            y[(slice(None), slice(g * mg, (g + 1) * mg)) + pos] = np.tensordot(win, wg, axes=(list(range(1, n + 2)), list(range(1, n + 2))))
    if b is not None:
        y += b.reshape((1, M) + (1,) * n)
    return y


x = rnd(1, 4, 6, 7); w = rnd(6, 2, 3, 2); bb = rnd(6)
emit("conv2d_x", x); emit("conv2d_w", w); emit("conv2d_b", bb)
emit("conv2d_y", conv_ref(x, w, bb, [2, 1], [1, 0, 2, 1], [1, 2], 2))
x = rnd(2, 3, 9); w = rnd(2, 3, 3)
emit("conv1d_x", x); emit("conv1d_w", w)
emit("conv1d_y", conv_ref(x, w, None, [2], [2, 1], [2], 1))
x = rnd(1, 2, 4, 3, 5); w = rnd(3, 2, 2, 3, 2)
emit("conv3d_x", x); emit("conv3d_w", w)
emit("conv3d_y", conv_ref(x, w, None, [1, 2, 2], [1, 1, 0, 0, 1, 1], [1, 1, 1], 1))
# SAME_LOWER, stride 2, 5x5 input, 4x4 kernel: total pad = (3-1)*2+4-5 = 3 -> begin 2, end 1
x = rnd(1, 1, 5, 5); w = rnd(2, 1, 4, 4)
emit("convsame_x", x); emit("convsame_w", w)
emit("convsame_y", conv_ref(x, w, None, [2, 2], [2, 2, 1, 1], [1, 1], 1))


def convt_ref(x, w, b, strides, pads, dil, group, out_pad):
    """Scatters every input element's kernel into the full output, then crops the pads."""
    x = x.astype(np.float64); w = w.astype(np.float64)
    n = x.ndim - 2
    N, C = x.shape[:2]; mg = w.shape[1]; M = mg * group; k = w.shape[2:]
    full = [(x.shape[2 + i] - 1) * strides[i] + dil[i] * (k[i] - 1) + 1 + out_pad[i] for i in range(n)]
    y = np.zeros((N, M) + tuple(full))
    cg = C // group
    for pos in np.ndindex(*x.shape[2:]):
        sl = tuple(slice(pos[i] * strides[i], pos[i] * strides[i] + dil[i] * (k[i] - 1) + 1, dil[i]) for i in range(n))
        for g in range(group):
            xv = x[(slice(None), slice(g * cg, (g + 1) * cg)) + pos]  # N, cg
            wg = w[g * cg:(g + 1) * cg]  # cg, mg, k...
            y[(slice(None), slice(g * mg, (g + 1) * mg)) + sl] += np.tensordot(xv, wg, axes=([1], [0]))
    crop = tuple(slice(pads[i], full[i] - pads[i + n]) for i in range(n))
    y = y[(slice(None), slice(None)) + crop]
    if b is not None:
        y += b.reshape((1, M) + (1,) * n)
    return y


x = rnd(1, 4, 3, 4); w = rnd(4, 3, 3, 2); bb = rnd(6)
emit("convt_x", x); emit("convt_w", w); emit("convt_b", bb)
emit("convt_y", convt_ref(x, w, bb, [2, 3], [1, 0, 1, 2], [1, 2], 2, [1, 1]))
x = rnd(1, 2, 5); w = rnd(2, 1, 3)
emit("convt1d_x", x); emit("convt1d_w", w)
emit("convt1d_y", convt_ref(x, w, None, [2], [0, 0], [1], 1, [0]))


# ---------------- pools ----------------
section("pool")
def pool_ref(x, k, strides, pads, dil, ceil_mode, kind, count_pad=False):
    x = x.astype(np.float64)
    n = x.ndim - 2
    ins = x.shape[2:]
    ek = [dil[i] * (k[i] - 1) + 1 for i in range(n)]
    osz = []
    for i in range(n):
        span = ins[i] + pads[i] + pads[i + n] - ek[i]
        if ceil_mode:
            o = -(-span // strides[i]) + 1
            if (o - 1) * strides[i] >= ins[i] + pads[i]:
                o -= 1
        else:
            o = span // strides[i] + 1
        osz.append(o)
    N, C = x.shape[:2]
    y = np.zeros((N, C) + tuple(osz)); idx = np.zeros((N, C) + tuple(osz), dtype=np.int64)
    for nn in range(N):
        for c in range(C):
            for pos in np.ndindex(*osz):
                best = -np.inf; bi = -1; s = 0.0; cnt = 0; cntp = 0
                for kp in np.ndindex(*k):
                    ip = [pos[i] * strides[i] - pads[i] + kp[i] * dil[i] for i in range(n)]
                    if all(-pads[i] <= ip[i] < ins[i] + pads[i + n] for i in range(n)):
                        cntp += 1
                    if all(0 <= ip[i] < ins[i] for i in range(n)):
                        v = x[(nn, c) + tuple(ip)]
                        flat = ((nn * C + c) * int(np.prod(ins))) + int(np.ravel_multi_index(ip, ins))
                        if v > best:
                            best = v; bi = flat
                        s += v; cnt += 1
                if kind == "max":
                    y[(nn, c) + pos] = best; idx[(nn, c) + pos] = bi
                else:
                    y[(nn, c) + pos] = s / (cntp if count_pad else cnt)
    return y, idx


x = rnd(1, 2, 5, 6)
emit("mp_x", x)
y, idx = pool_ref(x, [3, 2], [2, 2], [1, 0, 1, 1], [1, 2], True, "max")
emit("mp_y", y); emit("mp_idx", idx, "int64_t")
y, _ = pool_ref(x, [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], True, "avg", count_pad=False)
emit("ap_y_excl", y)
y, _ = pool_ref(x, [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], True, "avg", count_pad=True)
emit("ap_y_incl", y)
x = rnd(2, 3, 4, 5)
emit("gp_x", x)
emit("gap_y", x.astype(np.float64).mean(axis=(2, 3), keepdims=True))
emit("gmp_y", x.astype(np.float64).max(axis=(2, 3), keepdims=True))

# ---------------- norms ----------------
section("norm")
x = rnd(2, 3, 2, 2); sc = rnd(3); bi = rnd(3); mean = rnd(3); var = (np.abs(rnd(3)) + 0.5).astype(np.float32)
emit("bn_x", x); emit("bn_s", sc); emit("bn_b", bi); emit("bn_m", mean); emit("bn_v", var)
xd = x.astype(np.float64)
r = lambda v: v.astype(np.float64).reshape(1, 3, 1, 1)
emit("bn_y", (xd - r(mean)) / np.sqrt(r(var) + 1e-3) * r(sc) + r(bi))
bm = xd.mean(axis=(0, 2, 3)); bv = xd.var(axis=(0, 2, 3))
emit("bn_train_y", (xd - bm.reshape(1, 3, 1, 1)) / np.sqrt(bv.reshape(1, 3, 1, 1) + 1e-3) * r(sc) + r(bi))
emit("bn_train_rm", mean * 0.8 + bm * 0.2); emit("bn_train_rv", var * 0.8 + bv * 0.2)

x = rnd(2, 3, 5)
emit("in_x", x)
m = x.astype(np.float64).mean(axis=2, keepdims=True); v = x.astype(np.float64).var(axis=2, keepdims=True)
emit("in_y", (x - m) / np.sqrt(v + 1e-5) * sc.reshape(1, 3, 1) + bi.reshape(1, 3, 1))

x = rnd(2, 3, 4); lsc = rnd(3, 4); lb = rnd(4)
emit("ln_x", x); emit("ln_s", lsc); emit("ln_b", lb)
xd = x.astype(np.float64)
m = xd.mean(axis=(1, 2), keepdims=True); v = xd.var(axis=(1, 2), keepdims=True)
emit("ln_y", (xd - m) / np.sqrt(v + 1e-5) * lsc + lb)
emit("ln_mean", m); emit("ln_invstd", 1.0 / np.sqrt(v + 1e-5))

x = rnd(1, 5, 2, 2)
emit("lrn_x", x)
xd = x.astype(np.float64); sq = np.zeros_like(xd); size = 3
for c in range(5):
    lo = max(0, c - (size - 1) // 2); hi = min(4, c + int(np.ceil((size - 1) / 2)))
    sq[:, c] = (xd[:, lo:hi + 1] ** 2).sum(axis=1)
emit("lrn_y", xd / (2.0 + 0.001 / size * sq) ** 0.6)

# ---------------- softmax ----------------
section("softmax")
x = rnd(2, 3, 4)
emit("sm_x", x)
xd = x.astype(np.float64)
def softmax(a, axis):
    e = np.exp(a - a.max(axis=axis, keepdims=True)); return e / e.sum(axis=axis, keepdims=True)
emit("sm13_y", softmax(xd, 1))                                  # opset 13, axis=1
emit("sm11_y", softmax(xd.reshape(2, 12), 1).reshape(2, 3, 4))  # opset 11, axis=1 (coerced 2-D)
emit("lsm13_y", np.log(softmax(xd, 1)))


# ---------------- recurrent ----------------
section("rnn")
def sig(v): return 1.0 / (1.0 + np.exp(-v))


def lstm_ref(X, W, R, B, lens, h0, c0, P, direction, clip=None):
    """Layout 0. Returns Y [S, D, B, H], Y_h, Y_c [D, B, H]."""
    S, Bn, _ = X.shape; D = W.shape[0]; H = R.shape[2]
    Y = np.zeros((S, D, Bn, H)); Yh = np.zeros((D, Bn, H)); Yc = np.zeros((D, Bn, H))
    for d in range(D):
        rev = direction == "reverse" or d == 1
        Wi, Wo, Wf, Wc = np.split(W[d].astype(np.float64), 4)
        Ri, Ro, Rf, Rc = np.split(R[d].astype(np.float64), 4)
        bsum = B[d][:4 * H].astype(np.float64) + B[d][4 * H:]
        bi_, bo, bf, bc = np.split(bsum, 4)
        pi, po, pf = np.split(P[d].astype(np.float64), 3)
        cl = (lambda v: np.clip(v, -clip, clip)) if clip else (lambda v: v)
        for b in range(Bn):
            h = h0[d, b].astype(np.float64); c = c0[d, b].astype(np.float64)
            order = range(lens[b] - 1, -1, -1) if rev else range(lens[b])
            for t in order:
                xt = X[t, b].astype(np.float64)
                i = sig(cl(Wi @ xt + Ri @ h + bi_ + pi * c))
                f = sig(cl(Wf @ xt + Rf @ h + bf + pf * c))
                g = np.tanh(cl(Wc @ xt + Rc @ h + bc))
                c = f * c + i * g
                o = sig(cl(Wo @ xt + Ro @ h + bo + po * c))
                h = o * np.tanh(c)
                Y[t, d, b] = h
            Yh[d, b] = h; Yc[d, b] = c
    return Y, Yh, Yc


S, Bn, I, H = 4, 2, 3, 2
X = rnd(S, Bn, I); W = rnd(2, 4 * H, I, scale=0.5); R = rnd(2, 4 * H, H, scale=0.5); B = rnd(2, 8 * H, scale=0.5)
lens = np.array([4, 2], dtype=np.int32); h0 = rnd(2, Bn, H); c0 = rnd(2, Bn, H); P = rnd(2, 3 * H, scale=0.5)
Y, Yh, Yc = lstm_ref(X, W, R, B, lens, h0, c0, P, "bidirectional")
emit("lstm_x", X); emit("lstm_w", W); emit("lstm_r", R); emit("lstm_b", B)
emit("lstm_lens", lens, "int32_t"); emit("lstm_h0", h0); emit("lstm_c0", c0); emit("lstm_p", P)
emit("lstm_y", Y); emit("lstm_yh", Yh); emit("lstm_yc", Yc)
# forward, no optional inputs but B; clip 0.5; layout 1 (inputs and outputs batch-major)
W1 = W[:1]; R1 = R[:1]; B1 = B[:1]
Y, Yh, Yc = lstm_ref(X, W1, R1, B1, [S] * Bn, np.zeros((1, Bn, H)), np.zeros((1, Bn, H)), np.zeros((1, 3 * H)),
                     "forward", clip=0.5)
emit("lstm_l1_x", X.transpose(1, 0, 2))
emit("lstm_l1_y", Y.transpose(2, 0, 1, 3)); emit("lstm_l1_yh", Yh.transpose(1, 0, 2))


def gru_ref(X, W, R, B, h0, lbr, direction):
    S, Bn, _ = X.shape; D = W.shape[0]; H = R.shape[2]
    Y = np.zeros((S, D, Bn, H)); Yh = np.zeros((D, Bn, H))
    for d in range(D):
        rev = direction == "reverse" or d == 1
        Wz, Wr, Wh = np.split(W[d].astype(np.float64), 3)
        Rz, Rr, Rh = np.split(R[d].astype(np.float64), 3)
        Wbz, Wbr, Wbh, Rbz, Rbr, Rbh = np.split(B[d].astype(np.float64), 6)
        for b in range(Bn):
            h = h0[d, b].astype(np.float64)
            for t in (range(S - 1, -1, -1) if rev else range(S)):
                xt = X[t, b].astype(np.float64)
                z = sig(Wz @ xt + Rz @ h + Wbz + Rbz)
                r = sig(Wr @ xt + Rr @ h + Wbr + Rbr)
                if lbr:
                    hh = np.tanh(Wh @ xt + Wbh + r * (Rh @ h + Rbh))
                else:
                    hh = np.tanh(Wh @ xt + Rh @ (r * h) + Rbh + Wbh)
                h = (1 - z) * hh + z * h
                Y[t, d, b] = h
            Yh[d, b] = h
    return Y, Yh


Wg = rnd(1, 3 * H, I, scale=0.5); Rg = rnd(1, 3 * H, H, scale=0.5); Bg = rnd(1, 6 * H, scale=0.5); hg = rnd(1, Bn, H)
emit("gru_w", Wg); emit("gru_r", Rg); emit("gru_b", Bg); emit("gru_h0", hg)
Y, Yh = gru_ref(X, Wg, Rg, Bg, hg, False, "reverse")
emit("gru_y", Y); emit("gru_yh", Yh)
Y, Yh = gru_ref(X, Wg, Rg, Bg, hg, True, "reverse")
emit("gru_lbr_y", Y); emit("gru_lbr_yh", Yh)

Wr_ = rnd(1, H, I, scale=0.5); Rr_ = rnd(1, H, H, scale=0.5)
emit("rnn_w", Wr_); emit("rnn_r", Rr_)
h = np.zeros((Bn, H)); Yr = np.zeros((S, 1, Bn, H))
for t in range(S):
    h = np.tanh(X[t].astype(np.float64) @ Wr_[0].T.astype(np.float64) + h @ Rr_[0].T.astype(np.float64))
    Yr[t, 0] = h
emit("rnn_y", Yr)

data_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
os.makedirs(data_dir, exist_ok=True)
for name, lines in sections.items():
    path = os.path.join(data_dir, "nn_%s.h" % name)
    guard = "GEFLOW_TESTS_NN_%s_H" % name.upper()
    with open(path, "w") as f:
        f.write("/* Generated by tests/unit/ops/gen/gen_nn.py (numpy); do not edit. */\n")
        f.write("#ifndef %s\n#define %s\n#include <math.h>\n#include <stdint.h>\n\n" % (guard, guard))
        f.write("\n".join(lines))
        f.write("\n\n#endif\n")
    print("wrote", os.path.normpath(path))

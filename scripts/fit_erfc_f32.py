#!/usr/bin/python3
"""Derives the erf / erfc polynomials of src/ops/ew_f32.c (least squares with relative
weights on Chebyshev nodes; numpy). Prints the coefficients (highest degree first) and the
fit's worst relative error in double; the float32 evaluation adds a few ulp.

  region A, 0 <= z < 0.5:  erf(z) = z * PA(z^2)                      (degree 4)
  region B, 0.5 <= z < 10: erfc(z) = exp(-z^2) * PB(t), t = 1/(1 + z/2) (degree 10)
"""
import math

import numpy as np


def fit_a(deg, zmax):
    u = (np.cos(np.linspace(0, np.pi, 2000)) + 1) / 2 * zmax**2
    z = np.maximum(np.sqrt(u), 1e-12)
    f = np.array([math.erf(v) / v for v in z])
    c = np.polyfit(u, f, deg, w=1 / f)
    uu = np.linspace(0, zmax**2, 20001)
    zz = np.maximum(np.sqrt(uu), 1e-12)
    ff = np.array([math.erf(v) / v for v in zz])
    return c, np.max(np.abs(np.polyval(c, uu) / ff - 1))


def fit_b(deg, z0, z1, a):
    t0, t1 = 1 / (1 + a * z1), 1 / (1 + a * z0)
    t = (np.cos(np.linspace(0, np.pi, 4000)) + 1) / 2 * (t1 - t0) + t0
    z = (1 / t - 1) / a
    f = np.array([math.erfc(v) * math.exp(v * v) for v in z])
    c = np.polyfit(t, f, deg, w=1 / f)
    tt = np.linspace(t0, t1, 40001)
    zz = (1 / tt - 1) / a
    ff = np.array([math.erfc(v) * math.exp(v * v) for v in zz])
    return c, np.max(np.abs(np.polyval(c, tt) / ff - 1))


for name, (c, err) in (("A", fit_a(4, 0.5)), ("B", fit_b(10, 0.5, 10.0, 0.5))):
    print(name, ", ".join("%.9ef" % v for v in c), "  # worst relative error %.2e" % err)

#!/usr/bin/env python3
"""numpy reference for the lab's EASE (Steck 2019) fit: seconds to fit, on the lab's matrix.

    python3 bench/ease_reference.py split.json --ratings public/datasets/movielens/ml-100k
        [--lambda 500] [--repeats 3]

The training matrix is the lab's (see multvae_reference.py: the split's training users and item
index, ratings > 3.5 as clicks). The fit is Steck's closed form as src/math/ease.ts computes it:
    G = X^T X + lambda I,  P = G^-1,  B = I - P diag(1 / diag P)   (B_jj = 0)
with numpy's np.linalg.inv on the Gram matrix, in float64 as the lab's. Timed: G, the inverse
and B (not reading the ratings). numpy's LAPACK/BLAS is whatever the system selects (Debian: the
reference BLAS unless OpenBLAS is installed); the JSON names numpy's build config's BLAS.
Progress goes to stderr, one JSON object to stdout.
"""
import argparse
import json
import os
import re
import statistics
import sys
import time

import numpy as np

from multvae_reference import training_matrix


def fit(x, lam):
    g = x.T @ x  # co-click counts
    g[np.diag_indices_from(g)] += lam
    p = np.linalg.inv(g)
    b = -p / np.diag(p)  # B_ij = -P_ij / P_jj
    b[np.diag_indices_from(b)] = 0
    return b


def mapped_libraries():
    """The BLAS / LAPACK shared libraries this process mapped (after the fit), by path."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if re.search(r"blas|lapack", line, re.I) and ".so" in line}
        return sorted(os.path.realpath(p) for p in libs) or None
    except OSError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("--ratings", required=True)
    ap.add_argument("--lambda", dest="lam", type=float, default=500)
    ap.add_argument("--repeats", type=int, default=3)
    o = ap.parse_args()
    x = training_matrix(o.split, o.ratings).astype(np.float64)
    print(f"[ease_reference] {x.shape[0]} users x {x.shape[1]} items, lambda {o.lam}", file=sys.stderr, flush=True)
    times = []
    for _ in range(o.repeats):
        t0 = time.perf_counter()
        fit(x, o.lam)
        times.append(time.perf_counter() - t0)
    blas = mapped_libraries()
    print(json.dumps({
        "items": x.shape[1],
        "users": x.shape[0],
        "lambda": o.lam,
        "numpy": np.__version__,
        "blas": blas,
        "fitSeconds": round(statistics.median(times), 3),
        "min": round(min(times), 3),
        "max": round(max(times), 3),
    }))


if __name__ == "__main__":
    main()

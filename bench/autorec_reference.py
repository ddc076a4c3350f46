#!/usr/bin/env python3
"""PyTorch reference for the lab's AutoRec (Sedhain et al. 2015), to compare figures and speed.

    python3 bench/autorec_reference.py split.json [--epochs 30] [--batch 64] [--lr 0.003]
        [--hidden 500] [--lambda 100] [--rows items|users] [--threads 1,0,-1] [--seed 1]

split.json is what the lab's `lab.exportSplit()` returns on the ratings task:
    {"format": "movielens-ratings-split", "version": 1,
     "train": [[userId, movieId, rating], ...], "validation": [...], "test": [...]}

Everything follows src/models/autorec.ts and src/engine/ratings-task.ts:
- users and movies are indexed as the lab does: ascending GroupLens ids of every user / movie
  with any rating (train, validation or test), so the matrix has a row for every movie even
  when all its ratings were held out (N, the number of rows, counts those too);
- I-AutoRec (--rows items): a row is a movie's training ratings over all users, 0 = missing;
  U-AutoRec (--rows users): a user's over all movies;
- h = sigmoid(r V + mu), r_hat = h W + b; V [d x H] and W [H x d] Glorot-uniform, mu = 0, b = the
  mean observed training rating of each column (the global mean for a column with none);
- loss of a batch = mean over its rows of sum_j ((r - r_hat) * m)^2, m = 1[r > 0],
  plus (lambda / (2 N)) (||W||^2 + ||V||^2);
- Adam (epsilon 1e-7, tfjs's default; betas 0.9 / 0.999), a fresh seeded permutation of the rows
  each epoch, floor(N / batch) batches (the remainder is dropped);
- predictions clipped to the rating scale (1-5 in whole stars, 0.5-5 with half stars); a
  validation or test rating whose user or movie has no training rating is predicted by the
  user + item biases (lambda_u = lambda_i = --bias-lambda, 5 unless given: the bench passes the
  lab's biasLambda default; alternating closed forms as in src/math/rating-baselines.ts), clipped;
- validation RMSE after every epoch; the best one's epoch and the test RMSE / MAE there.
What is not the same: the random streams (weights, batch order) are PyTorch's, not the lab's.

With --threads 1,0,-1 it trains once per entry: 1 = torch.set_num_threads(1), 0 = PyTorch's default
thread count, -1 = every core this process may use (n > 1: n threads). An entry whose thread count
equals one already run is listed but not run again. Progress goes to stderr, one JSON object to stdout.

BLAS: Debian's python3-torch is built with BLAS_INFO=generic: its matrix products go through
whatever libblas.so.3 the system's alternatives select, which is the slow reference BLAS (libblas3)
unless OpenBLAS is installed (apt-get install libopenblas0-pthread, or, without changing the
system, LD_LIBRARY_PATH=<dir holding OpenBLAS's libblas.so.3>). The JSON names the library used
("blas") and the build's BLAS_INFO, so the timings can be read for what they are. A generic build's
torch.set_num_threads does not reach OpenBLAS's own threads: add OPENBLAS_NUM_THREADS=1 for 1 thread.
"""
import argparse
import json
import os
import platform
import re
import sys
import time

import numpy as np

try:
    import torch
except ImportError:  # pragma: no cover - the bench checks this first
    sys.exit("PyTorch is missing: apt-get install python3-torch python3-numpy (Debian), or pip install torch numpy")

BIAS_LAMBDA = 5.0
BIAS_TOLERANCE = 1e-10
BIAS_SWEEPS = 100


def log(msg):
    print(f"[autorec_reference] {msg}", file=sys.stderr, flush=True)


def load_split(path):
    with open(path) as f:
        s = json.load(f)
    if s.get("format") != "movielens-ratings-split" or s.get("version") != 1:
        sys.exit(f"{path}: not a movielens-ratings-split version 1 file (format {s.get('format')!r}, version {s.get('version')!r})")
    parts = {k: np.asarray(s[k], dtype=np.float64).reshape(-1, 3) for k in ("train", "validation", "test")}
    every = np.concatenate(list(parts.values()))
    user_ids = np.unique(every[:, 0].astype(np.int64))
    item_ids = np.unique(every[:, 1].astype(np.int64))

    def triples(a):
        return {
            "user": np.searchsorted(user_ids, a[:, 0].astype(np.int64)),
            "item": np.searchsorted(item_ids, a[:, 1].astype(np.int64)),
            "rating": a[:, 2].astype(np.float32),
        }

    r = every[:, 2]
    whole = bool(np.all((r == np.round(r)) & (r >= 1) & (r <= 5)))
    scale = (1.0, 5.0) if whole else (0.5, 5.0)
    return user_ids, item_ids, {k: triples(a) for k, a in parts.items()}, scale


def fit_biases(train, users, items, lam_u=BIAS_LAMBDA, lam_i=BIAS_LAMBDA):
    """b_i = sum (r - mu - b_u) / (lam_i + |R(i)|), b_u = sum (r - mu - b_i) / (lam_u + |R(u)|), alternating."""
    u, i, r = train["user"], train["item"], train["rating"].astype(np.float64)
    mu = r.mean()
    nu = np.bincount(u, minlength=users).astype(np.float64)
    ni = np.bincount(i, minlength=items).astype(np.float64)
    bu = np.zeros(users)
    bi = np.zeros(items)
    for _ in range(BIAS_SWEEPS):
        si = np.bincount(i, weights=r - mu - bu[u], minlength=items)
        new_bi = np.where(ni > 0, si / (lam_i + ni), 0.0)
        su = np.bincount(u, weights=r - mu - new_bi[i], minlength=users)
        new_bu = np.where(nu > 0, su / (lam_u + nu), 0.0)
        change = max(np.abs(new_bi - bi).max(initial=0), np.abs(new_bu - bu).max(initial=0))
        bi, bu = new_bi, new_bu
        if change < BIAS_TOLERANCE:
            break
    return mu, bu, bi


def errors(pred, part):
    d = pred.astype(np.float64) - part["rating"].astype(np.float64)
    return {"rmse": float(np.sqrt(np.mean(d * d))), "mae": float(np.mean(np.abs(d)))}


class AutoRec(torch.nn.Module):
    def __init__(self, d, hidden, col_mean):
        super().__init__()
        self.V = torch.nn.Parameter(torch.empty(d, hidden))
        self.mu = torch.nn.Parameter(torch.zeros(hidden))
        self.W = torch.nn.Parameter(torch.empty(hidden, d))
        self.b = torch.nn.Parameter(torch.as_tensor(col_mean, dtype=torch.float32).clone())
        torch.nn.init.xavier_uniform_(self.V)  # U(+-sqrt(6 / (d + H))), symmetric in fan in / out
        torch.nn.init.xavier_uniform_(self.W)

    def forward(self, r):
        return torch.sigmoid(r @ self.V + self.mu) @ self.W + self.b


def thread_count(requested):
    """1 … n as asked; 0: PyTorch's default at start-up; -1: every core this process may use."""
    if requested > 0:
        return requested
    if requested == 0:
        return DEFAULT_THREADS
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def blas_library():
    """The BLAS shared library this process mapped (after a matrix product), by path."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and ".so" in line})
        return [os.path.realpath(x) for x in libs] or None
    except OSError:
        return None


def blas_info():
    m = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    return m.group(1) if m else None


def train_once(R, rows_are_items, data, users, items, scale, fallback, o, threads):
    """One training run on `threads` threads."""
    torch.set_num_threads(threads)
    torch.manual_seed(o.seed)
    n_rows, d = R.shape
    obs = R > 0
    count = obs.sum(0)
    global_mean = float(R[obs].mean())
    col_mean = np.where(count > 0, R.sum(0) / np.maximum(count, 1), global_mean).astype(np.float32)
    model = AutoRec(d, o.hidden, col_mean)
    opt = torch.optim.Adam(model.parameters(), lr=o.lr, betas=(0.9, 0.999), eps=1e-7)
    Rt = torch.from_numpy(R)
    B = min(o.batch, n_rows)
    per_epoch = n_rows // B
    penalty_scale = o.lam / (2 * n_rows)
    gen = torch.Generator().manual_seed(o.seed)
    user_trained = np.bincount(data["train"]["user"], minlength=users) > 0
    item_trained = np.bincount(data["train"]["item"], minlength=items) > 0

    def predict(part):
        with torch.no_grad():
            full = model(Rt).numpy()
        u, i = part["user"], part["item"]
        p = full[i, u] if rows_are_items else full[u, i]
        p = np.clip(p, scale[0], scale[1])
        cold = ~(user_trained[u] & item_trained[i])
        p = np.where(cold, fallback(u, i), p)
        return p

    best = None
    epoch_seconds = []
    eval_seconds = []
    for epoch in range(1, o.epochs + 1):
        t0 = time.perf_counter()
        order = torch.randperm(n_rows, generator=gen)
        for k in range(per_epoch):
            x = Rt[order[k * B:(k + 1) * B]]
            m = (x > 0).to(x.dtype)
            err = ((x - model(x)) * m).pow(2).sum(1).mean()
            loss = err + penalty_scale * (model.W.pow(2).sum() + model.V.pow(2).sum())
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        epoch_seconds.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        val = errors(predict(data["validation"]), data["validation"])
        if best is None or val["rmse"] < best["validation"]["rmse"]:
            best = {"epoch": epoch, "step": epoch * per_epoch, "validation": val, "test": errors(predict(data["test"]), data["test"])}
        eval_seconds.append(time.perf_counter() - t1)
        log(f"threads {torch.get_num_threads()}: epoch {epoch} {epoch_seconds[-1]:.3f} s, loss {loss.item():.3f}, val RMSE {val['rmse']:.4f} (best {best['validation']['rmse']:.4f} at epoch {best['epoch']})")
    # The first epoch pays for allocations and thread start-up: report the median too.
    return {
        "threads": torch.get_num_threads(),
        "secondsPerEpoch": round(float(np.mean(epoch_seconds)), 4),
        "medianSecondsPerEpoch": round(float(np.median(epoch_seconds)), 4),
        "evalSecondsPerEpoch": round(float(np.mean(eval_seconds)), 4),
        "updatesPerEpoch": per_epoch,
        "bestEpoch": best["epoch"],
        "bestStep": best["step"],
        "bestValRmse": round(best["validation"]["rmse"], 4),
        "testRmse": round(best["test"]["rmse"], 4),
        "testMae": round(best["test"]["mae"], 4),
    }


DEFAULT_THREADS = torch.get_num_threads()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("split", help="JSON from lab.exportSplit() on the ratings task")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--hidden", type=int, default=500)
    p.add_argument("--lambda", dest="lam", type=float, default=100.0)
    p.add_argument("--rows", choices=["items", "users"], default="items", help="items: I-AutoRec; users: U-AutoRec")
    p.add_argument("--threads", default="1,0,-1", help="comma-separated thread counts to run; 0 = PyTorch's default, -1 = every core")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bias-lambda", dest="bias_lambda", type=float, default=BIAS_LAMBDA, help="lambda_u = lambda_i of the biases that predict cold pairs (the lab's biasLambda default)")
    o = p.parse_args()

    user_ids, item_ids, data, scale = load_split(o.split)
    users, items = len(user_ids), len(item_ids)
    tr = data["train"]
    rows_are_items = o.rows == "items"
    R = np.zeros((items, users) if rows_are_items else (users, items), dtype=np.float32)
    if rows_are_items:
        R[tr["item"], tr["user"]] = tr["rating"]
    else:
        R[tr["user"], tr["item"]] = tr["rating"]

    mu, bu, bi = fit_biases(tr, users, items, o.bias_lambda, o.bias_lambda)

    def fallback(u, i):
        return np.clip(mu + bu[u] + bi[i], scale[0], scale[1])

    biases = {k: round(errors(fallback(data[k]["user"], data[k]["item"]), data[k])["rmse"], 4) for k in ("validation", "test")}
    cold = int(np.sum(~((np.bincount(tr["user"], minlength=users) > 0)[data["test"]["user"]] & (np.bincount(tr["item"], minlength=items) > 0)[data["test"]["item"]])))
    log(f"{users} users x {items} movies; {len(tr['rating'])} train / {len(data['validation']['rating'])} validation / {len(data['test']['rating'])} test ratings ({cold} cold); biases test RMSE {biases['test']}")

    runs = []
    done = set()
    names = {1: "1", 0: "default", -1: "all cores"}
    for requested in (int(x) for x in o.threads.split(",")):
        t = thread_count(requested)
        label = names.get(requested, str(requested))
        if t in done:
            log(f"threads {label} = {t}: already run")
            runs.append({"requested": label, "threads": t, "skipped": f"the same {t} thread(s) as a run above"})
            continue
        done.add(t)
        runs.append({"requested": label, **train_once(R, rows_are_items, data, users, items, scale, fallback, o, t)})
    print(
        json.dumps(
            {
                "reference": "PyTorch " + ("I-AutoRec" if rows_are_items else "U-AutoRec"),
                "torch": torch.__version__,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "defaultThreads": DEFAULT_THREADS,
                "blas": blas_library(),
                "blasInfo": blas_info(),
                "users": users,
                "items": items,
                "rows": R.shape[0],
                "ratings": {k: int(len(v["rating"])) for k, v in data.items()},
                "coldTestRatings": cold,
                "scale": list(scale),
                "settings": {"epochs": o.epochs, "batchSize": o.batch, "learningRate": o.lr, "hidden": o.hidden, "lambda": o.lam, "seed": o.seed},
                "biases": {"lambda": o.bias_lambda, "valRmse": biases["validation"], "testRmse": biases["test"]},
                "runs": runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

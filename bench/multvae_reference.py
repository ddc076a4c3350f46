#!/usr/bin/env python3
"""PyTorch reference for the lab's Mult-VAE and Mult-DAE (Liang et al. 2018): seconds per epoch.

    python3 bench/multvae_reference.py split.json --ratings public/datasets/movielens/ml-100k
        [--model vae|dae] [--epochs 5] [--batch 100] [--hidden 600] [--latent 200]
        [--keep 0.5] [--beta-cap 0.2] [--anneal-steps 2000] [--weight-decay 0.0001]
        [--threads 1,-1]

split.json is what `lab.exportSplit()` returns on the clicks task (format "movielens-split"): the
training users' ids and the column → movie id index. The training matrix is rebuilt from the
ratings as the lab builds it (src/data/movielens/protocol.ts): ratings > 3.5 are clicks, a row per
training user, a column per item in the split's index; so the shapes are the lab's exactly.

The nets are the lab's (src/models/mult-vae.ts, mult-dae.ts) and Liang's reference notebook:
- Mult-VAE, I-600-200-600-I: x / ||x||_2 -> dropout (keep 0.5, inverted) -> tanh 600 -> (mu, log var)
  200 -> z = mu + sigma * eps -> tanh 600 -> logits over items;
  loss per user = -sum_i x_i log softmax(logits)_i + beta * KL, beta = min(cap, updates / anneal steps);
- Mult-DAE, I-200-I: x / ||x||_2 -> dropout -> tanh 200 -> logits, the same likelihood, plus
  weight decay * sum ||W||^2 (the lab's weightDecay, 0.01 / batch in the bench);
- Adam (lr 1e-3, epsilon 1e-7, tfjs's default), a fresh permutation of the training users each epoch,
  floor(users / batch) batches (the remainder is dropped), as the lab's updatesPerEpoch.
Only speed is measured (no validation): the first epoch is a warm-up, then the median of the rest.

--threads 1,-1: 1 = torch.set_num_threads(1), -1 = every core this process may use. Debian's
python3-torch is a BLAS_INFO=generic build: its products go through the system's libblas.so.3 (the
slow reference BLAS unless OpenBLAS is installed); the JSON names the library, so read it with that.
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

try:
    import torch
    import torch.nn as nn
except ImportError:  # pragma: no cover - main() says so; ease_reference.py only needs the loader
    torch = None


def log(msg):
    print(f"[multvae_reference] {msg}", file=sys.stderr, flush=True)


def read_clicks(folder, click_above=3.5):
    """(user, movie) pairs with rating > click_above, from ml-100k's u.data or ml-latest-small's ratings.csv."""
    if os.path.exists(os.path.join(folder, "u.data")):
        a = np.loadtxt(os.path.join(folder, "u.data"), dtype=np.float64, usecols=(0, 1, 2))
    else:
        a = np.loadtxt(os.path.join(folder, "ratings.csv"), dtype=np.float64, delimiter=",", skiprows=1, usecols=(0, 1, 2))
    a = a[a[:, 2] > click_above]
    return a[:, 0].astype(np.int64), a[:, 1].astype(np.int64)


def training_matrix(split_path, folder):
    """X [training users x items], 0/1 float32, in the split's row and column order."""
    with open(split_path) as f:
        split = json.load(f)
    if split.get("format") != "movielens-split":
        sys.exit(f"{split_path} is not a clicks split (format {split.get('format')!r}): export it with lab.exportSplit() on Mult-VAE")
    rows = {u: r for r, u in enumerate(split["train"]["userIds"])}
    cols = {m: c for c, m in enumerate(split["itemIds"])}
    users, movies = read_clicks(folder)
    x = np.zeros((len(rows), len(cols)), dtype=np.float32)
    for u, m in zip(users.tolist(), movies.tolist()):
        r = rows.get(u)
        c = cols.get(m)
        if r is not None and c is not None:
            x[r, c] = 1.0
    return x


def blas_library():
    """The BLAS shared library this process mapped (after a matrix product), by path."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and ".so" in line})
        return [os.path.realpath(p) for p in libs] or None
    except OSError:
        return None


def blas_info():
    m = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    return m.group(1) if m else None


class MultAe(nn.Module if torch else object):
    """Mult-VAE (variational) or Mult-DAE: tanh layers, a linear output, dropout on the normalised input."""

    def __init__(self, items, hidden, latent, keep, variational):
        super().__init__()
        self.variational = variational
        self.keep = keep
        enc = [items, *hidden]
        self.trunk = nn.ModuleList(nn.Linear(a, b) for a, b in zip(enc[:-1], enc[1:]))
        self.head = nn.Linear(enc[-1], 2 * latent if variational else latent)
        dec = [latent, *reversed(hidden), items]
        self.decoder = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dec[:-1], dec[1:]))
        self.latent = latent

    def forward(self, x):
        h = x / x.norm(dim=1, keepdim=True).clamp_min(1e-12)
        h = nn.functional.dropout(h, 1 - self.keep, self.training)
        for layer in self.trunk:
            h = torch.tanh(layer(h))
        h = self.head(h)
        kl = None
        if self.variational:
            mu, logvar = h[:, : self.latent], h[:, self.latent :]
            h = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
            # KL(q || N(0, I)) per user, summed over dimensions.
            kl = (0.5 * (mu * mu + logvar.exp() - 1 - logvar)).sum(1).mean()
        else:
            h = torch.tanh(h)
        for i, layer in enumerate(self.decoder):
            h = layer(h)
            if i < len(self.decoder) - 1:
                h = torch.tanh(h)
        return h, kl


def seconds_per_epoch(x, o, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    hidden = [o.hidden] if o.hidden > 0 else []
    net = MultAe(x.shape[1], hidden, o.latent, o.keep, o.model == "vae")
    opt = torch.optim.Adam(net.parameters(), lr=o.lr, eps=1e-7)
    data = torch.from_numpy(x)
    batch = min(o.batch, x.shape[0])
    per_epoch = max(1, x.shape[0] // batch)
    gen = np.random.default_rng(1)
    update = 0
    times = []
    net.train()
    for epoch in range(o.epochs + 1):  # epoch 0: warm-up
        t0 = time.perf_counter()
        order = torch.from_numpy(gen.permutation(x.shape[0]))
        for b in range(per_epoch):
            xb = data[order[b * batch : (b + 1) * batch]]
            logits, kl = net(xb)
            # Multinomial likelihood: -sum_i x_i log softmax(f)_i, mean over users.
            loss = -(nn.functional.log_softmax(logits, 1) * xb).sum(1).mean()
            if kl is not None:
                loss = loss + min(o.beta_cap, update / o.anneal_steps) * kl
            elif o.weight_decay > 0:
                loss = loss + o.weight_decay * sum((p * p).sum() for n, p in net.named_parameters() if n.endswith("weight"))
            opt.zero_grad()
            loss.backward()
            opt.step()
            update += 1
        if epoch > 0:
            times.append(time.perf_counter() - t0)
    return {"threads": threads, "secondsPerEpoch": round(statistics.median(times), 4), "min": round(min(times), 4), "max": round(max(times), 4), "updatesPerEpoch": per_epoch}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("--ratings", required=True, help="the release's folder (u.data or ratings.csv)")
    ap.add_argument("--model", choices=["vae", "dae"], default="vae")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--hidden", type=int, default=None, help="600 for the VAE, 0 for the DAE unless given")
    ap.add_argument("--latent", type=int, default=200)
    ap.add_argument("--keep", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--beta-cap", type=float, default=0.2)
    ap.add_argument("--anneal-steps", type=float, default=200000)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--threads", default="1,-1")
    o = ap.parse_args()
    if torch is None:
        sys.exit("PyTorch is missing: apt-get install python3-torch python3-numpy (Debian), or pip install torch numpy")
    if o.hidden is None:
        o.hidden = 600 if o.model == "vae" else 0
    x = training_matrix(o.split, o.ratings)
    log(f"{o.model}: {x.shape[0]} users x {x.shape[1]} items, {int(x.sum())} clicks, batch {o.batch}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    runs = []
    for t in sorted({cores if int(s) < 1 else int(s) for s in o.threads.split(",")}):
        runs.append(seconds_per_epoch(x, o, t))
        log(json.dumps(runs[-1]))
    print(json.dumps({
        "model": f"mult-{o.model}",
        "layers": [x.shape[1], *([o.hidden] if o.hidden else []), o.latent, *([o.hidden] if o.hidden else []), x.shape[1]],
        "users": x.shape[0],
        "items": x.shape[1],
        "batch": o.batch,
        "epochs": o.epochs,
        "torch": torch.__version__,
        "blas": blas_library(),
        "blasInfo": blas_info(),
        "runs": runs,
    }))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch reference figures for `npm run bench`: training samples/s of the bench's two nets on
the lab's MNIST digits, on the CPU, with 1 thread and with every core. Prints one JSON object.

    python3 bench/torch_reference.py [--images public/datasets/mnist-10k-images-idx3-ubyte.gz]
        [--seconds 3] [--threads 1,0]        (0 = every logical core)

The nets, as scripts/bench.mjs runs them in the browser:
- bench:    784-256-32-256-784, ReLU (the code layer too, as in the lab), sigmoid output,
            Bernoulli cross-entropy summed over pixels (BCE with logits), Adam 1e-3, batch 128;
- convnetjs: ConvNetJS's MNIST autoencoder demo, 784-50-50-2-50-50-784, tanh, linear code,
            squared error, Adadelta (rho 0.95, eps 1e-6), L2 decay 0.001, batch 50.
Weights, batch order and the random streams are PyTorch's own: only the speed is compared.
"""
import argparse
import gzip
import json
import os
import time

import torch
from torch import nn


def digits(path, n=8000):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    count = int.from_bytes(raw[4:8], 'big')
    pixels = torch.frombuffer(bytearray(raw[16:16 + min(n, count) * 784]), dtype=torch.uint8)
    return pixels.reshape(-1, 784).float() / 255


def mlp(widths, act, code_act):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        last = i == len(widths) - 2
        is_code = i == (len(widths) - 1) // 2 - 1
        if not last and (code_act or not is_code):
            layers.append(act())
    return nn.Sequential(*layers)


def samples_per_second(x, net, batch, seconds):
    model = mlp(*net['layers'])
    opt = net['optimizer'](model.parameters())
    loss_fn = net['loss']
    n = x.shape[0] - x.shape[0] % batch

    def one_epoch(limit):
        perm = torch.randperm(x.shape[0])
        done = 0
        for s in range(0, n, batch):
            xb = x[perm[s:s + batch]]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
            done += batch
            if time.perf_counter() > limit:
                break
        return done

    one_epoch(time.perf_counter() + 0.5)  # warm-up
    t0 = time.perf_counter()
    done = 0
    while time.perf_counter() - t0 < seconds:
        done += one_epoch(t0 + seconds)
    return done / (time.perf_counter() - t0)


NETS = {
    'bench': {
        'layers': ([784, 256, 32, 256, 784], nn.ReLU, True),
        'batch': 128,
        'optimizer': lambda p: torch.optim.Adam(p, lr=1e-3, eps=1e-7),
        'loss': lambda logits, x: nn.functional.binary_cross_entropy_with_logits(logits, x, reduction='sum') / x.shape[0],
    },
    'convnetjs': {
        'layers': ([784, 50, 50, 2, 50, 50, 784], nn.Tanh, False),
        'batch': 50,
        'optimizer': lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.95, eps=1e-6, weight_decay=0.001),
        'loss': lambda y, x: 0.5 * ((y - x) ** 2).sum() / x.shape[0],
    },
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--images', default=os.path.join(here, '..', 'public', 'datasets', 'mnist-10k-images-idx3-ubyte.gz'))
    ap.add_argument('--seconds', type=float, default=3)
    ap.add_argument('--threads', default='1,0')
    a = ap.parse_args()
    x = digits(a.images)
    torch.manual_seed(1)
    out = {'torch': torch.__version__, 'cores': os.cpu_count(), 'runs': []}
    for t in [int(s) for s in a.threads.split(',')]:
        threads = t if t > 0 else os.cpu_count()
        torch.set_num_threads(threads)
        for name, net in NETS.items():
            sps = samples_per_second(x, net, net['batch'], a.seconds)
            out['runs'].append({'net': name, 'threads': threads, 'samplesPerSecond': round(sps)})
    print(json.dumps(out))


if __name__ == '__main__':
    main()

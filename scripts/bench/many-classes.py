#!/usr/bin/env python3
"""What many classes cost a training step: the Dice + cross-entropy loss (forward and backward) and a
whole step of the U-Net Auto builds (its 1x1 head included), at 117 classes (the AAL atlas) and 2, with
the service's loss (training/losses.py) beside the autograd formula it replaced as the baseline.
Prints one markdown table.

Usage:
    .venv/bin/python scripts/bench/many-classes.py [--size 256] [--batch 8] [--steps 4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ml-service"))

from medseg_ml.networks.factory import build_network, network_spec  # noqa: E402
from medseg_ml.training.losses import SMOOTH, dice_ce  # noqa: E402

Loss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def autograd_dice_ce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """The baseline: the same value, with autograd's backward (training/losses.py before 32e26c7)."""
    b, k = logits.shape[:2]
    log_p = torch.log_softmax(logits, dim=1)
    p = log_p.exp()
    flat = target.reshape(b, -1)
    at_target = p.reshape(b, k, -1).gather(1, flat[:, None]).reshape(b, -1)
    intersection = p.new_zeros(b, k).scatter_add_(1, flat, at_target)
    ground = p.new_zeros(b, k).scatter_add_(1, flat, torch.ones_like(at_target))
    predicted = p.sum(dim=tuple(range(2, p.dim())))
    dice = (1 - (2 * intersection + SMOOTH) / (ground + predicted + SMOOTH)).mean()
    return dice + F.nll_loss(log_p, target)


def median_ms(run: Callable[[], None], steps: int) -> float:
    run()  # the first call sets up kernels and memory
    times = []
    for _ in range(steps):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def loss_ms(loss: Loss, classes: int, args: argparse.Namespace) -> float:
    logits = torch.randn(args.batch, classes, args.size, args.size, requires_grad=True)
    target = torch.randint(0, classes, (args.batch, args.size, args.size))

    def run() -> None:
        loss(logits, target).backward()
        logits.grad = None

    return median_ms(run, args.steps)


def step_ms(loss: Loss, classes: int, args: argparse.Namespace) -> float:
    network = build_network(
        network_spec("unet", in_channels=1, out_channels=classes, depth=5, base_channels=16)
    )
    optimizer = torch.optim.Adam(network.parameters(), 1e-3)
    images = torch.randn(args.batch, 1, args.size, args.size)
    target = torch.randint(0, classes, (args.batch, args.size, args.size))

    def run() -> None:
        optimizer.zero_grad()
        loss(network(images), target).backward()
        optimizer.step()

    return median_ms(run, args.steps)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--steps", type=int, default=4)
    args = parser.parse_args()
    torch.manual_seed(0)
    rows = {}
    for what, measure in (("loss forward + backward", loss_ms), ("training step", step_ms)):
        for classes in (117, 2):
            rows[what, classes] = (measure(autograd_dice_ce, classes, args), measure(dice_ce, classes, args))
    threads = torch.get_num_threads()
    print(
        f"\nbatch {args.batch}, {args.size} px, median of {args.steps} after one warm-up, {threads} threads\n"
    )
    print("| | autograd backward (baseline) | training/losses.py |")
    print("| --- | ---: | ---: |")
    for (what, classes), (base, ours) in rows.items():
        print(f"| {what}, {classes} classes | {base:.0f} ms | {ours:.0f} ms |")
    ratio = [rows["training step", 117][i] / rows["training step", 2][i] for i in (0, 1)]
    print(f"| training step, 117 classes / 2 classes | {ratio[0]:.1f}x | {ratio[1]:.1f}x |")


if __name__ == "__main__":
    main()

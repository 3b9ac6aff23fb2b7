"""What a training step is made of: the loss, the optimizer and its settings, mixed precision, one step.

The service's loop (loop.py) and the bare benchmark (scripts/bench/train-bare.py) both step through
`train_step`, so the benchmark measures the very step the service takes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from medseg_ml.training.hyperparameters import Hyperparameters, LossName
from medseg_ml.training.losses import dice_ce

# Final learning rate of the cosine schedule, as a share of the initial one.
FINAL_LR_FACTOR = 0.01
ADAMW_WEIGHT_DECAY = 1e-2
# nnU-Net's SGD: Nesterov momentum 0.99, weight decay 3e-5, poly exponent 0.9.
SGD_MOMENTUM = 0.99
SGD_WEIGHT_DECAY = 3e-5
POLY_EXPONENT = 0.9
# The learning rate rises linearly over the first epoch, or over this share of all epochs when that
# is shorter, so the first steps from random weights (large gradients, Adam's unsettled moments, SGD's
# momentum building up) cannot throw the network far off.
WARMUP_EPOCHS = 1.0
MAX_WARMUP_SHARE = 0.05

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def build_loss(name: LossName) -> LossFn:
    """Loss of logits (B, K, H, W) against class indices (B, H, W) (long)."""
    if name == "cross_entropy":
        ce = nn.CrossEntropyLoss()
        return lambda logits, target: ce(logits, target)
    # MONAI's DiceCELoss / DiceLoss in value and gradient, without a one-hot target (losses.py).
    with_ce = name == "dice_ce"
    return lambda logits, target: dice_ce(logits, target, with_ce=with_ce)


def build_optimizer(hp: Hyperparameters, parameters: Any) -> torch.optim.Optimizer:
    if hp.optimizer == "adamw":
        return torch.optim.AdamW(parameters, lr=hp.learning_rate, weight_decay=ADAMW_WEIGHT_DECAY)
    if hp.optimizer == "sgd":
        return torch.optim.SGD(
            parameters,
            lr=hp.learning_rate,
            momentum=SGD_MOMENTUM,
            nesterov=True,
            weight_decay=SGD_WEIGHT_DECAY,
        )
    return torch.optim.Adam(parameters, lr=hp.learning_rate)


def warmup_epochs(hp: Hyperparameters) -> float:
    """Epochs of poly's linear warm-up: one, or MAX_WARMUP_SHARE of a shorter training."""
    return min(WARMUP_EPOCHS, MAX_WARMUP_SHARE * hp.epochs)


def learning_rate_factor(hp: Hyperparameters, progress: float) -> float:
    """The share of hp.learning_rate in force `progress` epochs into training (0 <= progress < epochs).

    A pure function of progress, so a resumed job (or one whose batch size was halved, which changes
    the steps per epoch) continues on the same curve.
    """
    epochs = hp.epochs
    if hp.lr_schedule == "cosine":
        # Stepped once per epoch, as torch's CosineAnnealingLR was in the recipe before poly.
        t = math.floor(progress)
        return FINAL_LR_FACTOR + (1 - FINAL_LR_FACTOR) * (1 + math.cos(math.pi * t / epochs)) / 2
    warmup = warmup_epochs(hp)
    if progress < warmup:
        return (progress + 1e-3) / (warmup + 1e-3)
    return max(0.0, 1 - (progress - warmup) / (epochs - warmup)) ** POLY_EXPONENT


def set_learning_rate(optimizer: torch.optim.Optimizer, hp: Hyperparameters, progress: float) -> float:
    learning_rate = hp.learning_rate * learning_rate_factor(hp, progress)
    for group in optimizer.param_groups:
        group["lr"] = learning_rate
    return learning_rate


def optimizer_settings(hp: Hyperparameters) -> dict[str, Any]:
    """What the card records beyond the hyper-parameters, so a run can be repeated."""
    settings: dict[str, Any] = {"lr_schedule": hp.lr_schedule}
    if hp.lr_schedule == "cosine":
        settings["final_lr"] = hp.learning_rate * FINAL_LR_FACTOR
    else:
        settings["poly_exponent"] = POLY_EXPONENT
        settings["warmup_epochs"] = warmup_epochs(hp)
    if hp.optimizer == "adamw":
        settings["weight_decay"] = ADAMW_WEIGHT_DECAY
    if hp.optimizer == "sgd":
        settings.update(momentum=SGD_MOMENTUM, nesterov=True, weight_decay=SGD_WEIGHT_DECAY)
    return settings


def grad_scaler(device: torch.device) -> torch.amp.GradScaler:
    """float16 mixed precision on CUDA (with cuDNN autotuning on), float32 on the CPU (a disabled scaler)."""
    amp = device.type == "cuda"
    if amp:
        torch.backends.cudnn.benchmark = True
    return torch.amp.GradScaler(device.type, enabled=amp)


def is_out_of_memory(error: BaseException) -> bool:
    """CUDA's OutOfMemoryError, or the CPU allocator refusing a tensor (a RuntimeError saying so)."""
    if isinstance(error, torch.OutOfMemoryError):
        return True
    text = str(error)
    return isinstance(error, RuntimeError) and (
        "can't allocate memory" in text or "out of memory" in text.lower()
    )


def train_step(
    network: nn.Module,
    images: torch.Tensor,
    masks: torch.Tensor,
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    scaler: torch.amp.GradScaler,
    guidance: torch.Tensor | None = None,
) -> torch.Tensor:
    """One optimizer step on a batch; the forward runs under float16 autocast when `scaler` is enabled.

    Args:
        images: (B, C, S, S) float32 and masks (B, S, S) long, on the network's device.
        guidance: a guided network's maps (B, 2K, S, S) (training/guided_batches.py); None otherwise.

    Returns:
        The batch's loss (a scalar tensor, still on the device).
    """
    with torch.autocast(images.device.type, dtype=torch.float16, enabled=scaler.is_enabled()):
        logits = network(images) if guidance is None else network(images, guidance)
    loss = loss_fn(logits.float(), masks)
    optimizer.zero_grad(set_to_none=True)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    return loss

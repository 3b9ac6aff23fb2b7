"""What a training step is made of: the loss, the optimizer and its settings, mixed precision, one step.

The service's loop (loop.py) and the bare benchmark (scripts/bench/train-bare.py) both step through
`train_step`, so the benchmark measures the very step the service takes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from monai.losses import DiceCELoss, DiceLoss
from torch import nn

from medseg_ml.training.hyperparameters import Hyperparameters, LossName

# Final learning rate of the cosine schedule, as a share of the initial one.
FINAL_LR_FACTOR = 0.01
ADAMW_WEIGHT_DECAY = 1e-2
SGD_MOMENTUM = 0.9

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def build_loss(name: LossName) -> LossFn:
    """Loss of logits (B, K, H, W) against class indices (B, H, W) (long)."""
    if name == "cross_entropy":
        ce = nn.CrossEntropyLoss()
        return lambda logits, target: ce(logits, target)
    monai_loss: nn.Module = (
        DiceCELoss(to_onehot_y=True, softmax=True)
        if name == "dice_ce"
        else DiceLoss(to_onehot_y=True, softmax=True)
    )
    return lambda logits, target: monai_loss(logits, target[:, None])


def build_optimizer(hp: Hyperparameters, parameters: Any) -> torch.optim.Optimizer:
    if hp.optimizer == "adamw":
        return torch.optim.AdamW(parameters, lr=hp.learning_rate, weight_decay=ADAMW_WEIGHT_DECAY)
    if hp.optimizer == "sgd":
        return torch.optim.SGD(parameters, lr=hp.learning_rate, momentum=SGD_MOMENTUM)
    return torch.optim.Adam(parameters, lr=hp.learning_rate)


def optimizer_settings(hp: Hyperparameters) -> dict[str, Any]:
    """What the card records beyond the hyper-parameters, so a run can be repeated."""
    settings: dict[str, Any] = {
        "lr_schedule": "cosine",
        "final_lr": hp.learning_rate * FINAL_LR_FACTOR,
    }
    if hp.optimizer == "adamw":
        settings["weight_decay"] = ADAMW_WEIGHT_DECAY
    if hp.optimizer == "sgd":
        settings["momentum"] = SGD_MOMENTUM
    return settings


def grad_scaler(device: torch.device) -> torch.amp.GradScaler:
    """float16 mixed precision on CUDA (with cuDNN autotuning on), float32 on the CPU (a disabled scaler)."""
    amp = device.type == "cuda"
    if amp:
        torch.backends.cudnn.benchmark = True
    return torch.amp.GradScaler(device.type, enabled=amp)


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

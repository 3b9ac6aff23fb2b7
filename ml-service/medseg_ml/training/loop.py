"""The blocking training loop: epochs of training and validation, progress callbacks, best/last weights.

Runs in a worker thread. `cancel` is checked before every batch, so a cancel takes effect within one
batch. On CUDA the forward pass runs under float16 autocast with a GradScaler; on CPU in float32. After
each epoch a Checkpoint goes to `on_checkpoint` (to disk, by the runner), and `train` can start again from
one, so a job cut short continues where its last epoch ended. The step itself is optimization.py's,
validation the source's (epoch_source.py: 2D slices; volume_source.py: unet_3d patches), a guided
network's simulated prompts guided_batches.py's, and the records and checkpoint records.py's.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

import torch
from torch import nn

from medseg_ml.job import Cancelled
from medseg_ml.training.epoch_source import EpochSource
from medseg_ml.training.guided_batches import GuidanceSimulator
from medseg_ml.training.hyperparameters import Hyperparameters
from medseg_ml.training.optimization import (
    FINAL_LR_FACTOR,
    build_loss,
    build_optimizer,
    grad_scaler,
    train_step,
)
from medseg_ml.training.records import (
    Checkpoint,
    EpochRecord,
    StateDict,
    StepRecord,
    TrainingResult,
    cpu_copy,
)
from medseg_ml.training.validation import ranking

STEP_INTERVAL_S = 0.25


class TrainingDivergedError(Exception):
    """The loss stopped being a finite number."""


def train(
    network: nn.Module,
    source: EpochSource,
    hp: Hyperparameters,
    class_count: int,
    device: torch.device,
    cancel: threading.Event,
    on_step: Callable[[StepRecord], None],
    on_epoch: Callable[[EpochRecord], None],
    clock: Callable[[], float] = time.monotonic,
    start: Checkpoint | None = None,
    on_checkpoint: Callable[[Checkpoint], None] = lambda _checkpoint: None,
    guidance: GuidanceSimulator | None = None,
) -> TrainingResult:
    """Train `network` for hp.epochs, validating after each epoch.

    Args:
        source: the epoch's batches and its validation (2D slices or unet_3d patches).
        on_step: called at most every STEP_INTERVAL_S, and at each epoch's last step.
        on_epoch: called after each epoch's validation, after `on_checkpoint`.
        start: continue after this checkpoint's epoch instead of from epoch 1.
        on_checkpoint: called after each epoch's validation with the state to continue from.
        guidance: a guided network's simulated prompts for each batch; validation stays automatic
            (no prompts), so its Dice means what it means for every other model.

    Returns:
        Best (by validation Dice) and last weights on the CPU, and the per-epoch history.

    Raises:
        Cancelled: `cancel` was set; checked before every batch.
        TrainingDivergedError: the training loss became NaN or infinite.
    """
    source.place(device)
    network = network.to(device)
    loss_fn = build_loss(hp.loss)
    optimizer = build_optimizer(hp, network.parameters())
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=hp.epochs, eta_min=hp.learning_rate * FINAL_LR_FACTOR
    )
    scaler = grad_scaler(device)
    generator = torch.Generator().manual_seed(hp.seed)
    steps = source.step_count
    started = clock()
    last_report = -math.inf
    history: list[EpochRecord] = []
    best_state: StateDict = {}
    best_dice = -math.inf
    best_epoch = 0
    checkpoint = start
    if start is not None:
        network.load_state_dict(start.network)
        optimizer.load_state_dict(start.optimizer)
        scheduler.load_state_dict(start.scheduler)
        if start.scaler:  # empty from a CPU run, which a resume on CUDA may follow
            scaler.load_state_dict(start.scaler)
        generator.set_state(start.generator)
        history = list(start.history)
        best_state, best_dice, best_epoch = start.best_state, start.best_dice, start.best_epoch
        started -= start.elapsed_seconds

    def eta(progress_epochs: float) -> float:
        elapsed = clock() - started
        if progress_epochs <= 0:
            return 0.0
        return elapsed / progress_epochs * (hp.epochs - progress_epochs)

    for epoch in range(1 if start is None else start.epoch + 1, hp.epochs + 1):
        network.train()
        learning_rate = optimizer.param_groups[0]["lr"]
        batches = source.batches(generator, device, hp.augmentation)
        epoch_started = clock()
        loss_sum = torch.zeros((), device=device)
        seen = 0
        for step in range(1, steps + 1):
            if cancel.is_set():
                raise Cancelled()
            images, masks = next(batches)
            maps = guidance.guidance(network, images, masks, generator) if guidance is not None else None
            loss = train_step(network, images, masks, loss_fn, optimizer, scaler, maps)
            loss_sum += loss.detach() * images.shape[0]
            seen += images.shape[0]
            now = clock()
            if now - last_report >= STEP_INTERVAL_S or step == steps:
                last_report = now
                on_step(
                    StepRecord(
                        epoch=epoch,
                        epochs=hp.epochs,
                        step=step,
                        total_steps=steps,
                        train_loss=loss_sum.item() / seen,
                        samples_per_second=seen / max(now - epoch_started, 1e-9),
                        elapsed_seconds=now - started,
                        eta_seconds=eta(epoch - 1 + step / steps),
                    )
                )
        train_loss = loss_sum.item() / max(seen, 1)
        train_seconds = clock() - epoch_started
        if not math.isfinite(train_loss):
            raise TrainingDivergedError(
                f"The training loss became {train_loss} in epoch {epoch}; lower learning_rate and try again"
            )
        scores = source.validate(network, class_count, loss_fn, device, cancel)
        scheduler.step()
        is_best = best_epoch == 0 or ranking(scores.dice) > ranking(best_dice)
        if is_best:
            best_dice, best_epoch = scores.dice, epoch
            best_state = cpu_copy(network)
        record = EpochRecord(
            epoch=epoch,
            epochs=hp.epochs,
            train_loss=train_loss,
            val_loss=scores.loss,
            val_dice=scores.dice,
            val_iou=scores.iou,
            val_dice_per_class=scores.dice_per_class,
            val_iou_per_class=scores.iou_per_class,
            learning_rate=learning_rate,
            samples_per_second=seen / max(train_seconds, 1e-9),
            elapsed_seconds=clock() - started,
            eta_seconds=eta(epoch),
            is_best=is_best,
        )
        history.append(record)
        checkpoint = Checkpoint(
            epoch=epoch,
            network=cpu_copy(network),
            best_state=best_state,
            best_epoch=best_epoch,
            best_dice=best_dice,
            history=list(history),
            optimizer=optimizer.state_dict(),
            scheduler=scheduler.state_dict(),
            scaler=scaler.state_dict(),
            generator=generator.get_state(),
            elapsed_seconds=clock() - started,
        )
        # Stored before the epoch is announced: a client never sees an epoch a resume would repeat.
        on_checkpoint(checkpoint)
        on_epoch(record)
    if checkpoint is None:
        raise ValueError("hp.epochs must be at least 1")
    return checkpoint.result(hp, device)

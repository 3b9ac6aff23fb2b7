"""The blocking training loop: epochs of training and validation, progress callbacks, best/last weights.

Runs in a worker thread. `cancel` is checked before every batch, so a cancel takes effect within one
batch. The learning rate follows the schedule (optimization.learning_rate_factor) step by step. The best
epoch is the one with the highest exponential moving average of the validation Dice (nnU-Net's way: one
lucky validation does not pick the model), which can also stop training early. A step that runs out of
memory halves the batch size and starts its epoch over. On CUDA the forward pass runs under float16
autocast with a GradScaler; on CPU in float32. After each epoch a Checkpoint goes to `on_checkpoint` (to
disk, by the runner), and `train` can start again from one, so a job cut short continues where its last
epoch ended. The step itself is optimization.py's, validation the source's (epoch_source.py: 2D slices;
volume_source.py: unet_3d patches), a guided network's simulated prompts guided_batches.py's, and the
records and checkpoint records.py's.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

import torch
from torch import nn

from medseg_ml.job import Cancelled
from medseg_ml.training.augmenters import augmenter_for
from medseg_ml.training.epoch_source import EpochSource
from medseg_ml.training.guided_batches import GuidanceSimulator
from medseg_ml.training.hyperparameters import Hyperparameters
from medseg_ml.training.optimization import (
    build_loss,
    build_optimizer,
    grad_scaler,
    is_out_of_memory,
    set_learning_rate,
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
# Weight of the newest epoch in the moving average of validation Dice (nnU-Net: 0.1).
DICE_EMA_WEIGHT = 0.1


class TrainingDivergedError(Exception):
    """The loss stopped being a finite number."""


class OutOfMemoryError(Exception):
    """A batch of one sample still does not fit in the device's memory."""


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
    on_notice: Callable[[str], None] = lambda _message: None,
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
        on_notice: told, for a person, when training changes course (a smaller batch, an early stop).

    Returns:
        Best (by validation Dice) and last weights on the CPU, and the per-epoch history.

    Raises:
        Cancelled: `cancel` was set; checked before every batch.
        TrainingDivergedError: the training loss became NaN or infinite.
        OutOfMemoryError: even one sample per batch runs out of memory.
    """
    source.place(device)
    network = network.to(device)
    loss_fn = build_loss(hp.loss)
    optimizer = build_optimizer(hp, network.parameters())
    augmenter = augmenter_for(hp)
    scaler = grad_scaler(device)
    generator = torch.Generator().manual_seed(hp.seed)
    started = clock()
    last_report = -math.inf
    history: list[EpochRecord] = []
    best_state: StateDict = {}
    best_dice = -math.inf
    best_epoch = 0
    ema_dice = math.nan
    best_score = -math.inf
    checkpoint = start
    if start is not None:
        network.load_state_dict(start.network)
        optimizer.load_state_dict(start.optimizer)
        if start.scaler:  # empty from a CPU run, which a resume on CUDA may follow
            scaler.load_state_dict(start.scaler)
        generator.set_state(start.generator)
        history = list(start.history)
        best_state, best_dice, best_epoch = start.best_state, start.best_dice, start.best_epoch
        ema_dice, best_score = start.ema_dice, start.best_score
        if start.batch_size and start.batch_size < source.batch_size:
            source.set_batch_size(start.batch_size)
        started -= start.elapsed_seconds

    def eta(progress_epochs: float) -> float:
        elapsed = clock() - started
        if progress_epochs <= 0:
            return 0.0
        return elapsed / progress_epochs * (hp.epochs - progress_epochs)

    def train_epoch(epoch: int) -> tuple[float, int, float]:
        """One pass over the epoch's batches: (loss sum over samples, samples, seconds)."""
        nonlocal last_report
        steps = source.step_count
        batches = source.batches(generator, device, augmenter)
        epoch_started = clock()
        loss_sum = torch.zeros((), device=device)
        seen = 0
        for step in range(1, steps + 1):
            if cancel.is_set():
                raise Cancelled()
            set_learning_rate(optimizer, hp, epoch - 1 + (step - 1) / steps)
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
        return loss_sum.item(), seen, clock() - epoch_started

    for epoch in range(1 if start is None else start.epoch + 1, hp.epochs + 1):
        network.train()
        while True:
            try:
                loss_sum, seen, train_seconds = train_epoch(epoch)
                break
            except Exception as e:  # noqa: BLE001 - only memory errors are handled, the rest re-raised
                if not is_out_of_memory(e):
                    raise
                _shrink_batch(source, device, on_notice, epoch)
        # The rate of the epoch's last step: past the warm-up, the top of the epoch's (falling) curve.
        learning_rate = optimizer.param_groups[0]["lr"]
        train_loss = loss_sum / max(seen, 1)
        if not math.isfinite(train_loss):
            raise TrainingDivergedError(
                f"The training loss became {train_loss} in epoch {epoch}; lower learning_rate and try again"
            )
        scores = source.validate(network, class_count, loss_fn, device, cancel)
        if math.isfinite(scores.dice):
            ema_dice = (
                scores.dice
                if not math.isfinite(ema_dice)
                else (1 - DICE_EMA_WEIGHT) * ema_dice + DICE_EMA_WEIGHT * scores.dice
            )
        is_best = best_epoch == 0 or ranking(ema_dice) > best_score
        if is_best:
            best_dice, best_epoch, best_score = scores.dice, epoch, ranking(ema_dice)
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
            scheduler={},
            scaler=scaler.state_dict(),
            generator=generator.get_state(),
            elapsed_seconds=clock() - started,
            ema_dice=ema_dice,
            best_score=best_score,
            batch_size=source.batch_size,
        )
        # Stored before the epoch is announced: a client never sees an epoch a resume would repeat.
        on_checkpoint(checkpoint)
        on_epoch(record)
        patience = hp.early_stopping_patience
        if patience and epoch - best_epoch >= patience and epoch < hp.epochs:
            on_notice(
                f"stopped early after epoch {epoch}: the smoothed validation Dice has not improved for "
                f"{patience} epochs (best: epoch {best_epoch})"
            )
            break
    if checkpoint is None:
        raise ValueError("hp.epochs must be at least 1")
    return checkpoint.result(hp, device)


def _shrink_batch(
    source: EpochSource, device: torch.device, on_notice: Callable[[str], None], epoch: int
) -> None:
    """Halve the batch size after a step ran out of memory, or give up at one sample per batch."""
    size = source.batch_size
    if device.type == "cuda":
        torch.cuda.empty_cache()
    if size <= 1:
        raise OutOfMemoryError(
            f"Training ran out of {device.type.upper()} memory even with one sample per batch; lower "
            "input_size (or patch_size), base_channels or depth and try again"
        )
    source.set_batch_size(size // 2)
    on_notice(
        f"out of {device.type.upper()} memory at batch size {size} in epoch {epoch}: continuing with "
        f"batch size {size // 2}, starting the epoch over"
    )

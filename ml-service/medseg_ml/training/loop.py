"""The blocking training loop: epochs of training and validation, progress callbacks, best/last weights.

Runs in a worker thread. `cancel` is checked before every batch, so a cancel takes effect within one
batch. On CUDA the forward pass runs under float16 autocast with a GradScaler; on CPU in float32. After
each epoch a Checkpoint goes to `on_checkpoint` (to disk, by the runner), and `train` can start again from
one, so a job cut short continues where its last epoch ended.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from monai.losses import DiceCELoss, DiceLoss
from torch import nn

from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.job import Cancelled
from medseg_ml.training.augment import augment
from medseg_ml.training.data import TrainingData, class_indices
from medseg_ml.training.hyperparameters import Hyperparameters, LossName

logger = logging.getLogger(__name__)

STEP_INTERVAL_S = 0.25
# Final learning rate of the cosine schedule, as a share of the initial one.
FINAL_LR_FACTOR = 0.01
ADAMW_WEIGHT_DECAY = 1e-2
SGD_MOMENTUM = 0.9
# The whole dataset moves to the GPU when it takes at most this share of the free memory.
DATA_ON_GPU_SHARE = 0.25

StateDict = dict[str, torch.Tensor]
LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


class TrainingDivergedError(Exception):
    """The loss stopped being a finite number."""


@dataclass(frozen=True)
class StepRecord:
    epoch: int
    epochs: int
    step: int
    total_steps: int
    train_loss: float
    samples_per_second: float
    elapsed_seconds: float
    eta_seconds: float

    def to_proto(self) -> pb.TrainingStep:
        return pb.TrainingStep(**asdict(self))


@dataclass(frozen=True)
class EpochRecord:
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float
    val_dice: float
    val_iou: float
    val_dice_per_class: list[float]
    val_iou_per_class: list[float]
    learning_rate: float
    samples_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    is_best: bool

    def to_proto(self) -> pb.EpochMetrics:
        return pb.EpochMetrics(**asdict(self))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TrainingResult:
    best_state: StateDict
    last_state: StateDict
    best_epoch: int
    best_val_dice: float
    history: list[EpochRecord] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class Checkpoint:
    """The state after a finished epoch: enough to continue training, or to keep the model so far.

    Weights are CPU copies. The optimizer, scheduler and scaler states are the live ones: save them
    before training continues.
    """

    epoch: int
    network: StateDict
    best_state: StateDict
    best_epoch: int
    best_dice: float
    history: list[EpochRecord]
    optimizer: dict[str, Any]
    scheduler: dict[str, Any]
    scaler: dict[str, Any]
    # The shuffling and augmentation generator's state.
    generator: torch.Tensor
    elapsed_seconds: float

    def result(self, hp: Hyperparameters, device: torch.device) -> TrainingResult:
        """The model as of this epoch: its best and last weights and the history so far."""
        return TrainingResult(
            best_state=self.best_state,
            last_state=self.network,
            best_epoch=self.best_epoch,
            best_val_dice=self.best_dice,
            history=list(self.history),
            settings={
                **optimizer_settings(hp),
                "mixed_precision": "float16" if device.type == "cuda" else "none",
            },
        )


@dataclass(frozen=True)
class ValidationScores:
    loss: float
    dice_per_class: list[float]
    iou_per_class: list[float]

    @property
    def dice(self) -> float:
        return _foreground_mean(self.dice_per_class)

    @property
    def iou(self) -> float:
        return _foreground_mean(self.iou_per_class)


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


def batch_bounds(count: int, batch_size: int) -> list[tuple[int, int]]:
    """[start, end) of each batch; a last batch of one sample joins the one before (BatchNorm needs 2)."""
    bounds = [(start, min(start + batch_size, count)) for start in range(0, count, batch_size)]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
        bounds[-2:] = [(bounds[-2][0], count)]
    return bounds


def place_data(data: TrainingData, device: torch.device) -> TrainingData:
    """Keep the data where batches are cheapest to take: on the GPU when it fits easily, else pinned RAM."""
    if device.type != "cuda":
        return data
    free, _ = torch.cuda.mem_get_info(device)
    if data.nbytes <= free * DATA_ON_GPU_SHARE:
        return data.to(device)
    try:
        images, masks = data.images.pin_memory(), data.masks.pin_memory()
    except RuntimeError:
        return data  # the OS would not lock that much memory: copies are just slower
    return TrainingData(images, masks, data.pair_indices, data.unlisted_labels)


def train(
    network: nn.Module,
    data: TrainingData,
    train_rows: torch.Tensor,
    val_rows: torch.Tensor,
    hp: Hyperparameters,
    class_count: int,
    device: torch.device,
    cancel: threading.Event,
    on_step: Callable[[StepRecord], None],
    on_epoch: Callable[[EpochRecord], None],
    clock: Callable[[], float] = time.monotonic,
    start: Checkpoint | None = None,
    on_checkpoint: Callable[[Checkpoint], None] = lambda _checkpoint: None,
) -> TrainingResult:
    """Train `network` for hp.epochs, validating after each epoch.

    Args:
        data: every pair, images (N, C, S, S) and masks (N, S, S).
        train_rows, val_rows: (T,) and (V,) long row numbers into `data`.
        on_step: called at most every STEP_INTERVAL_S, and at each epoch's last step.
        on_epoch: called after each epoch's validation, after `on_checkpoint`.
        start: continue after this checkpoint's epoch instead of from epoch 1.
        on_checkpoint: called after each epoch's validation with the state to continue from.

    Returns:
        Best (by validation Dice) and last weights on the CPU, and the per-epoch history.

    Raises:
        Cancelled: `cancel` was set; checked before every batch.
        TrainingDivergedError: the training loss became NaN or infinite.
    """
    amp = device.type == "cuda"
    if amp:
        torch.backends.cudnn.benchmark = True
    data = place_data(data, device)
    network = network.to(device)
    loss_fn = build_loss(hp.loss)
    optimizer = build_optimizer(hp, network.parameters())
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=hp.epochs, eta_min=hp.learning_rate * FINAL_LR_FACTOR
    )
    scaler = torch.amp.GradScaler(device.type, enabled=amp)
    generator = torch.Generator().manual_seed(hp.seed)
    steps = batch_bounds(len(train_rows), hp.batch_size)
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
        order = train_rows[torch.randperm(len(train_rows), generator=generator)]
        epoch_started = clock()
        loss_sum = torch.zeros((), device=device)
        seen = 0
        for step, (start, end) in enumerate(steps, 1):
            if cancel.is_set():
                raise Cancelled()
            images, masks = _batch(data, order[start:end], device)
            if hp.augmentation:
                images, masks = augment(images, masks, generator)
            with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
                logits = network(images)
            loss = loss_fn(logits.float(), masks)
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            loss_sum += loss.detach() * (end - start)
            seen += end - start
            now = clock()
            if now - last_report >= STEP_INTERVAL_S or step == len(steps):
                last_report = now
                on_step(
                    StepRecord(
                        epoch=epoch,
                        epochs=hp.epochs,
                        step=step,
                        total_steps=len(steps),
                        train_loss=loss_sum.item() / seen,
                        samples_per_second=seen / max(now - epoch_started, 1e-9),
                        elapsed_seconds=now - started,
                        eta_seconds=eta(epoch - 1 + step / len(steps)),
                    )
                )
        train_loss = loss_sum.item() / max(seen, 1)
        train_seconds = clock() - epoch_started
        if not math.isfinite(train_loss):
            raise TrainingDivergedError(
                f"The training loss became {train_loss} in epoch {epoch}; lower learning_rate and try again"
            )
        scores = validate(network, data, val_rows, hp.batch_size, class_count, loss_fn, device, cancel)
        scheduler.step()
        is_best = scores.dice > best_dice
        if is_best:
            best_dice, best_epoch = scores.dice, epoch
            best_state = _cpu_copy(network)
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
            network=_cpu_copy(network),
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


def validate(
    network: nn.Module,
    data: TrainingData,
    rows: torch.Tensor,
    batch_size: int,
    class_count: int,
    loss_fn: LossFn,
    device: torch.device,
    cancel: threading.Event,
) -> ValidationScores:
    """Loss, and Dice and IoU per class over all validation pixels at once (argmax predictions).

    A class absent from both the masks and the predictions scores 1.0: nothing to find, nothing found.
    """
    network.eval()
    amp = device.type == "cuda"
    confusion = torch.zeros((class_count, class_count), dtype=torch.long, device=device)
    loss_sum = torch.zeros((), device=device)
    with torch.inference_mode():
        for start, end in batch_bounds(len(rows), batch_size):
            if cancel.is_set():
                raise Cancelled()
            images, masks = _batch(data, rows[start:end], device)
            with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
                logits = network(images)
            loss_sum += loss_fn(logits.float(), masks) * (end - start)
            predicted = class_indices(logits)
            confusion += torch.bincount(
                (masks * class_count + predicted).flatten(), minlength=class_count * class_count
            ).reshape(class_count, class_count)
    true_positive = confusion.diagonal().double()
    # Rows are the truth, columns the prediction.
    union_sum = confusion.sum(dim=1).double() + confusion.sum(dim=0).double()
    dice = torch.where(union_sum > 0, 2 * true_positive / union_sum.clamp(min=1), 1.0)
    union = union_sum - true_positive
    iou = torch.where(union > 0, true_positive / union.clamp(min=1), 1.0)
    return ValidationScores(
        loss=loss_sum.item() / max(len(rows), 1), dice_per_class=dice.tolist(), iou_per_class=iou.tolist()
    )


def _batch(data: TrainingData, rows: torch.Tensor, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Images (B, C, S, S) float32 and masks (B, S, S) long on `device`."""
    rows = rows.to(data.images.device)
    images = data.images[rows].to(device, non_blocking=True)
    masks = data.masks[rows].to(device, non_blocking=True).long()
    return images, masks


def _cpu_copy(network: nn.Module) -> StateDict:
    return {k: v.detach().to("cpu", copy=True).contiguous() for k, v in network.state_dict().items()}


def _foreground_mean(values: list[float]) -> float:
    foreground = values[1:]
    return sum(foreground) / len(foreground) if foreground else 0.0

"""What a training run reports and keeps: step and epoch records, the checkpoint of an epoch, the result."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import torch

from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.training.hyperparameters import Hyperparameters
from medseg_ml.training.optimization import optimizer_settings

StateDict = dict[str, torch.Tensor]


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
        """JSON-ready: NaN (a metric without a value) becomes None, as JSON has no NaN."""
        return {k: _json_number(v) for k, v in asdict(self).items()}


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
    # The moving average of validation Dice the best epoch is chosen by, and its value at that epoch
    # (loop.DICE_EMA_WEIGHT); checkpoints written before it have neither.
    ema_dice: float = math.nan
    best_score: float = -math.inf
    # The batch size in force (smaller than asked for after running out of memory); 0: as asked.
    batch_size: int = 0

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
                "best_epoch_by": "moving average of validation Dice (weight 0.1 for the newest epoch)",
                **(
                    {"batch_size_used": self.batch_size}
                    if self.batch_size and self.batch_size != hp.batch_size
                    else {}
                ),
            },
        )


def cpu_copy(network: torch.nn.Module) -> StateDict:
    """The network's weights, copied to the CPU (they stay valid while training goes on)."""
    return {k: v.detach().to("cpu", copy=True).contiguous() for k, v in network.state_dict().items()}


def _json_number(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list):
        return [_json_number(v) for v in value]
    return value

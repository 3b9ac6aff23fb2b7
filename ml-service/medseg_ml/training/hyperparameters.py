"""Training hyper-parameters: the request's values with the service defaults filled in, range-checked."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2
from medseg_ml.networks.factory import Architecture, size_multiple
from medseg_ml.training.volume_plan import (
    DEFAULT_BATCH_SIZE_3D,
    DEFAULT_FOREGROUND_OVERSAMPLING,
    MAX_PATCH_SIDE,
    MAX_TARGET_SPACING_MM,
    MIN_PATCH_SIDE,
    patch_size_problem,
    plan_volume,
    target_spacing_problem,
)

OptimizerName = Literal["adam", "adamw", "sgd"]
LossName = Literal["dice_ce", "dice", "cross_entropy"]
AugmentationPresetName = Literal["nnunet", "light"]
ScheduleName = Literal["poly", "cosine"]

ARCHITECTURE_NAMES: dict[int, Architecture] = {
    pb.ARCHITECTURE_UNET: "unet",
    pb.ARCHITECTURE_ATTENTION_UNET: "attention_unet",
    pb.ARCHITECTURE_RESUNET: "resunet",
    pb.ARCHITECTURE_UNET_3D: "unet_3d",
}
OPTIMIZER_NAMES: dict[int, OptimizerName] = {
    pb.OPTIMIZER_ADAM: "adam",
    pb.OPTIMIZER_ADAMW: "adamw",
    pb.OPTIMIZER_SGD: "sgd",
}
LOSS_NAMES: dict[int, LossName] = {
    pb.LOSS_FUNCTION_DICE_CE: "dice_ce",
    pb.LOSS_FUNCTION_DICE: "dice",
    pb.LOSS_FUNCTION_CROSS_ENTROPY: "cross_entropy",
}
AUGMENTATION_PRESET_NAMES: dict[int, AugmentationPresetName] = {
    pb.AUGMENTATION_PRESET_NNUNET: "nnunet",
    pb.AUGMENTATION_PRESET_LIGHT: "light",
}
SCHEDULE_NAMES: dict[int, ScheduleName] = {
    pb.LEARNING_RATE_SCHEDULE_POLY: "poly",
    pb.LEARNING_RATE_SCHEDULE_COSINE: "cosine",
}

ADAM_LEARNING_RATE = 1e-3
SGD_LEARNING_RATE = 1e-2
MAX_EPOCHS = 1000
MAX_BATCH_SIZE = 256
MIN_INPUT_SIZE = 32
# Every input_size is a multiple of this, however shallow the network.
MIN_INPUT_SIZE_MULTIPLE = 16
MAX_INPUT_SIZE = 1024
MAX_VALIDATION_FRACTION = 0.5
MIN_DEPTH, MAX_DEPTH = 2, 6
MIN_BASE_CHANNELS, MAX_BASE_CHANNELS = 4, 128
# Browsers and the gateway hold the seed as a JavaScript number; 31 bits are exact everywhere.
# Zero cannot be asked for: on the wire it means "the default".
MIN_SEED, MAX_SEED = 1, 2**31 - 1
# More than half the activations dropped trains poorly; MONAI Label's epistemic strategy uses 0.2.
MAX_DROPOUT = 0.5


class HyperparameterError(ValueError):
    """A hyper-parameter is out of range; the message names the field and what it accepts."""


@dataclass(frozen=True)
class Hyperparameters:
    """Values in force for one job. The defaults suit a few hundred 2D slices on one GPU."""

    epochs: int = 30
    learning_rate: float = ADAM_LEARNING_RATE
    batch_size: int = 8
    architecture: Architecture = "unet"
    input_size: int = 256
    validation_fraction: float = 0.2
    augmentation: bool = True
    optimizer: OptimizerName = "adam"
    loss: LossName = "dice_ce"
    seed: int = 42
    depth: int = 4
    base_channels: int = 16
    encoder_depth: int = 18
    # unet_3d only (empty for the 2D architectures): patch (slice, row, column) in voxels, target
    # spacing in mm (all zeros = each case's own).
    patch_size: tuple[int, ...] = ()
    target_spacing: tuple[float, ...] = ()
    # nnU-Net's share of samples forced to hold foreground: unet_3d's patches centred on a foreground
    # voxel (patches.py), the 2D networks' slices holding a drawn class (foreground_rows.py).
    foreground_oversampling: float = DEFAULT_FOREGROUND_OVERSAMPLING
    # Share of activations dropped in training; above 0 RankCases can rank by Monte-Carlo dropout.
    dropout: float = 0.0
    # Also take guidance maps of prompts (points, boxes, scribbles, lassos), simulated from the masks in
    # training (guidance/simulate.py); without prompts the model still segments automatically.
    guided: bool = False
    augmentation_preset: AugmentationPresetName = "nnunet"
    lr_schedule: ScheduleName = "poly"
    # Epochs without a gain in the smoothed validation Dice before training stops; 0 = never.
    early_stopping_patience: int = 0

    @property
    def is_3d(self) -> bool:
        return self.architecture == "unet_3d"

    @classmethod
    def from_proto(
        cls, message: pb.Hyperparameters, fingerprint: volume_pb2.DatasetFingerprint | None = None
    ) -> Hyperparameters:
        """Fill zero fields with defaults and check ranges.

        Args:
            fingerprint: the dataset's; unet_3d's empty patch_size and target_spacing come from it.

        Raises:
            HyperparameterError: the first field out of range.
        """
        d = cls()
        architecture = _enum("architecture", message.architecture, ARCHITECTURE_NAMES, d.architecture)
        depth = message.depth or d.depth
        volume: dict[str, Any] = {}
        if architecture == "unet_3d":
            plan = plan_volume(fingerprint, depth)
            volume = {
                "patch_size": tuple(int(v) for v in message.patch_size) or plan.patch_size,
                "target_spacing": tuple(float(v) for v in message.target_spacing) or plan.target_spacing,
            }
        optimizer = _enum("optimizer", message.optimizer, OPTIMIZER_NAMES, d.optimizer)
        values = cls(
            epochs=message.epochs or d.epochs,
            learning_rate=message.learning_rate or default_learning_rate(optimizer),
            batch_size=message.batch_size or (DEFAULT_BATCH_SIZE_3D if volume else d.batch_size),
            architecture=architecture,
            input_size=message.input_size or d.input_size,
            validation_fraction=message.validation_fraction or d.validation_fraction,
            augmentation=message.augmentation,
            optimizer=optimizer,
            loss=_enum("loss", message.loss, LOSS_NAMES, d.loss),
            seed=message.seed or d.seed,
            depth=depth,
            base_channels=message.base_channels or d.base_channels,
            encoder_depth=message.encoder_depth or d.encoder_depth,
            dropout=message.dropout,
            guided=message.guided,
            augmentation_preset=_enum(
                "augmentation_preset",
                message.augmentation_preset,
                AUGMENTATION_PRESET_NAMES,
                d.augmentation_preset,
            ),
            lr_schedule=_enum("lr_schedule", message.lr_schedule, SCHEDULE_NAMES, d.lr_schedule),
            early_stopping_patience=message.early_stopping_patience,
            foreground_oversampling=message.foreground_oversampling or d.foreground_oversampling,
            **volume,
        )
        values.validate()
        return values

    def validate(self) -> None:
        """Raises HyperparameterError for the first field out of range."""
        _int_range("epochs", self.epochs, 1, MAX_EPOCHS)
        if not (math.isfinite(self.learning_rate) and 0 < self.learning_rate <= 1):
            raise HyperparameterError(
                f"hyperparameters.learning_rate must be in (0, 1], got {self.learning_rate:g}"
            )
        _int_range("batch_size", self.batch_size, 1, MAX_BATCH_SIZE)
        _int_range("depth", self.depth, MIN_DEPTH, MAX_DEPTH)
        _int_range("base_channels", self.base_channels, MIN_BASE_CHANNELS, MAX_BASE_CHANNELS)
        _int_range("seed", self.seed, MIN_SEED, MAX_SEED)
        _int_range("early_stopping_patience", self.early_stopping_patience, 0, MAX_EPOCHS)
        if self.encoder_depth not in (18, 34):
            raise HyperparameterError(
                f"hyperparameters.encoder_depth must be 18 or 34, got {self.encoder_depth}"
            )
        multiple = self.input_size_multiple
        if not (MIN_INPUT_SIZE <= self.input_size <= MAX_INPUT_SIZE and self.input_size % multiple == 0):
            why = "resunet" if self.architecture == "resunet" else f"depth {self.depth}"
            raise HyperparameterError(
                f"hyperparameters.input_size must be a multiple of {multiple} from {MIN_INPUT_SIZE} to "
                f"{MAX_INPUT_SIZE} for {why}, got {self.input_size}"
            )
        if not (
            math.isfinite(self.validation_fraction)
            and 0 < self.validation_fraction <= MAX_VALIDATION_FRACTION
        ):
            raise HyperparameterError(
                f"hyperparameters.validation_fraction must be in (0, {MAX_VALIDATION_FRACTION}], "
                f"got {self.validation_fraction:g}"
            )
        if not (math.isfinite(self.dropout) and 0 <= self.dropout <= MAX_DROPOUT):
            raise HyperparameterError(
                f"hyperparameters.dropout must be in [0, {MAX_DROPOUT}], got {self.dropout:g}"
            )
        if not (math.isfinite(self.foreground_oversampling) and 0 <= self.foreground_oversampling <= 1):
            raise HyperparameterError(
                "hyperparameters.foreground_oversampling must be in [0, 1], "
                f"got {self.foreground_oversampling:g}"
            )
        if self.is_3d:
            self._validate_volume_fields()

    def _validate_volume_fields(self) -> None:
        if (why := patch_size_problem(self.patch_size, self.depth)) is not None:
            raise HyperparameterError(f"hyperparameters.patch_size {why}")
        if (why := target_spacing_problem(self.target_spacing)) is not None:
            raise HyperparameterError(f"hyperparameters.target_spacing {why}")

    @property
    def input_size_multiple(self) -> int:
        """input_size must divide evenly through every downsampling of the network, and by 16 at least."""
        return max(MIN_INPUT_SIZE_MULTIPLE, size_multiple(self.architecture, self.depth))

    def to_proto(self) -> pb.Hyperparameters:
        return pb.Hyperparameters(
            epochs=self.epochs,
            learning_rate=self.learning_rate,
            batch_size=self.batch_size,
            architecture=_enum_value(ARCHITECTURE_NAMES, self.architecture),
            input_size=self.input_size,
            validation_fraction=self.validation_fraction,
            augmentation=self.augmentation,
            optimizer=_enum_value(OPTIMIZER_NAMES, self.optimizer),
            loss=_enum_value(LOSS_NAMES, self.loss),
            seed=self.seed,
            depth=self.depth,
            base_channels=self.base_channels,
            encoder_depth=self.encoder_depth,
            patch_size=list(self.patch_size),
            target_spacing=list(self.target_spacing),
            foreground_oversampling=self.foreground_oversampling,
            dropout=self.dropout,
            guided=self.guided,
            augmentation_preset=_enum_value(AUGMENTATION_PRESET_NAMES, self.augmentation_preset),
            lr_schedule=_enum_value(SCHEDULE_NAMES, self.lr_schedule),
            early_stopping_patience=self.early_stopping_patience,
        )

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        return {**values, "patch_size": list(self.patch_size), "target_spacing": list(self.target_spacing)}


def default_learning_rate(optimizer: OptimizerName) -> float:
    """nnU-Net's 1e-2 for SGD with Nesterov momentum; 1e-3 for Adam and AdamW."""
    return SGD_LEARNING_RATE if optimizer == "sgd" else ADAM_LEARNING_RATE


def volume_defaults(fingerprint: volume_pb2.DatasetFingerprint) -> Hyperparameters:
    """unet_3d's values for a dataset with this fingerprint (what StartTrainingJob fills in for it)."""
    return Hyperparameters.from_proto(pb.Hyperparameters(architecture=pb.ARCHITECTURE_UNET_3D), fingerprint)


def training_defaults(
    fingerprint: volume_pb2.DatasetFingerprint | None = None,
) -> pb.GetTrainingDefaultsResponse:
    """The rules `Hyperparameters.validate` enforces, for clients to check a form against; with a
    fingerprint, also the unet_3d defaults for its dataset."""
    d = Hyperparameters()

    def span(field: str, low: float, high: float, step: float, **extra: Any) -> pb.HyperparameterRange:
        return pb.HyperparameterRange(field=field, min=low, max=high, step=step, **extra)

    ranges = [
        span("epochs", 1, MAX_EPOCHS, 1),
        span("learning_rate", 0, 1, 1e-6, min_exclusive=True),
        span("batch_size", 1, MAX_BATCH_SIZE, 1),
        # The smallest multiple any network accepts; input_size_rules give the one in force.
        span("input_size", MIN_INPUT_SIZE, MAX_INPUT_SIZE, MIN_INPUT_SIZE_MULTIPLE),
        span("validation_fraction", 0, MAX_VALIDATION_FRACTION, 0.05, min_exclusive=True),
        span("depth", MIN_DEPTH, MAX_DEPTH, 1),
        span("base_channels", MIN_BASE_CHANNELS, MAX_BASE_CHANNELS, 4),
        span("encoder_depth", 18, 34, 16, allowed=[18, 34]),
        span("seed", MIN_SEED, MAX_SEED, 1),
        # unet_3d: each side of patch_size (its multiple is input_size_rules' for unet_3d and depth).
        span("patch_size", MIN_PATCH_SIDE, MAX_PATCH_SIDE, 2),
        span("target_spacing", 0, MAX_TARGET_SPACING_MM, 0.01),
        # Every architecture.
        span("foreground_oversampling", 0, 1, 0.01),
        span("dropout", 0, MAX_DROPOUT, 0.05),
        span("early_stopping_patience", 0, MAX_EPOCHS, 1),
    ]
    rules = [
        pb.InputSizeRule(
            architecture=_enum_value(ARCHITECTURE_NAMES, architecture),
            depth=depth,
            multiple=Hyperparameters(architecture=architecture, depth=depth).input_size_multiple,
        )
        # unet_3d ignores input_size: its patch_size sides follow the same 2**(depth-1) rule instead.
        for architecture in ("unet", "attention_unet")
        for depth in range(MIN_DEPTH, MAX_DEPTH + 1)
    ]
    # A ResNet encoder's multiple does not depend on depth (networks.factory.size_multiple).
    rules.append(
        pb.InputSizeRule(
            architecture=pb.ARCHITECTURE_RESUNET,
            depth=0,
            multiple=Hyperparameters(architecture="resunet").input_size_multiple,
        )
    )
    answer = pb.GetTrainingDefaultsResponse(defaults=d.to_proto(), ranges=ranges, input_size_rules=rules)
    if fingerprint is not None:
        answer.volume_defaults.CopyFrom(volume_defaults(fingerprint).to_proto())
    return answer


def _int_range(field: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise HyperparameterError(f"hyperparameters.{field} must be from {low} to {high}, got {value}")


def _enum(field: str, value: int, names: dict[int, Any], default: Any) -> Any:
    if value == 0:
        return default
    if value not in names:
        raise HyperparameterError(
            f"hyperparameters.{field} must be one of {', '.join(names.values())}, got enum value {value}"
        )
    return names[value]


def _enum_value(names: dict[int, Any], name: str) -> int:
    return next(number for number, n in names.items() if n == name)

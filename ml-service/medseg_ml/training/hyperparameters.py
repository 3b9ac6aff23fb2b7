"""Training hyper-parameters: the request's values with the service defaults filled in, range-checked."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.networks.factory import Architecture, size_multiple

OptimizerName = Literal["adam", "adamw", "sgd"]
LossName = Literal["dice_ce", "dice", "cross_entropy"]

ARCHITECTURE_NAMES: dict[int, Architecture] = {
    pb.ARCHITECTURE_UNET: "unet",
    pb.ARCHITECTURE_ATTENTION_UNET: "attention_unet",
    pb.ARCHITECTURE_RESUNET: "resunet",
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


class HyperparameterError(ValueError):
    """A hyper-parameter is out of range; the message names the field and what it accepts."""


@dataclass(frozen=True)
class Hyperparameters:
    """Values in force for one job. The defaults suit a few hundred 2D slices on one GPU."""

    epochs: int = 30
    learning_rate: float = 1e-3
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

    @classmethod
    def from_proto(cls, message: pb.Hyperparameters) -> Hyperparameters:
        """Fill zero fields with defaults and check ranges.

        Raises:
            HyperparameterError: the first field out of range.
        """
        d = cls()
        values = cls(
            epochs=message.epochs or d.epochs,
            learning_rate=message.learning_rate or d.learning_rate,
            batch_size=message.batch_size or d.batch_size,
            architecture=_enum("architecture", message.architecture, ARCHITECTURE_NAMES, d.architecture),
            input_size=message.input_size or d.input_size,
            validation_fraction=message.validation_fraction or d.validation_fraction,
            augmentation=message.augmentation,
            optimizer=_enum("optimizer", message.optimizer, OPTIMIZER_NAMES, d.optimizer),
            loss=_enum("loss", message.loss, LOSS_NAMES, d.loss),
            seed=message.seed or d.seed,
            depth=message.depth or d.depth,
            base_channels=message.base_channels or d.base_channels,
            encoder_depth=message.encoder_depth or d.encoder_depth,
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
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def training_defaults() -> pb.GetTrainingDefaultsResponse:
    """The rules `Hyperparameters.validate` enforces, for clients to check a form against."""
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
    ]
    rules = [
        pb.InputSizeRule(
            architecture=_enum_value(ARCHITECTURE_NAMES, architecture),
            depth=depth,
            multiple=Hyperparameters(architecture=architecture, depth=depth).input_size_multiple,
        )
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
    return pb.GetTrainingDefaultsResponse(defaults=d.to_proto(), ranges=ranges, input_size_rules=rules)


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

"""Hyper-parameters: defaults for zero fields, ranges named in the messages, and the echo."""

from __future__ import annotations

import math

import pytest

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.training.hyperparameters import HyperparameterError, Hyperparameters, training_defaults


def test_zero_fields_take_the_defaults() -> None:
    hp = Hyperparameters.from_proto(pb.Hyperparameters(augmentation=True))
    assert hp == Hyperparameters()
    assert (hp.epochs, hp.learning_rate, hp.batch_size, hp.input_size) == (30, 1e-3, 8, 256)
    assert (hp.architecture, hp.optimizer, hp.loss, hp.seed) == ("unet", "adam", "dice_ce", 42)
    assert (hp.validation_fraction, hp.depth, hp.base_channels, hp.encoder_depth) == (0.2, 4, 16, 18)
    # nnU-Net's foreground oversampling, for the 2D networks as for unet_3d.
    assert hp.foreground_oversampling == pytest.approx(0.33)


def test_augmentation_is_taken_as_sent() -> None:
    assert Hyperparameters.from_proto(pb.Hyperparameters(augmentation=False)).augmentation is False


def test_echo_round_trips_every_field() -> None:
    sent = pb.Hyperparameters(
        epochs=5,
        learning_rate=0.01,
        batch_size=2,
        architecture=pb.ARCHITECTURE_RESUNET,
        input_size=96,
        validation_fraction=0.3,
        augmentation=True,
        optimizer=pb.OPTIMIZER_SGD,
        loss=pb.LOSS_FUNCTION_CROSS_ENTROPY,
        seed=7,
        depth=3,
        base_channels=8,
        encoder_depth=34,
        dropout=0.2,
        augmentation_preset=pb.AUGMENTATION_PRESET_LIGHT,
        lr_schedule=pb.LEARNING_RATE_SCHEDULE_COSINE,
        early_stopping_patience=12,
        foreground_oversampling=0.5,
    )
    assert Hyperparameters.from_proto(sent).to_proto() == sent


def test_sgd_defaults_to_nnunets_learning_rate() -> None:
    assert Hyperparameters.from_proto(pb.Hyperparameters(optimizer=pb.OPTIMIZER_SGD)).learning_rate == 1e-2
    assert Hyperparameters.from_proto(pb.Hyperparameters(optimizer=pb.OPTIMIZER_ADAM)).learning_rate == 1e-3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"epochs": 1001}, "hyperparameters.epochs must be from 1 to 1000, got 1001"),
        ({"learning_rate": 1.5}, "hyperparameters.learning_rate must be in (0, 1], got 1.5"),
        ({"learning_rate": -0.1}, "hyperparameters.learning_rate must be in (0, 1], got -0.1"),
        ({"learning_rate": math.nan}, "hyperparameters.learning_rate must be in (0, 1], got nan"),
        ({"batch_size": 257}, "hyperparameters.batch_size must be from 1 to 256, got 257"),
        (
            {"input_size": 100},
            "hyperparameters.input_size must be a multiple of 16 from 32 to 1024 for depth 4",
        ),
        ({"input_size": 16}, "hyperparameters.input_size must be a multiple of 16 from 32 to 1024"),
        ({"input_size": 2048}, "hyperparameters.input_size must be a multiple of 16 from 32 to 1024"),
        (
            {"input_size": 48, "architecture": pb.ARCHITECTURE_RESUNET},
            "hyperparameters.input_size must be a multiple of 32 from 32 to 1024 for resunet, got 48",
        ),
        ({"input_size": 48, "depth": 6}, "multiple of 32 from 32 to 1024 for depth 6, got 48"),
        ({"validation_fraction": 0.6}, "hyperparameters.validation_fraction must be in (0, 0.5], got 0.6"),
        ({"validation_fraction": -0.1}, "hyperparameters.validation_fraction must be in (0, 0.5]"),
        ({"depth": 7}, "hyperparameters.depth must be from 2 to 6, got 7"),
        ({"depth": 1}, "hyperparameters.depth must be from 2 to 6, got 1"),
        ({"base_channels": 2}, "hyperparameters.base_channels must be from 4 to 128, got 2"),
        ({"encoder_depth": 50}, "hyperparameters.encoder_depth must be 18 or 34, got 50"),
        ({"architecture": 9}, "hyperparameters.architecture must be one of unet, attention_unet, resunet"),
        ({"optimizer": 9}, "hyperparameters.optimizer must be one of adam, adamw, sgd"),
        ({"loss": 9}, "hyperparameters.loss must be one of dice_ce, dice, cross_entropy"),
        ({"dropout": 0.6}, "hyperparameters.dropout must be in [0, 0.5], got 0.6"),
        ({"dropout": -0.1}, "hyperparameters.dropout must be in [0, 0.5], got -0.1"),
        ({"dropout": math.nan}, "hyperparameters.dropout must be in [0, 0.5], got nan"),
        ({"augmentation_preset": 9}, "hyperparameters.augmentation_preset must be one of nnunet, light"),
        ({"lr_schedule": 9}, "hyperparameters.lr_schedule must be one of poly, cosine"),
        (
            {"early_stopping_patience": 1001},
            "hyperparameters.early_stopping_patience must be from 0 to 1000, got 1001",
        ),
    ],
)
def test_out_of_range_field_is_named_with_its_range(fields: dict[str, object], message: str) -> None:
    with pytest.raises(HyperparameterError) as caught:
        Hyperparameters.from_proto(pb.Hyperparameters(**fields))
    assert message in str(caught.value)


def test_training_defaults_describe_the_rules_validate_enforces() -> None:
    answer = training_defaults()
    assert Hyperparameters.from_proto(answer.defaults) == Hyperparameters()
    assert answer.defaults.foreground_oversampling == pytest.approx(0.33)
    assert {r.field for r in answer.ranges} >= {"epochs", "learning_rate", "input_size", "depth", "seed"}
    names = {
        pb.ARCHITECTURE_UNET: "unet",
        pb.ARCHITECTURE_ATTENTION_UNET: "attention_unet",
        pb.ARCHITECTURE_RESUNET: "resunet",
    }
    assert {r.architecture for r in answer.input_size_rules} == set(names)
    for rule in answer.input_size_rules:
        hp = {"architecture": names[rule.architecture], **({"depth": rule.depth} if rule.depth else {})}
        Hyperparameters(**hp, input_size=rule.multiple * 4).validate()
        with pytest.raises(HyperparameterError, match=f"multiple of {rule.multiple}"):
            Hyperparameters(**hp, input_size=rule.multiple * 4 + rule.multiple // 2).validate()
    unet6 = next(
        r for r in answer.input_size_rules if r.architecture == pb.ARCHITECTURE_UNET and r.depth == 6
    )
    assert unet6.multiple == 32

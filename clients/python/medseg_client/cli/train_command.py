"""`medseg train`, and following a training to its end (also `medseg models wait`)."""

from __future__ import annotations

import json
from typing import Any

import click

from ..api.models.hyperparameters_input_dto_architecture import HyperparametersInputDtoArchitecture
from ..api.models.hyperparameters_input_dto_loss import HyperparametersInputDtoLoss
from ..api.models.hyperparameters_input_dto_optimizer import HyperparametersInputDtoOptimizer
from ..dto_values import text
from ..training import HYPERPARAMETER_NAMES, start_training
from .follow_training import follow_training
from .state import CliState, json_option


def _choices(enum: Any) -> click.Choice:
    return click.Choice([member.value for member in enum])


def _setting(value: str) -> tuple[str, Any]:
    name, equals, raw = value.partition("=")
    if not equals or not name:
        raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="--set")
    try:
        return name.strip(), json.loads(raw)
    except ValueError:
        return name.strip(), raw  # a bare word: an enum value such as "cosine"


@click.command()
@click.argument("dataset_id", metavar="DATASET")
@click.option("--name", help="The model's name (default: the dataset's).")
@click.option("--architecture", type=_choices(HyperparametersInputDtoArchitecture))
@click.option("--epochs", type=int)
@click.option("--batch-size", type=int)
@click.option("--learning-rate", type=float)
@click.option("--input-size", type=int, help="Side in pixels the network works at (2D).")
@click.option("--optimizer", type=_choices(HyperparametersInputDtoOptimizer))
@click.option("--loss", type=_choices(HyperparametersInputDtoLoss))
@click.option("--augmentation/--no-augmentation", default=None)
@click.option("--seed", type=int)
@click.option("--dataset-version", type=int, help="Train on this version (default: the latest).")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help=f"Any other hyper-parameter, VALUE as JSON: {', '.join(HYPERPARAMETER_NAMES)}.",
)
@click.option("--wait/--no-wait", default=False, help="Follow the training, epoch by epoch, to its end.")
@click.option("--timeout", type=float, help="Seconds --wait waits at most.")
@json_option
@click.pass_obj
def train(
    state: CliState,
    dataset_id: str,
    name: str | None,
    dataset_version: int | None,
    settings: tuple[str, ...],
    wait: bool,
    timeout: float | None,
    **chosen: Any,
) -> None:
    """Train a model on DATASET (an id from `medseg datasets list`).

    Only the hyper-parameters given are sent; the gateway fills in the rest from its defaults
    ("Auto") and says which value is out of range. The ranges: GET /api/models/defaults.
    """
    hyperparameters = {key: value for key, value in chosen.items() if value is not None}
    hyperparameters.update(_setting(value) for value in settings)
    api = state.client().api
    try:
        model = start_training(api, dataset_id, name, hyperparameters, dataset_version=dataset_version)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if not wait:
        state.out.note(
            f"Training {model.name} ({model.id}) is {text(model.job_state)}; "
            f"follow it: medseg models wait {model.id}"
        )
        state.out.result(model, lambda console: console.print(model.id, markup=False))
        return
    follow_training(state, model.id, timeout=timeout)

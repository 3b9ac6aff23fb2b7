"""Starting a training sends only what the caller chose; the gateway fills in the rest."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from dto_bodies import DATASET_ID, MODEL_ID, dataset_detail, model
from gateway_stub import Gateway

from medseg_client.cli.main import run
from medseg_client.cli.state import CliState
from medseg_client.connection import connect
from medseg_client.credentials import Credentials, save
from medseg_client.training import hyperparameters_input, start_training


def created(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, json=model(jobState="queued", queuePosition=1))


def test_sends_only_the_hyperparameters_given_by_either_name() -> None:
    gateway = Gateway()
    gateway.on("POST", "/api/models", created)
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    started = start_training(
        api, DATASET_ID, "Brain U-Net", {"epochs": 5, "learning_rate": 1e-3, "seed": None}
    )
    assert started.queue_position == 1
    assert json.loads(gateway.requests[0].content) == {
        "name": "Brain U-Net",
        "datasetId": DATASET_ID,
        "hyperparameters": {"epochs": 5, "learningRate": 0.001},
    }


def test_sends_no_hyperparameters_object_when_none_are_given() -> None:
    gateway = Gateway()
    gateway.on("POST", "/api/models", created)
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    start_training(api, DATASET_ID, "Auto", {}, dataset_version=2)
    assert json.loads(gateway.requests[0].content) == {
        "name": "Auto",
        "datasetId": DATASET_ID,
        "datasetVersion": 2,
    }


def test_refuses_an_unknown_name_or_value_before_sending() -> None:
    with pytest.raises(ValueError, match="Unknown hyper-parameter learningrate"):
        hyperparameters_input({"learningrate": 0.1})
    with pytest.raises(ValueError, match="architecture"):
        hyperparameters_input({"architecture": "transformer"})


def test_the_cli_sends_its_options_and_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gateway = Gateway()
    gateway.on(
        "GET", f"/api/datasets/{DATASET_ID}", lambda request: httpx.Response(200, json=dataset_detail())
    )
    gateway.on("POST", "/api/models", created)
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials(url="http://gateway.test", token="secret"), env)
    argv = [
        "--json",
        "train",
        DATASET_ID,
        "--architecture",
        "attention_unet",
        "--epochs",
        "3",
        "--no-augmentation",
        "--set",
        "lrSchedule=cosine",
        "--set",
        "patchSize=[32, 64, 64]",
    ]
    assert run(argv, CliState(env=env, transport=gateway.transport())) == 0
    body = json.loads(gateway.requests[-1].content)
    assert body["name"] == "Brain"  # the dataset's, asked for first
    assert body["hyperparameters"] == {
        "architecture": "attention_unet",
        "epochs": 3,
        "augmentation": False,
        "lrSchedule": "cosine",
        "patchSize": [32, 64, 64],
    }
    assert json.loads(capsys.readouterr().out)["id"] == MODEL_ID


def test_the_cli_calls_an_unknown_setting_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials(url="http://gateway.test", token="secret"), env)
    state = CliState(env=env, transport=Gateway().transport())
    assert run(["train", DATASET_ID, "--name", "x", "--set", "warmup=3"], state) == 2
    assert "Unknown hyper-parameter warmup" in capsys.readouterr().err

"""`medseg train --wait` and `medseg evaluate --wait` followed to the end, as a pipe sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dto_bodies import (
    DATASET_ID,
    EVALUATION_ID,
    MODEL_ID,
    aggregate,
    completed_model_detail,
    evaluation,
    job_epoch,
    job_progress,
    job_status,
    model,
    model_detail,
)
from gateway_stub import Gateway, answer, sse, stream

from medseg_client.cli.main import run
from medseg_client.cli.state import CliState
from medseg_client.credentials import Credentials, save


def signed_in(tmp_path: Path, gateway: Gateway) -> CliState:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials(url="http://gateway.test", token="secret"), env)
    return CliState(env=env, transport=gateway.transport())


def training(gateway: Gateway, final: dict[str, object]) -> None:
    gateway.on("POST", "/api/models", answer(model(jobState="queued", queuePosition=1), 201))
    gateway.on(
        "GET",
        f"/api/models/{MODEL_ID}/events",
        stream(
            sse(
                ("snapshot", 0, model_detail(jobState="queued")),
                ("job", 1, job_status(1, "running")),
                ("job", 2, job_epoch(2, 1)),
                ("job", 3, job_epoch(3, 2)),
                ("job", 4, job_status(4, text_state(final))),
            )
        ),
    )
    gateway.on("GET", f"/api/models/{MODEL_ID}", answer(final))


def text_state(final: dict[str, object]) -> str:
    return str(final["jobState"])


def test_train_wait_prints_each_epoch_then_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway = Gateway()
    training(gateway, completed_model_detail())
    assert (
        run(
            ["train", DATASET_ID, "--name", "Brain U-Net", "--epochs", "2", "--wait"],
            signed_in(tmp_path, gateway),
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    epochs = [line for line in lines if line.startswith("epoch ")]
    assert epochs[0].startswith("epoch 1/2  train loss 0.5000  val loss 0.6000  val Dice 0.400")
    assert "samples/s 12.5" in epochs[1] and epochs[1].endswith("best *")
    assert any(line.split() == ["best", "Dice", "0.800"] for line in lines)


def test_train_wait_exits_1_when_it_fails_and_json_still_gets_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway = Gateway()
    training(
        gateway, model_detail(status="failed", jobState="failed", reason="out_of_memory", error="CUDA OOM")
    )
    assert run(["--json", "train", DATASET_ID, "--name", "x", "--wait"], signed_in(tmp_path, gateway)) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["reason"] == "out_of_memory"
    assert "out_of_memory" in captured.err and "CUDA OOM" in captured.err


def test_evaluate_wait_prints_the_aggregate_and_saves_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway = Gateway()
    gateway.on("POST", f"/api/models/{MODEL_ID}/evaluations", answer(evaluation(state="queued"), 202))
    gateway.on(
        "GET",
        f"/api/evaluations/{EVALUATION_ID}/events",
        stream(
            sse(
                ("snapshot", 0, evaluation()),
                ("job", 1, job_progress(1, 1, 2)),
                ("job", 2, job_status(2, "completed")),
            )
        ),
    )
    done = evaluation(state="completed", finishedAt="2026-11-25T19:11:00.000Z", aggregate=aggregate())
    gateway.on("GET", f"/api/evaluations/{EVALUATION_ID}", answer(done))
    report = {"format": "medseg-evaluation-v2", "images": [{"name": "case_1", "dice": 0.9}]}
    gateway.on("GET", f"/api/evaluations/{EVALUATION_ID}/report", answer(report))
    report_path = tmp_path / "report.json"

    argv = ["evaluate", MODEL_ID, "--surface-tolerance", "2", "--mirror", "--wait"]
    argv += ["--report", str(report_path)]
    assert run(argv, signed_in(tmp_path, gateway)) == 0

    assert json.loads(gateway.requests[0].content) == {"surfaceToleranceMm": 2.0, "testTimeMirroring": True}
    assert json.loads(report_path.read_text()) == report
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[1].split()[:4] == ["class", "Dice", "IoU", "HD95"]
        and "(mm)" in lines[1]
        and "NSD@1 mm" in lines[1]
    )
    assert lines[2].split()[:4] == ["all", "0.900", "±", "0.010"]
    assert lines[3].startswith("brain")

"""Evaluation per volume: a case's slices re-assembled in slice order, predicted whole, scored in 3D in mm
with the case's spacing (without case geometry in pixels; unlabeled pairs never scored). Batch jobs per
volume: test_batch_volumes.py."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from evaluation_factory import CPU, SPACING, network_of, volume_dataset
from model_factory import train_model
from training_factory import Storage, serve_storage

from medseg_ml.evaluation.evaluate import run_evaluation
from medseg_ml.evaluation.process import JobEnv
from medseg_ml.evaluation.specs import EvaluationSpec, InvalidRequestError
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import sources_pb2 as sources_pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import segment
from medseg_ml.metrics.scores import item_scores


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb.ModelSource:
    return train_model(storage, "vol-model", tmp_path_factory.mktemp("train"), epochs=2)


def evaluate(storage: Storage, model, network, source, tmp_path: Path, job_id: str, tolerance: float):
    request = pb.StartEvaluationJobRequest(
        job_id=job_id,
        model=model,
        dataset=source,
        subset="all",
        report_url=storage.url(f"reports/{job_id}.json"),
        surface_tolerance_mm=tolerance,
    )
    spec = EvaluationSpec.from_request(request)
    env = JobEnv(CPU, tmp_path, lambda _ref: network)
    run_evaluation(spec, env, lambda _event: None, threading.Event(), created_ms=0)
    return json.loads(storage.objects[f"reports/{job_id}.json"])


def test_each_case_is_scored_as_a_volume_in_millimetres(storage, model, tmp_path) -> None:
    network = network_of(storage, model)
    card = ModelCard.from_json(model.card_json)
    source, samples = volume_dataset(storage, with_cases=True)
    report = evaluate(storage, model, network, source, tmp_path, "vol-mm", tolerance=2.0)
    assert report["format"] == "medseg-evaluation-v2" and report["surfaceTolerance"] == 2.0
    items = report["images"]
    assert [i["name"] for i in items] == ["vol00", "vol01"]  # vol02 is unlabeled: never scored
    assert report["image_count"] == 2 and report["aggregate"]["dice"]["n"] == 2
    for case, item in enumerate(items):
        assert (item["kind"], item["shape"], item["distanceUnit"]) == ("volume", [2, 40, 40], "mm")
        assert item["spacing"] == list(SPACING) and item["caseIndex"] == case
        assert item["perClass"][0]["name"] == "lesion"
        # Slices in slice order: pairs case, case + 3 (interleaved with the other volumes).
        slices = [samples[case], samples[case + 3]]
        predicted = np.stack([segment(network, s.image, card, CPU).mask for s in slices])
        truth = np.stack([s.mask for s in slices]).astype(np.int64)
        expected = item_scores(predicted, truth, 2, SPACING, 2.0)
        for name in ("dice", "iou", "hd95", "asd", "nsd"):
            want = expected.value(name, 1)
            got = item["perClass"][0][name]
            assert (got is None and np.isnan(want)) or got == pytest.approx(want), name
    assert report["aggregate"]["distanceUnit"] == "mm"
    assert report["aggregate"]["perClass"][0]["name"] == "lesion"


def test_volumes_without_case_geometry_are_scored_in_pixels(storage, model, tmp_path) -> None:
    network = network_of(storage, model)
    source, _ = volume_dataset(storage, with_cases=False)
    report = evaluate(storage, model, network, source, tmp_path, "vol-px", tolerance=0)
    assert [(i["name"], i["kind"], i["distanceUnit"]) for i in report["images"]] == [
        ("vol00", "volume", "px"),
        ("vol01", "volume", "px"),
    ]
    assert report["images"][0]["spacing"] == [1.0, 1.0, 1.0] and report["surfaceTolerance"] == 1.0


def test_a_dataset_of_unlabeled_pairs_only_is_refused(storage, model) -> None:
    source, _ = volume_dataset(storage, with_cases=True)
    labelled = [p for p in source.pairs if p.unlabeled]
    del source.pairs[:]
    source.pairs.extend(labelled)
    request = pb.StartEvaluationJobRequest(
        job_id="none", model=model, dataset=source, report_url=storage.url("reports/none.json")
    )
    with pytest.raises(InvalidRequestError, match="unlabeled"):
        EvaluationSpec.from_request(request)

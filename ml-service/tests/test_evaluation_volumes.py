"""Evaluation and batch per volume: a case's slices re-assembled in slice order, predicted whole, scored in
3D in mm with the case's spacing (without case geometry in pixels; unlabeled pairs never scored); volume
files of a batch ZIP segmented whole, their masks written as NIfTI on the input's own grid."""

from __future__ import annotations

import gzip
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
import SimpleITK as sitk
import torch
from model_factory import train_model
from safetensors.torch import load
from training_factory import Storage, serve_storage, shape_samples, write_shards
from volume_factory import anisotropic_volume, dicom_series_files, nifti_bytes, series_affine, xyz

from medseg_ml.evaluation.batch import run_batch
from medseg_ml.evaluation.evaluate import run_evaluation
from medseg_ml.evaluation.process import JobEnv
from medseg_ml.evaluation.specs import BatchSpec, EvaluationSpec, InvalidRequestError
from medseg_ml.generated.medseg.v1 import batch_service_pb2 as batch_pb
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import sources_pb2 as sources_pb
from medseg_ml.generated.medseg.v1 import volume_pb2 as volume_pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import segment
from medseg_ml.metrics.scores import item_scores
from medseg_ml.networks.factory import build_network

SPACING = (2.5, 0.8, 0.8)
CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb.ModelSource:
    return train_model(storage, "vol-model", tmp_path_factory.mktemp("train"), epochs=2)


def network_of(storage: Storage, model: sources_pb.ModelSource) -> torch.nn.Module:
    card = ModelCard.from_json(model.card_json)
    network = build_network(card.network)
    network.load_state_dict(load(storage.objects[f"models/{model.model_id}/best.safetensors"]))
    return network.eval()


def volume_dataset(storage: Storage, *, with_cases: bool):
    """Three volumes of two 40x40 slices, interleaved in pair order; the third is unlabeled."""
    samples = shape_samples(6, size=40, seed=3, volumes=3)
    shards, pairs = write_shards(samples, target_bytes=16 * 1024)
    for path, data in shards.items():
        storage.objects[f"vols/{path}"] = data
    for pair in pairs:
        pair.case_index = int(pair.volume[-2:])
        pair.unlabeled = pair.case_index == 2
    cases = [
        dataset_pb.DatasetCase(
            index=i,
            name=f"vol{i:02d}",
            depth=2,
            height=40,
            width=40,
            first_pair=i,
            unlabeled=i == 2,
            geometry=volume_pb.VolumeGeometry(spacing=list(SPACING)),
        )
        for i in range(3)
    ]
    source = sources_pb.DatasetSource(
        dataset_id="ds-vols",
        shards=[sources_pb.ShardSource(path=p, url=storage.url(f"vols/{p}")) for p in shards],
        pairs=pairs,
        label_values=[0, 1],
        channels=1,
        cases=cases if with_cases else [],
        labels=[volume_pb.LabelName(value=1, name="lesion")],
    )
    return source, samples


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


def test_batch_segments_volume_files_whole_and_writes_masks_on_their_own_grid(
    storage, model, tmp_path
) -> None:
    network = network_of(storage, model)
    image, mask, affine = anisotropic_volume()
    itk = sitk.GetImageFromArray(image)  # (Z, H, W) -> ITK (x, y, z) = (column, row, slice)
    itk.SetSpacing((0.8, 0.8, 2.5))
    nrrd = tmp_path / "scan.nrrd"
    sitk.WriteImage(itk, str(nrrd))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("images/case.nii.gz", nifti_bytes(xyz(image), affine))
        z.writestr("masks/case.nii.gz", nifti_bytes(xyz(mask), affine))
        z.writestr("images/scan.nrrd", nrrd.read_bytes())
    storage.objects["batches/vol/input.zip"] = archive.getvalue()
    request = batch_pb.StartBatchJobRequest(
        job_id="vol-batch",
        model=model,
        archive=batch_pb.BatchArchive(url=storage.url("batches/vol/input.zip"), file_name="vols.zip"),
        targets=batch_pb.BatchTargets(
            masks_url=storage.url("batches/vol/masks.zip"),
            csv_url=storage.url("batches/vol/results.csv"),
            report_url=storage.url("batches/vol/batch.json"),
        ),
    )
    env = JobEnv(CPU, tmp_path / "work", lambda _ref: network)
    run_batch(BatchSpec.from_request(request), env, lambda _event: None, threading.Event(), created_ms=0)

    report = json.loads(storage.objects["batches/vol/batch.json"])
    assert report["format"] == "medseg-batch-v2"
    rows = {row["input_name"]: row for row in report["images"]}
    case, scan = rows["images/case.nii.gz"], rows["images/scan.nrrd"]
    assert (case["kind"], case["distanceUnit"], case["slice_count"]) == ("volume", "mm", 12)
    assert case["spacing"] == pytest.approx([2.5, 0.8, 0.8])
    assert case["has_truth"] and case["hd95"] is not None and case["nsd"] is not None
    assert (scan["kind"], scan["distanceUnit"], scan["output_name"]) == ("volume", "mm", "images/scan.nii.gz")
    assert not scan["has_truth"] and scan["dice"] is None
    assert report["aggregate"]["distanceUnit"] == "mm" and report["aggregate"]["dice"]["n"] == 1

    with zipfile.ZipFile(io.BytesIO(storage.objects["batches/vol/masks.zip"])) as masks:
        written = nib.Nifti1Image.from_bytes(gzip.decompress(masks.read("images/case.nii.gz")))
        from_nrrd = nib.Nifti1Image.from_bytes(gzip.decompress(masks.read("images/scan.nii.gz")))
    # On the input's own grid: same shape and affine, voxel for voxel.
    assert written.shape == xyz(image).shape
    np.testing.assert_allclose(written.affine, affine)
    card = ModelCard.from_json(model.card_json)
    expected = np.stack([segment(network, image[z][None], card, CPU).mask for z in range(len(image))])
    np.testing.assert_array_equal(np.asarray(written.dataobj), xyz(expected))
    assert from_nrrd.shape == (48, 40, 12)
    np.testing.assert_allclose(np.abs(np.diag(from_nrrd.affine))[:3], [0.8, 0.8, 2.5])


def test_batch_segments_a_dicom_series_folder_as_one_volume(storage, model, tmp_path) -> None:
    network = network_of(storage, model)
    files, _ = dicom_series_files({"head": 1}, shape=(6, 40, 48), masks=False)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    storage.objects["batches/series/input.zip"] = archive.getvalue()
    request = batch_pb.StartBatchJobRequest(
        job_id="series-batch",
        model=model,
        archive=batch_pb.BatchArchive(url=storage.url("batches/series/input.zip"), file_name="s.zip"),
        targets=batch_pb.BatchTargets(
            masks_url=storage.url("batches/series/masks.zip"),
            csv_url=storage.url("batches/series/results.csv"),
            report_url=storage.url("batches/series/batch.json"),
        ),
    )
    env = JobEnv(CPU, tmp_path / "work", lambda _ref: network)
    run_batch(BatchSpec.from_request(request), env, lambda _event: None, threading.Event(), created_ms=0)
    report = json.loads(storage.objects["batches/series/batch.json"])
    [row] = report["images"]
    assert (row["input_name"], row["kind"], row["slice_count"], row["output_name"]) == (
        "images/head",
        "volume",
        6,
        "images/head.nii.gz",
    )
    assert row["distanceUnit"] == "mm" and row["spacing"] == pytest.approx([2.5, 0.8, 0.8])
    with zipfile.ZipFile(io.BytesIO(storage.objects["batches/series/masks.zip"])) as masks:
        written = nib.Nifti1Image.from_bytes(gzip.decompress(masks.read("images/head.nii.gz")))
    # On the series' own grid: (column, row, slice) with its LPS geometry as RAS+.
    assert written.shape == (48, 40, 6)
    np.testing.assert_allclose(written.affine, series_affine())


def test_batch_of_dataset_pairs_never_scores_unlabeled_pairs(storage, model, tmp_path) -> None:
    network = network_of(storage, model)
    source, _ = volume_dataset(storage, with_cases=True)
    request = batch_pb.StartBatchJobRequest(
        job_id="ds-unlabeled",
        model=model,
        dataset=source,
        targets=batch_pb.BatchTargets(
            masks_url=storage.url("batches/dsu/masks.zip"),
            csv_url=storage.url("batches/dsu/results.csv"),
            report_url=storage.url("batches/dsu/batch.json"),
        ),
    )
    env = JobEnv(CPU, tmp_path / "work", lambda _ref: network)
    run_batch(BatchSpec.from_request(request), env, lambda _event: None, threading.Event(), created_ms=0)
    report = json.loads(storage.objects["batches/dsu/batch.json"])
    scored = {row["name"]: row["has_truth"] for row in report["images"]}
    assert len(scored) == 6  # every pair segmented
    assert [name for name, truth in scored.items() if not truth] == ["vol02#z000", "vol02#z001"]
    assert report["aggregate"]["dice"]["n"] == 4

"""Batch jobs per volume: a dataset's cases predicted whole and written as NIfTI on each case's own grid
(unlabeled cases segmented, never scored; 2D pairs stay PNG); volume files and DICOM series of a ZIP
segmented whole, a series scored against its mask in mm and written back as NIfTI and DICOM-SEG."""

from __future__ import annotations

import csv
import gzip
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import highdicom as hd
import nibabel as nib
import numpy as np
import pytest
import SimpleITK as sitk
from evaluation_factory import CPU, SPACING, network_of, volume_dataset
from model_factory import train_model
from training_factory import Sample, Storage, serve_storage, write_shards
from volume_factory import anisotropic_volume, dicom_series_files, nifti_bytes, series_affine, xyz

from medseg_ml.evaluation.batch import run_batch
from medseg_ml.evaluation.process import JobEnv
from medseg_ml.evaluation.specs import BatchSpec
from medseg_ml.generated.medseg.v1 import batch_service_pb2 as batch_pb
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import sources_pb2 as sources_pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import segment
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.dicom_seg import decode_dicom_seg
from medseg_ml.io.dicom_series import decode_series
from medseg_ml.metrics.scores import item_scores
from medseg_ml.preprocessing import mask_classes
from medseg_ml.volumes.grid import VolumeGrid


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb.ModelSource:
    trained = train_model(storage, "batch-vol-model", tmp_path_factory.mktemp("train"), epochs=2)
    # The card names its label, as a card trained on a named dataset does: DICOM-SEG segments say it.
    card = json.loads(trained.card_json)
    card["labels"] = [{"value": 1, "name": "lesion", "color": ""}]
    trained.card_json = json.dumps(card)
    return trained


def run(storage, model, network, tmp_path: Path, job_id: str, *, archive: bytes | None = None, dataset=None):
    """Run a batch job in-process; returns (report, masks.zip, CSV rows by input name)."""
    prefix = f"batches/{job_id}"
    if archive is not None:
        storage.objects[f"{prefix}/input.zip"] = archive
        url = storage.url(f"{prefix}/input.zip")
        source = {"archive": batch_pb.BatchArchive(url=url, file_name=f"{job_id}.zip")}
    else:
        source = {"dataset": dataset}
    request = batch_pb.StartBatchJobRequest(
        job_id=job_id,
        model=model,
        targets=batch_pb.BatchTargets(
            masks_url=storage.url(f"{prefix}/masks.zip"),
            csv_url=storage.url(f"{prefix}/results.csv"),
            report_url=storage.url(f"{prefix}/batch.json"),
        ),
        **source,
    )
    env = JobEnv(CPU, tmp_path / "work", lambda _ref: network)
    run_batch(BatchSpec.from_request(request), env, lambda _event: None, threading.Event(), created_ms=0)
    report = json.loads(storage.objects[f"{prefix}/batch.json"])
    masks = zipfile.ZipFile(io.BytesIO(storage.objects[f"{prefix}/masks.zip"]))
    table = csv.DictReader(io.StringIO(storage.objects[f"{prefix}/results.csv"].decode()))
    return report, masks, {row["input_name"]: row for row in table}


def nifti(masks: zipfile.ZipFile, name: str) -> nib.Nifti1Image:
    return nib.Nifti1Image.from_bytes(gzip.decompress(masks.read(name)))


def zipped(*members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for files in members:
            for name, data in files.items():
                z.writestr(name, data)
    return buffer.getvalue()


def predicted(network, card: ModelCard, slices: np.ndarray) -> np.ndarray:
    """(Z, H, W) class indices of (Z, H, W) pixels, slice by slice: a 2D model's whole-volume prediction."""
    return np.stack([segment(network, s[None], card, CPU).mask for s in slices])


def anisotropic_dataset(storage: Storage):
    """Case 0: the 12x40x48 anisotropic volume (RAS+ affine), labelled; case 1: 4 slices on an LPS-derived
    grid, unlabeled; then one 2D pair. Returns (source, pixels, truth, grids)."""
    image, mask, affine = anisotropic_volume()
    pixels = ((image - image.min()) * (255 / np.ptp(image))).astype(np.uint8)
    truth = (mask > 0).astype(np.uint8)
    grids = [VolumeGrid.create(xyz(image).shape, affine), VolumeGrid.create((48, 40, 4), series_affine())]
    samples = [Sample(pixels[z][None], truth[z], "liver_001", z) for z in range(12)]
    samples += [Sample(pixels[z][None], np.zeros_like(truth[z]), "liver_101", z) for z in range(4)]
    samples.append(Sample(pixels[6][None, :, :40], truth[6][:, :40]))
    shards, pairs = write_shards(samples, target_bytes=16 * 1024)
    for path, data in shards.items():
        storage.objects[f"aniso/{path}"] = data
    for pair in pairs[12:16]:
        pair.case_index, pair.unlabeled = 1, True
    cases = [
        dataset_pb.DatasetCase(
            index=i,
            name=name,
            depth=depth,
            height=40,
            width=48,
            first_pair=first,
            unlabeled=i == 1,
            geometry=grids[i].to_proto(),
        )  # fmt: skip
        for i, (name, depth, first) in enumerate([("liver_001", 12, 0), ("liver_101", 4, 12)])
    ]
    source = sources_pb.DatasetSource(
        dataset_id="ds-aniso",
        shards=[sources_pb.ShardSource(path=p, url=storage.url(f"aniso/{p}")) for p in shards],
        pairs=pairs,
        label_values=[0, 1],
        channels=1,
        cases=cases,
    )
    return source, pixels, truth, grids


def test_batch_on_a_dataset_writes_each_case_as_nifti_on_its_own_grid(storage, model, tmp_path) -> None:
    network = network_of(storage, model)
    card = ModelCard.from_json(model.card_json)
    source, pixels, truth, grids = anisotropic_dataset(storage)
    report, masks, table = run(storage, model, network, tmp_path, "ds-aniso", dataset=source)

    rows = {row["name"]: row for row in report["images"]}
    assert list(rows) == ["liver_001", "liver_101", "case_016"]  # one item per case, one per 2D pair
    case, unlabeled, image = rows["liver_001"], rows["liver_101"], rows["case_016"]
    assert (case["kind"], case["distanceUnit"], case["shape"], case["caseIndex"]) == (
        "volume",
        "mm",
        [12, 40, 48],
        0,
    )
    assert case["spacing"] == pytest.approx(SPACING) and case["output_name"] == "liver_001.nii.gz"
    assert (unlabeled["kind"], unlabeled["has_truth"], unlabeled["dice"]) == ("volume", False, None)
    assert (image["kind"], image["output_name"], image["shape"]) == ("image", "case_016.png", [40, 40])
    assert report["aggregate"]["dice"]["n"] == 2 and report["aggregate"]["distanceUnit"] == "mixed"
    assert set(masks.namelist()) == {"liver_001.nii.gz", "liver_101.nii.gz", "case_016.png"}

    expected = predicted(network, card, pixels)
    written = nifti(masks, "liver_001.nii.gz")
    assert written.shape == grids[0].source_shape  # the case's own grid, voxel for voxel
    np.testing.assert_allclose(written.affine, grids[0].source_affine)
    np.testing.assert_array_equal(np.asarray(written.dataobj), grids[0].to_source(expected))
    other = nifti(masks, "liver_101.nii.gz")
    assert other.shape == (48, 40, 4)
    np.testing.assert_allclose(other.affine, series_affine())

    scores = item_scores(expected, truth.astype(np.int64), 2, SPACING)
    assert case["dice"] == pytest.approx(scores.mean("dice")) and case["hd95"] == pytest.approx(
        scores.mean("hd95")
    )
    assert set(table) == {"liver_001", "liver_101", "case_016"}  # the CSV: one row per item
    assert (table["liver_001"]["distance_unit"], table["liver_001"]["slice_count"]) == ("mm", "12")
    assert float(table["liver_001"]["hd95"]) == pytest.approx(scores.mean("hd95"))
    assert table["liver_101"]["dice"] == "" and table["case_016"]["distance_unit"] == "px"


def test_batch_on_a_dataset_never_scores_unlabeled_cases(storage, model, tmp_path) -> None:
    network = network_of(storage, model)
    source, _ = volume_dataset(storage, with_cases=True)
    report, masks, _ = run(storage, model, network, tmp_path, "ds-unlabeled", dataset=source)
    scored = {row["name"]: row["has_truth"] for row in report["images"]}
    assert scored == {"vol00": True, "vol01": True, "vol02": False}  # every case segmented
    assert report["aggregate"]["dice"]["n"] == 2
    assert sorted(masks.namelist()) == ["vol00.nii.gz", "vol01.nii.gz", "vol02.nii.gz"]
    # Cases stored with a spacing only: written on their display grid with that spacing.
    written = nifti(masks, "vol02.nii.gz")
    assert written.shape == (2, 40, 40)
    np.testing.assert_allclose(written.header.get_zooms(), SPACING)


def test_batch_segments_volume_files_whole_and_writes_masks_on_their_own_grid(
    storage, model, tmp_path
) -> None:
    network = network_of(storage, model)
    image, mask, affine = anisotropic_volume()
    itk = sitk.GetImageFromArray(image)  # (Z, H, W) -> ITK (x, y, z) = (column, row, slice)
    itk.SetSpacing((0.8, 0.8, 2.5))
    nrrd = tmp_path / "scan.nrrd"
    sitk.WriteImage(itk, str(nrrd))
    archive = zipped(
        {
            "images/case.nii.gz": nifti_bytes(xyz(image), affine),
            "masks/case.nii.gz": nifti_bytes(xyz(mask), affine),
            "images/scan.nrrd": nrrd.read_bytes(),
        }
    )
    report, masks, _ = run(storage, model, network, tmp_path, "vol", archive=archive)
    assert report["format"] == "medseg-batch-v2"
    rows = {row["input_name"]: row for row in report["images"]}
    case, scan = rows["images/case.nii.gz"], rows["images/scan.nrrd"]
    assert (case["kind"], case["distanceUnit"], case["slice_count"]) == ("volume", "mm", 12)
    assert case["spacing"] == pytest.approx([2.5, 0.8, 0.8])
    assert case["has_truth"] and case["hd95"] is not None and case["nsd"] is not None
    assert (scan["kind"], scan["distanceUnit"], scan["output_name"]) == ("volume", "mm", "images/scan.nii.gz")
    assert not scan["has_truth"] and scan["dice"] is None and scan["dicomSegName"] is None
    assert report["aggregate"]["distanceUnit"] == "mm" and report["aggregate"]["dice"]["n"] == 1

    written, from_nrrd = nifti(masks, "images/case.nii.gz"), nifti(masks, "images/scan.nii.gz")
    # On the input's own grid: same shape and affine, voxel for voxel.
    assert written.shape == xyz(image).shape
    np.testing.assert_allclose(written.affine, affine)
    card = ModelCard.from_json(model.card_json)
    np.testing.assert_array_equal(np.asarray(written.dataobj), xyz(predicted(network, card, image)))
    assert from_nrrd.shape == (48, 40, 12)
    np.testing.assert_allclose(np.abs(np.diag(from_nrrd.affine))[:3], [0.8, 0.8, 2.5])


def test_batch_segments_a_dicom_series_folder_as_one_volume(storage, model, tmp_path) -> None:
    network = network_of(storage, model)
    files, _ = dicom_series_files({"head": 1}, shape=(6, 40, 48), masks=False)
    report, masks, _ = run(storage, model, network, tmp_path, "series", archive=zipped(files))
    [row] = report["images"]
    assert (row["input_name"], row["kind"], row["slice_count"], row["output_name"]) == (
        "images/head",
        "volume",
        6,
        "images/head.nii.gz",
    )
    assert row["distanceUnit"] == "mm" and row["spacing"] == pytest.approx([2.5, 0.8, 0.8])
    assert not row["has_truth"] and row["dicomSegName"] == "images/head.seg.dcm"
    written = nifti(masks, "images/head.nii.gz")
    # On the series' own grid: (column, row, slice) with its LPS geometry as RAS+.
    assert written.shape == (48, 40, 6)
    np.testing.assert_allclose(written.affine, series_affine())


def test_batch_scores_a_dicom_series_against_its_mask_and_writes_a_dicom_seg(
    storage, model, tmp_path
) -> None:
    network = network_of(storage, model)
    card = ModelCard.from_json(model.card_json)
    head, uids = dicom_series_files({"head": 1}, shape=(6, 40, 48))  # masks/head.nii.gz
    neck, _ = dicom_series_files({"neck": 1}, shape=(6, 40, 48), mask_format="seg")  # masks/neck.dcm
    report, masks, table = run(storage, model, network, tmp_path, "series-mask", archive=zipped(head, neck))
    rows = {row["input_name"]: row for row in report["images"]}
    assert set(rows) == {"images/head", "images/neck"}
    for row in rows.values():
        assert row["has_truth"] and row["distanceUnit"] == "mm" and row["hd95"] is not None
    assert report["aggregate"]["dice"]["n"] == 2 and table["images/head"]["distance_unit"] == "mm"
    assert {"images/head.seg.dcm", "images/neck.seg.dcm"} <= set(masks.namelist())

    # The head's score: its NIfTI mask against the written prediction, in mm on the series' grid.
    series_dir = tmp_path / "head"
    series_dir.mkdir()
    for name, data in head.items():
        if name.startswith("images/head/"):
            (series_dir / name.rsplit("/", 1)[1]).write_bytes(data)
    series = decode_series(sorted(series_dir.iterdir()), as_mask=False, budget=DecodeBudget())
    assert series.grid is not None
    prediction = series.grid.to_display(np.asarray(nifti(masks, "images/head.nii.gz").dataobj))
    truth_values = series.grid.to_display(
        np.asarray(nib.Nifti1Image.from_bytes(gzip.decompress(head["masks/head.nii.gz"])).dataobj)
    )
    truth = np.stack([mask_classes(z, card.label_values)[0] for z in truth_values])
    scores = item_scores(prediction.astype(np.int64), truth, 2, series.grid.spacing)
    assert rows["images/head"]["dice"] == pytest.approx(scores.mean("dice"))

    # The DICOM-SEG: highdicom reads it, it references the series, its segment has the card's name,
    # and decoded onto the series it is the NIfTI mask.
    seg_path = tmp_path / "head.seg.dcm"
    seg_path.write_bytes(masks.read("images/head.seg.dcm"))
    seg = hd.seg.segread(seg_path)
    assert seg.ReferencedSeriesSequence[0].SeriesInstanceUID == uids["head"][0]
    assert [s.SegmentLabel for s in seg.SegmentSequence] == ["lesion"]
    back = decode_dicom_seg(seg_path, series, budget=DecodeBudget())
    np.testing.assert_array_equal(back.pixels[:, 0], prediction)

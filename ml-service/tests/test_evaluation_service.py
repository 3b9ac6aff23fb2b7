"""EvaluationService end to end: the real ml-service evaluates, batch-segments and exports a tiny model.

Over 300 lines on purpose: evaluation, batch and export cases share one module-scoped trained model and
storage, which a split into three files would train and start three times.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import grpc
import nibabel as nib
import numpy as np
import onnxruntime
import pytest
import torch
from archive_factory import dicom_bytes, nifti_bytes, png_bytes, volume_of, zip_bytes
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from job_stubs import Stubs
from model_factory import train_model
from PIL import Image
from safetensors.torch import load
from training_factory import Storage, serve_storage, shape_samples, write_shards

from medseg_ml.generated.medseg.v1 import batch_service_pb2 as batch_pb
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import export_service_pb2 as export_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as inference_pb_grpc
from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import job_service_pb2 as jobs_pb
from medseg_ml.generated.medseg.v1 import sources_pb2 as sources_pb
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.nifti import decode_nifti
from medseg_ml.networks.factory import NetworkSpec, build_network

SERVICES = (
    "medseg.v1.EvaluationService",
    "medseg.v1.BatchService",
    "medseg.v1.ExportService",
    "medseg.v1.JobService",
)
CSV_HEADER = (
    "input_name,output_name,width,height,slice_count,decode_ms,forward_ms,total_ms,"
    "dice,iou,hd95,asd,nsd,distance_unit,error"
)


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb.ModelSource:
    return train_model(storage, "eval-model", tmp_path_factory.mktemp("train"), epochs=6)


@pytest.fixture
def stub(channel: grpc.Channel) -> Stubs:
    return Stubs(channel)


def dataset(
    storage: Storage, name: str, count: int, *, labels: list[int] | None = None, shard_bytes: int = 64 * 1024
) -> sources_pb.DatasetSource:
    samples = shape_samples(count, size=40, seed=11)
    shards, pairs = write_shards(samples, target_bytes=shard_bytes)
    for path, data in shards.items():
        storage.objects[f"{name}/{path}"] = data
    return sources_pb.DatasetSource(
        dataset_id=f"ds-{name}",
        shards=[sources_pb.ShardSource(path=p, url=storage.url(f"{name}/{p}")) for p in shards],
        pairs=pairs,
        label_values=labels or [0, 1],
        channels=1,
    )


def watch(stub: Stubs, job_id: str) -> list[job_pb.JobEvent]:
    return [r.event for r in stub.jobs.WatchJob(jobs_pb.WatchJobRequest(job_id=job_id), timeout=120)]


def rpc_error(call: object) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def png_array(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)))


def test_health_and_reflection_list_the_job_services(channel: grpc.Channel) -> None:
    listed = ProtoReflectionDescriptorDatabase(channel).get_services()
    for service in SERVICES:
        reply = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=service), timeout=5
        )
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
        assert service in listed


def test_evaluation_reports_the_dice_that_segment_gives_each_pair(
    stub: Stubs,
    channel: grpc.Channel,
    storage: Storage,
    model: sources_pb.ModelSource,
) -> None:
    data = dataset(storage, "eval", 6)
    job = stub.evaluation.StartEvaluationJob(
        pb.StartEvaluationJobRequest(
            job_id="eval-1",
            model=model,
            dataset=data,
            subset="validation",
            report_url=storage.url("models/eval-model/evaluations/eval-1.json"),
            batch_size=4,
            owner_id="user-a",
        ),
        timeout=10,
    ).job
    assert job.kind == job_pb.JOB_KIND_EVALUATION and job.state == job_pb.JOB_STATE_QUEUED
    events = watch(stub, "eval-1")
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    kinds = [e.WhichOneof("kind") for e in events]
    assert kinds[-2:] == ["completed", "status"], events[-1]
    assert events[-1].status.state == job_pb.JOB_STATE_COMPLETED
    progress = [e.progress for e in events if e.HasField("progress")]
    assert progress[-1].done == progress[-1].total == 6 and progress[-1].failed == 0

    report = json.loads(storage.objects["models/eval-model/evaluations/eval-1.json"])
    completed = events[-2].completed
    assert (completed.image_count, completed.failed_count) == (6, 0)
    assert completed.report_bytes == len(storage.objects["models/eval-model/evaluations/eval-1.json"])
    assert json.loads(completed.aggregate_json) == report["aggregate"]
    assert report["format"] == "medseg-evaluation-v2" and report["evaluation_id"] == "eval-1"
    assert report["owner_id"] == "user-a"
    assert (report["model_id"], report["dataset_id"], report["subset"]) == (
        "eval-model",
        "ds-eval",
        "validation",
    )
    assert report["classes"] == {"label_values": [0, 1], "class_count": 2}
    assert report["created_at"].endswith("Z") and report["finished_at"] >= report["created_at"]
    assert report["image_count"] == 6 and report["failed_count"] == 0 and report["metric_notes"]
    aggregate = report["aggregate"]
    assert set(aggregate) == {
        "distanceUnit",
        "surfaceTolerance",
        "dice",
        "iou",
        "hd95",
        "asd",
        "nsd",
        "perClass",
    }
    assert set(aggregate["dice"]) == {"mean", "median", "std", "p25", "p75", "n"}
    assert aggregate["perClass"][0]["value"] == 1 and aggregate["distanceUnit"] == "px"
    assert report["surfaceTolerance"] == 1.0

    segment = inference_pb_grpc.InferenceServiceStub(channel)
    for image in report["images"]:
        assert image["error"] is None and (image["width"], image["height"]) == (40, 40)
        assert (image["kind"], image["shape"], image["distanceUnit"]) == ("image", [40, 40], "px")
        pair = data.pairs[image["pair_index"]]
        assert image["name"] == pair.name
        response = segment.Segment(
            inference_pb.SegmentRequest(
                model=model,
                pair=inference_pb.DatasetPairImage(
                    shard_url=storage.url(f"eval/{pair.shard_path}"), index=pair.index, label_values=[0, 1]
                ),
            ),
            timeout=30,
        )
        assert image["dice"] == pytest.approx(response.dice, abs=1e-9)
        assert image["iou"] == pytest.approx(response.iou, abs=1e-9)
        assert image["perClass"][0]["classIndex"] == 1
    assert aggregate["dice"]["n"] == 6 and aggregate["dice"]["mean"] > 0


def test_batch_of_a_zip_writes_masks_csv_and_report(
    stub: Stubs,
    channel: grpc.Channel,
    storage: Storage,
    model: sources_pb.ModelSource,
    tmp_path: Path,
) -> None:
    samples = shape_samples(3, size=37, seed=5)
    volume = np.stack([samples[2].image[0], samples[1].image[0] // 2, samples[0].image[0]]).astype(np.int16)
    affine = np.diag([0.7, 0.9, 3.0, 1.0])
    nifti = nifti_bytes(volume_of(volume), affine=affine)
    archive = zip_bytes(
        {
            "images/a.png": png_bytes(samples[0].image[0]),
            "images/sub/b.png": png_bytes(samples[1].image[0]),
            "images/vol.nii.gz": nifti,
            "images/broken.png": b"\x89PNG\r\n\x1a\n not really",
            "images/cine.dcm": dicom_bytes(
                np.stack([samples[0].image[0], samples[1].image[0]]).astype(np.uint16)
            ),
            "masks/a.png": png_bytes(samples[0].mask * 255),
            "__MACOSX/._a.png": b"junk",
        }
    )
    storage.objects["batches/zip-1/input.zip"] = archive
    stub.batch.StartBatchJob(
        batch_pb.StartBatchJobRequest(
            job_id="zip-1",
            model=model,
            archive=batch_pb.BatchArchive(url=storage.url("batches/zip-1/input.zip"), file_name="scans.zip"),
            targets=batch_pb.BatchTargets(
                masks_url=storage.url("batches/zip-1/masks.zip"),
                csv_url=storage.url("batches/zip-1/results.csv"),
                report_url=storage.url("batches/zip-1/batch.json"),
            ),
            batch_size=2,
        ),
        timeout=10,
    )
    events = watch(stub, "zip-1")
    assert events[-1].status.state == job_pb.JOB_STATE_COMPLETED, events[-1]
    completed = events[-2].completed
    assert (completed.image_count, completed.failed_count) == (5, 1)
    order = [p for p in storage.puts if p.startswith("batches/zip-1/")]
    assert order == ["batches/zip-1/masks.zip", "batches/zip-1/results.csv", "batches/zip-1/batch.json"]
    assert completed.masks_bytes == len(storage.objects["batches/zip-1/masks.zip"])
    assert completed.csv_bytes == len(storage.objects["batches/zip-1/results.csv"])

    report = json.loads(storage.objects["batches/zip-1/batch.json"])
    assert report["format"] == "medseg-batch-v2" and report["batch_id"] == "zip-1"
    assert (report["source"], report["input_name"], report["dataset_id"]) == ("archive", "scans.zip", None)
    assert report["owner_id"] is None  # none sent: a job from before accounts
    rows = {image["input_name"]: image for image in report["images"]}
    assert set(rows) == {
        "images/a.png",
        "images/sub/b.png",
        "images/vol.nii.gz",
        "images/broken.png",
        "images/cine.dcm",
    }
    assert rows["images/cine.dcm"]["output_name"] == "images/cine_frame0000.png"
    assert rows["images/broken.png"]["error"] and rows["images/broken.png"]["output_name"] is None
    assert rows["images/a.png"]["has_truth"] and rows["images/a.png"]["dice"] is not None
    assert not rows["images/sub/b.png"]["has_truth"] and rows["images/sub/b.png"]["dice"] is None
    assert rows["images/vol.nii.gz"]["slice_count"] == 3
    assert rows["images/vol.nii.gz"]["kind"] == "volume" and rows["images/a.png"]["kind"] == "image"
    assert report["aggregate"]["dice"]["n"] == 1

    with zipfile.ZipFile(io.BytesIO(storage.objects["batches/zip-1/masks.zip"])) as masks:
        names = set(masks.namelist())
        assert names == {
            "images/a.png",
            "images/sub/b.png",
            "images/vol.nii.gz",
            "images/cine_frame0000.png",
            "images/cine_frame0001.png",
        }
        a_mask = png_array(masks.read("images/a.png"))
        nifti_mask = masks.read("images/vol.nii.gz")
    assert a_mask.dtype == np.uint8 and a_mask.shape == (37, 37) and set(np.unique(a_mask)) <= {0, 1}

    table = storage.objects["batches/zip-1/results.csv"].decode()
    assert table.splitlines()[0] == CSV_HEADER
    csv_rows = {r["input_name"]: r for r in csv.DictReader(io.StringIO(table))}
    assert csv_rows["images/sub/b.png"]["dice"] == "" and csv_rows["images/broken.png"]["error"]
    assert csv_rows["images/a.png"]["output_name"] == "images/a.png"

    # The NIfTI mask lies on the input's grid; slice 1 is what Segment gives for that slice.
    path = tmp_path / "mask.nii.gz"
    path.write_bytes(nifti_mask)
    written = nib.load(path)
    assert written.shape == (37, 37, 3)
    np.testing.assert_allclose(written.affine, affine)
    slices = decode_nifti(path, as_mask=True, budget=DecodeBudget()).pixels[:, 0]
    response = inference_pb_grpc.InferenceServiceStub(channel).Segment(
        inference_pb.SegmentRequest(
            model=model,
            upload=inference_pb.UploadedImage(data=nifti, file_name="vol.nii.gz", slice_index=1),
        ),
        timeout=30,
    )
    np.testing.assert_array_equal(slices[1], png_array(response.mask_png))


def test_batch_of_dataset_pairs_scores_every_pair(
    stub: Stubs, storage: Storage, model: sources_pb.ModelSource
) -> None:
    data = dataset(storage, "batch-ds", 5)
    stub.batch.StartBatchJob(
        batch_pb.StartBatchJobRequest(
            job_id="ds-1",
            model=model,
            dataset=data,
            targets=batch_pb.BatchTargets(
                masks_url=storage.url("batches/ds-1/masks.zip"),
                csv_url=storage.url("batches/ds-1/results.csv"),
                report_url=storage.url("batches/ds-1/batch.json"),
            ),
        ),
        timeout=10,
    )
    events = watch(stub, "ds-1")
    assert events[-1].status.state == job_pb.JOB_STATE_COMPLETED, events[-1]
    report = json.loads(storage.objects["batches/ds-1/batch.json"])
    assert (report["source"], report["dataset_id"]) == ("dataset", "ds-batch-ds")
    assert report["aggregate"]["dice"]["n"] == 5
    assert [i["pair_index"] for i in report["images"]] == [0, 1, 2, 3, 4]
    assert report["test_time_mirroring"] is False
    with zipfile.ZipFile(io.BytesIO(storage.objects["batches/ds-1/masks.zip"])) as masks:
        assert sorted(masks.namelist()) == [f"case_{i:03d}.png" for i in range(5)]


def test_cancel_stops_a_running_evaluation_and_writes_nothing(
    stub: Stubs, model: sources_pb.ModelSource
) -> None:
    with serve_storage(Storage(get_delay_s=0.3)) as slow:
        data = dataset(slow, "slow", 30, shard_bytes=1)
        stub.evaluation.StartEvaluationJob(
            pb.StartEvaluationJobRequest(
                job_id="cancel-eval", model=model, dataset=data, report_url=slow.url("report.json")
            ),
            timeout=10,
        )
        for response in stub.jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="cancel-eval"), timeout=60):
            if response.event.status.state == job_pb.JOB_STATE_RUNNING:
                break
        job = stub.jobs.CancelJob(jobs_pb.CancelJobRequest(job_id="cancel-eval"), timeout=10).job
        assert job.state == job_pb.JOB_STATE_CANCELLED
        events = watch(stub, "cancel-eval")
        assert events[-1].status.message == "cancelled"
        assert events[-1].status.reason == job_pb.STATUS_REASON_CANCELLED_BY_USER
        assert job.reason == job_pb.STATUS_REASON_CANCELLED_BY_USER
        assert not any(e.HasField("completed") for e in events)
        assert "report.json" not in slow.puts
    listed = {j.job_id: j for j in stub.jobs.ListJobs(jobs_pb.ListJobsRequest(), timeout=5).jobs}
    assert listed["cancel-eval"].state == job_pb.JOB_STATE_CANCELLED
    evaluations = stub.jobs.ListJobs(jobs_pb.ListJobsRequest(kind=job_pb.JOB_KIND_EVALUATION), timeout=5)
    assert "cancel-eval" in [j.job_id for j in evaluations.jobs]
    assert {j.kind for j in evaluations.jobs} == {job_pb.JOB_KIND_EVALUATION}
    batches = stub.jobs.ListJobs(jobs_pb.ListJobsRequest(kind=job_pb.JOB_KIND_BATCH), timeout=5)
    assert "cancel-eval" not in [j.job_id for j in batches.jobs]


def test_requests_are_checked_before_queueing(
    stub: Stubs, storage: Storage, model: sources_pb.ModelSource
) -> None:
    def start(job_id: str, labels: list[int], report_url: str) -> pb.StartEvaluationJobResponse:
        return stub.evaluation.StartEvaluationJob(
            pb.StartEvaluationJobRequest(
                job_id=job_id,
                model=model,
                dataset=dataset(storage, "checks", 2, labels=labels),
                report_url=report_url,
            ),
            timeout=10,
        )

    error = rpc_error(lambda: start("bad-labels", [0, 2], storage.url("r.json")))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "dataset.label_values has [2], which the model does not predict" in error.details()
    error = rpc_error(lambda: start("no-url", [0, 1], ""))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and "report_url" in error.details()
    start("twice", [0, 1], storage.url("twice.json"))
    error = rpc_error(lambda: start("twice", [0, 1], storage.url("twice.json")))
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS
    error = rpc_error(lambda: watch(stub, "nope"))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    error = rpc_error(
        lambda: stub.batch.StartBatchJob(batch_pb.StartBatchJobRequest(job_id="x", model=model), timeout=10)
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and "archive" in error.details()


def reference_probabilities(storage: Storage, source: sources_pb.ModelSource, x: torch.Tensor) -> np.ndarray:
    card = json.loads(source.card_json)
    network = build_network(NetworkSpec.from_dict(card["network"]))
    network.load_state_dict(load(storage.objects[f"models/{source.model_id}/best.safetensors"]))
    with torch.inference_mode():
        return torch.softmax(network.eval()(x), dim=1).numpy()


def export(
    stub: Stubs, storage: Storage, model: sources_pb.ModelSource, fmt: int, key: str
) -> tuple[export_pb.ExportModelResponse, zipfile.ZipFile]:
    response = stub.export.ExportModel(
        export_pb.ExportModelRequest(model=model, format=fmt, bundle_url=storage.url(key)), timeout=60
    )
    return response, zipfile.ZipFile(io.BytesIO(storage.objects[key]))


def test_onnx_export_matches_pytorch_in_onnxruntime(
    stub: Stubs, storage: Storage, model: sources_pb.ModelSource
) -> None:
    response, bundle = export(
        stub, storage, model, export_pb.EXPORT_FORMAT_ONNX, "models/eval-model/export/onnx.zip"
    )
    assert response.file_name == "model.onnx" and response.opset_version == 18
    assert (
        response.max_abs_difference <= 1e-4
        and response.bundle_bytes > 0
        and len(response.bundle_sha256) == 64
    )
    assert sorted(bundle.namelist()) == ["export.json", "model.json", "model.onnx"]
    assert bundle.read("model.json").decode() == model.card_json
    description = json.loads(bundle.read("export.json"))
    assert description == json.loads(response.export_json)
    assert description["format"] == "onnx" and description["input"]["name"] == "image"
    assert description["input"]["shape"] == [1, 1, 32, 32] and description["output"]["shape"] == [
        1,
        2,
        32,
        32,
    ]
    assert description["verification"]["runtime"].startswith("onnxruntime")
    session = onnxruntime.InferenceSession(bundle.read("model.onnx"), providers=["CPUExecutionProvider"])
    x = torch.rand((3, 1, 32, 32), generator=torch.Generator().manual_seed(7))
    (logits,) = session.run(["logits"], {"image": x.numpy()})
    got = torch.softmax(torch.from_numpy(logits), dim=1).numpy()
    np.testing.assert_allclose(got, reference_probabilities(storage, model, x), atol=1e-4)


def test_torchscript_export_loads_without_medseg(
    stub: Stubs, storage: Storage, model: sources_pb.ModelSource
) -> None:
    response, bundle = export(
        stub, storage, model, export_pb.EXPORT_FORMAT_TORCHSCRIPT, "models/eval-model/export/ts.zip"
    )
    assert response.file_name == "model.torchscript.pt" and response.opset_version == 0
    scripted = torch.jit.load(io.BytesIO(bundle.read("model.torchscript.pt")))
    x = torch.rand((2, 1, 32, 32), generator=torch.Generator().manual_seed(8))
    with torch.inference_mode():
        got = torch.softmax(scripted(x), dim=1).numpy()
    np.testing.assert_allclose(got, reference_probabilities(storage, model, x), atol=1e-4)


def test_export_refuses_an_unknown_opset_or_format(
    stub: Stubs, storage: Storage, model: sources_pb.ModelSource
) -> None:
    for request in (
        export_pb.ExportModelRequest(
            model=model, format=export_pb.EXPORT_FORMAT_ONNX, opset_version=99, bundle_url=storage.url("x")
        ),
        export_pb.ExportModelRequest(model=model, bundle_url=storage.url("x")),
    ):
        error = rpc_error(lambda request=request: stub.export.ExportModel(request, timeout=30))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert (
            "opset_version 99 is not supported; use 13..20" in error.details()
            or "format must be" in error.details()
        )


def test_batch_of_a_file_that_is_not_a_zip_fails_with_the_reason(
    stub: Stubs, storage: Storage, model: sources_pb.ModelSource
) -> None:
    storage.objects["batches/not-zip/input.zip"] = b"this is a text file"
    stub.batch.StartBatchJob(
        batch_pb.StartBatchJobRequest(
            job_id="not-zip",
            model=model,
            archive=batch_pb.BatchArchive(
                url=storage.url("batches/not-zip/input.zip"), file_name="notes.zip"
            ),
            targets=batch_pb.BatchTargets(
                masks_url=storage.url("batches/not-zip/masks.zip"),
                csv_url=storage.url("batches/not-zip/results.csv"),
                report_url=storage.url("batches/not-zip/batch.json"),
            ),
        ),
        timeout=10,
    )
    events = watch(stub, "not-zip")
    assert events[-1].status.state == job_pb.JOB_STATE_FAILED
    assert events[-1].status.reason == job_pb.STATUS_REASON_INVALID_INPUT
    assert events[-1].status.message.startswith("notes.zip cannot be processed: The upload is not a ZIP")
    assert not [p for p in storage.puts if p.startswith("batches/not-zip/")]

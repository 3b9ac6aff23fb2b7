"""The crafted files against a running ml-service: refused in inspection, segmentation and batch jobs
alike, and its resident memory (from /proc/<pid>/status) stays within a set budget meanwhile."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from crafted_files import CraftedFile, crafted_archive, crafted_batch, crafted_files
from job_stubs import Stubs
from ml_process import MlService
from model_factory import train_model
from training_factory import Storage, serve_storage

from medseg_ml.generated.medseg.v1 import batch_service_pb2 as batch_pb
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dataset_pb
from medseg_ml.generated.medseg.v1 import dataset_service_pb2_grpc as dataset_grpc
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import job_service_pb2 as jobs_pb
from medseg_ml.generated.medseg.v1 import sources_pb2

# Ten requests of up to 3 MB are in flight at once (2 decoding, 8 queued), each held by gRPC and
# protobuf in a few copies, and glibc keeps what the worker threads freed: about 100 MiB measured.
# One decoder that trusted a crafted header would need gigabytes (each bomb inflates to 3 GiB).
RSS_BUDGET_MIB = 256
CONCURRENT = 10


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def model(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> sources_pb2.ModelSource:
    return train_model(storage, "budget-model", tmp_path_factory.mktemp("train"))


def segment(channel: grpc.Channel, model: sources_pb2.ModelSource, crafted: CraftedFile) -> grpc.RpcError:
    request = pb.SegmentRequest(
        model=model,
        upload=pb.UploadedImage(data=crafted.data, file_name=crafted.name),
        limits=dataset_pb.DatasetLimits(),
    )
    with pytest.raises(grpc.RpcError) as caught:
        pb_grpc.InferenceServiceStub(channel).Segment(request, timeout=60)
    return caught.value


def inspect(channel: grpc.Channel, url: str) -> dataset_pb.InspectResult:
    request = dataset_pb.InspectDatasetRequest(
        dataset_id="ds-crafted", archive_url=url, limits=dataset_pb.DatasetLimits()
    )
    responses = list(dataset_grpc.DatasetServiceStub(channel).InspectDataset(request, timeout=120))
    return responses[-1].result


@pytest.mark.parametrize("crafted", crafted_files(), ids=lambda c: c.name)
def test_segment_refuses_each_crafted_file_as_invalid_argument(
    channel: grpc.Channel, model: sources_pb2.ModelSource, crafted: CraftedFile
) -> None:
    error = segment(channel, model, crafted)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details().startswith(f"{crafted.name}: ")
    assert crafted.reason in error.details()


def test_inspection_gives_each_crafted_file_its_reason(channel: grpc.Channel, storage: Storage) -> None:
    storage.objects["datasets/crafted/archive.zip"] = crafted_archive()
    result = inspect(channel, storage.url("datasets/crafted/archive.zip"))
    reasons = {w.path: w.reason for w in result.warnings}
    assert [p.name for p in result.pairs] == ["valid"]
    for crafted in crafted_files():
        assert crafted.reason in reasons[f"images/{crafted.name}"]


def test_batch_job_fails_each_crafted_file_alone_with_its_reason(
    channel: grpc.Channel, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    stubs = Stubs(channel)
    storage.objects["batches/crafted/input.zip"] = crafted_batch()
    prefix = "batches/crafted"
    stubs.batch.StartBatchJob(
        batch_pb.StartBatchJobRequest(
            job_id="crafted",
            model=model,
            archive=batch_pb.BatchArchive(url=storage.url(f"{prefix}/input.zip"), file_name="crafted.zip"),
            targets=batch_pb.BatchTargets(
                masks_url=storage.url(f"{prefix}/masks.zip"),
                csv_url=storage.url(f"{prefix}/results.csv"),
                report_url=storage.url(f"{prefix}/batch.json"),
            ),
            limits=dataset_pb.DatasetLimits(),
        ),
        timeout=10,
    )
    events = [r.event for r in stubs.jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="crafted"), timeout=120)]
    assert events[-1].status.state == job_pb.JOB_STATE_COMPLETED, events[-1]
    assert events[-2].completed.failed_count == len(crafted_files())
    errors = {
        image["input_name"]: image["error"]
        for image in json.loads(storage.objects[f"{prefix}/batch.json"])["images"]
    }
    assert errors["valid.png"] is None
    for crafted in crafted_files():
        assert crafted.reason in errors[crafted.name]


def test_resident_memory_stays_within_budget_while_crafted_files_arrive_ten_at_once(
    ml_service: MlService, channel: grpc.Channel, storage: Storage, model: sources_pb2.ModelSource
) -> None:
    storage.objects["datasets/crafted/archive.zip"] = crafted_archive()
    url = storage.url("datasets/crafted/archive.zip")
    files = crafted_files()

    def one_round() -> None:
        for crafted in files:
            assert segment(channel, model, crafted).code() == grpc.StatusCode.INVALID_ARGUMENT
        assert [p.name for p in inspect(channel, url).pairs] == ["valid"]

    one_round()  # loads the model and every decoder's modules: the baseline is a warm service
    baseline_kib = ml_service.memory_kib("VmRSS")
    peak = _PeakSampler(ml_service)
    with peak, ThreadPoolExecutor(CONCURRENT) as pool:
        for future in [pool.submit(one_round) for _ in range(CONCURRENT)]:
            future.result()
    grown_mib = (peak.kib - baseline_kib) / 1024
    print(f"ml-service RSS: warm {baseline_kib / 1024:.0f} MiB, peak {peak.kib / 1024:.0f} MiB")
    assert grown_mib < RSS_BUDGET_MIB, (
        f"ml-service grew {grown_mib:.0f} MiB over its warm {baseline_kib / 1024:.0f} MiB "
        f"(peak {peak.kib / 1024:.0f} MiB) while {CONCURRENT} clients sent the crafted files"
    )


class _PeakSampler:
    """Peak resident memory of the service during a block: VmHWM after resetting it, else VmRSS sampled."""

    def __init__(self, service: MlService) -> None:
        self._service = service
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._hwm = False
        self.kib = 0

    def __enter__(self) -> _PeakSampler:
        self._hwm = self._service.reset_peak_memory()
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.kib = max(self.kib, self._service.memory_kib("VmRSS"))
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if self._hwm:
            self.kib = max(self.kib, self._service.memory_kib("VmHWM"))

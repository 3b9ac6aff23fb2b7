"""DatasetService.InspectDataset end to end: the real ml-service reads archives from a local HTTP server."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import archive_factory as factory
import grpc
import numpy as np
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from ml_process import MlService
from PIL import Image
from safetensors.numpy import load

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import dataset_service_pb2_grpc as pb_grpc

SERVICE = "medseg.v1.DatasetService"


class _ArchiveHandler(SimpleHTTPRequestHandler):
    """Serves the archive folder; /slow/<name> trickles the file so a test can cancel mid-download."""

    def do_GET(self) -> None:
        if not self.path.startswith("/slow/"):
            super().do_GET()
            return
        data = (Path(self.directory) / self.path.removeprefix("/slow/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data) * 100))
        self.end_headers()
        try:
            for _ in range(600):
                self.wfile.write(data[:64])
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the ml-service hung up, as it should after a cancel

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def archive_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a local HTTP server holding every factory archive as <case>.zip."""
    folder = tmp_path_factory.mktemp("archives")
    factory.write_all(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_ArchiveHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def inspect(
    channel: grpc.Channel, url: str, limits: pb.DatasetLimits | None = None
) -> list[pb.InspectDatasetResponse]:
    request = pb.InspectDatasetRequest(
        dataset_id="ds-test", archive_url=url, limits=limits or pb.DatasetLimits()
    )
    return list(pb_grpc.DatasetServiceStub(channel).InspectDataset(request, timeout=60))


def work_dirs(ml_service: MlService) -> list[Path]:
    root = ml_service.log_path.parent / "ml-cache" / "inspect"
    return list(root.iterdir()) if root.is_dir() else []


def wait_until_clean(ml_service: MlService, timeout: float = 10.0) -> list[Path]:
    deadline = time.monotonic() + timeout
    while work_dirs(ml_service) and time.monotonic() < deadline:
        time.sleep(0.05)
    return work_dirs(ml_service)


def test_health_and_reflection_list_dataset_service(channel: grpc.Channel) -> None:
    reply = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=SERVICE), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    assert SERVICE in ProtoReflectionDescriptorDatabase(channel).get_services()


def test_inspects_a_mixed_archive(channel: grpc.Channel, archive_url: str, ml_service: MlService) -> None:
    events = inspect(channel, f"{archive_url}/mixed.zip")
    assert events[0].progress.phase == pb.INSPECT_PHASE_DOWNLOADING
    assert [e.HasField("result") for e in events].count(True) == 1 and events[-1].HasField("result")
    downloads = [e.progress for e in events if e.progress.phase == pb.INSPECT_PHASE_DOWNLOADING]
    assert downloads[-1].done == downloads[-1].total > 0
    result = events[-1].result
    assert list(result.errors) == []
    assert result.stats.pair_count == len(result.pairs) == 6
    objects = {e.object.path: e.object for e in events if e.HasField("object")}
    assert sorted(p for p in objects if p.startswith("thumbs/")) == [f"thumbs/{i:05d}.png" for i in range(6)]
    for pair in result.pairs:
        for path in (pair.thumbnail_path, pair.preview_path):
            assert Image.open(io.BytesIO(objects[path].data)).format == "PNG"
            assert objects[path].content_type == "image/png"
    tensors = load(objects["data/shard-00000.safetensors"].data)
    for pair in result.pairs:
        image, mask = tensors[f"image_{pair.index}"], tensors[f"mask_{pair.index}"]
        assert image.shape == (pair.channels, pair.height, pair.width)
        assert mask.shape == (pair.height, pair.width)
        assert sorted(int(v) for v in np.unique(mask)) == list(pair.labels)
    assert wait_until_clean(ml_service) == []


@pytest.mark.parametrize("case", ["traversal", "zip_bomb", "not_a_zip", "encrypted", "missing_masks"])
def test_refused_archive_ends_with_errors_not_an_rpc_error(
    channel: grpc.Channel, archive_url: str, case: str
) -> None:
    events = inspect(channel, f"{archive_url}/{case}.zip")
    result = events[-1].result
    assert result.errors and not result.pairs
    assert not any(e.HasField("object") for e in events)


def test_limits_from_the_request_apply(channel: grpc.Channel, archive_url: str) -> None:
    result = inspect(channel, f"{archive_url}/png_8bit.zip", pb.DatasetLimits(max_entries=2))[-1].result
    assert result.errors == [
        "The archive has 6 entries, more than the limit of 2 (MEDSEG_DATASET_MAX_ENTRIES); "
        "split the dataset into smaller archives"
    ]


@pytest.mark.parametrize(
    ("request_fields", "message"),
    [
        ({"limits": pb.DatasetLimits()}, "archive_url must be a presigned HTTP(S) GET URL"),
        ({"archive_url": "file:///etc/passwd", "limits": pb.DatasetLimits()}, "archive_url must be"),
        ({"archive_url": "http://127.0.0.1:1/a.zip"}, "limits is required"),
    ],
)
def test_malformed_request_is_invalid_argument(
    channel: grpc.Channel, request_fields: dict[str, object], message: str
) -> None:
    stub = pb_grpc.DatasetServiceStub(channel)
    with pytest.raises(grpc.RpcError) as caught:
        list(stub.InspectDataset(pb.InspectDatasetRequest(dataset_id="ds-bad", **request_fields), timeout=10))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in caught.value.details()


def test_missing_archive_is_unavailable(
    channel: grpc.Channel, archive_url: str, ml_service: MlService
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        inspect(channel, f"{archive_url}/nope.zip?X-Amz-Signature=secret")
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "HTTP 404" in caught.value.details()
    assert "secret" not in caught.value.details() and "secret" not in ml_service.logs()
    assert wait_until_clean(ml_service) == []


def test_cancel_stops_the_download_and_deletes_temp_files(
    channel: grpc.Channel, archive_url: str, ml_service: MlService
) -> None:
    request = pb.InspectDatasetRequest(
        dataset_id="ds-cancel", archive_url=f"{archive_url}/slow/png_8bit.zip", limits=pb.DatasetLimits()
    )
    call = pb_grpc.DatasetServiceStub(channel).InspectDataset(request, timeout=60)
    first = next(call)
    assert first.progress.phase == pb.INSPECT_PHASE_DOWNLOADING
    assert work_dirs(ml_service), "the download is under way in a temp folder"
    call.cancel()
    assert wait_until_clean(ml_service) == []


def test_logs_start_and_finish_with_the_dataset_id(
    channel: grpc.Channel, archive_url: str, ml_service: MlService
) -> None:
    inspect(channel, f"{archive_url}/png_8bit.zip")
    lines = [json.loads(line) for line in ml_service.logs().splitlines() if line.startswith("{")]
    finished = [e for e in lines if e["msg"] == "dataset inspection finished"]
    assert finished and finished[-1]["dataset_id"] == "ds-test" and finished[-1]["pairs"] == 3

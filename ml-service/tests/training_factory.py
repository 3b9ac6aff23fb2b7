"""Small generated segmentation datasets as shards, and a local HTTP 'storage' that serves and accepts them.

Images are bright discs and squares on noise; masks hold the original label values (not class indices),
as the dataset inspection writes them.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import numpy as np

from medseg_ml.datasets.shards import ShardWriter
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb


@dataclass(frozen=True)
class Sample:
    image: np.ndarray  # (C, H, W) uint8
    mask: np.ndarray  # (H, W) label values
    volume: str = ""
    slice_index: int = 0


def shape_samples(
    count: int,
    size: int = 64,
    *,
    channels: int = 1,
    labels: Sequence[int] = (1,),
    seed: int = 0,
    volumes: int = 0,
) -> list[Sample]:
    """`count` noisy images, each with one bright disc or square labelled with one of `labels`.

    Args:
        volumes: spread the samples over this many volumes as consecutive slices; 0 for plain 2D images.
    """
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:size, :size]
    samples = []
    for i in range(count):
        label = labels[i % len(labels)]
        radius = rng.uniform(size * 0.12, size * 0.25)
        cy, cx = rng.uniform(radius + 1, size - radius - 1, 2)
        if i % 2:
            inside = (yy - cy) ** 2 + (xx - cx) ** 2 <= radius**2
        else:
            inside = (abs(yy - cy) <= radius) & (abs(xx - cx) <= radius)
        # Each label gets its own brightness so a network can tell the classes apart.
        brightness = 120 + 40 * list(labels).index(label)
        pixels = rng.normal(40, 15, (size, size)) + inside * brightness
        image = np.clip(pixels, 0, 255).astype(np.uint8)[None].repeat(channels, axis=0)
        mask = np.where(inside, label, 0).astype(np.uint8)
        volume = f"vol{i % volumes:02d}" if volumes else ""
        samples.append(Sample(image, mask, volume, i // volumes if volumes else 0))
    return samples


def write_shards(
    samples: Sequence[Sample], target_bytes: int = 64 * 1024
) -> tuple[dict[str, bytes], list[sources_pb2.DatasetSourcePair]]:
    """Shard files by path, and the pair list that describes them."""
    writer = ShardWriter(target_bytes)
    shards: dict[str, bytes] = {}
    pairs = []
    for index, sample in enumerate(samples):
        path = writer.add(index, sample.image, sample.mask)
        name = f"{sample.volume}#z{sample.slice_index:03d}" if sample.volume else f"case_{index:03d}"
        pairs.append(
            sources_pb2.DatasetSourcePair(
                index=index, name=name, volume=sample.volume, slice_index=sample.slice_index, shard_path=path
            )
        )
        if writer.full():
            shard_path, data = writer.flush()  # type: ignore[misc]
            shards[shard_path] = data
    if (last := writer.flush()) is not None:
        shards[last[0]] = last[1]
    return shards, pairs


@dataclass
class Storage:
    """Objects by path; GET serves them, PUT stores them (with their Content-Type)."""

    base_url: str = ""
    objects: dict[str, bytes] = field(default_factory=dict)
    content_types: dict[str, str] = field(default_factory=dict)
    puts: list[str] = field(default_factory=list)
    # Seconds to wait before answering each GET, to slow a job down.
    get_delay_s: float = 0.0
    # Paths whose PUT is refused with 403.
    refuse_puts: set[str] = field(default_factory=set)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}?X-Amz-Signature=secret"


def _handler(storage: Storage) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _path(self) -> str:
            return self.path.split("?", 1)[0].lstrip("/")

        def do_GET(self) -> None:
            time.sleep(storage.get_delay_s)
            data = storage.objects.get(self._path())
            if data is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_PUT(self) -> None:
            path = self._path()
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if path in storage.refuse_puts:
                self.send_error(403)
                return
            storage.objects[path] = body
            storage.content_types[path] = self.headers.get("Content-Type", "")
            storage.puts.append(path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve_storage(storage: Storage | None = None) -> Iterator[Storage]:
    storage = storage or Storage()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(storage))
    storage.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield storage
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class FlakyProxy:
    """A real HTTP proxy in front of `upstream` that answers 503 to the first `failures` PUTs of each path,
    then forwards every request: storage that hiccups, as a restarting S3 does."""

    upstream: str
    failures: int = 2
    base_url: str = ""
    # Every PUT that got a 503, by path, in order.
    refused: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}?X-Amz-Signature=secret"


def _proxy_handler(proxy: FlakyProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._forward(b"")

        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            path = self.path.split("?", 1)[0].lstrip("/")
            if proxy.refused.count(path) < proxy.failures:
                proxy.refused.append(path)
                self.send_error(503, "Slow Down")
                return
            self._forward(body)

        def _forward(self, body: bytes) -> None:
            upstream = urlsplit(proxy.upstream)
            connection = http.client.HTTPConnection(upstream.hostname or "", upstream.port, timeout=30)
            headers = {
                k: v for k, v in self.headers.items() if k.lower() in ("content-type", "content-length")
            }
            connection.request(self.command, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
            connection.close()
            self.send_response(answer.status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve_flaky_proxy(upstream: Storage, failures: int = 2) -> Iterator[FlakyProxy]:
    proxy = FlakyProxy(upstream.base_url, failures)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _proxy_handler(proxy))
    proxy.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()


def start_request(
    storage: Storage,
    job_id: str,
    samples: Sequence[Sample],
    hyperparameters: pb.Hyperparameters,
    *,
    labels: Sequence[int] = (0, 1),
    channels: int = 1,
) -> pb.StartTrainingJobRequest:
    """Put the samples' shards in `storage` and describe a job that trains on them."""
    shards, pairs = write_shards(samples)
    prefix = f"datasets/{job_id}"
    for path, data in shards.items():
        storage.objects[f"{prefix}/{path}"] = data
    return pb.StartTrainingJobRequest(
        job_id=job_id,
        model_name=f"model {job_id}",
        hyperparameters=hyperparameters,
        dataset=sources_pb2.DatasetSource(
            dataset_id=f"ds-{job_id}",
            shards=[sources_pb2.ShardSource(path=p, url=storage.url(f"{prefix}/{p}")) for p in shards],
            pairs=pairs,
            label_values=list(labels),
            channels=channels,
        ),
        artifacts=pb.ArtifactTargets(
            best_weights_url=storage.url(f"models/{job_id}/best.safetensors"),
            last_weights_url=storage.url(f"models/{job_id}/last.safetensors"),
            card_url=storage.url(f"models/{job_id}/model.json"),
        ),
    )

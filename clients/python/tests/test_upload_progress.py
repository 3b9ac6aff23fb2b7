"""Dataset upload: streamed in pieces with progress, `name` before `archive`, a known length."""

from __future__ import annotations

import io
import os
from itertools import pairwise
from pathlib import Path

import httpx
from dto_bodies import dataset
from gateway_stub import Gateway

from medseg_client.connection import connect
from medseg_client.datasets import upload_dataset
from medseg_client.upload import ProgressReader

SIZE = 300_000  # more than four of httpx's 64 KiB pieces


def test_streams_the_zip_in_pieces_and_reports_progress(tmp_path: Path) -> None:
    archive = tmp_path / "brain.zip"
    content = os.urandom(SIZE)
    archive.write_bytes(content)
    received: dict[str, object] = {}

    def store(request: httpx.Request) -> httpx.Response:
        received["body"] = request.content
        received["headers"] = request.headers
        return httpx.Response(201, json=dataset(name="Brain MRI", archiveBytes=SIZE))

    gateway = Gateway()
    gateway.on("POST", "/api/datasets", store)
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    seen: list[tuple[int, int]] = []

    uploaded = upload_dataset(
        api, archive, "Brain MRI", progress=lambda done, total: seen.append((done, total))
    )

    assert uploaded.name == "Brain MRI" and uploaded.archive_bytes == SIZE
    assert seen[-1] == (SIZE, SIZE)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    steps = [b - a for (a, _), (b, _) in pairwise([(0, 0), *seen])]
    assert len(seen) >= 5 and max(steps) <= 64 * 1024  # never the whole file at once
    body = received["body"]
    assert isinstance(body, bytes)
    assert body.index(b'name="name"') < body.index(b'name="archive"; filename="brain.zip"')
    assert content in body
    headers = received["headers"]
    assert isinstance(headers, httpx.Headers)
    assert headers["content-length"] == str(len(body)) and "transfer-encoding" not in headers
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b"Content-Type: application/zip" in body


def test_leaves_the_name_to_the_gateway_when_none_is_given(tmp_path: Path) -> None:
    archive = tmp_path / "scans.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))
    gateway = Gateway()
    gateway.on("POST", "/api/datasets", lambda request: httpx.Response(201, json=dataset(name="scans")))
    upload_dataset(connect("http://gateway.test", "secret", transport=gateway.transport()), archive)
    assert b'name="name"' not in gateway.requests[0].content


def test_a_seek_to_the_start_starts_the_count_again() -> None:
    seen: list[int] = []
    reader = ProgressReader(io.BytesIO(b"x" * 10), 10, lambda done, total: seen.append(done))
    reader.read(4)
    reader.seek(0)
    reader.read(10)
    assert seen == [4, 10] and reader.done == 10

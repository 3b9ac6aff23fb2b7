"""Downloads: the server's file name made safe, and nothing half-written left behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from dto_bodies import MODEL_ID
from gateway_stub import Gateway

from medseg_client.connection import connect
from medseg_client.download import filename_of
from medseg_client.errors import ConnectionFailed
from medseg_client.model_export import export_model


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ('attachment; filename="mask-1.nii.gz"', "mask-1.nii.gz"),
        ("attachment; filename=\"Gehirn_.png\"; filename*=UTF-8''Gehirn%C3%9F.png", "Gehirnß.png"),
        ('attachment; filename="../../etc/passwd"', "passwd"),
        ('attachment; filename=".."', None),
        ("inline", None),
    ],
)
def test_reads_the_file_name_of_content_disposition(header: str, name: str | None) -> None:
    assert filename_of(httpx.Headers({"content-disposition": header})) == name


def exporting(body: httpx.SyncByteStream | bytes) -> Gateway:
    gateway = Gateway()
    headers = {
        "content-disposition": 'attachment; filename="onnx-opset18.zip"',
        "x-medseg-opset": "18",
        "x-medseg-max-abs-difference": "0.00012",
    }
    gateway.on(
        "GET",
        f"/api/models/{MODEL_ID}/export",
        lambda request: httpx.Response(
            200, headers=headers, **({"content": body} if isinstance(body, bytes) else {"stream": body})
        ),
    )
    return gateway


def test_saves_an_export_under_the_servers_name_in_a_folder(tmp_path: Path) -> None:
    gateway = exporting(b"PK zip")
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    exported = export_model(api, MODEL_ID, tmp_path, format="monai-bundle", opset=17)
    assert exported.path == tmp_path / "onnx-opset18.zip" and exported.path.read_bytes() == b"PK zip"
    assert (exported.opset, exported.max_abs_difference) == (18, 0.00012)
    assert dict(gateway.requests[0].url.params) == {"format": "monai-bundle", "opset": "17"}


class Dropping(httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        yield b"first half"
        raise httpx.ReadError("connection reset")


def test_a_dropped_download_leaves_no_file(tmp_path: Path) -> None:
    api = connect("http://gateway.test", "secret", transport=exporting(Dropping()).transport())
    with pytest.raises(ConnectionFailed):
        export_model(api, MODEL_ID, tmp_path / "model.zip")
    assert list(tmp_path.iterdir()) == []

"""Zip safety: each refused archive says what is wrong, and extraction counts real bytes."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import archive_factory as factory
import pytest

from medseg_ml.datasets.archive import (
    ArchiveRefusedError,
    EntryDamagedError,
    EntryExtractor,
    entry_parts,
    is_junk,
    open_archive,
    scan_archive,
)
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb

Scan = Callable[..., list[str]]


@pytest.fixture
def scan(tmp_path: Path) -> Scan:
    """Errors from opening and scanning archive bytes; empty when it passes."""

    def run(data: bytes, limits: ArchiveLimits | None = None) -> list[str]:
        path = tmp_path / "archive.zip"
        path.write_bytes(data)
        try:
            with open_archive(path, limits or ArchiveLimits()) as archive:
                scan_archive(archive, limits or ArchiveLimits())
        except ArchiveRefusedError as e:
            return e.errors
        return []

    return run


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (factory.case_traversal, "Entry ../evil.png escapes the archive (path traversal); remove it"),
        (factory.case_zip_bomb, "Entry images/bomb.dcm expands"),
        (factory.case_not_a_zip, "not a ZIP archive"),
        (factory.case_empty, "The archive is empty"),
        (factory.case_encrypted, "Entry images/case_000.png is encrypted"),
        (factory.case_symlink, "Entry images/link.png is a symbolic link"),
        (factory.case_nested_zip, "Entry images/more.zip is an archive inside the archive"),
    ],
)
def test_refuses_unsafe_archive_saying_why(scan: Scan, build: Callable[[], bytes], expected: str) -> None:
    errors = scan(build())
    assert any(expected in e for e in errors), errors


@pytest.mark.parametrize(
    "name", ["/abs/images/a.png", "C:/data/images/a.png", "images\\..\\..\\evil.png", "\\root.png"]
)
def test_refuses_absolute_and_backslash_escapes(scan: Scan, name: str) -> None:
    errors = scan(factory.zip_bytes({name: b"x"}))
    assert any(name in e and ("absolute" in e or "traversal" in e) for e in errors), errors


def test_accepts_nii_gz_but_refuses_plain_gz(scan: Scan) -> None:
    assert scan(factory.zip_bytes({"images/a.nii.gz": b"x", "masks/a.nii.gz": b"x"})) == []
    assert "archive inside the archive" in scan(factory.zip_bytes({"images/a.png.gz": b"x"}))[0]


def test_refuses_more_entries_than_the_limit(scan: Scan) -> None:
    errors = scan(factory.case_png_8bit(), ArchiveLimits(max_entries=5))
    assert errors == [
        "The archive has 6 entries, more than the limit of 5 (MEDSEG_DATASET_MAX_ENTRIES); "
        "split the dataset into smaller archives"
    ]


def test_entry_count_is_checked_from_the_end_record_before_opening(scan: Scan) -> None:
    data = bytearray(factory.case_png_8bit())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 60000, 60000)  # a forged, huge central directory
    assert scan(bytes(data), ArchiveLimits(max_entries=100)) == [
        "The archive has 60000 entries, more than the limit of 100 (MEDSEG_DATASET_MAX_ENTRIES); "
        "split the dataset into smaller archives"
    ]


def test_entry_count_of_a_zip64_archive(scan: Scan) -> None:
    data = factory.zip_bytes({f"e{i}": b"" for i in range(70_000)}, zipfile.ZIP_STORED)
    assert scan(data, ArchiveLimits(max_entries=69_999))[0].startswith("The archive has 70000 entries")


def test_refuses_declared_size_over_the_limit(scan: Scan) -> None:
    errors = scan(factory.case_png_8bit(), ArchiveLimits(max_uncompressed_bytes=1000))
    assert len(errors) == 1 and errors[0].startswith("The archive expands to ")


def test_small_entries_may_compress_well(scan: Scan) -> None:
    # 500 KiB of background deflates about 1000x but cannot hurt anyone.
    assert scan(factory.zip_bytes({"masks/empty.dcm": bytes(500 * 1024)})) == []


def test_caps_the_number_of_reported_errors(scan: Scan) -> None:
    errors = scan(factory.zip_bytes({f"../x{i}.png": b"x" for i in range(30)}))
    assert len(errors) == 21
    assert errors[-1] == "... and 10 more problems like these"


def test_junk_is_skipped_and_folders_dropped(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    path.write_bytes(
        factory.zip_bytes({"images/": b"", "images/a.png": b"x", "__MACOSX/images/._a.png": b"x"})
    )
    with open_archive(path, ArchiveLimits()) as archive:
        result = scan_archive(archive, ArchiveLimits())
    assert [i.filename for i in result.files] == ["images/a.png"]
    assert result.entry_count == 3


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("__MACOSX/a.png", True),
        ("data/.DS_Store", True),
        ("images/Thumbs.db", True),
        ("images/.hidden.png", True),
        (".git/config", True),
        ("images/a.png", False),
        ("images/a.b.png", False),
    ],
)
def test_is_junk(name: str, junk: bool) -> None:
    assert is_junk(name) is junk


def test_entry_parts_splits_on_both_slashes() -> None:
    assert entry_parts("data\\images/a.png") == ["data", "images", "a.png"]


def test_extractor_counts_real_bytes_across_entries(tmp_path: Path) -> None:
    data = factory.zip_bytes({"a.bin": bytes(600), "b.bin": bytes(600)}, zipfile.ZIP_STORED)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        extractor = EntryExtractor(archive, ArchiveLimits(max_uncompressed_bytes=1000))
        extractor.extract(archive.getinfo("a.bin"), tmp_path / "a")
        with pytest.raises(ArchiveRefusedError, match="expands to more than 1000 bytes"):
            extractor.extract(archive.getinfo("b.bin"), tmp_path / "b")


def test_extractor_stops_an_entry_that_inflates_past_the_ratio(tmp_path: Path) -> None:
    data = factory.zip_bytes({"big.bin": bytes(4 * 1024 * 1024)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        extractor = EntryExtractor(archive, ArchiveLimits(max_compression_ratio=10))
        with pytest.raises(ArchiveRefusedError, match="expands more than 10x"):
            extractor.extract(archive.getinfo("big.bin"), tmp_path / "big")


def test_extractor_reports_a_damaged_entry(tmp_path: Path) -> None:
    data = bytearray(factory.zip_bytes({"a.bin": b"hello world" * 100}, zipfile.ZIP_STORED))
    data[40] ^= 0xFF  # inside the stored content: the CRC no longer matches
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        with pytest.raises(EntryDamagedError, match="a.bin cannot be read from the archive"):
            EntryExtractor(archive, ArchiveLimits()).extract(archive.getinfo("a.bin"), tmp_path / "a")


def test_limits_use_defaults_for_zero() -> None:
    limits = ArchiveLimits.from_proto(pb.DatasetLimits(max_entries=7))
    assert limits == ArchiveLimits(max_entries=7)
    assert ArchiveLimits().max_uncompressed_bytes == 8 * 1024**3
    assert ArchiveLimits().max_pixels_per_slice == 64 * 1024 * 1024

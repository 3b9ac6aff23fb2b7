"""ZIP safety: refuse archives that could escape, explode or hide content, and extract entries under a budget.

We never extract by the names in the archive (each entry goes to a temp file we name), so a traversal
entry could not actually escape; it is refused anyway because it means the archive was not made by
zipping a folder, and the user should know.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from medseg_ml.datasets.limits import ENTRIES_SETTING, RATIO_SETTING, UNCOMPRESSED_SETTING, ArchiveLimits

# Below this many bytes an entry cannot hurt however well it compresses; an all-background mask of a few
# hundred KiB legitimately deflates more than 200x.
RATIO_MIN_BYTES = 1024 * 1024

# One error per refused entry is plenty; a hostile archive may hold thousands.
MAX_REPORTED_ERRORS = 20

_CHUNK_BYTES = 1024 * 1024
# The end record is 22 bytes plus a comment of at most 64 KiB.
_EOCD_SEARCH_BYTES = 22 + 65535
_NESTED_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tgz", ".tar.gz", ".7z", ".rar", ".gz", ".bz2", ".xz")
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini"})
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")


class ArchiveRefusedError(Exception):
    """The whole archive is refused; `errors` say why and how to fix it."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


class EntryDamagedError(Exception):
    """One entry cannot be read back (bad CRC, unsupported compression); the message says which."""


@dataclass(frozen=True)
class ArchiveScan:
    """What the central directory says, once it passed every check.

    Attributes:
        files: file entries (folders dropped) that are not junk, in archive order.
        entry_count: every entry, folders and junk included.
        uncompressed_bytes: declared size of every entry.
    """

    files: list[zipfile.ZipInfo] = field(default_factory=list)
    entry_count: int = 0
    uncompressed_bytes: int = 0


def entry_parts(name: str) -> list[str]:
    """Path components of an entry name; some Windows tools write backslashes instead of slashes."""
    return [p for p in name.replace("\\", "/").split("/") if p]


def is_junk(name: str) -> bool:
    """Whether an entry is operating-system clutter we skip silently (__MACOSX, .DS_Store, hidden files)."""
    parts = entry_parts(name)
    return any(p.startswith(".") or p == "__MACOSX" for p in parts) or (
        bool(parts) and parts[-1].lower() in _JUNK_NAMES
    )


def open_archive(path: Path, limits: ArchiveLimits) -> zipfile.ZipFile:
    """Open `path` as a ZIP archive, after checking the entry count its end record declares.

    zipfile loads the whole central directory on open, so a hostile archive declaring millions of
    entries is refused from its last bytes first.

    Raises:
        ArchiveRefusedError: not a ZIP, a damaged central directory, or more entries than allowed.
    """
    declared = _declared_entry_count(path)
    if declared is not None and declared > limits.max_entries:
        raise ArchiveRefusedError([_too_many_entries(declared, limits.max_entries)])
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ArchiveRefusedError(
            [
                "The upload is not a ZIP archive or its central directory is damaged; "
                "zip the files again and upload the .zip file"
            ]
        ) from None


def _declared_entry_count(path: Path) -> int | None:
    """Entries per the end-of-central-directory record (ZIP64 aware), or None when there is none."""
    with path.open("rb") as f:
        size = f.seek(0, 2)
        start = max(0, size - _EOCD_SEARCH_BYTES)
        f.seek(start)
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", tail, locator + 8)[0]
        with path.open("rb") as f:
            f.seek(offset)
            record = f.read(40)
        if len(record) == 40 and record[:4] == b"PK\x06\x06":
            return struct.unpack_from("<Q", record, 32)[0]
    return count


def _too_many_entries(count: int, limit: int) -> str:
    return (
        f"The archive has {count} entries, more than the limit of {limit} ({ENTRIES_SETTING}); "
        "split the dataset into smaller archives"
    )


def scan_archive(archive: zipfile.ZipFile, limits: ArchiveLimits) -> ArchiveScan:
    """Check every entry of the central directory before anything is extracted.

    Raises:
        ArchiveRefusedError: with one error per problem found (up to MAX_REPORTED_ERRORS).
    """
    infos = archive.infolist()
    if not infos:
        raise ArchiveRefusedError(["The archive is empty; zip a folder holding images/ and masks/"])
    if len(infos) > limits.max_entries:
        raise ArchiveRefusedError([_too_many_entries(len(infos), limits.max_entries)])
    errors: list[str] = []
    for info in infos:
        errors.extend(_entry_errors(info, limits))
    declared = sum(i.file_size for i in infos)
    compressed = sum(i.compress_size for i in infos)
    if declared > limits.max_uncompressed_bytes:
        errors.append(
            f"The archive expands to {_size(declared)}, more than the limit of "
            f"{_size(limits.max_uncompressed_bytes)} ({UNCOMPRESSED_SETTING}); "
            "split the dataset into smaller archives"
        )
    elif declared > RATIO_MIN_BYTES and declared > compressed * limits.max_compression_ratio:
        errors.append(
            f"The archive expands {declared // max(compressed, 1)}x, more than the limit of "
            f"{limits.max_compression_ratio}x ({RATIO_SETTING}; a zip bomb looks like this); "
            "zip the original files again"
        )
    if errors:
        raise ArchiveRefusedError(_capped(errors))
    files = [i for i in infos if not i.is_dir() and not is_junk(i.filename)]
    return ArchiveScan(files=files, entry_count=len(infos), uncompressed_bytes=declared)


def _entry_errors(info: zipfile.ZipInfo, limits: ArchiveLimits) -> list[str]:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    errors: list[str] = []
    if ".." in parts:
        errors.append(
            f"Entry {name} escapes the archive (path traversal); remove it and zip the folder again"
        )
    elif name.startswith(("/", "\\")) or _DRIVE_LETTER.match(name):
        errors.append(f"Entry {name} has an absolute path; zip the folder so entries have relative paths")
    if stat.S_ISLNK(info.external_attr >> 16):
        errors.append(
            f"Entry {name} is a symbolic link; replace it with the file it points to and zip the folder again"
        )
    if info.flag_bits & 0x1:
        errors.append(f"Entry {name} is encrypted; zip the folder again without a password")
    lower = name.lower()
    if not is_junk(name) and lower.endswith(_NESTED_ARCHIVE_SUFFIXES) and not lower.endswith(".nii.gz"):
        errors.append(
            f"Entry {name} is an archive inside the archive; "
            "unpack it into the folder and zip the folder once"
        )
    if (
        info.file_size > RATIO_MIN_BYTES
        and info.file_size > max(info.compress_size, 1) * limits.max_compression_ratio
    ):
        errors.append(
            f"Entry {name} expands {info.file_size // max(info.compress_size, 1)}x, more than the limit of "
            f"{limits.max_compression_ratio}x ({RATIO_SETTING}; a zip bomb looks like this); "
            "remove it and zip the folder again"
        )
    return errors


class EntryExtractor:
    """Copies entries to files, counting the bytes really inflated against the archive's limits.

    Headers can lie about sizes, so the count is of bytes read, shared by every entry of one archive.
    """

    def __init__(self, archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
        self._archive = archive
        self._limits = limits
        self._total_bytes = 0

    def extract(self, info: zipfile.ZipInfo, dest: Path) -> None:
        """Write the content of `info` to `dest`.

        Raises:
            ArchiveRefusedError: the archive inflates past max_uncompressed_bytes or the ratio limit.
            EntryDamagedError: this entry cannot be read (CRC mismatch, unsupported compression).
        """
        entry_bytes = 0
        try:
            with self._archive.open(info) as src, dest.open("wb") as out:
                while chunk := src.read(_CHUNK_BYTES):
                    entry_bytes += len(chunk)
                    self._total_bytes += len(chunk)
                    self._check(info, entry_bytes)
                    out.write(chunk)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as e:
            raise EntryDamagedError(
                f"{info.filename} cannot be read from the archive ({e}); zip the folder again"
            ) from None

    def _check(self, info: zipfile.ZipInfo, entry_bytes: int) -> None:
        if self._total_bytes > self._limits.max_uncompressed_bytes:
            raise ArchiveRefusedError(
                [
                    f"The archive expands to more than {_size(self._limits.max_uncompressed_bytes)} "
                    f"({UNCOMPRESSED_SETTING}; its headers declare less); "
                    "split the dataset into smaller archives"
                ]
            )
        ratio = self._limits.max_compression_ratio
        if entry_bytes > RATIO_MIN_BYTES and entry_bytes > max(info.compress_size, 1) * ratio:
            raise ArchiveRefusedError(
                [
                    f"Entry {info.filename} expands more than {ratio}x "
                    f"({RATIO_SETTING}; a zip bomb looks like this); "
                    "remove it and zip the folder again"
                ]
            )


def _capped(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    more = len(errors) - MAX_REPORTED_ERRORS
    return [*errors[:MAX_REPORTED_ERRORS], f"... and {more} more problems like these"]


def _size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GiB"
    if n >= 1024**2:
        return f"{n / 1024**2:.1f} MiB"
    return f"{n} bytes"

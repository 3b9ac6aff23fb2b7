"""Detached voxel files in an archive: the .raw that a MetaImage header (.mhd) names as ElementDataFile.

The inspection extracts one entry at a time, so a .mhd alone would never see its voxels. The layout
reads each .mhd's header (its first HEADER_BYTES) and attaches the entry its ElementDataFile names in the
same folder; EntryFiles extracts that entry beside the .mhd, through the same EntryExtractor and so under
the archive's limits. Attached entries are not listed as files that are not read. A name with a folder,
`..`, a LIST or a pattern attaches nothing, and the decoder then says why the .mhd cannot be read.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass

from medseg_ml.io.decode import SUPPORTED_SUFFIXES, split_extension
from medseg_ml.io.itk import HEADER_BYTES, is_plain_data_file, meta_image_data_file

Entry = tuple[zipfile.ZipInfo, list[str]]

# An entry the layouts read as an image of its own is never taken as another file's voxels.
_IMAGE_SUFFIXES = SUPPORTED_SUFFIXES - {""}


@dataclass(frozen=True)
class DataFile:
    """The voxel file of a .mhd: its entry, and the name its header gives (the name the reader opens)."""

    info: zipfile.ZipInfo
    name: str


def attach_data_files(
    archive: zipfile.ZipFile, split: list[Entry]
) -> tuple[dict[str, DataFile], list[Entry]]:
    """The voxel file of each .mhd in `split` (keyed by the .mhd's entry name), and the other entries."""
    by_folder: dict[tuple[str, ...], dict[str, list[zipfile.ZipInfo]]] = {}
    for info, parts in split:
        by_folder.setdefault(tuple(parts[:-1]), {}).setdefault(parts[-1].lower(), []).append(info)
    attached: dict[str, DataFile] = {}
    for info, parts in split:
        if split_extension(parts[-1])[1] != ".mhd":
            continue
        name = _data_file_name(archive, info)
        if name is None or name.upper() == "LOCAL" or not is_plain_data_file(name):
            continue
        if split_extension(name)[1] in _IMAGE_SUFFIXES:
            continue
        candidates = by_folder.get(tuple(parts[:-1]), {}).get(name.lower(), [])
        exact = [c for c in candidates if entry_name(c) == name]
        found = exact or candidates
        if len(found) == 1:
            attached[info.filename] = DataFile(found[0], name)
    used = {id(d.info) for d in attached.values()}
    return attached, [(info, parts) for info, parts in split if id(info) not in used]


def entry_name(info: zipfile.ZipInfo) -> str:
    return info.filename.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _data_file_name(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """The ElementDataFile of a .mhd entry; None when it cannot be read (the decoder says why later)."""
    # At most HEADER_BYTES per .mhd, which the entry limit bounds; the extractor counts the rest.
    try:
        with archive.open(info) as f:
            head = f.read(HEADER_BYTES)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, RuntimeError, OSError):
        return None
    return meta_image_data_file(head.decode("latin-1"))

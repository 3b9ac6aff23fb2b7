"""Archive entries extracted to temp files for the decoders; a .mhd gets its voxel file beside it."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path

from medseg_ml.datasets.archive import EntryDamagedError, EntryExtractor
from medseg_ml.datasets.data_files import DataFile
from medseg_ml.io.decoded import DecodeError

# A .mhd and its voxel file go to a folder of their own, so the name the header gives can never
# overwrite another temp file (the archive itself, a series slice).
_PARTS_SUFFIX = ".parts"


class EntryFiles:
    def __init__(self, extractor: EntryExtractor, data_files: Mapping[str, DataFile]) -> None:
        self._extractor = extractor
        self._data_files = data_files

    def extract(self, info: zipfile.ZipInfo, dest: Path) -> Path:
        """Write `info` to `dest`, or a .mhd and its voxel file into the folder `<dest>.parts/`.

        Returns:
            The path to decode; `remove` deletes it (and its folder).

        Raises:
            DecodeError: the entry or its voxel file cannot be read from the archive.
            ArchiveRefusedError: the archive inflates past its limits.
        """
        data = self._data_files.get(info.filename)
        path = dest
        if data is not None:
            folder = dest.with_name(dest.name + _PARTS_SUFFIX)
            folder.mkdir(parents=True, exist_ok=True)
            # "header.mhd" cannot be the voxel file's name: an entry ending .mhd is never attached.
            path = folder / f"header{dest.suffix}"
        try:
            self._extractor.extract(info, path)
            if data is not None:
                self._extractor.extract(data.info, path.with_name(data.name))
        except EntryDamagedError as e:
            self.remove(path)
            raise DecodeError(str(e)) from None
        except BaseException:
            self.remove(path)
            raise
        return path

    @staticmethod
    def remove(path: Path) -> None:
        if path.parent.name.endswith(_PARTS_SUFFIX):
            shutil.rmtree(path.parent, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

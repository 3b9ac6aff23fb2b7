"""The whole inspection of one archive as a stream of responses: progress, objects, then one result.

Everything here blocks (zipfile, decoders, PNG and NIfTI encoding); the servicer runs it in a worker
thread. Closing the generator stops the work and deletes the temp files.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from medseg_ml.datasets.archive import ArchiveRefusedError, open_archive, scan_archive
from medseg_ml.datasets.dataset_builder import DatasetBuilder
from medseg_ml.datasets.download import download
from medseg_ml.datasets.layout import find_layout
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.messages import progress_message
from medseg_ml.datasets.shards import SHARD_TARGET_BYTES, ShardWriter
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb


def inspect_dataset(
    archive_url: str, archive_size_bytes: int, limits: ArchiveLimits, work_root: Path
) -> Iterator[pb.InspectDatasetResponse]:
    """Download the archive into a temp folder under `work_root`, inspect it, and always delete the folder.

    Raises:
        StorageError: the archive could not be fetched.
    """
    work_root.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix="inspect-", dir=work_root))
    try:
        archive_path = work_dir / "archive.zip"
        for done, total in download(archive_url, archive_path, archive_size_bytes):
            yield progress_message(pb.INSPECT_PHASE_DOWNLOADING, done, total)
        yield from inspect_archive(archive_path, limits, work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def inspect_archive(
    archive_path: Path,
    limits: ArchiveLimits,
    work_dir: Path,
    clock: Callable[[], float] = time.monotonic,
    shard_target_bytes: int = SHARD_TARGET_BYTES,
) -> Iterator[pb.InspectDatasetResponse]:
    """Check the ZIP at `archive_path`, find its layout and decode its cases, using `work_dir` for
    extracted entries.

    Yields:
        SCANNING then DECODING progress, objects as they are produced, and exactly one result last.
    """
    builder = DatasetBuilder(limits, work_dir, clock, ShardWriter(shard_target_bytes))
    try:
        with open_archive(archive_path, limits) as archive:
            entry_count = len(archive.infolist())
            yield progress_message(pb.INSPECT_PHASE_SCANNING, 0, entry_count)
            scan = scan_archive(archive, limits)
            builder.stats.entry_count = scan.entry_count
            builder.stats.uncompressed_bytes = scan.uncompressed_bytes
            layout = find_layout(archive, scan.files)
            if too_many := limits.pairs_error(len(layout.cases)):
                raise ArchiveRefusedError([too_many])
            yield progress_message(pb.INSPECT_PHASE_SCANNING, entry_count, entry_count)
            yield from builder.build(archive, layout)
    except ArchiveRefusedError as e:
        yield builder.result.refused(e.errors)
        return
    yield builder.result.result(layout)

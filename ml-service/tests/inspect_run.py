"""Run `inspect_archive` in-process on archive bytes and split what it streams."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from medseg_ml.datasets.inspect import inspect_archive
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.shards import SHARD_TARGET_BYTES
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb


@dataclass
class Inspection:
    progress: list[pb.InspectProgress]
    objects: dict[str, pb.DatasetObject]
    result: pb.InspectResult
    events: list[pb.InspectDatasetResponse]

    def warning_for(self, path: str) -> str:
        reasons = [w.reason for w in self.result.warnings if w.path == path]
        assert reasons, f"no warning for {path}: {list(self.result.warnings)}"
        return reasons[0]


def inspect_bytes(
    archive: bytes, limits: ArchiveLimits | None = None, shard_target_bytes: int = SHARD_TARGET_BYTES
) -> Inspection:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "archive.zip"
        path.write_bytes(archive)
        events = list(
            inspect_archive(
                path, limits or ArchiveLimits(), Path(work), shard_target_bytes=shard_target_bytes
            )
        )
    assert events[-1].HasField("result"), "the last message must be the result"
    assert sum(e.HasField("result") for e in events) == 1, "exactly one result"
    return Inspection(
        progress=[e.progress for e in events if e.HasField("progress")],
        objects={e.object.path: e.object for e in events if e.HasField("object")},
        result=events[-1].result,
        events=events,
    )

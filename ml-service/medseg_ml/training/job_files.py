"""A training job's files in the ml-service's cache dir: its epoch checkpoint, then its finished model.

    <cache_dir>/jobs/<job_id>/checkpoint.pt       after every epoch, to resume after a restart
                             best.safetensors     the finished model, written before any upload
                             last.safetensors
                             model.json
                             completed.binpb      TrainingCompleted; written last, so it means "all here"

The folder goes once the model is stored, or when the job ends in a way a resume cannot help
(cancelled before its first epoch, failed); it stays after SERVICE_STOPPED (StartTrainingJob(resume)
continues from the checkpoint) and after an upload that failed (RetryTrainingUpload sends the files).
Every file is written to a temp name and renamed, so a kill mid-write never leaves half a file. A
folder nobody resumed or retried for KEEP_S is swept at start-up.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.training.artifacts import CARD_CONTENT_TYPE, WEIGHTS_CONTENT_TYPE, Artifact, upload
from medseg_ml.training.job_spec import ArtifactUrls
from medseg_ml.training.records import Checkpoint, EpochRecord

logger = logging.getLogger(__name__)

CHECKPOINT_FILE = "checkpoint.pt"
BEST_FILE = "best.safetensors"
LAST_FILE = "last.safetensors"
CARD_FILE = "model.json"
COMPLETED_FILE = "completed.binpb"
# Longer than any gateway outage worth waiting for; a checkpoint is written every epoch, so a folder's
# mtime says when its job last did anything.
KEEP_S = 14 * 24 * 3600


@dataclass(frozen=True)
class SavedCheckpoint:
    checkpoint: Checkpoint
    # When the job was first queued and first started (Unix ms), for the card.
    created_ms: int
    started_ms: int


class JobFiles:
    """The folder of one training job under `root` (cache_dir/jobs)."""

    def __init__(self, root: Path, job_id: str) -> None:
        self.dir = root / job_id

    def save_checkpoint(
        self, checkpoint: Checkpoint, fingerprint: str, created_ms: int, started_ms: int
    ) -> None:
        state = {
            "fingerprint": fingerprint,
            "created_ms": created_ms,
            "started_ms": started_ms,
            **{k: v for k, v in vars(checkpoint).items() if k != "history"},
            "history": [asdict(r) for r in checkpoint.history],
        }
        self._write(CHECKPOINT_FILE, lambda file: torch.save(state, file))

    def load_checkpoint(self, fingerprint: str) -> SavedCheckpoint | None:
        """The checkpoint of this job, or None when there is none that fits the request."""
        path = self.dir / CHECKPOINT_FILE
        if not path.exists():
            return None
        try:
            state: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as e:  # a checkpoint from another torch version, or a damaged disk
            logger.warning("training checkpoint unreadable; starting over", extra={"reason": str(e)})
            return None
        if state.pop("fingerprint", None) != fingerprint:
            logger.warning(
                "training checkpoint is of another request (dataset or hyper-parameters); starting over"
            )
            return None
        created_ms, started_ms = state.pop("created_ms"), state.pop("started_ms")
        history = [EpochRecord(**r) for r in state.pop("history")]
        return SavedCheckpoint(Checkpoint(**state, history=history), created_ms, started_ms)

    def write_artifacts(
        self, best: Artifact, last: Artifact, card_json: str, completed: pb.TrainingCompleted
    ) -> None:
        """Keep the finished model on disk; the checkpoint is no longer needed once it is."""
        self._write(BEST_FILE, lambda file: file.write(best.data))
        self._write(LAST_FILE, lambda file: file.write(last.data))
        self._write(CARD_FILE, lambda file: file.write(card_json.encode()))
        self._write(COMPLETED_FILE, lambda file: file.write(completed.SerializeToString()))
        (self.dir / CHECKPOINT_FILE).unlink(missing_ok=True)

    def completed(self) -> pb.TrainingCompleted | None:
        """What the finished model's completed event says, when all its files are kept here."""
        path = self.dir / COMPLETED_FILE
        if not path.exists():
            return None
        return pb.TrainingCompleted.FromString(path.read_bytes())

    def upload(self, targets: ArtifactUrls) -> pb.TrainingCompleted:
        """Upload the kept model (the card last: a card in storage means both weight files are there),
        then remove the folder.

        Raises:
            FileNotFoundError: no finished model is kept for this job.
            StorageError: storage refused or cannot be reached, after retries; the files stay.
        """
        completed = self.completed()
        if completed is None:
            raise FileNotFoundError(self.dir / COMPLETED_FILE)
        upload(targets.best_weights, self.dir / BEST_FILE, WEIGHTS_CONTENT_TYPE, "the best weights")
        upload(targets.last_weights, self.dir / LAST_FILE, WEIGHTS_CONTENT_TYPE, "the last weights")
        upload(targets.card, self.dir / CARD_FILE, CARD_CONTENT_TYPE, "the model card")
        self.remove()
        return completed

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def _write(self, name: str, write: Any) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", dir=self.dir)
        try:
            with os.fdopen(fd, "wb") as file:
                write(file)
            os.replace(temp, self.dir / name)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def sweep_job_folders(root: Path, keep_s: float = KEEP_S) -> list[str]:
    """Remove the folders of jobs untouched for `keep_s`; returns their job ids."""
    if not root.is_dir():
        return []
    cutoff = time.time() - keep_s
    stale = [folder for folder in root.iterdir() if folder.is_dir() and folder.stat().st_mtime < cutoff]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    if stale:
        logger.info("removed stale training job folders", extra={"job_ids": [f.name for f in stale]})
    return [f.name for f in stale]

"""The models this ml-service loaded last, remembered beside their weights so a restart loads them again.

`<weights dir>/recent.json` holds, most recent first, each model's id, card JSON and weights sha256:
everything but the presigned URL, which a preload does not need since the weights file is on local
disk under its sha256 (WeightsStore). The file is only a hint: a missing, unreadable or stale entry
is skipped, never an error, and the weights still go through the strict loader.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecentModel:
    model_id: str
    card_json: str
    weights_sha256: str


class RecentModels:
    """`path` (recent.json) with at most `limit` entries; thread-safe (loads run on worker threads).

    Args:
        path: the JSON file, in the weights cache dir.
        limit: models remembered (MEDSEG_ML_PRELOAD_MODELS); 0 remembers none.
    """

    def __init__(self, path: Path, limit: int) -> None:
        self._path = path
        self._limit = limit
        self._lock = threading.Lock()

    def entries(self) -> list[RecentModel]:
        """The remembered models, most recent first; [] when the file is missing or unreadable."""
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as e:
            logger.warning("recent models unreadable", extra={"path": str(self._path), "error": str(e)})
            return []
        out: list[RecentModel] = []
        for item in raw if isinstance(raw, list) else []:
            try:
                fields = (item["model_id"], item["card_json"], item["weights_sha256"])
                entry = RecentModel(*(str(f) for f in fields))
            except (KeyError, TypeError):
                continue
            if entry.model_id and entry.card_json and entry.weights_sha256:
                out.append(entry)
        return out[: self._limit]

    def remember(self, entry: RecentModel) -> None:
        """Put `entry` first (replacing an older one of the same model) and write the file atomically."""
        if self._limit <= 0:
            return
        with self._lock:
            kept = [e for e in self.entries() if e.model_id != entry.model_id]
            entries = [entry, *kept][: self._limit]
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".recent-", suffix=".json", dir=self._path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump([asdict(e) for e in entries], out)
                os.replace(temp, self._path)
            finally:
                Path(temp).unlink(missing_ok=True)

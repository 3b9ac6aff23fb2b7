"""The finished model's files: weights as safetensors (never pickle), uploaded through presigned PUT URLs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import save

from medseg_ml import http

WEIGHTS_CONTENT_TYPE = "application/octet-stream"
CARD_CONTENT_TYPE = "application/json"


@dataclass(frozen=True)
class Artifact:
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)

    @classmethod
    def of(cls, data: bytes) -> Artifact:
        return cls(data, hashlib.sha256(data).hexdigest())


def weights_artifact(state: dict[str, torch.Tensor], metadata: dict[str, str]) -> Artifact:
    """Serialize a state dict (CPU tensors) with string metadata into safetensors bytes."""
    return Artifact.of(save({k: v.contiguous() for k, v in state.items()}, metadata=metadata))


def upload(url: str, artifact: Artifact | Path, content_type: str, what: str) -> None:
    """HTTP PUT an artifact (in memory, or a file) to a presigned URL, retrying storage hiccups.

    Args:
        what: names the artifact in errors, e.g. "the best weights".

    Raises:
        StorageError: storage refused the upload or cannot be reached, after retries.
    """
    http.put(url, artifact if isinstance(artifact, Path) else artifact.data, content_type, what)

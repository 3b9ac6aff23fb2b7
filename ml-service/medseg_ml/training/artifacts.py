"""The finished model's files: weights as safetensors (never pickle), uploaded through presigned PUT URLs."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass

import torch
from safetensors.torch import save

UPLOAD_TIMEOUT_S = 120
WEIGHTS_CONTENT_TYPE = "application/octet-stream"
CARD_CONTENT_TYPE = "application/json"


class ArtifactUploadError(Exception):
    """An artifact could not be stored; the message names it but never repeats the signed URL."""


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


def upload(url: str, artifact: Artifact, content_type: str, what: str) -> None:
    """HTTP PUT `artifact` to a presigned URL.

    Args:
        what: names the artifact in errors, e.g. "best weights".

    Raises:
        ArtifactUploadError: storage refused the upload or cannot be reached.
    """
    request = urllib.request.Request(
        url,
        data=artifact.data,
        method="PUT",
        headers={"Content-Type": content_type, "Content-Length": str(artifact.size)},
    )
    try:
        with urllib.request.urlopen(request, timeout=UPLOAD_TIMEOUT_S) as response:
            response.read()
    except urllib.error.HTTPError as e:
        raise ArtifactUploadError(
            f"Storage answered HTTP {e.code} {e.reason} to the upload of the {what}"
        ) from None
    except urllib.error.URLError as e:
        raise ArtifactUploadError(f"Storage cannot be reached to upload the {what}: {e.reason}") from None
    except (OSError, ValueError) as e:
        raise ArtifactUploadError(f"Uploading the {what} failed: {e}") from None
